"""A person answers (issue 18), measured: N customers relayed through the cooperative's number.

    python bench/relay.py                    # 30 customers, ~30 s
    python bench/relay.py --customers 60

Production's processes on 127.0.0.1: ``gunicorn -c gunicorn.conf.py app:app`` on a fresh
SQLite file with the demo cooperative (members Fatima on SMS, Youssef on WhatsApp), the outbox
worker as ``flask --app app worker`` (its 0.5 s poll), and the local fake Twilio
(``tests/fakes/twilio_server.py``) in this process as Twilio's REST API, keeping media
behind its HTTP auth. The customers (WhatsApp) move in step, all of them at once in each
phase (signed webhook posts from a thread each):

1. order up to the summary, then ask for a person (every member is alerted);
2. a member takes each one by answering "@code …" (even customers Fatima, odd Youssef);
3. the customer answers with text, 4. then with a voice note (the member gets our
   ``/m/<token>`` link, which is opened once: it must serve the bytes Twilio keeps);
5. the member ends it ("salina 06…"), 6. the customer confirms the order ("oui").

Latency: from the webhook's 200 (the message accepted) to Twilio accepting the worker's
message to the other side (the fake's clock, the same machine). Duplicates: messages with the
same recipient and body, which must be none. CPU: the gunicorn workers' and the outbox
worker's, from ``/proc/<pid>/stat``. Prints, and writes ``docs/benchmarks/relay.md``/``.json``.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from statistics import median

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (  # noqa: E402
    ACCOUNT_SID,
    AUTH_TOKEN,
    COOP_WA,
    PY,
    ROOT,
    Gunicorn,
    free_port,
    machine,
    md_table,
    pct,
    sign,
    write_section,
)
from bench.load import _proc_cpu, prepare_db  # noqa: E402
from bot import media_links  # noqa: E402
from tests.fakes.twilio_server import FakeTwilio  # noqa: E402

SECRET = "bench-secret-key-0123456789abcdef"
COOP_SMS = "+15005550006"
FATIMA, YOUSSEF = "+212661000001", "+212661000002"
NAMES = ["Amina", "Khadija", "Salma", "Nadia", "Houda", "Imane", "Karima", "Latifa", "Meryem",
         "Naima", "Rachida", "Samira", "Souad", "Zineb", "Hanane", "Asmae", "Hind", "Loubna",
         "Malika", "Najat", "Ouafae", "Siham", "Wafae", "Yasmina", "Fatiha", "Ghizlane",
         "Hayat", "Ilham", "Jamila", "Kenza"]
VOICE = b"OggS\x00\x02" + bytes(range(256)) * 64          # 16 KiB


def phone_of(i: int) -> str:
    return f"+2126000{i:05d}"


def local(phone: str) -> str:
    return "0" + phone[4:]


class Bot:
    """Signed webhook posts to the app, as Twilio makes them; returns when each was accepted."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.local = threading.local()
        self.errors: Counter = Counter()

    def post(self, phone: str, body: str, *, channel: str = "whatsapp", sid: str | None = None,
             **extra: str) -> tuple[float, str]:
        session = getattr(self.local, "session", None) or requests.Session()
        self.local.session = session
        params = {"From": f"whatsapp:{phone}" if channel == "whatsapp" else phone,
                  "To": COOP_WA if channel == "whatsapp" else COOP_SMS, "Body": body,
                  "MessageSid": sid or "SM" + os.urandom(16).hex(), "AccountSid": ACCOUNT_SID,
                  "NumMedia": "0", **extra}
        url = self.base_url + "/webhooks/twilio"
        answer = session.post(url, data=params, timeout=30,
                              headers={"X-Twilio-Signature": sign(AUTH_TOKEN, url, params)})
        accepted = time.time()
        if answer.status_code != 200:
            self.errors[answer.status_code] += 1
        return accepted, answer.text


def wait_for(fake: FakeTwilio, count: int, timeout: float = 60.0, quiet: float = 1.5) -> int:
    """Wait until the fake accepted at least ``count`` messages and then nothing for ``quiet``
    seconds (a duplicate would come in that time); how many it has."""
    deadline, last, seen = time.time() + timeout, time.time(), len(fake.messages)
    while time.time() < deadline:
        time.sleep(0.05)
        now = len(fake.messages)
        if now != seen:
            seen, last = now, time.time()
        elif seen >= count and time.time() - last >= quiet:
            break
    return seen


def sent(fake: FakeTwilio, phone: str, after: float, test) -> dict | None:
    """The first message to ``phone`` accepted after ``after`` that passes ``test``."""
    for m in list(fake.messages):
        if m["To"].rpartition(":")[2] == phone and m["created_epoch"] >= after and test(m):
            return m
    return None


def settle(pids: list[int], timeout: float = 60.0) -> None:
    """Wait until the processes are idle (the worker has imported the app and polls)."""
    deadline, before = time.time() + timeout, -1.0
    while time.time() < deadline:
        now = sum(_proc_cpu(p) for p in pids)
        if now - before < 0.02:
            return
        before = now
        time.sleep(0.5)


def run(customers: int, spread: float) -> dict:
    n = customers
    tmp = Path(tempfile.mkdtemp(prefix="bghit-relay-"))
    db_path = tmp / "bghit.sqlite3"
    prepare_db(db_path)
    lat: dict[str, list[float]] = {k: [] for k in ("alert", "text", "voice", "reply")}
    missing: Counter = Counter()
    with FakeTwilio(ACCOUNT_SID, AUTH_TOKEN) as fake:
        port = free_port()
        env = {"BGHIT_DB": str(db_path), "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
               "TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_API_BASE_URL": fake.base_url,
               "PUBLIC_URL": f"http://127.0.0.1:{port}", "SECRET_KEY": SECRET,
               "BGHIT_RATE_LIMIT_PER_MINUTE": "1000000", "PYTHONPATH": str(ROOT),
               "BGHIT_LOG_LEVEL": "WARNING"}
        with Gunicorn("app:app", env, port=port, log=tmp / "gunicorn.log") as server, \
                open(tmp / "worker.log", "ab") as worker_log:
            worker = subprocess.Popen([str(Path(PY).with_name("flask")), "--app", "app",
                                       "worker"], cwd=ROOT, env={**os.environ, **env},
                                      stdout=worker_log, stderr=worker_log,
                                      start_new_session=True)
            try:
                settle([worker.pid, *server.workers()])
                result = _phases(n, Bot(server.base_url), fake, server, worker, lat, missing,
                                 spread)
            finally:
                worker.terminate()
                worker.wait(15)
    shutil.rmtree(tmp, ignore_errors=True)
    return result


def _phases(n, bot: Bot, fake, server, worker, lat, missing, spread: float) -> dict:
    pool = ThreadPoolExecutor(max_workers=n)
    rng = random.Random(18)

    def each(fn):
        """``fn(i)`` for every customer, each at a random moment within ``spread`` seconds:
        customers do not write in step with the worker's poll."""
        delays = [rng.uniform(0, spread) for _ in range(n)]

        def later(i):
            time.sleep(delays[i])
            return fn(i)
        return list(pool.map(later, range(n)))

    for member in (FATIMA, YOUSSEF):                  # members wrote today: WhatsApp is open
        bot.post(member, "aide", channel="sms" if member == FATIMA else "whatsapp")
    holder = {i: FATIMA if i % 2 == 0 else YOUSSEF for i in range(n)}
    web0 = sum(_proc_cpu(p) for p in server.workers())
    work0 = _proc_cpu(worker.pid)
    webhooks = 2
    t_start = time.time()

    # 1. order to the summary, then ask for a person
    def order(i):
        p = phone_of(i)
        bot.post(p, "bonjour, je veux 2 amlou 250g")
        bot.post(p, "c'est tout")
        bot.post(p, f"{NAMES[i % len(NAMES)]} Alaoui, Rabat, Hay Riad rue {i + 1} numéro 12")
        return bot.post(p, "je veux parler à quelqu'un")[0]
    asked = each(order)
    webhooks += 4 * n
    wait_for(fake, 2 * n)
    codes = {}
    for i, t in enumerate(asked):
        for member in (FATIMA, YOUSSEF):
            m = sent(fake, member, t - 5, lambda m, i=i: local(phone_of(i)) in (m.get("Body")
                                                                               or ""))
            if m is None:
                missing["alert"] += 1
                continue
            lat["alert"].append(m["created_epoch"] - t)
            found = re.search(r"@(\d+)", m["Body"])
            if found:
                codes[i] = int(found.group(1))

    # 2. the member takes it by answering
    def answer(i):
        member = holder[i]
        return bot.post(member, f"@{codes[i]} Salam, hna l coopérative. Chno bghiti tbeddel?",
                        channel="sms" if member == FATIMA else "whatsapp")[0]
    base = len(fake.messages)
    answered = each(answer)
    webhooks += n
    wait_for(fake, base + 2 * n)
    for i, t in enumerate(answered):
        m = sent(fake, phone_of(i), t - 5, lambda m: "hna l coopérative" in (m.get("Body") or ""))
        if m is None:
            missing["reply"] += 1
        else:
            lat["reply"].append(m["created_epoch"] - t)

    def to_member(kind, i, t):
        test = (lambda m: f"@{codes[i]} " in (m.get("Body") or "")
                and "nbeddel chi haja" in m["Body"]) if kind == "text" else \
            (lambda m: token_prefix(i) in (m.get("Body") or "") + (m.get("MediaUrl") or ""))
        m = sent(fake, holder[i], t - 5, test)
        if m is None:
            missing[kind] += 1
            return None
        lat[kind].append(m["created_epoch"] - t)
        return m

    # 3. the customer answers with text
    base = len(fake.messages)
    said = each(lambda i: bot.post(phone_of(i), "wakha, bghit nbeddel chi haja")[0])
    webhooks += n
    wait_for(fake, base + n)
    for i, t in enumerate(said):
        to_member("text", i, t)

    # 4. then with a voice note; the member's link opens to the bytes Twilio keeps
    urls = [fake.add_media(VOICE, "audio/ogg") for _ in range(n)]
    base = len(fake.messages)
    spoke = each(lambda i: bot.post(phone_of(i), "", sid=voice_sid(i), NumMedia="1",
                                    MediaUrl0=urls[i], MediaContentType0="audio/ogg")[0])
    webhooks += n
    wait_for(fake, base + n)
    opened = 0
    for i, t in enumerate(spoke):
        m = to_member("voice", i, t)
        link = re.search(r"http://\S+/m/\S+", (m or {}).get("Body") or "") or \
            re.search(r"http://\S+/m/\S+", (m or {}).get("MediaUrl") or "")
        if link:
            got = requests.get(link.group(0), timeout=30)
            opened += got.status_code == 200 and got.content == VOICE

    # 5. the member ends it; 6. the customer confirms the order
    base = len(fake.messages)
    each(lambda i: bot.post(holder[i], f"salina {local(phone_of(i))}",
                            channel="sms" if holder[i] == FATIMA else "whatsapp"))
    wait_for(fake, base + n)
    base = len(fake.messages)
    placed = each(lambda i: "T-" in bot.post(phone_of(i), "oui")[1])
    webhooks += 2 * n
    total = wait_for(fake, base + 2 * n)
    elapsed = time.time() - t_start
    web_cpu = sum(_proc_cpu(p) for p in server.workers()) - web0
    work_cpu = _proc_cpu(worker.pid) - work0
    pool.shutdown()

    bodies = Counter((m["To"], m.get("Body") or m.get("ContentSid") or m.get("MediaUrl"))
                     for m in fake.messages)
    relayed_in = len(lat["alert"]) + len(lat["text"]) + len(lat["voice"])
    return {"customers": n, "webhooks": webhooks, "messages_sent": total,
            "relayed_to_members": relayed_in, "relayed_to_customers": len(lat["reply"]),
            "missing": dict(missing), "duplicates": sum(c - 1 for c in bodies.values() if c > 1),
            "links_opened": opened, "orders_placed": sum(placed), "errors": dict(bot.errors),
            "seconds": elapsed, "web_cpu_s": web_cpu, "worker_cpu_s": work_cpu,
            "latency": {k: sorted(v) for k, v in lat.items()}}


def voice_sid(i: int) -> str:
    return "MM" + f"{i:032x}"


def token_prefix(i: int) -> str:
    """A link's token starts with its message's SID (24 characters of it)."""
    token = media_links.make_token(SECRET, voice_sid(i), 0, datetime(2100, 1, 1, tzinfo=UTC))
    return str(token)[:24]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--customers", type=int, default=30)
    ap.add_argument("--spread", type=float, default=2.0,
                    help="seconds over which each phase's messages are sent (at random)")
    ap.add_argument("--name", default="relay", help="output file name in docs/benchmarks/")
    args = ap.parse_args()
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.2f}")
    r = run(args.customers, args.spread)
    ms = {k: [x * 1000 for x in v] for k, v in r["latency"].items()}
    member_side = sorted(ms["alert"] + ms["text"] + ms["voice"])
    rows = [[label, len(v), f"{median(v):.0f}" if v else "-", f"{pct(v, 95):.0f}" if v else "-",
             f"{v[-1]:.0f}" if v else "-"]
            for label, v in (("customer → member alert", ms["alert"]),
                             ("customer text → member", ms["text"]),
                             ("customer voice note → member (link)", ms["voice"]),
                             ("all customer → member", member_side),
                             ("member reply → customer", ms["reply"]))]
    relays = r["relayed_to_members"] + r["relayed_to_customers"]
    cpu = (r["web_cpu_s"] + r["worker_cpu_s"]) / max(relays, 1) * 1000
    table = md_table(["", "messages", "median ms", "p95 ms", "max ms"], rows)
    summary = (f"{r['customers']} customers, {r['webhooks']} webhook posts in "
               f"{r['seconds']:.1f} s; {r['messages_sent']} messages sent through the fake "
               f"Twilio: {r['relayed_to_members']} relayed to members (alerts {len(ms['alert'])}, "
               f"texts {len(ms['text'])}, voice notes {len(ms['voice'])}), "
               f"{r['relayed_to_customers']} relayed to customers; missing {r['missing'] or 0}; "
               f"**duplicates {r['duplicates']}**; voice-note links opened "
               f"{r['links_opened']}/{r['customers']}; orders placed {r['orders_placed']}; "
               f"webhook errors {r['errors'] or 0}.")
    cpu_line = (f"CPU: gunicorn workers {r['web_cpu_s']:.2f} s "
                f"({r['web_cpu_s'] / r['webhooks'] * 1000:.1f} ms per webhook post), outbox "
                f"worker {r['worker_cpu_s']:.2f} s "
                f"({r['worker_cpu_s'] / max(r['messages_sent'], 1) * 1000:.1f} ms per message "
                f"sent); both together {cpu:.1f} ms per relayed message (every webhook and "
                f"send of the run counted, ordering included).")
    print(summary)
    print(table)
    print(cpu_line)
    write_section(args.name, "\n".join([
        "## A person answers: the relay\n",
        f"`python bench/relay.py --customers {args.customers} --spread {args.spread:g}` — "
        f"{machine()}; each phase's messages sent at random moments within "
        f"{args.spread:g} s. gunicorn "
        "(`gunicorn.conf.py`), `flask worker` (0.5 s poll), the fake Twilio; latency from the "
        "webhook's 200 to Twilio accepting the worker's message.\n",
        summary + "\n", table + "\n", cpu_line]),
        {k: v for k, v in r.items() if k != "latency"} | {"latency_ms": ms})
    ok = not r["duplicates"] and not r["missing"] and r["links_opened"] == r["customers"] \
        and r["orders_placed"] == r["customers"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
