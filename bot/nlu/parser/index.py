"""Catalog indexes kept for product lists: by identity, then by content.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..matcher import CatalogIndex, build_index

# --- index cache ----------------------------------------------------------------------

_CACHE: dict[int, tuple[Any, tuple, CatalogIndex]] = {}
_CONTENT_CACHE: dict[tuple, CatalogIndex] = {}
_CACHE_SIZE = 32


def _fingerprint(catalog: list[dict]) -> tuple:
    return tuple((p.get("sku"), p.get("name"), p.get("unit"), p.get("size"),
                  tuple(p.get("aliases") or ()), p.get("in_stock", True)) for p in catalog)


def _quick_check(catalog: list[dict]) -> tuple:
    if not catalog:
        return (0,)
    first, last = catalog[0], catalog[-1]
    return (len(catalog), first.get("sku"), first.get("name"), last.get("sku"), last.get("name"))


def get_index(catalog: CatalogIndex | Iterable[dict]) -> CatalogIndex:
    """A prebuilt index as is; a product list's index from the cache (by identity, then
    content), building it on first use."""
    if isinstance(catalog, CatalogIndex):
        return catalog
    if not isinstance(catalog, list):
        catalog = list(catalog or [])
    cached = _CACHE.get(id(catalog))
    quick = _quick_check(catalog)
    if cached and cached[0] is catalog and cached[1] == quick:
        return cached[2]
    fingerprint = _fingerprint(catalog)
    index = _CONTENT_CACHE.get(fingerprint)
    if index is None:
        index = build_index(catalog)
        if len(_CONTENT_CACHE) >= _CACHE_SIZE:
            _CONTENT_CACHE.pop(next(iter(_CONTENT_CACHE)))
        _CONTENT_CACHE[fingerprint] = index
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[id(catalog)] = (catalog, quick, index)
    return index


