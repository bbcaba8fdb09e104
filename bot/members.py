"""Commands that cooperative members send by replying to the cooperative's number.

A message from a registered member's phone is always a command, never an order.
The words live in ``intents/members.yml`` (Darija in both scripts, French,
English); replies are the ``member_*`` keys of ``locales/``, in the member's
language. Grammar (word order is free, case, accents and typos tolerated)::

    lista | commandes | ليستة | orders          today's open orders, one line each
    1042 | chouf 1042 | voir T-1042            one order in full
    qbel 1042 | ok 1042 | قبل ١٠٤٢             accept (cooperatives with require_approval)
    sift 1042 | expédié 1042 | صيفط 1042       shipped: the parcel left the cooperative
    wslat 1042 | livré 1042 | وصلات 1042       delivered
    lghi 1042 | annuler 1042 | لغي 1042        cancelled
    stock AMLOU-500 0 | rupture AMLOU-500     out of stock (1, kayn, dispo: back in stock)
    salina 0612345678 | fin | سالينا           hand a customer in handoff back to the bot
    anything else, "@2 …", "@2", clients      to a customer waiting for a person (bot/relay/,
                                              called first: see relay.from_member)
    choukran | شكرا | wakha | ok (no number)  a short "thank you", not the help
    3awni | aide | help | مساعدة | anything else   the help text

Order numbers: ``T-1042``, ``t1042``, ``#1042``, ``1042``, ``١٠٤٢``.

Status semantics: *ship* sets ``picked_up`` (the parcel left the cooperative,
handed to the courier or on its way): the courier's own tracking then moves it
on (``in_transit`` …) without going backwards, and the customer gets the
"on its way" notice. *delivered* is allowed from ``confirmed`` on (hand-delivered
parcels never "ship"); *cancel* only before the parcel left
(``statuses.CANCELLABLE``); *accept* only from ``pending_approval``.
A member only ever sees orders of the cooperative they belong to; any other
number is "not found". Every command is written to the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from rapidfuzz import fuzz, process

from . import alerts, i18n, orders, relay, statuses, store
from .nlu import normalise
from .nlu.commands import Command, parse_command
from .phones import local_format
from .privacy import mask_phone

#: Members' "today" (the order list) is Morocco's calendar day.
MOROCCO = ZoneInfo("Africa/Casablanca")

LIST_LIMIT = 10
ORDER_ACTIONS = ("accept", "ship", "delivered", "cancel")


# --------------------------------------------------------------------------
# Execution
# --------------------------------------------------------------------------

@dataclass
class _Ctx:
    db: object
    coop: dict
    member: dict
    lang: str
    actor: str
    now: datetime

    def t(self, key: str, **params) -> str:
        return i18n.t(self.lang, key, **params)

    def status(self, status: str) -> str:
        word = i18n.t(self.lang, f"member_status_{status}")
        return status if word == f"member_status_{status}" else word


def actor_of(member: dict) -> str:
    """Who did it, for the audit trail: name and masked phone."""
    return f"{member.get('name') or 'member'} {mask_phone(member.get('phone'))}".strip()


def handle_command(db, coop: dict, member: dict, text: str, now=None) -> list[str]:
    """Run one member command; return the replies (inside the caller's transaction)."""
    ctx = _Ctx(db=db, coop=coop, member=member, lang=i18n.supported(member.get("language")),
               actor=actor_of(member), now=now or datetime.now(UTC))
    cmd = parse_command(text)
    if cmd.action in ORDER_ACTIONS:
        reply, target, outcome = _order_action(ctx, cmd)
    else:
        handler = HANDLERS.get(cmd.action or "", _help)     # None: not understood
        reply, target, outcome = handler(ctx, cmd)
    store.audit(db, coop["id"], ctx.actor, f"member.{cmd.action or 'unknown'}", target,
                {"text": (text or "")[:200], "outcome": outcome})
    return [reply]


def _thanks(ctx: _Ctx, cmd: Command):
    return ctx.t("member_thanks"), None, "thanks"


def _help(ctx: _Ctx, cmd: Command):
    products = store.list_products(ctx.db, ctx.coop["id"])
    sku = products[0]["sku"] if products else "SKU"
    return ctx.t("member_help", sku=sku), None, "help"


def _find_order(ctx: _Ctx, cmd: Command):
    """The order of the member's own cooperative, or a reply saying why not."""
    if not cmd.number:
        return None, (ctx.t("member_need_number"), None, "need_number")
    order = store.find_order_by_digits(ctx.db, ctx.coop["id"], cmd.number)
    if cmd.prefix and order is not None and not order["number"].upper().startswith(
            cmd.prefix + "-"):
        order = None                   # "T-1042" sent to the cooperative numbering N-…
    if order is None or order["coop_id"] != ctx.coop["id"]:
        return None, (ctx.t("member_not_found", number=cmd.number), cmd.number, "not_found")
    return order, None


def _order_action(ctx: _Ctx, cmd: Command):
    """accept / ship / delivered / cancel one order, if its status allows it."""
    order, refusal = _find_order(ctx, cmd)
    if refusal:
        return refusal
    action = cmd.action
    assert action is not None           # handle_command sends ORDER_ACTIONS only
    rule, status = statuses.MEMBER_ACTIONS[action], order["status"]
    params = {"number": order["number"], "digits": alerts.order_params(order)["digits"],
              "status": ctx.status(status)}
    if status in rule["done"]:
        return ctx.t("member_already", **params), order["number"], f"already:{status}"
    if status not in rule["from"]:
        if status == "pending_approval":
            key = "member_accept_first"
        elif action == "cancel" and status in statuses.ON_THE_WAY:
            key = "member_cancel_too_late"
        else:
            key = "member_cannot"
        return ctx.t(key, **params), order["number"], f"refused:{status}"
    if action == "cancel":
        orders.cancel_order(ctx.db, ctx.coop, order, actor="member")
    else:
        orders.MEMBER_OPERATIONS[action](ctx.db, order, actor=ctx.actor)
    return ctx.t(REPLY[action], **params), order["number"], f"{status}->{rule['to']}"


REPLY = {"accept": "member_accepted", "ship": "member_shipped",
         "delivered": "member_delivered", "cancel": "member_cancelled"}


def today_start(now: datetime) -> str:
    """Midnight in Morocco, as a stored timestamp. Morocco's clock is UTC+1 most of the year
    and UTC+0 during Ramadan, on dates set each year: the IANA zone knows them."""
    local = now.astimezone(MOROCCO)
    midnight = datetime.combine(local.date(), time(0), tzinfo=MOROCCO)
    return midnight.astimezone(UTC).isoformat(timespec="milliseconds")




def _list(ctx: _Ctx, cmd: Command):
    """Today's open orders, one compact line each."""
    orders = store.open_orders(ctx.db, ctx.coop["id"], since=today_start(ctx.now))
    if not orders:
        return ctx.t("member_list_empty"), None, "0"
    lines = [ctx.t("member_list_header", count=len(orders))]
    for order in orders[:LIST_LIMIT]:
        lines.append(ctx.t("member_list_line", number=order["number"],
                           name=alerts.short_name(order.get("customer_name") or "", 16),
                           city=order.get("city") or "", total=i18n.money(order["total"]),
                           status=ctx.status(order["status"])))
    if len(orders) > LIST_LIMIT:
        lines.append(ctx.t("member_list_more", count=len(orders) - LIST_LIMIT))
    return "\n".join(lines), None, str(len(orders))


def _show(ctx: _Ctx, cmd: Command):
    order, refusal = _find_order(ctx, cmd)
    if refusal:
        return refusal
    params = alerts.order_params(order, alerts.short_names(ctx.db, ctx.coop["id"]))
    params["status"] = ctx.status(order["status"])
    return ctx.t("member_order", **params), order["number"], "shown"


def _find_product(products: list[dict], typed: str) -> dict | None:
    """The product a member means by ``typed``: its SKU, its name, or close to either."""
    wanted = normalise(typed)
    for field in ("sku", "name"):
        for product in products:
            if normalise(product[field]) == wanted:
                return product
    choices = {i: normalise(p["sku"]) for i, p in enumerate(products)}
    choices.update({len(products) + i: normalise(p["name"]) for i, p in enumerate(products)})
    best = process.extractOne(wanted, choices, scorer=fuzz.ratio, score_cutoff=85)
    return products[best[2] % len(products)] if best else None


def _stock(ctx: _Ctx, cmd: Command):
    products = store.list_products(ctx.db, ctx.coop["id"])
    example = products[0]["sku"] if products else "SKU"
    if not cmd.sku or cmd.in_stock is None:
        return ctx.t("member_stock_usage", sku=example), cmd.sku, "usage"
    product = _find_product(products, cmd.sku)
    if product is None:
        skus = ", ".join(p["sku"] for p in products[:8])
        return ctx.t("member_stock_unknown", sku=cmd.sku, skus=skus), cmd.sku, "unknown"
    store.set_stock(ctx.db, ctx.coop["id"], product["sku"], cmd.in_stock)
    key = "member_stock_in" if cmd.in_stock else "member_stock_out"
    return (ctx.t(key, sku=product["sku"], name=product["name"]), product["sku"],
            "in" if cmd.in_stock else "out")


def _end_handoff(ctx: _Ctx, cmd: Command):
    """Give a customer in handoff back to the bot (the one named, or the only one waiting)."""
    coop_id = ctx.coop["id"]
    if cmd.phone:
        conv = store.find_conversation(ctx.db, coop_id, cmd.phone)
        if conv is None or conv["state"] != "handoff":
            return (ctx.t("member_handoff_unknown", phone=local_format(cmd.phone)),
                    mask_phone(cmd.phone), "not_waiting")
    else:
        waiting = store.conversations_in_handoff(ctx.db, coop_id)
        if not waiting:
            return ctx.t("member_handoff_none"), None, "none"
        if len(waiting) > 1:
            phones = "\n".join(f"{local_format(w['phone'])} {w.get('name') or ''}".strip()
                               for w in waiting[:LIST_LIMIT])
            return ctx.t("member_handoff_choose", phones=phones), None, "choose"
        conv = store.find_conversation(ctx.db, coop_id, waiting[0]["phone"])
        assert conv is not None         # listed as waiting a line before
    customer = store.get_customer(ctx.db, conv["customer_id"])
    assert customer is not None         # a conversation's customer exists
    phone = customer["phone"]
    by = f"member:{ctx.member['id']}"
    handoff = store.open_handoff_of(ctx.db, conv["id"])
    if handoff is not None:
        relay.end(ctx.db, handoff["id"], by=by, now=ctx.now)
    else:                               # a handoff from before the handoffs table
        relay.give_back(ctx.db, ctx.coop, conv, customer, by=by, now=ctx.now)
    return (ctx.t("member_handoff_ended", phone=local_format(phone)), mask_phone(phone),
            "ended")


HANDLERS = {"list": _list, "show": _show, "stock": _stock, "end_handoff": _end_handoff,
            "help": _help, "thanks": _thanks}
