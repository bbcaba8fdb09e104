"""Applying order lines to the cart: the correction read, the lines added, changed or removed,
the questions queued and the first one asked, the cart shown, checkout offered. The counts of
the last line are in ``quantities``, the pending questions in ``pending``, "which one?" in
``choices``.
"""

from __future__ import annotations

import dataclasses
import re

from .. import answers, i18n, nlu
from ..nlu import details as nlu_details
from ..nlu.lexicon import LEXICON
from ..nlu.textnorm import key_variants, lookup_key
from . import basket
from .basket import (
    alternatives,
    base_name,
    cart_qty,
    family_name,
    product_group,
    remove_line,
    removed_skus,
    set_line,
    sold_out_list,
    swapped_out,
    swapped_quantity,
)
from .checkout import (
    fields_text,
    missing_details,
    next_detail,
    on_details,
    set_city,
    start_checkout,
    summary,
)
from .model import (
    DETAIL_STATES,
    INTERRUPTING,
    NOT_AN_ANSWER,
    ChoiceQuestion,
    Question,
    Turn,
    asks_about,
    has_order_content,
    orders,
    question_key,
)
from .parts import fragments, name_not_order, places_only, split_cities, street_numbered
from .quantities import (
    colours_of_last,
    corrects,
    counts_said,
    in_packs,
    said_count,
    sizes_of_last,
)


def _read_correction(turn: Turn) -> None:
    """"non pardon 2 ghassoul": a product already in the basket gets that quantity instead
    of more; "non annulez, je préfère 2 amlou": the basket starts again with the new lines."""
    p = turn.p
    text = turn.event.text
    if not turn.data["cart"] or not (p.items or p.ambiguous):
        return
    if nlu_details.says(text, "restart") and not p.removed:
        turn.data["cart"], turn.data["queue"] = [], []
        return
    offered = sold_out_list(turn)
    if offered and p.items and not p.removed and not p.ambiguous \
            and all(i.sku in offered["options"] for i in p.items):
        return      # "plutôt 3 boîtes" to what is offered for the cornes sold out: instead of
        #             them, not of the ghriba put in before (it was taken out)
    new = [i for i in p.items if cart_qty(turn, i.sku) is None]
    last = turn.data.get("last_sku")
    of_them = nlu_details.one_of_them(text)     # "bdel wa7ed menhom b …": part of the line
    said = said_count(turn, new[0]) if len(p.items) == 1 and new and not of_them else None
    named_out = {getattr(r, "sku", None) for r in p.removed}
    # "not that one, the euphorbia 500g": the line just put in, taken back, is replaced
    swap = nlu_details.says(text, "swap") or nlu_details.this_one_negated(text)
    if swap and turn.removed_before and not p.removed and not p.replace:
        return      # "remove saffron" — "add argan oil instead": for the saffron, none out
    if (swap and not p.replace and len(p.items) == 1 and new
            and not p.ambiguous and cart_qty(turn, last) and not of_them
            and not named_out - {last}):   # "pas de mélasse, plutôt des biscuits": not the last
        # "la bdelhom b kesksou dra", "changez-le par la poudre 500g": as many (a size is
        # no count); "la bdelhom b 3 ghassoul", "change it to one herb cheese": the count said
        qty = said or in_packs(turn, last, new[0].sku, cart_qty(turn, last)) \
            or cart_qty(turn, last)          # ("bdelhom b pack": one pack of three)
        remove_line(turn, last)
        turn.parse = dataclasses.replace(p, items=(nlu.Item(new[0].sku, qty, "add"),))
        return
    if (swap and not p.replace and not p.removed
            and not of_them and cart_qty(turn, last)
            and not any(cart_qty(turn, i.sku) for i in p.items)
            and not any(cart_qty(turn, s) for a in p.ambiguous for s in a.candidates)
            and (len(p.items) + len(p.ambiguous) > 1 or p.ambiguous
                 or (new and new[0].quantity and not p.one_is_pronoun))):
        alike = _same_size(turn, p.ambiguous[0].candidates, last) \
            if len(p.ambiguous) == 1 and not p.items and last else None
        if alike:                   # "swap it for the sidr": the sidr of the size taken out
            turn.parse = dataclasses.replace(p, ambiguous=(), items=(nlu.Item(
                alike, p.ambiguous[0].quantity or cart_qty(turn, last), "add"),))
        remove_line(turn, last)     # "actually no, 2 ras el hanout instead": they replace it
        return
    if (of_them or nlu_details.count_swapped(text)) and _swaps_one_of_a_line(turn):
        #   "swap 2 of the thyme for euphorbia": the count after the verb is the line's part
        return
    cart = turn.data["cart"]
    old = last if cart_qty(turn, last) else (cart[0]["sku"] if len(cart) == 1 else None)
    other = _one_of_them_as(turn, old, new) if of_them and old else None
    if old and other and other[0] != old:
        sku, qty = other                           # "bdel wa7ed menhom b ghassoul": one goes
        have = cart_qty(turn, old) or 0
        if qty < have:
            set_line(turn, old, have - qty, add=False)
        else:
            remove_line(turn, old)
        turn.parse = dataclasses.replace(p, items=(nlu.Item(sku, qty, "add"),), removed=(),
                                         ambiguous=())
        return
    if (nlu_details.says(text, "swap") and not p.replace and len(p.items) == 1 and new
            and not p.ambiguous and turn.product(new[0].sku)):
        family = family_name(turn.item(new[0].sku))
        same = [line["sku"] for line in turn.data["cart"]
                if turn.product(line["sku"]) and family_name(turn.item(line["sku"])) == family]
        if len(same) == 1:               # "bdel amlou b jouj dyal 250": the other size goes
            qty = new[0].quantity or cart_qty(turn, same[0]) or 1
            remove_line(turn, same[0])
            turn.parse = dataclasses.replace(p, items=(nlu.Item(new[0].sku, qty, "add"),))
            return
    if corrects(text):
        items = tuple(nlu.Item(i.sku, i.quantity, "set") if i.quantity and
                      cart_qty(turn, i.sku) is not None else i for i in p.items)
        turn.parse = dataclasses.replace(p, items=items)


def _one_of_them_as(turn: Turn, old: str, new: list) -> tuple[str, int] | None:
    """"bdel wa7ed menhom b ghassoul", "swap one of them for the euphorbia", and without a
    swapping word when the product named is of the line's kind and nothing says "more"
    ("can you make one of them euphorbia?", "rdd wa7ed menhom dghmous", "mettez-en un en
    euphorbe"): the one product that many of the line become, of the line's size when its
    name leaves the size open; None when the message is no such swap (it added a jar)."""
    p, text = turn.p, turn.event.text
    if len(p.items) == 1 and new and not p.ambiguous:
        sku, qty = new[0].sku, new[0].quantity
    elif len(p.ambiguous) == 1 and not p.items:
        sku, qty = _same_size(turn, p.ambiguous[0].candidates, old), p.ambiguous[0].quantity
    else:
        return None
    if sku is None:
        return None
    swapping = nlu_details.says(text, "swap") or any(
        lookup_key(w) in LEXICON.replace_keys for w in nlu.normalise(text).split())
    alike = (old_info := turn.entry(old)) is not None and (info := turn.entry(sku)) is not None \
        and old_info.head is not None and old_info.head == info.head
    if not swapping and not (alike and not nlu_details.says(text, "more")
                             and not nlu_details.says(text, "also")):
        return None
    return sku, int(qty or 1)


def _swaps_one_of_a_line(turn: Turn) -> bool:
    """"swap one of the thyme for orange blossom", "replace one thyme with …" with two thyme
    honeys in the basket: the line named loses that one (or the count said) and the product
    named for it comes in that many (the whole line went, or the line just put in lost one).
    True when the message was read so."""
    p = turn.p
    if len(p.removed) != 1 or len(p.items) + len(p.ambiguous) != 1:
        return False
    out = _removed_from(turn, p.removed[0])
    have = cart_qty(turn, out[0]) if len(out) == 1 else None
    count = int(p.removed[0].quantity or nlu_details.count_swapped(turn.event.text) or 1)
    if not have or count >= have or any(i.sku == out[0] for i in p.items) \
            or any(out[0] in a.candidates for a in p.ambiguous):
        return False
    set_line(turn, out[0], have - count, add=False)
    turn.say("removed", products=f"{count} × {turn.label(out[0])}")
    items = tuple(dataclasses.replace(i, quantity=i.quantity or count) for i in p.items)
    ambiguous = tuple(dataclasses.replace(a, quantity=a.quantity or count) for a in p.ambiguous)
    alike = _same_size(turn, ambiguous[0].candidates, out[0]) if ambiguous else None
    if alike:                       # "… for orange blossom": in the size of the one out
        items, ambiguous = (nlu.Item(alike, ambiguous[0].quantity, "add"),), ()
    turn.parse = dataclasses.replace(p, removed=(), replace=False, items=items,
                                     ambiguous=ambiguous)
    return True


def _set_in_place(turn: Turn, sku: str, count: int, kept: set[str]) -> int:
    """"make the honey 2 and the dates 1kg" at 2 × the 500 g dates: a size set, in a message
    that sets several lines, takes the place of the one basket line of another size of the
    same product, with that line's count unless another is written (the 500 g stayed and
    a 1 kg came beside it: an extra line). The count to set."""
    if cart_qty(turn, sku) is not None:
        return count
    group = product_group(turn, sku)
    others = [line["sku"] for line in turn.data["cart"]
              if line["sku"] not in kept and product_group(turn, line["sku"]) == group]
    if len(others) != 1:
        return count
    had = cart_qty(turn, others[0]) or 1
    remove_line(turn, others[0])
    return had if count == 1 else count


def apply_order(turn: Turn, *, changed: bool = False) -> None:
    """Apply the parse's order lines, removals and unknown products to the cart (``changed``:
    the basket was changed already by this message, and is shown whatever these do)."""
    _read_correction(turn)
    p = turn.p
    if p.city and not turn.data["details"].get("city"):
        set_city(turn, p.city, quiet=True)       # "… livraison à Rabat": kept for checkout
    pending_set = turn.data.pop("pending_set", None)
    if pending_set:
        set_line(turn, pending_set["sku"], pending_set["qty"], add=False)
        changed = True
    if p.restart and turn.data["cart"]:           # "non annulez, je préfère 2 amlou 500g"
        turn.data["cart"], turn.data["queue"] = [], []
    out_of_stock = []
    wanted: dict[str, int] = {}            # out of stock sku → the quantity asked
    asked: list[Question] = []             # this message's new questions
    swapped = swapped_quantity(turn, p)   # "bdel amlou b ghassoul": as many ghassoul
    if p.one_is_pronoun and nlu_details.says(turn.event.text, "same"):
        # "and the same for the olive one": the "one" stands for the product, no count
        p = turn.parse = dataclasses.replace(p, items=tuple(
            nlu.Item(i.sku, None if i.quantity == 1 else i.quantity, i.op) for i in p.items))
    if (again := _same_line_for_another(turn)) is not None:   # "and the same shampoo for
        p = turn.parse = dataclasses.replace(p, items=(again,), ambiguous=())   # my friend"
    same = _same_as_before(turn)          # "and the same of orange blossom water"
    # details came with it: a product without a count beside one with a count, or beside
    # the address ("thyme honey + argan oil pls. Oscar Wilde / Casablanca / 12 rue …": one
    # each, seen at the summary; it asked "how many?" of each, one after the other)
    counted = turn.volunteered and (any(i.quantity for i in p.items)
                                    or bool(turn.found and turn.found.address))
    just_added: set[str] = set()           # the lines this message's own items set
    for item in p.items:
        product = turn.product(item.sku)
        if product is None:
            continue
        if not product["in_stock"]:
            out_of_stock.append(item.sku)
            if item.quantity:
                wanted[item.sku] = int(item.quantity)
            continue
        if swapped and (item.quantity is None or (
                item.quantity == 1 and said_count(turn, item) is None)):
            # "swap the orange blossom for eucalyptus 500g" at 2 × it: two (a size is no count)
            item = nlu.Item(item.sku, swapped, item.op)
        if (p.one_is_pronoun and item.quantity == 1 and len(p.items) == 1
                and cart_qty(turn, item.sku) and not nlu_details.says(turn.event.text, "more")):
            # "2 gift sets" (the discovery box put in) — "the discovery one": which one, said
            # again; no third box
            item = nlu.Item(item.sku, None, item.op)
        if item.quantity is None and same and cart_qty(turn, item.sku) is None:
            item = nlu.Item(item.sku, same[0], item.op)
        if item.quantity is None and cart_qty(turn, item.sku) is None:
            # "ghassoul w 2 saboun beldi" (how many ghassoul? then which soap?) — "nature":
            # the 2 said with the soap (it asked how many of the nature soap)
            counted_before = {q.get("quantity") for q in turn.data["queue"]
                              if q["type"] == "choice" and item.sku in q["candidates"]}
            if len(counted_before) == 1 and (count := counted_before.pop()):
                item = nlu.Item(item.sku, int(count), item.op)
                turn.data["queue"] = [q for q in turn.data["queue"] if not (
                    q["type"] == "choice" and item.sku in q["candidates"])]
        if item.quantity is None and cart_qty(turn, item.sku) is None and (
                counted or (turn.to_summary and nlu_details.says(turn.event.text, "more"))) \
                and item.sku not in p.counts_withheld:   # ("4 bowls" of lots of six: asked)
            # one: "zid coffret" at the summary, and "3 ربطات نعناع و باكية فليو و لويزة،
            item = nlu.Item(item.sku, 1, item.op)   # سميتي…": one louiza, seen at the summary
        if item.quantity is None:
            if cart_qty(turn, item.sku) is None:
                asked.append({"type": "qty", "sku": item.sku})
            else:
                turn.data["last_sku"] = item.sku
                changed = True
            continue
        if item.quantity <= 0:
            continue
        count = int(item.quantity)
        if item.op == "set" and len(p.items) + len(p.ambiguous) > 1:
            count = _set_in_place(turn, item.sku, count, just_added)   # "make the honey 2
        #                                                                  and the dates 1kg"
        said_again = turn.back and bool(cart_qty(turn, item.sku)) and not (
            nlu_details.says(turn.event.text, "more") or nlu_details.says(turn.event.text, "also")
            or nlu_details.starts_with_and(turn.event.text))
        # (back to the basket kept: "hi, I want 2 amlou 250g" is the two kept, not two more)
        set_line(turn, item.sku, count,
                 add=getattr(item, "op", "add") != "set" and not said_again)
        just_added.add(item.sku)
        turn.data["queue"] = [q for q in turn.data["queue"]      # "how many?" answered by
                              if not (q["type"] == "qty" and q["sku"] == item.sku)  # "zid kilo"
                              and not _choice_answered(q, item.sku, count)]
        changed = True
    for amb in p.ambiguous:
        candidates = [s for s in amb.candidates if turn.product(s) and turn.item(s)["in_stock"]]
        if swapped and amb.op != "set" and (amb.quantity is None or (
                amb.quantity == 1 and p.one_is_pronoun)):
            # "replace the thyme honey with the euphorbia one" at 2 × thyme: two euphorbia
            amb = dataclasses.replace(amb, quantity=swapped)
        if not candidates:
            out_of_stock.extend(amb.candidates[:1])
            continue
        if len(candidates) == 1 and amb.guess:      # "3tini 2 amou": "did you mean Amlou?"
            asked.append({"type": "choice", "candidates": candidates, "quantity": amb.quantity,
                          "text": amb.text, "guess": True})
            continue
        if len(candidates) == 1:
            if amb.quantity:
                set_line(turn, candidates[0], int(amb.quantity), add=True)
                changed = True
            elif amb.unmade:        # "kilo w nss" of a product sold by the kilo
                asked.append({"type": "qty", "sku": candidates[0], "unmade": amb.unmade})
            else:
                asked.append({"type": "qty", "sku": candidates[0]})
            continue
        last_size = _last_measure(turn) if amb.quantity else None
        sized = [s for s in candidates if last_size and _measure(turn, s) == last_size]
        if amb.quantity and len(sized) == 1 and nlu_details.says(turn.event.text, "same_size"):
            set_line(turn, sized[0], int(amb.quantity), add=True)    # "and one orange
            changed = True                                           # blossom, same size"
            continue
        if not amb.quantity and same and not any(cart_qty(turn, s) for s in candidates):
            sized = [s for s in candidates if same[1] and _measure(turn, s) == same[1]]
            if len(sized) == 1:             # "2 × 250 ml" — "the same of orange blossom"
                set_line(turn, sized[0], same[0], add=True)
                changed = True
                continue
            amb = dataclasses.replace(amb, quantity=same[0])
        out = swapped_out(turn, p) if swapped else None
        alike = _same_size(turn, candidates, out) if out else None
        if alike:                      # "bdel daghmous kilo b sedra": the sidr 1 kg
            set_line(turn, alike, int(amb.quantity or swapped or 1), add=True)
            just_added.add(alike)
            changed = True
            continue
        in_cart = [s for s in candidates if cart_qty(turn, s)]
        others = [s for s in candidates if s not in in_cart]
        if (amb.quantity and amb.op != "set" and len(in_cart) == 1 and in_cart[0] in just_added
                and len(others) == 1 and in_cart[0] in {i.sku for i in p.items}
                and not _said_again(turn.event.text, amb.text)
                and _other_product(turn, in_cart[0], others[0])):
            # "2 savon noir w 1 savon argan": the argan soap named apart, the two counted by
            # the shorter name are the other one (the line of the argan soap was set to 2);
            # not another size ("flour, the 5kg bag, two of them": two of the 5 kg)
            set_line(turn, others[0], int(amb.quantity), add=True)
            just_added.add(others[0])
            changed = True
            continue
        if amb.quantity and len(in_cart) == 1 and not amb.rest and not (
                in_cart[0] in just_added and _said_again(turn.event.text, amb.text)) and not (
                in_cart[0] in just_added and amb.op != "set" and len(others) > 1):
            # "en fait 3 huiles", "deux eaux de rose": the one in the basket; "zid wa7ed
            # msemen": one more of it. Not "2 amlou 250g w 1 amlou": a second mention of a
            # product this message put in is another one, asked which (it set the line to 1);
            # nor "3 kg de couscous et 1 kg de belboula", "2 kilo 3sel w kilo dyal zaatar":
            # a count of the kind beside one of its products counted apart is another line,
            # asked among the others (it set the belboula to 3: one line, the 3 kg lost);
            # nor the rest of "3 thyme honey, 2 of them 1kg": asked (the line was set to 1)
            more = amb.op != "set" and nlu_details.says(turn.event.text, "more")
            set_line(turn, in_cart[0], int(amb.quantity), add=more)
            changed = True
            continue
        if (not amb.quantity and not swapped and (p.question or p.topic) and not amb.unmade
                and just_added & set(candidates)):
            continue        # "bghit 2g zaafran, c'est du vrai safran ?": what it asks about
            #                 (not "zit beldia litre w nos litre": a size, asked about)
        if amb.op == "set" and amb.quantity and not amb.rest and len(in_cart) > 1 \
                and not set(in_cart) <= just_added:
            # "make the honey 3", "la, 3sel 3", "non, le miel 3" with a thyme and a euphorbia
            # honey in the basket: which of those two lines (the six honeys of the sheet were
            # listed; "the thyme" then asked its size, a new line of three the risk)
            asked.append({"type": "choice", "candidates": in_cart, "set": True,
                          "quantity": int(amb.quantity), "text": amb.text})
            continue
        choice: ChoiceQuestion = {"type": "choice", "candidates": candidates,
                                  "quantity": amb.quantity or swapped, "text": amb.text}
        if amb.unmade:              # "1 litre et demi" of an oil in 1 L and 5 L
            choice["unmade"] = amb.unmade
        if amb.measure:             # "kilo 3sel": 1 × the 1 kg jar, 2 × a 500 g one
            choice["measure"] = amb.measure
        asked.append(choice)
    if len(asked) > 1:
        _where_named(turn, asked)
    _queue_first(turn, asked)
    removed = []
    # "7ayed wa7ed azir" with two in the basket: one comes off (not "machi wa7ed": a negation)
    counts = {} if nlu_details.before_negation(turn.event.text) is not None else {
        sku: int(r.quantity) for r in p.removed if r.quantity and r.quantity > 0
        for sku in _removed_from(turn, r)}
    # "7yed zit w zid 5 litre": the 5 L stays; "remplacez le miel par du miel d'euphorbe": the
    # euphorbia honey put in for it is no honey taken out
    added = {i.sku for i in p.items} | just_added
    named = {r.sku for r in p.removed if isinstance(r, nlu.Item)}
    for sku in removed_skus(p):
        if sku in added and sku not in named:
            continue
        have = cart_qty(turn, sku)
        if have and counts.get(sku, have) < have:
            set_line(turn, sku, have - counts[sku], add=False)
            removed.append(f"{counts[sku]} × {turn.label(sku)}")
        elif remove_line(turn, sku):
            removed.append(turn.label(sku))
    if removed:
        turn.say("removed", products=", ".join(removed))
        changed = True
        if not p.items and not p.ambiguous:
            turn.data["lines_removed"] = True
    for sku in out_of_stock:
        offer_instead(turn, sku, wanted.get(sku))
    if p.unknown_products:
        suggestions = [s for s in p.suggestions if turn.product(s) and turn.item(s)["in_stock"]]
        turn.say("not_sold", product=", ".join(p.unknown_products))
        if suggestions:
            turn.say("closest", options=turn.numbered(suggestions))
            turn.data["last_list"] = suggestions
        else:
            turn.say("see_catalog")
    if turn.state in ("start", "confirm", "offer_saved") or turn.state in DETAIL_STATES:
        if turn.state == "start" or changed or turn.data["queue"]:
            turn.state = "ordering"
    if turn.data["queue"] and out_of_stock and turn.data.get("sold_out_list") and not changed:
        # "which one? reply with the number" ends the reply: a number answers it, not the
        # question still open ("how many green olives?", asked after it)
        turn.data["list_before_queue"] = turn.data.get("last_list") or []
    elif turn.data["queue"]:
        if changed:
            show_cart(turn, ask_more=False)   # repeat back what was understood
        ask_queue_head(turn)
    elif turn.to_summary and turn.data["cart"] and not missing_details(turn):
        summary(turn)
    elif changed and turn.volunteered:
        checkout_now(turn)
    elif changed:
        show_cart(turn, ask_more=True)
    elif not (out_of_stock or p.unknown_products):
        show_cart(turn, ask_more=True)


def _other_product(turn: Turn, sku: str, other: str) -> bool:
    """Are ``sku`` and ``other`` two products, not two sizes of one?"""
    one, two = turn.entry(sku), turn.entry(other)
    return bool(one and two and one.variant != two.variant)


def _said_again(text: str, mention: str) -> bool:
    """``mention`` (a product's words as the parser read them) is written more than once in
    ``text``."""
    words, said = nlu.textnorm.tokens(text), nlu.textnorm.tokens(mention)
    n = len(said)
    return n > 0 and sum(words[k:k + n] == said for k in range(len(words) - n + 1)) > 1


def _removed_from(turn: Turn, removed) -> list[str]:
    """The basket line a counted removal is about: the product named, or the one size of a
    product said without its size that is in the basket ("7yed wa7ed amlou" with the 500 g
    in it: one of those comes off, not the line)."""
    if isinstance(removed, nlu.Item):
        return [removed.sku]
    in_cart = [s for s in getattr(removed, "candidates", ()) if cart_qty(turn, s)]
    return in_cart if len(in_cart) == 1 else []


def _same_as_before(turn: Turn) -> tuple[int, int | None] | None:
    """"And the same of orange blossom water", "w nafs chi dyal ma zhar": the count of the line
    before (said earlier in the message, else the basket's last line) for a product named
    without one, and that line's size (a measure) to pick the same size of it."""
    p = turn.p
    if not nlu_details.says(turn.event.text, "same") or not (
            any(i.quantity is None for i in p.items)
            or any(a.quantity is None for a in p.ambiguous)):
        return None
    counted = {int(i.quantity) for i in p.items if i.quantity} | {
        int(a.quantity) for a in p.ambiguous if a.quantity}
    if counted:
        said = [i.sku for i in p.items if i.quantity]
        return (counted.pop(), _measure(turn, said[0]) if len(said) == 1 else None) \
            if len(counted) == 1 else None
    last = turn.data.get("last_sku")
    qty = cart_qty(turn, last)
    if not qty or not last:
        return None
    return qty, _measure(turn, last)


def _same_line_for_another(turn: Turn) -> nlu.Item | None:
    """"And the same shampoo for my friend" with a shampoo in the basket: the one product named
    after "the same" (or the one size of it in the basket), a line of the basket, said for
    someone else — its count once more (the line was only shown again: the friend's shampoo
    was lost). Not "the same as before"."""
    p, text = turn.p, turn.event.text
    named = [(i.quantity, (i.sku,)) for i in p.items] + [
        (a.quantity, tuple(a.candidates)) for a in p.ambiguous]
    if (len(named) != 1 or named[0][0] is not None or p.removed
            or not nlu_details.says(text, "same") or not nlu_details.says(text, "for_another")
            or any(nlu_details.says(text, kind) for kind in ("again", "same_size", "each"))):
        return None
    held = [s for s in named[0][1] if cart_qty(turn, s)]
    tail = nlu_details.after_last(text, "same")
    if len(held) != 1 or not tail or nlu_details.opens_with(tail, "same_as"):
        return None
    read = nlu.parse(tail, turn.ctx.index)
    if not any(held[0] in c for c in [[i.sku for i in read.items]]
               + [list(a.candidates) for a in read.ambiguous]):
        return None                 # the product is named after "the same"
    return nlu.Item(held[0], cart_qty(turn, held[0]), "add")


def _same_size(turn: Turn, candidates, sku: str) -> str | None:
    """The one candidate of the size of ``sku``, a line swapped for another product of its
    kind ("3sel daghmous kilo" for the sidr: the sidr kilo), if one. Another kind ("bdel
    amlou b 3sel"): which size is asked."""
    size, info = _measure(turn, sku), turn.entry(sku)
    kind = info.head if info else None
    alike = [s for s in candidates if size and kind and _measure(turn, s) == size
             and (other := turn.entry(s)) and other.head == kind]
    return alike[0] if len(alike) == 1 else None


def _measure_text(turn: Turn, sku: str, measure: int) -> str:
    """A weight or volume in thousandths of g or ml as a customer writes it ("1.5 kg",
    "750 ml"), in the product's kind of unit."""
    volume = str(turn.item(sku).get("unit") or "") in ("l", "ml")
    big, small = ("l", "ml") if volume else ("kg", "g")
    if measure >= 1_000_000:
        return f"{measure / 1_000_000:g} {big}"
    return f"{measure / 1000:g} {small}"


def _last_measure(turn: Turn) -> int | None:
    """The size of the basket line just touched (thousandths of g or ml), if it has one."""
    last = turn.data.get("last_sku")
    return _measure(turn, last) if last and cart_qty(turn, last) else None


def _made_of_sizes(turn: Turn, skus: list[str], measure: int) -> bool:
    """Would a whole number of one of the products' sizes make ``measure``? Then it was asked
    about for being far more than anyone orders ("3 kilos of saffron" in 1 g boxes), not for
    being no count of them ("kilo w nss" of a product by the kilo)."""
    return any((size := _measure(turn, s)) and measure % size == 0 for s in skus)


def _measure(turn: Turn, sku: str) -> int | None:
    """A product's size as the parser measures it (thousandths of g or ml), None for pieces."""
    entry = turn.entry(sku)
    return entry.measure if entry else None


def checkout_now(turn: Turn) -> None:
    """An order written with delivery details: the basket and what is still missing, or the
    summary straight away when nothing is."""
    if missing_details(turn):
        show_cart(turn, ask_more=False)
        turn.data["basket_shown"] = True
    start_checkout(turn)


def _choice_answered(q: Question, sku: str, count: int) -> bool:
    """Is ``q`` a "which one?" asked before this message, with no count or this one, that a
    line of one of its options, counted, answers ("bghit 3sel w amlou" — which honey? — "zaatar
    kilo w amlou sghir jouj": the amlou asked which too; it was asked again after the two)?"""
    return (q["type"] == "choice" and sku in q["candidates"] and not q.get("unmade")
            and q.get("quantity") in (None, count))


def _where_named(turn: Turn, asked: list[Question]) -> None:
    """The order in which one message named the products of the questions it asks, by the
    first word naming each ("bghit kesksou ghlid w dchicha": which coarse one? first, how
    many dchicha? second), so that amounts said next for all of them ("5 kilo w kilo") go
    in the order the products were said, not the order asked (``data["said_order"]``);
    nothing kept unless each is found."""
    keys = [frozenset(key_variants(token)) for token in nlu.textnorm.tokens(turn.event.text)]
    places = []
    for q in asked:
        if q["type"] == "choice" and q.get("text"):
            said = nlu.textnorm.tokens(q["text"])
            at = next((i for i in range(len(keys) - len(said) + 1)
                       if all(keys[i + j] & frozenset(key_variants(w))
                              for j, w in enumerate(said))), None)
        else:
            words = frozenset().union(*((entry.words if (entry := turn.entry(sku)) else frozenset())
                                        for sku in asks_about(q) if sku))
            at = next((i for i, k in enumerate(keys) if k & words), None)
        if at is None:
            return
        places.append(at)
    if len(set(places)) == len(places):
        turn.data["said_order"] = [question_key(q) for _at, q in sorted(
            zip(places, asked, strict=True), key=lambda pair: pair[0])]


def _queue_first(turn: Turn, asked: list[Question]) -> None:
    """Put this message's questions first (the customer is talking about them now).

    An older question they make moot goes: the same product's "how many?", or a "which
    one?" whose options include all of the new one's ("miel" then "miel de thym"; "دجاجة
    بلدية" then "مذبوحة": the one asked how many of now).
    """
    def moot(old: Question) -> bool:
        for new in asked:
            if old["type"] == "qty" and old["sku"] in asks_about(new):
                return True
            if old["type"] == "choice" and set(
                    new["candidates"] if new["type"] == "choice" else [new["sku"]]
            ) <= set(old["candidates"]):
                return True
        return False
    turn.data["queue"] = asked + [q for q in turn.data["queue"] if not moot(q)]


def offer_instead(turn: Turn, sku: str, qty: int | None = None) -> None:
    """Out of stock: the same product in another size first, then similar products, each
    list under a line saying what it is (numbered on, so a number picks one)."""
    out = turn.item(sku)
    variants = [p["sku"] for p in turn.ctx.products if p["in_stock"] and p["sku"] != sku
                and (base_name(p) == base_name(out)
                     or basket.product_group(turn, p["sku"]) == basket.product_group(turn, sku))]
    similar = [s for s in alternatives(turn, sku) if s not in variants][:max(0, 4 - len(variants))]
    parts = []
    if variants:
        parts.append(i18n.t(turn.lang, "instead_variants") + "\n" + turn.numbered(variants))
    if similar:
        listed = turn.numbered(variants + similar).split("\n")[len(variants):]
        parts.append(i18n.t(turn.lang, "instead_similar") + "\n" + "\n".join(listed))
    turn.say("out_of_stock", product=turn.label(sku), alternatives="\n".join(parts))
    if variants or similar:
        turn.say("instead_pick")                 # one question at the end: which one?
        turn.data["last_list"] = variants + similar
        turn.data["sold_out_list"] = {"sku": sku, "options": variants + similar,
                                      "variants": variants}
        if qty:
            turn.data["last_list_qty"] = qty
    else:
        turn.say("see_catalog")                  # nothing alike: where to look instead


def show_cart(turn: Turn, ask_more: bool = True) -> None:
    cart = turn.data["cart"]
    if not cart:
        if not turn.data["queue"]:      # "la machi za3tar, daghmous": which daghmous comes
            turn.say("cart_empty")      # next, not "the basket is empty, what do you want?"
        return
    lines = "\n".join(turn.line_text(line["sku"], line["qty"]) for line in cart)
    subtotal = basket.subtotal(turn)
    turn.say("cart", lines=lines, subtotal=i18n.money(subtotal))
    if ask_more and not _offer_details(turn):
        turn.say("ask_more")


def _offer_details(turn: Turn) -> bool:
    """"Anything else? If not, your name, city and address": one message fewer to an order.
    Not for a returning customer (offered their saved details on "safi")."""
    saved = turn.ctx.customer or {}
    missing = missing_details(turn)
    if turn.data["queue"] or not missing or (saved.get("name") and saved.get("address")):
        return False
    turn.data["details_offered"] = True
    if turn.state == "start":
        turn.state = "ordering"     # ("ok I'll take both" after two prices: the name sent
        #                             next was "not understood", the basket never ordered)
    turn.say("ask_more_or_details", fields=fields_text(turn, missing))
    return True


def _typed_name(text: str) -> bool:
    """"youssef alami": a first and a last name typed in small letters (SMS), two or three
    words the lexicon does not know, each of three letters or more with a vowel (it was "not
    understood", and the name asked again later). One word alone may be anything ("blabla"),
    unless it is a common first name ("fatima")."""
    words = text.split()
    if nlu_details.first_name_alone(text):
        return True                 # "fatima": one word, but a first name everybody knows
    return 2 <= len(words) <= 3 and all(
        w.isalpha() and len(w) >= 3 and any(c in "aeiouy" for c in w.casefold())
        and (nlu_details.has_unknown_word(w)      # "sara bouazza": a word of a longer town
             or (i and lookup_key(nlu.textnorm.normalise(w)) in LEXICON.town_inner_keys))
        for i, w in enumerate(words)) \
        and not nlu_details.city_only(text)[0]


def details_offered_answer(turn: Turn) -> bool:
    """The answer to "anything else? if not, your name, city and address" when it is the
    details ("Salma, Rabat, hay riad zanqa 7"), read like an answer to the details question."""
    p = turn.p
    found = turn.found            # "livraison à Rabat, 3 rue…": the details, not a question
    # "leila, safi, hay kawki": the details, "safi" the city (not "ok") beside a street
    # "omar casa hay salam zanqa 4, llah ykhlik": a courtesy or a greeting around them too
    addressed = found and found.address and (p.intent in ("delivery", "thanks", "greet") or (
        p.intent == "confirm" and len(fragments(turn.event.text)) > 1))
    # "Olive Green", "Honey Brown" when the name is asked for: a name, not green olives
    # "Salma", "Amal": a first name everybody knows, alone, that only looks like a product
    # ("salmiya", sage) by a guess is the name too (it asked "how many sage?", the order lost)
    named_only = not turn.data["details"].get("name") and (
        (p.items and name_not_order(turn, turn.event.text, p, asked=True))
        or (p.guessed and nlu_details.first_name_alone(turn.event.text))
        or (p.guessed and p.city and p.number is None and not p.items    # "الزهرة الصويرة":
            and len(p.ambiguous) == 1))                  # a name close to a kind, a town
    # "Mia", "Tania": a first name that is also a number word ("mia": a hundred),
    # capitalised alone as a name is written, is the name asked for, never a new count
    named_number = not turn.data["details"].get("name") and not has_order_content(p) \
        and nlu_details.capitalised_also_name(turn.event.text.strip())
    if (not turn.data.pop("details_offered", False) or turn.state != "ordering"
            or turn.data["queue"] or not turn.data["cart"]
            or (has_order_content(p) and not named_only
                and not places_only(turn, city_said=True))      # "Fes, Atlas 4"
            or (p.number is not None and not named_number)
            or (p.intent in INTERRUPTING + NOT_AN_ANSWER and not addressed)
            or sizes_of_last(turn) or colours_of_last(turn)):   # "un M et un L", "1 red 1
        return False                                  # blue": no name and address
    text = turn.event.text
    parts = split_cities(fragments(text))           # "Said marrakech massira 3 n 15" too
    numbered = [f for f in parts if re.search(r"\d", f)]
    places = len(parts) > 1 and all(                  # "…, Meknes, marjane 2 n 41": a house
        (nlu_details.has_unknown_word(f) or street_numbered(f)) and not orders(turn, f)
        for f in numbered) or places_only(turn, city_said=True)   # ("…, 5 Place du 9
    #                                                                 Avril"; "Fes, Atlas 4")
    said = found.rest if found and found.address else text    # "rue de la (no) liberte"
    if any(nlu_details.says(said, kind) for kind in ("correction", "restart", "swap", "more")) \
            or nlu_details.has_marker(text, "remove") \
            or (counts_said(turn, text) and not (found and found.address) and not places
                and not named_number):
        return False                             # "pardon, 3 pas 1": a change, not details
    shaped = (found and (found.name or found.address)) or nlu_details.city_only(text)[0] \
        or len(parts) > 1 or named_number or (not turn.data["details"].get("name")
                              and (nlu_details.bare_name(text) or _typed_name(text)))
    missing = missing_details(turn)
    named = missing == ["city"] and turn.data.get("city_named")   # asked about before
    if shaped and turn.volunteered and (not missing or named):
        next_detail(turn)                       # all of them, read with the message
        return True
    if not shaped or not missing:
        return False
    turn.state = f"ask_{missing[0]}"
    if on_details(turn):
        return True
    if addressed and turn.volunteered:
        next_detail(turn)    # "send to my friend karim in tangier, 20 rue …": kept, no question
        return True
    turn.state = "ordering"
    return False


def details_noted(turn: Turn) -> None:
    """The delivery details this message gave, said back before the open question is asked
    again ("Karim, casa, hay nour 12" at "which one?": kept, and the customer sees it; they
    were kept silently and the list came back as if nothing had been read)."""
    before, details = turn.details_before, turn.data["details"]
    said = [str(details[key]) if key != "city" else answers.city_label(details[key], turn.lang)
            for key in ("name", "city", "address")
            if details.get(key) and details.get(key) != before.get(key)]
    if said:
        sep = i18n.t(turn.lang, "details_noted_sep").strip("\"")   # (quoted: spaces kept)
        turn.say("details_noted", details=sep.join(said))


def ask_queue_head(turn: Turn) -> None:
    q = turn.data["queue"][0]
    if q["type"] == "qty" and q.get("unmade"):
        made = _made_of_sizes(turn, [q["sku"]], q.get("unmade") or 0)
        turn.say("ask_qty_too_much" if made else "ask_qty_unmade", product=turn.label(q["sku"]),
                 said=_measure_text(turn, q["sku"], q.get("unmade") or 0))
    elif q["type"] == "qty":
        turn.say("ask_qty", product=turn.label(q["sku"]))
    elif q.get("unmade"):
        made = _made_of_sizes(turn, q["candidates"], q.get("unmade") or 0)
        turn.say("ask_choice_too_much" if made else "ask_choice_unmade",
                 options=turn.numbered(q["candidates"]),
                 said=_measure_text(turn, q["candidates"][0], q.get("unmade") or 0))
    elif q.get("guess") and len(q["candidates"]) == 1:
        turn.say("ask_guess", product=turn.label(q["candidates"][0]))
    else:
        turn.say("ask_choice", options=turn.numbered(q["candidates"]))


