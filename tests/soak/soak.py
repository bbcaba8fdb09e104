"""The long fault run (issue 9): real processes, real HTTP, faults injected at random.

    .venv/bin/python tests/soak/soak.py --duration 180 --customers 50

* gunicorn (``--web-workers`` processes) + ``flask --app app worker`` as subprocesses on one
  SQLite file; the fake Sendit (courier) and the fake Twilio REST API in this process;
* ``--customers`` customers at once over signed HTTP, each running full orders (new, then
  returning), two messages at the same instant in each first order, ~10 % of messages
  redelivered by "Twilio" (same MessageSid and idempotency token), retried like Twilio
  on refused connections and 5xx, written again by the "customer" after an apology;
* a chaos thread, every 2–6 s: SIGKILL a gunicorn worker, SIGKILL the whole web server
  (restarted 0.5–3 s later), SIGKILL the outbox worker (restarted), the courier down
  (connection refused) / slow beyond the timeout / 5xx / answering success after the
  timeout for 10–40 s, Twilio 5xx and 429 bursts, the database write-locked from
  outside for longer than the busy timeout;
* then every fault is lifted, the outbox drains and the invariants are checked: every
  confirmed order stored once, forwarded once, alerts sent once; no 5xx; no full phone
  number, address or secret in the processes' logs. Prints the figures (JSON) and exits
  1 if an invariant failed. Bounded: ``--duration`` + at most ``--drain`` seconds.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bot import store  # noqa: E402
from bot.cli import import_coop  # noqa: E402
from tests.fakes import FakeSendit  # noqa: E402
from tests.fakes.twilio_server import FakeTwilio  # noqa: E402
from tests.soak.harness import (  # noqa: E402
    Stack,
    Stats,
    hold_lock,
    invariants,
    run_customers,
    wait_drained,
    write_coop,
)

TOKEN = "soak-auth-token-" + "3c" * 8
ACCOUNT = "AC" + "5" * 32
SENDIT_ENV = "BGHIT_SOAK_SENDIT_SECRET"
BUSY_MS = 1500


def chaos(stack: Stack, sendit: FakeSendit, twilio: FakeTwilio, db_path: Path, stop, rng,
          faults: collections.Counter, log) -> None:
    kinds = ["web_worker", "web", "worker", "courier_down", "courier_slow", "courier_5xx",
             "courier_late", "twilio_5xx", "twilio_429", "db_lock"]
    restore_courier_at = None
    while not stop.wait(rng.uniform(2, 6)):
        if restore_courier_at and time.monotonic() > restore_courier_at:
            if not sendit.running:
                sendit.up()
            with sendit.lock:
                sendit._delay.clear()
                sendit._fail.clear()
            restore_courier_at = None
            log("courier recovered")
        kind = rng.choice(kinds)
        if kind.startswith("courier") and restore_courier_at:
            kind = rng.choice(["web_worker", "worker", "twilio_5xx"])
        faults[kind] += 1
        log(f"fault: {kind}")
        if kind == "web_worker":
            stack.kill_web_worker(rng)
        elif kind == "web":
            stack.kill_web()
            time.sleep(rng.uniform(0.5, 3))
            stack.start_web()
        elif kind == "worker":
            stack.kill_worker()
            time.sleep(rng.uniform(0.2, 2))
            stack.start_worker()
        elif kind == "courier_down":
            sendit.down()
            restore_courier_at = time.monotonic() + rng.uniform(10, 40)
        elif kind == "courier_slow":          # every call answered after the 1 s timeout
            sendit.delay_next(10_000, seconds=1.5)
            restore_courier_at = time.monotonic() + rng.uniform(10, 40)
        elif kind == "courier_5xx":
            sendit.fail_next(10_000, status=rng.choice([500, 502, 503]))
            restore_courier_at = time.monotonic() + rng.uniform(10, 40)
        elif kind == "courier_late":          # parcel created, success after our timeout
            sendit.delay_next(rng.randint(3, 10), seconds=1.5, path="deliveries")
        elif kind == "twilio_5xx":
            twilio.fail_next(rng.randint(3, 15), status=rng.choice([500, 503]))
        elif kind == "twilio_429":
            twilio.fail_next(rng.randint(3, 15), status=429)
        elif kind == "db_lock":
            hold_lock(db_path, BUSY_MS / 1000 + rng.uniform(0.5, 2))
    if not sendit.running:
        sendit.up()
    with sendit.lock:
        sendit._delay.clear()
        sendit._fail.clear()


def scan_logs(log_dir: Path, secrets: list[str], phones: list[str]) -> list[str]:
    text = "".join(p.read_text(errors="replace") for p in log_dir.glob("*.log"))
    leaks = [f"secret {s[:4]}… in logs" for s in secrets if s and s in text]
    for phone in phones:
        for form in (phone, phone[1:], "0" + phone[4:]):
            if form in text:
                leaks.append(f"phone {form[:6]}… in logs")
                break
    for word in ("Hay Nahda rue 5", "Omar Benali"):
        if word in text:
            leaks.append(f"personal data {word!r} in logs")
    return leaks


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--duration", type=float, default=180, help="seconds of load + faults")
    ap.add_argument("--customers", type=int, default=50)
    ap.add_argument("--web-workers", type=int, default=3)
    ap.add_argument("--drain", type=float, default=240, help="max seconds to drain after")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    tmp = Path(tempfile.mkdtemp(prefix="bghit-soak-"))
    db_path = tmp / "bghit.sqlite3"
    started = time.monotonic()

    def log(msg):
        print(f"[{time.monotonic() - started:7.1f}s] {msg}", flush=True)

    faults: collections.Counter = collections.Counter()
    stats = Stats()
    with FakeSendit() as sendit, FakeTwilio(account_sid=ACCOUNT, auth_token=TOKEN) as twilio:
        options = sendit.options()
        secret = options.pop("secret_key")
        os.environ[SENDIT_ENV] = secret
        db = store.connect(db_path)
        import_coop(db, write_coop(tmp, "sendit", {**options, "secret_key_env": SENDIT_ENV}))
        store.close_all()
        env = {"TWILIO_AUTH_TOKEN": TOKEN, "TWILIO_ACCOUNT_SID": ACCOUNT,
               "TWILIO_API_BASE_URL": twilio.base_url, SENDIT_ENV: secret,
               "BGHIT_RATE_LIMIT_PER_MINUTE": "100000", "BGHIT_COURIER_TIMEOUT": "1",
               "BGHIT_RETRY_BASE": "0.5", "BGHIT_JOB_LEASE": "10", "BGHIT_TRACK_EVERY": "3600",
               "BGHIT_BUSY_TIMEOUT_MS": str(BUSY_MS), "ADMIN_TOKEN": "soak-admin-" + "x" * 8,
               "SECRET_KEY": "soak", "SIMULATOR": "0"}
        with Stack(db_path, env, tmp / "logs", web_workers=args.web_workers) as stack:
            stack.start_web()
            stack.start_worker()
            log(f"gunicorn ({args.web_workers} workers) on {stack.base_url}, worker started; "
                f"{args.customers} customers for {args.duration:.0f}s")
            stop = threading.Event()
            t = threading.Thread(target=chaos, args=(stack, sendit, twilio, db_path, stop, rng,
                                                     faults, log), daemon=True)
            t.start()
            until = time.monotonic() + args.duration
            ticker_stop = threading.Event()

            def ticker():
                while not ticker_stop.wait(15):
                    log(f"{stats.messages} messages, {len(stats.confirmed)} orders confirmed, "
                        f"{stats.apologies} apologies, {stats.transport_errors} transport "
                        f"errors, kills {dict(stack.kills)}")

            threading.Thread(target=ticker, daemon=True).start()
            run_customers(lambda: stack.base_url, TOKEN, args.customers, stats,
                          orders_each=10_000, until=until, seed=args.seed, patience=120,
                          phone_base=612300000)
            stop.set()
            t.join(60)
            ticker_stop.set()
            if stack.web.poll() is not None:
                stack.start_web()
            if stack.worker.poll() is not None:
                stack.start_worker()
            log("faults lifted; draining the outbox")
            counts = wait_drained(db_path, args.drain)
            log(f"outbox: {counts}")
            kills = dict(stack.kills)
        figures = invariants(db_path, stats, dict(sendit.created), list(twilio.messages))
        phones = sorted(set(stats.confirmed.values()))
        leaks = scan_logs(tmp / "logs", [TOKEN, secret, env["ADMIN_TOKEN"]],
                          phones + ["+212661000001", "+212661000002"])
        figures["problems"] += leaks
        if counts.get("pending") or counts.get("running"):
            figures["problems"].append(f"outbox not drained: {counts}")
        if counts.get("failed"):
            figures["problems"].append(f"failed jobs: {counts['failed']}")
    faults.update({f"kill_{k}": 0 for k in ()})
    figures.update({
        "duration_s": round(time.monotonic() - started),
        "customers": args.customers, "web_workers": args.web_workers, "seed": args.seed,
        "faults_injected": sum(faults.values()), "faults": dict(faults), "sigkills": kills,
        "outbox": counts, "log_leaks": len(leaks),
    })
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    if not args.keep:
        import shutil
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        print(f"kept: {tmp}")
    return 1 if figures["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
