"""What one word is to a name reader: a name word, a title, a marker or "and", a surname
folded to a known word or like a cue; and a short text that is a city alone.
"""

from __future__ import annotations

from functools import lru_cache

from .. import textnorm as norm
from ..cities import locate_city
from ..lexicon import LEXICON
from .base import PUNCT, cue_tables, key_of


def surname_folded_to_a_word(token: str) -> bool:
    """A capitalised surname that is a known word only once its spelling is folded ("Moore"
    read "more", "Hall" read "hal"): after a first name, as written, a name."""
    key = key_of(token)
    return (token[:1].isupper() and token[1:].islower() and key != token.lower()
            and key not in LEXICON.cities.keys and key not in LEXICON.place_keys
            and key not in LEXICON.address_keys and (key,) not in cue_tables()["not_names"])


def is_marker(key: str) -> bool:
    """A grammar word (and, without, of, a number…), not a product word."""
    return any(payload[0] in ("marker", "num", "frac") for payload in
               LEXICON.grammar.longest([(key,)], 0)[1])


def arabizi_word(token: str) -> bool:
    """A word written with Arabizi figures for letters ("m7amid", "3bdelkrim"), not a
    number nor a figure with its unit."""
    digits = [c for c in token if c.isdigit()]
    return (0 < len(digits) <= 2 and all(c in norm.ARABIZI_DIGITS for c in digits)
            and sum(c.isalpha() for c in token) >= 3)


def glued_marker(token: str) -> bool:
    """"وزيدني", "wzidni", "وبغيت": "and" written stuck to a cue word ("add", "I want"), never
    a name's word ("وليد", "وفاء", "وئام" are names)."""
    rest = glued_and_rest(token)
    return rest is not None and key_of(rest) in LEXICON.cues.keys


def glued_and_rest(token: str) -> str | None:
    """What follows "and" written stuck to a word ("وسميتي" → "سميتي", "wsmiti" → "smiti"),
    or None when the word opens with no such "and" (``glued_and`` in ``intents/normalise.yml``)."""
    rules = norm.GLUED_AND.get("arabic" if norm.is_arabic(token) else "latin")
    form = next((f for f in rules[0] if token.startswith(f)
                 and len(token) - len(f) >= rules[1]), None) if rules else None
    return token[len(form):] if form else None


@lru_cache(maxsize=1)
def _detail_openers() -> frozenset[str]:
    """First words of the phrases that open or end a detail: name cues, address starts and
    stops ("سميتي", "حي", "بغيت")."""
    tables = cue_tables()
    return frozenset(phrase[0] for table in ("name_cues", "address_starts", "stops")
                     for phrase in tables[table])


@lru_cache(maxsize=1)
def _street_openers() -> frozenset[str]:
    """First words of the address starts ("حي", "زنقة", "hay")."""
    return frozenset(phrase[0] for phrase in cue_tables()["address_starts"])


def unglue_detail_cues(tokens: list[str], keys: list[str]) -> list[str]:
    """The keys of ``tokens`` with "and" stuck to a detail's cue read as the cue: "…
    وسميتي نوال", "واسمي عادل", "wsmiti Salma" name the customer as "smiti Salma" does (the
    name was "وسميتي حسناء", or missing); so does a preposition stuck to a street word in
    Arabic script ("فحي الداوديات": in the district). A word that is a word itself stays."""
    openers = _detail_openers()
    out = keys
    for i, token in enumerate(tokens):
        if keys[i] in openers or is_known(keys[i]):
            continue
        key = None
        if token[:1] in _GLUED_FIRSTS:
            rest = glued_and_rest(token)
            key = key_of(rest) if rest is not None else None
        if key not in openers and norm.is_arabic(token):    # ("broad", "blane" are words)
            key = next((v for v in norm.key_variants(token)[1:] if v in _street_openers()),
                       None)
        if key is not None and key in openers:
            if out is keys:
                out = list(keys)
            out[i] = key
    return out


def unglued_text(token: str, key: str) -> str:
    """``token`` without what is stuck before the cue word ``key`` it was read as
    ("وحي" → "حي", "فحي" → "حي")."""
    return next((token[k:] for k in range(1, len(token)) if key_of(token[k:]) == key), token)


_GLUED_FIRSTS = frozenset(f[:1] for rules in norm.GLUED_AND.values() for f in rules[0])


def glued_place(token: str) -> bool:
    """"فالرباط", "لكازا", "bfes": a town with a preposition stuck to it; "وساكنة", "wsakna":
    "and" stuck to a word of living somewhere: never a name's word (the name went on "نوال
    وساكنة فالرباط")."""
    if any(key in LEXICON.cities.keys for key in norm.key_variants(token)[1:]):
        return True
    rest = glued_and_rest(token) if token[:1] in _GLUED_FIRSTS else None
    return rest is not None and key_of(rest) in LEXICON.place_keys


def is_conj(key: str) -> bool:
    return ("marker", "conj") in LEXICON.grammar.longest([(key,)], 0)[1]


def is_title(key: str) -> bool:
    return (key,) in cue_tables()["titles"]


def is_known(key: str) -> bool:
    return key in LEXICON.known_keys or key in LEXICON.address_keys


def name_word(token: str, key: str) -> bool:
    """Can ``token`` be part of a personal name? Not with figures in it, but for words
    written in Arabizi ("3ziza", "7ajja", "3bdelkrim"; not "12b", "2kg")."""
    if token in PUNCT:
        return False
    if any(c.isdigit() for c in token):
        if (key,) in cue_tables()["common_first_names"] or is_title(key):
            return True
        if not arabizi_word(token):
            return False
    if is_title(key):
        return True
    if token[:1].isupper() and token[1:].islower() and (
            _inner_cue_word(key) or folded_grammar_word(token, key)):
        return True                      # "Will" (of "I will take"), "Ann Lee" ("an", "le")
    if key in LEXICON.first_name_keys and key in LEXICON.town_inner_keys:
        return True                      # "Ahmed" of "Ben Ahmed", "Kacem" of "Sidi Kacem"
    return (not is_known(key) and key not in LEXICON.place_keys
            and (key,) not in cue_tables()["not_names"])            # "ghalta", "wrong"


@lru_cache(maxsize=4096)
def city_only(text: str) -> tuple[str | None, bool]:
    """The city ``text`` is made of (after place words: "f rabat", "à Fès"), and whether it is
    written as one of the city's own forms rather than a near spelling."""
    tokens = [w for w in norm.tokens(text) if w != norm.SEPARATOR]
    words = [w for w in tokens if norm.lookup_key(w) not in LEXICON.place_keys]
    if not words or len(words) > 3:
        return None, False
    # a town that is also an everyday word counts after its place word ("f safi", "à Safi")
    found = locate_city(words, everyday=len(tokens) == len(words) + 1
                        and norm.lookup_key(tokens[0]) in LEXICON.place_keys)
    if not found or found[1] != 0 or found[2] != len(words):
        return None, False
    exact = any(found[0] == payload[1] for _, _, payloads in
                LEXICON.cities.all_matches([norm.key_variants(w) for w in words])
                for payload in payloads)
    return found[0], exact

@lru_cache(maxsize=1)
def first_name_alone(text: str) -> bool:
    """``text`` is one common first name alone, in any case ("fatima", "karim"): at the
    details question, the customer's name (``common_first_names`` in intents/details.yml)."""
    words = [w for w in norm.tokens(text) if w != norm.SEPARATOR]
    return len(words) == 1 and (norm.lookup_key(words[0]),) in cue_tables()["common_first_names"]


def first_name_and_surname(text: str) -> bool:
    """``text`` is a common first name and one or two capitalised words, nothing else
    ("Omar Safi", "Hamid Wakha"): a name, though the surname is also an everyday word or a
    town's ("safi": that's all; Safi)."""
    words = text.split()
    return 2 <= len(words) <= 3 and common_first_name(norm.normalise(words[0]).lower()) \
        and all(w.isalpha() and w[:1].isupper() for w in words[1:])


def initialled_name(text: str) -> bool:
    """``text`` is a capitalised first name and the initial of a surname, nothing else ("Jan
    K", "Anna K."): a name, though the letter alone is also a yes ("k": ok)."""
    words = text.split()
    return len(words) == 2 and len(words[0]) >= 2 and words[0].isalpha() \
        and words[0][:1].isupper() and words[0][1:].islower() \
        and len(words[1].rstrip(".")) == 1 and words[1][:1].isalpha() and words[1][:1].isupper()


def capitalised_also_name(token: str) -> bool:
    """A first name that is also an everyday word (``also_names``: "Ana", "Nour"), written
    capitalised in Latin letters as a name is."""
    return token[:1].isupper() and token[1:].islower() and token.isascii() \
        and (norm.lookup_key(norm.normalise(token).lower()),) in cue_tables()["also_names"]


def also_name_before_town(token: str) -> bool:
    """A capitalised first name that is also an everyday word, right before the town that
    opens the address ("Mia Rabat Agdal 3", "Nour Fes hay salam"): the name, but for a word
    that says who speaks ("Ana Rabat …" is "I'm in Rabat": a weak cue)."""
    return capitalised_also_name(token) \
        and (norm.lookup_key(norm.normalise(token).lower()),) not in cue_tables()["weak_name_cues"]


def common_first_name(word: str) -> bool:
    """``word`` is a common first name ("karim", "nadia"; ``common_first_names``)."""
    return (norm.lookup_key(word),) in cue_tables()["common_first_names"]


def folded_grammar_word(token: str, key: str) -> bool:
    """A word that is an article or a filler only once its spelling is folded ("Lee" read
    "le", "Ann" read "an"): as written, a name."""
    if key == token.lower() or LEXICON.cues.longest([(key,)], 0)[1] \
            or key in LEXICON.cities.keys:
        return False
    payloads = LEXICON.grammar.longest([(key,)], 0)[1]
    return bool(payloads) and all(p == ("marker", "filler") for p in payloads)


def _inner_cue_word(key: str) -> bool:
    """A word known only from inside the lexicon's cue phrases, never starting one and
    never a word of the order grammar, a place or a street ("will" of "I will take")."""
    return (key in LEXICON.cues.keys and key not in LEXICON.cues.root
            and key not in LEXICON.grammar.keys and key not in LEXICON.cities.keys
            and key not in LEXICON.place_keys and key not in LEXICON.address_keys
            and (key,) not in cue_tables()["not_names"])


@lru_cache(maxsize=1)
def not_name_keys() -> frozenset[str]:
    """Words a bare name never holds: places, street words, cities, a detail's label
    ("العنوان", "adresse": "لا، العنوان تبدل: …" named the customer "العنوان تبدل") and a word
    that starts a cue ("thanks", "thank you"; a word only inside one is fine: "Liam" is the
    "liyam" of "ch7al d liyam"). Built once: a union of five tables of the whole lexicon."""
    return frozenset(LEXICON.place_keys | LEXICON.address_keys
                     | (LEXICON.cities.keys - LEXICON.town_inner_keys)   # "Bouazza" alone: a
                     | LEXICON.cues.root.keys() | LEXICON.field_keys.keys())   # family name


_SURNAME_CUE_INTENTS = frozenset({"price", "order", "catalog"})


def surname_like_a_cue(tokens: list[str], keys: list[str], i: int) -> bool:
    """"Will Price", "Emma Cost": a capitalised family name that is also a price or order
    word, after a capitalised first name, every word capitalised. Greetings, thanks, yes and
    no never are ("Karim Merci")."""
    if not all(t[:1].isupper() and t[1:].islower() and t.isalpha() for t in tokens):
        return False
    return surname_cue(keys[i]) and keys[0] not in LEXICON.cues.root


def surname_cue(key: str) -> bool:
    """Is ``key`` a cue word only of a price or an order ("price", "cost"), which is also a
    family name, never a greeting, a thanks, a yes or a no?"""
    payloads = LEXICON.cues.longest([(key,)], 0)[1]
    return bool(payloads) and all(p[0] == "intent" and p[1] in _SURNAME_CUE_INTENTS
                                  for p in payloads)


