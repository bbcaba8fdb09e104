"""Security probe: the real server attacked over real HTTP, as an outsider would.

Starts ``gunicorn -c gunicorn.conf.py app:app`` twice on fresh SQLite files with the demo
cooperative (``flask db init``, ``flask demo``):

* **production**: ``TWILIO_AUTH_TOKEN``, ``SECRET_KEY``, ``ADMIN_TOKEN``, an https
  ``PUBLIC_URL`` and ``TRUSTED_PROXIES=1`` from the environment (the simulator is then off),
  and ``FLASK_DEBUG=1`` left on by mistake;
* **dev**: the embedded default (no Twilio, no ``PUBLIC_URL``: the simulator is on), as a
  public demo behind nginx would run it (``TRUSTED_PROXIES=1``).

Then runs every check below against them and prints one line per check (``PASS``/``FAIL``
and what was seen); the exit status is the number of failed checks (0: all pass). Nothing
is read from the database or the code: only answers and the servers' logs (stderr), as an
operator would. ``--root DIR`` probes another checkout (``git worktree``/``git archive``
of an older commit) with this checkout's Python, for before/after figures.
``docs/security.md`` lists the checks and what each one means::

    python bench/security_probe.py                  # ~20 s
    python bench/security_probe.py --root /tmp/old  # the same checks against an older tree
    python bench/security_probe.py --only headers,admin   # some groups only
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import PY, ROOT, Gunicorn, sign  # noqa: E402

AUTH_TOKEN = "probe-auth-token-" + uuid.uuid4().hex
ADMIN_TOKEN = "probe-admin-token-" + uuid.uuid4().hex
SECRET_KEY = "probe-secret-" + uuid.uuid4().hex
PUBLIC_URL = "https://bghit.example.org"
COOP_WA = "whatsapp:+14155238886"                 # the demo cooperative's WhatsApp number
XSS = '<script>alert("bghit")</script><img src=x onerror=alert(1)>'
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TIMEOUT = 20


class Server(Gunicorn):
    """``gunicorn -c gunicorn.conf.py app:app`` of ``root`` on its own fresh database with
    the demo cooperative; its output (the app's JSON logs) kept in a file to read back."""

    def __init__(self, name: str, root: Path, env: dict):
        super().__init__("app:app", env, root=root)
        self.name = name

    @property
    def url(self) -> str:
        return self.base_url

    def start(self, folder: Path) -> Server:
        self.env.update(BGHIT_DB=str(folder / f"{self.name}.sqlite3"), FLASK_APP="app")
        flask = str(Path(PY).with_name("flask"))
        for command in (["db", "init"], ["demo"]):
            subprocess.run([flask, *command], cwd=self.root, env=self.env, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.log = folder / f"{self.name}.log"
        return self.__enter__()

    def stop(self) -> None:
        self.__exit__(None, None, None)

    def log_lines(self) -> list[str]:
        return self.log.read_text(encoding="utf-8", errors="replace").splitlines() \
            if self.log else []


# --------------------------------------------------------------------------
# HTTP helpers
# --------------------------------------------------------------------------

def twilio(server: Server, params: dict, *, path: str = "/webhooks/twilio",
           signature: str | None = None, body: bytes | None = None,
           headers: dict | None = None) -> requests.Response:
    """A webhook as Twilio posts it to ``PUBLIC_URL`` (nginx → gunicorn), signed unless told."""
    sig = sign(AUTH_TOKEN, PUBLIC_URL + path, params) if signature is None else signature
    return requests.post(server.url + path, data=body if body is not None else params,
                         timeout=TIMEOUT, headers={
                             "X-Twilio-Signature": sig, "X-Forwarded-Proto": "https",
                             "Content-Type": "application/x-www-form-urlencoded",
                             **(headers or {})})


def message(phone: str, body: str, **extra) -> dict:
    return {"From": f"whatsapp:{phone}", "To": COOP_WA, "Body": body,
            "MessageSid": "SM" + uuid.uuid4().hex, **extra}


class Browser:
    """An operator's browser over http behind the https proxy: cookies kept by hand (they
    are ``Secure``, which requests would not send over http)."""

    def __init__(self, server: Server, source: str | None = None):
        self.server, self.cookies = server, {}
        self.headers = {"X-Forwarded-Proto": "https"}
        if source:
            self.headers["X-Forwarded-For"] = source

    def _keep(self, resp: requests.Response) -> requests.Response:
        for value in resp.raw.headers.getlist("Set-Cookie"):
            pair = value.split(";")[0]
            name, _, val = pair.partition("=")
            if "Max-Age=0" in value or "expires=Thu, 01 Jan 1970" in value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = val
        return resp

    def _h(self, extra: dict | None) -> dict:
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return {**self.headers, **({"Cookie": cookie} if cookie else {}), **(extra or {})}

    def get(self, path: str, headers: dict | None = None) -> requests.Response:
        return self._keep(requests.get(self.server.url + path, headers=self._h(headers),
                                       allow_redirects=False, timeout=TIMEOUT))

    def post(self, path: str, data=None, headers: dict | None = None,
             files=None) -> requests.Response:
        return self._keep(requests.post(self.server.url + path, data=data, files=files,
                                        headers=self._h(headers), allow_redirects=False,
                                        timeout=TIMEOUT))

    def csrf(self, path: str = "/admin/login") -> str:
        found = re.search(r'name="csrf_token" value="([^"]+)"', self.get(path).text)
        return found.group(1) if found else ""

    def login(self, token: str = ADMIN_TOKEN, **extra) -> requests.Response:
        return self.post("/admin/login", {"token": token, "csrf_token": self.csrf(), **extra})


# --------------------------------------------------------------------------
# The checks: each yields (name, ok, what was seen)
# --------------------------------------------------------------------------

Result = tuple[str, bool, str]
CHECKS: dict[str, Callable[[dict], Iterator[Result]]] = {}


def check(group: str):
    def register(fn):
        CHECKS[f"{group}.{fn.__name__}"] = fn
        return fn
    return register


def _unexpected(server: Server, requests_: Iterable[tuple], statuses: tuple,
                also: Callable[[requests.Response], bool] = lambda r: True) -> list[str]:
    """``METHOD path: status`` of the requests (``(method, path[, headers])``) answered
    otherwise than ``statuses`` (and ``also``), without following redirects."""
    off = []
    for method, path, *headers in requests_:
        r = requests.request(method, server.url + path, timeout=TIMEOUT, allow_redirects=False,
                             headers=headers[0] if headers else None)
        if r.status_code not in statuses or not also(r):
            off.append(f"{method} {path}: {r.status_code}")
    return off


def _bad(items: list) -> str:
    return "; ".join(str(i) for i in items[:4]) + (f" (+{len(items) - 4})" if len(items) > 4
                                                   else "")


@check("headers")
def every_answer(ctx) -> Iterator[Result]:
    prod = ctx["prod"]
    missing, hsts = [], []
    answers = [("GET", "/healthz"), ("GET", "/no/such/page"), ("GET", "/webhooks/twilio"),
               ("POST", "/webhooks/twilio"), ("GET", "/m/" + "A" * 44), ("GET", "/admin/login"),
               ("GET", "/static/sim.js"), ("POST", "/webhooks/couriers/sendit/tifawin")]
    for method, path in answers:
        r = requests.request(method, prod.url + path, timeout=TIMEOUT,
                             headers={"X-Forwarded-Proto": "https"})
        for name, want in (("X-Content-Type-Options", "nosniff"), ("X-Frame-Options", "DENY"),
                           ("Content-Security-Policy", "frame-ancestors 'none'"),
                           ("Referrer-Policy", "same-origin"),
                           ("Cross-Origin-Opener-Policy", "same-origin"),
                           ("Cross-Origin-Resource-Policy", "same-origin"),
                           ("Permissions-Policy", "camera=()")):
            if want not in r.headers.get(name, ""):
                missing.append(f"{method} {path}: {name}")
        if "Strict-Transport-Security" not in r.headers:
            hsts.append(path)
    yield "nosniff, no framing, CSP, referrer, COOP/CORP, permissions on every answer", \
        not missing, _bad(missing) or "all"
    yield "HSTS over https (trusted proxy)", not hsts, _bad(hsts) or "all"
    r = requests.get(prod.url + "/healthz", timeout=TIMEOUT, headers={"X-Forwarded-Proto": "http"})
    yield "no HSTS over plain http", "Strict-Transport-Security" not in r.headers, ""
    server = r.headers.get("Server", "")
    yield "Server header names no version", not re.search(r"\d", server), server


@check("headers")
def cookies(ctx) -> Iterator[Result]:
    b = Browser(ctx["prod"])
    r = b.get("/admin/login")
    cookie = next((c for c in r.raw.headers.getlist("Set-Cookie") if c.startswith("session=")),
                  "")
    flags = [f for f in ("Secure", "HttpOnly", "SameSite=Lax") if f not in cookie]
    yield "session cookie Secure, HttpOnly, SameSite", not flags, "missing " + ",".join(flags) \
        if flags else cookie.split(";", 1)[1].strip()
    b.login()
    page = b.get("/admin/")
    yield "dashboard pages no-store", page.headers.get("Cache-Control") == "no-store", \
        page.headers.get("Cache-Control", "")


@check("twilio")
def signatures(ctx) -> Iterator[Result]:
    prod = ctx["prod"]
    params = message("+212612009001", "bghit 2 amlou")
    good = sign(AUTH_TOKEN, PUBLIC_URL + "/webhooks/twilio", params)
    wrong = []
    for path in ("/webhooks/twilio", "/webhooks/twilio/status"):
        for sig in ("", "AAAA", "x" * 600, good + "=", sign("wrong", PUBLIC_URL + path, params),
                    sign(AUTH_TOKEN, prod.url + path, params)):     # signed for the bare URL
            r = twilio(prod, params, path=path, signature=sig)
            if r.status_code != 403:
                wrong.append(f"{path} {sig[:8]!r}: {r.status_code}")
    yield "missing, forged, wrong-key signatures → 403", not wrong, _bad(wrong)
    stale = [twilio(prod, dict(params, Body="bghit 50 amlou"), signature=good).status_code,
             twilio(prod, dict(params, MessageSid="SM" + uuid.uuid4().hex),
                    signature=good).status_code,
             twilio(prod, params, path="/webhooks/twilio/status", signature=good).status_code]
    yield "a captured signature on another body, sid or path → 403", stale == [403] * 3, \
        str(stale)
    first, again = twilio(prod, params), twilio(prod, params)
    yield "an exact replay is a redelivery (same answer)", \
        first.status_code == again.status_code == 200 and first.text == again.text, \
        f"{first.status_code}/{again.status_code}"
    # Params appended to a signed body: only the signed (first) values count.
    fresh = message("+212612009002", "salam")
    body = (urlencode(fresh) + "&" + urlencode({"Body": "lista", "From": "whatsapp:+2126"})
            ).encode()
    r = twilio(ctx["prod"], fresh, body=body)
    r2 = twilio(ctx["prod"], message("+212612009003", "salam"))
    yield "duplicate params appended to a signed form are not read", \
        r.status_code == 200 and r.text.replace("+212612009002", "") == r2.text.replace(
            "+212612009003", ""), f"{r.status_code}"


@check("twilio")
def malformed(ctx) -> Iterator[Result]:
    prod = ctx["prod"]
    seen = {}
    seen["json body"] = requests.post(prod.url + "/webhooks/twilio", json={"Body": "x"},
                                      timeout=TIMEOUT).status_code
    for missing in ("From", "To", "MessageSid"):
        p = {k: v for k, v in message("+212612009010", "salam").items() if k != missing}
        seen[f"no {missing}"] = twilio(prod, p).status_code
    seen["NUL in body"] = twilio(prod, message("+212612009011", "sa\x00lam\x00")).status_code
    seen["RLO/zero-width"] = twilio(prod, message("+212612009012",
                                                  "\u202e\u200b\ufeff" * 300)).status_code
    raw = (b"From=whatsapp%3A%2B212612009013&To=whatsapp%3A%2B14155238886&Body=%E9t%E9"
           b"&MessageSid=SMlatin1")
    as_read = {"From": "whatsapp:+212612009013", "To": COOP_WA, "Body": "\ufffdt\ufffd",
               "MessageSid": "SMlatin1"}            # signed as the server would read it
    seen["latin-1 signed"] = twilio(prod, as_read, body=raw).status_code
    seen["70 KB body"] = twilio(prod, message("+212612009014", "x" * 70_000)).status_code

    def chunks() -> Iterator[bytes]:
        for _ in range(40):
            yield b"Body=" + b"x" * 4096 + b"&"
    seen["chunked 160 KB"] = requests.post(
        prod.url + "/webhooks/twilio", data=chunks(), timeout=TIMEOUT,
        headers={"Content-Type": "application/x-www-form-urlencoded"}).status_code
    seen["newline in From"] = twilio(prod, message("+212612009015\nX", "salam")).status_code
    seen["NumMedia 10^8"] = twilio(prod, message("+212612009016", "", NumMedia="99999999",
                                                 MediaUrl0="file:///etc/passwd")).status_code
    seen["Latitude nan"] = twilio(prod, message("+212612009017", "", Latitude="nan",
                                                Longitude="1e999")).status_code
    expected = {"json body": 415, "no From": 400, "no To": 400, "no MessageSid": 400,
                "70 KB body": 413, "chunked 160 KB": 413,
                "newline in From": 400, "Latitude nan": 400}
    wrong = [f"{k}: {v}" for k, v in seen.items()
             if v >= 500 or (k in expected and v != expected[k])
             or (k == "latin-1 signed" and v not in (400, 403))]
    yield "malformed forms: 4xx, never 5xx", not wrong, _bad(wrong) or \
        ", ".join(f"{k} {v}" for k, v in seen.items())


@check("couriers")
def courier_hooks(ctx) -> Iterator[Result]:
    prod = ctx["prod"]
    seen = []
    body = json.dumps({"reference": "T-1001", "status": "delivered"}).encode()
    for path in ("/webhooks/couriers/webhook/tifawin", "/webhooks/couriers/sendit/tifawin",
                 "/webhooks/couriers/ozon/tifawin", "/webhooks/couriers/webhook/nope",
                 "/webhooks/couriers/webhook/..%2f..%2fetc"):
        for headers in ({}, {"X-Bghit-Signature": "sha256=" + "0" * 64},
                        {"X-Sendit-Signature": "0" * 64}):
            r = requests.post(prod.url + path, data=body, timeout=TIMEOUT,
                              headers={"Content-Type": "application/json", **headers})
            if r.status_code not in (403, 404):
                seen.append(f"{path}: {r.status_code}")
    yield "forged courier pushes → 403/404", not seen, _bad(seen)


@check("admin")
def login_required(ctx) -> Iterator[Result]:
    prod = ctx["prod"]
    forged = {"Cookie": "session=eyJhZG1pbiI6InRydWUifQ.forged.sig"}
    leaks = _unexpected(prod, [("GET", path) for path in (
        "/admin/", "/admin/orders/1", "/admin/coops/tifawin", "/admin/inbox", "/admin/money",
        "/admin/orders.csv", "/admin/orders.jsonl", "/admin/orders/1/slip.pdf",
        "/admin/customers/1", "/admin/photos/x.jpg")] + [("GET", "/admin/", forged)],
        (302, 303, 404), lambda r: "/admin/login" in r.headers.get("Location", "/admin/login"))
    yield "every dashboard page needs a login", not leaks, _bad(leaks)


@check("admin")
def brute_force(ctx) -> Iterator[Result]:
    prod = ctx["prod"]
    source = "203.0.113.77"                  # as nginx would name the attacker
    codes = [Browser(prod, source).login(f"guess-{i}-" + "x" * 16).status_code
             for i in range(12)]
    yield "wrong tokens throttled (429) after 10 from one address", \
        codes[:10] == [403] * 10 and codes[10:] == [429, 429], str(codes)
    right = Browser(prod, source).login().status_code
    yield "while throttled the right token gets 429 too (no oracle)", right == 429, \
        f"right token from the throttled address: {right}"
    other = Browser(prod, "198.51.100.5").login().status_code
    yield "an operator at another address still logs in", other == 302, str(other)


@check("admin")
def session_fixation(ctx) -> Iterator[Result]:
    b = Browser(ctx["prod"], "198.51.100.10")
    b.get("/admin/login")
    planted = dict(b.cookies)
    b.login()
    yield "login issues a new session cookie", b.cookies.get("session") != planted.get(
        "session"), ""
    attacker = Browser(ctx["prod"])
    attacker.cookies = planted
    r = attacker.get("/admin/")
    yield "the pre-login cookie stays logged out", r.status_code == 302, str(r.status_code)
    old = dict(b.cookies)
    b.post("/admin/logout", {"csrf_token": b.csrf("/admin/")})
    replay = Browser(ctx["prod"])
    replay.cookies = old
    r = replay.get("/admin/")
    yield "a cookie is dead after logout (replayed)", r.status_code == 302, str(r.status_code)


POST_ROUTES = ("/admin/login", "/admin/lang", "/admin/logout", "/admin/orders/1/status",
               "/admin/orders/1/retry", "/admin/slips", "/admin/money/remittances",
               "/admin/coops/tifawin/catalog", "/admin/coops/tifawin/catalog/import",
               "/admin/coops/tifawin/products/MIEL-THYM-1KG/stock",
               "/admin/coops/tifawin/products/MIEL-THYM-1KG/price",
               "/admin/coops/tifawin/products/new",
               "/admin/coops/tifawin/products/MIEL-THYM-1KG/edit",
               "/admin/coops/tifawin/members/new", "/admin/coops/tifawin/members/1/edit",
               "/admin/coops/tifawin/members/1/delete", "/admin/inbox/1/reply",
               "/admin/inbox/1/take", "/admin/inbox/1/release", "/admin/inbox/1/end")


@check("admin")
def csrf_everywhere(ctx) -> Iterator[Result]:
    b = Browser(ctx["prod"], "198.51.100.11")
    b.login()
    other = Browser(ctx["prod"], "198.51.100.12")
    other.login()
    foreign = other.csrf("/admin/")
    accepted = []
    for path in POST_ROUTES:
        for token in (None, "", "forged", foreign):
            data = {"status": "cancelled", "in_stock": "0", "price": "1", "text": "x",
                    "lang": "en", "token": ADMIN_TOKEN, "name": "n", "phone": "0612345678"}
            if token is not None:
                data["csrf_token"] = token
            r = b.post(path, data)
            if r.status_code != 400:
                accepted.append(f"{path} ({token!r}): {r.status_code}")
    yield f"every POST form refuses a missing/forged/foreign CSRF token ({len(POST_ROUTES)})", \
        not accepted, _bad(accepted)
    # Cross-site JSON to the simulator (no preflight possible without CORS).
    dev = ctx["dev"]
    r = requests.post(dev.url + "/sim/api/send", timeout=TIMEOUT,
                      data=json.dumps({"coop": "tifawin", "phone": "0612345678", "text": "x"}),
                      headers={"Content-Type": "text/plain", "Origin": "https://evil.example"})
    yield "simulator refuses a cross-site (text/plain) write", r.status_code == 415, \
        str(r.status_code)
    yield "no CORS granted", "Access-Control-Allow-Origin" not in r.headers, ""


NEXT = ("https://evil.example/", "//evil.example/", "/\\evil.example", "/admin@evil.example",
        "/admin/../\\evil.example", "\\\\evil.example", "/\t/evil.example", "javascript:alert(1)",
        "/admin\r\nSet-Cookie: x=1", "https:evil.example", "/%2F%2Fevil.example")


@check("admin")
def open_redirects(ctx) -> Iterator[Result]:
    prod = ctx["prod"]
    off = []

    def offsite(location: str) -> bool:
        parts = urlsplit(location.replace("\\", "/"))
        return bool(parts.netloc) and parts.netloc != "bghit.example.org" or \
            not location.startswith("/") or location.startswith(("//", "/\\"))
    for target in NEXT:
        b = Browser(prod, "198.51.100.13")
        r = b.post("/admin/login", {"token": ADMIN_TOKEN, "csrf_token": b.csrf(),
                                    "next": target})
        if r.status_code == 302 and offsite(r.headers["Location"]):
            off.append(f"login next={target!r} → {r.headers['Location']}")
        r = b.get("/admin/login?" + urlencode({"next": target}))
        if r.status_code == 302 and offsite(r.headers["Location"]):
            off.append(f"GET login next={target!r}")
        r = b.post("/admin/lang", {"lang": "en", "next": target, "csrf_token": b.csrf("/admin/")})
        if r.status_code == 302 and offsite(r.headers["Location"]):
            off.append(f"lang next={target!r}")
    yield f"next= never leaves the site ({len(NEXT)} payloads × 3 forms)", not off, _bad(off)


@check("admin")
def xss(ctx) -> Iterator[Result]:
    prod = ctx["prod"]
    phone = "+212612009100"
    for text in ("salam " + XSS, "bghit 2 kilo dyal l3sel zaatar", "safi",
                 "Fatima " + XSS, "casa", "Hay Nahda rue 5 " + XSS, "iyeh",
                 "bghit nhder m3a chi wa7ed " + XSS, XSS):
        twilio(prod, message(phone, text))
    twilio(prod, message(phone, "photo " + XSS, NumMedia="1",
                         MediaUrl0="https://api.twilio.com/2010-04-01/Accounts/AC/Media/ME1",
                         MediaContentType0='text/html"><script>alert(1)</script>'))
    b = Browser(prod, "198.51.100.14")
    b.login()
    pages = ["/admin/", "/admin/?q=" + requests.utils.quote(XSS), "/admin/inbox",
             "/admin/inbox?show=all", "/admin/coops", "/admin/coops/tifawin", "/admin/money"]
    listing = b.get("/admin/inbox?show=all").text
    pages += sorted(set(re.findall(r'href="(/admin/inbox/\d+)"', listing)))
    orders = b.get("/admin/").text
    pages += sorted(set(re.findall(r'href="(/admin/orders/\d+)"', orders)))[:5]
    for order in pages[:]:
        if order.startswith("/admin/orders/"):
            pages += sorted(set(re.findall(r'href="(/admin/customers/\d+)"', b.get(order).text)))
    raw = [p for p in dict.fromkeys(pages)
           if "<script>alert" in b.get(p).text or "<img src=x onerror" in b.get(p).text]
    yield f"customer text escaped on every page ({len(set(pages))} pages)", not raw, _bad(raw)
    r = b.get("/admin/orders.csv")
    cells = [c for row in csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";")
             for c in row[4:9]]
    bad = [c for c in cells if c.lstrip().startswith(FORMULA_START)]
    yield "CSV export: no cell a spreadsheet runs", r.status_code == 200 and not bad, \
        _bad(bad) or f"{len(cells)} cells"
    sim = ctx["dev"]
    page = requests.get(sim.url + "/", timeout=TIMEOUT).text
    js = requests.get(sim.url + "/static/sim.js", timeout=TIMEOUT).text
    sinks = [s for s in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write",
                         "eval(") if s in js or s in page]
    yield "simulator script writes text, never HTML", not sinks, _bad(sinks)


TRAVERSAL = ("..%2f..%2fapp.py", "%2e%2e/%2e%2e/app.py", "..%5c..%5capp.py", "....//app.py",
             "%252e%252e%252fapp.py", "..%c0%af..%c0%afapp.py", "/etc/passwd", "%00.jpg",
             ".secret_key", "..%2f.secret_key")


@check("admin")
def traversal(ctx) -> Iterator[Result]:
    b = Browser(ctx["prod"], "198.51.100.15")
    b.login()
    leaked = []
    for base in ("/admin/photos/", "/static/", "/admin/static/", "/m/", "/admin/coops/"):
        for name in TRAVERSAL:
            r = b.get(base + name)
            if r.status_code == 200 and ("create_app" in r.text or "root:" in r.text
                                         or SECRET_KEY in r.text):
                leaked.append(f"{base}{name}")
            elif r.status_code >= 500:
                leaked.append(f"{base}{name}: {r.status_code}")
    yield "no file outside the served folders", not leaked, _bad(leaked)
    tokens = ["A" * 44, "-" * 44, "x", "A" * 4000, "..%2f" * 9,
              "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="]
    codes = {requests.get(ctx["prod"].url + "/m/" + t, timeout=TIMEOUT).status_code
             for t in tokens}
    yield "forged /m/ media tokens → 404", codes == {404}, str(sorted(codes))


FUZZ = ("\x00", "%00", "%ED%A0%80", "%E9", "%", "-1", "0", "9" * 30, "1e309", "nan",
        "0001-01-01", "9999-12-31", "2026-02-30", "\u202e", "<x>", "a" * 3000, " ")
FUZZ_GETS = ("/admin/?{k}={v}", "/admin/money?{k}={v}", "/admin/inbox?{k}={v}",
             "/admin/orders.csv?{k}={v}", "/admin/orders/1/slip.pdf?{k}={v}",
             "/admin/login?{k}={v}", "/admin/coops/{v}", "/admin/photos/{v}",
             "/admin/coops/tifawin/products/{v}/edit", "/m/{v}")
FUZZ_KEYS = ("coop", "status", "from", "to", "q", "page", "show", "size", "next")
FUZZ_POSTS = (("/admin/orders/1/status", ("status", "note")),
              ("/admin/money/remittances", ("courier", "amount", "received_on", "coop", "note")),
              ("/admin/slips", ("order", "size")), ("/admin/lang", ("lang", "next")),
              ("/admin/coops/tifawin/products/MIEL-THYM-1KG/price", ("price",)),
              ("/admin/coops/tifawin/products/new", ("sku", "name", "price", "unit", "size",
                                                     "aliases", "short_name")),
              ("/admin/coops/tifawin/members/new", ("name", "phone", "channel", "language")),
              ("/admin/coops/tifawin/catalog/import", ("payload", "filename")))


@check("errors")
def no_500(ctx) -> Iterator[Result]:
    b = Browser(ctx["prod"], "198.51.100.16")
    b.login()
    csrf = b.csrf("/admin/")
    failed, sent = [], 0
    for pattern in FUZZ_GETS:
        for v in FUZZ:
            quoted = v if v.startswith("%") else requests.utils.quote(v, safe="")
            for k in FUZZ_KEYS if "{k}" in pattern else ("",):
                r = b.get(pattern.format(k=k, v=quoted))
                sent += 1
                if r.status_code >= 500 or "Traceback" in r.text:
                    failed.append(f"GET {pattern.format(k=k, v=quoted)[:60]}: {r.status_code}")
    for path, fields in FUZZ_POSTS:
        for v in FUZZ:
            r = b.post(path, {**{f: v for f in fields}, "csrf_token": csrf})
            sent += 1
            if r.status_code >= 500 or "Traceback" in r.text:
                failed.append(f"POST {path} {v[:12]!r}: {r.status_code}")
    yield f"hostile parameters: 4xx, never 5xx ({sent} requests)", not failed, _bad(failed)
    r = requests.get(ctx["prod"].url + "/console", timeout=TIMEOUT)
    page = requests.get(ctx["prod"].url + "/admin/%ff", timeout=TIMEOUT)
    yield "no debugger, no traceback in error pages", r.status_code == 404 and \
        "Werkzeug Debugger" not in r.text + page.text and "Traceback" not in page.text, \
        f"/console {r.status_code}"


@check("errors")
def methods(ctx) -> Iterator[Result]:
    prod = ctx["prod"]
    wrong = _unexpected(prod, ((method, path) for path in (
        "/webhooks/twilio", "/webhooks/twilio/status", "/admin/logout", "/admin/orders/1/status",
        "/webhooks/couriers/webhook/tifawin") for method in ("GET", "PUT", "DELETE", "PATCH",
                                                             "TRACE")), (405,))
    wrong += _unexpected(prod, [("POST", "/admin/logout", {"X-HTTP-Method-Override": "GET"})],
                         (400,))                 # a POST without its CSRF token, not a GET
    yield "wrong methods → 405, no method override", not wrong, _bad(wrong)


@check("simulator")
def simulator(ctx) -> Iterator[Result]:
    prod, dev = ctx["prod"], ctx["dev"]
    codes = [requests.request(m, prod.url + p, timeout=TIMEOUT, json={}).status_code
             for m, p in (("GET", "/"), ("POST", "/sim/api/send"), ("POST", "/sim/api/worker"),
                          ("GET", "/sim/api/history?coop=tifawin&phone=0612345678"))]
    yield "simulator absent in production (Twilio set)", set(codes) == {404}, str(codes)
    rebinding = requests.get(dev.url + "/", timeout=TIMEOUT,
                             headers={"Host": "evil.example"}).status_code
    yield "dev simulator refuses a foreign Host (DNS rebinding)", rebinding == 403, \
        str(rebinding)
    forged = [requests.get(dev.url + "/sim/api/history", timeout=TIMEOUT,
                           params={"coop": "tifawin", "phone": "0612345678"},
                           headers={"Host": host, "X-Forwarded-For": "203.0.113.50"}).status_code
              for host in ("localhost", "127.0.0.1", "[::1]")]
    yield "a remote client writing Host: localhost gets nothing", set(forged) == {403}, \
        str(forged)


@check("host")
def host_header(ctx) -> Iterator[Result]:
    prod = ctx["prod"]
    evil = {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}
    r = twilio(prod, message("+212612009200", "salam"), headers=evil)
    b = Browser(prod, "198.51.100.17")
    b.headers.update(evil)
    login = b.get("/admin/")
    seen = [x for x in (r.text, login.headers.get("Location", "")) if "evil" in x]
    yield "no URL built from the Host header", not seen and r.status_code == 200, \
        _bad(seen) or f"webhook {r.status_code}"


@check("abuse")
def flood(ctx) -> Iterator[Result]:
    prod = ctx["prod"]
    replies = [twilio(prod, message("+212612009300", "salam")).text for _ in range(30)]
    answered = sum(1 for r in replies if "<Message>" in r)
    yield "a flooding customer is answered ~20 times a minute", answered <= 21, \
        f"{answered} of 30 answered"


@check("logs")
def logs(ctx) -> Iterator[Result]:
    prod = ctx["prod"]
    b = Browser(prod, "198.51.100.18")
    b.login(operator='x\n{"level": "error", "msg": "forged"}\r\nadmin')
    twilio(prod, message("+212612009400", 'salam\n{"level":"error","msg":"forged line"}'))
    time.sleep(0.5)
    lines = prod.log_lines()
    app_lines = [line for line in lines if line.startswith("{")]
    forged = [line for line in app_lines if '"msg": "forged' in line or
              line.startswith('{"level"')]
    secrets = [name for name, value in (("ADMIN_TOKEN", ADMIN_TOKEN),
                                        ("TWILIO_AUTH_TOKEN", AUTH_TOKEN),
                                        ("SECRET_KEY", SECRET_KEY))
               if any(value in line for line in lines)]
    phones = [m for line in lines for m in re.findall(r"\+?212\d{9}", line)]
    broken = []
    for line in app_lines:
        try:
            json.loads(line)
        except ValueError:
            broken.append(line[:60])
    yield "one JSON object per log line (no injected lines)", not forged and not broken, \
        _bad(forged + broken) or f"{len(app_lines)} lines"
    raw = [line for line in lines if "Traceback" in line and not line.startswith("{")]
    yield "no traceback past the JSON logs (FLASK_DEBUG=1 left on)", not raw, \
        f"{len(raw)} tracebacks written by gunicorn" if raw else ""
    yield "no secret in the logs", not secrets, _bad(secrets)
    yield "no whole phone number in the logs", not phones, _bad(phones)


# --------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to serve")
    parser.add_argument("--only", default="", help="comma-separated groups (headers, twilio, "
                        "couriers, admin, errors, simulator, host, abuse, logs)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    args = parser.parse_args(argv)
    groups = {g for g in args.only.split(",") if g}
    prod = Server("prod", args.root, {
        "TWILIO_ACCOUNT_SID": "AC" + "0" * 32, "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "SECRET_KEY": SECRET_KEY, "ADMIN_TOKEN": ADMIN_TOKEN, "PUBLIC_URL": PUBLIC_URL,
        "TRUSTED_PROXIES": "1", "SIMULATOR": "", "COOKIE_SECURE": "",
        "BGHIT_LOG_LEVEL": "INFO", "WEB_CONCURRENCY": "2",
        "FLASK_DEBUG": "1"})                  # left on by mistake: must change nothing
    dev = Server("dev", args.root, {
        "TWILIO_ACCOUNT_SID": "", "TWILIO_AUTH_TOKEN": "", "SECRET_KEY": "", "PUBLIC_URL": "",
        "ADMIN_TOKEN": ADMIN_TOKEN, "TRUSTED_PROXIES": "1", "SIMULATOR": "",
        "WEB_CONCURRENCY": "2"})
    results: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="bghit-probe-") as folder:
        try:
            ctx = {"prod": prod.start(Path(folder)), "dev": dev.start(Path(folder))}
            for name, fn in CHECKS.items():
                if groups and name.split(".")[0] not in groups:
                    continue
                try:
                    found = list(fn(ctx))
                except Exception as exc:          # a check that crashes is a failure
                    found = [(name, False, f"{type(exc).__name__}: {exc}")]
                for title, ok, detail in found:
                    results.append({"check": name, "what": title, "ok": bool(ok),
                                    "detail": detail})
                    print(f"{'PASS' if ok else 'FAIL'}  {name:<26} {title}"
                          + (f"  [{detail}]" if detail else ""), flush=True)
        finally:
            prod.stop()
            dev.stop()
    failed = sum(1 for r in results if not r["ok"])
    print(f"\n{len(results) - failed} passed, {failed} failed ({args.root})")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False))
    return failed


if __name__ == "__main__":
    sys.exit(min(main(), 125))
