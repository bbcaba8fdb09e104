"""The courier interface: plain data in, plain data out, HTTP in between.

Every courier adapter subclasses :class:`Courier`. Adapters never touch the
database or Flask: the store hands them a :class:`Parcel` and stores what comes
back; the webhook route hands them raw bytes and headers.

Error contract
--------------
Everything that goes wrong talking to a courier is a :class:`CourierError`:

* connection refused, timeouts, dropped connections, HTTP 5xx, 408 and 429
  → ``retryable=True`` (try again later);
* validation problems (4xx, ``success: false``, ``RESULT: ERROR``)
  → ``retryable=False`` with the courier's own ``message``.

``ambiguous=True`` means the request may have reached the courier (read
timeout, connection dropped mid-reply, 5xx): before creating the parcel again,
call :meth:`Courier.find_parcel` with our reference.

Secrets (tokens, keys, Ozon's URL) never appear in exception text or logs.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import logging
import re
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import requests

from bot.geo import CourierCity  # noqa: F401 -- re-exported: part of the adapter interface
from bot.nlu.textnorm import fold  # noqa: F401 -- re-exported: part of the adapter interface
from bot.statuses import COURIER_STATUSES

#: Our own delivery statuses, in lifecycle order (from :mod:`bot.statuses`, which
#: also holds the moves an update may make). ``map_status`` returns one of these
#: or ``None`` (unknown raw status: store it, change nothing).
STATUSES = COURIER_STATUSES
#: What a courier status may ask members to act on (alert ``courier_<problem>``).
PROBLEMS = ("address", "return", "out_of_zone", "wrong_phone")


@dataclass
class Parcel:
    """What we ask a courier to deliver (one confirmed COD order)."""

    reference: str
    cod_amount: float
    recipient_name: str
    phone: str
    city: str
    address: str
    latitude: float | None = None
    longitude: float | None = None
    items: list[dict] = field(default_factory=list)
    note: str = ""
    coop_slug: str = ""
    coop_name: str = ""
    allow_open: bool = True
    #: When the order was confirmed (Unix seconds). Optional; the sandbox uses
    #: it so that creating the same order twice yields the same tracking code.
    created_at: float | None = None


@dataclass
class ParcelResult:
    """A created (or found) parcel: the courier's tracking code and raw reply."""

    tracking: str | None
    raw: dict = field(default_factory=dict)


class CourierError(Exception):
    """A failed courier call.

    ``message`` is safe to show to cooperative members: it is either the
    courier's own validation message or a short generic sentence. It never
    contains credentials or URLs.
    """

    def __init__(
        self,
        message: str,
        *,
        retryable: bool,
        status_code: int | None = None,
        ambiguous: bool = False,
        courier: str = "",
        credentials: bool = False,
    ):
        super().__init__(message)
        self.message = message
        self.retryable = retryable
        self.status_code = status_code
        self.ambiguous = ambiguous
        self.courier = courier
        #: The courier refused the account's credentials: members must fix the
        #: key in the cooperative's settings before anything can be sent.
        self.credentials = credentials

    def __str__(self) -> str:
        prefix = f"{self.courier}: " if self.courier else ""
        code = f" (HTTP {self.status_code})" if self.status_code else ""
        return f"{prefix}{self.message}{code}"


# -- small shared helpers ---------------------------------------------------

def local_phone(phone: str) -> str:
    """``+212612345678`` → ``0612345678`` (the form Moroccan couriers expect).

    Accepts ``whatsapp:`` prefixes, ``00212``/``212`` and local numbers. Raises
    :class:`CourierError` (not retryable) for anything that is not a Moroccan
    number.
    """
    digits = re.sub(r"\D", "", phone.rpartition(":")[2] if phone else "")
    if digits.startswith("00212"):
        digits = digits[5:]
    elif digits.startswith("212"):
        digits = digits[3:]
    elif digits.startswith("0"):
        digits = digits[1:]
    if len(digits) != 9 or digits[0] not in "5678":
        raise CourierError("The phone number is not a Moroccan number.", retryable=False)
    return "0" + digits


def whole_mad(amount: float) -> int:
    """Round a COD amount to whole dirhams, halves up (149.5 → 150)."""
    return int(Decimal(str(amount)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def items_summary(items: list[dict], limit: int = 250) -> str:
    """``"2x Miel de thym 1kg, 1x Amlou"``: the free-text product line couriers print."""
    parts = [f"{int(i.get('quantity') or 1)}x {i.get('name') or i.get('sku') or '?'}"
             for i in items]
    text = ", ".join(parts)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def hmac_hex(secret: str, body: bytes) -> str:
    """Hex HMAC-SHA256 of ``body`` keyed with ``secret``."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def header(headers: Mapping[str, Any], name: str) -> str | None:
    """Case-insensitive header lookup that works on plain dicts too."""
    value = headers.get(name) if hasattr(headers, "get") else None
    if value is None:
        lowered = name.lower()
        for key, val in headers.items():
            if key.lower() == lowered:
                return val
    return value


def signature_matches(secret: str | None, raw_body: bytes, given: str | None,
                      base64_too: bool = False) -> bool:
    """Constant-time check of a hex HMAC-SHA256, with or without ``sha256=``.

    ``base64_too``: a base64 (standard or URL-safe) HMAC is accepted as well.
    """
    if not secret or not given:
        return False
    given = given.strip()
    if given.lower().startswith("sha256="):
        given = given[7:]
    digest = hmac.new(secret.encode(), raw_body, hashlib.sha256).digest()
    if hmac.compare_digest(digest.hex().encode(), given.lower().encode("ascii", "replace")):
        return True
    if not base64_too:
        return False
    try:
        received = base64.b64decode(given.replace("-", "+").replace("_", "/"), validate=True)
    except (ValueError, binascii.Error):
        return False
    return hmac.compare_digest(digest, received)


def json_object(raw_body: bytes) -> dict:
    """A webhook body as a JSON object; ``ValueError`` when it is not one."""
    try:
        body = json.loads(raw_body)
    except (ValueError, UnicodeDecodeError):
        raise ValueError("webhook body is not JSON") from None
    if not isinstance(body, dict):
        raise ValueError("webhook body is not an object")
    return body


def account_key(*parts: str | None) -> str:
    """A short, non-reversible id for a courier account (for caches and logs)."""
    joined = "\x1f".join(p or "" for p in parts)
    return hashlib.sha256(joined.encode()).hexdigest()[:12]


class RedactingFilter(logging.Filter):
    """Rewrite log records so that URL secrets never reach a handler.

    Installed on ``urllib3.connectionpool`` by adapters whose URLs carry
    credentials (Ozon puts its API key in the path).
    """

    def __init__(self, pattern: re.Pattern[str], replacement: str):
        super().__init__()
        self.pattern = pattern
        self.replacement = replacement

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # pragma: no cover - malformed record, leave it
            return True
        redacted = self.pattern.sub(self.replacement, message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


def install_redaction(pattern: re.Pattern[str], replacement: str) -> None:
    """Attach a :class:`RedactingFilter` to urllib3's request logger, once."""
    target = logging.getLogger("urllib3.connectionpool")
    for existing in target.filters:
        if isinstance(existing, RedactingFilter) and existing.pattern.pattern == pattern.pattern:
            return
    target.addFilter(RedactingFilter(pattern, replacement))


# -- the interface ----------------------------------------------------------

class Courier(ABC):
    """Base class for courier adapters.

    ``options`` carries the account settings, credentials already resolved
    from the environment by the caller. Subclasses set ``name`` and
    ``has_webhooks`` (``False`` → the worker polls :meth:`track`).
    """

    name: str = ""
    has_webhooks: bool = False
    #: Whether :meth:`track` returns anything useful (the worker polls those).
    pollable: bool = False
    #: For a courier with webhooks that can also be polled: only parcels without
    #: news for this many seconds are polled (None: every parcel, every round).
    poll_quiet_seconds: float | None = None
    #: 4xx statuses that mean "try again later" rather than "fix the data".
    retryable_statuses = frozenset({408, 425, 429})

    def __init__(
        self,
        options: Mapping[str, Any] | None = None,
        session: requests.Session | None = None,
        timeout: float = 10.0,
    ):
        self.options = dict(options or {})
        self.session = session or requests.Session()
        self.timeout = timeout
        self.log = logging.getLogger(f"bot.couriers.{self.name or 'courier'}")

    def __repr__(self) -> str:  # never show options: they hold credentials
        return f"<{type(self).__name__} {self.name}>"

    # -- what adapters implement -------------------------------------------

    @abstractmethod
    def cities(self) -> list[CourierCity]:
        """Every destination the courier serves (all pages)."""

    @abstractmethod
    def create_parcel(self, parcel: Parcel, city: CourierCity | None) -> ParcelResult:
        """Hand a parcel to the courier; ``city`` is the matched destination."""

    def find_parcel(self, reference: str, phone: str | None = None) -> ParcelResult | None:
        """Look a parcel up by our reference (``phone``: the recipient's, for
        couriers whose search may not cover the reference); ``None`` if absent
        or unsupported."""
        return None

    def track(self, tracking: str) -> str | None:
        """The courier's raw status for ``tracking``; ``None`` if not supported."""
        return None

    def track_many(self, trackings: list[str]) -> dict[str, str]:
        """Raw status per tracking code, for the parcels the courier answered
        about. One :meth:`track` call per parcel unless the courier has a bulk
        form; a parcel whose look-up fails is left out (asked again next round).
        Refused credentials stop the round (:class:`CourierError`)."""
        raws: dict[str, str] = {}
        for tracking in trackings:
            try:
                raw = self.track(tracking)
            except CourierError as exc:
                if exc.credentials:
                    raise
                self.log.info("tracking %s failed: %s", tracking, exc.message)
                continue
            if raw:
                raws[tracking] = raw
        return raws

    def cancel_parcel(self, tracking: str) -> None:
        """Cancel a parcel the courier has not picked up yet.

        A :class:`CourierError` (not retryable) when the courier refuses, or has
        no cancellation in its API (the default): members then cancel it by hand.
        """
        raise self.error(f"{self.name} has no cancellation in its API.", retryable=False)

    @abstractmethod
    def map_status(self, raw: str) -> str | None:
        """Map a raw courier status to one of :data:`STATUSES`, or ``None``."""

    def problem(self, raw: str) -> str | None:
        """What members must act on for this raw status, or ``None``.

        One of :data:`PROBLEMS`: ``address`` (the courier needs another
        address), ``return`` (the parcel is coming back), ``out_of_zone`` (the
        courier does not deliver there), ``wrong_phone`` (the number cannot be
        reached). The worker alerts members once per problem and order.
        """
        return None

    def verify_webhook(self, headers: Mapping[str, Any], raw_body: bytes) -> bool:
        """Whether a status webhook is authentic. No webhooks → always ``False``."""
        return False

    def parse_webhook(self, raw_body: bytes) -> tuple[str, str]:
        """``(tracking-or-reference, raw status)``; ``ValueError`` if malformed."""
        raise ValueError(f"{self.name} does not send webhooks")

    def account_key(self) -> str:
        """Identifies the account for caches (e.g. :class:`CityCache`)."""
        return f"{self.name}:default"

    # -- helpers for subclasses --------------------------------------------

    def option(self, key: str) -> Any:
        """A required option; a non-retryable error if it is missing."""
        value = self.options.get(key)
        if value in (None, ""):
            raise self.error(f"{self.name} is not configured: missing {key}.", retryable=False)
        return value

    def error(self, message: str, **kwargs: Any) -> CourierError:
        """Build a :class:`CourierError` tagged with this courier's name."""
        return CourierError(message, courier=self.name, **kwargs)

    def http(self, method: str, url: str, *, log_path: str, **kwargs: Any) -> requests.Response:
        """Send one request, turning transport failures into :class:`CourierError`.

        ``log_path`` is what appears in logs instead of ``url`` (URLs may carry
        secrets). HTTP error statuses are *not* raised here, except those that
        are always retryable (5xx, 408, 425, 429).
        """
        kwargs.setdefault("timeout", self.timeout)
        failure: CourierError | None = None
        try:
            response = self.session.request(method, url, **kwargs)
        except requests.ConnectTimeout:
            failure = self.error("The courier could not be reached in time.", retryable=True)
        except requests.Timeout:
            failure = self.error(
                "The courier did not answer in time.", retryable=True, ambiguous=True
            )
        except requests.ConnectionError as exc:
            refused = _connection_refused(exc)
            failure = self.error(
                "The courier could not be reached." if refused
                else "The connection to the courier dropped.",
                retryable=True,
                ambiguous=not refused,
            )
        except requests.RequestException:
            failure = self.error("The courier request failed.", retryable=True, ambiguous=True)
        if failure is not None:
            # Raised outside the except block: requests' own exception text
            # includes the URL, so it must not ride along as __context__.
            self.log.warning("%s %s %s failed: %s", self.name, method, log_path, failure.message)
            raise failure
        status = response.status_code
        self.log.debug("%s %s %s → %s", self.name, method, log_path, status)
        if status >= 500 or status in self.retryable_statuses:
            self.log.warning("%s %s %s → HTTP %s", self.name, method, log_path, status)
            raise self.error(
                "The courier is temporarily unavailable.",
                retryable=True,
                status_code=status,
                ambiguous=status >= 500,
            )
        return response

    def json_of(self, response: requests.Response) -> Any:
        """The JSON body, or a retryable error if the courier sent garbage."""
        try:
            return response.json()
        except ValueError:
            raise self.error(
                "The courier sent an unreadable reply.",
                retryable=True,
                status_code=response.status_code,
                ambiguous=True,
            ) from None


def _connection_refused(exc: requests.ConnectionError) -> bool:
    """True when the connection was never established (nothing was sent)."""
    seen: set[int] = set()
    stack: list[BaseException | None] = [exc]
    while stack:
        current = stack.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ConnectionRefusedError):
            return True
        if type(current).__name__ in ("NewConnectionError", "NameResolutionError"):
            return True
        stack.extend([getattr(current, "reason", None), current.__cause__, current.__context__])
        stack.extend(a for a in getattr(current, "args", ()) if isinstance(a, BaseException))
    return False


def message_from(payload: Any, default: str) -> str:
    """Pull a human message out of a courier's error body (Laravel-style too)."""
    if not isinstance(payload, dict):
        return default
    message = str(payload.get("message") or payload.get("MESSAGE") or payload.get("error")
                  or "").strip()
    errors = payload.get("errors")
    data = payload.get("data")
    if errors is None and isinstance(data, dict):
        # Sendit puts field errors under ``data`` ({"phone": "… invalide."}), or ``data.errors``.
        errors = data.get("errors") if "errors" in data else {
            k: v for k, v in data.items()
            if isinstance(v, str) or (isinstance(v, list) and all(isinstance(i, str) for i in v))}
    details: list[str] = []
    if isinstance(errors, dict):
        for value in errors.values():
            details.extend(str(v) for v in (value if isinstance(value, list) else [value]))
    elif isinstance(errors, list):
        details.extend(str(v) for v in errors)
    if details:
        message = f"{message} {' '.join(details)}".strip() if message else " ".join(details)
    return message[:300] or default
