"""Delivery slips: PDF made by reportlab, checked by rendering it with poppler (pdftoppm,
pdftotext, pdfinfo from Debian's poppler-utils; ./test installs it, else these are skipped)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from bot import slips
from tests.conftest import ROOT
from tests.test_admin import Admin, make_order

POPPLER = all(shutil.which(tool) for tool in ("pdftoppm", "pdftotext", "pdfinfo"))
FONT = any((Path(d) / "DejaVuSans.ttf").exists() for d in slips.FONT_DIRS)
needs_poppler = pytest.mark.skipif(not (POPPLER and FONT), reason=(
    "poppler-utils or fonts-dejavu-core is not installed (apt-get install poppler-utils "
    "fonts-dejavu-core; ./test does as root)"))
ARABIC_NAME = "محمد العلوي"


def _save(resp, tmp_path: Path, name="slip.pdf") -> Path:
    assert resp.status_code == 200, resp.text[:300]
    assert resp.headers["Content-Type"] == "application/pdf"
    assert resp.content.startswith(b"%PDF")
    path = tmp_path / name
    path.write_bytes(resp.content)
    return path


def _info(pdf: Path) -> dict:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return dict(line.split(":", 1) for line in out.stdout.splitlines() if ":" in line)


def _text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    return unicodedata.normalize("NFKC", out)       # Arabic presentation forms → letters


def _word_heights(pdf: Path) -> dict[str, float]:
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    heights = {}
    for ymin, ymax, word in re.findall(
            r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>',
            out):
        heights.setdefault(word, float(ymax) - float(ymin))
    return heights


def _png(pdf: Path, tmp_path: Path):
    from PIL import Image
    subprocess.run(["pdftoppm", "-r", "72", "-png", "-f", "1", "-l", "1", str(pdf),
                    str(tmp_path / "page")], check=True)
    [png] = sorted(tmp_path.glob("page*.png"))
    return Image.open(png).convert("L")


def _dark_share(image, box) -> float:
    histogram = image.crop(box).histogram()          # 256 grey levels
    return sum(histogram[:100]) / sum(histogram)


def _keep_picture(pdf: Path, name: str) -> None:
    """The slip as a PNG in docs/ (for the README), when missing or with BGHIT_SCREENSHOTS=1."""
    target = ROOT / "docs" / name
    if os.environ.get("BGHIT_SCREENSHOTS") == "1" or not target.exists():
        subprocess.run(["pdftoppm", "-r", "110", "-png", "-singlefile", "-f", "1", "-l", "1",
                        str(pdf), str(target.with_suffix(""))], check=True)


@pytest.fixture
def admin_fr(live):
    a = Admin(live.base_url, lang="fr")
    assert a.login().status_code == 302
    return a


@needs_poppler
def test_a_label_slip_has_everything_a_courier_needs(admin_fr, db, tmp_path):
    order = make_order(db, name=ARABIC_NAME, city="Casablanca", delivery_fee=35,
                       address="Hay Nahda rue 5, zanqa 12",
                       created_at="2026-11-29T23:30:00.000+00:00")
    pdf = _save(admin_fr.get(f"/admin/orders/{order['id']}/slip.pdf"), tmp_path)
    _keep_picture(pdf, "slip-label.png")
    info = _info(pdf)
    assert info["Pages"].strip() == "1"
    assert "283.465 x 425.197" in info["Page size"]            # 100 × 150 mm
    raw = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    assert any("\ufe70" <= ch <= "\ufeff" for ch in raw)   # Arabic drawn in joined forms
    text = _text(pdf)
    for expected in (order["number"], "475,00 DH", "Montant à encaisser", "Casablanca",
                     "+212612345678", "Hay Nahda rue 5, zanqa 12", "Coopérative Tifawin",
                     "30/11/2026 00:30", "2 × Miel de thym 1kg", ARABIC_NAME):
        assert expected in text, expected
    # The amount is the largest type on the slip.
    heights = _word_heights(pdf)
    assert heights["475,00"] >= 20 and heights["475,00"] > 2 * heights["Casablanca"]
    # The barcode and the QR code are drawn (dark bars where they stand, 72 dpi).
    image = _png(pdf, tmp_path)
    assert abs(image.size[0] - 283) <= 1 and abs(image.size[1] - 425) <= 1
    barcode = (17, 425 - 119 * 72 / 25.4, 150, 425 - 106 * 72 / 25.4)
    qr_code = (200, 425 - 126 * 72 / 25.4, 266, 425 - 104 * 72 / 25.4)
    assert 0.25 < _dark_share(image, tuple(map(int, barcode))) < 0.75
    assert 0.25 < _dark_share(image, tuple(map(int, qr_code))) < 0.75
    # The Arabic name is set flush right: its pixels are in the right half of its line.
    line = image.crop((17, int(425 - 62 * 72 / 25.4), 270, int(425 - 56 * 72 / 25.4)))
    dark = [x for x in range(line.width) for y in range(line.height)
            if line.getpixel((x, y)) < 100]
    assert dark and min(dark) > line.width / 2


@needs_poppler
def test_a4_slip_and_a_batch_of_the_selected_orders(admin_fr, db, tmp_path):
    one = make_order(db, name="Fatima Zahra")
    two = make_order(db, name="Omar Benali", city="Fès")
    make_order(db, name="Not Selected")
    pdf = _save(admin_fr.get(f"/admin/orders/{one['id']}/slip.pdf", params={"size": "a4"}),
                tmp_path, "a4.pdf")
    assert "595.276 x 841.89" in _info(pdf)["Page size"]
    width, height = _png(pdf, tmp_path).size
    assert abs(width - 595) <= 1 and abs(height - 842) <= 1
    resp = admin_fr.post("/admin/slips", {"order": [str(one["id"]), str(two["id"])],
                                          "size": "label"})
    batch = _save(resp, tmp_path, "batch.pdf")
    assert _info(batch)["Pages"].strip() == "2"
    text = _text(batch)
    assert "Fatima Zahra" in text and "Omar Benali" in text and "Not Selected" not in text


def test_bad_slip_requests_get_a_clear_4xx(admin_fr, db):
    order = make_order(db)
    assert admin_fr.get(f"/admin/orders/{order['id']}/slip.pdf",
                        params={"size": "A5"}).status_code == 400
    assert admin_fr.get("/admin/orders/999/slip.pdf").status_code == 404
    resp = admin_fr.post("/admin/slips", {"size": "label"})
    assert resp.status_code == 400 and "Cochez au moins une commande" in resp.text
    assert admin_fr.post("/admin/slips", {"order": "abc"}).status_code == 400
    assert admin_fr.post("/admin/slips", {"order": "9" * 30}).status_code == 400
    assert admin_fr.post("/admin/slips", {"order": [str(i) for i in range(1, 300)]}
                         ).status_code == 400
    assert admin_fr.post("/admin/slips", {"order": str(order["id"]), "size": "x"}
                         ).status_code == 400
    assert admin_fr.post("/admin/slips", {"order": "424242"}).status_code == 404
    # CSRF is checked on the batch form.
    resp = admin_fr.http.post(admin_fr.base + "/admin/slips", data={"order": str(order["id"])},
                              timeout=10)
    assert resp.status_code == 400


def test_slips_need_a_login(live, db):
    order = make_order(db)
    a = Admin(live.base_url)
    resp = a.get(f"/admin/orders/{order['id']}/slip.pdf", allow_redirects=False)
    assert resp.status_code == 302


def test_the_list_and_the_order_page_offer_slips(admin_fr, db):
    order = make_order(db)
    page = admin_fr.get("/admin/").text
    assert 'id="slips-form"' in page and f'name="order" value="{order["id"]}"' in page
    page = admin_fr.get(f"/admin/orders/{order['id']}").text
    assert f"/admin/orders/{order['id']}/slip.pdf?size=a4" in page
