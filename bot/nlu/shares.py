"""Counts that say who each part of an order line is for: "4 amlou 250g, 2 lia w 2 l khti",
"2 pots, un pour moi et un pour ma sœur", "جوج أملو، واحد ليا و واحد لختي". When such
counts add up to the count of the line they follow (or to less), they share that line out:
they are not more lines (the "2 l" of "2 l khti" was read as two litres, the "pour" as a
product word).

A share is a count, then whom it is for (``shares`` in ``intents/numbers.yml``: "lia", "pour
moi", "for me"; or a recipient word and a family word of ``intents/details.yml``: "l khti",
"pour ma sœur", "for my mother", "لختي"; or a recipient word and a common first name of
``intents/details.yml``: "1 for Karim"), then the end of the message, a comma or "and".
:func:`mark` turns each share of such a run into one ``nq`` span (value ``"share"``): neither
a quantity nor a product. Whom a count is for is never a unit nor a product, even when the
counts do not share a line out: "amlou 500 l mama" is the 500 g for mother, not 500 litres.
"""

from __future__ import annotations

from functools import lru_cache

from .. import datafiles
from . import textnorm as norm
from .details.base import phrase_set
from .grammar import Span

_PRODUCT_KINDS = frozenset({"concept", "raw"})
_ENDS = frozenset({"sep", "conj"})
#: what may stand between a line's count and its shares ("2 pots d amlou 500g, …")
_BETWEEN = frozenset({"unit", "sep", "conj", "filler", "word", "size", "container", "link"})

#: phrases by their first word, longest first
Phrases = dict[str, list[tuple[str, ...]]]


def _by_first(phrases: set[tuple[str, ...]]) -> Phrases:
    out: Phrases = {}
    for phrase in sorted(phrases, key=len, reverse=True):
        out.setdefault(phrase[0], []).append(phrase)
    return out


@lru_cache(maxsize=1)
def _tables() -> tuple[Phrases, Phrases, Phrases, tuple[str, ...]]:
    """(whole phrases, recipient words, family words and first names, glued recipient
    prefixes)."""
    shares = (datafiles.load_intents("numbers.yml") or {}).get("shares") or {}
    details = datafiles.load_intents("details.yml") or {}
    cues = phrase_set(shares.get("recipients")) | phrase_set(details.get("recipient_cues"))
    glued = tuple(norm.lookup_key(str(p)) for p in shares.get("glued_recipients") or ())
    people = phrase_set(details.get("kin")) | phrase_set(details.get("common_first_names"))
    return _by_first(phrase_set(shares.get("whole"))), _by_first(cues), _by_first(people), glued


def _phrase_at(keys: list[str], i: int, phrases: Phrases) -> int:
    """The end of the longest phrase of ``phrases`` starting at ``i``, else ``i``."""
    if i < len(keys):
        for phrase in phrases.get(keys[i], ()):
            if tuple(keys[i:i + len(phrase)]) == phrase:
                return i + len(phrase)
    return i


def whom_at(keys: list[str], i: int) -> int:
    """The end of the words saying whom a count is for, starting at ``i``; ``i`` if none."""
    whole, cues, people, glued = _tables()
    end = _phrase_at(keys, i, whole)
    if end > i:
        return end
    if i < len(keys) and any(keys[i].startswith(p) and (keys[i][len(p):],) in people.get(
            keys[i][len(p):], ()) for p in glued if len(keys[i]) > len(p)):
        return i + 1                                   # "lkhti", "لختي"
    cue_end = _phrase_at(keys, i, cues)
    if cue_end == i:
        return i
    end = _phrase_at(keys, cue_end, people)
    return end if end > cue_end else i


def mark(spans: list[Span], tokens: list[str]) -> list[Span]:
    """The shares in ``spans`` (see the module doc) as ``nq`` spans."""
    counts = [k for k, s in enumerate(spans) if s.kind == "num" and s.end < len(tokens)]
    if not counts:
        return spans
    keys = [norm.lookup_key(t) for t in tokens]
    starts = {s.start: k for k, s in enumerate(spans)}
    found: list[tuple[int, int, float]] = []            # (span index, token end, count)
    for k in counts:
        end = whom_at(keys, spans[k].end)
        if end > spans[k].end:
            found.append((k, end, spans[k].value))
    heads = {spans[k].start for k, _end, _value in found}
    found = [(k, end, value) for k, end, value in found    # then the end, "and" or another
             if end == len(tokens) or end in heads         # share: "un pour moi un pour…"
             or (end in starts and spans[starts[end]].kind in _ENDS)]
    runs: list[list[tuple[int, int, float]]] = []
    for share in found:
        last = runs[-1][-1] if runs else None
        if last and last[1] in starts and all(
                s.kind in _ENDS for s in spans[starts[last[1]]:share[0]]):
            runs[-1].append(share)
        else:
            runs.append([share])
    out: list[Span | None] = list(spans)
    for run in runs:
        sharing = _shares_a_line(spans, run[0][0], sum(value for _, _, value in run)) \
            and not _line_for_someone(spans, keys, run[0][0])
        for k, end, _value in run:
            first = k if sharing else k + 1        # else the count stays a count
            for j in range(first, starts.get(end, len(spans))):
                out[j] = None
            # whom it is for is never a unit nor a product: "amlou 500 l mama" is no 500 L
            out[first] = Span("nq", "share", spans[first].start, end)
    return [s for s in out if s is not None]


def _shares_a_line(spans: list[Span], first: int, total: float) -> bool:
    """Whether the order line right before span ``first`` has a count of ``total`` or more:
    written before its product words ("4 amlou 250g, …", "2 kilo l3sel zaatar, …") or after
    them ("amlou 250g 4, …"); sizes, units, separators and other words may stand between.
    Shares may leave part of the line unsaid ("2 amlou, wa7d l khti"); a figure before a
    unit counts when it is the total ("2 kilo", not "250 g")."""
    product = candidate = False
    for k in range(first - 1, -1, -1):
        span = spans[k]
        if span.kind in _PRODUCT_KINDS:
            if product and spans[k + 1].kind not in _PRODUCT_KINDS:
                return False                           # another product: another line
            if candidate:
                return True                            # "amlou 250g 4, …"
            product = True
        elif span.kind == "num" and isinstance(span.value, (int, float)):
            after = spans[k + 1] if k + 1 < len(spans) else None
            sized = after is not None and after.kind == "unit" and after.start == span.end
            if span.value == total or (span.value > total and not sized):
                if product:
                    return True                        # "4 amlou 250g, …"
                candidate = True
            elif product and not sized:
                return False                           # the line's count is smaller
        elif span.kind not in _BETWEEN:
            return False
    return False


def _line_for_someone(spans: list[Span], keys: list[str], first: int) -> bool:
    """The line before span ``first`` says itself whom it is for ("2 ghassoul l khti w 1
    lia"): the counts after it are more, not its shares."""
    k = first - 1
    while k >= 0 and spans[k].kind not in _PRODUCT_KINDS:
        k -= 1
    return k >= 0 and any(whom_at(keys, t) > t for t in range(spans[k].end, spans[first].start))
