"""Courier adapters and their registry.

Adding a courier = one module with a :class:`Courier` subclass + one line in
:data:`COURIERS`.
"""

from __future__ import annotations

import requests

from ..geo import CourierCity
from ..geo import match_courier_city as match_city
from .base import (
    STATUSES,
    Courier,
    CourierError,
    Parcel,
    ParcelResult,
)
from .cities import CityCache
from .generic import WebhookCourier
from .manual import ManualCourier
from .ozon import OzonCourier
from .sandbox import SandboxCourier
from .sendit import SenditCourier

COURIERS: dict[str, type[Courier]] = {
    "sendit": SenditCourier,
    "ozon": OzonCourier,
    "webhook": WebhookCourier,
    "manual": ManualCourier,
    "sandbox": SandboxCourier,
}


def get_courier(
    name: str,
    options: dict | None = None,
    session: requests.Session | None = None,
    timeout: float = 10.0,
) -> Courier:
    """An adapter instance for ``name``; ``ValueError`` for an unknown name."""
    try:
        cls = COURIERS[name]
    except KeyError:
        known = ", ".join(sorted(COURIERS))
        raise ValueError(f"unknown courier {name!r} (known: {known})") from None
    return cls(options or {}, session=session, timeout=timeout)


__all__ = [
    "COURIERS", "STATUSES", "CityCache", "Courier", "CourierCity",
    "CourierError", "Parcel", "ParcelResult", "get_courier", "match_city",
]
