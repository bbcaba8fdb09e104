"""State handlers of the order confirmation, the saved-order offer and the cancel
confirmation: each returns True when it consumed the message.
"""

from __future__ import annotations

from .. import nlu
from ..nlu import details as nlu_details
from .basket import cart_qty, product_group, remove_line, set_line
from .cart import apply_order, details_noted, show_cart
from .checkout import (
    after_label,
    ask_again,
    full_address,
    next_detail,
    place_order,
    set_address,
    set_city,
    set_city_from_text,
    summary,
)
from .choices import size_word_for_last
from .model import INTERRUPTING, CancelOrder, Turn, clean_name, has_order_content, orders
from .parts import completed_name, kept_city_negated, match_city, name_beside, other_city
from .quantities import (
    corrected_quantity,
    counts_said,
    each_quantity,
    other_size_asked,
    set_last_quantity,
    size_switch,
)

# --------------------------------------------------------------------------
# State handlers: return True when they consumed the message
# --------------------------------------------------------------------------

def _completed_address(turn: Turn, street: str, plain: bool) -> str:
    """"Karim Benali Casa Oulfa" then "rue 44 numero 8" at the summary: the street and
    number after an address of a district alone complete it ("Oulfa, rue 44 numero 8"; the
    district was lost). Not when the message names the address field, a city or a name, or
    says no: then it replaces it."""
    old = turn.data["details"].get("address") or ""
    p = turn.p
    if (plain and old and not any(c.isdigit() for c in old)
            and any(c.isdigit() for c in street) and p.field is None and not p.city
            and p.intent not in ("deny", "cancel") and not (turn.found and turn.found.city)
            and old.casefold() not in street.casefold()):
        return f"{old}, {street}"
    return street


def on_confirm(turn: Turn) -> bool:
    p = turn.p
    found = turn.found
    if turn.data["queue"]:
        return False              # "which one?" asked at the summary: answered as such
    completed = completed_name(turn)
    if completed:
        turn.data["details"]["name"] = completed        # "Amine Lahlou pardon, nom complet"
        summary(turn)
        return True
    if found and (found.address or found.name) and not orders(turn, found.rest):
        name = clean_name(found.name) if found.name else None
        if found.address:
            street, rest = full_address(turn, found)
            said = " ".join(turn.event.text.split())
            labelled = after_label(said, "address")
            before = labelled[:labelled.find(street)] if street in labelled else ""
            if labelled != said and not name and before.strip() and all(
                    w[:1].isupper() for w in before.replace(",", " ").split()):
                # "no, the address is Riad Les Oliviers, 45 Derb …": the place named with
                # capitals between the label and the street is its start (it was lost)
                street = before + street
            street = _completed_address(turn, street, labelled == said and not name)
            set_address(turn, street)                  # "… raqm 3": no handoff
            name = name or name_beside(turn, rest)     # "…, Fatima Alaoui, Batha derb 5"
        if name:
            turn.data["details"]["name"] = name                   # "au nom de Loubna"
        # "bdel lmdina: sale, rue 5": with the city's word, a town that is also an everyday
        # word is the town (the new street went to Rabat, the city kept)
        city = found.city or (other_city(turn) if p.field == "city" else None)
        if city and found.address:
            set_city(turn, city, quiet=True)
        summary(turn)
        return True
    city = other_city(turn) if (p.city or p.field == "city") and not has_order_content(p) \
        and p.intent not in INTERRUPTING else None
    if city:                                    # "non pas Casablanca, Mohammedia svp"
        set_city_from_text(turn, city)
        return True
    if p.cart_cue and not has_order_content(p) and p.intent in ("unknown", "price", "catalog"):
        summary(turn)                           # "what's the total?": the summary again
        return True
    if not has_order_content(p) and p.intent not in INTERRUPTING:
        if p.field == "city" and p.city:
            set_city_from_text(turn, turn.event.text)   # "change the city to Salé please"
            return True
        if p.field and len(turn.event.text.split()) <= 6:
            ask_again(turn, p.field)               # "la bdel l3onwan", "changer l'adresse"
            return True
        if p.address_cue and not (p.intent == "confirm"
                                  and not any(c.isdigit() for c in turn.event.text)):
            # a new address given straight away (not "ok place the order": a yes)
            set_address(turn, after_label(" ".join(turn.event.text.split()), "address"))
            summary(turn)
            return True
    if p.intent == "confirm" and not has_order_content(p):
        place_order(turn)
        return True
    request = _yes_with_a_request(turn) if p.intent == "deny" else None
    if request:         # "yes and please no plastic bag": a yes, the "no" a wish for the parcel
        turn.data["details"]["note"] = request
        place_order(turn)
        return True
    if p.intent == "thanks" and not has_order_content(p):
        turn.say("thanks_not_placed")   # "thx" at the summary is no yes, nor a goodbye: the
        return True                     # order is not placed, asked again plainly
    if size_switch(turn) or each_quantity(turn):
        summary(turn)                           # "la bdelha b nss kilo", "2 de chaque"
        return True
    if corrected_quantity(turn):
        turn.to_summary = True                   # "la, bghit jouj machi wa7da"
        apply_order(turn)
        return True
    if p.intent == "deny" and not has_order_content(p) and turn.data.pop("rechecking", False):
        turn.data["moved"] = True               # "is hay salam rue 5 in Rabat?" — "no"
        ask_again(turn, "address")
        return True
    if p.intent == "deny" and not has_order_content(p):
        turn.state = "ordering"
        turn.say("what_to_change")
        return True
    if p.intent in ("order", "unknown") and not has_order_content(p) and other_size_asked(
            turn, size_word_for_last(turn) if p.size_hint else None):
        return True                              # "bghit 500g": instead of the 1 kg, or both?
    if p.question and _restated_in_another_size(turn):
        return True         # "so 2 thyme 1kg and 1 argan right?" of the 500 g: which one?
    if p.intent in ("order",) or has_order_content(p):
        turn.to_summary = True                   # "zid wa7ed ghassoul": a new summary
        set_last_quantity(turn)                 # "khlli ghir wa7da"
        apply_order(turn)
        return True
    if p.city and p.intent not in INTERRUPTING:
        set_city_from_text(turn, turn.event.text)
        return True
    return False


def _restated_in_another_size(turn: Turn) -> bool:
    """"So 2 thyme 1kg and 1 argan right?", "donc 2 miel de thym 1kg et …, c'est ça ?" at
    the summary of 2 × the 500 g and the argan: the order said back as a question, every
    line as in the basket but one, said in another size of a product the basket has in one
    size. The 1 kg instead of the 500 g, or both? is asked (it was put in beside it: four
    jars of honey at the summary, the customer only checking). So is one product asked
    about in another size ("wach amlou ykoun lkbir?", "is the amlou the big one?" of the
    small jars: it asked how many of the big one, or added one). Lines said back as they
    stand ("amlou 250g?") get the summary again. False for anything else."""
    p, cart = turn.p, {line["sku"]: line["qty"] for line in turn.data["cart"]}
    text = turn.event.text
    if p.removed or p.unknown_products or not p.items + p.ambiguous \
            or p.intent not in ("order", "unknown") \
            or nlu.intents.cue_scores(nlu.textnorm.tokens(text)).get("order") \
            or nlu_details.says(text, "also") or nlu_details.says(text, "more"):
        return False            # (not "can I add 1 of the 1kg and 1 argan?": more)
    other = None
    written = counts_said(turn, text)
    for item in p.items:
        if item.sku in cart:
            if item.quantity not in (None, cart[item.sku]) \
                    and int(item.quantity) in written:   # (not the one jar a size names)
                return False                     # a count changed: read as it always was
            continue
        group = product_group(turn, item.sku)
        sizes = [s for s in cart if turn.product(s) and product_group(turn, s) == group]
        if len(sizes) != 1 or other is not None:
            return False
        other = (sizes[0], item)
    for vague in p.ambiguous:
        named = [s for s in vague.candidates if s in cart]
        if len(named) != 1 or vague.quantity not in (None, cart[named[0]]):
            return False
    if other is None:       # "amlou 250g?" of the 2 × 250 g: only checking, the summary
        summary(turn)       # again as it stands (it put a third jar in)
        return True
    old, item = other
    count = int(item.quantity or cart[old])
    turn.data["size_or_both"] = {"sku": old, "new": item.sku, "qty": count}
    turn.say("size_or_both", new=turn.label(item.sku), old=turn.label(old))
    return True


def city_taken_back(turn: Turn) -> bool:
    """At the summary, "deliver to Salé please, not Rabat": the city kept is taken back and
    another named, though the message reads as a question (it was answered as a delivery
    question and the parcel left for Rabat). True when the city was changed."""
    if turn.state != "confirm" or turn.p.intent not in INTERRUPTING \
            or has_order_content(turn.p) or not kept_city_negated(turn):
        return False            # (any other message: read at the summary as it always was)
    city = other_city(turn)
    if not city:
        return False
    set_city_from_text(turn, city)
    return True


def on_size_or_both(turn: Turn) -> bool:
    """The answer to "the 500 g instead of the 1 kg? or both?": yes (or "instead") swaps the
    line, "both" (or "more") adds the other size, no keeps the basket; then the basket (the
    summary at the summary). Delivery details alone are kept and the question asked once
    more. Anything else is read as if nothing had been asked."""
    asked = turn.data.pop("size_or_both", None)
    p, text = turn.p, turn.event.text
    if asked and turn.volunteered and not has_order_content(p) and not asked.get("again") \
            and cart_qty(turn, asked["sku"]) and p.intent not in ("confirm", "deny"):
        # "فاطمة، الدار البيضاء، حي المعاريف" at "the 500 g instead of the 1 kg?": the details
        # kept and said, and the question once more (the swap was dropped without a word)
        details_noted(turn)
        turn.data["size_or_both"] = {**asked, "again": True}
        turn.say("size_or_both", new=turn.label(asked["new"]), old=turn.label(asked["sku"]))
        return True
    if not asked or has_order_content(p) or p.intent in INTERRUPTING \
            or not cart_qty(turn, asked["sku"]):
        return False
    if nlu_details.says(text, "both") or nlu_details.says(text, "more") or (
            p.number == 2 and len(nlu.textnorm.tokens(text)) == 1):
        # "jouj" alone to "… or both (bjouj)?": both, not two of the old size
        set_line(turn, asked["new"], asked["qty"], add=True)
    elif p.intent == "confirm" or nlu_details.says(text, "swap"):
        old = cart_qty(turn, asked["sku"]) or 1
        remove_line(turn, asked["sku"])
        set_line(turn, asked["new"], asked["qty"] if asked["qty"] > 1 else old, add=True)
    elif p.intent != "deny":
        return False
    if turn.state == "confirm":
        summary(turn)
    else:
        show_cart(turn, ask_more=True)
    return True


def on_offer_saved(turn: Turn) -> bool:
    p = turn.p
    if p.intent == "confirm" or (
            p.intent == "unknown" and not has_order_content(p) and not turn.f.address
            and nlu_details.says(turn.event.text, "same")):
        # ("same address", "same as before" to "deliver like last time?": "Sorry, I did not
        # understand", and the question again)
        saved, details = turn.ctx.customer, turn.data["details"]
        # "yes, but in Rabat" / "oui, au nom de Nadia": what the answer says wins; the saved
        # address goes with the saved city only
        given = {k: details[k] for k in ("name", "city", "address") if details.get(k)}
        named = other_city(turn) if p.city and not given.get("city") else None
        details.update({k: saved.get(k) for k in
                        ("name", "city", "address", "latitude", "longitude")})
        details.update(given)
        city = match_city(turn, named or details.get("city") or "")
        if city and city["score"] >= 90:
            details["city"] = city["name"]
            details["city_id"] = city.get("id")
        else:
            details.pop("city", None)
        before = match_city(turn, saved.get("city") or "")
        if (named or given.get("city")) and not given.get("address") and details.get("city") \
                and details["city"] != (before or {}).get("name"):
            for key in ("address", "latitude", "longitude"):
                details.pop(key, None)            # the saved address is in the other city
        next_detail(turn)
        return True
    if p.intent == "deny":
        # a name given with the order stays, and a location pin sent
        turn.data["details"] = {k: v for k, v in turn.data["details"].items()
                                if k == "name" or (k == "pin" and v)}
        _saved_but(turn)
        next_detail(turn)
        return True
    return False


def _saved_but(turn: Turn) -> None:
    """"la, l3onwan tbdl: agdal zanqa 9 n 1" to "same as last time?": the address the
    answer gives replaces the saved one, the saved name and city stay (the new address was
    dropped and name, city and address asked all over again)."""
    found, saved = turn.found, turn.ctx.customer or {}
    details = turn.data["details"]
    if (not found or not found.address) and turn.p.city and not has_order_content(turn.p):
        # "la, f rabat": the same person in another city (the name was asked again): the
        # saved name stays, the city is that one, and the address there is asked
        if saved.get("name") and not details.get("name"):
            details["name"] = saved["name"]
        set_city(turn, turn.p.city, quiet=True)
        turn.data["moved"] = True
        return
    if not found or not found.address:
        return
    address, _rest = full_address(turn, found)
    if saved.get("name") and not details.get("name"):
        details["name"] = saved["name"]
    set_address(turn, address)
    city = found.city or (turn.p.city if not has_order_content(turn.p) else None)
    if city:                    # ("no, Casablanca, Maarif rue 8": the city before the street
        set_city(turn, city, quiet=True)    # is the parser's, and Rabat was kept with it)
    elif saved.get("city") and not details.get("city"):
        set_city(turn, saved["city"], quiet=True)


#: What a negation may stand before in a wish for the parcel: a plain word or a container.
_WISHED_KINDS = frozenset({"word", "container"})


def _yes_with_a_request(turn: Turn) -> str | None:
    """"Yes it's a gift so please no invoice in the box", "yes and please no plastic bag",
    "iyeh walakin bla sachet" at the summary: a yes whose only "no" stands before a thing
    (a word that is no cue, no product, no detail) is a wish about the parcel, not a no to
    the order (it asked "what would you like to change?"). The text after the yes, else
    None: "yes no", "yes, no, wait", "yes no thanks" stay a no."""
    p = turn.p
    if has_order_content(p) or p.field or p.city or p.address_cue or p.question:
        return None
    tokens = nlu.textnorm.tokens(turn.event.text)
    spans = nlu.grammar.tag_tokens(tokens)
    if len(spans) < 3 or not nlu.intents.cue_scores(tokens[:spans[0].end]).get("confirm"):
        return None
    kept = list(tokens)
    for here, after in zip(spans[1:], spans[2:], strict=False):
        if here.kind != "neg" or after.kind not in _WISHED_KINDS:
            continue
        wished = " ".join(tokens[after.start:after.end])
        if nlu.intents.cue_scores(tokens[after.start:after.end]) or any(
                nlu_details.says(wished, kind) for kind in _NOT_A_WISH):
            return None
        kept[here.start:here.end] = [nlu.textnorm.SEPARATOR] * (here.end - here.start)
    scores = nlu.intents.cue_scores(kept)
    if scores.get("deny") or scores.get("cancel") or not scores.get("confirm"):
        return None
    words = turn.event.text.split(None, 1)
    return words[1].strip(" ,.;:!-") if len(words) > 1 else None


#: Dialogue words that make "no X" a change, not a wish ("yes no wait", "no change").
_NOT_A_WISH = ("correction", "change_order", "restart", "swap", "changed_mind", "resume")


def on_confirm_cancel(turn: Turn) -> bool:
    p = turn.p
    order_id = turn.data.pop("cancel_order_id", None)
    turn.state = "ordering" if turn.data["cart"] else "start"
    if nlu_details.says(turn.event.text, "keep") and p.intent in ("cancel", "confirm", "deny",
                                                                   "unknown"):
        turn.say("cancel_kept")             # "la safi khliha", "no keep it": never cancelled
        return True
    if p.intent in ("confirm", "cancel") and order_id:
        turn.act(CancelOrder(order_id=order_id, reply_key="order_cancelled"))
        turn.data["cleared"] = {"order_id": order_id}   # for a change of mind right after
        return True
    if p.intent == "deny":
        turn.say("cancel_kept")
        return True
    return False


