"""HTTP details shared by the web layer: cookie sessions, the ``Host`` header, chunked bodies."""

from __future__ import annotations

import io
import ipaddress
from urllib.parse import urlsplit

from flask import abort, current_app, has_request_context, request
from flask.sessions import SecureCookieSessionInterface


class SessionInterface(SecureCookieSessionInterface):
    """Cookie sessions for the dashboard and the simulator; none for machine endpoints."""

    def open_session(self, app, request):
        if request.path.startswith(_NO_SESSION):
            return None                        # Flask then uses a null session: no cookie work
        return super().open_session(app, request)

    def get_cookie_secure(self, app) -> bool:
        """``Secure`` unless the page was asked for on localhost (``COOKIE_SECURE`` decides
        when set; an https ``PUBLIC_URL`` always means Secure)."""
        forced = app.config.get("COOKIE_SECURE")
        if forced is not None:
            return bool(forced)
        if app.config.get("SESSION_COOKIE_SECURE") or \
                (app.config.get("PUBLIC_URL") or "").startswith("https://"):
            return True
        return not (has_request_context() and is_loopback_host(request.host))


def host_name(host: str) -> str:
    """``Host`` header → its name, without port and trailing dot (empty when unreadable)."""
    try:
        return (urlsplit("//" + host).hostname or "").rstrip(".")
    except ValueError:
        return ""


def is_loopback_host(host: str) -> bool:
    name = host_name(host)
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def body_within_limit() -> None:
    """A chunked body (no Content-Length) is measured while it is read, and Werkzeug cuts it
    at ``MAX_CONTENT_LENGTH`` without a word: read it now, so that one over the limit gets
    413 instead of being parsed as an empty form or a cut body (403 on a signed webhook)."""
    if request.method != "POST" or request.content_length is not None:
        return
    environ = request.environ
    if not environ.get("wsgi.input_terminated"):
        return                                # no length, no end marker: read as empty
    limit = current_app.config.get("MAX_CONTENT_LENGTH") or 64 * 1024
    stream, data = environ["wsgi.input"], b""
    while len(data) <= limit:                 # a read may return less than asked for
        chunk = stream.read(limit + 1 - len(data))
        if not chunk:
            break
        data += chunk
    if len(data) > limit:
        abort(413)
    # The body, now of a known length, for the parsers (nothing has read it yet).
    environ["wsgi.input"], environ["CONTENT_LENGTH"] = io.BytesIO(data), str(len(data))


_NO_SESSION = ("/webhooks/", "/healthz")
