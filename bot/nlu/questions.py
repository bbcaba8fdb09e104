"""Pre-sale question topics: "wach katkhlso f lbab?" → ``payment``.

All words are in ``intents/questions.yml``: per topic, phrases in every language with a
weight. :func:`detect` walks the message once, taking at each position the longest phrase
of any topic (so "lw9t dyal lkhdma", opening hours, is not also "khdma", a job), adds the
weights up per topic and returns the best topic scoring at least 1. It also says whether
the message is a question at all ("?", "wach", "est-ce que", "how"…) and, for "do you
have X?" about words no lexicon knows ("vous avez du fromage ?"), which words those are.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from .. import datafiles
from . import textnorm as norm
from .lexicon import INTENTS_DIR, LEXICON, PhraseTable

THRESHOLD = 1.0
PHRASE_BONUS = 0.2     # per word after the first
MIN_UNKNOWN_CHARS = 3


@dataclass(frozen=True)
class Question:
    """What :func:`detect` found: the topic (or None), whether the message asks something,
    and the unknown words of a "do you have X?" with no product word known."""

    topic: str | None
    question: bool                     # a question word: "wach", "est-ce que", "how"
    unknown_words: tuple[str, ...] = ()
    mark: bool = False                 # a question mark
    score: float = 0.0                 # the topic's weight: 1.5 and more is a clear question


def _split_weight(form: str) -> tuple[str, float]:
    text, _, weight = str(form).partition("|")
    return text.strip(), float(weight) if weight else 1.0


_DOUBLED = re.compile(r"([^\d])\1+")


def loose(key: str) -> str:
    """A lookup key with Latin "o" folded into "u", so "katsiftou" meets "katsifto" and
    "m7loulin" meets "m7lolin"; Arabic script as it is."""
    if not key.isascii():
        return key
    return _DOUBLED.sub(r"\1", key.replace("o", "u"))


def _loose_form(form: str) -> str:
    return " ".join(loose(norm.lookup_key(w)) for w in norm.tokens(form))


def _load() -> tuple[PhraseTable, tuple[str, ...], dict[str, float], dict, dict, dict]:
    data = datafiles.safe_load((INTENTS_DIR / "questions.yml").read_text(encoding="utf-8"))
    table = PhraseTable()
    order = []
    for topic, langs in (data.get("topics") or {}).items():
        order.append(topic)
        for forms in (langs or {}).values():
            for form in forms or []:
                text, weight = _split_weight(form)
                words = len(text.split())
                # a longer phrase is the more specific: "better price" over "pay"
                table.add(_loose_form(text), ("topic", topic, weight + PHRASE_BONUS * (words - 1)))
    for group in ("question", "question_lead", "availability"):
        for forms in (data.get(group) or {}).values():
            for form in forms or []:
                table.add(_loose_form(str(form)), (group, group, 1.0))
    yielding = {str(k): float(v) for k, v in (data.get("yield_to_availability") or {}).items()}
    return (table, tuple(order), yielding, data.get("suffixes") or {}, data.get("bulk") or {},
            data.get("percent") or {})


TABLE, TOPICS, YIELDING, _SUFFIXES, _BULK, _PERCENT = _load()
_PERCENT_RE = re.compile(r"\d\s*[%٪]")
_BULK_NOT_BEFORE = {norm.lookup_key(w) for f in _BULK.get("not_before") or ()
                    for w in norm.tokens(str(f))}
MAX_BULK_DIGITS = 5        # longer: a phone or an order number, not a quantity
_BULK_MIN = float(_BULK.get("min") or 0)
_SUFFIX_MIN = {str(k): int(v) for k, v in (_SUFFIXES.get("min_rest") or {}).items()}
_LATIN_SUFFIXES = tuple(sorted((str(x) for x in _SUFFIXES.get("latin") or ()), key=len,
                               reverse=True))
_ARABIC_SUFFIXES = tuple(sorted((str(x) for x in _SUFFIXES.get("arabic") or ()), key=len,
                                reverse=True))


def _variants(token: str) -> tuple[str, ...]:
    """The token's lookup keys (:func:`~bot.nlu.textnorm.key_variants`), loosened, and the
    same without a glued Darija ending ("twsloha" → "twslo")."""
    keys = list(dict.fromkeys(loose(v) for v in norm.key_variants(token)))
    script = "arabic" if norm.is_arabic(token) else "latin"
    endings = _ARABIC_SUFFIXES if script == "arabic" else _LATIN_SUFFIXES
    for ending in endings:
        if token.endswith(ending) and len(token) - len(ending) >= _SUFFIX_MIN.get(script, 4):
            for key in norm.key_variants(token[:-len(ending)]):
                if loose(key) not in keys:
                    keys.append(loose(key))
    return tuple(keys)


_QUESTION_MARKS = ("?", "؟")


def _bulk(tokens: list[str]) -> bool:
    """Whether the message names a large quantity (not a price, a size or a phone)."""
    minimum = _BULK_MIN
    for n, token in enumerate(tokens):
        if (not (token.isascii() and token.isdigit()) or token.startswith("0")
                or len(token) > MAX_BULK_DIGITS):
            continue
        after = norm.lookup_key(tokens[n + 1]) if n + 1 < len(tokens) else ""
        if minimum and int(token) >= minimum and after not in _BULK_NOT_BEFORE:
            return True
    return False


def detect(text: str, tokens: list[str] | None = None,
           product_positions: AbstractSet[int] = frozenset(),
           known_positions: AbstractSet[int] = frozenset(),
           skip: AbstractSet[int] = frozenset()) -> Question:
    """The topic of one message, whether it is a question, and a "do you have X?"'s
    unknown words (``product_positions``: tokens the order parser read as products;
    ``known_positions``: tokens it read as anything else it knows; ``skip``: tokens that
    say nothing here, such as a city's name: "Salé" is not a "sale")."""
    if tokens is None:
        tokens = norm.tokens(text)
    variants = [() if n in skip else _variants(t) for n, t in enumerate(tokens)]
    scores: dict[str, float] = {}
    mark = any(m in (text or "") for m in _QUESTION_MARKS)
    asks = False
    availability = False
    covered: set[int] = set()
    # where a sentence starts: the first word, and each word after a separator
    leads = {n for n, t in enumerate(tokens) if t != norm.SEPARATOR
             and (n == 0 or tokens[n - 1] == norm.SEPARATOR)}
    i = 0
    while i < len(tokens):
        length, payloads = TABLE.longest(variants, i)
        if not length:
            i += 1
            continue
        for kind, topic, weight in payloads:
            if kind == "topic":
                scores[topic] = scores.get(topic, 0.0) + weight
            elif kind == "question" or (kind == "question_lead" and i in leads):
                asks = True
            elif kind == "availability":
                availability = True
                asks = True
        covered.update(range(i, i + length))
        i += length
    topic = None
    if _PERCENT and _PERCENT_RE.search(text or ""):
        scores[_PERCENT["topic"]] = scores.get(_PERCENT["topic"], 0.0) + float(_PERCENT["weight"])
    if _bulk(tokens) and any(t in scores for t in _BULK.get("from") or ()):
        scores[_BULK["topic"]] = max(scores.values()) + 1      # "un prix pour 100 pots ?"
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
                        and not any(v in LEXICON.known_keys for v in norm.key_variants(t)))
    return Question(topic, asks, unknown, mark, scores.get(topic, 0.0) if topic else 0.0)
