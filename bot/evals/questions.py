"""Score the answers to pre-sale questions: ``python -m bot.evals.questions``.

Each question of ``tests/data/questions.jsonl`` (``text``, ``lang`` — ``mix`` for mixed
messages —, ``topic``: what a good answer is about) is sent as the first message of a new
conversation with the demo cooperative (``coops/demo/coop.yml``); the topic the conversation
says it answered (:attr:`bot.conversation.Result.topic`) is compared with the label.
Every 4th question (positions 4, 8, 12…) is held out: never tuned on.

Prints per split (``tuned``, ``held-out``, ``all``): right topic %, how many got the welcome
(target 0) and the catalog, the share answered in the question's language (mixed messages
left out), and the right-topic count per language. ``--failures`` lists the
misses of the tuned split (``--all-failures``: of both); ``--data FILE`` and ``--coop FILE``
score other files.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import conversation, datafiles, nlu
from ..coops import load_coop_file

ROOT = datafiles.ROOT
DEFAULT_DATA = ROOT / "tests" / "data" / "questions.jsonl"
DEFAULT_COOP = ROOT / "coops" / "demo" / "coop.yml"
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
HELD_OUT_EVERY = 4


def load(path: Path = DEFAULT_DATA) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def split_of(position: int) -> str:
    """``held-out`` for every 4th record (1-based positions 4, 8…), else ``tuned``."""
    return "held-out" if position % HELD_OUT_EVERY == 0 else "tuned"


def context(coop_file: Path = DEFAULT_COOP) -> conversation.Context:
    parsed = load_coop_file(coop_file)
    coop = dict(parsed["coop"], id=1)
    products = [dict(p, in_stock=p.get("in_stock", True)) for p in parsed["products"]]
    return conversation.Context(coop=coop, products=products, index=nlu.build_index(products),
                                phone="+212612345678", now=NOW)


def answer(text: str, ctx: conversation.Context) -> conversation.Result:
    """The bot's reply to ``text`` as the first message of a conversation."""
    conv: dict[str, Any] = {"state": "start", "data": {}, "lang": None, "handoff_until": None}
    return conversation.step(conv, conversation.Event(text=text), ctx)


def evaluate(records: list[dict], ctx: conversation.Context) -> list[dict]:
    """One outcome per record: split, language, expected and answered topic."""
    out = []
    for position, record in enumerate(records, start=1):
        result = answer(record["text"], ctx)
        out.append({"split": split_of(position), "lang": record["lang"], "text": record["text"],
                     "expected": record["topic"], "got": result.topic, "replied_in": result.lang})
    return out


def summary(outcomes: list[dict]) -> dict[str, dict]:
    """Per split: count, right topic share, welcome and catalog counts, share per language."""
    table = {}
    for split in ("tuned", "held-out", "all"):
        rows = [o for o in outcomes if split == "all" or o["split"] == split]
        langs = sorted({o["lang"] for o in rows})
        table[split] = {
            "n": len(rows),
            "right": sum(o["got"] == o["expected"] for o in rows) / len(rows) if rows else 0.0,
            "welcome": sum(o["got"] == "welcome" for o in rows),
            "catalog": sum(o["got"] == "catalog" for o in rows),
            "same_lang": (sum(o["replied_in"] == o["lang"] for o in single) / len(single)
                          if (single := [o for o in rows if o["lang"] != "mix"]) else 0.0),
            "per_lang": {lang: (sum(o["got"] == o["expected"] for o in rows if o["lang"] == lang),
                                sum(o["lang"] == lang for o in rows)) for lang in langs},
        }
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--coop", type=Path, default=DEFAULT_COOP)
    parser.add_argument("--failures", action="store_true")
    parser.add_argument("--all-failures", action="store_true")
    args = parser.parse_args(argv)
    outcomes = evaluate(load(args.data), context(args.coop))
    for split, row in summary(outcomes).items():
        langs = ", ".join(f"{lang} {right}/{n}" for lang, (right, n) in row["per_lang"].items())
        print(f"{split:9} n={row['n']:3}  right topic {row['right']:6.1%}  "
              f"welcome {row['welcome']}  catalog {row['catalog']}  "
              f"reply language {row['same_lang']:6.1%}  ({langs})")
    if args.failures or args.all_failures:
        for o in outcomes:
            if o["got"] != o["expected"] and (args.all_failures or o["split"] == "tuned"):
                print(f"[{o['split']}] {o['lang']:8} want {o['expected']:12} got "
                      f"{str(o['got']):12} {o['text']}")
        for o in outcomes:
            if (o["lang"] not in ("mix", o["replied_in"])
                    and (args.all_failures or o["split"] == "tuned")):
                print(f"[{o['split']}] {o['lang']:8} replied in {o['replied_in']:8} {o['text']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
