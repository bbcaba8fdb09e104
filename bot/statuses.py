"""An order's statuses and the one table of the moves a courier update may make.

Courier updates (Sendit webhook and polling, Ozon and sandbox polling, the
generic webhook) only move an order forward: a replayed or late ``picked_up``
after ``out_for_delivery`` is recorded as the courier's raw status and changes
nothing. An operator's change in the dashboard is not bound by this table; one
that is not a forward move is recorded as a correction (see ``admin``).
"""

from __future__ import annotations

#: Every status an order can have, in lifecycle order (the dashboard lists these).
ORDER_STATUSES = ("pending_approval", "confirmed", "forwarded", "picked_up", "in_transit",
                  "out_for_delivery", "delivered", "refused", "returned", "cancelled",
                  "forward_failed")

_ON_THE_WAY = ("picked_up", "in_transit", "out_for_delivery")
_ENDINGS = ("delivered", "refused", "returned", "cancelled")

#: Current status → the statuses a courier update may move it to. A return is
#: still recorded after a delivery or a cancellation (the parcel came back);
#: nothing moves a returned order.
COURIER_MOVES: dict[str, tuple[str, ...]] = {
    "pending_approval": (),
    "confirmed": ("forwarded", *_ON_THE_WAY, *_ENDINGS),
    "forward_failed": ("forwarded", *_ON_THE_WAY, *_ENDINGS),
    "forwarded": (*_ON_THE_WAY, *_ENDINGS),
    "picked_up": ("in_transit", "out_for_delivery", *_ENDINGS),
    "in_transit": ("out_for_delivery", *_ENDINGS),
    "out_for_delivery": _ENDINGS,
    "refused": ("returned",),
    "delivered": ("returned",),
    "cancelled": ("returned",),
    "returned": (),
}


def courier_may_move(current: str, new: str | None) -> bool:
    """Whether a courier update may move an order from ``current`` to ``new``."""
    return new in COURIER_MOVES.get(current, ())


def is_correction(current: str, new: str) -> bool:
    """An operator's change that a courier could not make (a step back, a reopening)."""
    return not courier_may_move(current, new) and not (
        new == "cancelled" or (current, new) in (("pending_approval", "confirmed"),
                                                 ("forward_failed", "confirmed")))
