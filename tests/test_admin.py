"""The operator dashboard, over real HTTP against the live app (``live`` fixture)."""

from __future__ import annotations

import base64
import re
from zoneinfo import ZoneInfo

import pytest
import requests

from bot import clock, orders, store
from tests.conftest import ADMIN_TOKEN, make_app
from tests.fakes import LocalServer

TOKEN = ADMIN_TOKEN
GOOD_CSV = ("sku,name,price,unit,size,aliases\n"
            "MIEL-THYM-1KG,Miel de thym 1kg,230,kg,1,3sel zaatar|عسل الزعتر\n"
            "ARGAN-250,Huile d'argan 250ml,150,ml,250,zit argan\n")
BAD_CSV = ("sku,name,price,unit,size,aliases\n"
           "MIEL-THYM-1KG,Miel de thym 1kg,230,kg,1,\n"
           "ARGAN-250,Huile d'argan 250ml,cent,ml,250,\n"
           "AMLOU-250,Amlou 250g,60,m2,250,\n")


def make_order(db, *, phone="+212612345678", name="Fatima Zahra", city="Casablanca",
               status="confirmed", qty=2, created_at=None, address="Hay Nahda rue 5",
               delivery_fee=0, courier="sandbox") -> dict:
    """An order as the conversation would place it (with its forward job and alerts)."""
    coop = store.get_coop_by_slug(db, "tifawin")
    with store.transaction(db):
        customer = store.get_or_create_customer(db, phone)
        conv = store.get_or_create_conversation(db, coop["id"], customer["id"])
        order = store.create_order(
            db, coop=coop, customer_id=customer["id"], conversation_id=conv["id"],
            status=status, details={"name": name, "phone": phone, "city": city,
                                    "address": address},
            lines=[{"sku": "MIEL-THYM-1KG", "name": "Miel de thym 1kg", "quantity": qty,
                    "unit_price": 220.0}], subtotal=220.0 * qty, delivery_fee=delivery_fee,
            courier=courier, lang="fr", channel="whatsapp", now=created_at)
        store.record_outbound(db, coop_id=coop["id"], conversation_id=conv["id"],
                              from_addr="whatsapp:+14155238886", to_addr=f"whatsapp:{phone}",
                              body=f"✅ Commande {order['number']} confirmée !", status="replied")
        orders.enqueue_forward(db, order)
    return order


class Admin:
    """A dashboard user over HTTP; English unless told (French is the dashboard's default)."""

    def __init__(self, base_url: str, lang: str | None = "en"):
        self.base = base_url
        self.http = requests.Session()
        if lang:
            self.http.cookies.set("bghit_admin_lang", lang, path="/admin")

    def get(self, path, **kw):
        return self.http.get(self.base + path, timeout=10, **kw)

    def csrf(self, path) -> str:
        html = self.get(path).text
        return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)

    def post(self, path, data=None, *, form_page=None, **kw):
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf(form_page or "/admin/"))
        return self.http.post(self.base + path, data=data, timeout=10, allow_redirects=False,
                              **kw)

    def login(self, token=TOKEN):
        return self.post("/admin/login", {"token": token}, form_page="/admin/login")


@pytest.fixture
def admin(live):
    a = Admin(live.base_url)
    assert a.login().status_code == 302
    return a


def test_disabled_without_token(db_path):
    app = make_app(db_path, ADMIN_TOKEN="")
    with LocalServer(app) as server:
        for path in ("/admin/", "/admin/login", "/admin/coops"):
            assert requests.get(server.base_url + path, timeout=10).status_code == 404
        resp = requests.post(server.base_url + "/admin/login", data={"token": ""}, timeout=10)
        assert resp.status_code == 404
    store.close_all()


def test_login_required_and_session_cookie(live):
    a = Admin(live.base_url)
    resp = a.get("/admin/orders/1", allow_redirects=False)
    assert resp.status_code == 302
    assert "/admin/login?next=/admin/orders/1" in resp.headers["Location"]
    assert a.login("wrong").status_code == 403
    resp = a.login()
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/admin/")
    cookie = resp.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    page = a.get("/admin/")
    assert page.status_code == 200 and "Orders" in page.text
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["X-Frame-Options"] == "DENY"
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    # Logging out ends the session.
    assert a.post("/admin/logout").status_code == 302
    assert a.get("/admin/", allow_redirects=False).status_code == 302


def test_login_redirects_only_inside_admin(live):
    a = Admin(live.base_url)
    csrf = a.csrf("/admin/login")
    resp = a.http.post(live.base_url + "/admin/login", allow_redirects=False, timeout=10,
                       data={"token": TOKEN, "csrf_token": csrf, "next": "https://evil.example/"})
    assert resp.headers["Location"].endswith("/admin/")


def test_csrf_is_checked(admin, db):
    order = make_order(db)
    # No token, a wrong token, or a token from another session: refused, nothing changes.
    for token in (None, "forged"):
        data = {"status": "delivered"}
        if token:
            data["csrf_token"] = token
        resp = admin.http.post(f"{admin.base}/admin/orders/{order['id']}/status", data=data,
                               timeout=10, allow_redirects=False)
        assert resp.status_code == 400
    other = Admin(admin.base)
    other.login()
    resp = admin.http.post(f"{admin.base}/admin/orders/{order['id']}/status", timeout=10,
                           data={"status": "delivered", "csrf_token": other.csrf("/admin/")})
    assert resp.status_code == 400
    assert store.get_order(db, order["id"])["status"] == "confirmed"
    # Login itself needs the form's token.
    resp = requests.post(admin.base + "/admin/login", data={"token": TOKEN}, timeout=10)
    assert resp.status_code == 400


def _login_from(base_url: str, source: str, token: str, cookie: str = "") -> tuple[int, str]:
    """A login posted from another loopback address (127.0.0.x), with its own session (and
    ``cookie``, a device cookie, when given): the status and the device cookie it got."""
    import http.client
    from urllib.parse import urlsplit
    parts = urlsplit(base_url)

    def request(method, path, body=None, headers=None):
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10,
                                          source_address=(source, 0))
        try:
            conn.request(method, path, body=body, headers=headers or {})
            resp = conn.getresponse()
            cookies = [v.split(";")[0] for k, v in resp.getheaders() if k == "Set-Cookie"]
            return resp.status, cookies, resp.read().decode()
        finally:
            conn.close()

    _, cookies, page = request("GET", "/admin/login")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    from urllib.parse import urlencode
    status, got, _ = request(
        "POST", "/admin/login", urlencode({"token": token, "csrf_token": csrf}),
        {"Content-Type": "application/x-www-form-urlencoded",
         "Cookie": "; ".join([c for c in cookies if c.startswith("session=")]
                             + ([cookie] if cookie else []))})
    return status, next((c for c in got if c.startswith("bghit_admin_device=")), "")


def test_login_throttle_is_shared_by_workers_and_caps_the_guesses(app, db_path):
    """Two gunicorn workers are two apps: failures counted in one count in the other. Once
    throttled, a login is refused before its token is compared (the right token from a new
    browser gets 429 too: a 429 must not tell a guesser anything), but an operator whose
    browser logged in before still gets in."""
    other_worker = make_app(db_path)
    with LocalServer(app) as one, LocalServer(other_worker) as two:
        a, b, fresh = Admin(one.base_url), Admin(two.base_url), Admin(one.base_url)
        assert a.login().status_code == 302                 # a logged in before: its device
        statuses = [(a if i % 2 else b).login("wrong").status_code for i in range(10)]
        assert statuses == [403] * 10
        assert fresh.login("wrong").status_code == 429 and b.login("wrong").status_code == 429
        assert "Retry-After" in b.login("wrong").headers
        assert fresh.login().status_code == 429 and b.login().status_code == 429
        assert a.login().status_code == 302
        # The device cookie is the login page's only, signed, and dies with the token.
        cookie = next(c for c in a.http.cookies if c.name == "bghit_admin_device")
        assert cookie.path == "/admin/login" and cookie.has_nonstandard_attr("HttpOnly")
        forged = Admin(one.base_url)
        # one character of the signature changed, well before its last (whose low bits a
        # base64 decoder may ignore: "…xx" in place of the last two could still verify)
        flipped = "A" if cookie.value[-5] != "A" else "B"
        forged.http.cookies.set("bghit_admin_device",
                                cookie.value[:-5] + flipped + cookie.value[-4:],
                                path="/admin/login")
        assert forged.login().status_code == 429
    rotated = make_app(db_path, ADMIN_TOKEN="another-admin-token-0123456789")
    with LocalServer(rotated) as three:
        again = Admin(three.base_url)
        again.http.cookies.set("bghit_admin_device", cookie.value, path="/admin/login")
        assert again.login("another-admin-token-0123456789").status_code == 429


def test_login_throttle_is_global_too(db_path):
    app = make_app(db_path, ADMIN_LOGIN_MAX_FAILURES=3, ADMIN_LOGIN_MAX_GLOBAL=6)
    with LocalServer(app) as server:
        status, device = _login_from(server.base_url, "127.0.0.9", TOKEN)
        assert status == 302 and device
        for source in ("127.0.0.2", "127.0.0.3", "127.0.0.4"):
            assert [_login_from(server.base_url, source, "wrong")[0] for _ in range(2)] \
                == [403] * 2
        assert _login_from(server.base_url, "127.0.0.5", "wrong")[0] == 429  # a fresh address
        assert _login_from(server.base_url, "127.0.0.5", TOKEN)[0] == 429    # unheard
        # The operator's browser, from wherever: judged by its own failures.
        assert _login_from(server.base_url, "127.0.0.6", TOKEN, device)[0] == 302
        assert [_login_from(server.base_url, "127.0.0.6", "wrong", device)[0]
                for _ in range(4)] == [403, 403, 403, 429]
        assert _login_from(server.base_url, "127.0.0.6", TOKEN, device)[0] == 429
    store.close_all()


@pytest.mark.parametrize("token", ["short", "x" * 15, "               0"])
def test_a_short_admin_token_keeps_the_dashboard_off(db_path, token, caplog):
    """The bot keeps taking orders; the dashboard refuses to start, and says why."""
    app = make_app(db_path, ADMIN_TOKEN=token)
    assert "ADMIN_TOKEN" in caplog.text and "16" in caplog.text
    with LocalServer(app) as server:
        for path in ("/admin/", "/admin/login"):
            resp = requests.get(server.base_url + path, timeout=10, allow_redirects=False)
            assert resp.status_code == 503 and "ADMIN_TOKEN" in resp.text and "16" in resp.text
        resp = requests.post(server.base_url + "/admin/login", data={"token": token}, timeout=10)
        assert resp.status_code == 503
        assert requests.get(server.base_url + "/healthz", timeout=10).status_code == 200
    store.close_all()


def test_logout_ends_the_session_on_the_server(live):
    a = Admin(live.base_url)
    assert a.login().status_code == 302
    stolen = dict(a.http.cookies)
    assert a.post("/admin/logout").status_code == 302
    replay = requests.get(live.base_url + "/admin/", cookies=stolen, allow_redirects=False,
                          timeout=10)
    assert replay.status_code == 302 and "/admin/login" in replay.headers["Location"]


@pytest.mark.parametrize("host, extra, secure", [
    ("bghit.example.org", {}, True), ("192.168.1.20:5000", {}, True),
    ("127.0.0.1:5000", {}, False), ("localhost", {}, False),
    ("192.168.1.20:5000", {"COOKIE_SECURE": False}, False),
    ("localhost", {"COOKIE_SECURE": True}, True)])
def test_session_cookie_is_secure_outside_localhost(db_path, host, extra, secure):
    app = make_app(db_path, **extra)
    with LocalServer(app) as server:
        s = requests.Session()
        page = s.get(server.base_url + "/admin/login", headers={"Host": host}, timeout=10)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        assert ("Secure" in page.headers["Set-Cookie"]) is secure
        resp = requests.post(server.base_url + "/admin/login", headers={"Host": host},
                             data={"token": TOKEN, "csrf_token": csrf}, timeout=10,
                             cookies={"session": page.cookies.get("session")},
                             allow_redirects=False)
        assert resp.status_code == 302
        assert ("; Secure" in resp.headers["Set-Cookie"]) is secure
    store.close_all()


def test_orders_list_filters_masks_and_chart(admin, db):
    first = make_order(db, phone="+212612345678", name="Fatima Zahra", city="Casablanca")
    second = make_order(db, phone="+212677000111", name="Karim", city="Tanger")
    with store.transaction(db):
        store.set_order_status(db, second["id"], "delivered", source="test")
    html = admin.get("/admin/").text
    assert first["number"] in html and second["number"] in html
    assert "+212612345678" not in html and "+2126•••••678" in html
    assert "<svg" in html and 'class="bar"' in html and "2 orders" in html
    only = admin.get("/admin/", params={"status": "delivered"}).text
    assert second["number"] in only and first["number"] not in only
    assert "1 order match" in only
    assert first["number"] in admin.get("/admin/", params={"q": "Fatima"}).text
    by_phone = admin.get("/admin/", params={"q": "0612345678"}).text
    assert first["number"] in by_phone and second["number"] not in by_phone
    assert second["number"] in admin.get("/admin/", params={"q": "Tanger", "coop": "tifawin"}).text
    none = admin.get("/admin/", params={"from": "2001-01-01", "to": "2001-01-31"}).text
    assert "No orders match" in none
    # the dashboard's days are Morocco's (UTC+1): between 23:00 and midnight UTC it is tomorrow
    today = clock.utcnow().astimezone(ZoneInfo("Africa/Casablanca")).date().isoformat()
    assert first["number"] in admin.get("/admin/", params={"from": today, "to": today}).text
    assert admin.get("/admin/", params={"status": "nonsense", "page": "x"}).status_code == 200


def test_order_page(admin, db):
    order = make_order(db)
    html = admin.get(f"/admin/orders/{order['id']}").text
    assert order["number"] in html and "Miel de thym 1kg" in html and "440 DH" in html
    assert "+212612345678" in html                   # the full number, on the order's own page
    assert "Hay Nahda rue 5" in html and "confirmée" in html      # address, transcript
    assert "courier.forward" in html
    assert admin.get("/admin/orders/999").status_code == 404


def test_status_change_records_an_admin_event(admin, db):
    order = make_order(db)
    resp = admin.post(f"/admin/orders/{order['id']}/status",
                      {"status": "picked_up", "note": "called the courier"})
    assert resp.status_code == 302
    assert store.get_order(db, order["id"])["status"] == "picked_up"
    last = store.order_events(db, order["id"])[-1]
    assert (last["status"], last["actor"], last["source"], last["note"]) == \
        ("picked_up", "admin", "admin", "called the courier")
    assert store.audit_log(db)[0]["action"] == "order.status"
    page = admin.get(f"/admin/orders/{order['id']}").text
    assert "confirmed → picked up" in page
    # Unknown statuses are refused.
    admin.post(f"/admin/orders/{order['id']}/status", {"status": "teleported"})
    assert store.get_order(db, order["id"])["status"] == "picked_up"


def test_operator_may_step_back_recorded_as_correction(admin, db):
    order = make_order(db)
    with store.transaction(db):
        store.set_order_status(db, order["id"], "out_for_delivery", source="sendit")
    admin.post(f"/admin/orders/{order['id']}/status", {"status": "picked_up", "note": "oops"})
    assert store.get_order(db, order["id"])["status"] == "picked_up"
    last = store.order_events(db, order["id"])[-1]
    assert (last["status"], last["source"], last["note"]) == ("picked_up", "admin",
                                                              "correction: oops")
    assert '"correction":true' in store.audit_log(db)[0]["detail"]


def test_cancel_tells_customer_and_members(admin, db):
    order = make_order(db)
    admin.post(f"/admin/orders/{order['id']}/status", {"status": "cancelled"})
    assert store.get_order(db, order["id"])["status"] == "cancelled"
    assert store.order_events(db, order["id"])[-1]["actor"] == "admin"
    jobs = store.list_jobs(db, limit=100)
    notices = [j for j in jobs if j["kind"] == "message.customer"]
    assert len(notices) == 1 and order["number"] in notices[0]["payload"]["body"]
    alerts = [j for j in jobs if j["kind"] == "message.member" and "cancelled" in j["dedupe_key"]]
    assert len(alerts) == 2


def test_delivered_order_cannot_be_cancelled(admin, db):
    order = make_order(db)
    with store.transaction(db):
        store.set_order_status(db, order["id"], "delivered", source="test")
    resp = admin.post(f"/admin/orders/{order['id']}/status", {"status": "cancelled"})
    assert resp.status_code == 302
    assert store.get_order(db, order["id"])["status"] == "delivered"
    assert "can no longer be cancelled" in admin.get(f"/admin/orders/{order['id']}").text


def test_retry_failed_forward(admin, db):
    order = make_order(db)
    for attempt in (1, 2):
        with store.transaction(db):
            store.set_order_status(db, order["id"], "forward_failed", source="courier",
                                   forward_error="city not served")
        assert "Retry courier request" in admin.get(f"/admin/orders/{order['id']}").text
        assert admin.post(f"/admin/orders/{order['id']}/retry").status_code == 302
        current = store.get_order(db, order["id"])
        assert current["status"] == "confirmed" and current["forward_error"] is None
        forwards = [j for j in store.jobs_for_order(db, order["id"])
                    if j["kind"] == "courier.forward"]
        assert len(forwards) == attempt + 1
        assert len({j["dedupe_key"] for j in forwards}) == attempt + 1
        assert forwards[-1]["status"] == "pending"
        event = store.order_events(db, order["id"])[-1]
        assert (event["status"], event["actor"]) == ("confirmed", "admin")
    # Not failed: nothing to retry.
    admin.post(f"/admin/orders/{order['id']}/retry")
    assert len([j for j in store.jobs_for_order(db, order["id"])
                if j["kind"] == "courier.forward"]) == 3


def test_retried_forward_reaches_the_courier(admin, db, app):
    from bot import worker
    from bot.messaging import ConsoleTransport
    order = make_order(db)
    with store.transaction(db):
        store.set_order_status(db, order["id"], "forward_failed", source="courier")
    admin.post(f"/admin/orders/{order['id']}/retry")
    worker.work_once(db, ConsoleTransport(), dict(app.config))
    current = store.get_order(db, order["id"])
    assert current["status"] == "forwarded" and current["tracking"].startswith("SBX-")


def test_coops_and_members(admin, db):
    html = admin.get("/admin/coops").text
    assert "Coopérative Tifawin" in html and "/admin/coops/tifawin" in html
    page = admin.get("/admin/coops/tifawin").text
    assert "Fatima" in page and "Youssef" in page
    assert "0661000001" not in page and "+212661000001" not in page and "•" in page
    assert "MIEL-THYM-1KG" in page
    assert admin.get("/admin/coops/nope").status_code == 404


def test_catalog_upload_bad_row_is_previewed_not_imported(admin, db):
    before = store.list_products(db, store.get_coop_by_slug(db, "tifawin")["id"])
    resp = admin.post("/admin/coops/tifawin/catalog", form_page="/admin/coops/tifawin",
                      files={"file": ("catalog.csv", BAD_CSV.encode(), "text/csv")})
    assert resp.status_code == 200
    html = resp.text
    assert "2 problems" in html and "nothing was imported" in html
    assert "Line 3:" in html and "Line 4:" in html and "cent" in html
    assert 'id="import-form"' not in html
    assert store.list_products(db, store.get_coop_by_slug(db, "tifawin")["id"]) == before


def test_catalog_upload_preview_then_import(admin, db):
    resp = admin.post("/admin/coops/tifawin/catalog", form_page="/admin/coops/tifawin",
                      files={"file": ("catalog.csv", GOOD_CSV.encode(), "text/csv")})
    html = resp.text
    assert "2 products, no errors" in html and "ARGAN-250" in html and "عسل الزعتر" in html
    assert "1 new" in html and "removed" in html
    payload = re.search(r'name="payload" value="([^"]+)"', html).group(1)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    resp = admin.http.post(admin.base + "/admin/coops/tifawin/catalog/import", timeout=10,
                           data={"payload": payload, "csrf_token": csrf, "filename": "c.csv"})
    assert resp.status_code == 200 and "Catalog imported: 2 products" in resp.text
    products = store.list_products(db, store.get_coop_by_slug(db, "tifawin")["id"])
    assert [p["sku"] for p in products] == ["MIEL-THYM-1KG", "ARGAN-250"]
    assert products[0]["price"] == 230
    assert store.audit_log(db)[0]["action"] == "catalog.import"


def test_catalog_import_revalidates_the_payload(admin, db):
    tampered = base64.b64encode(BAD_CSV.encode()).decode()
    before = store.list_products(db, store.get_coop_by_slug(db, "tifawin")["id"])
    for payload in (tampered, "%%%not-base64"):
        resp = admin.post("/admin/coops/tifawin/catalog/import", {"payload": payload})
        assert resp.status_code == 302
    assert store.list_products(db, store.get_coop_by_slug(db, "tifawin")["id"]) == before


def test_catalog_upload_not_utf8(admin):
    resp = admin.post("/admin/coops/tifawin/catalog", form_page="/admin/coops/tifawin",
                      files={"file": ("c.csv", "sku,name\nA,Miel é\n".encode("latin-1"))})
    assert resp.status_code == 302
    assert "UTF-8" in admin.get("/admin/coops/tifawin").text


@pytest.mark.parametrize("path, status", [
    ("/admin/?page=" + "9" * 30, 400), ("/admin/?page=9223372036854775807", 400),
    ("/admin/?page=-5", 200), ("/admin/?page=abc", 200),
    ("/admin/?to=9999-12-31", 400), ("/admin/?from=9999-12-31&to=9999-12-31", 400),
    ("/admin/?from=0001-01-01", 200), ("/admin/?to=2025-02-30", 200),
    ("/admin/orders/" + "9" * 30, 404), ("/admin/orders/9223372036854775808", 404),
    ("/admin/orders/9223372036854775807", 404), ("/admin/orders/0", 404),
])
def test_out_of_range_values_get_4xx_not_500(admin, path, status):
    assert admin.get(path).status_code == status, path


def test_out_of_range_order_ids_in_forms_get_404(admin):
    for action in ("status", "retry"):
        resp = admin.post(f"/admin/orders/{'9' * 30}/{action}", {"status": "delivered"})
        assert resp.status_code == 404


def test_login_page_says_where_the_token_is(tmp_path):
    """./run writes a generated token to data/.admin_token: the page points there."""
    db_path = tmp_path / "data" / "bghit.sqlite3"
    db_path.parent.mkdir()
    (db_path.parent / ".admin_token").write_text(TOKEN + "\n")
    app = make_app(db_path)
    with LocalServer(app) as server:
        page = requests.get(server.base_url + "/admin/login", timeout=10).text
        assert "data/.admin_token" in page and "environment" not in page
        assert TOKEN not in page
    store.close_all()
    (db_path.parent / ".admin_token").write_text("another-token-from-an-old-run\n")
    with LocalServer(make_app(db_path)) as server:
        page = requests.get(server.base_url + "/admin/login", timeout=10).text
        assert ".admin_token" not in page and "ADMIN_TOKEN" in page
    store.close_all()


def _login_via_proxy(base_url: str, forwarded_for: str, token: str) -> int:
    """A login relayed by a reverse proxy on this machine, naming the operator's address."""
    session = requests.Session()
    page = session.get(base_url + "/admin/login", timeout=10)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    return session.post(base_url + "/admin/login", data={"token": token, "csrf_token": csrf},
                        headers={"X-Forwarded-For": forwarded_for}, timeout=10,
                        allow_redirects=False).status_code


@pytest.mark.parametrize("proxies", [0, 1])
def test_behind_a_trusted_proxy_the_throttle_counts_operators_not_the_proxy(db_path, proxies):
    app = make_app(db_path, ADMIN_LOGIN_MAX_FAILURES=3, TRUSTED_PROXIES=proxies)
    with LocalServer(app) as server:
        for _ in range(3):
            assert _login_via_proxy(server.base_url, "198.51.100.7", "wrong") == 403
        # Another operator behind the same proxy: a header can't free a forger (no proxy
        # trusted: every request is the proxy's), but a trusted proxy's header is believed.
        expected = 403 if proxies else 429
        assert _login_via_proxy(server.base_url, "198.51.100.8", "wrong") == expected
    store.close_all()


def test_trusted_proxies_must_be_a_small_whole_number():
    from bot.config import from_env
    assert from_env({"TRUSTED_PROXIES": "1"})["TRUSTED_PROXIES"] == 1
    with pytest.raises(ValueError, match="TRUSTED_PROXIES"):
        from_env({"TRUSTED_PROXIES": "yes"})
