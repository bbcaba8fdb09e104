"""What every part of the dashboard shares: its blueprint, its texts in the operator's
language, Morocco's time, who is acting (for the audit trail), and the template filters."""

from __future__ import annotations

import functools
import logging
from datetime import UTC, date, datetime
from datetime import time as dtime
from typing import overload

from flask import (
    Blueprint,
    current_app,
    g,
    request,
    session,
)

from ... import datafiles, store
from ...members import MOROCCO, today_start
from ...statuses import ORDER_STATUSES

log = logging.getLogger("bot.admin")
bp = Blueprint("admin", __name__, url_prefix="/admin")

STATUSES = ORDER_STATUSES
PAGE_SIZE = 50
MAX_PAGE = 100_000                   # 5 million orders: beyond is a typo or a probe
MAX_ID = 2**63 - 1                   # the largest row id (SQLite INTEGER)
CHART_DAYS = 14
#: Wrong tokens per 5 minutes, per client address and from everywhere, before logins get 429
#: unheard (browsers that logged in before are judged by their own failures: auth._throttled).
LOGIN_WINDOW, LOGIN_MAX_FAILURES, LOGIN_MAX_GLOBAL = 300, 10, 100
MIN_TOKEN_LENGTH = 16
SESSION_MAX_AGE = 12 * 3600          # a login lasts a working day at most
#: A browser that logged in before keeps getting in while the login is throttled for others
#: (auth._throttled); the cookie is forgotten after this long or when ADMIN_TOKEN changes.
DEVICE_COOKIE = "bghit_admin_device"
DEVICE_COOKIE_AGE = 90 * 24 * 3600


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


@functools.cache
def texts(lang: str) -> dict:
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
    text = texts(current_lang()).get(key)
    if text is None:
        text = texts(DEFAULT_LANG).get(key, key)
    return str(text).format_map(_Blank(params))


def tn(key: str, n: int, **params) -> str:
    """``t`` for a count: the ``<key>_one`` text when ``n`` is 1 (and the language has one)."""
    if n == 1 and (texts(current_lang()).get(f"{key}_one") is not None):
        key = f"{key}_one"
    return t(key, n=n, **params)


def status_label(status: str | None) -> str:
    return t(f"status_{status}") if status in STATUSES else (status or "").replace("_", " ")


def now() -> datetime:
    """The dashboard's clock (``ADMIN_CLOCK``, a callable, lets tests fix it)."""
    clock = current_app.config.get("ADMIN_CLOCK")
    return clock() if clock else datetime.now(UTC)


@overload
def local(value: datetime) -> datetime: ...
@overload
def local(value: str | datetime | None) -> datetime | None: ...
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
        value = value.replace(tzinfo=UTC)
    return value.astimezone(MOROCCO)


def morocco_today() -> date:
    return now().astimezone(MOROCCO).date()


def day_start(day: date) -> str:
    """Midnight of a Moroccan calendar day as a stored (UTC) timestamp."""
    return today_start(datetime.combine(day, dtime(12), tzinfo=MOROCCO))


def parse_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def actor() -> str:
    """Who made a change, for the audit trail and order history: ``admin`` or
    ``admin:<name given at login>``."""
    name = session.get("operator") or ""
    return f"admin:{name}" if name else "admin"


def audit(db, coop_id: int | None, action: str, target: str | None = None,
           detail: dict | None = None) -> None:
    """An audit row with the operator and the request's address."""
    store.audit(db, coop_id, actor(), action, target,
                {**(detail or {}), "ip": request.remote_addr or "?"})


@bp.app_template_filter("dt")
def _format_dt(value: str | None) -> str:
    """``2025-03-01T10:02:03.123+00:00`` → ``2025-03-01 11:02``, in Morocco's time."""
    when = local(value)
    return when.strftime("%Y-%m-%d %H:%M") if when else ""


@bp.app_template_filter("money")
def format_money(value, decimals: int | None = None) -> str:
    """``1234.5`` → ``1 234,50`` (French and Arabic) or ``1,234.50`` (English); whole amounts
    without decimals (``440``) unless ``decimals`` is given."""
    amount = float(value or 0)
    if decimals is None:
        decimals = 0 if amount == round(amount) else 2
    text = f"{amount:,.{decimals}f}"
    if current_lang() == "en":
        return text
    return text.replace(",", "\u202f").replace(".", ",")
