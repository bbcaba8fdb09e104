"""Cue words of the dialogue (``intents/dialogue.yml``) and short readings the conversation
asks of one message: "no" before a product, "one of them", a numbered pick, courtesy words,
what is never a name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ... import datafiles
from .. import textnorm as norm
from ..grammar import split_glued_and
from ..lexicon import LEXICON
from .base import (
    DIALOGUE,
    PUNCT,
    TOKEN_RE,
    Details,
    cue_tables,
    details_data,
    key_of,
    match,
    phrase_set,
    weak_forms,
)
from .words import glued_and_rest, is_conj, is_title, name_word


def only_fillers(text: str) -> bool:
    """Is ``text`` made of little words only: fillers, "of", a weak name cue or a detail's
    label ("ana f" of "ana f rbat", "من" of "من أكادير", "adresse:")? It is no name and no
    address."""
    words = [w for w in norm.tokens(text or "") if any(c.isalnum() for c in w)]
    keys = [key_of(w) for w in words]
    capitalised = {norm.normalise(t) for t in TOKEN_RE.findall(text or "")
                   if t[:1].isupper() and t[:1].isascii()}
    cued = 0                    # words left of a weak cue of several ("je suis a fes")
    phrase = 0                  # words left of a filler of several ("الله يخليك")
    lookup: list[tuple[str, ...]] = [(norm.lookup_key(w),) for w in words]
    for k, word in enumerate(words):
        key = norm.lookup_key(word)
        if word in capitalised and word != key:
            return False        # "Anna Lee": a name's spelling, not "ana" and "le" folded
        cue = match(keys, k, cue_tables()["weak_name_cues"]) \
            if norm.normalise(word) in weak_forms() else 0          # "Anna" is no "ana"
        cued = max(cued - 1, cue)
        size, payloads = LEXICON.grammar.longest(lookup, k)
        phrase = max(phrase - 1, size if ("marker", "filler") in payloads else 0)
        if not (phrase or key in LEXICON.field_keys or cued):
            return False
    return bool(words)


def names_no_one(text: str) -> bool:
    """Does ``text`` only say whom the parcel is for or where they live, without naming them
    ("for my mum", "she lives", "my sister"): family words, "for", pronouns and little
    words? It is no name and no address."""
    words = [w for w in norm.tokens(text or "") if any(c.isalnum() for c in w)]
    keys = [key_of(w) for w in words]
    tables = cue_tables()
    said, i = False, 0
    while i < len(keys):
        kin = match(keys, i, tables["kin"]) or match(keys, i, tables["recipient_words"])
        size = kin or match(keys, i, tables["recipient_cues"])
        if not size and ("marker", "filler") in LEXICON.grammar.longest([(keys[i],)], 0)[1]:
            size = 1
        if not size:
            return False
        said, i = said or bool(kin), i + size
    return said


def never_a_name(text: str) -> bool:
    """Does ``text`` hold a word that is never a name ("wrong", "Hiya", "ghalta")?"""
    keys = [key_of(t) for t in TOKEN_RE.findall(text or "")]
    return any(match(keys, i, cue_tables()["not_names"]) for i in range(len(keys)))


@lru_cache(maxsize=1024)   # asked of one message by several checks
def starts_with_and(text: str) -> bool:
    """"w sidr", "و السدر", "et le zaatar": the message opens with "and" (one more thing)."""
    tokens = split_glued_and(norm.tokens(text))
    return bool(tokens) and is_conj(key_of(tokens[0]))


def starts_with_title(text: str) -> bool:
    """"Lalla Zahra", "Si Mohamed": a polite title, then a name."""
    tokens = TOKEN_RE.findall(text or "")
    return len(tokens) > 1 and is_title(key_of(tokens[0]))



@lru_cache(maxsize=1024)   # asked of one message by several checks
def has_marker(text: str, *kinds: str) -> bool:
    """Does ``text`` hold a grammar marker of one of ``kinds`` (``markers`` in
    ``intents/keywords.yml``: "remove", "neg", "set"…)?"""
    words = norm.tokens(text)
    variants = [norm.key_variants(w) for w in words]
    wanted = {("marker", kind) for kind in kinds}
    return any(wanted & set(LEXICON.grammar.longest(variants, i)[1]) for i in range(len(words))) \
        or ("remove" in kinds and _split_remove([norm.normalise(w) for w in words]))


@lru_cache(maxsize=1)
def _split_pairs() -> tuple[tuple[str, ...], ...]:
    """The verbs whose particle comes after what they take out ("take one off", "take it
    out"): ``remove_split`` in ``intents/dialogue.yml``, as written ("off" is no "of", which
    the lookup keys fold it to: "I'll take one of them" orders)."""
    data = datafiles.safe_load(DIALOGUE.read_text(encoding="utf-8")) or {}
    return tuple(tuple(norm.normalise(f).split()) for forms in (data.get("remove_split") or {})
                 .values() for f in forms if len(f.split()) == 2)


_SPLIT_WORDS = 3    # "take one off", "take the honey out": what it takes out, a count under
#                     ten at most (not "take 20 off": an amount off the price)


def _count_of_word(word: str) -> float | None:
    """The count one word says, in figures or words ("2", "one", "jouj"), or None."""
    if word.isdigit():
        return float(word)
    return next((float(p[1]) for p in LEXICON.grammar.longest([norm.key_variants(word)], 0)[1]
                 if p[0] == "num"), None)


def _small_count(word: str) -> bool:
    """A count under ten, in figures or words ("2", "one", "jouj")."""
    count = _count_of_word(word)
    return count is not None and count < 10


def _split_remove(words: list[str]) -> bool:
    """"take one off", "please take 2 out": a removal verb and its particle around a count
    under ten ("can you take 20 off?" is an amount off the price, not jars off the basket;
    "take it off" is left to the rules that know which line "it" is)."""
    money = LEXICON.not_quantity.get("currency", set())
    for verb, particle in _split_pairs():
        for i, word in enumerate(words):
            if word != verb or particle not in words[i + 2:i + 2 + _SPLIT_WORDS]:
                continue
            between = words[i + 1:words.index(particle, i + 2)]
            if all(norm.lookup_key(w) not in money and (
                    _small_count(w) or not (w[:1].isdigit() or _number_word(w)))
                   for w in between):
                return True         # "take one off", "take the honey out", "take 2 amlou off"
    return False


def _number_word(word: str) -> bool:
    """Is ``word`` a number, in words ("one", "jouj")?"""
    return any(p[0] == "num" for p in LEXICON.grammar.longest([norm.key_variants(word)], 0)[1])


def before_negation(text: str) -> str | None:
    """The words before a negation ("jouj machi wa7da" → "jouj", "2 pas 1" → "2"), or None
    when the message has none after its first word (a leading "la"/"non" is the answer)."""
    parts = _negation_parts(text)
    return parts[0] if parts else None


def after_negation(text: str) -> str | None:
    """The words after that negation ("jouj machi wa7da" → "wa7da"): what is taken back."""
    parts = _negation_parts(text)
    return parts[1] if parts else None


@lru_cache(maxsize=256)
def _negation_parts(text: str) -> tuple[str, str] | None:
    words = norm.tokens(text)
    variants = [norm.key_variants(w) for w in words]
    for i in range(1, len(words)):
        size, payloads = LEXICON.grammar.longest(variants, i)
        if size and ("marker", "neg") in payloads:
            return " ".join(words[:i]), " ".join(words[i + size:])
    return None


@lru_cache(maxsize=1)
def _dialogue() -> dict:
    data = datafiles.safe_load(DIALOGUE.read_text(encoding="utf-8")) or {}
    return {key: phrase_set(entry) for key, entry in data.items()}


@lru_cache(maxsize=1024)
def says(text: str, kind: str) -> bool:
    """Does ``text`` hold one of the ``intents/dialogue.yml`` phrases of ``kind``
    ("keep": khlliha; "later": ghadi nchouf, ok merci)?"""
    tokens = norm.tokens(text)
    keys = [norm.lookup_key(t) for t in tokens]
    phrases = _dialogue().get(kind, set())
    taken_back = _taken_back(keys, kind)
    said = [i for i in range(len(keys)) if i not in taken_back
            and (match(keys, i, phrases) or _glued_match(tokens, keys, i, phrases))]
    if said and kind in _NOT_IN_PRICES:
        prices = _price_words(tokens)
        said = [i for i in said if i not in prices]
    return bool(said) or (kind == "correction" and this_one_negated(text))


def this_one_negated(text: str) -> bool:
    """"not that one, the euphorbia", "machi hadak, daghmous", "ماشي هادي، الدغموس", "pas
    celui-là": a negation right before a word for the thing just said (``this_one`` in
    ``intents/keywords.yml``) takes it back, as "no" or "sorry" do (the euphorbia went in
    beside the thyme)."""
    words = norm.tokens(text)
    if not words:
        return False
    keys = [norm.lookup_key(w) for w in words]
    variants = [norm.key_variants(w) for w in words]
    for i in range(len(words)):
        length, payloads = LEXICON.grammar.longest(variants, i)
        if length and ("marker", "neg") in set(payloads):
            after = keys[i + length:i + length + 2]
            if any(" ".join(after[:n]) in LEXICON.this_one_keys for n in (1, 2)):
                return True
    return False


_GLUED_REST_MIN = 3


def _glued_match(tokens: list[str], keys: list[str], i: int, phrases) -> int:
    """Length of the phrase of ``phrases`` that the word at ``i`` opens once the "and" stuck
    to it is read apart ("وزيد واحد", "wzid 1": "and" + "add one"); 0 when none. A word the
    lexicon reads as another word stays whole, and so does one of two letters after "and"
    ("ولا" is "or", not "and no")."""
    if (rest := glued_and_rest(tokens[i])) is None or len(rest) < _GLUED_REST_MIN or (
            keys[i] in LEXICON.known_keys
            and any(kind != "marker" for kind, *_ in LEXICON.grammar.longest([(keys[i],)], 0)[1])):
        return 0
    return match([*keys[:i], norm.lookup_key(rest), *keys[i + 1:]], i, phrases)


def opens_with(text: str, kind: str) -> bool:
    """Does ``text`` start with one of the ``intents/dialogue.yml`` phrases of ``kind``?"""
    keys = [norm.lookup_key(t) for t in norm.tokens(text)]
    return bool(match(keys, 0, _dialogue().get(kind, set())))


#: kinds whose words may be part of a price word ("le plus cher", "more expensive": no
#: "more" said, the dearest one is)
_NOT_IN_PRICES = frozenset({"more", "also"})


@lru_cache(maxsize=1)
def _price_ranks() -> frozenset[str]:
    return frozenset(datafiles.load_intents("units.yml").get("prices") or ())


def _price_words(tokens: list[str]) -> frozenset[int]:
    """The words of a price word (``prices`` in ``intents/units.yml``)."""
    variants = [norm.key_variants(t) for t in tokens]
    out: set[int] = set()
    for i in range(len(tokens)):
        length, payloads = LEXICON.grammar.longest(variants, i)
        if length and any(p[0] == "size" and p[1] in _price_ranks() for p in payloads):
            out.update(range(i, i + length))
    return frozenset(out)


def _taken_back(keys: list[str], kind: str) -> frozenset[int]:
    """The words inside a ``not_<kind>`` phrase of ``intents/dialogue.yml`` ("no more",
    "nothing more", "rien de plus": no "more" said, the basket is done)."""
    phrases = _dialogue().get(f"not_{kind}")
    if not phrases:
        return frozenset()
    out: set[int] = set()
    for i in range(len(keys)):
        out.update(range(i, i + match(keys, i, phrases)))
    return frozenset(out)


def after_last(text: str, kind: str) -> str | None:
    """What ``text`` says after its last ``intents/dialogue.yml`` phrase of ``kind``, or None
    without one ("never mind, go ahead" → "" for ``changed_mind``: the change of mind is
    said last)."""
    words = norm.tokens(text)
    keys = [norm.lookup_key(t) for t in words]
    phrases = _dialogue().get(kind, set())
    end = None
    for i in range(len(keys)):
        n = match(keys, i, phrases) or _glued_match(words, keys, i, phrases)
        if n:
            end = i + n
    return None if end is None else " ".join(words[end:])


def count_swapped(text: str) -> float | None:
    """The count right after a replacing verb ("bdel jouj menhom b 5l": two of the line, "bdel
    wa7ed b 2l": one), None when no count follows one."""
    words = norm.tokens(text)
    for word, after in zip(words, words[1:], strict=False):
        if norm.lookup_key(word) in LEXICON.replace_keys:
            count = _count_of_word(after)
            return count if count is not None and (not after.isdigit() or 0 < count < 100) \
                else None
    return None


@lru_cache(maxsize=16)
def words_as_written(kind: str) -> frozenset[str]:
    """The one-word phrases of ``kind`` (``intents/dialogue.yml``) as written, normalised,
    not by their spelling key ("less" and the article "les" share one)."""
    data = datafiles.safe_load(DIALOGUE.read_text(encoding="utf-8")) or {}
    return frozenset(words[0] for forms in (data.get(kind) or {}).values()
                     for form in forms or [] for words in [norm.tokens(str(form))]
                     if len(words) == 1)


def phrase_starts(tokens: list[str], kind: str) -> dict[int, int]:
    """The indexes of ``tokens`` where a phrase of ``kind`` (``intents/dialogue.yml``) starts,
    with its length in tokens ("2 of them": {1: 2} for ``of_them``)."""
    phrases = _dialogue().get(kind, set())
    keys = [norm.lookup_key(t) for t in tokens]
    return {i: n for i in range(len(keys)) if (n := match(keys, i, phrases))}


def parts_said(text: str) -> bool:
    """``text`` tells a part of a count ("2 of them 1kg", "jouj menhom", "dont 2 en 1kg",
    "mettez-en 2 en 1kg")."""
    return says(text, "of_them") or says(text, "of_which") or _verb_of_them(text)


def _verb_of_them(text: str) -> bool:
    """"mettez-en 2 en 1kg", "faites-en deux d'euphorbe": a verb with "en" (of them,
    ``of_them_verbs``) right before a count that is no size ("mettez en 1kg": the whole
    line)."""
    tokens = norm.tokens(text)
    for at, n in phrase_starts(tokens, "of_them_verbs").items():
        k = at + n
        if k < len(tokens) and _small_count(tokens[k]) and not (
                k + 1 < len(tokens) and any(p[0] == "unit" for p in LEXICON.grammar.longest(
                    [norm.key_variants(tokens[k + 1])], 0)[1])):
            return True
    return False


def one_of_them(text: str) -> bool:
    """"bdel wa7ed menhom b ghassoul", "swap one of them for …", and "bdel wa7ed b ghassoul",
    "swap one for …": a "one" right after a replacing verb is its object, one of the line,
    not the count of the new product ("change it to one ghassoul")."""
    if says(text, "of_them"):
        return True
    words = norm.tokens(text)
    for word, after in zip(words, words[1:], strict=False):
        if norm.lookup_key(word) in LEXICON.replace_keys:
            length, payloads = LEXICON.grammar.longest([norm.key_variants(after)], 0)
            if length == 1 and ("num", 1.0) in payloads:
                return True
    return False


def without(text: str, kind: str) -> str:
    """``text`` without its ``intents/dialogue.yml`` phrases of ``kind`` ("dir 2 mn kol
    wa7da" → "dir 2" for ``each``: the "one" of the phrase is no count)."""
    words = norm.tokens(text)
    keys = [norm.lookup_key(t) for t in words]
    phrases = _dialogue().get(kind, set())
    out, i = [], 0
    while i < len(words):
        n = match(keys, i, phrases)
        if not n:
            out.append(words[i])
        i += n or 1
    return " ".join(out)


def leading_name(found: Details, text: str) -> bool:
    """Are the words before the address (``found.lead``) a person's name rather than a
    district? Two or three capitalised words opening the message, none a place, street or
    city word, right before a house number: "Nadia Alami 14 rue Ibn Sina" (the number opens
    the address; a district comes before its street word: "Sidi Maârouf rue 3")."""
    words = found.lead.split()
    if not 2 <= len(words) <= 3 or not text.lstrip().startswith(found.lead) \
            or not (found.address or "")[:1].isdigit():
        return False
    return all(w.isalpha() and w[:1].isupper() and name_word(w, key_of(w))
               and key_of(w) not in LEXICON.cities.keys and key_of(w) not in LEXICON.address_keys
               for w in words)


def split_at(text: str, kind: str) -> tuple[str, str] | None:
    """``text`` cut before its first ``intents/dialogue.yml`` phrase of ``kind``, without the
    conjunctions and commas that end the first part ("make it 2 and add 1 kg of figs" →
    ("make it 2", "add 1 kg of figs") for ``more``); None when no such phrase follows a word."""
    words = norm.tokens(text)
    keys = [norm.lookup_key(t) for t in words]
    phrases = _dialogue().get(kind, set())
    taken_back = _taken_back(keys, kind)
    at = next((i for i in range(1, len(keys)) if match(keys, i, phrases) and i not in taken_back),
              None)
    if at is None:
        return None
    end = at
    while end > 0 and (words[end - 1] in PUNCT or words[end - 1] == norm.SEPARATOR
                       or is_conj(keys[end - 1])):
        end -= 1
    return (" ".join(words[:end]), " ".join(words[at:])) if end else None


def split_at_joint(text: str, kind: str) -> tuple[str, str] | None:
    """:func:`split_at`, else ``text`` cut at its first conjunction after a word ("make that 2
    and a rhassoul" → ("make that 2", "a rhassoul")); a conjunction opening the second part
    is left out ("make that 2 plus a rhassoul": "a rhassoul", its article a count)."""
    parts = split_at(text, kind)
    words = norm.tokens(text)
    keys = [norm.lookup_key(t) for t in words]
    if parts is None:
        at = next((i for i in range(1, len(keys) - 1) if is_conj(keys[i])), None)
        if at is None:
            return None
        parts = (" ".join(words[:at]), " ".join(words[at:]))
    head, tail = parts
    rest = norm.tokens(tail)
    while rest and (is_conj(norm.lookup_key(rest[0])) or rest[0] in PUNCT):
        rest = rest[1:]
    return (head, " ".join(rest)) if head and rest else None


def numbered_pick(text: str) -> bool:
    """"raqm 3", "numéro 2", "رقم 4": a number word before a number picks from a list (or is
    part of an address), it never asks for a person."""
    tokens = TOKEN_RE.findall(text or "")
    keys = [key_of(t) for t in tokens]
    return any(match(keys, i, cue_tables()["number_words"]) and i + 1 < len(tokens)
               and tokens[i + 1][:1].isdigit() for i in range(len(tokens)))


def has_unknown_word(text: str) -> bool:
    """Does ``text`` hold a word the lexicon does not know (a place or a person's name)?"""
    tokens = [t for t in TOKEN_RE.findall(text or "") if t not in PUNCT]
    return any(name_word(t, key_of(t)) and not is_title(key_of(t)) for t in tokens)


@lru_cache(maxsize=1)
def courtesy_keys() -> frozenset[str]:
    titles = details_data().get("titles") or {}
    return frozenset(norm.normalise(str(f)) for lang in ("fr", "en")
                     for f in titles.get(lang) or [])


_TITLE_STOP = re.compile(r"(?<![\w.])([^\W\d_]{1,5})\.(?=\s+([^\W\d_]))")


def without_title_stops(text: str) -> str:
    """``text`` without the full stop of an abbreviated French or English courtesy title
    before a word ("my name is Mr. David Lee" → "Mr David Lee", "Mme. Alaoui"): it ends no
    sentence (the message was cut there and "Mr" taken for the name)."""
    def plain(m: re.Match[str]) -> str:
        title, after = m.group(1), m.group(2)
        if norm.normalise(title) in courtesy_keys() and (len(title) > 1 or after.isupper()):
            return title                  # ("M. Dupont"; not the "m." of "200 m. merci")
        return m.group(0)
    return _TITLE_STOP.sub(plain, text)


def strip_courtesy(name: str) -> str:
    """"Mme Latifa Chraibi" → "Latifa Chraibi" (a French or English courtesy title is no
    part of the name; "Lalla Zahra", "Si Mohamed" keep theirs)."""
    words = name.split()
    while len(words) > 1 and norm.normalise(words[0]).rstrip(".") in courtesy_keys():
        words = words[1:]
    return " ".join(words)




_WORD_EDGES = "\"'.,;:!?()،؛؟…"


@lru_cache(maxsize=1024)
def delivery_day(text: str) -> tuple[str, str, bool] | None:
    """A day said for the delivery ("nhar jem3a", "ghedda", "vendredi", "on friday", "يوم
    الجمعة"): ``(the day as written, the text without it nor a delivery word leading it
    ("delivery on friday"), whether a bound, "for" or a delivery word leads it)``, or None.
    A day word that is also a count ("tnin": two, Monday) only after a day word ("nhar
    tnin"); a bound or "for" before it is kept ("until Friday", "qbel jem3a", "pour demain").
    The words are those of ``intents/numbers.yml`` (days, day_before, time_until,
    time_before, day_for, day_parts, day_part_links, day_delivery_words, day_leads)."""
    if not text:
        return None
    days = LEXICON.not_quantity.get("days", set())
    before = LEXICON.not_quantity.get("day_before", set())
    bounds = LEXICON.not_quantity.get("time_until", set()) | LEXICON.not_quantity.get(
        "time_before", set()) | LEXICON.not_quantity.get("day_for", set())  # "until Friday"
    parts = LEXICON.not_quantity.get("day_parts", set())
    links = LEXICON.not_quantity.get("day_part_links", set())
    delivery = LEXICON.not_quantity.get("day_delivery_words", set())
    leads = delivery | LEXICON.not_quantity.get("day_leads", set())
    words = text.split()
    keys = [norm.lookup_key(norm.normalise(w.strip(_WORD_EDGES))) for w in words]
    for i, key in enumerate(keys):
        if key not in days:
            continue
        led = i > 0 and keys[i - 1] in before
        if key in LEXICON.grammar.keys and not led:
            continue                        # "tnin" alone: two
        start = i - 1 if led else i
        bound = start > 0 and keys[start - 1] in bounds
        start -= bound
        end = i + 1                             # "ghedda f sba7", "tomorrow morning"
        for step in (1, 2, 3):
            if end + step <= len(keys) and keys[end + step - 1] in parts \
                    and all(k in links for k in keys[end:end + step - 1]):
                end += step
                break
        said = " ".join(w.strip(_WORD_EDGES) for w in words[start:end])
        cut = start             # "…, talborjt 5, delivery on friday": no "delivery on" left
        while cut > 0 and keys[cut - 1] in leads:
            cut -= 1
        article = cut           # "rue 5 le vendredi": "rue 5", the day's "le" with it
        while cut < start and keys[cut] not in delivery:
            cut += 1            # a delivery word from where it stands on
        led = cut < start       # a delivery word leads the day: the delivery's, as a bound
        return said, " ".join(words[:cut if led else article] + words[end:]).strip(" ,،"), \
            bound or led
    return None
