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
import functools
import hashlib
import hmac
import io
import json
import logging
import secrets
import sqlite3
import time
from datetime import date, datetime, time as dtime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlencode

from flask import (Blueprint, Response, abort, current_app, flash, g, redirect, render_template,
                   request, send_from_directory, session, stream_with_context, url_for)

from . import datafiles, exports, get_db, photos, service, slips, store
from .catalog import CatalogError, parse_csv_text, validate_product
from .coops import CHANNELS, LANGUAGES
from .members import MOROCCO, _today_start
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
# Languages and Morocco time
# --------------------------------------------------------------------------

#: The dashboard's languages (texts in ``locales/admin/<lang>.yml``); French by default.
LANGS = ("fr", "ar", "en")
DEFAULT_LANG = "fr"
RTL_LANGS = ("ar",)
LANG_COOKIE = "bghit_admin_lang"
LANG_COOKIE_AGE = 365 * 24 * 3600
LOCALES = datafiles.locales_dir() / "admin"


class _Blank(dict):
    def __missing__(self, key):
        return ""


@functools.lru_cache(maxsize=None)
def _texts(lang: str) -> dict:
    """The dashboard's texts in ``lang``, read once."""
    return datafiles.safe_load((LOCALES / f"{lang}.yml").read_text(encoding="utf-8")) or {}


def current_lang() -> str:
    """The operator's language: chosen in the page (session, and a year-long cookie so the
    next login on this browser keeps it), else French."""
    if "admin_lang" not in g:
        lang = session.get("lang") or request.cookies.get(LANG_COOKIE)
        g.admin_lang = lang if lang in LANGS else DEFAULT_LANG
    return g.admin_lang


def t(key: str, **params) -> str:
    """The dashboard text ``key`` in the operator's language (French when missing)."""
    text = _texts(current_lang()).get(key)
    if text is None:
        text = _texts(DEFAULT_LANG).get(key, key)
    return str(text).format_map(_Blank(params))


def tn(key: str, n: int, **params) -> str:
    """``t`` for a count: the ``<key>_one`` text when ``n`` is 1 (and the language has one)."""
    if n == 1 and (_texts(current_lang()).get(f"{key}_one") is not None):
        key = f"{key}_one"
    return t(key, n=n, **params)


def status_label(status: str | None) -> str:
    return t(f"status_{status}") if status in STATUSES else (status or "").replace("_", " ")


def now() -> datetime:
    """The dashboard's clock (``ADMIN_CLOCK``, a callable, lets tests fix it)."""
    clock = current_app.config.get("ADMIN_CLOCK")
    return clock() if clock else datetime.now(timezone.utc)


def local(value: str | datetime | None) -> datetime | None:
    """A stored UTC timestamp in Morocco's time (UTC+1, UTC+0 during Ramadan)."""
    if not value:
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(MOROCCO)


def morocco_today() -> date:
    return now().astimezone(MOROCCO).date()


def day_start(day: date) -> str:
    """Midnight of a Moroccan calendar day as a stored (UTC) timestamp."""
    return _today_start(datetime.combine(day, dtime(12), tzinfo=MOROCCO))


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
        abort(400, description=t("csrf_expired"))


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
    if request.method == "POST" and request.endpoint == "admin.product_form":
        # The product form may carry a photo (2 MB at most, checked once read): the body may
        # be that much larger than the app's limit for every other request.
        request.max_content_length = photos.MAX_BYTES + 256 * 1024
    if request.method == "POST":
        _check_csrf()
    if request.endpoint not in ("admin.login", "admin.static", "admin.set_lang") \
            and not _logged_in():
        return redirect(url_for("admin.login", next=request.full_path.rstrip("?")))
    return None


@bp.after_request
def _headers(resp):
    resp.headers["Cache-Control"] = "no-store"
    resp.headers["X-Frame-Options"] = "DENY"
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["Referrer-Policy"] = "same-origin"
    resp.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self'; script-src 'self'; style-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
    return resp


@bp.context_processor
def _helpers():
    lang = current_lang()
    return {"csrf_token": csrf_token, "mask_phone": mask_phone, "STATUSES": STATUSES,
            "phone_links": _phone_links, "MEMBER_LANGUAGES": LANGUAGES,
            "status_label": status_label, "t": t, "tn": tn, "lang": lang, "LANGS": LANGS,
            "lang_name": lambda code: _texts(code).get("lang_name", code),
            "text_dir": "rtl" if lang in RTL_LANGS else "ltr",
            "simulator_on": "simulator.page" in current_app.view_functions}


def _phone_links(phone: str | None) -> dict | None:
    """``tel:`` and ``wa.me`` links of a stored (E.164) phone number, or None."""
    digits = "".join(ch for ch in (phone or "").rpartition(":")[2] if ch.isdigit())
    if len(digits) < 8:
        return None
    return {"tel": f"tel:+{digits}", "wa": f"https://wa.me/{digits}", "text": f"+{digits}"}


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
            lang = current_lang()
            operator = _operator_name(request.form.get("operator"))
            session.clear()
            sid = secrets.token_urlsafe(32)
            session["admin"], session["sid"] = _marker(_token()), sid
            session["csrf"] = secrets.token_urlsafe(32)       # a new one after login
            session["lang"] = lang
            session["operator"] = operator
            with store.transaction(db):
                store.start_admin_session(db, sid, SESSION_MAX_AGE)
                store.audit(db, None, actor(), "admin.login", ip)
            log.info("dashboard login from %s", ip)
            return redirect(target)
        log.warning("dashboard login refused from %s: wrong token", ip)
        if _throttled(ip):
            wait = LOGIN_WINDOW - int(time.time()) % LOGIN_WINDOW
            return render_template("admin/login.html", error=t("login_throttled"),
                                   next=request.values.get("next", "")), 429, \
                {"Retry-After": str(wait)}
        with store.transaction(db):
            store.add_failure(db, _throttle_keys(ip), LOGIN_WINDOW)
        error, status = t("login_wrong"), 403
    elif _logged_in():
        return redirect(_safe_next(request.args.get("next")))
    return render_template("admin/login.html", error=error,
                           next=request.values.get("next", "")), status


def _operator_name(value: str | None) -> str:
    """The name an operator gives at login (printable, 40 characters at most), or ''."""
    name = " ".join("".join(ch for ch in (value or "") if ch.isprintable()).split())
    return name[:40]


def actor() -> str:
    """Who made a change, for the audit trail and order history: ``admin`` or
    ``admin:<name given at login>``."""
    name = session.get("operator") or ""
    return f"admin:{name}" if name else "admin"


def _audit(db, coop_id: int | None, action: str, target: str | None = None,
           detail: dict | None = None) -> None:
    """An audit row with the operator and the request's address."""
    store.audit(db, coop_id, actor(), action, target,
                {**(detail or {}), "ip": request.remote_addr or "?"})


@bp.post("/lang")
def set_lang():
    """Choose the dashboard's language (also before login); remembered for a year."""
    lang = request.form.get("lang", "")
    if lang not in LANGS:
        abort(400, description=f"lang: one of {', '.join(LANGS)}")
    session["lang"] = g.admin_lang = lang
    back = request.form.get("next") or ""
    target = back if back.startswith("/admin") and not back.startswith("//") \
        else url_for("admin.orders")
    resp = redirect(target)
    resp.set_cookie(LANG_COOKIE, lang, max_age=LANG_COOKIE_AGE, httponly=True, samesite="Lax",
                    secure=current_app.session_interface.get_cookie_secure(current_app),
                    path="/admin")
    return resp


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


def _per_local_day(per_hour: list[dict]) -> dict[str, dict]:
    """Orders counted per UTC hour → per Moroccan calendar day (Morocco's offsets are whole
    hours, so an hour never straddles two local days)."""
    days: dict[str, dict] = {}
    for r in per_hour:
        hour = datetime.fromisoformat(r["hour"] + ":00:00+00:00")
        day = days.setdefault(local(hour).date().isoformat(), {"n": 0, "revenue": 0.0})
        day["n"] += r["n"]
        day["revenue"] += r.get("revenue") or 0
    return days


def _chart(stats: dict, days: int = CHART_DAYS) -> dict:
    """Bar geometry for the inline SVG charts (orders per day, orders by status), by Moroccan
    calendar day."""
    today = morocco_today()
    per_day = _per_local_day(stats["per_hour"])
    series = [(today - timedelta(days=i)) for i in range(days - 1, -1, -1)]
    width, height, pad, bottom = 560, 150, 4, 20
    slot = width / days

    def bars_of(values: list[float]) -> list[dict]:
        top = max(values + [1])
        bars = []
        for i, (d, n) in enumerate(zip(series, values)):
            h = round((height - bottom - 16) * n / top, 1)
            bars.append({"x": round(i * slot + pad, 1), "w": round(slot - 2 * pad, 1),
                         "y": round(height - bottom - max(h, 1), 1), "h": max(h, 1), "n": n,
                         "label": d.strftime("%d/%m"), "iso": d.isoformat(),
                         "cx": round(i * slot + slot / 2, 1)})
        return bars
    values = [per_day.get(d.isoformat(), {}).get("n", 0) for d in series]
    revenue = [round(per_day.get(d.isoformat(), {}).get("revenue", 0.0)) for d in series]
    bars = bars_of(values)
    by_status = stats["by_status"]
    stop = max([r["n"] for r in by_status] + [1])
    rows = [{"status": r["status"], "n": r["n"], "y": i * 22,
             "w": round(max(2, 300 * r["n"] / stop), 1)} for i, r in enumerate(by_status)]
    return {"bars": bars, "width": width, "height": height, "base": height - bottom,
            "total": sum(values), "days": days, "status_rows": rows,
            "revenue_bars": bars_of(revenue), "revenue_total": sum(revenue),
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
        abort(400, description=t("page_too_far", max=MAX_PAGE))
    if date_to == date.max:
        abort(400, description=t("end_date_range"))
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


def _criteria(db, f: dict) -> tuple[list[dict], dict]:
    """The cooperatives and the store's search criteria for the list's filters."""
    coops = store.list_coops(db)
    coop = next((c for c in coops if c["slug"] == f["coop"]), None)
    # From and To are Moroccan calendar days: midnight in Morocco, as stored (UTC) times.
    to_excl = day_start(date.fromisoformat(f["to"]) + timedelta(days=1)) if f["to"] else None
    criteria = dict(coop_id=coop["id"] if coop else None, status=f["status"] or None,
                    date_from=day_start(date.fromisoformat(f["from"])) if f["from"] else None,
                    date_to=to_excl,
                    q=_search_text(f["q"]) if f["q"] else None)
    return coops, criteria


@bp.get("/")
def orders():
    db = get_db()
    f = _filters()
    coops, criteria = _criteria(db, f)
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
                           pages=pages,
                           chart=_chart(store.order_stats(db, CHART_DAYS + 1, now=now())),
                           job_counts=store.job_counts(db),
                           filtered=bool(base), query=urlencode(base))


@bp.get("/orders.csv")
def orders_csv():
    """The orders the list's filters select, as a CSV file for Excel (see ``exports``)."""
    db = get_db()
    f = _filters()
    _, criteria = _criteria(db, f)
    with store.transaction(db):
        _audit(db, None, "orders.export_csv", None,
               {k: v for k, v in f.items() if v and k != "page"})
    headers = [t(key) for key in exports.COLUMNS]
    rows = exports.orders_csv(store.orders_for_export(db, **criteria), headers, status_label)
    name = f"commandes-{morocco_today().isoformat()}.csv"
    return Response(stream_with_context(rows), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/orders.jsonl")
def orders_jsonl():
    """The same orders as JSON lines, for tools (the fields of ``flask orders export``, UTC
    times)."""
    db = get_db()
    _, criteria = _criteria(db, _filters())

    def lines():
        for order in store.export_orders(db, **criteria):
            yield json.dumps(order, ensure_ascii=False) + "\n"
    return Response(stream_with_context(lines()), mimetype="application/x-ndjson",
                    headers={"Content-Disposition": 'attachment; filename="orders.jsonl"'})


def _slips_pdf(orders: list[dict], size: str, name: str) -> Response:
    if size not in slips.SIZES:
        abort(400, description=t("slips_size"))
    db = get_db()
    coops = {cid: store.get_coop(db, cid) for cid in {o["coop_id"] for o in orders}}
    texts = {key: t(key) for key in ("slip_cash", "slip_cod", "slip_recipient", "slip_footer",
                                     "phone")}
    try:
        pdf = slips.render(orders, coops, size=size, texts=texts,
                           money=lambda v: f"{_format_money(v, 2)} DH")
    except slips.SlipError as exc:
        abort(503, description=t("slips_no_font", error=exc))
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{name}.pdf"'})


@bp.get(f"/orders/<int(max={MAX_ID}):order_id>/slip.pdf")
def order_slip(order_id: int):
    """One order's delivery slip (``?size=label``, the default, or ``a4``)."""
    order, _ = _order_or_404(order_id)
    return _slips_pdf([order], request.args.get("size", "label"), order["number"])


@bp.post("/slips")
def batch_slips():
    """The slips of the orders ticked on the list, one page each, in the list's order."""
    ids: list[int] = []
    for value in request.form.getlist("order"):
        if not value.isdigit() or int(value) > MAX_ID:
            abort(400, description=t("slips_none"))
        if int(value) not in ids:
            ids.append(int(value))
    if not ids:
        abort(400, description=t("slips_none"))
    if len(ids) > slips.MAX_BATCH:
        abort(400, description=t("slips_too_many", max=slips.MAX_BATCH))
    orders = list(store.orders_for_export(get_db(), ids=ids, oldest_first=False))
    if not orders:
        abort(404)
    return _slips_pdf(orders, request.form.get("size", "label"),
                      f"bordereaux-{morocco_today().isoformat()}")


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


@bp.get(f"/customers/<int(max={MAX_ID}):customer_id>")
def customer(customer_id: int):
    """A customer: saved details, their orders (refusals counted), every conversation."""
    db = get_db()
    person = store.get_customer(db, customer_id)
    if person is None:
        abort(404)
    orders = store.customer_orders(db, customer_id)
    conversations = [{**conv, "messages": store.transcript(db, conv["id"])}
                     for conv in store.customer_conversations(db, customer_id)]
    refusals = sum(1 for o in orders if o["status"] in ("refused", "returned"))
    delivered = sum(1 for o in orders if o["status"] == "delivered")
    name = person.get("name") or next((o["customer_name"] for o in orders
                                       if o.get("customer_name")), None)
    return render_template("admin/customer.html", customer=person, orders=orders, name=name,
                           conversations=conversations, refusals=refusals, delivered=delivered)


@bp.post(f"/orders/<int(max={MAX_ID}):order_id>/status")
def change_status(order_id: int):
    db = get_db()
    new = request.form.get("status", "")
    note = (request.form.get("note") or "").strip()[:300] or None
    if new not in STATUSES:
        flash(t("flash_choose_status"), "error")
        return redirect(url_for("admin.order", order_id=order_id))
    with store.transaction(db):
        order, coop = _order_or_404(order_id)
        old = order["status"]
        if new == old:
            flash(t("flash_already", number=order["number"], status=status_label(new)), "error")
        elif new == "cancelled":
            if old not in store.CANCELLABLE_STATUSES:
                flash(t("flash_not_cancellable", number=order["number"],
                        status=status_label(old)), "error")
            else:
                service.cancel_order(db, coop, order, actor=actor())
                _audit(db, coop["id"], "order.cancel", order["number"],
                       {"from": old, "note": note})
                flash(t("flash_cancelled", number=order["number"]))
        else:
            # Not bound by the couriers' forward-only table, but a step back is marked.
            correction = is_correction(old, new)
            if correction:
                note = f"correction: {note}" if note else "correction"
            store.set_order_status(db, order_id, new, source="admin", actor=actor(), note=note)
            _audit(db, coop["id"], "order.status", order["number"],
                   {"from": old, "to": new, "note": note, "correction": correction})
            flash(t("flash_status_changed", number=order["number"], old=status_label(old),
                    new=status_label(new)))
    return redirect(url_for("admin.order", order_id=order_id))


@bp.post(f"/orders/<int(max={MAX_ID}):order_id>/retry")
def retry_forward(order_id: int):
    db = get_db()
    with store.transaction(db):
        order, coop = _order_or_404(order_id)
        if order["status"] != "forward_failed":
            flash(t("flash_not_failed", number=order["number"],
                    status=status_label(order["status"])), "error")
        elif (order.get("courier") or "manual") == "manual":
            flash(t("flash_no_courier"), "error")
        else:
            tries = [j for j in store.jobs_for_order(db, order_id)
                     if j["kind"] == "courier.forward"]
            store.set_order_status(db, order_id, "confirmed", source="admin", actor=actor(),
                                   note="forward retried", forward_error=None)
            store.enqueue(db, "courier.forward", {"order_id": order_id},
                          dedupe_key=f"forward:{order_id}:retry:{len(tries)}")
            _audit(db, coop["id"], "order.retry_forward", order["number"],
                   {"previous_error": order.get("forward_error")})
            flash(t("flash_retried", number=order["number"]))
    return redirect(url_for("admin.order", order_id=order_id))


# --------------------------------------------------------------------------
# Money: cash per day and courier, couriers' remittances
# --------------------------------------------------------------------------

MONEY_DAYS = 7
MAX_MONEY_DAYS = 366
MAX_REMITTANCE = 10_000_000


def _money_period() -> tuple[date, date]:
    today = morocco_today()
    until = _day(request.args.get("to")) or today
    since = _day(request.args.get("from")) or until - timedelta(days=MONEY_DAYS - 1)
    if until == date.max or since > until or (until - since).days >= MAX_MONEY_DAYS:
        abort(400, description=t("money_bad_period", days=MAX_MONEY_DAYS))
    return since, until


def _money_table(rows: list[dict]) -> tuple[list[dict], dict]:
    """Hourly rows → one row per (Moroccan day, courier) with count and amount per status,
    and the totals."""
    def blank(day, courier):
        return {"day": day, "courier": courier, "fees": 0.0,
                **{s: {"n": 0, "amount": 0.0} for s in store.MONEY_STATUSES}}
    table: dict[tuple, dict] = {}
    total = blank("", "")
    for r in rows:
        day = local(datetime.fromisoformat(r["hour"] + ":00:00+00:00")).date().isoformat()
        row = table.setdefault((day, r["courier"]), blank(day, r["courier"]))
        for target in (row, total):
            target[r["status"]]["n"] += r["n"]
            target[r["status"]]["amount"] += r["amount"] or 0
            if r["status"] == "delivered":
                target["fees"] += r["fees"] or 0
    return sorted(table.values(), key=lambda x: (x["day"], x["courier"]), reverse=True), total


@bp.get("/money")
def money():
    db = get_db()
    coops = store.list_coops(db)
    slug = request.args.get("coop") or ""
    coop = next((c for c in coops if c["slug"] == slug), None)
    since, until = _money_period()
    rows, total = _money_table(store.money_by_hour(
        db, since=day_start(since), until=day_start(until + timedelta(days=1)),
        coop_id=coop["id"] if coop else None))
    return render_template("admin/money.html", rows=rows, total=total, coops=coops,
                           coop=coop, since=since, until=until, today=morocco_today(),
                           balances=store.courier_balances(db, coop["id"] if coop else None),
                           remittances=store.list_remittances(db, coop["id"] if coop else None),
                           couriers=store.couriers_in_use(db), statuses=store.MONEY_STATUSES)


def _amount(value: str | None) -> float:
    """``1 234,50`` or ``1234.5`` → 1234.5; anything else (or ≤ 0, too large) is a 400."""
    text = (value or "").replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    text = text.replace(",", ".")
    try:
        amount = round(float(text), 2)
    except ValueError:
        amount = float("nan")
    if not (0 < amount <= MAX_REMITTANCE):
        abort(400, description=t("money_bad_amount", max=MAX_REMITTANCE))
    return amount


@bp.post("/money/remittances")
def add_remittance():
    """Mark a courier's cash remittance as received."""
    db = get_db()
    courier = request.form.get("courier", "")
    if courier not in store.couriers_in_use(db):
        abort(400, description=t("money_bad_courier"))
    amount = _amount(request.form.get("amount"))
    received = _day(request.form.get("received_on")) or morocco_today()
    if received > morocco_today():
        abort(400, description=t("money_future"))
    slug = request.form.get("coop") or ""
    coop = store.get_coop_by_slug(db, slug) if slug else None
    if slug and coop is None:
        abort(400, description=t("money_bad_coop"))
    note = (request.form.get("note") or "").strip()[:200] or None
    with store.transaction(db):
        store.add_remittance(db, coop_id=coop["id"] if coop else None, courier=courier,
                             amount=amount, received_on=received.isoformat(), note=note,
                             actor=actor())
        _audit(db, coop["id"] if coop else None, "money.remittance", courier,
               {"amount": amount, "received_on": received.isoformat(), "note": note})
    flash(t("money_remitted", courier=courier, amount=_format_money(amount, 2)))
    return redirect(url_for("admin.money", **({"coop": slug} if slug else {})))


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
    except (binascii.Error, UnicodeDecodeError, CatalogError):
        flash(t("flash_import_failed"), "error")
        return redirect(url_for("admin.coop", slug=slug))
    errors = photos.ingest_catalog(products, _photo_dir())
    if errors:
        flash(t("flash_import_photos", errors="; ".join(f"{n}: {m}" for n, m in errors)), "error")
        return redirect(url_for("admin.coop", slug=slug))
    db = get_db()
    with store.transaction(db):
        store.replace_catalog(db, coop["id"], products)
        _audit(db, coop["id"], "catalog.import", slug,
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
        _audit(db, coop["id"], "product.stock", product["sku"],
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
        store.save_product(db, coop["id"], changed)
        _audit(db, coop["id"], "product.price", product["sku"],
               {"from": product["price"], "to": changed["price"]})
    flash(t("product_price_changed", name=product["name"],
            price=_format_money(changed["price"])))
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
    form = {k: request.form.get(k, "") for k in _PRODUCT_FIELDS}
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
    old_photo = product.get("photo") if product else None
    if jpeg is not None:
        changed["photo"] = photos.write(jpeg, _photo_dir())
    elif request.form.get("remove_photo") == "1":
        changed["photo"] = None
    with store.transaction(db):
        store.save_product(db, coop["id"], changed)
        if product:
            _audit(db, coop["id"], "product.edit", changed["sku"],
                   _changes({**product, "in_stock": bool(product["in_stock"])}, changed))
        else:
            _audit(db, coop["id"], "product.add", changed["sku"],
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
                _audit(db, coop["id"], "member.edit" if member else "member.add",
                       mask_phone(form["phone"]),
                       {"member_id": saved, "changed": sorted(
                           k for k in form if not before or before[k] != form[k])})
        except sqlite3.IntegrityError:
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
        _audit(db, coop["id"], "member.delete", mask_phone(member["phone"]),
               {"member_id": member_id})
    flash(t("member_deleted", name=member["name"] or mask_phone(member["phone"])))
    return redirect(url_for("admin.coop", slug=slug) + "#members")


@bp.app_template_filter("dt")
def _format_dt(value: str | None) -> str:
    """``2025-03-01T10:02:03.123+00:00`` → ``2025-03-01 11:02``, in Morocco's time."""
    when = local(value)
    return when.strftime("%Y-%m-%d %H:%M") if when else ""


@bp.app_template_filter("money")
def _format_money(value, decimals: int | None = None) -> str:
    """``1234.5`` → ``1 234,50`` (French and Arabic) or ``1,234.50`` (English); whole amounts
    without decimals (``440``) unless ``decimals`` is given."""
    amount = float(value or 0)
    if decimals is None:
        decimals = 0 if amount == round(amount) else 2
    text = f"{amount:,.{decimals}f}"
    if current_lang() == "en":
        return text
    return text.replace(",", "\u202f").replace(".", ",")


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
