"""``parse(text, catalog)``: one customer message → intent, order lines, city…

Steps:

1. normalise and tag the tokens (:mod:`bot.nlu.grammar`);
2. cut the tags into order lines at separators ("w", "و", "et", commas…), at negation and
   removal words, and where a new quantity or product starts after a complete line;
3. read each line's quantity (:mod:`bot.nlu.numbers`) and match its product tags against
   the catalog index (:mod:`bot.nlu.matcher`);
4. classify the intent from cue words and what was found (:mod:`bot.nlu.intents`);
   detect the language and the city.
"""

from __future__ import annotations

import dataclasses
import itertools

from .. import designators, details, shares
from .. import textnorm as norm
from ..cities import locate_city
from ..grammar import Span, split_duals, split_glued_and, split_glued_figures, tag_tokens
from ..intents import classify, cue_scores, detect_lang_tokens, lang_shown
from ..intents import product_positions as name_positions
from ..lexicon import LEXICON
from ..matcher import PRICE_RANKS, CatalogIndex, without_contents
from ..memo import Memo
from ..numbers import BARE_SIZE_MIN, dimensions, non_quantities
from ..questions import QUESTION_MARKS, offered_figures, why_topic
from ..questions import detect as detect_question
from .index import get_index
from .lines import (
    announced_sizes,
    attach_orphans,
    counts_in_order,
    counts_said_twice,
    counts_taken_back,
    kinds_run_together,
    kinds_said_by_size,
    parts_of_other_kinds,
    same_again,
    shares_of_a_count,
    size_then_count,
    split_lines,
    taken_back_amounts,
    totals_in_packs,
    two_counts_run_together,
)
from .model import (
    CLEAR_TOPIC,
    MAX_CHARS,
    MAX_TOKENS,
    NOT_QUESTIONS,
    PRODUCT_KINDS,
    QTY_KINDS,
    Ambiguity,
    Item,
    Line,
    Parse,
)
from .resolve import (
    PACK_MIN,
    by_dimensions_said,
    each_of_vague,
    merge_items,
    other_kinds,
    resolve_lines,
)
from .signals import bare_number, bare_ordinal, field_named, figure_of, has_word, phrase_keys
from .spans import (
    all_in_one_measure,
    alternatives,
    boxes_sold,
    but_after_negation,
    compared_counts,
    compound_numbers,
    corrections_within,
    count_articles,
    dims_of_name_figures,
    district_names,
    doubled_counts,
    dozens,
    durations,
    each_words,
    figures_of_names,
    leading_no,
    less_of_a_count,
    mid_corrections,
    name_words,
    near_colours_after_town,
    negations_in_names,
    one_is_pronoun,
    own_ands,
    packs_said,
    place_words,
    price_figures,
    pronoun_ones,
    purpose_after_product,
    purpose_clauses,
    shop_names,
    short_ands,
    size_questions,
    street_names,
    surnames,
    town_names,
    unsold_after_want,
    want_after_negation,
)
from .swaps import (
    corrected_within,
    corrects,
    counts_of_each,
    instead_of,
    later_swap,
    measure_of_all,
    swap_keeps_kind,
    swap_lines,
    swap_to_a_colour,
)

_MEMO: Memo[Parse] = Memo(4096)   # parses kept, all catalogs together (a few MB at most)
_MEMO_CHARS = 200        # longer messages are rarely written twice
_MEMO_TOKENS = itertools.count(1)


def memoised(index: CatalogIndex) -> CatalogIndex:
    """``index``, its parses of short messages kept from now on: for an index nobody changes,
    like the webhook's per-catalog-version one ("oui", "2", "wah", a city: asked again and
    again; parsing is a deterministic function of the text and the index)."""
    index.memo_token = next(_MEMO_TOKENS)
    return index


def orders_after_question(text: str) -> bool:
    """Does the part after a question mark order, and ask nothing ("how much is the thyme
    honey? I want 2 of them", "c combien la couverture ? je veux 2 grises"; not "… ? je veux
    savoir le prix")?"""
    at = text.rfind("?")        # (the last: "do you have X? how much? I'd take 1 …")
    if at < 0 or at + 1 >= len(text):
        return False
    scores = cue_scores(norm.tokens(text[at + 1:]))
    return bool(scores.get("order")) and not (scores.get("price") or scores.get("inquiry"))


def sentence_before_question(text: str) -> int | None:
    """Where the sentence holding the first question mark starts ("2 amlou. ch7al
    ttwsil?": after "2 amlou."), when a sentence comes before it; else None."""
    at = min((i for i in (text.find(q) for q in QUESTION_MARKS) if i >= 0), default=-1)
    cut = max(text.rfind(mark, 0, at) for mark in _SENTENCE_ENDS) if at > 0 else -1
    return cut + 1 if cut > 0 else None


def orders_before_question(text: str, index: CatalogIndex) -> bool:
    """Does a sentence of its own before the question order counted lines, and ask nothing
    ("2 black soap and 1 rhassoul. Do you have argan oil?", "… . how much is the saffron?"):
    they are an order, as with "I want" before them."""
    cut = sentence_before_question(text)
    if cut is None:
        return False
    return orders_counted(parse(text[:cut - 1], index))


def orders_counted_after_question(text: str, index: CatalogIndex) -> bool:
    """Does the part after the first question mark order counted lines, and ask nothing ("do
    you have orange blossom honey? If so 2 jars of 500g please, and a black soap")? The
    question asked whether it is sold; the lines after it order it."""
    at = min((i for i in (text.find(q) for q in QUESTION_MARKS) if i >= 0), default=-1)
    if at < 0 or not text[at + 1:].strip():
        return False
    return orders_counted(parse(text[at + 1:], index))


def orders_counted(read: Parse) -> bool:
    """Does ``read`` order lines, each with its count ("2 black soap and 1 rhassoul")?"""
    counts = [i.quantity for i in read.items] + [a.quantity for a in read.ambiguous]
    return read.intent == "order" and bool(counts) and all(counts)


_SENTENCE_ENDS = (".", "!", "\n")


def parse(text: str, catalog) -> Parse:
    """Understand one customer message against a catalog (product dicts or an index)."""
    token = getattr(catalog, "memo_token", None)
    if token is None or not isinstance(text, str) or len(text) > _MEMO_CHARS:
        return _parse(text, catalog)
    return _MEMO.kept((token, text), lambda: _parse(text, catalog))


def _parse(text: str, catalog) -> Parse:
    index = get_index(catalog)
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    said = without_contents(text[:MAX_CHARS], index)
    tokens = norm.tokens(said)[:MAX_TOKENS]
    if not tokens:
        return Parse(intent="unknown", lang=detect_lang_tokens([]), lang_confident=False)
    tokens = split_duals(split_glued_and(split_glued_figures(tokens, index), index), index)
    phrases = phrase_keys(tokens)
    skip = non_quantities(tokens, index.areas, index.raw_keys)
    skip.update(figures_of_names(tokens, index, skip))
    skip.update(price_figures(tokens, index, skip))
    offers = offered_figures(tokens)
    skip.update(dict.fromkeys(offers, "offer"))         # "n3tik 300": no count
    skip.update(each_words(tokens))
    raw_spans = designators.mark(tag_tokens(tokens, index, skip, norm.stretched(said)),
                                 tokens, index)
    raw_spans = street_names(count_articles(shares.mark(raw_spans, tokens), tokens), tokens)
    raw_spans = district_names(raw_spans, tokens)
    raw_spans = unsold_after_want(raw_spans, tokens, index)
    spans = town_names(surnames(shop_names(raw_spans, tokens), tokens), tokens, index)
    spans = near_colours_after_town(spans, tokens)
    spans = purpose_after_product(purpose_clauses(spans, tokens), tokens, index)
    spans = leading_no(want_after_negation(own_ands(spans, tokens, index), tokens), tokens)
    spans = less_of_a_count(spans, tokens)
    spans = compared_counts(short_ands(pronoun_ones(spans, tokens), tokens), tokens)
    spans = dozens(compound_numbers(spans, tokens), tokens)
    spans = mid_corrections(durations(size_questions(spans, tokens), tokens, index.raw_keys),
                            tokens)
    spans = boxes_sold(negations_in_names(spans, index), tokens, index)
    spans = alternatives(corrections_within(spans, tokens), tokens)
    spans = but_after_negation(spans, tokens)
    dims = dimensions(tokens, index.areas)
    adding = has_word(phrases, LEXICON.correction_adding_keys)
    # "pistachios only in 250g? then 2 of those", "… 250g, then 2": after a question mark or
    # a comma, a joining word opens no second line (but "…, and 2 more" adds)
    ends = () if adding else tuple(i for i, t in enumerate(tokens) if t == norm.SEPARATOR)
    partitive, cuts = _counts_of_them(tokens, spans, index.name_keys)
    lines = attach_orphans(corrected_within(index, taken_back_amounts(split_lines(
        kinds_run_together(_parts_apart(spans, cuts, tokens), index)))),
                           adding, sizes_back=not dims, ends=ends, partitive=partitive)
    lines = counts_taken_back(two_counts_run_together(
        shares_of_a_count(parts_of_other_kinds(lines, partitive))))
    kinds_said_by_size(index, lines)
    announced_sizes(lines, tokens, index)
    size_then_count(lines)
    totals_in_packs(lines)
    same_again(lines, tokens)
    # ("jouj jouj" is "of each" where two products or more are named)
    doubled = bool(doubled_counts(tokens)) and sum(line.has_product for line in lines) >= 2
    # ("…, bjouj 500g", "…, les deux en 500g": "both" before a measure is "each" too)
    # ("3 honeys: thyme, euphorbia and orange blossom, all 500g": the uncounted kinds' size)
    all_one = all_in_one_measure(tokens)
    counts_of_each(lines, phrases, doubled or (all_one and not measure_of_all(lines)))
    counts_said_twice(lines)
    lines = counts_in_order(lines)
    replace = swap_lines(tokens, lines)
    if replace:
        swap_keeps_kind(index, lines)
        swap_to_a_colour(index, lines)
    replace = replace or later_swap(tokens, lines) or instead_of(lines)
    if not replace and corrects(tokens, phrases):
        for line in lines:                      # "non pardon 2 ghassoul": that many, not more
            if line.has_product and line.has_quantity and not line.negated:
                line.set_op = True
    prices = {f for i, role in skip.items()     # not "220 dh l kilo": a price per unit
              if role == "price" and skip.get(i + 2) != "price"
              and (f := figure_of(tokens[i])) is not None}
    each = doubled or has_word(phrases, LEXICON.each_keys) or all_one
    packs = packs_said(tokens, skip)
    # "2 coussins 40 w wa7ed 60": sizes said by a side of the names', one a line
    sides = dims_of_name_figures(index, tokens, skip) if skip else frozenset()
    found = resolve_lines(index, tokens, lines, prices,
                          dims | sides if len(dims | sides) > 1 else dims, each, packs)
    if found.ambiguous and each:
        each_of_vague(index, found)

    product_spans = [s for s in spans if s.kind in PRODUCT_KINDS]
    product_positions = {i for s in product_spans for i in range(s.start, s.end)}
    product_positions |= {s.start for s in spans if s.kind == "link" and s.end == s.start + 1
                          and s.start - 1 in product_positions and s.end in product_positions
                          and norm.lookup_key(tokens[s.start]) in index.name_keys}
    #                     ("Crème de nuit": its "de" is the name's, no French said; "amlou
    #                     dyal tiznit" for "Amlou de Tiznit" still says Darija)
    located = locate_city(tokens, product_positions)
    city = located[0] if located else None
    city_positions = set(range(located[1], located[2])) if located else set()
    # a product's name shows no language when the rest of the message shows one: "I want
    # 1 kg of khlii" is English although "khlii" is spelled like Darija "khlli" (leave)
    named = city_positions | product_positions
    lang = detect_lang_tokens(tokens, named if lang_shown(tokens, named) else city_positions)
    in_names = name_words(spans)
    scores = cue_scores(tokens, in_names=in_names)
    order_noun = False
    if scores.get("status") or scores.get("cancel"):
        nouns = {i for i, t in enumerate(tokens)
                 if any(v in LEXICON.order_noun_keys for v in norm.key_variants(t))}
        if nouns:
            order_noun = True
            scores = cue_scores(tokens, nouns, in_names)
    number = bare_number(spans, tokens, phrases)
    ordinal = bare_ordinal(spans, tokens)
    pronoun_one = one_is_pronoun(spans, tokens)
    has_products = bool(found.items or found.ambiguous or found.removed or found.unknown)
    only_removals = bool(found.removed) and not (found.items or found.ambiguous)
    intent = classify(scores, has_products=has_products, has_quantity=found.has_quantity,
                      only_removals=only_removals,
                      bare_number=number is not None or ordinal is not None,
                      order_noun=order_noun,
                      cancel_lead=has_word(phrases, LEXICON.cancel_lead_keys),
                      pronoun_one=pronoun_one and ordinal is None)
    order_ref = next((tokens[i] for i, kind in sorted(skip.items()) if kind == "ref"), None)
    # "is this the honey shop?": only the shop is described; yes, welcome (no question left)
    shop_only = not has_products and intent in ("unknown", "greet", "catalog") and any(
        s.kind == "word" and norm.lookup_key(tokens[s.start]) in LEXICON.business_keys
        for s in spans) and any(s.kind in PRODUCT_KINDS for s in raw_spans)
    if shop_only:
        intent = "greet"
        city = None         # "the rose shop from Kelaat M'Gouna?": where the shop is
    if order_ref and not has_products and intent in ("order", "unknown"):
        intent = "status"                       # "T-1042", "commande 1042": that order

    items, ambiguous = merge_items(found.items), found.ambiguous
    if items and any(s.asked for s in spans):
        kept = _guesses_asked(index, spans, items)
        words = " ".join(tokens[s.start] for s in spans if s.asked)
        ambiguous = [*ambiguous, *(Ambiguity(words, i.quantity, (i.sku,), guess=True)
                                   for i in items if i not in kept and i.op == "add")]
        items = kept
    if intent == "catalog" and found.has_quantity and (
            orders_before_question(text, index) or orders_counted_after_question(text, index)):
        intent = "order"                        # "2 black soap. Do you have argan oil?"
    orders_too = intent == "price" and found.has_quantity and (
        orders_after_question(text) or orders_before_question(text, index))
    asked_counts = tuple(i for i in items if i.quantity and i.op == "add") \
        if intent in ("price", "catalog") and found.has_quantity \
        and (orders_too or not ambiguous) else ()
    asked_ambiguous = tuple(a for a in ambiguous if a.op == "add") if orders_too else ()
    if intent in ("price", "catalog", "delivery", "status", "human", "cancel") and has_products:
        # a question about products lists them all, without quantities
        seen: list[str] = []
        for sku in found.matched:
            if sku not in seen and (intent == "cancel" or not any(
                    sku == r.sku for r in found.removed if isinstance(r, Item))):
                seen.append(sku)
        items, ambiguous = [Item(sku, None) for sku in seen], []
    dims = dims | dims_of_name_figures(index, tokens, skip)     # "tagine 6": its size
    if dims:
        items, ambiguous = by_dimensions_said(index, dims, items, ambiguous)

    set_quantity = found.set_quantity or (
        number is not None and any(s.kind == "set" for s in spans))
    size_hint = None
    if not any(t[0] == "unit" for line in lines for t in line.quantity):
        size_hint = next((s.value for s in spans if s.kind == "size"), None)
    # "bghit 3sel rkhis", "the cheaper argan oil": a price word that ranks products ordered
    # picks one of them, it asks for no discount
    ranks = {i for s in spans if s.kind == "size" and s.value in PRICE_RANKS
             for i in range(s.start, s.end)} if found.items or found.ambiguous else set()
    asked = detect_question(text, tokens, product_positions,
                            {i for s in spans if s.kind != "word" for i in range(s.start, s.end)},
                            city_positions | name_words(spans, inside=True) | ranks,
                            bool(offers))
    if (asked.topic is None and product_positions and not found.has_quantity
            and intent in ("order", "unknown", "catalog", "price") and not scores.get("order")
            and (why := why_topic(tokens))):
        # "3lach l3sel kaytsker?", "why is the amlou oily?": no "which one?" nor the stock
        asked = dataclasses.replace(asked, topic=why, score=1.0, question=True)
    return Parse(
        intent=intent,
        lang=lang,
        items=tuple(items),
        ambiguous=tuple(ambiguous),
        city=city,
        removed=tuple(found.removed),
        set_quantity=set_quantity,
        unknown_products=tuple(found.unknown),
        suggestions=tuple(found.suggestions[:3]),
        number=number,
        ordinal=ordinal,
        size_hint=size_hint,
        dimensions=tuple(sorted(dims)),
        packs=tuple(sorted(set(packs.values()))),
        designators=tuple(s.value for s in spans if s.kind == designators.KIND),
        containers=tuple(dict.fromkeys(s.value for s in spans if s.kind == "container")),
        sizes=tuple(s.value for s in spans if s.kind == "size"),
        address_cue=has_word(_outside_markers(tokens, spans, phrases), LEXICON.address_keys),
        cart_cue=has_word(phrases, LEXICON.cart_keys),
        guessed=bool(product_spans) and all(s.fuzzy for s in product_spans),
        replace=replace and bool(found.removed),
        field=field_named(phrases),
        phone="".join(tokens[i] for i, kind in sorted(skip.items())
                      if kind == "phone").replace(".", "") or None,
        order_ref=order_ref,
        topic=None if shop_only else asked.topic,
        topic_score=0.0 if shop_only else asked.score,
        also_topics=() if shop_only else asked.also,
        topic_apart=not shop_only and asked.apart,
        what_is=not shop_only and asked.what_is,
        # "bghit 2 amlou?" orders and "labas?" greets; "which one do I need?" asks
        question=not shop_only and (
            asked.question or (asked.mark and (asked.topic or intent not in NOT_QUESTIONS)
                               and (not scores.get("order") or bool(scores.get("inquiry"))
                                    or asked.score >= CLEAR_TOPIC))),
        unknown_words=asked.unknown_words,
        restart=bool(scores.get("cancel")) and not found.removed and bool(items or ambiguous)
        and intent == "order" and not (found.has_quantity and _kept_at_a_count(
            tokens, product_positions, in_names)),
        lang_confident=lang_shown(tokens, city_positions | name_positions(spans)),
        asked_counts=asked_counts,
        orders_too=orders_too and bool(asked_counts or asked_ambiguous),
        asked_ambiguous=asked_ambiguous,
        one_is_pronoun=pronoun_one,
        prices=tuple(sorted(prices)),
        counts_withheld=tuple(dict.fromkeys(found.withheld)),
    )

def _kept_at_a_count(tokens: list[str], product_positions: set[int],
                     in_names: set[int]) -> bool:
    """"zaatar khliha 3", "la amlou khlliha jouj": a keep word ("khlliha", leave it) after a
    product, with a count, leaves that line at the count; it is no "forget it" that starts
    the basket again (the other lines were lost). Its cancel cue is the keep word's alone."""
    kept = {i + k for i, n in details.phrase_starts(tokens, "keep").items()
            if product_positions and min(product_positions) < i for k in range(n)}
    return bool(kept) and not cue_scores(tokens, in_names=in_names | kept).get("cancel")


def _counts_of_them(tokens: list[str], spans: list[Span],
                    name_keys: frozenset[str]) -> tuple[frozenset[int], set[int]]:
    """The tokens of counts said with an "of them" right after them ("2 of them 1kg", "jouj
    menhom") or an "of them" or "of which" right before them ("dont 2 en 1kg", "menhom
    jouj kilo"), and where each such part starts (the count, or the word before it)."""
    marks = {**details.phrase_starts(tokens, "of_which"),
             **details.phrase_starts(tokens, "of_them")}
    buts = _buts_before_a_count(tokens, spans, name_keys)
    verbs = details.phrase_starts(tokens, "of_them_verbs")
    if not marks and not buts and not verbs:
        return frozenset(), set()
    counts = {s.start for s in spans if s.kind == "num" and s.value < BARE_SIZE_MIN}
    sized = {s.start for k, s in enumerate(spans[:-1]) if spans[k + 1].kind == "unit"}
    marks.update({at: n for at, n in verbs.items()          # "mettez-en 2", not "… en 1kg"
                  if at + n in counts and at + n not in sized and at not in marks})
    found: set[int] = {at + 1 for at in buts}
    cuts: set[int] = set(buts)
    for at, length in marks.items():
        if at - 1 in counts:
            found.add(at - 1)
            cuts.add(at - 1)
        elif at + length in counts:
            found.add(at + length)
            cuts.add(at)
    return frozenset(found), cuts


def _buts_before_a_count(tokens: list[str], spans: list[Span],
                         name_keys: frozenset[str]) -> set[int]:
    """Where a "but" (``but`` in ``intents/keywords.yml``) alone stands between a counted line
    and a count ("3 thyme honey 500g but one of them 1kg", "3 miels de thym 500g mais un en
    1kg"): "of which", not more of the line (six jars) nor a product ("mais": corn). A "but"
    after a negated amount is read before (:func:`spans.but_after_negation`); one that is a
    word of the sheet's names ("Kseksou dra (maïs) 1kilo"), or before a count of a measure
    ("… mais 1 kg"), is none."""
    if not any(norm.lookup_key(t) in LEXICON.but_keys and norm.lookup_key(t) not in name_keys
               for t in tokens):
        return set()
    out: set[int] = set()
    for k in range(1, len(spans) - 1):
        span, after = spans[k], spans[k + 1]
        if (span.end - span.start == 1 and span.kind != "sep"
                and norm.lookup_key(tokens[span.start]) in LEXICON.but_keys
                and spans[k - 1].kind in QTY_KINDS | PRODUCT_KINDS
                and any(s.kind in PRODUCT_KINDS for s in spans[:k])
                and after.kind == "num" and after.start == span.end
                and after.value < BARE_SIZE_MIN
                and norm.lookup_key(tokens[span.start]) not in name_keys
                and not (k + 2 < len(spans) and spans[k + 2].kind == "unit")):
            out.add(span.start)
    return out


def _parts_apart(spans: list[Span], cuts: set[int], tokens: list[str]) -> list[Span]:
    """"3 amlou 250g dont 1 en 500g", "3 thyme honey 500g of which 2 1kg": a part of a count
    said right after the line's product or quantity is set apart as by a comma (it was read
    as more of the line: six jars); a "but" there is that comma."""
    if not cuts:
        return spans
    out: list[Span] = []
    for k, span in enumerate(spans):
        if (span.start in cuts and k and spans[k - 1].kind in QTY_KINDS | PRODUCT_KINDS
                and any(s.kind in PRODUCT_KINDS for s in spans[:k])):
            out.append(Span("sep", None, span.start, span.start))
            if (span.end - span.start == 1
                    and norm.lookup_key(tokens[span.start]) in LEXICON.but_keys):
                continue
        out.append(span)
    return out


def _outside_markers(tokens: list[str], spans: list[Span], phrases: list[str]) -> list[str]:
    """The message's phrase keys but for the words of its negation markers: the "place" of
    "à la place des olives noires" (instead of) is no street word (the swap was read as an
    address and lost)."""
    marked = {i for s in spans if s.kind == "neg" and s.end - s.start > 1
              for i in range(s.start, s.end)}
    if not marked:
        return phrases
    return phrase_keys([norm.SEPARATOR if i in marked else t for i, t in enumerate(tokens)])


def _guesses_asked(index, spans, items):
    """A product read from a word short of a letter where a product is expected ("3tini 2
    amou", "kilo khii") is asked about, never packed: it stays when "which one?" lists it
    among others, and is dropped when one product would be packed as guessed."""
    tags = {tag for s in spans if s.asked
            for tag in (s.value if isinstance(s.value, tuple) else (s.value,))}
    by_sku = index.by_sku
    return [i for i in items if i.sku not in by_sku or not tags & by_sku[i.sku].tags]


__all__ = ["parse", "memoised", "get_index", "split_lines", "resolve_lines", "Parse", "Item",
           "Ambiguity", "Line", "BARE_SIZE_MIN", "PACK_MIN", "CLEAR_TOPIC", "MAX_CHARS",
           "MAX_TOKENS", "other_kinds", "place_words"]
