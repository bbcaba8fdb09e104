"""Cities and delivery fees for the conversation.

A customer writes "casa", "كازا" or "dar lbida"; the NLU turns that into the
canonical French name ("Casablanca", from ``intents/cities.yml``). When the
cooperative's courier has a city list (cached from its API), the name is then
mapped onto the courier's own city (and its fee); a city the courier does not
serve is reported as such.
"""

from __future__ import annotations

import functools
import math

from rapidfuzz import fuzz, process

from . import datafiles, nlu
from .couriers.base import CourierCity, fold
from .couriers.cities import match_city as match_courier_city

CITIES_FILE = datafiles.intents_path("cities.yml")
EXACT = 90.0      # at or above: take the city without asking
GUESS = 72.0      # at or above: ask "did you mean …?"


@functools.lru_cache(maxsize=1)
def city_forms() -> dict[str, list[str]]:
    """``{canonical French name: [forms in Latin Darija, Arabic, French]}``."""
    data = (datafiles.safe_load(CITIES_FILE.read_text(encoding="utf-8"))
            if CITIES_FILE.exists() else [])
    if isinstance(data, dict):
        data = data.get("cities", [])
    return {c["name"]: list(c.get("forms") or []) for c in data or []}


@functools.lru_cache(maxsize=1)
def _choices() -> dict[str, str]:
    """Folded form → canonical name, for fuzzy guesses."""
    out = {}
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
