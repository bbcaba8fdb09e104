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
from dataclasses import dataclass, field

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
    score: float = 0.0                 # the topic's weight (of the clearest question, when
                                       # several): 1.5 and more is a clear question
    also: tuple[str, ...] = ()         # the other questions' topics: "do you deliver to
                                       # Fes? and can I pay by card?" → ("payment",)
    apart: bool = False                # the question stands in a part of its own, naming
                                       # no product: "bghit 2 amlou, wach fih sokar?"
    what_is: bool = False              # "what is khlii?", "c'est quoi le smen ?"


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


def _load() -> tuple[PhraseTable, PhraseTable, PhraseTable, tuple[str, ...], dict[str, float],
                     dict, dict, dict, dict]:
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
    asking = PhraseTable()
    for group in ("question", "question_lead", "availability", "what_is"):
        for forms in (data.get(group) or {}).values():
            for form in forms or []:
                table.add(_loose_form(str(form)), (group, group, 1.0))
                asking.add(_loose_form(str(form)), (group, group, 1.0))
    joins = PhraseTable()
    for forms in (data.get("second_question") or {}).values():
        for form in forms or []:
            joins.add(_loose_form(str(form)), ("join", "join", 1.0))
    yielding = {str(k): float(v) for k, v in (data.get("yield_to_availability") or {}).items()}
    return (table, asking, joins, tuple(order), yielding, data.get("suffixes") or {},
            data.get("bulk") or {}, data.get("percent") or {}, data.get("offer") or {})


def _why_table() -> tuple[PhraseTable, str | None]:
    """The "why" words, and the topic a "why" about a product is (``why`` in questions.yml)."""
    data = datafiles.safe_load((INTENTS_DIR / "questions.yml").read_text(encoding="utf-8"))
    why = dict(data.get("why") or {})
    topic = why.pop("topic", None)
    table = PhraseTable()
    for forms in why.values():
        for form in forms or []:
            table.add(_loose_form(str(form)), ("why", "why", 1.0))
    return table, topic


def _offer_table(offer: dict) -> PhraseTable:
    """The phrases before an offered price ("n3tik", "make it"), each tagged by its kind."""
    table = PhraseTable()
    for kind in ("give", "make"):
        for forms in (offer.get(kind) or {}).values():
            for form in forms or []:
                table.add(_loose_form(str(form)), kind)
    return table


TABLE, ASKING, JOINS, TOPICS, YIELDING, _SUFFIXES, _BULK, _PERCENT, _OFFER = _load()
WHY, _WHY_TOPIC = _why_table()
_OFFERS = _offer_table(_OFFER)
_MONEY: AbstractSet[str] = LEXICON.not_quantity.get("currency", frozenset())   # "dh", "درهم"
_OFFER_ABOVE = int(_OFFER.get("above") or 0)
_OFFER_REACH = 4       # words an offer's phrase may have ("je peux vous donner")
# "can you take 20 off?", "knock 30 dh off": a verb and its particle around an amount
_OFF_PAIRS = tuple(tuple(norm.normalise(str(f)).split())
                   for forms in (_OFFER.get("amount_off") or {}).values()
                   for f in forms or [] if len(str(f).split()) == 2)
_OFF_MIN = 10           # below it, "take 2 off" is jars off the basket
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
# the "but" words that are no word of any topic's phrase as they are spelt
_BUT = frozenset(LEXICON.but_keys - {
    norm.lookup_key(w) for langs in (datafiles.safe_load(
        (INTENTS_DIR / "questions.yml").read_text(encoding="utf-8")).get("topics") or {}).values()
    for forms in (langs or {}).values() for f in forms or []
    for w in norm.tokens(_split_weight(str(f))[0])})


def _variants(token: str) -> tuple[str, ...]:
    """The token's lookup keys (:func:`~bot.nlu.textnorm.key_variants`), loosened, and the
    same without a glued Darija ending ("twsloha" → "twslo"). A "but" no topic's phrase
    spells as it is says no topic: loosened, the English "but" met "bot" (a robot), and
    "same again but 1kg" offered a person."""
    if norm.lookup_key(token) in _BUT:
        return ()
    if norm.lookup_key(token) in LEXICON.replace_keys:
        return (loose(norm.lookup_key(token)),)    # "bdlo" (change it): no "b" + "dlo" (dluo)
    keys = list(dict.fromkeys(loose(v) for v in norm.key_variants(token)))
    script = "arabic" if norm.is_arabic(token) else "latin"
    endings = _ARABIC_SUFFIXES if script == "arabic" else _LATIN_SUFFIXES
    for ending in endings:
        if token.endswith(ending) and len(token) - len(ending) >= _SUFFIX_MIN.get(script, 4):
            for key in norm.key_variants(token[:-len(ending)]):
                if loose(key) not in keys:
                    keys.append(loose(key))
    return tuple(keys)


QUESTION_MARKS = ("?", "؟")


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


def offered_figures(tokens: list[str]) -> set[int]:
    """Where the customer offers a price of their own: a figure after "n3tik" / "je vous
    donne" that no measure follows, or after "make it" / "dirha b" with a currency word or
    above any one product's quantity ("make it 200 for both?"). Such a figure is no count."""
    found: set[int] = set()
    for n, token in enumerate(tokens):
        if (n == 0 or not (token.isascii() and token.isdigit()) or token.startswith("0")
                or len(token) > MAX_BULK_DIGITS):
            continue
        following = tokens[n + 1] if n + 1 < len(tokens) else ""
        after = norm.lookup_key(following)
        money = after in _MONEY
        if not money and (following in norm.UNIT_SUFFIXES or after in _BULK_NOT_BEFORE):
            continue                                 # "I'll give you 2 kg": a measure
        if _amount_off(tokens, n, money):
            found.add(n)
            continue
        first = max(0, n - _OFFER_REACH)
        variants = [_variants(t) for t in tokens[first:n]]
        for start in range(len(variants)):
            length, kinds = _OFFERS.longest(variants, start)
            if first + start + length == n and any(
                    k == "give" or money or int(token) > _OFFER_ABOVE for k in kinds):
                found.add(n)
    return found


def _amount_off(tokens: list[str], n: int, money: bool) -> bool:
    """Is the figure at ``n`` an amount taken off the price ("can you take 20 off?", "knock
    30 dh off"): between one of the ``amount_off`` verbs and its particle, with a currency word or
    from ``_OFF_MIN`` up?"""
    if not (money or int(tokens[n]) >= _OFF_MIN):
        return False
    after = n + 2 if money else n + 1
    verb = norm.normalise(tokens[n - 1])
    return after < len(tokens) and (verb, norm.normalise(tokens[after])) in _OFF_PAIRS


def detect(text: str, tokens: list[str] | None = None,
           product_positions: AbstractSet[int] = frozenset(),
           known_positions: AbstractSet[int] = frozenset(),
           skip: AbstractSet[int] = frozenset(), offered: bool | None = None) -> Question:
    """The topic of one message, whether it is a question, and a "do you have X?"'s
    unknown words (``product_positions``: tokens the order parser read as products;
    ``known_positions``: tokens it read as anything else it knows; ``skip``: tokens that
    say nothing here, such as a city's name: "Salé" is not a "sale"; ``offered``: whether
    :func:`offered_figures` found a price offered, when the caller read it already)."""
    if tokens is None:
        tokens = norm.tokens(text)
    variants = [() if n in skip else _variants(t) for n, t in enumerate(tokens)]
    scores: dict[str, float] = {}
    mark = any(m in (text or "") for m in QUESTION_MARKS)
    asks = False
    availability = what_is = False
    covered: set[int] = set()
    # where a sentence starts: the first word, and each word after a separator
    leads = {n for n, t in enumerate(tokens) if t != norm.SEPARATOR
             and (n == 0 or tokens[n - 1] == norm.SEPARATOR)}
    clauses: list[_Clause] = [_Clause()]          # each question's own scores, in order
    on_products: dict[str, float] = {}    # topic weight said by words of a product's name
    i = 0
    while i < len(tokens):
        start = _starts_question(tokens, variants, i, leads) if i else 0
        if start:
            clauses.append(_Clause())
            leads = leads | {start}
        length, payloads = TABLE.longest(variants, i)
        if any(n in product_positions for n in range(i, i + max(length, 1))):
            clauses[-1].products = True
        if not length:
            i += 1
            continue
        named = bool(product_positions) and all(
            n in product_positions for n in range(i, i + length))
        for kind, topic, weight in payloads:
            if kind == "topic":
                if named:
                    on_products[topic] = on_products.get(topic, 0.0) + weight
                scores[topic] = scores.get(topic, 0.0) + weight
                clauses[-1].scores[topic] = clauses[-1].scores.get(topic, 0.0) + weight
            elif kind == "question" or (kind == "question_lead" and i in leads):
                asks = clauses[-1].asks = True
            elif kind in ("availability", "what_is"):
                availability = availability or kind == "availability"
                what_is = what_is or kind == "what_is"
                asks = clauses[-1].asks = True
        if any(kind == "question" or (kind == "question_lead" and i in leads)
               for kind, _, _ in ASKING.longest(variants, i)[1]):
            asks = clauses[-1].asks = True     # "comment utiliser…": a topic's phrase that
        covered.update(range(i, i + length))   # starts with a question word still asks
        i += length
    topic = None
    if _PERCENT and _PERCENT_RE.search(text or ""):
        scores[_PERCENT["topic"]] = scores.get(_PERCENT["topic"], 0.0) + float(_PERCENT["weight"])
    if _bulk(tokens) and any(t in scores for t in _BULK.get("from") or ()):
        scores[_BULK["topic"]] = max(scores.values()) + 1      # "un prix pour 100 pots ?"
    if offered if offered is not None else (
            any(t.isdigit() for t in tokens) and bool(offered_figures(tokens))):
        scores[_OFFER["topic"]] = max(max(scores.values(), default=0.0) + 1,
                                      float(_OFFER.get("weight") or 1))
        asks = clauses[-1].asks = True               # "n3tik 300": asks whether it will do
    if availability and on_products:      # "do you have fresh cheese?": the cheese named
        scores = {t: w - on_products.get(t, 0.0) for t, w in scores.items()}  # "frais"
        scores = {t: w for t, w in scores.items() if w > 0}
    if scores:
        best = max(TOPICS, key=lambda t: (scores.get(t, 0.0), -TOPICS.index(t)))
        needed = YIELDING.get(best, THRESHOLD) if availability else THRESHOLD
        if scores.get(best, 0.0) >= needed:
            topic = best
    asked = [t for t in dict.fromkeys(_best(c) for c in _questions(clauses)) if t]
    also: tuple[str, ...] = ()
    if topic and len(asked) > 1 and topic in asked:
        topic, also = asked[0], tuple(asked[1:])     # answered in the order they were asked
    unknown: tuple[str, ...] = ()
    if availability and not product_positions and topic is None:
        unknown = tuple(t for n, t in enumerate(tokens)
                        if n not in covered and n not in known_positions
                        and t != norm.SEPARATOR and not t[0].isdigit()
                        and len(t) >= MIN_UNKNOWN_CHARS
                        and not any(v in LEXICON.known_keys for v in norm.key_variants(t)))
    # how clear the message asks: its clearest question's weight
    score = max(scores.get(t, 0.0) for t in (topic, *also)) if topic else 0.0
    apart = bool(topic) and len(clauses) > 1 and any(
        c.asks and not c.products and _best(c.scores) == topic for c in clauses)
    return Question(topic, asks, unknown, mark, score, also, apart,
                    what_is=what_is and topic is None)


def why_topic(tokens: list[str]) -> str | None:
    """The topic of a "why" question (``why`` in ``intents/questions.yml``) when ``tokens``
    ask one: "3lach l3sel kaytsker?" → ``ask_coop``; None otherwise."""
    variants = [_variants(t) for t in tokens]
    return _WHY_TOPIC if any(WHY.longest(variants, i)[0] for i in range(len(tokens))) else None


def asking_word(token: str) -> bool:
    """Whether a word belongs to a question: a word of a topic's cues or of a question
    word ("for", "cooking", "dyal"), never a product's name ("jujubier", "prickly")."""
    return (len(token) < MIN_UNKNOWN_CHARS or token == norm.SEPARATOR
            or any(v in TABLE.keys for v in _variants(token)))


@dataclass
class _Clause:
    """One part of a message between separators or joining words."""

    scores: dict[str, float] = field(default_factory=dict)
    asks: bool = False
    products: bool = False      # names a product: "could you send me 2 argan oils?" orders


def _questions(clauses: list[_Clause]) -> list[dict[str, float]]:
    """The scores of each question of a message: a part that asks nothing ("mon fils est
    allergique", "Bonjour") adds its words to the question before it, or else after it."""
    out: list[dict[str, float]] = []
    carried: dict[str, float] = {}
    for clause in clauses:
        if not clause.asks:
            into = out[-1] if out else carried
        else:
            out.append(carried)
            carried = {}
            into = out[-1]
        for topic, weight in clause.scores.items():
            into[topic] = into.get(topic, 0.0) + weight
    return out or [carried]


def _best(scores: dict[str, float]) -> str | None:
    """One question's topic: the best scoring at least :data:`THRESHOLD`."""
    if not scores:
        return None
    best = max(TOPICS, key=lambda t: (scores.get(t, 0.0), -TOPICS.index(t)))
    return best if scores.get(best, 0.0) >= THRESHOLD else None


def _starts_question(tokens: list[str], variants: list[tuple[str, ...]], i: int,
                     leads: AbstractSet[int]) -> int:
    """Where a next part of the message starts, if one starts at ``i`` (0 if not): after a
    separator, or after a joining word ("and", "et", "w") followed by a question word
    ("…Fes and can I pay by card?")."""
    length, _ = JOINS.longest(variants, i)
    after = i + length
    if tokens[i - 1] == norm.SEPARATOR:       # "…homemade? w n9der…": a lead after "w"
        return 0 if tokens[i] == norm.SEPARATOR else after if after < len(tokens) else i
    if not length or after >= len(tokens):
        return 0
    kinds = {kind for kind, _, _ in ASKING.longest(variants, after)[1]}
    return after if kinds & {"question", "question_lead", "availability", "what_is"} else 0


def asks_apart(words: list[str]) -> bool:
    """Is a part of a message a question of its own: it opens with a question word ("can
    you deliver it on friday", "wach katwslo nhar jem3a", "est-ce que vous livrez samedi")
    and asks about a topic? After an address it is no part of the address."""
    tokens = norm.tokens(" ".join(words))
    if not tokens:
        return False
    opening = ASKING.longest([_variants(t) for t in tokens], 0)[1]
    return any(kind in ("question", "availability") for kind, _, _ in opening) \
        and detect(" ".join(words), tokens).topic is not None
