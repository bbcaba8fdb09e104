"""A customer's medium fetched from Twilio with the account's credentials and served from our
own origin: the one path for the dashboard's inbox (``admin.inbox_media``) and the members'
links (``/m/<token>``, :mod:`bot.web.media`).

- **Who gets the credentials**: only ``https://api.twilio.com`` or ``TWILIO_API_BASE_URL``'s
  origin (the local fake); any other URL is :class:`MediaError` 404 and is never requested.
- **Limits**: ``MEDIA_TIMEOUT`` seconds to connect and between bytes, ``MEDIA_MAX_BYTES`` per
  medium (a bigger ``Content-Length`` is refused; a body without one is cut at the cap).
- **Failures** are 404 (gone at Twilio, or not Twilio's), 502 (unreachable, an error, too
  big) or 504 (too slow) — never a 500. Each route words them its own way.
- **What a browser is told**: inline only for audio, video and JPEG/PNG/GIF/WebP pictures;
  anything else (HTML, SVG, PDF, …) is ``application/octet-stream`` as an attachment, so a
  customer's document never runs as a page of ours. Always ``nosniff`` and a CSP that allows
  nothing and sandboxes the answer if it is opened as a document (a sub-resource — the
  inbox's ``<audio>``/``<img>`` — is unaffected).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

import requests
from flask import Response

from ..config import MEDIA_MAX_BYTES, MEDIA_TIMEOUT

log = logging.getLogger("bot.media")

#: Twilio's media origin; ``TWILIO_API_BASE_URL``'s origin (the local fake) is also trusted.
TWILIO_ORIGIN = "https://api.twilio.com"
#: Types a browser may show or play from our origin; every other one is a download.
INLINE_PREFIXES = ("audio/", "video/")
INLINE_IMAGES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})
DOWNLOAD_TYPE = "application/octet-stream"
#: Opened as a document, the answer can load nothing and run nothing.
CSP = "default-src 'none'; sandbox"
CHUNK = 64 * 1024


class MediaError(Exception):
    """Why a medium cannot be served: the HTTP status to answer and a reason
    (``gone``, ``unavailable``, ``too_large``, ``timeout``)."""

    def __init__(self, status: int, reason: str):
        super().__init__(f"{status} {reason}")
        self.status = status
        self.reason = reason


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def trusted(url: str, config: Mapping[str, Any]) -> bool:
    """Only Twilio (or its configured stand-in) ever gets the account's credentials."""
    allowed = {TWILIO_ORIGIN}
    if config.get("TWILIO_API_BASE_URL"):
        allowed.add(_origin(str(config["TWILIO_API_BASE_URL"])))
    return urlsplit(url).scheme in ("https", "http") and _origin(url) in allowed


def limits(config: Mapping[str, Any]) -> tuple[float, int]:
    """``MEDIA_TIMEOUT`` (seconds) and ``MEDIA_MAX_BYTES``, the defaults when unset."""
    return (float(config.get("MEDIA_TIMEOUT") or MEDIA_TIMEOUT),
            int(config.get("MEDIA_MAX_BYTES") or MEDIA_MAX_BYTES))


def fetch(url: str, config: Mapping[str, Any]) -> requests.Response:
    """Open the medium at ``url`` with the account's credentials, streaming (the caller
    passes it to :func:`respond`, which closes it). Raises :class:`MediaError`."""
    if not trusted(url, config):
        raise MediaError(404, "gone")
    timeout, cap = limits(config)
    sid, token = config.get("TWILIO_ACCOUNT_SID"), config.get("TWILIO_AUTH_TOKEN")
    try:
        upstream = requests.get(url, stream=True, timeout=timeout,
                                auth=(sid, token) if sid and token else None)
    except requests.Timeout:
        log.warning("twilio medium: no answer in %.1f s", timeout)
        raise MediaError(504, "timeout") from None
    except requests.RequestException as exc:
        log.warning("twilio medium: Twilio unreachable (%s)", type(exc).__name__)
        raise MediaError(502, "unavailable") from None
    size = upstream.headers.get("Content-Length", "")
    if upstream.status_code != 200:
        upstream.close()
        log.warning("twilio medium: Twilio answered %s", upstream.status_code)
        raise MediaError(404, "gone") if upstream.status_code == 404 else \
            MediaError(502, "unavailable")
    if size.isdigit() and int(size) > cap:
        upstream.close()
        log.warning("twilio medium: %s bytes, over the %d cap", size, cap)
        raise MediaError(502, "too_large")
    return upstream


def shown_type(ctype: str) -> str | None:
    """The bare type a browser may show inline (``audio/ogg``), or None for a download."""
    bare = ctype.partition(";")[0].strip().lower()
    return bare if bare.startswith(INLINE_PREFIXES) or bare in INLINE_IMAGES else None


def respond(upstream: requests.Response, config: Mapping[str, Any], *, stored_type: str = "",
            filename: str = "media") -> Response:
    """Stream ``upstream`` (from :func:`fetch`) with the safe headers. Its type is Twilio's
    ``Content-Type``, else ``stored_type`` (the webhook's ``MediaContentType``)."""
    _, cap = limits(config)

    def body() -> Iterator[bytes]:
        sent = 0
        try:
            for chunk in upstream.iter_content(CHUNK):
                sent += len(chunk)
                if sent > cap:                    # no (or a false) Content-Length: cut short
                    log.warning("twilio medium: over %d bytes, cut", cap)
                    return
                yield chunk
        except requests.RequestException as exc:
            log.warning("twilio medium: Twilio stopped sending (%s)", type(exc).__name__)

    inline = shown_type(upstream.headers.get("Content-Type") or stored_type or "")
    response = Response(body(), status=200, content_type=inline or DOWNLOAD_TYPE)
    response.headers["Content-Disposition"] = "inline" if inline else \
        f'attachment; filename="{filename}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = CSP
    size = upstream.headers.get("Content-Length", "")
    if size.isdigit() and not upstream.headers.get("Content-Encoding"):
        response.headers["Content-Length"] = size
    response.call_on_close(upstream.close)
    return response
