"""Moved to ``bot.web.simulator``: this path is kept until step F of issue 17."""
# removed in step F

from bot.web.simulator import *  # noqa: F403
from bot.web.simulator import bp, init_app  # noqa: F401

__all__ = ["bp", "init_app"]
