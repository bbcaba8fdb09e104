"""Keeping personal data out of logs."""

from __future__ import annotations

import functools
import json
import re

import phonenumbers

_DIGITS = re.compile(r"\d")
#: What people put between the digits of a phone number.
SEPARATORS = " .-()/"
_SEP = r"[\s.\-/]*"
ERASED = "[forgotten]"


@functools.lru_cache(maxsize=4096)     # one line per message: the same senders again and again
def mask_phone(phone: str | None) -> str:
    """``whatsapp:+212612345678`` → ``whatsapp:+2126•••••678``: enough to tell numbers apart."""
    if not phone:
        return ""
    prefix, _, number = phone.rpartition(":")
    digits = _DIGITS.findall(number)
    if len(digits) <= 5:
        return (prefix + ":" if prefix else "") + "•" * len(number)
    keep_head, keep_tail = 4, 3
    out, seen = [], 0
    for ch in number:
        if ch.isdigit():
            seen += 1
            out.append(ch if seen <= keep_head or seen > len(digits) - keep_tail else "•")
        else:
            out.append(ch)
    return (prefix + ":" if prefix else "") + "".join(out)


#: Arabic-Indic and Eastern Arabic-Indic digits (members write ``سالينا ٠٦١٢…``).
_SCRIPTS = (0x660, 0x6F0)
_TO_ASCII = {base + d: str(d) for base in _SCRIPTS for d in range(10)}


def national_digits(e164: str) -> str:
    """``+212612345678`` → ``612345678``: the digits every written form of it contains
    once the separators are taken out."""
    return str(phonenumbers.parse(e164).national_number)


def in_every_script(digits: str) -> list[str]:
    """``612…`` in Western, Arabic-Indic (``٦١٢…``) and Eastern Arabic-Indic (``۶۱۲…``) digits."""
    return [digits] + [digits.translate({ord(str(d)): base + d for d in range(10)})
                       for base in _SCRIPTS]


def _digit(d: str) -> str:
    return "[" + d + "".join(chr(base + int(d)) for base in _SCRIPTS) + "]"


def mentions(e164: str, extras=()) -> re.Pattern:
    """Every written form of a number (``+212612345678``, ``0612345678``, ``06 12 34 56 78``,
    ``+212 6-12…``, ``00212…``, ``+212 (0)6…``, in Arabic-Indic digits too) and the
    ``extras`` (a name, an address)."""
    number = phonenumbers.parse(e164)

    def spread(digits: str) -> str:
        return _SEP.join(_digit(d) for d in digits)

    zero = _digit("0")
    prefix = (rf"(?:(?:\+|{zero}{zero})?{_SEP}{spread(str(number.country_code))}{_SEP}"
              rf"(?:\({zero}\){_SEP})?|{zero}{_SEP})?")
    forms = [rf"(?<!\d){prefix}{spread(str(number.national_number))}(?!\d)"]
    forms += [re.escape(x.strip()) for x in extras if x and len(x.strip()) >= 4]
    return re.compile("|".join(forms), re.I)


def redact(value, pattern: re.Pattern, national: str):
    """``value`` (text, or JSON text, or what JSON holds) with every mention replaced; a text
    that still holds the number's digits in some other layout is erased whole."""
    if isinstance(value, dict):
        return {k: redact(v, pattern, national) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(v, pattern, national) for v in value]
    if not isinstance(value, str):
        return value
    if value[:1] in "{[":
        try:
            parsed = json.loads(value)
        except ValueError:
            pass
        else:
            return json.dumps(redact(parsed, pattern, national), ensure_ascii=False,
                              separators=(",", ":"))
    text = pattern.sub(ERASED, value)
    if national in text.translate({**_TO_ASCII, **{ord(c): None for c in SEPARATORS}}):
        return ERASED
    return text
