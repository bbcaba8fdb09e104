"""The :class:`Details` record, the cue tables of ``intents/details.yml`` read once, and
phrase matching over them.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache

from ... import datafiles
from .. import textnorm as norm

_FILE = datafiles.intents_path("details.yml")
DIALOGUE = _FILE.with_name("dialogue.yml")
TOKEN_RE = re.compile(r"[A-Za-z]['’][A-Z][^\s,;:.!?()،؛'’]+|[^\s,;:.!?()،؛'’]+|[,;:.!?\n()،؛]")
PUNCT = set(",;:.!?\n()،؛")
MAX_NAME_WORDS = 4


@dataclass(frozen=True)
class Details:
    name: str | None = None
    address: str | None = None
    city: str | None = None        # a city named in the message outside a street name
    rest: str = ""                 # the message without the name and address
    cues: str = ""                 # the words that introduced the name ("smiti", "pour", "my
                                   # name is"): language cues, unlike the name itself
    lead: str = ""                 # unknown words just before the address ("hamria rue 4")
    closing: str = ""              # a town written as an everyday word, a part of its own
                                   # closing the address ("…, hay salam, safi"): the town where
                                   # none is named nor known, else "that's all" (never kept)


def phrase_set(entry: dict | None) -> set[tuple[str, ...]]:
    out = set()
    for forms in (entry or {}).values():
        for form in forms or []:
            keys = tuple(norm.lookup_key(t) for t in norm.tokens(str(form)))
            if keys:
                out.add(keys)
    return out


@lru_cache(maxsize=1)
def details_data() -> dict:
    """``intents/details.yml`` as written, read once."""
    return datafiles.safe_load(_FILE.read_text(encoding="utf-8")) or {}


@lru_cache(maxsize=1)
def cue_tables() -> dict:
    data = details_data()
    return {key: phrase_set(data.get(key)) for key in
            ("name_cues", "weak_name_cues", "titles", "address_starts", "stops", "not_names",
             "number_words", "street_links", "name_particles", "kin", "recipient_cues",
             "lodging", "place_words", "also_names", "lodging_links", "common_first_names",
             "compass_words", "recipient_words", "name_links", "surname_street_words")}


@lru_cache(maxsize=1)
def number_words() -> frozenset[str]:
    """The words that only mean "number" ("raqm", "numéro", "رقم"), as lookup keys: with a
    number after them they may pick from a list ("raqm 3") as well as number a house."""
    return frozenset(" ".join(phrase) for phrase in cue_tables()["number_words"])


def key_of(token: str) -> str:
    words = norm.tokens(token)
    return norm.lookup_key(words[0]) if len(words) == 1 else " ".join(words)


#: id(phrases) -> (phrases, {first word: its phrases, longest first}); the tables live as long
#: as the process (``cue_tables`` is cached), the phrases are kept so that an id is never reused.
_FIRST_WORDS: dict[int, tuple[AbstractSet[tuple[str, ...]], dict[str, list[tuple[str, ...]]]]] = {}


def _by_first_word(phrases: AbstractSet[tuple[str, ...]]) -> dict[str, list[tuple[str, ...]]]:
    entry = _FIRST_WORDS.get(id(phrases))
    if entry is None or entry[0] is not phrases:
        index: dict[str, list[tuple[str, ...]]] = {}
        for phrase in sorted(phrases, key=len, reverse=True):
            if phrase:
                index.setdefault(phrase[0], []).append(phrase)
        entry = _FIRST_WORDS[id(phrases)] = (phrases, index)
    return entry[1]


def match(keys: list[str], i: int, phrases: AbstractSet[tuple[str, ...]]) -> int:
    """Length of the longest phrase of ``phrases`` starting at ``keys[i]`` (0: none)."""
    if i >= len(keys):
        return 0
    for phrase in _by_first_word(phrases).get(keys[i], ()):
        if tuple(keys[i:i + len(phrase)]) == phrase:
            return len(phrase)
    return 0


@lru_cache(maxsize=1)
def name_joiner_keys() -> frozenset[str]:
    """Signs that join two people's names in one ("&": "Tom & Anna Baker")."""
    return frozenset(str(s) for s in details_data().get("name_joiners") or ())


@lru_cache(maxsize=1)
def regnal_numbers() -> frozenset[str]:
    """A king's numbers as written ("II", "V"; ``regnal_numbers``), never folded."""
    return frozenset(str(s) for s in details_data().get("regnal_numbers") or ())


@lru_cache(maxsize=1)
def weak_forms() -> frozenset[str]:
    """First words of the weak cues as written (not folded: "anna" is no "ana")."""
    return frozenset(norm.tokens(str(form))[0] for forms in
                     (details_data().get("weak_name_cues") or {}).values() for form in forms or []
                     if norm.tokens(str(form)))


