"""The built-in vocabulary: ``intents/*.yml`` loaded once into phrase tables.

Every YAML file lists forms per language (``ary-Latn``, ``ary-Arab``, ``fr``, ``en``...).
Adding a language means adding forms under a new key; no code knows the language names
except language detection, which reads them from the files too.

Three phrase tables are built:

* ``grammar``: numbers, fractions, units, containers, size words, product concepts and
  grammar markers (negation, removal, "only", "and", fillers) - what the order parser reads;
* ``cues``: intent cue phrases with weights;
* ``cities``: city forms.

A :class:`PhraseTable` is a trie over :func:`~bot.nlu.normalise.lookup_key` keys; matching
returns the longest phrase starting at a position, trying each token's key variants (with
and without a glued article such as ``l`` or ``ال``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from .. import datafiles
from . import textnorm as norm

INTENTS_DIR = datafiles.intents_path()
_END = "\x00"
#: The ordinal "last" ("lakher", "dernier"): a list's last entry, whatever its length.
LAST = -1
_META_KEYS = {"role", "group", "factor", "bare_forms", "concepts", "weight", "exact", "lacks",
              "dimension", "aside", "implied_by", "in_names"}


class PhraseTable:
    """A trie of multi-token phrases; each phrase carries a list of payloads."""

    def __init__(self) -> None:
        self.root: dict = {}
        self.keys: set[str] = set()

    def add(self, form: str, payload) -> None:
        """Add a phrase; an Arabic form with the article is also added without it, so
        "للحسيمة" (l + city) finds "الحسيمة" once its prefix is stripped."""
        words = norm.tokens(form)
        if not words:
            return
        self._add(words, payload)
        first = words[0]
        if norm.is_arabic(first) and first.startswith("ال") and len(first) > 4:
            self._add([first[2:]] + words[1:], payload)

    def _add(self, words: list[str], payload) -> None:
        node = self.root
        for word in words:
            key = norm.lookup_key(word)
            self.keys.add(key)
            node = node.setdefault(key, {})
        payloads = node.setdefault(_END, [])
        if payload not in payloads:
            payloads.append(payload)

    def longest(self, variants: list[tuple[str, ...]], start: int) -> tuple[int, list]:
        """Longest phrase at ``start``: ``(n_tokens, payloads)``, or ``(0, [])``. Of two as
        long, the one of the words as written (a token's first key variant) wins over a
        reading without a glued article ("fliou" is pennyroyal, not "f" + "you")."""
        best_len, best = 0, []
        stack = [(self.root, start)]
        n = len(variants)
        while stack:
            node, pos = stack.pop()
            if pos > start and _END in node and pos - start > best_len:
                best_len, best = pos - start, node[_END]
            if pos < n:
                for key in reversed(variants[pos]):     # the first variant is popped first
                    child = node.get(key)
                    if child is not None:
                        stack.append((child, pos + 1))
        return best_len, best

    def longest_misspelt(self, variants: list[tuple[str, ...]], start: int,
                         typo: Callable[[str], bool]) -> tuple[int, list]:
        """Longest phrase of two tokens or more at ``start`` with exactly one of its later
        tokens misspelt ("cornes de gazlle", "eau de flur d oranger"): ``(n_tokens,
        payloads)``, or ``(0, [])``. The first token must be exact; the misspelt one must be
        no known word (``typo``), as long as four letters, start with the same letter and be
        one or two edits from the phrase's word (rapidfuzz ratio ≥ 80)."""
        best_len, best = 0, []
        stack: list[tuple[dict, int, bool]] = [(self.root, start, False)]
        n = len(variants)
        while stack:
            node, pos, used = stack.pop()
            if used and pos - start >= 2 and _END in node and pos - start > best_len:
                best_len, best = pos - start, node[_END]
            if pos >= n:
                continue
            exact = [node[key] for key in variants[pos] if key in node]
            stack.extend((child, pos + 1, used) for child in exact)
            token = variants[pos][0]
            if exact or used or pos == start or len(token) < 4 or not typo(token):
                continue
            for key, child in node.items():
                if (key != _END and len(key) >= 4 and key[0] == token[0]
                        and fuzz.ratio(token, key) >= 80):
                    stack.append((child, pos + 1, True))
        return best_len, best

    def all_matches(self, variants: list[tuple[str, ...]]) -> list[tuple[int, int, list]]:
        """Every phrase occurrence (overlapping allowed): ``(start, end, payloads)``."""
        found = []
        n = len(variants)
        for start in range(n):
            stack = [(self.root, start)]
            while stack:
                node, pos = stack.pop()
                if pos > start and _END in node:
                    found.append((start, pos, node[_END]))
                if pos < n:
                    for key in variants[pos]:
                        child = node.get(key)
                        if child is not None:
                            stack.append((child, pos + 1))
        return found


def concept_word(concept: str) -> str | None:
    """A written form of a product concept ("amlou", "olive"): a message naming only a kind
    ("sans sucre") is read after it as if it named the product."""
    return next((key for key, name in LEXICON.concept_forms.items() if name == concept), None)


@dataclass(frozen=True)
class Concept:
    """A product concept: ``honey``, ``thyme``, ``argan``…"""

    name: str
    role: str  # family | qualifier | soft
    group: str
    exact: bool = False  # its forms are never matched fuzzily (they are close to names)
    lacks: bool = False  # says what a product is made without ("sugar free"): unsaid, the
                         # product without this word is the one meant
    # a state a row is sold in ("dried"): in one row's alias ("dried verbena") a word of the
    # cooperative's own, so the bare word ("verbena") is the row whose alias it is alone
    aside: bool = False


@dataclass
class Lexicon:
    """All vocabulary, compiled."""

    grammar: PhraseTable = field(default_factory=PhraseTable)
    cues: PhraseTable = field(default_factory=PhraseTable)
    cities: PhraseTable = field(default_factory=PhraseTable)
    concepts: dict[str, Concept] = field(default_factory=dict)
    # a concept a name or a mention carries when it carries all of these ("savon noir": soap
    # and black make the black soap, a product of its own, never a soap of any colour)
    implied: dict[str, frozenset[str]] = field(default_factory=dict)
    # a sheet's word that carries a concept in its names only ("Couscous fin": fine), never
    # read so in a message ("fin" is also Darija "where")
    name_word_concepts: dict[str, str] = field(default_factory=dict)
    concept_forms: dict[str, str] = field(default_factory=dict)  # single-token key -> concept
    # single-token key of a concept form -> the languages whose lists write it ("zmita":
    # ary-Latn, fr): two forms of one language are two words for it, not a translation
    form_langs: dict[str, frozenset[str]] = field(default_factory=dict)
    lang_cues: dict[str, dict[str, float]] = field(default_factory=dict)
    # one-word cues of three letters or less, as written: (intent, lead_only) per form, so
    # "la" (an article) is not read as "lla" (no) once doubled letters are folded
    short_cues: dict[str, set[tuple[str, bool]]] = field(default_factory=dict)
    # answers that are cues only as the whole message ("y", "k", "of course"): words -> intent
    alone_cues: dict[str, str] = field(default_factory=dict)
    alone_weights: dict[str, float] = field(default_factory=dict)   # "no problem|2": 2
    lang_neutral: PhraseTable = field(default_factory=PhraseTable)  # "ok", "c bon", "merci"
    lang_strong: float = 1.0       # the weight of a cue that shows the language
    lang_openers: PhraseTable = field(default_factory=PhraseTable)  # "bonjour", "hello"
    calling_codes: dict[str, str] = field(default_factory=dict)     # "+44" → "en"
    langs: tuple[str, ...] = ()
    place_keys: set[str] = field(default_factory=set)
    address_keys: set[str] = field(default_factory=set)  # "rue", "hay", "زنقة" (one or more words)
    street_keys: set[str] = field(default_factory=set)   # address_keys less the order fillers
    business_keys: set[str] = field(default_factory=set)  # "shop", "boutique", "l7anout"
    each_keys: set[str] = field(default_factory=set)      # "each", "chacune", "kol wa7ed"
    # the one-word forms of each container of units.yml, as lookup keys: "sac", "bag", "كيس"
    container_keys: dict[str, frozenset[str]] = field(default_factory=dict)
    bare_fraction_measure: int = 0   # "nss 3sel": a fraction of this measure (units.yml)
    # what a unit measures, by its lookup keys and by its name ("cl", "litre", "l" → volume;
    # "kg", "gr" → mass: units.yml's dimension)
    unit_dimensions: dict[str, str] = field(default_factory=dict)
    field_keys: dict[str, str] = field(default_factory=dict)  # "l3onwan" -> "address"
    field_link_keys: set[str] = field(default_factory=set)    # "c'est", "is", "howa"
    cart_keys: set[str] = field(default_factory=set)          # "lpanier", "basket"
    replace_keys: set[str] = field(default_factory=set)       # "bdel", "remplacez", "swap"
    order_noun_keys: set[str] = field(default_factory=set)    # "commande", "order", "الطلبية"
    replace_joiner_keys: set[str] = field(default_factory=set)  # "b", "par", "for"
    correction_lead_keys: set[str] = field(default_factory=set)  # "non", "la", "smah lia"
    correction_adding_keys: set[str] = field(default_factory=set)  # "zid", "ajoute", "also"
    # "no wait", "sorry I meant", "non plutôt", "la la": what was just said is taken back;
    # "actually", "plutôt": only when the same product is said again in part
    correction_within_keys: set[str] = field(default_factory=set)
    correction_same_keys: set[str] = field(default_factory=set)
    correction_within_firsts: set[str] = field(default_factory=set)   # their first words
    correction_drop_keys: set[str] = field(default_factory=set)   # "scratch that" at the end
    # "or" between two order lines ("2 pots de 500g ou 1 pot de 1kg"): each word's languages
    alternative_langs: dict[str, frozenset[str]] = field(default_factory=dict)
    alternative_forms: set[str] = field(default_factory=set)   # as written ("or", not "u")
    but_keys: set[str] = field(default_factory=set)     # "pas 1 kg mais 2 kg", "walakin"
    this_one_keys: set[str] = field(default_factory=set)   # "machi hadi", "pas celui-là"
    purpose_keys: set[str] = field(default_factory=set)    # "for my (hammam) I need …"
    # verbs of the order grammar ("khlli", "7iyed"), exactly as written once
    # normalised, to tell them from a catalog word they look like ("Khlii")
    verb_marker_kinds: frozenset[str] = frozenset({"set", "remove"})   # not "sans", "bla"
    verb_forms: set[str] = field(default_factory=set)
    # one-word forms as written (normalised, not folded) → the kinds they are written for:
    # "pour" is a link and a filler, "pur" a concept, though both fold to "pur"
    written_kinds: dict[str, set[str]] = field(default_factory=dict)
    cancel_lead_keys: set[str] = field(default_factory=set)   # "bghit nlghi", "veux annuler"
    city_names: tuple[str, ...] = ()
    # words of a town's name only after its first word ("bouazza" of "Dar Bouazza", "slimane"
    # of "Ben Slimane"; never "sidi", "ain", "dar"), known as nothing else: a family name
    town_inner_keys: frozenset[str] = frozenset()
    # words the lexicon knows only inside a longer phrase, never alone nor first ("sucre"
    # of "sans sucre", "roux" of none): where a product is named, a word like any other
    phrase_inner_keys: frozenset[str] = frozenset()
    # each town's one-word forms (not its everyday words), as lookup keys: "Essaouira" →
    # essaouira, swira, souira, الصويرة, صويرة… (a catalog name saying one names it by all)
    town_words: dict[str, frozenset[str]] = field(default_factory=dict)
    known_keys: set[str] = field(default_factory=set)
    # common first names of one word (``common_first_names`` in details.yml), as lookup keys:
    # never a misspelt town ("Rachida" is no "Errachidia")
    first_name_keys: frozenset[str] = frozenset()
    ordinal_suffixes: frozenset[str] = frozenset()   # "er", "eme", "nd": "1er", "2eme", "2nd"
    # words around numbers that are never quantities ("dh", "nhar", "commande"), by role,
    # plus the phone and order-reference digit rules (``not_quantities`` in numbers.yml)
    not_quantity: dict[str, set[str]] = field(default_factory=dict)
    not_quantity_rules: dict = field(default_factory=dict)
    indefinite: dict[str, set[str]] = field(default_factory=dict)   # {"en": {"a", "an"}}
    indefinite_keys: set[str] = field(default_factory=set)          # every language's
    pronoun_one_keys: set[str] = field(default_factory=set)         # "the big one"
    the_one_keys: set[str] = field(default_factory=set)             # "the" (big one)
    size_question_keys: set[str] = field(default_factory=set)       # "how" (big)
    name_size_keys: dict[str, str] = field(default_factory=dict)    # "gm" (in a name): big
    same_again_keys: set[str] = field(default_factory=set)          # "the same for …"
    short_and_keys: set[str] = field(default_factory=set)           # "… n 1 rose water"
    dozen_keys: set[str] = field(default_factory=set)               # "2 dzina": 24
    unsold_article_keys: set[str] = field(default_factory=set)      # "a", "de la"
    not_product_keys: set[str] = field(default_factory=set)         # "receipt", "facture"
    compared_keys: set[str] = field(default_factory=set)            # "between", "entre"
    compared_filler_keys: set[str] = field(default_factory=set)     # "the", "your", "les"
    made_with_keys: set[str] = field(default_factory=set)  # "au", "with", "b": "Chebakia au miel"


def _name_variants(form: str, cities_file: dict) -> list[str]:
    """``form`` and the ways a town's name is also written (``intents/cities.yml``
    ``name_words``: "بن جرير", "ابن جرير"; ``glued_words``: "بنجرير")."""
    alternatives = {}
    for group in cities_file.get("name_words") or []:
        for word in group:
            alternatives[str(word)] = [str(w) for w in group]
    spellings: list[list[str]] = [[]]
    for word in form.split():
        spellings = [[*s, w] for s in spellings for w in alternatives.get(word, [word])]
    glued = {str(w) for w in cities_file.get("glued_words") or []}
    variants = [" ".join(s) for s in spellings]
    variants += [" ".join([*s[:i], word + s[i + 1], *s[i + 2:]])
                 for s in spellings for i, word in enumerate(s[:-1]) if word in glued]
    return list(dict.fromkeys([form, *variants]))


def _load(name: str) -> dict:
    with open(INTENTS_DIR / name, encoding="utf-8") as handle:
        return datafiles.safe_load(handle) or {}


def _forms_by_lang(entry: dict) -> dict[str, list[str]]:
    """The ``{lang: [forms]}`` part of a lexicon entry (metadata keys removed)."""
    return {lang: [str(f) for f in forms or [] if f is not None and f is not False]
            for lang, forms in entry.items() if lang not in _META_KEYS and isinstance(forms, list)}


def _word_keys(entry: dict) -> set[str]:
    """Lookup keys of a word list's forms, every language together (matched as whole words
    or two-word phrases, not through the grammar)."""
    return {norm.lookup_key(norm.normalise(f)) for forms in _forms_by_lang(entry).values()
            for f in forms}


def _split_weight(form: str) -> tuple[str, float]:
    if "|" in form:
        text, weight = form.rsplit("|", 1)
        return text, float(weight)
    return form, 1.0


class _LangCues:
    """Collects which language(s) each single word belongs to."""

    def __init__(self) -> None:
        self.langs: dict[str, set[str]] = {}
        self.weight: dict[str, float] = {}
        self.order: list[str] = []

    def add(self, form: str, lang: str, weight: float) -> None:
        if lang not in self.order:
            self.order.append(lang)
        for word in norm.tokens(form):
            if word == norm.SEPARATOR or word.isdigit():
                continue
            key = norm.lookup_key(word)
            self.langs.setdefault(key, set()).add(lang)
            self.weight[key] = max(self.weight.get(key, 0.0), weight)

    def table(self) -> dict[str, dict[str, float]]:
        """Words of exactly one language, with their weight."""
        return {key: {next(iter(langs)): self.weight[key]}
                for key, langs in self.langs.items() if len(langs) == 1}


def _add_short_cue(lex: Lexicon, form: str, intent: str, lead_only: bool) -> None:
    words = norm.tokens(form)
    if len(words) == 1 and len(words[0]) <= 3:
        lex.short_cues.setdefault(words[0], set()).add((intent, lead_only))


def build_lexicon() -> Lexicon:
    """Read every ``intents/*.yml`` file (except members.yml) and compile the tables."""
    lex = Lexicon()
    lang_weights = _load("lang.yml").get("weights", {})
    cues = _LangCues()

    units = _load("units.yml")
    for unit in (units.get("units") or {}).values():
        for forms in _forms_by_lang(unit).values():
            norm.UNIT_SUFFIXES.update(f for f in forms if " " not in f)
            norm.MEASURE_SUFFIXES.update(f for f in forms if " " not in f and len(f) >= 2)
    for container in (units.get("containers") or {}).values():
        for forms in _forms_by_lang(container).values():
            norm.UNIT_SUFFIXES.update(f for f in forms if " " not in f)

    def written(form: str, kind: str) -> None:
        words = norm.tokens(form)
        if len(words) == 1:
            lex.written_kinds.setdefault(words[0], set()).add(kind)

    def add_grammar(entry: dict, payload, weight_name: str) -> None:
        kind = payload[1] if payload[0] == "marker" else payload[0]
        for lang, forms in _forms_by_lang(entry).items():
            for form in forms:
                lex.grammar.add(form, payload)
                written(form, kind)
                cues.add(form, lang, lang_weights.get(weight_name, 1.0))

    numbers = _load("numbers.yml")
    for value, entry in (numbers.get("numbers") or {}).items():
        add_grammar(entry, ("num", float(value)), "numbers")
    for value, entry in (numbers.get("fractions") or {}).items():
        add_grammar(entry, ("frac", float(value)), "numbers")
    for value, entry in (numbers.get("ordinals") or {}).items():
        add_grammar(entry, ("ord", LAST if value == "last" else int(value)), "numbers")
    lex.ordinal_suffixes = frozenset(
        norm.normalise(str(f)) for forms in _forms_by_lang(numbers.get("ordinal_suffixes") or {})
        .values() for f in forms)
    norm.ORDINAL_SUFFIXES.update(lex.ordinal_suffixes)
    lex.indefinite = {lang: {norm.lookup_key(str(f)) for f in forms}
                      for lang, forms in _forms_by_lang(numbers.get("indefinite") or {}).items()}
    lex.indefinite_keys = set().union(*lex.indefinite.values()) if lex.indefinite else set()
    lex.pronoun_one_keys = _word_keys(numbers.get("pronoun_ones") or {})
    lex.the_one_keys = _word_keys(numbers.get("the_ones") or {})
    lex.size_question_keys = _word_keys(units.get("size_questions") or {})
    lex.name_size_keys = {norm.lookup_key(str(form)): size
                          for size, forms in (units.get("name_sizes") or {}).items()
                          for form in forms or ()}
    lex.same_again_keys = _word_keys(numbers.get("same_again") or {})
    lex.short_and_keys = _word_keys(numbers.get("short_ands") or {})
    lex.dozen_keys = _word_keys(numbers.get("dozens") or {})
    lex.unsold_article_keys = _word_keys(numbers.get("unsold_articles") or {})
    lex.not_product_keys = _word_keys(numbers.get("not_products") or {})
    lex.compared_keys = _word_keys(numbers.get("compared_before") or {})
    lex.compared_filler_keys = _word_keys(numbers.get("compared_fillers") or {})
    rules = numbers.get("not_quantities") or {}
    lex.not_quantity = {role: _word_keys(entry) for role, entry in rules.items()
                        if isinstance(entry, dict) and role != "phone"}
    clitics = _forms_by_lang(rules.get("object_clitics") or {})
    lex.not_quantity.setdefault("day_delivery_words", set()).update(
        norm.lookup_key(norm.normalise(form + clitic))       # "twsloh", "توصلوه": deliver it
        for lang, forms in _forms_by_lang(rules.get("day_delivery_words") or {}).items()
        for form in forms if " " not in form for clitic in clitics.get(lang, ()))
    # "6pm", "15h", "10min" are split like "2kg" (and are no Arabizi word)
    norm.UNIT_SUFFIXES.update(f for forms in _forms_by_lang(rules.get("time_after") or {}).values()
                              for f in forms if f.isascii() and f.isalpha() and len(f) <= 3)
    lex.not_quantity_rules = {"phone": rules.get("phone") or {},
                              "ref_min_digits": int(rules.get("ref_min_digits") or 3)}

    for unit_name, entry in (units.get("units") or {}).items():
        bare = {norm.lookup_key(f) for f in entry.get("bare_forms") or []}
        if entry.get("dimension"):
            lex.unit_dimensions[unit_name] = str(entry["dimension"])
        for lang, forms in _forms_by_lang(entry).items():
            for form in forms:
                key = norm.lookup_key(norm.normalise(form))
                if entry.get("dimension"):
                    lex.unit_dimensions.setdefault(key, str(entry["dimension"]))
                lex.grammar.add(form, ("unit", int(entry["factor"]), key in bare))
                written(form, "unit")
                cues.add(form, lang, lang_weights.get("units", 1.0))
    for name, entry in (units.get("containers") or {}).items():
        add_grammar(entry, ("container", name), "units")
        lex.container_keys[name] = frozenset(
            norm.lookup_key(f) for forms in _forms_by_lang(entry).values() for f in forms
            if len(norm.tokens(f)) == 1)
    fraction_unit = (units.get("units") or {}).get(units.get("bare_fraction_unit") or "")
    lex.bare_fraction_measure = int((fraction_unit or {}).get("factor") or 0)
    for name, entry in (units.get("sizes") or {}).items():
        add_grammar(entry, ("size", name), "units")
    for name, entry in (units.get("prices") or {}).items():
        add_grammar(entry, ("size", name), "units")     # "the cheaper ones": a rank by price

    keywords = _load("keywords.yml")
    for name, entry in (keywords.get("markers") or {}).items():
        if name == "place":
            lex.place_keys = _word_keys(entry)
        elif name == "address":
            lex.address_keys = _word_keys(entry)
        else:
            add_grammar(entry, ("marker", name), "keywords")
            if name in lex.verb_marker_kinds:
                lex.verb_forms.update(norm.normalise(f) for forms in _forms_by_lang(entry).values()
                                      for f in forms)
    lex.street_keys = lex.address_keys - lex.not_quantity.get("order_fillers", set())
    lex.cart_keys = _word_keys(keywords.get("cart") or {})
    # the words of a swap, the basket and a delivery detail show their language too
    for entry in [keywords.get("replace") or {}, keywords.get("cart") or {},
                  *(keywords.get("fields") or {}).values()]:
        for lang, forms in _forms_by_lang(entry).items():
            for form in forms:
                cues.add(form, lang, lang_weights.get("keywords", 1.0))
    lex.replace_keys = _word_keys(keywords.get("replace") or {})
    lex.order_noun_keys = _word_keys(keywords.get("order_nouns") or {})
    lex.business_keys = _word_keys(keywords.get("business") or {})
    lex.each_keys = _word_keys(keywords.get("each") or {})
    lex.replace_joiner_keys = _word_keys(keywords.get("replace_joiners") or {})
    corrections = keywords.get("corrections") or {}
    lex.correction_lead_keys = _word_keys(corrections.get("lead") or {})
    lex.correction_adding_keys = _word_keys(corrections.get("adding") or {})
    lex.correction_same_keys = _word_keys(corrections.get("within_same") or {})
    lex.correction_within_keys = _word_keys(corrections.get("within") or {}) \
        | lex.correction_same_keys
    lex.correction_drop_keys = _word_keys(corrections.get("within_drop") or {})
    lex.correction_within_firsts = {k.split()[0] for k in lex.correction_within_keys
                                    | lex.correction_drop_keys}
    lex.but_keys = _word_keys(keywords.get("but") or {})
    alternative_langs: dict[str, set[str]] = {}
    for lang, forms in _forms_by_lang(keywords.get("alternatives") or {}).items():
        for form in forms:
            alternative_langs.setdefault(norm.lookup_key(norm.normalise(form)), set()).add(lang)
            lex.alternative_forms.add(norm.normalise(form))
    lex.alternative_langs = {k: frozenset(v) for k, v in alternative_langs.items()}
    lex.this_one_keys = _word_keys(corrections.get("this_one") or {})
    lex.purpose_keys = _word_keys(corrections.get("purpose") or {})
    lex.cancel_lead_keys = _word_keys(keywords.get("cancel_lead") or {})
    lex.field_keys = {key: name for name, entry in (keywords.get("fields") or {}).items()
                      for key in _word_keys(entry)}
    lex.field_link_keys = _word_keys(keywords.get("field_links") or {})
    for intent, entry in (keywords.get("intents") or {}).items():
        for lang, forms in _forms_by_lang(entry).items():
            for form in forms:
                text, weight = _split_weight(form)
                lex.cues.add(text, ("intent", intent, weight, False))
                cues.add(text, lang, lang_weights.get("keywords", 1.0))
                _add_short_cue(lex, text, intent, False)
    for intent, entry in (keywords.get("lead_only") or {}).items():
        for forms in _forms_by_lang(entry).values():
            for form in forms:
                text, weight = _split_weight(form)
                lex.cues.add(text, ("intent", intent, weight, True))
                _add_short_cue(lex, text, intent, True)
    for intent, entry in (keywords.get("alone") or {}).items():
        for forms in _forms_by_lang(entry).values():
            for form in forms:
                text, weight = _split_weight(form)
                lex.alone_cues[" ".join(norm.tokens(text))] = intent
                lex.alone_weights[" ".join(norm.tokens(text))] = weight

    products = _load("products.yml")
    for name, entry in (products.get("concepts") or {}).items():
        lex.concepts[name] = Concept(name, entry.get("role", "qualifier"), entry.get("group") or "",
                                     bool(entry.get("exact")), bool(entry.get("lacks")),
                                     bool(entry.get("aside")))
        if entry.get("implied_by"):
            lex.implied[name] = frozenset(str(t) for t in entry["implied_by"])
        for word in entry.get("in_names") or ():
            lex.name_word_concepts[norm.lookup_key(norm.normalise(str(word)))] = name
        add_grammar(entry, ("concept", (name,)), "products")
        for lang, forms in _forms_by_lang(entry).items():
            for form in forms:
                words = norm.tokens(form)
                if len(words) == 1:
                    key = norm.lookup_key(words[0])
                    lex.concept_forms.setdefault(key, name)
                    if lex.concept_forms[key] == name:
                        lex.form_langs[key] = lex.form_langs.get(key, frozenset()) | {lang}
    for entry in products.get("phrases") or []:
        add_grammar(entry, ("concept", tuple(entry["concepts"])), "products")
    lex.made_with_keys = _word_keys(products.get("made_with") or {})

    cities_file = _load("cities.yml")
    for city in cities_file.get("cities") or []:
        for form in city.get("forms") or []:
            for variant in _name_variants(str(form), cities_file):
                lex.cities.add(variant, ("city", city["name"], False))
        for form in city.get("context_forms") or []:
            for variant in _name_variants(str(form), cities_file):
                lex.cities.add(variant, ("city", city["name"], True))
    lex.city_names = tuple(c["name"] for c in cities_file.get("cities") or [])
    town_words: dict[str, set[str]] = {}
    for key, node in lex.cities.root.items():
        for _, name, context_only in node.get(_END, ()):
            if not context_only:
                town_words.setdefault(name, set()).add(key)
    lex.town_words = {name: frozenset(keys) for name, keys in town_words.items()}

    for lang, forms in (_load("lang.yml").get("cues") or {}).items():
        for form in forms or []:
            cues.add(str(form), lang, lang_weights.get("lang", 1.0))
    lex.lang_cues = cues.table()
    lang_file = _load("lang.yml")
    for form in lang_file.get("neutral") or []:
        lex.lang_neutral.add(str(form), True)
    lex.lang_strong = float(lang_file.get("strong_weight") or 1.0)
    for lang, forms in (lang_file.get("openers") or {}).items():
        for form in forms or []:
            lex.lang_openers.add(str(form), lang)
    for lang, codes in (lang_file.get("calling_codes") or {}).items():
        lex.calling_codes.update({str(code): lang for code in codes or []})
    lex.langs = tuple(cues.order)
    lex.known_keys = lex.grammar.keys | lex.cues.keys | lex.cities.keys | set(cues.langs)
    lex.known_keys |= {k for k in lex.each_keys if " " not in k}     # "2 of each": a count
    # and "jouj mn kol wa7ed", "جوج من كل واحد": the words leading a longer "each" too
    lex.known_keys |= {w for k in lex.each_keys for w in k.split()[:-1]}
    lex.known_keys |= set().union(*lex.not_quantity.values())  # "vers" is no misspelt "vert"
    lex.known_keys |= {k for k in lex.address_keys if " " not in k}  # "hay" is no "hair"
    lex.known_keys |= lex.pronoun_one_keys          # "2 of the big ones": a count, a size
    # "3tini 2 mnhom", "remove one of them": the words of "of them" are known words, never a
    # product the catalog lacks nor a misspelt one ("them" is no "thym")
    dialogue = _load("dialogue.yml")
    lex.known_keys |= {w for kind in ("of_them", "of_which", "of_them_verbs")
                       for k in _word_keys(dialogue.get(kind) or {}) for w in k.split()}
    # "kmala jouj", "3awd zid jouj", "zid jouj akhrin": a word saying "more" beside a count
    # keeps it a count given alone (the two were read as one more)
    lex.known_keys |= {k for k in _word_keys(dialogue.get("more") or {}) if " " not in k}
    lex.phrase_inner_keys = frozenset(
        _inner_words(lex.grammar.root) - lex.cues.keys - lex.cities.keys
        - {key for key, node in lex.grammar.root.items() if _END in node}
        - (lex.known_keys - lex.grammar.keys))
    lex.first_name_keys = frozenset(
        k for k in _word_keys(_load("details.yml").get("common_first_names") or {}) if " " not in k)
    lex.town_inner_keys = frozenset(lex.cities.keys - lex.cities.root.keys() - lex.grammar.keys
                                    - lex.cues.keys - lex.place_keys - lex.address_keys)
    return lex


def _inner_words(root: dict) -> set[str]:
    """The words of the product phrases of two words or more of a grammar trie ("sucre" of
    "sans sucre", "sugar" of "sugar free") less those of any other ("chose" of "autre
    chose")."""
    product: set[str] = set()
    other: set[str] = set()
    stack: list[tuple[dict, tuple[str, ...]]] = [(node, (key,)) for key, node in root.items()
                                                 if key != _END]
    while stack:
        node, path = stack.pop()
        if len(path) > 1 and _END in node:
            concepts = all(isinstance(p, tuple) and p[:1] == ("concept",) for p in node[_END])
            (product if concepts else other).update(path)
        stack.extend((child, path + (key,)) for key, child in node.items() if key != _END)
    return product - other


@lru_cache(maxsize=1)
def get_lexicon() -> Lexicon:
    """The process-wide lexicon, loaded on first use."""
    return build_lexicon()


LEXICON = get_lexicon()
