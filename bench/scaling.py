"""Parser scaling: ``python bench/scaling.py [--seconds 3] [--sizes 20,2000,20000]
[--coops 1,10,100,1000]``.

1. Catalog size: index build time, parse throughput and median/p99 parse time for synthetic
   catalogs of 20, 2,000 and 20,000 products (the parser benchmark's realistic French names).
2. Number of cooperatives: a real SQLite file with 1,000 synthetic cooperatives of ~20
   products each (own WhatsApp number each); messages routed to random cooperatives among the
   first N through the service's own path — ``store.coops_for_number`` (the routing query),
   ``service.catalog_for`` (the per-catalog-version index cache) and ``nlu.parse`` — after
   every index is built and warm. Cost per message must not grow with N.

Writes ``docs/benchmarks/scaling.md``/``.json``/``.png``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_parser import messages, synthetic_catalog  # noqa: E402
from bench.common import OUT, add_synthetic_coops, machine, md_table, pct, pyplot, write_section  # noqa: E402

#: Per-message times are this thread's CPU time: other processes on a shared machine preempt
#: us for whole scheduler time slices (~4 ms), which would otherwise be most of the p99.
CLOCK = time.thread_time


def summarise(timings: list[float], wall: float) -> dict:
    timings = sorted(timings)
    return {"n": len(timings), "msgs_per_s": len(timings) / wall,
            "median_ms": statistics.median(timings) * 1000, "p99_ms": pct(timings, 99) * 1000,
            "mean_ms": sum(timings) / len(timings) * 1000}


def by_catalog_size(sizes: list[int], texts: list[str], seconds: float) -> list[dict]:
    from bot.nlu import build_index, parse
    rows = []
    for size in sizes:
        catalog = synthetic_catalog(size)
        t = time.process_time()
        index = build_index(catalog)
        build = time.process_time() - t
        for text in texts:                       # warm the per-index fuzzy cache
            parse(text, index)
        timings = []
        rng = random.Random(1)
        start = time.perf_counter()
        while time.perf_counter() - start < seconds:
            text = rng.choice(texts)
            t0 = CLOCK()
            parse(text, index)
            timings.append(CLOCK() - t0)
        row = {"products": size, "build_s": build, **summarise(timings, sum(timings))}
        rows.append(row)
        print(f"{size:>7} products: build {build * 1000:8.0f} ms  {row['msgs_per_s']:7.0f} msg/s  "
              f"median {row['median_ms']:.3f} ms  p99 {row['p99_ms']:.3f} ms", flush=True)
    return rows


def by_coop_count(counts: list[int], texts: list[str], seconds: float, products: int,
                  warm_texts: int = 40) -> dict:
    from bot import nlu, service, store
    tmp = Path(tempfile.mkdtemp(prefix="bghit-scaling-"))
    db = store.connect(tmp / "coops.sqlite3")
    t = time.perf_counter()
    add_synthetic_coops(db, max(counts), products_each=products)
    fill = time.perf_counter() - t
    coops = store.list_coops(db)
    coops.sort(key=lambda c: c["slug"])
    t = time.process_time()
    for coop in coops:
        service.catalog_for(db, coop)
    build = time.process_time() - t
    t = time.process_time()
    rng = random.Random(0)
    for coop in coops:                            # warm every index's fuzzy cache a little
        _, index = service.catalog_for(db, coop)
        for text in rng.sample(texts, min(warm_texts, len(texts))):
            nlu.parse(text, index)
    warm = time.process_time() - t
    print(f"{len(coops)} cooperatives × {products} products: inserted in {fill:.1f} s, "
          f"{len(coops)} indexes built in {build:.1f} s CPU, warmed in {warm:.1f} s", flush=True)
    # The levels take turns in short slices, so a drift of the machine's speed during the
    # run falls on all of them alike instead of on the last ones.
    timings = {n: ([], [], []) for n in counts}
    rngs = {n: random.Random(n) for n in counts}
    slice_s = 0.25
    for _ in range(max(1, round(seconds / slice_s))):
        for n in counts:
            rng, chosen = rngs[n], coops[:n]
            route_t, parse_t, total_t = timings[n]
            start = time.perf_counter()
            while time.perf_counter() - start < slice_s:
                coop = rng.choice(chosen)
                text = rng.choice(texts)
                t0 = CLOCK()
                [routed] = store.coops_for_number(db, "whatsapp", coop["whatsapp_from"])
                t1 = CLOCK()
                _, index = service.catalog_for(db, routed)
                nlu.parse(text, index)
                t2 = CLOCK()
                route_t.append(t1 - t0)
                parse_t.append(t2 - t1)
                total_t.append(t2 - t0)
    rows = []
    for n in counts:
        route_t, parse_t, total_t = timings[n]
        row = {"coops": n, **summarise(parse_t, sum(parse_t)),
               "route_median_ms": statistics.median(route_t) * 1000,
               "total_median_ms": statistics.median(total_t) * 1000,
               "total_p99_ms": pct(sorted(total_t), 99) * 1000}
        rows.append(row)
        print(f"{n:>5} coops: {row['msgs_per_s']:7.0f} msg/s  catalog_for+parse median "
              f"{row['median_ms']:.3f} ms p99 {row['p99_ms']:.3f} ms; routing query median "
              f"{row['route_median_ms']:.3f} ms", flush=True)
    store.close_all()
    import shutil
    shutil.rmtree(tmp, ignore_errors=True)
    return {"rows": rows, "fill_s": fill, "build_s": build, "products_each": products}


def plot(sizes: list[dict], coops: dict, path: Path) -> None:
    plt = pyplot()
    if plt is None:
        return
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4))
    xs = [r["products"] for r in sizes]
    ax1.plot(xs, [r["median_ms"] for r in sizes], "o-", label="median")
    ax1.plot(xs, [r["p99_ms"] for r in sizes], "s--", label="p99")
    ax1.set_xscale("log")
    ax1.set_xlabel("products in the catalog")
    ax1.set_title("parse time vs catalog size")
    xs = [r["coops"] for r in coops["rows"]]
    ax2.plot(xs, [r["median_ms"] for r in coops["rows"]], "o-", label="median")
    ax2.plot(xs, [r["p99_ms"] for r in coops["rows"]], "s--", label="p99")
    ax2.set_xscale("log")
    ax2.set_xlabel("cooperatives (random routing)")
    ax2.set_title("catalog_for + parse vs cooperatives")
    for ax in (ax1, ax2):
        ax.set_ylabel("ms per message")
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
        ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=3.0, help="timed parsing per row")
    ap.add_argument("--sizes", default="20,2000,20000")
    ap.add_argument("--coops", default="1,10,100,1000")
    ap.add_argument("--products", type=int, default=20, help="products per cooperative")
    args = ap.parse_args()
    texts = messages()
    print(f"machine: {machine()}\n{len(texts)} distinct messages")
    sizes = by_catalog_size([int(s) for s in args.sizes.split(",")], texts, args.seconds)
    coops = by_coop_count([int(s) for s in args.coops.split(",")], texts, args.seconds,
                          args.products)
    first, last = coops["rows"][0], coops["rows"][-1]
    growth = last["median_ms"] / first["median_ms"] - 1
    md = ["## Parser scaling\n",
          f"`python bench/scaling.py --seconds {args.seconds:g}` — one process, "
          f"{len(texts)} distinct messages (the NLU dev set + generated orders), picked at "
          f"random; times per message in ms of this thread's CPU time (`time.thread_time`, so "
          f"other processes sharing the cores do not inflate them); msgs/s = 1 / mean.\n",
          "### Catalog size\n",
          md_table(["products", "index build (s)", "msgs/s", "median", "p99"],
                   [[f"{r['products']:,}", f"{r['build_s']:.2f}", f"{r['msgs_per_s']:.0f}",
                     f"{r['median_ms']:.3f}", f"{r['p99_ms']:.3f}"] for r in sizes]), "",
          "### Number of cooperatives\n",
          f"{max(r['coops'] for r in coops['rows']):,} cooperatives × {coops['products_each']} "
          f"products in one SQLite file (all indexes built once: {coops['build_s']:.1f} s CPU); "
          f"each message goes to a random cooperative among the first N: routing query "
          f"(`coops_for_number`), then `service.catalog_for` + `nlu.parse`. The levels take "
          f"turns in 0.25 s slices ({args.seconds:g} s each in all), so the machine's drift "
          f"falls on all of them alike.\n",
          md_table(["cooperatives", "msgs/s", "median", "p99", "routing query median",
                    "route+parse p99"],
                   [[f"{r['coops']:,}", f"{r['msgs_per_s']:.0f}", f"{r['median_ms']:.3f}",
                     f"{r['p99_ms']:.3f}", f"{r['route_median_ms']:.3f}",
                     f"{r['total_p99_ms']:.3f}"] for r in coops["rows"]]), "",
          f"Median parse cost from 1 to {last['coops']:,} cooperatives: "
          f"{growth:+.0%}.\n", "![scaling](scaling.png)\n"]
    write_section("scaling", "\n".join(md), {"machine": machine(), "sizes": sizes,
                                            "coops": coops})
    plot(sizes, coops, OUT / "scaling.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
