"""Numbers and quantity expressions.

A quantity is read from the number, fraction, unit, container and "x" tokens of one order
line, in order, by a small state machine:

* ``2 kilo``, ``kilo w nss``, ``nss kilo``, ``un kilo et demi``, ``1.5 kg``, ``250 ml``
  give a *measure* (in thousandths of a gram or millilitre, kg and l = 1,000,000);
* ``jouj d l9ra3i``, ``2 pots``, ``x3``, ``3 fois``, or a number with no unit give a *count*;
* both together (``2 pots de 500g``) mean ``count`` items of that size.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass

#: A figure this big beside a product is its size, not a count.
BARE_SIZE_MIN = 20
PIECE = "piece"     # the container of pieces (intents/units.yml): "12 pieces" counts pieces

MAX_NUMBER = 1_000_000  # larger figures are capped; the conversation asks again anyway
KILO = 1_000_000        # a kilo or a litre, in thousandths of g or ml
#: A kilo (a litre) holds this many of its smaller unit: "1kg250" is 1.25 kg, "2 l 500" 2.5 l,
#: when the figure after the unit is at least SUB_UNIT_MIN (not "5l 2": two of the 5 L).
SUB_UNITS = 1000
SUB_UNIT_MIN = 100
#: A measure that would make more than this many of a product's sizes ("3 kilos of saffron"
#: in 1 g and 5 g boxes: 600 boxes) is asked about, never turned into that many (nor capped).
MEASURE_COUNT_MAX = 50


def parse_number(token: str) -> float | None:
    """``"2"`` → 2.0, ``"1.5"`` → 1.5, ``"1⁄2"`` → 0.5; anything else → None."""
    if not token or not (token[0].isdigit()):
        return None
    try:
        if "\u2044" in token:
            top, bottom = token.split("\u2044", 1)
            value = int(top[:7]) / int(bottom[:7])
        elif "." in token:
            whole, _, decimals = token.partition(".")
            value = float(f"{whole[:7]}.{decimals[:6]}") if len(whole) <= 7 else MAX_NUMBER
        elif token.isdigit():
            value = int(token) if len(token) <= 7 else MAX_NUMBER
        else:
            return None
    except (ValueError, ZeroDivisionError):
        return None
    return float(min(value, MAX_NUMBER))


@dataclass
class Quantity:
    """What one order line says about how much: a count, a measure, or both."""

    count: float | None = None
    measure: int | None = None  # thousandths of g/ml
    extra: float | None = None  # a further bare number: maybe a size ("amlou 250")
    part: float | None = None   # the figure read as grams of the kilo said ("1 kilo 500")
    boxed: bool = False         # the count is the "one" of a container said with no number

    @property
    def empty(self) -> bool:
        return self.count is None and self.measure is None


def read_quantity(tags: list[tuple]) -> Quantity:
    """Fold a line's quantity tags (in order) into a :class:`Quantity`.

    Tags: ``("num", v)``, ``("frac", v)``, ``("unit", factor, bare_only)``,
    ``("container", name)``, ``("times",)``, ``("conj",)``.
    """
    count: float | None = None
    measure = 0
    amount: float | None = None  # a number waiting for its unit or noun
    last_unit = 0
    previous = None
    times_pending = False
    times_after: float | None = None   # the figure before "x" when no unit came with it
    said_frac: tuple[float, int] | None = None   # "kilo w nss": a half already counted
    part_of_unit = said_apart = False    # "1kg250", "kilo 500", "kilo w 500": grams of a kilo
    one_container = False   # the count is the "one" of a container said with no number
    for tag in tags:
        kind = tag[0]
        if (kind == "num" and one_container and previous in ("container", "unit") and measure
                and amount is None and 0 < tag[1] < BARE_SIZE_MIN):
            # "zit 5l bidon jouj", "zit bidon 5l jouj": the size is said, so the figure after
            # it and the can counts cans (not one can with a figure of its own)
            count, one_container, previous = tag[1], False, kind
            continue
        if kind == "num":
            said_apart = previous == "conj"     # "kilo w 500": and 500 g, no other reading
            part_of_unit = (previous in ("unit", "conj") and amount is None and count is None
                            and last_unit >= KILO and float(tag[1]).is_integer()
                            and SUB_UNIT_MIN <= tag[1] < SUB_UNITS)
            if times_pending:
                count, times_pending = tag[1], False
            elif amount is not None:
                if previous == "conj" or previous == "frac":
                    amount += tag[1]
                else:
                    count = amount if count is None else count
                    amount = tag[1]
            else:
                amount = tag[1]
        elif kind == "frac":
            if tag[1] < 0 and not (amount is None and last_unit and previous == "unit"):
                tag = (kind, -tag[1])   # "ghir rob3 kilo": only a quarter, no kilo less one
            if amount is not None and previous == "conj":
                amount += tag[1]  # "jouj w nss kilo"
            elif amount is None and last_unit and previous in ("conj", "unit"):
                measure += round(tag[1] * last_unit)  # "kilo w nss", "كيلو ونص"
                said_frac = (tag[1], round(tag[1] * last_unit))
                previous = "frac"
                continue
            elif amount is not None and previous == "num":
                if amount == 1:
                    amount = tag[1]  # "un demi kilo"
                else:
                    count, amount = amount, tag[1]  # "jouj d nss kilo": two half-kilos
            else:
                amount = tag[1] if amount is None else amount * tag[1]
        elif kind == "unit":
            factor, bare_only = tag[1], tag[2]
            if amount is None and previous == "frac" and said_frac is not None:
                value, counted = said_frac    # "kilo w nss kilo": the half is of this unit
                measure += round(value * factor) - counted
                said_frac, last_unit, previous = None, factor, kind
                continue
            if amount is None and bare_only:
                previous = "filler"
                continue
            measure += round((1.0 if amount is None else amount) * factor)
            amount, last_unit = None, factor
        elif kind == "container":
            if amount is not None and count is not None and previous == "num" \
                    and count < amount and tag[1] == PIECE:
                pass    # "jouj briwat 12 pieces": two of the 12 (it was twelve boxes)
            elif amount is not None:
                count, amount = amount, None
            elif count is None:
                count, one_container = 1.0, True
        elif kind == "times":
            if amount is not None:
                count, amount = amount, None
                times_after = count if not measure else None
            else:
                times_pending = True
        previous = kind
    if times_after is not None and count == times_after and amount is not None \
            and not measure and amount < count and count >= BARE_SIZE_MIN:
        count, amount = amount, count       # "amlou 250 x3": three of the 250, not 250 of 3
    extra = part = None
    if amount is not None and part_of_unit and previous == "num":
        measure += round(amount * last_unit / SUB_UNITS)
        amount, part = None, None if said_apart else amount
    if amount is not None:
        if count is None:
            count = amount
        else:
            extra = amount
    return Quantity(count=count, measure=measure or None, extra=extra, part=part,
                    boxed=one_container and count == 1.0)


# --- numbers that are never quantities ------------------------------------------------

def _is_phone(digits: str, rule: dict) -> bool:
    prefixes = tuple(str(p) for p in rule.get("prefixes") or ())
    return (int(rule.get("min_digits", 9)) <= len(digits) <= int(rule.get("max_digits", 14))
            and digits.startswith(prefixes))


def _date_fraction(token: str) -> bool:
    """"15⁄12" is a day and a month; "1⁄2" and "3⁄4" stay fractions."""
    top, _, bottom = token.partition("\u2044")
    if not (top.isdigit() and bottom.isdigit()):
        return False
    top_n, bottom_n = int(top), int(bottom)
    return 1 <= top_n <= 31 and 1 <= bottom_n <= 12 and not top_n < bottom_n <= 4


DIMENSIONS = ("length", "people")
NAME_SIZE = "name size"     # a name's figure said as which one ("tagine 6"), never how many
PACK_SIZE = "pack size"     # a figure after a pack word ("pack de 3"): which pack, never how many
AREA = "area"       # two sides said with "x" ("170x240"): the key of a size, never a count
_SIDES_RE = re.compile(r"^(\d+(?:[.,]\d+)?)x(\d+(?:[.,]\d+)?)(?:cm|m)?$")


def _sides(tokens: list[str], i: int) -> tuple[str, int] | None:
    """The two sides said at ``i`` ("170 x 240", "2x3m", "170 sur 240") as "170x240", and
    how many tokens say them."""
    from . import textnorm as norm
    from .lexicon import LEXICON

    glued = _SIDES_RE.match(tokens[i])
    if glued:
        return f"{parse_number(glued[1]):g}x{parse_number(glued[2]):g}", 1
    if (i + 2 < len(tokens) and tokens[i][:1].isdigit() and tokens[i + 2][:1].isdigit()
            and any(v in LEXICON.not_quantity.get("dimension_by", ())
                    for v in norm.key_variants(tokens[i + 1]))):
        a, b = parse_number(tokens[i]), parse_number(tokens[i + 2])
        if a is not None and b is not None:
            return f"{a:g}x{b:g}", 3
    return None


def _weighed(tokens: list[str], i: int) -> bool:
    """Is the token at ``i`` a unit of weight or volume ("g", "ml", "kilo")?"""
    from . import textnorm as norm
    from .lexicon import LEXICON

    return i < len(tokens) and any(payload[0] == "unit" for payload in LEXICON.grammar.longest(
        [norm.key_variants(tokens[i])], 0)[1])


def dimensions(tokens: list[str], areas: bool = True) -> frozenset[str]:
    """The sizes said as a figure before a length or a number of people ("Tajine 30 cm
    (4 pers)": ``{"30 length", "4 people"}``) and, with ``areas``, by two sides ("170x240":
    ``"170x240 area"``), to match a message's against a name's."""
    from . import textnorm as norm
    from .lexicon import LEXICON

    out: set[str] = set()
    for i, token in enumerate(tokens):
        sides = _sides(tokens, i) if areas and token[:1].isdigit() else None
        if sides and not _weighed(tokens, i + sides[1]):   # "pack 3 x 250g": three jars
            out.add(f"{sides[0]} {AREA}")
        if i + 1 == len(tokens):
            break
        after = norm.key_variants(tokens[i + 1])
        if i + 2 < len(tokens) and any(v in LEXICON.not_quantity.get("people_link", ())
                                       for v in after):
            after = norm.key_variants(tokens[i + 2])      # "4 d nas": four people
            kinds = [k for k in DIMENSIONS if k == "people"
                     and any(v in LEXICON.not_quantity.get(k, ()) for v in after)]
        else:
            kinds = [kind for kind in DIMENSIONS
                     if any(v in LEXICON.not_quantity.get(kind, ()) for v in after)]
        if not kinds:
            continue
        value = parse_number(token) if token[:1].isdigit() else next(
            (payload[1] for payload in LEXICON.grammar.longest([norm.key_variants(token)], 0)[1]
             if payload[0] == "num"), None)           # "a tagine for four people"
        if value is not None:
            out.update(f"{value:g} {kind}" for kind in kinds)
    return frozenset(out)


def _people_in_words(tokens: list[str]) -> dict[int, str]:
    """A number in words before a number of people or a length ("tajine pour quatre
    personnes", "a tagine for four people"): a size, not how many."""
    from . import textnorm as norm
    from .lexicon import LEXICON

    sizes = LEXICON.not_quantity
    people, length = sizes.get("people", ()), sizes.get("length", ())
    out: dict[int, str] = {}
    for i in range(1, len(tokens)):
        if any(v in people or v in length for v in norm.key_variants(tokens[i])) and any(
                p[0] == "num" for p in LEXICON.grammar.longest(
                    [norm.key_variants(tokens[i - 1])], 0)[1]):
            out.update({i - 1: "dimension", i: "dimension"})
    return out


def non_quantities(tokens: list[str], areas: bool = False,
                   own_words: Container[str] = ()) -> dict[int, str]:
    """Positions of figures that are never quantities, with what they are (``phone``,
    ``address``, ``price``, ``time``, ``date``, ``ref``), and of their companion words ("dh",
    "mars", "h"). Vocabulary and digit rules: ``not_quantities`` in ``intents/numbers.yml``.
    With ``areas`` (the catalog sells things by their two sides), "170 x 240" is a
    ``dimension``. ``own_words``: the catalog's own product words (keys), never a street's
    ("2 chaariya 500g" is no "charia 2", "2 flat noodles" no flat number 2)."""
    from . import textnorm as norm
    from .lexicon import LEXICON

    if not any(t[:1].isdigit() for t in tokens):
        return _people_in_words(tokens)
    words, rules = LEXICON.not_quantity, LEXICON.not_quantity_rules
    phone_rule, ref_digits = rules.get("phone") or {}, rules.get("ref_min_digits", 3)
    n = len(tokens)
    out: dict[int, str] = {}

    def role(i: int, name: str) -> bool:
        return 0 <= i < n and any(v in words.get(name, ()) for v in norm.key_variants(tokens[i]))

    def markers(i: int) -> set:
        """The grammar's readings of the word at ``i`` (``{"link", "filler"}`` for "d")."""
        if not 0 <= i < n:
            return set()
        length, payloads = LEXICON.grammar.longest([norm.key_variants(tokens[i])], 0)
        # a unit only written after a number ("l", "g") is an article or a letter here
        return {p[1] if p[0] == "marker" else p[0] for p in payloads
                if not (p[0] == "unit" and p[2])} if length else set()

    def after_figure_only(i: int) -> bool:
        """A unit written only after a figure ("l", "g") at ``i``: a letter, perhaps "for"."""
        length, payloads = LEXICON.grammar.longest([norm.key_variants(tokens[i])], 0) \
            if 0 <= i < n else (0, [])
        return bool(length) and any(p[0] == "unit" and p[2] for p in payloads)

    def product_plural(i: int) -> bool:
        """A product word that is a day word only once folded ("make the dates 2": the
        fruit, not "date 2")."""
        return norm.lookup_key(tokens[i]) not in words.get("day_before", ()) \
            and "concept" in markers(i)

    def measured(i: int) -> bool:
        """A unit or a container at ``i``, also one only written after a figure ("g")."""
        length, payloads = LEXICON.grammar.longest([norm.key_variants(tokens[i])], 0) \
            if 0 <= i < n else (0, [])
        return bool(length) and any(p[0] in ("unit", "container") for p in payloads)

    def house_number(i: int) -> bool:
        """A figure right after a street-address word ("zanqa 3", "room 512") or right before
        one ("12 rue …"), or after a number word that follows one ("bloc 4 n 88"); "raqm 3"
        alone picks from a list."""
        street = LEXICON.street_keys
        key = norm.lookup_key(tokens[i - 1]) if i else ""
        if key in street and key not in own_words:
            return True
        if (i + 1 < n and (after := norm.lookup_key(tokens[i + 1])) in street
                and after not in own_words
                and not markers(i + 1) & {"unit", "container", "concept"}):
            return True                         # "12 rue des Orangers"
        if key in words.get("order_fillers", ()) or key in LEXICON.address_keys:
            return any(norm.lookup_key(t) in street for t in tokens[max(0, i - 4):i - 1])
        return False

    # phone numbers, also written in groups ("06 12 34 56 78", "+212 6 12 34 56 78")
    i = 0
    while i < n:
        if not tokens[i].isdigit():
            i += 1
            continue
        end = i
        while end < n and tokens[end].isdigit():
            end += 1
        k = i
        while k < end:
            best, total = None, ""
            for m in range(k, end):
                total += tokens[m]
                if len(total) > int(phone_rule.get("max_digits", 14)):
                    break
                if (_is_phone(total, phone_rule) and (m == k or len(tokens[k]) >= 2)) or (
                        m > k and len(total) >= int(phone_rule.get("min_digits", 9))):
                    best = m                    # also "+44 7700 900423": figures in groups
            if best is not None:
                out.update({p: "phone" for p in range(k, best + 1)})
                k = best + 1
            else:
                k += 1
        i = end

    for i, token in enumerate(tokens):
        if i in out:
            continue
        if not token[:1].isdigit():
            continue
        sides = _sides(tokens, i) if areas else None
        if sides and sides[1] == 3 and not measured(i + 3):
            out.update({k: "dimension" for k in range(i, i + 3)})   # "1 tapis 170 x 240"
            continue
        if token.count(".") >= 2 and _is_phone(token.replace(".", ""), phone_rule):
            out[i] = "phone"                    # "06.12.34.56.78"
            continue
        if "\u2044" in token:
            if token.count("\u2044") == 2 or _date_fraction(token):
                out[i] = "date"                 # "15/12", "15/12/2026"
            continue
        value = parse_number(token)
        if value is None:
            continue
        # a figure before a unit is a measure ("Medjool dates 2kg"): no day, no time
        day = 1 <= value <= 31 and float(value).is_integer() and not markers(i + 1) & {"unit"}
        # a link or filler word may stand between a figure and its time word ("10 d sba7")
        gap = 2 if (markers(i + 1) & {"link", "filler"} and role(i + 2, "time_after")) else 0
        if role(i + 1, "currency"):
            out.update({i: "price", i + 1: "price"})
            # "200 dh l kilo", "200 درهم للكيلو", "90 dh le pot": the unit the price is for
            for j in (i + 2, i + 3):
                if markers(j) & {"unit", "container"}:
                    out.update({k: "price" for k in range(i + 2, j + 1)})
                    break
                if not markers(j) & {"filler", "link"}:
                    break
        elif role(i + 1, "percent"):
            out.update({i: "percent", i + 1: "percent"})        # "100% pure"
        elif role(i + 1, "length") or role(i + 1, "people"):
            out.update({i: "dimension", i + 1: "dimension"})    # "30 cm", "6 personnes"
        elif role(i + 1, "people_link") and role(i + 2, "people"):
            out.update({k: "dimension" for k in range(i, i + 3)})   # "4 d nas"
        elif role(i + 1, "time_after") or gap:
            out.update({i: "time", i + (gap or 1): "time"})
        elif value <= 24 and not markers(i + 1) & {"unit"} and (role(i - 1, "time_before") or (
                role(i - 1, "time_before_last")
                and (i + 1 == n or tokens[i + 1] == norm.SEPARATOR))
                or (markers(i - 1) & {"link", "filler"} and role(i - 2, "time_until"))):
            out[i] = "time"                     # "sa3a 3", "ghda m3a 3", "7ta l 6"
        elif role(i + 2, "days") and after_figure_only(i + 1):
            out.update({i + 1: "date", i + 2: "date"})   # "250 l ghedda": for tomorrow
        elif day and role(i + 1, "months"):
            out.update({i: "date", i + 1: "date"})
        elif day and ((role(i - 1, "day_before") and not product_plural(i - 1))
                      or (role(i - 1, "months") and len(tokens[i - 1]) >= 4)):
            out.update({i: "date"})
            if role(i - 1, "months"):
                out[i - 1] = "date"
        elif house_number(i):
            out[i] = "address"                  # "zanqa 3", "bloc 4 n 88", "room 512"
        elif token.isdigit() and len(token) >= ref_digits and not measured(i + 1):
            # ("i would like to order 500ml …": a measure, no order number)
            j = i - 1
            while (j >= 0 and i - j <= 3 and role(j, "order_fillers")
                   and not role(j, "order_before")):
                j -= 1
            # "T-1042": a letter that is no word of the grammar ("b 120", "x 100" are)
            single = (j == i - 1 >= 0 and len(tokens[j]) == 1 and tokens[j].isalpha()
                      and not markers(j))
            if role(j, "order_before") or single:
                out[i] = "ref"
    for i, role_name in _people_in_words(tokens).items():      # "pour quatre personnes"
        out.setdefault(i, role_name)
    return out
