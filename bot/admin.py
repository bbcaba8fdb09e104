"""Moved to ``bot.web.admin``: this path is kept until step F of issue 17."""
# removed in step F

from bot.web.admin import *  # noqa: F403
from bot.web.admin import STATUSES, bp, init_app, local, log  # noqa: F401

__all__ = ["STATUSES", "bp", "init_app", "local", "log"]
