"""Corrections and swaps: "bdel X b Y", "X not Y", "non pardon 2 …", sizes swapped, and
"2 of each".
"""

from __future__ import annotations

from .. import textnorm as norm
from ..grammar import Span, readings
from ..lexicon import LEXICON
from ..matcher import CatalogIndex, match, split_tags
from ..numbers import BARE_SIZE_MIN, read_quantity
from .lines import bare_count, is_family, measure_only, tag_variants, tags_of
from .model import Line
from .resolve import family_split
from .signals import has_word


def _size_swap(line: Line) -> tuple[tuple[list, str | None], tuple[list, str | None]] | None:
    """The two sizes of one product a swap names ("lkbir b sghir", "500g b 1kg", "250 b
    500"): ``((quantity tags, size word), (quantity tags, size word))``, or None."""
    if (len(line.sizes) == 2 and line.sizes[0] != line.sizes[1]
            and not any(t[0] == "unit" for t in line.quantity)):
        return ([], line.sizes[0]), (line.quantity, line.sizes[1])
    groups: list[list[tuple]] = []
    for tag in line.quantity:
        if tag[0] == "num" and (not groups or groups[-1][-1][0] in ("unit", "num")):
            groups.append([])
        if not groups:
            return None
        groups[-1].append(tag)
    if len(groups) == 2 and not line.sizes and all(
            read_quantity(g).measure or (read_quantity(g).count or 0) >= 20 for g in groups):
        return (groups[0], None), (groups[1], None)
    return None


def _joiner_split(tokens: list[str], line: Line) -> list[list[Span]] | None:
    """The product words of a swap cut at the word between them ("3sel zaatar b daghmous",
    "thyme honey for wildflower honey"), or None."""
    for span in line.products[1:]:
        before = [s for s in line.products if s.end <= span.start]
        gap = [norm.lookup_key(t) for t in tokens[before[-1].end:span.start]] if before else []
        if before and (any(k in LEXICON.replace_joiner_keys for k in gap)
                       or _glued_joiner(tokens[span.start], span, before[-1])):
            return [before, [s for s in line.products if s.start >= span.start]]
    return None


def _glued_joiner(token: str, span: Span, previous: Span) -> bool:
    """"بدل الشيح بالمرددوش": the joiner stuck to the new product's word (Arabic script, the
    word read without it), when that word says what the product is ("بدل العسل بالزعتر" is
    the honey's kind, one line), or is a kind after another kind ("بدل الزعتر بالدغموس":
    thyme for euphorbia, two honeys)."""
    key = norm.lookup_key(token)
    kind_for_kind = (span.kind == previous.kind == "concept" and span.value != previous.value
                     and not is_family(span) and not is_family(previous))
    if not norm.is_arabic(token) or key in LEXICON.known_keys or (
            span.kind == "raw" and span.value == "~" + key) or not (
            span.kind == "raw" or is_family(span) or kind_for_kind):
        return False
    return any(key.startswith(j) and len(key) - len(j) >= 3
               for j in LEXICON.replace_joiner_keys if norm.is_arabic(j))


def _quantity_after_joiner(tokens: list[str], old: Line, new: Line) -> None:
    """"bdel daghmous b nos kilo zaatar", "بدل السدر ب نص كيلو زعتر": the quantity said
    after the joiner is the new product's (it was read after the old one, as in "daghmous
    nos kilo", and a kilo of thyme replaced the half kilo asked for). Said before the joiner
    ("bdel daghmous nos kilo b zaatar") it stays the old one's."""
    if (not old.qty_after_product or not old.has_quantity or not old.products
            or not new.products):
        return
    if new.has_quantity:
        # "swap the thyme for 2 eucalyptus 500g": a bare count after the joiner, the new
        # product's measure said after it, is the new product's count (the thyme was the 2)
        _count_after_joiner(tokens, old, new)
        return
    gap = tokens[old.products[-1].end:new.products[0].start]
    at = next((k for k, token in enumerate(gap) if _joiner_at(norm.lookup_key(token))), None)
    if at is None or any(_quantity_word(token) for token in gap[:at]):
        return
    new.quantity, old.quantity = old.quantity, []
    if old.size and not new.size:
        new.size, old.size = old.size, None


def _count_after_joiner(tokens: list[str], old: Line, new: Line) -> None:
    """The bare count (no unit) read after the old product of a swap, written after the
    joiner, goes to the new product when the new one says a measure and no count."""
    said_old, said_new = read_quantity(old.quantity), read_quantity(new.quantity)
    if said_old.measure or not said_old.count or said_new.count or not said_new.measure:
        return
    gap = tokens[old.products[-1].end:new.products[0].start]
    at = next((k for k, token in enumerate(gap) if _joiner_at(norm.lookup_key(token))), None)
    if at is None or any(_quantity_word(token) for token in gap[:at]) \
            or not any(_quantity_word(token) for token in gap[at + 1:]):
        return
    new.quantity, old.quantity = old.quantity + new.quantity, []


def _joiner_at(key: str) -> bool:
    """Is a word the joiner of a swap, alone or stuck to the count after it ("بنص", "بجوج")?"""
    return key in LEXICON.replace_joiner_keys or any(
        key.startswith(j) and len(key) > len(j) and _quantity_word(key[len(j):])
        for j in LEXICON.replace_joiner_keys)


def _quantity_word(token: str) -> bool:
    """Is ``token`` a figure or a number, fraction or unit word?"""
    return any(c.isdigit() for c in token) or any(
        payload[0] in ("num", "frac", "unit")
        for payload in LEXICON.grammar.longest([norm.key_variants(token)], 0)[1])


def corrects(tokens: list[str], phrases: list[str]) -> bool:
    """Whether a message opens with "no" or an apology ("non pardon 2 ghassoul", "la smah
    lia, …") and adds nothing ("la, zid 2 amlou"): its quantities replace the basket's."""
    words = [norm.lookup_key(t) for t in tokens if t != norm.SEPARATOR]
    if not words:
        return False
    opening = {words[0]} | ({f"{words[0]} {words[1]}"} if len(words) > 1 else set())
    return (bool(opening & LEXICON.correction_lead_keys)
            and not has_word(phrases, LEXICON.correction_adding_keys))


def swap_lines(tokens: list[str], lines: list[Line]) -> bool:
    """"bdel amlou b ghassoul": a replace word first, then two products — the first one
    becomes a removal, the second an addition. True when the message was read so."""
    words = [norm.lookup_key(t) for t in tokens if t != norm.SEPARATOR]
    lead = 0
    # "la sm7li, bdel …", "non pardon, remplace …", and the softer ones ("en fait remplacez …")
    leads = LEXICON.correction_lead_keys | LEXICON.correction_same_keys
    while lead < min(len(words), 3) and (
            words[lead] in leads or " ".join(words[lead:lead + 2]) in leads):
        lead += 2 if " ".join(words[lead:lead + 2]) in leads else 1
    while lead < len(words) - 1 and readings(words[lead]) == {"filler"}:
        lead += 1           # "à la place des olives noires …", "au lieu de …"
    if not any(w in LEXICON.replace_keys for w in words[lead:lead + 2]):
        return False
    products = [line for line in lines if line.has_product]
    sizes = _size_swap(products[0]) if len(products) == 1 else None
    if sizes:
        line = products[0]                  # "bdel lamlou lkbir b sghir": one product, two sizes
        old, new = sizes
        products = [Line(products=line.products, quantity=old[0], size=old[1]),
                    Line(products=line.products, quantity=new[0], size=new[1])]
        lines[lines.index(line):lines.index(line) + 1] = products
    elif len(products) == 1:                # one line naming two products: cut it in two
        groups = _joiner_split(tokens, products[0]) or family_split(products[0])
        if len(groups) != 2:
            return False
        line = products[0]
        products = [Line(products=groups[0]), Line(products=groups[1], quantity=line.quantity,
                                                   size=line.size)]
        lines[lines.index(line):lines.index(line) + 1] = products
    if len(products) != 2 or any(line.negated for line in products):
        return False
    _quantity_after_joiner(tokens, products[0], products[1])
    products[0].negated = True
    for line in products:
        line.set_op = False
    return True


def swap_to_a_colour(index: CatalogIndex, lines: list[Line]) -> None:
    """"bdel zitoun b lkhder", "remplacez les olives par des vertes": a swap whose new product
    is said by words that name nothing the catalog sells alone (a colour) is of the kind the
    old one's product words say (the olives went and nothing came)."""
    old = [line for line in lines if line.has_product and line.negated]
    new = [line for line in lines if line.has_product and not line.negated]
    if len(old) != 1 or len(new) != 1 or match(index, *split_tags(new[0].tags())):
        return
    kind = [span for span in old[0].products        # its product words, not its colour
            if span.kind == "concept" and not split_tags(span.value)[1]]
    if kind and match(index, *split_tags(tags_of(kind + new[0].products))):
        new[0].products = kind + new[0].products


def swap_keeps_kind(index: CatalogIndex, lines: list[Line]) -> None:
    """"bdel dghmous b zaatar" to a shop selling thyme honey beside dried thyme: a swap whose
    two products are said by their kinds alone (no family word) keeps the family of the
    products replaced when the catalog sells the new kind in it (it was the dried thyme,
    100 g, for a kilo of honey); "bdel dghmous b amlou" names a family and is as said."""
    old = [line for line in lines if line.has_product and line.negated]
    new = [line for line in lines if line.has_product and not line.negated]
    if len(old) != 1 or len(new) != 1 or _families(old[0]) or _families(new[0]):
        return
    replaced = match(index, *split_tags(old[0].tags()))
    heads = {index.products[k].head for k in replaced}
    head = next(iter(heads)) if len(heads) == 1 else None
    if (head is None or head.startswith("~") or head not in LEXICON.concepts
            or LEXICON.concepts[head].role != "family" or head in new[0].tags()):
        return
    alone = set(match(index, *split_tags(new[0].tags())))
    kept = set(match(index, *split_tags([head, *new[0].tags()])))
    if kept and kept != alone and all(index.products[k].head == head for k in kept):
        span = new[0].products[0]
        new[0].products = [Span("concept", (head,), span.start, span.start), *new[0].products]


def later_swap(tokens: list[str], lines: list[Line]) -> bool:
    """"بغيت كيلو زعتر وكيلو سدر. لا لا بدل السدر بالدغموس", "… la la sidr bdlo b daghmous": a
    swap said in a later sentence of the message than the line it changes: the new product
    takes that line, with its quantity unless it says its own (the sidr stayed, or both
    went). True when the message was read so."""
    if norm.SEPARATOR not in tokens or len(lines) < 2:
        return False
    keys = [norm.lookup_key(t) for t in tokens]
    seps = [k for k, t in enumerate(tokens) if t == norm.SEPARATOR]
    at = next((k for k, key in enumerate(keys)
               if key in LEXICON.replace_keys and seps and seps[0] < k), None)
    if at is None:
        return False
    part = max(k for k in seps if k < at)
    before = [line for line in lines if line.has_product and 0 <= line.start < part
              and not line.negated]
    after = [line for line in lines if line.has_product and line.start > part]
    if not before or len(after) not in (1, 2) or any(line.negated for line in after):
        return False
    groups = _joiner_split(tokens, after[0]) if len(after) == 1 else None
    if len(after) == 2:
        _quantity_after_joiner(tokens, after[0], after[1])
        old, new = after[0].products, after[1]
    elif groups and len(groups) == 2:
        old, new = groups[0], Line(products=groups[1], quantity=after[0].quantity,
                                   size=after[0].size, start=groups[1][0].start)
    else:
        return False
    said = {str(span.value) for span in old}
    target = next((line for line in reversed(before)
                   if said <= {str(span.value) for span in line.products}), None)
    if target is None:
        return False
    target.products = list(new.products)
    if new.has_quantity:
        target.quantity, target.size = list(new.quantity), new.size
    for line in after:
        lines.remove(line)
    return True


def counts_of_each(lines: list[Line], phrases: list[str], doubled: bool = False) -> None:
    """"Tchicha et belboula, 2 kg chacune", "barley flour and tchicha, 3 of each", "2 of
    each: carob 500g and barley flour": the one count said with "each" (before the products,
    on no product, or after one of them) is every named product's; a product that came with
    only its size ("carob 500g") takes it before that size."""
    if not (doubled or has_word(phrases, LEXICON.each_keys)):
        return
    named = [line for line in lines if line.has_product and not line.negated]
    for line in named:
        if len(line.products) > 1 and bare_count(line):
            line.each = True        # "figues amandes noix un de chaque": one of each, if the
            #                         catalog reads them apart (resolve: _named_apart)
    if len(named) < 2:
        return
    last = [t for t in named[-1].quantity if t[0] != "conj"]
    if (named[-1].borrowed and last and last[-1][0] == "unit" and len(last) <= 2
            and (len(last) == 1 or last[0][0] in ("num", "frac"))
            and all((bare_count(line) and not line.size) or _counted_in(line, last)
                    for line in named[:-1])):
        for line in named[:-1]:     # "واحد السدر و واحد الزعتر، الجوج ديال كيلو": both
            if bare_count(line):    # counted, then the kilo of both ("2 amlou and 1 thyme
                line.quantity = line.quantity + last    # 500g, both 500g": the amlou's too,
            else:                                       # no third line of 500 g; "… 1 thyme
                line.quantity = line.quantity[:1] + last    # 1kg, both 500g": the last word)
        lines.remove(named[-1])
        return
    if (len(last) >= 2 and last[0][0] == "num" and last[0][1] < BARE_SIZE_MIN
            and last[1][0] in ("num", "frac", "unit") and last[-1][0] == "unit"
            and all(bare_count(line) and not line.size for line in named[:-1])):
        for line in named[:-1]:     # "واحد عسل الزعتر و واحد عسل السدر كل واحد كيلو": each
            line.quantity = line.quantity + last[1:]    # counted, the kilo is every one's
        return
    count = _count_beside_measure(last, named[-1].count_after)
    if count and all(_measure_alone(line) or not line.has_quantity for line in named[:-1]):
        for line in named[:-1]:     # "dghmous 1kg w zaatar 1kg kol wa7ed jouj", "… 500g, 2 of
            line.quantity = [count, *line.quantity]     # each": the count said with the last
        return                                          # size is every one's, not the size:
    #                                 "amlou kbir w zit beldia 5 litre kol wa7ed jouj" is two
    #                                 big amlou (it was 10 litres of amlou, twenty jars)
    counts = [line for line in lines if not line.negated and bare_count(line)]
    if len(counts) == 1:
        for line in named:
            line.each = True            # "cinnamon ginger and turmeric, 1 each": all three
            if not line.has_quantity:
                line.quantity = list(counts[0].quantity)
            elif line is not counts[0] and (measure_only(line) or _measure_alone(line)):
                line.quantity = [counts[0].quantity[0], *line.quantity]     # ("3sel kilo w
                #                 amlou kbir kol wa7ed jouj": the kilo, a measure, counted too)
        return
    counted = [line for line in named if line.has_quantity]
    nums = [t for t in counted[0].quantity if t[0] == "num"] if len(counted) == 1 else []
    measured = len(counted) == 1 and any(t[0] == "unit" for t in counted[0].quantity)
    if (len(nums) == 1 and nums[0][1] < BARE_SIZE_MIN) or measured:
        for line in named:          # "2 kg chacune", "a 250g jar of each, ras el hanout and
            if not line.has_quantity:                                        # cumin"
                line.quantity = list(counted[0].quantity)
    elif len(counted) > 1 and counted[-1] is named[-1] and _measure_alone(named[-1]):
        for line in named[:-1]:     # "zit litre w kseksou cha3ir w dra kol wa7ed kilo": the
            if not line.has_quantity:   # measure said with "each" is the uncounted lines' too
                line.quantity = list(named[-1].quantity)    # (the barley was asked "how
                #                                             many?"); the oil keeps its own


def _counted_in(line: Line, measure: list[tuple]) -> bool:
    """``line`` is a small count of a measure said like ``measure`` ("1 thyme honey 500g")."""
    tags = line.quantity
    return (len(tags) == len(measure) + 1 and tags[0][0] == "num"
            and tags[0][1] < BARE_SIZE_MIN and [t[0] for t in tags[1:]] == [t[0] for t in measure])


def measure_of_all(lines: list[Line]) -> bool:
    """"thyme, euphorbia and orange blossom honey, all 500g": the measure alone said after
    "all" (``spans.all_in_one_measure``) and read with the last product is that of every
    product named before it with no quantity of its own (they were asked "which one?").
    True when it was given to one: the "all" then made no count of each."""
    named = [line for line in lines if line.has_product and not line.negated]
    if len(named) < 2 or not _measure_alone(named[-1]):
        return False
    given = False
    for line in named[:-1]:
        if not line.has_quantity and not line.size:
            line.quantity = list(named[-1].quantity)
            given = True
    return given


def _count_beside_measure(tags: list[tuple], moved: bool) -> tuple | None:
    """The one small count written after a weight, a volume or a bare size ("1kg … jouj",
    "500 … 3", put before it when ``moved``), if so (one written before it, "jouj daghmous
    nss kilo", is that line's own)."""
    if len(tags) < 2 or not all(t[0] in ("num", "frac", "unit") for t in tags):
        return None
    if tags[-1][0] == "num" and tags[-2][0] == "unit":
        count, size = tags[-1], tags[:-1]
    elif moved and tags[0][0] == "num":
        count, size = tags[0], tags[1:]
    else:
        return None
    if count[1] >= BARE_SIZE_MIN or count[1] != int(count[1]) \
            or not _measure_alone_tags(size):
        return None
    return count


def _measure_alone(line: Line) -> bool:
    """The line's quantity is a weight or volume and no count ("1kg", "nss kilo", "kilo"),
    or a bare size ("500")."""
    return _measure_alone_tags([t for t in line.quantity if t[0] != "conj"])


def _measure_alone_tags(tags: list[tuple]) -> bool:
    if len(tags) == 1 and tags[0][0] == "num":
        return tags[0][1] >= BARE_SIZE_MIN
    if len(tags) > 2 and tags[0][0] == tags[1][0] == "num" and tags[0][1] < BARE_SIZE_MIN:
        return False            # "1 orange blossom 500g": a count, then its size
    return bool(tags) and tags[-1][0] == "unit" and all(t[0] in ("num", "frac")
                                                        for t in tags[:-1])


def instead_of(lines: list[Line]) -> bool:
    """"the rose soap, not the cream", "le savon pas la crème": one product wanted, then one
    taken back, neither counted — the second is replaced by the first, with its quantity."""
    products = [line for line in lines if line.has_product]
    return (len(products) == 2 and not products[0].negated and products[1].negated
            and not products[0].has_quantity and not products[1].has_quantity)




def corrected_within(index: CatalogIndex, lines: list[Line]) -> list[Line]:
    """"1 black soap 500g, no wait the eucalyptus one", "2 amlou, sorry I meant 3", "jouj
    3sel kilo, la la 500g": a line after a correction phrase (``Line.corrects``) replaces the
    line it takes back, which it says again only in part — its count, its size and its
    product are the ones of that line unless it says its own. A kind alone ("the eucalyptus
    one") is a kind of the product said before when the catalog has it so."""
    if not any(line.corrects for line in lines):
        return lines
    out: list[Line] = []
    for line in lines:
        if line.corrects and len(out) > 1 and not out[-1].has_product \
                and not out[-1].negated and out[-1].has_quantity and out[-2].has_product:
            orphan = out.pop()          # "2 honey lavender 500 grams or rather …": the
            out[-1].quantity = out[-1].quantity + orphan.quantity      # 500 g is its size
            out[-1].size = out[-1].size or orphan.size
        at = _corrected_line(index, out, line) if line.corrects and not line.negated else -1
        if at >= 0:
            out[at] = _said_again(index, out[at], line)
        else:
            out.append(line)
    return out


def _families(line: Line) -> list[Span]:
    """The line's product words that say what the product is ("black soap": the soap)."""
    return [Span("concept", fams, s.start, s.end) for s in line.products
            if s.kind == "concept" and (fams := tuple(
                c for c in s.value if LEXICON.concepts[c].role == "family"))]


def _kind_of(index: CatalogIndex, previous: Line, line: Line) -> bool:
    """Is ``line`` a kind of the product of ``previous`` ("black soap" — "the eucalyptus
    one"): named together, they name fewer kinds than it does alone?"""
    kinds = [c for s in _families(previous) for c in s.value]
    if not kinds or not line.has_product:
        return False
    alone = tag_variants(index, line.tags())
    together = tag_variants(index, [*kinds, *line.tags()])
    return bool(together) and (not alone or len(together) < len(alone))


def _corrected_line(index: CatalogIndex, before: list[Line], line: Line) -> int:
    """Which of the lines ``before`` a correction takes back: the one of the product it
    names again ("3 black soaps and a rhassoul. Sorry, make that 2 black soaps"), else the
    line right before it — after a softer word ("actually") only when it says the same
    product again, a kind of it or only a count or a size; -1 when there is none."""
    if not before or not (line.has_product or line.has_quantity or line.size):
        return -1
    last = len(before) - 1
    if not before[last].has_product or before[last].negated:
        return -1
    if not line.has_product or _kind_of(index, before[last], line):
        return last
    said = tag_variants(index, line.tags())
    for k in range(last, -1, -1):
        if before[k].has_product and not before[k].negated \
                and said & tag_variants(index, before[k].tags()):
            return k
    shared = {c for s in _families(line) for c in s.value} \
        & {c for s in _families(before[last]) for c in s.value}
    return last if line.corrects != "same" or shared else -1


def _count_and_measure(tags: list[tuple]) -> tuple[list[tuple], list[tuple]]:
    """A line's quantity tags cut into its count ("2", "2 jars") and its measure ("500 g")."""
    count: list[tuple] = []
    measure: list[tuple] = []
    for k, tag in enumerate(tags):
        unit_next = k + 1 < len(tags) and tags[k + 1][0] == "unit"
        # "argan oil 50ml x3": a times sign and its figure count, after the measure too
        timed = tag[0] == "times" or (tag[0] == "num" and k and tags[k - 1][0] == "times"
                                      and not unit_next)
        if (tag[0] == "num" and not count and not measure and tag[1] < BARE_SIZE_MIN
                and not unit_next) or (tag[0] in ("container", "times") and not measure) \
                or timed:
            count.append(tag)
        elif tag[0] != "conj":
            measure.append(tag)
    return count, measure


def _comes_in(index: CatalogIndex, products: list[Span], measure: list[tuple]) -> bool:
    """Does a product the words ``products`` name come in the one measure ``measure`` says
    ("2 thyme honey 500g, no wait, euphorbia honey": the euphorbia honey 500 g)?"""
    if len(measure) != 2 or measure[0][0] != "num" or measure[1][0] != "unit":
        return False
    size = round(measure[0][1] * measure[1][1])
    tags = [t for s in products for t in (s.value if s.kind == "concept" else (s.value,))]
    return any(index.products[i].measure == size for i in match(index, *split_tags(tags)))


def _said_again(index: CatalogIndex, previous: Line, line: Line) -> Line:
    """The line ``previous`` as corrected by ``line`` (see :func:`corrected_within`)."""
    products = list(previous.products)
    if line.has_product:
        products = list(line.products)
        if _kind_of(index, previous, line):
            products = _families(previous) + products   # "the eucalyptus one": of the soap
        elif tag_variants(index, previous.tags()) <= tag_variants(index, line.tags()):
            products = list(previous.products)  # "3 savons nature …, finalement 2 savons":
            #                                     the nature ones, said more vaguely
    count, measure = _count_and_measure(previous.quantity)
    new_count, new_measure = _count_and_measure(line.quantity)
    if line.has_product and not _comes_in(index, products, measure):
        measure = []        # "1 black soap 500g, no wait the eucalyptus one": the 500 g was
        #                     the black soap's size, not one the eucalyptus comes in
    if line.has_product and line.qty_after_product and new_count == [("num", 1.0)] \
            and not new_measure:
        new_count = []                  # "the eucalyptus one": which, not how many
    if new_count and not new_measure and not count and len(measure) == 2 \
            and measure[0][0] == "num" and measure[0][1] < BARE_SIZE_MIN:
        measure = [(measure[0][0], new_count[0][1]), *measure[1:]]   # "2 kilo, la la 3":
        new_count = []                                                # three kilos
    # a count or a size alone sets the line ("bghit 2 amlou, la smh lia 3": three in all)
    return Line(negated=False, set_op=previous.set_op or not line.has_product,
                products=products,
                quantity=(new_count or count) + (new_measure or measure),
                size=line.size or previous.size, last=line.last or previous.last,
                qty_after_product=previous.qty_after_product,
                joined_by_conj=previous.joined_by_conj, after_comma=previous.after_comma,
                sizes=line.sizes or previous.sizes, designators=line.designators
                or previous.designators, added=previous.added, start=previous.start)
