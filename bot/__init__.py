"""Bghit: a WhatsApp and SMS ordering assistant for Moroccan cooperatives.

The web application lives in :mod:`bot.web`. ``from bot import create_app`` (and
``flask --app app``) keep working through the module ``__getattr__`` below (PEP 562), which
imports Flask only when the factory is asked for: ``import bot.conversation`` does not.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .web import create_app, get_db

__all__ = ["create_app", "get_db"]

logging.getLogger("bot").addHandler(logging.NullHandler())


def __getattr__(name: str) -> Any:
    if name in ("create_app", "get_db"):
        from . import web
        return getattr(web, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
