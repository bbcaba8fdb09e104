"""The conversation's data: the event, the context, the result, the turn, and helpers every
stage shares (languages, names, long replies).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, NotRequired, TypedDict, cast

from .. import answers, datafiles, i18n, nlu
from ..nlu import details as nlu_details
from ..nlu.details import Details
from ..nlu.lexicon import LEXICON
from ..nlu.matcher import ProductInfo
from ..nlu.parser import Parse

MAX_LINES = 20
MAX_QTY = 50
MAX_BODY = 1500          # WhatsApp's limit is 1,600 characters per message
SMS_PAGE_SEGMENTS = {"gsm7": 2, "ucs2": 3}   # a catalog page by SMS fits in this many SMS
PAGING_FILE = datafiles.intents_path("paging.yml")
DETAIL_STATES = ("ask_name", "ask_city", "confirm_city", "ask_address")
# Intents that take precedence over free-text answers (a name, an address).
INTERRUPTING = ("human", "cancel", "status", "help", "catalog", "price", "delivery")
# What a name or an address can never be: "wakha", "la", "salam", "merci".
NOT_AN_ANSWER = ("confirm", "deny", "greet", "thanks")
LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
# What separates the parts of a message: commas, new lines, and a dash between spaces
# ("… one couscous please — Liam Walsh, Tangier"; "Fatima-Ezzahra" stays whole), and the end
# of a sentence or a colon before a capital ("…, c tout. Laila Bennani, 18 rue …", "send it
# to her please: Zineb Tazi, …", "2 amlou 250g. Karim Alami, Fes": after a figure or a
# figure's unit too; "M. Alaoui" stays whole), or before any Arabic letter (the
# script has no capitals: "… والسدر واحد كيلو. الاسم: كوثر. المدينة: مراكش").
_PART_BREAK = (r"[,;\n،؛]+|\s+[-–—]+\s+|[–—]+"
               r"|(?<=[^\W\d_]{3})[.!?:]+\s+(?=[A-Z])|(?<=[^\W\d_])[.!?؟]+\s+(?=[\u0621-\u064A])"
               r"|(?:(?<=\d)|(?<=\d[^\W\d_])|(?<=\d[^\W\d_]{2}))[.!?]+\s+(?=[A-Z])")
PARTS = re.compile(f"({_PART_BREAK})")            # the parts, with what separates them
PHONE = re.compile(r"\+?\d[\d .-]{7,}\d")    # a phone number written among the details
FRAGMENTS = re.compile(rf"{_PART_BREAK}|\s+(?:w|o|et|and|و)\s+")


class CartLine(TypedDict):
    sku: str
    qty: int


class QtyQuestion(TypedDict):
    """A queued "how many?" about one product (``data["queue"]``, persisted)."""

    type: Literal["qty"]
    sku: str
    soft: NotRequired[bool]            # offered, not asked: any other answer drops it
    reasked: NotRequired[bool]         # asked a second time already
    said: NotRequired[int]             # the count said with a price question: "yes" takes it
    unmade: NotRequired[int]           # a weight said that no count of it makes ("kilo w nss")
    # the product whose offer ("how many?" after its price) this question replaced, or the
    # options of that offer ("which one?"): "both", "les deux", "bjouj" is one of each of
    # the two just discussed, never two of this one
    also: NotRequired[list[str]]
    # the bare number that picked it from a numbered list ("bghit jouj" at "1. 250g 2. 500g"):
    # answered with another size alone ("250"), that number was the count of that size
    picked_by: NotRequired[int]


class ChoiceQuestion(TypedDict):
    """A queued "which one?" between products (``data["queue"]``, persisted)."""

    type: Literal["choice"]
    candidates: list[str]
    quantity: int | None               # the quantity said with it, if any
    text: NotRequired[str]             # the words that named it ("l3sel")
    soft: NotRequired[bool]
    reasked: NotRequired[bool]
    passed: NotRequired[bool]          # gone past once more with the details: asked again
    yes_asked: NotRequired[bool]       # "yes" to it asked again: asked once more
    set: NotRequired[bool]             # the line picked gets ``quantity`` (a count corrected)
    delta: NotRequired[int]            # the line picked gets that many more (or fewer)
    unmade: NotRequired[int]           # a measure said that no count of the sizes makes
    measure: NotRequired[int]          # a measure said that a count of each option's makes
    of_packs: NotRequired[bool]        # ``quantity`` counts the packs named ("jouj pack 3")
    guess: NotRequired[bool]           # one product read from a misspelling: "did you mean?"


Question = QtyQuestion | ChoiceQuestion


def question_key(q: Question) -> str:
    """What a queued question asks about, as one string (``ConversationData.said_order``)."""
    return q["sku"] if q["type"] == "qty" else "|".join(q["candidates"])


def asks_about(q: Question) -> list[str | None]:
    """The products a queued question is about; a "which one?" has no ``sku`` of its own,
    read as None (as ``q.get("sku")`` did)."""
    if q["type"] == "qty":
        return [q["sku"]]
    return [None, *q["candidates"]]


class ConversationData(TypedDict, total=False):
    """The conversation's ``data``, stored as JSON (``store.save_conversation``): these keys
    are persisted, never renamed. Every key is optional; :class:`Turn` sets the first three."""

    cart: list[CartLine]
    queue: list[Question]              # "how many?" / "which one?" items, oldest first
    details: dict[str, Any]            # name, city, city_id, address, pin, latitude, longitude
    last_sku: str
    last_list: list[str]               # the numbered list last shown: a number picks from it
    last_list_qty: int
    # the questions one message asked together, by what each asks about (a sku, or the
    # options joined by "|"), in the order the message named their products
    said_order: list[str]
    # the list is what is offered for a product out of stock: {"sku", "options", "variants"
    # (its own other sizes, listed first)}; it holds while last_list is that list
    sold_out_list: dict[str, Any]
    # that list, asked last with a count still open: a number of it picks from it
    list_before_queue: list[str]
    catalog_page: int
    pending_set: dict[str, Any]        # {"sku", "qty"}
    size_or_both: dict[str, Any]       # {"sku", "new", "qty"}: "instead of it, or both?"
    picked_among: dict[str, Any]       # {"sku", "others"}: the option just picked, for "the other"
    priced_aside: list[str]            # sizes priced while a count was asked, for "wa7ed sghir"
    held: dict[str, Any]               # the message held while "keep the cart?" is asked
    budget: float                      # "3tini b 100 dh" of nothing named: for the next one
    count_said: int                    # "i want 2 jars" of nothing named: for the next one
    cleared: dict[str, Any]            # {"cart", "details", "state"} a cancel just emptied, or
    #                                    {"order_id"} of the order it just cancelled
    city_guess: dict[str, Any]         # {"name", "id"}
    city_named: str
    pin_city: str
    resume_state: str                  # the step a handoff interrupted, resumed exactly
    handoff_ack_at: str                # ISO time the customer was last told "they have it"
    unanswered_offered: bool           # a question nobody could answer offered a person
    left_handoff: bool                 # the last handoff just ended: "kemmel" asks the step
    cancel_order_id: int
    strikes: int
    touched: str                       # ISO time the cart was last changed
    basket_shown: bool
    away: bool                         # a walk-away with a basket: the next message comes back
    lines_removed: bool                # the message took a line out: "… instead" next adds
    details_offered: bool
    human_offered: bool
    lang_seen: bool
    lang_guessed: bool                 # the language was guessed, none shown yet
    rushing: bool
    welcomed: bool
    shown: dict[str, Any]              # {"city", "address"} of the summary last shown
    recheck: bool                      # the city changed at the summary: its street asked about
    rechecking: bool                   # that question is open: "no" asks the address
    moved: bool                        # the address asked because of it: "… in Rabat?"


# --------------------------------------------------------------------------
# Effects: what the caller (``service``) carries out in the step's transaction.
# Never persisted.
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class CreateOrder:
    """Store the confirmed order (and its forward job, the members' alert)."""

    details: dict[str, Any]            # name, city, city_id, address, pin…, phone
    lines: list[dict[str, Any]]        # {"sku", "name", "quantity", "unit_price"}
    subtotal: float
    delivery_fee: float
    reply_key: str


@dataclass(frozen=True)
class SaveCustomer:
    """Remember the customer's details for the next order."""

    fields: dict[str, Any]             # name, city, address, latitude, longitude


@dataclass(frozen=True)
class CancelOrder:
    """Cancel the customer's order, if it still can be; say ``reply_key``."""

    order_id: int
    reply_key: str


@dataclass(frozen=True)
class Handoff:
    """Start a handoff: open it and alert the members (issue 18). ``reason``: ``asked`` (a
    person asked for), ``offer`` (yes to the bot's offer), ``media`` (a voice note, an
    image…: ``media`` says which, and it is forwarded), ``unanswered`` (a question nobody
    could answer, twice)."""

    reason: str = "asked"
    media: str | None = None


StartHandoff = Handoff


@dataclass(frozen=True)
class RelayToMember:
    """During a handoff: pass the customer's message (text, media, location) on to the
    member who holds it, or to every member while nobody does."""

    text: str = ""
    media: str | None = None


@dataclass(frozen=True)
class EndHandoff:
    """The handoff is over: ``by`` the customer (back to ordering) or ``timeout``."""

    by: str = "customer"


@dataclass(frozen=True)
class AlertMembers:
    """Alert the members of something the bot cannot read (a voice note, an image) or answer
    (a ``question`` asked mid-order: ``text``, passed on while the order goes on)."""

    kind: str                          # "media", "question"
    media: str | None = None
    text: str = ""


Effect = (CreateOrder | SaveCustomer | CancelOrder | Handoff | AlertMembers | RelayToMember
          | EndHandoff)


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
    hours_open: bool = True            # a person can answer now (the cooperative's hours)
    opens_at: datetime | None = None   # when closed: the next opening
    relay_ack_minutes: int = 5         # "they have your message" at most this often
    #: when a handoff started now would time out, counting only the cooperative's opening
    #: hours (lazy: only a handoff needs it); None: ``handoff_minutes`` of clock time
    load_handoff_end: Callable[[], datetime] | None = None
    #: ``products`` by sku: built here unless given (the service keeps it with the catalog,
    #: per catalog version, instead of a dict of the whole catalog on every message)
    by_sku: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self):
        if not self.by_sku:
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
    data: ConversationData
    lang: str
    replies: list[str]
    actions: list[Effect]
    handoff_until: str | None = None
    topic: str | None = None          # what the reply answered: "payment", "price", "welcome"…


_CONTAINERS = (dict, list)


def _copy_json(value):
    """A deep copy of JSON-shaped data (dicts, lists, scalars): the step never mutates its
    input. Several times faster than ``copy.deepcopy``, which handles any object; a scalar
    inside is taken as it is without a call of its own."""
    if isinstance(value, dict):
        return {k: _copy_json(v) if isinstance(v, _CONTAINERS) else v
                for k, v in value.items()}
    if isinstance(value, list):
        return [_copy_json(v) if isinstance(v, _CONTAINERS) else v for v in value]
    return value


class Turn:
    """Mutable scratch space for one step; the public surface is :func:`step`."""

    def __init__(self, conv: dict, event: Event, ctx: Context):
        self.ctx = ctx
        self.event = event
        self.state = conv.get("state") or "start"
        self.data: ConversationData = _copy_json(conv.get("data") or {})
        self.data.setdefault("cart", [])
        self.data.setdefault("queue", [])
        self.data.setdefault("details", {})
        self.lang = conv.get("lang") or usual_lang(ctx)
        self.replies: list[str] = []
        self.actions: list[Effect] = []
        self.handoff_until: str | None = conv.get("handoff_until")
        self.parse: Parse | None = None     # set for every message with text (read: .p)
        self.found: Details | None = None   # details written in this message (read: .f)
        self.volunteered = False   # this message gave a name or an address unasked
        self.to_summary = False    # a change made at the summary: show the new one
        self.address_written = False   # this message gave the address (set_address)
        self.order_text: str | None = None  # the message without the details it volunteered
        self.replayed = False      # a message held for a question, read once it is answered
        self.used = True
        # the delivery details as the message found them (``data`` is a copy): what it adds
        self.details_before: dict[str, Any] = (conv.get("data") or {}).get("details") or {}
        self.now = ctx.now
        self.keys: list[str] = []          # reply keys said, in order
        self.topic: str | None = None
        # the basket was shown with the delivery question: "safi" may still close it
        self.basket_just_shown = bool(self.data.pop("basket_shown", False))
        # the customer comes back to a basket kept for them (after "I'll think about it", or
        # "keep it?" — "yes"): a product of the basket said with its count says it again
        self.back = bool(self.data.pop("away", False))
        # "remove the saffron" — "add argan oil for hair instead": for the line taken out
        self.removed_before = bool(self.data.pop("lines_removed", False))
        # the product of an offer ("how many?" after its price) this message went past
        self.offer_dropped: list[str] | None = None

    @property
    def p(self) -> Parse:
        """The parse of this message's text: every text path reads it through here."""
        assert self.parse is not None, "no text in this message"
        return self.parse

    @property
    def f(self) -> Details:
        """The details written in this message, once read (nlu.details.extract)."""
        assert self.found is not None, "details not read"
        return self.found

    # -- output helpers ---------------------------------------------------
    def say(self, key: str, **params) -> None:
        params.setdefault("coop", self.ctx.coop.get("name", ""))
        if params.get("city"):             # "الدار البيضاء" in Arabic script, not "Casablanca"
            params["city"] = answers.city_label(params["city"], self.lang)
        self.keys.append(key)
        self.replies.append(i18n.t(self.lang, key, **params))

    def act(self, effect: Effect) -> None:
        self.actions.append(effect)

    def product(self, sku: str | None) -> dict | None:
        return self.ctx.by_sku.get(sku)

    @functools.cached_property
    def soft_words(self) -> frozenset[str]:
        """The soft concepts (colours, "bio"…) this message's text says, read once a turn."""
        return soft_words_of(self.event.text)

    def entry(self, sku: str | None) -> ProductInfo | None:
        """The parser's entry for a product (its head, kind, measure, tags), None if unknown."""
        index = self.ctx.index
        assert isinstance(index, nlu.CatalogIndex)
        return index.by_sku.get(sku) if sku else None

    def item(self, sku: str | None) -> dict:
        """A product the caller knows is in the catalog (a cart line, a listed sku). The
        same lookup as :meth:`product`; a missing one fails where it is used, as before."""
        return cast(dict, self.ctx.by_sku.get(sku))

    def label(self, sku: str) -> str:
        p = self.product(sku)
        return p["name"] if p else sku

    def line_text(self, sku: str, qty: int) -> str:
        p = self.item(sku)
        return f"{qty} × {p['name']} — {i18n.money(p['price'] * qty)}"

    def numbered(self, skus: list[str], start: int = 1) -> str:
        return "\n".join(f"{i}. {self.label(s)} — {i18n.money(self.item(s)['price'])}"
                         for i, s in enumerate(skus, start=start))

    def result(self) -> Result:
        data = self.data
        data["strikes"] = 0 if self.used else data.get("strikes", 0)
        if data.get("cart") and self.now:
            data["touched"] = self.now.isoformat()
        else:
            data.pop("touched", None)
        return Result(self.state, data, self.lang, _split_long(self.replies),
                      self.actions, self.handoff_until, self.topic or answers.topic_of(self.keys))


def orders(turn: Turn, words: str) -> bool:
    """Do ``words`` order a product of the catalog (and name no street)?"""
    p = nlu.parse(words, turn.ctx.index)
    return bool(p.items or p.ambiguous) and not p.address_cue and not p.guessed


@functools.lru_cache(maxsize=4096)
def soft_words_of(text: str) -> frozenset[str]:
    """:attr:`Turn.soft_words`: a function of the text and the lexicon, kept for texts
    written again and again."""
    spans = nlu.grammar.tag_tokens(nlu.textnorm.tokens(text))
    return frozenset(concept for span in spans if span.kind == "concept"
                     for concept in span.value if LEXICON.concepts[concept].role == "soft")


ARABIC = re.compile(r"[\u0600-\u06FF]")
_DARIJA = ("ary-Latn", "ary-Arab")


def usual_lang(ctx: Context) -> str:
    """The language for a customer whose messages show none yet (a voice note, a sticker, a
    product name): the cooperative's customers' usual one (``customer_language``), Darija for
    a Moroccan number; without one, the language of a number abroad's country
    (``calling_codes`` in ``intents/lang.yml``: "+44…" English), else Darija."""
    settings = ctx.coop.get("settings", {})
    usual = i18n.supported(settings.get("customer_language") or "ary-Latn")
    if (ctx.phone or "").startswith("+212") and usual not in _DARIJA:
        return "ary-Latn"
    abroad = nlu.phone_lang(ctx.phone)
    if abroad and not settings.get("customer_language"):
        return i18n.supported(abroad)
    return usual


# --------------------------------------------------------------------------
# Helpers the stages share
# --------------------------------------------------------------------------

def has_order_content(p) -> bool:
    return bool(p.items or p.ambiguous or p.removed or p.unknown_products)


# --------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------

_NOT_NAME_CHARS = re.compile(r"[^\w\s'.&-]", re.UNICODE)   # "Sarah & James Taylor"


def clean_name(text: str) -> str | None:
    name = " ".join(_NOT_NAME_CHARS.sub(" ", text or "").split())
    name = nlu_details.strip_courtesy(name)
    if not (2 <= len(name) <= 60) or not LETTERS.search(name) or len(name.split()) > 6:
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
