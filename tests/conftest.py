"""Shared fixtures: a real SQLite file, the real app on a real HTTP port, signed Twilio posts."""

from __future__ import annotations

import itertools
import json
import re
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from twilio.request_validator import RequestValidator

from bot import clock, create_app, store
from bot.cli import import_coop
from tests.fakes import LocalServer
from tests.fakes.twilio_server import FakeTwilio

pytest_plugins = ["tests.courier_helpers"]       # the fake-courier fixtures

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "coops" / "demo" / "coop.yml"
AUTH_TOKEN = "test-auth-token-0123456789"
ADMIN_TOKEN = "admin-secret-0123456789"      # ADMIN_TOKEN needs 16 characters or more
ACCOUNT_SID = "AC" + "0" * 32
COOP_WA = "whatsapp:+14155238886"
COOP_SMS = "+15005550006"
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)        # a Tuesday, 10:00 in Casablanca: open


def make_app(db_path, **extra):
    config = {"TESTING": True, "BGHIT_DB": str(db_path), "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
              "TWILIO_ACCOUNT_SID": "", "PUBLIC_URL": "", "ADMIN_TOKEN": ADMIN_TOKEN,
              "SECRET_KEY": "test", "RATE_LIMIT_PER_MINUTE": 1000}
    config.update(extra)
    return create_app(config)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "bghit.sqlite3"


@pytest.fixture
def app(db_path):
    app = make_app(db_path)
    import_coop(store.connect(db_path), DEMO)
    yield app
    store.close_all()


@pytest.fixture
def db(app):
    return store.connect(app.config["BGHIT_DB"])


@pytest.fixture
def live(app):
    with LocalServer(app) as server:
        yield server


class TwilioSender:
    """Posts signed webhook requests exactly as Twilio does, over real HTTP."""

    _ids = itertools.count(1)

    def __init__(self, base_url: str, token: str = AUTH_TOKEN, public_url: str | None = None):
        self.base_url = base_url
        self.token = token
        self.public_url = public_url
        self.session = requests.Session()

    def post(self, path: str, params: dict, *, signature: str | None = None, headers=None):
        url = self.base_url + path
        signed = (self.public_url or self.base_url) + path
        sig = signature if signature is not None else \
            RequestValidator(self.token).compute_signature(signed, params)
        h = {"X-Twilio-Signature": sig}
        h.update(headers or {})
        return self.session.post(url, data=params, headers=h, timeout=10)

    def message(self, body: str = "", *, phone: str = "+212612345678", to: str = COOP_WA,
                channel: str = "whatsapp", sid: str | None = None, **extra):
        from_addr = f"whatsapp:{phone}" if channel == "whatsapp" else phone
        if channel == "sms" and to == COOP_WA:
            to = COOP_SMS
        params = {"From": from_addr, "To": to, "Body": body,
                  "MessageSid": sid or f"SM{uuid.uuid4().hex}", "AccountSid": ACCOUNT_SID,
                  "NumMedia": "0"}
        params.update({k: str(v) for k, v in extra.items()})
        return self.post("/webhooks/twilio", params)

    def say(self, body: str = "", **kw) -> str:
        """Send a message and return the bot's replies joined by blank lines."""
        resp = self.message(body, **kw)
        assert resp.status_code == 200, resp.text
        return "\n\n".join(replies_of(resp.text))


def replies_of(twiml: str) -> list[str]:
    import html
    return [html.unescape(m) for m in re.findall(r"<Message>(.*?)</Message>", twiml, re.S)]


@pytest.fixture
def twilio(live):
    return TwilioSender(live.base_url)


def export(db) -> list[dict]:
    return [json.loads(json.dumps(o)) for o in store.export_orders(db)]


@pytest.fixture(scope="module")
def twilio_api():
    """A fake Twilio REST API on 127.0.0.1 (one per test module), with this suite's credentials."""
    with FakeTwilio(ACCOUNT_SID, AUTH_TOKEN) as fake:
        yield fake


@pytest.fixture
def fake_twilio(twilio_api):
    """``twilio_api`` emptied before and after the test, with status callbacks off."""
    twilio_api.reset()
    twilio_api.send_status_callbacks = False
    yield twilio_api
    twilio_api.reset()


@pytest.fixture
def at(monkeypatch):
    """The bot's clock stopped at ``T0`` (the cooperative is open); ``at.move(minutes=…)``."""
    class Clock:
        now = T0

        def move(self, **delta):
            self.now += timedelta(**delta)

    c = Clock()
    monkeypatch.setattr(clock, "utcnow", lambda: c.now)
    return c


@pytest.fixture
def live_settings(app, live, fake_twilio):
    """The live app's config, sending through the fake Twilio, with its own public address."""
    app.config.update(TWILIO_ACCOUNT_SID=ACCOUNT_SID, TWILIO_API_BASE_URL=fake_twilio.base_url,
                      PUBLIC_URL=live.base_url)
    return app.config
