"""A customer's page: orders, refusals, saved details, transcript, tel: and wa.me links."""

from __future__ import annotations

from bot import store
from tests.test_admin import Admin, make_order


def test_customer_page(live, db):
    first = make_order(db, name="Fatima Zahra")
    second = make_order(db, name="Fatima Zahra")
    make_order(db, phone="+212661234567", name="Someone Else")
    with store.transaction(db):
        store.set_order_status(db, second["id"], "refused", source="test")
        store.update_customer(db, first["customer_id"], name="Fatima Zahra",
                              city="Casablanca", address="Hay Nahda rue 5", lang="fr")
    a = Admin(live.base_url)
    a.login()
    order_page = a.get(f"/admin/orders/{first['id']}").text
    assert f'href="/admin/customers/{first["customer_id"]}"' in order_page
    assert 'href="tel:+212612345678"' in order_page
    assert 'href="https://wa.me/212612345678"' in order_page
    page = a.get(f"/admin/customers/{first['customer_id']}").text
    assert first["number"] in page and second["number"] in page
    assert "Someone Else" not in page
    assert 'id="refusals" class="error">1<' in page
    assert "Hay Nahda rue 5" in page and "Casablanca" in page
    assert 'href="tel:+212612345678"' in page and 'href="https://wa.me/212612345678"' in page
    assert "Refused or returned" in page                            # the operator's English
    assert "Commande T-1001 confirmée" in page                       # the transcript
    assert a.get("/admin/customers/999999").status_code == 404
    assert a.get("/admin/customers/abc").status_code == 404


def test_customer_page_needs_a_login(live, db):
    order = make_order(db)
    resp = Admin(live.base_url).get(f"/admin/customers/{order['customer_id']}",
                                    allow_redirects=False)
    assert resp.status_code == 302


def test_forgotten_customer(live, db):
    order = make_order(db)
    store.forget_customer(db, "+212612345678")
    a = Admin(live.base_url)
    a.login()
    page = a.get(f"/admin/customers/{order['customer_id']}").text
    assert 'id="forgotten"' in page and "Hay Nahda" not in page
