"""The bot under load with gunicorn's shipped settings vs the former ones, in alternating rounds.

Two ``gunicorn -c gunicorn.conf.py app:app`` servers on their own SQLite files: *threads* as
shipped (``bot.web.gunicorn_worker.ThreadWorker``, ``GUNICORN_THREADS`` threads per process) and
*sync* (``-k sync --threads 1``, what ``gunicorn.conf.py`` ran before). ``bench/load.py``'s
generator (whole signed conversations to confirmed orders, closed loop) runs against each in
turn, so both see the same drift of a shared machine; msg/s (median of rounds), latency
percentiles, server CPU per message, and every confirmed order checked stored once::

    python bench/workers_ab.py                       # 16 customers, 3 rounds of 4 s each
    python bench/workers_ab.py --concurrency 64 --rounds 5
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import machine  # noqa: E402
from bench.load import alternate, bot_server, combine, verify_orders  # noqa: E402

SETTINGS = {"threads": [], "sync": ["-k", "sync", "--threads", "1"]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--seconds", type=float, default=4.0)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bghit-ab-"))
    print(f"machine: {machine()}; tmp {tmp}")
    with contextlib.ExitStack() as stack:
        servers = {}
        for name, extra in SETTINGS.items():
            servers[name] = stack.enter_context(bot_server(name, tmp, extra=extra))
        time.sleep(1.0)
        rounds, _ = alternate(servers, args.concurrency, args.rounds, args.seconds, tmp, 0)
    ok = True
    for name in SETTINGS:
        r = combine(rounds[name])
        check = verify_orders(tmp / f"{name}.sqlite3", r["completed"])
        stored_once = check["ok"]
        ok &= stored_once
        print(f"{name:>7} c={args.concurrency:<4} {r['msgs_per_s']:7.0f} msg/s  "
              f"p50 {r['p50_ms']:7.1f} p95 {r['p95_ms']:7.1f} p99 {r['p99_ms']:7.1f} ms  "
              f"server CPU {r['server_cpu_ms']:.2f} ms/msg  errors {r['errors'] or 0}  "
              f"orders {check['confirmed_seen']} (each stored once: {stored_once})  "
              f"rounds {r['rounds_msgs_per_s']}", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
