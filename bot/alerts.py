"""Alerts to cooperative members: composed here, sent by the outbox worker.

Each alert is rendered in the member's own language (``alert_*`` keys of
``locales/``) and queued as one ``message.member`` job per member, with a
dedupe key, inside the caller's transaction: an order and its alerts are
stored together or not at all, and never twice.
"""

from __future__ import annotations

from . import i18n, store
from .geo import map_link
from .phones import local_format


def _digits(number: str) -> str:
    return number.rsplit("-", 1)[-1]


def _lines(order: dict) -> str:
    return "\n".join(f"{l['quantity']} × {l['name']}" for l in order.get("lines", []))


def _where(order: dict) -> str:
    address = order.get("address") or ""
    if order.get("latitude") is not None and order.get("longitude") is not None:
        link = map_link(order["latitude"], order["longitude"])
        address = f"{address} {link}".strip() if link not in address else address
    return f"{order.get('city') or ''}, {address}".strip(", ")


def render(kind: str, lang: str, **params) -> str:
    """The alert text of ``kind`` in ``lang``."""
    order = params.get("order")
    if order:
        params.setdefault("number", order["number"])
        params.setdefault("digits", _digits(order["number"]))
        params.setdefault("lines", _lines(order))
        params.setdefault("total", i18n.money(order["total"]))
        params.setdefault("name", order.get("customer_name") or "")
        params.setdefault("phone", local_format(order["phone"]) if order.get("phone") else "")
        params.setdefault("where", _where(order))
    customer = params.get("customer")
    if customer:
        params.setdefault("name", customer.get("name") or "")
        if customer.get("phone", "").startswith("+"):
            params.setdefault("phone", local_format(customer["phone"]))
    if "messages" in params:
        params["messages"] = "\n".join(f"« {m[:120]} »" for m in params["messages"][-3:] if m)
    if "media" in params:
        params["media"] = i18n.t(lang, f"media_{params['media']}_word")
    return i18n.t(lang, f"alert_{kind}", **params)


def alert_members(db, coop: dict, kind: str, key: str, **params) -> int:
    """Queue the ``kind`` alert to every member of ``coop``; return how many were queued."""
    queued = 0
    for member in store.list_members(db, coop["id"]):
        text = render(kind, member.get("language") or "fr", **params)
        variables = {"1": params["order"]["number"] if params.get("order") else kind,
                     "2": text[:900]}
        queued += store.enqueue(db, "message.member", {
            "coop_id": coop["id"], "member_id": member["id"], "kind": kind, "text": text,
            "template_variables": variables,
        }, dedupe_key=f"alert:{key}:{member['id']}")
    return queued
