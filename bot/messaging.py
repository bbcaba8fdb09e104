"""Outbound messages: WhatsApp and SMS through Twilio, with SMS fallback.

The layer is split so that the decisions are pure and the I/O is small:

* :func:`plan_member_delivery` decides *what* to try for one recipient (an
  ordered list of attempts, each the keyword arguments of :meth:`Transport.send`);
* :func:`deliver` walks that list through a :class:`Transport`, falling back on
  refusals and raising on transient failures so the outbox worker retries;
* :class:`TwilioTransport` talks to the Twilio REST API with the official
  client; :class:`ConsoleTransport` stands in when no credentials are set.

Every failure is a :class:`SendError` carrying ``retryable``, the Twilio error
``code`` and the HTTP ``status``. Phone numbers are masked in logs and error
messages; the auth token never appears in either.
"""

from __future__ import annotations

import itertools
import json
import logging
import re
import secrets
import threading
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

import requests
from twilio.base.exceptions import TwilioException, TwilioRestException, TwilioServiceException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from bot.privacy import mask_phone

log = logging.getLogger(__name__)

#: How long after a customer's last message WhatsApp allows free-form text.
WHATSAPP_WINDOW = timedelta(hours=24)
WHATSAPP_PREFIX = "whatsapp:"

#: Twilio error codes seen when a recipient cannot get the message on this
#: channel; :func:`deliver` falls back on *any* non-retryable error, these are
#: listed for readers and logs.
REFUSAL_CODES = {
    21211: "invalid 'To' number",
    21408: "permission to send to this region not enabled",
    21610: "recipient unsubscribed (STOP)",
    21614: "'To' number is not a mobile number",
    63003: "channel could not find the recipient",
    63016: "outside the WhatsApp 24 h window; use a template",
}

#: Statuses Twilio reports for a Message resource (and in status callbacks).
MESSAGE_STATUSES = frozenset({
    "queued", "sending", "sent", "delivered", "undelivered", "failed",
    "receiving", "received", "accepted", "scheduled", "read",
    "partially_delivered", "canceled",
})

_E164 = re.compile(r"^\+[1-9]\d{6,14}$")
_SID = re.compile(r"^(SM|MM)[0-9a-fA-F]{32}$")
_PHONE_IN_TEXT = re.compile(r"\+?\d[\d ]{6,17}\d")


class SendError(Exception):
    """A message was not accepted.

    ``retryable`` tells the caller whether trying the same send later may
    succeed (network trouble, HTTP 429 or 5xx) or not (HTTP 4xx: the request
    itself was refused). ``code`` is Twilio's error code (e.g. ``63016``) and
    ``status`` the HTTP status, each ``None`` when unknown.

    ``maybe_accepted`` is true when the request may have reached Twilio but the
    answer was lost (read timeout): a retry may then send a duplicate.
    """

    def __init__(
        self,
        message: str,
        *,
        retryable: bool,
        code: int | None = None,
        status: int | None = None,
        maybe_accepted: bool = False,
    ):
        super().__init__(message)
        self.retryable = retryable
        self.code = code
        self.status = status
        self.maybe_accepted = maybe_accepted

    def __repr__(self) -> str:
        return (
            f"SendError({self.args[0]!r}, retryable={self.retryable}, "
            f"code={self.code}, status={self.status})"
        )


class Transport(ABC):
    """Something that hands one message to a messaging provider.

    Implementations return at least ``{"sid": ..., "status": ...}`` once the
    provider has *accepted* the message, and raise :class:`SendError`
    otherwise. ``from_`` and ``to`` are channel addresses: ``+212…`` for SMS,
    ``whatsapp:+212…`` for WhatsApp. Send either ``body`` or ``content_sid``
    (an approved WhatsApp template) with its ``content_variables``.
    """

    def find_sent(self, attempt: dict, since: datetime) -> dict | None:
        """A message already accepted for ``attempt`` (same From, To and body) since ``since``.

        Asked before re-sending after a send whose answer was lost (the worker died or the
        connection timed out after Twilio accepted it). Returns ``{"sid", "status"}`` or None.
        """
        return None

    @abstractmethod
    def send(
        self,
        *,
        from_: str,
        to: str,
        body: str | None = None,
        content_sid: str | None = None,
        content_variables: dict | None = None,
        status_callback: str | None = None,
        media_url: str | None = None,
    ) -> dict:
        """Send one message; see the class docstring."""


#: How many of a number's messages a look-up for a lost answer reads at most (newest first).
FIND_SENT_MAX = 2000


class TwilioTransport(Transport):
    """Send through the Twilio Programmable Messaging REST API.

    ``api_base_url`` replaces ``https://api.twilio.com`` (the project setting
    ``TWILIO_API_BASE_URL``), e.g. to talk to the local fake in tests. The
    official client builds every URL from its ``api`` domain's ``base_url``,
    so that is the one thing changed; edge/region rewriting is switched off
    because it would mangle a custom host.
    """

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        api_base_url: str | None = None,
        timeout: float = 10.0,
    ):
        if not account_sid or not auth_token:
            raise ValueError("Twilio account SID and auth token are required")
        self.account_sid = account_sid
        self._token = auth_token
        self._client = Client(
            account_sid, auth_token, http_client=TwilioHttpClient(timeout=timeout)
        )
        if api_base_url:
            self._client.api.base_url = api_base_url.rstrip("/")
            self._client.edge = self._client.region = None

    def find_sent(self, attempt: dict, since: datetime) -> dict | None:
        """Look in Twilio's message list (To, From, ``DateSent>``) for the same body."""
        if not attempt.get("body"):
            return None                 # a template's body is Twilio's: nothing to compare
        try:
            # Newest first, page after page: a member who gets many alerts may have had
            # dozens sent after the lost one (the soak resent one found past the newest 50).
            found = self._client.messages.stream(to=attempt["to"], from_=attempt["from_"],
                                                 date_sent_after=since, page_size=100)
            for message in itertools.islice(found, FIND_SENT_MAX):
                if message.body == attempt["body"]:
                    return {"sid": message.sid, "status": message.status}
                created = message.date_created
                if created is not None and created < since:
                    break                       # older than the job: it cannot be there
        except (TwilioRestException, TwilioServiceException) as exc:
            raise self._refused(exc, attempt["to"]) from None
        except (requests.RequestException, TwilioException) as exc:
            raise self._network_error(exc, attempt["to"]) from exc
        return None

    def __repr__(self) -> str:
        return f"<TwilioTransport {self.account_sid} {self._client.api.base_url}>"

    def send(
        self,
        *,
        from_: str,
        to: str,
        body: str | None = None,
        content_sid: str | None = None,
        content_variables: dict | None = None,
        status_callback: str | None = None,
        media_url: str | None = None,
    ) -> dict:
        """Create a Message resource; see :class:`Transport`."""
        params = _create_params(from_, to, body, content_sid, content_variables, status_callback,
                                media_url)
        try:
            message = self._client.messages.create(**params)
        except (TwilioRestException, TwilioServiceException) as exc:
            raise self._refused(exc, to) from None
        except (requests.RequestException, TwilioException) as exc:
            raise self._network_error(exc, to) from exc
        log.info(
            "twilio accepted %s to %s (%s)", message.sid, mask_phone(to), message.status
        )
        return {"sid": message.sid, "status": message.status}

    def _refused(self, exc: TwilioRestException | TwilioServiceException, to: str) -> SendError:
        """Turn an HTTP error answer into a :class:`SendError`."""
        status = exc.status
        code = exc.code if isinstance(exc.code, int) else None
        retryable = status is None or status == 429 or status >= 500
        detail = getattr(exc, "msg", None) or getattr(exc, "title", "")
        message = self._scrub(
            f"Twilio refused message to {mask_phone(to)}: HTTP {status}, code {code}: {detail}"
        )
        log.warning("%s (retryable=%s)", message, retryable)
        return SendError(message, retryable=retryable, code=code, status=status)

    def _network_error(self, exc: Exception, to: str) -> SendError:
        """Turn a connection problem into a retryable :class:`SendError`."""
        maybe_accepted = isinstance(exc, requests.ReadTimeout)
        message = self._scrub(
            f"could not reach Twilio for message to {mask_phone(to)}: {type(exc).__name__}"
        )
        log.warning("%s (maybe_accepted=%s)", message, maybe_accepted)
        return SendError(message, retryable=True, maybe_accepted=maybe_accepted)

    def _scrub(self, text: str) -> str:
        """Mask phone numbers and drop the auth token from ``text``."""
        text = _PHONE_IN_TEXT.sub(lambda m: mask_phone(m.group(0)), text)
        return text.replace(self._token, "***")


def _create_params(
    from_: str,
    to: str,
    body: str | None,
    content_sid: str | None,
    content_variables: dict | None,
    status_callback: str | None,
    media_url: str | None = None,
) -> dict:
    """Keyword arguments for ``client.messages.create``, without empty ones."""
    if not body and not content_sid and not media_url:
        raise ValueError("a message needs a body, a content_sid or a media_url")
    params: dict[str, Any] = {"from_": from_, "to": to}
    if body:
        params["body"] = body
    if media_url:
        params["media_url"] = [media_url]
    if content_sid:
        params["content_sid"] = content_sid
        if content_variables:
            params["content_variables"] = encode_content_variables(content_variables)
    if status_callback:
        params["status_callback"] = status_callback
    return params


def encode_content_variables(variables: Mapping) -> str:
    """``{1: "Fatima"}`` → ``'{"1": "Fatima"}'``: Twilio wants a JSON object of strings."""
    return json.dumps(
        {str(key): str(value) for key, value in variables.items()}, ensure_ascii=False
    )


class ConsoleTransport(Transport):
    """Pretend to send: log a masked summary and remember the message.

    Used when no Twilio credentials are configured (development, demos).
    Returns a Twilio-shaped sid (``SM`` + 32 hex digits) and status ``"sent"``.
    The last ``keep`` messages are kept, oldest first, in :attr:`sent`.
    """

    def __init__(self, keep: int = 100):
        self.keep = keep
        self.sent: list[dict] = []
        self._lock = threading.Lock()

    def send(
        self,
        *,
        from_: str,
        to: str,
        body: str | None = None,
        content_sid: str | None = None,
        content_variables: dict | None = None,
        status_callback: str | None = None,
        media_url: str | None = None,
    ) -> dict:
        """Record the message; see :class:`Transport`."""
        _create_params(from_, to, body, content_sid, content_variables, status_callback,
                       media_url)
        sid = "SM" + secrets.token_hex(16)
        record = {
            "sid": sid,
            "status": "sent",
            "from_": from_,
            "to": to,
            "body": body,
            "content_sid": content_sid,
            "content_variables": content_variables,
            "status_callback": status_callback,
            "media_url": media_url,
        }
        with self._lock:
            self.sent.append(record)
            del self.sent[: max(0, len(self.sent) - self.keep)]
        what = f"template {content_sid}" if content_sid else f"{len(body or '')} chars"
        log.info("console message %s %s → %s: %s", sid, mask_phone(from_), mask_phone(to), what)
        return {"sid": sid, "status": "sent"}


def make_transport(settings: Mapping[str, Any]) -> Transport:
    """A :class:`TwilioTransport` if ``TWILIO_ACCOUNT_SID`` and
    ``TWILIO_AUTH_TOKEN`` are set in ``settings``, else a :class:`ConsoleTransport`.
    ``TWILIO_API_BASE_URL`` and ``TWILIO_TIMEOUT`` are optional.
    """
    sid, token = settings.get("TWILIO_ACCOUNT_SID"), settings.get("TWILIO_AUTH_TOKEN")
    if not (sid and token):
        return ConsoleTransport()
    return TwilioTransport(
        sid,
        token,
        api_base_url=settings.get("TWILIO_API_BASE_URL") or None,
        timeout=float(settings.get("TWILIO_TIMEOUT") or 10.0),
    )


# -- Planning ---------------------------------------------------------------


def within_whatsapp_window(last_inbound_at: datetime | None, now: datetime) -> bool:
    """Whether free-form WhatsApp text is allowed: the customer wrote to us
    less than 24 hours before ``now``. ``None`` (never wrote) is outside.
    Both datetimes must be alike (both aware, or both naive UTC).
    """
    if last_inbound_at is None:
        return False
    return now - last_inbound_at < WHATSAPP_WINDOW


def channel_of(address: str) -> str:
    """``"whatsapp"`` for ``whatsapp:+212…``, ``"sms"`` for a bare number."""
    return "whatsapp" if address.startswith(WHATSAPP_PREFIX) else "sms"


def _whatsapp(address: str) -> str:
    return address if address.startswith(WHATSAPP_PREFIX) else WHATSAPP_PREFIX + address


def _bare(address: str) -> str:
    return address.rpartition(":")[2]


def plan_member_delivery(
    member: Mapping,
    *,
    coop_whatsapp_from: str | None,
    coop_sms_from: str | None,
    text: str,
    template: Mapping | None,
    last_inbound_at: datetime | None,
    now: datetime,
    status_callback: str | None = None,
) -> list[dict]:
    """The ordered send attempts for one message to one member.

    Each attempt is a dict of keyword arguments for :meth:`Transport.send`.
    For a WhatsApp member (and a cooperative with a WhatsApp sender):

    1. inside the 24 h window, the free ``text``; outside it, the approved
       ``template`` (``{"content_sid": "HX…", "variables": {...}}``) if any,
       and nothing on WhatsApp otherwise (Twilio would refuse with 63016);
    2. then ``text`` by SMS, if the cooperative has an SMS sender.

    An SMS member gets ``text`` by SMS only. An empty list means there is no
    way to reach the member. Raises :class:`ValueError` for a malformed
    member (unknown channel, phone not E.164).
    """
    phone = _bare(str(member.get("phone") or ""))
    channel = member.get("channel")
    if not _E164.match(phone):
        raise ValueError(f"member phone is not E.164: {mask_phone(phone)!r}")
    if channel not in ("whatsapp", "sms"):
        raise ValueError(f"unknown member channel: {channel!r}")
    extra = {"status_callback": status_callback} if status_callback else {}
    attempts: list[dict[str, Any]] = []
    if channel == "whatsapp" and coop_whatsapp_from:
        whatsapp = {"from_": _whatsapp(coop_whatsapp_from), "to": _whatsapp(phone), **extra}
        if within_whatsapp_window(last_inbound_at, now):
            attempts.append({**whatsapp, "body": text})
        elif template and template.get("content_sid"):
            attempts.append({
                **whatsapp,
                "content_sid": template["content_sid"],
                "content_variables": dict(template.get("variables") or {}),
            })
    if coop_sms_from:
        attempts.append({"from_": _bare(coop_sms_from), "to": phone, "body": text, **extra})
    return attempts


# -- Delivering -------------------------------------------------------------


def deliver(
    transport: Transport,
    attempts: Sequence[Mapping],
    already_sent: str | None = None,
) -> dict:
    """Send one message by the first attempt the provider accepts.

    Contract with the caller (the outbox worker), which makes a job
    at-most-once per message:

    * If ``already_sent`` is a sid, a previous run of this job got the message
      accepted: nothing is sent and ``{"sid": already_sent, "already_sent":
      True, "status": None, "attempt_index": None, "channel": None}`` is
      returned.
    * Otherwise ``attempts`` are tried in order. A non-retryable
      :class:`SendError` (a refusal such as 63016, 21211, 21610) moves on to
      the next attempt. A retryable one is raised as is: no attempt was
      accepted, so the caller may rerun the whole job later.
    * When an attempt is accepted, ``{"sid", "status", "attempt_index",
      "channel", "already_sent": False, "refusals"}`` is returned at once.
      The caller must persist ``sid`` before anything else and pass it as
      ``already_sent`` if the job ever runs again.
    * When every attempt is refused, the last refusal is raised
      (non-retryable); with no attempts at all a non-retryable
      :class:`SendError` without code is raised.

    ``refusals`` lists ``{"attempt_index", "channel", "code", "status"}`` of
    the attempts refused before the accepted one.
    """
    if already_sent:
        return {
            "sid": already_sent, "status": None, "attempt_index": None,
            "channel": None, "already_sent": True, "refusals": [],
        }
    if not attempts:
        raise SendError("no way to deliver this message (no attempt planned)", retryable=False)
    refusals: list[dict] = []
    last_error: SendError | None = None
    for index, attempt in enumerate(attempts):
        channel = channel_of(attempt["to"])
        try:
            result = transport.send(**attempt)
        except SendError as exc:
            if exc.retryable:
                raise
            last_error = exc
            refusals.append(
                {"attempt_index": index, "channel": channel, "code": exc.code, "status": exc.status}
            )
            log.info(
                "attempt %d (%s) to %s refused with code %s (%s); trying the next one",
                index, channel, mask_phone(attempt["to"]), exc.code,
                REFUSAL_CODES.get(exc.code or 0, "see twilio.com/docs/errors"),
            )
            continue
        return {
            "sid": result["sid"], "status": result.get("status"), "attempt_index": index,
            "channel": channel, "already_sent": False, "refusals": refusals,
        }
    assert last_error is not None
    raise last_error


# -- Status callbacks -------------------------------------------------------


def parse_status_callback(form: Mapping) -> dict:
    """Read a Twilio message status callback (the POSTed form).

    Returns ``{"sid", "status", "error_code"}``; ``error_code`` is an ``int``
    or ``None``. Raises :class:`ValueError` when ``MessageSid`` (or the older
    ``SmsSid``) or ``MessageStatus`` (``SmsStatus``) is missing or malformed.
    Check the ``X-Twilio-Signature`` before trusting the form.
    """
    sid = (form.get("MessageSid") or form.get("SmsSid") or "").strip()
    status = (form.get("MessageStatus") or form.get("SmsStatus") or "").strip().lower()
    if not _SID.match(sid):
        raise ValueError("status callback without a valid MessageSid")
    if status not in MESSAGE_STATUSES:
        raise ValueError(f"status callback with unknown MessageStatus {status[:20]!r}")
    raw_code = (form.get("ErrorCode") or "").strip()
    if raw_code and not raw_code.isdigit():
        raise ValueError(f"status callback with non-numeric ErrorCode {raw_code[:20]!r}")
    error_code = int(raw_code) if raw_code and int(raw_code) else None
    return {"sid": sid, "status": status, "error_code": error_code}
