"""Language detection and intent classification.

Both read cue words from the lexicon (``intents/keywords.yml``, ``intents/lang.yml`` and the
language keys of every other file), so a new language needs lexicon entries only.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from functools import lru_cache

from . import textnorm as norm
from .lexicon import LEXICON

ARABIC_LANG = "ary-Arab"   # any Arabic-script message
DARIJA_LATN = "ary-Latn"   # Darija in Latin letters, mixed with French or English words
DEFAULT_LANG = DARIJA_LATN
_ARABIZI_RE = re.compile(
    r"^(?=[a-z0-9]*[a-z])(?=[a-z0-9]*[a-z][2-9]|[a-z0-9]*[2-9][a-z])[a-z0-9]+$")
DARIJA_SHARE = 0.2  # Darija cues must make up this share of all cues to win a mixed message

# Without a product, the first intent (in this order) with a cue wins.
PRIORITY = ("cancel", "human", "status", "delivery", "price", "catalog", "availability", "help",
            "order", "deny", "confirm", "thanks", "greet")


def lang_scores(tokens: list[str], skip: AbstractSet[int] = frozenset()) -> dict[str, float]:
    """Cue weight per language for normalised Latin-script tokens (``skip``: positions of
    names, such as cities, that say nothing about the language)."""
    return _lang_evidence(tokens, skip)[0]


def _neutral_positions(tokens: list[str]) -> set[int]:
    """Positions of words every customer writes whatever the language ("ok c bon", "svp")."""
    variants = [norm.key_variants(t)[:1] for t in tokens]
    if not any(v[0] in LEXICON.lang_neutral.root for v in variants):
        return set()
    return {p for start, end, _ in LEXICON.lang_neutral.all_matches(variants)
            for p in range(start, end)}


def _address_positions(tokens: list[str]) -> set[int]:
    """Positions from a street-address word to the end of its clause ("rue de la paix"):
    French or English words there are a street's name, not the customer's language."""
    out: set[int] = set()
    inside = False
    for position, token in enumerate(tokens):
        if token == norm.SEPARATOR:
            inside = False
        elif norm.lookup_key(token) in LEXICON.address_keys:
            inside = True
        if inside:
            out.add(position)
    return out


def _lang_evidence(
    tokens: list[str], skip: AbstractSet[int] = frozenset(),
) -> tuple[dict[str, float], bool]:
    """``(scores, shown)``: cue weight per language, and whether a cue strong enough to show
    the language was found (a function word, not a product name, a filler or a street).
    Fillers ("merci", "ok c bon") and the French of a street name only count when nothing
    else does: "Bonjour" alone is still guessed French, "wakha, rue de la paix" is Darija."""
    scores: dict[str, float] = {}
    fallback: dict[str, float] = {}
    shown = False
    cues = LEXICON.lang_cues
    neutral = _neutral_positions(tokens)
    address = _address_positions(tokens)
    for position, token in enumerate(tokens):
        if position in skip or token == norm.SEPARATOR or token[0].isdigit() and token.isdigit():
            continue
        if _ARABIZI_RE.match(token) and not token.startswith("x") and position not in neutral:
            scores[DARIJA_LATN] = scores.get(DARIJA_LATN, 0.0) + 1.0
            shown = True
            continue
        variants = norm.key_variants(token)
        hit = cues.get(variants[0])
        if hit:
            for lang, weight in hit.items():
                weak = position in neutral or (position in address and lang != DARIJA_LATN)
                bucket = fallback if weak else scores
                bucket[lang] = bucket.get(lang, 0.0) + weight
                shown = shown or (not weak and weight >= LEXICON.lang_strong)
        elif len(variants) > 1 and token[0] in "ld" and any(
                v in cues for v in variants[1:] if not token.startswith(v)):
            # a Darija article glued to a French word: "lcommande", "lprix", "dlmiel"
            scores[DARIJA_LATN] = scores.get(DARIJA_LATN, 0.0) + 0.5
    return (scores if scores else fallback), shown


def lang_shown(tokens: list[str], skip: AbstractSet[int] = frozenset()) -> bool:
    """Whether normalised tokens show their language: Arabic letters, or a cue word that is
    no product name, filler ("ok", "merci", "svp"), name, city or street."""
    arabic, _latin = norm.script_counts(" ".join(tokens))
    return bool(arabic) or _lang_evidence(tokens, skip)[1]


def detect_lang_tokens(tokens: list[str], skip: AbstractSet[int] = frozenset()) -> str:
    """Language of a message given its normalised tokens."""
    arabic, latin = norm.script_counts(" ".join(tokens))
    if arabic and arabic >= latin / 2:
        return ARABIC_LANG
    scores = lang_scores(tokens, skip)
    total = sum(scores.values())
    if not total:
        return DEFAULT_LANG
    darija = scores.get(DARIJA_LATN, 0.0)
    if darija >= 1 and darija >= DARIJA_SHARE * total:
        return DARIJA_LATN
    others = {lang: s for lang, s in scores.items() if lang not in (DARIJA_LATN, ARABIC_LANG)}
    if others:
        best = max(others, key=lambda lang: (others[lang], lang == "fr"))
        if others[best] > darija:
            return best
    return DARIJA_LATN


def words_lang(text: str) -> str | None:
    """The language of a message that shows none by a function word, from its weaker cues
    alone (product words, units: "2 black soaps 250g" is English, "2 savon noir" French),
    when they all are of one language other than Darija; None otherwise ("amlou", "2 sabon
    beldi"). Fillers every customer writes ("salut", "svp") and streets do not count."""
    tokens = norm.tokens(text)
    if not tokens or norm.script_counts(" ".join(tokens))[0]:
        return None
    quiet = _neutral_positions(tokens) | _address_positions(tokens)   # "salut", "rue …"
    scores = {lang: s for lang, s in _lang_evidence(tokens, quiet)[0].items() if s > 0}
    if len(scores) != 1:
        return None
    lang = next(iter(scores))
    return None if lang in (DARIJA_LATN, ARABIC_LANG) else lang


def opening_lang(text: str) -> str | None:
    """The language of a first message that shows none otherwise, from the greeting it opens
    with ("Bonjour, livraison à Agadir svp": French; ``openers`` in ``intents/lang.yml``):
    None when it has no opener, or openers of two languages ("salam, hello")."""
    tokens = norm.tokens(text)
    found = {lang for _start, _end, payloads in
             LEXICON.lang_openers.all_matches([norm.key_variants(t) for t in tokens])
             for lang in payloads}
    return found.pop() if len(found) == 1 else None


@lru_cache(maxsize=4096)   # asked twice a message (the usual language)
def phone_lang(phone: str | None) -> str | None:
    """The language of a number abroad, from its calling code (``calling_codes`` in
    ``intents/lang.yml``, the longest that matches): "+447…" → English; None for a number
    whose country is not listed."""
    phone = phone or ""
    codes = [c for c in LEXICON.calling_codes if phone.startswith(c)]
    return LEXICON.calling_codes[max(codes, key=len)] if codes else None


def detect_lang(text: str) -> str:
    """``ary-Arab``, ``ary-Latn``, ``fr`` or ``en`` (or any language the lexicon lists)."""
    return detect_lang_tokens(norm.tokens(text))


def product_positions(spans) -> set[int]:
    """Positions of product words, with a link word between two of them ("Miel de thym"):
    a product name shows no language. ``spans``: :func:`bot.nlu.grammar.tag_tokens`."""
    kinds = ("concept", "raw")
    out: set[int] = set()
    for i, span in enumerate(spans):
        if _descriptive_only(span):
            continue                # "pour" (key of "pur"): a function word, not a product
        if span.kind in kinds or (
                span.kind == "link" and 0 < i < len(spans) - 1
                and spans[i - 1].kind in kinds and spans[i + 1].kind in kinds):
            out.update(range(span.start, span.end))
    return out


def _descriptive_only(span) -> bool:
    """A span made of descriptive words only ("bio", "pur", "extra"): it names no product, so
    a function word spelled like one ("pour" → "pur") still shows the language."""
    if span.kind != "concept":
        return False
    concepts = [LEXICON.concepts.get(name) for name in span.value]
    return bool(concepts) and all(c is not None and c.role == "soft" for c in concepts)


@lru_cache(maxsize=4096)
def lang_is_cued(text: str) -> bool:
    """Whether ``text`` shows its language (Arabic letters or a function word of
    ``intents/lang.yml`` and the other lexicon files).

    A name, a street, a bare product name, an emoji or a filler every customer writes
    ("ok", "merci", "svp") does not: :func:`detect_lang` then guesses, and a conversation
    should keep the language it had. A function of the text and the lexicon alone: the
    answers to texts written again and again are kept.
    """
    from .grammar import tag_tokens  # the grammar imports this module's lexicon

    tokens = norm.tokens(text)
    return lang_shown(tokens, product_positions(tag_tokens(tokens)))


def cue_scores(tokens: list[str], not_order: AbstractSet[int] = frozenset(),
               in_names: AbstractSet[int] = frozenset()) -> dict[str, float]:
    """Intent cue weights found in normalised tokens (overlapping phrases all count, but a
    message that is only a whole-message answer of ``alone`` counts that answer alone);
    an ``order`` cue lying wholly on the positions ``not_order`` does not count, nor any
    other cue lying wholly on ``in_names`` (words of a product's name: "Jben frais")."""
    variants = [norm.key_variants(t) for t in tokens]
    scores: dict[str, float] = {}
    first = next((i for i, t in enumerate(tokens) if t != norm.SEPARATOR), 0)
    for start, _end, payloads in LEXICON.cues.all_matches(variants):
        for _, intent, weight, lead_only in payloads:
            if lead_only and start != first:
                continue
            if intent == "order" and not_order and all(p in not_order for p in range(start, _end)):
                continue                # "ma commande", "my order": the noun, not "to order"
            if intent != "order" and in_names and all(p in in_names for p in range(start, _end)):
                continue                # "Jben frais de chèvre": fresh, not delivery fees
            if variants[start][0] not in LEXICON.cues.root and len(tokens[start]) <= 3:
                continue  # short words only count when written as they are ("la", "ah")
            if (_end - start == 1 and len(tokens[start]) <= 3
                    and (intent, lead_only) not in LEXICON.short_cues.get(tokens[start], ())):
                continue  # "la" is not "lla" (no): "rue de la paix"
            scores[intent] = scores.get(intent, 0.0) + weight
    if len(tokens) <= 4:            # "y", "k", "of course": a whole-message answer
        said = " ".join(t for t in tokens if t != norm.SEPARATOR)
        alone = LEXICON.alone_cues.get(said)
        if alone:
            # the whole message is that answer: its words are its own, no other intent's
            # ("ma kayn mochkil", "ما كاين مشكل": no problem, not "is there …?")
            return {alone: scores.get(alone, 0.0) + LEXICON.alone_weights.get(said, 1.0)}
    return scores


def classify(scores: dict[str, float], *, has_products: bool, has_quantity: bool,
             only_removals: bool, bare_number: bool, order_noun: bool = False,
             cancel_lead: bool = False, pronoun_one: bool = False) -> str:
    """Pick the intent from cue scores and what the order parser found (``order_noun``:
    the message names an order, "ma commande"; ``cancel_lead``: "bghit nlghi", "je veux
    annuler"; ``pronoun_one``: the only number is the "one" of "the big one", no count)."""
    def cue(name: str) -> bool:
        return scores.get(name, 0.0) > 0

    if has_products:
        if cue("cancel") and not has_quantity and \
                (cancel_lead or (order_noun and not cue("order"))):
            return "cancel"               # "annuler la commande de miel", "bghit nlghi lamlou"
        if only_removals:
            # "je n'ai toujours pas reçu mon miel", "ما زال ما وصلني الأملو": a status question
            return "status" if cue("status") and not cue("order") and not has_quantity else "order"
        asking = cue("inquiry")                 # "bghit n3ref wach kayn…": not an order
        if cue("price") and not (cue("delivery") and not has_quantity):
            # "bghit zaafran, ch7al dyal 5 gram?", "I want 2 amlou, how much?": a price
            # question adds nothing; its answer asks how many

            return "price"
        if not has_quantity and (not cue("order") or asking):
            for name in ("cancel", "status", "delivery", "human"):
                if name == "status" and scores.get("availability", 0.0) > scores.get(name, 0.0) > 0:
                    continue   # "wach mazal 3ndkom amlou?": still in stock, not "still not here"
                if cue(name):
                    return name
            if cue("availability") or cue("catalog"):
                return "catalog"
        if not has_quantity and cue("delivery") and not cue("order"):
            return "delivery"
        if cue("availability") and (not cue("order") or asking):
            return "catalog"                    # "do you have thyme honey 1kg?": a question
        return "order"
    asks = ("cancel", "human", "status", "delivery") + (("price",) if pronoun_one else ())
    if bare_number and not any(cue(name) for name in asks):
        return "order"                          # "jouj", "2 3afak"; not "parler à un conseiller"
    #                                             nor "how much is the big one?" (a price)
    if cue("confirm") and cue("order") and scores["confirm"] >= scores["order"] and not any(
            cue(name) for name in PRIORITY[:PRIORITY.index("order")]):
        return "confirm"  # "wakha sifto": ok, send it
    for name in PRIORITY:
        if name == "deny" and cue(name) and scores.get("confirm", 0.0) > scores[name]:
            return "confirm"    # "no problem", "machi mochkil": a yes that holds a no word
        if cue(name):
            return "catalog" if name == "availability" else name
    return "unknown"
