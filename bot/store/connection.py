"""Opening the database: one connection per thread and per file, migrated on first use."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from pathlib import Path

import sqlite_utils

from . import sql
from .schema import migrate

_local = threading.local()

# The driver binds str, int, float and bytearray parameters directly; any other (None, a bool)
# goes through its adapter protocol, which looks for ``PrepareProtocol.__adapt__`` and
# builds and clears an AttributeError for each one (several per message: NULL columns).
# Registered adapters are found first; these bind exactly what the driver bound before.
sqlite3.register_adapter(type(None), lambda value: None)
sqlite3.register_adapter(bool, int)


def connect(path: str | Path) -> sqlite_utils.Database:
    """Open (or reuse, per thread) a connection to ``path`` and migrate it."""
    path = str(path)
    cache = getattr(_local, "dbs", None)
    if cache is None:
        cache = _local.dbs = {}
    db = cache.get(path)
    if db is None:
        if path != ":memory:":
            _create_private(path)
        conn = sqlite3.connect(path, timeout=sql.BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                               check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {sql.BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        # Read pages through a memory map: after another process writes, re-reading is cheap.
        conn.execute("PRAGMA mmap_size = 268435456")
        db = sqlite_utils.Database(conn)
        # our own attribute on the Database object: the file it opened (its write lock's key)
        db._bghit_path = (  # type: ignore[attr-defined]
            str(Path(path).resolve()) if path != ":memory:" else None)
        migrate(db)
        cache[path] = db
    return db


def _create_private(path: str | Path) -> None:
    """Create the database file (and its folder) readable by its owner only, whatever the
    umask; SQLite gives its ``-wal``, ``-shm`` and journal files the same mode."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass


def close_all() -> None:
    """Close this thread's connections (tests, forked workers)."""
    for db in getattr(_local, "dbs", {}).values():
        with contextlib.suppress(Exception):
            db.conn.close()
        fd = getattr(db, "_bghit_lock_fd", None)
        if fd is not None and fd >= 0:
            with contextlib.suppress(OSError):
                os.close(fd)
    _local.dbs = {}


def backup(db, target: str | Path) -> None:
    """A consistent copy of the live database (SQLite's online backup API)."""
    target = Path(target)
    _create_private(target)
    dest = sqlite3.connect(str(target))
    try:
        db.conn.backup(dest)
    finally:
        dest.close()
