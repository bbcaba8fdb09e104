"""The tagged spans retouched before they are cut into order lines: street and shop names,
articles and pronouns that are no counts, durations, comparisons, corrections mid-line,
negations inside product names, boxes sold as such.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Container

from .. import details
from .. import textnorm as norm
from ..cities import names_a_town
from ..grammar import Span, readings, tag_tokens
from ..intents import detect_lang_tokens, lang_shown
from ..lexicon import LEXICON
from ..matcher import CatalogIndex, match, split_tags
from ..matcher.index import sides_said
from ..numbers import BARE_SIZE_MIN, NAME_SIZE, PACK_SIZE, parse_number
from ..questions import asking_word
from .model import PRODUCT_KINDS, QTY_KINDS


def size_questions(spans: list[Span], tokens: list[str]) -> list[Span]:
    """"how big are your tagines?": a size word right after a word asking about the size
    chooses no size (it was the biggest tagine)."""
    return [Span("filler", None, s.start, s.end) if s.kind == "size" and s.start and any(
                v in LEXICON.size_question_keys for v in norm.key_variants(tokens[s.start - 1]))
            else s for s in spans]


def street_names(spans: list[Span], tokens: list[str]) -> list[Span]:
    """"12 rue des Orangers", "room 204 hotel atlas", "derb zitoun": product words after a
    street word, up to the end of its clause, name the street when the clause says no
    quantity ("hay nahda, 2 kilo zaatar" and "zanqa 3 w 2 amlou" still order)."""
    street = LEXICON.street_keys
    out = list(spans)
    start = None
    for i, span in enumerate(spans + [Span("sep", None, len(tokens), len(tokens))]):
        if span.kind in ("sep", "conj"):
            if start is not None and not any(s.kind in QTY_KINDS for s in spans[start:i]):
                for k in range(start, i):
                    if spans[k].kind in PRODUCT_KINDS:
                        out[k] = Span("word", norm.lookup_key(tokens[spans[k].start]),
                                      spans[k].start, spans[k].end)
            start = None
        elif start is None and span.kind == "word" and span.value in street:
            start = i
    return out


def district_names(spans: list[Span], tokens: list[str]) -> list[Span]:
    """"Clark Kent, Fes, Atlas 4": words of a product's name that are no product word (a
    brand's or a place's, "Gift box Atlas"), opening the clause right after a name and a
    town alone, with at most a house number after them, name the district, and the figure
    is the house's, not a count ("2 atlas", "gift box atlas 4", "rabat, jihel 2" and
    "Karim, Fes, 2 atlas" still order)."""
    if not any(s.kind == "raw" for s in spans):
        return spans
    out = spans
    k = 0
    while k < len(spans):
        clause = _clause(spans, k)
        k = clause.stop + 1
        said = [j for j in clause if spans[j].kind not in ("filler", "link")]
        names = [j for j in said if spans[j].kind == "raw" and not spans[j].fuzzy]
        if not names or said[:len(names)] != names or names != list(
                range(names[0], names[-1] + 1)):
            continue
        after = said[len(names):]
        if len(after) > 1 or (after and spans[after[0]].kind != "num") \
                or not _town_alone_before(spans, tokens, clause.start):
            continue
        if out is spans:
            out = list(spans)
        for j in [*names, *after]:      # (the house number no count of another line:
            out[j] = Span("word", norm.lookup_key(tokens[spans[j].start]),   # "2 amlou, …,
                          spans[j].start, spans[j].end)                     # Atlas 4": two)
    return out


def place_words(text: str, index: CatalogIndex) -> bool:
    """"Atlas 4" answering where to deliver beside "Gift box Atlas": does ``text`` name
    products only by words of their names that name none by themselves (no product word of
    the lexicon, no name's opening nor alias: a brand's or a place's), each such clause with
    at most a house number after them? The district, not an order ("jihel 2" of "Tmer jihel"
    still orders)."""
    tokens = norm.tokens(text)
    if not tokens:
        return False
    spans = tag_tokens(tokens, index)
    if not any(s.kind in PRODUCT_KINDS for s in spans):
        return False
    k = 0
    while k < len(spans):
        clause = _clause(spans, k)
        k = clause.stop + 1
        said = [j for j in clause if spans[j].kind not in ("filler", "link")]
        if not any(spans[j].kind in PRODUCT_KINDS for j in said):
            continue
        names = [j for j in said if spans[j].kind == "raw" and not spans[j].fuzzy
                 and spans[j].value not in index.openings]
        after = said[len(names):]
        if not names or said[:len(names)] != names or len(after) > 1 or (
                after and spans[after[0]].kind != "num"):
            return False
    return True


def _town_alone_before(spans: list[Span], tokens: list[str], start: int) -> bool:
    """Whether the clause before the one starting at span ``start`` is a town alone, after
    a clause of plain words (a name: "Clark Kent, Fes, …"; "rabat, jihel 2" orders)."""
    if start < 2 or spans[start - 1].kind != "sep":
        return False
    town = _clause(spans, start - 2)
    clause = [spans[j] for j in town if spans[j].kind != "filler"]
    if not clause or (clause[0].start, clause[-1].end) not in names_a_town(tokens):
        return False
    if town.start < 2 or spans[town.start - 1].kind != "sep":
        return False
    name = [spans[j] for j in _clause(spans, town.start - 2) if spans[j].kind != "filler"]
    return bool(name) and all(s.kind == "word" for s in name)


def shop_names(spans: list[Span], tokens: list[str]) -> list[Span]:
    """"is this the rose shop?", "c'est la boutique de miel ?", "l7anout dyal l3sel": the
    product words right before a word for the business, or after it and "of", describe the
    shop, when their clause says no quantity; after it and a place word, they are where it
    is ("we loved your shop in Tazenakht", the town in the rugs' names)."""
    shops = {i for i, s in enumerate(spans) if s.kind == "word"
             and norm.lookup_key(tokens[s.start]) in LEXICON.business_keys}
    if not shops:
        return spans
    out = list(spans)
    for shop in shops:
        clause = _clause(spans, shop)
        if any(spans[k].kind in QTY_KINDS for k in clause):
            continue
        k = shop - 1
        while k >= 0 and spans[k].kind in PRODUCT_KINDS:
            k -= 1
        named = list(range(k + 1, shop))
        k = shop + 1
        if k < len(spans) and (spans[k].kind == "link" or spans[k].end - spans[k].start == 1
                               and norm.lookup_key(tokens[spans[k].start]) in LEXICON.place_keys):
            k += 1
            while k < len(spans) and spans[k].kind in PRODUCT_KINDS:
                named.append(k)
                k += 1
        for k in named:
            out[k] = Span("word", norm.lookup_key(tokens[spans[k].start]), spans[k].start,
                          spans[k].end)
    return out


def town_names(spans: list[Span], tokens: list[str], index: CatalogIndex) -> list[Span]:
    """A town a product is named after ("Amlou de Tiznit", "Safran de Taliouine") is the
    customer's town, not that product, when the message uses it as one: right after a place
    word that follows no product ("ana men Tiznit", "f Essaouira", not "amlou men Tiznit"),
    or in a clause naming no other product ("Fatima, Tiznit, hay nahda 5"); not after a
    count or a measure and "of" ("2 kilo dyal Rissani", "2 kg de Rissani": those dates). Its
    words become plain words, which the city reader then finds; "amlou dyal Tiznit" still
    names it."""
    if not index.towns:
        return spans
    places = names_a_town(tokens)
    if not places:
        return spans
    at = {i: k for k, span in enumerate(spans) for i in range(span.start, span.end)}
    in_town = {i for start, end in places for i in range(start, end)}
    towns: set[int] = set()
    for start, end in places:
        named = {at[i] for i in range(start, end) if i in at}
        kinds = {spans[k].kind for k in named}
        if "raw" not in kinds or "concept" in kinds:
            continue                                 # a word of no product name: read as is
        before = start - 1
        while before >= 0 and before in at and spans[at[before]].kind == "sep":
            before -= 1
        after_place = before >= 0 and norm.lookup_key(tokens[before]) in LEXICON.place_keys \
            and not (before - 1 in at and spans[at[before - 1]].kind in PRODUCT_KINDS
                     and before - 1 not in in_town)
        clause = _clause(spans, min(named))
        alone = not any(spans[k].kind in PRODUCT_KINDS and spans[k].start not in in_town
                        for k in clause)
        of_a_count = before in at and spans[at[before]].kind == "link" and any(
            spans[k].kind in QTY_KINDS and spans[k].end <= before for k in clause)
        if (after_place or alone) and not of_a_count:
            towns |= {k for k in named if spans[k].kind == "raw"}
    if not towns:
        return spans
    return [Span("word", norm.lookup_key(tokens[span.start]), span.start, span.end)
            if k in towns else span for k, span in enumerate(spans)]


def near_colours_after_town(spans: list[Span], tokens: list[str]) -> list[Span]:
    """"… in Meknes: Najat Saadi, Hamria, 6 rue Agadir": after the town, a clause holding
    nothing but a colour read only through a near spelling ("Hamria" for "hamra", red) is a
    district or a street of the address, not the colour of the product said before it."""
    if not any(s.fuzzy for s in spans):
        return spans
    places = names_a_town(tokens)
    if not places:
        return spans
    town_end = places[0][1]
    out = spans
    for k, span in enumerate(spans):
        if not (span.fuzzy and span.start >= town_end and _soft_only(span)):
            continue
        clause = [spans[j] for j in _clause(spans, k) if spans[j].kind not in ("filler", "link")]
        if clause == [span]:
            if out is spans:
                out = list(spans)
            out[k] = Span("word", norm.lookup_key(tokens[span.start]), span.start, span.end)
    return out


def surnames(spans: list[Span], tokens: list[str]) -> list[Span]:
    """"karim zitouni casa hay salam 5": a word read as a product only through a near
    spelling ("zitouni" for "zitoun"), right after a common first name, is the family name
    (Zitouni, Louzi, Laasri), not a product. A common first name itself is no product by a
    near spelling either ("Chris Evans" is no "chriha", dried figs), unless a product word
    comes right before it ("3sel tym": thyme honey)."""
    out = spans
    for k in range(len(spans)):
        span, before = spans[k], spans[k - 1] if k else None
        if (span.fuzzy and span.kind in PRODUCT_KINDS and span.end - span.start == 1
                and ((details.common_first_name(tokens[span.start])
                      and not any(s.kind in PRODUCT_KINDS for s in spans[max(0, k - 2):k]))
                     or (before is not None and before.kind == "word"
                         and details.common_first_name(tokens[before.start])))):
            if out is spans:
                out = list(spans)
            out[k] = Span("word", norm.lookup_key(tokens[span.start]), span.start, span.end)
    return out


def _clause(spans: list[Span], i: int) -> range:
    """The span indexes of the clause (between separators) holding span ``i``."""
    start = i
    while start > 0 and spans[start - 1].kind != "sep":
        start -= 1
    end = i
    while end < len(spans) and spans[end].kind != "sep":
        end += 1
    return range(start, end)


#: what an indefinite article is tagged: a filler ("a"), or a word the grammar has no other
#: use for ("another")
_ARTICLE_KINDS = frozenset({"filler", "word"})


def count_articles(spans: list[Span], tokens: list[str]) -> list[Span]:
    """"a thyme honey, a saffron": in a message of a language whose indefinite article counts
    one (``indefinite`` in ``intents/numbers.yml``), the article before a product is 1."""
    articles = LEXICON.indefinite_keys
    if not any(s.kind in _ARTICLE_KINDS and norm.lookup_key(tokens[s.start]) in articles
               for s in spans):
        return spans                            # (language detection only when worth it)
    words = LEXICON.indefinite.get(detect_lang_tokens(tokens))
    opening = not words and not lang_shown(tokens)
    if opening:                                 # "a tagine 30 cm": no language shown, the
        words = articles                        # article opening the message counts one
    if not words:
        return spans
    out = list(spans)
    for i, span in enumerate(spans[:-1]):
        if opening and i:
            break
        after = spans[i + 1]
        if after.kind == "size" and i + 2 < len(spans):
            after = spans[i + 2]
        # "… and a medium": a size word ending the clause stands for the product
        sized_alone = spans[i + 1].kind == "size" and (
            i + 2 == len(spans) or spans[i + 2].kind in ("sep", "conj")
            or _container_alone(spans, i + 2))   # "and a small pair (for me)", "a big jar"
        # "a tray of eggs", "a kit of …": a pack word, "of", the product: one pack
        # ("a set of 6 tea glasses": the figure the pack holds before the product)
        packed = (i + 3 < len(spans) and spans[i + 1].kind == "word"
                  and _said_as(tokens[spans[i + 1].start], "pack")
                  and spans[i + 2].kind == "link" and (
                      spans[i + 3].kind in PRODUCT_KINDS
                      or spans[i + 3].kind in ("num", "nq") and i + 4 < len(spans)
                      and spans[i + 4].kind in PRODUCT_KINDS))
        if (span.kind in _ARTICLE_KINDS and span.end - span.start == 1
                and norm.lookup_key(tokens[span.start]) in words
                and (after.kind in PRODUCT_KINDS or sized_alone or packed)
                and not (i and spans[i - 1].kind in QTY_KINDS)
                and not (i and spans[i - 1].kind in PRODUCT_KINDS)
                and not _counted_by_times(spans, i + 1)):
            # (not an "à" between two words of a name: "one Pâte à tartiner" is one)
            out[i] = Span("num", 1.0, span.start, span.end)
    return out


def _container_alone(spans: list[Span], i: int) -> bool:
    """Is ``spans[i]`` a container word that no product follows in its clause ("a small pair
    for me", "a big jar too"): it stands for the product, as "one" does."""
    if spans[i].kind != "container":
        return False
    rest = itertools.takewhile(lambda s: s.kind not in ("sep", "conj"), spans[i + 1:])
    return not any(s.kind in PRODUCT_KINDS | QTY_KINDS for s in rest)


def _counted_by_times(spans: list[Span], i: int) -> bool:
    """"a cooking tagine small size x2", "a rug x 2": a times sign and a count later in the
    clause say how many; the article counts nothing then."""
    for k in range(i, len(spans) - 1):
        if spans[k].kind in ("sep", "conj") or (k > i and spans[k].kind == "filler"
                                                and spans[k + 1].kind in PRODUCT_KINDS):
            return False
        if spans[k].kind == "times" and spans[k + 1].kind == "num":
            return True
    return False


def pronoun_ones(spans: list[Span], tokens: list[str]) -> list[Span]:
    """"the big one", "the 1L one", "the fresh one": a "one" right after a size word, a unit
    or a product word stands for the product (``pronoun_ones`` in ``intents/numbers.yml``)
    when a number after it counts ("the big one, two bottles", "the fresh one please, 2");
    after a size's bare figure ("the 500 one") it always does."""
    out = list(spans)
    for i, span in enumerate(spans[1:], 1):
        before = spans[i - 1]
        if not (span.kind == "num" and span.value == 1 and span.end - span.start == 1
                and norm.lookup_key(tokens[span.start]) in LEXICON.pronoun_one_keys
                and before.end == span.start):
            continue
        # not "the big one": one of them; a count of its own line ("the aged one and 2 raib":
        # one aged)
        line_rest = list(itertools.takewhile(
            lambda s: s.kind != "conj" and s.kind not in PRODUCT_KINDS, spans[i + 1:]))
        counted = any(s.kind in ("num", "times") for s in line_rest)
        # "the fresh one please, 2": after a product word too, unless a product follows
        # the "one" ("thyme honey one amlou": one amlou)
        named = before.kind in PRODUCT_KINDS and (      # not "rose water one big": one big
            i + 1 == len(spans) or spans[i + 1].kind not in PRODUCT_KINDS | {"size", "unit"})
        # "ok normal one then, 2 jars": after a word of the customer's own ("normal",
        # "regular"), a count said after it counts too
        # (not a count after "and" that another product's name ends: "I'll take one, and 2
        # amlou" is one of the product discussed and two amlou)
        ahead = list(itertools.takewhile(lambda s: s.kind not in PRODUCT_KINDS, spans[i + 1:]))
        if i + 1 + len(ahead) < len(spans):
            joints = [k for k, s in enumerate(ahead) if s.kind == "conj"]
            ahead = ahead[:joints[-1]] if joints else ahead
        described = (before.kind == "word" and len(str(before.value)) >= 3
                     and str(before.value).isalpha()         # not "… but one 1kg"
                     and norm.lookup_key(tokens[before.start]) not in LEXICON.but_keys and any(
                         s.kind in ("num", "times") for s in ahead))
        # "one more blue one": a count before it in the clause already says how many (it
        # made two more blue plates); not "2 blue one red" (one red), nor "a red one" (the
        # article's one stays with the "one")
        start = i - 1
        while start > 0 and spans[start - 1].kind not in ("sep", "conj"):
            start -= 1
        recounted = (before.kind in PRODUCT_KINDS | {"size"}
                     and any(s.kind == "num" and norm.lookup_key(tokens[s.start])
                             not in LEXICON.indefinite_keys for s in spans[start:i - 1])
                     and (i + 1 == len(spans) or spans[i + 1].kind in ("sep", "conj", "filler")))
        if (before.kind in ("size", "unit") and counted) or (named and counted) or described \
                or recounted or _which_of_the_count(spans, tokens, start, i) \
                or (before.kind == "num" and before.value >= BARE_SIZE_MIN):
            out[i] = Span("filler", None, span.start, span.end)
    return out


def _which_of_the_count(spans: list[Span], tokens: list[str], start: int, i: int) -> bool:
    """"2 black soaps, the big one", "3 amlou, the 500g one": after a comma that ends a
    counted product, a clause of an article (``the_ones``), a size and its "one" says which
    kind of the count, not one more (one big soap was packed beside two soaps asked again)."""
    if start == 0 or spans[start - 1].kind != "sep" \
            or norm.lookup_key(tokens[spans[start - 1].end]) not in LEXICON.the_one_keys:
        return False
    if not all(s.kind in ("size", "unit", "num", "filler", "word") for s in spans[start:i]) \
            or not any(s.kind in ("size", "unit") for s in spans[start:i]):
        return False
    before = spans[:start - 1]
    return any(s.kind in PRODUCT_KINDS for s in before) and any(
        s.kind == "num" and s.value < BARE_SIZE_MIN for s in before)


def one_is_pronoun(spans: list[Span], tokens: list[str]) -> bool:
    """The message's only count is a "one" right after a product or size word ("the herb
    one", "the 1L one"): ``pronoun_ones`` read as a count of one for want of another."""
    counts = [i for i, s in enumerate(spans) if s.kind in ("num", "times")]
    if len(counts) != 1 or counts[0] == 0:
        return False
    span, before = spans[counts[0]], spans[counts[0] - 1]
    return (span.kind == "num" and span.value == 1 and before.end == span.start
            and norm.lookup_key(tokens[span.start]) in LEXICON.pronoun_one_keys
            and before.kind in PRODUCT_KINDS | {"size", "unit"})


def short_ands(spans: list[Span], tokens: list[str]) -> list[Span]:
    """"2 amlou 250 n 1 rose water": an SMS "n" or "&" (``short_ands`` in
    ``intents/numbers.yml``) after an order line and before a quantity and its product
    joins two lines."""
    out = list(spans)
    for i in range(1, len(spans) - 2):
        span = spans[i]
        if (span.kind in ("word", "filler") and span.end - span.start == 1
                and norm.lookup_key(tokens[span.start]) in LEXICON.short_and_keys
                and any(s.kind in PRODUCT_KINDS for s in spans[max(0, i - 3):i])
                and spans[i + 1].kind == "num" and spans[i + 2].kind in PRODUCT_KINDS):
            out[i] = Span("conj", None, span.start, span.end)
    return out


def dozens(spans: list[Span], tokens: list[str]) -> list[Span]:
    """"2 dzina dyal khobz", "deux douzaines de cornes": a count right before a dozen word
    (``dozens`` in ``intents/numbers.yml``, itself read as 12) is that many dozens, one
    count."""
    out: list[Span] = []
    for span in spans:
        previous = out[-1] if out else None
        if (previous is not None and span.kind == "num" and previous.kind == "num"
                and span.value == 12 and previous.end == span.start
                and span.end - span.start == 1 and previous.value == int(previous.value)
                and 1 <= previous.value <= 50
                and norm.lookup_key(tokens[span.start]) in LEXICON.dozen_keys):
            out[-1] = Span("num", previous.value * 12, previous.start, span.end)
            continue
        out.append(span)
    return out


def _number_word(span: Span, tokens: list[str], tens: bool) -> bool:
    """One number said in a word ("tlata", "عشرين", "vingt"), no figure: a ten from 20 to 90
    when ``tens``, else a unit from 1 to 9."""
    if span.kind != "num" or span.end - span.start != 1 \
            or parse_number(tokens[span.start]) is not None or span.value != int(span.value):
        return False
    return (20 <= span.value <= 90 and span.value % 10 == 0) if tens else 1 <= span.value <= 9


def compound_numbers(spans: list[Span], tokens: list[str]) -> list[Span]:
    """"tlata w 3chrin", "تلاتة وعشرين" (a unit, "and", a ten: Darija's 23), "vingt-trois",
    "vingt et un", "twenty three" (a ten and a unit), all in words: one number, their sum
    (it was the ten alone, the unit lost or read as a line of its own). Figures ("3 w 20")
    are left as they are."""
    out: list[Span] = []
    i = 0
    while i < len(spans):
        span = spans[i]
        nxt = spans[i + 1] if i + 1 < len(spans) else None
        third = spans[i + 2] if i + 2 < len(spans) else None
        if (nxt is not None and third is not None and nxt.kind == "conj"
                and span.end == nxt.start and nxt.end == third.start
                and ((_number_word(span, tokens, tens=False) and _number_word(third, tokens, True))
                     or (_number_word(span, tokens, True) and third.value == 1
                         and _number_word(third, tokens, tens=False)))):
            out.append(Span("num", span.value + third.value, span.start, third.end))
            i += 3
            continue
        if (nxt is not None and span.end == nxt.start and _number_word(span, tokens, True)
                and _number_word(nxt, tokens, tens=False)):
            out.append(Span("num", span.value + nxt.value, span.start, nxt.end))
            i += 2
            continue
        out.append(span)
        i += 1
    return out


def compared_counts(spans: list[Span], tokens: list[str]) -> list[Span]:
    """"the difference between your two argan oils": a number after a comparing word
    (``compared_before`` in ``intents/numbers.yml``) counts what is compared, not an order."""
    out = list(spans)
    for i, span in enumerate(spans):
        if span.kind != "num":
            continue
        j = span.start - 1
        while j >= 0 and norm.lookup_key(tokens[j]) in LEXICON.compared_filler_keys:
            j -= 1
        if j >= 0 and norm.lookup_key(tokens[j]) in LEXICON.compared_keys:
            out[i] = Span("filler", None, span.start, span.end)
    return out


def durations(spans: list[Span], tokens: list[str], own: Container[str] = ()) -> list[Span]:
    """"is the thyme honey 2 years old?", "jouj snin", "il se garde 6 mois ?": a number right
    before a duration word (``not_quantities.duration_after`` in ``intents/numbers.yml``) is
    an age or a shelf life, never a count, and so is one before a household word ("we are 2
    families", ``households_after``); both are ``nq``. Not when that word is one of the
    catalog's own product words (``own``) with a word after it: "2 day cream" is two of the
    day cream (the count and the "day" were lost: which cream?)."""
    keys = LEXICON.not_quantity.get("duration_after", set()) | LEXICON.not_quantity.get(
        "households_after", set())            # "we are 2 families": who it is for
    out = list(spans)
    for i, span in enumerate(spans[:-1]):
        after = spans[i + 1]
        word = norm.key_variants(tokens[after.start])
        if any(v in own for v in word) and i + 2 < len(spans) \
                and spans[i + 2].kind in ("word", *PRODUCT_KINDS):
            continue
        if (span.kind in ("num", "frac") and after.start == span.end
                and after.end == after.start + 1 and any(v in keys for v in word)):
            out[i] = Span("nq", "duration", span.start, span.end)
            out[i + 1] = Span("nq", "duration", after.start, after.end)
    return out


def mid_corrections(spans: list[Span], tokens: list[str]) -> list[Span]:
    """"bghit 2 amlou, la smh lia 3", "2 amlou, non pardon 3": after an order line, a
    correction's lead words (``corrections.lead`` in ``intents/keywords.yml``) before a bare
    number set that line's quantity instead of adding to it."""
    out = list(spans)
    seen_line = False
    for i, span in enumerate(spans):
        if span.kind in PRODUCT_KINDS and any(s.kind == "num" for s in spans[max(0, i - 3):i + 3]):
            seen_line = True
        if not seen_line or span.kind not in ("filler", "word") or i == 0 \
                or spans[i - 1].kind not in ("sep", "set", "filler", "word"):
            continue
        words = " ".join(norm.lookup_key(t) for t in tokens[span.start:span.end])
        if words not in LEXICON.correction_lead_keys:
            continue
        j = i + 1
        while j < len(spans) and spans[j].kind in ("filler", "word", "set", "sep") and \
                " ".join(norm.lookup_key(t) for t in tokens[spans[j].start:spans[j].end]) in \
                LEXICON.correction_lead_keys | {","}:
            j += 1
        if j < len(spans) and spans[j].kind == "num" and not any(
                s.kind in PRODUCT_KINDS for s in spans[j + 1:j + 3]):
            out[i] = Span("set", None, span.start, span.end)
    return out


def alternatives(spans: list[Span], tokens: list[str]) -> list[Span]:
    """"j'hésite entre 2 pots de 500g ou 1 pot de 1kg", "jouj smen wla kilo", "smen or
    cheese": an "or" (``alternatives`` in ``intents/keywords.yml``) in a message of its
    language becomes an ``alt`` span, which cuts the line like an "and" and makes the two
    lines one question (see ``Line.alternative``)."""
    langs = LEXICON.alternative_langs
    at = [k for k, span in enumerate(spans) if span.kind in ("word", "conj", "filler")
          and span.end - span.start == 1 and norm.lookup_key(tokens[span.start]) in langs]
    if not at or not any(s.kind in PRODUCT_KINDS for s in spans):
        return spans
    lang = detect_lang_tokens(tokens)
    out = list(spans)
    for k in at:
        span = spans[k]
        token = tokens[span.start]
        # "or", "wla": an "or" whatever the message's language; "ou" ("and" in Darija),
        # "u" ("you" in an English text) only in a message of the language listing it
        plain = span.kind == "word" and token in LEXICON.alternative_forms
        if (plain or lang in langs[norm.lookup_key(token)]) and 0 < k < len(spans) - 1 \
                and _offer_after(spans, k):
            out[k] = Span("alt", None, span.start, span.end)
    return out


def _offer_after(spans: list[Span], k: int) -> bool:
    """Does a second offer follow the "or" at ``k`` — an amount, or a product said by what
    it is ("… ou du jben"), not a kind of the one before ("is the argan oil for cooking or
    for hair?": a question about which one it is, read as before)?"""
    named = False
    for span in spans[k + 1:]:
        if span.kind in QTY_KINDS or span.kind == "raw":
            return True
        if span.kind == "concept":          # "… or rosemary honey": the honey says it
            if any(LEXICON.concepts[c].role == "family" for c in span.value):
                return True
            named = True
        elif named or span.kind not in ("filler", "link", "word"):
            return False
    return False


def but_after_negation(spans: list[Span], tokens: list[str]) -> list[Span]:
    """"pas 1 kg mais 2 kg", "machi wa7ed walakin jouj", "not one kilo but two": a "but"
    (``but`` in ``intents/keywords.yml``) after a negated amount and before another one cuts
    them apart (a separator), even where the word is also a product's ("mais": corn)."""
    out = spans
    negated = False
    for k, span in enumerate(spans):
        if span.kind == "sep":
            negated = False
        elif span.kind == "neg":
            negated = True
        elif (negated and 0 < k < len(spans) - 1 and span.end - span.start == 1
              and span.kind in ("word", "concept", "filler")
              and norm.lookup_key(tokens[span.start]) in LEXICON.but_keys
              and spans[k - 1].kind in QTY_KINDS
              and spans[k + 1].kind in QTY_KINDS | {"size"}):
            out = out if out is not spans else list(spans)
            out[k] = Span("sep", None, span.start, span.end)
            negated = False
    return out


#: what the words of a correction said within a message may be tagged
_CORRECTION_KINDS = frozenset({"neg", "filler", "word", "set", "sep", "remove"})
_CORRECTION_WORDS = 4           # the longest correction phrase, in words


def corrections_within(spans: list[Span], tokens: list[str]) -> list[Span]:
    """"1 black soap 500g. no wait the eucalyptus one", "2 amlou, sorry I meant 3", "savon
    noir, non plutôt celui à l'eucalyptus", "jouj 3sel la la wa7ed": after an order line, a
    phrase taking it back (``corrections.within`` in ``intents/keywords.yml``) before a
    product, a count or a size becomes one ``fix`` span (its value: "same" for the softer
    ones, which take back only the same product said again): the line after it replaces
    the line before it (``corrected_within``), not a second line nor a removal."""
    firsts = LEXICON.correction_within_firsts
    if not any(norm.lookup_key(t) in firsts for t in tokens):
        return spans
    out: list[Span] = []
    seen_product = False
    i = 0
    while i < len(spans):
        span = spans[i]
        if seen_product and span.kind in _CORRECTION_KINDS and span.kind != "sep" \
                and norm.lookup_key(tokens[span.start]) in firsts:
            end, words = _correction_at(spans, tokens, i)
            if end > i and not _swap_follows(tokens, spans[end - 1].end):
                strength = "same" if words in LEXICON.correction_same_keys else "any"
                out.append(Span("fix", strength, span.start, spans[end - 1].end))
                i = end
                continue
            end = _dropped_at(spans, tokens, i)
            if end > i:                 # "…, 2 amlou, scratch that": the amlou line is out
                while out and out[-1].kind == "sep":
                    out.pop()
                while out and out[-1].kind not in ("sep", "conj"):
                    out.pop()
                seen_product = any(s.kind in PRODUCT_KINDS for s in out)
                i = end
                continue
        seen_product = seen_product or span.kind in PRODUCT_KINDS
        out.append(span)
        i += 1
    return out


def _correction_phrases(spans: list[Span], tokens: list[str], i: int, keys):
    """``(end, words)`` of each phrase of ``keys`` starting at span ``i``, the longest first:
    spans of the kinds a correction's words are tagged, no separator last."""
    for end in range(min(len(spans), i + _CORRECTION_WORDS), i, -1):
        if any(s.kind not in _CORRECTION_KINDS for s in spans[i:end]) \
                or spans[end - 1].kind == "sep":
            continue
        words = " ".join(norm.lookup_key(t) for t in tokens[spans[i].start:spans[end - 1].end]
                         if t != norm.SEPARATOR)
        if words in keys:
            yield end, words


def _dropped_at(spans: list[Span], tokens: list[str], i: int) -> int:
    """The span index after a phrase taking back the whole line before it
    (``corrections.within_drop``: "scratch that", "forget that") starting at span ``i``, when
    nothing follows it or a clause of its own does ("…, cancel that and add 1 amlou", "…,
    scratch that, and a rose water"); else ``i``. Right before another product or count it
    is a correction (:func:`_correction_at`)."""
    for end, _words in _correction_phrases(spans, tokens, i, LEXICON.correction_drop_keys):
        k = end
        while k < len(spans) and spans[k].kind in ("sep", "filler"):
            k += 1
        if k == len(spans) or spans[k].kind == "conj" or norm.lookup_key(
                tokens[spans[k].start]) in LEXICON.correction_adding_keys:
            return end
        return i
    return i


def _swap_follows(tokens: list[str], at: int) -> bool:
    """Does a swap word follow in the same part ("… la la, sidr bdlo b daghmous")? The swap
    says what changes; the correction phrase before it replaces no line of its own."""
    for token in tokens[at:]:
        if token == norm.SEPARATOR:
            return False
        if norm.lookup_key(token) in LEXICON.replace_keys:
            return True
    return False


def _correction_at(spans: list[Span], tokens: list[str], i: int) -> tuple[int, str]:
    """The span index after the correction phrase starting at span ``i``, and its words,
    when what follows it is a product, a count or a size said again; else ``(i, "")``. Not
    a negation right before a product ("…, wait no soap, just the honey": the soap is taken
    out), nor a clause that adds ("…, actually I need 3 black soaps too")."""
    for end, words in _correction_phrases(spans, tokens, i, LEXICON.correction_within_keys):
        if spans[end - 1].kind == "neg" and end < len(spans) and spans[end].kind in PRODUCT_KINDS:
            return i, ""
        clause = end
        while clause < len(spans) and spans[clause].kind != "sep":
            clause += 1
        said = tokens[spans[end].start:spans[clause - 1].end] if clause > end else []
        if any(norm.lookup_key(t) in LEXICON.correction_adding_keys for t in said) \
                or details.says(" ".join(said), "also"):
            return i, ""
        for after in spans[end:]:
            if after.kind in PRODUCT_KINDS or after.kind in QTY_KINDS or after.kind == "size":
                return end, words
            if after.kind not in ("filler", "link", "sep", "word") and not (
                    after.kind == "set" and words not in LEXICON.correction_same_keys
                    and norm.lookup_key(tokens[after.start]) not in LEXICON.replace_keys):
                return i, ""        # ("no wait make it 2": the count said again)
        return i, ""
    return i, ""


def purpose_after_product(spans: list[Span], tokens: list[str],
                          index: CatalogIndex) -> list[Span]:
    """"I want 2 rhassoul for my face and a rose water", "a saffron for my cooking and 2 olive
    oil 1L": a purpose phrase after a product, up to the end of its clause, when the product
    words said with those after it name nothing sold and those before it do: what it is for,
    not words of its name (the line was a product not sold, and lost)."""
    out = spans
    for i in range(1, len(spans) - 2):
        if " ".join(norm.lookup_key(t) for t in tokens[spans[i].start:spans[i + 1].end]) \
                not in LEXICON.purpose_keys:
            continue
        start = i
        while start > 0 and spans[start - 1].kind not in ("sep", "conj"):
            start -= 1
        end = i + 2
        while end < len(spans) and spans[end].kind not in ("sep", "conj"):
            end += 1
        before = [s for s in spans[start:i] if s.kind in ("concept", "raw")]
        after = [s for s in spans[i + 2:end] if s.kind in ("concept", "raw")]
        if before and after and _names_sold(index, before) \
                and not _names_sold(index, before + after):
            out = out if out is not spans else list(spans)
            for k in range(i, end):
                out[k] = Span("filler", None, spans[k].start, spans[k].end)
    return out


def _names_sold(index: CatalogIndex, products: list[Span]) -> bool:
    tags: list[str] = []
    for span in products:
        tags.extend(v for v in (span.value if span.kind == "concept" else (span.value,))
                    if v not in tags)
    return bool(match(index, *split_tags(tags)))


def purpose_clauses(spans: list[Span], tokens: list[str]) -> list[Span]:
    """"For my hammam I need 2 black soap eucalyptus", "for my cooking, 2 olive oil 1L": a
    clause opening the message or a sentence with a purpose phrase (``corrections.purpose``
    in ``intents/keywords.yml``), up to a want verb or a comma, says what the products after
    it are for when they follow: its product words are no line of their own (the hammam kit
    took the soap's count, the cooking argan oil was packed)."""
    out = spans
    for i in range(len(spans) - 2):
        if (i and spans[i - 1].kind != "sep") or " ".join(
                norm.lookup_key(t) for t in tokens[spans[i].start:spans[i + 1].end]) \
                not in LEXICON.purpose_keys:
            continue
        j = i + 2
        while j < len(spans) and spans[j].kind != "sep" and not (
                spans[j].kind in ("word", "filler") and _wants(spans, tokens, j)):
            j += 1
        if j < len(spans) and any(s.kind in PRODUCT_KINDS for s in spans[i + 2:j]) \
                and any(s.kind in PRODUCT_KINDS for s in spans[j + 1:]):
            out = out if out is not spans else list(spans)
            for k in range(i, j):
                out[k] = Span("filler", None, spans[k].start, spans[k].end)
    return out


def less_of_a_count(spans: list[Span], tokens: list[str]) -> list[Span]:
    """"one less honey", "2 fewer soaps", "… and one less honey": a word of ``less``
    (``intents/dialogue.yml``) right between a count and the product words is a removal of
    that count (the count was read as one more, or as the count left)."""
    if len(spans) < 3 or not any(s.kind == "num" for s in spans):
        return spans
    words = details.words_as_written("less")
    out = spans
    for k in range(1, len(spans) - 1):
        span = spans[k]
        if (span.kind in ("filler", "word") and span.end - span.start == 1
                and tokens[span.start] in words      # (not "2 les dattes": its key is "less"'s)
                and spans[k - 1].kind == "num" and spans[k + 1].kind in PRODUCT_KINDS):
            out = out if out is not spans else list(spans)
            out[k] = Span("remove", None, span.start, span.end)
    return out


def want_after_negation(spans: list[Span], tokens: list[str]) -> list[Span]:
    """"la machi hadi bghit amlou", "machi zaatar bghit amlou", "ماشي هادي بغيت زيت أركان",
    "pas celui-là je veux l'amlou": a negation of the thing just offered (a pronoun, or a
    product), then a want verb: the product after the verb is wanted, as after a comma (it
    was taken for one more removed). A want verb right after the negation ("I don't want
    amlou") stays negated."""
    out = list(spans)
    for i, span in enumerate(spans):
        if span.kind != "neg":
            continue
        taken_back = False
        for j in range(i + 1, len(spans)):
            nxt = spans[j]
            if nxt.kind in ("sep", "conj", "neg", "remove"):
                break
            words = " ".join(norm.lookup_key(t) for t in tokens[nxt.start:nxt.end])
            if nxt.kind in PRODUCT_KINDS or words in LEXICON.this_one_keys:
                taken_back = True
            elif nxt.kind in ("word", "filler") and taken_back and j > i + 1 and any(
                    # the verb and the two words after it ("give me", "can I have", "I
                    # would like")
                    p[:2] == ("intent", "order") for p in LEXICON.cues.longest(
                        [norm.key_variants(t) for t in tokens[nxt.start:nxt.end + 2]], 0)[1]) \
                    and (any(s.kind in PRODUCT_KINDS for s in spans[j + 1:])
                         # "ma bghitch 2 amlou bghit 3": a count alone after it, the
                         # count corrected (the amlou line was taken out)
                         or [s.kind for s in spans[j + 1:]] == ["num"]):
                out[j] = Span("sep", None, nxt.start, nxt.end)
                break
    for i, span in enumerate(spans):
        # "7iyed l3sel w 3tini amlou kbir", "حيد العسل و عطيني أملو كبير": a removal, its
        # product, "and", then a want verb: what follows the verb is wanted (the amlou was
        # taken for one more removed, and lost)
        if (span.kind == "word" and 2 < i and spans[i - 1].kind == "conj"
                and spans[i - 2].kind in PRODUCT_KINDS
                and any(s.kind == "remove" for s in spans[max(0, i - 5):i - 2])
                and _wants(spans, tokens, i)):
            out[i] = Span("sep", None, span.start, span.end)
    return out


def _wants(spans: list[Span], tokens: list[str], j: int) -> bool:
    """Is span ``j`` a want verb ("bghit", "3tini", "give"), with a product after it?"""
    return any(p[:2] == ("intent", "order") for p in LEXICON.cues.longest(
        [norm.key_variants(t) for t in tokens[spans[j].start:spans[j].end + 2]], 0)[1]) \
        and any(s.kind in PRODUCT_KINDS for s in spans[j + 1:])


def leading_no(spans: list[Span], tokens: list[str]) -> list[Span]:
    """"no the rose soap, not the cream", "non, le savon, pas la crème": a "no" opening the
    message answers the bot; the product after it is wanted and the one after the second
    negation is not (it removed both). So is one followed by another correction word."""
    if len(spans) < 3 or spans[0].kind != "neg":
        return spans
    lead = " ".join(norm.lookup_key(t) for t in tokens[spans[0].start:spans[0].end])
    second = " ".join(norm.lookup_key(t) for t in tokens[spans[1].start:spans[1].end])
    if lead in LEXICON.correction_lead_keys and (
            spans[1].kind == "set" or (spans[1].kind in ("filler", "word")
                                       and second in LEXICON.correction_lead_keys)):
        # "no wait, make that 2 argan", "no actually 2 argan soaps": the "no" takes back
        # what was said before, not the product that follows
        return [Span("filler", None, spans[0].start, spans[0].end)] + spans[1:]
    later = [i for i in range(2, len(spans) - 1) if spans[i].kind == "neg"
             and any(s.kind in PRODUCT_KINDS for s in spans[i + 1:i + 3])]
    wanted = any(s.kind in PRODUCT_KINDS for s in spans[1:later[0]]) if later else False
    if lead not in LEXICON.correction_lead_keys or not wanted:
        return spans
    return [Span("filler", None, spans[0].start, spans[0].end)] + spans[1:]


def name_words(spans: list[Span], inside: bool = False) -> set[int]:
    """Positions of the catalog's own words (no lexicon concept) read inside a product
    mention, beside another product word ("Jben frais de chèvre": "frais"): words of the
    name, never an intent's cue ("frais" is fees too); ``inside``: only those with a product
    word after them, never a question's topic either ("is the goat cheese fresh?" asks)."""
    out: set[int] = set()
    for k, span in enumerate(spans):
        if span.kind != "raw":
            continue
        near = ([] if inside else spans[max(0, k - 2):k]) + spans[k + 1:k + 3]
        if any(s.kind in PRODUCT_KINDS for s in near):
            out.update(range(span.start, span.end))
    return out


def doubled_counts(tokens: list[str]) -> list[int]:
    """"3sel dghmous w zaatar jouj jouj kilo", "جوج جوج": a number said twice in a row in
    words is a count of each ("two by two"); the first of the pair (figures are left: "2 2")."""
    out = []
    for i in range(len(tokens) - 1):
        if (tokens[i] == tokens[i + 1] and parse_number(tokens[i]) is None
                and (i == 0 or tokens[i - 1] != tokens[i])
                and (i + 2 == len(tokens) or tokens[i + 2] != tokens[i])
                and any(payload[0] == "num" for payload in LEXICON.grammar.longest(
                    [norm.key_variants(tokens[i])], 0)[1])):
            out.append(i)
    return out


def all_in_one_measure(tokens: list[str]) -> bool:
    """"2 thyme and 1 orange blossom, all 500g", "tous en 500 g", "kolhom dyal 500g": an "all
    of them" word (``all_of_them`` in ``intents/dialogue.yml``) right before a measure (a
    figure and its unit, one linking word between at most) gives every line that measure, as
    "each" does (it went to the last line only, the others asked "which one?")."""
    return bool(_all_before_measure(tokens))


def _all_before_measure(tokens: list[str]) -> list[range]:
    """The tokens of each "all of them" phrase right before a measure (see
    ``all_in_one_measure``)."""
    if len(tokens) < 3:
        return []
    out = []
    for start, length in details.phrase_starts(tokens, "all_of_them").items():
        at = start + length
        if at < len(tokens) and not tokens[at][:1].isdigit():
            at += _kinds_of(tokens[at]) == {"marker"}
        # a figure or a number word and a unit ("500g", "d'un kilo", "nss kilo"), or a unit
        # alone ("bjouj kilo")
        if at < len(tokens) and ("unit" in _kinds_of(tokens[at]) or (
                at + 1 < len(tokens) and "unit" in _kinds_of(tokens[at + 1])
                and (tokens[at].isdigit() or _kinds_of(tokens[at]) & {"num", "frac"}))):
            out.append(range(start, start + length))
    return out


def _kinds_of(token: str) -> set[str]:
    """The kinds of grammar word ``token`` is ("num", "unit", "marker"…)."""
    return {p[0] for p in LEXICON.grammar.longest([norm.key_variants(token)], 0)[1]}


def each_words(tokens: list[str]) -> dict[int, str]:
    """"kol wa7ed jouj", "جوج من كل وحدة": the "one" of a two-word "each" (``each`` in
    ``intents/keywords.yml``) is no count (it made two counts, and the count said went to one
    product only: a parcel with one ghassoul of the two)."""
    keys = [norm.lookup_key(t) for t in tokens]
    out: dict[int, str] = {}
    for i in range(len(keys) - 1):
        if f"{keys[i]} {keys[i + 1]}" in LEXICON.each_keys:
            out[i + 1] = "each"
    for i in doubled_counts(tokens):
        out[i] = "each"                 # "jouj jouj kilo": two of each, one count
    for i, key in enumerate(keys):
        if key in LEXICON.each_keys and any(
                payload[0] == "num"
                for payload in LEXICON.grammar.longest([norm.key_variants(tokens[i])], 0)[1]):
            out[i] = "each"             # "الجوج ديال كيلو", "ljouj": both, no count of two
    for phrase in _all_before_measure(tokens):
        for i in phrase:                # "…, bjouj 500g", "…, les deux en 500g": the size
            if any(payload[0] == "num"  # of both lines, no third line of two
                   for payload in LEXICON.grammar.longest([norm.key_variants(tokens[i])], 0)[1]):
                out[i] = "each"
    return out


def figures_of_names(tokens: list[str], index: CatalogIndex, skip: dict) -> dict[int, str]:
    """Figures written as in a product's name ("2 ras el hanout 7 épices": the 7; "un coffret
    3 miels": the 3): words of the name, never a quantity."""
    figures = index.name_figures
    if not figures:
        return {}
    out: dict[int, str] = {}
    worded = {figure for _where, figure, _word in figures if not figure.isdigit()}
    for i, token in enumerate(tokens):
        if not token.isdigit():
            token = norm.lookup_key(token) if worded else ""    # "Œufs la douzaine"
            if token not in worded:
                continue
        if i in skip:
            continue
        after = norm.key_variants(tokens[i + 1]) if i + 1 < len(tokens) else ()
        before = norm.key_variants(tokens[i - 1]) if i else ()
        if any(("after", token, k) in figures for k in after) and \
                any(("before", token, k) in figures for k in before):
            out[i] = "name"                     # both its neighbours, as in the name
        elif i >= 2 and any(("end", token, f"{norm.lookup_key(tokens[i - 2])} {k}") in figures
                            for k in before):
            out[i] = "name"                     # "pack x4" ending a name, as it does
        elif any(("after", token, k) in figures for k in after) and i and \
                _misspelt_name_word(tokens[i - 1], index):
            out[i] = "name"                     # "Coffret découerte 6 épices": a typo before
        elif any(("before", token, k) in figures for k in before) and i + 1 < len(tokens) \
                and _misspelt_name_word(tokens[i + 1], index):
            out[i] = "name"                     # "Pastilla au poulet 6 persnnes": one after
        elif i + 1 < len(tokens) and _name_word_translated(index, figures, tokens, i):
            out[i] = "name"                     # "the 7 plants tea", "اتاي 7 عشوب" ("Thé 7
            #                                     plantes"): its word said another way
        elif i + 1 < len(tokens) and _names_own_word(index, token, tokens[i + 1]):
            out[i] = "name"                     # "3 fruits amlou" ("Amlou 3 fruits"): its
            #                                     word, not three jars
        elif _ends_a_mention(tokens, i) and any(
                ("before", token, k) in figures and _told_apart_by_figures(figures, k)
                for k in before):
            out[i] = NAME_SIZE                  # "bghit tagine 6": the one for six, not six
        elif i and _said_as(tokens[i - 1], "people_for") and _ends_a_mention(tokens, i) \
                and any(f"{float(token):g} people" in info.dims for info in index.products
                        if token.isdigit()):
            out[i] = NAME_SIZE                  # "tagine for 4 pls": the one for four people
        elif _ends_a_mention(tokens, i) and _a_length_of_a_name(index, tokens, i):
            out[i] = NAME_SIZE                  # "bghit tajine 26" ("Tajine de cuisson 26cm"):
            #                                     that one, not 26 tajines
        elif i >= 2 and _said_as(tokens[i - 1], "pack_link") and _said_as(tokens[i - 2], "pack") \
                and any(figure == token for _where, figure, _word in figures):
            out[i] = "name"                     # "a set of 6 bowls" ("Lot de 6 bols"): one set
        if out.get(i) in (None, "name") and (_after_a_pack_word(tokens, i)
                                             or _before_a_pack_word(tokens, i)) \
                and _a_pack_named(index, token):
            out[i] = PACK_SIZE                  # "7enna pack 3", "lpack dyal 2", "the 24
            #                                     box": that pack
        if out.get(i) and i + 2 < len(tokens) and tokens[i + 2].isdigit() \
                and (tokens[i + 1], token) in _times_after(figures) and i + 2 not in skip:
            out[i + 1] = out[i + 2] = "name"    # "Coffret … 4x10ml": 4 vials of 10 ml, never
            if i + 3 < len(tokens) and "unit" in readings(tokens[i + 3]):   # ten boxes,
                out[i + 3] = "name"             # nor a measure of 1 ml
    return out


def _a_length_of_a_name(index: CatalogIndex, tokens: list[str], i: int) -> bool:
    """Is the figure at ``i``, too big for a count and said right after a word (no figure,
    no unit), the length or other dimension some name writes with a unit ("26cm")?"""
    token = tokens[i]
    if not token.isdigit() or int(token) < BARE_SIZE_MIN or not i:
        return False
    if tokens[i - 1] == norm.SEPARATOR or tokens[i - 1].replace(".", "").isdigit() \
            or readings(tokens[i - 1]) & {"num", "frac", "unit", "container", "times"}:
        if not _count_after_and(tokens, i - 1):
            return False                # ("… w wa7ed 60": the next line's own size)
    return f"{float(token):g}" in index.sides


def _count_after_and(tokens: list[str], i: int) -> bool:
    """Is the word at ``i`` a count too small to be a size (a figure or a number word),
    opening a line after an "and" or a comma ("2 coussins 40 w wa7ed 60": "wa7ed")?"""
    token = tokens[i]
    small = int(token) < BARE_SIZE_MIN if token.isdigit() else readings(token) == {"num"}
    return small and i >= 1 and (tokens[i - 1] == norm.SEPARATOR
                                 or "conj" in readings(tokens[i - 1]))


def _after_a_pack_word(tokens: list[str], i: int) -> bool:
    """Is the figure at ``i`` said right after a word for packs, or after one and its link
    ("pack 3", "pack de 3", "lpack dyal 2", "a set of 6")?"""
    if i >= 1 and (_said_as(tokens[i - 1], "pack") or (
            i >= 2 and _said_as(tokens[i - 1], "pack_link") and _said_as(tokens[i - 2], "pack"))):
        return True
    # "2 pack 7enna dyal 3": the product's words between the pack word and its link
    if i < 3 or not _said_as(tokens[i - 1], "pack_link"):
        return False
    for j in range(i - 3, max(i - 3 - _PACK_REACH, -1), -1):
        between = tokens[j + 1:i - 1]
        if any(t == norm.SEPARATOR or t.replace(".", "").isdigit()
               or readings(t) & {"num", "frac", "unit", "container", "conj"} for t in between):
            return False
        if _said_as(tokens[j], "pack"):
            return True
    return False


_PACK_REACH = 3     # product words between a pack word and its link ("pack 7enna dyal 3")


def _before_a_pack_word(tokens: list[str], i: int) -> bool:
    """Is the figure at ``i`` said between an article and a word for packs or a "one" ("the
    24 box", "the 12 one")?"""
    if not 1 <= i < len(tokens) - 1 or not tokens[i].isdigit():
        return False
    one = norm.lookup_key(tokens[i + 1]) in LEXICON.pronoun_one_keys
    return _said_as(tokens[i - 1], "pack_article") and (_said_as(tokens[i + 1], "pack") or one)


def _a_pack_named(index: CatalogIndex, token: str) -> bool:
    """Does a row's name say this figure after a word for packs ("7enna pack de 3", "Raïb
    pack x4"), as how many it holds? (Not "3lba 2" where no pack of two is named: two boxes.)"""
    if not token.isdigit() or float(token) not in {info.pack for info in index.products}:
        return False
    return any(where in ("before", "end") and figure == token
               and _said_as(word.split()[-1], "pack_link" if " " in word else "pack")
               or where == "before" and figure == token and _said_as(word, "pack_link")
               for where, figure, word in index.name_figures)


def packs_said(tokens: list[str], skip: dict) -> dict[int, float]:
    """The pack counts a message names with a pack word (:data:`PACK_SIZE`), by position."""
    return {i: float(tokens[i]) for i, role in skip.items() if role == PACK_SIZE}


def dims_of_name_figures(index: CatalogIndex, tokens: list[str], skip: dict) -> frozenset[str]:
    """The sizes the names say with the figures read as :data:`NAME_SIZE` ("tagine 6": the
    "6 people" of "Tagine 6 personnes"), to pick among a mention's candidates."""
    said = {f"{float(tokens[i]):g}" for i, role in skip.items()
            if role == NAME_SIZE and tokens[i].isdigit()}
    return frozenset(d for info in index.products for d in info.dims
                     if set(sides_said(d)) & said) if said else frozenset()


def _ends_a_mention(tokens: list[str], i: int) -> bool:
    """Is the figure at ``i`` the last word of what is said (then an "and", a politeness or
    the end)?"""
    if i + 1 == len(tokens) or tokens[i + 1] == norm.SEPARATOR:
        return True
    kinds = readings(tokens[i + 1])
    return bool(kinds) and kinds <= {"conj", "filler"}


def _told_apart_by_figures(figures, word: str) -> bool:
    """Do two names say different figures after ``word`` ("Tagine 2 personnes", "Tagine 6
    personnes")? The figure said after it then says which, not how many."""
    return len({figure for where, figure, key in figures
                if where == "before" and key == word}) > 1


def _times_after(figures) -> set[tuple[str, str]]:
    """The "times" words a name's figure is followed by ("4x10ml": ("x", "4"))."""
    return {(word, figure) for where, figure, word in figures
            if where == "after" and "times" in readings(word)}


def price_figures(tokens: list[str], index: CatalogIndex, skip: dict) -> dict[int, str]:
    """"bghit amlou b 110", "le amlou à 110": a figure after a price word (``price_before``
    in ``intents/numbers.yml``) that is one of the catalog's prices, with no unit after it,
    says which product by its price (as "110 dh" does), never how many. So does one after a
    word of belonging (``price_of``: "3sel dyal 220", "le miel de 160") or before "one"
    ("the 220 one") when no product's size or row figure is that figure either."""
    out: dict[int, str] = {}
    prices: set[float] | None = None
    for i in range(1, len(tokens)):
        token = tokens[i]
        if not token.isdigit() or i in skip:
            continue
        before = _said_as(tokens[i - 1], "price_before")
        if not before and not _said_as(tokens[i - 1], "price_of") and not (
                i + 1 < len(tokens) and norm.lookup_key(tokens[i + 1]) in LEXICON.pronoun_one_keys):
            continue
        if i + 1 < len(tokens) and readings(tokens[i + 1]) & {"unit", "container"}:
            continue                            # "b 2 kilo": two kilos
        if not before and i + 1 < len(tokens) and (
                "concept" in readings(tokens[i + 1])
                or index.raw_tag(norm.key_variants(tokens[i + 1]))):
            continue                            # "un lot de 10 savons": ten soaps
        if prices is None:
            prices = {p.price for p in index.products if p.price is not None}
        if float(token) in prices and (before or float(token) not in _figures_of_rows(index)):
            out[i] = "price"
    return out


def _figures_of_rows(index: CatalogIndex) -> set[float]:
    """The figures a catalog's rows are told apart by besides their price: sizes, row
    figures (a shoe size), pack counts."""
    return {float(f) for info in index.products
            for f in (info.size_value, info.designator, info.pack)
            if isinstance(f, int | float)}


def _names_own_word(index: CatalogIndex, figure: str, token: str) -> bool:
    """Is ``token`` a word of the catalog's own (no word of the lexicon: no product kind,
    unit nor count) that every name saying it says right after ``figure`` ("fruits" of
    "Amlou 3 fruits", "plantes" of "Thé 7 plantes")? Then that figure, said before it, is
    a word of the name."""
    variants = norm.key_variants(token)
    tag = index.raw_tag(variants)
    if tag is None or any(v in LEXICON.known_keys for v in variants):
        return False
    key = tag[1:]
    if ("after", figure, key) not in index.name_figures:
        return False
    return all(("after", figure, key) in _figures_of(index.products[i].name)
               for i in index.postings.get(tag, ()))


def _name_word_translated(index: CatalogIndex, figures, tokens: list[str], i: int) -> bool:
    """Is the figure at ``i`` a name's figure with the name's word after it said another way:
    a near spelling of that catalog word ("7 plants" for "7 plantes"), or, right after the
    name's word before the figure (its kind in any language: "اتاي 7" for "Thé 7"), a word
    neither the lexicon nor the catalog knows ("عشوب")? Then it is the name's, not a count."""
    token, after = tokens[i], tokens[i + 1]
    variants = norm.key_variants(after)
    if not after.isalpha() or any(v in LEXICON.known_keys for v in variants) \
            or index.raw_tag(variants):
        return False
    near = index.fuzzy(variants[0])
    if near and near[0] == "raw" and ("after", token, near[1][1:]) in figures:
        return True
    if near or not i or len(after) < 3:
        return False
    kind = LEXICON.concept_forms.get(norm.lookup_key(tokens[i - 1]))
    return kind is not None and ("before", token, kind) in figures and any(
        where == "after" and figure == token and word not in LEXICON.known_keys
        for where, figure, word in figures)


@functools.lru_cache(maxsize=4096)     # per name, not per message
def _figures_of(name: str) -> frozenset[tuple[str, str, str]]:
    """The figure pairs one name says (as :attr:`CatalogIndex.name_figures` does)."""
    words = [norm.lookup_key(w) for w in norm.tokens(name)]
    return frozenset(("after", a, b) for a, b in itertools.pairwise(words) if a.isdigit())


def _misspelt_name_word(token: str, index: CatalogIndex) -> bool:
    """A word nobody knows, neither the lexicon nor the catalog, that reads as a misspelt
    word of the catalog ("découerte" for "découverte")."""
    variants = norm.key_variants(token)
    return (len(token) >= 4 and token.isalpha() and not index.raw_tag(variants)
            and not any(v in LEXICON.known_keys for v in variants)
            and index.fuzzy(norm.lookup_key(token)) is not None)


def _said_as(token: str, role: str) -> bool:
    words = LEXICON.not_quantity.get(role, set())
    return any(v in words for v in norm.key_variants(token))


def negations_in_names(spans: list[Span], index: CatalogIndex) -> list[Span]:
    """"confiture de figues sans sucre" when a product is named so: the negation is a word of
    the name, not a removal (:attr:`CatalogIndex.negated_tags`)."""
    negated = index.negated_tags
    if not negated:
        return spans
    out = list(spans)
    for i, span in enumerate(spans[:-1]):
        after = spans[i + 1]
        tags = ({after.value} if after.kind == "raw" else
                set(after.value) if after.kind == "concept" else set())
        if span.kind == "neg" and tags and tags <= negated:
            out[i] = Span("filler", None, span.start, span.end)
    return out


def boxes_sold(spans: list[Span], tokens: list[str], index: CatalogIndex) -> list[Span]:
    """"2 zaatar, 1 coffret", "louiza w coffret" when the catalog sells a box named so
    (:attr:`CatalogIndex.box_words`): the container word with no product beside it but a
    colour (up to a separator or "and") names the box; "2 packs of msemen" stays two packs
    of msemen."""
    if not index.box_words:
        return spans
    out = list(spans)
    for i, span in enumerate(spans):
        tag = next((index.box_words[key] for key in norm.key_variants(tokens[span.start])
                    if key in index.box_words), None) \
            if span.kind == "container" and span.end - span.start == 1 else None
        if tag is None:
            continue
        start, end = i, i + 1
        while start > 0 and spans[start - 1].kind not in ("sep", "conj"):
            start -= 1
        while end < len(spans) and spans[end].kind not in ("sep", "conj"):
            end += 1
        if not any(s.kind in PRODUCT_KINDS and not _soft_only(s) for s in spans[start:end]):
            out[i] = Span("raw", tag, span.start, span.end)     # (or a colour: "brown bag")
    return out


def _soft_only(span: Span) -> bool:
    """A span of soft words alone (a colour: "brown"), which name no product beside a box."""
    return span.kind == "concept" and all(LEXICON.concepts[c].role == "soft" for c in span.value)




def own_ands(spans: list[Span], tokens: list[str], index: CatalogIndex) -> list[Span]:
    """"2 Amlou beldi (louz w argan) 1kg", the name copied from the list: the "and" inside
    a product's own name (:attr:`CatalogIndex.inner_ands`) joins no lines (it made two, the
    count lost). So does any joiner ("&", "+", "/", a comma, an "and") between two words a
    name joins (:attr:`CatalogIndex.inner_joins`) when another word of that name is said
    right beside them ("2 crème de nuit argan & rose", "masque rhassoul w lavande"): the
    name typed in full is one product, not a second line for its last word."""
    if not (index.inner_ands or index.inner_joins):
        return spans
    return [s for s in spans if not (
        s.kind in ("conj", "sep") and 0 < s.start and s.end < len(tokens)
        and _joins_a_name(tokens, s.start, s.end, index, s.kind == "conj"))]


def _joins_a_name(tokens: list[str], start: int, end: int, index: CatalogIndex,
                  conj: bool) -> bool:
    pairs = [(norm.lookup_key(tokens[start - 1]), norm.lookup_key(tokens[end]))]
    if all(norm.lookup_key(t) in LEXICON.made_with_keys for t in tokens[start:end]):
        # a name's own link word ("with", "avec") after its word in the plural: "2 night
        # creams with argan" is "Night cream with argan", not a second line for "argan"
        pairs += [(left, right) for left in norm.key_variants(tokens[start - 1])[1:]
                  for right in norm.key_variants(tokens[end])]
    others = next((o for pair in pairs if (o := index.inner_joins.get(pair))), None)
    if _goes_on_elsewhere(tokens, end, index, others or frozenset()):
        return False        # "2 night cream and argan soap": the soap is a line of its own
    if conj and any(pair in index.inner_ands for pair in pairs):
        return True
    if not others:
        return False
    near = tokens[max(0, start - 1 - _NAME_REACH):start - 1] + tokens[end + 1:end + 1 + _NAME_REACH]
    return any(norm.lookup_key(t) in others for t in near)


def _goes_on_elsewhere(tokens: list[str], end: int, index: CatalogIndex,
                      others: Container[str]) -> bool:
    """Whether the word after a joined pair's second word is a word of another product's
    name, none of this name's: "night cream and argan soap" joins no "cream with argan"."""
    if end + 1 >= len(tokens) or len(tokens[end + 1]) < 3 or not tokens[end + 1].isalpha():
        return False                                    # ("… argan 50ml": its size)
    if readings(tokens[end + 1]) & {"link", "filler"}:
        return False                                    # ("… argan) dyal 1kilo": its size
    keys = norm.key_variants(tokens[end + 1])
    return any(k in index.name_keys for k in keys) and not any(k in others for k in keys)


#: How many words either side of a name's joined pair may show another word of that name.
_NAME_REACH = 3


def unsold_after_want(spans: list[Span], tokens: list[str], index: CatalogIndex) -> list[Span]:
    """"i want a lip gloss and 2 soaps", "je veux de la harissa et 1 kg d'olives", "i want
    some hummus": a want verb, an article of ``unsold_articles`` (``intents/numbers.yml``),
    then words neither the lexicon nor the sheet knows (one of four letters or more, no
    question's word, no ``not_products``: "a receipt"), ending the clause, are one product
    the sheet does not sell: told as such, with the nearest ones (it was dropped without a
    word). Never after a Darija verb ("bghit nwsi zaatar") nor before a known word."""
    articles = LEXICON.unsold_article_keys
    if len(spans) < 2 or not any(s.kind == "word" for s in spans[1:]):
        return spans                    # ("also hummus": two)
    out: list[Span] = []
    i = 0
    while i < len(spans):
        end = _unsold_run(spans, tokens, index, articles, i)
        if end > i:
            out.append(Span("raw", "~" + str(spans[i].value), spans[i].start, spans[end - 1].end))
            i = end
            continue
        out.append(spans[i])
        i += 1
    return out


def _unsold_run(spans: list[Span], tokens: list[str], index: CatalogIndex,
                articles: Container[str], i: int) -> int:
    """Where the unsold product's words from span ``i`` end (``i`` when they are none)."""
    opening = _adds_at_start(spans, tokens, articles, i)
    if not opening and (i < 2 or spans[i].kind != "word"
                        or spans[i - 1].kind not in ("filler", "num", "link")):
        return i
    article = spans[i - 1]
    if not opening and " ".join(
            norm.lookup_key(t) for t in tokens[article.start:article.end]) not in articles:
        return i
    k = i
    while k < len(spans) and spans[k].kind == "word" and _unsold_word(spans[k], tokens, index):
        k += 1
    if k == i or not (k == len(spans) or spans[k].kind in ("conj", "sep", "filler")):
        return i
    words = [str(s.value) for s in spans[i:k]]
    if not any(w[:1].isalpha() and len(w) >= 4 and not LEXICON.cities.all_matches([(w,)])
               for w in words):
        return i
    if opening:     # the whole message ("et pareil en 250g": no product, the same again)
        return k if all(s.kind in ("sep", "filler") for s in spans[k:]) else i
    verb = spans[i - 2]
    if verb.kind == "conj" and (i == 2 or any(s.kind in PRODUCT_KINDS for s in spans[:i - 2])):
        # "1 kg d'olives et du vinaigre": the list's last product; "also some hummus" opening
        # a message: one more product, not one more of the basket's last line
        return k
    start = verb.start
    # the want verb's phrase ends right before the article ("i want", "i would like")
    if not any(
            n == article.start - first and any(p[:2] == ("intent", "order") for p in payloads)
            for first in range(max(0, start - 3), start + 1)
            for n, payloads in [LEXICON.cues.longest(
                [norm.key_variants(t) for t in tokens[first:article.start]], 0)]):
        return i
    return k


def _adds_at_start(spans: list[Span], tokens: list[str], articles: Container[str],
                   i: int) -> bool:
    """Does the message open with "and" or a word that adds, an article of
    ``unsold_articles`` maybe, right before the word at ``i`` ("also hummus", "zid hummus",
    "aussi du houmous", "w l7oummous")? What follows is one more product, never one more of
    the basket's last line (it was)."""
    if not i or spans[i].kind != "word" or details.phrase_starts(tokens, "same") \
            or details.phrase_starts(tokens, "again"):
        return False                # ("عاود نفس الحاجة", "3awd nfs l7aja": the same again)
    j = i - 1 if spans[i - 1].kind in ("filler", "link") else i
    if j < i and " ".join(norm.lookup_key(t) for t in tokens[spans[j].start:spans[j].end]) \
            not in articles:
        return False
    if j == 1 and spans[0].kind == "conj":
        return True
    return j > 0 and details.phrase_starts(tokens[:spans[j].start], "more").get(0) \
        == spans[j].start


def _unsold_word(span: Span, tokens: list[str], index: CatalogIndex) -> bool:
    word = str(span.value)
    said = [norm.lookup_key(t) for t in tokens[span.start:span.end]]
    return (word not in LEXICON.known_keys and word not in index.raw_keys
            and not any(w in LEXICON.not_product_keys or w in index.raw_keys for w in said)
            and not any(asking_word(t) for t in tokens[span.start:span.end]))
