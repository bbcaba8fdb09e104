"""Customers and their conversations."""

from __future__ import annotations

from typing import cast

from .. import clock
from .sql import all, dumps, loads, one, update_row


def get_or_create_customer(db, phone: str, *, absent: bool = False) -> dict:
    """The customer with ``phone``, created when there is none. ``absent``: the caller read
    in this write transaction that there is none (the first look is skipped)."""
    if not absent:
        row = one(db, "SELECT * FROM customers WHERE phone = ?", (phone,))
        if row:
            return row
    now = clock.now_iso()
    # the row inserted, as SELECT * reads it (no REAL column is set: RETURNING would give an
    # integer where the read gives a float), or none when a concurrent writer inserted it
    rows = all(db, "INSERT OR IGNORE INTO customers (phone, created_at, updated_at) "
                   "VALUES (?, ?, ?) RETURNING *", (phone, now, now))
    return rows[0] if rows else cast(dict, one(db, "SELECT * FROM customers WHERE phone = ?",
                                               (phone,)))


def get_customer(db, customer_id: int) -> dict | None:
    return one(db, "SELECT * FROM customers WHERE id = ?", (customer_id,))


def update_customer(db, customer_id: int, **fields) -> None:
    update_row(db, "customers", customer_id, fields,
               allowed={"name", "city", "address", "latitude", "longitude", "lang"})


def get_or_create_conversation(db, coop_id: int, customer_id: int) -> dict:
    sql = "SELECT * FROM conversations WHERE coop_id = ? AND customer_id = ?"
    row = one(db, sql, (coop_id, customer_id))
    if row is None:
        # the row inserted (RETURNING: as SELECT * reads it; the table has no REAL column), or
        # none when a concurrent writer inserted it (INSERT OR IGNORE): then it is read
        rows = all(db, "INSERT OR IGNORE INTO conversations (coop_id, customer_id, state, data, "
                       "updated_at) VALUES (?, ?, 'start', '{}', ?) RETURNING *",
                   (coop_id, customer_id, clock.now_iso()))
        row = rows[0] if rows else cast(dict, one(db, sql, (coop_id, customer_id)))
    row["data"] = loads(row["data"], {})
    return row


def get_conversation(db, conversation_id: int) -> dict | None:
    row = one(db, "SELECT * FROM conversations WHERE id = ?", (conversation_id,))
    if row:
        row["data"] = loads(row["data"], {})
    return row


def save_conversation(db, conversation_id: int, *, state: str, data: dict, lang: str | None,
                      channel: str | None, handoff_until: str | None,
                      rate: tuple[int, int] | None = None) -> None:
    """Write a conversation's step; ``rate``: its customer's message count in the current
    window too (:func:`rate_count`), in the same statement."""
    fields = (state, dumps(data), lang, channel, handoff_until, clock.now_iso())
    if rate is None:
        db.conn.execute(
            "UPDATE conversations SET state = ?, data = ?, lang = ?, channel = ?, "
            "handoff_until = ?, updated_at = ?, version = version + 1 WHERE id = ?",
            (*fields, conversation_id))
        return
    db.conn.execute(
        "UPDATE conversations SET state = ?, data = ?, lang = ?, channel = ?, handoff_until = ?, "
        "updated_at = ?, version = version + 1, rate_window = ?, rate_count = ? WHERE id = ?",
        (*fields, *rate, conversation_id))


def rate_count(conversation: dict, window_seconds: int = 60) -> tuple[int, int]:
    """This message counted on ``conversation`` (as read in this write transaction): the
    current window and its count of the customer's messages, this one included. Nothing is
    written: :func:`save_conversation` stores it with the step, :func:`save_rate` alone when
    the message is refused."""
    window = int(clock.utcnow().timestamp() // window_seconds)
    if conversation.get("rate_window") != window:
        return window, 1
    return window, (conversation.get("rate_count") or 0) + 1


def save_rate(db, conversation_id: int, rate: tuple[int, int]) -> None:
    """Store a refused message's count on its conversation (nothing else of it changes)."""
    db.conn.execute("UPDATE conversations SET rate_window = ?, rate_count = ? WHERE id = ?",
                    (*rate, conversation_id))


def find_customer(db, phone: str) -> dict | None:
    return one(db, "SELECT * FROM customers WHERE phone = ?", (phone,))


def find_conversation(db, coop_id: int, phone: str) -> dict | None:
    row = one(db, "SELECT c.* FROM conversations c JOIN customers u ON u.id = c.customer_id "
                  "WHERE c.coop_id = ? AND u.phone = ?", (coop_id, phone))
    if row:
        row["data"] = loads(row["data"], {})
    return row


def conversations_in_handoff(db, coop_id: int) -> list[dict]:
    return all(db, "SELECT c.id, c.handoff_until, u.phone, u.name FROM conversations c "
                   "JOIN customers u ON u.id = c.customer_id WHERE c.coop_id = ? AND "
                   "c.state = 'handoff' ORDER BY c.updated_at DESC", (coop_id,))


def customer_conversations(db, customer_id: int) -> list[dict]:
    return all(db, "SELECT v.*, c.name AS coop_name FROM conversations v "
                   "JOIN coops c ON c.id = v.coop_id WHERE v.customer_id = ? "
                   "ORDER BY v.updated_at DESC", (customer_id,))
