"""A customer waiting for a person: the handoff started (members alerted, its timeout
planned), and the customer's words and media relayed to the members who answer."""

from __future__ import annotations

from datetime import datetime, timedelta

from .. import alerts, i18n, media_links, store
from ..phones import local_format
from ..sms import sms_segments, sms_text
from .common import HANDOFF_MINUTES, MAX_BODY, RELAY_SMS_SEGMENTS, clip, iso
from .replies import send_to_customer
from .timeouts import plan_timeout


def start(db, coop: dict, customer: dict, conv: dict, *, reason: str, until: str | None,
          now: datetime, msg_key: str, text: str = "", media: list[dict] | None = None,
          settings: dict | None = None) -> dict:
    """Open the conversation's handoff (or find the open one) and, when it is new, alert the
    members and plan its timeout; media that started it is forwarded. Returns the row.

    With ``settings`` (``PUBLIC_URL``, ``SECRET_KEY``) members get media as links on our own
    server (:mod:`bot.media_links`) rather than Twilio's URLs."""
    found = store.open_handoff_of(db, conv["id"])
    until = until or iso(now + timedelta(minutes=HANDOFF_MINUTES))
    handoff = store.open_handoff(db, coop_id=coop["id"], conversation_id=conv["id"],
                                 customer_id=customer["id"], reason=reason, until=until, now=now)
    if found is None:
        _alert(db, coop, customer, conv, handoff, text=text, media=media or [],
               key=f"handoff:{msg_key}")
        plan_timeout(db, handoff, now)
    if media:
        _to_members(db, coop, customer, handoff, text="", key=f"start:{msg_key}",
                    media=_linked(media, settings, msg_key, now))
    return handoff



def _alert(db, coop, customer, conv, handoff, *, text, media, key) -> None:
    recent = store.recent_messages(db, conv["id"], limit=6)
    said = [m["body"] for m in recent if m["direction"] == "in" and m["body"]]
    if text:
        said.append(text)
    alerts.alert_members(db, coop, "handoff", key=key, customer=customer,
                         phone=customer["phone"], messages=said or [""],
                         code=str(handoff["code"]), cart=_cart_line(db, coop, conv),
                         media_kinds=[_media_kind(m.get("type")) for m in media])



def _cart_line(db, coop: dict, conv: dict) -> str:
    cart = (conv.get("data") or {}).get("cart") or []
    if not cart:
        return ""
    names = {p["sku"]: p.get("short_name") or p["name"]
             for p in store.list_products(db, coop["id"])}
    return ", ".join(f"{line['qty']} × {names.get(line['sku'], line['sku'])}" for line in cart)



def from_customer(db, coop: dict, customer: dict, conv: dict, *, text: str,
                  media: list[dict] | None, msg_key: str, now: datetime,
                  settings: dict | None = None) -> dict:
    """A customer's message during a handoff: to the member who holds it, or to every member
    while nobody does (an operator's handoff is read in the inbox). Replies kept while the
    WhatsApp window was closed go now."""
    handoff = store.open_handoff_of(db, conv["id"])
    if handoff is None:                      # a handoff from before the table existed
        handoff = start(db, coop, customer, conv, reason="asked", until=conv.get("handoff_until"),
                        now=now, msg_key=msg_key, text=text, media=media, settings=settings)
        return handoff
    store.touch_handoff(db, handoff["id"], customer=True, now=now)
    for held in store.take_held_replies(db, handoff["id"]):
        send_to_customer(db, coop, conv, customer, handoff, held["text"], held["author"],
                          key=held["key"], media_url=held.get("media_url"))
    _to_members(db, coop, customer, handoff, text=text, key=msg_key,
                media=_linked(media or [], settings, msg_key, now))
    return handoff



def _linked(media: list[dict], settings: dict | None, sid: str, now: datetime) -> list[dict]:
    """The media with the URL members get: our own short link (``PUBLIC_URL/m/…``, which
    a basic phone opens and Twilio fetches for WhatsApp without the account's credentials)
    where one can be made, else Twilio's URL as it came."""
    if not settings:
        return media
    return [dict(item, url=media_links.link(settings, sid, i, now) or item.get("url"))
            if item.get("url") else item for i, item in enumerate(media)]



def _recipients(db, coop: dict, handoff: dict) -> list[dict]:
    if handoff["member_id"]:
        member = store.get_member(db, handoff["member_id"])
        return [member] if member else []
    if handoff["operator"]:
        return []
    return store.list_members(db, coop["id"])



def _to_members(db, coop, customer, handoff, *, text: str, media: list[dict], key: str) -> int:
    """Queue the customer's words and media to the handoff's members; how many were queued.

    A WhatsApp member gets the first medium itself with the lines as its caption; the SMS
    text (an SMS member's, or a WhatsApp member's SMS fallback) has every link and, for a
    voice note, the customer's number to call."""
    queued = 0
    name = customer.get("name") or local_format(customer["phone"])
    for member in _recipients(db, coop, handoff):
        lang = member.get("language") or "fr"

        def compose(said: str, lang: str = lang) -> tuple[list[str], list[str]]:
            return _member_lines(lang, handoff["code"], name, said, media,
                                 local_format(customer["phone"]))

        lines, links = compose(clip(text, lambda t: len("\n".join(compose(t)[1])) <= MAX_BODY))
        sms_links = compose(clip(text, lambda t: sms_segments(sms_text("\n".join(
            compose(t)[1]))) <= RELAY_SMS_SEGMENTS))[1]
        if not links:
            continue
        media_url = next((m["url"] for m in media if m.get("url")), None)
        whatsapp = member.get("channel") == "whatsapp" and media_url is not None
        body = "\n".join(lines if whatsapp else links)
        payload = {"coop_id": coop["id"], "member_id": member["id"], "phone": member["phone"],
                   "kind": "relay", "text": body, "sms_text": sms_text("\n".join(sms_links)),
                   "template_variables": alerts.template_variables(coop, "relay", body, {}),
                   "handoff_id": handoff["id"]}
        if whatsapp:
            payload["media_url"] = media_url
        queued += store.enqueue(db, "message.member", payload,
                                dedupe_key=f"relay:{key}:{member['id']}")
    return queued



def _member_lines(lang: str, code, name: str, text: str, media: list[dict],
                  phone: str) -> tuple[list[str], list[str]]:
    """A member's relay of the customer's words and media: the lines with the medium sent
    as itself (WhatsApp), and the lines with every link and, for audio, the number to call."""
    lines, links = [], []
    if text:
        lines.append(i18n.t(lang, "alert_relay", code=code, name=name, text=text))
        links.append(lines[-1])
    for item in media:
        word = i18n.t(lang, f"media_{_media_kind(item.get('type'))}_word")
        lines.append(i18n.t(lang, "alert_relay_media", code=code, name=name, media=word,
                            url="").strip())
        links.append(i18n.t(lang, "alert_relay_media", code=code, name=name, media=word,
                            url=item.get("url") or ""))
    if any(_media_kind(item.get("type")) == "voice" for item in media):
        links.append(i18n.t(lang, "alert_relay_call", phone=phone))
    return lines, links



def _media_kind(ctype: str | None) -> str:
    ctype = (ctype or "").lower()
    if ctype.startswith("audio/"):
        return "voice"
    if ctype.startswith("image/"):
        return "sticker" if ctype == "image/webp" else "image"
    if ctype.startswith("video/"):
        return "video"
    return "document"
