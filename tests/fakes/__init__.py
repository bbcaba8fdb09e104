"""Local fake couriers for tests: real HTTP on 127.0.0.1, fault knobs.

Usage::

    with FakeSendit() as sendit:
        courier = get_courier("sendit", sendit.options(), timeout=0.5)
"""

from .courier_webhook_server import FakeWebhookReceiver
from .ozon_server import FakeOzon
from .sendit_server import FakeSendit
from .server import FakeCourierServer, LocalServer

__all__ = ["FakeCourierServer", "FakeOzon", "FakeSendit", "FakeWebhookReceiver", "LocalServer"]
