"""Handing the conversation over to a member of the cooperative, and coming back from it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from .. import geo, hours, i18n
from .asides import reprompt
from .cart import show_cart
from .checkout import summary
from .model import EndHandoff, Handoff, RelayToMember, Turn

_DARIJA = ("ary-Latn", "ary-Arab")


def handoff(turn: Turn, reason: str = "asked", media: str | None = None) -> None:
    """Hand the conversation to a person (issue 18): say truthfully when one answers (now,
    or the cooperative's next opening), offer to go on ordering meanwhile ("kemmel"), keep
    the step to resume it exactly, and ask the caller to open the handoff."""
    now = turn.ctx.now or datetime.now().astimezone()
    opens_at = turn.ctx.opens_at
    if turn.ctx.load_handoff_end is not None:          # only open time counts (17:55 → 9:00+)
        turn.handoff_until = turn.ctx.load_handoff_end().isoformat()
    else:
        answered_from = now if turn.ctx.hours_open or opens_at is None else max(now, opens_at)
        turn.handoff_until = (answered_from
                              + timedelta(minutes=turn.ctx.handoff_minutes)).isoformat()
    turn.act(Handoff(reason=reason, media=media))       # closed: it waits for the opening
    if media is not None and turn.lang in _DARIJA and not turn.data.get("lang_seen"):
        lang = turn.lang                 # a voice note says no language: both scripts
        texts = []
        for script in _DARIJA:
            turn.lang = script
            texts.append(_handoff_text(turn, media, now))
        turn.lang = lang
        turn.keys.append("handoff_open" if turn.ctx.hours_open else "handoff_closed")
        turn.replies.append("\n\n".join(texts))
    else:
        turn.keys.append("handoff_open" if turn.ctx.hours_open else "handoff_closed")
        turn.replies.append(_handoff_text(turn, media, now))
    if turn.state != "handoff":
        turn.data["resume_state"] = turn.state
    turn.data["handoff_ack_at"] = now.isoformat()
    turn.data.pop("unanswered_offered", None)
    turn.state = "handoff"


def _handoff_text(turn: Turn, media: str | None, now: datetime) -> str:
    coop = turn.ctx.coop.get("name", "")
    lines = []
    if media is not None:
        key = "media_heard_voice" if media == "voice" else "media_heard_image"
        lines.append(i18n.t(turn.lang, key, coop=coop))
    opens_at = turn.ctx.opens_at
    if turn.ctx.hours_open or opens_at is None:
        lines.append(i18n.t(turn.lang, "handoff_open", coop=coop))
    else:
        when = hours.when_text(turn.lang, opens_at, now)
        lines.append(i18n.t(turn.lang, "handoff_closed", coop=coop, when=when))
    return "\n".join(lines)


def in_handoff(turn: Turn) -> None:
    """A message while a person is asked for: passed on to them; "they have your message"
    at most every ``relay_ack_minutes``."""
    now = turn.ctx.now or datetime.now().astimezone()
    event = turn.event
    text = (event.text or "").strip()
    if event.location and not text:
        loc = event.location
        text = loc.get("address") or loc.get("label") or \
            geo.map_link(loc.get("latitude"), loc.get("longitude"))
    turn.act(RelayToMember(text=text, media=event.media))
    last = turn.data.get("handoff_ack_at")
    try:
        due = last is None or now - datetime.fromisoformat(last) >= timedelta(
            minutes=turn.ctx.relay_ack_minutes)
    except (TypeError, ValueError):
        due = True
    if due:
        turn.say("handoff_relayed")
        turn.data["handoff_ack_at"] = now.isoformat()


def leave_handoff(turn: Turn, by: str = "customer") -> None:
    """Back from a handoff to the step it interrupted, cart and details untouched."""
    turn.state = turn.data.pop("resume_state", None) or "start"
    turn.data.pop("handoff_ack_at", None)
    turn.handoff_until = None
    turn.data["left_handoff"] = True             # a "kemmel" next asks the step again
    turn.act(EndHandoff(by=by))
    turn.say("handoff_back")


def resume_step(turn: Turn) -> None:
    """The question of the step the customer is back at: the summary again when they were
    confirming, the basket while ordering, else what that step asks."""
    if turn.state == "confirm" and turn.data["cart"]:
        summary(turn)
    elif turn.data["queue"] or turn.state not in ("start", "ordering"):
        reprompt(turn)
    elif turn.data["cart"]:
        show_cart(turn, ask_more=True)
    else:
        turn.say("ask_what")
