"""Waiting in tests for something that happens in another thread or process.

A test that hopes something has happened by now (``time.sleep(2)``) is slow on a quiet
machine and wrong on a busy one. Wait instead for what the test knows will happen:
a :class:`threading.Event` set by the thread that does it, or :func:`wait_for` polling
a condition that the fault or the set-up guarantees.
"""

from __future__ import annotations

import time
from collections.abc import Callable


def wait_for(predicate: Callable[[], object], timeout: float, what: str,
             detail: Callable[[], str] | None = None, every: float = 0.01) -> None:
    """Poll ``predicate`` every ``every`` seconds until it is true; fail the test after
    ``timeout`` seconds, naming ``what`` was awaited (and ``detail()``, e.g. a log's tail)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() >= deadline:
            extra = f"\n{detail()}" if detail else ""
            raise AssertionError(f"timed out after {timeout} s waiting for {what}{extra}")
        time.sleep(every)
