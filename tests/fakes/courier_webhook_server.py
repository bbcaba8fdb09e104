"""A fake receiver for the generic webhook courier (a coop's own driver app).

Checks ``X-Bghit-Signature``, honours ``Idempotency-Key`` (a repeated key gets
the first answer again and creates nothing), answers ``{"tracking": ...}``.
Knobs: :class:`~tests.fakes.server.FakeCourierServer`'s plus
``return_tracking`` and ``signed_status(reference, status)`` → ``(body,
headers)`` for the status updates it would send back.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json

from flask import Flask, Response, jsonify, request

from .server import FakeCourierServer

SECRET = "whsec_coop_DRIVER_5e1f"


class FakeWebhookReceiver(FakeCourierServer):
    """Accepts parcels at ``POST /parcels`` (``url`` attribute)."""

    def __init__(self, secret: str = SECRET, return_tracking: bool = True):
        self.secret = secret
        self.return_tracking = return_tracking
        self.parcels: dict[str, dict] = {}
        self.replies: dict[str, dict] = {}
        self.rejected_signatures = 0
        self._numbers = itertools.count(1)
        super().__init__()

    @property
    def url(self) -> str:
        return f"{self.base_url}/parcels"

    def options(self, **extra) -> dict:
        """Adapter options pointing at this fake."""
        return {"url": self.url, "secret": self.secret, **extra}

    def sign(self, body: bytes, secret: str | None = None) -> str:
        digest = hmac.new((secret or self.secret).encode(), body, hashlib.sha256).hexdigest()
        return "sha256=" + digest

    def signed_status(self, reference: str, status: str, secret: str | None = None
                      ) -> tuple[bytes, dict]:
        """A status update as the driver app would POST it to Bghit."""
        body = json.dumps({"reference": reference, "status": status}).encode()
        return body, {"Content-Type": "application/json",
                      "X-Bghit-Signature": self.sign(body, secret)}

    def set_status(self, reference: str, raw: str) -> None:
        with self.lock:
            self.parcels[reference]["status"] = raw

    def validation_response(self, message: str, status: int) -> Response:
        return jsonify({"error": message}), (status if status >= 400 else 422)

    def build_app(self, app: Flask) -> None:
        app.add_url_rule("/parcels", view_func=self._receive, methods=["POST"])

    def _receive(self):
        body = request.get_data()
        given = request.headers.get("X-Bghit-Signature", "")
        if not hmac.compare_digest(given, self.sign(body)):
            with self.lock:
                self.rejected_signatures += 1
            return jsonify({"error": "bad signature"}), 401
        key = request.headers.get("Idempotency-Key", "")
        payload = json.loads(body)
        if not key or key != payload.get("reference"):
            return jsonify({"error": "Idempotency-Key must be the reference"}), 400
        with self.lock:
            if key in self.replies:
                return jsonify(self.replies[key])
            reply = {"ok": True}
            if self.return_tracking:
                reply["tracking"] = f"DRV-{next(self._numbers):04d}"
            self.parcels[key] = {**payload, "status": "forwarded"}
            self.replies[key] = reply
            self.created[key] += 1
        return jsonify(reply), 201
