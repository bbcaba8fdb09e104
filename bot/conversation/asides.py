"""Side questions (price, delivery, status, cancel, handoff), pre-sale answers, catalog paging
and the reprompt.
"""

from __future__ import annotations

import functools
from datetime import datetime, timedelta

from .. import answers, datafiles, geo, hours, i18n, nlu, statuses
from ..nlu import details as nlu_details
from ..phones import local_format
from ..sms import is_gsm7, sms_segments, sms_text
from . import basket
from .basket import (
    context_family,
    family_name,
)
from .cart import ask_queue_head, offer_instead, show_cart
from .checkout import (
    fragments,
    match_city,
    missing_details,
    next_detail,
    summary,
)
from .model import (
    DETAIL_STATES,
    LETTERS,
    MAX_QTY,
    PAGING_FILE,
    SMS_PAGE_SEGMENTS,
    AlertMembers,
    ChoiceQuestion,
    EndHandoff,
    Handoff,
    QtyQuestion,
    Question,
    RelayToMember,
    Turn,
    has_order_content,
)


def reprompt(turn: Turn) -> None:
    """Ask again what the current state waits for (after a side question)."""
    state = turn.state
    if turn.data["queue"]:
        ask_queue_head(turn)
    elif state in ("ask_name", "ask_city") or (state == "ask_address"
                                               and len(missing_details(turn)) > 1):
        next_detail(turn)                       # everything still missing, in one question
    elif state == "confirm_city":
        turn.say("confirm_city", city=turn.data.get("city_guess", {}).get("name", ""))
    elif state == "ask_address":
        turn.say("ask_address")
    elif state == "confirm":
        turn.say("confirm_prompt")
    elif state == "offer_saved":
        turn.say("offer_saved_prompt")
    elif state == "confirm_cancel":
        turn.say("confirm_cancel_prompt")


# --------------------------------------------------------------------------
# Side questions
# --------------------------------------------------------------------------

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


def cancel(turn: Turn) -> None:
    if turn.data["cart"] or turn.data["queue"]:
        turn.data.update({"cart": [], "queue": [], "details": {}})
        turn.state = "start"
        turn.say("cart_cleared")
        return
    order = turn.ctx.latest_order()
    if order is None:
        turn.say("nothing_to_cancel")
        return
    if statuses.can_cancel(order["status"]):
        turn.data["cancel_order_id"] = order["id"]
        turn.state = "confirm_cancel"
        turn.say("confirm_cancel", number=order["number"])
        return
    if order["status"] in statuses.ENDINGS:
        turn.say("nothing_to_cancel")
        return
    contact = turn.ctx.coop.get("settings", {}).get("contact_phone") or ""
    if contact:
        turn.say("cannot_cancel", number=order["number"], phone=local_format(contact))
    else:                                   # no phone in the cooperative's file: this chat
        turn.say("cannot_cancel_here", number=order["number"])


def status(turn: Turn) -> None:
    order = turn.ctx.latest_order()
    if order is None:
        turn.say("no_orders")
        return
    turn.say("status", number=order["number"],
             status=i18n.t(turn.lang, f"status_{order['status']}"),
             tracking=order.get("tracking") or "")
    reprompt(turn)


def _mentioned(p) -> list[str]:
    """Every product a message names: resolved lines, then each candidate of vague mentions."""
    skus = [i.sku for i in p.items]
    for amb in p.ambiguous:
        skus.extend(s for s in amb.candidates if s not in skus)
    return skus


def _count_asked(turn: Turn, sku: str) -> int | None:
    """The count a price question said for its one product ("3 bidons … ch7al?"), if any:
    two or more (one is only "the" or a size: "ch7al dyal nss kilo?", "the gift box")."""
    said = next((i.quantity for i in turn.p.asked_counts if i.sku == sku), None)
    return said if said and 1 < said <= MAX_QTY else None


def price(turn: Turn, named: list[str] | None = None) -> None:
    p = turn.p
    skus = named or _mentioned(p)
    if not skus and not p.unknown_products:
        skus = context_family(turn)            # "ch7al lkilo w ch7al nss?" about its sizes
        head = turn.data["queue"][0] if turn.data["queue"] else None
        if not skus and head and head["type"] == "choice":
            skus = [s for s in head["candidates"] if turn.product(s)]   # "which one?"
        listed = [s for s in turn.data.get("last_list") or [] if turn.product(s)]
        if not skus and listed and len(listed) < sum(p["in_stock"] for p in turn.ctx.products):
            skus = listed           # "yes, we have: 1. … 2. …" — "bch7al?": those, not all
    in_cart = False
    last = turn.data.get("last_sku")
    if not skus and not p.unknown_products and last and any(
            line["sku"] == last for line in turn.data["cart"]) \
            and nlu_details.says(turn.event.text, "it"):
        skus, in_cart = [last], True           # "how much is it?" of the line just added
    if not skus:
        if p.unknown_products:
            turn.say("not_sold", product=", ".join(p.unknown_products))
        return catalog(turn)
    lines = []
    for n, sku in enumerate(skus, start=1):
        prod = turn.item(sku)
        note = "" if prod["in_stock"] else " " + i18n.t(turn.lang, "sold_out_tag")
        mark = f"{n}." if len(skus) > 1 else "•"
        lines.append(f"{mark} {prod['name']} — {i18n.money(prod['price'])}{note}")
    turn.say("prices", lines="\n".join(lines))
    available = [s for s in skus if turn.item(s)["in_stock"]]
    queue = turn.data["queue"]
    if queue and queue[0]["type"] == "choice" and list(queue[0]["candidates"]) == skus:
        turn.say("ask_which_after_price")       # the options just priced: not listed twice
    elif in_cart or queue or turn.state not in ("start", "ordering") or not available:
        reprompt(turn)
    elif len(skus) == 1 and (said := _count_asked(turn, skus[0])):
        # "3 bidons de 5 litres, ch7al?": the total for that many, and "yes" takes them
        turn.data["queue"] = [{"type": "qty", "sku": skus[0], "soft": True, "said": said}]
        turn.say("ask_said_after_price", line=turn.line_text(skus[0], said))
    elif len(skus) == 1:
        turn.data["queue"] = [{"type": "qty", "sku": skus[0], "soft": True}]
        turn.say("ask_order_after_price")
    else:
        turn.data["queue"] = [{"type": "choice", "candidates": skus, "quantity": None,
                               "soft": True}]
        turn.say("ask_which_after_price")


def delivery(turn: Turn) -> None:
    delivery = turn.ctx.coop.get("settings", {}).get("delivery", {})
    city = turn.p.city or turn.data["details"].get("city")
    free_above = delivery.get("free_above")
    free = i18n.t(turn.lang, "delivery_free_above", amount=i18n.money(free_above)) \
        if free_above else ""
    if city:
        match = match_city(turn, city)
        if match and match.get("served") is False:
            turn.say("city_not_served", city=match["name"])
            return
        fee = geo.city_fee(match["name"] if match else city, turn.ctx.courier_cities(),
                           delivery.get("flat_fee") or 0)
        turn.say("delivery_city", city=match["name"] if match else city, fee=i18n.money(fee),
                 free=free)
    else:
        turn.say("delivery_info", fee=i18n.money(delivery.get("flat_fee") or 0), free=free)
    reprompt(turn)


def available(turn: Turn) -> None:
    """"Do you have argan oil?": yes, these (numbered, so a number picks one), and how
    many; a product not sold here: "we don't sell that" and the closest ones."""
    p = turn.p
    mentioned = [s for s in _mentioned(p) if turn.product(s)]
    skus = [s for s in mentioned if turn.item(s)["in_stock"]]
    if not skus and mentioned:
        return offer_instead(turn, mentioned[0])   # other sizes first, then similar ones
    if not skus:
        unknown = p.unknown_products or (" ".join(p.unknown_words),) if (
            p.unknown_products or p.unknown_words) else ()
        if not unknown:
            return catalog(turn)
        turn.say("not_sold", product=", ".join(unknown))
        suggestions = [s for s in p.suggestions if turn.product(s) and turn.item(s)["in_stock"]]
        if suggestions:
            turn.say("closest", options=turn.numbered(suggestions))
            turn.data["last_list"] = suggestions
        else:
            turn.say("see_catalog")
        return
    turn.data["last_list"] = skus
    turn.say("available", options=turn.numbered(skus))
    if turn.data["queue"] or turn.state not in ("start", "ordering"):
        reprompt(turn)
    elif len(skus) == 1 and (said := _count_asked(turn, skus[0])):
        # "vous avez du miel ? 2 pots svp": yes, the total for that many, and "yes" takes
        # them (it asked "how many?" again, and a reply without a count put one)
        turn.data["queue"] = [{"type": "qty", "sku": skus[0], "soft": True, "said": said}]
        turn.say("ask_said_after_price", line=turn.line_text(skus[0], said))
    elif len(skus) == 1:
        turn.data["queue"] = [{"type": "qty", "sku": skus[0], "soft": True}]
        turn.say("ask_order_after_price")
    else:
        turn.say("catalog_how")


# --------------------------------------------------------------------------
# Pre-sale questions (answers in bot/answers.py)
# --------------------------------------------------------------------------



# Topics about a product that a price question about that product answers well enough.
_ABOUT_PRODUCTS = ("argan_types", "authenticity")
_CLEAR = nlu.parser.CLEAR_TOPIC   # asked even with a number in it ("les deux huiles")
# A question about one product: its sizes and prices after the answer, when no more than
# these ("votre miel est-il bio ?" about six honeys: the answer, then "what would you like?")
_PRICED_AFTER_ANSWER = 4


_HAGGLE = 2.0    # two price remarks ("ghali bzaf, n9s lia"): a haggle, whatever else is said


def _question_topic(turn: Turn) -> str | None:
    """The pre-sale topic this message asks about, if the conversation should answer it."""
    p = turn.p
    content = has_order_content(p)
    quantity = any(i.quantity for i in p.items) or any(a.quantity for a in p.ambiguous)
    offered = turn.data.get("details_offered") and (      # "Sam Hill, Chefchaouen, Hotel …"
        (turn.found and turn.found.address)
        or any(nlu_details.city_only(f)[1] for f in fragments(turn.event.text)[1:]))
    if (turn.state in DETAIL_STATES + ("confirm", "offer_saved") or offered) \
            and not p.question and (p.topic_score < _CLEAR or p.address_cue or offered):
        return None                        # a name, a city, an address, "changer l'adresse"
    if p.topic and p.size_hint and not p.question and turn.data["queue"] \
            and turn.data["queue"][0]["type"] == "choice":
        return None                        # "which one?" — "the cheaper one": the small one
    if p.topic == "advice":        # "I need a gift… what would you suggest?", not "2 gift boxes"
        return None if any((i.quantity or 0) > 1 for i in p.items) else p.topic
    if p.topic:
        if p.intent in ("confirm", "deny") and not p.question:
            return None                    # "wakha, ghadi nkhlles 3nd twsil": a yes, not a question
        if not p.question and turn.data["cart"] and (
                any(basket.cart_qty(turn, getattr(r, "sku", None)) for r in p.removed)
                or (nlu_details.has_marker(turn.event.text, "remove") and p.intent != "cancel"
                    and turn.state in ("ordering", "confirm") and p.topic_score < _HAGGLE)):
            return None                    # "no gift box, too expensive": taken out first
            # (not a haggle said twice: "ghali bzaf, n9s lia chwiya", "n9s" is also "remove")
        if quantity and p.intent == "order" and not (
                p.question and (p.topic_score >= _CLEAR or p.topic_apart)):
            return None                    # "bghit 2 amlou, wach katkhlso f lbab": order first
            # (the answer first when the question stands apart: "…? bghit 1 amlou")
        if p.intent == "price" and content and p.topic in _ABOUT_PRODUCTS:
            return None                    # "ch7al zit argan dyal lmakla?": its prices
        if content and p.intent == "order" and not p.question and p.topic != "discount":
            return None
        if p.topic == "delivery" and p.intent == "status" and turn.ctx.latest_order():
            return None                    # "imta twsl?" about an order already placed
        return p.topic
    if p.intent == "delivery" and not quantity:
        return "delivery"
    if (p.what_is and (_mentioned(p) or p.unknown_products) and p.intent != "price"
            and not p.cart_cue and not quantity):
        return "what_is"                   # "what is khlii?": not an order
    if (p.intent == "catalog" and not (p.items or p.ambiguous)
            and (p.unknown_products or p.unknown_words)):
        return "availability"
    if (p.intent == "catalog" and (p.items or p.ambiguous) and p.question
            and turn.state not in ("start", "ordering")):
        return "availability"              # "do you sell olive oil?" at the summary: kept
    if turn.state in DETAIL_STATES or not p.question or (turn.state == "confirm" and p.field):
        return None                        # "can you change the city to Sale?": a change
    if p.cart_cue and turn.data["cart"]:
        return None                        # "what's in my cart?", "what's the total?"
    if p.intent in ("unknown", "greet") and not content and LETTERS.search(turn.event.text):
        return "ask_coop"                  # not "???"
    return None


def pre_sale(turn: Turn) -> bool:
    """Answer a question asked before buying; True when the message was one.

    The answer's facts come from the cooperative file (:mod:`bot.answers`); then the
    pending step is offered again in one line. A question the file cannot answer offers
    a person, and the next "iyeh" / "la" answers that offer.
    """
    p = turn.p
    topic = _question_topic(turn)
    if topic is None:
        return False
    turn.topic = topic
    named = _mentioned(p) or (_sold_head(turn) if topic in _ABOUT_PRODUCTS else [])
    if topic == "availability" or (topic in _ABOUT_PRODUCTS and p.unknown_products
                                   and not named):
        available(turn)                   # "is the argan oil pure?" where none is sold
        return True
    if topic == "what_is":                # "c'est quoi le khlii ?": the members are asked to
        if not _mentioned(p):             # tell more; meanwhile its prices, and how many
            available(turn)               # one not sold here: "we don't sell it", the closest
            return True
        turn.say("faq_what_is_passed")
        turn.act(AlertMembers(kind="question", text=turn.event.text))
        price(turn)
        return True
    if topic == "advice":                 # "I need a gift, what would you suggest?": the
        if _mentioned(p) or context_family(turn):      # products named, priced, kept in mind
            price(turn)
        else:
            catalog(turn)
        return True
    city = p.city or turn.data["details"].get("city")
    answer = answers.answer(topic, turn.lang, turn.ctx.coop, city=city,
                            cities=turn.ctx.courier_cities() if topic == "delivery" else None)
    if topic == p.topic and p.also_topics and not answer.offer_person:
        answer = _also(turn, answer, city)  # "do you deliver to Fes? and can I pay by card?"
    if (p.intent == "order" and not answer.offer_person
            and (any(i.quantity for i in p.items) or any(a.quantity for a in p.ambiguous))):
        turn.replies.extend(answer.replies)     # "… 2 amlou, … Can I pay cash?": the answer,
        return False                            # then the order as any other ("which one?")
    if topic == "ask_coop" and turn.data["cart"] and turn.state == "ordering":
        # "how long does it keep?" at "anything else?": passed on to the members, and the
        # order goes on (a yes/no offer of a person there took "that's all" for a yes; at
        # the summary the offer stays, and "no" goes back to the summary's yes/no)
        turn.say("faq_ask_coop_passed")
        turn.act(AlertMembers(kind="question", text=turn.event.text))
        resume(turn)
        return True
    if answer.offer_person and turn.data.get("unanswered_offered"):
        handoff(turn, reason="unanswered")     # the second question nobody here can answer
        return True
    turn.replies.extend(answer.replies)
    if answer.offer_person:
        turn.data["human_offered"] = True      # "iyeh" / "la" next: see _on_step_words
        turn.data["unanswered_offered"] = True
        _keep_in_mind(turn, named)             # "ok I'll take 2 small ones": of that product
    elif topic == "discount" and thanked(turn.event.text) and nothing_asked(turn):
        # "ghali chwiya, merci", "too expensive, thanks anyway": a walk-away after the fixed
        # price, not a question to be asked "which one?" again
        goodbye(turn)
    elif topic == "discount" and _mentioned(p) and not turn.data["queue"] \
            and turn.state in ("start", "ordering"):
        price(turn)                       # "amlou ghali": its prices, and how many
    elif (topic not in _ABOUT_PRODUCTS and _mentioned(p) and not turn.data["queue"]
          and turn.state in ("start", "ordering") and not any(i.quantity for i in p.items)
          and nlu.intents.cue_scores(nlu.textnorm.tokens(turn.event.text)).get("price")):
        price(turn)                       # "do you ship to Essaouira? and the argan oil, how much?"
    elif (topic in _ABOUT_PRODUCTS and not turn.data["queue"] and not turn.data["cart"]
          and turn.state in ("start", "ordering")
          and 0 < len(sold := [s for s in named if turn.product(s)
                               and turn.item(s)["in_stock"]]) <= _PRICED_AFTER_ANSWER
          and len({family_name(turn.item(s)) for s in sold}) == 1):
        price(turn, sold)                 # "c'est du vrai safran ?": the answer, then its
    else:                                 # sizes and prices, and how many
        resume(turn)
        _keep_in_mind(turn, named)
    return True


def _keep_in_mind(turn: Turn, named: list[str]) -> None:
    """"is the amlou homemade? how long to Fes?" — "I'd like 2 jars then": the one product
    a question was about is kept in mind (any answer about one product, the honest "I'll
    ask the cooperative" too), offered without being asked."""
    skus = [s for s in named if turn.product(s) and turn.item(s)["in_stock"]]
    if (skus and not turn.data["queue"]
            and turn.state in ("start", "ordering")
            and len({family_name(turn.item(s)) for s in skus}) == 1):
        offer: Question = (QtyQuestion(type="qty", sku=skus[0], soft=True)
                           if len(skus) == 1 else
                           ChoiceQuestion(type="choice", candidates=skus, quantity=None,
                                          soft=True))
        turn.data["queue"] = [offer]


def _sold_head(turn: Turn) -> list[str]:
    """The products sold that a phrase read as an unknown product starts with: "argan oil
    for cooking or for hair" names the argan oils, then says what it asks about them."""
    for phrase in turn.p.unknown_products:
        words = nlu.textnorm.tokens(phrase)
        for n in range(len(words) - 1, 0, -1):
            if not all(nlu.questions.asking_word(w) for w in words[n:]):
                break                      # "miel de jujubier": a honey not sold
            head = nlu.parse(" ".join(words[:n]), turn.ctx.index)
            if (head.items or head.ambiguous) and not head.unknown_products:
                return _mentioned(head)
    return []


def _also(turn: Turn, first: answers.Answer, city: str | None) -> answers.Answer:
    """The first question's answer with the message's other questions answered after it;
    one only a person can answer ends it with the offer of a person, unless the message
    orders (the order goes on)."""
    p = turn.p
    replies, offer = list(first.replies), False
    prices = nlu.intents.cue_scores(nlu.textnorm.tokens(turn.event.text)).get("price")
    ordering = any(i.quantity for i in p.items)
    for other in p.also_topics:
        if other in _ABOUT_PRODUCTS and prices:
            continue                       # "… and how much is the argan oil for cooking?"
        more = answers.answer(other, turn.lang, turn.ctx.coop, city=city,
                              cities=turn.ctx.courier_cities() if other == "delivery" else None)
        if more.offer_person and (offer or ordering):
            continue
        replies.extend(more.replies)
        offer = offer or more.offer_person
    return answers.Answer(replies, offer)


def nothing_asked(turn: Turn) -> bool:
    """No "which one?" or "how many?" waits for its answer (only offers after a price)."""
    return all(q.get("soft") for q in turn.data["queue"])


def goodbye(turn: Turn) -> None:
    """A walk-away for now: the offers after a price dropped, the basket kept, a goodbye."""
    turn.data["queue"] = [q for q in turn.data["queue"] if not q.get("soft")]
    turn.say("goodbye_cart_kept" if turn.data["cart"] else "goodbye_later")


def thanked(text: str) -> bool:
    """Does the message thank (``intents/keywords.yml`` ``thanks``: merci, choukran, شكرا)?"""
    return bool(nlu.intents.cue_scores(nlu.textnorm.tokens(text)).get("thanks"))


def resume(turn: Turn) -> None:
    """After a side answer: the pending step again, in one line."""
    if turn.data["queue"] or turn.state not in ("start", "ordering"):
        reprompt(turn)
    elif turn.data["cart"]:
        turn.say("faq_resume_cart", subtotal=answers.money(turn.lang, basket.subtotal(turn)))
    else:
        turn.say("ask_what")


def catalog(turn: Turn, page: int = 0) -> None:
    in_stock = [p["sku"] for p in turn.ctx.products if p["in_stock"]]
    turn.data["last_list"] = in_stock              # numbers run across pages: "7" picks the 7th
    turn.data.pop("catalog_page", None)
    if turn.ctx.channel != "sms":
        turn.say("catalog", coop=turn.ctx.coop.get("name", ""), lines=turn.numbered(in_stock))
        turn.say("catalog_how")
        return
    pages = _sms_pages(turn, in_stock)
    page = min(page, len(pages) - 1)
    start, end = pages[page]
    turn.say("catalog", coop=turn.ctx.coop.get("name", ""),
             lines=turn.numbered(in_stock[start:end], start=start + 1))
    if page + 1 < len(pages):
        turn.say("catalog_more", page=page + 1, pages=len(pages))
        turn.data["catalog_page"] = page + 1
    else:
        turn.say("catalog_how")


def _sms_pages(turn: Turn, skus: list[str]) -> list[tuple[int, int]]:
    """Slices of ``skus`` whose catalog reply fits ``SMS_PAGE_SEGMENTS`` SMS each (one more
    in Arabic script, whose SMS hold 67 characters instead of 153)."""
    coop = turn.ctx.coop.get("name", "")
    tails = (i18n.t(turn.lang, "catalog_more", page=99, pages=99),
             i18n.t(turn.lang, "catalog_how"))

    def fits(start: int, end: int) -> bool:
        lines = turn.numbered(skus[start:end], start=start + 1)
        for tail in tails:
            text = sms_text(i18n.t(turn.lang, "catalog", coop=coop, lines=lines) + "\n\n" + tail)
            if sms_segments(text) > SMS_PAGE_SEGMENTS["gsm7" if is_gsm7(text) else "ucs2"]:
                return False
        return True

    pages, start = [], 0
    while start < len(skus):
        end = start + 1
        while end < len(skus) and fits(start, end + 1):
            end += 1
        pages.append((start, end))
        start = end
    return pages or [(0, 0)]


@functools.lru_cache(maxsize=1)
def _more_words() -> frozenset:
    data = datafiles.safe_load(PAGING_FILE.read_text(encoding="utf-8"))
    return frozenset(nlu.normalise(w) for w in data["more"])


def is_more_word(text: str) -> bool:
    """Whether ``text`` asks for the next page ("lbaqi", "الباقي", "suite", "more")."""
    return nlu.normalise(text or "").strip(" .!?") in _more_words()
