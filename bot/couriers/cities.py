"""Caching courier city lists.

Matching our city names to a courier's is :func:`bot.geo.match_courier_city` (pure; it is
re-exported from :mod:`bot.couriers` as ``match_city``).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from ..geo import CourierCity
from .base import Courier

log = logging.getLogger("bot.couriers.cities")


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
