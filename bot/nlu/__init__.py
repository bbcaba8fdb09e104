"""Bghit's language understanding: one customer message → intent, order lines, city.

>>> from bot.nlu import parse
>>> result = parse("bghit 2 kilo dyal l3sel zaatar", catalog)   # doctest: +SKIP
>>> result.intent, result.items
('order', (Item(sku='MIEL-THYM-1KG', quantity=2, op='add'),))

Public helpers: :func:`parse`, :func:`build_index`, :func:`normalise`, :func:`detect_lang`,
:func:`find_city`; data classes :class:`Parse`, :class:`Item`, :class:`Ambiguity`.
All vocabulary lives in ``intents/*.yml``.
"""

from .cities import find_city
from .intents import detect_lang, lang_is_cued, opening_lang, phone_lang, words_lang
from .lexicon import LAST, concept_word
from .matcher import PRICE_RANKS, CatalogIndex, build_index, by_dimensions, by_price, dimension_size
from .parser import (
    BARE_SIZE_MIN,
    PACK_MIN,
    Ambiguity,
    Item,
    Parse,
    memoised,
    orders_counted,
    other_kinds,
    parse,
    place_words,
    sentence_before_question,
)
from .textnorm import normalise

__all__ = ["parse", "memoised", "build_index", "by_dimensions", "by_price", "PRICE_RANKS",
           "dimension_size", "CatalogIndex",
           "Parse", "Item", "Ambiguity", "normalise", "detect_lang", "lang_is_cued",
           "opening_lang", "phone_lang", "words_lang", "find_city", "LAST", "BARE_SIZE_MIN",
           "PACK_MIN", "concept_word", "other_kinds", "sentence_before_question",
           "orders_counted", "place_words"]
