"""Cart arithmetic: quantities, lines, the subtotal, the sizes of one product and the
alternatives to one out of stock.
"""

from __future__ import annotations

import re

from .. import nlu
from ..catalog import normalise_unit, size_label
from ..nlu import details as nlu_details
from ..nlu.numbers import parse_number
from .model import (
    MAX_LINES,
    MAX_QTY,
    Turn,
    asks_about,
)


def sold_out_list(turn: Turn) -> dict | None:
    """What the numbered list last shown offers for a product out of stock ({"sku",
    "options", "variants"}), while that list is the last one; else None."""
    offered = turn.data.get("sold_out_list")
    return offered if offered and offered["options"] == turn.data.get("last_list") else None


def context_family(turn: Turn) -> list[str]:
    """The sizes of the one product the bot just asked about or listed ("which one?",
    "how many?", its prices): what a message naming no product refers to."""
    queue = turn.data["queue"]
    if queue:
        head = queue[0]
        skus = list(head["candidates"]) if head["type"] == "choice" else [head["sku"]]
    else:
        skus = list(turn.data.get("last_list") or [])
    skus = [s for s in skus if turn.product(s)]
    if not skus or len({family_name(turn.item(s)) for s in skus}) != 1:
        return []
    return skus


def family_name(product: dict) -> str:
    """A product's name without any word holding a figure ("تمر المجهول 1كلغ", "Miel de
    thym 500g"): what its sizes share, whatever the script of the size. A unit written apart
    from its figure goes with it ("Eau de rose 1 litre", "Miel 500 g")."""
    # read for every product of the catalog by some checks, on every message: kept by what
    # it is made of (its name, size and unit)
    key = (product["name"], product["size"], product["unit"])
    found = _FAMILY_NAMES.get(key)
    if found is None:
        if len(_FAMILY_NAMES) >= 8192:
            _FAMILY_NAMES.clear()
        found = _FAMILY_NAMES[key] = _family_name(product)
    return found


_FAMILY_NAMES: dict[tuple, str] = {}


def _family_name(product: dict) -> str:
    words = base_name(product).split()
    return " ".join(w for k, w in enumerate(words) if not holds_figure(w)
                    and not (k and holds_figure(words[k - 1]) and _unit_word(w)))


def holds_figure(word: str) -> bool:
    """Does ``word`` write a number ("250g", "2x250ml", "n°3")? Not a word of Darija in
    Latin letters whose digits are letters ("3sel", "cha3r", "l7abba": 3 is ع, 7 is ح)."""
    return bool(re.search(r"\d", word)) and any(
        parse_number(t) is not None for t in nlu.textnorm.tokens(word))


def _unit_word(word: str) -> bool:
    """A unit of a catalog's unit cells ("g", "litre") or of the customers' measures ("cl":
    "Huile d'olive 50 cl" is a size of "Huile d'olive 1L")."""
    if normalise_unit(word):
        return True
    payloads = nlu.lexicon.LEXICON.grammar.longest([nlu.textnorm.key_variants(word)], 0)[1]
    return any(payload[0] == "unit" for payload in payloads)


def designator(turn: Turn, sku: str) -> float | str | None:
    """The figure of ``sku``'s name that tells it from the other rows of its product ("Babouche
    cuir jaune pointure 40": 40; :mod:`bot.nlu.designators`), if any."""
    entry = turn.entry(sku)
    return entry.designator if entry else None


def figures_of(turn: Turn, skus: list[str]) -> set[float | str]:
    """The figures that tell apart the rows of the products of ``skus``, out of stock too."""
    entries = [e for e in map(turn.entry, skus) if e]
    kinds = {e.variant for e in entries if e.designator is not None}
    products = getattr(turn.ctx.index, "products", None) or []
    return {e.designator for e in products if e.variant in kinds and e.designator is not None}


def rows_of_one(turn: Turn, sku: str, other: str) -> bool:
    """Whether two skus are rows of one product told apart by their figures ("… pointure 40"
    and "… pointure 42") or by the sizes their names say by two sides or a length ("Tapis
    rouge 2x3" and "Tapis rouge 1x2"), as sizes of one product are."""
    a, b = turn.entry(sku), turn.entry(other)
    return bool(a and b and a.variant == b.variant and (
        (a.designator is not None and b.designator is not None)
        or (a.dims and b.dims and a.dims != b.dims)))


def said_figures(turn: Turn, listed: int) -> list[float | str]:
    """The rows' figures a message says: after a label word ("pointure 40", "nemra 54",
    "مقاس 40"), or as a bare number that is no position in a list of ``listed`` ("40" to four
    sizes: a position is 1 to 4)."""
    p = turn.p
    if p.designators:
        return list(p.designators)
    if p.number is not None and not 1 <= p.number <= listed:
        return [p.number]
    return []


# --------------------------------------------------------------------------
# Cart
# --------------------------------------------------------------------------

def cart_qty(turn: Turn, sku: str | None) -> int | None:
    for line in turn.data["cart"]:
        if line["sku"] == sku:
            return line["qty"]
    return None


def set_line(turn: Turn, sku: str, qty: int, *, add: bool) -> None:
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
    turn.data.pop("sold_out_list", None)


def head_word(turn: Turn, sku: str | None) -> str | None:
    """A word for what a product is (its head: "amlou", "olive"), to read a message that
    names only its kind ("sans sucre", "lkhdar") as if it named the product."""
    head = getattr(turn.entry(sku), "head", None)
    if not head:
        return None
    return head[1:] if head.startswith("~") else nlu.concept_word(head)


def remove_line(turn: Turn, sku: str | None) -> bool:
    before = len(turn.data["cart"])
    turn.data["cart"] = [line for line in turn.data["cart"] if line["sku"] != sku]
    turn.data["queue"] = [q for q in turn.data["queue"] if sku not in asks_about(q)]
    return len(turn.data["cart"]) < before


def swapped_quantity(turn: Turn, p) -> int | None:
    """The basket quantity of the one product a "replace X with Y" message takes out."""
    out = swapped_out(turn, p)
    if out:
        return cart_qty(turn, out)
    if not p.replace or turn.data["cart"]:
        return None
    # "2 thyme honey" (which size?) — "replace the thyme honey with the euphorbia one": the
    # count of the question it takes back
    named = set(removed_skus(p))
    counts = {q.get("quantity") for q in turn.data["queue"] if q["type"] == "choice"
              and named and named <= set(q["candidates"])}
    count = counts.pop() if len(counts) == 1 else None
    return int(count) if count else None


def swapped_out(turn: Turn, p) -> str | None:
    """The one product in the basket a "replace X with Y" message takes out, if one; also
    "sorry no rose, make it lavender": one line out and one new product in, no count of its
    own, in a correction that adds nothing."""
    text = turn.event.text or ""
    if not p.replace and not (
            _one_new_product(turn, p)
            and nlu_details.says(text, "correction") and not nlu_details.says(text, "more")):
        return None
    in_cart = [s for s in dict.fromkeys(removed_skus(p)) if cart_qty(turn, s)]
    return in_cart[0] if len(in_cart) == 1 else None


def _one_new_product(turn: Turn, p) -> bool:
    """One product named with no count of its own and none of it in the basket: a product
    ("make it lavender") or a product in several sizes ("la machi za3tar, daghmous")."""
    if p.items and p.ambiguous:
        return False
    mentions = [(i.quantity, (i.sku,)) for i in p.items] + [
        (a.quantity, tuple(a.candidates)) for a in p.ambiguous]
    return (len(mentions) == 1 and mentions[0][0] is None
            and not any(cart_qty(turn, sku) for sku in mentions[0][1]))


def removed_skus(p) -> list[str]:
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


def base_name(product: dict) -> str:
    """A product's name without its size: what its variants share."""
    label = size_label(product)
    name = product["name"].lower()
    if not label:
        return " ".join(name.split())
    if label.lower() in name:
        return " ".join(name.replace(label.lower(), " ").split())
    # the size in another script or spelling ("الكامون 250غ", "Miel 1 kilo") or the unit
    # alone ("الكامون كيلو"): its figures and its unit words are the size
    # ("Huile d'olive 50 cl" at unit ml: "cl" goes with its figure)
    words = name.split()
    return " ".join(w for k, w in enumerate(words) if not holds_figure(w)
                    and normalise_unit(w) != product["unit"]
                    and not (k and holds_figure(words[k - 1]) and _unit_word(w)))


def alternatives(turn: Turn, sku: str) -> list[str]:
    """In-stock products sharing a word with ``sku``'s name (same family)."""
    words = {w for w in turn.label(sku).lower().split() if len(w) > 3
             and not any(c.isdigit() for c in w)}          # a size is no family
    same_words = [p["sku"] for p in turn.ctx.products if p["in_stock"] and p["sku"] != sku
                  and words & {w for w in p["name"].lower().split()}]
    groups = _groups(turn)
    mine = groups.get(sku, set())
    same_group = [p["sku"] for p in turn.ctx.products if p["in_stock"] and p["sku"] != sku
                  and p["sku"] not in same_words and mine & groups.get(p["sku"], set())]
    return _one_per_product(turn, same_words + same_group, sku)[:3]


def product_group(turn: Turn, sku: str) -> object:
    """What a product's sizes share: the index's variant group ("Cornes de gazelle 1kg" and
    "… boîte de 24", "Tajine 25 cm (2 pers)" and "Tajine 35cm (6 pers)"), else its name
    without the size."""
    info = turn.entry(sku)
    return info.variant if info is not None else family_name(turn.item(sku))


def _one_per_product(turn: Turn, skus: list[str], like: str) -> list[str]:
    """One size of each product other than ``like``'s (one product's sizes were listed three
    times, crowding out the others): the size nearest ``like``'s, in the order the products
    came. A product is the index's variant group ("Tajine 25 cm (2 pers)" and "Tajine 35cm
    (6 pers)" are one)."""
    target = turn.item(like)

    def distance(sku: str) -> float:
        item = turn.item(sku)
        mine, theirs = designator(turn, like), designator(turn, sku)
        if mine is not None and theirs is not None:
            if isinstance(mine, str) or isinstance(theirs, str):
                return 0.0 if mine == theirs else 1.0       # the black T-shirt in M too
            return abs(theirs - mine)           # the black pair in 44 for the yellow 44
        return abs(float(item["size"]) - float(target["size"])) \
            if item["unit"] == target["unit"] else float("inf")

    best: dict[object, str] = {}
    for sku in skus:
        key = product_group(turn, sku)
        if key != product_group(turn, like) and (key not in best
                                                 or distance(sku) < distance(best[key])):
            best[key] = sku
    return list(best.values())


def _groups(turn: Turn) -> dict[str, set[str]]:
    """Each product's kind from the lexicon, by its head word: soap and ghassoul are
    "cosmetic", argan and olive oil "oil" (a qualifier's group is not the product's)."""
    from ..nlu.lexicon import LEXICON
    infos = getattr(turn.ctx.index, "products", None) or []
    concepts = LEXICON.concepts
    return {info.sku: {concepts[info.head].group} for info in infos
            if info.head in concepts and concepts[info.head].group}


def subtotal(turn: Turn) -> float:
    return round(sum(turn.item(line["sku"])["price"] * line["qty"] for line in turn.data["cart"]
                     if turn.product(line["sku"])), 2)


def next_size(turn: Turn, candidates: list[str], ref: str, hint: str) -> str | None:
    """"Can I get the bigger one instead" at the 250 g jar: of ``candidates``, the next size
    past ``ref``'s the way the size word says (the 500 g, not the 1 kg), else ``ref``."""
    mine = size_of(turn, ref)
    sizes = {size_of(turn, s) for s in candidates}
    way = sorted(z for z in sizes if (z > mine if hint == "big" else z < mine))
    if not way:
        return ref
    wanted = way[0] if hint == "big" else way[-1]
    at_size = [s for s in candidates if size_of(turn, s) == wanted]
    return at_size[0] if len(at_size) == 1 else None


def size_of(turn: Turn, sku: str) -> float:
    """A row's size to order it among its product's: a piece's dimension or pack, else its
    measure."""
    index = turn.ctx.index
    assert isinstance(index, nlu.CatalogIndex)
    info = index.by_sku
    said = nlu.dimension_size(info[sku]) if sku in info else None
    if turn.item(sku)["unit"] == "piece" and said is not None:
        return said                 # "Tajine 30 cm": pieces by the size their names say
    pack = info[sku].pack if sku in info else None
    if turn.item(sku)["unit"] == "piece" and pack:
        return pack                 # "Nougat boîte 12 pcs" / "24 pcs": the box holding more
    if sku in info and (measure := info[sku].measure):
        return measure / 1000           # "Henné sachet 250g": jars by their weights
    return turn.item(sku)["size"] * (1000 if turn.item(sku)["unit"] in ("kg", "l") else 1)
