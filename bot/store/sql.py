"""Transactions and queries: the seam a second database backend re-implements.

Connections are per thread and per file (:mod:`.connection`); writes that belong together run
inside :func:`transaction`, which takes SQLite's write lock up front (``BEGIN IMMEDIATE``) so
that two messages from one customer, arriving in two gunicorn workers at once, are applied one
after the other and never interleaved. :func:`one` and :func:`all` run a query and return its
rows as dicts.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterator

import sqlite_utils

from .. import clock

#: How long a write waits for SQLite's lock before giving up (``BGHIT_BUSY_TIMEOUT_MS``).
BUSY_TIMEOUT_MS = int(os.environ.get("BGHIT_BUSY_TIMEOUT_MS") or 5000)


#: One writer at a time per file within a process: threads queue on a lock instead of
#: polling SQLite's busy handler, which starves some of them under load (50 threads).
_write_locks: dict[str, threading.Lock] = {}


_write_locks_guard = threading.Lock()


def _write_lock(db: sqlite_utils.Database) -> threading.Lock:
    path = getattr(db, "_bghit_path", None) or str(id(db.conn))
    with _write_locks_guard:
        return _write_locks.setdefault(path, threading.Lock())


class StoreError(RuntimeError):
    """The database cannot be used right now (locked, disk full, read-only)."""


class Conflict(ValueError):
    """A write broke one of the schema's integrity rules (a UNIQUE column already holds it)."""


@contextlib.contextmanager
def conflicts_as(error: type[Conflict]) -> Iterator[None]:
    """Raise ``error`` for the driver's integrity error inside the block."""
    try:
        yield
    except sqlite3.IntegrityError as exc:
        raise error(str(exc)) from exc


#: What ``json.dumps(value, ensure_ascii=False, separators=(",", ":"))`` uses, built once
#: (``dumps`` with arguments builds an encoder per call; every message stores several).
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


_C_ENCODER = getattr(json.encoder, "c_make_encoder", None)     # None: no C accelerator
_QUOTE = json.encoder.encode_basestring


def dumps(value) -> str:
    """``_JSON.encode(value)``, byte for byte and with the same errors, without the Python
    layers ``JSONEncoder.encode`` and ``iterencode`` add to every call (a closure, a
    branch per option): the same C encoder, built with the same arguments, called
    directly; its ``{}`` is the circular-reference check's, fresh for each value as there."""
    if _C_ENCODER is None or isinstance(value, str):
        return _JSON.encode(value)
    return "".join(_C_ENCODER({}, _JSON.default, _QUOTE, None, ":", ",", False, False,
                              True)(value, 0))


def loads(value, default=None):
    if value in (None, ""):
        return default
    return json.loads(value)


@contextlib.contextmanager
def snapshot(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """A read transaction: every query inside sees one consistent state, and takes no lock."""
    if db.conn.in_transaction:
        yield db
        return
    db.conn.execute("BEGIN")
    try:
        yield db
    finally:
        if db.conn.in_transaction:
            db.conn.execute("COMMIT")


@contextlib.contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``; nested calls become savepoints."""
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield db
        return
    lock = _write_lock(db)
    if not lock.acquire(timeout=BUSY_TIMEOUT_MS / 1000):
        raise StoreError("database is locked (busy in this process)")
    try:
        _file_lock(db, acquire=True)
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(str(exc)) from exc
        try:
            yield db
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        else:
            try:
                conn.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise StoreError(str(exc)) from exc
    finally:
        _file_lock(db, acquire=False)
        lock.release()


def _file_lock(db: sqlite_utils.Database, acquire: bool) -> None:
    """Queue writers of several processes (gunicorn workers, the worker) on a lock file.

    SQLite's own busy handler makes a blocked writer sleep 1, 2, 5 … 100 ms between tries, so
    under load some writers wait far longer than the lock is held. A ``flock`` on
    ``<db>.lock`` wakes the next writer within a millisecond; SQLite's lock still guards the
    data (a writer that does not use this lock is simply waited for by ``busy_timeout``).
    """
    fd = getattr(db, "_bghit_lock_fd", None)
    if fd is None:
        path = getattr(db, "_bghit_path", None)
        if not path:
            return
        try:
            # our own attribute on the Database object: the lock file's descriptor
            fd = db._bghit_lock_fd = os.open(  # type: ignore[attr-defined]
                path + ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            db._bghit_lock_fd = -1  # type: ignore[attr-defined]  # (as above)
            return
    if fd < 0:
        return
    if not acquire:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    delay = 0.00005
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise StoreError("database is locked (busy in another process)") from None
            time.sleep(delay)               # a write holds the lock for about a millisecond
            delay = min(delay * 2, 0.0004)


def one(db, sql: str, params=()) -> dict | None:
    cur = db.conn.execute(sql, params)
    row = cur.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cur.description], row, strict=False))


def update_row(db, table: str, row_id: int, fields: dict, *, allowed: set[str]) -> None:
    """Set the ``allowed`` ones of ``fields`` on the row ``row_id`` of ``table``, and its
    ``updated_at``; nothing when none of them is allowed."""
    fields = {k: v for k, v in fields.items() if k in allowed}
    if not fields:
        return
    fields["updated_at"] = clock.now_iso()
    sets = ", ".join(f"{k} = ?" for k in fields)
    db.conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", (*fields.values(), row_id))


def all(db, sql: str, params=()) -> list[dict]:
    cur = db.conn.execute(sql, params)
    keys = [d[0] for d in cur.description]
    return [dict(zip(keys, row, strict=False)) for row in cur.fetchall()]


#: What a caller catches when the database cannot be used right now: the store's own error
#: and the driver's (a locked or read-only file met outside :func:`transaction`).
UNAVAILABLE = (StoreError, sqlite3.OperationalError)


def ping(db) -> None:
    """Run the cheapest query (``/healthz``): raises one of :data:`UNAVAILABLE` when the
    database cannot be read."""
    db.conn.execute("SELECT 1").fetchone()
