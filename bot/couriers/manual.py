"""Manual delivery: no courier at all.

The cooperative ships parcels itself; members mark them shipped or delivered
by replying to the bot. Creating a parcel always succeeds, with no tracking.
There is nothing to poll and no signed webhook: updates arrive as member
messages, already in our own vocabulary (see :meth:`map_status`).
"""

from __future__ import annotations

from .base import STATUSES, Courier, CourierCity, Parcel, ParcelResult


class ManualCourier(Courier):
    """The "no courier" courier."""

    name = "manual"
    #: No webhooks and nothing to poll (``track`` returns ``None``): updates
    #: come from members.
    has_webhooks = False
    pollable = False

    def cities(self) -> list[CourierCity]:
        return []

    def create_parcel(self, parcel: Parcel, city: CourierCity | None) -> ParcelResult:
        return ParcelResult(tracking=None, raw={"manual": True, "reference": parcel.reference})

    def map_status(self, raw: str) -> str | None:
        """Accepts our own statuses plus a few member words (``shipped``…)."""
        key = str(raw or "").strip().lower().replace(" ", "_")
        key = _WORDS.get(key, key)
        return key if key in STATUSES else None


_WORDS = {
    "shipped": "in_transit",
    "sent": "in_transit",
    "canceled": "cancelled",
    "expedie": "in_transit",
    "livre": "delivered",
}
