"""Cooperatives, their members and catalogs, shared-number routes, the courier city cache."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import overload

from .. import clock
from .sql import Conflict, all, conflicts_as, dumps, loads, one, transaction


class PhoneTaken(Conflict):
    """The phone is already one of the cooperative's members."""


@overload
def coop_row(row: dict) -> dict: ...
@overload
def coop_row(row: None) -> None: ...
@overload
def coop_row(row: dict | None) -> dict | None: ...
def coop_row(row: dict | None) -> dict | None:
    """A ``coops`` row as the bot uses it: its ``settings`` parsed, and the stored text kept as
    ``settings_json`` (a cheap cache key for what is derived from the settings, such as the
    opening hours, read on every message)."""
    if row is None:
        return None
    row = dict(row)
    row["settings_json"] = row.get("settings")
    row["settings"] = _settings_of(row["settings_json"])
    return row


#: The parsed ``settings`` by their stored text: read with every message (the JSON parse
#: was a twentieth of a message's instructions), changed only by an import or the admin,
#: which write a new text. Shared between readers: nothing writes into a row's settings
#: (``tests/test_store_settings.py`` holds it so).
_SETTINGS: dict[str | None, dict] = {}


def _settings_of(text: str | None) -> dict:
    found = _SETTINGS.get(text)
    if found is None:
        if len(_SETTINGS) >= 256:
            _SETTINGS.clear()
        found = _SETTINGS[text] = loads(text, {})
    return found


def upsert_coop(db, coop: dict, members: list[dict], products: list[dict] | None) -> int:
    """Create or replace a cooperative with its members (and catalog when given)."""
    now = clock.now_iso()
    existing = one(db, "SELECT id FROM coops WHERE slug = ?", (coop["slug"],))
    values = {
        "slug": coop["slug"], "name": coop["name"], "code": coop.get("code"),
        "whatsapp_from": coop.get("whatsapp_from"), "sms_from": coop.get("sms_from"),
        "settings": dumps(coop.get("settings", {})), "order_prefix": coop.get("order_prefix"),
        "updated_at": now,
    }
    with transaction(db):
        if existing:
            coop_id = existing["id"]
            db["coops"].update(coop_id, values)
        else:
            values["created_at"] = now
            coop_id = db["coops"].insert(values).last_pk
        db.conn.execute("DELETE FROM members WHERE coop_id = ?", (coop_id,))
        for m in members:
            db["members"].insert({"coop_id": coop_id, "name": m.get("name"), "phone": m["phone"],
                                  "channel": m.get("channel", "sms"),
                                  "language": m.get("language", "fr")})
        if products is not None:
            replace_catalog(db, coop_id, products)
    return coop_id


def replace_catalog(db, coop_id: int, products: list[dict]) -> None:
    """Replace a cooperative's whole catalog atomically (stock flags are kept by sku, and so
    are photos, unless a product brings its own ``photo``)."""
    with transaction(db):
        old = all(db, "SELECT sku, in_stock, photo FROM products WHERE coop_id = ?", (coop_id,))
        stock = {r["sku"]: r["in_stock"] for r in old}
        photos = {r["sku"]: r["photo"] for r in old}
        db.conn.execute("DELETE FROM products WHERE coop_id = ?", (coop_id,))
        for position, p in enumerate(products):
            in_stock = p.get("in_stock", True)
            if p["sku"] in stock and in_stock:
                in_stock = bool(stock[p["sku"]])
            db["products"].insert({
                "coop_id": coop_id, "sku": p["sku"], "name": p["name"], "price": p["price"],
                "unit": p["unit"], "size": p["size"], "aliases": dumps(p.get("aliases", [])),
                "in_stock": int(bool(in_stock)), "position": position,
                "short_name": p.get("short_name") or None,
                "photo": p["photo"] if "photo" in p else photos.get(p["sku"]),
            })
        bump_catalog_version(db, coop_id)


def bump_catalog_version(db, coop_id: int) -> None:
    db.conn.execute("UPDATE coops SET catalog_version = catalog_version + 1 WHERE id = ?",
                    (coop_id,))


def set_stock(db, coop_id: int, sku: str, in_stock: bool) -> dict | None:
    """Mark a product in or out of stock; return the product, or None if unknown."""
    with transaction(db):
        product = one(db, "SELECT * FROM products WHERE coop_id = ? AND upper(sku) = upper(?)",
                      (coop_id, sku))
        if product is None:
            return None
        db.conn.execute("UPDATE products SET in_stock = ? WHERE id = ?",
                        (int(in_stock), product["id"]))
        bump_catalog_version(db, coop_id)
    product["in_stock"] = int(in_stock)
    return product


def get_coop(db, coop_id: int) -> dict | None:
    return coop_row(one(db, "SELECT * FROM coops WHERE id = ?", (coop_id,)))


def get_coop_by_slug(db, slug: str) -> dict | None:
    return coop_row(one(db, "SELECT * FROM coops WHERE slug = ?", (slug,)))


def get_coop_by_code(db, code: str) -> dict | None:
    return coop_row(one(db, "SELECT * FROM coops WHERE upper(code) = upper(?)", (code,)))


def number_column(channel: str) -> str:
    """The ``coops`` column holding a cooperative's number on ``channel``."""
    return "whatsapp_from" if channel == "whatsapp" else "sms_from"


def coops_for_number(db, channel: str, number: str) -> list[dict]:
    """Cooperatives answering on a sender number (several when it is a shared number)."""
    rows = all(db, f"SELECT * FROM coops WHERE {number_column(channel)} = ? ORDER BY id",
               (number,))
    return [coop_row(r) for r in rows]


def list_coops(db) -> list[dict]:
    return [coop_row(r) for r in all(db, "SELECT * FROM coops ORDER BY name")]


def list_products(db, coop_id: int) -> list[dict]:
    rows = all(db, "SELECT sku, name, price, unit, size, aliases, in_stock, short_name, photo "
                   "FROM products WHERE coop_id = ? ORDER BY position, id", (coop_id,))
    for r in rows:
        r["aliases"] = loads(r["aliases"], [])
        r["in_stock"] = bool(r["in_stock"])
    return rows


def short_names(db, coop_id: int, skus: list | None = None) -> dict:
    """``{sku: short_name}`` of the cooperative's products that have one (among ``skus``
    when given)."""
    sql = "SELECT sku, short_name FROM products WHERE coop_id = ? AND short_name IS NOT NULL " \
          "AND short_name != ''"
    params: list = [coop_id]
    if skus is not None:
        skus = [s for s in skus if s]
        if not skus:
            return {}
        sql += f" AND sku IN ({', '.join('?' * len(skus))})"
        params += skus
    return dict(db.conn.execute(sql, params).fetchall())


def list_members(db, coop_id: int) -> list[dict]:
    return all(db, "SELECT * FROM members WHERE coop_id = ? ORDER BY id", (coop_id,))


def find_member(db, phone: str, coop_id: int | None = None) -> dict | None:
    if coop_id is None:
        return one(db, "SELECT * FROM members WHERE phone = ? ORDER BY id LIMIT 1", (phone,))
    return one(db, "SELECT * FROM members WHERE phone = ? AND coop_id = ?", (phone, coop_id))


def touch_member(db, member_id: int) -> None:
    db.conn.execute("UPDATE members SET last_inbound_at = ? WHERE id = ?",
                    (clock.now_iso(), member_id))


def get_route(db, number: str, address: str) -> int | None:
    row = one(db, "SELECT coop_id FROM routes WHERE number = ? AND address = ?",
              (number, address))
    return row["coop_id"] if row else None


def set_route(db, number: str, address: str, coop_id: int | None) -> None:
    if coop_id is None:
        db.conn.execute("DELETE FROM routes WHERE number = ? AND address = ?", (number, address))
        return
    db.conn.execute(
        "INSERT INTO routes (number, address, coop_id, updated_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(number, address) DO UPDATE SET coop_id = excluded.coop_id, "
        "updated_at = excluded.updated_at", (number, address, coop_id, clock.now_iso()))


def load_courier_cities(db, courier: str, account: str, max_age_hours: float = 24):
    row = one(db, "SELECT * FROM courier_cities WHERE courier = ? AND account = ?",
              (courier, account))
    if row is None:
        return None
    fetched = datetime.fromisoformat(row["fetched_at"])
    if clock.utcnow() - fetched > timedelta(hours=max_age_hours):
        return None
    return loads(row["cities"], [])


def save_courier_cities(db, courier: str, account: str, cities: list[dict]) -> None:
    db.conn.execute(
        "INSERT INTO courier_cities (courier, account, cities, fetched_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(courier, account) DO UPDATE SET cities = excluded.cities, "
        "fetched_at = excluded.fetched_at", (courier, account, dumps(cities), clock.now_iso()))


def coop_summaries(db) -> list[dict]:
    """Every cooperative with its member, product and order counts."""
    rows = all(db, "SELECT c.*, "
                   "(SELECT count(*) FROM members m WHERE m.coop_id = c.id) AS n_members, "
                   "(SELECT count(*) FROM products p WHERE p.coop_id = c.id) AS n_products, "
                   "(SELECT count(*) FROM orders o WHERE o.coop_id = c.id) AS n_orders "
                   "FROM coops c ORDER BY c.name")
    return [coop_row(r) for r in rows]


def get_member(db, member_id: int) -> dict | None:
    return one(db, "SELECT * FROM members WHERE id = ?", (member_id,))


def set_member_last_inbound(db, member_id: int, when: str | None) -> None:
    """Set when a member last wrote to us (opens WhatsApp's 24 h window); None closes it."""
    db.conn.execute("UPDATE members SET last_inbound_at = ? WHERE id = ?", (when, member_id))


def get_product(db, coop_id: int, sku: str) -> dict | None:
    row = one(db, "SELECT * FROM products WHERE coop_id = ? AND sku = ?", (coop_id, sku))
    if row is not None:
        row["aliases"] = loads(row.get("aliases"), [])
    return row


def save_product(db, coop_id: int, product: dict) -> None:
    """Add a product (at the end of the catalog) or change the one with its sku; the bot
    reads the new catalog from its next message (the catalog version is bumped)."""
    values = {"name": product["name"], "price": product["price"], "unit": product["unit"],
              "size": product["size"], "aliases": dumps(product.get("aliases", [])),
              "in_stock": int(bool(product.get("in_stock", True))),
              "short_name": product.get("short_name") or None}
    if "photo" in product:                       # else the product keeps its photo
        values["photo"] = product["photo"] or None
    with transaction(db):
        existing = one(db, "SELECT id FROM products WHERE coop_id = ? AND sku = ?",
                       (coop_id, product["sku"]))
        if existing:
            db["products"].update(existing["id"], values)
        else:
            position = db.conn.execute("SELECT coalesce(max(position), -1) + 1 FROM products "
                                       "WHERE coop_id = ?", (coop_id,)).fetchone()[0]
            db["products"].insert({"coop_id": coop_id, "sku": product["sku"],
                                   "position": position, **values})
        bump_catalog_version(db, coop_id)


def photo_in_use(db, name: str) -> bool:
    """Whether a product still shows the stored photo ``name``."""
    return one(db, "SELECT 1 AS x FROM products WHERE photo = ? LIMIT 1", (name,)) is not None


def save_member(db, coop_id: int, member: dict, member_id: int | None = None) -> int:
    """Add a member to a cooperative, or change one of its members; returns its id.
    Raises :class:`PhoneTaken` when the phone is already one of its members."""
    values = {k: member[k] for k in ("name", "phone", "channel", "language")}
    with conflicts_as(PhoneTaken):
        if member_id is None:
            return db["members"].insert({"coop_id": coop_id, **values}).last_pk
        db.conn.execute("UPDATE members SET name = ?, phone = ?, channel = ?, language = ? "
                        "WHERE id = ? AND coop_id = ?", (*values.values(), member_id, coop_id))
    return member_id


def delete_member(db, coop_id: int, member_id: int) -> None:
    db.conn.execute("DELETE FROM members WHERE id = ? AND coop_id = ?", (member_id, coop_id))
