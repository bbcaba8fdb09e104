"""The entry point :func:`step`, the saved-basket offer and the dispatch of one message by
state and intent. Its parts: language choice (``language``), media and locations (``media``),
details volunteered with an order (``volunteered``), corrections of the last line
(``corrections``), messages read against what was asked (``context``) and the handlers of
the confirmation states (``handlers``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from .. import i18n, nlu
from ..nlu import details as nlu_details
from .asides import (
    about_the_placed_order,
    available,
    cancel,
    catalog,
    changes_the_placed_order,
    delivery,
    is_more_word,
    option_asked_about,
    option_priced_by_size,
    order_again,
    price,
    price_then_order,
    reorder,
    reprompt,
    status,
    takes_back_the_order,
)
from .basket import cart_qty, context_family, product_group, remove_line, set_line
from .cart import (
    apply_order,
    ask_queue_head,
    checkout_now,
    details_noted,
    details_offered_answer,
    show_cart,
)
from .checkout import (
    ask_again,
    missing_details,
    next_detail,
    on_confirm_city,
    on_confirm_pin_city,
    on_details,
    set_city,
    start_checkout,
    summary,
)
from .choices import (
    by_size_word,
    colour_in_list,
    colour_of_list,
    count_beside_ordinal,
    ordinal_position,
    pick_from_list,
    picks_from_list,
    price_ranked,
    size_word_pick,
    sizes_in_context,
    sizes_of,
)
from .context import (
    asks_about,
    basket_words,
    count_for_the_alternative,
    count_with_size,
    doubled,
    each_of_choice,
    named_in_list,
    read_in_context,
    relative_count,
    same_again,
    same_for_another,
    size_in_list,
    size_said_alone,
    takes_the_one_shown,
    yes_to_the_last_line,
)
from .corrections import (
    all_one_size,
    count_correction,
    kind_by_price,
    kind_in_context,
    kind_of_a_line,
    kind_refined,
    line_by_its_size,
    question_taken_back,
    size_change,
    size_taken_back,
    sizes_swapped,
    taken_off_by_its_size,
    the_other_one,
)
from .handlers import (
    city_taken_back,
    on_confirm,
    on_confirm_cancel,
    on_offer_saved,
    on_size_or_both,
)
from .handoffs import handoff, in_handoff, leave_handoff, resume_step
from .language import choose_lang
from .media import back_to_ordering, names_a_place, on_location, on_media, says_resume
from .model import (
    DETAIL_STATES,
    FRAGMENTS,
    INTERRUPTING,
    LETTERS,
    MAX_QTY,
    CancelOrder,
    Context,
    Event,
    Result,
    Turn,
    has_order_content,
    question_key,
    soft_words_of,
)
from .pending import (
    answer_queue,
    count_for_the_priced,
    details_at_question,
    drop_asked_twice,
    only_others_named,
    reask_or_drop,
    swap_for_the_open_question,
)
from .presale import goodbye, nothing_asked, pre_sale, resume, size_said, thanked
from .quantities import (
    by_amount,
    colour_added,
    colour_switch,
    corrected_quantity,
    count_answer_then_more,
    count_kept,
    count_then_more,
    counts_for_the_questions,
    counts_said,
    dozens_in_packs,
    each_quantity,
    keep_only,
    measure_of_last_line,
    measure_taken_off,
    other_size_asked,
    part_resized,
    removal_then_more,
    set_last_quantity,
    size_switch,
    sizes_of_a_line_at_a_count,
    unit_said,
)
from .volunteered import names_order_nothing, read_volunteered

# --------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------

def step(conv: dict, event: Event, ctx: Context) -> Result:
    """Advance one conversation by one inbound event."""
    turn = Turn(conv, event, ctx)
    now = ctx.now or datetime.now().astimezone()
    resumed = False
    if turn.state == "handoff":
        until = turn.handoff_until
        if until and datetime.fromisoformat(until) > now:
            turn.now = now
            back = back_to_ordering(turn)
            if back is None:
                in_handoff(turn)                       # a person is answering: passed on
                return turn.result()
            leave_handoff(turn)
            if back == "resume":                       # "kemmel": the step, asked again
                resume_step(turn)
                return turn.result()
            resumed = True
        else:
            leave_handoff(turn, by="timeout")
    turn.now = now
    text = (event.text or "").strip()
    if "." in text and (plain := nlu_details.without_title_stops(text)) != text:
        turn.event = dataclasses.replace(turn.event, text=plain)   # "Mr. David Lee": one
        text = plain                                               # sentence, "Mr" no name
    if turn.data.pop("left_handoff", False) and not resumed and says_resume(text):
        resume_step(turn)                      # "kemmel" once the person has gone: the step
        return turn.result()
    if not resumed and _cart_expired(turn, now):
        return turn.result()
    if text:
        turn.parse = nlu.parse(text, ctx.index)
        if _delivery_day(turn, text):           # "nhar jem3a 3afak" alone: noted, the step
            return turn.result()                # asked again
        text = turn.event.text or text
        if turn.state == "confirm" and (rest := _change_after_yes(turn, text)):
            turn.event = dataclasses.replace(turn.event, text=rest)   # "yes but make it 3":
            turn.parse = nlu.parse(rest, ctx.index)                   # the change, no yes
            text = rest
        if turn.state == "confirm" and turn.p.intent in _REMARK_TOPICS and _yes_first(turn, text):
            turn.parse = dataclasses.replace(turn.p, intent="confirm")   # "Yes, cash on
            #   delivery is fine", "yes please, thank you for your help": a yes, no question
        dozens_in_packs(turn)                  # "ok 3tini dzina": one pack of 12
        read_volunteered(turn, text)
        names_order_nothing(turn, text)
        choose_lang(turn, text)
    cleared = turn.data.pop("cleared", None)      # for this message only
    if event.location:
        on_location(turn)
    elif cleared and _changes_mind(turn, cleared):
        pass
    elif not text:
        on_media(turn)
    elif not (_answer_then_more(turn) or _count_then_question(turn)
              or _amounts_for_the_questions(turn) or _order_then_question(turn)):
        _dispatch(turn)
    _offer_replaced(turn)
    if not turn.used:
        strikes = turn.data.get("strikes", 0) + 1
        turn.data["strikes"] = strikes
        if strikes >= 2:
            turn.say("offer_human_yes_no")         # answered by yes or no (issue 14)
            turn.data["human_offered"] = True
    return turn.result()


def _answer_then_more(turn: Turn) -> bool:
    """At "which thyme honey?", a size or a position, then after a comma or "and" a change
    of a line of the basket ("1kg, and make the amlou 3", "lkbir, w dir amlou 3", "1kg, et
    mettez 3 amlou"): the first part answers the question, the rest is read after it as a message of
    its own (the size went to the other product: two 500 g amlou, the honey still asked, the
    count lost), or new products ("le plus cher, et 1 kg de noix" after the dates' prices:
    the dates were lost). True when the message was read so."""
    queue, p = turn.data["queue"], turn.p
    if not (queue and queue[0]["type"] == "choice" and has_order_content(p)) \
            or turn.volunteered or p.question:
        return False
    asked = set(queue[0]["candidates"])
    named = [{i.sku} for i in p.items] + [set(a.candidates) for a in p.ambiguous]
    text = turn.event.text or ""
    cut = FRAGMENTS.search(text)
    if any(n & asked for n in named) or cut is None:
        return False
    first, rest = text[:cut.start()].strip(), text[cut.end():].strip()
    head, tail = nlu.parse(first, turn.ctx.index), nlu.parse(rest, turn.ctx.index)
    if has_order_content(head) or head.question or not has_order_content(tail) \
            or tail.intent != "order" or not (head.ordinal is not None or head.size_hint
                                             or _measure_said(first)):
        return False
    lines = {sku for line in turn.data["cart"] if turn.product(line["sku"])
             for sku in sizes_of(turn, line["sku"])}
    colours = {t for sku in asked if (entry := turn.entry(sku)) for t in entry.tags}
    if not all(n & lines for n in named) and soft_words_of(rest) & colours:
        return False      # "kilo dyal lkhdar w kilo dyal lk7el": colours of the options, not
    #                       a new product (the kohl); a new product is read after the answer
    #                       ("the medium one and 2 green tea 250g" at "which teapot?": the
    #                       green is the tea's, no teapot is green; the teapot was lost)
    _in_two(turn, first, head, rest, tail)
    return True


def _order_then_question(turn: Turn) -> bool:
    """Counted lines in a sentence of their own, then a question ("2 amlou 250 w 3 ma lward.
    ch7al ttwsil l agadir?", "2 black soap, 1 ghassoul. Do you deliver to Agadir?"): the
    lines are ordered, then the question is answered (the whole message was read as the
    question: the order was lost). True when the message was read so."""
    p = turn.p
    if not (p.question or p.topic) or p.intent not in _ASKING or turn.volunteered \
            or turn.state not in ("start", "ordering") or turn.data["queue"]:
        return False
    text = turn.event.text or ""
    cut = nlu.sentence_before_question(text)
    if cut is None:
        return False
    first, rest = text[:cut].strip(" .!\n"), text[cut:].strip(" .!\n")
    head = nlu.parse(first, turn.ctx.index)
    if head.question or not nlu.orders_counted(head):
        return False
    tail = nlu.parse(rest, turn.ctx.index)
    if any(i.quantity for i in tail.items) or not (tail.question or tail.topic):
        return False
    _in_two(turn, first, head, rest, tail)
    return True


#: what a question about the shop is read as (an order's lines before it are kept apart)
_ASKING = frozenset({"price", "catalog", "delivery"})


def _amounts_for_the_questions(turn: Turn) -> bool:
    """"bghit kesksou ghlid w dchicha" (how many dchicha? which coarse one?) — "5 kilo w
    kilo": as many amounts, joined by "and" or commas and saying a unit, as questions open,
    all asked by one message, answer them in the order the products were said (it gave six
    kilos of dchicha, and the coarse one still asked). Each amount is read as the answer to
    its question; the basket and what is left said once, at the end."""
    queue, p = turn.data["queue"], turn.p
    order = turn.data.get("said_order") or []
    if len(queue) < 2 or not all(question_key(q) in order for q in queue) \
            or has_order_content(p) or p.removed or p.question or turn.volunteered:
        return False
    parts = [part.strip() for part in FRAGMENTS.split(turn.event.text or "")]
    if len(parts) != len(queue) or not any(unit_said(part) for part in parts):
        return False
    in_order = sorted(queue, key=lambda q: order.index(question_key(q)))
    for q, part in zip(in_order, parts, strict=True):
        said = nlu.parse(part, turn.ctx.index)
        if has_order_content(said) or said.removed or said.question or said.size_hint \
                or not (unit_said(part) or said.number is not None and q["type"] == "qty"):
            return False        # ("jouj" at "which amlou?" is no list's second)
    event, begin = turn.event, (len(turn.replies), len(turn.keys))
    last = begin
    for q, part in zip(in_order, parts, strict=True):
        if q not in turn.data["queue"]:
            break
        turn.data["queue"] = [q] + [o for o in turn.data["queue"] if o is not q]
        last = (len(turn.replies), len(turn.keys))
        turn.event = dataclasses.replace(event, text=part)
        turn.parse = nlu.parse(part, turn.ctx.index)
        _dispatch(turn)
    del turn.replies[begin[0]:last[0]], turn.keys[begin[1]:last[1]]
    turn.event = event
    return True


def _in_two(turn: Turn, first: str, head: nlu.Parse, rest: str, tail: nlu.Parse) -> None:
    """Read ``first`` then ``rest`` as two messages; the basket said once, as the second
    leaves it."""
    event, before = turn.event, (len(turn.replies), len(turn.keys))
    turn.event, turn.parse = dataclasses.replace(event, text=first), head
    _dispatch(turn)
    answered = (len(turn.replies), len(turn.keys))
    turn.event, turn.parse = dataclasses.replace(event, text=rest), tail
    _dispatch(turn)
    said, then = turn.keys[before[1]:answered[1]], turn.keys[answered[1]:]
    if answered[0] - before[0] == len(said) and (
            set(said) <= _BASKET_SHOWN and {"cart", "summary"} & set(then)   # the basket said
            or said and set(said) <= _QUEUE_ASKS and then and then[-1] in _QUEUE_ASKS):
        # once, as the message leaves it; the question of the first part asked once, last
        del turn.replies[before[0]:answered[0]], turn.keys[before[1]:answered[1]]
    turn.event = event


#: the end of the first clause of a message: a comma, a new line, or the end of a sentence
_FIRST_CLAUSE = re.compile(r"[,;\n،؛]+|[.!?؟]+\s+")


def _count_then_question(turn: Turn) -> bool:
    """At "how many?", a count, then a question ("3 kilos please. how much is delivery to
    fes?", "3 kilo, ch7al ttwsil l fes?"): the count answers, then the question is answered
    (the count was lost and "how many?" asked again). True when the message was read so."""
    queue = turn.data["queue"]
    if not (queue and queue[0]["type"] == "qty") or turn.volunteered:
        return False
    text = turn.event.text or ""
    cut = _FIRST_CLAUSE.search(text)
    if cut is None:
        return False
    first, rest = text[:cut.start()].strip(), text[cut.end():].strip()
    if not first or not rest:
        return False
    head = nlu.parse(first, turn.ctx.index)
    if has_order_content(head) or head.question or not (
            head.number is not None or _measure_said(first)):
        return False
    tail = nlu.parse(rest, turn.ctx.index)
    if has_order_content(tail) or not (tail.question or tail.topic):
        return False
    _in_two(turn, first, head, rest, tail)
    return True


_BASKET_SHOWN = frozenset({"cart", "ask_more", "ask_more_or_details"})
_QUEUE_ASKS = frozenset({"ask_qty", "ask_choice"})     # an open question's own asking


def _change_after_yes(turn: Turn, text: str) -> str | None:
    """"yes but make it 3", "ok but 3 instead of 2", "yes, but the 1kg" at the summary: a yes
    and then, after "but", a change: the change is what the message says (the yes placed
    the order as it was: a wrong parcel). None when there is no such "but"."""
    if turn.p.intent != "confirm":
        return None
    words = text.split()
    at = next((i for i, w in enumerate(words) if i and any(
        nlu.textnorm.lookup_key(t) in _BUT_KEYS for t in nlu.textnorm.tokens(w))), None)
    if at is None or at + 1 >= len(words):
        return None
    head = nlu.parse(" ".join(words[:at]), turn.ctx.index)
    rest = " ".join(words[at + 1:])
    p = nlu.parse(rest, turn.ctx.index)
    if head.intent != "confirm" or has_order_content(head) or p.intent in ("confirm", "thanks"):
        return None
    return rest if (has_order_content(p) or p.number is not None or p.field or p.city
                    or p.size_hint or any(c.isdigit() for c in rest)
                    or p.intent in ("order", "deny", "cancel")) else None


_BUT_KEYS = frozenset(nlu.lexicon.LEXICON.but_keys)
_REMARK_TOPICS = ("delivery", "help")
_CLAUSE_END = re.compile(r"[,.;!:]")


def _yes_first(turn: Turn, text: str) -> bool:
    """At the summary, a yes first and then a remark on the delivery or the help, no
    question ("Yes, cash on delivery is fine", "yes please, thank you so much for your
    help", "ok kindly deliver"): the remark's word is no question about them (the delivery
    fee was answered and the order left unplaced). Not when the message asks, orders,
    or gives a detail ("yes, deliver to Riad Zitoun, 5 Derb …": the address changes)."""
    p = turn.p
    if p.question or has_order_content(p) or p.field or p.city or p.address_cue \
            or any(c.isdigit() for c in text):
        return False
    head = _CLAUSE_END.split(text, 1)[0]
    if head.strip() == text.strip():
        head = text.split()[0] if text.split() else ""
    first = nlu.parse(head, turn.ctx.index)
    return first.intent == "confirm" and not has_order_content(first) \
        and not nlu_details.extract(text).address


def _offer_replaced(turn: Turn) -> None:
    """The message went past one product's offer ("how many?" or "which one?" after its
    price) to ask about another ("w l fosto9 ch7al?", "and the dates?"): the new "how many?"
    keeps the first one in mind, so that "both" is one of each of them."""
    dropped, queue = turn.offer_dropped, turn.data["queue"]
    head = queue[0] if queue else None
    if dropped and head and head["type"] == "qty" and head["sku"] not in dropped \
            and len(queue) == 1 and not any(line["sku"] in dropped for line in turn.data["cart"]):
        head["also"] = dropped


def back_from_handoff(conv: dict, ctx: Context, by: str) -> Result:
    """A person (or the clock) ends the handoff: the conversation goes back to the step it
    was at, cart and details kept, and the customer is asked that step's question again
    (the summary again when they were confirming). The replies go to the customer."""
    turn = Turn(conv, Event(), ctx)
    turn.now = ctx.now or datetime.now().astimezone()
    if turn.state != "handoff":
        return turn.result()
    leave_handoff(turn, by=by)
    resume_step(turn)
    return turn.result()


def _cart_expired(turn: Turn, now: datetime) -> bool:
    """A basket untouched for the cooperative's ``cart_hours`` (24 by default) is not merged
    into a new order unasked: keep it? The message waits for the answer."""
    touched = turn.data.get("touched")
    if not (turn.data["cart"] and touched) or turn.state in ("keep_cart", "confirm_cancel"):
        return False
    hours = float(turn.ctx.coop.get("settings", {}).get("cart_hours") or 24)
    try:
        age = now - datetime.fromisoformat(touched)
    except (TypeError, ValueError):
        return False
    if age <= timedelta(hours=hours):
        return False
    event = turn.event
    turn.data["held"] = {"text": event.text or "", "location": event.location,
                         "media": event.media, "state": turn.state}
    turn.data["queue"] = []
    if event.text and LETTERS.search(event.text):
        turn.lang = i18n.supported(nlu.parse(event.text, turn.ctx.index).lang) \
            if nlu.lang_is_cued(event.text) else turn.lang
    turn.state = "keep_cart"
    lines = "\n".join(turn.line_text(line["sku"], line["qty"]) for line in turn.data["cart"]
                      if turn.product(line["sku"]))
    turn.say("keep_cart", lines=lines)
    return True


_DAY_ONLY_INTENTS = ("unknown", "thanks", "delivery", "greet", "order", "confirm")


def _delivery_day(turn: Turn, text: str) -> bool:
    """"nhar jem3a", "ghedda", "vendredi svp", "on friday" said with an order or along its
    details: kept in the order's details as ``when`` (the summary shows it, the cooperative
    sees it with the order); never a name nor a count. At a details question the words are
    read without it ("Sara, nhar jem3a": the name Sara). True when the message was only
    the day: said back, and the step asked again. Not in a question about opening hours,
    nor with nothing ordered yet."""
    found = nlu_details.delivery_day(text)
    p = turn.p
    if not found or (p.topic == "hours" and p.question and not has_order_content(p)) \
            or turn.state in ("keep_cart", "confirm_cancel", "offer_saved"):
        return False
    if not (turn.data["cart"] or turn.data["queue"] or has_order_content(p)):
        return False
    said, rest, _ = found
    if not _said_for_the_delivery(text, said):
        return False                # "I'm moving there tomorrow": no day for the parcel
    turn.data["details"]["when"] = said
    if p.question:
        return False                # "vous livrez vendredi ?": noted, and answered
    rest_p = nlu.parse(rest, turn.ctx.index) if rest else None
    if rest_p is not None and (has_order_content(rest_p) or rest_p.number is not None
                               or counts_said(turn, rest)    # "3tini 3 kilo, nhar sebt"
                               or rest_p.city or rest_p.intent not in _DAY_ONLY_INTENTS
                               or (rest_p.intent == "confirm" and turn.state == "confirm")
                               or nlu_details.extract(rest).name
                               or nlu_details.extract(rest).address
                               or nlu_details.bare_name(rest)):
        # "Karim, nhar jem3a" at "your name?": Karim (the day was the address); "… zanqa 12
        # raqm 7, nhar jem3a" with the order: the day is no part of the address either
        turn.event = dataclasses.replace(turn.event, text=rest)
        if not has_order_content(p):
            turn.parse = rest_p
        return False
    turn.say("delivery_day_noted", day=said)
    if turn.data["queue"]:
        ask_queue_head(turn)
    elif turn.state == "confirm" or turn.state in DETAIL_STATES or turn.data["details"].get(
            "name") or turn.data.get("details_offered"):
        next_detail(turn)
    else:
        turn.state = "ordering"
        show_cart(turn, ask_more=True)
    return True


_DELIVERY_WORDS = frozenset(nlu.lexicon.LEXICON.not_quantity.get("day_delivery_words", ()))


def _said_for_the_delivery(text: str, said: str) -> bool:
    """Is the day said in a part of its own ("Karim, nhar jem3a", "vendredi svp", "oui,
    vendredi"), after "for" or a bound ("… 5 harcha pour demain matin", "qbel jem3a"), or
    beside a delivery word ("delivery on friday", "vous livrez demain ?")? Not
    in a sentence about something else ("I'm moving there tomorrow", "I'm in Rabat until
    Friday": no day asked for the parcel)."""
    for part in FRAGMENTS.split(text):
        day = nlu_details.delivery_day(part or "")
        if not day or day[0] != said:
            continue
        rest, bound = day[1], day[2]
        tokens = nlu.textnorm.tokens(rest)
        cues = nlu.intents.cue_scores(tokens)
        return (bound or not tokens or nlu_details.only_fillers(rest)
                or bool(cues.get("delivery"))
                or bool(nlu_details.extract(rest).address)     # "rue 5 le vendredi"
                or any(nlu.textnorm.lookup_key(t) in _DELIVERY_WORDS for t in tokens)
                or (len(tokens) <= 2 and bool(cues) and set(cues) <= {"confirm", "thanks"}))
    return False


_MIND_KINDS = ("changed_mind", "take_it", "resume")   # (not "khliha": "safi khliha" lets it go)


def _changes_mind(turn: Turn, cleared: dict) -> bool:
    """"la, annuli" at the summary — "sme7 li, bghito", "non attends je le veux", "wait, I
    still want it": the basket the cancel just emptied comes back with its details, and the
    summary (or the basket) is shown again; it was "what would you like?", the order lost.
    Only right after the cancel, with nothing else ordered or asked."""
    p, text = turn.p, turn.event.text or ""
    mind = nlu_details.says(text, "changed_mind")     # ("bddelt rayi" is no product, "mazal
    if turn.state != "start" or turn.data["cart"] or turn.data["queue"] or p.intent == "human" \
            or p.items or p.ambiguous or p.removed or (p.unknown_products and not mind):
        return False                                  # bghito" no "is it there yet?")
    if p.intent == "cancel" and not (mind and nlu.parse(   # "I changed my mind" is a cancel
            nlu_details.after_last(text, "changed_mind") or "", turn.ctx.index).intent
            != "cancel"):                      # cue of its own; "never mind, go ahead": the
        return False                           # change of mind said last
    if not mind and (p.intent in ("cancel", "status", "catalog", "price", "delivery", "help")
                     or not any(nlu_details.says(text, kind) for kind in _MIND_KINDS)):
        return False
    if cleared.get("order_id"):     # the order placed, just cancelled: made again, as it was
        order = turn.ctx.latest_order() or {}
        if order.get("id") != cleared["order_id"] or order.get("status") != "cancelled":
            return False
        order_again(turn)
        if not turn.data["cart"]:
            return False
        turn.say("cart_kept")
        next_detail(turn)
        return True
    cart = [line for line in cleared.get("cart") or [] if turn.product(line["sku"])]
    if not cart:
        return False
    turn.data.update({"cart": cart, "details": dict(cleared.get("details") or {})})
    turn.say("cart_kept")
    if cleared.get("state") == "confirm" and not missing_details(turn):
        summary(turn)
    else:
        turn.state = "ordering"
        show_cart(turn, ask_more=True)
    return True


def _goes_on_with_the_cart(turn: Turn) -> bool:
    """An answer to "keep your earlier cart?" that goes on with it: more said as more ("and 1
    turmeric too", "add 2 pollen"), or the delivery details ("Mona Saadi, Casablanca,
    Bourgogne rue 7"). It was asked again and the message dropped: a line or the details
    lost, or nothing ordered at all."""
    p, text, found = turn.p, turn.event.text, turn.found
    if p.intent in INTERRUPTING and p.intent != "status":
        return False
    if has_order_content(p):
        return p.intent != "status" and (
            nlu_details.says(text, "also") or nlu_details.says(text, "more")
            or nlu_details.starts_with_and(text))
    return bool(found and found.address and (found.name or found.city))


def _on_keep_cart(turn: Turn) -> bool:
    """Yes: the old basket stays; no: it goes. Then the message that came with the question
    (a greeting or "let's finish my order" asks nothing more: the step it was left at)."""
    p = turn.p
    goes_on = _goes_on_with_the_cart(turn)
    if not goes_on and (p.intent not in ("confirm", "deny") or has_order_content(p)):
        turn.used = False
        turn.say("keep_cart_prompt")
        return True
    held = turn.data.pop("held", None) or {}
    if goes_on:                                  # kept, and this message read in its place
        held = {"text": turn.event.text, "state": held.get("state")}
        turn.state = "ordering"
        turn.say("cart_kept")
    elif p.intent == "confirm":
        turn.state = "ordering"
        turn.say("cart_kept")
        turn.back = True        # "salam bghit 2 amlou" held: the two kept, said again
    else:
        turn.data.update({"cart": [], "queue": [], "details": {}})
        turn.state = "start"
        turn.say("cart_dropped")
    text = (held.get("text") or "").strip()
    if held.get("location"):
        turn.event = Event(location=held["location"])
        on_location(turn)
    elif text and not _asks_nothing_more(turn, text):
        if goes_on and held.get("state") in DETAIL_STATES + ("confirm",):
            turn.state = held["state"]          # the details asked for, given
        turn.event = Event(text=text)
        turn.parse = nlu.parse(text, turn.ctx.index)
        read_volunteered(turn, text)
        _dispatch(turn)
    elif turn.data["cart"] and (held.get("state") in DETAIL_STATES + ("confirm",) or (
            turn.data["details"] and not missing_details(turn))):
        next_detail(turn)       # "iyeh" to the summary a day later: kept, the summary again
        #                         (or after "maybe later" at it: the details all given)
    elif turn.data["cart"]:     # (never placed unseen), or the detail that was asked
        show_cart(turn, ask_more=True)
    else:
        turn.say("ask_what")
    return True


def _asks_nothing_more(turn: Turn, text: str) -> bool:
    """A message held for "keep your earlier cart?" that, the cart kept, asks nothing of its
    own: a greeting, a yes, thanks, or, with no product in it, "let's finish my order" or
    "where is my order?" with no order placed (the basket is that order: "You have no order
    with us yet" was all the answer, and the step it was left at was not asked again)."""
    p = nlu.parse(text, turn.ctx.index)
    if p.intent in ("greet", "confirm", "thanks"):
        return True
    return bool(turn.data["cart"]) and not has_order_content(p) and (
        nlu_details.says(text, "resume")
        or (p.intent == "status" and turn.ctx.latest_order() is None))


_MEASURE_KINDS = frozenset({"num", "frac", "unit", "container"})


def _orders_a_measure(text: str) -> bool:
    """"ok 3tini kilo", "wakha jib lia jouj": an order word with a measure or a count."""
    return bool(nlu.intents.cue_scores(nlu.textnorm.tokens(text)).get("order")) \
        and _measure_said(text)


def _measure_said(text: str) -> bool:
    """Does ``text`` say a measure, a count or a container ("kilo", "jouj", "9er3a")?"""
    return any(span.kind in _MEASURE_KINDS
               for span in nlu.grammar.tag_tokens(nlu.textnorm.tokens(text)))


#: The checks that can change something only in some states: each one's own test of
#: ``turn.state`` comes before anything it changes, so in any other state it is not called
#: at all (a message runs the checks that can fire where the conversation is, not all of
#: them). ``tests/test_dispatch_table.py`` holds each entry to its check's own state test,
#: and the replies with the table to those without it.
_ONLY_IN: dict[Callable[..., Any], frozenset[str]] = {
    check: frozenset(states) for check, states in (
        (changes_the_placed_order, ("start",)),
        (named_in_list, ("start", "ordering")),
        (read_in_context, ("start", "ordering")),
        (size_said_alone, ("start", "ordering", "confirm")),
        (kind_in_context, ("ordering",)),
        (question_taken_back, ("ordering",)),
        (kind_of_a_line, ("ordering",)),
        (kind_refined, ("ordering",)),
        (all_one_size, ("ordering", "confirm")),
        (line_by_its_size, ("ordering", "confirm")),
        (size_change, ("ordering", "confirm")),
        (kind_by_price, ("ordering", "confirm")),
        (sizes_swapped, ("ordering", "confirm")),
        (size_taken_back, ("ordering", "confirm")),
        (measure_taken_off, ("ordering", "confirm")),
        (taken_off_by_its_size, ("ordering", "confirm")),
        (basket_words, ("ordering", "confirm")),
        (city_taken_back, ("confirm",)),
        (colour_added, ("ordering", "confirm")),
        (relative_count, ("ordering", "confirm")),
        (doubled, ("ordering", "confirm")),
        (same_again, ("ordering",)),
    )}
#: False runs every check in every state (the tests compare the replies both ways).
_GUARDED = True


def _can(check: Callable[..., Any], turn: Turn) -> bool:
    """Can ``check`` fire in the state the conversation is in now?"""
    return turn.state in _ONLY_IN[check] or not _GUARDED


def _dispatch(turn: Turn) -> None:
    p = turn.p
    page = turn.data.pop("catalog_page", None)          # "more" answers only the last page
    just_picked = turn.data.pop("picked_among", None)   # "the other one" answers only the pick
    #                                                     the message before made
    if just_picked and p.number is not None and not has_order_content(p) \
            and p.intent in ("order", "unknown") and not p.question:
        turn.data["picked_among"] = just_picked     # or, past its count ("2"), the one after
    priced = turn.data.pop("priced_aside", None)    # the sizes priced with a count asked:
    #                                                 read by the message right after only
    if page and is_more_word(turn.event.text):
        return catalog(turn, page=page)
    if "size_or_both" in turn.data and on_size_or_both(turn):
        return                    # "the 500 g instead of the 1 kg, or both?" answered
    if turn.data["queue"] and turn.data["queue"][0].get("guess") and guess_denied(turn):
        return                    # "3tini 2 amou" — "did you mean Amlou?" — "la"
    state = turn.state
    same_for_another(turn)        # "1 honey for me and the same for my sister": two
    p = turn.p
    if _can(changes_the_placed_order, turn) and changes_the_placed_order(turn):
        return          # "actually cancel the honey only", "change the address" once placed
    if by_amount(turn):                 # "3tini b 300 dh dyal 3sel": the count that spends it
        return
    count_kept(turn)                    # "i want 2 jars" — "thyme": two of it
    p = turn.p
    if _can(named_in_list, turn):
        named_in_list(turn)       # "rose please" after the black soaps: the rose soap
    if _can(read_in_context, turn):
        read_in_context(turn)     # "ghalya… 3tini ghir wa7ed dyal 1 gram": an order, not haggling
    if _can(size_said_alone, turn):
        size_said_alone(turn)     # "ok 3tini 250" after the 250 g's price: that size
    if only_others_named(turn):   # "which dates?" — "la bghit ghir kilo louz": no dates
        return show_cart(turn)
    if state in ("ordering", "confirm") and keep_only(turn):    # "khlli ghir amlou"
        return summary(turn) if turn.state == "confirm" else show_cart(turn)
    if state in DETAIL_STATES and count_correction(turn) and corrected_quantity(turn):
        return apply_order(turn)     # "la, bghit wa7ed machi jouj" asked for a name: no name
    if _can(kind_in_context, turn):
        kind_in_context(turn)      # "bghit amlou" — "sans sucre": the amlou's kind
    count_for_the_alternative(turn)   # "2 pepper cheeses" out of stock — "the herb ones"
    if _can(question_taken_back, turn):
        question_taken_back(turn)  # "how many fresh?" — "no, the aged one"
    if _can(kind_of_a_line, turn):
        kind_of_a_line(turn)       # "actually the sugar free one": of the fig jams
    if _can(kind_refined, turn) and kind_refined(turn):
        return show_cart(turn)       # "بالزعتر" after the nature one: that kind instead
    if _can(all_one_size, turn) and all_one_size(turn):   # "no wait, both 1L": each line of
        return summary(turn) if turn.state == "confirm" else show_cart(turn)   # it, that size
    if _can(line_by_its_size, turn) and (not _GUARDED or counts_said(turn, turn.event.text)) \
            and line_by_its_size(turn):   # "khlli ghir wa7ed dyal 1L": that line's count
        #                                   (it keeps only a count the message writes)
        return summary(turn) if turn.state == "confirm" else show_cart(turn)
    if _can(kind_by_price, turn) and kind_by_price(turn):
        #                           "la, bdlha b rkhisa": the cheaper kind, not the small size
        if turn.data["queue"]:
            return ask_queue_head(turn)         # "and the dearer ones too": which of them?
        return summary(turn) if turn.state == "confirm" else show_cart(turn, ask_more=True)
    if (_can(sizes_swapped, turn) and sizes_swapped(turn)) \
            or (_can(size_taken_back, turn) and size_taken_back(turn)):
        #                           "swap the large for 2 small", "not the 500g, the 1kg":
        return summary(turn) if turn.state == "confirm" else show_cart(turn)   # resized
    if _can(size_change, turn) and size_change(turn):
        #                           "la, bghit jouj dyal 5 litre": not "no, nothing more"
        return summary(turn) if turn.state == "confirm" else show_cart(turn)
    if _can(measure_taken_off, turn) and measure_taken_off(turn):
        #                           "n9s nss kilo" off the 1 kg: the 500 g
        return summary(turn) if turn.state == "confirm" else show_cart(turn)
    if _can(taken_off_by_its_size, turn) and taken_off_by_its_size(turn):
        #                           "7ayed wa7ed mn 250": one off the 250 ml line
        return summary(turn) if turn.state == "confirm" else show_cart(turn)
    if _can(basket_words, turn):
        basket_words(turn)         # "remove the orange blossom": the orange blossom water
    if option_asked_about(turn):    # "w lkbira?" after the prices of "which one?"
        return
    if _can(city_taken_back, turn) and city_taken_back(turn):
        return                       # "deliver to Salé please, not Rabat" at the summary
    if _on_step_words(turn) or pre_sale(turn):
        return
    p = turn.p                                      # "thats all" may now read as done
    if _can(same_again, turn) and same_again(turn):   # "my sister wants the same": again (not
        return show_cart(turn, ask_more=True)   # the name "oh" at "anything else? if not…")
    if (not _GUARDED or "details_offered" in turn.data) and details_offered_answer(turn):
        return                      # (it answers only that offer, and takes the mark off)
    if _can(colour_added, turn) and colour_added(turn):   # "et un vert aussi": the green one
        return summary(turn) if turn.state == "confirm" else show_cart(turn, ask_more=True)
    relative = relative_count(turn) if _can(relative_count, turn) else None
    relative = relative or (doubled(turn) if _can(doubled, turn) else None)
    if relative and relative["sku"] is None:    # "zid wa7ed" at a summary of two lines
        turn.data["queue"].insert(0, {"type": "choice", "quantity": None, "delta":
                                      relative["delta"], "candidates":
                                      [line["sku"] for line in turn.data["cart"]]})
        return ask_queue_head(turn)
    if relative and not relative["qty"]:        # "one less candle" of the one candle
        remove_line(turn, relative["sku"])
        turn.say("removed", products=turn.label(relative["sku"]))
        if turn.state == "confirm" and turn.data["cart"]:
            return summary(turn)
        turn.state = "ordering"
        return show_cart(turn, ask_more=True)
    if relative:                                # "one less", "actually 2 more", "double it"
        turn.data["pending_set"] = relative
        turn.parse = dataclasses.replace(p, items=(), set_quantity=False)
        turn.to_summary = turn.state == "confirm"   # at the summary: the new one (the basket
        return apply_order(turn)                    # and "reply ok", one more message)
    if _field_to_change(turn):
        return
    handler = _STATE_HANDLERS.get(state)
    if handler and handler(turn):
        return
    read = details_at_question(turn)      # "Karim casa sidi maarouf 12" at "how many?"
    placed, beside = read == "placed", read == "beside"
    if (beside or ((turn.volunteered or placed) and not has_order_content(p))) \
            and p.intent not in INTERRUPTING:
        queue = turn.data["queue"]
        if queue and all(q["type"] == "qty" for q in queue) and (
                beside or turn.f.address or placed
                or all(q.get("said") for q in queue)):     # (its count said: offered back)
            for q in queue:        # "how many?" answered with the details: one, in words
                assert q["type"] == "qty"
                # (the count said with the question, offered back: that many — "do you
                # have ghassoul? 3 please" — "Shall I add it?" — the details put one)
                set_line(turn, q["sku"], q.get("said") or 1, add=True)
                if not q.get("said"):
                    turn.say("qty_assumed_one", product=turn.label(q["sku"]))
            turn.data["queue"] = []
            missing = [] if beside else missing_details(turn)   # (beside: kept already)
            if missing:            # the rest of the message ("محمد أمين، طنجة") answers them
                turn.state = f"ask_{missing[0]}"
                if on_details(turn):
                    return
                turn.state = "ordering"
            checkout_now(turn)
        elif queue and (not drop_asked_twice(turn) or turn.data["queue"]):
            details_noted(turn)                 # "Karim, casa, hay nour 12" at "which one?"
            if not _answered_beside(turn):
                ask_queue_head(turn)            # (or the next one, after one asked twice)
        elif turn.data["cart"]:
            next_detail(turn)                   # "smiti Salma, hay riad…": on to checkout
        else:
            turn.say("ask_what")
        return
    if turn.data["queue"] and p.intent == "human" and not names_a_place(turn):
        return handoff(turn)         # "bghit nhder m3a chi wa7ed" at "which one?": not "1"
    if each_of_choice(turn):
        return                       # "which black soap?" — "one of each"
    if turn.data["queue"] and state == "ordering" and not _size_answers_question(turn) \
            and size_switch(turn):
        # "ch7al lkbir?" (how many of it?) — "bdlo b dak lkbir": the offer is taken by the
        # swap, not asked again with the 1 kg in the basket already
        turn.data["queue"] = [q for q in turn.data["queue"] if not (
            q.get("soft") and q["type"] == "qty" and cart_qty(turn, q["sku"]))]
        if not turn.data["queue"]:
            return show_cart(turn, ask_more=True)
        show_cart(turn, ask_more=False)   # "la bdel amlou l sghar" while the olive oil's
        return ask_queue_head(turn)       # "which one?" is open: both kept (it added one)
    if option_priced_by_size(turn):
        return                            # "ch7al kaydir l 500?" at "which honey?"
    if turn.data["queue"] and swap_for_the_open_question(turn):
        return apply_order(turn)          # "bdlha b amlou" at "which saffron?"
    if the_other_one(turn, just_picked):   # "la machi hadak, lakhor" after one of two
        if turn.data["queue"]:
            return ask_queue_head(turn)
        return show_cart(turn, ask_more=True)
    if turn.data["queue"] and p.intent == "order" and asks_about(turn):
        return ask_queue_head(turn)  # "which dates?" — "chno l fer9 bin lmjhoul w boufgous?":
        #                              the options again with their prices, none ordered
    if priced and turn.data["queue"] and count_for_the_priced(turn, priced):
        return                       # "how many harissa?" — "ch7al l7enna?" — "wa7ed sghir"
    if turn.data["queue"] and sizes_of_a_line_at_a_count(turn):
        show_cart(turn, ask_more=False)  # "how many belts?" — "la wa7da 38 w wa7da 40": the
        return ask_queue_head(turn)      # pairs split in two sizes, the belts still asked
    if turn.data["queue"] and counts_for_the_questions(turn):
        return ask_queue_head(turn) if turn.data["queue"] else show_cart(turn, ask_more=True)
    if turn.data["queue"] and count_answer_then_more(turn):
        return apply_order(turn)     # "how many ghassoul?" — "jouj, w zid 3 sabon beldi"
    if turn.data["queue"] and answer_queue(turn):
        return
    if turn.data.get("last_list") and not turn.data["queue"] and picks_from_list(turn):
        return                      # "2 of number 1 and 1 of number 11" after the catalog
    intent = p.intent
    if yes_to_the_last_line(turn):
        return start_checkout(turn)             # "oui le coffret" once it is in: that one
    if takes_the_one_shown(turn):
        return show_cart(turn, ask_more=True)    # "maybe later" — "ok I want it now"
    if p.cart_cue and turn.data["cart"] and not has_order_content(p) and intent in (
            "catalog", "unknown", "order", "price") and not (
            intent == "order" and p.number is not None and not p.question):  # "how much in total?"
        #                                       (not "make that 2 in total": a count)
        return show_cart(turn, ask_more=True)       # "chno kayn f lpanier?"
    if intent == "human" and names_a_place(turn):
        intent = "order" if has_order_content(p) else "unknown"   # "raqm 3", "derb 3ayto"
    if intent == "human":
        return handoff(turn)
    if reorder(turn):                       # "nfs lcommande li fatt", "same as last time"
        return
    if intent == "cancel" and turn.data["cart"] and nlu_details.says(turn.event.text, "swap") \
            and (size_switch(turn) or colour_switch(turn)):
        return show_cart(turn, ask_more=True)   # "I changed my mind, I want the 1kg instead"
    if about_the_placed_order(turn):        # "je me suis trompé, 2 ghassoul" once it is
        return                              # placed: cancel it? ("zid …": a new order, said)
    if intent == "cancel" or takes_back_the_order(turn):
        return cancel(turn)          # "annuler lamlou" once it is ordered: that order
    if intent == "status":
        return status(turn)
    if intent == "price" and price_then_order(turn):
        return apply_order(turn)                # "how much is X? I want 2 of them and 1 Y"
    if intent == "price":
        return price(turn)
    if intent == "delivery":
        return delivery(turn)
    if sizes_in_context(turn):
        return apply_order(turn)                # "2 large ones and a medium"
    if intent in ("order", "deny", "unknown", "confirm") and (
            size_switch(turn) or colour_switch(turn) or each_quantity(turn)):
        return show_cart(turn, ask_more=True)
    if intent in ("order", "deny", "unknown", "confirm") and corrected_quantity(turn):
        return apply_order(turn)                # "la, bghit jouj machi wa7da"
    if intent == "deny" and _measure_said(turn.event.text) and measure_of_last_line(turn):
        return apply_order(turn)                # "la, ghir kilo" after "2 × … 1kg"
    if intent in ("order", "deny", "unknown", "confirm") and count_then_more(turn):
        return apply_order(turn)                # "make it 2 and add 1 kg of figs"
    if intent in ("order", "unknown") and removal_then_more(turn):
        return apply_order(turn)                # "7aydhom w 3tini pack"
    picked = (size_in_list(turn) or colour_in_list(turn)   # "alors le 1kg", "un vert"
              ) if not _GUARDED or turn.data.get("last_list") else None  # (of that list)
    if picked and not has_order_content(p) and intent in ("order", "unknown", "confirm"):
        count_with_size(turn, picked)          # "two of the 30ml": two, not "how many?"
        return pick_from_list(turn, picked)     # "alors le pot de 1kg" after the other sizes
    coloured = [] if picked or has_order_content(p) or not turn.data.get("last_list") \
        or intent not in ("order", "unknown", "confirm") else colour_of_list(turn)
    if coloured:                                # "ok red then": which of the red ones?
        turn.data["queue"] = [{"type": "choice", "candidates": coloured,
                               "quantity": int(p.number) if p.number and 0 < p.number <= MAX_QTY
                               else None}]
        return ask_queue_head(turn)
    bare_number = (p.number is not None and not has_order_content(p) and not p.set_quantity
                   and intent in ("order", "unknown"))
    if p.designators and intent in ("order", "unknown") and other_size_asked(turn):
        return                      # "2 of size 54" after the 52: instead of it, or both?
    size_alone = (p.number is None and size_word_pick(p) and not has_order_content(p)
                  and not turn.data["queue"] and intent in ("order", "unknown", "confirm"))
    if (bare_number or size_alone) and turn.data.get("last_list"):
        family = context_family(turn) if size_word_pick(p) else []
        if not family and p.size_hint in nlu.PRICE_RANKS:   # "the cheapest one" after the
            family = [s for s in turn.data["last_list"] if turn.product(s)]   # dates' prices
        if family:                               # "the big one": by its size, not the 1st
            return _pick_by_size_word(turn, family)   # ("le petit" after "vous avez du
                                                      # poulpe ?": the welcome before)
    if bare_number and turn.data.get("last_list"):
        if p.number is not None and nlu_details.says(turn.event.text, "of_them"):
            return _count_of_the_list(turn, int(p.number))   # "2 of those": not the 2nd
        return pick_from_list(turn, p.number)
    if p.ordinal is not None and turn.data.get("last_list") and not has_order_content(p):
        position = ordinal_position(p, len(turn.data["last_list"]))
        count = count_beside_ordinal(turn)
        if count and not turn.data.get("last_list_qty"):
            turn.data["last_list_qty"] = count           # "lowel jouj": two of the first
        return pick_from_list(turn, position or 0)       # 0: "pick one from 1 to N"
    other = _other_size_of_last(turn) if bare_number and size_word_pick(p) else None
    if other and (p.one_is_pronoun or _added(turn.event.text)
                  or nlu_details.says(turn.event.text, "more")):   # "one more of the large"
        turn.parse = dataclasses.replace(p, items=(nlu.Item(other, int(p.number or 1), "add"),),
                                         number=None)
        return apply_order(turn)                # "and a small one too" after the large one
    if other and other_size_asked(turn, nlu.Item(other, int(p.number or 1), "add")):
        return                                  # "2 small ones" after it: instead, or both?
    # "and a small one too", "and one as well" at the 2 small jars: one more (it set 1)
    more = bare_number and (nlu_details.says(turn.event.text, "more") or (
        nlu_details.starts_with_and(turn.event.text)
        and nlu_details.says(turn.event.text, "also")))
    if bare_number and not more and p.one_is_pronoun and size_word_pick(p) \
            and _names_the_last_line(turn):
        return show_cart(turn, ask_more=True)   # "ok the small one" of the 2 small jars: no
        #                                         count, they stay 2 (it made them 1)
    if bare_number and p.number is not None and cart_qty(turn, turn.data.get("last_sku")) \
            and 0 < p.number:
        # "2" right after "1 × Huile d'argan… anything else?": that line's quantity;
        # "and 1 more", "encore un", "zid wa7ed": that many more
        sku = turn.data["last_sku"]
        qty = int(p.number) + ((cart_qty(turn, sku) or 0) if more else 0)
        turn.data["pending_set"] = {"sku": sku, "qty": qty}
        return apply_order(turn)
    if intent in ("order", "unknown") and part_resized(turn):
        return summary(turn) if turn.state == "confirm" else show_cart(turn, ask_more=True)
    if intent in ("order", "unknown") and measure_of_last_line(turn):
        return apply_order(turn)                # "3tini jouj kilo" after "1 × … kilo"
    if intent in ("order", "unknown", "confirm") and other_size_asked(turn):
        return                                  # "bghit 500g", "ok 1 de 500g" after it:
        #                                         instead, or both?
    if intent == "catalog" and (p.items or p.ambiguous):
        return available(turn)
    if intent == "order" and asks_about(turn):
        return available(turn)                  # "is the nature one bigger?": no order
    if intent == "order" or (has_order_content(p) and intent not in ("catalog", "help")):
        if has_order_content(p) or set_last_quantity(turn):
            return apply_order(turn)
        if p.number is not None:                 # a bare number with nothing to answer
            return _not_understood(turn)
        if turn.data["cart"] and not turn.data["queue"] \
                and counts_said(turn, turn.event.text):
            # "je prends 3 et 2 de 1L" unread at the 5 L can: not understood, not on to the
            # checkout (the counts and the 1 L bottles were lost)
            return _not_understood(turn)
        if turn.data["cart"] and not turn.data["queue"]:
            return start_checkout(turn)
        if turn.data["queue"]:
            return ask_queue_head(turn)     # "bghit nkml" with "which one?" open: asked again
        turn.say("ask_what")
        return
    if intent == "catalog":
        return catalog(turn)
    if intent == "help":
        turn.say("help")
        return
    if intent == "thanks":
        turn.say("thanks")
        return
    if intent == "greet":
        if turn.data["cart"]:
            turn.say("greet_back")
            show_cart(turn)
            return
        turn.say("welcome")
        return
    if intent in ("confirm", "deny") and turn.data["queue"]:
        if reask_or_drop(turn):                 # "safi" / "c'est tout" with a question open
            return
    if intent in ("confirm", "deny") and turn.data["cart"]:
        return start_checkout(turn)
    listed = context_family(turn) if intent == "confirm" and not turn.data["cart"] else []
    if len(listed) > 1:
        # "vous avez du poulpe ?" (its sizes listed) — "ok": which one, not "what would
        # you like?" (the list was left behind, and "le petit" next got the welcome)
        turn.data["queue"] = [{"type": "choice", "candidates": listed, "quantity": None}]
        return ask_queue_head(turn)
    if intent in ("confirm", "deny"):
        turn.say("ask_what")
        return
    if p.number is not None and turn.data.get("last_list"):
        return pick_from_list(turn, p.number)
    if turn.data["cart"] and not turn.data["queue"] and p.city and not has_order_content(p):
        set_city(turn, p.city, quiet=True)     # "casa" after "anything else?": on to delivery
        return start_checkout(turn)
    _not_understood(turn)



def _added(text: str) -> bool:
    """"and 2 small ones", "a small one too": said as more, not as a change."""
    spans = nlu.grammar.tag_tokens(nlu.textnorm.tokens(text))
    return bool(spans) and spans[0].kind == "conj" or nlu_details.says(text, "also")


def _names_the_last_line(turn: Turn) -> bool:
    """Does the size word of the message ("the small one") pick, among the sizes of the
    product of the line just put in, that very line?"""
    p, last = turn.p, turn.data.get("last_sku")
    if not last or not cart_qty(turn, last):
        return False
    group = product_group(turn, last)
    sizes = [r["sku"] for r in turn.ctx.products if product_group(turn, r["sku"]) == group]
    return len(sizes) > 1 and by_size_word(turn, sizes, p.size_hint, p.containers) == last


def _other_size_of_last(turn: Turn) -> str | None:
    """"I want a large blue tagine" — "and a small one too": the other size of the line just
    put in that the size word says (it set the large one's count to one and the small one
    was lost), if one in stock."""
    p, last = turn.p, turn.data.get("last_sku")
    if not last or not cart_qty(turn, last) or p.number is None or not 0 < p.number <= MAX_QTY:
        return None
    group = product_group(turn, last)
    sizes = [r["sku"] for r in turn.ctx.products if product_group(turn, r["sku"]) == group]
    sized = by_size_word(turn, sizes, p.size_hint, p.containers)
    if not sized or sized == last or not turn.item(sized)["in_stock"]:
        return None
    return sized


def _pick_by_size_word(turn: Turn, family: list[str]) -> None:
    """"the big one", "le petit" after a list of one product's sizes: that size."""
    p = turn.p
    sku = by_size_word(turn, family, p.size_hint, p.containers)
    ranked = price_ranked(turn, family, p.size_hint)[0] \
        if sku is None and p.size_hint in nlu.PRICE_RANKS else []
    if len(ranked) > 1:                 # "the cheapest one": the kind's sizes, or the kind
        turn.data["queue"] = [{"type": "choice", "candidates": ranked, "quantity": None}]
        return ask_queue_head(turn)     # cheapest by the kilo and the cheapest tag: which?
    if sku is None or sku not in turn.data["last_list"]:
        return pick_from_list(turn, 0)   # two of that size: "pick one from 1 to N"
    at = turn.data["last_list"].index(sku) + 1
    count_with_size(turn, at)           # "the big one, 2 please": two of it
    return pick_from_list(turn, at)

def _on_confirm_cancel(turn: Turn) -> bool:
    """Cancel the order? Yes or no, then the message held with the question ("je me suis
    trompé, je voulais 2 ghassoul" right after the order: its products, a new basket)."""
    held = turn.data.pop("held", None) or {}
    if not on_confirm_cancel(turn):
        return False
    text = (held.get("text") or "").strip()
    if held.get("redo"):                # "cancel the honey only", "change the address"
        if any(isinstance(a, CancelOrder) for a in turn.actions):
            turn.data.pop("cleared", None)
            order_again(turn)
            turn.event = Event(text=text)
            turn.parse = nlu.parse(text, turn.ctx.index)
            turn.replayed = True
            read_volunteered(turn, text)
            _dispatch(turn)
            if turn.state != "confirm" or not turn.data.get("shown"):
                summary(turn)
            return True
        if not held.get("or_new"):
            return True
    if text:
        turn.event = Event(text=text)
        turn.parse = nlu.parse(text, turn.ctx.index)
        turn.replayed = True
        read_volunteered(turn, text)
        _dispatch(turn)
    return True


def _answered_beside(turn: Turn) -> bool:
    """Details volunteered at an open question with what is left of the message saying a
    count, a size or a position ("2 dyal 250, smiti Karim men tanger" at "which amlou?"):
    the details kept (and said), that part is read as a message of its own, the answer it
    is (it was dropped, the list asked again)."""
    p, rest = turn.p, turn.order_text
    if not (turn.volunteered and rest and rest != turn.event.text
            and (p.ordinal is not None or p.size_hint is not None or _measure_said(rest))):
        return False
    turn.event = dataclasses.replace(turn.event, text=rest)
    turn.parse = nlu.parse(rest, turn.ctx.index)
    turn.found = nlu_details.extract(rest)
    turn.volunteered = False
    _dispatch(turn)
    return True


def _size_answers_question(turn: Turn) -> bool:
    """"la petite" at "which orange blossom water? 1. 100ml 2. 250ml": a size word alone
    (French "la" is "the", Darija's "no") answers the open "which one?" when it picks one of
    its options; it resizes no line of the basket ("la bdel amlou l sghar" names one)."""
    p, head = turn.p, turn.data["queue"][0]
    return (head["type"] == "choice" and size_word_pick(p) and not has_order_content(p)
            and not nlu_details.says(turn.event.text, "swap")
            and by_size_word(turn, list(head["candidates"]), p.size_hint, p.containers)
            is not None)


def _field_to_change(turn: Turn) -> bool:
    """"no" at the summary — "what would you like to change?" — "the address", "lmdina", "le
    nom": that detail asked again, then the summary (it was "sorry, I did not understand")."""
    p = turn.p
    if (turn.state != "ordering" or not p.field or not turn.data["cart"] or turn.data["queue"]
            or missing_details(turn) or has_order_content(p) or p.question
            or p.intent not in ("unknown", "deny") or len(turn.event.text.split()) > 6):
        return False
    found = turn.found
    if (p.field == "city" and p.city) or (found and (found.address or found.name)):
        turn.state = "confirm"        # "bdel lmdina l inezgane": the new one, then the summary
        if on_confirm(turn):
            return True
        turn.state = "ordering"
    ask_again(turn, p.field)
    return True


def _asks_a_question_of_its_own(p) -> bool:
    """"vous êtes où exactement ?" at "shall a person answer you?": a question of a known
    topic whose yes word is inside it ("exactement"), no answer to the offer; "oui, et vous
    êtes où ?" (the question a part of its own) still says yes."""
    return bool(p.topic and p.question and not p.topic_apart)


def _on_step_words(turn: Turn) -> bool:
    """Words whose meaning depends on the step: yes/no to "shall a person call you?",
    "khlliha" (keep it, never a cancel), "ok merci" / "ghadi nchouf" (later: the basket is
    kept). True when the message was used."""
    p = turn.p
    text = turn.event.text
    done = not has_order_content(p) and nlu_details.says(text, "done")
    if (p.intent == "unknown" or (p.intent in ("thanks", "catalog") and turn.data["cart"])) \
            and done:
        # "thats all"; with a basket "cest tout merci" (not a goodbye), "hadchi li kayn"
        p = turn.parse = dataclasses.replace(p, intent="confirm")   # (not the catalog)
    offered = turn.data.pop("human_offered", False)
    plain = not has_order_content(p) and not (turn.found and turn.found.address)
    if offered and plain and p.intent in ("confirm", "deny") and p.number is None \
            and not done and not _asks_a_question_of_its_own(p) \
            and not size_said(text) \
            and not _orders_a_measure(text) and not _takes_the_product_in_mind(turn):
        # (not "ok, make it 2" nor "ok 3tini kilo": a count or a measure asked for is about
        # the order, no yes; nor "ok safi bghito" after a haggle: that product; nor "that's
        # it": the order is complete, no yes to the person offered)
        if p.intent == "confirm":
            handoff(turn, reason="offer")
        else:
            turn.say("human_declined")        # the product asked about stays in mind, unasked
            kept = [q for q in turn.data["queue"] if q.get("soft")]
            turn.data["queue"] = [q for q in turn.data["queue"] if not q.get("soft")]
            resume(turn)                      # the pending step, or the way back to ordering
            turn.data["queue"] += kept
        return True
    named = turn.found and turn.found.name
    if turn.state in DETAIL_STATES and plain and not p.city and not named \
            and nlu_details.says(text, "later") and p.intent in ("thanks", "confirm", "unknown"):
        goodbye(turn)              # "je reviens plus tard" at "your city?": kept, no re-ask
        return True
    if not plain or turn.state in DETAIL_STATES + ("confirm_city", "confirm_cancel"):
        return False
    if nlu_details.says(text, "keep") and p.intent in ("cancel", "unknown", "deny") \
            and turn.data["cart"] and p.set_quantity and p.number is not None:
        # "khlliha 2", "khalliha jouj": "leave it at 2", the count of the line, no cancel
        turn.parse = dataclasses.replace(p, intent="order")
        return False
    if nlu_details.says(text, "keep") and p.intent in ("cancel", "confirm", "unknown", "deny"):
        if turn.state == "confirm":
            turn.say("confirm_prompt")           # a keep word never places an order
        elif turn.data["cart"]:
            turn.data["queue"] = [q for q in turn.data["queue"] if not q.get("soft")]
            if turn.data["queue"]:
                ask_queue_head(turn)
            else:
                start_checkout(turn)
        else:
            turn.say("ask_what")
        return True
    if (turn.state == "confirm" and p.intent == "confirm" and len(text.split()) <= 3
            and nlu_details.says(text, "yes_thanks")):
        return False                          # "ok merci" at the summary: yes, thank you
    # ("let me think... the 100ml": a hesitation before the choice, no goodbye)
    if (nlu_details.says(text, "later") and p.intent in ("thanks", "confirm", "unknown", "deny")
            and not size_said(text)) \
            or (p.intent == "confirm" and not turn.data["cart"] and thanked(text)
                and nothing_asked(turn)):
        # "ghadi nchouf", "ok merci"; "safi merci" with nothing in the basket: that's all
        if turn.state == "confirm":
            turn.state = "ordering"             # the summary is shown again before any order
        goodbye(turn)
        return True
    return False


def guess_denied(turn: Turn) -> bool:
    """"No" to "did you mean …?" (a product read from a word short of a letter): that
    product is not packed; what else, or the basket, is asked."""
    p = turn.p
    if p.intent != "deny" or has_order_content(p):
        return False
    turn.data["queue"].pop(0)
    if turn.data["queue"]:
        ask_queue_head(turn)
    elif turn.data["cart"]:
        show_cart(turn, ask_more=True)
    else:
        turn.say("ask_what")
    return True


def _takes_the_product_in_mind(turn: Turn) -> bool:
    """"ghali… n9s lia" (not understood twice: "a person? yes / no") — "ok safi bghito", "ok
    fine I'll take it", "bon je le prends": the product talked about is ordered, not a yes
    to the person (a handoff, the order stalled). A product in mind: the open "how many?" or
    "which one?", or the last one shown."""
    if turn.p.intent != "confirm" or not nlu_details.says(turn.event.text, "take_it"):
        return False
    return bool(turn.data["queue"] or turn.data.get("last_sku")
                or len(turn.data.get("last_list") or []) == 1)


def _count_of_the_list(turn: Turn, count: int) -> None:
    """"ok one of those", "2 of those please" after several products were listed: how many,
    of which still to say (it took the count for the option of that number: two jars of
    thyme honey 1 kg for "2 of those" after the honeys)."""
    options = [s for s in turn.data.get("last_list") or [] if turn.product(s)
               and turn.item(s)["in_stock"]]
    if len(options) < 2 or not 0 < count <= MAX_QTY:
        return pick_from_list(turn, count)
    turn.state = "ordering"
    turn.data["queue"].insert(0, {"type": "choice", "candidates": options, "quantity": count,
                                  "text": ""})
    ask_queue_head(turn)


def _not_understood(turn: Turn) -> None:
    turn.used = False
    if turn.state in ("start",) and not turn.data["cart"] and not turn.data.get("welcomed") \
            and not turn.data["queue"]:
        turn.data["welcomed"] = True
        turn.say("welcome")
        return
    turn.say("not_understood")
    if turn.state == "ordering" and turn.data["cart"] and not turn.data["queue"]:
        turn.data["details_offered"] = True     # "ta" — "Kate Smith": the details, still
    reprompt(turn)


_STATE_HANDLERS = {
    "confirm": on_confirm,
    "offer_saved": on_offer_saved,
    "confirm_cancel": _on_confirm_cancel,
    "keep_cart": _on_keep_cart,
    "ask_name": on_details,
    "ask_city": on_details,
    "confirm_city": on_confirm_city,
    "ask_address": on_details,
    "confirm_pin_city": on_confirm_pin_city,
}
