"""Media, stickers and shared locations.
"""

from __future__ import annotations

from .. import geo, nlu
from ..nlu import details as nlu_details
from .asides import reprompt
from .cart import ask_queue_head
from .checkout import next_detail, set_city, start_checkout
from .handoffs import handoff
from .model import DETAIL_STATES, Turn

# --------------------------------------------------------------------------
# Media, stickers, locations
# --------------------------------------------------------------------------

_ASKING = ("ask_name", "ask_city", "ask_address", "confirm_city", "confirm", "offer_saved",
           "confirm_cancel")        # the steps whose question :func:`reprompt` asks again

def on_media(turn: Turn) -> None:
    """A voice note, an image, a video or a document: a person will listen or look (the
    bot cannot), so it starts a handoff and is forwarded, whatever the step."""
    media = turn.event.media
    if media in ("voice", "image", "video", "document"):
        handoff(turn, reason="media", media=media)
    elif turn.data["queue"] or turn.state in _ASKING:
        reprompt(turn)              # a sticker at "which one?" or the summary: asked again
    else:
        turn.say("empty_message")
    turn.used = media is not None


def back_to_ordering(turn: Turn) -> str | None:
    """During a handoff: does this message go back to the bot? ``resume`` for a resume word
    ("kemmel", "continuer"), ``order`` for order lines that ask nothing or a cancel that
    asks nothing ("annuler": handled as usual), else None (it is for the person)."""
    text = (turn.event.text or "").strip()
    if not text or turn.event.location:
        return None
    if says_resume(text):
        return "resume"
    p = nlu.parse(text, turn.ctx.index)
    if p.intent == "order" and (p.items or p.ambiguous) and not p.question \
            and not p.address_cue and not p.topic:
        return "order"
    if p.intent == "cancel" and not p.question:   # "annuler": the bot does it, now
        return "order"
    return None


def names_a_place(turn: Turn) -> bool:
    """A person-like word that is a pick or an address ("raqm 3", "derb 3ayto"), not a
    request for a person."""
    return bool(nlu_details.numbered_pick(turn.event.text) or (turn.found and turn.found.address))


def says_resume(text: str) -> bool:
    """A resume word ("kemmel", "continuer"), at most four words."""
    return bool(text) and nlu_details.says(text, "resume") and len(text.split()) <= 4


def on_location(turn: Turn) -> None:
    loc = turn.event.location
    assert loc is not None                      # called for a location event only
    details = turn.data["details"]
    details["latitude"] = loc.get("latitude")
    details["longitude"] = loc.get("longitude")
    details["address"] = (loc.get("address") or loc.get("label")
                          or f"📍 {geo.map_link(loc.get('latitude'), loc.get('longitude'))}")
    details["pin"] = True
    city = nlu.find_city(loc.get("address") or loc.get("label") or "")
    if city and not details.get("city"):
        set_city(turn, city, quiet=True)  # the pin's label names it: "Riad Yasmine, Marrakech"
    turn.say("location_received")
    if turn.state in DETAIL_STATES or turn.state == "offer_saved":
        next_detail(turn)
    elif turn.data["queue"]:
        ask_queue_head(turn)      # the pin at "which amlou?": kept, and the question again
    elif turn.data["cart"]:
        start_checkout(turn)
    else:
        turn.say("location_no_cart")


