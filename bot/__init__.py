"""Bghit: a WhatsApp and SMS ordering assistant for Moroccan cooperatives."""

from __future__ import annotations

import io
import ipaddress
import logging
import uuid
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, g, has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

from . import config as config_mod
from . import store
from .logs import request_id


class _SessionInterface(SecureCookieSessionInterface):
    """Cookie sessions for the dashboard and the simulator; none for machine endpoints."""

    def open_session(self, app, request):
        if request.path.startswith(_NO_SESSION):
            return None                        # Flask then uses a null session: no cookie work
        return super().open_session(app, request)

    def get_cookie_secure(self, app) -> bool:
        """``Secure`` unless the page was asked for on localhost (``COOKIE_SECURE`` decides
        when set; an https ``PUBLIC_URL`` always means Secure)."""
        forced = app.config.get("COOKIE_SECURE")
        if forced is not None:
            return bool(forced)
        if app.config.get("SESSION_COOKIE_SECURE") or \
                (app.config.get("PUBLIC_URL") or "").startswith("https://"):
            return True
        return not (has_request_context() and is_loopback_host(request.host))


def host_name(host: str) -> str:
    """``Host`` header → its name, without port and trailing dot (empty when unreadable)."""
    try:
        return (urlsplit("//" + host).hostname or "").rstrip(".")
    except ValueError:
        return ""


def is_loopback_host(host: str) -> bool:
    name = host_name(host)
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _body_within_limit() -> None:
    """A chunked body (no Content-Length) is measured while it is read, and Werkzeug cuts it
    at ``MAX_CONTENT_LENGTH`` without a word: read it now, so that one over the limit gets
    413 instead of being parsed as an empty form or a cut body (403 on a signed webhook)."""
    if request.method != "POST" or request.content_length is not None:
        return
    environ = request.environ
    if not environ.get("wsgi.input_terminated"):
        return                                # no length, no end marker: read as empty
    limit = current_app.config.get("MAX_CONTENT_LENGTH") or 64 * 1024
    stream, data = environ["wsgi.input"], b""
    while len(data) <= limit:                 # a read may return less than asked for
        chunk = stream.read(limit + 1 - len(data))
        if not chunk:
            break
        data += chunk
    if len(data) > limit:
        abort(413)
    # The body, now of a known length, for the parsers (nothing has read it yet).
    environ["wsgi.input"], environ["CONTENT_LENGTH"] = io.BytesIO(data), str(len(data))


_NO_SESSION = ("/webhooks/", "/healthz")


def create_app(test_config: dict | None = None) -> Flask:
    """The application factory (``flask --app app …`` and gunicorn ``app:app``)."""
    app = Flask(__name__, instance_relative_config=False)
    app.session_interface = _SessionInterface()
    app.config.from_mapping(config_mod.from_env())
    if test_config:
        app.config.update(test_config)
    app.config.setdefault("SESSION_COOKIE_HTTPONLY", True)
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"

    from .logs import setup_logging
    setup_logging(app.config.get("LOG_LEVEL", "INFO"))

    # Create or upgrade the schema once, at start-up, not on the first message.
    store.connect(app.config["BGHIT_DB"])

    from . import cli, webhook
    app.register_blueprint(webhook.bp)
    cli.register(app)
    _register_optional(app)
    _warm_up()

    @app.before_request
    def _new_request_id() -> None:
        """Every request's log lines share a fresh id (dashboard, simulator and refusals
        included: a gunicorn worker's thread would otherwise keep the last one); inbound
        messages then take their ``MessageSid``."""
        request_id.set(uuid.uuid4().hex[:12])

    app.before_request(_body_within_limit)
    proxies = config_mod.whole_number(app.config.get("TRUSTED_PROXIES"), "TRUSTED_PROXIES")
    if proxies:
        # Behind nginx every request comes from 127.0.0.1: the login throttle and the logs
        # would count the proxy, not the operator. Trust exactly that many hops, no more.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)

    @app.teardown_appcontext
    def _forget(_exc):
        g.pop("db", None)

    return app


def _warm_up() -> None:
    """Read the language data now, at start-up: otherwise each gunicorn worker parses the
    YAML files during its first messages (a locale on the first order in that language)."""
    from . import geo, i18n, members      # the NLU lexicon is read when bot.nlu is imported
    from .couriers import cities

    for lang in i18n.languages():
        i18n.load(lang)
    members.grammar()
    geo._choices()                         # the city names and their folded forms
    cities._articles()                     # matching them to a courier's city list


def _register_optional(app: Flask) -> None:
    """Blueprints that live in their own modules (simulator, admin, courier hooks)."""
    import importlib

    for name in ("couriers_hooks", "simulator", "admin"):
        try:
            module = importlib.import_module(f"bot.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"bot.{name}":
                raise
            continue
        module.init_app(app)


def get_db():
    """This request's database connection (per thread, reused)."""
    from flask import current_app
    if "db" not in g:
        g.db = store.connect(current_app.config["BGHIT_DB"])
    return g.db


logging.getLogger("bot").addHandler(logging.NullHandler())
