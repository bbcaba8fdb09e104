"""Settings, read from the environment (and a ``.env`` file, via python-dotenv).

Every setting is documented in ``.env.example``. Secrets (the Twilio auth
token, courier keys, ``ADMIN_TOKEN``) only ever come from the environment.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import overload

from dotenv import load_dotenv

from .datafiles import ROOT

#: A customer's medium fetched from Twilio (bot.web.twilio_media): seconds to connect and
#: between bytes, and the largest passed on (WhatsApp's own limit is 16 MB).
MEDIA_TIMEOUT = 10.0
MEDIA_MAX_BYTES = 16 * 1024 * 1024

_TRUE = {"1", "on", "yes", "true"}
_FALSE = {"0", "off", "no", "false"}


class ConfigError(ValueError):
    """A setting the app cannot start with; the message names it and says what to write."""


@overload
def flag(value, default: bool, name: str = ...) -> bool: ...
@overload
def flag(value, default: None, name: str = ...) -> bool | None: ...
def flag(value, default: bool | None, name: str = "setting") -> bool | None:
    """A yes/no setting: ``on/off``, ``1/0``, ``yes/no``, ``true/false`` (any case), empty =
    ``default``. Anything else is refused: ``SIMULATOR=disabled`` must not turn it on."""
    if isinstance(value, bool):
        return value
    if value is None or not str(value).strip():
        return default
    word = str(value).strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ConfigError(f"{name}={value!r} is not understood: write on or off "
                      "(also 1/0, yes/no, true/false)")


def _stable_secret(folder: Path) -> tuple[str, bool]:
    """A random session secret kept beside the database, shared by every gunicorn worker;
    and whether it is (False: the folder cannot be written, a per-process secret)."""
    path = folder / ".secret_key"
    try:
        return path.read_text().strip(), True
    except (FileNotFoundError, NotADirectoryError):
        pass
    secret = os.urandom(32).hex()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".secret_key.{os.getpid()}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secret)
        try:
            os.link(tmp, path)          # atomic: the first worker's secret wins
        except FileExistsError:
            secret = path.read_text().strip()
        finally:
            tmp.unlink(missing_ok=True)
    except OSError:
        return secret, False            # read-only folder: a per-process secret
    return secret, True


def whole_number(value, name: str) -> int:
    """A small whole number setting (empty = 0); anything else stops the start-up."""
    text = str(value or "").strip()
    if not text:
        return 0
    if not text.isdigit() or int(text) > 10:
        raise ValueError(f"{name} must be a whole number from 0 to 10, not {text!r}")
    return int(text)


def from_env(environ: Mapping[str, str] | None = None) -> dict:
    """Build the Flask config mapping from ``environ`` (default: ``os.environ`` + ``.env``)."""
    if environ is None:
        load_dotenv(ROOT / ".env", override=False)
        environ = os.environ
    env = environ.get
    secret, shared = (env("SECRET_KEY"), True) if env("SECRET_KEY") else _stable_secret(
        Path(env("BGHIT_DB") or ROOT / "data" / "bghit.sqlite3").parent)
    return {
        "BGHIT_DB": env("BGHIT_DB") or str(ROOT / "data" / "bghit.sqlite3"),
        "TWILIO_ACCOUNT_SID": env("TWILIO_ACCOUNT_SID") or "",
        "TWILIO_AUTH_TOKEN": env("TWILIO_AUTH_TOKEN") or "",
        "TWILIO_API_BASE_URL": env("TWILIO_API_BASE_URL") or "",
        "PUBLIC_URL": (env("PUBLIC_URL") or "").rstrip("/"),
        "ADMIN_TOKEN": env("ADMIN_TOKEN") or "",
        # Reverse proxies in front (deploy/nginx.conf: 1) whose X-Forwarded-For/-Proto are
        # believed; 0 = none, the peer's address is the client's (a header can't forge it).
        "TRUSTED_PROXIES": whole_number(env("TRUSTED_PROXIES"), "TRUSTED_PROXIES"),
        # The session cookie's Secure flag: empty = Secure except on localhost.
        "COOKIE_SECURE": flag(env("COOKIE_SECURE"), None, "COOKIE_SECURE"),
        "SECRET_KEY": secret,
        # False when each process drew its own key (dashboard logins then fail across workers).
        "SECRET_KEY_SHARED": shared,
        # On for the embedded demo; off by default once Twilio is connected (the simulator
        # writes as any customer), unless SIMULATOR=on says otherwise.
        "SIMULATOR": flag(env("SIMULATOR"), not env("TWILIO_AUTH_TOKEN"), "SIMULATOR"),
        # Host names the simulator answers for besides loopback and PUBLIC_URL's (comma-separated).
        "SIMULATOR_HOSTS": env("SIMULATOR_HOSTS") or "",
        # 64 KiB is far above any WhatsApp/SMS webhook; anything bigger is abuse.
        "MAX_CONTENT_LENGTH": int(env("BGHIT_MAX_BODY") or 64 * 1024),
        "HANDOFF_TIMEOUT_MINUTES": int(env("BGHIT_HANDOFF_TIMEOUT_MINUTES") or 120),
        "RATE_LIMIT_PER_MINUTE": int(env("BGHIT_RATE_LIMIT_PER_MINUTE") or 20),
        "COURIER_TIMEOUT": float(env("BGHIT_COURIER_TIMEOUT") or 10),
        # A customer's medium fetched from Twilio for the inbox and /m/ links.
        "MEDIA_TIMEOUT": float(env("BGHIT_MEDIA_TIMEOUT") or MEDIA_TIMEOUT),
        "MEDIA_MAX_BYTES": int(env("BGHIT_MEDIA_MAX_BYTES") or MEDIA_MAX_BYTES),
        # Outbox worker: tracking poll period, job lease, first retry delay (seconds).
        "TRACK_EVERY": float(env("BGHIT_TRACK_EVERY") or 30),
        "JOB_LEASE": float(env("BGHIT_JOB_LEASE") or 120),
        "RETRY_BASE": float(env("BGHIT_RETRY_BASE") or 2),
        "LOG_LEVEL": env("BGHIT_LOG_LEVEL") or "INFO",
    }
