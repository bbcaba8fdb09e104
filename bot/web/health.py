"""``GET /healthz``: the database answers and its schema version (for deploy checks)."""

from __future__ import annotations

from flask import Blueprint, Flask, jsonify

from .. import store
from .db import get_db

bp = Blueprint("health", __name__)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)


@bp.get("/healthz")
def healthz():
    db = get_db()
    store.ping(db)
    return jsonify(status="ok", schema=store.schema_version(db))
