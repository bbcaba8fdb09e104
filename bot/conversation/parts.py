"""Reading a delivery answer's parts: the pieces between commas and "and"s, the cities at
their ends, and what each piece is (a city, an address, a name); a name beside the order and
a city beside a name.
"""

from __future__ import annotations

import re

from .. import geo, nlu
from ..nlu import cities as nlu_cities
from ..nlu import details as nlu_details
from ..nlu.lexicon import LEXICON
from .model import (
    FRAGMENTS,
    INTERRUPTING,
    LETTERS,
    NOT_AN_ANSWER,
    Turn,
    clean_name,
    has_order_content,
    orders,
)


def match_city(turn: Turn, text: str) -> dict | None:
    return geo.match_city(text, turn.ctx.courier_cities())


def fragments(text: str) -> list[str]:
    """The parts of a message separated by commas, new lines or "w"/"et"/"and"/"و"; a short
    yes or thanks ending a sentence before them is no part ("ok. Karim, Fes, …")."""
    parts = FRAGMENTS.split(text or "")
    out = [" ".join(part.split()) for part in parts if LETTERS.search(part or "")]
    if out:
        out[0] = without_short_lead(out[0])
    return out


def without_short_lead(part: str) -> str:
    """``part`` without a yes, a no or a thanks of one or two letters ending a sentence before
    it ("ok. Karim": "Karim"), or of up to four letters right before a capital ("ok Samir",
    "oui Samir Alami")."""
    first = _SHORT_LEAD.match(part)
    if first and any(nlu.intents.cue_scores(nlu.textnorm.tokens(first.group(1).rstrip(".!")))
                     .get(intent)
                     for intent in NOT_AN_ANSWER):
        return part[first.end():]
    return part


def has_figure(text: str) -> bool:
    """Does ``text`` hold a figure written as one ("12", "n°7"), not a Darija letter ("n9der",
    "3ayto")?"""
    return bool(_FIGURE.search(text or ""))


_FIGURE = re.compile(r"(?<![^\W\d_])\d+(?![^\W\d_])")
# a word of one or two letters ending a sentence before a capital ("ok. Karim"); longer
# ones are parts of their own already (model._PART_BREAK); or a short word right before a
# capital, no stop between ("ok Samir, Guelmim, …", "oui Samir": a yes, then the name)
_SHORT_LEAD = re.compile(r"\s*([^\W\d_]{1,2}[.!]+|[^\W\d_]{1,4}(?=\s))\s+(?=[A-Z])")


def split_cities(fragments: list[str], city_known: bool = False) -> list[str]:
    """"Salma Rabat", "rabat Salma": a city written at either end of a fragment is a part
    of its own (only a city's own form, so "Rachida" stays whole). A town's word opening a
    part before its figure ("dakhla 34": the entrance, a district) is no town when another
    part names the city, or the city is known already (``city_known``)."""
    out = []
    alone = {nlu_details.city_only(f)[0] for f in fragments} - {None}
    for fragment in fragments:
        words = fragment.split()
        if nlu_details.city_only(fragment)[1]:
            out.append(fragment)         # "الدار البيضاء": a city of two words, whole
            continue
        if town_word_before_figure(words) and (city_known or any(
                names_a_city(f) for f in fragments if f is not fragment)):
            out.append(fragment)         # "ana f agadir, dakhla 34 …": the address whole
            continue
        if nlu_details.first_name_and_surname(fragment) and alone and not alone & {
                nlu_details.city_only(" ".join(words[-n:]))[0] for n in (1, 2)}:
            out.append(fragment)         # "Omar Safi, Casablanca, …": his surname, the
            continue                     # city another part
        for n in (3, 2, 1):              # "Ksar El Kebir", "Souk El Arbaa": three words
            if len(words) <= n:
                continue
            if nlu_details.city_only(" ".join(words[-n:]))[1] and not (
                    n > 1 and nlu_cities.everyday_city(" ".join(words[-n:]))
                    and nlu.textnorm.lookup_key(nlu.textnorm.normalise(words[-n]))
                    not in LEXICON.place_keys):
                out += [" ".join(_without_place_word(words[:-n])), " ".join(words[-n:])]
                break                    # (not "Karim Ben Ahmed": a family name's town)
            if nlu_details.city_only(" ".join(words[:n]))[1]:
                out += [" ".join(words[:n]), " ".join(words[n:])]
                break
        else:           # "Said marrakech massira 3 n 15" (SMS, no commas): the city between
            inner = next(((k, n) for n in (3, 2, 1) for k in range(1, len(words) - n)
                          if nlu_details.city_only(" ".join(words[k:k + n]))[1]), None)
            out += ([" ".join(_without_place_word(words[:inner[0]])),
                     " ".join(words[inner[0]:sum(inner)]),
                     " ".join(words[sum(inner):])] if inner else [fragment])
    return out


def town_word_before_figure(words: list[str]) -> bool:
    """Does a part open with a town's own form right before a figure ("dakhla 34 …")?"""
    return any(len(words) > n and words[n][:1].isdigit()
               and nlu_details.city_only(" ".join(words[:n]))[1] for n in (1, 2))


def names_a_city(fragment: str) -> bool:
    """Does a part name a city: alone, or at one of its ends ("ana f agadir")?"""
    words = fragment.split()
    return any(nlu_details.city_only(" ".join(part))[1]
               for n in (1, 2) for part in (words[-n:], words[:n]) if len(words) >= n)


def _without_place_word(words: list[str]) -> list[str]:
    """The words before a city without the one that leads to it ("Rachid à Beni Mellal",
    "Karim f Fes": "Rachid", never "Rachid à" on the parcel), nor the town's article ("Amal
    Bennani El Kelaa des Sraghna": "Amal Bennani")."""
    if len(words) > 1 and (nlu.textnorm.lookup_key(nlu.textnorm.normalise(words[-1]))
                           in nlu.lexicon.LEXICON.place_keys
                           or geo.town_article(words[-1])):
        return words[:-1]
    return words


def numbered_place(turn: Turn) -> bool:
    """Does the message name a city beside a part holding a figure and a word the lexicon
    does not know, ordering nothing ("Karim casa sidi maarouf 12", "Said marrakech massira
    3 n 15")? That figure is a house's, never a count ("2 kilo, casa" is one)."""
    found = turn.found
    if not found or not found.city or not has_figure(turn.event.text):
        return False
    parts = split_cities(fragments(turn.event.text))
    return len(parts) > 1 and any(place_part(turn, f) for f in parts)


def place_part(turn: Turn, part: str) -> bool:
    """Is one part of an order message a numbered place: a figure and a word the lexicon does
    not know (or a street word after the figure), ordering nothing; or words the message
    read as no product though they alone order one ("Clark Kent, Fes, Atlas 4" beside "Gift
    box Atlas": the district, its house number)?"""
    if not has_figure(part) or nlu_details.city_only(part)[0] or unsold(turn, part):
        return False
    if nlu_details.has_unknown_word(part) or street_numbered(part):
        return not orders(turn, part)
    return orders(turn, part) and not read_as_order(turn, part)


def places_only(turn: Turn, city_said: bool = False) -> bool:
    """At a delivery question, does the message name products only by words that name none
    by themselves, with at most a house number after them (:func:`bot.nlu.place_words`:
    "Fes, Atlas 4", "Atlas 4" beside "Gift box Atlas"), every other part a city? The
    district, not an order (four gift boxes went in). ``city_said``: a part must be a city
    (when the details were only offered beside "anything else?")."""
    index = turn.ctx.index
    parts = split_cities(fragments(turn.event.text))
    cities = [f for f in parts if nlu_details.city_only(f)[0]]
    if not isinstance(index, nlu.CatalogIndex) or (city_said and not cities):
        return False
    return any(f not in cities for f in parts) and all(
        f in cities or nlu.place_words(f, index) for f in parts)


def read_as_order(turn: Turn, part: str, whole: str | None = None) -> bool:
    """Does the whole message's reading (of ``whole``, else this turn's) order what
    ``part`` alone orders?"""
    alone = nlu.parse(part, turn.ctx.index)
    skus = {i.sku for i in alone.items} | {s for a in alone.ambiguous for s in a.candidates}
    p = turn.p if whole is None else nlu.parse(whole, turn.ctx.index)
    return bool(skus & ({i.sku for i in p.items} | {s for a in p.ambiguous
                                                     for s in a.candidates}))


def street_numbered(part: str) -> bool:
    """"5 Place du 9 Avril", "14 place du 16 novembre": a figure right before a street word
    of ``markers.address`` (intents/keywords.yml) numbers a house, though every word of the
    place is a known one (a month, "place"): the part is an address."""
    keys = [nlu.textnorm.lookup_key(t) for t in nlu.textnorm.tokens(part)]
    return any(k.isdigit() and keys[i + 1] in LEXICON.street_keys for i, k in enumerate(keys[:-1]))


def unsold(turn: Turn, words: str) -> bool:
    """Do ``words`` ask for a product the catalog does not sell ("jveux 2 kg miel thym" at a
    shop with no honey)? Its figure is a count, not a house's."""
    return bool(nlu.parse(words, turn.ctx.index).unknown_products)


def fragment_kind(turn: Turn, fragment: str) -> str | None:
    """``city``, ``address``, ``name`` or None for one part of a delivery answer."""
    city, exact = nlu_details.city_only(fragment)
    if city:
        # "Rachida" alone when the name is asked is a name, not a near spelling of a city;
        # so is a common first name anywhere ("Rachida, Nador, hay salam n 3"), and
        # "Rachida" beside "errachidia" written as the city
        parts = split_cities(fragments(turn.event.text))
        alone = turn.state == "ask_name" and len(fragments(turn.event.text)) == 1
        if exact or not (alone or nlu_details.first_name_alone(fragment)
                         or any(f != fragment and nlu_details.city_only(f)[1] for f in parts)):
            return "city"
    asked = turn.state == "ask_city" and not turn.basket_just_shown   # "safi": that's all
    later = fragments(turn.event.text)[1:]      # "safi, Houda Sebti": "ok" first
    if (asked or fragment in later) and nlu_cities.everyday_city(fragment):
        return "city"                            # "Houda Sebti, Safi, Kawki rue 3"
    if has_figure(fragment) or nlu_details.extract(fragment).address:
        return "address"
    if _name_like(turn, fragment):
        return "name"
    return None


def name_beside(turn: Turn, rest: str) -> str | None:
    """The one name-like part of what is left of a message once its address is taken out
    ("changer la ville : c'est pour ma mère à Fès, Fatima Alaoui, Batha derb 5"), else
    None (none, or several: which one is unsure)."""
    names = [f for f in split_cities(fragments(rest)) if fragment_kind(turn, f) == "name"]
    if len(names) != 1 or nlu_details.says(names[0], "correction") \
            or nlu.parse(names[0], turn.ctx.index).field:
        return None             # "sorry", "smahli l'adresse": the words around the change
    words = names[0].split()
    if not all(w[:1].isupper() for w in words if w[:1].isascii()):
        return None             # a name written as one, capitalised: "Fatima Alaoui"
    return clean_name(names[0])


def other_city(turn: Turn) -> str | None:
    """The one city a message names other than the delivery city kept ("non pas
    Casablanca, Mohammedia", "the city is Rabat not Casablanca"), else None. A message about
    the city (its word, or the kept city named) reads a town that is also an everyday word
    as the town: "wrong city, it's Salé not Rabat" (Rabat was kept, a wrong parcel)."""
    kept = turn.data["details"].get("city")
    tokens = nlu.normalise(turn.event.text).split()
    everyday = turn.p.field == "city" or (kept is not None and (
        turn.p.city == kept or kept_city_negated(turn)))
    named: list[str] = []
    start = 0
    while start < len(tokens):
        found = nlu_cities.locate_city(tokens[start:], everyday=everyday)
        if not found:
            break
        if found[0] != kept and found[0] not in named:
            named.append(found[0])
        start += found[2]
    return named[0] if len(named) == 1 else None


def kept_city_negated(turn: Turn) -> bool:
    """Does the message name the delivery city kept right after a negation ("deliver to
    Salé please, not Rabat", "machi Rabat", "pas Rabat")? It takes that city back."""
    kept = turn.data["details"].get("city")
    if not kept:
        return False
    tokens = nlu.normalise(turn.event.text).split()
    start = 0
    while start < len(tokens):
        found = nlu_cities.locate_city(tokens[start:])
        if not found:
            return False
        at = start + found[1]
        if found[0] == kept and at and ("marker", "neg") in nlu.lexicon.LEXICON.grammar.longest(
                [(nlu.textnorm.lookup_key(tokens[at - 1]),)], 0)[1]:
            return True
        start = at + found[2] - found[1]
    return False


def completed_name(turn: Turn) -> str | None:
    """The name kept ("Amine") said again with more words at the summary ("Amine Lahlou
    pardon, nom complet", "sorry, Amine Lahlou"): the full name, else None."""
    have = (turn.data["details"].get("name") or "").split()
    if not have:
        return None
    for fragment in fragments(turn.event.text):
        words = fragment.split()
        if [w.casefold() for w in words[:len(have)]] != [w.casefold() for w in have]:
            continue
        for end in range(min(len(words), len(have) + 3), len(have), -1):
            name = nlu_details.bare_name(" ".join(words[:end]))
            if name:
                return name
    return None


def _name_like(turn: Turn, fragment: str) -> bool:
    name = clean_name(fragment)
    if not name or len(name.split()) > 4 or nlu_details.never_a_name(fragment) \
            or nlu_details.names_no_one(fragment):
        return False                     # "Hiya, can I have …": a greeting, not a name;
        #                                  "for my mum", "she lives": whom it is for
    if nlu_details.starts_with_title(fragment) or nlu_details.first_name_and_surname(fragment) \
            or nlu_details.initialled_name(fragment):
        return True                      # "Mme Alaoui", "Omar Safi", "Jan K"
    p = nlu.parse(fragment, turn.ctx.index)
    if name_not_order(turn, fragment, p):
        return True                      # "Will Price", "Rose Patel" when the name is asked
    if p.intent in ("order", "unknown") and not has_order_content(p) \
            and nlu_details.capitalised_also_name(fragment.strip()):
        return True                      # "Mia": a first name, though "mia" is a hundred
    if p.intent == "order" and not has_order_content(p) \
            and nlu.intents.cue_scores(nlu.textnorm.tokens(fragment)).get("order"):
        return False                     # "bghit nkml lcommande", "je veux finaliser": a
        #                                  wish, never the parcel's name
    return p.intent not in NOT_AN_ANSWER + INTERRUPTING and not (
        (p.items or p.ambiguous) and not p.guessed)


def name_not_order(turn: Turn, text: str, p, asked: bool | None = None) -> bool:
    """When the name is asked (``asked``: by default, at the name question), capitalised
    words alone are a name: "Will Price" is no price question, and "Honey Brown", "Olive
    Green" order nothing while they count nothing (two words or more, none of them a number,
    no product taken back)."""
    if not (turn.state == "ask_name" if asked is None else asked) \
            or not nlu_details.bare_name(text):
        return False
    if not p.items and not p.ambiguous:
        return True
    return (p.intent not in INTERRUPTING and len(text.split()) >= 2 and p.number is None
            and not p.removed and not p.asked_counts
            and all(item.quantity is None for item in p.items)
            and all(a.quantity is None for a in p.ambiguous))
