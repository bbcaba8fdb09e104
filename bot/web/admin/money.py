"""Money: cash per day and courier, couriers' remittances."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from flask import (
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)

from ... import store
from ..db import get_db
from .common import (
    actor,
    audit,
    bp,
    day_start,
    format_money,
    local,
    morocco_today,
    parse_day,
    t,
)

MONEY_DAYS = 7
MAX_MONEY_DAYS = 366
MAX_REMITTANCE = 10_000_000


def _money_period() -> tuple[date, date]:
    today = morocco_today()
    until = parse_day(request.args.get("to")) or today
    try:                                # the day after ``until`` and a week before it exist
        since = parse_day(request.args.get("from")) or until - timedelta(days=MONEY_DAYS - 1)
        exists = bool(until + timedelta(days=1))
    except OverflowError:               # ?to=0001-01-01 or 9999-12-31: no such period
        since, exists = until, False
    if not exists or since > until or (until - since).days >= MAX_MONEY_DAYS:
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
    received = parse_day(request.form.get("received_on")) or morocco_today()
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
        audit(db, coop["id"] if coop else None, "money.remittance", courier,
               {"amount": amount, "received_on": received.isoformat(), "note": note})
    flash(t("money_remitted", courier=courier, amount=format_money(amount, 2)))
    params: dict[str, Any] = {"coop": slug} if slug else {}
    return redirect(url_for("admin.money", **params))
