"""Ozon Express adapter against the fake Ozon, through real HTTP."""

from __future__ import annotations

import json
import logging

import pytest

from bot.couriers import CourierError, Parcel, get_courier, match_city
from tests.fakes import FakeOzon

TIMEOUT = 0.5


@pytest.fixture
def fake():
    with FakeOzon() as server:
        yield server


@pytest.fixture
def courier(fake):
    return get_courier("ozon", fake.options(), timeout=TIMEOUT)


@pytest.fixture
def fes(courier):
    city, score = match_city("Fès", courier.cities())
    assert score == 100
    return city


def parcel(reference="T-2001", **kw) -> Parcel:
    data = dict(reference=reference, cod_amount=149.5, recipient_name="Youssef",
                phone="+212661234567",
                city="Fès", address="Hay Saada, rue 4", note="Fragile",
                items=[{"sku": "AMLOU", "name": "Amlou 500g", "quantity": 1}])
    data.update(kw)
    return Parcel(**data)


def test_cities_are_the_fee_table(courier):
    cities = {c.name: c for c in courier.cities()}
    assert cities["Agadir"].id == "37" and cities["Agadir"].fee == 35.0
    assert len(cities) == 8


def test_create_sends_documented_fields(courier, fake, fes):
    result = courier.create_parcel(parcel(), fes)
    assert result.tracking == "T-2001"
    assert result.raw["ADD-PARCEL"]["RESULT"] == "SUCCESS"
    assert fake.parcels["T-2001"]["form"] == {
        "tracking-number": "T-2001", "parcel-receiver": "Youssef", "parcel-phone": "0661234567",
        "parcel-city": "12", "parcel-address": "Hay Saada, rue 4", "parcel-price": "150",
        "parcel-note": "Fragile", "parcel-nature": "1x Amlou 500g", "parcel-open": "1",
        "parcel-stock": "0",
    }


def test_price_is_whole_dirhams(courier, fake, fes):
    courier.create_parcel(parcel(cod_amount=149.4, allow_open=False), fes)
    form = fake.parcels["T-2001"]["form"]
    assert form["parcel-price"] == "149" and form["parcel-open"] == "2"     # 2: may not open


def test_stock_parcel_sends_the_products_list(fake, fes):
    courier = get_courier("ozon", fake.options(stock=1), timeout=TIMEOUT)
    courier.create_parcel(parcel(items=[{"sku": "AMLOU-500", "name": "Amlou 500g", "quantity": 2},
                                        {"sku": "MIEL-1KG", "name": "Miel", "quantity": 1}]), fes)
    form = fake.parcels["T-2001"]["form"]
    assert form["parcel-stock"] == "1"
    assert json.loads(form["products"]) == [{"ref": "AMLOU-500", "qnty": 2},
                                            {"ref": "MIEL-1KG", "qnty": 1}]


@pytest.mark.parametrize("amount,declared", [(0, "50"), (5200, "5200"), (5000, None), (150, None)])
def test_declared_value_when_price_is_0_or_above_5000(courier, fake, fes, amount, declared):
    courier.create_parcel(parcel(cod_amount=amount), fes)
    assert fake.parcels["T-2001"]["form"].get("parcel-declared-value") == declared


def test_error_with_http_200_is_not_retryable(courier, fake, fes):
    fake.validation_error_next(message="Adresse trop courte", path="add-parcel")
    with pytest.raises(CourierError) as err:
        courier.create_parcel(parcel(), fes)
    assert err.value.retryable is False and err.value.message == "Adresse trop courte"
    assert fake.created["T-2001"] == 0


def test_courier_side_validation(courier, fake, fes):
    fes.id = "999"
    with pytest.raises(CourierError) as err:
        courier.create_parcel(parcel(), fes)
    assert err.value.message == "Ville invalide" and not err.value.retryable


def test_bad_api_key_is_not_retryable(fake, fes):
    """A wrong key comes back as a CHECK_API error with no ADD-PARCEL section."""
    courier = get_courier("ozon", fake.options(api_key="nope"), timeout=TIMEOUT)
    for call in (lambda: courier.create_parcel(parcel(), fes), lambda: courier.track("T-1")):
        with pytest.raises(CourierError) as err:
            call()
        assert not err.value.retryable and err.value.credentials
        assert "Please verify your API Key" in err.value.message and "nope" not in str(err.value)


def test_bulk_tracking_reads_records_wherever_they_sit(courier, fake, fes):
    first = courier.create_parcel(parcel(), fes).tracking
    fake.set_status(first, "Mise en distribution")
    assert courier.track_many([first, "T-404"]) == {first: "Mise en distribution"}
    sent = [r for r in fake.requests if r["path"].endswith("/tracking")]
    assert sent[0]["json"] == {"tracking-number": [first, "T-404"]}
    bad = get_courier("ozon", fake.options(api_key="nope"), timeout=TIMEOUT)
    with pytest.raises(CourierError) as err:
        bad.track_many([first])
    assert err.value.credentials


def test_documented_flat_reply_is_accepted(courier, fake, fes):
    fake.flat = True
    result = courier.create_parcel(parcel(), fes)
    assert result.tracking == "T-2001" and fake.created["T-2001"] == 1


@pytest.mark.parametrize("status", [500, 503, 429])
def test_server_errors_are_retryable(courier, fake, fes, status):
    fake.fail_next(1, status=status, path="add-parcel")
    with pytest.raises(CourierError) as err:
        courier.create_parcel(parcel(), fes)
    assert err.value.retryable is True
    assert courier.create_parcel(parcel(), fes).tracking == "T-2001"
    assert fake.created["T-2001"] == 1


def test_timeout_after_create_then_find_parcel(courier, fake, fes):
    fake.delay_next(1, seconds=TIMEOUT + 0.3, path="add-parcel")
    with pytest.raises(CourierError) as err:
        courier.create_parcel(parcel(), fes)
    assert err.value.retryable and err.value.ambiguous
    found = courier.find_parcel("T-2001")
    assert found is not None and found.tracking == "T-2001"
    assert fake.created["T-2001"] == 1


def test_recreate_after_timeout_is_idempotent(courier, fake, fes):
    """Even a blind re-create is safe: our reference is Ozon's tracking number."""
    fake.delay_next(1, seconds=TIMEOUT + 0.3, path="add-parcel")
    with pytest.raises(CourierError):
        courier.create_parcel(parcel(), fes)
    assert courier.create_parcel(parcel(), fes).tracking == "T-2001"
    assert fake.created["T-2001"] == 1


def test_find_parcel_unknown_is_none(courier):
    assert courier.find_parcel("T-404") is None


def test_polling_follows_status(courier, fake, fes):
    tracking = courier.create_parcel(parcel(), fes).tracking
    assert courier.track(tracking) == "Nouveau Colis"
    assert courier.map_status(courier.track(tracking)) == "forwarded"
    for raw, ours in [("Ramassé", "picked_up"), ("Mise en distribution", "out_for_delivery"),
                      ("Livré", "delivered")]:
        fake.set_status("T-2001", raw)
        assert courier.map_status(courier.track(tracking)) == ours
    assert not courier.has_webhooks and courier.pollable


def test_track_unknown_parcel_is_not_retryable(courier):
    with pytest.raises(CourierError) as err:
        courier.track("T-404")
    assert not err.value.retryable and err.value.message == "Colis introuvable"


def test_track_server_error_is_retryable(courier, fake):
    fake.fail_next(1, 502, path="tracking")
    with pytest.raises(CourierError) as err:
        courier.track("T-1")
    assert err.value.retryable


@pytest.mark.parametrize("raw,ours", [
    ("Nouveau Colis", "forwarded"), ("NOUVEAU COLIS", "forwarded"),
    ("Attente De Ramassage", "forwarded"),
    ("Ramassé", "picked_up"), ("RAMASSE", "picked_up"), ("Expédié", "in_transit"),
    ("Reçu", "in_transit"),
    ("Mise en distribution", "out_for_delivery"), ("MISE EN DISTRIBUTION", "out_for_delivery"),
    ("En cours de livraison", "out_for_delivery"), ("Livré", "delivered"), ("livre", "delivered"),
    ("LIVRÉ", "delivered"), ("Livré au client", "delivered"), ("Refusé", "refused"),
    ("Retourné", "returned"), ("Retourné au vendeur", "returned"), ("Annulé", "cancelled"),
    ("Reporté", "in_transit"), ("Pas de réponse", "in_transit"), ("Injoignable", "in_transit"),
    ("Livraison planifiée pour Mars", None), ("", None), ("Perdu", None),
])
def test_status_mapping(courier, raw, ours):
    assert courier.map_status(raw) == ours


def test_every_real_label_is_understood(courier):
    """Each label seen on real parcels moves the order, or tells members, or is a
    deliberate no-change (a follow-up of a cancellation; a refund notice)."""
    from tests.fakes.ozon_server import LABELS
    unmoved = {raw for raw in LABELS if not courier.map_status(raw) and not courier.problem(raw)}
    assert unmoved == {"Annulé ( SUIVI )", "Remboursé"}
    assert len(LABELS) == 41


@pytest.mark.parametrize("raw,ours,problem", [
    ("Hors-zone", None, "out_of_zone"), ("Zone Non-couverte", None, "out_of_zone"),
    ("Hors Secteur", None, "out_of_zone"), ("Erreur Numero", "in_transit", "wrong_phone"),
    ("Annulé ( SUIVI )", None, None), ("Annulé", "cancelled", None),
    ("En retour par AMANA", None, "return"), ("Retourné Reçu par client", "returned", None),
    ("Pas de réponse + SMS", "in_transit", None), ("Reporté ( SUIVI )", "in_transit", None),
    ("En cours", "out_for_delivery", None), ("expédier par AMANA", "in_transit", None),
])
def test_real_labels(courier, raw, ours, problem):
    assert (courier.map_status(raw), courier.problem(raw)) == (ours, problem)


def test_no_webhooks(courier):
    assert courier.verify_webhook({"X-Anything": "x"}, b"{}") is False
    with pytest.raises(ValueError):
        courier.parse_webhook(b"{}")


def test_secret_url_stays_out_of_errors_and_logs(fake, fes, caplog):
    caplog.set_level(logging.DEBUG)
    courier = get_courier("ozon", fake.options(), timeout=TIMEOUT)
    courier.create_parcel(parcel("T-1"), fes)
    courier.track("T-1")
    errors = []
    fake.fail_next(1, 503)
    fake.delay_next(1, TIMEOUT + 0.3, path="add-parcel")
    for ref in ("T-2", "T-3"):
        try:
            courier.create_parcel(parcel(ref), fes)
        except CourierError as exc:
            errors.append(exc)
    fake.down()
    for call in (lambda: courier.create_parcel(parcel("T-4"), fes), lambda: courier.track("T-1")):
        try:
            call()
        except CourierError as exc:
            errors.append(exc)
    assert len(errors) == 4
    for exc in errors:
        text = f"{exc} {exc!r} {exc.args} {exc.__context__!r} {exc.__cause__!r}"
        assert fake.api_key not in text and "/customers/" not in text
    assert "/customers/***/***/add-parcel" in caplog.text  # urllib3's debug line, scrubbed
    assert fake.api_key not in caplog.text and f"/{fake.customer_id}/" not in caplog.text
    assert "661234567" not in caplog.text
