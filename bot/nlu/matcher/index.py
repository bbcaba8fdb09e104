"""The catalog index's records: :class:`ProductInfo` for each product and :class:`CatalogIndex`
(tags, variant groups, fuzzy lookups), with the matcher's limits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from rapidfuzz import fuzz, process

from .. import textnorm as norm
from ..lexicon import LEXICON
from ..numbers import AREA

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
    designator: float | str | None = None
    # how many pieces one of it holds: a box of pieces ("Cornes de gazelle boîte de 24", or a
    # "piece" row of size 24); None for a single piece or a measured product
    pack: float | None = None
    # its aliases (and its sizes'), each as its normalised words ("kharroub 7ab")
    aliases: frozenset[tuple[str, ...]] = frozenset()
    # the catalog word (no concept) its name opens with ("~kisan" for "Kissan atay 6 verres")
    # and its one-word aliases of catalog words: words that name it, never qualify another
    openings: frozenset[str] = frozenset()
    # the product concepts its name says only after a "made with" word ("Chebakia au miel":
    # honey; ``made_with`` in intents/products.yml)
    made_with: frozenset[str] = frozenset()
    # sold by volume (ml, l: True) or by weight (g, kg: False) by its sheet's unit, else None
    volume: bool | None = None


def sides_said(dim: str) -> tuple[str, ...]:
    """The figures a name's size is said by: "26 length" by 26, "120x180 area" by 120x180
    or its first side ("zerbiya beni ouarain 120")."""
    figure = dim.split()[0]
    return (figure, figure.split("x")[0]) if "x" in figure else (figure,)


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
    # every word of the products' names as the sheet writes them, as lookup keys ("de" of
    # "Crème de nuit"): a link word typed inside a name is the name's
    name_keys: frozenset[str] = frozenset()
    # consonant skeleton -> catalog word tag, per script of the catalog word ("latin",
    # "arabic"); a skeleton two catalog words share maps to None
    skeletons: dict[str, dict[str, str | None]] = field(default_factory=dict)
    # set by :func:`bot.nlu.parser.memoised` (the webhook's per-catalog-version index): parses
    # of this index's short messages are then kept (a Parse is immutable)
    memo_token: int | None = None
    # three-letter misspellings of four-letter Latin words, a vowel or an "h" dropped after
    # the first letter ("tym" for "thym"): key -> target; a key two words share maps to None
    dropped_letter: dict[str, tuple[str, str] | None] = field(default_factory=dict)
    # the same for any letter after the first, of the sheet's own four-letter words only
    # ("amu" for "amlou", "khi" for "khlii"): guessed only where a product is expected, and
    # asked, never packed
    dropped_any: dict[str, tuple[str, str] | None] = field(default_factory=dict)
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
    designators: frozenset[float | str] = frozenset()
    # a product is named after a town ("Amlou de Tiznit", "Safran de Taliouine"): the town
    # in a message may be the customer's (:func:`bot.nlu.parser.spans.town_names`)
    towns: bool = False
    # the tags of those towns' words ("~safi" of "Tajine de cuisson Safi")
    town_tags: frozenset[str] = frozenset()
    # the words on either side of an "and" inside a product's name, as lookup keys
    # (("louz", "argan") for "Amlou beldi (louz w argan)"): that "and" joins no lines
    inner_ands: frozenset[tuple[str, str]] = frozenset()
    # the words on either side of any joiner inside a product's name ("&", "+", "/", a comma
    # or an "and": ("argan", "rose") for "Crème de nuit argan & rose"), each with the name's
    # other words: typed with any joiner beside one of those, that name is one line
    inner_joins: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.products)

    @cached_property
    def by_sku(self) -> dict[str, ProductInfo]:
        """Each product's entry by its sku (built once per index: read per message)."""
        return {info.sku: info for info in self.products}

    @cached_property
    def areas(self) -> bool:
        """Whether a product's name says its two sides ("Tapis 170x240")."""
        return any(d.endswith(" " + AREA) for info in self.products for d in info.dims)

    @cached_property
    def openings(self) -> frozenset[str]:
        """Every product's openings (:attr:`ProductInfo.openings`), read per message."""
        return frozenset().union(*(info.openings for info in self.products))

    @cached_property
    def piece_aliases(self) -> dict[int, frozenset[str]]:
        """The words of the aliases of a pack whose name opens with its pack word ("Lot de 6
        bols en terre cuite", alias "zlafat"): the pieces the pack counts, by another word
        (an alias saying a pack word, "set of bowls", names the pack). By position in the
        index (built once per index: read per message)."""
        packs = LEXICON.not_quantity.get("pack", set())
        out: dict[int, frozenset[str]] = {}
        for i, info in enumerate(self.products):
            words = norm.tokens(info.name)
            if not (info.pack or 0) >= 2 or not words or not any(
                    key in packs for key in norm.key_variants(words[0])):
                continue
            keys = {norm.lookup_key(word) for alias in info.aliases
                    if not any(key in packs for word in alias for key in norm.key_variants(word))
                    for word in alias}
            if keys:
                out[i] = frozenset(keys)
        return out

    @cached_property
    def heads(self) -> frozenset[str]:
        """Every product's head word tag (:attr:`ProductInfo.head`), read per message."""
        return frozenset(info.head for info in self.products if info.head)

    @cached_property
    def sized(self) -> frozenset[str]:
        """The skus of the products whose names say a dimension ("Tajine 26cm")."""
        return frozenset(info.sku for info in self.products if info.dims)

    @cached_property
    def sides(self) -> frozenset[str]:
        """The figures any name's size is said by (:func:`sides_said`), read per message."""
        return frozenset(f for info in self.products for d in info.dims for f in sides_said(d))

    @cached_property
    def name_phrases(self) -> frozenset[tuple[str, ...]]:
        """Every product's aliases and the openings of its name of two words or more
        ("miel sidr royal" of "Miel Sidr Royal 500g"), as normalised words: what a customer
        copies from the sheet to name a product."""
        phrases: set[tuple[str, ...]] = set()
        for info in self.products:
            phrases |= info.aliases
            words = tuple(norm.tokens(info.name))
            phrases.update(words[:end] for end in range(2, len(words) + 1))
        return frozenset(phrases)

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
        for key in variants:        # "tagines" to a sheet's "Tajine", "tajine" to "Tagine"
            soft = norm.soft_g(key)
            tag = self.soft_g_keys.get(soft) if soft != key or "j" in key else None
            if tag:
                return tag
        return None

    @cached_property
    def soft_g_keys(self) -> dict[str, str | None]:
        """The catalog's Latin words by their soft-g spelling (:func:`textnorm.soft_g`), those
        spelt with a soft "g" or a "j" only; None where two words share one (built once per
        index)."""
        table: dict[str, str | None] = {}
        for key, tag in self.raw_keys.items():
            soft = norm.soft_g(key)
            if soft != key or "j" in key:
                table[soft] = tag if table.get(soft, tag) == tag else None
        return table

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
            best = None
            for choice, score, position in process.extract(
                    key, self.fuzzy_choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=3):
                if choice[0] == key[0] or len(key) >= 7:
                    if best is not None and score < best:
                        break
                    target = self.fuzzy_targets[position]
                    if result is None:
                        result, best = target, score
                    if target[0] == "raw" or target[1] in self.postings:
                        result = target     # "canle": the sheet's "candle" before the
                        break               # lexicon's "canele" (cinnamon), as close
        if len(self.fuzzy_cache) > 50_000:
            self.fuzzy_cache.clear()
        self.fuzzy_cache[key] = result
        return result

