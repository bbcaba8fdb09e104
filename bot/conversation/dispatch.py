"""The entry point :func:`step`: language choice, media and locations, the state handlers and
the dispatch of one message.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime, timedelta

from .. import geo, i18n, nlu
from ..catalog import size_label
from ..nlu import details as nlu_details
from .asides import (
    available,
    cancel,
    catalog,
    delivery,
    goodbye,
    handoff,
    in_handoff,
    is_more_word,
    leave_handoff,
    nothing_asked,
    pre_sale,
    price,
    reprompt,
    resume,
    resume_step,
    status,
    thanked,
)
from .basket import (
    cart_qty,
    context_family,
    family_name,
    remove_line,
    set_line,
)
from .cart import (
    answer_queue,
    apply_order,
    ask_queue_head,
    by_size_word,
    checkout_now,
    corrected_quantity,
    count_then_more,
    details_offered_answer,
    drop_asked_twice,
    each_quantity,
    measure_of_last_line,
    measured_for_last,
    ordinal_position,
    pick_from_list,
    reading_name,
    reask_or_drop,
    reread_in_name,
    said_count,
    set_last_quantity,
    show_cart,
    size_switch,
    size_word_pick,
    sizes_in_context,
)
from .checkout import (
    ask_again,
    completed_name,
    full_address,
    match_city,
    missing_details,
    name_beside,
    next_detail,
    on_confirm_city,
    on_confirm_pin_city,
    on_details,
    other_city,
    place_order,
    set_address,
    set_city,
    set_city_from_text,
    split_cities,
    start_checkout,
    summary,
)
from .model import (
    ARABIC,
    DETAIL_STATES,
    INTERRUPTING,
    LETTERS,
    MAX_QTY,
    NOT_AN_ANSWER,
    PARTS,
    PHONE,
    CancelOrder,
    Context,
    Event,
    Result,
    Turn,
    clean_name,
    has_order_content,
    orders,
    usual_lang,
)

# --------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------

def step(conv: dict, event: Event, ctx: Context) -> Result:
    """Advance one conversation by one inbound event."""
    turn = Turn(conv, event, ctx)
    now = ctx.now or datetime.now().astimezone()
    resumed = False
    if turn.state == "handoff":
        until = turn.handoff_until
        if until and datetime.fromisoformat(until) > now:
            turn.now = now
            back = _back_to_ordering(turn)
            if back is None:
                in_handoff(turn)                       # a person is answering: passed on
                return turn.result()
            leave_handoff(turn)
            if back == "resume":                       # "kemmel": the step, asked again
                resume_step(turn)
                return turn.result()
            resumed = True
        else:
            leave_handoff(turn, by="timeout")
    turn.now = now
    text = (event.text or "").strip()
    if turn.data.pop("left_handoff", False) and not resumed and _says_resume(text):
        resume_step(turn)                      # "kemmel" once the person has gone: the step
        return turn.result()
    if not resumed and _cart_expired(turn, now):
        return turn.result()
    if text:
        turn.parse = nlu.parse(text, ctx.index)
        _read_volunteered(turn, text)
        _names_order_nothing(turn, text)
        _choose_lang(turn, text)
    if event.location:
        _on_location(turn)
    elif not text:
        _on_media(turn)
    else:
        _dispatch(turn)
    if not turn.used:
        strikes = turn.data.get("strikes", 0) + 1
        turn.data["strikes"] = strikes
        if strikes >= 2:
            turn.say("offer_human_yes_no")         # answered by yes or no (issue 14)
            turn.data["human_offered"] = True
    return turn.result()


def back_from_handoff(conv: dict, ctx: Context, by: str) -> Result:
    """A person (or the clock) ends the handoff: the conversation goes back to the step it
    was at, cart and details kept, and the customer is asked that step's question again
    (the summary again when they were confirming). The replies go to the customer."""
    turn = Turn(conv, Event(), ctx)
    turn.now = ctx.now or datetime.now().astimezone()
    if turn.state != "handoff":
        return turn.result()
    leave_handoff(turn, by=by)
    resume_step(turn)
    return turn.result()


def _cart_expired(turn: Turn, now: datetime) -> bool:
    """A basket untouched for the cooperative's ``cart_hours`` (24 by default) is not merged
    into a new order unasked: keep it? The message waits for the answer."""
    touched = turn.data.get("touched")
    if not (turn.data["cart"] and touched) or turn.state in ("keep_cart", "confirm_cancel"):
        return False
    hours = float(turn.ctx.coop.get("settings", {}).get("cart_hours") or 24)
    try:
        age = now - datetime.fromisoformat(touched)
    except (TypeError, ValueError):
        return False
    if age <= timedelta(hours=hours):
        return False
    event = turn.event
    turn.data["held"] = {"text": event.text or "", "location": event.location,
                         "media": event.media}
    turn.data["queue"] = []
    if event.text and LETTERS.search(event.text):
        turn.lang = i18n.supported(nlu.parse(event.text, turn.ctx.index).lang) \
            if nlu.lang_is_cued(event.text) else turn.lang
    turn.state = "keep_cart"
    lines = "\n".join(turn.line_text(line["sku"], line["qty"]) for line in turn.data["cart"]
                      if turn.product(line["sku"]))
    turn.say("keep_cart", lines=lines)
    return True


def _on_keep_cart(turn: Turn) -> bool:
    """Yes: the old basket stays; no: it goes. Then the message that came with the question."""
    p = turn.p
    if p.intent not in ("confirm", "deny") or has_order_content(p):
        turn.used = False
        turn.say("keep_cart_prompt")
        return True
    held = turn.data.pop("held", None) or {}
    if p.intent == "confirm":
        turn.state = "ordering"
        turn.say("cart_kept")
    else:
        turn.data.update({"cart": [], "queue": [], "details": {}})
        turn.state = "start"
        turn.say("cart_dropped")
    text = (held.get("text") or "").strip()
    if held.get("location"):
        turn.event = Event(location=held["location"])
        _on_location(turn)
    elif text and nlu.parse(text, turn.ctx.index).intent not in ("greet", "confirm", "thanks"):
        turn.event = Event(text=text)
        turn.parse = nlu.parse(text, turn.ctx.index)
        _read_volunteered(turn, text)
        _dispatch(turn)
    elif turn.data["cart"]:
        show_cart(turn, ask_more=True)
    else:
        turn.say("ask_what")
    return True


_VOLUNTEER_STATES = ("start", "ordering", "offer_saved")


def _read_volunteered(turn: Turn, text: str) -> None:
    """A name or an address written with the order ("bghit 2 amlou, smiti Salma, hay riad
    zanqa 7 raqm 14"): kept for checkout, and taken out of what the order parser reads, so a
    number in an address is never a quantity."""
    found = turn.found = nlu_details.extract(text, lambda words: orders(turn, words))
    if turn.state not in _VOLUNTEER_STATES:
        return
    details = turn.data["details"]
    if not (found.name or found.address):
        _city_named_early(turn, found)
        return
    name = clean_name(found.name) if found.name else None
    if name:
        details["name"] = name
    rest = found.rest
    if found.address:
        address, rest = full_address(turn, found)
        set_address(turn, address)
    else:
        rest = _numbered_place(turn, rest)      # "…, casa, sidi maarouf 12"
    if not name and found.address and not details.get("name"):
        rest = _bare_name(turn, rest)           # "rabat, hay el fath …, Youssef Bakkali, …"
    if found.city and not details.get("city"):
        set_city(turn, found.city, quiet=True)
    turn.volunteered = True
    turn.data["rushing"] = True
    turn.parse = nlu.parse(_proper_names_out(turn, rest), turn.ctx.index)


def _city_named_early(turn: Turn, found) -> None:
    """A city named before checkout ("I'm in Fes, can you deliver there?", "livraison à
    Agadir svp", "salut, Fatima Bennis, marrakech") is kept for it, with a name written
    alone beside it when the message orders nothing; a city in the delivery answer still
    replaces it."""
    details = turn.data["details"]
    if not found.city or details.get("city") or match_city(turn, found.city) is None:
        return
    turn.data["city_named"] = found.city   # the answers still speak of the city asked about
    if not details.get("name") and not has_order_content(turn.p):
        _bare_name(turn, found.rest)


def _proper_names_out(turn: Turn, text: str) -> str:
    """``text`` without the capitalised names in it ("Karim Zitouni", "Riad Dar Zitoun") that
    start with a word neither the lexicon nor the catalog knows: with delivery details, a
    product word inside a person's or a place's name orders nothing ("2 Miel Sidr Royal"
    still orders)."""
    def stranger(word: str) -> bool:
        p = nlu.parse(word, turn.ctx.index)
        return nlu_details.has_unknown_word(word) and not (p.items or p.ambiguous)

    return _FULL_NAME.sub(
        lambda m: " , " if stranger(m.group(0).split()[0]) else m.group(0), text)


def _names_order_nothing(turn: Turn, text: str) -> None:
    """At the delivery steps, "Riad Dar Zitoun" or "Karim Zitouni" is an address or a name:
    the product words inside it are read as nothing (:func:`_proper_names_out`)."""
    p = turn.p
    if turn.state not in DETAIL_STATES or turn.volunteered or not has_order_content(p):
        return
    words = _proper_names_out(turn, text)
    if words == text:
        return
    out = nlu.parse(words, turn.ctx.index)
    turn.parse = dataclasses.replace(
        p, intent=out.intent if p.intent == "order" else p.intent, items=out.items,
        ambiguous=out.ambiguous, removed=out.removed, unknown_products=out.unknown_products,
        guessed=out.guessed)


def _bare_name(turn: Turn, rest: str) -> str:
    """With an address given, a part between commas that is only a capitalised name is the
    name. Returns the message without it."""
    parts = PARTS.split(rest)
    for i, part in enumerate(parts):
        pieces = [p for chunk in PHONE.split(part) for p in _peel_cities(chunk)]
        for piece in pieces:     # "Malika Sabri Rabat Youssoufia rue 8", "Karim 0612345678 …"
            name = nlu_details.bare_name(piece)
            if name and not orders(turn, piece) and not nlu_details.city_only(piece)[0]:
                turn.data["details"]["name"] = name
                return "".join(parts[:i] + [part.replace(piece, " ", 1)] + parts[i + 1:])
    return rest


def _peel_cities(part: str) -> list[str]:
    """``part`` and what is left of it once the cities written at its ends are taken off,
    one after the other ("Malika Sabri Rabat Youssoufia" → "Malika Sabri")."""
    pieces = [part]
    while True:
        split = split_cities([pieces[-1]])
        rest = [p for p in split if not nlu_details.city_only(p)[1]]
        if len(split) < 2 or len(rest) != 1:
            return pieces
        pieces.append(rest[0])


def _numbered_place(turn: Turn, rest: str) -> str:
    """With a name given, a part between commas holding a number, a word that is no known
    word, and no product ("sidi maarouf 12") is the address, never a quantity. Returns the
    message without it."""
    parts = PARTS.split(rest)
    for i, part in enumerate(parts):
        if (re.search(r"\d", part) and nlu_details.has_unknown_word(part)
                and not orders(turn, part) and not nlu_details.city_only(part)[0]
                and not nlu.parse(part, turn.ctx.index).unknown_products):
            set_address(turn, " ".join(part.split()))
            return "".join(parts[:i] + parts[i + 1:])
    return rest


_NAME_WORD = r"[A-Z][a-z\u00E0-\u00FF]+(?:-[A-Z][a-z\u00E0-\u00FF]+)?"
_FULL_NAME = re.compile(rf"(?<![\w'-]){_NAME_WORD}(?:[ \t]+{_NAME_WORD})+(?![\w'-])")


def _without_full_names(text: str) -> str:
    """The message without its runs of two or more capitalised Latin words ("Liam Walsh",
    "Fatna Ait Ali"): a person's or a place's name says nothing of the customer's language,
    even when one of its words is spelled like a Darija word ("Liam": "liyam", days)."""
    return _FULL_NAME.sub(" , ", text)


def _choose_lang(turn: Turn, text: str) -> None:
    """Answer in the language of the customer's last message that shows one.

    A name, an address or "2 amlou" shows none: the conversation keeps its language (the
    parser's guess is used only for a first message).
    """
    if turn.volunteered:                         # an address's "rue" is no French, but
        text = " ".join(filter(None, (turn.f.rest, turn.f.cues)))   # "pour X" is
        if turn.f.city:                          # "… Safi hay kawki": the city, no "safi"
            text = " ".join(w for w in text.split() if not (
                w[:1].isupper() and turn.f.city in (nlu_details.city_only(w.strip(",.;"))[0],
                                                     nlu.cities.everyday_city(w.strip(",.;")))))
    if not LETTERS.search(text) or not _may_switch_lang(turn):
        return
    words = _without_full_names(text)
    if words != text and nlu.lang_is_cued(words):
        turn.lang = i18n.supported(nlu.detect_lang(words))   # "Liam" is no Darija "liyam"
        turn.data["lang_seen"] = True
    elif nlu.lang_is_cued(text) and not (turn.volunteered and words != text
                                         and LETTERS.search(words)):
        # "I Want Two Honey": all capitalised; not "bjr 3 savon noir Mounia Kabbaj Safi"
        turn.lang = i18n.supported(nlu.detect_lang(text) if turn.volunteered
                                   else turn.p.lang)
        turn.data["lang_seen"] = True
    elif not turn.data.get("lang_seen"):
        # "amlou", "Ghassoul 200g": no language shown; the script still shows Arabic, and
        # product words of one language other than Darija show it ("2 black soaps 250g").
        turn.lang = "ary-Arab" if ARABIC.search(text) else (       # "Bonjour, …": French
            i18n.supported(nlu.opening_lang(words) or nlu.words_lang(words)
                           or usual_lang(turn.ctx)))
        turn.data["lang_seen"] = True


# --------------------------------------------------------------------------
# Media, stickers, locations
# --------------------------------------------------------------------------

def _on_media(turn: Turn) -> None:
    """A voice note, an image, a video or a document: a person will listen or look (the
    bot cannot), so it starts a handoff and is forwarded, whatever the step."""
    media = turn.event.media
    if media in ("voice", "image", "video", "document"):
        handoff(turn, reason="media", media=media)
    else:
        turn.say("empty_message")
    turn.used = media is not None


def _back_to_ordering(turn: Turn) -> str | None:
    """During a handoff: does this message go back to the bot? ``resume`` for a resume word
    ("kemmel", "continuer"), ``order`` for order lines that ask nothing or a cancel that
    asks nothing ("annuler": handled as usual), else None (it is for the person)."""
    text = (turn.event.text or "").strip()
    if not text or turn.event.location:
        return None
    if _says_resume(text):
        return "resume"
    p = nlu.parse(text, turn.ctx.index)
    if p.intent == "order" and (p.items or p.ambiguous) and not p.question \
            and not p.address_cue and not p.topic:
        return "order"
    if p.intent == "cancel" and not p.question:   # "annuler": the bot does it, now
        return "order"
    return None


def _names_a_place(turn: Turn) -> bool:
    """A person-like word that is a pick or an address ("raqm 3", "derb 3ayto"), not a
    request for a person."""
    return bool(nlu_details.numbered_pick(turn.event.text) or (turn.found and turn.found.address))


def _says_resume(text: str) -> bool:
    """A resume word ("kemmel", "continuer"), at most four words."""
    return bool(text) and nlu_details.says(text, "resume") and len(text.split()) <= 4


def _on_location(turn: Turn) -> None:
    loc = turn.event.location
    assert loc is not None                      # called for a location event only
    details = turn.data["details"]
    details["latitude"] = loc.get("latitude")
    details["longitude"] = loc.get("longitude")
    details["address"] = (loc.get("address") or loc.get("label")
                          or f"📍 {geo.map_link(loc.get('latitude'), loc.get('longitude'))}")
    details["pin"] = True
    city = nlu.find_city(loc.get("address") or loc.get("label") or "")
    if city and not details.get("city"):
        set_city(turn, city, quiet=True)  # the pin's label names it: "Riad Yasmine, Marrakech"
    turn.say("location_received")
    if turn.state in DETAIL_STATES or turn.state == "offer_saved":
        next_detail(turn)
    elif turn.data["cart"] and not turn.data["queue"]:
        start_checkout(turn)
    elif not turn.data["cart"]:
        turn.say("location_no_cart")


def _may_switch_lang(turn: Turn) -> bool:
    """Names, addresses and cities say nothing of the customer's language: while the bot
    asks for them, only a question or an order can switch the replies' language."""
    if not turn.data.get("lang_seen"):
        return True
    p = turn.p
    if (p.intent in NOT_AN_ANSWER and not has_order_content(p)
            and len(turn.event.text.split()) <= 3):
        return False                             # "ok c bon", "merci", "svp" inside Darija
    if turn.found and (turn.found.address or turn.found.name) and not turn.volunteered:
        return False                             # "12 rue des Orangers" at the summary
    if turn.volunteered and not has_order_content(p):
        return False                             # only details: "Michael Green, Rabat, …"
    if turn.state in DETAIL_STATES:
        return p.intent in INTERRUPTING or has_order_content(p)
    return True


def _count_correction(turn: Turn) -> bool:
    """A short "not that many" at a delivery step ("la, bghit wa7ed machi jouj", "لا، بغيت
    واحد ماشي جوج"): counts in words, no figure, no address or name read in it."""
    text = turn.event.text
    found = turn.found
    return (nlu_details.before_negation(text) is not None and len(text.split()) <= 6
            and not re.search(r"(?<![^\W\d_])\d+(?![^\W\d_])", text)   # "wa7ed" is a word
            and not (found and (found.address or found.name)))


def _size_change(turn: Turn) -> bool:
    """"la, bghit jouj dyal 5 litre", "no, make it two 5L" with 1 × the 1L in the basket: a
    change cue, another size of one basket line and no product named: that line becomes
    the size said (with the count said, else its own), instead of "no, nothing more"."""
    p, text = turn.p, turn.event.text
    cart = turn.data["cart"]
    named = {i.sku for i in p.items}
    if (turn.state not in ("ordering", "confirm") or not cart or len(named) > 1 or p.ambiguous
            or len(p.sizes) > 1 or p.removed or p.question or turn.data["queue"]
            or turn.volunteered
            or not nlu_details.says(text, "correction") or nlu_details.says(text, "more")
            or (nlu_details.says(text, "swap") and not named)
            or named & {line["sku"] for line in cart}):
        return False
    changes = []
    def kind(sku: str) -> int | None:
        return getattr(turn.entry(sku), "variant", None)

    for line in cart:
        name = family_name(turn.item(line["sku"]))
        words = set(name.split())
        read = reread_in_name(turn, name, text, line["sku"])
        others = [i for i in read.items if i.sku != line["sku"] and named <= {i.sku}
                  and (words <= set(turn.item(i.sku)["name"].lower().split())
                       or kind(i.sku) == kind(line["sku"]))]   # "bouteille 1 L"
        if len(others) == 1 and len(read.items) == 1 and not read.ambiguous:
            changes.append((line, others[0]))   # "non plutôt le bidon de 5L": that line's size
    if len(changes) != 1:
        return False
    line, item = changes[0]
    sku, said = item.sku, int(item.quantity or 0)
    qty = int(p.number) if p.number and 0 < p.number <= MAX_QTY else (
        said if 1 < said <= MAX_QTY else line["qty"])
    remove_line(turn, line["sku"])
    set_line(turn, sku, qty, add=False)
    if turn.state != "confirm":
        turn.state = "ordering"
    return True


def _kind_refined(turn: Turn) -> bool:
    """"بالزعتر", "b za3tar" just after "2 × Jben de chèvre nature" was put in the basket for
    "جوج ديال جبن المعزة": a word or two naming only another kind of the same product, no
    count, no "and"/"more": that line becomes that kind, with its count (it was asked "how
    many of the zaatar one?" and both went in)."""
    p, text = turn.p, turn.event.text
    last = turn.data.get("last_sku")
    qty = cart_qty(turn, last)
    words = nlu.normalise(text).split()
    # "hmm actually the herb one", "no sorry, the aged one" after the fresh one was picked:
    # a correction naming another kind takes that line's place too (both went in)
    corrected = (nlu_details.says(text, "correction") and len(words) <= 8
                 and not re.search(r"\d", text))
    if (turn.state != "ordering" or not qty or turn.data["queue"] or turn.volunteered
            or p.intent != "order" or len(p.items) != 1
            or (p.items[0].quantity is not None and not corrected)
            or p.ambiguous or p.removed or p.question
            or not (1 <= len(words) <= 2 or corrected)
            or any(w[:1].isdigit() for w in words) or nlu_details.says(text, "more")
            or nlu_details.starts_with_and(text)):
        return False
    # the line of which the kind named is a variant ("en fait la figue sans sucre": the fig
    # jams, not the apricot one added after them), else the line just touched
    refined = [line["sku"] for line in turn.data["cart"]
               if _variant_of(turn, line["sku"], p.items[0].sku)]
    if len(refined) == 1:
        last, qty = refined[0], cart_qty(turn, refined[0]) or qty
    new, old = _kinds(turn, p.items[0].sku, str(last))
    if new is None or old is None or cart_qty(turn, new.sku):
        return False
    said = said_count(turn, p.items[0]) or 0      # "change it to one herb cheese": one
    remove_line(turn, old.sku)
    set_line(turn, new.sku, said or qty, add=False)
    return True


def _variant_of(turn: Turn, sku: str, other: str) -> bool:
    """Is ``other`` a variant of the product ``sku``: the same kind said with one more word or
    one less ("Confiture de figues" and "… de figues sans sucre"), not another size of it
    nor another product of its kind ("… d'abricot")?"""
    a, b = turn.entry(sku), turn.entry(other)
    return bool(a and b and a.sku != b.sku and a.head and a.head == b.head
                and a.variant != b.variant and (a.tags < b.tags or b.tags < a.tags))


def _kinds(turn: Turn, new_sku: str, old_sku: str):
    """The catalog entries of two products when the first is another kind of the second
    (same head word, another variant, in stock), else ``(None, None)``."""
    new, old = turn.entry(new_sku), turn.entry(old_sku)
    if (not new or not old or new.sku == old.sku or new.head != old.head
            or new.variant == old.variant or not new.in_stock):
        return None, None
    return new, old


def _question_taken_back(turn: Turn) -> None:
    """"How many of the fresh one?" — "no sorry, the aged one": the customer changed their
    pick, so the question about the first kind is dropped (both were ordered)."""
    p, text, queue = turn.p, turn.event.text, turn.data["queue"]
    picked = len(text.split()) <= 6 and not re.search(r"\d", text) and p.items and (
        p.items[0].quantity in (None, 1))             # "hmm the herb one": another pick
    if (not queue or queue[0]["type"] != "qty" or turn.state != "ordering"
            or len(p.items) != 1 or p.ambiguous or p.removed or p.question
            or not (nlu_details.says(text, "correction") or picked)
            or nlu_details.says(text, "more") or nlu_details.starts_with_and(text)):
        return
    new, old = _kinds(turn, p.items[0].sku, queue[0]["sku"])
    if new is not None and old is not None and not cart_qty(turn, old.sku):
        queue.pop(0)


def _dispatch(turn: Turn) -> None:
    p = turn.p
    page = turn.data.pop("catalog_page", None)          # "more" answers only the last page
    if page and is_more_word(turn.event.text):
        return catalog(turn, page=page)
    state = turn.state
    _read_in_context(turn)         # "ghalya… 3tini ghir wa7ed dyal 1 gram": an order, not haggling
    if state in DETAIL_STATES and _count_correction(turn) and corrected_quantity(turn):
        return apply_order(turn)     # "la, bghit wa7ed machi jouj" asked for a name: no name
    _count_for_the_alternative(turn)   # "2 pepper cheeses" out of stock — "the herb ones"
    _question_taken_back(turn)      # "how many fresh?" — "no, the aged one"
    if _kind_refined(turn):
        return show_cart(turn)       # "بالزعتر" after the nature one: that kind instead
    if _size_change(turn):           # "la, bghit jouj dyal 5 litre": not "no, nothing more"
        return summary(turn) if turn.state == "confirm" else show_cart(turn)
    if _on_step_words(turn) or pre_sale(turn):
        return
    p = turn.p                                      # "thats all" may now read as done
    if details_offered_answer(turn):
        return
    relative = _relative_count(turn)
    if relative:                                # "one less", "actually 2 more"
        turn.data["pending_set"] = relative
        turn.parse = dataclasses.replace(p, items=(), set_quantity=False)
        return apply_order(turn)
    handler = _STATE_HANDLERS.get(state)
    if handler and handler(turn):
        return
    if turn.volunteered and not has_order_content(p) and p.intent not in INTERRUPTING:
        queue = turn.data["queue"]
        if queue and turn.f.address and all(q["type"] == "qty" for q in queue):
            for q in queue:        # "how many?" answered with the address: one, said in words
                assert q["type"] == "qty"
                set_line(turn, q["sku"], 1, add=True)
                turn.say("qty_assumed_one", product=turn.label(q["sku"]))
            turn.data["queue"] = []
            missing = missing_details(turn)
            if missing:            # the rest of the message ("محمد أمين، طنجة") answers them
                turn.state = f"ask_{missing[0]}"
                if on_details(turn):
                    return
                turn.state = "ordering"
            checkout_now(turn)
        elif queue and not drop_asked_twice(turn):
            ask_queue_head(turn)
        elif turn.data["queue"]:
            ask_queue_head(turn)                # the next open question, after the dropped one
        elif turn.data["cart"]:
            next_detail(turn)                   # "smiti Salma, hay riad…": on to checkout
        else:
            turn.say("ask_what")
        return
    if turn.data["queue"] and p.intent == "human" and not _names_a_place(turn):
        return handoff(turn)         # "bghit nhder m3a chi wa7ed" at "which one?": not "1"
    if _each_of_choice(turn):
        return                       # "which black soap?" — "one of each"
    if turn.data["queue"] and answer_queue(turn):
        return
    intent = p.intent
    if p.cart_cue and turn.data["cart"] and not has_order_content(p) and intent in (
            "catalog", "unknown", "order", "price"):        # "how much in total?"
        return show_cart(turn, ask_more=True)       # "chno kayn f lpanier?"
    if intent == "human" and _names_a_place(turn):
        intent = "order" if has_order_content(p) else "unknown"   # "raqm 3", "derb 3ayto"
    if intent == "human":
        return handoff(turn)
    if intent == "cancel":
        return cancel(turn)
    if intent == "status":
        return status(turn)
    if intent == "price":
        return price(turn)
    if intent == "delivery":
        return delivery(turn)
    if sizes_in_context(turn):
        return apply_order(turn)                # "2 large ones and a medium"
    if intent in ("order", "deny", "unknown", "confirm") and (
            size_switch(turn) or each_quantity(turn)):
        return show_cart(turn, ask_more=True)
    if intent in ("order", "deny", "unknown", "confirm") and corrected_quantity(turn):
        return apply_order(turn)                # "la, bghit jouj machi wa7da"
    if intent in ("order", "deny", "unknown", "confirm") and count_then_more(turn):
        return apply_order(turn)                # "make it 2 and add 1 kg of figs"
    picked = _size_in_list(turn)
    if picked and not has_order_content(p) and intent in ("order", "unknown", "confirm"):
        _count_with_size(turn, picked)          # "two of the 30ml": two, not "how many?"
        return pick_from_list(turn, picked)     # "alors le pot de 1kg" after the other sizes
    bare_number = (p.number is not None and not has_order_content(p) and not p.set_quantity
                   and intent in ("order", "unknown"))
    if bare_number and turn.data.get("last_list"):
        family = context_family(turn) if size_word_pick(p) else []
        if family:                               # "the big one": by its size, not the 1st
            sku = by_size_word(turn, family, p.size_hint, p.containers)
            if sku is None or sku not in turn.data["last_list"]:
                return pick_from_list(turn, 0)   # two of that size: "pick one from 1 to N"
            at = turn.data["last_list"].index(sku) + 1
            _count_with_size(turn, at)           # "the big one, 2 please": two of it
            return pick_from_list(turn, at)
        return pick_from_list(turn, p.number)
    if p.ordinal is not None and turn.data.get("last_list") and not has_order_content(p):
        position = ordinal_position(p, len(turn.data["last_list"]))
        return pick_from_list(turn, position or 0)       # 0: "pick one from 1 to N"
    if bare_number and p.number is not None and cart_qty(turn, turn.data.get("last_sku")) \
            and 0 < p.number:
        # "2" right after "1 × Huile d'argan… anything else?": that line's quantity;
        # "and 1 more", "encore un", "zid wa7ed": that many more
        sku = turn.data["last_sku"]
        more = nlu_details.says(turn.event.text, "more")
        qty = int(p.number) + ((cart_qty(turn, sku) or 0) if more else 0)
        turn.data["pending_set"] = {"sku": sku, "qty": qty}
        return apply_order(turn)
    if intent in ("order", "unknown") and measure_of_last_line(turn):
        return apply_order(turn)                # "3tini jouj kilo" after "1 × … kilo"
    if intent == "catalog" and (p.items or p.ambiguous):
        return available(turn)
    if intent == "order" and _asks_about(turn):
        return available(turn)                  # "is the nature one bigger?": no order
    if intent == "order" or (has_order_content(p) and intent not in ("catalog", "help")):
        if has_order_content(p) or set_last_quantity(turn):
            return apply_order(turn)
        if p.number is not None:                 # a bare number with nothing to answer
            return _not_understood(turn)
        if turn.data["cart"] and not turn.data["queue"]:
            return start_checkout(turn)
        turn.say("ask_what")
        return
    if intent == "catalog":
        return catalog(turn)
    if intent == "help":
        turn.say("help")
        return
    if intent == "thanks":
        turn.say("thanks")
        return
    if intent == "greet":
        if turn.data["cart"]:
            turn.say("greet_back")
            show_cart(turn)
            return
        turn.say("welcome")
        return
    if intent in ("confirm", "deny") and turn.data["queue"]:
        if reask_or_drop(turn):                 # "safi" / "c'est tout" with a question open
            return
    if intent in ("confirm", "deny") and turn.data["cart"]:
        return start_checkout(turn)
    if intent in ("confirm", "deny"):
        turn.say("ask_what")
        return
    if p.number is not None and turn.data.get("last_list"):
        return pick_from_list(turn, p.number)
    if turn.data["cart"] and not turn.data["queue"] and p.city and not has_order_content(p):
        set_city(turn, p.city, quiet=True)     # "casa" after "anything else?": on to delivery
        return start_checkout(turn)
    _not_understood(turn)


def _count_with_size(turn: Turn, position: int) -> None:
    """"Give me two of the 30ml", "mettez-moi deux flacons de 15ml" after a list of sizes:
    the count said with the size is the quantity of the one picked. It is read as if the
    message named the product; one (or none) is left to "how many?"."""
    if turn.data.get("last_list_qty"):
        return
    sku = turn.data["last_list"][position - 1]
    if not turn.product(sku):
        return
    read = nlu.parse(f"{family_name(turn.item(sku))} {turn.event.text}", turn.ctx.index)
    counts = {i.quantity for i in read.items if i.sku == sku and i.quantity}
    if len(read.items) == 1 and len(counts) == 1 and not read.ambiguous:
        [count] = counts
        if count > 1:
            turn.data["last_list_qty"] = count


def _size_in_list(turn: Turn) -> int | None:
    """The position in the numbered list last shown of the one option whose size the
    message names ("alors le pot de 1kg", "the 5L one"), if exactly one has it."""
    options = turn.data.get("last_list") or []
    words = re.sub(r"(\d)\s+(?=[a-z])", r"\1", nlu.normalise(turn.event.text)).split()
    hits = [k for k, sku in enumerate(options, 1) if turn.product(sku)
            and size_label(turn.item(sku)).lower() in words]
    return hits[0] if len(hits) == 1 else None


def _read_in_context(turn: Turn) -> None:
    """"3tini jouj kilo", "give me 2 kilo" after the prices or the sizes of one product:
    the measure is read as if the message named that product (it picks the size and the
    quantity). Only a measure that makes a quantity of one of those sizes is taken."""
    p = turn.p
    if p.ambiguous and not p.removed and p.ordinal is None and not turn.volunteered \
            and turn.state in ("start", "ordering"):
        return _also_in_context(turn)       # "2 kilos and half a kilo of boufeggous": which
    if (p.ambiguous or p.removed or p.ordinal is not None or turn.state not in ("start", "ordering")
            or turn.volunteered):
        return
    head = turn.data["queue"][0] if turn.data["queue"] else None
    options = list(turn.data.get("last_list") or [])
    if head is not None:
        options = list(head["candidates"]) if head["type"] == "choice" else []
    text = turn.event.text
    sizes = {turn.item(s).get("size") for s in options if turn.product(s)}
    a_count = p.number is not None and bool(options) and p.number not in sizes and (
        p.number > len(options) or reading_name(text).split() != text.split())
    if p.items or (p.number is not None and not a_count):
        return _also_in_context(turn)        # but "give me 3", "2 bottles" after 2 prices:
                                             # a count
    queue = turn.data["queue"]
    if queue and queue[0].get("quantity"):
        return                  # "2 amlou" — "250g": the quantity is known, the size picks
    skus = context_family(turn)
    if skus:
        name = family_name(turn.item(skus[0]))
        skus = skus + [q["sku"] for q in turn.ctx.products   # "3tini ghir wa7ed dyal 1 gram"
                       if q["sku"] not in skus and family_name(q) == name]   # after the 5 g's
        name = reading_name(name)                                            # price
    elif (not queue and not turn.data.get("last_list_qty") and not _size_in_list(turn)
          and (shared := _shared_word(turn))):
        # "do you have olives?" — "2 jars of the green and 1 black": of the olives listed
        skus, name = list(turn.data.get("last_list") or []), shared
    else:
        return
    text = turn.event.text
    # the count the name gives on its own ("Coffret cadeau …": one box) is not the message's
    own = {i.sku: i.quantity for i in nlu.parse(name, turn.ctx.index).items if i.quantity}
    for words in (f"{name} {text}", f"{text} {name}"):
        read = nlu.parse(words, turn.ctx.index)
        items = tuple(i for i in read.items
                      if i.sku in skus and i.quantity and own.get(i.sku) != i.quantity)
        foreign = [i for i in read.items if i.sku not in skus]
        if items and not foreign and (len(items) == 1 or not read.ambiguous):
            # "2 jars of the green and 1 black" after the olives: each of those named
            turn.parse = dataclasses.replace(p, intent="order", items=items, ambiguous=())
            return
        counted = [a for a in read.ambiguous if a.quantity and set(a.candidates) <= set(skus)]
        if context_family(turn) and not read.items and len(read.ambiguous) == 1 and counted:
            # "ok 2 bottles", "ok give me 3" after the prices of its sizes: that many,
            # "which one?" (it was the welcome)
            turn.parse = dataclasses.replace(p, intent="order", ambiguous=tuple(counted),
                                             number=None)
            return


def _count_for_the_alternative(turn: Turn) -> None:
    """"2 pepper goat cheeses" out of stock, the others listed — "ok then the herb ones",
    "the fresh one instead": the one picked by name, as many as were asked (one was put,
    or "how many?" then "that's all" put one). A count said with it is kept."""
    p, text = turn.p, turn.event.text
    qty, options = turn.data.get("last_list_qty"), turn.data.get("last_list") or []
    if (not qty or len(p.items) != 1 or p.ambiguous or p.removed or p.set_quantity
            or p.number is not None or re.search(r"\d", text)
            or p.items[0].sku not in options or p.items[0].quantity not in (None, 1)):
        return
    item = p.items[0]
    turn.data.pop("last_list_qty", None)
    turn.parse = dataclasses.replace(p, items=(nlu.Item(item.sku, int(qty), item.op),))


def _each_of_choice(turn: Turn) -> bool:
    """"Which black soap?" — "one of each", "both", "2 of each": every option, that many;
    without a count, the count asked for shared out ("4 black soaps" — "both": two each),
    else one."""
    p, queue = turn.p, turn.data["queue"]
    if (not queue or queue[0]["type"] != "choice" or has_order_content(p)
            or not nlu_details.says(turn.event.text, "each_one")):
        return False
    head = queue[0]
    options = [s for s in head["candidates"] if turn.product(s) and turn.item(s)["in_stock"]]
    wanted = int(head.get("quantity") or 0)
    count = int(p.number) if p.number else (
        wanted // len(options) if options and wanted and wanted % len(options) == 0 else 1)
    if len(options) < 2 or not 0 < count <= MAX_QTY:
        return False
    queue.pop(0)
    for sku in options:
        set_line(turn, sku, count, add=True)
    if queue:
        ask_queue_head(turn)
    else:
        show_cart(turn, ask_more=True)
    return True


def _relative_count(turn: Turn) -> dict | None:
    """"Actually 2 more", "another one please", "one less", "actually one less soap": a
    basket line (the one named, else the one just added) gets that many more or fewer, not
    that many ({"sku", "qty"} to set; None when the message is no such change)."""
    p, text = turn.p, turn.event.text
    more, less = nlu_details.says(text, "more"), nlu_details.says(text, "less")
    if (more == less or turn.data["queue"] or p.ambiguous or p.removed or p.question
            or len(text.split()) > 7 or turn.state not in ("ordering", "confirm")
            or nlu_details.says(text, "each_one")):      # "zid wa7ed mn kol wa7da": all
        return None
    sku: str | None
    if p.items:
        if len(p.items) != 1 or not less:        # "and 2 more soaps" adds already
            return None
        sku, count = p.items[0].sku, p.items[0].quantity or 1
    elif has_order_content(p):
        return None
    else:
        sku, measured = turn.data.get("last_sku"), measured_for_last(turn)
        if measured is not None and measured.sku != sku:
            return None                 # "zid rob3 kilo" after the kilo: that size comes too
        count = int(p.number or (measured.quantity if measured else None) or 1)
    had = cart_qty(turn, sku)
    qty = (had or 0) + (count if more else -count)
    return {"sku": sku, "qty": qty} if had and 0 < qty <= MAX_QTY else None


def _asks_about(turn: Turn) -> bool:
    """A question about products, with no count said ("does the kit have a kessa in it?",
    "is the nature one bigger?", "quelle est la différence entre le miel de thym et
    d'euphorbe ?"): shown with their sizes and prices, none put in the basket. A figure is
    a count or a size; the digits of Darija words ("chno lfer9 bin 3sel z3itra…") are not."""
    p, text = turn.p, turn.event.text
    return (p.question and bool(p.items or p.ambiguous) and not p.removed
            and not any(word.replace(".", "").isdigit() for word in nlu.normalise(text).split())
            and nlu_details.says(text, "asks_about")
            and all(i.quantity in (None, 1) for i in p.items)
            and all(a.quantity is None for a in p.ambiguous))


def _shared_word(turn: Turn) -> str | None:
    """The word most names of the products just listed share, when more than half of them
    do ("Olives vertes", "Olives noires", "Tapenade d'olives": "olives")."""
    names = [turn.item(s)["name"] for s in turn.data.get("last_list") or [] if turn.product(s)]
    counts: dict[str, int] = {}
    for name in names:
        for word in set(nlu.normalise(name).split()):
            if len(word) >= 3 and not any(c.isdigit() for c in word):
                counts[word] = counts.get(word, 0) + 1
    best = max(counts, key=lambda w: (counts[w], len(w)), default=None)
    return best if best and len(names) > 1 and counts[best] * 2 > len(names) else None


def _also_in_context(turn: Turn) -> None:
    """"Je vais prendre 2 kilos et un cumin", "ok 3tini 2 kilo w nss kilo dyal boufgous" after
    the Medjool's prices: the measure said before the other product is of the product just
    discussed (the other's own "which one?" or "how many?" stays)."""
    p = turn.p
    skus = context_family(turn)
    theirs = [set(a.candidates) for a in p.ambiguous]   # "… and half a kilo of boufeggous":
    if (not skus or not (p.items or p.ambiguous) or any(i.sku in skus for i in p.items)
            or any(c & set(skus) for c in theirs) or not nothing_asked(turn)):
        return                                         # another product's "which one?"
    name = reading_name(family_name(turn.item(skus[0])))
    read = nlu.parse(f"{name} {turn.event.text}", turn.ctx.index)
    mine = tuple(i for i in read.items if i.sku in skus and i.quantity)
    rest = {i.sku for i in read.items if i.sku not in skus}
    ambiguous = [a for a in read.ambiguous if set(a.candidates) not in theirs]
    if not mine and len(ambiguous) == 1 and ambiguous[0].quantity:
        # "ok 3tini wa7ed w zid kamoun 2" after the 5 g's price: of the sizes, the one listed
        listed = [s for s in ambiguous[0].candidates if s in skus]
        if len(listed) == 1:
            mine = (nlu.Item(listed[0], ambiguous[0].quantity, ambiguous[0].op),)
            ambiguous = []
    if len(mine) == 1 and rest == {i.sku for i in p.items} and not ambiguous:
        turn.parse = dataclasses.replace(p, items=mine + p.items)


def _on_step_words(turn: Turn) -> bool:
    """Words whose meaning depends on the step: yes/no to "shall a person call you?",
    "khlliha" (keep it, never a cancel), "ok merci" / "ghadi nchouf" (later: the basket is
    kept). True when the message was used."""
    p = turn.p
    text = turn.event.text
    if p.intent == "unknown" and not has_order_content(p) and \
            nlu_details.says(text, "done"):
        p = turn.parse = dataclasses.replace(p, intent="confirm")   # "thats all"
    offered = turn.data.pop("human_offered", False)
    plain = not has_order_content(p) and not (turn.found and turn.found.address)
    if offered and plain and p.intent in ("confirm", "deny"):
        if p.intent == "confirm":
            handoff(turn, reason="offer")
        else:
            turn.say("human_declined")
            resume(turn)                      # the pending step, or the way back to ordering
        return True
    if not plain or turn.state in DETAIL_STATES + ("confirm_city", "confirm_cancel"):
        return False
    if nlu_details.says(text, "keep") and p.intent in ("cancel", "confirm", "unknown", "deny"):
        if turn.state == "confirm":
            turn.say("confirm_prompt")           # a keep word never places an order
        elif turn.data["cart"]:
            turn.data["queue"] = [q for q in turn.data["queue"] if not q.get("soft")]
            if turn.data["queue"]:
                ask_queue_head(turn)
            else:
                start_checkout(turn)
        else:
            turn.say("ask_what")
        return True
    if (turn.state == "confirm" and p.intent == "confirm" and len(text.split()) <= 3
            and nlu_details.says(text, "yes_thanks")):
        return False                          # "ok merci" at the summary: yes, thank you
    if (nlu_details.says(text, "later") and p.intent in ("thanks", "confirm", "unknown", "deny")) \
            or (p.intent == "confirm" and not turn.data["cart"] and thanked(text)
                and nothing_asked(turn)):
        # "ghadi nchouf", "ok merci"; "safi merci" with nothing in the basket: that's all
        if turn.state == "confirm":
            turn.state = "ordering"             # the summary is shown again before any order
        goodbye(turn)
        return True
    return False


def _not_understood(turn: Turn) -> None:
    turn.used = False
    if turn.state in ("start",) and not turn.data["cart"] and not turn.data.get("welcomed") \
            and not turn.data["queue"]:
        turn.data["welcomed"] = True
        turn.say("welcome")
        return
    turn.say("not_understood")
    reprompt(turn)


# --------------------------------------------------------------------------
# State handlers: return True when they consumed the message
# --------------------------------------------------------------------------

def _on_confirm(turn: Turn) -> bool:
    p = turn.p
    found = turn.found
    completed = completed_name(turn)
    if completed:
        turn.data["details"]["name"] = completed        # "Amine Lahlou pardon, nom complet"
        summary(turn)
        return True
    if found and (found.address or found.name) and not orders(turn, found.rest):
        name = clean_name(found.name) if found.name else None
        if found.address:
            street, rest = full_address(turn, found)
            set_address(turn, street)                  # "… raqm 3": no handoff
            name = name or name_beside(turn, rest)     # "…, Fatima Alaoui, Batha derb 5"
        if name:
            turn.data["details"]["name"] = name                   # "au nom de Loubna"
        if found.city and found.address:
            set_city(turn, found.city, quiet=True)
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
        if p.address_cue:                           # a new address given straight away
            set_address(turn, " ".join(turn.event.text.split()))
            summary(turn)
            return True
    if p.intent == "confirm" and not has_order_content(p):
        place_order(turn)
        return True
    if size_switch(turn) or each_quantity(turn):
        summary(turn)                           # "la bdelha b nss kilo", "2 de chaque"
        return True
    if corrected_quantity(turn):
        turn.to_summary = True                   # "la, bghit jouj machi wa7da"
        apply_order(turn)
        return True
    if p.intent == "deny" and not has_order_content(p):
        turn.state = "ordering"
        turn.say("what_to_change")
        return True
    if p.intent in ("order",) or has_order_content(p):
        turn.to_summary = True                   # "zid wa7ed ghassoul": a new summary
        set_last_quantity(turn)                 # "khlli ghir wa7da"
        apply_order(turn)
        return True
    if p.city and p.intent not in INTERRUPTING:
        set_city_from_text(turn, turn.event.text)
        return True
    return False


def _on_offer_saved(turn: Turn) -> bool:
    p = turn.p
    if p.intent == "confirm":
        saved = turn.ctx.customer
        turn.data["details"].update({k: saved.get(k) for k in
                                     ("name", "city", "address", "latitude", "longitude")})
        city = match_city(turn, saved.get("city") or "")
        if city and city["score"] >= 90:
            turn.data["details"]["city"] = city["name"]
            turn.data["details"]["city_id"] = city.get("id")
        else:
            turn.data["details"].pop("city", None)
        next_detail(turn)
        return True
    if p.intent == "deny":
        # a name given with the order stays, and a location pin sent
        turn.data["details"] = {k: v for k, v in turn.data["details"].items()
                                if k == "name" or (k == "pin" and v)}
        next_detail(turn)
        return True
    return False


def _on_confirm_cancel(turn: Turn) -> bool:
    p = turn.p
    order_id = turn.data.pop("cancel_order_id", None)
    turn.state = "ordering" if turn.data["cart"] else "start"
    if p.intent in ("confirm", "cancel") and order_id:
        turn.act(CancelOrder(order_id=order_id, reply_key="order_cancelled"))
        return True
    if p.intent == "deny":
        turn.say("cancel_kept")
        return True
    return False


_STATE_HANDLERS = {
    "confirm": _on_confirm,
    "offer_saved": _on_offer_saved,
    "confirm_cancel": _on_confirm_cancel,
    "keep_cart": _on_keep_cart,
    "ask_name": on_details,
    "ask_city": on_details,
    "confirm_city": on_confirm_city,
    "ask_address": on_details,
    "confirm_pin_city": on_confirm_pin_city,
}
