"""The outbox: jobs the worker runs (enqueue, claim, retry, fail, list) and recent activity."""

from __future__ import annotations

from datetime import timedelta

from .. import clock
from .sql import all, dumps, loads, one, transaction


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
        (kind, dumps(payload), dedupe_key, due, now.isoformat(timespec="milliseconds"),
         now.isoformat(timespec="milliseconds")))
    return cur.rowcount == 1


def claim_job(db, lease_seconds: float = 120) -> dict | None:
    """Take the next due job, leasing it so no other worker runs it meanwhile.

    A job whose lease ran out (its worker died) is due again.
    """
    now = clock.utcnow()
    now_s = now.isoformat(timespec="milliseconds")
    with transaction(db):
        job = one(db, "SELECT * FROM outbox WHERE ((status = 'pending' AND next_attempt_at <= ?) "
                      "OR (status = 'running' AND locked_until <= ?)) "
                      "ORDER BY next_attempt_at, id LIMIT 1", (now_s, now_s))
        if job is None:
            return None
        lease = (now + timedelta(seconds=lease_seconds)).isoformat(timespec="milliseconds")
        db.conn.execute("UPDATE outbox SET status = 'running', locked_until = ?, "
                        "attempts = attempts + 1, updated_at = ? WHERE id = ?",
                        (lease, now_s, job["id"]))
    job["attempts"] += 1
    job["payload"] = loads(job["payload"], {})
    job["result"] = loads(job["result"], {})
    return job


def save_job_progress(db, job_id: int, result: dict) -> None:
    """Persist partial results (e.g. a message sid Twilio accepted) before going on."""
    db.conn.execute("UPDATE outbox SET result = ?, updated_at = ? WHERE id = ?",
                    (dumps(result), clock.now_iso(), job_id))


def finish_job(db, job_id: int, result: dict | None = None) -> None:
    db.conn.execute("UPDATE outbox SET status = 'done', result = ?, locked_until = NULL, "
                    "last_error = NULL, updated_at = ? WHERE id = ?",
                    (dumps(result or {}), clock.now_iso(), job_id))


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
    where: list[str] = ["id > ?"]
    params: list = [after_id]
    if status:
        where.append("status = ?")
        params.append(status)
    if kind:
        where.append("kind LIKE ?")
        params.append(kind + "%")
    rows = all(db, f"SELECT * FROM outbox WHERE {' AND '.join(where)} ORDER BY id DESC LIMIT ?",
               (*params, limit))
    for r in rows:
        r["payload"] = loads(r["payload"], {})
        r["result"] = loads(r["result"], {})
    return rows


def job_counts(db) -> dict:
    return {r["status"]: r["n"] for r in
            all(db, "SELECT status, count(*) AS n FROM outbox GROUP BY status")}


def activity_since(db, coop_id: int, *, after_job_id: int = 0, jobs_since: str | None = None,
                   after_event_id: int = 0, limit: int = 200) -> dict:
    """A cooperative's background activity for the simulator's side panel.

    ``jobs``: outbox jobs about ``coop_id`` (by payload ``coop_id`` or the order's
    cooperative) created after ``after_job_id`` or updated at/after ``jobs_since``
    (so a job is seen again when the worker finishes it); ``events``: order events
    after ``after_event_id``. Both oldest first.
    """
    jobs = all(
        db, "SELECT j.*, o.number AS order_number, m.name AS member_name, "
           "m.channel AS member_channel, m.phone AS member_phone FROM outbox j "
           "LEFT JOIN orders o ON o.id = json_extract(j.payload, '$.order_id') "
           "LEFT JOIN members m ON m.id = json_extract(j.payload, '$.member_id') "
           "WHERE (json_extract(j.payload, '$.coop_id') = ? OR o.coop_id = ?) "
           "AND (j.id > ? OR j.updated_at >= ?) ORDER BY j.id LIMIT ?",
        (coop_id, coop_id, after_job_id, jobs_since or "9999", limit))
    for j in jobs:
        j["payload"] = loads(j["payload"], {})
        j["result"] = loads(j["result"], {})
    events = all(
        db, "SELECT e.*, o.number AS order_number FROM order_events e "
            "JOIN orders o ON o.id = e.order_id WHERE o.coop_id = ? AND e.id > ? "
            "ORDER BY e.id LIMIT ?", (coop_id, after_event_id, limit))
    return {"jobs": jobs, "events": events}


def jobs_for_order(db, order_id: int) -> list[dict]:
    """Outbox jobs whose payload names ``order_id`` (forwards, notifications), oldest first."""
    rows = all(db, "SELECT * FROM outbox WHERE json_extract(payload, '$.order_id') = ? "
                   "ORDER BY id", (order_id,))
    for r in rows:
        r["payload"] = loads(r["payload"], {})
        r["result"] = loads(r["result"], {})
    return rows


def find_message_job(db, sid: str, kind: str = "message.member") -> dict | None:
    """The outbox job of ``kind`` whose accepted message has this Twilio ``sid``."""
    row = one(db, "SELECT * FROM outbox WHERE kind = ? AND json_extract(result, '$.sid') = ? "
                  "ORDER BY id DESC LIMIT 1", (kind, sid))
    if row:
        row["payload"] = loads(row["payload"], {})
        row["result"] = loads(row["result"], {})
    return row
