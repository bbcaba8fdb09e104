"""Pending questions about the cart (how many? which one?): asked, asked again or dropped,
and answered.
"""

from __future__ import annotations

import dataclasses
import re

from .. import nlu
from ..nlu import details as nlu_details
from ..nlu.lexicon import LEXICON
from ..nlu.textnorm import key_variants, lookup_key
from .asides import price
from .basket import cart_qty, family_name, product_group, remove_line, set_line
from .cart import apply_order, ask_queue_head, checkout_now, details_noted, show_cart
from .checkout import full_address, set_address, set_city, start_checkout, summary
from .choices import (
    by_colour,
    by_size_word,
    choice_answer,
    options_sized_as_said,
    recounted,
    said_option,
    size_word_pick,
    sizes_of,
)
from .model import (
    MAX_QTY,
    ChoiceQuestion,
    QtyQuestion,
    Question,
    Turn,
    asks_about,
    clean_name,
    has_order_content,
    orders,
)
from .parts import fragment_kind, fragments, numbered_place, split_cities
from .quantities import (
    corrects,
    count_beside_other_size,
    counts_said,
    qty_beside_size,
    size_said_too,
)

# --------------------------------------------------------------------------
# Pending questions: how many? which one?
# --------------------------------------------------------------------------

def reask_or_drop(turn: Turn) -> bool:
    """"That's all" while "which one?" / "how many?" is open: asked once more; the second
    time, each open question is dropped in words (never silently). True when re-asked."""
    queue = turn.data["queue"]
    if any(not q.get("soft") and not q.get("reasked") for q in queue):
        queue[0]["reasked"] = True
        for q in queue:
            q["reasked"] = True
        turn.say("queue_still_open")
        ask_queue_head(turn)
        return True
    if not turn.data["cart"] and turn.p.intent == "confirm" \
            and not nlu_details.says(turn.event.text, "done") and any(
                q["type"] == "choice" and not q.get("soft") and not q.get("yes_asked")
                for q in queue):
        # "yes" / "ok" to "which one?" asked again, with nothing else in the basket, is no
        # "none of them" ("2 kg couscous" — "that's all" — the details — "yes": the
        # couscous, all that was asked for, was dropped and nothing placed): the choice is
        # asked once more, then dropped
        for q in queue:
            if q["type"] == "choice":
                q["yes_asked"] = True
        ask_queue_head(turn)
        return True
    for q in queue:
        if not q.get("soft"):
            _settle(turn, q)
    turn.data["queue"] = []
    return False


def drop_asked_twice(turn: Turn) -> bool:
    """The customer goes on to the delivery details while a question already asked twice is
    open: each "how many?" of a product they named is settled as one, in words (never a
    third "how many?"). A "which one?" is asked once more with the details noted, since no
    product can be chosen for them ("bghit 3sel" — "safi" — "Karim, casa, …": "which
    honey?" again, it was dropped in a word), and dropped in words only when they go past
    it again. True when something was settled (only with something in the basket)."""
    queue = turn.data["queue"]
    if not turn.data["cart"] or not queue or not queue[0].get("reasked") \
            or queue[0].get("soft"):
        return False
    settled = [q for q in queue if q.get("reasked") and not q.get("soft")
               and (q["type"] == "qty" or q.get("passed"))]
    for q in queue:
        if q["type"] == "choice" and q.get("reasked") and not q.get("soft"):
            q["passed"] = True
    for q in settled:
        _settle(turn, q)
    turn.data["queue"] = [q for q in queue if not q.get("soft") and q not in settled]
    return bool(settled)


def _settle(turn: Turn, q: Question) -> None:
    """An open question the customer went past twice: "how many?" of a product they named
    is one, said in words ("kit hammam w 2 kessa" — "which black soap?" — "safi" — the
    details: the kit was dropped, asked how many once behind the other question); "which
    one?" is dropped in words."""
    if q["type"] == "qty" and turn.product(q["sku"]) and turn.item(q["sku"])["in_stock"]:
        set_line(turn, q["sku"], 1, add=True)
        turn.say("qty_assumed_one", product=turn.label(q["sku"]))
        return
    turn.say("queue_dropped", product=_asked_about(turn, q))


def _asked_about(turn: Turn, q: Question) -> str:
    """What an open question is about, as the customer named it."""
    if q["type"] == "qty":
        return turn.label(q["sku"])
    return q.get("text") or turn.label(q["candidates"][0])


def _name_while_choosing(turn: Turn) -> bool:
    """"Laila Amrani" at "which one?": the customer is on to the details; the name is kept
    for checkout (the question is asked again). A name of two words or more, none yet; one
    word once the question was asked again on the way to delivery ("safi" — "Omar"), or a
    first name everybody knows ("Nour", "hiba")."""
    text = turn.event.text
    details = turn.data["details"]
    known = nlu_details.first_name_alone(text)
    name = nlu_details.bare_name(text) or (text.strip() if known else None)
    queue = turn.data["queue"]
    words = 1 if known or (queue and queue[0].get("reasked")) else 2
    if (not name or details.get("name") or len(name.split()) < words or orders(turn, text)
            or nlu_details.city_only(text)[0]):
        return False
    details["name"] = clean_name(name) or name
    return True


def _city_while_choosing(turn: Turn) -> bool:
    """"Rabat" at "which one?": the customer is on to the details; the city is kept for
    checkout (the question is asked again). Only a city written as one of its own forms,
    none yet, and nothing else read in the message ("safi" is no Safi)."""
    text = turn.event.text
    details = turn.data["details"]
    city, exact = nlu_details.city_only(text)
    if not city or not exact or details.get("city") or turn.p.intent != "unknown" \
            or orders(turn, text):
        return False
    set_city(turn, city, quiet=True)
    return bool(details.get("city"))


def only_others_named(turn: Turn) -> bool:
    """"which dates?" — "la bghit ghir kilo louz", "non juste 1 kg d'amandes", "only the
    almonds": only the products named are wanted; the open questions about the others go
    (they were asked again and again, at the details too, until the order was lost). True
    when the message named only lines of the basket, nothing new ("غير اللوز")."""
    p, text = turn.p, turn.event.text
    queue = turn.data["queue"]
    if not queue or p.removed or p.question or not (p.items or p.ambiguous) \
            or not nlu_details.says(text, "only") or nlu_details.says(text, "more"):
        return False
    named = {i.sku for i in p.items} | {s for a in p.ambiguous for s in a.candidates}
    if any(set(asks_about(q)) & named for q in queue):
        return False
    if _only_a_count(turn):
        return False
    turn.data["queue"] = []
    in_cart = {line["sku"] for line in turn.data["cart"]}
    if p.items or not all(len(set(a.candidates) & in_cart) == 1 and a.quantity is None
                          for a in p.ambiguous):
        return False
    turn.parse = dataclasses.replace(p, items=(), ambiguous=())
    return True


def _only_a_count(turn: Turn) -> bool:
    """"mejhoul ghir kilo wa7ed", "l3sel ghir jouj", "the honey, just one": the "only" comes
    after the product, before a count: it bounds the count of that line, not the basket to
    that product (the open "which amlou?" went, the amlou lost). Nothing after the word
    names a product ("la bghit ghir kilo louz" keeps its meaning: only the almonds)."""
    tail = nlu_details.after_last(turn.event.text, "only")
    if not tail or not any(c.isalnum() for c in tail):
        return False
    rest = nlu.parse(tail, turn.ctx.index)
    return not (rest.items or rest.ambiguous or rest.unknown_products or rest.removed)


def swap_for_the_open_question(turn: Turn) -> bool:
    """"bdlha b amlou", "la machi hadi, bghit amlou", "لا ماشي هادي بغيت زيت أركان" while
    "which saffron?" / "how many saffron?" is open: the product asked about is replaced, its
    question goes (it stayed behind the new one, then was settled to one with the details:
    a parcel with both). The count said with the old product goes to the new one when the
    message says none. True when the question went (the message is then applied)."""
    p = turn.p
    queue = turn.data["queue"]
    q = queue[0]
    text = turn.event.text
    if q.get("soft") or p.removed or not (p.items or p.ambiguous) \
            or not (nlu_details.says(text, "swap") or corrects(text)) \
            or nlu_details.says(text, "also") or nlu_details.says(text, "more"):
        return False                 # "mettez-moi aussi un amlou": as well, not instead
    asked = set(q["candidates"]) if q["type"] == "choice" else {q["sku"]}
    named = {i.sku for i in p.items} | {s for a in p.ambiguous for s in a.candidates}
    if named & asked or any(cart_qty(turn, s) for s in named):
        return False                 # "la, zaatar" at "which honey?": the answer
    if any(named & set(asks_about(later)) for later in queue[1:]):
        return False                 # "which cumin?" then "how many kefta?" — "la, lkamoun
    #                                  wa7ed": the cumin asked about later, recounted; the
    #                                  kefta still wanted (it was dropped for the cumin)
    queue.pop(0)
    count = q.get("quantity") if q["type"] == "choice" else q.get("said")
    if count and len(p.items) + len(p.ambiguous) == 1:
        turn.parse = dataclasses.replace(
            p, items=tuple(dataclasses.replace(i, quantity=i.quantity or count) for i in p.items),
            ambiguous=tuple(dataclasses.replace(a, quantity=a.quantity or count)
                            for a in p.ambiguous))
    return True


def details_at_question(turn: Turn) -> str | None:
    """Delivery details written while a question is open, read once: ``"placed"`` for a city
    and a numbered place with no count of their own ("Karim casa sidi maarouf 12", "Said
    marrakech massira 3 n 15" at "how many?": the details, read by the detail steps, never
    12 or 3 of the product); ``"beside"`` for a name, a city and a district kept here
    (:func:`details_beside_question`); None for neither. The house number is checked first:
    a numbered place is the details whether or not a name comes with it."""
    if not turn.data["queue"]:
        return None
    p = turn.p
    if (not turn.volunteered and p.number is None and not has_order_content(p)
            and turn.state in ("start", "ordering") and numbered_place(turn)):
        return "placed"
    return "beside" if details_beside_question(turn) else None


def details_beside_question(turn: Turn) -> bool:
    """The delivery details written while "which one?" / "how many?" is open ("fouad casa
    oulfa", "رقية فاس", "fatima, casa, hay mohammadi zan9a 12"): the customer is on to
    checkout; what they hold (a name, one city written as one of its own forms, the district
    beside it) is kept for it. A message made only of such parts, with a city and a name
    among them, ordering nothing; the address read from a street word is already kept (read
    with the message). True when something was kept."""
    found = turn.found
    if not (found and (found.city or found.address)):
        return False                                   # (cheap first: no city, no street)
    head = turn.data["queue"][0]
    if head["type"] == "choice" and turn.p.items and all(
            i.sku in head["candidates"] for i in turn.p.items):
        return False    # "the 100ml one, it's for my mum in agadir": the size answers "which?"
    p = nlu.parse(turn.event.text, turn.ctx.index)     # as written: not "ghassoul 9", the
    if has_order_content(p) or p.intent not in ("unknown", "order"):   # count read in context
        return False
    details = turn.data["details"]
    rest = full_address(turn, found)[1] if found and found.address else turn.event.text
    parts = split_cities(fragments(rest))
    cities = [f for f in parts if nlu_details.city_only(f)[1]]
    kinds = [fragment_kind(turn, f) for f in parts if f not in cities]
    others = [f for f in parts if f not in cities]
    names = [f for f, kind in zip(others, kinds, strict=True) if kind == "name"]
    places = [f for f, kind in zip(others, kinds, strict=True) if kind == "address"]
    if any(_a_count(turn, f) for f in places):
        return False    # "2 dyal 250, smiti Karim men tanger": the answer, then the details
    volunteered = bool(turn.volunteered and found and found.address)
    if not names or len(cities) > 1 or (not cities and not volunteered) \
            or any(kind not in ("name", "address") for kind in kinds):
        return False
    if (re.search(r"\d", rest) or p.number is not None) \
            and not any(re.search(r"\d", f) for f in places):
        return False    # "2, fatima, rabat", "jouj l casa": a count ("m7amid 9 raqm 220": a house)
    if not details.get("name"):
        details["name"] = clean_name(names[0]) or names[0]
    if (len(names) > 1 or places) and not details.get("address"):
        set_address(turn, ", ".join(names[1:] + places))   # "fouad, casa, oulfa": the district
    if cities and not details.get("city"):
        set_city(turn, nlu_details.city_only(cities[0])[0] or cities[0], quiet=True)
    return True


def _a_count(turn: Turn, part: str) -> bool:
    """Is a part of a message with a figure a count or a size ("2 dyal 250", "jouj"), not a
    place: no street word, no word the lexicon does not know?"""
    return not nlu_details.has_unknown_word(part) \
        and not nlu.parse(part, turn.ctx.index).address_cue


def _list_asked_last(turn: Turn) -> bool:
    """Is the message a bare number of the sold-out list that ended the last reply, with a
    question of the queue left for after it ("how many green olives?" — "and purple olives":
    sold out, "which one? reply with the number" — "2": the 2nd, not two green olives)?"""
    listed = turn.data.pop("list_before_queue", None)
    p = turn.p
    return (listed is not None and listed == turn.data.get("last_list")
            and p.number is not None and p.number == int(p.number)
            and 1 <= p.number <= len(listed) and not has_order_content(p)
            and not p.set_quantity and p.intent in ("order", "unknown"))


def answer_queue(turn: Turn) -> bool:
    """Use the message as the answer to the first pending question, if it is one."""
    p = turn.p
    q = turn.data["queue"][0]
    if _list_asked_last(turn):
        return False        # "2" at "which one? reply with the number", the count still open
    if q["type"] == "qty" and _both_discussed(turn, q):
        return True
    if p.intent == "price" and p.question and not has_order_content(p) \
            and (p.number is None or p.one_is_pronoun) \
            and not q.get("soft") and not nlu_details.says(turn.event.text, "take_it"):
        return False        # "chhal kilo?", "how much is the big one?" at "which one?": its
        #                     price, the question stays (not one of the big one ordered)
    if q.get("soft") and q["type"] == "qty" and p.question and p.size_hint \
            and p.number == 1 and not has_order_content(p) \
            and not nlu_details.says(turn.event.text, "take_it") \
            and not nlu.intents.cue_scores(nlu.textnorm.tokens(turn.event.text)).get("order"):
        # "how much is the small rug?" (how many?) — "and the big one?": its price asked,
        # no one of it ordered (the big rug went in the basket)
        turn.parse = dataclasses.replace(p, intent="price", number=None)
        group = product_group(turn, q["sku"])
        sizes = [r["sku"] for r in turn.ctx.products if product_group(turn, r["sku"]) == group]
        sized = by_size_word(turn, sizes, p.size_hint, p.containers)
        price(turn, [sized] if sized else None)
        return True
    if q.get("soft"):
        # An offer after a price answer ("how many?"): answered, or dropped for anything else.
        counted = q.get("quantity")
        options = len(q["candidates"]) if q["type"] == "choice" else 0
        answered = choice_answer(turn, q) if q["type"] == "choice" else \
            _quantity_answer(p, q["sku"])
        if q["type"] == "choice" and answered is None and len(q["candidates"]) < options \
                and not p.ambiguous:    # (not "bghit 2 kilo": its own "which one?", counted)
            q.pop("soft")               # "the cheapest one" after the dates' prices: which
            ask_queue_head(turn)        # of those it leaves, asked plainly (it was dropped:
            return True                 # the welcome)
        offered = q["sku"] if q["type"] == "qty" else None
        picked = _size_word_pick_of(turn, q)
        if picked and picked != offered and p.one_is_pronoun:
            answered = None     # "how much is the big one?" — "ok the small one then": the
            #                     "one" is no count of the big one (the offer goes)
        said = q.get("said") if q["type"] == "qty" else None
        if answered is None and said and p.intent == "confirm" and not has_order_content(p):
            answered = said     # "3 bidons, ch7al?" — "1050 DH, shall I add them?" — "wakha"
        acknowledged = answered is None and p.intent == "confirm" and not turn.data["cart"] \
            and not has_order_content(p) and p.number is None and len(turn.data["queue"]) == 1 \
            and not _takes_it(turn)                 # ("ok I'll take it": one, below)
        if acknowledged:            # "how much is the amlou?" — "hmm ok", "wakha": the offer
            q.pop("soft")           # asked plainly (it was dropped, and "the big one" next
            if q["type"] == "choice":               # got the welcome)
                q["candidates"] = list(q["candidates"])
            ask_queue_head(turn)
            return True
        names_it = bool(picked) and picked == offered and p.number is None   # "ok dak lkbir"
        if answered is None and (_takes_it(turn) or names_it or (
                q["type"] == "choice" and (
                _wants_one(turn) or q.get("quantity") != counted   # "I want two": a count
                or (p.number is not None                    # "ok one of those": how many,
                    and nlu_details.says(turn.event.text, "of_them"))))):
            if q["type"] == "choice":   # "how much is the rose water?" (two sizes) — "ok
                q.pop("soft")           # I'll take it": which one, asked plainly
                q["candidates"] = list(q["candidates"])
                ask_queue_head(turn)
                return True
            p = turn.parse = dataclasses.replace(p, intent="order", number=1)
            answered = 1                # "how much is the rose oil?" — "ok I'll take it"
        if answered is None and q["type"] == "qty" and p.items \
                and (beside := count_beside_other_size(turn, q["sku"])):
            answered = beside[0]    # "how much is the 5 L?" — "wa7ed w jouj dyal 1L": one
            p = turn.parse = dataclasses.replace(                   # 5 L and two 1 L
                p, items=(nlu.Item(q["sku"], beside[0], "add"), beside[1]))
        if isinstance(answered, int) and q["type"] == "qty":
            swapped = _swapped_for_the_offer(turn, q, answered)
            if swapped != answered:             # the count of the line swapped in
                answered = swapped
                p = turn.parse = dataclasses.replace(p, number=swapped, items=tuple(
                    i for i in p.items if i.sku != q["sku"]) + (
                    nlu.Item(q["sku"], swapped, "add"),))
        if answered is None and p.intent == "unknown" and not has_order_content(p):
            return False        # "ghali chwiya": the product just discussed stays the context
        if answered is None and p.intent == "price" and p.number is None \
                and not has_order_content(p) and not p.unknown_products:
            return False        # "ch7al?" again: its price again, not the whole catalog
        q.pop("soft")
        if answered is None or (q["type"] == "qty" and p.intent not in ("order", "unknown")
                                and not (said and p.intent == "confirm")):
            turn.data["queue"].pop(0)
            turn.offer_dropped = [q["sku"]] if q["type"] == "qty" else [
                s for s in q["candidates"] if turn.product(s)]   # "… and the dates?": both
            return False
        if q["type"] == "choice":
            q["candidates"] = list(q["candidates"])
    if q["type"] == "qty" and p.dimensions and _other_dims_said(turn, q):
        return True         # "scratch that, the one for 6 people": that size instead
    taken = {s for r in p.removed for s in ((r.sku,) if isinstance(r, nlu.Item) else r.candidates)}
    if q["type"] == "qty" and not has_order_content(p) and (q["sku"] in taken or (
            not taken and nlu_details.has_marker(turn.event.text, "remove"))):
        # "the black belt and the brown belt" (how many black?) — "remove the black one":
        # no black belt (it was asked again, and one put in with the address)
        turn.data["queue"].pop(0)
        turn.say("removed", products=turn.label(q["sku"]))
        _after_answer(turn, dataclasses.replace(p, removed=()), consumed_items=set())
        return True
    if q["type"] == "qty" and _each_asked(turn):
        return True
    if q["type"] == "qty" and len(turn.data["queue"]) > 1 and _counts_in_turn(turn):
        return True
    if q["type"] == "qty" and _other_row_said(turn, q):
        return True
    if q["type"] == "qty" and _other_size_counted(turn, q):
        return True
    if q["type"] == "qty" and _size_of_a_later_choice(turn, q):
        return True
    if q["type"] == "qty":
        qty = _quantity_answer(p, q["sku"])
        if (qty is None or p.one_is_pronoun or len(sizes_of(turn, q["sku"])) == 1) \
                and size_word_pick(p) \
                and not has_order_content(p):             # "the medium one": which, not 1
            # ("the small one, 2 of them" at "how many paprika?", one size, with "which
            # cumin?" behind: two small cumin, not two paprika)
            family = sizes_of(turn, q["sku"])              # "la smeh lia, sghir": the
            picked = by_size_word(turn, family, p.size_hint, p.containers)   # other size
            qty = int(p.number) if p.number and 0 < p.number <= MAX_QTY else None
            if len(family) == 1 and _answers_a_later_choice(turn, qty):
                return True
            if picked is None and len(family) > 1:
                # "no sorry the medium one" when no size is that one: which, not this one
                turn.data["queue"][0] = {"type": "choice", "candidates": family, "quantity": qty}
                ask_queue_head(turn)
                return True
            if picked and picked != q["sku"] and not turn.item(picked)["in_stock"]:
                # "how many 10 g?" — "the big one", the 25 g sold out: said now, and the
                # count of the one in stock asked again (it took the 25 g, lost at "yes")
                turn.say("out_of_stock", product=turn.label(picked), alternatives="")
                turn.say("ask_qty", product=turn.label(q["sku"]))
                return True
            q["sku"] = picked or q["sku"]
            if qty is None:
                turn.say("ask_qty", product=turn.label(q["sku"]))
                return True
        if qty is None and _another_size_instead(turn, q):
            turn.data["queue"].pop(0)      # "how many 1 kg?" — "ok 1 de 500g": the 500 g
            by = q.get("picked_by")        # instead (the 1 kg went in too, at the details)
            if by and 1 < by <= MAX_QTY and len(p.items) == 1 \
                    and p.items[0].quantity in (None, 1) and not any(
                        0 < c < nlu.BARE_SIZE_MIN for c in counts_said(turn, turn.event.text)):
                # "bghit jouj" picked the second of a list of sizes, then "250" at "how
                # many 500 g?": the two were a count, of the 250 g (it made one)
                turn.parse = dataclasses.replace(p, items=(dataclasses.replace(
                    p.items[0], quantity=by),))
            return False
        if qty is None and not has_order_content(p) and not by_colour(turn, [q["sku"]]) \
                and _answers_a_later_choice(turn, None):
            return True            # "a red rug and 2 cushions" — "how many rugs?" — "green"
        if qty is None and p.items and nlu_details.says(turn.event.text, "only") and all(
                cart_qty(turn, i.sku) and i.sku != q["sku"] for i in p.items):
            turn.data["queue"].pop(0)      # "how many gloves?" — "khlli ghir ma lward": only
            return False                   # the rose water in the basket, no glove
        if qty is None and (p.intent == "confirm" or _takes_it(turn)) \
                and not has_order_content(p) and not any(c.isdigit() for c in turn.event.text):
            qty = q.get("said", 1)       # "how many?" — "safi" / "ok" / "I'll take it": one
        if qty is None:
            if has_order_content(p) or p.intent not in ("unknown", "confirm"):
                return False
            # "Kate Lee" at "how many amlou?": on to the details; kept, and the count again
            turn.used = _name_while_choosing(turn) or _city_while_choosing(turn)
            turn.say("ask_qty_again", product=turn.label(q["sku"]))
            return True
        turn.data["queue"].pop(0)
        if qty > 0:       # "how many?" about a line of the basket — "make it 2": two of it
            had = cart_qty(turn, q["sku"])
            set_line(turn, q["sku"], qty, add=not (had and (
                p.set_quantity or nlu_details.says(turn.event.text, "correction"))))
            if (also := size_said_too(turn, q["sku"])) is not None:
                p = dataclasses.replace(p, items=(also,))   # "1 et 2 bouteilles de 1L"
        _after_answer(turn, p, consumed_items={q["sku"]})
        return True
    if (p.number is not None and 0 < p.number <= MAX_QTY and not has_order_content(p)
            and p.ordinal is None and nlu_details.says(turn.event.text, "also")):
        q["quantity"] = int(p.number)    # "which amlou?" — "non, 2 aussi": two of it as well
        ask_queue_head(turn)             # (like the jams), not the 2nd; which one, again
        return True
    if recounted(turn, q):
        q["quantity"] = int(p.number or 0)  # "3 huile 50cl" — which one? — "non finalement 2"
        turn.say("count_noted", count=q["quantity"])
        ask_queue_head(turn)
        return True
    if _sizes_in_turn(turn) or _split_choice(turn, q) or _kinds_counted(turn, q) \
            or _option_added(turn, q):
        return True
    before, counted = list(q["candidates"]), q.get("quantity")
    sku = choice_answer(turn, q)
    p = turn.p              # "dyal louz 500g": the almonds read as the amlou's kind are gone
    if sku is None and (q["candidates"] != before       # "le miel de thym": fewer options
                        or (q.get("quantity") != counted and not has_order_content(p))):
        # ("I want two": the count kept, which one still to say; "two of them": the count
        # said back, so the same list again is no stall)
        if q.get("quantity") != counted and q.get("quantity") and q["candidates"] == before:
            turn.say("count_noted", count=q["quantity"])
        turn.say("ask_choice", options=turn.numbered(q["candidates"]))
        return True
    if sku is None:
        out_of_range = (p.number is not None or p.ordinal is not None) and not p.set_quantity
        # "Sarah & James Taylor": a name, not an order of "james" (no product of the catalog)
        named = not (p.items or p.ambiguous) and bool(nlu_details.bare_name(turn.event.text))
        if "delta" not in q and sum(i.sku in q["candidates"] for i in p.items) > 1:
            # "I'd like some honey" (which one?) — "2x thyme 500g, 1 euphorbia 250": the
            # choice is answered by the lines (it was asked again after them, and at "yes")
            if q in turn.data["queue"]:
                turn.data["queue"].remove(q)
            return False
        if not named and (has_order_content(p)
                          or (p.intent not in ("unknown",) and not out_of_range)):
            return False
        # "9" or "the 9th" of 6: the list again; "Laila Amrani": kept, and the list again
        turn.used = not out_of_range and (_name_while_choosing(turn)
                                          or _city_while_choosing(turn))
        if turn.used and drop_asked_twice(turn):
            if turn.data["queue"]:
                ask_queue_head(turn)
            else:
                start_checkout(turn)
            return True
        if turn.used:
            details_noted(turn)         # "Laila Amrani": kept, and said so
        turn.say("ask_choice_again", options=turn.numbered(q["candidates"]))
        return True
    if not turn.item(sku)["in_stock"] and sku not in q["candidates"]:
        # "44" to a list of the 38, 40 and 42 in stock: that one is out, the list again
        turn.say("out_of_stock", product=turn.label(sku), alternatives="")
        turn.say("ask_choice", options=turn.numbered(q["candidates"]))
        return True
    turn.data["queue"].pop(0)
    if "delta" in q:                  # "zid wa7ed" at the summary — "the ghassoul": one more
        left = (cart_qty(turn, sku) or 0) + q["delta"]
        if left > 0:
            set_line(turn, sku, min(left, MAX_QTY), add=False)
        else:
            remove_line(turn, sku)
        _after_answer(turn, p, consumed_items={sku})
        return True
    if not turn.item(sku)["in_stock"]:
        turn.say("out_of_stock", product=turn.label(sku), alternatives="")
        _after_answer(turn, p, consumed_items={sku})
        return True
    qty = q.get("quantity")
    size = getattr(turn.entry(sku), "measure", None)
    if not qty and q.get("measure") and size and q.get("measure", 0) % size == 0:
        qty = q.get("measure", 0) // size       # "kilo 3sel" — "zaatar": two of its 500 g
    pack = getattr(turn.entry(sku), "pack", None)
    if qty and pack and qty >= min(pack, nlu.PACK_MIN) and not q.get("of_packs"):
        # "une douzaine d'œufs" — "la douzaine": one box of 12, not 12 boxes; "6 bid" — the
        # box of 12: how many boxes? ("jouj pack 3" to which henna: two packs, said so)
        qty = qty // int(pack) if qty % pack == 0 else None
    item_qty = next((i.quantity for i in p.items if i.sku == sku and i.quantity), None) or \
        next((a.quantity for a in p.ambiguous if sku in a.candidates and a.quantity), None)
    if qty and item_qty == 1 and size and not _count_written(turn, turn.event.text):
        item_qty = None      # "2 amlou" — "500g amlou": its own size says which, still two
    counted = int(p.number) if size_word_pick(p) and p.number and not p.items \
        and 0 < p.number <= MAX_QTY else None          # "wa7ed sghir", "deux petits"
    if counted is None and not p.designators and by_colour(turn, [sku]):
        # "zar9a, jouj", "2 rouges" (a row's figure said: its count is read with it)
        read = nlu.parse(f"{family_name(turn.item(sku))} {turn.event.text}", turn.ctx.index)
        counted = next((int(i.quantity) for i in read.items
                        if i.sku == sku and i.quantity and 0 < i.quantity <= MAX_QTY), None)
    if qty and any(lookup_key(w) in LEXICON.pronoun_one_keys
                   for w in nlu.normalise(turn.event.text).split()):
        # "2 olive oil" — "the smaller one", "2 packs of msemen" — "the plain one": still two
        counted = None if counted == 1 else counted
        item_qty = None if item_qty == 1 else item_qty
    # "ok je prends en M", "I'll take the green one": one of the one picked, no "how many?"
    qty = qty_beside_size(turn, sku) or item_qty or counted or qty or (
        1 if nlu_details.says(turn.event.text, "take_it") and p.number is None else None)
    turn.data["picked_among"] = {"sku": sku, "others": [s for s in q["candidates"] if s != sku]}
    each = nlu_details.says(turn.event.text, "each") or nlu_details.says(turn.event.text,
                                                                        "each_one")
    qty = qty or (1 if each and p.number is None else None)     # "250g chacun": one of each
    part = _part_picked(turn, q, sku) if not each else None
    if part:
        # "3 thyme honey" — which one? — "2 of them 1kg", "jouj menhom kilo": two of the
        # 1 kg, the third still asked (it put two in and lost the third, or put three)
        set_line(turn, sku, part, add=True)
        turn.data["queue"].insert(0, {**q, "quantity": int(q.get("quantity") or 0) - part})
        show_cart(turn, ask_more=False)
        ask_queue_head(turn)
        return True
    if qty:                    # (a count corrected: "which one is two, not one?" sets it)
        set_line(turn, sku, int(qty), add=not q.get("set"))
    else:
        turn.data["queue"].insert(0, {"type": "qty", "sku": sku})
    consumed = {sku} | (_each_answered_alike(turn) if qty and each else set())
    _after_answer(turn, p, consumed_items=consumed)
    return True


def _part_picked(turn: Turn, q: ChoiceQuestion, sku: str) -> int | None:
    """The count of a part of the question's count said for the option picked ("2 of them
    1kg", "dont 2 en 1kg" at "which one?" for three), if smaller than it; else None."""
    wanted = int(q.get("quantity") or 0)
    if wanted < 2 or q.get("set") or not nlu_details.parts_said(turn.event.text):
        return None
    read = nlu.parse(f"{family_name(turn.item(sku))} {turn.event.text}", turn.ctx.index)
    part = next((int(i.quantity) for i in read.items if i.sku == sku and i.quantity), None)
    return part if part and 0 < part < wanted else None


def _count_written(turn: Turn, text: str) -> bool:
    """Does ``text`` write a small count ("one 500g amlou", "1 amlou 500g"), not only a
    figure of a measure ("500g amlou", "1L olive oil")?"""
    words = nlu.normalise(text).split()
    for n, word in enumerate(words):
        if any(0 < c < nlu.BARE_SIZE_MIN for c in counts_said(turn, word)):
            after = key_variants(words[n + 1]) if n + 1 < len(words) else ()
            if not any(payload[0] == "unit"
                       for payload in LEXICON.grammar.longest([after], 0)[1]):
                return True
    return False


def _both_discussed(turn: Turn, q: QtyQuestion) -> bool:
    """"how much are the walnuts?" — "and the dates?" — "I'll take both" ("je prends les
    deux", "bghit bjouj"): one of each of the two products just discussed (the question's
    own and the one whose offer it replaced), or that many of each ("2 of each", "jouj mn kol
    wa7ed"); never two of the last one."""
    p, text, other = turn.p, turn.event.text, [s for s in q.get("also", ()) if turn.product(s)]
    if not other or q["sku"] in other \
            or not (nlu_details.says(text, "both") or nlu_details.says(text, "each_one")) \
            or p.ambiguous or p.removed \
            or p.unknown_products or any(i.sku not in (*other, q["sku"]) for i in p.items):
        return False
    numbers = counts_said(turn, nlu_details.without(nlu_details.without(text, "both"),
                                                     "each_one"))
    if len(numbers) > 1 or not all(0 < n <= MAX_QTY for n in numbers):
        return False
    count = numbers[0] if numbers else 1
    turn.data["queue"].pop(0)
    set_line(turn, q["sku"], count, add=True)
    if len(other) == 1:
        set_line(turn, other[0], count, add=True)
    else:       # "ch7al amlou?" (two sizes) — "w zit argan?" — "bjouj": which amlou, still
        turn.data["queue"].insert(0, {"type": "choice", "candidates": other, "quantity": count})
    _after_answer(turn, dataclasses.replace(p, items=(), ambiguous=()),
                  consumed_items={*other, q["sku"]})
    return True


def _each_answered_alike(turn: Turn) -> set[str]:
    """"du thym et de la verveine" — which thyme? — "250g chacun": the next "which one?"
    questions are answered by the same words, each with its own count (the verveine was
    asked next, and the customers answered with their details until the order was lost)."""
    picked: set[str] = set()
    queue = turn.data["queue"]
    while queue and queue[0]["type"] == "choice" and not queue[0].get("soft"):
        q = queue[0]
        sku = choice_answer(turn, q)
        if sku is None or sku not in q["candidates"] or not turn.item(sku)["in_stock"]:
            break
        queue.pop(0)
        set_line(turn, sku, int(q.get("quantity") or _count_read_with(turn, q, sku) or 1),
                 add=True)
        picked.add(sku)
    return picked


def _count_read_with(turn: Turn, q: ChoiceQuestion, sku: str) -> int | None:
    """The count of ``sku`` the answer makes read after the words of the product asked about,
    when that reading names it alone: "amlou" — "3sel zaatar" — "kol wa7ed kilo" is two of
    the 500 g amlou (one was put in: half the kilo)."""
    if not q.get("text"):
        return None
    read = nlu.parse(f"{q['text']} {turn.event.text}", turn.ctx.index)
    if len(read.items) != 1 or read.ambiguous or read.removed or read.items[0].sku != sku:
        return None
    count = read.items[0].quantity
    return int(count) if count and count == int(count) and 0 < count <= MAX_QTY else None


def _another_size_instead(turn: Turn, q: QtyQuestion) -> bool:
    """At "how many of this size?", an order of the same product in another size only, with
    nothing saying it comes as well ("aussi", "too"): that size instead of the one asked."""
    p = turn.p
    named = {i.sku for i in p.items}
    return (bool(p.items) and not p.ambiguous and q["sku"] not in named
            and named <= set(sizes_of(turn, q["sku"]))
            and all(turn.item(s)["in_stock"] for s in named)     # (a sold-out one: said so,
            #                                                     the question stays)
            and not nlu_details.says(turn.event.text, "also"))


def _other_row_said(turn: Turn, q: Question) -> bool:
    """"la bghit 54" at "how many men's djellabas size 52?": a figure that is another row's
    of the same product (its size 54) names that row, never 54 of the 52 (it put 50, capped:
    32,500 DH). The question moves to that row, the count said beside it answering it."""
    p = turn.p
    entry = turn.entry(q["sku"]) if q["type"] == "qty" else None
    if entry is None or entry.designator is None \
            or has_order_content(nlu.parse(turn.event.text, turn.ctx.index)):   # as written
        return False
    words = nlu.normalise(turn.event.text).split()      # (a row's figure reads as no count)
    numbers = [int(w) for w in words if w.isdigit()] + counts_said(turn, turn.event.text)
    index = turn.ctx.index
    assert isinstance(index, nlu.CatalogIndex)
    family = family_name(turn.item(entry.sku))
    siblings = [e for e in index.products if e.variant == entry.variant
                and family_name(turn.item(e.sku)) == family]
    # a figure written in digits that can be no count: its label said ("taille 54"), or
    # the rows are sizes (37 to 58), never models numbered 1 to 4 ("un seul": one rug)
    said: list[float | str] = list(p.designators) or (
        [float(w) for w in words if w.isdigit()]
        if all(isinstance(e.designator, float) and e.designator >= 10 for e in siblings)
        else [])
    rows = [e.sku for e in siblings if e.sku != entry.sku and e.designator in said
            and turn.product(e.sku)]
    if not rows and set(said) == {entry.designator}:
        turn.say("ask_qty_again", product=turn.label(entry.sku))   # "54" at "how many of
        return True                                                # the 54?": the size again
    if len(rows) != 1:
        return False
    counts = [n for n in numbers if n != entry.designator and float(n) not in
              {e.designator for e in index.products if e.sku == rows[0]} and 0 < n <= MAX_QTY]
    if not turn.item(rows[0])["in_stock"]:
        turn.say("out_of_stock", product=turn.label(rows[0]), alternatives="")
        ask_queue_head(turn)
        return True
    turn.data["queue"][0] = {"type": "qty", "sku": rows[0]}
    if len(counts) == 1:
        turn.data["queue"].pop(0)
        set_line(turn, rows[0], counts[0], add=True)
        _after_answer(turn, p, consumed_items={rows[0]})
    else:
        ask_queue_head(turn)
    return True


def _other_dims_said(turn: Turn, q: QtyQuestion) -> bool:
    """"the one for 6 people", "la, dyal 6 nfar" at "how many tagines 30 cm (4 pers)?": a
    size by people or length that another size of the product asked names picks that
    size (it put one of the 4-people tagine). The question moves there; a count said beside
    it answers it."""
    index = turn.ctx.index
    assert isinstance(index, nlu.CatalogIndex)
    p = nlu.parse(turn.event.text, index)   # as written (read with the product asked, "non
    if p.items or p.ambiguous or p.removed:  # pour 2" was two of it)
        return False
    said = set(p.dimensions)
    rows = [s for s in sizes_of(turn, q["sku"]) if s != q["sku"] and s in index.by_sku
            and index.by_sku[s].dims & said]
    if len(rows) != 1 or not turn.product(rows[0]):
        return False
    if not turn.item(rows[0])["in_stock"]:
        turn.say("out_of_stock", product=turn.label(rows[0]), alternatives="")
        ask_queue_head(turn)
        return True
    figures = {float(d.split()[0]) for d in p.dimensions}
    count = int(p.number) if (p.number is not None and not p.one_is_pronoun
                              and p.number not in figures and 0 < p.number <= MAX_QTY
                              and float(p.number).is_integer()) else None
    turn.data["queue"][0] = {"type": "qty", "sku": rows[0]}
    if count is not None:
        turn.data["queue"].pop(0)
        set_line(turn, rows[0], count, add=True)
        _after_answer(turn, p, consumed_items={rows[0]})
    else:
        ask_queue_head(turn)
    return True


def _each_asked(turn: Turn) -> bool:
    """"How many kohl?" with the rose soap's "how many?" after it — "jouj jouj", "wa7ed mn
    kol wa7da", "2 of each": one count said twice, or said for each, answers every "how
    many?" waiting (the first took it, and "safi" then put one of the second)."""
    p, text = turn.p, turn.event.text
    asked: list[str] = []
    for q in turn.data["queue"]:
        if q["type"] != "qty":
            break
        asked.append(q["sku"])
    if len(asked) < 2 or p.ambiguous or p.removed or p.unknown_products \
            or any(i.sku not in asked for i in p.items):     # (read with the first's name)
        return False
    if nlu_details.says(text, "each") or nlu_details.says(text, "each_one"):
        numbers = counts_said(turn, nlu_details.without(text, "each")) or counts_said(turn, text)
        numbers = numbers[:1] if len(set(numbers)) == 1 else numbers
    else:
        numbers = counts_said(turn, text)               # "jouj jouj": two, two
        if len(numbers) != 2 or numbers[0] != numbers[1] or len(text.split()) != 2:
            return False
        numbers = numbers[:1]
    if len(numbers) != 1 or not 0 < numbers[0] <= MAX_QTY:
        return False
    del turn.data["queue"][:len(asked)]
    for sku in asked:
        set_line(turn, sku, numbers[0], add=True)
    _after_answer(turn, dataclasses.replace(p, items=(), ambiguous=()), consumed_items=set(asked))
    return True


def _counts_in_turn(turn: Turn) -> bool:
    """"kaab ghzal w briwat" (how many kaab ghzal?, briwat waiting) — "2 w 3", "jouj w
    tlata", "2 et 3": as many counts as questions waiting, joined by "and" and nothing else,
    are theirs in turn (the second figure was read as more of the first product: five of it,
    and one of the second). A count for a "which one?" waiting is kept for its answer. A
    figure of tens after a smaller one ("tlata w 3chrin") is one number, left alone."""
    words = nlu.normalise(turn.event.text).split()
    queue = turn.data["queue"]
    if not 3 <= len(words) <= 2 * len(queue) - 1 or len(words) % 2 == 0 \
            or not all(nlu_details.starts_with_and(w) for w in words[1::2]):
        return False
    numbers = [counts_said(turn, w) for w in words[0::2]]
    if not all(len(n) == 1 and 0 < n[0] <= MAX_QTY for n in numbers):
        return False
    counts = [n[0] for n in numbers]
    if any(b >= 20 and b % 10 == 0 and a < 10 for a, b in zip(counts, counts[1:], strict=False)):
        return False
    asked = queue[:len(counts)]
    if any(q.get("soft") or q.get("unmade") or (q["type"] == "choice" and (
            q.get("quantity") or q.get("delta") or q.get("measure"))) for q in asked):
        return False
    del queue[:len(counts)]
    choices: list[Question] = []
    for q, count in zip(asked, counts, strict=True):
        if q["type"] == "qty":
            set_line(turn, q["sku"], count, add=True)
        else:
            q["quantity"] = count
            choices.append(q)
    queue[:0] = choices
    _after_answer(turn, dataclasses.replace(turn.p, items=(), ambiguous=()),
                  consumed_items={q["sku"] for q in asked if q["type"] == "qty"})
    return True


def _answers_a_later_choice(turn: Turn, qty: int | None) -> bool:
    """"Which sidr?" — "and some pollen too" — "how much pollen?" — "the big one": the size
    word (or a colour the product asked about does not have) answers the "which one?"
    waiting behind (the pollen has one size); the count question is asked again."""
    p = turn.p
    for n, later in enumerate(turn.data["queue"][1:], start=1):
        if later["type"] != "choice":
            continue
        options = list(later["candidates"])
        picked = by_size_word(turn, options, p.size_hint, p.containers) \
            if size_word_pick(p) else by_colour(turn, options)
        if picked is None:
            return False
        count = qty or later.get("quantity")
        if count:
            del turn.data["queue"][n]
            set_line(turn, picked, int(count), add=True)
            show_cart(turn, ask_more=False)
        else:                                 # "the big one" without a count: how many, next
            turn.data["queue"][n] = {"type": "qty", "sku": picked}
        ask_queue_head(turn)
        return True
    return False


def _size_of_a_later_choice(turn: Turn, q: QtyQuestion) -> bool:
    """"Ghassoul and soap" — "how many ghassoul?" — "500", "٥غ": a size, no count (a figure
    too big for one, or with its unit), that the product asked about does not come in and
    one option of the "which soap?" waiting behind does: that option is picked, and the count
    asked again (it put 50 ghassoul in, or asked for the figure alone)."""
    p = turn.p
    if has_order_content(p) or (p.number is not None and p.number < nlu.BARE_SIZE_MIN):
        return False
    asked = getattr(turn.entry(q["sku"]), "measure", None)
    for n, later in enumerate(turn.data["queue"][1:], start=1):
        if later["type"] != "choice":
            continue
        picked = _sized_as_said(turn, list(later["candidates"]))
        if len(picked) != 1 or getattr(turn.entry(picked[0]), "measure", None) == asked:
            continue
        count = later.get("quantity")
        if count:
            del turn.data["queue"][n]
            set_line(turn, picked[0], int(count), add=True)
            show_cart(turn, ask_more=False)
        else:
            turn.data["queue"][n] = {"type": "qty", "sku": picked[0]}
        ask_queue_head(turn)
        return True
    return False


def _sized_as_said(turn: Turn, candidates: list[str]) -> list[str]:
    """The options whose size the message says: as on their label or by its figure, or in
    words the order parser reads with the product's name ("٥غ", "500 غرام")."""
    said = options_sized_as_said(turn, candidates)
    if said or not candidates or turn.p.number is not None:
        return said
    read = nlu.parse(f"{family_name(turn.item(candidates[0]))} {turn.event.text}",
                     turn.ctx.index)
    return [i.sku for i in read.items if i.sku in candidates][:1]


def _option_added(turn: Turn, q) -> bool:
    """"bghit amlou 500 jouj" — which one? (plain, with honey) — "zid amlou b 3sel": an
    adding word ("zid", "ajoute", "add") naming one option is one more line beside the one
    asked about, not its answer (the two jars became two of honey amlou, the plain ones
    lost); the other option, when one is left, is the one asked about, else asked again."""
    p = turn.p
    if (len(p.items) != 1 or p.ambiguous or p.removed or p.unknown_products
            or p.items[0].op != "add" or p.items[0].sku not in q["candidates"]
            or "delta" in q or not nlu_details.says(turn.event.text, "more")
            or not isinstance(q.get("quantity"), int)):
        return False            # (no count asked of it: "bghit ma lward" — which one? — "zid
        #                         wa7ed dyal 500" picks the 500 ml: not also the 250 ml's
        #                         "how many?", one packed with the details next)
    sku = p.items[0].sku
    left = [s for s in q["candidates"] if s != sku and turn.product(s)]
    if not left:
        return False
    if len(left) > 1:
        q["candidates"] = left
        _after_answer(turn, p, consumed_items=set())
        return True
    turn.data["queue"].pop(0)
    count = q.get("quantity")
    if isinstance(count, int) and count > 0:
        set_line(turn, left[0], count, add=True)
    else:
        turn.data["queue"].insert(0, {"type": "qty", "sku": left[0]})
    _after_answer(turn, p, consumed_items={left[0]})
    return True


def _sizes_in_turn(turn: Turn) -> bool:
    """"bghit kesksou rqiq w belboula" (which rqiq?, which belboula? waiting) — "5 kilo w
    kilo": as many parts joined by "and" as "which one?" questions waiting, each naming
    one option of its question in turn (read with that product's name), answer them in
    turn (both sizes were read as the first product's: a 5 kg and a 1 kg of fine couscous,
    the belboula asked again)."""
    queue = turn.data["queue"]
    p = turn.p
    if len(queue) < 2 or queue[1]["type"] != "choice" or p.removed or p.unknown_products:
        return False
    parts: list[list[str]] = [[]]
    for word in nlu.normalise(turn.event.text).split():
        if nlu_details.starts_with_and(word) and len(word) <= 2 and parts[-1]:
            parts.append([])
        elif not nlu_details.starts_with_and(word) or len(word) > 2:
            parts[-1].append(word)
    asked = [q for q in queue[:len(parts)] if q["type"] == "choice"]
    if not 2 <= len(parts) == len(asked) or any(q.get("delta") or q.get("soft")
                                                 for q in asked):
        return False
    picks: list[tuple[str, int]] = []
    for q, part in zip(asked, parts, strict=True):
        skus = [s for s in q["candidates"] if turn.product(s)]
        families = {family_name(turn.item(s)) for s in skus}
        if len(families) != 1:
            return False
        read = nlu.parse(f"{families.pop()} {' '.join(part)}", turn.ctx.index)
        if (len(read.items) != 1 or read.ambiguous or read.removed
                or read.items[0].sku not in skus):
            return False
        item = read.items[0]
        figures = sum(bool(w[:1].isdigit() or counts_said(turn, w)) for w in part)
        # ("5 kilo" is the size of the count asked; "jouj 5 kilo", "jouj kilo" count)
        own = item.quantity if item.quantity and (item.quantity > 1 or figures > 1) else None
        said = q.get("quantity")
        picks.append((item.sku, int(own or (said if isinstance(said, int) else 0) or 1)))
    if len({sku for sku, _ in picks}) != len(picks):
        return False
    del queue[:len(picks)]
    for sku, count in picks:
        set_line(turn, sku, count, add=True)
    _after_answer(turn, dataclasses.replace(p, items=(), ambiguous=()),
                  consumed_items={sku for sku, _ in picks})
    return True


def _split_choice(turn: Turn, q) -> bool:
    """"Which rose water?" — "une grande et une petite", "one big one small": each size
    said with its count is a line (it took the first size for the whole quantity); "2 foutas"
    — "one white and one black": the two asked, shared out; as many options named without a
    count as were asked for ("2 gandouras" — "M et L") are one each (the list was asked
    again until the order was lost)."""
    p = turn.p
    skus = [s for s in q["candidates"] if turn.product(s)]
    if (len({i.sku for i in p.items}) >= 2 and not (p.ambiguous or p.removed
                                                     or p.unknown_products)
            and all(i.sku in skus and i.quantity and i.op == "add" for i in p.items)):
        # "which euphorbia honey?" — "kilo w nos", "كيلو ونص": two of the options, read
        # with them already (they went in, and "which one?" was asked again and again)
        turn.data["queue"].pop(0)
        for item in p.items:
            set_line(turn, item.sku, int(item.quantity or 1), add=True)
        _after_answer(turn, dataclasses.replace(p, items=()), consumed_items=set(skus))
        return True
    families = {family_name(turn.item(s)) for s in skus}
    family = families.pop() if len(families) == 1 else q.get("text")   # (the customer's word
    # "jouj mn 250 w wa7ed mn 500", "2 of the 250 and 1 of the 500": read with the options,
    # lines of two of them (and nothing else) answer it
    own = len({i.sku for i in p.items}) >= 2 and all(i.sku in skus and i.quantity
                                                     for i in p.items) \
        and not (p.ambiguous or p.removed or p.unknown_products)
    if (has_order_content(p) and not own) or not skus or not family:   # for options of two
        return False                                                   # colours: "foutas")
    read = nlu.parse(f"{family} {turn.event.text}", turn.ctx.index)
    named = [i for i in read.items if i.sku in skus]
    lines = [i for i in named if i.quantity]
    count = q.get("quantity")
    if not lines and len(named) == len({i.sku for i in named}) >= 2 \
            and count in (None, len(named)):
        lines = named       # "2 gandouras" — which one? — "M et L": one of each
    elif (len(lines) < 2 or len(lines) != len(read.items) or read.ambiguous or read.removed) \
            and count and count > 1:
        # "2 foutas please" — "one white and one black": the count asked, shared out by
        # the colours said (read alone, "one white" was the product's first word and a one)
        read = nlu.parse(f"{count:g} {family} {turn.event.text}", turn.ctx.index)
        lines = [i for i in read.items if i.sku in skus and i.quantity]
        if sum(i.quantity or 0 for i in lines) != count:
            return False
    if len(lines) < 2 or len(lines) != len(read.items) or read.ambiguous or read.removed:
        return False
    turn.data["queue"].pop(0)
    for item in lines:
        set_line(turn, item.sku, int(item.quantity or 1), add=True)
    _after_answer(turn, p, consumed_items=set(skus))
    return True


def _kinds_counted(turn: Turn, q) -> bool:
    """"bghit jouj 3sel" — which one? — "wa7ed zaatar w wa7ed dghmous": lines of the options,
    each counted (or none counted, as many as asked for), some still naming several of them
    (a kind in two sizes), none twice: each is a line of its own, the ones still vague asked
    in turn (only the first kind was read, the second lost, and "kilo" then gave two of the
    first). Read with the options' family word when read alone it names something else
    ("zaatar" alone is the dried thyme beside the honeys asked about)."""
    skus = set(q["candidates"])
    count = q.get("quantity")

    def fits(p) -> bool:
        lines = [*p.items, *p.ambiguous]
        return (bool(p.ambiguous) and len(lines) >= 2 and not p.removed
                and not p.unknown_products and all(line.op == "add" for line in lines)
                and all(i.sku in skus for i in p.items)
                and all(set(a.candidates) <= skus for a in p.ambiguous))

    p = turn.p
    if not fits(p):
        if has_order_content(p) and (p.removed or p.unknown_products):
            return False
        families = {family_name(turn.item(s)) for s in skus if turn.product(s)}
        family = families.pop() if len(families) == 1 else q.get("text")
        if not family or len(p.items) + len(p.ambiguous) < 2:
            return False
        p = nlu.parse(f"{family} {turn.event.text}", turn.ctx.index)
        if not fits(p):
            return False
    lines: list[nlu.Item | nlu.Ambiguity] = [*p.items, *p.ambiguous]
    said = [{i.sku} for i in p.items] + [set(a.candidates) for a in p.ambiguous]
    if sum(len(s) for s in said) != len(set().union(*said)):
        return False
    counted = [bool(line.quantity) for line in lines]
    if not all(counted):
        # ("2 honeys" — "zaatar w dghmous": as many kinds as asked for, one of each)
        if any(counted) or count not in (None, len(lines)):
            return False
        one = 1 if count else None
        p = dataclasses.replace(p, items=tuple(dataclasses.replace(i, quantity=one or 1)
                                               for i in p.items),
                                ambiguous=tuple(dataclasses.replace(a, quantity=one)
                                                for a in p.ambiguous))
    turn.data["queue"].pop(0)
    for item in p.items:
        set_line(turn, item.sku, int(item.quantity or 1), add=True)
    _after_answer(turn, dataclasses.replace(p, items=()), consumed_items=set())
    return True


def _wants_one(turn: Turn) -> bool:
    """"ok 3tini kilo" at the options priced, all of them a kilo: an order of one of them,
    which one not said (a want verb, no product, no count, nothing that tells them apart)."""
    p = turn.p
    if has_order_content(p) or p.number is not None or p.ordinal is not None \
            or p.intent not in ("order", "confirm"):
        return False
    return any(payload[:2] == ("intent", "order")
               for token in nlu.normalise(turn.event.text).split()
               for payload in LEXICON.cues.longest([key_variants(token)], 0)[1])


def _swapped_for_the_offer(turn: Turn, q: Question, answered: int) -> int:
    """"how much is the 1kg?" with 2 × the 500 g in the basket — "ok I'll take that one
    instead", "je prends le grand plutôt", "ok 3 instead": the one other size of that
    product in the basket goes (it stayed, the 1 kg put in beside it: three jars instead of
    two), and the new line has the count written, else the old line's. ``answered`` as it
    was when no swap word is said or no such line is there."""
    text = turn.event.text
    if q["type"] != "qty" or not (nlu_details.says(text, "swap") or any(
            lookup_key(t) in LEXICON.replace_keys for t in nlu.textnorm.tokens(text))):
        return answered
    group = product_group(turn, q["sku"])
    others = [line for line in turn.data["cart"] if line["sku"] != q["sku"]
              and turn.product(line["sku"]) and product_group(turn, line["sku"]) == group]
    if len(others) != 1 or cart_qty(turn, q["sku"]):
        return answered
    remove_line(turn, others[0]["sku"])
    written = counts_said(turn, turn.event.text)
    return written[0] if len(written) == 1 and not turn.p.one_is_pronoun \
        and not nlu_details.says(turn.event.text, "it") else int(others[0]["qty"])


def count_for_the_priced(turn: Turn, priced: list[str]) -> bool:
    """"w harissa" (how many?) — "ch7al l7enna?" (its two sizes priced, the count asked
    again) — "ok 3tini wa7ed sghir": the size (word, label or colour) picks one of the
    options just priced, and the product waiting for its count comes in one size only, so
    it is not about that one: that many of the one picked (one without a count), and the
    count question asked again (it was one harissa, and the henna lost)."""
    p, queue = turn.p, turn.data["queue"]
    if not queue or queue[0]["type"] != "qty" or has_order_content(p) or p.question \
            or p.intent not in ("order", "unknown", "confirm") \
            or not turn.product(queue[0]["sku"]) or len(sizes_of(turn, queue[0]["sku"])) != 1:
        return False
    options = [s for s in priced if turn.product(s) and turn.item(s)["in_stock"]]
    picked = said_option(turn, options) if len(options) > 1 else None
    if picked is None:
        return False
    count = int(p.number) if p.number and 0 < p.number <= MAX_QTY else 1
    set_line(turn, picked, count, add=True)
    show_cart(turn, ask_more=False)
    ask_queue_head(turn)
    return True


def _size_word_pick_of(turn: Turn, q: Question) -> str | None:
    """The size of the product offered ("how many?" after its price) a size word with no
    product and no question picks ("ok dak lkbir", "ok the small one then"), if any: the
    offered one is taken, one of it, as "I'll take it" is (the offer was dropped, and the
    order went on to the delivery without it); another one drops the offer."""
    p = turn.p
    if q["type"] != "qty" or p.question or has_order_content(p) or not size_word_pick(p) \
            or p.intent not in ("order", "unknown", "confirm") or not turn.product(q["sku"]):
        return None
    group = product_group(turn, q["sku"])
    sizes = [r["sku"] for r in turn.ctx.products if product_group(turn, r["sku"]) == group]
    return by_size_word(turn, sizes, p.size_hint, p.containers) if len(sizes) > 1 else None


def _takes_it(turn: Turn) -> bool:
    """"I'll take it", "je la prends", "nakhdha": the product just priced, one of it."""
    p = turn.p
    return (p.number is None and not has_order_content(p) and p.intent in ("order", "unknown",
                                                                            "confirm")
            and nlu_details.says(turn.event.text, "take_it"))


def _after_answer(turn: Turn, p, consumed_items: set) -> None:
    """After a pending question is answered: apply anything else, then go on."""
    extra = [i for i in p.items if i.sku not in consumed_items]
    answered = {family_name(turn.item(s)) for s in consumed_items if turn.product(s)}
    vague = tuple(a for a in p.ambiguous if not set(a.candidates) & consumed_items and (
        (a.quantity and any(cart_qty(turn, s) for s in a.candidates))
        # another product's "which one?" or "how many?" ("2 kilos, and half a kilo of
        # boufeggous" to "which Medjool?"): asked next, it was dropped without a word
        or not any(family_name(turn.item(s)) in answered for s in a.candidates
                   if turn.product(s))))
    vague = _counts_for_asked(turn, vague)
    if extra or p.removed or vague:         # "deux eaux de rose et un miel": the rose too
        turn.parse = dataclasses.replace(p, items=tuple(extra), ambiguous=vague,
                                         unknown_products=())
        turn.state = "ordering"
        apply_order(turn, changed=True)     # the answer's line is shown with the rest
        return
    if turn.state == "confirm" and not turn.data["queue"]:
        summary(turn)                       # asked at the summary: the new summary
        return
    turn.state = "ordering"
    if turn.data["queue"]:
        ask_queue_head(turn)
    elif turn.data.get("rushing"):
        checkout_now(turn)          # the order came with delivery details: on to them
    else:
        show_cart(turn, ask_more=True)


def _counts_for_asked(turn: Turn, vague: tuple) -> tuple:
    """"how many truffles?" (and nougat 12 waiting) — "deux truffes, un nougat": a count of
    a product word naming several rows, one of them waiting for its count, is that count
    (it asked "which nougat?" among all, the one already named lost). The rest is left."""
    waiting = {q["sku"]: q for q in turn.data["queue"] if q["type"] == "qty"}
    left = []
    for amb in vague:
        asked = [s for s in amb.candidates if s in waiting]
        if len(asked) == 1 and amb.quantity and 0 < amb.quantity <= MAX_QTY \
                and amb.quantity == int(amb.quantity):
            set_line(turn, asked[0], int(amb.quantity), add=True)
            turn.data["queue"].remove(waiting.pop(asked[0]))
        else:
            left.append(amb)
    return tuple(left)


def _other_size_counted(turn: Turn, q: QtyQuestion) -> bool:
    """"how many thyme honey 1kg?" — "w zid wa7ed sghir", "jouj sghar": a count with a size
    word that picks another size of the product asked about. Said as more ("zid", "and …
    too"), one of the size asked about (meant with the first message) and that count of the
    other; else that count of the other size instead (the count went to the 1 kg, the
    small one lost)."""
    p, text = turn.p, turn.event.text
    adding = nlu_details.says(text, "more") or nlu_details.says(text, "also") \
        or nlu_details.starts_with_and(text)
    if not size_word_pick(p) or has_order_content(p) or (p.number is None and not adding) \
            or (p.one_is_pronoun and not adding) or not 0 < (p.number or 1) <= MAX_QTY:
        return False
    picked = by_size_word(turn, sizes_of(turn, q["sku"]), p.size_hint, p.containers)
    if not picked or picked == q["sku"] or not turn.item(picked)["in_stock"]:
        return False
    turn.data["queue"].pop(0)
    if adding and not cart_qty(turn, q["sku"]):
        set_line(turn, q["sku"], 1, add=True)
        turn.say("qty_assumed_one", product=turn.label(q["sku"]))
    set_line(turn, picked, int(p.number or 1), add=True)
    _after_answer(turn, p, consumed_items={q["sku"], picked})
    return True


def _quantity_answer(p, sku: str) -> int | None:
    for item in p.items:
        if item.sku == sku and item.quantity is not None:
            return int(item.quantity)
    for amb in p.ambiguous:
        if sku in amb.candidates and amb.quantity is not None:
            return int(amb.quantity)
    if p.number is not None:
        return int(p.number)
    return None


