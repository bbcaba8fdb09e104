"""Money: cash per day and courier, remittances and what couriers still owe, revenue chart."""

from __future__ import annotations

from datetime import date, timedelta

from bot import clock, store
from bot.web.admin.common import local
from bot.web.admin.money import _money_table
from tests.test_admin import Admin, make_order


def _set(db, order, status):
    with store.transaction(db):
        store.set_order_status(db, order["id"], status, source="test")


def _orders(db):
    delivered = make_order(db, delivery_fee=35)                      # 475
    out = make_order(db, qty=1)                                      # 220
    refused = make_order(db, qty=3)                                  # 660
    returned = make_order(db, qty=1, delivery_fee=20)                # 240
    manual = make_order(db, qty=1, courier="manual")                 # 220
    _set(db, delivered, "out_for_delivery")
    _set(db, delivered, "delivered")
    _set(db, out, "out_for_delivery")
    _set(db, refused, "refused")
    _set(db, returned, "refused")
    _set(db, returned, "returned")
    _set(db, manual, "delivered")
    make_order(db)                                                   # confirmed: not counted


def _today() -> str:
    return local(clock.utcnow()).date().isoformat()


def test_cash_per_day_and_courier(live, db):
    _orders(db)
    a = Admin(live.base_url)
    a.login()
    page = a.get("/admin/money").text
    sandbox = page.split(f'data-day="{_today()}" data-courier="sandbox"')[1].split("</tr>")[0]
    assert "220 DH" in sandbox.split('m-out">')[1].split("</td>")[0]
    assert "475 DH" in sandbox.split('m-delivered">')[1].split("</td>")[0]
    assert "660 DH" in sandbox.split('m-refused">')[1].split("</td>")[0]
    assert "240 DH" in sandbox.split('m-returned">')[1].split("</td>")[0]
    assert "35 DH" in sandbox.split('m-fees">')[1].split("</td>")[0]
    manual = page.split(f'data-day="{_today()}" data-courier="manual"')[1].split("</tr>")[0]
    assert "220 DH" in manual.split('m-delivered">')[1].split("</td>")[0]
    total = page.split('id="money-total"')[1].split("</tr>")[0]
    assert "695 DH" in total.split('m-delivered">')[1].split("</td>")[0]
    # An earlier period has none of it; a bad period is a 400.
    assert "money-total" not in a.get("/admin/money", params={
        "from": "2001-01-01", "to": "2001-01-07"}).text
    assert a.get("/admin/money", params={"from": "2026-02-01", "to": "2026-01-01"}
                 ).status_code == 400
    assert a.get("/admin/money", params={"from": "2001-01-01", "to": "2026-01-01"}
                 ).status_code == 400


def test_hours_are_grouped_into_moroccan_days():
    rows = [{"hour": "2026-11-29T23", "courier": "sandbox", "status": "delivered", "n": 1,
             "amount": 100.0, "fees": 10.0},
            {"hour": "2026-11-29T22", "courier": "sandbox", "status": "delivered", "n": 2,
             "amount": 300.0, "fees": 0.0}]
    table, total = _money_table(rows)
    assert [(r["day"], r["delivered"]["amount"]) for r in table] == [
        ("2026-11-30", 100.0), ("2026-11-29", 300.0)]
    assert total["delivered"] == {"n": 3, "amount": 400.0} and total["fees"] == 10.0


def test_remittances_and_what_is_still_owed(live, db):
    _orders(db)
    a = Admin(live.base_url, lang="fr")
    a.login()
    balances = a.get("/admin/money").text.split('id="balances"')[1]
    assert "475 DH" in balances.split('data-courier="sandbox"')[1].split('class="num owed"')[1]
    resp = a.post("/admin/money/remittances", {"courier": "sandbox", "amount": "300,50",
                                               "note": "espèces, Hamid"}, form_page="/admin/money")
    assert resp.status_code == 302
    page = a.get(resp.headers["Location"]).text
    assert "Versement de 300,50 DH de sandbox enregistré." in page
    owed = page.split('id="balances"')[1].split('data-courier="sandbox"')[1]
    assert "174,50 DH" in owed.split('class="num owed"')[1].split("</td>")[0]
    assert "espèces, Hamid" in page.split('id="remittances"')[1]
    row = store.audit_log(db, limit=1)[0]
    assert row["action"] == "money.remittance" and row["target"] == "sandbox"
    # Bad input: a clear 400, nothing recorded.
    tomorrow = (date.fromisoformat(_today()) + timedelta(days=1)).isoformat()
    for bad in ({"courier": "sandbox", "amount": "abc"}, {"courier": "sandbox", "amount": "-5"},
                {"courier": "sandbox", "amount": "0"}, {"courier": "sandbox", "amount": "1e12"},
                {"courier": "sandbox", "amount": "nan"}, {"courier": "evil", "amount": "10"},
                {"courier": "sandbox", "amount": "10", "received_on": tomorrow},
                {"courier": "sandbox", "amount": "10", "coop": "nope"}):
        resp = a.post("/admin/money/remittances", bad, form_page="/admin/money")
        assert resp.status_code == 400, bad
    assert len(store.list_remittances(db)) == 1
    resp = a.http.post(a.base + "/admin/money/remittances", timeout=10,
                       data={"courier": "sandbox", "amount": "10"})
    assert resp.status_code == 400 and len(store.list_remittances(db)) == 1


def test_revenue_per_day_on_the_chart(live, db):
    make_order(db, delivery_fee=35)
    cancelled = make_order(db)
    _set(db, cancelled, "cancelled")
    a = Admin(live.base_url)
    a.login()
    page = a.get("/admin/").text
    chart = page.split('id="revenue-chart"')[1].split("</svg>")[0]
    assert f"{_today()}: 475 DH" in chart             # the cancelled order brings nothing


def test_a_period_at_the_ends_of_the_calendar_is_a_400_not_a_500(live):
    """A week before 0001-01-01 or the day after 9999-12-31 does not exist: bad input."""
    a = Admin(live.base_url)
    assert a.login().status_code == 302
    for query in ("to=0001-01-01", "to=0001-01-03",
                  "to=9999-12-31", "from=9999-12-30&to=9999-12-31"):
        resp = a.get(f"/admin/money?{query}")
        assert resp.status_code == 400, (query, resp.status_code)
    assert a.get("/admin/money?from=0001-01-01&to=0001-01-01").status_code == 200
