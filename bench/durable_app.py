"""The floor for any bot that loses nothing: the bare app (signature check, fixed TwiML) plus
the least a webhook must store before it answers — the message, once, in SQLite.

It uses the bot's storage settings (WAL, ``synchronous = NORMAL``, a ``BEGIN IMMEDIATE``
write queued on a ``flock``, a redelivery check on ``MessageSid``) on its own file,
``BGHIT_FLOOR_DB``. Between this app and the bot lies the bot's own work: reading the
conversation, parsing, the step, and writing the conversation, replies and orders.
``gunicorn -c gunicorn.conf.py bench.durable_app:app``.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading

from flask import Flask, Response, abort

from bench.bare_app import REPLY, signed_form

app = Flask(__name__)
#: Per thread, like the bot's connections (gunicorn.conf.py runs threads): ``conn``, ``lock``.
_state = threading.local()


def connect(path: str) -> sqlite3.Connection:
    """A connection with the bot's settings, creating the table if needed.

    Call it once before gunicorn starts its workers: two processes switching a new file to
    WAL at the same moment can see "database is locked".
    """
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in ("busy_timeout = 5000", "journal_mode = WAL", "synchronous = NORMAL"):
        conn.execute(f"PRAGMA {pragma}")
    conn.execute("CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY, "
                 "sid TEXT UNIQUE, from_addr TEXT, to_addr TEXT, body TEXT, "
                 "created_at TEXT DEFAULT CURRENT_TIMESTAMP)")
    return conn


def _db() -> tuple[sqlite3.Connection, int]:
    """This thread's connection and lock file (opened after gunicorn forks); each thread
    has its own lock file descriptor, so the ``flock`` queues threads as well as processes."""
    if getattr(_state, "conn", None) is None:
        path = os.environ["BGHIT_FLOOR_DB"]
        _state.conn = connect(path)
        _state.lock = os.open(path + ".lock", os.O_RDWR | os.O_CREAT, 0o600)
    return _state.conn, _state.lock


def store(form: dict) -> bool:
    """Store the message unless its sid is stored already; True when it was new."""
    conn, lock = _db()
    sid = form.get("MessageSid")
    if conn.execute("SELECT 1 FROM messages WHERE sid = ?", (sid,)).fetchone():
        return False
    fcntl.flock(lock, fcntl.LOCK_EX)
    try:
        conn.execute("BEGIN IMMEDIATE")
        cur = conn.execute("INSERT OR IGNORE INTO messages (sid, from_addr, to_addr, body) "
                           "VALUES (?, ?, ?, ?)",
                           (sid, form.get("From"), form.get("To"), form.get("Body")))
        conn.execute("COMMIT")
        return cur.rowcount == 1
    finally:
        fcntl.flock(lock, fcntl.LOCK_UN)


@app.post("/webhooks/twilio")
def inbound():
    form = signed_form()
    if not form.get("MessageSid"):
        abort(400)
    store(form)
    return Response(REPLY, mimetype="application/xml")
