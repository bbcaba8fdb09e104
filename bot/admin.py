"""The operator dashboard at ``/admin``: orders, cooperatives, catalogs.

Server-rendered (Jinja), no JavaScript needed. Protected by ``ADMIN_TOKEN``
(empty: the dashboard does not exist, every ``/admin`` URL is 404):

* a login form posts the token (16 characters at least, else the dashboard answers 503),
  compared with :func:`hmac.compare_digest`; success puts a marker derived from the token
  and a session id in Flask's signed session cookie (HttpOnly, SameSite=Lax, Secure
  except on localhost: ``COOKIE_SECURE``), so changing the token logs everybody out; the
  session id is kept in the database until logout (or 12 hours);
* wrong tokens are counted in the database per address and overall: past 10 (100) in
  5 minutes further wrong tokens get 429, and the right one still logs in;
* every POST form carries a per-session CSRF token, checked before the view runs;
* pages are ``no-store`` and may not be framed; phone numbers are masked in lists.

Writes go through ``store``/``service``: a status change records an order event
with actor ``admin``; a cancellation uses :func:`service.cancel_order` so the
customer and members are told; retrying a failed forward puts the order back to
``confirmed`` and queues a new ``courier.forward`` job (a new dedupe key per retry).
"""

from __future__ import annotations

import base64
import binascii
import csv
import hashlib
import hmac
import io
import logging
import secrets
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlencode

from flask import (Blueprint, abort, current_app, flash, redirect, render_template, request,
                   session, url_for)

from . import get_db, service, store
from .catalog import CatalogError, parse_csv_text
from .phones import PhoneError, to_e164
from .privacy import mask_phone
from .statuses import ORDER_STATUSES, is_correction

log = logging.getLogger("bot.admin")
bp = Blueprint("admin", __name__, url_prefix="/admin")

STATUSES = ORDER_STATUSES
PAGE_SIZE = 50
MAX_PAGE = 100_000                   # 5 million orders: beyond is a typo or a probe
MAX_ID = 2**63 - 1                   # the largest row id (SQLite INTEGER)
CHART_DAYS = 14
#: Wrong tokens per 5 minutes, per client address and from everywhere, before further wrong
#: tokens get 429 (the right token is always let in: operators share a proxy's address).
LOGIN_WINDOW, LOGIN_MAX_FAILURES, LOGIN_MAX_GLOBAL = 300, 10, 100
MIN_TOKEN_LENGTH = 16
SESSION_MAX_AGE = 12 * 3600          # a login lasts a working day at most


# --------------------------------------------------------------------------
# Authentication and CSRF
# --------------------------------------------------------------------------

def _token() -> str:
    return current_app.config.get("ADMIN_TOKEN") or ""


def _marker(token: str) -> str:
    """What the session remembers of a login: changes when the token changes."""
    return hashlib.sha256(b"bghit-admin:" + token.encode()).hexdigest()[:32]


def _logged_in() -> bool:
    marker, sid = session.get("admin"), session.get("sid")
    return bool(marker) and bool(sid) and hmac.compare_digest(str(marker), _marker(_token())) \
        and store.admin_session_active(get_db(), str(sid), SESSION_MAX_AGE)


def csrf_token() -> str:
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(32)
    return token


def _check_csrf() -> None:
    sent = request.form.get("csrf_token", "")
    expected = session.get("csrf", "")
    if not sent or not expected or not hmac.compare_digest(sent, expected):
        abort(400, description="The form expired or did not come from this site. "
                               "Reload the page and try again.")


def _throttle_keys(ip: str) -> list[str]:
    return [f"admin-login:{ip}", "admin-login:*"]


def _throttled(ip: str) -> bool:
    """Too many wrong tokens lately from this address, or from everywhere (counted in the
    database: every gunicorn worker sees the same counts)."""
    config = current_app.config
    limits = (config.get("ADMIN_LOGIN_MAX_FAILURES") or LOGIN_MAX_FAILURES,
              config.get("ADMIN_LOGIN_MAX_GLOBAL") or LOGIN_MAX_GLOBAL)
    counts = store.count_failures(get_db(), _throttle_keys(ip), LOGIN_WINDOW)
    return any(n >= limit for n, limit in zip(counts, limits))


_SHORT_TOKEN = (f"The dashboard is off: ADMIN_TOKEN needs at least {MIN_TOKEN_LENGTH} "
                "characters. Make one with: python -c \"import secrets; "
                "print(secrets.token_urlsafe(24))\" (or leave ADMIN_TOKEN empty: no dashboard)")


def _short(token: str) -> bool:
    return bool(token) and len(token.strip()) < MIN_TOKEN_LENGTH


@bp.before_request
def _guard():
    if not _token():
        abort(404)
    if _short(_token()):
        abort(503, description=_SHORT_TOKEN)         # easy to guess: never accepted
    if request.method == "POST":
        _check_csrf()
    if request.endpoint not in ("admin.login", "admin.static") and not _logged_in():
        return redirect(url_for("admin.login", next=request.full_path.rstrip("?")))
    return None


@bp.after_request
def _headers(resp):
    resp.headers["Cache-Control"] = "no-store"
    resp.headers["X-Frame-Options"] = "DENY"
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["Referrer-Policy"] = "same-origin"
    resp.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; script-src 'self'; style-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
    return resp


@bp.context_processor
def _helpers():
    return {"csrf_token": csrf_token, "mask_phone": mask_phone, "STATUSES": STATUSES,
            "status_label": lambda s: (s or "").replace("_", " "),
            "simulator_on": "simulator.page" in current_app.view_functions}


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/admin") and not target.startswith("//"):
        return target
    return url_for("admin.orders")


@bp.route("/login", methods=["GET", "POST"])
def login():
    error = None
    status = 200
    if request.method == "POST":
        ip = request.remote_addr or "?"
        given = request.form.get("token", "")
        db = get_db()
        if hmac.compare_digest(given.encode(), _token().encode()):
            target = _safe_next(request.form.get("next"))
            session.clear()
            sid = secrets.token_urlsafe(32)
            session["admin"], session["sid"] = _marker(_token()), sid
            session["csrf"] = secrets.token_urlsafe(32)       # a new one after login
            with store.transaction(db):
                store.start_admin_session(db, sid, SESSION_MAX_AGE)
                store.audit(db, None, "admin", "admin.login", ip)
            log.info("dashboard login from %s", ip)
            return redirect(target)
        log.warning("dashboard login refused from %s: wrong token", ip)
        if _throttled(ip):
            wait = LOGIN_WINDOW - int(time.time()) % LOGIN_WINDOW
            return render_template("admin/login.html", error="Too many attempts. Wait a few "
                                   "minutes.", next=request.values.get("next", "")), 429, \
                {"Retry-After": str(wait)}
        with store.transaction(db):
            store.add_failure(db, _throttle_keys(ip), LOGIN_WINDOW)
        error, status = "Wrong token.", 403
    elif _logged_in():
        return redirect(_safe_next(request.args.get("next")))
    return render_template("admin/login.html", error=error,
                           next=request.values.get("next", "")), status


@bp.post("/logout")
def logout():
    db = get_db()
    with store.transaction(db):
        store.end_admin_session(db, str(session.get("sid")))     # this cookie is dead for good
    session.clear()
    return redirect(url_for("admin.login"))


# --------------------------------------------------------------------------
# Orders
# --------------------------------------------------------------------------

def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _chart(stats: dict, days: int = CHART_DAYS) -> dict:
    """Bar geometry for the inline SVG charts (orders per day, orders by status)."""
    today = datetime.now(timezone.utc).date()
    counts = {r["day"]: r["n"] for r in stats["per_day"]}
    series = [(today - timedelta(days=i)) for i in range(days - 1, -1, -1)]
    values = [counts.get(d.isoformat(), 0) for d in series]
    top = max(values + [1])
    width, height, pad, bottom = 560, 150, 4, 20
    slot = width / days
    bars = []
    for i, (d, n) in enumerate(zip(series, values)):
        h = round((height - bottom - 16) * n / top, 1)
        bars.append({"x": round(i * slot + pad, 1), "w": round(slot - 2 * pad, 1),
                     "y": round(height - bottom - max(h, 1), 1), "h": max(h, 1), "n": n,
                     "label": d.strftime("%d/%m"), "iso": d.isoformat(),
                     "cx": round(i * slot + slot / 2, 1)})
    by_status = stats["by_status"]
    stop = max([r["n"] for r in by_status] + [1])
    rows = [{"status": r["status"], "n": r["n"], "y": i * 22,
             "w": round(max(2, 300 * r["n"] / stop), 1)} for i, r in enumerate(by_status)]
    return {"bars": bars, "width": width, "height": height, "base": height - bottom,
            "total": sum(values), "days": days, "status_rows": rows,
            "status_height": max(22, 22 * len(rows))}


def _filters() -> dict:
    args = request.args
    coop_slug = args.get("coop") or ""
    status = args.get("status") or ""
    if status not in STATUSES:
        status = ""
    date_from, date_to = _day(args.get("from")), _day(args.get("to"))
    q = (args.get("q") or "").strip()[:100]
    try:
        page = max(1, int(args.get("page") or 1))
    except ValueError:
        page = 1
    if page > MAX_PAGE:
        abort(400, description=f"page is at most {MAX_PAGE}")
    if date_to == date.max:
        abort(400, description="the end date is out of range")
    return {"coop": coop_slug, "status": status, "from": date_from.isoformat() if date_from else "",
            "to": date_to.isoformat() if date_to else "", "q": q, "page": page}


def _search_text(q: str) -> str:
    """A phone typed as 0612… is stored as +212612…: search the stored form."""
    digits = q.replace(" ", "").replace("-", "")
    if digits.lstrip("+").isdigit() and len(digits) >= 9:
        try:
            return to_e164(digits).lstrip("+")
        except PhoneError:
            pass
    return q


@bp.get("/")
def orders():
    db = get_db()
    f = _filters()
    coops = store.list_coops(db)
    coop = next((c for c in coops if c["slug"] == f["coop"]), None)
    to_excl = (date.fromisoformat(f["to"]) + timedelta(days=1)).isoformat() if f["to"] else None
    criteria = dict(coop_id=coop["id"] if coop else None, status=f["status"] or None,
                    date_from=f["from"] or None, date_to=to_excl,
                    q=_search_text(f["q"]) if f["q"] else None)
    total = store.count_orders(db, **criteria)
    rows = store.search_orders(db, **criteria, limit=PAGE_SIZE,
                               offset=(f["page"] - 1) * PAGE_SIZE)
    base = {k: v for k, v in f.items() if v and k != "page"}
    pages = {
        "prev": url_for("admin.orders", **base, page=f["page"] - 1) if f["page"] > 1 else None,
        "next": url_for("admin.orders", **base, page=f["page"] + 1)
        if f["page"] * PAGE_SIZE < total else None,
    }
    return render_template("admin/orders.html", orders=rows, f=f, coops=coops, total=total,
                           pages=pages, chart=_chart(store.order_stats(db, CHART_DAYS)),
                           job_counts=store.job_counts(db),
                           filtered=bool(base), query=urlencode(base))


def _order_or_404(order_id: int) -> tuple[dict, dict]:
    db = get_db()
    order = store.get_order(db, order_id)
    if order is None:
        abort(404)
    return order, store.get_coop(db, order["coop_id"])


@bp.get(f"/orders/<int(max={MAX_ID}):order_id>")
def order(order_id: int):
    db = get_db()
    order, coop = _order_or_404(order_id)
    transcript = store.transcript(db, order["conversation_id"]) if order.get("conversation_id") \
        else []
    customer = store.get_customer(db, order["customer_id"]) if order.get("customer_id") else None
    return render_template("admin/order.html", order=order, coop=coop, customer=customer,
                           events=store.order_events(db, order_id), transcript=transcript,
                           jobs=store.jobs_for_order(db, order_id),
                           cancellable=order["status"] in store.CANCELLABLE_STATUSES)


@bp.post(f"/orders/<int(max={MAX_ID}):order_id>/status")
def change_status(order_id: int):
    db = get_db()
    new = request.form.get("status", "")
    note = (request.form.get("note") or "").strip()[:300] or None
    if new not in STATUSES:
        flash("Choose a status.", "error")
        return redirect(url_for("admin.order", order_id=order_id))
    with store.transaction(db):
        order, coop = _order_or_404(order_id)
        old = order["status"]
        if new == old:
            flash(f"{order['number']} is already {new.replace('_', ' ')}.", "error")
        elif new == "cancelled":
            if old not in store.CANCELLABLE_STATUSES:
                flash(f"{order['number']} is {old.replace('_', ' ')}: it can no longer be "
                      "cancelled.", "error")
            else:
                service.cancel_order(db, coop, order, actor="admin")
                store.audit(db, coop["id"], "admin", "order.cancel", order["number"],
                            {"from": old, "note": note})
                flash(f"{order['number']} cancelled; the customer and the members are told.")
        else:
            # Not bound by the couriers' forward-only table, but a step back is marked.
            correction = is_correction(old, new)
            if correction:
                note = f"correction: {note}" if note else "correction"
            store.set_order_status(db, order_id, new, source="admin", actor="admin", note=note)
            store.audit(db, coop["id"], "admin", "order.status", order["number"],
                        {"from": old, "to": new, "note": note, "correction": correction})
            flash(f"{order['number']}: {old.replace('_', ' ')} → {new.replace('_', ' ')}.")
    return redirect(url_for("admin.order", order_id=order_id))


@bp.post(f"/orders/<int(max={MAX_ID}):order_id>/retry")
def retry_forward(order_id: int):
    db = get_db()
    with store.transaction(db):
        order, coop = _order_or_404(order_id)
        if order["status"] != "forward_failed":
            flash(f"{order['number']} is {order['status'].replace('_', ' ')}, not a failed "
                  "forward.", "error")
        elif (order.get("courier") or "manual") == "manual":
            flash("This order has no courier to send it to.", "error")
        else:
            tries = [j for j in store.jobs_for_order(db, order_id)
                     if j["kind"] == "courier.forward"]
            store.set_order_status(db, order_id, "confirmed", source="admin", actor="admin",
                                   note="forward retried", forward_error=None)
            store.enqueue(db, "courier.forward", {"order_id": order_id},
                          dedupe_key=f"forward:{order_id}:retry:{len(tries)}")
            store.audit(db, coop["id"], "admin", "order.retry_forward", order["number"],
                        {"previous_error": order.get("forward_error")})
            flash(f"{order['number']} queued for the courier again.")
    return redirect(url_for("admin.order", order_id=order_id))


# --------------------------------------------------------------------------
# Cooperatives, members and catalogs
# --------------------------------------------------------------------------

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
        products = parse_csv_text(text, filename or "catalog.csv")
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
        flash("Choose a CSV file to upload.", "error")
        return redirect(url_for("admin.coop", slug=slug))
    data = upload.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        flash("This file is not UTF-8 text. In Excel, save it as “CSV UTF-8”.", "error")
        return redirect(url_for("admin.coop", slug=slug))
    return _preview(coop, text, upload.filename)


@bp.post("/coops/<slug>/catalog/import")
def catalog_import(slug: str):
    coop = _coop_or_404(slug)
    try:
        text = base64.b64decode(request.form.get("payload", ""), validate=True).decode("utf-8")
        products = parse_csv_text(text, "upload")         # validated again, never trusted
    except (binascii.Error, UnicodeDecodeError, CatalogError):
        flash("The catalog could not be imported: upload the file again.", "error")
        return redirect(url_for("admin.coop", slug=slug))
    db = get_db()
    with store.transaction(db):
        store.replace_catalog(db, coop["id"], products)
        store.audit(db, coop["id"], "admin", "catalog.import", slug,
                    {"products": len(products), "file": request.form.get("filename", "")[:100]})
    flash(f"Catalog imported: {len(products)} products.")
    return redirect(url_for("admin.coop", slug=slug))


@bp.app_template_filter("dt")
def _format_dt(value: str | None) -> str:
    """``2025-03-01T10:02:03.123+00:00`` → ``2025-03-01 10:02`` (UTC)."""
    if not value:
        return ""
    return value[:16].replace("T", " ")


def _token_file(config) -> str | None:
    """``data/.admin_token`` when the token is the one ``./run`` generated and wrote there
    (for the login page to point to it), else None."""
    from .config import ROOT
    token = config.get("ADMIN_TOKEN") or ""
    for folder in {ROOT / "data", Path(config["BGHIT_DB"]).resolve().parent}:
        path = folder / ".admin_token"
        try:
            if token and hmac.compare_digest(path.read_text().strip().encode(), token.encode()):
                return f"{folder.name}/{path.name}"
        except OSError:
            continue
    return None


def init_app(app) -> None:
    token = app.config.get("ADMIN_TOKEN") or ""
    if _short(token):
        log.error("%s", _SHORT_TOKEN)
    if token and app.config.get("SECRET_KEY_SHARED") is False:
        # config.py could not keep data/.secret_key: each process drew its own key, so each
        # gunicorn worker would refuse the others' session cookies.
        log.warning(
            "SECRET_KEY is not set and the .secret_key file beside the database could not be "
            "written: dashboard logins only work with one web worker; set SECRET_KEY in .env")
    app.config["ADMIN_TOKEN_FILE"] = _token_file(app.config)
    app.register_blueprint(bp)
