"""Moved to ``bot.web.courier_hooks``: this path is kept until step F of issue 17."""
# removed in step F

from bot.web.courier_hooks import *  # noqa: F403
from bot.web.courier_hooks import HOOK_COURIERS, bp, courier_status, init_app, log  # noqa: F401

__all__ = ["HOOK_COURIERS", "bp", "courier_status", "init_app", "log"]
