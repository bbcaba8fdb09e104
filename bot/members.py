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
    choukran | شكرا | wakha | ok (no number)  a short "thank you", not the help
    3awni | aide | help | مساعدة | anything else   the help text

Order numbers: ``T-1042``, ``t1042``, ``#1042``, ``1042``, ``١٠٤٢``.

Status semantics: *ship* sets ``picked_up`` (the parcel left the cooperative,
handed to the courier or on its way): the courier's own tracking then moves it
on (``in_transit`` …) without going backwards, and the customer gets the
"on its way" notice. *delivered* is allowed from ``confirmed`` on (hand-delivered
parcels never "ship"); *cancel* only before the parcel left
(``store.CANCELLABLE_STATUSES``); *accept* only from ``pending_approval``.
A member only ever sees orders of the cooperative they belong to; any other
number is "not found". Every command is written to the audit trail.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import datetime, time, timezone
from zoneinfo import ZoneInfo

from rapidfuzz import fuzz, process

from . import alerts, datafiles, i18n, statuses, store
from .nlu import normalise
from .phones import PhoneError, address_for, local_format, to_e164
from .privacy import mask_phone

#: Members' "today" (the order list) is Morocco's calendar day.
MOROCCO = ZoneInfo("Africa/Casablanca")

INTENTS_FILE = datafiles.intents_path("members.yml")
LIST_LIMIT = 10
ORDER_ACTIONS = ("accept", "ship", "delivered", "cancel")
_PHONE_RE = re.compile(r"(?:\+|00)?\d(?:[\s.\-]?\d){8,13}")
_WORD_RE = re.compile(r"[^\W\d_]")

TRANSITIONS = statuses.MEMBER_ACTIONS  # removed in step F
ON_THE_WAY = statuses.ON_THE_WAY  # removed in step F


def _service():
    from . import service        # service imports this module: import it late
    return service


# --------------------------------------------------------------------------
# Parsing (pure)
# --------------------------------------------------------------------------

@dataclass
class Command:
    """What a member asked: ``action`` is None when nothing was understood."""

    action: str | None
    number: str | None = None          # the order number's digits, e.g. "1042"
    sku: str | None = None             # as typed, e.g. "AMLOU-500"
    in_stock: bool | None = None
    phone: str | None = None           # E.164
    prefix: str | None = None          # the letters typed before the digits ("T" in T-1042)


_LATIN_RE = re.compile(r"[a-z]")
_DOUBLED_RE = re.compile(r"([^\d])\1+")


def lookup_key(token: str) -> str:
    """A coarse spelling key: doubled letters, ou/u, y/i, sh/ch, 7/h, 5/kh, 9/q meet."""
    if _LATIN_RE.search(token):
        token = (token.replace("sh", "ch").replace("ou", "u").replace("y", "i")
                 .replace("7", "h").replace("5", "kh").replace("9", "q"))
    return _DOUBLED_RE.sub(r"\1", token)


def _keys(text: str) -> tuple[str, ...]:
    """Lookup keys of a word or phrase (folded like messages, then spelling-coarsened)."""
    return tuple(lookup_key(t) for t in normalise(str(text)).split() if t != ",")


@dataclass(frozen=True)
class _Grammar:
    phrases: dict           # keys tuple -> action
    words: dict             # single key -> action, for fuzzy matching
    ignore: frozenset       # keys never matched by typo
    values: dict            # keys tuple -> True/False (stock in/out)
    acks: frozenset         # keys tuples that alone only acknowledge ("wakha", "ok")
    longest: int
    threshold: float
    min_length: int
    number_re: re.Pattern


@functools.lru_cache(maxsize=1)
def grammar() -> _Grammar:
    """The command words of ``intents/members.yml``, folded once."""
    data = datafiles.safe_load(INTENTS_FILE.read_text(encoding="utf-8"))
    phrases: dict = {}
    for action, by_lang in data["actions"].items():
        for forms in by_lang.values():
            for form in forms:
                key = _keys(form)
                if key:
                    phrases.setdefault(key, action)
    values = {}
    for value, forms in (("in", True), ("out", False)):
        for form in data["stock_values"][value]:
            values[_keys(form)] = forms
    fuzzy, number = data.get("fuzzy", {}), data.get("number", {})
    lo, hi = int(number.get("min_digits", 3)), int(number.get("max_digits", 7))
    return _Grammar(
        phrases=phrases, values=values,
        acks=frozenset(_keys(w) for w in data.get("acknowledge", [])),
        words={k[0]: a for k, a in phrases.items()
               if len(k) == 1 and len(k[0]) >= int(fuzzy.get("min_length", 5))},
        ignore=frozenset(k for w in fuzzy.get("ignore", []) for k in _keys(w)), longest=max(len(k) for k in phrases),
        threshold=float(fuzzy.get("threshold", 82)), min_length=int(fuzzy.get("min_length", 5)),
        number_re=re.compile(rf"^[a-z]{{0,3}}(\d{{{lo},{hi}}})$"))


def _find_phone(text: str) -> tuple[str | None, str]:
    """A phone number in ``text`` (E.164) and the text without it."""
    for match in _PHONE_RE.finditer(text):
        try:
            phone = to_e164(re.sub(r"[\s.\-]", "", match.group(0)))
        except PhoneError:
            continue
        return phone, text[:match.start()] + " " + text[match.end():]
    return None, text


def _flat(raw_tokens: list[str]) -> list[tuple[str, int]]:
    """Every lookup key of the message with the index of the raw token it came from."""
    return [(key, i) for i, raw in enumerate(raw_tokens) for key in _keys(raw)]


def _match_action(flat: list[tuple[str, int]], g: _Grammar) -> tuple[str | None, set[int]]:
    """The first command phrase (longest at its place), else the first close typo."""
    keys = [k for k, _ in flat]
    for start in range(len(keys)):
        for size in range(min(g.longest, len(keys) - start), 0, -1):
            action = g.phrases.get(tuple(keys[start:start + size]))
            if action:
                return action, {i for _, i in flat[start:start + size]}
    for key, index in flat:
        if len(key) < g.min_length or key in g.ignore or not _WORD_RE.search(key) \
                or g.number_re.match(key):
            continue
        best = process.extractOne(key, list(g.words), scorer=fuzz.ratio,
                                  score_cutoff=g.threshold)
        if best:
            return g.words[best[0]], {index}
    return None, set()


def _match_value(raw_tokens: list[str], skip: set[int], g: _Grammar):
    """The last in/out stock word (whole tokens only, so ``ARGAN-1L`` is no "1")."""
    found, used = None, set()
    for start in range(len(raw_tokens)):
        for size in (3, 2, 1):
            span = set(range(start, start + size))
            if start + size > len(raw_tokens) or span & skip:
                continue
            key = tuple(k for i in sorted(span) for k in _keys(raw_tokens[i]))
            if key in g.values:
                found, used = g.values[key], span
                break
    return found, used


def parse_command(text: str) -> Command:
    """Read one member message (pure: no database)."""
    g = grammar()
    phone, rest = _find_phone(text or "")
    raw_tokens = rest.split()
    flat = _flat(raw_tokens)
    action, action_tokens = _match_action(flat, g)
    number = next((m.group(1) for k, _ in flat if (m := g.number_re.match(k))), None)
    if number is None and phone is None and tuple(k for k, _ in flat) in g.acks:
        action = "thanks"                # "wakha", "ok", 👍 alone: a courtesy, not a command
    if action in ("stock", "stock_in", "stock_out"):
        value, value_tokens = _match_value(raw_tokens, action_tokens, g)
        if action != "stock":
            value = action == "stock_in"
        sku = " ".join(t for i, t in enumerate(raw_tokens)
                       if i not in action_tokens and i not in value_tokens).strip(" ,.:")
        return Command("stock", sku=sku or None, in_stock=value)
    if action in ("list", "end_handoff") and number and not phone:
        action = "show"             # "commande 1042", "fin 1042" (= where is 1042?)
    if action is None and number:
        action = "show"
    prefix = None
    if number:
        typed = re.search(rf"(?<![A-Za-z])([A-Za-z]{{1,3}})[-#]?{number}\b", rest)
        prefix = typed.group(1).upper() if typed else None
    return Command(action, number=number, phone=phone, prefix=prefix)


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
               actor=actor_of(member), now=now or datetime.now(timezone.utc))
    cmd = parse_command(text)
    if cmd.action in ORDER_ACTIONS:
        reply, target, outcome = _order_action(ctx, cmd)
    else:
        handler = HANDLERS.get(cmd.action, _help)
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
    rule, status = TRANSITIONS[cmd.action], order["status"]
    params = {"number": order["number"], "digits": alerts.order_params(order)["digits"],
              "status": ctx.status(status)}
    if status in rule["done"]:
        return ctx.t("member_already", **params), order["number"], f"already:{status}"
    if status not in rule["from"]:
        if status == "pending_approval":
            key = "member_accept_first"
        elif cmd.action == "cancel" and status in ON_THE_WAY:
            key = "member_cancel_too_late"
        else:
            key = "member_cannot"
        return ctx.t(key, **params), order["number"], f"refused:{status}"
    APPLY[cmd.action](ctx, order)
    return ctx.t(REPLY[cmd.action], **params), order["number"], f"{status}->{rule['to']}"


def _accept(ctx: _Ctx, order: dict) -> None:
    service = _service()
    store.set_order_status(ctx.db, order["id"], "confirmed", source="member", actor=ctx.actor)
    order = store.get_order(ctx.db, order["id"])
    service.enqueue_forward(ctx.db, order)
    service.notify_customer(ctx.db, order, "notify_accepted")


def _ship(ctx: _Ctx, order: dict) -> None:
    store.set_order_status(ctx.db, order["id"], "picked_up", source="member", actor=ctx.actor)
    order = store.get_order(ctx.db, order["id"])
    key = "notify_picked_up" if order.get("tracking") else "notify_shipped"
    _service().notify_customer(ctx.db, order, key)


def _delivered(ctx: _Ctx, order: dict) -> None:
    store.set_order_status(ctx.db, order["id"], "delivered", source="member", actor=ctx.actor)
    _service().notify_customer(ctx.db, store.get_order(ctx.db, order["id"]), "notify_delivered")


def _cancel(ctx: _Ctx, order: dict) -> None:
    _service().cancel_order(ctx.db, ctx.coop, order, actor="member")


APPLY = {"accept": _accept, "ship": _ship, "delivered": _delivered, "cancel": _cancel}
REPLY = {"accept": "member_accepted", "ship": "member_shipped",
         "delivered": "member_delivered", "cancel": "member_cancelled"}


def _today_start(now: datetime) -> str:
    """Midnight in Morocco, as a stored timestamp. Morocco's clock is UTC+1 most of the year
    and UTC+0 during Ramadan, on dates set each year: the IANA zone knows them."""
    local = now.astimezone(MOROCCO)
    midnight = datetime.combine(local.date(), time(0), tzinfo=MOROCCO)
    return midnight.astimezone(timezone.utc).isoformat(timespec="milliseconds")


def _list(ctx: _Ctx, cmd: Command):
    """Today's open orders, one compact line each."""
    orders = store.open_orders(ctx.db, ctx.coop["id"], since=_today_start(ctx.now))
    if not orders:
        return ctx.t("member_list_empty"), None, "0"
    lines = [ctx.t("member_list_header", count=len(orders))]
    for order in orders[:LIST_LIMIT]:
        lines.append(ctx.t("member_list_line", number=order["number"],
                           name=alerts._short(order.get("customer_name") or "", 16),
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
    phone = store.get_customer(ctx.db, conv["customer_id"])["phone"]
    _resume(ctx, conv, phone)
    return (ctx.t("member_handoff_ended", phone=local_format(phone)), mask_phone(phone),
            "ended")


def _resume(ctx: _Ctx, conv: dict, phone: str) -> None:
    """Put the conversation back where it was and tell the customer the bot is back."""
    data = dict(conv.get("data") or {})
    state = data.pop("resume_state", None) or "start"
    store.save_conversation(ctx.db, conv["id"], state=state, data=data, lang=conv.get("lang"),
                            channel=conv.get("channel"), handoff_until=None)
    channel = conv.get("channel") or "whatsapp"
    sender = ctx.coop.get("whatsapp_from") if channel == "whatsapp" else ctx.coop.get("sms_from")
    if not sender:
        return
    store.enqueue(ctx.db, "message.customer", {
        "conversation_id": conv["id"], "coop_id": ctx.coop["id"],
        "from": address_for(channel, sender), "to": address_for(channel, phone),
        "body": i18n.t(conv.get("lang"), "handoff_ended"),
    }, dedupe_key=f"handoff_ended:{conv['id']}:{conv.get('updated_at')}")


HANDLERS = {"list": _list, "show": _show, "stock": _stock, "end_handoff": _end_handoff,
            "help": _help, "thanks": _thanks}
