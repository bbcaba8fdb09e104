"""Courier status webhooks through the real app on a real port.

Sendit's signed ``delivery.status.update`` events and the generic webhook
courier's signed ``{"reference", "status"}`` updates move the order, queue the
customer's notice in their language and the members' alerts, once; forged or
unsigned posts get 403 and change nothing.
"""

from __future__ import annotations

import json

import requests

from bot import store
from bot.couriers.base import hmac_hex
from tests.courier_helpers import (
    SENDIT_ENV,
    customer_notices,
    drain,
    make_order,
    member_alerts,
    settings_for,
    use_courier,
)


def post(live, path: str, body: bytes, headers: dict) -> requests.Response:
    return requests.post(live.base_url + path, data=body, headers=headers, timeout=10)


def forwarded(db, app, lang="fr", **kw) -> dict:
    order = make_order(db, lang=lang, **kw)
    drain(db, settings_for(app), order["id"])
    order = store.get_order(db, order["id"])
    assert order["status"] == "forwarded"
    return order


SENDIT_HOOK = "/webhooks/couriers/sendit/tifawin"
GENERIC_HOOK = "/webhooks/couriers/webhook/tifawin"


# -- Sendit ------------------------------------------------------------------------

def test_sendit_webhook_moves_order_and_notifies_customer(db, app, live, sendit):
    order = forwarded(db, app, lang="ary-Arab")
    body, headers = sendit.signed_webhook(order["number"], "PICKEDUP")
    resp = post(live, SENDIT_HOOK, body, headers)
    assert resp.status_code == 200, resp.text
    assert resp.json() == {"status": "ok", "order": order["number"], "order_status": "picked_up",
                           "changed": True}
    stored = store.get_order(db, order["id"])
    assert stored["status"] == "picked_up" and stored["courier_status"] == "PICKEDUP"
    event = store.order_events(db, order["id"])[-1]
    assert (event["status"], event["raw_status"], event["source"]) == \
        ("picked_up", "PICKEDUP", "sendit")
    notices = customer_notices(db, order["id"])
    assert len(notices) == 1 and "خرجات" in notices[0] and order["tracking"] in notices[0]
    job = [j for j in store.list_jobs(db, kind="message.customer")][0]
    assert job["payload"]["to"] == "whatsapp:+212612345678"

    # Sendit retries: the same event again changes nothing and notifies nobody.
    resp = post(live, SENDIT_HOOK, body, headers)
    assert resp.status_code == 200 and resp.json()["changed"] is False
    assert len(customer_notices(db, order["id"])) == 1

    for status in ("TRANSIT", "DELIVERING", "DELIVERED"):
        assert post(live, SENDIT_HOOK, *sendit.signed_webhook(order["number"], status)).ok
    assert store.get_order(db, order["id"])["status"] == "delivered"
    assert len(customer_notices(db, order["id"])) == 3     # left, out for delivery, delivered


def test_sendit_refusal_and_return_alert_members(db, app, live, sendit):
    order = forwarded(db, app)
    assert post(live, SENDIT_HOOK, *sendit.signed_webhook(order["number"], "REJECTED")).ok
    assert store.get_order(db, order["id"])["status"] == "refused"
    refused = member_alerts(db, "refused")
    assert len(refused) == 2 and all(order["number"] in a["payload"]["text"] for a in refused)
    assert post(live, SENDIT_HOOK, *sendit.signed_webhook(order["number"], "RETURNED")).ok
    assert store.get_order(db, order["id"])["status"] == "returned"
    assert len(member_alerts(db, "returned")) == 2
    assert customer_notices(db, order["id"]) == []


def test_sendit_forged_or_unsigned_webhook_gets_403(db, app, live, sendit):
    order = forwarded(db, app)
    body, headers = sendit.signed_webhook(order["number"], "DELIVERED", secret="not-the-secret")
    assert post(live, SENDIT_HOOK, body, headers).status_code == 403
    del headers["X-Sendit-Signature"]
    assert post(live, SENDIT_HOOK, body, headers).status_code == 403
    # A valid signature over other bytes does not carry over.
    good_body, good_headers = sendit.signed_webhook(order["number"], "DELIVERED")
    tampered = good_body.replace(b"DELIVERED", b"CANCELED")
    assert post(live, SENDIT_HOOK, tampered, good_headers).status_code == 403
    assert store.get_order(db, order["id"])["status"] == "forwarded"
    assert customer_notices(db, order["id"]) == []


def test_sendit_webhook_without_secret_configured_is_refused(db, app, live, sendit, monkeypatch):
    order = forwarded(db, app)
    body, headers = sendit.signed_webhook(order["number"], "DELIVERED")
    monkeypatch.delenv(SENDIT_ENV)
    assert post(live, SENDIT_HOOK, body, headers).status_code == 403


def test_sendit_malformed_unknown_and_other_events(db, app, live, sendit):
    order = forwarded(db, app)
    secret = sendit.secret_key

    def signed(payload) -> tuple[bytes, dict]:
        raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        return raw, {"Content-Type": "application/json",
                     "X-Sendit-Signature": hmac_hex(secret, raw)}

    assert post(live, SENDIT_HOOK, *signed(b"{not json")).status_code == 400
    assert post(live, SENDIT_HOOK, *signed({"event": "delivery.status.update",
                                             "code": order["tracking"]})).status_code == 400
    resp = post(live, SENDIT_HOOK, *signed({"event": "delivery.status.update", "code": "SND999",
                                             "newStatus": "DELIVERED"}))
    assert resp.status_code == 200 and resp.json()["status"] == "ignored"   # not one of ours
    resp = post(live, SENDIT_HOOK,
                *signed({"event": "delivery.created", "code": order["tracking"]}))
    assert resp.status_code == 200 and resp.json()["status"] == "ignored"
    # An unknown raw status is stored, our status stays.
    resp = post(live, SENDIT_HOOK, *signed({"event": "delivery.status.update",
                                             "code": order["tracking"], "newStatus": "WEIRD"}))
    assert resp.status_code == 200 and resp.json()["changed"] is False
    stored = store.get_order(db, order["id"])
    assert stored["status"] == "forwarded" and stored["courier_status"] == "WEIRD"
    # Wrong cooperative / courier in the URL.
    assert post(live, "/webhooks/couriers/sendit/nope", *signed({})).status_code == 404
    assert post(live, "/webhooks/couriers/ozon/tifawin", *signed({})).status_code == 404


def test_sendit_webhook_before_worker_bookkeeping_finds_order_by_reference(db, app, live, sendit):
    """Sendit may call back before the worker stored the tracking code."""
    order = forwarded(db, app)
    with store.transaction(db):
        store.update_order_fields(db, order["id"], tracking=None)
    resp = post(live, SENDIT_HOOK, *sendit.signed_webhook(order["number"], "PICKEDUP"))
    assert resp.status_code == 200 and resp.json()["changed"] is True
    stored = store.get_order(db, order["id"])
    assert stored["tracking"] == order["tracking"] and stored["status"] == "picked_up"


def test_sendit_webhook_for_other_coop_is_ignored(db, app, live, sendit, tmp_path, monkeypatch):
    order = forwarded(db, app)
    use_courier(db, tmp_path, "sendit", {**sendit.options(), "secret_key_env": SENDIT_ENV},
                slug="argan")
    body, headers = sendit.signed_webhook(order["number"], "DELIVERED")
    resp = post(live, "/webhooks/couriers/sendit/argan", body, headers)
    assert resp.status_code == 200 and resp.json()["status"] == "ignored"
    assert store.get_order(db, order["id"])["status"] == "forwarded"


# -- generic webhook ---------------------------------------------------------------

def test_generic_webhook_status_updates(db, app, live, receiver):
    order = forwarded(db, app, lang="en")
    body, headers = receiver.signed_status(order["number"], "out_for_delivery")
    resp = post(live, GENERIC_HOOK, body, headers)
    assert resp.status_code == 200, resp.text
    assert resp.json()["order_status"] == "out_for_delivery"
    notices = customer_notices(db, order["id"])
    assert len(notices) == 1 and "arrives today" in notices[0]
    assert post(live, GENERIC_HOOK, body, headers).json()["changed"] is False
    assert post(live, GENERIC_HOOK, *receiver.signed_status(order["number"], "delivered")).ok
    stored = store.get_order(db, order["id"])
    assert stored["status"] == "delivered" and stored["courier_status"] == "delivered"
    assert len(customer_notices(db, order["id"])) == 2


def test_generic_webhook_refusal_alerts_members(db, app, live, receiver):
    order = forwarded(db, app)
    assert post(live, GENERIC_HOOK, *receiver.signed_status(order["number"], "refused")).ok
    assert len(member_alerts(db, "refused")) == 2


def test_generic_webhook_rejections(db, app, live, receiver):
    order = forwarded(db, app)
    body, headers = receiver.signed_status(order["number"], "delivered", secret="forged")
    assert post(live, GENERIC_HOOK, body, headers).status_code == 403
    assert post(live, GENERIC_HOOK, body, {"Content-Type": "application/json"}).status_code == 403
    resp = post(live, GENERIC_HOOK, *receiver.signed_status("T-9999", "delivered"))
    assert resp.status_code == 404
    resp = post(live, GENERIC_HOOK, *receiver.signed_status(order["number"], "teleported"))
    assert resp.status_code == 400 and "delivered" in resp.json()["statuses"]
    raw = b"[1, 2]"
    assert post(live, GENERIC_HOOK, raw,
                {"X-Bghit-Signature": receiver.sign(raw)}).status_code == 400
    # The Sendit route does not accept the generic courier's coop, and vice versa.
    assert post(live, SENDIT_HOOK, body, headers).status_code == 404
    assert store.get_order(db, order["id"])["status"] == "forwarded"


def test_parcel_leaving_straight_to_transit_still_tells_customer(db, app, live, sendit):
    order = forwarded(db, app, lang="ary-Latn")
    assert post(live, SENDIT_HOOK, *sendit.signed_webhook(order["number"], "TRANSIT")).ok
    notices = customer_notices(db, order["id"])
    assert len(notices) == 1 and "khrjat" in notices[0]
    # A later "picked up" (out of order) does not tell them twice.
    assert post(live, SENDIT_HOOK, *sendit.signed_webhook(order["number"], "PICKEDUP")).ok
    assert len(customer_notices(db, order["id"])) == 1


def test_late_or_replayed_status_never_moves_the_order_back(db, app, live, sendit):
    order = forwarded(db, app)
    for raw in ("PICKEDUP", "DELIVERING"):
        assert post(live, SENDIT_HOOK, *sendit.signed_webhook(order["number"], raw)).ok
    events = len(store.order_events(db, order["id"]))
    # A replayed "picked up" after "out for delivery": recorded raw, status unchanged.
    resp = post(live, SENDIT_HOOK, *sendit.signed_webhook(order["number"], "PICKEDUP"))
    assert resp.ok and resp.json()["changed"] is False
    stored = store.get_order(db, order["id"])
    assert stored["status"] == "out_for_delivery" and stored["courier_status"] == "PICKEDUP"
    assert len(store.order_events(db, order["id"])) == events
    # Forward still works.
    assert post(live, SENDIT_HOOK, *sendit.signed_webhook(order["number"], "DELIVERED")).json()[
        "order_status"] == "delivered"


def test_one_table_for_courier_moves():
    from bot.couriers import STATUSES
    from bot.statuses import COURIER_MOVES, ORDER_STATUSES, courier_may_move
    from bot.web import admin
    assert admin.STATUSES == ORDER_STATUSES and set(COURIER_MOVES) == set(ORDER_STATUSES)
    assert set(STATUSES) <= set(ORDER_STATUSES)
    assert not courier_may_move("out_for_delivery", "picked_up")
    assert not courier_may_move("in_transit", "forwarded")
    assert courier_may_move("delivered", "returned")
    assert not courier_may_move("returned", "delivered")


def test_sendit_webhook_signed_with_the_dashboard_key_in_base64(db, app, live, sendit, tmp_path,
                                                               monkeypatch):
    options = sendit.options()
    monkeypatch.setenv(SENDIT_ENV, options.pop("secret_key"))
    monkeypatch.setenv("TEST_SENDIT_WEBHOOK_KEY", "whk_dashboard_5e1")
    use_courier(db, tmp_path, "sendit", {**options, "secret_key_env": SENDIT_ENV,
                                         "webhook_key_env": "TEST_SENDIT_WEBHOOK_KEY"})
    order = forwarded(db, app)
    body, headers = sendit.signed_webhook(order["number"], "PICKEDUP", secret="whk_dashboard_5e1",
                                          encoding="base64")
    resp = post(live, SENDIT_HOOK, body, headers)
    assert resp.status_code == 200 and resp.json()["order_status"] == "picked_up"
    # The API secret no longer signs once a webhook key is configured.
    assert post(live, SENDIT_HOOK, *sendit.signed_webhook(order["number"], "DELIVERED")
                ).status_code == 403


def test_sendit_address_problem_and_return_alert_members(db, app, live, sendit):
    order = forwarded(db, app, lang="ary-Latn")
    for raw in ("PICKEDUP", "DISTRIBUTED"):
        assert post(live, SENDIT_HOOK, *sendit.signed_webhook(order["number"], raw)).ok
    assert store.get_order(db, order["id"])["status"] == "out_for_delivery"
    # Sendit needs another address: members are told, once; the status stays.
    for _ in range(2):
        resp = post(live, SENDIT_HOOK, *sendit.signed_webhook(order["number"], "NEW_DESTINATION"))
        assert resp.ok and resp.json()["order_status"] == "out_for_delivery"
    address = member_alerts(db, "courier_address")
    assert len(address) == 2 and all(order["number"] in a["payload"]["text"] for a in address)
    # The return comes in status_return: members hear once that it is coming back…
    for step in ("RETOUR_PENDING", "RETURN_WAREHOUSE"):
        assert post(live, SENDIT_HOOK, *sendit.signed_webhook(
            order["number"], "UNREACHABLE", status_return=step)).ok
    assert store.get_order(db, order["id"])["courier_status"] == "RETURN_WAREHOUSE"
    assert len(member_alerts(db, "courier_return")) == 2
    # …and the order is returned when the parcel is back with the seller.
    resp = post(live, SENDIT_HOOK, *sendit.signed_webhook(order["number"], "UNREACHABLE",
                                                          status_return="RETURN_SELLER"))
    assert resp.json()["order_status"] == "returned"
    assert len(member_alerts(db, "returned")) == 2
