"""Orders: the list with its filters and charts, one order, a customer, status changes and
retried forwards."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import cast
from urllib.parse import urlencode

from flask import (
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)

from ... import store
from ...orders import cancel_order
from ...phones import PhoneError, to_e164
from ...statuses import CANCELLABLE, is_correction
from ..db import get_db
from .common import (
    CHART_DAYS,
    MAX_ID,
    MAX_PAGE,
    PAGE_SIZE,
    STATUSES,
    actor,
    audit,
    bp,
    day_start,
    local,
    morocco_today,
    now,
    parse_day,
    status_label,
    t,
)


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
        for i, (d, n) in enumerate(zip(series, values, strict=False)):
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


def filters() -> dict:
    args = request.args
    coop_slug = args.get("coop") or ""
    status = args.get("status") or ""
    if status not in STATUSES:
        status = ""
    date_from, date_to = parse_day(args.get("from")), parse_day(args.get("to"))
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


def search_criteria(db, f: dict) -> tuple[list[dict], dict]:
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
    f = filters()
    coops, criteria = search_criteria(db, f)
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


def order_or_404(order_id: int) -> tuple[dict, dict]:
    db = get_db()
    order = store.get_order(db, order_id)
    if order is None:
        abort(404)
    # orders.coop_id references coops(id): the cooperative is there
    return order, cast(dict, store.get_coop(db, order["coop_id"]))


@bp.get(f"/orders/<int(max={MAX_ID}):order_id>")
def order(order_id: int):
    db = get_db()
    order, coop = order_or_404(order_id)
    transcript = store.transcript(db, order["conversation_id"]) if order.get("conversation_id") \
        else []
    customer = store.get_customer(db, order["customer_id"]) if order.get("customer_id") else None
    return render_template("admin/order.html", order=order, coop=coop, customer=customer,
                           events=store.order_events(db, order_id), transcript=transcript,
                           jobs=store.jobs_for_order(db, order_id),
                           cancellable=order["status"] in CANCELLABLE)


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
        order, coop = order_or_404(order_id)
        old = order["status"]
        if new == old:
            flash(t("flash_already", number=order["number"], status=status_label(new)), "error")
        elif new == "cancelled":
            if old not in CANCELLABLE:
                flash(t("flash_not_cancellable", number=order["number"],
                        status=status_label(old)), "error")
            else:
                cancel_order(db, coop, order, actor=actor())
                audit(db, coop["id"], "order.cancel", order["number"],
                       {"from": old, "note": note})
                flash(t("flash_cancelled", number=order["number"]))
        else:
            # Not bound by the couriers' forward-only table, but a step back is marked.
            correction = is_correction(old, new)
            if correction:
                note = f"correction: {note}" if note else "correction"
            store.set_order_status(db, order_id, new, source="admin", actor=actor(), note=note)
            audit(db, coop["id"], "order.status", order["number"],
                   {"from": old, "to": new, "note": note, "correction": correction})
            flash(t("flash_status_changed", number=order["number"], old=status_label(old),
                    new=status_label(new)))
    return redirect(url_for("admin.order", order_id=order_id))


@bp.post(f"/orders/<int(max={MAX_ID}):order_id>/retry")
def retry_forward(order_id: int):
    db = get_db()
    with store.transaction(db):
        order, coop = order_or_404(order_id)
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
            audit(db, coop["id"], "order.retry_forward", order["number"],
                   {"previous_error": order.get("forward_error")})
            flash(t("flash_retried", number=order["number"]))
    return redirect(url_for("admin.order", order_id=order_id))
