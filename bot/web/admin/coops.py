"""Cooperatives, their catalogs (CSV import, products, photos) and their members."""

from __future__ import annotations

import base64
import csv
import io
from pathlib import Path
from typing import Any

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)

from ... import photos, store
from ...catalog import CatalogError, parse_csv_text, validate_product
from ...coops import CHANNELS, LANGUAGES
from ...phones import PhoneError, to_e164
from ...privacy import mask_phone
from ..db import get_db
from .common import (
    MAX_ID,
    audit,
    bp,
    format_money,
    t,
)


def _coop_or_404(slug: str) -> dict:
    coop = store.get_coop_by_slug(get_db(), slug)
    if coop is None:
        abort(404)
    return coop


@bp.get("/coops")
def coops():
    return render_template("admin/coops.html", coops=store.coop_summaries(get_db()))


@bp.get("/coops/<slug>")
def coop(slug: str):
    db = get_db()
    c = _coop_or_404(slug)
    return render_template("admin/coop.html", coop=c, members=store.list_members(db, c["id"]),
                           products=store.list_products(db, c["id"]),
                           audit=store.audit_log(db, c["id"], limit=20))


def _raw_rows(text: str) -> list[tuple[int, list[str]]]:
    """The CSV's rows as written, with their line numbers (for the preview)."""
    text = text.lstrip("\ufeff")
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for cells in reader:
            rows.append((reader.line_num, cells))
    except csv.Error as exc:
        rows.append((reader.line_num, [f"unreadable: {exc}"]))
    return rows


def _preview(coop: dict, text: str, filename: str) -> str:
    errors: list[tuple[int, str]] = []
    products: list[dict] = []
    try:
        products = parse_csv_text(text, filename or "catalog.csv", _coop_folder(coop))
    except CatalogError as exc:
        errors = exc.errors
    raw = _raw_rows(text)
    header, body = (raw[0][1], raw[1:]) if raw else ([], [])
    bad_lines = {line for line, _ in errors}
    current = {p["sku"] for p in store.list_products(get_db(), coop["id"])}
    new = {p["sku"] for p in products}
    changes = {"added": sorted(new - current), "removed": sorted(current - new),
               "kept": len(new & current)}
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii") if not errors else ""
    return render_template("admin/catalog_preview.html", coop=coop, errors=errors,
                           products=products, header=header, rows=body, bad_lines=bad_lines,
                           changes=changes, payload=payload, filename=filename)


@bp.post("/coops/<slug>/catalog")
def catalog_upload(slug: str):
    coop = _coop_or_404(slug)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash(t("flash_choose_csv"), "error")
        return redirect(url_for("admin.coop", slug=slug))
    data = upload.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        flash(t("flash_not_utf8"), "error")
        return redirect(url_for("admin.coop", slug=slug))
    return _preview(coop, text, upload.filename)


@bp.post("/coops/<slug>/catalog/import")
def catalog_import(slug: str):
    coop = _coop_or_404(slug)
    try:
        text = base64.b64decode(request.form.get("payload", ""), validate=True).decode("utf-8")
        products = parse_csv_text(text, "upload", _coop_folder(coop))   # again, never trusted
    except (ValueError, CatalogError):   # not base64 (not even ASCII), not UTF-8, not a catalog
        flash(t("flash_import_failed"), "error")
        return redirect(url_for("admin.coop", slug=slug))
    errors = photos.ingest_catalog(products, _photo_dir())
    if errors:
        flash(t("flash_import_photos", errors="; ".join(f"{n}: {m}" for n, m in errors)), "error")
        return redirect(url_for("admin.coop", slug=slug))
    db = get_db()
    with store.transaction(db):
        store.replace_catalog(db, coop["id"], products)
        audit(db, coop["id"], "catalog.import", slug,
               {"products": len(products), "file": request.form.get("filename", "")[:100],
                "photos": sum(1 for p in products if p.get("photo"))})
    flash(t("flash_imported", n=len(products)))
    return redirect(url_for("admin.coop", slug=slug))


def _coop_folder(coop: dict) -> Path | None:
    """The cooperative's folder (its coop.yml's), where a catalog CSV's photos are."""
    folder = (coop.get("settings") or {}).get("folder")
    return Path(folder) if folder else None


def _photo_dir() -> Path:
    return photos.folder(current_app.config["BGHIT_DB"])


@bp.get("/photos/<name>")
def photo(name: str):
    """A stored product photo (only the generated names of the photos folder)."""
    if not photos.is_stored_name(name):
        abort(404)
    return send_from_directory(_photo_dir(), name, mimetype="image/jpeg")


def _uploaded_photo() -> tuple[bytes | None, str | None]:
    """The product form's photo, checked and re-encoded: ``(jpeg, error text)``."""
    upload = request.files.get("photo")
    if upload is None or not upload.filename:
        return None, None
    name = upload.filename
    if any(c in name for c in ("/", "\\", "\0")) or ".." in name or not name.isprintable() \
            or len(name) > 200:
        return None, t("photo_bad_name")
    try:
        return photos.reencode(upload.stream.read(photos.MAX_BYTES + 1)), None
    except photos.PhotoError as exc:
        return None, t(exc.key)


def _drop_photo(db, name: str | None) -> None:
    """Delete a stored photo no product shows any more."""
    if photos.is_stored_name(name) and not store.photo_in_use(db, name):
        (_photo_dir() / name).unlink(missing_ok=True)


def _product_or_404(coop: dict, sku: str) -> dict:
    product = store.get_product(get_db(), coop["id"], sku)
    if product is None:
        abort(404)
    return product


_PRODUCT_FIELDS = ("name", "price", "unit", "size", "aliases", "short_name")


def _changes(before: dict, after: dict) -> dict:
    return {k: [before.get(k), after.get(k)] for k in (*_PRODUCT_FIELDS, "in_stock", "photo")
            if k in after and before.get(k) != after.get(k)}


@bp.post("/coops/<slug>/products/<sku>/stock")
def product_stock(slug: str, sku: str):
    """In stock / sold out, from the catalog table (the bot refuses a sold-out product)."""
    coop = _coop_or_404(slug)
    value = request.form.get("in_stock")
    if value not in ("0", "1"):
        abort(400, description=t("product_bad_stock"))
    db = get_db()
    with store.transaction(db):
        product = _product_or_404(coop, sku)
        store.set_stock(db, coop["id"], product["sku"], value == "1")
        audit(db, coop["id"], "product.stock", product["sku"],
               {"from": bool(product["in_stock"]), "to": value == "1"})
    flash(t("product_in_stock" if value == "1" else "product_sold_out", name=product["name"]))
    return redirect(url_for("admin.coop", slug=slug) + "#products")


@bp.post("/coops/<slug>/products/<sku>/price")
def product_price(slug: str, sku: str):
    coop = _coop_or_404(slug)
    db = get_db()
    with store.transaction(db):
        product = _product_or_404(coop, sku)
        changed, errors = validate_product({**product, "price": request.form.get("price", "")})
        if errors:
            abort(400, description="; ".join(message for _, message in errors))
        assert changed is not None          # validate_product gives one when it finds no error
        store.save_product(db, coop["id"], changed)
        audit(db, coop["id"], "product.price", product["sku"],
               {"from": product["price"], "to": changed["price"]})
    flash(t("product_price_changed", name=product["name"],
            price=format_money(changed["price"])))
    return redirect(url_for("admin.coop", slug=slug) + "#products")


@bp.route("/coops/<slug>/products/new", methods=["GET", "POST"], defaults={"sku": None})
@bp.route("/coops/<slug>/products/<sku>/edit", methods=["GET", "POST"])
def product_form(slug: str, sku: str | None):
    """Add a product, or edit one (its sku stays: orders and member commands name it)."""
    coop = _coop_or_404(slug)
    db = get_db()
    product = _product_or_404(coop, sku) if sku else None
    if request.method == "GET":
        values = dict(product or {"unit": "g", "in_stock": 1})
        values["aliases"] = " | ".join(values.get("aliases") or [])
        return render_template("admin/product.html", coop=coop, product=product,
                               values=values, errors=[])
    form: dict[str, Any] = {k: request.form.get(k, "") for k in _PRODUCT_FIELDS}
    form["sku"] = product["sku"] if product else request.form.get("sku", "").strip()
    form["in_stock"] = request.form.get("in_stock") == "1"
    changed, errors = validate_product(form)
    if not product and not errors and store.get_product(db, coop["id"], form["sku"]):
        errors = [(0, t("product_sku_taken", sku=form["sku"]))]
    jpeg, photo_error = _uploaded_photo()
    if photo_error:
        errors.append((0, photo_error))
    if errors:
        return render_template("admin/product.html", coop=coop, product=product,
                               values=form, errors=[m for _, m in errors]), 400
    assert changed is not None              # validate_product gives one when it finds no error
    old_photo = product.get("photo") if product else None
    if jpeg is not None:
        changed["photo"] = photos.write(jpeg, _photo_dir())
    elif request.form.get("remove_photo") == "1":
        changed["photo"] = None
    with store.transaction(db):
        store.save_product(db, coop["id"], changed)
        if product:
            audit(db, coop["id"], "product.edit", changed["sku"],
                   _changes({**product, "in_stock": bool(product["in_stock"])}, changed))
        else:
            audit(db, coop["id"], "product.add", changed["sku"],
                   {"name": changed["name"], "price": changed["price"],
                    "photo": changed.get("photo")})
    if "photo" in changed and old_photo != changed["photo"]:
        _drop_photo(db, old_photo)
    flash(t("product_saved", name=changed["name"]))
    return redirect(url_for("admin.coop", slug=slug) + "#products")


def _member_or_404(coop: dict, member_id: int) -> dict:
    member = next((m for m in store.list_members(get_db(), coop["id"]) if m["id"] == member_id),
                  None)
    if member is None:
        abort(404)
    return member


def _member_form() -> tuple[dict, list[str]]:
    """The member form, checked: a name, a Moroccan or international phone, a channel, a
    language of the member replies."""
    form = {k: " ".join((request.form.get(k) or "").split()) for k in
            ("name", "phone", "channel", "language")}
    errors = []
    if len(form["name"]) > 60:
        errors.append(t("member_bad_name"))
    try:
        form["phone"] = to_e164(form["phone"])
    except PhoneError:
        errors.append(t("member_bad_phone"))
    if form["channel"] not in CHANNELS:
        errors.append(t("member_bad_channel"))
    if form["language"] not in LANGUAGES:
        errors.append(t("member_bad_language"))
    return form, errors


@bp.route("/coops/<slug>/members/new", methods=["GET", "POST"], defaults={"member_id": None})
@bp.route(f"/coops/<slug>/members/<int(max={MAX_ID}):member_id>/edit", methods=["GET", "POST"])
def member_form(slug: str, member_id: int | None):
    """Add or edit a member (name, phone, channel, language of the alerts)."""
    coop = _coop_or_404(slug)
    db = get_db()
    member = _member_or_404(coop, member_id) if member_id else None
    if request.method == "GET":
        return render_template("admin/member.html", coop=coop, member=member,
                               values=member or {"channel": "whatsapp", "language": "fr"},
                               errors=[], CHANNELS=CHANNELS, LANGUAGES=LANGUAGES)
    form, errors = _member_form()
    if not errors:
        try:
            with store.transaction(db):
                saved = store.save_member(db, coop["id"], form, member_id)
                before = {k: member[k] for k in form} if member else None
                audit(db, coop["id"], "member.edit" if member else "member.add",
                       mask_phone(form["phone"]),
                       {"member_id": saved, "changed": sorted(
                           k for k in form if not before or before[k] != form[k])})
        except store.PhoneTaken:
            errors = [t("member_phone_taken")]
    if errors:
        return render_template("admin/member.html", coop=coop, member=member, values=form,
                               errors=errors, CHANNELS=CHANNELS, LANGUAGES=LANGUAGES), 400
    flash(t("member_saved", name=form["name"] or mask_phone(form["phone"])))
    return redirect(url_for("admin.coop", slug=slug) + "#members")


@bp.post(f"/coops/<slug>/members/<int(max={MAX_ID}):member_id>/delete")
def member_delete(slug: str, member_id: int):
    coop = _coop_or_404(slug)
    db = get_db()
    with store.transaction(db):
        member = _member_or_404(coop, member_id)
        store.delete_member(db, coop["id"], member_id)
        audit(db, coop["id"], "member.delete", mask_phone(member["phone"]),
               {"member_id": member_id})
    flash(t("member_deleted", name=member["name"] or mask_phone(member["phone"])))
    return redirect(url_for("admin.coop", slug=slug) + "#members")
