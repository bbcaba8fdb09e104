"""Round 17, server CPU per message: the same bytes and rows with less work per message.

Each test holds a change to what it saves (the work is not done any more) and to what it must
keep (the same output, byte for byte, as the general code it skips)."""

from __future__ import annotations

import json
import logging
import random

import pytest

from bot import logs, service, store
from bot.conversation import model
from bot.store import sql

COOP_WA = "whatsapp:+14155238886"
_CHARS = ["a", "Z", "7", " ", '"', "\\", "/", "\n", "\t", "\x00", "\x1f", "\x7f", "é", "•",
          "ع", "ڭ", "😀", "\u2028", "\ud800", "%", "{", "}"]


def _text(rnd: random.Random) -> str:
    return "".join(rnd.choice(_CHARS) for _ in range(rnd.randint(0, 14)))


def _value(rnd: random.Random, depth: int = 0):
    kinds = [lambda: _text(rnd), lambda: rnd.randint(-10**20, 10**20),
             lambda: rnd.random() * 10 ** rnd.randint(-5, 20), lambda: None, lambda: True,
             lambda: False, lambda: float("inf")]
    if depth < 3:
        kinds += [lambda: {_text(rnd): _value(rnd, depth + 1) for _ in range(rnd.randint(0, 4))},
                  lambda: [_value(rnd, depth + 1) for _ in range(rnd.randint(0, 4))],
                  lambda: {1: "int key", 2.5: "float key", None: 0, False: 1}]
    return rnd.choice(kinds)()


class _NoEncoder(json.JSONEncoder):
    """Fails when the general encoder's Python layer (``encode``) is called."""

    def encode(self, o):
        raise AssertionError("JSONEncoder.encode called")


# -- the store's JSON columns -------------------------------------------------------------

def test_store_json_is_the_encoders_bytes_without_its_python_layer(monkeypatch):
    reference = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
    monkeypatch.setattr(sql, "_JSON", _NoEncoder(ensure_ascii=False, separators=(",", ":")))
    rnd = random.Random(17)
    for _ in range(3000):
        value = _value(rnd)
        if not isinstance(value, str):
            assert sql.dumps(value) == reference.encode(value)


def test_store_json_fails_as_the_encoder_does():
    reference = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
    circular: list = [1]
    circular.append(circular)
    for bad in (circular, {"a": object()}, {(1, 2): "tuple key"}, [{1, 2}]):
        with pytest.raises(Exception) as expected:
            reference.encode(bad)
        with pytest.raises(expected.type, match=str(expected.value)):
            sql.dumps(bad)
    # and after a failure (a circular check's marks left behind), the next value is written
    assert sql.dumps({"cart": [{"sku": "A", "qty": 2}]}) == '{"cart":[{"sku":"A","qty":2}]}'


# -- the log line -------------------------------------------------------------------------

def test_a_log_line_is_the_encoders_bytes_without_its_python_layer(monkeypatch):
    reference = json.JSONEncoder(ensure_ascii=False)
    monkeypatch.setattr(logs, "_JSON", _NoEncoder(ensure_ascii=False))
    formatter = logs.JsonFormatter()
    rnd = random.Random(7)
    for _ in range(2000):
        record = logging.LogRecord(_text(rnd) or "bot", rnd.choice([10, 20, 30, 40]), "f.py", 1,
                                   "%s says %s", (_text(rnd), _text(rnd)), None)
        token = logs.request_id.set(_text(rnd))
        try:
            line = formatter.format(record)
            assert line == reference.encode({
                "t": formatter.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
                "level": record.levelname.lower(), "logger": record.name,
                "req": logs.request_id.get(), "msg": logs.scrub(record.getMessage())})
        finally:
            logs.request_id.reset(token)


def test_a_log_line_with_a_traceback_keeps_it_scrubbed():
    formatter = logs.JsonFormatter()
    try:
        raise ValueError("customer +212612345678 said \"hi\"")
    except ValueError:
        import sys
        record = logging.LogRecord("bot.x", 40, "f.py", 1, "failed for %s", ("+212612345678",),
                                   sys.exc_info())
    payload = json.loads(formatter.format(record))
    assert list(payload) == ["t", "level", "logger", "req", "msg", "exc"]
    assert "612345678" not in payload["msg"] + payload["exc"]
    assert "ValueError" in payload["exc"]


# -- the conversation's copy of its data --------------------------------------------------

def test_the_step_copies_its_data_with_a_call_per_container_only(monkeypatch):
    calls = []
    copy = model._copy_json

    def counted(value):
        calls.append(type(value).__name__)
        return copy(value)

    monkeypatch.setattr(model, "_copy_json", counted)
    data = {"cart": [{"sku": "A", "qty": 2}, {"sku": "B", "qty": 1}], "queue": [],
            "details": {"name": "Sara", "city": None}, "strikes": 0, "lang_seen": True}
    copied = model._copy_json(data)
    assert copied == data
    assert sorted(calls) == ["dict", "dict", "dict", "dict", "list", "list"]   # no scalar
    copied["cart"][0]["qty"] = 5                                               # a deep copy
    copied["details"]["name"] = "Mona"
    assert data["cart"][0]["qty"] == 2 and data["details"]["name"] == "Sara"


# -- the catalog by sku -------------------------------------------------------------------

def test_the_catalog_by_sku_is_kept_with_the_catalog(db):
    coop = store.get_coop_by_slug(db, "tifawin")
    products, _, by_sku = service._catalog(db, coop)
    assert by_sku == {p["sku"]: p for p in products}
    assert service._catalog(db, coop)[2] is by_sku           # not rebuilt per message
    db.conn.execute("UPDATE coops SET catalog_version = catalog_version + 1 WHERE id = ?",
                    (coop["id"],))
    changed = {**coop, "catalog_version": coop["catalog_version"] + 1}
    assert service._catalog(db, changed)[2] is not by_sku    # a new catalog: built again


def test_a_context_without_the_catalog_by_sku_builds_it():
    products = [{"sku": "A", "name": "a", "price": 1}, {"sku": "B", "name": "b", "price": 2}]
    ctx = model.Context(coop={}, products=products, index=None)
    assert ctx.by_sku == {"A": products[0], "B": products[1]}


# -- a new customer's first message -------------------------------------------------------

def _first_message(db, phone: str) -> tuple[list[str], list[str]]:
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        msg = service.Inbound(from_addr=f"whatsapp:{phone}", to_addr=COOP_WA, body="salam",
                              sid=f"SM{random.Random(phone).getrandbits(64):032x}")
        replies = service.handle_inbound(db, msg, {"RATE_LIMIT_PER_MINUTE": 100})
    finally:
        db.conn.set_trace_callback(None)
    return replies, statements


def test_a_new_customer_and_conversation_are_created_with_fewer_statements(db):
    replies, statements = _first_message(db, "+212600000171")
    assert replies
    customers = [s for s in statements if "customers" in s and "JOIN" not in s]
    conversations = [s for s in statements if "conversations" in s and "JOIN" not in s
                     and not s.startswith("UPDATE")]
    # the customer: read absent in this transaction, so inserted at once (was a read, the
    # insert and a read again); the conversation: a read, then the insert (was a read again)
    assert len(customers) == 1 and customers[0].startswith("INSERT"), customers
    assert len(conversations) == 2 and conversations[1].startswith("INSERT"), conversations
    customer = store.find_customer(db, "+212600000171")
    conv = store.find_conversation(db, 1, "+212600000171")
    assert customer["created_at"] and conv["customer_id"] == customer["id"]


def test_the_rows_created_are_the_rows_read(db):
    created = store.get_or_create_customer(db, "+212600000172", absent=True)
    assert created == store.get_or_create_customer(db, "+212600000172")
    assert created == store.find_customer(db, "+212600000172")
    conv = store.get_or_create_conversation(db, 1, created["id"])
    again = store.get_or_create_conversation(db, 1, created["id"])
    assert conv == again and conv["data"] == {} and conv["state"] == "start"
    # a customer said absent who is there after all (another writer): read, not doubled
    assert store.get_or_create_customer(db, "+212600000172", absent=True) == created
    count = db.conn.execute("SELECT count(*) FROM customers WHERE phone = ?",
                            ("+212600000172",)).fetchone()[0]
    assert count == 1


# -- the log line's phone scrub -----------------------------------------------------------

class _NoSub:
    def sub(self, *args):
        raise AssertionError("the phone pattern was run")


def test_a_line_without_a_run_of_digits_is_not_searched_for_phones(monkeypatch):
    monkeypatch.setattr(logs, "_PHONE", _NoSub())
    line = "coop=tifawin from=whatsapp:+2126•••••077 state=ordering->ask_name replies=1"
    assert logs.scrub(line) == line


def test_the_scrub_masks_what_it_masked():
    def reference(text: str) -> str:         # the scrub without its first look for digits
        if "%2" in text:
            text = logs._URL_PLUS.sub("+", text)
        text = logs._PHONE.sub(logs._mask_digits, text)
        for secret in logs._known_secrets():
            if secret in text:
                text = text.replace(secret, "[secret]")
        return text

    rnd = random.Random(3)
    pieces = ["0", "6", "12", " ", "+", "•", "a", "-", "٣", "۴", "%2B", "x1", "\n", "é"]
    for _ in range(5000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 30)))
        assert logs.scrub(text) == reference(text), text
    assert logs.scrub("call +212 6 12 34 56 78 now") == "call +212••••••••••• 78 now"
    assert logs.scrub("رقم ٠٦١٢٣٤٥٦٧٨ دابا") == "رقم ٠٦١٢•••٦٧٨ دابا"

