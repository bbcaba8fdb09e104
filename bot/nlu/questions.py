"""Pre-sale question topics: "wach katkhlso f lbab?" → ``payment``.

All words are in ``intents/questions.yml``: per topic, phrases in every language with a
weight. :func:`detect` walks the message once, taking at each position the longest phrase
of any topic (so "lw9t dyal lkhdma", opening hours, is not also "khdma", a job), adds the
weights up per topic and returns the best topic scoring at least 1. It also says whether
the message is a question at all ("?", "wach", "est-ce que", "how"…) and, for "do you
have X?" about words no lexicon knows ("vous avez du fromage ?"), which words those are.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import yamlfile
from . import textnorm as norm
from .lexicon import INTENTS_DIR, LEXICON, PhraseTable

THRESHOLD = 1.0
MIN_UNKNOWN_CHARS = 3


@dataclass(frozen=True)
class Question:
    """What :func:`detect` found: the topic (or None), whether the message asks something,
    and the unknown words of a "do you have X?" with no product word known."""

    topic: str | None
    question: bool                     # a question word: "wach", "est-ce que", "how"
    unknown_words: tuple[str, ...] = ()
    mark: bool = False                 # a question mark


def _split_weight(form: str) -> tuple[str, float]:
    text, _, weight = str(form).partition("|")
    return text.strip(), float(weight) if weight else 1.0


def _load() -> tuple[PhraseTable, tuple[str, ...], dict[str, float]]:
    data = yamlfile.safe_load((INTENTS_DIR / "questions.yml").read_text(encoding="utf-8"))
    table = PhraseTable()
    order = []
    for topic, langs in (data.get("topics") or {}).items():
        order.append(topic)
        for forms in (langs or {}).values():
            for form in forms or []:
                text, weight = _split_weight(form)
                table.add(text, ("topic", topic, weight))
    for group in ("question", "availability"):
        for forms in (data.get(group) or {}).values():
            for form in forms or []:
                table.add(str(form), (group, group, 1.0))
    yielding = {str(k): float(v) for k, v in (data.get("yield_to_availability") or {}).items()}
    return table, tuple(order), yielding


TABLE, TOPICS, YIELDING = _load()
_QUESTION_MARKS = ("?", "؟")


def detect(text: str, tokens: list[str] | None = None, product_positions: set[int] = frozenset(),
           known_positions: set[int] = frozenset(), skip: set[int] = frozenset()) -> Question:
    """The topic of one message, whether it is a question, and a "do you have X?"'s
    unknown words (``product_positions``: tokens the order parser read as products;
    ``known_positions``: tokens it read as anything else it knows; ``skip``: tokens that
    say nothing here, such as a city's name: "Salé" is not a "sale")."""
    if tokens is None:
        tokens = norm.tokens(text)
    variants = [() if n in skip else norm.key_variants(t) for n, t in enumerate(tokens)]
    scores: dict[str, float] = {}
    mark = any(m in (text or "") for m in _QUESTION_MARKS)
    asks = False
    availability = False
    covered: set[int] = set()
    i = 0
    while i < len(tokens):
        length, payloads = TABLE.longest(variants, i)
        if not length:
            i += 1
            continue
        for kind, topic, weight in payloads:
            if kind == "topic":
                scores[topic] = scores.get(topic, 0.0) + weight
            elif kind == "question":
                asks = True
            else:
                availability = True
                asks = True
        covered.update(range(i, i + length))
        i += length
    topic = None
    if scores:
        best = max(TOPICS, key=lambda t: (scores.get(t, 0.0), -TOPICS.index(t)))
        needed = YIELDING.get(best, THRESHOLD) if availability else THRESHOLD
        if scores.get(best, 0.0) >= needed:
            topic = best
    unknown: tuple[str, ...] = ()
    if availability and not product_positions and topic is None:
        unknown = tuple(t for n, t in enumerate(tokens)
                        if n not in covered and n not in known_positions
                        and t != norm.SEPARATOR and not t[0].isdigit()
                        and len(t) >= MIN_UNKNOWN_CHARS
                        and not any(v in LEXICON.known_keys for v in variants[n]))
    return Question(topic, asks, unknown, mark)
