"""A local stand-in for the Twilio Messaging REST API.

Runs a small Flask app on ``127.0.0.1`` (free port, background thread) that
speaks enough of ``https://api.twilio.com/2010-04-01`` for the real
``twilio`` client to send and fetch messages::

    with FakeTwilio() as fake:
        client = Client(fake.account_sid, fake.auth_token)
        client.api.base_url = fake.base_url
        client.messages.create(to="+212612345678", from_="+212522000000", body="Salam")
        assert fake.messages[0]["Body"] == "Salam"

Endpoints:

* ``POST /2010-04-01/Accounts/{AccountSid}/Messages.json``: form fields
  ``To``, ``From``, ``MessagingServiceSid``, ``Body``, ``ContentSid``,
  ``ContentVariables``, ``StatusCallback``; answers 201 with the Message
  resource (status ``queued``, or ``accepted`` with a Messaging Service);
* ``GET /2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}.json``;
* ``GET /2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media/{MediaSid}``: a medium
  added with :meth:`add_media` (as an inbound message's ``MediaUrl0`` points to), its bytes
  with its content type, as Twilio serves media when the account enforces HTTP auth on it.

All need HTTP Basic auth with the configured SID and token (401, code 20003
otherwise). Errors use Twilio's JSON shape: ``code``, ``message``,
``more_info``, ``status``.

Fault knobs: :meth:`fail_next`, :meth:`refuse_whatsapp`,
:meth:`invalid_number`, :meth:`delay_next`, :meth:`fail_delivery`;
:meth:`reset` clears them. With ``send_status_callbacks=True`` each accepted
message with a ``StatusCallback`` gets signed callbacks (``sent`` then
``delivered``) POSTed from a background thread.
"""

from __future__ import annotations

import email.utils
import hmac
import json
import re
import secrets
import threading
import time
from datetime import UTC
from typing import Any

import requests
from flask import Flask, Response, request
from twilio.request_validator import RequestValidator
from werkzeug.serving import WSGIRequestHandler, make_server

from bot.sms import sms_segments

DEFAULT_ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
DEFAULT_AUTH_TOKEN = "fake-auth-token-" + "5e" * 8
API_VERSION = "2010-04-01"

_E164 = re.compile(r"^\+[1-9]\d{6,14}$")

#: Message texts Twilio uses for the error codes the fake produces.
ERROR_MESSAGES = {
    20003: "Authenticate",
    20404: "The requested resource {path} was not found",
    20429: "Too Many Requests",
    20500: "Internal Server Error",
    20503: "Service Unavailable",
    21211: "The 'To' number {to} is not a valid phone number.",
    21408: "Permission to send an SMS has not been enabled for the region indicated by the "
           "'To' number: {to}.",
    21602: "Message body is required.",
    21603: "A 'From' phone number is required.",
    21604: "A 'To' phone number is required.",
    21610: "Attempt to send to unsubscribed recipient",
    21656: "The ContentVariables Parameter is invalid.",
    21910: "Invalid From and To pair. From and To should be of the same channel.",
    63003: "Channel could not find To address",
    63016: (
        "Failed to send freeform message because you are outside the allowed window. "
        "If you are using WhatsApp, please use a Message Template."
    ),
}


class _QuietHandler(WSGIRequestHandler):
    """Request handler that does not log every request."""

    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass


def _bare(address: str) -> str:
    return address.rpartition(":")[2]


def _rfc2822(timestamp: float) -> str:
    return email.utils.formatdate(timestamp, usegmt=False).replace("-0000", "+0000")


class FakeTwilio:
    """The fake server; see the module docstring.

    ``messages`` lists the accepted messages (oldest first) as dicts of the
    form fields sent plus ``sid`` and ``status``. ``requests`` lists every
    create request as ``{"form", "http_status", "code"}``. ``callbacks``
    lists the status callbacks POSTed as ``{"url", "params", "signature",
    "http_status"}`` (``http_status`` is ``None`` if the POST failed).
    """

    def __init__(
        self,
        account_sid: str = DEFAULT_ACCOUNT_SID,
        auth_token: str = DEFAULT_AUTH_TOKEN,
        *,
        send_status_callbacks: bool = False,
    ):
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.send_status_callbacks = send_status_callbacks
        self.messages: list[dict] = []
        self.requests: list[dict] = []
        self.callbacks: list[dict] = []
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._in_flight = 0
        self._stopping = threading.Event()
        self._server = None
        self._thread: threading.Thread | None = None
        self._callback_threads: list[threading.Thread] = []
        self.reset()
        self.app = self._make_app()

    # -- lifecycle --------------------------------------------------------

    def start(self) -> FakeTwilio:
        """Serve on a free port of 127.0.0.1 from a daemon thread."""
        if self._server is not None:
            return self
        self._stopping.clear()
        self._server = make_server(
            "127.0.0.1", 0, self.app, threaded=True, request_handler=_QuietHandler
        )
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02},
            name="fake-twilio", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving; wakes delayed requests and waits for callbacks."""
        if self._server is None:
            return
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)
        self.wait_idle()
        self._server = self._thread = None

    def __enter__(self) -> FakeTwilio:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("FakeTwilio is not started")
        return self._server.port

    @property
    def base_url(self) -> str:
        """What replaces ``https://api.twilio.com`` (``TWILIO_API_BASE_URL``)."""
        return f"http://127.0.0.1:{self.port}"

    # -- fault knobs ------------------------------------------------------

    def reset(self) -> None:
        """Forget recorded messages and clear every fault knob, once requests
        still being handled (e.g. delayed ones) and callbacks are finished.
        """
        self.wait_idle()
        with self._lock:
            self.messages.clear()
            self.requests.clear()
            self.callbacks.clear()
            self._failures: list[tuple[int, int]] = []
            self._delays: list[float] = []
            self._refused_whatsapp: dict[str | None, int] = {}
            self._invalid: dict[str, int] = {}
            self._undeliverable: dict[str, tuple[int, str]] = {}
            self.media: dict[str, tuple[bytes, str]] = {}
            self.media_requests: list[dict] = []
            self._media_delay = 0.0

    def fail_next(self, n: int = 1, status: int = 500, code: int | None = None) -> None:
        """Answer the next ``n`` create requests with HTTP ``status`` (nothing
        is accepted). ``code`` defaults to 20429 for 429, else 20000 + status.
        """
        code = code or (20429 if status == 429 else 20000 + status)
        with self._lock:
            self._failures.extend([(status, code)] * n)

    def refuse_whatsapp(self, *numbers: str, code: int = 63016) -> None:
        """Refuse WhatsApp free text (``Body`` without ``ContentSid``) to
        ``numbers`` (all numbers if none given) with HTTP 400 and ``code``.
        Templates are still accepted.
        """
        with self._lock:
            for number in numbers or (None,):
                self._refused_whatsapp[_bare(number) if number else None] = code

    def invalid_number(self, to: str, code: int = 21211) -> None:
        """Refuse any message to ``to`` (either channel) with HTTP 400 and ``code``."""
        with self._lock:
            self._invalid[_bare(to)] = code

    def delay_next(self, n: int, seconds: float) -> None:
        """Wait ``seconds`` before handling each of the next ``n`` create
        requests. The message is still accepted afterwards, as Twilio would
        even if the client gave up waiting.
        """
        with self._lock:
            self._delays.extend([seconds] * n)

    def fail_delivery(self, to: str, code: int = 30003, status: str = "undelivered") -> None:
        """Accept messages to ``to`` but report ``status`` with ``ErrorCode``
        ``code`` in the status callbacks (after ``sent``).
        """
        with self._lock:
            self._undeliverable[_bare(to)] = (code, status)

    def add_media(self, content: bytes, content_type: str) -> str:
        """Store a medium as Twilio keeps an inbound message's; its ``MediaUrl``."""
        path = (f"/{API_VERSION}/Accounts/{self.account_sid}/Messages/MM{secrets.token_hex(16)}"
                f"/Media/ME{secrets.token_hex(16)}")
        with self._lock:
            self.media[path] = (content, content_type)
        return self.base_url + path

    def delay_media(self, seconds: float) -> None:
        """Wait ``seconds`` before answering each media request (until :meth:`reset`)."""
        with self._lock:
            self._media_delay = seconds

    # -- helpers for tests ------------------------------------------------

    def wait_idle(self, timeout: float = 5.0) -> None:
        """Wait until no create request is being handled and no status
        callbacks are pending (so nothing is recorded behind a test's back).
        """
        deadline = time.monotonic() + timeout
        with self._idle:
            self._idle.wait_for(lambda: self._in_flight == 0, timeout)
        for thread in list(self._callback_threads):
            thread.join(max(0.0, deadline - time.monotonic()))
        self._callback_threads = [t for t in self._callback_threads if t.is_alive()]

    def wait_for_callbacks(self, n: int, timeout: float = 5.0) -> list[dict]:
        """Wait until ``n`` status callbacks were POSTed; returns them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.callbacks) >= n:
                    return list(self.callbacks)
            time.sleep(0.01)
        raise TimeoutError(f"{len(self.callbacks)} status callbacks after {timeout}s, wanted {n}")

    def resource(self, record: dict) -> dict:
        """The Message resource JSON Twilio returns for a recorded message."""
        sid, to, from_ = record["sid"], record["To"], record.get("From")
        uri = f"/{API_VERSION}/Accounts/{self.account_sid}/Messages/{sid}.json"
        body = record.get("Body")
        if body is None and record.get("ContentSid"):
            body = f"[{record['ContentSid']}] {record.get('ContentVariables') or ''}".strip()
        whatsapp = to.startswith("whatsapp:")
        return {
            "account_sid": self.account_sid,
            "api_version": API_VERSION,
            "body": body,
            "date_created": record["date_created"],
            "date_sent": record.get("date_sent"),
            "date_updated": record["date_updated"],
            "direction": "outbound-api",
            "error_code": record.get("error_code"),
            "error_message": record.get("error_message"),
            "from": from_,
            "messaging_service_sid": record.get("MessagingServiceSid"),
            "num_media": "0",
            "num_segments": "0" if not from_ else
                str(1 if whatsapp else max(1, sms_segments(body or ""))),
            "price": None,
            "price_unit": "USD",
            "sid": sid,
            "status": record["status"],
            "subresource_uris": {"media": uri.replace(".json", "/Media.json")},
            "to": to,
            "uri": uri,
        }

    # -- the app ----------------------------------------------------------

    def _make_app(self) -> Flask:
        app = Flask(__name__)
        prefix = f"/{API_VERSION}/Accounts/<account_sid>"
        app.add_url_rule(f"{prefix}/Messages.json", "create", self._create, methods=["POST"])
        app.add_url_rule(f"{prefix}/Messages.json", "list", self._list, methods=["GET"])
        app.add_url_rule(f"{prefix}/Messages/<message_sid>.json", "fetch", self._fetch)
        app.add_url_rule(f"{prefix}/Messages/<message_sid>/Media/<media_sid>", "medium",
                         self._medium)
        app.register_error_handler(404, lambda e: self._error(404, 20404, path=request.path))
        app.register_error_handler(405, lambda e: self._error(405, 20004, "Method not allowed"))
        return app

    def _error(self, status: int, code: int, message: str | None = None, **fields: str) -> Response:
        """A Twilio error answer: ``{"code", "message", "more_info", "status"}``."""
        text = message or ERROR_MESSAGES.get(code, "Error").format(
            **{"to": "", "path": "", **fields})
        payload = {
            "code": code,
            "message": text,
            "more_info": f"https://www.twilio.com/docs/errors/{code}",
            "status": status,
        }
        response = Response(json.dumps(payload), status=status, mimetype="application/json")
        if status == 401:
            response.headers["WWW-Authenticate"] = 'Basic realm="Twilio API"'
        return response

    def _authorized(self, account_sid: str) -> Response | None:
        """``None`` if the request carries this account's credentials."""
        auth = request.authorization
        if (
            auth is None
            or auth.type != "basic"
            or not hmac.compare_digest(auth.username or "", self.account_sid)
            or not hmac.compare_digest(auth.password or "", self.auth_token)
        ):
            return self._error(401, 20003)
        if account_sid != self.account_sid:
            return self._error(404, 20404, path=request.path)
        return None

    def _take(self, queue: list) -> Any:
        with self._lock:
            return queue.pop(0) if queue else None

    def _create(self, account_sid: str) -> Response:
        form = request.form.to_dict()
        with self._lock:
            self._in_flight += 1
        try:
            response = self._authorized(account_sid) or self._create_checked(form)
            code = response.get_json().get("code") if response.status_code >= 400 else None
            with self._lock:
                self.requests.append(
                    {"form": form, "http_status": response.status_code, "code": code}
                )
            return response
        finally:
            with self._idle:
                self._in_flight -= 1
                self._idle.notify_all()

    def _create_checked(self, form: dict) -> Response:
        delay = self._take(self._delays)
        if delay:
            self._stopping.wait(delay)
        failure = self._take(self._failures)
        if failure:
            return self._error(*failure)
        refusal = self._refusal(form)
        if refusal:
            return refusal
        record = self._accept(form)
        return Response(json.dumps(self.resource(record)), status=201, mimetype="application/json")

    def _refusal(self, form: dict) -> Response | None:
        """The error answer for an invalid or refused create request, if any."""
        to, from_ = form.get("To", ""), form.get("From", "")
        if not to:
            return self._error(400, 21604)
        if not from_ and not form.get("MessagingServiceSid"):
            return self._error(400, 21603)
        if not form.get("Body") and not form.get("ContentSid") and not form.get("MediaUrl"):
            return self._error(400, 21602)
        if from_ and to.startswith("whatsapp:") != from_.startswith("whatsapp:"):
            return self._error(400, 21910)
        if not _E164.match(_bare(to)):
            return self._error(400, 21211, to=to)
        if "ContentVariables" in form and not _json_object(form["ContentVariables"]):
            return self._error(400, 21656)
        with self._lock:
            invalid = self._invalid.get(_bare(to))
            refused = self._refused_whatsapp.get(_bare(to), self._refused_whatsapp.get(None))
        if invalid:
            return self._error(400, invalid, to=_bare(to))
        if refused and to.startswith("whatsapp:") and not form.get("ContentSid"):
            return self._error(400, refused, to=_bare(to))
        return None

    def _accept(self, form: dict) -> dict:
        now = _rfc2822(time.time())
        record = {
            **form,
            "sid": "SM" + secrets.token_hex(16),
            "status": "queued" if form.get("From") else "accepted",
            "date_created": now,
            "date_updated": now,
            "created_epoch": time.time(),
        }
        with self._lock:
            self.messages.append(record)
        if self.send_status_callbacks and form.get("StatusCallback"):
            thread = threading.Thread(target=self._run_callbacks, args=(record,), daemon=True)
            self._callback_threads.append(thread)
            thread.start()
        return record

    def _list(self, account_sid: str) -> Response:
        """``GET …/Messages.json`` with ``To``, ``From`` and ``DateSent>`` filters, one page.

        The fake has no separate send time: ``DateSent>`` compares with the creation time.
        """
        denied = self._authorized(account_sid)
        if denied:
            return denied
        args = request.args
        after = args.get("DateSent>") or args.get("DateSent>=")
        since = _iso_epoch(after) if after else None
        with self._lock:
            records = [m for m in self.messages
                       if (not args.get("To") or m["To"] == args["To"])
                       and (not args.get("From") or m.get("From") == args["From"])
                       and (since is None or m["created_epoch"] >= since)]
        uri = request.full_path
        page = {"messages": [self.resource(m) for m in reversed(records)], "page": 0,
                "page_size": int(args.get("PageSize", 50)), "first_page_uri": uri,
                "next_page_uri": None, "previous_page_uri": None, "uri": uri, "start": 0,
                "end": max(len(records) - 1, 0)}
        return Response(json.dumps(page), status=200, mimetype="application/json")

    def _fetch(self, account_sid: str, message_sid: str) -> Response:
        denied = self._authorized(account_sid)
        if denied:
            return denied
        with self._lock:
            record = next((m for m in self.messages if m["sid"] == message_sid), None)
        if record is None:
            return self._error(404, 20404, path=request.path)
        return Response(json.dumps(self.resource(record)), status=200, mimetype="application/json")

    def _medium(self, account_sid: str, message_sid: str, media_sid: str) -> Response:
        with self._lock:
            self.media_requests.append({"path": request.path,
                                        "authorized": request.authorization is not None})
            delay = self._media_delay
        if delay:
            self._stopping.wait(delay)
        denied = self._authorized(account_sid)
        if denied:
            return denied
        with self._lock:
            found = self.media.get(request.path)
        if found is None:
            return self._error(404, 20404, path=request.path)
        return Response(found[0], status=200, mimetype=found[1])

    # -- status callbacks -------------------------------------------------

    def _run_callbacks(self, record: dict) -> None:
        """POST ``sent`` then ``delivered`` (or the configured failure)."""
        with self._lock:
            failure = self._undeliverable.get(_bare(record["To"]))
        steps = [("sent", None), (failure[1], failure[0]) if failure else ("delivered", None)]
        for status, error_code in steps:
            if self._stopping.is_set():
                return
            with self._lock:
                record["status"] = status
                record["date_updated"] = _rfc2822(time.time())
                record.setdefault("date_sent", record["date_updated"])
                if error_code:
                    record["error_code"] = error_code
            self._post_callback(record, status, error_code)

    def callback_params(self, record: dict, status: str, error_code: int | None = None) -> dict:
        """The form Twilio POSTs to a message's ``StatusCallback`` URL."""
        params = {
            "AccountSid": self.account_sid,
            "ApiVersion": API_VERSION,
            "From": record.get("From", ""),
            "MessageSid": record["sid"],
            "MessageStatus": status,
            "SmsSid": record["sid"],
            "SmsStatus": status,
            "To": record["To"],
        }
        if record["To"].startswith("whatsapp:"):
            params["ChannelPrefix"] = "whatsapp"
        if error_code:
            params["ErrorCode"] = str(error_code)
        return params

    def sign(self, url: str, params: dict) -> str:
        """``X-Twilio-Signature``: base64 HMAC-SHA1, keyed with the auth
        token, of the URL followed by the sorted POST params (name + value).
        """
        return RequestValidator(self.auth_token).compute_signature(url, params)

    def _post_callback(self, record: dict, status: str, error_code: int | None) -> None:
        url = record["StatusCallback"]
        params = self.callback_params(record, status, error_code)
        signature = self.sign(url, params)
        try:
            answer = requests.post(
                url,
                data=params,
                headers={"X-Twilio-Signature": signature, "User-Agent": "TwilioProxy/1.1"},
                timeout=5,
            )
            http_status: int | None = answer.status_code
        except requests.RequestException:
            http_status = None
        with self._lock:
            self.callbacks.append(
                {"url": url, "params": params, "signature": signature, "http_status": http_status}
            )


def _json_object(text: str) -> bool:
    try:
        return isinstance(json.loads(text), dict)
    except ValueError:
        return False


def _iso_epoch(text: str) -> float:
    """``2026-11-26T19:00:00Z`` or ``2026-11-26`` → Unix seconds."""
    from datetime import datetime
    text = text.strip().replace("Z", "+00:00")
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()
