"""When a handoff ends by itself: the worker's ``handoff.timeout`` job (planned at the start
and at each reply), the sweep, and the cooperative's hours (is a person there now)."""

from __future__ import annotations

import functools
from datetime import UTC, datetime

from .. import clock, hours, store
from .common import aware
from .handoffs import end

TIMEOUT_JOB = "handoff.timeout"



def plan_timeout(db, handoff: dict, now: datetime) -> None:
    """The worker's ``handoff.timeout`` job, due when the handoff times out."""
    until = aware(handoff.get("until"))
    if until is None:
        return
    store.enqueue(db, TIMEOUT_JOB, {"handoff_id": handoff["id"], "coop_id": handoff["coop_id"]},
                  dedupe_key=f"{TIMEOUT_JOB}:{handoff['id']}:{handoff['until']}",
                  delay_seconds=max(0.0, (until - now).total_seconds()))



def timeout_job(db, job: dict, transport, settings: dict) -> dict:
    """``handoff.timeout``: end the handoff if it is still open and its time has passed
    (a later reply moved it on: a later job is planned for then)."""
    now = clock.utcnow()
    with store.transaction(db):
        handoff = store.get_handoff(db, job["payload"]["handoff_id"])
        if handoff is None or handoff["status"] == "ended":
            return {"skipped": "ended"}
        until = aware(handoff["until"])
        if until is not None and until > now:
            plan_timeout(db, handoff, now)
            return {"skipped": "extended", "until": handoff["until"]}
        end(db, handoff["id"], by="timeout", now=now)
    return {"ended": handoff["id"]}



def expire(db, now: datetime) -> int:
    """End every handoff whose time has passed (a sweep; the jobs do it one by one)."""
    ended = 0
    for handoff in store.expired_handoffs(db, now):
        ended += end(db, handoff["id"], by="timeout", now=now)
    return ended



def handoff_end(coop: dict, now: datetime, minutes: float) -> datetime:
    """When a handoff started ``now`` times out: ``minutes`` of the cooperative's opening
    time (a person had that long to answer), in UTC."""
    return hours.hours_of(coop).after_open_minutes(now, minutes).astimezone(UTC)



def hours_now(coop: dict, now: datetime) -> tuple[bool, datetime | None]:
    """Is a person there now (the cooperative's hours), and if not, when next.

    Read on every customer message: hours are in whole minutes, so the answer is computed
    once per cooperative's hours and minute (the clock truncated to its minute)."""
    return _hours_at(hours.hours_of(coop), now.replace(second=0, microsecond=0))


@functools.lru_cache(maxsize=256)
def _hours_at(opening: hours.Hours, minute: datetime) -> tuple[bool, datetime | None]:
    if opening.is_open(minute):
        return True, None
    return False, opening.next_opening(minute)
