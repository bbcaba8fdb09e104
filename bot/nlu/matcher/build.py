"""Building the index (:func:`build_index`): product names read with the messages' grammar
into tags, their sizes, containers, figures, prices, box and bundle words; a set's bracketed
contents (:func:`without_contents`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .. import textnorm as norm
from ..cities import names_a_town
from ..designators import assign as assign_designators
from ..designators import letter_size
from ..details.words import is_conj
from ..grammar import Span, readings, tag_tokens
from ..lexicon import LEXICON
from ..numbers import dimensions
from .index import (
    BOX_CONTAINERS,
    FUZZY_MIN_LEN,
    LITERAL_MIN_LEN,
    UNIT_FACTORS,
    CatalogIndex,
    ProductInfo,
)

_TIMES = frozenset({"x", "×"})   # "Msemen x6": a pack of six
DOZEN = 12
_DIGITS_RE = re.compile(r"\d+(?:[.,]\d+)?")
# a figure, or two sides said with "x" ("2x3m"), is no word of a name: the size is read
# from it apart (the rows of one product in several sizes share one reading of their name)
_DIMENSION_RE = re.compile(r"^\d+(?:[.,]\d+)?(?:x\d+(?:[.,]\d+)?)?[a-z]*$")
# a Darija word in Latin letters opening with a digit that writes a letter ("3jina" for
# عجينة, "9ezbour"): a word of the name, never a size ("30cm", "2x3m")
_ARABIZI_RE = re.compile(r"^[2-9](?=[a-z]*[aeiou])[a-z]{3,}$")
# a bracketed list of what a set holds: "Coffret rose (eau + crème + savon)", "Box (thym,
# oranger)"; one word or a synonym in brackets ("Sellou (sfouf)") is part of the name
_CONTENTS_RE = re.compile(r"\([^()]*(?:\+|,|&)[^()]*\)")

def _product_measure(product: dict) -> int | None:
    factor = UNIT_FACTORS.get(product.get("unit") or "")
    if factor is None:
        return None
    try:
        return round(float(product.get("size") or 0) * factor) or None
    except (TypeError, ValueError):
        return None


def _by_volume(product: dict) -> bool | None:
    """Whether the sheet sells it by volume (True) or by weight (False); None for pieces."""
    unit = product.get("unit") or ""
    return unit in ("ml", "l") if unit in UNIT_FACTORS else None


def _name_measure(name: str) -> tuple[int, float] | None:
    """The one weight or volume a name says, in thousandths of g/ml, with its figure
    ("Smen bocal 500g": 500 g, 500); None when it says none, several, or a pack ("4x10ml")."""
    spans = [span for span in tag_tokens(norm.tokens(name))
             if span.kind in ("num", "unit", "times", "frac")]
    if (len(spans) != 2 or spans[0].kind != "num" or spans[1].kind != "unit"
            or spans[1].start != spans[0].end):
        return None
    return round(spans[0].value * spans[1].value[0]), spans[0].value


def _measures_of_names(products: list[ProductInfo], variants: dict[int, list[int]]) -> None:
    """Rows of one product sold by the container, each size in its name ("Smen beldi bocal
    250g", "… bocal 500g", "… bocal 1kg", unit "bocal"; "Ghassoul sachet 200g" / "500g"):
    the catalog makes them pieces, so that "smen 500g" or "the 1kg one" named none of them.
    When such a group is there (every row of it says one weight or volume, all different), the
    weight each such name of the catalog says is its measure, as if the sheet had said it in
    its unit ("Smen de chèvre bocal 250g" too: "smen 250" is either 250 g jar). A catalog with
    no such group keeps its container rows pieces ("Chebakia boîte cadeau 1kg" beside
    "Chebakia au miel 1kg" is no second 1 kg to ask about)."""
    said = {i: m for i, info in enumerate(products)
            if info.measure is None and not info.pack and (m := _name_measure(info.name))}
    if not any(len(members) > 1 and all(i in said for i in members)
               and len({said[i][0] for i in members}) == len(members)
               for members in variants.values()):
        return
    for i, (measure, figure) in said.items():
        products[i].measure, products[i].size_value = measure, figure


def _size_value(product: dict) -> float | None:
    try:
        return float(product["size"])           # None raises TypeError, as a missing one
    except (KeyError, TypeError, ValueError):
        return None


def _pack_size(product: dict, name: str, measure: int | None) -> float | None:
    """How many pieces one row holds: its size when it is sold by the piece ("piece", 24),
    else the figure after a pack word, with its link or without ("boîte de 24", "box of 12",
    "lot de 6", "boîte 16"), or before a word of pieces ("boîte 12 pcs", "24 pièces"); None
    for a measured product or a single piece."""
    if measure is not None:
        return None
    size = _size_value(product)
    if size is not None and size >= 2:
        return size
    tokens = norm.tokens(name)
    packs, links = LEXICON.not_quantity.get("pack", ()), LEXICON.not_quantity.get("pack_link", ())
    pieces = LEXICON.container_keys.get("piece", frozenset())

    def said(k: int, words) -> bool:
        return 0 <= k < len(tokens) and any(v in words for v in norm.key_variants(tokens[k]))

    for k in range(1, len(tokens)):
        if not (tokens[k].isdigit() and int(tokens[k]) >= 2):
            continue
        if said(k + 1, pieces) or said(k - 1, packs) and not (
                k + 1 < len(tokens) and readings(tokens[k + 1]) & {"unit", "container"}) \
                or said(k - 1, links) and said(k - 2, packs) \
                or tokens[k - 1] in _TIMES and not (k >= 2 and tokens[k - 2].isdigit()):
            return float(tokens[k])        # ("Msemen x6"; not the sides of "40 x 40")
    for k in range(len(tokens)):           # "Msemen douzaine", "Oeufs (demi-douzaine)"
        if said(k, LEXICON.dozen_keys):
            before = tokens[k - 1] if k else ""
            if before.isdigit() and int(before) >= 1:
                return float(DOZEN * int(before))
            return DOZEN / 2 if "frac" in readings(before) else float(DOZEN)
    return None


def _name_containers(text: str) -> frozenset[str]:
    """The containers a product name says ("bouteille", "bidon", "pot"), by kind."""
    return frozenset(span.value for span in tag_tokens(norm.tokens(text))
                     if span.kind == "container")


def _name_size_word(text: str) -> str | None:
    """The size word a product name says ("moyen" in "Panier en osier moyen": medium), or
    the abbreviation of one an operator's sheet writes ("Couffin PM naturel": small;
    ``name_sizes`` in intents/units.yml)."""
    words = norm.tokens(text)
    said = next((span.value for span in tag_tokens(words) if span.kind == "size"), None)
    if said is None and LEXICON.name_size_keys:
        said = next((LEXICON.name_size_keys[key] for key in map(norm.lookup_key, words)
                     if key in LEXICON.name_size_keys), None)
    return said


def _read_name(text: str) -> tuple[list[str], str | None]:
    """Tags and head of a product name or alias (see :func:`_name_tags`)."""
    words = norm.tokens(text)
    return _name_tags(tag_tokens(words), words)


def _name_tags(spans: list[Span], words: list[str] | None = None) -> tuple[list[str], str | None]:
    """Tags of a name or alias, in order, and its head (first family concept). A name word
    that is also a verb of the order grammar ("Khlii" and "khlli", leave) is kept as a
    catalog word: the message grammar tells them apart (:func:`bot.nlu.grammar.tag_tokens`).
    A word that is a family or a colour ("k7el": kohl, or black) heads nothing: in "zitoun
    k7el" it is the olives' colour, and the olives stay headed by their own name."""
    tags: list[str] = []
    head = None
    made_with = _made_with_at(spans, words)
    own: int | None = None      # how many tags come before the "made with" part
    for span in spans:
        if own is None and span.start >= made_with:
            own = len(tags)
        if (words and span.kind in LEXICON.verb_marker_kinds and span.end - span.start == 1
                and len(words[span.start]) >= 4 and not norm.is_arabic(words[span.start])):
            tags.append("~" + norm.lookup_key(words[span.start]))
            continue
        if span.kind == "concept" and words and span.end - span.start > 1:
            # ("fine couscous" in an alias: its "fine" is still the sheet's word, "fine"
            # alone at "which one?" answers)
            tags.extend("~" + key for key in map(norm.lookup_key, words[span.start:span.end])
                        if key in LEXICON.name_word_concepts)
        if span.kind == "concept":
            colour = len(span.value) > 1 and any(
                LEXICON.concepts[c].role == "soft" for c in span.value)
            for concept in span.value:
                tags.append(concept)
                if (head is None and not colour and span.start < made_with
                        and LEXICON.concepts[concept].role == "family"):
                    head = concept
        elif span.kind == "word" and len(span.value) > 1 and (
                not _DIMENSION_RE.match(span.value) or _ARABIZI_RE.match(span.value)):
            tags.append("~" + span.value)
            if span.value in LEXICON.name_word_concepts:     # "Couscous fin": fine too
                tags.append(LEXICON.name_word_concepts[span.value])
    own = len(tags) if own is None else own
    # ("Savon noir eucalyptus": the black soap, a concept the soap and the black imply)
    implied = [c for c, needs in LEXICON.implied.items() if needs <= set(tags[:own])
               and c not in tags]
    tags[own:own] = implied
    own += len(implied)
    head = _english_compound_head(spans, words, made_with) or head
    if head is None:            # "Krachel au sésame": the krachel, not the sesame
        head = next((t for t in tags[:own] if not t.startswith("~")
                     and LEXICON.concepts[t].role != "soft"), None)
    if head is None and tags:
        head = tags[0]
    return tags, head


#: the language whose names put the kind last ("Honey soap", "Mint tea"): in French the kind
#: comes first ("Savon au miel", "Thé à la menthe")
_KIND_LAST_LANG = "en"


def _english_compound_head(spans: list[Span], words: list[str] | None,
                           made_with: int) -> str | None:
    """The head of an English name whose first two words are two kinds of product, the
    first saying what the second is made of ("Honey soap", "Mint tea"): the second. Both
    words must be English ones (the lexicon's language cues), not a French "Savon miel"."""
    if not words:
        return None
    kinds = [span for span in spans if _is_product_word(span)]
    if len(kinds) < 2:
        return None
    first, second = kinds[0], kinds[1]
    if (second.start != first.end or second.start >= made_with
            or set(first.value) & set(second.value)
            or not all(any(LEXICON.concepts[c].role == "family" for c in span.value)
                       for span in (first, second))):
        return None
    if not all(set(LEXICON.lang_cues.get(norm.lookup_key(words[span.start]), {}))
               == {_KIND_LAST_LANG} for span in (first, second) if span.end - span.start == 1):
        return None
    return next(c for c in second.value if LEXICON.concepts[c].role == "family")


def _is_product_word(span: Span) -> bool:
    return span.kind == "concept" and not all(LEXICON.concepts[c].role == "soft"
                                              for c in span.value)


def _made_with_at(spans: list[Span], words: list[str] | None) -> int:
    """Where a name's "made with" part begins: the first word of ``made_with`` in
    ``intents/products.yml`` after a product word ("au" in "Olives rouges au citron",
    "with" in "Biscuits with honey"); past the end when there is none."""
    end = len(words or ())
    first = next((span.end for span in spans if _is_product_word(span)
                  or (span.kind == "word" and len(span.value) > 1)), end)
    inside = {k for span in spans if span.kind == "concept" for k in range(span.start, span.end)}
    return next((k for k in range(first, end) if k not in inside
                 and norm.lookup_key((words or ())[k]) in LEXICON.made_with_keys), end)


def _made_with_tags(text: str) -> frozenset[str]:
    """The product concepts a name says only in its "made with" part ("Chebakia au miel":
    honey): they describe it; a mention of them alone does not order it."""
    words = norm.tokens(text)
    spans = tag_tokens(words)
    cut = _made_with_at(spans, words)
    before = {c for span in spans if span.start < cut and span.kind == "concept"
              for c in span.value}
    return frozenset(c for span in spans if span.start >= cut and _is_product_word(span)
                     for c in span.value if c not in before)


def _price(product: dict) -> float | None:
    try:
        return float(product["price"])
    except (KeyError, TypeError, ValueError):
        return None


def _is_soft(tag: str) -> bool:
    return not tag.startswith("~") and LEXICON.concepts[tag].role == "soft"


def _share_across_colours(products: list[ProductInfo], name_order: list[list[str]],
                          plain_aliases: list[tuple[set[str], set[str]]]) -> None:
    """Products whose names differ only by a colour or another soft word ("Tapis berbère
    rouge", "… bleu", "… blanc") share the aliases written on one of them ("zarbiya" on the
    first row only): "zarbiya zar9a" is the blue one, not the only row the alias was on.
    An alias that names a colour ("zitoun k7el") stays its own row's."""
    groups: dict[frozenset[str], list[int]] = {}
    for i, tags in enumerate(name_order):
        strict = frozenset(t for t in tags if not _is_soft(t))
        if strict:
            groups.setdefault(strict, []).append(i)
    for members in groups.values():
        if len({products[i].variant for i in members}) < 2 or not any(
                _is_soft(t) for i in members for t in name_order[i]):
            continue
        shared = frozenset().union(*(plain_aliases[i][0] for i in members))
        said = frozenset().union(*(plain_aliases[i][1] for i in members))
        for i in members:
            products[i].tags = products[i].tags | shared
            products[i].words = products[i].words | said


def _share_with_blank_rows(
        products: list[ProductInfo], name_order: list[list[str]],
        read_aliases: list[list[tuple[list[str], frozenset[str], tuple[str, ...]]]],
        alias_tags: list[set[str]]) -> None:
    """The rows after one with aliases that have none of their own and open their names with
    the same word ("Lait corporel fleur d'oranger", alias "body lotion", then "Lait corporel
    rose", "Lait corporel musc") share those of its aliases that do not say what tells the rows
    apart: "a rose body lotion" is the rose one, "a body lotion" any of them, not the first
    row's. An alias that names what only its own row is ("thyme honey" on "Miel de thym",
    above "Miel de jujubier") stays its row's."""
    for i, said_aliases in enumerate(read_aliases):
        if not said_aliases or not name_order[i]:
            continue
        j = i + 1
        while (j < len(products) and not read_aliases[j] and name_order[j]
               and name_order[j][0] == name_order[i][0]):
            own = set(name_order[i]) - set(name_order[j])
            if products[j].variant != products[i].variant:
                for said, words, tokens in said_aliases:
                    if said and not own.intersection(said):
                        alias_tags[j].update(said)
                        products[j].words = products[j].words | words
                        products[j].aliases = products[j].aliases | {tokens}
            j += 1


def _letter_sized_names(catalog: list[dict]) -> dict[str, str]:
    """Names ending with a letter size that another row's name ends with another one ("T-shirt
    brodé S" … "XL"), each to its name without it: one product in several sizes, whose words
    are read without the size (its letters are the rows' designators)."""
    cut: dict[str, list[str]] = {}
    for product in catalog:
        name = str(product.get("name") or "").strip()
        head, _, last = name.rpartition(" ")
        if head and letter_size(last):
            cut.setdefault(head, []).append(name)
    return {name: head for head, names in cut.items() if len(names) > 1 for name in names}


def build_index(catalog: Iterable[dict]) -> CatalogIndex:
    """Precompute everything :func:`bot.nlu.parse` needs for one catalog."""
    products: list[ProductInfo] = []
    alias_tags: list[set[str]] = []
    plain_aliases: list[tuple[set[str], set[str]]] = []   # aliases naming no colour: tags, words
    read_aliases: list[list[tuple[list[str], frozenset[str], tuple[str, ...]]]] = []
    variant_of: dict[frozenset[str], int] = {}
    read_names: dict[str, tuple[list[str], str | None]] = {}
    name_figures: set[tuple[str, str, str]] = set()
    negated_tags: set[str] = set()
    contents: set[str] = set()
    name_order: list[list[str]] = []     # each product's name tags, in the name's order
    catalog_list = list(catalog)
    lettered = _letter_sized_names(catalog_list)
    for product in catalog_list:
        contents.update(contents_key(found) for found in
                        _CONTENTS_RE.findall(str(product.get("name") or "")))
        name = _CONTENTS_RE.sub(" ", str(product.get("name") or ""))
        name_figures |= _name_figures(name)
        negated_tags |= _negated_tags(name)
        # sizes of one product share a reading: "Miel de thym 500g" / "Miel de thym 1kg"
        shape = _DIGITS_RE.sub("#", lettered.get(name, name))
        if shape not in read_names:
            read_names[shape] = _read_name(lettered.get(name, name))
        name_tags, head = read_names[shape]
        # "Confiture de figues sans sucre": what a product lacks, by a word of any language
        negated_tags |= {t for t in name_tags
                         if t in LEXICON.concepts and LEXICON.concepts[t].lacks}
        tag_set = frozenset(name_tags) or frozenset({"#" + str(product.get("sku"))})
        variant = variant_of.setdefault(tag_set, len(variant_of))
        extra: set[str] = set()
        words = _literal_words(name)
        aliases = set()
        openings = {name_tags[0]} if name_tags and name_tags[0].startswith("~") else set()
        plain: tuple[set[str], set[str]] = (set(), set())
        read_aliases.append([])
        for alias in product.get("aliases") or []:
            aliases.add(tuple(norm.tokens(str(alias))))
            said, alias_head = _read_name(alias)
            read_aliases[-1].append((said, frozenset(_literal_words(str(alias))),
                                     tuple(norm.tokens(str(alias)))))
            extra.update(said)
            if len(said) == 1 and said[0].startswith("~"):
                openings.add(said[0])           # "kissan": a word of its own names it
            words |= _literal_words(str(alias))
            if not any(_is_soft(tag) for tag in said):       # "zarbiya", not "zitoun k7el"
                plain[0].update(said)
                plain[1].update(_literal_words(str(alias)))
            if not is_family(head) and is_family(alias_head):
                head = alias_head       # "Tomme de chèvre affinée", alias "aged goat cheese"
        name_order.append(name_tags)
        measure = _product_measure(product)
        products.append(ProductInfo(
            sku=str(product.get("sku")), name=str(product.get("name") or ""),
            tags=frozenset(name_tags), head=head, measure=measure,
            volume=_by_volume(product),
            pack=_pack_size(product, name, measure),
            variant=variant, in_stock=bool(product.get("in_stock", True)),
            size_value=_size_value(product), words=frozenset(words),
            containers=_name_containers(name), price=_price(product),
            size_word=_name_size_word(name), dims=dimensions(norm.tokens(name)),
            opens_own_word=bool(name_tags) and name_tags[0].startswith("~"),
            aliases=frozenset(aliases), openings=frozenset(openings),
            made_with=_made_with_tags(lettered.get(name, name))))
        alias_tags.append(extra)
        plain_aliases.append(plain)

    _share_with_blank_rows(products, name_order, read_aliases, alias_tags)
    box_words = _box_words(products, [(p.get("name"), p.get("aliases")) for p in catalog_list])
    for i, info in enumerate(products):
        alias_tags[i].update(tag for tag, kinds in box_words.values() if info.variant in kinds)
    variants: dict[int, list[int]] = {}
    for i, info in enumerate(products):
        variants.setdefault(info.variant, []).append(i)
    _measures_of_names(products, variants)
    for members in variants.values():
        shared = set().union(*(alias_tags[i] for i in members))
        same_words = frozenset().union(*(products[i].words for i in members))
        same_aliases = frozenset().union(*(products[i].aliases for i in members))
        # the family an alias of one size says heads its other sizes too ("Belboula (cha3ir)
        # 1kg", alias "kseksou cha3ir", then "… 5kg" with none; "clay tagine" on the small
        # tagine's row named the big one too): never one size per head
        family_heads = {products[i].head for i in members if is_family(products[i].head)}
        for i in members:
            products[i].tags = products[i].tags | shared
            products[i].words = same_words      # sizes of one product share its words
            products[i].aliases = same_aliases
            if len(family_heads) == 1 and not is_family(products[i].head):
                products[i].head = next(iter(family_heads))
        members.sort(key=lambda i: products[i].measure or 0)
    _share_across_colours(products, name_order, plain_aliases)
    _bundle_heads(products, name_order)
    designators = assign_designators(products, variants)

    postings: dict[str, set[int]] = {}
    for i, info in enumerate(products):
        for tag in info.tags:
            postings.setdefault(tag, set()).add(i)

    raw_keys = {tag[1:]: tag for tag in postings if tag.startswith("~")}
    for key, tag in list(raw_keys.items()):    # alias "البطة": "بطة" names it too (a word
        for bare in norm.key_variants(key)[1:]:  # of the message is read without its article,
            if (norm.is_arabic(key) and key.endswith(bare)   # the sheet's was not)
                    and len(key) - len(bare) >= 2 and len(bare) >= LITERAL_MIN_LEN):
                raw_keys.setdefault(bare, tag)
    choices: dict[str, tuple[str, str]] = {}
    for key, concept in LEXICON.concept_forms.items():
        if (len(key) >= FUZZY_MIN_LEN and not any(c.isdigit() for c in key)
                and not LEXICON.concepts[concept].exact):
            choices[key] = ("concept", concept)
    for key, tag in raw_keys.items():
        if len(key) >= FUZZY_MIN_LEN:
            choices[key] = ("raw", tag)
    dropped: dict[str, tuple[str, str] | None] = {}
    for key, target in choices.items():
        if (len(key) == FUZZY_MIN_LEN and key.isascii() and key.isalpha()
                and (target[0] == "raw" or LEXICON.concepts[target[1]].role != "soft")):
            for position in range(1, len(key)):
                if key[position] not in norm.DROPPED_LETTERS:
                    continue
                short = key[:position] + key[position + 1:]
                dropped[short] = target if dropped.get(short, target) == target else None
    dropped_any: dict[str, tuple[str, str] | None] = {}
    for key, target in choices.items():
        if (len(key) == FUZZY_MIN_LEN and key.isascii() and key.isalpha()
                and (target[0] == "raw" or (target[1] in postings
                                            and LEXICON.concepts[target[1]].role == "family"))):
            for position in range(1, len(key)):
                short = key[:position] + key[position + 1:]
                dropped_any[short] = target if dropped_any.get(short, target) == target else None
    return CatalogIndex(
        dropped_letter=dropped,
        dropped_any=dropped_any,
        products=products,
        postings={tag: frozenset(ids) for tag, ids in postings.items()},
        variants=variants,
        raw_keys={**_town_forms(products, raw_keys), **raw_keys},
        town_tags=_town_tags(products, raw_keys),
        fuzzy_choices=list(choices),
        fuzzy_targets=list(choices.values()),
        skeletons=_skeletons(raw_keys),
        name_figures=frozenset(name_figures),
        negated_tags=frozenset(negated_tags),
        contents=frozenset(contents),
        box_words={key: tag for key, (tag, _variant) in box_words.items()},
        designators=designators,
        towns=any(names_a_town(norm.tokens(info.name)) for info in products),
        inner_ands=_inner_ands(info.name for info in products),
        inner_joins=_inner_joins(info.name for info in products),
        name_keys=frozenset(norm.lookup_key(t) for info in products
                            for t in norm.tokens(info.name)),
    )


def _town_forms(products: list[ProductInfo], raw_keys: dict[str, str]) -> dict[str, str]:
    """A word of a product's name that is a town's ("Argan d'Essaouira", "Miel de Tiznit") is
    said by any one-word form of that town (``intents/cities.yml``): "zit argan swira",
    "عسل تيزنيت" name it as its own word does (the plain argan was packed, and the town taken
    for the delivery city). Each form → the name word's tag; where the message uses the town
    as the customer's, it stays theirs (:func:`bot.nlu.parser.spans.town_names`)."""
    out: dict[str, str] = {}
    for info in products:
        words = norm.tokens(info.name)
        variants = [norm.key_variants(w) for w in words]
        for start, end, payloads in LEXICON.cities.all_matches(variants):
            tag = raw_keys.get(norm.lookup_key(words[start])) if end == start + 1 else None
            if tag is None:
                continue
            for _, town, context_only in payloads:
                if not context_only:
                    for key in LEXICON.town_words.get(town, ()):
                        out.setdefault(key, tag)
    return out


def _town_tags(products: list[ProductInfo], raw_keys: dict[str, str]) -> frozenset[str]:
    """The tags of the words of product names that are a town's, one word long ("~safi" of
    "Tajine de cuisson Safi", even where "safi" is also "enough")."""
    out: set[str] = set()
    for info in products:
        words = norm.tokens(info.name)
        for start, end, _payloads in LEXICON.cities.all_matches(
                [norm.key_variants(w) for w in words]):
            tag = raw_keys.get(norm.lookup_key(words[start])) if end == start + 1 else None
            if tag is not None:
                out.add(tag)
    return frozenset(out)


def _inner_ands(names: Iterable[str]) -> frozenset[tuple[str, str]]:
    """The words around each "and" inside a product's name ("Amlou beldi (louz w argan)":
    ``("louz", "argan")``), as lookup keys: copied from the list, that name is one line."""
    pairs = set()
    for name in names:
        words = norm.tokens(name)
        for k in range(1, len(words) - 1):
            if is_conj(norm.lookup_key(words[k])):
                pairs.add((norm.lookup_key(words[k - 1]), norm.lookup_key(words[k + 1])))
    return frozenset(pairs)


def _inner_joins(names: Iterable[str]) -> dict[tuple[str, str], frozenset[str]]:
    """The words around each joiner inside a product's name, an "and" or a separator ("&",
    "+", "/": ("argan", "rose") for "Crème de nuit argan & rose"), as lookup keys, each with
    the name's other words of three letters or more ("creme", "nuit"): the name typed in full
    with any joiner is one line, not a second product named by its last word."""
    joins: dict[tuple[str, str], set[str]] = {}
    for name in names:
        words = [norm.lookup_key(w) for w in norm.tokens(name)]
        for k in range(1, len(words) - 1):
            if words[k] == norm.SEPARATOR or is_conj(words[k]):
                pair = (words[k - 1], words[k + 1])
                if norm.SEPARATOR in pair or is_conj(pair[0]) or is_conj(pair[1]):
                    continue
                joins.setdefault(pair, set()).update(
                    w for j, w in enumerate(words) if j not in (k - 1, k, k + 1)
                    and len(w) >= 3 and not w.isdigit() and w != norm.SEPARATOR)
    return {pair: frozenset(others) for pair, others in joins.items()}


def _box_words(products: list[ProductInfo],
               texts: list[tuple[str | None, list | None]]) -> dict[str, tuple[str, set[int]]]:
    """Container words that open the name or an alias of one product only ("Coffret cadeau
    …", alias "coffret"), or that are a whole alias of one ("sac" for "Sac en cuir tressé",
    "الكيس" for the kessa): the cooperative sells it, so the word alone names it. A word
    opening several products' names ("Pack …" twice) stays a container, and so does a
    counting word ("حبة السودا" is black seed, "3 حبات" still three pieces), unless those
    products differ only by a colour ("Sac en cuir noir …", "Sac en cuir marron …": one
    product in colours). The word names it in any language its container is said ("bag")
    when the product is that container (its name opens with one: "Sac en cuir tressé");
    an alias alone that is a container word in one language ("الكيس", the hammam glove
    "Kiss l7mam") names it in that word only: "pack 2", "sachet", "mika" are no glove.
    Each word: its tag and the product kinds (variants) it names."""
    seen: dict[str, set[int]] = {}
    opened: dict[str, set[int]] = {}      # names opening with another container: "Sac en …"
    kind_of: dict[str, str] = {}
    is_one: set[tuple[str, int]] = set()  # (container kind, variant): names that open with it
    for info, (name, aliases) in zip(products, texts, strict=True):
        for k, text in enumerate([str(name or "")] + [str(a) for a in aliases or []]):
            words = norm.tokens(text)
            spans = tag_tokens(words)
            if not (spans and spans[0].kind == "container" and spans[0].end == 1):
                continue
            key = norm.lookup_key(words[0])
            kind_of.setdefault(key, str(spans[0].value))
            if k == 0:
                is_one.add((str(spans[0].value), info.variant))
            if spans[0].value in BOX_CONTAINERS or len(words) == 1:
                seen.setdefault(key, set()).add(info.variant)
            elif k == 0:
                opened.setdefault(key, set()).add(info.variant)
    out = {key: ("~" + key, variants) for key, variants in seen.items() if len(variants) == 1}
    for key, (tag, variants) in list(out.items()):  # alias "sac" (or "bag") on "Sac cuir
        kin = {v for other, opening in opened.items()  # marron" only: "sac noir" is the
               if kind_of[other] == kind_of[key]       # black one, not that row
               for v in opening if v in variants or _colours_of_one(products, variants | {v})}
        if len(kin) > 1:
            out[key] = (tag, kin)
    for key in list(out):               # alias "sac" of "Sac en cuir tressé": "a bag" too
        if kind_of[key] in BOX_CONTAINERS:
            continue
        if all((kind_of[key], variant) in is_one for variant in seen[key]):
            for other in LEXICON.container_keys.get(kind_of[key], ()):
                if other not in seen:
                    out.setdefault(other, out[key])
        else:                           # "الكيس": "كيس" too, never "sachet" nor "pack"
            for other in norm.key_variants(key):
                if other not in seen:
                    out.setdefault(other, out[key])
    for key, variants in opened.items():
        if key in seen or not _colours_of_one(products, variants):
            continue
        out[key] = ("~" + key, variants)
        for other in LEXICON.container_keys.get(kind_of[key], ()):    # "bag", "كيس"
            out.setdefault(other, out[key])
    return out


def _colours_of_one(products: list[ProductInfo], variants: set[int]) -> bool:
    """Are these product kinds one product in two colours or more (names alike but for a
    soft word: "Sac en cuir noir petit modèle", "Sac en cuir marron grand modèle")?"""
    if len(variants) < 2:
        return False
    strict = {frozenset(t for t in info.tags if not _is_soft(t))
              for info in products if info.variant in variants}
    return len(strict) == 1


def _bundle_heads(products: list[ProductInfo], name_order: list[list[str]]) -> None:
    """A box whose name lists other products of the catalog ("Coffret Ftour (msemen +
    harcha + batbout)", "Gift box (honey, amlou, argan)") is not headed by the first of them:
    its head is its own first word ("ftour"), else none, so that a mention of one of the
    products it lists names that product, and the box only when its own words are written.
    A bundle names the heads of two or more other products and opens with a container word
    or a catalog word of its own (never "Amlou aux amandes et miel", headed by its family)."""
    heads: dict[str, set[int]] = {}
    for info in products:
        if info.head:
            heads.setdefault(info.head, set()).add(info.variant)
    for info, ordered in zip(products, name_order, strict=True):
        others = {t for t in ordered if heads.get(t, set()) - {info.variant}}
        if len(others) < 2 or info.head not in others:
            continue
        words = norm.tokens(info.name)
        spans = tag_tokens(words)
        opens_with_box = bool(spans) and spans[0].kind == "container"
        if not (opens_with_box or (ordered[0].startswith("~") and ordered[0] not in others)):
            continue                    # "Babouche cuir jaune": a babouche, not a set
        info.head = next((t for t in ordered if t not in others), None)


def contents_key(text: str) -> str:
    """The words of a bracketed contents list, normalised, without their sizes ("(eau +
    crème + savon)"; "(poudre 500g + mélasse)" is copied as "(poudre + mélasse)" too)."""
    return " ".join(t for t in norm.tokens(text) if t.isalnum() and not _size_word(t))


def _size_word(token: str) -> bool:
    """A figure or a unit word ("500", "g", "kilo")."""
    return any(c.isdigit() for c in token) or any(
        p[0] == "unit" for p in LEXICON.grammar.longest([norm.key_variants(token)], 0)[1])


def without_contents(text: str, index: CatalogIndex) -> str:
    """A message without the bracketed contents lists it copies from a product's name
    ("1 Coffret cadeau rose (eau + crème + savon)": one set, not three more lines)."""
    if not index.contents or "(" not in text:
        return text
    return _CONTENTS_RE.sub(lambda m: " " if contents_key(m.group()) in index.contents
                            else m.group(), text)


def is_family(tag: str | None) -> bool:
    return bool(tag) and not str(tag).startswith("~") and (
        LEXICON.concepts[str(tag)].role == "family")


def _literal_words(text: str) -> set[str]:
    """Spelling keys of the words of a name or alias that may name it on their own (no
    figures, no one- or two-letter words)."""
    return {key for word in norm.tokens(text)
            if len(word) >= LITERAL_MIN_LEN and not any(c.isdigit() for c in word)
            for key in norm.key_variants(word) if len(key) >= LITERAL_MIN_LEN}


def _negated_tags(name: str) -> set[str]:
    """Tags of the words right after a negation in a product name ("sans sucre", "sans
    gluten", "bla melh")."""
    words = norm.tokens(name)
    spans = tag_tokens(words)
    return {tag for i, span in enumerate(spans[:-1]) if span.kind == "neg"
            for tag in _name_tags([spans[i + 1]], words)[0]}


def _number_word(word: str) -> bool:
    """A word the grammar reads as a number ("douzaine", "six"), not a figure."""
    length, payloads = LEXICON.grammar.longest([norm.key_variants(word)], 0)
    return length == 1 and any(p[0] == "num" for p in payloads)


def _name_figures(name: str) -> set[tuple[str, str, str]]:
    """The figures of a product name that are no size ("Ras el hanout 7 épices", "Coffret 3
    miels"): each with the name word after it and before it. A figure followed by a unit
    ("500g", "1 L") is the product's size, not a word of its name."""
    words = norm.tokens(name)
    out: set[tuple[str, str, str]] = set()
    for i, word in enumerate(words):
        if not word.isdigit():
            if not _number_word(word):
                continue
            word = norm.lookup_key(word)        # "Œufs la douzaine": a number word
        following = words[i + 1] if i + 1 < len(words) else ""
        if following:
            length, payloads = LEXICON.grammar.longest([norm.key_variants(following)], 0)
            if length and any(p[0] == "unit" for p in payloads):
                continue
        if following and following.isalpha():
            out.add(("after", word, norm.lookup_key(following)))
        if i and words[i - 1].isalpha():
            out.add(("before", word, norm.lookup_key(words[i - 1])))
            if i == len(words) - 1 and i >= 2 and words[i - 2].isalpha():
                # the name's last word ("Raïb nature pack x4"): the two words before it
                out.add(("end", word, " ".join(norm.lookup_key(w) for w in words[i - 2:i])))
    return out


def _skeletons(raw_keys: dict[str, str]) -> dict[str, dict[str, str | None]]:
    """Catalog words by consonant skeleton, per script, for :meth:`other_script_tag`."""
    tables: dict[str, dict[str, str | None]] = {"latin": {}, "arabic": {}}
    for key, tag in raw_keys.items():
        table = tables["arabic" if norm.is_arabic(key) else "latin"]
        for variant in norm.key_variants(key):      # "citrons" is also read as "citron"
            skeleton = norm.skeleton(variant)
            if len(skeleton) >= norm.SKELETON_MIN:
                table[skeleton] = tag if table.get(skeleton, tag) == tag else None
    return tables


# --- resolution ---------------------------------------------------------------------
