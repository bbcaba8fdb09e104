"""The operators' team inbox (issue 18): customers waiting for a person, their conversation
with its media and cart, a reply box and take / release / end.

An operator answers through :func:`bot.relay.reply`, the path members' relays take: an outbox
``message.customer`` job prefixed with the cooperative's name, the message stored with the
author ``operator:<name>`` (the name given at login, ``admin`` without one). Replying to a
waiting conversation takes it first, as a member's first reply does; an operator may also
add a word to a conversation a member holds (it stays the member's).

Customers' media are Twilio URLs that need the account's credentials and another origin
than the dashboard's (its CSP allows ``'self'`` only): :func:`inbox_media` fetches one for a
logged-in operator, only a message of the conversation shown, through
:mod:`bot.web.twilio_media` (only Twilio's origin gets the credentials; audio, video and
common images are served inline, the page plays and shows them; anything else is a download).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from ... import relay, store
from .. import twilio_media
from ..db import get_db
from .common import MAX_ID, audit, bp, local, now, t

#: The list's filters: ``open`` is waiting or taken.
FILTERS = ("waiting", "taken", "open", "all")
DEFAULT_FILTER = "open"
LIST_LIMIT = 200
#: A reply: WhatsApp takes 1,600 characters, and the cooperative's name goes first.
MAX_REPLY = 1000
#: The steps a conversation can be at (``step_<state>`` texts).
STEPS = ("start", "ordering", "ask_name", "ask_city", "confirm_city", "confirm_pin_city",
         "ask_address", "confirm", "confirm_cancel", "offer_saved", "keep_cart", "handoff")
#: Why a handoff started (``reason_<reason>`` texts).
REASONS = ("asked", "offer", "media", "unanswered")


# --------------------------------------------------------------------------
# Words: waited time, authors, steps
# --------------------------------------------------------------------------

def waited_text(seconds: float | None) -> str:
    """``14 min``, ``2 h 05``, ``3 j`` in the operator's language."""
    if seconds is None:
        return ""
    minutes = max(0, int(seconds // 60))
    if minutes < 60:
        return t("wait_minutes", n=minutes)
    if minutes < 48 * 60:
        return t("wait_hours", h=minutes // 60, m=f"{minutes % 60:02d}")
    return t("wait_days", n=minutes // (24 * 60))


def _since(iso: str | None, at: datetime) -> float | None:
    when = local(iso)
    return (at - when).total_seconds() if when else None


def badge() -> dict[str, Any]:
    """The navigation's badge: how many wait and for how long the oldest has (one query)."""
    at = now()
    counts = store.handoff_counts(get_db(), at)
    waiting = int(counts.get("waiting") or 0)
    text = ""
    if waiting:
        text = t("inbox_badge", n=waiting, wait=waited_text(_since(counts.get("oldest_since"), at)))
    return {"waiting": waiting, "text": text}


@bp.context_processor
def _inbox_helpers() -> dict:
    return {"inbox_badge": badge}


def _author(message: dict, members: dict[int, str]) -> dict[str, str]:
    """Who wrote a message: its kind (customer, bot, member, operator) and a label."""
    author = message.get("author") or ("customer" if message.get("direction") == "in" else "bot")
    kind, _, who = author.partition(":")
    if kind == "member":
        name = members.get(int(who)) if who.isdigit() else None
        return {"kind": "member", "label": t("author_member", name=name or who)}
    if kind == "operator":
        return {"kind": "operator", "label": t("author_operator", name=who or "admin")}
    if kind == "customer":
        return {"kind": "customer", "label": t("author_customer")}
    return {"kind": "bot", "label": t("author_bot")}


def _media_items(message: dict, handoff_id: int) -> list[dict]:
    """A message's media for the page: ``audio``, ``video``, ``image``, ``file`` (a link
    through :func:`inbox_media`) or ``location`` (a map link)."""
    items = []
    for n, item in enumerate(message.get("media") or []):
        if not isinstance(item, dict):
            continue
        if "latitude" in item and "longitude" in item:
            items.append({"kind": "location", "url": "https://www.openstreetmap.org/?mlat="
                          f"{item['latitude']}&mlon={item['longitude']}#map=17/"
                          f"{item['latitude']}/{item['longitude']}",
                          "label": item.get("label") or item.get("address") or ""})
            continue
        if not item.get("url"):
            continue
        ctype = str(item.get("type") or "").lower()
        kind = ctype.partition("/")[0]
        if twilio_media.shown_type(ctype) is None:     # served as a download: a link
            kind = "file"
        items.append({"kind": kind, "type": ctype,
                      "url": url_for("admin.inbox_media", handoff_id=handoff_id,
                                     message_id=message["id"], n=n)})
    return items


def media_word(ctype: str) -> str:
    """A media message in words, for the list's last message."""
    kind = ctype.partition("/")[0]
    if ctype == "location":
        return t("location")
    return t(f"media_{kind}") if kind in ("audio", "video", "image") else \
        t("media_file", type=ctype or "?")


def step_label(state: str | None) -> str:
    return t(f"step_{state}") if state in STEPS else (state or "—")


# --------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------

def _operator() -> str:
    return session.get("operator") or "admin"


def _handoff_or_404(handoff_id: int) -> dict:
    handoff = store.get_handoff(get_db(), handoff_id)
    if handoff is None:
        abort(404)
    return handoff


@bp.get("/inbox")
def inbox():
    db = get_db()
    show = request.args.get("show") or DEFAULT_FILTER
    if show not in FILTERS:
        abort(400, description=t("inbox_bad_filter", choices=", ".join(FILTERS)))
    coops = store.list_coops(db)
    slug = request.args.get("coop") or ""
    coop = next((c for c in coops if c["slug"] == slug), None)
    if slug and coop is None:
        abort(400, description=t("inbox_bad_coop"))
    at = now()
    rows = store.list_handoffs(db, status=None if show == "all" else show,
                               coop_id=coop["id"] if coop else None, limit=LIST_LIMIT, now=at)
    # Waiting ones first, the one waiting longest at the top; then the others, latest first.
    waiting = sorted((r for r in rows if r["status"] == "waiting"),
                     key=lambda r: (r["started_at"], r["id"]))
    others = sorted((r for r in rows if r["status"] != "waiting"),
                    key=lambda r: (r["started_at"], r["id"]), reverse=True)
    media = store.last_customer_media(db, [r["conversation_id"] for r in rows])
    for row in (*waiting, *others):
        if not row.get("last_message") and row["conversation_id"] in media:
            row["last_message"] = media_word(media[row["conversation_id"]])
        row["waited_text"] = waited_text(row.get("waited") if row.get("waited") is not None
                                         else _since(row["started_at"], at))
    return render_template("admin/inbox.html", rows=[*waiting, *others], show=show,
                           filters=FILTERS, coops=coops, coop=coop)


def _page(handoff: dict, *, error: str | None = None, draft: str = "", status: int = 200):
    db = get_db()
    conv = store.get_conversation(db, handoff["conversation_id"]) or {}
    coop = store.get_coop(db, handoff["coop_id"]) or {}
    customer = store.get_customer(db, handoff["customer_id"]) or {}
    members = {m["id"]: m["name"] for m in store.list_members(db, handoff["coop_id"])}
    messages = []
    for m in store.transcript(db, handoff["conversation_id"]):
        messages.append({**m, "who": _author(m, members),
                         "shown": _media_items(m, handoff["id"])})
    data = conv.get("data") or {}
    products = {p["sku"]: p for p in store.list_products(db, handoff["coop_id"])}
    cart, subtotal = [], 0.0
    for line in data.get("cart") or []:
        product = products.get(line.get("sku"), {})
        price = float(product.get("price") or 0)
        qty = int(line.get("qty") or 0)
        subtotal += price * qty
        cart.append({"sku": line.get("sku"), "name": product.get("name") or line.get("sku"),
                     "qty": qty, "price": price, "total": price * qty})
    state = data.get("resume_state") if conv.get("state") == "handoff" else conv.get("state")
    holder = None
    if handoff.get("member_id"):
        holder = t("author_member", name=members.get(handoff["member_id"]) or "?")
    elif handoff.get("operator"):
        holder = t("author_operator", name=handoff["operator"])
    at = now()
    waited = _since(handoff["started_at"], local(handoff.get("taken_at") or handoff.get("ended_at"))
                    or at)
    return render_template(
        "admin/inbox_conversation.html", handoff=handoff, conv=conv, coop=coop,
        customer=customer, messages=messages, cart=cart, subtotal=subtotal,
        details=data.get("details") or {}, step=step_label(state), holder=holder,
        mine=handoff.get("operator") == _operator() and handoff["status"] == "taken",
        waited=waited_text(waited), error=error, draft=draft, max_reply=MAX_REPLY,
        reason=t(f"reason_{handoff.get('reason')}") if handoff.get("reason") in REASONS
        else handoff.get("reason") or ""), status


@bp.get(f"/inbox/<int(max={MAX_ID}):handoff_id>")
def inbox_conversation(handoff_id: int):
    return _page(_handoff_or_404(handoff_id))


@bp.post(f"/inbox/<int(max={MAX_ID}):handoff_id>/reply")
def inbox_reply(handoff_id: int):
    """Send the operator's words to the customer: a waiting conversation is taken first (as a
    member's first reply takes it); one a member holds stays theirs, the operator's words
    joining theirs (the customer sees both, signed with the cooperative's name)."""
    db = get_db()
    handoff = _handoff_or_404(handoff_id)
    text = (request.form.get("text") or "").strip()
    if not text:
        return _page(handoff, error=t("inbox_reply_empty"), status=400)
    if len(text) > MAX_REPLY:
        return _page(handoff, error=t("inbox_reply_too_long", max=MAX_REPLY, n=len(text)),
                     draft=text, status=400)
    if handoff["status"] == "ended":
        return _page(handoff, error=t("inbox_ended_already"), draft=text, status=409)
    operator, at = _operator(), now()
    with store.transaction(db):
        if handoff["status"] == "waiting":
            relay.take(db, handoff_id, operator=operator, now=at)
        result = relay.reply(db, handoff_id, text, f"operator:{operator}", at)
        audit(db, handoff["coop_id"], "inbox.reply", f"handoff:{handoff_id}",
              {"status": result.get("status"), "chars": len(text)})
    outcome = result.get("status")
    if outcome == "ended":
        return _page(store.get_handoff(db, handoff_id) or handoff,
                     error=t("inbox_ended_already"), draft=text, status=409)
    if outcome == "sent":
        flash(t("inbox_reply_sent"))
    else:
        flash(t("inbox_reply_held" if outcome == "held" else "inbox_reply_refused"), "error")
    return redirect(url_for("admin.inbox_conversation", handoff_id=handoff_id))


#: What the operator is told when an action is done.
DONE = {"take": "inbox_taken", "release": "inbox_released", "end": "inbox_ended"}


@bp.post(f"/inbox/<int(max={MAX_ID}):handoff_id>/<any(take, release, end):action>")
def inbox_action(handoff_id: int, action: str):
    """Take the conversation (an operator holds it), release it (it waits again), or end it
    (the customer is back with the bot at their step, cart kept)."""
    db = get_db()
    operator, at = _operator(), now()
    with store.transaction(db):
        handoff = _handoff_or_404(handoff_id)
        if action == "take":
            done = relay.take(db, handoff_id, operator=operator, now=at)
        elif action == "release":
            done = relay.release(db, handoff_id, at)
        else:
            done = relay.end(db, handoff_id, by=f"operator:{operator}", now=at)
        if done:
            holder = handoff.get("operator") or handoff.get("member_id")
            audit(db, handoff["coop_id"], f"inbox.{action}", f"handoff:{handoff_id}",
                  {"held_by": holder} if holder else None)
            flash(t(DONE[action]))
        elif handoff["status"] == "ended":
            flash(t("inbox_ended_already"), "error")
        else:
            flash(t("inbox_not_taken" if action == "release" else "inbox_held_by_other"),
                  "error")
    return redirect(url_for("admin.inbox_conversation", handoff_id=handoff_id))


# --------------------------------------------------------------------------
# Media, fetched from Twilio for the page
# --------------------------------------------------------------------------

@bp.get(f"/inbox/<int(max={MAX_ID}):handoff_id>/media/<int(max={MAX_ID}):message_id>/"
        "<int(max=9):n>")
def inbox_media(handoff_id: int, message_id: int, n: int):
    """One of a message's media, for the conversation page (audio plays, images show)."""
    handoff = _handoff_or_404(handoff_id)
    found = next((m for m in store.transcript(get_db(), handoff["conversation_id"])
                  if m.get("id") == message_id), None)
    items = (found or {}).get("media") or []
    if n >= len(items) or not isinstance(items[n], dict) or not items[n].get("url"):
        abort(404)
    config = current_app.config
    try:
        upstream = twilio_media.fetch(str(items[n]["url"]), config)
    except twilio_media.MediaError as err:
        if err.status == 404:
            abort(404)
        abort(err.status, description=t("inbox_media_too_large" if err.reason == "too_large"
                                          else "inbox_media_unreachable"))
    return twilio_media.respond(upstream, config, stored_type=str(items[n].get("type") or ""),
                                filename=f"media-{message_id}-{n}")
