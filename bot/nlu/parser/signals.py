"""What the whole message says besides its lines: a number or ordinal given alone, the
prices' figures, its lookup phrases, the words and delivery detail it names.
"""

from __future__ import annotations

from .. import details
from .. import textnorm as norm
from ..grammar import Span
from ..lexicon import LEXICON
from ..numbers import BARE_SIZE_MIN


def figure_of(token: str) -> float | None:
    try:
        return float(token.replace(",", "."))
    except ValueError:
        return None


def bare_number(spans: list[Span], tokens: list[str], phrases: list[str]) -> int | None:
    """A number given alone or nearly alone ("3", "jouj 3afak", "khlli ghir 2", "sorry, make
    it 2", "pardon, 3 pas 1")."""
    clause = _set_clause(spans)
    if clause is not None:      # "actually make it 2, one is for my sister": the rest is said
        spans, tokens = spans[:clause], tokens[:spans[clause].start]     # about it
    words = [t for t in tokens if t != norm.SEPARATOR]
    if not words or len(words) > 6:
        return None
    # "pardon, 3 pas 1", "jouj machi wa7ed", "la machi kilo, jouj": a negated number or
    # measure is the one taken back
    negated = _negated_quantities(spans)
    numbers = [s for i, s in enumerate(spans) if s.kind == "num" and i not in negated]
    if len(numbers) != 1:
        return None
    # "3 jars", "jouj 9ra3i": a count of the containers the product comes in
    counted = {i + 1 for i, s in enumerate(spans[:-1]) if s is numbers[0]}
    counted |= {j + 1 for j in list(counted)          # "2 big jars", "a small pair": a size
                if j + 1 < len(spans) and spans[j].kind == "size"}   # word between them
    # "the big one x2", "2x the large": a times sign right beside the count marks it
    times = {i for i, s in enumerate(spans) if s.kind == "times"
             and numbers[0] in spans[max(i - 1, 0):i] + spans[i + 1:i + 2]}
    if any(s.kind in ("unit", "container", "concept", "raw", "frac", "times", "ord")
           and not (s.kind == "container" and i in counted) and i not in negated
           and i not in times
           for i, s in enumerate(spans)):
        return None
    # "jouj 3afak", "khlli ghir 2", but not "bni makada 14" (an address, a name)
    if any(s.kind == "word" and s.value not in LEXICON.known_keys for s in spans):
        return None
    if (has_word(phrases, LEXICON.address_keys) or details.house_number_of_a_place(words)) \
            and not _number_word_before(tokens, numbers[0]):
        return None                             # "zanqa 5", "agdal 3", "raqm dyal dar 12": a house
    # number; but "raqm 3", "numéro 3", "رقم 3" right after a list pick from it
    value = numbers[0].value
    if value <= 0 or not float(value).is_integer():
        return None
    return int(value)


def _negated_quantities(spans: list[Span]) -> set[int]:
    """The positions of the figures and units right after a negation ("machi wa7ed", "machi
    kilo", "pas 1 kilo"): the quantity taken back, not the one asked for."""
    out: set[int] = set()
    for i, span in enumerate(spans):
        if span.kind != "neg":
            continue
        j = i + 1
        while j < len(spans) and spans[j].kind in ("num", "unit") and (
                spans[j].kind == "unit" or j == i + 1):
            out.add(j)
            j += 1
    return out


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


def bare_ordinal(spans: list[Span], tokens: list[str]) -> int | None:
    """An ordinal given alone or nearly alone ("الثاني", "le 2eme", "the second one",
    "lakher 3afak"): a position in the list the customer was shown (``LAST``: its end)."""
    words = [t for t in tokens if t != norm.SEPARATOR]
    ordinals = [s for s in spans if s.kind == "ord"]
    if not words or len(words) > 4 or len(ordinals) != 1:
        return None
    ordinal = ordinals[0]
    counts = [s for s in spans if s.kind == "num" and not (s.value == 1 and s.start == ordinal.end)]
    for span in spans:
        if span.kind in ("unit", "container", "concept", "raw", "frac", "times"):
            return None
        # "the second one", "lowel wa7ed": a "one" right after the ordinal is a pronoun;
        # "الأول جوج", "le premier, 2": one small count beside it is how many of it
        if span.kind == "num" and not (span.value == 1 and span.start == ordinal.end) \
                and not (len(counts) == 1 and 1 < span.value < BARE_SIZE_MIN):
            return None
    return ordinal.value


def phrase_keys(tokens: list[str]) -> list[str]:
    """Lookup keys of the message's two-word phrases, then of its words."""
    words = [norm.lookup_key(t) for t in tokens if t != norm.SEPARATOR]
    return [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)] + words


def has_word(phrases: list[str], keys: set[str]) -> bool:
    """Whether a word or two-word phrase of the message is one of ``keys``."""
    return any(k in keys for k in phrases)


def field_named(phrases: list[str]) -> str | None:
    """The delivery detail a message names ("bdel l3onwan" → "address"), if any."""
    return next((LEXICON.field_keys[k] for k in phrases if k in LEXICON.field_keys), None)


