"""Catalog index and product resolution.

:func:`build_index` runs once per catalog. Each product name (and its aliases) is read with
the same grammar as messages, giving *tags*:

* lexicon concepts (``honey``, ``thyme``, ``argan``, ``cosmetic``…), in any language;
* ``~word`` tags for name words the lexicon does not know ("Taliouine", "lavande"), so
  a cooperative's own vocabulary still matches, exactly or with typos (rapidfuzz).

Products whose names carry the same tags apart from the size form one *variant group*
(``Miel de thym 500g`` and ``Miel de thym 1kg``); alias tags are shared inside a group.

A mention (the tags a customer wrote for one line) matches the products whose tags contain
all of its strict tags (families, qualifiers, ``~words``); soft tags (pure, bio) only break
ties. Quantities then pick the variant: the exact size, else the largest sizes that add up
to the measure, else the size words (small/big); several products left = ambiguous.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from rapidfuzz import fuzz, process

from . import textnorm as norm
from .designators import assign as assign_designators
from .grammar import Span, tag_tokens
from .lexicon import LEXICON
from .numbers import DIMENSIONS, Quantity, dimensions

_DIGITS_RE = re.compile(r"\d+(?:[.,]\d+)?")
# a bracketed list of what a set holds: "Coffret rose (eau + crème + savon)", "Box (thym,
# oranger)"; one word or a synonym in brackets ("Sellou (sfouf)") is part of the name
_CONTENTS_RE = re.compile(r"\([^()]*(?:\+|,|&)[^()]*\)")
UNIT_FACTORS = {"g": 1000, "kg": 1_000_000, "ml": 1000, "l": 1_000_000}
FUZZY_CUTOFF = 84
FUZZY_MIN_LEN = 4
LITERAL_MIN_LEN = 3
#: The containers of ``intents/units.yml`` a cooperative sells as a product of its own (a
#: "coffret", a "box", a "علبة"): only these name it alone (:func:`_box_words`).
BOX_CONTAINERS = ("box",)


@dataclass
class ProductInfo:
    """What the index knows about one catalog product."""

    sku: str
    name: str
    tags: frozenset[str]
    head: str | None
    measure: int | None  # thousandths of g/ml; None for pieces
    variant: int
    size_value: float | None = None  # the catalog's size figure, in its own unit
    in_stock: bool = True
    # spelling keys of the words of its name and aliases, as written ("belboula", "tchicha")
    words: frozenset[str] = frozenset()
    # the containers its name says it comes in ("bidon" in "Huile d'olive bidon 5L": "can")
    containers: frozenset[str] = frozenset()
    price: float | None = None      # "the 35 dh one": which of several it is
    # the size word its name says ("Panier en osier grand": big), for sizes sold as pieces
    size_word: str | None = None
    # the sizes its name says by a length or people ("Tajine 30 cm (4 pers)"): "30 length"…
    dims: frozenset[str] = frozenset()
    # its name opens with a word of its own, not a concept ("Graines de nigelle": seeds)
    opens_own_word: bool = False
    # the figure of its name that tells it from the other rows of its group and is no size
    # ("Babouche cuir jaune pointure 40": 40; :mod:`bot.nlu.designators`)
    designator: float | None = None


@dataclass
class CatalogIndex:
    """The once-per-catalog precomputation used by :func:`bot.nlu.parse`."""

    products: list[ProductInfo]
    postings: dict[str, frozenset[int]]
    variants: dict[int, list[int]]
    raw_keys: dict[str, str]
    fuzzy_choices: list[str]
    fuzzy_targets: list[tuple[str, str]]  # parallel to fuzzy_choices: ("concept"|"raw", tag)
    fuzzy_cache: dict[str, tuple[str, str] | None] = field(default_factory=dict)
    # consonant skeleton -> catalog word tag, per script of the catalog word ("latin",
    # "arabic"); a skeleton two catalog words share maps to None
    skeletons: dict[str, dict[str, str | None]] = field(default_factory=dict)
    # set by :func:`bot.nlu.parser.memoised` (the webhook's per-catalog-version index): parses
    # of this index's short messages are then kept (a Parse is immutable)
    memo_token: int | None = None
    # three-letter misspellings of four-letter Latin words, a vowel or an "h" dropped after
    # the first letter ("tym" for "thym"): key -> target; a key two words share maps to None
    dropped_letter: dict[str, tuple[str, str] | None] = field(default_factory=dict)
    # figures that are words of a product's name, with the name word next to them:
    # ("7", "epices") for "Ras el hanout 7 épices", ("before", word, figure) the other way;
    # ("end", figure, "pack x") for a figure ending a name, after its two words
    name_figures: frozenset[tuple[str, str, str]] = frozenset()
    # tags of the name words written after a negation in a product's name ("~sucre" for
    # "Confiture de figues sans sucre"): "sans sucre" in a message names it, removes nothing
    negated_tags: frozenset[str] = frozenset()
    # the bracketed lists of what a set holds, as its names write them ("eau creme savon"
    # for "Coffret rose (eau + crème + savon)"): copied into a message, they name no lines
    contents: frozenset[str] = frozenset()
    # container words that open the name or an alias of exactly one product ("Coffret cadeau
    # 4 plantes", alias "coffret"): key -> that product's tag for the word ("~coffret")
    box_words: dict[str, str] = field(default_factory=dict)
    # every designator of the catalog (:mod:`bot.nlu.designators`)
    designators: frozenset[float] = frozenset()

    def __len__(self) -> int:
        return len(self.products)

    @cached_property
    def by_sku(self) -> dict[str, ProductInfo]:
        """Each product's entry by its sku (built once per index: read per message)."""
        return {info.sku: info for info in self.products}

    @property
    def skus(self) -> list[str]:
        return [p.sku for p in self.products]

    def raw_tag(self, variants: tuple[str, ...]) -> str | None:
        """The ``~word`` tag of a catalog word, if the token is one."""
        for key in variants:
            tag = self.raw_keys.get(key)
            if tag:
                return tag
        # "kits", "pots": the plural of a short catalog word (too short for the general
        # plural rule, which keeps three letters or more)
        key = variants[0]
        if len(key) == LITERAL_MIN_LEN + 1 and key.endswith("s") and key.isalpha():
            return self.raw_keys.get(key[:-1])
        return None

    def other_script_tag(self, variants: tuple[str, ...]) -> str | None:
        """The catalog word a token names in the other script ("شباكية" for "Chebakia",
        "chbakia" for "شباكية"), found by consonant skeleton; None when unsure."""
        table = self.skeletons.get("latin" if norm.is_arabic(variants[0]) else "arabic")
        if not table:
            return None
        for key in variants:
            tag = table.get(norm.skeleton(key))
            if tag:
                return tag
        return None

    def fuzzy(self, key: str) -> tuple[str, str] | None:
        """Closest concept form or catalog word to a misspelt token, or None."""
        if key in self.fuzzy_cache:
            return self.fuzzy_cache[key]
        result = None
        if len(key) == FUZZY_MIN_LEN - 1 and key.isalpha():
            result = self.dropped_letter.get(key)
        elif len(key) >= FUZZY_MIN_LEN and self.fuzzy_choices:
            cutoff = FUZZY_CUTOFF if len(key) >= 5 else 88
            for choice, _score, position in process.extract(
                    key, self.fuzzy_choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=3):
                if choice[0] == key[0] or len(key) >= 7:
                    result = self.fuzzy_targets[position]
                    break
        if len(self.fuzzy_cache) > 50_000:
            self.fuzzy_cache.clear()
        self.fuzzy_cache[key] = result
        return result


def _product_measure(product: dict) -> int | None:
    factor = UNIT_FACTORS.get(product.get("unit") or "")
    if factor is None:
        return None
    try:
        return round(float(product.get("size") or 0) * factor) or None
    except (TypeError, ValueError):
        return None


def _size_value(product: dict) -> float | None:
    try:
        return float(product["size"])           # None raises TypeError, as a missing one
    except (KeyError, TypeError, ValueError):
        return None


def _name_containers(text: str) -> frozenset[str]:
    """The containers a product name says ("bouteille", "bidon", "pot"), by kind."""
    return frozenset(span.value for span in tag_tokens(norm.tokens(text))
                     if span.kind == "container")


def _name_size_word(text: str) -> str | None:
    """The size word a product name says ("moyen" in "Panier en osier moyen": medium)."""
    return next((span.value for span in tag_tokens(norm.tokens(text)) if span.kind == "size"),
                None)


def dimension_size(info: ProductInfo) -> float | None:
    """How big a piece is by the length or the number of people its name says ("Tajine 30
    cm (4 pers)": 30), to rank pieces that have no measure for "small" and "big"."""
    for kind in DIMENSIONS:
        values = [float(d.split()[0]) for d in info.dims if d.split()[1] == kind]
        if len(values) == 1:
            return values[0]
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
    for span in spans:
        if (words and span.kind in LEXICON.verb_marker_kinds and span.end - span.start == 1
                and len(words[span.start]) >= 4 and not norm.is_arabic(words[span.start])):
            tags.append("~" + norm.lookup_key(words[span.start]))
            continue
        if span.kind == "concept":
            colour = len(span.value) > 1 and any(
                LEXICON.concepts[c].role == "soft" for c in span.value)
            for concept in span.value:
                tags.append(concept)
                if head is None and not colour and LEXICON.concepts[concept].role == "family":
                    head = concept
        elif span.kind == "word" and not span.value.isdigit() and len(span.value) > 1:
            tags.append("~" + span.value)
    if head is None:
        head = next((t for t in tags if not t.startswith("~")
                     and LEXICON.concepts[t].role != "soft"), None)
    if head is None and tags:
        head = tags[0]
    return tags, head


def _price(product: dict) -> float | None:
    try:
        return float(product["price"])
    except (KeyError, TypeError, ValueError):
        return None


def build_index(catalog: Iterable[dict]) -> CatalogIndex:
    """Precompute everything :func:`bot.nlu.parse` needs for one catalog."""
    products: list[ProductInfo] = []
    alias_tags: list[set[str]] = []
    variant_of: dict[frozenset[str], int] = {}
    read_names: dict[str, tuple[list[str], str | None]] = {}
    name_figures: set[tuple[str, str, str]] = set()
    negated_tags: set[str] = set()
    contents: set[str] = set()
    name_order: list[list[str]] = []     # each product's name tags, in the name's order
    catalog_list = list(catalog)
    for product in catalog_list:
        contents.update(contents_key(found) for found in
                        _CONTENTS_RE.findall(str(product.get("name") or "")))
        name = _CONTENTS_RE.sub(" ", str(product.get("name") or ""))
        name_figures |= _name_figures(name)
        negated_tags |= _negated_tags(name)
        # sizes of one product share a reading: "Miel de thym 500g" / "Miel de thym 1kg"
        shape = _DIGITS_RE.sub("#", name)
        if shape not in read_names:
            read_names[shape] = _read_name(name)
        name_tags, head = read_names[shape]
        tag_set = frozenset(name_tags) or frozenset({"#" + str(product.get("sku"))})
        variant = variant_of.setdefault(tag_set, len(variant_of))
        extra: set[str] = set()
        words = _literal_words(name)
        for alias in product.get("aliases") or []:
            said, alias_head = _read_name(alias)
            extra.update(said)
            words |= _literal_words(str(alias))
            if not _is_family(head) and _is_family(alias_head):
                head = alias_head       # "Tomme de chèvre affinée", alias "aged goat cheese"
        name_order.append(name_tags)
        products.append(ProductInfo(
            sku=str(product.get("sku")), name=str(product.get("name") or ""),
            tags=frozenset(name_tags), head=head, measure=_product_measure(product),
            variant=variant, in_stock=bool(product.get("in_stock", True)),
            size_value=_size_value(product), words=frozenset(words),
            containers=_name_containers(name), price=_price(product),
            size_word=_name_size_word(name), dims=dimensions(norm.tokens(name)),
            opens_own_word=bool(name_tags) and name_tags[0].startswith("~")))
        alias_tags.append(extra)

    box_words = _box_words(products, [(p.get("name"), p.get("aliases")) for p in catalog_list])
    for i, info in enumerate(products):
        alias_tags[i].update(tag for tag, variant in box_words.values() if variant == info.variant)
    variants: dict[int, list[int]] = {}
    for i, info in enumerate(products):
        variants.setdefault(info.variant, []).append(i)
    for members in variants.values():
        shared = set().union(*(alias_tags[i] for i in members))
        same_words = frozenset().union(*(products[i].words for i in members))
        for i in members:
            products[i].tags = products[i].tags | shared
            products[i].words = same_words      # sizes of one product share its words
        members.sort(key=lambda i: products[i].measure or 0)
    _bundle_heads(products, name_order)
    designators = assign_designators(products, variants)

    postings: dict[str, set[int]] = {}
    for i, info in enumerate(products):
        for tag in info.tags:
            postings.setdefault(tag, set()).add(i)

    raw_keys = {tag[1:]: tag for tag in postings if tag.startswith("~")}
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
    return CatalogIndex(
        dropped_letter=dropped,
        products=products,
        postings={tag: frozenset(ids) for tag, ids in postings.items()},
        variants=variants,
        raw_keys=raw_keys,
        fuzzy_choices=list(choices),
        fuzzy_targets=list(choices.values()),
        skeletons=_skeletons(raw_keys),
        name_figures=frozenset(name_figures),
        negated_tags=frozenset(negated_tags),
        contents=frozenset(contents),
        box_words={key: tag for key, (tag, _variant) in box_words.items()},
        designators=designators,
    )


def _box_words(products: list[ProductInfo],
               texts: list[tuple[str | None, list | None]]) -> dict[str, tuple[str, int]]:
    """Container words that open the name or an alias of one product only ("Coffret cadeau
    …", alias "coffret"), or that are a whole alias of one ("sac" for "Sac en cuir tressé",
    "الكيس" for the kessa): the cooperative sells it, so the word alone names it. A word
    opening several products' names ("Pack …" twice) stays a container, and so does a
    counting word ("حبة السودا" is black seed, "3 حبات" still three pieces)."""
    seen: dict[str, set[int]] = {}
    for info, (name, aliases) in zip(products, texts, strict=True):
        for text in [str(name or "")] + [str(a) for a in aliases or []]:
            words = norm.tokens(text)
            spans = tag_tokens(words)
            if (spans and spans[0].kind == "container" and spans[0].end == 1
                    and (spans[0].value in BOX_CONTAINERS or len(words) == 1)):
                seen.setdefault(norm.lookup_key(words[0]), set()).add(info.variant)
    return {key: ("~" + key, next(iter(variants)))
            for key, variants in seen.items() if len(variants) == 1}


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


def _is_family(tag: str | None) -> bool:
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


def _name_figures(name: str) -> set[tuple[str, str, str]]:
    """The figures of a product name that are no size ("Ras el hanout 7 épices", "Coffret 3
    miels"): each with the name word after it and before it. A figure followed by a unit
    ("500g", "1 L") is the product's size, not a word of its name."""
    words = norm.tokens(name)
    out: set[tuple[str, str, str]] = set()
    for i, word in enumerate(words):
        if not word.isdigit():
            continue
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

def split_tags(tags: Iterable[str]) -> tuple[set[str], set[str]]:
    """``(strict, soft)`` tags of a mention."""
    strict, soft = set(), set()
    for tag in tags:
        if not tag.startswith("~") and LEXICON.concepts[tag].role == "soft":
            soft.add(tag)
        else:
            strict.add(tag)
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
            and not any(_is_family(tag) for tag in strict)
            and all(_is_family(products[i].head) for i in others))


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


def choose(index: CatalogIndex, candidates: list[int], quantity: Quantity,
           size_word: str | None) -> Choice:
    """Pick the variant(s) and quantities for a matched mention."""
    products = index.products
    if (quantity.measure is None and quantity.count is not None and 0 < quantity.count < 1
            and LEXICON.bare_fraction_measure and any(products[i].measure for i in candidates)):
        # "nss 3sel zaatar", "عطيني النص": half a kilo, not half a jar
        quantity = Quantity(measure=round(quantity.count * LEXICON.bare_fraction_measure),
                            extra=quantity.extra)
    count = _as_count(quantity.count)
    if count == 0:
        return Choice([], [])
    if size_word:
        picked = []
        groups: dict[int, list[int]] = {}
        for i in candidates:
            groups.setdefault(products[i].variant, []).append(i)
        for members in groups.values():
            sized = [i for i in members if products[i].measure]
            worded = [i for i in members if products[i].size_word == size_word]
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
        candidates = sorted(picked)

    measure = quantity.measure
    sized = [i for i in candidates if products[i].measure]
    if not measure and sized:
        # "amlou 250", "jouj bocal amlou 250": a bare figure that is one of the sizes
        figure = quantity.extra if quantity.extra is not None else (
            quantity.count if count is not None and count >= 20 else None)
        same = [i for i in sized if figure is not None and products[i].size_value == figure]
        if same:
            candidates = same
            if figure == quantity.count:
                count = 1
    if measure and sized:
        exact = [i for i in sized if products[i].measure == measure]
        n = count if count is not None else 1
        if len(exact) == 1:
            return Choice([(exact[0], n)], [])
        if exact:
            return Choice([], exact, n)
        groups = {}
        for i in sized:
            groups.setdefault(products[i].variant, []).append(i)
        splits = [_decompose(measure, [(i, products[i].measure or 0) for i in members])
                  for members in groups.values()]
        if len(groups) == 1 and (first := splits[0]):
            if len(first) > 1:                  # "3 litres": three of the 1 L, not 2 L + 1 L
                first = _one_size(measure, [(i, products[i].measure or 0,
                                             products[i].size_value) for i in sized]) or first
            return Choice([(i, q * n) for i, q in first], [])
        if all(split and len(split) == 1 for split in splits):
            # "2 kilo l3sel": the 1 kg jar of each honey, two of them
            picked = sorted(split[0][0] for split in splits if split)
            quantities = {split[0][1] * n for split in splits if split}
            return Choice([], picked, quantities.pop() if len(quantities) == 1 else None)
        return Choice([], sized, None)
    if len(candidates) == 1:
        return Choice([(candidates[0], count)], [])
    return Choice([], candidates, count)
