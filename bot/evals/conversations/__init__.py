"""Whole conversations, scored: does a customer who writes the way customers write get the
order they meant, and only that one?

``python -m bot.evals.conversations [--split heldout|tuned|all] [--show-failures] [--json]``

The corpus is YAML under ``tests/data/conversations/``: ``coops.yml`` names the cooperatives
(a catalog and its delivery fee rules each), every other file holds scripted conversations.
Each script is fixed — written as a customer would answer a sensible shopkeeper, not adapted
to the bot's replies — and says what a good shopkeeper would conclude: one order (lines, city,
name, total) or none. Every 4th conversation of each file is held out, by position.

Each conversation is played with its own customer number through the real app (a temporary
SQLite file, the app factory, the signed Twilio webhook over HTTP on 127.0.0.1) with a clock
that starts at the same moment for every conversation and moves one minute per message; the
orders stored in the database are then compared with the expected one.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import tempfile
import threading
import unicodedata
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import yaml

from ... import datafiles

ROOT = datafiles.ROOT
CORPUS = ROOT / "tests" / "data" / "conversations"
LANGS = ("ary-Arab", "ary-Latn", "fr", "en", "mix")
SPLITS = ("tuned", "heldout")
START = datetime(2026, 3, 10, 10, 0, tzinfo=timezone(timedelta(hours=1)))   # a Tuesday morning
AUTH_TOKEN = "eval-conversations-token"
ACCOUNT_SID = "AC" + "e" * 32


class CorpusError(ValueError):
    """A corpus file is malformed or contradicts itself (unknown SKU, wrong total…)."""


# --------------------------------------------------------------------------
# The corpus
# --------------------------------------------------------------------------

@dataclass
class Coop:
    key: str                    # the name conversations use: demo, souk…
    data: dict                  # the cooperative mapping, as a coop.yml holds it
    base_dir: Path
    prices: dict = field(default_factory=dict)   # sku → price
    flat_fee: float = 0.0
    free_above: float | None = None

    def fee(self, subtotal: float) -> float:
        if self.free_above is not None and subtotal >= self.free_above:
            return 0.0
        return self.flat_fee


@dataclass
class Conversation:
    id: str
    file: str
    position: int
    split: str
    lang: str
    catalog: str
    channel: str
    phone: str
    messages: list              # str, or {"pin": [lat, lon], "address": "…"}
    order: dict | None          # {"lines": {sku: qty}, "city", "name", "total"} or None
    reason: str | None          # why no order: walk-away, cancel, question…
    product_at: int = 1         # 1-based: the first customer message naming a product
    min_turns: int | None = None  # the fewest messages a shopkeeper needs, product to yes
    note: str = ""

    @property
    def one_product(self) -> bool:
        return bool(self.order and len(self.order["lines"]) == 1)

    @property
    def upfront(self) -> bool:
        """Product and delivery details in one message: a shopkeeper needs only the yes."""
        return self.min_turns is not None and self.min_turns <= 2


def load_coops(corpus: Path = CORPUS) -> dict[str, Coop]:
    from ...coops import load_coop_file, parse_coop

    raw = yaml.safe_load((corpus / "coops.yml").read_text(encoding="utf-8")) or {}
    coops = {}
    for key, spec in raw.items():
        if "file" in spec:
            path = (corpus / spec["file"]).resolve()
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            base = path.parent
            parsed = load_coop_file(path)
        else:
            data, base = dict(spec), corpus
            parsed = parse_coop(dict(spec), corpus, f"coops.yml:{key}")
        delivery = parsed["coop"]["settings"]["delivery"]       # parse_coop fills the defaults
        free = delivery.get("free_above")
        prices = {p["sku"]: float(p["price"]) for p in parsed["products"]}
        coops[key] = Coop(key, data, base, prices, float(delivery.get("flat_fee") or 0),
                          None if free is None else float(free))
    return coops


def _phone(raw, where: str) -> str:
    from ...phones import PhoneError, to_e164
    try:
        return to_e164(str(raw))
    except PhoneError as exc:
        raise CorpusError(f"{where}: {exc}") from None


def _order(spec, coop: Coop, where: str) -> dict:
    if not isinstance(spec, dict) or set(spec) != {"lines", "city", "name", "total"}:
        raise CorpusError(f"{where}: order needs exactly lines, city, name, total")
    lines = spec["lines"]
    if not isinstance(lines, dict) or not lines:
        raise CorpusError(f"{where}: lines must map SKU to quantity")
    for sku, qty in lines.items():
        if sku not in coop.prices:
            raise CorpusError(f"{where}: {sku} is not in the {coop.key} catalog")
        if not isinstance(qty, int) or qty < 1:
            raise CorpusError(f"{where}: quantity of {sku} must be a positive whole number")
    subtotal = sum(coop.prices[sku] * qty for sku, qty in lines.items())
    total = subtotal + coop.fee(subtotal)
    if abs(float(spec["total"]) - total) > 0.005:
        raise CorpusError(f"{where}: total {spec['total']} but the lines cost {subtotal:g} "
                          f"+ {coop.fee(subtotal):g} delivery = {total:g}")
    return {"lines": dict(lines), "city": str(spec["city"]), "name": str(spec["name"]),
            "total": float(spec["total"])}


def _messages(raw, where: str) -> list:
    if not isinstance(raw, list) or not raw:
        raise CorpusError(f"{where}: messages must be a non-empty list")
    out: list[str | dict] = []
    for m in raw:
        if isinstance(m, dict) and "pin" in m:
            lat, lon = m["pin"]
            out.append({"pin": [float(lat), float(lon)], "address": m.get("address")})
        elif isinstance(m, (str, int, float)) and str(m).strip():
            out.append(str(m))
        else:
            raise CorpusError(f"{where}: a message is a text or a {{pin: [lat, lon]}}")
    return out


def load_corpus(corpus: Path = CORPUS, coops: dict[str, Coop] | None = None) -> list[Conversation]:
    """Every conversation, checked: unique ids and numbers, known SKUs, totals that add up."""
    coops = coops if coops is not None else load_coops(corpus)
    convs: list[Conversation] = []
    problems: list[str] = []
    ids: set[str] = set()
    phones: set[tuple[str, str]] = set()
    for path in sorted(corpus.glob("*.yml")):
        if path.name == "coops.yml":
            continue
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        defaults = doc.get("defaults") or {}
        for pos, item in enumerate(doc.get("conversations") or []):
            try:
                convs.append(_conversation(path, pos, {**defaults, **item}, coops, ids, phones))
            except CorpusError as exc:
                problems.append(str(exc))
    if problems:
        raise CorpusError("\n".join(problems))
    return convs


def _conversation(path: Path, pos: int, spec: dict, coops: dict[str, Coop], ids: set,
                  phones: set) -> Conversation:
    cid = str(spec.get("id") or "")
    where = f"{path.name}:{cid or pos + 1}"
    if not cid or cid in ids:
        raise CorpusError(f"{where}: every conversation needs a unique id")
    ids.add(cid)
    split = SPLITS[1] if pos % 4 == 3 else SPLITS[0]
    if spec.get("split") not in (None, split):
        raise CorpusError(f"{where}: split is assigned by position ({split})")
    lang = spec.get("lang")
    if lang not in LANGS:
        raise CorpusError(f"{where}: lang must be one of {', '.join(LANGS)}")
    catalog = spec.get("catalog")
    coop = coops.get(catalog) if isinstance(catalog, str) else None
    if coop is None:
        raise CorpusError(f"{where}: unknown catalog {spec.get('catalog')!r}")
    channel = spec.get("channel", "whatsapp")
    if channel not in ("whatsapp", "sms"):
        raise CorpusError(f"{where}: channel is whatsapp or sms")
    phone = _phone(spec.get("phone"), where)
    if (coop.key, phone) in phones:
        raise CorpusError(f"{where}: phone {phone} already used with {coop.key}")
    phones.add((coop.key, phone))
    messages = _messages(spec.get("messages"), where)
    has_order, reason = "order" in spec, spec.get("no_order")
    if has_order == bool(reason):
        raise CorpusError(f"{where}: give either an order or no_order: <reason>")
    order = _order(spec["order"], coop, where) if has_order else None
    product_at = int(spec.get("product_at", 1))
    if not 1 <= product_at <= len(messages):
        raise CorpusError(f"{where}: product_at is outside the messages")
    min_turns = spec.get("min_turns")
    if order is not None and not (isinstance(min_turns, int) and 2 <= min_turns):
        raise CorpusError(f"{where}: an order needs min_turns (2 or more)")
    return Conversation(cid, path.name, pos, split, lang, coop.key, channel, phone,
                        messages, order, reason, product_at, min_turns,
                        str(spec.get("note") or ""))


# --------------------------------------------------------------------------
# Playing the conversations
# --------------------------------------------------------------------------

@dataclass
class Played:
    conv: Conversation
    transcript: list = field(default_factory=list)    # (customer message, [bot replies])
    orders: list = field(default_factory=list)        # stored orders, oldest first
    confirmed_at: int | None = None                   # 1-based message after which one was stored
    errors: list = field(default_factory=list)        # what differs from the expectation
    verdict: str = ""       # right | wrong_order | missing | unwanted | error

    @property
    def right(self) -> bool:
        return self.verdict == "right"

    @property
    def wrong_placed(self) -> bool:
        return self.verdict in ("wrong_order", "unwanted")

    @property
    def wrong_fields(self) -> set[str]:
        """What a wrong order placed got wrong: lines, city, name, total, extra (a second
        order) or unwanted (an order when none was expected)."""
        if self.verdict == "unwanted":
            return {"unwanted"}
        if self.verdict != "wrong_order":
            return set()
        return {e.split()[0] if e.split()[0] in ("lines", "city", "name", "total") else "extra"
                for e in self.errors}

    @property
    def turns(self) -> int | None:
        if self.confirmed_at is None:
            return None
        return self.confirmed_at - self.conv.product_at + 1


def _fold(text) -> str:
    text = unicodedata.normalize("NFKD", str(text or "")).casefold()
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.replace("-", " ").split())


_TITLES = {"mme", "madame", "mlle", "mademoiselle", "m.", "monsieur", "mr", "mr.", "mrs", "mrs.",
           "ms", "ms.", "miss"}


def _name_key(name) -> str:
    """A name as a courier reads it: folded, without a leading courtesy title (Mme, Mr…).
    Moroccan forms of address (Si, Lalla, Hajja, Moulay) stay: they are part of the name."""
    words = _fold(name).split()
    while len(words) > 1 and words[0] in _TITLES:
        words = words[1:]
    return " ".join(words)


def compare(expected: dict, order: dict) -> list[str]:
    """What differs between an expected order and a stored one (empty: exact)."""
    diffs = []
    lines: dict[str, int] = {}
    for line in order["lines"]:
        lines[line["sku"]] = lines.get(line["sku"], 0) + line["quantity"]
    if lines != expected["lines"]:
        diffs.append(f"lines {lines} instead of {expected['lines']}")
    if _fold(order["city"]) != _fold(expected["city"]):
        diffs.append(f"city {order['city']!r} instead of {expected['city']!r}")
    if _name_key(order["name"]) != _name_key(expected["name"]):
        diffs.append(f"name {order['name']!r} instead of {expected['name']!r}")
    if abs(float(order["total"]) - expected["total"]) > 0.005:
        diffs.append(f"total {order['total']:g} instead of {expected['total']:g}")
    return diffs


def score(played: Played) -> Played:
    """Set ``verdict`` and ``errors`` from the stored orders."""
    expected, orders = played.conv.order, played.orders
    if played.verdict == "error":
        return played
    if expected is None:
        played.verdict = "unwanted" if orders else "right"
        played.errors = [f"order {o['number']} placed: {_describe(o)}" for o in orders]
        return played
    if not orders:
        played.verdict = "missing"
        played.errors = ["no order placed"]
        return played
    diffs = [d for o in orders for d in compare(expected, o)]
    if len(orders) > 1:
        diffs.append(f"{len(orders)} orders placed instead of one")
    played.verdict = "wrong_order" if diffs else "right"
    played.errors = diffs
    return played


def _describe(order: dict) -> str:
    lines = ", ".join(f"{line['quantity']}×{line['sku']}" for line in order["lines"])
    return f"{lines}; {order['name']}, {order['city']}, total {order['total']:g}"


class _Server:
    """The app on a free 127.0.0.1 port (werkzeug, one thread per request)."""

    def __init__(self, app):
        from werkzeug.serving import WSGIRequestHandler, make_server

        class Quiet(WSGIRequestHandler):
            def log(self, *args, **kwargs):
                pass

        self.httpd = make_server("127.0.0.1", 0, app, threaded=True, request_handler=Quiet)
        self.base_url = f"http://127.0.0.1:{self.httpd.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=2)


class _Clock:
    """The moment the webhook's messages are handled at: set by the player before each post."""

    def __init__(self):
        self.now = START


@contextmanager
def _clocked_webhook(clock: _Clock) -> Iterator[None]:
    """Hand the webhook's message pipeline the controlled clock instead of the wall clock."""
    from ...web import twilio_hooks as webhook

    real = webhook.handle_inbound

    def handle(db, msg, settings, now=None):
        return real(db, msg, settings, now=now or clock.now)

    webhook.handle_inbound = handle
    try:
        yield
    finally:
        webhook.handle_inbound = real


@contextmanager
def _quiet_logs() -> Iterator[None]:
    """No log line per message while playing (the app's own level is restored afterwards)."""
    logger = logging.getLogger("bot")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


class Player:
    """A temporary database and app with the corpus's cooperatives, serving the webhook."""

    def __init__(self, coops: dict[str, Coop], workdir: Path):
        import requests

        from ... import create_app, store
        from ...coops import parse_coop

        self.store = store
        self.db_path = workdir / "eval.sqlite3"
        self.app = create_app({
            "TESTING": True, "BGHIT_DB": str(self.db_path), "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
            "TWILIO_ACCOUNT_SID": "", "PUBLIC_URL": "", "ADMIN_TOKEN": uuid.uuid4().hex,
            "SECRET_KEY": uuid.uuid4().hex, "RATE_LIMIT_PER_MINUTE": 1000,
            "SIMULATOR": "off"})
        self.db = store.connect(self.db_path)
        self.coops = coops
        self.numbers = {}
        for coop in coops.values():
            parsed = parse_coop(dict(coop.data), coop.base_dir, coop.key)
            store.upsert_coop(self.db, parsed["coop"], parsed["members"], parsed["products"])
            self.numbers[coop.key] = {"whatsapp": parsed["coop"]["whatsapp_from"],
                                      "sms": parsed["coop"]["sms_from"],
                                      "slug": parsed["coop"]["slug"]}
        self.session = requests.Session()
        self.clock = _Clock()

    def _post(self, base_url: str, params: dict) -> list[str]:
        import html
        import re

        from twilio.request_validator import RequestValidator

        url = base_url + "/webhooks/twilio"
        sig = RequestValidator(AUTH_TOKEN).compute_signature(url, params)
        resp = self.session.post(url, data=params, headers={"X-Twilio-Signature": sig}, timeout=30)
        if resp.status_code != 200:
            raise RuntimeError(f"webhook answered {resp.status_code}: {resp.text[:200]}")
        return [html.unescape(m) for m in re.findall(r"<Message>(.*?)</Message>", resp.text, re.S)]

    def play(self, conv: Conversation, base_url: str) -> Played:
        numbers = self.numbers[conv.catalog]
        to = numbers[conv.channel]
        if conv.channel == "whatsapp":
            from_addr, to_addr = f"whatsapp:{conv.phone}", f"whatsapp:{to}"
        else:
            from_addr, to_addr = conv.phone, to
        played = Played(conv)
        for i, message in enumerate(conv.messages, start=1):
            self.clock.now = START + timedelta(minutes=i)
            params = {"From": from_addr, "To": to_addr, "MessageSid": f"SM{uuid.uuid4().hex}",
                      "AccountSid": ACCOUNT_SID, "NumMedia": "0"}
            if isinstance(message, dict):
                params.update({"Body": "", "Latitude": str(message["pin"][0]),
                               "Longitude": str(message["pin"][1])})
                if message.get("address"):
                    params["Address"] = message["address"]
                shown = f"📍 {message['pin'][0]},{message['pin'][1]} {message.get('address') or ''}"
            else:
                params["Body"] = message
                shown = message
            try:
                replies = self._post(base_url, params)
            except Exception as exc:          # noqa: BLE001 - reported as the conversation's error
                played.transcript.append((shown, [f"!! {exc}"]))
                played.verdict, played.errors = "error", [str(exc)]
                break
            played.transcript.append((shown, replies))
            if played.confirmed_at is None and self._orders(conv):
                played.confirmed_at = i
        played.orders = self._orders(conv)
        return score(played)

    def _orders(self, conv: Conversation) -> list[dict]:
        return [{"number": o["number"], "name": o["customer_name"], "city": o["city"],
                 "total": o["total"], "status": o["status"], "lines": o["lines"]}
                for o in self.store.orders_of_customer(self.db, self.numbers[conv.catalog]["slug"],
                                                       conv.phone)]

    def run(self, convs: list[Conversation]) -> list[Played]:
        with _quiet_logs(), _clocked_webhook(self.clock), _Server(self.app) as server:
            return [self.play(c, server.base_url) for c in convs]

    def close(self):
        self.session.close()
        self.store.close_all()


def run(convs: list[Conversation], coops: dict[str, Coop]) -> list[Played]:
    """Play ``convs`` on a fresh temporary database; return them scored."""
    with tempfile.TemporaryDirectory(prefix="bghit-eval-") as tmp:
        player = Player(coops, Path(tmp))
        try:
            return player.run(convs)
        finally:
            player.close()


# --------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------

def _median(values):
    return statistics.median(values) if values else None


def summarise(played: list[Played]) -> dict:
    """The figures for one group of played conversations."""
    with_order = [p for p in played if p.conv.order is not None]
    exact = [p for p in with_order if p.right]

    def turns(group):
        group = [p for p in group if p.right and p.turns is not None]
        return {"n": len(group), "median": _median([p.turns for p in group]),
                "shopkeeper": _median([p.conv.min_turns for p in group])}

    one = [p for p in with_order if p.conv.one_product]
    return {
        "conversations": len(played),
        "right": sum(p.right for p in played),
        "right_pct": round(100 * sum(p.right for p in played) / len(played), 1) if played else None,
        "orders_expected": len(with_order),
        "orders_exact": len(exact),
        "wrong_orders_placed": sum(p.wrong_placed for p in played),
        "wrong_by_field": dict(sorted(Counter(f for p in played for f in p.wrong_fields).items())),
        "missing_orders": sum(p.verdict == "missing" for p in played),
        "errors": sum(p.verdict == "error" for p in played),
        "turns_all_orders": turns(with_order),
        "turns_one_product_asked": turns([p for p in one if not p.conv.upfront]),
        "turns_one_product_upfront": turns([p for p in one if p.conv.upfront]),
    }


def report(played: list[Played], splits: list[str]) -> dict:
    out = {}
    for split in splits:
        group = [p for p in played if p.conv.split == split]
        if not group:
            continue
        figures = summarise(group)
        figures["by_language"] = {lang: summarise([p for p in group if p.conv.lang == lang])
                                  for lang in LANGS if any(p.conv.lang == lang for p in group)}
        sms = [p for p in group if p.conv.channel == "sms"]
        if sms:
            figures["sms"] = summarise(sms)
        out[split] = figures
    return out


def _fmt_turns(t: dict) -> str:
    if not t["n"]:
        return "—"
    return f"{t['median']:g} (shopkeeper {t['shopkeeper']:g}; {t['n']} orders)"


def print_report(figures: dict, out=sys.stdout) -> None:
    for split, f in figures.items():
        print(f"\n== {split}: {f['conversations']} conversations", file=out)
        print(f"conversations right   {f['right']}/{f['conversations']} ({f['right_pct']} %)",
              file=out)
        print(f"orders exact          {f['orders_exact']}/{f['orders_expected']}", file=out)
        print(f"wrong orders placed   {f['wrong_orders_placed']}   (target 0)", file=out)
        if f["wrong_by_field"]:
            fields = ", ".join(f"{k} {v}" for k, v in f["wrong_by_field"].items())
            print(f"  what they got wrong  {fields}", file=out)
        print(f"missing orders        {f['missing_orders']}", file=out)
        if f["errors"]:
            print(f"errors                {f['errors']}", file=out)
        print("median customer messages, first product mention → confirmed order:", file=out)
        print(f"  all orders                   {_fmt_turns(f['turns_all_orders'])}", file=out)
        print(f"  one product, details asked   {_fmt_turns(f['turns_one_product_asked'])}",
              file=out)
        print(f"  one product, given up front  {_fmt_turns(f['turns_one_product_upfront'])}",
              file=out)
        print(f"{'language':<10} {'right':>9} {'exact':>9} {'wrong':>6} {'missing':>8}  "
              "median turns", file=out)
        rows = list(f["by_language"].items()) + ([("(sms)", f["sms"])] if "sms" in f else [])
        for lang, g in rows:
            t = g["turns_all_orders"]
            print(f"{lang:<10} {g['right']:>4}/{g['conversations']:<4} "
                  f"{g['orders_exact']:>4}/{g['orders_expected']:<4} {g['wrong_orders_placed']:>6} "
                  f"{g['missing_orders']:>8}  {format(t['median'], 'g') if t['n'] else '—'}",
                  file=out)


def print_failures(played: list[Played], out=sys.stdout) -> None:
    for p in played:
        if p.right:
            continue
        c = p.conv
        expected = (f"order {', '.join(f'{q}×{s}' for s, q in c.order['lines'].items())}; "
                    f"{c.order['name']}, {c.order['city']}, total {c.order['total']:g}"
                    if c.order else f"no order ({c.reason})")
        print(f"\n--- {c.id} [{c.split}, {c.lang}, {c.catalog}, {c.channel}] {p.verdict}", file=out)
        print(f"expected: {expected}", file=out)
        for err in p.errors:
            print(f"  ✗ {err}", file=out)
        for said, replies in p.transcript:
            print(f"  > {said}", file=out)
            for reply in replies:
                print("    < " + reply.replace("\n", "\n      "), file=out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bot.evals.conversations",
                                 description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--split", choices=("tuned", "heldout", "all"), default="all")
    ap.add_argument("--show-failures", action="store_true",
                    help="print each failing conversation with the bot's replies")
    ap.add_argument("--json", action="store_true", help="the figures as JSON")
    ap.add_argument("--corpus", type=Path, default=CORPUS, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    coops = load_coops(args.corpus)
    convs = load_corpus(args.corpus, coops)
    splits = list(SPLITS) if args.split == "all" else [args.split]
    convs = [c for c in convs if c.split in splits]
    played = run(convs, coops)
    figures = report(played, splits)
    if args.json:
        if args.show_failures:
            figures["failures"] = [{"id": p.conv.id, "split": p.conv.split, "verdict": p.verdict,
                                    "errors": p.errors, "transcript": p.transcript}
                                   for p in played if not p.right]
        json.dump(figures, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        if args.show_failures:
            print_failures(played)
        print_report(figures)
    return 0

