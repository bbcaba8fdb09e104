"""The operator's day in headless Chromium: languages, exports, slips, money, catalog,
customers and members, on a desktop and a 390 px phone. Screenshots go to docs/dashboard-*.png
(written when missing, or every run with BGHIT_SCREENSHOTS=1)."""

from __future__ import annotations

import pytest

from bot import store
from tests.browser.test_browser import browser_context, expect, login, page, screenshot  # noqa: F401
from tests.test_admin import make_order
from tests.test_admin_photos import png_with_gps

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 390, "height": 844}


def some_orders(db) -> list[dict]:
    people = [("+212612345678", "Fatima Zahra", "Casablanca", "delivered"),
              ("+212661234567", "محمد العلوي", "Tanger", "out_for_delivery"),
              ("+212677000111", "Samira Idrissi", "Rabat", "confirmed"),
              ("+212655443322", "Omar Benali", "Fès", "refused")]
    orders = []
    for phone, name, city, status in people:
        order = make_order(db, phone=phone, name=name, city=city, delivery_fee=35)
        if status != "confirmed":
            with store.transaction(db):
                store.set_order_status(db, order["id"], status, source="sandbox")
        orders.append(order)
    return orders


def test_languages_switch_and_arabic_reads_right_to_left(page, live, db, tmp_path):
    some_orders(db)
    login(page, live.base_url, lang="fr")
    expect(page.locator("#order-count")).to_have_text("4 commandes")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    screenshot(page, "dashboard-fr.png", tmp_path)
    page.click("#lang-form button[value=ar]")
    expect(page.locator("h1")).to_have_text("الطلبات")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("#orders .badge").first).to_be_visible()
    # In Arabic the table starts on the right.
    first_th = page.locator("#orders thead th").first.bounding_box()
    last_th = page.locator("#orders thead th").last.bounding_box()
    assert first_th["x"] > last_th["x"]
    screenshot(page, "dashboard-ar.png", tmp_path)
    # Remembered on the next page and after a reload.
    page.click("a.brand")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    page.click("#lang-form button[value=en]")
    expect(page.locator("h1")).to_have_text("Orders")


def test_order_list_stays_compact_on_a_390px_phone(page, live, db, tmp_path):
    some_orders(db)
    login(page, live.base_url, lang="fr")
    page.set_viewport_size(PHONE)
    page.goto(live.base_url + "/admin/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    rows = page.locator("#orders tbody tr")
    expect(rows).to_have_count(4)
    # Compact: one order is a short card, not a column of eight labelled lines.
    heights = [rows.nth(i).bounding_box()["height"] for i in range(4)]
    assert max(heights) <= 130, heights
    screenshot(page, "dashboard-phone.png", tmp_path)


def test_csv_export_downloads_the_filtered_orders(page, live, db):
    orders = some_orders(db)
    login(page, live.base_url, lang="fr")
    page.select_option("select[name=status]", "delivered")
    page.click("#filter-button")
    expect(page.locator("#orders tbody tr")).to_have_count(1)
    with page.expect_download() as info:
        page.click("#export-csv")
    download = info.value
    assert download.suggested_filename.startswith("commandes-")
    text = open(download.path(), encoding="utf-8-sig").read()
    assert text.startswith("Commande;Date;") and orders[0]["number"] in text
    assert orders[1]["number"] not in text and "475,00" in text


def test_slips_for_one_order_and_for_the_ticked_ones(page, live, db):
    orders = some_orders(db)
    login(page, live.base_url, lang="fr")
    page.check(f"#orders input[value='{orders[1]['id']}']")
    page.check(f"#orders input[value='{orders[2]['id']}']")
    with page.context.expect_event(
            "response", predicate=lambda r: r.url.endswith("/admin/slips")) as info:
        page.click("#slips-label")
    resp = info.value
    assert resp.status == 200 and resp.headers["content-type"] == "application/pdf"
    # The order page links to its slip in both sizes.
    page.goto(f"{live.base_url}/admin/orders/{orders[0]['id']}")
    href = page.locator("#slip-a4").get_attribute("href")
    pdf = page.request.get(live.base_url + href)
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")


def test_money_page_and_a_remittance(page, live, db, tmp_path):
    some_orders(db)
    login(page, live.base_url, lang="fr")
    page.click("a:has-text('Argent')")
    expect(page.locator("h1")).to_have_text("Argent")
    expect(page.locator("#money-total .m-delivered")).to_contain_text("475 DH")
    expect(page.locator("#money-total .m-out")).to_contain_text("475 DH")
    owed = page.locator("#balances tr[data-courier=sandbox] .owed")
    expect(owed).to_contain_text("475 DH")
    page.fill("#remittance-form input[name=amount]", "400")
    page.click("#remittance-form button[type=submit]")
    expect(page.locator(".flash")).to_contain_text("Versement de 400,00 DH de sandbox")
    expect(owed).to_contain_text("75 DH")
    screenshot(page, "dashboard-money.png", tmp_path)
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_catalog_stock_price_and_a_new_product(page, live, db, tmp_path):
    login(page, live.base_url, lang="fr")
    page.goto(live.base_url + "/admin/coops/tifawin")
    row = page.locator("#products tr[data-sku='MIEL-THYM-500']")
    row.locator(".stock-form button").click()
    expect(page.locator(".flash")).to_contain_text("Miel de thym 500g est épuisé")
    expect(row.locator(".stock")).to_have_text("épuisé")
    row.locator("input[name=price]").fill("130")
    row.locator(".price-form button").click()
    expect(page.locator(".flash")).to_contain_text("coûte maintenant 130 DH")
    page.click("#add-product")
    page.fill("input[name=sku]", "ZAATAR-100")
    page.fill("input[name=name]", "Zaatar séché 100g")
    page.fill("input[name=price]", "25")
    page.fill("input[name=size]", "100")
    page.fill("input[name=aliases]", "zaatar | زعتر")
    # A photo from the operator's phone (with its GPS position in the EXIF).
    photo = tmp_path / "IMG_0042.png"
    photo.write_bytes(png_with_gps((1000, 750), (120, 140, 60)))
    page.set_input_files("#photo-input", str(photo))
    page.click("#product-save")
    new_row = page.locator("#products tr[data-sku='ZAATAR-100']")
    expect(new_row).to_contain_text("Zaatar séché")
    expect(page.locator("#audit")).to_contain_text("product.add ZAATAR-100")
    thumb = new_row.locator("img.thumb")
    expect(thumb).to_be_visible()
    # Loaded under the page's CSP (images from the dashboard itself only), and downscaled.
    page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                           arg=thumb.element_handle())
    assert thumb.evaluate("img => img.naturalWidth") == 800
    expect(page.locator("#products tr[data-sku='MIEL-THYM-500'] img")).to_have_count(0)
    new_row.locator(".edit-product").click()
    expect(page.locator("#product-photo")).to_be_visible()
    page.go_back()
    expect(thumb).to_be_visible()
    screenshot(page, "dashboard-catalog.png", tmp_path)
    coop = store.get_coop_by_slug(db, "tifawin")
    assert store.get_product(db, coop["id"], "MIEL-THYM-500")["price"] == 130


def test_customer_page_from_an_order(page, live, db, tmp_path):
    orders = some_orders(db)
    again = make_order(db, phone="+212612345678", name="Fatima Zahra", qty=1)
    with store.transaction(db):
        store.set_order_status(db, again["id"], "refused", source="sandbox")
    login(page, live.base_url, lang="fr")
    page.goto(f"{live.base_url}/admin/orders/{orders[0]['id']}")
    expect(page.locator("a.tel")).to_have_attribute("href", "tel:+212612345678")
    page.click("#customer-link")
    expect(page.locator("h1")).to_have_text("Fatima Zahra")
    expect(page.locator("#customer-orders tbody tr")).to_have_count(2)
    expect(page.locator("#refusals")).to_have_text("1")
    expect(page.locator("a.wa")).to_have_attribute("href", "https://wa.me/212612345678")
    expect(page.locator(".transcript").first).to_contain_text("confirmée")
    screenshot(page, "dashboard-customer.png", tmp_path)


def test_members_edited_in_the_page(page, live, db, tmp_path):
    login(page, live.base_url, lang="ar")
    page.goto(live.base_url + "/admin/coops/tifawin")
    page.click("#add-member")
    page.fill("input[name=name]", "عائشة")
    page.fill("input[name=phone]", "0670000001")
    page.select_option("select[name=channel]", "sms")
    page.select_option("select[name=language]", "ary-Arab")
    page.click("#member-save")
    row = page.locator("#members tr", has_text="عائشة")
    expect(row).to_contain_text("+2126•••••001")
    row.locator("a.edit-member").click()
    page.select_option("select[name=channel]", "whatsapp")
    page.click("#member-save")
    expect(page.locator("#members tr", has_text="عائشة")).to_contain_text("واتساب")
    screenshot(page, "dashboard-members-ar.png", tmp_path)
    coop = store.get_coop_by_slug(db, "tifawin")
    [member] = [m for m in store.list_members(db, coop["id"]) if m["name"] == "عائشة"]
    assert member["channel"] == "whatsapp" and member["language"] == "ary-Arab"


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_every_page_fits_a_390px_phone(page, live, db, lang):
    orders = some_orders(db)
    coop = store.get_coop_by_slug(db, "tifawin")
    member = store.list_members(db, coop["id"])[0]
    login(page, live.base_url, lang=lang)
    page.set_viewport_size(PHONE)
    for path in ("/admin/", f"/admin/orders/{orders[1]['id']}", "/admin/money",
                 "/admin/coops", "/admin/coops/tifawin", "/admin/coops/tifawin/products/new",
                 "/admin/coops/tifawin/products/MIEL-THYM-500/edit",
                 f"/admin/coops/tifawin/members/{member['id']}/edit",
                 f"/admin/customers/{orders[1]['customer_id']}"):
        page.goto(live.base_url + path)
        expect(page.locator("h1")).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], (path, width)
