"""The web chat simulator: a WhatsApp-like page at ``/`` that talks to the bot.

Every message goes through :func:`bot.service.handle_inbound`, exactly as a
Twilio webhook would (``whatsapp:+212…`` → ``whatsapp:`` + the cooperative's
number, a unique sid, a location dict for a pin), so what the page shows is
what a customer would get.

JSON endpoints (``/sim/api/…``), used by ``static/sim.js``:

* ``POST /sim/api/send``      ``{coop, phone, text}`` → ``{replies}``
* ``POST /sim/api/location``  ``{coop, phone, latitude, longitude, address?, label?}``
  → ``{replies}``
* ``GET  /sim/api/history``   ``?coop&phone`` → the conversation so far
* ``GET  /sim/api/events``    ``?coop&phone&after_job&jobs_since&after_event`` → background
  activity since the cursors: member alerts, courier requests, customer notices, status changes
* ``POST /sim/api/worker``    run the outbox worker once, now (``worker.work_once`` with a
  console transport, then ``worker.poll_tracking``), so the panel shows results even when
  no ``flask worker`` is running.

Safety: the simulator is on for the embedded demo and off in production
(``SIMULATOR=off``: ``/`` and ``/sim/*`` answer 404; a value other than on/off stops the
start-up). It answers only for a loopback host (from this machine), ``PUBLIC_URL``'s or
``SIMULATOR_HOSTS`` (403 otherwise: DNS rebinding, a forged ``Host``), and its worker
button refuses to run (409) once Twilio is connected, so it never marks real jobs as sent.
It only ever writes as a *customer*: a number that belongs to a cooperative member is
refused, so it cannot run member commands. Writes must be ``application/json``, which a
cross-site form cannot send without a CORS preflight this app never grants.
"""

from __future__ import annotations

import ipaddress
import uuid
from datetime import datetime
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, jsonify, render_template, request

from .. import service, store
from ..config import flag
from ..messaging import ConsoleTransport, make_transport
from ..phones import PhoneError, to_e164
from ..privacy import mask_phone
from .db import get_db
from .http import host_name, is_loopback_host

bp = Blueprint("simulator", __name__)

MAX_TEXT = 1600                      # WhatsApp's own limit per message
DEFAULT_PHONE = "0612345678"
#: Pins offered by the location button: (label, latitude, longitude, address).
PLACES = [
    ("Maârif, Casablanca", 33.5843, -7.6322, "Bd Zerktouni, Maârif, Casablanca"),
    ("Agdal, Rabat", 33.9981, -6.8500, "Av. de France, Agdal, Rabat"),
    ("Guéliz, Marrakech", 31.6348, -8.0106, "Rue de la Liberté, Guéliz, Marrakech"),
    ("Talborjt, Agadir", 30.4240, -9.5951, "Talborjt, Agadir"),
]

# Messages "sent" by the simulator's worker runs; never reaches the network.
_console = ConsoleTransport(keep=200)


def _enabled(app) -> bool:
    return flag(app.config.get("SIMULATOR", True), True, "SIMULATOR")


def _allowed_host(host: str) -> bool:
    """Loopback, ``PUBLIC_URL``'s host or one of ``SIMULATOR_HOSTS``: a page on another
    site whose name resolves to 127.0.0.1 (DNS rebinding) gets nothing. A loopback name
    counts only from this machine: anyone can write ``Host: localhost`` (a server on
    0.0.0.0, or behind nginx, whose first server block takes any name)."""
    if is_loopback_host(host):
        return _loopback_peer()
    config = current_app.config
    allowed = {host_name(h.strip()) for h in (config.get("SIMULATOR_HOSTS") or "").split(",")}
    if config.get("PUBLIC_URL"):
        allowed.add(urlsplit(config["PUBLIC_URL"]).hostname or "")
    return host_name(host) in allowed - {""}


def _loopback_peer() -> bool:
    """The client is on this machine (its address as a trusted proxy gives it)."""
    try:
        return ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        return False


@bp.before_request
def _only_when_enabled():
    if not _enabled(current_app):
        abort(404)
    if not _allowed_host(request.host):
        abort(403)


@bp.after_request
def _headers(resp):
    resp.headers.setdefault("Content-Security-Policy",
                            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
                            "form-action 'self'; base-uri 'none'")
    resp.headers.setdefault("X-Content-Type-Options", "nosniff")
    resp.headers.setdefault("Referrer-Policy", "same-origin")
    if request.path.startswith("/sim/api/"):
        resp.headers["Cache-Control"] = "no-store"
    return resp


class SimError(Exception):
    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message, self.status = message, status


@bp.errorhandler(SimError)
def _sim_error(exc: SimError):
    return jsonify(error=exc.message), exc.status


# --------------------------------------------------------------------------
# The page
# --------------------------------------------------------------------------

@bp.get("/")
def page():
    coops = [c for c in store.list_coops(get_db()) if c.get("whatsapp_from")]
    return render_template("simulator.html", coops=coops, places=PLACES,
                           default_phone=DEFAULT_PHONE)


# --------------------------------------------------------------------------
# JSON API
# --------------------------------------------------------------------------

def _json() -> dict:
    if not request.is_json:
        raise SimError("send JSON (Content-Type: application/json)", 415)
    try:
        data = request.get_json(silent=True)
    except RecursionError:
        raise SimError("the JSON is nested too deeply") from None
    if not isinstance(data, dict):
        raise SimError("the body must be a JSON object")
    if not _encodable(data):
        raise SimError("the text holds half of a UTF-16 pair (\\ud800…): send valid Unicode")
    return data


def _encodable(value) -> bool:
    """No lone surrogate anywhere (JSON may escape one; it cannot be stored or sent)."""
    if isinstance(value, dict):
        return all(_encodable(k) and _encodable(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_encodable(v) for v in value)
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
    return True


def _coop(db, slug) -> dict:
    coop = store.get_coop_by_slug(db, str(slug or ""))
    if coop is None or not coop.get("whatsapp_from"):
        raise SimError("unknown cooperative", 404)
    return coop


def _customer_phone(db, raw) -> str:
    """The customer's E.164 number; refuse members (the simulator never writes as one)."""
    try:
        phone = to_e164(str(raw or ""))
    except PhoneError:
        raise SimError("enter a phone number, e.g. 0612345678") from None
    if store.find_member(db, phone) is not None:
        raise SimError("this number belongs to a cooperative member; the simulator only "
                       "writes as a customer", 403)
    if any(phone in (c.get("whatsapp_from"), c.get("sms_from")) for c in store.list_coops(db)):
        raise SimError("this is a cooperative's own number", 403)
    return phone


def _chat(db, values) -> tuple[dict, str]:
    """The cooperative and the customer's phone a simulator request names."""
    return _coop(db, values.get("coop")), _customer_phone(db, values.get("phone"))


def _deliver(coop: dict, phone: str, body: str = "", location: dict | None = None) -> list[str]:
    msg = service.Inbound(from_addr=f"whatsapp:{phone}",
                          to_addr=f"whatsapp:{coop['whatsapp_from']}", body=body,
                          sid="SMsim" + uuid.uuid4().hex, location=location)
    try:
        return service.handle_inbound(get_db(), msg, current_app.config)
    except service.BadRequest as exc:
        raise SimError(str(exc)) from None
    except store.StoreError:
        raise SimError("the database is busy, send it again", 503) from None


@bp.post("/sim/api/send")
def api_send():
    data = _json()
    coop, phone = _chat(get_db(), data)
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        raise SimError("type a message")
    if len(text) > MAX_TEXT:
        raise SimError(f"at most {MAX_TEXT} characters")
    return jsonify(replies=_deliver(coop, phone, body=text), phone=phone)


@bp.post("/sim/api/location")
def api_location():
    data = _json()
    coop, phone = _chat(get_db(), data)
    try:
        location = service.location_from(data.get("latitude"), data.get("longitude"),
                                         data.get("address"), data.get("label"))
    except service.BadRequest as exc:
        raise SimError(str(exc)) from None
    return jsonify(replies=_deliver(coop, phone, location=location), phone=phone)


@bp.get("/sim/api/history")
def api_history():
    db = get_db()
    coop, phone = _chat(db, request.args)
    conv = store.find_conversation(db, coop["id"], phone)
    messages = []
    if conv:
        for m in store.transcript(db, conv["id"]):
            item = {"direction": m["direction"], "body": m["body"] or "",
                    "at": m["created_at"], "status": m["status"]}
            media = m.get("media") or None           # a list (store.transcript, issue 18)
            if isinstance(media, list) and media and isinstance(media[0], dict) \
                    and "latitude" in media[0]:
                item["location"] = media[0]
            messages.append(item)
    return jsonify(messages=messages, phone=phone)


#: Alert kinds whose dedupe key (``alert:<kind>:<order id>…``) names an order.
ORDER_ALERTS = ("order", "order_pending", "cancelled", "refused", "returned", "forward_failed",
                "courier_credentials", "courier_cancel_failed", "courier_address",
                "courier_return", "courier_out_of_zone", "courier_wrong_phone")


def _order_number(dedupe_key: str, numbers: dict) -> str | None:
    parts = dedupe_key.split(":")
    if len(parts) < 3 or not parts[2].isdigit():
        return None
    order_id = int(parts[2])
    if order_id not in numbers:
        order = store.get_order(get_db(), order_id)
        numbers[order_id] = order["number"] if order else None
    return numbers[order_id]


def _job_view(job: dict, address: str, numbers: dict) -> dict:
    p, r = job["payload"], job["result"]
    view = {"id": job["id"], "kind": job["kind"], "status": job["status"],
            "attempts": job["attempts"], "error": job["last_error"],
            "at": job["created_at"], "updated_at": job["updated_at"],
            "order": job.get("order_number")}
    if not view["order"] and p.get("kind") in ORDER_ALERTS:
        view["order"] = _order_number(job.get("dedupe_key") or "", numbers)
    if job["kind"] in ("message.member", "message.member_sms"):
        channel = r.get("channel") or ("sms" if job["kind"].endswith("_sms")
                                       else job.get("member_channel"))
        text = p.get("sms_text") if channel == "sms" and p.get("sms_text") else p.get("text")
        view.update(alert=p.get("kind"), text=text, member=job.get("member_name"),
                    member_phone=mask_phone(job.get("member_phone")), channel=channel)
    elif job["kind"] == "message.customer":
        view.update(text=p.get("body"), to=mask_phone(p.get("to")),
                    mine=p.get("to") == address, channel=r.get("channel"))
    elif job["kind"] == "courier.forward":
        view.update(tracking=r.get("tracking"), failed=r.get("forward_failed"),
                    skipped=r.get("skipped"))
    return view


MAX_ID = 2**63 - 1                   # the largest row id (SQLite INTEGER)


def _cursor(name: str) -> int:
    try:
        value = int(request.args.get(name) or 0)
    except ValueError:
        raise SimError(f"{name} must be a number") from None
    if not 0 <= value <= MAX_ID:
        raise SimError(f"{name} is out of range")
    return value


def _is_timestamp(text: str) -> bool:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


@bp.get("/sim/api/events")
def api_events():
    db = get_db()
    coop = _coop(db, request.args.get("coop"))
    address = ""
    if request.args.get("phone"):
        try:
            address = "whatsapp:" + to_e164(request.args["phone"])
        except PhoneError:
            pass
    after_job, after_event = _cursor("after_job"), _cursor("after_event")
    since = request.args.get("jobs_since") or None
    if since is not None and (len(since) > 40 or not _is_timestamp(since)):
        raise SimError("jobs_since must be a timestamp from a previous answer")
    found = store.activity_since(db, coop["id"], after_job_id=after_job, jobs_since=since,
                                 after_event_id=after_event)
    numbers: dict = {}
    jobs = [_job_view(j, address, numbers) for j in found["jobs"]]
    events = [{"id": e["id"], "order": e["order_number"], "status": e["status"],
               "raw_status": e["raw_status"], "source": e["source"], "actor": e["actor"],
               "note": e["note"], "at": e["created_at"]} for e in found["events"]]
    return jsonify(
        jobs=jobs, events=events,
        last_job=max([after_job] + [j["id"] for j in jobs]),
        last_event=max([after_event] + [e["id"] for e in events]),
        jobs_since=max([since or ""] + [j["updated_at"] or "" for j in jobs]) or None,
        counts=store.job_counts(db))


@bp.post("/sim/api/worker")
def api_worker():
    """Run the due outbox jobs now, with a console transport (nothing leaves the machine)."""
    _json()
    from .. import worker

    db = get_db()
    settings = dict(current_app.config)
    if not isinstance(make_transport(settings), ConsoleTransport):
        # Twilio is connected: these jobs are real alerts for the real worker to send.
        raise SimError("Twilio is connected: the outbox worker (flask worker) sends the jobs", 409)
    ran = worker.work_once(db, _console, settings)
    changed = worker.poll_tracking(db, settings)
    ran += worker.work_once(db, _console, settings)      # notices queued by tracking
    return jsonify(ran=ran, tracking_changes=changed, counts=store.job_counts(db))


def init_app(app) -> None:
    if not _enabled(app):      # an unknown value raises ConfigError: the app does not start
        return                 # not even registered: / and /sim/* are 404
    app.register_blueprint(bp)
