"""Twilio webhooks: inbound WhatsApp/SMS messages and outbound delivery statuses.

(``/healthz`` is in ``health.py``.)"""

from __future__ import annotations

import logging
from functools import lru_cache
from urllib.parse import urlparse

from flask import Blueprint, Flask, Request, Response, abort, jsonify
from twilio.request_validator import RequestValidator, add_port, compare, remove_port

from .. import i18n, nlu, store
from ..logs import new_request_id, request_id
from ..messaging import parse_status_callback
from ..service import BadRequest, Inbound, handle_inbound
from .db import get_db
from .http import this_app, this_request

log = logging.getLogger("bot.webhook")
bp = Blueprint("webhook", __name__)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)


def signed_url(req: Request, config) -> str:
    """The URL Twilio signed: ``PUBLIC_URL`` + path (+ query) behind a proxy, else the
    request URL."""
    public = config.get("PUBLIC_URL")
    if not public:
        return req.url
    query = req.query_string.decode("latin-1")
    return public + req.path + (f"?{query}" if query else "")


def require_twilio_signature() -> dict:
    """Abort with 403 unless ``X-Twilio-Signature`` is valid for this request; return the
    form's fields (the first value of each), as they were signed."""
    req, config = this_request(), this_app().config
    token = config.get("TWILIO_AUTH_TOKEN")
    signature = req.headers.get("X-Twilio-Signature", "")
    if not token:
        log.warning("TWILIO_AUTH_TOKEN is not set: webhook refused (use the simulator or chat)")
        abort(403)
    fields = SignedFields(req.form.to_dict(flat=True))
    if not signature or not _signature_ok(token, signed_url(req, config), fields, signature):
        log.warning("invalid Twilio signature on %s", req.path)
        abort(403)
    return fields


class SignedFields(dict):
    """A form's fields, ``{name: first value}``, as ``RequestValidator`` reads them.

    For a plain ``dict`` its ``get_values`` tries ``getall`` then ``getlist`` and raises and
    catches an ``AttributeError`` for each, twice per field on every webhook; ``getall``
    gives it the same one value at once. As a plain dict, ``get`` of a missing field is
    ``None`` without the ``KeyError`` a Werkzeug ``MultiDict`` raises and catches inside."""

    def getall(self, name: str) -> list[str]:
        return [self[name]]


@lru_cache(maxsize=8)
def _validator(token: str) -> RequestValidator:
    return RequestValidator(token)


def _signature_ok(token: str, url: str, fields: SignedFields, signature: str) -> bool:
    """``RequestValidator(token).validate(url, form.to_dict(flat=True), signature)``, the same
    requests accepted, without its second HMAC when the first already matches: it signs the URL
    without and with its port and accepts either; the port-less one (Twilio's usual) first."""
    validator = _validator(token)
    parsed = urlparse(url)
    for uri in (remove_port(parsed), add_port(parsed)):
        if compare(validator.compute_signature(uri, fields), signature):
            return True
    return False


def _twiml_text(replies: list[str]) -> str:
    """``str(MessagingResponse)`` with one ``<Message>`` per reply, byte for byte, without
    building an ElementTree per request (a measurable share of the webhook's CPU)."""
    if not replies:
        return '<?xml version="1.0" encoding="UTF-8"?><Response />'
    parts = []
    for text in replies:
        if text:
            text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            parts.append(f"<Message>{text}</Message>")
        else:
            parts.append("<Message />")
    return '<?xml version="1.0" encoding="UTF-8"?><Response>' + "".join(parts) + "</Response>"


def twiml(replies: list[str]) -> Response:
    return Response(_twiml_text(replies), mimetype="application/xml")


@bp.post("/webhooks/twilio")
def inbound():
    req = this_request()
    if req.mimetype != "application/x-www-form-urlencoded":
        abort(415)
    form = require_twilio_signature()
    request_id.set(form.get("MessageSid") or new_request_id())
    try:
        # (the header read from the WSGI environ: a missing one costs no KeyError inside)
        msg = Inbound.from_twilio(form, req.environ.get("HTTP_I_TWILIO_IDEMPOTENCY_TOKEN"))
        replies = handle_inbound(get_db(), msg, this_app().config)
    except BadRequest as exc:
        log.info("malformed webhook: %s", exc)
        return jsonify(error=str(exc)), 400
    except store.UNAVAILABLE as exc:
        # Locked or full database: apologise (HTTP 200, so Twilio does not hammer us).
        log.error("storage unavailable: %s", exc)
        lang = i18n.supported(nlu.detect_lang(form.get("Body") or ""))
        return twiml([i18n.t(lang, "busy")])
    return twiml(replies)


@bp.post("/webhooks/twilio/status")
def status_callback():
    fields = require_twilio_signature()
    try:
        status = parse_status_callback(fields)
    except ValueError as exc:
        return jsonify(error=str(exc)), 400
    db = get_db()
    try:
        with store.transaction(db):
            known = store.update_message_status(db, status["sid"], status["status"],
                                                status.get("error_code"))
            if not known:       # the callback beat the worker: it picks the status up
                store.record_early_status(db, status["sid"], status["status"],
                                          status.get("error_code"))
            if status["status"] in ("failed", "undelivered"):
                from ..worker import on_delivery_failure
                on_delivery_failure(db, status)
    except store.UNAVAILABLE as exc:
        # Locked or full database: ask Twilio to try again rather than crash (500).
        log.error("storage unavailable: %s", exc)
        return jsonify(error="try again later"), 503, {"Retry-After": "30"}
    return ("", 204)

