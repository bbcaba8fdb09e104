"""Sendit (sendit.ma): REST JSON with a bearer token.

Options: ``public_key``, ``secret_key``, ``pickup_district_id`` (required to
create parcels), ``base_url`` (default ``https://app.sendit.ma/api/v1``),
``webhook_key`` (the key chosen when the webhook was created in Sendit's
dashboard; default: ``secret_key``), ``poll_after_hours`` (default 6),
``allow_try`` (0/1: the customer may try the product), ``products_from_stock``
(0/1: parcels prepared from the cooperative's stock at Sendit), ``max_cod``
(default 5000 MAD).

Official documentation (not in the stored copies): https://app.sendit.ma/api/documentation

* ``POST /login`` ``{"public_key","secret_key"}`` → ``data.token``; a 401 on any
  later call triggers one fresh login and one replay.
* ``GET /districts?page=N&pickup-district=ID`` → ``data`` (list) with
  ``current_page``/``last_page``; prices and delays from that pickup district.
* ``POST /deliveries`` → ``data.code`` (the tracking code).
* ``GET /deliveries?querystring=...`` searches parcels: by our reference,
  then by the recipient's phone, keeping the exact ``reference``.
* ``GET /deliveries/{code}`` → ``data.status`` (used by :meth:`track`).
* ``DELETE /deliveries/{code}`` cancels a parcel not picked up yet.
* Webhooks: ``X-Sendit-Signature`` = HMAC-SHA256 of the raw body keyed with
  the API key chosen when the webhook is created, hex or base64 (sources
  disagree: both are accepted); body ``{"event":"delivery.status.update",
  "code","oldStatus","newStatus",...}``. A parcel without news for
  ``poll_after_hours`` is polled (``GET /deliveries/{code}``): a webhook that
  never arrives (wrong key, wrong URL) does not leave orders at ``forwarded``.

Sendit may answer HTTP 200 with ``success: false``: that is an error too.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator, Mapping
from typing import Any
from urllib.parse import quote

import requests

from bot.privacy import mask_phone

from .base import (
    Courier,
    CourierCity,
    CourierError,
    Parcel,
    ParcelResult,
    account_key,
    header,
    items_summary,
    json_object,
    local_phone,
    message_from,
    signature_matches,
    whole_mad,
)

DEFAULT_BASE_URL = "https://app.sendit.ma/api/v1"
SIGNATURE_HEADER = "X-Sendit-Signature"
MAX_PAGES = 200
SEARCH_PAGES = 3            # a search by our number: the most recent pages are enough
PHONE_SEARCH_PAGES = 25     # a phone's parcels, newest first: a busy customer may have many
                            # created after the one whose answer was lost (500 at 20 a page)
DEFAULT_POLL_AFTER_HOURS = 6.0
#: Cash to collect per parcel above which the parcel is refused before any call
#: (``max_cod`` option). From issue 20; not found in the stored sources.
MAX_COD = 5000

#: Sendit raw status → ours (sources: docs/couriers.md, "Sendit: what rests on
#: what"). POSTPONED, SCHEDULED and UNREACHABLE keep the parcel ``in_transit``:
#: the courier still holds it and will try again; the raw status is stored by
#: the caller so members can see why. NEW_DESTINATION changes nothing but
#: alerts members (:data:`PROBLEM_MAP`).
STATUS_MAP = {
    "PENDING": "forwarded",
    "TO_PREPARE": "forwarded",
    "TO_PICKUP": "forwarded",
    "PICKEDUP": "picked_up",
    "WAREHOUSE": "in_transit",
    "TRANSIT": "in_transit",
    "UNREACHABLE": "in_transit",
    "POSTPONED": "in_transit",
    "SCHEDULED": "in_transit",
    "DISTRIBUTED": "out_for_delivery",
    "DELIVERING": "out_for_delivery",
    "DELIVERED": "delivered",
    "REJECTED": "refused",
    "CANCELED": "cancelled",
    # Returns come in the separate ``status_return`` field; only the parcel
    # back with the seller is "returned". RETURNED itself is listed by one
    # source only (kept, harmless).
    "RETURN_SELLER": "returned",
    "RETURNED": "returned",
}
#: Return statuses (``status_return``): the parcel is on its way back.
RETURN_STATUSES = ("RETOUR_PENDING", "RETURN_PENDING", "TORETURN", "RETURN_WAREHOUSE",
                   "RETURN_TOCHECK", "RETURN_STOCK", "RETURN_SELLER")
#: Raw statuses members must act on.
PROBLEM_MAP = {"NEW_DESTINATION": "address",
               **{code: "return" for code in RETURN_STATUSES if code != "RETURN_SELLER"}}
_SPELLINGS = {"PICKED_UP": "PICKEDUP", "IN_TRANSIT": "TRANSIT", "CANCELLED": "CANCELED",
              "TOPICKUP": "TO_PICKUP", "TOPREPARE": "TO_PREPARE"}

# Tokens are shared between adapter instances of the same account, so a
# worker that builds one adapter per job does not log in every time.
_tokens: dict[str, str] = {}
_tokens_lock = threading.Lock()


def clear_token_cache() -> None:
    """Forget every cached Sendit token (tests, credential rotation)."""
    with _tokens_lock:
        _tokens.clear()


class SenditCourier(Courier):
    """Sendit adapter (status updates arrive by webhook)."""

    name = "sendit"
    has_webhooks = True
    pollable = True

    @property
    def poll_quiet_seconds(self) -> float:  # type: ignore[override]  # base: a plain attribute
        """Parcels without news for this long are polled (webhooks may never come)."""
        try:
            hours = float(self.options.get("poll_after_hours") or DEFAULT_POLL_AFTER_HOURS)
        except (TypeError, ValueError):
            hours = DEFAULT_POLL_AFTER_HOURS
        return hours * 3600.0

    @property
    def base_url(self) -> str:
        return str(self.options.get("base_url") or DEFAULT_BASE_URL).rstrip("/")

    def account_key(self) -> str:
        return f"sendit:{account_key(self.base_url, self.options.get('public_key'))}"

    # -- auth ------------------------------------------------------------

    def _token_key(self) -> str:
        return account_key(self.base_url, self.options.get("public_key"),
                           self.options.get("secret_key"))

    def _login(self) -> str:
        """Log in and remember the token; non-retryable on bad credentials."""
        payload = {"public_key": self.option("public_key"), "secret_key": self.option("secret_key")}
        response = self.http("POST", f"{self.base_url}/login", log_path="/login", json=payload)
        body = self._json_or_none(response)
        data = body.get("data") if isinstance(body, dict) else None
        token = data.get("token") if isinstance(data, dict) else None
        if response.status_code >= 400 or not token:
            message = message_from(body, "Sendit refused the login.")
            self.log.warning("sendit login refused (HTTP %s)", response.status_code)
            raise self.error(message, retryable=False, status_code=response.status_code,
                             credentials=response.status_code in (401, 403, 422))
        with _tokens_lock:
            _tokens[self._token_key()] = token
        return token

    def _token(self) -> str:
        with _tokens_lock:
            token = _tokens.get(self._token_key())
        return token or self._login()

    def _forget_token(self) -> None:
        with _tokens_lock:
            _tokens.pop(self._token_key(), None)

    # -- requests ----------------------------------------------------------

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        """An authenticated call; re-login once on 401; checks ``success``."""
        url = f"{self.base_url}{path}"
        log_path = path.split("?", 1)[0]
        response = self.http(method, url, log_path=log_path, headers=self._auth(self._token()),
                             **kwargs)
        if response.status_code == 401:
            self.log.info("sendit token rejected, logging in again")
            self._forget_token()
            response = self.http(method, url, log_path=log_path,
                                 headers=self._auth(self._login()), **kwargs)
        body = self._json_or_none(response)
        if response.status_code >= 400 or (isinstance(body, dict) and body.get("success") is False):
            message = message_from(
                body, f"Sendit refused the request (HTTP {response.status_code}).")
            raise self.error(message, retryable=False, status_code=response.status_code)
        if body is None:
            raise self.error("Sendit sent an unreadable reply.", retryable=True, ambiguous=True,
                             status_code=response.status_code)
        return body

    @staticmethod
    def _auth(token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}", "Accept": "application/json"}

    @staticmethod
    def _json_or_none(response: requests.Response) -> Any:
        try:
            return response.json()
        except ValueError:
            return None

    # -- the interface -----------------------------------------------------

    def cities(self) -> list[CourierCity]:
        """Every district, following ``last_page``, priced from the cooperative's
        pickup district (``pickup-district``: prices and delays depend on it)."""
        pickup = self.options.get("pickup_district_id")
        origin = f"&pickup-district={quote(str(pickup), safe='')}" if pickup else ""
        return [_district(row) for row in
                self._rows(lambda page: f"/districts?page={page}{origin}", MAX_PAGES)]

    def create_parcel(self, parcel: Parcel, city: CourierCity | None) -> ParcelResult:
        """``POST /deliveries``; the tracking code is ``data.code``."""
        if city is None:
            raise self.error("No Sendit district matches the delivery city.", retryable=False)
        amount = whole_mad(parcel.cod_amount)
        limit = float(self.options.get("max_cod") or MAX_COD)
        if amount > limit:
            raise self.error(f"Cash to collect {amount} MAD is above Sendit's limit of "
                             f"{limit:.0f} MAD per parcel: split the order or arrange the payment.",
                             retryable=False)
        payload = {
            "pickup_district_id": _int_or_str(self.option("pickup_district_id")),
            "district_id": _int_or_str(city.id),
            "name": clean_text(parcel.recipient_name, 100),
            "phone": local_phone(parcel.phone),
            "address": clean_text(parcel.address, 250),
            "amount": amount,
            "reference": parcel.reference,
            "comment": clean_text(parcel.note or "", 250),
            "allow_open": 1 if parcel.allow_open else 0,
            "allow_try": 1 if _flag(self.options.get("allow_try")) else 0,
            "products_from_stock": 1 if _flag(self.options.get("products_from_stock")) else 0,
            "option_exchange": 0,
            "products": clean_text(items_summary(parcel.items), 250),
        }
        body = self._call("POST", "/deliveries", json=payload)
        data = body.get("data") if isinstance(body, dict) else None
        code = data.get("code") if isinstance(data, dict) else None
        if not code:
            raise self.error("Sendit did not return a tracking code.", retryable=True,
                             ambiguous=True)
        self.log.info("sendit parcel %s created: %s (to %s)", parcel.reference, code,
                      mask_phone(parcel.phone))
        return ParcelResult(tracking=str(code), raw=body)

    def find_parcel(self, reference: str, phone: str | None = None) -> ParcelResult | None:
        """Our parcel, found by searching deliveries and keeping the exact ``reference``.

        Sendit's ``querystring`` is not confirmed to search the reference field
        (one source lists code, name, phone and address), so after a search by
        our reference comes one by the recipient's phone, filtered on reference.
        """
        queries = [reference]
        if phone:
            try:
                queries.append(local_phone(phone))
            except CourierError:
                pass
        for query, pages in zip(queries, (SEARCH_PAGES, PHONE_SEARCH_PAGES), strict=False):
            found = self._search_reference(query, reference, pages)
            if found:
                return found
        return None

    def _search_reference(self, query: str, reference: str, pages: int) -> ParcelResult | None:
        search = f"/deliveries?querystring={quote(query, safe='')}"
        for row in self._rows(lambda page: f"{search}&page={page}", pages):
            if isinstance(row, dict) and str(row.get("reference") or "").strip() == reference \
                    and row.get("code"):
                return ParcelResult(tracking=str(row["code"]), raw=row)
        return None

    def _rows(self, path: Callable[[int], str], pages: int) -> Iterator:
        """The rows of a paginated ``GET`` (``path(page)``), page after page: up to
        ``pages`` pages, the last page or an empty one. Fetched as they are read."""
        for page in range(1, pages + 1):
            rows, last_page = _page(self._call("GET", path(page)))
            yield from rows
            if page >= last_page or not rows:
                return

    def track(self, tracking: str) -> str | None:
        """``GET /deliveries/{code}`` → raw status (a fallback to webhooks);
        ``status_return`` when the parcel is coming back."""
        body = self._call("GET", f"/deliveries/{quote(tracking, safe='')}")
        data = body.get("data") if isinstance(body, dict) else None
        return _raw_status(data, "status") if isinstance(data, dict) else None

    def cancel_parcel(self, tracking: str) -> None:
        """``DELETE /deliveries/{code}``: allowed while the parcel is not picked up
        (PENDING, TO_PREPARE); an unknown code (404) is already gone."""
        try:
            self._call("DELETE", f"/deliveries/{quote(tracking, safe='')}")
        except CourierError as exc:
            if exc.status_code != 404:
                raise
        self.log.info("sendit parcel %s cancelled", tracking)

    def map_status(self, raw: str) -> str | None:
        return STATUS_MAP.get(_code(raw))

    def problem(self, raw: str) -> str | None:
        return PROBLEM_MAP.get(_code(raw))

    def webhook_key(self) -> str | None:
        """The webhook's signing key: ``webhook_key`` if set, else the secret key."""
        return self.options.get("webhook_key") or self.options.get("secret_key") or None

    def verify_webhook(self, headers: Mapping[str, Any], raw_body: bytes) -> bool:
        return signature_matches(self.webhook_key(), raw_body, header(headers, SIGNATURE_HEADER),
                                 base64_too=True)

    def parse_webhook(self, raw_body: bytes) -> tuple[str, str]:
        """``(code, newStatus)`` from a ``delivery.status.update`` event."""
        body = json_object(raw_body)
        event = body.get("event", "delivery.status.update")
        if event != "delivery.status.update":
            raise ValueError(f"unsupported Sendit event {str(event)[:40]!r}")
        code, status = body.get("code"), _raw_status(body, "newStatus")
        if not isinstance(code, str) or not code or not status:
            raise ValueError("webhook body lacks code or newStatus")
        return code, status


def _code(raw: str | None) -> str:
    key = str(raw or "").strip().upper().replace(" ", "_").replace("-", "_")
    return _SPELLINGS.get(key, key)


def _raw_status(row: dict, field: str) -> str | None:
    """The parcel's raw status: its ``status_return`` when it is coming back."""
    for value in (row.get("status_return"), row.get("statusReturn"), row.get(field)):
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _page(body: Any) -> tuple[list, int]:
    """Rows and last page from a flat or Laravel-nested paginated reply."""
    data = body.get("data") if isinstance(body, dict) else None
    meta = body if isinstance(body, dict) else {}
    if isinstance(data, dict) and isinstance(data.get("data"), list):
        meta, data = data, data["data"]
    if not isinstance(data, list):
        return [], 1
    try:
        last_page = int(meta.get("last_page") or 1)
    except (TypeError, ValueError):
        last_page = 1
    return data, last_page


def _district(row: dict) -> CourierCity:
    price = row.get("price")
    try:
        fee = float(price) if price not in (None, "") else None
    except (TypeError, ValueError):
        fee = None
    return CourierCity(
        id=str(row.get("id")),
        name=str(row.get("name") or ""),
        arabic_name=row.get("arabic_name") or None,
        fee=fee,
        delay=str(row["delais"]) if row.get("delais") not in (None, "") else None,
        region=row.get("ville") or None,
    )


_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_COLON = re.compile(r"\s*:")


def clean_text(value: str | None, limit: int) -> str:
    """Text Sendit prints as is: ``:`` and ``;`` (and ``|``) are separators for
    Sendit (``CODE:QTY;CODE:QTY``), so they are replaced; one line, cut at ``limit``."""
    text = _CONTROL.sub(" ", str(value or "")).replace("|", "/").replace(";", ",")
    text = " ".join(_COLON.sub(" -", text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _flag(value: Any) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def _int_or_str(value: Any) -> Any:
    try:
        return int(value)
    except (TypeError, ValueError):
        return value


__all__ = ["SenditCourier", "STATUS_MAP", "PROBLEM_MAP", "RETURN_STATUSES", "SIGNATURE_HEADER",
           "clear_token_cache"]
