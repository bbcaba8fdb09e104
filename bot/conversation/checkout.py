"""Checkout: the customer's details (name, city, address, location pin), the summary, the
confirmation and the place-order effect.
"""

from __future__ import annotations

import dataclasses
import re

from .. import geo, i18n, nlu
from ..nlu import details as nlu_details
from ..nlu.lexicon import LEXICON
from ..nlu.textnorm import lookup_key
from ..phones import local_format
from . import basket
from .basket import (
    remove_line,
)
from .model import (
    INTERRUPTING,
    LETTERS,
    NOT_AN_ANSWER,
    PHONE,
    CreateOrder,
    SaveCustomer,
    Turn,
    clean_name,
    has_order_content,
    orders,
)
from .parts import (
    fragment_kind,
    fragments,
    match_city,
    name_not_order,
    names_a_city,
    places_only,
    split_cities,
)


def full_address(turn: Turn, found) -> tuple[str, str]:
    """The address with the district written just before its street word ("Sidi Maârouf
    rue 3", "Boukhalef résidence Jnane") unless those words order something; and the rest
    of the message without them."""
    lead = found.lead
    if not lead or lead not in found.rest or orders(turn, lead):
        return found.address, found.rest
    if not turn.data["details"].get("name") and nlu_details.leading_name(found, turn.event.text):
        return found.address, found.rest          # "Nadia Alami 14 rue Ibn Sina": her name
    words = lead.split()
    town = next((k for k, w in enumerate(words) if nlu_details.city_only(w)[0]), None)
    city = nlu_details.city_only(words[town])[0] if town is not None else None
    if city and turn.data["details"].get("city") in (None, city) and found.city in (None, city) \
            and not any(names_a_city(f) for f in fragments(found.address)):
        # "omar dakhla hay salam", "عمر الداخلة حي السلام": a town's word that is also a
        # district's, with no other city named, is the city; the words before it are no
        # part of the address ("dakhla 34 zanqa 5, agadir" keeps its district)
        lead = " ".join(words[(town or 0) + 1:])
        if not lead:
            return found.address, found.rest
    return f"{lead} {found.address}", found.rest.replace(lead, " ", 1)


def _courtesy(fragment: str, own: list[str] | None = None) -> bool:
    """A part of the details made of little words only ("3afak", "الله يخليك", "ana f" of
    "ana f rbat"): no name and no address (but "Ann Lee", capitalised words alike "ana" and
    "le", and "Ana" alone, a first name capitalised, are names)."""
    return nlu_details.only_fillers(fragment) and not (
        len(fragment.split()) > 1 and bool(nlu_details.bare_name(fragment))) \
        and not (fragment in (own or ()) and nlu_details.capitalised_also_name(fragment))
    # "Ana, Fes, …": a part of its own in the message (``own``), not "Ana f" of "Ana f fes"


def _holds(name: str | None, address: str) -> bool:
    """Does the name read from a whole message hold the address read from it (its commas
    apart: "Hajar Avenue, Casa, hay riad" is all address)?"""
    street = clean_name(address) or " ".join(address.split())
    return bool(name) and street.casefold() in (name or "").casefold()


def _on_ask_name(turn: Turn) -> bool:
    p = turn.p
    # Only the catalog's own products, written as such, interrupt: a product word the
    # catalog lacks, or one read from a misspelling ("Zitouni" ~ zitoun), is more likely
    # part of a name than an order.
    if p.intent in INTERRUPTING or ((p.items or p.ambiguous or p.removed) and not p.guessed
                                    and not name_not_order(turn, turn.event.text, p)):
        return False
    name = clean_name(turn.event.text)
    found = turn.found
    parted = False                   # the name is one part of the details ("ok, leila, …")
    if found and found.address and (not name or name == clean_name(found.rest) or any(
            c.isdigit() for c in turn.event.text) or _holds(name, found.address)):
        # "karima rabat hay nahda 2 rue 40 n 5", "hamid agadir hay salam" with the name
        # missing: its one name part, once the address (and the district before its street
        # word: "mohamed marrakech daoudiat zan9a 3") is out
        street, rest = full_address(turn, found)
        own = fragments(turn.event.text)
        parts = [f for f in split_cities(fragments(rest)) if not _courtesy(f, own)]   # "…, 3afak"
        kinds = [fragment_kind(turn, f) for f in parts]
        names = [f for f, kind in zip(parts, kinds, strict=True) if kind == "name"]
        if kinds == ["name", "city", "name"] and turn.data["details"].get("address") == street \
                and f"{parts[2]} {street}" in " ".join(turn.event.text.split()):
            # "هشام مراكش سيدي يوسف بن علي زنقة 4": the name, the city, then the district
            # its street follows (too long a name to be read with it): the name is the
            # part before the city, the one after it the address's
            set_address(turn, f"{parts[2]} {street}")
            names = names[:1]
        name = clean_name(names[0]) if len(names) == 1 else None
        parted = len(names) == 1
    if not name or (p.intent in NOT_AN_ANSWER and not parted
                    and not nlu_details.starts_with_title(turn.event.text)
                    and not nlu_details.first_name_and_surname(name)
                    and not nlu_details.initialled_name(turn.event.text.strip())):
        turn.used = False
        turn.say("ask_name")
        return True
    turn.data["details"]["name"] = name
    if p.city and not turn.data["details"].get("city"):
        set_city(turn, p.city, quiet=True)
    next_detail(turn)
    return True


def _on_ask_city(turn: Turn) -> bool:
    p = turn.p
    if p.intent in INTERRUPTING and not p.city:
        return False
    if has_order_content(p) and not p.city:
        return False
    if p.intent in NOT_AN_ANSWER and not p.city:
        # "wakha", "la", "merci" to "which city?": no city, asked again (not "did you mean
        # Dakhla?" for "wakha"); a city only a courier list knows still counts
        match = match_city(turn, turn.event.text)
        if match is None or match["score"] < 90:
            turn.used = False
            turn.say("ask_city")
            return True
    parts = split_cities(fragments(turn.event.text))
    cities = [f for f in parts if fragment_kind(turn, f) == "city"]
    # "Younes, sale, hay chmaou zanqa 1" with only the city missing: its city part
    set_city_from_text(turn, cities[0] if len(parts) > 1 and len(cities) == 1
                       else turn.event.text)
    return True


def on_confirm_city(turn: Turn) -> bool:
    p = turn.p
    guess = turn.data.pop("city_guess", None)
    if p.intent == "confirm" and guess:
        turn.data["details"]["city"] = guess["name"]
        turn.data["details"]["city_id"] = guess.get("id")
        next_detail(turn)
        return True
    if p.intent == "deny" and not p.city:
        turn.state = "ask_city"
        turn.say("ask_city")
        return True
    if p.intent in INTERRUPTING and not p.city:
        if guess:
            turn.data["city_guess"] = guess
        return False
    set_city_from_text(turn, turn.event.text)
    return True


def _on_ask_address(turn: Turn) -> bool:
    p = turn.p
    # A street word makes it the address, whatever else it holds ("12 rue des Orangers",
    # "حي المسيرة زنقة 5"); otherwise the catalog's products or a question interrupt.
    if not p.address_cue and (p.intent in INTERRUPTING or p.items or p.ambiguous or p.removed) \
            and not places_only(turn):               # "Atlas 4": the district's words
        return False
    text = " ".join(turn.event.text.split())
    found = turn.found
    if found and found.name and not found.address:
        beyond = _beyond_city(found.rest)
        if found.city and not turn.data["details"].get("city"):
            set_city(turn, found.city, quiet=True)
        if not beyond:
            # "name Khadija", "smiti Fatima, mn fes": the name (and the city), no address
            turn.say("ask_address")
            return True
        text = ", ".join(beyond)     # "smiti nadia, rabat, agdal": agdal, not the whole line
    if found and found.address and _other_town_named(turn, found.city):
        # "Rabat, hay riad rue 5" when Casablanca was said: the town written with the street
        # is where it goes (it was kept with Casablanca, a parcel to the wrong town)
        street, _ = full_address(turn, found)
        set_address(turn, street)
        set_city_from_text(turn, found.city or "")
        return True
    text = _without_a_question(after_label(text, "address"))   # "Adresse : Bir Rami Est,
    city, exact = nlu_details.city_only(text)                     # rue 12"
    if city and exact and not p.address_cue:         # "rabat": the city, not an address
        turn.data["details"].pop("city", None)
        set_city_from_text(turn, text)
        return True
    if (len(text) < 4 or not LETTERS.search(text)
            or (p.intent in NOT_AN_ANSWER and not p.address_cue and not p.city)):
        turn.used = False                            # "wakha", "merci": not an address
        turn.say("ask_address")
        return True
    set_address(turn, text)
    if p.city and not turn.data["details"].get("city"):
        set_city(turn, p.city, quiet=True)
    next_detail(turn)
    return True


_PARTS = re.compile(r"\s*[,.،!?;\n]+\s*")


def _without_a_question(text: str) -> str:
    """The address without a question asked after it in a part of its own ("hay riad rue 5,
    can you deliver it on friday": the question is answered, never on the parcel)."""
    cuts = [m for m in _PARTS.finditer(text) if m.start() > 0]
    for cut in cuts:
        rest = text[cut.end():]
        part = _PARTS.split(rest, maxsplit=1)[0]
        if nlu.questions.asks_apart(part.split()):
            return text[:cut.start()].strip() or text
    return text


def _beyond_city(rest: str | None) -> list[str]:
    """The parts of what is left of a message once its name is read that are more than a city
    and little words ("smiti Fatima, mn fes": ", mn fes" holds nothing else)."""
    if not LETTERS.search(rest or ""):
        return []
    return [f for f in split_cities(fragments(rest or ""))
            if not nlu_details.only_fillers(f) and not nlu_details.city_only(f)[1]
            and not nlu_details.names_no_one(f)]             # "she lives (in fes)"


def _other_town_named(turn: Turn, city: str | None) -> bool:
    """Is ``city``, read beside a street at the address question, another town than the one
    kept, written as a part of its own in one of its own forms ("rabat, hay riad rue 5",
    "sla hay riad rue 5"; not "dakhla 34 zanqa 5", a district of Agadir named like a town,
    nor any town written as an everyday word)?"""
    kept = turn.data["details"].get("city")
    if not city or not kept or city == kept:
        return False
    parts = split_cities(fragments(turn.event.text), city_known=True)
    return any(nlu_details.city_only(f) == (city, True) and not nlu.cities.everyday_city(f)
               for f in parts) and _city_differs(turn, city)   # ("dakhla zanqa 5": a door)


def on_details(turn: Turn) -> bool:
    """An answer to the delivery question: whatever details it holds, in any order and over
    several messages ("Salma, Rabat, hay riad zanqa 7", one per line, the city first).

    With one detail missing, the whole message answers it (the handlers above); with more,
    a name or address written after its cue word, an address from its street word, a city
    named alone, and a name-like rest are each taken, then only what is missing is asked.
    """
    missing = missing_details(turn)
    p = turn.p
    found = turn.found or nlu_details.extract(turn.event.text)
    cued = bool(found.name or found.address or p.address_cue)
    if len(missing) <= 1 and not (found.name and turn.state == "ask_name"):
        if turn.state == "ask_address" and cued:
            p = turn.parse = dataclasses.replace(p, address_cue=True)   # "raqm" is no handoff
        return _SINGLE_DETAIL[turn.state](turn)
    if not cued and not nlu_details.city_only(turn.event.text)[0] and (
            p.intent in INTERRUPTING or ((p.items or p.ambiguous or p.removed) and not p.guessed)
    ) and not name_not_order(turn, turn.event.text, p) \
            and not places_only(turn):           # "Will Price", "Honey Brown"; "Fes, Atlas 4"
        return False                             # "ch7al livraison l rabat?": answered first
    details = turn.data["details"]
    took = False
    name = clean_name(found.name) if found.name else None
    if name:
        details["name"], took = name, True
    rest = found.rest
    if found.address:
        street, rest = full_address(turn, found)      # "Driss, Meknes, hamria rue 4 n 10"
        set_address(turn, street)
        took = True
    city_text = None
    address: list[str] = []
    spare: list[str] = []            # name-like words once the name is known: "wifaq"
    phones: list[str] = []
    own = fragments(turn.event.text)
    for fragment in split_cities(fragments(rest), city_known=bool(details.get("city"))):
        if PHONE.search(fragment):       # "Said 0612345678 marrakech …": the phone apart
            phones += PHONE.findall(fragment)
            fragment = " ".join(PHONE.sub(" ", fragment).split())
            if not LETTERS.search(fragment):
                continue
        if _courtesy(fragment, own):
            continue                     # "ana f (rbat)", "من (أكادير)", "adresse:": no address
            # (but "Ann Lee", capitalised words alike "ana" and "le", is a name)
        kind = fragment_kind(turn, fragment)
        if kind == "city" and not city_text:
            city_text = fragment
        elif kind == "address":
            address.append(fragment)
        elif kind == "name" and not details.get("name"):
            details["name"], took = clean_name(fragment), True
        elif kind == "name" and (clean_name(fragment) or "").casefold() != \
                (details.get("name") or "").casefold():       # the name is not the address
            spare.append(fragment)               # ("Mark", "Omar Tazi tetouan")
    if not address and not details.get("address") and (took or city_text):
        address = spare                          # "Amina, temara, wifaq"
    elif spare and found.address and details.get("name"):
        set_address(turn, ", ".join(spare + [details["address"]]))   # "Souissi, 8 Rue …"
    if address and not found.address:
        set_address(turn, ", ".join(address))
        took = True
    if phones and details.get("address") and not details.get("pin"):
        set_address(turn, ", ".join([details["address"], *phones]))   # kept for the courier
    if not city_text and (found.name or found.address):
        city_text = found.city                   # "… hay riad zanqa 7, Rabat"
        if found.address and found.lead and nlu_details.city_only(found.lead)[0] == found.city:
            # "dakhla 34 zanqa 5, agadir": a town's word leads the address (the entrance, a
            # district); the city is the one the address names after it
            city_text = next((f for f in fragments(found.address) if names_a_city(f)),
                             city_text)
    if not city_text and not details.get("city") and found.closing:
        city_text = found.closing                # "omar, hay salam, safi": no town but Safi
    if city_text and (not details.get("city") or _city_differs(turn, city_text)):
        set_city_from_text(turn, city_text)     # on to what is missing, or "did you mean…?"
        return True
    if not took:
        turn.used = False
    next_detail(turn)
    return True


def _city_differs(turn: Turn, text: str) -> bool:
    """Does ``text`` name a city other than the one kept ("Fès" asked about, then
    "…, Meknès" in the delivery answer)?"""
    match = match_city(turn, text)
    return match is not None and match["name"] != turn.data["details"].get("city")


_SINGLE_DETAIL = {"ask_name": _on_ask_name, "ask_city": _on_ask_city,
                  "ask_address": _on_ask_address}


def fields_text(turn: Turn, missing: list[str]) -> str:
    fields = [i18n.t(turn.lang, f"detail_{f}") for f in missing]
    if len(fields) == 1:
        return fields[0]
    sep = i18n.t(turn.lang, "details_sep").strip("\"") or ", "
    return i18n.t(turn.lang, "details_and", first=sep.join(fields[:-1]), last=fields[-1])


# --------------------------------------------------------------------------
# Checkout: details, summary, confirmation
# --------------------------------------------------------------------------

def start_checkout(turn: Turn) -> None:
    turn.data.pop("rushing", None)
    if not turn.data["cart"]:
        turn.say("cart_empty")
        return
    saved = turn.ctx.customer or {}
    details = turn.data["details"]
    given = (details.get("name") or "").casefold()
    same_name = given in ("", (saved.get("name") or "").casefold())
    if (saved.get("name") and saved.get("city") and saved.get("address") and same_name
            and not details.get("city") and not details.get("address")):
        turn.state = "offer_saved"
        turn.say("offer_saved", name=saved["name"], city=saved["city"],
                 address=saved["address"])
        return
    next_detail(turn)


_LOCATION_KEYS = ("pin", "latitude", "longitude")


_WORD = re.compile(r"[^\W_]+")


def after_label(text: str, detail: str) -> str:
    """The new value written after the label of ``detail`` among a message's first words
    ("changez l'adresse : douar Ouled Ali n 4", "nouvelle adresse c'est …", "Adresse : Bir
    Rami Est"), without the words that link them (``field_links``); else ``text``."""
    words = list(_WORD.finditer(text))
    for k, word in enumerate(words[:4]):
        if LEXICON.field_keys.get(lookup_key(word.group().casefold())) != detail:
            continue
        rest = words[k + 1:]
        while rest and lookup_key(rest[0].group().casefold()) in LEXICON.field_link_keys:
            rest = rest[1:]
        return text[rest[0].start():] if rest else text
    return text


def set_address(turn: Turn, text: str) -> None:
    """A typed address, which replaces a shared location."""
    details = turn.data["details"]
    details["address"] = text.strip(" /|-–—,;")[:300] or text[:300]   # "Oscar Wilde / Casa / 12 …"
    turn.address_written = True
    for key in _LOCATION_KEYS:
        details.pop(key, None)


def ask_again(turn: Turn, detail: str) -> None:
    """Forget one delivery detail and ask for it (then the summary again)."""
    details = turn.data["details"]
    details.pop(detail, None)
    if detail == "city":
        details.pop("city_id", None)
    if detail == "address":
        for key in _LOCATION_KEYS:
            details.pop(key, None)
    next_detail(turn)


def missing_details(turn: Turn) -> list[str]:
    d = turn.data["details"]
    return [f for f in ("name", "city", "address") if not d.get(f)]


def next_detail(turn: Turn) -> None:
    d = turn.data["details"]
    named = turn.data.pop("city_named", None)
    if named and not d.get("city"):
        set_city(turn, named, quiet=True)     # "I'm in Fes, can you deliver there?" earlier
    missing = missing_details(turn)
    if len(missing) > 1:                     # everything still missing in one question
        turn.state = f"ask_{missing[0]}"
        turn.say("ask_details", fields=fields_text(turn, missing))
    elif not d.get("name"):
        turn.state = "ask_name"
        turn.say("ask_name")
    elif not d.get("city") and not _pin_city(turn):
        turn.state = "ask_city"
        turn.say("ask_city")
    elif not d.get("city"):
        pass                                 # "Deliver to Marrakech?" for the pin sent
    elif not d.get("address"):
        turn.state = "ask_address"
        if turn.data.pop("moved", False):
            turn.say("ask_address_in", city=d["city"])    # "and your address in Rabat?"
        else:
            turn.say("ask_address")
    elif not _pin_far(turn):
        summary(turn)


def _pin_city(turn: Turn) -> bool:
    """A location pin and no city yet: the city the pin is in is offered as a yes/no, once
    ("F ina mdina?" — "wakha" was read as a misspelt city)."""
    d = turn.data["details"]
    if not d.get("pin") or d.get("pin_checked"):
        return False
    nearest = geo.pin_city(d.get("latitude"), d.get("longitude"))
    if not nearest:
        return False
    d["pin_checked"] = True
    turn.data["pin_city"] = nearest
    turn.state = "confirm_pin_city"
    turn.say("pin_city", nearest=nearest)
    return True


def _pin_far(turn: Turn) -> bool:
    """A location pin far from the city named: ask once whether to deliver near the pin."""
    d = turn.data["details"]
    if not d.get("pin") or d.get("pin_checked"):
        return False
    nearest = geo.pin_far_from(d.get("city"), d.get("latitude"), d.get("longitude"))
    if not nearest:
        return False
    d["pin_checked"] = True
    turn.data["pin_city"] = nearest
    turn.state = "confirm_pin_city"
    turn.say("pin_far", city=d["city"], nearest=nearest)
    return True


def on_confirm_pin_city(turn: Turn) -> bool:
    """Yes: the pin's city; no: the city named stays; a city: that one."""
    p = turn.p
    nearest = turn.data.get("pin_city")
    city, _ = nlu_details.city_only(turn.event.text)
    written = city
    if not city and p.intent == "deny" and p.city:
        city = p.city                   # "la, agadir": that one
    if p.intent == "confirm" and nearest:
        turn.data.pop("pin_city", None)
        set_city(turn, nearest, quiet=True)
    elif p.intent == "deny" and not city:
        turn.data.pop("pin_city", None)
    elif city:
        turn.data.pop("pin_city", None)
        turn.data["details"].pop("city", None)
        set_city_from_text(turn, turn.event.text if written else city)
        return True
    elif p.intent in INTERRUPTING or has_order_content(p):
        return False
    else:
        turn.used = False
        named = turn.data["details"].get("city")
        turn.say("pin_far" if named else "pin_city", city=named or "", nearest=nearest or "")
        return True
    next_detail(turn)
    return True


def set_city_from_text(turn: Turn, text: str) -> None:
    match = match_city(turn, text)
    if match is None:
        turn.used = False
        turn.state = "ask_city"
        turn.say("city_unknown")
        return
    if match.get("served") is False:
        turn.state = "ask_city"
        turn.say("city_not_served", city=match["name"])
        return
    if match["score"] >= 90:
        set_city(turn, match["name"], city_id=match.get("id"))
        return
    turn.data["city_guess"] = {"name": match["name"], "id": match.get("id")}
    turn.state = "confirm_city"
    turn.say("confirm_city", city=match["name"])


def set_city(turn: Turn, name: str, city_id=None, quiet: bool = False) -> None:
    if city_id is None:
        match = match_city(turn, name)
        if match is None or match.get("served") is False or match["score"] < 90:
            return
        name, city_id = match["name"], match.get("id")
    _address_follows(turn, name)
    turn.data["details"]["city"] = name
    turn.data["details"]["city_id"] = city_id
    if not quiet:
        next_detail(turn)


def _address_follows(turn: Turn, city: str) -> None:
    """Another city once the summary was shown, and no new address with it ("la, l madina
    Rabat", "change the city to Salé", "Rabat" asked after "la bdel lmdina"): the street
    shown was given for the other city. The new summary asks whether it is in the new one
    (a misread town keeps its street with one "yes"; "no" or a new street replaces it), as
    a shopkeeper would; a location pin stays, checked again against the new city."""
    shown = turn.data.get("shown")
    details = turn.data["details"]
    if not shown or city == shown.get("city") or not details.get("address") \
            or details["address"] != shown.get("address") or turn.address_written:
        return
    if details.get("pin"):
        details.pop("pin_checked", None)
        return
    turn.data["recheck"] = True


def _fee(turn: Turn, subtotal: float) -> float:
    delivery = turn.ctx.coop.get("settings", {}).get("delivery", {})
    free_above = delivery.get("free_above")
    if free_above is not None and subtotal >= float(free_above):
        return 0.0
    city = turn.data["details"].get("city")
    return geo.city_fee(city, turn.ctx.courier_cities(), delivery.get("flat_fee") or 0)


def summary(turn: Turn) -> None:
    d = turn.data["details"]
    turn.data["shown"] = {"city": d.get("city"), "address": d.get("address")}
    subtotal = basket.subtotal(turn)
    fee = _fee(turn, subtotal)
    lines = "\n".join(turn.line_text(line["sku"], line["qty"]) for line in turn.data["cart"])
    contact = turn.ctx.coop.get("settings", {}).get("contact_phone") or ""
    turn.state = "confirm"
    turn.say("summary", lines=lines, subtotal=i18n.money(subtotal),
             fee=i18n.money(fee) if fee else i18n.t(turn.lang, "free"),
             total=i18n.money(subtotal + fee), name=d.get("name", ""), city=d.get("city", ""),
             address=d.get("address", ""),
             contact=i18n.t(turn.lang, "summary_contact", phone=local_format(contact))
             if contact else "")
    if d.get("when"):
        turn.say("summary_when", day=d["when"])     # "nhar jem3a": the day asked, kept
    if turn.data.pop("recheck", False) and not turn.address_written:
        turn.data["rechecking"] = True           # "no" asks the address in the new city
        turn.say("confirm_address_prompt", address=d.get("address", ""),
                 city=d.get("city", ""))
    else:
        turn.data.pop("rechecking", None)
        turn.say("confirm_prompt")


def place_order(turn: Turn) -> None:
    cart = [line for line in turn.data["cart"] if turn.product(line["sku"])]
    unavailable = [line["sku"] for line in cart if not turn.item(line["sku"])["in_stock"]]
    if unavailable:
        for sku in unavailable:
            remove_line(turn, sku)
            turn.say("out_of_stock", product=turn.label(sku), alternatives="")
        if turn.data["cart"]:
            summary(turn)
        else:
            turn.state = "start"
            turn.say("cart_empty")
        return
    d = dict(turn.data["details"])
    subtotal = basket.subtotal(turn)
    fee = _fee(turn, subtotal)
    lines = [{"sku": line["sku"], "name": turn.label(line["sku"]), "quantity": line["qty"],
              "unit_price": turn.item(line["sku"])["price"]} for line in cart]
    d["phone"] = turn.ctx.phone
    turn.act(CreateOrder(details=d, lines=lines, subtotal=subtotal, delivery_fee=fee,
                         reply_key="order_placed"))
    turn.act(SaveCustomer(fields={k: d.get(k) for k in
                                  ("name", "city", "address", "latitude", "longitude")}))
    turn.state = "start"
    turn.data = {"cart": [], "queue": [], "details": {}, "lang_seen": True}
