"""``parse(text, catalog)``: one customer message → intent, order lines, city…

Steps:

1. normalise and tag the tokens (:mod:`bot.nlu.grammar`);
2. cut the tags into order lines at separators ("w", "و", "et", commas…), at negation and
   removal words, and where a new quantity or product starts after a complete line;
3. read each line's quantity (:mod:`bot.nlu.numbers`) and match its product tags against
   the catalog index (:mod:`bot.nlu.matcher`);
4. classify the intent from cue words and what was found (:mod:`bot.nlu.intents`);
   detect the language and the city.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from . import details
from . import textnorm as norm
from .cities import locate_city
from .grammar import Span, split_glued_and, tag_tokens
from .intents import classify, cue_scores, detect_lang_tokens, lang_shown
from .intents import product_positions as name_positions
from .lexicon import LEXICON
from .matcher import (
    CatalogIndex,
    build_index,
    by_dimensions,
    choose,
    match,
    split_tags,
    suggest,
    without_contents,
)
from .numbers import Quantity, dimensions, non_quantities, read_quantity
from .questions import detect as detect_question

MAX_CHARS = 2000  # longer messages are cut: nobody orders in an essay
MAX_TOKENS = 200
_QTY_KINDS = {"num", "frac", "unit", "container", "times"}
_PRODUCT_KINDS = {"concept", "raw"}
_NOT_QUESTIONS = ("greet", "thanks", "confirm", "deny")
CLEAR_TOPIC = 1.5   # a pre-sale topic this clear with a "?" is a question even with an order word


@dataclass(frozen=True)
class Item:
    """A resolved order line. ``op`` is ``add``, ``set`` (replace the quantity) or ``remove``."""

    sku: str
    quantity: int | None = None
    op: str = "add"


@dataclass(frozen=True)
class Ambiguity:
    """A product mention matching several catalog items equally well."""

    text: str
    quantity: int | None
    candidates: tuple[str, ...]
    op: str = "add"


@dataclass(frozen=True)
class Parse:
    """Everything understood from one message."""

    intent: str
    lang: str
    items: tuple[Item, ...] = ()
    ambiguous: tuple[Ambiguity, ...] = ()
    city: str | None = None
    removed: tuple[Item | Ambiguity, ...] = ()
    set_quantity: bool = False
    unknown_products: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()
    number: int | None = None
    ordinal: int | None = None
    size_hint: str | None = None
    containers: tuple[str, ...] = ()   # the container kinds said ("the big jar": jar)
    dimensions: tuple[str, ...] = ()   # sizes said by a length or people ("30 length")
    sizes: tuple[str, ...] = ()        # every size word said, in order ("big", "medium")
    address_cue: bool = False      # a street-address word: "rue", "hay", "زنقة"
    field: str | None = None       # a delivery detail named: "address", "name", "city"
    cart_cue: bool = False         # the basket named: "lpanier", "mon panier", "cart"
    guessed: bool = False          # every product word was read from a misspelling
    replace: bool = False          # "bdel X b Y": X is in ``removed``, Y in the order lines
    # "non annulez, je préfère 2 amlou", "la lghi hadchi, bghit 1 kilo zitoun": the order so
    # far is called off and these lines start it again
    restart: bool = False
    phone: str | None = None       # a phone number written in the message ("06 12 34 56 78")
    order_ref: str | None = None   # the digits of an order number ("T-1042", "commande 1042")
    topic: str | None = None       # a pre-sale question's topic: "payment", "pickup"…
    topic_score: float = 0.0       # its cue weight (1 is enough, 1.5 is clear)
    also_topics: tuple[str, ...] = ()   # a second question's topic ("…and can I pay by card?")
    topic_apart: bool = False      # the question is a part of its own ("…, wach fih sokar?")
    question: bool = False         # the message asks something ("?", "wach", "how")
    unknown_words: tuple[str, ...] = ()   # "vous avez du fromage ?": words nobody sells here
    # whether the message shows its language (Arabic letters, a function word); a product
    # name, a name, an address, "ok"/"merci"/"svp" or an emoji alone do not: keep the
    # conversation's language then (``lang`` is only a guess)
    lang_confident: bool = True
    # the lines a price question names with a count ("3 bidons de 5 litres, ch7al?"): the
    # question lists its products without counts in ``items``; these keep what was said
    asked_counts: tuple[Item, ...] = ()
    # the only count is a "one" standing for the product said before it ("the herb one"):
    # no count of its own for a swap ("change it to the herb one" keeps the line's count)
    one_is_pronoun: bool = False

    def to_json(self, id: Any = None) -> dict:
        """The batch-command record (``python -m bot.nlu``)."""
        return {
            "id": id,
            "intent": self.intent,
            "lang": self.lang,
            "items": [{"sku": i.sku, "quantity": i.quantity} for i in self.items],
            "ambiguous": [{"text": a.text, "quantity": a.quantity,
                           "candidates": list(a.candidates)} for a in self.ambiguous],
            "city": self.city,
        }


@dataclass
class Line:
    """One order line being read: product tags, quantity tags, flags."""

    negated: bool = False
    set_op: bool = False
    products: list[Span] = field(default_factory=list)
    quantity: list[tuple] = field(default_factory=list)
    size: str | None = None
    last: str | None = None
    qty_after_product: bool = False
    joined_by_conj: bool = False
    after_comma: bool = False       # cut from the line before by a comma or a full stop
    sizes: list[str] = field(default_factory=list)   # every size word, in order
    borrowed: bool = False          # the product words are the previous line's ("… et une de 1L")

    @property
    def has_product(self) -> bool:
        return bool(self.products)

    @property
    def has_quantity(self) -> bool:
        return any(t[0] != "conj" for t in self.quantity)

    def tags(self) -> list[str]:
        out: list[str] = []
        for span in self.products:
            values = span.value if span.kind == "concept" else (span.value,)
            out.extend(v for v in values if v not in out)
        return out


# --- index cache ----------------------------------------------------------------------

_CACHE: dict[int, tuple[Any, tuple, CatalogIndex]] = {}
_CONTENT_CACHE: dict[tuple, CatalogIndex] = {}
_CACHE_SIZE = 32


def _fingerprint(catalog: list[dict]) -> tuple:
    return tuple((p.get("sku"), p.get("name"), p.get("unit"), p.get("size"),
                  tuple(p.get("aliases") or ()), p.get("in_stock", True)) for p in catalog)


def _quick_check(catalog: list[dict]) -> tuple:
    if not catalog:
        return (0,)
    first, last = catalog[0], catalog[-1]
    return (len(catalog), first.get("sku"), first.get("name"), last.get("sku"), last.get("name"))


def get_index(catalog: CatalogIndex | Iterable[dict]) -> CatalogIndex:
    """A prebuilt index as is; a product list's index from the cache (by identity, then
    content), building it on first use."""
    if isinstance(catalog, CatalogIndex):
        return catalog
    if not isinstance(catalog, list):
        catalog = list(catalog or [])
    cached = _CACHE.get(id(catalog))
    quick = _quick_check(catalog)
    if cached and cached[0] is catalog and cached[1] == quick:
        return cached[2]
    fingerprint = _fingerprint(catalog)
    index = _CONTENT_CACHE.get(fingerprint)
    if index is None:
        index = build_index(catalog)
        if len(_CONTENT_CACHE) >= _CACHE_SIZE:
            _CONTENT_CACHE.pop(next(iter(_CONTENT_CACHE)))
        _CONTENT_CACHE[fingerprint] = index
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[id(catalog)] = (catalog, quick, index)
    return index


# --- order lines ----------------------------------------------------------------------

def _next_kind(spans: list[Span], i: int) -> str | None:
    for span in spans[i + 1:]:
        if span.kind not in ("filler", "word"):
            return span.kind
    return None


def _product_ahead(spans: list[Span], i: int) -> bool:
    """Whether a product word follows before the next separator ("2 kilo l3sel 1 amlou")."""
    for span in spans[i + 1:]:
        if span.kind in _PRODUCT_KINDS:
            return True
        if span.kind in ("sep", "conj", "neg", "remove"):
            return False
    return False


def _size_questions(spans: list[Span], tokens: list[str]) -> list[Span]:
    """"how big are your tagines?": a size word right after a word asking about the size
    chooses no size (it was the biggest tagine)."""
    return [Span("filler", None, s.start, s.end) if s.kind == "size" and s.start and any(
                v in LEXICON.size_question_keys for v in norm.key_variants(tokens[s.start - 1]))
            else s for s in spans]


def _measure_then_count(spans: list[Span], i: int) -> bool:
    """Is the number at ``i`` a measure ("100 g") followed by a count of its own ("1 cumin
    100g 1 kefta")? Then the measure is the size of the product before it, and the count
    opens the next line."""
    kinds = [s.kind for s in spans[i + 1:] if s.kind not in ("filler", "word")][:2]
    return kinds == ["unit", "num"]


def _roles(span: Span) -> set[str]:
    if span.kind != "concept":
        return {"raw"}
    return {LEXICON.concepts[c].role for c in span.value}


def _qualifies(line: Line, span: Span) -> bool:
    """"miel 500g thym", "3sel 1kg dyal za3tar": a qualifier after the size of a generic
    product word (a family alone) still says which one."""
    return (_roles(span) == {"qualifier"}
            and all(_roles(s) <= {"family", "soft"} for s in line.products))


def _street_names(spans: list[Span], tokens: list[str]) -> list[Span]:
    """"12 rue des Orangers", "room 204 hotel atlas", "derb zitoun": product words after a
    street word, up to the end of its clause, name the street when the clause says no
    quantity ("hay nahda, 2 kilo zaatar" and "zanqa 3 w 2 amlou" still order)."""
    street = LEXICON.street_keys
    out = list(spans)
    start = None
    for i, span in enumerate(spans + [Span("sep", None, len(tokens), len(tokens))]):
        if span.kind in ("sep", "conj"):
            if start is not None and not any(s.kind in _QTY_KINDS for s in spans[start:i]):
                for k in range(start, i):
                    if spans[k].kind in _PRODUCT_KINDS:
                        out[k] = Span("word", norm.lookup_key(tokens[spans[k].start]),
                                      spans[k].start, spans[k].end)
            start = None
        elif start is None and span.kind == "word" and span.value in street:
            start = i
    return out


def _shop_names(spans: list[Span], tokens: list[str]) -> list[Span]:
    """"is this the rose shop?", "c'est la boutique de miel ?", "l7anout dyal l3sel": the
    product words right before a word for the business, or after it and "of", describe the
    shop, when their clause says no quantity."""
    shops = {i for i, s in enumerate(spans) if s.kind == "word"
             and norm.lookup_key(tokens[s.start]) in LEXICON.business_keys}
    if not shops:
        return spans
    out = list(spans)
    for shop in shops:
        clause = _clause(spans, shop)
        if any(spans[k].kind in _QTY_KINDS for k in clause):
            continue
        k = shop - 1
        while k >= 0 and spans[k].kind in _PRODUCT_KINDS:
            k -= 1
        named = list(range(k + 1, shop))
        k = shop + 1
        if k < len(spans) and spans[k].kind == "link":
            k += 1
            while k < len(spans) and spans[k].kind in _PRODUCT_KINDS:
                named.append(k)
                k += 1
        for k in named:
            out[k] = Span("word", norm.lookup_key(tokens[spans[k].start]), spans[k].start,
                          spans[k].end)
    return out


def _clause(spans: list[Span], i: int) -> range:
    """The span indexes of the clause (between separators) holding span ``i``."""
    start = i
    while start > 0 and spans[start - 1].kind != "sep":
        start -= 1
    end = i
    while end < len(spans) and spans[end].kind != "sep":
        end += 1
    return range(start, end)


def _count_articles(spans: list[Span], tokens: list[str]) -> list[Span]:
    """"a thyme honey, a saffron": in a message of a language whose indefinite article counts
    one (``indefinite`` in ``intents/numbers.yml``), the article before a product is 1."""
    articles = LEXICON.indefinite_keys
    if not any(s.kind == "filler" and norm.lookup_key(tokens[s.start]) in articles for s in spans):
        return spans                            # (language detection only when worth it)
    words = LEXICON.indefinite.get(detect_lang_tokens(tokens))
    if not words:
        return spans
    out = list(spans)
    for i, span in enumerate(spans[:-1]):
        after = spans[i + 1]
        if after.kind == "size" and i + 2 < len(spans):
            after = spans[i + 2]
        # "… and a medium": a size word ending the clause stands for the product
        sized_alone = spans[i + 1].kind == "size" and (
            i + 2 == len(spans) or spans[i + 2].kind in ("sep", "conj"))
        if (span.kind == "filler" and span.end - span.start == 1
                and norm.lookup_key(tokens[span.start]) in words
                and (after.kind in _PRODUCT_KINDS or sized_alone)
                and not (i and spans[i - 1].kind in _QTY_KINDS)
                and not (i and spans[i - 1].kind in _PRODUCT_KINDS)):
            # (not an "à" between two words of a name: "one Pâte à tartiner" is one)
            out[i] = Span("num", 1.0, span.start, span.end)
    return out


def _pronoun_ones(spans: list[Span], tokens: list[str]) -> list[Span]:
    """"the big one", "the 1L one", "the fresh one": a "one" right after a size word, a unit
    or a product word stands for the product (``pronoun_ones`` in ``intents/numbers.yml``)
    when a number after it counts ("the big one, two bottles", "the fresh one please, 2");
    after a size's bare figure ("the 500 one") it always does."""
    out = list(spans)
    for i, span in enumerate(spans[1:], 1):
        before = spans[i - 1]
        if not (span.kind == "num" and span.value == 1 and span.end - span.start == 1
                and norm.lookup_key(tokens[span.start]) in LEXICON.pronoun_one_keys
                and before.end == span.start):
            continue
        # not "the big one": one of them; a count of its own line ("the aged one and 2 raib":
        # one aged)
        line_rest = list(itertools.takewhile(
            lambda s: s.kind != "conj" and s.kind not in _PRODUCT_KINDS, spans[i + 1:]))
        counted = any(s.kind in ("num", "times") for s in line_rest)
        # "the fresh one please, 2": after a product word too, unless a product follows
        # the "one" ("thyme honey one amlou": one amlou)
        named = before.kind in _PRODUCT_KINDS and (      # not "rose water one big": one big
            i + 1 == len(spans) or spans[i + 1].kind not in _PRODUCT_KINDS | {"size", "unit"})
        if (before.kind in ("size", "unit") and counted) or (named and counted) or (
                before.kind == "num" and before.value >= BARE_SIZE_MIN):
            out[i] = Span("filler", None, span.start, span.end)
    return out


def _one_is_pronoun(spans: list[Span], tokens: list[str]) -> bool:
    """The message's only count is a "one" right after a product or size word ("the herb
    one", "the 1L one"): ``pronoun_ones`` read as a count of one for want of another."""
    counts = [i for i, s in enumerate(spans) if s.kind in ("num", "times")]
    if len(counts) != 1 or counts[0] == 0:
        return False
    span, before = spans[counts[0]], spans[counts[0] - 1]
    return (span.kind == "num" and span.value == 1 and before.end == span.start
            and norm.lookup_key(tokens[span.start]) in LEXICON.pronoun_one_keys
            and before.kind in _PRODUCT_KINDS | {"size", "unit"})


def _short_ands(spans: list[Span], tokens: list[str]) -> list[Span]:
    """"2 amlou 250 n 1 rose water": an SMS "n" or "&" (``short_ands`` in
    ``intents/numbers.yml``) after an order line and before a quantity and its product
    joins two lines."""
    out = list(spans)
    for i in range(1, len(spans) - 2):
        span = spans[i]
        if (span.kind in ("word", "filler") and span.end - span.start == 1
                and norm.lookup_key(tokens[span.start]) in LEXICON.short_and_keys
                and any(s.kind in _PRODUCT_KINDS for s in spans[max(0, i - 3):i])
                and spans[i + 1].kind == "num" and spans[i + 2].kind in _PRODUCT_KINDS):
            out[i] = Span("conj", None, span.start, span.end)
    return out


def _compared_counts(spans: list[Span], tokens: list[str]) -> list[Span]:
    """"the difference between your two argan oils": a number after a comparing word
    (``compared_before`` in ``intents/numbers.yml``) counts what is compared, not an order."""
    out = list(spans)
    for i, span in enumerate(spans):
        if span.kind != "num":
            continue
        j = span.start - 1
        while j >= 0 and norm.lookup_key(tokens[j]) in LEXICON.compared_filler_keys:
            j -= 1
        if j >= 0 and norm.lookup_key(tokens[j]) in LEXICON.compared_keys:
            out[i] = Span("filler", None, span.start, span.end)
    return out


def _durations(spans: list[Span], tokens: list[str]) -> list[Span]:
    """"is the thyme honey 2 years old?", "jouj snin", "il se garde 6 mois ?": a number right
    before a duration word (``not_quantities.duration_after`` in ``intents/numbers.yml``) is
    an age or a shelf life, never a count, and so is one before a household word ("we are 2
    families", ``households_after``); both are ``nq``."""
    keys = LEXICON.not_quantity.get("duration_after", set()) | LEXICON.not_quantity.get(
        "households_after", set())            # "we are 2 families": who it is for
    out = list(spans)
    for i, span in enumerate(spans[:-1]):
        after = spans[i + 1]
        word = norm.key_variants(tokens[after.start])
        if (span.kind in ("num", "frac") and after.start == span.end
                and after.end == after.start + 1 and any(v in keys for v in word)):
            out[i] = Span("nq", "duration", span.start, span.end)
            out[i + 1] = Span("nq", "duration", after.start, after.end)
    return out


def _mid_corrections(spans: list[Span], tokens: list[str]) -> list[Span]:
    """"bghit 2 amlou, la smh lia 3", "2 amlou, non pardon 3": after an order line, a
    correction's lead words (``corrections.lead`` in ``intents/keywords.yml``) before a bare
    number set that line's quantity instead of adding to it."""
    out = list(spans)
    seen_line = False
    for i, span in enumerate(spans):
        if span.kind in _PRODUCT_KINDS and any(s.kind == "num" for s in spans[max(0, i - 3):i + 3]):
            seen_line = True
        if not seen_line or span.kind not in ("filler", "word") or i == 0 \
                or spans[i - 1].kind not in ("sep", "set", "filler", "word"):
            continue
        words = " ".join(norm.lookup_key(t) for t in tokens[span.start:span.end])
        if words not in LEXICON.correction_lead_keys:
            continue
        j = i + 1
        while j < len(spans) and spans[j].kind in ("filler", "word", "set", "sep") and \
                " ".join(norm.lookup_key(t) for t in tokens[spans[j].start:spans[j].end]) in \
                LEXICON.correction_lead_keys | {","}:
            j += 1
        if j < len(spans) and spans[j].kind == "num" and not any(
                s.kind in _PRODUCT_KINDS for s in spans[j + 1:j + 3]):
            out[i] = Span("set", None, span.start, span.end)
    return out


def _leading_no(spans: list[Span], tokens: list[str]) -> list[Span]:
    """"no the rose soap, not the cream", "non, le savon, pas la crème": a "no" opening the
    message answers the bot; the product after it is wanted and the one after the second
    negation is not (it removed both). So is one followed by another correction word."""
    if len(spans) < 3 or spans[0].kind != "neg":
        return spans
    lead = " ".join(norm.lookup_key(t) for t in tokens[spans[0].start:spans[0].end])
    second = " ".join(norm.lookup_key(t) for t in tokens[spans[1].start:spans[1].end])
    if lead in LEXICON.correction_lead_keys and (
            spans[1].kind == "set" or (spans[1].kind in ("filler", "word")
                                       and second in LEXICON.correction_lead_keys)):
        # "no wait, make that 2 argan", "no actually 2 argan soaps": the "no" takes back
        # what was said before, not the product that follows
        return [Span("filler", None, spans[0].start, spans[0].end)] + spans[1:]
    later = [i for i in range(2, len(spans) - 1) if spans[i].kind == "neg"
             and any(s.kind in _PRODUCT_KINDS for s in spans[i + 1:i + 3])]
    wanted = any(s.kind in _PRODUCT_KINDS for s in spans[1:later[0]]) if later else False
    if lead not in LEXICON.correction_lead_keys or not wanted:
        return spans
    return [Span("filler", None, spans[0].start, spans[0].end)] + spans[1:]


def _inside_name(spans: list[Span], i: int) -> bool:
    """A container word right between two product words ("gift box Atlas") names the
    product; "2 boxes of honey", "3sel 9er3a" still count."""
    return (0 < i < len(spans) - 1 and spans[i - 1].kind in _PRODUCT_KINDS
            and spans[i + 1].kind in _PRODUCT_KINDS)


def _same_words_joined(line: Line, spans: list[Span], i: int) -> bool:
    """"for hair and skin", "pour cheveux et peau": "and" between two words of the same
    qualifier, with no quantity after it, joins the words of one product's name."""
    if not line.has_product or i + 1 >= len(spans) or spans[i + 1].kind != "concept":
        return False
    after = spans[i + 1]
    before = {c for s in line.products if s.kind == "concept" for c in s.value}
    return (spans[i - 1].kind == "concept" and set(after.value) <= before
            and all(LEXICON.concepts[c].role == "qualifier" for c in after.value))


def _figures_of_names(tokens: list[str], index: CatalogIndex, skip: dict) -> dict[int, str]:
    """Figures written as in a product's name ("2 ras el hanout 7 épices": the 7; "un coffret
    3 miels": the 3): words of the name, never a quantity."""
    figures = index.name_figures
    if not figures:
        return {}
    out: dict[int, str] = {}
    for i, token in enumerate(tokens):
        if not token.isdigit() or i in skip:
            continue
        after = norm.key_variants(tokens[i + 1]) if i + 1 < len(tokens) else ()
        before = norm.key_variants(tokens[i - 1]) if i else ()
        if any(("after", token, k) in figures for k in after) and \
                any(("before", token, k) in figures for k in before):
            out[i] = "name"                     # both its neighbours, as in the name
        elif i >= 2 and any(("end", token, f"{norm.lookup_key(tokens[i - 2])} {k}") in figures
                            for k in before):
            out[i] = "name"                     # "pack x4" ending a name, as it does
        elif any(("after", token, k) in figures for k in after) and i and \
                _misspelt_name_word(tokens[i - 1], index):
            out[i] = "name"                     # "Coffret découerte 6 épices": a typo before
        elif i >= 2 and _said_as(tokens[i - 1], "pack_link") and _said_as(tokens[i - 2], "pack") \
                and any(figure == token for _where, figure, _word in figures):
            out[i] = "name"                     # "a set of 6 bowls" ("Lot de 6 bols"): one set
    return out


def _same_again(lines: list[Line], tokens: list[str]) -> None:
    """"2 ras el hanout 100g and the same for the cumin": a product named after "same" and
    without a count of its own takes the count of the line before, and that line's size figure
    (which picks the size only where the product comes in it: "cumin" → the 100 g)."""
    marks = [i for i, t in enumerate(tokens)
             if any(v in LEXICON.same_again_keys for v in norm.key_variants(t))]
    if not marks:
        return
    for before, line in itertools.pairwise(lines):
        if (line.has_quantity or not line.has_product or line.negated or before.negated
                or not before.has_product or not before.has_quantity):
            continue
        if not any(before.products[-1].end <= m < line.products[0].start for m in marks):
            continue
        count = read_quantity(before.quantity).count
        if count is None or count != int(count) or count < 1:
            continue
        line.quantity = [("num", count)]
        tags = before.quantity
        figures = [tags[k - 1][1] for k in range(1, len(tags))
                   if tags[k][0] == "unit" and tags[k - 1][0] == "num"]
        if len(figures) == 1 and figures[0] >= BARE_SIZE_MIN:
            line.quantity.append(("num", figures[0]))


def _misspelt_name_word(token: str, index: CatalogIndex) -> bool:
    """A word nobody knows, neither the lexicon nor the catalog, that reads as a misspelt
    word of the catalog ("découerte" for "découverte")."""
    variants = norm.key_variants(token)
    return (len(token) >= 4 and token.isalpha() and not index.raw_tag(variants)
            and not any(v in LEXICON.known_keys for v in variants)
            and index.fuzzy(norm.lookup_key(token)) is not None)


def _said_as(token: str, role: str) -> bool:
    words = LEXICON.not_quantity.get(role, set())
    return any(v in words for v in norm.key_variants(token))


def _negations_in_names(spans: list[Span], index: CatalogIndex) -> list[Span]:
    """"confiture de figues sans sucre" when a product is named so: the negation is a word of
    the name, not a removal (:attr:`CatalogIndex.negated_tags`)."""
    negated = index.negated_tags
    if not negated:
        return spans
    out = list(spans)
    for i, span in enumerate(spans[:-1]):
        after = spans[i + 1]
        tags = ({after.value} if after.kind == "raw" else
                set(after.value) if after.kind == "concept" else set())
        if span.kind == "neg" and tags and tags <= negated:
            out[i] = Span("filler", None, span.start, span.end)
    return out


def _boxes_sold(spans: list[Span], tokens: list[str], index: CatalogIndex) -> list[Span]:
    """"2 zaatar, 1 coffret", "louiza w coffret" when the catalog sells a box named so
    (:attr:`CatalogIndex.box_words`): the container word with no product beside it (up to a
    separator or "and") names the box; "2 packs of msemen" stays two packs of msemen."""
    if not index.box_words:
        return spans
    out = list(spans)
    for i, span in enumerate(spans):
        tag = next((index.box_words[key] for key in norm.key_variants(tokens[span.start])
                    if key in index.box_words), None) \
            if span.kind == "container" and span.end - span.start == 1 else None
        if tag is None:
            continue
        start, end = i, i + 1
        while start > 0 and spans[start - 1].kind not in ("sep", "conj"):
            start -= 1
        while end < len(spans) and spans[end].kind not in ("sep", "conj"):
            end += 1
        if not any(s.kind in _PRODUCT_KINDS for s in spans[start:end]):
            out[i] = Span("raw", tag, span.start, span.end)
    return out


def split_lines(spans: list[Span]) -> list[Line]:
    """Cut tagged spans into order lines (see module docstring)."""
    lines: list[Line] = []
    line = Line()

    def close(**flags) -> Line:
        if line.products or line.quantity or line.size or line.negated:
            lines.append(line)
        elif line.set_op:              # "Actually, make it 3": the "actually" carries over
            flags.setdefault("set_op", True)
        return Line(**flags)

    for i, span in enumerate(spans):
        kind = span.kind
        if kind == "sep":
            line = close(after_comma=True)
        elif kind == "conj":
            if _same_words_joined(line, spans, i):
                continue                    # "argan oil for hair and skin 50ml": one name
            if _next_kind(spans, i) == "frac" and line.last in _QTY_KINDS and not (
                    line.has_product and _product_ahead(spans, i)):
                # "jouj kilo w nss": two and a half; but "mejhoul 2 kilo w nss kilo dyal
                # boufgous" is half a kilo of the other (both were one unknown product)
                line.quantity.append(("conj",))
                line.last = "conj"
            else:
                line = close(joined_by_conj=True)
        elif kind == "remove" and line.has_product and not _product_ahead(spans, i):
            line.negated = True             # "amlou 7iydo": the removal comes after
            line = close()
        elif kind in ("neg", "remove"):
            line = close(negated=True)
        elif kind == "set":
            if line.has_product and line.has_quantity:
                line = close(set_op=True)
            else:
                line.set_op = True
        elif kind == "container" and _inside_name(spans, i):
            continue                        # "one gift box Atlas": a word of the name
        elif kind in _QTY_KINDS:
            if line.has_quantity and (
                    (line.has_product and line.last not in _QTY_KINDS | {"conj"}
                     and _product_ahead(spans, i) and not _measure_then_count(spans, i))
                    or (kind == "num" and line.has_product and line.last == "unit"
                        and not line.qty_after_product and _product_ahead(spans, i)
                        and _measure_then_count(spans, i - 2))
                    or (kind == "num" and line.size and i and spans[i - 1].kind == "size"
                        and _next_kind(spans, i) == "size")):
                line = close()              # "rose water(,) one big one small": two lines
            if line.has_product and not line.has_quantity:
                line.qty_after_product = True
            if kind == "unit":
                line.quantity.append(("unit", span.value[0], span.value[1]))
            elif kind == "times":
                line.quantity.append(("times",))
            else:
                line.quantity.append((kind, span.value))
            line.last = kind
        elif kind in _PRODUCT_KINDS:
            if (line.has_product and line.has_quantity and line.qty_after_product
                    and line.last in _QTY_KINDS and not _qualifies(line, span)):
                line = close()
            line.products.append(span)
            line.last = kind
        elif kind == "size":
            line.size = span.value
            line.sizes.append(span.value)
        elif kind == "link" and line.has_product:
            line.last = "link"  # "… 250ml dyal cheveux": the qualifier stays on this line
    close()
    return lines


def _count_of_sized(previous: Line, line: Line) -> bool:
    """Is ``line`` a bare count ("3 bottles", "2 please") for ``previous``, a product whose
    quantity is only its size ("olive oil 500ml", "amlou 250") or its container ("jars of
    jam")?"""
    nums = [t for t in line.quantity if t[0] == "num"]
    if (line.joined_by_conj or line.size or len(nums) != 1 or nums[0][1] >= BARE_SIZE_MIN
            or any(t[0] not in ("num", "container") for t in line.quantity)):
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


def _attach_orphans(lines: list[Line]) -> list[Line]:
    """Give product-less lines ("… w 500g", "… w kbir") the previous line's product, or
    hand a leading quantity to the next line; carry a negation over "w"."""
    out: list[Line] = []
    for i, line in enumerate(lines):
        if not line.has_product and (line.has_quantity or line.size):
            previous = out[-1] if out else None
            following = lines[i + 1] if i + 1 < len(lines) else None
            units = [t for t in previous.quantity if t[0] == "unit"] if previous else []
            if (following and _qualifiers_only(following) and not following.has_quantity
                    and previous and previous.has_product and previous.has_quantity
                    and line.has_quantity and not line.size and not line.negated):
                following.quantity = line.quantity + following.quantity
                continue                # "one fresh and one with herbs": the herbs one's
            if (previous and previous.has_product and previous.has_quantity and line.negated
                    and not units and not line.size and _bare_count(line)):
                previous.set_op = True  # "3 creams instead of 2", "3 crèmes pas 2": the
                continue                # count said replaces the one taken back
            if (previous and previous.has_product and line.negated and len(units) == 1
                    and [t[0] for t in line.quantity] == ["num"]):
                line.products = list(previous.products)   # "safran 1 g machi 5": not the 5 g
                line.borrowed = True
                line.quantity = line.quantity + units
                out.append(line)
                continue
            if previous and previous.has_product and not line.negated:
                if _count_of_sized(previous, line):
                    previous.quantity = line.quantity + previous.quantity
                    continue            # "olive oil 500ml, 3 bottles": three of the 500ml
                if _unit_then_count(previous, line):
                    previous.quantity = list(line.quantity)
                    continue            # "honey by the kilo? I'd like 1kg": one kilo, once
                if not previous.has_quantity and not (line.size and previous.size):
                    previous.quantity = previous.quantity + line.quantity
                    previous.size = previous.size or line.size
                    continue
                if line.after_comma and line.size and not line.has_quantity \
                        and not previous.size:
                    previous.size = line.size   # "2 black soaps, the big ones": which two
                    continue
                if line.after_comma and _measure_only(line) and _bare_count(previous, True) \
                        and not line.size and not previous.size:
                    previous.quantity = previous.quantity + line.quantity
                    continue                    # "3 rose waters, the 1L": three of the 1 L;
                    #                             "two bottles of olive oil, 1 litre each"
                line.products = list(previous.products)
                line.borrowed = True
                tags = previous.quantity
                if line.set_op and sum(t[0] == "num" for t in tags) >= 2 and tags[0][0] == "num":
                    line.quantity = line.quantity + tags[1:]   # "2 amlou 250, la 3": of the 250
                    line.size = line.size or previous.size
            elif (following and following.has_product and not following.has_quantity
                  and not line.negated):
                following.quantity = line.quantity + following.quantity
                following.size = following.size or line.size
                continue
        elif (line.has_product and line.joined_by_conj and not line.has_quantity and out
              and out[-1].negated and out[-1].has_product):
            line.negated = True
        out.append(line)
    for i in range(len(out) - 1, 0, -1):
        line, previous = out[i], out[i - 1]
        if (line.size and line.joined_by_conj and not previous.size and previous.has_product
                and not any(t[0] == "unit" for t in previous.quantity)
                and not any(t[0] == "num" and t[1] >= BARE_SIZE_MIN for t in previous.quantity)):
            previous.size = line.size       # not "… lmakla 500 w jouj amlou sghar"
    return out


MAX_MENTION_CHARS = 80
BARE_SIZE_MIN = 20          # a figure this big beside a product is its size, not a count


def _mention_text(tokens: list[str], spans: list[Span]) -> str:
    """The words of a mention, as normalised (cut to a readable length)."""
    start, end = min(s.start for s in spans), max(s.end for s in spans)
    text = " ".join(t for t in tokens[start:end] if t != norm.SEPARATOR)
    return text[:MAX_MENTION_CHARS]


def _family_split(line: Line) -> list[list[Span]]:
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
    named = [i for i in candidates if products[i].containers & said]
    if named:
        return named
    plain = [i for i in candidates if not products[i].containers - said]
    kept = plain if plain and any(products[i].containers for i in candidates) else candidates
    # "2 bottles of olive oil 5L" where the 5 L is a "bidon": the size said wins over the
    # container word (it made 10 × the 1 L bottle)
    tags = line.quantity
    stated = {round(a[1] * b[1]) for a, b in zip(tags, tags[1:], strict=False)
              if a[0] == "num" and b[0] == "unit"}
    exact = [i for i in candidates if products[i].measure in stated]
    return exact if exact and not set(exact) & set(kept) else kept


def _by_containers_alone(index: CatalogIndex, lines: list[Line], found: _Found) -> None:
    """No product named, but a container that marks one size of only one product ("deux
    bidons de 5L et une bouteille de 1L" to a cooperative whose olive oil is "1L" and "bidon
    5L"): the lines are sizes of that product, the container picking among them as it does
    beside a product word. A container all sizes say ("Smen pot 500g", "Smen pot 1kg") is
    its packaging, not a size: "le pot de 1kg" names no product."""
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
            if len(kinds) != 1:
                return
            group = index.variants[kinds.pop()]
        quantity = read_quantity(line.quantity)
        choice = choose(index, _by_container(index, group, line), quantity, line.size)
        for product_id, qty in choice.lines:
            found.items.append(Item(products[product_id].sku, qty, "add"))
            found.matched.append(products[product_id].sku)
        if choice.candidates:
            ambiguity = Ambiguity(_mention_text([], []), choice.quantity,
                                  tuple(products[i].sku for i in choice.candidates), "add")
            found.ambiguous.append(ambiguity)
            found.matched.extend(ambiguity.candidates)
        if not quantity.empty:
            found.has_quantity = True


def _is_family(span: Span) -> bool:
    """Does a product span say what the product is (a family concept)?"""
    return span.kind == "concept" and any(LEXICON.concepts[c].role == "family"
                                          for c in span.value)


def _resolve_line(index: CatalogIndex, tokens: list[str], line: Line, spans: list[Span],
                  quantity: Quantity, context: list[str], found: _Found,
                  before: frozenset[str] = frozenset()) -> bool:
    """Match one mention; record it in ``found``. False when nothing matched at all.
    ``before``: the product words of the mention before it, for one made of colours only."""
    strict, soft = split_tags(_tags_of(spans))
    if not strict and soft and (line.joined_by_conj or line.has_quantity):
        strict = set(before)        # "2 green olives and 1 black": the black olives
    if not strict and soft and line.has_quantity:
        strict = _named_by_quality_words(index, tokens, spans)
    if not strict:
        return False
    # the customer's own words for which one (not what it is: "tmer" is in an alias of one
    # kind of dates and still names them all)
    words = frozenset(key for span in spans if not _is_family(span)
                      for i in range(span.start, span.end)
                      if i < len(tokens) for key in norm.key_variants(tokens[i]))
    candidates = match(index, strict, soft, words)
    if not candidates:
        dual = _colour_or_product(spans)
        if dual and strict - dual:
            strict = strict - dual
            candidates = match(index, strict, soft, words)
    if context and not any(LEXICON.concepts[t].role == "family"
                           for t in strict if not t.startswith("~")):
        # only products that ARE of the family said before: not a box that lists it
        # ("2 msemen w 1 batbout" is the batbout, not the "Coffret (msemen + batbout)")
        said = strict | set(context)
        with_family = [i for i in match(index, said, soft, words)
                       if index.products[i].head in said]
        taken = {index.products[i].variant for i in with_family} & _variants_taken(index, found)
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
    candidates = _by_container(index, candidates, line)
    priced = [i for i in candidates if index.products[i].price in found.prices]
    if len(candidates) > 1 and len(priced) == 1:
        candidates = priced         # "2 of the 35dh one" after the prices of two sizes
    text = _mention_text(tokens, spans)
    if not candidates:
        found.unknown.append(text)
        for sku in suggest(index, strict):
            if sku not in found.suggestions:
                found.suggestions.append(sku)
        return True
    products = index.products
    choice = choose(index, candidates, quantity, line.size)
    if line.borrowed and not choice.lines and (quantity.measure is not None or line.size):
        families = {t for i in candidates for t in _families(index.products[i].tags)}
        wider = match(index, families, set(), frozenset()) if families else []
        other = choose(index, wider, quantity, line.size) if wider else choice
        if other.lines:     # "deux bidons de 5L et une de 1L": the 1L of the same oil
            choice = other
    op = "remove" if line.negated else ("set" if line.set_op and not quantity.empty else "add")
    if op == "set":
        found.set_quantity = True
    if _names_it_again(found, line, quantity, choice, products):
        return True         # "1 black soap with eucalyptus 200g", "1 Zammita / sellou 500g"
    found.counted = quantity.count is not None
    if choice.lines:
        for product_id, qty in choice.lines:
            item = Item(products[product_id].sku, qty, op)
            if line.negated and line.borrowed and any(i.sku == item.sku for i in found.items):
                continue        # "jouj kilo mejhoul machi wa7ed": the count, no removal
            (found.removed if line.negated else found.items).append(item)
            found.matched.append(item.sku)
    elif choice.candidates:
        ambiguity = Ambiguity(text, choice.quantity,
                              tuple(products[i].sku for i in choice.candidates), op)
        (found.removed if line.negated else found.ambiguous).append(ambiguity)
        found.matched.extend(ambiguity.candidates)
    if not quantity.empty and not line.negated:
        found.has_quantity = True
    return True


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
    return shared if _families(shared) else set()


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


def _colour_or_product(spans: list[Span]) -> set[str]:
    """The product readings of words that are also a colour ("k7el": black or kohl): "zitoun
    k7el" is the black olives when no product is both an olive and kohl."""
    return {c for span in spans if span.kind == "concept" and len(span.value) > 1
            and any(LEXICON.concepts[v].role == "soft" for v in span.value)
            for c in span.value if LEXICON.concepts[c].role != "soft"}


def _tags_of(spans: list[Span]) -> list[str]:
    out: list[str] = []
    for span in spans:
        values = span.value if span.kind == "concept" else (span.value,)
        out.extend(v for v in values if v not in out)
    return out


def _families(tags: Iterable[str]) -> list[str]:
    return [t for t in tags if not t.startswith("~") and LEXICON.concepts[t].role == "family"]


def _qualifiers_only(line: Line) -> bool:
    """Only qualifiers, or catalog words of the lexicon's unknown ("the fresh kind")."""
    return line.has_product and all(
        s.kind == "raw" or (s.kind == "concept"
                            and all(LEXICON.concepts[c].role == "qualifier" for c in s.value))
        for s in line.products)


def _variants(index: CatalogIndex, tags: list[str]) -> set[int]:
    return {index.products[i].variant for i in match(index, *split_tags(tags))}


def _join_with_words(index: CatalogIndex, lines: list[Line]) -> list[Line]:
    """"black soap with eucalyptus x2", "savon beldi m3a l'eucalyptus", "2 black soaps, the
    eucalyptus ones", "x3 (the fresh kind)": a line of qualifiers only (unless joined by
    "with": without a count of its own),
    joined to a product the catalog has in several kinds, is which kind it is when together
    they name fewer kinds (never a second, vague "which soap?")."""
    out: list[Line] = []
    for line in lines:
        previous = out[-1] if out else None
        if (previous is not None and _qualifiers_only(line)
                and (line.joined_by_conj or not line.has_quantity)
                and not line.negated and not previous.negated and previous.has_product
                and (_families(split_tags(previous.tags())[0])       # "goat cheese": the
                     or any(t.startswith("~") for t in previous.tags()))  # catalog's words
                and not (previous.has_quantity and line.has_quantity
                         and not (_bare_count(previous) and _measure_only(line)))):
            alone = _variants(index, previous.tags())
            together = _variants(index, previous.tags() + line.tags())
            if len(alone) > 1 and together and len(together) < len(alone):
                previous.products = previous.products + line.products
                previous.quantity = previous.quantity + line.quantity
                previous.size = previous.size or line.size
                previous.sizes = previous.sizes + line.sizes
                continue
        out.append(line)
    return out


def _counts_split(lines: list[Line]) -> list[Line]:
    """"2 goat cheeses, one fresh and one with herbs": a product counted, then kinds of it
    whose counts add up to that count — the kinds are the order, the first count was their
    sum (not a third line asking "which goat cheese?" for two more)."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        j = i + 1
        while j < len(lines) and _qualifiers_only(lines[j]) and _bare_count(lines[j]) \
                and not lines[j].negated:
            j += 1
        kinds = lines[i + 1:j]
        if (len(kinds) >= 2 and line.has_product and not line.negated and _bare_count(line)
                and not _qualifiers_only(line)
                and sum(k.quantity[0][1] for k in kinds) == line.quantity[0][1]):
            for kind in kinds:
                kind.products = line.products + kind.products
            out.extend(kinds)
            i = j
            continue
        out.append(line)
        i += 1
    return out


def _figure(token: str) -> float | None:
    try:
        return float(token.replace(",", "."))
    except ValueError:
        return None


def resolve_lines(index: CatalogIndex, tokens: list[str], lines: list[Line],
                  prices: set[float] | None = None) -> _Found:
    """Resolve every order line against the catalog (``prices``: the prices the message
    says, which tell several products apart: "2 of the 35 dh one")."""
    found = _Found()
    found.prices = set(prices or ())
    # each line's product tags, with the items and ambiguities it gave, its count and size
    outcomes: list[tuple[frozenset[str], list[Item], list[Ambiguity], Quantity, str | None]] = []
    after_comma: list[bool] = []        # and whether a comma or colon set it apart
    lines = _counts_split(lines)
    context: list[str] = []
    before: frozenset[str] = frozenset()
    if not any(line.has_product for line in lines):
        _by_containers_alone(index, lines, found)
    for line in _join_with_words(index, lines):
        if not line.has_product:
            continue
        quantity = read_quantity(line.quantity)
        strict, soft = split_tags(line.tags())
        dual = _colour_or_product(line.products)
        if (len(_families(strict)) > 1 and not match(index, strict, soft)
                and not (dual and len(_families(strict - dual)) == 1
                         and match(index, strict - dual, soft))):
            groups = _family_split(line)
        else:
            groups = [line.products]
        for n, spans in enumerate(groups):
            counts = (len(found.items), len(found.ambiguous))
            _resolve_line(index, tokens, line, spans, quantity if n == 0 else Quantity(),
                          context, found, before)
            said = frozenset(split_tags(_tags_of(spans))[0])
            outcomes.append((said, found.items[counts[0]:], found.ambiguous[counts[1]:],
                             quantity if n == 0 else Quantity(), line.size))
            after_comma.append(line.after_comma and n == 0)
            context = _families(_tags_of(spans)) or context
            before = said or before
    if found.ambiguous and len(outcomes) > 1:
        _told_apart(index, found, outcomes)
    if found.ambiguous and len(outcomes) > 2:
        _drop_announced_totals(found, outcomes, after_comma)
    return found


def _by_dimensions(index: CatalogIndex, dims: frozenset[str], items: list[Item],
                   ambiguous: list[Ambiguity]) -> tuple[list[Item], list[Ambiguity]]:
    """"a tagine 30 cm", "tajines pour 6 personnes": the sizes a length or a number of
    people says pick the products whose names say them, among the ones asked about (listed
    without counts) and among a mention's candidates."""
    if len(items) > 1 and all(i.quantity is None for i in items):
        kept = set(by_dimensions(index, [i.sku for i in items], dims))
        items = [i for i in items if i.sku in kept]
    narrowed: list[Ambiguity] = []
    for amb in ambiguous:
        picked = by_dimensions(index, amb.candidates, dims)
        if len(picked) == 1:
            items = items + [Item(picked[0], amb.quantity, amb.op)]
        else:
            narrowed.append(dataclasses.replace(amb, candidates=tuple(picked)))
    return items, narrowed


def _drop_announced_totals(found: _Found, outcomes: list, after_comma: list[bool]) -> None:
    """"4 soaps: 2 honey, 2 olive", "3 sabounat, 2 dyal l3sel w wa7ed dyal zitoun": a count
    of a kind, then after a comma or colon lines of products of that kind adding up to it,
    announces the lines; it is no line of its own (it was a "which soap?" on top of them)."""
    for k, (_said, items, vague, _q, _s) in enumerate(outcomes):
        if len(vague) != 1 or items:
            continue                      # the total is one "which one?" and nothing else
        total, parts = vague[0], list[Item]()
        for m in range(k + 1, len(outcomes)):
            _t, p_items, p_vague, _q2, _s2 = outcomes[m]
            if p_vague or len(p_items) != 1 or (not parts and not after_comma[m]):
                break
            parts.append(p_items[0])
        candidates = set(total.candidates)
        if (total.quantity and len(parts) >= 2 and total.op == "add"
                and all(i.quantity and i.sku in candidates and i.op == "add" for i in parts)
                and sum(i.quantity or 0 for i in parts) == total.quantity):
            found.ambiguous = [a for a in found.ambiguous if a is not total]


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


def _merge_items(items: list[Item]) -> list[Item]:
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


def _bare_number(spans: list[Span], tokens: list[str], phrases: list[str]) -> int | None:
    """A number given alone or nearly alone ("3", "jouj 3afak", "khlli ghir 2", "sorry, make
    it 2", "pardon, 3 pas 1")."""
    clause = _set_clause(spans)
    if clause is not None:      # "actually make it 2, one is for my sister": the rest is said
        spans, tokens = spans[:clause], tokens[:spans[clause].start]     # about it
    words = [t for t in tokens if t != norm.SEPARATOR]
    if not words or len(words) > 6:
        return None
    # "pardon, 3 pas 1", "jouj machi wa7ed": a negated number is the one taken back
    numbers = [s for i, s in enumerate(spans)
               if s.kind == "num" and not (i and spans[i - 1].kind == "neg")]
    if len(numbers) != 1:
        return None
    # "3 jars", "jouj 9ra3i": a count of the containers the product comes in
    counted = {i + 1 for i, s in enumerate(spans[:-1]) if s is numbers[0]}
    if any(s.kind in ("unit", "container", "concept", "raw", "frac", "times", "ord")
           and not (s.kind == "container" and i in counted) for i, s in enumerate(spans)):
        return None
    # "jouj 3afak", "khlli ghir 2", but not "bni makada 14" (an address, a name)
    if any(s.kind == "word" and s.value not in LEXICON.known_keys for s in spans):
        return None
    if _has_word(phrases, LEXICON.address_keys) and not _number_word_before(
            tokens, numbers[0]):
        return None                             # "zanqa 5", "raqm dyal dar 12": a house
    # number; but "raqm 3", "numéro 3", "رقم 3" right after a list pick from it
    value = numbers[0].value
    if value <= 0 or not float(value).is_integer():
        return None
    return int(value)


def _set_clause(spans: list[Span]) -> int | None:
    """Where a "make it 2" clause ends (the index of the separator after it) when a remark
    without products or measures follows ("make it 2, one is for my sister"); else None."""
    for i in range(1, len(spans) - 1):
        if spans[i].kind == "num" and spans[i - 1].kind == "set" and spans[i + 1].kind == "sep":
            rest = spans[i + 2:]
            if rest and not any(s.kind in ("set", "unit", "container", "concept", "raw", "frac",
                                           "times", "ord", "neg") for s in rest):
                return i + 1
            return None
    return None


def _number_word_before(tokens: list[str], number: Span) -> bool:
    """Whether the only number of a short message comes right after "raqm" / "numéro"."""
    before = [t for t in tokens[:number.start] if t != norm.SEPARATOR]
    return bool(before) and norm.lookup_key(before[-1]) in details.number_words()


def _bare_ordinal(spans: list[Span], tokens: list[str]) -> int | None:
    """An ordinal given alone or nearly alone ("الثاني", "le 2eme", "the second one",
    "lakher 3afak"): a position in the list the customer was shown (``LAST``: its end)."""
    words = [t for t in tokens if t != norm.SEPARATOR]
    ordinals = [s for s in spans if s.kind == "ord"]
    if not words or len(words) > 4 or len(ordinals) != 1:
        return None
    ordinal = ordinals[0]
    for span in spans:
        if span.kind in ("unit", "container", "concept", "raw", "frac", "times"):
            return None
        # "the second one", "lowel wa7ed": a "one" right after the ordinal is a pronoun
        if span.kind == "num" and not (span.value == 1 and span.start == ordinal.end):
            return None
    return ordinal.value


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
                       or _glued_joiner(tokens[span.start], span)):
            return [before, [s for s in line.products if s.start >= span.start]]
    return None


def _glued_joiner(token: str, span: Span) -> bool:
    """"بدل الشيح بالمرددوش": the joiner stuck to the new product's word (Arabic script, the
    word read without it), when that word says what the product is ("بدل العسل بالزعتر" is
    the honey's kind, one line)."""
    key = norm.lookup_key(token)
    if not norm.is_arabic(token) or key in LEXICON.known_keys or (
            span.kind == "raw" and span.value == "~" + key) or not (
            span.kind == "raw" or _is_family(span)):
        return False
    return any(key.startswith(j) and len(key) - len(j) >= 3
               for j in LEXICON.replace_joiner_keys if norm.is_arabic(j))


def _corrects(tokens: list[str], phrases: list[str]) -> bool:
    """Whether a message opens with "no" or an apology ("non pardon 2 ghassoul", "la smah
    lia, …") and adds nothing ("la, zid 2 amlou"): its quantities replace the basket's."""
    words = [norm.lookup_key(t) for t in tokens if t != norm.SEPARATOR]
    if not words:
        return False
    opening = {words[0]} | ({f"{words[0]} {words[1]}"} if len(words) > 1 else set())
    return (bool(opening & LEXICON.correction_lead_keys)
            and not _has_word(phrases, LEXICON.correction_adding_keys))


def _swap_lines(tokens: list[str], lines: list[Line]) -> bool:
    """"bdel amlou b ghassoul": a replace word first, then two products — the first one
    becomes a removal, the second an addition. True when the message was read so."""
    words = [norm.lookup_key(t) for t in tokens if t != norm.SEPARATOR]
    lead = 0
    while lead < min(len(words), 3) and (         # "la sm7li, bdel …", "non pardon, remplace …"
            words[lead] in LEXICON.correction_lead_keys
            or " ".join(words[lead:lead + 2]) in LEXICON.correction_lead_keys):
        lead += 2 if " ".join(words[lead:lead + 2]) in LEXICON.correction_lead_keys else 1
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
        groups = _joiner_split(tokens, products[0]) or _family_split(products[0])
        if len(groups) != 2:
            return False
        line = products[0]
        products = [Line(products=groups[0]), Line(products=groups[1], quantity=line.quantity,
                                                   size=line.size)]
        lines[lines.index(line):lines.index(line) + 1] = products
    if len(products) != 2 or any(line.negated for line in products):
        return False
    products[0].negated = True
    for line in products:
        line.set_op = False
    return True


def _each(lines: list[Line], phrases: list[str]) -> None:
    """"Tchicha et belboula, 2 kg chacune", "barley flour and tchicha, 3 of each", "2 of
    each: carob 500g and barley flour": the one count said with "each" (before the products,
    on no product, or after one of them) is every named product's; a product that came with
    only its size ("carob 500g") takes it before that size."""
    if not _has_word(phrases, LEXICON.each_keys):
        return
    named = [line for line in lines if line.has_product and not line.negated]
    if len(named) < 2:
        return
    counts = [line for line in lines if not line.negated and _bare_count(line)]
    if len(counts) == 1:
        for line in named:
            if not line.has_quantity:
                line.quantity = list(counts[0].quantity)
            elif line is not counts[0] and _measure_only(line):
                line.quantity = [counts[0].quantity[0], *line.quantity]
        return
    counted = [line for line in named if line.has_quantity]
    nums = [t for t in counted[0].quantity if t[0] == "num"] if len(counted) == 1 else []
    measured = len(counted) == 1 and any(t[0] == "unit" for t in counted[0].quantity)
    if (len(nums) == 1 and nums[0][1] < BARE_SIZE_MIN) or measured:
        for line in named:          # "2 kg chacune", "a 250g jar of each, ras el hanout and
            if not line.has_quantity:                                        # cumin"
                line.quantity = list(counted[0].quantity)


def _bare_count(line: Line, containers: bool = False) -> bool:
    """The line's quantity is one small figure alone ("2", not "500g" nor "2 kg"); with
    ``containers``, also with its container word ("two bottles")."""
    tags = [t for t in line.quantity if t[0] != "conj" and not (containers and t[0] == "container")]
    return len(tags) == 1 and tags[0][0] == "num" and tags[0][1] < BARE_SIZE_MIN


def _measure_only(line: Line) -> bool:
    """The line's quantity is one amount with its unit ("500g", "1kg"), no count before it."""
    tags = [t for t in line.quantity if t[0] != "conj"]
    return len(tags) == 2 and tags[0][0] == "num" and tags[1][0] == "unit"


def _instead_of(lines: list[Line]) -> bool:
    """"the rose soap, not the cream", "le savon pas la crème": one product wanted, then one
    taken back, neither counted — the second is replaced by the first, with its quantity."""
    products = [line for line in lines if line.has_product]
    return (len(products) == 2 and not products[0].negated and products[1].negated
            and not products[0].has_quantity and not products[1].has_quantity)


def _phrases(tokens: list[str]) -> list[str]:
    """Lookup keys of the message's two-word phrases, then of its words."""
    words = [norm.lookup_key(t) for t in tokens if t != norm.SEPARATOR]
    return [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)] + words


def _has_word(phrases: list[str], keys: set[str]) -> bool:
    """Whether a word or two-word phrase of the message is one of ``keys``."""
    return any(k in keys for k in phrases)


def _field_named(phrases: list[str]) -> str | None:
    """The delivery detail a message names ("bdel l3onwan" → "address"), if any."""
    return next((LEXICON.field_keys[k] for k in phrases if k in LEXICON.field_keys), None)


_MEMO: dict[tuple[int, str], Parse] = {}
_MEMO_SIZE = 4096        # parses kept, all catalogs together (a few MB at most)
_MEMO_CHARS = 200        # longer messages are rarely written twice
_MEMO_TOKENS = itertools.count(1)


def memoised(index: CatalogIndex) -> CatalogIndex:
    """``index``, its parses of short messages kept from now on: for an index nobody changes,
    like the webhook's per-catalog-version one ("oui", "2", "wah", a city: asked again and
    again; parsing is a deterministic function of the text and the index)."""
    index.memo_token = next(_MEMO_TOKENS)
    return index


def parse(text: str, catalog) -> Parse:
    """Understand one customer message against a catalog (product dicts or an index)."""
    token = getattr(catalog, "memo_token", None)
    if token is None or not isinstance(text, str) or len(text) > _MEMO_CHARS:
        return _parse(text, catalog)
    key = (token, text)
    found = _MEMO.get(key)
    if found is None:
        found = _parse(text, catalog)
        if len(_MEMO) >= _MEMO_SIZE:
            _MEMO.clear()
        _MEMO[key] = found
    return found


def _parse(text: str, catalog) -> Parse:
    index = get_index(catalog)
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    tokens = norm.tokens(without_contents(text[:MAX_CHARS], index))[:MAX_TOKENS]
    if not tokens:
        return Parse(intent="unknown", lang=detect_lang_tokens([]), lang_confident=False)
    tokens = split_glued_and(tokens, index)
    phrases = _phrases(tokens)
    skip = non_quantities(tokens)
    skip.update(_figures_of_names(tokens, index, skip))
    raw_spans = _street_names(_count_articles(tag_tokens(tokens, index, skip), tokens), tokens)
    spans = _leading_no(_shop_names(raw_spans, tokens), tokens)
    spans = _compared_counts(_short_ands(_pronoun_ones(spans, tokens), tokens), tokens)
    spans = _mid_corrections(_durations(_size_questions(spans, tokens), tokens), tokens)
    spans = _boxes_sold(_negations_in_names(spans, index), tokens, index)
    lines = _attach_orphans(split_lines(spans))
    _same_again(lines, tokens)
    _each(lines, phrases)
    replace = _swap_lines(tokens, lines) or _instead_of(lines)
    if not replace and _corrects(tokens, phrases):
        for line in lines:                      # "non pardon 2 ghassoul": that many, not more
            if line.has_product and line.has_quantity and not line.negated:
                line.set_op = True
    prices = {f for i, role in skip.items()     # not "220 dh l kilo": a price per unit
              if role == "price" and skip.get(i + 2) != "price"
              and (f := _figure(tokens[i])) is not None}
    found = resolve_lines(index, tokens, lines, prices)

    product_spans = [s for s in spans if s.kind in _PRODUCT_KINDS]
    product_positions = {i for s in product_spans for i in range(s.start, s.end)}
    located = locate_city(tokens, product_positions)
    city = located[0] if located else None
    city_positions = set(range(located[1], located[2])) if located else set()
    lang = detect_lang_tokens(tokens, city_positions)
    scores = cue_scores(tokens)
    order_noun = False
    if scores.get("status") or scores.get("cancel"):
        nouns = {i for i, t in enumerate(tokens)
                 if any(v in LEXICON.order_noun_keys for v in norm.key_variants(t))}
        if nouns:
            order_noun = True
            scores = cue_scores(tokens, nouns)
    number = _bare_number(spans, tokens, phrases)
    ordinal = _bare_ordinal(spans, tokens)
    has_products = bool(found.items or found.ambiguous or found.removed or found.unknown)
    only_removals = bool(found.removed) and not (found.items or found.ambiguous)
    intent = classify(scores, has_products=has_products, has_quantity=found.has_quantity,
                      only_removals=only_removals,
                      bare_number=number is not None or ordinal is not None,
                      order_noun=order_noun,
                      cancel_lead=_has_word(phrases, LEXICON.cancel_lead_keys))
    order_ref = next((tokens[i] for i, kind in sorted(skip.items()) if kind == "ref"), None)
    # "is this the honey shop?": only the shop is described; yes, welcome (no question left)
    shop_only = not has_products and intent in ("unknown", "greet", "catalog") and any(
        s.kind == "word" and norm.lookup_key(tokens[s.start]) in LEXICON.business_keys
        for s in spans) and any(s.kind in _PRODUCT_KINDS for s in raw_spans)
    if shop_only:
        intent = "greet"
    if order_ref and not has_products and intent in ("order", "unknown"):
        intent = "status"                       # "T-1042", "commande 1042": that order

    items, ambiguous = _merge_items(found.items), found.ambiguous
    asked_counts = tuple(i for i in items if i.quantity and i.op == "add") \
        if intent in ("price", "catalog") and found.has_quantity and not ambiguous else ()
    if intent in ("price", "catalog", "delivery", "status", "human", "cancel") and has_products:
        # a question about products lists them all, without quantities
        seen: list[str] = []
        for sku in found.matched:
            if sku not in seen and (intent == "cancel" or not any(
                    sku == r.sku for r in found.removed if isinstance(r, Item))):
                seen.append(sku)
        items, ambiguous = [Item(sku, None) for sku in seen], []
    dims = dimensions(tokens)
    if dims:
        items, ambiguous = _by_dimensions(index, dims, items, ambiguous)

    set_quantity = found.set_quantity or (
        number is not None and any(s.kind == "set" for s in spans))
    size_hint = None
    if not any(t[0] == "unit" for line in lines for t in line.quantity):
        size_hint = next((s.value for s in spans if s.kind == "size"), None)
    asked = detect_question(text, tokens, product_positions,
                            {i for s in spans if s.kind != "word" for i in range(s.start, s.end)},
                            city_positions)
    return Parse(
        intent=intent,
        lang=lang,
        items=tuple(items),
        ambiguous=tuple(ambiguous),
        city=city,
        removed=tuple(found.removed),
        set_quantity=set_quantity,
        unknown_products=tuple(found.unknown),
        suggestions=tuple(found.suggestions[:3]),
        number=number,
        ordinal=ordinal,
        size_hint=size_hint,
        dimensions=tuple(sorted(dims)),
        containers=tuple(dict.fromkeys(s.value for s in spans if s.kind == "container")),
        sizes=tuple(s.value for s in spans if s.kind == "size"),
        address_cue=_has_word(phrases, LEXICON.address_keys),
        cart_cue=_has_word(phrases, LEXICON.cart_keys),
        guessed=bool(product_spans) and all(s.fuzzy for s in product_spans),
        replace=replace and bool(found.removed),
        field=_field_named(phrases),
        phone="".join(tokens[i] for i, kind in sorted(skip.items())
                      if kind == "phone").replace(".", "") or None,
        order_ref=order_ref,
        topic=None if shop_only else asked.topic,
        topic_score=0.0 if shop_only else asked.score,
        also_topics=() if shop_only else asked.also,
        topic_apart=not shop_only and asked.apart,
        # "bghit 2 amlou?" orders and "labas?" greets; "which one do I need?" asks
        question=not shop_only and (
            asked.question or (asked.mark and (asked.topic or intent not in _NOT_QUESTIONS)
                               and (not scores.get("order") or bool(scores.get("inquiry"))
                                    or asked.score >= CLEAR_TOPIC))),
        unknown_words=asked.unknown_words,
        restart=bool(scores.get("cancel")) and not found.removed and bool(items or ambiguous)
        and intent == "order",
        lang_confident=lang_shown(tokens, city_positions | name_positions(spans)),
        asked_counts=asked_counts,
        one_is_pronoun=_one_is_pronoun(spans, tokens),
    )
