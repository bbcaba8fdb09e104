"""A bounded memo for the language code's deterministic functions of a short text (and of a
catalog version): the parse (:func:`bot.nlu.parse`) and the details reading
(:func:`bot.nlu.details.extract`). Short answers ("oui", "2", "safi", a city) come back all
day; each function keeps its own memo, emptied when full."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class Memo(Generic[T]):
    """Up to ``size`` results, by key; all forgotten at once when full (cheaper than an LRU's
    bookkeeping on every hit, and the short answers come straight back)."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._kept: dict[Hashable, T] = {}

    def kept(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The result kept under ``key``, else ``compute()``'s, kept from now on."""
        found = self._kept.get(key)
        if found is None:
            found = compute()
            if len(self._kept) >= self.size:
                self._kept.clear()
            self._kept[key] = found
        return found
