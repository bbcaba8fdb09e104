"""Reading a customer's name: after a cue ("smiti", "my name is"), a title or a courtesy,
on a line of its own, before a city; a name written alone (:func:`bare_name`).
"""

from __future__ import annotations

import re

from .. import textnorm as norm
from ..cities import everyday_city
from ..lexicon import LEXICON
from .addresses import address_start, particle_at, place_word
from .base import (
    MAX_NAME_WORDS,
    PUNCT,
    TOKEN_RE,
    cue_tables,
    key_of,
    match,
    name_joiner_keys,
    weak_forms,
)
from .cues import courtesy_keys, never_a_name, only_fillers, strip_courtesy
from .words import (
    capitalised_also_name,
    city_only,
    folded_grammar_word,
    glued_marker,
    glued_place,
    is_marker,
    is_title,
    name_word,
    not_name_keys,
    surname_cue,
    surname_folded_to_a_word,
    surname_like_a_cue,
)

_DOUBLED_END = re.compile(r"([b-df-hj-np-tv-z])\1$")


def recipient_at(tokens: list[str], keys: list[str], i: int) -> int:
    """Length of a recipient cue at ``i`` ("to", "pour", "l" + a family word, or + two
    capitalised name words): "to my father Abdelkader Lamrani", "l khti Zineb", "pour Mouna
    Hassani"; 0 when none ("to Rabat", "pour Tanger", "to Agdal")."""
    cue = match(keys, i, cue_tables()["recipient_cues"])
    if not cue:
        return 0
    j = i + cue
    if j < len(tokens) and match(keys, j, cue_tables()["lodging"]):
        return 0                         # "to Riad Yasmine": a guest house, not a person
    while j < len(tokens) and tokens[j] == ":":
        j += 1                           # "Deliver to: Omar, Rabat, …", "Pour : Salma, …"
    kin = match(keys, j, cue_tables()["kin"]) if j < len(tokens) else 0
    k = j + kin
    words = [t for t in tokens[k:k + 3] if t not in PUNCT][:2]     # "Deliver to: John Smith"
    def named(t: str) -> bool:           # ("for Mia": a first name that is also a word)
        return ((t[:1].isupper() or not t[:1].isascii()) and name_word(t, key_of(t))) \
            or capitalised_also_name(t)
    if kin and words and named(words[0]):
        return j - i + kin
    if len(words) == 2 and all(t[:1].isascii() for t in words) and named(words[0]) and (
            named(words[1]) or surname_like_a_product(tokens, keys, tokens.index(words[1], k))
            or surname_folded_to_a_word(words[1])):
        return cue                       # "for Noah Price, Tetouan"
    if (words and k + 1 < len(tokens) and words[0] == tokens[k] and words[0][:1].isascii()
            and named(words[0]) and not city_only(words[0])[0]
            and not place_word(keys, k, k + 1)
            and ((tokens[k + 1] in (",", "،") and (_city_after(tokens, k + 2) or (
                k + 3 < len(tokens) and address_start(keys, tokens, k + 2))))
                 or (k + 2 < len(tokens) and only_fillers(tokens[k + 1])
                     and _city_word(tokens[k + 2]))
                 or (keys[k + 1] in LEXICON.place_keys and _city_after(tokens, k + 2, k + 3))
                 or (tokens[k + 1][:1].islower() and city_only(tokens[k + 1])[1]))):
        # "for Sara, Agadir, …", "for Sara in Rabat", "pour Rachid à Beni Mellal", "pour
        # Khalid à Safi", "pr Said casa derb …" (a town in small letters: no surname)
        return cue
    return 0


def _city_word(token: str) -> bool:
    """A city as written, or capitalised when its name is also a word ("Safi": enough)."""
    return city_only(token)[1] or (token[:1].isupper() and bool(everyday_city(token)))


def _city_after(tokens: list[str], start: int, last: int | None = None) -> bool:
    """Is a city named from ``start`` on (starting at ``last`` at the latest), in one word or
    in up to three ("Beni Mellal", "Ksar el Kebir")?"""
    return any(city_only(" ".join(tokens[m:m + n]))[0]
               for m in range(start, min(len(tokens), last or len(tokens))) for n in (1, 2, 3)
               if m + n <= len(tokens) and not set(tokens[m:m + n]) & PUNCT)


def titled_name(tokens: list[str], keys: list[str], i: int) -> bool:
    """A polite title before a name: "Mme Alaoui", "Si Mohamed", "لالة زهرة" (in Latin
    letters only before a capital: "si possible" is no name)."""
    if not is_title(keys[i]) or i + 1 >= len(tokens):
        return False
    nxt = tokens[i + 1]
    if not name_word(nxt, keys[i + 1]) or is_title(keys[i + 1]):
        return False
    if nxt[:1].isascii():
        return nxt[:1].isupper()
    return norm.is_arabic(tokens[i]) and len(tokens[i]) > 2


def courtesy_name(tokens: list[str], keys: list[str], i: int) -> bool:
    """"Mme Latifa Berrada", "Mr Paul Dubois" after an address's comma: a French or English
    courtesy title before a name starts the name (a Darija title may name a district:
    "…, Sidi Moumen")."""
    return norm.normalise(tokens[i]) in courtesy_keys() and titled_name(tokens, keys, i)


def _after_particle(tokens: list[str], keys: list[str], start: int, j: int) -> bool:
    """The word after "Ben", "بن", "Ait" inside a name is the name's, even when it is also a
    common word ("خديجة بن علي": "علي" is no "على"); never a figure, a street or a place."""
    token, key = tokens[j], keys[j]
    if j - 1 <= start or token in PUNCT or any(c.isdigit() for c in token):
        return False
    if key in LEXICON.place_keys or key in LEXICON.address_keys or match(
            keys, j, cue_tables()["address_starts"]) or city_only(token)[0]:
        return False
    prev = (keys[j - 1],) in cue_tables()["name_particles"] or \
        (norm.normalise(tokens[j - 1]),) in cue_tables()["name_particles"]
    return prev


def mark(drop: list[bool], start: int, end: int, value: bool) -> None:
    for j in range(start, end):
        drop[j] = value


def before_street(keys: list[str], tokens: list[str], end: int) -> bool:
    """Does a street word follow right after ``end``? ("c'est Boukhalef résidence Jnane",
    "Sidi Maârouf rue 3": a district, not a name)"""
    return end < len(tokens) and address_start(keys, tokens, end)


def capital_after(tokens: list[str], keys: list[str], i: int) -> int:
    """The first capitalised name word within 4 words of ``i`` (else ``i``)."""
    for j in range(i, min(i + 5, len(tokens))):
        if tokens[j][:1].isupper() and name_word(tokens[j], keys[j]):
            return j
    return i


def read_name(tokens: list[str], keys: list[str], i: int) -> int:
    """Where the name starting at ``i`` ends (exclusive); ``i`` when there is none."""
    end = i
    stops = cue_tables()["stops"]
    while end < len(tokens) and end - i < MAX_NAME_WORDS and not (
            end > i and match(keys, end, stops)) and not (
            end > i and _district_numbered(tokens, keys, end)) and not (
            end > i and glued_place(tokens[end])) and (
            name_word(tokens[end], keys[end]) or (end > i and particle_at(tokens, keys, end))
            or _after_particle(tokens, keys, i, end)
            or surname_like_a_product(tokens, keys, end)
            or (end > i and name_word(tokens[end - 1], keys[end - 1])
                and (surname_folded_to_a_word(tokens[end])
                     or _surname_of_a_town(tokens, keys, end)))):
        end += 1
    while end > i and is_title(keys[end - 1]):
        end -= 1                       # a title alone is no name
    return end


def _surname_of_a_town(tokens: list[str], keys: list[str], j: int) -> bool:
    """"my name is Salma Bouazza": after a name word, a word only found inside a longer town's
    name ("Dar Bouazza", not its first word) is the family name, unless it ends that town
    right there ("Dar Bouazza", "Sidi Slimane": the town). It cut the name to "Salma"."""
    return (keys[j] in LEXICON.town_inner_keys
            and (tokens[j][:1].isupper() or norm.is_arabic(tokens[j]))      # ("سارة بوعزة")
            and LEXICON.cities.longest([(keys[j - 1],), (keys[j],)], 0)[0] != 2)


def _district_numbered(tokens: list[str], keys: list[str], j: int) -> bool:
    """A district's word followed by a house number, a number word or a street word
    ("smiti sara iberia raqm 40", "Sara Maarif 12"): the address starts there, not a
    surname ("Mohamed Riad, Rabat" keeps his)."""
    if not place_word(keys, j, j + 1) or j + 1 >= len(tokens):
        return False
    nxt = keys[j + 1]
    return (tokens[j + 1].isdigit() or bool(match(keys, j + 1, cue_tables()["number_words"]))
            or nxt in LEXICON.street_keys)


def surname_like_a_product(tokens: list[str], keys: list[str], j: int) -> bool:
    """"Tom Green", "Emma Rose", "Noah Price": after a first name, a capitalised word that
    is otherwise only a product word (a colour, a flower) or a price or order word is the
    family name when the name ends there (punctuation, the end, or another capitalised word
    follows); "Rose" after "my name is" is a first name."""
    token, key = tokens[j], keys[j]
    if not (token[:1].isupper() and token[1:].islower() and token.isascii() and token.isalpha()):
        return False
    if key in LEXICON.cities.keys or key in LEXICON.place_keys \
            or key in LEXICON.address_keys or is_title(key) or (key,) in cue_tables()["not_names"]:
        return False
    if key in LEXICON.cues.keys:
        if not surname_cue(key):
            return False
    else:
        payloads = LEXICON.grammar.longest([(key,)], 0)[1]
        if not payloads or any(payload[0] != "concept" for payload in payloads):
            return False
    nxt = tokens[j + 1] if j + 1 < len(tokens) else ""
    return not nxt or nxt in PUNCT or (nxt[:1].isupper() and name_word(nxt, keys[j + 1]))


def question_after(tokens: list[str], i: int) -> bool:
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
    if not 2 <= len(words) <= MAX_NAME_WORDS or read_name(tokens, keys, start) < end:
        return False
    if is_title(keys[start]) or place_word(keys, start, end):
        return False                  # "… n 7 Sidi Moumen", "…, Maarif. Bab Doukkala": places
    latin = [w for w in words if w[:1].isascii()]
    if latin and not all(w[:1].isupper() or (keys[start + k],) in cue_tables()["name_particles"]
                         for k, w in enumerate(words) if w[:1].isascii()):
        return False
    return not any(city_only(w)[0] for w in words) and not city_only(" ".join(words))[0]


def detail_line(tokens: list[str], keys: list[str], i: int) -> bool:
    """Does the line starting at ``i`` hold only a city or only a personal name?"""
    end = _line_end(tokens, i)
    if end <= i:
        return False
    if city_only(" ".join(tokens[i:end]))[0]:
        return True
    return _name_only(tokens, keys, i, end)


def trailing_name(tokens: list[str], keys: list[str], start: int, end: int) -> int:
    """Where a name written after the house number ends the address ("zanqa 2 n 4 Houda
    Alami"); ``end`` when there is none. A first name alone closing the message is the name
    only when no word before the address may be one ("Rachel Green, Rabat, 14 Rue …, Hassan":
    Hassan is a district of Rabat)."""
    alone = not name_before(tokens, keys, start)
    comma = max((j for j in range(start, end) if tokens[j] in (",", "،")), default=-1)
    if alone and comma >= 0 and end == len(tokens) and end - comma == 2 \
            and (match(keys, comma + 1, cue_tables()["common_first_names"])
                 or _capitalised_name_after_number(tokens, keys, start, comma)):
        return comma + 1              # "…, hay riad, Omar", "…, 3 rue Sebou, Karim": a first
        #                               name alone, last; "…, hay riad rue 5, Farah" too
    last = max((j for j in range(start, end) if any(c.isdigit() for c in tokens[j])),
               default=-1)
    if last < 0:
        return end
    tail = last + 1
    while tail < end and tokens[tail] in PUNCT:
        tail += 1
    if tail >= end or not all(tokens[j][:1].isascii() for j in range(tail, end)):
        return end
    if _name_only(tokens, keys, tail, end):
        return tail
    if (end - tail == 1 and (tokens[tail - 1] in (",", "،") or (alone and end == len(tokens)))
            and match(keys, tail, cue_tables()["common_first_names"])):
        return tail                   # "…, rue 12 n 4, Karim", "… rue 5 n 3 youssef": a
        #                               first name alone, last
    stop = max((j for j in range(tail, end) if tokens[j] == "."), default=-1)
    if stop > 0 and end == len(tokens) and _name_only(tokens, keys, stop + 1, end):
        return stop + 1               # "…, Racine. Peter Hall": the last sentence, a name
    if stop > 0 and end == len(tokens) and cued_name(tokens, keys, stop + 1, end):
        return stop + 1               # "…, 4th floor. It's Harry Wood"
    return end


def _capitalised_name_after_number(tokens: list[str], keys: list[str], start: int,
                                   comma: int) -> bool:
    """"Rabat, hay riad rue 5, Farah": one capitalised Latin word, a part of its own closing
    the message right after an address part that ends on its house's figure, that the lexicon
    knows as no word, no place and no town: a first name the list lacks ("Farah", "Ihsan")."""
    word = comma + 1
    token = tokens[word]
    return (comma > start and tokens[comma - 1].isdigit() and token[:1].isupper()
            and token.isascii() and token.isalpha() and len(token) > 2
            and name_word(token, keys[word]) and not place_word(keys, word, word + 1)
            and city_only(token)[0] is None and everyday_city(token) is None)


def name_before(tokens: list[str], keys: list[str], start: int) -> bool:
    """May a word before ``start`` be a personal name: a capitalised Latin word or an Arabic
    one that is a name's (no town, place or known word), or a common first name?"""
    for k in range(start):
        token = tokens[k]
        if token in PUNCT or city_only(token)[0] or not name_word(token, keys[k]) \
                or place_word(keys, k, k + 1):
            continue                    # "Fes, Zouagha, 3 rue Sebou, Karim": a district
        if token[:1].isupper() or norm.is_arabic(token) or (keys[k],) in cue_tables()[
                "common_first_names"]:
            return True
    return False


def cued_name(tokens: list[str], keys: list[str], start: int, end: int) -> int:
    """Where the name starts in ``tokens[start:end]`` when they are a name cue and a name
    ("It's Harry Wood", "I'm Sam Hill", "my name is …"); 0 when they are not."""
    cue = match(keys, start, cue_tables()["name_cues"]) or (
        match(keys, start, cue_tables()["weak_name_cues"])
        if norm.normalise(tokens[start]) in weak_forms() else 0)
    if cue and _name_only(tokens, keys, start + cue, end):
        return start + cue
    return 0


def name_before_city(tokens: list[str], keys: list[str], drop: list[bool],
                      start: int) -> tuple[int, int] | None:
    """SMS details after the order, without commas: a capitalised name, the city, then the
    address ("2 amlou Mounia Kabbaj Safi hay kawki n 22"): the name's span, or None."""
    j = start
    while j > 0 and tokens[j - 1] in PUNCT:
        j -= 1
    if j > 0 and not drop[j - 1] and not tokens[j - 1][:1].isupper() \
            and city_only(tokens[j - 1])[1]:
        return _small_name_before_city(tokens, keys, drop, j - 1)
    if j == 0 or drop[j - 1] or not tokens[j - 1][:1].isupper() \
            or not (city_only(tokens[j - 1])[0] or everyday_city(tokens[j - 1])):
        return None
    end = k = j - 1
    while k > 0 and end - k < MAX_NAME_WORDS and not drop[k - 1] \
            and tokens[k - 1][:1].isupper() and name_word(tokens[k - 1], keys[k - 1]) \
            and not city_only(tokens[k - 1])[0]:
        k -= 1
    if end - k < 2 or k == 0 or is_title(keys[k]):
        return None
    previous = tokens[k - 1]
    if not (previous[:1].islower() or previous[:1].isdigit()):
        return None                   # the name follows the order's words
    return (k, end) if _name_only(tokens, keys, k, end) else None


def _small_name_before_city(tokens: list[str], keys: list[str], drop: list[bool],
                            end: int) -> tuple[int, int] | None:
    """The same in small letters, as SMS are typed ("bghit 2 amlou 250g karim rabat rue 5 n
    3", "i want 2 amlou karim alami rabat agdal 3"): a common first name, alone or with one or
    two more name words, right after the order's words and before the town (``end``)."""
    k = end
    while k > 0 and end - k < 3 and not drop[k - 1] and tokens[k - 1] not in PUNCT \
            and name_word(tokens[k - 1], keys[k - 1]) and not city_only(tokens[k - 1])[0] \
            and not is_title(keys[k - 1]):
        k -= 1
    while k < end and not match(keys, k, cue_tables()["common_first_names"]):
        k += 1                        # the name opens with the first name ("… beldi karim")
    if k == end or k == 0:
        return None
    previous = tokens[k - 1]
    if not (previous[:1].islower() or previous[:1].isdigit()) or previous in PUNCT:
        return None                   # the name follows the order's words
    return k, end


def name_line(tokens: list[str], keys: list[str], drop: list[bool],
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


def bare_name(text: str) -> str | None:
    """A part of a message that is only a capitalised personal name ("Youssef Bakkali"), or
    Arabic words none of which the lexicon knows ("محمد أمين بنعيسى", "رشيدة")."""
    tokens = [t for t in TOKEN_RE.findall(text or "") if t not in PUNCT]
    if not 1 <= len(tokens) <= MAX_NAME_WORDS:
        return None
    keys = [key_of(t) for t in tokens]
    if all(is_title(k) for k in keys):
        return None                  # "Mrs" of "Mrs. Helen Carter", cut at its full stop
    # "El", "Ben", "Ait" between two name words: "Youssef El Amrani", "Mohamed ben Ali"
    inner = {i for i in range(1, len(tokens) - 1)
             if particle_at(tokens, keys, i) or _after_particle(tokens, keys, 0, i + 1)}
    if len(tokens) > 1 and particle_at(tokens, keys, 0) and tokens[0][:1].isupper():
        inner.add(0)                 # "Ben Carter": a first name spelled as a particle
    joiners = name_joiner_keys()                # "Tom & Anna Baker": two people, one name
    inner |= {i for i in range(1, len(tokens) - 1) if tokens[i] in joiners}
    inner |= {i for i, t in enumerate(tokens)            # "Anna" is no "ana" (I)
              if (keys[i],) in cue_tables()["weak_name_cues"] and t.lower() not in weak_forms()}
    if all(norm.is_arabic(t) for t in tokens):
        if len(tokens) < 2 and len(tokens[0]) < 3:   # no capitals: "رشيدة", "سعيد الفاسي"
            return None
    elif not all(t[:1].isascii() and (t[:1].isupper() or i in inner)
                 for i, t in enumerate(tokens)):
        return None
    inner |= {i for i in range(2, len(tokens)) if _after_particle(tokens, keys, 0, i)}
    inner |= {i for i in range(1, len(tokens)) if surname_like_a_cue(tokens, keys, i)}
    inner |= {i for i, t in enumerate(tokens) if folded_grammar_word(t, keys[i])}   # "Ann Lee"
    inner |= {i for i in range(1, len(tokens))          # "Ivy Lane": a surname, no street
              if tokens[i][:1].isupper() and match(keys, i, cue_tables()["surname_street_words"])}
    if len(tokens) > 1:             # "Finn Murphy": a capitalised word ending on a doubled
        inner |= {i for i, t in enumerate(tokens)       # consonant the spelling key folds
                  if t[:1].isupper() and _DOUBLED_END.search(t)}     # ("fin": where)
    for i in range(len(keys)):      # "عبد الله", "فاطمة الزهراء": a first name of two words
        n = match(keys, i, cue_tables()["common_first_names"])     # ("الله" is no courtesy)
        inner |= set(range(i, i + n)) if n > 1 else set()
    hard = not_name_keys()          # "آيت علي", "Ben Salah": the word after a particle too
    if any(any(c.isdigit() for c in t) or (k in hard or is_marker(k) or glued_marker(t))
           and not is_title(k)
           for i, (t, k) in enumerate(zip(tokens, keys, strict=False)) if i not in inner):
        return None                  # capitalised words may still be product words: "Green"
    if never_a_name(text) or place_word(keys, 0, len(keys)) or any(
            end - start > 1 and not (start > 0 and all(p[2] for p in payloads))
            for start, end, payloads in LEXICON.cities.all_matches([(k,) for k in keys])):
        return None                  # "Hiya", "Maarif", "Bab Doukkala", "Dar Bouazza"; a
    #                                  town that is also a family name after a first name
    #                                  is his ("Karim Ben Ahmed", "Mohamed Ben Slimane")
    return strip_courtesy(" ".join(tokens))
