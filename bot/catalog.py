"""Catalog files: reading and validating a cooperative's product list.

A catalog is a list of plain product dicts::

    {"sku": "MIEL-THYM-1KG", "name": "Miel de thym 1kg", "price": 220.0,
     "unit": "kg", "size": 1.0, "aliases": ["l3sel zaatar"], "in_stock": True}

CSV columns (UTF-8, header row): ``sku,name,price,unit,size,aliases``; ``aliases``
is optional and separated by ``|``. An optional ``short_name`` column gives the name member
alerts use on basic phones (at most ``SHORT_NAME_MAX`` characters, with the size: "Argan cosm.
100ml"); without one, alerts write the whole name, over two lines if it is long. An optional
``in_stock`` column accepts ``1/0``, ``yes/no``, ``true/false``, ``oui/non`` (the words, and the
unit spellings, are in ``intents/catalog.yml``). An optional ``photo`` column names a JPEG, PNG or
WebP file relative to the cooperative's folder (``photos/amlou.jpg``), or is empty; a file
that is missing, or a path leaving that folder, is an error on its line.

Validation never half-imports: :func:`read_csv` either returns every row or
raises :class:`CatalogError` listing each bad line.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from pathlib import Path

from . import datafiles

UNITS = ("g", "kg", "ml", "l", "piece")
SHORT_NAME_MAX = 28             # one line of a member alert on a basic phone
REQUIRED_COLUMNS = ("sku", "name", "price", "unit", "size")
WORDS_FILE = datafiles.intents_path("catalog.yml")
_SKU_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
#: Beyond these a number is a typo (or ``inf``, ``1e308``): the totals would overflow.
MAX_PRICE = 1_000_000                # MAD per item
MAX_SIZE = 1_000_000                 # of the unit in one item (a ton in g)


@functools.lru_cache(maxsize=1)
def words() -> dict:
    """``intents/catalog.yml`` read for lookups: unit aliases, the container words (a row
    sold by the item), the currency suffix pattern and the in-stock words
    (``{"unit_aliases", "containers", "counted_units", "scaled_units", "currency_re",
    "available", "unavailable"}``)."""
    data = datafiles.safe_load(WORDS_FILE.read_text(encoding="utf-8"))
    aliases = {unit: unit for unit in UNITS}
    for unit, forms in data["units"].items():
        aliases.update({str(form).lower(): unit for form in forms})
    counted = {str(form).lower() for form in data.get("counted_containers") or ()}
    containers = {str(form).lower() for form in data.get("containers") or ()} - counted
    aliases.update({form: "piece" for form in containers | counted})
    pieces = {str(form).lower(): int(count)
              for count, forms in (data.get("counted_units") or {}).items() for form in forms}
    aliases.update({form: "piece" for form in pieces})
    scaled = {str(form).lower(): (str(unit), float(factor))
              for unit, factors in (data.get("scaled_units") or {}).items()
              for factor, forms in factors.items() for form in forms}
    aliases.update({form: unit for form, (unit, _factor) in scaled.items()})
    currency = "|".join(sorted((re.escape(str(c)) for c in data["currency"]), key=len,
                               reverse=True))
    stock = data["in_stock"]
    return {"unit_aliases": aliases, "containers": containers, "counted_units": pieces,
            "scaled_units": scaled,
            "currency_re": re.compile(rf"(?i)\s*({currency})\s*$"),
            "available": {str(w).lower() for w in stock["available"]},
            "unavailable": {str(w).lower() for w in stock["unavailable"]}}


class CatalogError(ValueError):
    """A catalog file or product list that cannot be imported.

    ``errors`` holds ``(line_number, message)`` pairs; line numbers are the
    physical CSV lines (the header is line 1).
    """

    def __init__(self, errors: list[tuple[int, str]], source: str = "catalog"):
        self.errors = errors
        self.source = source
        lines = "; ".join(f"line {n}: {msg}" if n else msg for n, msg in errors[:20])
        more = f" (and {len(errors) - 20} more)" if len(errors) > 20 else ""
        super().__init__(f"{source}: {lines}{more}")


def _number(text: str) -> float:
    # Excel in French locales writes 1,5 and sometimes "120 DH".
    cleaned = words()["currency_re"].sub("", text.strip()).replace(" ", "")
    return float(cleaned.replace(",", "."))


def normalise_unit(raw: str) -> str | None:
    unit = raw.strip().lower()
    return words()["unit_aliases"].get(unit)


def validate_product(
    row: dict, line: int | None = None,
) -> tuple[dict | None, list[tuple[int, str]]]:
    """Check one raw row; return ``(product, errors)``."""
    where = line or 0
    errors: list[tuple[int, str]] = []
    sku = (row.get("sku") or "").strip()
    name = " ".join((row.get("name") or "").split())
    if not sku:
        errors.append((where, "sku is empty"))
    elif not _SKU_RE.match(sku):
        errors.append((where, f"sku {sku!r} may only use letters, digits, '.', '_' and '-'"))
    if not name:
        errors.append((where, "name is empty"))
    price = size = None
    try:
        price = _number(str(row.get("price", "")))
        if not 0 <= price <= MAX_PRICE:           # also refuses nan and inf
            raise ValueError
    except ValueError:
        errors.append((where, f"price {row.get('price')!r} is not a number of MAD between 0 "
                              f"and {MAX_PRICE:,}".replace(",", " ")))
    unit = normalise_unit(str(row.get("unit") or ""))
    if unit is None:
        errors.append((where, f"unit {row.get('unit')!r} must be one of {', '.join(UNITS)}"))
    raw_size = str(row.get("size") or "").strip()
    if str(row.get("unit") or "").strip().lower() in words()["containers"]:
        raw_size = ""                  # "boite, 250": one box (of 250 g, as its name says),
        #                                but "lot, 6": six pieces (``counted_containers``)
    cell = " ".join(str(row.get("unit") or "").lower().split())
    scaled = words()["scaled_units"].get(cell)
    try:
        size = _number(raw_size) if raw_size else (1.0 if unit == "piece" else None)
        if size is not None and scaled:     # "cl, 25": 250 ml
            size = round(size * scaled[1], 6)
        if size is None or not 0 < size <= MAX_SIZE:
            raise ValueError
    except ValueError:
        errors.append((where, f"size {row.get('size')!r} must be a number greater than 0 and "
                              f"at most {MAX_SIZE:,}".replace(",", " ")))
    counted = words()["counted_units"].get(cell)
    if counted and size:                # "douzaine, 2": a pack of 24 pieces; "douzaine, 1"
        if size == 1 and not any(w.lower() in words()["counted_units"] for w in name.split()):
            name = f"{name} ({cell})"   # says it in its name (a count in it would be read)
        size = counted * size
    raw_aliases = row.get("aliases") or ""
    if isinstance(raw_aliases, str):
        aliases = [a.strip() for a in raw_aliases.split("|") if a.strip()]
    else:
        aliases = [str(a).strip() for a in raw_aliases if str(a).strip()]
    short_name = " ".join(str(row.get("short_name") or "").split())
    if len(short_name) > SHORT_NAME_MAX:
        errors.append((where, f"short_name {short_name!r} is longer than {SHORT_NAME_MAX} "
                              "characters"))
    photo = str(row.get("photo_path") or row.get("photo") or "").strip()
    if photo and not _safe_photo_path(photo):
        errors.append((where, f"photo {photo!r} must be a file name inside the cooperative's "
                              "folder (like photos/amlou.jpg)"))
    stock = row.get("in_stock", True)
    if isinstance(stock, str):
        s = stock.strip().lower()
        if s in words()["available"]:
            stock = True
        elif s in words()["unavailable"]:
            stock = False
        else:
            errors.append((where, f"in_stock {stock!r} must be yes or no"))
    if errors:
        return None, errors
    assert price is not None                      # a missing or bad price is an error above
    return {
        "sku": sku,
        "name": _sized_name(name, unit, size),
        "price": round(price, 2),
        "unit": unit,
        "size": size,
        "aliases": aliases,
        "in_stock": bool(stock),
        **({"short_name": short_name} if short_name else {}),
        **({"photo_path": photo} if photo else {}),
    }, []


def _sized_name(name: str, unit: str | None, size: float | None) -> str:
    """The name with its size when the sheet gives the size in its own column only
    ("Miel de thym", 500, g → "Miel de thym 500g"): three rows named "Miel de thym" read
    alike in a list, in the cart and in the members' alert, and a wrong jar was packed."""
    if unit in (None, "piece") or size is None or re.search(r"\d", name) \
            or any(normalise_unit(word) not in (None, "piece") for word in name.split()):
        return name                      # "Miel 1kg", "الحلبة نص كيلو", a soap by the piece
    return f"{name} {size_label({'size': size, 'unit': unit})}"


_PHOTO_PATH_RE = re.compile(r"^[A-Za-z0-9._ -]+(/[A-Za-z0-9._ -]+)*$")


def _safe_photo_path(path: str) -> bool:
    """A relative path with plain names, none of them ``..`` (nor ``\\``, ``:``, ``~``)."""
    return len(path) <= 200 and bool(_PHOTO_PATH_RE.match(path)) \
        and all(part not in ("", ".", "..") for part in path.split("/"))


def find_photos(products: list[dict], lines: dict[str, int], base_dir: Path | None,
                source: str = "catalog") -> None:
    """Point each product's ``photo_path`` at its file in ``base_dir`` (``photo_file``), or
    raise :class:`CatalogError` naming the lines whose file is missing."""
    errors = []
    root = base_dir.resolve() if base_dir else None
    for p in products:
        path = p.get("photo_path")
        if not path:
            continue
        line = lines.get(p["sku"], 0)
        if root is None:
            errors.append((line, f"photo {path!r}: this cooperative has no folder to find it in"))
            continue
        file = (root / path).resolve()
        if not file.is_relative_to(root) or not file.is_file():
            errors.append((line, f"photo {path!r}: no such file in the cooperative's folder"))
        else:
            p["photo_file"], p["line"] = str(file), line
    if errors:
        raise CatalogError(errors, source)


def validate_products(rows: list[tuple[int, dict]], source: str = "catalog") -> list[dict]:
    """Validate ``(line, row)`` pairs as one catalog; raise on any error."""
    products: list[dict] = []
    errors: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        product, errs = validate_product(row, line)
        errors.extend(errs)
        if product:
            key = product["sku"].upper()
            if key in seen:
                errors.append((line, f"sku {product['sku']!r} already used on line {seen[key]}"))
            else:
                seen[key] = line
                products.append(product)
    if not rows:
        errors.append((0, "the catalog has no products"))
    if errors:
        raise CatalogError(errors, source)
    return products


def parse_csv_text(text: str, source: str = "catalog", base_dir: Path | None = None,
                   check_photos: bool = True) -> list[dict]:
    """Parse CSV text (header row first) into validated products; the ``photo`` files are
    looked for in ``base_dir`` (the cooperative's folder) unless ``check_photos`` is false."""
    text = text.lstrip("\ufeff")  # Excel's UTF-8 BOM
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise CatalogError([(1, f"missing column(s): {', '.join(missing)}")], source)
    reader.fieldnames = header
    rows = []
    for row in reader:
        if None in row:  # more cells than header columns
            raise CatalogError([(reader.line_num, "more cells than header columns")], source)
        if not any((v or "").strip() for v in row.values()):
            continue  # blank line at the end of an Excel export
        rows.append((reader.line_num, row))
    products = validate_products(rows, source)
    if check_photos:
        find_photos(products, {(r.get("sku") or "").strip(): n for n, r in rows}, base_dir,
                    source)
    return products


def read_csv(path: str | Path) -> list[dict]:
    """Read and validate a catalog CSV file."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogError([(0, f"not UTF-8 ({exc.reason}); save it as 'CSV UTF-8' from Excel")],
                           str(path)) from None
    return parse_csv_text(text, str(path), path.parent)


def size_label(product: dict) -> str:
    """``1kg``, ``500g``, ``250ml``… as written on a label."""
    size, unit = product["size"], product["unit"]
    if unit == "piece":
        return ""
    amount = int(size) if float(size).is_integer() else size
    return f"{amount}{unit}"
