"""Floors on the labelled development set (tests/data/nlu_dev.jsonl), both splits."""

import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.nlu.eval import evaluate, load  # noqa: E402

FLOORS = {"intent": 0.95, "lines": 0.90, "ambiguity": 0.85, "lang": 0.93, "city": 0.95}


@pytest.fixture(scope="module")
def records():
    return load()


@pytest.fixture(scope="module")
def rates(records):
    return evaluate(records)[0]


def test_dev_set_shape(records):
    assert len(records) >= 400
    assert len({r["catalog"] for r in records}) >= 3
    assert {r["lang"] for r in records} == {"ary-Arab", "ary-Latn", "fr", "en"}
    intents = Counter(r["intent"] for r in records)
    assert set(intents) == {"greet", "catalog", "order", "price", "confirm", "deny", "cancel",
                            "status", "delivery", "human", "thanks", "help", "unknown"}
    splits = Counter(r["split"] for r in records)
    assert 0.2 <= splits["test"] / (splits["dev"] + splits["test"]) <= 0.3   # held out
    assert set(splits) <= {"dev", "test", "regression"}


@pytest.mark.parametrize("split", ["dev", "test"])
@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_floors(rates, split, metric):
    assert rates[split][metric] >= FLOORS[metric], (split, metric, rates[split])
