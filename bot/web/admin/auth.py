"""Signing in to the dashboard: the token, the login throttle, CSRF, the session, the page's
language, the security headers, and whether the blueprint is registered at all."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from pathlib import Path

from flask import (
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from itsdangerous import BadSignature, URLSafeSerializer
from werkzeug.wrappers import Response

from ... import clock, photos, store
from ...coops import LANGUAGES
from ...privacy import mask_phone
from ..db import get_db
from .common import (
    DEVICE_COOKIE,
    DEVICE_COOKIE_AGE,
    LANG_COOKIE,
    LANG_COOKIE_AGE,
    LANGS,
    LOGIN_MAX_FAILURES,
    LOGIN_MAX_GLOBAL,
    LOGIN_WINDOW,
    MIN_TOKEN_LENGTH,
    RTL_LANGS,
    SESSION_MAX_AGE,
    STATUSES,
    actor,
    bp,
    current_lang,
    log,
    status_label,
    t,
    texts,
    tn,
)


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


def _throttle_keys(ip: str, device: str | None = None) -> list[str]:
    """Where a wrong token is counted: this address and everywhere, and the browser's
    device key when it has one."""
    keys = [f"admin-login:{ip}", "admin-login:*"]
    return keys + [f"admin-login:device:{device}"] if device else keys


def _throttled(ip: str, device: str | None) -> bool:
    """Whether this login attempt is refused unheard: too many wrong tokens lately.

    A browser that logged in before (its device cookie, bound to this ``ADMIN_TOKEN``) is
    judged by its own failures only: an attacker flooding the login from the operators' own
    address, or from everywhere, cannot lock them out. Any other browser is judged by its
    address and by the failures from everywhere. Either way a throttled attempt is refused
    before its token is compared, so a 429 says nothing about the token: the throttle caps
    the guesses, it does not just hide their answers (OWASP's "device cookies")."""
    config = current_app.config
    per_client = config.get("ADMIN_LOGIN_MAX_FAILURES") or LOGIN_MAX_FAILURES
    overall = config.get("ADMIN_LOGIN_MAX_GLOBAL") or LOGIN_MAX_GLOBAL
    if device:
        [n] = store.count_failures(get_db(), [f"admin-login:device:{device}"], LOGIN_WINDOW)
        return n >= per_client
    counts = store.count_failures(get_db(), _throttle_keys(ip), LOGIN_WINDOW)
    return any(n >= limit for n, limit in zip(counts, (per_client, overall), strict=True))


def _devices() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key or "", salt="bghit-admin-device")


def _device() -> str | None:
    """The id of this browser's device cookie when it is genuine and was given under the
    present ``ADMIN_TOKEN`` (a new token forgets every device), else None."""
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return None
    try:
        value = _devices().loads(raw)
    except BadSignature:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("d"), str) or \
            not hmac.compare_digest(str(value.get("m", "")), _marker(_token())):
        return None
    return value["d"]


def _remember_device(resp: Response, device: str | None) -> None:
    """After a login: the device cookie that lets this browser in while the login is
    throttled for others (kept for ``DEVICE_COOKIE_AGE``)."""
    value = _devices().dumps({"m": _marker(_token()), "d": device or secrets.token_urlsafe(16)})
    resp.set_cookie(DEVICE_COOKIE, value, max_age=DEVICE_COOKIE_AGE, httponly=True,
                    samesite="Strict", path="/admin/login",
                    secure=current_app.session_interface.get_cookie_secure(current_app))


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
    # setdefault: a customer's medium (bot.web.twilio_media) keeps its own, stricter one.
    resp.headers.setdefault("Content-Security-Policy", (
        "default-src 'self'; img-src 'self'; script-src 'self'; style-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"))
    return resp


@bp.context_processor
def _helpers():
    lang = current_lang()
    return {"csrf_token": csrf_token, "mask_phone": mask_phone, "STATUSES": STATUSES,
            "phone_links": _phone_links, "MEMBER_LANGUAGES": LANGUAGES,
            "status_label": status_label, "t": t, "tn": tn, "lang": lang, "LANGS": LANGS,
            "lang_name": lambda code: texts(code).get("lang_name", code),
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
        device = _device()
        db = get_db()
        if _throttled(ip, device):
            log.warning("dashboard login refused from %s: throttled", ip)
            wait = LOGIN_WINDOW - int(clock.utcnow().timestamp()) % LOGIN_WINDOW
            return render_template("admin/login.html", error=t("login_throttled"),
                                   next=request.values.get("next", "")), 429, \
                {"Retry-After": str(wait)}
        given = request.form.get("token", "")
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
            resp = redirect(target)
            _remember_device(resp, device)
            return resp
        log.warning("dashboard login refused from %s: wrong token", ip)
        with store.transaction(db):
            store.add_failure(db, _throttle_keys(ip, device), LOGIN_WINDOW)
        error, status = t("login_wrong"), 403
    elif _logged_in():
        return redirect(_safe_next(request.args.get("next")))
    return render_template("admin/login.html", error=error,
                           next=request.values.get("next", "")), status


def _operator_name(value: str | None) -> str:
    """The name an operator gives at login (printable, 40 characters at most), or ''."""
    name = " ".join("".join(ch for ch in (value or "") if ch.isprintable()).split())
    return name[:40]


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


def _token_file(config) -> str | None:
    """``data/.admin_token`` when the token is the one ``./run`` generated and wrote there
    (for the login page to point to it), else None."""
    from ...config import ROOT
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
