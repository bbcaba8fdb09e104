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
from dataclasses import asdict
from datetime import datetime, timezone

from . import alerts, i18n, service, store
from .coops import resolve_options
from .couriers import get_courier
from .couriers.base import CourierCity, CourierError, Parcel
from .couriers.cities import match_city
from .geo import city_forms
from .logs import request_id
from .messaging import SendError, deliver, make_transport, plan_member_delivery

log = logging.getLogger("bot.worker")

MAX_ATTEMPTS = 12           # about 1 h of retries with the delays below
BASE_DELAY = 2.0
MAX_DELAY = 600.0
TRACK_EVERY = 30.0          # seconds between polls of couriers without webhooks

# Our status → the customer notification it triggers.
CUSTOMER_NOTICES = {"picked_up": "notify_picked_up", "out_for_delivery": "notify_out_for_delivery",
                    "delivered": "notify_delivered"}
MEMBER_ALERTS = {"refused": "refused", "returned": "returned"}


class Retry(Exception):
    """Try the job again later."""


class Fail(Exception):
    """Give up on the job (it is recorded as failed)."""


def backoff(attempt: int, base: float = BASE_DELAY, cap: float = MAX_DELAY) -> float:
    """Exponential backoff with full jitter."""
    return random.uniform(base / 2, min(cap, base * 2 ** (attempt - 1)))


# --------------------------------------------------------------------------
# Couriers
# --------------------------------------------------------------------------

def courier_for(coop: dict, settings: dict):
    delivery = coop["settings"].get("delivery", {})
    options = resolve_options(delivery.get("options") or {})
    return get_courier(delivery.get("courier") or "manual", options,
                       timeout=float(settings.get("COURIER_TIMEOUT", 10)))


def courier_city_list(db, coop: dict, courier, refresh: bool = False) -> list[CourierCity]:
    """The courier's cities, from the daily cache or fetched (and cached)."""
    name = courier.name
    if not refresh:
        cached = store.load_courier_cities(db, name, coop["slug"])
        if cached is not None:
            return [CourierCity(**c) for c in cached]
    cities = courier.cities()
    with store.transaction(db):
        store.save_courier_cities(db, name, coop["slug"], [asdict(c) for c in cities])
    return cities


def parcel_of(order: dict, coop: dict) -> Parcel:
    return Parcel(
        reference=order["number"], cod_amount=order["total"],
        recipient_name=order.get("customer_name") or "", phone=order.get("phone") or "",
        city=order.get("city") or "", address=order.get("address") or "",
        latitude=order.get("latitude"), longitude=order.get("longitude"),
        items=[{"sku": l["sku"], "name": l["name"], "quantity": l["quantity"]}
               for l in order["lines"]],
        note=f"{coop['name']} — {order['number']}", coop_slug=coop["slug"],
        coop_name=coop["name"])


def forward_order(db, job: dict, settings: dict) -> dict:
    """``courier.forward``: create the parcel once, even across ambiguous failures."""
    order = store.get_order(db, job["payload"]["order_id"])
    if order is None:
        raise Fail("order not found")
    if order["status"] not in ("confirmed", "forward_failed") or order.get("tracking"):
        return {"skipped": order["status"]}
    coop = store.get_coop(db, order["coop_id"])
    courier = courier_for(coop, settings)
    try:
        city = None
        if courier.name not in ("manual", "webhook"):
            cities = courier_city_list(db, coop, courier)
            city, score = match_city(order["city"] or "", cities, city_forms())
            if city is None or score < 80:
                return _forward_failed(db, coop, order, f"city not served: {order['city']}")
        result = None
        if job["attempts"] > 1 or job["result"].get("sent"):
            result = courier.find_parcel(order["number"])       # did the last try land?
        if result is None:
            store.save_job_progress(db, job["id"], {"sent": True})
            result = courier.create_parcel(parcel_of(order, coop), city)
    except CourierError as exc:
        if exc.retryable and job["attempts"] < MAX_ATTEMPTS:
            raise Retry(str(exc)) from None
        return _forward_failed(db, coop, order, exc.message or str(exc))
    with store.transaction(db):
        current = store.get_order(db, order["id"])
        if current["status"] in ("confirmed", "forward_failed"):
            store.set_order_status(db, order["id"], "forwarded", source=courier.name,
                                   tracking=result.tracking, forward_error=None,
                                   city_id=getattr(city, "id", None))
    log.info("order %s forwarded via %s", order["number"], courier.name)
    return {"tracking": result.tracking}


def _forward_failed(db, coop, order, message: str) -> dict:
    with store.transaction(db):
        store.set_order_status(db, order["id"], "forward_failed", source="courier",
                               note=message[:300], forward_error=message[:300])
        alerts.alert_members(db, coop, "forward_failed", key=f"forward_failed:{order['id']}:"
                             f"{int(time.time())}", order=order, error=message[:200])
    log.warning("order %s not forwarded: %s", order["number"], message[:200])
    return {"forward_failed": message[:300]}


def apply_courier_status(db, order: dict, raw: str, status: str | None, source: str) -> bool:
    """Record a courier status; notify the customer or alert members when it matters.

    Call inside a transaction. Returns True when our status changed.
    """
    if status is None or status == order["status"]:
        if raw != order.get("courier_status"):
            store.update_order_fields(db, order["id"], courier_status=raw)
        return False
    if order["status"] in ("cancelled", "delivered", "returned") and status != "returned":
        store.update_order_fields(db, order["id"], courier_status=raw)
        return False
    store.set_order_status(db, order["id"], status, raw_status=raw, source=source,
                           courier_status=raw)
    order = store.get_order(db, order["id"])
    if status in CUSTOMER_NOTICES:
        service.notify_customer(db, order, CUSTOMER_NOTICES[status])
    if status in MEMBER_ALERTS:
        coop = store.get_coop(db, order["coop_id"])
        alerts.alert_members(db, coop, MEMBER_ALERTS[status], key=f"{status}:{order['id']}",
                             order=order)
    return True


def poll_tracking(db, settings: dict) -> int:
    """Ask couriers without webhooks (Ozon, sandbox) where each parcel is."""
    changed = 0
    couriers: dict = {}
    for order in store.orders_to_track(db):
        coop = store.get_coop(db, order["coop_id"])
        courier = couriers.get(coop["id"]) or couriers.setdefault(coop["id"],
                                                                  courier_for(coop, settings))
        if not getattr(courier, "pollable", False) or courier.name != order["courier"]:
            continue
        try:
            raw = courier.track(order["tracking"])
        except CourierError as exc:
            log.info("tracking %s failed: %s", order["number"], exc)
            continue
        if raw:
            with store.transaction(db):
                current = store.get_order(db, order["id"])
                changed += apply_courier_status(db, current, raw, courier.map_status(raw),
                                                courier.name)
    return changed


# --------------------------------------------------------------------------
# Messages
# --------------------------------------------------------------------------

def _parse_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def send_member_message(db, job: dict, transport, settings: dict) -> dict:
    """``message.member``: an alert, by WhatsApp (text or template) or SMS, sent once."""
    p = job["payload"]
    if job["result"].get("sid"):
        return job["result"]
    coop = store.get_coop(db, p["coop_id"])
    member = next((m for m in store.list_members(db, coop["id"]) if m["id"] == p["member_id"]),
                  None)
    if member is None:
        return {"skipped": "member removed"}
    template = coop["settings"].get("whatsapp_template")
    if template:
        template = {"content_sid": template.get("content_sid"),
                    "variables": p.get("template_variables") or {}}
    attempts = plan_member_delivery(
        member, coop_whatsapp_from=coop.get("whatsapp_from"), coop_sms_from=coop.get("sms_from"),
        text=p["text"], template=template, last_inbound_at=_parse_time(member["last_inbound_at"]),
        now=datetime.now(timezone.utc), status_callback=_status_url(settings))
    if not attempts:
        raise Fail("no channel to reach this member")
    return _deliver(db, job, transport, attempts, coop_id=coop["id"], conversation_id=None)


def send_customer_message(db, job: dict, transport, settings: dict) -> dict:
    """``message.customer``: a notification (shipped, delivered…) to a customer."""
    p = job["payload"]
    if job["result"].get("sid"):
        return job["result"]
    attempts = [{"from_": p["from"], "to": p["to"], "body": p["body"],
                 "status_callback": _status_url(settings)}]
    return _deliver(db, job, transport, attempts, coop_id=p.get("coop_id"),
                    conversation_id=p.get("conversation_id"))


def _status_url(settings: dict) -> str | None:
    public = settings.get("PUBLIC_URL")
    return f"{public}/webhooks/twilio/status" if public else None


def _deliver(db, job, transport, attempts, coop_id, conversation_id) -> dict:
    try:
        sent = deliver(transport, attempts)
    except SendError as exc:
        if exc.retryable and job["attempts"] < MAX_ATTEMPTS:
            raise Retry(str(exc)) from None
        raise Fail(str(exc)) from None
    attempt = attempts[sent["attempt_index"]]
    with store.transaction(db):
        store.save_job_progress(db, job["id"], {"sid": sent["sid"], "channel": sent["channel"]})
        store.record_outbound(db, coop_id=coop_id, conversation_id=conversation_id,
                              from_addr=attempt["from_"], to_addr=attempt["to"],
                              body=attempt.get("body") or f"[template {attempt.get('content_sid')}]",
                              sid=sent["sid"], status=sent.get("status") or "queued")
    return {"sid": sent["sid"], "channel": sent["channel"]}


def on_delivery_failure(db, status: dict) -> None:
    """A WhatsApp alert refused after acceptance (e.g. 63016): queue the SMS fallback."""
    for job in store.list_jobs(db, kind="message.member", limit=500):
        if job["result"].get("sid") != status["sid"] or job["result"].get("channel") == "sms":
            continue
        coop = store.get_coop(db, job["payload"]["coop_id"])
        if coop and coop.get("sms_from"):
            payload = dict(job["payload"], force_sms=True)
            store.enqueue(db, "message.member_sms", payload, dedupe_key=f"fallback:{status['sid']}")
        return


def send_member_sms(db, job: dict, transport, settings: dict) -> dict:
    """``message.member_sms``: the SMS fallback of a refused WhatsApp alert."""
    p = job["payload"]
    if job["result"].get("sid"):
        return job["result"]
    coop = store.get_coop(db, p["coop_id"])
    member = next((m for m in store.list_members(db, coop["id"]) if m["id"] == p["member_id"]),
                  None)
    if member is None or not coop.get("sms_from"):
        return {"skipped": "no sms route"}
    attempts = [{"from_": coop["sms_from"], "to": member["phone"], "body": p["text"],
                 "status_callback": _status_url(settings)}]
    return _deliver(db, job, transport, attempts, coop_id=coop["id"], conversation_id=None)


# --------------------------------------------------------------------------
# The loop
# --------------------------------------------------------------------------

HANDLERS = {
    "courier.forward": lambda db, job, transport, settings: forward_order(db, job, settings),
    "message.member": send_member_message,
    "message.member_sms": send_member_sms,
    "message.customer": send_customer_message,
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
        delay = backoff(job["attempts"])
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
        job = store.claim_job(db)
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
    started, last_track = time.monotonic(), 0.0
    log.info("worker started (%s)", type(transport).__name__)
    while not stop.is_set():
        try:
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
