"""The web layer: the application factory and the HTTP transport around the bot.

Flask's tutorial keeps its factory in the package ``__init__``; here it lives in ``bot.web``
so that ``bot`` itself (and its pure core, ``import bot.conversation``) does not load Flask.
``bot.create_app`` still works: ``bot/__init__`` imports it from here when asked for it.
"""

from __future__ import annotations

import gc
import logging
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from .. import cli, store
from .. import config as config_mod
from ..logs import new_request_id, remember_secrets, request_id, setup_logging
from . import admin, courier_hooks, health, media, simulator, twilio_hooks
from .db import close_db, get_db
from .http import SessionInterface, body_within_limit, security_headers

__all__ = ["create_app", "get_db"]

#: ``Flask("bot", root_path=…)``: the app keeps its name (its logger, the session cookie, the
#: ``static`` endpoint) and finds ``templates/`` and ``static/`` here, in ``bot/web``.
ROOT_PATH = Path(__file__).resolve().parent


def create_app(test_config: dict | None = None) -> Flask:
    """The application factory (``flask --app app …`` and gunicorn ``app:app``)."""
    app = Flask("bot", root_path=str(ROOT_PATH), instance_relative_config=False)
    app.session_interface = SessionInterface()
    app.config.from_mapping(config_mod.from_env())
    if test_config:
        app.config.update(test_config)
    app.config.setdefault("SESSION_COOKIE_HTTPONLY", True)
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"

    setup_logging(app.config.get("LOG_LEVEL", "INFO"))
    remember_secrets(*(app.config.get(name) for name in ("TWILIO_AUTH_TOKEN", "ADMIN_TOKEN",
                                                          "SECRET_KEY")))
    _no_debug_in_production(app)

    # Create or upgrade the schema once, at start-up, not on the first message.
    store.connect(app.config["BGHIT_DB"])

    # Each init_app decides from the config whether it registers its blueprint (the
    # simulator is not even registered when SIMULATOR=off; an unknown value raises).
    twilio_hooks.init_app(app)
    health.init_app(app)
    media.init_app(app)                # /m/<token>: customers' media for members' phones
    cli.register(app)
    for module in (courier_hooks, simulator, admin):
        module.init_app(app)
    _warm_up()

    @app.before_request
    def _new_request_id() -> None:
        """Every request's log lines share a fresh id (dashboard, simulator and refusals
        included: a gunicorn worker's thread would otherwise keep the last one); inbound
        messages then take their ``MessageSid``."""
        request_id.set(new_request_id())

    app.before_request(body_within_limit)
    app.after_request(security_headers)    # after each blueprint's own: theirs are kept
    # Twilio's inbound messages, the bulk of the traffic, without Flask's per-request work
    # (mypy: as for ProxyFix below)
    app.wsgi_app = twilio_hooks.InboundFastPath(  # type: ignore[method-assign]
        app, app.wsgi_app)
    proxies = config_mod.whole_number(app.config.get("TRUSTED_PROXIES"), "TRUSTED_PROXIES")
    if proxies:
        # Behind nginx every request comes from 127.0.0.1: the login throttle and the logs
        # would count the proxy, not the operator. Trust exactly that many hops, no more.
        # (mypy: Flask.wsgi_app is a method; replacing it is Flask's documented way to add
        # WSGI middleware, and the app calls self.wsgi_app through the instance.)
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies)

    app.teardown_appcontext(close_db)
    _freeze_start_up()
    return app


def _no_debug_in_production(app: Flask) -> None:
    """``FLASK_DEBUG=1`` left in a production environment (Twilio connected or a
    ``PUBLIC_URL``) is ignored, and said so: in debug mode Flask hands an error to the server
    (gunicorn writes its traceback, with the URL and its query, as plain text past our
    scrubbing log filter; ``flask run`` would show it in the page) instead of logging it as a
    JSON line and answering a bare 500."""
    production = app.config.get("TWILIO_AUTH_TOKEN") or app.config.get("PUBLIC_URL")
    if app.debug and production and not app.testing:
        logging.getLogger("bot.web").error(
            "FLASK_DEBUG is ignored in production (TWILIO_AUTH_TOKEN or PUBLIC_URL is set): "
            "errors are logged, never shown")
        app.debug = False


#: Whether this process already froze its start-up objects (``_freeze_start_up``).
_frozen: list[int] = []


def _freeze_start_up() -> None:
    """Once per process: move what start-up built (modules, the language data, the app) out
    of the garbage collector's sight. They live as long as the process, yet each full
    collection walked all of them (≈ 70,000 objects: ≈ 35 µs per message in process, in
    pauses of tens of milliseconds). Python's ``gc.freeze`` documentation describes this use;
    garbage already there is collected first, so nothing that could be freed is kept."""
    if _frozen:
        return
    _frozen.append(1)
    gc.collect()
    gc.freeze()


def _warm_up() -> None:
    """Read the language data now, at start-up: otherwise each gunicorn worker parses the
    YAML files during its first messages (a locale on the first order in that language)."""
    from .. import geo, i18n  # the NLU lexicon is read when bot.nlu is imported
    from ..nlu import commands

    for lang in i18n.languages():
        i18n.load(lang)
    commands.grammar()                     # the members' command words
    geo.warm_up()                          # the city names, folded; the courier articles
