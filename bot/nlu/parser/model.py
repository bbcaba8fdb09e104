"""The parser's results (:class:`Parse`, :class:`Item`, :class:`Ambiguity`), the order line
being read (:class:`Line`) and the parser's limits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..grammar import Span

MAX_CHARS = 2000  # longer messages are cut: nobody orders in an essay
MAX_TOKENS = 200
QTY_KINDS = {"num", "frac", "unit", "container", "times"}
PRODUCT_KINDS = {"concept", "raw"}
NOT_QUESTIONS = ("greet", "thanks", "confirm", "deny")
CLEAR_TOPIC = 1.5   # a pre-sale topic this clear with a "?" is a question even with an order word


@dataclass(frozen=True)
class Item:
    """A resolved order line. ``op`` is ``add``, ``set`` (replace the quantity) or ``remove``."""

    sku: str
    quantity: int | None = None
    op: str = "add"


@dataclass(frozen=True)
class Ambiguity:
    """A product mention matching several catalog items equally well."""

    text: str
    quantity: int | None
    candidates: tuple[str, ...]
    op: str = "add"
    # the weight or volume said (thousandths of g or ml) when no count of the candidates'
    # sizes makes it ("kilo w nss" of a product sold by the kilo): the question says so
    unmade: int | None = None
    # the weight or volume said when a count of each candidate's size makes it ("kilo
    # 3sel": one 1 kg jar or two 500 g ones): the count follows from the one picked
    measure: int | None = None
    # the one product a word short of a letter was read as ("3tini 2 amou" on a sheet of
    # one amlou): asked "did you mean …?", never packed unasked
    guess: bool = False
    # the rest of a count after a part of it was given its own size ("3 thyme honey, 2 of
    # them 1kg": the third is asked, never the part's line set to its count)
    rest: bool = False


@dataclass(frozen=True)
class Parse:
    """Everything understood from one message."""

    intent: str
    lang: str
    items: tuple[Item, ...] = ()
    ambiguous: tuple[Ambiguity, ...] = ()
    city: str | None = None
    removed: tuple[Item | Ambiguity, ...] = ()
    set_quantity: bool = False
    unknown_products: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()
    number: int | None = None
    ordinal: int | None = None
    size_hint: str | None = None
    containers: tuple[str, ...] = ()   # the container kinds said ("the big jar": jar)
    dimensions: tuple[str, ...] = ()   # sizes said by a length or people ("30 length")
    packs: tuple[float, ...] = ()      # pack counts said after a pack word ("pack de 3": 3)
    designators: tuple[float | str, ...] = ()   # rows said by their names' figure ("pointure 40")
    sizes: tuple[str, ...] = ()        # every size word said, in order ("big", "medium")
    address_cue: bool = False      # a street-address word: "rue", "hay", "زنقة"
    field: str | None = None       # a delivery detail named: "address", "name", "city"
    cart_cue: bool = False         # the basket named: "lpanier", "mon panier", "cart"
    guessed: bool = False          # every product word was read from a misspelling
    replace: bool = False          # "bdel X b Y": X is in ``removed``, Y in the order lines
    # "non annulez, je préfère 2 amlou", "la lghi hadchi, bghit 1 kilo zitoun": the order so
    # far is called off and these lines start it again
    restart: bool = False
    phone: str | None = None       # a phone number written in the message ("06 12 34 56 78")
    order_ref: str | None = None   # the digits of an order number ("T-1042", "commande 1042")
    topic: str | None = None       # a pre-sale question's topic: "payment", "pickup"…
    topic_score: float = 0.0       # its cue weight (1 is enough, 1.5 is clear)
    also_topics: tuple[str, ...] = ()   # a second question's topic ("…and can I pay by card?")
    topic_apart: bool = False      # the question is a part of its own ("…, wach fih sokar?")
    what_is: bool = False          # "what is khlii?", "c'est quoi le smen ?" (no other topic)
    question: bool = False         # the message asks something ("?", "wach", "how")
    unknown_words: tuple[str, ...] = ()   # "vous avez du fromage ?": words nobody sells here
    # whether the message shows its language (Arabic letters, a function word); a product
    # name, a name, an address, "ok"/"merci"/"svp" or an emoji alone do not: keep the
    # conversation's language then (``lang`` is only a guess)
    lang_confident: bool = True
    # the lines a price question names with a count ("3 bidons de 5 litres, ch7al?"): the
    # question lists its products without counts in ``items``; these keep what was said
    asked_counts: tuple[Item, ...] = ()
    # the price question is followed by an order ("how much is the thyme honey? I want 2 of
    # them and 1 amlou", "c combien la couverture ? je veux 2 grises et 1 marron"): the lines
    # said with counts are ``asked_counts``, those still vague ``asked_ambiguous``
    orders_too: bool = False
    asked_ambiguous: tuple[Ambiguity, ...] = ()
    # the only count is a "one" standing for the product said before it ("the herb one"):
    # no count of its own for a swap ("change it to the herb one" keeps the line's count)
    one_is_pronoun: bool = False
    # the catalog prices the message says to tell which product ("dyal 220", "the 90 one")
    prices: tuple[float, ...] = ()
    # the products a count was said of that may be pieces or packs ("i want 4 bowls" where
    # only "Lot de 6 bols" is sold): their lines come without a count, to be asked
    counts_withheld: tuple[str, ...] = ()

    def to_json(self, id: Any = None) -> dict:
        """The batch-command record (``python -m bot.nlu``)."""
        return {
            "id": id,
            "intent": self.intent,
            "lang": self.lang,
            "items": [{"sku": i.sku, "quantity": i.quantity} for i in self.items],
            "ambiguous": [{"text": a.text, "quantity": a.quantity,
                           "candidates": list(a.candidates)} for a in self.ambiguous],
            "city": self.city,
        }


@dataclass
class Line:
    """One order line being read: product tags, quantity tags, flags."""

    negated: bool = False
    set_op: bool = False
    products: list[Span] = field(default_factory=list)
    quantity: list[tuple] = field(default_factory=list)
    size: str | None = None
    last: str | None = None
    qty_after_product: bool = False
    joined_by_conj: bool = False
    after_comma: bool = False       # cut from the line before by a comma or a full stop
    sizes: list[str] = field(default_factory=list)   # every size word, in order
    borrowed: bool = False          # the product words are the previous line's ("… et une de 1L")
    size_kind: bool = False         # a kind said by a size word its name says ("… et un gros")
    designators: list[float | str] = field(default_factory=list)   # which rows: "… pointure 40"
    added: bool = False             # after an adding "and" ("w zid"): never a removal carried on
    start: int = -1                 # the token its first span starts at (-1: none)
    count_at: int = -1              # the token its first quantity span starts at (-1: none)
    # the rest of a count whose part follows with a size of its own ("3 thyme honey, 2 of
    # them 1kg": the third, its size unsaid)
    rest: bool = False
    # after "no wait", "sorry I meant" ("any"), "actually" ("same": only the same product
    # said again in part): replaces the line before
    corrects: str | None = None
    alternative: bool = False       # after "or": this line or the one before, asked which
    each: bool = False              # its count was said for each ("…, 1 each"): every product's
    # its count was written after its size and put before it ("amlou 250 jouj", "zaatar kilo,
    # jouj"): a count "each" may give the lines before too
    count_after: bool = False

    @property
    def has_product(self) -> bool:
        return bool(self.products)

    @property
    def has_quantity(self) -> bool:
        return any(t[0] != "conj" for t in self.quantity)

    def tags(self) -> list[str]:
        out: list[str] = []
        for span in self.products:
            values = span.value if span.kind == "concept" else (span.value,)
            out.extend(v for v in values if v not in out)
        return out


MAX_MENTION_CHARS = 80

