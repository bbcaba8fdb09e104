"""The store: schema, upgrades in place, transactions, outbox (bot/store/)."""

import sqlite3
import threading
from datetime import UTC, datetime

import sqlite_utils

from bot import clock, store


def test_fresh_database_is_current_and_in_wal_mode(tmp_path):
    db = store.connect(tmp_path / "x.sqlite3")
    assert store.schema_version(db) == store.SCHEMA_VERSION
    assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.conn.execute("PRAGMA busy_timeout").fetchone()[0] == store.sql.BUSY_TIMEOUT_MS
    store.close_all()


def test_every_webhook_lookup_has_an_index(tmp_path):
    db = store.connect(tmp_path / "x.sqlite3")
    queries = [
        ("SELECT * FROM messages WHERE sid = ?", ("x",)),
        ("SELECT * FROM coops WHERE whatsapp_from = ?", ("x",)),
        ("SELECT * FROM members WHERE phone = ? AND coop_id = ?", ("x", 1)),
        ("SELECT * FROM customers WHERE phone = ?", ("x",)),
        ("SELECT * FROM conversations WHERE coop_id = ? AND customer_id = ?", (1, 1)),
        ("SELECT * FROM orders WHERE coop_id = ? AND customer_id = ? ORDER BY id DESC", (1, 1)),
        ("SELECT * FROM products WHERE coop_id = ? AND sku = ?", (1, "x")),
        ("SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?", ("x",)),
    ]
    for sql, params in queries:
        plan = " ".join(r[-1] for r in db.conn.execute("EXPLAIN QUERY PLAN " + sql, params))
        assert "USING" in plan and "SCAN" not in plan.replace("USING INDEX", ""), (sql, plan)
    store.close_all()


def test_older_database_upgrades_in_place(tmp_path):
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    old = sqlite_utils.Database(conn)
    store.migrate(old, target=1)                     # a file written by the first release
    old["coops"].insert({"slug": "old", "name": "Old coop", "settings": "{}",
                         "catalog_version": 0})
    old["customers"].insert({"phone": "+212600000000"})
    conn.close()
    db = store.connect(path)
    assert store.schema_version(db) == store.SCHEMA_VERSION
    coop = store.get_coop_by_slug(db, "old")
    assert coop["name"] == "Old coop" and coop["next_order_seq"] == 1001
    assert "order_events" in db.table_names() and "courier_cities" in db.table_names()
    order = store.create_order(db, coop=coop, customer_id=1, conversation_id=None,
                               status="confirmed", details={"name": "A"}, lines=[],
                               subtotal=10, delivery_fee=5, courier="manual", lang="fr",
                               channel="sms")
    assert order["number"] == "O-1001" and order["total"] == 15
    store.close_all()


def test_inbound_context_reads_what_a_message_needs_in_one_query(tmp_path):
    db = store.connect(tmp_path / "x.sqlite3")
    coop_id = store.upsert_coop(db, {"slug": "a", "name": "A", "whatsapp_from": "+14155550001",
                                     "settings": {}},
                                [{"name": "M", "phone": "+212600000001"}], [])
    ctx = dict(sid="SM1", idempotency_key=None, channel="whatsapp", number="+14155550001")
    fresh = store.inbound_context(db, **ctx, phone="+212600000002")
    assert fresh["coop"]["id"] == coop_id and not fresh["shared"] and not fresh["is_member"]
    assert fresh["prior"] is fresh["customer"] is fresh["conversation"] is None
    assert fresh["coops"] == [fresh["coop"]] == [store.get_coop(db, coop_id)]
    assert store.inbound_context(db, **ctx, phone="+212600000001")["is_member"]
    customer = store.get_or_create_customer(db, "+212600000002")
    conv = store.get_or_create_conversation(db, coop_id, customer["id"])
    known = store.inbound_context(db, **ctx, phone="+212600000002")
    assert known["customer"] == customer and known["conversation"] == conv
    store.record_inbound(db, sid="SM1", idempotency_key="K1", coop_id=coop_id,
                         conversation_id=conv["id"], from_addr="whatsapp:+212600000002",
                         to_addr="whatsapp:+14155550001", body="salam", media=None, reply=["ok"])
    assert store.inbound_context(db, **ctx, phone="+212600000002")["prior"]["reply"] == '["ok"]'
    by_key = dict(ctx, sid="SM2", idempotency_key="K1")
    assert store.inbound_context(db, **by_key, phone="+212600000002",
                                 from_addr="whatsapp:+212600000002")["prior"]["sid"] == "SM1"
    assert store.inbound_context(db, **by_key, phone="+212600000003",         # another sender
                                 from_addr="whatsapp:+212600000003")["prior"] is None
    assert store.inbound_context(db, **dict(ctx, number="+1999"), phone="x")["coop"] is None
    unknown_number = store.inbound_context(db, **dict(ctx, number="+1999"), phone="x")
    assert unknown_number["prior"]["sid"] == "SM1"            # a redelivery all the same
    assert store.inbound_context(db, **dict(by_key, number="+1999"), phone="x",
                                 from_addr="whatsapp:+212600000002")["prior"]["sid"] == "SM1"
    store.upsert_coop(db, {"slug": "b", "name": "B", "whatsapp_from": "+14155550001",
                           "settings": {}}, [], [])
    shared = store.inbound_context(db, **dict(ctx, sid="SM3"), phone="+212600000002")
    assert shared["shared"] and shared["coop"]["id"] == coop_id
    store.close_all()


def test_an_exchange_is_stored_as_the_inbound_message_then_its_replies(tmp_path):
    """record_exchange (one statement) stores exactly what record_inbound + record_replies do."""
    db = store.connect(tmp_path / "x.sqlite3")
    coop_id = store.upsert_coop(db, {"slug": "a", "name": "A", "whatsapp_from": "+14155550001",
                                     "settings": {}}, [], [])
    common = dict(coop_id=coop_id, conversation_id=None, from_addr="whatsapp:+212600000002",
                  to_addr="whatsapp:+14155550001", body="salam",
                  media=[{"url": "https://x/1", "type": "image/jpeg"}])
    for replies in (["Salam!", "Chno bghiti?"], []):
        store.record_inbound(db, sid="SMa" + str(len(replies)), idempotency_key="Ka", **common,
                             reply=replies)
        store.record_replies(db, coop_id=coop_id, conversation_id=None,
                             from_addr=common["to_addr"], to_addr=common["from_addr"],
                             bodies=replies)
        store.record_exchange(db, sid="SMb" + str(len(replies)), idempotency_key="Kb",
                              **common, replies=replies)
    rows = [dict(r) for r in store.sql.all(db, "SELECT * FROM messages ORDER BY id")]
    for row in rows:
        del row["id"], row["created_at"], row["updated_at"]
        row["sid"] = row["sid"] and row["sid"][:2] + row["sid"][3:]
        row["idempotency_key"] = row["idempotency_key"] and "K"
    assert len(rows) == 2 * 3 + 2 * 1
    assert rows[0:3] == rows[3:6] and rows[6] == rows[7]
    assert [r["direction"] for r in rows[:3]] == ["in", "out", "out"]
    assert rows[0]["reply"] == '["Salam!","Chno bghiti?"]' and rows[2]["body"] == "Chno bghiti?"
    assert rows[6]["reply"] == "[]"
    store.close_all()


def test_rate_counters_survive_the_move_to_a_clustered_table(tmp_path, monkeypatch):
    now = datetime(2026, 11, 29, 22, 40, 30, tzinfo=UTC)     # mid-minute: the window holds
    monkeypatch.setattr(clock, "utcnow", lambda: now)
    path = tmp_path / "v5.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    store.migrate(sqlite_utils.Database(conn), target=5)
    window = int(now.timestamp() // 60)
    conn.execute("INSERT INTO rate (sender, window, count, noticed) VALUES (?, ?, 2, 0)",
                 ("to|from", window))
    conn.close()
    db = store.connect(path)
    sql = db.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'rate'").fetchone()[0]
    assert "WITHOUT ROWID" in sql
    assert store.hit_rate(db, "to|from", limit=3) == "ok"          # the 3rd of the minute
    assert store.hit_rate(db, "to|from", limit=3) == "notice"
    assert store.hit_rate(db, "to|from", limit=3) == "drop"
    assert store.hit_rate(db, "other", limit=3) == "ok"
    store.close_all()


def test_outbox_dedupes_and_leases(tmp_path):
    db = store.connect(tmp_path / "x.sqlite3")
    with store.transaction(db):
        assert store.enqueue(db, "k", {"a": 1}, "key-1")
        assert not store.enqueue(db, "k", {"a": 2}, "key-1")
    job = store.claim_job(db, lease_seconds=60)
    assert job["payload"] == {"a": 1} and job["attempts"] == 1
    assert store.claim_job(db) is None               # leased
    store.retry_job(db, job["id"], "boom", 0)
    again = store.claim_job(db, lease_seconds=-1)    # lease already over: a dead worker
    assert again["id"] == job["id"] and again["attempts"] == 2
    assert store.claim_job(db)["id"] == job["id"]    # taken over after the lease ran out
    store.finish_job(db, job["id"], {"ok": True})
    assert store.job_counts(db) == {"done": 1}
    store.close_all()


def test_transactions_serialise_writers(tmp_path):
    path = tmp_path / "x.sqlite3"
    store.connect(path)
    seen = []

    def writer(n):
        db = store.connect(path)
        for _ in range(20):
            with store.transaction(db):
                v = db.conn.execute("PRAGMA user_version").fetchone()[0]
                db.conn.execute("INSERT INTO audit (actor, action, created_at) VALUES (?, ?, ?)",
                                (str(n), "t", clock.now_iso()))
                seen.append(v)
        store.close_all()

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    db = store.connect(path)
    assert db["audit"].count == 80
    store.close_all()


def test_backup_is_a_consistent_copy(tmp_path, db):
    target = tmp_path / "backup" / "copy.sqlite3"
    store.backup(db, target)
    copy = sqlite_utils.Database(target)
    assert copy["products"].count == db["products"].count > 0


def test_orders_of_customer_reads_back_a_customers_orders_with_their_lines(tmp_path):
    db = store.connect(tmp_path / "x.sqlite3")
    store.upsert_coop(db, {"slug": "a", "name": "A"}, [], [])
    store.upsert_coop(db, {"slug": "b", "name": "B"}, [], [])
    customer = store.get_or_create_customer(db, "+212600000001")
    other = store.get_or_create_customer(db, "+212600000002")
    line = {"sku": "OIL", "name": "Oil", "quantity": 2, "unit_price": 5}
    for slug, cid in (("a", customer["id"]), ("b", customer["id"]), ("a", other["id"])):
        with store.transaction(db):
            store.create_order(db, coop=store.get_coop_by_slug(db, slug), customer_id=cid,
                               conversation_id=None, status="confirmed",
                               details={"name": "Sara", "city": "Rabat"}, lines=[line],
                               subtotal=10, delivery_fee=5, courier="manual", lang="fr",
                               channel="sms")
    orders = store.orders_of_customer(db, "a", "+212600000001")
    assert [{k: o[k] for k in ("number", "customer_name", "city", "total", "status", "lines")}
            for o in orders] == [{"number": "A-1001", "customer_name": "Sara", "city": "Rabat",
                                  "total": 15, "status": "confirmed",
                                  "lines": [{"sku": "OIL", "quantity": 2}]}]
    assert store.orders_of_customer(db, "a", "+212600000009") == []
    store.close_all()


def test_ping_and_what_unavailable_catches(tmp_path):
    db = store.connect(tmp_path / "x.sqlite3")
    assert store.ping(db) is None
    assert store.UNAVAILABLE == (store.StoreError, sqlite3.OperationalError)
    store.close_all()


def test_the_package_face_re_exports_the_same_objects():
    from bot.store import connection, orders, sql
    assert store.transaction is sql.transaction and store.StoreError is sql.StoreError
    assert store.connect is connection.connect and store.get_order is orders.get_order
    assert store.orders_of_customer is orders.orders_of_customer
    assert sorted(store.__all__) == sorted(set(store.__all__))
    assert all(hasattr(store, name) for name in store.__all__)


def test_null_and_boolean_parameters_bind_as_before_through_the_registered_adapters(tmp_path):
    """The store registers adapters for None and bool (the driver's own protocol raised and
    caught an AttributeError per such parameter); they bind NULL and 0/1 as before."""
    db = store.connect(tmp_path / "a.sqlite3")
    row = db.conn.execute("SELECT ?, typeof(?), ?, typeof(?), ?", (None, None, True, True, False)
                          ).fetchone()
    assert row == (None, "null", 1, "integer", 0)
    assert sqlite3.adapters[(type(None), sqlite3.PrepareProtocol)](None) is None
    assert sqlite3.adapters[(bool, sqlite3.PrepareProtocol)](True) == 1
