"""Cutting the spans into order lines (:func:`split_lines`), attaching orphan quantities and
sizes, joining lines the catalog names together and splitting counts said for several
products; the tags and counts of a line.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from .. import designators
from .. import textnorm as norm
from ..grammar import Span
from ..lexicon import LEXICON
from ..matcher import CatalogIndex, match, split_tags
from ..numbers import BARE_SIZE_MIN, KILO, SUB_UNIT_MIN, read_quantity
from .model import PRODUCT_KINDS, QTY_KINDS, Line

# --- order lines ----------------------------------------------------------------------

def _next_kind(spans: list[Span], i: int) -> str | None:
    for span in spans[i + 1:]:
        if span.kind not in ("filler", "word"):
            return span.kind
    return None


def _product_ahead(spans: list[Span], i: int) -> bool:
    """Whether a product word follows before the next separator ("2 kilo l3sel 1 amlou")."""
    for span in spans[i + 1:]:
        if span.kind in PRODUCT_KINDS:
            return True
        if span.kind in ("sep", "conj", "neg", "remove"):
            return False
    return False


def _product_next(spans: list[Span], i: int) -> bool:
    """Whether the product words come right after ``spans[i]`` (fillers aside: "and the
    dates 1kg"), before any count of their own ("and 1 cumin")."""
    after = next((s for s in spans[i + 1:] if s.kind != "filler"), None)
    return after is not None and after.kind in PRODUCT_KINDS


def _measure_then_count(spans: list[Span], i: int) -> bool:
    """Is the number at ``i`` a measure ("100 g") followed by a count of its own ("1 cumin
    100g 1 kefta")? Then the measure is the size of the product before it, and the count
    opens the next line."""
    kinds = [s.kind for s in spans[i + 1:] if s.kind not in ("filler", "word")][:2]
    return kinds == ["unit", "num"]


def _unit_before_kinds(line: Line, spans: list[Span], i: int) -> bool:
    """"jouj kesksou d kilo wa7da rqiqa w wa7da ghlida": a unit with no figure of its own
    right after a counted product's words, then a small count of product words — the unit
    is the size of the counted product (of the kinds its count announces), not a line of
    its own (a kilo of the first kind, the two asked again over every row)."""
    if spans[i].kind != "unit" or line.last not in PRODUCT_KINDS | {"link"}:
        return False
    j = next((k for k in range(i + 1, len(spans)) if spans[k].kind not in ("filler", "word")),
             None)
    return (j is not None and bool(line.quantity) and line.quantity[0][0] == "num"
            and _counts_next_product(spans, j) and spans[j].value < line.quantity[0][1])


def _count_of_a_size(spans: list[Span], i: int) -> bool:
    """The figure at ``i`` is followed by a size: a bare figure as big as a size ("wa7d
    250") or a figure and its unit ("un de 500g")."""
    j = i + 1
    if j < len(spans) and spans[j].kind == "link":
        j += 1                                  # "1 de 250g"
    if j >= len(spans) or spans[j].kind != "num":
        return False
    after = spans[j + 1] if j + 1 < len(spans) else None
    return spans[j].value >= BARE_SIZE_MIN or (after is not None and after.kind == "unit")


def _measure_at(spans: list[Span], i: int) -> int:
    """The index after the measure starting at ``i`` (a figure and its unit, "5l", or a
    figure as big as a size, "500"), or -1 when none starts there."""
    if i >= len(spans) or spans[i].kind != "num":
        return -1
    if i + 1 < len(spans) and spans[i + 1].kind == "unit":
        return i + 2
    return i + 1 if spans[i].value >= BARE_SIZE_MIN else -1


def _measures_listed(spans: list[Span], i: int) -> bool:
    """"2 zit zitoun 1l w 5l", "2 amlou 250g w 500g": after a counted product, a measure
    "and" another measure alone — the measures are the parts of the count, as after a
    comma ("2 zit zitoun, 1l w 5l"), not the size of all of it."""
    j = _measure_at(spans, i)
    if j < 0 or j >= len(spans) or spans[j].kind != "conj":
        return False
    k = _measure_at(spans, j + 1)
    return k > 0 and not _product_ahead(spans, j) \
        and not (k < len(spans) and _unknown_word(spans[k]))   # "… w 2 kilo khli3": a product


def _count_after_count(line: Line, spans: list[Span], i: int) -> bool:
    """"soap x3 (2 plain 1 eucalyptus)": a counted product, then a second small count with
    its own product words — the second count opens the parts of the first (as a comma or a
    bracket between them would), it does not add to it."""
    tags = line.quantity
    return (line.has_product and line.last == "num" and bool(tags) and tags[-1][0] == "num"
            and tags[-1][1] < BARE_SIZE_MIN and spans[i].value < BARE_SIZE_MIN
            and _next_kind(spans, i) in PRODUCT_KINDS)


def _bare_size_then_count(line: Line, spans: list[Span], i: int) -> bool:
    """"1 thym 250 2 camomille 100", "1 amlou 250 2 kg olives" (an SMS, nothing between its
    lines): a bare figure big enough for a size right after a counted product's words, a
    small count of the next product right after it — the figure is the first product's size
    (it opened the second line, and 250 camomilles or 500 kg of olives were ordered)."""
    nxt = spans[i + 1] if i + 1 < len(spans) else None
    return (spans[i].kind == "num" and spans[i].value >= BARE_SIZE_MIN
            and line.has_product and line.has_quantity and line.last in PRODUCT_KINDS
            and nxt is not None and _counts_next_product(spans, i + 1))


def _counts_next_product(spans: list[Span], i: int) -> bool:
    """A small count at ``i`` of the product words that follow it, its unit between them or
    not ("2 camomille", "2 kg olives")."""
    if spans[i].kind != "num" or spans[i].value >= BARE_SIZE_MIN:
        return False
    after = _next_kind(spans, i)
    if after == "unit":
        after = _next_kind(spans, next(k for k in range(i + 1, len(spans))
                                        if spans[k].kind == "unit"))
    return after in PRODUCT_KINDS


def _count_after_bare_size(line: Line, spans: list[Span], i: int) -> bool:
    """The small count right after such a size opens the next product's line."""
    return (i > 1 and line.has_product and line.last == "num"
            and spans[i - 2].kind in PRODUCT_KINDS and spans[i - 1].kind == "num"
            and spans[i - 1].value >= BARE_SIZE_MIN and _counts_next_product(spans, i))


def _count_after_measure(line: Line, spans: list[Span], i: int) -> bool:
    """"jouj amlou dyal 250 wa7da dyal 500", "جوج زيت الزيتون ديال لتر وحدة ديال 5 لتر": a
    counted product whose measure was just said, then a small count of another size — the
    count opens the next line of the same product (as "w" before it would); it was one line
    of the second size, the counts added up, or the first line lost."""
    tags = line.quantity
    return (line.has_product and line.last in ("num", "unit") and spans[i].value < BARE_SIZE_MIN
            and any(t[0] == "num" and t[1] < BARE_SIZE_MIN for t in tags)
            and (tags[-1][0] == "unit" or (tags[-1][0] == "num" and tags[-1][1] >= BARE_SIZE_MIN))
            and _count_of_a_size(spans, i) and not _product_ahead(spans, i))


def _count_opens_colours(line: Line, spans: list[Span], i: int) -> bool:
    """"bghit babouche 40 wa7da safra w wa7da k7la": the product's only count right before a
    colour, and "and" a count and a colour after it — the count is the first colour's (the
    lines run in parallel), not the product's (the first colour was left uncounted and the
    order stalled at "which one?")."""
    if not (i > 0 and spans[i - 1].kind == "num" and spans[i - 1].value < BARE_SIZE_MIN
            and line.quantity[-1] == ("num", spans[i - 1].value)
            and [t[0] for t in line.quantity[:-1]] in ([], ["num", "unit"], ["frac", "unit"])
            and _roles(spans[i]) == {"soft"}
            and not all(_roles(s) <= {"soft"} for s in line.products)):
        return False
    rest = [s for s in spans[i + 1:] if s.kind != "filler"][:3]
    return (len(rest) == 3 and rest[0].kind == "conj" and rest[1].kind == "num"
            and rest[1].value < BARE_SIZE_MIN and _roles(rest[2]) == {"soft"})


def _roles(span: Span) -> set[str]:
    if span.kind != "concept":
        return {"raw"}
    return {LEXICON.concepts[c].role for c in span.value}


def _qualifies(line: Line, span: Span) -> bool:
    """"miel 500g thym", "3sel 1kg dyal za3tar": a qualifier after the size of a generic
    product word (a family alone) still says which one."""
    return (_roles(span) == {"qualifier"}
            and all(_roles(s) <= {"family", "soft"} for s in line.products))


def _inside_name(spans: list[Span], i: int) -> bool:
    """A container word right between two product words ("gift box Atlas") names the
    product; "2 boxes of honey", "3sel 9er3a" still count."""
    return (0 < i < len(spans) - 1 and spans[i - 1].kind in PRODUCT_KINDS
            and spans[i + 1].kind in PRODUCT_KINDS)


def _same_words_joined(line: Line, spans: list[Span], i: int) -> bool:
    """"for hair and skin", "pour cheveux et peau": "and" between two words of the same
    qualifier, with no quantity after it, joins the words of one product's name; not a word
    of the line said again with other words after it ("zitoun lkhdar w zitoun lk7el", "zit
    zitoun w zitoun lk7el": the olives are a second line), known or not ("nigella seeds")."""
    if not line.has_product or i + 1 >= len(spans) or spans[i + 1].kind != "concept":
        return False
    after = spans[i + 1]
    if i + 2 < len(spans) and spans[i + 2].kind in PRODUCT_KINDS \
            and any(set(after.value) <= set(s.value) for s in line.products if s.kind == "concept"):
        return False
    if i + 2 < len(spans) and _unknown_word(spans[i + 2]) \
            and any(set(after.value) <= set(s.value) for s in line.products if s.kind == "concept"):
        return False    # "nigella oil and nigella seeds": a word no lexicon knows after the
        #                 word said again names the second line ("Graines de nigelle")
    before = {c for s in line.products if s.kind == "concept" for c in s.value}
    return (spans[i - 1].kind == "concept" and set(after.value) <= before
            and all(LEXICON.concepts[c].role == "qualifier" for c in after.value))


def same_again(lines: list[Line], tokens: list[str]) -> None:
    """"2 ras el hanout 100g and the same for the cumin": a product named after "same" and
    without a count of its own takes the count of the line before, and that line's size figure
    (which picks the size only where the product comes in it: "cumin" → the 100 g)."""
    marks = [i for i, t in enumerate(tokens)
             if any(v in LEXICON.same_again_keys for v in norm.key_variants(t))]
    if not marks:
        return
    for before, line in itertools.pairwise(lines):
        # "… and the same of thyme honey 500g": a size of its own is no count of its own
        counted = line.has_quantity and read_quantity(line.quantity).count is not None
        if (counted or not line.has_product or line.negated or before.negated
                or not before.has_product or not before.has_quantity):
            continue
        if not any(before.products[-1].end <= m < line.products[0].start for m in marks):
            continue
        count = read_quantity(before.quantity).count
        if count is None or count != int(count) or count < 1:
            continue
        sized = list(line.quantity) if line.has_quantity else []
        line.quantity = [("num", count)] + sized
        if sized:
            continue                    # its own size, not the size of the line before
        tags = before.quantity
        figures = [tags[k - 1][1] for k in range(1, len(tags))
                   if tags[k][0] == "unit" and tags[k - 1][0] == "num"]
        if len(figures) == 1 and figures[0] >= BARE_SIZE_MIN:
            line.quantity.append(("num", figures[0]))


def _unit_names_the_size(line: Line, span: Span, spans: list[Span], i: int) -> bool:
    """"jouj chebakia dyal kilo", "bghit 3 zit zitoun litra": a count before the product,
    then a unit with no figure of its own right after the name (or its "dyal"): the unit
    names the size of each one counted, not a measure the count makes ("jouj kilo
    chebakia", the count on the unit, is two kilos)."""
    return (not span.value[1] and line.has_product and line.last in PRODUCT_KINDS | {"link"}
            and len(line.quantity) == 1 and line.quantity[0][0] == "num"
            and float(line.quantity[0][1]).is_integer() and 1 < line.quantity[0][1] < BARE_SIZE_MIN
            and (_next_kind(spans, i) not in ("num", "frac") or _unit_before_kinds(line, spans, i))
            and not _grams_joined(spans, i))


def _grams_joined(spans: list[Span], i: int) -> bool:
    """"kilo w nss", "kilo w 500", "kilo w 500g": "and" then part of the unit, not a line."""
    ahead = [s for s in spans[i + 1:] if s.kind not in ("filler", "word")][:3]
    if not ahead or ahead[0].kind != "conj" or len(ahead) < 2:
        return False
    return ahead[1].kind == "frac" or (ahead[1].kind == "num" and (
        ahead[1].value >= BARE_SIZE_MIN or (len(ahead) > 2 and ahead[2].kind == "unit")))


def split_lines(spans: list[Span]) -> list[Line]:
    """Cut tagged spans into order lines (see module docstring)."""
    lines: list[Line] = []
    line = Line()
    skip = 0                            # the words an unknown product's mention took

    def close(**flags) -> Line:
        if line.products or line.quantity or line.size or line.negated or line.designators:
            lines.append(line)
            return Line(**flags)
        if line.set_op:                # "Actually, make it 3": the "actually" carries over
            flags.setdefault("set_op", True)
        if line.corrects:              # "…, sorry, 3": so does a correction
            flags.setdefault("corrects", line.corrects)
        return Line(**flags)

    for i, span in enumerate(spans):
        kind = span.kind
        if line.start < 0:
            line.start = span.start
        if kind == "sep":
            line = close(after_comma=True)
        elif kind == "fix":                 # "…, no wait the eucalyptus one"
            line = close(after_comma=True, corrects=span.value)
        elif kind == "alt":                 # "2 pots de 500g ou 1 pot de 1kg"
            line = close(joined_by_conj=True, alternative=True)
        elif kind == "conj":
            if _same_words_joined(line, spans, i):
                continue                    # "argan oil for hair and skin 50ml": one name
            if (_next_kind(spans, i) == "frac" and line.last in QTY_KINDS
                    or (_grams_after(line, spans, i) and not _listed_measure(lines, line))) \
                    and not (line.has_product and _product_ahead(spans, i)):
                # "jouj kilo w nss": two and a half; but "mejhoul 2 kilo w nss kilo dyal
                # boufgous" is half a kilo of the other (both were one unknown product)
                line.quantity.append(("conj",))
                line.last = "conj"
            elif (line.set_op and line.has_product and line.qty_after_product
                  and span.value != "add" and _product_next(spans, i)):
                # "make the honey 2 and the dates 1kg": the "make" goes on to the dates
                line = close(joined_by_conj=True, set_op=True)
            else:
                line = close(joined_by_conj=True, added=span.value == "add")
        elif kind == "remove" and line.has_product and not _product_ahead(spans, i):
            line.negated = True             # "amlou 7iydo": the removal comes after
            line = close()
        elif (kind == "remove" and not line.has_product and not line.negated and i
              and [t[0] for t in line.quantity] == ["num"] and spans[i - 1].kind == "num"
              and _product_next(spans, i)):
            line.negated = True             # "… and one less honey": that count comes off it
        elif kind in ("neg", "remove"):
            line = close(negated=True)
        elif kind == "set":
            if line.has_product and line.has_quantity:
                line = close(set_op=True)
            else:
                line.set_op = True
        elif kind == "container" and _inside_name(spans, i):
            continue                        # "one gift box Atlas": a word of the name
        elif kind in QTY_KINDS:
            # "2 amlou wa7d 250 w wa7d 500": a count and a size right after the product words
            # start its parts, as a comma would ("2 amlou, wa7d 250 w wa7d 500")
            parts = (kind == "num" and line.has_quantity and line.has_product
                     and line.last in PRODUCT_KINDS
                     and ((span.value < BARE_SIZE_MIN and _count_of_a_size(spans, i))
                          or _measures_listed(spans, i)))
            if parts or (kind == "num" and (_count_after_count(line, spans, i)
                                            or _count_after_bare_size(line, spans, i)
                                            or _count_after_measure(line, spans, i))):
                line = close(after_comma=True)
            elif _bare_size_then_count(line, spans, i):
                pass                        # "1 thym 250 2 camomille": the thyme's 250 g
            elif line.has_quantity and (
                    (line.has_product and line.last not in QTY_KINDS | {"conj"}
                     and _product_ahead(spans, i) and not _measure_then_count(spans, i)
                     and not _unit_before_kinds(line, spans, i))
                    or (kind == "num" and line.has_product and line.last == "unit"
                        and not line.qty_after_product and _product_ahead(spans, i)
                        and _measure_then_count(spans, i - 2))
                    or (kind == "num" and line.size and i and spans[i - 1].kind == "size"
                        and _next_kind(spans, i) == "size")):
                line = close()              # "rose water(,) one big one small": two lines
            if line.has_product and not line.has_quantity:
                line.qty_after_product = True
            if kind == "unit" and _unit_names_the_size(line, span, spans, i):
                line.quantity.append(("num", 1))    # "jouj chebakia dyal kilo": two of the
                #                                     kilo (it was one 2 kg box)
            if not line.quantity:
                line.count_at = span.start
            if kind == "unit":
                line.quantity.append(("unit", span.value[0], span.value[1]))
            elif kind == "times":
                line.quantity.append(("times",))
            else:
                line.quantity.append((kind, span.value))
            line.last = kind
        elif i < skip:
            continue
        elif kind in PRODUCT_KINDS:
            if (line.has_product and line.has_quantity and line.qty_after_product
                    and line.last in QTY_KINDS and not _qualifies(line, span)):
                opens = _count_opens_colours(line, spans, i)
                if opens:
                    line.quantity.pop()
                line = close()
                if opens:
                    line.quantity.append(("num", spans[i - 1].value))
            line.products.append(span)
            line.last = kind
        elif kind == "size":
            line.size = span.value
            line.sizes.append(span.value)
        elif kind == designators.KIND:
            line.designators.append(span.value)
        elif kind == "link" and line.has_product:
            line.last = "link"  # "… 250ml dyal cheveux": the qualifier stays on this line
        elif kind == "word" and (_names_an_unknown(line, spans, i)
                                 or _count_of_an_unknown(line, spans, i)
                                 or _unknown_last_of_a_list(line, spans, i)
                                 or _unknown_after_soft(line, spans, i)):
            # "… w 9er3a dyal lmlass": a product the catalog does not know, not the one
            # of the line before again
            run = _unknown_run(spans, i, True)
            end = spans[run - 1].end            # ("1 sea salt": both words)
            after = _qualifiers_end(spans, run) if line.joined_by_conj else -1
            if after > run:                     # ("1 riz blanc": its colour too)
                end, skip = spans[after - 1].end, after
            line.products.append(Span("raw", "~" + str(span.value), span.start, end))
            line.last = "raw"
        elif kind == "word" and _qualified_unknown(line, spans, i):
            # "… and 1 brown sugar", "w 1 khobz byed": a colour or quality word then a word
            # nobody knows is a product the catalog lacks, never one more of the line before
            end = spans[_unknown_run(spans, i, True) - 1].end
            line.products = [Span("raw", "~" + str(span.value), line.products[0].start, end)]
            line.last = "raw"
    close()
    return lines


def taken_back_amounts(lines: list[Line]) -> list[Line]:
    """"mejhoul, machi kilo, 2 kilo", "mejhoul machi wa7ed jouj", "not one kilo, two kilos":
    an amount negated with no product, then another amount, is taken back — the second one
    is wanted (it asked "which one?", or kept the kilo). Not "safran 1 g machi 5" (the
    amount negated last is the one not wanted, read later)."""
    out: list[Line] = []
    for k, line in enumerate(lines):
        if line.negated and not line.has_product and line.has_quantity:
            after = lines[k + 1] if k + 1 < len(lines) else None
            if (after is not None and not after.negated and not after.has_product
                    and after.has_quantity):
                units = [t for t in line.quantity if t[0] == "unit"]
                if len(units) == 1 and not any(t[0] in ("unit", "container")
                                               for t in after.quantity) \
                        and bare_count(after):
                    after.quantity = after.quantity + units   # "not 1 kilo but 2": kilos
                continue                    # "machi kilo, 2 kilo": the 2 kilos
            amounts = _amounts(line.quantity)
            if len(amounts) == 2 and len({any(t[0] == "unit" for t in amount)
                                          for amount in amounts}) == 1:
                # "machi wa7ed jouj": two, not one (not "no, make it two 5L": two of 5 L)
                line.quantity = amounts[1]
                line.negated = False
        out.append(line)
    return out


def _amounts(tags: list[tuple]) -> list[list[tuple]]:
    """Quantity tags cut into amounts, each a figure and what follows it ("1 kg 2 kg")."""
    groups: list[list[tuple]] = []
    for tag in tags:
        if tag[0] in ("num", "frac") and (not groups or groups[-1][-1][0] in ("num", "unit")):
            groups.append([])
        if not groups:
            groups.append([])
        groups[-1].append(tag)
    return groups


def _listed_measure(lines: list[Line], line: Line) -> bool:
    """"3 olive oil: 1L, 2L and 50cl": a measure alone after a comma, itself after a measure
    alone, is an item of a list of sizes, and the "and" after it opens the next item (not
    "2 L and 50 cl", two and a half litres: it made three 1 L and asked for 2.5 L)."""
    return (line.after_comma and not line.has_product and bool(lines)
            and not lines[-1].has_product and measure_only(lines[-1]))


def _grams_after(line: Line, spans: list[Span], i: int) -> bool:
    """"kilo w 500 g", "2 kilo w 500", "كيلو و 250 غرام": after kilos or litres, "and" a
    figure under a thousand, alone or in grams or millilitres, is more of the same measure
    (two and a half kilos), not a second line of 500 g."""
    if line.last != "unit" or not line.quantity or line.quantity[-1][1] < KILO:
        return False
    if i + 1 >= len(spans) or spans[i + 1].kind != "num" or not 0 < spans[i + 1].value < 1000:
        return False
    after = spans[i + 2] if i + 2 < len(spans) else None
    if after is not None and after.kind == "unit":
        return bool(after.value[0] < KILO)
    return bool(spans[i + 1].value >= SUB_UNIT_MIN)


def _names_an_unknown(line: Line, spans: list[Span], i: int) -> bool:
    """Is the word at ``i`` an unknown word that ends a product-less measure or container
    and its "of" ("9er3a dyal lmlass", "kilo d ...", "1 kg de sucre": a word known only
    inside a product's longer name; not "two of them")?"""
    return (not line.has_product and any(t[0] in ("container", "unit") for t in line.quantity)
            and i > 0
            and spans[i - 1].kind == "link" and (spans[i].value not in LEXICON.known_keys
                                                 or spans[i].value in LEXICON.phrase_inner_keys)
            and (i + 1 == len(spans) or spans[i + 1].kind in ("conj", "sep")))


def _count_of_an_unknown(line: Line, spans: list[Span], i: int) -> bool:
    """Is the word at ``i`` an unknown word right after the bare count or measure of a line
    after "and", ending it ("kilo zitoun w jouj 7arrissa", "jouj smen 500 w kilo khli3"
    where the catalog knows no such word), or before "and" another product ("جوج جبنات
    وثلاث لترات ديال اللبن": dropped without a word): a product of its own the catalog
    lacks, never two more (or a kilo more) of the line before?"""
    kinds = [t[0] for t in line.quantity]
    listed = i + 1 < len(spans) and spans[i + 1].kind == "conj" and _product_ahead(spans, i + 1)
    return ((line.joined_by_conj or listed) and not line.has_product and i > 0
            and kinds[-1:] == [spans[i - 1].kind] and kinds in (["num"], ["unit"], ["num", "unit"])
            and (_unknown_words_end(spans, i, loose=True)
                 or _qualifiers_end(spans, _unknown_run(spans, i, True)) > i
                 and _unknown_word(spans[i], loose=True)))


def _qualifiers_end(spans: list[Span], k: int) -> int:
    """Where the colour words from ``k`` on end, when they end the mention (before
    "and", a comma or the end: "… w 1 sokar 9ahwi", "et 1 riz blanc"); -1 otherwise."""
    j = k
    while j < len(spans) and spans[j].kind == "concept" and all(
            LEXICON.concepts[c].role == "soft" for c in spans[j].value):
        j += 1
    return j if j > k and (j == len(spans) or spans[j].kind in ("conj", "sep", "filler")) else -1


def _qualified_unknown(line: Line, spans: list[Span], i: int) -> bool:
    """Is the word at ``i`` an unknown word after the bare count of a line and only colour
    words ("… and 1 brown sugar", "2 ghassoul w 1 3dess 7mer": the other way round is
    the first rule's), ending the mention: a product the catalog lacks, not a colour or kind of
    the line before?"""
    if not (line.has_product and line.products[-1].end == spans[i].start
            and [t[0] for t in line.quantity] == ["num"]
            and line.count_at < line.products[0].start):
        return False
    colours = all(s.kind == "concept" and all(LEXICON.concepts[c].role == "soft" for c in s.value)
                  for s in line.products)   # (not "3 nigella seeds": the sheet's word)
    return colours and _unknown_words_end(spans, i, loose=True)


def _unknown_run(spans: list[Span], i: int, loose: bool = False) -> int:
    """Where the words from ``i`` on that the lexicon does not know end (``i`` if none);
    ``loose``: a word it knows only inside a longer phrase is one it does not know."""
    k = i
    while k < len(spans) and spans[k].kind == "word" and (
            str(spans[k].value) not in LEXICON.known_keys
            or loose and str(spans[k].value) in LEXICON.phrase_inner_keys):
        k += 1
    return k


def _unknown_words_end(spans: list[Span], i: int, loose: bool = False) -> bool:
    """Do the words from ``i`` on, none of them known, one at least an unknown word, end
    the mention ("… w 1 khli3", "… and 1 sea salt": a product of two words the catalog
    lacks, not one more of the line before)? ``loose``, right after a count: a word known
    only inside a longer product name ("1 sucre roux", "1 sugar": not "sans sucre", "sugar
    free") is a word of a product the catalog lacks too."""
    k = _unknown_run(spans, i, loose)
    return k > i and any(_unknown_word(s, loose) for s in spans[i:k]) and (
        k == len(spans) or spans[k].kind in ("conj", "sep", "filler"))


def _unknown_after_soft(line: Line, spans: list[Span], i: int) -> bool:
    """Is the word at ``i`` an unknown word ending the mention right after the line's only
    product words, soft ones ("… and half a kilo of dried shrimp", "2 amlou and 1 kg of
    green blorf")? A product the catalog lacks, described: never a measure or a count for
    the line before (it was two jars of that line, or the dried octopus of an alias)."""
    return (bool(line.products) and i > 0 and spans[i - 1] is line.products[-1]
            and all(s.kind == "concept" and all(LEXICON.concepts[c].role == "soft"
                                                for c in s.value) for s in line.products)
            and _unknown_words_end(spans, i))


def _unknown_last_of_a_list(line: Line, spans: list[Span], i: int) -> bool:
    """Is the word at ``i`` an unknown word alone after the "and" that ends a list of
    products ("bghit 2 kefta w ibzar", "2 tchicha and harira"): the last line, a product the
    catalog does not know (it was dropped without a word), never more of the line before?"""
    k = _unknown_run(spans, i)          # ("… and a bed sheet": its words, an article before)
    j = i - 2 if i > 2 and spans[i - 1].kind == "filler" else i - 1
    return (line.joined_by_conj and not line.has_product and not line.quantity
            and all(s.kind in ("sep", "filler") for s in spans[k:])
            and j > 0 and spans[j].kind == "conj"
            and any(_unknown_word(s) for s in spans[i:k])
            and any(s.kind == "raw" or (s.kind == "concept" and any(
                LEXICON.concepts[c].role != "soft" for c in s.value)) for s in spans[:j]))


def _unknown_word(span: Span, loose: bool = False) -> bool:
    """A word of four letters or more (Arabizi digits inside: "khli3") that neither the
    lexicon nor the cities know: a product the catalog lacks, where a product is said.
    ``loose`` (see ``_unknown_words_end``): known only inside a phrase is not known."""
    word = str(span.value)
    inner = loose and word in LEXICON.phrase_inner_keys      # ("سكر": three letters do)
    return (span.kind == "word" and word[:1].isalpha()
            and len(word) >= (3 if inner and norm.is_arabic(word) else 4)
            and (inner or word not in LEXICON.known_keys)
            and not LEXICON.cities.all_matches([(word,)]))


def _count_of_sized(previous: Line, line: Line, after_end: bool = False) -> bool:
    """Is ``line`` a bare count ("3 bottles", "2 please") for ``previous``, a product whose
    quantity is only its size ("olive oil 500ml", "amlou 250") or its container ("jars of
    jam")? ``after_end``: a question mark or a comma ends ``previous`` ("pistachios only in
    250g? then 2 of those", "… 250g, then 2"): an "and" or "then" opening the next part adds
    no second line."""
    nums = [t for t in line.quantity if t[0] == "num"]
    if ((line.joined_by_conj and not after_end) or line.size or len(nums) != 1
            or nums[0][1] >= BARE_SIZE_MIN
            or any(t[0] not in ("num", "container", "times") for t in line.quantity)
            or [t[0] for t in line.quantity][:1] == ["times"] and len(line.quantity) != 2):
        return False
    tags = previous.quantity
    if tags and (all(t[0] == "container" for t in tags)
                 or (tags[0][0] == "container" and len(tags) == 2 and tags[1][0] == "num")):
        return True                     # "a few jars of jam, 4 should do": four jars;
                                        # "raib pack of 4, 2 packs": two packs of four
    if any(t[0] == "unit" for t in tags):
        return read_quantity(tags).count is None
    return len(tags) == 1 and tags[0][0] == "num" and tags[0][1] >= BARE_SIZE_MIN


def _unit_then_count(previous: Line, line: Line) -> bool:
    """Is ``line`` a measure with a figure ("1kg", "2 kilos") in a new sentence after
    ``previous``, whose only measure is a unit without one ("by the kilo", "le kilo")? Then
    it says how much of that one line."""
    return (not line.joined_by_conj and not line.set_op
            and any(t[0] in ("num", "frac") for t in line.quantity)
            and any(t[0] == "unit" for t in line.quantity)
            and bool(previous.quantity)
            and all(t[0] == "unit" for t in previous.quantity))


def _measure_in_packs(line: Line) -> bool:
    """The line's quantity is a measure a container word comes with, no count ("in 1kg
    bags", "en sachets de 500g")."""
    tags = [t for t in line.quantity if t[0] != "conj"]
    return measure_only(Line(quantity=[t for t in tags if t[0] != "container"])) and any(
        t[0] == "container" for t in tags)


def measured(line: Line) -> bool:
    """The line says a measure with its figure and no count of its own ("2 kilos")."""
    return line.has_product and measure_only(line) and not line.negated


def totals_in_packs(lines: list[Line]) -> None:
    """"2 kilos de caroube en sachets de 1kg", "2 kilos of carob in 1kg bags": a measure,
    then a container word with a second measure, is the total in packs of the second one
    (two of the 1 kg, not 3 kg); a total the packs do not divide is left as said."""
    for line in lines:
        tags = [t for t in line.quantity if t[0] != "conj"]
        plain = [t for t in tags if t[0] != "container"]
        if (len(plain) != 4 or len(tags) != 5 or [t[0] for t in plain] != ["num", "unit"] * 2
                or tags[2][0] != "container" and tags[4][0] != "container"):
            continue
        total = read_quantity(plain[:2]).measure
        pack = read_quantity(plain[2:]).measure
        if total and pack and total > pack and total % pack == 0:
            line.quantity = [("num", total // pack)] + plain[2:]


def announced_sizes(lines: list[Line], tokens: list[str],
                    index: CatalogIndex | None = None) -> None:
    """"جوج ديال السدر وحدة كيلو ووحدة نص كيلو", "bghit 3 zaatar: 2 kilo w 1 nos kilo": a
    product counted, then how many of each size, the first size with no product word of its
    own (so read into the counted line) and the others after "and": when the counts of the
    sizes add up to the first count, it announced them and is no count of its own (it was
    two 1 kg jars and a half kilo, or six kilos and a half). As the sizes of a product, so
    the kinds ("2 belts one black one brown": ``counts_split``). The first size's count is
    said as a word or after a comma or colon: "jouj dyal safran 1g w wa7ed 5g" is two of the
    1 g (a figure stuck to its unit is a size). Sizes said by their words count alike ("jouj
    amlou wa7ed sghir w wa7ed kbir": one of each, not two small ones). Digits announce the
    sizes too when the first size is none the product is sold in ("bghit 3 3sel zaatar 2 kilo
    w 1 nos kilo" to a shop selling 500 g and 1 kg jars: two of a kilo, not a 2 kg size;
    "2 safran 1g w 1 5g" keeps the 1 g as the size of the two)."""
    for k, line in enumerate(lines):
        tags = [t for t in line.quantity if t[0] != "conj"]
        # ("jouj amlou wa7ed sghir w wa7ed kbir": so the sizes said by their words)
        worded = len(tags) == 2 and bool(line.size)
        if (line.negated or not line.has_product or line.borrowed or len(tags) < 2
                or line.rest or tags[0][0] != "num" or tags[1][0] != "num"
                or not tags[1][1] < tags[0][1] < BARE_SIZE_MIN
                or not (worded or (len(tags) > 2 and tags[2][0] in ("unit", "frac")))
                or not (_count_word_after(tokens, line.products[-1].end)
                        or (not worded and _no_such_size(index, line, tags[1:3])))
                or (line.qty_after_product
                    and not _count_announces(tokens, line.products[-1].end))):
            continue
        said = tags[1][1]
        parts = 0
        for part in lines[k + 1:]:
            counted = [t for t in part.quantity if t[0] != "conj"]
            if not (part.borrowed and not part.negated and counted
                    and counted[0][0] == "num" and counted[0][1] < BARE_SIZE_MIN
                    and ((worded and len(counted) == 1 and part.size)
                         or (not worded and len(counted) >= 2
                             and counted[1][0] in ("num", "frac")
                             and (counted[-1][0] in ("unit", "frac")
                                  or (len(counted) == 2 and counted[1][0] == "num"
                                      and counted[1][1] >= BARE_SIZE_MIN))))):
                # (a later size may be said bare: "wa7ed kilo w wa7ed 250")
                break
            said += counted[0][1]
            parts += 1
        if parts and said == tags[0][1]:
            first = line.quantity.index(tags[0])
            line.quantity = line.quantity[:first] + line.quantity[first + 1:]


def two_counts_run_together(lines: list[Line]) -> list[Line]:
    """"عسل السدر، جوج ديال النص وحدة ديال الكيلو" (two of the half, one of the kilo, no "and"
    between): a count with a half, then a count with its unit, are two lines of the product
    sharing that unit (it was two jars of a kilo and a half: two 1 kg and two 500 g)."""
    out: list[Line] = []
    for line in lines:
        tags = [t for t in line.quantity if t[0] != "conj"]
        out.append(line)
        if (line.has_product and not line.negated and len(tags) == 4
                and [t[0] for t in tags] == ["num", "frac", "num", "unit"]
                and tags[0][1] < BARE_SIZE_MIN and 0 < tags[2][1] < BARE_SIZE_MIN):
            line.quantity = [tags[0], tags[1], tags[3]]
            out.append(Line(products=list(line.products), quantity=[tags[2], tags[3]],
                            borrowed=True, start=line.start))
    return out


def counts_taken_back(lines: list[Line]) -> list[Line]:
    """"la machi 2 amlou, 3", "no not 2 amlou, 3": a product negated with a count, then a
    count alone that takes that product over, is the count corrected — the product at the
    new count, nothing taken out (the line was removed, and the basket lost it)."""
    out: list[Line] = []
    for k, line in enumerate(lines):
        after = lines[k + 1] if k + 1 < len(lines) else None
        if (after is not None and line.negated and line.has_product and after.borrowed
                and not after.negated and after.tags() == line.tags()
                and _first_count(line) and _first_count(after) not in (0.0, _first_count(line))):
            after.set_op = True
            continue
        out.append(line)
    return out


def counts_said_twice(lines: list[Line]) -> None:
    """"الغاسول والصابون البلدي جوج جوج", "zaatar w daghmous kilo kilo": products named with
    no count, then one count (or measure) said once for each of them, in a row, after the
    last: each product takes one (it was all on the last product, the others asked "how
    many?" and one put in at the details: one ghassoul, not two)."""
    named = [k for k, line in enumerate(lines) if line.has_product]
    if len(named) < 2:
        return
    last = lines[named[-1]]
    tags = [t for t in last.quantity if t[0] != "conj"]
    if not tags:
        return
    for n in range(len(named), 1, -1):
        if len(tags) % n or len(tags) // n > 2:
            continue
        width = len(tags) // n
        halves = [tags[k:k + width] for k in range(0, len(tags), width)]
        before = [lines[k] for k in named[-n:-1]]
        if (all(h == halves[0] for h in halves) and _one_amount(halves[0])
                and named[-n:] == list(range(named[-n], named[-1] + 1))
                and not last.negated and not last.size
                and all(not (b.has_quantity or b.negated or b.size) for b in before)):
            for line in [*before, last]:
                line.quantity = list(halves[0])
            return


def counts_in_order(lines: list[Line]) -> list[Line]:
    """"bghit ghassoul w sabon 2 3", "ghassoul w sabon, 2 w 3": products named with no count,
    then as many bare counts as products after the last one: each product its count, in the
    order said (the 2 and the 3 both went to the soap, or the 3 was lost)."""
    named = [k for k, line in enumerate(lines) if line.has_product and not line.borrowed]
    if len(named) < 2:
        return lines
    last = named[-1]
    tail = lines[last + 1:]
    if any(not (t.borrowed and t.products == lines[last].products and not t.negated
                and not t.size and len([q for q in t.quantity if q[0] != "conj"]) == 1)
           for t in tail):
        return lines
    counts = [q for line in (lines[last], *tail) for q in line.quantity if q[0] != "conj"]
    n = len(counts)
    group = named[-n:] if 2 <= n <= len(named) else []
    if (not group or group != list(range(group[0], last + 1))
            or not all(q[0] == "num" and 0 < q[1] < BARE_SIZE_MIN for q in counts)
            or lines[last].negated or lines[last].size
            or any(lines[k].has_quantity or lines[k].negated or lines[k].size
                   for k in group[:-1])):
        return lines
    for k, count in zip(group, counts, strict=True):
        lines[k].quantity = [count]
    return lines[:last + 1]


def _one_amount(tags: list[tuple]) -> bool:
    """One count ("jouj"), one measure ("kilo") or a count of a measure ("2 kilo")."""
    kinds = [t[0] for t in tags]
    if kinds == ["num"]:
        return 0 < tags[0][1] < BARE_SIZE_MIN
    return kinds in (["unit"], ["num", "unit"], ["frac", "unit"])


def _count_announces(tokens: list[str], end: int) -> bool:
    """Is the first figure after a product's words (at ``end``) followed by a comma, a colon
    or the first size's own count ("zaatar tlata: jouj kilo w wa7ed nos", "amlou jouj wa7ed
    sghir w wa7ed kbir")? A count said after the product and running on into its size
    ("3sel zaatar jouj dyal kilo w wa7ed dyal nos": two of the kilo, one of the half)
    announces nothing (its "dyal kilo", read as "one kilo", made the two the total: one
    kilo and one half)."""
    for k, token in enumerate(tokens[end:], start=end):
        if _is_figure(token):
            return k + 1 < len(tokens) and (tokens[k + 1] == norm.SEPARATOR
                                            or _is_figure(tokens[k + 1]))
    return False


def _is_figure(token: str) -> bool:
    return token[:1].isdigit() or any(
        payload[0] == "num"
        for payload in LEXICON.grammar.longest([norm.key_variants(token)], 0)[1])


def _no_such_size(index: CatalogIndex | None, line: Line, tags: list[tuple]) -> bool:
    """Is ``tags`` (a figure and its unit) a measure none of the line's products comes in,
    all of them sold by measure ("2 kilo" of honey sold in 500 g and 1 kg jars)?"""
    if index is None or len(tags) != 2 or tags[0][0] != "num" or tags[1][0] != "unit":
        return False
    said = read_quantity(tags).measure
    sold = {index.products[k].measure for k in match(index, *split_tags(line.tags()))}
    return bool(said) and bool(sold) and None not in sold and said not in sold


def _count_word_after(tokens: list[str], end: int) -> bool:
    """Is the first figure after a product's words (at ``end``) a number word ("وحدة",
    "wa7da") or after a comma ("…, 2 kilo"), not digits ("safran 1g") nor a unit first?"""
    unit = False        # "jouj chebakia dyal kilo w wa7da dyal 2kg": the kilo is the size
    for token in tokens[end:]:          # of the two, no count announcing sizes
        if token == norm.SEPARATOR:
            return True
        if token[:1].isdigit():
            return False
        kinds = {payload[0] for payload in
                 LEXICON.grammar.longest([norm.key_variants(token)], 0)[1]}
        if "num" in kinds:
            return not unit
        unit = unit or "unit" in kinds
    return False


def size_then_count(lines: list[Line]) -> None:
    """"amlou 250 jouj", "zit 500 wa7ed": a figure too big for a count, then a small one, and
    no unit: the size, then how many of it (read as "jouj amlou 250", as a count said first
    always was; it was 250 amlou, capped at 50)."""
    for line in lines:
        tags = line.quantity
        if (line.has_product and len(tags) == 2 and all(t[0] == "num" for t in tags)
                and tags[0][1] >= BARE_SIZE_MIN > tags[1][1] > 0):
            line.quantity = [tags[1], tags[0]]
            line.count_after = True


def attach_orphans(lines: list[Line], adding: bool = False, sizes_back: bool = True,
                   ends: tuple[int, ...] = (),
                   partitive: frozenset[int] = frozenset()) -> list[Line]:
    """Give product-less lines ("… w 500g", "… w kbir") the previous line's product, or
    hand a leading quantity to the next line; carry a negation over "w". ``adding``: the
    message says "more" ("1 gift box, 2 more"): a later count is more, never the count.
    ``sizes_back``: a size word said after "and" is the line's before too, unless the
    message says a size by a length or people ("a tajine for 4 people and the big basket":
    not the biggest tajine). ``ends``: the separators ending a sentence or a part ("only in
    250g? then 2 of those": the size was asked about or remarked on, the count is of it).
    ``partitive``: the counts said with an "of them" ("… 250ml. and 2 of them", "…, dont 2
    en 1kg": the count of that line, not two more)."""
    out: list[Line] = []
    for line in lines:
        if (line.count_at in partitive and [t[0] for t in line.quantity] == ["num", "unit"]
                and line.quantity[0][1] < BARE_SIZE_MIN):
            line.quantity = [line.quantity[0], ("num", 1.0), line.quantity[1]]
            #             "jouj menhom kilo": two of a kilo each, not a 2 kg measure
    for i, line in enumerate(lines):
        if not line.has_product and (line.has_quantity or line.size or line.designators):
            previous = out[-1] if out else None
            following = lines[i + 1] if i + 1 < len(lines) else None
            if (line.designators and previous and previous.has_product and not line.negated
                    and not previous.designators and not previous.negated
                    and not line.has_quantity and line.after_comma):
                previous.designators = list(line.designators)   # "2 cushions, model 3":
                previous.size = previous.size or line.size      # which two, not a third
                continue                                        # line asking "which one?"
            if line.designators and previous and previous.has_product and not line.negated:
                line.products = list(previous.products)     # "babouche noir 40 et 42",
                line.borrowed = True                        # "… 38 w wa7da 40": the 42,
                line.size = line.size or previous.size      # the 40 of the same product
                said_tags = previous.quantity
                if (line.count_at in partitive and previous.designators and bare_count(line)
                        and said_tags and said_tags[0][0] == "num"
                        and line.quantity[0][1] < said_tags[0][1] < BARE_SIZE_MIN):
                    # "3 yellow slippers size 40, one of them 42": two of the 40
                    previous.quantity = [("num", said_tags[0][1] - line.quantity[0][1]),
                                         *said_tags[1:]]
                if not line.has_quantity and previous.designators:
                    previous.quantity = []  # "jouj … 38 w 40": two of each, or one? asked
                out.append(line)
                continue
            if not (previous and previous.has_product) \
                    and (named := _sized_like_the_next(lines, i)) is not None:
                line.products = list(named.products)    # "a small and a big amlou", "2
                line.borrowed = True                    # small 1 big amlou": the small one
                out.append(line)                        # is amlou too (it was lost)
                continue
            units = [t for t in previous.quantity if t[0] == "unit"] if previous else []
            if (following and _qualifiers_only(following) and not following.has_quantity
                    and previous and previous.has_product and previous.has_quantity
                    and line.has_quantity and not line.size and not line.negated
                    and not any(t[0] == "num" and t[1] >= BARE_SIZE_MIN
                                for t in line.quantity)):   # ("2 amlou 250 w 1 500 w zaatar":
                #                                             the 500 is the amlou's size)
                following.quantity = line.quantity + following.quantity
                continue                # "one fresh and one with herbs": the herbs one's
            if (previous and previous.has_product and previous.has_quantity and line.negated
                    and not units and not line.size and bare_count(line)):
                previous.set_op = True  # "3 creams instead of 2", "3 crèmes pas 2": the
                continue                # count said replaces the one taken back
            if (previous and previous.has_product and line.negated and len(units) == 1
                    and [t[0] for t in line.quantity] == ["num"]):
                line.products = list(previous.products)   # "safran 1 g machi 5": not the 5 g
                line.borrowed = True
                line.quantity = line.quantity + units
                out.append(line)
                continue
            if previous and previous.has_product and previous.negated and line.added:
                line.products = list(previous.products)   # "7yed zit w zid 5 litre": the
                line.borrowed = True                      # 5 L comes in, not out
            elif previous and previous.has_product and not line.negated:
                ended = any(previous.start <= q < line.start for q in ends)
                said_tags = previous.quantity           # a count first, not "the 5kg bag"
                if (line.count_at in partitive and [t[0] for t in said_tags] == ["num", "unit"]
                        and line.quantity and line.quantity[0][0] == "num"
                        and line.quantity[0][1] < said_tags[0][1] < BARE_SIZE_MIN):
                    said_tags = previous.quantity = [said_tags[0], ("num", 1.0), said_tags[1]]
                    #     "3 kilo mejhoul, 1 of them 500g": three of a kilo, one of them
                    #     made 500 g (it was three kilos and a fourth box)
                counted = bool(said_tags) and said_tags[0][0] == "num" \
                    and said_tags[0][1] < BARE_SIZE_MIN \
                    and (len(said_tags) == 1 or said_tags[1][0] != "unit")
                said = read_quantity(said_tags).count if counted else None
                if (line.count_at in partitive and not adding and bare_count(line)
                        and not line.size and said is not None
                        and (said == 1 or line.quantity[-1][1] <= said)):
                    if said == 1:       # "1 argan oil 250ml. and 2 of them": two of it, not
                        previous.quantity = line.quantity + previous.quantity[1:]   # three
                    continue            # "3 thyme honey, 2 of them for my sister": a part of
                    #                     the three, not two more
                part = [t for t in line.quantity if t[0] != "conj"]
                if (line.count_at in partitive and not adding and len(part) >= 2
                        and part[0][0] == "num" and part[0][1] < BARE_SIZE_MIN
                        and part[1][0] in ("num", "frac", "unit") and said is not None
                        and part[0][1] < said and (read_quantity(part).count == part[0][1]
                                                   or _one_part_measured(part))):
                    previous.quantity = [("num", float(said - part[0][1])), *said_tags[1:]]
                    previous.rest = True
                    line.products = list(previous.products)     # "3 thyme honey 500g, 2 of
                    line.borrowed = True                        # them 1kg": one 500 g and
                    line.set_op = False                         # two 1 kg, not five jars
                    if previous.designators and [t[0] for t in part] == ["num", "num"]:
                        line.quantity = [part[0]]           # "3 yellow slippers size 40,
                        line.designators = [part[1][1]]     # one of them 42": the 42's row
                    out.append(line)                            # ("make 2 of them 1kg" too)
                    continue
                if _count_of_sized(previous, line, ended):
                    times = any(t[0] == "times" for t in line.quantity)
                    previous.quantity = (previous.quantity + line.quantity if times
                                         else line.quantity + previous.quantity)
                    previous.count_after = True
                    continue            # "olive oil 500ml, 3 bottles": three of the 500ml;
                    #                     "the 100ml, x2": two of it, not two more of some
                if _unit_then_count(previous, line):
                    previous.quantity = list(line.quantity)
                    continue            # "honey by the kilo? I'd like 1kg": one kilo, once
                if (line.after_comma and not adding and not line.size and bare_count(line)
                        and bare_count(previous, True) and previous.quantity[0] == ("num", 1.0)
                        and not previous.size
                        and line.quantity[0][1] > 1):
                    previous.quantity = list(line.quantity)
                    continue            # "do you have a gift box? I want 2": two, not three
                if not previous.has_quantity and not (line.size and previous.size):
                    previous.quantity = previous.quantity + line.quantity
                    previous.size = previous.size or line.size
                    continue
                if _measure_in_packs(line) and not line.size and measured(previous):
                    previous.quantity = previous.quantity + line.quantity
                    continue            # "2 kilos of carob, in 1kg bags": how it comes
                if line.after_comma and line.size and not line.has_quantity \
                        and not previous.size:
                    previous.size = line.size   # "2 black soaps, the big ones": which two
                    continue
                if line.after_comma and measure_only(line) and bare_count(previous, True) \
                        and not line.size and not previous.size \
                        and not _more_measures(lines, i):
                    previous.quantity = previous.quantity + line.quantity
                    continue                    # "3 rose waters, the 1L": three of the 1 L;
                    #                             "two bottles of olive oil, 1 litre each"
                line.products = list(previous.products)
                line.borrowed = True
                tags = [t for t in previous.quantity if t[0] != "conj"]
                if ((line.set_op and not any(t[0] == "unit" for t in line.quantity))
                        or (bare_count(line) and not line.size)) and sum(
                        t[0] == "num" for t in tags) >= 2 and tags[0][0] == "num":
                    # "2 amlou 250, la 3": of the 250; "one amlou 500g for me and two for
                    # my sister": two more of the 500 g, not two of some amlou
                    line.quantity = line.quantity + tags[1:]
                    line.size = line.size or previous.size
            elif (listed := _one_each_listed(lines, i)) is not None:
                for kind in listed:     # "3 pairs: black 40, black 42 and yellow 38": one
                    kind.quantity = [("num", 1.0)]      # of each (the three went to the
                continue                                # first, the others were lost)
            elif (following and following.has_product and not following.has_quantity
                  and not line.negated and not following.joined_by_conj):
                # not over "and": "wa7ed kilo w zid amlou" is a kilo of something else
                following.quantity = line.quantity + following.quantity
                following.size = following.size or line.size
                following.designators = line.designators + following.designators
                continue
        elif (line.has_product and line.joined_by_conj and not line.has_quantity and out
              and out[-1].negated and out[-1].has_product and not line.added):
            line.negated = True
        out.append(line)
    _rests_told(out)
    for i in range(len(out) - 1, 0, -1) if sizes_back else ():
        line, previous = out[i], out[i - 1]
        if (line.size and line.joined_by_conj and not previous.size and previous.has_product
                and not any(t[0] == "unit" for t in previous.quantity)
                and not any(t[0] == "num" and t[1] >= BARE_SIZE_MIN for t in previous.quantity)):
            previous.size = line.size       # not "… lmakla 500 w jouj amlou sghar"
    return out


def parts_of_other_kinds(lines: list[Line], partitive: frozenset[int]) -> list[Line]:
    """"3 thyme honey 500g, 1 of them euphorbia", "3 miels 500g, dont 2 thym et 1
    euphorbe", "bghit 3 3sel nss kilo, wa7ed menhom daghmous": a count said with "of them"
    and a kind of the product of the counted line before it (and the kinds counted after it
    with "and") are parts of that count, in its size unless they say their own; what is
    left of it stays, none left goes (it was three thyme jars and a euphorbia one)."""
    if not partitive:
        return lines
    out = list(lines)
    for k in range(1, len(out)):
        at = k - 1
        while at and out[at].borrowed:      # "…, 2 of them 1kg and 1 of them euphorbia":
            at -= 1                         # of the count, not of the part before
        line, whole = out[k], out[at]
        marked = line.count_at in partitive or (   # ("dont 2 en 1kg et 1 d'euphorbe")
            line.joined_by_conj and out[k - 1].borrowed and out[k - 1].count_at in partitive)
        if not marked or not _a_part_of(line, whole):
            continue
        said = whole.quantity[0][1]
        parts = [line]
        for after in out[k + 1:]:
            if not (after.joined_by_conj and _a_part_of(after, whole)):
                break
            parts.append(after)
        counts = [part.quantity[0][1] for part in parts]
        while sum(counts) > said and len(parts) > 1:
            parts.pop()
            counts.pop()
        if sum(counts) > said or (sum(counts) == said
                                  and any(_colours_only(p.products) for p in parts)):
            continue        # ("3 coussins, dont 2 rouges et 1 vert": read in resolve, the
            #                 colours alone with the product before them)
        for part in parts:
            if len(part.quantity) == 1:
                part.quantity = part.quantity + whole.quantity[1:]
                part.size = part.size or whole.size
                part.designators = part.designators or list(whole.designators)
        if sum(counts) == said:
            out.remove(whole)
        else:
            whole.quantity = [("num", said - sum(counts)), *whole.quantity[1:]]
            whole.rest = True
        return out
    return out


def shares_of_a_count(lines: list[Line]) -> list[Line]:
    """"4 honey jars, half thyme half euphorbia", "bghit 4 3sel, nss zaatar w nss daghmous":
    kinds each said with a fraction alone right after a line counted in whole jars, the
    fractions adding up to one, share that count (it was one jar of each, or a fraction of
    a jar, and the four asked or packed as a third kind)."""
    for k, whole in enumerate(lines[:-2]):
        shares = list(itertools.takewhile(
            lambda line: line.has_product and not line.negated and not line.borrowed
            and [t[0] for t in line.quantity] == ["frac"], lines[k + 1:]))
        if (len(shares) < 2 or not whole.has_product or whole.negated or not whole.quantity
                or whole.quantity[0][0] != "num" or not whole.quantity[0][1] < BARE_SIZE_MIN
                or any(t[0] in ("unit", "num") for t in whole.quantity[1:])
                or abs(sum(line.quantity[0][1] for line in shares) - 1) > 1e-9):
            continue
        counts = [whole.quantity[0][1] * line.quantity[0][1] for line in shares]
        if not all(c >= 1 and float(c).is_integer() for c in counts) or any(
                not set(families_of(line.tags())) <= set(families_of(whole.tags()))
                for line in shares):
            continue
        for line, count in zip(shares, counts, strict=True):
            line.quantity = [("num", float(count))]
        return lines[:k] + lines[k + 1:]
    return lines


def _a_part_of(line: Line, whole: Line) -> bool:
    """``line`` is a count of a kind of ``whole``'s product (its product word, if it says
    one, is among ``whole``'s), ``whole`` counted by a small figure."""
    if not (line.has_product and whole.has_product and not line.borrowed and not line.negated
            and not whole.negated and line.quantity and whole.quantity
            and line.quantity[0][0] == "num" and whole.quantity[0][0] == "num"
            and whole.quantity[0][1] < BARE_SIZE_MIN
            and (len(line.quantity) == 1 or line.quantity[-1][0] == "unit")):
        return False
    mine, its = families_of(line.tags()), families_of(whole.tags())
    return set(mine) <= set(its) and (line.tags() != whole.tags()   # or the product again,
                                      or line.quantity[1:] != whole.quantity[1:])   # resized


def _one_part_measured(part: list[tuple]) -> bool:
    """"wa7ed menhom nss kilo", "one of them half a kilo": one, then a measure read whole."""
    quantity = read_quantity(part)
    return part[0][1] == 1 and quantity.count is None and bool(quantity.measure)


def _rests_told(lines: list[Line]) -> None:
    """"4 miels de thym, dont 2 en 500g et 2 en 1kg": the parts after the first, each the
    product again counted in a size of its own, come out of the rest too (it was asked
    "which one?" for two more)."""
    for k, line in enumerate(lines):
        if not line.rest or [t[0] for t in line.quantity[:1]] != ["num"]:
            continue
        left = line.quantity[0][1]
        for part in lines[k + 2:]:
            tags = part.quantity
            if not (part.borrowed and part.products == line.products and len(tags) >= 2
                    and tags[0][0] == "num" and tags[-1][0] == "unit" and not part.negated):
                break
            left -= tags[0][1]
        if left < line.quantity[0][1]:
            if left > 0:
                line.quantity = [("num", left), *line.quantity[1:]]
            elif left == 0:
                lines.remove(line)
            return


def _sized_like_the_next(lines: list[Line], i: int) -> Line | None:
    """The line naming the product of line ``i`` when line ``i`` is a count with its own size
    (a size word, or a size figure: "500g", not "2 kilos") and no product, and the lines
    after it are the same up to one that names a product with its own count and size: "a
    small and a big amlou", "2 small 1 big amlou", "one 250ml and one 500ml argan oil" name
    the product once, after the last size. Else None."""
    worded = bool(lines[i].size)        # sizes said alike: all in words or all in figures
    for line in lines[i:]:              # ("the medium one and 2 green tea 250g": a teapot)
        if line.negated or line.designators or not line.has_quantity \
                or bool(line.size) != worded:
            return None
        if line.has_product:
            return line if worded or any(t[0] == "unit" for t in line.quantity) else None
        if not (worded or _size_figure(line)):
            return None
    return None


def _size_figure(line: Line) -> bool:
    """The line's quantity is a size written as a figure and its unit, a count before it or
    not ("500g", "one 250ml"), not units counted ("2 kilos and half a kilo of boufeggous":
    how much, maybe all of it of the product after)."""
    tags = [t for t in line.quantity if t[0] != "conj"]
    if tags and tags[0][0] == "num" and tags[0][1] < BARE_SIZE_MIN and len(tags) == 3:
        tags = tags[1:]
    return [t[0] for t in tags] == ["num", "unit"] and tags[0][1] >= BARE_SIZE_MIN


def _one_each_listed(lines: list[Line], i: int) -> list[Line] | None:
    """The lines after line ``i``, a count with no product ("3 pairs:"), when exactly that
    many uncounted products follow it, set apart from it by a comma or a colon and listed
    by commas or "and" (each one of them), else None."""
    line = lines[i]
    if line.negated or line.size or line.designators or not bare_count(line, True):
        return None
    count = _first_count(line)
    if count < 2 or not float(count).is_integer():
        return None
    end = i + 1
    while end < len(lines) and lines[end].has_product and not lines[end].has_quantity \
            and not lines[end].negated and not lines[end].size \
            and (lines[end].after_comma or (end > i + 1 and lines[end].joined_by_conj)):
        end += 1
    listed = lines[i + 1:end]
    return listed if len(listed) == count else None


def kinds_run_together(spans: list[Span], index: CatalogIndex) -> list[Span]:
    """"bghit 3sel zaatar dghmous w amlou", "3 sabonat argan lward w lavande": kinds of a
    product written one after the other with no comma or "and", which together name nothing
    the catalog sells while each names a product with the product word before them (thyme
    honey, euphorbia honey): read as if a comma stood before each kind, so they are listed
    as with commas (it was one unknown "3sel zaatar dghmous"). Not when two of the kinds name
    something together, nor for a word that is also a colour ("sabon k7el")."""
    out: list[Span] = []
    k = 0
    while k < len(spans):
        run = [spans[k]]
        while (k + len(run) < len(spans) and spans[k + len(run)].kind in PRODUCT_KINDS
               and run[-1].kind in PRODUCT_KINDS and run[-1].end == spans[k + len(run)].start):
            run.append(spans[k + len(run)])
        cut = _kinds_cut(run, index) if len(run) >= 2 and run[0].kind in PRODUCT_KINDS else []
        for span in run:
            if span.start in cut:
                out.append(Span("sep", None, span.start, span.start))
            out.append(span)
        k += len(run)
    return out


def _kinds_cut(run: list[Span], index: CatalogIndex) -> set[int]:
    """Where to cut a run of product words that are kinds listed (see kinds_run_together)."""
    head = [run[0]] if is_family(run[0]) else []
    kinds = run[len(head):]
    if len(kinds) < 2 or colour_or_product(run) or any(
            is_family(s) or (s.kind == "concept" and any(
                LEXICON.concepts[c].role != "qualifier" for c in s.value)) for s in kinds):
        return set()
    def names(part: list[Span]) -> bool:
        return bool(match(index, *split_tags(tags_of(part))))
    if names(run) or not all(names(head + [kind]) for kind in kinds) or any(
            names(head + [a, b]) for a, b in itertools.combinations(kinds, 2)):
        return set()
    return {kind.start for kind in kinds}


def is_family(span: Span) -> bool:
    """Does a product span say what the product is (a family concept)?"""
    return span.kind == "concept" and any(LEXICON.concepts[c].role == "family"
                                          for c in span.value)


def colour_or_product(spans: list[Span]) -> set[str]:
    """The product readings of words that are also a colour ("k7el": black or kohl): "zitoun
    k7el" is the black olives when no product is both an olive and kohl."""
    return {c for span in spans if span.kind == "concept" and len(span.value) > 1
            and any(LEXICON.concepts[v].role == "soft" for v in span.value)
            for c in span.value if LEXICON.concepts[c].role != "soft"}


def tags_of(spans: list[Span]) -> list[str]:
    out: list[str] = []
    for span in spans:
        values = span.value if span.kind == "concept" else (span.value,)
        out.extend(v for v in values if v not in out)
    return out


def families_of(tags: Iterable[str]) -> list[str]:
    return [t for t in tags if not t.startswith("~") and LEXICON.concepts[t].role == "family"]


def _qualifiers_only(line: Line) -> bool:
    """Only qualifiers, or catalog words of the lexicon's unknown ("the fresh kind")."""
    return line.has_product and all(
        s.kind == "raw" or (s.kind == "concept"
                            and all(LEXICON.concepts[c].role in ("qualifier", "soft")
                                    for c in s.value)
                            and any(LEXICON.concepts[c].role == "qualifier" for c in s.value))
        for s in line.products)     # ("natural": the plain kind, or a quality word)


def tag_variants(index: CatalogIndex, tags: list[str]) -> set[int]:
    return {index.products[i].variant for i in match(index, *split_tags(tags))}


def _made_with_line(index: CatalogIndex, previous: Line, line: Line,
                    tokens: list[str]) -> bool:
    """"goat cheese with pepper", "chèvre avec du poivre" to a sheet selling "Chèvre au
    poivre": a line of product words only, with no quantity, after a made-with word ("with",
    "avec": ``made_with`` in ``intents/products.yml``), whose kinds are all what the products
    the two lines name together are made with, says which kind of the product before it is
    (the pepper was a product of its own: "yes, we have" the other cheeses)."""
    if not (tokens and line.joined_by_conj and line.has_product and not line.quantity
            and all(s.kind == "concept" for s in line.products)):
        return False
    start = line.products[0].start
    if not any(norm.lookup_key(t) in LEXICON.made_with_keys
               for t in tokens[max(0, start - 2):start]):
        return False
    kinds = {c for s in line.products for c in s.value if LEXICON.concepts[c].role == "family"}
    together = match(index, *split_tags(previous.tags() + line.tags())) if kinds else []
    return bool(together) and all(kinds <= index.products[i].made_with for i in together)


def join_with_words(index: CatalogIndex, lines: list[Line],
                    tokens: list[str] | None = None) -> list[Line]:
    """"black soap with eucalyptus x2", "savon beldi m3a l'eucalyptus", "2 black soaps, the
    eucalyptus ones", "x3 (the fresh kind)": a line of qualifiers only (unless joined by
    "with": without a count of its own), or of what a product is made with after "with"
    (:func:`_made_with_line`), joined to a product the catalog has in several kinds, is
    which kind it is when together they name fewer kinds (never a second, vague "which
    soap?")."""
    out: list[Line] = []
    for line in lines:
        previous = out[-1] if out else None
        if previous is not None and (line.joined_by_conj or line.after_comma) \
                and not line.negated and _colours_only(line.products):
            uncoloured = [s for s in previous.products if not _coloured(s)]
            if uncoloured and len(uncoloured) < len(previous.products):
                line.products = uncoloured + line.products   # "zitoun lkhdar w lk7el"
        if previous is not None and previous.has_quantity and _kind_and_one(line) \
                and _a_kind_of(index, previous, line):
            line.quantity = []          # "2 black soaps, the natural one": which two, not 1
            #                             ("mint 2, sage 1": one bunch of sage, no kind)
        if (previous is not None and (_qualifiers_only(line) or _made_with_line(
                index, previous, line, tokens or []))
                and (line.joined_by_conj or not line.has_quantity or _kind_and_one(line))
                and not line.negated and not previous.negated and previous.has_product
                and not _opens_a_name(index, line)
                and not (line.designators and previous.designators   # "… taille 54 w wa7da
                         and line.designators != previous.designators)  # dyal lmra 52": two
                and (families_of(split_tags(previous.tags())[0])       # "goat cheese": the
                     or any(t.startswith("~") for t in previous.tags()))  # catalog's words
                and not (previous.has_quantity and line.has_quantity
                         and not (bare_count(previous) and measure_only(line)))):
            alone = tag_variants(index, previous.tags())
            together = tag_variants(index, previous.tags() + line.tags())
            if len(alone) > 1 and together and len(together) < len(alone):
                previous.products = previous.products + line.products
                previous.quantity = previous.quantity + line.quantity
                previous.size = previous.size or line.size
                previous.sizes = previous.sizes + line.sizes
                continue
        out.append(line)
    return out


def joined_by_size(index: CatalogIndex, lines: list[Line]) -> list[Line]:
    """"green tea & mint 200g x3" to a shop selling "Thé vert & menthe séchée 200g" beside a
    green tea of 500 g and fresh mint by the bunch: a line with no quantity of its own, then
    one joined to it by an "and" or a comma whose measure only the product carrying both
    lines' words comes in (none of the second line's own products does), are that product
    (three of it, not three bunches of mint and a tea asked about)."""
    out: list[Line] = []
    for line in lines:
        previous = out[-1] if out else None
        if (previous is not None and (line.joined_by_conj or line.after_comma)
                and previous.has_product and line.has_product and not previous.quantity
                and not (previous.negated or line.negated or previous.designators
                         or line.designators)):
            measure = read_quantity(line.quantity).measure
            products = index.products
            if measure and not any(products[i].measure == measure
                                   for i in match(index, *split_tags(line.tags()))):
                both = [i for i in match(index, *split_tags(previous.tags() + line.tags()))
                        if products[i].measure == measure]
                if len(both) == 1:
                    previous.products = previous.products + line.products
                    previous.quantity = list(line.quantity)
                    previous.size = previous.size or line.size
                    previous.sizes = previous.sizes + line.sizes
                    continue
        out.append(line)
    return out


def _coloured(span: Span) -> bool:
    """Is the span a colour ("lkhdar"), or a word that is also one ("k7el": black, kohl)?
    Not a phrase of several words naming a product and its colour ("الصابون البلدي", "black
    soap": the soap, not the colour of the olive oil said before it)."""
    return span.kind == "concept" and any(
        LEXICON.concepts[c].role == "soft" for c in span.value) and not (
        span.end - span.start > 1
        and any(LEXICON.concepts[c].role == "family" for c in span.value))


def _colours_only(spans: list[Span]) -> bool:
    """"… w lk7el", "…, الحمرين": product words that are all colours (or also colours) are
    the product of the line before in that colour, when that line says its colour too
    ("zitoun lkhdar w lk7el": green olives and black olives, not kohl nor nothing)."""
    return bool(spans) and all(_coloured(s) for s in spans)


def _opens_a_name(index: CatalogIndex, line: Line) -> bool:
    """"2 atay w kissan" where the catalog sells "Kissan atay 6 verres": a line that starts
    with a catalog word a product's name or alias opens with names that product, a second
    line (not which tea), unlike "savon m3a eucalyptus" ("Savon noir à l'eucalyptus"). So
    does a container word opening the name of one product ("3 sabon beldi w coffret" beside
    "Coffret 6 savons assortis": the box and the soaps, not three boxes)."""
    first = line.products[0] if line.products else None
    return (first is not None and first.kind == "raw"
            and (first.value in index.openings or first.value in index.box_words.values()))


def _a_kind_of(index: CatalogIndex, previous: Line, line: Line) -> bool:
    """Does ``line``, of qualifiers only, say which of the products ``previous`` names
    (together they name fewer, and some)?"""
    if not _qualifiers_only(line):
        return False
    alone = tag_variants(index, previous.tags())
    together = tag_variants(index, previous.tags() + line.tags())
    return len(alone) > 1 and bool(together) and len(together) < len(alone)


def _kind_and_one(line: Line) -> bool:
    """"…, the natural one": after a comma, a kind whose only count is the "one" after it
    (which product, said as English says it)."""
    return line.after_comma and line.qty_after_product and line.quantity == [("num", 1)]


def counts_split(lines: list[Line], index: CatalogIndex | None = None) -> list[Line]:
    """"2 goat cheeses, one fresh and one with herbs": a product counted, then kinds of it
    whose counts add up to that count — the kinds are the order, the first count was their
    sum (not a third line asking "which goat cheese?" for two more). Kinds without counts,
    as many as the count ("2 sabon beldi, nature w eucalyptus"), are one of each. Not when
    the catalog sells a kind's word as a product of its own and nothing by that word and
    the product together ("chi7 jouj w khzama w azir" to a herbalist selling lavender and
    rosemary, no lavender wormwood: three products, not two unknown wormwoods)."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        j = i + 1
        while j < len(lines) and _a_kind_word(lines[j]) \
                and bare_count(lines[j]) and not lines[j].negated:
            j += 1
        j = _kinds_up_to_the_count(lines, i, j)
        # "jouj kesksou wa7ed rqiq w wa7ed ghlid kilo": the last kind counted in a unit,
        # said once at the end, is the size of every kind (not a third line of two)
        tail: list[tuple] = []
        if (j > i + 1 and j < len(lines) and _a_kind_word(lines[j])
                and not lines[j].negated and _count_and_unit(line) is None):
            tail = _measure_after_count(lines[j])
            j += 1 if tail else 0
        if j == i + 1:                  # "2 sabon beldi, nature w eucalyptus": one of each
            while j < len(lines) and (_qualifiers_only(lines[j]) or _soft_only(lines[j])
                                      or (index is not None and _a_kind_named(index, line,
                                                                              lines[j]))) \
                    and (not lines[j].quantity or measure_only(lines[j])) \
                    and not lines[j].size and not lines[j].negated:
                j += 1                  # (or colours: "2 pairs of babouches, black 38 and
            uncounted = lines[i + 1:j]  # yellow 42": one black 38, one yellow 42)
            # ("2 pairs": counted in its container when what follows is only colours)
            coloured = all(_soft_only(kind) for kind in uncounted)
            if (len(uncounted) >= 2 and line.has_product
                    and bare_count(line, containers=coloured)
                    and len(uncounted) == _first_count(line)):
                for kind in uncounted:      # (each in its own size: "3 argan oils:
                    kind.quantity = [("num", 1.0)] + kind.quantity  # cooking, hair 50ml…")
            elif (len(uncounted) >= 2 and line.has_product and not line.negated
                  and (sized := _count_then_size(line)) is not None
                  and len(uncounted) == _first_count(line) and index is not None
                  and all(match(index, *split_tags(line.tags() + kind.tags()))
                          for kind in uncounted)):
                for kind in uncounted:      # "2 couscous 1kg: belboula et complet", "2 amlou
                    kind.products = line.products + kind.products   # 250: amande et
                    kind.quantity = [("num", 1.0)] + (kind.quantity or sized)   # cacahuète":
                out.extend(uncounted)       # one of each in that size (the first got both)
                i = j
                continue
        else:
            coloured = False
        kinds = lines[i + 1:j]
        unit = _count_and_unit(line)
        # "3 honey 500g: 2 thyme, 1 euphorbia": the kinds in the size said with the count
        sized = None if unit or bare_count(line, containers=coloured) else _count_then_size(line)
        if (len(kinds) >= 2 and line.has_product and not line.negated
                and (bare_count(line, containers=coloured) or unit or sized)
                and (_names_a_kind(line) or (index is not None and _heads_a_row(index, line)))
                and all(bare_count(k) for k in (kinds[:-1] if tail else kinds))
                and sum(_first_count(k) for k in kinds) == _first_count(line)
                and not (index is not None and any(_sold_apart(index, line, k) for k in kinds))):
            for kind in kinds:
                kind.products = line.products + kind.products
                if line.designators and not kind.designators:   # "2 babouches 38, black
                    kind.designators = list(line.designators)   # and yellow": both 38
                if unit:                # "jouj 3sel kilo, wa7ed za3tar w wa7ed daghmous":
                    kind.quantity = kind.quantity + [unit]      # a kilo of each
                elif tail and bare_count(kind):     # "… w wa7ed ghlid kilo": a kilo of each
                    kind.quantity = kind.quantity + tail
                elif sized:             # "3 honey 500g: 2 thyme, 1 euphorbia": 500 g each
                    kind.quantity = kind.quantity + list(sized)
            out.extend(kinds)
            i = j
            continue
        measure = [t for t in line.quantity if t[0] != "conj"]
        if (len(kinds) >= 2 and not tail and line.has_product and not line.negated
                and [t[0] for t in measure] == ["num", "unit"]
                and (_names_a_kind(line) or (index is not None and _heads_a_row(index, line)))
                and all(bare_count(k) for k in kinds)
                and not (index is not None and any(_sold_apart(index, line, k) for k in kinds))):
            for kind in kinds:          # "olives 1kg, 2 green and 1 black": a measure with no
                kind.products = line.products + kind.products   # count, then counted kinds:
                kind.quantity = kind.quantity + measure         # that many of it of each
            out.extend(kinds)           # (the 1 kg was lost, two green jars of 500 g packed)
            i = j
            continue
        out.append(line)
        i += 1
    return out


def _a_kind_word(line: Line) -> bool:
    """The line says which kind by qualifiers only, by a size word a kind's name says
    (:func:`kinds_said_by_size`), or by colours ("2 zitoun, wa7ed khder w wa7ed k7el": a
    word read as a colour or a product, "k7el", is the colour here)."""
    return _qualifiers_only(line) or line.size_kind or (line.has_product and all(
        s.kind == "concept" and any(LEXICON.concepts[c].role == "soft" for c in s.value)
        for s in line.products))


def _kinds_up_to_the_count(lines: list[Line], i: int, j: int) -> int:
    """Where the counted kinds after ``lines[i]`` end: "2 black soaps (one eucalyptus, one
    rose), a shampoo" — the kinds whose counts first add up to the soaps' two, two of them at
    least; the shampoo after them (counted, a word of the sheet) is a line of its own (it
    made the sum three, and the two soaps one eucalyptus and a "which soap?")."""
    first = _first_count(lines[i])
    total = 0.0
    for k in range(i + 1, j):
        total += _first_count(lines[k])
        if total >= first:
            return k + 1 if total == first and k > i + 1 else j
    return j


def _a_kind_named(index: CatalogIndex, line: Line, kind: Line) -> bool:
    """``kind``'s words (products of their own elsewhere: "honey", "olive") said with
    ``line``'s name fewer of its products, some ("3 soaps: argan, honey and olive" to a
    soap maker: the honey soap, one of the soaps), and ``kind`` comes after a separator."""
    if not (kind.after_comma or kind.joined_by_conj) or kind.designators:
        return False
    alone = match(index, *split_tags(line.tags()))
    together = match(index, *split_tags(line.tags() + kind.tags()))
    return bool(together) and set(together) < set(alone)


def _count_then_size(line: Line) -> list[tuple] | None:
    """The size said after a line's small count ("2 … 1kg", "3 kilos", "2 … 250"), else
    None."""
    tags = [t for t in line.quantity if t[0] != "conj"]
    if len(tags) < 2 or tags[0][0] != "num" or not 1 < tags[0][1] < BARE_SIZE_MIN:
        return None
    rest = tags[1:]
    if rest[-1][0] == "unit" and all(t[0] in ("num", "unit") for t in rest) and len(rest) <= 2:
        return rest
    if len(rest) == 1 and rest[0][0] == "num" and rest[0][1] >= BARE_SIZE_MIN:
        return rest
    return None


def _sold_apart(index: CatalogIndex, line: Line, kind: Line) -> bool:
    """``kind``'s words name a product of the catalog alone, and none together with the
    words of ``line``'s product: it is another product, not a kind of that one."""
    return bool(match(index, *split_tags(kind.tags()))) \
        and not match(index, *split_tags(line.tags() + kind.tags()))


def _soft_only(line: Line) -> bool:
    """Only soft words: colours, who it is for ("black", "k7la"), which pick a product
    among those of the line before them, never a mention of their own."""
    return line.has_product and all(
        s.kind == "concept" and all(LEXICON.concepts[c].role == "soft" for c in s.value)
        for s in line.products)


def _first_count(line: Line) -> float:
    """The count a line opens with (its first figure), else 0."""
    return next((t[1] for t in line.quantity if t[0] == "num"), 0.0)


def _count_and_unit(line: Line) -> tuple | None:
    """The unit of a line counted in that unit ("jouj 3sel kilo", "2 kilo 3sel": two of a
    kilo), else None."""
    tags = [t for t in line.quantity if t[0] != "conj"]
    if len(tags) == 3 and tags[1] == ("num", 1):
        tags = tags[:1] + tags[2:]      # "jouj 3sel kilo": the kilo read as each one's size
    if (len(tags) == 2 and tags[0][0] == "num" and tags[0][1] < BARE_SIZE_MIN
            and tags[1][0] == "unit"):
        return tags[-1]
    return None


def _measure_after_count(line: Line) -> list[tuple]:
    """The measure after a line's small count ("wa7ed ghlid kilo": the kilo, "… 5 kilo",
    "… nos kilo"), else []."""
    tags = [t for t in line.quantity if t[0] != "conj"]
    if (2 <= len(tags) <= 3 and tags[0][0] == "num" and tags[0][1] < BARE_SIZE_MIN
            and tags[-1][0] == "unit" and all(t[0] in ("num", "frac") for t in tags[1:-1])):
        return tags[1:]
    return []


def _names_a_kind(line: Line) -> bool:
    """The line names what the product is, not only which one: a family word, or a word of
    the catalog's own ("2 body lotions, one rose and one orange blossom"), not "2 rose"."""
    return not _qualifiers_only(line) or any(s.kind == "raw" for s in line.products)


def _heads_a_row(index: CatalogIndex, line: Line) -> bool:
    """The line's words are what some row of the sheet is ("zitoun" to an olive seller: a
    word qualifying others elsewhere, "olive oil", is the product itself here)."""
    return not index.heads.isdisjoint(tags_of(line.products))


def _more_measures(lines: list[Line], i: int) -> bool:
    """Another amount alone follows line ``i`` ("2 zit zitoun, 1l w 5l"): the amounts are
    the parts of the count before them, not the size of all of it."""
    following = lines[i + 1] if i + 1 < len(lines) else None
    return following is not None and not following.has_product and not following.negated \
        and measure_only(following)


def bare_count(line: Line, containers: bool = False) -> bool:
    """The line's quantity is one small figure alone ("2", not "500g" nor "2 kg"); with
    ``containers``, also with its container word ("two bottles")."""
    tags = [t for t in line.quantity if t[0] != "conj" and not (containers and t[0] == "container")]
    return len(tags) == 1 and tags[0][0] == "num" and tags[0][1] < BARE_SIZE_MIN


def measure_only(line: Line) -> bool:
    """The line's quantity is one amount with its unit ("500g", "1kg"), no count before it."""
    tags = [t for t in line.quantity if t[0] != "conj"]
    return len(tags) == 2 and tags[0][0] == "num" and tags[1][0] == "unit"




def containers_of_a_name(index: CatalogIndex, lines: list[Line]) -> list[Line]:
    """"one gift box of spices" to a shop selling a "Coffret découverte 6 épices" (alias
    "gift box"): a line counted by a container word alone ("box of spices"), right after a
    counted product with nothing between them (no "and", no comma), whose words together
    with that product's name no other product than it, is that product said on, not a
    second box of it (it made two boxes)."""
    out: list[Line] = []
    for line in lines:
        previous = out[-1] if out else None
        if (previous is not None and previous.has_product and previous.has_quantity
                and line.has_product and line.quantity
                and all(part[0] == "container" for part in line.quantity)
                and not (line.joined_by_conj or line.after_comma or line.negated
                         or previous.negated or line.designators or line.size)):
            alone = match(index, *split_tags(previous.tags()))
            together = match(index, *split_tags(previous.tags() + line.tags()))
            if together and set(together) <= set(alone):
                previous.products = previous.products + line.products
                continue
        out.append(line)
    return out


def kinds_said_by_size(index: CatalogIndex, lines: list[Line]) -> None:
    """"deux couscous, un fin et un gros" beside "Kesksou ghlid (gros)": a size word said
    with a count after "and", borrowing the kind named before ("fin"), is the word of the
    other kind of that product whose name says it (the coarse one), when no row of the kind
    named says it: not the size of the fine one (two 5 kg bags of the fine went in)."""
    for i in range(1, len(lines)):
        line, previous = lines[i], lines[i - 1]
        if not (line.borrowed and line.size and (line.joined_by_conj or line.after_comma)
                and line.has_quantity
                and line.products):
            continue
        named = set(match(index, *split_tags(tags_of(line.products))))
        heads = {index.products[k].head for k in named}
        head = next(iter(heads)) if len(heads) == 1 else None
        if head is None or any(index.products[k].size_word for k in named):
            continue
        if not any(info.size_word == line.size and info.head == head
                   for k, info in enumerate(index.products) if k not in named):
            continue
        first = line.products[0]
        line.products = [Span("raw", head, first.start, first.end) if head.startswith("~")
                         else Span("concept", (head,), first.start, first.end)]
        line.size_kind = True
        if previous.size == line.size and set(match(index, *split_tags(
                tags_of(previous.products)))) <= named:
            previous.size = None
