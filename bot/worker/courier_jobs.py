"""The worker's courier jobs: forward an order (``courier.forward``), cancel a parcel
(``courier.cancel``), keep the couriers' city lists, poll tracking."""

from __future__ import annotations

import logging
import time
from dataclasses import asdict
from datetime import UTC, datetime
from typing import cast

from .. import alerts, clock, statuses, store
from ..coops import resolve_options
from ..couriers import get_courier
from ..couriers.base import CourierCity, CourierError, Parcel
from ..geo import city_forms
from ..geo import match_courier_city as match_city
from ..orders import apply_courier_status
from .outcomes import MAX_ATTEMPTS, Fail, Retry

log = logging.getLogger("bot.worker")

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
#: Minimum match score for a city at forward time (see ``geo.match_courier_city``).
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
        items=[{"sku": line["sku"], "name": line["name"], "quantity": line["quantity"]}
               for line in order["lines"]],
        note=f"{coop['name']} — {order['number']}", coop_slug=coop["slug"],
        coop_name=coop["name"], created_at=created_at)



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
    if order["status"] not in statuses.FORWARDABLE or order.get("tracking"):
        if order["status"] == "cancelled" and maybe_sent and not order.get("tracking"):
            assert coop is not None               # an order's cooperative (courier_for reads it)
            _parcel_of_cancelled(db, coop, order, settings)
        return {"skipped": order["status"]}
    assert coop is not None                       # an order's cooperative (courier_for reads it)
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
                assert current is not None        # read a moment ago (current[...] just below)
                if current["status"] not in statuses.FORWARDABLE:       # cancelled meanwhile
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
        assert current is not None                # read a moment ago (current[...] just below)
        if current["status"] in statuses.FORWARDABLE:
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
    assert coop is not None                       # an order's cooperative (courier_for reads it)
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
            assert coop is not None               # an order's cooperative (courier_for reads it)
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
                assert current is not None        # apply_courier_status reads it first thing
                changed += apply_courier_status(db, current, raw, courier.map_status(raw),
                                                courier.name, courier.problem(raw))
            if quiet is not None:                 # asked: not again for a while
                # cast: the order is being polled, it exists (as .get would raise otherwise)
                store.update_order_fields(db, order["id"], courier_status=raw or cast(
                    dict, store.get_order(db, order["id"])).get("courier_status"))
    return changed


def _quiet_for(order: dict, now: datetime, seconds: float) -> bool:
    """Whether the order has had no news (no change, no poll) for ``seconds``."""
    try:
        last = datetime.fromisoformat(order.get("updated_at") or "")
    except ValueError:
        return True
    if last.tzinfo is None:
        last = last.replace(tzinfo=UTC)
    return (now - last).total_seconds() >= seconds

