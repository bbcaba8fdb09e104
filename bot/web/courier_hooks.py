"""Courier status webhooks: Sendit's, and the generic webhook courier's.

* ``POST /webhooks/couriers/sendit/<coop slug>``: Sendit's
  ``delivery.status.update`` events, signed with ``X-Sendit-Signature`` (hex
  or base64 HMAC-SHA256 of the raw body keyed with that cooperative's Sendit
  webhook key, by default its secret key).
  The parcel is found by Sendit's ``code`` (our stored tracking), else by our
  order number in ``reference``. A parcel we do not know (the cooperative also
  ships with Sendit outside Bghit) gets 200 ``{"status": "ignored"}`` so that
  Sendit does not retry it forever; other Sendit events are ignored the same way.
* ``POST /webhooks/couriers/webhook/<coop slug>``: ``{"reference", "status"}``
  signed with ``X-Bghit-Signature: sha256=<hex HMAC of the body>`` keyed with
  the cooperative's webhook ``secret``; ``reference`` is our order number and
  ``status`` one of our words. An unknown reference gets 404, an unknown
  status 400 (the sender is ours to fix). See ``docs/couriers.md``.

Both: 404 for an unknown cooperative or one that uses another courier, 403 for
a missing or wrong signature (checked on the raw bytes before anything is
parsed), 400 for a malformed body, 200 otherwise. Repeats are harmless: the same
status twice changes nothing and notifies nobody twice. Logs carry order
numbers and statuses, never secrets or phone numbers.
"""

from __future__ import annotations

import json
import logging

from flask import Blueprint, Flask, current_app, jsonify, request

from .. import store
from ..couriers.base import STATUSES
from ..logs import request_id
from .db import get_db

log = logging.getLogger("bot.couriers_hooks")
bp = Blueprint("couriers_hooks", __name__)

#: Couriers that call us back, by the name in the URL.
HOOK_COURIERS = ("sendit", "webhook")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)


def _reply(http_status: int, **body):
    return jsonify(body), http_status


@bp.post("/webhooks/couriers/<courier_name>/<slug>")
def courier_status(courier_name: str, slug: str):
    from .. import orders, worker

    if courier_name not in HOOK_COURIERS:
        return _reply(404, error="unknown courier")
    db = get_db()
    coop = store.get_coop_by_slug(db, slug)
    configured = ((coop or {}).get("settings", {}).get("delivery") or {}).get("courier")
    if coop is None or configured != courier_name:
        log.warning("%s webhook for %r: no such cooperative using that courier",
                    courier_name, slug[:40])
        return _reply(404, error="unknown cooperative")
    try:
        courier = worker.courier_for(coop, current_app.config)
    except ValueError:
        return _reply(404, error="unknown courier")
    raw_body = request.get_data(cache=False)
    if not courier.verify_webhook(request.headers, raw_body):
        log.warning("%s webhook for %s refused: missing or invalid signature%s", courier_name,
                    slug, "" if _has_secret(courier) else " (no secret configured)")
        return _reply(403, error="invalid signature")
    if courier_name == "sendit" and _other_sendit_event(raw_body):
        return _reply(200, status="ignored", reason="event not handled")
    try:
        key, raw_status = courier.parse_webhook(raw_body)
    except (ValueError, RecursionError) as exc:      # RecursionError: JSON nested too deep
        log.info("%s webhook for %s malformed: %s", courier_name, slug, exc)
        return _reply(400, error="webhook body is nested too deeply"
                      if isinstance(exc, RecursionError) else str(exc))
    try:
        (key + raw_status).encode("utf-8")
    except UnicodeEncodeError:              # JSON may escape a lone surrogate ("\ud800")
        return _reply(400, error="reference or status is not valid text")
    status = courier.map_status(raw_status)
    if courier_name == "webhook" and status is None:
        return _reply(400, error=f"unknown status {raw_status[:40]!r}", statuses=list(STATUSES))
    request_id.set(f"{courier_name}-{key[:40]}")
    try:
        with store.transaction(db):
            order = _find_order(db, coop, courier_name, key, raw_body)
            if order is None:
                if courier_name == "sendit":
                    log.info("sendit webhook for %s: unknown parcel %s ignored", slug, key[:40])
                    return _reply(200, status="ignored", reason="unknown parcel")
                log.info("webhook status for %s: unknown reference %s", slug, key[:40])
                return _reply(404, error="unknown reference")
            changed = orders.apply_courier_status(db, order, raw_status, status, courier.name,
                                                  courier.problem(raw_status))
            current = store.get_order(db, order["id"])
            assert current is not None          # read in the same transaction, just above
    except store.UNAVAILABLE as exc:
        log.error("storage unavailable: %s", exc)
        return _reply(503, error="try again later")
    return _reply(200, status="ok", order=current["number"], order_status=current["status"],
                  changed=bool(changed))


def _has_secret(courier) -> bool:
    if courier.name == "sendit":
        return bool(courier.webhook_key())
    return bool(courier.options.get("secret"))


def _other_sendit_event(raw_body: bytes) -> bool:
    try:
        body = json.loads(raw_body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return False
    return isinstance(body, dict) and body.get("event", "delivery.status.update") \
        != "delivery.status.update"


def _find_order(db, coop: dict, courier_name: str, key: str, raw_body: bytes) -> dict | None:
    """The cooperative's order this update is about (call inside a transaction)."""
    if courier_name == "webhook":
        order = store.get_order_by_number(db, coop["id"], key)
        return order if order and order.get("courier") == "webhook" else None
    order = store.get_order_by_tracking(db, "sendit", key)
    if order and order["coop_id"] == coop["id"]:
        return order
    # The webhook may beat the worker's own bookkeeping: find the order by our
    # number (sent as Sendit's ``reference``) and keep the code it was given.
    reference = json.loads(raw_body).get("reference")
    if not isinstance(reference, str) or not reference:
        return None
    order = store.get_order_by_number(db, coop["id"], reference)
    if order is None or order.get("courier") != "sendit" or \
            (order.get("tracking") and order["tracking"] != key):
        return None
    if not order.get("tracking"):
        store.update_order_fields(db, order["id"], tracking=key)
        order["tracking"] = key
    return order
