"""The schema, versioned with ``PRAGMA user_version``: :func:`migrate` brings an older file up
to date in place."""

from __future__ import annotations

import sqlite_utils

from .sql import transaction


def table(db: sqlite_utils.Database, name: str) -> sqlite_utils.db.Table:
    """``db[name]`` typed as the table it always is here (``db[name]`` may also be a view)."""
    return db.table(name)


def _v1(db: sqlite_utils.Database) -> None:
    """The first schema: cooperatives, catalog, customers, messages, orders, outbox."""
    table(db, "coops").create({
        "id": int, "slug": str, "name": str, "code": str, "whatsapp_from": str,
        "sms_from": str, "settings": str, "catalog_version": int,
        "created_at": str, "updated_at": str,
    }, pk="id", not_null={"slug", "name"}, defaults={"catalog_version": 0, "settings": "{}"})
    table(db, "coops").create_index(["slug"], unique=True)
    table(db, "coops").create_index(["whatsapp_from"])
    table(db, "coops").create_index(["sms_from"])
    table(db, "members").create({
        "id": int, "coop_id": int, "name": str, "phone": str, "channel": str,
        "language": str, "last_inbound_at": str,
    }, pk="id", foreign_keys=[("coop_id", "coops", "id")], not_null={"coop_id", "phone"})
    table(db, "members").create_index(["coop_id", "phone"], unique=True)
    table(db, "members").create_index(["phone"])
    table(db, "products").create({
        "id": int, "coop_id": int, "sku": str, "name": str, "price": float, "unit": str,
        "size": float, "aliases": str, "in_stock": int, "position": int,
    }, pk="id", foreign_keys=[("coop_id", "coops", "id")], not_null={"coop_id", "sku", "name"})
    table(db, "products").create_index(["coop_id", "sku"], unique=True)
    table(db, "customers").create({
        "id": int, "phone": str, "name": str, "city": str, "address": str,
        "latitude": float, "longitude": float, "lang": str,
        "created_at": str, "updated_at": str,
    }, pk="id", not_null={"phone"})
    table(db, "customers").create_index(["phone"], unique=True)
    table(db, "conversations").create({
        "id": int, "coop_id": int, "customer_id": int, "state": str, "data": str,
        "lang": str, "channel": str, "updated_at": str,
    }, pk="id", foreign_keys=[("coop_id", "coops", "id"), ("customer_id", "customers", "id")],
        defaults={"state": "start", "data": "{}"})
    table(db, "conversations").create_index(["coop_id", "customer_id"], unique=True)
    table(db, "messages").create({
        "id": int, "sid": str, "direction": str, "coop_id": int, "conversation_id": int,
        "from_addr": str, "to_addr": str, "body": str, "media": str, "status": str,
        "error_code": str, "reply": str, "created_at": str, "updated_at": str,
    }, pk="id")
    table(db, "messages").create_index(["sid"], unique=True)
    table(db, "messages").create_index(["conversation_id", "id"])
    table(db, "orders").create({
        "id": int, "number": str, "coop_id": int, "customer_id": int, "conversation_id": int,
        "status": str, "customer_name": str, "phone": str, "city": str, "address": str,
        "latitude": float, "longitude": float, "subtotal": float, "delivery_fee": float,
        "total": float, "courier": str, "tracking": str, "courier_status": str, "lang": str,
        "channel": str, "created_at": str, "updated_at": str,
    }, pk="id", foreign_keys=[("coop_id", "coops", "id")])
    table(db, "orders").create_index(["coop_id", "number"], unique=True)
    table(db, "orders").create_index(["customer_id", "id"])
    table(db, "orders").create_index(["tracking"])
    table(db, "orders").create_index(["status"])
    table(db, "order_lines").create({
        "id": int, "order_id": int, "sku": str, "name": str, "quantity": int,
        "unit_price": float, "line_total": float,
    }, pk="id", foreign_keys=[("order_id", "orders", "id")])
    table(db, "order_lines").create_index(["order_id"])
    table(db, "outbox").create({
        "id": int, "kind": str, "payload": str, "dedupe_key": str, "status": str,
        "attempts": int, "next_attempt_at": str, "locked_until": str, "last_error": str,
        "result": str, "created_at": str, "updated_at": str,
    }, pk="id", defaults={"status": "pending", "attempts": 0})
    table(db, "outbox").create_index(["dedupe_key"], unique=True)
    table(db, "outbox").create_index(["status", "next_attempt_at"])


def _v2(db: sqlite_utils.Database) -> None:
    """Order history and an audit trail; shared-number routing; coop sequence."""
    table(db, "order_events").create({
        "id": int, "order_id": int, "status": str, "raw_status": str, "source": str,
        "actor": str, "note": str, "created_at": str,
    }, pk="id", foreign_keys=[("order_id", "orders", "id")])
    table(db, "order_events").create_index(["order_id", "id"])
    table(db, "audit").create({
        "id": int, "coop_id": int, "actor": str, "action": str, "target": str,
        "detail": str, "created_at": str,
    }, pk="id")
    table(db, "audit").create_index(["coop_id", "id"])
    table(db, "routes").create({
        "number": str, "address": str, "coop_id": int, "updated_at": str,
    }, pk=("number", "address"))
    table(db, "coops").add_column("order_prefix", str)
    table(db, "coops").add_column("next_order_seq", int, not_null_default=1001)
    table(db, "orders").add_column("city_id", str)
    table(db, "orders").add_column("forward_error", str)
    table(db, "conversations").add_column("handoff_until", str)
    table(db, "messages").add_column("idempotency_key", str)
    table(db, "messages").create_index(["idempotency_key"])
    table(db, "customers").add_column("forgotten_at", str)
    table(db, "orders").create_index(["created_at"])


def _v3(db: sqlite_utils.Database) -> None:
    """Courier city cache and per-sender rate limiting."""
    table(db, "courier_cities").create({
        "courier": str, "account": str, "cities": str, "fetched_at": str,
    }, pk=("courier", "account"))
    table(db, "rate").create({"sender": str, "window": int, "count": int, "noticed": int},
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
    table(db, "conversations").add_column("version", int, not_null_default=0)


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
    table(db, "products").add_column("short_name", str)


def _v9(db: sqlite_utils.Database) -> None:
    """Couriers' cash remittances, marked received in the dashboard (issue 19)."""
    table(db, "remittances").create({
        "id": int, "coop_id": int, "courier": str, "amount": float, "received_on": str,
        "note": str, "actor": str, "created_at": str,
    }, pk="id", not_null={"courier", "amount", "received_on"})
    table(db, "remittances").create_index(["courier", "coop_id"])


def _v10(db: sqlite_utils.Database) -> None:
    """A product's optional photo: the name of its file in the photos folder beside the
    database (issue 19)."""
    table(db, "products").add_column("photo", str)


def _v11(db: sqlite_utils.Database) -> None:
    """A person answers (issue 18): handoffs, and who wrote each message."""
    db.conn.execute(
        "CREATE TABLE handoffs (id INTEGER PRIMARY KEY, coop_id INTEGER NOT NULL, "
        "conversation_id INTEGER NOT NULL, customer_id INTEGER NOT NULL, code INTEGER NOT NULL, "
        "status TEXT NOT NULL DEFAULT 'waiting', reason TEXT, member_id INTEGER, operator TEXT, "
        "focus_at TEXT, started_at TEXT NOT NULL, taken_at TEXT, ended_at TEXT, ended_by TEXT, "
        "until TEXT, last_customer_at TEXT, last_reply_at TEXT, held TEXT)")
    db.conn.execute("CREATE UNIQUE INDEX idx_handoffs_open ON handoffs (conversation_id) "
                    "WHERE status != 'ended'")
    db.conn.execute("CREATE INDEX idx_handoffs_coop ON handoffs (coop_id, status)")
    db.conn.execute("CREATE INDEX idx_handoffs_member ON handoffs (member_id, status)")
    table(db, "messages").add_column("author", str)


def _v12(db: sqlite_utils.Database) -> None:
    """A customer's messages counted on their conversation's row (``rate_window``,
    ``rate_count``): the row is rewritten with every step anyway, so counting costs no page of
    its own (the ``rate`` table's counter was one more page in every message's commit). The
    ``rate`` table still counts senders with no conversation of their own: members, shared
    numbers, unknown numbers, login attempts."""
    table(db, "conversations").add_column("rate_window", int)
    table(db, "conversations").add_column("rate_count", int, not_null_default=0)


MIGRATIONS = [_v1, _v2, _v3, _v4, _v5, _v6, _v7, _v8, _v9, _v10, _v11, _v12]


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
