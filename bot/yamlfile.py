"""Reading the project's YAML data (``intents/``, ``locales/``) with libyaml when present.

PyYAML's wheels ship the libyaml bindings; its ``CSafeLoader`` reads the same documents
as ``yaml.safe_load``, this project's files about seven times faster. The pure-Python
loader is the fallback.
"""

from __future__ import annotations

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(stream):
    """``yaml.safe_load(stream)``, through libyaml when it is available."""
    return yaml.load(stream, Loader=_Loader)  # noqa: S506 — a safe loader
