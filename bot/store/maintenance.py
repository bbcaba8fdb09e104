"""Privacy erasure (forgetting a customer), WAL truncation, table counts."""

from __future__ import annotations

from .. import clock
from ..privacy import SEPARATORS, in_every_script, mentions, national_digits, redact
from .audit import audit
from .sql import all, dumps, loads, one, transaction


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
        customer = one(db, "SELECT * FROM customers WHERE phone = ?", (phone,))
        if customer is None:
            return {"found": False}
        cid = customer["id"]
        erased = f"forgotten-{cid}"
        # The names and addresses given in orders too (the customer row keeps the last only).
        known = {"names": {customer.get("name")}, "addresses": {customer.get("address")}}
        for row in all(db, "SELECT DISTINCT customer_name, address FROM orders "
                           "WHERE customer_id = ?", (cid,)):
            known["names"].add(row["customer_name"])
            known["addresses"].add(row["address"])
        orders = db.conn.execute(
            "UPDATE orders SET customer_name = NULL, phone = NULL, address = NULL, "
            "latitude = NULL, longitude = NULL WHERE customer_id = ?", (cid,)).rowcount
        conv_ids = [r["id"] for r in all(db, "SELECT id FROM conversations WHERE customer_id = ?",
                                         (cid,))]
        msgs = 0
        for conv_id in conv_ids:
            msgs += db.conn.execute(
                "UPDATE messages SET body = NULL, media = NULL, from_addr = NULL, to_addr = NULL "
                "WHERE conversation_id = ?", (conv_id,)).rowcount
        db.conn.execute("UPDATE conversations SET data = '{}', state = 'start', "
                        "version = version + 1 "
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
    order_ids = [r["id"] for r in all(db, "SELECT id FROM orders WHERE customer_id = ?", (cid,))]
    payload, params = likes("payload")
    jobs = all(db, f"SELECT id, payload FROM outbox WHERE status != 'pending' AND {payload}",
               params)
    jobs += all(db, "SELECT id, payload FROM outbox WHERE status != 'pending' AND "
                    f"json_extract(payload, '$.order_id') IN ({','.join('?' * len(order_ids))})",
                order_ids) if order_ids else []
    keep = ("order_id", "coop_id", "member_id", "conversation_id", "kind")
    for job in jobs:
        payload = loads(job["payload"], {})
        redacted = {k: v for k, v in payload.items() if k in keep}
        redacted["forgotten"] = True
        db.conn.execute("UPDATE outbox SET payload = ? WHERE id = ?", (dumps(redacted), job["id"]))
    # Free text that may name the customer: members' commands are audited verbatim
    # ("salina 06 12 34 56 78"), notes, a courier's error or answer. Erase the mentions.
    pattern = mentions(phone, extras)
    for table, cols in _FREE_TEXT:
        found = [likes(col) for col in cols]
        rows = all(db, f"SELECT id, {', '.join(cols)} FROM {table} WHERE "
                       + " OR ".join(sql for sql, _ in found), [p for _, ps in found for p in ps])
        for row in rows:
            db.conn.execute(f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in cols)} "
                            "WHERE id = ?",
                            (*[redact(row[c], pattern, national) for c in cols], row["id"]))
    db.conn.execute("DELETE FROM rate WHERE sender LIKE ?", (f"%{phone}",))
    return msgs


def counts(db) -> dict:
    return {t: db[t].count for t in ("coops", "members", "products", "customers",
                                     "conversations", "messages", "orders", "outbox")}


def db_file(db) -> str:
    """The database's file (photos are stored beside it)."""
    return db.conn.execute("PRAGMA database_list").fetchone()[2]
