"""Tagging tokens with what the order grammar needs.

:func:`tag_tokens` walks the normalised tokens left to right and, at each position, takes
the longest lexicon phrase (so "zit zitoun" beats "zit", "ma lward" beats "ma"). Each span
gets one kind:

``num`` ``frac`` ``ord`` (an ordinal: "الثاني", "2eme"; "last" is ``LAST``) ``unit``
``container`` ``size`` ``concept`` ``raw`` (a catalog word) ``neg`` ``remove`` ``set``
``conj`` ``times`` ``link`` ("of") ``filler`` ``sep`` (list punctuation), ``nq`` (a figure
that is never a quantity, or its companion word: a phone number, a date, a price…) and
``word`` (anything else; its value is the lookup key).

With a catalog index, unknown words are also looked up among the catalog's own words, then
fuzzily (rapidfuzz) among concept forms and catalog words, so "zaafrane" and "eucalyptis"
still match; a word in the other script than the catalog's is first looked up by its
consonant skeleton ("شباكية" for "Chebakia"). The same function reads catalog names when
the index is built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from . import textnorm as norm
from .lexicon import LEXICON
from .numbers import parse_number

# When one phrase has several meanings, the first kind in this list wins.
_PRIORITY = ("concept", "container", "unit", "num", "frac", "ord", "size", "remove", "neg",
             "set", "times", "conj", "link", "filler")


@dataclass(frozen=True)
class Span:
    """A run of tokens ``[start, end)`` with one grammatical kind."""

    kind: str
    value: Any
    start: int
    end: int
    fuzzy: bool = False      # a product word read from a misspelling or the other script
    asked: bool = False      # a guess to ask about, never to pack ("amou" for "amlou")


def readings(token: str) -> set[str]:
    """What the grammar reads one word as, alone: ``{"unit"}`` for "g", ``{"link", "filler"}``
    for "d" (a marker's kind, else the payload's kind); empty for a word it does not know."""
    length, payloads = LEXICON.grammar.longest([norm.key_variants(token)], 0)
    return {p[1] if p[0] == "marker" else p[0] for p in payloads} if length else set()


def _pick(payloads: list[tuple], after_number: bool) -> tuple[str, Any]:
    """Choose the kind and value of a phrase from its lexicon payloads."""
    concepts: list[str] = []
    by_kind: dict[str, Any] = {}
    for payload in payloads:
        kind = payload[0]
        if kind == "concept":
            concepts.extend(c for c in payload[1] if c not in concepts)
        elif kind == "unit":
            if after_number or not payload[2]:
                by_kind.setdefault("unit", (payload[1], payload[2]))
        elif kind == "marker" and payload[1] == "add":
            by_kind["conj"] = "add"          # an "and" that adds: "w zid", "et ajoutez"
        elif kind == "marker":
            by_kind.setdefault(payload[1] if payload[1] != "times" else "times", None)
        else:
            by_kind.setdefault(kind, payload[1])
    if concepts:
        return "concept", tuple(concepts)
    for kind in _PRIORITY[1:]:
        if kind in by_kind:
            return kind, by_kind[kind]
    return "filler", None


_FOLDED_KINDS = {"concept", "frac", "num"}
# a number written in figures ("2", "٥", "1,5"), not in words ("wa7ed", "jouj")
_FIGURE_RE = re.compile(r"^\d+(?:[.,]\d+)?$")
_MEASURE_KINDS = {"unit", "container"}


def _as_written(variants: list, i: int, token: str, kind: str, value: Any) -> tuple[str, Any]:
    """A small word written exactly as a link or a filler and not as the word its spelling
    folds onto ("pour" folds onto "pur", pure; French "nous" onto Darija "nus", half): the
    link or the filler. A fraction stays one before a measure ("nous kilo")."""
    written = LEXICON.written_kinds.get(token)
    if not written or kind in written or not written & {"link", "filler"}:
        return kind, value
    if kind != "concept":
        length, payloads = LEXICON.grammar.longest(variants, i + 1)
        if length and any(p[0] in _MEASURE_KINDS for p in payloads):
            return kind, value
    return ("link" if "link" in written else "filler"), None


def _place_word_before_city(variants: list, i: int, length: int) -> bool:
    """A bare unit letter that is also a place word ("l", "lt") right before a city name."""
    if variants[i][0] not in LEXICON.place_keys:
        return False
    ahead = variants[i + length:i + length + 4]
    return any(start == 0 for start, _, _ in LEXICON.cities.all_matches(ahead))


def _article_before_measured(variants: list, i: int, length: int) -> bool:
    """A bare unit letter right before a product word whose own measure follows it: the
    article ("bghit wa7ed l'huile d'olive 1L": one bottle of 1 L, not 1 L and 1 L more)."""
    if length != 1 or len(variants[i][0]) != 1:
        return False
    grammar = LEXICON.grammar
    named, payloads = grammar.longest(variants, i + 1)
    if not named or not any(p[0] == "concept" for p in payloads):
        return False
    j = i + 1 + named                   # right after the name, or after "de" ("… de 1L")
    if j < len(variants) and parse_number(variants[j][0]) is None:
        link, payloads = grammar.longest(variants, j)
        j += 1 if link == 1 and ("marker", "link") in payloads else len(variants)
    if j >= len(variants) or parse_number(variants[j][0]) is None:
        return False
    unit, after = grammar.longest(variants, j + 1)
    return bool(unit) and any(p[0] == "unit" for p in after)


def _digit_ordinal(token: str) -> int | None:
    """``"2eme"`` → 2, ``"1er"`` → 1, ``"3rd"`` → 3 (endings from ``intents/numbers.yml``)."""
    if not token[0].isdigit():
        return None
    digits = len(token) - len(token.lstrip("0123456789"))
    if digits > 3 or token[digits:] not in LEXICON.ordinal_suffixes:
        return None
    return int(token[:digits]) or None


def _verb_here(tokens: list[str], spans: list[Span], i: int) -> bool:
    """Whether a word that is both a grammar verb and a catalog word ("khlli" / "Khlii") is
    the verb: spelt exactly as the verb, and opening a clause with more words after it
    ("khlli ghir jouj"); "bghit khlii", "2 khli", "khlii 500g" name the product."""
    if tokens[i] not in LEXICON.verb_forms:
        return False
    opening = not spans or spans[-1].kind in ("sep", "conj")
    return opening and i + 1 < len(tokens) and tokens[i + 1] != norm.SEPARATOR


def _product_slot(spans: list[Span], tokens: list[str], i: int) -> bool:
    """Is the word at ``i`` where a product is expected: the message's last word, right
    after a count or a measure ("2 khii", "kilo khii") or an order verb ("bghit amou")?"""
    if i + 1 < len(tokens) and tokens[i + 1] != norm.SEPARATOR:
        return False
    if spans and spans[-1].kind in ("num", "unit"):
        return True
    return bool(i) and any(p[0] == "intent" and p[1] == "order" for p in LEXICON.cues.longest(
        [norm.key_variants(tokens[i - 1])], 0)[1])


def _after_product(spans: list[Span]) -> bool:
    """Whether the last span before fillers and links is a product word ("3sel …", "miel de …")."""
    for span in reversed(spans):
        if span.kind not in ("filler", "link"):
            return span.kind in ("concept", "raw")
    return False


_GLUED_AND_KINDS = {"num", "frac", "concept", "container", "unit", "size"}


def split_glued_and(tokens: list[str], index=None) -> list[str]:
    """"وعسل", "وجوج", "wl3sel": "and" stuck to the next word becomes its own token, when
    the word is no word itself and what follows "and" is a number, a product, a measure or
    a catalog word (``glued_and`` in ``intents/normalise.yml``)."""
    out: list[str] = []
    for token in tokens:
        rules = norm.GLUED_AND.get("arabic" if norm.is_arabic(token) else "latin")
        if rules and token.startswith(rules[0]) and not token[0].isdigit():
            key = norm.lookup_key(token)
            own = key in LEXICON.known_keys or (index is not None and index.raw_tag((key,)))
            form = next((f for f in rules[0] if token.startswith(f)
                         and len(token) - len(f) >= rules[1]), None)
            if form and token.startswith(form * 2):
                own = False                     # "وواحد": its key folds "وو" to "و"
            if not own and form:
                rest = token[len(form):]
                variants = norm.key_variants(rest)
                length, payloads = LEXICON.grammar.longest([variants], 0)
                kinds = {p[0] for p in payloads} if length else set()
                if (kinds & _GLUED_AND_KINDS or parse_number(rest) is not None
                        or (index is not None and index.raw_tag(variants))):
                    out.extend((form, rest))
                    continue
        out.append(token)
    return out


_RUNS_RE = re.compile(r"\d+(?:\.\d+)?|[^\W\d_]+")


def split_glued_figures(tokens: list[str], index=None) -> list[str]:
    """"bghit2amlou250w1zitargan100" (a message typed without spaces): a Latin word mixing
    letters and figures that is no word itself is cut where letters meet figures, when every
    piece is then a figure or a known word (of the lexicon or the sheet), in the fewest
    pieces: an Arabizi figure inside a word ("l3sel", "ch7al", "wa7ed") stays, the word
    being known whole or a piece of it unknown; a figure is never cut (a phone number, the
    "250" of "250g")."""
    out: list[str] = []
    for token in tokens:
        out.extend(_figures_apart(token, index) or (token,))
    return out


def _known_piece(piece: str, index) -> bool:
    key = norm.lookup_key(piece)
    return key in LEXICON.known_keys or bool(readings(piece)) or (
        index is not None and index.raw_tag(norm.key_variants(piece)) is not None)


_WORD_MIN = 3


def _two_words(letters: str, index) -> list[str] | None:
    """The two known words of at least three letters a run of letters typed between figures
    is made of ("zitargan": "zit" "argan"), if it is so made one way only."""
    if not letters.isalpha():
        return None
    cuts = [[letters[:k], letters[k:]] for k in range(_WORD_MIN, len(letters) - _WORD_MIN + 1)
            if _known_piece(letters[:k], index) and _known_piece(letters[k:], index)]
    return cuts[0] if len(cuts) == 1 else None


_COUNTED_KINDS = {"concept", "unit", "container"}


def _count_glued(runs: list[str], i: int, index) -> bool:
    """Is the one figure ``runs[i]``, which Arabizi also writes for a letter, a count: no
    word of fewer than three letters beside it ("ma7al", "fi9"), and a product, a measure or
    a container right after it ("bghit2amlou"; not "kan3ref", "khli3")?"""
    before = runs[i - 1] if i > 0 else None
    after = runs[i + 1] if i + 1 < len(runs) else None
    if any(side is not None and side[0].isalpha() and len(side) < _WORD_MIN
           for side in (before, after)):
        return False
    if after is None:           # "khli3", "m3a9": the word's last letter
        return False
    if not after[0].isalpha():
        return True
    return _counted_word((_two_words(after, index) or [after])[0], index)


def _counted_word(word: str, index) -> bool:
    """A product, a measure, a container or a catalog word."""
    return bool(readings(word) & _COUNTED_KINDS) or (
        index is not None and index.raw_tag(norm.key_variants(word)) is not None)


def _figures_apart(token: str, index) -> list[str] | None:
    if not token.isascii() or token.isalpha() or not any(c.isalpha() for c in token) \
            or _RUNS_RE.sub("", token):
        return None
    runs = _RUNS_RE.findall(token)
    if len(runs) < 2 or _known_piece(token, index):
        return None
    glued_and = norm.GLUED_AND.get("latin", ((), 0))[0]
    # best[j]: the fewest pieces runs[:j] is cut into (and the cut), each a figure or known
    best: list[tuple[int, list[str]] | None] = [(0, [])] + [None] * len(runs)
    for j in range(1, len(runs) + 1):
        for i in range(j):
            head = best[i]
            if head is None:
                continue
            piece = "".join(runs[i:j])
            if j > i + 1 and i and piece[0].isdigit() and not (
                    head[1] and _counted_word(head[1][-1], index)):
                continue        # "kat7ello": no "7ello" cut off a word that counts nothing
                #                 ("kat"), as "3sel" after "kilo" ("bghit2kilo3sel")
            if j == i + 1 and piece[0].isdigit():
                if len(piece) == 1 and piece in norm.ARABIZI_DIGITS \
                        and not _count_glued(runs, i, index):
                    continue    # "ma7al", "kan3ref", "fi9": a letter of the word, no count
            elif len(piece) == 1:
                # one letter: a unit after a figure ("250g"), "and" before one ("w1")
                after_figure = i > 0 and runs[i - 1][0].isdigit()
                before_figure = j < len(runs) and runs[j][0].isdigit()
                if not ((after_figure and "unit" in readings(piece))
                        or (before_figure and piece in glued_and)):
                    continue
            elif not _known_piece(piece, index):
                words = _two_words(piece, index) if j == i + 1 else None
                if words is None:
                    continue
                now = best[j]       # "zitargan" between figures: "zit" "argan"
                if now is None or head[0] + 2 < now[0]:
                    best[j] = (head[0] + 2, [*head[1], *words])
                continue
            now = best[j]
            if now is None or head[0] + 1 < now[0]:
                best[j] = (head[0] + 1, [*head[1], piece])
    found = best[-1]
    return found[1] if found is not None and len(found[1]) > 1 else None


def _compound_at(tokens: list[str], i: int, index) -> str | None:
    """The catalog word two Latin words at ``i`` make written as one ("tea pot": "teapot",
    "hand cream"s are two words in the catalog too, so never split), if they make one."""
    if index is None or i + 1 >= len(tokens):
        return None
    first, second = tokens[i], tokens[i + 1]
    if not (first.isalpha() and second.isalpha() and first.isascii() and second.isascii()
            and len(first) >= 2 and len(second) >= 2):
        return None
    tag = index.raw_keys.get(norm.lookup_key(first + second))
    if tag is None and second.endswith("s"):
        tag = index.raw_keys.get(norm.lookup_key(first + second[:-1]))   # "tea pots"
    return tag


_DUAL_KINDS = {"container", "unit"}


def split_duals(tokens: list[str], index=None) -> list[str]:
    """"قرعتين", "خبزتين", "9er3tin": the Darija dual (two of a thing in one word) becomes
    "2" and the singular, when the word is no word itself and the singular is a measure or a
    container word, or a catalog word (``dual_endings`` in ``intents/normalise.yml``)."""
    out: list[str] = []
    for token in tokens:
        rules = norm.DUALS.get("arabic" if norm.is_arabic(token) else "latin")
        split = None
        if rules and not token.isdigit():
            for ending, singulars, catalog in rules[1]:
                if not token.endswith(ending) or len(token) - len(ending) < rules[0]:
                    continue
                key = norm.lookup_key(token)
                if key in LEXICON.known_keys or (index is not None and index.raw_tag((key,))):
                    break
                split = _dual_singular(token[:-len(ending)], singulars,
                                       index if catalog else None)
                if split:
                    break
        out.extend(("2", split) if split else (token,))
    return out


def _dual_singular(stem: str, singulars: tuple[str, ...], index) -> str | None:
    """The singular of a dual's ``stem`` that is a measure or container word, else (when
    ``index`` is given) the first that is a catalog word."""
    words = [w for w in (norm.normalise(stem + ending).strip() for ending in singulars)
             if w and " " not in w]
    for word in words:
        length, payloads = LEXICON.grammar.longest([norm.key_variants(word)], 0)
        if length and {p[0] for p in payloads} & _DUAL_KINDS:
            return word
    return next((w for w in words if index.raw_tag(norm.key_variants(w))), None) \
        if index is not None else None


def _product_after(index, variants: list[tuple[str, ...]], start: int) -> bool:
    """Is a product named from ``start`` on (a catalog word or a product concept)?"""
    grammar = LEXICON.grammar
    return any(index.raw_tag(variants[k]) or any(
        p[0] == "concept" for p in grammar.longest(variants, k)[1])
        for k in range(start, len(variants)))


def _names_alone(index, words: list[tuple[str, ...]]) -> bool:
    """Is one of ``words`` (each a token's variants) a word that names a product alone on
    the sheet, its one-word alias or the word its name opens with ("hdiya" for its gift
    box, "gift" of "Gift box Atlas"; not "gift" of an alias "gift box")?"""
    tags = {tag for variants in words if (tag := index.raw_tag(variants))}
    return bool(tags) and any(tags & info.openings for info in index.products)


def _unaccented_product(index, spans: list[Span], tokens: list[str],
                        variants: list[tuple[str, ...]], i: int) -> tuple[str, object] | None:
    """A word whose accent alone tells it from a grammar word, written without it, where a
    product is counted: right after a count, the line ending with it ("bghit 2 the w 2
    henne", "2 the" — not "2 the tea", "2 the big ones"). The kind and value of the product
    it names when the sheet sells it, else None (English "the", "sale" stay what they are)."""
    word = norm.UNACCENTED.get(tokens[i])
    if word is None or not spans or spans[-1].kind != "num" or spans[-1].end != i:
        return None
    if i + 1 < len(tokens) and tokens[i + 1] != norm.SEPARATOR \
            and parse_number(tokens[i + 1]) is None:     # "2 the big ones", "2 the tea"
        length, payloads = LEXICON.grammar.longest(variants, i + 1)
        if not length or _pick(payloads, False)[0] != "conj":
            return None
    said = norm.key_variants(word)
    raw = index.raw_tag(said)
    if raw:
        return "raw", raw
    length, payloads = LEXICON.grammar.longest([said], 0)
    kind, value = _pick(payloads, True) if length else (None, None)
    if kind != "concept" or not isinstance(value, tuple) \
            or not any(tag in index.postings for tag in value):
        return None
    return kind, value


def tag_tokens(tokens: list[str], index=None, skip: dict[int, str] | None = None,
               stretched: dict[str, str] | None = None) -> list[Span]:
    """Tag normalised ``tokens`` (see module docstring); positions in ``skip`` (figures that
    are never quantities: :func:`bot.nlu.numbers.non_quantities`) become ``nq`` spans;
    ``stretched`` (:func:`bot.nlu.textnorm.stretched`) gives a word typed with a letter three
    times as typed twice, for the guesses of short words ("zaaar": "zaar", no "zhar")."""
    grammar = LEXICON.grammar
    known = LEXICON.known_keys
    # A keyword as it stands is not re-read without a "glued article": "done" is not d+one.
    cue_words = LEXICON.cues.keys
    variants = [v if v[0] not in cue_words else v[:1] for v in map(norm.key_variants, tokens)]
    spans: list[Span] = []
    i, n = 0, len(tokens)

    def typo(key: str) -> bool:
        return (key not in known and not key[0].isdigit()
                and not (index is not None and index.raw_tag((key,))))   # a catalog word

    # the last position a misspelt phrase word could stand at: most messages have none, and
    # then no phrase is looked up with a typo (once per message, not per position)
    last_typo = max((k for k, v in enumerate(variants) if len(v[0]) >= 4 and typo(v[0])),
                    default=-1) if index is not None else -1
    while i < n:
        token = tokens[i]
        if token == norm.SEPARATOR:
            spans.append(Span("sep", None, i, i + 1))
            i += 1
            continue
        if skip and i in skip:
            spans.append(Span("nq", skip[i], i, i + 1))
            i += 1
            continue
        number = parse_number(token)
        if number is not None:
            spans.append(Span("num", number, i, i + 1))
            i += 1
            continue
        ordinal = _digit_ordinal(token)
        if ordinal is not None:
            spans.append(Span("ord", ordinal, i, i + 1))
            i += 1
            continue
        joined = _compound_at(tokens, i, index)
        if joined:                      # "tea pot" for the catalog's "Théière" alias "teapot"
            spans.append(Span("raw", joined, i, i + 2))
            i += 2
            continue
        length, payloads = grammar.longest(variants, i)
        if length > 1 and index is not None and _pick(payloads, False)[0] == "filler" \
                and not any(s.kind in ("raw", "concept") for s in spans) \
                and _names_alone(index, variants[i:i + length]) \
                and not _product_after(index, variants, i + length):
            # "bghit l hdiya" where the sheet's gift box is called "hdiya": the sheet's
            # word, not the purpose "l hdiya" (for a gift) — with a product it is the
            # purpose ("bghit 2 amlou l hdiya", "for a gift: 2 cumin")
            named = next((k for k in range(i + 1, i + length) if _names_alone(index,
                                                                          [variants[k]])), i + 1)
            if named - i > 1:           # "for a gift": the words before it are one filler,
                spans.append(Span("filler", None, i, named))    # its "a" no count (one gift
                i = named                                       # box went in, unasked)
                continue
            length, payloads = grammar.longest(variants[:i + 1], i)
        if length and index is not None and (counted := _unaccented_product(index, spans,
                                                                           tokens, variants, i)):
            spans.append(Span(counted[0], counted[1], i, i + 1))    # "bghit 2 the w 2 henne":
            i += 1                                  # the sheet's "Thé", not English "the"
            continue
        misspelt = False
        if i < last_typo:               # "cornes de gazlle": a product phrase with one typo
            far, found = grammar.longest_misspelt(variants, i, typo)
            found = [payload for payload in found if payload[0] == "concept"]
            if found and far > length:
                length, payloads, misspelt = far, found, True
        if length:
            after_number = bool(spans) and spans[-1].kind == "num" and spans[-1].end == i
            if after_number and (_place_word_before_city(variants, i, length)
                                 or _article_before_measured(variants, i, length)):
                after_number = False    # "2 amlou 250 l casa": "l" is "to", not litres
            if after_number and not _FIGURE_RE.match(tokens[i - 1]):
                after_number = False    # "wahed l amlou": "one amlou", not a litre of it
            kind, value = _pick(payloads, after_number)
            if length == 1 and kind in _FOLDED_KINDS:
                kind, value = _as_written(variants, i, token, kind, value)
            raw = (index.raw_tag(variants[i]) if index is not None and length == 1
                   and kind in LEXICON.verb_marker_kinds else None)
            if raw and not _verb_here(tokens, spans, i):
                kind, value = "raw", raw         # "bghit khlii": the catalog's Khlii
            spans.append(Span(kind, value, i, i + length, fuzzy=misspelt))
            i += length
            continue
        key = variants[i][0]
        if index is not None:
            raw = index.raw_tag(variants[i])
            if raw:
                spans.append(Span("raw", raw, i, i + 1))
                i += 1
                continue
            if not any(v in known for v in variants[i]) and (
                    not token[0].isdigit() or key.isalpha()):    # "7rissa": "hrisa"
                raw = index.other_script_tag(variants[i])     # "شباكية" for "Chebakia"
                if raw:
                    spans.append(Span("raw", raw, i, i + 1, fuzzy=True))
                    i += 1
                    continue
                typed = stretched.get(token, token) if stretched else token   # "zaaar"
                hit = next(filter(None, map(index.fuzzy, variants[i])), None)
                if hit and len(variants[i][0]) < 4 and (
                        not _after_product(spans) or norm.doubled(typed)):
                    hit = None      # "tym" is thym after "3sel", "miel de"; alone, a name;
                    #                 "zaar" (a letter typed twice) is no "zhar" short of one
                if (hit is None and norm.doubled(typed) and len(variants[i][0]) < 4
                        and _after_product(spans) and typed.isalpha()):
                    hit = index.fuzzy(typed)    # but "zaatar" short of its t, as typed
                guess = hit is None and len(key) == 3 and _product_slot(spans, tokens, i) \
                    and index.dropped_any.get(key)
                if guess:                       # "bghit amou", "2 khii": the sheet's amlou,
                    kind, tag = guess           # khlii, short of a letter; asked, not packed
                    value = (tag,) if kind == "concept" else tag
                    spans.append(Span(kind, value, i, i + 1, fuzzy=True, asked=True))
                    i += 1
                    continue
                if hit:
                    kind, tag = hit
                    value = (tag,) if kind == "concept" else tag
                    spans.append(Span(kind, value, i, i + 1, fuzzy=True))
                    i += 1
                    continue
        spans.append(Span("word", key, i, i + 1))
        i += 1
    return spans
