"""Inbound and outbound messages, their delivery statuses, transcripts."""

from __future__ import annotations

from typing import cast

from .. import clock
from .coops import coop_row, number_column
from .sql import all, dumps, loads, one


def find_inbound(db, sid: str | None, idempotency_key: str | None,
                 from_addr: str | None = None) -> dict | None:
    """An inbound message already processed under this MessageSid, or under this
    idempotency token from the same sender (the token's header is not signed: another
    sender's token must not return their replies)."""
    if sid:
        row = one(db, "SELECT * FROM messages WHERE sid = ?", (sid,))
        if row:
            return row
    if idempotency_key and from_addr:
        return one(db, "SELECT * FROM messages WHERE idempotency_key = ? AND direction = 'in' "
                       "AND from_addr = ?", (idempotency_key, from_addr))
    return None


def inbound_context(db, *, sid: str | None, idempotency_key: str | None, channel: str,
                    number: str, phone: str, from_addr: str | None = None) -> dict:
    """What an inbound message is first read against (inside its transaction).

    ``prior``: the message already stored under this sid or idempotency token (a
    redelivery; a token only from ``from_addr``), else None. ``coops``: the cooperatives
    answering on ``number``; ``coop``: the first one (``shared`` when several answer on it).
    ``is_member``: ``phone`` is one of its members. ``customer`` and ``conversation``: the
    customer with ``phone`` and their conversation with that cooperative, or None.

    The redelivery check rides on the cooperatives' query (one statement instead of two;
    the full stored message is read only for a redelivery). One query joining the customer
    and conversation too was measured: no faster than these two small ones.
    """
    out: dict = {"prior": None, "coops": [], "coop": None, "shared": False,
                 "is_member": False, "customer": None, "conversation": None}
    rows = all(db, "SELECT coalesce((SELECT id FROM messages WHERE sid = :sid), "
                   "(SELECT id FROM messages WHERE idempotency_key = :key AND direction = 'in' "
                   "AND from_addr = :from_addr)) AS _prior_, * FROM coops "
                   f"WHERE {number_column(channel)} = :number ORDER BY id",
               {"sid": sid or None, "key": idempotency_key or None,
                "from_addr": from_addr or None, "number": number})
    if not rows:                   # an unknown number: no row to carry the redelivery check
        out["prior"] = find_inbound(db, sid, idempotency_key, from_addr)
        return out
    if rows[0]["_prior_"] is not None:
        out["prior"] = one(db, "SELECT * FROM messages WHERE id = ?", (rows[0]["_prior_"],))
        return out
    for r in rows:
        del r["_prior_"]
    coops = [coop_row(r) for r in rows]
    out.update(coops=coops, coop=coops[0], shared=len(coops) > 1)
    cur = db.conn.execute(
        "SELECT EXISTS (SELECT 1 FROM members WHERE phone = :phone AND coop_id = :coop), "
        "u.*, NULL AS _conversation_, c.* FROM (SELECT 1) "
        "LEFT JOIN customers u ON u.phone = :phone "
        "LEFT JOIN conversations c ON c.customer_id = u.id AND c.coop_id = :coop",
        {"phone": phone, "coop": coops[0]["id"]})
    row = cur.fetchone()
    names = [d[0] for d in cur.description]
    cut = names.index("_conversation_")
    customer = dict(zip(names[1:cut], row[1:cut], strict=False))
    conv = dict(zip(names[cut + 1:], row[cut + 1:], strict=False))
    out["is_member"] = bool(row[0])
    if customer["id"] is not None:
        out["customer"] = customer
    if conv["id"] is not None:
        conv["data"] = loads(conv["data"], {})
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
         dumps(media) if media else None, None if reply is None else dumps(reply), now, now))
    return cur.lastrowid


def record_exchange(db, *, sid, idempotency_key, coop_id, conversation_id, from_addr, to_addr,
                    body, media, replies: list[str]) -> None:
    """Store an inbound message with the replies it got (its redelivery answer), and each
    reply sent in the webhook's answer (TwiML) as a row of its own, in one statement: what
    :func:`record_inbound` then :func:`record_replies` store."""
    now = clock.now_iso()
    rows: list[tuple] = [(sid, idempotency_key, "in", coop_id, conversation_id, from_addr,
                          to_addr, body, dumps(media) if media else None, "received",
                          dumps(replies), now, now)]
    rows += [(None, None, "out", coop_id, conversation_id, to_addr, from_addr, text, None,
              "replied", None, now, now) for text in replies]
    db.conn.execute(
        "INSERT INTO messages (sid, idempotency_key, direction, coop_id, conversation_id, "
        "from_addr, to_addr, body, media, status, reply, created_at, updated_at) VALUES "
        + ", ".join(["(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"] * len(rows)),
        [value for row in rows for value in row])


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
                    status="sent", author: str | None = None, media=None) -> int:
    """Store a message we sent; ``author`` when a person wrote it (``member:<id>``,
    ``operator:<name>``), None for the bot's own."""
    now = clock.now_iso()
    cur = db.conn.execute(
        "INSERT INTO messages (sid, direction, coop_id, conversation_id, from_addr, to_addr, "
        "body, media, status, author, created_at, updated_at) "
        "VALUES (?, 'out', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (sid, coop_id, conversation_id, from_addr, to_addr, body,
         dumps(media) if media else None, status, author, now, now))
    return cur.lastrowid


def update_message_status(db, sid: str, status: str, error_code: str | None = None) -> bool:
    """Record a delivery status from Twilio's status callback; False if the sid is unknown.

    Statuses only move forward (a late ``sent`` never overwrites ``delivered``).
    """
    order = ["accepted", "queued", "sending", "sent", "receiving", "received",
             "delivered", "read", "undelivered", "failed", "canceled"]
    row = one(db, "SELECT id, status FROM messages WHERE sid = ?", (sid,))
    if row is None:
        return False
    old = row["status"] or ""
    if old in order and status in order and order.index(status) < order.index(old):
        return True
    db.conn.execute("UPDATE messages SET status = ?, error_code = ?, updated_at = ? WHERE id = ?",
                    (status, error_code, clock.now_iso(), row["id"]))
    return True


def last_inbound_at(db, conversation_id: int) -> str | None:
    """When the customer last wrote in this conversation (WhatsApp's 24-hour window)."""
    row = one(db, "SELECT max(created_at) AS at FROM messages WHERE conversation_id = ? AND "
                  "direction = 'in'", (conversation_id,))
    return (row or {}).get("at")


def recent_messages(db, conversation_id: int, limit: int = 5) -> list[dict]:
    rows = all(db, "SELECT direction, body, created_at FROM messages WHERE conversation_id = ? "
                   "ORDER BY id DESC LIMIT ?", (conversation_id, limit))
    return list(reversed(rows))


def transcript(db, conversation_id: int) -> list[dict]:
    """The conversation's messages, oldest first: ``id``, ``direction``, ``body``, ``media``
    (a list of ``{url, type}``; a location pin is ``{latitude, longitude, …}``), ``status``,
    ``created_at`` and ``author`` (``customer``, ``bot``, ``member:<id>``,
    ``operator:<name>``)."""
    rows = all(db, "SELECT id, direction, body, media, status, created_at, author "
                   "FROM messages WHERE conversation_id = ? ORDER BY id", (conversation_id,))
    for row in rows:
        media = loads(row["media"], None) or []
        row["media"] = [m for m in media if isinstance(m, dict)] if isinstance(media, list) else []
        row["author"] = row["author"] or ("customer" if row["direction"] == "in" else "bot")
    return rows


def get_message_by_sid(db, sid: str) -> dict | None:
    return one(db, "SELECT * FROM messages WHERE sid = ?", (sid,))


def inbound_medium(db, sid: str, index: int) -> dict | None:
    """Medium ``index`` (``{"url", "type"}``) of the inbound message ``sid``, or None."""
    row = one(db, "SELECT media FROM messages WHERE sid = ? AND direction = 'in'", (sid,))
    media = loads(row["media"], None) if row else None
    if not isinstance(media, list) or not 0 <= index < len(media):
        return None
    item = media[index]
    return item if isinstance(item, dict) and item.get("url") else None


def record_early_status(db, sid: str, status: str, error_code=None) -> None:
    """Keep a status callback that arrived before the worker recorded its message."""
    now = clock.now_iso()
    db.conn.execute("INSERT OR IGNORE INTO messages (sid, direction, status, error_code, "
                    "created_at, updated_at) VALUES (?, 'out', ?, ?, ?, ?)",
                    (sid, status, error_code, now, now))


def save_outbound_message(db, *, coop_id, conversation_id, from_addr, to_addr, body, sid,
                          status, author: str | None = None, media=None) -> dict:
    """Record a message Twilio accepted; keep a status a callback already brought.

    Returns the stored row (its ``status`` may be ahead of ``status``).
    """
    row = get_message_by_sid(db, sid)
    if row is None:
        record_outbound(db, coop_id=coop_id, conversation_id=conversation_id,
                        from_addr=from_addr, to_addr=to_addr, body=body, sid=sid, status=status,
                        author=author, media=media)
    else:
        db.conn.execute("UPDATE messages SET coop_id = ?, conversation_id = ?, from_addr = ?, "
                        "to_addr = ?, body = ?, author = ?, media = ?, updated_at = ? "
                        "WHERE id = ?",
                        (coop_id, conversation_id, from_addr, to_addr, body, author,
                         dumps(media) if media else None, clock.now_iso(), row["id"]))
    return cast(dict, get_message_by_sid(db, sid))   # recorded or updated just above


def outbound_messages(db, limit: int = 20) -> list[dict]:
    """The latest messages we sent through the API (alerts, notifications), newest first."""
    return all(db, "SELECT * FROM messages WHERE direction = 'out' AND sid IS NOT NULL "
                   "ORDER BY id DESC LIMIT ?", (limit,))
