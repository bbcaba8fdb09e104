"""Courier plumbing: helpers, registry, city matching, city cache, fake runner."""

from __future__ import annotations

import pytest
import requests

from bot.couriers import COURIERS, CityCache, CourierCity, CourierError, get_courier, match_city
from bot.couriers.base import STATUSES, fold, local_phone, whole_mad
from bot.couriers.sandbox import SandboxCourier
from tests.fakes import LocalServer


@pytest.mark.parametrize("raw", ["+212612345678", "whatsapp:+212612345678", "00212612345678",
                                 "212612345678", "0612345678", "+212 6 12 34 56 78"])
def test_local_phone(raw):
    assert local_phone(raw) == "0612345678"


@pytest.mark.parametrize("raw", ["+33612345678", "+2126123", "", "+212312345678"])
def test_local_phone_rejects_foreign_numbers(raw):
    with pytest.raises(CourierError) as err:
        local_phone(raw)
    assert err.value.retryable is False


@pytest.mark.parametrize("amount,whole", [(149.5, 150), (149.4, 149), (200.0, 200), (0.5, 1)])
def test_whole_mad_rounds_halves_up(amount, whole):
    assert whole_mad(amount) == whole


def test_fold():
    assert fold("Fès - Saïss") == "fes saiss"
    assert fold("LAÂYOUNE") == "laayoune"
    assert fold("أكادير") == fold("اكادير")


def _old_fold(text: str | None) -> str:
    """``couriers.base.fold`` as it was before it moved to ``textnorm.fold`` (issue 17), frozen."""
    import re
    import unicodedata
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    bare = bare.translate(str.maketrans({
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ـ": None,
    })).casefold()
    bare = re.sub(r"[^\w]+", " ", bare).replace("_", " ")
    return " ".join(bare.split())


def _every_city_name() -> list[str]:
    from bot import datafiles
    from bot.couriers.sandbox import CITIES as SANDBOX
    from tests.fakes.ozon_server import DEFAULT_CITIES as OZON
    from tests.fakes.sendit_server import default_districts

    data = datafiles.load_intents("cities.yml")
    names = [str(a) for a in data.get("articles") or ()]
    for city in data.get("cities") or ():
        names += [str(city["name"]), *(str(f) for f in city.get("forms") or ())]
    names += [n for n, _, _ in SANDBOX] + [n for n, _ in OZON.values()]
    names += [str(d[k]) for d in default_districts() for k in ("name", "arabic_name", "ville")
              if d[k]]
    names += [c.name for c in CITIES] + [c.arabic_name for c in CITIES if c.arabic_name]
    return names


def test_textnorm_fold_is_the_old_courier_fold_on_every_city_name():
    """The fold moved from couriers.base to nlu.textnorm (the ``letters`` level of the fold
    table in intents/normalise.yml) without changing a single city name's folded form."""
    from bot.nlu import textnorm

    names = _every_city_name()
    assert len(names) > 300
    assert fold is textnorm.fold
    assert [textnorm.fold(n) for n in names] == [_old_fold(n) for n in names]


def test_registry_has_every_courier():
    assert set(COURIERS) == {"sendit", "ozon", "webhook", "manual", "sandbox"}
    for name, cls in COURIERS.items():
        courier = get_courier(name, {}, timeout=0.5)
        assert isinstance(courier, cls) and courier.name == name and courier.timeout == 0.5
        assert isinstance(courier.has_webhooks, bool)
    with pytest.raises(ValueError):
        get_courier("dhl", {})


def test_repr_hides_options():
    courier = get_courier("sendit", {"public_key": "pk", "secret_key": "hush-hush"})
    assert "hush-hush" not in repr(courier)


def test_missing_option_is_not_retryable():
    with pytest.raises(CourierError) as err:
        get_courier("webhook", {}).create_parcel(_parcel(), None)
    assert err.value.retryable is False and "not configured" in err.value.message


# -- match_city ---------------------------------------------------------------

CITIES = [CourierCity("1", "CASABLANCA"), CourierCity("2", "FES", arabic_name="فاس"),
          CourierCity("3", "Fès - Saiss"), CourierCity("4", "Salé"), CourierCity("5", "Safi"),
          CourierCity("6", "Al Hoceima"), CourierCity("7", "Meknes"), CourierCity("8", "Tanger")]
ALIASES = {"Fès": ["Fes", "Fas", "فاس"], "Casablanca": ["Casa", "Dar Beida", "الدار البيضاء"],
           "Tanger": ["Tanja", "طنجة"]}


@pytest.mark.parametrize("ours,expected", [
    ("Fès", "2"), ("fes", "2"), ("FÈS", "2"), ("Casablanca", "1"), ("Sale", "4"), ("Salé", "4"),
    ("Safi", "5"), ("Meknès", "7"), ("Hoceima", "6"), ("Al Hoceïma", "6"),
])
def test_match_city_exact_after_folding(ours, expected):
    city, score = match_city(ours, CITIES)
    assert city is not None and city.id == expected and score >= 90


@pytest.mark.parametrize("ours,expected", [("Fas", "2"), ("فاس", "2"), ("Casa", "1"),
                                            ("Tanja", "8"), ("Dar Beida", "1")])
def test_match_city_with_darija_aliases(ours, expected):
    city, score = match_city(ours, CITIES, ALIASES)
    assert city.id == expected and score >= 90


def test_match_city_arabic_name_without_aliases():
    assert match_city("فاس", CITIES)[0].id == "2"


def test_match_city_prefers_exact_over_district():
    assert match_city("Fès", CITIES)[0].id == "2"
    city, score = match_city("Fès", [CourierCity("3", "Fès - Saiss"), CourierCity("9", "Fnideq")])
    assert city.id == "3" and 90 <= score < 100


def test_match_city_typo_needs_confirmation():
    city, score = match_city("Casablanka", CITIES)
    assert city.id == "1" and 60 <= score < 90


@pytest.mark.parametrize("ours", ["Paris", "Zagora", ""])
def test_match_city_unknown(ours):
    city, score = match_city(ours, CITIES)
    assert city is None and score < 60


def test_match_city_empty_list():
    assert match_city("Fès", []) == (None, 0.0)


# -- CityCache ----------------------------------------------------------------

class CountingCourier(SandboxCourier):
    def __init__(self):
        super().__init__({})
        self.calls = 0
        self.broken = False

    def cities(self):
        self.calls += 1
        if self.broken:
            raise CourierError("down", retryable=True)
        return super().cities()


def test_city_cache_keeps_list_for_a_day():
    now = [1000.0]
    cache, courier = CityCache(clock=lambda: now[0]), CountingCourier()
    first = cache.get(courier)
    now[0] += 23 * 3600
    assert cache.get(courier) is first and courier.calls == 1
    now[0] += 2 * 3600
    cache.get(courier)
    assert courier.calls == 2


def test_city_cache_serves_stale_list_when_refresh_fails():
    now = [0.0]
    cache, courier = CityCache(ttl=10, clock=lambda: now[0]), CountingCourier()
    cities = cache.get(courier)
    courier.broken, now[0] = True, 100.0
    assert cache.get(courier) == cities
    with pytest.raises(CourierError):
        CityCache().get(courier)


def test_city_cache_persistence_hooks():
    stored: dict = {}
    cache = CityCache(load=stored.get,
                      save=lambda key, at, rows: stored.__setitem__(key, (at, rows)),
                      clock=lambda: 50.0)
    courier = CountingCourier()
    cities = cache.get(courier)
    assert stored["sandbox:builtin"][1][0]["name"] == "Casablanca"
    fresh = CityCache(load=stored.get, clock=lambda: 60.0)  # a new process
    assert fresh.get(courier) == cities and courier.calls == 1
    fresh.invalidate()
    assert CityCache(clock=lambda: 60.0).get(courier) and courier.calls == 2


# -- LocalServer --------------------------------------------------------------

def _ok(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]


def test_local_server_down_and_up_on_same_port():
    with LocalServer(_ok) as server:
        url = server.base_url
        assert requests.get(url, timeout=1).text == "ok"
        server.down()
        with pytest.raises(requests.ConnectionError):
            requests.get(url, timeout=1)
        server.up()
        assert server.base_url == url and requests.get(url, timeout=1).text == "ok"


def test_statuses_vocabulary():
    assert STATUSES[0] == "forwarded" and "delivered" in STATUSES


def _parcel():
    from bot.couriers import Parcel
    return Parcel("T-1", 100.0, "Amina", "+212612345678", "Fès", "Rue 1")
