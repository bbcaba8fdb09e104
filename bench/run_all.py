"""Run every benchmark and assemble ``docs/benchmarks/results.md``.

    pip install -r bench/requirements.txt
    python bench/run_all.py            # ~6 minutes on 2 cores
    python bench/run_all.py --only load,scaling

Each script also runs alone (``python bench/load.py --help``) and writes its own section
(``docs/benchmarks/<name>.md``, ``.json``, ``.png``); this concatenates the sections present.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import OUT, PY, ROOT, machine  # noqa: E402

SCRIPTS = {"load": "bench/load.py", "scaling": "bench/scaling.py",
           "storage": "bench/storage.py", "memory": "bench/memory.py"}


def assemble() -> Path:
    parts = ["# Bghit benchmarks\n",
             f"Machine: {machine()} (`nproc` = {os.cpu_count()}); "
             f"{platform.platform()}. Assembled {datetime.date.today().isoformat()} by "
             f"`python bench/run_all.py`; see `bench/README.md`.\n"]
    for name in ("summary", *SCRIPTS):          # summary.md: written by hand after a run
        path = OUT / f"{name}.md"
        if path.exists():
            parts.append(path.read_text(encoding="utf-8"))
    out = OUT / "results.md"
    out.write_text("\n".join(parts), encoding="utf-8")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default=",".join(SCRIPTS))
    ap.add_argument("--assemble-only", action="store_true")
    args = ap.parse_args()
    status = 0
    if not args.assemble_only:
        for name in args.only.split(","):
            print(f"== {name} ==", flush=True)
            rc = subprocess.run([PY, SCRIPTS[name]], cwd=ROOT).returncode
            status = status or rc
    print(f"wrote {assemble()}")
    return status


if __name__ == "__main__":
    sys.exit(main())
