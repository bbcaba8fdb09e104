"""Moved to ``bot.web.gunicorn_worker``; this path is kept until step F of issue 17."""
# removed in step F

from bot.web.gunicorn_worker import *  # noqa: F403 — removed in step F
from bot.web.gunicorn_worker import ThreadWorker  # noqa: F401 — removed in step F

__all__ = ["ThreadWorker"]  # removed in step F
