"""Memory: ``python bench/memory.py [--coops 1000]``.

Resident memory (VmRSS) of one gunicorn worker (``gunicorn.conf.py``, ``WEB_CONCURRENCY=1``)
serving a database of N synthetic cooperatives (~20 products each, own WhatsApp number each):
after start-up, then after one signed message to every cooperative (so every cooperative's
catalog index is built and cached by ``service.catalog_for``), then after a second round.
Writes ``docs/benchmarks/memory.md``/``.json``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (  # noqa: E402
    ACCOUNT_SID,
    AUTH_TOKEN,
    ROOT,
    Gunicorn,
    add_synthetic_coops,
    free_port,
    machine,
    md_table,
    rss_kib,
    sign,
    write_section,
)


def one_round(session, base_url: str, coops: list[dict], round_no: int) -> int:
    url = base_url + "/webhooks/twilio"
    ok = 0
    for i, coop in enumerate(coops):
        params = {"From": f"whatsapp:+2126{round_no:02d}{i:06d}",
                  "To": f"whatsapp:{coop['whatsapp_from']}", "Body": "bghit 2 kilo l3sel",
                  "MessageSid": "SM" + uuid.uuid4().hex, "AccountSid": ACCOUNT_SID,
                  "NumMedia": "0"}
        resp = session.post(url, data=params,
                            headers={"X-Twilio-Signature": sign(AUTH_TOKEN, url, params)},
                            timeout=30)
        ok += resp.status_code == 200
    return ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--coops", type=int, default=1000)
    ap.add_argument("--products", type=int, default=20)
    args = ap.parse_args()
    import requests

    from bot import store
    tmp = Path(tempfile.mkdtemp(prefix="bghit-memory-"))
    db_path = tmp / "coops.sqlite3"
    db = store.connect(db_path)
    coops = add_synthetic_coops(db, args.coops, products_each=args.products)
    store.close_all()
    port = free_port()
    env = {"BGHIT_DB": str(db_path), "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
           "PUBLIC_URL": f"http://127.0.0.1:{port}", "WEB_CONCURRENCY": "1",
           "BGHIT_RATE_LIMIT_PER_MINUTE": "1000000", "PYTHONPATH": str(ROOT)}
    print(f"machine: {machine()}")
    rows = []
    with Gunicorn("app:app", env, port=port, log=tmp / "gunicorn.log") as server:
        time.sleep(1.0)
        [worker] = server.workers()
        session = requests.Session()
        session.post(server.base_url + "/webhooks/twilio")          # import lazy modules
        rows.append(("after start-up (0 indexes)", rss_kib(worker)))
        for round_no in (1, 2):
            t = time.perf_counter()
            ok = one_round(session, server.base_url, coops, round_no)
            label = (f"after 1 message to each of {args.coops:,} cooperatives"
                     if round_no == 1 else "after a second round")
            rows.append((label, rss_kib(worker)))
            print(f"{label}: {ok}/{len(coops)} OK in {time.perf_counter() - t:.1f} s, "
                  f"RSS {rows[-1][1] / 1024:.1f} MiB", flush=True)
        master = rss_kib(server.proc.pid)
    per_coop = (rows[1][1] - rows[0][1]) / args.coops
    md = ["## Memory\n",
          f"`python bench/memory.py --coops {args.coops}` — one gunicorn worker "
          f"(`gunicorn.conf.py`, `WEB_CONCURRENCY=1`), {args.coops:,} cooperatives × "
          f"{args.products} products; RSS of the worker process (`/proc/<pid>/status` VmRSS).\n",
          md_table(["", "worker RSS (MiB)"], [[label, f"{kib / 1024:.1f}"] for label, kib in rows]),
          "", f"≈ {per_coop:.0f} KiB per cooperative with its catalog index cached; "
          f"gunicorn master: {master / 1024:.1f} MiB.\n"]
    write_section("memory", "\n".join(md), {"machine": machine(), "rows": rows,
                                           "per_coop_kib": per_coop, "master_kib": master})
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
