"""Finding a Moroccan city in a message (canonical French name, from intents/cities.yml)."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from . import textnorm as norm
from .lexicon import LEXICON

_FUZZY_CUTOFF = 88
_FUZZY_MIN_LEN = 6
_SKELETON_MIN = 4      # consonant classes a misspelt town must keep ("kazablanka": kzblnk)
_SKELETON_CUTOFF = 78  # and how close its letters stay to the form sharing them
_single_forms: dict[str, str] = {}
_by_skeleton: dict[str, list[tuple[str, str]]] = {}
_fuzzy_cache: dict[str, str | None] = {}


def _fuzzy_forms() -> dict[str, str]:
    """Single-word, non-context city forms by lookup key (built on first use)."""
    if not _single_forms:
        for key, node in LEXICON.cities.root.items():
            for payload in node.get("\x00", []):
                if not payload[2] and len(key) >= _FUZZY_MIN_LEN:
                    _single_forms[key] = payload[1]
    return _single_forms


def _skeleton_forms() -> dict[str, list[tuple[str, str]]]:
    """The same forms by consonant skeleton (:func:`~bot.nlu.textnorm.skeleton`):
    ``(form, town)`` pairs."""
    if not _by_skeleton:
        for key, name in _fuzzy_forms().items():
            skeleton = norm.skeleton(key)
            if len(skeleton) >= _SKELETON_MIN:
                _by_skeleton.setdefault(skeleton, []).append((key, name))
    return _by_skeleton


def _misspelt(key: str, choices: list[str], forms: dict[str, str]) -> str | None:
    """The town a word not in the lexicon misspells: close in letters ("casablnca"), or
    with the same consonants where a sound is spelt another way ("kazablanka")."""
    match = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF)
    if match:
        return forms[match[0]]
    skeleton = norm.skeleton(key)
    if len(skeleton) < _SKELETON_MIN:
        return None
    # as long as the form: a sound spelt another way, not a word that only begins like a
    # town ("mohamed" is no "mohammedia", "rachida" no "errachidia")
    towns = {name for form, name in _skeleton_forms().get(skeleton, ())
             if abs(len(form) - len(key)) <= 1 and fuzz.ratio(form, key) >= _SKELETON_CUTOFF}
    return towns.pop() if len(towns) == 1 else None


def find_city_in_tokens(tokens: list[str], skip: set[int] | None = None) -> str | None:
    """City named in normalised ``tokens`` (see :func:`locate_city`)."""
    found = locate_city(tokens, skip)
    return found[0] if found else None


def names_a_town(tokens: list[str]) -> list[tuple[int, int]]:
    """Where ``tokens`` name a town of ``intents/cities.yml`` by one of its own forms (not
    an everyday word that is also one, as "safi", unless a place word comes right before it:
    "in Safi"): ``(start, end)`` of each."""
    variants = [norm.key_variants(t) for t in tokens]
    return [(start, end) for start, end, payloads in LEXICON.cities.all_matches(variants)
            if not all(context_only for _, _, context_only in payloads)
            or (start and norm.lookup_key(tokens[start - 1]) in LEXICON.place_keys)]


def locate_city(tokens: list[str], skip: set[int] | None = None,
                everyday: bool = False) -> tuple[str, int, int] | None:
    """``(name, start, end)`` of the city named in normalised ``tokens``, or None.

    Positions in ``skip`` (product words) are ignored. Everyday words that are also cities
    ("safi" = ok, "jdida" = new) count only after a place word ("f", "l", "à", "in"...), with
    a glued place prefix ("fsafi"), or alone when they are not a conversation word; anywhere
    with ``everyday`` (a message about the city: "wrong city, it's Salé not Rabat").
    """
    skip = skip or set()
    variants = [norm.key_variants(t) for t in tokens]
    words = [t for t in tokens if t != norm.SEPARATOR]
    for start, end, payloads in LEXICON.cities.all_matches(variants):
        if any(i in skip for i in range(start, end)):
            continue
        for _, name, context_only in payloads:
            if not context_only:
                return name, start, end
            previous = norm.lookup_key(tokens[start - 1]) if start else ""
            glued = variants[start][0] not in LEXICON.cities.root
            alone = (len(words) == 1 and variants[start][0] not in LEXICON.cues.keys) \
                or (len(words) > 1 and start == 0 and end == len(tokens))
            # ("Ben Ahmed", "بن سليمان" written alone: the town; after a first name, his)
            if everyday or previous in LEXICON.place_keys or glued or alone:
                return name, start, end
    forms = _fuzzy_forms()
    choices = list(forms)
    for i, token in enumerate(tokens):
        key = variants[i][0]
        if i in skip or len(key) < _FUZZY_MIN_LEN or key in LEXICON.known_keys \
                or key in LEXICON.first_name_keys:
            continue                # "Rachida" is her name, no misspelt "Errachidia"
        if not token.isalpha():
            continue
        if key not in _fuzzy_cache:
            if len(_fuzzy_cache) > 50_000:
                _fuzzy_cache.clear()
            _fuzzy_cache[key] = _misspelt(key, choices, forms)
        found = _fuzzy_cache[key]
        if found:
            return found, i, i + 1
    return None


def everyday_city(text: str) -> str | None:
    """The city ``text`` is made of when it is written as a form that is also an everyday
    word ("Safi" = that's it, "jdida" = new): a city only where one is expected (the city
    question, a part of a delivery answer), never on its own after "anything else?"."""
    words = [w for w in norm.tokens(text)
             if w != norm.SEPARATOR and norm.lookup_key(w) not in LEXICON.place_keys]
    if not words or len(words) > 3:
        return None
    for start, end, payloads in LEXICON.cities.all_matches([norm.key_variants(w) for w in words]):
        if start == 0 and end == len(words):
            for _, name, context_only in payloads:
                if context_only:
                    return name
    return None


def find_city(text: str) -> str | None:
    """Canonical French name of a Moroccan city mentioned in ``text``, else None.

    >>> find_city("sifto lia l casa")
    'Casablanca'
    """
    return find_city_in_tokens(norm.tokens(text))
