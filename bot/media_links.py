"""Short links to a customer's media that a basic phone can open: ``PUBLIC_URL/m/<token>``.

Twilio's media URLs need the account's credentials when the account enforces HTTP auth on
media, so a member on SMS could not open a voice note. A link on our own server stands in:
the token names the stored inbound message (its Twilio ``MessageSid``) and the medium's
index, carries when it expires, and is signed with a key derived from ``SECRET_KEY``
(HMAC-SHA256, truncated). ``bot.web.media`` checks it and fetches the medium from Twilio
with the account's credentials.

A token is 44 URL-safe characters: the SID's two letters and 16 bytes, the index, the
expiry (Unix seconds), then 10 bytes of the signature. Nothing in it is secret (it names a
message, not a phone number); without the key it cannot be made or altered.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import struct
from datetime import datetime, timedelta

#: How long a link works.
LINK_DAYS = 7
_SID = re.compile(r"^([A-Z]{2})([0-9a-f]{32})$")
_BODY = struct.Struct(">2s16sBI")           # SID letters, SID bytes, media index, expiry
_MAC_BYTES = 10
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{44}$")


def _key(secret: str) -> bytes:
    """A key of its own for links, so a link never signs anything else (sessions…)."""
    return hmac.new(secret.encode(), b"bghit media link v1", hashlib.sha256).digest()


def _mac(secret: str, body: bytes) -> bytes:
    return hmac.new(_key(secret), body, hashlib.sha256).digest()[:_MAC_BYTES]


def make_token(secret: str, sid: str, index: int, expires: datetime) -> str | None:
    """The token for medium ``index`` of message ``sid``, valid until ``expires``; None when
    the SID is not Twilio's shape (no link then) or there is no secret."""
    found = _SID.match(sid or "")
    if not secret or not found or not 0 <= index < 256:
        return None
    body = _BODY.pack(found.group(1).encode(), bytes.fromhex(found.group(2)), index,
                      int(expires.timestamp()))
    return base64.urlsafe_b64encode(body + _mac(secret, body)).decode().rstrip("=")


def read_token(secret: str, token: str, now: datetime) -> tuple[str, int] | None:
    """``(sid, index)`` for a genuine token that has not expired, else None."""
    if not secret or not _TOKEN.match(token or ""):
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        return None
    body, mac = raw[:_BODY.size], raw[_BODY.size:]
    if len(mac) != _MAC_BYTES or not hmac.compare_digest(mac, _mac(secret, body)):
        return None
    letters, sid_bytes, index, expires = _BODY.unpack(body)
    if expires <= now.timestamp():
        return None
    return letters.decode("ascii", "replace") + sid_bytes.hex(), index


def link(settings: dict, sid: str, index: int, now: datetime) -> str | None:
    """``PUBLIC_URL/m/<token>``, or None when it cannot work: no public address, no
    secret shared by every web process, or a message without a Twilio SID."""
    public = (settings.get("PUBLIC_URL") or "").rstrip("/")
    secret = settings.get("SECRET_KEY") or ""
    if not public or settings.get("SECRET_KEY_SHARED") is False:
        return None
    token = make_token(secret, sid, index, now + timedelta(days=LINK_DAYS))
    return f"{public}/m/{token}" if token else None
