"""Batch command: ``python -m bot.nlu --catalog FILE.csv < messages.jsonl``.

Reads JSON lines ``{"id": …, "text": …}`` on stdin and writes one JSON line per input on
stdout, in the same order: ``{"id", "intent", "lang", "items", "ambiguous", "city"}``.
A line that is not valid JSON gets ``{"id": null, "intent": "unknown", …, "error": …}``.
"""

from __future__ import annotations

import argparse
import json
import sys

from bot.catalog import read_csv

from . import build_index, parse


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.nlu", description=__doc__.splitlines()[0])
    parser.add_argument("--catalog", required=True,
                        help="catalog CSV (sku,name,price,unit,size,aliases)")
    args = parser.parse_args(argv)
    index = build_index(read_csv(args.catalog))
    out = sys.stdout
    for raw in sys.stdin:
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
            if not isinstance(record, dict):
                raise ValueError("not a JSON object")
        except ValueError as exc:
            empty = parse("", index).to_json(None)
            empty["error"] = str(exc)
            out.write(json.dumps(empty, ensure_ascii=False) + "\n")
            continue
        result = parse(record.get("text") or "", index)
        out.write(json.dumps(result.to_json(record.get("id")), ensure_ascii=False) + "\n")
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
