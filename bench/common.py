"""Shared helpers for the benchmarks: machine description, percentiles, result files,
a free port, gunicorn start/stop, signed Twilio form posts and synthetic cooperatives."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import platform
import random
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "benchmarks"
PY = sys.executable
AUTH_TOKEN = "bench-auth-token-0123456789abcdef"
ACCOUNT_SID = "AC" + "0" * 32
DEMO = ROOT / "coops" / "demo" / "coop.yml"
COOP_WA = "whatsapp:+14155238886"

# One whole conversation to a confirmed order (demo coop, WhatsApp).
SCRIPT = ["salam", "bghit 2 kilo dyal l3sel zaatar", "safi", "Fatima", "casa",
          "Hay Nahda rue 5", "iyeh"]

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def machine() -> str:
    """One line: CPU model, cores, memory, OS, Python."""
    model = "?"
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        for line in open("/proc/meminfo", encoding="utf-8"):
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
                break
    except OSError:
        pass
    return (f"{model}, {os.cpu_count()} cores, {mem} RAM, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}")


def pct(sorted_values: list[float], p: float) -> float:
    """The ``p``-th percentile (0–100) of an already sorted list (nearest rank)."""
    if not sorted_values:
        return float("nan")
    k = min(len(sorted_values) - 1, max(0, int(round(p / 100 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sign(token: str, url: str, params: dict) -> str:
    """Twilio's X-Twilio-Signature (same algorithm as twilio's RequestValidator)."""
    data = url + "".join(k + params[k] for k in sorted(params))
    mac = hmac.new(token.encode(), data.encode("utf-8"), hashlib.sha1)
    return base64.b64encode(mac.digest()).decode()


def write_section(name: str, markdown: str, data: dict | None = None) -> Path:
    """Write ``docs/benchmarks/<name>.md`` (and ``<name>.json``); run_all assembles them."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.md"
    path.write_text(markdown.rstrip() + "\n", encoding="utf-8")
    if data is not None:
        (OUT / f"{name}.json").write_text(json.dumps(data, indent=1, ensure_ascii=False),
                                          encoding="utf-8")
    return path


def md_table(headers: list[str], rows: list[list]) -> str:
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---:" for _ in headers) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


def bot_env(db: Path, port: int, root: Path = ROOT) -> dict:
    """The environment of a benchmarked ``app:app`` on its own SQLite file (rate limit off)."""
    return {"BGHIT_DB": str(db), "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
            "PUBLIC_URL": f"http://127.0.0.1:{port}", "SIMULATOR": "0",
            "BGHIT_RATE_LIMIT_PER_MINUTE": "1000000", "SECRET_KEY": "bench-0123456789",
            "PYTHONPATH": str(root)}


class Gunicorn:
    """``gunicorn -c gunicorn.conf.py <app>`` on 127.0.0.1:<port>, stopped on exit (``root``:
    the checkout served, this one by default)."""

    def __init__(self, app: str, env: dict, port: int | None = None, log: Path | None = None,
                 extra: list[str] | None = None, root: Path = ROOT):
        self.app, self.port, self.root = app, port or free_port(), root
        self.env = {**os.environ, **env}
        self.log = log
        self.extra = extra or []
        self.proc: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        out = open(self.log, "ab") if self.log else subprocess.DEVNULL
        self.proc = subprocess.Popen(
            [str(Path(PY).with_name("gunicorn")), "-c", str(self.root / "gunicorn.conf.py"),
             "--bind", f"127.0.0.1:{self.port}", *self.extra, self.app],
            cwd=self.root, env=self.env, stdout=out, stderr=out, start_new_session=True)
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn {self.app} exited ({self.proc.returncode}); "
                                   f"see {self.log}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError(f"gunicorn {self.app} did not start")
        time.sleep(0.5 if not self.workers() else 0)
        return self

    def workers(self) -> list[int]:
        """The worker processes' pids (children of the master)."""
        try:
            text = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text()
        except OSError:
            return []
        return [int(p) for p in text.split()]

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1])
    return 0


# --------------------------------------------------------------------------
# Synthetic cooperatives
# --------------------------------------------------------------------------

def synthetic_products(n: int, seed: int) -> list[dict]:
    """``n`` products drawn from the parser benchmark's realistic French names."""
    from bench.bench_parser import synthetic_catalog
    pool = synthetic_catalog(400, seed=7)          # every family × qualifier × size, no region
    rng = random.Random(seed)
    picked = rng.sample(pool, min(n, len(pool)))
    return [{**p, "sku": f"S{i:03d}", "price": float(rng.randint(20, 400))}
            for i, p in enumerate(picked)]


def add_synthetic_coops(db, n: int, products_each: int = 20, first: int = 0) -> list[dict]:
    """Insert ``n`` cooperatives (own WhatsApp number each, sandbox courier) with catalogs."""
    from bot import store
    coops = []
    for i in range(first, first + n):
        coop = {"slug": f"coop{i:04d}", "name": f"Coopérative {i:04d}", "code": f"C{i:04d}",
                "whatsapp_from": f"+2125{i:08d}", "sms_from": f"+2126{i:08d}",
                "order_prefix": f"C{i}",
                "settings": {"delivery": {"courier": "manual", "flat_fee": 35,
                                          "free_above": 500},
                             "contact_phone": "0528000000", "require_approval": False,
                             "language": "fr"}}
        store.upsert_coop(db, coop, [], synthetic_products(products_each, seed=i))
        coops.append(coop)
    return coops


def pyplot():
    """matplotlib's pyplot (headless), or None with a hint when it is not installed."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib missing (pip install -r bench/requirements.txt): no plot")
        return None
    return plt
