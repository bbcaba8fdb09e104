"""What the relay's modules share: its limits, its clock formats, and a text cut to fit a
message."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

log = logging.getLogger("bot.relay")
#: How long a handoff lasts without an answer, and after each person's reply.
HANDOFF_MINUTES = 120
#: Twilio's longest message body (characters), and the SMS parts a relay to an SMS member
#: may take (the customer's words are cut with "…" beyond; the inbox has them whole).
MAX_BODY = 1600
#: Hours a handoff stays open for replies held behind WhatsApp's reopening template.
HELD_HOURS = 24
RELAY_SMS_SEGMENTS = 6



def iso(now: datetime) -> str:
    return now.isoformat(timespec="milliseconds")



def aware(value: str | None) -> datetime | None:
    if not value:
        return None
    at = datetime.fromisoformat(value)
    return at if at.tzinfo else at.replace(tzinfo=UTC)



def clip(text: str, fits) -> str:
    """``text``, cut at the end with "…" where the message it makes would not ``fits``: the
    customer's whole words stay in the transcript and the inbox."""
    if fits(text):
        return text
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if fits(text[:mid].rstrip() + "…"):
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + "…"
