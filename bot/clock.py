"""The one clock: every "now" the bot stores or compares comes from here.

Callers use it through the module (``clock.utcnow()``), so a test that patches
``clock.utcnow`` moves time for the store and the worker alike.
"""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)


def now_iso() -> str:
    return utcnow().isoformat(timespec="milliseconds")
