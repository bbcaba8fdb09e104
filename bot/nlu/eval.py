"""Score the parser on the labelled development set: ``python -m bot.nlu.eval``.

Prints, for the ``dev`` split (tuned on), the held-out ``test`` split, the ``regression`` split
(messages probed on a fourth catalog and the demo after tuning, labels checked by hand against
the parser's output: they guard against regressions, they do not measure accuracy) and all:

* intent accuracy;
* order lines: exact match of the resolved lines ``{(sku, quantity)}`` on every message that
  expects lines or is an order;
* ambiguity recall: share of expected ambiguous mentions found with the same candidate set
  and quantity;
* language accuracy and city accuracy (``null`` must stay ``null``).

``--failures`` lists the messages that miss; ``--data FILE`` scores another JSONL file.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot import datafiles
from bot.catalog import read_csv

from . import build_index, parse

ROOT = datafiles.ROOT
DEFAULT_DATA = ROOT / "tests" / "data" / "nlu_dev.jsonl"
METRICS = ("intent", "lines", "ambiguity", "lang", "city")


def load(path: Path = DEFAULT_DATA) -> list[dict]:
    """The labelled records of a JSONL file."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _lines(items) -> set[tuple]:
    return {(i["sku"], i["quantity"]) for i in items}


def _ambiguities(entries) -> list[tuple]:
    return [(tuple(sorted(a["candidates"])), a["quantity"]) for a in entries]


def score_record(record: dict, got: dict) -> dict[str, bool | None]:
    """Per-metric outcome for one message (None when the metric does not apply)."""
    expects_lines = bool(record["items"]) or record["intent"] == "order"
    expected_amb = _ambiguities(record["ambiguous"])
    found_amb = _ambiguities(got["ambiguous"])
    return {
        "intent": got["intent"] == record["intent"],
        "lines": _lines(got["items"]) == _lines(record["items"]) if expects_lines else None,
        "ambiguity": [a in found_amb for a in expected_amb] if expected_amb else None,
        "lang": got["lang"] == record["lang"],
        "city": got["city"] == record.get("city"),
    }


def evaluate(records: list[dict], root: Path = ROOT) -> tuple[dict[str, dict], list[tuple]]:
    """``({split: {metric: rate}}, failures)`` for the records (splits dev, test, all)."""
    indexes: dict[str, object] = {}
    counts: dict[str, dict[str, list[int]]] = {}
    failures = []
    for record in records:
        path = record["catalog"]
        if path not in indexes:
            indexes[path] = build_index(read_csv(root / path))
        got = parse(record["text"], indexes[path]).to_json(record["id"])
        outcome = score_record(record, got)
        for split in (record.get("split", "dev"), "all"):
            bucket = counts.setdefault(split, {m: [0, 0] for m in METRICS})
            for metric, value in outcome.items():
                if value is None:
                    continue
                values = value if isinstance(value, list) else [value]
                bucket[metric][0] += sum(values)
                bucket[metric][1] += len(values)
        missed = [m for m, v in outcome.items()
                  if v is False or (isinstance(v, list) and not all(v))]
        if missed:
            failures.append((record, got, missed))
    rates = {split: {m: (ok / total if total else 1.0) for m, (ok, total) in bucket.items()}
             for split, bucket in counts.items()}
    sizes = {split: sum(1 for r in records if split == "all" or r.get("split", "dev") == split)
             for split in counts}
    for split, size in sizes.items():
        rates[split]["messages"] = size
    return rates, failures


def format_rates(rates: dict[str, dict]) -> str:
    labels = {"intent": "intent accuracy", "lines": "exact order lines",
              "ambiguity": "ambiguity recall", "lang": "language accuracy",
              "city": "city accuracy"}
    splits = [s for s in ("dev", "test", "regression", "all") if s in rates]
    out = ["metric".ljust(20)
           + "".join(f"{s} (n={rates[s]['messages']})".rjust(20) for s in splits)]
    for metric in METRICS:
        out.append(labels[metric].ljust(20)
                   + "".join(f"{rates[s][metric] * 100:19.1f}%" for s in splits))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.nlu.eval",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="labelled JSONL file")
    parser.add_argument("--failures", action="store_true", help="list the messages that miss")
    parser.add_argument("--split", help="only list failures of this split (dev or test)")
    args = parser.parse_args(argv)
    rates, failures = evaluate(load(args.data))
    print(format_rates(rates))
    if args.failures:
        for record, got, missed in failures:
            if args.split and record.get("split") != args.split:
                continue
            print(f"\n{record['id']} [{record.get('split')}] {record['text']!r} missed {missed}")
            print(f"  expected intent={record['intent']} lang={record['lang']} "
                  f"city={record.get('city')} "
                  f"items={_lines(record['items'])} amb={_ambiguities(record['ambiguous'])}")
            print(f"  got      intent={got['intent']} lang={got['lang']} city={got['city']} "
                  f"items={_lines(got['items'])} amb={_ambiguities(got['ambiguous'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
