"""Outbound messaging, through the real ``twilio`` client over HTTP to a local fake."""

from __future__ import annotations

import json
import logging
import re
import socket
import threading
import traceback
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask, request
from twilio.request_validator import RequestValidator
from twilio.rest import Client
from werkzeug.serving import make_server

from bot.messaging import (
    ConsoleTransport,
    SendError,
    TwilioTransport,
    deliver,
    make_transport,
    parse_status_callback,
    plan_member_delivery,
    within_whatsapp_window,
)
from bot.sms import sms_segments

COOP_WA = "whatsapp:+212522000001"
COOP_SMS = "+212522000002"
PHONE = "+212612345678"
NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
TEMPLATE = {"content_sid": "HX" + "b" * 32, "variables": {"1": "Fatima", "2": "12"}}
SID_RE = re.compile(r"^SM[0-9a-f]{32}$")


@pytest.fixture
def fake(fake_twilio):
    return fake_twilio


@pytest.fixture
def transport(fake):
    return TwilioTransport(fake.account_sid, fake.auth_token, api_base_url=fake.base_url, timeout=2)


def member(channel="whatsapp", phone=PHONE):
    return {"name": "Fatima", "phone": phone, "channel": channel, "language": "ar"}


def plan(channel="whatsapp", last_inbound_at=NOW - timedelta(hours=1), template=TEMPLATE, **kwargs):
    options = {"coop_whatsapp_from": COOP_WA, "coop_sms_from": COOP_SMS, **kwargs}
    return plan_member_delivery(
        member(channel), text="Commande #12: 2 kg miel", template=template,
        last_inbound_at=last_inbound_at, now=NOW, **options,
    )


# -- sending through the real client ------------------------------------------


def test_send_sms(fake, transport):
    result = transport.send(from_=COOP_SMS, to=PHONE, body="Salam, commande jdida")
    assert SID_RE.match(result["sid"]) and result["status"] == "queued"
    [sent] = fake.messages
    assert (sent["sid"], sent["From"], sent["To"], sent["Body"]) == (
        result["sid"], COOP_SMS, PHONE, "Salam, commande jdida",
    )
    client = Client(fake.account_sid, fake.auth_token)
    client.api.base_url = fake.base_url
    fetched = client.messages(result["sid"]).fetch()
    assert (fetched.to, fetched.from_, fetched.num_segments) == (PHONE, COOP_SMS, "1")
    assert fetched.account_sid == fake.account_sid and fetched.error_code is None


def test_send_whatsapp_free_text(fake, transport):
    result = transport.send(from_=COOP_WA, to="whatsapp:" + PHONE, body="Salam")
    [sent] = fake.messages
    assert sent["sid"] == result["sid"]
    assert sent["To"] == "whatsapp:" + PHONE and sent["From"] == COOP_WA
    assert "ContentSid" not in sent


def test_template_send_with_content_variables(fake, transport):
    transport.send(
        from_=COOP_WA, to="whatsapp:" + PHONE,
        content_sid=TEMPLATE["content_sid"], content_variables={1: "Fāṭima", 2: 12},
        status_callback="https://bghit.example/twilio/status",
    )
    [sent] = fake.messages
    assert sent["ContentSid"] == TEMPLATE["content_sid"] and "Body" not in sent
    assert json.loads(sent["ContentVariables"]) == {"1": "Fāṭima", "2": "12"}
    assert sent["StatusCallback"] == "https://bghit.example/twilio/status"


def test_send_needs_body_or_template(transport):
    with pytest.raises(ValueError):
        transport.send(from_=COOP_SMS, to=PHONE)


def test_server_error_is_retryable_then_retry_sends_once(fake, transport):
    fake.fail_next(1, status=500)
    attempts = plan("sms")
    with pytest.raises(SendError) as info:
        deliver(transport, attempts)
    assert (info.value.retryable, info.value.status, info.value.code) == (True, 500, 20500)
    assert fake.messages == []
    result = deliver(transport, attempts)
    assert len(fake.messages) == 1 and fake.messages[0]["sid"] == result["sid"]
    assert [r["http_status"] for r in fake.requests] == [500, 201]


def test_rate_limited_is_retryable(fake, transport):
    fake.fail_next(2, status=429)
    for _ in range(2):
        with pytest.raises(SendError) as info:
            transport.send(from_=COOP_SMS, to=PHONE, body="x")
        assert (info.value.retryable, info.value.status, info.value.code) == (True, 429, 20429)
    transport.send(from_=COOP_SMS, to=PHONE, body="x")
    assert len(fake.messages) == 1


def test_timeout_is_retryable_and_flagged_maybe_accepted(fake):
    transport = TwilioTransport(fake.account_sid, fake.auth_token,
                                api_base_url=fake.base_url, timeout=0.2)
    fake.delay_next(1, 0.6)
    with pytest.raises(SendError) as info:
        transport.send(from_=COOP_SMS, to=PHONE, body="x")
    assert info.value.retryable and info.value.maybe_accepted and info.value.status is None
    fake.wait_idle()  # Twilio may still accept a request whose answer was lost:
    assert len(fake.messages) == 1  # hence ``maybe_accepted``.


def test_connection_refused_is_retryable():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    transport = TwilioTransport("AC" + "1" * 32, "tok",
                                api_base_url=f"http://127.0.0.1:{port}", timeout=1)
    with pytest.raises(SendError) as info:
        transport.send(from_=COOP_SMS, to=PHONE, body="x")
    assert info.value.retryable and not info.value.maybe_accepted


def test_invalid_number_is_not_retryable(fake, transport):
    fake.invalid_number(PHONE)
    with pytest.raises(SendError) as info:
        transport.send(from_=COOP_SMS, to=PHONE, body="x")
    assert (info.value.retryable, info.value.status, info.value.code) == (False, 400, 21211)
    assert PHONE not in str(info.value)
    with pytest.raises(SendError) as info:
        deliver(transport, plan("sms"))
    assert info.value.code == 21211 and fake.messages == []


def test_malformed_number_refused_by_fake(fake, transport):
    with pytest.raises(SendError) as info:
        transport.send(from_=COOP_SMS, to="0612345678", body="x")
    assert info.value.code == 21211 and not info.value.retryable


def test_wrong_token_is_not_retryable(fake):
    transport = TwilioTransport(fake.account_sid, "wrong-token-123", api_base_url=fake.base_url)
    with pytest.raises(SendError) as info:
        transport.send(from_=COOP_SMS, to=PHONE, body="x")
    assert (info.value.retryable, info.value.status, info.value.code) == (False, 401, 20003)
    assert "wrong-token-123" not in str(info.value) and fake.messages == []


# -- deliver: fallback and at-most-once ---------------------------------------


def test_whatsapp_refusal_falls_back_to_sms(fake, transport):
    fake.refuse_whatsapp(PHONE)
    result = deliver(transport, plan("whatsapp"))
    assert (result["channel"], result["attempt_index"], result["already_sent"]) == ("sms", 1, False)
    assert result["refusals"] == [
        {"attempt_index": 0, "channel": "whatsapp", "code": 63016, "status": 400}
    ]
    [sent] = fake.messages
    assert sent["sid"] == result["sid"] and sent["To"] == PHONE and sent["From"] == COOP_SMS


def test_refused_whatsapp_still_accepts_templates(fake, transport):
    fake.refuse_whatsapp()
    result = deliver(transport, plan("whatsapp", last_inbound_at=None))
    assert (result["channel"], result["attempt_index"]) == ("whatsapp", 0)
    assert fake.messages[0]["ContentSid"] == TEMPLATE["content_sid"]


def test_every_attempt_refused_raises_last_refusal(fake, transport):
    fake.refuse_whatsapp(PHONE)
    fake.invalid_number(PHONE, code=21610)
    with pytest.raises(SendError) as info:
        deliver(transport, plan("whatsapp"))
    assert info.value.code == 21610 and not info.value.retryable


def test_deliver_without_attempts():
    with pytest.raises(SendError) as info:
        deliver(ConsoleTransport(), [])
    assert not info.value.retryable and info.value.code is None


def test_retry_after_fallback_error_sends_once(fake, transport):
    fake.refuse_whatsapp(PHONE)
    fake.fail_next(1, status=503)
    attempts = plan("whatsapp")
    with pytest.raises(SendError) as info:
        deliver(transport, attempts)
    assert info.value.retryable and fake.messages == []
    result = deliver(transport, attempts)
    assert result["channel"] == "sms" and len(fake.messages) == 1


def test_deliver_with_already_sent_does_not_resend(fake, transport):
    attempts = plan("whatsapp")
    first = deliver(transport, attempts)
    requests_before = len(fake.requests)
    again = deliver(transport, attempts, already_sent=first["sid"])
    assert again["sid"] == first["sid"] and again["already_sent"] is True
    assert len(fake.requests) == requests_before and len(fake.messages) == 1


# -- planning -----------------------------------------------------------------


def test_whatsapp_window():
    assert not within_whatsapp_window(None, NOW)
    assert within_whatsapp_window(NOW - timedelta(hours=23, minutes=59), NOW)
    assert not within_whatsapp_window(NOW - timedelta(hours=24), NOW)
    assert not within_whatsapp_window(NOW - timedelta(days=3), NOW)


def test_plan_whatsapp_inside_window():
    attempts = plan("whatsapp")
    assert attempts == [
        {"from_": COOP_WA, "to": "whatsapp:" + PHONE, "body": "Commande #12: 2 kg miel"},
        {"from_": COOP_SMS, "to": PHONE, "body": "Commande #12: 2 kg miel"},
    ]


def test_plan_whatsapp_outside_window_uses_template():
    attempts = plan("whatsapp", last_inbound_at=NOW - timedelta(days=2))
    assert attempts[0] == {
        "from_": COOP_WA, "to": "whatsapp:" + PHONE,
        "content_sid": TEMPLATE["content_sid"], "content_variables": TEMPLATE["variables"],
    }
    assert attempts[1]["to"] == PHONE and len(attempts) == 2


def test_plan_whatsapp_outside_window_without_template_goes_sms():
    attempts = plan("whatsapp", last_inbound_at=None, template=None)
    assert [a["to"] for a in attempts] == [PHONE]


def test_plan_whatsapp_without_sms_sender():
    attempts = plan("whatsapp", coop_sms_from=None)
    assert [a["to"] for a in attempts] == ["whatsapp:" + PHONE]
    assert plan("whatsapp", coop_sms_from=None, last_inbound_at=None, template=None) == []


def test_plan_whatsapp_member_of_sms_only_coop():
    attempts = plan("whatsapp", coop_whatsapp_from=None)
    assert [a["to"] for a in attempts] == [PHONE]


def test_plan_sms_member():
    assert plan("sms") == [{"from_": COOP_SMS, "to": PHONE, "body": "Commande #12: 2 kg miel"}]
    assert plan("sms", coop_sms_from=None) == []


def test_plan_adds_status_callback_and_whatsapp_prefix():
    attempts = plan("whatsapp", coop_whatsapp_from="+212522000001", status_callback="https://b.example/s")
    assert attempts[0]["from_"] == COOP_WA
    assert all(a["status_callback"] == "https://b.example/s" for a in attempts)


@pytest.mark.parametrize("bad", [{"phone": "0612345678"}, {"channel": "telegram"}, {"phone": ""}])
def test_plan_rejects_malformed_member(bad):
    with pytest.raises(ValueError):
        plan_member_delivery(
            {**member(), **bad}, coop_whatsapp_from=COOP_WA, coop_sms_from=COOP_SMS,
            text="x", template=None, last_inbound_at=None, now=NOW,
        )


# -- status callbacks ---------------------------------------------------------

GOOD_SID = "SM" + "c" * 32


def test_parse_status_callback():
    form = {"MessageSid": GOOD_SID, "MessageStatus": "undelivered", "ErrorCode": "30003",
            "To": PHONE, "From": COOP_SMS, "AccountSid": "AC" + "0" * 32}
    assert parse_status_callback(form) == {
           "sid": GOOD_SID, "status": "undelivered", "error_code": 30003}
    assert parse_status_callback({"SmsSid": GOOD_SID, "SmsStatus": "sent"})["error_code"] is None
    assert parse_status_callback({"MessageSid": GOOD_SID, "MessageStatus": "read",
                                  "ErrorCode": ""})["status"] == "read"


@pytest.mark.parametrize("form", [
    {},
    {"MessageStatus": "sent"},
    {"MessageSid": "SM123", "MessageStatus": "sent"},
    {"MessageSid": GOOD_SID},
    {"MessageSid": GOOD_SID, "MessageStatus": "exploded"},
    {"MessageSid": GOOD_SID, "MessageStatus": "failed", "ErrorCode": "oops"},
])
def test_parse_status_callback_rejects_malformed(form):
    with pytest.raises(ValueError):
        parse_status_callback(form)


@pytest.fixture
def callback_receiver():
    """A tiny app standing in for Bghit's status callback endpoint."""
    received = []
    app = Flask("receiver")

    @app.post("/twilio/status")
    def status():
        received.append((request.url, request.form.to_dict(),
                         request.headers.get("X-Twilio-Signature")))
        return "", 204

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02},
                              daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.port}/twilio/status?coop=argan", received
    server.shutdown()
    thread.join(5)


def test_status_callbacks_are_signed_like_twilio(fake, transport, callback_receiver):
    url, received = callback_receiver
    fake.send_status_callbacks = True
    fake.fail_delivery("+212612345600", code=30003)
    ok = transport.send(from_=COOP_SMS, to=PHONE, body="x", status_callback=url)
    bad = transport.send(from_=COOP_SMS, to="+212612345600", body="x", status_callback=url)
    fake.wait_for_callbacks(4)
    assert len(received) == 4 and all(c["http_status"] == 204 for c in fake.callbacks)
    validator = RequestValidator(fake.auth_token)
    for seen_url, form, signature in received:
        assert validator.validate(seen_url, form, signature)
        assert not RequestValidator("other-token").validate(seen_url, form, signature)
        assert not validator.validate(seen_url, {**form, "MessageStatus": "read"}, signature)
    parsed = [parse_status_callback(form) for _, form, _ in received]
    assert [p["status"] for p in parsed if p["sid"] == ok["sid"]] == ["sent", "delivered"]
    assert [(p["status"], p["error_code"]) for p in parsed if p["sid"] == bad["sid"]] == [
        ("sent", None), ("undelivered", 30003)
    ]


# -- SMS length -----------------------------------------------------------------


@pytest.mark.parametrize("text, parts", [
    ("", 0),
    ("a" * 160, 1),
    ("a" * 161, 2),
    ("a" * 306, 2),
    ("a" * 307, 3),
    ("Salam! 3ndk commande jdida: 2 kg l3sel, 220 DH. Merci à vous, à demain.", 1),
    ("Salam! 3ndk commande jdida: 2 kg l3sel, 220 DH. Merci à vous, à bientôt.", 2),  # ô: UCS-2
    ("€" * 80, 1),
    ("€" * 81, 2),
    ("a" * 158 + "€", 1),
    ("a" * 159 + "€", 2),
    ("a" * 152 + "€" + "a" * 152, 3),  # the escape pair is not split across parts
    ("ت" * 70, 1),
    ("ت" * 71, 2),
    ("ت" * 134, 2),
    ("ت" * 135, 3),
    ("a" * 69 + "ç", 1),
    ("a" * 70 + "ç", 2),
    ("😀" * 35, 1),
    ("😀" * 36, 2),
])
def test_sms_segments(text, parts):
    assert sms_segments(text) == parts


def test_sms_segments_arabic_alert():
    alert = "طلب جديد رقم 12: 2 كلغ عسل الزعتر، 220 درهم. المرجو التأكيد."
    assert sms_segments(alert) == 1
    assert sms_segments(alert * 2) == 2


# -- console transport and configuration ----------------------------------------


def test_console_transport_keeps_last_messages(caplog):
    console = ConsoleTransport(keep=2)
    caplog.set_level(logging.INFO, logger="bot.messaging")
    results = [console.send(from_=COOP_SMS, to=PHONE, body=f"m{i}") for i in range(3)]
    assert all(SID_RE.match(r["sid"]) and r["status"] == "sent" for r in results)
    assert [m["body"] for m in console.sent] == ["m1", "m2"]
    assert console.sent[-1]["sid"] == results[-1]["sid"]
    assert "+2126•••••678" in caplog.text and PHONE not in caplog.text and "m2" not in caplog.text


def test_make_transport(fake):
    assert isinstance(make_transport({}), ConsoleTransport)
    transport = make_transport({
        "TWILIO_ACCOUNT_SID": fake.account_sid, "TWILIO_AUTH_TOKEN": fake.auth_token,
        "TWILIO_API_BASE_URL": fake.base_url + "/",
    })
    assert isinstance(transport, TwilioTransport)
    transport.send(from_=COOP_SMS, to=PHONE, body="x")
    assert len(fake.messages) == 1


# -- secrets and privacy --------------------------------------------------------


def test_auth_token_and_phones_stay_out_of_logs_and_errors(fake, caplog):
    caplog.set_level(logging.DEBUG)
    transport = TwilioTransport(fake.account_sid, fake.auth_token,
                                api_base_url=fake.base_url, timeout=0.2)
    errors = []
    transport.send(from_=COOP_SMS, to=PHONE, body="ok")
    for knob in (lambda: fake.fail_next(1), lambda: fake.invalid_number(PHONE),
                 lambda: fake.delay_next(1, 0.5)):
        knob()
        with pytest.raises(SendError) as info:
            transport.send(from_=COOP_SMS, to=PHONE, body="x")
        errors.append(info.value)
    assert [e.retryable for e in errors] == [True, False, True]
    texts = [caplog.text, repr(transport)]
    texts += [text for e in errors
              for text in (str(e), repr(e), "".join(traceback.format_exception(e)))]
    for text in texts:
        assert fake.auth_token not in text
        assert PHONE not in text


# -- every reply as the SMS transport sends it (bot/evals/sms_report.py) -------------------------

@pytest.mark.parametrize("lang", ["fr", "en", "ary-Latn"])
def test_every_reply_in_latin_script_goes_by_sms_in_gsm7(lang):
    from bot import i18n
    from bot.evals.sms_report import sample_params
    from bot.sms import is_gsm7, sms_text

    for key in i18n.load(lang):
        text = sms_text(i18n.t(lang, key, **sample_params(lang)))
        assert is_gsm7(text), (key, [ch for ch in text if not is_gsm7(ch)])


def test_the_sms_report_counts_every_key_and_the_catalog_pages(capsys):
    from bot import i18n
    from bot.evals import sms_report

    assert sms_report.main([]) == 0
    out = capsys.readouterr().out.splitlines()
    rows = {line.split()[0]: line.split()[1:] for line in out[1:-1]}
    assert set(rows) == set(i18n.load("fr")) - {"money_unit"}
    assert all(cell in ("1g", "2g") for cell in rows["welcome"][:3]) and rows["welcome"][3] == "2u"
    assert out[-1].startswith("catalog by SMS (pages)")


def test_a_lost_answer_is_found_behind_many_newer_messages(fake, transport):
    """A member who gets many alerts: the one whose answer was lost may be older than the
    newest 50 messages to that number (the soak sent one again); it is still found."""
    since = datetime.now(UTC) - timedelta(minutes=5)
    lost = {"from_": COOP_SMS, "to": PHONE, "body": "Commande #1"}
    first = transport.send(**lost)
    for n in range(2, 70):
        transport.send(from_=COOP_SMS, to=PHONE, body=f"Commande #{n}")
    found = transport.find_sent(lost, since)
    assert found is not None and found["sid"] == first["sid"]
    assert transport.find_sent({**lost, "body": "Commande #999"}, since) is None
