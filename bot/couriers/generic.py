"""Generic webhook courier: a signed JSON POST to any URL.

For a courier without an API, or the cooperative's own driver with a small
script. Options: ``url`` and ``secret``.

Outgoing: ``POST {url}`` with ``Content-Type: application/json``,
``X-Bghit-Signature: sha256=<hex HMAC-SHA256 of the body keyed with secret>``
and ``Idempotency-Key: <order number>``; body::

    {"reference", "cod_amount", "currency": "MAD",
     "recipient": {"name", "phone", "city", "address", "latitude", "longitude"},
     "items": [{"sku", "name", "quantity"}], "coop": {"slug", "name"}, "note"}

A 2xx reply may carry ``{"tracking": "..."}``; 409 (already received) counts
as success. Status updates come back signed the same way with
``{"reference", "status"}``, ``status`` being one of our own statuses.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from bot.privacy import mask_phone

from .base import (
    STATUSES,
    Courier,
    CourierCity,
    Parcel,
    ParcelResult,
    account_key,
    header,
    hmac_hex,
    json_object,
    message_from,
    signature_matches,
)

SIGNATURE_HEADER = "X-Bghit-Signature"


def sign(secret: str, body: bytes) -> str:
    """The ``X-Bghit-Signature`` value for ``body``."""
    return "sha256=" + hmac_hex(secret, body)


def encode(payload: dict) -> bytes:
    """Compact UTF-8 JSON, the exact bytes that get signed."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def parcel_payload(parcel: Parcel) -> dict:
    """The documented JSON body for one parcel."""
    return {
        "reference": parcel.reference,
        "cod_amount": parcel.cod_amount,
        "currency": "MAD",
        "recipient": {
            "name": parcel.recipient_name,
            "phone": parcel.phone,
            "city": parcel.city,
            "address": parcel.address,
            "latitude": parcel.latitude,
            "longitude": parcel.longitude,
        },
        "items": [
            {"sku": i.get("sku"), "name": i.get("name"), "quantity": i.get("quantity")}
            for i in parcel.items
        ],
        "coop": {"slug": parcel.coop_slug, "name": parcel.coop_name},
        "note": parcel.note,
    }


class WebhookCourier(Courier):
    """Forwards parcels as signed webhooks; receives signed status updates."""

    name = "webhook"
    has_webhooks = True
    pollable = False

    def account_key(self) -> str:
        return f"webhook:{account_key(str(self.options.get('url') or ''))}"

    def cities(self) -> list[CourierCity]:
        """No city list: any city goes (the receiver sorts it out)."""
        return []

    def create_parcel(self, parcel: Parcel, city: CourierCity | None) -> ParcelResult:
        """POST the signed parcel; ``tracking`` from the reply if any."""
        body = encode(parcel_payload(parcel))
        headers = {
            "Content-Type": "application/json",
            SIGNATURE_HEADER: sign(self.option("secret"), body),
            "Idempotency-Key": parcel.reference,
        }
        response = self.http("POST", self.option("url"), log_path="<webhook url>", data=body,
                             headers=headers)
        reply = _json_or_empty(response)
        if response.status_code == 409 or 200 <= response.status_code < 300:
            tracking = reply.get("tracking") if isinstance(reply, dict) else None
            self.log.info("webhook parcel %s sent (to %s)", parcel.reference,
                          mask_phone(parcel.phone))
            return ParcelResult(tracking=str(tracking) if tracking else None,
                                raw=reply if isinstance(reply, dict) else {})
        message = message_from(reply, "") or _text(response) or "The receiver refused the parcel."
        raise self.error(message, retryable=False, status_code=response.status_code)

    def map_status(self, raw: str) -> str | None:
        """Updates already speak our vocabulary; anything else is unknown."""
        key = str(raw or "").strip().lower()
        return key if key in STATUSES else None

    def verify_webhook(self, headers: Mapping[str, Any], raw_body: bytes) -> bool:
        return signature_matches(self.options.get("secret"), raw_body,
                                 header(headers, SIGNATURE_HEADER))

    def parse_webhook(self, raw_body: bytes) -> tuple[str, str]:
        """``(reference, status)``."""
        body = json_object(raw_body)
        reference, status = body.get("reference"), body.get("status")
        if (not isinstance(reference, str) or not reference
                or not isinstance(status, str) or not status):
            raise ValueError("webhook body lacks reference or status")
        return reference, status


def _json_or_empty(response) -> Any:
    try:
        return response.json()
    except ValueError:
        return {}


def _text(response) -> str:
    return (response.text or "").strip()[:200]
