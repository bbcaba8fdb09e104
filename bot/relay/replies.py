"""The one way a person's words reach the customer: :func:`reply`, for members and operators
alike, with WhatsApp's 24-hour window respected (the reopening template, the reply held)."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from .. import i18n, store
from ..messaging import within_whatsapp_window
from ..phones import address_for, local_format
from .common import HANDOFF_MINUTES, HELD_HOURS, MAX_BODY, aware, clip, iso
from .timeouts import plan_timeout


def reply(db, handoff_id: int, text: str, author: str, now: datetime, *,
          key: str | None = None, media_url: str | None = None,
          lang: str = "fr") -> dict:
    """Send a member's or an operator's words to the handoff's customer, prefixed with the
    cooperative's name, and stored with ``author`` (``member:<id>``, ``operator:<name>``).

    Returns ``{"status": "sent" | "held" | "refused" | "ended", "notice": text | None}``:
    ``held`` when WhatsApp's window was closed (the reopening template went, the text goes
    when the customer answers), ``refused`` when nothing can reach the customer (no
    template: call them); ``notice`` says so in ``lang`` for the one who wrote.
    """
    text = (text or "").strip()
    handoff = store.get_handoff(db, handoff_id)
    if handoff is None or handoff["status"] == "ended":
        return {"status": "ended", "notice": None}
    if not text and not media_url:
        return {"status": "empty", "notice": None}
    conv = store.get_conversation(db, handoff["conversation_id"])
    customer = store.get_customer(db, handoff["customer_id"])
    coop = store.get_coop(db, handoff["coop_id"])
    if conv is None or customer is None or coop is None:
        return {"status": "ended", "notice": None}
    key = key or hashlib.sha1(f"{author}|{iso(now)}|{text}".encode()).hexdigest()[:16]
    store.touch_handoff(db, handoff_id, customer=False, now=now)
    store.extend_handoff(db, handoff_id, now + timedelta(minutes=HANDOFF_MINUTES))
    plan_timeout(db, store.get_handoff(db, handoff_id) or handoff, now)
    channel = conv.get("channel") or "whatsapp"
    name = customer.get("name") or local_format(customer["phone"])
    if channel == "whatsapp":
        last = aware(store.last_inbound_at(db, conv["id"]))
        if not within_whatsapp_window(last, now):
            ago = _ago(lang, last, now)
            template = ((coop.get("settings") or {}).get("whatsapp_templates") or {}).get("reopen")
            if not template or not coop.get("whatsapp_from"):
                return {"status": "refused", "notice": i18n.t(
                    lang, "member_relay_no_template", name=name, ago=ago,
                    phone=local_format(customer["phone"]))}
            store.hold_reply(db, handoff_id, {"text": text, "author": author, "key": key,
                                              "media_url": media_url})
            # Open until the customer can answer the template, else the words are lost.
            store.extend_handoff(db, handoff_id, now + timedelta(hours=HELD_HOURS))
            plan_timeout(db, store.get_handoff(db, handoff_id) or handoff, now)
            store.enqueue(db, "message.customer", {
                "conversation_id": conv["id"], "coop_id": coop["id"],
                "from": address_for("whatsapp", coop["whatsapp_from"]),
                "to": address_for("whatsapp", customer["phone"]),
                "content_sid": template, "content_variables": {"1": coop["name"]},
                "body": "", "author": author,
            }, dedupe_key=f"reopen:{handoff_id}:{last.isoformat() if last else 'never'}")
            return {"status": "held", "notice": i18n.t(lang, "member_relay_held", name=name,
                                                       ago=ago)}
    if not send_to_customer(db, coop, conv, customer, handoff, text, author, key=key,
                             media_url=media_url):
        return {"status": "refused", "notice": i18n.t(
            lang, "member_relay_no_template", name=name, ago="",
            phone=local_format(customer["phone"]))}
    return {"status": "sent", "notice": None}



def send_to_customer(db, coop, conv, customer, handoff, text, author, *, key,
                      media_url=None) -> bool:
    channel = conv.get("channel") or "whatsapp"
    sender = coop.get("whatsapp_from") if channel == "whatsapp" else coop.get("sms_from")
    if not sender:
        return False
    body = i18n.t(conv.get("lang"), "relay_from_coop", coop=coop["name"], text=clip(
        text, lambda t: len(i18n.t(conv.get("lang"), "relay_from_coop", coop=coop["name"],
                                   text=t)) <= MAX_BODY))
    payload = {"conversation_id": conv["id"], "coop_id": coop["id"],
               "from": address_for(channel, sender), "to": address_for(channel, customer["phone"]),
               "body": body, "author": author, "handoff_id": handoff["id"]}
    if media_url:
        if channel == "whatsapp":
            payload["media_url"] = media_url
        else:
            payload["body"] = f"{body}\n{media_url}".strip()
    store.enqueue(db, "message.customer", payload, dedupe_key=f"reply:{handoff['id']}:{key}")
    return True



def _ago(lang: str, last: datetime | None, now: datetime) -> str:
    if last is None:
        return i18n.t(lang, "ago_days", count="+1")
    hours_ago = int((now - last).total_seconds() // 3600)
    if hours_ago >= 48:
        return i18n.t(lang, "ago_days", count=hours_ago // 24)
    return i18n.t(lang, "ago_hours", count=hours_ago)
