"""Handoffs: a customer waiting for, or talking with, a person (issue 18).

A handoff is ``waiting`` (nobody holds it), ``taken`` (a member or an operator holds it) or
``ended``. A conversation has at most one open (not ended) handoff; its ``code`` (1–99, the
smallest free one among the cooperative's open handoffs) is what a member types ("@2 …") to
pick it. Times are ISO strings in UTC, compared as text like everywhere in the store.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from .. import clock
from .sql import all, dumps, loads, one

MAX_CODE = 99
#: Hours an ended handoff's code rests before another customer gets it.
CODE_REST_HOURS = 12


def _iso(now: datetime) -> str:
    return now.isoformat(timespec="milliseconds")


def get_handoff(db, handoff_id: int) -> dict | None:
    return one(db, "SELECT * FROM handoffs WHERE id = ?", (handoff_id,))


def open_handoff_of(db, conversation_id: int) -> dict | None:
    """The conversation's handoff that is not ended, if any."""
    return one(db, "SELECT * FROM handoffs WHERE conversation_id = ? AND status != 'ended'",
               (conversation_id,))


def handoff_by_code(db, coop_id: int, code: int) -> dict | None:
    """The cooperative's open handoff with this short code."""
    return one(db, "SELECT * FROM handoffs WHERE coop_id = ? AND code = ? AND status != 'ended'",
               (coop_id, code))


def _free_code(db, coop_id: int, conversation_id: int, now: datetime) -> int:
    """The code for a new handoff: the customer's own last code when it is free; else the
    smallest code no other customer had in the last ``CODE_REST_HOURS`` (a member's late
    "@1 …" meant for an ended conversation reaches nobody rather than a new customer);
    else the smallest free one."""
    used = {r["code"] for r in all(db, "SELECT code FROM handoffs WHERE coop_id = ? AND "
                                       "status != 'ended'", (coop_id,))}
    mine = one(db, "SELECT code FROM handoffs WHERE conversation_id = ? ORDER BY id DESC "
                   "LIMIT 1", (conversation_id,))
    if mine and mine["code"] not in used:
        return mine["code"]
    resting = {r["code"] for r in all(db, "SELECT code FROM handoffs WHERE coop_id = ? AND "
                                          "status = 'ended' AND ended_at >= ?",
                                      (coop_id, _iso(now - timedelta(hours=CODE_REST_HOURS))))}
    return next((c for c in range(1, MAX_CODE + 1) if c not in used | resting),
                next((c for c in range(1, MAX_CODE + 1) if c not in used),
                     MAX_CODE + len(used)))


def open_handoff(db, *, coop_id: int, conversation_id: int, customer_id: int, reason: str,
                 until: datetime | str | None, now: datetime) -> dict:
    """Open a handoff for the conversation; the open one when there is one already (its
    ``until`` is moved on, never back). Call it inside a transaction."""
    until_s = _iso(until) if isinstance(until, datetime) else until
    found = open_handoff_of(db, conversation_id)
    if found is not None:
        if until_s and (found["until"] or "") < until_s:
            db.conn.execute("UPDATE handoffs SET until = ? WHERE id = ?", (until_s, found["id"]))
            found["until"] = until_s
        return found
    cur = db.conn.execute(
        "INSERT INTO handoffs (coop_id, conversation_id, customer_id, code, status, reason, "
        "started_at, until, last_customer_at) VALUES (?, ?, ?, ?, 'waiting', ?, ?, ?, ?)",
        (coop_id, conversation_id, customer_id, _free_code(db, coop_id, conversation_id, now),
         reason, _iso(now), until_s, _iso(now)))
    row = get_handoff(db, cur.lastrowid)
    assert row is not None                   # inserted just above
    return row


def take_handoff(db, handoff_id: int, *, member_id: int | None = None,
                 operator: str | None = None, now: datetime) -> bool:
    """Give the handoff to a member or an operator: only a waiting one, or again to the one
    who holds it. False when it is ended or someone else holds it (atomic)."""
    if (member_id is None) == (operator is None):
        raise ValueError("take_handoff needs exactly one of member_id, operator")
    cur = db.conn.execute(
        "UPDATE handoffs SET status = 'taken', member_id = ?, operator = ?, "
        "taken_at = COALESCE(CASE WHEN status = 'taken' THEN taken_at END, ?) "
        "WHERE id = ? AND (status = 'waiting' OR (status = 'taken' AND "
        "((member_id IS NOT NULL AND member_id = ?) OR (operator IS NOT NULL AND operator = ?))))",
        (member_id, operator, _iso(now), handoff_id, member_id, operator))
    if cur.rowcount != 1:
        return False
    focus_handoff(db, handoff_id, now)
    return True


def release_handoff(db, handoff_id: int, now: datetime) -> bool:
    """Back to waiting, held by nobody; False when it was not taken."""
    cur = db.conn.execute(
        "UPDATE handoffs SET status = 'waiting', member_id = NULL, operator = NULL, "
        "focus_at = NULL, taken_at = NULL WHERE id = ? AND status = 'taken'", (handoff_id,))
    return cur.rowcount == 1


def end_handoff(db, handoff_id: int, *, by: str, now: datetime) -> bool:
    """End it (``by``: ``member:<id>``, ``operator:<name>``, ``customer``, ``timeout``);
    False when it was ended already."""
    cur = db.conn.execute(
        "UPDATE handoffs SET status = 'ended', ended_at = ?, ended_by = ?, focus_at = NULL "
        "WHERE id = ? AND status != 'ended'", (_iso(now), by, handoff_id))
    return cur.rowcount == 1


def focus_handoff(db, handoff_id: int, now: datetime) -> None:
    """Make it its holder's current conversation (the one a plain message goes to): its
    ``focus_at`` is the latest of the holder's, even within one millisecond."""
    db.conn.execute("UPDATE handoffs SET focus_at = ? WHERE id = ?",
                    (_latest_focus(db, handoff_id, now), handoff_id))


def _latest_focus(db, handoff_id: int, now: datetime) -> str:
    row = one(db, "SELECT max(o.focus_at) AS at FROM handoffs h JOIN handoffs o ON "
                  "o.member_id = h.member_id AND o.status = 'taken' AND o.id != h.id "
                  "WHERE h.id = ?", (handoff_id,))
    at = _iso(now)
    if row and row["at"] and row["at"] >= at:
        at = _iso(datetime.fromisoformat(row["at"]) + timedelta(milliseconds=1))
    return at


def extend_handoff(db, handoff_id: int, until: datetime | str) -> None:
    """Move the time it times out (and its conversation's ``handoff_until``) to ``until``."""
    until_s = _iso(until) if isinstance(until, datetime) else until
    db.conn.execute("UPDATE handoffs SET until = ? WHERE id = ? AND status != 'ended'",
                    (until_s, handoff_id))
    db.conn.execute("UPDATE conversations SET handoff_until = ?, version = version + 1 "
                    "WHERE id = (SELECT conversation_id FROM handoffs WHERE id = ? AND "
                    "status != 'ended') AND state = 'handoff'", (until_s, handoff_id))


def hold_reply(db, handoff_id: int, reply: dict) -> None:
    """Keep a reply that cannot go yet (WhatsApp's 24-hour window is closed): it goes when
    the customer next writes (:func:`take_held_replies`)."""
    row = one(db, "SELECT held FROM handoffs WHERE id = ?", (handoff_id,))
    held = loads((row or {}).get("held"), []) + [reply]
    db.conn.execute("UPDATE handoffs SET held = ? WHERE id = ?", (dumps(held), handoff_id))


def take_held_replies(db, handoff_id: int) -> list[dict]:
    """The replies kept for the customer's next message, oldest first; forgotten here."""
    row = one(db, "SELECT held FROM handoffs WHERE id = ?", (handoff_id,))
    held = loads((row or {}).get("held"), [])
    if held:
        db.conn.execute("UPDATE handoffs SET held = NULL WHERE id = ?", (handoff_id,))
    return held


def touch_handoff(db, handoff_id: int, *, customer: bool, now: datetime) -> None:
    """Note the time of the customer's last message (``customer``) or of the last reply."""
    column = "last_customer_at" if customer else "last_reply_at"
    db.conn.execute(f"UPDATE handoffs SET {column} = ? WHERE id = ?", (_iso(now), handoff_id))


_WITH_NAMES = (
    "SELECT h.*, u.name AS customer_name, u.phone AS customer_phone, c.name AS coop_name, "
    "COALESCE(m.name, h.operator) AS holder_name, m.phone AS member_phone, "
    "v.lang AS lang, v.channel AS channel FROM handoffs h "
    "JOIN customers u ON u.id = h.customer_id JOIN coops c ON c.id = h.coop_id "
    "JOIN conversations v ON v.id = h.conversation_id "
    "LEFT JOIN members m ON m.id = h.member_id ")


def member_handoffs(db, member_id: int) -> list[dict]:
    """The handoffs a member holds, the one in focus first."""
    return all(db, _WITH_NAMES + "WHERE h.member_id = ? AND h.status = 'taken' "
                                 "ORDER BY h.focus_at DESC, h.id DESC", (member_id,))


def waiting_handoffs(db, coop_id: int) -> list[dict]:
    """The cooperative's handoffs nobody holds yet, oldest first."""
    return all(db, _WITH_NAMES + "WHERE h.coop_id = ? AND h.status = 'waiting' "
                                 "ORDER BY h.started_at, h.id", (coop_id,))


def list_handoffs(db, *, status: str | None = None, coop_id: int | None = None,
                  limit: int = 100, now: datetime | None = None) -> list[dict]:
    """Handoffs for the operators' inbox, newest first (waiting ones before the others when
    no status is asked), each with the customer's name and phone, the cooperative's name,
    the holder's name, ``waited`` (seconds since it started, or until it was taken or ended)
    and ``last_message`` (the customer's last message). ``now``: the clock's by default."""
    now = now or clock.utcnow()
    where: list[str] = ["1 = 1"]
    params: list = []
    if status == "open":
        where.append("h.status != 'ended'")
    elif status:
        where.append("h.status = ?")
        params.append(status)
    if coop_id is not None:
        where.append("h.coop_id = ?")
        params.append(coop_id)
    rows = all(db, _WITH_NAMES + f"WHERE {' AND '.join(where)} "
               "ORDER BY h.status = 'waiting' DESC, h.started_at DESC, h.id DESC LIMIT ?",
               (*params, limit))
    for row in rows:
        last = one(db, "SELECT body, media FROM messages WHERE conversation_id = ? AND "
                       "direction = 'in' ORDER BY id DESC LIMIT 1", (row["conversation_id"],))
        row["last_message"] = (last or {}).get("body") or ""
        end = row["taken_at"] or row["ended_at"]
        started = datetime.fromisoformat(row["started_at"])
        stop = datetime.fromisoformat(end) if end else now
        row["waited"] = max(0, int((stop - started).total_seconds()))
    return rows


def handoff_counts(db, now: datetime | None = None) -> dict:
    """``{"waiting": n, "oldest_since": iso | None}`` for the dashboard's badge."""
    row = one(db, "SELECT count(*) AS n, min(started_at) AS oldest FROM handoffs "
                  "WHERE status = 'waiting'")
    row = row or {"n": 0, "oldest": None}
    return {"waiting": row["n"], "oldest_since": row["oldest"]}


def expired_handoffs(db, now: datetime) -> list[dict]:
    """Open handoffs whose ``until`` has passed."""
    return all(db, "SELECT * FROM handoffs WHERE status != 'ended' AND until IS NOT NULL AND "
                   "until < ?", (_iso(now),))

