"""Resolving a mention: the products its tags match (:func:`match`, :func:`suggest`), then
the variant its quantity or size picks (:func:`choose`), or the sizes a length or a number
of people says (:func:`by_dimensions`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .. import textnorm as norm
from ..lexicon import LEXICON
from ..numbers import AREA, BARE_SIZE_MIN, DIMENSIONS, KILO, MEASURE_COUNT_MAX, Quantity
from .build import is_family
from .index import CatalogIndex, ProductInfo


def dimension_size(info: ProductInfo) -> float | None:
    """How big a piece is by the length or the number of people its name says ("Tajine 30
    cm (4 pers)": 30), else by the area of its two sides ("Tapis rouge 2x3m": 6), to rank
    pieces that have no measure for "small" and "big"."""
    for kind in DIMENSIONS:
        values = [float(d.split()[0]) for d in info.dims if d.split()[1] == kind]
        if len(values) == 1:
            return values[0]
    areas = [d.split()[0].split("x") for d in info.dims if d.split()[1] == AREA]
    if len(areas) == 1 and len(areas[0]) == 2:
        return float(areas[0][0]) * float(areas[0][1])
    return None


def by_dimensions(index: CatalogIndex, candidates: Iterable[str],
                  dims: Iterable[str]) -> list[str]:
    """The candidates whose names say one of the sizes ``dims`` ("the 30cm one": the tagine
    of 30 cm), or all of them when none does."""
    said = frozenset(dims)
    info = {p.sku: p for p in index.products}
    candidates = list(candidates)
    named = [s for s in candidates if s in info and info[s].dims & said]
    return named or candidates


def _by_dimension_size(products: list[ProductInfo], members: list[int],
                       size_word: str) -> list[int]:
    """The smallest, middle or biggest of pieces by the size their names say in cm or
    people ("2 small cooking tagines": the 25 cm one), or all of them when some name says
    none or two say the same."""
    sizes = [dimension_size(products[i]) for i in members]
    if len(members) < 2 or None in sizes or len(set(sizes)) < len(sizes):
        return members
    ranked = [i for _size, i in sorted(zip(sizes, members, strict=True))]
    if size_word == "medium":
        return [ranked[len(ranked) // 2]] if len(ranked) % 2 else members
    return [ranked[0] if size_word == "small" else ranked[-1]]



def _kinds_by_their_size(products: list[ProductInfo], candidates: list[int],
                         size_word: str) -> list[int]:
    """"a black soap, the big one" to "Savon noir eucalyptus 250g" and "Savon noir nature
    500g": kinds of one product (one head), each sold in one size, all weighed (or all
    measured by volume) and no two of one size, are ranked by those sizes as the sizes of one
    product are: the smallest or the biggest of them (it asked which, and asked again)."""
    if size_word not in ("small", "big") or len(candidates) < 2:
        return candidates
    infos = [products[i] for i in candidates]
    measures = [info.measure for info in infos]
    if (len({info.variant for info in infos}) < len(infos) or None in measures
            or len(set(measures)) < len(measures) or len({info.head for info in infos}) != 1
            or len({info.volume for info in infos}) != 1):
        return candidates
    ranked = sorted(candidates, key=lambda i: products[i].measure or 0)
    return [ranked[0] if size_word == "small" else ranked[-1]]


def split_tags(tags: Iterable[str]) -> tuple[set[str], set[str]]:
    """``(strict, soft)`` tags of a mention."""
    strict, soft = set(), set()
    for tag in tags:
        if not tag.startswith("~") and LEXICON.concepts[tag].role == "soft":
            soft.add(tag)
        else:
            strict.add(tag)
    for concept, needs in LEXICON.implied.items():
        if needs <= strict | soft:
            strict.add(concept)         # "sabon beldi": the black soap, not any soap
    return strict, soft


def match(index: CatalogIndex, strict: set[str], soft: set[str],
          words: frozenset[str] = frozenset()) -> list[int]:
    """Products carrying every strict tag; the customer's own words (``words``, spelling
    keys), then head and soft tags break ties: "belboula" is read as barley, but among the
    barley products it names the one whose name or alias says "belboula", not "Tchicha
    d'orge"."""
    if not strict:
        return []
    postings = []
    for tag in strict:
        ids = index.postings.get(tag)
        if not ids:
            return []
        postings.append(ids)
    postings.sort(key=len)
    found = set(postings[0]).intersection(*postings[1:])
    if not found:
        return []
    products = index.products
    if words and len(found) > 1:
        literal = {i for i in found if products[i].words & words}
        if literal:
            found = literal
    headed = {i for i in found if products[i].head in strict}
    if headed and not _shared_quality(products, strict, words, headed, found - headed):
        found = headed
    if soft:
        softened = {i for i in found if soft & products[i].tags}
        if softened:
            found = softened
    return sorted(found)


def carrying(index: CatalogIndex, strict: set[str]) -> set[int]:
    """Every product carrying all the strict tags, however they rank."""
    postings = [index.postings.get(tag) or frozenset() for tag in strict]
    if not postings:
        return set()
    return set(postings[0]).intersection(*postings[1:])


def _shared_quality(products: list[ProductInfo], strict: set[str], words: frozenset[str],
                    headed: set[int], others: set[int]) -> bool:
    """"bghit nigelle" with "Graines de nigelle" and "Huile de nigelle": a word of both names
    said alone, a quality (no family) that heads one product only, named by a word of its
    own (seeds of it), and qualifies others of a family (an oil of it), names all of them:
    "which one?". A product named by the quality itself is it ("azir": "Romarin (azir)", not
    "Huile essentielle de romarin"); "olives" with several olive products names those (a
    question among them); a word of neither name reads its concept ("sanouj": the seeds)."""
    return (bool(others) and len({products[i].variant for i in headed}) == 1
            and all(products[i].words & words for i in headed | others)
            and all(products[i].opens_own_word for i in headed)
            and not any(is_family(tag) for tag in strict)
            and all(is_family(products[i].head) or products[i].opens_own_word
                    for i in others))


def by_own_alias(index: CatalogIndex, candidates: list[int], said: list[str]) -> list[int]:
    """The product the cooperative calls by exactly the words said, when it calls each of the
    others by those words and words of its own (:func:`_qualified_by`): "kharroub" is the
    powder's alias, "kharroub 7ab" the pods', "9ahwa dyal kharroub" the coffee's. Else
    ``candidates`` as they are: a kind the lexicon knows keeps the question ("msemen" and
    "msemen m3amer", "sanouj" and "zit sanouj"), as does a product with no alias ("sabon
    beldi" and a "Savon beldi eucalyptus")."""
    if len(candidates) < 2 or not said:
        return candidates
    variants = [set(norm.key_variants(t)) for t in said]

    def covers(alias: tuple[str, ...], start: int) -> bool:
        return all(variants[k] & set(norm.key_variants(alias[start + k]))
                   for k in range(len(variants)))

    products = index.products
    exact = [i for i in candidates
             if any(len(a) == len(said) and covers(a, 0) for a in products[i].aliases)]
    if not exact or len({products[i].variant for i in exact}) != 1:
        return candidates
    others = [i for i in candidates if i not in exact]
    if all(any(_qualified_by(a, len(said), covers) for a in products[i].aliases)
           for i in others):
        return exact
    return candidates


def _qualified_by(alias: tuple[str, ...], said: int, covers: Callable[..., bool]) -> bool:
    """Does ``alias`` hold the ``said`` words with words of the cooperative's own around
    them, none a kind the lexicon knows ("kharroub 7ab", "9ahwa dyal kharroub", "ras el hanout
    refill": a form, a thing made of it, a packaging)? Not "zit sanouj" (an oil), "msemen
    m3amer" (stuffed), "amlou kawkaw" (peanut): kinds a customer says when one is meant, so
    the bare word still asks which."""
    extra = len(alias) - said
    starts = [s for s in range(extra + 1) if covers(alias, s)] if extra > 0 else []
    if not starts:
        return False
    own = [w for k, w in enumerate(alias) if not starts[0] <= k < starts[0] + said]
    return not any(key in LEXICON.concept_forms
                   and not LEXICON.concepts[LEXICON.concept_forms[key]].aside
                   for word in own for key in norm.key_variants(word))


def suggest(index: CatalogIndex, strict: set[str], limit: int = 3) -> list[str]:
    """Up to ``limit`` skus close to a mention the catalog does not carry.

    Products sharing the mention's family (other oils for "zit lhendiya"), else its
    concept group; one per variant group, in-stock first.
    """
    families = {t for t in strict if not t.startswith("~") and LEXICON.concepts[t].role == "family"}
    pool: set[int] = set()
    for family in families:
        pool |= index.postings.get(family, frozenset())
    if not pool:
        groups = {LEXICON.concepts[t].group for t in strict if not t.startswith("~")}
        groups.discard("")
        for tag, ids in index.postings.items():
            if not tag.startswith("~") and LEXICON.concepts[tag].group in groups:
                pool |= ids
    # rank: most shared tags first, then catalog order
    ranked = sorted(pool, key=lambda i: (not index.products[i].in_stock,
                                         -len(strict & index.products[i].tags), i))
    seen_variants, result = set(), []
    for i in ranked:
        info = index.products[i]
        if info.variant in seen_variants:
            continue
        seen_variants.add(info.variant)
        result.append(info.sku)
        if len(result) == limit:
            break
    return result


@dataclass
class Choice:
    """Outcome of picking variants for one mention."""

    lines: list[tuple[int, int | None]]  # (product id, quantity) when resolved
    candidates: list[int]                 # when ambiguous
    quantity: int | None = None
    unmade: int | None = None   # the measure said, when no count of the sizes makes it
    measure: int | None = None  # the measure said, which a count of each candidate's size
    #                             makes ("kilo 3sel": the 1 kg jar, or two of a 500 g one)


def _as_count(value: float | None) -> int | None:
    if value is None:
        return None
    if value <= 0:
        return 0
    return int(value) if float(value).is_integer() else None


def _decompose(measure: int, sizes: list[tuple[int, int]]) -> list[tuple[int, int]] | None:
    """Greedy split of a measure into the group's sizes, largest first, or None."""
    remaining, lines = measure, []
    for product_id, size in sorted(sizes, key=lambda s: -s[1]):
        if size <= 0:
            continue
        n = remaining // size
        if n:
            lines.append((product_id, n))
            remaining -= n * size
    return lines if remaining == 0 and lines else None


def _one_size(measure: int, sizes: list[tuple[int, int, float | None]]
              ) -> list[tuple[int, int]] | None:
    """A whole number of units several sizes would make up ("3 litres" of 0.5, 1, 2 and 5 L)
    as that many of the one-unit size (three of the 1 L, as said); None when there is no
    such size or the measure is no whole number of it. ``sizes``: (product, measure, size
    figure)."""
    unit = [(i, size) for i, size, figure in sizes
            if figure == 1 and size > 0 and measure % size == 0]
    return [(unit[0][0], measure // unit[0][1])] if len(unit) == 1 else None


def _varieties(products: list[ProductInfo], groups: dict[int, list[int]]) -> bool:
    """Are the product kinds (variants) varieties of one product: one head ("Miel de thym",
    "Miel d'euphorbe": honey), told apart by what they are (the lexicon's concepts), not
    only by the catalog's own words ("Cumin moulu pot", "Cumin recharge": one cumin, two
    packings)? Products of heads of their own ("Farine complète", "Farine d'orge": a
    wholegrain and a barley flour) are no varieties a size leaves open, nor are they when
    the head word alone is an alias of one kind ("smen" of the cow smen beside a "goat
    smen": "smen 500g" is the cow smen's jar)."""
    firsts = [products[members[0]] for members in groups.values()]
    heads = {info.head for info in firsts}
    return len(heads) == 1 and len(
        {frozenset(t for t in info.tags if not t.startswith("~")) for info in firsts}) > 1 \
        and sum((info.head,) in info.aliases for info in firsts) != 1


#: The size word a rank by price is among the sizes of one product: its cheapest row is its
#: smallest, its dearest its biggest ("prices" in intents/units.yml).
PRICE_RANKS = {"cheap": "small", "dear": "big"}


def _unit_price(info: ProductInfo) -> float:
    """What a product costs by the kilo or litre (by the piece when it has no measure)."""
    price = info.price or 0.0
    return price * 1_000_000 / info.measure if info.measure else price


def by_price(products: list[ProductInfo], candidates: list[int], rank: str,
             measured: bool = False) -> tuple[list[int], str | None]:
    """"2 kilo mejhoul w kilo mn rkhis", "1kg of the cheaper dates", "le plus cher": a word
    that ranks by price picks, among kinds of a product (Mejhoul and Boufeggous dates), the
    kind cheapest (dearest) by the kilo or litre, in stock first — its sizes are left to
    the quantity said (it took the small jar of the kind named before: a wrong parcel).
    With no amount said (``measured``), a kind cheapest by the kilo whose rows are not the
    cheapest by their own price (a 100 g pot at 20 DH beside a 500 g refill at 70 DH) is no
    answer alone: both are left to ask which. Among the sizes of one kind only, it is their
    smaller (bigger) one, the size word returned."""
    groups: dict[int, list[int]] = {}
    for i in candidates:
        groups.setdefault(products[i].variant, []).append(i)
    if len(groups) < 2 or any(products[i].price is None for i in candidates):
        return candidates, PRICE_RANKS[rank]
    stocked = [[i for i in m if products[i].in_stock] for m in groups.values()]
    stocked = [m for m in stocked if m] or list(groups.values())
    pick = min if rank == "cheap" else max
    by_unit = [(pick(_unit_price(products[i]) for i in m), m) for m in stocked]
    best = pick(p for p, _m in by_unit)
    chosen = sorted(i for p, m in by_unit if p == best for i in m)
    if measured:
        return chosen, None
    rows = [i for m in stocked for i in m]
    dearest = pick(products[i].price or 0.0 for i in rows)
    tagged = [i for i in rows if products[i].price == dearest]
    if any(products[i].variant != products[chosen[0]].variant for i in tagged):
        return sorted(set(chosen) | set(tagged)), None   # by the kilo or by the tag?
    return chosen, None


def choose(index: CatalogIndex, candidates: list[int], quantity: Quantity,
           size_word: str | None) -> Choice:
    """Pick the variant(s) and quantities for a matched mention."""
    products = index.products
    if size_word in PRICE_RANKS:
        candidates, size_word = by_price(products, candidates, size_word,
                                         quantity.measure is not None)
    if (quantity.measure is None and quantity.count is not None and 0 < quantity.count < 1
            and LEXICON.bare_fraction_measure and any(products[i].measure for i in candidates)):
        # "nss 3sel zaatar", "عطيني النص": half a kilo, not half a jar
        quantity = Quantity(measure=round(quantity.count * LEXICON.bare_fraction_measure),
                            extra=quantity.extra)
    count = _as_count(quantity.count)
    if count == 0:
        return Choice([], [])
    worded = [i for i in candidates if products[i].size_word == size_word] if size_word else []
    if worded and len(worded) < len(candidates):
        candidates = worded     # "semoule moyenne": the names that say it, a grade, not a rank
    elif size_word:
        picked = []
        groups: dict[int, list[int]] = {}
        for i in candidates:
            groups.setdefault(products[i].variant, []).append(i)
        # "amlou sghir" beside amlou in 250 g and 500 g and an amlou with honey in 500 g only:
        # the small amlou, never the one kind sold in one size (it took that one, and
        # "amlou kbir w sghir" became one jar of it)
        ranked = any(sum(bool(products[i].measure) for i in members) > 1
                     for members in groups.values())
        for members in groups.values():
            sized = [i for i in members if products[i].measure]
            worded = [i for i in members if products[i].size_word == size_word]
            if ranked and len(members) == 1 and len(sized) == 1 and not worded:
                continue
            if len(sized) > 1:
                sized.sort(key=lambda i: products[i].measure or 0)    # all set here
                if size_word != "medium":
                    picked.append(sized[0] if size_word == "small" else sized[-1])
                elif len(sized) % 2:                # the middle one of three sizes
                    picked.append(sized[len(sized) // 2])
                else:
                    picked.extend(sized)            # no middle one: which of them?
            elif worded:
                picked.extend(worded)   # pieces whose names say it ("Panier osier grand")
            else:
                picked.extend(_by_dimension_size(products, members, size_word))
        candidates = _kinds_by_their_size(products, sorted(picked), size_word)

    measure = quantity.measure
    sized = [i for i in candidates if products[i].measure]
    if not measure and sized:
        # "amlou 250", "jouj bocal amlou 250": a bare figure that is one of the sizes
        figure = quantity.extra if quantity.extra is not None else (
            quantity.count if count is not None and count >= 20 else None)
        same = [i for i in sized if figure is not None and products[i].size_value == figure]
        by_first = [i for i in sized if quantity.count is not None and quantity.extra is not None
                    and products[i].size_value == quantity.count]
        if (not same and by_first and quantity.extra is not None and quantity.extra < BARE_SIZE_MIN
                and quantity.count is not None and quantity.count > quantity.extra >= 1
                and float(quantity.extra).is_integer()):
            # "zit hendia 15 jouj": the 15 ml (a size too small to be read as one), two of it
            # (it asked which oil, fifteen of it); not "… 1 …, 2" (one, and a count: not the
            # 1 kg jar)
            candidates, count = by_first, int(quantity.extra)
        elif same:
            candidates = same
            if figure == quantity.count:
                count = 1
        elif (figure is not None and figure == quantity.extra and count == 1 and quantity.boxed
              and float(figure).is_integer() and 1 < figure < BARE_SIZE_MIN):
            count = int(figure)     # "zit l3oud bidon jouj": two cans, no size of two
    if measure and len(sized) > 1 and quantity.part is not None and any(
            products[i].size_value == quantity.part for i in sized):
        return Choice([], sized, None)  # "1 kilo 500 amlou": 1.5 kg, or a kilo of the 500 g?
    if measure and sized:
        exact = [i for i in sized if products[i].measure == measure]
        n = count if count is not None else 1
        groups = {}
        for i in sized:
            groups.setdefault(products[i].variant, []).append(i)
        splits = [_decompose(measure, [(i, products[i].measure or 0) for i in members])
                  for members in groups.values()]
        if len(exact) == 1 and (count is not None or not _varieties(products, groups) or not all(
                split and len(split) == 1 for split in splits)):
            # ("kilo 3sel" of three honeys, one in a 1 kg jar: a weight each one makes, asked
            # which below; "1 huile 5L": one of the 5 L, a count of that size; "500g of
            # cumin" in pots and a 500 g refill: the refill, one cumin in two packings)
            return Choice([(exact[0], n)], [])
        if exact and len(exact) > 1:
            return Choice([], exact, n)
        if any(split and sum(q for _i, q in split) * n > MEASURE_COUNT_MAX for split in splits) \
                and not (measure % KILO == 0 and any(products[i].measure == KILO for i in sized)):
            # "3 kilos of saffron" sold by the gram: 600 boxes is no order anyone means (a
            # product sold by the kilo counted in kilos is that many, however many)
            return Choice([], sized, None, measure * n)
        if len(groups) == 1 and (first := splits[0]):
            if len(first) > 1:                  # "3 litres": three of the 1 L, not 2 L + 1 L
                first = _one_size(measure, [(i, products[i].measure or 0,
                                             products[i].size_value) for i in sized]) or first
            return Choice([(i, q * n) for i, q in first], [])
        if all(split and len(split) == 1 for split in splits):
            # "2 kilo l3sel": the 1 kg jar of each honey, two of them
            picked = sorted(split[0][0] for split in splits if split)
            quantities = {split[0][1] * n for split in splits if split}
            if len(quantities) == 1:
                return Choice([], picked, quantities.pop())
            return Choice([], picked, None, measure=measure * n)
        # "kilo w nss chebakia" sold by the kilo: no count of its sizes weighs that much
        return Choice([], sized, None, None if any(splits) else measure * n)
    if len(candidates) == 1:
        return Choice([(candidates[0], count)], [])
    return Choice([], candidates, count)
