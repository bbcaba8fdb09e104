"""Reading a street address ("hay", "zanqa", "rue", a numbered place, a lodging) and the city
named beside it.
"""

from __future__ import annotations

from functools import lru_cache

from .. import textnorm as norm
from ..cities import everyday_city, locate_city
from ..lexicon import LEXICON
from .base import PUNCT, cue_tables, details_data, key_of, match
from .words import city_only, common_first_name, is_known, name_word


@lru_cache(maxsize=1)
def _not_address_starts() -> frozenset[str]:
    """``not_address_starts`` as written (not folded: "hey" is no "7ey")."""
    return frozenset(norm.normalise(str(form)).lower() for forms in
                     (details_data().get("not_address_starts") or {}).values()
                     for form in forms or [])


def address_start(keys: list[str], tokens: list[str], i: int) -> bool:
    if norm.normalise(tokens[i]).lower() in _not_address_starts() \
            and not (i + 1 < len(tokens) and tokens[i + 1][:1].isdigit()):
        return False                    # ("im in casablanca": I'm; "im 4": a building)
    if _first_name_and_surname(tokens, keys, i):
        return False
    if match(keys, i, cue_tables()["address_starts"]):
        nxt = next((t for t in tokens[i + 1:i + 2] if t not in PUNCT), None)
        return nxt is not None
    if _lodging(keys, tokens, i):
        return True
    if keys[i] in LEXICON.address_keys and not match(keys, i, cue_tables()["number_words"]):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        after = tokens[i + 2] if i + 2 < len(tokens) else ""
        return nxt[:1].isdigit() or _letter_number(nxt, after) or _ordinal_before(tokens, i)
    return False


def _first_name_and_surname(tokens: list[str], keys: list[str], i: int) -> bool:
    """"Tariq Khan, Rabat, Agdal…": a message opening with a common first name that is also
    a word for a road ("tariq") and one capitalised word alone after it is a name, no
    address ("What name is the delivery for?" was asked until the order was lost)."""
    return (i == 0 and len(tokens) >= 2 and (keys[0],) in cue_tables()["common_first_names"]
            and tokens[1][:1].isupper() and tokens[1].isalpha()
            and (len(tokens) == 2 or tokens[2] in PUNCT))


def _ordinal_before(tokens: list[str], i: int) -> bool:
    """"3eme etage", "2nd floor", "1er étage": an ordinal written with its figure ("3eme",
    "2nd"), right before the word for a floor or a flat, numbers it as a figure after it
    does ("etage 3")."""
    if i == 0:
        return False
    word = tokens[i - 1]
    return word[:1].isdigit() and not word.isdigit() and word.rstrip("0123456789") == word \
        and len(word.lstrip("0123456789")) <= 3 and word.lstrip("0123456789").isalpha()


def _letter_number(word: str, after: str) -> bool:
    """A building's letter, alone or with its number ("bloc C 23", "imm B2", "bloc C"),
    after a word that starts an address before a number."""
    if not word[:1].isascii() or not word[:1].isalpha():
        return False
    if len(word) == 1:                   # not the "d" of "route d'Imouzzer"
        return after[:1].isdigit() or (word.isupper() and (not after or after in PUNCT))
    return word[1:].isdigit() and len(word) <= 4


def _lodging(keys: list[str], tokens: list[str], i: int) -> bool:
    """"Riad Kniza, 34 Derb…", "Hotel Atlas, avenue…", "… to Hotel La Mamounia": a guest
    house or a hotel named at the start of a part or after "to", "au", "f", a capitalised (or
    Arabic) name right after it, begins the address."""
    length = match(keys, i, cue_tables()["lodging"])
    if not length and _lodging_named_first(keys, tokens, i):
        return True
    if length and _town_named_so(tokens, i, length):
        return False                     # "Dar Bouazza", "دار بوعزة": a town, no house
    if not length or (i > 0 and tokens[i - 1] not in PUNCT
                      and (keys[i - 1],) not in cue_tables()["lodging_links"]):
        return False                     # "…, Riad Kniza", "2 amlou to Hotel La Mamounia"
    nxt = tokens[i + length] if i + length < len(tokens) else ""
    if not nxt or nxt in PUNCT or any(c.isdigit() for c in nxt):
        return False
    return nxt[:1].isupper() if nxt[:1].isascii() else norm.is_arabic(nxt)


def _town_named_so(tokens: list[str], i: int, length: int) -> bool:
    """Does the lodging word at ``i`` open a town's own name ("Dar Bouazza", "Dar Gueddari":
    the town, not a house named Bouazza)?"""
    end = min(len(tokens), i + length + 3)
    size, payloads = LEXICON.cities.longest(
        [norm.key_variants(t) for t in norm.tokens(" ".join(tokens[i:end]))], 0)
    return size > length and any(not context_only for _, _, context_only in payloads)


MAX_LODGING_NAME = 4     # capitalised words before the lodging word ("La Maison Arabe riad")


def _lodging_named_first(keys: list[str], tokens: list[str], i: int) -> bool:
    """"…, Marrakech, La Mamounia hotel", "Le Diwan hotel, Rabat": a part made of capitalised
    words, then a lodging word ending it, names a guest house or a hotel (the name's article
    "La" was read as Darija's "no": the address and the name were asked again)."""
    if (i > 0 and tokens[i - 1] not in PUNCT) or not tokens[i][:1].isupper() \
            or not tokens[i][:1].isascii():
        return False
    for j in range(i + 1, min(len(tokens), i + 1 + MAX_LODGING_NAME)):
        length = match(keys, j, cue_tables()["lodging"])
        if length:
            end = j + length
            return end == len(tokens) or tokens[end] in PUNCT
        if not tokens[j][:1].isupper() or not tokens[j].isalpha():
            return False
    return False


def house_number_of_a_place(words: list[str]) -> bool:
    """Do ``words`` (tokens of a short message) hold a district's word right before a figure
    ("agdal 3", "0612345678 rabat agdal 3")? The figure is a house number, not a count."""
    keys = [key_of(w) for w in words]
    return any(w.isdigit() and place_word(keys, k - 1, k) for k, w in enumerate(words) if k)


def place_word(keys: list[str], start: int, end: int) -> bool:
    """Is any word of ``keys[start:end]`` a place's ("Bab Doukkala", "Ain Sebaa", "Maarif",
    "Riad Kniza")? Such words never make a name."""
    return any(match(keys, j, cue_tables()["place_words"])
               or match(keys, j, cue_tables()["lodging"]) for j in range(start, end))


def street_last(tokens: list[str], keys: list[str], i: int) -> bool:
    """"Asni road", "Kasbah Tamadot hotel", "Ibn Sina Street": a part that starts with a
    place's capitalised name and ends on a street word is an address (English puts the
    street word last)."""
    if i > 0 and tokens[i - 1] not in PUNCT:
        return False
    j = i
    while j < len(tokens) and j - i < 3 and tokens[j][:1].isupper() and (
            name_word(tokens[j], keys[j]) or (j > i and particle_at(tokens, keys, j))):
        j += 1
    if j == i + 1 and match(keys, j, cue_tables()["surname_street_words"]):
        return False            # "Sara Lane, Rabat, …", "Tom Street": a first name and surname
        #                         ("Hajar Avenue, Casa, …" is a street: no surname says it)
    return (i < j < len(tokens) and keys[j] in LEXICON.address_keys
            and (j + 1 == len(tokens) or tokens[j + 1] in PUNCT))


def numbered_place(tokens: list[str], keys: list[str], i: int) -> bool:
    """"…, Salé, Tabriquet n°77": a part right after a part that is a city, made of a
    place's capitalised name and a house number ("n°", "raqm", "numero" and a figure, or the
    figure alone: "…, Agadir, Talborjt 23"), is an address even when the district is no
    street word. Without commas, the part starts right after the city's word: "Zineb Agadir
    Talborjt 23"."""
    if i == 0:
        return False
    if tokens[i - 1] not in PUNCT:
        arabic = norm.is_arabic(tokens[i]) and norm.is_arabic(tokens[i - 1])
        city_before = city_only(tokens[i - 1])[0] or (
            arabic and i >= 2 and city_only(" ".join(tokens[i - 2:i]))[0])  # "الدار البيضاء"
        if city_before and city_only(tokens[i - 1])[1] and _district_and_figure(tokens, keys, i):
            return True                 # "… mn rabat agdal 3", "casa sidi maarouf 12" (SMS)
        if not (city_before and (arabic or (tokens[i][:1].isupper()
                                            and tokens[i - 1][:1].isupper()))):
            return False
    else:
        k = i - 1
        while k > 0 and tokens[k - 1] not in PUNCT:
            k -= 1
        part = tokens[k:i - 1]
        if k == i - 1 or not (city_only(" ".join(part))[0]
                              or (len(part) == 1 and _capitalised_city(part))):   # "…, Safi, …"
            return False
        if _place_and_figure(tokens, keys, i) or _ends_with_house_number(tokens, keys, i):
            return True
    j = i
    while j < len(tokens) and j - i < 3 and (tokens[j][:1].isupper() or norm.is_arabic(tokens[j])) \
            and (name_word(tokens[j], keys[j]) or city_only(tokens[j])[0] is not None) \
            and not match(keys, j, cue_tables()["number_words"]):
        j += 1                                  # a district may bear a town's name ("Dakhla")
    if j == i or j >= len(tokens):
        return False
    words = match(keys, j, cue_tables()["number_words"])
    if words and j + words < len(tokens) and tokens[j + words][:1].isdigit():
        end = j + words + 1
    elif tokens[j].isdigit():                   # "..., Agadir, Talborjt 23": the number alone
        end = _house_number_after(tokens, keys, j + 1)
    else:
        parts = keys[j].split()
        glued = (len(parts) == 2 and (parts[0],) in cue_tables()["number_words"]
                 and parts[1].isdigit())
        if not glued:
            return False
        end = j + 1
    return end == len(tokens) or tokens[end] in PUNCT


MAX_PLACE_WORDS = 5      # words of a place's name before its house number ("Rif el Andalous")


def _ends_with_house_number(tokens: list[str], keys: list[str], i: int) -> bool:
    """"…, Chefchaouen, Rif el Andalous n 4", "…, Meknes, Marjane 2 n 41": right after the
    city's part, a part of a few words ending with a house number word and its figure ("n",
    "n°", "raqm") is the address, whatever the place's words (small letters, a figure)."""
    end = i
    while end < len(tokens) and tokens[end] not in PUNCT:
        end += 1
    if not 3 <= end - i <= MAX_PLACE_WORDS + 2 or not tokens[end - 1].isdigit():
        return False
    words = match(keys, end - 2, cue_tables()["number_words"])
    return (words == 1 and not tokens[i][:1].isdigit()
            and not any(address_start(keys, tokens, j) for j in range(i, end - 2)))


def _place_and_figure(tokens: list[str], keys: list[str], i: int) -> bool:
    """"…, Dakhla, Al Wahda 3", "…, Azrou, centre 5", "…, Fes, Atlas 3 n 9": right after the
    city's part, a part of one to three words that are a place's (capitalised, or no word the
    bot knows) and a house number ending it (or a building's and a house's: "3 n 9") is the
    address: a number there counts nothing ("Wahda" is no "one" in a place's name)."""
    j = i
    while j < len(tokens) and j - i < 3 and not tokens[j][:1].isdigit() and tokens[j] not in PUNCT \
            and (tokens[j][:1].isupper() or norm.is_arabic(tokens[j]) or not is_known(keys[j])):
        j += 1
    if not (i < j < len(tokens) and tokens[j].isdigit()):
        return False
    end = _house_number_after(tokens, keys, j + 1)
    return end == len(tokens) or tokens[end] in PUNCT


def _district_and_figure(tokens: list[str], keys: list[str], i: int) -> bool:
    """A district's name (``place_words``: "agdal", "sidi maarouf", "massira") then a house
    number ending the part, right after the town's word: the address, in any case."""
    size = match(keys, i, cue_tables()["place_words"])
    j = i + size
    if not size or j >= len(tokens) or not tokens[j].isdigit():
        return False
    end = _house_number_after(tokens, keys, j + 1)
    return end == len(tokens) or tokens[end] in PUNCT


def _house_number_after(tokens: list[str], keys: list[str], end: int) -> int:
    """Where a building's number ending at ``end`` ends once a house's number written after
    it with a number word is taken too ("Atlas 3 n 9", "المسيرة 3 رقم 15")."""
    words = match(keys, end, cue_tables()["number_words"]) if end < len(tokens) else 0
    if words and end + words < len(tokens) and tokens[end + words].isdigit():
        return end + words + 1
    return end


def particle_at(tokens: list[str], keys: list[str], i: int) -> bool:
    """"El" in "Anas El Khatib", "الله" in "عبد الله": part of a name between name words."""
    if (keys[i],) not in cue_tables()["name_particles"] and \
            (norm.normalise(tokens[i]),) not in cue_tables()["name_particles"]:
        return False
    nxt = i + 1 < len(tokens) and name_word(tokens[i + 1], keys[i + 1])
    return nxt or norm.is_arabic(tokens[i])           # "عبد الله" ends on its particle


def _surname_beside(words: list[str], hit: tuple[str, int, int]) -> bool:
    """Does the city at ``hit`` follow a common first name in its part, as a surname does
    ("Mohamed Berkane", "Omar Safi", "Said Fes")?"""
    start = hit[1]
    return start > 0 and words[start - 1] != "," and common_first_name(words[start - 1])


def _city_alone_after(words: list[str], end: int) -> str | None:
    """The city a later part of the message is made of alone ("…, Oujda, …"), else None."""
    bounds = [k for k, w in enumerate(words) if w == ","] + [len(words)]
    for a, b in zip(bounds, bounds[1:], strict=False):
        if a >= end and b - a > 1:
            city, _ = city_only(" ".join(words[a + 1:b]))
            if city:
                return city
    return None


def city_in(tokens: list[str], drop: list[bool], span: tuple[int, int]) -> str | None:
    """A city named outside the name, or at the end of the address ("… zanqa 7, Rabat"),
    never a street's name ("rue de Fès", "zanqa Marrakech")."""
    kept = [t for t, d in zip(tokens, drop, strict=False) if not d]
    words = norm.tokens(" ".join("," if t in PUNCT else t for t in kept)) if kept else []
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
    if found and _surname_beside(words, found):
        alone = _city_alone_after(words, found[2])
        if alone and alone != found[0]:
            return alone               # "Mohamed Berkane, Oujda, …": Oujda, Berkane his surname
    if found:
        return found[0]
    between = _everyday_city_between(tokens, drop)
    if between:
        return between
    words = [t for t in tokens[span[0]:span[1]] if t not in PUNCT]
    capitalised = _capitalised_city([t for t, d in zip(tokens[1:], drop[1:], strict=False) if not d]
                                    + words[-1:])
    if capitalised:
        return capitalised
    # where each word of the address starts a part of its own ("…, Asni road, Marrakech")
    parted = {len([t for t in tokens[span[0]:k] if t not in PUNCT])
              for k in range(span[0] + 1, span[1]) if tokens[k - 1] in PUNCT}
    for size in (3, 2, 1):
        tail = words[-size:]
        if len(words) <= size:
            continue
        key_before = key_of(words[-size - 1])
        if len(words) - size not in parted and (
                (key_before,) in cue_tables()["address_starts"]
                or key_before in LEXICON.address_keys
                or (key_before,) in cue_tables()["street_links"]):
            continue                  # "rue de Fès", "zanqa Marrakech": a street's name
        hit = locate_city(norm.tokens(" ".join(tail)))
        if hit and hit[1] == 0 and hit[2] == len(norm.tokens(" ".join(tail))):
            return hit[0]
    return _city_part(tokens[span[0]:span[1]]) or _lodging_town(tokens[span[0]:span[1]])


def _everyday_city_between(tokens: list[str], drop: list[bool]) -> str | None:
    """A city written as an everyday word, a part of its own between two parts read as
    details ("smiti yassine, safi, hay jrifat raqm 16": Safi between the name and the
    street), never "that's it": nobody says it there. Not first nor last ("…, raqm 16,
    safi" may close the message)."""
    parts: list[list[int]] = [[]]
    for k, token in enumerate(tokens):
        if token in PUNCT:
            parts.append([])
        else:
            parts[-1].append(k)
    for before, part, after in zip(parts, parts[1:], parts[2:], strict=False):
        if (part and not any(drop[k] for k in part)
                and (any(drop[k] for k in before) or len(part) > 1)   # "…, Ben Ahmed, hay …":
                and any(drop[k] for k in after)):                    # a town of two words
            city = everyday_city(" ".join(tokens[k] for k in part))
            if city:
                return city
    return None


def _parts(tokens: list[str]) -> list[list[str]]:
    """The words of each part of ``tokens``, between commas or lines."""
    parts: list[list[str]] = [[]]
    for token in tokens:
        if token in PUNCT:
            parts.append([])
        else:
            parts[-1].append(token)
    return parts


def _lodging_town(tokens: list[str]) -> str | None:
    """The town a guest house's or a hotel's name ends on, when nothing else in the message
    names the city ("Riad Be Marrakech, Derb Sidi Bouloukat", "Hotel Atlas Agadir"): the
    lodging is in that town (the summary shows it before the yes)."""
    parts = _parts(tokens)
    for part in parts:
        lead = match([key_of(t) for t in part], 0, cue_tables()["lodging"]) if part else 0
        for n in (2, 1):
            if lead and len(part) - n >= lead:
                city, exact = city_only(" ".join(part[-n:]))
                if city and exact:
                    return city
    return None


def _city_part(tokens: list[str]) -> str | None:
    """A part of the address (between commas or lines) that is a city alone, or a city and
    a place word of it, the last such part: "Riad Zitoun, Derb Sidi Bouloukat 23 /
    Marrakech / +44 7700 900101" (a phone after it), "Riad Yasmine, Marrakech medina"."""
    parts = _parts(tokens)
    for part in reversed(parts[1:]):        # not the first: the address opens with its street
        words = norm.tokens(" ".join(part))
        hit = locate_city(words) if words else None
        if not hit or hit[1] != 0:
            continue
        rest = [norm.lookup_key(w) for w in words[hit[2]:]]
        if not rest or match(rest, 0, cue_tables()["place_words"]) == len(rest):
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


def joined(tokens: list[str]) -> str:
    out = ""
    for t in tokens:
        if t in PUNCT and t != "(":
            out = out.rstrip() + ("," if t == "\n" else t) + " "
        else:
            out += t + " "
    return " ".join(out.split())


