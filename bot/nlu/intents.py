"""Language detection and intent classification.

Both read cue words from the lexicon (``intents/keywords.yml``, ``intents/lang.yml`` and the
language keys of every other file), so a new language needs lexicon entries only.
"""

from __future__ import annotations

import re

from . import textnorm as norm
from .lexicon import LEXICON

ARABIC_LANG = "ary-Arab"   # any Arabic-script message
DARIJA_LATN = "ary-Latn"   # Darija in Latin letters, mixed with French or English words
DEFAULT_LANG = DARIJA_LATN
_ARABIZI_RE = re.compile(r"^(?=[a-z0-9]*[a-z])(?=[a-z0-9]*[a-z][2-9]|[a-z0-9]*[2-9][a-z])[a-z0-9]+$")
DARIJA_SHARE = 0.2  # Darija cues must make up this share of all cues to win a mixed message

# Without a product, the first intent (in this order) with a cue wins.
PRIORITY = ("cancel", "human", "status", "delivery", "price", "catalog", "availability", "help",
            "order", "deny", "confirm", "thanks", "greet")


def lang_scores(tokens: list[str], skip: set[int] = frozenset()) -> dict[str, float]:
    """Cue weight per language for normalised Latin-script tokens (``skip``: positions of
    names, such as cities, that say nothing about the language)."""
    scores: dict[str, float] = {}
    cues = LEXICON.lang_cues
    for position, token in enumerate(tokens):
        if position in skip or token == norm.SEPARATOR or token[0].isdigit() and token.isdigit():
            continue
        if _ARABIZI_RE.match(token) and not token.startswith("x"):
            scores[DARIJA_LATN] = scores.get(DARIJA_LATN, 0.0) + 1.0
            continue
        variants = norm.key_variants(token)
        hit = cues.get(variants[0])
        if hit:
            for lang, weight in hit.items():
                scores[lang] = scores.get(lang, 0.0) + weight
        elif len(variants) > 1 and token[0] in "ld" and any(v in cues for v in variants[1:]):
            # a Darija article glued to a French word: "lcommande", "lprix", "dlmiel"
            scores[DARIJA_LATN] = scores.get(DARIJA_LATN, 0.0) + 0.5
    return scores


def detect_lang_tokens(tokens: list[str], skip: set[int] = frozenset()) -> str:
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


def detect_lang(text: str) -> str:
    """``ary-Arab``, ``ary-Latn``, ``fr`` or ``en`` (or any language the lexicon lists)."""
    return detect_lang_tokens(norm.tokens(text))


def lang_is_cued(text: str) -> bool:
    """Whether ``text`` shows its language (Arabic letters or a word of ``intents/lang.yml``).

    A name, a street or a bare product name does not: :func:`detect_lang` then falls back
    to its default, and a conversation should keep the language it had.
    """
    tokens = norm.tokens(text)
    arabic, _latin = norm.script_counts(" ".join(tokens))
    return bool(arabic) or sum(lang_scores(tokens, frozenset()).values()) > 0


def cue_scores(tokens: list[str], not_order: set[int] = frozenset()) -> dict[str, float]:
    """Intent cue weights found in normalised tokens (overlapping phrases all count);
    an ``order`` cue lying wholly on the positions ``not_order`` does not count."""
    variants = [norm.key_variants(t) for t in tokens]
    scores: dict[str, float] = {}
    first = next((i for i, t in enumerate(tokens) if t != norm.SEPARATOR), 0)
    for start, _end, payloads in LEXICON.cues.all_matches(variants):
        for _, intent, weight, lead_only in payloads:
            if lead_only and start != first:
                continue
            if intent == "order" and not_order and all(p in not_order for p in range(start, _end)):
                continue                # "ma commande", "my order": the noun, not "to order"
            if variants[start][0] not in LEXICON.cues.root and len(tokens[start]) <= 3:
                continue  # short words only count when written as they are ("la", "ah")
            scores[intent] = scores.get(intent, 0.0) + weight
    return scores


def classify(scores: dict[str, float], *, has_products: bool, has_quantity: bool,
             only_removals: bool, bare_number: bool, order_noun: bool = False,
             cancel_lead: bool = False) -> str:
    """Pick the intent from cue scores and what the order parser found (``order_noun``:
    the message names an order, "ma commande"; ``cancel_lead``: "bghit nlghi", "je veux
    annuler")."""
    def cue(name: str) -> bool:
        return scores.get(name, 0.0) > 0

    if has_products:
        if cue("cancel") and not has_quantity and (cancel_lead or (order_noun and not cue("order"))):
            return "cancel"                     # "annuler la commande de miel", "bghit nlghi lamlou"
        if only_removals:
            return "order"
        asking = cue("inquiry")                 # "bghit n3ref wach kayn…": not an order
        ordering = cue("order") and has_quantity and not asking
        if cue("price") and not ordering and not (cue("delivery") and not has_quantity):
            return "price"
        if not has_quantity and (not cue("order") or asking):
            for name in ("cancel", "status", "delivery", "human"):
                if cue(name):
                    return name
            if cue("availability") or cue("catalog"):
                return "catalog"
        if not has_quantity and cue("delivery") and not cue("order"):
            return "delivery"
        if cue("availability") and (not cue("order") or asking):
            return "catalog"                    # "do you have thyme honey 1kg?": a question
        return "order"
    if bare_number and not any(cue(name) for name in ("cancel", "human", "status", "delivery")):
        return "order"                          # "jouj", "2 3afak"; not "parler à un conseiller"
    if cue("confirm") and cue("order") and scores["confirm"] >= scores["order"] and not any(
            cue(name) for name in PRIORITY[:PRIORITY.index("order")]):
        return "confirm"  # "wakha sifto": ok, send it
    for name in PRIORITY:
        if cue(name):
            return "catalog" if name == "availability" else name
    return "unknown"
