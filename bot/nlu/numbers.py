"""Numbers and quantity expressions.

A quantity is read from the number, fraction, unit, container and "x" tokens of one order
line, in order, by a small state machine:

* ``2 kilo``, ``kilo w nss``, ``nss kilo``, ``un kilo et demi``, ``1.5 kg``, ``250 ml``
  give a *measure* (in thousandths of a gram or millilitre, kg and l = 1,000,000);
* ``jouj d l9ra3i``, ``2 pots``, ``x3``, ``3 fois``, or a number with no unit give a *count*;
* both together (``2 pots de 500g``) mean ``count`` items of that size.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_NUMBER = 1_000_000  # larger figures are capped; the conversation asks again anyway


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
    for tag in tags:
        kind = tag[0]
        if kind == "num":
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
            if amount is not None and previous == "conj":
                amount += tag[1]  # "jouj w nss kilo"
            elif amount is None and last_unit and previous in ("conj", "unit"):
                measure += round(tag[1] * last_unit)  # "kilo w nss", "كيلو ونص"
            elif amount is not None and previous == "num":
                if amount == 1:
                    amount = tag[1]  # "un demi kilo"
                else:
                    count, amount = amount, tag[1]  # "jouj d nss kilo": two half-kilos
            else:
                amount = tag[1] if amount is None else amount * tag[1]
        elif kind == "unit":
            factor, bare_only = tag[1], tag[2]
            if amount is None and bare_only:
                previous = "filler"
                continue
            measure += round((1.0 if amount is None else amount) * factor)
            amount, last_unit = None, factor
        elif kind == "container":
            if amount is not None:
                count, amount = amount, None
            elif count is None:
                count = 1.0
        elif kind == "times":
            if amount is not None:
                count, amount = amount, None
            else:
                times_pending = True
        previous = kind
    extra = None
    if amount is not None:
        if count is None:
            count = amount
        else:
            extra = amount
    return Quantity(count=count, measure=measure or None, extra=extra)
