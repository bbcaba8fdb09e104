"""Sweep every catalog row with generated orders: ``python -m bot.evals.catalog_sweep``.

For each row of each catalog the project has (the cooperatives of ``coops/`` and of
``tests/data/conversations/coops.yml``, and any other ``tests/data/catalog_*.csv``), orders are
written the way customers name a product: its sheet name, its aliases, its name without the
size, and that name or alias with the size in the customers' formats ("250g", "250 gr", "نص
كيلو", "½ kg"), the name with a letter dropped, a count of kilos or litres ("jouj kilo …"),
and each row with the next in one message ("2 X w 1 Y"); counts in digits, Eastern Arabic
digits and words of each language, or none; in each language's templates
(``tests/data/sweep.yml``; numbers, units and "and" from ``intents/``). Nothing is written
per product. Each message is parsed by :func:`bot.nlu.parse` against its catalog and scored:

* ``exact``: the right product and count;
* ``asked``: the parser asks which one, among options holding a product the words fit
  (acceptable when they fit several: a name without its size, several sizes);
* ``missed``: nothing understood, or a question among other products only;
* ``WRONG``: another product, another count or an extra line, with no question; a single
  product picked when the words fit several ("Miel de thym" with two sizes) is a guess, and
  counted as WRONG too.

Prints the figures per catalog, per language and overall, then the WRONG messages grouped by
cause (``--show N`` examples per cause; ``--missed`` lists the missed ones the same way).
"""

from __future__ import annotations

import argparse
import itertools
import multiprocessing
import os
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .. import datafiles, nlu
from ..catalog import read_csv
from ..coops import load_coop_file, parse_coop

ROOT = datafiles.ROOT
TEMPLATES = ROOT / "tests" / "data" / "sweep.yml"
CORPUS_COOPS = ROOT / "tests" / "data" / "conversations" / "coops.yml"
LANGS = ("ary-Arab", "ary-Latn", "fr", "en", "mix")
OUTCOMES = ("exact", "asked", "missed", "WRONG")
# the catalog's unit → the unit of intents/units.yml whose words write it
_UNIT_FAMILY = {"g": "g", "kg": "kg", "ml": "ml", "l": "l"}
_FIGURE_RE = re.compile(r"^(\d+(?:[.,]\d+)?)(\D*)$")
_EDGE_PUNCT = "()[]{},;:.-–/"


@dataclass(frozen=True)
class Probe:
    """One generated order: the words, what they fit, the count asked for."""

    catalog: str
    lang: str
    text: str
    fits: frozenset[str]     # the SKUs the product words name ("Miel de thym": both sizes)
    target: str              # the row it was generated from
    count: int
    naming: str              # full, base, sized, alias, alias+sized, typo, by the unit
    count_form: str          # digits or words
    size_form: str = ""      # glued, spaced, fraction, symbol, other-unit ("" without size)
    # other lines that are the same parcel ("2 kilo": one jar of 2 kg as well as two of 1 kg)
    also: frozenset[tuple[str, int]] = frozenset()
    # a second product in the same message ("2 X w 1 Y"): what its words fit, its count
    then: frozenset[str] = frozenset()
    then_count: int = 0


@dataclass(frozen=True)
class Score:
    outcome: str
    cause: str = ""
    got: str = ""


# --- data -------------------------------------------------------------------------------

def load_catalogs(root: Path = ROOT) -> dict[str, list[dict]]:
    """Every catalog of the project, by name: the cooperatives of ``coops/``, those of the
    conversation corpus, and any other ``tests/data/catalog_*.csv``."""
    out: dict[str, list[dict]] = {}
    seen: set[Path] = set()
    for coop_file in sorted((root / "coops").glob("*/coop.yml")):
        out[coop_file.parent.name] = load_coop_file(coop_file)["products"]
        seen.add((coop_file.parent / "catalog.csv").resolve())
    corpus = root / "tests" / "data" / "conversations"
    specs = datafiles.safe_load((corpus / "coops.yml").read_text(encoding="utf-8")) or {}
    for key, spec in specs.items():
        if "file" in spec:
            path = (corpus / spec["file"]).resolve()
            if path.parent / "catalog.csv" in seen:
                continue
            products = load_coop_file(path)["products"]
        else:
            seen.add((corpus / spec["catalog"]).resolve())
            products = parse_coop(dict(spec), corpus, f"coops.yml:{key}")["products"]
        out.setdefault(key, products)
    for path in sorted((root / "tests" / "data").glob("catalog_*.csv")):
        if path.resolve() not in seen:
            out[path.stem.removeprefix("catalog_")] = read_csv(path)
    return out


@dataclass
class Words:
    """What the generator takes from ``intents/`` and ``tests/data/sweep.yml``."""

    templates: dict[str, list[str]]
    size_frames: dict[str, list[str]]
    size_formats: list[str]
    fraction_formats: list[str]
    fraction_symbols: dict[float, str]
    counts: list[int]
    numbers: dict[int, dict[str, list[str]]]     # value → lang → forms
    fractions: dict[float, dict[str, list[str]]]
    units: dict[str, dict[str, list[str]]]       # unit → lang → forms
    unit_words: frozenset[str]                   # every unit word, folded, to cut sizes off
    fraction_words: frozenset[str]
    mix_numbers: list[str]
    conj: dict[str, str]                         # lang → its first "and" (keywords.yml)
    bare_templates: dict[str, list[str]]
    measure_templates: dict[str, list[str]]
    eastern_digits: list[str]


def load_words(templates: Path = TEMPLATES) -> Words:
    spec = datafiles.safe_load(templates.read_text(encoding="utf-8"))
    numbers = datafiles.safe_load(datafiles.intents_path("numbers.yml").read_text("utf-8"))
    units = datafiles.safe_load(datafiles.intents_path("units.yml").read_text("utf-8"))
    sheet = datafiles.safe_load(datafiles.intents_path("catalog.yml").read_text("utf-8"))
    keywords = datafiles.safe_load(datafiles.intents_path("keywords.yml").read_text("utf-8"))
    unit_table = {u: {lang: [str(f) for f in forms] for lang, forms in entry.items()
                      if lang in LANGS}
                  for u, entry in units["units"].items()}
    unit_words = {_fold(f) for entry in unit_table.values() for forms in entry.values()
                  for f in forms}
    unit_words |= {_fold(u) for u in sheet["units"]}
    unit_words |= {_fold(str(f)) for forms in sheet["units"].values() for f in forms}
    fractions = {float(v): {lang: [str(f) for f in forms] for lang, forms in entry.items()}
                 for v, entry in numbers["fractions"].items()}
    return Words(
        templates={lang: list(t) for lang, t in spec["templates"].items()},
        size_frames={lang: list(t) for lang, t in spec["size_frames"].items()},
        size_formats=list(spec["size_formats"]),
        fraction_formats=list(spec["fraction_formats"]),
        fraction_symbols={float(k): str(v) for k, v in spec["fraction_symbols"].items()},
        counts=[int(n) for n in spec["counts"]],
        numbers={int(v): {lang: [str(f) for f in forms] for lang, forms in entry.items()}
                 for v, entry in numbers["numbers"].items()},
        fractions=fractions,
        units=unit_table,
        unit_words=frozenset(unit_words),
        fraction_words=frozenset(_fold(f) for entry in fractions.values()
                                 for forms in entry.values() for f in forms),
        mix_numbers=list(spec["mix_numbers"]),
        conj={lang: str(forms[0]) for lang, forms in keywords["markers"]["conj"].items()},
        bare_templates={lang: list(t) for lang, t in spec["bare_templates"].items()},
        measure_templates={lang: list(t) for lang, t in spec["measure_templates"].items()},
        eastern_digits=list(spec["eastern_digits"]),
    )


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text).casefold())
    return "".join(c for c in text if not unicodedata.combining(c)).strip()


# --- names ------------------------------------------------------------------------------

def base_name(name: str, words: Words) -> str:
    """A sheet name without its size: "Miel de thym 500g" → "Miel de thym", "Jben de vache
    500 gr" → "Jben de vache", "الحلبة نص كيلو" → "الحلبة", "الكامون كيلو" → "الكامون"."""
    tokens = name.split()
    keep: list[str] = []
    i = 0
    while i < len(tokens):
        bare = _fold(tokens[i].strip(_EDGE_PUNCT))
        after = _fold(tokens[i + 1].strip(_EDGE_PUNCT)) if i + 1 < len(tokens) else ""
        figure = _FIGURE_RE.match(bare)
        if figure and figure.group(2) and figure.group(2) in words.unit_words:
            i += 1                                              # "500g", "1كلغ"
            continue
        if (figure and not figure.group(2) or bare in words.fraction_words) \
                and after in words.unit_words:
            i += 2                                              # "500 gr", "نص كيلو"
            continue
        if i and i == len(tokens) - 1 and bare in words.unit_words and not figure:
            i += 1                                              # "الكامون كيلو": a kilo
            continue
        keep.append(tokens[i])
        i += 1
    return " ".join(keep).strip(" -–,")


TYPO_MIN_LETTERS = 5


def misspelt(name: str) -> str | None:
    """The name with a letter dropped from the middle of its longest word ("Miel de thm",
    "Amlou aux amndes"), as customers type them; None when no word is long enough."""
    tokens = name.split()
    lengths = [len(t) if t.isalpha() else 0 for t in tokens]
    if not lengths or max(lengths) < TYPO_MIN_LETTERS:
        return None
    i = lengths.index(max(lengths))
    word = tokens[i]
    tokens[i] = word[:len(word) // 2] + word[len(word) // 2 + 1:]
    return " ".join(tokens)


def _figure(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def size_forms(product: dict, lang: str, words: Words) -> list[tuple[str, str]]:
    """``(kind, text)``: the ways a customer writes this product's size in ``lang``."""
    unit = _UNIT_FAMILY.get(str(product.get("unit") or ""))
    try:
        size = float(product.get("size") or 0)
    except (TypeError, ValueError):
        return []
    if unit is None or size <= 0:
        return []
    label = unit.upper() if unit == "l" else unit
    out: list[tuple[str, str]] = [("label", f"{_figure(size)}{label}")]
    langs = words.mix_numbers if lang == "mix" else [lang]
    unit_forms = [f for lg in langs for f in words.units[unit].get(lg, [])]
    for position, form in enumerate(unit_forms[:3]):
        fmt = words.size_formats[position % len(words.size_formats)]
        out.append(("glued" if "{v}{u}" in fmt else "spaced",
                    fmt.format(v=_figure(size), u=form)))
    # the same measure in the other unit: 1000 g is a kilo, 0.5 kg is 500 g
    big = {"g": "kg", "ml": "l"}.get(unit)
    small = {"kg": "g", "l": "ml"}.get(unit)
    if big and size >= 1000 and (size / 1000).is_integer():
        for form in [f for lg in langs for f in words.units[big].get(lg, [])][:1]:
            out.append(("other-unit", f"{_figure(size / 1000)} {form}"))
    if small:
        for form in [f for lg in langs for f in words.units[small].get(lg, [])][:1]:
            out.append(("other-unit", f"{_figure(size * 1000)} {form}"))
    whole = size / 1000 if big else size
    whole_unit = big or unit
    for value, forms in words.fractions.items():
        if abs(whole - value) > 1e-9:
            continue
        unit_words = [f for lg in langs for f in words.units[whole_unit].get(lg, [])][:2]
        fraction_words = [f for lg in langs for f in forms.get(lg, [])][:2]
        for position, (f, u) in enumerate(zip(fraction_words, unit_words * 2, strict=False)):
            fmt = words.fraction_formats[position % len(words.fraction_formats)]
            out.append(("fraction", fmt.format(f=f, u=u)))
        symbol = words.fraction_symbols.get(value)
        if symbol and unit_words:
            out.append(("symbol", f"{symbol} {unit_words[0]}"))
    unique: dict[str, str] = {}
    for kind, text in out:
        unique.setdefault(text, kind)
    return [(kind, text) for text, kind in unique.items()]


def _measure(product: dict) -> float | None:
    factor = {"g": 1, "kg": 1000, "ml": 1, "l": 1000}.get(str(product.get("unit") or ""))
    try:
        size = float(product.get("size") or 0)
    except (TypeError, ValueError):
        return None
    return size * factor if factor and size > 0 else None


# --- generation -------------------------------------------------------------------------

def _count_words(n: int, lang: str, words: Words) -> list[str]:
    langs = words.mix_numbers if lang == "mix" else [lang]
    return [f for lg in langs for f in words.numbers.get(n, {}).get(lg, [])]


_EASTERN = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _spelled_counts(n: int, lang: str, words: Words, turn: Counter) -> list[tuple[str, str]]:
    """``(form, text)``: a count in digits, in words (the forms of intents/numbers.yml in
    turn) and, where customers write them, in Eastern Arabic digits."""
    spelled = [("digits", str(n))]
    forms = _count_words(n, lang, words)
    if forms:
        spelled.append(("words", forms[turn[f"n{n}{lang}"] % len(forms)]))
        turn[f"n{n}{lang}"] += 1
    if lang in words.eastern_digits:
        spelled.append(("eastern digits", str(n).translate(_EASTERN)))
    return spelled


def probes(key: str, products: list[dict], words: Words) -> list[Probe]:
    """Every generated order for one catalog, one per distinct text."""
    bases = {p["sku"]: base_name(str(p["name"]), words) for p in products}
    group: dict[str, set[str]] = defaultdict(set)
    for p in products:
        group[_fold(bases[p["sku"]])].add(p["sku"])
    by_name: dict[str, set[str]] = defaultdict(set)
    by_alias: dict[str, set[str]] = defaultdict(set)
    for p in products:
        by_name[_fold(p["name"])].add(p["sku"])
        for alias in p.get("aliases") or []:
            by_alias[_fold(alias)].add(p["sku"])
    measure = {p["sku"]: _measure(p) for p in products}
    out: dict[str, Probe] = {}
    turn = Counter[str]()

    def sized(skus: set[str], sku: str) -> frozenset[str]:
        return frozenset(s for s in skus if measure[s] == measure[sku]) or frozenset({sku})

    for p in products:
        sku = p["sku"]
        mine = group[_fold(bases[sku])]
        namings: list[tuple[str, str, frozenset[str], str]] = [
            ("full", str(p["name"]), frozenset(by_name[_fold(p["name"])]), "")]
        base = bases[sku]
        if base and _fold(base) != _fold(p["name"]):
            namings.append(("base", base, frozenset(mine), ""))
        typo = misspelt(base or str(p["name"]))
        if typo:
            namings.append(("typo", typo, frozenset(mine), ""))
        aliases = [str(a) for a in p.get("aliases") or [] if str(a).strip()]
        for alias in aliases:
            namings.append(("alias", alias, frozenset(mine | by_alias[_fold(alias)]), ""))
        for lang in LANGS:
            lang_namings = list(namings)
            for kind, size in size_forms(p, lang, words):
                frames = words.size_frames[lang]
                for name_kind, name, fitting in [("sized", base, mine)] + [
                        ("alias+sized", a, mine | by_alias[_fold(a)]) for a in aliases
                        if _fold(base_name(a, words)) == _fold(a)]:
                    if not name:
                        continue
                    frame = frames[turn[f"frame{lang}"] % len(frames)]
                    turn[f"frame{lang}"] += 1
                    lang_namings.append((name_kind, frame.format(p=name, size=size),
                                         sized(fitting, sku), kind))
            for naming, text, fits, size_kind in lang_namings:
                for n in words.counts:
                    for count_form, count in _spelled_counts(n, lang, words, turn):
                        frames = words.templates[lang]
                        template = frames[turn[lang] % len(frames)]
                        turn[lang] += 1
                        message = template.format(n=count, p=text)
                        if message not in out:
                            out[message] = Probe(key, lang, message, fits, sku, n, naming,
                                                 count_form, size_kind)
                frames = words.bare_templates[lang]
                message = frames[turn[f"bare{lang}"] % len(frames)].format(p=text)
                turn[f"bare{lang}"] += 1
                if message not in out:
                    out[message] = Probe(key, lang, message, fits, sku, 1, naming, "none",
                                         size_kind)
            out.update((probe.text, probe) for probe in _by_the_unit(
                key, p, base or str(p["name"]), mine, measure, lang, words, turn)
                if probe.text not in out)
    out.update((probe.text, probe) for probe in _pairs(key, products, words, by_name)
               if probe.text not in out)
    return list(out.values())


def _pairs(key: str, products: list[dict], words: Words,
           by_name: dict[str, set[str]]) -> Iterator[Probe]:
    """Two rows in one message, by their sheet names ("bghit 2 X w 1 Y"): each row with the
    next one (sizes of one product side by side), counts in digits and in words."""
    turn = Counter[str]()
    for i, p in enumerate(products):
        q = products[(i + 1) % len(products)]
        if q is p:
            continue
        for lang in LANGS:
            conj = words.conj.get(lang) or words.conj[words.mix_numbers[0]]
            n, m = (2, 1) if i % 2 else (1, 3)
            for (form, first), (_form, second) in zip(
                    _spelled_counts(n, lang, words, turn),
                    _spelled_counts(m, lang, words, turn), strict=False):
                frames = words.templates[lang]
                template = frames[turn[lang] % len(frames)]
                turn[lang] += 1
                text = template.format(n=first, p=f"{p['name']} {conj} {second} {q['name']}")
                yield Probe(key, lang, text, frozenset(by_name[_fold(p["name"])]), p["sku"], n,
                            "pair", form, then=frozenset(by_name[_fold(q["name"])]),
                            then_count=m)


def _by_the_unit(key: str, product: dict, name: str, group: set[str],
                 measure: dict[str, float | None], lang: str, words: Words,
                 turn: Counter) -> Iterator[Probe]:
    """"bghit jouj kilo amlou", "3 litres d'huile d'olive": n of the one-kilo (one-litre)
    size, unless the group also sells a size of n kilos (then the words fit both)."""
    unit = _UNIT_FAMILY.get(str(product.get("unit") or ""))
    if unit not in ("kg", "l") or measure[product["sku"]] != 1000:
        return
    langs = words.mix_numbers if lang == "mix" else [lang]
    unit_forms = [f for lg in langs for f in words.units[unit].get(lg, [])]
    frames = words.measure_templates[lang]
    for n in words.counts:
        if n == 1:
            continue
        bigger = frozenset(s for s in group if measure[s] == 1000 * n)
        for count_form, count in _spelled_counts(n, lang, words, turn):
            frame = frames[turn[f"unit{lang}"] % len(frames)]
            form = unit_forms[turn[f"unit{lang}"] % len(unit_forms)]
            turn[f"unit{lang}"] += 1
            yield Probe(key, lang, frame.format(n=count, u=form, p=name),
                        bigger | {product["sku"]}, product["sku"], n, "by the unit",
                        count_form, "count of units",
                        frozenset({(product["sku"], n)} | {(s, 1) for s in bigger}))


# --- scoring ----------------------------------------------------------------------------

def score(probe: Probe, parsed: nlu.Parse) -> Score:
    """The outcome of one parsed probe (see the module's docstring)."""
    lines = [(i.sku, i.quantity) for i in parsed.items if i.op == "add"]
    got = " ".join(f"{s}x{q}" for s, q in lines)
    asks = [a for a in parsed.ambiguous if a.op == "add"]
    if asks:
        got += " ?" + "|".join(",".join(a.candidates) for a in asks)
    if probe.then:
        return _score_pair(probe, lines, asks, got)
    if len(lines) == 1 and lines[0] in probe.also and not asks:
        return Score("exact", "", got)
    if lines:
        wrong = [(s, q) for s, q in lines if s not in probe.fits]
        if wrong:
            cause = "extra line" if any(s in probe.fits for s, _ in lines) else "other product"
            return Score("WRONG", cause, got)
        if len(lines) > 1:
            return Score("WRONG", "extra line", got)
        if lines[0][1] not in (probe.count, None):
            return Score("WRONG", "count", got)
        if len(probe.fits) > 1 and not asks:
            return Score("WRONG", "guessed one of several", got)
        return Score("asked" if asks else "exact", "", got)
    for ask in asks:
        if probe.fits & set(ask.candidates):
            if ask.quantity not in (probe.count, None):
                return Score("WRONG", "count (asked)", got)
            return Score("asked", "", got)
    return Score("missed", "asked other products" if asks else "nothing", got)


def _score_pair(probe: Probe, lines: list, asks: list, got: str) -> Score:
    """Two products wanted: each line must be one of them with its count; each must be
    ordered or asked about."""
    wanted = [(probe.fits, probe.count), (probe.then, probe.then_count)]
    done = [0, 0]
    for sku, quantity in lines:
        at = next((k for k, (fits, _n) in enumerate(wanted) if sku in fits and not done[k]),
                  None)
        if at is None:
            other = any(sku in fits for fits, _n in wanted)
            return Score("WRONG", "extra line" if other else "other product", got)
        if quantity not in (wanted[at][1], None):
            return Score("WRONG", "count", got)
        done[at] = 1
    for ask in asks:
        at = next((k for k, (fits, _n) in enumerate(wanted)
                   if fits & set(ask.candidates) and not done[k]), None)
        if at is not None:
            if ask.quantity not in (wanted[at][1], None):
                return Score("WRONG", "count (asked)", got)
            done[at] = 2
    if 0 in done:
        return Score("missed", "one of two" if any(done) else "nothing", got)
    return Score("asked" if 2 in done else "exact", "", got)


def sweep_catalog(key: str, products: list[dict], words: Words) -> list[tuple[Probe, Score]]:
    """Generate, parse and score every probe of one catalog."""
    index = nlu.build_index(products)
    return [(probe, score(probe, nlu.parse(probe.text, index)))
            for probe in probes(key, products, words)]


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:          # not Linux
        return os.cpu_count() or 1


def run(catalogs: dict[str, list[dict]] | None = None,
        words: Words | None = None, jobs: int | None = None) -> list[tuple[Probe, Score]]:
    """Generate, parse and score every probe of every catalog, in catalog order.

    The catalogs are shared among ``jobs`` processes (default: one per core); each parses
    with its own index, so the results are those of one process, only sooner.
    """
    catalogs = load_catalogs() if catalogs is None else catalogs
    words = load_words() if words is None else words
    jobs = min(jobs or cores(), len(catalogs))
    if jobs <= 1:
        return [r for key, products in catalogs.items()
                for r in sweep_catalog(key, products, words)]
    keys = list(catalogs)
    # a fresh interpreter per worker (no fork of a process that may hold threads or locks)
    context = multiprocessing.get_context("forkserver" if os.name == "posix" else "spawn")
    with ProcessPoolExecutor(jobs, mp_context=context) as pool:
        parts = pool.map(sweep_catalog, keys, (catalogs[k] for k in keys),
                         itertools.repeat(words))
        return [r for part in parts for r in part]


# --- report -----------------------------------------------------------------------------

def tally(results: Iterable[tuple[Probe, Score]], by) -> dict[str, Counter]:
    table: dict[str, Counter] = defaultdict(Counter)
    for probe, result in results:
        table[by(probe)][result.outcome] += 1
        table["all"][result.outcome] += 1
    return table


def format_table(table: dict[str, Counter], title: str) -> str:
    rows = [f"{title:<22}{'messages':>9}" + "".join(f"{o:>9}" for o in OUTCOMES)]
    for key in sorted(k for k in table if k != "all") + ["all"]:
        counts = table[key]
        total = sum(counts.values())
        rows.append(f"{key:<22}{total:>9}" + "".join(
            f"{counts[o]:>9}" for o in OUTCOMES))
    return "\n".join(rows)


def cause_of(probe: Probe, result: Score) -> str:
    """A WRONG or missed message's cause pattern: what went wrong, on which naming."""
    how = f"{result.cause}: {probe.naming}"
    if probe.size_form:
        how += f" ({probe.size_form})"
    return f"{how}, count in {probe.count_form}"


def grouped(results: Iterable[tuple[Probe, Score]], outcome: str) -> dict[str, list]:
    groups: dict[str, list] = defaultdict(list)
    for probe, result in results:
        if result.outcome == outcome:
            groups[cause_of(probe, result)].append((probe, result))
    return dict(sorted(groups.items(), key=lambda kv: -len(kv[1])))


def report(results: list[tuple[Probe, Score]], show: int = 3,
           missed: bool = False) -> Iterator[str]:
    yield format_table(tally(results, lambda p: p.catalog), "catalog")
    yield ""
    yield format_table(tally(results, lambda p: p.lang), "language")
    for outcome in ("WRONG",) + (("missed",) if missed else ()):
        groups = grouped(results, outcome)
        yield f"\n{outcome} by cause ({sum(len(v) for v in groups.values())}):"
        for cause, items in groups.items():
            yield f"  {len(items):>5}  {cause}"
            for probe, result in items[:show]:
                yield (f"         [{probe.catalog}] {probe.text!r} → {result.got or '-'}"
                       f" (wanted {probe.count} of {'/'.join(sorted(probe.fits))})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.evals.catalog_sweep",
                                     description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--show", type=int, default=3, help="examples per cause")
    parser.add_argument("--missed", action="store_true", help="list the missed ones by cause")
    parser.add_argument("--catalog", help="sweep only this catalog")
    parser.add_argument("--jobs", type=int, default=0,
                        help="processes sharing the catalogs (default: one per core)")
    args = parser.parse_args(argv)
    catalogs = load_catalogs()
    if args.catalog:
        if args.catalog not in catalogs:
            parser.error(f"no catalog {args.catalog!r}; there are: {', '.join(catalogs)}")
        catalogs = {args.catalog: catalogs[args.catalog]}
    for line in report(run(catalogs, jobs=args.jobs or None), args.show, args.missed):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
