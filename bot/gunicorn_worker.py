"""Moved to ``bot.web.gunicorn_worker``: this path is kept until step F of issue 17."""
# removed in step F

from bot.web.gunicorn_worker import *  # noqa: F403
from bot.web.gunicorn_worker import ThreadWorker  # noqa: F401

__all__ = ["ThreadWorker"]
