"""Profile the webhook in process: ``python bench/profile_webhook.py [--conversations 300]``.

Posts signed Twilio forms through Flask's test client (the whole path: signature check,
``handle_inbound``, SQLite, TwiML) for N whole conversations to confirmed orders on a fresh
database with the demo cooperative, prints CPU ms per message and, with ``--pyinstrument``,
a pyinstrument profile (``--html FILE`` to save it).
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import ACCOUNT_SID, AUTH_TOKEN, COOP_WA, DEMO, SCRIPT, sign  # noqa: E402


def make(tmp: Path, log_level: str = "INFO"):
    from bot import create_app, store
    from bot.cli import import_coop
    app = create_app({"BGHIT_DB": str(tmp / "p.sqlite3"), "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
                      "PUBLIC_URL": "http://bench.local", "RATE_LIMIT_PER_MINUTE": 10**6,
                      "LOG_LEVEL": log_level})
    import_coop(store.connect(app.config["BGHIT_DB"]), DEMO)
    return app


def conversations(client, n: int, start: int = 0) -> int:
    sent = 0
    url = "http://bench.local/webhooks/twilio"
    for i in range(start, start + n):
        phone = f"+2126{i:08d}"
        for text in SCRIPT:
            params = {"From": f"whatsapp:{phone}", "To": COOP_WA, "Body": text,
                      "MessageSid": "SM" + uuid.uuid4().hex, "AccountSid": ACCOUNT_SID,
                      "NumMedia": "0"}
            resp = client.post("/webhooks/twilio", data=params,
                               headers={"X-Twilio-Signature": sign(AUTH_TOKEN, url, params)})
            assert resp.status_code == 200, resp.data
            sent += 1
    return sent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--conversations", type=int, default=300)
    ap.add_argument("--pyinstrument", action="store_true")
    ap.add_argument("--html")
    ap.add_argument("--sections", action="store_true",
                    help="CPU time per section (signature, parse, store…) instead")
    ap.add_argument("--cprofile", action="store_true",
                    help="cProfile on CPU time (robust when other processes share the cores)")
    args = ap.parse_args()
    if args.sections:
        sections(args.conversations)
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="bghit-prof-"))
    app = make(tmp)
    logging.getLogger("bot").handlers[-1].stream = open("/dev/null", "w")  # noqa: SIM115
    client = app.test_client()
    conversations(client, 20, start=10**6)                    # warm caches
    profiler = None
    if args.pyinstrument:
        from pyinstrument import Profiler
        profiler = Profiler(interval=0.0005)
        profiler.start()
    cprof = None
    if args.cprofile:
        import cProfile
        cprof = cProfile.Profile(time.process_time)
        cprof.enable()
    t0, c0 = time.perf_counter(), time.process_time()
    n = conversations(client, args.conversations)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    if cprof:
        import pstats
        cprof.disable()
        pstats.Stats(cprof).sort_stats("cumulative").print_stats(45)
    if profiler:
        profiler.stop()
        if args.html:
            Path(args.html).write_text(profiler.output_html())
        print(profiler.output_text(unicode=False, color=False, show_all=False))
    print(f"{n} messages: {cpu / n * 1000:.2f} ms CPU and {wall / n * 1000:.2f} ms wall per "
          f"message in process ({n / wall:.0f} msg/s on one core)")
    return 0



# --------------------------------------------------------------------------
# Section timer: CPU time (thread_time) spent inside selected functions, inclusive.
# Unlike a sampling profiler it is not skewed by other processes on the machine, and
# unlike cProfile it does not inflate code made of many small calls.
# --------------------------------------------------------------------------

SECTIONS = [
    ("bot.web.twilio_hooks", "inbound"), ("bot.web.twilio_hooks", "require_twilio_signature"),
    ("bot.web.twilio_hooks", "twiml"), ("bot.web.twilio_hooks", "handle_inbound"),
    ("bot.web.twilio_hooks", "get_db"),          # the name the view calls (bot.web.db's)
    ("bot.service", "_step"), ("bot.service", "_commit_step"), ("bot.service", "_log_step"),
    ("bot.service.Inbound", "from_twilio"), ("bot.service", "place_order"),
    ("bot.alerts", "alert_members"), ("bot.store", "create_order"),
    ("bot.service", "split_address"), ("bot.service", "_route"),
    ("bot.service", "_converse"), ("bot.service", "catalog_for"),
    ("bot.conversation", "step"), ("bot.nlu.parser", "parse"),
    ("bot.service", "_apply_actions"), ("bot.service", "_record"),
    ("bot.store", "coops_for_number"), ("bot.store", "hit_rate"),
    ("bot.store", "get_or_create_conversation"),
    ("bot.store", "latest_order"), ("bot.store", "save_conversation"),
    ("bot.store", "inbound_context"), ("bot.service", "courier_cities"),
    ("bot.logs.JsonFormatter", "format"), ("bot.nlu.details", "extract"),
    ("bot.relay", "hours_now"), ("bot.alerts", "short_names"), ("bot.store", "record_exchange"),
]


def sections(n_conversations: int = 200) -> None:
    import importlib
    totals: dict[str, float] = {}

    def wrap(owner, name, label):
        fn = getattr(owner, name)

        def timed(*a, **kw):
            t = time.thread_time()
            try:
                return fn(*a, **kw)
            finally:
                totals[label] = totals.get(label, 0.0) + time.thread_time() - t
        timed.__wrapped__ = fn
        setattr(owner, name, timed)

    tmp = Path(tempfile.mkdtemp(prefix="bghit-prof-"))
    app = make(tmp)
    logging.getLogger("bot").handlers[-1].stream = open("/dev/null", "w")  # noqa: SIM115
    for mod, name in SECTIONS:
        if "." in mod and mod.rsplit(".", 1)[1][:1].isupper():
            owner = getattr(importlib.import_module(mod.rsplit(".", 1)[0]), mod.rsplit(".", 1)[1])
        else:
            owner = importlib.import_module(mod)
        wrap(owner, name, f"{mod.split('.')[-1]}.{name}")
    import bot.conversation as conv
    wrap(conv.nlu, "parse", "conversation→nlu.parse")
    import bot.web.twilio_hooks as wh
    app.view_functions["webhook.inbound"] = wh.inbound
    client = app.test_client()
    conversations(client, 20, start=10**6)
    totals.clear()
    t0 = time.thread_time()
    n = conversations(client, n_conversations)
    total = time.thread_time() - t0
    print(f"{n} messages, {total / n * 1000:.3f} ms CPU per message in all (test client incl.)")
    for label, value in sorted(totals.items(), key=lambda kv: -kv[1]):
        print(f"  {label:<40} {value / n * 1000:7.3f} ms/msg")


if __name__ == "__main__":
    sys.exit(main())
