"""Text normalisation shared by messages, lexicon forms and catalog names.

``normalise(text)`` returns lower-case, space-separated tokens:

* Unicode NFKC, then Arabic letter variants folded (أ إ آ ٱ → ا, ى → ي, ة → ه, ؤ → و,
  ئ → ي, ڭ گ ݣ → ك, ص → س, ظ → ض), harakat and tatweel removed, Latin accents removed;
* Eastern-Arabic and Persian digits turned into 0-9, decimal commas into dots;
* letters repeated three times or more collapsed ("bghiiit" → "bghit");
* a number glued to a unit split off ("2kg" → "2 kg", "x3" → "x 3", "2kilo3sel" →
  "2 kilo 3sel"), while Arabizi digits inside words stay ("l3sel", "3afak", "2l3sel");
* an English contraction typed without its apostrophe spelled out ("ill" → "i ll");
* list punctuation (, ; . ! ? + newline) becomes a "," token, other symbols and emojis
  become spaces (a few emojis that mean yes / no become "ok" / "no").

``lookup_key(token)`` is a coarser key used only to look words up in lexicons: doubled
letters collapsed, ou → u, y → i, sh → ch, and the Arabizi digits 7 → h, 5 → kh, 9 → q.
Both lexicon forms and message tokens go through it, so spellings meet in the middle.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .. import datafiles

SEPARATOR = ","

_RULES_FILE = datafiles.intents_path("normalise.yml")
_RULES = datafiles.safe_load(_RULES_FILE.read_text(encoding="utf-8"))
_UNITS = datafiles.load_intents("units.yml")["glued_suffixes"]

# The one fold table, two levels (intents/normalise.yml): ``letters`` for fold(), ``letters``
# and ``coarse`` together for the message normaliser.
_LETTER_FOLD = str.maketrans({str(k): str(v) for k, v in _RULES["fold"]["letters"].items()})
_ARABIC_FOLD = str.maketrans({str(k): str(v) for level in ("letters", "coarse")
                              for k, v in _RULES["fold"][level].items()})
# Emojis that carry a yes/no answer; every other symbol is dropped.
_EMOJI_WORDS = {str(k): f" {v} " for k, v in _RULES["emoji"].items()}
#: The figures Arabizi writes for Arabic letters ("m7amid").
ARABIZI_DIGITS = frozenset(str(_RULES.get("arabizi_digits") or ""))
#: Arabizi spelling pairs lookup_key applies, in file order.
_SPELLING = tuple((str(old), str(new)) for old, new in _RULES["spelling"])
#: English contractions typed without their apostrophe: the words they stand for.
_CONTRACTIONS = {str(k): str(v) for k, v in (_RULES.get("contractions") or {}).items()}
#: Words whose accent tells them from a grammar word once it is removed ("thé" is no "the").
_ACCENTED = {unicodedata.normalize("NFKC", str(k)).lower(): str(v)
             for k, v in (_RULES.get("accented_words") or {}).items()}
#: Those words written without their accent, each to the word its accent makes ("the": "tea").
UNACCENTED = {unicodedata.normalize("NFKD", k).encode("ascii", "ignore").decode(): v
              for k, v in _ACCENTED.items()}
_ACCENTED_RE = re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, _ACCENTED))})(?!\w)") \
    if _ACCENTED else None
_EMOJI_RE = re.compile("|".join(map(re.escape, _EMOJI_WORDS)))
_DECIMAL_RE = re.compile(r"(?<=\d)[.,](?=\d)")
_FRACTION_RE = re.compile(r"(?<=\d)/(?=\d)")
_CLOCK_RE = re.compile(r"(?<=\d):(?=\d\d(?!\d))")   # "15:30" is read like "15h30", one word
_SEPARATOR_RE = re.compile(r"(?:[,;!?+&|\n\r•·/]|\.(?!\d)|(?<!\d)\.|:(?!\d)|(?<!\d):)+")
_OTHER_RE = re.compile(r"[^\w\s,.\u2044%]|_")
# a percent sign is a word of its own ("100% pure": a share, no 100 ml; intents/numbers.yml)
_PERCENT_RE = re.compile(r"[%\u066a]")
_ELONGATION_RE = re.compile(r"([^\W\d_])\1{2,}")
_GLUED_RE = re.compile(r"^(\d+(?:\.\d+)?|\d+\u2044\d+)([^\W\d_]+)$")
_TIMES_SIGNS = "|".join(re.escape(str(x)) for x in _RULES["glued_times"])
_TIMES_PREFIX_RE = re.compile(rf"^({_TIMES_SIGNS})(\d+)$")
# "t54", "p40": a size label glued to its figure (``glued_labels``), read apart
_LABEL_PREFIX_RE = re.compile(
    rf"^({'|'.join(re.escape(str(x)) for x in _RULES.get('glued_labels') or ())})(\d{{2,3}})$") \
    if _RULES.get("glued_labels") else None
# "2x1l", "3x500g", "1lx2": a count, a times sign and a size (or a size, the sign, a count)
_TIMES_BETWEEN_RE = re.compile(
    rf"^(\d+(?:\.\d+)?)([^\W\d_]*?)({_TIMES_SIGNS})(\d+(?:\.\d+)?)([^\W\d_]*)$")
_NUMBER_UNIT_REST_RE = re.compile(r"^(\d+(?:\.\d+)?)([^\W\d_]\w+)$")
_ARABIC_DIGIT_SPLIT_RE = re.compile(r"(?<=[\u0600-\u06ff])(?=\d)|(?<=\d)(?=[\u0600-\u06ff])")
_ARABIC_LETTER_RE = re.compile(r"[\u0621-\u064a]")
_LATIN_LETTER_RE = re.compile(r"[a-z]")

# Suffixes split off a number even when the number is a single digit ("2kg", "1l").
# The lexicon module extends this with every unit and container form at import time.
UNIT_SUFFIXES: set[str] = {str(x) for x in _UNITS["units"]}
# Units of measure only (no containers: "3tini" is not "3 tin i"), for a number glued to a
# unit glued to a word ("2kilo3sel"). The lexicon module extends it too.
MEASURE_SUFFIXES: set[str] = {str(x) for x in _UNITS["measures"]}
# Ordinal endings ("th", "eme"): "20th" stays one word, a day or a rank ("deliver on the 20th"),
# never the count 20 and a word "th". The lexicon module fills it from intents/numbers.yml.
ORDINAL_SUFFIXES: set[str] = set()


_MARKS_RE = re.compile(r"[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
                       r"\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def _strip_marks(text: str) -> str:
    """Remove accents and harakat (combining marks) after canonical decomposition."""
    return _MARKS_RE.sub("", unicodedata.normalize("NFD", text))


def _split_glued(token: str) -> str:
    """``2kg`` → ``2 kg``, ``x3`` → ``x 3``, ``3x`` → ``3 x``, ``2x1l`` → ``2 x 1 l``; keep
    Arabizi words."""
    match = _GLUED_RE.match(token)
    if match:
        number, suffix = match.groups()
        if suffix in UNIT_SUFFIXES or (
                (len(number) >= 2 or "." in number)
                and not (suffix in ORDINAL_SUFFIXES and number.isdigit() and len(number) <= 3)):
            return f"{number} {suffix}"
    match = _TIMES_PREFIX_RE.match(token)
    if match:
        return f"{match.group(1)} {match.group(2)}"
    match = _TIMES_BETWEEN_RE.match(token)
    if match and all(not unit or unit in UNIT_SUFFIXES for unit in match.group(2, 5)):
        first, unit, sign, second, unit_after = match.groups()
        return " ".join(w for w in (first, unit, sign, second, unit_after) if w)
    match = _NUMBER_UNIT_REST_RE.match(token)
    if match:                                   # "2kilo3sel", "2kgzaatar"; not "2l3sel"
        number, rest = match.groups()
        for size in range(min(len(rest) - 1, 8), 1, -1):
            if rest[:size] in MEASURE_SUFFIXES:
                return f"{number} {rest[:size]} {rest[size:]}"
    return token


def normalise(text: str) -> str:
    """Return the normalised, space-separated form of ``text`` (see module docstring)."""
    if not text:
        return ""
    if not isinstance(text, str):
        text = str(text)
    return _normalise(text)


def stretched(text: str) -> dict[str, str]:
    """The words of ``text`` typed with a letter three times or more, as :func:`normalise`
    writes them ("zar"), each with that letter kept twice ("zaar"): a stretched letter was
    typed at least twice, so a short word is no other word short of a letter ("bghit 3sel
    zaaar" is no "zhar"). Empty for most messages (no letter three times in a row)."""
    if not isinstance(text, str) or not _ELONGATION_RE.search(text.lower()):
        return {}
    single, double = _normalise(text).split(), _normalise(text, r"\1\1").split()
    if len(single) != len(double):
        return {}
    return {one: two for one, two in zip(single, double, strict=True) if one != two}


@lru_cache(maxsize=8192)     # one message is read by the parser, the language and city finders
def _normalise(text: str, kept: str = r"\1") -> str:
    if text.isascii():
        text = text.lower().replace("'", " ").replace("`", " ")
    else:
        text = unicodedata.normalize("NFKC", text).lower()
        text = _EMOJI_RE.sub(lambda m: _EMOJI_WORDS[m.group(0)], text)
        text = text.translate(_ARABIC_FOLD)
        if _ACCENTED_RE is not None:
            text = _ACCENTED_RE.sub(lambda m: _ACCENTED[m.group(0)], text)
        text = _strip_marks(text)
    text = _DECIMAL_RE.sub(".", text)
    text = _FRACTION_RE.sub("\u2044", text)  # keep "1/2" as one token
    text = _CLOCK_RE.sub("h", text)
    text = _SEPARATOR_RE.sub(" , ", text)
    text = _OTHER_RE.sub(" ", _PERCENT_RE.sub(" % ", text))
    text = _ELONGATION_RE.sub(kept, text)
    text = _ARABIC_DIGIT_SPLIT_RE.sub(" ", text)
    tokens = []
    for token in text.split():
        if _LABEL_PREFIX_RE is not None and (label := _LABEL_PREFIX_RE.match(token)):
            tokens.append(f"{label.group(1)} {label.group(2)}")
            continue
        tokens.append(_split_glued(token) if token[0].isdigit() or _TIMES_PREFIX_RE.match(token)
                      else _CONTRACTIONS.get(token, token))
    return " ".join(tokens)


def fold(text: str | None) -> str:
    """Lower-case, strip accents and punctuation: ``"Fès - Saïss"`` → ``"fes saiss"``.

    Only the ``letters`` level of the fold table: used to match our city names to a
    courier's (the NLU's coarser fold could change which courier city a name matches).
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    bare = bare.translate(_LETTER_FOLD).casefold()
    bare = re.sub(r"[^\w]+", " ", bare).replace("_", " ")
    return " ".join(bare.split())


def tokens(text: str) -> list[str]:
    """Normalised tokens of ``text``."""
    return normalise(text).split()


_KEY_RE = re.compile(r"([^\d])\1+")


def doubled(token: str) -> bool:
    """Does the token write a letter twice in a row ("zaar", "3ssel")? Its key has it once."""
    return _KEY_RE.search(token) is not None


@lru_cache(maxsize=65536)
def lookup_key(token: str) -> str:
    """Coarse spelling key of one normalised token (see module docstring)."""
    if _LATIN_LETTER_RE.search(token):
        for old, new in _SPELLING:
            token = token.replace(old, new)
    return _KEY_RE.sub(r"\1", token)


def _glued_prefixes(rules: dict) -> dict[str, tuple[tuple[str, ...], int]]:
    """Per script, the glued prefixes and the letters they must leave."""
    return {script: (tuple(str(f) for f in rule["forms"]), int(rule["min_rest"]))
            for script, rule in rules["glued_prefixes"].items()}


def _plural_endings(rules: dict) -> tuple[tuple[str, ...], int]:
    rule = rules["plural_endings"]["latin"]
    return tuple(str(f) for f in rule["forms"]), int(rule["min_rest"])


def _plural_replacements(rules: dict) -> dict[str, str]:
    replace = rules["plural_endings"]["latin"].get("replace") or {}
    return {str(k): str(v) for k, v in replace.items()}


def _skeleton_rules(rules: dict) -> dict:
    rule = rules["skeleton"]
    return {"min": int(rule["min_consonants"]),
            "arabic": {str(k): str(v) for k, v in rule["arabic"].items()},
            "final_silent": frozenset(str(x) for x in rule["arabic_final_silent"]),
            "groups": {str(k): str(v) for k, v in rule["latin_groups"].items()},
            "latin": {str(k): str(v) for k, v in rule["latin"].items()},
            "soft_c": str(rule["latin_soft_c"])}


_PREFIXES = _glued_prefixes(_RULES)
_PLURALS = _plural_endings(_RULES)
_PLURAL_REPLACE = _plural_replacements(_RULES)
#: per script, the feminine endings replaced ("دجاجات" → "دجاجة") and the
#: letters they must leave
_FEMININE = {script: (int(rule["min_rest"]),
                      tuple((str(k), str(v or "")) for k, v in (rule.get("replace") or {}).items()))
             for script, rule in (_RULES.get("feminine_endings") or {}).items()}
#: letters a three-letter misspelling may drop from a four-letter word ("tym" for "thym")
DROPPED_LETTERS = frozenset(str(x) for x in _RULES.get("dropped_letters") or ())
#: per script, the "and" forms written stuck to the next word and the letters they must leave
GLUED_AND = {script: (tuple(str(f) for f in rule["forms"]), int(rule["min_rest"]))
             for script, rule in (_RULES.get("glued_and") or {}).items()}
#: per script, the dual endings ("قرعتين" → 2 "قرعة"): (min_rest, ((ending, singular
#: endings, catalog words too), …))
DUALS = {script: (int(rule["min_rest"]),
                  tuple((str(ending), tuple(str(f or "") for f in forms), kind == "catalog")
                        for kind in ("catalog", "measures")
                        for ending, forms in (rule.get(kind) or {}).items()))
         for script, rule in (_RULES.get("dual_endings") or {}).items()}
_SKELETON = _skeleton_rules(_RULES)
SKELETON_MIN = _SKELETON["min"]


@lru_cache(maxsize=65536)
def skeleton(key: str) -> str:
    """The consonant classes of a lookup key, the same in both scripts: ``شباكيه`` and
    ``chebakia`` → ``cbk``, ``مسمن`` and ``msemen`` → ``msmn`` (``intents/normalise.yml``)."""
    rules = _SKELETON
    classes: list[str] = []
    if _ARABIC_LETTER_RE.match(key):
        body = key[:-1] if key[-1:] in rules["final_silent"] else key
        classes = [rules["arabic"].get(ch, "") for ch in body]
    else:
        groups, latin, i = rules["groups"], rules["latin"], 0
        while i < len(key):
            if key[i:i + 2] in groups:
                classes.append(groups[key[i:i + 2]])
                i += 2
                continue
            soft = key[i] == "c" and key[i + 1:i + 2] in ("e", "i", "y")
            classes.append(rules["soft_c"] if soft else latin.get(key[i], ""))
            i += 1
    out: list[str] = []
    for letter in "".join(classes):
        if not out or out[-1] != letter:
            out.append(letter)
    return "".join(out)


_SOFT_G = _RULES.get("soft_g") or {}
_SOFT_G_RE = re.compile(
    f"{re.escape(str(_SOFT_G['letter']))}(?=[{''.join(map(str, _SOFT_G['before']))}])"
) if _SOFT_G else None


def soft_g(key: str) -> str:
    """A Latin-script lookup key with its soft "g" written as "j" ("tagine" → "tajine"; not
    "gh": ghain), to find a catalog word spelt the other way (``soft_g`` in
    ``intents/normalise.yml``); the key itself when it has none."""
    if _SOFT_G_RE is None or not key.isascii():
        return key
    return _SOFT_G_RE.sub(str(_SOFT_G["as"]), key)


@lru_cache(maxsize=65536)
def short_singulars(key: str) -> tuple[str, ...]:
    """The singular forms of a Latin-script lookup key too short for :func:`key_variants` to
    fold ("bols" → "bol"): only for comparing two words a catalog writes both of."""
    endings, rest = _PLURALS
    return tuple(key[:-len(e)] for e in endings
                 if key.endswith(e) and rest > len(key) - len(e) >= 2 and key.isascii())


@lru_cache(maxsize=65536)
def key_variants(token: str) -> tuple[str, ...]:
    """Lookup keys of ``token``: itself, then without a glued article or preposition, then
    (Latin script) without a plural ending.

    ``l3sel`` → (``l3sel``, ``3sel``); ``والعسل`` → (``والعسل``, ``عسل``, …);
    ``noires`` → (``noires``, ``noire``).
    """
    keys = [lookup_key(token)]
    if _ARABIC_LETTER_RE.match(token):
        script = "arabic"
    elif token[:1].isalpha():
        script = "latin"
    else:
        return tuple(keys)
    prefixes, minimum = _PREFIXES[script]
    for prefix in prefixes:
        if token.startswith(prefix) and len(token) - len(prefix) >= minimum:
            key = lookup_key(token[len(prefix):])
            if key not in keys:
                keys.append(key)
    if script == "latin":
        endings, rest = _PLURALS
        for key in list(keys):                     # "noires" → "noire", "citrons" → "citron"
            for ending in endings:
                if key.endswith(ending) and len(key) - len(ending) >= rest:
                    singular = key[:-len(ending)]
                    if singular not in keys:
                        keys.append(singular)
            for ending, singular_ending in _PLURAL_REPLACE.items():   # "cherries" → "cherry"
                if key.endswith(ending) and len(key) - len(ending) >= rest - 1:
                    singular = key[:-len(ending)] + singular_ending
                    if singular not in keys:
                        keys.append(singular)
    rest, replace = _FEMININE.get(script, (0, ()))
    for key in list(keys):                  # "دجاجات" → "دجاجة", "بلديات" → "بلدية"
        for ending, base in replace:
            if key.endswith(ending) and len(key) - len(ending) >= rest:
                stem = key[:-len(ending)] + base
                if stem not in keys:
                    keys.append(stem)
                break
    return tuple(keys)


def is_arabic(token: str) -> bool:
    """True when the token is written in Arabic script."""
    return bool(_ARABIC_LETTER_RE.match(token))


def script_counts(text: str) -> tuple[int, int]:
    """``(arabic_letters, latin_letters)`` in already-normalised text."""
    return len(_ARABIC_LETTER_RE.findall(text)), len(_LATIN_LETTER_RE.findall(text))
