"""All storage: the SQLite schema and every query the bot makes.

Nothing outside this module writes SQL, so another database can be added later
by re-implementing these functions. Connections are per thread and per file;
writes that belong together run inside :func:`transaction`, which takes
SQLite's write lock up front (``BEGIN IMMEDIATE``) so that two messages from
one customer, arriving in two gunicorn workers at once, are applied one after
the other and never interleaved.

The schema is versioned with ``PRAGMA user_version``; :func:`migrate` brings
an older file up to date in place.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import sqlite3
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Iterator

import sqlite_utils

from .. import clock, statuses
from ..clock import now_iso, utcnow  # noqa: F401 — removed in step F
from ..privacy import SEPARATORS, in_every_script, mentions, national_digits, redact

#: How long a write waits for SQLite's lock before giving up (``BGHIT_BUSY_TIMEOUT_MS``).
BUSY_TIMEOUT_MS = int(os.environ.get("BGHIT_BUSY_TIMEOUT_MS") or 5000)
_local = threading.local()
#: One writer at a time per file within a process: threads queue on a lock instead of
#: polling SQLite's busy handler, which starves some of them under load (50 threads).
_write_locks: dict[str, threading.Lock] = {}
_write_locks_guard = threading.Lock()


def _write_lock(db: sqlite_utils.Database) -> threading.Lock:
    path = getattr(db, "_bghit_path", None) or str(id(db.conn))
    with _write_locks_guard:
        return _write_locks.setdefault(path, threading.Lock())


class StoreError(RuntimeError):
    """The database cannot be used right now (locked, disk full, read-only)."""


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _loads(value, default=None):
    if value in (None, ""):
        return default
    return json.loads(value)


# --------------------------------------------------------------------------
# Connections and transactions
# --------------------------------------------------------------------------

def connect(path: str | Path) -> sqlite_utils.Database:
    """Open (or reuse, per thread) a connection to ``path`` and migrate it."""
    path = str(path)
    cache = getattr(_local, "dbs", None)
    if cache is None:
        cache = _local.dbs = {}
    db = cache.get(path)
    if db is None:
        if path != ":memory:":
            _create_private(path)
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                               check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        # Read pages through a memory map: after another process writes, re-reading is cheap.
        conn.execute("PRAGMA mmap_size = 268435456")
        db = sqlite_utils.Database(conn)
        db._bghit_path = str(Path(path).resolve()) if path != ":memory:" else None
        migrate(db)
        cache[path] = db
    return db


def _create_private(path: str | Path) -> None:
    """Create the database file (and its folder) readable by its owner only, whatever the
    umask; SQLite gives its ``-wal``, ``-shm`` and journal files the same mode."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass


def close_all() -> None:
    """Close this thread's connections (tests, forked workers)."""
    for db in getattr(_local, "dbs", {}).values():
        with contextlib.suppress(Exception):
            db.conn.close()
        fd = getattr(db, "_bghit_lock_fd", None)
        if fd is not None and fd >= 0:
            with contextlib.suppress(OSError):
                os.close(fd)
    _local.dbs = {}


@contextlib.contextmanager
def snapshot(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """A read transaction: every query inside sees one consistent state, and takes no lock."""
    if db.conn.in_transaction:
        yield db
        return
    db.conn.execute("BEGIN")
    try:
        yield db
    finally:
        if db.conn.in_transaction:
            db.conn.execute("COMMIT")


@contextlib.contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``; nested calls become savepoints."""
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield db
        return
    lock = _write_lock(db)
    if not lock.acquire(timeout=BUSY_TIMEOUT_MS / 1000):
        raise StoreError("database is locked (busy in this process)")
    try:
        _file_lock(db, acquire=True)
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(str(exc)) from exc
        try:
            yield db
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        else:
            try:
                conn.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise StoreError(str(exc)) from exc
    finally:
        _file_lock(db, acquire=False)
        lock.release()


def _file_lock(db: sqlite_utils.Database, acquire: bool) -> None:
    """Queue writers of several processes (gunicorn workers, the worker) on a lock file.

    SQLite's own busy handler makes a blocked writer sleep 1, 2, 5 … 100 ms between tries, so
    under load some writers wait far longer than the lock is held. A ``flock`` on
    ``<db>.lock`` wakes the next writer within a millisecond; SQLite's lock still guards the
    data (a writer that does not use this lock is simply waited for by ``busy_timeout``).
    """
    fd = getattr(db, "_bghit_lock_fd", None)
    if fd is None:
        path = getattr(db, "_bghit_path", None)
        if not path:
            return
        try:
            fd = db._bghit_lock_fd = os.open(path + ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            db._bghit_lock_fd = -1
            return
    if fd < 0:
        return
    if not acquire:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    delay = 0.00005
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise StoreError("database is locked (busy in another process)") from None
            time.sleep(delay)               # a write holds the lock for about a millisecond
            delay = min(delay * 2, 0.0004)


def _one(db, sql: str, params=()) -> dict | None:
    cur = db.conn.execute(sql, params)
    row = cur.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cur.description], row))


def _all(db, sql: str, params=()) -> list[dict]:
    cur = db.conn.execute(sql, params)
    keys = [d[0] for d in cur.description]
    return [dict(zip(keys, row)) for row in cur.fetchall()]


# --------------------------------------------------------------------------
# Schema
# --------------------------------------------------------------------------

def _v1(db: sqlite_utils.Database) -> None:
    """The first schema: cooperatives, catalog, customers, messages, orders, outbox."""
    db["coops"].create({
        "id": int, "slug": str, "name": str, "code": str, "whatsapp_from": str,
        "sms_from": str, "settings": str, "catalog_version": int,
        "created_at": str, "updated_at": str,
    }, pk="id", not_null={"slug", "name"}, defaults={"catalog_version": 0, "settings": "{}"})
    db["coops"].create_index(["slug"], unique=True)
    db["coops"].create_index(["whatsapp_from"])
    db["coops"].create_index(["sms_from"])
    db["members"].create({
        "id": int, "coop_id": int, "name": str, "phone": str, "channel": str,
        "language": str, "last_inbound_at": str,
    }, pk="id", foreign_keys=[("coop_id", "coops", "id")], not_null={"coop_id", "phone"})
    db["members"].create_index(["coop_id", "phone"], unique=True)
    db["members"].create_index(["phone"])
    db["products"].create({
        "id": int, "coop_id": int, "sku": str, "name": str, "price": float, "unit": str,
        "size": float, "aliases": str, "in_stock": int, "position": int,
    }, pk="id", foreign_keys=[("coop_id", "coops", "id")], not_null={"coop_id", "sku", "name"})
    db["products"].create_index(["coop_id", "sku"], unique=True)
    db["customers"].create({
        "id": int, "phone": str, "name": str, "city": str, "address": str,
        "latitude": float, "longitude": float, "lang": str,
        "created_at": str, "updated_at": str,
    }, pk="id", not_null={"phone"})
    db["customers"].create_index(["phone"], unique=True)
    db["conversations"].create({
        "id": int, "coop_id": int, "customer_id": int, "state": str, "data": str,
        "lang": str, "channel": str, "updated_at": str,
    }, pk="id", foreign_keys=[("coop_id", "coops", "id"), ("customer_id", "customers", "id")],
        defaults={"state": "start", "data": "{}"})
    db["conversations"].create_index(["coop_id", "customer_id"], unique=True)
    db["messages"].create({
        "id": int, "sid": str, "direction": str, "coop_id": int, "conversation_id": int,
        "from_addr": str, "to_addr": str, "body": str, "media": str, "status": str,
        "error_code": str, "reply": str, "created_at": str, "updated_at": str,
    }, pk="id")
    db["messages"].create_index(["sid"], unique=True)
    db["messages"].create_index(["conversation_id", "id"])
    db["orders"].create({
        "id": int, "number": str, "coop_id": int, "customer_id": int, "conversation_id": int,
        "status": str, "customer_name": str, "phone": str, "city": str, "address": str,
        "latitude": float, "longitude": float, "subtotal": float, "delivery_fee": float,
        "total": float, "courier": str, "tracking": str, "courier_status": str, "lang": str,
        "channel": str, "created_at": str, "updated_at": str,
    }, pk="id", foreign_keys=[("coop_id", "coops", "id")])
    db["orders"].create_index(["coop_id", "number"], unique=True)
    db["orders"].create_index(["customer_id", "id"])
    db["orders"].create_index(["tracking"])
    db["orders"].create_index(["status"])
    db["order_lines"].create({
        "id": int, "order_id": int, "sku": str, "name": str, "quantity": int,
        "unit_price": float, "line_total": float,
    }, pk="id", foreign_keys=[("order_id", "orders", "id")])
    db["order_lines"].create_index(["order_id"])
    db["outbox"].create({
        "id": int, "kind": str, "payload": str, "dedupe_key": str, "status": str,
        "attempts": int, "next_attempt_at": str, "locked_until": str, "last_error": str,
        "result": str, "created_at": str, "updated_at": str,
    }, pk="id", defaults={"status": "pending", "attempts": 0})
    db["outbox"].create_index(["dedupe_key"], unique=True)
    db["outbox"].create_index(["status", "next_attempt_at"])


def _v2(db: sqlite_utils.Database) -> None:
    """Order history and an audit trail; shared-number routing; coop sequence."""
    db["order_events"].create({
        "id": int, "order_id": int, "status": str, "raw_status": str, "source": str,
        "actor": str, "note": str, "created_at": str,
    }, pk="id", foreign_keys=[("order_id", "orders", "id")])
    db["order_events"].create_index(["order_id", "id"])
    db["audit"].create({
        "id": int, "coop_id": int, "actor": str, "action": str, "target": str,
        "detail": str, "created_at": str,
    }, pk="id")
    db["audit"].create_index(["coop_id", "id"])
    db["routes"].create({
        "number": str, "address": str, "coop_id": int, "updated_at": str,
    }, pk=("number", "address"))
    db["coops"].add_column("order_prefix", str)
    db["coops"].add_column("next_order_seq", int, not_null_default=1001)
    db["orders"].add_column("city_id", str)
    db["orders"].add_column("forward_error", str)
    db["conversations"].add_column("handoff_until", str)
    db["messages"].add_column("idempotency_key", str)
    db["messages"].create_index(["idempotency_key"])
    db["customers"].add_column("forgotten_at", str)
    db["orders"].create_index(["created_at"])


def _v3(db: sqlite_utils.Database) -> None:
    """Courier city cache and per-sender rate limiting."""
    db["courier_cities"].create({
        "courier": str, "account": str, "cities": str, "fetched_at": str,
    }, pk=("courier", "account"))
    db["rate"].create({"sender": str, "window": int, "count": int, "noticed": int},
                      pk="sender", defaults={"count": 0, "noticed": 0})


def _v4(db: sqlite_utils.Database) -> None:
    """Partial message indexes: replies have no sid or idempotency key, so they skip them."""
    db.conn.execute("DROP INDEX IF EXISTS idx_messages_sid")
    db.conn.execute("DROP INDEX IF EXISTS idx_messages_idempotency_key")
    db.conn.execute("CREATE UNIQUE INDEX idx_messages_sid ON messages (sid) "
                    "WHERE sid IS NOT NULL")
    db.conn.execute("CREATE INDEX idx_messages_idempotency_key ON messages (idempotency_key) "
                    "WHERE idempotency_key IS NOT NULL")


def _v5(db: sqlite_utils.Database) -> None:
    """A version per conversation: the webhook computes a step outside the write lock and
    writes it only if the conversation has not changed since it read it."""
    db["conversations"].add_column("version", int, not_null_default=0)


def _v6(db: sqlite_utils.Database) -> None:
    """The rate-limit counters clustered on the sender (``WITHOUT ROWID``): counting a message
    changes one page instead of a row page and an index page. Counters last a minute, so
    the old table's rows are carried over as they are."""
    db.conn.execute("CREATE TABLE rate_new (sender TEXT PRIMARY KEY, window INTEGER, "
                    "count INTEGER DEFAULT 0, noticed INTEGER DEFAULT 0) WITHOUT ROWID")
    db.conn.execute("INSERT INTO rate_new SELECT sender, window, count, noticed FROM rate")
    db.conn.execute("DROP TABLE rate")
    db.conn.execute("ALTER TABLE rate_new RENAME TO rate")


def _v7(db: sqlite_utils.Database) -> None:
    """Dashboard sessions kept on the server (by a hash of their id), so that logging out
    ends one for good, whichever gunicorn worker answers next."""
    db.conn.execute("CREATE TABLE admin_sessions (id_hash TEXT PRIMARY KEY, "
                    "created_at TEXT NOT NULL, ended_at TEXT) WITHOUT ROWID")


def _v8(db: sqlite_utils.Database) -> None:
    """A product's optional short name, for member alerts on basic phones."""
    db["products"].add_column("short_name", str)


def _v9(db: sqlite_utils.Database) -> None:
    """Couriers' cash remittances, marked received in the dashboard (issue 19)."""
    db["remittances"].create({
        "id": int, "coop_id": int, "courier": str, "amount": float, "received_on": str,
        "note": str, "actor": str, "created_at": str,
    }, pk="id", not_null={"courier", "amount", "received_on"})
    db["remittances"].create_index(["courier", "coop_id"])


def _v10(db: sqlite_utils.Database) -> None:
    """A product's optional photo: the name of its file in the photos folder beside the
    database (issue 19)."""
    db["products"].add_column("photo", str)


MIGRATIONS = [_v1, _v2, _v3, _v4, _v5, _v6, _v7, _v8, _v9, _v10]
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(db: sqlite_utils.Database) -> int:
    return db.conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: sqlite_utils.Database, target: int | None = None) -> int:
    """Apply the migrations ``db`` lacks, each in its own transaction."""
    target = SCHEMA_VERSION if target is None else target
    current = schema_version(db)
    while current < target:
        with transaction(db):
            # Re-read under the write lock: another process may have migrated.
            current = schema_version(db)
            if current >= target:
                break
            MIGRATIONS[current](db)
            current += 1
            db.conn.execute(f"PRAGMA user_version = {current}")
    return current


# --------------------------------------------------------------------------
# Cooperatives, members, products
# --------------------------------------------------------------------------

def _coop_row(row: dict | None) -> dict | None:
    if row is None:
        return None
    row = dict(row)
    row["settings"] = _loads(row.get("settings"), {})
    return row


def upsert_coop(db, coop: dict, members: list[dict], products: list[dict] | None) -> int:
    """Create or replace a cooperative with its members (and catalog when given)."""
    now = clock.now_iso()
    existing = _one(db, "SELECT id FROM coops WHERE slug = ?", (coop["slug"],))
    values = {
        "slug": coop["slug"], "name": coop["name"], "code": coop.get("code"),
        "whatsapp_from": coop.get("whatsapp_from"), "sms_from": coop.get("sms_from"),
        "settings": _dumps(coop.get("settings", {})), "order_prefix": coop.get("order_prefix"),
        "updated_at": now,
    }
    with transaction(db):
        if existing:
            coop_id = existing["id"]
            db["coops"].update(coop_id, values)
        else:
            values["created_at"] = now
            coop_id = db["coops"].insert(values).last_pk
        db.conn.execute("DELETE FROM members WHERE coop_id = ?", (coop_id,))
        for m in members:
            db["members"].insert({"coop_id": coop_id, "name": m.get("name"), "phone": m["phone"],
                                  "channel": m.get("channel", "sms"),
                                  "language": m.get("language", "fr")})
        if products is not None:
            replace_catalog(db, coop_id, products)
    return coop_id


def replace_catalog(db, coop_id: int, products: list[dict]) -> None:
    """Replace a cooperative's whole catalog atomically (stock flags are kept by sku, and so
    are photos, unless a product brings its own ``photo``)."""
    with transaction(db):
        old = _all(db, "SELECT sku, in_stock, photo FROM products WHERE coop_id = ?", (coop_id,))
        stock = {r["sku"]: r["in_stock"] for r in old}
        photos = {r["sku"]: r["photo"] for r in old}
        db.conn.execute("DELETE FROM products WHERE coop_id = ?", (coop_id,))
        for position, p in enumerate(products):
            in_stock = p.get("in_stock", True)
            if p["sku"] in stock and in_stock:
                in_stock = bool(stock[p["sku"]])
            db["products"].insert({
                "coop_id": coop_id, "sku": p["sku"], "name": p["name"], "price": p["price"],
                "unit": p["unit"], "size": p["size"], "aliases": _dumps(p.get("aliases", [])),
                "in_stock": int(bool(in_stock)), "position": position,
                "short_name": p.get("short_name") or None,
                "photo": p["photo"] if "photo" in p else photos.get(p["sku"]),
            })
        bump_catalog_version(db, coop_id)


def bump_catalog_version(db, coop_id: int) -> None:
    db.conn.execute("UPDATE coops SET catalog_version = catalog_version + 1 WHERE id = ?",
                    (coop_id,))


def set_stock(db, coop_id: int, sku: str, in_stock: bool) -> dict | None:
    """Mark a product in or out of stock; return the product, or None if unknown."""
    with transaction(db):
        product = _one(db, "SELECT * FROM products WHERE coop_id = ? AND upper(sku) = upper(?)",
                       (coop_id, sku))
        if product is None:
            return None
        db.conn.execute("UPDATE products SET in_stock = ? WHERE id = ?",
                        (int(in_stock), product["id"]))
        bump_catalog_version(db, coop_id)
    product["in_stock"] = int(in_stock)
    return product


def get_coop(db, coop_id: int) -> dict | None:
    return _coop_row(_one(db, "SELECT * FROM coops WHERE id = ?", (coop_id,)))


def get_coop_by_slug(db, slug: str) -> dict | None:
    return _coop_row(_one(db, "SELECT * FROM coops WHERE slug = ?", (slug,)))


def get_coop_by_code(db, code: str) -> dict | None:
    return _coop_row(_one(db, "SELECT * FROM coops WHERE upper(code) = upper(?)", (code,)))


def coops_for_number(db, channel: str, number: str) -> list[dict]:
    """Cooperatives answering on a sender number (several when it is a shared number)."""
    column = "whatsapp_from" if channel == "whatsapp" else "sms_from"
    rows = _all(db, f"SELECT * FROM coops WHERE {column} = ? ORDER BY id", (number,))
    return [_coop_row(r) for r in rows]


def list_coops(db) -> list[dict]:
    return [_coop_row(r) for r in _all(db, "SELECT * FROM coops ORDER BY name")]


def list_products(db, coop_id: int) -> list[dict]:
    rows = _all(db, "SELECT sku, name, price, unit, size, aliases, in_stock, short_name, photo "
                    "FROM products WHERE coop_id = ? ORDER BY position, id", (coop_id,))
    for r in rows:
        r["aliases"] = _loads(r["aliases"], [])
        r["in_stock"] = bool(r["in_stock"])
    return rows


def list_members(db, coop_id: int) -> list[dict]:
    return _all(db, "SELECT * FROM members WHERE coop_id = ? ORDER BY id", (coop_id,))


def find_member(db, phone: str, coop_id: int | None = None) -> dict | None:
    if coop_id is None:
        return _one(db, "SELECT * FROM members WHERE phone = ? ORDER BY id LIMIT 1", (phone,))
    return _one(db, "SELECT * FROM members WHERE phone = ? AND coop_id = ?", (phone, coop_id))


def touch_member(db, member_id: int) -> None:
    db.conn.execute("UPDATE members SET last_inbound_at = ? WHERE id = ?",
                    (clock.now_iso(), member_id))


# --------------------------------------------------------------------------
# Shared-number routing
# --------------------------------------------------------------------------

def get_route(db, number: str, address: str) -> int | None:
    row = _one(db, "SELECT coop_id FROM routes WHERE number = ? AND address = ?",
               (number, address))
    return row["coop_id"] if row else None


def set_route(db, number: str, address: str, coop_id: int | None) -> None:
    if coop_id is None:
        db.conn.execute("DELETE FROM routes WHERE number = ? AND address = ?", (number, address))
        return
    db.conn.execute(
        "INSERT INTO routes (number, address, coop_id, updated_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(number, address) DO UPDATE SET coop_id = excluded.coop_id, "
        "updated_at = excluded.updated_at", (number, address, coop_id, clock.now_iso()))


# --------------------------------------------------------------------------
# Customers and conversations
# --------------------------------------------------------------------------

def get_or_create_customer(db, phone: str) -> dict:
    row = _one(db, "SELECT * FROM customers WHERE phone = ?", (phone,))
    if row:
        return row
    now = clock.now_iso()
    db.conn.execute("INSERT OR IGNORE INTO customers (phone, created_at, updated_at) "
                    "VALUES (?, ?, ?)", (phone, now, now))
    return _one(db, "SELECT * FROM customers WHERE phone = ?", (phone,))


def get_customer(db, customer_id: int) -> dict | None:
    return _one(db, "SELECT * FROM customers WHERE id = ?", (customer_id,))


def update_customer(db, customer_id: int, **fields) -> None:
    allowed = {"name", "city", "address", "latitude", "longitude", "lang"}
    fields = {k: v for k, v in fields.items() if k in allowed}
    if not fields:
        return
    fields["updated_at"] = clock.now_iso()
    sets = ", ".join(f"{k} = ?" for k in fields)
    db.conn.execute(f"UPDATE customers SET {sets} WHERE id = ?", (*fields.values(), customer_id))


def get_or_create_conversation(db, coop_id: int, customer_id: int) -> dict:
    sql = "SELECT * FROM conversations WHERE coop_id = ? AND customer_id = ?"
    row = _one(db, sql, (coop_id, customer_id))
    if row is None:
        db.conn.execute("INSERT OR IGNORE INTO conversations (coop_id, customer_id, state, data, "
                        "updated_at) VALUES (?, ?, 'start', '{}', ?)",
                        (coop_id, customer_id, clock.now_iso()))
        row = _one(db, sql, (coop_id, customer_id))
    row["data"] = _loads(row["data"], {})
    return row


def get_conversation(db, conversation_id: int) -> dict | None:
    row = _one(db, "SELECT * FROM conversations WHERE id = ?", (conversation_id,))
    if row:
        row["data"] = _loads(row["data"], {})
    return row


def save_conversation(db, conversation_id: int, *, state: str, data: dict, lang: str | None,
                      channel: str | None, handoff_until: str | None) -> None:
    db.conn.execute(
        "UPDATE conversations SET state = ?, data = ?, lang = ?, channel = ?, handoff_until = ?, "
        "updated_at = ?, version = version + 1 WHERE id = ?",
        (state, _dumps(data), lang, channel, handoff_until, clock.now_iso(), conversation_id))


def find_customer(db, phone: str) -> dict | None:
    return _one(db, "SELECT * FROM customers WHERE phone = ?", (phone,))


def find_conversation(db, coop_id: int, phone: str) -> dict | None:
    row = _one(db, "SELECT c.* FROM conversations c JOIN customers u ON u.id = c.customer_id "
                   "WHERE c.coop_id = ? AND u.phone = ?", (coop_id, phone))
    if row:
        row["data"] = _loads(row["data"], {})
    return row


def conversations_in_handoff(db, coop_id: int) -> list[dict]:
    return _all(db, "SELECT c.id, c.handoff_until, u.phone, u.name FROM conversations c "
                    "JOIN customers u ON u.id = c.customer_id WHERE c.coop_id = ? AND "
                    "c.state = 'handoff' ORDER BY c.updated_at DESC", (coop_id,))


# --------------------------------------------------------------------------
# Messages (inbound and outbound)
# --------------------------------------------------------------------------

def find_inbound(db, sid: str | None, idempotency_key: str | None,
                 from_addr: str | None = None) -> dict | None:
    """An inbound message already processed under this MessageSid, or under this
    idempotency token from the same sender (the token's header is not signed: another
    sender's token must not return their replies)."""
    if sid:
        row = _one(db, "SELECT * FROM messages WHERE sid = ?", (sid,))
        if row:
            return row
    if idempotency_key and from_addr:
        return _one(db, "SELECT * FROM messages WHERE idempotency_key = ? AND direction = 'in' "
                        "AND from_addr = ?", (idempotency_key, from_addr))
    return None


def inbound_context(db, *, sid: str | None, idempotency_key: str | None, channel: str,
                    number: str, phone: str, from_addr: str | None = None) -> dict:
    """What an inbound message is first read against (call it inside :func:`snapshot`).

    ``prior``: the message already stored under this sid or idempotency token (a
    redelivery; a token only from ``from_addr``), else None. ``coop``: the cooperative answering on ``number`` (the first
    one when ``shared`` — several answer on it). ``is_member``: ``phone`` is one of its
    members. ``customer`` and ``conversation``: the customer with ``phone`` and their
    conversation with that cooperative, or None.

    (One query joining all of it was measured: no faster than these three small ones.)
    """
    out = {"prior": find_inbound(db, sid, idempotency_key, from_addr), "coop": None, "shared": False,
           "is_member": False, "customer": None, "conversation": None}
    if out["prior"] is not None:
        return out
    coops = coops_for_number(db, channel, number)
    if not coops:
        return out
    out.update(coop=coops[0], shared=len(coops) > 1)
    cur = db.conn.execute(
        "SELECT EXISTS (SELECT 1 FROM members WHERE phone = :phone AND coop_id = :coop), "
        "u.*, NULL AS _conversation_, c.* FROM (SELECT 1) "
        "LEFT JOIN customers u ON u.phone = :phone "
        "LEFT JOIN conversations c ON c.customer_id = u.id AND c.coop_id = :coop",
        {"phone": phone, "coop": coops[0]["id"]})
    row = cur.fetchone()
    names = [d[0] for d in cur.description]
    cut = names.index("_conversation_")
    customer = dict(zip(names[1:cut], row[1:cut]))
    conv = dict(zip(names[cut + 1:], row[cut + 1:]))
    out["is_member"] = bool(row[0])
    if customer["id"] is not None:
        out["customer"] = customer
    if conv["id"] is not None:
        conv["data"] = _loads(conv["data"], {})
        out["conversation"] = conv
    return out


def record_inbound(db, *, sid, idempotency_key, coop_id, conversation_id, from_addr, to_addr,
                   body, media, reply: list[str] | None = None) -> int:
    """Store an inbound message (with the replies it got, when they are known already)."""
    now = clock.now_iso()
    cur = db.conn.execute(
        "INSERT INTO messages (sid, idempotency_key, direction, coop_id, conversation_id, "
        "from_addr, to_addr, body, media, status, reply, created_at, updated_at) "
        "VALUES (?, ?, 'in', ?, ?, ?, ?, ?, ?, 'received', ?, ?, ?)",
        (sid, idempotency_key, coop_id, conversation_id, from_addr, to_addr, body,
         _dumps(media) if media else None, None if reply is None else _dumps(reply), now, now))
    return cur.lastrowid


def write_check(db, sid: str | None, idempotency_key: str | None,
                conversation_id: int | None,
                from_addr: str | None = None) -> tuple[dict | None, tuple[int, int] | None]:
    """Inside the write transaction: the inbound message already stored under this sid or
    idempotency token (a redelivery), and ``(conversation version, catalog version)`` of
    ``conversation_id``: has anything a step read changed since?"""
    prior = find_inbound(db, sid, idempotency_key, from_addr)
    if prior is not None or conversation_id is None:
        return prior, None
    row = db.conn.execute(
        "SELECT c.version, o.catalog_version FROM conversations c JOIN coops o ON o.id = c.coop_id "
        "WHERE c.id = ?", (conversation_id,)).fetchone()
    return None, tuple(row) if row else None


def record_replies(db, *, coop_id, conversation_id, from_addr, to_addr,
                   bodies: list[str]) -> None:
    """Store the replies sent in the webhook's answer (TwiML), one row each, at once."""
    if not bodies:
        return
    now = clock.now_iso()
    db.conn.executemany(
        "INSERT INTO messages (direction, coop_id, conversation_id, from_addr, to_addr, body, "
        "status, created_at, updated_at) VALUES ('out', ?, ?, ?, ?, ?, 'replied', ?, ?)",
        [(coop_id, conversation_id, from_addr, to_addr, body, now, now) for body in bodies])


def record_outbound(db, *, coop_id, conversation_id, from_addr, to_addr, body, sid=None,
                    status="sent") -> int:
    now = clock.now_iso()
    cur = db.conn.execute(
        "INSERT INTO messages (sid, direction, coop_id, conversation_id, from_addr, to_addr, "
        "body, status, created_at, updated_at) VALUES (?, 'out', ?, ?, ?, ?, ?, ?, ?, ?)",
        (sid, coop_id, conversation_id, from_addr, to_addr, body, status, now, now))
    return cur.lastrowid


def update_message_status(db, sid: str, status: str, error_code: str | None = None) -> bool:
    """Record a delivery status from Twilio's status callback; False if the sid is unknown.

    Statuses only move forward (a late ``sent`` never overwrites ``delivered``).
    """
    order = ["accepted", "queued", "sending", "sent", "receiving", "received",
             "delivered", "read", "undelivered", "failed", "canceled"]
    row = _one(db, "SELECT id, status FROM messages WHERE sid = ?", (sid,))
    if row is None:
        return False
    old = row["status"] or ""
    if old in order and status in order and order.index(status) < order.index(old):
        return True
    db.conn.execute("UPDATE messages SET status = ?, error_code = ?, updated_at = ? WHERE id = ?",
                    (status, error_code, clock.now_iso(), row["id"]))
    return True


def recent_messages(db, conversation_id: int, limit: int = 5) -> list[dict]:
    rows = _all(db, "SELECT direction, body, created_at FROM messages WHERE conversation_id = ? "
                    "ORDER BY id DESC LIMIT ?", (conversation_id, limit))
    return list(reversed(rows))


def transcript(db, conversation_id: int) -> list[dict]:
    return _all(db, "SELECT direction, body, media, status, created_at FROM messages "
                    "WHERE conversation_id = ? ORDER BY id", (conversation_id,))


# --------------------------------------------------------------------------
# Rate limiting
# --------------------------------------------------------------------------

def hit_rate(db, sender: str, limit: int, window_seconds: int = 60) -> str:
    """Count one message from ``sender``: ``"ok"``, ``"notice"`` (first over), or ``"drop"``."""
    window = int(time.time() // window_seconds)
    count, noticed = db.conn.execute(
        "INSERT INTO rate (sender, window, count, noticed) VALUES (?, ?, 1, 0) "
        "ON CONFLICT(sender) DO UPDATE SET "
        "count = CASE WHEN window = excluded.window THEN count + 1 ELSE 1 END, "
        "noticed = CASE WHEN window = excluded.window THEN noticed ELSE 0 END, "
        "window = excluded.window RETURNING count, noticed", (sender, window)).fetchone()
    if count <= limit:
        return "ok"
    if noticed:
        return "drop"
    db.conn.execute("UPDATE rate SET noticed = 1 WHERE sender = ?", (sender,))
    return "notice"


def count_failures(db, keys: list[str], window_seconds: int) -> list[int]:
    """Failures counted under each key in the current window (login throttling)."""
    window = int(time.time() // window_seconds)
    found = {r["sender"]: r["count"] for r in _all(
        db, f"SELECT sender, count FROM rate WHERE window = ? AND sender IN "
            f"({','.join('?' * len(keys))})", (window, *keys))}
    return [found.get(k, 0) for k in keys]


def add_failure(db, keys: list[str], window_seconds: int) -> None:
    """Count one failure under each key, in the current window (shared by all processes)."""
    window = int(time.time() // window_seconds)
    for key in keys:
        db.conn.execute(
            "INSERT INTO rate (sender, window, count, noticed) VALUES (?, ?, 1, 0) "
            "ON CONFLICT(sender) DO UPDATE SET "
            "count = CASE WHEN window = excluded.window THEN count + 1 ELSE 1 END, "
            "window = excluded.window", (key, window))


# --------------------------------------------------------------------------
# Dashboard sessions
# --------------------------------------------------------------------------

def _session_hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def start_admin_session(db, session_id: str, max_age_seconds: float) -> None:
    """Remember a new login (and forget the sessions that have expired)."""
    now = clock.utcnow()
    db.conn.execute("DELETE FROM admin_sessions WHERE created_at < ?",
                    ((now - timedelta(seconds=max_age_seconds)).isoformat(timespec="milliseconds"),))
    db.conn.execute("INSERT INTO admin_sessions (id_hash, created_at) VALUES (?, ?)",
                    (_session_hash(session_id), now.isoformat(timespec="milliseconds")))


def admin_session_active(db, session_id: str, max_age_seconds: float) -> bool:
    since = (clock.utcnow() - timedelta(seconds=max_age_seconds)).isoformat(timespec="milliseconds")
    return _one(db, "SELECT 1 AS ok FROM admin_sessions WHERE id_hash = ? AND ended_at IS NULL "
                    "AND created_at >= ?", (_session_hash(session_id), since)) is not None


def end_admin_session(db, session_id: str) -> None:
    db.conn.execute("UPDATE admin_sessions SET ended_at = ? WHERE id_hash = ?",
                    (clock.now_iso(), _session_hash(session_id)))


# --------------------------------------------------------------------------
# Orders
# --------------------------------------------------------------------------

ACTIVE_STATUSES = statuses.ACTIVE  # removed in step F
CANCELLABLE_STATUSES = statuses.CANCELLABLE  # removed in step F


def next_order_number(db, coop: dict) -> str:
    """Take the cooperative's next order number (inside the caller's transaction)."""
    row = _one(db, "SELECT next_order_seq, order_prefix, slug FROM coops WHERE id = ?",
               (coop["id"],))
    seq = row["next_order_seq"] or 1001
    db.conn.execute("UPDATE coops SET next_order_seq = ? WHERE id = ?", (seq + 1, coop["id"]))
    prefix = (row["order_prefix"] or row["slug"][:1] or "B").upper()
    return f"{prefix}-{seq}"


def create_order(db, *, coop: dict, customer_id: int, conversation_id: int | None, status: str,
                 details: dict, lines: list[dict], subtotal: float, delivery_fee: float,
                 courier: str | None, lang: str | None, channel: str | None,
                 city_id: str | None = None, now: str | None = None) -> dict:
    """Insert an order with its lines and first event; return it (with ``number``).
    ``now``: the stored creation time (tests and imports), else the clock's."""
    now = now or clock.now_iso()
    number = next_order_number(db, coop)
    cur = db.conn.execute(
        "INSERT INTO orders (number, coop_id, customer_id, conversation_id, status, "
        "customer_name, phone, city, address, latitude, longitude, subtotal, delivery_fee, "
        "total, courier, lang, channel, city_id, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (number, coop["id"], customer_id, conversation_id, status, details.get("name"),
         details.get("phone"), details.get("city"), details.get("address"),
         details.get("latitude"), details.get("longitude"), subtotal, delivery_fee,
         round(subtotal + delivery_fee, 2), courier, lang, channel, city_id, now, now))
    order_id = cur.lastrowid
    for line in lines:
        db.conn.execute(
            "INSERT INTO order_lines (order_id, sku, name, quantity, unit_price, line_total) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (order_id, line["sku"], line["name"], line["quantity"], line["unit_price"],
             round(line["quantity"] * line["unit_price"], 2)))
    add_order_event(db, order_id, status, source="bot")
    return get_order(db, order_id)


def add_order_event(db, order_id: int, status: str, *, raw_status: str | None = None,
                    source: str = "bot", actor: str | None = None, note: str | None = None) -> None:
    db.conn.execute(
        "INSERT INTO order_events (order_id, status, raw_status, source, actor, note, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)", (order_id, status, raw_status, source, actor, note,
                                        clock.now_iso()))


def set_order_status(db, order_id: int, status: str, *, raw_status: str | None = None,
                     source: str = "bot", actor: str | None = None, note: str | None = None,
                     **fields) -> None:
    allowed = {"tracking", "courier_status", "forward_error", "city_id", "courier"}
    fields = {k: v for k, v in fields.items() if k in allowed}
    fields["status"] = status
    fields["updated_at"] = clock.now_iso()
    sets = ", ".join(f"{k} = ?" for k in fields)
    db.conn.execute(f"UPDATE orders SET {sets} WHERE id = ?", (*fields.values(), order_id))
    add_order_event(db, order_id, status, raw_status=raw_status, source=source, actor=actor,
                    note=note)


def update_order_fields(db, order_id: int, **fields) -> None:
    allowed = {"tracking", "courier_status", "forward_error", "city_id", "delivery_fee", "total"}
    fields = {k: v for k, v in fields.items() if k in allowed}
    if not fields:
        return
    fields["updated_at"] = clock.now_iso()
    sets = ", ".join(f"{k} = ?" for k in fields)
    db.conn.execute(f"UPDATE orders SET {sets} WHERE id = ?", (*fields.values(), order_id))


def _with_lines(db, order: dict | None) -> dict | None:
    if order is None:
        return None
    order["lines"] = _all(db, "SELECT sku, name, quantity, unit_price, line_total FROM order_lines "
                              "WHERE order_id = ? ORDER BY id", (order["id"],))
    return order


def get_order(db, order_id: int) -> dict | None:
    return _with_lines(db, _one(db, "SELECT * FROM orders WHERE id = ?", (order_id,)))


def get_order_by_number(db, coop_id: int, number: str) -> dict | None:
    return _with_lines(db, _one(db, "SELECT * FROM orders WHERE coop_id = ? AND number = ?",
                                (coop_id, number)))


def find_order_by_digits(db, coop_id: int, digits: str) -> dict | None:
    """A member types ``1042`` or ``t-1042``: find that order of their cooperative."""
    return _with_lines(db, _one(
        db, "SELECT * FROM orders WHERE coop_id = ? AND "
            "(upper(number) = upper(?) OR number LIKE ?) ORDER BY id DESC LIMIT 1",
        (coop_id, digits, f"%-{digits}")))


def get_order_by_tracking(db, courier: str, tracking: str) -> dict | None:
    return _with_lines(db, _one(db, "SELECT * FROM orders WHERE courier = ? AND tracking = ?",
                                (courier, tracking)))


def latest_order(db, coop_id: int, customer_id: int, active_only: bool = False) -> dict | None:
    sql = "SELECT * FROM orders WHERE coop_id = ? AND customer_id = ?"
    if active_only:
        sql += f" AND status IN ({','.join('?' * len(ACTIVE_STATUSES))})"
        params = (coop_id, customer_id, *ACTIVE_STATUSES)
    else:
        params = (coop_id, customer_id)
    return _with_lines(db, _one(db, sql + " ORDER BY id DESC LIMIT 1", params))


def open_orders(db, coop_id: int, since: str | None = None) -> list[dict]:
    sql = (f"SELECT * FROM orders WHERE coop_id = ? AND status IN "
           f"({','.join('?' * len(ACTIVE_STATUSES))})")
    params: list = [coop_id, *ACTIVE_STATUSES]
    if since:
        sql += " AND created_at >= ?"
        params.append(since)
    return [_with_lines(db, o) for o in _all(db, sql + " ORDER BY id", params)]


def order_events(db, order_id: int) -> list[dict]:
    return _all(db, "SELECT * FROM order_events WHERE order_id = ? ORDER BY id", (order_id,))


def _order_filter(*, coop_id=None, status=None, date_from=None, date_to=None, q=None,
                  ids=None) -> tuple[str, list]:
    """The WHERE clause (on ``orders o``) of the dashboard's order filters."""
    where, params = [], []
    for cond, value in (("o.coop_id = ?", coop_id), ("o.status = ?", status),
                        ("o.created_at >= ?", date_from), ("o.created_at < ?", date_to)):
        if value:
            where.append(cond)
            params.append(value)
    if q:
        where.append("(o.number LIKE ? OR o.customer_name LIKE ? OR o.phone LIKE ? "
                     "OR o.city LIKE ?)")
        params.extend([f"%{q}%"] * 4)
    if ids is not None:
        where.append(f"o.id IN ({', '.join('?' * len(ids))})" if ids else "0")
        params.extend(ids)
    return (" WHERE " + " AND ".join(where) if where else ""), params


#: The dashboard's order rows, with their cooperative's slug and name (add ``_order_filter``).
_ORDERS_WITH_COOP = ("SELECT o.*, c.slug AS coop_slug, c.name AS coop_name FROM orders o "
                     "JOIN coops c ON c.id = o.coop_id")


def search_orders(db, *, limit=200, offset=0, **criteria) -> list[dict]:
    where, params = _order_filter(**criteria)
    sql = _ORDERS_WITH_COOP + where + " ORDER BY o.id DESC LIMIT ? OFFSET ?"
    return _all(db, sql, (*params, limit, offset))


def order_stats(db, days: int = 14, now: datetime | None = None) -> dict:
    """Orders and their totals per UTC hour over the last ``days`` (the dashboard groups the
    hours into Moroccan days), and orders by status. Cancelled orders count, at 0 revenue."""
    since = ((now or clock.utcnow()) - timedelta(days=days)).isoformat()
    per_hour = _all(db, "SELECT substr(created_at, 1, 13) AS hour, count(*) AS n, "
                        "sum(CASE WHEN status = 'cancelled' THEN 0 ELSE total END) AS revenue "
                        "FROM orders WHERE created_at >= ? GROUP BY hour ORDER BY hour",
                    (since,))
    by_status = _all(db, "SELECT status, count(*) AS n FROM orders GROUP BY status "
                         "ORDER BY n DESC")
    return {"per_hour": per_hour, "by_status": by_status}


def export_orders(db, **criteria) -> Iterator[dict]:
    """Every order (or those the dashboard's filters select) as the export's plain dict,
    oldest first (streamed)."""
    for o in orders_for_export(db, **criteria):
        yield {
            "number": o["number"], "coop": o["coop_slug"], "customer_phone": o["phone"],
            "customer_name": o["customer_name"], "city": o["city"], "address": o["address"],
            "lines": [{"sku": li["sku"], "quantity": li["quantity"],
                       "unit_price": li["unit_price"]} for li in o["lines"]],
            "subtotal": o["subtotal"], "delivery_fee": o["delivery_fee"],
            "total": o["total"], "status": o["status"], "courier": o["courier"],
            "tracking": o["tracking"], "created_at": o["created_at"],
        }


# --------------------------------------------------------------------------
# Audit trail
# --------------------------------------------------------------------------

def audit(db, coop_id: int | None, actor: str, action: str, target: str | None = None,
          detail: dict | str | None = None) -> None:
    if isinstance(detail, dict):
        detail = _dumps(detail)
    db.conn.execute("INSERT INTO audit (coop_id, actor, action, target, detail, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (coop_id, actor, action, target, detail, clock.now_iso()))


def audit_log(db, coop_id: int | None = None, limit: int = 100) -> list[dict]:
    if coop_id is None:
        return _all(db, "SELECT * FROM audit ORDER BY id DESC LIMIT ?", (limit,))
    return _all(db, "SELECT * FROM audit WHERE coop_id = ? ORDER BY id DESC LIMIT ?",
                (coop_id, limit))


# --------------------------------------------------------------------------
# Outbox
# --------------------------------------------------------------------------

def enqueue(db, kind: str, payload: dict, dedupe_key: str, delay_seconds: float = 0) -> bool:
    """Add a job unless one with ``dedupe_key`` exists; True when added.

    Call it inside the transaction that writes what the job is about, so that
    the job exists if and only if that write does.
    """
    now = clock.utcnow()
    due = (now + timedelta(seconds=delay_seconds)).isoformat(timespec="milliseconds")
    cur = db.conn.execute(
        "INSERT OR IGNORE INTO outbox (kind, payload, dedupe_key, status, attempts, "
        "next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, 'pending', 0, ?, ?, ?)",
        (kind, _dumps(payload), dedupe_key, due, now.isoformat(timespec="milliseconds"),
         now.isoformat(timespec="milliseconds")))
    return cur.rowcount == 1


def claim_job(db, lease_seconds: float = 120) -> dict | None:
    """Take the next due job, leasing it so no other worker runs it meanwhile.

    A job whose lease ran out (its worker died) is due again.
    """
    now = clock.utcnow()
    now_s = now.isoformat(timespec="milliseconds")
    with transaction(db):
        job = _one(db, "SELECT * FROM outbox WHERE ((status = 'pending' AND next_attempt_at <= ?) "
                       "OR (status = 'running' AND locked_until <= ?)) "
                       "ORDER BY next_attempt_at, id LIMIT 1", (now_s, now_s))
        if job is None:
            return None
        lease = (now + timedelta(seconds=lease_seconds)).isoformat(timespec="milliseconds")
        db.conn.execute("UPDATE outbox SET status = 'running', locked_until = ?, "
                        "attempts = attempts + 1, updated_at = ? WHERE id = ?",
                        (lease, now_s, job["id"]))
    job["attempts"] += 1
    job["payload"] = _loads(job["payload"], {})
    job["result"] = _loads(job["result"], {})
    return job


def save_job_progress(db, job_id: int, result: dict) -> None:
    """Persist partial results (e.g. a message sid Twilio accepted) before going on."""
    db.conn.execute("UPDATE outbox SET result = ?, updated_at = ? WHERE id = ?",
                    (_dumps(result), clock.now_iso(), job_id))


def finish_job(db, job_id: int, result: dict | None = None) -> None:
    db.conn.execute("UPDATE outbox SET status = 'done', result = ?, locked_until = NULL, "
                    "last_error = NULL, updated_at = ? WHERE id = ?",
                    (_dumps(result or {}), clock.now_iso(), job_id))


def retry_job(db, job_id: int, error: str, delay_seconds: float) -> None:
    due = (clock.utcnow() + timedelta(seconds=delay_seconds)).isoformat(timespec="milliseconds")
    db.conn.execute("UPDATE outbox SET status = 'pending', next_attempt_at = ?, "
                    "locked_until = NULL, last_error = ?, updated_at = ? WHERE id = ?",
                    (due, error[:500], clock.now_iso(), job_id))


def fail_job(db, job_id: int, error: str) -> None:
    db.conn.execute("UPDATE outbox SET status = 'failed', locked_until = NULL, last_error = ?, "
                    "updated_at = ? WHERE id = ?", (error[:500], clock.now_iso(), job_id))


def requeue_job(db, job_id: int) -> None:
    db.conn.execute("UPDATE outbox SET status = 'pending', next_attempt_at = ?, attempts = 0, "
                    "locked_until = NULL, updated_at = ? WHERE id = ?",
                    (clock.now_iso(), clock.now_iso(), job_id))


def list_jobs(db, status: str | None = None, kind: str | None = None, limit: int = 50,
              after_id: int = 0) -> list[dict]:
    where, params = ["id > ?"], [after_id]
    if status:
        where.append("status = ?")
        params.append(status)
    if kind:
        where.append("kind LIKE ?")
        params.append(kind + "%")
    rows = _all(db, f"SELECT * FROM outbox WHERE {' AND '.join(where)} ORDER BY id DESC LIMIT ?",
                (*params, limit))
    for r in rows:
        r["payload"] = _loads(r["payload"], {})
        r["result"] = _loads(r["result"], {})
    return rows


def job_counts(db) -> dict:
    return {r["status"]: r["n"] for r in
            _all(db, "SELECT status, count(*) AS n FROM outbox GROUP BY status")}


# --------------------------------------------------------------------------
# Courier city cache
# --------------------------------------------------------------------------

def load_courier_cities(db, courier: str, account: str, max_age_hours: float = 24):
    row = _one(db, "SELECT * FROM courier_cities WHERE courier = ? AND account = ?",
               (courier, account))
    if row is None:
        return None
    fetched = datetime.fromisoformat(row["fetched_at"])
    if clock.utcnow() - fetched > timedelta(hours=max_age_hours):
        return None
    return _loads(row["cities"], [])


def save_courier_cities(db, courier: str, account: str, cities: list[dict]) -> None:
    db.conn.execute(
        "INSERT INTO courier_cities (courier, account, cities, fetched_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(courier, account) DO UPDATE SET cities = excluded.cities, "
        "fetched_at = excluded.fetched_at", (courier, account, _dumps(cities), clock.now_iso()))


# --------------------------------------------------------------------------
# Privacy and operations
# --------------------------------------------------------------------------

def forget_customer(db, phone: str) -> dict:
    """Erase a customer's personal data, keeping order totals and lines.

    Everywhere it lies: orders, their conversation's messages and stored replies, messages
    from or to the number outside a conversation, alerts and notices about the customer
    (outbox payloads and the messages sent for them), the audit trail (members' commands
    naming the number in any written form, or the name or address), the rate-limit counter
    and routes. ``secure_delete`` overwrites the old content in the file as well, and the
    WAL is checkpointed and truncated (``wal_truncated``: False when a reader kept it).
    """
    db.conn.execute("PRAGMA secure_delete = ON")
    with transaction(db):
        customer = _one(db, "SELECT * FROM customers WHERE phone = ?", (phone,))
        if customer is None:
            return {"found": False}
        cid = customer["id"]
        erased = f"forgotten-{cid}"
        # The names and addresses given in orders too (the customer row keeps the last only).
        known = {"names": {customer.get("name")}, "addresses": {customer.get("address")}}
        for row in _all(db, "SELECT DISTINCT customer_name, address FROM orders "
                            "WHERE customer_id = ?", (cid,)):
            known["names"].add(row["customer_name"])
            known["addresses"].add(row["address"])
        orders = db.conn.execute(
            "UPDATE orders SET customer_name = NULL, phone = NULL, address = NULL, "
            "latitude = NULL, longitude = NULL WHERE customer_id = ?", (cid,)).rowcount
        conv_ids = [r["id"] for r in _all(db, "SELECT id FROM conversations WHERE customer_id = ?",
                                          (cid,))]
        msgs = 0
        for conv_id in conv_ids:
            msgs += db.conn.execute(
                "UPDATE messages SET body = NULL, media = NULL, from_addr = NULL, to_addr = NULL "
                "WHERE conversation_id = ?", (conv_id,)).rowcount
        db.conn.execute("UPDATE conversations SET data = '{}', state = 'start', version = version + 1 "
                        "WHERE customer_id = ?", (cid,))
        db.conn.execute("DELETE FROM routes WHERE address LIKE ?", (f"%{phone}",))
        msgs += _forget_elsewhere(db, cid, phone, known["names"] | known["addresses"])
        db.conn.execute(
            "UPDATE customers SET phone = ?, name = NULL, city = NULL, address = NULL, "
            "latitude = NULL, longitude = NULL, forgotten_at = ? WHERE id = ?",
            (erased, clock.now_iso(), cid))
        audit(db, None, "operator", "customer.forget", erased,
              {"orders": orders, "messages": msgs})
    return {"found": True, "orders": orders, "messages": msgs,
            "wal_truncated": truncate_wal(db)}


def truncate_wal(db) -> bool:
    """Copy the WAL into the database and empty it, so that old page images (erased values)
    leave the disk; False when a reader in another process kept it from finishing."""
    busy, _log, _done = db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return not busy


def _digits_of(col: str) -> str:
    """SQL: ``col`` without the separators people write between a number's digits."""
    expr = col
    for sep in SEPARATORS:
        expr = f"REPLACE({expr}, '{sep}', '')"
    return expr


#: Columns of free text searched for a forgotten customer's number, name and address.
_FREE_TEXT = (("audit", ("target", "detail")), ("order_events", ("note",)),
              ("outbox", ("result", "last_error")), ("orders", ("forward_error",)))


def _forget_elsewhere(db, cid: int, phone: str, words: set[str | None]) -> int:
    """The customer's data outside their orders and conversations (``words``: their names
    and addresses); returns messages erased."""
    national = national_digits(phone)
    digits = in_every_script(national)
    extras = sorted(x for x in words if x and len(x) >= 4)

    def likes(col: str) -> tuple[str, list[str]]:
        """Rows that may mention the customer (``mentions`` then finds exactly where)."""
        sql = " OR ".join([f"{_digits_of(col)} LIKE ?"] * len(digits)
                          + [f"{col} LIKE ?"] * len(extras))
        return f"({sql})", [f"%{d}%" for d in digits] + [f"%{x}%" for x in extras]

    body, body_params = likes("body")
    reply, reply_params = likes("reply")
    msgs = db.conn.execute(
        "UPDATE messages SET body = NULL, media = NULL, reply = NULL, from_addr = NULL, "
        f"to_addr = NULL WHERE from_addr LIKE ? OR to_addr LIKE ? OR {body} OR {reply}",
        (f"%{phone}", f"%{phone}", *body_params, *reply_params)).rowcount
    db.conn.execute("UPDATE messages SET reply = NULL WHERE conversation_id IN "
                    "(SELECT id FROM conversations WHERE customer_id = ?)", (cid,))
    order_ids = [r["id"] for r in _all(db, "SELECT id FROM orders WHERE customer_id = ?", (cid,))]
    payload, params = likes("payload")
    jobs = _all(db, f"SELECT id, payload FROM outbox WHERE status != 'pending' AND {payload}",
                params)
    jobs += _all(db, "SELECT id, payload FROM outbox WHERE status != 'pending' AND "
                     f"json_extract(payload, '$.order_id') IN ({','.join('?' * len(order_ids))})",
                 order_ids) if order_ids else []
    keep = ("order_id", "coop_id", "member_id", "conversation_id", "kind")
    for job in jobs:
        payload = _loads(job["payload"], {})
        redacted = {k: v for k, v in payload.items() if k in keep}
        redacted["forgotten"] = True
        db.conn.execute("UPDATE outbox SET payload = ? WHERE id = ?", (_dumps(redacted), job["id"]))
    # Free text that may name the customer: members' commands are audited verbatim
    # ("salina 06 12 34 56 78"), notes, a courier's error or answer. Erase the mentions.
    pattern = mentions(phone, extras)
    for table, cols in _FREE_TEXT:
        found = [likes(col) for col in cols]
        rows = _all(db, f"SELECT id, {', '.join(cols)} FROM {table} WHERE "
                        + " OR ".join(sql for sql, _ in found), [p for _, ps in found for p in ps])
        for row in rows:
            db.conn.execute(f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in cols)} "
                            "WHERE id = ?",
                            (*[redact(row[c], pattern, national) for c in cols], row["id"]))
    db.conn.execute("DELETE FROM rate WHERE sender LIKE ?", (f"%{phone}",))
    return msgs


def backup(db, target: str | Path) -> None:
    """A consistent copy of the live database (SQLite's online backup API)."""
    target = Path(target)
    _create_private(target)
    dest = sqlite3.connect(str(target))
    try:
        db.conn.backup(dest)
    finally:
        dest.close()


def counts(db) -> dict:
    return {t: db[t].count for t in ("coops", "members", "products", "customers",
                                     "conversations", "messages", "orders", "outbox")}


# --- simulator / admin ---

def activity_since(db, coop_id: int, *, after_job_id: int = 0, jobs_since: str | None = None,
                   after_event_id: int = 0, limit: int = 200) -> dict:
    """A cooperative's background activity for the simulator's side panel.

    ``jobs``: outbox jobs about ``coop_id`` (by payload ``coop_id`` or the order's
    cooperative) created after ``after_job_id`` or updated at/after ``jobs_since``
    (so a job is seen again when the worker finishes it); ``events``: order events
    after ``after_event_id``. Both oldest first.
    """
    jobs = _all(
        db, "SELECT j.*, o.number AS order_number, m.name AS member_name, "
            "m.channel AS member_channel, m.phone AS member_phone FROM outbox j "
            "LEFT JOIN orders o ON o.id = json_extract(j.payload, '$.order_id') "
            "LEFT JOIN members m ON m.id = json_extract(j.payload, '$.member_id') "
            "WHERE (json_extract(j.payload, '$.coop_id') = ? OR o.coop_id = ?) "
            "AND (j.id > ? OR j.updated_at >= ?) ORDER BY j.id LIMIT ?",
        (coop_id, coop_id, after_job_id, jobs_since or "9999", limit))
    for j in jobs:
        j["payload"] = _loads(j["payload"], {})
        j["result"] = _loads(j["result"], {})
    events = _all(
        db, "SELECT e.*, o.number AS order_number FROM order_events e "
            "JOIN orders o ON o.id = e.order_id WHERE o.coop_id = ? AND e.id > ? "
            "ORDER BY e.id LIMIT ?", (coop_id, after_event_id, limit))
    return {"jobs": jobs, "events": events}


def jobs_for_order(db, order_id: int) -> list[dict]:
    """Outbox jobs whose payload names ``order_id`` (forwards, notifications), oldest first."""
    rows = _all(db, "SELECT * FROM outbox WHERE json_extract(payload, '$.order_id') = ? "
                    "ORDER BY id", (order_id,))
    for r in rows:
        r["payload"] = _loads(r["payload"], {})
        r["result"] = _loads(r["result"], {})
    return rows


def count_orders(db, **criteria) -> int:
    """How many orders :func:`search_orders` would list without a limit."""
    where, params = _order_filter(**criteria)
    return db.conn.execute("SELECT count(*) FROM orders o" + where, params).fetchone()[0]


def coop_summaries(db) -> list[dict]:
    """Every cooperative with its member, product and order counts."""
    rows = _all(db, "SELECT c.*, "
                    "(SELECT count(*) FROM members m WHERE m.coop_id = c.id) AS n_members, "
                    "(SELECT count(*) FROM products p WHERE p.coop_id = c.id) AS n_products, "
                    "(SELECT count(*) FROM orders o WHERE o.coop_id = c.id) AS n_orders "
                    "FROM coops c ORDER BY c.name")
    return [_coop_row(r) for r in rows]


# --- couriers ---

#: Statuses in which a polled courier (Ozon, sandbox) may still move a parcel:
#: a refused parcel is watched until it is back at the cooperative (returned).
POLLED_STATUSES = statuses.POLLED  # removed in step F


def orders_to_poll(db) -> list[dict]:
    """Orders with a tracking code whose courier must still be asked where the parcel is."""
    return _all(db, f"SELECT * FROM orders WHERE tracking IS NOT NULL AND status IN "
                    f"({','.join('?' * len(POLLED_STATUSES))}) ORDER BY id", POLLED_STATUSES)


# --- member commands ---

def get_member(db, member_id: int) -> dict | None:
    return _one(db, "SELECT * FROM members WHERE id = ?", (member_id,))


def set_member_last_inbound(db, member_id: int, when: str | None) -> None:
    """Set when a member last wrote to us (opens WhatsApp's 24 h window); None closes it."""
    db.conn.execute("UPDATE members SET last_inbound_at = ? WHERE id = ?", (when, member_id))


def find_message_job(db, sid: str, kind: str = "message.member") -> dict | None:
    """The outbox job of ``kind`` whose accepted message has this Twilio ``sid``."""
    row = _one(db, "SELECT * FROM outbox WHERE kind = ? AND json_extract(result, '$.sid') = ? "
                   "ORDER BY id DESC LIMIT 1", (kind, sid))
    if row:
        row["payload"] = _loads(row["payload"], {})
        row["result"] = _loads(row["result"], {})
    return row


def get_message_by_sid(db, sid: str) -> dict | None:
    return _one(db, "SELECT * FROM messages WHERE sid = ?", (sid,))


def record_early_status(db, sid: str, status: str, error_code=None) -> None:
    """Keep a status callback that arrived before the worker recorded its message."""
    now = clock.now_iso()
    db.conn.execute("INSERT OR IGNORE INTO messages (sid, direction, status, error_code, "
                    "created_at, updated_at) VALUES (?, 'out', ?, ?, ?, ?)",
                    (sid, status, error_code, now, now))


def save_outbound_message(db, *, coop_id, conversation_id, from_addr, to_addr, body, sid,
                          status) -> dict:
    """Record a message Twilio accepted; keep a status a callback already brought.

    Returns the stored row (its ``status`` may be ahead of ``status``).
    """
    row = get_message_by_sid(db, sid)
    if row is None:
        record_outbound(db, coop_id=coop_id, conversation_id=conversation_id,
                        from_addr=from_addr, to_addr=to_addr, body=body, sid=sid, status=status)
    else:
        db.conn.execute("UPDATE messages SET coop_id = ?, conversation_id = ?, from_addr = ?, "
                        "to_addr = ?, body = ?, updated_at = ? WHERE id = ?",
                        (coop_id, conversation_id, from_addr, to_addr, body, clock.now_iso(),
                         row["id"]))
    return get_message_by_sid(db, sid)


def outbound_messages(db, limit: int = 20) -> list[dict]:
    """The latest messages we sent through the API (alerts, notifications), newest first."""
    return _all(db, "SELECT * FROM messages WHERE direction = 'out' AND sid IS NOT NULL "
                    "ORDER BY id DESC LIMIT ?", (limit,))


# --------------------------------------------------------------------------
# Dashboard: exports, slips, money, catalog, customers, members (issue 19)
# --------------------------------------------------------------------------

def orders_for_export(db, *, oldest_first: bool = True, **criteria) -> Iterator[dict]:
    """The orders the dashboard's filters select (see :func:`search_orders`), each with its
    lines and cooperative name, streamed."""
    where, params = _order_filter(**criteria)
    cur = db.conn.execute(
        _ORDERS_WITH_COOP + where
        + (" ORDER BY o.id" if oldest_first else " ORDER BY o.id DESC"), params)
    keys = [d[0] for d in cur.description]
    lines_cur = db.conn.cursor()
    for row in cur:
        order = dict(zip(keys, row))
        lines_cur.execute("SELECT sku, name, quantity, unit_price, line_total FROM order_lines "
                          "WHERE order_id = ? ORDER BY id", (order["id"],))
        order["lines"] = [dict(zip(("sku", "name", "quantity", "unit_price", "line_total"), r))
                          for r in lines_cur.fetchall()]
        yield order


#: The statuses the money view counts: cash out with a courier, collected, refused, returned.
MONEY_STATUSES = ("out_for_delivery", "delivered", "refused", "returned")


def money_by_hour(db, *, since: str, until: str, coop_id: int | None = None) -> list[dict]:
    """Orders now out for delivery, delivered, refused or returned, by the UTC hour they got
    that status, their courier and status: how many, their totals and delivery fees (the
    dashboard groups the hours into Moroccan days)."""
    sql = ("SELECT substr(e.at, 1, 13) AS hour, coalesce(o.courier, 'manual') AS courier, "
           "o.status, count(*) AS n, sum(o.total) AS amount, sum(o.delivery_fee) AS fees "
           "FROM orders o JOIN (SELECT order_id, status, max(created_at) AS at "
           "FROM order_events GROUP BY order_id, status) e "
           "ON e.order_id = o.id AND e.status = o.status "
           f"WHERE o.status IN ({', '.join('?' * len(MONEY_STATUSES))}) "
           "AND e.at >= ? AND e.at < ?")
    params: list = [*MONEY_STATUSES, since, until]
    if coop_id:
        sql += " AND o.coop_id = ?"
        params.append(coop_id)
    return _all(db, sql + " GROUP BY hour, courier, o.status ORDER BY hour", params)


def courier_balances(db, coop_id: int | None = None) -> list[dict]:
    """Per courier, all time: cash collected (delivered orders), remitted, still out for
    delivery."""
    where, params = "", []
    if coop_id:
        where, params = " AND coop_id = ?", [coop_id]
    rows = _all(db, "SELECT coalesce(courier, 'manual') AS courier, "
                    "sum(CASE WHEN status = 'delivered' THEN total ELSE 0 END) AS collected, "
                    "sum(CASE WHEN status = 'out_for_delivery' THEN total ELSE 0 END) AS out "
                    "FROM orders WHERE status IN ('delivered', 'out_for_delivery')" + where
                    + " GROUP BY 1", params)
    paid = {r["courier"]: r["amount"] for r in _all(
        db, "SELECT courier, sum(amount) AS amount FROM remittances WHERE 1 = 1" + where
            + " GROUP BY courier", params)}
    couriers = {r["courier"]: r for r in rows}
    for courier in paid:
        couriers.setdefault(courier, {"courier": courier, "collected": 0.0, "out": 0.0})
    out = []
    for courier, r in sorted(couriers.items()):
        remitted = paid.get(courier) or 0.0
        out.append({**r, "remitted": remitted,
                    "owed": round((r["collected"] or 0) - remitted, 2)})
    return out


def add_remittance(db, *, coop_id: int | None, courier: str, amount: float, received_on: str,
                   note: str | None, actor: str) -> int:
    cur = db.conn.execute(
        "INSERT INTO remittances (coop_id, courier, amount, received_on, note, actor, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (coop_id, courier, amount, received_on, note, actor, clock.now_iso()))
    return cur.lastrowid


def list_remittances(db, coop_id: int | None = None, limit: int = 50) -> list[dict]:
    if coop_id:
        return _all(db, "SELECT * FROM remittances WHERE coop_id = ? ORDER BY id DESC LIMIT ?",
                    (coop_id, limit))
    return _all(db, "SELECT * FROM remittances ORDER BY id DESC LIMIT ?", (limit,))


def couriers_in_use(db) -> list[str]:
    return [r["courier"] for r in _all(
        db, "SELECT DISTINCT coalesce(courier, 'manual') AS courier FROM orders ORDER BY 1")]


def get_product(db, coop_id: int, sku: str) -> dict | None:
    row = _one(db, "SELECT * FROM products WHERE coop_id = ? AND sku = ?", (coop_id, sku))
    if row is not None:
        row["aliases"] = _loads(row.get("aliases"), [])
    return row


def save_product(db, coop_id: int, product: dict) -> None:
    """Add a product (at the end of the catalog) or change the one with its sku; the bot
    reads the new catalog from its next message (the catalog version is bumped)."""
    values = {"name": product["name"], "price": product["price"], "unit": product["unit"],
              "size": product["size"], "aliases": _dumps(product.get("aliases", [])),
              "in_stock": int(bool(product.get("in_stock", True))),
              "short_name": product.get("short_name") or None}
    if "photo" in product:                       # else the product keeps its photo
        values["photo"] = product["photo"] or None
    with transaction(db):
        existing = _one(db, "SELECT id FROM products WHERE coop_id = ? AND sku = ?",
                        (coop_id, product["sku"]))
        if existing:
            db["products"].update(existing["id"], values)
        else:
            position = db.conn.execute("SELECT coalesce(max(position), -1) + 1 FROM products "
                                       "WHERE coop_id = ?", (coop_id,)).fetchone()[0]
            db["products"].insert({"coop_id": coop_id, "sku": product["sku"],
                                   "position": position, **values})
        bump_catalog_version(db, coop_id)


def db_file(db) -> str:
    """The database's file (photos are stored beside it)."""
    return db.conn.execute("PRAGMA database_list").fetchone()[2]


def photo_in_use(db, name: str) -> bool:
    """Whether a product still shows the stored photo ``name``."""
    return _one(db, "SELECT 1 AS x FROM products WHERE photo = ? LIMIT 1", (name,)) is not None


def customer_orders(db, customer_id: int) -> list[dict]:
    """A customer's orders with every cooperative, newest first."""
    return _all(db, "SELECT o.*, c.name AS coop_name, c.slug AS coop_slug FROM orders o "
                    "JOIN coops c ON c.id = o.coop_id WHERE o.customer_id = ? "
                    "ORDER BY o.id DESC", (customer_id,))


def customer_conversations(db, customer_id: int) -> list[dict]:
    return _all(db, "SELECT v.*, c.name AS coop_name FROM conversations v "
                    "JOIN coops c ON c.id = v.coop_id WHERE v.customer_id = ? "
                    "ORDER BY v.updated_at DESC", (customer_id,))


def save_member(db, coop_id: int, member: dict, member_id: int | None = None) -> int:
    """Add a member to a cooperative, or change one of its members; returns its id.
    Raises :class:`sqlite3.IntegrityError` when the phone is already one of its members."""
    values = {k: member[k] for k in ("name", "phone", "channel", "language")}
    if member_id is None:
        return db["members"].insert({"coop_id": coop_id, **values}).last_pk
    db.conn.execute("UPDATE members SET name = ?, phone = ?, channel = ?, language = ? "
                    "WHERE id = ? AND coop_id = ?", (*values.values(), member_id, coop_id))
    return member_id


def delete_member(db, coop_id: int, member_id: int) -> None:
    db.conn.execute("DELETE FROM members WHERE id = ? AND coop_id = ?", (member_id, coop_id))
