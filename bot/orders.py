"""The operations that change an order: place it, forward it, cancel it, tell its customer,
the members' accept / ship / delivered, and a courier's status update.

The statuses and the moves between them are the table in :mod:`bot.statuses`; this module
carries them out, through the store, inside the caller's transaction. The conversation
(``service``), the members' commands, the dashboard, the courier webhooks and the worker all
change an order through here.
"""

from __future__ import annotations

import logging

from . import alerts, i18n, statuses, store
from .conversation import CreateOrder
from .phones import address_for

log = logging.getLogger("bot.orders")


def place_order(db, coop, customer, conv, effect: CreateOrder, lang, channel, from_addr,
                to_addr) -> dict:
    """Store a confirmed order and, in the same transaction, the jobs that follow it."""
    settings = coop["settings"]
    approval = settings.get("require_approval")
    courier = settings.get("delivery", {}).get("courier") or "manual"
    details = dict(effect.details)
    order = store.create_order(
        db, coop=coop, customer_id=customer["id"], conversation_id=conv["id"],
        status="pending_approval" if approval else "confirmed", details=details,
        lines=effect.lines, subtotal=effect.subtotal, delivery_fee=effect.delivery_fee,
        courier=courier, lang=lang, channel=channel, city_id=details.get("city_id"),
        note=order_note(details))
    if not approval:
        enqueue_forward(db, order)
    alerts.alert_members(db, coop, "order", key=f"order:{order['id']}",
                         order={**order, "when": details.get("when")})
    return order


def order_note(details: dict) -> str | None:
    """The delivery day the customer asked for ("nhar jem3a", "vendredi") and the wish said
    with the yes ("no plastic bag please"), as the order's first event's note (the dashboard
    shows it with the order)."""
    when, wish = details.get("when"), details.get("note")
    parts = ([f"🗓 {when}"] if when else []) + ([f"📝 {wish}"] if wish else [])
    return " · ".join(parts) or None


def enqueue_forward(db, order: dict) -> None:
    if (order.get("courier") or "manual") != "manual":
        store.enqueue(db, "courier.forward", {"order_id": order["id"]},
                      dedupe_key=f"forward:{order['id']}")


def cancel_order(db, coop, order, actor: str) -> None:
    """Cancel the order; in the same transaction, the job that cancels its parcel at
    the courier (the worker tells members when the courier cannot)."""
    store.set_order_status(db, order["id"], "cancelled", source=actor, actor=actor)
    if (order.get("courier") or "manual") != "manual":
        store.enqueue(db, "courier.cancel", {"order_id": order["id"]},
                      dedupe_key=f"cancel:{order['id']}")
    if actor != "customer":
        notify_customer(db, order, "notify_cancelled",
                        phone=coop["settings"].get("contact_phone") or "")
    alerts.alert_members(db, coop, "cancelled", key=f"cancelled:{order['id']}",
                         order=order, by=actor)


def notify_customer(db, order: dict, key: str, **params) -> None:
    """Queue a message to the order's customer on the channel they ordered from."""
    if not order.get("phone"):
        return
    coop = store.get_coop(db, order["coop_id"])
    assert coop is not None             # an order's cooperative exists (coop[...] just below)
    channel = order.get("channel") or "whatsapp"
    sender = coop["whatsapp_from"] if channel == "whatsapp" else coop["sms_from"]
    sender = sender or coop["sms_from"] or coop["whatsapp_from"]
    if channel == "whatsapp" and not coop["whatsapp_from"]:
        channel = "sms"
    text = i18n.t(order.get("lang"), key, number=order["number"],
                  total=i18n.money(order["total"]), tracking=order.get("tracking") or "",
                  **params)
    store.enqueue(db, "message.customer", {
        "order_id": order["id"], "conversation_id": order.get("conversation_id"),
        "coop_id": coop["id"], "from": address_for(channel, sender),
        "to": address_for(channel, order["phone"]), "body": text,
    }, dedupe_key=f"notify:{order['id']}:{key}")

# --------------------------------------------------------------------------
# The members' order actions (statuses.MEMBER_ACTIONS; cancel is cancel_order)
# --------------------------------------------------------------------------

def _member_target(action: str) -> str:
    """The status a member's ``action`` leads to (``statuses.MEMBER_ACTIONS``)."""
    target = statuses.MEMBER_ACTIONS[action]["to"]
    assert isinstance(target, str)      # "to" is one status; "from" and "done" are tuples
    return target


def _reread(db, order: dict) -> dict:
    """The order as just written (it exists: its status was set a line before)."""
    fresh = store.get_order(db, order["id"])
    assert fresh is not None
    return fresh


def accept(db, order: dict, actor: str) -> None:
    """A member accepts an order awaiting approval: forward it and tell the customer."""
    store.set_order_status(db, order["id"], _member_target("accept"), source="member",
                           actor=actor)
    order = _reread(db, order)
    enqueue_forward(db, order)
    notify_customer(db, order, "notify_accepted")


def ship(db, order: dict, actor: str) -> None:
    """A member says the parcel left the cooperative."""
    store.set_order_status(db, order["id"], _member_target("ship"), source="member",
                           actor=actor)
    order = _reread(db, order)
    key = "notify_picked_up" if order.get("tracking") else "notify_shipped"
    notify_customer(db, order, key)


def mark_delivered(db, order: dict, actor: str) -> None:
    """A member says the order was delivered."""
    store.set_order_status(db, order["id"], _member_target("delivered"), source="member",
                           actor=actor)
    notify_customer(db, _reread(db, order), "notify_delivered")


#: The members' actions other than cancel (see :func:`cancel_order`), by action name.
MEMBER_OPERATIONS = {"accept": accept, "ship": ship, "delivered": mark_delivered}


# --------------------------------------------------------------------------
# A courier's status update
# --------------------------------------------------------------------------

def apply_courier_status(db, order: dict, raw: str, status: str | None, source: str,
                         problem: str | None = None) -> bool:
    """Record a courier status; notify the customer or alert members when it matters.

    Call inside a transaction. Returns True when our status changed. Repeats
    change nothing (notices and alerts have dedupe keys too). The customer is
    told when the parcel leaves (picked up, or in transit when the courier
    skipped "picked up"), when it is out for delivery and when it is delivered.
    Only forward moves of :data:`statuses.COURIER_MOVES` apply: a replayed or
    late update (``picked_up`` after ``out_for_delivery``) keeps the raw status
    and changes nothing else. A ``problem`` (see ``Courier.problem``) alerts
    the members once per problem and order.
    """
    if problem:
        alert_problem(db, order, problem)
    if not statuses.courier_may_move(order["status"], status):
        if raw != order.get("courier_status"):
            store.update_order_fields(db, order["id"], courier_status=raw)
        if status is not None and status != order["status"]:
            log.info("order %s: late or replayed %s (%s) ignored, order is %s", order["number"],
                     status, raw, order["status"])
        return False
    assert status is not None           # courier_may_move said yes: a status it may move to
    previous = order["status"]
    store.set_order_status(db, order["id"], status, raw_status=raw, source=source,
                           courier_status=raw)
    order = _reread(db, order)
    notice = statuses.CUSTOMER_NOTICES.get(status)
    if status == "in_transit" and previous in ("confirmed", "forwarded"):
        notice = statuses.CUSTOMER_NOTICES["picked_up"]              # it left: say so once
    if notice:
        notify_customer(db, order, notice)
    if status in statuses.MEMBER_ALERTS:
        coop = store.get_coop(db, order["coop_id"])
        assert coop is not None         # alert_members reads coop["id"] first thing
        alerts.alert_members(db, coop, statuses.MEMBER_ALERTS[status],
                             key=f"{status}:{order['id']}", order=order)
    log.info("order %s: %s → %s (%s %s)", order["number"], previous, status, source, raw)
    return True


def alert_problem(db, order: dict, problem: str) -> None:
    """Tell members what the courier needs (another address, a number) or that the
    parcel is coming back; not once the order is settled, nor a return they were
    already told of (refused)."""
    if order["status"] in ("delivered", "returned") or \
            (problem == "return" and order["status"] == "refused"):
        return
    coop = store.get_coop(db, order["coop_id"])
    assert coop is not None             # alert_members reads coop["id"] first thing
    alerts.alert_members(db, coop, f"courier_{problem}", key=f"courier_{problem}:{order['id']}",
                         order=order)
