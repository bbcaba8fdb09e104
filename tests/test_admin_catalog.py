"""Catalog editing in the dashboard: stock, price, add and edit a product; recorded with who
made it; the bot uses it from its next message."""

from __future__ import annotations

import json

from bot import store
from tests.conftest import ADMIN_TOKEN
from tests.test_admin import Admin

PAGE = "/admin/coops/tifawin"


def _login(live, name="Khadija") -> Admin:
    a = Admin(live.base_url)
    csrf = a.csrf("/admin/login")
    a.http.post(live.base_url + "/admin/login", timeout=10,
                data={"token": ADMIN_TOKEN, "operator": name, "csrf_token": csrf})
    return a


def _product(db, sku):
    coop = store.get_coop_by_slug(db, "tifawin")
    return store.get_product(db, coop["id"], sku)


def test_price_and_stock_changes_reach_the_bot_at_its_next_message(live, db, twilio):
    a = _login(live)
    assert "120" in twilio.say("bch7al 3sel zaatar", phone="+212600000001")
    resp = a.post(f"{PAGE}/products/MIEL-THYM-500/price", {"price": "135,5"}, form_page=PAGE)
    assert resp.status_code == 302
    assert _product(db, "MIEL-THYM-500")["price"] == 135.5
    reply = twilio.say("bch7al 3sel zaatar", phone="+212600000002")
    assert "135" in reply and "120" not in reply
    row = store.audit_log(db, limit=1)[0]
    assert (row["actor"], row["action"], row["target"]) == ("admin:Khadija", "product.price",
                                                           "MIEL-THYM-500")
    detail = json.loads(row["detail"])
    assert detail["from"] == 120 and detail["to"] == 135.5 and detail["ip"] == "127.0.0.1"

    resp = a.post(f"{PAGE}/products/MIEL-THYM-500/stock", {"in_stock": "0"}, form_page=PAGE)
    assert resp.status_code == 302 and _product(db, "MIEL-THYM-500")["in_stock"] == 0
    page = a.get(PAGE).text
    assert "sold out" in page
    reply = twilio.say("bghit 3sel zaatar", phone="+212600000003")
    assert "135" not in reply                           # no longer offered at a price
    assert store.audit_log(db, limit=1)[0]["action"] == "product.stock"
    a.post(f"{PAGE}/products/MIEL-THYM-500/stock", {"in_stock": "1"}, form_page=PAGE)
    assert _product(db, "MIEL-THYM-500")["in_stock"] == 1


def test_bad_edits_get_a_clear_4xx(live, db):
    a = _login(live)
    for price in ("abc", "-1", "1e12", "nan", ""):
        resp = a.post(f"{PAGE}/products/MIEL-THYM-500/price", {"price": price}, form_page=PAGE)
        assert resp.status_code == 400, price
        assert "price" in resp.text
    assert _product(db, "MIEL-THYM-500")["price"] == 120
    assert a.post(f"{PAGE}/products/NOPE/price", {"price": "10"}, form_page=PAGE
                  ).status_code == 404
    assert a.post(f"{PAGE}/products/MIEL-THYM-500/stock", {"in_stock": "maybe"},
                  form_page=PAGE).status_code == 400
    assert a.post("/admin/coops/nope/products/X/stock", {"in_stock": "1"}, form_page=PAGE
                  ).status_code == 404
    resp = a.http.post(a.base + f"{PAGE}/products/MIEL-THYM-500/price", data={"price": "1"},
                       timeout=10)
    assert resp.status_code == 400 and _product(db, "MIEL-THYM-500")["price"] == 120


def test_add_and_edit_a_product(live, db, twilio):
    a = _login(live, "Said")
    form = f"{PAGE}/products/new"
    assert 'id="product-form"' in a.get(form).text
    new = {"sku": "ZAATAR-100", "name": "Zaatar séché 100g", "price": "25", "unit": "g",
           "size": "100", "aliases": "zaatar | زعتر", "in_stock": "1"}
    resp = a.post(form, new, form_page=form)
    assert resp.status_code == 302
    product = _product(db, "ZAATAR-100")
    assert product["price"] == 25 and product["aliases"] == ["zaatar", "زعتر"]
    assert "25" in twilio.say("bch7al zaatar", phone="+212600000004")
    # The same sku again, a bad unit, a bad sku: 400 with the form and its errors.
    resp = a.post(form, new, form_page=form)
    assert resp.status_code == 400 and "ZAATAR-100" in resp.text and "product-errors" in resp.text
    resp = a.post(form, {**new, "sku": "OTHER", "unit": "barrel"}, form_page=form)
    assert resp.status_code == 400 and "unit" in resp.text
    assert a.post(form, {**new, "sku": "bad sku!"}, form_page=form).status_code == 400
    # Edit: the name and stock change, the sku stays.
    edit = f"{PAGE}/products/ZAATAR-100/edit"
    assert "Zaatar séché 100g" in a.get(edit).text
    resp = a.post(edit, {**new, "sku": "HACKED", "name": "Zaatar du Souss 100g", "price": "27"},
                  form_page=edit)
    assert resp.status_code == 302
    product = _product(db, "ZAATAR-100")
    assert product["name"] == "Zaatar du Souss 100g" and product["price"] == 27
    assert _product(db, "HACKED") is None
    row = store.audit_log(db, limit=1)[0]
    assert row["actor"] == "admin:Said" and row["action"] == "product.edit"
    assert json.loads(row["detail"])["name"] == ["Zaatar séché 100g", "Zaatar du Souss 100g"]
    assert a.get(f"{PAGE}/products/NOPE/edit").status_code == 404


def test_a_tampered_import_payload_is_refused_not_a_500(live, db):
    """The preview's hidden payload comes back from the browser: anything there (not ASCII,
    not base64, not UTF-8, not a catalog) is refused with the page's message."""
    a = _login(live)
    before = [p["sku"] for p in store.list_products(db, 1)]
    for payload in ("\u202e", "é", "not base64!", "//79", "", "bm90LGEsY2F0YWxvZwo="):
        resp = a.post(f"{PAGE}/catalog/import", {"payload": payload}, form_page=PAGE)
        assert resp.status_code == 302 and resp.headers["Location"].endswith(PAGE), payload
    assert [p["sku"] for p in store.list_products(db, 1)] == before
