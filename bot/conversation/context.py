"""A message read against what was just asked or shown: a count with a size, a size in the
list, "each", a count relative to the basket, a word shared with the line before.
"""

from __future__ import annotations

import dataclasses
import re

from .. import nlu
from ..catalog import normalise_unit, size_label
from ..nlu import details as nlu_details
from .basket import (
    cart_qty,
    context_family,
    designator,
    family_name,
    figures_of,
    head_word,
    holds_figure,
    said_figures,
    set_line,
    sold_out_list,
)
from .cart import ask_queue_head, show_cart
from .choices import by_colour, by_size_word, grade_said, size_label_pick, sizes_of
from .model import MAX_QTY, Turn, has_order_content
from .parts import numbered_place
from .presale import nothing_asked
from .quantities import counts_said, measured_for_last, reading_name, unit_said


def count_with_size(turn: Turn, position: int) -> None:
    """"Give me two of the 30ml", "mettez-moi deux flacons de 15ml" after a list of sizes:
    the count said with the size is the quantity of the one picked. It is read as if the
    message named the product; one (or none) is left to "how many?"."""
    p = turn.p
    if p.designators and p.number and 0 < p.number <= MAX_QTY:
        if not turn.data.get("last_list_qty"):
            turn.data["last_list_qty"] = int(p.number)   # "wa7da nemra 54": one of the 54
        return
    sku = turn.data["last_list"][position - 1]
    if not turn.product(sku):
        return
    # (without its container words: "Henné sachet" + "3 of the big ones" is no sachet of 3,
    # "Smen beldi pot" + "2 de 250g" no jar of 2)
    read = nlu.parse(f"{reading_name(family_name(turn.item(sku)))} {turn.event.text}",
                     turn.ctx.index)
    counts = {i.quantity for i in read.items if i.sku == sku and i.quantity}
    if len(read.items) == 1 and len(counts) == 1 and not read.ambiguous:
        [count] = counts
        if count > 1:     # said now, it wins over the count asked before the list ("un demi
            turn.data["last_list_qty"] = count   # kilo de smen", sold out — "2 de 250g")


def size_in_list(turn: Turn) -> int | None:
    """The position in the numbered list last shown of the one option whose size the
    message names ("alors le pot de 1kg", "the 5L one"), if exactly one has it."""
    options = turn.data.get("last_list") or []
    words = re.sub(r"(\d)\s+(?=[a-z])", r"\1", nlu.normalise(turn.event.text)).split()
    hits = [k for k, sku in enumerate(options, 1) if turn.product(sku)
            and size_label(turn.item(sku)).lower() in words]
    if not hits:                        # "pointure 44", "nemra 54", "44" to a list of 4
        said = said_figures(turn, len(options))
        hits = [k for k, sku in enumerate(options, 1) if said and designator(turn, sku) in said]
    if not hits and turn.p.dimensions:  # "le 200 x 300", "200 sur 300" after the rugs: the
        dims = set(turn.p.dimensions)   # one of that size (it was the welcome)
        hits = [k for k, sku in enumerate(options, 1)
                if (e := turn.entry(sku)) is not None and e.dims & dims]
    variants = (sold_out_list(turn) or {}).get("variants") or []
    if len(hits) > 1 and variants:
        # "2 de 1kg" to the couscous 5 kg sold out: its 1 kg listed first, a barley 1 kg
        # among the similar ones (not understood): the same product's size
        hits = [k for k in hits if options[k - 1] in variants] or hits
    return hits[0] if len(hits) == 1 else None


def named_in_list(turn: Turn) -> None:
    """"do you have black soap?" (the three listed) — "rose please, 2 of them": a word that
    names several products (the rose soap, the rose lotion, the rose waters) names the one of
    the list just shown that it fits, when one does (it asked which rose product, and the
    order stalled)."""
    p = turn.p
    listed = {s for s in turn.data.get("last_list") or () if turn.product(s)}
    if (len(listed) < 2 or not p.ambiguous or p.removed or not nothing_asked(turn)
            or turn.state not in ("start", "ordering")):
        return
    items, vague = list(p.items), []
    for amb in p.ambiguous:
        among = [s for s in amb.candidates if s in listed]
        if len(among) == 1 and amb.op == "add":
            items.append(nlu.Item(among[0], amb.quantity, amb.op))
        else:
            vague.append(amb)
    if len(vague) < len(p.ambiguous):
        turn.parse = dataclasses.replace(p, intent="order", items=tuple(items),
                                         ambiguous=tuple(vague))


def read_in_context(turn: Turn) -> None:
    """"3tini jouj kilo", "give me 2 kilo" after the prices or the sizes of one product:
    the measure is read as if the message named that product (it picks the size and the
    quantity). Only a measure that makes a quantity of one of those sizes is taken."""
    p = turn.p
    if p.question and p.topic == "discount" and not p.items and not p.ambiguous:
        return      # "ghali… ila khdit jouj matn9sch?": a haggle, the two no order
    if p.ambiguous and not p.removed and p.ordinal is None and not turn.volunteered \
            and turn.state in ("start", "ordering"):
        return _also_in_context(turn)       # "2 kilos and half a kilo of boufeggous": which
    if (p.ambiguous or p.removed or p.ordinal is not None or turn.state not in ("start", "ordering")
            or turn.volunteered):
        return
    if p.number is None and not p.items and numbered_place(turn):
        return      # "Karim casa sidi maarouf 12" at "how many?": a house number, no count
    head = turn.data["queue"][0] if turn.data["queue"] else None
    options = list(turn.data.get("last_list") or [])
    options_asked = head is not None and head["type"] == "choice"   # "which one?" is open
    if head is not None:
        options = list(head["candidates"]) if head["type"] == "choice" else []
    text = turn.event.text
    sizes = {turn.item(s).get("size") for s in options if turn.product(s)}
    sizes |= figures_of(turn, options)      # "ok 42", "44" after the babouches in stock
    a_count = p.number is not None and bool(options) and p.number not in sizes and (
        p.number > len(options) or reading_name(text, numbers=False).split() != text.split())
    if p.items or (p.number is not None and not a_count):
        return _also_in_context(turn)        # but "give me 3", "2 bottles" after 2 prices:
                                             # a count
    queue = turn.data["queue"]
    if queue and queue[0].get("quantity"):
        return                  # "2 amlou" — "250g": the quantity is known, the size picks
    skus = context_family(turn)
    if skus:
        name = family_name(turn.item(skus[0]))
        skus = skus + [q["sku"] for q in turn.ctx.products   # "3tini ghir wa7ed dyal 1 gram"
                       if q["sku"] not in skus and family_name(q) == name]   # after the 5 g's
        name = reading_name(name)                                            # price
    elif (not queue and not turn.data.get("last_list_qty") and not size_in_list(turn)
          and (shared := _shared_word(turn))):
        # "do you have olives?" — "2 jars of the green and 1 black": of the olives listed
        skus, name = list(turn.data.get("last_list") or []), shared
    elif (len(queue) == 1 and options_asked and queue[0].get("soft") and not p.items
          and unit_said(text) and (shared := _shared_word(turn, options))):
        # "ch7al 3sel?" (the honeys' prices, "which one?" offered) — "bghit 2 kilo": the
        # measure is of the honeys listed ("which of the 1 kg?", the two kilos kept; the
        # list was asked again and the count lost)
        skus, name = options, shared
    else:
        return
    text = turn.event.text
    # the count the name gives on its own ("Coffret cadeau …": one box) is not the message's
    own = {i.sku: i.quantity for i in nlu.parse(name, turn.ctx.index).items if i.quantity}
    # "w lkilo?", "والكيلو؟", "w lkilo ch7al?" after the price of the 100 g: the kilo's price,
    # not a kilo in the basket
    asked = p.number is None and not options_asked and asks_only(turn)
    for words in (f"{name} {text}", f"{text} {name}"):
        read = nlu.parse(words, turn.ctx.index)
        items = tuple(i for i in read.items if i.sku in skus and (
            asked and i.sku not in own or i.quantity and own.get(i.sku) != i.quantity))
        foreign = [i for i in read.items if i.sku not in skus]
        if items and not foreign and (len(items) == 1 or not read.ambiguous):
            # "2 jars of the green and 1 black" after the olives: each of those named
            turn.parse = dataclasses.replace(
                p, intent="price" if asked else "order", ambiguous=(),
                items=tuple(dataclasses.replace(i, quantity=None) for i in items)
                if asked else items)
            return
        counted = [a for a in read.ambiguous if (a.quantity or a.measure)
                   and set(a.candidates) <= set(skus)]   # ("5 kilo": the 5 kg bag or 5 × 1 kg)
        if not read.items and len(read.ambiguous) == 1 and counted and (
                coloured := by_colour(turn, list(counted[0].candidates))):
            # "ok 3 white" after the foutas listed (white, black): three white ones, not
            # "which one?" with the colour said lost
            turn.parse = dataclasses.replace(p, intent="order", ambiguous=(), number=None,
                                             items=(nlu.Item(coloured, counted[0].quantity,
                                                             counted[0].op),))
            return
        if not read.items and len(read.ambiguous) == 1 and counted:
            # "ok 2 bottles", "ok give me 3" after the prices of its sizes: that many,
            # "which one?" (it was the welcome); "je prends 1 kg" after the honeys listed:
            # which of their 1 kg jars
            turn.parse = dataclasses.replace(p, intent="order", ambiguous=tuple(counted),
                                             number=None)
            return


def asks_only(turn: Turn) -> bool:
    """Is the message a question with no word that orders ("w lkilo?", "wach kayn f 250?",
    not "3tini kilo?")?"""
    return turn.p.question and not nlu.intents.cue_scores(
        nlu.textnorm.tokens(turn.event.text)).get("order")


def size_said_alone(turn: Turn) -> None:
    """"ok 3tini 250" after the price of the 250 g, "zid 250" with the 500 ml in the basket:
    a figure too big for a count that is a size of the product in talk is that size (one of
    it, or the count said with it), never 250 of it (it was capped at 50: a 3,000 DH parcel);
    a figure that is none of its sizes stays a number."""
    p = turn.p
    head = turn.data["queue"][0] if turn.data["queue"] else None
    if (p.number is None or p.number < nlu.BARE_SIZE_MIN or has_order_content(p)
            or (head and head["type"] == "choice" and not head.get("soft"))   # it answers
            or turn.state not in ("start", "ordering", "confirm")
            or len(turn.data.get("last_list") or []) >= p.number):    # a pick from the list
        return
    skus = context_family(turn)
    last = turn.data.get("last_sku")
    if not skus and last and turn.product(last):
        skus = [str(last)]
    if skus:            # "wach kayn f 250?" after the 100 g's price: the 250 g of it
        name = family_name(turn.item(skus[0]))
        skus = skus + [q["sku"] for q in turn.ctx.products
                       if q["sku"] not in skus and family_name(q) == name]
    sized = [s for s in skus if (e := turn.entry(s)) is not None and e.size_value == p.number]
    if len(sized) != 1:
        return
    name = reading_name(family_name(turn.item(sized[0])))
    read = nlu.parse(f"{name} {turn.event.text}", turn.ctx.index)
    items = tuple(i for i in read.items if i.sku == sized[0] and i.quantity)
    if len(read.items) == 1 and read.items[0].sku == sized[0] and not read.ambiguous \
            and asks_only(turn):
        turn.parse = dataclasses.replace(     # "wach kayn f 250?": its price, none of it yet
            p, intent="price", number=None,
            items=(dataclasses.replace(read.items[0], quantity=None),))
    elif items and len(read.items) == 1 and not read.ambiguous:
        turn.parse = dataclasses.replace(p, intent="order", items=items, number=None)
    else:                          # "n9es l 250": the size, not 250 of it (asked again)
        turn.parse = dataclasses.replace(p, number=None, intent="unknown")


def count_for_the_alternative(turn: Turn) -> None:
    """"2 pepper goat cheeses" out of stock, the others listed — "ok then the herb ones",
    "the fresh one instead": the one picked by name, as many as were asked (one was put,
    or "how many?" then "that's all" put one). A count said with it is kept, and so is a
    measure ("zid kilo dyal boufeggous": one kilo, not the 3 kilos asked of the other)."""
    p, text = turn.p, turn.event.text
    qty, options = turn.data.get("last_list_qty"), turn.data.get("last_list") or []
    if (not qty or len(p.items) != 1 or p.ambiguous or p.removed or p.set_quantity
            or p.number is not None or re.search(r"\d", text)
            or p.items[0].sku not in options or p.items[0].quantity not in (None, 1)
            or (p.items[0].quantity == 1
                and any(normalise_unit(w) for w in nlu.normalise(text).split()))):
        return
    item = p.items[0]
    turn.data.pop("last_list_qty", None)
    turn.parse = dataclasses.replace(p, items=(nlu.Item(item.sku, int(qty), item.op),))


def _only_options(turn: Turn, p, options: list[str]) -> bool:
    """The message names only options of the open "which one?" (its answer, said again), or
    names them all again with its words for the list ("which soap?" — "one of each soap":
    the soap's rows out of stock, never listed, or more soaps than the list are no other
    product, so every row listed)."""
    def stocked(skus) -> set[str]:
        return {s for s in skus if turn.product(s) and turn.item(s)["in_stock"]}

    return not (p.removed or p.unknown_products) and all(
        i.sku in options for i in p.items) and all(
        stocked(a.candidates) <= set(options) or set(a.candidates) >= set(options)
        for a in p.ambiguous)


def each_of_choice(turn: Turn) -> bool:
    """"Which black soap?" — "one of each", "both", "2 of each": every option, that many;
    without a count, the count asked for shared out ("4 black soaps" — "both": two each),
    else one."""
    p, queue = turn.p, turn.data["queue"]
    if (not queue or queue[0]["type"] != "choice"
            or (has_order_content(p) and not _only_options(turn, p, queue[0]["candidates"]))
            or not nlu_details.says(turn.event.text, "each_one")):
        return False
    head = queue[0]
    options = [s for s in head["candidates"] if turn.product(s) and turn.item(s)["in_stock"]]
    if size_label_pick(turn, options):
        return False        # "250g de chaque", "250g each": that size of each product asked
    named = [s for s in options if any(i.sku == s for i in p.items)
             or any(s in a.candidates for a in p.ambiguous)]
    if named and len(named) < len(options):
        options = named     # "both cosmetic ones" of the four argan oils: the two cosmetic
    if nlu_details.says(turn.event.text, "both") and len(options) != 2:
        # "both" of four options (or of the one named): which two is asked, none put in (it
        # put in all four)
        if len(options) < len(head["candidates"]) and len(options) > 1:
            head["candidates"] = options
        ask_queue_head(turn)
        return True
    wanted = int(head.get("quantity") or 0)
    said = {i.quantity for i in p.items if i.quantity}      # "les deux, un de chaque" read
    # the "two" of "les deux", "bjouj" is no count: "which thyme?" — "les deux" is one of
    # each (it put two of each); a count said beside it is ("les deux, 2 de chaque": two)
    left = counts_said(turn, nlu_details.without(turn.event.text, "each_one"))
    number = left[0] if len(set(left)) == 1 else None
    count = int(number) if number else said.pop() if len(said) == 1 else (  # as the options
        wanted // len(options) if options and wanted and wanted % len(options) == 0 else 1)
    if len(options) < 2 or not 0 < count <= MAX_QTY:
        return False
    queue.pop(0)
    for sku in options:
        set_line(turn, sku, count, add=True)
    if queue:
        ask_queue_head(turn)
    else:
        show_cart(turn, ask_more=True)
    return True


def relative_count(turn: Turn) -> dict | None:
    """"Actually 2 more", "another one please", "one less", "actually one less soap": a
    basket line (the one named, else the one just added) gets that many more or fewer, not
    that many ({"sku", "qty"} to set; None when the message is no such change)."""
    p, text = turn.p, turn.event.text
    more, less = nlu_details.says(text, "more"), nlu_details.says(text, "less")
    # "remove one", "enlevez-en un": a count taken out, not the count left (it set 1 of 3)
    less = less or (p.number is not None and not (p.items or p.ambiguous)
                    and nlu_details.has_marker(text, "remove"))
    # "can you take one off": a question asking for the change is the change (it set 1 of 3)
    asked = p.question and not (less and nlu_details.says(text, "request"))
    if (more == less or turn.data["queue"] or p.ambiguous or p.removed or asked
            or len(text.split()) > 7 or turn.state not in ("ordering", "confirm")
            or nlu_details.says(text, "each_one")       # "zid wa7ed mn kol wa7da": all
            or nlu_details.says(text, "each")           # ("زيد واحد من كل وحدة" too)
            or nlu_details.says(text, "swap")           # "changez-les en vert": no "less"
            or nlu_details.says(text, "again")):        # "3awd nfs lcommande": the last order
        return None
    sku: str | None
    if p.items:
        if len(p.items) != 1 or not less:        # "and 2 more soaps" adds already
            return None
        sku, count = p.items[0].sku, p.items[0].quantity or 1
    elif has_order_content(p):
        return None
    elif less and (kind := _line_of_kind(turn)) is not None:
        sku, count = kind                # "nqes wa7ed mn lkhdar": of the green olives
    elif p.size_hint and (named_lines := _lines_of_size_word(turn)):
        # "one more of the small ones" at the 250 g thyme and the 500 g eucalyptus: the line
        # that is its product's small size (the eucalyptus, added last, got it: a wrong
        # parcel); several: which one? asked; none: another size of the last line (below)
        count = int(p.number or 1)
        if len(named_lines) != 1:
            return {"sku": None, "delta": count if more else -count}
        sku = named_lines[0]
    elif p.containers and len(turn.data["cart"]) > 1:
        # "add one more jar" at honey in jars and a candle: the line sold in jars (the
        # candle, added last, got it: a wrong parcel); none or several: which one? asked
        held = [line["sku"] for line in turn.data["cart"]
                if turn.product(line["sku"]) and _sold_in(turn, line["sku"], p.containers)]
        if len(held) != 1:
            count = int(p.number or 1)
            return {"sku": None, "delta": count if more else -count}
        sku = held[0]
        count = int(p.number or _count_of_line(turn, sku) or 1)     # "2 more jars"
    else:
        sku, measured = turn.data.get("last_sku"), measured_for_last(turn)
        if measured is not None and measured.sku != sku:
            return None                 # "zid rob3 kilo" after the kilo: that size comes too
        if measured is None and p.number is None and _measure_said(text):
            return None     # "zid nss kilo dyal khder" after the black olives: not one more
        count = int(p.number or (measured.quantity if measured else None) or 1)
        sized = _other_size_said(turn, sku) if more and measured is None else None
        if sized:                       # "zid wa7ed kbir" after the 1 L can: one 5 L can
            return {"sku": sized, "qty": (cart_qty(turn, sized) or 0) + count} \
                if count <= MAX_QTY else None
        if turn.state == "confirm" and measured is None and len(turn.data["cart"]) > 1:
            return {"sku": None, "delta": count if more else -count}   # which line? asked
    had = cart_qty(turn, sku)
    qty = (had or 0) + (count if more else -count)
    if had and less and qty <= 0 and p.items:
        return {"sku": sku, "qty": 0}   # "one less candle" of the one candle: none (it was
        #                                 read as "one candle" and a second one added)
    return {"sku": sku, "qty": qty} if had and 0 < qty <= MAX_QTY else None


def _lines_of_size_word(turn: Turn) -> list[str]:
    """The basket lines the size word said ("the small ones", "the large") names: each a
    size of a product sold in several, the one of them the word picks."""
    p, picked = turn.p, []
    for line in turn.data["cart"]:
        sku = line["sku"]
        if not turn.product(sku):
            continue
        family = [s for s in sizes_of(turn, sku) if turn.product(s) and turn.item(s)["in_stock"]]
        if len(family) > 1 and by_size_word(turn, family, p.size_hint, p.containers) == sku:
            picked.append(sku)
    return picked


def _other_size_said(turn: Turn, sku: str | None) -> str | None:
    """The size a size word says ("kbir", "un grand", "the small one") among the sizes of
    the line ``sku``'s product, when it is another one than that line's (None otherwise)."""
    if not sku or not turn.p.size_hint or not cart_qty(turn, sku):
        return None
    family = [s for s in sizes_of(turn, sku) if turn.product(s) and turn.item(s)["in_stock"]]
    picked = by_size_word(turn, family, turn.p.size_hint, turn.p.containers) \
        if len(family) > 1 else None
    picked = picked or grade_said(turn, sku)        # "zid wa7ed moyen" after the fine one
    return picked if picked and picked != sku else None


def _count_of_line(turn: Turn, sku: str) -> int | None:
    """The count a message gives in a container ("2 more jars"), read after the line's
    product name (the parser keeps no bare count with a container)."""
    read = nlu.parse(f"{reading_name(family_name(turn.item(sku)))} {turn.event.text}",
                     turn.ctx.index)
    counts = {i.quantity for i in read.items if i.quantity} | {
        a.quantity for a in read.ambiguous if a.quantity}
    return counts.pop() if len(counts) == 1 else None


def _sold_in(turn: Turn, sku: str, containers: tuple[str, ...]) -> bool:
    """Does the sheet sell the product in one of ``containers`` (its unit cell or its name
    says so: "pot", "bocal 500g")?"""
    item = turn.item(sku)
    words = nlu.normalise(f"{item.get('unit') or ''} {item.get('name') or ''}").split()
    keys = {nlu.textnorm.lookup_key(w) for w in words}
    return any(keys & nlu.lexicon.LEXICON.container_keys.get(c, frozenset())
               for c in containers)


def _line_words(turn: Turn, sku: str) -> set[str]:
    """The words of a basket line's name and aliases, normalised."""
    item = turn.item(sku)
    texts = [str(item.get("name") or "")] + [str(a) for a in item.get("aliases") or []]
    return {w for text in texts for w in nlu.normalise(text).split()}


def basket_words(turn: Turn) -> None:
    """A removal or a doubling ("remove the orange blossom", "double the argan", "take out
    the small one") names a basket line by some words of its name or aliases, by a word
    that names several products of which one is in the basket, or by a size among the
    sizes of one product in it: that line is meant. The message is read again with the
    line's name in place of those words (or after them)."""
    p, text = turn.p, turn.event.text
    cart = [line["sku"] for line in turn.data["cart"] if turn.product(line["sku"])]
    if (turn.state not in ("ordering", "confirm") or not cart or turn.data["queue"]
            or p.intent == "cancel"                       # "no, cancel the order": all of it
            or not (nlu_details.has_marker(text, "remove") or nlu_details.says(text, "double")
                    or (p.size_hint and not has_order_content(p)
                        and nlu_details.has_marker(text, "neg")))):
        return          # ("I don't want the small jar": the small one out, not "the small
        #                 one instead of the big one?" and two small ones)
    swaps: list[tuple[str, str]] = []
    for a in p.ambiguous:
        held = [s for s in cart if s in a.candidates]
        if len(held) == 1 and a.text:
            swaps.append((a.text, held[0]))
    for said in p.unknown_products:
        words = set(nlu.normalise(said).split())
        held = [s for s in cart if words and words <= _line_words(turn, s)]
        if len(held) == 1:
            swaps.append((said, held[0]))
    if not swaps and p.size_hint and not has_order_content(p):
        _sized_line(turn, cart)
        return
    if not swaps and not has_order_content(p) and p.number is None and _measure_said(text):
        _line_of_measure(turn, cart)    # "7iyed 500g": the line of that size, else none
        return                          # (not the line just touched with "500g" said of it)
    last = turn.data.get("last_sku")
    if (not swaps and not has_order_content(p) and p.number is None and last in cart
            and len(text.split()) <= 5 and (nlu_details.says(text, "it") or not p.topic)
            and not _count_in_words(turn, text)):   # ("can you remove one?": one, not all)
        swaps.append(("", last))                 # "remove it", "enlevez-le", "7aydha": the
        text = f"{text} {turn.item(last)['name']}"   # line just touched
    folded = nlu.normalise(text)
    for said, sku in swaps:
        said = nlu.normalise(said)
        if not said:
            continue
        if said not in folded:
            return
        folded = folded.replace(said, f" {nlu.normalise(turn.item(sku)['name'])} ", 1)
    again = nlu.parse(folded, turn.ctx.index)
    taken = {sku for _said, sku in swaps}
    if (again.items and not again.removed and {i.sku for i in again.items} <= taken
            and nlu_details.has_marker(turn.event.text, "remove")
            and not nlu_details.says(turn.event.text, "double")
            and (not p.question or nlu_details.says(turn.event.text, "request"))):
        # "take the honey out", "take it out": a removal verb around what it takes out, which
        # the reading alone took for "I'll take the honey" (one more of it)
        again = dataclasses.replace(again, items=(), removed=tuple(
            nlu.Item(i.sku, i.quantity, "remove") for i in again.items))
    named = {i.sku for i in again.items} | {getattr(i, "sku", None) for i in again.removed}
    if swaps and swaps[0][0] == "" and not nlu_details.says(turn.event.text, "double"):
        # "remove it" read with the line's name: that line taken out, never one more of it
        # ("why did you remove one?" read "… one? Amlou 500g", and a fourth jar went in)
        named = {getattr(i, "sku", None) for i in again.removed}
    if swaps and {sku for _said, sku in swaps} <= named and not again.ambiguous:
        _read_with(turn, again)


def _count_in_words(turn: Turn, text: str) -> bool:
    """Does ``text`` write a count in words ("one", "واحد")? Figures are left out: they are
    read with the line's name ("enlève le 500g": that size)."""
    return bool(counts_said(turn, " ".join(w for w in nlu.normalise(text).split()
                                           if not w[:1].isdigit())))


def _skus_of(mention) -> tuple:
    """The skus a removal names: its one sku, or the candidates of a vague one."""
    return tuple(getattr(mention, "candidates", None) or (getattr(mention, "sku", None),))


def _read_with(turn: Turn, again: nlu.Parse) -> None:
    """The message's parse with the order lines of ``again`` (the message read with a basket
    line's name in it); the rest (language, city, question) as the message says it. The
    name's size is no count: a removal takes the whole line unless a count was said."""
    p = turn.p
    figures = any(t.replace(".", "").isdigit() for t in nlu.textnorm.tokens(turn.event.text))
    # the count the message itself said of what it takes out ("remove one honey and add
    # another amlou", "zid wa7ed amlou w n9s wa7ed 3sel": one of the jars, not the line)
    counted = {s: r.quantity for r in p.removed if r.quantity for s in _skus_of(r)}
    removed = again.removed if figures or p.number or _count_in_words(turn, turn.event.text) \
        else tuple(dataclasses.replace(r, quantity=next(
            (counted[s] for s in _skus_of(r) if s in counted), None)) for r in again.removed)
    turn.parse = dataclasses.replace(
        p, intent=again.intent if p.intent in ("unknown", "order") else p.intent,
        items=again.items, ambiguous=again.ambiguous, removed=removed,
        unknown_products=again.unknown_products, suggestions=again.suggestions,
        set_quantity=again.set_quantity, replace=again.replace,
        one_is_pronoun=again.one_is_pronoun)


def _measure_said(text: str) -> bool:
    """Does ``text`` write a figure or a unit of measure ("500g", "nss kilo")? Not a word of
    Darija in Latin letters whose digit is a letter ("7aydha": take it out)."""
    return any(holds_figure(w) for w in text.split()) or unit_said(text)


def _line_of_measure(turn: Turn, cart: list[str]) -> None:
    """"7iyed 500g" with the 500 g and the 1 kg of a honey in the basket: the one line the
    measure names as its size (its whole line, unless a count is said with it)."""
    found: dict[str, nlu.Parse] = {}
    for family in dict.fromkeys(family_name(turn.item(sku)) for sku in cart):
        read = nlu.parse(f"{turn.event.text} {reading_name(family)}", turn.ctx.index)
        named = [getattr(r, "sku", None) for r in read.removed]
        if len(named) == 1 and named[0] in cart and not (read.items or read.ambiguous):
            found[str(named[0])] = read
    own = {sku: read for sku, read in found.items() if read.removed[0].quantity is None}
    if len(own) == 1:       # its own size, not a count of another's ("2l" as 20 × 100 ml)
        found = own
    if len(found) == 1:
        _read_with(turn, next(iter(found.values())))


def _sized_line(turn: Turn, cart: list[str]) -> None:
    """"Remove the small one" with two sizes of one product in the basket: that size."""
    p = turn.p
    families: dict[str, list[str]] = {}
    for sku in cart:
        families.setdefault(family_name(turn.item(sku)), []).append(sku)
    sized = [skus for skus in families.values() if len(skus) > 1]
    meant = by_size_word(turn, sized[0], p.size_hint, p.containers) if len(sized) == 1 else None
    if meant:
        again = nlu.parse(f"{turn.event.text} {turn.item(meant)['name']}", turn.ctx.index)
        if [getattr(i, "sku", None) for i in again.removed] == [meant]:
            _read_with(turn, again)


def doubled(turn: Turn) -> dict | None:
    """"Double the argan", "doublez l'amlou": the basket line named (else the one just
    added) gets twice its count ({"sku", "qty"} to set; None when it is no such change)."""
    p, text = turn.p, turn.event.text
    if (not nlu_details.says(text, "double") or turn.data["queue"] or p.ambiguous
            or p.removed or turn.state not in ("ordering", "confirm")):
        return None
    held = [i.sku for i in p.items if cart_qty(turn, i.sku)]
    if len(held) != len(p.items) or len(set(held)) > 1:
        return None                               # "double the argan and add a honey"
    sku = held[0] if held else (None if has_order_content(p) else turn.data.get("last_sku"))
    had = cart_qty(turn, sku)
    return {"sku": sku, "qty": had * 2} if had and had * 2 <= MAX_QTY else None


def same_again(turn: Turn) -> bool:
    """"same again", "oh and my sister wants the same" while ordering, nothing else said:
    every line of the basket once more (the words were taken for the customer's name, "oh",
    and nothing added). Not a colour, a size, a count, a detail or the last order again
    ("same as last time"). With a size written ("and the same in 250g"): that size of the
    line just put in. True when the message was read (the basket is shown)."""
    p, text = turn.p, turn.event.text
    if (turn.state != "ordering" or not turn.data["cart"] or turn.data["queue"]
            or has_order_content(p) or p.number is not None or p.size_hint or p.city
            or p.field or p.question or p.intent not in ("unknown", "order")
            or not nlu_details.says(text, "same") or turn.soft_words
            or nlu_details.says(text, "same_size")
            or (nlu_details.says(text, "again")       # "same as last time": that order
                and (not nlu_details.says(text, "more") or _a_last_order(turn)))):
        return False
    if counts_said(turn, text):     # "and the same in 250g" after 1 × the 500 g amlou: the
        _same_in_another_size(turn)     # 250 g, one (it doubled the whole basket); no size
        return True                     # of it: the basket again, unchanged
    lines = turn.data["cart"]
    if any(line["qty"] * 2 > MAX_QTY for line in lines):
        return False
    for line in list(lines):
        set_line(turn, line["sku"], line["qty"] * 2, add=False)
    return True


def _a_last_order(turn: Turn) -> bool:
    """Whether the customer has an order to repeat: "3awd nfs l7aja" ("again" said with a
    word of "more") is that order again then, else the basket's lines once more (as "nfs
    l7aja"; it was one more of the last line)."""
    order = turn.ctx.latest_order()
    return bool(order and order.get("lines"))


def _same_in_another_size(turn: Turn) -> bool:
    """"And the same in 250g", "w b7al b7al f 250g", "et pareil en 250g" after a line of one
    size: the product of the line just put in, in the size said, with that line's count.
    True when it went in."""
    last = turn.data.get("last_sku")
    have = cart_qty(turn, last)
    sized = measured_for_last(turn) if have else None
    if not sized or sized.sku == last or cart_qty(turn, sized.sku) \
            or not turn.item(sized.sku)["in_stock"]:
        return False
    set_line(turn, sized.sku, int(have or 1), add=True)
    turn.data["last_sku"] = sized.sku
    return True


def same_for_another(turn: Turn) -> None:
    """"1 thyme honey 500g for me and the same for my sister": a "same" after the message's
    last product, with no product or count after it, is its lines once more (the sister's
    jar was lost: a missing line). Not "the same as last time" nor "the same size"."""
    p, text = turn.p, turn.event.text
    if not p.items or p.ambiguous or p.removed or p.question or not nlu_details.says(text, "same") \
            or any(nlu_details.says(text, kind) for kind in ("again", "same_size", "each")):
        return
    tail = nlu_details.after_last(text, "same")
    if tail is None or nlu_details.split_at(text, "same") is None \
            or nlu_details.opens_with(tail, "same_as"):
        return                   # "2 amlou 250g, the same as before": a comparison
    after = nlu.parse(tail, turn.ctx.index)
    if has_order_content(after) or after.number is not None or after.size_hint \
            or any(c.isdigit() for c in tail):
        return
    items = tuple(dataclasses.replace(i, quantity=(i.quantity or 1) * 2) for i in p.items)
    if all(i.quantity is not None and i.quantity <= MAX_QTY for i in items):
        turn.parse = dataclasses.replace(p, items=items)


def _line_of_kind(turn: Turn) -> tuple[str, int] | None:
    """The one basket line a "less" message names by a word of its kind alone ("nqes wa7ed
    mn lkhdar", "one less of the green ones": no product word, so it names nothing read on
    its own), found by reading the message after each line's head word ("olive"); with its
    count."""
    lines = {}
    heads = (head_word(turn, line["sku"]) for line in turn.data["cart"])
    for head in dict.fromkeys(h for h in heads if h):
        read = nlu.parse(f"{head} {turn.event.text}", turn.ctx.index)
        alone = {i.sku for i in nlu.parse(head, turn.ctx.index).items}   # the head names it
        for r in read.removed + read.items:        # "one less" is no removal word
            if isinstance(r, nlu.Item) and cart_qty(turn, r.sku) and r.sku not in alone:
                lines[r.sku] = int(r.quantity or 1)     # (not "one less": no kind said)
    return next(iter(lines.items())) if len(lines) == 1 else None


def takes_the_one_shown(turn: Turn) -> bool:
    """"I'll take it", "bghitha" with no question open, the one product talked about last
    ("do you have rose oil?" … "maybe later" … "ok I want it now"): one of it."""
    p = turn.p
    shown = turn.data.get("last_list") or []
    if (p.intent not in ("order", "confirm", "unknown") or has_order_content(p)
            or p.number is not None or len(shown) != 1 or turn.data["queue"]
            or not turn.product(shown[0]) or not turn.item(shown[0])["in_stock"]
            or not nlu_details.says(turn.event.text, "take_it")):
        return False
    set_line(turn, shown[0], 1, add=True)
    turn.state = "ordering"
    return True


def asks_about(turn: Turn) -> bool:
    """A question about products, with no count said ("does the kit have a kessa in it?",
    "is the nature one bigger?", "quelle est la différence entre le miel de thym et
    d'euphorbe ?"): shown with their sizes and prices, none put in the basket. A figure is
    a count or a size; the digits of Darija words ("chno lfer9 bin 3sel z3itra…") are not."""
    p, text = turn.p, turn.event.text
    words = nlu.normalise(text).split()
    figures = [k for k, word in enumerate(words) if word.replace(".", "").isdigit()]
    # "شنو الفرق بين 50 و 100؟", "the difference between the 50 and the 100": sizes compared
    between = nlu.lexicon.LEXICON.compared_keys
    compared = next((k for k, word in enumerate(words)
                     if nlu.textnorm.lookup_key(word) in between), len(words))
    return (p.question and bool(p.items or p.ambiguous) and not p.removed
            and (not figures or compared < figures[0])
            and nlu_details.says(text, "asks_about")
            and all(i.quantity in (None, 1) for i in p.items)
            and all(a.quantity is None for a in p.ambiguous))


def _shared_word(turn: Turn, listed: list[str] | None = None) -> str | None:
    """The word most names of the products just listed (``listed``, or the numbered list last
    shown) share, when more than half of them do ("Olives vertes", "Olives noires",
    "Tapenade d'olives": "olives")."""
    if listed is None:
        listed = list(turn.data.get("last_list") or [])
    names = [turn.item(s)["name"] for s in listed if turn.product(s)]
    counts: dict[str, int] = {}
    for name in names:
        for word in set(nlu.normalise(name).split()):
            if len(word) >= 3 and not any(c.isdigit() for c in word):
                counts[word] = counts.get(word, 0) + 1
    best = max(counts, key=lambda w: (counts[w], len(w)), default=None)
    return best if best and len(names) > 1 and counts[best] * 2 > len(names) else None


def _also_in_context(turn: Turn) -> None:
    """"Je vais prendre 2 kilos et un cumin", "ok 3tini 2 kilo w nss kilo dyal boufgous" after
    the Medjool's prices: the measure said before the other product is of the product just
    discussed (the other's own "which one?" or "how many?" stays)."""
    p = turn.p
    skus, name = context_family(turn), ""
    if skus:
        name = reading_name(family_name(turn.item(skus[0])))
    elif not turn.data["queue"] and (shared := _shared_word(turn)):
        # "do you have fresh mint?" (the fresh bunch, the dried 100 g) — "great, 3 bunches
        # please and 2 of verbena": the bunches are of the mint listed (they were lost)
        skus, name = [s for s in turn.data.get("last_list") or [] if turn.product(s)], shared
    theirs = [set(a.candidates) for a in p.ambiguous]   # "… and half a kilo of boufeggous":
    # "3 of the big ones and 1 black henna" after the hennas' prices: the one it names is
    # no size of the big ones
    named = {i.sku for i in p.items if i.sku in skus} if p.size_hint else set()
    if (not skus or not (p.items or p.ambiguous)
            or any(i.sku in skus and i.sku not in named for i in p.items)
            or any(c & set(skus) for c in theirs) or not nothing_asked(turn)):
        return                                         # another product's "which one?"
    read = nlu.parse(f"{name} {turn.event.text}", turn.ctx.index)
    mine = tuple(i for i in read.items if i.sku in skus and i.quantity and i.sku not in named)
    rest = {i.sku for i in read.items if i.sku not in skus or i.sku in named}
    ambiguous = [a for a in read.ambiguous if set(a.candidates) not in theirs]
    if not mine and len(ambiguous) == 1 and ambiguous[0].quantity:
        # "ok 3tini wa7ed w zid kamoun 2" after the 5 g's price: of the sizes, the one listed
        listed = [s for s in ambiguous[0].candidates if s in skus and s not in named]
        if len(listed) == 1:
            mine = (nlu.Item(listed[0], ambiguous[0].quantity, ambiguous[0].op),)
            ambiguous = []
    if len(mine) == 1 and rest == {i.sku for i in p.items} and not ambiguous:
        turn.parse = dataclasses.replace(p, items=mine + p.items)
    elif (not mine and len(ambiguous) == 1 and ambiguous[0].quantity and ambiguous[0].op == "add"
          and set(ambiguous[0].candidates) <= set(skus) and rest == {i.sku for i in p.items}):
        # "ok bghit 2 w 1 dyal cheveux" after the food oils' prices: two of those (which
        # size?) and the cosmetic one; the two were lost
        turn.parse = dataclasses.replace(p, ambiguous=(ambiguous[0], *p.ambiguous))




def yes_to_the_last_line(turn: Turn) -> bool:
    """"oui le coffret assortiment", "yes, the gift box", "wah dak lkit" right after that
    product went into the basket: a yes naming again the line just added is that line
    confirmed, not one more of it (it put a second box in). A count other than the
    basket's ("oui, 2 coffrets") still orders."""
    p = turn.p
    last = turn.data.get("last_sku")
    have = cart_qty(turn, last)
    if (not have or turn.state != "ordering" or not p.items or p.ambiguous or p.removed
            or p.unknown_products or turn.data["queue"]
            or any(i.sku != last or i.op != "add" or i.quantity not in (None, 1, have)
                   for i in p.items)):
        return False
    words = nlu.normalise(turn.event.text).split()
    if not words or nlu.parse(words[0], turn.ctx.index).intent != "confirm":
        return False
    return all(count == have for count in counts_said(turn, turn.event.text))
