"""Delivery slips as PDF: one order per page, on a 100 × 150 mm label or an A4 sheet.

Each slip has the cooperative, the order number as a Code 128 barcode and a QR code, the
amount to collect in large type, the recipient's name, phone, city and address, the lines and
the order's date in Morocco's time.

Pure Python (reportlab draws the page, its barcode module the Code 128 and the QR code): no
browser on the server. reportlab does not shape Arabic, so Arabic text goes through
arabic-reshaper (joined letter forms) and python-bidi (right-to-left display order) before it
is drawn, in DejaVu Sans, which has the Arabic presentation forms; Arabic lines are set flush
right. The font comes from Debian's ``fonts-dejavu-core`` (``BGHIT_SLIP_FONT_DIR`` points
elsewhere); without it the slip cannot be made and :class:`SlipError` says so.
"""

from __future__ import annotations

import io
import os
import re
import threading
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

# These three libraries ship no type information (no py.typed; reportlab's stubs are a
# separate package, not a dependency): their names are typed Any here, through the
# pyproject mypy override beside twilio's and gunicorn's.
import arabic_reshaper
from bidi.algorithm import get_display
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode import code128, qr
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from .members import MOROCCO

LABEL = (100 * mm, 150 * mm)
SIZES = {"label": LABEL, "a4": A4}
MAX_BATCH = 200
FONT, BOLD = "BghitSans", "BghitSans-Bold"
FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu",
             "/usr/local/share/fonts/dejavu")
_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_lock = threading.Lock()


class SlipError(Exception):
    """A slip cannot be made here (no font)."""


def _register_fonts() -> None:
    with _lock:
        if FONT in pdfmetrics.getRegisteredFontNames():
            return
        dirs = [os.environ["BGHIT_SLIP_FONT_DIR"]] if os.environ.get("BGHIT_SLIP_FONT_DIR") \
            else FONT_DIRS
        for folder in map(Path, dirs):
            regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
            if regular.exists() and bold.exists():
                pdfmetrics.registerFont(TTFont(FONT, str(regular)))
                pdfmetrics.registerFont(TTFont(BOLD, str(bold)))
                return
        raise SlipError("DejaVu Sans is missing (apt-get install fonts-dejavu-core, or set "
                        "BGHIT_SLIP_FONT_DIR to a folder with DejaVuSans.ttf and "
                        "DejaVuSans-Bold.ttf)")


def is_arabic(text: str) -> bool:
    return bool(_ARABIC.search(text or ""))


def shape(text: str) -> str:
    """Text as it must be drawn: Arabic letters joined and laid out right to left."""
    text = " ".join(str(text or "").split())
    return get_display(arabic_reshaper.reshape(text)) if is_arabic(text) else text


def _wrap(text: str, font: str, size: float, width: float, max_lines: int) -> list[str]:
    """Logical-order lines that fit ``width`` once shaped (the last one cut with …)."""
    lines: list[str] = []
    current = ""
    for word in str(text or "").split():
        candidate = f"{current} {word}".strip()
        if pdfmetrics.stringWidth(shape(candidate), font, size) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] += " …"
    return lines


class _Slip:
    """One slip drawn in the label's coordinates (millimetres, origin at the bottom left)."""

    def __init__(self, c: canvas.Canvas, texts: dict, money: Callable[[float], str]):
        self.c, self.texts, self.money = c, texts, money

    def text(self, x, y, value, size, *, bold=False, right=False, width=90.0):
        """A line of text; Arabic text is set flush right within ``width`` from ``x``."""
        font = BOLD if bold else FONT
        drawn = shape(value)
        while pdfmetrics.stringWidth(drawn, font, size) > width * mm and size > 5:
            size -= 0.5
        self.c.setFont(font, size)
        if right or is_arabic(str(value)):
            self.c.drawRightString((x + width) * mm, y * mm, drawn)
        else:
            self.c.drawString(x * mm, y * mm, drawn)

    def draw(self, order: dict, coop: dict) -> None:
        c, t = self.c, self.texts
        c.setLineWidth(0.8)
        c.rect(3 * mm, 3 * mm, 94 * mm, 144 * mm)
        self.text(6, 140, coop.get("name") or "", 11, bold=True, width=88)
        contact = (coop.get("settings") or {}).get("contact_phone") or ""
        self.text(6, 135.5, f"{t['phone']} {contact}" if contact else "", 8, width=88)
        self.text(6, 127, order["number"], 17, bold=True, width=55)
        when = datetime.fromisoformat(order["created_at"]).astimezone(MOROCCO)
        self.text(6, 122.5, when.strftime("%d/%m/%Y %H:%M"), 8, width=55)
        # Code 128 of the order number (what a courier's scanner reads) and a QR code.
        bar = code128.Code128(order["number"], barHeight=14 * mm, barWidth=0.42 * mm,
                              quiet=False)
        bar.drawOn(c, 6 * mm, 105 * mm)
        widget = qr.QrCodeWidget(order["number"])
        x0, y0, x1, y1 = widget.getBounds()
        side = 24 * mm
        drawing = Drawing(side, side, transform=[side / (x1 - x0), 0, 0, side / (y1 - y0), 0, 0])
        drawing.add(widget)
        renderPDF.draw(drawing, c, 70 * mm, 103 * mm)
        c.line(3 * mm, 100 * mm, 97 * mm, 100 * mm)
        # The amount to collect, large.
        self.text(6, 93, t["slip_cash"], 10, width=88)
        self.text(6, 79, self.money(order.get("total") or 0), 30, bold=True, width=88)
        self.text(6, 73.5, t["slip_cod"], 8, width=88)
        c.line(3 * mm, 70 * mm, 97 * mm, 70 * mm)
        # The recipient.
        self.text(6, 64, t["slip_recipient"], 8, width=88)
        self.text(6, 57.5, order.get("customer_name") or "—", 14, bold=True, width=88)
        self.text(6, 50.5, order.get("phone") or "", 13, width=88)
        self.text(6, 43.5, order.get("city") or "", 13, bold=True, width=88)
        y = 37.5
        for line in _wrap(order.get("address") or "", FONT, 10, 88 * mm, 3):
            self.text(6, y, line, 10, width=88)
            y -= 4.8
        c.line(3 * mm, 22 * mm, 97 * mm, 22 * mm)
        items = ", ".join(f"{li['quantity']} × {li['name']}" for li in order.get("lines", []))
        y = 17.5
        for line in _wrap(items, FONT, 7.5, 88 * mm, 2):
            self.text(6, y, line, 7.5, width=88)
            y -= 3.6
        self.text(6, 6.5, t["slip_footer"], 6, width=88)


def render(orders: Iterable[dict], coops: dict[int, dict], *, size: str, texts: dict,
           money: Callable[[float], str]) -> bytes:
    """The slips of ``orders`` as one PDF, a page each, on ``size`` (``label`` or ``a4``).

    ``texts``: the labels in the operator's language (``slip_cash``, ``slip_cod``,
    ``slip_recipient``, ``slip_footer``, ``phone``); ``money`` formats the amount."""
    _register_fonts()
    page = SIZES[size]
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=page, pageCompression=1)
    c.setTitle("Bghit slips")
    # The label's drawing, scaled up and centred on an A4 sheet.
    scale = min(page[0] / LABEL[0], page[1] / LABEL[1])
    dx, dy = (page[0] - LABEL[0] * scale) / 2, (page[1] - LABEL[1] * scale) / 2
    for order in orders:
        c.saveState()
        c.translate(dx, dy)
        c.scale(scale, scale)
        _Slip(c, texts, money).draw(order, coops[order["coop_id"]])
        c.restoreState()
        c.showPage()
    c.save()
    return buf.getvalue()
