"""SMS text: the GSM-7 alphabet, how many parts a text is sent as, and SMS-safe text.

These tables describe a transport's encoding (3GPP TS 23.038), not a language, so they stay
in code: a translator adding a word never needs to touch them.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# -- SMS length -------------------------------------------------------------

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = frozenset("\f^{}\\[~]|€")
_GSM7 = GSM7_BASIC | GSM7_EXTENDED


def is_gsm7(text: str) -> bool:
    """Whether ``text`` is sent in the GSM-7 alphabet (else UCS-2)."""
    return _GSM7.issuperset(text)


def sms_segments(text: str) -> int:
    """How many SMS parts ``text`` is sent as (0 for empty text).

    Text made only of GSM 03.38 characters is GSM-7: 160 characters in one
    SMS, 153 per part when split (``^{}\\[~]|€`` count double). Anything else
    (Arabic, emoji, ``ç``, ``ê``…) makes the whole message UCS-2: 70 UTF-16
    units in one SMS, 67 per part. A double-width character or a surrogate
    pair is never split across parts.
    """
    if not text:
        return 0
    if is_gsm7(text):
        widths = [2 if ch in GSM7_EXTENDED else 1 for ch in text]
        single, part = 160, 153
    else:
        widths = [2 if ord(ch) > 0xFFFF else 1 for ch in text]
        single, part = 70, 67
    if sum(widths) <= single:
        return 1
    return _pack(widths, part)


def _pack(widths: list[int], size: int) -> int:
    """Parts needed to hold ``widths`` in order, ``size`` units per part."""
    parts, used = 1, 0
    for width in widths:
        if used + width > size:
            parts, used = parts + 1, 0
        used += width
    return parts


# -- SMS text ---------------------------------------------------------------

_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]")
_EMOJI_EXTRAS = {"\ufe0f", "\ufe0e", "\u200d", "\u20e3", "\u2139"}   # ℹ️ is a letter to Unicode
_LATIN_FOR_SMS = str.maketrans({
    "«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "’": "'", "‘": "'",
    "→": "->", "←": "<-", "×": "x", "·": "-", "•": "-", "–": "-", "—": "-", "…": "...",
    "\u00a0": " ", "\u202f": " ", "°": "o",
})
SPACES = re.compile(r"[ \t]{2,}")
_GUILLEMETS = re.compile(r"«[\s\u00a0\u202f]*|[\s\u00a0\u202f]*»")


def _is_emoji(ch: str) -> bool:
    """Emojis and pictographs (not ``°``, ``©`` and other old Latin-1 symbols)."""
    return ch in _EMOJI_EXTRAS or ord(ch) > 0xFFFF or \
        (ord(ch) >= 0x2000 and unicodedata.category(ch) == "So")


class _NoEmoji(dict):
    """A ``str.translate`` table that deletes emojis, filled one character at a time."""

    def __missing__(self, code: int) -> int | None:
        self[code] = None if _is_emoji(chr(code)) else code
        return self[code]


_NO_EMOJI = _NoEmoji()


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in _GSM7:
        return ch
    return "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))


def _fold_to_gsm(text: str) -> str:
    """Drop the accents GSM-7 lacks (ê → e, ç → c); keep é è à ù ì ò."""
    return "".join(map(_fold_char, text))


def sms_text(text: str) -> str:
    """``text`` for SMS: no emojis; GSM-7 when the language is written in Latin letters."""
    plain = text.translate(_NO_EMOJI)
    plain = "\n".join(SPACES.sub(" ", line).strip() for line in plain.split("\n"))
    if _ARABIC.search(plain):
        return plain                      # Arabic script is UCS-2 whatever we fold
    latin = _GUILLEMETS.sub('"', plain)
    latin = _fold_to_gsm(latin.translate(_LATIN_FOR_SMS))
    return latin if is_gsm7(latin) else plain
