"""A person answers (issue 18): handoffs, and the relay through the cooperative's number.

A customer who asks for a person (or sends a voice note, or a question nobody here can
answer) gets a *handoff* (``store.open_handoff``): the members are alerted with who, what
they asked, the cart and how to answer. From then on:

- the customer's messages go to the member who holds the handoff, or to every member while
  nobody does (:func:`from_customer`): text prefixed "@{code} {name}:", media as media on
  WhatsApp and as a link on SMS (with "call the customer at 06…" for audio);
- a member answers by writing to the cooperative's number (:func:`from_member`): the first
  to reply takes it, "@{code} text" picks one of several, "@{code}" alone switches to it;
  member commands keep working;
- operators answer from the dashboard's inbox through the same :func:`reply`; they
  :func:`take`, :func:`release` and :func:`end` handoffs.

Everything is written in the caller's transaction; messages leave through the outbox
(``message.member``, ``message.customer``), each at most once (dedupe keys). WhatsApp's
24-hour window is respected: a reply to a customer who last wrote more than 24 hours ago
sends the cooperative's approved ``whatsapp_templates.reopen`` template instead and is kept
until the customer answers (:func:`from_customer` sends it then).
"""

from __future__ import annotations

import hashlib
import logging
import re
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from .. import alerts, clock, conversation, datafiles, hours, i18n, media_links, nlu, store
from ..messaging import within_whatsapp_window
from ..nlu.commands import Command, parse_command
from ..nlu.textnorm import lookup_key, normalise
from ..phones import address_for, local_format
from ..sms import sms_segments, sms_text

log = logging.getLogger("bot.relay")

#: How long a handoff lasts without an answer, and after each person's reply.
HANDOFF_MINUTES = 120
#: The member commands that keep working while a member talks with customers.
ORDER_COMMANDS = ("accept", "ship", "delivered", "cancel", "show")
SHORT_COMMANDS = ("list", "help", "end_handoff")
TIMEOUT_JOB = "handoff.timeout"
#: Twilio's longest message body (characters), and the SMS parts a relay to an SMS member
#: may take (the customer's words are cut with "…" beyond; the inbox has them whole).
MAX_BODY = 1600
#: Hours a handoff stays open for replies held behind WhatsApp's reopening template.
HELD_HOURS = 24
RELAY_SMS_SEGMENTS = 6


def _iso(now: datetime) -> str:
    return now.isoformat(timespec="milliseconds")


def _aware(value: str | None) -> datetime | None:
    if not value:
        return None
    at = datetime.fromisoformat(value)
    return at if at.tzinfo else at.replace(tzinfo=UTC)


# --------------------------------------------------------------------------
# Words (intents/members.yml: relay)
# --------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _words() -> dict:
    data = datafiles.safe_load(datafiles.intents_path("members.yml").read_text(encoding="utf-8"))
    relay = data.get("relay") or {}
    mark = str(relay.get("code_mark") or "@")
    lists = {tuple(lookup_key(w) for w in normalise(str(phrase)).split())
             for phrases in (relay.get("list") or {}).values() for phrase in phrases}
    return {"code": re.compile(rf"^\s*{re.escape(mark)}\s*(\d{{1,3}})\b[\s:,.-]*(.*)$", re.S),
            "mark": mark, "list": lists}


def _is_list_words(text: str) -> bool:
    keys = tuple(lookup_key(w) for w in normalise(text).split())
    return text.strip() == _words()["mark"] or keys in _words()["list"]


# --------------------------------------------------------------------------
# Starting, and the customer's messages
# --------------------------------------------------------------------------

def start(db, coop: dict, customer: dict, conv: dict, *, reason: str, until: str | None,
          now: datetime, msg_key: str, text: str = "", media: list[dict] | None = None,
          settings: dict | None = None) -> dict:
    """Open the conversation's handoff (or find the open one) and, when it is new, alert the
    members and plan its timeout; media that started it is forwarded. Returns the row.

    With ``settings`` (``PUBLIC_URL``, ``SECRET_KEY``) members get media as links on our own
    server (:mod:`bot.media_links`) rather than Twilio's URLs."""
    found = store.open_handoff_of(db, conv["id"])
    until = until or _iso(now + timedelta(minutes=HANDOFF_MINUTES))
    handoff = store.open_handoff(db, coop_id=coop["id"], conversation_id=conv["id"],
                                 customer_id=customer["id"], reason=reason, until=until, now=now)
    if found is None:
        _alert(db, coop, customer, conv, handoff, text=text, media=media or [],
               key=f"handoff:{msg_key}")
        _plan_timeout(db, handoff, now)
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
        _send_to_customer(db, coop, conv, customer, handoff, held["text"], held["author"],
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

        lines, links = compose(_clip(text, lambda t: len("\n".join(compose(t)[1])) <= MAX_BODY))
        sms_links = compose(_clip(text, lambda t: sms_segments(sms_text("\n".join(
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


def _clip(text: str, fits) -> str:
    """``text``, cut at the end with "…" where the message it makes would not ``fits``: the
    customer's whole words stay in the transcript and the inbox."""
    if fits(text):
        return text
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if fits(text[:mid].rstrip() + "…"):
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + "…"


def _media_kind(ctype: str | None) -> str:
    ctype = (ctype or "").lower()
    if ctype.startswith("audio/"):
        return "voice"
    if ctype.startswith("image/"):
        return "sticker" if ctype == "image/webp" else "image"
    if ctype.startswith("video/"):
        return "video"
    return "document"


# --------------------------------------------------------------------------
# The one way a person's words reach the customer
# --------------------------------------------------------------------------

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
    key = key or hashlib.sha1(f"{author}|{_iso(now)}|{text}".encode()).hexdigest()[:16]
    store.touch_handoff(db, handoff_id, customer=False, now=now)
    store.extend_handoff(db, handoff_id, now + timedelta(minutes=HANDOFF_MINUTES))
    _plan_timeout(db, store.get_handoff(db, handoff_id) or handoff, now)
    channel = conv.get("channel") or "whatsapp"
    name = customer.get("name") or local_format(customer["phone"])
    if channel == "whatsapp":
        last = _aware(store.last_inbound_at(db, conv["id"]))
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
            _plan_timeout(db, store.get_handoff(db, handoff_id) or handoff, now)
            store.enqueue(db, "message.customer", {
                "conversation_id": conv["id"], "coop_id": coop["id"],
                "from": address_for("whatsapp", coop["whatsapp_from"]),
                "to": address_for("whatsapp", customer["phone"]),
                "content_sid": template, "content_variables": {"1": coop["name"]},
                "body": "", "author": author,
            }, dedupe_key=f"reopen:{handoff_id}:{last.isoformat() if last else 'never'}")
            return {"status": "held", "notice": i18n.t(lang, "member_relay_held", name=name,
                                                       ago=ago)}
    if not _send_to_customer(db, coop, conv, customer, handoff, text, author, key=key,
                             media_url=media_url):
        return {"status": "refused", "notice": i18n.t(
            lang, "member_relay_no_template", name=name, ago="",
            phone=local_format(customer["phone"]))}
    return {"status": "sent", "notice": None}


def _send_to_customer(db, coop, conv, customer, handoff, text, author, *, key,
                      media_url=None) -> bool:
    channel = conv.get("channel") or "whatsapp"
    sender = coop.get("whatsapp_from") if channel == "whatsapp" else coop.get("sms_from")
    if not sender:
        return False
    body = i18n.t(conv.get("lang"), "relay_from_coop", coop=coop["name"], text=_clip(
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


# --------------------------------------------------------------------------
# Taking, releasing, ending
# --------------------------------------------------------------------------

def take(db, handoff_id: int, *, member_id: int | None = None, operator: str | None = None,
         now: datetime) -> bool:
    """Hold the handoff (a member or an operator): only a waiting one, or again by its
    holder. The other members are told once who took it. False when someone else holds it."""
    before = store.get_handoff(db, handoff_id)
    if before is None or not store.take_handoff(db, handoff_id, member_id=member_id,
                                                operator=operator, now=now):
        return False
    if before["status"] == "waiting":
        handoff = store.get_handoff(db, handoff_id) or before
        _tell_taken(db, handoff, member_id=member_id, operator=operator)
    return True


def _tell_taken(db, handoff: dict, *, member_id: int | None, operator: str | None) -> None:
    coop = store.get_coop(db, handoff["coop_id"])
    customer = store.get_customer(db, handoff["customer_id"])
    if coop is None or customer is None:
        return
    holder = operator or ""
    if member_id is not None:
        member = store.get_member(db, member_id)
        holder = (member or {}).get("name") or local_format((member or {}).get("phone") or "")
    name = customer.get("name") or local_format(customer["phone"])
    for other in store.list_members(db, coop["id"]):
        if other["id"] == member_id:
            continue
        text = i18n.t(other.get("language"), "member_taken_by", code=handoff["code"], name=name,
                      holder=holder)
        store.enqueue(db, "message.member", {
            "coop_id": coop["id"], "member_id": other["id"], "phone": other["phone"],
            "kind": "relay", "text": text, "sms_text": sms_text(text),
            "template_variables": alerts.template_variables(coop, "relay", text, {}),
        }, dedupe_key=f"taken:{handoff['id']}:{handoff['taken_at']}:{other['id']}")


def release(db, handoff_id: int, now: datetime) -> bool:
    """Give the handoff back to the waiting ones (nobody holds it); False if it was not taken."""
    return store.release_handoff(db, handoff_id, now)


def end(db, handoff_id: int, *, by: str, now: datetime) -> bool:
    """End the handoff (``by``: ``member:<id>``, ``operator:<name>``, ``timeout``): the
    conversation goes back to the step it was at, cart kept, and the customer is told and
    asked that step's question again; the member who held it is told unless they ended it.
    False when it was ended already."""
    handoff = store.get_handoff(db, handoff_id)
    if handoff is None or not store.end_handoff(db, handoff_id, by=by, now=now):
        return False
    coop = store.get_coop(db, handoff["coop_id"])
    conv = store.get_conversation(db, handoff["conversation_id"])
    customer = store.get_customer(db, handoff["customer_id"])
    if coop is None or conv is None or customer is None:
        return True
    give_back(db, coop, conv, customer, by=by, now=now)
    _tell_holder(db, coop, customer, handoff, by)
    return True


def end_quietly(db, handoff: dict, *, by: str, now: datetime) -> bool:
    """End the handoff the conversation itself left (the customer went back to ordering, or
    its time passed while they wrote): the row only, and its holder is told."""
    if not store.end_handoff(db, handoff["id"], by=by, now=now):
        return False
    coop = store.get_coop(db, handoff["coop_id"])
    customer = store.get_customer(db, handoff["customer_id"])
    if coop is not None and customer is not None:
        _tell_holder(db, coop, customer, handoff, by)
    return True


def _tell_holder(db, coop: dict, customer: dict, handoff: dict, by: str) -> None:
    holder = handoff["member_id"]
    if not holder or by == f"member:{holder}":
        return
    member = store.get_member(db, holder)
    if not member:
        return
    key = "member_handoff_timeout" if by == "timeout" else "member_handoff_ended"
    text = i18n.t(member.get("language"), key, code=handoff["code"],
                  name=customer.get("name") or "", phone=local_format(customer["phone"]))
    store.enqueue(db, "message.member", {
        "coop_id": coop["id"], "member_id": member["id"], "phone": member["phone"],
        "kind": "relay", "text": text, "sms_text": sms_text(text),
        "template_variables": alerts.template_variables(coop, "relay", text, {}),
    }, dedupe_key=f"ended:{handoff['id']}:{member['id']}")


def give_back(db, coop: dict, conv: dict, customer: dict, *, by: str, now: datetime) -> None:
    """The conversation back to the bot at the step it was at; the customer is told."""
    if conv.get("state") != "handoff":
        return
    products = store.list_products(db, coop["id"])
    ctx = conversation.Context(coop=coop, products=products, index=nlu.build_index(products),
                               customer=customer, phone=customer["phone"], now=now,
                               channel=conv.get("channel") or "whatsapp")
    result = conversation.back_from_handoff(conv, ctx, by)
    store.save_conversation(db, conv["id"], state=result.state, data=dict(result.data),
                            lang=result.lang, channel=conv.get("channel"), handoff_until=None)
    channel = conv.get("channel") or "whatsapp"
    sender = coop.get("whatsapp_from") if channel == "whatsapp" else coop.get("sms_from")
    if not sender or not result.replies:
        return
    for i, body in enumerate(result.replies):
        store.enqueue(db, "message.customer", {
            "conversation_id": conv["id"], "coop_id": coop["id"],
            "from": address_for(channel, sender), "to": address_for(channel, customer["phone"]),
            "body": body,
        }, dedupe_key=f"handoff_ended:{conv['id']}:{conv.get('updated_at')}:{i}")


def _plan_timeout(db, handoff: dict, now: datetime) -> None:
    """The worker's ``handoff.timeout`` job, due when the handoff times out."""
    until = _aware(handoff.get("until"))
    if until is None:
        return
    store.enqueue(db, TIMEOUT_JOB, {"handoff_id": handoff["id"], "coop_id": handoff["coop_id"]},
                  dedupe_key=f"{TIMEOUT_JOB}:{handoff['id']}:{handoff['until']}",
                  delay_seconds=max(0.0, (until - now).total_seconds()))


def timeout_job(db, job: dict, transport, settings: dict) -> dict:
    """``handoff.timeout``: end the handoff if it is still open and its time has passed
    (a later reply moved it on: a later job is planned for then)."""
    now = clock.utcnow()
    with store.transaction(db):
        handoff = store.get_handoff(db, job["payload"]["handoff_id"])
        if handoff is None or handoff["status"] == "ended":
            return {"skipped": "ended"}
        until = _aware(handoff["until"])
        if until is not None and until > now:
            _plan_timeout(db, handoff, now)
            return {"skipped": "extended", "until": handoff["until"]}
        end(db, handoff["id"], by="timeout", now=now)
    return {"ended": handoff["id"]}


def expire(db, now: datetime) -> int:
    """End every handoff whose time has passed (a sweep; the jobs do it one by one)."""
    ended = 0
    for handoff in store.expired_handoffs(db, now):
        ended += end(db, handoff["id"], by="timeout", now=now)
    return ended


# --------------------------------------------------------------------------
# A member writing to the cooperative's number
# --------------------------------------------------------------------------

def _is_command(cmd: Command, text: str) -> bool:
    """A member command that keeps working while a member talks with customers: one that
    names an order number or a product's stock, or a short list / help / end word."""
    if cmd.action in ORDER_COMMANDS and cmd.number:
        return True
    if cmd.action == "stock" and cmd.sku:
        return True
    return cmd.action in SHORT_COMMANDS and len(text.split()) <= 2


def from_member(db, coop: dict, member: dict, text: str, media: list[dict] | None,
                now: datetime) -> list[str] | None:
    """Relay a member's message to a customer in handoff; the replies to the member, or None
    when it is not for a customer (then it is a member command)."""
    text = (text or "").strip()
    media_url = next((m.get("url") for m in media or [] if m.get("url")), None)
    lang = i18n.supported(member.get("language"))
    found = _words()["code"].match(text)
    if found:
        return _by_code(db, coop, member, int(found.group(1)), found.group(2).strip(),
                        media_url, now, lang)
    if text and _is_list_words(text):
        return [_list_text(db, coop, lang)]
    held = store.member_handoffs(db, member["id"])
    cmd = parse_command(text)
    if text and _is_command(cmd, text):
        if cmd.action == "end_handoff" and not cmd.phone and held:
            end(db, held[0]["id"], by=f"member:{member['id']}", now=now)
            return [i18n.t(lang, "member_handoff_ended",
                           phone=local_format(held[0]["customer_phone"]))]
        return None
    if not text and not media_url:
        return None
    if held:
        current = held[0]
        out = _relay(db, member, current, text, media_url, now, lang)
        if len(held) > 1:
            out.append(i18n.t(lang, "member_relay_sent_to", code=current["code"],
                              name=_name(current), other=held[1]["code"]))
        return out
    waiting = store.waiting_handoffs(db, coop["id"])
    if len(waiting) == 1:
        return _take_and_relay(db, member, waiting[0], text, media_url, now, lang)
    if len(waiting) > 1:
        return [_list_text(db, coop, lang)]
    taken = store.list_handoffs(db, coop_id=coop["id"], status="taken", limit=2) \
        if cmd.action is None else []
    if len(taken) == 1:                       # answering an alert another member took
        return [i18n.t(lang, "member_taken_by", code=taken[0]["code"], name=_name(taken[0]),
                       holder=taken[0].get("holder_name") or "")]
    return [_list_text(db, coop, lang)] if taken else None


def _is_end_word(text: str) -> bool:
    """"fin", "salina" alone (the member's end word, no phone number)."""
    cmd = parse_command(text)
    return cmd.action == "end_handoff" and not cmd.phone and len(text.split()) <= 2


def _by_code(db, coop, member, code: int, text: str, media_url, now, lang) -> list[str]:
    handoff = store.handoff_by_code(db, coop["id"], code)
    if handoff is None:
        return [i18n.t(lang, "member_code_unknown", code=code)]
    row = _with_names(db, handoff)
    if handoff["status"] == "taken" and handoff["member_id"] != member["id"]:
        return [i18n.t(lang, "member_taken_by", code=code, name=_name(row),
                       holder=row.get("holder_name") or "")]
    if handoff["status"] == "waiting":
        if not text and not media_url:
            take(db, handoff["id"], member_id=member["id"], now=now)
            return [i18n.t(lang, "member_took", code=code, name=_name(row))]
        return _take_and_relay(db, member, row, text, media_url, now, lang)
    store.focus_handoff(db, handoff["id"], now)
    if text and not media_url and _is_end_word(text):          # "@2 fin": that one ends
        end(db, handoff["id"], by=f"member:{member['id']}", now=now)
        return [i18n.t(lang, "member_handoff_ended", phone=local_format(row["customer_phone"]))]
    if not text and not media_url:
        return [i18n.t(lang, "member_focus", code=code, name=_name(row))]
    return _relay(db, member, row, text, media_url, now, lang)


def _take_and_relay(db, member, handoff, text, media_url, now, lang) -> list[str]:
    if not take(db, handoff["id"], member_id=member["id"], now=now):
        row = _with_names(db, store.get_handoff(db, handoff["id"]) or handoff)
        return [i18n.t(lang, "member_taken_by", code=handoff["code"], name=_name(row),
                       holder=row.get("holder_name") or "")]
    out = [i18n.t(lang, "member_took", code=handoff["code"], name=_name(handoff))]
    return _relay(db, member, handoff, text, media_url, now, lang) + out


def _relay(db, member, handoff, text, media_url, now, lang) -> list[str]:
    done = reply(db, handoff["id"], text, f"member:{member['id']}", now, media_url=media_url,
                 lang=lang)
    return [done["notice"]] if done.get("notice") else []


def _with_names(db, handoff: dict) -> dict:
    rows = store.list_handoffs(db, coop_id=handoff["coop_id"], status=handoff["status"],
                               limit=200)
    return next((r for r in rows if r["id"] == handoff["id"]), handoff)


def _name(handoff: dict) -> str:
    phone = handoff.get("customer_phone")
    return handoff.get("customer_name") or (local_format(phone) if phone else "")


def _list_text(db, coop: dict, lang: str) -> str:
    rows = store.list_handoffs(db, coop_id=coop["id"], status="open", limit=20)
    if not rows:
        return i18n.t(lang, "member_handoff_none")
    lines = []
    for row in sorted(rows, key=lambda r: r["code"]):
        key = "member_handoff_line_waiting" if row["status"] == "waiting" \
            else "member_handoff_line_taken"
        lines.append(i18n.t(lang, key, code=row["code"], name=row.get("customer_name") or "",
                            phone=local_format(row["customer_phone"]),
                            holder=row.get("holder_name") or ""))
    return i18n.t(lang, "member_handoff_list", lines="\n".join(lines))


def handoff_end(coop: dict, now: datetime, minutes: float) -> datetime:
    """When a handoff started ``now`` times out: ``minutes`` of the cooperative's opening
    time (a person had that long to answer), in UTC."""
    return hours.hours_of(coop).after_open_minutes(now, minutes).astimezone(UTC)


def hours_now(coop: dict, now: datetime) -> tuple[bool, datetime | None]:
    """Is a person there now (the cooperative's hours), and if not, when next."""
    opening = hours.hours_of(coop)
    if opening.is_open(now):
        return True, None
    return False, opening.next_opening(now)
