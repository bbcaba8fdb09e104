"""The operators' team inbox (issue 18) in headless Chromium: the badge, the waiting
conversation with its voice note playing under the dashboard's CSP, a reply, the end.
Screenshots: docs/dashboard-inbox.png and docs/dashboard-inbox-conversation.png (written when
missing, or every run with BGHIT_SCREENSHOTS=1)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot import store
from tests.browser.test_browser import browser_context, expect, login, page, screenshot  # noqa: F401
from tests.browser.test_dashboard import PHONE
from tests.test_admin import TOKEN
from tests.test_admin_inbox import MediaServer, clock, customer_jobs, waiting_customer  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_an_operator_answers_from_the_inbox(page, live, app, db, clock, tmp_path):  # noqa: F811
    with MediaServer() as media:
        app.config.update(TWILIO_API_BASE_URL=media.base_url, TWILIO_ACCOUNT_SID="AC0")
        first = waiting_customer(db, clock, phone="+212612000101", name="Khadija Amrani",
                                 minutes=14, media_base=media.base_url)
        waiting_customer(db, clock, phone="+212661000102", name="Omar Benali", minutes=3,
                         audio=False, cart=[{"sku": "ARGAN-250", "qty": 1}], resume="ask_city")
        # A third one a member (Youssef) already answers.
        held = waiting_customer(db, clock, phone="+212677000103", name="Samira Idrissi",
                                minutes=40, audio=False, resume="ordering")
        youssef = next(m for m in store.list_members(db, held["coop_id"])
                       if m["name"] == "Youssef")
        with store.transaction(db):
            store.take_handoff(db, held["id"], member_id=youssef["id"],
                               now=clock - timedelta(minutes=35))

        # Log in with a name: the replies are signed with it.
        page.context.add_cookies([{"name": "bghit_admin_lang", "value": "fr",
                                   "url": live.base_url + "/admin"}])
        page.goto(live.base_url + "/admin/")
        page.fill("#token", TOKEN)
        page.fill("#operator", "Salma")
        page.click("#login-button")
        expect(page.locator("h1")).to_have_text("Commandes")
        badge = page.locator("#inbox-badge")
        expect(badge).to_have_text("2 · 14 min")

        page.click("#nav-inbox")
        expect(page.locator("h1")).to_have_text("Messages des clients")
        rows = page.locator("#inbox tbody tr")
        expect(rows).to_have_count(3)
        expect(rows.first).to_contain_text("Khadija Amrani")
        expect(rows.first.locator(".c-waited")).to_have_text("14 min")
        expect(rows.last.locator(".c-holder")).to_have_text("Youssef")
        screenshot(page, "dashboard-inbox.png", tmp_path)
        page.click("#inbox-tabs a[data-show=waiting]")
        expect(rows).to_have_count(2)

        rows.first.locator(".c-customer a").click()
        expect(page.locator("#handoff-status")).to_have_text("en attente")
        audio = page.locator("#transcript audio")
        expect(audio).to_have_count(1)
        expect(audio).to_be_visible()
        # The voice note loads through the dashboard (same origin, Twilio's credentials).
        page.wait_for_function("a => a.readyState >= 1 && a.duration > 0",
                               arg=audio.element_handle())
        assert media.requests and set(media.requests) == {"AC0"}
        expect(page.locator("#cart tr[data-sku='MIEL-THYM-1KG']")).to_be_visible()
        expect(page.locator("#checkout-step")).to_have_text("confirmation de la commande")

        # An empty reply is refused in the page (the browser's own check is bypassed).
        page.locator("#reply-text").evaluate("t => t.removeAttribute('required')")
        page.click("#reply-button")
        expect(page.locator("#reply-error")).to_have_text("Écrivez une réponse avant d'envoyer.")

        page.fill("#reply-text", "Salam Khadija, l3sel dyal zaatar kayn, nsiftouh lik ghedda.")
        page.click("#reply-button")
        expect(page.locator(".flash")).to_have_text("Réponse envoyée au client.")
        expect(page.locator("#handoff-status")).to_have_text("pris en charge")
        expect(page.locator("#handoff-holder")).to_have_text("Salma (opérateur)")
        expect(badge).to_have_text("1 · 3 min")
        [job] = customer_jobs(db)
        assert job["payload"]["body"] == ("Coopérative Tifawin: Salam Khadija, l3sel dyal "
                                          "zaatar kayn, nsiftouh lik ghedda.")
        # The worker's copy of what it sent, in the transcript with its author.
        with store.transaction(db):
            store.record_outbound(db, coop_id=first["coop_id"],
                                  conversation_id=first["conversation_id"],
                                  from_addr=job["payload"]["from"], to_addr=job["payload"]["to"],
                                  body=job["payload"]["body"], sid="SMbrowser",
                                  author=job["payload"]["author"])
        page.reload()
        last = page.locator("#transcript li").last
        expect(last).to_have_attribute("data-author", "operator")
        expect(last.locator(".msg-author")).to_have_text("Salma (opérateur)")
        page.wait_for_function("a => a.readyState >= 1 && a.duration > 0",
                               arg=audio.element_handle())
        screenshot(page, "dashboard-inbox-conversation.png", tmp_path)

        page.click("#end-button")
        expect(page.locator(".flash")).to_contain_text("Terminée")
        expect(page.locator("#handoff-status")).to_have_text("terminé")
        expect(page.locator("#read-only")).to_be_visible()
        expect(page.locator("#reply-form")).to_have_count(0)
        assert store.get_conversation(db, first["conversation_id"])["state"] == "confirm"


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_inbox_fits_a_390px_phone(page, live, app, db, clock, lang):  # noqa: F811
    with MediaServer() as media:
        app.config.update(TWILIO_API_BASE_URL=media.base_url, TWILIO_ACCOUNT_SID="AC0")
        handoff = waiting_customer(db, clock, phone="+212612000201", name="خديجة العمراني",
                                   minutes=75, media_base=media.base_url)
        login(page, live.base_url, lang=lang)
        expect(page.locator("#inbox-badge")).to_have_text(
            {"fr": "1 · 1 h 15", "ar": "1 · 1 س 15"}[lang])
        page.set_viewport_size(PHONE)
        for path in ("/admin/inbox", f"/admin/inbox/{handoff['id']}"):
            page.goto(live.base_url + path)
            expect(page.locator("h1")).to_be_visible()
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], (path, width)
        expect(page.locator("#transcript audio")).to_be_visible()
