"""Moved to ``bot.web.twilio_hooks``: this path is kept until step F of issue 17."""
# removed in step F

from bot.web.twilio_hooks import *  # noqa: F403
from bot.web.twilio_hooks import (  # noqa: F401
    bp,
    inbound,
    log,
    require_twilio_signature,
    signed_url,
    status_callback,
    twiml,
)

__all__ = [
    "bp", "inbound", "log", "require_twilio_signature", "signed_url", "status_callback", "twiml",
]
