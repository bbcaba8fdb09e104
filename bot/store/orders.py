"""Orders, their lines and events; search, counts, stats, exports and the money view."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import cast, overload

from .. import clock, statuses
from .sql import all, one, update_row


def next_order_number(db, coop: dict) -> str:
    """Take the cooperative's next order number (inside the caller's transaction)."""
    # the cooperative exists: the caller holds its row
    row = cast(dict, one(db, "SELECT next_order_seq, order_prefix, slug FROM coops WHERE id = ?",
                        (coop["id"],)))
    seq = row["next_order_seq"] or 1001
    db.conn.execute("UPDATE coops SET next_order_seq = ? WHERE id = ?", (seq + 1, coop["id"]))
    prefix = (row["order_prefix"] or row["slug"][:1] or "B").upper()
    return f"{prefix}-{seq}"


def create_order(db, *, coop: dict, customer_id: int, conversation_id: int | None, status: str,
                 details: dict, lines: list[dict], subtotal: float, delivery_fee: float,
                 courier: str | None, lang: str | None, channel: str | None,
                 city_id: str | None = None, now: str | None = None,
                 note: str | None = None) -> dict:
    """Insert an order with its lines and first event; return it (with ``number``).
    ``now``: the stored creation time (tests and imports), else the clock's; ``note``: the
    first event's (a delivery day the customer asked for)."""
    now = now or clock.now_iso()
    number = next_order_number(db, coop)
    cur = db.conn.execute(
        "INSERT INTO orders (number, coop_id, customer_id, conversation_id, status, "
        "customer_name, phone, city, address, latitude, longitude, subtotal, delivery_fee, "
        "total, courier, lang, channel, city_id, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (number, coop["id"], customer_id, conversation_id, status, details.get("name"),
         details.get("phone"), details.get("city"), details.get("address"),
         details.get("latitude"), details.get("longitude"), subtotal, delivery_fee,
         round(subtotal + delivery_fee, 2), courier, lang, channel, city_id, now, now))
    order_id = cur.lastrowid
    for line in lines:
        db.conn.execute(
            "INSERT INTO order_lines (order_id, sku, name, quantity, unit_price, line_total) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (order_id, line["sku"], line["name"], line["quantity"], line["unit_price"],
             round(line["quantity"] * line["unit_price"], 2)))
    add_order_event(db, order_id, status, source="bot", note=note)
    return cast(dict, get_order(db, order_id))      # inserted above, in this transaction


def add_order_event(db, order_id: int, status: str, *, raw_status: str | None = None,
                    source: str = "bot", actor: str | None = None, note: str | None = None) -> None:
    db.conn.execute(
        "INSERT INTO order_events (order_id, status, raw_status, source, actor, note, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)", (order_id, status, raw_status, source, actor, note,
                                        clock.now_iso()))


def set_order_status(db, order_id: int, status: str, *, raw_status: str | None = None,
                     source: str = "bot", actor: str | None = None, note: str | None = None,
                     **fields) -> None:
    allowed = {"tracking", "courier_status", "forward_error", "city_id", "courier"}
    fields = {k: v for k, v in fields.items() if k in allowed}
    fields["status"] = status
    fields["updated_at"] = clock.now_iso()
    sets = ", ".join(f"{k} = ?" for k in fields)
    db.conn.execute(f"UPDATE orders SET {sets} WHERE id = ?", (*fields.values(), order_id))
    add_order_event(db, order_id, status, raw_status=raw_status, source=source, actor=actor,
                    note=note)


def update_order_fields(db, order_id: int, **fields) -> None:
    update_row(db, "orders", order_id, fields, allowed={
        "tracking", "courier_status", "forward_error", "city_id", "delivery_fee", "total"})


@overload
def _with_lines(db, order: dict) -> dict: ...
@overload
def _with_lines(db, order: None) -> None: ...
@overload
def _with_lines(db, order: dict | None) -> dict | None: ...
def _with_lines(db, order: dict | None) -> dict | None:
    if order is None:
        return None
    order["lines"] = all(db, "SELECT sku, name, quantity, unit_price, line_total FROM order_lines "
                             "WHERE order_id = ? ORDER BY id", (order["id"],))
    return order


def get_order(db, order_id: int) -> dict | None:
    return _with_lines(db, one(db, "SELECT * FROM orders WHERE id = ?", (order_id,)))


def get_order_by_number(db, coop_id: int, number: str) -> dict | None:
    return _with_lines(db, one(db, "SELECT * FROM orders WHERE coop_id = ? AND number = ?",
                               (coop_id, number)))


def find_order_by_digits(db, coop_id: int, digits: str) -> dict | None:
    """A member types ``1042`` or ``t-1042``: find that order of their cooperative."""
    return _with_lines(db, one(
        db, "SELECT * FROM orders WHERE coop_id = ? AND "
            "(upper(number) = upper(?) OR number LIKE ?) ORDER BY id DESC LIMIT 1",
        (coop_id, digits, f"%-{digits}")))


def get_order_by_tracking(db, courier: str, tracking: str) -> dict | None:
    return _with_lines(db, one(db, "SELECT * FROM orders WHERE courier = ? AND tracking = ?",
                               (courier, tracking)))


def latest_order(db, coop_id: int, customer_id: int, active_only: bool = False) -> dict | None:
    sql = "SELECT * FROM orders WHERE coop_id = ? AND customer_id = ?"
    if active_only:
        sql += f" AND status IN ({','.join('?' * len(statuses.ACTIVE))})"
        params: tuple = (coop_id, customer_id, *statuses.ACTIVE)
    else:
        params = (coop_id, customer_id)
    return _with_lines(db, one(db, sql + " ORDER BY id DESC LIMIT 1", params))


def open_orders(db, coop_id: int, since: str | None = None) -> list[dict]:
    sql = (f"SELECT * FROM orders WHERE coop_id = ? AND status IN "
           f"({','.join('?' * len(statuses.ACTIVE))})")
    params: list = [coop_id, *statuses.ACTIVE]
    if since:
        sql += " AND created_at >= ?"
        params.append(since)
    return [_with_lines(db, o) for o in all(db, sql + " ORDER BY id", params)]


def order_events(db, order_id: int) -> list[dict]:
    return all(db, "SELECT * FROM order_events WHERE order_id = ? ORDER BY id", (order_id,))


def _order_filter(*, coop_id=None, status=None, date_from=None, date_to=None, q=None,
                  ids=None) -> tuple[str, list]:
    """The WHERE clause (on ``orders o``) of the dashboard's order filters."""
    where, params = [], []
    for cond, value in (("o.coop_id = ?", coop_id), ("o.status = ?", status),
                        ("o.created_at >= ?", date_from), ("o.created_at < ?", date_to)):
        if value:
            where.append(cond)
            params.append(value)
    if q:
        where.append("(o.number LIKE ? OR o.customer_name LIKE ? OR o.phone LIKE ? "
                     "OR o.city LIKE ?)")
        params.extend([f"%{q}%"] * 4)
    if ids is not None:
        where.append(f"o.id IN ({', '.join('?' * len(ids))})" if ids else "0")
        params.extend(ids)
    return (" WHERE " + " AND ".join(where) if where else ""), params


#: The dashboard's order rows, with their cooperative's slug and name (add ``_order_filter``).
_ORDERS_WITH_COOP = ("SELECT o.*, c.slug AS coop_slug, c.name AS coop_name FROM orders o "
                     "JOIN coops c ON c.id = o.coop_id")


def search_orders(db, *, limit=200, offset=0, **criteria) -> list[dict]:
    where, params = _order_filter(**criteria)
    sql = _ORDERS_WITH_COOP + where + " ORDER BY o.id DESC LIMIT ? OFFSET ?"
    return all(db, sql, (*params, limit, offset))


def order_stats(db, days: int = 14, now: datetime | None = None) -> dict:
    """Orders and their totals per UTC hour over the last ``days`` (the dashboard groups the
    hours into Moroccan days), and orders by status. Cancelled orders count, at 0 revenue."""
    since = ((now or clock.utcnow()) - timedelta(days=days)).isoformat()
    per_hour = all(db, "SELECT substr(created_at, 1, 13) AS hour, count(*) AS n, "
                       "sum(CASE WHEN status = 'cancelled' THEN 0 ELSE total END) AS revenue "
                       "FROM orders WHERE created_at >= ? GROUP BY hour ORDER BY hour",
                   (since,))
    by_status = all(db, "SELECT status, count(*) AS n FROM orders GROUP BY status "
                        "ORDER BY n DESC")
    return {"per_hour": per_hour, "by_status": by_status}


def export_orders(db, **criteria) -> Iterator[dict]:
    """Every order (or those the dashboard's filters select) as the export's plain dict,
    oldest first (streamed)."""
    for o in orders_for_export(db, **criteria):
        yield {
            "number": o["number"], "coop": o["coop_slug"], "customer_phone": o["phone"],
            "customer_name": o["customer_name"], "city": o["city"], "address": o["address"],
            "lines": [{"sku": li["sku"], "quantity": li["quantity"],
                       "unit_price": li["unit_price"]} for li in o["lines"]],
            "subtotal": o["subtotal"], "delivery_fee": o["delivery_fee"],
            "total": o["total"], "status": o["status"], "courier": o["courier"],
            "tracking": o["tracking"], "created_at": o["created_at"],
        }


def count_orders(db, **criteria) -> int:
    """How many orders :func:`search_orders` would list without a limit."""
    where, params = _order_filter(**criteria)
    return db.conn.execute("SELECT count(*) FROM orders o" + where, params).fetchone()[0]


#: Statuses in which a polled courier (Ozon, sandbox) may still move a parcel:
#: a refused parcel is watched until it is back at the cooperative (returned).


def orders_to_poll(db) -> list[dict]:
    """Orders with a tracking code whose courier must still be asked where the parcel is."""
    return all(db, f"SELECT * FROM orders WHERE tracking IS NOT NULL AND status IN "
                   f"({','.join('?' * len(statuses.POLLED))}) ORDER BY id", statuses.POLLED)


def orders_for_export(db, *, oldest_first: bool = True, **criteria) -> Iterator[dict]:
    """The orders the dashboard's filters select (see :func:`search_orders`), each with its
    lines and cooperative name, streamed."""
    where, params = _order_filter(**criteria)
    cur = db.conn.execute(
        _ORDERS_WITH_COOP + where
        + (" ORDER BY o.id" if oldest_first else " ORDER BY o.id DESC"), params)
    keys = [d[0] for d in cur.description]
    lines_cur = db.conn.cursor()
    for row in cur:
        order = dict(zip(keys, row, strict=False))
        lines_cur.execute("SELECT sku, name, quantity, unit_price, line_total FROM order_lines "
                          "WHERE order_id = ? ORDER BY id", (order["id"],))
        order["lines"] = [dict(zip(("sku", "name", "quantity", "unit_price", "line_total"), r,
                                   strict=False))
                          for r in lines_cur.fetchall()]
        yield order


#: The statuses the money view counts: cash out with a courier, collected, refused, returned.
MONEY_STATUSES = ("out_for_delivery", "delivered", "refused", "returned")


def money_by_hour(db, *, since: str, until: str, coop_id: int | None = None) -> list[dict]:
    """Orders now out for delivery, delivered, refused or returned, by the UTC hour they got
    that status, their courier and status: how many, their totals and delivery fees (the
    dashboard groups the hours into Moroccan days)."""
    sql = ("SELECT substr(e.at, 1, 13) AS hour, coalesce(o.courier, 'manual') AS courier, "
           "o.status, count(*) AS n, sum(o.total) AS amount, sum(o.delivery_fee) AS fees "
           "FROM orders o JOIN (SELECT order_id, status, max(created_at) AS at "
           "FROM order_events GROUP BY order_id, status) e "
           "ON e.order_id = o.id AND e.status = o.status "
           f"WHERE o.status IN ({', '.join('?' * len(MONEY_STATUSES))}) "
           "AND e.at >= ? AND e.at < ?")
    params: list = [*MONEY_STATUSES, since, until]
    if coop_id:
        sql += " AND o.coop_id = ?"
        params.append(coop_id)
    return all(db, sql + " GROUP BY hour, courier, o.status ORDER BY hour", params)


def courier_balances(db, coop_id: int | None = None) -> list[dict]:
    """Per courier, all time: cash collected (delivered orders), remitted, still out for
    delivery."""
    where, params = "", []
    if coop_id:
        where, params = " AND coop_id = ?", [coop_id]
    rows = all(db, "SELECT coalesce(courier, 'manual') AS courier, "
                   "sum(CASE WHEN status = 'delivered' THEN total ELSE 0 END) AS collected, "
                   "sum(CASE WHEN status = 'out_for_delivery' THEN total ELSE 0 END) AS out "
                   "FROM orders WHERE status IN ('delivered', 'out_for_delivery')" + where
                   + " GROUP BY 1", params)
    paid = {r["courier"]: r["amount"] for r in all(
        db, "SELECT courier, sum(amount) AS amount FROM remittances WHERE 1 = 1" + where
            + " GROUP BY courier", params)}
    couriers = {r["courier"]: r for r in rows}
    for courier in paid:
        couriers.setdefault(courier, {"courier": courier, "collected": 0.0, "out": 0.0})
    out = []
    for courier, r in sorted(couriers.items()):
        remitted = paid.get(courier) or 0.0
        out.append({**r, "remitted": remitted,
                    "owed": round((r["collected"] or 0) - remitted, 2)})
    return out


def add_remittance(db, *, coop_id: int | None, courier: str, amount: float, received_on: str,
                   note: str | None, actor: str) -> int:
    cur = db.conn.execute(
        "INSERT INTO remittances (coop_id, courier, amount, received_on, note, actor, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (coop_id, courier, amount, received_on, note, actor, clock.now_iso()))
    return cur.lastrowid


def list_remittances(db, coop_id: int | None = None, limit: int = 50) -> list[dict]:
    if coop_id:
        return all(db, "SELECT * FROM remittances WHERE coop_id = ? ORDER BY id DESC LIMIT ?",
                   (coop_id, limit))
    return all(db, "SELECT * FROM remittances ORDER BY id DESC LIMIT ?", (limit,))


def couriers_in_use(db) -> list[str]:
    return [r["courier"] for r in all(
        db, "SELECT DISTINCT coalesce(courier, 'manual') AS courier FROM orders ORDER BY 1")]


def customer_orders(db, customer_id: int) -> list[dict]:
    """A customer's orders with every cooperative, newest first."""
    return all(db, "SELECT o.*, c.name AS coop_name, c.slug AS coop_slug FROM orders o "
                   "JOIN coops c ON c.id = o.coop_id WHERE o.customer_id = ? "
                   "ORDER BY o.id DESC", (customer_id,))


def orders_of_customer(db, slug: str, phone: str) -> list[dict]:
    """The orders a customer (by phone) placed with the cooperative ``slug``, oldest first:
    ``id, number, customer_name, city, total, status`` and their ``lines`` (``sku``,
    ``quantity``), as the conversation eval reads them back."""
    orders = all(db, "SELECT o.id, o.number, o.customer_name, o.city, o.total, o.status "
                     "FROM orders o JOIN coops c ON c.id = o.coop_id "
                     "JOIN customers cu ON cu.id = o.customer_id "
                     "WHERE c.slug = ? AND cu.phone = ? ORDER BY o.id", (slug, phone))
    for order in orders:
        order["lines"] = all(db, "SELECT sku, quantity FROM order_lines WHERE order_id = ? "
                                 "ORDER BY id", (order["id"],))
    return orders
