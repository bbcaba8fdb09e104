"""Sendit adapter against the fake Sendit, through real HTTP."""

from __future__ import annotations

import logging

import pytest

from bot.couriers import CourierError, Parcel, get_courier, match_city
from bot.couriers.sendit import clear_token_cache
from tests.fakes import FakeSendit

TIMEOUT = 0.5


@pytest.fixture
def fake():
    clear_token_cache()
    with FakeSendit() as server:
        yield server
    clear_token_cache()


@pytest.fixture
def courier(fake):
    return get_courier("sendit", fake.options(), timeout=TIMEOUT)


@pytest.fixture
def fes(courier):
    city, score = match_city("Fès", courier.cities())
    assert score == 100
    return city


def parcel(reference="T-1042", **kw) -> Parcel:
    data = dict(reference=reference, cod_amount=249.5, recipient_name="Amina B.",
                phone="+212612345678",
                city="Fès", address="12 Rue Talaa Kebira", note="Appeler avant",
                items=[{"sku": "MIEL-1KG", "name": "Miel de thym 1kg", "quantity": 2}],
                allow_open=False)
    data.update(kw)
    return Parcel(**data)


def forward(courier, p, city, ambiguous_before: bool):
    """What the worker does: after an ambiguous failure, look before re-creating."""
    if ambiguous_before:
        found = courier.find_parcel(p.reference, phone=p.phone)
        if found:
            return found
    return courier.create_parcel(p, city)


def test_cities_follow_pagination(courier, fake):
    cities = courier.cities()
    assert len(cities) == 45 and fake.count("/districts") == 3
    fes = next(c for c in cities if c.id == "3")
    assert (fes.name, fes.arabic_name, fes.fee, fes.delay, fes.region) == (
           "Fès", "فاس", 35.0, "24h-48h", "Fès")


def test_fees_are_from_the_cooperatives_pickup_district(fake):
    """A cooperative in Marrakech pays Marrakech's prices, not Casablanca's."""
    courier = get_courier("sendit", fake.options(pickup_district_id=5), timeout=TIMEOUT)
    fees = {c.name: c.fee for c in courier.cities()}
    assert fees["Marrakech"] == 20 and fees["Casablanca"] == 35
    assert all(r["args"].get("pickup-district") == "5" for r in fake.requests
               if r["path"].endswith("/districts"))


def test_create_sends_documented_fields(courier, fake, fes):
    result = courier.create_parcel(parcel(), fes)
    assert result.tracking == "SND1001" and result.raw["success"] is True
    sent = fake.requests[-1]
    assert sent["headers"]["Authorization"].startswith("Bearer ")
    assert sent["json"] == {
        "pickup_district_id": 1, "district_id": 3, "name": "Amina B.", "phone": "0612345678",
        "address": "12 Rue Talaa Kebira", "amount": 250, "reference": "T-1042",
        "comment": "Appeler avant", "allow_open": 0, "products": "2x Miel de thym 1kg",
        "allow_try": 0, "products_from_stock": 0, "option_exchange": 0,
    }


def test_separators_are_cleaned_and_options_sent(fake, fes):
    courier = get_courier("sendit", fake.options(allow_try=1), timeout=TIMEOUT)
    courier.create_parcel(parcel(items=[{"name": "Miel: thym; 1kg | pot", "quantity": 2}],
                                 address="Bloc A: n°5; 2e étage", note="Appeler:\n avant"), fes)
    sent = fake.requests[-1]["json"]
    assert sent["products"] == "2x Miel - thym, 1kg / pot"
    assert sent["address"] == "Bloc A - n°5, 2e étage" and sent["comment"] == "Appeler - avant"
    assert sent["allow_try"] == 1 and not any(c in sent["products"] for c in ":;")


def test_field_errors_under_data_reach_members(courier, fake, fes):
    fes.id = "999"
    with pytest.raises(CourierError) as err:
        courier.create_parcel(parcel(), fes)
    assert "Le quartier sélectionné est invalide." in err.value.message


def test_cash_above_the_limit_is_refused_before_any_call(courier, fake, fes):
    with pytest.raises(CourierError) as err:
        courier.create_parcel(parcel(cod_amount=5000.5), fes)
    assert not err.value.retryable and "5000" in err.value.message
    assert fake.count("/deliveries", "POST") == 0
    assert courier.create_parcel(parcel(cod_amount=5000), fes).tracking
    assert fake.created["T-1042"] == 1 and fake.logins == 1


def test_token_is_reused_between_instances(fake, fes):
    get_courier("sendit", fake.options(), timeout=TIMEOUT).create_parcel(parcel("T-1"), fes)
    get_courier("sendit", fake.options(), timeout=TIMEOUT).create_parcel(parcel("T-2"), fes)
    assert fake.logins == 1


def test_expired_token_logs_in_again_once(courier, fake, fes):
    courier.create_parcel(parcel("T-1"), fes)
    fake.expire_tokens()
    result = courier.create_parcel(parcel("T-2"), fes)
    assert result.tracking and fake.logins == 2
    assert fake.created == {"T-1": 1, "T-2": 1}


def test_bad_credentials_are_not_retryable(fake, fes):
    courier = get_courier("sendit", fake.options(secret_key="wrong"), timeout=TIMEOUT)
    with pytest.raises(CourierError) as err:
        courier.create_parcel(parcel(), fes)
    assert err.value.retryable is False and err.value.message == "Identifiants incorrects"
    assert err.value.status_code == 401


@pytest.mark.parametrize("status", [500, 502, 503, 429])
def test_server_errors_are_retryable_then_succeed(courier, fake, fes, status):
    fake.fail_next(1, status=status, path="/deliveries")
    with pytest.raises(CourierError) as err:
        courier.create_parcel(parcel(), fes)
    assert err.value.retryable is True and err.value.status_code == status
    assert fake.created["T-1042"] == 0
    assert forward(courier, parcel(), fes, err.value.ambiguous).tracking
    assert fake.created["T-1042"] == 1


def test_connection_refused_is_retryable_and_not_ambiguous(courier, fake, fes):
    courier.cities()
    fake.down()
    with pytest.raises(CourierError) as err:
        courier.create_parcel(parcel(), fes)
    assert err.value.retryable is True and err.value.ambiguous is False
    fake.up()
    assert courier.create_parcel(parcel(), fes).tracking


def test_timeout_after_create_then_find_parcel(courier, fake, fes):
    fake.delay_next(1, seconds=TIMEOUT + 0.3, path="/deliveries")
    with pytest.raises(CourierError) as err:
        courier.create_parcel(parcel(), fes)
    assert err.value.retryable is True and err.value.ambiguous is True
    result = forward(courier, parcel(), fes, err.value.ambiguous)
    assert result.tracking == "SND1001"
    assert fake.created["T-1042"] == 1


def test_find_parcel_is_exact_on_reference(courier, fake, fes):
    courier.create_parcel(parcel("T-10420"), fes)
    assert courier.find_parcel("T-1042", phone="+212612345678") is None
    assert courier.find_parcel("T-10420", phone="+212612345678").tracking == "SND1001"


def test_find_parcel_by_phone_when_search_skips_the_reference(courier, fake, fes):
    """The search is not confirmed to cover the reference: the phone search finds it,
    among the same customer's other parcels (one created by hand, without reference)."""
    courier.create_parcel(parcel("T-1042"), fes)
    courier.create_parcel(parcel(""), fes)
    courier.create_parcel(parcel("T-1043"), fes)
    assert fake.count("/deliveries", "GET") == 0
    found = courier.find_parcel("T-1042", phone="+212612345678")
    assert found.tracking == "SND1001" and found.raw["reference"] == "T-1042"
    assert [r["args"]["querystring"] for r in fake.requests
            if r["method"] == "GET" and r["path"].endswith("/deliveries")] == \
        ["T-1042", "0612345678"]
    assert courier.find_parcel("T-1044", phone="+212612345678") is None


def test_find_parcel_by_phone_past_the_customers_newer_parcels(courier, fake, fes):
    """A busy customer (or a shop ordering for many) may have many parcels created after the
    one whose answer was lost: the look-up pages on until it is found (the soak found a
    re-create after 60 newer parcels of one phone)."""
    courier.create_parcel(parcel("T-1042"), fes)
    for n in range(1043, 1043 + 3 * fake.per_page + 5):
        courier.create_parcel(parcel(f"T-{n}"), fes)
    found = courier.find_parcel("T-1042", phone="+212612345678")
    assert found is not None and found.raw["reference"] == "T-1042"


@pytest.mark.parametrize("http_status", [200, 422])
def test_validation_error_is_not_retryable(courier, fake, fes, http_status):
    fake.validation_error_next(message="Le champ adresse est trop court.", status=http_status,
                               path="/deliveries")
    with pytest.raises(CourierError) as err:
        courier.create_parcel(parcel(), fes)
    assert err.value.retryable is False and err.value.message == "Le champ adresse est trop court."


def test_courier_side_validation_message(courier, fake, fes):
    fes.id = "999"
    with pytest.raises(CourierError) as err:
        courier.create_parcel(parcel(), fes)
    assert err.value.message == ("Les données ne sont pas valides. "
                                 "Le quartier sélectionné est invalide.")
    assert not err.value.retryable


def test_no_city_is_refused_before_any_request(courier, fake):
    with pytest.raises(CourierError) as err:
        courier.create_parcel(parcel(), None)
    assert not err.value.retryable and fake.requests == []


def test_unknown_city_does_not_match(courier):
    city, score = match_city("Zagora", courier.cities())
    assert city is None or score < 90


def test_track_polls_status(courier, fake, fes):
    code = courier.create_parcel(parcel(), fes).tracking
    fake.set_status(code, "DELIVERING")
    assert courier.map_status(courier.track(code)) == "out_for_delivery"


# -- webhooks -------------------------------------------------------------------

def test_webhook_signature(courier, fake, fes):
    courier.create_parcel(parcel(), fes)
    body, headers = fake.signed_webhook("T-1042", "DELIVERED")
    assert courier.verify_webhook(headers, body)
    assert courier.verify_webhook({k.lower(): v for k, v in headers.items()}, body)
    assert courier.parse_webhook(body) == ("SND1001", "DELIVERED")


def test_webhook_forged_or_missing_signature(courier, fake, fes):
    courier.create_parcel(parcel(), fes)
    body, headers = fake.signed_webhook("T-1042", "DELIVERED", secret="not-the-secret")
    assert not courier.verify_webhook(headers, body)
    _, good = fake.signed_webhook("T-1042", "DELIVERED")
    assert not courier.verify_webhook(good, body.replace(b"DELIVERED", b"RETURNED"))
    assert not courier.verify_webhook({}, body)
    assert not courier.verify_webhook({"X-Sendit-Signature": ""}, body)
    unsigned = get_courier("sendit", {"public_key": "pk"})
    assert not unsigned.verify_webhook(good, body)


def test_webhook_signature_base64_and_webhook_key(fake, fes):
    """Sendit signs with the key chosen when the webhook is created, hex or base64."""
    default = get_courier("sendit", fake.options(), timeout=TIMEOUT)
    default.create_parcel(parcel(), fes)
    assert default.verify_webhook(*reversed(fake.signed_webhook("T-1042", "PICKEDUP",
                                                                encoding="base64")))
    keyed = get_courier("sendit", fake.options(webhook_key="whk_chosen_in_dashboard"))
    assert keyed.verify_webhook(*reversed(fake.signed_webhook(
        "T-1042", "TRANSIT", secret="whk_chosen_in_dashboard")))
    assert keyed.verify_webhook(*reversed(fake.signed_webhook(
        "T-1042", "TRANSIT", secret="whk_chosen_in_dashboard", encoding="base64")))
    # Once a webhook key is set, the secret key no longer signs.
    assert not keyed.verify_webhook(*reversed(fake.signed_webhook("T-1042", "DELIVERED")))
    body, headers = fake.signed_webhook("T-1042", "DELIVERED", encoding="base64")
    assert not default.verify_webhook({"X-Sendit-Signature": headers["X-Sendit-Signature"][:-4]
                                       + "AAA="}, body)


def test_quiet_parcels_are_polled():
    courier = get_courier("sendit", {"public_key": "pk"})
    assert courier.pollable and courier.poll_quiet_seconds == 6 * 3600
    assert get_courier("sendit", {"poll_after_hours": 2}).poll_quiet_seconds == 7200


@pytest.mark.parametrize("body", [b"", b"not json", b"[]", b'{"event":"delivery.status.update"}',
                                  b'{"event":"invoice.paid","code":"X","newStatus":"PAID"}',
                                  b'{"code":"X","newStatus":5}'])
def test_parse_webhook_rejects_malformed(courier, body):
    with pytest.raises(ValueError):
        courier.parse_webhook(body)


@pytest.mark.parametrize("raw,ours", [
    ("PENDING", "forwarded"), ("PICKEDUP", "picked_up"), ("TRANSIT", "in_transit"),
    ("DELIVERING", "out_for_delivery"), ("DELIVERED", "delivered"), ("REJECTED", "refused"),
    ("RETURNED", "returned"), ("CANCELED", "cancelled"), ("UNREACHABLE", "in_transit"),
    ("POSTPONED", "in_transit"), ("delivered", "delivered"), ("Picked up", "picked_up"),
    ("CANCELLED", "cancelled"), ("LOST_IN_SPACE", None), ("", None),
    ("DISTRIBUTED", "out_for_delivery"), ("TO_PREPARE", "forwarded"), ("TOPICKUP", "forwarded"),
    ("TO_PICKUP", "forwarded"), ("WAREHOUSE", "in_transit"), ("SCHEDULED", "in_transit"),
    ("NEW_DESTINATION", None), ("RETURN_WAREHOUSE", None), ("RETURN_SELLER", "returned"),
])
def test_status_mapping(courier, raw, ours):
    assert courier.map_status(raw) == ours


def test_every_status_of_the_sources_is_mapped_or_a_problem(courier):
    from tests.fakes.sendit_server import RETURN_STATUSES, STATUSES
    for raw in STATUSES + RETURN_STATUSES:
        assert courier.map_status(raw) or courier.problem(raw), raw
    assert courier.problem("NEW_DESTINATION") == "address"
    assert {courier.problem(r) for r in RETURN_STATUSES[:-1]} == {"return"}
    assert courier.problem("DELIVERED") is None


def test_track_reads_the_return_status(courier, fake, fes):
    code = courier.create_parcel(parcel(), fes).tracking
    fake.set_status(code, "REJECTED", status_return="RETURN_WAREHOUSE")
    assert courier.track(code) == "RETURN_WAREHOUSE"
    body, _ = fake.signed_webhook(code, "REJECTED", status_return="RETURN_SELLER")
    assert courier.parse_webhook(body) == (code, "RETURN_SELLER")


# -- secrets --------------------------------------------------------------------

def test_secrets_stay_out_of_errors_and_logs(fake, fes, caplog):
    caplog.set_level(logging.DEBUG)
    courier = get_courier("sendit", fake.options(), timeout=TIMEOUT)
    courier.create_parcel(parcel("T-1"), fes)
    token = next(iter(fake.tokens))
    errors = []
    fake.expire_tokens()
    fake.fail_next(1, 503)
    fake.delay_next(1, TIMEOUT + 0.3, path="/deliveries")
    for _ in range(2):
        try:
            courier.create_parcel(parcel("T-2"), fes)
        except CourierError as exc:
            errors.append(exc)
    try:
        get_courier("sendit", fake.options(secret_key="wrong-" + fake.secret_key)).cities()
    except CourierError as exc:
        errors.append(exc)
    fake.down()
    try:
        courier.create_parcel(parcel("T-3"), fes)
    except CourierError as exc:
        errors.append(exc)
    assert [e.retryable for e in errors] == [True, True, False, True]
    secrets = [fake.secret_key, fake.public_key, token, "612345678"]
    for exc in errors:
        text = f"{exc} {exc!r} {exc.args} {exc.__context__!r} {exc.__cause__!r}"
        assert not any(s in text for s in secrets)
    assert "sendit parcel T-1 created" in caplog.text
    assert not any(s in caplog.text for s in secrets)


def test_refused_login_is_a_credentials_error(fake):
    courier = get_courier("sendit", fake.options(secret_key="wrong"), timeout=TIMEOUT)
    with pytest.raises(CourierError) as err:
        courier.cities()
    assert not err.value.retryable and err.value.credentials
