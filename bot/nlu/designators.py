"""Rows told apart by a figure of their names that is no size ("Babouche cuir jaune pointure
38" … "44", "Djellaba homme laine taille 54", "Tapis berbère N°3", "Coussin brodé modèle 2"):
the figure is the row's *designator*. :func:`assign` finds them once per catalog: the rows of
one variant group whose names differ by one figure and nothing else, the figure followed by no
unit, container, length or number of people, nor written after "x" (a pack: "pack x4").

In a message (:func:`mark`), a figure that is one of the catalog's designators says WHICH
row, never how many, when it is written

* right after product words whose rows it tells apart ("babouches jaunes 40", "k7la 42");
* after a label word (``designator_labels`` in intents/numbers.yml: "pointure 40", "size 44",
  "n°3", "مقاس 40"), the product words before it (counts in between skipped: "one black pair
  size 42") being such rows, or none at all ("pointure 40" answering "which one?");
* after a link word right after such product words (``designator_links``: "brodées en 39",
  "sefra f 40", "in 44"), or after no product words at all ("f 40", "finalement en 54",
  "3 dyal 42"), unless a unit or a container follows ("en 2 exemplaires", "jouj dyal 5 l");
* between a count and such product words ("jouj 42 babouches noires": a count is there);
* after "and", or "and" and a count, after a designator of the same product ("noir 40 et
  42", "sefra 38 w wa7da 40"), or alone after a comma ("noir 40, 42").

A figure before the product words with no count before it stays a count ("40 babouches").
A letter size the catalog's rows are told apart by ("T-shirt brodé M") names a row wherever
it stands ("…, 2 M et 1 XL"), unless it follows a figure as a unit where products are
measured ("1 l").
Such a figure becomes a ``desig`` span (its value the figure): the order lines keep it as
which row they name, out of their quantities.
"""

from __future__ import annotations

from collections.abc import Iterable

from . import textnorm as norm
from .grammar import Span, readings
from .lexicon import LEXICON
from .numbers import BARE_SIZE_MIN, NAME_SIZE

KIND = "desig"
Designator = float | str       # a figure ("pointure 40": 40.0) or a letter size ("xl")
_PRODUCT_KINDS = frozenset({"concept", "raw"})
_COUNT_KINDS = frozenset({"num", "container", "frac", "times"})
_LISTING = frozenset({"sep", "conj", "num"})       # what stands between listed rows' figures


def letter_size(token: str) -> str | None:
    """The letter size a word is ("XL", "m": ``letter_sizes`` in intents/numbers.yml)."""
    key = token.lower()
    return key if key in LEXICON.not_quantity.get("letter_sizes", ()) else None


def assign(products: list, variants: dict[int, list[int]]) -> frozenset[Designator]:
    """Set ``designator`` on the rows of each variant group told apart by one figure of their
    names (see module doc); every designator of the catalog."""
    found: set[Designator] = set()
    for members in variants.values():
        if len(members) < 2:
            continue
        values = _figures_apart([norm.tokens(products[i].name) for i in members])
        if values is None:
            continue
        for i, value in zip(members, values, strict=True):
            products[i].designator = value
        found.update(values)
    return frozenset(found)


def _figures_apart(names: list[list[str]]) -> list[Designator] | None:
    """The figure each name says where the names differ, when they differ in one word only
    and it is a figure of each (or a letter size ending each name: "T-shirt XL"), no two the
    same and no size; else None. A letter size the names differ by besides figures alone
    ("Planche S (20cm)", "Planche M (30cm)") is theirs wherever it stands."""
    if len({len(words) for words in names}) != 1:
        return None
    apart = [k for k in range(len(names[0])) if len({words[k] for words in names}) > 1]
    lettered = [k for k in apart if k and not names[0][k - 1].isdigit()
                and all(letter_size(words[k]) for words in names)]
    if len(apart) > 1 and len(lettered) == 1 \
            and all(words[k].isdigit() for k in apart if k != lettered[0] for words in names):
        # "Planche … S (20cm)" … "M (30cm)": the letter size says which row, the figures
        # beside it only what that size measures
        apart = lettered
    if len(apart) != 1:
        return None
    k = apart[0]
    if (k == len(names[0]) - 1 or k in lettered) and all(letter_size(words[k]) for words in names):
        letters = [words[k].lower() for words in names]
        return list(letters) if len(set(letters)) == len(letters) else None
    if not all(words[k].isdigit() for words in names):
        return None
    values: list[Designator] = [float(words[k]) for words in names]
    if len(set(values)) != len(values):
        return None
    words = names[0]
    if k + 1 < len(words) and (readings(words[k + 1]) & {"unit", "container"}
                               and not _pieces(words[k + 1])
                               or _said_as(words[k + 1], ("length", "people"))):
        return None                      # "Miel 250 g", "Tajine 30 cm", "Lot de 6 pots"
    #                                      (but "Nougat boîte 12 pcs" / "24 pcs": which box)
    if k and "times" in readings(words[k - 1]):
        return None                      # "Raïb pack x4": how many the pack holds
    return values


def _pieces(token: str) -> bool:
    """Is the word a count of pieces ("pcs", "pièces", "unités": the ``piece`` container)? A
    figure before it in a name says how many pieces a box holds, which box, never a size."""
    pieces = LEXICON.container_keys.get("piece", frozenset())
    return any(k in pieces for k in norm.key_variants(token))


def _said_as(token: str, roles: Iterable[str]) -> bool:
    keys = norm.key_variants(token)
    return any(k in LEXICON.not_quantity.get(role, ()) for role in roles for k in keys)


def mark(spans: list[Span], tokens: list[str], index) -> list[Span]:
    """``spans`` with the figures that name a row (see module doc) as ``desig`` spans."""
    values = index.designators
    if not values:
        return spans
    out = list(spans)
    for k, span in enumerate(spans):
        value = _figure(span, tokens, values)
        if value is None:
            continue
        if _after_pronoun_one(spans, tokens, k):
            # "yellow slippers 42 and black ones 40", "the black one 40": the "one" stands
            # for the product words before it, the figure is read as right after them
            view, at = spans[:k - 1] + spans[k:], k - 1
        else:
            view, at = out, k
        if isinstance(value, str) and not (span.kind == "unit" and any(
                info.measure for info in index.products)):
            out[k] = Span(KIND, value, span.start, span.end)    # "…, 2 M et 1 XL": always
        elif value in values and _names_row(index, view, tokens, at, value) \
                or isinstance(value, float) and value not in values \
                and _names_no_row(index, view, tokens, at, value):
            out[k] = Span(KIND, value, span.start, span.end)
    return out


def _after_pronoun_one(spans: list[Span], tokens: list[str], k: int) -> bool:
    """``spans[k]`` follows a "one"/"ones" (``pronoun_ones``) written right after product
    words."""
    if k < 2:
        return False
    one, words = spans[k - 1], spans[k - 2]
    return (one.end - one.start == 1 and words.kind in _PRODUCT_KINDS
            and words.end == one.start
            and norm.lookup_key(tokens[one.start]) in LEXICON.pronoun_one_keys)


def _names_no_row(index, spans: list[Span], tokens: list[str], k: int, value: float) -> bool:
    """A figure no row has, said where a row's would be: after a label ("size 41", "pointure
    41") or right after product words ("babouche jaune 41") whose rows are told apart by
    figures around it (within theirs). It says which row (there is none), never how many:
    "which one?" follows, never 41 pairs."""
    if not k:
        return False
    before = spans[k - 1]
    labelled = _word(before, tokens) in LEXICON.not_quantity.get("designator_labels", ())
    if labelled:
        mention = _mention_before(spans, k if before.kind in _PRODUCT_KINDS else k - 1,
                                  skip_counts=True)
    elif before.kind in _PRODUCT_KINDS:
        mention = _mention_before(spans, k)
    else:
        return False
    rows = _rows_of(index, mention)
    figures = [index.products[i].designator for i in rows
               if isinstance(index.products[i].designator, float)]   # not letter sizes
    if not figures:
        return False
    return labelled or min(figures) <= value <= max(figures)


def _rows_of(index, mention: list[Span]) -> frozenset[int]:
    """The rows the product words fit (each word, in any of its readings)."""
    rows: frozenset[int] | None = None
    for span in mention:
        tags = span.value if span.kind == "concept" else (span.value,)
        fit = frozenset().union(*(index.postings.get(t, frozenset()) for t in tags))
        rows = fit if rows is None else rows & fit
    return rows or frozenset()


def _figure(span: Span, tokens: list[str], values: frozenset[Designator]) -> Designator | None:
    """The value of a figure written in digits that may be a designator: a number, or a word
    of a product's name as the message writes it ("… pointure 40"); or a letter size the
    catalog's rows are told apart by ("2 t-shirts M", "taille XL")."""
    if span.end != span.start + 1:
        return None
    token = tokens[span.start]
    if span.kind not in ("num", "nq") or (span.kind == "nq"
                                           and span.value not in ("name", NAME_SIZE)):
        letter = letter_size(token) if span.kind not in _PRODUCT_KINDS | {"sep", "conj"} \
            else None
        return letter if letter in values else None
    return float(token) if token.isdigit() else None


def _names_row(index, spans: list[Span], tokens: list[str], k: int, value: Designator) -> bool:
    if not k:
        return False
    before = spans[k - 1]
    said = _word(before, tokens)
    if said in LEXICON.not_quantity.get("designator_labels", ()):
        # the label may be a word of the names ("pointure"): then it is of the mention
        at = k if before.kind in _PRODUCT_KINDS else k - 1
        mention = _mention_before(spans, at, skip_counts=True)
        return not mention or _tells_apart(index, mention, value)
    if said in LEXICON.not_quantity.get("designator_links", ()):
        mention = _mention_before(spans, k - 1)
        if mention:
            return _tells_apart(index, mention, value)
        # "f 40", "finalement en 54": no product words before; not "en 2 exemplaires"
        return k + 1 == len(spans) or spans[k + 1].kind not in ("unit", "container")
    if before.kind in _PRODUCT_KINDS:
        return _tells_apart(index, _mention_before(spans, k), value)
    if before.kind == "num" and k + 1 < len(spans) and spans[k + 1].kind in _PRODUCT_KINDS:
        return _tells_apart(index, _mention_after(spans, k + 1), value)
    if before.kind == "conj" and k >= 2 and spans[k - 2].kind == KIND:
        return _of_one_product(index, spans[k - 2].value, value)     # "noir 40 et 42"
    if before.kind == "sep" and k >= 2 and spans[k - 2].kind == KIND and (
            k + 1 == len(spans) or spans[k + 1].kind in ("sep", "conj")):
        return _of_one_product(index, spans[k - 2].value, value)     # "noir 40, 42"
    if before.kind == "num" and k >= 2 and spans[k - 2].kind == "conj":
        earlier = [s.value for s in spans[:k - 2] if s.kind == KIND]     # "… 38 w wa7da 40"
        if earlier and _of_one_product(index, earlier[-1], value):
            return True
    if (isinstance(value, float) and value >= BARE_SIZE_MIN and before.kind in _LISTING
            and (k + 1 == len(spans) or spans[k + 1].kind in _LISTING)):
        # "2 pairs of black babouche, one 40 one 44", "2 pairs black slippers: 40 and 44":
        # a figure too big for a count, of a row of the product just named, listed after it
        j = k - 1
        while j >= 0 and spans[j].kind in _LISTING | {KIND, "filler"}:
            j -= 1
        return j >= 0 and spans[j].kind in _PRODUCT_KINDS \
            and _tells_apart(index, _mention_before(spans, j + 1), value)
    return False


def _of_one_product(index, value: Designator, other: Designator) -> bool:
    """Whether two figures tell apart rows of one product ("pointure 38" and "40")."""
    kinds = {info.variant for info in index.products if info.designator == value}
    return any(info.variant in kinds for info in index.products if info.designator == other)


def _word(span: Span, tokens: list[str]) -> str | None:
    """The lookup key of a one-word span."""
    if span.end != span.start + 1 or span.kind in ("num", "nq", "sep", KIND):
        return None
    return norm.lookup_key(tokens[span.start])


def _mention_before(spans: list[Span], k: int, skip_counts: bool = False) -> list[Span]:
    """The product words right before ``spans[k]`` (counts skipped first if asked: "one
    black pair size 42")."""
    j = k - 1
    if skip_counts:
        while j >= 0 and spans[j].kind in _COUNT_KINDS:
            j -= 1
    end = j
    while j >= 0 and spans[j].kind in _PRODUCT_KINDS:
        j -= 1
    return spans[j + 1:end + 1]


def _mention_after(spans: list[Span], k: int) -> list[Span]:
    j = k
    while j < len(spans) and spans[j].kind in _PRODUCT_KINDS:
        j += 1
    return spans[k:j]


def _tells_apart(index, mention: list[Span], value: Designator) -> bool:
    """Whether the rows the product words fit (each word, in any of its readings) hold a row
    of that designator."""
    if not mention:
        return False
    return any(index.products[i].designator == value for i in _rows_of(index, mention))


def narrow(products: list, candidates: list[int], said: list[Designator]) -> list[int]:
    """The candidates the designators said name, or all of them when they name none."""
    picked = [i for i in candidates if products[i].designator in said]
    return picked or candidates
