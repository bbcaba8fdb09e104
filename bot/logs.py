"""Structured (JSON lines) logs with a request id, and nothing personal in them.

Every log line carries the id of the request (or outbox job) it belongs to.
A last filter masks anything that looks like a phone number and drops
credentials, so a careless ``log.info`` cannot leak them.
"""

from __future__ import annotations

import contextvars
import json
import logging
import os
import re
import sys

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


def new_request_id() -> str:
    """A fresh id for a request's log lines: 12 random hex digits (what ``uuid4().hex[:12]``
    gave, without building a UUID object on every request)."""
    return os.urandom(6).hex()

_PHONE = re.compile(r"(?<![\w•])(\+?\d[\d ]{7,}\d)(?!\w)")
#: What every match of ``_PHONE`` holds: a line without it has no phone to mask (most lines).
#: Its search skips to the digits (a pattern that starts with its character class), where
#: ``_PHONE``'s look-behind is tried at every character.
_DIGIT_RUN = re.compile(r"\d[\d ]{7,}\d")
_URL_PLUS = re.compile(r"%2[Bb](?=\d)")
_SECRET_ENV = ("TWILIO_AUTH_TOKEN", "ADMIN_TOKEN", "SECRET_KEY")


def _mask_digits(match: re.Match) -> str:
    text = match.group(1)
    digits = [c for c in text if c.isdigit()]
    if len(digits) < 8:
        return text
    return text[:4] + "•" * max(len(text) - 7, 1) + text[-3:]


def scrub(text: str) -> str:
    """Mask phone numbers and remove known secrets from a log message."""
    if "%2" in text:                                              # "%2B2126…" in a URL too
        text = _URL_PLUS.sub("+", text)
    if _DIGIT_RUN.search(text):
        text = _PHONE.sub(_mask_digits, text)
    for secret in _known_secrets():
        if secret in text:
            text = text.replace(secret, "[secret]")
    return text


#: The secrets scrubbed from every line: the environment's (read once: it does not change
#: under a running process, and reading three variables cost more than the rest of a line's
#: scrubbing) and those the app was configured with (:func:`remember_secrets`).
_secrets: list[str] | None = None


def _known_secrets() -> list[str]:
    global _secrets
    if _secrets is None:
        _secrets = []
        remember_secrets(*(os.environ.get(name) for name in _SECRET_ENV))
    return _secrets


def remember_secrets(*values: str | None) -> None:
    """Scrub these values from every line from now on (``create_app``: its tokens, whether
    they came from the environment or from the app's configuration)."""
    known = _known_secrets()
    for value in values:
        if value and len(value) >= 6 and value not in known:
            known.append(value)


#: ``json.dumps(…, ensure_ascii=False)`` builds an encoder on every call; one is enough.
_JSON = json.JSONEncoder(ensure_ascii=False)
#: The string encoder that one uses (``json``'s C function when it has it): a line whose
#: fields are all strings is written with it directly, byte for byte what ``_JSON`` writes,
#: without the encoder object and closures ``JSONEncoder.encode`` builds for every line.
_QUOTE = json.encoder.encode_basestring


class JsonFormatter(logging.Formatter):
    _second, _stamp = -1, ""

    def formatTime(self, record, datefmt=None) -> str:
        second = int(record.created)
        if second != self._second:            # one strftime per second, not per line
            self._second, self._stamp = second, super().formatTime(record, datefmt)
        return self._stamp

    def format(self, record: logging.LogRecord) -> str:
        stamp = self.formatTime(record, "%Y-%m-%dT%H:%M:%S")
        level, name, req = record.levelname.lower(), record.name, request_id.get()
        msg = scrub(record.getMessage())
        if record.exc_info or type(name) is not str or type(req) is not str:
            payload = {"t": stamp, "level": level, "logger": name, "req": req, "msg": msg}
            if record.exc_info:
                payload["exc"] = scrub(self.formatException(record.exc_info))
            return _JSON.encode(payload)
        # ``_JSON.encode`` of that dict when every field is a string: the same bytes
        return (f'{{"t": {_QUOTE(stamp)}, "level": {_QUOTE(level)}, "logger": {_QUOTE(name)}, '
                f'"req": {_QUOTE(req)}, "msg": {_QUOTE(msg)}}}')


class _Handler(logging.StreamHandler):
    """The JSON lines handler; its marker keeps ``setup_logging`` to one per process."""

    _bghit = True


def setup_logging(level: str = "INFO") -> None:
    """Send ``bot.*`` logs as JSON lines to stderr (once per process)."""
    logger = logging.getLogger("bot")
    if any(getattr(h, "_bghit", False) for h in logger.handlers):
        return
    handler = _Handler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = True
    # The logging HOWTO's "Optimization": our JSON lines show neither the caller's file and
    # line nor thread names, so don't collect them for every record. Process ids stay:
    # gunicorn's own lines (``[%(process)d]``: refused requests, worker timeouts, crashes) go
    # through the same ``logging`` module and cannot be formatted without them.
    logging._srcfile = None
    logging.logThreads = logging.logMultiprocessing = False
    # The twilio client logs every request line (with phone numbers) at INFO.
    logging.getLogger("twilio.http_client").setLevel(logging.WARNING)
