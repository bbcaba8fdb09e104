"""The orders as a CSV file for a French Excel, and as JSON lines for tools."""

from __future__ import annotations

import csv
import io
import json

from bot import store
from bot.exports import safe_text
from tests.test_admin import Admin, make_order


def _csv(resp) -> list[list[str]]:
    assert resp.status_code == 200
    assert resp.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in resp.headers["Content-Disposition"]
    raw = resp.content
    assert raw.startswith("\ufeff".encode())             # UTF-8 BOM: Excel reads UTF-8
    text = raw.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert text.endswith("\r\n") and text.count("\r\n") == len(rows)   # CRLF row ends
    return rows


def test_csv_for_a_french_excel(live, db):
    make_order(db, name="Fatima Zahra", city="Fès", created_at="2026-11-29T23:30:00.000+00:00",
               delivery_fee=35)
    make_order(db, name="=HYPERLINK(\"http://evil\",\"x\")", address="@SUM(1+1)",
               phone="+212661234567", qty=1)
    make_order(db, name="محمد العلوي", address="-2+3; \"rue\" 5\nbloc 4", qty=3)
    a = Admin(live.base_url, lang="fr")
    a.login()
    rows = _csv(a.get("/admin/orders.csv"))
    header, first, evil, arabic = rows
    assert header[:4] == ["Commande", "Date", "Coopérative", "Statut"]
    assert first[0] == "T-1001" and first[1] == "30/11/2026 00:30"    # Morocco's time
    assert first[3] == "confirmée" and first[6] == "Fès"
    assert first[8] == "2 × Miel de thym 1kg"
    assert first[9:12] == ["440,00", "35,00", "475,00"]               # decimal commas
    # Formulas are neutralised; the phone keeps its digits behind the apostrophe.
    assert evil[4] == "'=HYPERLINK(\"http://evil\",\"x\")" and evil[7] == "'@SUM(1+1)"
    assert evil[5] == "'+212661234567"
    assert arabic[4] == "محمد العلوي" and arabic[7] == "'-2+3; \"rue\" 5\nbloc 4"
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_csv_follows_the_list_filters_and_language(live, db):
    one = make_order(db, name="Omar", city="Rabat")
    two = make_order(db, name="Nadia", city="Agadir")
    with store.transaction(db):
        store.set_order_status(db, two["id"], "delivered", source="test")
    a = Admin(live.base_url)                                # English
    a.login()
    rows = _csv(a.get("/admin/orders.csv", params={"status": "delivered"}))
    assert rows[0][0] == "Order" and [r[0] for r in rows[1:]] == [two["number"]]
    assert rows[1][3] == "delivered"
    rows = _csv(a.get("/admin/orders.csv", params={"q": "Omar"}))
    assert [r[0] for r in rows[1:]] == [one["number"]]
    assert len(_csv(a.get("/admin/orders.csv", params={"from": "2001-01-01",
                                                      "to": "2001-01-02"}))) == 1
    assert a.get("/admin/orders.csv", params={"page": "10000000"}).status_code == 400
    # The export link on the list carries the filters.
    page = a.get("/admin/", params={"status": "delivered"}).text
    assert 'href="/admin/orders.csv?status=delivered"' in page
    # Who exported is in the audit trail.
    assert store.audit_log(db, limit=1)[0]["action"] == "orders.export_csv"


def test_json_lines_export_stays_for_tools(live, db):
    order = make_order(db)
    a = Admin(live.base_url)
    a.login()
    resp = a.get("/admin/orders.jsonl")
    assert resp.status_code == 200
    [line] = [json.loads(x) for x in resp.text.splitlines()]
    assert line["number"] == order["number"] and line["total"] == 440.0
    assert line["customer_phone"] == "+212612345678"
    assert line["lines"] == [{"sku": "MIEL-THYM-1KG", "quantity": 2, "unit_price": 220.0}]


def test_export_needs_a_login(live):
    a = Admin(live.base_url)
    for path in ("/admin/orders.csv", "/admin/orders.jsonl"):
        resp = a.get(path, allow_redirects=False)
        assert resp.status_code == 302 and "/admin/login" in resp.headers["Location"]


def test_safe_text():
    for bad in ("=1+1", "+33", "-1", "@A1", "\t=1", "\r=1",
                # past what a spreadsheet may trim, and in the forms an input method types
                " =1+1", "\n=1+1", "\u00a0@A1", "\u200b=HYPERLINK(\"x\")", "\u202e=1",
                "\ufeff+1", "\uff1d1+1", "\uff0b1", "\ufe62 1", "\uff20A1"):
        assert safe_text(bad).startswith("'"), repr(bad)
    assert safe_text("Fès") == "Fès" and safe_text(None) == "" and safe_text(12) == "12"
