"""Matching our city names to a courier's, and caching courier city lists.

Our side speaks canonical French names ("Fès"); couriers spell them their own
way ("FES", "Fes", "Fès - Saiss") and members write Darija or Arabic ("Fas",
"فاس"). :func:`match_city` folds accents and case, expands the alias forms the
caller passes (loaded from ``intents/cities.yml``), also looks at the
courier's ``arabic_name``, and scores with rapidfuzz.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from dataclasses import asdict
from typing import Any, Callable, Iterable

from rapidfuzz import fuzz

from .. import datafiles
from .base import Courier, CourierCity, fold

log = logging.getLogger("bot.couriers.cities")

#: Below this score :func:`match_city` returns no city at all.
MIN_SCORE = 60.0
#: A courier city whose name *starts* with ours as a whole segment
#: ("Fès - Saiss" for "Fès") scores this much.
SEGMENT_SCORE = 92.0
CITIES_FILE = datafiles.intents_path("cities.yml")


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
        return SEGMENT_SCORE
    return max(fuzz.ratio(ours, theirs), fuzz.token_sort_ratio(ours, theirs)) * 0.95


def _names(city: CourierCity) -> Iterable[str]:
    yield fold(city.name)
    if city.arabic_name:
        yield fold(city.arabic_name)


def match_city(
    our_city: str,
    cities: list[CourierCity],
    aliases: dict[str, list[str]] | None = None,
) -> tuple[CourierCity | None, float]:
    """Best courier city for ``our_city`` and its score (0–100).

    100 means an exact match after folding accents and case; whole-segment
    prefixes ("Fès - Saiss") score 92; anything else is a fuzzy ratio scaled
    below 95. The caller decides: ≥ 90 is exact enough, below that ask a
    member to confirm. Returns ``(None, score)`` when nothing reaches
    :data:`MIN_SCORE`. Ties prefer the shorter courier name ("Fès" over
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
    if score < MIN_SCORE:
        return None, score
    return best, score


# -- cache ------------------------------------------------------------------

Loader = Callable[[str], "tuple[float, list[dict]] | None"]
Saver = Callable[[str, float, "list[dict]"], None]


class CityCache:
    """Keeps each courier account's city list for ``ttl`` seconds (24 h).

    ``load(key) -> (fetched_at, [city dicts]) | None`` and
    ``save(key, fetched_at, [city dicts])`` are optional persistence hooks
    (the store keeps them in SQLite). When a refresh fails and an old list
    exists, the old list is served and the error logged.
    """

    def __init__(
        self,
        ttl: float = 24 * 3600,
        load: Loader | None = None,
        save: Saver | None = None,
        clock: Callable[[], float] = time.time,
    ):
        self.ttl = ttl
        self._load = load
        self._save = save
        self._clock = clock
        self._entries: dict[str, tuple[float, list[CourierCity]]] = {}
        self._lock = threading.Lock()

    def get(self, courier: Courier, key: str | None = None) -> list[CourierCity]:
        """The cached list for ``courier``'s account, fetching it if stale."""
        key = key or courier.account_key()
        with self._lock:
            entry = self._entries.get(key) or self._from_store(key)
        now = self._clock()
        if entry and now - entry[0] < self.ttl:
            return entry[1]
        try:
            cities = courier.cities()
        except Exception as exc:
            if entry:
                log.warning("city list refresh failed for %s, serving the old one: %s", key, exc)
                return entry[1]
            raise
        with self._lock:
            self._entries[key] = (now, cities)
        if self._save:
            self._save(key, now, [asdict(c) for c in cities])
        return cities

    def invalidate(self, key: str | None = None) -> None:
        """Forget one account's list, or every list."""
        with self._lock:
            if key is None:
                self._entries.clear()
            else:
                self._entries.pop(key, None)

    def _from_store(self, key: str) -> tuple[float, list[CourierCity]] | None:
        if not self._load:
            return None
        stored = self._load(key)
        if not stored:
            return None
        fetched_at, rows = stored
        entry = (float(fetched_at), [_city(row) for row in rows])
        self._entries[key] = entry
        return entry


def _city(row: dict[str, Any]) -> CourierCity:
    known = CourierCity.__dataclass_fields__
    return CourierCity(**{k: v for k, v in row.items() if k in known})
