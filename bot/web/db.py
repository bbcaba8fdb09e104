"""This request's database connection, as in Flask's tutorial (``flaskr/db.py``)."""

from __future__ import annotations

from flask import current_app, g

from .. import store


def get_db():
    """This request's database connection (per thread, reused)."""
    if "db" not in g:
        g.db = store.connect(current_app.config["BGHIT_DB"])
    return g.db


def close_db(_exc: BaseException | None = None) -> None:
    """Forget the connection at the end of the app context (the store keeps it per thread)."""
    g.pop("db", None)
