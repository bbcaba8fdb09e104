"""What a job handler may raise: try again later, or give up."""

from __future__ import annotations

MAX_ATTEMPTS = 12           # about 1 h of retries with the delays below


class Retry(Exception):
    """Try the job again later."""


class Fail(Exception):
    """Give up on the job (it is recorded as failed)."""
