"""The outbox worker: forwards orders to couriers, sends messages, polls tracking.

``flask --app app worker`` runs :func:`run`. Jobs were written in the same
transaction as the order they belong to; the worker leases one job at a time
(a killed worker's lease runs out and the job is taken again), retries network
errors, timeouts, 429 and 5xx with exponential backoff and jitter, and records
the outcome. Side effects are made idempotent where the other side allows:
a courier parcel carries our order number and is looked up before being
created again; a Twilio message accepted once is never sent again (its sid is
saved before anything else happens).
"""

from __future__ import annotations

import logging
import random
import signal
import threading
import time

from .. import relay, store
from ..logs import request_id
from ..messaging import make_transport
from .courier_jobs import (
    CITY_MAX_AGE_HOURS,
    CITY_MIN_SCORE,
    CITY_RETRY_SECONDS,
    CITY_STALE_HOURS,
    COURIER_NAMES,
    NO_CITY_LIST,
    cancel_parcel,
    courier_city_list,
    courier_for,
    forward_order,
    parcel_of,
    poll_tracking,
    refresh_city_lists,
    resolve_city,
)
from .message_jobs import (
    SAVE_SENT_PATIENCE,
    on_delivery_failure,
    send_customer_message,
    send_member_message,
    send_member_sms,
)
from .outcomes import MAX_ATTEMPTS, Fail, Retry

#: The loop, and the job functions' public faces (tests, the courier webhooks, the cli).
__all__ = [
    "BASE_DELAY", "CITY_CHECK_EVERY", "CITY_MAX_AGE_HOURS", "CITY_MIN_SCORE",
    "CITY_RETRY_SECONDS", "CITY_STALE_HOURS", "COURIER_NAMES", "HANDLERS", "MAX_ATTEMPTS",
    "MAX_DELAY", "NO_CITY_LIST", "SAVE_SENT_PATIENCE", "TRACK_EVERY", "Fail", "Retry", "backoff",
    "cancel_parcel", "courier_city_list", "courier_for", "forward_order", "on_delivery_failure",
    "parcel_of", "poll_tracking", "refresh_city_lists", "resolve_city", "run", "run_job",
    "send_customer_message", "send_member_message", "send_member_sms", "work_once",
]

log = logging.getLogger("bot.worker")

BASE_DELAY = 2.0
MAX_DELAY = 600.0
TRACK_EVERY = 30.0          # seconds between polls of couriers without webhooks
CITY_CHECK_EVERY = 300.0    # seconds between checks for courier city lists to refresh



def backoff(attempt: int, base: float = BASE_DELAY, cap: float = MAX_DELAY) -> float:
    """Exponential backoff with full jitter."""
    return random.uniform(base / 2, min(cap, base * 2 ** (attempt - 1)))


# --------------------------------------------------------------------------
# The loop
# --------------------------------------------------------------------------

HANDLERS = {
    "courier.forward": lambda db, job, transport, settings: forward_order(db, job, settings),
    "courier.cancel": lambda db, job, transport, settings: cancel_parcel(db, job, settings),
    "message.member": send_member_message,
    "message.member_sms": send_member_sms,
    "message.customer": send_customer_message,
    relay.TIMEOUT_JOB: relay.timeout_job,
}


def run_job(db, job: dict, transport, settings: dict) -> str:
    """Run one claimed job and record its outcome; return ``done``/``retry``/``failed``."""
    request_id.set(f"job-{job['id']}")
    handler = HANDLERS.get(job["kind"])
    try:
        if handler is None:
            raise Fail(f"unknown job kind {job['kind']!r}")
        result = handler(db, job, transport, settings)
    except Retry as exc:
        delay = backoff(job["attempts"], base=float(settings.get("RETRY_BASE") or BASE_DELAY))
        with store.transaction(db):
            store.retry_job(db, job["id"], str(exc), delay)
        log.info("job %s (%s) retry in %.1fs: %s", job["id"], job["kind"], delay, exc)
        return "retry"
    except Fail as exc:
        with store.transaction(db):
            store.fail_job(db, job["id"], str(exc))
        log.warning("job %s (%s) failed: %s", job["id"], job["kind"], exc)
        return "failed"
    except Exception as exc:                       # a bug: keep the job, retry later
        log.exception("job %s (%s) crashed", job["id"], job["kind"])
        with store.transaction(db):
            store.retry_job(db, job["id"], f"{type(exc).__name__}: {exc}",
                            backoff(job["attempts"]))
        return "retry"
    with store.transaction(db):
        store.finish_job(db, job["id"], result)
    return "done"


def work_once(db, transport, settings: dict, limit: int = 100) -> int:
    """Run due jobs until none is left (or ``limit``); return how many ran."""
    ran = 0
    while ran < limit:
        job = store.claim_job(db, lease_seconds=float(settings.get("JOB_LEASE") or 120))
        if job is None:
            break
        run_job(db, job, transport, settings)
        ran += 1
    return ran


def run(settings: dict, *, poll: float = 0.5, stop: threading.Event | None = None,
        max_seconds: float | None = None) -> None:
    """Work until stopped (SIGTERM/SIGINT, ``stop`` set, or ``max_seconds`` elapsed)."""
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
    db = store.connect(settings["BGHIT_DB"])
    transport = make_transport(settings)
    started, last_track, last_cities = time.monotonic(), 0.0, float("-inf")
    log.info("worker started (%s)", type(transport).__name__)
    while not stop.is_set():
        try:
            if time.monotonic() - last_cities >= CITY_CHECK_EVERY:
                last_cities = time.monotonic()
                refresh_city_lists(db, settings)      # only lists older than a day
            ran = work_once(db, transport, settings)
            if time.monotonic() - last_track >= settings.get("TRACK_EVERY", TRACK_EVERY):
                last_track = time.monotonic()
                poll_tracking(db, settings)
        except store.StoreError as exc:
            log.error("storage unavailable: %s", exc)
            ran = 0
        if max_seconds is not None and time.monotonic() - started > max_seconds:
            break
        if not ran:
            stop.wait(poll)
    log.info("worker stopped")
