"""Parser benchmark: ``python bench/bench_parser.py [--seconds 2]``.

Builds synthetic catalogs of 20, 200 and 2,000 products (cooperative-style French names
with sizes, some aliases), then prints, for each, the index build time and the parse
throughput (messages per second) with median and p99 parse time, on one CPU core.
Messages are the labelled development set's texts plus generated orders.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.nlu import build_index, parse  # noqa: E402
from bot.nlu.parser import get_index  # noqa: E402

FAMILIES = [
    ("Miel", ["de thym", "d'euphorbe", "de fleur d'oranger", "de jujubier", "de caroube",
              "d'eucalyptus", "de lavande", "de romarin", "toutes fleurs", "de montagne"],
     "g", [250, 500, 1000]),
    ("Huile d'argan", ["alimentaire", "cosmétique", "torréfiée", "bio", "vierge"], "ml",
     [50, 100, 250, 500]),
    ("Huile d'olive", ["extra vierge", "beldi", "bio"], "l", [0.5, 1, 5]),
    ("Amlou", ["aux amandes", "aux cacahuètes", "aux noix", "au miel"], "g", [250, 500]),
    ("Safran", ["de Taliouine", "en filaments", "pistils"], "g", [1, 2, 5]),
    ("Savon noir", ["à l'eucalyptus", "à la rose", "nature", "au ghassoul"], "g", [200, 500]),
    ("Couscous", ["d'orge", "de blé complet", "de maïs", "aux herbes"], "kg", [1, 2]),
    ("Dattes", ["Medjool", "Boufeggous", "Jihel", "Najda"], "g", [500, 1000]),
    ("Eau", ["de rose", "de fleur d'oranger"], "ml", [250, 500]),
    ("Ghassoul", ["nature", "aux plantes", "à la rose"], "g", [200, 500]),
]
REGIONS = ["Atlas", "Souss", "Tafilalet", "Rif", "Dadès", "Draa", "Zagora", "Azilal", "Imouzzer",
           "Tiznit", "Ourika", "Siroua", "Saghro", "Bouarfa", "Ifrane", "Taza", "Figuig", "Midelt",
           "Ksar", "Oasis", "Nomade", "Tamri", "Aoulouz", "Igherm", "Tata", "Assa", "Akka"]
GENERATED = ["bghit 2 kilo l3sel zaatar", "3tini jouj amlou", "bch7al zit argan",
             "بغيت جوج كيلو عسل الزعيترة", "je voudrais 2 pots de miel de lavande 500g",
             "kilo w nss dyal l3sel daghmous w nss kilo amlou l casa", "salam", "wakha",
             "I want 2 bottles of olive oil", "bghit zit lhendiya", "fin wslat lcommande",
             "bghit dattes medjool 1kg w couscous d'orge 2kg", "bla amlou", "3"]


def synthetic_catalog(n: int, seed: int = 7) -> list[dict]:
    """``n`` plausible products (names repeat across regions once the mix runs out)."""
    rng = random.Random(seed)
    products = []
    combos = [(f, q, unit, size) for f, qs, unit, sizes in FAMILIES for q in qs for size in sizes]
    i = 0
    while len(products) < n:
        family, qualifier, unit, size = combos[i % len(combos)]
        region = "" if i < len(combos) else " " + REGIONS[(i // len(combos)) % len(REGIONS)]
        label = f"{int(size) if float(size).is_integer() else size}{unit}"
        if unit == "g" and size >= 1000:
            unit, size, label = "kg", size / 1000, f"{int(size / 1000)}kg"
        products.append({
            "sku": f"P{i:05d}", "name": f"{family} {qualifier}{region} {label}",
            "price": rng.randint(20, 400), "unit": unit, "size": float(size),
            "aliases": ["l3sel beldi"] if family == "Miel" and rng.random() < 0.2 else [],
            "in_stock": True,
        })
        i += 1
    return products


def messages() -> list[str]:
    path = ROOT / "tests" / "data" / "nlu_dev.jsonl"
    texts = list(GENERATED)
    if path.exists():
        texts += [json.loads(line)["text"] for line in path.open(encoding="utf-8") if line.strip()]
    return texts


def bench(size: int, texts: list[str], seconds: float) -> dict:
    catalog = synthetic_catalog(size)
    builds = []
    for _ in range(5):
        start = time.perf_counter()
        build_index(catalog)
        builds.append(time.perf_counter() - start)
    index = get_index(catalog)  # also warms the list → index cache
    for text in texts:  # warm caches (fuzzy matches, lookup keys)
        parse(text, catalog)
    timings = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        for text in texts:
            start = time.perf_counter()
            parse(text, catalog)
            timings.append(time.perf_counter() - start)
    timings.sort()
    total = sum(timings)
    return {
        "products": len(index),
        "build_ms": min(builds) * 1000,
        "msgs_per_s": len(timings) / total,
        "median_ms": statistics.median(timings) * 1000,
        "p99_ms": timings[int(len(timings) * 0.99)] * 1000,
        "n": len(timings),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="parse time per catalog size")
    parser.add_argument("--sizes", default="20,200,2000")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    texts = messages()
    print(f"{len(texts)} distinct messages; parse(text, product_list) with the index cache")
    print(f"{'products':>9} {'index build':>12} {'msgs/s':>9} {'median':>9} {'p99':>9}")
    for size in (int(s) for s in args.sizes.split(",")):
        r = bench(size, texts, args.seconds)
        print(f"{r['products']:>9} {r['build_ms']:>10.1f}ms {r['msgs_per_s']:>9.0f} "
              f"{r['median_ms']:>7.3f}ms {r['p99_ms']:>7.3f}ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
