"""Which one: a choice answered by a size word, a resized mention, an ordinal or a
position in the list shown.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from .. import nlu
from ..catalog import size_label
from ..nlu import details as nlu_details
from ..nlu.lexicon import LEXICON
from ..nlu.textnorm import key_variants, lookup_key
from .basket import (
    cart_qty,
    designator,
    family_name,
    next_size,
    remove_line,
    said_figures,
    set_line,
    size_of,
)
from .cart import ask_queue_head, show_cart
from .model import MAX_QTY, ChoiceQuestion, QtyQuestion, Turn, has_order_content
from .quantities import counts_said, reading_name


def choice_answer(turn: Turn, q: ChoiceQuestion) -> str | None:
    p = turn.p
    if p.sizes and not (p.items or p.ambiguous) and nlu_details.says(turn.event.text, "swap"):
        asked = _swapped_choice(turn, q)    # "remplacez le grand par un moyen" at "which
        if asked is not None:               # big tajine?": the medium, never the big one
            return asked or None
    candidates = q["candidates"]
    if q.get("guess") and len(candidates) == 1 and p.intent == "confirm" \
            and not has_order_content(p):
        return candidates[0]            # "did you mean Amlou?" — "iyeh"
    named = [i.sku for i in p.items if i.sku in candidates]
    # (a measure queried of another product counts as one named: "kilo dyal lk7el" alone is
    # a kilo of kohl pots, asked about; at "which olives?" it is the black olives)
    queried = [a for a in p.ambiguous if a.unmade and not set(a.candidates) & set(candidates)]
    if (p.items or queried) and not named and len(queried) == len(p.ambiguous):
        reread = _read_as_the_asked(turn, q)
        if reread is not None:     # "bghit zitoun" — "kilo dyal lkhdar w nss kilo dyal lk7el":
            p = turn.parse = reread    # the green and the black olives, not kohl
            named = [i.sku for i in p.items if i.sku in candidates]
            if len(named) + len(_named_among(p, candidates)) > 1 and q in turn.data["queue"]:
                turn.data["queue"].remove(q)        # answered by the order of each
    if len(named) + len(_named_among(p, candidates)) > 1:
        _order_each(turn, candidates)   # "the sidr and 2 royal jellies" after both were
        return None                     # priced: an order of each, with its own count
    if len(named) == 1:      # "2 kg de mejhoul et 500g d'amandes": the 500g is the almonds'
        return named[0]
    left = _of_the_asked(turn, q) if (p.items or p.ambiguous) and not named else None
    if left:                 # "bghit amlou" — "dyal louz": the almond amlou, not the almonds
        p = turn.parse = dataclasses.replace(p, items=(), ambiguous=())
        if len(left) == 1:
            return left[0]
        q["candidates"] = left
        return None
    index = turn.ctx.index
    assert isinstance(index, nlu.CatalogIndex)
    by_figure = _by_designator(turn, q, index)
    if by_figure:
        return by_figure
    priced = [s for s in candidates if turn.item(s)["price"] in p.prices] if p.prices else []
    if len(priced) == 1 and not p.items:
        return priced[0]                # "the 90 one", "dyal 220": the one at that price
    said = p.dimensions or (    # "the 30 one" to the tagines of 25, 30 and 35 cm: no 30th
        (f"{p.number:g} length",) if p.number is not None and p.number > len(candidates) else ())
    sized = nlu.by_dimensions(index, candidates, said) if said else []
    if len(sized) == 1 and not p.items:
        return sized[0]                                  # "the 30cm one", "pour 6 personnes"
    if p.dimensions and not p.items and not any(
            info.dims & set(p.dimensions) for info in index.products if info.sku in candidates):
        return None          # a size none of them has: its "one" picks no first one
    # ("1 kg de noix en plus" at "which Mejhoul?": the kilo is the walnuts', no Mejhoul's)
    by_size = None if p.items else _by_size_label(turn, candidates)
    if by_size:                                    # "the 1kg", "2 of the 500g"
        return by_size
    coloured = by_colour(turn, candidates)
    if coloured:                                   # "l7amra, jouj": the red one, not the 2nd
        return coloured
    shared = _sharing_the_words_said(turn, candidates)
    if shared:                    # "black" to two black bags and two brown ones: those two
        q["candidates"] = candidates = shared
    packed = [s for s in candidates if (e := index.by_sku.get(s)) and e.pack in p.packs] \
        if p.packs and not p.items else []
    if len(packed) == 1:        # "jouj pack 3", "wa7ed pack 3": the pack of three, never the
        read = nlu.parse(f"{family_name(turn.item(packed[0]))} {turn.event.text}", index)
        count = next((i.quantity for i in read.items if i.sku == packed[0]), None)
        if count and 0 < count <= MAX_QTY and (count > 1 or p.number is not None):
            # second or first option; that many of it (a pack word alone is no count)
            q["quantity"], q["of_packs"] = int(count), True
        return packed[0]
    names = {family_name(turn.item(s)) for s in candidates}
    if len(names) == 1 and not (p.items or p.ambiguous) and (
            p.number is None or p.number > len(candidates)):   # "litre", "250": its size
        read = nlu.parse(f"{names.pop()} {turn.event.text}", turn.ctx.index)
        hits = [i.sku for i in read.items if i.sku in candidates]
        if len(hits) == 1 and len(read.items) == 1:
            return hits[0]
    if p.number is not None and size_word_pick(p) and not p.items:
        return _by_size_or_price(turn, q, candidates)   # "jouj sghar", "the cheapest one"
    if p.number is not None and not p.items and not p.ambiguous and 0 < p.number <= MAX_QTY \
            and (nlu_details.says(turn.event.text, "of_them") or _ordered_count(turn, q)):
        q["quantity"] = int(p.number)   # "ok one of those", "2 of them": how many, not which
        return None
    if p.number is not None and not p.items and p.number > len(candidates):
        packs = [s for s in candidates if (e := index.by_sku.get(s)) and e.pack == p.number]
        if len(packs) == 1:     # "une douzaine" to eggs by one, by 12 and by 30: the box of
            q["quantity"] = int(p.number)       # 12 (as many pieces: one box of them)
            return packs[0]
    if p.number is not None and not p.items and 1 <= p.number <= len(candidates) \
            and not any(a.quantity == p.number for a in p.ambiguous):
        return candidates[int(p.number) - 1]     # ("2 boxes" of two boxes: a count of them)
    position = ordinal_position(p, len(candidates))
    if position is not None and not p.items:           # "الثاني", "le 2eme", "lakher"
        count = count_beside_ordinal(turn)
        if count and not q.get("quantity"):
            q["quantity"] = count                      # "الأول جوج": two of the first
        return candidates[position - 1]
    for amb in p.ambiguous:
        narrowed = [s for s in amb.candidates if s in candidates]
        if len(narrowed) == 1:
            return narrowed[0]
        if narrowed and len(narrowed) < len(candidates):
            q["candidates"] = narrowed
            candidates = narrowed
    if size_word_pick(p):
        return _by_size_or_price(turn, q, candidates)
    return _resized_mention(turn, q) or _by_first_name_word(turn, candidates)


def _by_first_name_word(turn: Turn, candidates: list[str]) -> str | None:
    """"الحبة" at "حبة السودا 250غ or زيت حبة السودا 100مل?": one word alone that opens the
    name of one option only (the seeds' name opens with it, the oil's holds it after "زيت")
    picks it, though the lexicon reads it as a container (a piece) and orders nothing (the
    list came again)."""
    p = turn.p
    words = [t for t in nlu.textnorm.tokens(turn.event.text)
             if not nlu.grammar.readings(t) & {"filler", "link"}]
    if p.items or p.ambiguous or p.removed or p.number is not None or len(words) != 1:
        return None
    said = set(key_variants(words[0]))
    hits = [s for s in candidates
            if (name := nlu.textnorm.tokens(turn.item(s)["name"]))
            and said & set(key_variants(name[0]))]
    return hits[0] if len(hits) == 1 else None


def _by_size_or_price(turn: Turn, q: ChoiceQuestion, candidates: list[str]) -> str | None:
    """The option a size or price word picks; a price word that leaves several (the sizes of
    the cheapest kind, or a kind cheapest by the kilo beside the cheapest tag) narrows the
    question to them ("which one?" again, among those)."""
    p = turn.p
    sku = by_size_word(turn, candidates, p.size_hint, p.containers)
    if sku is None and p.size_hint in nlu.PRICE_RANKS:
        ranked = price_ranked(turn, candidates, p.size_hint)[0]
        if 1 < len(ranked) < len(candidates):
            q["candidates"] = ranked
    return sku


def _ordered_count(turn: Turn, q: ChoiceQuestion) -> bool:
    """"I want two", "bghit jouj", "je veux deux" at "which one?" with no count yet: an order
    verb with a count written as a word is how many, not the option of that number (it took
    the 2nd honey and asked "how many?"). A figure ("2", "I want 2") or a pick word ("the 2",
    "number 2") still picks from the list."""
    text = turn.event.text
    return not q.get("quantity") and not any(c.isdigit() for c in text) \
        and not nlu_details.says(text, "list_pick") \
        and bool(nlu.intents.cue_scores(nlu.textnorm.tokens(text)).get("order"))


def recounted(turn: Turn, q: ChoiceQuestion) -> bool:
    """"je veux 3 huile d'olive 50cl" — "which one? 1. … 2. …" — "non finalement 2", "en
    fait 2 seulement", "sorry, just 2": a correction (or "only") of the count said with the
    product, another count, no word picking from the list ("non, le 2", "number 2"): the
    count corrected, and which one asked again (it took the 2nd, three of it)."""
    said, text, number = q.get("quantity"), turn.event.text, turn.p.number
    return bool(said) and number is not None and 0 < number <= MAX_QTY and number != said \
        and turn.p.ordinal is None and not has_order_content(turn.p) \
        and not nlu_details.says(text, "list_pick") \
        and (nlu_details.says(text, "correction") or nlu_details.says(text, "only"))


def size_label_pick(turn: Turn, candidates: list[str]) -> str | None:
    """The one option whose size the message writes as on its label ("250g"), if one."""
    return _by_size_label(turn, candidates)


def _by_size_label(turn: Turn, candidates: list[str]) -> str | None:
    """The one option whose size the message writes as on its label ("the 1kg", "30ml"), or
    as one of a unit, its word alone ("how much for the litre?": the 1 L bottle)."""
    text = nlu.normalise(turn.event.text).replace(" ", "")
    hits = [s for s in candidates if (label := size_label(turn.item(s)).lower())
            and label in text]
    if not hits and not any(c.isdigit() for c in text):
        return by_unit_word(turn, candidates)
    return hits[0] if len(hits) == 1 else None


def by_unit_word(turn: Turn, candidates: list[str]) -> str | None:
    """The one option of one of the unit the message names by its word alone ("the litre":
    the 1 L bottle), if one."""
    one = _one_unit_said(turn.event.text)
    hits = [s for s in candidates if one and (info := turn.entry(s)) and info.measure == one]
    return hits[0] if len(hits) == 1 else None


def _one_unit_said(text: str) -> int | None:
    """The measure of one of the unit a message names by its word alone ("litre", "kilo";
    not a bare "l" or "g"), when it names one."""
    payloads = [payload for word in nlu.normalise(text).split()
                for payload in LEXICON.grammar.longest([key_variants(word)], 0)[1]]
    if any(payload[0] in ("num", "frac") for payload in payloads):
        return None                 # "ch7al lkilo w ch7al nss?": two sizes, both priced
    said = {payload[1] for payload in payloads if payload[0] == "unit" and not payload[2]}
    return said.pop() if len(said) == 1 else None


def options_sized_as_said(turn: Turn, candidates: list[str]) -> list[str]:
    """The options of the colour or the size a message names ("and the blue one?"): a size
    as on their label ("the 500g"), by the word of one of a unit ("ch7al l kilo?": the 1 kg
    ones) or by its bare figure ("how much is the 500?"); several products may share it
    (the three honeys of 500 g)."""
    soft = turn.soft_words
    if soft and not turn.p.items:              # "and the blue one?": the blue ones
        coloured = [s for s in candidates if (e := turn.entry(s)) and soft <= e.tags]
        if coloured:
            return coloured
    text = nlu.normalise(turn.event.text).replace(" ", "")
    hits = [s for s in candidates if (label := size_label(turn.item(s)).lower())
            and label in text]
    if hits:
        return hits
    number = turn.p.number
    if number is not None:
        return [s for s in candidates if (info := turn.entry(s)) and info.size_value == number]
    one = _one_unit_said(turn.event.text)
    return [s for s in candidates if one and (info := turn.entry(s)) and info.measure == one]


def said_option(turn: Turn, candidates: list[str]) -> str | None:
    """The one of ``candidates`` a message naming no product picks by its size, its size
    word or its colour ("how much is the 30ml?", "and the big one?", "the red one?")."""
    p = turn.p
    if p.items or p.ambiguous:
        return None
    return _by_size_label(turn, candidates) or by_colour(turn, candidates) or (
        by_size_word(turn, candidates, p.size_hint, p.containers) if size_word_pick(p)
        else None)


def _by_designator(turn: Turn, q: ChoiceQuestion, index: nlu.CatalogIndex) -> str | None:
    """"pointure 40", "مقاس 40", "wa7da f 40", or "40" to a list with no 40th line: the row
    whose name says that figure (:mod:`bot.nlu.designators`), a listed one, else one of the
    same products out of stock (said so by the caller); a count said with it is the quantity.
    A figure said after a label that no row has is left to the list ("raqm 2": the 2nd)."""
    p = turn.p
    candidates = q["candidates"]
    said = said_figures(turn, len(candidates))
    if not said or p.items:
        return None
    info = index.by_sku
    listed = [s for s in candidates if s in info and info[s].designator in said]
    if not listed:
        groups = {info[s].variant for s in candidates if s in info}
        listed = [e.sku for e in index.products if e.variant in groups
                  and e.designator in said and not e.in_stock]
    soft = turn.soft_words
    if len(listed) > 1 and soft:        # "2 paires noires en 42": the black 42, of the 42s
        listed = [s for s in listed if soft <= info[s].tags] or listed
    if len(listed) != 1:
        first = said[0] if len(said) == 1 and isinstance(said[0], float) else None
        if p.designators and p.number is None and first is not None \
                and 1 <= first <= len(candidates) and first.is_integer():
            return candidates[int(first) - 1]     # "raqm 2" of a list of sizes 52 to 56
        return None
    if p.designators and p.number is not None and 0 < p.number <= MAX_QTY:
        q["quantity"] = int(p.number)               # "wa7da f 40": one of the 40
    elif p.designators and p.number is None:        # "2 paires noires en 42": two of them
        counts = [n for n in counts_said(turn, turn.event.text)
                  if n not in said and 0 < n <= MAX_QTY]
        if len(counts) == 1:
            q["quantity"] = counts[0]
    return listed[0]


def _of_the_asked(turn: Turn, q: ChoiceQuestion) -> list[str] | None:
    """"bghit amlou" (which one?) — "dyal louz": a kind said after "of" is the kind of the
    products asked about (the almond amlou), not another product it names alone (the
    almonds: the order was placed with two bags of almonds and no amlou); read after the
    customer's own words for them, the options it leaves."""
    words = nlu.normalise(turn.event.text).split()
    p = turn.p
    alone = len(p.items) == 1 and p.items[0].quantity is None and not p.ambiguous \
        and p.number is None        # "bghit 3sel" (which one?) — "zaatar": the thyme honey,
    #                                 not the dried thyme "zaatar" names alone
    alone = alone or (not p.items and len(p.ambiguous) == 1 and p.number is None
                      and p.ambiguous[0].quantity is None
                      and not set(p.ambiguous[0].candidates) & set(q["candidates"]))
    #   ("bghit ghriba" — "louz": the almond ghriba, not the other things made of almonds)
    if not words or not q.get("text") or (not alone and ("marker", "link") not in
                                          LEXICON.grammar.longest([key_variants(words[0])], 0)[1]
                                          and not any(   # "the almond one": "one" is the amlou
                                              lookup_key(w) in LEXICON.pronoun_one_keys
                                              for w in words)):
        return None
    read = nlu.parse(f"{q['text']} {turn.event.text}", turn.ctx.index)
    said = {i.sku for i in read.items} | {s for a in read.ambiguous for s in a.candidates}
    left = [s for s in q["candidates"] if s in said]
    if not left or len(left) == len(q["candidates"]) or not said <= set(q["candidates"]) \
            or read.removed:
        return None
    return left


def _read_as_the_asked(turn: Turn, q: ChoiceQuestion) -> nlu.Parse | None:
    """The answer read after the customer's own words for the options asked about, when
    read so it names only options and as many things as read alone, and alone it names only
    other products: a colour said for the olives asked about ("lk7el": the black ones) is no
    kohl."""
    if not q.get("text"):
        return None
    text = turn.event.text
    readings = [f"{q['text']} {text}"]
    if not any(("marker", "link") in LEXICON.grammar.longest([key_variants(w)], 0)[1]
               for w in nlu.normalise(text).split()):
        readings.append(f"{text} {q['text']}")     # "jouj kilo lk7el", not "k7el dyal l3in"
    for words in readings:
        read = nlu.parse(words, turn.ctx.index)
        said = {i.sku for i in read.items} | {s for a in read.ambiguous for s in a.candidates}
        if (read.items and not read.removed and said <= set(q["candidates"])
                and len(read.items) + len(read.ambiguous)
                >= len(turn.p.items) + len(turn.p.ambiguous)):
            return read
    return None


def by_colour(turn: Turn, candidates: list[str]) -> str | None:
    """"the blue one", "la zar9a", "الحمرا": the one option of that colour (or other soft
    word of its name), when the message orders nothing else."""
    p = turn.p
    said = turn.soft_words
    if p.items or p.ambiguous or not said:
        return None
    hits = [s for s in candidates if (info := turn.entry(s)) and said <= info.tags]
    return hits[0] if len(hits) == 1 else None


def _sharing_the_words_said(turn: Turn, candidates: list[str]) -> list[str]:
    """The options a colour (or another soft word) or a size word said, with no product,
    names when several share it ("black" to a small and a big black bag and two brown
    ones; "small" to a small and a big model of two colours): fewer, not yet one."""
    p = turn.p
    if p.items or p.ambiguous:
        return []
    said = turn.soft_words
    hits = [s for s in candidates if said and (info := turn.entry(s)) and said <= info.tags]
    if not hits and size_word_pick(p):
        hits = [s for s in candidates if (info := turn.entry(s)) and info.size_word
                and info.size_word == p.size_hint]
    if not hits and any(c.isdigit() for c in turn.event.text):
        # "5kg" to the couscous of three grains in 1 kg and 5 kg: the 5 kg ones (the whole
        # list came again, and "fine" next asked between the fine 1 kg and 5 kg)
        text = nlu.normalise(turn.event.text).replace(" ", "")
        hits = [s for s in candidates if (label := size_label(turn.item(s)).lower())
                and label in text]
    return hits if 1 < len(hits) < len(candidates) else []


def colour_of_list(turn: Turn) -> list[str]:
    """The options of the numbered list last shown that the colour said alone names, when
    it names several ("ok red then" after the babouches of three colours and four sizes: the
    red ones, asked which; it got "what would you like?")."""
    listed = [s for s in turn.data.get("last_list") or [] if turn.product(s)]
    return _sharing_the_words_said(turn, listed) if turn.soft_words else []


def colour_in_list(turn: Turn) -> int | None:
    """The position in the numbered list last shown of the one option of the colour the
    message says alone ("ok alors un vert" after the cushions offered for the yellow one)."""
    options = turn.data.get("last_list") or []
    listed = [s for s in options if turn.product(s)]
    sku = by_colour(turn, listed)
    coloured = _sharing_the_words_said(turn, listed) if sku is None else []
    if coloured and turn.soft_words and size_word_pick(turn.p):
        # "a red one, the large size" after the rugs of two colours and two sizes each
        sku = by_size_word(turn, coloured, turn.p.size_hint, turn.p.containers)
    elif coloured and turn.soft_words and turn.p.designators:
        # "ok red then, size 42" after the babouches of three colours and four sizes
        figured = [s for s in coloured if designator(turn, s) in turn.p.designators]
        sku = figured[0] if len(figured) == 1 else None
    return options.index(sku) + 1 if sku else None


def _named_among(p, candidates: list[str]) -> list[tuple[int, str]]:
    """The message's "which one?"s that only one of ``candidates`` answers ("the sidr" of
    three sizes, after its 1 kg was priced), by position: ``(ambiguity, sku)``."""
    out = []
    for n, amb in enumerate(p.ambiguous):
        among = [s for s in amb.candidates if s in candidates]
        if len(among) == 1:
            out.append((n, among[0]))
    return out


def _order_each(turn: Turn, candidates: list[str]) -> None:
    """Read the message as an order of the options it names, each with its own count."""
    p = turn.p
    named = dict(_named_among(p, candidates))
    items = p.items + tuple(nlu.Item(sku, p.ambiguous[n].quantity, p.ambiguous[n].op)
                            for n, sku in named.items())
    turn.parse = dataclasses.replace(p, items=items, ambiguous=tuple(
        a for n, a in enumerate(p.ambiguous) if n not in named))


def _resized_mention(turn: Turn, q: ChoiceQuestion) -> str | None:
    """"kharroub dyal kilo" (the powder or the pods?) — "la, nss kilo": the customer's own
    words for the product read again with the message, naming no product itself; the one
    product in stock they name now answers (only the powder comes in 500 g), with the count
    read with it."""
    p = turn.p
    words = q.get("text") or _shared_words(turn, q["candidates"])
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


def _swapped_choice(turn: Turn, q: ChoiceQuestion) -> str | None:
    """A size swapped for another at "which one?" ("remplacez le grand par un moyen", "un
    moyen plutôt"), naming no product: the product asked about read again with what the
    swap asks for. The one product in stock so read answers; several others become the
    options (returns ""); None when the swap reads as nothing else (the usual reading)."""
    text = turn.event.text
    words = q.get("text") or _shared_words(turn, q["candidates"])
    if not words or nlu_details.before_negation(text) is not None:
        return None
    read = nlu.parse(f"{words} {_swapped_to(text)}", turn.ctx.index)
    if read.removed or read.items and read.ambiguous or len(read.items) > 1 \
            or len(read.ambiguous) > 1 or not (read.items or read.ambiguous):
        return None
    found = [i.sku for i in read.items] or list(read.ambiguous[0].candidates)
    found = [s for s in found if turn.product(s) and turn.item(s)["in_stock"]]
    if not found or set(found) == set(q["candidates"]):
        return None
    if len(found) == 1:
        return found[0]
    q["candidates"] = found
    return ""


def _shared_words(turn: Turn, candidates: Iterable[str]) -> str:
    """The words every option's name has, but figures and containers ("chebakia" of
    "Chebakia au miel 500g" and "Chebakia boîte cadeau 1kg"): the product the options were
    listed for when the customer named none ("ch7al chebakia?" asked them by price)."""
    names = [turn.item(s)["name"].lower().split() for s in candidates if turn.product(s)]
    if len(names) < 2:
        return ""
    shared = [w for w in names[0] if all(w in n for n in names[1:])
              and not any(c.isdigit() for c in w)]
    return reading_name(" ".join(shared))


def _swapped_to(text: str) -> str:
    """What a swap with no "not" in it asks for ("la bdel lkilo b nss": "nss"), else the
    whole message."""
    tokens = nlu.normalise(text).split()
    keys = [lookup_key(t) for t in tokens]
    if not nlu_details.says(text, "swap") or nlu_details.before_negation(text) is not None:
        return text
    joins = [k for k, key in enumerate(keys) if key in LEXICON.replace_joiner_keys]
    return " ".join(tokens[joins[-1] + 1:]) if joins and joins[-1] + 1 < len(tokens) else text


def sizes_of(turn: Turn, sku: str) -> list[str]:
    """The sizes of the product ``sku`` is one size of: the same name but for its figures, or
    one product for the index ("Tajine 30 cm (4 pers)" and "Tajine 35cm (6 pers)")."""
    mine = turn.entry(sku)
    name = family_name(turn.item(sku))
    return [s["sku"] for s in turn.ctx.products if family_name(s) == name
            or (mine and (entry := turn.entry(s["sku"])) and entry.variant == mine.variant)]


def grade_said(turn: Turn, sku: str) -> str | None:
    """"moyen" after 1 × "Kesksou rqiq (fin) 5kg" where "Kesksou mtwasset (moyen) 5kg" is
    sold: a size word none of the line's own sizes is, that the names of another kind of
    the same product say (a grade of grain, not a rank of sizes), names that kind, in the
    line's size (None when no such row, or several)."""
    index, mine, hint = turn.ctx.index, turn.entry(sku), turn.p.size_hint
    if not isinstance(index, nlu.CatalogIndex) or mine is None or mine.size_word == hint:
        return None
    graded = [info for info in index.products if info.size_word == hint
              and info.head == mine.head and info.variant != mine.variant]
    if len({info.variant for info in graded}) != 1:
        return None
    alike = [info.sku for info in graded if info.measure == mine.measure
             and info.pack == mine.pack and turn.product(info.sku)]
    return alike[0] if len(alike) == 1 else None


def size_word_for_last(turn: Turn) -> nlu.Item | None:
    """"bghit lkbir" after 1 × the 250 g amlou: the size of the line's product the size
    word says (one of it), when it is another; None otherwise (no size word, one size)."""
    p, sku = turn.p, turn.data.get("last_sku")
    if not p.size_hint or has_order_content(p) or p.number is not None \
            or not sku or not cart_qty(turn, sku):
        return None
    family = [s for s in sizes_of(turn, sku) if turn.product(s) and turn.item(s)["in_stock"]]
    picked = by_size_word(turn, family, p.size_hint, p.containers) if len(family) > 1 else None
    picked = picked or grade_said(turn, sku)        # "la bghit moyen" after the fine grain
    return nlu.Item(picked, 1) if picked and picked != sku else None


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
        family, replaced = sizes_of(turn, last), last
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
    return p.size_hint in ("small", "big", "medium", *nlu.PRICE_RANKS)


def price_ranked(turn: Turn, candidates: list[str], hint: str) -> tuple[list[str], str | None]:
    """"the cheapest one", "lghali" after the prices: the kind cheapest (dearest) by the
    kilo (or those a price tag and the kilo leave open), or, among the sizes of one kind,
    the size word that picks it ("small" for the cheaper)."""
    index = turn.ctx.index
    assert isinstance(index, nlu.CatalogIndex)
    products = [index.by_sku[s] for s in candidates if s in index.by_sku]
    ranked, size = nlu.by_price(products, list(range(len(products))), hint)
    return [products[i].sku for i in ranked], size


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
    if hint in nlu.PRICE_RANKS:
        candidates, hint = price_ranked(turn, candidates, hint)
        if hint is None:
            return candidates[0] if len(candidates) == 1 else None
    worded = [s for s in candidates if s in info and info[s].size_word == hint]
    if len(worded) == 1:
        return worded[0]

    sizes = sorted({size_of(turn, s) for s in candidates})
    last = turn.data.get("last_sku")
    if hint in ("small", "big") and last in candidates \
            and nlu_details.says(turn.event.text, "comparative"):
        return next_size(turn, candidates, last, hint)   # "the bigger one" at the 250 g
    if hint == "medium":
        wanted = sizes[len(sizes) // 2] if len(sizes) % 2 and len(sizes) > 1 else None
    else:
        wanted = sizes[0] if hint == "small" else sizes[-1]
    at_size = [s for s in candidates if size_of(turn, s) == wanted]
    return at_size[0] if len(at_size) == 1 else None


def count_beside_ordinal(turn: Turn) -> int | None:
    """The one count said beside an ordinal ("الأول جوج", "lowel jouj", "le premier, 2"), or
    None ("the second one": its "one" is a pronoun)."""
    if turn.p.ordinal is None or turn.p.number is not None:
        return None
    counts = [c for c in counts_said(turn, turn.event.text or "") if 1 < c <= MAX_QTY]
    return counts[0] if len(counts) == 1 else None


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
    asked: QtyQuestion = {"type": "qty", "sku": sku}
    if counts_said(turn, turn.event.text or "") == [int(number)]:
        asked["picked_by"] = int(number)    # written as a count ("bghit jouj"), not "the small"
    if not any(q["type"] == "qty" and q["sku"] == sku for q in turn.data["queue"]):
        turn.data["queue"].append(asked)    # (the one whose count is asked already: once)
    ask_queue_head(turn)


_PICK_FILLERS = frozenset({"filler", "link", "times"})


def picks_from_list(turn: Turn) -> bool:
    """"2 of number 1 and 1 of number 11", "I'll take 1, 3 and 11", "raqm 4 jouj w raqm 6"
    after the catalog or a list: several positions of the list shown, each with its count
    (said with the pick word: "2 of number 1", "raqm 4 jouj"), else asked ("1 and 11": how
    many of each?). A position alone with no count, or other words beside them, are left to
    the other readings; a count said for one of several picks makes the others one each. It
    was the welcome (the catalog's numbers picked nothing)."""
    options = turn.data.get("last_list") or []
    p = turn.p
    if (not options or turn.data["queue"] or has_order_content(p) or p.removed
            or turn.state not in ("start", "ordering")):
        return False
    tokens = nlu.textnorm.tokens(turn.event.text)
    numbers = [counts_said(turn, t) for t in tokens]
    first = next((k for k, n in enumerate(numbers)
                  if n or nlu_details.says(tokens[k], "list_pick")), None)
    if first is None or first > 4:
        return False
    segments: list[list[tuple[str, int]]] = [[]]     # per segment: ("pick"/"num"/"x", value)
    for token, said in zip(tokens[first:], numbers[first:], strict=True):
        kinds = nlu.grammar.readings(token)
        if said:
            segments[-1].append(("num", said[0]))
        elif nlu_details.says(token, "list_pick"):
            segments[-1].append(("pick", 0))
        elif token == nlu.textnorm.SEPARATOR or "conj" in kinds:
            segments.append([])
        elif "times" in kinds:
            segments[-1].append(("x", 0))
        elif not kinds & _PICK_FILLERS:
            return False                # a word that is no pick ("1 kilo", "2 of the big")
    read = [_pick_of(segment) for segment in segments if segment]
    picks = [pick for pick in read if pick is not None]
    if not picks or (len(picks) < 2 and picks[0][1] is None) or len(picks) != len(read) \
            or not all(1 <= pos <= len(options) for pos, _count in picks):
        return False
    counted = any(count for _pos, count in picks)
    turn.state = "ordering"
    for pos, count in picks:
        sku = options[pos - 1]
        if count or counted:
            set_line(turn, sku, min(count or 1, MAX_QTY), add=True)
        elif not any(q["type"] == "qty" and q["sku"] == sku for q in turn.data["queue"]):
            turn.data["queue"].append({"type": "qty", "sku": sku})
    turn.data.pop("last_list_qty", None)
    if turn.data["queue"]:
        ask_queue_head(turn)
    else:
        show_cart(turn, ask_more=True)
    return True


def _pick_of(segment: list[tuple[str, int]]) -> tuple[int, int | None] | None:
    """(position, count or None) of one part of a message picking from a list: "11",
    "number 1", "2 of number 1", "raqm 4 jouj" (the figure right after the pick word is the
    position, the other one its count); two figures with no pick word are not read ("3 x 2":
    three of the second, or the third twice?)."""
    kinds = [k for k, _v in segment]
    if kinds.count("pick") > 1 or "x" in kinds and "pick" not in kinds:
        return None
    if kinds == ["num"]:
        return segment[0][1], None
    if "pick" not in kinds:
        return None
    at = kinds.index("pick")
    if at + 1 >= len(kinds) or kinds[at + 1] != "num":
        return None
    rest = [v for k, (kind, v) in enumerate(segment) if kind == "num" and k != at + 1]
    if len(rest) > 1:
        return None
    return segment[at + 1][1], (rest[0] if rest else None)
