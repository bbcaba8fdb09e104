"""Ozon Express (ozonexpress.ma): form posts, credentials in the URL path.

Options: ``customer_id``, ``api_key``, ``base_url`` (default
``https://api.ozonexpress.ma``), ``stock`` (``parcel-stock``, default 0; 1 =
the parcel is prepared from the cooperative's stock at Ozon, sent with the
``products`` JSON list ``[{"ref": SKU, "qnty": N}]``),
``nature`` (default product line: ``parcel-nature``).

* Every credentialed reply carries ``CHECK_API.RESULT``; a wrong customer id
  or API key is ``{"CHECK_API": {"RESULT": "ERROR", "MESSAGE": ...}}`` with no
  action section: not retried, members are told to check the key.
* ``POST /customers/{id}/{key}/add-parcel`` (form) → ``ADD-PARCEL.RESULT``
  ``SUCCESS``/``ERROR`` (errors may come with HTTP 200) and
  ``ADD-PARCEL.NEW-PARCEL.TRACKING-NUMBER`` (observed), or the documentation's
  flat ``{"TRACKING-NUMBER": ..., "RECEIVER": ...}``. We send our own order
  number as ``tracking-number`` so that a re-sent parcel is recognisable.
* ``GET /cities`` → ``CITIES`` keyed by id, with ``DELIVERED-PRICE``.
* ``POST /customers/{id}/{key}/tracking`` (``tracking-number``) →
  ``TRACKING.LAST_TRACKING.STATUT`` (French labels). No webhooks: poll, in
  bulk (JSON ``{"tracking-number": [...]}``, documented).

Official documentation (not in the stored copies): https://client.ozoneexpress.ma/doc

The add-parcel and tracking URLs contain the API key: they are never logged
(a filter also scrubs them from urllib3's debug log) nor put in errors.
"""

from __future__ import annotations

import json
import re
from typing import Any

from bot.privacy import mask_phone

from .base import (
    Courier,
    CourierCity,
    CourierError,
    Parcel,
    ParcelResult,
    account_key,
    fold,
    install_redaction,
    items_summary,
    local_phone,
    whole_mad,
)

DEFAULT_BASE_URL = "https://api.ozonexpress.ma"
_SECRET_PATH = re.compile(r"/customers/[^/\s\"']+/[^/\s\"']+/")
install_redaction(_SECRET_PATH, "/customers/***/***/")

#: Ozon's French labels, folded (no accents, punctuation, case) → (ours, problem).
#: The ~41 labels of Ozon's dashboard status filter, checked on real parcels
#: (babyspotma-collab/mariotoys-crm, lib/ozon-categories.ts); ``None`` status:
#: the order does not move (the raw label is kept). A "( SUIVI )" label is
#: Ozon's follow-up team still working on the parcel, not a final state.
LABELS: dict[str, tuple[str | None, str | None]] = {
    "nouveau colis": ("forwarded", None),
    "attente de ramassage": ("forwarded", None),
    "en attente de ramassage": ("forwarded", None),
    "ramasse": ("picked_up", None),
    "expedie": ("in_transit", None),
    "recu": ("in_transit", None),
    "recu en agence de livraison": ("in_transit", None),
    "envoye a l agence": ("in_transit", None),
    "expedier par amana": ("in_transit", None),
    "en voyage": ("in_transit", None),
    "en transit": ("in_transit", None),
    # Postponed, late, customer not answering: the courier still holds the parcel.
    "programme": ("in_transit", None),
    "reporte": ("in_transit", None),
    "reporte suivi": ("in_transit", None),
    "reporte aujourd hui": ("in_transit", None),
    "retarde": ("in_transit", None),
    "retard livraison 48h 72h": ("in_transit", None),
    "client interesse": ("in_transit", None),
    "pas de reponse": ("in_transit", None),
    "pas de reponse sms": ("in_transit", None),
    "pas de reponse j 2": ("in_transit", None),
    "pas de reponse j 3": ("in_transit", None),
    "pas de reponse suivi": ("in_transit", None),
    "pas reponse deplacement": ("in_transit", None),
    "pas reponse deplacement j 2": ("in_transit", None),
    "pas reponse deplacement j 3": ("in_transit", None),
    "injoignable": ("in_transit", None),
    "injoignable suivi": ("in_transit", None),
    "boite vocal": ("in_transit", None),
    "boite vocal suivi": ("in_transit", None),
    "erreur numero": ("in_transit", "wrong_phone"),
    "en cours": ("out_for_delivery", None),
    "en cours de livraison": ("out_for_delivery", None),
    "mise en distribution": ("out_for_delivery", None),
    "distribution": ("out_for_delivery", None),
    "livre": ("delivered", None),
    "refuse": ("refused", None),
    "annule": ("cancelled", None),
    "annule suivi": (None, None),             # follow-up of a cancellation: not final
    "hors zone": (None, "out_of_zone"),
    "zone non couverte": (None, "out_of_zone"),
    "hors secteur": (None, "out_of_zone"),
    "en retour par amana": (None, "return"),
    "retourne": ("returned", None),
    "retourne recu par client": ("returned", None),
    "retour": ("returned", None),
    "rembourse": (None, None),                # meaning not established: kept raw
}
#: Folded label → ours (the labels that move an order).
STATUS_MAP = {label: ours for label, (ours, _) in LABELS.items() if ours}
# Longest first, so "retourne" wins over "retour" and "annule suivi" over "annule".
_PREFIXES = sorted(LABELS, key=len, reverse=True)
#: Above this price (MAD), and at 0, Ozon wants ``parcel-declared-value`` (at least 50).
DECLARED_VALUE_ABOVE = 5000
MIN_DECLARED_VALUE = 50
#: Parcels per bulk tracking request.
BULK_SIZE = 50
_DUPLICATE = re.compile(r"exist|deja|already|duplica", re.IGNORECASE)


class OzonCourier(Courier):
    """Ozon Express adapter (polled: no webhooks)."""

    name = "ozon"
    has_webhooks = False
    pollable = True

    @property
    def base_url(self) -> str:
        return str(self.options.get("base_url") or DEFAULT_BASE_URL).rstrip("/")

    def account_key(self) -> str:
        return f"ozon:{account_key(self.base_url, str(self.options.get('customer_id') or ''))}"

    def _secret_url(self, action: str) -> str:
        customer, key = self.option("customer_id"), self.option("api_key")
        return f"{self.base_url}/customers/{customer}/{key}/{action}"

    def _post(self, action: str, form: dict[str, Any], envelope: str, *,
              as_json: bool = False) -> dict:
        """POST a form (or JSON) to a credentialed endpoint; return the envelope dict."""
        body_kw = {"json": form} if as_json else {"data": form}
        response = self.http(
            "POST", self._secret_url(action), log_path=f"/customers/***/***/{action}", **body_kw
        )
        body = self.json_of(response)
        check = body.get("CHECK_API") if isinstance(body, dict) else None
        if isinstance(check, dict) and \
                str(check.get("RESULT") or "").upper() not in ("", "SUCCESS"):
            self.log.warning("ozon refused the API credentials (%s)", action)
            raise self.error(
                f"Ozon Express refused the customer id or API key "
                f"({str(check.get('MESSAGE') or 'CHECK_API ERROR')[:120]}).",
                retryable=False, status_code=response.status_code, credentials=True)
        inner = body.get(envelope) if isinstance(body, dict) else None
        if isinstance(inner, list):                # the bulk tracking reply
            inner = {"ITEMS": inner}
        if inner is None and isinstance(body, dict) and _flat_reply(body):
            inner = dict(body)                    # the documentation's flat shape
        if response.status_code >= 400 and not isinstance(inner, dict):
            raise self.error(
                _ozon_message(
                    body, f"Ozon Express refused the request (HTTP {response.status_code})."),
                retryable=False,
                status_code=response.status_code,
            )
        if not isinstance(inner, dict):
            raise self.error("Ozon Express sent an unexpected reply.", retryable=True,
                             ambiguous=True, status_code=response.status_code)
        inner["_http_status"] = response.status_code
        return inner

    # -- the interface -----------------------------------------------------

    def cities(self) -> list[CourierCity]:
        """``GET /cities``; ``DELIVERED-PRICE`` is the fee."""
        response = self.http("GET", f"{self.base_url}/cities", log_path="/cities")
        body = self.json_of(response)
        rows = body.get("CITIES") if isinstance(body, dict) else None
        if response.status_code >= 400 or rows is None:
            raise self.error(_ozon_message(body, "Ozon Express did not return its cities."),
                             retryable=False, status_code=response.status_code)
        values = rows.values() if isinstance(rows, dict) else rows
        return [_city(row) for row in values if isinstance(row, dict)]

    def create_parcel(self, parcel: Parcel, city: CourierCity | None) -> ParcelResult:
        """``add-parcel``; a "tracking number already exists" error means it was
        created before (our reference is the tracking number): look it up."""
        if city is None:
            raise self.error("No Ozon Express city matches the delivery city.", retryable=False)
        price = whole_mad(parcel.cod_amount)
        stock = int(self.options.get("stock") or 0)
        form = {
            "tracking-number": parcel.reference,
            "parcel-receiver": parcel.recipient_name,
            "parcel-phone": local_phone(parcel.phone),
            "parcel-city": city.id,
            "parcel-address": parcel.address,
            "parcel-price": str(price),
            "parcel-note": parcel.note or "",
            "parcel-nature": (items_summary(parcel.items)
                              or str(self.options.get("nature") or "Produits")),
            # Documented: 1 = the customer may open the parcel, 2 = may not.
            "parcel-open": "1" if parcel.allow_open else "2",
            "parcel-stock": str(stock),
        }
        if price <= 0 or price > DECLARED_VALUE_ABOVE:
            # Documented: required when the price is empty, 0 or above 5,000 MAD (min 50).
            form["parcel-declared-value"] = str(max(price, MIN_DECLARED_VALUE))
        if stock == 1:
            # A parcel prepared from the stock Ozon holds: which products, how many.
            form["products"] = json.dumps(
                [{"ref": str(i.get("sku") or i.get("name")), "qnty": int(i.get("quantity") or 1)}
                 for i in parcel.items], ensure_ascii=False)
        result = self._post("add-parcel", form, "ADD-PARCEL")
        new = result.get("NEW-PARCEL")
        if not isinstance(new, dict):
            new = result
        tracking = new.get("TRACKING-NUMBER")
        outcome = str(result.get("RESULT") or ("SUCCESS" if tracking else "")).upper()
        if outcome != "SUCCESS":
            message = str(result.get("MESSAGE") or "Ozon Express refused the parcel.")
            if _DUPLICATE.search(fold(message)):
                found = self.find_parcel(parcel.reference)
                if found:
                    self.log.info("ozon parcel %s already existed: %s", parcel.reference,
                                  found.tracking)
                    return found
            raise self.error(message, retryable=False, status_code=result["_http_status"])
        if not tracking:
            raise self.error("Ozon Express did not return a tracking number.", retryable=True,
                             ambiguous=True)
        result.pop("_http_status", None)
        self.log.info("ozon parcel %s created: %s (to %s)", parcel.reference, tracking,
                      mask_phone(parcel.phone))
        return ParcelResult(tracking=str(tracking), raw={"ADD-PARCEL": result})

    def _tracking(self, tracking: str) -> dict | None:
        result = self._post("tracking", {"tracking-number": tracking}, "TRACKING")
        if str(result.get("RESULT", "SUCCESS")).upper() == "ERROR":
            return None
        result.pop("_http_status", None)
        return result

    def find_parcel(self, reference: str, phone: str | None = None) -> ParcelResult | None:
        """Tracking lookup of our own reference (sent as ``tracking-number``)."""
        result = self._tracking(reference)
        if not result:
            return None
        return ParcelResult(tracking=str(result.get("TRACKING-NUMBER") or reference),
                            raw={"TRACKING": result})

    def track(self, tracking: str) -> str | None:
        """``TRACKING.LAST_TRACKING.STATUT`` (raw French label)."""
        result = self._post("tracking", {"tracking-number": tracking}, "TRACKING")
        if str(result.get("RESULT", "SUCCESS")).upper() == "ERROR":
            raise self.error(str(result.get("MESSAGE")
                                 or "Ozon Express does not know this parcel."),
                             retryable=False, status_code=result["_http_status"])
        last = result.get("LAST_TRACKING") or {}
        status = last.get("STATUT") if isinstance(last, dict) else None
        return str(status) if status else None

    def track_many(self, trackings: list[str]) -> dict[str, str]:
        """The documented bulk form: one ``POST /tracking`` with the JSON body
        ``{"tracking-number": [...]}`` per :data:`BULK_SIZE` parcels. Its reply's
        shape is not documented: every record with a ``TRACKING-NUMBER`` and a
        ``LAST_TRACKING`` is read, wherever it sits; a parcel the reply does not
        cover (or a reply that cannot be read) is asked about on its own."""
        raws: dict[str, str] = {}
        for start in range(0, len(trackings), BULK_SIZE):
            chunk = trackings[start:start + BULK_SIZE]
            try:
                result = self._post("tracking", {"tracking-number": chunk}, "TRACKING",
                                    as_json=True)
            except CourierError as exc:
                if exc.credentials:
                    raise
                self.log.info("ozon bulk tracking failed: %s", exc.message)
                result = {}
            for record in _tracking_records(result):
                number = str(record.get("TRACKING-NUMBER"))
                last = record.get("LAST_TRACKING")
                if number in chunk and isinstance(last, dict) and last.get("STATUT"):
                    raws[number] = str(last["STATUT"])
            missing = [t for t in chunk if t not in raws]
            raws.update(super().track_many(missing))
        return raws

    def map_status(self, raw: str) -> str | None:
        """Case- and accent-insensitive; "Livré au client" matches "livre"."""
        return _label(raw)[0]

    def problem(self, raw: str) -> str | None:
        """Out of zone, wrong number, parcel coming back: members must hear it."""
        return _label(raw)[1]


def _label(raw: str | None) -> tuple[str | None, str | None]:
    """(ours, problem) for a raw label: exact, else its longest known prefix."""
    key = fold(raw)
    if key in LABELS:
        return LABELS[key]
    for prefix in _PREFIXES:
        if key.startswith(prefix + " "):
            return LABELS[prefix]
    return None, None


def _city(row: dict) -> CourierCity:
    fee = row.get("DELIVERED-PRICE")
    try:
        fee = float(fee) if fee not in (None, "") else None
    except (TypeError, ValueError):
        fee = None
    delay = row.get("DELIVERY-DELAY") or row.get("DELAY")
    return CourierCity(id=str(row.get("ID")), name=str(row.get("NAME") or ""),
                       arabic_name=row.get("ARABIC-NAME") or None, fee=fee,
                       delay=str(delay) if delay else None)


def _tracking_records(node: Any) -> list[dict]:
    """Every dict holding a ``TRACKING-NUMBER`` and a ``LAST_TRACKING``, at any depth."""
    if isinstance(node, list):
        return [r for item in node for r in _tracking_records(item)]
    if not isinstance(node, dict):
        return []
    if "TRACKING-NUMBER" in node and "LAST_TRACKING" in node:
        return [node]
    return [r for value in node.values() for r in _tracking_records(value)]


def _flat_reply(body: dict) -> bool:
    """An un-enveloped reply, as in Ozon's documentation (``RESULT`` or the parcel at the top)."""
    return any(key in body for key in ("RESULT", "TRACKING-NUMBER", "LAST_TRACKING"))


def _ozon_message(body: Any, default: str) -> str:
    if isinstance(body, dict):
        for value in body.values():
            if isinstance(value, dict) and value.get("MESSAGE"):
                return str(value["MESSAGE"])[:300]
        if body.get("MESSAGE"):
            return str(body["MESSAGE"])[:300]
    return default
