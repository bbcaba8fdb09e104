"""This request's database connection, as in Flask's tutorial (``flaskr/db.py``)."""

from __future__ import annotations

from flask import g

from .. import store
from .http import this_app


def get_db():
    """This request's database connection (per thread, reused)."""
    app_g = g._get_current_object()      # the object, not its proxy: see http.this_request
    if "db" not in app_g:
        app_g.db = store.connect(this_app().config["BGHIT_DB"])
    return app_g.db


def close_db(_exc: BaseException | None = None) -> None:
    """Forget the connection at the end of the app context (the store keeps it per thread)."""
    g._get_current_object().pop("db", None)
