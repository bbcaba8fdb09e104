"""Files from the orders list: CSV for Excel, JSON lines for tools, delivery slips (PDF)."""

from __future__ import annotations

import json
from typing import cast

from flask import (
    Response,
    abort,
    request,
    stream_with_context,
)

from ... import exports, slips, store
from ..db import get_db
from .common import (
    MAX_ID,
    audit,
    bp,
    format_money,
    morocco_today,
    status_label,
    t,
)
from .orders import filters, order_or_404, search_criteria


@bp.get("/orders.csv")
def orders_csv():
    """The orders the list's filters select, as a CSV file for Excel (see ``exports``)."""
    db = get_db()
    f = filters()
    _, criteria = search_criteria(db, f)
    with store.transaction(db):
        audit(db, None, "orders.export_csv", None,
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
    _, criteria = search_criteria(db, filters())

    def lines():
        for order in store.export_orders(db, **criteria):
            yield json.dumps(order, ensure_ascii=False) + "\n"
    return Response(stream_with_context(lines()), mimetype="application/x-ndjson",
                    headers={"Content-Disposition": 'attachment; filename="orders.jsonl"'})


def _slips_pdf(orders: list[dict], size: str, name: str) -> Response:
    if size not in slips.SIZES:
        abort(400, description=t("slips_size"))
    db = get_db()
    # orders.coop_id references coops(id): every cooperative is there
    coops = {cid: cast(dict, store.get_coop(db, cid)) for cid in {o["coop_id"] for o in orders}}
    texts = {key: t(key) for key in ("slip_cash", "slip_cod", "slip_recipient", "slip_footer",
                                     "phone")}
    try:
        pdf = slips.render(orders, coops, size=size, texts=texts,
                           money=lambda v: f"{format_money(v, 2)} DH")
    except slips.SlipError as exc:
        abort(503, description=t("slips_no_font", error=exc))
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{name}.pdf"'})


@bp.get(f"/orders/<int(max={MAX_ID}):order_id>/slip.pdf")
def order_slip(order_id: int):
    """One order's delivery slip (``?size=label``, the default, or ``a4``)."""
    order, _ = order_or_404(order_id)
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
