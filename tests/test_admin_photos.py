"""Product photos in the dashboard: an upload checked by its content, re-encoded without its
metadata (a phone's GPS position), stored under a generated name beside the database and
served only from there; the catalog CSV's ``photo`` column."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

from bot import catalog, photos, store
from bot.cli import import_coop
from tests.conftest import DEMO
from tests.test_admin_catalog import PAGE, _login, _product

GPS = 0x8825


def png_with_gps(size=(1200, 900), color=(200, 120, 40)) -> bytes:
    """A real PNG whose EXIF says where it was taken (as a phone's photo may)."""
    img = Image.new("RGB", size, color)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[GPS] = {1: "N", 2: (33.0, 35.0, 12.0), 3: "W", 4: (7.0, 36.0, 0.0)}
    out = io.BytesIO()
    img.save(out, "PNG", exif=exif)
    data = out.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(GPS)     # the test's premise
    return data


def stored_files(db_path) -> list[Path]:
    folder = photos.folder(db_path)
    return sorted(folder.iterdir()) if folder.exists() else []


def _post_photo(a, path, fields, filename, data, content_type="image/png"):
    csrf = a.csrf(path)
    return a.http.post(a.base + path, data={**fields, "csrf_token": csrf},
                       files={"photo": (filename, data, content_type)}, timeout=10,
                       allow_redirects=False)


FIELDS = {"name": "Miel de thym 500g", "price": "120", "unit": "g", "size": "500",
          "in_stock": "1"}
EDIT = f"{PAGE}/products/MIEL-THYM-500/edit"


def test_upload_is_reencoded_without_gps_and_served_as_a_thumbnail(live, db, db_path):
    a = _login(live, "Amina")
    page = a.get(PAGE).text
    assert "photo-cell" not in page                  # no product has a photo: no column
    assert 'name="photo"' in a.get(EDIT).text        # the upload field is always there
    resp = _post_photo(a, EDIT, FIELDS, "IMG_2031.png", png_with_gps())
    assert resp.status_code == 302, resp.text
    name = _product(db, "MIEL-THYM-500")["photo"]
    assert photos.is_stored_name(name) and name != "IMG_2031.png"
    [file] = stored_files(db_path)
    assert file.name == name and file.parent == db_path.parent / "photos"
    img = Image.open(file)
    assert img.format == "JPEG" and max(img.size) == 800
    assert not img.getexif() and b"Exif" not in file.read_bytes()
    assert b"PhoneMaker" not in file.read_bytes()
    row = store.audit_log(db, limit=1)[0]
    assert row["actor"] == "admin:Amina" and row["action"] == "product.edit"
    assert json.loads(row["detail"])["photo"] == [None, name]

    page = a.get(PAGE).text
    assert f'src="/admin/photos/{name}"' in page and "photo-cell" in page
    assert f'src="/admin/photos/{name}"' in a.get(EDIT).text
    served = a.get(f"/admin/photos/{name}")
    assert served.status_code == 200 and served.headers["Content-Type"] == "image/jpeg"
    assert served.content == file.read_bytes()
    assert "img-src 'self';" in served.headers["Content-Security-Policy"]
    # Only logged-in operators, only stored photos.
    import requests
    anon = requests.get(live.base_url + f"/admin/photos/{name}", timeout=10,
                        allow_redirects=False)
    assert anon.status_code == 302 and "/admin/login" in anon.headers["Location"]
    for probe in ("x.jpg", "..%2Fbghit.sqlite3", "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
                  "bghit.sqlite3", name.upper(), name[:-4] + ".png"):
        assert a.get(f"/admin/photos/{probe}").status_code == 404, probe

    # Replace it: the old file goes; remove it: the product has none, the column goes.
    resp = _post_photo(a, EDIT, FIELDS, "b.png", png_with_gps((300, 200), (10, 90, 30)))
    assert resp.status_code == 302
    new = _product(db, "MIEL-THYM-500")["photo"]
    assert new != name and [f.name for f in stored_files(db_path)] == [new]
    assert Image.open(stored_files(db_path)[0]).size == (300, 200)
    # A price change in the table keeps the photo.
    assert a.post(f"{PAGE}/products/MIEL-THYM-500/price", {"price": "125"},
                  form_page=PAGE).status_code == 302
    assert _product(db, "MIEL-THYM-500")["photo"] == new
    resp = a.post(EDIT, {**FIELDS, "remove_photo": "1"}, form_page=EDIT)
    assert resp.status_code == 302
    assert _product(db, "MIEL-THYM-500")["photo"] is None and stored_files(db_path) == []
    assert json.loads(store.audit_log(db, limit=1)[0]["detail"])["photo"] == [new, None]
    assert "photo-cell" not in a.get(PAGE).text


def test_a_new_product_with_a_webp_photo(live, db, db_path):
    a = _login(live)
    out = io.BytesIO()
    Image.new("RGBA", (64, 64), (0, 0, 255, 128)).save(out, "WEBP")
    form = f"{PAGE}/products/new"
    resp = _post_photo(a, form, {**FIELDS, "sku": "AMLOU-PHOTO", "name": "Amlou 250g",
                                 "size": "250"}, "amlou.webp", out.getvalue(), "image/webp")
    assert resp.status_code == 302, re.findall(r"<li>(.*?)</li>", resp.text)
    name = _product(db, "AMLOU-PHOTO")["photo"]
    assert Image.open(photos.folder(db_path) / name).format == "JPEG"
    assert json.loads(store.audit_log(db, limit=1)[0]["detail"])["photo"] == name


@pytest.mark.parametrize("filename,data,why", [
    ("amlou.jpg", b"Amlou: almonds, argan oil and honey.\n" * 20, "not a JPEG, PNG or WebP"),
    ("big.png", None, "larger than 2 MB"),
    ("../../bghit.sqlite3", "png", "file name"),
    ("..\\photos\\x.png", "png", "file name"),
    ("amlou.gif", "gif", "not a JPEG, PNG or WebP"),
])
def test_bad_photos_get_400_and_store_nothing(live, db, db_path, filename, data, why):
    if data is None:                   # a real PNG of more than 2 MB (noise does not shrink)
        data = png_with_gps() + b"\0" * (photos.MAX_BYTES + 1)
    elif data == "png":
        data = png_with_gps((40, 40))
    elif data == "gif":
        out = io.BytesIO()
        Image.new("RGB", (40, 40)).save(out, "GIF")
        data = out.getvalue()
    a = _login(live)
    resp = _post_photo(a, EDIT, {**FIELDS, "name": "Changed"}, filename, data, "image/jpeg")
    assert resp.status_code == 400 and why in resp.text and "product-errors" in resp.text
    product = _product(db, "MIEL-THYM-500")
    assert product["photo"] is None and product["name"] == "Miel de thym 500g"
    assert stored_files(db_path) == []
    assert not any(p.name == "bghit.sqlite3" and p.parent != db_path.parent
                   for p in db_path.parent.rglob("*"))


def test_a_body_far_over_the_limit_is_refused(live, db, db_path):
    a = _login(live)
    resp = _post_photo(a, EDIT, FIELDS, "huge.png", b"\0" * (4 * 1024 * 1024))
    assert resp.status_code == 413 and stored_files(db_path) == []
    # Other forms keep the app's small limit.
    resp = a.post(f"{PAGE}/products/MIEL-THYM-500/price", {"price": "1" * 100_000},
                  form_page=PAGE)
    assert resp.status_code == 413


def _coop_folder(tmp_path, csv_text: str) -> Path:
    folder = tmp_path / "coop"
    folder.mkdir()
    shutil.copy(DEMO, folder / "coop.yml")
    (folder / "catalog.csv").write_text(csv_text, encoding="utf-8")
    (folder / "photos").mkdir()
    (folder / "photos" / "amlou.png").write_bytes(png_with_gps())
    return folder


CSV = ("sku,name,price,unit,size,aliases,photo\n"
       "MIEL-THYM-500,Miel de thym 500g,120,g,500,3sel zaatar,\n"
       "AMLOU-250,Amlou 250g,60,g,250,amlou,photos/amlou.png\n")


def test_catalog_csv_photo_column(tmp_path):
    folder = _coop_folder(tmp_path, CSV)
    products = catalog.read_csv(folder / "catalog.csv")
    assert products[1]["photo_file"] == str(folder / "photos" / "amlou.png")
    assert "photo_file" not in products[0]
    for bad in ("photos/nope.png", "../coop/photos/amlou.png", "/etc/passwd",
                "photos\\amlou.png"):
        (folder / "catalog.csv").write_text(CSV.replace("photos/amlou.png", bad))
        with pytest.raises(catalog.CatalogError) as exc:
            catalog.read_csv(folder / "catalog.csv")
        assert [n for n, _ in exc.value.errors] == [3], bad
        assert "photo" in str(exc.value)


def test_catalog_import_stores_the_photos(live, db, db_path, tmp_path):
    folder = _coop_folder(tmp_path, CSV)
    import_coop(db, folder / "coop.yml")                  # the folder is the coop.yml's
    name = _product(db, "AMLOU-250")["photo"]
    assert photos.is_stored_name(name)
    assert b"Exif" not in (photos.folder(db_path) / name).read_bytes()
    assert _product(db, "MIEL-THYM-500")["photo"] is None

    a = _login(live)
    assert f"/admin/photos/{name}" in a.get(PAGE).text
    # The dashboard's CSV preview: a missing file is that line's error.
    missing = CSV.replace("photos/amlou.png", "photos/nope.png")
    csrf = a.csrf(PAGE)
    resp = a.http.post(a.base + f"{PAGE}/catalog", data={"csrf_token": csrf}, timeout=10,
                       files={"file": ("catalog.csv", missing.encode(), "text/csv")})
    assert resp.status_code == 200 and "nope.png" in resp.text and "no such file" in resp.text
    assert 'name="payload"' not in resp.text
    # A good one imports, its photo stored again under a new name.
    resp = a.http.post(a.base + f"{PAGE}/catalog", data={"csrf_token": csrf}, timeout=10,
                       files={"file": ("catalog.csv", CSV.encode(), "text/csv")})
    payload = re.search(r'name="payload" value="([^"]+)"', resp.text).group(1)
    resp = a.post(f"{PAGE}/catalog/import", {"payload": payload, "filename": "catalog.csv"},
                  form_page=PAGE)
    assert resp.status_code == 302
    again = _product(db, "AMLOU-250")["photo"]
    assert photos.is_stored_name(again) and again != name
    detail = json.loads(store.audit_log(db, limit=1)[0]["detail"])
    assert detail["photos"] == 1
