"""Delivery details volunteered in an order message ("2 amlou, smiti Salma, hay riad"):
kept for checkout and taken out of what the order parser reads.
"""

from __future__ import annotations

import dataclasses
import re

from .. import nlu
from ..nlu import details as nlu_details
from ..nlu.lexicon import LEXICON
from ..nlu.textnorm import lookup_key
from .checkout import after_label, full_address, set_address, set_city
from .model import DETAIL_STATES, PARTS, PHONE, Turn, clean_name, has_order_content, orders
from .parts import (
    fragments,
    match_city,
    numbered_place,
    place_part,
    read_as_order,
    split_cities,
    town_word_before_figure,
    without_short_lead,
)

_VOLUNTEER_STATES = ("start", "ordering", "offer_saved")


def read_volunteered(turn: Turn, text: str) -> None:
    """A name or an address written with the order ("bghit 2 amlou, smiti Salma, hay riad
    zanqa 7 raqm 14"): kept for checkout, and taken out of what the order parser reads, so a
    number in an address is never a quantity."""
    # (words the whole message reads as no order are none: "…, Fes, Atlas 4", a district)
    found = turn.found = nlu_details.extract(text, lambda words: orders(turn, words)
                                             and read_as_order(turn, words, text),
                                             getattr(turn.ctx.index, "memo_token", None))
    if turn.state not in _VOLUNTEER_STATES:
        return
    details = turn.data["details"]
    if not (found.name or found.address):
        if turn.data.get("details_offered") and not details.get("name") \
                and turn.p.number is not None and not has_order_content(turn.p) \
                and nlu_details.capitalised_also_name(text.strip()):
            # "Mia" alone when the name is asked with "anything else?": a first name that is
            # also a number word ("mia": a hundred), written as a name is, is no count
            turn.parse = dataclasses.replace(turn.p, number=None, intent="unknown")
        rest = _place_beside_city(turn, text)
        if rest is None:
            _city_named_early(turn, found)
            return
        set_city(turn, _delivery_city(turn, found.city) if found.city else "", quiet=True)
        turn.volunteered = True
        turn.data["rushing"] = True
        turn.parse = nlu.parse(rest, turn.ctx.index)
        turn.order_text = rest
        return
    name = clean_name(found.name) if found.name else None
    if name:
        details["name"] = name
    rest = found.rest
    if found.address:
        address, rest = full_address(turn, found)
        set_address(turn, address)
    else:
        rest = _numbered_place(turn, rest)      # "…, casa, sidi maarouf 12"
    if not name and found.address and not details.get("name"):
        rest = _bare_name(turn, rest)           # "rabat, hay el fath …, Youssef Bakkali, …"
    if found.city and (not details.get("city") or found.address):
        # "livraison à Agadir" first, then "Omar Tazi, Dakhla, rue 10 n 2": the delivery
        # answer's city is where the parcel goes
        set_city(turn, _delivery_city(turn, found.city), quiet=True)
    elif found.address and details.get("name") and not details.get("city"):
        town = _everyday_town(turn, found)
        if town:                                # "…, omar, safi, hay salam 5": Safi
            set_city(turn, town, quiet=True)
            rest = re.sub(rf"(?<!\w){re.escape(town)}(?!\w)", " ", rest, count=1, flags=re.I)
    turn.volunteered = True
    turn.data["rushing"] = True
    turn.order_text = _proper_names_out(turn, _city_out(rest, found.city))
    turn.parse = p = nlu.parse(turn.order_text, turn.ctx.index)
    if found.address and p.intent == "delivery" and p.items and not (p.question or p.guessed):
        # "the hammam gift set delivered to Riad Jardin Secret, 32 Rue …": a product and
        # where it goes is an order, not a delivery question (it answered the fee, and the
        # gift set and the address were forgotten)
        turn.parse = dataclasses.replace(p, intent="order")


def _delivery_city(turn: Turn, city: str) -> str:
    """The city the details reading found, unless it is the town a product of the message is
    named after ("3 safran de Taliouine 1g, Mehdi, Casablanca, Bd Zerktouni"): then the one
    the order parser read outside the product names, when it read one."""
    other = turn.p.city
    if not other or other == city:
        return city
    skus = [i.sku for i in turn.p.items] + [s for a in turn.p.ambiguous for s in a.candidates]
    named = {nlu.find_city(turn.label(sku)) for sku in skus if turn.product(sku)}
    # "3 bowls from Safi, Amina, Casablanca, …" at a Safi pottery: the town the sheet's own
    # names say (its tagines') is where the goods come from, not where they go
    towns: frozenset[str] = getattr(turn.ctx.index, "town_tags", frozenset())
    return other if city in named or f"~{lookup_key(city.lower())}" in towns else city


def _place_beside_city(turn: Turn, text: str) -> str | None:
    """"bghit 2 ghassoul, Karim casa sidi maarouf 12", "2 mejhoul, marrakech daoudiat 33": an
    order with a city and a numbered place of no street word (:func:`parts.numbered_place`)
    put 12 or 33 more in the basket. The place is the address, a name written alone just
    before the city the name; returns the message without them and the city (the order), or
    None when the message has no such place or orders nothing."""
    if not has_order_content(turn.p) or not numbered_place(turn):
        return None
    details = turn.data["details"]
    pieces = split_cities(fragments(text))
    out, places = text, []
    for k, piece in enumerate(pieces):
        core = " ".join(PHONE.sub(" ", piece).split())      # "Said 0612345678": the name
        city = nlu_details.city_only(piece)
        if city[0] and city[1]:
            pass
        elif place_part(turn, core):
            places.append(piece)
        elif (k + 1 < len(pieces) and nlu_details.city_only(pieces[k + 1])[1]
              and not details.get("name") and not orders(turn, core)
              and (name := nlu_details.bare_name(core))):
            details["name"] = name
        else:
            continue
        out = re.sub(rf"(?<!\w){re.escape(piece)}(?!\w)", " , ", out, count=1)
    if not places:
        return None
    set_address(turn, ", ".join(places))
    return out


def _city_named_early(turn: Turn, found) -> None:
    """A city named before checkout ("I'm in Fes, can you deliver there?", "livraison à
    Agadir svp", "salut, Fatima Bennis, marrakech") is kept for it, with a name written
    alone beside it when the message orders nothing; a city in the delivery answer still
    replaces it."""
    details = turn.data["details"]
    if not found.city or details.get("city") or match_city(turn, found.city) is None:
        return
    if turn.p.intent == "greet" and turn.p.city is None:
        return      # "is this the rose shop from Kelaat M'Gouna?": where the shop is
    turn.data["city_named"] = found.city   # the answers still speak of the city asked about
    if not details.get("name") and not has_order_content(turn.p):
        rest = _bare_name(turn, found.rest)
        if details.get("name") and turn.p.number is not None:
            turn.order_text = rest          # "Mia, Rabat": her name, no count of a hundred
            turn.parse = nlu.parse(rest, turn.ctx.index)


def _city_out(text: str, city: str | None) -> str:
    """``text`` without a part that is only the city the details were read with ("Amina,
    Safi, hay salam 12" at a pottery whose tagines are "… Safi"): the customer's town, never
    a product named after it (it asked which tagine)."""
    if not city:
        return text
    town = [lookup_key(t) for t in nlu.textnorm.tokens(city)]
    parts = re.split(r"[,،]", text)
    # the city as the customer wrote it too ("القصر الكبير", "lqsar lkbir": "lkbir" is "the
    # big one", a size, and the basket was asked again)
    kept = [part for part in parts if [lookup_key(t) for t in nlu.textnorm.tokens(part)] != town
            and nlu_details.city_only(part) != (city, True)]
    return " , ".join(kept) if len(kept) < len(parts) else text


def _proper_names_out(turn: Turn, text: str) -> str:
    """``text`` without the capitalised names in it ("Karim Zitouni", "Riad Dar Zitoun") that
    start with a word neither the lexicon nor the catalog knows: with delivery details, a
    product word inside a person's or a place's name orders nothing ("2 Miel Sidr Royal"
    still orders)."""
    def stranger(word: str) -> bool:
        p = nlu.parse(word, turn.ctx.index)
        return nlu_details.has_unknown_word(word) and not (p.items or p.ambiguous)

    return _FULL_NAME.sub(
        lambda m: " , " if stranger(m.group(0).split()[0]) else m.group(0), text)


def names_order_nothing(turn: Turn, text: str) -> None:
    """At the delivery steps, "Riad Dar Zitoun" or "Karim Zitouni" is an address or a name:
    the product words inside it are read as nothing (:func:`_proper_names_out`)."""
    p = turn.p
    if turn.state not in DETAIL_STATES or turn.volunteered or not has_order_content(p):
        return
    words = _proper_names_out(turn, text)
    if words == text:
        return
    out = nlu.parse(words, turn.ctx.index)
    turn.parse = dataclasses.replace(
        p, intent=out.intent if p.intent == "order" else p.intent, items=out.items,
        ambiguous=out.ambiguous, removed=out.removed, unknown_products=out.unknown_products,
        guessed=out.guessed)


def _bare_name(turn: Turn, rest: str) -> str:
    """With an address given, a part between commas that is only a capitalised name is the
    name. Returns the message without it."""
    parts = PARTS.split(rest)
    for i, part in enumerate(parts):
        pieces = [p for chunk in PHONE.split(without_short_lead(part))
                  for p in _peel_cities(chunk)]
        if _town_surname(turn, part.strip()) and not orders(turn, part):
            turn.data["details"]["name"] = clean_name(part) or part.strip()
            return "".join(parts[:i] + [" "] + parts[i + 1:])   # "Karim Laayoune, Rabat, …"
        if _district_after_town(turn, parts, i):
            continue             # "karim, casa, Moulay Rachid": the district, not the name
        for k, piece in enumerate(pieces):   # "Malika Sabri Rabat Youssoufia rue 8",
            alone = piece.strip() == part.strip()                          # "Karim 0612…"
            peeled = k > 0 and part.strip().startswith(piece.strip())   # before the town
            name = nlu_details.bare_name(piece) or (      # "…, omar, rabat, hay …": a
                piece.strip() if (alone and nlu_details.first_name_alone(piece))
                or (((alone and nlu_details.capitalised_also_name(piece.strip()))  # first
                     or (peeled and nlu_details.also_name_before_town(piece.strip())))  # name
                    and not nlu.intents.cue_scores(nlu.textnorm.tokens(piece)))  # everybody
                else None)                      # knows alone; "Ana", "Mia" (not "Salam"),
            #                                     alone or before the town ("Mia Rabat
            #                                     Agdal 3")
            if name and (not orders(turn, piece) or _name_over_product(turn, piece)) \
                    and not _city_piece(turn, piece):
                turn.data["details"]["name"] = name
                return "".join(parts[:i] + [part.replace(piece, " ", 1)] + parts[i + 1:])
    return rest


def _everyday_town(turn: Turn, found) -> str | None:
    """The town written as an everyday word ("safi": that's all) in an order message whose
    name and address are read and no town named: closing the details after the address
    (``found.closing``), or a part of its own right between the name's part and the
    address's ("…, omar, safi, hay salam 5"), never after the order's words alone
    ("bghit 2 amlou, safi, …": that's all)."""
    if found.closing:
        return found.closing
    parts = fragments(turn.event.text)
    name = (turn.data["details"].get("name") or "").casefold()
    for k in range(1, len(parts) - 1):
        town = nlu.cities.everyday_city(parts[k])
        if town and parts[k - 1].casefold() == name and found.address \
                and found.address.startswith(parts[k + 1].split()[0]):
            return town
    return None


def _town_surname(turn: Turn, part: str) -> bool:
    """Is ``part`` a common first name and a capitalised surname that is a town's name, while
    another part of the message is a town alone, another one ("Karim Laayoune, Rabat, rue 5",
    "Omar Safi, Casablanca, …": his family name, the parcel goes to Rabat)?"""
    if not nlu_details.first_name_and_surname(part):
        return False
    last = part.split()[-1]              # "Omar Safi": capitalised, a town's everyday word
    surname = nlu_details.city_only(last)[0] or nlu.cities.everyday_city(last)
    return surname is not None and any(
        nlu_details.city_only(f)[1] and nlu_details.city_only(f)[0] != surname
        for f in fragments(turn.event.text) if f != part)


def _name_over_product(turn: Turn, piece: str) -> bool:
    """"Olive Green, Meknes, hay salam" at "anything else? If not, your name…": with a
    basket and an address, a part that is only a capitalised full name is the name, even when
    its words name a product, unless it is a product's name or alias copied from the sheet
    ("Miel Sidr Royal")."""
    if not turn.data["cart"] or not _FULL_NAME.fullmatch(piece.strip()):
        return False
    index = turn.ctx.index
    return isinstance(index, nlu.CatalogIndex) and \
        tuple(nlu.textnorm.tokens(piece)) not in index.name_phrases


def _district_after_town(turn: Turn, parts: list[str], i: int) -> bool:
    """A part opening with a Darija title ("Moulay Rachid", "Sidi Maarouf") right after the
    town's part, with words before the town (the name written first, in small letters): a
    district named after a saint, as the reading of one run of words has it."""
    names = [k for k, part in enumerate(parts) if part.strip() and not PARTS.fullmatch(part)]
    if i not in names or names.index(i) < 2 or not nlu_details.starts_with_title(parts[i]):
        return False
    town = names[names.index(i) - 1]
    return _city_piece(turn, parts[town].strip())


def _city_piece(turn: Turn, piece: str) -> bool:
    """Is ``piece`` the city: written as one, or a near spelling of one while the message
    writes no city as such ("Rachida, errachidia, …": Rachida is her name)?"""
    city, exact = nlu_details.city_only(piece)
    if not city or exact:
        return bool(city)
    return not any(nlu_details.city_only(f)[1]
                   for f in split_cities(fragments(turn.event.text)) if f != piece)


def _peel_cities(part: str) -> list[str]:
    """``part`` and what is left of it once the cities written at its ends are taken off,
    one after the other ("Malika Sabri Rabat Youssoufia" → "Malika Sabri")."""
    pieces = [part]
    while True:
        split = split_cities([pieces[-1]])
        rest = [p for p in split if not nlu_details.city_only(p)[1]]
        if len(split) < 2 or len(rest) != 1:
            return pieces
        pieces.append(rest[0])


def _numbered_place(turn: Turn, rest: str) -> str:
    """With a name given, a part between commas holding a number, a word that is no known
    word, and no product ("sidi maarouf 12") is the address, never a quantity. Returns the
    message without it."""
    parts = PARTS.split(rest)
    for i, part in enumerate(parts):
        if _district_of_a_town(turn, part) and not orders(turn, part):
            set_address(turn, " ".join(part.split()))   # "…, agadir, dakhla 34": no 34 jars
            return "".join(parts[:i] + parts[i + 1:])
        town = _town_before_figure(turn, part)
        if town and not orders(turn, part):
            # "…, smiti karim, dakhla 34" and no town else: the town, and its figure the
            # house's (it was 34 jars)
            set_city(turn, town, quiet=True)
            set_address(turn, " ".join(part.split()))
            return "".join(parts[:i] + parts[i + 1:])
        if (re.search(r"\d", PHONE.sub(" ", part))            # "tel 0661234567": no house
                and (nlu_details.has_unknown_word(part) or _house_number(part))
                and not orders(turn, part) and not nlu_details.city_only(part)[0]
                and not nlu.parse(part, turn.ctx.index).unknown_products):
            town, street = _town_first(" ".join(part.split()))
            if after_label(street, "address") != street and \
                    LEXICON.field_keys.get(lookup_key(street.split()[0].strip(":"))) == "address":
                street = after_label(street, "address")      # "العنوان: المحاميد 9 رقم 44"
            set_address(turn, street)          # "tanger iberia raqm 40": the town apart,
            return "".join(parts[:i] + [town] + parts[i + 1:])   # read as the city
    return rest


def _town_before_figure(turn: Turn, part: str) -> str | None:
    """The town a part opens with right before a figure ("dakhla 34"), when no city is known
    and no part of the message is a town alone: the city, the figure its house's."""
    words = part.split()
    if turn.data["details"].get("city") or not town_word_before_figure(words):
        return None
    town = next((city for n in (1, 2) if (city := nlu_details.city_only(" ".join(words[:n]))[0])
                 and nlu_details.city_only(" ".join(words[:n]))[1]), None)
    if town is None or any(nlu_details.city_only(f)[1] for f in fragments(turn.event.text)):
        return None
    return town


def _district_of_a_town(turn: Turn, part: str) -> bool:
    """"…, agadir, dakhla 34": a part opening with a town's word right before a figure (a
    district named like a town, the entrance), while another part of the message is a town
    alone, another one: the address, its figure no count."""
    words = part.split()
    if not town_word_before_figure(words):
        return False
    own = {nlu_details.city_only(" ".join(words[:n]))[0] for n in (1, 2)} - {None}
    return any(nlu_details.city_only(f)[1] and nlu_details.city_only(f)[0] not in own
               for f in fragments(turn.event.text))


def _town_first(part: str) -> tuple[str, str]:
    """A town written first in an address part, and the street after it ("tanger iberia
    raqm 40"); a town at the end may be the street's name ("rue de Fes 12" stays whole)."""
    pieces = split_cities([part])
    if len(pieces) == 2 and nlu_details.city_only(pieces[0])[1] and pieces[1].strip() \
            and part.startswith(pieces[0]):
        return pieces[0], pieces[1]
    return "", part


def _house_number(part: str) -> bool:
    """"m7amid 9 raqm 220": a number word with its figure after other words numbers a house
    (the district's name may be a known word: "m7amid" is a first name too); "raqm 3" alone
    picks from a list."""
    words = nlu.normalise(part).split()
    keys = [lookup_key(w) for w in words]
    return any(k in nlu_details.number_words() and words[j + 1].isdigit()
               for j, k in enumerate(keys[:-1]) if j > 0)


# "Liam", "O'Brien", "McKenzie", "Ben-Ali": a capital, and a capital again after "O'"/"D'"
# or "Mc"/"Mac" as Irish and Scottish names have it
_NAME_PART = r"(?:[A-Z]'|Ma?c)?[A-Z][a-z\u00E0-\u00FF]+"
_NAME_WORD = rf"{_NAME_PART}(?:-{_NAME_PART})?"
_FULL_NAME = re.compile(rf"(?<![\w'-]){_NAME_WORD}(?:[ \t]+{_NAME_WORD})+(?![\w'-])")


def without_full_names(text: str) -> str:
    """The message without its runs of two or more capitalised Latin words ("Liam Walsh",
    "Fatna Ait Ali"): a person's or a place's name says nothing of the customer's language,
    even when one of its words is spelled like a Darija word ("Liam": "liyam", days)."""
    return _FULL_NAME.sub(" , ", text)


