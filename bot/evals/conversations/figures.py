"""The figures: right conversations, exact and wrong orders, missing ones, and the customer
messages an order took, per split, per language and on SMS; printed, or the failures shown."""

from __future__ import annotations

import statistics
import sys
from collections import Counter

from .corpus import LANGS
from .scoring import Played


def _median(values):
    return statistics.median(values) if values else None



def summarise(played: list[Played]) -> dict:
    """The figures for one group of played conversations."""
    with_order = [p for p in played if p.conv.order is not None]
    exact = [p for p in with_order if p.right]

    def turns(group):
        group = [p for p in group if p.right and p.turns is not None]
        return {"n": len(group), "median": _median([p.turns for p in group]),
                "shopkeeper": _median([p.conv.min_turns for p in group])}

    one = [p for p in with_order if p.conv.one_product]
    return {
        "conversations": len(played),
        "right": sum(p.right for p in played),
        "right_pct": round(100 * sum(p.right for p in played) / len(played), 1) if played else None,
        "orders_expected": len(with_order),
        "orders_exact": len(exact),
        "wrong_orders_placed": sum(p.wrong_placed for p in played),
        "wrong_by_field": dict(sorted(Counter(f for p in played for f in p.wrong_fields).items())),
        "missing_orders": sum(p.verdict == "missing" for p in played),
        "errors": sum(p.verdict == "error" for p in played),
        "turns_all_orders": turns(with_order),
        "turns_one_product_asked": turns([p for p in one if not p.conv.upfront]),
        "turns_one_product_upfront": turns([p for p in one if p.conv.upfront]),
    }



def report(played: list[Played], splits: list[str]) -> dict:
    out = {}
    for split in splits:
        group = [p for p in played if p.conv.split == split]
        if not group:
            continue
        figures = summarise(group)
        figures["by_language"] = {lang: summarise([p for p in group if p.conv.lang == lang])
                                  for lang in LANGS if any(p.conv.lang == lang for p in group)}
        sms = [p for p in group if p.conv.channel == "sms"]
        if sms:
            figures["sms"] = summarise(sms)
        out[split] = figures
    return out



def _fmt_turns(t: dict) -> str:
    if not t["n"]:
        return "—"
    return f"{t['median']:g} (shopkeeper {t['shopkeeper']:g}; {t['n']} orders)"



def print_report(figures: dict, out=sys.stdout) -> None:
    for split, f in figures.items():
        print(f"\n== {split}: {f['conversations']} conversations", file=out)
        print(f"conversations right   {f['right']}/{f['conversations']} ({f['right_pct']} %)",
              file=out)
        print(f"orders exact          {f['orders_exact']}/{f['orders_expected']}", file=out)
        print(f"wrong orders placed   {f['wrong_orders_placed']}   (target 0)", file=out)
        if f["wrong_by_field"]:
            fields = ", ".join(f"{k} {v}" for k, v in f["wrong_by_field"].items())
            print(f"  what they got wrong  {fields}", file=out)
        print(f"missing orders        {f['missing_orders']}", file=out)
        if f["errors"]:
            print(f"errors                {f['errors']}", file=out)
        print("median customer messages, first product mention → confirmed order:", file=out)
        print(f"  all orders                   {_fmt_turns(f['turns_all_orders'])}", file=out)
        print(f"  one product, details asked   {_fmt_turns(f['turns_one_product_asked'])}",
              file=out)
        print(f"  one product, given up front  {_fmt_turns(f['turns_one_product_upfront'])}",
              file=out)
        print(f"{'language':<10} {'right':>9} {'exact':>9} {'wrong':>6} {'missing':>8}  "
              "median turns", file=out)
        rows = list(f["by_language"].items()) + ([("(sms)", f["sms"])] if "sms" in f else [])
        for lang, g in rows:
            t = g["turns_all_orders"]
            print(f"{lang:<10} {g['right']:>4}/{g['conversations']:<4} "
                  f"{g['orders_exact']:>4}/{g['orders_expected']:<4} {g['wrong_orders_placed']:>6} "
                  f"{g['missing_orders']:>8}  {format(t['median'], 'g') if t['n'] else '—'}",
                  file=out)



def print_failures(played: list[Played], out=sys.stdout) -> None:
    for p in played:
        if p.right:
            continue
        c = p.conv
        expected = (f"order {', '.join(f'{q}×{s}' for s, q in c.order['lines'].items())}; "
                    f"{c.order['name']}, {c.order['city']}, total {c.order['total']:g}"
                    if c.order else f"no order ({c.reason})")
        print(f"\n--- {c.id} [{c.split}, {c.lang}, {c.catalog}, {c.channel}] {p.verdict}", file=out)
        print(f"expected: {expected}", file=out)
        for err in p.errors:
            print(f"  ✗ {err}", file=out)
        for said, replies in p.transcript:
            print(f"  > {said}", file=out)
            for reply in replies:
                print("    < " + reply.replace("\n", "\n      "), file=out)
