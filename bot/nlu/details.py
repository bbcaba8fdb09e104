"""Delivery details written inside a message: a name after "smiti" / "je m'appelle" /
"my name is" / "سميتي", a street address from "hay", "zanqa", "rue", "حي"… on.

:func:`extract` returns them with the message *without* those spans (``rest``), which is
what the order parser then reads: "bghit 2 amlou, smiti Salma, hay riad zanqa 7 raqm 14"
orders 2 amlou, never 7 or 14. Pure, cue words in ``intents/details.yml``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache

from .. import datafiles
from . import textnorm as norm
from .cities import everyday_city, locate_city
from .grammar import split_glued_and
from .lexicon import LEXICON

_FILE = datafiles.intents_path("details.yml")
_DIALOGUE = _FILE.with_name("dialogue.yml")
_TOKEN_RE = re.compile(r"[A-Z]['’][A-Z][^\s,;:.!?()،؛'’]+|[^\s,;:.!?()،؛'’]+|[,;:.!?\n()،؛]")
_PUNCT = set(",;:.!?\n()،؛")
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


def _phrases(entry: dict | None) -> set[tuple[str, ...]]:
    out = set()
    for forms in (entry or {}).values():
        for form in forms or []:
            keys = tuple(norm.lookup_key(t) for t in norm.tokens(str(form)))
            if keys:
                out.add(keys)
    return out


@lru_cache(maxsize=1)
def _data() -> dict:
    """``intents/details.yml`` as written, read once."""
    return datafiles.safe_load(_FILE.read_text(encoding="utf-8")) or {}


@lru_cache(maxsize=1)
def _tables() -> dict:
    data = _data()
    return {key: _phrases(data.get(key)) for key in
            ("name_cues", "weak_name_cues", "titles", "address_starts", "stops", "not_names",
             "number_words", "street_links", "name_particles", "kin", "recipient_cues",
             "lodging", "place_words", "also_names", "lodging_links")}


@lru_cache(maxsize=1)
def number_words() -> frozenset[str]:
    """The words that only mean "number" ("raqm", "numéro", "رقم"), as lookup keys: with a
    number after them they may pick from a list ("raqm 3") as well as number a house."""
    return frozenset(" ".join(phrase) for phrase in _tables()["number_words"])


def _key(token: str) -> str:
    words = norm.tokens(token)
    return norm.lookup_key(words[0]) if len(words) == 1 else " ".join(words)


#: id(phrases) -> (phrases, {first word: its phrases, longest first}); the tables live as long
#: as the process (``_tables`` is cached), the phrases are kept so that an id is never reused.
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


def _match(keys: list[str], i: int, phrases: AbstractSet[tuple[str, ...]]) -> int:
    """Length of the longest phrase of ``phrases`` starting at ``keys[i]`` (0: none)."""
    if i >= len(keys):
        return 0
    for phrase in _by_first_word(phrases).get(keys[i], ()):
        if tuple(keys[i:i + len(phrase)]) == phrase:
            return len(phrase)
    return 0


@lru_cache(maxsize=1)
def _name_joiners() -> frozenset[str]:
    """Signs that join two people's names in one ("&": "Tom & Anna Baker")."""
    return frozenset(str(s) for s in _data().get("name_joiners") or ())


@lru_cache(maxsize=1)
def _weak_forms() -> frozenset[str]:
    """First words of the weak cues as written (not folded: "anna" is no "ana")."""
    return frozenset(norm.tokens(str(form))[0] for forms in
                     (_data().get("weak_name_cues") or {}).values() for form in forms or []
                     if norm.tokens(str(form)))


def _recipient(tokens: list[str], keys: list[str], i: int) -> int:
    """Length of a recipient cue at ``i`` ("to", "pour", "l" + a family word, or + two
    capitalised name words): "to my father Abdelkader Lamrani", "l khti Zineb", "pour Mouna
    Hassani"; 0 when none ("to Rabat", "pour Tanger", "to Agdal")."""
    cue = _match(keys, i, _tables()["recipient_cues"])
    if not cue:
        return 0
    j = i + cue
    if j < len(tokens) and _match(keys, j, _tables()["lodging"]):
        return 0                         # "to Riad Yasmine": a guest house, not a person
    kin = _match(keys, j, _tables()["kin"]) if j < len(tokens) else 0
    k = j + kin
    words = [t for t in tokens[k:k + 3] if t not in _PUNCT][:2]     # "Deliver to: John Smith"
    def named(t: str) -> bool:
        return (t[:1].isupper() or not t[:1].isascii()) and _name_word(t, _key(t))
    if kin and words and named(words[0]):
        return cue + kin
    if len(words) == 2 and all(t[:1].isascii() for t in words) and named(words[0]) and (
            named(words[1]) or _surname_like_a_product(tokens, keys, tokens.index(words[1], k))
            or _surname_folded_to_a_word(words[1])):
        return cue                       # "for Noah Price, Tetouan"
    return 0


def _surname_folded_to_a_word(token: str) -> bool:
    """A capitalised surname that is a known word only once its spelling is folded ("Moore"
    read "more", "Hall" read "hal"): after a first name, as written, a name."""
    key = _key(token)
    return (token[:1].isupper() and token[1:].islower() and key != token.lower()
            and key not in LEXICON.cities.keys and key not in LEXICON.place_keys
            and key not in LEXICON.address_keys and (key,) not in _tables()["not_names"])


def _is_marker(key: str) -> bool:
    """A grammar word (and, without, of, a number…), not a product word."""
    return any(payload[0] in ("marker", "num", "frac") for payload in
               LEXICON.grammar.longest([(key,)], 0)[1])


def _is_conj(key: str) -> bool:
    return ("marker", "conj") in LEXICON.grammar.longest([(key,)], 0)[1]


def _is_title(key: str) -> bool:
    return (key,) in _tables()["titles"]


def _known(key: str) -> bool:
    return key in LEXICON.known_keys or key in LEXICON.address_keys


def _name_word(token: str, key: str) -> bool:
    """Can ``token`` be part of a personal name?"""
    if any(c.isdigit() for c in token) or token in _PUNCT:
        return False
    if _is_title(key):
        return True
    if token[:1].isupper() and token[1:].islower() and (
            _inner_cue_word(key) or _folded_grammar_word(token, key)):
        return True                      # "Will" (of "I will take"), "Ann Lee" ("an", "le")
    return (not _known(key) and key not in LEXICON.place_keys
            and (key,) not in _tables()["not_names"])            # "ghalta", "wrong"


@lru_cache(maxsize=1)
def _not_address_starts() -> frozenset[str]:
    """``not_address_starts`` as written (not folded: "hey" is no "7ey")."""
    return frozenset(norm.normalise(str(form)).lower() for forms in
                     (_data().get("not_address_starts") or {}).values() for form in forms or [])


def _address_start(keys: list[str], tokens: list[str], i: int) -> bool:
    if norm.normalise(tokens[i]).lower() in _not_address_starts():
        return False
    if _match(keys, i, _tables()["address_starts"]):
        nxt = next((t for t in tokens[i + 1:i + 2] if t not in _PUNCT), None)
        return nxt is not None
    if _lodging(keys, tokens, i):
        return True
    if keys[i] in LEXICON.address_keys and not _match(keys, i, _tables()["number_words"]):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        return nxt[:1].isdigit()
    return False


def _lodging(keys: list[str], tokens: list[str], i: int) -> bool:
    """"Riad Kniza, 34 Derb…", "Hotel Atlas, avenue…", "… to Hotel La Mamounia": a guest
    house or a hotel named at the start of a part or after "to", "au", "f", a capitalised (or
    Arabic) name right after it, begins the address."""
    length = _match(keys, i, _tables()["lodging"])
    if not length or (i > 0 and tokens[i - 1] not in _PUNCT
                      and (keys[i - 1],) not in _tables()["lodging_links"]):
        return False                     # "…, Riad Kniza", "2 amlou to Hotel La Mamounia"
    nxt = tokens[i + length] if i + length < len(tokens) else ""
    if not nxt or nxt in _PUNCT or any(c.isdigit() for c in nxt):
        return False
    return nxt[:1].isupper() if nxt[:1].isascii() else norm.is_arabic(nxt)


def _place_word(keys: list[str], start: int, end: int) -> bool:
    """Is any word of ``keys[start:end]`` a place's ("Bab Doukkala", "Ain Sebaa", "Maarif",
    "Riad Kniza")? Such words never make a name."""
    return any(_match(keys, j, _tables()["place_words"]) or _match(keys, j, _tables()["lodging"])
               for j in range(start, end))


def _street_last(tokens: list[str], keys: list[str], i: int) -> bool:
    """"Asni road", "Kasbah Tamadot hotel", "Ibn Sina Street": a part that starts with a
    place's capitalised name and ends on a street word is an address (English puts the
    street word last)."""
    if i > 0 and tokens[i - 1] not in _PUNCT:
        return False
    j = i
    while j < len(tokens) and j - i < 3 and tokens[j][:1].isupper() and (
            _name_word(tokens[j], keys[j]) or (j > i and _particle(tokens, keys, j))):
        j += 1
    return (i < j < len(tokens) and keys[j] in LEXICON.address_keys
            and (j + 1 == len(tokens) or tokens[j + 1] in _PUNCT))


def _numbered_place(tokens: list[str], keys: list[str], i: int) -> bool:
    """"…, Salé, Tabriquet n°77": a part right after a part that is a city, made of a
    place's capitalised name and a house number ("n°", "raqm", "numero" and a figure), is
    an address even when the district is no street word."""
    if i == 0 or tokens[i - 1] not in _PUNCT:
        return False
    k = i - 1
    while k > 0 and tokens[k - 1] not in _PUNCT:
        k -= 1
    if k == i - 1 or not city_only(" ".join(tokens[k:i - 1]))[0]:
        return False
    j = i
    while j < len(tokens) and j - i < 3 and (tokens[j][:1].isupper() or norm.is_arabic(tokens[j])) \
            and _name_word(tokens[j], keys[j]) and not _match(keys, j, _tables()["number_words"]):
        j += 1
    if j == i or j >= len(tokens):
        return False
    words = _match(keys, j, _tables()["number_words"])
    if words and j + words < len(tokens) and tokens[j + words][:1].isdigit():
        end = j + words + 1
    else:
        parts = keys[j].split()
        glued = len(parts) == 2 and (parts[0],) in _tables()["number_words"] and parts[1].isdigit()
        if not glued:
            return False
        end = j + 1
    return end == len(tokens) or tokens[end] in _PUNCT


def _titled_name(tokens: list[str], keys: list[str], i: int) -> bool:
    """A polite title before a name: "Mme Alaoui", "Si Mohamed", "لالة زهرة" (in Latin
    letters only before a capital: "si possible" is no name)."""
    if not _is_title(keys[i]) or i + 1 >= len(tokens):
        return False
    nxt = tokens[i + 1]
    if not _name_word(nxt, keys[i + 1]) or _is_title(keys[i + 1]):
        return False
    if nxt[:1].isascii():
        return nxt[:1].isupper()
    return norm.is_arabic(tokens[i]) and len(tokens[i]) > 2


def _courtesy_name(tokens: list[str], keys: list[str], i: int) -> bool:
    """"Mme Latifa Berrada", "Mr Paul Dubois" after an address's comma: a French or English
    courtesy title before a name starts the name (a Darija title may name a district:
    "…, Sidi Moumen")."""
    return norm.normalise(tokens[i]) in _courtesy() and _titled_name(tokens, keys, i)


def _particle(tokens: list[str], keys: list[str], i: int) -> bool:
    """"El" in "Anas El Khatib", "الله" in "عبد الله": part of a name between name words."""
    if (keys[i],) not in _tables()["name_particles"] and \
            (norm.normalise(tokens[i]),) not in _tables()["name_particles"]:
        return False
    nxt = i + 1 < len(tokens) and _name_word(tokens[i + 1], keys[i + 1])
    return nxt or norm.is_arabic(tokens[i])           # "عبد الله" ends on its particle


def _after_particle(tokens: list[str], keys: list[str], start: int, j: int) -> bool:
    """The word after "Ben", "بن", "Ait" inside a name is the name's, even when it is also a
    common word ("خديجة بن علي": "علي" is no "على"); never a figure, a street or a place."""
    token, key = tokens[j], keys[j]
    if j - 1 <= start or token in _PUNCT or any(c.isdigit() for c in token):
        return False
    if key in LEXICON.place_keys or key in LEXICON.address_keys or _match(
            keys, j, _tables()["address_starts"]) or city_only(token)[0]:
        return False
    prev = (keys[j - 1],) in _tables()["name_particles"] or \
        (norm.normalise(tokens[j - 1]),) in _tables()["name_particles"]
    return prev


def _mark(drop: list[bool], start: int, end: int, value: bool) -> None:
    for j in range(start, end):
        drop[j] = value


def _before_street(keys: list[str], tokens: list[str], end: int) -> bool:
    """Does a street word follow right after ``end``? ("c'est Boukhalef résidence Jnane",
    "Sidi Maârouf rue 3": a district, not a name)"""
    return end < len(tokens) and _address_start(keys, tokens, end)


def _capital_after(tokens: list[str], keys: list[str], i: int) -> int:
    """The first capitalised name word within 4 words of ``i`` (else ``i``)."""
    for j in range(i, min(i + 5, len(tokens))):
        if tokens[j][:1].isupper() and _name_word(tokens[j], keys[j]):
            return j
    return i


def _read_name(tokens: list[str], keys: list[str], i: int) -> int:
    """Where the name starting at ``i`` ends (exclusive); ``i`` when there is none."""
    end = i
    while end < len(tokens) and end - i < MAX_NAME_WORDS and (
            _name_word(tokens[end], keys[end]) or (end > i and _particle(tokens, keys, end))
            or _after_particle(tokens, keys, i, end)
            or _surname_like_a_product(tokens, keys, end)
            or (end > i and _name_word(tokens[end - 1], keys[end - 1])
                and _surname_folded_to_a_word(tokens[end]))):
        end += 1
    while end > i and _is_title(keys[end - 1]):
        end -= 1                       # a title alone is no name
    return end


def _surname_like_a_product(tokens: list[str], keys: list[str], j: int) -> bool:
    """"Tom Green", "Emma Rose", "Noah Price": after a first name, a capitalised word that
    is otherwise only a product word (a colour, a flower) or a price or order word is the
    family name when the name ends there (punctuation, the end, or another capitalised word
    follows); "Rose" after "my name is" is a first name."""
    token, key = tokens[j], keys[j]
    if not (token[:1].isupper() and token[1:].islower() and token.isascii() and token.isalpha()):
        return False
    if key in LEXICON.cities.keys or key in LEXICON.place_keys \
            or key in LEXICON.address_keys or _is_title(key) or (key,) in _tables()["not_names"]:
        return False
    if key in LEXICON.cues.keys:
        if not _surname_cue(key):
            return False
    else:
        payloads = LEXICON.grammar.longest([(key,)], 0)[1]
        if not payloads or any(payload[0] != "concept" for payload in payloads):
            return False
    nxt = tokens[j + 1] if j + 1 < len(tokens) else ""
    return not nxt or nxt in _PUNCT or (nxt[:1].isupper() and _name_word(nxt, keys[j + 1]))


def _question_after(tokens: list[str], i: int) -> bool:
    """Is the sentence starting at ``i`` a question (it ends on "?")?"""
    j = i
    while j < len(tokens) and tokens[j] not in (".", "!", "\n", "?"):
        j += 1
    return j < len(tokens) and tokens[j] == "?" and j > i


def _line_end(tokens: list[str], i: int) -> int:
    j = i
    while j < len(tokens) and tokens[j] != "\n":
        j += 1
    return j


def _name_only(tokens: list[str], keys: list[str], start: int, end: int) -> bool:
    """Are ``tokens[start:end]`` a personal name and nothing else (two to four name words,
    capitalised in Latin letters, no city)?"""
    words = tokens[start:end]
    if not 2 <= len(words) <= MAX_NAME_WORDS or _read_name(tokens, keys, start) < end:
        return False
    if _is_title(keys[start]) or _place_word(keys, start, end):
        return False                  # "… n 7 Sidi Moumen", "…, Maarif. Bab Doukkala": places
    latin = [w for w in words if w[:1].isascii()]
    if latin and not all(w[:1].isupper() or (keys[start + k],) in _tables()["name_particles"]
                         for k, w in enumerate(words) if w[:1].isascii()):
        return False
    return not any(city_only(w)[0] for w in words) and not city_only(" ".join(words))[0]


def _detail_line(tokens: list[str], keys: list[str], i: int) -> bool:
    """Does the line starting at ``i`` hold only a city or only a personal name?"""
    end = _line_end(tokens, i)
    if end <= i:
        return False
    if city_only(" ".join(tokens[i:end]))[0]:
        return True
    return _name_only(tokens, keys, i, end)


def _trailing_name(tokens: list[str], keys: list[str], start: int, end: int) -> int:
    """Where a name written after the house number ends the address ("zanqa 2 n 4 Houda
    Alami"); ``end`` when there is none."""
    last = max((j for j in range(start, end) if any(c.isdigit() for c in tokens[j])),
               default=-1)
    if last < 0:
        return end
    tail = last + 1
    while tail < end and tokens[tail] in _PUNCT:
        tail += 1
    if tail >= end or not all(tokens[j][:1].isascii() for j in range(tail, end)):
        return end
    if _name_only(tokens, keys, tail, end):
        return tail
    stop = max((j for j in range(tail, end) if tokens[j] == "."), default=-1)
    if stop > 0 and end == len(tokens) and _name_only(tokens, keys, stop + 1, end):
        return stop + 1               # "…, Racine. Peter Hall": the last sentence, a name
    if stop > 0 and end == len(tokens) and _cued_name(tokens, keys, stop + 1, end):
        return stop + 1               # "…, 4th floor. It's Harry Wood"
    return end


def _cued_name(tokens: list[str], keys: list[str], start: int, end: int) -> int:
    """Where the name starts in ``tokens[start:end]`` when they are a name cue and a name
    ("It's Harry Wood", "I'm Sam Hill", "my name is …"); 0 when they are not."""
    cue = _match(keys, start, _tables()["name_cues"]) or (
        _match(keys, start, _tables()["weak_name_cues"])
        if norm.normalise(tokens[start]) in _weak_forms() else 0)
    if cue and _name_only(tokens, keys, start + cue, end):
        return start + cue
    return 0


def _name_before_city(tokens: list[str], keys: list[str], drop: list[bool],
                      start: int) -> tuple[int, int] | None:
    """SMS details after the order, without commas: a capitalised name, the city, then the
    address ("2 amlou Mounia Kabbaj Safi hay kawki n 22"): the name's span, or None."""
    j = start
    while j > 0 and tokens[j - 1] in _PUNCT:
        j -= 1
    if j == 0 or drop[j - 1] or not tokens[j - 1][:1].isupper() \
            or not (city_only(tokens[j - 1])[0] or everyday_city(tokens[j - 1])):
        return None
    end = k = j - 1
    while k > 0 and end - k < MAX_NAME_WORDS and not drop[k - 1] \
            and tokens[k - 1][:1].isupper() and _name_word(tokens[k - 1], keys[k - 1]) \
            and not city_only(tokens[k - 1])[0]:
        k -= 1
    if end - k < 2 or k == 0 or _is_title(keys[k]):
        return None
    previous = tokens[k - 1]
    if not (previous[:1].islower() or previous[:1].isdigit()):
        return None                   # the name follows the order's words
    return (k, end) if _name_only(tokens, keys, k, end) else None


def _name_line(tokens: list[str], keys: list[str], drop: list[bool],
               after: int) -> tuple[int, int] | None:
    """The last line after the address that holds only a personal name."""
    found = None
    i = after
    while i < len(tokens):
        if tokens[i] == "\n":
            end = _line_end(tokens, i + 1)
            if end > i + 1 and not any(drop[i + 1:end]) \
                    and _name_only(tokens, keys, i + 1, end):
                found = (i + 1, end)
            i = end
            continue
        i += 1
    return found


def extract(text: str, is_order: Callable[[str], bool] | None = None) -> Details:
    """The name and address written in ``text`` and the text without them.

    ``is_order(words)`` tells whether the words after a comma or an "and" inside an address
    order something ("hay riad zanqa 7 w 2 amlou"): the address ends there."""
    tokens = _TOKEN_RE.findall(text or "")
    if not tokens:
        return Details(rest=text or "")
    keys = [_key(t) for t in tokens]
    tables = _tables()
    drop = [False] * len(tokens)
    name = address = None
    span = name_span = (0, 0)
    cues = ""
    name_strong = False
    i = 0
    while i < len(tokens):
        strong = _match(keys, i, tables["name_cues"])
        weak = 0 if strong else _match(keys, i, tables["weak_name_cues"])
        if weak and norm.normalise(tokens[i]) not in _weak_forms():
            weak = 0                     # "Anna Schmidt" is no "ana" + name
        if not strong and not weak and name is None:
            weak = _recipient(tokens, keys, i)   # "to my father Abdelkader", "pour Mouna H…"
        cue = strong or weak
        if not cue and name is None and _titled_name(tokens, keys, i):
            end = _read_name(tokens, keys, i)    # "pour Mme Alaoui", "Lalla Zahra, casa"
            after = end
            while i > 0 and after < len(tokens) and tokens[after] in _PUNCT:
                after += 1              # "Hajar, Casa, Sidi Maarouf, rue 12": not first
            if not _before_street(keys, tokens, after):    # "Sidi Maârouf rue 3"
                name, name_span = strip_courtesy(" ".join(tokens[i:end])), (i, end)
                _mark(drop, i, end, True)
                i = end
                continue
        if cue and (name is None or (strong and not name_strong)):
            start = i + cue
            while start < len(tokens) and (tokens[start] in _PUNCT
                                           or _match(keys, start, tables["kin"])):
                start += max(1, _match(keys, start, tables["kin"]))   # "smiyt mama Fadma"
            if weak and start < len(tokens) and (
                    (_known(keys[start]) and not _name_word(tokens[start], keys[start]))
                    or _match(keys, start, tables["name_cues"])       # "ana smiti Hajar"
                    or (tokens[start][:1].isascii() and not tokens[start][:1].isupper())):
                i += 1          # "c'est urgent", "ana sakna f rabat": "ana Salma" only
                continue
            if strong and start < len(tokens) and not _name_word(tokens[start], keys[start]) \
                    and not _surname_like_a_product(tokens, keys, start):   # "Rose Byrne"
                start = _capital_after(tokens, keys, start)   # "au nom de ma sœur, Loubna"
            end = _read_name(tokens, keys, start)
            if end == start and strong and start < len(tokens) \
                    and _match(keys, start, tables["also_names"]):
                end = _read_name(tokens, keys, start + 1) if start + 1 < len(tokens) \
                    and _name_word(tokens[start + 1], keys[start + 1]) else start + 1
            if end > start and (strong or not _before_street(keys, tokens, end)):
                if name is not None:
                    _mark(drop, *name_span, False)   # a guess gives way to "au nom de …"
                name, name_span, name_strong = (strip_courtesy(" ".join(tokens[start:end])),
                                                (i, end), bool(strong))
                cues = _join(tokens[i:start])
                _mark(drop, i, end, True)
                i = end
                continue
        if address is None and (_address_start(keys, tokens, i)
                                or _street_last(tokens, keys, i)
                                or _numbered_place(tokens, keys, i)):
            end = i
            while end < len(tokens):
                if end > i and (_match(keys, end, tables["stops"])
                                or _match(keys, end, tables["name_cues"])):
                    break
                if end > i and name is None and (
                        (tokens[end - 1] in _PUNCT or city_only(tokens[end - 1])[0])
                        and _recipient(tokens, keys, end)
                        or tokens[end - 1] in _PUNCT and _courtesy_name(tokens, keys, end)):
                    break               # "…, n 45, for Chloe Martin", "…, Marrakech for …",
                    # "…, Mme Latifa Berrada"
                if end > i and is_order and (tokens[end] in _PUNCT or _is_conj(keys[end])) \
                        and is_order(_join(tokens[end + 1:])):
                    break
                if end > i and tokens[end] in (".", "!") and _question_after(tokens, end + 1):
                    break               # "…, Agdal. Do you deliver on Saturdays?"
                if end > i + 1 and tokens[end] in (".", "!") and city_only(tokens[end - 1])[0]:
                    break               # "…, Rue 27 No 8, Agadir. Cash on delivery. Thanks"
                if end > i and tokens[end] == "\n" and name is None \
                        and _detail_line(tokens, keys, end + 1):
                    break               # one detail a line: "…\nMarrakech\nOliver Grant"
                if end > i + 1 and tokens[end] in (",", "،") and name is None \
                        and _city_then_more(tokens, end + 1):
                    break               # "Sidi Maarouf rue 3, Casablanca, Omar"
                end += 1
            while end > i and tokens[end - 1] in _PUNCT:
                end -= 1
            start = i
            while start > 0 and (tokens[start - 1][:1].isdigit()
                                 or _match(keys, start - 1, tables["number_words"])):
                start -= 1               # "12 rue des Orangers", "n° 5 zanqa 3"
            if name is None:
                tail = _trailing_name(tokens, keys, start, end)
                if tail < end:        # "… zanqa 2 n 4 Houda Alami"
                    first = _cued_name(tokens, keys, tail, end) or tail
                    name, name_span = " ".join(tokens[first:end]), (tail, end)
                    _mark(drop, tail, end, True)
                    end = tail
                    while end > start and tokens[end - 1] in _PUNCT:
                        drop[end - 1] = True
                        end -= 1
            address = _join(tokens[start:end])
            span = (start, end)
            for j in range(start, end):
                drop[j] = True
            i = end
            continue
        i += 1
    if name is None and address is not None:
        before = _name_before_city(tokens, keys, drop, span[0])
        if before:                    # "… 1 ghassoul Mounia Kabbaj Safi hay kawki n 22"
            name, name_span = " ".join(tokens[before[0]:before[1]]), before
            _mark(drop, *before, True)
    if name is None and address is not None:
        line = _name_line(tokens, keys, drop, span[1])
        if line:                      # one detail a line, the name after the address
            name, name_span = " ".join(tokens[line[0]:line[1]]), line
            _mark(drop, *line, True)
    if name is None and address is None:
        return Details(rest=text, city=_city(tokens, drop, span))
    lead = span[0]
    while lead > 0 and span[0] - lead < 3 and not drop[lead - 1] \
            and (_district(tokens, lead - 1) or (_name_word(tokens[lead - 1], keys[lead - 1])
                                                 and not city_only(tokens[lead - 1])[0])):
        lead -= 1
    rest = _join([t for t, d in zip(tokens, drop, strict=False) if not d])
    return Details(name=name, address=address, city=_city(tokens, drop, span), rest=rest,
                   lead=" ".join(tokens[lead:span[0]]), cues=cues if name is not None else "")


def _city_then_more(tokens: list[str], start: int) -> bool:
    """Is the part of the message from ``start`` to the next comma a city alone, with a name
    after it ("…, Casablanca, Omar": the city, then the name, each a part of its own; not
    "…, Casablanca, 2ème étage", still the address)?"""
    end = start
    while end < len(tokens) and tokens[end] not in (",", "،", "\n"):
        end += 1
    rest = " ".join(t for t in tokens[end + 1:] if t not in _PUNCT)
    return (end > start and city_only(" ".join(tokens[start:end]))[0] is not None
            and bool(rest) and bare_name(rest) is not None)


def _district(tokens: list[str], i: int) -> bool:
    """Is the city word at ``i`` a district, another city being named right before it
    ("Rabat Youssoufia rue 8": Youssoufia is a district of Rabat)?"""
    here = city_only(tokens[i])[0]
    before = city_only(tokens[i - 1])[0] if i > 0 else None
    return bool(here and before) and before != here


def _city(tokens: list[str], drop: list[bool], span: tuple[int, int]) -> str | None:
    """A city named outside the name, or at the end of the address ("… zanqa 7, Rabat"),
    never a street's name ("rue de Fès", "zanqa Marrakech")."""
    kept = [t for t, d in zip(tokens, drop, strict=False) if not d]
    words = norm.tokens(" ".join("," if t in _PUNCT else t for t in kept)) if kept else []
    found: tuple[str, int, int] | None = None
    skip: set[int] = set()
    while words:
        hit = locate_city(words, skip)
        if not hit:
            break
        skip |= set(range(hit[1], hit[2]))
        before = [norm.lookup_key(w) for w in words[max(0, hit[1] - 2):hit[1]]]
        if any(("marker", "neg") in LEXICON.grammar.longest([(k,)], 0)[1] for k in before):
            continue                   # "machi sla, rabat": not the negated one
        found = hit
        break
    if found:
        return found[0]
    words = [t for t in tokens[span[0]:span[1]] if t not in _PUNCT]
    capitalised = _capitalised_city([t for t, d in zip(tokens[1:], drop[1:], strict=False) if not d]
                                    + words[-1:])
    if capitalised:
        return capitalised
    # where each word of the address starts a part of its own ("…, Asni road, Marrakech")
    parted = {len([t for t in tokens[span[0]:k] if t not in _PUNCT])
              for k in range(span[0] + 1, span[1]) if tokens[k - 1] in _PUNCT}
    for size in (3, 2, 1):
        tail = words[-size:]
        if len(words) <= size:
            continue
        key_before = _key(words[-size - 1])
        if len(words) - size not in parted and (
                (key_before,) in _tables()["address_starts"] or key_before in LEXICON.address_keys
                or (key_before,) in _tables()["street_links"]):
            continue                  # "rue de Fès", "zanqa Marrakech": a street's name
        hit = locate_city(norm.tokens(" ".join(tail)))
        if hit and hit[1] == 0 and hit[2] == len(norm.tokens(" ".join(tail))):
            return hit[0]
    return None


def _capitalised_city(words: list[str]) -> str | None:
    """A city written as an everyday word but capitalised inside a delivery message ("…,
    Safi, hay kawki", "… zanqa 3 raqm 2, Safi"): the city, not "that's it"."""
    for word in words:
        if word[:1].isupper() and word[1:2].islower():
            city = everyday_city(word)
            if city:
                return city
    return None


def _join(tokens: list[str]) -> str:
    out = ""
    for t in tokens:
        if t in _PUNCT and t != "(":
            out = out.rstrip() + ("," if t == "\n" else t) + " "
        else:
            out += t + " "
    return " ".join(out.split())


def never_a_name(text: str) -> bool:
    """Does ``text`` hold a word that is never a name ("wrong", "Hiya", "ghalta")?"""
    keys = [_key(t) for t in _TOKEN_RE.findall(text or "")]
    return any(_match(keys, i, _tables()["not_names"]) for i in range(len(keys)))


def starts_with_and(text: str) -> bool:
    """"w sidr", "و السدر", "et le zaatar": the message opens with "and" (one more thing)."""
    tokens = split_glued_and(norm.tokens(text))
    return bool(tokens) and _is_conj(_key(tokens[0]))


def starts_with_title(text: str) -> bool:
    """"Lalla Zahra", "Si Mohamed": a polite title, then a name."""
    tokens = _TOKEN_RE.findall(text or "")
    return len(tokens) > 1 and _is_title(_key(tokens[0]))


@lru_cache(maxsize=4096)
def city_only(text: str) -> tuple[str | None, bool]:
    """The city ``text`` is made of (after place words: "f rabat", "à Fès"), and whether it is
    written as one of the city's own forms rather than a near spelling."""
    words = [w for w in norm.tokens(text) if norm.lookup_key(w) not in LEXICON.place_keys
             and w != norm.SEPARATOR]
    if not words or len(words) > 3:
        return None, False
    found = locate_city(words)
    if not found or found[1] != 0 or found[2] != len(words):
        return None, False
    exact = any(found[0] == payload[1] for _, _, payloads in
                LEXICON.cities.all_matches([norm.key_variants(w) for w in words])
                for payload in payloads)
    return found[0], exact


def before_negation(text: str) -> str | None:
    """The words before a negation ("jouj machi wa7da" → "jouj", "2 pas 1" → "2"), or None
    when the message has none after its first word (a leading "la"/"non" is the answer)."""
    words = norm.tokens(text)
    variants = [norm.key_variants(w) for w in words]
    for i in range(1, len(words)):
        size, payloads = LEXICON.grammar.longest(variants, i)
        if size and ("marker", "neg") in payloads:
            return " ".join(words[:i])
    return None


@lru_cache(maxsize=1)
def _dialogue() -> dict:
    data = datafiles.safe_load(_DIALOGUE.read_text(encoding="utf-8")) or {}
    return {key: _phrases(entry) for key, entry in data.items()}


@lru_cache(maxsize=1024)
def says(text: str, kind: str) -> bool:
    """Does ``text`` hold one of the ``intents/dialogue.yml`` phrases of ``kind``
    ("keep": khlliha; "later": ghadi nchouf, ok merci)?"""
    keys = [norm.lookup_key(t) for t in norm.tokens(text)]
    phrases = _dialogue().get(kind, set())
    return any(_match(keys, i, phrases) for i in range(len(keys)))


def one_of_them(text: str) -> bool:
    """"bdel wa7ed menhom b ghassoul", "swap one of them for …", and "bdel wa7ed b ghassoul",
    "swap one for …": a "one" right after a replacing verb is its object, one of the line,
    not the count of the new product ("change it to one ghassoul")."""
    if says(text, "of_them"):
        return True
    words = norm.tokens(text)
    for word, after in zip(words, words[1:], strict=False):
        if norm.lookup_key(word) in LEXICON.replace_keys:
            length, payloads = LEXICON.grammar.longest([norm.key_variants(after)], 0)
            if length == 1 and ("num", 1.0) in payloads:
                return True
    return False


def without(text: str, kind: str) -> str:
    """``text`` without its ``intents/dialogue.yml`` phrases of ``kind`` ("dir 2 mn kol
    wa7da" → "dir 2" for ``each``: the "one" of the phrase is no count)."""
    words = norm.tokens(text)
    keys = [norm.lookup_key(t) for t in words]
    phrases = _dialogue().get(kind, set())
    out, i = [], 0
    while i < len(words):
        n = _match(keys, i, phrases)
        if not n:
            out.append(words[i])
        i += n or 1
    return " ".join(out)


def leading_name(found: Details, text: str) -> bool:
    """Are the words before the address (``found.lead``) a person's name rather than a
    district? Two or three capitalised words opening the message, none a place, street or
    city word, right before a house number: "Nadia Alami 14 rue Ibn Sina" (the number opens
    the address; a district comes before its street word: "Sidi Maârouf rue 3")."""
    words = found.lead.split()
    if not 2 <= len(words) <= 3 or not text.lstrip().startswith(found.lead) \
            or not (found.address or "")[:1].isdigit():
        return False
    return all(w.isalpha() and w[:1].isupper() and _name_word(w, _key(w))
               and _key(w) not in LEXICON.cities.keys and _key(w) not in LEXICON.address_keys
               for w in words)


def split_at(text: str, kind: str) -> tuple[str, str] | None:
    """``text`` cut before its first ``intents/dialogue.yml`` phrase of ``kind``, without the
    conjunctions and commas that end the first part ("make it 2 and add 1 kg of figs" →
    ("make it 2", "add 1 kg of figs") for ``more``); None when no such phrase follows a word."""
    words = norm.tokens(text)
    keys = [norm.lookup_key(t) for t in words]
    phrases = _dialogue().get(kind, set())
    at = next((i for i in range(1, len(keys)) if _match(keys, i, phrases)), None)
    if at is None:
        return None
    end = at
    while end > 0 and (words[end - 1] in _PUNCT or words[end - 1] == norm.SEPARATOR
                       or _is_conj(keys[end - 1])):
        end -= 1
    return (" ".join(words[:end]), " ".join(words[at:])) if end else None


def numbered_pick(text: str) -> bool:
    """"raqm 3", "numéro 2", "رقم 4": a number word before a number picks from a list (or is
    part of an address), it never asks for a person."""
    tokens = _TOKEN_RE.findall(text or "")
    keys = [_key(t) for t in tokens]
    return any(_match(keys, i, _tables()["number_words"]) and i + 1 < len(tokens)
               and tokens[i + 1][:1].isdigit() for i in range(len(tokens)))


def has_unknown_word(text: str) -> bool:
    """Does ``text`` hold a word the lexicon does not know (a place or a person's name)?"""
    tokens = [t for t in _TOKEN_RE.findall(text or "") if t not in _PUNCT]
    return any(_name_word(t, _key(t)) and not _is_title(_key(t)) for t in tokens)


@lru_cache(maxsize=1)
def _courtesy() -> frozenset[str]:
    titles = _data().get("titles") or {}
    return frozenset(norm.normalise(str(f)) for lang in ("fr", "en")
                     for f in titles.get(lang) or [])


def strip_courtesy(name: str) -> str:
    """"Mme Latifa Chraibi" → "Latifa Chraibi" (a French or English courtesy title is no
    part of the name; "Lalla Zahra", "Si Mohamed" keep theirs)."""
    words = name.split()
    while len(words) > 1 and norm.normalise(words[0]).rstrip(".") in _courtesy():
        words = words[1:]
    return " ".join(words)


@lru_cache(maxsize=1)
def _folded_grammar_word(token: str, key: str) -> bool:
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
            and (key,) not in _tables()["not_names"])


@lru_cache(maxsize=1)
def _not_name_keys() -> frozenset[str]:
    """Words a bare name never holds: places, street words, cities, and a word that starts
    a cue ("thanks", "thank you"; a word only inside one is fine: "Liam" is the "liyam" of
    "ch7al d liyam"). Built once: a union of four tables of the whole lexicon (≈ 0.1 ms)."""
    return frozenset(LEXICON.place_keys | LEXICON.address_keys | LEXICON.cities.keys
                     | LEXICON.cues.root.keys())


_SURNAME_CUE_INTENTS = frozenset({"price", "order", "catalog"})


def _surname_like_a_cue(tokens: list[str], keys: list[str], i: int) -> bool:
    """"Will Price", "Emma Cost": a capitalised family name that is also a price or order
    word, after a capitalised first name, every word capitalised. Greetings, thanks, yes and
    no never are ("Karim Merci")."""
    if not all(t[:1].isupper() and t[1:].islower() and t.isalpha() for t in tokens):
        return False
    return _surname_cue(keys[i]) and keys[0] not in LEXICON.cues.root


def _surname_cue(key: str) -> bool:
    """Is ``key`` a cue word only of a price or an order ("price", "cost"), which is also a
    family name, never a greeting, a thanks, a yes or a no?"""
    payloads = LEXICON.cues.longest([(key,)], 0)[1]
    return bool(payloads) and all(p[0] == "intent" and p[1] in _SURNAME_CUE_INTENTS
                                  for p in payloads)


def bare_name(text: str) -> str | None:
    """A part of a message that is only a capitalised personal name ("Youssef Bakkali"), or
    Arabic words none of which the lexicon knows ("محمد أمين بنعيسى", "رشيدة")."""
    tokens = [t for t in _TOKEN_RE.findall(text or "") if t not in _PUNCT]
    if not 1 <= len(tokens) <= MAX_NAME_WORDS:
        return None
    keys = [_key(t) for t in tokens]
    # "El", "Ben", "Ait" between two name words: "Youssef El Amrani", "Mohamed ben Ali"
    inner = {i for i in range(1, len(tokens) - 1)
             if _particle(tokens, keys, i) or _after_particle(tokens, keys, 0, i + 1)}
    if len(tokens) > 1 and _particle(tokens, keys, 0) and tokens[0][:1].isupper():
        inner.add(0)                 # "Ben Carter": a first name spelled as a particle
    joiners = _name_joiners()                # "Tom & Anna Baker": two people, one name
    inner |= {i for i in range(1, len(tokens) - 1) if tokens[i] in joiners}
    inner |= {i for i, t in enumerate(tokens)            # "Anna" is no "ana" (I)
              if (keys[i],) in _tables()["weak_name_cues"] and t.lower() not in _weak_forms()}
    if all(norm.is_arabic(t) for t in tokens):
        if len(tokens) < 2 and len(tokens[0]) < 3:   # no capitals: "رشيدة", "سعيد الفاسي"
            return None
    elif not all(t[:1].isascii() and (t[:1].isupper() or i in inner)
                 for i, t in enumerate(tokens)):
        return None
    inner |= {i for i in range(2, len(tokens)) if _after_particle(tokens, keys, 0, i)}
    inner |= {i for i in range(1, len(tokens)) if _surname_like_a_cue(tokens, keys, i)}
    inner |= {i for i, t in enumerate(tokens) if _folded_grammar_word(t, keys[i])}   # "Ann Lee"
    hard = _not_name_keys()          # "آيت علي", "Ben Salah": the word after a particle too
    if any(any(c.isdigit() for c in t) or (k in hard or _is_marker(k)) and not _is_title(k)
           for i, (t, k) in enumerate(zip(tokens, keys, strict=False)) if i not in inner):
        return None                  # capitalised words may still be product words: "Green"
    if never_a_name(text) or _place_word(keys, 0, len(keys)):
        return None                  # "Hiya", "Maarif", "Bab Doukkala"
    return strip_courtesy(" ".join(tokens))
