"""``flask --app app …`` commands (bot/cli.py)."""

import json

from bot import store
from tests.conftest import DEMO


def run(app, *args, input=None):
    return app.test_cli_runner().invoke(args=list(args), input=input)


def test_db_init_and_demo(app):
    assert "schema v" in run(app, "db", "init").output
    assert "tifawin" in run(app, "demo").output


def test_coop_import_reports_and_rejects_bad_files(app, tmp_path):
    result = run(app, "coop", "import", str(DEMO))
    assert result.exit_code == 0 and "2 members, 20 products" in result.output
    bad = tmp_path / "bad.yml"
    bad.write_text("slug: x\nname: X\ncatalog: missing.csv\n")
    result = run(app, "coop", "import", str(bad))
    assert result.exit_code != 0 and "cannot read" in result.output


def test_catalog_import_names_the_bad_line(app, db, tmp_path):
    csv = tmp_path / "c.csv"
    csv.write_text("sku,name,price,unit,size\nA,Miel,100,g,500\nB,Amlou,cent,g,250\n")
    result = run(app, "catalog", "import", "tifawin", str(csv))
    assert result.exit_code != 0 and "line 3" in result.output and "price" in result.output
    assert len(store.list_products(db, 1)) == 20                       # untouched
    csv.write_text("sku,name,price,unit,size\nA,Miel,100,g,500\n")
    assert run(app, "catalog", "import", "tifawin", str(csv)).exit_code == 0
    assert [p["sku"] for p in store.list_products(db, 1)] == ["A"]
    assert run(app, "catalog", "import", "nope", str(csv)).exit_code != 0


def test_chat_goes_through_the_same_path_and_export_shows_the_order(app, db):
    script = "\n".join(["bghit 1 amlou 500g", "safi", "Ali", "Rabat", "Agdal 5", "iyeh"]) + "\n"
    result = run(app, "chat", "tifawin", "--phone", "0612000000", input=script)
    assert result.exit_code == 0, result.output
    assert "T-1001" in result.output
    out = run(app, "orders", "export").output.strip().splitlines()
    order = json.loads(out[0])
    assert set(order) == {"number", "coop", "customer_phone", "customer_name", "city", "address",
                          "lines", "subtotal", "delivery_fee", "total", "status", "courier",
                          "tracking", "created_at"}
    assert order["number"] == "T-1001" and order["customer_phone"] == "+212612000000"
    assert order["lines"] == [{"sku": "AMLOU-500", "quantity": 1, "unit_price": 110.0}]
    assert order["total"] == 145 and order["courier"] == "sandbox"


def test_outbox_and_backup_and_forget(app, db, tmp_path):
    script = "\n".join(["bghit 1 amlou 500g", "safi", "Ali", "Rabat", "Agdal 5", "iyeh"]) + "\n"
    run(app, "chat", "tifawin", "--phone", "0612000001", input=script)
    assert "message.member" in run(app, "outbox").output
    assert run(app, "db", "backup", str(tmp_path / "b.sqlite3")).exit_code == 0
    result = run(app, "customer", "forget", "0612000001")
    assert result.exit_code == 0 and "1 orders" in result.output
    [order] = [json.loads(line) for line in run(app, "orders", "export").output.splitlines()]
    assert order["customer_phone"] is None and order["address"] is None and order["total"] == 145
    texts = [r[0] for r in db.conn.execute("SELECT body FROM messages WHERE direction='in'")]
    assert all(t is None for t in texts)
