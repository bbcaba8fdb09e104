"""The simulator and the dashboard in a real browser: Debian's headless Chromium, driven by
Playwright (``executable_path``; Playwright's own browser downloads are never used).

``./test`` installs Debian's ``chromium`` when it is missing (as root); without it these
tests are skipped. The screenshots in ``docs/`` are written when missing, or every run
with ``BGHIT_SCREENSHOTS=1``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from bot import store
from tests.conftest import ROOT
from tests.test_admin import BAD_CSV, GOOD_CSV, TOKEN, make_order
from tests.test_flow import SCRIPTS

CHROMIUM = os.environ.get("BGHIT_CHROMIUM", "/usr/bin/chromium")
if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium (./test does, as root)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api",
                               reason="playwright is not installed (pip install -r "
                                      "requirements-dev.txt)")
expect = sync_api.expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DOCS = ROOT / "docs"

# The scripted orders of tests/test_flow.py (kept in step with the parser there); the French
# one sends a location pin instead of typing the address.
DARIJA = SCRIPTS["ary-Arab"]
FRENCH_UNTIL_ADDRESS = SCRIPTS["fr"][:-2]


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory):
    with sync_api.sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),   # a fresh user-data-dir
            executable_path=CHROMIUM, args=ARGS, headless=True, locale="fr-MA",
            timezone_id="Africa/Casablanca", viewport={"width": 1280, "height": 860})
        context.set_default_timeout(20_000)
        yield context
        context.close()


@pytest.fixture
def page(browser_context):
    browser_context.clear_cookies()          # each test has its own server and session
    page = browser_context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    page.close()
    assert not errors, f"JavaScript errors: {errors}"


def screenshot(page, name: str, tmp_path: Path) -> None:
    shot = tmp_path / name
    page.screenshot(path=str(shot))
    target = DOCS / name
    if os.environ.get("BGHIT_SCREENSHOTS") == "1" or not target.exists():
        DOCS.mkdir(exist_ok=True)
        shutil.copyfile(shot, target)


# --------------------------------------------------------------------------
# Simulator
# --------------------------------------------------------------------------

def open_chat(page, base_url: str, phone: str) -> None:
    page.goto(f"{base_url}/?phone={phone}")
    expect(page.locator("#chat-phone")).to_have_text(phone)
    expect(page.locator(".messages .sys")).to_contain_text("New conversation")


def type_message(page, text: str) -> None:
    page.fill("#text", text)
    page.press("#text", "Enter")
    expect(page.locator(".msg.pending")).to_have_count(0)      # the bot has answered
    expect(page.locator(".sys.error")).to_have_count(0)


def test_full_order_in_darija_with_the_side_panel(page, live, db, tmp_path):
    open_chat(page, live.base_url, "0612340001")
    for text in DARIJA:
        type_message(page, text)
    [order] = store.search_orders(db)
    last = page.locator(".msg.bot .msg-text").last
    expect(last).to_contain_text(order["number"])
    # Arabic replies read right to left; numbered lists keep their lines.
    expect(page.locator(".msg.bot").last.locator(".msg-text:dir(rtl)")).to_have_count(1)
    expect(page.locator(".msg.me").first.locator(".msg-text:dir(rtl)")).to_have_count(1)
    assert last.evaluate("e => getComputedStyle(e).whiteSpace") == "pre-wrap"

    # The panel shows the queued member alerts and the courier request (polled every second)…
    alerts, courier = page.locator(".card-alert"), page.locator(".card-courier")
    expect(alerts).to_have_count(2)
    expect(courier).to_have_count(1)
    expect(courier).to_contain_text(order["number"])
    expect(alerts.first).to_contain_text("queued")
    expect(page.locator(".card-status").first).to_contain_text("confirmed")
    # …and what happens when the worker runs them.
    page.click("#run-worker")
    expect(alerts.locator(".state-done")).to_have_count(2)
    expect(alerts.first).to_contain_text(order["number"])
    expect(alerts.filter(has_text="Fatima")).to_have_count(1)
    expect(courier).to_contain_text("SBX-")
    expect(courier.locator(".state-done")).to_have_text("accepted")
    expect(page.locator(".card-status").filter(has_text="forwarded")).to_have_count(1)
    expect(page.locator("#counts")).to_contain_text("3 sent")
    screenshot(page, "simulator.png", tmp_path)

    # A reload restores the conversation from the server.
    page.reload()
    expect(page.locator(".msg.bot .msg-text").last).to_contain_text(order["number"])


def test_full_order_in_french_with_a_location_pin(page, live, db):
    open_chat(page, live.base_url, "0612340002")
    for text in FRENCH_UNTIL_ADDRESS:
        type_message(page, text)
    page.click("#pin-toggle")
    page.click(".pin[data-label='Maârif, Casablanca']")
    expect(page.locator(".msg.me").last).to_contain_text("📍")
    expect(page.locator(".msg.pending")).to_have_count(0)
    expect(page.locator(".msg.bot .msg-text").last).to_contain_text("Zerktouni")
    type_message(page, "oui")
    [order] = store.search_orders(db)
    expect(page.locator(".msg.bot .msg-text").last).to_contain_text(order["number"])
    expect(page.locator(".msg.bot").last.locator(".msg-text:dir(ltr)")).to_have_count(1)
    assert order["latitude"] == pytest.approx(33.5843) and order["city"] == "Casablanca"
    expect(page.locator(".card-alert")).to_have_count(2)
    page.click("#run-worker")
    expect(page.locator(".card-courier")).to_contain_text("SBX-")
    expect(page.locator(".card-alert .state-done")).to_have_count(2)


def test_simulator_refuses_a_member_number(page, live, db):
    open_chat(page, live.base_url, "0612340003")
    page.fill("#phone", "0661000001")
    page.press("#phone", "Enter")
    page.fill("#text", "sift 1001")
    page.press("#text", "Enter")
    expect(page.locator(".sys.error").last).to_contain_text("member")
    assert store.counts(db)["messages"] == 0


def test_simulator_fits_a_phone_screen(page, live):
    page.set_viewport_size({"width": 375, "height": 740})
    open_chat(page, live.base_url, "0612340004")
    type_message(page, "salam")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    expect(page.locator("#run-worker")).to_be_visible()


# --------------------------------------------------------------------------
# Dashboard
# --------------------------------------------------------------------------

def login(page, base_url: str, lang: str = "en") -> None:
    """Log in (in English unless told: French is the dashboard's default)."""
    page.context.add_cookies([{"name": "bghit_admin_lang", "value": lang,
                               "url": base_url + "/admin"}])
    page.goto(base_url + "/admin/")
    expect(page).to_have_url(f"{base_url}/admin/login?next=/admin/")
    page.fill("#token", TOKEN)
    page.click("#login-button")
    expect(page.locator("h1")).to_have_text({"en": "Orders", "fr": "Commandes",
                                             "ar": "الطلبات"}[lang])


def test_admin_login_filter_and_status_change(page, live, db, tmp_path):
    people = [("+212612345678", "Fatima Zahra", "Casablanca", "delivered"),
              ("+212661234567", "Karim Alaoui", "Tanger", "forwarded"),
              ("+212677000111", "Samira Idrissi", "Rabat", "confirmed"),
              ("+212655443322", "Omar Benali", "Fès", "delivered"),
              ("+212698765432", "Nadia Tazi", "Agadir", "forward_failed")]
    orders = []
    for phone, name, city, status in people:
        order = make_order(db, phone=phone, name=name, city=city)
        if status != "confirmed":
            with store.transaction(db):
                store.set_order_status(db, order["id"], status, source="sandbox")
        orders.append(order)

    # A wrong token is refused; the right one opens the dashboard.
    page.context.add_cookies([{"name": "bghit_admin_lang", "value": "en",
                               "url": live.base_url + "/admin"}])
    page.goto(live.base_url + "/admin/login")
    page.fill("#token", "nope")
    page.click("#login-button")
    expect(page.locator(".errors")).to_have_text("Wrong token.")
    login(page, live.base_url)
    rows = page.locator("#orders tbody tr")
    expect(rows).to_have_count(5)
    expect(page.locator("#orders")).to_contain_text("+2126•••••678")
    expect(page.locator("#orders")).not_to_contain_text("+212612345678")
    expect(page.locator(".chart svg rect.bar")).not_to_have_count(0)
    screenshot(page, "dashboard.png", tmp_path)

    # Filter by status, then search.
    page.select_option("select[name=status]", "delivered")
    page.click("button:has-text('Filter')")
    expect(rows).to_have_count(2)
    expect(page.locator("#order-count")).to_have_text("2 orders match")
    page.fill("input[name=q]", "Omar")
    page.click("button:has-text('Filter')")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(orders[3]["number"])
    page.click("a:has-text('Clear')")
    expect(rows).to_have_count(5)

    # An order's page, and a status change.
    page.click(f"a:has-text('{orders[2]['number']}')")
    expect(page.locator("h1")).to_contain_text(orders[2]["number"])
    expect(page.locator("#transcript")).to_contain_text("confirmée")
    page.select_option("#status-select", "picked_up")
    page.fill("input[name=note]", "courier called")
    page.click("button:has-text('Change status')")
    expect(page.locator(".flash")).to_contain_text("confirmed → picked up")
    expect(page.locator("#order-status")).to_have_text("picked up")
    expect(page.locator("#events")).to_contain_text("by admin")
    assert store.order_events(db, orders[2]["id"])[-1]["actor"] == "admin"

    # Retry the failed forward.
    page.goto(f"{live.base_url}/admin/orders/{orders[4]['id']}")
    page.click("button:has-text('Retry courier request')")
    expect(page.locator(".flash")).to_contain_text("queued for the courier again")
    expect(page.locator("#order-status")).to_have_text("confirmed")

    # On a phone screen the tables become cards, without sideways scrolling.
    page.set_viewport_size({"width": 375, "height": 740})
    for path in ("/admin/", f"/admin/orders/{orders[0]['id']}", "/admin/coops/tifawin"):
        page.goto(live.base_url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
    page.goto(live.base_url + "/admin/")
    expect(page.locator("#orders thead")).to_be_hidden()


def test_catalog_upload_with_a_bad_row(page, live, db):
    login(page, live.base_url)
    page.click("a:has-text('Cooperatives')")
    page.click("a:has-text('Coopérative Tifawin')")
    page.set_input_files("input[name=file]", files=[
        {"name": "catalog.csv", "mimeType": "text/csv", "buffer": BAD_CSV.encode()}])
    page.click("button:has-text('Preview')")
    errors = page.locator("#catalog-errors")
    expect(errors).to_contain_text("nothing was imported")
    expect(errors).to_contain_text("Line 3:")
    expect(errors).to_contain_text("Line 4:")
    expect(page.locator("#preview-rows tr.bad")).to_have_count(2)
    expect(page.locator("#import-form")).to_have_count(0)
    coop_id = store.get_coop_by_slug(db, "tifawin")["id"]
    assert len(store.list_products(db, coop_id)) == 20

    page.click("a:has-text('Back')")
    page.set_input_files("input[name=file]", files=[
        {"name": "catalog.csv", "mimeType": "text/csv", "buffer": GOOD_CSV.encode()}])
    page.click("button:has-text('Preview')")
    expect(page.locator("#catalog-ok")).to_contain_text("2 products, no errors")
    page.click("button:has-text('Import 2 products')")
    expect(page.locator(".flash")).to_contain_text("Catalog imported: 2 products")
    expect(page.locator("#products tbody tr")).to_have_count(2)
    assert [p["sku"] for p in store.list_products(db, coop_id)] == ["MIEL-THYM-1KG", "ARGAN-250"]
