"""Counts and sizes said for the last line: corrections ("no, 3"), "and 2 more", "each",
a size switched, a count spelt or read beside a measure.
"""

from __future__ import annotations

import dataclasses
import functools

from .. import i18n, nlu
from ..catalog import size_label
from ..nlu import details as nlu_details
from ..nlu.lexicon import LEXICON
from ..nlu.numbers import parse_number
from ..nlu.textnorm import SEPARATOR, key_variants, lookup_key
from .basket import (
    base_name,
    cart_qty,
    designator,
    family_name,
    head_word,
    next_size,
    product_group,
    remove_line,
    rows_of_one,
    set_line,
    sold_out_list,
)
from .model import FRAGMENTS, MAX_QTY, Turn, asks_about, has_order_content, soft_words_of


def corrects(text: str) -> bool:
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
        numbers = counts_said(turn, before)
    elif (corrects(turn.event.text) or p.set_quantity
          and not nlu_details.says(turn.event.text, "more")):
        numbers = counts_said(turn, turn.event.text)    # "la smah lia, bghit tlata", "make it 2"
    else:
        return False
    number = numbers[-1] if len(numbers) == 1 or before is not None and numbers else None
    cart = turn.data["cart"]
    sku = turn.data.get("last_sku") if cart_qty(turn, turn.data.get("last_sku")) else (
        cart[0]["sku"] if len(cart) == 1 else None)
    if number is None or not sku or not 0 < number <= MAX_QTY:
        return False
    if len(cart) > 1 and (before is not None or turn.state == "confirm"):
        # "machi wa7da" names the line by the count taken back: the one line of one; else
        # (at the summary, where no line was just touched: "make it 3", two lines of one)
        # which of them is asked, none changed unasked
        taken = counts_said(turn, nlu_details.after_negation(turn.event.text) or "") \
            if before is not None else []
        lines = [line["sku"] for line in cart if len(taken) == 1 and line["qty"] == taken[0]]
        if len(lines) == 1:
            sku = lines[0]
        elif turn.state == "confirm" or (lines and sku not in lines):
            turn.data["queue"].insert(0, {"type": "choice", "quantity": int(number), "set": True,
                                          "candidates": lines or [line["sku"] for line in cart]})
            return True
    if before is None and _for_the_offer(turn, sku, int(number)):
        return True
    turn.data["pending_set"] = {"sku": sku, "qty": int(number)}
    return True


def _for_the_offer(turn: Turn, sku: str, number: int) -> bool:
    """"w olives violettes" (sold out: "similar: 1. … 2. … 3. …, which one?") — "plutôt 3
    boîtes": a count with no product right after the offer for a product out of stock may be
    of an offered one as well as of the line just put in (the 5 L can became 3 cans). Unless
    the container said is the line's and no option's, which of them is asked, that count
    set on the one picked."""
    offered = sold_out_list(turn)
    if not offered:
        return False
    options = [s for s in offered["options"] if s != sku and turn.product(s)
               and turn.item(s)["in_stock"]]
    said = set(turn.p.containers)
    if not options or said and (
            (entry := turn.entry(sku)) and entry.containers & said
            and not any((e := turn.entry(s)) and e.containers & said for s in options)):
        return False
    turn.data["queue"].insert(0, {"type": "choice", "quantity": number, "set": True,
                                  "candidates": options + [sku]})
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
    parts = nlu_details.split_at_joint(turn.event.text, "more")
    if parts is None:           # ("make that 2 and a rhassoul": the count, then the new line)
        return False
    head, tail = parts
    said = nlu.parse(head, turn.ctx.index)
    more = nlu_details.says(head, "more")             # "zid 2 w zid kilo dyal …": 2 more
    if has_order_content(said) or not (more or nlu_details.says(head, "correction")
                                       or said.set_quantity):
        return False
    numbers = counts_said(turn, head)
    rest = nlu.parse(tail, turn.ctx.index)
    if len(numbers) != 1 or not 0 < numbers[0] <= MAX_QTY or not has_order_content(rest):
        return False
    if (more and not said.set_quantity and not nlu_details.says(head, "correction")
            and _count_of_what_follows(turn, rest, numbers[0])):
        return False            # "add 2 more ghassoul": two more of it, not of the last line
    qty = numbers[0] + ((cart_qty(turn, last) or 0) if more else 0)
    if qty > MAX_QTY:
        return False
    turn.data["pending_set"] = {"sku": last, "qty": qty}
    turn.parse = rest
    return True


def counts_for_the_questions(turn: Turn) -> bool:
    """"how many ghassoul?" with the soap and the rose water asked after it — "2 2 1", "jouj
    w jouj w wa7ed": as many bare counts as "how many?" questions at the head of the queue,
    and nothing else, answer them in order (the first was taken, the others asked again)."""
    queue, text = turn.data["queue"], turn.event.text
    words = nlu.normalise(text).split()
    if len(words) < 2 or unit_said(text):
        return False
    p = nlu.parse(text, turn.ctx.index)     # (as written: read in context, "2 3" is 2 of the
    if has_order_content(p) or p.removed or p.size_hint:    # first asked, the 3 dropped)
        return False
    if len(words) < 2 or not all(w in (",", ";", "/") or nlu_details.starts_with_and(w)
                                 or len(counts_said(turn, w)) == 1 for w in words):
        return False
    numbers = counts_said(turn, text)
    asked = queue[:len(numbers)]
    if (len(numbers) < 2 or len(asked) != len(numbers)
            or any(q["type"] != "qty" or q.get("unmade") for q in asked)
            or not all(0 < n <= MAX_QTY for n in numbers)):
        return False
    del queue[:len(numbers)]
    for q, n in zip(asked, numbers, strict=True):
        if q["type"] == "qty":
            set_line(turn, q["sku"], n, add=True)
    return True


def count_answer_then_more(turn: Turn) -> bool:
    """"how many ghassoul?" — "jouj, w zid 3 sabon beldi", "2 and add a black soap": a bare
    count, then "and" and other products: the count answers the question and the rest is
    read as new lines (the count was lost, the question asked again under the new lines).
    Not a measure ("jouj kilo w …": of which size), nor the asked product named again."""
    q = turn.data["queue"][0]
    p = turn.p
    if q["type"] != "qty" or q.get("unmade") or not has_order_content(p) or p.removed:
        return False
    parts = nlu_details.split_at_joint(turn.event.text, "more")
    if parts is None:
        return False
    head, tail = parts
    if unit_said(head):
        return False
    said = nlu.parse(head, turn.ctx.index)
    if has_order_content(said) or said.removed or said.size_hint:
        return False
    numbers = counts_said(turn, head)
    if len(numbers) != 1 or not 0 < numbers[0] <= MAX_QTY:
        return False
    rest = nlu.parse(tail, turn.ctx.index)
    if (not has_order_content(rest) or rest.removed
            or q["sku"] in {i.sku for i in rest.items}
            or any(q["sku"] in a.candidates for a in rest.ambiguous)):
        return False
    turn.data["queue"].pop(0)
    set_line(turn, q["sku"], numbers[0], add=True)
    turn.parse = rest       # and the words read as the rest: "2 of those and 3 euphorbia
    turn.event = dataclasses.replace(turn.event, text=tail)   # honey" is no "one of them
    return True                                               # made euphorbia" (a swap)


def _count_of_what_follows(turn: Turn, rest: nlu.Parse, count: int) -> bool:
    """Is the count said before "more" that of the product right after it ("add 2 more
    ghassoul", "plus 3 more rose water"): the message read whole gives that product the count,
    and the words after "more" give it none of their own (not "zid 2 w zid kilo dyal …")."""
    first = rest.items[0] if rest.items else None
    return (first is not None and first.quantity is None
            and any(i.sku == first.sku and i.quantity == count for i in turn.p.items))


def removal_then_more(turn: Turn) -> bool:
    """"7aydhom w 3tini pack", "حيدها و عطيني الكبير", "remove them and give me the pack": a
    removal of the line just touched, named by no product (a pronoun, or nothing), then
    "and" and new products. That line is taken out and the rest is read as the new lines
    (the removal was lost: the old line stayed beside the new one). With a count ("na9es
    wa7ed w zid amlou", "نقص واحد و زيد تمر كيلو", "remove one and add …"), that many
    come off it."""
    last = turn.data.get("last_sku")
    if (last is None or not has_order_content(turn.p) or turn.p.removed or turn.data["queue"]
            or not cart_qty(turn, last)):
        return False
    words = nlu.normalise(turn.event.text).split()
    cut = next((i for i, w in enumerate(words) if nlu_details.starts_with_and(w)), 0)
    if not 0 < cut <= 3 or cut + 1 >= len(words):
        return False
    head, tail = " ".join(words[:cut]), " ".join(words[cut:])
    said = nlu.parse(head, turn.ctx.index)
    taken = said.number         # "na9es wa7ed w zid amlou", "remove one and add …": that many
    if (not nlu_details.has_marker(head, "remove") or has_order_content(said) or said.removed
            or said.size_hint or (taken is not None and not (
                taken == int(taken) and 0 < taken <= MAX_QTY))):
        return False
    rest = nlu.parse(tail, turn.ctx.index)
    if not has_order_content(rest) or rest.removed:
        return False
    left = (cart_qty(turn, last) or 0) - int(taken) if taken is not None else 0
    if left > 0:
        set_line(turn, last, left, add=False)   # (the count was lost, and with "na9es" the
    else:                                       # new product too)
        remove_line(turn, last)
    turn.parse = rest
    return True


def each_quantity(turn: Turn) -> bool:
    """"dir 2 mn kol wa7da", "3 de chaque", "make it 2 of each": every line of the basket
    gets the count ("zid wa7ed mn kol wa7da": one more of each)."""
    text = turn.event.text
    # "make both 3", "dir bjouj 3" with two lines in the basket: each of them
    both = len(turn.data["cart"]) == 2 and nlu_details.says(text, "both")
    if (has_order_content(turn.p) or len(turn.data["cart"]) < 2
            or not (nlu_details.says(text, "each") or both)):
        return False
    numbers = counts_said(turn, nlu_details.without(nlu_details.without(text, "each"), "both"))
    if len(numbers) != 1 or not 0 < numbers[0] <= MAX_QTY:
        return False
    more = nlu_details.says(text, "more")
    for line in list(turn.data["cart"]):
        set_line(turn, line["sku"], numbers[0], add=more)
    return True


def measure_taken_off(turn: Turn) -> bool:
    """"n9s nss kilo", "remove half a kilo" with 1 × the 1 kg honey in the basket: a measure
    of that line's product taken off it leaves what is left, as that many of the line's size
    or one of the size it comes to (1 kg less 500 g: one 500 g). It took the whole line out
    (and "n9s kilo" off 3 × 1 kg took two). The line just touched, else the one line it fits;
    a rest no size makes is left to the other readings."""
    p, text = turn.p, turn.event.text
    last = turn.data.get("last_sku")
    less = nlu_details.says(text, "less")
    if (turn.state not in ("ordering", "confirm") or has_order_content(p) or p.removed
            or turn.data["queue"] or not turn.data["cart"] or p.size_hint
            or not (nlu_details.has_marker(text, "remove") or less)
            or not (less or any(c.isdigit() for c in text) or unit_said(text))):
        return False                    # (a measure, not "the small one": that line)
    skus = [line["sku"] for line in turn.data["cart"] if turn.product(line["sku"])]
    skus.sort(key=lambda sku: sku != last)
    for sku in skus:
        left = _left_after(turn, sku, text)
        if left is not None and (sku == last or sum(
                _left_after(turn, other, text) is not None for other in skus) == 1):
            break
    else:
        return False
    if left[0] == sku:
        set_line(turn, sku, left[1], add=False)
    else:
        remove_line(turn, sku)
        set_line(turn, left[0], left[1], add=True)
    turn.parse = dataclasses.replace(p, intent="order")
    return True


def _left_after(turn: Turn, sku: str, text: str) -> tuple[str, int] | None:
    """What basket line ``sku`` becomes once the measure ``text`` takes off it is gone: (the
    sku, how many), or None when the message takes no measure of it off or nothing fits."""
    family = family_name(turn.item(sku))
    read = nlu.parse(f"{reading_name(family)} {text}", turn.ctx.index)
    off = read.removed[0] if len(read.removed) == 1 and not (read.items or read.ambiguous) \
        else None
    if not isinstance(off, nlu.Item) or off.quantity == 0 \
            or family_name(turn.item(off.sku)) != family \
            or (off.sku == sku and not unit_said(text)):   # "n9s wa7ed": a count, not a
        return None                                         # measure (relative_count's)
    if off.sku != sku and cart_qty(turn, off.sku):
        return None     # "7iyed 500g", "7ayed wa7ed mn 250" with the 500 g (the 250) in the
        #                 basket: that line (one of it), not 500 g less of another
    if off.quantity is None and off.sku == sku and not (
            nlu_details.says(text, "reduce") or nlu_details.says(text, "less")):
        return None
    size = getattr(turn.entry(sku), "measure", None)
    taken = getattr(turn.entry(off.sku), "measure", None)
    if not size or not taken:
        return None
    left = (cart_qty(turn, sku) or 0) * size - int(off.quantity or 1) * taken
    if left <= 0:
        return None
    if left % size == 0:
        return sku, left // size
    sized = [q["sku"] for q in turn.ctx.products if q["in_stock"] and family_name(q) == family
             and getattr(turn.entry(q["sku"]), "measure", None) == left]
    return (sized[0], 1) if len(sized) == 1 else None


def unit_said(text: str) -> bool:
    """Does ``text`` say a unit of measure ("kilo", "litre", "غرام")? A form that is a unit
    only right after a figure ("2 l", "500 g") counts only there: "I'll take 2" is no litre
    ("ll" reads as "l"), and the count before "and" was lost."""
    words = nlu.normalise(text).split()
    variants = [key_variants(w) for w in words]
    return any(payload[0] == "unit" and (not payload[2] or (
                   i > 0 and nlu.numbers.parse_number(words[i - 1]) is not None
                   and words[i - 1][:1].isdigit()))
               for i in range(len(variants))
               for payload in LEXICON.grammar.longest(variants, i)[1])


def keep_only(turn: Turn) -> bool:
    """"khlli ghir amlou", "gardez seulement l'amlou", "only the amlou": the basket keeps the
    lines of the products named (each the one line of it there), the others go (it asked
    which amlou, then placed the order with the argan oil still in it). Not with a count
    said ("ghir 2 amlou", "ghir wa7ed": how many) nor a word that adds."""
    p, text = turn.p, turn.event.text
    if (turn.data["queue"] or len(turn.data["cart"]) < 2 or p.removed or p.question
            or not (p.items or p.ambiguous) or p.number is not None
            or not nlu_details.says(text, "only") or nlu_details.says(text, "more")
            or any(i.quantity not in (None, 1) for i in p.items)
            or any(a.quantity is not None for a in p.ambiguous)
            or any(c.isdigit() for c in text) or _spelled_count(turn) is not None):
        return False
    in_cart = {line["sku"] for line in turn.data["cart"]}
    kept: set[str] = set()
    for named in [[i.sku] for i in p.items] + [list(a.candidates) for a in p.ambiguous]:
        lines = [s for s in named if s in in_cart]
        if len(lines) != 1:
            return False
        kept.add(lines[0])
    if kept == in_cart:
        return False
    for sku in in_cart - kept:
        remove_line(turn, sku)
    turn.parse = dataclasses.replace(p, items=(), ambiguous=())
    return True


def size_switch(turn: Turn) -> bool:
    """"la bdelha b nss kilo", "actually make them the 100ml ones", "mettez la louiza de
    100g à la place": a line of the basket becomes the same product in the size named, with
    its quantity. The line is the one just touched, else the one line of the basket whose
    product comes in the size named ("make it the big one" after the batbout was added)."""
    p = turn.p
    text = turn.event.text
    if _split_into_sizes(turn):
        return True
    if measures_of_line(turn) is not None:
        return False            # "jouj kilo w wa7ed nos kilo" at the thyme and the euphorbia
        #                         honeys: sizes of which? not the whole of one in the second
    if not (nlu_details.says(text, "correction") or p.replace or p.set_quantity
            or p.intent == "deny" or nlu_details.says(text, "restart")
            or nlu_details.says(text, "swap")):         # "changez en L"
        return False
    if nlu_details.has_marker(text, "remove") and not nlu_details.says(text, "swap"):
        return False            # "non finalement enlevez le 500g": that line out, no resize
    if has_order_content(p) and not _renamed_in_a_size(turn):
        return False
    last = turn.data.get("last_sku")
    lines = [last] + [line["sku"] for line in turn.data["cart"] if line["sku"] != last]
    soft = turn.soft_words           # "la, l k7la bghitha 42": the black line, not the last
    coloured = [sku for sku in lines if soft and (e := turn.entry(sku)) and soft <= e.tags]
    lines = coloured or lines
    switches = [(sku, read) for sku in lines if sku and cart_qty(turn, sku)
                and (read := _same_product_resized(turn, sku)) is not None]
    named = {i.sku for i in p.items} | {s for a in p.ambiguous for s in a.candidates}
    if named:                   # "changez le miel en 1kg": the honey, not the amlou too
        switches = [(sku, read) for sku, read in switches if read.sku in named]
    else:                       # "la 2 litra" at "which olive oil?": no smen resized
        switches = [(sku, read) for sku, read in switches
                    if not _measure_of_the_open_question(turn, sku)]
    if not switches or (switches[0][0] != last and len(switches) > 1):
        return False
    sku, read = switches[0]
    new = read.sku
    qty = cart_qty(turn, sku)
    part = nlu_details.count_swapped(text) if nlu_details.one_of_them(text) else None
    if part and qty and part < qty:     # "bdel wa7ed menhom b 2l" of two 1 L: one of each
        set_line(turn, sku, qty - int(part), add=False)
        set_line(turn, new, int(part), add=True)
        return True
    # "make it one jar of the 500g instead", "bdelhom b wa7ed dyal kilo": that many
    said = qty_beside_size(turn, new) or _spelled_count(turn) or (
        # "bdlo b 4 dyal litra", "bdlo b 2 dyal 2 litra" after the pack: the count the
        # message makes read after the product's name (it was one bottle)
        int(read.quantity) if read.quantity and 1 < read.quantity <= MAX_QTY
        and read.quantity == int(read.quantity) else None)
    remove_line(turn, sku)
    set_line(turn, new, said or in_packs(turn, sku, new, qty) or qty or 1, add=True)
    return True


def in_packs(turn: Turn, sku: str | None, new: str, qty: int | None) -> int | None:
    """"bghit 3 dghmous 250" — "bdelhom b pack" (a pack of 3 of the same honey): the line
    swapped for packs of its product is as many packs as its pieces make, one when they
    are fewer than a pack (it was three packs, nine jars); None otherwise."""
    mine, other = turn.entry(sku) if sku else None, turn.entry(new)
    if not qty or mine is None or other is None or mine.pack or not other.pack \
            or other.pack < 2 or mine.variant != other.variant:
        return None
    pack = int(other.pack)
    return qty // pack if qty % pack == 0 else (1 if qty < pack else None)


def sizes_of_last(turn: Turn) -> list[nlu.Item]:
    """The sizes a message names alone, each with its count, of the line just put in ("un M
    et un L" after "2 caftans bleus M"): their lines, read with the line's product words;
    none when it names fewer than two, or anything else."""
    p = turn.p
    last = turn.data.get("last_sku")
    if len(p.designators) < 2 or has_order_content(p) or not last or not cart_qty(turn, last):
        return []
    mark = designator(turn, last)
    words = [w for w in family_name(turn.item(last)).split()
             if mark is None or lookup_key(w) != lookup_key(str(mark))]
    read = nlu.parse(f"{' '.join(words)} {turn.event.text}", turn.ctx.index)
    lines = [i for i in read.items if i.quantity and (i.sku == last or rows_of_one(turn, last,
                                                                                 i.sku))]
    if len(lines) < 2 or len(lines) != len(read.items) or read.ambiguous or read.removed:
        return []
    return lines


def measures_of_line(turn: Turn) -> tuple[list[str], list[nlu.Item]] | None:
    """The sizes a message names with no product, each with its count, of one basket product
    ("la jouj 250 w wa7ed 500" at 3 × the 250 g amlou, "jouj kilo w wa7ed nos kilo", "jouj
    40 w wa7da 42" at 3 pairs of 40): the basket lines they replace and their lines, read
    after the product's name — the product whose own size is among them, else the line just
    put in. None when no basket product takes them; nothing to replace ([], []) when several
    might (the whole line went to the second size, or another product's line did: 5 × the
    500 g amlou for the honey's kilos)."""
    p = turn.p
    cart = turn.data["cart"]
    if p.question or not cart:
        return None
    words = nlu.textnorm.tokens(turn.event.text)
    if sum(parse_number(w) is not None or any(
            payload[0] in ("num", "unit") for payload in
            LEXICON.grammar.longest([key_variants(w)], 0)[1]) for w in words) < 3:
        return None                     # (two counts and a size at least: cheap first)
    if has_order_content(nlu.parse(turn.event.text, turn.ctx.index)):
        return None                     # (as written: not as read after the line asked)
    split: dict[str, list[nlu.Item]] = {}
    for line in cart:
        name = family_name(turn.item(line["sku"]))
        read = nlu.parse(f"{reading_name(name)} {turn.event.text}", turn.ctx.index)
        lines = [i for i in read.items if i.quantity and turn.product(i.sku)
                 and family_name(turn.item(i.sku)) == name]
        if len({i.sku for i in lines}) > 1 and len(lines) == len(read.items) \
                and not read.ambiguous and not read.removed:
            split[line["sku"]] = lines
    if not split:
        return None
    own = [sku for sku, lines in split.items() if any(i.sku == sku for i in lines)]
    if own and all(split[sku] == split[own[0]] for sku in own):
        return own, split[own[0]]       # (the 250 g and the 500 g lines both said again)
    last = turn.data.get("last_sku")
    if not own and last in split:
        return [last], split[last]
    return [], []


def colours_of_last(turn: Turn) -> list[nlu.Item]:
    """The colours a message names alone, each with its count, of the line just put in ("1
    red 1 blue", "no wait, one red and one blue" after "2 red scarves"): their lines, read
    after the line's product words without its colour; none when it names fewer than two,
    or anything else."""
    p = turn.p
    last = turn.data.get("last_sku")
    if has_order_content(p) or not last or not cart_qty(turn, last) \
            or len(turn.soft_words) < 2:
        return []
    def plain(sku: str) -> list[str]:          # its name without its colour
        return [w for w in family_name(turn.item(sku)).split() if not soft_words_of(w)]
    words = plain(last)
    read = nlu.parse(f"{' '.join(words)}, {turn.event.text}", turn.ctx.index)
    lines = [i for i in read.items if i.quantity and plain(i.sku) == words]
    if len(lines) < 2 or len(lines) != len(read.items) or read.ambiguous or read.removed:
        return []
    return lines


def _split_into_sizes(turn: Turn) -> bool:
    """"2 caftans bleus M" — "non pardon un M et un L", "un M et un L": the line just put in
    is split into the sizes named, when they say a change or add up to its count (it became
    2 × L, a wrong parcel; without "non" the name took "un M" and the address "un L")."""
    p, text = turn.p, turn.event.text
    asked = p.intent in ("order", "deny", "unknown", "confirm")
    lines = sizes_of_last(turn) if asked else []
    last = turn.data.get("last_sku")
    measured = measures_of_line(turn) if asked and not lines else None
    out = [last] if last else []
    if measured:                # "la jouj 250 w wa7ed 500": of the line whose sizes they are
        out, lines = measured
    coloured = not lines and asked and bool(lines := colours_of_last(turn))
    if not lines or not out:
        return False
    if sum(int(i.quantity or 0) for i in lines) != sum(cart_qty(turn, sku) or 0 for sku in out) \
            and not coloured and not (p.intent == "deny" or nlu_details.says(text, "correction")):
        return False            # (colours each with its count say the whole line again)
    for sku in out:
        remove_line(turn, sku)
    for item in lines:          # (each size said of a line is that line's count in all)
        set_line(turn, item.sku, int(item.quantity or 1), add=not measured)
    return True


def sizes_of_a_line_at_a_count(turn: Turn) -> bool:
    """"bghit 2 belghat sefra 38 w semta" (how many belts?) — "la wa7da 38 w wa7da 40": sizes
    said alone, each counted, of a basket product other than the one asked how many of, with
    a correction or its count in all, split that product's line; the question stays open (it
    took two belts). True when read so."""
    queue = turn.data["queue"]
    if not queue or queue[0]["type"] != "qty":
        return False
    measured = measures_of_line(turn)
    if not measured or not measured[0]:
        return False
    out, lines = measured
    if family_name(turn.item(queue[0]["sku"])) == family_name(turn.item(lines[0].sku)) \
            or (sum(int(i.quantity or 0) for i in lines) != sum(
                cart_qty(turn, sku) or 0 for sku in out)
                and not (turn.p.intent == "deny" or nlu_details.says(turn.event.text,
                                                                       "correction"))):
        return False
    for sku in out:
        remove_line(turn, sku)
    for item in lines:
        set_line(turn, item.sku, int(item.quantity or 1), add=False)
    return True


def colour_switch(turn: Turn) -> bool:
    """"bdlha b lkhdra", "changez-le en vert", "plutôt le vert", "make it the green one": a
    line of the basket becomes the same product in the colour named (its other words and its
    size kept), with its quantity. The line is the one just touched, else the one line of
    the basket whose product comes in that colour."""
    p, text = turn.p, turn.event.text
    said = turn.soft_words
    named = [i.sku for i in p.items] if not (p.ambiguous or p.removed) else []
    taken = _taken_back(turn) if p.replace and not (p.items or p.ambiguous) else None
    if said and not (p.ambiguous or p.removed) and (p.items or p.unknown_products) \
            and _named_by_colours(turn):
        # "bdlhom b lk7el" (black, or kohl): the colour of the basket line, not kohl
        p, named = dataclasses.replace(p, items=(), unknown_products=()), []
    of_them = nlu_details.says(text, "of_them")     # "one of them in yellow"
    if said and said <= _colours_taken_back(text):
        # "non finalement pas les vertes", "machi lkhdrin": not green ones (the black line
        # was made green); the one line of that colour leaves the basket
        hits = [line["sku"] for line in turn.data["cart"]
                if (info := turn.entry(line["sku"])) and said <= info.tags]
        if has_order_content(p) or len(hits) != 1:
            return False
        gone = hits[0]
        remove_line(turn, gone)
        turn.say("removed", products=turn.label(gone))
        return True
    if not said or (has_order_content(p) and len(named) != 1 and not taken) or not (
            p.intent == "deny" or of_them or any(nlu_details.says(text, kind)
                                                 for kind in ("swap", "correction", "restart"))):
        return False
    if not (named or taken) and _count_of_colour_in(turn, said):
        return True                                # "make it 2 brown": of the brown belts
    last = taken or turn.data.get("last_sku")     # "bdel lplaid b lmarron": the plaid
    lines = [last] + [line["sku"] for line in turn.data["cart"] if line["sku"] != last]
    switches = [(sku, new) for sku in lines if sku and cart_qty(turn, sku)
                and (new := _recoloured(turn, sku, said)) is not None
                and (not named or named == [new])]   # "changez le coussin en vert"
    if not switches or (switches[0][0] != last and len(switches) > 1):
        return False
    sku, new = switches[0]
    said_count = p.items[0].quantity if named else None
    qty = said_count or cart_qty(turn, sku)
    had = cart_qty(turn, sku) or 0
    if of_them and had > 1:
        # "2 red babouches 38" — "one of them in yellow": one pair of each colour
        counts = [n for n in counts_said(turn, text) if 0 < n < had]
        part = counts[0] if len(counts) == 1 else 1
        set_line(turn, sku, had - part, add=False)
        set_line(turn, new, part, add=True)
        return True
    remove_line(turn, sku)
    set_line(turn, new, qty or 1, add=True)
    return True


def _colours_taken_back(text: str) -> frozenset[str]:
    """The soft words (colours…) said only after a negation of their part of the message
    ("pas les vertes", "machi lkhdra", "not the green ones"): taken back, not asked for."""
    back: set[str] = set()
    wanted: set[str] = set()
    for part in FRAGMENTS.split(text or ""):
        if not part:
            continue
        after = nlu_details.after_negation(part)
        words = soft_words_of(part)
        if after is None:
            # "pas les vertes" from its start; not "no the green one": "no" is the answer
            first = nlu.textnorm.tokens(part)[:1]
            lead = bool(first) and nlu_details.has_marker(first[0], "neg") \
                and not nlu_details.says(first[0], "correction")
            (back if lead else wanted).update(words)
            continue
        negated = soft_words_of(after)
        back |= negated
        wanted |= words - negated
    return frozenset(back - wanted)


def _count_of_colour_in(turn: Turn, said: frozenset[str]) -> bool:
    """"make it 2 brown" with a brown and a black belt in the basket: a count with the colour
    of one line already there, no swap word, is that line's count (the black belt was made
    brown and dropped: a wrong parcel). True when the line was set."""
    if nlu_details.says(turn.event.text, "swap"):
        return False
    lines = [line["sku"] for line in turn.data["cart"]
             if (entry := turn.entry(line["sku"])) is not None and said <= entry.tags]
    counts = counts_said(turn, turn.event.text)
    if len(lines) != 1 or len(counts) != 1 or not 0 < counts[0] <= MAX_QTY:
        return False
    set_line(turn, lines[0], counts[0], add=False)
    return True


def _named_by_colours(turn: Turn) -> bool:
    """Is what the message orders named by its colour words only ("k7el" is black and kohl,
    "لحمر" red and a name)? Read once more without them, it orders nothing."""
    words = [w for w in nlu.textnorm.tokens(turn.event.text) if not soft_words_of(w)]
    rest = nlu.parse(" ".join(words), turn.ctx.index)
    return not (rest.items or rest.ambiguous or rest.unknown_products)


def _taken_back(turn: Turn) -> str | None:
    """The one basket line a swap's "bdel X" names ("bdel lplaid b …": the grey plaid in the
    basket, of the grey and the brown ones), if any."""
    named = {s for r in turn.p.removed
             for s in ((r.sku,) if isinstance(r, nlu.Item) else r.candidates)}
    lines = [line["sku"] for line in turn.data["cart"] if line["sku"] in named]
    return lines[0] if len(lines) == 1 else None


def colour_added(turn: Turn) -> bool:
    """"et un vert aussi", "zid wa7ed khder", "and a green one too" after a line of the
    basket: that many (one unless said) of the line's product in the colour named, added to
    the basket (it was one more of the line's own colour, or nothing)."""
    p, text = turn.p, turn.event.text
    if (has_order_content(p) or turn.state not in ("ordering", "confirm")
            or not (nlu_details.says(text, "more") or nlu_details.starts_with_and(text))
            or any(nlu_details.says(text, kind) for kind in ("swap", "correction"))):
        return False
    said = turn.soft_words          # tagged only now: the checks above are cheaper
    if not said:
        return False
    last = turn.data.get("last_sku")
    if not last or not cart_qty(turn, last):
        return False
    sized = unit_said(text)         # a size said: that size of it, or none (not the line's)
    new = None if sized else _recoloured(turn, last, said)
    counts = [n for n in counts_said(turn, text) if 0 < n <= MAX_QTY]
    if new is None and (sized or len(counts) <= 1):
        item = _in_colour(turn, last, said)
        if item is None:
            return False
        set_line(turn, item.sku, int(item.quantity or 1), add=True)
        return True
    if new is None or len(counts) > 1:
        return False
    same = nlu_details.says(text, "same") and not counts   # "and the same in red" after two
    set_line(turn, new, counts[0] if counts else (cart_qty(turn, last) or 1) if same else 1,
             add=True)                                      # yellow pairs: two red ones
    return True


def _in_colour(turn: Turn, sku: str, said: frozenset[str]) -> nlu.Item | None:
    """"zid nss kilo dyal khder", "zid wa7ed khder" after a kilo of black olives whose name
    has words the green ones' has not: the message read before the word for what the line's
    product is ("… khder zitoun"), when it names one other product of that kind in the
    colour said; its own size, else the line's."""
    head, info = head_word(turn, sku), turn.entry(sku)
    if not head or info is None:
        return None
    read = nlu.parse(f"{turn.event.text} {head}", turn.ctx.index)
    if read.removed or len(read.items) + len(read.ambiguous) != 1:
        return None
    item: nlu.Item | None
    if read.items:
        item = read.items[0]
        options = [item.sku] if item.quantity else []
    else:
        amb = read.ambiguous[0]
        options = [s for s in amb.candidates if (e := turn.entry(s)) and e.measure == info.measure]
        item = nlu.Item(options[0], amb.quantity or 1) if len(options) == 1 else None
    other = turn.entry(options[0]) if item and len(options) == 1 and options[0] != sku else None
    if item is None or other is None or other.head != info.head or not said <= other.tags:
        return None
    return item


def _recoloured(turn: Turn, sku: str, said: frozenset[str]) -> str | None:
    """The one product in stock that is ``sku`` in the soft words ``said`` (its colour): the
    same other words, size and row figure; None when there is none, or it is ``sku``."""
    info = turn.entry(sku)
    if info is None or said <= info.tags:
        return None

    def firm(tags: frozenset[str]) -> frozenset[str]:
        return frozenset(t for t in tags if t.startswith("~")
                         or LEXICON.concepts[t].role != "soft")

    index = turn.ctx.index
    assert isinstance(index, nlu.CatalogIndex)
    found = [e for e in index.products
             if e.sku != sku and said <= e.tags and e.head == info.head
             and e.measure == info.measure and e.designator == info.designator
             and (product := turn.product(e.sku)) is not None and product["in_stock"]]
    if len(found) > 1:      # "… tote bag tan small" in black: the small black one, not the
        found = [e for e in found if e.size_word == info.size_word] or found   # large too
    same = [e.sku for e in found if firm(e.tags) == firm(info.tags)]
    if not same:        # "Olives noires" → "Olives vertes cassées": the one green olive
        same = [e.sku for e in found if concepts(firm(e.tags)) == concepts(firm(info.tags))]
    if not same:        # "Olives noires (zitoun k7el)": "k7el" is black, not kohl too
        own = concepts(firm(info.tags)) - _colour_readings(info.words)
        same = [e.sku for e in found
                if concepts(firm(e.tags)) - _colour_readings(e.words) == own]
    return same[0] if len(same) == 1 else None


def _colour_readings(words: frozenset[str]) -> frozenset[str]:
    """The other readings of the words of a name that are also a colour ("k7el": black, and
    kohl): no product word of its own, so no kind a colour switch must keep."""
    out: set[str] = set()
    for word in words:
        payloads = [c for kind, value in LEXICON.grammar.longest([(word,)], 0)[1]
                    if kind == "concept" for c in value]
        if any(LEXICON.concepts[c].role == "soft" for c in payloads):
            out.update(c for c in payloads if LEXICON.concepts[c].role != "soft")
    return frozenset(out)


def concepts(tags: frozenset[str]) -> frozenset[str]:
    """The lexicon's concepts among ``tags`` (not the catalog's own words)."""
    return frozenset(t for t in tags if not t.startswith("~"))


def _renamed_in_a_size(turn: Turn) -> bool:
    """The one product named is another size of a line of the basket, and nothing says it
    comes as well ("zid", "aussi"): the message changes that line's size."""
    p = turn.p
    if p.removed or nlu_details.says(turn.event.text, "more"):
        return False
    if len(p.items) == 1 and not p.ambiguous:
        named = [p.items[0].sku]
    elif not p.items and len(p.ambiguous) == 1:
        named = list(p.ambiguous[0].candidates)    # "changez le miel en 1kg": of the honeys
    else:                                          # in 1 kg, the one whose 500 g is in it
        return False
    resized = [sku for sku in named if (product := turn.product(sku)) is not None
               and not cart_qty(turn, sku) and any(
                   base_name(turn.item(line["sku"])) == base_name(product)
                   or rows_of_one(turn, line["sku"], sku) for line in turn.data["cart"])]
    return len(resized) == 1


def _same_product_resized(turn: Turn, sku: str) -> nlu.Item | None:
    """The other size of ``sku``'s product that the message names, in stock (read after the
    product's name, with the count that reading makes), else None."""
    base = base_name(turn.item(sku))
    # "… taille 52": its name without the figure that tells it from its other rows
    mark = designator(turn, sku)
    name = (base.rpartition(" ")[0] or base) if isinstance(mark, str) else (  # "T-shirt M"
        family_name(turn.item(sku)) if mark is not None else base)
    mine_entry = turn.entry(sku)
    packed = mark is None and bool(getattr(mine_entry, "pack", None))
    if packed:
        # "Zit zitoun pack 4 x 1L": not its pieces' count and size ("bdlo b 4 dyal litra"
        # read after them was one 5 L can), nor its pack and times words
        name = " ".join(w for w in reading_name(family_name(turn.item(sku))).split()
                        if ("marker", "times") not in LEXICON.grammar.longest(
                            [key_variants(w)], 0)[1])
    again = reread_in_name(turn, name, turn.event.text, sku)
    named = {i.sku for i in again.items}
    if (len(named) != 1 or sku in named) and mark is None and family_name(turn.item(sku)) != name:
        # "changez le miel en 1kg": read after "Miel de thym", not "Miel de thym 500g" (whose
        # size the message would name again)
        again = reread_in_name(turn, family_name(turn.item(sku)), turn.event.text, sku)
        named = {i.sku for i in again.items}
    if len(named) != 1 or sku in named:
        return None
    new = named.pop()
    read = next(i for i in again.items if i.sku == new)
    if packed and len(turn.p.prices) == 1 and not read.quantity:
        # "bdlo b 250" after the pack of 3 × 250 g: the jar of 250 g, not the 1 kg priced
        # 250 DH (the pack's name said the size its figure was read as before)
        sized = [r["sku"] for r in turn.ctx.products if r["sku"] != sku
                 and (e := turn.entry(r["sku"])) and mine_entry and e.variant == mine_entry.variant
                 and not e.pack and float(r.get("size") or 0) == turn.p.prices[0]]
        if len(sized) == 1:
            new = sized[0]
            read = dataclasses.replace(read, sku=new, quantity=None)
    product = turn.product(new)
    mine, other = turn.entry(sku), turn.entry(new)
    packs = bool(mine and other and mine.variant == other.variant and mine.pack != other.pack)
    if not product or not product["in_stock"] or (
            base_name(product) != base and not rows_of_one(turn, sku, new) and not packs):
        return None             # (not "bdlha b pack 3" of the pack of 2: the pack of 3)
    return read


#: the payload of an "and" that joins order lines (intents/keywords.yml ``conj``)
_AND = ("marker", "conj")


@functools.lru_cache(maxsize=4096)   # a basket line's name, read by several checks
def reading_name(name: str, numbers: bool = True) -> str:
    """A product's name to re-read a message after, without its container and number words
    ("Huile d'olive bidon": "bidon" before "wakha" would read as one can ordered; "بغرير
    دزينة": the dozen as twelve of them) nor its "and" ("Amlou beldi (louz w argan)": two
    lines, its own and an argan one, and "la machi kilo, nos kilo" after it was lost);
    ``numbers=False`` keeps the number words and the "and"s (only the containers go)."""
    dropped = ("container", "num", "frac") if numbers else ("container",)
    return " ".join(word for word in name.split() if not any(
        payload[0] in dropped or (numbers and payload == _AND)
        for payload in LEXICON.grammar.longest(
            [key_variants((nlu.normalise(word).strip() or word) if numbers else word)], 0)[1]))


def reread_in_name(turn: Turn, name: str, text: str, sku: str) -> nlu.Parse:
    """``text`` read after a basket line's ``name``, the line being ``sku``: the longest end of
    it that names one other product, nothing else ("لا ماشي لتر، بغيت جوج ديال 5 لتر", "no
    make it two 5L": the negated size first hid the one wanted), else the whole of it."""
    name = reading_name(name)
    whole = nlu.parse(f"{name} {text}", turn.ctx.index)
    words = nlu.normalise(text).split()
    own = None
    for start in range(len(words)):
        again = whole if start == 0 else nlu.parse(
            f"{name} {' '.join(words[start:])}", turn.ctx.index)
        if len(again.items) == 1 and not again.ambiguous and not again.removed:
            if again.items[0].sku != sku:
                return _one_size_on(turn, again, sku)
            own = own or again
    # "no make the 1kg 2" after the 1 kg's name: the "no" hid its own size and count
    return _one_size_on(turn, own if own and not whole.items else whole, sku)


def _one_size_on(turn: Turn, read: nlu.Parse, sku: str) -> nlu.Parse:
    """"can I get the bigger one instead" read after the 250 g thyme honey's name: the next
    size of it (the 500 g), not the biggest the size word alone names (the 1 kg went in)."""
    hint = turn.p.size_hint
    if hint not in ("small", "big") or len(read.items) != 1 \
            or not nlu_details.says(turn.event.text, "comparative"):
        return read
    group = product_group(turn, sku)
    if product_group(turn, read.items[0].sku) != group:
        return read
    family = [r["sku"] for r in turn.ctx.products
              if r["in_stock"] and product_group(turn, r["sku"]) == group]
    nearer = next_size(turn, family, sku, hint)
    return dataclasses.replace(read, items=(dataclasses.replace(read.items[0], sku=nearer),)) \
        if nearer else read


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
    if turn.p.one_is_pronoun:       # "change the honey to the big one": no count (the two
        words = [w for w in words if lookup_key(w) not in LEXICON.pronoun_one_keys]   # made 1)
    counts = [n for n in counts_said(turn, " ".join(words)) if 0 < n <= MAX_QTY]
    return counts[0] if len(counts) == 1 else None


def counts_said(turn: Turn, text: str) -> list[int]:
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
        if counts_said(turn, word) != [int(quantity)] \
                or lookup_key(words[k + 1]) in LEXICON.replace_joiner_keys:
            continue
        for end in range(k + 2, min(len(words), k + 5) + 1):   # "plutôt 2 ras el hanout
            after = nlu.parse(" ".join(words[k + 1:end]), turn.ctx.index)   # 250g": two
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
    that line's product name, when it names one size of it with a count; else the one other
    line's product it names a size of; else None."""
    p = turn.p
    sku = turn.data.get("last_sku")
    if not sku or not cart_qty(turn, sku) or has_order_content(p) or p.number is not None \
            or nlu_details.house_number_of_a_place(nlu.normalise(turn.event.text).split()):
        return None                     # "agdal 3": a district and its house number
    said = said_dimensions(turn.event.text)
    found = _measured_for(turn, sku) if _sold_by(turn, sku, said) else None
    if found is None:
        # "zid wa7ed 50cl" with the olive oil 2 L and then green olives in the basket: one
        # 50 cl bottle of the oil, the one line whose product is sold in that size (another
        # jar of olives was added: a wrong parcel)
        others = {family_name(turn.item(line["sku"])): line["sku"]
                  for line in turn.data["cart"] if line["sku"] != sku
                  and turn.product(line["sku"]) and line.get("qty")}
        fits = {item.sku: item for item in (_measured_for(turn, s) for s in others.values()
                                            if _sold_by(turn, s, said)) if item is not None}
        found = next(iter(fits.values())) if len(fits) == 1 else None
    return found


def said_dimensions(text: str) -> set[str]:
    """What the units a message says measure ("2L": volume; "500g": mass; units.yml)."""
    tokens = nlu.textnorm.tokens(text)
    dims = LEXICON.unit_dimensions
    return {dims[key] for span in nlu.grammar.tag_tokens(tokens) if span.kind == "unit"
            for key in (nlu.textnorm.lookup_key(" ".join(tokens[span.start:span.end])),)
            if key in dims}


def _measure_of_the_open_question(turn: Turn, sku: str) -> bool:
    """"sma7li bghit 2 litra machi kilo w nos" at "which olive oil? 1 L or 5 L" with 2 × the
    500 g smen in the basket: the litres are the measure of the options asked about (all sold
    by volume), not a new size of a basket line sold by another measure (the smen is weighed:
    "litra d smen" alone is its kilo, and the smen became 2 × 1 kg)."""
    queue = turn.data["queue"]
    if not queue or queue[0]["type"] != "choice":
        return False
    dims = LEXICON.unit_dimensions
    asked = {dims.get(turn.item(s).get("unit") or "") for s in queue[0]["candidates"]
             if turn.product(s)}
    if len(asked) != 1 or None in asked or not asked & said_dimensions(turn.event.text):
        return False
    return dims.get(turn.item(sku).get("unit") or "") not in asked


def _sold_by(turn: Turn, sku: str, said: set[str]) -> bool:
    """Could a measure of ``said``'s dimensions be of ``sku``'s product? A litre is no size
    of olives sold by the gram when the message says only volumes (the scales are shared:
    customers say "kilo" of oil, so a product's own unit is not required otherwise)."""
    dim = LEXICON.unit_dimensions.get(turn.item(sku).get("unit") or "")
    if not dim or len(said) != 1 or dim in said:
        return True
    return not any(LEXICON.unit_dimensions.get(line_unit) in said
                   for line in turn.data["cart"] if turn.product(line["sku"])
                   for line_unit in (turn.item(line["sku"]).get("unit") or "",))


def _measured_for(turn: Turn, sku: str) -> nlu.Item | None:
    """The message read after the basket line ``sku``'s product name: the one size of that
    product it names with a count, else None."""
    read = _read_after_line(turn, sku)
    if (len(read.items) != 1 or (read.ambiguous and not _line_kept(turn, sku, read))
            or read.removed or not read.items[0].quantity or read.items[0].quantity > MAX_QTY
            or not _one_family(turn, read.items[0].sku, sku)):
        return None
    return read.items[0]


def _one_family(turn: Turn, sku: str, other: str) -> bool:
    """Sizes of one product, whether or not a name says its container ("Huile d'olive extra
    vierge 1L" and "… bidon 5L")."""
    family, others = family_name(turn.item(sku)), family_name(turn.item(other))
    return family == others or reading_name(family) == reading_name(others)


def _read_after_line(turn: Turn, sku: str) -> nlu.Parse:
    name = reading_name(family_name(turn.item(sku)))
    return nlu.parse(f"{name} {_said_instead(turn.event.text)}", turn.ctx.index)


def size_said_too(turn: Turn, sku: str) -> nlu.Item | None:
    """"ok je prends 1 et 2 bouteilles de 1L" to "how many 5 L cans?": beside the count of
    the basket line ``sku``, another size of its product with its count (the 2 bottles of
    1 L), read after the product's name; else None."""
    if has_order_content(turn.p) or not cart_qty(turn, sku):
        return None
    read = _read_after_line(turn, sku)
    if len(read.items) != 1 or read.removed or not _line_kept(turn, sku, read):
        return None
    item = read.items[0]
    return item if (item.sku != sku and item.quantity and item.quantity <= MAX_QTY
                    and _one_family(turn, item.sku, sku)) else None


def count_beside_other_size(turn: Turn, sku: str) -> tuple[int, nlu.Item] | None:
    """"how much is the 5 L can?" (how many?) — "wa7ed w jouj dyal 1L", "1 and 2 of the 1L":
    a bare count first, then another size of the product asked about with its own count,
    read after the product's name: the first count is the asked size's (it was lost, the
    1 L alone went in). The count and the other line; else None."""
    p = turn.p
    if len(p.items) != 1 or p.ambiguous or p.removed:
        return None
    other = p.items[0]
    if other.sku == sku or not other.quantity or not _one_family(turn, other.sku, sku):
        return None
    read = _read_after_line(turn, sku)
    counts = [a.quantity for a in read.ambiguous if sku in a.candidates and a.quantity] \
        + [i.quantity for i in read.items if i.sku == sku and i.quantity]
    if len(counts) != 1 or not 0 < counts[0] <= MAX_QTY or read.removed \
            or [i for i in read.items if i.sku != sku] != [other]:
        return None
    return int(counts[0]), other


def _line_kept(turn: Turn, sku: str, read: nlu.Parse) -> bool:
    """"ok je prends 1 et 2 bouteilles de 1L" at 1 × the 5 L can: read after the product's
    name, the name takes the line's own count (the can kept as it is) and another size comes
    too (the 2 bottles were lost: the checkout went on with the can alone)."""
    if len(read.ambiguous) != 1:
        return False
    said = read.ambiguous[0]
    name = " ".join(nlu.textnorm.tokens(reading_name(family_name(turn.item(sku)))))
    return (said.text == name and sku in said.candidates
            and said.quantity == cart_qty(turn, sku) and turn.p.intent in ("order", "unknown"))


def _said_instead(text: str) -> str:
    """What a message says after the measure it takes back ("la machi kilo, jouj kilo":
    "jouj kilo"), else the message."""
    taken = nlu_details.after_negation(text)
    if taken and SEPARATOR in taken.split():
        return taken.split(SEPARATOR, 1)[1]
    return text


def measure_of_last_line(turn: Turn) -> bool:
    """"3tini jouj kilo", "عطيني جوج كيلو" right after "1 × التحميرة كيلو": a count of the
    line's own size is its quantity ("zid jouj kilo": that many more); another size comes
    as well with "zid" ("zid rob3 kilo") or an opening "and" ("w wa7ed kilo", "and the 1kg":
    it was "instead, or both?" though the customer said "and"), else it is left alone
    (more of it, or instead?)."""
    item = measured_for_last(turn)
    sku = turn.data.get("last_sku")
    if item is None or turn.p.set_quantity:
        return False
    more = nlu_details.says(turn.event.text, "more") or (
        sku is not None and item.sku != sku and (
            nlu_details.starts_with_and(turn.event.text)      # "w wa7ed kilo": one more
            or _line_kept(turn, sku, _read_after_line(turn, sku))))
    if item.sku != sku and not more:
        return False
    have = (cart_qty(turn, item.sku) or 0) if more else 0
    had = cart_qty(turn, item.sku) or 0
    if (not more and (item.quantity or 1) == 1 and had > 1 and turn.p.number is None
            and not nlu_details.says(turn.event.text, "correction")
            and _measure_alone(turn.event.text)):
        # "2 amlou" (2 × the 250 g put in) — "250g": the size said again, the two kept (it
        # set the line to one jar)
        turn.data["pending_set"] = {"sku": item.sku, "qty": had}
        return True
    turn.data["pending_set"] = {"sku": item.sku, "qty": int(item.quantity or 1) + have}
    return True


def _measure_alone(text: str) -> bool:
    """A measure said with no count of its own ("250g", "the 1 kg", "kilo"), no "2 x 250g"."""
    spans = nlu.grammar.tag_tokens(nlu.textnorm.tokens(text))
    figures = [k for k, s in enumerate(spans) if s.kind in ("num", "frac")]
    return not figures or (len(figures) == 1 and figures[0] + 1 < len(spans)
                           and spans[figures[0] + 1].kind == "unit")


def part_resized(turn: Turn) -> bool:
    """"2 of them 1kg", "dont 2 en 1kg", "jouj menhom kilo" at 3 × the 500 g just put in,
    naming no product: that many of the line go to the size said, the rest stay (it asked
    "instead of it, or both?", whose answers gave three or five jars, never 1 + 2). True
    when the basket was changed."""
    sku = turn.data.get("last_sku")
    if not sku or not nlu_details.parts_said(turn.event.text):
        return False
    item = measured_for_last(turn)
    had = cart_qty(turn, sku) or 0
    if (item is None or item.sku == sku or not item.quantity or not 0 < item.quantity < had
            or family_name(turn.item(item.sku)) != family_name(turn.item(sku))
            or not turn.item(item.sku)["in_stock"]):
        return False
    set_line(turn, sku, had - int(item.quantity), add=False)
    set_line(turn, item.sku, int(item.quantity), add=True)
    return True


def other_size_asked(turn: Turn, sized: nlu.Item | None = None) -> bool:
    """"bghit 500g" with 1 × the 1 kg thyme honey just put in: another size of that line, no
    "more" and no change word — instead of it, or both? is asked (it was left alone and the
    checkout went on: the 1 kg delivered, the 500 g said never read)."""
    sku = turn.data.get("last_sku")
    item = sized or (_row_for_last(turn) if turn.p.designators else measured_for_last(turn))
    if item is None or not sku or item.sku == sku or turn.p.set_quantity \
            or nlu_details.says(turn.event.text, "more"):
        return False
    family = family_name(turn.item(item.sku))       # "50cl" after the olives: of the oil
    sku = sku if family_name(turn.item(sku)) == family else next(
        (line["sku"] for line in reversed(turn.data["cart"]) if turn.product(line["sku"])
         and family_name(turn.item(line["sku"])) == family and line["sku"] != item.sku), sku)
    turn.data["size_or_both"] = {"sku": sku, "new": item.sku, "qty": int(item.quantity or 1)}
    turn.say("size_or_both", new=turn.label(item.sku), old=turn.label(sku))
    return True


def _row_for_last(turn: Turn) -> nlu.Item | None:
    """"2 of size 54 please" after 1 × the men's djellaba size 52: the row of that product
    whose figure is said (the 54), with the count said (its 2 set the 52 to two)."""
    p, sku = turn.p, turn.data.get("last_sku")
    entry = turn.entry(sku)
    if entry is None or entry.designator is None or not cart_qty(turn, sku) \
            or has_order_content(p) or len(p.designators) != 1:
        return None
    family = family_name(turn.item(sku))
    rows = [q["sku"] for q in turn.ctx.products if q["sku"] != sku and family_name(q) == family
            and getattr(turn.entry(q["sku"]), "designator", None) == p.designators[0]]
    count = int(p.number) if p.number and 0 < p.number <= MAX_QTY else 1
    return nlu.Item(rows[0], count) if len(rows) == 1 else None


def qty_beside_size(turn: Turn, sku: str) -> int | None:
    """The quantity said with the chosen product's size: "2 of the 500g", "the 1kg thyme,
    2 please", "une de 100ml" (the size's own number is never the quantity)."""
    product = turn.item(sku)
    label = size_label(product).lower()
    text = nlu.normalise(turn.event.text)
    if not label or label not in text.replace(" ", ""):
        return None
    said = [nlu.normalise(part) for part in FRAGMENTS.split(turn.event.text or "") if part]
    said = [part for part in said if label in part.replace(" ", "")]
    if len(said) == 1:
        text = said[0]          # "deux de 250g et un lben 1L": the count of the 250 g is two
    numbers = [t for t in text.split() if t.isdigit()]     # "ch7al": no 7
    size = str(int(product["size"])) if float(product["size"]).is_integer() else ""
    if size in numbers:
        numbers.remove(size)                               # the size's own number
    if len(numbers) == 1 and 0 < int(numbers[0]) <= MAX_QTY:
        return int(numbers[0])
    if numbers:
        return None
    rest = [t for t in _without_size_pronouns(text.split()) if not t.isdigit()]
    words = [n for n in counts_said(turn, " ".join(rest)) if 0 < n <= MAX_QTY]
    if len(words) > 1:                   # "the 1L one, two": "one" stands for the product
        rest = [t for t in rest if lookup_key(t) not in LEXICON.pronoun_one_keys]
        words = [n for n in counts_said(turn, " ".join(rest)) if 0 < n <= MAX_QTY]
    return words[0] if len(words) == 1 else None


def dozens_in_packs(turn: Turn) -> None:
    """"dzina", "jouj dzina", "zid dzina" naming no product, about one sold in packs ("how
    many?" of "Baghrir dzina (12)", or the line just touched): a count of dozens is a count
    of pieces, so that many packs ("dzina": one pack of 12, not twelve); pieces no pack adds
    up to ("nss dzina" of a pack of 12) are no count at all (asked again)."""
    p = turn.p
    if p.number is None or p.items or p.ambiguous or not any(
            lookup_key(w) in LEXICON.dozen_keys for w in nlu.normalise(turn.event.text).split()):
        return
    queue = turn.data["queue"]
    sku = queue[0].get("sku") if queue and queue[0]["type"] == "qty" else (
        turn.data.get("last_sku") if not queue else None)
    entry = turn.entry(sku) if sku else None
    pack = int(entry.pack) if entry is not None and entry.pack else 0
    if pack >= 2:
        number = p.number // pack if p.number % pack == 0 else None
        turn.parse = dataclasses.replace(p, number=number)



def _amount_said(text: str) -> float | None:
    """The sum of money a message says ("b 300 dh", "pour 200 dh", "100 dh worth"): the
    figure the numbers' reading tags a price, if exactly one."""
    if not any(c.isdigit() for c in text):
        return None                               # (cheap: most messages have no figure)
    tokens = nlu.textnorm.tokens(text)
    roles = nlu.numbers.non_quantities(tokens)
    figures = {nlu.numbers.parse_number(tokens[i]) for i, role in roles.items()
               if role == "price" and tokens[i][:1].isdigit()}
    figures.discard(None)
    return figures.pop() if len(figures) == 1 else None


def count_kept(turn: Turn) -> None:
    """"i want 2 jars", "bghit jouj 9ra3i": a count of containers and nothing named, to an
    empty basket: the count is kept for the next message, and the product it names with no
    count of its own is that many ("thyme" next asked which one, and the 500 g went in as
    one: the 2 lost)."""
    p = turn.p
    count = turn.data.pop("count_said", None)
    named = len(p.items) + len(p.ambiguous)
    if count and named == 1 and p.intent in ("order", "unknown") and not p.question \
            and not p.removed and not any(i.quantity for i in p.items) \
            and not any(a.quantity for a in p.ambiguous):
        turn.parse = dataclasses.replace(
            p, items=tuple(dataclasses.replace(i, quantity=count) for i in p.items),
            ambiguous=tuple(dataclasses.replace(a, quantity=count) for a in p.ambiguous))
    elif (not named and p.containers and p.number is not None and 0 < p.number <= MAX_QTY
          and p.intent == "order" and not p.question and not p.unknown_products
          and not turn.data["cart"] and not turn.data["queue"]
          and turn.state in ("start", "ordering")):
        turn.data["count_said"] = int(p.number)


def by_amount(turn: Turn) -> bool:
    """"3tini b 300 dh", "pour 200 dh de miel", "100 dh worth of saffron": an order by the
    money to spend, with no count said. The count (and size) that spends it is proposed,
    "yes" takes it: exactly the amount if a count of one option makes it (of the biggest
    size first), else the most under it. It asked "which one?" or "how many?" with the
    amount lost, or took the figure for nothing. The product is the one named, else the one
    just talked about."""
    p = turn.p
    budget = turn.data.pop("budget", None)          # "3tini b 100 dh" the message before
    named = p.items or p.ambiguous or turn.data["queue"]    # ("hi, 50 dh worth please")
    if p.intent not in (("order",) if named else ("order", "greet", "unknown")) or p.question \
            or turn.state not in ("start", "ordering") or p.removed \
            or len(p.items) + len(p.ambiguous) > 1 or p.number is not None \
            or any(i.quantity for i in p.items) or any(a.quantity for a in p.ambiguous):
        return False
    amount = _amount_said(turn.event.text) or budget
    if not amount or amount <= 0:
        return False
    if not named and not p.unknown_products:
        turn.data["budget"] = amount                # "salam 3tini b 100 dh": of what?
        turn.say("ask_what_for_amount", amount=i18n.money(amount))
        return True
    if p.items:
        skus = [p.items[0].sku]
    elif p.ambiguous:
        skus = list(p.ambiguous[0].candidates)
    elif turn.data["queue"]:
        head = turn.data["queue"][0]
        skus = [head["sku"]] if head["type"] == "qty" else list(head["candidates"])
    else:
        return False
    sold = [s for s in skus if turn.product(s) and turn.item(s)["in_stock"]
            and turn.item(s)["price"] and turn.item(s)["price"] <= amount]
    if not sold:
        return False
    def spend(sku: str) -> tuple[int, float]:
        price = turn.item(sku)["price"]
        count = min(int(amount // price), MAX_QTY)
        return count, count * price
    exact = [s for s in sold if spend(s)[1] == amount]
    sku = max(exact, key=lambda s: turn.item(s)["price"]) if exact else \
        max(sold, key=lambda s: (spend(s)[1], turn.item(s)["price"]))
    count = spend(sku)[0]
    turn.data["queue"] = [q for q in turn.data["queue"] if not q.get("soft")
                          and sku not in asks_about(q)]
    turn.data["queue"].insert(0, {"type": "qty", "sku": sku, "soft": True, "said": count})
    turn.state = "ordering" if turn.data["cart"] else turn.state
    turn.say("ask_said_after_price", line=turn.line_text(sku, count))
    return True
