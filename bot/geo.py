"""Cities and delivery fees for the conversation.

A customer writes "casa", "كازا" or "dar lbida"; the NLU turns that into the
canonical French name ("Casablanca", from ``intents/cities.yml``). When the
cooperative's courier has a city list (cached from its API), the name is then
mapped onto the courier's own city (and its fee); a city the courier does not
serve is reported as such.

Courier city lists spell names their own way ("FES", "Fes", "Fès - Saiss") and
members write Darija or Arabic ("Fas", "فاس"). :func:`match_courier_city` folds
accents and case, expands the alias forms the caller passes (loaded from
``intents/cities.yml``), also looks at the courier's ``arabic_name``, and scores
with rapidfuzz.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from . import datafiles, nlu
from .nlu.textnorm import fold

CITIES_FILE = datafiles.intents_path("cities.yml")
EXACT = 90.0      # at or above: take the city without asking
GUESS = 72.0      # at or above: ask "did you mean …?"


@dataclass
class CourierCity:
    """One destination a courier serves (Sendit calls them districts)."""

    id: str
    name: str
    arabic_name: str | None = None
    fee: float | None = None
    delay: str | None = None
    #: The larger city a district belongs to (Sendit's ``ville``), if any.
    region: str | None = None


@functools.lru_cache(maxsize=1)
def city_forms() -> dict[str, list[str]]:
    """``{canonical French name: [forms in Latin Darija, Arabic, French]}``."""
    data = (datafiles.safe_load(CITIES_FILE.read_text(encoding="utf-8"))
            if CITIES_FILE.exists() else [])
    if isinstance(data, dict):
        data = data.get("cities", [])
    return {c["name"]: list(c.get("forms") or []) for c in data or []}


@functools.lru_cache(maxsize=1)
def city_written_forms() -> dict[str, list[str]]:
    """``{canonical French name: [forms, then context forms]}``: every way a city is written,
    to name it back in the customer's script ("الداخلة", "العيون" are context forms: also a
    district, also "the springs")."""
    data = (datafiles.safe_load(CITIES_FILE.read_text(encoding="utf-8"))
            if CITIES_FILE.exists() else [])
    if isinstance(data, dict):
        data = data.get("cities", [])
    return {c["name"]: [*(c.get("forms") or []), *(c.get("context_forms") or [])]
            for c in data or []}


@functools.lru_cache(maxsize=1)
def _choices() -> dict[str, str]:
    """Folded form → canonical name, for fuzzy guesses."""
    out: dict[str, str] = {}
    for name, forms in city_forms().items():
        for form in [name, *forms]:
            out.setdefault(fold(form), name)
    return out


def guess_city(text: str) -> tuple[str | None, float]:
    """The canonical city ``text`` names, with a 0–100 confidence."""
    exact = nlu.find_city(text)
    if exact:
        return exact, 100.0
    folded = fold(text)
    if not folded or len(folded) > 60:
        return None, 0.0
    choices = _choices()
    best = process.extractOne(folded, list(choices), scorer=fuzz.WRatio)
    if best is None:
        return None, 0.0
    form, score, _ = best
    # WRatio is generous with short strings inside long ones; plain ratio keeps it honest.
    score = min(score, max(fuzz.ratio(folded, form), 0) + 15)
    return (choices[form], float(score)) if score >= GUESS else (None, float(score))


def _to_city(c) -> CourierCity:
    return c if isinstance(c, CourierCity) else CourierCity(
        id=str(c.get("id")), name=c.get("name", ""), arabic_name=c.get("arabic_name"),
        fee=c.get("fee"), delay=c.get("delay"))


def match_city(text: str, courier_cities: list | None = None) -> dict | None:
    """``{"name", "id", "fee", "score", "served"}`` for the city in ``text``, or None.

    Without a courier list every recognised city is served (flat fee).
    """
    name, score = guess_city(text)
    if name is None:
        return None
    if not courier_cities:
        return {"name": name, "id": None, "fee": None, "score": score, "served": True}
    cities = [_to_city(c) for c in courier_cities]
    city, city_score = match_courier_city(name, cities, city_forms())
    if city is None or city_score < GUESS:
        return {"name": name, "id": None, "fee": None, "score": score, "served": False}
    return {"name": name, "id": city.id, "fee": city.fee, "score": min(score, city_score),
            "served": True}


def city_fee(city: str | None, courier_cities: list | None, flat_fee: float) -> float:
    """The delivery fee to ``city``: the courier's table when it has one, else the flat fee."""
    if city and courier_cities:
        match = match_city(city, courier_cities)
        if match and match.get("fee") is not None:
            return float(match["fee"])
    return float(flat_fee or 0)


# -- our city names to a courier's ----------------------------------------

#: Below this score :func:`match_courier_city` returns no city at all.
COURIER_MIN_SCORE = 60.0
#: A courier city whose name *starts* with ours as a whole segment
#: ("Fès - Saiss" for "Fès") scores this much.
COURIER_SEGMENT_SCORE = 92.0


def town_article(word: str) -> bool:
    """Is ``word`` an article a town's name may open with, written apart ("El", "Al")?"""
    return f"{fold(word)} " in _articles()


@functools.lru_cache(maxsize=1)
def _articles() -> tuple[str, ...]:
    """The articles a courier's city name may start with (``intents/cities.yml``)."""
    data = datafiles.safe_load(CITIES_FILE.read_text(encoding="utf-8"))
    return tuple(fold(a) + (" " if a.endswith(" ") else "") for a in data.get("articles") or ())


def _strip_article(text: str) -> str:
    for article in _articles():
        if text.startswith(article) and len(text) > len(article) + 2:
            return text[len(article):].strip()
    return text


def _forms(our_city: str, aliases: dict[str, list[str]] | None) -> list[str]:
    """Our city plus every alias form of its group, folded and deduplicated."""
    wanted = fold(our_city)
    forms = [wanted]
    for canonical, variants in (aliases or {}).items():
        group = [fold(canonical)] + [fold(v) for v in variants or ()]
        if wanted in group:
            forms.extend(group)
    return list(dict.fromkeys(f for f in forms if f))


def _pair_score(ours: str, theirs: str) -> float:
    """0–100 similarity between two folded names."""
    if ours == theirs:
        return 100.0
    if _strip_article(ours) == _strip_article(theirs):
        return 97.0
    if theirs.startswith(ours + " "):
        return COURIER_SEGMENT_SCORE
    return max(fuzz.ratio(ours, theirs), fuzz.token_sort_ratio(ours, theirs)) * 0.95


def _names(city: CourierCity) -> Iterable[str]:
    yield fold(city.name)
    if city.arabic_name:
        yield fold(city.arabic_name)


def match_courier_city(
    our_city: str,
    cities: list[CourierCity],
    aliases: dict[str, list[str]] | None = None,
) -> tuple[CourierCity | None, float]:
    """Best courier city for ``our_city`` and its score (0–100).

    100 means an exact match after folding accents and case; whole-segment
    prefixes ("Fès - Saiss") score 92; anything else is a fuzzy ratio scaled
    below 95. The caller decides: ≥ 90 is exact enough, below that ask a
    member to confirm. Returns ``(None, score)`` when nothing reaches
    :data:`COURIER_MIN_SCORE`. Ties prefer the shorter courier name ("Fès" over
    "Fès - Saiss").
    """
    forms = _forms(our_city, aliases)
    if not forms or not cities:
        return None, 0.0
    best: CourierCity | None = None
    best_key = (-1.0, 0)
    for city in cities:
        score = max(
            (_pair_score(ours, theirs) for ours in forms for theirs in _names(city) if theirs),
            default=0.0,
        )
        key = (round(score, 2), -len(city.name or ""))
        if key > best_key:
            best, best_key = city, key
    score = max(best_key[0], 0.0)
    if score < COURIER_MIN_SCORE:
        return None, score
    return best, score


def warm_up() -> None:
    """Fill the city caches (the folded names, the courier articles) before the first message."""
    _choices()
    _articles()


def map_link(latitude, longitude) -> str:
    return f"https://maps.google.com/?q={latitude},{longitude}"


COORDS_FILE = datafiles.intents_path("city_coords.yml")


@functools.lru_cache(maxsize=1)
def _coords() -> tuple[dict[str, tuple[float, float]], float]:
    data = datafiles.safe_load(COORDS_FILE.read_text(encoding="utf-8")) if COORDS_FILE.exists() \
        else {}
    data = data or {}
    cities = {name: (float(v[0]), float(v[1])) for name, v in (data.get("cities") or {}).items()}
    return cities, float(data.get("default_km") or 40)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


def pin_city(latitude, longitude) -> str | None:
    """The known city a location pin is in (within ``default_km`` of its centre, the nearest
    one), else None."""
    cities, km = _coords()
    try:
        pin = (float(latitude), float(longitude))
    except (TypeError, ValueError):
        return None
    near = [name for name in cities if distance_km(pin, cities[name]) <= km]
    return min(near, key=lambda name: distance_km(pin, cities[name])) if near else None


def pin_far_from(city: str | None, latitude, longitude) -> str | None:
    """When a location pin is far from the named ``city``: the nearest known city to the pin
    (the city itself when none is nearer), else None (near, or unknown coordinates)."""
    cities, km = _coords()
    try:
        pin = (float(latitude), float(longitude))
    except (TypeError, ValueError):
        return None
    centre = cities.get(city or "")
    if centre is None or distance_km(pin, centre) <= km:
        return None
    return min(cities, key=lambda name: distance_km(pin, cities[name]))
