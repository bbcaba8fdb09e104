"""One inbound message, end to end: the path shared by the Twilio webhook, the
terminal chat and the web simulator.

:func:`handle_inbound` runs inside one write transaction: it records the
message, routes it (cooperative by ``To`` number, member command or customer
conversation), runs the pure conversation step, applies its actions (order +
outbox jobs in the same transaction) and stores the reply with the message,
so a redelivered ``MessageSid`` gets the very same reply and changes nothing.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime

from . import alerts, clock, conversation, i18n, members, nlu, relay, sms, statuses, store
from .conversation import (
    AlertMembers,
    CancelOrder,
    CreateOrder,
    EndHandoff,
    Handoff,
    RelayToMember,
    SaveCustomer,
)
from .orders import cancel_order, place_order
from .phones import PhoneError, split_address
from .privacy import mask_phone

log = logging.getLogger("bot.service")


class BadRequest(ValueError):
    """The inbound payload is malformed (HTTP 400)."""


@dataclass
class Inbound:
    """An inbound message, whatever it came through."""

    from_addr: str
    to_addr: str
    body: str = ""
    sid: str | None = None
    idempotency_key: str | None = None
    media: list[dict] = field(default_factory=list)      # [{"url", "type"}]
    location: dict | None = None

    @classmethod
    def from_twilio(cls, form, idempotency_key: str | None = None) -> Inbound:
        """Build from Twilio's webhook form; raise :class:`BadRequest` when malformed."""
        from_addr = (form.get("From") or "").strip()
        to_addr = (form.get("To") or "").strip()
        sid = (form.get("MessageSid") or form.get("SmsMessageSid") or "").strip()
        if not from_addr or not to_addr or not sid:
            raise BadRequest("From, To and MessageSid are required")
        if len(sid) > 64:
            raise BadRequest("MessageSid is too long")
        try:
            num_media = int(form.get("NumMedia") or 0)
        except ValueError:
            raise BadRequest("NumMedia must be a number") from None
        media = [{"url": form.get(f"MediaUrl{i}", ""), "type": form.get(f"MediaContentType{i}", "")}
                 for i in range(min(max(num_media, 0), 10))]
        location = None
        if form.get("Latitude") and form.get("Longitude"):
            location = location_from(form["Latitude"], form["Longitude"], form.get("Address"),
                                     form.get("Label"))
        return cls(from_addr=from_addr, to_addr=to_addr, body=form.get("Body") or "", sid=sid,
                   idempotency_key=idempotency_key, media=media, location=location)


def location_from(latitude, longitude, address=None, label=None) -> dict:
    """A location pin (WhatsApp's, or the simulator's); :class:`BadRequest` when unusable."""
    try:
        lat, lon = float(latitude), float(longitude)
    except (TypeError, ValueError, OverflowError):          # OverflowError: a 400-digit int
        raise BadRequest("Latitude and Longitude must be numbers") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise BadRequest("Latitude/Longitude out of range")
    return {"latitude": lat, "longitude": lon, "address": str(address or "")[:300] or None,
            "label": str(label or "")[:200] or None}


def media_kind(media: list[dict]) -> str | None:
    """``voice``, ``image``, ``sticker``, ``video``, ``document`` or None."""
    if not media:
        return None
    ctype = (media[0].get("type") or "").lower()
    if ctype.startswith("audio/"):
        return "voice"
    if ctype == "image/webp":
        return "sticker"
    if ctype.startswith("image/"):
        return "image"
    if ctype.startswith("video/"):
        return "video"
    return "document"


# --------------------------------------------------------------------------
# Catalog indexes, built once per catalog version and reused
# --------------------------------------------------------------------------

_catalogs: dict = {}
_catalogs_lock = threading.Lock()


def catalog_for(db, coop: dict) -> tuple[list[dict], object]:
    """The cooperative's products and NLU index, rebuilt only when the catalog changed."""
    products, index, _ = _catalog(db, coop)
    return products, index


def _catalog(db, coop: dict) -> tuple[list[dict], object, dict[str, dict]]:
    """:func:`catalog_for`, with the products by sku (the conversation's ``Context.by_sku``),
    kept with them."""
    key = (id(db), coop["id"])
    cached = _catalogs.get(key)
    if cached and cached[0] == coop["catalog_version"]:
        return cached[1], cached[2], cached[3]
    products = store.list_products(db, coop["id"])
    index = nlu.memoised(nlu.build_index(products))
    by_sku = {p["sku"]: p for p in products}
    with _catalogs_lock:
        _catalogs[key] = (coop["catalog_version"], products, index, by_sku)
    return products, index, by_sku


def courier_cities(db, coop: dict) -> list[dict] | None:
    """The courier's cached city list (None for couriers without one)."""
    delivery = coop["settings"].get("delivery", {})
    courier = delivery.get("courier") or "manual"
    if courier == "manual":
        return None
    return store.load_courier_cities(db, courier, coop["slug"], max_age_hours=24 * 30)


# --------------------------------------------------------------------------
# The pipeline
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Arrival:
    """One inbound message and where it came from and went to, as the pipeline passes it on."""

    msg: Inbound
    settings: dict
    now: datetime
    channel: str            # the sender's channel (whatsapp, sms)
    phone: str              # the sender's number, E.164
    to_channel: str
    number: str             # the number written to

def handle_inbound(db, msg: Inbound, settings: dict, now: datetime | None = None) -> list[str]:
    """Process one inbound message; return the reply bodies (possibly none), rendered for the
    sender's channel: by SMS without emojis and in GSM-7 where the language allows."""
    try:
        channel, phone = split_address(msg.from_addr)
        to_channel, number = split_address(msg.to_addr)
    except PhoneError as exc:
        raise BadRequest(str(exc)) from None
    replies = _handle_inbound(db, Arrival(msg, settings, now or clock.utcnow(),
                                          channel, phone, to_channel, number))
    return [sms.sms_text(r) for r in replies] if channel == "sms" else replies


def _handle_inbound(db, arrival: Arrival) -> list[str]:
    """One write transaction per message: what it needs is read, the step computed and its
    effects (conversation, order, outbox jobs, the message and its replies) written under
    the one write lock, so nothing read can change before it is written, and a redelivered
    ``MessageSid`` (or idempotency token) is answered with the stored reply."""
    msg, settings = arrival.msg, arrival.settings
    with store.transaction(db):
        found = store.inbound_context(db, sid=msg.sid, idempotency_key=msg.idempotency_key,
                                      channel=arrival.to_channel, number=arrival.number,
                                      phone=arrival.phone, from_addr=msg.from_addr)
        prior = found["prior"]
        if prior is not None:
            log.info("redelivery of %s ignored", prior["sid"])
            return json.loads(prior["reply"] or "[]")
        coop, conv, customer = found["coop"], found["conversation"], found["customer"]
        if coop is None or found["shared"] or found["is_member"] or conv is None:
            return _route(db, arrival, found)
        rate = store.rate_count(conv)
        limited = _over_rate(db, msg, settings, coop["id"], conv["id"], rate)
        if limited is not None:
            return limited
        result = _step(db, arrival, coop, customer, conv)
        replies = _commit_step(db, arrival, coop, customer, conv, result, rate)
    _log_step(coop, msg, conv["state"], result.state, replies)      # after the lock is released
    return replies


def _record(db, msg, coop_id, conversation_id, replies) -> None:
    """Store the inbound message with its replies (the redelivery answer) and the replies."""
    store.record_exchange(
        db, sid=msg.sid, idempotency_key=msg.idempotency_key, coop_id=coop_id,
        conversation_id=conversation_id, from_addr=msg.from_addr, to_addr=msg.to_addr,
        body=msg.body, media=msg.media or (msg.location and [msg.location]) or None,
        replies=replies)


def _rate_limited(db, msg, settings, coop_id) -> list[str] | None:
    """Count the message against its sender's rate; the replies when it is over, else None.

    A flooding sender gets one polite notice, then silence until the minute is over.
    """
    rate = store.hit_rate(db, f"{msg.to_addr}|{msg.from_addr}",
                          settings.get("RATE_LIMIT_PER_MINUTE", 20))
    return None if rate == "ok" else _refused(db, msg, coop_id, notice=rate == "notice")


def _over_rate(db, msg, settings, coop_id, conversation_id,
               rate: tuple[int, int]) -> list[str] | None:
    """:func:`_rate_limited` for a customer's message, counted on their conversation's row
    (``rate``: :func:`store.rate_count`), which its step rewrites anyway."""
    over = rate[1] - settings.get("RATE_LIMIT_PER_MINUTE", 20)
    if over <= 0:
        return None
    store.save_rate(db, conversation_id, rate)
    return _refused(db, msg, coop_id, notice=over == 1)


def _refused(db, msg, coop_id, notice: bool) -> list[str]:
    """A message over its sender's rate, stored: the polite notice the first time, then
    nothing."""
    replies = [i18n.t(_lang_of(msg.body), "rate_limited")] if notice else []
    _record(db, msg, coop_id, None, replies)
    return replies


def _lang_of(text: str, default: str = "fr") -> str:
    return i18n.supported(nlu.detect_lang(text)) if text and text.strip() else default


def _route(db, arrival: Arrival, found: dict) -> list[str]:
    """Members, shared numbers and first messages (``found``: :func:`store.inbound_context`'s
    reading of this message, in this transaction)."""
    msg, phone, number = arrival.msg, arrival.phone, arrival.number
    coops = found["coops"]
    if not coops:
        log.warning("message to unknown number %s", mask_phone(msg.to_addr))
        replies = [i18n.t(_lang_of(msg.body), "unknown_number")]
        _record(db, msg, None, None, replies)
        return replies

    if found["shared"] or found["is_member"]:     # a customer's own: on the conversation
        limited = _rate_limited(db, msg, arrival.settings,
                                coops[0]["id"] if len(coops) == 1 else None)
        if limited is not None:
            return limited

    for coop in coops if found["shared"] or found["is_member"] else ():
        member = store.find_member(db, phone, coop["id"])
        if member:
            store.touch_member(db, member["id"])
            relayed = relay.from_member(db, coop, member, msg.body, msg.media, arrival.now)
            replies = relayed if relayed is not None else members.handle_command(
                db, coop, member, msg.body, now=arrival.now)
            _record(db, msg, coop["id"], None, replies)
            return replies

    chosen, pre_replies = _pick_coop(db, msg, coops, number)
    if chosen is None:
        _record(db, msg, None, None, pre_replies)
        return pre_replies
    conv = found["conversation"] if chosen is coops[0] else None    # read for coops[0] only
    return pre_replies + _converse(db, arrival, chosen, found["customer"], conv,
                                   counted=found["shared"] or found["is_member"])


def _pick_coop(db, msg, coops, number) -> tuple[dict | None, list[str]]:
    """One cooperative per number, or a choice on a shared platform number."""
    if len(coops) == 1:
        return coops[0], []
    text = (msg.body or "").strip()
    words = text.upper().replace("#", " ").split()
    for coop in coops:                                   # a code: click-to-chat link text
        if coop.get("code") and coop["code"].upper() in words:
            store.set_route(db, number, msg.from_addr, coop["id"])
            return coop, [i18n.t(_lang_of(text), "coop_selected", coop=coop["name"])]
    current = store.get_route(db, number, msg.from_addr)
    awaiting = current == -1
    if current and not awaiting:
        coop = next((c for c in coops if c["id"] == current), None)
        if coop:
            return coop, []
    if awaiting and text.isdigit() and 1 <= int(text) <= len(coops):
        coop = coops[int(text) - 1]
        store.set_route(db, number, msg.from_addr, coop["id"])
        msg.body = ""          # the number was the choice, not an order
        return coop, [i18n.t(_lang_of(text), "coop_selected", coop=coop["name"])]
    store.set_route(db, number, msg.from_addr, -1)
    options = "\n".join(f"{i}. {c['name']}" for i, c in enumerate(coops, start=1))
    return None, [i18n.t(_lang_of(text), "choose_coop", options=options)]


def _step(db, arrival: Arrival, coop, customer, conv) -> conversation.Result:
    """Run the pure conversation step for this message (reads only)."""
    msg, settings = arrival.msg, arrival.settings
    products, index, by_sku = _catalog(db, coop)
    hours_open, opens_at = relay.hours_now(coop, arrival.now)
    ctx = conversation.Context(
        coop=coop, products=products, index=index, by_sku=by_sku, customer=customer,
        phone=customer["phone"],
        load_last_order=lambda: store.latest_order(db, coop["id"], customer["id"]),
        load_cities=lambda: courier_cities(db, coop), now=arrival.now,
        handoff_minutes=settings.get("HANDOFF_TIMEOUT_MINUTES", 120),
        channel=arrival.channel, hours_open=hours_open, opens_at=opens_at,
        relay_ack_minutes=settings.get("HANDOFF_ACK_MINUTES", 5),
        load_handoff_end=lambda: relay.handoff_end(
            coop, arrival.now, settings.get("HANDOFF_TIMEOUT_MINUTES", 120)))
    event = conversation.Event(text=msg.body or "", media=media_kind(msg.media),
                               location=msg.location)
    return conversation.step(conv, event, ctx)


def _converse(db, arrival: Arrival, coop, customer: dict | None,
              conv: dict | None, counted: bool) -> list[str]:
    """The customer's step with ``coop``; ``customer`` and ``conv`` as read in this
    transaction (None: not stored yet, created here). ``counted``: the message was counted
    against the sender's rate already (a shared number's), else it is on the conversation."""
    # (None: read in this transaction, so there is none: created without a first look)
    customer = customer or store.get_or_create_customer(db, arrival.phone, absent=True)
    conv = conv or store.get_or_create_conversation(db, coop["id"], customer["id"])
    rate = None
    if not counted:
        rate = store.rate_count(conv)
        limited = _over_rate(db, arrival.msg, arrival.settings, coop["id"], conv["id"], rate)
        if limited is not None:
            return limited
    result = _step(db, arrival, coop, customer, conv)
    replies = _commit_step(db, arrival, coop, customer, conv, result, rate)
    _log_step(coop, arrival.msg, conv["state"], result.state, replies)
    return replies


def _commit_step(db, arrival: Arrival, coop, customer, conv, result,
                 rate: tuple[int, int] | None) -> list[str]:
    """Write one step: actions (order, jobs), the conversation (with the message's count
    against its customer's rate), the message and its replies."""
    msg, channel = arrival.msg, arrival.channel
    replies = list(result.replies)
    replies.extend(_apply_actions(db, arrival, coop, customer, conv, result))
    store.save_conversation(db, conv["id"], state=result.state, data=result.data,
                            lang=result.lang, channel=channel, handoff_until=result.handoff_until,
                            rate=rate)
    _record(db, msg, coop["id"], conv["id"], replies)
    return replies


def _log_step(coop, msg, before: str, after: str, replies: list[str]) -> None:
    if not log.isEnabledFor(logging.INFO):      # no phone masking for a line nobody keeps
        return
    log.info("coop=%s from=%s state=%s->%s replies=%d", coop["slug"], mask_phone(msg.from_addr),
             before, after, len(replies))


def _apply_actions(db, arrival: Arrival, coop, customer, conv, result) -> list[str]:
    """Carry out the conversation's actions; return any replies they produce."""
    msg, channel = arrival.msg, arrival.channel
    replies: list[str] = []
    msg_key = msg.sid or msg.idempotency_key
    for effect in result.actions:
        match effect:
            case CreateOrder():
                order = place_order(db, coop, customer, conv, effect, result.lang, channel,
                                    msg.from_addr, msg.to_addr)
                key = "order_preparing" if order["status"] == "pending_approval" \
                    else "order_placed"
                replies.append(i18n.t(result.lang, key, number=order["number"],
                                      total=i18n.money(order["total"])))
            case SaveCustomer(fields=fields):
                store.update_customer(db, customer["id"], lang=result.lang, **fields)
            case CancelOrder(order_id=order_id, reply_key=reply_key):
                target = store.get_order(db, order_id)
                if target and target["coop_id"] == coop["id"] and \
                        target["status"] in statuses.CANCELLABLE:
                    cancel_order(db, coop, target, actor="customer")
                    replies.append(i18n.t(result.lang, reply_key, number=target["number"]))
                else:
                    replies.append(i18n.t(result.lang, "nothing_to_cancel"))
            case Handoff(reason=reason):
                relay.start(db, coop, customer, conv, reason=reason, until=result.handoff_until,
                            now=arrival.now, msg_key=msg_key or "", text=msg.body or "",
                            media=msg.media, settings=arrival.settings)
            case RelayToMember(text=text):
                relay.from_customer(db, coop, customer, conv, text=text, media=msg.media,
                                    msg_key=msg_key or "", now=arrival.now,
                                    settings=arrival.settings)
            case EndHandoff(by=by):
                handoff = store.open_handoff_of(db, conv["id"])
                if handoff is not None:
                    relay.end_quietly(db, handoff, by=by, now=arrival.now)
            case AlertMembers(kind="question", text=text):
                alerts.alert_members(db, coop, "question", key=f"question:{msg_key}",
                                     customer=customer, phone=customer["phone"], text=text)
            case AlertMembers(media=media):
                alerts.alert_members(db, coop, "media", key=f"media:{msg_key}",
                                     customer=customer, phone=customer["phone"], media=media)
            case _:
                raise TypeError(f"unknown effect: {effect!r}")
    return replies
