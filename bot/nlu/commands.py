"""Understanding a cooperative member's command (pure: no database).

The words live in ``intents/members.yml`` (Darija in both scripts, French, English); word
order is free, and case, accents and typos are tolerated. :func:`parse_command` reads one
message into a :class:`Command`; :mod:`bot.members` carries it out.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .. import datafiles
from ..phones import PhoneError, to_e164
from .textnorm import lookup_key, normalise

INTENTS_FILE = datafiles.intents_path("members.yml")
_PHONE_RE = re.compile(r"(?:\+|00)?\d(?:[\s.\-]?\d){8,13}")
_WORD_RE = re.compile(r"[^\W\d_]")



@dataclass
class Command:
    """What a member asked: ``action`` is None when nothing was understood."""

    action: str | None
    number: str | None = None          # the order number's digits, e.g. "1042"
    sku: str | None = None             # as typed, e.g. "AMLOU-500"
    in_stock: bool | None = None
    phone: str | None = None           # E.164
    prefix: str | None = None          # the letters typed before the digits ("T" in T-1042)


def _keys(text: str) -> tuple[str, ...]:
    """Lookup keys of a word or phrase (folded like messages, then spelling-coarsened)."""
    return tuple(lookup_key(t) for t in normalise(str(text)).split() if t != ",")


@dataclass(frozen=True)
class _Grammar:
    phrases: dict           # keys tuple -> action
    words: dict             # single key -> action, for fuzzy matching
    ignore: frozenset       # keys never matched by typo
    values: dict            # keys tuple -> True/False (stock in/out)
    acks: frozenset         # keys tuples that alone only acknowledge ("wakha", "ok")
    longest: int
    threshold: float
    min_length: int
    number_re: re.Pattern


@functools.lru_cache(maxsize=1)
def grammar() -> _Grammar:
    """The command words of ``intents/members.yml``, folded once."""
    data = datafiles.safe_load(INTENTS_FILE.read_text(encoding="utf-8"))
    phrases: dict = {}
    for action, by_lang in data["actions"].items():
        for forms in by_lang.values():
            for form in forms:
                key = _keys(form)
                if key:
                    phrases.setdefault(key, action)
    values = {}
    for value, forms in (("in", True), ("out", False)):
        for form in data["stock_values"][value]:
            values[_keys(form)] = forms
    fuzzy, number = data.get("fuzzy", {}), data.get("number", {})
    lo, hi = int(number.get("min_digits", 3)), int(number.get("max_digits", 7))
    return _Grammar(
        phrases=phrases, values=values,
        acks=frozenset(_keys(w) for w in data.get("acknowledge", [])),
        words={k[0]: a for k, a in phrases.items()
               if len(k) == 1 and len(k[0]) >= int(fuzzy.get("min_length", 5))},
        ignore=frozenset(k for w in fuzzy.get("ignore", []) for k in _keys(w)),
        longest=max(len(k) for k in phrases),
        threshold=float(fuzzy.get("threshold", 82)), min_length=int(fuzzy.get("min_length", 5)),
        number_re=re.compile(rf"^[a-z]{{0,3}}(\d{{{lo},{hi}}})$"))


def _find_phone(text: str) -> tuple[str | None, str]:
    """A phone number in ``text`` (E.164) and the text without it."""
    for match in _PHONE_RE.finditer(text):
        try:
            phone = to_e164(re.sub(r"[\s.\-]", "", match.group(0)))
        except PhoneError:
            continue
        return phone, text[:match.start()] + " " + text[match.end():]
    return None, text


def _flat(raw_tokens: list[str]) -> list[tuple[str, int]]:
    """Every lookup key of the message with the index of the raw token it came from."""
    return [(key, i) for i, raw in enumerate(raw_tokens) for key in _keys(raw)]


def _match_action(flat: list[tuple[str, int]], g: _Grammar) -> tuple[str | None, set[int]]:
    """The first command phrase (longest at its place), else the first close typo."""
    keys = [k for k, _ in flat]
    for start in range(len(keys)):
        for size in range(min(g.longest, len(keys) - start), 0, -1):
            action = g.phrases.get(tuple(keys[start:start + size]))
            if action:
                return action, {i for _, i in flat[start:start + size]}
    for key, index in flat:
        if len(key) < g.min_length or key in g.ignore or not _WORD_RE.search(key) \
                or g.number_re.match(key):
            continue
        best = process.extractOne(key, list(g.words), scorer=fuzz.ratio,
                                  score_cutoff=g.threshold)
        if best:
            return g.words[best[0]], {index}
    return None, set()


def _match_value(raw_tokens: list[str], skip: set[int], g: _Grammar):
    """The last in/out stock word (whole tokens only, so ``ARGAN-1L`` is no "1")."""
    found, used = None, set()
    for start in range(len(raw_tokens)):
        for size in (3, 2, 1):
            span = set(range(start, start + size))
            if start + size > len(raw_tokens) or span & skip:
                continue
            key = tuple(k for i in sorted(span) for k in _keys(raw_tokens[i]))
            if key in g.values:
                found, used = g.values[key], span
                break
    return found, used


def parse_command(text: str) -> Command:
    """Read one member message (pure: no database)."""
    g = grammar()
    phone, rest = _find_phone(text or "")
    raw_tokens = rest.split()
    flat = _flat(raw_tokens)
    action, action_tokens = _match_action(flat, g)
    number = next((m.group(1) for k, _ in flat if (m := g.number_re.match(k))), None)
    if number is None and phone is None and tuple(k for k, _ in flat) in g.acks:
        action = "thanks"                # "wakha", "ok", 👍 alone: a courtesy, not a command
    if action in ("stock", "stock_in", "stock_out"):
        value, value_tokens = _match_value(raw_tokens, action_tokens, g)
        if action != "stock":
            value = action == "stock_in"
        sku = " ".join(t for i, t in enumerate(raw_tokens)
                       if i not in action_tokens and i not in value_tokens).strip(" ,.:")
        return Command("stock", sku=sku or None, in_stock=value)
    if action in ("list", "end_handoff") and number and not phone:
        action = "show"             # "commande 1042", "fin 1042" (= where is 1042?)
    if action is None and number:
        action = "show"
    prefix = None
    if number:
        typed = re.search(rf"(?<![A-Za-z])([A-Za-z]{{1,3}})[-#]?{number}\b", rest)
        prefix = typed.group(1).upper() if typed else None
    return Command(action, number=number, phone=phone, prefix=prefix)
