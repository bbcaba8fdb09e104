"""The dashboard in French (default), Arabic (right to left) and English; Morocco's time;
who made a change."""

from __future__ import annotations

import json
import re
import string
from datetime import UTC, datetime
from pathlib import Path

import yaml

from bot import store
from tests.conftest import ROOT
from tests.test_admin import Admin, make_order

LOCALES = ROOT / "locales" / "admin"
LANGS = ("fr", "ar", "en")


def _texts(lang: str) -> dict:
    return yaml.safe_load((LOCALES / f"{lang}.yml").read_text(encoding="utf-8"))


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(str(text)) if name}


def test_every_language_has_every_text_with_the_same_placeholders():
    fr = _texts("fr")
    for lang in LANGS:
        texts = _texts(lang)
        assert set(texts) == set(fr), lang
        for key, text in texts.items():
            assert text, (lang, key)
            # A count text may say "one" in words instead of {n}.
            assert _fields(text) <= _fields(fr[key]) | {"n"}, (lang, key)
            if not key.endswith("_one"):
                assert _fields(text) == _fields(fr[key]), (lang, key)


def test_every_text_the_code_asks_for_exists():
    fr = _texts("fr")
    web = ROOT / "bot" / "web"
    sources = [*(web / "templates" / "admin").glob("*.html"), *(web / "admin").glob("*.py")]
    used = set()
    for path in sources:
        used |= set(re.findall(r"\btn?\(\s*[\"']([a-z0-9_]+)[\"']\s*[,)]",
                               Path(path).read_text()))
    assert used, "no texts found"
    missing = sorted(k for k in used if k not in fr)
    assert not missing, missing
    from bot.coops import CHANNELS, LANGUAGES
    from bot.statuses import ORDER_STATUSES
    dynamic = [f"status_{s}" for s in ORDER_STATUSES] + [f"channel_{c}" for c in CHANNELS] \
        + [f"member_lang_{lang.replace('-', '_')}" for lang in LANGUAGES]
    assert not [k for k in dynamic if k not in fr]


def test_french_by_default_arabic_right_to_left_and_remembered(live):
    a = Admin(live.base_url, lang=None)
    page = a.get("/admin/login").text
    assert '<html lang="fr" dir="ltr">' in page and "Jeton d&#39;administration" in page
    assert a.login().status_code == 302
    assert "Commandes" in a.get("/admin/").text
    # Switching needs the form's CSRF token; an unknown language is a 400.
    resp = a.http.post(live.base_url + "/admin/lang", data={"lang": "ar"}, timeout=10,
                       allow_redirects=False)
    assert resp.status_code == 400
    assert a.post("/admin/lang", {"lang": "xx"}).status_code == 400
    resp = a.post("/admin/lang", {"lang": "ar", "next": "/admin/coops"})
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/admin/coops")
    assert "Max-Age" in resp.headers["Set-Cookie"] and "HttpOnly" in resp.headers["Set-Cookie"]
    page = a.get("/admin/coops").text
    assert '<html lang="ar" dir="rtl">' in page and "التعاونيات" in page
    # An outside "next" is never followed.
    resp = a.post("/admin/lang", {"lang": "ar", "next": "https://evil.example/"})
    assert resp.headers["Location"].endswith("/admin/")
    # Remembered across logout and the next login on this browser.
    a.post("/admin/logout")
    assert '<html lang="ar" dir="rtl">' in a.get("/admin/login").text
    a.login()
    assert "الطلبات" in a.get("/admin/").text
    a.post("/admin/lang", {"lang": "en"})
    assert '<html lang="en" dir="ltr">' in a.get("/admin/").text


def test_statuses_and_flashes_are_translated(live, db):
    order = make_order(db)
    a = Admin(live.base_url, lang="fr")
    a.login()
    resp = a.post(f"/admin/orders/{order['id']}/status", {"status": "out_for_delivery"})
    assert resp.status_code == 302
    page = a.get(f"/admin/orders/{order['id']}").text
    assert "confirmée → en livraison" in page
    a.post("/admin/lang", {"lang": "ar"})
    page = a.get(f"/admin/orders/{order['id']}").text
    assert "خرج للتوصيل" in page


def test_times_are_morocco_time_in_pages_filters_and_the_chart(live, app, db):
    # 23:30 UTC on 29 November is 00:30 on the 30th in Morocco (UTC+1)…
    late = make_order(db, name="Late Night", created_at="2026-11-29T23:30:00.000+00:00")
    # …and during Ramadan (UTC+0 in 2026 from 15 February to 22 March) the same hour stays.
    ramadan = make_order(db, name="Ramadan Night", created_at="2026-03-01T23:30:00.000+00:00")
    app.config["ADMIN_CLOCK"] = lambda: datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
    a = Admin(live.base_url)
    a.login()
    assert "2026-11-30 00:30" in a.get(f"/admin/orders/{late['id']}").text
    assert "2026-03-01 23:30" in a.get(f"/admin/orders/{ramadan['id']}").text
    listed = a.get("/admin/", params={"from": "2026-11-30", "to": "2026-11-30"}).text
    assert late["number"] in listed and ramadan["number"] not in listed
    listed = a.get("/admin/", params={"from": "2026-11-29", "to": "2026-11-29"}).text
    assert late["number"] not in listed
    # The chart's last bar is the Moroccan today (30/11) and holds the late order.
    page = a.get("/admin/").text
    assert "2026-11-30: 1 order" in page and "2026-11-29: 0 orders" in page


def test_the_operator_name_and_address_are_recorded(live, db):
    order = make_order(db)
    a = Admin(live.base_url)
    csrf = a.csrf("/admin/login")
    a.http.post(live.base_url + "/admin/login", timeout=10, data={
        "token": "admin-secret-0123456789", "operator": "Khadija\x00 B.", "csrf_token": csrf})
    page = a.get("/admin/").text
    assert "Khadija B." in page
    a.post(f"/admin/orders/{order['id']}/status", {"status": "delivered"})
    assert store.order_events(db, order["id"])[-1]["actor"] == "admin:Khadija B."
    row = store.audit_log(db, order["coop_id"], limit=1)[0]
    assert row["actor"] == "admin:Khadija B." and row["action"] == "order.status"
    assert json.loads(row["detail"])["ip"] == "127.0.0.1"
    # Too long a name is cut, never refused.
    b = Admin(live.base_url)
    csrf = b.csrf("/admin/login")
    resp = b.http.post(live.base_url + "/admin/login", timeout=10, allow_redirects=False,
                       data={"token": "admin-secret-0123456789", "operator": "x" * 500,
                             "csrf_token": csrf})
    assert resp.status_code == 302


def test_amounts_and_the_outbox_are_in_the_operators_language(live, db):
    order = make_order(db)
    store.enqueue(db, "message.member", {"text": "x"}, dedupe_key="test:outbox:1")
    a = Admin(live.base_url, lang="ar")
    a.login()
    page = a.get("/admin/").text
    assert "درهم" in page and " DH<" not in page
    assert "في الانتظار" in page and " pending" not in page
    page = a.get(f"/admin/orders/{order['id']}").text
    assert "درهم" in page
    a.post("/admin/lang", {"lang": "fr"})
    page = a.get("/admin/").text
    assert "en attente" in page and "DH" in page
