"""Order lines matched against the catalog (:func:`resolve_lines`): items, ambiguities,
removals, unknown products; mentions told apart by their sizes, prices, containers and
dimensions.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from .. import designators
from .. import textnorm as norm
from ..grammar import Span, readings, tag_tokens
from ..lexicon import LEXICON
from ..matcher import (
    PRICE_RANKS,
    CatalogIndex,
    by_dimensions,
    by_own_alias,
    carrying,
    choose,
    match,
    split_tags,
    suggest,
)
from ..matcher.index import FUZZY_CUTOFF, FUZZY_MIN_LEN
from ..numbers import BARE_SIZE_MIN, KILO, PIECE, Quantity, dimensions, read_quantity
from .lines import (
    colour_or_product,
    containers_of_a_name,
    counts_split,
    families_of,
    is_family,
    join_with_words,
    joined_by_size,
    measured,
    tags_of,
)
from .model import MAX_MENTION_CHARS, Ambiguity, Item, Line

DOZEN = 12
PACK_MIN = 6    # a count this big of a product sold in packs this big or bigger may be pieces


def _unsold_text(index: CatalogIndex, tokens: list[str], spans: list[Span], text: str) -> str:
    """A product not sold as the customer named it: with the words right before its
    mention, after its count or article, that neither the lexicon nor the sheet knows ("1
    pink pepper": not "pepper"; "bghit nwsi zaatar" stays "zaatar")."""
    if not spans or not text:
        return text
    start = min(s.start for s in spans)
    first = start
    while first > 0 and tokens[first - 1][:1].isalpha() and len(tokens[first - 1]) >= 3 \
            and not any(k in LEXICON.known_keys or k in index.raw_keys
                        for k in norm.key_variants(tokens[first - 1])):
        first -= 1
    if first == start or not first or not (
            tokens[first - 1].isdigit()
            or norm.lookup_key(tokens[first - 1]) in LEXICON.unsold_article_keys):
        return text
    return _mention_text(tokens, [Span("raw", None, first, max(s.end for s in spans))])


def _mention_text(tokens: list[str], spans: list[Span]) -> str:
    """The words of a mention, as normalised (cut to a readable length); none for a mention
    made of its container alone ("the box of 12")."""
    if not spans:
        return ""
    start, end = min(s.start for s in spans), max(s.end for s in spans)
    text = " ".join(t for t in tokens[start:end] if t != norm.SEPARATOR)
    return text[:MAX_MENTION_CHARS]


def family_split(line: Line) -> list[list[Span]]:
    """Product spans cut before each new family concept ("3sel zaatar amlou")."""
    groups: list[list[Span]] = [[]]
    seen_family = False
    for span in line.products:
        families = [c for c in (span.value if span.kind == "concept" else ())
                    if LEXICON.concepts[c].role == "family"]
        if families and seen_family and groups[-1]:
            groups.append([])
        seen_family = seen_family or bool(families)
        groups[-1].append(span)
    return groups


@dataclass
class _Found:
    """What the lines resolved to, before the intent decides how to report it."""

    items: list[Item] = field(default_factory=list)
    ambiguous: list[Ambiguity] = field(default_factory=list)
    removed: list[Item | Ambiguity] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    matched: list[str] = field(default_factory=list)  # every candidate sku, in order
    has_quantity: bool = False
    set_quantity: bool = False
    prices: set[float] = field(default_factory=set)     # prices said: "the 35 dh one"
    counted: bool = False   # the last line resolved had a count of its own ("1 black soap")
    # the products a count was said of that may be pieces or packs ("4 bowls" of "Lot de 6
    # bols"): how many is asked, never one by default
    withheld: list[str] = field(default_factory=list)


def _has_negation(tokens: list[str]) -> bool:
    """Does a negation word ("sans", "bla", "without") stand anywhere in the message?"""
    return any(("marker", "neg") in LEXICON.grammar.longest([norm.key_variants(t)], 0)[1]
               for t in tokens)


def _variants_taken(index: CatalogIndex, found: _Found) -> set[int]:
    """The product kinds (variants) earlier lines of the message ordered."""
    skus = {item.sku for item in found.items}
    return {info.variant for info in index.products if info.sku in skus}


def _by_container(index: CatalogIndex, candidates: list[int], line: Line) -> list[int]:
    """"2 bidons de zit l3oud et 1 bouteille": a container the line says picks the sizes
    whose names say it; else it leaves out the sizes whose names say another one (the
    bottle is not the "bidon 5L"). A container no name says is only a count."""
    said = {t[1] for t in line.quantity if t[0] == "container"}
    if not said or len(candidates) < 2:
        return candidates
    products = index.products
    # "2 bottles of olive oil 5L" where the 5 L is a "bidon", "a box of saffron 5g" beside a
    # 3 g gift box: the size said wins over the container word (it made 10 × the 1 L bottle,
    # and a box of the wrong weight)
    tags = line.quantity
    stated = {round(a[1] * b[1]) for a, b in zip(tags, tags[1:], strict=False)
              if a[0] == "num" and b[0] == "unit"}
    exact = [i for i in candidates if products[i].measure in stated]
    named = [i for i in candidates if products[i].containers & said]
    if named:
        return exact if exact and not set(exact) & set(named) else named
    plain = [i for i in candidates if not products[i].containers - said]
    kept = plain if plain and any(products[i].containers for i in candidates) else candidates
    return exact if exact and not set(exact) & set(kept) else kept


def _by_container_word(index: CatalogIndex, candidates: list[int], tokens: list[str],
                       line: Line, spans: list[Span]) -> list[int]:
    """"7enna sachet jouj", "2 sachets de henné" to "… sachet 100g", "… pack de 2", "… pack
    de 3": two words for one container (a sachet, a pack) both name it, so the word as
    written picks the rows whose names hold it (it asked which one of the three)."""
    if not line.products or not any(t[0] == "container" for t in line.quantity):
        return candidates
    end = max(s.end for s in line.products) + 3
    said = {key for i in range(max(line.start, 0), min(end, len(tokens)))
            if "container" in readings(tokens[i]) for key in norm.key_variants(tokens[i])}
    if not said:
        return candidates
    named = [i for i in candidates if said & {key for w in norm.tokens(index.products[i].name)
                                               for key in norm.key_variants(w)}]
    return named if named and len(named) < len(candidates) else candidates


def _by_name_with_container(index: CatalogIndex, candidates: list[int], tokens: list[str],
                            spans: list[Span]) -> list[int]:
    """"جوج حبة السودا" to "حبة السودا 250غ" and "زيت حبة السودا 100مل": a container word
    ("حبة", a piece) right before the product words that with them says the whole name of
    one candidate (its size left out) names that one, not a count of pieces of them all (it
    asked seeds or oil). The others' names hold more words; none is picked when two match."""
    at = min(s.start for s in spans) - 1
    while at > 0 and readings(tokens[at]) & {"link"}:
        at -= 1                 # "une boîte de sardines"
    if at < 0 or "container" not in readings(tokens[at]):
        return candidates
    said = [tokens[at]] + [tokens[i] for s in spans for i in range(s.start, s.end)
                           if i < len(tokens) and not readings(tokens[i]) & {"link"}]
    keys = [set(norm.key_variants(t)) for t in said]

    def whole(name: str) -> bool:
        words = [t for t in norm.tokens(name)
                 if t.isalpha() and not readings(t) & {"unit", "link"}]
        return len(words) == len(keys) and all(
            k & set(norm.key_variants(w)) for k, w in zip(keys, words, strict=True))

    named = [i for i in candidates if whole(index.products[i].name)]
    return named if len(named) == 1 else candidates


def _by_containers_alone(index: CatalogIndex, lines: list[Line], found: _Found) -> None:
    """No product named, but a container that marks one size of only one product ("deux
    bidons de 5L et une bouteille de 1L" to a cooperative whose olive oil is "1L" and "bidon
    5L", and nothing else in a "bidon"): the lines are sizes of that product, the container
    picking among them as it does beside a product word. A container all sizes say ("Smen
    pot 500g", "Smen pot 1kg") is its packaging, not a size: "le pot de 1kg" names no
    product."""
    products = index.products
    group: list[int] = []
    for line in lines:
        said = {t[1] for t in line.quantity if t[0] == "container"}
        if not said:
            continue
        if not group:
            kinds = {v for v, members in index.variants.items()
                     if 0 < sum(bool(products[i].containers & said) for i in members)
                     < len(members)}
            sold_in = {v for v, members in index.variants.items()
                       if any(products[i].containers & said for i in members)}
            if len(kinds) != 1 or sold_in != kinds:
                # "non 3 boîtes" with the ghriba sold by the box too: no product named (it
                # took 3 boxes of the cornes de gazelle, the one sold by the box and the kg)
                return
            group = index.variants[kinds.pop()]
        quantity = read_quantity(line.quantity)
        choice = choose(index, _by_container(index, group, line), quantity, line.size)
        # "7iyed lpack" with the pack in the basket: it comes out (one more went in)
        op, whole = ("remove", quantity.count is None or quantity.boxed) if line.negated \
            else ("add", False)
        for product_id, qty in choice.lines:
            (found.removed if line.negated else found.items).append(
                Item(products[product_id].sku, None if whole else qty, op))
            found.matched.append(products[product_id].sku)
        if choice.candidates:
            ambiguity = Ambiguity(_mention_text([], []), None if whole else choice.quantity,
                                  tuple(products[i].sku for i in choice.candidates), op)
            (found.removed if line.negated else found.ambiguous).append(ambiguity)
            found.matched.extend(ambiguity.candidates)
        if not quantity.empty and not line.negated:
            found.has_quantity = True


def _resolve_line(index: CatalogIndex, tokens: list[str], line: Line, spans: list[Span],
                  quantity: Quantity, context: list[str], found: _Found,
                  before: frozenset[str] = frozenset(), ahead: bool = False,
                  dims: frozenset[str] | None = None, packs: frozenset[float] = frozenset()
                  ) -> bool:
    """Match one mention; record it in ``found``. False when nothing matched at all.
    ``before``: the product words of the mention before it, for one made of colours only
    (``ahead``: of the mention after it, "green and black olives"); ``packs``: the counts
    its own words say after a pack word ("7enna pack de 3": the pack of three)."""
    strict, soft = split_tags(tags_of(spans))
    # "is the amlou sugar free?" where nothing is sold without sugar: a question about what
    # it holds, not a word of a product's name
    strict -= {t for t in strict if t in LEXICON.concepts and LEXICON.concepts[t].lacks
               and t not in index.postings}
    kind_of_before = not strict and soft and (line.joined_by_conj or line.has_quantity
                                              or ahead)
    if kind_of_before:
        strict = set(before)        # "2 green olives and 1 black": the black olives
    if not strict and soft and line.has_quantity:
        strict = _named_by_quality_words(index, tokens, spans)
    if not strict and soft and line.has_quantity and line.designators:
        strict = _one_kind_with(index, soft)    # "2 paires noires en 42": the black slippers
    if not strict:
        return False
    # the customer's own words for which one (not what it is: "tmer" is in an alias of one
    # kind of dates and still names them all)
    words = frozenset(key for span in spans if not is_family(span)
                      for i in range(span.start, span.end)
                      if i < len(tokens) for key in norm.key_variants(tokens[i]))
    candidates = match(index, strict, soft, words)
    candidates = _of_the_size_said(index, strict, candidates, quantity)
    quantity = _figure_as_a_size(index, candidates, quantity, line, tokens)
    if kind_of_before and not any(soft & index.products[i].tags for i in candidates):
        # "embroidered slippers 37 and yellow ones 42": the yellow slippers, not the
        # embroidered ones the colour does not fit; the kind said before is dropped
        family = set(families_of(strict))
        heads = {index.products[i].head for i in candidates}
        if not family and len(heads) == 1:
            family = {h for h in heads if h}        # "… and purple olives": the olives
        wider = match(index, family, soft, words) if family and family != strict else []
        if any(soft & index.products[i].tags for i in wider):
            candidates = wider
    if (soft and strict and strict <= set(before) and not ahead and not line.has_quantity
            and not (line.borrowed or line.designators or line.size or dims)
            and (line.joined_by_conj or line.after_comma) and candidates
            and {index.products[i].variant for i in candidates} in _last_variants(index, found)):
        return True     # "Kilim noir et blanc 2x3m": the colours of one name, not a second line
    if not candidates:
        dual = colour_or_product(spans)
        if dual and strict - dual:
            strict = strict - dual
            candidates = match(index, strict, soft, words)
    if not candidates and strict:
        # "bghit 2 lots de kisan" of "Set of 6 tea glasses" (the sheet says "lot" of
        # another row): a pack word its name does not say, before a pack's words, is its
        # pack; the count is of packs
        pack_words = LEXICON.not_quantity.get("pack", set())
        worded = {s.value for s in spans if s.kind == "raw" and isinstance(s.value, str)
                  and s.end - s.start == 1 and s.start < len(tokens)
                  and any(k in pack_words for k in norm.key_variants(tokens[s.start]))}
        if worded and strict - worded:
            packed = [i for i in match(index, strict - worded, soft, words)
                      if (index.products[i].pack or 0) >= 2]
            if packed:
                strict, candidates = strict - worded, packed
    origin = {s.value for s in spans if s.kind == "raw" and s.value in index.town_tags
              and 0 < s.start < len(tokens)
              and norm.lookup_key(tokens[s.start - 1]) in LEXICON.place_keys} \
        if not candidates and index.town_tags else set()
    if origin and strict - origin:
        # "3 bowls from Safi" at a Safi pottery whose bowls' name says no town (its tagines'
        # do): where they are made, said with them, not a product of that town ("zit argan
        # swira", with no place word, still asks for an oil of that town)
        candidates = match(index, strict - origin, soft, words)
        strict = strict - origin if candidates else strict
    if context and not any(LEXICON.concepts[t].role == "family"
                           for t in strict if not t.startswith("~")):
        # only products that ARE of the family said before: not a box that lists it
        # ("2 msemen w 1 batbout" is the batbout, not the "Coffret (msemen + batbout)")
        said = strict | set(context)
        with_family = [i for i in match(index, said, soft, words)
                       if index.products[i].head in said]
        taken = {index.products[i].variant for i in with_family} & _variants_taken(index, found)
        if not taken and any(index.products[i].head in strict for i in candidates
                             if i not in with_family):
            # "2 huile d'olive 50cl et 1 kg d'olives vertes", two oils in 50cl: a mention
            # naming products of its own kind (the olives) is not the oil asked about again
            # ("soap x3 (2 plain …)": "plain" names no kind, it is one of the soaps)
            taken = {index.products[i].variant for i in with_family} & {
                index.by_sku[sku].variant for amb in found.ambiguous for sku in amb.candidates}
        others = [i for i in candidates if index.products[i].variant not in taken]
        if with_family and taken and others:
            candidates = others     # "5 زيت حبة السودا و 3 حبة السودا": the seeds, not oil again
        elif with_family:
            candidates = with_family
    if len(candidates) > 1 and not _has_negation(tokens):
        unsaid = index.negated_tags - strict - soft
        plain = [i for i in candidates if not index.products[i].tags & unsaid]
        if len(plain) == 1:
            candidates = plain      # "confiture de figues": not the one "sans sucre"
    candidates = _by_kind_word(index, candidates, tokens, spans)
    candidates = _by_container(index, candidates, line)
    if len(candidates) > 1 and not packs:
        candidates = _by_container_word(index, candidates, tokens, line, spans)
    if len(candidates) > 1 and line.products and any(t[0] == "container" for t in line.quantity):
        candidates = _by_name_with_container(index, candidates, tokens, spans)
    if line.designators:            # "babouches jaunes 40": the row of that size
        candidates = designators.narrow(index.products, candidates, line.designators)
    if dims and len(candidates) > 1:   # "…, one 2x3 and one 1x2": this line's own size
        candidates = [i for i in candidates if index.products[i].dims & dims] or candidates
    if packs and len(candidates) > 1:  # "ghassoul pack 2": not the single one, nor the 3
        candidates = [i for i in candidates if index.products[i].pack in packs] or candidates
    if quantity.boxed and quantity.extra is not None and not quantity.measure \
            and quantity.extra < BARE_SIZE_MIN and (packs or not any(
                index.products[i].size_value == quantity.extra
                or index.products[i].pack == quantity.extra for i in candidates)):
        # "ghassoul pack 3 jouj": the pack word's "one" and then how many of that pack;
        # "7enna sachet jouj": of the sachet (not "bidon 5" of a 5 L can: its size)
        quantity = dataclasses.replace(quantity, count=quantity.extra, extra=None)
    own = by_own_alias(index, candidates, [tokens[i] for span in spans
                                           for i in range(span.start, span.end)
                                           if i < len(tokens)])
    if own != candidates and not choose(index, candidates, quantity, line.size).lines:
        candidates = own        # not "500g of cumin": only the refill comes in 500 g
    priced = [i for i in candidates if index.products[i].price in found.prices]
    if len(candidates) > 1 and len(priced) == 1:
        candidates = priced         # "2 of the 35dh one" after the prices of two sizes
    if (candidates and not quantity.empty
            and _made_with_only(index, strict, candidates, tokens, spans, context)):
        # "2 kilo 3sel" where the only honey is in "Chebakia au miel" (without a count,
        # "how many Chebakia au miel?" says what it is)
        candidates = []
    text = _mention_text(tokens, spans)
    if not candidates:
        found.unknown.append(_unsold_text(index, tokens, spans, text))
        for sku in suggest(index, strict):
            if sku not in found.suggestions:
                found.suggestions.append(sku)
        return True
    products = index.products
    quantity = _bare_half(index, candidates, quantity, line)
    said_count = quantity.count
    candidates, quantity = _pieces_as_packs(index, candidates, quantity, line, tokens, packs)
    if said_count is not None and quantity.count is None:
        found.withheld.extend(products[i].sku for i in candidates)
    size = None if line.size and _size_of_their_names(index, candidates, tokens, spans,
                                                      line.size) else line.size
    choice = choose(index, candidates, quantity, size)
    families = {t for i in candidates for t in families_of(index.products[i].tags)} \
        if line.borrowed else set()
    others = _other_kinds(index, families, candidates) if line.size in PRICE_RANKS else []
    if line.borrowed and others:
        # "2 kilo mejhoul w kilo mn rkhis": the cheaper kind of the dates, not the small
        # size of the Mejhoul again
        choice = choose(index, others, quantity, line.size)
    elif line.borrowed and (quantity.measure is not None or line.size) and (
            not choice.lines or quantity.measure is not None
            and all(products[i].measure is None for i in candidates)):
        # ("3 cone 7enna w 250g": the cone comes by the piece, so the 250 g is the henna
        # powder's, not one more cone, nor nothing)
        # (the kinds said stay: "zit beldia litre w nos litre", "عسل السدر … ونص كيلو" with no
        # half litre of olive oil nor half kilo of sidr are not the argan oil nor the thyme
        # honey of that size)
        kinds = {t for t in strict if t in LEXICON.concepts
                 and LEXICON.concepts[t].role == "qualifier"}
        wider = match(index, families | kinds, set(), frozenset()) if families else []
        other = choose(index, wider, quantity, line.size) if wider else choice
        if other.lines:     # "deux bidons de 5L et une de 1L": the 1L of the same oil
            choice = other
    elif line.borrowed and line.size and _same_as_before(index, found, choice):
        # "1 black henna and 3 of the big ones": the black henna comes in one size, so the
        # big ones are another of its family (the 250 g natural), never 3 more black henna
        named = {i for i, _q in choice.lines}
        wider = [i for i in match(index, families, set(), frozenset()) if i not in named
                 and index.products[i].in_stock] if families else []
        if not wider:
            return True     # "a kohl and 2 of the big ones": of what was shown, not kohl
        choice = choose(index, wider, quantity, line.size)
        if not (choice.lines or choice.candidates):
            return True
    op = "remove" if line.negated else ("set" if line.set_op and not quantity.empty else "add")
    if op == "set":
        found.set_quantity = True
    if _names_it_again(found, line, quantity, choice, products):
        return True         # "1 black soap with eucalyptus 200g", "1 Zammita / sellou 500g"
    found.counted = quantity.count is not None
    # "7iyed zaatar 500g", "7iyed amlou 250" with two of them in the basket: a size said with
    # no count names the line to take out, not one of it ("7iyed wa7ed zaatar 500g": one)
    whole = line.negated and (quantity.count is None or quantity.count >= BARE_SIZE_MIN)
    if choice.lines:
        for product_id, qty in choice.lines:
            item = Item(products[product_id].sku, None if whole and qty == 1 else qty, op)
            if line.negated and line.borrowed and any(i.sku == item.sku for i in found.items):
                continue        # "jouj kilo mejhoul machi wa7ed": the count, no removal
            (found.removed if line.negated else found.items).append(item)
            found.matched.append(item.sku)
    elif choice.candidates:
        ambiguity = Ambiguity(text, None if whole and choice.quantity == 1 else choice.quantity,
                              tuple(products[i].sku for i in choice.candidates), op,
                              choice.unmade, choice.measure)
        (found.removed if line.negated else found.ambiguous).append(ambiguity)
        found.matched.extend(ambiguity.candidates)
    if not quantity.empty and not line.negated:
        found.has_quantity = True
    return True


def _figure_as_a_size(index: CatalogIndex, candidates: list[int], quantity: Quantity,
                      line: Line, tokens: list[str]) -> Quantity:
    """"bghit amlou 300", "zerbiya beni ouarain 150": a figure too big for a count, alone
    after the words of products all sold by weight or volume (or all told apart by their
    sides), that names none of their sizes, is the size asked for, in their unit: "300 g is
    not one of our sizes, which one?" (it was 300 jars, capped at 50: a 3,000 DH parcel, and
    90,000 DH of rugs). Not before the product ("30 bid" is thirty eggs), nor with a unit,
    nor a count written in words ("amlou sghir 3chrin": twenty jars)."""
    tags = [t for t in line.quantity if t[0] != "conj"]
    if (not candidates or not line.qty_after_product or len(tags) != 1
            or tags[0][0] != "num" or tags[0][1] < BARE_SIZE_MIN
            or quantity.count != tags[0][1] or quantity.measure is not None
            or not any(t.isdigit() and float(t) == tags[0][1]
                       for t in tokens[line.products[-1].end:])):
        return quantity
    products = [index.products[i] for i in candidates]
    if all(info.measure is not None for info in products):
        return Quantity(measure=int(tags[0][1] * 1000))
    if all(info.dims for info in products):
        return Quantity()
    return quantity


def _of_the_size_said(index: CatalogIndex, strict: set[str], candidates: list[int],
                      quantity: Quantity) -> list[int]:
    """"dghmous 1kg w zaatar 1kg", "250 zaatar" where "zaatar" heads the dried thyme in 100 g
    bags and also names the thyme honey in 250 g, 500 g and 1 kg: a size none of the products
    it heads comes in, that products carrying the word do, names those too (asked which, if
    still more than one), never ten bags or one 100 g bag for it."""
    products = index.products
    figure = quantity.extra if quantity.extra is not None else (
        quantity.count if quantity.count is not None and quantity.count >= BARE_SIZE_MIN
        else None)
    if not candidates or (not quantity.measure and figure is None):
        return candidates

    def fits(i: int) -> bool:
        if quantity.measure:
            return products[i].measure == quantity.measure
        return products[i].size_value == figure

    kinds = {products[i].volume for i in candidates}
    if any(fits(i) for i in candidates) or None in kinds:
        return candidates
    others = [i for i in carrying(index, strict)     # of the same kind: not the oil in 1 L
              if i not in candidates and fits(i) and products[i].volume in kinds]  # for olives
    return sorted(set(candidates) | set(others)) if others else candidates


def _by_kind_word(index: CatalogIndex, candidates: list[int], tokens: list[str],
                  spans: list[Span]) -> list[int]:
    """"2 kilo sellou" to a cooperative selling "Sellou (sfouf)" and "Zemmita beldia" (alias
    "zmita"), two words the lexicon reads as one kind: the products whose names or aliases
    say the customer's word, when each of the others says that kind by another word of the
    same language, one none of them uses ("zmita", not "sellou"): two kinds the catalog tells
    apart. A name in another language is a translation ("Miel de thym" beside "3sel sidr":
    "3sel" is still any honey), another spelling is the same word ("Saboun argan" beside
    "Sabon l3ar": "sabon" is both), and a word both use names both ("tmer" in an alias of
    the Mejhoul, "Dattes" in every name: the dates, all of them)."""
    if len(candidates) < 2:
        return candidates
    concepts: set[str] = set()
    said: set[str] = set()
    for span in spans:
        if is_family(span):
            concepts.update(span.value)
            said.update(key for i in range(span.start, min(span.end, len(tokens)))
                        for key in norm.key_variants(tokens[i]))
    products = index.products
    literal = [i for i in candidates if products[i].words & said]
    if not literal or len(literal) == len(candidates):
        return candidates
    forms = LEXICON.form_langs
    langs = frozenset().union(*(forms.get(key, frozenset()) for key in said))
    sounds = {norm.skeleton(key) for key in said}
    theirs = frozenset().union(*(products[i].words for i in literal))
    for i in candidates:
        if i in literal:
            continue
        own = {key for key in products[i].words if LEXICON.concept_forms.get(key) in concepts}
        if (not own or own & theirs
                or not any(forms.get(key, frozenset()) & langs for key in own)
                or any(norm.skeleton(key) in sounds for key in own)):   # "saboun": "sabon"
            return candidates
    return literal


def _made_with_only(index: CatalogIndex, strict: set[str], candidates: list[int],
                    tokens: list[str], spans: list[Span], context: list[str]) -> bool:
    """Does a mention name a kind of product ("3sel", "honey") that every product it matches
    only says it is made with ("Chebakia au miel")? Not when the message names what they are
    too ("3 honey and oat soaps": the soap said after "oat"), nor when it says the word as
    the name does, after a "made with" word ("3 thés à la menthe", "Tomtes séchées à
    l'huile d'olive")."""
    said = {t for t in strict if not t.startswith("~")}
    products = index.products
    if not families_of(said) or not all(said <= products[i].made_with for i in candidates):
        return False
    start = min((span.start for span in spans), default=0)
    end = max((span.end for span in spans), default=0)
    if any(norm.lookup_key(t) in LEXICON.made_with_keys for t in tokens[max(0, start - 2):end]):
        return False            # "Tomtes séchées à l'huile d'olive": the name, misspelt
    heads = {products[i].head for i in candidates}
    if heads & set(context):
        return False        # "3 sabounat, 2 dyal l3sel": the soaps said before
    for token in tokens:
        keys = norm.key_variants(token)
        if any("~" + key in heads for key in keys) or any(
                payload[0] == "concept" and heads & set(payload[1])
                for payload in LEXICON.grammar.longest([keys], 0)[1]):
            return False
    return True


def _same_as_before(index: CatalogIndex, found: _Found, choice) -> bool:
    """Is ``choice`` the one product the line before named, of a kind sold in one size (a
    size word said of it picks nothing of its own)?"""
    if len(choice.lines) != 1 or not found.items:
        return False
    product = choice.lines[0][0]
    info = index.products[product]
    return (found.items[-1].sku == info.sku
            and len(index.variants.get(info.variant, ())) == 1 and not info.size_word)


def _last_variants(index: CatalogIndex, found: _Found) -> list[set[int]]:
    """The kinds the last line and the last "which one?" named so far."""
    out = []
    if found.items:
        out.append({index.by_sku[found.items[-1].sku].variant})
    if found.ambiguous:
        out.append({index.by_sku[s].variant for s in found.ambiguous[-1].candidates})
    return out


DOZEN = 12


def _pieces_as_packs(index: CatalogIndex, candidates: list[int], quantity: Quantity,
                     line: Line, tokens: list[str], packs: frozenset[float] = frozenset()
                     ) -> tuple[list[int], Quantity]:
    """"24 cornes de gazelle" where the catalog sells them in a box of 24: a count of pieces
    (no box word said, no measure) that is what a pack of the product holds is one pack, a
    multiple of it that many packs (of the biggest pack it is a multiple of); a count of
    pieces no pack of it adds up to is asked again (not 24 boxes). Only among the sizes of
    one product: a count never picks a kind (among packs of several kinds, the count is
    asked once the kind is known)."""
    count = quantity.count
    if quantity.extra is not None and quantity.extra == count:
        quantity = dataclasses.replace(quantity, extra=None)   # "krachel dzina (12)": once
    small = _small_count_of_pieces(index, candidates, quantity, line, tokens)
    if small:
        return small, quantity
    # ("2 sets of 6 bowls": a pack said by its figure is no single piece)
    singles = [] if packs else _singles_of_the_packs_word(index, candidates, quantity, line,
                                                          tokens)
    if singles and not any((quantity.count or 0) % (index.products[i].pack or 1) == 0
                           for i in candidates):    # ("6 bols": the lot, how many asked)
        return singles, quantity
    pieces = _pieces_said(line) or _counted_container_said(index, candidates, line, tokens)
    if not packs and _pieces_or_packs(index, candidates, quantity, line, tokens):
        return candidates, dataclasses.replace(quantity, count=None)
    if (count is None or (count < PACK_MIN and not pieces) or count != int(count)
            or quantity.measure or quantity.extra is not None or not candidates
            or (any(t[0] in ("container", "unit") for t in line.quantity) and not pieces)
            or _pack_word_said(line, tokens)):
        return candidates, quantity     # (a small count may be of the packs: still asked)
    products = index.products
    # "20 7ebba dyal msemen", "عشرين حبة ديال المسمن": the pieces said by their word are
    # what a pack holds, however small the pack or the count (it was 20 packs of 10)
    packed = [i for i in candidates if (products[i].pack or 0) >= (2 if pieces else PACK_MIN)]
    if not packed:
        return candidates, quantity
    single = [i for i in candidates if products[i].pack is None and products[i].measure is None]
    exact = [i for i in packed if products[i].pack == count]
    if (len(exact) == 1 and len({products[i].variant for i in candidates}) > 1
            and _pack_of_its_own(products, candidates, exact[0])):
        return exact, dataclasses.replace(quantity, count=1)    # "30 bid": the tray of 30
    if len({products[i].variant for i in candidates}) != 1:
        dozen = [i for i in packed if products[i].pack == DOZEN]
        if len(dozen) == 1 and count % DOZEN == 0 and len(packed) == len(candidates) and any(
                norm.lookup_key(t) in LEXICON.dozen_keys for t in tokens):
            # "2 douzaines d'œufs" beside the dozen box and the tray of 30: said in dozens,
            # the dozen box, two of it (it asked which, the count lost); beside eggs sold
            # one by one, which still asked (twelve of them, or the box)
            return dozen, dataclasses.replace(quantity, count=count // DOZEN)
        if len(packed) == len(candidates):      # "20 msemen": packs of 10 and of 6; how
            return candidates, dataclasses.replace(quantity, count=None)   # many, once known
        return candidates, quantity
    sizes = {products[i].pack for i in packed if count % (products[i].pack or 1) == 0}
    if sizes:                                   # "48 cornes": 2 boxes of 24 (the fewest)
        size = max(size or 1 for size in sizes)
        return ([i for i in packed if products[i].pack == size],
                dataclasses.replace(quantity, count=count // size))
    if len(packed) == len(candidates) or not single and all(
            products[i].pack or products[i].measure is not None for i in candidates):
        # ("12 gazelle horns" beside the box of 24 and the kilo: neither twelve boxes nor
        # twelve kilos; how many asked, once known which)
        return candidates, dataclasses.replace(quantity, count=None)
    if single:
        # "10 msemen" beside "Msemen la pièce" and "Msemen la douzaine": ten pieces, as no
        # dozen adds up to ten (it asked which one, where "10" could only be 10 dozens)
        return single, quantity
    return candidates, quantity


def _singles_of_the_packs_word(index: CatalogIndex, candidates: list[int], quantity: Quantity,
                               line: Line, tokens: list[str]) -> list[int]:
    """"je veux 3 bols de Safi" beside "Lot de 6 bols de Safi" and "Bol de Safi": a count,
    with no pack word, of the word a pack's name counts after its figure, written as the
    plural of a word another row sells one by one, is that many of the single row (it was 3
    lots: 18 bowls), when no pack adds up to it. The single rows, or nothing."""
    count = quantity.count
    products = index.products
    if (count is None or count < 2 or count != int(count) or quantity.measure
            or quantity.extra is not None or not candidates
            or any(t[0] in ("container", "unit") for t in line.quantity)
            or _pack_word_said(line, tokens)
            or not all((products[i].pack or 0) >= 2 for i in candidates)
            or not _pieces_word_said(index, candidates, line, tokens)):
        return []
    said = {norm.lookup_key(tokens[k]) for span in line.products
            for k in range(span.start, min(span.end, len(tokens)))} | _sheet_words(line)
    stems = {stem for key in said for stem in (*norm.short_singulars(key),
                                               *norm.key_variants(key)[1:])}
    return sorted({i for stem in stems for i in index.postings.get("~" + stem, ())
                   if products[i].pack is None and i not in candidates})


def _pieces_or_packs(index: CatalogIndex, candidates: list[int], quantity: Quantity,
                     line: Line, tokens: list[str]) -> bool:
    """"bghit 2 savon", "4 savons" where only "Lot de 2 savons" is sold: a count of the
    product's word, said with no word for packs, pieces, units or containers, of a product
    sold only in small packs (of fewer than :data:`PACK_MIN`), may be pieces or packs (it
    was 2 lots, 4 soaps): how many is asked, the pack named. So is a count of the pieces
    no bigger pack adds up to ("i want 4 bowls" where only "Lot de 6 bols" is sold: it was
    4 lots, 24 bowls); a multiple of it is that many packs ("12 bols": two lots)."""
    count = quantity.count
    products = index.products
    return bool(
        count is not None and count >= 2 and count == int(count) and candidates
        and not quantity.measure and quantity.extra is None
        and not any(t[0] in ("container", "unit") for t in line.quantity)
        and not _pack_word_said(line, tokens)
        and all((products[i].pack or 0) >= 2 for i in candidates)
        and (all((products[i].pack or 0) < PACK_MIN for i in candidates)
             or not any(count % (products[i].pack or 1) == 0 for i in candidates))
        and _pieces_word_said(index, candidates, line, tokens))


def _pieces_word_said(index: CatalogIndex, candidates: list[int], line: Line,
                      tokens: list[str]) -> bool:
    """Does the mention say the word the packs' names count right after their figure
    ("savon" of "Lot de 2 savons")? A count of it may be pieces; a count of the product's
    own word ("4 raïb" of "Raïb nature pack x4") is of packs."""
    counted = {_word_or_kind(word) for where, figure, word in index.name_figures
               if where == "after"
               and any(figure == f"{index.products[i].pack:g}" for i in candidates)}
    pieces = set().union(*counted)
    if any(span.kind == "concept" and set(span.value) & pieces for span in line.products):
        return True                     # "gazelle horns" of "Boîte de 12 cornes de gazelle"
    aliases = set().union(*(index.piece_aliases.get(i, frozenset()) for i in candidates))
    if aliases and any(norm.lookup_key(tokens[k]) in aliases for span in line.products
                       for k in range(span.start, min(span.end, len(tokens)))):
        return True                     # "zlafat", an alias of "Lot de 6 bols": bowls
    return any(_word_or_kind(word) & pieces or _spelt_apart(word, pieces) for word in [
        *(tokens[k] for span in line.products for k in range(span.start, min(span.end,
                                                                               len(tokens)))),
        *_sheet_words(line)]) if counted else False


def _spelt_apart(word: str, pieces: set[str]) -> bool:
    """Is ``word`` one of ``pieces`` (the word a pack's name counts) in another spelling,
    as the matcher reads a misspelling ("bowls" of "Lot de 6 bols", an alias of the lot
    written in English)?"""
    key = norm.lookup_key(word)
    if len(key) < FUZZY_MIN_LEN or not key.isalpha():
        return False
    cutoff = FUZZY_CUTOFF if len(key) >= 5 else 88
    return any(piece[:1] == key[:1] and fuzz.ratio(key, piece) >= cutoff for piece in pieces)


def _sheet_words(line: Line) -> set[str]:
    """The sheet's own words the mention was read as ("bowls" read as the "bols" of "Lot de
    6 bols de Safi", a letter apart)."""
    return {span.value[1:] for span in line.products
            if span.kind == "raw" and isinstance(span.value, str) and span.value.startswith("~")}


def _word_or_kind(token: str) -> frozenset[str]:
    """A word's spellings and the product kind it names in any language ("savons", "savon",
    "soap" for "savons"; "soap" for "صابون")."""
    variants = norm.key_variants(token)
    kinds = {LEXICON.concept_forms[v] for v in variants if v in LEXICON.concept_forms}
    return frozenset(variants) | kinds


def other_kinds(index: CatalogIndex, sku: str) -> list[int]:
    """The products of the families of ``sku``'s product that are other kinds than it (the
    Boufeggous and the Aziza beside the Mejhoul dates), by position in the index."""
    own = [i for i, info in enumerate(index.products) if info.sku == sku]
    families = {t for i in own for t in families_of(index.products[i].tags)}
    return _other_kinds(index, families, own)


def _other_kinds(index: CatalogIndex, families: set[str], candidates: list[int]) -> list[int]:
    """The products of the families of ``candidates`` that are other kinds than theirs."""
    named = {index.products[i].variant for i in candidates}
    return [i for i in match(index, families, set(), frozenset())
            if index.products[i].variant not in named] if families else []


def _size_of_their_names(index: CatalogIndex, candidates: list[int], tokens: list[str],
                         spans: list[Span], size: str) -> bool:
    """"bghit Kesksou ghlid (gros)" beside the 1 kg and the 5 kg of it: the size word said
    beside the product words is written in every candidate's name (a grade of grain, not
    the big bag), so it picks no size of them ("kesksou ghlid lkbir" does)."""
    if len(candidates) < 2:
        return False
    start = min((s.start for s in spans), default=0)
    end = max((s.end for s in spans), default=0)
    said = {norm.lookup_key(tokens[i]) for i in range(max(0, start - 1), min(len(tokens), end + 2))
            if any(span.kind == "size" and span.value == size for span in tag_tokens([tokens[i]]))}
    return bool(said) and all(
        said & {norm.lookup_key(w) for w in norm.tokens(index.products[i].name)}
        for i in candidates)


def _bare_half(index: CatalogIndex, candidates: list[int], quantity: Quantity,
               line: Line) -> Quantity:
    """"زوج دغموس نص", "jouj daghmous nos": a half (a quarter) said with no unit, of a
    product sold by weight or volume only, is half a kilo or a litre (it asked "which
    one?" among every size, and again at the details)."""
    tags = [t for t in line.quantity if t[0] != "conj"]
    fracs = [t for t in tags if t[0] == "frac"]
    if (quantity.measure is not None or len(fracs) != 1 or not 0 < fracs[0][1] < 1
            or any(t[0] not in ("num", "frac") for t in tags) or len(tags) > 2
            or (len(tags) == 2 and tags[0][0] != "num") or not candidates
            or any(index.products[i].measure is None for i in candidates)):
        return quantity
    count = tags[0][1] if len(tags) == 2 else None
    return Quantity(count=count, measure=round(fracs[0][1] * KILO))


def _small_count_of_pieces(index: CatalogIndex, candidates: list[int], quantity: Quantity,
                           line: Line, tokens: list[str]) -> list[int]:
    """"5 harcha", "3 batbout", "جوج مسمن" beside "Harcha la pièce" and "Harcha la
    douzaine": a small count of one product sold by the piece and by the dozen is that many
    pieces (a dozen is asked for by its word: "dzina", "douzaine"); it asked "a piece or a
    dozen?", and again at the details. Packs of other sizes still ask ("2 bid" beside a tray
    of 30). The single row, or nothing."""
    count = quantity.count
    if (count is None or not 0 < count < PACK_MIN or count != int(count) or quantity.measure
            or quantity.extra is not None or len(candidates) < 2
            or any(t[0] in ("container", "unit") for t in line.quantity)
            or _pack_word_said(line, tokens)):
        return []
    products = index.products
    if len({products[i].variant for i in candidates}) != 1 or not _plain_words(index, tokens):
        return []
    single = [i for i in candidates if products[i].pack is None and products[i].measure is None]
    packs = {products[i].pack for i in candidates if i not in single}
    return single if len(single) == 1 and packs == {DOZEN} else []


def _plain_words(index: CatalogIndex, tokens: list[str]) -> bool:
    """Does the message say nothing but known words, figures and the catalog's words, and no
    dozen word ("2 Msemen - la douzaine", "la douzine": the dozen, written or misspelt)?"""
    for token in tokens:
        if token[:1].isdigit() or token == norm.SEPARATOR:
            continue
        variants = norm.key_variants(token)
        if any(v in LEXICON.dozen_keys for v in variants) or not any(
                v in LEXICON.known_keys or v in index.raw_keys
                or any(v in info.words for info in index.products) for v in variants):
            return False
    return True


def _pieces_said(line: Line) -> bool:
    """Is the count said of pieces by their word ("7ebba", "حبة", "pièces"), and by no other
    container or unit ("2 boxes", "1 kg")?"""
    said = [t for t in line.quantity if t[0] in ("container", "unit")]
    return bool(said) and all(t == ("container", PIECE) for t in said)


def _counted_container_said(index: CatalogIndex, candidates: list[int], line: Line,
                            tokens: list[str]) -> bool:
    """"4 pots de raib" of "Raib nature pack de 6 pots": is the count said of the container
    the packs' names count right after their figure (the pieces: it was 4 packs, 24 pots),
    with no pack word?"""
    first = min((span.start for span in line.products), default=-1)
    if not (0 <= line.count_at < first) or not candidates or not any(
            t[0] == "container" for t in line.quantity) or _pack_word_said(line, tokens):
        return False
    products = index.products
    if not all((products[i].pack or 0) >= 2 for i in candidates):
        return False
    counted = {word for where, figure, word in index.name_figures
               if where == "after" and any(figure == f"{products[i].pack:g}" for i in candidates)}
    return any(key in counted and "container" in readings(tokens[k])
               for k in range(line.count_at + 1, first)       # (not the "x" of "pack 2 x
               for key in norm.key_variants(tokens[k]))      # 250ml": a count of packs)


def _pack_word_said(line: Line, tokens: list[str]) -> bool:
    """Does the mention name the pack itself by a word for packs (``pack`` in
    ``intents/numbers.yml``: "8 plateaux", "7 trays of eggs")? Its count is of packs."""
    pack_words = LEXICON.not_quantity.get("pack", set())
    said = [k for span in line.products for k in range(span.start, min(span.end, len(tokens)))]
    first = min((span.start for span in line.products), default=-1)
    if 0 <= line.count_at < first:      # ("7 trays of eggs": the word between the count and
        said += range(line.count_at + 1, first)     # the product, read as no product word)
    return any(key in pack_words for k in said for key in norm.key_variants(tokens[k]))


def _pack_of_its_own(products: list, candidates: list[int], pack: int) -> bool:
    """Is ``pack`` a product of its own among rows of one kind (the same product words, no
    single piece under its name: "Œufs beldi plateau de 30", alias "plateau", beside "Œuf
    beldi à l'unité" and a box of 12)? A count of what it holds then names it; a box sold
    beside single pieces of its own name still asks which ("une douzaine d'œufs")."""
    kinds = {frozenset(t for t in products[i].tags if not t.startswith("~")) for i in candidates}
    variant = products[pack].variant
    return len(kinds) == 1 and all(products[i].pack for i in candidates
                                   if products[i].variant == variant)


def _named_by_quality_words(index: CatalogIndex, tokens: list[str],
                            spans: list[Span]) -> set[str]:
    """A count of quality words only, two or more of them, that the catalog writes in a
    product's name or alias ("two bottles of the extra virgin, 1 litre each" where the oils
    are "Huile d'olive extra vierge"): the tags the products so named share, when those say
    what they are (a family). One quality word alone ("2 beldi", "2 bio") is too loose to
    name a product."""
    words = [tokens[i] for span in spans for i in range(span.start, span.end) if i < len(tokens)]
    if len(words) < 2:
        return set()
    named = [info.tags for info in index.products
             if all(info.words & set(norm.key_variants(word)) for word in words)]
    shared = split_tags(frozenset.intersection(*named))[0] if named else set()
    return shared if families_of(shared) else set()


def _one_kind_with(index: CatalogIndex, soft: set[str]) -> set[str]:
    """The kind of product (its head) that every product the colours or other soft words
    said describe is, when there is one ("2 paires noires en 42" where only the babouches
    come in black): a count, those words and a row's figure name it; else nothing."""
    heads = {info.head for info in index.products if soft <= info.tags}
    return {head for head in heads if head} if len(heads) == 1 else set()


def _names_it_again(found: _Found, line: Line, quantity: Quantity, choice,
                    products: list) -> bool:
    """Is this line, with no count of its own (its size at most), more words of the product
    the line before ordered with a count ("1 Black soap with eucalyptus 200g", "2 Zammita /
    sellou 500g": a sheet name with "with" or "/" in it)? Its size then completes that line,
    and adds no second one."""
    if (len(choice.lines) != 1 or quantity.count is not None or line.negated or line.borrowed
            or line.set_op or not found.items or not found.counted):
        return False
    product = products[choice.lines[0][0]]
    last = found.items[-1]
    return (last.sku == product.sku and last.op == "add"
            and quantity.measure in (None, product.measure))


def _colour_only(line: Line) -> bool:
    return line.has_product and all(
        s.kind == "concept" and all(LEXICON.concepts[c].role == "soft" for c in s.value)
        for s in line.products)


def _sized_head_of_colours(lines: list[Line]) -> int | None:
    """"babouches size 40, one yellow and one black": a product named with its row
    (``designators``) or its measure ("olives 500g, 2 green and 1 black") and no count, then
    only colours, each counted and with no row or measure of its own — the lines of that
    product in that row (the colours matched every size and the order stalled at "which
    one?"). The head line's place, else None."""
    heads = [k for k, line in enumerate(lines) if line.has_product]
    if len(heads) < 2:
        return None
    head, rest = lines[heads[0]], [lines[k] for k in heads[1:]]
    if (not (head.designators or measured(head))
            or (head.has_quantity and not measured(head)) or head.negated
            or _colour_only(head) or len(rest) != len(lines) - heads[0] - 1):
        return None
    if all(_colour_only(line) and line.has_quantity and not line.designators
           and not line.size and not line.negated
           and not (measured(head) and any(t[0] == "unit" for t in line.quantity))
           for line in rest):
        return heads[0]
    return None


def _drop_the_head_of_colours(index: CatalogIndex, found: _Found, first: tuple[int, int],
                              colours: int, measure: int | None = None) -> None:
    """The head's own uncounted mention goes once each colour after it is one of its rows
    (a head said with its measure, counted one by that measure alone, goes when each colour
    is a product of that very measure: "olives 1kg, 2 green…" to a sheet of 500 g jars still
    asks)."""
    at = first[1]
    if at >= len(found.ambiguous) or (found.ambiguous[at].quantity is not None
                                      and measure is None):
        return
    head = found.ambiguous[at]
    picked = [i for i in found.items[first[0]:] if i.sku in head.candidates
              and (measure is None or index.by_sku[i.sku].measure == measure)]
    if len(picked) == colours and len(found.ambiguous) == at + 1:
        del found.ambiguous[at]


#: the container of ``intents/units.yml`` that holds two of a thing
_PAIR = "pair"


def _pairs_of_two(index: CatalogIndex, found: _Found, counts: tuple[int, int, int]) -> None:
    """"a pair of black soaps", "une paire de savons": two of a product sold by its weight or
    volume, never by the pair, not one (a pair of slippers, of earrings, pieces, is one
    of them); "2 pairs" four. The lines the mention just gave, from ``counts`` (items,
    ambiguities) on."""
    def measured(sku: str) -> bool:
        return index.by_sku[sku].measure is not None

    for k in range(counts[0], len(found.items)):
        item = found.items[k]
        if measured(item.sku):
            found.items[k] = dataclasses.replace(item, quantity=2 * (item.quantity or 1))
    for k in range(counts[1], len(found.ambiguous)):
        amb = found.ambiguous[k]
        if all(map(measured, amb.candidates)) and amb.measure is None and amb.unmade is None:
            found.ambiguous[k] = dataclasses.replace(amb, quantity=2 * (amb.quantity or 1))


def resolve_lines(index: CatalogIndex, tokens: list[str], lines: list[Line],
                  prices: set[float] | None = None,
                  dims: frozenset[str] = frozenset(), each: bool = False,
                  packs: dict[int, float] | None = None) -> _Found:
    """Resolve every order line against the catalog (``prices``: the prices the message
    says, which tell several products apart: "2 of the 35 dh one"; ``dims``: the sizes it
    says by two sides, a length or people, each line's own when it says several; ``packs``:
    the counts said after a pack word, by position, each the line's it stands in)."""
    found = _Found()
    found.prices = set(prices or ())
    # each line's product tags, with the items and ambiguities it gave, its count and size
    outcomes: list[tuple[frozenset[str], list[Item], list[Ambiguity], Quantity, str | None]] = []
    after_comma: list[bool] = []        # and whether a comma or colon set it apart
    borrowed: list[bool] = []           # and whether its product words were the line before's
    worded: list[frozenset[str]] = []   # and all its words' tags (a colour, "bio" too)
    right_after: list[bool] = []        # or nothing did ("2 belts one black one brown")
    lines = counts_split(lines, index)
    context: list[str] = []
    before: frozenset[str] = frozenset()
    if not any(line.has_product for line in lines):
        _by_containers_alone(index, lines, found)
    joined = containers_of_a_name(index, joined_by_size(
        index, join_with_words(index, lines, tokens)))
    ahead = _kinds_ahead(joined)
    # one size said is every line's ("two rugs 2x3, a red and a blue"), several each its own
    own_dims = _dims_by_line(index, tokens, joined, dims) if len(dims) > 1 else dict.fromkeys(
        range(len(joined)), dims) if dims else {}
    produced: dict[int, tuple[int, int]] = {}   # each line's first item and ambiguity
    unsold: list[bool] = []             # and whether it named a product not sold
    starts = [line.start for line in joined]
    sized_head = _sized_head_of_colours(joined)
    for k, line in enumerate(joined):
        if not line.has_product:
            continue
        if sized_head is not None and k > sized_head:
            line.designators = list(joined[sized_head].designators)
        end = next((s for s in starts[k + 1:] if s > line.start), len(tokens))
        own_packs = frozenset(n for at, n in (packs or {}).items() if line.start <= at < end)
        produced[k] = (len(found.items), len(found.ambiguous))
        if line.negated and line.set_op and k and _measured_line(line):
            line.negated = False        # "5L olive oil, no make the oil 1L": a correction
        quantity = read_quantity(line.quantity)
        strict, soft = split_tags(line.tags())
        dual = colour_or_product(line.products)
        # ("sabon k7el" where no soap is black and no kohl is sold: the black soap, told it
        # is not sold, not the soaps with "k7el" dropped)
        if (len(families_of(strict)) > 1 and not match(index, strict, soft)
                and not (dual and len(families_of(strict - dual)) == 1
                         and (match(index, strict - dual, soft)
                              or not any(index.postings.get(c) for c in dual)))):
            groups = family_split(line)
        else:
            groups = _named_apart(index, line) or [line.products]
        for n, spans in enumerate(groups):
            counts = (len(found.items), len(found.ambiguous), len(found.unknown))
            _resolve_line(index, tokens, line, spans,
                          quantity if n == 0 or line.each else Quantity(),
                          context, found, before or ahead[k],
                          ahead=not before and bool(ahead[k]), dims=own_dims.get(k),
                          packs=own_packs)
            if ("container", _PAIR) in line.quantity:
                _pairs_of_two(index, found, counts)
            said = frozenset(split_tags(tags_of(spans))[0])
            worded.append(frozenset(tags_of(spans)))
            outcomes.append((said, found.items[counts[0]:], found.ambiguous[counts[1]:],
                             quantity if n == 0 else Quantity(), line.size))
            after_comma.append(line.after_comma and n == 0)
            unsold.append(len(found.unknown) > counts[2])
            borrowed.append(line.borrowed and n == 0)
            right_after.append(n == 0 and not (line.after_comma or line.joined_by_conj))
            # (not a colour's other reading beside a product word: "zitoun k7el" is no kohl
            # the next line is of; "k7el" alone is)
            tags = set(tags_of(spans))
            dual = colour_or_product(spans)
            context = families_of(tags - dual if split_tags(tags - dual)[0] else tags) \
                or context
            before = said or before
            if n == 0 and line.set_op and len(outcomes) > 1 and _measured_line(line):
                _size_corrected(index, found, outcomes[-2][1], outcomes[-1][1],
                                quantity.count is None)
        if line.alternative and k - 1 in produced and not line.negated \
                and not joined[k - 1].negated:
            _one_or_the_other(found, *produced[k - 1],
                              _mention_text(tokens, joined[k - 1].products + line.products),
                              all(read_quantity(x.quantity).count is not None
                                  for x in (joined[k - 1], line)))
    for k in (k for k, line in enumerate(joined) if line.rest and k in produced):
        ends = [at[1] for m, at in produced.items() if m > k] + [len(found.ambiguous)]
        found.ambiguous[produced[k][1]:min(ends)] = [     # "3 thyme honey, 2 of them 1kg":
            dataclasses.replace(a, rest=True)             # the third is asked
            for a in found.ambiguous[produced[k][1]:min(ends)]]
    if sized_head is not None and sized_head in produced:
        head = joined[sized_head]
        _drop_the_head_of_colours(index, found, produced[sized_head],
                                  len(joined) - sized_head - 1,
                                  read_quantity(head.quantity).measure if measured(head)
                                  else None)
    if found.ambiguous and len(outcomes) > 1:
        _told_apart(index, found, outcomes)
    if any(unsold) and len(outcomes) > 2:
        _parts_of_an_unsold_total(found, outcomes, unsold, after_comma, right_after)
    if found.ambiguous and len(outcomes) > 2:
        _drop_announced_totals(index, found, outcomes, after_comma, right_after)
    if found.ambiguous and len(outcomes) > 1:
        _said_again(found, outcomes, after_comma, right_after if each else None, borrowed)
    if found.ambiguous and len(outcomes) > 1:
        _kind_of_its_siblings(index, found, outcomes, worded, borrowed)
    return found


def _kind_of_its_siblings(index: CatalogIndex, found: _Found, outcomes: list,
                          worded: list[frozenset[str]], borrowed: list[bool]) -> None:
    """"1 huile d'olive 25cl, 1 huile d'olive 50cl et 1 huile d'olive 1L" where two oils come
    in 50cl: the same words said for the other sizes named one kind (the Picholine, the only
    one in 25cl and in 1L), so the 50cl is that kind's too (it asked which 50cl oil). Not
    words a line took from the one before ("2 black soaps, the big one"): said once."""
    for k, (_said, items, vague, _quantity, _size) in enumerate(outcomes):
        if len(vague) != 1 or items or vague[0] not in found.ambiguous or vague[0].unmade:
            continue    # (a size none of them comes in, "zit zitoun litre w nos litre", is
        #                 asked about, never that kind's line said again: it was lost)
        # only the very same words: "1 huile d'olive 50cl et 1 huile d'olive bio 50cl" sets
        # the first apart from the bio one
        kinds = {index.by_sku[i.sku].variant for m, (_o, other_items, other_vague, _q, _s)
                 in enumerate(outcomes) if m != k and worded[m] == worded[k] and not borrowed[m]
                 and not other_vague and len(other_items) == 1 for i in other_items}
        picked = [sku for sku in vague[0].candidates if index.by_sku[sku].variant in kinds]
        if len(kinds) == 1 and len(picked) == 1:
            found.ambiguous = [a for a in found.ambiguous if a is not vague[0]]
            found.items.append(Item(picked[0], vague[0].quantity, vague[0].op))


def _named_apart(index: CatalogIndex, line: Line) -> list[list[Span]] | None:
    """"cinnamon ginger and turmeric", "cannelle gingembre": products listed without a comma
    or an "and", which together name nothing the catalog sells while each word alone names
    one (a word saying what it is, or a word a product's name or alias opens with): one
    group of words per product; None otherwise ("black soap" is one product)."""
    spans = line.products
    if len(spans) < 2 or any(a.end != b.start for a, b in zip(spans, spans[1:], strict=False)):
        return None             # one word after the other, nothing between them
    strict, soft = split_tags(line.tags())
    dual = colour_or_product(spans)     # "sabon k7el": the black soap, not soap and kohl
    if match(index, strict, soft) or (dual and match(index, strict - dual, soft)):
        return None
    for span in spans:
        # what the product is: a family word or a word a name opens with, not a kind ("miel
        # thym" where no thyme honey is sold is not honey and oregano)
        if not (is_family(span) or (span.kind == "raw" and span.value in index.openings)):
            return None
        if not match(index, *split_tags(tags_of([span]))):
            return None
    return [[span] for span in spans]


def _one_or_the_other(found: _Found, items_from: int, ambiguous_from: int, text: str,
                      counted: bool) -> None:
    """"2 pots de 500g ou 1 pot de 1kg", "smen wla jben": the items and ambiguities the two
    lines around an "or" gave become one question (which one?), with their count when both
    lines said the same one (``counted``: both said one); one product said both times stays
    one line."""
    items, ambiguous = found.items[items_from:], found.ambiguous[ambiguous_from:]
    if any(i.op != "add" for i in items) or any(a.op != "add" for a in ambiguous):
        return
    skus = list(dict.fromkeys([*(i.sku for i in items),
                               *(s for a in ambiguous for s in a.candidates)]))
    if len(skus) < 2:
        return
    counts = {i.quantity for i in items} | {a.quantity for a in ambiguous}
    del found.items[items_from:], found.ambiguous[ambiguous_from:]
    found.ambiguous.append(Ambiguity(text, counts.pop() if counted and len(counts) == 1
                                     else None, tuple(skus)))


def _dims_by_line(index: CatalogIndex, tokens: list[str], lines: list[Line],
                  dims: frozenset[str]) -> dict[int, frozenset[str]]:
    """The sizes each line says itself when the message says several ("two red rugs, one
    2x3 and one 1x2": the first "one" is the 2x3, the second the 1x2; read for the whole
    message, both lines asked which rug): a line runs from its first word to the next
    line's, the first one from the message's start."""
    starts = sorted({line.start for line in lines if line.start >= 0})
    out: dict[int, frozenset[str]] = {}
    for k, line in enumerate(lines):
        if line.start < 0:
            continue
        at = starts.index(line.start)
        begin = 0 if at == 0 else line.start
        end = starts[at + 1] if at + 1 < len(starts) else len(tokens)
        said = dimensions(tokens[begin:end], index.areas) & dims
        if not said:                    # "… w wa7ed 60": a side of "60x60", said alone
            figures = {t for t in tokens[begin:end] if t.isdigit() and int(t) >= BARE_SIZE_MIN}
            said = frozenset(d for d in dims if d.split()[0].split("x")[0] in figures)
        if said:
            out[k] = said
    return out


def _measured_line(line: Line) -> bool:
    return any(t[0] == "unit" for t in line.quantity)


def _size_corrected(index: CatalogIndex, found: _Found, before: list[Item], now: list[Item],
                    uncounted: bool) -> None:
    """"5L olive oil, actually make it 1L", "2 olive oil 5L, no make the oil 1L": a size set
    after a line of another size of the same product replaces that line (both were ordered,
    and the 1 L was six: 1 L + 5 L). The count said before stays, unless one is said again."""
    if len(before) != 1 or len(now) != 1 or before[0].sku == now[0].sku:
        return
    by_sku = index.by_sku
    old, new = before[0], now[0]
    if old.sku not in by_sku or new.sku not in by_sku \
            or by_sku[old.sku].variant != by_sku[new.sku].variant or old.op != "add":
        return
    kept = dataclasses.replace(new, op="add",
                               quantity=old.quantity if uncounted else new.quantity)
    found.items = [kept if item is new else item for item in found.items if item is not old]
    found.set_quantity = any(item.op == "set" for item in found.items) or any(
        a.op == "set" for a in found.ambiguous)


def _kinds_ahead(lines: list[Line]) -> list[frozenset[str]]:
    """For each line of colours only (or other soft words) that a list of such lines joins to
    a product named after them ("green, black and purple olives"), that product's words: each
    colour is of it, as "2 green olives and 1 black" is after it."""
    out: list[frozenset[str]] = [frozenset()] * len(lines)
    following: frozenset[str] = frozenset()
    for k in range(len(lines) - 1, -1, -1):
        strict, soft = split_tags(lines[k].tags())
        if strict:
            following = frozenset(strict) if lines[k].has_product else frozenset()
        elif soft and following and k + 1 < len(lines) and (
                lines[k + 1].joined_by_conj or lines[k + 1].after_comma):
            out[k] = following
        else:
            following = frozenset()
    return out


def _said_again(found: _Found, outcomes: list, after_comma: list[bool],
                right_after: list[bool] | None = None,
                borrowed: list[bool] | None = None) -> None:
    """"would love to take some honey home. Could we get 2 jars of the thyme honey?": a
    product named without a count, then named again later in the message with more words
    and a count, is that one line (it was a "which honey?" on top of the two thyme honeys).
    So is one named with its count, then again in a sentence of its own without one, which
    says which ("a teapot and 6 tea glasses. The big teapot please.": one big teapot, not a
    "which teapot?" beside it). Not the next line joined by "and" in a message with "each"
    (``right_after`` given): "sabon beldi w sabon calyptus kol wa7ed 250" is two soaps.
    "a black soap, the big one": one counted, then "one" after a comma that names which
    (a line of no words of its own, ``borrowed``) is that one said again, not a second soap
    (the two kinds of black soap made two big ones)."""
    for k, (said, items, vague, quantity, _s) in enumerate(outcomes):
        if len(vague) != 1 or items or vague[0].op != "add":
            continue
        candidates = set(vague[0].candidates)
        if quantity.count is None and any(
                said < later and any(i.sku in candidates and i.quantity and i.op == "add"
                                     for i in later_items)
                and not (right_after is not None and m == k + 1 and not after_comma[m]
                         and not right_after[m])
                for m, (later, later_items, _v, _q, _s2) in enumerate(outcomes[k + 1:], k + 1)):
            found.ambiguous = [a for a in found.ambiguous if a is not vague[0]]
            continue
        if quantity.count in (None, 1) and k + 1 < len(outcomes) and after_comma[k + 1] \
                and borrowed is not None and borrowed[k + 1] \
                and outcomes[k + 1][3].count in (None, 1) and not outcomes[k + 1][2] \
                and [i.sku in candidates and i.op == "add" for i in outcomes[k + 1][1]] == [True]:
            at = next(n for n, item in enumerate(found.items) if item is outcomes[k + 1][1][0])
            found.items[at] = dataclasses.replace(
                found.items[at], quantity=None if quantity.count is None else int(quantity.count))
            found.ambiguous = [a for a in found.ambiguous if a is not vague[0]]
            continue
        if quantity.count is None and k + 1 < len(outcomes) and after_comma[k + 1] \
                and _narrows(outcomes[k + 1], candidates):
            # "kseksou dyal l9am7, rqiq, 5 kilo": the part after the comma says which
            found.ambiguous = [a for a in found.ambiguous if a is not vague[0]]
            continue
        for m in range(k + 1, len(outcomes)):
            later, later_items, later_vague, _q, _s2 = outcomes[m]
            if (after_comma[m] and said <= later and not later_vague and len(later_items) == 1
                    and later_items[0].sku in candidates and later_items[0].quantity is None
                    and later_items[0].op == "add"):
                at = next(n for n, item in enumerate(found.items) if item is later_items[0])
                found.items[at] = dataclasses.replace(later_items[0],
                                                      quantity=vague[0].quantity)
                found.ambiguous = [a for a in found.ambiguous if a is not vague[0]]
                break


def _narrows(outcome, candidates: set[str]) -> bool:
    """Does a line name no kind of product, only which one ("rqiq", "lkbir", "dyal 5 kilo"),
    and only products among ``candidates``: the line before, said again more precisely?"""
    said, items, vague, _quantity, _size = outcome
    named = {i.sku for i in items if i.op == "add"} | {
        sku for a in vague if a.op == "add" for sku in a.candidates}
    return (bool(said) and not families_of(said) and bool(named) and named <= candidates
            and len(named) < len(candidates) and len(items) + len(vague) == 1)


MAX_EACH = 6        # "one of each" of more options than this is still asked


def each_of_vague(index: CatalogIndex, found: _Found) -> None:
    """"un de chaque amlou", "bghit jouj amlou, wa7ed mn kol wa7ed", "both argan oils, one of
    each": one vague mention (said once, or again for its count) with a count "of each" is
    that count of every option it names — of every size when the options are sizes of one
    kind (amlou 250 g and 500 g), else of each kind, its size still asked. Not when the
    mention says a measure no option makes ("… 250g chacun", no 250 g)."""
    _drop_total_of_parts(found)
    vague = found.ambiguous
    options = vague[0].candidates
    if (found.removed or any(a.op != "add" or a.candidates != options for a in vague)
            or len(options) > MAX_EACH or any(a.unmade for a in vague)):
        return      # "3sel zaatar 250g chacun", no 250 g: the measure is each one's, and
    #                 no option makes it (a jar of every size went in): said so and asked
    kinds = {index.by_sku[sku].variant for sku in options}
    others = [i for i in found.items
              if index.by_sku[i.sku].variant not in kinds or i.sku in options]
    if others and all(a.quantity is None for a in vague):
        _size_of_each(index, found, others)
        return
    if any(sum(e.variant == index.by_sku[i.sku].variant for e in index.products) > 1
           for i in others):
        # "2 thyme and 1 eucalyptus, both 500g": "both" is of the two lines, each with its
        # own count, the size said once for both and picking one of the other's sizes (two
        # jars of every thyme size went in)
        _size_of_each(index, found, others, own_counts=True)
        return
    count = vague[-1].quantity or 1         # the count said with "each" ("…, wa7ed mn kol")
    named = {i.sku for i in found.items}    # "sabon beldi w sabon calyptus kol wa7ed 2": the
    groups: dict[int, list[str]] = {}       # eucalyptus one is the other line's, not another
    for sku in options:
        if sku not in named:
            groups.setdefault(index.by_sku[sku].variant, []).append(sku)
    left = tuple(sku for skus in groups.values() for sku in skus)
    if not left:
        return
    if len(left) < len(options):            # "each" is of the two lines: this one's size
        found.ambiguous = [] if len(left) == 1 else [Ambiguity(vague[0].text, count, left)]
        if len(left) == 1:
            found.items.append(Item(left[0], count))
        return
    options = left
    if len(groups) == 1:
        found.items.extend(Item(sku, count) for sku in options)
        found.ambiguous = []
        return
    found.ambiguous = []
    for skus in groups.values():
        if len(skus) == 1:
            found.items.append(Item(skus[0], count))
        else:
            found.ambiguous.append(Ambiguity(vague[0].text, count, tuple(skus)))


def _drop_total_of_parts(found: _Found) -> None:
    """"three jars of honey: 2 thyme and 1 orange blossom, all 500g": a vague count of a kind
    that the other lines, all of that kind (one of them still asked), add up to announced
    them and is no line of its own (it kept "which honey?" and its options beside the
    thyme's, so the "all 500g" went to the orange blossom only)."""
    if len(found.ambiguous) < 2:
        return
    for total in found.ambiguous:
        parts = [(a.candidates, a.quantity, a.op) for a in found.ambiguous if a is not total] \
            + [((i.sku,), i.quantity, i.op) for i in found.items]
        if (total.op == "add" and total.quantity and len(parts) >= 2
                and all(q and op == "add" and set(c) <= set(total.candidates)
                        for c, q, op in parts)
                and sum(q or 0 for _c, q, _op in parts) == total.quantity):
            found.ambiguous = [a for a in found.ambiguous if a is not total]
            return


def _size_of_each(index: CatalogIndex, found: _Found, others: list[Item],
                  own_counts: bool = False) -> None:
    """"zit argan dyal lmakla w dyal cheveux kol wa7da 250": "each" is both products, the
    size read on the last one only (not every size of the first: three bottles). A vague
    mention left takes that size when it comes in it, with the same count (``own_counts``:
    with the count it was said with)."""
    measures = {index.by_sku[i.sku].measure for i in others}
    counts = {i.quantity for i in others}
    if len(measures) != 1 or None in measures or (len(counts) != 1 and not own_counts):
        return
    measure, count = measures.pop(), counts.pop()
    named = {i.sku for i in others}
    kept = []
    for vague in found.ambiguous:
        same = [s for s in vague.candidates
                if index.by_sku[s].measure == measure and s not in named]
        if len(same) == 1 and vague.op == "add":
            found.items.append(Item(same[0], vague.quantity if own_counts else count))
        else:
            kept.append(vague)
    found.ambiguous = kept


def by_dimensions_said(index: CatalogIndex, dims: frozenset[str], items: list[Item],
                   ambiguous: list[Ambiguity]) -> tuple[list[Item], list[Ambiguity]]:
    """"a tagine 30 cm", "tajines pour 6 personnes": the sizes a length or a number of
    people says pick the products whose names say them, among the ones asked about (listed
    without counts) and among a mention's candidates."""
    if len(items) > 1 and all(i.quantity is None for i in items):
        kept = set(by_dimensions(index, [i.sku for i in items], dims))
        # a product whose name says no size of this kind is another line said beside it
        # ("tanjia w tajine 26cm": the tanjia was dropped)
        items = [i for i in items if i.sku in kept or i.sku not in index.sized]
    narrowed: list[Ambiguity] = []
    for amb in ambiguous:
        picked = by_dimensions(index, amb.candidates, dims)
        if len(picked) == 1:
            items = items + [Item(picked[0], amb.quantity, amb.op)]
        else:
            narrowed.append(dataclasses.replace(amb, candidates=tuple(picked)))
    return items, narrowed


def _drop_announced_totals(index: CatalogIndex, found: _Found, outcomes: list,
                           after_comma: list[bool], right_after: list[bool]) -> None:
    """"4 soaps: 2 honey, 2 olive", "3 sabounat, 2 dyal l3sel w wa7ed dyal zitoun": a count
    of a kind, then after a comma or colon lines of products of that kind adding up to it,
    announces the lines; it is no line of its own (it was a "which soap?" on top of them). So
    does the kind said without a count ("je veux des couvertures: 2 grises et 1 marron"). With
    no comma, the parts must add up to the count said and follow it with no "and" between
    ("2 belts one black one brown"; "2 soaps and 1 honey and 1 olive" are more soaps). A
    part is of the kind counted when it is one of its candidates, or a product whose name
    says every word the count was said with ("2 ras el hanout: wa7ed pot 250 w wa7ed
    recharge": the refill is ras el hanout too, though the pots alone were asked between)."""
    for k, (said, items, vague, _q, _s) in enumerate(outcomes):
        if len(vague) != 1 or items:
            continue                      # the total is one "which one?" and nothing else
        total, parts = vague[0], list[Item]()
        candidates = set(total.candidates) | ({
            info.sku for info in index.products if said <= info.tags} if said else set())
        unsold = 0          # "3 olive oil: 1L, 2L and 50cl": a size not sold is a part too
        for m in range(k + 1, len(outcomes)):
            _t, p_items, p_vague, _q2, _s2 = outcomes[m]
            if (len(parts) >= 2 and not p_items and len(p_vague) == 1 and p_vague[0].unmade
                    and p_vague[0].op == "add" and not p_vague[0].quantity
                    and set(p_vague[0].candidates) <= candidates):
                unsold += 1
                continue
            if p_vague or len(p_items) != 1 or p_items[0].sku not in candidates or unsold:
                break               # "…, 1 black 1 brown 1 pochette": the parts end there
            parts.append(p_items[0])
        added = sum(i.quantity or 0 for i in parts) + unsold
        if (len(parts) >= 2 and total.op == "add"
                and all(i.quantity and i.sku in candidates and i.op == "add" for i in parts)
                and ((after_comma[k + 1] and total.quantity in (None, added))
                     or (right_after[k + 1] and total.quantity == added))):
            found.ambiguous = [a for a in found.ambiguous if a is not total]


def _parts_of_an_unsold_total(found: _Found, outcomes: list, unsold: list[bool],
                              after_comma: list[bool], right_after: list[bool]) -> None:
    """"bghit jouj smida d kilo wa7da rqiqa w wa7da ghlida", "2 kilo smida, kilo rqiqa w kilo
    ghlida" where no semolina is sold: a count (or a weight) of a product the sheet lacks,
    then lines adding up to it that name no product of their own (only which one: "fine",
    "coarse", a flavour), announces the kinds of that product; they are not the sheet's fine
    and coarse couscous (they were packed), nor "2 jars of honey, one thyme one euphorbia"
    the thyme herb of a sheet selling no honey."""
    for k, (_said, _items, _vague, quantity, _size) in enumerate(outcomes):
        if not unsold[k] or k + 1 >= len(outcomes) or not (after_comma[k + 1]
                                                          or right_after[k + 1]):
            continue
        by_count = quantity.count is not None and quantity.count > 1
        total = quantity.count if by_count else quantity.measure
        if not total:
            continue
        parts: list[Item | Ambiguity] = []
        added = 0
        lines = 0
        for m, (said, items, vague, part, _s) in enumerate(outcomes[k + 1:], k + 1):
            amount = part.count if by_count else (
                part.measure if part.count in (None, 1) else None)
            if families_of(said) or len(items) + len(vague) != (0 if unsold[m] else 1) \
                    or not amount or added >= total:
                break       # (a kind not sold either is a part: "one thyme one euphorbia")
            parts.extend(items + vague)
            added += amount
            lines += 1
        if lines >= 2 and parts and added == total and all(p.op == "add" for p in parts):
            found.items = [i for i in found.items if not any(i is p for p in parts)]
            found.ambiguous = [a for a in found.ambiguous if not any(a is p for p in parts)]
            return


def _told_apart(index: CatalogIndex, found: _Found, outcomes: list) -> None:
    """"2 sanouj w 1 zit sanouj": a mention that matched several products is not one that
    another line of the message named by a word this one does not say (the oil is "zit
    sanouj": "sanouj" there is the seeds). Only the product's own head word tells them apart:
    "2 huile d'olive 1L et 1 huile 5L" says the oil again (its head), so stays the olive oil."""
    products = index.products
    by_sku = {info.sku: i for i, info in enumerate(products)}
    replaced: dict[int, list[Item] | Ambiguity] = {}
    for n, (said, _items, vague, quantity, size) in enumerate(outcomes):
        apart = {products[by_sku[item.sku]].variant
                 for m, (other, items, _v, _q, _s) in enumerate(outcomes) if m != n
                 for item in items if item.sku in by_sku
                 and (head := products[by_sku[item.sku]].head) in other and head not in said}
        for ambiguity in vague:
            if not apart or ambiguity.op != "add":
                continue
            left = [by_sku[s] for s in ambiguity.candidates
                    if s in by_sku and products[by_sku[s]].variant not in apart]
            if not left or len(left) == len(ambiguity.candidates):
                continue
            choice = choose(index, left, quantity, size)
            replaced[id(ambiguity)] = (
                [Item(products[i].sku, q, "add") for i, q in choice.lines] if choice.lines
                else dataclasses.replace(ambiguity, candidates=tuple(
                    products[i].sku for i in choice.candidates or left)))
    if not replaced:
        return
    ambiguous = []
    for n, (_said, _items, vague, _q, _s) in enumerate(outcomes):
        for ambiguity in vague:
            new = replaced.get(id(ambiguity), ambiguity)
            if not isinstance(new, list):
                continue
            later = {id(item) for _t, items, _v, _q2, _s2 in outcomes[n + 1:] for item in items}
            at = next((k for k, item in enumerate(found.items) if id(item) in later),
                      len(found.items))
            found.items[at:at] = new        # in the message's order: "2 sanouj" first
    for ambiguity in found.ambiguous:
        new = replaced.get(id(ambiguity), ambiguity)
        if not isinstance(new, list):
            ambiguous.append(new)
    found.ambiguous = ambiguous


def merge_items(items: list[Item]) -> list[Item]:
    """Add up repeated lines of the same sku and operation (a mention without a quantity
    names the same line again)."""
    merged: dict[tuple[str, str], Item] = {}
    for item in items:
        key = (item.sku, item.op)
        if key in merged:
            old = merged[key]
            if old.quantity is None or item.quantity is None:
                qty = old.quantity if item.quantity is None else item.quantity
            else:                       # "2 amlou … only the amlou": the same line, still 2
                qty = old.quantity + item.quantity
            merged[key] = Item(item.sku, qty, item.op)
        else:
            merged[key] = item
    return list(merged.values())


