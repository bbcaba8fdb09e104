"""Keeping personal data out of logs."""

from __future__ import annotations

import functools
import re

_DIGITS = re.compile(r"\d")


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
