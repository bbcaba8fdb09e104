"""Moved to ``bot.web.simulator``; this path is kept until step F of issue 17."""
# removed in step F

from bot.web.simulator import *  # noqa: F403 — removed in step F
from bot.web.simulator import bp, init_app  # noqa: F401 — removed in step F

__all__ = ["bp", "init_app"]  # removed in step F
