"""Alerts to cooperative members: composed here, sent by the outbox worker.

Each alert is rendered in the member's own language (``alert_*`` keys of
``locales/``) and queued as one ``message.member`` job per member, with a
dedupe key, inside the caller's transaction: an order and its alerts are
stored together or not at all, and never twice.

Kinds: ``order`` (``order_pending`` when the order waits for a member's
accept), ``handoff``, ``media``, ``question`` (one the bot passed on mid-order),
``cancelled``, ``refused``, ``returned``, ``forward_failed``. Every order alert
ends with the reply a member can send (``sift 1042``, ``ok 1042``).

A job's payload carries three renderings of the same alert:

* ``text``: for WhatsApp (emojis as signposts);
* ``sms_text``: for SMS, without emojis (basic phones show them as boxes) and,
  for Latin-script languages, folded to the GSM-7 alphabet (« » → ", → → ->,
  × → x, ê → e) so that 160 characters fit in one SMS instead of 70;
* ``template_variables``: the variables of the cooperative's approved WhatsApp
  template, sent outside the 24 h window. The cooperative file may map them::

      whatsapp_template:
        content_sid: HX…
        content_variables: {"1": "{title}", "2": "{body}"}   # the default

  Fields: ``title`` (first line), ``body`` (the other lines on one line),
  ``text`` (all on one line), ``number``, ``digits``, ``total``, ``name``,
  ``phone``, ``city``, ``kind``. WhatsApp refuses newlines in variables, so
  every value is on one line.
"""

from __future__ import annotations

from . import i18n, store
from .geo import map_link
from .phones import local_format
from .sms import SPACES, sms_text

#: Product names longer than this wrap over two lines in alerts (never cut: the size is
#: at the end of the name). A catalog's ``short_name`` is used first.
SHORT_NAME = 28
DEFAULT_TEMPLATE_VARIABLES = {"1": "{title}", "2": "{body}"}
TEMPLATE_VARIABLE_MAX = 900
#: A customer's words quoted in an alert are cut after this many characters.
QUOTE_CHARS = 120


def _digits(number: str) -> str:
    return number.rsplit("-", 1)[-1]


def short_name(name: str, limit: int = SHORT_NAME) -> str:
    name = (name or "").strip()
    return name if len(name) <= limit else name[:limit - 1].rstrip() + "…"


def _wrap(name: str, limit: int = SHORT_NAME) -> str:
    """A long product name over two lines (at a space); never cut."""
    name = " ".join((name or "").split())
    cut = name.rfind(" ", 0, limit + 1) if len(name) > limit else -1
    return name if cut <= 0 else f"{name[:cut]}\n{name[cut + 1:]}"


def _lines(order: dict, short_names: dict | None = None) -> str:
    names = short_names or {}
    return "\n".join(f"{line['quantity']} × {_wrap(names.get(line.get('sku')) or line['name'])}"
                     for line in order.get("lines", []))


def short_names(db, coop_id: int, skus: list | None = None) -> dict:
    """``{sku: short_name}`` of the products of the catalog that have one (of ``skus`` only,
    when given: an order's alert needs its own lines', not the whole catalog read)."""
    return store.short_names(db, coop_id, skus)


def _where(order: dict) -> str:
    address = order.get("address") or ""
    if order.get("latitude") is not None and order.get("longitude") is not None:
        link = map_link(order["latitude"], order["longitude"])
        address = f"{address} {link}".strip() if link not in address else address
    where = f"{order.get('city') or ''}, {address}".strip(", ")
    return f"{where}\n🗓 {order['when']}" if order.get("when") else where   # the day asked


def order_params(order: dict, short_names: dict | None = None) -> dict:
    """The placeholders an order fills in alerts and member replies."""
    return {
        "number": order["number"], "digits": _digits(order["number"]),
        "lines": _lines(order, short_names), "total": i18n.money(order["total"]),
        "name": order.get("customer_name") or "",
        "phone": local_format(order["phone"]) if order.get("phone") else "",
        "city": order.get("city") or "", "where": _where(order),
    }


def render(kind: str, lang: str, **params) -> str:
    """The alert text of ``kind`` in ``lang``."""
    order = params.get("order")
    if order:
        fields = params.pop("order_fields", None) or order_params(order, params.get("short_names"))
        for key, value in fields.items():
            params.setdefault(key, value)
        if kind == "order" and order.get("status") == "pending_approval":
            kind = "order_pending"
    customer = params.get("customer")
    if customer:
        params.setdefault("name", customer.get("name") or "")
        params.setdefault("phone", customer.get("phone") or "")
    if str(params.get("phone") or "").startswith("+"):
        params["phone"] = local_format(params["phone"])       # what members dial and type
    if "messages" in params:
        said = [f"« {m[:QUOTE_CHARS]} »" for m in _distinct(params["messages"])[-3:]]
        said += [f"📎 {i18n.t(lang, f'media_{kind}_word')}"
                 for kind in params.get("media_kinds") or []]
        params["messages"] = "\n".join(said)
    if kind == "handoff" and not params.get("cart"):
        params["cart"] = i18n.t(lang, "alert_cart_empty")
    if kind == "question":
        params["text"] = " ".join(str(params.get("text") or "").split())[:QUOTE_CHARS]
    if "media" in params:
        params["media"] = i18n.t(lang, f"media_{params['media']}_word")
    text = i18n.t(lang, f"alert_{kind}", **params)
    return "\n".join(SPACES.sub(" ", line).strip(" ,،") for line in text.split("\n"))


def _distinct(messages: list) -> list[str]:
    """Non-empty messages without repeats in a row (the last one is often passed twice)."""
    out: list[str] = []
    for m in messages:
        if m and (not out or out[-1] != m):
            out.append(m)
    return out


def _one_line(text: str) -> str:
    return " · ".join(line.strip() for line in text.split("\n") if line.strip())


def template_variables(coop: dict, kind: str, text: str, params: dict) -> dict:
    """The approved WhatsApp template's variables for this alert (all on one line)."""
    title, _, rest = text.partition("\n")
    fields = {"title": title.strip(), "body": _one_line(rest) or title.strip(),
              "text": _one_line(text), "kind": kind}
    order = params.get("order")
    if order:
        order_fields = params.get("order_fields") or order_params(order)
        fields.update({k: v for k, v in order_fields.items() if k != "lines"})
    template = (coop.get("settings") or {}).get("whatsapp_template") or {}
    wanted = template.get("content_variables") or template.get("variables") \
        or DEFAULT_TEMPLATE_VARIABLES
    out = {}
    for slot, pattern in wanted.items():
        value = str(pattern).format_map(i18n.Blank(fields))
        out[str(slot)] = _one_line(value)[:TEMPLATE_VARIABLE_MAX] or "-"
    return out


def alert_members(db, coop: dict, kind: str, key: str, **params) -> int:
    """Queue the ``kind`` alert to every member of ``coop``; return how many were queued."""
    queued = 0
    if params.get("order"):
        params.setdefault("short_names", short_names(
            db, coop["id"], [line.get("sku") for line in params["order"].get("lines", [])]))
        # read once for every member's text and template (four times per order before)
        params["order_fields"] = order_params(params["order"], params["short_names"])
    for member in store.list_members(db, coop["id"]):
        text = render(kind, member.get("language") or "fr", **params)
        queued += store.enqueue(db, "message.member", {
            "coop_id": coop["id"], "member_id": member["id"], "phone": member["phone"],
            "kind": kind, "text": text, "sms_text": sms_text(text),
            "template_variables": template_variables(coop, kind, text, params),
        }, dedupe_key=f"alert:{key}:{member['id']}")
    return queued
