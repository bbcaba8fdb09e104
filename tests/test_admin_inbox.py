"""The operators' team inbox (issue 18), over real HTTP against the live app: the list and its
filters, the badge on every page, a conversation with its media and cart, replies through
the members' relay path, take / release / end, and what is refused."""

from __future__ import annotations

import io
import itertools
import re
import shutil
import wave
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask, Response

from bot import store
from bot.cli import import_coop
from tests.conftest import ADMIN_TOKEN, DEMO
from tests.fakes import LocalServer
from tests.test_admin import Admin

COOP = "tifawin"
MEDIA_PATH = "/2010-04-01/Accounts/AC0/Messages/MM1/Media/ME1"


def wav_bytes(seconds: float = 7.0, rate: int = 8000) -> bytes:
    """A short silent WAV (what a browser's ``<audio>`` can play)."""
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"\x00\x00" * int(seconds * rate))
    return out.getvalue()


class MediaServer(LocalServer):
    """Twilio's media host, locally: the voice note and the picture, behind Basic auth."""

    def __init__(self):
        app = Flask("fake-twilio-media")
        self.requests: list[str] = []

        @app.get(MEDIA_PATH)
        def audio():
            from flask import request
            self.requests.append(request.authorization.username if request.authorization
                                 else "")
            return Response(wav_bytes(), mimetype="audio/wav")

        @app.get("/missing")
        def missing():
            return Response("gone", status=404)

        super().__init__(app)


@pytest.fixture
def clock(app):
    """The dashboard's time, fixed at the real now (messages are stored at the real time)."""
    at = datetime.now(UTC).replace(microsecond=0)
    app.config["ADMIN_CLOCK"] = lambda: at
    return at


def waiting_customer(db, at: datetime, *, phone: str, name: str, minutes: int,
                     media_base: str = "https://api.twilio.com", audio: bool = True,
                     cart: list[dict] | None = None, resume: str = "confirm",
                     coop_slug: str = COOP) -> dict:
    """A customer who asked for a person ``minutes`` ago at ``coop_slug`` (cart kept, at the
    ``resume`` step), then sent a voice note: the handoff row."""
    coop = store.get_coop_by_slug(db, coop_slug)
    with store.transaction(db):
        customer = store.get_or_create_customer(db, phone)
        store.update_customer(db, customer["id"], name=name)
        conv = store.get_or_create_conversation(db, coop["id"], customer["id"])
        data = {"cart": cart if cart is not None else [{"sku": "MIEL-THYM-1KG", "qty": 2}],
                "resume_state": resume, "details": {"name": name, "city": "Casablanca"}}
        store.save_conversation(db, conv["id"], state="handoff", data=data, lang="ary-Latn",
                                channel="whatsapp",
                                handoff_until=(at + timedelta(hours=2)).isoformat())
        wa = f"whatsapp:{phone}"
        coop_wa = f"whatsapp:{coop['whatsapp_from']}"
        store.record_inbound(db, sid=f"SM{phone[-6:]}1", idempotency_key=None,
                             coop_id=coop["id"], conversation_id=conv["id"], from_addr=wa,
                             to_addr=coop_wa, body="bghit nhder m3a chi wahed", media=None)
        store.record_replies(db, coop_id=coop["id"], conversation_id=conv["id"],
                             from_addr=coop_wa, to_addr=wa,
                             bodies=["Chi wahed ghadi ijawbek hna daba."])
        if audio:
            store.record_inbound(db, sid=f"SM{phone[-6:]}2", idempotency_key=None,
                                 coop_id=coop["id"], conversation_id=conv["id"], from_addr=wa,
                                 to_addr=coop_wa, body="",
                                 media=[{"url": media_base + MEDIA_PATH, "type": "audio/wav"}])
        handoff = store.open_handoff(db, coop_id=coop["id"], conversation_id=conv["id"],
                                     customer_id=customer["id"], reason="asked",
                                     until=at + timedelta(hours=2),
                                     now=at - timedelta(minutes=minutes))
    return handoff


def customer_jobs(db) -> list[dict]:
    return [j for j in store.list_jobs(db, limit=500) if j["kind"] == "message.customer"]


@pytest.fixture
def admin(live):
    a = Admin(live.base_url)
    assert a.post("/admin/login", {"token": ADMIN_TOKEN, "operator": "Salma"},
                  form_page="/admin/login").status_code == 302
    return a


def rows_of(html: str) -> list[tuple[str, str]]:
    """The list's rows: (handoff id, status), in order."""
    return re.findall(r'<tr data-handoff="(\d+)" data-status="(\w+)">', html)


def test_the_list_oldest_waiting_first_with_filters_and_the_badge(admin, db, clock):
    old = waiting_customer(db, clock, phone="+212612000001", name="Khadija", minutes=14,
                           audio=False)
    new = waiting_customer(db, clock, phone="+212612000002", name="Omar", minutes=3)
    held = waiting_customer(db, clock, phone="+212612000003", name="Amina", minutes=30)
    youssef = next(m for m in store.list_members(db, old["coop_id"]) if m["name"] == "Youssef")
    with store.transaction(db):
        assert store.take_handoff(db, held["id"], member_id=youssef["id"], now=clock)
    page = admin.get("/admin/inbox")
    assert page.status_code == 200
    # Waiting or taken by default: the one waiting longest first, then the taken one.
    assert rows_of(page.text) == [(str(old["id"]), "waiting"), (str(new["id"]), "waiting"),
                                  (str(held["id"]), "taken")]
    assert "Khadija" in page.text and "Youssef" in page.text and "14 min" in page.text
    assert "bghit nhder m3a chi wahed" in page.text
    # The last message of one who sent a voice note says so.
    hid = new["id"]
    last = re.search(rf'data-handoff="{hid}".*?class="c-last" dir="auto">([^<]*)<', page.text,
                     re.S)
    assert last and last.group(1) == "Voice note"
    waiting = admin.get("/admin/inbox?show=waiting").text
    assert [r[0] for r in rows_of(waiting)] == [str(old["id"]), str(new["id"])]
    taken = admin.get("/admin/inbox?show=taken").text
    assert rows_of(taken) == [(str(held["id"]), "taken")]
    # The badge is on every dashboard page: two waiting, the oldest for 14 minutes.
    for path in ("/admin/", "/admin/inbox", "/admin/coops", "/admin/money",
                 f"/admin/inbox/{old['id']}"):
        html = admin.get(path).text
        assert re.search(r'id="inbox-badge"[^>]*>2 · 14 min<', html), path


def test_the_cooperative_filter(admin, db, clock, tmp_path):
    # A second cooperative, from the demo's files with another slug, name and numbers.
    folder = tmp_path / "atlas"
    folder.mkdir()
    (folder / "coop.yml").write_text(
        DEMO.read_text(encoding="utf-8").replace("slug: tifawin", "slug: atlas")
        .replace("Coopérative Tifawin", "Coopérative Atlas")
        .replace('"+14155238886"', '"+14155230000"').replace('"+15005550006"', '"+15005550000"'),
        encoding="utf-8")
    shutil.copy(DEMO.parent / "catalog.csv", folder / "catalog.csv")
    import_coop(db, folder / "coop.yml")
    a = waiting_customer(db, clock, phone="+212612000011", name="Hajar", minutes=5)
    b = waiting_customer(db, clock, phone="+212612000012", name="Rachid", minutes=6,
                         coop_slug="atlas")
    assert {r[0] for r in rows_of(admin.get("/admin/inbox").text)} == {str(a["id"]), str(b["id"])}
    only = admin.get("/admin/inbox?coop=atlas").text
    assert [r[0] for r in rows_of(only)] == [str(b["id"])] and "Coopérative Atlas" in only
    assert admin.get("/admin/inbox?coop=nowhere").status_code == 400
    assert admin.get("/admin/inbox?show=everything").status_code == 400


def test_no_badge_when_nobody_waits_and_an_empty_list(admin, db, clock):
    page = admin.get("/admin/inbox").text
    assert 'id="inbox-badge"' not in page and 'id="inbox-empty"' in page
    assert 'id="inbox-badge"' not in admin.get("/admin/").text


def test_the_conversation_page_shows_authors_media_and_the_cart(admin, db, clock):
    handoff = waiting_customer(db, clock, phone="+212612000021", name="Khadija", minutes=14)
    page = admin.get(f"/admin/inbox/{handoff['id']}")
    assert page.status_code == 200
    html = page.text
    authors = re.findall(r'data-author="(\w+)"', html)
    assert authors == ["customer", "bot", "customer"]
    audio = re.search(r'<audio controls preload="metadata" src="([^"]+)"', html)
    assert audio and audio.group(1).startswith(f"/admin/inbox/{handoff['id']}/media/")
    # The cart with its total, and the step the customer was at.
    assert 'data-sku="MIEL-THYM-1KG"' in html and "confirming the order" in html
    product = store.get_product(db, handoff["coop_id"], "MIEL-THYM-1KG")
    assert f"{product['price'] * 2:g}" in html.replace("\u202f", "").replace(",", "")
    assert 'id="reply-form"' in html and 'id="take-button"' in html
    assert admin.get("/admin/inbox/999999").status_code == 404
    assert admin.get(f"/admin/inbox/{handoff['id']}/media/1/0").status_code == 404


def test_voice_notes_are_fetched_from_twilio_with_the_accounts_credentials(admin, db, clock,
                                                                           app):
    with MediaServer() as media:
        app.config.update(TWILIO_API_BASE_URL=media.base_url, TWILIO_ACCOUNT_SID="AC0")
        handoff = waiting_customer(db, clock, phone="+212612000031", name="Khadija",
                                   minutes=2, media_base=media.base_url)
        html = admin.get(f"/admin/inbox/{handoff['id']}").text
        src = re.search(r'<audio controls preload="metadata" src="([^"]+)"', html).group(1)
        resp = admin.get(src)
        assert resp.status_code == 200 and resp.headers["Content-Type"] == "audio/wav"
        assert resp.content.startswith(b"RIFF") and media.requests == ["AC0"]
        # Only a media of this conversation, and only from Twilio's host.
        conv = handoff["conversation_id"]
        with store.transaction(db):
            bad = store.record_inbound(
                db, sid="SMevil", idempotency_key=None, coop_id=handoff["coop_id"],
                conversation_id=conv, from_addr="whatsapp:+212612000031", to_addr="x",
                body="", media=[{"url": "http://169.254.169.254/latest", "type": "audio/ogg"}])
        assert admin.get(f"/admin/inbox/{handoff['id']}/media/{bad}/0").status_code == 404
        assert admin.get(f"/admin/inbox/{handoff['id']}/media/{bad}/1").status_code == 404
        assert len(media.requests) == 1


def test_a_reply_goes_through_the_relay_with_the_coops_name(admin, db, clock):
    handoff = waiting_customer(db, clock, phone="+212612000041", name="Khadija", minutes=14)
    page = f"/admin/inbox/{handoff['id']}"
    resp = admin.post(f"{page}/reply", {"text": "Salam Khadija, l3sel kayn."}, form_page=page)
    assert resp.status_code == 302 and resp.headers["Location"].endswith(page)
    # Replying to a waiting customer takes the conversation.
    row = store.get_handoff(db, handoff["id"])
    assert row["status"] == "taken" and row["operator"] == "Salma"
    [job] = customer_jobs(db)
    payload = job["payload"]
    assert payload["to"] == "whatsapp:+212612000041"
    assert payload["from"] == "whatsapp:+14155238886"
    assert payload["body"] == "Coopérative Tifawin: Salam Khadija, l3sel kayn."
    assert payload["author"] == "operator:Salma"
    html = admin.get(page).text
    assert "Reply sent to the customer." in html
    assert 'id="inbox-badge"' not in html            # nobody waits any more
    # In the transcript with the operator as its author (the worker stores what it sends).
    with store.transaction(db):
        store.record_outbound(db, coop_id=handoff["coop_id"],
                              conversation_id=handoff["conversation_id"],
                              from_addr=payload["from"], to_addr=payload["to"],
                              body=payload["body"], sid="SMreply", author=payload["author"])
    html = admin.get(page).text
    assert re.findall(r'data-author="(\w+)"', html)[-1] == "operator"
    assert "Salma (operator)" in html
    # The audit trail has it.
    assert any(r["action"] == "inbox.reply" for r in store.audit_log(db, handoff["coop_id"]))


def test_empty_and_over_long_replies_are_refused_clearly(admin, db, clock):
    handoff = waiting_customer(db, clock, phone="+212612000051", name="Khadija", minutes=1)
    page = f"/admin/inbox/{handoff['id']}"
    resp = admin.post(f"{page}/reply", {"text": "   "}, form_page=page)
    assert resp.status_code == 400 and "Write a reply before sending." in resp.text
    long = "a" * 1001
    resp = admin.post(f"{page}/reply", {"text": long}, form_page=page)
    assert resp.status_code == 400 and "1001 characters long: 1000 at most" in resp.text
    assert long in resp.text                        # the draft is kept
    assert customer_jobs(db) == []
    assert store.get_handoff(db, handoff["id"])["status"] == "waiting"


def test_take_release_and_end(admin, db, clock):
    handoff = waiting_customer(db, clock, phone="+212612000061", name="Khadija", minutes=1)
    page = f"/admin/inbox/{handoff['id']}"
    assert admin.post(f"{page}/take", form_page=page).status_code == 302
    row = store.get_handoff(db, handoff["id"])
    assert row["status"] == "taken" and row["operator"] == "Salma"
    html = admin.get(page).text
    assert "You are answering this customer." in html and "Salma (operator)" in html
    # The other members are told who took it.
    told = [j for j in store.list_jobs(db, limit=500) if j["kind"] == "message.member"
            and "Salma" in (j["payload"].get("text") or "")]
    assert len(told) == 2
    assert admin.post(f"{page}/release", form_page=page).status_code == 302
    assert store.get_handoff(db, handoff["id"])["status"] == "waiting"
    assert admin.post(f"{page}/release", form_page=page).status_code == 302
    assert "Nobody holds this conversation." in admin.get(page).text
    # A member (Fatima) holds it: the operator cannot take it from her, but may add a word,
    # and it stays hers.
    fatima = next(m for m in store.list_members(db, handoff["coop_id"]) if m["name"] == "Fatima")
    with store.transaction(db):
        assert store.take_handoff(db, handoff["id"], member_id=fatima["id"], now=clock)
    admin.post(f"{page}/take", form_page=page)
    html = admin.get(page).text
    assert "Someone else is answering" in html
    assert "Fatima (member) answers this customer" in html
    resp = admin.post(f"{page}/reply", {"text": "Salam, livraison ghedda."}, form_page=page)
    assert resp.status_code == 302
    [job] = customer_jobs(db)
    assert job["payload"]["author"] == "operator:Salma"
    row = store.get_handoff(db, handoff["id"])
    assert row["status"] == "taken" and row["member_id"] == fatima["id"] and not row["operator"]
    # Ending gives the customer back to the bot at their step, cart kept.
    assert admin.post(f"{page}/end", form_page=page).status_code == 302
    row = store.get_handoff(db, handoff["id"])
    assert row["status"] == "ended" and row["ended_by"] == "operator:Salma"
    conv = store.get_conversation(db, handoff["conversation_id"])
    assert conv["state"] == "confirm"
    assert conv["data"]["cart"] == [{"sku": "MIEL-THYM-1KG", "qty": 2}]
    html = admin.get(page).text
    assert 'id="read-only"' in html and 'id="reply-form"' not in html
    assert 'id="handoff-actions"' not in html
    # A finished one takes no reply and no second end.
    resp = admin.post(f"{page}/reply", {"text": "Salam"}, form_page=page)
    assert resp.status_code == 409 and "already over" in resp.text
    assert len(customer_jobs(db)) == 2           # the reply, and the bot back at the summary
    admin.post(f"{page}/end", form_page=page)
    assert "already over" in admin.get(page).text
    ended = admin.get("/admin/inbox?show=all").text
    assert rows_of(ended) == [(str(handoff["id"]), "ended")]
    assert rows_of(admin.get("/admin/inbox").text) == []


def test_forms_need_the_csrf_token_and_unknown_ids_are_404(admin, db, clock):
    handoff = waiting_customer(db, clock, phone="+212612000071", name="Khadija", minutes=1)
    base = f"{admin.base}/admin/inbox/{handoff['id']}"
    for action, data in (("reply", {"text": "Salam"}), ("take", {}), ("release", {}),
                         ("end", {})):
        for token in (None, "forged"):
            form = dict(data, **({"csrf_token": token} if token else {}))
            resp = admin.http.post(f"{base}/{action}", data=form, timeout=10,
                                   allow_redirects=False)
            assert resp.status_code == 400, (action, token)
    assert store.get_handoff(db, handoff["id"])["status"] == "waiting"
    assert customer_jobs(db) == []
    for action in ("reply", "take", "release", "end"):
        resp = admin.post(f"/admin/inbox/999999/{action}", {"text": "x"},
                          form_page="/admin/inbox")
        assert resp.status_code == 404, action
    assert admin.get("/admin/inbox/abc").status_code == 404


def test_login_is_needed(live, db, clock):
    handoff = waiting_customer(db, clock, phone="+212612000081", name="Khadija", minutes=1)
    anonymous = Admin(live.base_url)
    for path in ("/admin/inbox", f"/admin/inbox/{handoff['id']}",
                 f"/admin/inbox/{handoff['id']}/media/1/0"):
        resp = anonymous.get(path, allow_redirects=False)
        assert resp.status_code == 302 and "/admin/login" in resp.headers["Location"]


def test_french_and_arabic(live, db, clock):
    waiting_customer(db, clock, phone="+212612000091", name="Khadija", minutes=75)
    fr = Admin(live.base_url, lang="fr")
    fr.login()
    assert re.search(r'id="inbox-badge"[^>]*>1 · 1 h 15<', fr.get("/admin/").text)
    assert "Messages des clients" in fr.get("/admin/inbox").text
    ar = Admin(live.base_url, lang="ar")
    ar.login()
    html = ar.get("/admin/inbox").text
    assert "رسائل الزبائن" in html and re.search(r'id="inbox-badge"[^>]*>1 · 1 س 15<', html)


def test_every_step_and_reason_has_a_text():
    import yaml

    from bot.web.admin.inbox import FILTERS, REASONS, STEPS
    from tests.conftest import ROOT
    for lang in ("fr", "ar", "en"):
        texts = yaml.safe_load((ROOT / "locales" / "admin" / f"{lang}.yml").read_text("utf-8"))
        keys = [f"step_{s}" for s in STEPS] + [f"reason_{r}" for r in REASONS] \
            + [f"inbox_show_{f}" for f in FILTERS] \
            + [f"handoff_{s}" for s in ("waiting", "taken", "ended")]
        assert not [k for k in keys if k not in texts], lang


def test_an_operator_answers_from_the_inbox_end_to_end(twilio, fake_twilio, app, live, db,
                                                       monkeypatch):
    """Over real HTTP with the worker and the local fake Twilio: a customer asks for a person,
    an operator sees them in the inbox, takes the conversation by replying, hears the voice
    note's place in the transcript, ends it; the customer orders. Each message once."""
    from collections import Counter

    from bot import clock as bot_clock
    from bot import worker
    from bot.messaging import make_transport
    from tests.conftest import ACCOUNT_SID

    at = {"now": datetime(2026, 12, 1, 9, 0, tzinfo=UTC)}    # Tuesday 10:00 in Casablanca
    monkeypatch.setattr(bot_clock, "utcnow", lambda: at["now"])
    app.config.update(TWILIO_ACCOUNT_SID=ACCOUNT_SID, TWILIO_API_BASE_URL=fake_twilio.base_url,
                      PUBLIC_URL=live.base_url, ADMIN_CLOCK=lambda: at["now"])
    settings = dict(app.config)
    transport = make_transport(settings)
    amina = "+212600000401"

    def run_worker():
        worker.work_once(db, transport, settings)
        worker.work_once(db, transport, settings)

    def sent_to(phone):
        return [m for m in fake_twilio.messages if m["To"].rpartition(":")[2] == phone]

    twilio.say("bonjour, je veux 2 amlou 250g", phone=amina)
    twilio.say("c'est tout", phone=amina)
    assert "Hay Riad" in twilio.say("Amina Alaoui, Rabat, Hay Riad rue 7 numéro 12", phone=amina)
    twilio.say("je veux parler à quelqu'un", phone=amina)
    run_worker()
    assert len(sent_to("+212661000001")) == len(sent_to("+212661000002")) == 1   # the alerts

    at["now"] += timedelta(minutes=6)
    admin = Admin(live.base_url)
    admin.post("/admin/login", {"token": ADMIN_TOKEN, "operator": "Salma"},
               form_page="/admin/login")
    listed = admin.get("/admin/inbox").text
    assert re.search(r'id="inbox-badge"[^>]*>1 · 6 min<', listed)
    [(hid, status)] = rows_of(listed)
    assert status == "waiting"
    twilio.message("", phone=amina, NumMedia="1", MediaUrl0="https://api.twilio.com" + MEDIA_PATH,
                   MediaContentType0="audio/ogg")
    run_worker()
    page = f"/admin/inbox/{hid}"
    html = admin.get(page).text
    assert "<audio controls" in html and "Amlou" in html and 'id="checkout-step"' in html

    at["now"] += timedelta(minutes=1)
    resp = admin.post(f"{page}/reply", {"text": "Oui, livraison demain à Rabat."},
                      form_page=page)
    assert resp.status_code == 302
    run_worker()
    assert sent_to(amina)[-1]["Body"] == "Coopérative Tifawin : Oui, livraison demain à Rabat."
    # The members are told once that Salma has it.
    for member in ("+212661000001", "+212661000002"):
        assert "Salma" in sent_to(member)[-1]["Body"]

    at["now"] += timedelta(minutes=1)
    assert admin.post(f"{page}/end", form_page=page).status_code == 302
    run_worker()
    assert "Hay Riad" in sent_to(amina)[-1]["Body"]                 # back at the summary
    assert "T-" in twilio.say("oui", phone=amina)
    run_worker()

    bodies = Counter((m["To"], m.get("Body") or m.get("ContentSid"))
                     for m in fake_twilio.messages)
    assert all(n == 1 for n in bodies.values()), bodies
    assert len(sent_to(amina)) == 2                   # the operator's reply, back at the summary
    conv = store.get_handoff(db, int(hid))["conversation_id"]
    authors = [m["author"] for m in store.transcript(db, conv)
               if m["author"] not in ("customer", "bot")]
    assert authors == ["operator:Salma"]
    assert store.get_handoff(db, int(hid))["ended_by"] == "operator:Salma"


SIDS = itertools.count(1)


def a_medium(db, handoff: dict, url: str, ctype: str) -> int:
    """The customer of ``handoff`` sends one medium: the message's id."""
    with store.transaction(db):
        return store.record_inbound(
            db, sid=f"SMdoc{next(SIDS)}", idempotency_key=None,
            coop_id=handoff["coop_id"], conversation_id=handoff["conversation_id"],
            from_addr="whatsapp:+212612000041", to_addr="x", body="",
            media=[{"url": url, "type": ctype}])


@pytest.fixture
def documents(admin, db, clock, live_settings, fake_twilio):
    """A waiting customer whose media are kept by the fake Twilio: (handoff, send)."""
    handoff = waiting_customer(db, clock, phone="+212612000041", name="Hanane", minutes=1,
                               audio=False)

    def send(content: bytes, ctype: str) -> str:
        message = a_medium(db, handoff, fake_twilio.add_media(content, ctype), ctype)
        return f"/admin/inbox/{handoff['id']}/media/{message}/0"
    return handoff, send


@pytest.mark.parametrize("content, ctype", [
    (b"<!doctype html><script>fetch('/admin/')</script>", "text/html"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
     "image/svg+xml")], ids=["html", "svg"])
def test_a_document_that_could_run_script_is_a_download(admin, documents, content, ctype):
    handoff, send = documents
    path = send(content, ctype)
    assert path in admin.get(f"/admin/inbox/{handoff['id']}").text     # offered as a link
    resp = admin.get(path)
    assert resp.status_code == 200 and resp.content == content
    assert resp.headers["Content-Type"] == "application/octet-stream"
    assert resp.headers["Content-Disposition"].startswith("attachment; filename=\"media-")
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_audio_is_inline_with_its_length(admin, documents):
    _, send = documents
    voice = wav_bytes(1.0)
    resp = admin.get(send(voice, "audio/wav"))
    assert resp.status_code == 200 and resp.content == voice
    assert resp.headers["Content-Type"] == "audio/wav"
    assert resp.headers["Content-Disposition"] == "inline"
    assert resp.headers["Content-Length"] == str(len(voice))
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_the_size_cap_and_the_timeout_are_the_configs(admin, documents, live_settings,
                                                      fake_twilio):
    _, send = documents
    voice = wav_bytes(1.0)
    path = send(voice, "audio/wav")
    live_settings["MEDIA_MAX_BYTES"] = len(voice) - 1
    too_big = admin.get(path)
    assert too_big.status_code == 502 and "too large" in too_big.text
    live_settings["MEDIA_MAX_BYTES"] = len(voice)
    assert admin.get(path).status_code == 200
    live_settings["MEDIA_TIMEOUT"] = 0.2
    fake_twilio.delay_media(1.0)
    assert admin.get(path).status_code == 504


def test_media_gone_at_twilio_is_404_and_twilio_down_502(admin, db, clock, live_settings,
                                                        fake_twilio):
    handoff = waiting_customer(db, clock, phone="+212612000041", name="Hanane", minutes=1,
                               audio=False)
    gone = a_medium(db, handoff, fake_twilio.base_url + MEDIA_PATH, "audio/ogg")
    assert admin.get(f"/admin/inbox/{handoff['id']}/media/{gone}/0").status_code == 404
    live_settings["TWILIO_API_BASE_URL"] = "http://127.0.0.1:9"            # nothing listens
    down = a_medium(db, handoff, "http://127.0.0.1:9" + MEDIA_PATH, "audio/wav")
    assert admin.get(f"/admin/inbox/{handoff['id']}/media/{down}/0").status_code == 502
