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
import sqlite3
import threading
import time
from dataclasses import asdict
from datetime import datetime, timedelta, timezone

from . import alerts, clock, service, statuses, store
from .coops import resolve_options
from .couriers import get_courier
from .couriers.base import CourierCity, CourierError, Parcel
from .couriers.cities import match_city
from .geo import city_forms
from .logs import request_id
from .messaging import SendError, channel_of, deliver, make_transport, plan_member_delivery
from .statuses import courier_may_move

log = logging.getLogger("bot.worker")

MAX_ATTEMPTS = 12           # about 1 h of retries with the delays below
BASE_DELAY = 2.0
MAX_DELAY = 600.0
TRACK_EVERY = 30.0          # seconds between polls of couriers without webhooks
CITY_CHECK_EVERY = 300.0    # seconds between checks for courier city lists to refresh

CUSTOMER_NOTICES = statuses.CUSTOMER_NOTICES  # removed in step F
MEMBER_ALERTS = statuses.MEMBER_ALERTS  # removed in step F


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

#: How members see each courier's name in alerts.
COURIER_NAMES = {"sendit": "Sendit", "ozon": "Ozon Express"}
#: Couriers without a city list of their own (any city goes).
NO_CITY_LIST = ("manual", "webhook")
#: A city list older than this (hours) is fetched again; the worker refreshes daily.
CITY_MAX_AGE_HOURS = 24.0
#: When a refresh fails, an older list is still used for this long (hours).
CITY_STALE_HOURS = 24.0 * 30
#: After a failed refresh, wait this long (seconds) before asking the courier again.
CITY_RETRY_SECONDS = 600.0
#: Minimum match score for a city at forward time (see ``couriers.cities.match_city``).
CITY_MIN_SCORE = 80.0

_city_retry_after: dict[tuple[str, str], float] = {}


def courier_for(coop: dict, settings: dict):
    delivery = coop["settings"].get("delivery", {})
    options = resolve_options(delivery.get("options") or {})
    return get_courier(delivery.get("courier") or "manual", options,
                       timeout=float(settings.get("COURIER_TIMEOUT", 10)))


def courier_city_list(db, coop: dict, courier, refresh: bool = False) -> list[CourierCity]:
    """The courier's cities, from the daily cache or fetched (and cached).

    When the fetch fails and an older list (up to 30 days) exists, the old list
    is used; otherwise the :class:`CourierError` goes up (retryable or not).
    An empty list from a courier that has one is an error, never cached.
    """
    name = courier.name
    if not refresh:
        cached = store.load_courier_cities(db, name, coop["slug"], max_age_hours=CITY_MAX_AGE_HOURS)
        if cached is not None:
            return [_courier_city(c) for c in cached]
    try:
        cities = _fetch_cities(courier)
    except CourierError as exc:
        stale = store.load_courier_cities(db, name, coop["slug"], max_age_hours=CITY_STALE_HOURS)
        if stale:
            log.warning("city list of %s for %s not refreshed, using the cached one: %s",
                        name, coop["slug"], exc)
            return [_courier_city(c) for c in stale]
        raise
    with store.transaction(db):
        store.save_courier_cities(db, name, coop["slug"], [asdict(c) for c in cities])
    log.info("city list of %s for %s cached (%d cities)", name, coop["slug"], len(cities))
    return cities


def _fetch_cities(courier) -> list[CourierCity]:
    """The courier's city list; an empty one from a courier that has one is an error.

    The sandbox serves every city: its fee table is completed with every other
    city we know (fee None → the cooperative's flat fee), so that the demo
    quotes the table's fees without refusing the other cities.
    """
    cities = courier.cities()
    if not cities and courier.name not in NO_CITY_LIST:
        raise CourierError("The courier returned no cities.", retryable=True, courier=courier.name)
    if courier.name == "sandbox":
        forms = city_forms()
        extra = [name for name in forms
                 if (match_city(name, cities, forms)[1] or 0) < 90]
        cities = cities + [CourierCity(id=str(len(cities) + i), name=name)
                           for i, name in enumerate(extra, start=1)]
    return cities


def _courier_city(row: dict) -> CourierCity:
    known = CourierCity.__dataclass_fields__
    return CourierCity(**{k: v for k, v in row.items() if k in known})


def refresh_city_lists(db, settings: dict, force: bool = False) -> int:
    """Cache every cooperative's courier city list that is missing or older than a day.

    The conversation reads these (``service.courier_cities``) for fees and to
    tell a customer their city is not served; it never calls a courier itself.
    Returns how many lists were fetched.
    """
    fetched = 0
    max_age = float(settings.get("CITY_REFRESH_HOURS") or CITY_MAX_AGE_HOURS)
    for coop in store.list_coops(db):
        name = (coop["settings"].get("delivery") or {}).get("courier") or "manual"
        if name in NO_CITY_LIST:
            continue
        key = (name, coop["slug"])
        if not force:
            if store.load_courier_cities(db, name, coop["slug"], max_age_hours=max_age) is not None:
                continue
            if time.monotonic() < _city_retry_after.get(key, 0.0):
                continue
        try:
            cities = _fetch_cities(courier_for(coop, settings))
        except Exception as exc:                  # never let a city list stop the worker
            _city_retry_after[key] = time.monotonic() + CITY_RETRY_SECONDS
            log.warning("city list of %s for %s not refreshed: %s", name, coop["slug"],
                        exc if isinstance(exc, (CourierError, ValueError)) else repr(exc)[:200])
            continue
        with store.transaction(db):
            store.save_courier_cities(db, name, coop["slug"], [asdict(c) for c in cities])
        _city_retry_after.pop(key, None)
        fetched += 1
        log.info("city list of %s for %s refreshed (%d cities)", name, coop["slug"], len(cities))
    return fetched


def resolve_city(db, coop: dict, courier, order: dict) -> CourierCity | None:
    """The courier's city for ``order``, or None when the courier does not serve it.

    The id the conversation already matched (``order.city_id``) wins when it is
    still in the list; else the name is matched (accents, Darija/Arabic forms,
    fuzzy). A miss against a cached list fetches the list once more (a district
    added since the last refresh).
    """
    cities = courier_city_list(db, coop, courier)
    for attempt in (1, 2):
        if order.get("city_id"):
            by_id = next((c for c in cities if str(c.id) == str(order["city_id"])), None)
            if by_id is not None:
                return by_id
        city, score = match_city(order.get("city") or "", cities, city_forms())
        if city is not None and score >= CITY_MIN_SCORE:
            return city
        if attempt == 1:
            fresh = courier_city_list(db, coop, courier, refresh=True)
            if [asdict(c) for c in fresh] == [asdict(c) for c in cities]:
                break
            cities = fresh
    return None


def parcel_of(order: dict, coop: dict) -> Parcel:
    created = order.get("created_at")
    try:
        created_at = datetime.fromisoformat(created).timestamp() if created else None
    except ValueError:
        created_at = None
    return Parcel(
        reference=order["number"], cod_amount=order["total"],
        recipient_name=order.get("customer_name") or "", phone=order.get("phone") or "",
        city=order.get("city") or "", address=order.get("address") or "",
        latitude=order.get("latitude"), longitude=order.get("longitude"),
        items=[{"sku": l["sku"], "name": l["name"], "quantity": l["quantity"]}
               for l in order["lines"]],
        note=f"{coop['name']} — {order['number']}", coop_slug=coop["slug"],
        coop_name=coop["name"], created_at=created_at)


FORWARDABLE = statuses.FORWARDABLE  # removed in step F


def forward_order(db, job: dict, settings: dict) -> dict:
    """``courier.forward``: create the parcel once, even across ambiguous failures.

    Before the create call the job records ``{"sent": true}``; any later attempt
    (a retry after a timeout, or a worker that took over a dead worker's lease)
    first asks the courier for a parcel with our order number and only creates
    one when there is none. Validation errors (and retries exhausted) mark the
    order ``forward_failed`` and alert the members.
    """
    order = store.get_order(db, job["payload"]["order_id"])
    if order is None:
        raise Fail("order not found")
    coop = store.get_coop(db, order["coop_id"])
    # Did an earlier attempt (of this job, or of a failed job an operator retried)
    # possibly reach the courier? Then look the parcel up before creating it.
    maybe_sent = job["attempts"] > 1 or bool(job["result"].get("sent")) or any(
        e["status"] == "forward_failed" for e in store.order_events(db, order["id"]))
    if order["status"] not in FORWARDABLE or order.get("tracking"):
        if order["status"] == "cancelled" and maybe_sent and not order.get("tracking"):
            _parcel_of_cancelled(db, coop, order, settings)
        return {"skipped": order["status"]}
    try:
        courier = courier_for(coop, settings)
    except ValueError as exc:                     # unknown courier name in the coop file
        return _forward_failed(db, coop, order, str(exc))
    try:
        city = None
        if courier.name not in NO_CITY_LIST:
            city = resolve_city(db, coop, courier, order)
            if city is None:
                return _forward_failed(db, coop, order, f"city not served: {order['city']}")
        result = None
        if maybe_sent:
            result = courier.find_parcel(order["number"], phone=order.get("phone"))  # landed?
        if result is None:
            with store.transaction(db):
                current = store.get_order(db, order["id"])
                if current["status"] not in FORWARDABLE:       # cancelled meanwhile
                    return {"skipped": current["status"]}
                store.save_job_progress(db, job["id"], {"sent": True})
            result = courier.create_parcel(parcel_of(order, coop), city)
    except CourierError as exc:
        if exc.retryable and job["attempts"] < int(settings.get("MAX_ATTEMPTS") or MAX_ATTEMPTS):
            raise Retry(str(exc)) from None
        return _forward_failed(db, coop, order, exc.message or str(exc),
                               kind="courier_credentials" if exc.credentials else "forward_failed")
    with store.transaction(db):
        current = store.get_order(db, order["id"])
        if current["status"] in FORWARDABLE:
            store.set_order_status(db, order["id"], "forwarded", source=courier.name,
                                   tracking=result.tracking, forward_error=None,
                                   city_id=getattr(city, "id", None) or current.get("city_id"))
        elif result.tracking and not current.get("tracking"):
            # A status webhook got there first, or the order was cancelled while
            # the parcel was being created: keep the tracking code anyway.
            store.update_order_fields(db, order["id"], tracking=result.tracking)
            if current["status"] == "cancelled":
                log.warning("order %s was cancelled while its %s parcel %s was created: "
                            "cancelling it with the courier", order["number"], courier.name,
                            result.tracking)
                _enqueue_cancel(db, order["id"], result.tracking)
    log.info("order %s forwarded via %s (%s)", order["number"], courier.name,
             result.tracking or "no tracking")
    return {"tracking": result.tracking, "courier": courier.name}


def _parcel_of_cancelled(db, coop: dict, order: dict, settings: dict) -> None:
    """A cancelled order whose parcel may have been created: record it if it was."""
    try:
        found = courier_for(coop, settings).find_parcel(order["number"], phone=order.get("phone"))
    except (CourierError, ValueError) as exc:
        log.info("order %s cancelled; parcel lookup failed: %s", order["number"], exc)
        return
    if found and found.tracking:
        with store.transaction(db):
            store.update_order_fields(db, order["id"], tracking=found.tracking)
            _enqueue_cancel(db, order["id"], found.tracking)
        log.warning("order %s was cancelled but its parcel %s exists: cancelling it",
                    order["number"], found.tracking)


def _enqueue_cancel(db, order_id: int, tracking: str) -> None:
    """Queue the cancellation of a parcel found after its order was cancelled."""
    store.enqueue(db, "courier.cancel", {"order_id": order_id, "tracking": tracking},
                  dedupe_key=f"cancel:{order_id}:{tracking}")


def cancel_parcel(db, job: dict, settings: dict) -> dict:
    """``courier.cancel``: cancel a cancelled order's parcel at the courier.

    No parcel (never created, or the forward job will skip the cancelled order)
    → nothing to do; a forward that may have reached the courier is looked up
    first. Network errors are retried; a courier that refuses (parcel already
    picked up) or cannot cancel through its API → members are told to cancel
    it by hand, once.
    """
    order = store.get_order(db, job["payload"]["order_id"])
    if order is None or order["status"] != "cancelled":
        return {"skipped": order["status"] if order else "order not found"}
    coop = store.get_coop(db, order["coop_id"])
    try:
        courier = courier_for(coop, settings)
    except ValueError as exc:
        return {"skipped": str(exc)}
    tracking = job["payload"].get("tracking") or order.get("tracking")
    try:
        if not tracking:
            forwards = [j for j in store.jobs_for_order(db, order["id"])
                        if j["kind"] == "courier.forward"]
            if not any(j["result"].get("sent") for j in forwards):
                return {"skipped": "no parcel"}
            found = courier.find_parcel(order["number"], phone=order.get("phone"))
            if found is None or not found.tracking:
                return {"skipped": "no parcel"}
            tracking = found.tracking
            with store.transaction(db):
                store.update_order_fields(db, order["id"], tracking=tracking)
        courier.cancel_parcel(tracking)
    except CourierError as exc:
        if exc.retryable and job["attempts"] < int(settings.get("MAX_ATTEMPTS") or MAX_ATTEMPTS):
            raise Retry(str(exc)) from None
        with store.transaction(db):
            alerts.alert_members(db, coop, "courier_cancel_failed",
                                 key=f"cancel_failed:{order['id']}:{tracking or ''}",
                                 order=order, tracking=tracking or "",
                                 courier=COURIER_NAMES.get(courier.name, courier.name))
        log.warning("order %s: parcel %s not cancelled at %s: %s", order["number"], tracking,
                    courier.name, exc)
        return {"cancel_failed": exc.message[:300], "tracking": tracking}
    with store.transaction(db):
        store.add_order_event(db, order["id"], "cancelled", raw_status="parcel cancelled",
                              source=courier.name, note=f"parcel {tracking} cancelled")
    log.info("order %s: parcel %s cancelled at %s", order["number"], tracking, courier.name)
    return {"cancelled_parcel": tracking}


def _forward_failed(db, coop, order, message: str, kind: str = "forward_failed") -> dict:
    """Mark the order ``forward_failed`` and alert members; ``kind`` is
    ``courier_credentials`` when the courier refused the account's key."""
    courier = (coop["settings"].get("delivery") or {}).get("courier") or ""
    with store.transaction(db):
        store.set_order_status(db, order["id"], "forward_failed", source="courier",
                               note=message[:300], forward_error=message[:300])
        alerts.alert_members(db, coop, kind, key=f"forward_failed:{order['id']}:"
                             f"{int(time.time())}", order=order, error=message[:200],
                             courier=COURIER_NAMES.get(courier, courier))
    log.warning("order %s not forwarded: %s", order["number"], message[:200])
    return {"forward_failed": message[:300]}


def apply_courier_status(db, order: dict, raw: str, status: str | None, source: str,
                         problem: str | None = None) -> bool:
    """Record a courier status; notify the customer or alert members when it matters.

    Call inside a transaction. Returns True when our status changed. Repeats
    change nothing (notices and alerts have dedupe keys too). The customer is
    told when the parcel leaves (picked up, or in transit when the courier
    skipped "picked up"), when it is out for delivery and when it is delivered.
    Only forward moves of :data:`statuses.COURIER_MOVES` apply: a replayed or
    late update (``picked_up`` after ``out_for_delivery``) keeps the raw status
    and changes nothing else. A ``problem`` (see ``Courier.problem``) alerts
    the members once per problem and order.
    """
    if problem:
        _alert_problem(db, order, problem)
    if not courier_may_move(order["status"], status):
        if raw != order.get("courier_status"):
            store.update_order_fields(db, order["id"], courier_status=raw)
        if status is not None and status != order["status"]:
            log.info("order %s: late or replayed %s (%s) ignored, order is %s", order["number"],
                     status, raw, order["status"])
        return False
    previous = order["status"]
    store.set_order_status(db, order["id"], status, raw_status=raw, source=source,
                           courier_status=raw)
    order = store.get_order(db, order["id"])
    notice = CUSTOMER_NOTICES.get(status)
    if status == "in_transit" and previous in ("confirmed", "forwarded"):
        notice = CUSTOMER_NOTICES["picked_up"]              # it left: say so once
    if notice:
        service.notify_customer(db, order, notice)
    if status in MEMBER_ALERTS:
        coop = store.get_coop(db, order["coop_id"])
        alerts.alert_members(db, coop, MEMBER_ALERTS[status], key=f"{status}:{order['id']}",
                             order=order)
    log.info("order %s: %s → %s (%s %s)", order["number"], previous, status, source, raw)
    return True


def _alert_problem(db, order: dict, problem: str) -> None:
    """Tell members what the courier needs (another address, a number) or that the
    parcel is coming back; not once the order is settled, nor a return they were
    already told of (refused)."""
    if order["status"] in ("delivered", "returned") or \
            (problem == "return" and order["status"] == "refused"):
        return
    coop = store.get_coop(db, order["coop_id"])
    alerts.alert_members(db, coop, f"courier_{problem}", key=f"courier_{problem}:{order['id']}",
                         order=order)


def poll_tracking(db, settings: dict) -> int:
    """Ask couriers without webhooks (Ozon, sandbox) where each parcel is.

    Refused parcels are polled too, until the courier reports them returned.
    A courier with webhooks that can be polled too (Sendit) is asked only about
    parcels without news for its ``poll_quiet_seconds``; each such poll counts
    as news, so a quiet parcel is asked about once per that period. Each
    cooperative's parcels are asked about together (``Courier.track_many``:
    Ozon's bulk form).
    """
    changed = 0
    now = clock.utcnow()
    batches: dict[int, tuple] = {}
    for order in store.orders_to_poll(db):
        if order["coop_id"] not in batches:
            coop = store.get_coop(db, order["coop_id"])
            try:
                batches[order["coop_id"]] = (courier_for(coop, settings), [])
            except ValueError as exc:
                log.warning("coop %s: %s", coop["slug"], exc)
                batches[order["coop_id"]] = (None, [])
        courier, orders = batches[order["coop_id"]]
        if courier is None or not getattr(courier, "pollable", False) \
                or courier.name != order["courier"]:
            continue
        quiet = courier.poll_quiet_seconds
        if quiet is None or _quiet_for(order, now, quiet):
            orders.append(order)
    for courier, orders in batches.values():
        if orders:
            changed += _poll(db, courier, orders)
    return changed


def _poll(db, courier, orders: list[dict]) -> int:
    """Ask ``courier`` about ``orders`` at once and apply what it says."""
    try:
        raws = courier.track_many([o["tracking"] for o in orders])
    except CourierError as exc:
        log.info("tracking with %s failed: %s", courier.name, exc)
        raws = {}
    changed = 0
    quiet = courier.poll_quiet_seconds
    for order in orders:
        raw = raws.get(order["tracking"])
        with store.transaction(db):
            current = store.get_order(db, order["id"])
            if raw:
                changed += apply_courier_status(db, current, raw, courier.map_status(raw),
                                                courier.name, courier.problem(raw))
            if quiet is not None:                 # asked: not again for a while
                store.update_order_fields(db, order["id"], courier_status=raw or
                                          store.get_order(db, order["id"]).get("courier_status"))
    return changed


def _quiet_for(order: dict, now: datetime, seconds: float) -> bool:
    """Whether the order has had no news (no change, no poll) for ``seconds``."""
    try:
        last = datetime.fromisoformat(order.get("updated_at") or "")
    except ValueError:
        return True
    if last.tzinfo is None:
        last = last.replace(tzinfo=timezone.utc)
    return (now - last).total_seconds() >= seconds


# --------------------------------------------------------------------------
# Messages
# --------------------------------------------------------------------------

def _parse_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _member_of(db, coop: dict, p: dict) -> dict | None:
    """The job's member, found again by phone if the cooperative file was re-imported."""
    member = store.get_member(db, p["member_id"])
    if member and member["coop_id"] == coop["id"]:
        return member
    return store.find_member(db, p["phone"], coop["id"]) if p.get("phone") else None


def _member_template(coop: dict, p: dict) -> dict | None:
    """The cooperative's approved WhatsApp template with this alert's variables, if any."""
    template = coop["settings"].get("whatsapp_template") or {}
    if not template.get("content_sid"):
        return None
    return {"content_sid": template["content_sid"], "variables": p.get("template_variables") or {}}


def _with_sms_text(attempt: dict, p: dict) -> dict:
    """SMS attempts carry the SMS rendering (no emojis, GSM-7 where possible)."""
    if channel_of(attempt["to"]) == "sms" and p.get("sms_text"):
        return dict(attempt, body=p["sms_text"])
    return attempt


def send_member_message(db, job: dict, transport, settings: dict) -> dict:
    """``message.member``: an alert, sent once.

    WhatsApp members get free text inside the 24 h window (from their last
    message), else the cooperative's approved template; when WhatsApp refuses,
    or for SMS members, the SMS text.
    """
    p = job["payload"]
    if job["result"].get("sid"):
        return job["result"]
    coop = store.get_coop(db, p["coop_id"])
    member = _member_of(db, coop, p) if coop else None
    if member is None:
        return {"skipped": "member removed"}
    last = _parse_time(member["last_inbound_at"])
    if last is not None and last.tzinfo is None:
        last = last.replace(tzinfo=timezone.utc)
    try:
        attempts = plan_member_delivery(
            member, coop_whatsapp_from=coop.get("whatsapp_from"),
            coop_sms_from=coop.get("sms_from"), text=p["text"],
            template=_member_template(coop, p), last_inbound_at=last,
            now=datetime.now(timezone.utc), status_callback=_status_url(settings))
    except ValueError as exc:
        raise Fail(str(exc)) from None
    if not attempts:
        raise Fail("no channel to reach this member")
    attempts = [_with_sms_text(a, p) for a in attempts]
    return _deliver(db, job, transport, attempts, coop_id=coop["id"], conversation_id=None)


def send_customer_message(db, job: dict, transport, settings: dict) -> dict:
    """``message.customer``: a notification (shipped, delivered…) to a customer."""
    p = job["payload"]
    if job["result"].get("sid"):
        return job["result"]
    body = alerts.sms_text(p["body"]) if channel_of(p["to"]) == "sms" else p["body"]
    attempts = [{"from_": p["from"], "to": p["to"], "body": body,
                 "status_callback": _status_url(settings)}]
    return _deliver(db, job, transport, attempts, coop_id=p.get("coop_id"),
                    conversation_id=p.get("conversation_id"))


def _status_url(settings: dict) -> str | None:
    public = settings.get("PUBLIC_URL")
    return f"{public}/webhooks/twilio/status" if public else None


def _deliver(db, job, transport, attempts, coop_id, conversation_id) -> dict:
    """Send by the first attempt Twilio accepts, at most once.

    The accepted sid is committed to the job before anything else, so a crash
    afterwards never sends the message again. Then the message is recorded
    (status callbacks update it); if a failure callback beat us to it, the SMS
    fallback is queued here.
    """
    try:
        sent = _already_sent(transport, job, attempts) if job["result"].get("sending") else None
        if sent is None:
            store.save_job_progress(db, job["id"], {"sending": True})   # before Twilio, always
            sent = deliver(transport, attempts)
    except SendError as exc:
        if exc.retryable and job["attempts"] < MAX_ATTEMPTS:
            raise Retry(str(exc)) from None
        raise Fail(str(exc)) from None
    attempt = attempts[sent["attempt_index"]]
    result = {"sid": sent["sid"], "channel": sent["channel"]}
    if attempt.get("content_sid"):
        result["template"] = attempt["content_sid"]
    if sent["refusals"]:
        result["refusals"] = sent["refusals"]
    _save_sent(db, job["id"], result)
    body = attempt.get("body") or \
        f"[template {attempt.get('content_sid')}] {job['payload'].get('text') or ''}".strip()
    with store.transaction(db):
        row = store.save_outbound_message(
            db, coop_id=coop_id, conversation_id=conversation_id, from_addr=attempt["from_"],
            to_addr=attempt["to"], body=body, sid=sent["sid"],
            status=sent.get("status") or "queued")
        if row["status"] in ("failed", "undelivered"):
            on_delivery_failure(db, {"sid": sent["sid"], "status": row["status"],
                                     "error_code": row.get("error_code")})
    return result


def _already_sent(transport, job: dict, attempts: list[dict]) -> dict | None:
    """After a send whose answer was lost, the message Twilio may have accepted anyway.

    Twilio's Messages API has no idempotency key, so the worker marks a job ``sending``
    before each send and, on a later run of a job so marked, looks for the same message in
    Twilio's list before sending again (the courier's find-then-create, for messages).
    """
    since = datetime.fromisoformat(job["created_at"]) - timedelta(minutes=5)
    for index, attempt in enumerate(attempts):
        found = transport.find_sent(attempt, since)
        if found:
            log.info("job %s: message already accepted as %s, not sent again", job["id"],
                     found["sid"])
            return {**found, "attempt_index": index, "channel": channel_of(attempt["to"]),
                    "refusals": []}
    return None


#: How long the worker keeps trying to record a sid Twilio accepted while the database is
#: locked: giving up would send the message again when the job is retried.
SAVE_SENT_PATIENCE = 60.0


def _save_sent(db, job_id: int, result: dict) -> None:
    """Commit an accepted message's sid to its job, waiting out a locked or full database."""
    deadline = time.monotonic() + SAVE_SENT_PATIENCE
    delay = 0.1
    while True:
        try:
            with store.transaction(db):
                store.save_job_progress(db, job_id, result)
            return
        except (store.StoreError, sqlite3.OperationalError) as exc:
            if time.monotonic() > deadline:
                raise
            log.warning("job %s: sid %s not saved yet (%s), trying again", job_id,
                        result.get("sid"), exc)
            time.sleep(delay)
            delay = min(delay * 2, 2.0)


def on_delivery_failure(db, status: dict) -> None:
    """A WhatsApp alert failed after Twilio accepted it (e.g. 63016): queue it by SMS, once.

    Called (inside a transaction) by the status callback webhook, and by
    :func:`_deliver` when the failure callback arrived first.
    """
    job = store.find_message_job(db, status["sid"], kind="message.member")
    if job is None or job["result"].get("channel") != "whatsapp":
        return
    coop = store.get_coop(db, job["payload"]["coop_id"])
    if not coop or not coop.get("sms_from"):
        log.warning("alert %s failed on WhatsApp and there is no SMS sender", status["sid"])
        return
    payload = dict(job["payload"], force_sms=True, failed_sid=status["sid"],
                   failed_code=status.get("error_code"))
    if store.enqueue(db, "message.member_sms", payload, dedupe_key=f"fallback:{status['sid']}"):
        log.info("alert %s %s on WhatsApp (code %s): SMS fallback queued", status["sid"],
                 status["status"], status.get("error_code"))


def send_member_sms(db, job: dict, transport, settings: dict) -> dict:
    """``message.member_sms``: the SMS fallback of a WhatsApp alert that failed."""
    p = job["payload"]
    if job["result"].get("sid"):
        return job["result"]
    coop = store.get_coop(db, p["coop_id"])
    member = _member_of(db, coop, p) if coop else None
    if member is None or not coop.get("sms_from"):
        return {"skipped": "no sms route"}
    attempts = [{"from_": coop["sms_from"], "to": member["phone"],
                 "body": p.get("sms_text") or p["text"], "status_callback": _status_url(settings)}]
    return _deliver(db, job, transport, attempts, coop_id=coop["id"], conversation_id=None)


# --------------------------------------------------------------------------
# The loop
# --------------------------------------------------------------------------

HANDLERS = {
    "courier.forward": lambda db, job, transport, settings: forward_order(db, job, settings),
    "courier.cancel": lambda db, job, transport, settings: cancel_parcel(db, job, settings),
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
