"""Reply texts: one YAML file per language in ``locales/``.

Adding a language is adding ``locales/<code>.yml`` with every key of
``locales/fr.yml`` (a test checks that all locales have the same keys).
Texts use ``{placeholders}``; a missing value renders as an empty string
rather than crashing a reply. Words a customer or a member is told to send are
marked with backticks (`lista`, `sift {digits}`): they render without them, and
tests/test_locales.py sends each one back to the parser to check it works.
"""

from __future__ import annotations

import functools
import re

from . import datafiles

LOCALES_DIR = datafiles.locales_dir()
DEFAULT_LANG = "fr"
#: ``money()`` writes "440 DH"; a locale's ``money_unit`` replaces "DH" after a number.
_DH = re.compile(r"(?<=\d) DH\b")


@functools.cache
def load(lang: str) -> dict:
    path = LOCALES_DIR / f"{lang}.yml"
    if not path.exists():
        return {}
    return datafiles.safe_load(path.read_text(encoding="utf-8")) or {}


def languages() -> list[str]:
    return sorted(p.stem for p in LOCALES_DIR.glob("*.yml"))


def supported(lang: str | None) -> str:
    """``lang`` when a locale exists for it, else the default."""
    return lang if lang and load(lang) else DEFAULT_LANG


class Blank(dict):
    def __missing__(self, key):
        return ""


def t(lang: str | None, key: str, **params) -> str:
    """The text for ``key`` in ``lang`` (falling back to French), filled with ``params``."""
    lang = supported(lang)
    text = load(lang).get(key)
    if text is None:
        text = load(DEFAULT_LANG).get(key, key)
    if isinstance(text, list):
        text = "\n".join(text)
    text = str(text).replace("`", "").format_map(Blank(params)).strip()
    unit = load(lang).get("money_unit")
    return _DH.sub(f" {unit}", text) if unit and unit != "DH" else text


def words(lang: str | None, key: str) -> list[str]:
    """A list entry of a locale (e.g. status names), falling back to French."""
    lang = supported(lang)
    value = load(lang).get(key) or load(DEFAULT_LANG).get(key) or []
    return list(value)


def money(amount: float | int | None, lang: str | None = None) -> str:
    """``120`` → ``120 DH``; ``12.5`` → ``12.50 DH``; with ``lang``, in that locale's
    ``money_unit`` (``120 درهم`` in Arabic script)."""
    amount = float(amount or 0)
    text = f"{amount:.0f}" if amount.is_integer() else f"{amount:.2f}"
    unit = load(supported(lang)).get("money_unit") if lang else None
    return f"{text} {unit or 'DH'}"
