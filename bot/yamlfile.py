"""Moved to :mod:`bot.datafiles`."""

from .datafiles import safe_load  # noqa: F401 — removed in step F

__all__ = ["safe_load"]
