"""Storage growth: ``python bench/storage.py [--messages 1000000] [--orders 100000]``.

Fills a SQLite file quickly (bulk ``executemany`` in one transaction, store-compatible rows:
customers, conversations, messages, orders with lines and events, finished outbox jobs) with
the demo cooperative plus 1 M messages and 100 k orders, then compares with an empty database:

* the webhook path: whole conversations to confirmed orders through ``handle_inbound``
  in process (the code behind ``POST /webhooks/twilio``), per-message CPU and wall time;
* ``flask orders export``: time per exported order (in process, and the real CLI on the full
  file), against a small database (1 % of the rows) — an empty one has nothing to export.

Writes ``docs/benchmarks/storage.md``/``.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import COOP_WA, DEMO, PY, ROOT, SCRIPT, machine, md_table, pct, write_section  # noqa: E402


def fill(db, n_messages: int, n_orders: int, seed: int = 1) -> float:
    """Bulk-insert synthetic history; return the seconds it took."""
    from bot import store
    rng = random.Random(seed)
    t = time.perf_counter()
    conn = db.conn
    coop = store.get_coop_by_slug(db, "tifawin")
    products = store.list_products(db, coop["id"])
    n_customers = max(n_orders // 2, 1)
    base = datetime(2024, 1, 1, tzinfo=UTC)

    def when(i, n):
        return (base + timedelta(seconds=i * (600 * 86400 / max(n, 1)))).isoformat(
            timespec="milliseconds")

    with store.transaction(db):
        first_customer = conn.execute("SELECT coalesce(max(id), 0) FROM customers").fetchone()[0]
        conn.executemany(
            "INSERT INTO customers (phone, name, city, address, lang, created_at, updated_at) "
            "VALUES (?, ?, 'Casablanca', 'Hay Nahda rue 5', 'ary-Latn', ?, ?)",
            ((f"+2127{i:08d}", f"Client {i}", when(i, n_customers), when(i, n_customers))
             for i in range(n_customers)))
        first_conv = conn.execute("SELECT coalesce(max(id), 0) FROM conversations").fetchone()[0]
        conn.executemany(
            "INSERT INTO conversations (coop_id, customer_id, state, data, lang, channel, "
            "updated_at) VALUES (?, ?, 'start', '{}', 'ary-Latn', 'whatsapp', ?)",
            ((coop["id"], first_customer + 1 + i, when(i, n_customers))
             for i in range(n_customers)))

        def messages():
            for i in range(n_messages):
                c = rng.randrange(n_customers)
                inbound = i % 2 == 0
                addr = f"whatsapp:+2127{c:08d}"
                body = rng.choice(SCRIPT)
                yield (("SM" + uuid.UUID(int=rng.getrandbits(128)).hex) if inbound else None,
                       "in" if inbound else "out", coop["id"], first_conv + 1 + c,
                       addr if inbound else COOP_WA, COOP_WA if inbound else addr, body,
                       "received" if inbound else "replied",
                       json.dumps([body]) if inbound else None, when(i, n_messages),
                       when(i, n_messages))
        conn.executemany(
            "INSERT INTO messages (sid, direction, coop_id, conversation_id, from_addr, "
            "to_addr, body, status, reply, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", messages())

        seq0 = conn.execute("SELECT next_order_seq FROM coops WHERE id = ?",
                            (coop["id"],)).fetchone()[0]
        first_order = conn.execute("SELECT coalesce(max(id), 0) FROM orders").fetchone()[0]
        statuses = ["confirmed", "forwarded", "delivered", "delivered", "delivered", "cancelled"]

        def orders():
            for i in range(n_orders):
                c = rng.randrange(n_customers)
                yield (f"T-{seq0 + i}", coop["id"], first_customer + 1 + c, first_conv + 1 + c,
                       rng.choice(statuses), f"Client {c}", f"+2127{c:08d}", "Casablanca",
                       "Hay Nahda rue 5", 440.0, 0.0, 440.0, "sandbox", "ary-Latn",
                       "whatsapp", when(i, n_orders), when(i, n_orders))
        conn.executemany(
            "INSERT INTO orders (number, coop_id, customer_id, conversation_id, status, "
            "customer_name, phone, city, address, subtotal, delivery_fee, total, courier, lang, "
            "channel, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?)", orders())
        conn.executemany(
            "INSERT INTO order_lines (order_id, sku, name, quantity, unit_price, line_total) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            ((first_order + 1 + i // 2, p["sku"], p["name"], 2, p["price"], 2 * p["price"])
             for i in range(2 * n_orders) for p in [products[i % len(products)]]))
        conn.executemany(
            "INSERT INTO order_events (order_id, status, source, created_at) "
            "VALUES (?, 'confirmed', 'bot', ?)",
            ((first_order + 1 + i, when(i, n_orders)) for i in range(n_orders)))
        conn.executemany(
            "INSERT INTO outbox (kind, payload, dedupe_key, status, attempts, next_attempt_at, "
            "created_at, updated_at) VALUES ('courier.forward', ?, ?, 'done', 1, ?, ?, ?)",
            ((json.dumps({"order_id": first_order + 1 + i}), f"forward:{first_order + 1 + i}",
              when(i, n_orders), when(i, n_orders), when(i, n_orders)) for i in range(n_orders)))
        conn.execute("UPDATE coops SET next_order_seq = ? WHERE id = ?",
                     (seq0 + n_orders, coop["id"]))
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return time.perf_counter() - t


def webhook_path(db, conversations: int, phone_base: int) -> dict:
    """Whole conversations through ``handle_inbound``; per-message wall and CPU times."""
    from bot.service import Inbound, handle_inbound
    settings = {"RATE_LIMIT_PER_MINUTE": 10**6, "HANDOFF_TIMEOUT_MINUTES": 120}
    wall, cpu, orders = [], [], 0
    for i in range(conversations):
        phone = f"+2126{phone_base + i:08d}"
        for text in SCRIPT:
            msg = Inbound(from_addr=f"whatsapp:{phone}", to_addr=COOP_WA, body=text,
                          sid="SM" + uuid.uuid4().hex)
            t0, c0 = time.perf_counter(), time.thread_time()
            replies = handle_inbound(db, msg, settings)
            cpu.append(time.thread_time() - c0)
            wall.append(time.perf_counter() - t0)
        orders += any("T-" in r for r in replies)
    wall.sort()
    cpu.sort()
    return {"messages": len(wall), "orders": orders,
            "wall_median_ms": statistics.median(wall) * 1000, "wall_p99_ms": pct(wall, 99) * 1000,
            "cpu_median_ms": statistics.median(cpu) * 1000, "cpu_p99_ms": pct(cpu, 99) * 1000,
            "cpu_mean_ms": sum(cpu) / len(cpu) * 1000}


def export_time(db) -> dict:
    from bot import store
    t0, c0 = time.perf_counter(), time.process_time()
    n = 0
    for order in store.export_orders(db):
        json.dumps(order, ensure_ascii=False)
        n += 1
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"orders": n, "wall_s": wall, "cpu_s": cpu, "us_per_order": cpu / max(n, 1) * 1e6}


def cli_export(db_path: Path) -> dict:
    t = time.perf_counter()
    out = subprocess.run([str(Path(PY).with_name("flask")), "--app", "app", "orders", "export"],
                         cwd=ROOT, env={**os.environ, "BGHIT_DB": str(db_path)},
                         capture_output=True, check=True)
    return {"wall_s": time.perf_counter() - t, "lines": out.stdout.count(b"\n")}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--messages", type=int, default=1_000_000)
    ap.add_argument("--orders", type=int, default=100_000)
    ap.add_argument("--conversations", type=int, default=150, help="per measurement")
    ap.add_argument("--rounds", type=int, default=2, help="empty/full measurements alternate")
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    from bot import store
    from bot.cli import import_coop
    tmp = Path(tempfile.mkdtemp(prefix="bghit-storage-"))
    paths = {"empty": tmp / "empty.sqlite3", "small": tmp / "small.sqlite3",
             "full": tmp / "full.sqlite3"}
    dbs = {}
    print(f"machine: {machine()}")
    for name, path in paths.items():
        db = dbs[name] = store.connect(path)
        import_coop(db, DEMO)
    t = fill(dbs["small"], args.messages // 100, args.orders // 100)
    t = fill(dbs["full"], args.messages, args.orders)
    size = paths["full"].stat().st_size / 2**20
    print(f"filled {args.messages:,} messages + {args.orders:,} orders in {t:.1f} s "
          f"({size:.0f} MiB)", flush=True)
    runs = {"empty": [], "full": []}
    base = 0
    for _ in range(args.rounds):                  # alternate, so machine noise hits both
        for name in ("empty", "full"):
            r = webhook_path(dbs[name], args.conversations, base)
            base += args.conversations
            runs[name].append(r)
            print(f"webhook path, {name:>5} db: {r['messages']} msgs, wall median "
                  f"{r['wall_median_ms']:.2f} p99 {r['wall_p99_ms']:.2f} ms, CPU median "
                  f"{r['cpu_median_ms']:.2f} p99 {r['cpu_p99_ms']:.2f} mean "
                  f"{r['cpu_mean_ms']:.2f} ms, {r['orders']} orders", flush=True)
    best = {n: min(rs, key=lambda r: r["cpu_mean_ms"]) for n, rs in runs.items()}
    exports = {name: export_time(dbs[name]) for name in ("small", "full")}
    for name, e in exports.items():
        print(f"export {name:>5}: {e['orders']:,} orders in {e['wall_s']:.2f} s wall, "
              f"{e['us_per_order']:.1f} µs CPU per order", flush=True)
    store.close_all()
    cli = cli_export(paths["full"])
    print(f"flask orders export (full db, real CLI): {cli['lines']:,} lines in "
          f"{cli['wall_s']:.2f} s", flush=True)
    e, f = best["empty"], best["full"]
    rows = [[label, f"{e[k]:.2f}", f"{f[k]:.2f}", f"{f[k] / e[k] - 1:+.0%}"]
            for label, k in (("CPU mean (ms/msg)", "cpu_mean_ms"),
                             ("CPU median", "cpu_median_ms"), ("CPU p99", "cpu_p99_ms"),
                             ("wall median", "wall_median_ms"), ("wall p99", "wall_p99_ms"))]
    xs, xf = exports["small"], exports["full"]
    rows.append(["export, µs CPU per order", f"{xs['us_per_order']:.1f} "
                 f"({xs['orders']:,} orders)", f"{xf['us_per_order']:.1f} ({xf['orders']:,})",
                 f"{xf['us_per_order'] / xs['us_per_order'] - 1:+.0%}"])
    md = ["## Storage growth\n",
          f"`python bench/storage.py --rounds {args.rounds}` — demo cooperative; full "
          f"database: {args.messages:,} messages + {args.orders:,} orders (2 lines and 1 "
          f"event each, finished outbox jobs), "
          f"{size:.0f} MiB, bulk-filled in {t:.0f} s. Webhook path: {args.conversations} whole "
          f"conversations ({args.conversations * len(SCRIPT)} messages) through "
          f"`handle_inbound` per round, {args.rounds} rounds alternating empty/full, best "
          f"round shown (CPU time is this thread's, wall includes the machine's other load). "
          f"Export baseline: a database with 1 % of the rows (an empty one exports nothing).\n",
          md_table(["", "empty db", "1 M msgs / 100 k orders", "change"], rows), "",
          f"`flask orders export` on the full database (real CLI, start-up included): "
          f"{cli['lines']:,} orders in {cli['wall_s']:.1f} s.\n"]
    write_section("storage", "\n".join(md), {"machine": machine(), "runs": runs,
                                            "exports": exports, "cli": cli, "fill_s": t})
    if not args.keep:
        import shutil
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
