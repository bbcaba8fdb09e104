"""Who did what, and who may come in: the audit trail, rate limits, login throttles and
dashboard sessions."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from .. import clock
from .sql import all, dumps, one


def hit_rate(db, sender: str, limit: int, window_seconds: int = 60) -> str:
    """Count one message from ``sender``: ``"ok"``, ``"notice"`` (first over), or ``"drop"``."""
    window = int(clock.utcnow().timestamp() // window_seconds)
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
    window = int(clock.utcnow().timestamp() // window_seconds)
    found = {r["sender"]: r["count"] for r in all(
        db, f"SELECT sender, count FROM rate WHERE window = ? AND sender IN "
            f"({','.join('?' * len(keys))})", (window, *keys))}
    return [found.get(k, 0) for k in keys]


def add_failure(db, keys: list[str], window_seconds: int) -> None:
    """Count one failure under each key, in the current window (shared by all processes)."""
    window = int(clock.utcnow().timestamp() // window_seconds)
    for key in keys:
        db.conn.execute(
            "INSERT INTO rate (sender, window, count, noticed) VALUES (?, ?, 1, 0) "
            "ON CONFLICT(sender) DO UPDATE SET "
            "count = CASE WHEN window = excluded.window THEN count + 1 ELSE 1 END, "
            "window = excluded.window", (key, window))


def _session_hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def start_admin_session(db, session_id: str, max_age_seconds: float) -> None:
    """Remember a new login (and forget the sessions that have expired)."""
    now = clock.utcnow()
    db.conn.execute(
        "DELETE FROM admin_sessions WHERE created_at < ?",
        ((now - timedelta(seconds=max_age_seconds)).isoformat(timespec="milliseconds"),))
    db.conn.execute("INSERT INTO admin_sessions (id_hash, created_at) VALUES (?, ?)",
                    (_session_hash(session_id), now.isoformat(timespec="milliseconds")))


def admin_session_active(db, session_id: str, max_age_seconds: float) -> bool:
    since = (clock.utcnow() - timedelta(seconds=max_age_seconds)).isoformat(timespec="milliseconds")
    return one(db, "SELECT 1 AS ok FROM admin_sessions WHERE id_hash = ? AND ended_at IS NULL "
                   "AND created_at >= ?", (_session_hash(session_id), since)) is not None


def end_admin_session(db, session_id: str) -> None:
    db.conn.execute("UPDATE admin_sessions SET ended_at = ? WHERE id_hash = ?",
                    (clock.now_iso(), _session_hash(session_id)))


def audit(db, coop_id: int | None, actor: str, action: str, target: str | None = None,
          detail: dict | str | None = None) -> None:
    if isinstance(detail, dict):
        detail = dumps(detail)
    db.conn.execute("INSERT INTO audit (coop_id, actor, action, target, detail, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (coop_id, actor, action, target, detail, clock.now_iso()))


def audit_log(db, coop_id: int | None = None, limit: int = 100) -> list[dict]:
    if coop_id is None:
        return all(db, "SELECT * FROM audit ORDER BY id DESC LIMIT ?", (limit,))
    return all(db, "SELECT * FROM audit WHERE coop_id = ? ORDER BY id DESC LIMIT ?",
               (coop_id, limit))
