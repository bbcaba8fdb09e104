"""The Twilio webhook over real HTTP: signatures, malformed input, redelivery, routing."""

import concurrent.futures
import uuid

from bot import store
from tests.conftest import AUTH_TOKEN, COOP_WA, TwilioSender, make_app, replies_of
from tests.fakes import LocalServer


def test_signed_message_gets_a_twiml_reply(twilio):
    resp = twilio.message("salam")
    assert resp.status_code == 200
    assert resp.headers["Content-Type"].startswith("application/xml")
    [reply] = replies_of(resp.text)
    assert "Tifawin" in reply


def test_forged_signature_is_refused_and_not_processed(twilio, db):
    before = db["messages"].count
    forged = TwilioSender(twilio.base_url, token="not-the-token")
    assert forged.message("bghit 2 kilo l3sel").status_code == 403
    resp = twilio.post("/webhooks/twilio", {"From": "whatsapp:+212612345678", "To": COOP_WA,
                                            "Body": "x", "MessageSid": "SM1"}, signature="")
    assert resp.status_code == 403
    assert db["messages"].count == before


def test_tampered_body_is_refused(twilio):
    params = {"From": "whatsapp:+212612345678", "To": COOP_WA, "Body": "1 amlou",
              "MessageSid": "SM" + uuid.uuid4().hex}
    from twilio.request_validator import RequestValidator
    sig = RequestValidator(AUTH_TOKEN).compute_signature(twilio.base_url + "/webhooks/twilio",
                                                         params)
    params["Body"] = "50 amlou"
    assert twilio.post("/webhooks/twilio", params, signature=sig).status_code == 403


def test_malformed_requests_get_400(twilio):
    assert twilio.post("/webhooks/twilio", {"Body": "salam"}).status_code == 400
    resp = twilio.post("/webhooks/twilio", {"From": "not a phone", "To": COOP_WA, "Body": "x",
                                            "MessageSid": "SMx"})
    assert resp.status_code == 400
    resp = twilio.message("x", NumMedia="many")
    assert resp.status_code == 400


def test_wrong_method_and_content_type(twilio):
    assert twilio.session.get(twilio.base_url + "/webhooks/twilio").status_code == 405
    resp = twilio.session.post(twilio.base_url + "/webhooks/twilio", json={"Body": "x"})
    assert resp.status_code == 415


def test_redelivered_message_sid_is_processed_once_with_the_same_reply(twilio, db):
    sid = "SM" + uuid.uuid4().hex
    first = twilio.message("salam", sid=sid)
    again = twilio.message("salam", sid=sid)
    assert first.text == again.text
    assert db.conn.execute("SELECT count(*) FROM messages WHERE sid = ?", (sid,)).fetchone()[0] == 1


def test_concurrent_redeliveries_are_processed_once(twilio, db):
    sid = "SM" + uuid.uuid4().hex
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        texts = list(pool.map(lambda _: twilio.message("3afak lista", sid=sid).text, range(8)))
    assert len(set(texts)) == 1
    inbound = db.conn.execute("SELECT count(*) FROM messages WHERE direction = 'in'").fetchone()[0]
    assert inbound == 1


def test_idempotency_token_also_dedupes(twilio, db):
    headers = {"I-Twilio-Idempotency-Token": "tok-" + uuid.uuid4().hex}
    params = {"From": "whatsapp:+212612345678", "To": COOP_WA, "Body": "salam",
              "MessageSid": "SM" + uuid.uuid4().hex}
    a = twilio.post("/webhooks/twilio", params, headers=headers)
    params["MessageSid"] = "SM" + uuid.uuid4().hex        # Twilio retried with a new sid
    b = twilio.post("/webhooks/twilio", params, headers=headers)
    assert a.text == b.text
    assert db.conn.execute(
        "SELECT count(*) FROM messages WHERE direction = 'in'").fetchone()[0] == 1


def test_unknown_number_gets_a_polite_reply(twilio):
    text = twilio.say("salam", to="whatsapp:+212522999999")
    assert "coop" in text.lower() or "ta3awniya" in text.lower()


def test_sms_and_whatsapp_share_the_endpoint(twilio):
    assert "Tifawin" in twilio.say("Bonjour", channel="sms")


def test_public_url_is_used_behind_a_proxy(db_path):
    app = make_app(db_path, PUBLIC_URL="https://bot.example.org")
    from bot.cli import import_coop
    from tests.conftest import DEMO
    import_coop(store.connect(db_path), DEMO)
    with LocalServer(app) as server:
        proxied = TwilioSender(server.base_url, public_url="https://bot.example.org")
        assert proxied.message("salam").status_code == 200
        direct = TwilioSender(server.base_url)
        assert direct.message("salam").status_code == 403


def test_status_callback_records_delivery(twilio, db):
    with store.transaction(db):
        store.record_outbound(db, coop_id=1, conversation_id=None, from_addr="a", to_addr="b",
                              body="x", sid="SM0123456789abcdef0123456789abcdef", status="queued")
    ok = twilio.post("/webhooks/twilio/status", {"MessageSid": "SM0123456789abcdef0123456789abcdef",
                                                 "MessageStatus": "delivered",
                                                 "AccountSid": "AC1"})
    assert ok.status_code == 204
    late = twilio.post("/webhooks/twilio/status",
                       {"MessageSid": "SM0123456789abcdef0123456789abcdef",
                        "MessageStatus": "sent", "AccountSid": "AC1"})
    assert late.status_code == 204
    row = db.conn.execute("SELECT status FROM messages "
                          "WHERE sid = 'SM0123456789abcdef0123456789abcdef'").fetchone()
    assert row[0] == "delivered"
    assert twilio.post("/webhooks/twilio/status", {"MessageStatus": "sent"}).status_code == 400
    forged = TwilioSender(twilio.base_url, token="nope")
    assert forged.post("/webhooks/twilio/status",
                       {"MessageSid": "SM0123456789abcdef0123456789abcdef",
                        "MessageStatus": "failed"}).status_code == 403


def test_healthz(live):
    import requests
    body = requests.get(live.base_url + "/healthz", timeout=5).json()
    assert body == {"status": "ok", "schema": store.SCHEMA_VERSION}


def test_oversized_body_is_refused(twilio):
    resp = twilio.message("x" * 100_000)
    assert resp.status_code == 413


def test_an_sms_customer_gets_replies_made_for_sms(twilio):
    from bot.sms import is_gsm7, sms_segments

    welcome = twilio.say("salam", phone="+212600000777", channel="sms")
    assert "👋" not in welcome and is_gsm7(welcome) and sms_segments(welcome) <= 2
    page = twilio.say("lista", phone="+212600000777", channel="sms")
    assert "🍯" not in page and "—" not in page and is_gsm7(page) and "1/" in page
    whatsapp = twilio.say("salam", phone="+212600000778")
    assert "👋" in whatsapp


def test_the_start_up_objects_are_out_of_the_garbage_collectors_sight(app):
    """create_app freezes what start-up built (once per process): full collections no longer
    walk the modules and language data on the webhook's path."""
    import gc
    assert gc.get_freeze_count() > 10_000


def test_the_signature_is_read_as_twilios_validator_reads_the_form(twilio):
    """A repeated field is signed with its first value, as ``RequestValidator.validate`` reads
    ``form.to_dict(flat=True)``: the webhook accepts that signature, and not one over both."""
    from twilio.request_validator import RequestValidator
    from werkzeug.datastructures import MultiDict

    from bot.web.twilio_hooks import SignedFields

    params = {"From": "whatsapp:+212612345678", "To": COOP_WA, "Body": "1 amlou",
              "MessageSid": "SM" + uuid.uuid4().hex}
    url = twilio.base_url + "/webhooks/twilio"
    validator = RequestValidator(AUTH_TOKEN)
    assert validator.compute_signature(url, SignedFields(params)) == \
        validator.compute_signature(url, dict(params))
    form = [*params.items(), ("Body", "2 amlou")]
    first = validator.compute_signature(url, params)
    both = validator.compute_signature(url, MultiDict(form))        # every value signed
    post = twilio.session.post
    assert post(url, data=form, headers={"X-Twilio-Signature": both}).status_code == 403
    resp = post(url, data=form, headers={"X-Twilio-Signature": first})
    assert resp.status_code == 200 and replies_of(resp.text)
