"""Sandbox courier: the demo cooperative's built-in, account-free courier.

It accepts every parcel and moves it through the statuses on its own, so a
demo shows the whole lifecycle without a real courier.

Tracking codes are ``SBX-<hash>-<created>``: ``<hash>`` is the first 8 hex
digits of SHA-256 of our reference and ``<created>`` the creation time in
Unix seconds, base 36. Everything :meth:`SandboxCourier.track` needs is in the
code itself, so progress survives worker restarts and works across
processes. The creation time is ``Parcel.created_at`` when given (then a
re-create of the same order yields the same code), else now.

Options: ``step_seconds`` (default 60): each step of :data:`PROGRESSION`
takes that long; ``clock`` (a ``() -> float`` callable, for tests).
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable
from typing import Any

from .base import Courier, CourierCity, Parcel, ParcelResult

#: Raw sandbox statuses, one per ``step_seconds``, ending at DELIVERED.
PROGRESSION = ("CREATED", "PICKED_UP", "IN_TRANSIT", "OUT_FOR_DELIVERY", "DELIVERED")
STATUS_MAP = {
    "CREATED": "forwarded",
    "PICKED_UP": "picked_up",
    "IN_TRANSIT": "in_transit",
    "OUT_FOR_DELIVERY": "out_for_delivery",
    "DELIVERED": "delivered",
    "REFUSED": "refused",
    "RETURNED": "returned",
    "CANCELLED": "cancelled",
}
_CODE = re.compile(r"^SBX-([0-9a-f]{8})-([0-9a-z]{1,10})$")

#: (name, fee MAD, delay) in our canonical French spelling.
CITIES = [
    ("Casablanca", 25, "24h"), ("Rabat", 35, "24h"), ("Salé", 35, "24h"),
    ("Témara", 35, "24h"), ("Kénitra", 35, "24-48h"), ("Mohammedia", 30, "24h"),
    ("Marrakech", 35, "24-48h"), ("Fès", 35, "24-48h"), ("Meknès", 35, "24-48h"),
    ("Tanger", 35, "24-48h"), ("Tétouan", 40, "48h"), ("Agadir", 35, "24-48h"),
    ("Oujda", 40, "48h"), ("Nador", 40, "48h"), ("Al Hoceïma", 45, "48-72h"),
    ("El Jadida", 35, "24-48h"), ("Safi", 35, "48h"), ("Essaouira", 40, "48h"),
    ("Béni Mellal", 35, "48h"), ("Khouribga", 35, "48h"), ("Settat", 35, "24-48h"),
    ("Taroudant", 40, "48-72h"), ("Tiznit", 40, "48-72h"), ("Ouarzazate", 45, "48-72h"),
    ("Errachidia", 45, "48-72h"), ("Laâyoune", 45, "72h"), ("Dakhla", 45, "72h"),
    ("Guelmim", 45, "72h"), ("Taza", 40, "48h"), ("Larache", 40, "48h"),
]


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out


def tracking_code(reference: str, created_at: float) -> str:
    """``SBX-<8 hex of sha256(reference)>-<created_at in base 36>``."""
    digest = hashlib.sha256(reference.encode()).hexdigest()[:8]
    return f"SBX-{digest}-{_base36(int(created_at))}"


def created_at_of(tracking: str) -> int | None:
    """The creation time encoded in a sandbox code, or ``None``."""
    match = _CODE.match(tracking or "")
    return int(match.group(2), 36) if match else None


class SandboxCourier(Courier):
    """Accepts everything; ``track`` advances with elapsed time."""

    name = "sandbox"
    has_webhooks = False
    pollable = True

    def __init__(self, options: dict[str, Any] | None = None, session=None, timeout: float = 10.0):
        super().__init__(options, session, timeout)
        self.step_seconds = float(self.options.get("step_seconds") or 60)
        self.clock: Callable[[], float] = self.options.get("clock") or time.time

    def account_key(self) -> str:
        return "sandbox:builtin"

    def cities(self) -> list[CourierCity]:
        return [CourierCity(id=str(i), name=name, fee=float(fee), delay=delay)
                for i, (name, fee, delay) in enumerate(CITIES, start=1)]

    def create_parcel(self, parcel: Parcel, city: CourierCity | None) -> ParcelResult:
        created = parcel.created_at if parcel.created_at is not None else self.clock()
        code = tracking_code(parcel.reference, created)
        self.log.info("sandbox parcel %s created: %s", parcel.reference, code)
        return ParcelResult(tracking=code, raw={"tracking": code, "status": PROGRESSION[0],
                                                "city": city.name if city else parcel.city})

    def track(self, tracking: str) -> str | None:
        """``PROGRESSION[elapsed // step_seconds]``; ``None`` for a foreign code."""
        created = created_at_of(tracking)
        if created is None:
            return None
        elapsed = max(0.0, self.clock() - created)
        step = int(elapsed // self.step_seconds) if self.step_seconds > 0 else len(PROGRESSION)
        return PROGRESSION[min(step, len(PROGRESSION) - 1)]

    def cancel_parcel(self, tracking: str) -> None:
        """The demo's parcels are virtual: cancelling always works."""

    def map_status(self, raw: str) -> str | None:
        return STATUS_MAP.get(str(raw or "").strip().upper())
