"""Hostile or broken input on every entry point (issue 9): signatures, sizes, methods,
content types, non-UTF-8 bodies, floods, caps, probing another cooperative's orders,
the dashboard without a token, guessing order numbers. Real HTTP throughout."""

from __future__ import annotations

import json
import re
import uuid

import pytest
import requests
from twilio.request_validator import RequestValidator

from bot import store
from bot.cli import import_coop
from bot.couriers.base import hmac_hex
from tests.conftest import (
    ADMIN_TOKEN,
    AUTH_TOKEN,
    COOP_WA,
    DEMO,
    TwilioSender,
    make_app,
    replies_of,
)
from tests.fakes import LocalServer
from tests.soak.harness import NEW_ORDER, Customer, Stats, write_coop

SENDIT_SECRET = "sk_hostile_" + "9" * 16
HOOK_SECRET = "whsec_hostile_" + "7" * 12
OTHER_WA = "whatsapp:+212522111111"


@pytest.fixture
def site(tmp_path, monkeypatch):
    """Two cooperatives: tifawin ships with Sendit, nahla with the generic webhook courier."""
    monkeypatch.setenv("BGHIT_HOSTILE_SENDIT", SENDIT_SECRET)
    monkeypatch.setenv("BGHIT_HOSTILE_HOOK", HOOK_SECRET)
    db_path = tmp_path / "hostile.sqlite3"
    app = make_app(db_path)
    db = store.connect(db_path)
    import_coop(db, write_coop(tmp_path, "sendit", {
        "base_url": "http://127.0.0.1:9/api/v1", "public_key": "pk",
        "secret_key_env": "BGHIT_HOSTILE_SENDIT", "pickup_district_id": 1}))
    import_coop(db, write_coop(
        tmp_path, "webhook", {"url": "http://127.0.0.1:9/parcels",
                              "secret_env": "BGHIT_HOSTILE_HOOK"},
        slug="nahla", name="Coopérative Nahla", code="NAHLA", order_prefix="N",
        whatsapp_from="+212522111111", sms_from="+212522111112",
        members=[{"name": "Khadija", "phone": "0661000009", "channel": "whatsapp",
                  "language": "fr"}]))
    with LocalServer(app) as server:
        yield {"app": app, "db": db, "url": server.base_url,
               "twilio": TwilioSender(server.base_url)}
    store.close_all()


def _order(site, phone, to=COOP_WA) -> str:
    c = Customer(site["url"], phone, AUTH_TOKEN, Stats(), redeliver=0, to=to)
    number = c.order(NEW_ORDER)
    assert number, "order not confirmed"
    return number


# --------------------------------------------------------------------------
# Signatures: forged, missing, stale → 403, and nothing processed
# --------------------------------------------------------------------------

def test_twilio_webhooks_refuse_forged_missing_and_stale_signatures(site):
    url = site["url"]
    db = site["db"]
    params = {"From": "whatsapp:+212612000001", "To": COOP_WA, "Body": "bghit 2 amlou",
              "MessageSid": "SM" + uuid.uuid4().hex}
    good = RequestValidator(AUTH_TOKEN).compute_signature(url + "/webhooks/twilio", params)
    before = db["messages"].count
    for path in ("/webhooks/twilio", "/webhooks/twilio/status"):
        for sig in (None, "", "AAAA", "x" * 500, "\u200b", good + "=",
                    RequestValidator("wrong").compute_signature(url + path, params)):
            headers = {} if sig is None else {"X-Twilio-Signature": sig.encode("utf-8")}
            r = requests.post(url + path, data=params, headers=headers, timeout=10)
            assert r.status_code == 403, (path, sig, r.status_code)
    # Stale: a signature captured for an earlier message, replayed with another body,
    # another sid, or on another path.
    stale = dict(params, Body="bghit 50 amlou")
    assert site["twilio"].post("/webhooks/twilio", stale, signature=good).status_code == 403
    stale = dict(params, MessageSid="SM" + uuid.uuid4().hex)
    assert site["twilio"].post("/webhooks/twilio", stale, signature=good).status_code == 403
    assert site["twilio"].post("/webhooks/twilio/status", params,
                               signature=good).status_code == 403
    assert db["messages"].count == before


def test_courier_webhooks_refuse_forged_missing_and_stale_signatures(site):
    url, db = site["url"], site["db"]
    number = _order(site, "+212612000002", to=OTHER_WA)           # a webhook-courier order
    assert number.startswith("N-")
    body = json.dumps({"reference": number, "status": "delivered"}).encode()
    hook = url + "/webhooks/couriers/webhook/nahla"
    for headers in ({}, {"X-Bghit-Signature": ""}, {"X-Bghit-Signature": "sha256="},
                    {"X-Bghit-Signature": "sha256=" + hmac_hex("wrong", body)},
                    {"X-Bghit-Signature": "sha256=" + hmac_hex(HOOK_SECRET, body + b" ")},
                    {"X-Sendit-Signature": hmac_hex(SENDIT_SECRET, body)}):
        r = requests.post(hook, data=body, headers={"Content-Type": "application/json",
                                                    **headers}, timeout=10)
        assert r.status_code == 403, headers
    # Stale: the signature of an earlier update, replayed with a new status.
    old = json.dumps({"reference": number, "status": "picked_up"}).encode()
    r = requests.post(hook, data=body, timeout=10, headers={
        "Content-Type": "application/json",
        "X-Bghit-Signature": "sha256=" + hmac_hex(HOOK_SECRET, old)})
    assert r.status_code == 403
    sendit = url + "/webhooks/couriers/sendit/tifawin"
    sbody = json.dumps({"event": "delivery.status.update", "code": "SND1",
                        "reference": "T-1001", "newStatus": "DELIVERED"}).encode()
    for headers in ({}, {"X-Sendit-Signature": "0" * 64},
                    {"X-Sendit-Signature": hmac_hex(HOOK_SECRET, sbody)},
                    {"X-Sendit-Signature": hmac_hex(SENDIT_SECRET, sbody + b"\n")}):
        r = requests.post(sendit, data=sbody, headers={"Content-Type": "application/json",
                                                       **headers}, timeout=10)
        assert r.status_code == 403, headers
    # A right signature on the wrong cooperative's URL: 404, nothing changes.
    r = requests.post(url + "/webhooks/couriers/webhook/tifawin", data=body, timeout=10,
                      headers={"X-Bghit-Signature": "sha256=" + hmac_hex(HOOK_SECRET, body)})
    assert r.status_code == 404
    assert {o["status"] for o in store.export_orders(db)} == {"confirmed"}


# --------------------------------------------------------------------------
# Sizes, methods, content types, encodings
# --------------------------------------------------------------------------

def test_sizes_methods_content_types_and_encodings(site):
    url, t = site["url"], site["twilio"]
    assert t.message("x" * 70_000).status_code == 413
    r = requests.post(url + "/webhooks/twilio", data=b"a" * (5 * 1024 * 1024), timeout=20,
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code in (403, 413)        # unsigned: refused before it is read
    for path in ("/webhooks/twilio", "/webhooks/twilio/status",
                 "/webhooks/couriers/webhook/nahla", "/webhooks/couriers/sendit/tifawin"):
        for method in ("GET", "PUT", "DELETE", "PATCH"):
            assert requests.request(method, url + path, timeout=10).status_code == 405
    for ctype, data in (("application/json", b'{"Body": "x"}'), ("text/plain", b"Body=x"),
                        ("multipart/form-data; boundary=zz", b"--zz--"),
                        ("application/xml", b"<x/>"), ("", b"Body=x")):
        r = requests.post(url + "/webhooks/twilio", data=data, timeout=10,
                          headers={"Content-Type": ctype})
        assert r.status_code in (403, 415), (ctype, r.status_code)
    # Not UTF-8: Latin-1 and garbage bytes, signed or not, never a 500.
    for raw in (b"From=whatsapp%3A%2B212612000003&To=whatsapp%3A%2B14155238886&Body=caf%E9"
                b"&MessageSid=SM1", b"\xff\xfe\x00\x01garbage", b"Body=\xe9\xe8",
                b"%", b"&&&===", b"From=%ZZ"):
        for sig in ("", "AAAA"):
            r = requests.post(url + "/webhooks/twilio", data=raw, timeout=10, headers={
                "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": sig})
            assert r.status_code in (400, 403), (raw, r.status_code)
    body = b"\xff\xfe{not json"
    for path, header in (("/webhooks/couriers/webhook/nahla", "X-Bghit-Signature"),
                         ("/webhooks/couriers/sendit/tifawin", "X-Sendit-Signature")):
        secret = HOOK_SECRET if "nahla" in path else SENDIT_SECRET
        sig = hmac_hex(secret, body)
        r = requests.post(url + path, data=body, timeout=10, headers={
            "Content-Type": "application/json",
            header: ("sha256=" + sig) if "Bghit" in header else sig})
        assert r.status_code in (200, 400), (path, r.status_code, r.text)


def test_correctly_signed_non_utf8_form_is_400_not_500(site):
    """The body Twilio would never send, but signed: the form cannot be read → 400."""
    url = site["url"]
    raw = (b"From=whatsapp%3A%2B212612000004&To=whatsapp%3A%2B14155238886"
           b"&Body=%E9t%E9&MessageSid=SMlatin1")
    for params in ({}, {"From": "whatsapp:+212612000004", "To": COOP_WA, "Body": "\ufffdt\ufffd",
                        "MessageSid": "SMlatin1"}):
        sig = RequestValidator(AUTH_TOKEN).compute_signature(url + "/webhooks/twilio", params)
        r = requests.post(url + "/webhooks/twilio", data=raw, timeout=10, headers={
            "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": sig})
        assert r.status_code in (400, 403), r.status_code


# --------------------------------------------------------------------------
# Abuse: floods, caps
# --------------------------------------------------------------------------

def test_a_flooding_customer_gets_one_polite_notice(site):
    t, db = site["twilio"], site["db"]
    site["app"].config["RATE_LIMIT_PER_MINUTE"] = 15
    replies = [replies_of(t.message("salam", phone="+212612000010").text) for _ in range(40)]
    assert all(len(r) == 1 for r in replies[:15])
    notices = [r for r in replies[15:] if r]
    assert len(notices) == 1 and "wait a minute" in notices[0][0].lower() \
        or "dqiqa" in notices[0][0]
    # Another customer is not affected; the flood was recorded, not processed.
    assert replies_of(t.message("salam", phone="+212612000011").text)
    conv = store.find_conversation(db, 1, "+212612000010")
    assert conv is not None


def test_a_customers_rate_counts_their_first_message_and_restarts_each_minute(site, at):
    """The count lives on the customer's conversation (rewritten by every step anyway): the
    message that opens the conversation counts, a refused one too, and the next minute starts
    over; the ``rate`` table is left to senders without a conversation."""
    t, db = site["twilio"], site["db"]
    site["app"].config["RATE_LIMIT_PER_MINUTE"] = 3
    phone = "+212612000012"
    replies = [replies_of(t.message("salam", phone=phone).text) for _ in range(5)]
    assert [len(r) for r in replies] == [1, 1, 1, 1, 0]
    assert replies[3] != replies[2]                        # the notice, once
    conv = store.find_conversation(db, 1, phone)
    assert conv["rate_count"] == 5
    assert db.conn.execute("SELECT count(*) FROM rate WHERE sender LIKE ?",
                           (f"%{phone}",)).fetchone()[0] == 0
    at.move(seconds=61)
    assert replies_of(t.message("salam", phone=phone).text)
    assert store.find_conversation(db, 1, phone)["rate_count"] == 1


def test_caps_on_cart_lines_and_quantities(site):
    t = site["twilio"]
    phone = "+212612000020"
    reply = t.say("bghit 99999999999 kilo amlou 250g", phone=phone)
    assert "50" in reply and "99999999999" not in reply
    for text in ("bghit 1e400 amlou 500g", "bghit -7 ghassoul", "bghit 0 amlou 500g",
                 "bghit ٩٩٩٩٩٩٩٩٩٩٩٩٩٩٩٩٩٩٩٩٩ zit argan", "bghit 10**100 savon"):
        assert t.message(text, phone=phone).status_code == 200
    products = store.list_products(site["db"], 1)
    for p in products:                                  # more lines than the cap
        t.message(f"zid 1 {p['name']}", phone=phone)
    conv = store.find_conversation(site["db"], 1, phone)
    cart = conv["data"]["cart"]
    assert len(cart) <= 20 and all(0 < line["qty"] <= 50 for line in cart)
    assert t.say("safi", phone=phone)
    for text in ("Ali", "casa", "Maarif 3", "iyeh"):
        t.say(text, phone=phone)
    [order] = [o for o in store.export_orders(site["db"]) if o["customer_phone"] == phone]
    assert all(0 < line["quantity"] <= 50 for line in order["lines"])
    assert order["total"] < 10_000_000


# --------------------------------------------------------------------------
# Probing other people's orders
# --------------------------------------------------------------------------

def test_member_of_one_cooperative_cannot_reach_anothers_orders(site):
    t, db = site["twilio"], site["db"]
    tifawin_order = _order(site, "+212612000030")                  # T-1001
    _order(site, "+212612000031", to=OTHER_WA)                     # N-1001
    khadija = "+212661000009"                                       # nahla's member
    digits = tifawin_order.split("-")[1]
    for text in (f"accept {tifawin_order}", f"ok {digits}", f"annuler {tifawin_order}",
                 f"commande {tifawin_order}", f"sift {digits}", "%", f"ok %{digits[-2:]}",
                 "ok _001", f"{digits}' OR '1'='1"):
        reply = t.say(text, phone=khadija, to=OTHER_WA)
        # Never the other cooperative's customer (digits may match nahla's own N-1001).
        assert "612000030" not in reply and tifawin_order not in reply, (text, reply)
    statuses = {o["number"]: o["status"] for o in store.export_orders(db)}
    assert statuses[tifawin_order] == "confirmed"
    # The same member writing to tifawin's number is a customer there, not a member.
    reply = t.say(f"annuler {tifawin_order}", phone=khadija)
    assert statuses == {o["number"]: o["status"] for o in store.export_orders(db)}


def test_member_command_with_another_prefix_leaves_own_order_alone(site):
    t, db = site["twilio"], site["db"]
    _order(site, "+212612000032")                                  # T-1001
    nahla_order = _order(site, "+212612000033", to=OTHER_WA)       # N-1001
    t.say("annuler T-1001", phone="+212661000009", to=OTHER_WA)
    statuses = {o["number"]: o["status"] for o in store.export_orders(db)}
    assert statuses[nahla_order] == "confirmed"


def test_order_numbers_cannot_be_guessed_into_someone_elses_order(site):
    t, db = site["twilio"], site["db"]
    victim = _order(site, "+212612000040")
    attacker = "+212612000041"
    for text in (f"fin wslat {victim}?", f"bghit nlghi {victim}", f"annuler la commande {victim}",
                 f"status {victim}", victim, f"{victim} iyeh"):
        reply = t.say(text, phone=attacker)
        assert "Omar" not in reply and "Nahda" not in reply, (text, reply)
        t.say("iyeh", phone=attacker)                   # "yes, cancel it"
    [order] = [o for o in store.export_orders(db) if o["number"] == victim]
    assert order["status"] == "confirmed"


# --------------------------------------------------------------------------
# The dashboard without, or with a wrong, token
# --------------------------------------------------------------------------

def test_admin_pages_without_or_with_a_wrong_token(site, tmp_path):
    url = site["url"]
    _order(site, "+212612000050")
    s = requests.Session()
    for path in ("/admin/", "/admin/orders/1", "/admin/coops", "/admin/coops/tifawin",
                 "/admin/?q=%2B212"):
        r = s.get(url + path, allow_redirects=False, timeout=10)
        assert r.status_code in (302, 303) and "/admin/login" in r.headers["Location"], path
        assert "212612000050" not in r.text
    for path in ("/admin/orders/1/status", "/admin/orders/1/retry", "/admin/coops/tifawin/catalog"):
        r = s.post(url + path, data={"status": "cancelled"}, allow_redirects=False, timeout=10)
        assert r.status_code in (302, 303, 400, 403), path
    page = s.get(url + "/admin/login", timeout=10).text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    for token in ("", "admin", ADMIN_TOKEN + " ", ADMIN_TOKEN.upper(), ADMIN_TOKEN[:-1]):
        r = s.post(url + "/admin/login", data={"token": token, "csrf_token": csrf},
                   allow_redirects=False, timeout=10)
        assert r.status_code in (403, 429), token
    s.cookies.set("session", "eyJhZG1pbiI6InRydWUifQ.forged.sig")
    r = s.get(url + "/admin/", allow_redirects=False, timeout=10)
    assert r.status_code in (302, 303)
    assert {o["status"] for o in store.export_orders(site["db"])} == {"confirmed"}
    # Without ADMIN_TOKEN the dashboard does not exist at all.
    app = make_app(tmp_path / "noadmin.sqlite3", ADMIN_TOKEN="")
    with LocalServer(app) as server:
        assert requests.get(server.base_url + "/admin/", timeout=10).status_code == 404


def test_signed_deeply_nested_courier_json_gets_400(site):
    """A body nested deeper than Python's JSON decoder recurses is bad input, not a 500."""
    url = site["url"]
    for nested in (b"[" * 20_000 + b"]" * 20_000,
                   b'{"reference": ' + b"[" * 20_000 + b"]" * 20_000 + b"}"):
        r = requests.post(url + "/webhooks/couriers/webhook/nahla", data=nested, timeout=10,
                          headers={"Content-Type": "application/json",
                                   "X-Bghit-Signature": "sha256=" + hmac_hex(HOOK_SECRET, nested)})
        assert r.status_code == 400, r.text
        r = requests.post(url + "/webhooks/couriers/sendit/tifawin", data=nested, timeout=10,
                          headers={"Content-Type": "application/json",
                                   "X-Sendit-Signature": hmac_hex(SENDIT_SECRET, nested)})
        assert r.status_code == 400, r.text


def test_an_idempotency_token_is_matched_only_for_its_own_sender(site):
    """The header is not signed: another sender's token must not return their replies."""
    t, db = site["twilio"], site["db"]
    token = {"I-Twilio-Idempotency-Token": "tok-" + uuid.uuid4().hex}
    a = {"From": "whatsapp:+212612000071", "To": COOP_WA, "Body": "salam",
         "MessageSid": "SM" + uuid.uuid4().hex}
    first = t.post("/webhooks/twilio", a, headers=token)
    assert first.status_code == 200
    b = dict(a, From="whatsapp:+212612000072", Body="lista", MessageSid="SM" + uuid.uuid4().hex)
    other = t.post("/webhooks/twilio", b, headers=token)
    assert other.status_code == 200
    senders = [r[0] for r in db.conn.execute(
        "SELECT from_addr FROM messages WHERE direction = 'in' ORDER BY id")]
    assert senders == [a["From"], b["From"]]
    # The same sender retrying with a new sid is still a redelivery.
    again = t.post("/webhooks/twilio", dict(a, MessageSid="SM" + uuid.uuid4().hex),
                   headers=token)
    assert again.text == first.text


def test_oversized_chunked_bodies_get_413(site):
    """No Content-Length (chunked): the size is checked while reading, signed or not."""
    url = site["url"]
    params = {"From": "whatsapp:+212612000073", "To": COOP_WA, "Body": "x" * 70_000,
              "MessageSid": "SM" + uuid.uuid4().hex}
    body = "&".join(f"{k}={requests.utils.quote(v, safe='')}" for k, v in params.items()).encode()
    sig = RequestValidator(AUTH_TOKEN).compute_signature(url + "/webhooks/twilio", params)

    def chunks():
        for i in range(0, len(body), 8192):
            yield body[i:i + 8192]

    for signature in (sig, "", "AAAA"):
        r = requests.post(url + "/webhooks/twilio", data=chunks(), timeout=10, headers={
            "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature})
        assert r.status_code == 413, (signature, r.status_code)
    assert site["db"].conn.execute("SELECT count(*) FROM messages").fetchone()[0] == 0
    small = dict(params, Body="salam")
    body = "&".join(f"{k}={requests.utils.quote(v, safe='')}" for k, v in small.items()).encode()
    sig = RequestValidator(AUTH_TOKEN).compute_signature(url + "/webhooks/twilio", small)
    r = requests.post(url + "/webhooks/twilio", data=chunks(), timeout=10, headers={
        "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": sig})
    assert r.status_code == 200 and "<Message>" in r.text        # a small chunked one is read


def test_signed_courier_json_with_a_lone_surrogate_gets_400(site):
    url = site["url"]
    for body in (b'{"reference": "N-1001\\ud800", "status": "delivered"}',
                 b'{"reference": "N-1001", "status": "\\udfffdelivered"}'):
        r = requests.post(url + "/webhooks/couriers/webhook/nahla", data=body, timeout=10,
                          headers={"Content-Type": "application/json",
                                   "X-Bghit-Signature": "sha256=" + hmac_hex(HOOK_SECRET, body)})
        assert r.status_code == 400, r.text
    body = b'{"code": "SND\\ud800", "reference": "T-1001", "newStatus": "DELIVERED"}'
    r = requests.post(url + "/webhooks/couriers/sendit/tifawin", data=body, timeout=10,
                      headers={"Content-Type": "application/json",
                               "X-Sendit-Signature": hmac_hex(SENDIT_SECRET, body)})
    assert r.status_code == 400, r.text


def test_oversized_chunked_bodies_get_413_on_every_endpoint(site):
    url = site["url"]
    big = b"{" + b" " * 70_000 + b"}"

    def chunks():
        for i in range(0, len(big), 8192):
            yield big[i:i + 8192]

    for path, headers in (("/webhooks/couriers/webhook/nahla",
                           {"X-Bghit-Signature": "sha256=" + hmac_hex(HOOK_SECRET, big)}),
                          ("/webhooks/twilio/status", {}), ("/sim/api/send", {})):
        r = requests.post(url + path, data=chunks(), timeout=10,
                          headers={"Content-Type": "application/json", **headers})
        assert r.status_code == 413, (path, r.status_code)


# --------------------------------------------------------------------------
# Headers on every answer, not only the dashboard's pages
# --------------------------------------------------------------------------

@pytest.mark.parametrize("proxies", [0, 1])
def test_every_answer_carries_the_security_headers(tmp_path, proxies):
    """404 and 405 pages, /healthz, refused webhooks, /m/ links, static files, the
    simulator's JSON: nosniff, no framing, a CSP, no referrer abroad; HSTS once a trusted
    proxy says the request came over https (never on a forged header without one)."""
    app = make_app(tmp_path / "headers.sqlite3", TRUSTED_PROXIES=proxies, SIMULATOR=True)
    import_coop(store.connect(tmp_path / "headers.sqlite3"), DEMO)
    answers = (("GET", "/healthz", 200), ("GET", "/no/such/page", 404),
               ("GET", "/webhooks/twilio", 405), ("POST", "/webhooks/twilio", 415),
               ("POST", "/webhooks/couriers/sendit/nope", 404), ("GET", "/m/" + "A" * 44, 404),
               ("GET", "/static/sim.js", 200), ("GET", "/admin/login", 200),
               ("GET", "/", 200), ("POST", "/sim/api/send", 415))
    with LocalServer(app) as server:
        for https in (True, False):
            for method, path, status in answers:
                r = requests.request(method, server.base_url + path, timeout=10, data=b"x=1",
                                     headers={"X-Forwarded-Proto": "https"} if https else {})
                assert r.status_code == status, (path, r.status_code)
                h = r.headers
                assert h.get("X-Content-Type-Options") == "nosniff", path
                assert h.get("X-Frame-Options") == "DENY", path
                assert h.get("Referrer-Policy") == "same-origin", path
                assert h.get("Cross-Origin-Opener-Policy") == "same-origin", path
                assert h.get("Cross-Origin-Resource-Policy") == "same-origin", path
                assert "microphone=()" in h.get("Permissions-Policy", ""), path
                assert "frame-ancestors 'none'" in h.get("Content-Security-Policy", ""), path
                assert ("Strict-Transport-Security" in h) == (https and proxies == 1), path
        # The pages keep their own policy: the dashboard's scripts and the simulator's pins.
        page = requests.get(server.base_url + "/admin/login", timeout=10)
        assert "script-src 'self'" in page.headers["Content-Security-Policy"]
        page = requests.get(server.base_url + "/", timeout=10)
        assert "img-src 'self' data:" in page.headers["Content-Security-Policy"]
    store.close_all()


HOSTILE_VALUES = ("\x00", "%00", "%ED%A0%80", "%E9", "%", "-1", "9" * 30, "1e309", "nan",
                  "0001-01-01", "9999-12-31", "2026-02-30", "\u202e", "<x>", "a" * 3000)


@pytest.mark.slow
def test_the_dashboard_answers_hostile_values_with_4xx_never_500(site):
    """Every query parameter and form field of the dashboard, logged in and with a valid
    CSRF token, given values at the edges (NUL, half a UTF-16 pair, Latin-1, the calendar's
    first and last days, huge numbers, bidi controls): a 4xx or a page, never a 500."""
    from tests.test_admin import Admin
    a = Admin(site["url"])
    assert a.login().status_code == 302
    csrf = a.csrf("/admin/")
    failed = []
    for pattern in ("/admin/?{k}={v}", "/admin/money?{k}={v}", "/admin/inbox?{k}={v}",
                    "/admin/orders.csv?{k}={v}", "/admin/login?{k}={v}"):
        for value in HOSTILE_VALUES:
            quoted = value if value.startswith("%") else requests.utils.quote(value, safe="")
            for key in ("coop", "status", "from", "to", "q", "page", "show", "size", "next"):
                r = a.get(pattern.format(k=key, v=quoted), allow_redirects=False)
                if r.status_code >= 500:
                    failed.append((pattern.format(k=key, v=quoted)[:60], r.status_code))
    for path, fields in (("/admin/money/remittances", ("courier", "amount", "received_on",
                                                       "coop", "note")),
                         ("/admin/slips", ("order", "size")), ("/admin/lang", ("lang", "next")),
                         ("/admin/coops/tifawin/catalog/import", ("payload", "filename")),
                         ("/admin/coops/tifawin/members/new", ("name", "phone", "channel",
                                                               "language"))):
        for value in HOSTILE_VALUES:
            r = a.http.post(site["url"] + path, data={**{f: value for f in fields},
                                                      "csrf_token": csrf},
                            allow_redirects=False, timeout=10)
            if r.status_code >= 500:
                failed.append((path, value[:12], r.status_code))
    assert not failed, failed


def test_flask_debug_left_on_in_production_is_ignored(tmp_path, monkeypatch, caplog):
    """FLASK_DEBUG=1 in a production environment: no error handed to the server (gunicorn
    would write the traceback and URL unscrubbed), a bare 500 and one JSON log line instead."""
    monkeypatch.setenv("FLASK_DEBUG", "1")
    app = make_app(tmp_path / "debug.sqlite3", TESTING=False)        # Twilio's token is set
    assert app.debug is False and "FLASK_DEBUG is ignored" in caplog.text

    def boom():
        raise RuntimeError("secret detail +212612000999")
    app.add_url_rule("/boom", view_func=boom)
    with LocalServer(app) as server:
        r = requests.get(server.base_url + "/boom", timeout=10)
        assert r.status_code == 500 and "secret detail" not in r.text
        assert "Traceback" not in r.text
    dev = make_app(tmp_path / "dev.sqlite3", TESTING=False, TWILIO_AUTH_TOKEN="",
                   PUBLIC_URL="")
    assert dev.debug is True                                        # a developer's own choice
    store.close_all()
