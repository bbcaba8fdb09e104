"""Catalog index and product resolution.

:func:`build_index` runs once per catalog. Each product name (and its aliases) is read with
the same grammar as messages, giving *tags*:

* lexicon concepts (``honey``, ``thyme``, ``argan``, ``cosmetic``…), in any language;
* ``~word`` tags for name words the lexicon does not know ("Taliouine", "lavande"), so
  a cooperative's own vocabulary still matches, exactly or with typos (rapidfuzz).

Products whose names carry the same tags apart from the size form one *variant group*
(``Miel de thym 500g`` and ``Miel de thym 1kg``); alias tags are shared inside a group.

A mention (the tags a customer wrote for one line) matches the products whose tags contain
all of its strict tags (families, qualifiers, ``~words``); soft tags (pure, bio) only break
ties. Quantities then pick the variant: the exact size, else the largest sizes that add up
to the measure, else the size words (small/big); several products left = ambiguous.
"""

from __future__ import annotations

from .build import build_index, contents_key, without_contents
from .index import (
    BOX_CONTAINERS,
    FUZZY_CUTOFF,
    FUZZY_MIN_LEN,
    LITERAL_MIN_LEN,
    UNIT_FACTORS,
    CatalogIndex,
    ProductInfo,
)
from .resolution import (
    PRICE_RANKS,
    Choice,
    by_dimensions,
    by_own_alias,
    by_price,
    carrying,
    choose,
    dimension_size,
    match,
    split_tags,
    suggest,
)

__all__ = ["PRICE_RANKS", "CatalogIndex", "ProductInfo", "build_index", "by_dimensions",
           "by_own_alias", "by_price", "carrying", "dimension_size",
           "choose", "match", "split_tags", "suggest", "without_contents",
           "contents_key", "Choice", "UNIT_FACTORS", "FUZZY_CUTOFF", "FUZZY_MIN_LEN",
           "LITERAL_MIN_LEN", "BOX_CONTAINERS"]
