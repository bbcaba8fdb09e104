"""Whole conversations, scored: does a customer who writes the way customers write get the
order they meant, and only that one?

``python -m bot.evals.conversations [--split heldout|tuned|all] [--show-failures] [--json]``

The corpus is YAML under ``tests/data/conversations/``: ``coops.yml`` names the cooperatives
(a catalog and its delivery fee rules each), every other file holds scripted conversations.
Each script is fixed — written as a customer would answer a sensible shopkeeper, not adapted
to the bot's replies — and says what a good shopkeeper would conclude: one order (lines, city,
name, total) or none. Every 4th conversation of each file is held out, by position.

Each conversation is played with its own customer number through the real app (a temporary
SQLite file, the app factory, the signed Twilio webhook over HTTP on 127.0.0.1) with a clock
that starts at the same moment for every conversation and moves one minute per message; the
orders stored in the database are then compared with the expected one.

The modules, each importing only the ones before it: ``corpus`` (reading and checking the
files) → ``scoring`` (a played conversation's verdict) → ``play`` (the app, the webhook, the
clock) → ``figures`` (the report); :func:`main` is the command.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .corpus import (
    CORPUS,
    LANGS,
    ROOT,
    SPLITS,
    Conversation,
    Coop,
    CorpusError,
    load_coops,
    load_corpus,
)
from .figures import print_failures, print_report, report, summarise
from .play import ACCOUNT_SID, AUTH_TOKEN, START, Player, run
from .scoring import Played, compare, score

__all__ = [
    "ACCOUNT_SID", "AUTH_TOKEN", "CORPUS", "LANGS", "ROOT", "SPLITS", "START", "Conversation",
    "Coop", "CorpusError", "Played", "Player", "compare", "load_coops", "load_corpus", "main",
    "print_failures", "print_report", "report", "run", "score", "summarise",
]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bot.evals.conversations",
                                 description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--split", choices=("tuned", "heldout", "all"), default="all")
    ap.add_argument("--show-failures", action="store_true",
                    help="print each failing conversation with the bot's replies")
    ap.add_argument("--json", action="store_true", help="the figures as JSON")
    ap.add_argument("--corpus", type=Path, default=CORPUS, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    coops = load_coops(args.corpus)
    convs = load_corpus(args.corpus, coops)
    splits = list(SPLITS) if args.split == "all" else [args.split]
    convs = [c for c in convs if c.split in splits]
    played = run(convs, coops)
    figures = report(played, splits)
    if args.json:
        if args.show_failures:
            figures["failures"] = [{"id": p.conv.id, "split": p.conv.split, "verdict": p.verdict,
                                    "errors": p.errors, "transcript": p.transcript}
                                   for p in played if not p.right]
        json.dump(figures, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        if args.show_failures:
            print_failures(played)
        print_report(figures)
    return 0
