"""Where the project's data lives (``intents/``, ``locales/``, ``coops/``) and how its YAML is read.

PyYAML's wheels ship the libyaml bindings; its ``CSafeLoader`` reads the same documents
as ``yaml.safe_load``, this project's files about seven times faster. The pure-Python
loader is the fallback.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

import yaml

#: The repository's root (the folder holding ``bot/``, ``intents/``, ``locales/``, ``coops/``).
ROOT = Path(__file__).resolve().parent.parent

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(stream: str | bytes | IO[str] | IO[bytes]) -> Any:
    """``yaml.safe_load(stream)``, through libyaml when it is available."""
    return yaml.load(stream, Loader=_Loader)  # noqa: S506 — a safe loader


def intents_path(name: str = "") -> Path:
    """A file in ``intents/`` (the folder itself when ``name`` is empty)."""
    return ROOT / "intents" / name if name else ROOT / "intents"


def locales_dir() -> Path:
    """The ``locales/`` folder."""
    return ROOT / "locales"


def coops_dir() -> Path:
    """The ``coops/`` folder."""
    return ROOT / "coops"


def load_intents(name: str) -> Any:
    """The YAML document ``intents/<name>``."""
    return safe_load(intents_path(name).read_text(encoding="utf-8"))
