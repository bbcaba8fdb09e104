"""Side questions (price, delivery, availability, status, cancel), catalog paging and the
reprompt; the handoff is in ``handoffs``, pre-sale answers in ``presale``.
"""

from __future__ import annotations

import dataclasses
import functools

from .. import datafiles, geo, i18n, nlu, statuses
from ..nlu import details as nlu_details
from ..phones import local_format
from ..sms import is_gsm7, sms_segments, sms_text
from .basket import context_family, product_group, set_line
from .cart import ask_queue_head, offer_instead, show_cart
from .checkout import missing_details, next_detail
from .choices import by_unit_word, options_sized_as_said, said_option, sizes_of
from .model import MAX_QTY, PAGING_FILE, SMS_PAGE_SEGMENTS, QtyQuestion, Turn, has_order_content
from .parts import match_city


def reprompt(turn: Turn) -> None:
    """Ask again what the current state waits for (after a side question)."""
    state = turn.state
    if turn.data["queue"]:
        ask_queue_head(turn)
    elif state in ("ask_name", "ask_city") or (state == "ask_address"
                                               and len(missing_details(turn)) > 1):
        next_detail(turn)                       # everything still missing, in one question
    elif state == "confirm_city":
        turn.say("confirm_city", city=turn.data.get("city_guess", {}).get("name", ""))
    elif state == "ask_address":
        turn.say("ask_address")
    elif state == "confirm":
        turn.say("confirm_prompt")
    elif state == "offer_saved":
        turn.say("offer_saved_prompt")
    elif state == "confirm_cancel":
        turn.say("confirm_cancel_prompt")


# --------------------------------------------------------------------------
# Side questions
# --------------------------------------------------------------------------



def cancel(turn: Turn) -> None:
    if turn.data["cart"] or turn.data["queue"]:
        if turn.data["cart"]:       # for a change of mind right after (see ``dispatch``)
            turn.data["cleared"] = {"cart": turn.data["cart"], "details": turn.data["details"],
                                    "state": turn.state}
        turn.data.update({"cart": [], "queue": [], "details": {}})
        turn.state = "start"
        turn.say("cart_cleared")
        return
    order = turn.ctx.latest_order()
    if order is None:
        turn.say("nothing_to_cancel")
        return
    if statuses.can_cancel(order["status"]):
        turn.data["cancel_order_id"] = order["id"]
        turn.state = "confirm_cancel"
        turn.say("confirm_cancel", number=order["number"])
        return
    if order["status"] in statuses.ENDINGS:
        turn.say("nothing_to_cancel")
        return
    contact = turn.ctx.coop.get("settings", {}).get("contact_phone") or ""
    if contact:
        turn.say("cannot_cancel", number=order["number"], phone=local_format(contact))
    else:                                   # no phone in the cooperative's file: this chat
        turn.say("cannot_cancel_here", number=order["number"])


def takes_back_the_order(turn: Turn) -> bool:
    """"annuler lamlou", "remove the honey" with nothing in the basket, the order placed: the
    products taken out are those of the customer's open order, so that order is what they
    take back (cancelled once they say yes); never "your basket is empty"."""
    p = turn.p
    if turn.data["cart"] or turn.data["queue"] or not p.removed or p.items or p.ambiguous:
        return False
    order = turn.ctx.latest_order()
    if not order or not statuses.can_cancel(order["status"]):
        return False
    ordered = {line["sku"] for line in order.get("lines") or []}
    named = [{r.sku} if isinstance(r, nlu.Item) else set(r.candidates) for r in p.removed]
    return bool(ordered) and all(n & ordered for n in named) and ordered <= set().union(*named)


def about_the_placed_order(turn: Turn) -> bool:
    """Right after an order was placed, with nothing in the basket: "bghit zada 1 amlou",
    "add 2 amlou" (more) are a new order, and the customer is told so (they thought the parcel
    would grow); "je me suis trompé, je voulais 2 ghassoul" (a correction) and "bghit nbeddel
    lcommande" (change it) ask whether to cancel the placed one — the products said go in a
    new basket either way (they started a second order silently: two parcels). True when the
    message waits for that answer."""
    p, text = turn.p, turn.event.text
    if turn.state != "start" or turn.data["cart"] or turn.data["queue"] or p.removed \
            or turn.replayed:
        return False
    content = bool(p.items or p.ambiguous)
    more = content and nlu_details.says(text, "more")
    change = not more and ((content and nlu_details.says(text, "correction"))
                           or (not content and nlu_details.says(text, "change_order")))
    if not (more or change):
        return False
    order = turn.ctx.latest_order()
    if not (order and order.get("number") and statuses.can_cancel(order["status"])):
        return False
    if more:
        turn.say("new_order_after_placed", number=order["number"])
        return False
    turn.data["cancel_order_id"] = order["id"]
    if content:
        turn.data["held"] = {"text": text, "location": None, "media": None,   # (kept: a
                             "redo": _corrects_its_lines(turn, order), "or_new": True}  # new
        #                                                               basket, as before)
    turn.state = "confirm_cancel"
    turn.say("replace_order" if content else "change_placed_order", number=order["number"])
    return True


def _corrects_its_lines(turn: Turn, order: dict) -> bool:
    """A correction naming only products of the placed order, in one of its sizes or another
    ("hold on, make it 3 amlou", "stenna, bghit 3 amlou machi 2" of 2 amlou and 1 honey):
    a change of that order, made again with it (see :func:`order_again`); it was a new
    basket of the amlou alone, "which amlou?" asked and the honey lost. A product the order
    does not have ("je voulais 2 ghassoul" of an amlou) is a new basket, as before."""
    ordered = {line["sku"] for line in order.get("lines") or [] if turn.product(line["sku"])}
    if not ordered:
        return False
    family = {sku for line in ordered for sku in sizes_of(turn, line)}
    named = [{i.sku} for i in turn.p.items] + [set(a.candidates) for a in turn.p.ambiguous]
    return all(n & family for n in named)


def changes_the_placed_order(turn: Turn) -> bool:
    """Right after an order was placed, with nothing in the basket: a product of it taken out
    while others stay ("actually cancel the honey only") or a delivery detail of it changed
    ("I need to change the address, it's rue 9 n 3 Narjiss", "wrong city, it's Salé"). "Your
    cart is empty" or "What would you like to order?" was all the answer, and the parcel
    left as it was. Asked whether to cancel it, the yes makes it again with the change (see
    :func:`order_again`); True when the message waits for that answer."""
    p, text = turn.p, turn.event.text
    if turn.state != "start" or turn.data["cart"] or turn.data["queue"] or turn.replayed \
            or p.items or p.ambiguous:
        return False
    order = turn.ctx.latest_order()
    if not (order and order.get("number") and statuses.can_cancel(order["status"])):
        return False
    ordered = {line["sku"] for line in order.get("lines") or []}
    if p.removed:
        named = [{r.sku} if isinstance(r, nlu.Item) else set(r.candidates) for r in p.removed]
        if not all(n & ordered for n in named) or ordered <= set().union(*named):
            return False                # (all of it: the order taken back, as it is)
    else:
        said = nlu.parse(text, turn.ctx.index) if turn.volunteered else p  # (the name read
        #                                                    out: "the name should be …")
        corrects = nlu_details.says(text, "correction")
        counted = corrects and len(ordered) == 1 and (said.number is not None or any(
            nlu.numbers.parse_number(t) for t in nlu.textnorm.tokens(text)))   # "sorry, I
        #                                                           meant 2 of them"
        # a detail named only with a word of change ("change the address", "wrong city",
        # "oops"), never "my name is Sara, I'm in Rabat" from a customer coming back
        changing = corrects or said.intent == "deny" or nlu_details.never_a_name(text) or any(
            nlu.textnorm.lookup_key(t) in nlu.lexicon.LEXICON.replace_keys
            for t in nlu.textnorm.tokens(text))
        if not (counted or (changing and (said.field or (turn.found and turn.found.address)))) \
                or said.intent in ("cancel", "human", "status", "help", "catalog", "price"):
            return False
    turn.data["cancel_order_id"] = order["id"]
    turn.data["held"] = {"text": text, "location": None, "media": None, "redo": True}
    turn.state = "confirm_cancel"
    turn.say("replace_order", number=order["number"])
    return True


def order_again(turn: Turn) -> None:
    """The order just cancelled to be changed, back in the basket with its delivery details,
    at its summary: the change said with the cancel is read there."""
    order = turn.ctx.latest_order() or {}
    for line in order.get("lines") or []:
        if turn.product(line["sku"]) and turn.item(line["sku"])["in_stock"]:
            set_line(turn, line["sku"], int(line["quantity"]), add=False)
    details = turn.data["details"]
    for key, column in (("name", "customer_name"), ("address", "address"),
                        ("latitude", "latitude"), ("longitude", "longitude")):
        if order.get(column) not in (None, ""):
            details[key] = order[column]
    match = match_city(turn, order.get("city") or "")
    if match and match.get("served") is not False:
        details["city"], details["city_id"] = match["name"], match.get("id")
    turn.state = "confirm"


def reorder(turn: Turn) -> bool:
    """"nfs lcommande li fatt", "same as last time": the last order's lines back in the basket
    (those still sold), shown, and on to the delivery details; True when the message asked
    for it."""
    p = turn.p
    if turn.state not in ("start", "ordering") or p.items or p.ambiguous or p.removed \
            or not nlu_details.says(turn.event.text, "again"):
        return False                    # ("time" of "same as last time" is no product)
    order = turn.ctx.latest_order()
    if not order or not order.get("lines"):
        turn.say("no_orders")
        if turn.data["cart"] or turn.data["queue"]:
            reprompt(turn)
        else:
            turn.say("ask_what")
        return True
    gone = []
    for line in order["lines"]:
        sku = line["sku"]
        if turn.product(sku) and turn.item(sku)["in_stock"]:
            set_line(turn, sku, int(line["quantity"]), add=False)
        else:
            gone.append(turn.label(sku) if turn.product(sku) else line.get("name") or sku)
    if gone:
        turn.say("reorder_gone", products=", ".join(gone))
    turn.state = "ordering"
    show_cart(turn, ask_more=True)
    return True


def status(turn: Turn) -> None:
    order = turn.ctx.latest_order()
    if order is None and turn.data["cart"]:
        # "je veux finaliser ma commande", "where is my order?" before it was placed: the
        # basket is kept, and the step that places it goes on (it said "no order yet")
        turn.say("order_not_placed")
        if turn.data["queue"] or turn.state not in ("start", "ordering"):
            reprompt(turn)
        else:
            show_cart(turn, ask_more=True)
        return
    if order is None:
        turn.say("no_orders")
        return
    turn.say("status", number=order["number"],
             status=i18n.t(turn.lang, f"status_{order['status']}"),
             tracking=order.get("tracking") or "")
    reprompt(turn)


def mentioned_skus(p) -> list[str]:
    """Every product a message names: resolved lines, then each candidate of vague mentions."""
    skus = [i.sku for i in p.items]
    for amb in p.ambiguous:
        skus.extend(s for s in amb.candidates if s not in skus)
    return skus


def _count_asked(turn: Turn, sku: str) -> int | None:
    """The count a price question said for its one product ("3 bidons … ch7al?"), if any:
    two or more (one is only "the" or a size: "ch7al dyal nss kilo?", "the gift box")."""
    said = next((i.quantity for i in turn.p.asked_counts if i.sku == sku), None)
    return said if said and 1 < said <= MAX_QTY else None


def _say_prices(turn: Turn, skus: list[str]) -> None:
    lines = []
    for n, sku in enumerate(skus, start=1):
        prod = turn.item(sku)
        note = "" if prod["in_stock"] else " " + i18n.t(turn.lang, "sold_out_tag")
        mark = f"{n}." if len(skus) > 1 else "•"
        lines.append(f"{mark} {prod['name']} — {i18n.money(prod['price'])}{note}")
    turn.say("prices", lines="\n".join(lines))


def price_then_order(turn: Turn) -> bool:
    """"how much is the thyme honey 500g? I want 2 of them and 1 amlou 250g": the prices of
    what it names, then its order lines read as an order (``turn.p`` becomes that order; the
    caller applies it). False, nothing said, when the message orders nothing after its
    question or the conversation is past ordering."""
    p = turn.p
    if not p.orders_too or turn.state not in ("start", "ordering"):
        return False
    listed = {s for a in p.asked_ambiguous for s in a.candidates}    # "which one?" prices them
    skus = [s for s in mentioned_skus(p) if turn.product(s) and s not in listed]
    if skus:
        _say_prices(turn, skus)
    turn.parse = dataclasses.replace(p, intent="order", items=p.asked_counts,
                                     ambiguous=p.asked_ambiguous, asked_counts=(),
                                     asked_ambiguous=(), orders_too=False)
    return True


# A size asked about with no product ("ch7al 5g?"): its rows priced when this few share it,
# the catalog when more ("ch7al lkilo?" in a honey shop)
_SIZED_ALONE_MAX = 3


def price(turn: Turn, named: list[str] | None = None) -> None:
    p = turn.p
    skus = named or _the_size_said(turn, mentioned_skus(p))
    if not skus and not p.unknown_products:
        skus = context_family(turn)            # "ch7al lkilo w ch7al nss?" about its sizes
        head = turn.data["queue"][0] if turn.data["queue"] else None
        if not skus and head and head["type"] == "choice":
            skus = [s for s in head["candidates"] if turn.product(s)]   # "which one?"
        elif not skus and head and head["type"] == "qty" and head.get("soft") \
                and turn.product(head["sku"]):
            skus = [head["sku"]]               # "how many?" after its price — "ch7al?"
        if not skus and not p.unknown_products:
            # "how much is the big one?", "ch7al lkilo?" after 2 × the 500 g: that product's
            # sizes, when the message picks one of them (it listed the whole catalog)
            family = _sizes_of_the_last_line(turn)
            skus = family if family and said_option(turn, family) else []
        listed = [s for s in turn.data.get("last_list") or [] if turn.product(s)]
        if not skus and listed and len(listed) < sum(p["in_stock"] for p in turn.ctx.products):
            skus = listed           # "yes, we have: 1. … 2. …" — "bch7al?": those, not all
        if not skus and not p.unknown_products:   # "ch7al 5g?", "combien le 5g ?": the
            sized = options_sized_as_said(          # rows of that size, when few share it
                turn, [q["sku"] for q in turn.ctx.products if q["in_stock"]])
            skus = sized if len(sized) <= _SIZED_ALONE_MAX else []
        one = said_option(turn, skus) if len(skus) > 1 else None
        if one:                     # "how much is the 30ml?" of the two listed: that one
            # ("how much for the litre?": how many of it, offered; "ok 3tini nss kilo"
            # after "chhal kilo" is another size, and the kilo's question goes)
            _priced_is_asked(turn, one, soft=by_unit_word(turn, skus) == one)
            skus = [one]
        elif len(skus) > 1:
            skus = _narrowed_by_size(turn, skus)
    in_cart = False
    last = turn.data.get("last_sku")
    if not skus and not p.unknown_products and last and any(
            line["sku"] == last for line in turn.data["cart"]) \
            and nlu_details.says(turn.event.text, "it"):
        skus, in_cart = [last], True           # "how much is it?" of the line just added
    if not skus:
        if p.unknown_products:
            turn.say("not_sold", product=", ".join(p.unknown_products))
        return catalog(turn)
    if len(skus) == 1 and not in_cart and not turn.item(skus[0])["in_stock"]:
        # "how much for the 500g orange blossom honey?" (sold out): its sizes in stock too,
        # so that "and the 1kg?" or "the 1kg then" has them (it was "I don't know")
        group = product_group(turn, skus[0])
        skus += [q["sku"] for q in turn.ctx.products if q["in_stock"]
                 and q["sku"] != skus[0] and product_group(turn, q["sku"]) == group]
    _say_prices(turn, skus)
    available = [s for s in skus if turn.item(s)["in_stock"]]
    queue = turn.data["queue"]
    if queue and queue[0]["type"] == "choice" and list(queue[0]["candidates"]) == skus:
        turn.say("ask_which_after_price")       # the options just priced: not listed twice
    elif queue and queue[0]["type"] == "qty" and queue[0].get("soft") \
            and [queue[0]["sku"]] == skus:
        turn.say("ask_order_after_price")       # priced again: how many, still
    elif (len(skus) == 1 and available and len(queue) == 1 and queue[0]["type"] == "qty"
          and queue[0].get("soft") and queue[0]["sku"] != skus[0] and not in_cart
          and turn.state in ("start", "ordering")):
        # "what gift sets do you have?" (one shown: how many?) — "what's in the prestige
        # one?": the one asked about now is the one offered ("ok I'll take it" took the
        # first box)
        turn.data["queue"] = [{"type": "qty", "sku": skus[0], "soft": True}]
        turn.say("ask_order_after_price")
    elif in_cart or queue or turn.state not in ("start", "ordering") or not available:
        if queue and queue[0]["type"] == "qty" and queue[0]["sku"] not in skus \
                and len(available) > 1:
            turn.data["priced_aside"] = available   # "ok 3tini wa7ed sghir" next: of these
        reprompt(turn)
    elif len(skus) == 1 and (said := _count_asked(turn, skus[0])):
        # "3 bidons de 5 litres, ch7al?": the total for that many, and "yes" takes them
        turn.data["queue"] = [{"type": "qty", "sku": skus[0], "soft": True, "said": said}]
        turn.say("ask_said_after_price", line=turn.line_text(skus[0], said))
    elif len(skus) == 1:
        turn.data["queue"] = [{"type": "qty", "sku": skus[0], "soft": True}]
        turn.say("ask_order_after_price")
    else:
        turn.data["queue"] = [{"type": "choice", "candidates": skus, "quantity": None,
                               "soft": True}]
        turn.say("ask_which_after_price")


def option_priced_by_size(turn: Turn) -> bool:
    """"ch7al kaydir l 500?", "how much is the 500?" at "which honey?": a price question
    whose bare figure is the size of some of the options (the parser reads a bare figure as
    an order: it asked "which one?" again, or took the 500 g as picked): priced as such."""
    p, queue = turn.p, turn.data["queue"]
    if (p.number is None or not p.question or not queue or queue[0]["type"] != "choice"
            or p.items or p.ambiguous or p.removed or p.intent != "order"
            or not options_sized_as_said(turn, list(queue[0]["candidates"]))
            or not nlu.intents.cue_scores(nlu.textnorm.tokens(turn.event.text)).get("price")):
        return False
    price(turn)
    return True


def option_asked_about(turn: Turn) -> bool:
    """"w lkbira?", "et le grand ?", "and the blue one?", "w lkilo?" with "which one?" open
    (after the options' prices): a question naming some of the options by their size or
    colour asks about them, their price (it was passed to the members as a question nobody
    could answer). Priced; "which one?" narrows to them, or becomes how many of the one."""
    p, queue = turn.p, turn.data["queue"]
    if (not p.question or p.topic or not queue or queue[0]["type"] != "choice"
            or has_order_content(p) or p.intent not in ("unknown", "order")
            or p.number is not None):
        return False
    candidates = [s for s in queue[0]["candidates"] if turn.product(s)]
    named = said_option(turn, candidates)
    sized = [] if named else options_sized_as_said(turn, candidates)
    if not named and not 0 < len(sized) < len(candidates):
        return False
    price(turn, named=None)
    return True


def _sizes_of_the_last_line(turn: Turn) -> list[str]:
    """The sizes in stock of the product of the line just put in the basket, when it has
    more than one: what "how much is the big one?", "ch7al lkbir?" or "combien le grand ?"
    asks about with no product named (it listed the whole catalog, and "ok that one" next
    had nothing to take)."""
    last = turn.data.get("last_sku")
    if not last or not turn.product(last) or not any(
            line["sku"] == last for line in turn.data["cart"]):
        return []
    group = product_group(turn, last)
    sizes = [q["sku"] for q in turn.ctx.products
             if q["in_stock"] and product_group(turn, q["sku"]) == group]
    return sizes if len(sizes) > 1 else []


def _the_size_said(turn: Turn, skus: list[str]) -> list[str]:
    """"how much is the 5kg flour?" to a wholemeal flour in 5 kg and a barley one in 1 kg:
    the one of the size the question says. (Ordering "5kg flour" asks which flour,
    five of the barley's 1 kg making it too; a price asked of "the 5kg" one is that one's.)"""
    if len(skus) < 2 or len({e.head for s in skus if (e := turn.entry(s))}) != 1:
        return skus
    hits = options_sized_as_said(turn, skus)
    return hits if len(hits) == 1 else skus


def _narrowed_by_size(turn: Turn, skus: list[str]) -> list[str]:
    """The options priced, narrowed to the size the question names ("ch7al l kilo?" at
    "which honey?": the 1 kg ones); the open "which one?" narrows with them, or becomes how
    many of the one."""
    sized = options_sized_as_said(turn, skus)
    if not sized or len(sized) == len(skus):
        return skus
    queue = turn.data["queue"]
    head = queue[0] if queue else None
    if len(sized) == 1:
        _priced_is_asked(turn, sized[0])        # "ok" takes it; how many of it
    elif head and head["type"] == "choice" and list(head["candidates"]) == skus \
            and not head.get("quantity"):
        head["candidates"] = sized              # "which one?" of the 500 g ones
    return sized


def _priced_is_asked(turn: Turn, sku: str, soft: bool = False) -> None:
    """"Which one?" open, and the customer asks the price of one option: the question
    becomes how many of that one ("ok I'll take it" takes it; it asked "which one?" again);
    an offer only (``soft``) when the option was named by a unit word alone."""
    queue = turn.data["queue"]
    head = queue[0] if queue else None
    if head and head["type"] == "choice" and sku in head["candidates"] \
            and not head.get("quantity"):
        asked: QtyQuestion = {"type": "qty", "sku": sku}
        if head.get("soft") or soft:
            asked["soft"] = True
        queue[0] = asked


def delivery(turn: Turn) -> None:
    delivery = turn.ctx.coop.get("settings", {}).get("delivery", {})
    city = turn.p.city or turn.data["details"].get("city")
    free_above = delivery.get("free_above")
    free = i18n.t(turn.lang, "delivery_free_above", amount=i18n.money(free_above)) \
        if free_above else ""
    if city:
        match = match_city(turn, city)
        if match and match.get("served") is False:
            turn.say("city_not_served", city=match["name"])
            return
        fee = geo.city_fee(match["name"] if match else city, turn.ctx.courier_cities(),
                           delivery.get("flat_fee") or 0)
        turn.say("delivery_city", city=match["name"] if match else city, fee=i18n.money(fee),
                 free=free)
    else:
        turn.say("delivery_info", fee=i18n.money(delivery.get("flat_fee") or 0), free=free)
    reprompt(turn)


def available(turn: Turn) -> None:
    """"Do you have argan oil?": yes, these (numbered, so a number picks one), and how
    many; a product not sold here: "we don't sell that" and the closest ones."""
    p = turn.p
    mentioned = [s for s in mentioned_skus(p) if turn.product(s)]
    skus = [s for s in mentioned if turn.item(s)["in_stock"]]
    if not skus and mentioned:
        return offer_instead(turn, mentioned[0])   # other sizes first, then similar ones
    if not skus:
        unknown = p.unknown_products or (" ".join(p.unknown_words),) if (
            p.unknown_products or p.unknown_words) else ()
        if not unknown:
            return catalog(turn)
        turn.say("not_sold", product=", ".join(unknown))
        suggestions = [s for s in p.suggestions if turn.product(s) and turn.item(s)["in_stock"]]
        if suggestions:
            turn.say("closest", options=turn.numbered(suggestions))
            turn.data["last_list"] = suggestions
        else:
            turn.say("see_catalog")
        return
    turn.data["last_list"] = skus
    turn.say("available", options=turn.numbered(skus))
    if turn.data["queue"] or turn.state not in ("start", "ordering"):
        reprompt(turn)
    elif len(skus) == 1 and (said := _count_asked(turn, skus[0])):
        # "vous avez du miel ? 2 pots svp": yes, the total for that many, and "yes" takes
        # them (it asked "how many?" again, and a reply without a count put one)
        turn.data["queue"] = [{"type": "qty", "sku": skus[0], "soft": True, "said": said}]
        turn.say("ask_said_after_price", line=turn.line_text(skus[0], said))
    elif len(skus) == 1:
        turn.data["queue"] = [{"type": "qty", "sku": skus[0], "soft": True}]
        turn.say("ask_order_after_price")
    else:
        turn.say("catalog_how")




def catalog(turn: Turn, page: int = 0) -> None:
    in_stock = [p["sku"] for p in turn.ctx.products if p["in_stock"]]
    turn.data["last_list"] = in_stock              # numbers run across pages: "7" picks the 7th
    turn.data.pop("catalog_page", None)
    if turn.ctx.channel != "sms":
        turn.say("catalog", coop=turn.ctx.coop.get("name", ""), lines=turn.numbered(in_stock))
        turn.say("catalog_how")
        return
    pages = _sms_pages(turn, in_stock)
    page = min(page, len(pages) - 1)
    start, end = pages[page]
    turn.say("catalog", coop=turn.ctx.coop.get("name", ""),
             lines=turn.numbered(in_stock[start:end], start=start + 1))
    if page + 1 < len(pages):
        turn.say("catalog_more", page=page + 1, pages=len(pages))
        turn.data["catalog_page"] = page + 1
    else:
        turn.say("catalog_how")


def _sms_pages(turn: Turn, skus: list[str]) -> list[tuple[int, int]]:
    """Slices of ``skus`` whose catalog reply fits ``SMS_PAGE_SEGMENTS`` SMS each (one more
    in Arabic script, whose SMS hold 67 characters instead of 153)."""
    coop = turn.ctx.coop.get("name", "")
    tails = (i18n.t(turn.lang, "catalog_more", page=99, pages=99),
             i18n.t(turn.lang, "catalog_how"))

    def fits(start: int, end: int) -> bool:
        lines = turn.numbered(skus[start:end], start=start + 1)
        for tail in tails:
            text = sms_text(i18n.t(turn.lang, "catalog", coop=coop, lines=lines) + "\n\n" + tail)
            if sms_segments(text) > SMS_PAGE_SEGMENTS["gsm7" if is_gsm7(text) else "ucs2"]:
                return False
        return True

    pages, start = [], 0
    while start < len(skus):
        end = start + 1
        while end < len(skus) and fits(start, end + 1):
            end += 1
        pages.append((start, end))
        start = end
    return pages or [(0, 0)]


@functools.lru_cache(maxsize=1)
def _more_words() -> frozenset:
    data = datafiles.safe_load(PAGING_FILE.read_text(encoding="utf-8"))
    return frozenset(nlu.normalise(w) for w in data["more"])


def is_more_word(text: str) -> bool:
    """Whether ``text`` asks for the next page ("lbaqi", "الباقي", "suite", "more")."""
    return nlu.normalise(text or "").strip(" .!?") in _more_words()
