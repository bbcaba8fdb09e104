"""Corrections of the last line: a count or size changed, a kind refined, a question taken
back.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from .. import nlu
from ..nlu import details as nlu_details
from ..nlu.numbers import parse_number
from .basket import (
    cart_qty,
    family_name,
    figures_of,
    head_word,
    holds_figure,
    product_group,
    remove_line,
    set_line,
)
from .choices import by_size_word, grade_said
from .model import MAX_QTY, CartLine, Turn, has_order_content
from .parts import has_figure
from .quantities import (
    corrects,
    counts_said,
    in_packs,
    measures_of_line,
    reading_name,
    reread_in_name,
    said_count,
    sizes_of_last,
)


def count_correction(turn: Turn) -> bool:
    """A short "not that many" at a delivery step ("la, bghit wa7ed machi jouj", "لا، بغيت
    واحد ماشي جوج"): counts in words, no figure, no address or name read in it; or, before
    the address is asked, a correction cue and a count and no word a name could be made of
    ("wait can u make it 1" asked for a name: one, not a customer called so)."""
    text = turn.event.text
    found = turn.found
    if found and (found.address or found.name):
        return False
    if turn.state != "ask_address" and len(text.split()) <= 8 and corrects(text) \
            and not nlu_details.has_unknown_word(text):
        return True
    return (nlu_details.before_negation(text) is not None and len(text.split()) <= 6
            and not has_figure(text))                     # "wa7ed" is a word


def _other_size_negated(turn: Turn) -> bool:
    """"small teapot not large", "the small teapot, not the large one": two sizes said, the
    second after a negation (the line's own, taken back): one size is asked for."""
    before = nlu_details.before_negation(turn.event.text)
    after = nlu_details.after_negation(turn.event.text)
    if not before or not after:
        return False
    return len(nlu.parse(before, turn.ctx.index).sizes) == 1 \
        and len(nlu.parse(after, turn.ctx.index).sizes) == 1


def _asks_for_in_place(turn: Turn) -> bool:
    """"Can I get the large teapot instead?", "could I have the 1kg instead": a question in
    form naming one product with a swap word, an order for it in a line's place, not a
    question about it (the small teapot stayed and the large one took the glasses' count)."""
    p = turn.p
    return p.intent == "order" and len(p.items) == 1 and nlu_details.says(turn.event.text, "swap")


def size_change(turn: Turn) -> bool:
    """"la, bghit jouj dyal 5 litre", "no, make it two 5L" with 1 × the 1L in the basket: a
    change cue, another size of one basket line and no product named: that line becomes
    the size said (with the count said, else its own), instead of "no, nothing more"."""
    p, text = turn.p, turn.event.text
    cart = turn.data["cart"]
    named = {i.sku for i in p.items}
    # "1kg instead", "can I have the big one instead?": a size asked for in place of the
    # line's (the summary came back unchanged, and the yes placed the small jar)
    swap = nlu_details.says(text, "swap") and not named
    instead = swap and p.number is None and not p.containers and not any(   # (a count or
        nlu.textnorm.lookup_key(t) in nlu.lexicon.LEXICON.replace_joiner_keys   # "bdelhom b
        for t in nlu.textnorm.tokens(text))                      # …", "par …": the swap's)
    # "la bghit moyen": the one basket line of a product sold in another grade so named
    grades = [(line, sku) for line in cart if (sku := grade_said(turn, line["sku"]))] \
        if not named and p.size_hint and not p.items and not p.ambiguous else []
    graded = grades[0] if len(grades) == 1 else None
    negated = len(p.sizes) > 1 and _other_size_negated(turn)   # "small teapot not large"
    if (turn.state not in ("ordering", "confirm") or not cart or len(named) > 1 or p.ambiguous
            or (len(p.sizes) > 1 and not negated) or p.removed
            or (p.question and not instead and not _asks_for_in_place(turn))
            or turn.data["queue"] or turn.volunteered
            or not (nlu_details.says(text, "correction") or negated)
            or nlu_details.says(text, "more")
            or (swap and not instead and not graded)     # "bdlo b moyen": the medium grain
            or named & {line["sku"] for line in cart}
            or nlu_details.has_marker(text, "remove")    # "non, enlevez le 500g": out
            or sizes_of_last(turn) or measures_of_line(turn)):  # "la jouj 40 w wa7da 42" at
        return False                    # 3 × the 40: the line split in two (size_switch's)
    changes = []
    def kind(sku: str) -> int | None:
        return getattr(turn.entry(sku), "variant", None)

    for line in cart:
        name = family_name(turn.item(line["sku"]))
        words = set(name.split())
        read = reread_in_name(turn, name, text, line["sku"])
        others = [i for i in read.items if i.sku != line["sku"] and named <= {i.sku}
                  and (words <= set(turn.item(i.sku)["name"].lower().split())
                       or kind(i.sku) == kind(line["sku"]))]   # "bouteille 1 L"
        if len(others) == 1 and len(read.items) == 1 and not read.ambiguous:
            changes.append((line, others[0]))   # "non plutôt le bidon de 5L": that line's size
    if graded and not changes:          # "la bghit moyen" after the fine couscous 5 kg
        changes = [(graded[0], nlu.Item(graded[1], None))]
    if len(changes) != 1:
        return False
    line, item = changes[0]
    sku, said = item.sku, int(item.quantity or 0)
    if not turn.item(sku)["in_stock"]:   # "the 50ml instead" of a sold-out 50 ml: said so,
        turn.say("out_of_stock", product=turn.label(sku), alternatives="")   # the line kept
        return True                      # (it went in, and the yes emptied the basket)
    # "la smeh lia 42 machi 40": the figure that names the row is no count (42 pairs of 42)
    number = None if p.number in figures_of(turn, [sku]) else p.number
    qty = int(number) if number and 0 < number <= MAX_QTY else (
        said if 1 < said <= MAX_QTY
        else in_packs(turn, line["sku"], sku, line["qty"]) or line["qty"])   # ("b pack")
    if said == 1 and not number and line["qty"] > 1 and _a_total_said(turn, line):
        qty = 1         # "la nos kilo machi 2 kilo", "non, un demi kilo seulement" at 2 × the
        #                 1 kg: half a kilo in all (it made two 500 g jars)
    part = nlu_details.count_swapped(text) if nlu_details.one_of_them(text) else None
    if part is None and nlu_details.parts_said(text) and line["qty"] > 1:
        # "2 yellow babouches 38" — "actually one of them in 40": one pair moves, the other
        # stays (both went to the 40); "2 of them in 1kg": two
        count = int(number) if number else said
        part = count if 0 < count < line["qty"] else 1
    if part and part < line["qty"]:     # "bdel wa7ed menhom b zit 2l": one of the two goes
        set_line(turn, line["sku"], line["qty"] - int(part), add=False)
        set_line(turn, sku, in_packs(turn, line["sku"], sku, int(part)) or int(part), add=True)
    else:
        remove_line(turn, line["sku"])
        set_line(turn, sku, qty, add=False)
    if turn.state != "confirm":
        turn.state = "ordering"
    return True


def _a_total_said(turn: Turn, line: CartLine) -> bool:
    """Does a size change say the measure in all, not each one's: "only" ("ghir nos kilo",
    "un demi kilo seulement"), or the measure taken back is the line's whole ("machi 2
    kilo" at 2 × the 1 kg)?"""
    text = turn.event.text
    if nlu_details.says(text, "only"):
        return True
    taken = nlu_details.after_negation(text)
    if not taken:
        return False
    read = reread_in_name(turn, family_name(turn.item(line["sku"])), taken, line["sku"])
    return [(i.sku, i.quantity) for i in read.items] == [(line["sku"], line["qty"])]


def all_one_size(turn: Turn) -> bool:
    """"no wait, both 1L", "make them all 1L", "la kolhom 1L" with the olive oil in 1 L and in
    500 ml: every line of that one product becomes the size said, their counts added (the
    1 L line was set to one and the 500 ml kept: fewer bottles, and of the size not wanted)."""
    p, text = turn.p, turn.event.text
    cart = turn.data["cart"]
    if (turn.state not in ("ordering", "confirm") or len(cart) < 2 or turn.data["queue"]
            or p.items or p.ambiguous or p.question or p.removed or turn.volunteered
            or not nlu_details.says(text, "all_of_them")):
        return False
    families: dict[str, list[CartLine]] = {}
    for line in cart:
        families.setdefault(family_name(turn.item(line["sku"])), []).append(line)
    picked = []
    for name, lines in families.items():
        if len(lines) < 2:
            continue
        read = reread_in_name(turn, name, text, lines[0]["sku"])
        if len(read.items) == 1 and not read.ambiguous \
                and family_name(turn.item(read.items[0].sku)) == name:
            picked.append((lines, read.items[0].sku))
    if len(picked) != 1 or not turn.item(picked[0][1])["in_stock"]:
        return False
    lines, sku = picked[0]
    total = sum(line["qty"] for line in lines)
    for line in lines:
        remove_line(turn, line["sku"])
    set_line(turn, sku, total, add=False)
    return True


def line_by_its_size(turn: Turn) -> bool:
    """"khlli ghir wa7ed dyal 1L", "ghir jouj mn 500g", "seulement deux de 500g": no product
    named, a count to keep ("only", a correction) and the size of one basket line among its
    product's sizes: that line gets the count, the others stay (it took the 5 L for a
    change of size and dropped it, or turned the amlou 250 g beside the honey into 500 g)."""
    p, text = turn.p, turn.event.text
    cart = turn.data["cart"]
    if (turn.state not in ("ordering", "confirm") or not cart or turn.data["queue"]
            or has_order_content(p) or p.question or turn.volunteered
            or nlu_details.says(text, "more") or nlu_details.says(text, "less")):
        return False
    picked = []
    for line in cart:
        name = family_name(turn.item(line["sku"]))
        read = reread_in_name(turn, name, text, line["sku"])
        if ([i.sku for i in read.items] == [line["sku"]] and not read.ambiguous
                and not nlu.parse(reading_name(name), turn.ctx.index).items):
            picked.append((line["sku"], read.items[0]))   # the size said is this line's own
    if len(picked) != 1:
        return False
    sku, item = picked[0]
    if not (item.quantity and 0 < item.quantity <= MAX_QTY) or not (
            item.op == "set" or nlu_details.says(text, "correction")) \
            or int(item.quantity) not in counts_said(turn, text):   # not a count of the name
        return False
    set_line(turn, sku, int(item.quantity), add=False)
    return True


def taken_off_by_its_size(turn: Turn) -> bool:
    """"7ayed wa7ed mn 250" with 2 × the 250 ml and 1 × the 500 ml rose water (and cumin put
    in last): no product named, a removal whose size is one basket line's own — that many
    come off that line, the others stay (it read 250 ml taken off the 500 ml bottle, a third
    250 ml put in for it, or did not understand). True when the message was read so."""
    p, text = turn.p, turn.event.text
    cart = turn.data["cart"]
    if (turn.state not in ("ordering", "confirm") or not cart or turn.data["queue"]
            or has_order_content(p) or p.question or turn.volunteered
            or not nlu_details.has_marker(text, "remove") or not has_figure(text)):
        return False
    figures = {parse_number(w) for w in nlu.textnorm.tokens(text) if holds_figure(w)}
    picked = []
    for line in cart:
        if turn.item(line["sku"]).get("size") not in figures:
            continue                    # (its own size written: not cumin's one size)
        read = nlu.parse(f"{reading_name(family_name(turn.item(line['sku'])))} {text}",
                         turn.ctx.index)
        off = read.removed[0] if len(read.removed) == 1 and not (read.items or read.ambiguous) \
            else None
        if isinstance(off, nlu.Item) and off.sku == line["sku"]:
            picked.append((line["sku"], off.quantity))
    if len(picked) != 1:
        return False
    sku, count = picked[0]
    have = cart_qty(turn, sku) or 0
    if count and 0 < count < have:
        set_line(turn, sku, have - int(count), add=False)
        turn.say("removed", products=f"{int(count)} × {turn.label(sku)}")
    else:
        remove_line(turn, sku)
        turn.say("removed", products=turn.label(sku))
    return True


def kind_in_context(turn: Turn) -> None:
    """"bghit amlou" (the plain one put in, "how many?") — "sans sucre": a kind said alone,
    which several products come in, right after a product is that product's kind (it
    listed the sugar-free jams too, and the amlou was lost). Read as the product named."""
    p = turn.p
    queue = turn.data["queue"]
    if (turn.state != "ordering" or p.items or len(p.ambiguous) != 1 or p.removed
            or p.question or turn.volunteered):
        return
    sku = turn.data.get("last_sku")
    if queue:
        if queue[0]["type"] != "qty":
            return
        sku = queue[0]["sku"]
    head = head_word(turn, sku)
    if head is None:
        return
    amb = p.ambiguous[0]
    read = nlu.parse(f"{head} {turn.event.text}", turn.ctx.index)
    if (len(read.items) == 1 and not read.ambiguous and read.items[0].sku != sku
            and read.items[0].sku in amb.candidates
            and _kinds(turn, read.items[0].sku, str(sku))[0] is not None):
        turn.parse = dataclasses.replace(
            p, intent="order", ambiguous=(),
            items=(nlu.Item(read.items[0].sku, amb.quantity, amb.op),))
        return
    same = _same_size_of_kind(turn, str(sku), amb.candidates)
    if same and not turn.data["queue"]:
        # "bghit zit argan dyal lmakla 250" — "la dyal cheveux": the cosmetic one in the
        # size of the line, not "which cosmetic argan oil?"
        turn.parse = dataclasses.replace(p, intent="order", ambiguous=(),
                                         items=(nlu.Item(same, amb.quantity, amb.op),))


def _same_size_of_kind(turn: Turn, sku: str, candidates: tuple[str, ...]) -> str | None:
    """The one of ``candidates``, all sizes of another kind of ``sku``'s product, that comes
    in ``sku``'s size; else None."""
    line = turn.entry(sku)
    entries = [turn.entry(c) for c in candidates]
    if (line is None or line.measure is None or not entries or None in entries
            or len({e.variant for e in entries if e}) != 1
            or _kinds(turn, candidates[0], sku)[0] is None):
        return None
    same = [e.sku for e in entries if e and e.measure == line.measure and e.in_stock]
    return same[0] if len(same) == 1 else None


def kind_refined(turn: Turn) -> bool:
    """"بالزعتر", "b za3tar" just after "2 × Jben de chèvre nature" was put in the basket for
    "جوج ديال جبن المعزة": a word or two naming only another kind of the same product, no
    count, no "and"/"more": that line becomes that kind, with its count (it was asked "how
    many of the zaatar one?" and both went in)."""
    p, text = turn.p, turn.event.text
    last = turn.data.get("last_sku")
    qty = cart_qty(turn, last)
    words = nlu.normalise(text).split()
    # "hmm actually the herb one", "no sorry, the aged one" after the fresh one was picked:
    # a correction naming another kind takes that line's place too (both went in)
    # "the refill not the pot", "not the pot, the refill": a negation beside the kind named
    # takes the line's own kind back (its container word was no product: both went in)
    corrected = ((nlu_details.says(text, "correction") or nlu_details.has_marker(text, "neg"))
                 and len(words) <= 8 and not has_figure(text))   # "l9am7" is a word
    if (turn.state != "ordering" or not qty or turn.data["queue"] or turn.volunteered
            or p.intent != "order" or len(p.items) != 1
            or (p.items[0].quantity is not None and not corrected)
            or p.ambiguous or p.removed or p.question
            or p.guessed or p.city      # "الزهرة الصويرة": a name and a town, not the thyme
            #                             honey made orange blossom (a word guessed close to
            #                             "الزهر", beside a town)
            or not (1 <= len(words) <= 2 or corrected)
            or any(w[:1].isdigit() for w in words) or nlu_details.says(text, "more")
            or nlu_details.starts_with_and(text)
            or (qty > 1 and nlu_details.one_of_them(text))):
        return False        # ("bdel wa7ed b dghmous" of two thyme honeys: one of them, below)
    # the line of which the kind named is a variant ("en fait la figue sans sucre": the fig
    # jams, not the apricot one added after them), else the line just touched
    if any(line["sku"] != p.items[0].sku
           and product_group(turn, line["sku"]) == product_group(turn, p.items[0].sku)
           for line in turn.data["cart"]):
        return False    # "bdel zaatar b kilo" with the thyme's 500 g in: that line's size, not
        #                 the euphorbia honey (another kind of honey) made thyme
    refined = [line["sku"] for line in turn.data["cart"]
               if _variant_of(turn, line["sku"], p.items[0].sku)]
    if len(refined) == 1:
        last, qty = refined[0], cart_qty(turn, refined[0]) or qty
    new, old = _kinds(turn, p.items[0].sku, str(last))
    if new is None or old is None or cart_qty(turn, new.sku):
        return False
    said = said_count(turn, p.items[0]) or 0      # "change it to one herb cheese": one
    remove_line(turn, old.sku)
    set_line(turn, new.sku, said or qty, add=False)
    return True


def kind_of_a_line(turn: Turn) -> None:
    """"Actually the sugar free one" with fig jams in the basket: a kind that several
    products come in ("which sugar free one?") names the one that is another kind of a
    basket line, when only one is."""
    p = turn.p
    if (turn.state != "ordering" or p.items or len(p.ambiguous) != 1 or p.removed
            or turn.data["queue"] or not nlu_details.says(turn.event.text, "correction")):
        return
    amb = p.ambiguous[0]
    kinds = [c for c in amb.candidates for line in turn.data["cart"]
             if _variant_of(turn, line["sku"], c)]
    if len(kinds) == 1:
        quantity = None if p.one_is_pronoun else amb.quantity
        turn.parse = dataclasses.replace(p, items=(nlu.Item(kinds[0], quantity, amb.op),),
                                         ambiguous=())


def _variant_of(turn: Turn, sku: str, other: str) -> bool:
    """Is ``other`` a variant of the product ``sku``: the same kind said with one more word or
    one less ("Confiture de figues" and "… de figues sans sucre"), not another size of it
    nor another product of its kind ("… d'abricot")?"""
    a, b = turn.entry(sku), turn.entry(other)
    return bool(a and b and a.sku != b.sku and a.head and a.head == b.head
                and a.variant != b.variant and (a.tags < b.tags or b.tags < a.tags))


def _kinds(turn: Turn, new_sku: str, old_sku: str):
    """The catalog entries of two products when the first is another kind of the second
    (same head word, another variant, in stock), else ``(None, None)``."""
    new, old = turn.entry(new_sku), turn.entry(old_sku)
    if (not new or not old or new.sku == old.sku or new.head != old.head
            or new.variant == old.variant or not new.in_stock):
        return None, None
    return new, old


def question_taken_back(turn: Turn) -> None:
    """"How many of the fresh one?" — "no sorry, the aged one": the customer changed their
    pick, so the question about the first kind is dropped (both were ordered)."""
    p, text, queue = turn.p, turn.event.text, turn.data["queue"]
    picked = len(text.split()) <= 6 and not has_figure(text) and p.items and (
        p.items[0].quantity in (None, 1))             # "hmm the herb one": another pick
    if (not queue or queue[0]["type"] != "qty" or turn.state != "ordering"
            or len(p.items) != 1 or p.ambiguous or p.removed or p.question
            or not (nlu_details.says(text, "correction") or picked)
            or nlu_details.says(text, "more") or nlu_details.starts_with_and(text)):
        return
    new, old = _kinds(turn, p.items[0].sku, queue[0]["sku"])
    if new is not None and old is not None and not cart_qty(turn, old.sku):
        queue.pop(0)




def the_other_one(turn: Turn, picked: dict[str, Any] | None) -> bool:
    """"la machi hadak, lakhor", "لا، الآخر", "non, l'autre" right after picking one of two
    options (``picked``: the pick the message before made, if it made one): the other
    option, with the count said or asked (the "how many?" moves to it, or the basket line
    just put in becomes it)."""
    if not picked or has_order_content(turn.p) or not nlu_details.says(turn.event.text,
                                                                       "the_other"):
        return False
    others = [s for s in picked["others"] if turn.product(s) and turn.item(s)["in_stock"]]
    if len(others) != 1:
        return False
    old, new = picked["sku"], others[0]
    queue = turn.data["queue"]
    if queue and queue[0]["type"] == "qty" and queue[0]["sku"] == old:
        queue[0]["sku"] = new
    elif turn.data.get("last_sku") == old and cart_qty(turn, old):
        qty = cart_qty(turn, old) or 1
        remove_line(turn, old)
        set_line(turn, new, qty, add=False)
    else:
        return False
    turn.data["picked_among"] = {"sku": new, "others": [old]}
    return True


def sizes_swapped(turn: Turn) -> bool:
    """"swap the large for 2 small", "bdel lkbir b jouj sghar", "replace the 1kg with 2 500g":
    a replace word, then one size of a basket line's product before the joiner and another
    size of it after: that line becomes the other size, with the count said after the
    joiner, else its own (the count went to the large one, or the size to the other line)."""
    if turn.state not in ("ordering", "confirm") or not turn.data["cart"] or turn.p.question:
        return False
    lex = nlu.lexicon.LEXICON
    words = nlu.normalise(turn.event.text).split()
    keys = [nlu.textnorm.lookup_key(w) for w in words]
    at = next((k for k, key in enumerate(keys[:4]) if key in lex.replace_keys), None)
    join = next((k for k in range(at + 2, len(keys)) if keys[k] in lex.replace_joiner_keys),
                None) if at is not None else None
    if at is None or join is None or join + 1 >= len(words):
        return False
    return _swap_sizes(turn, " ".join(words[at + 1:join]), " ".join(words[join + 1:]))


def size_taken_back(turn: Turn) -> bool:
    """"not the 500g, the 1kg", "not the 250, the 500", "the 1kg, not the 500g" naming no
    product: a size of one basket line's product taken back and another size of it said
    beside: that line becomes the other size, its count kept (it offered the other line's
    product in that size, or added one more of a line)."""
    p = turn.p
    if (turn.state not in ("ordering", "confirm") or not turn.data["cart"] or p.question
            or p.removed or turn.data["queue"]
            or has_order_content(nlu.parse(turn.event.text, turn.ctx.index))):
        return False        # (the sizes alone may be read as the last line's already)
    words = nlu.normalise(turn.event.text).split()
    lead = 0                # "no, not the 500g, the 1kg": the answer "no" before it
    while lead + 1 < len(words) and (words[lead] == nlu.textnorm.SEPARATOR or (
            "neg" in nlu.grammar.readings(words[lead])
            and "neg" in nlu.grammar.readings(next(
                (w for w in words[lead + 1:] if w != nlu.textnorm.SEPARATOR), "")))):
        lead += 1
    words = words[lead:]
    neg = [k for k, w in enumerate(words) if "neg" in nlu.grammar.readings(w)]
    cuts = [k for k, w in enumerate(words) if w == nlu.textnorm.SEPARATOR
            or "conj" in nlu.grammar.readings(w)]
    if len(neg) != 1 or len(cuts) != 1:
        return False
    at, cut = neg[0], cuts[0]
    if at < cut:            # "not the 500g, the 1kg"
        before, after = words[at + 1:cut], words[cut + 1:]
        if any(w for w in words[:at] if "neg" not in nlu.grammar.readings(w)
               and not nlu.grammar.readings(w) & {"filler", "link"}
               and not nlu_details.says(w, "correction")):
            return False
    else:                   # "the 1kg, not the 500g"
        before, after = words[at + 1:], words[:cut]
    if not (any(w[:1].isdigit() for w in before) and any(w[:1].isdigit() for w in after)):
        return False
    return _swap_sizes(turn, " ".join(before), " ".join(after))


def _swap_sizes(turn: Turn, before: str, after: str) -> bool:
    """The one basket line whose product ``before`` names the size of and ``after`` another
    size: that line becomes the other size (the count said in ``after``, else its own)."""
    lex = nlu.lexicon.LEXICON
    changes = []
    for line in turn.data["cart"]:
        group = product_group(turn, line["sku"])
        family = [r["sku"] for r in turn.ctx.products
                  if product_group(turn, r["sku"]) == group]
        old, new = _size_in(turn, family, line["sku"], before), \
            _size_in(turn, family, line["sku"], after)
        if old == line["sku"] and new and new != old:
            changes.append((line, new))
    if len(changes) != 1:
        return False
    line, new = changes[0]
    if not turn.item(new)["in_stock"]:     # "swap the 100ml for the 50ml" of a sold-out 50 ml
        turn.say("out_of_stock", product=turn.label(new), alternatives="")   # the line kept
        return True
    # the figure of the new size is no count ("for 2 500g"), but a piece's size is not said
    size = turn.item(new)["size"] if turn.item(new)["unit"] != "piece" else None
    read = nlu.parse(after, turn.ctx.index)
    counts = [n for n in counts_said(turn, " ".join(
        w for w in after.split() if not (read.one_is_pronoun and nlu.textnorm.lookup_key(w)
                                         in lex.pronoun_one_keys)))
        if 0 < n <= MAX_QTY and n != size]
    qty = counts[0] if len(counts) == 1 else line["qty"]
    remove_line(turn, line["sku"])
    set_line(turn, new, qty, add=True)
    if turn.state != "confirm":
        turn.state = "ordering"
    return True


def _size_in(turn: Turn, family: list[str], sku: str, part: str) -> str | None:
    """The row of ``family`` (one product's sizes) that ``part`` of a swap names by a size word
    ("the large", "2 small ones") or a measure ("the 1kg", "2 500g"), else None."""
    if len(family) < 2 or not part:
        return None
    said = nlu.parse(part, turn.ctx.index)
    if said.size_hint and len(said.sizes) == 1:
        return by_size_word(turn, family, said.size_hint, said.containers)
    read = nlu.parse(f"{reading_name(family_name(turn.item(sku)))} {part}", turn.ctx.index)
    skus = {i.sku for i in read.items}
    return skus.pop() if len(skus) == 1 and not read.ambiguous and skus <= set(family) else None


def kind_by_price(turn: Turn) -> bool:
    """"la, bdlha b rkhisa", "make it the cheaper ones" after 2 × the Mejhoul 1 kg; "zid kilo
    mn rkhis", "and 1kg of the cheaper ones too": a price word naming no product, said of a
    basket line whose product comes in other kinds (other dates), is the kind cheapest
    (dearest) of those by the kilo — in place of the line, as much of it, or added, in the
    amount said. It was the line's small size (half the dates), or nothing at all."""
    p, text = turn.p, turn.event.text
    if turn.state not in ("ordering", "confirm"):
        return False
    last = turn.data.get("last_sku")
    rank = next((size for size in p.sizes if size in nlu.PRICE_RANKS), None)
    if (rank is None or has_order_content(p) or p.question
            or turn.data["queue"] or not last or not cart_qty(turn, last)):
        return False
    more = nlu_details.says(text, "more") or nlu_details.says(text, "also")
    if not more and not nlu_details.says(text, "correction"):
        return False
    index = turn.ctx.index
    assert isinstance(index, nlu.CatalogIndex)
    others = [i for i in nlu.other_kinds(index, last) if index.products[i].in_stock]
    if not others:
        return False                    # one kind, in sizes: its smaller (bigger) size
    ranked, _size = nlu.by_price(index.products, others, rank, True)
    rows = [index.products[i].sku for i in ranked]
    if len({index.products[i].variant for i in ranked}) != 1:
        return False
    tokens = nlu.textnorm.tokens(text)
    words = [tokens[k] for span in nlu.grammar.tag_tokens(tokens)
             if not (span.kind == "size" and span.value in nlu.PRICE_RANKS)
             for k in range(span.start, span.end)]
    name = reading_name(family_name(turn.item(rows[0])))
    read = nlu.parse(f"{name} {' '.join(words)}", index)
    said = [i for i in read.items if i.sku in rows and i.quantity]
    old = turn.entry(last)
    same = [s for s in rows if not said and not more and old is not None
            and (e := turn.entry(s)) is not None and e.measure and e.measure == old.measure]
    if not said and not same:
        turn.data["queue"].append({"type": "choice", "candidates": rows, "quantity": None})
        if not more:
            remove_line(turn, last)
        turn.state = "ordering"
        return True
    if not more:
        qty = cart_qty(turn, last) or 1
        remove_line(turn, last)
    for item in said:
        set_line(turn, item.sku, int(item.quantity or 1), add=True)
    if same:
        set_line(turn, same[0], qty, add=True)
    turn.data["last_sku"] = (said[-1].sku if said else same[0])
    return True
