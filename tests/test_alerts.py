"""Alerts to members: rendered per language, sent by the real worker through the real
``twilio`` client to the local fake Twilio, statuses back through the signed webhook."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
import yaml

from bot import alerts, i18n, messaging, orders, store, worker
from bot.cli import import_coop
from bot.messaging import ConsoleTransport, TwilioTransport, make_transport
from bot.sms import sms_segments, sms_text
from tests.conftest import ACCOUNT_SID, AUTH_TOKEN, DEMO
from tests.test_members import LINES, digits, place

TEMPLATE_SID = "HX" + "a" * 32
TEAM = [  # one member per language, both channels
    {"name": "Amina", "phone": "0661000011", "channel": "sms", "language": "fr"},
    {"name": "John", "phone": "0661000012", "channel": "whatsapp", "language": "en"},
    {"name": "Youssef", "phone": "0661000013", "channel": "sms", "language": "ary-Latn"},
    {"name": "Fatima", "phone": "0661000014", "channel": "whatsapp", "language": "ary-Arab"},
]
JOHN, FATIMA_WA = "+212661000012", "+212661000014"
HINTS = {"fr": "sift {d}", "en": "sift {d}", "ary-Latn": "sift {d}",
         "ary-Arab": "ملي تصيفطوها جاوبو: صيفط {d}"}
ORDER = {"number": "T-1042", "total": 500.0, "customer_name": "Fatima Zahra",
         "phone": "+212612345678", "city": "Casablanca", "address": "Hay Nahda, rue 5, n° 12",
         "status": "confirmed", "lines": LINES}


@pytest.fixture
def fake(fake_twilio):
    return fake_twilio


@pytest.fixture
def settings(app, live, fake):
    """The worker's settings: Twilio credentials, the fake's URL, our public URL."""
    app.config.update(TWILIO_ACCOUNT_SID=ACCOUNT_SID, TWILIO_API_BASE_URL=fake.base_url,
                      PUBLIC_URL=live.base_url)
    return dict(app.config)


@pytest.fixture
def transport(settings):
    return make_transport(settings)


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch):
    monkeypatch.setattr(worker, "backoff", lambda *args, **kwargs: 0)


def use_team(db, tmp_path, template=True):
    """Replace the demo cooperative's members by TEAM (and give it a WhatsApp template)."""
    data = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    data.update(catalog=str(DEMO.parent / "catalog.csv"), members=TEAM)
    if template:
        data["whatsapp_template"] = {"content_sid": TEMPLATE_SID}
    path = tmp_path / "team.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    import_coop(db, path)


def open_window(db, *phones, hours_ago=1.0):
    when = (datetime.now(UTC) - timedelta(hours=hours_ago)).isoformat()
    with store.transaction(db):
        for phone in phones:
            store.set_member_last_inbound(db, store.find_member(db, phone, 1)["id"], when)


def sent_to(fake, phone):
    return [m for m in fake.messages if m["To"].endswith(phone)]


def member_jobs(db, kind="message.member"):
    return [j for j in store.list_jobs(db, limit=500) if j["kind"] == kind]


# -- rendering -------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["fr", "en", "ary-Latn", "ary-Arab"])
def test_order_alert_is_complete_and_fits_two_sms(lang):
    text = alerts.render("order", lang, order=ORDER)
    sms = sms_text(text)
    amount = "500 درهم" if lang == "ary-Arab" else "500 DH"
    for part in ("T-1042", "Miel de thym 1kg", "Amlou 250g", amount, "Fatima Zahra",
                 "0612345678", "Casablanca", "Hay Nahda", HINTS[lang].format(d="1042")):
        assert part in text and part in sms
    assert text.startswith("🛒") and "2 × Miel" in text
    # Arabic script is UCS-2 (67 characters a part): the plain "ملي تصيفطوها جاوبو: صيفط 1042"
    # costs a third part, which members on basic phones asked for over a cryptic "← صيفط".
    limit = 3 if lang == "ary-Arab" else 2
    assert sms_segments(sms) <= limit
    pending = sms_text(alerts.render("order", lang, order=dict(ORDER, status="pending_approval")))
    assert sms_segments(pending) <= limit
    assert not any(ord(ch) > 0xFFFF for ch in sms)                    # no emoji by SMS
    if lang != "ary-Arab":
        assert sms_segments(sms) == sms_segments(sms.encode("ascii", "replace").decode())


@pytest.mark.parametrize("lang", ["fr", "en", "ary-Latn", "ary-Arab"])
def test_every_alert_kind_renders_short(lang):
    customer = {"name": "Karim", "phone": "+212600000099"}
    texts = [alerts.render("order", lang, order=dict(ORDER, status="pending_approval")),
             alerts.render("handoff", lang, customer=customer,
                           messages=["bghit nhder m3a chi wa7ed"]),
             alerts.render("media", lang, customer=customer, media="voice"),
             alerts.render("question", lang, customer=customer, text="kach7al kaydoum? " * 20),
             alerts.render("cancelled", lang, order=ORDER, by="customer"),
             alerts.render("refused", lang, order=ORDER),
             alerts.render("returned", lang, order=ORDER),
             alerts.render("forward_failed", lang, order=ORDER, error="city not served: Xyz")]
    for text in texts:
        assert "{" not in text and sms_segments(sms_text(text)) <= 3
    assert ("qbel 1042" if lang == "ary-Latn" else "قبل 1042" if lang == "ary-Arab"
            else "ok 1042") in texts[0]
    assert "0600000099" in texts[1] and "bghit nhder" in texts[1]


def test_template_variables_are_single_lines_and_configurable():
    text = alerts.render("order", "fr", order=ORDER)
    default = alerts.template_variables({"settings": {}}, "order", text, {"order": ORDER})
    assert default["1"] == "🛒 Commande T-1042"
    assert "\n" not in default["2"] and "500 DH" in default["2"] and "sift 1042" in default["2"]
    coop = {"settings": {"whatsapp_template": {"content_sid": TEMPLATE_SID, "content_variables": {
        "1": "{number}", "2": "{name} {phone}", "3": "{total}"}}}}
    assert alerts.template_variables(coop, "order", text, {"order": ORDER}) == {
        "1": "T-1042", "2": "Fatima Zahra 0612345678", "3": "500 DH"}


# -- sending through the fake Twilio -------------------------------------------------------------

def test_order_alert_reaches_each_member_on_their_channel_in_their_language(db, fake, settings,
                                                                           transport, tmp_path):
    use_team(db, tmp_path)
    open_window(db, JOHN, FATIMA_WA)
    order = place(db)
    assert worker.work_once(db, transport, settings) >= 4
    assert len(fake.messages) == 4
    d = digits(order)
    for member in TEAM:
        [sent] = sent_to(fake, "+212" + member["phone"][1:])
        lang = member["language"]
        if member["channel"] == "whatsapp":
            assert sent["To"].startswith("whatsapp:") and sent["From"] == "whatsapp:+14155238886"
            assert sent["Body"] == alerts.render("order", lang, order=order)
        else:
            assert sent["From"] == "+15005550006"
            assert sent["Body"] == sms_text(alerts.render("order", lang, order=order))
            assert sms_segments(sent["Body"]) <= (3 if lang == "ary-Arab" else 2)
        assert order["number"] in sent["Body"] and HINTS[lang].format(d=d) in sent["Body"]
        assert ("500 درهم" if lang == "ary-Arab" else "500 DH") in sent["Body"]
        assert "0600000101" in sent["Body"]
        assert sent["StatusCallback"] == settings["PUBLIC_URL"] + "/webhooks/twilio/status"
    done = member_jobs(db)
    assert {j["status"] for j in done} == {"done"}
    for job in done:
        message = store.get_message_by_sid(db, job["result"]["sid"])
        assert message["direction"] == "out" and message["status"] == "queued"


def test_template_outside_the_24_hour_window(db, fake, settings, transport, tmp_path):
    use_team(db, tmp_path)
    open_window(db, JOHN, hours_ago=25)                   # John: window closed; Fatima: never wrote
    order = place(db)
    worker.work_once(db, transport, settings)
    for phone, title in ((JOHN, f"🛒 Order {order['number']}"),
                         (FATIMA_WA, f"🛒 طلبية {order['number']}")):
        [sent] = sent_to(fake, phone)
        assert sent["To"] == f"whatsapp:{phone}" and "Body" not in sent
        assert sent["ContentSid"] == TEMPLATE_SID
        variables = json.loads(sent["ContentVariables"])
        assert variables["1"] == title and "\n" not in variables["2"]
        assert "500 DH" in variables["2"] or "500 درهم" in variables["2"]
    [john_job] = [j for j in member_jobs(db) if j["payload"]["phone"] == JOHN]
    assert john_job["result"]["template"] == TEMPLATE_SID
    assert store.get_message_by_sid(db, john_job["result"]["sid"])["body"].startswith(
        f"[template {TEMPLATE_SID}] 🛒 Order")


def test_without_a_template_a_whatsapp_member_outside_the_window_gets_an_sms(db, fake, settings,
                                                                            transport, tmp_path):
    use_team(db, tmp_path, template=False)
    place(db)
    worker.work_once(db, transport, settings)
    [sent] = sent_to(fake, JOHN)
    assert sent["To"] == JOHN and "🛒" not in sent["Body"]


def test_sms_fallback_when_whatsapp_refuses_at_once(db, fake, settings, transport, tmp_path):
    use_team(db, tmp_path)
    open_window(db, JOHN, FATIMA_WA)
    fake.refuse_whatsapp(JOHN)                            # 63016
    order = place(db)
    worker.work_once(db, transport, settings)
    refused = [r for r in fake.requests if r["code"]]
    assert [(r["form"]["To"], r["code"]) for r in refused] == [(f"whatsapp:{JOHN}", 63016)]
    [sent] = sent_to(fake, JOHN)
    assert sent["To"] == JOHN and sent["Body"] == sms_text(
        alerts.render("order", "en", order=order))
    [job] = [j for j in member_jobs(db) if j["payload"]["phone"] == JOHN]
    assert job["status"] == "done" and job["result"]["channel"] == "sms"
    assert job["result"]["refusals"][0]["code"] == 63016
    assert len(sent_to(fake, FATIMA_WA)) == 1                  # the others are unaffected


def test_sms_fallback_when_whatsapp_fails_after_acceptance(db, fake, settings, transport, tmp_path,
                                                            twilio):
    use_team(db, tmp_path)
    open_window(db, JOHN, FATIMA_WA)
    fake.send_status_callbacks = True
    fake.fail_delivery(f"whatsapp:{JOHN}", code=63016, status="failed")
    order = place(db)
    worker.work_once(db, transport, settings)
    callbacks = fake.wait_for_callbacks(8)                       # sent + final, 4 messages
    worker.work_once(db, transport, settings)                    # the fallback, if not run yet
    fake.wait_idle()
    assert {c["http_status"] for c in fake.callbacks} == {204}
    [whatsapp] = [m for m in sent_to(fake, JOHN) if m["To"].startswith("whatsapp:")]
    message = store.get_message_by_sid(db, whatsapp["sid"])
    assert (message["status"], message["error_code"]) == ("failed", "63016")
    [fallback] = member_jobs(db, "message.member_sms")
    assert fallback["payload"]["failed_sid"] == whatsapp["sid"] and fallback["status"] == "done"
    [sms] = [m for m in sent_to(fake, JOHN) if m["To"] == JOHN]
    assert order["number"] in sms["Body"] and "🛒" not in sms["Body"]
    # The same failure reported again queues nothing more.
    failed = next(c for c in callbacks if c["params"]["MessageStatus"] == "failed")
    assert twilio.post("/webhooks/twilio/status", failed["params"]).status_code == 204
    worker.work_once(db, transport, settings)
    assert len(member_jobs(db, "message.member_sms")) == 1 and len(sent_to(fake, JOHN)) == 2


class RacingTransport(TwilioTransport):
    """Twilio reports the failure before the worker has even stored the message."""

    def __init__(self, fake, sender, **kw):
        super().__init__(ACCOUNT_SID, AUTH_TOKEN, api_base_url=fake.base_url)
        self.fake, self.sender = fake, sender

    def send(self, **kw):
        result = super().send(**kw)
        if kw["to"].startswith("whatsapp:"):
            record = next(m for m in self.fake.messages if m["sid"] == result["sid"])
            params = self.fake.callback_params(record, "failed", 63016)
            assert self.sender.post("/webhooks/twilio/status", params).status_code == 204
        return result


def test_a_failure_callback_that_beats_the_worker_still_falls_back(db, fake, settings, tmp_path,
                                                                    twilio):
    use_team(db, tmp_path)
    open_window(db, JOHN)
    place(db)
    worker.work_once(db, RacingTransport(fake, twilio), settings)
    fallbacks = member_jobs(db, "message.member_sms")           # John's text, Fatima's template
    assert sorted(j["payload"]["phone"] for j in fallbacks) == [JOHN, FATIMA_WA]
    assert {j["status"] for j in fallbacks} == {"done"}
    assert [m["To"] for m in sent_to(fake, JOHN)] == [f"whatsapp:{JOHN}", JOHN]


def test_retry_on_5xx_and_429_without_duplicates(db, fake, settings, transport):
    fake.fail_next(2, status=503)
    fake.fail_next(1, status=429)
    place(db)
    worker.work_once(db, transport, settings)
    jobs = member_jobs(db)
    assert [j["status"] for j in jobs] == ["done", "done"]
    assert sum(j["attempts"] for j in jobs) == 2 + 3          # three answers were errors
    assert len(fake.messages) == 2 and len(fake.requests) == 5
    # A job run again (e.g. its worker died after Twilio accepted) never sends twice.
    with store.transaction(db):
        for job in jobs:
            store.requeue_job(db, job["id"])
    worker.work_once(db, transport, settings)
    assert len(fake.messages) == 2 and len(fake.requests) == 5


def test_a_refused_number_fails_the_job_without_retrying(db, fake, settings, transport):
    fake.invalid_number("+212661000001")                  # Fatima, SMS only
    place(db)
    worker.work_once(db, transport, settings)
    [job] = [j for j in member_jobs(db) if j["payload"]["phone"] == "+212661000001"]
    assert job["status"] == "failed" and job["attempts"] == 1 and "21211" in job["last_error"]
    assert "+212661000001" not in job["last_error"]


def test_status_callbacks_update_each_message(db, fake, settings, transport, twilio):
    fake.send_status_callbacks = True
    place(db)
    worker.work_once(db, transport, settings)
    fake.wait_for_callbacks(4)
    for job in member_jobs(db):
        assert store.get_message_by_sid(db, job["result"]["sid"])["status"] == "delivered"
    forged = dict(fake.callbacks[0]["params"], MessageStatus="failed")
    answer = twilio.post("/webhooks/twilio/status", forged,
                         signature=fake.callbacks[0]["signature"])
    assert answer.status_code == 403


def test_console_transport_records_messages_for_the_outbox_view(app, db):
    settings = dict(app.config, TWILIO_ACCOUNT_SID="")
    console = make_transport(settings)
    assert isinstance(console, ConsoleTransport)
    order = place(db)
    worker.work_once(db, console, settings)
    assert sorted(m["to"] for m in console.sent) == ["+212661000001", "+212661000002"]
    with app.app_context():
        output = app.test_cli_runner().invoke(args=["outbox", "--kind", "message"]).output
    for sent in console.sent:
        assert f"→ sms {sent['sid']} sent" in output
        assert store.get_message_by_sid(db, sent["sid"])["body"] == sent["body"]
    assert order["number"] in output


# -- every alert kind is emitted where its event happens -------------------------------------------

def kinds(db):
    return sorted(j["payload"]["kind"] for j in member_jobs(db))


def test_handoff_and_media_alerts_come_from_the_conversation(twilio, db):
    twilio.say("bghit nhder m3a chi wa7ed", phone="+212600000013")
    twilio.say("", phone="+212600000014", NumMedia="1", MediaUrl0="https://api.twilio.com/m/1",
               MediaContentType0="audio/ogg")
    # a voice note starts a handoff too (issue 18): the alert, then the voice note itself
    assert kinds(db) == ["handoff"] * 4 + ["relay", "relay"]
    relayed = [j["payload"] for j in member_jobs(db) if j["payload"]["kind"] == "relay"]
    assert all("https://api.twilio.com/m/1" in p["text"] or p.get("media_url") for p in relayed)
    handoff = next(j for j in member_jobs(db) if j["payload"]["kind"] == "handoff"
                   and "0600000013" in j["payload"]["text"])
    assert "nhder m3a chi wa7ed" in handoff["payload"]["text"]
    assert "0600000013" in handoff["payload"]["text"]


def test_a_question_passed_on_mid_order_alerts_the_members(twilio, db):
    """"How long does it keep?" at "anything else?": the members get the question (and the
    phone to call back); the customer goes on ordering (no person offered, no handoff)."""
    twilio.say("bghit 2 amlou 500g", phone="+212600000015")
    twilio.say("kach7al kaydoum?", phone="+212600000015")
    assert kinds(db) == ["question", "question"]
    text = member_jobs(db)[0]["payload"]["text"]
    assert "kach7al kaydoum?" in text and "0600000015" in text


def test_courier_events_alert_members(db, app):
    order = place(db)
    coop = store.get_coop(db, 1)
    with store.transaction(db):
        orders.apply_courier_status(db, store.get_order(db, order["id"]), "REFUSED", "refused",
                                    "sandbox")
        orders.apply_courier_status(db, store.get_order(db, order["id"]), "RETURNED",
                                    "returned", "sandbox")
    worker.courier_jobs._forward_failed(db, coop, store.get_order(db, order["id"]),
                                        "city not served")
    assert kinds(db) == ["forward_failed"] * 2 + ["order"] * 2 + ["refused"] * 2 + \
        ["returned"] * 2
    with store.transaction(db):
        orders.cancel_order(db, coop, place(db, phone="+212600000102"), actor="customer")
    assert kinds(db).count("cancelled") == 2
    fatima = next(j for j in member_jobs(db) if j["payload"]["kind"] == "refused"
                  and j["payload"]["phone"] == "+212661000001")
    assert fatima["payload"]["text"] == alerts.render("refused", "ary-Arab", order=order)
    assert i18n.t("ary-Arab", "alert_refused", number=order["number"]).split("\n")[0] in \
        fatima["payload"]["text"]


# -- a lost answer is looked up before sending again --------------------------------------------

def test_a_send_whose_answer_was_lost_is_found_not_sent_again(db, fake, transport, settings,
                                                            monkeypatch):
    place(db)
    jobs = member_jobs(db)
    real_deliver = worker.message_jobs.deliver
    lost = set()

    def first_answer_lost(transport, attempts, *args, **kwargs):
        sent = real_deliver(transport, attempts, *args, **kwargs)     # Twilio accepts it...
        if attempts[0]["to"] not in lost:
            lost.add(attempts[0]["to"])
            raise messaging.SendError("read timed out", retryable=True)  # ...the answer is lost
        return sent

    monkeypatch.setattr(worker.message_jobs, "deliver", first_answer_lost)
    worker.work_once(db, transport, settings)                   # send, lose, retry, find
    assert len(lost) == len(jobs) == 2
    assert len(fake.messages) == len(jobs)                      # nothing sent twice
    done = member_jobs(db)
    assert {j["status"] for j in done} == {"done"} and all(j["attempts"] == 2 for j in done)
    assert {j["result"]["sid"] for j in done} == {m["sid"] for m in fake.messages}


def test_a_notice_to_an_sms_customer_is_sent_without_emojis(db, fake, settings, transport):
    with store.transaction(db):
        store.enqueue(db, "message.customer", {
            "coop_id": 1, "from": "+15005550006", "to": "+212600000909",
            "body": "🚚 Lcommande T-1001 khrjat! Wjjdo 440 DH."}, dedupe_key="notice-sms")
        store.enqueue(db, "message.customer", {
            "coop_id": 1, "from": "whatsapp:+14155238886", "to": "whatsapp:+212600000910",
            "body": "🚚 Lcommande T-1002 khrjat!"}, dedupe_key="notice-wa")
    worker.work_once(db, transport, settings)
    [sms] = sent_to(fake, "+212600000909")
    assert sms["Body"] == "Lcommande T-1001 khrjat! Wjjdo 440 DH."
    [whatsapp] = sent_to(fake, "+212600000910")
    assert whatsapp["Body"].startswith("🚚")


LONG = [{"sku": "ARGAN-COSM-100", "name": "Huile d'argan cosmétique 100ml", "quantity": 1,
         "unit_price": 90.0},
        {"sku": "SAVON-EUCA-250", "name": "Savon noir à l'eucalyptus 250g", "quantity": 2,
         "unit_price": 35.0}]


@pytest.mark.parametrize("lang", ["fr", "ary-Arab"])
def test_a_long_product_name_is_never_cut_so_the_size_stays(lang):
    text = sms_text(alerts.render("order", lang, order=dict(ORDER, lines=LONG)))
    assert "…" not in text and "..." not in text
    assert "1 x Huile d'argan cosmétique\n100ml" in text or \
        "1 × Huile d'argan cosmétique\n100ml" in text
    assert "eucalyptus" in text and "250g" in text


def test_member_alerts_use_the_catalogs_short_names(db):
    coop = store.get_coop_by_slug(db, "tifawin")
    products = store.list_products(db, coop["id"])
    for p in products:
        if p["sku"] == "MIEL-THYM-1KG":
            p["short_name"] = "Thym 1kg"
    store.replace_catalog(db, coop["id"], products)
    order = place(db)
    [job, *_] = member_jobs(db)
    assert "2 × Thym 1kg" in job["payload"]["text"] and "1 × Amlou 250g" in job["payload"]["text"]
    assert "2 × Thym 1kg" in i18n.t("fr", "member_order", **alerts.order_params(
        order, alerts.short_names(db, coop["id"])))


def test_short_names_are_read_for_the_skus_asked_only(db):
    coop = store.get_coop_by_slug(db, "tifawin")
    products = store.list_products(db, coop["id"])
    named = {p["sku"]: f"Short {i}" for i, p in enumerate(products[:3])}
    for p in products:
        p["short_name"] = named.get(p["sku"])
    store.replace_catalog(db, coop["id"], products)
    first, second, third = named
    assert store.short_names(db, coop["id"]) == named
    assert store.short_names(db, coop["id"], [first, third, products[-1]["sku"], None]) == \
        {first: named[first], third: named[third]}
    assert store.short_names(db, coop["id"], []) == {}
    assert store.short_names(db, coop["id"], [None]) == {}
