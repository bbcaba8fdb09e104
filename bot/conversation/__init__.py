"""The ordering conversation, as a pure function over plain data.

:func:`step` takes the stored conversation (state + data), one inbound event
and a read-only :class:`Context`, and returns a :class:`Result`: the new state
and data, the replies to send, and the *actions* the caller must carry out in
the same transaction (create the order, cancel one, hand over to a person,
alert members, remember the customer's details): the frozen dataclasses of
:data:`Effect`. It never touches the
database or the network, so every branch is tested by calling it.

States: ``start`` → (``ordering``) → ``offer_saved`` | ``ask_name`` →
``ask_city`` (→ ``confirm_city``) → ``ask_address`` → ``confirm`` → ``start``;
``confirm_cancel`` and ``handoff`` can be entered from anywhere; in ``handoff`` messages are
relayed to a person (:class:`RelayToMember`) until "kemmel", an order, a person or the clock
ends it (:func:`back_from_handoff`), back at the step it interrupted. Pending
questions about the cart ("how many?", "which one?") queue in ``data["queue"]``.
The detail states ask for everything still missing at once and read whatever comes
back; ``confirm_pin_city`` queries a location pin far from the city named;
``keep_cart`` asks whether a basket older than ``cart_hours`` is kept.

The modules, each importing only the ones before it: ``model`` (the data) → ``basket`` (cart
arithmetic) → ``parts`` (a delivery answer's pieces) → ``checkout`` (details, summary, the
order) → ``quantities`` (the last line's counts and sizes) → ``cart`` (order lines) →
``choices`` ("which one?") → ``pending`` (pending questions) → ``asides`` (side questions,
catalog) → ``handoffs`` → ``presale`` (pre-sale answers) → ``volunteered``, ``language``,
``media``, ``corrections``, ``context``, ``handlers`` (what the dispatch reads a message with)
→ ``dispatch`` (:func:`step`).
"""

from __future__ import annotations

# nlu and statuses stay reachable as attributes of the package: bench/profile_webhook.py
# wraps conversation.nlu.parse, tests/test_statuses.py checks conversation.statuses.
from .. import nlu, statuses
from .asides import is_more_word
from .dispatch import back_from_handoff, step
from .model import (
    MAX_LINES,
    MAX_QTY,
    AlertMembers,
    CancelOrder,
    ChoiceQuestion,
    Context,
    ConversationData,
    CreateOrder,
    Effect,
    EndHandoff,
    Event,
    Handoff,
    QtyQuestion,
    Question,
    RelayToMember,
    Result,
    SaveCustomer,
    StartHandoff,
)

__all__ = [
    "MAX_LINES", "MAX_QTY", "AlertMembers", "CancelOrder", "ChoiceQuestion", "Context",
    "ConversationData", "CreateOrder", "Effect", "EndHandoff", "Event", "Handoff", "QtyQuestion",
    "Question", "RelayToMember", "Result", "SaveCustomer", "StartHandoff", "back_from_handoff",
    "is_more_word", "nlu", "statuses", "step",
]
