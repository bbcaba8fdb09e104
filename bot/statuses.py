"""An order's statuses: their groups, the moves a courier update may make, the members' actions.

This is the one table of statuses; other modules read their groups from here.

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

ON_THE_WAY = ("picked_up", "in_transit", "out_for_delivery")
ENDINGS = ("delivered", "refused", "returned", "cancelled")

#: Orders a customer still has running (used in SQL).
ACTIVE = ("pending_approval", "confirmed", "forwarded", "picked_up", "in_transit",
          "out_for_delivery", "forward_failed")
#: Orders that may still be cancelled (by the customer, a member or the dashboard).
CANCELLABLE = ("pending_approval", "confirmed", "forwarded", "forward_failed")
#: Orders whose tracking is polled from couriers without webhooks.
POLLED = ("forwarded", "picked_up", "in_transit", "out_for_delivery", "refused")
#: Orders the worker may (still) forward to a courier.
FORWARDABLE = ("confirmed", "forward_failed")

#: Our own delivery statuses, in lifecycle order: what a courier's ``map_status`` returns.
COURIER_STATUSES = tuple(s for s in ORDER_STATUSES
                         if s not in ("pending_approval", "confirmed", "forward_failed"))

# Which statuses each member order action starts from, leads to, or finds already done.
MEMBER_ACTIONS = {
    "accept": {"from": ("pending_approval",), "to": "confirmed",
               "done": ("confirmed", "forwarded", "forward_failed", "picked_up", "in_transit",
                        "out_for_delivery", "delivered")},
    "ship": {"from": ("confirmed", "forwarded", "forward_failed"), "to": "picked_up",
             "done": ("picked_up", "in_transit", "out_for_delivery", "delivered")},
    "delivered": {"from": ("confirmed", "forwarded", "forward_failed", "picked_up",
                           "in_transit", "out_for_delivery"), "to": "delivered",
                  "done": ("delivered",)},
    "cancel": {"from": CANCELLABLE, "to": "cancelled", "done": ("cancelled",)},
}

# Our status → the customer notification it triggers.
CUSTOMER_NOTICES = {"picked_up": "notify_picked_up", "out_for_delivery": "notify_out_for_delivery",
                    "delivered": "notify_delivered"}
# Our status → the members' alert it triggers.
MEMBER_ALERTS = {"refused": "refused", "returned": "returned"}

#: Current status → the statuses a courier update may move it to. A return is
#: still recorded after a delivery or a cancellation (the parcel came back);
#: nothing moves a returned order.
COURIER_MOVES: dict[str, tuple[str, ...]] = {
    "pending_approval": (),
    "confirmed": ("forwarded", *ON_THE_WAY, *ENDINGS),
    "forward_failed": ("forwarded", *ON_THE_WAY, *ENDINGS),
    "forwarded": (*ON_THE_WAY, *ENDINGS),
    "picked_up": ("in_transit", "out_for_delivery", *ENDINGS),
    "in_transit": ("out_for_delivery", *ENDINGS),
    "out_for_delivery": ENDINGS,
    "refused": ("returned",),
    "delivered": ("returned",),
    "cancelled": ("returned",),
    "returned": (),
}


def can_cancel(status: str) -> bool:
    """Whether an order in ``status`` may still be cancelled."""
    return status in CANCELLABLE


def courier_may_move(current: str, new: str | None) -> bool:
    """Whether a courier update may move an order from ``current`` to ``new``."""
    return new in COURIER_MOVES.get(current, ())


def is_correction(current: str, new: str) -> bool:
    """An operator's change that a courier could not make (a step back, a reopening)."""
    return not courier_may_move(current, new) and not (
        new == "cancelled" or (current, new) in (("pending_approval", "confirmed"),
                                                 ("forward_failed", "confirmed")))
