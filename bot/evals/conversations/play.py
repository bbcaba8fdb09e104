"""Playing the conversations through the real app: a temporary SQLite file, the app factory,
the signed Twilio webhook over HTTP on 127.0.0.1, and a clock that starts at the same moment for
every conversation and moves one minute per message."""

from __future__ import annotations

import logging
import tempfile
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

from .corpus import Conversation, Coop
from .scoring import Played, score

START = datetime(2026, 3, 10, 10, 0, tzinfo=timezone(timedelta(hours=1)))   # a Tuesday morning
AUTH_TOKEN = "eval-conversations-token"
ACCOUNT_SID = "AC" + "e" * 32



class _Server:
    """The app on a free 127.0.0.1 port (werkzeug, one thread per request)."""

    def __init__(self, app):
        from werkzeug.serving import WSGIRequestHandler, make_server

        class Quiet(WSGIRequestHandler):
            def log(self, *args, **kwargs):
                pass

        self.httpd = make_server("127.0.0.1", 0, app, threaded=True, request_handler=Quiet)
        self.base_url = f"http://127.0.0.1:{self.httpd.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=2)



class _Clock:
    """The moment the webhook's messages are handled at: set by the player before each post."""

    def __init__(self):
        self.now = START



@contextmanager
def _clocked_webhook(clock: _Clock) -> Iterator[None]:
    """Hand the webhook's message pipeline the controlled clock instead of the wall clock."""
    from ...web import twilio_hooks as webhook

    real = webhook.handle_inbound

    def handle(db, msg, settings, now=None):
        return real(db, msg, settings, now=now or clock.now)

    webhook.handle_inbound = handle
    try:
        yield
    finally:
        webhook.handle_inbound = real



@contextmanager
def _quiet_logs() -> Iterator[None]:
    """No log line per message while playing (the app's own level is restored afterwards)."""
    logger = logging.getLogger("bot")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)



class Player:
    """A temporary database and app with the corpus's cooperatives, serving the webhook."""

    def __init__(self, coops: dict[str, Coop], workdir: Path):
        import requests

        from ... import create_app, store
        from ...coops import parse_coop

        self.store = store
        self.db_path = workdir / "eval.sqlite3"
        self.app = create_app({
            "TESTING": True, "BGHIT_DB": str(self.db_path), "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
            "TWILIO_ACCOUNT_SID": "", "PUBLIC_URL": "", "ADMIN_TOKEN": uuid.uuid4().hex,
            "SECRET_KEY": uuid.uuid4().hex, "RATE_LIMIT_PER_MINUTE": 1000,
            "SIMULATOR": "off"})
        self.db = store.connect(self.db_path)
        self.coops = coops
        self.numbers = {}
        for coop in coops.values():
            parsed = parse_coop(dict(coop.data), coop.base_dir, coop.key)
            store.upsert_coop(self.db, parsed["coop"], parsed["members"], parsed["products"])
            self.numbers[coop.key] = {"whatsapp": parsed["coop"]["whatsapp_from"],
                                      "sms": parsed["coop"]["sms_from"],
                                      "slug": parsed["coop"]["slug"]}
        self.session = requests.Session()
        self.clock = _Clock()

    def _post(self, base_url: str, params: dict) -> list[str]:
        import html
        import re

        from twilio.request_validator import RequestValidator

        url = base_url + "/webhooks/twilio"
        sig = RequestValidator(AUTH_TOKEN).compute_signature(url, params)
        resp = self.session.post(url, data=params, headers={"X-Twilio-Signature": sig}, timeout=30)
        if resp.status_code != 200:
            raise RuntimeError(f"webhook answered {resp.status_code}: {resp.text[:200]}")
        return [html.unescape(m) for m in re.findall(r"<Message>(.*?)</Message>", resp.text, re.S)]

    def play(self, conv: Conversation, base_url: str) -> Played:
        numbers = self.numbers[conv.catalog]
        to = numbers[conv.channel]
        if conv.channel == "whatsapp":
            from_addr, to_addr = f"whatsapp:{conv.phone}", f"whatsapp:{to}"
        else:
            from_addr, to_addr = conv.phone, to
        played = Played(conv)
        for i, message in enumerate(conv.messages, start=1):
            self.clock.now = START + timedelta(minutes=i)
            params = {"From": from_addr, "To": to_addr, "MessageSid": f"SM{uuid.uuid4().hex}",
                      "AccountSid": ACCOUNT_SID, "NumMedia": "0"}
            if isinstance(message, dict):
                params.update({"Body": "", "Latitude": str(message["pin"][0]),
                               "Longitude": str(message["pin"][1])})
                if message.get("address"):
                    params["Address"] = message["address"]
                shown = f"📍 {message['pin'][0]},{message['pin'][1]} {message.get('address') or ''}"
            else:
                params["Body"] = message
                shown = message
            try:
                replies = self._post(base_url, params)
            except Exception as exc:          # noqa: BLE001 - reported as the conversation's error
                played.transcript.append((shown, [f"!! {exc}"]))
                played.verdict, played.errors = "error", [str(exc)]
                break
            played.transcript.append((shown, replies))
            if played.confirmed_at is None and self._orders(conv):
                played.confirmed_at = i
        played.orders = self._orders(conv)
        return score(played)

    def _orders(self, conv: Conversation) -> list[dict]:
        return [{"number": o["number"], "name": o["customer_name"], "city": o["city"],
                 "total": o["total"], "status": o["status"], "lines": o["lines"]}
                for o in self.store.orders_of_customer(self.db, self.numbers[conv.catalog]["slug"],
                                                       conv.phone)]

    def run(self, convs: list[Conversation]) -> list[Played]:
        with _quiet_logs(), _clocked_webhook(self.clock), _Server(self.app) as server:
            return [self.play(c, server.base_url) for c in convs]

    def close(self):
        self.session.close()
        self.store.close_all()



def run(convs: list[Conversation], coops: dict[str, Coop]) -> list[Played]:
    """Play ``convs`` on a fresh temporary database; return them scored."""
    with tempfile.TemporaryDirectory(prefix="bghit-eval-") as tmp:
        player = Player(coops, Path(tmp))
        try:
            return player.run(convs)
        finally:
            player.close()
