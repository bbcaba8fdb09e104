"""Sandbox courier: deterministic codes, time-based progression, city list."""

from __future__ import annotations

import pytest

from bot.couriers import Parcel, get_courier, match_city
from bot.couriers.sandbox import CITIES, PROGRESSION, created_at_of, tracking_code


def parcel(reference="T-1", **kw) -> Parcel:
    return Parcel(reference=reference, cod_amount=120, recipient_name="Sara", phone="+212612345678",
                  city="Fès", address="Derb 3", **kw)


@pytest.fixture
def now():
    return [1_700_000_000.0]


@pytest.fixture
def courier(now):
    return get_courier("sandbox", {"step_seconds": 10, "clock": lambda: now[0]})


def test_code_embeds_reference_hash_and_creation_time(courier, now):
    code = courier.create_parcel(parcel(), None).tracking
    assert code.startswith("SBX-") and created_at_of(code) == int(now[0])
    assert code == tracking_code("T-1", now[0])
    assert courier.create_parcel(parcel("T-2"), None).tracking != code


def test_recreate_with_created_at_is_idempotent(courier, now):
    first = courier.create_parcel(parcel(created_at=1_600_000_000), None).tracking
    now[0] += 3600
    assert courier.create_parcel(parcel(created_at=1_600_000_000), None).tracking == first


def test_progression_over_time(courier, now):
    code = courier.create_parcel(parcel(), None).tracking
    seen = []
    for _ in range(7):
        seen.append(courier.map_status(courier.track(code)))
        now[0] += 10
    assert seen == ["forwarded", "picked_up", "in_transit", "out_for_delivery",
                    "delivered", "delivered", "delivered"]


def test_progression_survives_a_new_process(courier, now):
    code = courier.create_parcel(parcel(), None).tracking
    now[0] += 25
    other = get_courier("sandbox", {"step_seconds": 10, "clock": lambda: now[0]})
    assert other.track(code) == "IN_TRANSIT"


def test_default_step_is_a_minute():
    courier = get_courier("sandbox", {})
    code = tracking_code("T-9", courier.clock() - 61)
    assert courier.step_seconds == 60 and courier.track(code) == "PICKED_UP"


def test_foreign_code_is_unknown(courier):
    assert courier.track("SND1001") is None and courier.track("") is None


def test_every_raw_status_maps(courier):
    assert [courier.map_status(s) for s in PROGRESSION] == [
        "forwarded", "picked_up", "in_transit", "out_for_delivery", "delivered"]
    assert courier.map_status("WHATEVER") is None


def test_cities_cover_major_moroccan_cities(courier):
    cities = courier.cities()
    assert len(cities) == len(CITIES) >= 30
    fees = {c.name: c.fee for c in cities}
    assert fees["Casablanca"] == 25 and all(35 <= f <= 45 for n, f in fees.items() if n not in
                                            ("Casablanca", "Mohammedia"))
    for ours in ("Fès", "Laâyoune", "Al Hoceïma", "Béni Mellal", "Tétouan", "Salé", "Témara"):
        city, score = match_city(ours, cities)
        assert city.name == ours and score == 100


def test_sandbox_flags(courier):
    assert courier.pollable and not courier.has_webhooks
    assert courier.verify_webhook({}, b"") is False
