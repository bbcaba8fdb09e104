"""Two versions of the bot's code under load, in alternating rounds: a git ref vs this checkout.

    python bench/code_ab.py                          # main vs the working tree, 16 customers
    python bench/code_ab.py --ref HEAD~1 --concurrency 4,16 --rounds 5

The ref is exported (``git archive``) to a temporary folder; both run as
``gunicorn -c gunicorn.conf.py app:app`` (each checkout's own) on their own SQLite files, and
``bench/load.py``'s generator (whole signed conversations to confirmed orders, closed loop) runs
against each in turn (A B A B …), so both see the same drift of this shared machine. Prints,
per version and level, msg/s (median of the rounds), latency percentiles and the server
workers' CPU per message (median of the rounds), the ratio new/old of that CPU round by round,
and checks that every confirmed order was stored exactly once. Writes no file in the repo.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import ROOT, machine  # noqa: E402
from bench.load import alternate, bot_server, combine, verify_orders  # noqa: E402


def export(ref: str, dest: Path) -> Path:
    """The tree of ``ref`` in ``dest`` (``git archive``; no work tree, no git state)."""
    archive = dest.with_suffix(".tar")
    subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", "-o", str(archive), ref],
                   check=True)
    dest.mkdir(parents=True)
    with tarfile.open(archive) as tar:
        tar.extractall(dest, filter="data")
    return dest


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ref", default="main", help="the old version (a git ref); default main")
    ap.add_argument("--concurrency", default="16", help="levels, comma-separated")
    ap.add_argument("--seconds", type=float, default=4.0)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bghit-code-ab-"))
    roots = {"old": export(args.ref, tmp / "old"), "new": ROOT}
    print(f"machine: {machine()}; old = {args.ref}, new = {ROOT}; tmp {tmp}", flush=True)
    ok = True
    with contextlib.ExitStack() as stack:
        servers = {}
        for name, root in roots.items():      # (no __pycache__ written into the repo)
            servers[name] = stack.enter_context(
                bot_server(name, tmp, root=root, env={"PYTHONDONTWRITEBYTECODE": "1"}))
        time.sleep(1.0)
        run = 0
        completed: dict = {name: [] for name in roots}      # every level's, for the check
        for level in (int(c) for c in args.concurrency.split(",")):
            rounds, run = alternate(servers, level, args.rounds, args.seconds, tmp, run)
            for name in roots:
                r = combine(rounds[name])
                completed[name] += r["completed"]
                check = verify_orders(tmp / f"{name}.sqlite3", completed[name])
                ok &= check["ok"]
                print(f"{name:>4} c={level:<4} {r['msgs_per_s']:7.0f} msg/s  "
                      f"p50 {r['p50_ms']:6.1f} p95 {r['p95_ms']:6.1f} p99 {r['p99_ms']:6.1f} ms  "
                      f"server CPU {r['server_cpu_ms']:.2f} ms/msg "
                      f"(rounds {[round(x['server_cpu_ms'], 2) for x in rounds[name]]})  "
                      f"errors {r['errors'] or 0}", flush=True)
            pairs = [n["server_cpu_ms"] / o["server_cpu_ms"]
                     for o, n in zip(rounds["old"], rounds["new"], strict=True)]
            print(f"     c={level:<4} server CPU new/old per round "
                  f"{[round(p, 2) for p in pairs]}, median {statistics.median(pairs):.2f}",
                  flush=True)
    print("every confirmed order stored once:", ok)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
