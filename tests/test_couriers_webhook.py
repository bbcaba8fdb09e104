"""Generic webhook courier (against the fake receiver) and the manual courier."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging

import pytest

from bot.couriers import STATUSES, CourierError, Parcel, get_courier
from tests.fakes import FakeWebhookReceiver

TIMEOUT = 0.5


@pytest.fixture
def fake():
    with FakeWebhookReceiver() as server:
        yield server


@pytest.fixture
def courier(fake):
    return get_courier("webhook", fake.options(), timeout=TIMEOUT)


def parcel(reference="T-3001", **kw) -> Parcel:
    data = dict(reference=reference, cod_amount=180.0, recipient_name="Khadija",
                phone="+212700112233",
                city="Tiznit", address="Douar Aït Ali", latitude=29.69, longitude=-9.73,
                items=[{"sku": "ARG-250", "name": "Huile d'argan 250ml", "quantity": 3}],
                note="Après 17h", coop_slug="tifaout", coop_name="Coopérative Tifaout")
    data.update(kw)
    return Parcel(**data)


def test_create_posts_signed_documented_body(courier, fake):
    result = courier.create_parcel(parcel(), None)
    assert result.tracking == "DRV-0001"
    sent = fake.requests[-1]
    assert sent["headers"]["Idempotency-Key"] == "T-3001"
    expected = "sha256=" + hmac.new(fake.secret.encode(), sent["body"], hashlib.sha256).hexdigest()
    assert sent["headers"]["X-Bghit-Signature"] == expected
    assert json.loads(sent["body"]) == {
        "reference": "T-3001", "cod_amount": 180.0, "currency": "MAD",
        "recipient": {"name": "Khadija", "phone": "+212700112233", "city": "Tiznit",
                      "address": "Douar Aït Ali", "latitude": 29.69, "longitude": -9.73},
        "items": [{"sku": "ARG-250", "name": "Huile d'argan 250ml", "quantity": 3}],
        "coop": {"slug": "tifaout", "name": "Coopérative Tifaout"}, "note": "Après 17h",
    }


def test_reply_without_tracking(fake):
    fake.return_tracking = False
    courier = get_courier("webhook", fake.options(), timeout=TIMEOUT)
    assert courier.create_parcel(parcel(), None).tracking is None


def test_wrong_secret_is_rejected_by_receiver(fake):
    courier = get_courier("webhook", fake.options(secret="guess"), timeout=TIMEOUT)
    with pytest.raises(CourierError) as err:
        courier.create_parcel(parcel(), None)
    assert not err.value.retryable and err.value.status_code == 401
    assert err.value.message == "bad signature" and fake.rejected_signatures == 1


def test_server_error_is_retryable_then_success(courier, fake):
    fake.fail_next(1, 503)
    with pytest.raises(CourierError) as err:
        courier.create_parcel(parcel(), None)
    assert err.value.retryable
    assert courier.create_parcel(parcel(), None).tracking == "DRV-0001"


def test_timeout_then_resend_is_deduplicated_by_idempotency_key(courier, fake):
    fake.delay_next(1, TIMEOUT + 0.3)
    with pytest.raises(CourierError) as err:
        courier.create_parcel(parcel(), None)
    assert err.value.retryable and err.value.ambiguous
    assert courier.find_parcel("T-3001") is None  # not supported: the key protects
    assert courier.create_parcel(parcel(), None).tracking == "DRV-0001"
    assert fake.created["T-3001"] == 1


def test_connection_refused_is_retryable(courier, fake):
    fake.down()
    with pytest.raises(CourierError) as err:
        courier.create_parcel(parcel(), None)
    assert err.value.retryable and not err.value.ambiguous


def test_validation_error_carries_receiver_message(courier, fake):
    fake.validation_error_next(message="Zone non desservie", status=422)
    with pytest.raises(CourierError) as err:
        courier.create_parcel(parcel(), None)
    assert not err.value.retryable and err.value.message == "Zone non desservie"


def test_status_update_signature(courier, fake):
    body, headers = fake.signed_status("T-3001", "delivered")
    assert courier.verify_webhook(headers, body)
    assert courier.parse_webhook(body) == ("T-3001", "delivered")
    forged_body, forged = fake.signed_status("T-3001", "delivered", secret="guess")
    assert not courier.verify_webhook(forged, forged_body)
    assert not courier.verify_webhook(headers, body.replace(b"delivered", b"refused"))
    assert not courier.verify_webhook({}, body)
    bare = {"X-Bghit-Signature": headers["X-Bghit-Signature"].removeprefix("sha256=")}
    assert courier.verify_webhook(bare, body)


@pytest.mark.parametrize("body", [b"{", b'"x"', b'{"reference":"T-1"}', b'{"status":"delivered"}',
                                  b'{"reference":1,"status":"delivered"}'])
def test_parse_webhook_rejects_malformed(courier, body):
    with pytest.raises(ValueError):
        courier.parse_webhook(body)


@pytest.mark.parametrize("raw", STATUSES)
def test_status_mapping_is_identity_on_ours(courier, raw):
    assert courier.map_status(raw) == raw
    assert courier.map_status(raw.upper()) == raw


@pytest.mark.parametrize("raw", ["lost", "", "DELIVERED!"])
def test_status_mapping_unknown(courier, raw):
    assert courier.map_status(raw) is None


def test_secret_stays_out_of_logs(fake, caplog):
    caplog.set_level(logging.DEBUG)
    courier = get_courier("webhook", fake.options(), timeout=TIMEOUT)
    courier.create_parcel(parcel(), None)
    fake.down()
    with pytest.raises(CourierError) as err:
        courier.create_parcel(parcel("T-2"), None)
    assert fake.secret not in caplog.text and "700112233" not in caplog.text
    assert fake.secret not in f"{err.value} {err.value!r}"


# -- manual -------------------------------------------------------------------

def test_manual_courier():
    courier = get_courier("manual", {})
    assert courier.create_parcel(parcel(), None).tracking is None
    assert courier.cities() == [] and courier.track("x") is None
    assert courier.find_parcel("T-1") is None
    assert not courier.has_webhooks and not courier.pollable
    assert courier.verify_webhook({"X-Bghit-Signature": "sha256=00"}, b"{}") is False
    assert courier.map_status("delivered") == "delivered"
    assert courier.map_status("shipped") == "in_transit"
    assert courier.map_status("teleported") is None
