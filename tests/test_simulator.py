"""The web chat simulator, over real HTTP against the live app (``live`` fixture)."""

from __future__ import annotations

import copy

import pytest
import requests

from bot import store
from bot.coops import load_coop_file
from tests.conftest import COOP_WA, DEMO, TwilioSender, make_app
from tests.fakes import LocalServer
from tests.test_flow import SCRIPTS

ORDER = SCRIPTS["ary-Latn"]          # a full order, as scripted for the webhook
UNTIL_ADDRESS = ORDER[:-2]


class Sim:
    """A browser-less simulator client."""

    def __init__(self, base_url: str, phone: str = "0612345678", coop: str = "tifawin"):
        self.base = base_url
        self.phone, self.coop = phone, coop
        self.http = requests.Session()
        self.cursor = {"after_job": 0, "after_event": 0, "jobs_since": ""}

    def send(self, text: str, **kw) -> requests.Response:
        body = {"coop": self.coop, "phone": self.phone, "text": text, **kw}
        return self.http.post(self.base + "/sim/api/send", json=body, timeout=10)

    def say(self, text: str) -> str:
        resp = self.send(text)
        assert resp.status_code == 200, resp.text
        return "\n\n".join(resp.json()["replies"])

    def pin(self, lat, lon, **kw) -> requests.Response:
        body = {"coop": self.coop, "phone": self.phone, "latitude": lat, "longitude": lon, **kw}
        return self.http.post(self.base + "/sim/api/location", json=body, timeout=10)

    def events(self, **params) -> dict:
        params = {"coop": self.coop, "phone": self.phone, **self.cursor, **params}
        resp = self.http.get(self.base + "/sim/api/events", params=params, timeout=10)
        assert resp.status_code == 200, resp.text
        data = resp.json()
        self.cursor = {"after_job": data["last_job"], "after_event": data["last_event"],
                       "jobs_since": data["jobs_since"] or ""}
        return data

    def run_worker(self) -> dict:
        resp = self.http.post(self.base + "/sim/api/worker", json={}, timeout=30)
        assert resp.status_code == 200, resp.text
        return resp.json()


@pytest.fixture
def sim(live):
    return Sim(live.base_url)


def test_page_is_the_chat_with_the_demo_coop(live):
    resp = requests.get(live.base_url + "/", timeout=10)
    assert resp.status_code == 200
    html = resp.text
    assert "Coopérative Tifawin" in html and 'value="tifawin"' in html
    assert "sim.js" in html and "bghit.css" in html and "Run worker now" in html
    assert "default-src 'self'" in resp.headers["Content-Security-Policy"]
    for asset in ("/static/sim.js", "/static/bghit.css"):
        assert requests.get(live.base_url + asset, timeout=10).status_code == 200
    js = requests.get(live.base_url + "/static/sim.js", timeout=10).text
    assert 'setAttribute("dir", "auto")' in js and "innerHTML" not in js


def test_off_means_404(db_path):
    app = make_app(db_path, SIMULATOR=False)
    with LocalServer(app) as server:
        for path in ("/", "/sim/api/events?coop=tifawin"):
            assert requests.get(server.base_url + path, timeout=10).status_code == 404
        resp = requests.post(server.base_url + "/sim/api/send", timeout=10,
                             json={"coop": "tifawin", "phone": "0612345678", "text": "salam"})
        assert resp.status_code == 404
        assert requests.get(server.base_url + "/healthz", timeout=10).status_code == 200
    store.close_all()


def test_off_from_the_environment_setting(db_path):
    from bot.config import from_env
    assert from_env({"SIMULATOR": "off"})["SIMULATOR"] is False
    assert from_env({})["SIMULATOR"] is True


def test_full_order_goes_through_the_shared_path(sim, db):
    replies = [sim.say(text) for text in ORDER]
    [order] = store.search_orders(db)
    assert order["number"] in replies[-1]
    assert order["phone"] == "+212612345678" and order["channel"] == "whatsapp"
    conv = store.find_conversation(db, order["coop_id"], "+212612345678")
    first = store.transcript(db, conv["id"])[0]
    assert first["direction"] == "in" and first["body"] == "salam"
    # Stored exactly as a Twilio webhook message would be.
    msgs = store.recent_messages(db, conv["id"], limit=50)
    assert [m["body"] for m in msgs if m["direction"] == "in"] == ORDER


def test_same_replies_as_the_twilio_webhook(sim, live):
    twilio = TwilioSender(live.base_url)
    for text in ORDER[:4]:
        assert sim.say(text) == twilio.say(text, phone="+212600009999", to=COOP_WA)


def test_side_panel_sees_alerts_courier_request_and_status_changes(sim, db):
    for text in ORDER:
        sim.say(text)
    data = sim.events()
    kinds = [j["kind"] for j in data["jobs"]]
    assert kinds.count("message.member") == 2 and kinds.count("courier.forward") == 1
    assert all(j["status"] == "pending" for j in data["jobs"])
    alerts = [j for j in data["jobs"] if j["kind"] == "message.member"]
    assert {a["member"] for a in alerts} == {"Fatima", "Youssef"}
    assert all(a["alert"] == "order" and a["order"] == "T-1001" for a in alerts)
    assert all("T-1001" in a["text"] for a in alerts)
    assert all("•" in a["member_phone"] for a in alerts)          # masked
    assert [e["status"] for e in data["events"]] == ["confirmed"]

    ran = sim.run_worker()
    assert ran["ran"] == 3 and ran["counts"] == {"done": 3}
    later = sim.events()
    by_kind = {j["kind"]: j for j in later["jobs"]}
    assert by_kind["courier.forward"]["status"] == "done"
    assert by_kind["courier.forward"]["tracking"].startswith("SBX-")
    assert by_kind["message.member"]["status"] == "done"
    assert by_kind["message.member"]["channel"] in ("sms", "whatsapp")
    assert [(e["order"], e["status"], e["source"]) for e in later["events"]] == \
        [("T-1001", "forwarded", "sandbox")]
    again = sim.events()
    assert again["events"] == []
    assert all(j["status"] == "done" for j in again["jobs"])     # only re-sent if updated since


@pytest.mark.parametrize("kind,key", [
    ("courier_out_of_zone", "alert:courier_out_of_zone:7:3"),
    ("courier_cancel_failed", "alert:cancel_failed:7:SND1001:3"),
    ("courier_credentials", "alert:forward_failed:7:1764400000:3"),
])
def test_courier_alerts_name_their_order(kind, key):
    from bot.web import simulator
    job = {"id": 1, "kind": "message.member", "status": "pending", "attempts": 0,
           "last_error": None, "created_at": "", "updated_at": "", "dedupe_key": key,
           "payload": {"kind": kind, "text": "…"}, "result": {}}
    assert simulator._job_view(job, "", {7: "T-1001"})["order"] == "T-1001"


def test_tracking_progress_and_customer_notice(live, db):
    parsed = load_coop_file(DEMO)
    coop = copy.deepcopy(parsed["coop"])
    coop["settings"]["delivery"]["options"]["step_seconds"] = 0.001     # instant delivery
    store.upsert_coop(db, coop, parsed["members"], None)
    sim = Sim(live.base_url, phone="0677000111")
    for text in ORDER:
        sim.say(text)
    # One run forwards the parcel and sends the alerts, polls tracking (delivered at once
    # here) and sends the customer's notice.
    out = sim.run_worker()
    assert out["tracking_changes"] == 1 and out["ran"] == 4
    data = sim.events()
    notices = [j for j in data["jobs"] if j["kind"] == "message.customer"]
    assert notices and notices[-1]["mine"] and notices[-1]["status"] == "done"
    assert "T-1001" in notices[-1]["text"]
    assert "delivered" in [e["status"] for e in data["events"]]
    history = sim.http.get(live.base_url + "/sim/api/history",
                           params={"coop": "tifawin", "phone": "0677000111"}, timeout=10).json()
    assert history["messages"][-1]["direction"] == "out"
    assert history["messages"][-1]["status"] != "replied"          # shown as a notification


def test_location_pin(sim, db):
    for text in UNTIL_ADDRESS:
        sim.say(text)
    resp = sim.pin(33.5843, -7.6322, label="Maârif", address="Bd Zerktouni, Casablanca")
    assert resp.status_code == 200, resp.text
    assert "Zerktouni" in "\n".join(resp.json()["replies"])
    sim.say("iyeh")
    [order] = store.search_orders(db)
    assert order["latitude"] == pytest.approx(33.5843)
    history = sim.http.get(sim.base + "/sim/api/history",
                           params={"coop": "tifawin", "phone": sim.phone}, timeout=10).json()
    pins = [m for m in history["messages"] if m.get("location")]
    assert pins and pins[0]["location"]["latitude"] == pytest.approx(33.5843)


def test_history_restores_the_conversation(sim):
    sim.say("salam")
    resp = sim.http.get(sim.base + "/sim/api/history",
                        params={"coop": "tifawin", "phone": "+212 6 12 34 56 78"}, timeout=10)
    messages = resp.json()["messages"]
    assert [m["direction"] for m in messages] == ["in", "out"]
    assert messages[0]["body"] == "salam"


def test_never_writes_as_a_member(sim, db):
    sim.phone = "0661000001"                   # Fatima, a member of the demo coop
    resp = sim.send("sift 1001")
    assert resp.status_code == 403 and "member" in resp.json()["error"]
    sim.phone = "+14155238886"                 # the cooperative's own number
    assert sim.send("salam").status_code == 403
    assert store.counts(db)["messages"] == 0


@pytest.mark.parametrize("body, status", [
    ({"coop": "nope", "phone": "0612345678", "text": "salam"}, 404),
    ({"coop": "tifawin", "phone": "abc", "text": "salam"}, 400),
    ({"coop": "tifawin", "phone": "0612345678", "text": "   "}, 400),
    ({"coop": "tifawin", "phone": "0612345678", "text": "x" * 1601}, 400),
    ({"coop": "tifawin", "phone": "0612345678", "text": 42}, 400),
])
def test_bad_requests(sim, body, status):
    resp = sim.http.post(sim.base + "/sim/api/send", json=body, timeout=10)
    assert resp.status_code == status and resp.json()["error"]


def test_bad_locations(sim):
    assert sim.pin("north", 3).status_code == 400
    assert sim.pin(91, 0).status_code == 400
    assert sim.pin(10 ** 400, 0).status_code == 400          # too big for a float
    assert sim.pin(0, -10 ** 400).status_code == 400


def test_writes_must_be_json(sim, db):
    # A cross-site form cannot send application/json without a CORS preflight.
    resp = sim.http.post(sim.base + "/sim/api/send", timeout=10,
                         data={"coop": "tifawin", "phone": "0612345678", "text": "salam"})
    assert resp.status_code == 415
    assert sim.http.post(sim.base + "/sim/api/worker", data={}, timeout=10).status_code == 415
    assert "Access-Control-Allow-Origin" not in resp.headers
    assert store.counts(db)["messages"] == 0


def test_worker_button_never_consumes_real_jobs(db_path):
    """With Twilio connected, the real worker sends the outbox: the simulator's button must
    not mark those jobs sent through its console transport."""
    app = make_app(db_path, SIMULATOR=True, TWILIO_ACCOUNT_SID="AC" + "1" * 32)
    db = store.connect(db_path)
    from bot.cli import import_coop
    import_coop(db, DEMO)
    with LocalServer(app) as server:
        sim = Sim(server.base_url)
        for text in ORDER:
            sim.say(text)
        resp = sim.http.post(server.base_url + "/sim/api/worker", json={}, timeout=10)
        assert resp.status_code == 409 and "worker" in resp.json()["error"]
    assert store.job_counts(db) == {"pending": 3}
    store.close_all()


@pytest.mark.parametrize("host, status", [
    ("evil.example", 403), ("evil.example:80", 403), ("127.0.0.1.evil.example", 403),
    ("localhost", 200), ("127.0.0.1", 200), ("[::1]:5000", 200), ("bghit.example.org", 200),
    ("sim.example.org:8080", 200)])
def test_answers_only_for_a_loopback_or_configured_host(db_path, host, status):
    """DNS rebinding: a page on evil.example resolving to 127.0.0.1 must get nothing."""
    app = make_app(db_path, SIMULATOR=True, PUBLIC_URL="https://bghit.example.org",
                   SIMULATOR_HOSTS="sim.example.org")
    from bot.cli import import_coop
    import_coop(store.connect(db_path), DEMO)
    with LocalServer(app) as server:
        for method, path, kw in (("get", "/", {}),
                                 ("get", "/sim/api/events", {"params": {"coop": "tifawin"}}),
                                 ("post", "/sim/api/send", {"json": {
                                     "coop": "tifawin", "phone": "0612345678", "text": "salam"}})):
            resp = requests.request(method, server.base_url + path, headers={"Host": host},
                                    timeout=10, **kw)
            assert resp.status_code == status, (path, resp.text)
    store.close_all()


@pytest.mark.parametrize("forwarded_for, host, status", [
    ("203.0.113.9", "localhost", 403), ("203.0.113.9", "127.0.0.1:5000", 403),
    ("203.0.113.9", "[::1]", 403), ("203.0.113.9", "sim.example.org", 200),
    ("127.0.0.1", "localhost", 200), ("::1", "localhost", 200)])
def test_a_loopback_host_counts_only_from_this_machine(db_path, forwarded_for, host, status):
    """Behind nginx (a trusted proxy) anyone can send ``Host: localhost`` (nginx's first
    server block takes any name): a loopback name opens the simulator only to a client on
    this machine; a remote one needs PUBLIC_URL's host or SIMULATOR_HOSTS."""
    app = make_app(db_path, SIMULATOR=True, SIMULATOR_HOSTS="sim.example.org",
                   TRUSTED_PROXIES=1)
    from bot.cli import import_coop
    import_coop(store.connect(db_path), DEMO)
    with LocalServer(app) as server:
        for method, path, kw in (("get", "/", {}),
                                 ("get", "/sim/api/history", {"params": {
                                     "coop": "tifawin", "phone": "0612345678"}}),
                                 ("post", "/sim/api/send", {"json": {
                                     "coop": "tifawin", "phone": "0612345678", "text": "salam"}})):
            resp = requests.request(method, server.base_url + path, timeout=10, **kw,
                                    headers={"Host": host, "X-Forwarded-For": forwarded_for})
            assert resp.status_code == status, (path, resp.status_code)
    store.close_all()


@pytest.mark.parametrize("body", ["[" * 20_000 + "]" * 20_000,
                                  '{"coop": ' + "[" * 20_000 + "]" * 20_000 + "}"])
def test_deeply_nested_json_gets_400(sim, body):
    for path in ("/sim/api/send", "/sim/api/location", "/sim/api/worker"):
        resp = sim.http.post(sim.base + path, data=body, timeout=10,
                             headers={"Content-Type": "application/json"})
        assert resp.status_code == 400 and resp.json()["error"], path


@pytest.mark.parametrize("params", [{"after_job": "9" * 30}, {"after_event": "9" * 30},
                                    {"after_job": "-" + "9" * 30}, {"after_job": "9" * 5000},
                                    {"jobs_since": "x" * 5000}])
def test_huge_cursors_get_400(sim, params):
    resp = sim.http.get(sim.base + "/sim/api/events", timeout=10,
                        params={"coop": "tifawin", "phone": sim.phone, **params})
    assert resp.status_code == 400 and resp.json()["error"]


@pytest.mark.parametrize("path, body", [
    ("/sim/api/send", '{"coop": "tifawin", "phone": "0612345678", "text": "\\ud800"}'),
    ("/sim/api/send", '{"coop": "\\udfff", "phone": "0612345678", "text": "salam"}'),
    ("/sim/api/send", '{"coop": "tifawin", "phone": "06\\ud83d", "text": "salam"}'),
    ("/sim/api/location", '{"coop": "tifawin", "phone": "0612345678", "latitude": 33, '
                          '"longitude": -7, "address": "rue \\ud800"}'),
])
def test_lone_surrogates_in_json_get_400(sim, db, path, body):
    """JSON may escape half a UTF-16 pair; such a string cannot be stored or sent."""
    resp = sim.http.post(sim.base + path, data=body.encode(), timeout=10,
                         headers={"Content-Type": "application/json"})
    assert resp.status_code == 400 and resp.json()["error"]
    assert store.counts(db)["messages"] == 0
