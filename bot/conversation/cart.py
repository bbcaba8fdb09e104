"""Applying order lines to the cart, and the pending questions about it (how many? which one?).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

from .. import i18n, nlu
from ..catalog import size_label
from ..nlu import details as nlu_details
from ..nlu.lexicon import LEXICON
from ..nlu.textnorm import key_variants, lookup_key
from . import basket
from .basket import (
    alternatives,
    base_name,
    cart_qty,
    family_name,
    remove_line,
    removed_skus,
    set_line,
    swapped_quantity,
)
from .checkout import (
    fields_text,
    fragments,
    missing_details,
    name_not_order,
    next_detail,
    on_details,
    set_city,
    split_cities,
    start_checkout,
    summary,
)
from .model import (
    DETAIL_STATES,
    INTERRUPTING,
    MAX_QTY,
    NOT_AN_ANSWER,
    ChoiceQuestion,
    Question,
    Turn,
    asks_about,
    clean_name,
    has_order_content,
    orders,
)


def _corrects(text: str) -> bool:
    """"la smah lia", "sorry, make it 2": a correction of what was just said, unless it
    keeps adding ("la, zid 1 ghassoul"; "ah non la pâte, 2 aussi" sets: as many as well)."""
    return nlu_details.says(text, "correction") and not nlu_details.says(
        nlu_details.without(text, "also"), "more")


def corrected_quantity(turn: Turn) -> bool:
    """"la, bghit jouj machi wa7da", "non, 2 pas 1": the one line just touched (or the only
    one) gets the number said before the negation."""
    p = turn.p
    if has_order_content(p) or not turn.data["cart"]:
        return False
    before = nlu_details.before_negation(turn.event.text)
    if before is not None:
        numbers = _numbers(turn, before)
    elif (_corrects(turn.event.text) or p.set_quantity
          and not nlu_details.says(turn.event.text, "more")):
        numbers = _numbers(turn, turn.event.text)    # "la smah lia, bghit tlata", "make it 2"
    else:
        return False
    number = numbers[-1] if len(numbers) == 1 or before is not None and numbers else None
    cart = turn.data["cart"]
    sku = turn.data.get("last_sku") if cart_qty(turn, turn.data.get("last_sku")) else (
        cart[0]["sku"] if len(cart) == 1 else None)
    if number is None or not sku or not 0 < number <= MAX_QTY:
        return False
    turn.data["pending_set"] = {"sku": sku, "qty": int(number)}
    return True


def count_then_more(turn: Turn) -> bool:
    """"actually make it 2 and add 1 kg of boufeggous", "la dir 2 w zid kilo dyal boufgous",
    "finalement 2 boîtes, et ajoutez …": a corrected count for the line just touched (or that
    many more: "zid 2 w zid …"), then more products. That line gets the count and the rest of
    the message is read as the new lines (the count was lost: the line kept its old quantity
    under the new products)."""
    last = turn.data.get("last_sku")
    if not has_order_content(turn.p) or turn.data["queue"] or not cart_qty(turn, last):
        return False
    parts = nlu_details.split_at(turn.event.text, "more")
    if parts is None:
        return False
    head, tail = parts
    said = nlu.parse(head, turn.ctx.index)
    more = nlu_details.says(head, "more")             # "zid 2 w zid kilo dyal …": 2 more
    if has_order_content(said) or not (more or nlu_details.says(head, "correction")
                                       or said.set_quantity):
        return False
    numbers = _numbers(turn, head)
    rest = nlu.parse(tail, turn.ctx.index)
    if len(numbers) != 1 or not 0 < numbers[0] <= MAX_QTY or not has_order_content(rest):
        return False
    qty = numbers[0] + ((cart_qty(turn, last) or 0) if more else 0)
    if qty > MAX_QTY:
        return False
    turn.data["pending_set"] = {"sku": last, "qty": qty}
    turn.parse = rest
    return True


def each_quantity(turn: Turn) -> bool:
    """"dir 2 mn kol wa7da", "3 de chaque", "make it 2 of each": every line of the basket
    gets the count ("zid wa7ed mn kol wa7da": one more of each)."""
    text = turn.event.text
    if (has_order_content(turn.p) or len(turn.data["cart"]) < 2
            or not nlu_details.says(text, "each")):
        return False
    numbers = _numbers(turn, nlu_details.without(text, "each"))
    if len(numbers) != 1 or not 0 < numbers[0] <= MAX_QTY:
        return False
    more = nlu_details.says(text, "more")
    for line in list(turn.data["cart"]):
        set_line(turn, line["sku"], numbers[0], add=more)
    return True


def size_switch(turn: Turn) -> bool:
    """"la bdelha b nss kilo", "actually make them the 100ml ones", "mettez la louiza de
    100g à la place": a line of the basket becomes the same product in the size named, with
    its quantity. The line is the one just touched, else the one line of the basket whose
    product comes in the size named ("make it the big one" after the batbout was added)."""
    p = turn.p
    text = turn.event.text
    if not (nlu_details.says(text, "correction") or p.replace or p.set_quantity
            or p.intent == "deny" or nlu_details.says(text, "restart")):
        return False
    if has_order_content(p) and not _renamed_in_a_size(turn):
        return False
    last = turn.data.get("last_sku")
    lines = [last] + [line["sku"] for line in turn.data["cart"] if line["sku"] != last]
    switches = [(sku, new) for sku in lines if sku and cart_qty(turn, sku)
                and (new := _same_product_resized(turn, sku)) is not None]
    if not switches or (switches[0][0] != last and len(switches) > 1):
        return False
    sku, new = switches[0]
    # "make it one jar of the 500g instead", "bdelhom b wa7ed dyal kilo": that many
    said = _qty_beside_size(turn, new) or _spelled_count(turn)
    qty = cart_qty(turn, sku)
    remove_line(turn, sku)
    set_line(turn, new, said or qty or 1, add=True)
    return True


def _renamed_in_a_size(turn: Turn) -> bool:
    """The one product named is another size of a line of the basket, and nothing says it
    comes as well ("zid", "aussi"): the message changes that line's size."""
    p = turn.p
    if len(p.items) != 1 or p.ambiguous or p.removed or nlu_details.says(
            turn.event.text, "more"):
        return False
    product = turn.product(p.items[0].sku)
    return product is not None and not cart_qty(turn, p.items[0].sku) and any(
        base_name(turn.item(line["sku"])) == base_name(product) for line in turn.data["cart"])


def _same_product_resized(turn: Turn, sku: str) -> str | None:
    """The other size of ``sku``'s product that the message names, in stock, else None."""
    base = base_name(turn.item(sku))
    again = reread_in_name(turn, base, turn.event.text, sku)
    named = {i.sku for i in again.items}
    if len(named) != 1 or sku in named:
        return None
    new = named.pop()
    product = turn.product(new)
    if not product or base_name(product) != base or not product["in_stock"]:
        return None
    return new


def reading_name(name: str) -> str:
    """A product's name to re-read a message after, without its container words ("Huile
    d'olive bidon": "bidon" before "wakha" would read as one can ordered)."""
    return " ".join(word for word in name.split() if not any(
        payload[0] == "container"
        for payload in LEXICON.grammar.longest([key_variants(word)], 0)[1]))


def reread_in_name(turn: Turn, name: str, text: str, sku: str) -> nlu.Parse:
    """``text`` read after a basket line's ``name``, the line being ``sku``: the longest end of
    it that names one other product, nothing else ("لا ماشي لتر، بغيت جوج ديال 5 لتر", "no
    make it two 5L": the negated size first hid the one wanted), else the whole of it."""
    name = reading_name(name)
    whole = nlu.parse(f"{name} {text}", turn.ctx.index)
    words = nlu.normalise(text).split()
    for start in range(len(words)):
        again = whole if start == 0 else nlu.parse(
            f"{name} {' '.join(words[start:])}", turn.ctx.index)
        if (len(again.items) == 1 and again.items[0].sku != sku and not again.ambiguous
                and not again.removed):
            return again
    return whole


def _without_size_pronouns(words: list[str]) -> list[str]:
    """Normalised words without a "one" that stands for the product right after a size
    ("the 1 kg one", "the 500 g ones"): it is no count."""
    return [w for k, w in enumerate(words)
            if not (lookup_key(w) in LEXICON.pronoun_one_keys
                    and any(any(c.isdigit() for c in x) for x in words[max(0, k - 2):k]))]


def _spelled_count(turn: Turn) -> int | None:
    """The one count written in words in the message ("bdelhom b wa7ed dyal kilo", "jouj"),
    figures left out: beside a unit they are a size ("b 1 kilo")."""
    words = [w for w in _without_size_pronouns(nlu.normalise(turn.event.text).split())
             if not w[:1].isdigit()]
    counts = [n for n in _numbers(turn, " ".join(words)) if 0 < n <= MAX_QTY]
    return counts[0] if len(counts) == 1 else None


def _numbers(turn: Turn, text: str) -> list[int]:
    """The numbers written in ``text``, each word read on its own ("tlata", "3", "two")."""
    out = []
    for word in nlu.normalise(text).split():
        number = nlu.parse(word, turn.ctx.index).number
        if number is not None:
            out.append(int(number))
    return out


def said_count(turn: Turn, item: nlu.Item) -> int | None:
    """The count of ``item`` when the message writes it as a number right before the product
    ("change it to one herb cheese", "bdelhom b jouj ghassoul"), not as a "one" standing for
    the product ("the herb one"), an article ("a herb cheese") or the part of the line
    swapped ("bdel wa7ed b ghassoul": one of them): a swap takes it instead of the line's."""
    quantity = item.quantity
    if not quantity or turn.p.one_is_pronoun or not 0 < quantity <= MAX_QTY:
        return None
    words = nlu.normalise(turn.event.text).split()
    for k, word in enumerate(words[:-1]):
        if _numbers(turn, word) == [int(quantity)]:
            after = nlu.parse(words[k + 1], turn.ctx.index)
            if item.sku in [i.sku for i in after.items] + [
                    s for a in after.ambiguous for s in a.candidates]:
                return int(quantity)
    return None


def set_last_quantity(turn: Turn) -> bool:
    """``khlli ghir jouj`` with no product named: change the line just touched."""
    p = turn.p
    sku = turn.data.get("last_sku")
    if not p.set_quantity or p.number is None or not sku or cart_qty(turn, sku) is None:
        return False
    if p.number <= 0:
        return False
    turn.data["pending_set"] = {"sku": sku, "qty": int(p.number)}
    return True


def measured_for_last(turn: Turn) -> nlu.Item | None:
    """The size and count a message naming no product says for the basket line just touched
    ("3tini jouj kilo", "zid rob3 kilo" after "1 × التحميرة كيلو"): the message read after
    that line's product name, when it names one size of it with a count; else None."""
    p = turn.p
    sku = turn.data.get("last_sku")
    if not sku or not cart_qty(turn, sku) or has_order_content(p) or p.number is not None:
        return None
    name = reading_name(family_name(turn.item(sku)))
    read = nlu.parse(f"{name} {turn.event.text}", turn.ctx.index)
    if (len(read.items) != 1 or read.ambiguous or read.removed
            or not read.items[0].quantity or read.items[0].quantity > MAX_QTY
            or family_name(turn.item(read.items[0].sku)) != family_name(turn.item(sku))):
        return None
    return read.items[0]


def measure_of_last_line(turn: Turn) -> bool:
    """"3tini jouj kilo", "عطيني جوج كيلو" right after "1 × التحميرة كيلو": a count of the
    line's own size is its quantity ("zid jouj kilo": that many more); another size comes
    as well with "zid" ("zid rob3 kilo"), else it is left alone (more of it, or instead?)."""
    item = measured_for_last(turn)
    sku = turn.data.get("last_sku")
    if item is None or turn.p.set_quantity:
        return False
    more = nlu_details.says(turn.event.text, "more")
    if item.sku != sku and not more:
        return False
    have = (cart_qty(turn, item.sku) or 0) if more else 0
    turn.data["pending_set"] = {"sku": item.sku, "qty": int(item.quantity or 1) + have}
    return True


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
    new = [i for i in p.items if cart_qty(turn, i.sku) is None]
    last = turn.data.get("last_sku")
    of_them = nlu_details.one_of_them(text)     # "bdel wa7ed menhom b …": part of the line
    said = said_count(turn, new[0]) if len(p.items) == 1 and new and not of_them else None
    if (nlu_details.says(text, "swap") and not p.replace and len(p.items) == 1 and new
            and not p.ambiguous and cart_qty(turn, last) and not of_them):
        # "la bdelhom b kesksou dra", "changez-le par la poudre 500g": as many (a size is
        # no count); "la bdelhom b 3 ghassoul", "change it to one herb cheese": the count said
        qty = said or cart_qty(turn, last)
        remove_line(turn, last)
        turn.parse = dataclasses.replace(p, items=(nlu.Item(new[0].sku, qty, "add"),))
        return
    if (nlu_details.says(text, "swap") and not p.replace and not p.removed
            and not of_them and cart_qty(turn, last)
            and not any(cart_qty(turn, i.sku) for i in p.items)
            and not any(last in a.candidates for a in p.ambiguous)
            and (len(p.items) + len(p.ambiguous) > 1 or p.ambiguous
                 or (new and new[0].quantity and not p.one_is_pronoun))):
        remove_line(turn, last)     # "actually no, 2 ras el hanout instead": they replace it
        return
    cart = turn.data["cart"]
    old = last if cart_qty(turn, last) else (cart[0]["sku"] if len(cart) == 1 else None)
    if (of_them and len(p.items) == 1 and new and not p.ambiguous
            and old and old != new[0].sku and (nlu_details.says(text, "swap") or any(
                lookup_key(w) in LEXICON.replace_keys for w in nlu.normalise(text).split()))):
        qty = new[0].quantity or 1                 # "bdel wa7ed menhom b ghassoul": one goes
        have = cart_qty(turn, old) or 0
        if qty < have:
            set_line(turn, old, have - qty, add=False)
        else:
            remove_line(turn, old)
        turn.parse = dataclasses.replace(p, items=(nlu.Item(new[0].sku, qty, "add"),),
                                         removed=())
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
    if _corrects(text):
        items = tuple(nlu.Item(i.sku, i.quantity, "set") if i.quantity and
                      cart_qty(turn, i.sku) is not None else i for i in p.items)
        turn.parse = dataclasses.replace(p, items=items)


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
    same = _same_as_before(turn)          # "and the same of orange blossom water"
    counted = turn.volunteered and any(i.quantity for i in p.items)   # details came with it
    for item in p.items:
        product = turn.product(item.sku)
        if product is None:
            continue
        if not product["in_stock"]:
            out_of_stock.append(item.sku)
            if item.quantity:
                wanted[item.sku] = int(item.quantity)
            continue
        if item.quantity is None and swapped:
            item = nlu.Item(item.sku, swapped, item.op)
        if item.quantity is None and same and cart_qty(turn, item.sku) is None:
            item = nlu.Item(item.sku, same[0], item.op)
        if item.quantity is None and cart_qty(turn, item.sku) is None and (
                counted or (turn.to_summary and nlu_details.says(turn.event.text, "more"))):
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
        set_line(turn, item.sku, int(item.quantity), add=getattr(item, "op", "add") != "set")
        turn.data["queue"] = [q for q in turn.data["queue"]      # "how many?" answered by
                              if not (q["type"] == "qty" and q["sku"] == item.sku)]  # "zid kilo"
        changed = True
    for amb in p.ambiguous:
        candidates = [s for s in amb.candidates if turn.product(s) and turn.item(s)["in_stock"]]
        if not candidates:
            out_of_stock.extend(amb.candidates[:1])
            continue
        if len(candidates) == 1:
            if amb.quantity:
                set_line(turn, candidates[0], int(amb.quantity), add=True)
                changed = True
            else:
                asked.append({"type": "qty", "sku": candidates[0]})
            continue
        if not amb.quantity and same and not any(cart_qty(turn, s) for s in candidates):
            sized = [s for s in candidates if same[1] and _measure(turn, s) == same[1]]
            if len(sized) == 1:             # "2 × 250 ml" — "the same of orange blossom"
                set_line(turn, sized[0], same[0], add=True)
                changed = True
                continue
            amb = dataclasses.replace(amb, quantity=same[0])
        in_cart = [s for s in candidates if cart_qty(turn, s)]
        if amb.quantity and len(in_cart) == 1:   # "en fait 3 huiles", "deux eaux de rose":
            # the one in the basket; "zid wa7ed msemen": one more of it
            more = amb.op != "set" and nlu_details.says(turn.event.text, "more")
            set_line(turn, in_cart[0], int(amb.quantity), add=more)
            changed = True
            continue
        asked.append({"type": "choice", "candidates": candidates,
                      "quantity": amb.quantity or swapped, "text": amb.text})
    _queue_first(turn, asked)
    removed = []
    # "7ayed wa7ed azir" with two in the basket: one comes off (not "machi wa7ed": a negation)
    counts = {} if nlu_details.before_negation(turn.event.text) is not None else {
        r.sku: int(r.quantity) for r in p.removed
        if isinstance(r, nlu.Item) and r.quantity and r.quantity > 0}
    for sku in removed_skus(p):
        have = cart_qty(turn, sku)
        if have and counts.get(sku, have) < have:
            set_line(turn, sku, have - counts[sku], add=False)
            removed.append(f"{counts[sku]} × {turn.label(sku)}")
        elif remove_line(turn, sku):
            removed.append(turn.label(sku))
    if removed:
        turn.say("removed", products=", ".join(removed))
        changed = True
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
    if turn.data["queue"]:
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


def _queue_first(turn: Turn, asked: list[Question]) -> None:
    """Put this message's questions first (the customer is talking about them now).

    An older question they make moot goes: the same product's "how many?", or a "which
    one?" whose options include all of the new one's ("miel" then "miel de thym").
    """
    def moot(old: Question) -> bool:
        for new in asked:
            if old["type"] == "qty" and old["sku"] in asks_about(new):
                return True
            if old["type"] == "choice" and new["type"] == "choice" and \
                    set(new["candidates"]) <= set(old["candidates"]):
                return True
        return False
    turn.data["queue"] = asked + [q for q in turn.data["queue"] if not moot(q)]


def offer_instead(turn: Turn, sku: str, qty: int | None = None) -> None:
    """Out of stock: the same product in another size first, then similar products, each
    list under a line saying what it is (numbered on, so a number picks one)."""
    out = turn.item(sku)
    variants = [p["sku"] for p in turn.ctx.products if p["in_stock"] and p["sku"] != sku
                and base_name(p) == base_name(out)]
    similar = [s for s in alternatives(turn, sku) if s not in variants][:max(0, 4 - len(variants))]
    parts = []
    if variants:
        parts.append(i18n.t(turn.lang, "instead_variants") + "\n" + turn.numbered(variants))
    if similar:
        listed = turn.numbered(variants + similar).split("\n")[len(variants):]
        parts.append(i18n.t(turn.lang, "instead_similar") + "\n" + "\n".join(listed))
    turn.say("out_of_stock", product=turn.label(sku), alternatives="\n".join(parts))
    if variants or similar:
        turn.data["last_list"] = variants + similar
        if qty:
            turn.data["last_list_qty"] = qty
    else:
        turn.say("see_catalog")                  # nothing alike: where to look instead


def show_cart(turn: Turn, ask_more: bool = True) -> None:
    cart = turn.data["cart"]
    if not cart:
        turn.say("cart_empty")
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
    turn.say("ask_more_or_details", fields=fields_text(turn, missing))
    return True


def details_offered_answer(turn: Turn) -> bool:
    """The answer to "anything else? if not, your name, city and address" when it is the
    details ("Salma, Rabat, hay riad zanqa 7"), read like an answer to the details question."""
    p = turn.p
    found = turn.found            # "livraison à Rabat, 3 rue…": the details, not a question
    addressed = p.intent == "delivery" and found and found.address
    # "Olive Green", "Honey Brown" when the name is asked for: a name, not green olives
    named_only = p.items and not turn.data["details"].get("name") and name_not_order(
        turn, turn.event.text, p, asked=True)
    if (not turn.data.pop("details_offered", False) or turn.state != "ordering"
            or turn.data["queue"] or not turn.data["cart"]
            or (has_order_content(p) and not named_only) or p.number is not None
            or (p.intent in INTERRUPTING + NOT_AN_ANSWER and not addressed)):
        return False
    text = turn.event.text
    parts = split_cities(fragments(text))           # "Said marrakech massira 3 n 15" too
    numbered = [f for f in parts if re.search(r"\d", f)]
    places = len(parts) > 1 and all(                  # "…, Meknes, marjane 2 n 41": a house
        nlu_details.has_unknown_word(f) and not orders(turn, f) for f in numbered)
    if any(nlu_details.says(text, kind) for kind in ("correction", "restart", "swap", "more")) \
            or (_numbers(turn, text) and not (found and found.address) and not places):
        return False                             # "pardon, 3 pas 1": a change, not details
    shaped = (found and (found.name or found.address)) or nlu_details.city_only(text)[0] \
        or len(parts) > 1 or (not turn.data["details"].get("name")
                                         and nlu_details.bare_name(text))
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
    turn.state = "ordering"
    return False


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
    for q in queue:
        if not q.get("soft"):
            turn.say("queue_dropped", product=_asked_about(turn, q))
    turn.data["queue"] = []
    return False


def drop_asked_twice(turn: Turn) -> bool:
    """The customer goes on to the delivery details while a question already asked twice is
    open: each such question is dropped in words (never a third "which one?"), the basket
    goes on. True when something was dropped (only with something in the basket)."""
    queue = turn.data["queue"]
    if not turn.data["cart"] or not queue or not queue[0].get("reasked") \
            or queue[0].get("soft"):
        return False
    for q in queue:
        if q.get("reasked") and not q.get("soft"):
            turn.say("queue_dropped", product=_asked_about(turn, q))
    turn.data["queue"] = [q for q in queue if not q.get("reasked") and not q.get("soft")]
    return True


def _asked_about(turn: Turn, q: Question) -> str:
    """What an open question is about, as the customer named it."""
    if q["type"] == "qty":
        return turn.label(q["sku"])
    return q.get("text") or turn.label(q["candidates"][0])


def _name_while_choosing(turn: Turn) -> bool:
    """"Laila Amrani" at "which one?": the customer is on to the details; the name is kept
    for checkout (the question is asked again). A name of two words or more, none yet."""
    text = turn.event.text
    details = turn.data["details"]
    name = nlu_details.bare_name(text)
    if (not name or details.get("name") or len(name.split()) < 2 or orders(turn, text)
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


def ask_queue_head(turn: Turn) -> None:
    q = turn.data["queue"][0]
    if q["type"] == "qty":
        turn.say("ask_qty", product=turn.label(q["sku"]))
    else:
        turn.say("ask_choice", options=turn.numbered(q["candidates"]))


def answer_queue(turn: Turn) -> bool:
    """Use the message as the answer to the first pending question, if it is one."""
    p = turn.p
    q = turn.data["queue"][0]
    if q.get("soft"):
        # An offer after a price answer ("how many?"): answered, or dropped for anything else.
        answered = _choice_answer(turn, q) if q["type"] == "choice" else \
            _quantity_answer(p, q["sku"])
        said = q.get("said") if q["type"] == "qty" else None
        if answered is None and said and p.intent == "confirm" and not has_order_content(p):
            answered = said     # "3 bidons, ch7al?" — "1050 DH, shall I add them?" — "wakha"
        if answered is None and _takes_it(turn):
            if q["type"] == "choice":   # "how much is the rose water?" (two sizes) — "ok
                q.pop("soft")           # I'll take it": which one, asked plainly
                q["candidates"] = list(q["candidates"])
                ask_queue_head(turn)
                return True
            p = turn.parse = dataclasses.replace(p, intent="order", number=1)
            answered = 1                # "how much is the rose oil?" — "ok I'll take it"
        if answered is None and p.intent == "unknown" and not has_order_content(p):
            return False        # "ghali chwiya": the product just discussed stays the context
        q.pop("soft")
        if answered is None or (q["type"] == "qty" and p.intent not in ("order", "unknown")
                                and not (said and p.intent == "confirm")):
            turn.data["queue"].pop(0)
            return False
        if q["type"] == "choice":
            q["candidates"] = list(q["candidates"])
    if q["type"] == "qty":
        qty = _quantity_answer(p, q["sku"])
        if (qty is None or p.one_is_pronoun) and size_word_pick(p) \
                and not has_order_content(p):             # "the medium one": which, not 1
            family = _sizes_of(turn, q["sku"])              # "la smeh lia, sghir": the
            picked = by_size_word(turn, family, p.size_hint, p.containers)   # other size
            qty = int(p.number) if p.number and 0 < p.number <= MAX_QTY else None
            if picked is None and len(family) > 1:
                # "no sorry the medium one" when no size is that one: which, not this one
                turn.data["queue"][0] = {"type": "choice", "candidates": family, "quantity": qty}
                ask_queue_head(turn)
                return True
            q["sku"] = picked or q["sku"]
            if qty is None:
                turn.say("ask_qty", product=turn.label(q["sku"]))
                return True
        if qty is None and p.intent == "confirm" and not has_order_content(p) \
                and not any(c.isdigit() for c in turn.event.text):
            qty = q.get("said", 1)                   # "how many?" — "safi" / "ok": one
        if qty is None:
            if has_order_content(p) or p.intent not in ("unknown", "confirm"):
                return False
            turn.used = False
            turn.say("ask_qty_again", product=turn.label(q["sku"]))
            return True
        turn.data["queue"].pop(0)
        if qty > 0:
            set_line(turn, q["sku"], qty, add=True)
        _after_answer(turn, p, consumed_items={q["sku"]})
        return True
    if _split_choice(turn, q):
        return True
    before = list(q["candidates"])
    sku = _choice_answer(turn, q)
    if sku is None and q["candidates"] != before:       # "le miel de thym": fewer options
        turn.say("ask_choice", options=turn.numbered(q["candidates"]))
        return True
    if sku is None:
        out_of_range = (p.number is not None or p.ordinal is not None) and not p.set_quantity
        if has_order_content(p) or (p.intent not in ("unknown",) and not out_of_range):
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
        turn.say("ask_choice_again", options=turn.numbered(q["candidates"]))
        return True
    turn.data["queue"].pop(0)
    if not turn.item(sku)["in_stock"]:
        turn.say("out_of_stock", product=turn.label(sku), alternatives="")
        _after_answer(turn, p, consumed_items={sku})
        return True
    qty = q.get("quantity")
    item_qty = next((i.quantity for i in p.items if i.sku == sku and i.quantity), None)
    counted = int(p.number) if size_word_pick(p) and p.number and not p.items \
        and 0 < p.number <= MAX_QTY else None          # "wa7ed sghir", "deux petits"
    if qty and any(lookup_key(w) in LEXICON.pronoun_one_keys
                   for w in nlu.normalise(turn.event.text).split()):
        # "2 olive oil" — "the smaller one", "2 packs of msemen" — "the plain one": still two
        counted = None if counted == 1 else counted
        item_qty = None if item_qty == 1 else item_qty
    qty = _qty_beside_size(turn, sku) or item_qty or counted or qty
    if qty:
        set_line(turn, sku, int(qty), add=True)
    else:
        turn.data["queue"].insert(0, {"type": "qty", "sku": sku})
    _after_answer(turn, p, consumed_items={sku})
    return True


def _split_choice(turn: Turn, q) -> bool:
    """"Which rose water?" — "une grande et une petite", "one big one small": each size
    said with its count is a line (it took the first size for the whole quantity)."""
    p = turn.p
    skus = [s for s in q["candidates"] if turn.product(s)]
    if has_order_content(p) or not skus or len({family_name(turn.item(s)) for s in skus}) != 1:
        return False
    read = nlu.parse(f"{family_name(turn.item(skus[0]))} {turn.event.text}", turn.ctx.index)
    lines = [i for i in read.items if i.sku in skus and i.quantity]
    if len(lines) < 2 or len(lines) != len(read.items) or read.ambiguous or read.removed:
        return False
    turn.data["queue"].pop(0)
    for item in lines:
        set_line(turn, item.sku, int(item.quantity or 1), add=True)
    _after_answer(turn, p, consumed_items=set(skus))
    return True


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
    if extra or p.removed or vague:         # "deux eaux de rose et un miel": the rose too
        turn.parse = dataclasses.replace(p, items=tuple(extra), ambiguous=vague,
                                         unknown_products=())
        turn.state = "ordering"
        apply_order(turn, changed=True)     # the answer's line is shown with the rest
        return
    turn.state = "ordering"
    if turn.data["queue"]:
        ask_queue_head(turn)
    elif turn.data.get("rushing"):
        checkout_now(turn)          # the order came with delivery details: on to them
    else:
        show_cart(turn, ask_more=True)


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


def _choice_answer(turn: Turn, q: ChoiceQuestion) -> str | None:
    p = turn.p
    candidates = q["candidates"]
    named = [i.sku for i in p.items if i.sku in candidates]
    if len(named) == 1:      # "2 kg de mejhoul et 500g d'amandes": the 500g is the almonds'
        return named[0]
    index = turn.ctx.index
    assert isinstance(index, nlu.CatalogIndex)
    sized = nlu.by_dimensions(index, candidates, p.dimensions) if p.dimensions else []
    if len(sized) == 1 and not p.items:
        return sized[0]                                  # "the 30cm one", "pour 6 personnes"
    if p.dimensions and not p.items and not any(
            info.dims & set(p.dimensions) for info in index.products if info.sku in candidates):
        return None          # a size none of them has: its "one" picks no first one
    text = nlu.normalise(turn.event.text)
    by_size = [s for s in candidates if size_label(turn.item(s)).lower() and
               size_label(turn.item(s)).lower() in text.replace(" ", "")]
    if len(by_size) == 1:                          # "the 1kg", "2 of the 500g"
        return by_size[0]
    names = {family_name(turn.item(s)) for s in candidates}
    if len(names) == 1 and not (p.items or p.ambiguous) and (
            p.number is None or p.number > len(candidates)):   # "litre", "250": its size
        read = nlu.parse(f"{names.pop()} {turn.event.text}", turn.ctx.index)
        hits = [i.sku for i in read.items if i.sku in candidates]
        if len(hits) == 1 and len(read.items) == 1:
            return hits[0]
    if p.number is not None and size_word_pick(p) and not p.items:
        return by_size_word(turn, candidates, p.size_hint, p.containers)   # "jouj sghar"
    if p.number is not None and not p.items and 1 <= p.number <= len(candidates):
        return candidates[int(p.number) - 1]
    position = ordinal_position(p, len(candidates))
    if position is not None and not p.items:           # "الثاني", "le 2eme", "lakher"
        return candidates[position - 1]
    for amb in p.ambiguous:
        narrowed = [s for s in amb.candidates if s in candidates]
        if len(narrowed) == 1:
            return narrowed[0]
        if narrowed and len(narrowed) < len(candidates):
            q["candidates"] = narrowed
            candidates = narrowed
    if size_word_pick(p):
        return by_size_word(turn, candidates, p.size_hint, p.containers)
    return _resized_mention(turn, q)


def _resized_mention(turn: Turn, q: ChoiceQuestion) -> str | None:
    """"kharroub dyal kilo" (the powder or the pods?) — "la, nss kilo": the customer's own
    words for the product read again with the message, naming no product itself; the one
    product in stock they name now answers (only the powder comes in 500 g), with the count
    read with it."""
    p = turn.p
    words = q.get("text")
    if not words or p.items or p.ambiguous or p.removed:
        return None
    read = nlu.parse(f"{words} {_swapped_to(turn.event.text)}", turn.ctx.index)
    if len(read.items) != 1 or read.ambiguous or read.removed:
        return None
    item = read.items[0]
    product = turn.product(item.sku)
    if not product or not product["in_stock"]:
        return None
    if item.quantity:
        q["quantity"] = int(item.quantity)
    return item.sku


def _swapped_to(text: str) -> str:
    """What a swap with no "not" in it asks for ("la bdel lkilo b nss": "nss"), else the
    whole message."""
    tokens = nlu.normalise(text).split()
    keys = [lookup_key(t) for t in tokens]
    if not nlu_details.says(text, "swap") or nlu_details.before_negation(text) is not None:
        return text
    joins = [k for k, key in enumerate(keys) if key in LEXICON.replace_joiner_keys]
    return " ".join(tokens[joins[-1] + 1:]) if joins and joins[-1] + 1 < len(tokens) else text


def _sizes_of(turn: Turn, sku: str) -> list[str]:
    """The sizes of the product ``sku`` is one size of: the same name but for its figures, or
    one product for the index ("Tajine 30 cm (4 pers)" and "Tajine 35cm (6 pers)")."""
    mine = turn.entry(sku)
    name = family_name(turn.item(sku))
    return [s["sku"] for s in turn.ctx.products if family_name(s) == name
            or (mine and (entry := turn.entry(s["sku"])) and entry.variant == mine.variant)]


def sizes_in_context(turn: Turn) -> bool:
    """"2 large ones and a medium" after the baskets were listed, "non pardon, un moyen et un
    grand" after two medium ones were added: several size words, each with its count and no
    product, are lines of the sizes of the product just listed (or of the line just added, which
    a correction replaces). The message is read again after the words their names share."""
    p = turn.p
    if len(p.sizes) < 2 or has_order_content(p) or p.intent not in ("order", "unknown", "deny"):
        return False
    index = turn.ctx.index
    assert isinstance(index, nlu.CatalogIndex)
    listed = [s for s in turn.data.get("last_list") or [] if turn.product(s)]
    last = turn.data.get("last_sku")
    if listed and len({getattr(turn.entry(s), "variant", None) for s in listed}) == 1:
        family, replaced = listed, None
    elif last and cart_qty(turn, last) and nlu_details.says(turn.event.text, "correction"):
        family, replaced = _sizes_of(turn, last), last
    else:
        return False
    names = [turn.item(s)["name"].lower().split() for s in family]
    shared = [w for w in names[0] if all(w in n for n in names[1:])
              and not any(c.isdigit() for c in w)]
    if len(family) < 2 or not shared:
        return False
    read = nlu.parse(f"{reading_name(' '.join(shared))} {turn.event.text}", index)
    if (read.ambiguous or read.removed or len(read.items) != len(p.sizes)
            or any(i.sku not in family or not i.quantity for i in read.items)):
        return False
    if replaced:
        remove_line(turn, replaced)
    turn.parse = dataclasses.replace(read, intent="order")
    return True


def size_word_pick(p) -> bool:
    return p.size_hint in ("small", "big", "medium")


def by_size_word(turn: Turn, candidates: list[str], hint: str | None,
                 containers: Iterable[str] = ()) -> str | None:
    """The smallest, middle or biggest of the candidates ("sghir", "the big one"), among
    those in the container said ("the big jar": not the 250 g refill bag). A name saying
    the size word ("Panier en osier grand") answers for pieces; two candidates of that size
    (a 250 g jar and a 250 g refill) are no answer: None, and the bot asks again."""
    index = turn.ctx.index
    assert isinstance(index, nlu.CatalogIndex)
    info = index.by_sku
    said = set(containers)
    inside = [s for s in candidates if s in info and info[s].containers & said]
    candidates = inside or candidates
    worded = [s for s in candidates if s in info and info[s].size_word == hint]
    if len(worded) == 1:
        return worded[0]

    def size(sku: str) -> float:
        said = nlu.dimension_size(info[sku]) if sku in info else None
        if turn.item(sku)["unit"] == "piece" and said is not None:
            return said                 # "Tajine 30 cm": pieces by the size their names say
        return turn.item(sku)["size"] * (1000 if turn.item(sku)["unit"] in ("kg", "l") else 1)

    sizes = sorted({size(s) for s in candidates})
    if hint == "medium":
        wanted = sizes[len(sizes) // 2] if len(sizes) % 2 and len(sizes) > 1 else None
    else:
        wanted = sizes[0] if hint == "small" else sizes[-1]
    at_size = [s for s in candidates if size(s) == wanted]
    return at_size[0] if len(at_size) == 1 else None


def _qty_beside_size(turn: Turn, sku: str) -> int | None:
    """The quantity said with the chosen product's size: "2 of the 500g", "the 1kg thyme,
    2 please", "une de 100ml" (the size's own number is never the quantity)."""
    product = turn.item(sku)
    label = size_label(product).lower()
    text = nlu.normalise(turn.event.text)
    if not label or label not in text.replace(" ", ""):
        return None
    numbers = [t for t in text.split() if t.isdigit()]     # "ch7al": no 7
    size = str(int(product["size"])) if float(product["size"]).is_integer() else ""
    if size in numbers:
        numbers.remove(size)                               # the size's own number
    if len(numbers) == 1 and 0 < int(numbers[0]) <= MAX_QTY:
        return int(numbers[0])
    if numbers:
        return None
    rest = [t for t in _without_size_pronouns(text.split()) if not t.isdigit()]
    words = [n for n in _numbers(turn, " ".join(rest)) if 0 < n <= MAX_QTY]
    if len(words) > 1:                   # "the 1L one, two": "one" stands for the product
        rest = [t for t in rest if lookup_key(t) not in LEXICON.pronoun_one_keys]
        words = [n for n in _numbers(turn, " ".join(rest)) if 0 < n <= MAX_QTY]
    return words[0] if len(words) == 1 else None


def ordinal_position(p, length: int) -> int | None:
    """The 1-based position an ordinal answer picks in a list of ``length``, if any."""
    if p.ordinal is None:
        return None
    position = length if p.ordinal == nlu.LAST else p.ordinal
    return position if 1 <= position <= length else None


def pick_from_list(turn: Turn, number) -> None:
    options = turn.data.get("last_list") or []
    if not 1 <= number <= len(options):
        turn.used = False
        turn.say("pick_range", max=len(options))
        return
    sku = options[int(number) - 1]
    turn.state = "ordering"
    qty = turn.data.pop("last_list_qty", None)
    if qty:                            # "2 amlou 250g" out of stock, "1": 2 of the one picked
        set_line(turn, sku, int(qty), add=True)
        return show_cart(turn, ask_more=True)
    turn.data["queue"].append({"type": "qty", "sku": sku})
    ask_queue_head(turn)
