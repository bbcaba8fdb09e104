"""A person answers (issue 18): handoffs, and the relay through the cooperative's number.

A customer who asks for a person (or sends a voice note, or a question nobody here can
answer) gets a *handoff* (``store.open_handoff``): the members are alerted with who, what
they asked, the cart and how to answer. From then on:

- the customer's messages go to the member who holds the handoff, or to every member while
  nobody does (:func:`from_customer`): text prefixed "@{code} {name}:", media as media on
  WhatsApp and as a link on SMS (with "call the customer at 06…" for audio);
- a member answers by writing to the cooperative's number (:func:`from_member`): the first
  to reply takes it, "@{code} text" picks one of several, "@{code}" alone switches to it;
  member commands keep working;
- operators answer from the dashboard's inbox through the same :func:`reply`; they
  :func:`take`, :func:`release` and :func:`end` handoffs.

Everything is written in the caller's transaction; messages leave through the outbox
(``message.member``, ``message.customer``), each at most once (dedupe keys). WhatsApp's
24-hour window is respected: a reply to a customer who last wrote more than 24 hours ago
sends the cooperative's approved ``whatsapp_templates.reopen`` template instead and is kept
until the customer answers (:func:`from_customer` sends it then).

The modules, each importing only the ones before it: ``common`` (limits, times, a text cut to
fit) → ``handoffs`` (:func:`take`, :func:`release`, :func:`end`, the conversation given back)
→ ``timeouts`` (the ``handoff.timeout`` job, the cooperative's hours) → ``replies``
(:func:`reply`) → ``customer_side`` (:func:`start`, :func:`from_customer`) → ``member_side``
(:func:`from_member`).
"""

from __future__ import annotations

from .common import HANDOFF_MINUTES, HELD_HOURS, MAX_BODY, RELAY_SMS_SEGMENTS, log
from .customer_side import from_customer, start
from .handoffs import end, end_quietly, give_back, release, take
from .member_side import ORDER_COMMANDS, SHORT_COMMANDS, from_member
from .replies import reply
from .timeouts import TIMEOUT_JOB, expire, handoff_end, hours_now, timeout_job

__all__ = [
    "HANDOFF_MINUTES", "HELD_HOURS", "MAX_BODY", "ORDER_COMMANDS", "RELAY_SMS_SEGMENTS",
    "SHORT_COMMANDS", "TIMEOUT_JOB", "end", "end_quietly", "expire", "from_customer",
    "from_member", "give_back", "handoff_end", "hours_now", "log", "release", "reply", "start",
    "take", "timeout_job",
]
