"""Helpers and fixtures shared by the forwarding and courier-webhook tests.

The fixtures (``sendit``, ``ozon``, ``receiver``: a fake courier on 127.0.0.1 and the demo
cooperative switched to it) reach every test module through ``pytest_plugins`` in conftest.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from bot import orders, store, worker
from bot.cli import import_coop
from bot.conversation import CreateOrder
from bot.couriers.sendit import clear_token_cache
from bot.messaging import ConsoleTransport
from tests.fakes import FakeOzon, FakeSendit, FakeWebhookReceiver

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "coops" / "demo" / "coop.yml"
PHONE = "+212612345678"
SENDIT_ENV = "TEST_SENDIT_SECRET_KEY"
OZON_ENV = "TEST_OZON_API_KEY"
HOOK_ENV = "TEST_WEBHOOK_SECRET"


def use_courier(db, tmp_path, courier: str, options: dict, slug: str = "tifawin") -> dict:
    """Re-import the demo cooperative with another courier; return the coop row."""
    data = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    data["slug"] = slug
    data["catalog"] = str(DEMO.parent / data["catalog"])
    data["delivery"] = {**data["delivery"], "courier": courier, "options": options}
    path = tmp_path / f"{slug}-{courier}.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    import_coop(db, path)
    return store.get_coop_by_slug(db, slug)


def make_order(db, *, slug: str = "tifawin", city: str = "Casablanca", lang: str = "fr",
               phone: str = PHONE, channel: str = "whatsapp", city_id: str | None = None,
               quantity: int = 2) -> dict:
    """A confirmed order placed the way the conversation places it (forward job included)."""
    coop = store.get_coop_by_slug(db, slug)
    with store.transaction(db):
        customer = store.get_or_create_customer(db, phone)
        conv = store.get_or_create_conversation(db, coop["id"], customer["id"])
        product = store.list_products(db, coop["id"])[0]
        details = {"name": "Aicha Benali", "phone": phone, "city": city,
                   "address": "12 rue des Orangers", "city_id": city_id}
        effect = CreateOrder(details=details,
                             lines=[{"sku": product["sku"], "name": product["name"],
                                     "quantity": quantity, "unit_price": product["price"]}],
                             subtotal=quantity * product["price"], delivery_fee=25.0,
                             reply_key="order_placed")
        order = orders.place_order(db, coop, customer, conv, effect, lang, channel,
                                    f"{channel}:{phone}", "whatsapp:+14155238886")
    return order


def settings_for(app, **extra) -> dict:
    settings = dict(app.config)
    settings.update({"COURIER_TIMEOUT": 0.5, "RETRY_BASE": 0.01, "JOB_LEASE": 5,
                     "TWILIO_ACCOUNT_SID": "", "TWILIO_AUTH_TOKEN": ""})
    settings.update(extra)
    return settings


def forward_job(db, order_id: int) -> dict:
    return next(j for j in store.list_jobs(db, kind="courier.forward", limit=500)
                if j["payload"]["order_id"] == order_id)


def drain(db, settings: dict, order_id: int, timeout: float = 10.0) -> dict:
    """Run the worker loop in-process until the order's forward job is done or failed."""
    transport = ConsoleTransport()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        worker.work_once(db, transport, settings)
        job = forward_job(db, order_id)
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.02)
    raise AssertionError(f"forward job still {forward_job(db, order_id)['status']}")


def jobs(db, kind: str) -> list[dict]:
    return list(reversed(store.list_jobs(db, kind=kind, limit=1000)))


def customer_notices(db, order_id: int) -> list[str]:
    return [j["payload"]["body"] for j in jobs(db, "message.customer")
            if j["payload"].get("order_id") == order_id]


def member_alerts(db, kind: str) -> list[dict]:
    return [j for j in jobs(db, "message.member") if j["payload"].get("kind") == kind]


@pytest.fixture
def sendit(db, tmp_path, monkeypatch):
    clear_token_cache()
    with FakeSendit() as fake:
        options = fake.options()
        monkeypatch.setenv(SENDIT_ENV, options.pop("secret_key"))
        use_courier(db, tmp_path, "sendit", {**options, "secret_key_env": SENDIT_ENV})
        yield fake
    clear_token_cache()


@pytest.fixture
def ozon(db, tmp_path, monkeypatch):
    with FakeOzon() as fake:
        options = fake.options()
        monkeypatch.setenv(OZON_ENV, options.pop("api_key"))
        use_courier(db, tmp_path, "ozon", {**options, "api_key_env": OZON_ENV})
        yield fake


@pytest.fixture
def receiver(db, tmp_path, monkeypatch):
    with FakeWebhookReceiver() as fake:
        monkeypatch.setenv(HOOK_ENV, fake.secret)
        use_courier(db, tmp_path, "webhook", {"url": fake.url, "secret_env": HOOK_ENV})
        yield fake
