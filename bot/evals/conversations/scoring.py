"""A played conversation and its verdict: the orders stored compared with the one a good
shopkeeper would have taken (lines, city, name as a courier reads it, total), or with none."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from .corpus import Conversation


@dataclass
class Played:
    conv: Conversation
    transcript: list = field(default_factory=list)    # (customer message, [bot replies])
    orders: list = field(default_factory=list)        # stored orders, oldest first
    confirmed_at: int | None = None                   # 1-based message after which one was stored
    errors: list = field(default_factory=list)        # what differs from the expectation
    verdict: str = ""       # right | wrong_order | missing | unwanted | error

    @property
    def right(self) -> bool:
        return self.verdict == "right"

    @property
    def wrong_placed(self) -> bool:
        return self.verdict in ("wrong_order", "unwanted")

    @property
    def wrong_fields(self) -> set[str]:
        """What a wrong order placed got wrong: lines, city, name, total, extra (a second
        order) or unwanted (an order when none was expected)."""
        if self.verdict == "unwanted":
            return {"unwanted"}
        if self.verdict != "wrong_order":
            return set()
        return {e.split()[0] if e.split()[0] in ("lines", "city", "name", "total") else "extra"
                for e in self.errors}

    @property
    def turns(self) -> int | None:
        if self.confirmed_at is None:
            return None
        return self.confirmed_at - self.conv.product_at + 1



def _fold(text) -> str:
    text = unicodedata.normalize("NFKD", str(text or "")).casefold()
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.replace("-", " ").split())



_TITLES = {"mme", "madame", "mlle", "mademoiselle", "m.", "monsieur", "mr", "mr.", "mrs", "mrs.",
           "ms", "ms.", "miss"}



def _name_key(name) -> str:
    """A name as a courier reads it: folded, without a leading courtesy title (Mme, Mr…).
    Moroccan forms of address (Si, Lalla, Hajja, Moulay) stay: they are part of the name."""
    words = _fold(name).split()
    while len(words) > 1 and words[0] in _TITLES:
        words = words[1:]
    return " ".join(words)



def compare(expected: dict, order: dict) -> list[str]:
    """What differs between an expected order and a stored one (empty: exact)."""
    diffs = []
    lines: dict[str, int] = {}
    for line in order["lines"]:
        lines[line["sku"]] = lines.get(line["sku"], 0) + line["quantity"]
    if lines != expected["lines"]:
        diffs.append(f"lines {lines} instead of {expected['lines']}")
    if _fold(order["city"]) != _fold(expected["city"]):
        diffs.append(f"city {order['city']!r} instead of {expected['city']!r}")
    if _name_key(order["name"]) != _name_key(expected["name"]):
        diffs.append(f"name {order['name']!r} instead of {expected['name']!r}")
    if abs(float(order["total"]) - expected["total"]) > 0.005:
        diffs.append(f"total {order['total']:g} instead of {expected['total']:g}")
    return diffs



def score(played: Played) -> Played:
    """Set ``verdict`` and ``errors`` from the stored orders. An order cancelled during the
    conversation (only the customer's messages can: no member or dashboard acts in it, and
    no parcel left before) sends nothing to the courier and counts as none."""
    expected = played.conv.order
    orders = [o for o in played.orders if o.get("status") != "cancelled"]
    if played.verdict == "error":
        return played
    if expected is None:
        played.verdict = "unwanted" if orders else "right"
        played.errors = [f"order {o['number']} placed: {_describe(o)}" for o in orders]
        return played
    if not orders:
        played.verdict = "missing"
        played.errors = ["no order placed"]
        return played
    diffs = [d for o in orders for d in compare(expected, o)]
    if len(orders) > 1:
        diffs.append(f"{len(orders)} orders placed instead of one")
    played.verdict = "wrong_order" if diffs else "right"
    played.errors = diffs
    return played



def _describe(order: dict) -> str:
    lines = ", ".join(f"{line['quantity']}×{line['sku']}" for line in order["lines"])
    return f"{lines}; {order['name']}, {order['city']}, total {order['total']:g}"
