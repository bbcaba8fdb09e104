"""The webhook's parse memo (``nlu.memoised``): the same answers as a fresh parse, per index."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.catalog import read_csv  # noqa: E402
from bot.nlu import build_index, memoised, parse  # noqa: E402

DEMO = Path(__file__).resolve().parents[1] / "coops" / "demo" / "catalog.csv"
TEXTS = ["salam", "bghit 2 kilo l3sel zaatar", "oui", "2", "casa", "la", "", "x" * 300,
         "combien coûte le miel ?", "smiti Salma, hay riad zanqa 7 raqm 14"]


def test_memoised_index_parses_as_a_fresh_one():
    products = read_csv(DEMO)
    plain, kept = build_index(products), memoised(build_index(products))
    for _ in range(2):                       # the second time from the memo
        for text in TEXTS:
            assert parse(text, kept) == parse(text, plain)
    assert parse("oui", kept) is parse("oui", kept)
    assert parse("x" * 300, kept) is not parse("x" * 300, kept)   # long texts are not kept


def test_each_catalog_version_has_its_own_memo():
    products = read_csv(DEMO)
    first = memoised(build_index(products))
    second = memoised(build_index(products[:1]))
    assert first.memo_token != second.memo_token
    assert parse("bghit 2 kilo l3sel zaatar", second) == parse("bghit 2 kilo l3sel zaatar",
                                                                build_index(products[:1]))
    assert plain_list_is_never_kept(products)


def plain_list_is_never_kept(products) -> bool:
    """A product list (the parser benchmark's input) is parsed afresh every time."""
    return parse("oui", products) is not parse("oui", products)


def test_details_reading_is_kept_per_catalog_version_like_the_parse():
    """``details.extract`` (run on every message) keeps its readings of short texts: without
    ``is_order``, or with the memo token of the catalog ``is_order`` reads; never a reading
    made against another catalog, nor one of a caller that gives no token."""
    from bot.nlu import details
    products = read_csv(DEMO)
    index = memoised(build_index(products))

    def is_order(words: str) -> bool:
        p = parse(words, index)
        return bool(p.items or p.ambiguous)

    calls: list[str] = []

    def counting(words: str) -> bool:
        calls.append(words)
        return is_order(words)

    text = "hay riad zanqa 7, w 2 amlou"
    fresh = details.extract(text, is_order)
    assert details.extract(text, counting, index.memo_token) == fresh
    assert calls                                            # read once, then kept
    calls.clear()
    assert details.extract(text, counting, index.memo_token) is \
        details.extract(text, counting, index.memo_token)
    assert not calls
    assert details.extract(text, counting) is not details.extract(text, counting)  # no token
    assert calls
    other = memoised(build_index(products[:1]))
    assert details.extract(text, counting, other.memo_token) is not \
        details.extract(text, counting, index.memo_token)
    assert details.extract("x" * 300) is not details.extract("x" * 300)   # long: not kept
    assert details.extract("Fatima") is details.extract("Fatima")
