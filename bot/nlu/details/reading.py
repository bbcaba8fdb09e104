"""The one pass over a message (:func:`extract`): names and addresses taken out, the rest
left for the order parser.
"""

from __future__ import annotations

from collections.abc import Callable

from .. import textnorm as norm
from ..cities import everyday_city
from ..intents import cue_scores
from ..lexicon import LEXICON
from ..memo import Memo
from ..questions import asks_apart
from .addresses import (
    address_start,
    city_in,
    joined,
    numbered_place,
    particle_at,
    place_word,
    street_last,
)
from .base import (
    MAX_NAME_WORDS,
    PUNCT,
    TOKEN_RE,
    Details,
    cue_tables,
    key_of,
    match,
    regnal_numbers,
    weak_forms,
)
from .cues import strip_courtesy
from .names import (
    bare_name,
    before_street,
    capital_after,
    courtesy_name,
    cued_name,
    detail_line,
    mark,
    name_before,
    name_before_city,
    name_line,
    question_after,
    read_name,
    recipient_at,
    surname_like_a_product,
    titled_name,
    trailing_name,
)
from .words import (
    capitalised_also_name,
    city_only,
    common_first_name,
    is_conj,
    is_known,
    is_title,
    name_word,
    unglue_detail_cues,
    unglued_text,
)


def _rest_of_name(tokens: list[str], keys: list[str], j: int) -> int:
    """Where a name goes on after its first word, an everyday word too ("smiti nour el
    houda", "سميتي علي العلوي"): a name word, or a particle and a name word ("el houda",
    "ben salah")."""
    if j + 1 < len(tokens) and particle_at(tokens, keys, j):
        if name_word(tokens[j + 1], keys[j + 1]):
            return read_name(tokens, keys, j + 1)
        if match(keys, j + 1, cue_tables()["also_names"]):
            return j + 2                # "smiti ali ben salah"

    return read_name(tokens, keys, j) if j < len(tokens) and name_word(tokens[j], keys[j]) \
        else j


_PART_ENDS = frozenset(",،.;!")


def _district_after_town(tokens: list[str], i: int) -> bool:
    """"عبد الرحيم مراكش سيدي يوسف بن علي", "karim, casa, Moulay Rachid": a Darija title
    right after the town, with words before the town (the name), opens the district named
    after a saint, not the name (the parcel went to "سيدي يوسف بن علي" at "عبد الرحيم")."""
    end = i
    while end > 0 and tokens[end - 1] in PUNCT:
        end -= 1
    for start in range(max(0, end - 3), end):
        if start > 0 and any(t not in PUNCT for t in tokens[:start]) \
                and city_only(" ".join(tokens[start:end]))[1]:
            return True
    return False


def _from_city(tokens: list[str], keys: list[str], i: int) -> bool:
    """"ana hamid mn oujda", "ana salma f rabat", "ana rachid, agadir, hay dakhla", "ana
    hind" alone: a common first name, then a place word or a comma and a city, or nothing
    more, is a name written in small letters (as most customers type); "ana jay mn casa"
    (coming from Casa) is not; nor is "ana jay, …", but "im emma, staying at …" is."""
    if i >= len(tokens) or not name_word(tokens[i], keys[i]) \
            or not match(keys, i, cue_tables()["common_first_names"]):
        return False
    j = i + 1                   # "ana fatima zahra mn fes": a surname or second name too
    while j < min(len(tokens), i + MAX_NAME_WORDS) and name_word(tokens[j], keys[j]) \
            and keys[j] not in LEXICON.place_keys and city_only(tokens[j])[0] is None:
        j += 1
    if all(t in PUNCT for t in tokens[j:]) or tokens[j] in _PART_ENDS:
        return True             # "im emma, staying at riad yasmine": the name ends its part
    return j + 1 < len(tokens) \
        and (keys[j] in LEXICON.place_keys or tokens[j] in (",", "،")) \
        and city_only(" ".join(tokens[j:j + 2]))[0] is not None    # "mn safi" too



def _town_after(tokens: list[str], keys: list[str], i: int) -> bool:
    """Is the word at ``i`` followed by a place word and a town ("ميا من الرباط")?"""
    return i + 2 < len(tokens) and keys[i + 1] in LEXICON.place_keys \
        and city_only(tokens[i + 2])[0] is not None


#: Readings of short messages kept, like the parser's (``nlu.memoised``): "oui", "2", "safi",
#: a city or a name alone come back all day, and :func:`extract` runs on every message.
_MEMO: Memo[Details] = Memo()
_MEMO_CHARS = 200


def extract(text: str, is_order: Callable[[str], bool] | None = None,
            memo_token: int | None = None) -> Details:
    """The name and address written in ``text`` and the text without them.

    ``is_order(words)`` tells whether the words after a comma or an "and" inside an address
    order something ("hay riad zanqa 7 w 2 amlou"): the address ends there. The reading is a
    deterministic function of the text (and of the catalog ``is_order`` reads): it is kept
    for short texts without ``is_order``, or with the ``memo_token`` of that catalog's
    memoised index (one token per catalog version)."""
    if is_order is None:
        token = 0
    elif memo_token is None:
        return _extract(text, is_order)
    else:
        token = memo_token
    if not isinstance(text, str) or len(text) > _MEMO_CHARS:
        return _extract(text, is_order)
    return _MEMO.kept((token, text), lambda: _extract(text, is_order))


def _extract(text: str, is_order: Callable[[str], bool] | None = None) -> Details:
    tokens = TOKEN_RE.findall(text or "")
    if not tokens:
        return Details(rest=text or "")
    keys = unglue_detail_cues(tokens, [key_of(t) for t in tokens])
    tables = cue_tables()
    drop = [False] * len(tokens)
    name = address = None
    span = name_span = (0, 0)
    cues = ""
    name_strong = False
    i = 0
    while i < len(tokens):
        strong = match(keys, i, tables["name_cues"])
        weak = 0 if strong else match(keys, i, tables["weak_name_cues"])
        if weak and norm.normalise(tokens[i]) not in weak_forms():
            weak = 0                     # "Anna Schmidt" is no "ana" + name
        if weak and name is None and _named_with_cue(tokens, keys, i, weak):
            name, name_span = " ".join(tokens[i:i + 2]), (i, i + 2)
            mark(drop, i, i + 2, True)  # "Ana Lopez, Fes": her first name, no "I am Lopez"
            i += 2
            continue
        to_whom = False
        if not strong and not weak and name is None:
            weak = recipient_at(tokens, keys, i)   # "to my father Abdelkader", "pour Mouna H…"
            to_whom = bool(weak)
        cue = strong or weak
        if not cue and name is None and titled_name(tokens, keys, i):
            end = read_name(tokens, keys, i)    # "pour Mme Alaoui", "Lalla Zahra, casa"
            after = end
            while i > 0 and after < len(tokens) and tokens[after] in PUNCT:
                after += 1              # "Hajar, Casa, Sidi Maarouf, rue 12": not first
            numbered = after + 1 < len(tokens) and tokens[after].isdigit() and i > 0
            if not before_street(keys, tokens, after) \
                    and not (numbered and before_street(keys, tokens, after + 1)) \
                    and not numbered_place(tokens, keys, i) \
                    and not match(keys, i, tables["place_words"]) \
                    and not _district_after_town(tokens, i):
                # not "Sidi Maârouf rue 3", "…, Sidi Maarouf, 12 rue 20", "…, Casa, Sidi
                # Maarouf 12" nor "هند الدار البيضاء سيدي مومن": districts
                name, name_span = strip_courtesy(" ".join(tokens[i:end])), (i, end)
                mark(drop, i, end, True)
                i = end
                continue
        if cue and (name is None or (strong and not name_strong)):
            start = i + cue
            while start < len(tokens) and (tokens[start] in PUNCT
                                           or match(keys, start, tables["kin"])
                                           or (strong and match(keys, start,
                                                                tables["name_links"]))):
                start += max(1, match(keys, start, tables["kin"]),    # "smiyt mama Fadma",
                             match(keys, start, tables["name_links"]) if strong else 0)
                #                                                       "name should be …"
            also = start < len(tokens) and bool(match(keys, start, tables["also_names"])) \
                and (bool(strong) or ((capitalised_also_name(tokens[start]) or (
                    weak and norm.is_arabic(tokens[start]) and _town_after(tokens, keys, start)))
                    and (to_whom or not cue_scores(norm.tokens(tokens[start])))))
            # "pour Mia, …", "I'm Mia from Rabat", "ana Nour mn fes", "أنا ميا من الرباط"
            # (not "c'est Safi": that's all)
            if weak and start < len(tokens) and (
                    (is_known(keys[start]) and not name_word(tokens[start], keys[start])
                     and not also)
                    or match(keys, start, tables["name_cues"])       # "ana smiti Hajar"
                    or (tokens[start][:1].isascii() and not tokens[start][:1].isupper()
                        and not _from_city(tokens, keys, start)
                        and not _titled(tokens, keys, start))):
                i += 1          # "c'est urgent", "ana sakna f rabat": "ana Salma" only, or
                continue        # "ana hamid mn oujda"
            if strong and start < len(tokens) and not name_word(tokens[start], keys[start]) \
                    and not surname_like_a_product(tokens, keys, start):   # "Rose Byrne"
                start = capital_after(tokens, keys, start)   # "au nom de ma sœur, Loubna"
            end = read_name(tokens, keys, start)
            if end == start and also:
                end = _rest_of_name(tokens, keys, start + 1)
            if end > start and (strong or not before_street(keys, tokens, end)):
                if name is not None:
                    mark(drop, *name_span, False)   # a guess gives way to "au nom de …"
                name, name_span, name_strong = (strip_courtesy(" ".join(tokens[start:end])),
                                                (i, end), bool(strong))
                cues = joined(tokens[i:start])
                mark(drop, i, end, True)
                i = end
                continue
        if address is None and (address_start(keys, tokens, i)
                                or street_last(tokens, keys, i)
                                or (numbered_place(tokens, keys, i)
                                    and (_house_numbers(tokens, keys, i) or not (
                                        is_order and is_order(joined(
                                            tokens[i:_part_end(tokens, i)])))))):
            end = i
            while end < len(tokens):
                if end > i and (match(keys, end, tables["stops"])
                                or match(keys, end, tables["name_cues"])):
                    break
                if end > i and name is None and (
                        (tokens[end - 1] in PUNCT or city_only(tokens[end - 1])[0])
                        and recipient_at(tokens, keys, end)
                        or tokens[end - 1] in PUNCT and courtesy_name(tokens, keys, end)):
                    break               # "…, n 45, for Chloe Martin", "…, Marrakech for …",
                    # "…, Mme Latifa Berrada"
                if end > i and is_order and (tokens[end] in PUNCT or is_conj(keys[end])) \
                        and is_order(joined(tokens[end + 1:])):
                    break
                if end > i and tokens[end] in (".", "!") and question_after(tokens, end + 1):
                    break               # "…, Agdal. Do you deliver on Saturdays?"
                if end > i and tokens[end] in PUNCT and asks_apart(
                        tokens[end + 1:_part_end(tokens, end + 1)]):
                    break               # "…, rue 5, can you deliver it on friday"
                if end > i + 1 and tokens[end] in (".", "!") and city_only(tokens[end - 1])[0]:
                    break               # "…, Rue 27 No 8, Agadir. Cash on delivery. Thanks"
                if end > i and tokens[end] == "\n" and name is None \
                        and detail_line(tokens, keys, end + 1):
                    break               # one detail a line: "…\nMarrakech\nOliver Grant"
                if end > i + 1 and tokens[end] in (",", "،") and name is None \
                        and (_city_then_more(tokens, end + 1)
                             or (_name_then_city(tokens, keys, end + 1)
                                 and not name_before(tokens, keys, i))):
                    break               # "Sidi Maarouf rue 3, Casablanca, Omar", "… 12 rue
                    #                     7, Karim, Rabat"
                if end > i + 1 and tokens[end] in (",", "،") and name is None \
                        and city_only(tokens[end - 1])[0] is not None \
                        and _name_alone_after(tokens, keys, end + 1):
                    break               # "rue 4 hay nahda rabat, karim": the town ends
                    #                     the address, the name is the last part
                end += 1
            while end > i and (tokens[end - 1] in PUNCT
                               or (end - 1 > i and is_conj(keys[end - 1]))):
                end -= 1                # "…، و النمرة ديالي 06…": no "، و" left at the end
            start = i
            while start > 0 and ((tokens[start - 1][:1].isdigit()
                                  and not _size(tokens[start - 1]))   # "2 amlou 250g 12 rue 7"
                                 or match(keys, start - 1, tables["number_words"])
                                 or _glued_number(keys[start - 1])):
                start -= 1               # "12 rue des Orangers", "n° 5 zanqa 3", "n°12 rue 7"
            if name is None:
                tail = trailing_name(tokens, keys, start, end)
                if tail < end:        # "… zanqa 2 n 4 Houda Alami"
                    first = cued_name(tokens, keys, tail, end) or tail
                    name, name_span = " ".join(tokens[first:end]), (tail, end)
                    mark(drop, tail, end, True)
                    end = tail
                    while end > start and tokens[end - 1] in PUNCT:
                        drop[end - 1] = True
                        end -= 1
            address = joined(tokens[start:end])
            if keys[start] != key_of(tokens[start]):      # "وحي النرجس": "حي النرجس"
                address = joined([unglued_text(tokens[start], keys[start]),
                                  *tokens[start + 1:end]])
            span = (start, end)
            for j in range(start, end):
                drop[j] = True
            i = end
            continue
        i += 1
    closing = ""
    if address is not None:
        cut = _closing_town(tokens, span)
        if cut:                       # "omar, hay salam, safi": Safi, or "that's all"
            closing = everyday_city(tokens[cut[1]]) or ""
            span = (span[0], cut[0])
            address = joined(tokens[span[0]:span[1]])
    if name is None and address is not None:
        before = name_before_city(tokens, keys, drop, span[0])
        if before:                    # "… 1 ghassoul Mounia Kabbaj Safi hay kawki n 22"
            name, name_span = " ".join(tokens[before[0]:before[1]]), before
            mark(drop, *before, True)
    town = None
    if name is None and address is not None:
        opening = _name_then_town(tokens, keys, drop, span[0])
        if opening:                   # "omar safi hay salam": Omar, from Safi, Hay Salam
            name, name_span, town = " ".join(tokens[:opening[0]]), (0, opening[0]), opening[1]
            mark(drop, 0, opening[0] + 1, True)
    if name is None and address is not None:
        line = name_line(tokens, keys, drop, span[1])
        if line:                      # one detail a line, the name after the address
            name, name_span = " ".join(tokens[line[0]:line[1]]), line
            mark(drop, *line, True)
    if name is None and address is None:
        return Details(rest=text, city=city_in(tokens, drop, span))
    if name is not None and _surname_city(tokens, drop, span, name_span[1]):
        name, name_span = f"{name} {tokens[name_span[1]]}", (name_span[0], name_span[1] + 1)
        drop[name_span[1] - 1] = True     # "ana Karim Fes, sakn f tanger": Karim Fes, Tanger
    lead = span[0]
    while lead > 0 and span[0] - lead < 3 and not drop[lead - 1] \
            and (_district(tokens, lead - 1) or place_word(keys, lead - 1, lead)
                 or (name_word(tokens[lead - 1], keys[lead - 1])      # "bni makada",
                     and not city_only(tokens[lead - 1])[0])         # "m7amid zn9a 3"
                 or _compass(tokens, keys, drop, lead - 1)
                 or _block_letter(tokens[lead - 1])                  # "narjiss C rue 5"
                 or _regnal(tokens, keys, lead - 1)                  # "Hassan II street 12"
                 or (lead < span[0] and particle_at(tokens, keys, lead - 1))):   # "ain el aouda"
        lead -= 1
    if name is None and (lead == 0 or tokens[lead - 1] in (",", "،", "\n")) \
            and not name_before(tokens, keys, lead) \
            and _first_name_leading(tokens, keys, lead, span[0]):
        name, name_span = " ".join(tokens[lead:span[0]]), (lead, span[0])   # "karim hay riad
        mark(drop, lead, span[0], True)                                   # rue 5": Karim
        lead = span[0]
    rest = joined([t for t, d in zip(tokens, drop, strict=False) if not d])
    lead_text = " ".join(tokens[lead:span[0]])
    if lead == span[0]:
        lead_text = _district_part(tokens, keys, drop, span[0], name is not None) or lead_text
    city = town or city_in(tokens, drop, span)
    return Details(name=name, address=address, city=city, rest=rest,
                   lead=lead_text, cues=cues if name is not None else "",
                   closing="" if city else closing)


def _size(token: str) -> bool:
    """A figure written with its unit ("250g", "1kg", "500ml"): an order's size, never a
    house's number."""
    unit = token.lstrip("0123456789.,")
    return unit != token and bool(unit) and norm.lookup_key(unit.lower()) in LEXICON.unit_dimensions


def _glued_number(key: str) -> bool:
    """A number word written stuck to its figure ("n°12", "no12", "n12"): a house number."""
    words = key.split()
    if len(words) == 2:
        return (words[0],) in cue_tables()["number_words"] and words[1].isdigit()
    head = key.rstrip("0123456789")
    return head != key and bool(head) and (head,) in cue_tables()["number_words"]


def _closing_town(tokens: list[str], span: tuple[int, int]) -> tuple[int, int] | None:
    """"…, hay salam, safi": the address's last part, after its comma and ending the message,
    a town written as an everyday word alone in small letters (``everyday_city``: "safi" is
    also "that's all"): ``(where the address ends before it, where the word is)``, else None."""
    start, end = span
    if end - start < 3 or tokens[end - 2] not in (",", "،") \
            or any(t not in PUNCT for t in tokens[end:]) or not everyday_city(tokens[end - 1]) \
            or city_only(tokens[end - 1])[1] or tokens[end - 1][:1].isupper():
        return None                     # "…, Safi": the city capitalised, read as it is
    return end - 2, end - 1


def _name_then_town(tokens: list[str], keys: list[str], drop: list[bool],
                    start: int) -> tuple[int, str] | None:
    """"omar safi hay salam", "karim tazi jdida, derb 5": the message opens with a common
    first name (and one or two more name words), then a town written as an everyday word
    ("safi": that's all) right before the address starting at ``start``: nobody closes with
    "that's all" between a name and a street. ``(where the town is, the town)``, or None."""
    j = start
    while j > 0 and tokens[j - 1] in PUNCT:
        j -= 1
    at = j - 1
    if at < 1 or at >= MAX_NAME_WORDS + 1 or any(drop[:at + 1]) \
            or not common_first_name(norm.normalise(tokens[0]).lower()) \
            or not all(name_word(tokens[k], keys[k]) and not city_only(tokens[k])[0]
                       for k in range(at)):
        return None
    town = everyday_city(tokens[at])
    return (at, town) if town else None


def _regnal(tokens: list[str], keys: list[str], i: int) -> bool:
    """A king's number right after a name word ("Hassan II", "Mohammed V": ``regnal_numbers``
    as written): with the name, a street's or a place's name, though "I" is also a word."""
    return i > 0 and tokens[i] in regnal_numbers() and name_word(tokens[i - 1], keys[i - 1])


def _first_name_leading(tokens: list[str], keys: list[str], lead: int, start: int) -> bool:
    """"karim hay riad rue 5 rabat", "Karim 2eme etage imm 12 …": a common first name opening
    the message or its part (at ``lead``), alone or with a surname, right before the address
    starting at ``start``, is the customer's name, not a district's (none a place's, a town's
    or a known word)."""
    return 1 <= start - lead <= 2 and common_first_name(norm.normalise(tokens[lead]).lower()) \
        and all(name_word(tokens[k], keys[k]) and not place_word(keys, k, k + 1)
                and city_only(tokens[k])[0] is None and not everyday_city(tokens[k])
                for k in range(lead, start))


def _named_with_cue(tokens: list[str], keys: list[str], i: int, cue: int) -> bool:
    """"Ana Lopez, Fes, …": a weak cue of one word that is also a first name, capitalised
    (``also_names``), then one capitalised word that is no common first name, ending its
    part, is a first name and a surname ("Ana Salma" is "I am Salma")."""
    j = i + cue
    return (cue == 1 and capitalised_also_name(tokens[i]) and j < len(tokens)
            and tokens[j][:1].isupper() and tokens[j].isalpha() and name_word(tokens[j], keys[j])
            and not match(keys, j, cue_tables()["common_first_names"])
            and city_only(tokens[j])[0] is None
            and (j + 1 == len(tokens) or tokens[j + 1] in PUNCT))


def _block_letter(token: str) -> bool:
    """A district's block or sector letter ("Narjiss C", "Hay Salam B"): one capital Latin
    letter (not the "s" of "it's")."""
    return len(token) == 1 and token.isascii() and token.isupper()


def _house_numbers(tokens: list[str], keys: list[str], i: int) -> bool:
    """Does the part starting at ``i`` end on a building's and a house's numbers ("Atlas 3 n 9",
    "Talborjt 23 raqm 4")? An order line says one count, never "3 n° 9": whatever product
    word the place's name holds, the part is the address."""
    end = _part_end(tokens, i)
    for j in range(i + 1, end - 2):
        words = match(keys, j + 1, cue_tables()["number_words"])
        if tokens[j].isdigit() and words and j + 1 + words == end - 1 \
                and tokens[end - 1].isdigit():
            return True
    return False


def _part_end(tokens: list[str], i: int) -> int:
    """Where the part of the message starting at ``i`` ends (its punctuation, or the end)."""
    j = i
    while j < len(tokens) and tokens[j] not in PUNCT:
        j += 1
    return j


def _district_part(tokens: list[str], keys: list[str], drop: list[bool], at: int,
                   named: bool) -> str:
    """"…, Rabat, Agdal, 5 avenue France": the part right before the address's, made of a
    district's words (``place_words``: "Agdal", "Maarif", "Yacoub el Mansour") or right
    after a city alone ("Fes, Zouagha, 3 rue Sebou"; opening with a common first name only
    when the message names the customer elsewhere: "Rabat, Amine El Ouafi, hay nahda" is
    his name), and no figure, no city alone: the district, written as it stands ("Agdal,"),
    or ""."""
    if at < 2 or tokens[at - 1] not in (",", "،"):
        return ""
    start = at - 1
    while start > 0 and tokens[start - 1] not in PUNCT:
        start -= 1
    words = tokens[start:at - 1]
    if (not words or any(drop[start:at - 1]) or any(c.isdigit() for w in words for c in w)
            or not (place_word(keys, start, at - 1) or (
                _after_city_alone(tokens, start)
                and (named or not match(keys, start, cue_tables()["common_first_names"])
                     or _named_before_city(tokens, keys, start))))
            or city_only(" ".join(words))[0]):
        return ""
    covered: set[int] = set()             # the words of a place's name ("Yacoub el Mansour")
    for j in range(start, at - 1):
        covered |= set(range(j, j + match(keys, j, cue_tables()["place_words"])))
    # right after a city alone, a district typed in small letters is one too ("casa, sidi
    # maarouf, rue 12"), made of words that could name a place (none the lexicon knows)
    after_city = _after_city_alone(tokens, start)
    if not all(j in covered or tokens[j][:1].isupper() or norm.is_arabic(tokens[j])
               or (after_city and name_word(tokens[j], keys[j]))
               for j in range(start, at - 1)):
        return ""                         # "change the address to Hivernage, …": no district
    return joined(tokens[start:at])


def _named_before_city(tokens: list[str], keys: list[str], start: int) -> bool:
    """Does the message open with a name of its own before the city alone that ends right
    before ``start`` ("Tom, Rabat, Hassan, rue 9": Tom is the customer, so Hassan, between
    the city and the street, is the district)? One to three name words, then the city."""
    city_end = start - 1
    first = city_end
    while first > 0 and tokens[first - 1] not in PUNCT:
        first -= 1
    if first < 2 or tokens[first - 1] not in (",", "،"):
        return False
    words = range(0, first - 1)
    return 1 <= len(words) <= 3 and all(name_word(tokens[j], keys[j]) for j in words) \
        and not city_only(" ".join(tokens[0:first - 1]))[0]


def _after_city_alone(tokens: list[str], start: int) -> bool:
    """Is the part ending right before ``start`` (at its comma) a city alone ("Fes, Zouagha,
    3 rue Sebou")? A part between the city and the street is the district there, named in
    the place list or not."""
    if start < 2 or tokens[start - 1] not in (",", "،"):
        return False
    first = start - 1
    while first > 0 and tokens[first - 1] not in PUNCT:
        first -= 1
    return first < start - 1 and bool(city_only(" ".join(tokens[first:start - 1]))[0])


def _surname_city(tokens: list[str], drop: list[bool], span: tuple[int, int], end: int) -> bool:
    """Is the word right after the name (``end``) a city that is the person's surname, the
    delivery city being another one named in the message ("ana Karim Fes, sakn f tanger",
    "je suis Karim Fes, j'habite à Tanger")?"""
    if end >= len(tokens) or drop[end] or tokens[end] in PUNCT \
            or not tokens[end][:1].isupper():
        return False
    here = city_only(tokens[end])[0]
    if here is None:
        return False
    rest = drop[:end] + [True] + drop[end + 1:]
    other = city_in(tokens, rest, span)
    return other is not None and other != here


def _city_then_more(tokens: list[str], start: int) -> bool:
    """Is the part of the message from ``start`` to the next comma a city alone, with a name
    after it ("…, Casablanca, Omar": the city, then the name, each a part of its own; not
    "…, Casablanca, 2ème étage", still the address)?"""
    end = start
    while end < len(tokens) and tokens[end] not in (",", "،", "\n"):
        end += 1
    rest = " ".join(t for t in tokens[end + 1:] if t not in PUNCT)
    return (end > start and city_only(" ".join(tokens[start:end]))[0] is not None
            and bool(rest) and bare_name(rest) is not None)


def _name_then_city(tokens: list[str], keys: list[str], start: int) -> bool:
    """Is the rest of the message from ``start`` a personal name's part, then a city's part,
    nothing else ("…, 12 rue 7, Karim, Rabat": the name and the town close the details)?"""
    comma = next((j for j in range(start, len(tokens)) if tokens[j] in (",", "،")), None)
    if comma is None or comma == start:
        return False
    town = " ".join(t for t in tokens[comma + 1:] if t not in PUNCT)
    return bool(town) and city_only(town)[1] and city_only(
        " ".join(tokens[start:comma]))[0] is None and _name_alone_after(tokens[:comma], keys, start)


def _name_alone_after(tokens: list[str], keys: list[str], start: int) -> bool:
    """Is the rest of the message from ``start`` a personal name alone: a capitalised one
    ("Omar Tazi"), or a common first name written in small letters with at most a surname
    ("karim", "karim tazi")?"""
    words = [j for j in range(start, len(tokens)) if tokens[j] not in PUNCT]
    if not 1 <= len(words) <= MAX_NAME_WORDS:
        return False
    if bare_name(" ".join(tokens[j] for j in words)) is not None:
        return True
    return (match(keys, words[0], cue_tables()["common_first_names"]) > 0
            and all(name_word(tokens[j], keys[j]) and city_only(tokens[j])[0] is None
                    for j in words))


def _compass(tokens: list[str], keys: list[str], drop: list[bool], i: int) -> bool:
    """"bir rami est rue 10": a point of the compass (``compass_words``) right after a
    place's or a name's word ends the district's name, though "est" is also a French verb."""
    return (i > 0 and not drop[i - 1] and bool(match(keys, i, cue_tables()["compass_words"]))
            and (place_word(keys, i - 1, i) or name_word(tokens[i - 1], keys[i - 1])))


def _titled(tokens: list[str], keys: list[str], i: int) -> bool:
    """"ana l7ajja zohra", "ana si mohamed": a Darija title, then a name word."""
    return (i + 1 < len(tokens) and is_title(keys[i])
            and name_word(tokens[i + 1], keys[i + 1]))


def _district(tokens: list[str], i: int) -> bool:
    """Is the city word at ``i`` a district, another city being named right before it
    ("Rabat Youssoufia rue 8": Youssoufia is a district of Rabat)?"""
    here = city_only(tokens[i])[0]
    before = city_only(tokens[i - 1])[0] if i > 0 else None
    return bool(here and before) and before != here


