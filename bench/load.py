"""Webhook under load: the bot vs two floors, all under gunicorn's production settings.

    python bench/load.py                      # levels 4,16,64: 3 rounds × 5 s, then paced runs
    python bench/load.py --levels 1,4,16,64,128 --seconds 10 --rounds 5

For each target (``bench.bare_app:app``: signature check and a fixed reply;
``bench.durable_app:app``: the same plus storing each message once in SQLite; ``app:app`` on a
fresh SQLite file with the demo cooperative) it starts ``gunicorn -c gunicorn.conf.py`` on
127.0.0.1 and, for every concurrency level, runs a load generator in a separate process
(asyncio + aiohttp, closed loop): C simulated customers, each running a whole signed WhatsApp
conversation to a confirmed order (``SCRIPT``), then starting over as a new customer, for N
seconds (after a 1 s warm-up that is not counted). The three take turns, R rounds per level:
the machine's speed drifts (it is shared), and alternating short rounds lets both see the same
drift; throughput is the median of the rounds, latency percentiles are over all rounds'
messages. Then paced (open-loop) runs at fractions of the bare app's best throughput (the
target is the one at half), latency measured from each message's scheduled send time. It
prints and writes ``docs/benchmarks/load.md``/``.json``/``.png``, and checks that every order
a customer saw confirmed is stored exactly once (and nothing else was stored).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import durable_app  # noqa: E402
from bench.common import (  # noqa: E402
    ACCOUNT_SID,
    AUTH_TOKEN,
    COOP_WA,
    DEMO,
    OUT,
    PY,
    ROOT,
    SCRIPT,
    Gunicorn,
    bot_env,
    free_port,
    machine,
    md_table,
    pct,
    pyplot,
    sign,
    write_section,
)

APPS = {"bare": "bench.bare_app:app", "durable": "bench.durable_app:app", "bot": "app:app"}
ORDER_RE = re.compile(r"\b([A-Z][A-Z0-9]*-\d{4,})\b")
MESSAGE_RE = re.compile(r"<Message>(.*?)</Message>", re.S)


# --------------------------------------------------------------------------
# The load generator (runs in its own process)
# --------------------------------------------------------------------------

async def _generate(url: str, public_url: str, concurrency: int, seconds: float,
                    warmup: float, run: int, rate: float | None) -> dict:
    import aiohttp

    path = "/webhooks/twilio"
    signed_url = public_url.rstrip("/") + path
    latencies: list[float] = []
    completed: list[tuple[str, str]] = []       # (phone, order number) seen confirmed
    errors: dict[str, int] = {}
    failed_conversations = 0
    sent = 0
    in_window = 0
    counter = iter(range(10**6))
    start = time.perf_counter()
    measure_from = start + warmup
    stop_at = measure_from + seconds
    tokens: asyncio.Queue | None = asyncio.Queue() if rate else None

    async def ticker():
        interval = 1.0 / rate
        t = start
        while t < stop_at:
            delay = t - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tokens.put_nowait(t)
            t += interval
        for _ in range(concurrency):
            tokens.put_nowait(None)

    async def customer(session):
        nonlocal failed_conversations, sent, in_window
        while True:
            n = next(counter)
            phone = f"+2126{run:02d}{n:06d}"
            order = None
            ok = True
            for text in SCRIPT:
                if rate:
                    scheduled = await tokens.get()
                    if scheduled is None:
                        return
                else:
                    if time.perf_counter() >= stop_at:
                        return
                params = {"From": f"whatsapp:{phone}", "To": COOP_WA, "Body": text,
                          "MessageSid": "SM" + uuid.uuid4().hex, "AccountSid": ACCOUNT_SID,
                          "NumMedia": "0"}
                headers = {"X-Twilio-Signature": sign(AUTH_TOKEN, signed_url, params)}
                t0 = time.perf_counter()
                sent += 1
                try:
                    async with session.post(url + path, data=params, headers=headers) as resp:
                        body = await resp.text()
                        status = resp.status
                except Exception as exc:          # noqa: BLE001 — counted, not fatal
                    status, body = type(exc).__name__, ""
                t1 = time.perf_counter()
                begun = scheduled if rate else t0
                if begun >= measure_from:
                    latencies.append(t1 - begun)
                    in_window += t1 <= stop_at
                if status != 200:
                    errors[str(status)] = errors.get(str(status), 0) + 1
                    ok = False
                    break
                if text == SCRIPT[-1]:
                    found = ORDER_RE.findall(" ".join(MESSAGE_RE.findall(body)))
                    order = found[0] if found else None
            if order:
                completed.append((phone, order))
            elif ok:
                failed_conversations += 1

    connector = aiohttp.TCPConnector(limit=concurrency, force_close=True)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        tasks = [asyncio.create_task(customer(session)) for _ in range(concurrency)]
        if rate:
            tasks.append(asyncio.create_task(ticker()))
        await asyncio.gather(*tasks)
    return {"latencies": latencies, "completed": completed, "errors": errors,
            "failed_conversations": failed_conversations,
            "sent": sent, "in_window": in_window, "seconds": seconds,
            "concurrency": concurrency, "rate": rate}


def generator_main(args) -> int:
    result = asyncio.run(_generate(args.url, args.public_url, args.concurrency, args.seconds,
                                   args.warmup, args.run, args.rate))
    Path(args.out).write_text(json.dumps(result))
    return 0


def run_generator(url: str, concurrency: int, seconds: float, run: int, tmp: Path,
                  rate: float | None = None, warmup: float = 1.0) -> dict:
    """Run the generator in a separate process and summarise what it measured."""
    out = tmp / f"gen-{run}.json"
    cmd = [PY, str(Path(__file__).resolve()), "--generate", "--url", url, "--public-url", url,
           "--concurrency", str(concurrency), "--seconds", str(seconds), "--run", str(run),
           "--warmup", str(warmup), "--out", str(out)]
    if rate:
        cmd += ["--rate", str(rate)]
    subprocess.run(cmd, check=True, timeout=seconds + warmup + 120)
    raw = json.loads(out.read_text())
    lat = sorted(raw["latencies"])
    return {"latencies": lat,
        "concurrency": concurrency, "rate": rate, "messages": len(lat),
        "msgs_per_s": raw["in_window"] / seconds, "sent": raw["sent"],
        "p50_ms": pct(lat, 50) * 1000, "p95_ms": pct(lat, 95) * 1000,
        "p99_ms": pct(lat, 99) * 1000, "max_ms": (lat[-1] if lat else float("nan")) * 1000,
        "errors": raw["errors"], "failed_conversations": raw["failed_conversations"],
        "completed": raw["completed"],
    }


def _proc_cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _machine_cpu() -> tuple[int, int]:
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return sum(values), values[3] + values[4]


def measured(server: Gunicorn, concurrency: int, seconds: float, run: int, tmp: Path,
             rate: float | None = None) -> dict:
    """``run_generator`` plus CPU accounting: server workers, generator, whole machine."""
    workers = server.workers()
    before = sum(_proc_cpu(p) for p in workers)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    total0, idle0 = _machine_cpu()
    r = run_generator(server.base_url, concurrency, seconds, run, tmp, rate=rate)
    total1, idle1 = _machine_cpu()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_cpu = sum(_proc_cpu(p) for p in workers) - before
    gen_cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    sent = max(r.pop("sent"), 1)
    r.update(server_cpu_ms=server_cpu / sent * 1000, gen_cpu_ms=gen_cpu / sent * 1000,
             busy=1 - (idle1 - idle0) / max(total1 - total0, 1))
    return r


def alternate(servers: dict, concurrency: int, rounds: int, seconds: float, tmp: Path,
              run: int) -> tuple[dict, int]:
    """``rounds`` rounds of :func:`measured` for each server in turn (A B A B …), so that all
    see the same drift of the machine: ``({name: [round, …]}, the last run number)``."""
    out: dict = {name: [] for name in servers}
    for _ in range(rounds):
        for name, server in servers.items():
            run += 1
            out[name].append(measured(server, concurrency, seconds, run, tmp))
    return out, run


def combine(rounds: list[dict]) -> dict:
    """One level's rounds as one result: median throughput and CPU, pooled latencies."""
    from statistics import median
    lat = sorted(x for r in rounds for x in r["latencies"])
    errors: dict = {}
    for r in rounds:
        for k, v in (r["errors"] or {}).items():
            errors[k] = errors.get(k, 0) + v
    return {
        "concurrency": rounds[0]["concurrency"], "rate": rounds[0]["rate"],
        "messages": len(lat), "msgs_per_s": median(r["msgs_per_s"] for r in rounds),
        "rounds_msgs_per_s": [round(r["msgs_per_s"], 1) for r in rounds],
        "p50_ms": pct(lat, 50) * 1000, "p95_ms": pct(lat, 95) * 1000,
        "p99_ms": pct(lat, 99) * 1000, "max_ms": (lat[-1] if lat else float("nan")) * 1000,
        "errors": errors, "failed_conversations": sum(r["failed_conversations"] for r in rounds),
        "server_cpu_ms": median(r["server_cpu_ms"] for r in rounds),
        "gen_cpu_ms": median(r["gen_cpu_ms"] for r in rounds),
        "busy": median(r["busy"] for r in rounds),
        "completed": [c for r in rounds for c in r["completed"]],
    }


# --------------------------------------------------------------------------
# Orchestration
# --------------------------------------------------------------------------

def verify_orders(db_path: Path, completed: list[tuple[str, str]]) -> dict:
    """Every order a customer saw confirmed is stored exactly once, and nothing else is."""
    conn = sqlite3.connect(db_path)
    rows = conn.execute("SELECT number, phone FROM orders").fetchall()
    conn.close()
    stored: dict[str, list[str]] = {}
    for number, phone in rows:
        stored.setdefault(phone, []).append(number)
    seen: dict[str, list[str]] = {}
    for phone, number in completed:
        seen.setdefault(phone, []).append(number)
    problems = []
    for phone, numbers in seen.items():
        if sorted(stored.get(phone, [])) != sorted(numbers):
            problems.append((phone, numbers, stored.get(phone, [])))
    extra = [(p, n) for p, n in stored.items() if p not in seen]
    numbers = [n for n, _ in rows]
    return {"confirmed_seen": len(completed), "orders_stored": len(rows),
            "customers": len(seen), "mismatches": len(problems),
            "stored_without_confirmation": len(extra),
            "duplicate_numbers": len(numbers) - len(set(numbers)),
            "ok": not problems and not extra and len(numbers) == len(set(numbers))
            and len(rows) == len(completed),
            "examples": (problems + extra)[:3]}


def prepare_db(path: Path) -> None:
    from bot import store
    from bot.cli import import_coop
    db = store.connect(path)
    import_coop(db, DEMO)
    store.close_all()


def bot_server(name: str, tmp: Path, root: Path = ROOT, extra: list[str] | None = None,
               env: dict | None = None) -> Gunicorn:
    """``app:app`` of the checkout ``root`` on a fresh ``<tmp>/<name>.sqlite3`` with the demo
    cooperative (a context manager, like :class:`Gunicorn`)."""
    db = tmp / f"{name}.sqlite3"
    prepare_db(db)
    port = free_port()
    return Gunicorn("app:app", {**bot_env(db, port, root), **(env or {})}, port=port,
                    log=tmp / f"{name}.log", extra=extra, root=root)


def plot(results: dict, path: Path) -> None:
    plt = pyplot()
    if plt is None:
        return
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4))
    for name, style in (("bare", "o--"), ("durable", "^:"), ("bot", "s-")):
        rows = results[name]
        xs = [r["concurrency"] for r in rows]
        ax1.plot(xs, [r["msgs_per_s"] for r in rows], style, label=name)
        ax2.plot(xs, [r["p50_ms"] for r in rows], style, label=f"{name} p50")
        ax2.plot(xs, [r["p99_ms"] for r in rows], style, alpha=0.5, label=f"{name} p99")
    for ax in (ax1, ax2):
        ax.set_xscale("log", base=2)
        ax.set_xlabel("concurrent customers (closed loop)")
        ax.legend()
        ax.grid(alpha=0.3)
    ax1.set_ylabel("messages / s")
    ax2.set_ylabel("latency (ms)")
    ax2.set_yscale("log")
    fig.suptitle("Webhook under load: bot vs bare and durable floors (gunicorn, 127.0.0.1)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--levels", default="4,16,64")
    ap.add_argument("--seconds", type=float, default=5.0, help="seconds per round")
    ap.add_argument("--rounds", type=int, default=3, help="turns of the three apps per level")
    ap.add_argument("--paced-seconds", type=float, default=10.0)
    ap.add_argument("--half", type=float, default=0.5,
                    help="the target's paced run: this fraction of the bare app's best")
    ap.add_argument("--paced", default="0.3,0.4",
                    help="further paced runs (fractions of the bare app's best) for context")
    ap.add_argument("--name", default="load", help="output file name in docs/benchmarks/")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    # generator mode
    ap.add_argument("--generate", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--url")
    ap.add_argument("--public-url")
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--run", type=int, default=0)
    ap.add_argument("--warmup", type=float, default=1.0)
    ap.add_argument("--rate", type=float)
    ap.add_argument("--out")
    args = ap.parse_args()
    if args.generate:
        return generator_main(args)

    levels = [int(x) for x in args.levels.split(",")]
    tmp = Path(tempfile.mkdtemp(prefix="bghit-load-"))
    db_path = tmp / "bghit.sqlite3"
    prepare_db(db_path)
    durable_app.connect(str(tmp / "floor.sqlite3")).close()
    results: dict = {"bare": [], "durable": [], "bot": [], "machine": machine(),
                     "loadavg_before": os.getloadavg()}
    run = 0
    all_completed: list = []
    print(f"machine: {results['machine']}; load average {os.getloadavg()[0]:.2f}")
    print(f"{args.rounds} rounds × {args.seconds:g} s per level, bare, durable and bot in turn; "
          f"tmp {tmp}")
    servers = {}
    with contextlib.ExitStack() as stack:
        for name, app in APPS.items():
            port = free_port()
            env = {"BGHIT_DB": str(db_path), "BGHIT_FLOOR_DB": str(tmp / "floor.sqlite3"),
                   "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
                   "PUBLIC_URL": f"http://127.0.0.1:{port}",
                   "BGHIT_RATE_LIMIT_PER_MINUTE": "1000000", "PYTHONPATH": str(ROOT)}
            servers[name] = stack.enter_context(
                Gunicorn(app, env, port=port, log=tmp / f"{name}.log"))
        time.sleep(1.0)
        for c in levels:
            rounds, run = alternate(servers, c, args.rounds, args.seconds, tmp, run)
            for name in APPS:
                r = combine(rounds[name])
                if name == "bot":
                    all_completed += r["completed"]
                results[name].append({k: v for k, v in r.items()
                                      if k not in ("completed", "latencies")})
                print(f"{name:>7} c={c:<4} {r['msgs_per_s']:7.0f} msg/s  p50 {r['p50_ms']:7.1f} "
                      f"p95 {r['p95_ms']:7.1f} p99 {r['p99_ms']:7.1f} ms  server CPU "
                      f"{r['server_cpu_ms']:.2f} ms/msg, generator {r['gen_cpu_ms']:.2f} ms/msg, "
                      f"machine busy {r['busy']:.0%}  errors {r['errors'] or 0} "
                      f"orders {len(r['completed'])}  rounds {r['rounds_msgs_per_s']}", flush=True)
        best_bare = max(r["msgs_per_s"] for r in results["bare"])
        fractions = sorted({args.half, *(float(x) for x in args.paced.split(",") if x)})
        results["paced_sweep"] = []
        for fraction in fractions:
            run += 1
            r = measured(servers["bot"], 256, args.paced_seconds, run, tmp,
                         rate=best_bare * fraction)
            all_completed += r["completed"]
            r = {k: v for k, v in r.items() if k not in ("completed", "latencies")}
            r["fraction"] = fraction
            results["paced_sweep"].append(r)
            if fraction == args.half:
                results["paced"] = r
            print(f"paced {r['rate']:.0f} msg/s ({fraction:.0%} of bare best): achieved "
                  f"{r['msgs_per_s']:.0f} msg/s, p50 {r['p50_ms']:.1f} p95 {r['p95_ms']:.1f} "
                  f"p99 {r['p99_ms']:.1f} ms (from scheduled send time)", flush=True)
    results["loadavg_after"] = os.getloadavg()
    check = verify_orders(db_path, all_completed)
    results["orders_check"] = check
    print("orders check:", {k: v for k, v in check.items() if k != "examples"},
          check["examples"] or "")

    rows = []
    for bare, durable, bot in zip(results["bare"], results["durable"], results["bot"],
                              strict=False):
        rows.append([bot["concurrency"], f"{bare['msgs_per_s']:.0f}",
                     f"{durable['msgs_per_s']:.0f}", f"{bot['msgs_per_s']:.0f}",
                     f"**{bot['msgs_per_s'] / bare['msgs_per_s']:.0%}**",
                     f"{durable['msgs_per_s'] / bare['msgs_per_s']:.0%}",
                     f"{bare['p99_ms']:.1f}", f"{durable['p99_ms']:.1f}",
                     f"{bot['p50_ms']:.1f}", f"{bot['p95_ms']:.1f}", f"{bot['p99_ms']:.1f}",
                     f"{bare['server_cpu_ms']:.2f} / {durable['server_cpu_ms']:.2f} / "
                     f"{bot['server_cpu_ms']:.2f}",
                     f"{(bare['busy'] + durable['busy'] + bot['busy']) / 3:.0%}"])
    paced_rows = [[f"{r['fraction']:.0%}", f"{r['rate']:.0f}", f"{r['msgs_per_s']:.0f}",
                   f"{r['p50_ms']:.1f}", f"{r['p95_ms']:.1f}", f"{r['p99_ms']:.1f}",
                   f"{r['server_cpu_ms']:.2f}", "yes" if r["p99_ms"] < 50 else "no"]
                  for r in results["paced_sweep"]]
    md = ["## Webhook under load\n",
          f"`python bench/load.py --levels {args.levels} --seconds {args.seconds:g} --rounds "
          f"{args.rounds}` — bare, durable and bot in turn, {args.rounds} rounds of "
          f"{args.seconds:g} s "
          f"per level (msg/s: median of the rounds; latency percentiles: all rounds' "
          f"messages). "
          f"gunicorn with `gunicorn.conf.py` (its threaded workers), load generator "
          f"(asyncio + aiohttp, closed loop, new connection per request) in a separate process "
          f"on the same 2 cores; each simulated customer runs the 7-message WhatsApp "
          f"conversation {SCRIPT} to a confirmed order, signed like Twilio. *bare*: "
          f"signature check and a fixed TwiML reply, the floor of this stack; *durable*: bare "
          f"plus storing each message once in SQLite before answering (the bot's storage "
          f"settings), the floor of any webhook that loses nothing. Latency in ms.\n",
          md_table(["customers", "bare msg/s", "durable msg/s", "bot msg/s", "bot/bare",
                    "durable/bare", "bare p99", "durable p99", "bot p50", "bot p95", "bot p99",
                    "server CPU ms/msg bare / durable / bot", "machine busy"], rows), "",
          f"Load average before/after: {results['loadavg_before'][0]:.2f} / "
          f"{results['loadavg_after'][0]:.2f} (other processes share the machine: compare "
          f"the ratio and the server CPU per message, which they do not skew).\n",
          f"Paced (open loop) runs of the bot at fractions of the bare app's best throughput "
          f"({best_bare:.0f} msg/s; {args.paced_seconds:g} s each, up to 256 customers, "
          f"latency from each message's scheduled send time; the target is p99 < 50 ms at "
          f"{args.half:.0%}):\n",
          md_table(["of bare best", "asked msg/s", "achieved msg/s", "p50", "p95", "p99",
                    "server CPU ms/msg", "p99 < 50 ms"], paced_rows), "",
          f"Orders check: {check['confirmed_seen']} orders seen confirmed by "
          f"{check['customers']} customers, {check['orders_stored']} stored, "
          f"{check['mismatches']} mismatches, {check['duplicate_numbers']} duplicate numbers, "
          f"{check['stored_without_confirmation']} stored without a confirmation — "
          f"**{'OK' if check['ok'] else 'FAILED'}**.\n",
          "![load](load.png)\n"]
    write_section(args.name, "\n".join(md), results)
    plot(results, OUT / f"{args.name}.png")
    if not args.keep:
        import shutil
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if check["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
