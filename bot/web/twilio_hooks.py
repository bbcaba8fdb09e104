"""Twilio webhooks: inbound WhatsApp/SMS messages and outbound delivery statuses.

(``/healthz`` is in ``health.py``.)"""

from __future__ import annotations

import io
import logging
from functools import lru_cache
from urllib.parse import parse_qsl, urlparse

from flask import Blueprint, Flask, Request, Response, abort, jsonify
from twilio.request_validator import RequestValidator, add_port, compare, remove_port
from werkzeug.wsgi import get_current_url

from .. import i18n, nlu, store
from ..logs import new_request_id, request_id
from ..messaging import parse_status_callback
from ..service import BadRequest, Inbound, handle_inbound
from .db import get_db
from .http import HSTS, SECURITY_HEADERS, this_app, this_request

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


def require_twilio_signature() -> SignedFields:
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
    for uri in _signed_uris(url):
        if compare(validator.compute_signature(uri, fields), signature):
            return True
    return False


@lru_cache(maxsize=64)
def _signed_uris(url: str) -> tuple[str, str]:
    """The URL without and with its port, as ``RequestValidator`` signs it (one URL in
    production: ``PUBLIC_URL``'s)."""
    parsed = urlparse(url)
    return remove_port(parsed), add_port(parsed)


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


INBOUND_PATH = "/webhooks/twilio"
FORM_TYPE = "application/x-www-form-urlencoded"


@bp.post(INBOUND_PATH)
def inbound():
    req = this_request()
    if req.mimetype != "application/x-www-form-urlencoded":
        abort(415)
    form = require_twilio_signature()
    try:
        replies = _replies(form, req.environ, get_db(), this_app().config)
    except BadRequest as exc:
        log.info("malformed webhook: %s", exc)
        return jsonify(error=str(exc)), 400
    return twiml(replies)


def _replies(form: SignedFields, environ: dict, db, config) -> list[str]:
    """The replies to one signed inbound message, for :func:`inbound` and
    :class:`InboundFastPath` alike: ``BadRequest`` when it is malformed, the apology when
    the database is locked or full (HTTP 200, so Twilio does not hammer us)."""
    request_id.set(form.get("MessageSid") or new_request_id())
    # (the header read from the WSGI environ: a missing one costs no KeyError inside)
    msg = Inbound.from_twilio(form, environ.get("HTTP_I_TWILIO_IDEMPOTENCY_TOKEN"))
    try:
        return handle_inbound(db, msg, config)
    except store.UNAVAILABLE as exc:
        log.error("storage unavailable: %s", exc)
        return [i18n.t(i18n.supported(nlu.detect_lang(form.get("Body") or "")), "busy")]


class InboundFastPath:
    """WSGI middleware answering Twilio's inbound webhook without Flask's per-request
    machinery (request and app contexts, URL matching, the before/after hooks, the session
    check, a Response object, Werkzeug's form parser): a fifth of a message's CPU.

    Only the plain case, answered as :func:`inbound` answers it: a POST to exactly
    ``/webhooks/twilio`` with no query, a url-encoded body of a stated length within
    ``MAX_CONTENT_LENGTH``, a valid signature (against ``PUBLIC_URL``, else the request's
    URL as Werkzeug builds it), then the replies (or the busy apology) as TwiML with the
    headers every answer gets (:func:`.http.security_headers`: the same list, HSTS over
    https), and the request id of the message's sid. Anything else (another path or type,
    no length, a bad signature or form, a malformed message, a fault, an app configured with
    ``TRUSTED_HOSTS`` or ``SERVER_NAME``) goes to Flask with the body as it came, and Flask
    answers it as it always did: a message that failed here was rolled back, so Flask's run
    is its first. ``tests/test_webhook_fast_path.py`` holds the app's hooks to what this
    reproduces."""

    def __init__(self, app: Flask, wsgi_app) -> None:
        self.app, self.wsgi_app = app, wsgi_app

    def __call__(self, environ: dict, start_response):
        if environ.get("PATH_INFO") == INBOUND_PATH and environ.get("REQUEST_METHOD") == "POST":
            body = self._answer(environ)
            if body is not None:
                headers = [("Content-Type", "application/xml; charset=utf-8"),
                           ("Content-Length", str(len(body))), *_SECURITY_HEADER_LIST]
                if environ.get("wsgi.url_scheme") in ("https", "wss"):     # is_secure
                    headers.append(("Strict-Transport-Security", HSTS))
                start_response("200 OK", headers)
                return [body]
        return self.wsgi_app(environ, start_response)

    def _answer(self, environ: dict) -> bytes | None:
        """The TwiML answer's bytes, or None for Flask to answer (the body put back)."""
        config = self.app.config
        token = config.get("TWILIO_AUTH_TOKEN")
        signature = environ.get("HTTP_X_TWILIO_SIGNATURE")
        if not (token and signature) or environ.get("QUERY_STRING") \
                or environ.get("SCRIPT_NAME") or config.get("TRUSTED_HOSTS") is not None \
                or config.get("SERVER_NAME") \
                or environ.get("CONTENT_TYPE", "").partition(";")[0].strip().lower() != FORM_TYPE:
            return None
        try:
            length = int(environ.get("CONTENT_LENGTH") or "")
        except ValueError:
            return None
        if not 0 <= length <= (config.get("MAX_CONTENT_LENGTH") or 64 * 1024):
            return None
        raw = environ["wsgi.input"].read(length)
        environ["wsgi.input"] = io.BytesIO(raw)       # unread, should Flask answer instead
        try:
            # Werkzeug's reading of the form, then ``to_dict(flat=True)``: the first values
            form = SignedFields()
            for name, value in parse_qsl(raw.decode(), keep_blank_values=True,
                                         errors="werkzeug.url_quote"):
                form.setdefault(name, value)
            url = (config["PUBLIC_URL"] + INBOUND_PATH) if config.get("PUBLIC_URL") \
                else get_current_url(environ)
        except ValueError:
            return None
        if len(raw) != length or not _signature_ok(token, url, form, signature):
            return None
        try:
            replies = _replies(form, environ, store.connect(config["BGHIT_DB"]), config)
        except Exception:       # BadRequest (400) or a fault (500): as Flask answers them
            environ["wsgi.input"].seek(0)
            return None
        return _twiml_text(replies).encode()


_SECURITY_HEADER_LIST = list(SECURITY_HEADERS.items())


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

