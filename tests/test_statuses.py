"""The one table of statuses (bot.statuses) holds exactly the values the modules wrote before.

The literals below are copied from the code before step 0a moved them; the groups must equal
them. Step F removed the transitional names; the one kept for adapter authors
(``couriers.base.STATUSES``) is the very same object.
"""

from __future__ import annotations

from bot import conversation, members, statuses, store, worker
from bot.couriers import base

ACTIVE = ("pending_approval", "confirmed", "forwarded", "picked_up", "in_transit",
          "out_for_delivery", "forward_failed")
CANCELLABLE = ("pending_approval", "confirmed", "forwarded", "forward_failed")
POLLED = ("forwarded", "picked_up", "in_transit", "out_for_delivery", "refused")
FORWARDABLE = ("confirmed", "forward_failed")
ON_THE_WAY = ("picked_up", "in_transit", "out_for_delivery")
ENDINGS = ("delivered", "refused", "returned", "cancelled")
ORDER_STATUSES = ("pending_approval", "confirmed", "forwarded", "picked_up", "in_transit",
                  "out_for_delivery", "delivered", "refused", "returned", "cancelled",
                  "forward_failed")
COURIER_STATUSES = ("forwarded", "picked_up", "in_transit", "out_for_delivery", "delivered",
                    "refused", "returned", "cancelled")
#: members.TRANSITIONS as it was, one (action, key) a row.
MEMBER_ACTIONS = {
    ("accept", "from"): ("pending_approval",),
    ("accept", "to"): "confirmed",
    ("accept", "done"): ("confirmed", "forwarded", "forward_failed", "picked_up", "in_transit",
                         "out_for_delivery", "delivered"),
    ("ship", "from"): ("confirmed", "forwarded", "forward_failed"),
    ("ship", "to"): "picked_up",
    ("ship", "done"): ("picked_up", "in_transit", "out_for_delivery", "delivered"),
    ("delivered", "from"): ("confirmed", "forwarded", "forward_failed", "picked_up", "in_transit",
                            "out_for_delivery"),
    ("delivered", "to"): "delivered",
    ("delivered", "done"): ("delivered",),
    ("cancel", "from"): ("pending_approval", "confirmed", "forwarded", "forward_failed"),
    ("cancel", "to"): "cancelled",
    ("cancel", "done"): ("cancelled",),
}
CUSTOMER_NOTICES = {"picked_up": "notify_picked_up", "out_for_delivery": "notify_out_for_delivery",
                    "delivered": "notify_delivered"}
MEMBER_ALERTS = {"refused": "refused", "returned": "returned"}


def test_groups_keep_their_values():
    assert statuses.ORDER_STATUSES == ORDER_STATUSES
    assert statuses.ACTIVE == ACTIVE
    assert statuses.CANCELLABLE == CANCELLABLE
    assert statuses.POLLED == POLLED
    assert statuses.FORWARDABLE == FORWARDABLE
    assert statuses.ON_THE_WAY == ON_THE_WAY
    assert statuses.ENDINGS == ENDINGS
    assert statuses.COURIER_STATUSES == COURIER_STATUSES
    assert list(statuses.MEMBER_ACTIONS) == ["accept", "ship", "delivered", "cancel"]
    assert {(action, key): value for action, rule in statuses.MEMBER_ACTIONS.items()
            for key, value in rule.items()} == MEMBER_ACTIONS
    assert statuses.CUSTOMER_NOTICES == CUSTOMER_NOTICES
    assert statuses.MEMBER_ALERTS == MEMBER_ALERTS


def test_every_group_names_known_statuses():
    known = set(statuses.ORDER_STATUSES)
    for group in (statuses.ACTIVE, statuses.CANCELLABLE, statuses.POLLED, statuses.FORWARDABLE,
                  statuses.ON_THE_WAY, statuses.ENDINGS, statuses.COURIER_STATUSES,
                  statuses.CUSTOMER_NOTICES, statuses.MEMBER_ALERTS):
        assert set(group) <= known
    for rule in statuses.MEMBER_ACTIONS.values():
        assert set(rule["from"]) | set(rule["done"]) | {rule["to"]} <= known


def test_can_cancel():
    for status in statuses.ORDER_STATUSES:
        assert statuses.can_cancel(status) is (status in CANCELLABLE)


def test_old_names_are_the_same_objects():
    assert base.STATUSES is statuses.COURIER_STATUSES
    # the transitional names are gone since step F: one name for each table
    for module, name in ((store, "ACTIVE_STATUSES"), (store, "CANCELLABLE_STATUSES"),
                         (store, "POLLED_STATUSES"), (members, "TRANSITIONS"),
                         (members, "ON_THE_WAY"), (worker, "FORWARDABLE"),
                         (worker, "CUSTOMER_NOTICES"), (worker, "MEMBER_ALERTS"),
                         (store, "utcnow"), (store, "now_iso")):
        assert not hasattr(module, name), (module.__name__, name)
    assert conversation.statuses is statuses
