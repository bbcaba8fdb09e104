"""The dashboard's order export as a CSV file that Excel opens as it is on a French-locale
Windows: UTF-8 with a byte-order mark (else Excel reads ANSI and breaks "Fès" and Arabic
names), ``;`` between cells (a French Excel's list separator), decimal commas (``440,00``),
CRLF line ends, Morocco's time (``29/11/2026 21:30``).

A cell that Excel or LibreOffice would read as a formula (starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return: a customer can type ``=HYPERLINK(…)`` as their name) is
written with a leading apostrophe, so it stays text (OWASP's advice for CSV injection). The
first character is judged after any leading spaces or invisible characters (a spreadsheet may
trim them: `` =1+1``, ``\u200b=1+1``) and in its compatibility form (the full-width ``＝``
some input methods type is ``=``). Only text cells are neutralised; the amounts are ours.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime

from .members import MOROCCO

BOM = "\ufeff"
DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")

#: Columns: (header text key, how to read the cell from an order).
COLUMNS = ("col_order", "col_date", "col_coop", "col_status", "col_customer", "col_phone",
           "col_city", "address", "lines", "subtotal", "delivery", "col_total", "courier",
           "tracking")


def safe_text(value) -> str:
    """A text cell that a spreadsheet never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if _first_visible(text).startswith(DANGEROUS_START) else text


def _first_visible(text: str) -> str:
    """The first character a spreadsheet may read a formula from: past spaces, controls and
    format characters (zero-width, bidi marks), in its NFKC form; a tab or CR kept as is."""
    for ch in text:
        if ch in "\t\r":
            return ch
        if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf"):
            continue
        return unicodedata.normalize("NFKC", ch)
    return ""


def decimal_comma(value) -> str:
    """``440.0`` → ``440,00``: a number a French Excel reads as a number."""
    return f"{float(value or 0):.2f}".replace(".", ",")


def local_time(value: str | None) -> str:
    if not value:
        return ""
    return datetime.fromisoformat(value).astimezone(MOROCCO).strftime("%d/%m/%Y %H:%M")


def _row(order: dict, status_label: Callable[[str], str]) -> list[str]:
    lines = " | ".join(f"{line['quantity']} × {line['name']}" for line in order["lines"])
    texts = [order["number"], local_time(order["created_at"]), order.get("coop_name"),
             status_label(order["status"]), order.get("customer_name"), order.get("phone"),
             order.get("city"), order.get("address"), lines]
    amounts = [order.get("subtotal"), order.get("delivery_fee"), order.get("total")]
    tail = [order.get("courier"), order.get("tracking")]
    return ([safe_text(v) for v in texts] + [decimal_comma(v) for v in amounts]
            + [safe_text(v) for v in tail])


def orders_csv(orders: Iterable[dict], headers: list[str],
               status_label: Callable[[str], str]) -> Iterator[str]:
    """The CSV text, a row at a time (streamed to the browser)."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([safe_text(h) for h in headers])
    yield BOM + buf.getvalue()
    for order in orders:
        buf.seek(0)
        buf.truncate()
        writer.writerow(_row(order, status_label))
        yield buf.getvalue()
