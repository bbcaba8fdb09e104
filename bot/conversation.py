"""The ordering conversation, as a pure function over plain data.

:func:`step` takes the stored conversation (state + data), one inbound event
and a read-only :class:`Context`, and returns a :class:`Result`: the new state
and data, the replies to send, and the *actions* the caller must carry out in
the same transaction (create the order, cancel one, hand over to a person,
alert members, remember the customer's details). It never touches the
database or the network, so every branch is tested by calling it.

States: ``start`` → (``ordering``) → ``offer_saved`` | ``ask_name`` →
``ask_city`` (→ ``confirm_city``) → ``ask_address`` → ``confirm`` → ``start``;
``confirm_cancel`` and ``handoff`` can be entered from anywhere. Pending
questions about the cart ("how many?", "which one?") queue in ``data["queue"]``.
The detail states ask for everything still missing at once and read whatever comes
back; ``confirm_pin_city`` queries a location pin far from the city named;
``keep_cart`` asks whether a basket older than ``cart_hours`` is kept.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from datetime import datetime, timedelta

from . import answers, geo, i18n, nlu, yamlfile
from .alerts import sms_text
from .messaging import is_gsm7, sms_segments
from .catalog import size_label
from .nlu import cities as nlu_cities
from .nlu import details as nlu_details
from .phones import local_format

MAX_LINES = 20
MAX_QTY = 50
MAX_BODY = 1500          # WhatsApp's limit is 1,600 characters per message
SMS_PAGE_SEGMENTS = {"gsm7": 2, "ucs2": 3}   # a catalog page by SMS fits in this many SMS
PAGING_FILE = Path(__file__).resolve().parent.parent / "intents" / "paging.yml"
DETAIL_STATES = ("ask_name", "ask_city", "confirm_city", "ask_address")
# Intents that take precedence over free-text answers (a name, an address).
INTERRUPTING = ("human", "cancel", "status", "help", "catalog", "price", "delivery")
# What a name or an address can never be: "wakha", "la", "salam", "merci".
_NOT_AN_ANSWER = ("confirm", "deny", "greet", "thanks")
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
# What separates the parts of a message: commas, new lines, and a dash between spaces
# ("… one couscous please — Liam Walsh, Tangier"; "Fatima-Ezzahra" stays whole), and the end
# of a sentence before a capital ("…, c tout. Laila Bennani, 18 rue …"; "M. Alaoui" stays whole).
_PART_BREAK = r"[,;\n،؛]+|\s+[-–—]+\s+|[–—]+|(?<=[^\W\d_]{3})[.!?]+\s+(?=[A-Z])"
_PARTS = re.compile(f"({_PART_BREAK})")            # the parts, with what separates them
_PHONE = re.compile(r"\+?\d[\d .-]{7,}\d")    # a phone number written among the details
_FRAGMENTS = re.compile(rf"{_PART_BREAK}|\s+(?:w|o|et|and|و)\s+")


@dataclass
class Event:
    """One inbound message, reduced to what the conversation needs."""

    text: str = ""
    media: str | None = None          # voice, image, video, sticker, document, other
    location: dict | None = None      # {"latitude", "longitude", "address", "label"}


@dataclass
class Context:
    """Read-only facts about the cooperative and customer for one step."""

    coop: dict                         # id, name, slug, settings
    products: list[dict]               # the catalog (all products, in-stock flag)
    index: object                      # the NLU index of ``products``
    customer: dict = field(default_factory=dict)   # saved name/city/address
    phone: str = ""
    last_order: dict | None = None     # latest order of this customer here
    cities: list[dict] | None = None   # courier's city list [{id, name, fee}], if known
    now: datetime | None = None
    handoff_minutes: int = 120
    load_last_order: Callable[[], dict | None] | None = None   # lazy: most steps never need it
    load_cities: Callable[[], list[dict] | None] | None = None
    channel: str = "whatsapp"          # "sms": lists are paged to fit a couple of SMS

    def __post_init__(self):
        self.by_sku = {p["sku"]: p for p in self.products}

    def courier_cities(self) -> list[dict] | None:
        """The courier's city list (loaded on first use: most steps never need it)."""
        if self.load_cities is not None:
            self.cities, self.load_cities = self.load_cities(), None
        return self.cities

    def latest_order(self) -> dict | None:
        """The customer's latest order here (loaded on first use)."""
        if self.load_last_order is not None:
            self.last_order, self.load_last_order = self.load_last_order(), None
        return self.last_order


@dataclass
class Result:
    state: str
    data: dict
    lang: str
    replies: list[str]
    actions: list[dict]
    handoff_until: str | None = None
    topic: str | None = None          # what the reply answered: "payment", "price", "welcome"…


def _copy_json(value):
    """A deep copy of JSON-shaped data (dicts, lists, scalars): the step never mutates its
    input. Several times faster than ``copy.deepcopy``, which handles any object."""
    if isinstance(value, dict):
        return {k: _copy_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy_json(v) for v in value]
    return value


class _Turn:
    """Mutable scratch space for one step; the public surface is :func:`step`."""

    def __init__(self, conv: dict, event: Event, ctx: Context):
        self.ctx = ctx
        self.event = event
        self.state = conv.get("state") or "start"
        self.data = _copy_json(conv.get("data") or {})
        self.data.setdefault("cart", [])
        self.data.setdefault("queue", [])
        self.data.setdefault("details", {})
        self.lang = conv.get("lang") or _usual_lang(ctx)
        self.replies: list[str] = []
        self.actions: list[dict] = []
        self.handoff_until = conv.get("handoff_until")
        self.parse = None
        self.found = None          # details written in this message (nlu.details.extract)
        self.volunteered = False   # this message gave a name or an address unasked
        self.to_summary = False    # a change made at the summary: show the new one
        self.used = True
        self.now = ctx.now
        self.keys: list[str] = []          # reply keys said, in order
        self.topic: str | None = None
        # the basket was shown with the delivery question: "safi" may still close it
        self.basket_just_shown = bool(self.data.pop("basket_shown", False))

    # -- output helpers ---------------------------------------------------
    def say(self, key: str, **params) -> None:
        params.setdefault("coop", self.ctx.coop.get("name", ""))
        self.keys.append(key)
        self.replies.append(i18n.t(self.lang, key, **params))

    def act(self, action: str, **params) -> None:
        self.actions.append({"type": action, **params})

    def product(self, sku: str) -> dict | None:
        return self.ctx.by_sku.get(sku)

    def label(self, sku: str) -> str:
        p = self.product(sku)
        return p["name"] if p else sku

    def line_text(self, sku: str, qty: int) -> str:
        p = self.product(sku)
        return f"{qty} × {p['name']} — {i18n.money(p['price'] * qty)}"

    def numbered(self, skus: list[str], start: int = 1) -> str:
        return "\n".join(f"{i}. {self.label(s)} — {i18n.money(self.product(s)['price'])}"
                         for i, s in enumerate(skus, start=start))

    def result(self) -> Result:
        data = self.data
        data["strikes"] = 0 if self.used else data.get("strikes", 0)
        if data.get("cart") and self.now:
            data["touched"] = self.now.isoformat()
        else:
            data.pop("touched", None)
        return Result(self.state, data, self.lang, _split_long(self.replies), self.actions,
                      self.handoff_until, self.topic or answers.topic_of(self.keys))


# --------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------

def step(conv: dict, event: Event, ctx: Context) -> Result:
    """Advance one conversation by one inbound event."""
    turn = _Turn(conv, event, ctx)
    now = ctx.now or datetime.now().astimezone()
    if turn.state == "handoff":
        until = turn.handoff_until
        if until and datetime.fromisoformat(until) > now:
            return turn.result()                       # a person is answering: stay quiet
        turn.state, turn.handoff_until = "start", None
    turn.now = now
    if _cart_expired(turn, now):
        return turn.result()
    text = (event.text or "").strip()
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


def _cart_expired(turn: _Turn, now: datetime) -> bool:
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
    if event.text and _LETTERS.search(event.text):
        turn.lang = i18n.supported(nlu.parse(event.text, turn.ctx.index).lang) \
            if nlu.lang_is_cued(event.text) else turn.lang
    turn.state = "keep_cart"
    lines = "\n".join(turn.line_text(l["sku"], l["qty"]) for l in turn.data["cart"]
                      if turn.product(l["sku"]))
    turn.say("keep_cart", lines=lines)
    return True


def _on_keep_cart(turn: _Turn) -> bool:
    """Yes: the old basket stays; no: it goes. Then the message that came with the question."""
    p = turn.parse
    if p.intent not in ("confirm", "deny") or _has_order_content(p):
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
        _show_cart(turn, ask_more=True)
    else:
        turn.say("ask_what")
    return True


_VOLUNTEER_STATES = ("start", "ordering", "offer_saved")


def _orders(turn: _Turn, words: str) -> bool:
    """Do ``words`` order a product of the catalog (and name no street)?"""
    p = nlu.parse(words, turn.ctx.index)
    return bool(p.items or p.ambiguous) and not p.address_cue and not p.guessed


def _read_volunteered(turn: _Turn, text: str) -> None:
    """A name or an address written with the order ("bghit 2 amlou, smiti Salma, hay riad
    zanqa 7 raqm 14"): kept for checkout, and taken out of what the order parser reads, so a
    number in an address is never a quantity."""
    found = turn.found = nlu_details.extract(text, lambda words: _orders(turn, words))
    if turn.state not in _VOLUNTEER_STATES:
        return
    details = turn.data["details"]
    if not (found.name or found.address):
        _city_named_early(turn, found)
        return
    name = _clean_name(found.name) if found.name else None
    if name:
        details["name"] = name
    rest = found.rest
    if found.address:
        address, rest = _full_address(turn, found)
        _set_address(turn, address)
    else:
        rest = _numbered_place(turn, rest)      # "…, casa, sidi maarouf 12"
    if not name and found.address:
        rest = _bare_name(turn, rest)           # "rabat, hay el fath …, Youssef Bakkali, …"
    if found.city and not details.get("city"):
        _set_city(turn, found.city, quiet=True)
    turn.volunteered = True
    turn.data["rushing"] = True
    turn.parse = nlu.parse(_proper_names_out(turn, rest), turn.ctx.index)


def _city_named_early(turn: _Turn, found) -> None:
    """A city named before checkout ("I'm in Fes, can you deliver there?", "livraison à
    Agadir svp", "salut, Fatima Bennis, marrakech") is kept for it, with a name written
    alone beside it when the message orders nothing; a city in the delivery answer still
    replaces it."""
    details = turn.data["details"]
    if not found.city or details.get("city") or _match_city(turn, found.city) is None:
        return
    turn.data["city_named"] = found.city   # the answers still speak of the city asked about
    if not details.get("name") and not _has_order_content(turn.parse):
        _bare_name(turn, found.rest)


def _proper_names_out(turn: _Turn, text: str) -> str:
    """``text`` without the capitalised names in it ("Karim Zitouni", "Riad Dar Zitoun") that
    start with a word neither the lexicon nor the catalog knows: with delivery details, a
    product word inside a person's or a place's name orders nothing ("2 Miel Sidr Royal"
    still orders)."""
    def stranger(word: str) -> bool:
        p = nlu.parse(word, turn.ctx.index)
        return nlu_details.has_unknown_word(word) and not (p.items or p.ambiguous)

    return _FULL_NAME.sub(
        lambda m: " , " if stranger(m.group(0).split()[0]) else m.group(0), text)


def _names_order_nothing(turn: _Turn, text: str) -> None:
    """At the delivery steps, "Riad Dar Zitoun" or "Karim Zitouni" is an address or a name:
    the product words inside it are read as nothing (:func:`_proper_names_out`)."""
    p = turn.parse
    if turn.state not in DETAIL_STATES or turn.volunteered or not _has_order_content(p):
        return
    words = _proper_names_out(turn, text)
    if words == text:
        return
    out = nlu.parse(words, turn.ctx.index)
    turn.parse = dataclasses.replace(
        p, intent=out.intent if p.intent == "order" else p.intent, items=out.items,
        ambiguous=out.ambiguous, removed=out.removed, unknown_products=out.unknown_products,
        guessed=out.guessed)


def _full_address(turn: _Turn, found) -> tuple[str, str]:
    """The address with the district written just before its street word ("Sidi Maârouf
    rue 3", "Boukhalef résidence Jnane") unless those words order something; and the rest
    of the message without them."""
    lead = found.lead
    if not lead or lead not in found.rest or _orders(turn, lead):
        return found.address, found.rest
    return f"{lead} {found.address}", found.rest.replace(lead, " ", 1)


def _bare_name(turn: _Turn, rest: str) -> str:
    """With an address given, a part between commas that is only a capitalised name is the
    name. Returns the message without it."""
    parts = _PARTS.split(rest)
    for i, part in enumerate(parts):
        pieces = [p for chunk in _PHONE.split(part) for p in _peel_cities(chunk)]
        for piece in pieces:     # "Malika Sabri Rabat Youssoufia rue 8", "Karim 0612345678 …"
            name = nlu_details.bare_name(piece)
            if name and not _orders(turn, piece) and not nlu_details.city_only(piece)[0]:
                turn.data["details"]["name"] = name
                return "".join(parts[:i] + [part.replace(piece, " ", 1)] + parts[i + 1:])
    return rest


def _peel_cities(part: str) -> list[str]:
    """``part`` and what is left of it once the cities written at its ends are taken off,
    one after the other ("Malika Sabri Rabat Youssoufia" → "Malika Sabri")."""
    pieces = [part]
    while True:
        split = _split_cities([pieces[-1]])
        rest = [p for p in split if not nlu_details.city_only(p)[1]]
        if len(split) < 2 or len(rest) != 1:
            return pieces
        pieces.append(rest[0])


def _numbered_place(turn: _Turn, rest: str) -> str:
    """With a name given, a part between commas holding a number, a word that is no known
    word, and no product ("sidi maarouf 12") is the address, never a quantity. Returns the
    message without it."""
    parts = _PARTS.split(rest)
    for i, part in enumerate(parts):
        if (re.search(r"\d", part) and nlu_details.has_unknown_word(part)
                and not _orders(turn, part) and not nlu_details.city_only(part)[0]
                and not nlu.parse(part, turn.ctx.index).unknown_products):
            _set_address(turn, " ".join(part.split()))
            return "".join(parts[:i] + parts[i + 1:])
    return rest


_ARABIC = re.compile(r"[\u0600-\u06FF]")
_DARIJA = ("ary-Latn", "ary-Arab")


def _usual_lang(ctx: Context) -> str:
    """The language for a customer whose messages show none yet (a voice note, a sticker, a
    product name): the cooperative's customers' usual one (``customer_language``, Darija by
    default), and Darija for a Moroccan number."""
    settings = ctx.coop.get("settings", {})
    usual = i18n.supported(settings.get("customer_language") or "ary-Latn")
    if (ctx.phone or "").startswith("+212") and usual not in _DARIJA:
        return "ary-Latn"
    return usual


_NAME_WORD = r"[A-Z][a-z\u00E0-\u00FF]+(?:-[A-Z][a-z\u00E0-\u00FF]+)?"
_FULL_NAME = re.compile(rf"(?<![\w'-]){_NAME_WORD}(?:[ \t]+{_NAME_WORD})+(?![\w'-])")


def _without_full_names(text: str) -> str:
    """The message without its runs of two or more capitalised Latin words ("Liam Walsh",
    "Fatna Ait Ali"): a person's or a place's name says nothing of the customer's language,
    even when one of its words is spelled like a Darija word ("Liam": "liyam", days)."""
    return _FULL_NAME.sub(" , ", text)


def _choose_lang(turn: _Turn, text: str) -> None:
    """Answer in the language of the customer's last message that shows one.

    A name, an address or "2 amlou" shows none: the conversation keeps its language (the
    parser's guess is used only for a first message).
    """
    if turn.volunteered:                         # an address's "rue" is no French, but
        text = " ".join(filter(None, (turn.found.rest, turn.found.cues)))   # "pour X" is
    if not _LETTERS.search(text) or not _may_switch_lang(turn):
        return
    words = _without_full_names(text)
    if words != text and nlu.lang_is_cued(words):
        turn.lang = i18n.supported(nlu.detect_lang(words))   # "Liam" is no Darija "liyam"
        turn.data["lang_seen"] = True
    elif nlu.lang_is_cued(text):                 # "I Want Two Honey": all capitalised
        turn.lang = i18n.supported(nlu.detect_lang(text) if turn.volunteered
                                   else turn.parse.lang)
        turn.data["lang_seen"] = True
    elif not turn.data.get("lang_seen"):
        # "amlou", "Ghassoul 200g": no language shown; the script still shows Arabic.
        turn.lang = "ary-Arab" if _ARABIC.search(text) else (       # "Bonjour, …": French
            i18n.supported(nlu.opening_lang(words) or _usual_lang(turn.ctx)))
        turn.data["lang_seen"] = True


# --------------------------------------------------------------------------
# Media, stickers, locations
# --------------------------------------------------------------------------

def _on_media(turn: _Turn) -> None:
    media = turn.event.media
    if media in ("voice", "image", "video", "document"):
        turn.say("media_voice" if media == "voice" else "media_image")
        turn.act("alert_members", kind="media", media=media)
    else:
        turn.say("empty_message")
    turn.used = media is not None


def _on_location(turn: _Turn) -> None:
    loc = turn.event.location
    details = turn.data["details"]
    details["latitude"] = loc.get("latitude")
    details["longitude"] = loc.get("longitude")
    details["address"] = (loc.get("address") or loc.get("label")
                          or f"📍 {geo.map_link(loc.get('latitude'), loc.get('longitude'))}")
    details["pin"] = True
    city = nlu.find_city(loc.get("address") or loc.get("label") or "")
    if city and not details.get("city"):
        _set_city(turn, city, quiet=True)        # the pin's label names it: "Riad Yasmine, Marrakech"
    turn.say("location_received")
    if turn.state in DETAIL_STATES or turn.state == "offer_saved":
        _next_detail(turn)
    elif turn.data["cart"] and not turn.data["queue"]:
        _start_checkout(turn)
    elif not turn.data["cart"]:
        turn.say("location_no_cart")


# --------------------------------------------------------------------------
# Dispatch
# --------------------------------------------------------------------------

def _has_order_content(p) -> bool:
    return bool(p.items or p.ambiguous or p.removed or p.unknown_products)


def _may_switch_lang(turn: _Turn) -> bool:
    """Names, addresses and cities say nothing of the customer's language: while the bot
    asks for them, only a question or an order can switch the replies' language."""
    if not turn.data.get("lang_seen"):
        return True
    p = turn.parse
    if (p.intent in _NOT_AN_ANSWER and not _has_order_content(p)
            and len(turn.event.text.split()) <= 3):
        return False                             # "ok c bon", "merci", "svp" inside Darija
    if turn.found and (turn.found.address or turn.found.name) and not turn.volunteered:
        return False                             # "12 rue des Orangers" at the summary
    if turn.volunteered and not _has_order_content(p):
        return False                             # only details: "Michael Green, Rabat, …"
    if turn.state in DETAIL_STATES:
        return p.intent in INTERRUPTING or _has_order_content(p)
    return True


def _dispatch(turn: _Turn) -> None:
    p = turn.parse
    page = turn.data.pop("catalog_page", None)          # "more" answers only the last page
    if page and is_more_word(turn.event.text):
        return _catalog(turn, page=page)
    state = turn.state
    _read_in_context(turn)         # "ghalya… 3tini ghir wa7ed dyal 1 gram": an order, not haggling
    if _on_step_words(turn) or _pre_sale(turn):
        return
    p = turn.parse                                      # "thats all" may now read as done
    if _details_offered_answer(turn):
        return
    handler = _STATE_HANDLERS.get(state)
    if handler and handler(turn):
        return
    if turn.volunteered and not _has_order_content(p) and p.intent not in INTERRUPTING:
        queue = turn.data["queue"]
        if queue and turn.found.address and all(q["type"] == "qty" for q in queue):
            for q in queue:        # "how many?" answered with the address: one, said in words
                _set_line(turn, q["sku"], 1, add=True)
                turn.say("qty_assumed_one", product=turn.label(q["sku"]))
            turn.data["queue"] = []
            missing = _missing_details(turn)
            if missing:            # the rest of the message ("محمد أمين، طنجة") answers them
                turn.state = f"ask_{missing[0]}"
                if _on_details(turn):
                    return
                turn.state = "ordering"
            _checkout_now(turn)
        elif queue:
            _ask_queue_head(turn)
        elif turn.data["cart"]:
            _next_detail(turn)                   # "smiti Salma, hay riad…": on to checkout
        else:
            turn.say("ask_what")
        return
    if turn.data["queue"] and _answer_queue(turn):
        return
    intent = p.intent
    if p.cart_cue and turn.data["cart"] and not _has_order_content(p) and intent in (
            "catalog", "unknown", "order"):
        return _show_cart(turn, ask_more=True)       # "chno kayn f lpanier?"
    if intent == "human" and (nlu_details.numbered_pick(turn.event.text)
                              or (turn.found and turn.found.address)):
        intent = "order" if _has_order_content(p) else "unknown"   # "raqm 3", "derb 3ayto"
    if intent == "human":
        return _handoff(turn)
    if intent == "cancel":
        return _cancel(turn)
    if intent == "status":
        return _status(turn)
    if intent == "price":
        return _price(turn)
    if intent == "delivery":
        return _delivery(turn)
    if intent in ("order", "deny", "unknown", "confirm") and _size_switch(turn):
        return _show_cart(turn, ask_more=True)
    if intent in ("order", "deny", "unknown", "confirm") and _corrected_quantity(turn):
        return _apply_order(turn)                # "la, bghit jouj machi wa7da"
    bare_number = (p.number is not None and not _has_order_content(p) and not p.set_quantity
                   and intent in ("order", "unknown"))
    if bare_number and turn.data.get("last_list"):
        family = _context_family(turn) if _size_word_pick(p) else []
        if family:                               # "the big one": by its size, not the 1st
            sku = _by_size_word(turn, family, p.size_hint)
            return _pick_from_list(turn, turn.data["last_list"].index(sku) + 1)
        return _pick_from_list(turn, p.number)
    if p.ordinal is not None and turn.data.get("last_list") and not _has_order_content(p):
        position = _ordinal_position(p, len(turn.data["last_list"]))
        return _pick_from_list(turn, position or 0)       # 0: "pick one from 1 to N"
    if bare_number and _cart_qty(turn, turn.data.get("last_sku")) and 0 < p.number:
        # "2" right after "1 × Huile d'argan… anything else?": that line's quantity.
        turn.data["pending_set"] = {"sku": turn.data["last_sku"], "qty": int(p.number)}
        return _apply_order(turn)
    if intent == "catalog" and (p.items or p.ambiguous):
        return _available(turn)
    if intent == "order" or (_has_order_content(p) and intent not in ("catalog", "help")):
        if _has_order_content(p) or _set_last_quantity(turn):
            return _apply_order(turn)
        if p.number is not None:                 # a bare number with nothing to answer
            return _not_understood(turn)
        if turn.data["cart"] and not turn.data["queue"]:
            return _start_checkout(turn)
        turn.say("ask_what")
        return
    if intent == "catalog":
        return _catalog(turn)
    if intent == "help":
        turn.say("help")
        return
    if intent == "thanks":
        turn.say("thanks")
        return
    if intent == "greet":
        if turn.data["cart"]:
            turn.say("greet_back")
            _show_cart(turn)
            return
        turn.say("welcome")
        return
    if intent in ("confirm", "deny") and turn.data["queue"]:
        if _reask_or_drop(turn):                 # "safi" / "c'est tout" with a question open
            return
    if intent in ("confirm", "deny") and turn.data["cart"]:
        return _start_checkout(turn)
    if intent in ("confirm", "deny"):
        turn.say("ask_what")
        return
    if p.number is not None and turn.data.get("last_list"):
        return _pick_from_list(turn, p.number)
    if turn.data["cart"] and not turn.data["queue"] and p.city and not _has_order_content(p):
        _set_city(turn, p.city, quiet=True)     # "casa" after "anything else?": on to delivery
        return _start_checkout(turn)
    _not_understood(turn)


def _context_family(turn: _Turn) -> list[str]:
    """The sizes of the one product the bot just asked about or listed ("which one?",
    "how many?", its prices): what a message naming no product refers to."""
    queue = turn.data["queue"]
    if queue:
        head = queue[0]
        skus = list(head["candidates"]) if head["type"] == "choice" else [head["sku"]]
    else:
        skus = list(turn.data.get("last_list") or [])
    skus = [s for s in skus if turn.product(s)]
    if not skus or len({_family_name(turn.product(s)) for s in skus}) != 1:
        return []
    return skus


def _family_name(product: dict) -> str:
    """A product's name without any word holding a figure ("تمر المجهول 1كلغ", "Miel de
    thym 500g"): what its sizes share, whatever the script of the size."""
    return " ".join(w for w in _base_name(product).split() if not re.search(r"\d", w))


def _read_in_context(turn: _Turn) -> None:
    """"3tini jouj kilo", "give me 2 kilo" after the prices or the sizes of one product:
    the measure is read as if the message named that product (it picks the size and the
    quantity). Only a measure that makes a quantity of one of those sizes is taken."""
    p = turn.parse
    if (_has_order_content(p) or p.number is not None or p.ordinal is not None
            or turn.state not in ("start", "ordering") or turn.volunteered):
        return
    queue = turn.data["queue"]
    if queue and queue[0].get("quantity"):
        return                  # "2 amlou" — "250g": the quantity is known, the size picks
    skus = _context_family(turn)
    if not skus:
        return
    name = _family_name(turn.product(skus[0]))
    skus = skus + [q["sku"] for q in turn.ctx.products   # "3tini ghir wa7ed dyal 1 gram"
                   if q["sku"] not in skus and _family_name(q) == name]   # after the 5 g's price
    text = turn.event.text
    for words in (f"{name} {text}", f"{text} {name}"):
        read = nlu.parse(words, turn.ctx.index)
        items = tuple(i for i in read.items if i.sku in skus and i.quantity)
        if len(items) == 1 and not [i for i in read.items if i.sku not in skus]:
            turn.parse = dataclasses.replace(p, intent="order", items=items, ambiguous=())
            return


def _on_step_words(turn: _Turn) -> bool:
    """Words whose meaning depends on the step: yes/no to "shall a person call you?",
    "khlliha" (keep it, never a cancel), "ok merci" / "ghadi nchouf" (later: the basket is
    kept). True when the message was used."""
    p = turn.parse
    text = turn.event.text
    if p.intent == "unknown" and not _has_order_content(p) and \
            nlu_details.says(text, "done"):
        p = turn.parse = dataclasses.replace(p, intent="confirm")   # "thats all"
    offered = turn.data.pop("human_offered", False)
    plain = not _has_order_content(p) and not (turn.found and turn.found.address)
    if offered and plain and p.intent in ("confirm", "deny"):
        if p.intent == "confirm":
            _handoff(turn)
        else:
            turn.say("human_declined")
            _resume(turn)                      # the pending step, or the way back to ordering
        return True
    if not plain or turn.state in DETAIL_STATES + ("confirm_city", "confirm_cancel"):
        return False
    if nlu_details.says(text, "keep") and p.intent in ("cancel", "confirm", "unknown", "deny"):
        if turn.state == "confirm":
            turn.say("confirm_prompt")           # a keep word never places an order
        elif turn.data["cart"]:
            turn.data["queue"] = [q for q in turn.data["queue"] if not q.get("soft")]
            if turn.data["queue"]:
                _ask_queue_head(turn)
            else:
                _start_checkout(turn)
        else:
            turn.say("ask_what")
        return True
    if nlu_details.says(text, "later") and p.intent in ("thanks", "confirm", "unknown", "deny"):
        turn.data["queue"] = [q for q in turn.data["queue"] if not q.get("soft")]
        if turn.state == "confirm":
            turn.state = "ordering"             # the summary is shown again before any order
        turn.say("goodbye_cart_kept" if turn.data["cart"] else "goodbye_later")
        return True
    return False


def _not_understood(turn: _Turn) -> None:
    turn.used = False
    if turn.state in ("start",) and not turn.data["cart"] and not turn.data.get("welcomed") \
            and not turn.data["queue"]:
        turn.data["welcomed"] = True
        turn.say("welcome")
        return
    turn.say("not_understood")
    _reprompt(turn)


def _reprompt(turn: _Turn) -> None:
    """Ask again what the current state waits for (after a side question)."""
    state = turn.state
    if turn.data["queue"]:
        _ask_queue_head(turn)
    elif state in ("ask_name", "ask_city") or (state == "ask_address"
                                               and len(_missing_details(turn)) > 1):
        _next_detail(turn)                       # everything still missing, in one question
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
# State handlers: return True when they consumed the message
# --------------------------------------------------------------------------

def _on_confirm(turn: _Turn) -> bool:
    p = turn.parse
    found = turn.found
    if found and (found.address or found.name) and not _orders(turn, found.rest):
        if found.address:
            _set_address(turn, _full_address(turn, found)[0])   # "… raqm 3": no handoff
        name = _clean_name(found.name) if found.name else None
        if name:
            turn.data["details"]["name"] = name                   # "au nom de Loubna"
        if found.city and found.address:
            _set_city(turn, found.city, quiet=True)
        _summary(turn)
        return True
    if not _has_order_content(p) and p.intent not in INTERRUPTING:
        if p.field and len(turn.event.text.split()) <= 6:
            _ask_again(turn, p.field)               # "la bdel l3onwan", "changer l'adresse"
            return True
        if p.address_cue:                           # a new address given straight away
            _set_address(turn, " ".join(turn.event.text.split()))
            _summary(turn)
            return True
    if p.intent == "confirm" and not _has_order_content(p):
        _place_order(turn)
        return True
    if _size_switch(turn):
        _summary(turn)                           # "la bdelha b nss kilo"
        return True
    if _corrected_quantity(turn):
        turn.to_summary = True                   # "la, bghit jouj machi wa7da"
        _apply_order(turn)
        return True
    if p.intent == "deny" and not _has_order_content(p):
        turn.state = "ordering"
        turn.say("what_to_change")
        return True
    if p.intent in ("order",) or _has_order_content(p):
        turn.to_summary = True                   # "zid wa7ed ghassoul": a new summary
        _set_last_quantity(turn)                 # "khlli ghir wa7da"
        _apply_order(turn)
        return True
    if p.city and p.intent not in INTERRUPTING:
        _set_city_from_text(turn, turn.event.text)
        return True
    return False


def _on_offer_saved(turn: _Turn) -> bool:
    p = turn.parse
    if p.intent == "confirm":
        saved = turn.ctx.customer
        turn.data["details"].update({k: saved.get(k) for k in
                                     ("name", "city", "address", "latitude", "longitude")})
        city = _match_city(turn, saved.get("city") or "")
        if city and city["score"] >= 90:
            turn.data["details"]["city"] = city["name"]
            turn.data["details"]["city_id"] = city.get("id")
        else:
            turn.data["details"].pop("city", None)
        _next_detail(turn)
        return True
    if p.intent == "deny":
        # a name given with the order stays, and a location pin sent
        turn.data["details"] = {k: v for k, v in turn.data["details"].items()
                                if k == "name" or (k == "pin" and v)}
        _next_detail(turn)
        return True
    return False


def _on_confirm_cancel(turn: _Turn) -> bool:
    p = turn.parse
    order_id = turn.data.pop("cancel_order_id", None)
    turn.state = "ordering" if turn.data["cart"] else "start"
    if p.intent in ("confirm", "cancel") and order_id:
        turn.act("cancel_order", order_id=order_id, reply_key="order_cancelled")
        return True
    if p.intent == "deny":
        turn.say("cancel_kept")
        return True
    return False


def _on_ask_name(turn: _Turn) -> bool:
    p = turn.parse
    # Only the catalog's own products, written as such, interrupt: a product word the
    # catalog lacks, or one read from a misspelling ("Zitouni" ~ zitoun), is more likely
    # part of a name than an order.
    if p.intent in INTERRUPTING or ((p.items or p.ambiguous or p.removed) and not p.guessed):
        return False
    name = _clean_name(turn.event.text)
    if not name or (p.intent in _NOT_AN_ANSWER
                    and not nlu_details.starts_with_title(turn.event.text)):
        turn.used = False
        turn.say("ask_name")
        return True
    turn.data["details"]["name"] = name
    if p.city and not turn.data["details"].get("city"):
        _set_city(turn, p.city, quiet=True)
    _next_detail(turn)
    return True


def _on_ask_city(turn: _Turn) -> bool:
    p = turn.parse
    if p.intent in INTERRUPTING and not p.city:
        return False
    if _has_order_content(p) and not p.city:
        return False
    _set_city_from_text(turn, turn.event.text)
    return True


def _on_confirm_city(turn: _Turn) -> bool:
    p = turn.parse
    guess = turn.data.pop("city_guess", None)
    if p.intent == "confirm" and guess:
        turn.data["details"]["city"] = guess["name"]
        turn.data["details"]["city_id"] = guess.get("id")
        _next_detail(turn)
        return True
    if p.intent == "deny" and not p.city:
        turn.state = "ask_city"
        turn.say("ask_city")
        return True
    if p.intent in INTERRUPTING and not p.city:
        if guess:
            turn.data["city_guess"] = guess
        return False
    _set_city_from_text(turn, turn.event.text)
    return True


def _on_ask_address(turn: _Turn) -> bool:
    p = turn.parse
    # A street word makes it the address, whatever else it holds ("12 rue des Orangers",
    # "حي المسيرة زنقة 5"); otherwise the catalog's products or a question interrupt.
    if not p.address_cue and (p.intent in INTERRUPTING or p.items or p.ambiguous or p.removed):
        return False
    text = " ".join(turn.event.text.split())
    city, exact = nlu_details.city_only(text)
    if city and exact and not p.address_cue:         # "rabat": the city, not an address
        turn.data["details"].pop("city", None)
        _set_city_from_text(turn, text)
        return True
    if (len(text) < 4 or not _LETTERS.search(text)
            or (p.intent in _NOT_AN_ANSWER and not p.address_cue and not p.city)):
        turn.used = False                            # "wakha", "merci": not an address
        turn.say("ask_address")
        return True
    _set_address(turn, text)
    if p.city and not turn.data["details"].get("city"):
        _set_city(turn, p.city, quiet=True)
    _next_detail(turn)
    return True


def _on_details(turn: _Turn) -> bool:
    """An answer to the delivery question: whatever details it holds, in any order and over
    several messages ("Salma, Rabat, hay riad zanqa 7", one per line, the city first).

    With one detail missing, the whole message answers it (the handlers above); with more,
    a name or address written after its cue word, an address from its street word, a city
    named alone, and a name-like rest are each taken, then only what is missing is asked.
    """
    missing = _missing_details(turn)
    p = turn.parse
    found = turn.found or nlu_details.extract(turn.event.text)
    cued = bool(found.name or found.address or p.address_cue)
    if len(missing) <= 1 and not (found.name and turn.state == "ask_name"):
        if turn.state == "ask_address" and cued:
            p = turn.parse = dataclasses.replace(p, address_cue=True)   # "raqm" is no handoff
        return _SINGLE_DETAIL[turn.state](turn)
    if not cued and not nlu_details.city_only(turn.event.text)[0] and (
            p.intent in INTERRUPTING or ((p.items or p.ambiguous or p.removed) and not p.guessed)):
        return False                             # "ch7al livraison l rabat?": answered first
    details = turn.data["details"]
    took = False
    name = _clean_name(found.name) if found.name else None
    if name:
        details["name"], took = name, True
    rest = found.rest
    if found.address:
        address, rest = _full_address(turn, found)     # "Driss, Meknes, hamria rue 4 n 10"
        _set_address(turn, address)
        took = True
    city_text = None
    address: list[str] = []
    spare: list[str] = []            # name-like words once the name is known: "wifaq"
    for fragment in _split_cities(_fragments(rest)):
        kind = _fragment_kind(turn, fragment)
        if kind == "city" and not city_text:
            city_text = fragment
        elif kind == "address":
            address.append(fragment)
        elif kind == "name" and not details.get("name"):
            details["name"], took = _clean_name(fragment), True
        elif kind == "name":
            spare.append(fragment)
    if not address and not details.get("address") and (took or city_text):
        address = spare                          # "Amina, temara, wifaq"
    elif spare and found.address and details.get("name"):
        _set_address(turn, ", ".join(spare + [details["address"]]))   # "Souissi, 8 Rue …"
    if address and not found.address:
        _set_address(turn, ", ".join(address))
        took = True
    if not city_text and (found.name or found.address):
        city_text = found.city                   # "… hay riad zanqa 7, Rabat"
    if city_text and (not details.get("city") or _city_differs(turn, city_text)):
        _set_city_from_text(turn, city_text)     # on to what is missing, or "did you mean…?"
        return True
    if not took:
        turn.used = False
    _next_detail(turn)
    return True


def _city_differs(turn: _Turn, text: str) -> bool:
    """Does ``text`` name a city other than the one kept ("Fès" asked about, then
    "…, Meknès" in the delivery answer)?"""
    match = _match_city(turn, text)
    return match is not None and match["name"] != turn.data["details"].get("city")


def _fragments(text: str) -> list[str]:
    """The parts of a message separated by commas, new lines or "w"/"et"/"and"/"و"."""
    parts = _FRAGMENTS.split(text or "")
    return [" ".join(part.split()) for part in parts if _LETTERS.search(part or "")]


def _split_cities(fragments: list[str]) -> list[str]:
    """"Salma Rabat", "rabat Salma": a city written at either end of a fragment is a part
    of its own (only a city's own form, so "Rachida" stays whole)."""
    out = []
    for fragment in fragments:
        words = fragment.split()
        for n in (2, 1):
            if len(words) <= n:
                continue
            if nlu_details.city_only(" ".join(words[-n:]))[1]:
                out += [" ".join(words[:-n]), " ".join(words[-n:])]
                break
            if nlu_details.city_only(" ".join(words[:n]))[1]:
                out += [" ".join(words[:n]), " ".join(words[n:])]
                break
        else:           # "Said marrakech massira 3 n 15" (SMS, no commas): the city between
            inner = next(((k, n) for n in (2, 1) for k in range(1, len(words) - n)
                          if nlu_details.city_only(" ".join(words[k:k + n]))[1]), None)
            out += ([" ".join(words[:inner[0]]), " ".join(words[inner[0]:sum(inner)]),
                     " ".join(words[sum(inner):])] if inner else [fragment])
    return out


def _fragment_kind(turn: _Turn, fragment: str) -> str | None:
    """``city``, ``address``, ``name`` or None for one part of a delivery answer."""
    city, exact = nlu_details.city_only(fragment)
    if city:
        # "Rachida" alone when the name is asked is a name, not a near spelling of a city.
        alone = turn.state == "ask_name" and len(_fragments(turn.event.text)) == 1
        if exact or not alone:
            return "city"
    asked = turn.state == "ask_city" and not turn.basket_just_shown   # "safi": that's all
    later = _fragments(turn.event.text)[1:]      # "safi, Houda Sebti": "ok" first
    if (asked or fragment in later) and nlu_cities.everyday_city(fragment):
        return "city"                            # "Houda Sebti, Safi, Kawki rue 3"
    if any(c.isdigit() for c in fragment) or nlu_details.extract(fragment).address:
        return "address"
    if _name_like(turn, fragment):
        return "name"
    return None


def _name_like(turn: _Turn, fragment: str) -> bool:
    name = _clean_name(fragment)
    if not name or len(name.split()) > 4:
        return False
    if nlu_details.starts_with_title(fragment):
        return True
    p = nlu.parse(fragment, turn.ctx.index)
    return p.intent not in _NOT_AN_ANSWER + INTERRUPTING and not (
        (p.items or p.ambiguous) and not p.guessed)


_STATE_HANDLERS = {
    "confirm": _on_confirm,
    "offer_saved": _on_offer_saved,
    "confirm_cancel": _on_confirm_cancel,
    "keep_cart": _on_keep_cart,
    "ask_name": _on_details,
    "ask_city": _on_details,
    "confirm_city": _on_confirm_city,
    "ask_address": _on_details,
}
_SINGLE_DETAIL = {"ask_name": _on_ask_name, "ask_city": _on_ask_city,
                  "ask_address": _on_ask_address}


# --------------------------------------------------------------------------
# Cart
# --------------------------------------------------------------------------

def _cart_qty(turn: _Turn, sku: str) -> int | None:
    for line in turn.data["cart"]:
        if line["sku"] == sku:
            return line["qty"]
    return None


def _set_line(turn: _Turn, sku: str, qty: int, *, add: bool) -> None:
    cart = turn.data["cart"]
    for line in cart:
        if line["sku"] == sku:
            line["qty"] = line["qty"] + qty if add else qty
            break
    else:
        if len(cart) >= MAX_LINES:
            turn.say("too_many_lines", max=MAX_LINES)
            return
        cart.append({"sku": sku, "qty": qty})
    for line in cart:
        if line["sku"] == sku and line["qty"] > MAX_QTY:
            line["qty"] = MAX_QTY
            turn.say("qty_capped", max=MAX_QTY, product=turn.label(sku))
    turn.data["last_sku"] = sku
    turn.data.pop("last_list", None)       # a later bare number is no longer a pick
    turn.data.pop("last_list_qty", None)


def _remove_line(turn: _Turn, sku: str) -> bool:
    before = len(turn.data["cart"])
    turn.data["cart"] = [l for l in turn.data["cart"] if l["sku"] != sku]
    turn.data["queue"] = [q for q in turn.data["queue"]
                          if q.get("sku") != sku and sku not in q.get("candidates", [])]
    return len(turn.data["cart"]) < before


def _corrects(text: str) -> bool:
    """"la smah lia", "sorry, make it 2": a correction of what was just said, unless it
    keeps adding ("la, zid 1 ghassoul")."""
    return nlu_details.says(text, "correction") and not nlu_details.says(text, "more")


def _corrected_quantity(turn: _Turn) -> bool:
    """"la, bghit jouj machi wa7da", "non, 2 pas 1": the one line just touched (or the only
    one) gets the number said before the negation."""
    p = turn.parse
    if _has_order_content(p) or not turn.data["cart"]:
        return False
    before = nlu_details.before_negation(turn.event.text)
    if before is not None:
        numbers = _numbers(turn, before)
    elif (_corrects(turn.event.text) or p.set_quantity
          and not nlu_details.says(turn.event.text, "more")):
        numbers = _numbers(turn, turn.event.text)    # "la smah lia, bghit tlata", "make it 2"
    else:
        return False
    number = numbers[-1] if len(numbers) == 1 or before is not None and numbers else None
    cart = turn.data["cart"]
    sku = turn.data.get("last_sku") if _cart_qty(turn, turn.data.get("last_sku")) else (
        cart[0]["sku"] if len(cart) == 1 else None)
    if number is None or not sku or not 0 < number <= MAX_QTY:
        return False
    turn.data["pending_set"] = {"sku": sku, "qty": int(number)}
    return True


def _size_switch(turn: _Turn) -> bool:
    """"la bdelha b nss kilo", "actually make them the 100ml ones": the line just touched
    becomes the same product in the size named, with its quantity."""
    p = turn.parse
    sku = turn.data.get("last_sku")
    qty = _cart_qty(turn, sku)
    if _has_order_content(p) or not qty:
        return False
    text = turn.event.text
    if not (nlu_details.says(text, "correction") or p.replace or p.set_quantity
            or p.intent == "deny" or nlu_details.says(text, "restart")):
        return False
    base = _base_name(turn.product(sku))
    again = nlu.parse(f"{base} {text}", turn.ctx.index)
    named = {i.sku for i in again.items}
    if len(named) != 1 or sku in named:
        return False
    new = named.pop()
    product = turn.product(new)
    if not product or _base_name(product) != base or not product["in_stock"]:
        return False
    _remove_line(turn, sku)
    _set_line(turn, new, qty, add=True)
    return True


def _numbers(turn: _Turn, text: str) -> list[int]:
    """The numbers written in ``text``, each word read on its own ("tlata", "3", "two")."""
    out = []
    for word in nlu.normalise(text).split():
        number = nlu.parse(word, turn.ctx.index).number
        if number is not None:
            out.append(int(number))
    return out


def _set_last_quantity(turn: _Turn) -> bool:
    """``khlli ghir jouj`` with no product named: change the line just touched."""
    p = turn.parse
    sku = turn.data.get("last_sku")
    if not p.set_quantity or p.number is None or not sku or _cart_qty(turn, sku) is None:
        return False
    if p.number <= 0:
        return False
    turn.data["pending_set"] = {"sku": sku, "qty": int(p.number)}
    return True


def _read_correction(turn: _Turn) -> None:
    """"non pardon 2 ghassoul": a product already in the basket gets that quantity instead
    of more; "non annulez, je préfère 2 amlou": the basket starts again with the new lines."""
    p = turn.parse
    text = turn.event.text
    if not turn.data["cart"] or not (p.items or p.ambiguous):
        return
    if nlu_details.says(text, "restart") and not p.removed:
        turn.data["cart"], turn.data["queue"] = [], []
        return
    new = [i for i in p.items if _cart_qty(turn, i.sku) is None]
    last = turn.data.get("last_sku")
    if (nlu_details.says(text, "swap") and not p.replace and len(p.items) == 1 and new
            and not new[0].quantity and not p.ambiguous and _cart_qty(turn, last)):
        qty = _cart_qty(turn, last)              # "la bdelhom b kesksou dra": as many
        _remove_line(turn, last)
        turn.parse = dataclasses.replace(p, items=(nlu.Item(new[0].sku, qty, "add"),))
        return
    if _corrects(text):
        items = tuple(nlu.Item(i.sku, i.quantity, "set") if i.quantity and
                      _cart_qty(turn, i.sku) is not None else i for i in p.items)
        turn.parse = dataclasses.replace(p, items=items)


def _apply_order(turn: _Turn) -> None:
    """Apply the parse's order lines, removals and unknown products to the cart."""
    _read_correction(turn)
    p = turn.parse
    changed = False
    if p.city and not turn.data["details"].get("city"):
        _set_city(turn, p.city, quiet=True)       # "… livraison à Rabat": kept for checkout
    pending_set = turn.data.pop("pending_set", None)
    if pending_set:
        _set_line(turn, pending_set["sku"], pending_set["qty"], add=False)
        changed = True
    if p.restart and turn.data["cart"]:           # "non annulez, je préfère 2 amlou 500g"
        turn.data["cart"], turn.data["queue"] = [], []
    out_of_stock = []
    wanted: dict[str, int] = {}            # out of stock sku → the quantity asked
    asked: list[dict] = []                 # this message's new questions
    swapped = _swapped_quantity(turn, p)   # "bdel amlou b ghassoul": as many ghassoul
    for item in p.items:
        product = turn.product(item.sku)
        if product is None:
            continue
        if not product["in_stock"]:
            out_of_stock.append(item.sku)
            if item.quantity:
                wanted[item.sku] = int(item.quantity)
            continue
        if item.quantity is None and swapped:
            item = nlu.Item(item.sku, swapped, item.op)
        if item.quantity is None:
            if _cart_qty(turn, item.sku) is None:
                asked.append({"type": "qty", "sku": item.sku})
            else:
                turn.data["last_sku"] = item.sku
                changed = True
            continue
        if item.quantity <= 0:
            continue
        _set_line(turn, item.sku, int(item.quantity), add=getattr(item, "op", "add") != "set")
        changed = True
    for amb in p.ambiguous:
        candidates = [s for s in amb.candidates if turn.product(s) and turn.product(s)["in_stock"]]
        if not candidates:
            out_of_stock.extend(amb.candidates[:1])
            continue
        if len(candidates) == 1:
            if amb.quantity:
                _set_line(turn, candidates[0], int(amb.quantity), add=True)
                changed = True
            else:
                asked.append({"type": "qty", "sku": candidates[0]})
            continue
        in_cart = [s for s in candidates if _cart_qty(turn, s)]
        if amb.op == "set" and amb.quantity and len(in_cart) == 1:
            _set_line(turn, in_cart[0], int(amb.quantity), add=False)  # "en fait 3 huiles"
            changed = True
            continue
        asked.append({"type": "choice", "candidates": candidates,
                      "quantity": amb.quantity or swapped, "text": amb.text})
    _queue_first(turn, asked)
    removed = []
    for sku in _removed_skus(p):
        if _remove_line(turn, sku):
            removed.append(turn.label(sku))
    if removed:
        turn.say("removed", products=", ".join(removed))
        changed = True
    for sku in out_of_stock:
        _offer_instead(turn, sku, wanted.get(sku))
    if p.unknown_products:
        suggestions = [s for s in p.suggestions if turn.product(s) and turn.product(s)["in_stock"]]
        turn.say("not_sold", product=", ".join(p.unknown_products))
        if suggestions:
            turn.say("closest", options=turn.numbered(suggestions))
            turn.data["last_list"] = suggestions
        else:
            turn.say("see_catalog")
    if turn.state in ("start", "confirm", "offer_saved") or turn.state in DETAIL_STATES:
        if turn.state == "start" or changed or turn.data["queue"]:
            turn.state = "ordering"
    if turn.data["queue"]:
        if changed:
            _show_cart(turn, ask_more=False)   # repeat back what was understood
        _ask_queue_head(turn)
    elif turn.to_summary and turn.data["cart"] and not _missing_details(turn):
        _summary(turn)
    elif changed and turn.volunteered:
        _checkout_now(turn)
    elif changed:
        _show_cart(turn, ask_more=True)
    elif not (out_of_stock or p.unknown_products):
        _show_cart(turn, ask_more=True)


def _checkout_now(turn: _Turn) -> None:
    """An order written with delivery details: the basket and what is still missing, or the
    summary straight away when nothing is."""
    if _missing_details(turn):
        _show_cart(turn, ask_more=False)
        turn.data["basket_shown"] = True
    _start_checkout(turn)


def _queue_first(turn: _Turn, asked: list[dict]) -> None:
    """Put this message's questions first (the customer is talking about them now).

    An older question they make moot goes: the same product's "how many?", or a "which
    one?" whose options include all of the new one's ("miel" then "miel de thym").
    """
    def moot(old: dict) -> bool:
        for new in asked:
            if old["type"] == "qty" and old["sku"] in ({new.get("sku")} |
                                                         set(new.get("candidates", []))):
                return True
            if old["type"] == new["type"] == "choice" and \
                    set(new["candidates"]) <= set(old["candidates"]):
                return True
        return False
    turn.data["queue"] = asked + [q for q in turn.data["queue"] if not moot(q)]


def _swapped_quantity(turn: _Turn, p) -> int | None:
    """The basket quantity of the one product a "replace X with Y" message takes out."""
    if not p.replace:
        return None
    in_cart = [s for s in dict.fromkeys(_removed_skus(p)) if _cart_qty(turn, s)]
    return _cart_qty(turn, in_cart[0]) if len(in_cart) == 1 else None


def _removed_skus(p) -> list[str]:
    """Skus a message removes: resolved lines, or every candidate of a vague mention."""
    skus: list[str] = []
    for r in p.removed:
        if isinstance(r, str):
            skus.append(r)
        elif getattr(r, "candidates", None):
            skus.extend(r.candidates)
        elif getattr(r, "sku", None):
            skus.append(r.sku)
    return skus


def _base_name(product: dict) -> str:
    """A product's name without its size: what its variants share."""
    label = size_label(product)
    name = product["name"].lower()
    return " ".join((name.replace(label.lower(), " ") if label else name).split())


def _offer_instead(turn: _Turn, sku: str, qty: int | None = None) -> None:
    """Out of stock: the same product in another size first, then similar products, each
    list under a line saying what it is (numbered on, so a number picks one)."""
    out = turn.product(sku)
    variants = [p["sku"] for p in turn.ctx.products if p["in_stock"] and p["sku"] != sku
                and _base_name(p) == _base_name(out)]
    similar = [s for s in _alternatives(turn, sku) if s not in variants][:max(0, 4 - len(variants))]
    parts = []
    if variants:
        parts.append(i18n.t(turn.lang, "instead_variants") + "\n" + turn.numbered(variants))
    if similar:
        listed = turn.numbered(variants + similar).split("\n")[len(variants):]
        parts.append(i18n.t(turn.lang, "instead_similar") + "\n" + "\n".join(listed))
    turn.say("out_of_stock", product=turn.label(sku), alternatives="\n".join(parts))
    if variants or similar:
        turn.data["last_list"] = variants + similar
        if qty:
            turn.data["last_list_qty"] = qty
    else:
        turn.say("see_catalog")                  # nothing alike: where to look instead


def _alternatives(turn: _Turn, sku: str) -> list[str]:
    """In-stock products sharing a word with ``sku``'s name (same family)."""
    words = {w for w in turn.label(sku).lower().split() if len(w) > 3
             and not any(c.isdigit() for c in w)}          # a size is no family
    same_words = [p["sku"] for p in turn.ctx.products if p["in_stock"] and p["sku"] != sku
                  and words & {w for w in p["name"].lower().split()}]
    groups = _groups(turn)
    mine = groups.get(sku, set())
    same_group = [p["sku"] for p in turn.ctx.products if p["in_stock"] and p["sku"] != sku
                  and p["sku"] not in same_words and mine & groups.get(p["sku"], set())]
    return (same_words + same_group)[:3]


def _groups(turn: _Turn) -> dict[str, set[str]]:
    """Each product's kind from the lexicon, by its head word: soap and ghassoul are
    "cosmetic", argan and olive oil "oil" (a qualifier's group is not the product's)."""
    from .nlu.lexicon import LEXICON
    infos = getattr(turn.ctx.index, "products", None) or []
    concepts = LEXICON.concepts
    return {info.sku: {concepts[info.head].group} for info in infos
            if info.head in concepts and concepts[info.head].group}


def _show_cart(turn: _Turn, ask_more: bool = True) -> None:
    cart = turn.data["cart"]
    if not cart:
        turn.say("cart_empty")
        return
    lines = "\n".join(turn.line_text(l["sku"], l["qty"]) for l in cart)
    subtotal = _subtotal(turn)
    turn.say("cart", lines=lines, subtotal=i18n.money(subtotal))
    if ask_more and not _offer_details(turn):
        turn.say("ask_more")


def _offer_details(turn: _Turn) -> bool:
    """"Anything else? If not, your name, city and address": one message fewer to an order.
    Not for a returning customer (offered their saved details on "safi")."""
    saved = turn.ctx.customer or {}
    missing = _missing_details(turn)
    if turn.data["queue"] or not missing or (saved.get("name") and saved.get("address")):
        return False
    turn.data["details_offered"] = True
    turn.say("ask_more_or_details", fields=_fields_text(turn, missing))
    return True


def _fields_text(turn: _Turn, missing: list[str]) -> str:
    fields = [i18n.t(turn.lang, f"detail_{f}") for f in missing]
    if len(fields) == 1:
        return fields[0]
    sep = i18n.t(turn.lang, "details_sep").strip("\"") or ", "
    return i18n.t(turn.lang, "details_and", first=sep.join(fields[:-1]), last=fields[-1])


def _details_offered_answer(turn: _Turn) -> bool:
    """The answer to "anything else? if not, your name, city and address" when it is the
    details ("Salma, Rabat, hay riad zanqa 7"), read like an answer to the details question."""
    p = turn.parse
    found = turn.found            # "livraison à Rabat, 3 rue…": the details, not a question
    addressed = p.intent == "delivery" and found and found.address
    if (not turn.data.pop("details_offered", False) or turn.state != "ordering"
            or turn.data["queue"] or not turn.data["cart"]
            or _has_order_content(p) or p.number is not None
            or (p.intent in INTERRUPTING + _NOT_AN_ANSWER and not addressed)):
        return False
    text = turn.event.text
    parts = _split_cities(_fragments(text))          # "Said marrakech massira 3 n 15" too
    numbered = [f for f in parts if re.search(r"\d", f)]
    places = len(parts) > 1 and all(                  # "…, Meknes, marjane 2 n 41": a house
        nlu_details.has_unknown_word(f) and not _orders(turn, f) for f in numbered)
    if any(nlu_details.says(text, kind) for kind in ("correction", "restart", "swap", "more")) \
            or (_numbers(turn, text) and not (found and found.address) and not places):
        return False                             # "pardon, 3 pas 1": a change, not details
    shaped = (found and (found.name or found.address)) or nlu_details.city_only(text)[0] \
        or len(parts) > 1 or (not turn.data["details"].get("name")
                                         and nlu_details.bare_name(text))
    missing = _missing_details(turn)
    named = missing == ["city"] and turn.data.get("city_named")   # asked about before
    if shaped and turn.volunteered and (not missing or named):
        _next_detail(turn)                       # all of them, read with the message
        return True
    if not shaped or not missing:
        return False
    turn.state = f"ask_{missing[0]}"
    if _on_details(turn):
        return True
    turn.state = "ordering"
    return False


def _subtotal(turn: _Turn) -> float:
    return round(sum(turn.product(l["sku"])["price"] * l["qty"] for l in turn.data["cart"]
                     if turn.product(l["sku"])), 2)


# --------------------------------------------------------------------------
# Pending questions: how many? which one?
# --------------------------------------------------------------------------

def _reask_or_drop(turn: _Turn) -> bool:
    """"That's all" while "which one?" / "how many?" is open: asked once more; the second
    time, each open question is dropped in words (never silently). True when re-asked."""
    queue = turn.data["queue"]
    if any(not q.get("soft") and not q.get("reasked") for q in queue):
        queue[0]["reasked"] = True
        for q in queue:
            q["reasked"] = True
        turn.say("queue_still_open")
        _ask_queue_head(turn)
        return True
    for q in queue:
        if not q.get("soft"):
            product = turn.label(q["sku"]) if q["type"] == "qty" else (
                q.get("text") or turn.label(q["candidates"][0]))
            turn.say("queue_dropped", product=product)
    turn.data["queue"] = []
    return False


def _ask_queue_head(turn: _Turn) -> None:
    q = turn.data["queue"][0]
    if q["type"] == "qty":
        turn.say("ask_qty", product=turn.label(q["sku"]))
    else:
        turn.say("ask_choice", options=turn.numbered(q["candidates"]))


def _answer_queue(turn: _Turn) -> bool:
    """Use the message as the answer to the first pending question, if it is one."""
    p = turn.parse
    q = turn.data["queue"][0]
    if q.get("soft"):
        # An offer after a price answer ("how many?"): answered, or dropped for anything else.
        answered = _choice_answer(turn, q) if q["type"] == "choice" else \
            _quantity_answer(p, q["sku"])
        if answered is None and p.intent == "unknown" and not _has_order_content(p):
            return False        # "ghali chwiya": the product just discussed stays the context
        q.pop("soft")
        if answered is None or (q["type"] == "qty" and p.intent not in ("order", "unknown")):
            turn.data["queue"].pop(0)
            return False
        if q["type"] == "choice":
            q["candidates"] = list(q["candidates"])
    if q["type"] == "qty":
        qty = _quantity_answer(p, q["sku"])
        if qty is None and _size_word_pick(p) and not _has_order_content(p):
            name = _family_name(turn.product(q["sku"]))       # "la smeh lia, sghir": the
            q["sku"] = _by_size_word(turn, [s["sku"] for s in turn.ctx.products   # other size
                                            if _family_name(s) == name], p.size_hint)
            qty = int(p.number) if p.number and 0 < p.number <= MAX_QTY else None
            if qty is None:
                turn.say("ask_qty", product=turn.label(q["sku"]))
                return True
        if qty is None and p.intent == "confirm" and not _has_order_content(p):
            qty = 1                                  # "how many?" — "safi" / "ok": one
        if qty is None:
            if _has_order_content(p) or p.intent not in ("unknown", "confirm"):
                return False
            turn.used = False
            turn.say("ask_qty_again", product=turn.label(q["sku"]))
            return True
        turn.data["queue"].pop(0)
        if qty > 0:
            _set_line(turn, q["sku"], qty, add=True)
        _after_answer(turn, p, consumed_items={q["sku"]})
        return True
    before = list(q["candidates"])
    sku = _choice_answer(turn, q)
    if sku is None and q["candidates"] != before:       # "le miel de thym": fewer options
        turn.say("ask_choice", options=turn.numbered(q["candidates"]))
        return True
    if sku is None:
        out_of_range = (p.number is not None or p.ordinal is not None) and not p.set_quantity
        if _has_order_content(p) or (p.intent not in ("unknown",) and not out_of_range):
            return False
        turn.used = False                           # "9" or "the 9th" of 6: the list again
        turn.say("ask_choice_again", options=turn.numbered(q["candidates"]))
        return True
    turn.data["queue"].pop(0)
    if not turn.product(sku)["in_stock"]:
        turn.say("out_of_stock", product=turn.label(sku), alternatives="")
        _after_answer(turn, p, consumed_items={sku})
        return True
    qty = q.get("quantity")
    item_qty = next((i.quantity for i in p.items if i.sku == sku and i.quantity), None)
    counted = int(p.number) if _size_word_pick(p) and p.number and not p.items \
        and 0 < p.number <= MAX_QTY else None          # "wa7ed sghir", "deux petits"
    qty = _qty_beside_size(turn, sku) or item_qty or counted or qty
    if qty:
        _set_line(turn, sku, int(qty), add=True)
    else:
        turn.data["queue"].insert(0, {"type": "qty", "sku": sku})
    _after_answer(turn, p, consumed_items={sku})
    return True


def _after_answer(turn: _Turn, p, consumed_items: set) -> None:
    """After a pending question is answered: apply anything else, then go on."""
    extra = [i for i in p.items if i.sku not in consumed_items]
    if extra or p.removed:
        turn.parse = dataclasses.replace(p, items=tuple(extra), ambiguous=(), unknown_products=())
        turn.state = "ordering"
        _apply_order(turn)
        return
    turn.state = "ordering"
    if turn.data["queue"]:
        _ask_queue_head(turn)
    elif turn.data.get("rushing"):
        _checkout_now(turn)          # the order came with delivery details: on to them
    else:
        _show_cart(turn, ask_more=True)


def _quantity_answer(p, sku: str) -> int | None:
    for item in p.items:
        if item.sku == sku and item.quantity is not None:
            return int(item.quantity)
    for amb in p.ambiguous:
        if sku in amb.candidates and amb.quantity is not None:
            return int(amb.quantity)
    if p.number is not None:
        return int(p.number)
    return None


def _choice_answer(turn: _Turn, q: dict) -> str | None:
    p = turn.parse
    candidates = q["candidates"]
    text = nlu.normalise(turn.event.text)
    by_size = [s for s in candidates if size_label(turn.product(s)).lower() and
               size_label(turn.product(s)).lower() in text.replace(" ", "")]
    if len(by_size) == 1:                          # "the 1kg", "2 of the 500g"
        return by_size[0]
    names = {_family_name(turn.product(s)) for s in candidates}
    if len(names) == 1 and not (p.items or p.ambiguous) and (
            p.number is None or p.number > len(candidates)):   # "litre", "250": its size
        read = nlu.parse(f"{names.pop()} {turn.event.text}", turn.ctx.index)
        hits = [i.sku for i in read.items if i.sku in candidates]
        if len(hits) == 1 and len(read.items) == 1:
            return hits[0]
    if p.number is not None and _size_word_pick(p) and not p.items:
        return _by_size_word(turn, candidates, p.size_hint)   # "3tini jouj sghar": 2 small
    if p.number is not None and not p.items and 1 <= p.number <= len(candidates):
        return candidates[int(p.number) - 1]
    position = _ordinal_position(p, len(candidates))
    if position is not None and not p.items:           # "الثاني", "le 2eme", "lakher"
        return candidates[position - 1]
    named = [i.sku for i in p.items if i.sku in candidates]
    if len(named) == 1:
        return named[0]
    for amb in p.ambiguous:
        narrowed = [s for s in amb.candidates if s in candidates]
        if len(narrowed) == 1:
            return narrowed[0]
        if narrowed and len(narrowed) < len(candidates):
            q["candidates"] = narrowed
            candidates = narrowed
    if _size_word_pick(p):
        return _by_size_word(turn, candidates, p.size_hint)
    return None


def _size_word_pick(p) -> bool:
    return p.size_hint in ("small", "big")


def _by_size_word(turn: _Turn, candidates: list[str], hint: str) -> str:
    """The smallest or the biggest of the candidates ("sghir", "the big one")."""
    ordered = sorted(candidates, key=lambda s: turn.product(s)["size"] *
                     (1000 if turn.product(s)["unit"] in ("kg", "l") else 1))
    return ordered[0] if hint == "small" else ordered[-1]


def _qty_beside_size(turn: _Turn, sku: str) -> int | None:
    """The quantity said with the chosen product's size: "2 of the 500g", "the 1kg thyme,
    2 please", "une de 100ml" (the size's own number is never the quantity)."""
    product = turn.product(sku)
    label = size_label(product).lower()
    text = nlu.normalise(turn.event.text)
    if not label or label not in text.replace(" ", ""):
        return None
    numbers = [t for t in text.split() if t.isdigit()]     # "ch7al": no 7
    size = str(int(product["size"])) if float(product["size"]).is_integer() else ""
    if size in numbers:
        numbers.remove(size)                               # the size's own number
    if len(numbers) == 1 and 0 < int(numbers[0]) <= MAX_QTY:
        return int(numbers[0])
    if numbers:
        return None
    words = [n for n in _numbers(turn, " ".join(t for t in text.split() if not t.isdigit()))
             if 0 < n <= MAX_QTY]                          # "une de 100ml", "wa7ed dyal 5 litre"
    return words[0] if len(words) == 1 else None


def _ordinal_position(p, length: int) -> int | None:
    """The 1-based position an ordinal answer picks in a list of ``length``, if any."""
    if p.ordinal is None:
        return None
    position = length if p.ordinal == nlu.LAST else p.ordinal
    return position if 1 <= position <= length else None


def _pick_from_list(turn: _Turn, number) -> None:
    options = turn.data.get("last_list") or []
    if not 1 <= number <= len(options):
        turn.used = False
        turn.say("pick_range", max=len(options))
        return
    sku = options[int(number) - 1]
    turn.state = "ordering"
    qty = turn.data.pop("last_list_qty", None)
    if qty:                            # "2 amlou 250g" out of stock, "1": 2 of the one picked
        _set_line(turn, sku, int(qty), add=True)
        return _show_cart(turn, ask_more=True)
    turn.data["queue"].append({"type": "qty", "sku": sku})
    _ask_queue_head(turn)


# --------------------------------------------------------------------------
# Checkout: details, summary, confirmation
# --------------------------------------------------------------------------

def _start_checkout(turn: _Turn) -> None:
    turn.data.pop("rushing", None)
    if not turn.data["cart"]:
        turn.say("cart_empty")
        return
    saved = turn.ctx.customer or {}
    details = turn.data["details"]
    given = (details.get("name") or "").casefold()
    same_name = given in ("", (saved.get("name") or "").casefold())
    if (saved.get("name") and saved.get("city") and saved.get("address") and same_name
            and not details.get("city") and not details.get("address")):
        turn.state = "offer_saved"
        turn.say("offer_saved", name=saved["name"], city=saved["city"],
                 address=saved["address"])
        return
    _next_detail(turn)


_LOCATION_KEYS = ("pin", "latitude", "longitude")


def _set_address(turn: _Turn, text: str) -> None:
    """A typed address, which replaces a shared location."""
    details = turn.data["details"]
    details["address"] = text[:300]
    for key in _LOCATION_KEYS:
        details.pop(key, None)


def _ask_again(turn: _Turn, detail: str) -> None:
    """Forget one delivery detail and ask for it (then the summary again)."""
    details = turn.data["details"]
    details.pop(detail, None)
    if detail == "city":
        details.pop("city_id", None)
    if detail == "address":
        for key in _LOCATION_KEYS:
            details.pop(key, None)
    _next_detail(turn)


def _missing_details(turn: _Turn) -> list[str]:
    d = turn.data["details"]
    return [f for f in ("name", "city", "address") if not d.get(f)]


def _next_detail(turn: _Turn) -> None:
    d = turn.data["details"]
    named = turn.data.pop("city_named", None)
    if named and not d.get("city"):
        _set_city(turn, named, quiet=True)     # "I'm in Fes, can you deliver there?" earlier
    missing = _missing_details(turn)
    if len(missing) > 1:                     # everything still missing in one question
        turn.state = f"ask_{missing[0]}"
        turn.say("ask_details", fields=_fields_text(turn, missing))
    elif not d.get("name"):
        turn.state = "ask_name"
        turn.say("ask_name")
    elif not d.get("city"):
        turn.state = "ask_city"
        turn.say("ask_city")
    elif not d.get("address"):
        turn.state = "ask_address"
        turn.say("ask_address")
    elif not _pin_far(turn):
        _summary(turn)


def _pin_far(turn: _Turn) -> bool:
    """A location pin far from the city named: ask once whether to deliver near the pin."""
    d = turn.data["details"]
    if not d.get("pin") or d.get("pin_checked"):
        return False
    nearest = geo.pin_far_from(d.get("city"), d.get("latitude"), d.get("longitude"))
    if not nearest:
        return False
    d["pin_checked"] = True
    turn.data["pin_city"] = nearest
    turn.state = "confirm_pin_city"
    turn.say("pin_far", city=d["city"], nearest=nearest)
    return True


def _on_confirm_pin_city(turn: _Turn) -> bool:
    """Yes: the pin's city; no: the city named stays; a city: that one."""
    p = turn.parse
    nearest = turn.data.get("pin_city")
    city, _ = nlu_details.city_only(turn.event.text)
    if p.intent == "confirm" and nearest:
        turn.data.pop("pin_city", None)
        _set_city(turn, nearest, quiet=True)
    elif p.intent == "deny" and not city:
        turn.data.pop("pin_city", None)
    elif city:
        turn.data.pop("pin_city", None)
        turn.data["details"].pop("city", None)
        _set_city_from_text(turn, turn.event.text)
        return True
    elif p.intent in INTERRUPTING or _has_order_content(p):
        return False
    else:
        turn.used = False
        turn.say("pin_far", city=turn.data["details"].get("city", ""), nearest=nearest or "")
        return True
    _next_detail(turn)
    return True


_STATE_HANDLERS["confirm_pin_city"] = _on_confirm_pin_city


def _match_city(turn: _Turn, text: str) -> dict | None:
    return geo.match_city(text, turn.ctx.courier_cities())


def _set_city_from_text(turn: _Turn, text: str) -> None:
    match = _match_city(turn, text)
    if match is None:
        turn.used = False
        turn.state = "ask_city"
        turn.say("city_unknown")
        return
    if match.get("served") is False:
        turn.state = "ask_city"
        turn.say("city_not_served", city=match["name"])
        return
    if match["score"] >= 90:
        _set_city(turn, match["name"], city_id=match.get("id"))
        return
    turn.data["city_guess"] = {"name": match["name"], "id": match.get("id")}
    turn.state = "confirm_city"
    turn.say("confirm_city", city=match["name"])


def _set_city(turn: _Turn, name: str, city_id=None, quiet: bool = False) -> None:
    if city_id is None:
        match = _match_city(turn, name)
        if match is None or match.get("served") is False or match["score"] < 90:
            return
        name, city_id = match["name"], match.get("id")
    turn.data["details"]["city"] = name
    turn.data["details"]["city_id"] = city_id
    if not quiet:
        _next_detail(turn)


def _fee(turn: _Turn, subtotal: float) -> float:
    delivery = turn.ctx.coop.get("settings", {}).get("delivery", {})
    free_above = delivery.get("free_above")
    if free_above is not None and subtotal >= float(free_above):
        return 0.0
    city = turn.data["details"].get("city")
    return geo.city_fee(city, turn.ctx.courier_cities(), delivery.get("flat_fee") or 0)


def _summary(turn: _Turn) -> None:
    d = turn.data["details"]
    subtotal = _subtotal(turn)
    fee = _fee(turn, subtotal)
    lines = "\n".join(turn.line_text(l["sku"], l["qty"]) for l in turn.data["cart"])
    contact = turn.ctx.coop.get("settings", {}).get("contact_phone") or ""
    turn.state = "confirm"
    turn.say("summary", lines=lines, subtotal=i18n.money(subtotal),
             fee=i18n.money(fee) if fee else i18n.t(turn.lang, "free"),
             total=i18n.money(subtotal + fee), name=d.get("name", ""), city=d.get("city", ""),
             address=d.get("address", ""),
             contact=i18n.t(turn.lang, "summary_contact", phone=local_format(contact))
             if contact else "")
    turn.say("confirm_prompt")


def _place_order(turn: _Turn) -> None:
    cart = [l for l in turn.data["cart"] if turn.product(l["sku"])]
    unavailable = [l["sku"] for l in cart if not turn.product(l["sku"])["in_stock"]]
    if unavailable:
        for sku in unavailable:
            _remove_line(turn, sku)
            turn.say("out_of_stock", product=turn.label(sku), alternatives="")
        if turn.data["cart"]:
            _summary(turn)
        else:
            turn.state = "start"
            turn.say("cart_empty")
        return
    d = dict(turn.data["details"])
    subtotal = _subtotal(turn)
    fee = _fee(turn, subtotal)
    lines = [{"sku": l["sku"], "name": turn.label(l["sku"]), "quantity": l["qty"],
              "unit_price": turn.product(l["sku"])["price"]} for l in cart]
    d["phone"] = turn.ctx.phone
    turn.act("create_order", details=d, lines=lines, subtotal=subtotal, delivery_fee=fee,
             reply_key="order_placed")
    turn.act("save_customer", fields={k: d.get(k) for k in
                                      ("name", "city", "address", "latitude", "longitude")})
    turn.state = "start"
    turn.data = {"cart": [], "queue": [], "details": {}, "lang_seen": True}


# --------------------------------------------------------------------------
# Side questions
# --------------------------------------------------------------------------

def _handoff(turn: _Turn) -> None:
    now = turn.ctx.now or datetime.now().astimezone()
    turn.handoff_until = (now + timedelta(minutes=turn.ctx.handoff_minutes)).isoformat()
    turn.act("handoff")
    turn.say("handoff")
    turn.data["resume_state"] = turn.state
    turn.state = "handoff"


def _cancel(turn: _Turn) -> None:
    if turn.data["cart"] or turn.data["queue"]:
        turn.data.update({"cart": [], "queue": [], "details": {}})
        turn.state = "start"
        turn.say("cart_cleared")
        return
    order = turn.ctx.latest_order()
    if order is None:
        turn.say("nothing_to_cancel")
        return
    if order["status"] in ("pending_approval", "confirmed", "forwarded", "forward_failed"):
        turn.data["cancel_order_id"] = order["id"]
        turn.state = "confirm_cancel"
        turn.say("confirm_cancel", number=order["number"])
        return
    if order["status"] in ("cancelled", "delivered", "refused", "returned"):
        turn.say("nothing_to_cancel")
        return
    contact = turn.ctx.coop.get("settings", {}).get("contact_phone") or ""
    if contact:
        turn.say("cannot_cancel", number=order["number"], phone=local_format(contact))
    else:                                   # no phone in the cooperative's file: this chat
        turn.say("cannot_cancel_here", number=order["number"])


def _status(turn: _Turn) -> None:
    order = turn.ctx.latest_order()
    if order is None:
        turn.say("no_orders")
        return
    turn.say("status", number=order["number"],
             status=i18n.t(turn.lang, f"status_{order['status']}"),
             tracking=order.get("tracking") or "")
    _reprompt(turn)


def _mentioned(p) -> list[str]:
    """Every product a message names: resolved lines, then each candidate of vague mentions."""
    skus = [i.sku for i in p.items]
    for amb in p.ambiguous:
        skus.extend(s for s in amb.candidates if s not in skus)
    return skus


def _price(turn: _Turn) -> None:
    p = turn.parse
    skus = _mentioned(p)
    if not skus and not p.unknown_products:
        skus = _context_family(turn)            # "ch7al lkilo w ch7al nss?" about its sizes
    if not skus:
        if p.unknown_products:
            turn.say("not_sold", product=", ".join(p.unknown_products))
        return _catalog(turn)
    lines = []
    for n, sku in enumerate(skus, start=1):
        prod = turn.product(sku)
        note = "" if prod["in_stock"] else " " + i18n.t(turn.lang, "sold_out_tag")
        mark = f"{n}." if len(skus) > 1 else "•"
        lines.append(f"{mark} {prod['name']} — {i18n.money(prod['price'])}{note}")
    turn.say("prices", lines="\n".join(lines))
    available = [s for s in skus if turn.product(s)["in_stock"]]
    if turn.data["queue"] or turn.state not in ("start", "ordering") or not available:
        _reprompt(turn)
    elif len(skus) == 1:
        turn.data["queue"] = [{"type": "qty", "sku": skus[0], "soft": True}]
        turn.say("ask_order_after_price")
    else:
        turn.data["queue"] = [{"type": "choice", "candidates": skus, "quantity": None,
                               "soft": True}]
        turn.say("ask_which_after_price")


def _delivery(turn: _Turn) -> None:
    delivery = turn.ctx.coop.get("settings", {}).get("delivery", {})
    city = turn.parse.city or turn.data["details"].get("city")
    free_above = delivery.get("free_above")
    free = i18n.t(turn.lang, "delivery_free_above", amount=i18n.money(free_above)) \
        if free_above else ""
    if city:
        match = _match_city(turn, city)
        if match and match.get("served") is False:
            turn.say("city_not_served", city=match["name"])
            return
        fee = geo.city_fee(match["name"] if match else city, turn.ctx.courier_cities(),
                           delivery.get("flat_fee") or 0)
        turn.say("delivery_city", city=match["name"] if match else city, fee=i18n.money(fee),
                 free=free)
    else:
        turn.say("delivery_info", fee=i18n.money(delivery.get("flat_fee") or 0), free=free)
    _reprompt(turn)


def _available(turn: _Turn) -> None:
    """"Do you have argan oil?": yes, these (numbered, so a number picks one), and how
    many; a product not sold here: "we don't sell that" and the closest ones."""
    p = turn.parse
    mentioned = [s for s in _mentioned(p) if turn.product(s)]
    skus = [s for s in mentioned if turn.product(s)["in_stock"]]
    if not skus and mentioned:
        return _offer_instead(turn, mentioned[0])   # other sizes first, then similar ones
    if not skus:
        unknown = p.unknown_products or (" ".join(p.unknown_words),) if (
            p.unknown_products or p.unknown_words) else ()
        if not unknown:
            return _catalog(turn)
        turn.say("not_sold", product=", ".join(unknown))
        suggestions = [s for s in p.suggestions if turn.product(s) and turn.product(s)["in_stock"]]
        if suggestions:
            turn.say("closest", options=turn.numbered(suggestions))
            turn.data["last_list"] = suggestions
        else:
            turn.say("see_catalog")
        return
    turn.data["last_list"] = skus
    turn.say("available", options=turn.numbered(skus))
    if turn.data["queue"] or turn.state not in ("start", "ordering"):
        _reprompt(turn)
    elif len(skus) == 1:
        turn.data["queue"] = [{"type": "qty", "sku": skus[0], "soft": True}]
        turn.say("ask_order_after_price")
    else:
        turn.say("catalog_how")


# --------------------------------------------------------------------------
# Pre-sale questions (answers in bot/answers.py)
# --------------------------------------------------------------------------



# Topics about a product that a price question about that product answers well enough.
_ABOUT_PRODUCTS = ("argan_types", "authenticity")
_CLEAR = nlu.parser.CLEAR_TOPIC   # asked even with a number in it ("les deux huiles")


def _question_topic(turn: _Turn) -> str | None:
    """The pre-sale topic this message asks about, if the conversation should answer it."""
    p = turn.parse
    content = _has_order_content(p)
    quantity = any(i.quantity for i in p.items) or any(a.quantity for a in p.ambiguous)
    offered = turn.data.get("details_offered") and (      # "Sam Hill, Chefchaouen, Hotel …"
        (turn.found and turn.found.address)
        or any(nlu_details.city_only(f)[1] for f in _fragments(turn.event.text)[1:]))
    if (turn.state in DETAIL_STATES + ("confirm", "offer_saved") or offered) \
            and not p.question and (p.topic_score < _CLEAR or p.address_cue or offered):
        return None                        # a name, a city, an address, "changer l'adresse"
    if p.topic:
        if p.intent in ("confirm", "deny") and not p.question:
            return None                    # "wakha, ghadi nkhlles 3nd twsil": a yes, not a question
        if quantity and p.intent == "order" and not (p.question and p.topic_score >= _CLEAR):
            return None                    # "bghit 2 amlou, wach katkhlso f lbab": order first
        if p.intent == "price" and content and p.topic in _ABOUT_PRODUCTS:
            return None                    # "ch7al zit argan dyal lmakla?": its prices
        if content and p.intent == "order" and not p.question and p.topic != "discount":
            return None
        if p.topic == "delivery" and p.intent == "status" and turn.ctx.latest_order():
            return None                    # "imta twsl?" about an order already placed
        return p.topic
    if p.intent == "delivery" and not quantity:
        return "delivery"
    if (p.intent == "catalog" and not (p.items or p.ambiguous)
            and (p.unknown_products or p.unknown_words)):
        return "availability"
    if (p.intent == "catalog" and (p.items or p.ambiguous) and p.question
            and turn.state not in ("start", "ordering")):
        return "availability"              # "do you sell olive oil?" at the summary: kept
    if turn.state in DETAIL_STATES or not p.question:
        return None
    if p.intent in ("unknown", "greet") and not content and _LETTERS.search(turn.event.text):
        return "ask_coop"                  # not "???"
    return None


def _pre_sale(turn: _Turn) -> bool:
    """Answer a question asked before buying; True when the message was one.

    The answer's facts come from the cooperative file (:mod:`bot.answers`); then the
    pending step is offered again in one line. A question the file cannot answer offers
    a person, and the next "iyeh" / "la" answers that offer.
    """
    p = turn.parse
    topic = _question_topic(turn)
    if topic is None:
        return False
    turn.topic = topic
    if topic == "availability" or (topic in _ABOUT_PRODUCTS and p.unknown_products
                                   and not _mentioned(p)):
        _available(turn)                   # "is the argan oil pure?" where none is sold
        return True
    city = p.city or turn.data["details"].get("city")
    answer = answers.answer(topic, turn.lang, turn.ctx.coop, city=city,
                            cities=turn.ctx.courier_cities() if topic == "delivery" else None)
    turn.replies.extend(answer.replies)
    if answer.offer_person:
        turn.data["human_offered"] = True      # "iyeh" / "la" next: see _on_step_words
    elif topic == "discount" and _mentioned(p) and not turn.data["queue"] \
            and turn.state in ("start", "ordering"):
        _price(turn)                       # "amlou ghali": its prices, and how many
    else:
        _resume(turn)
        skus = [s for s in _mentioned(p) if turn.product(s) and turn.product(s)["in_stock"]]
        if (topic in _ABOUT_PRODUCTS and skus and not turn.data["queue"]
                and turn.state in ("start", "ordering")
                and len({_family_name(turn.product(s)) for s in skus}) == 1):
            # "is the amlou homemade?" — "great, I'll take one": that product, kept in mind
            turn.data["queue"] = [{"type": "qty", "sku": skus[0], "soft": True} if len(skus) == 1
                                  else {"type": "choice", "candidates": skus, "quantity": None,
                                        "soft": True}]
    return True


def _resume(turn: _Turn) -> None:
    """After a side answer: the pending step again, in one line."""
    if turn.data["queue"] or turn.state not in ("start", "ordering"):
        _reprompt(turn)
    elif turn.data["cart"]:
        turn.say("faq_resume_cart", subtotal=answers.money(turn.lang, _subtotal(turn)))
    else:
        turn.say("ask_what")


def _catalog(turn: _Turn, page: int = 0) -> None:
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


def _sms_pages(turn: _Turn, skus: list[str]) -> list[tuple[int, int]]:
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
    data = yamlfile.safe_load(PAGING_FILE.read_text(encoding="utf-8"))
    return frozenset(nlu.normalise(w) for w in data["more"])


def is_more_word(text: str) -> bool:
    """Whether ``text`` asks for the next page ("lbaqi", "الباقي", "suite", "more")."""
    return nlu.normalise(text or "").strip(" .!?") in _more_words()


# --------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------

_NOT_NAME_CHARS = re.compile(r"[^\w\s'.-]", re.UNICODE)


def _clean_name(text: str) -> str | None:
    name = " ".join(_NOT_NAME_CHARS.sub(" ", text or "").split())
    name = nlu_details.strip_courtesy(name)
    if not (2 <= len(name) <= 60) or not _LETTERS.search(name) or len(name.split()) > 6:
        return None
    if sum(c.isdigit() for c in name) > 2:
        return None
    return name


def _split_long(replies: list[str]) -> list[str]:
    """Join short replies into one message; split anything over WhatsApp's limit."""
    out: list[str] = []
    for text in replies:
        if not text:
            continue
        while len(text) > MAX_BODY:
            cut = text.rfind("\n", 0, MAX_BODY)
            cut = cut if cut > 0 else MAX_BODY
            out.append(text[:cut].rstrip())
            text = text[cut:].lstrip("\n")
        out.append(text)
    merged: list[str] = []
    for text in out:
        if merged and len(merged[-1]) + len(text) + 2 <= MAX_BODY:
            merged[-1] = merged[-1] + "\n\n" + text
        else:
            merged.append(text)
    return merged
