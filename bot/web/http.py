"""HTTP details shared by the web layer: cookie sessions, the ``Host`` header, chunked bodies,
the security headers of every answer."""

from __future__ import annotations

import io
import ipaddress
from urllib.parse import urlsplit

from flask import Flask, Request, abort, current_app, has_request_context, request
from flask.sessions import SecureCookieSessionInterface


def this_request() -> Request:
    """The request itself, not ``flask.request``'s proxy: each attribute read through the
    proxy first fails on the proxy (an ``AttributeError`` built and caught, ≈ 1.5 µs), so a
    function that reads several of them takes the object once."""
    return request._get_current_object()  # type: ignore[attr-defined]  # (Werkzeug's API)


def this_app() -> Flask:
    """The application itself, not ``current_app``'s proxy (as :func:`this_request`)."""
    return current_app._get_current_object()  # type: ignore[attr-defined]  # (as above)


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
    req = this_request()
    if req.method != "POST" or req.content_length is not None:
        return
    environ = req.environ
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


#: Every answer's defaults; a blueprint's own (the dashboard's and the simulator's CSP, a
#: customer's medium's sandbox) are set before these and kept.
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    # No other site's window keeps a handle on ours, nor embeds our answers (the inbox's
    # media and the dashboard's photos are same-origin; a member's /m/ link is a navigation).
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    # No page of ours uses these; an injected script could not either.
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    # JSON, TwiML, error pages, static files: nothing to run, load or frame.
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
}
HSTS = "max-age=31536000"


def security_headers(response):
    """``after_request`` for the whole app: what the dashboard's pages always had, on every
    answer (404 and 405 pages, ``/healthz``, webhooks, static files, the simulator's JSON),
    and HSTS when the request came over https (as told by a trusted proxy: ProxyFix), so the
    browser never tries plain http again even without nginx's header."""
    headers = response.headers
    # The names already set, read once (``setdefault`` scans the list and raises a KeyError
    # inside for each missing name: ≈ 70 µs per answer for these eight, now ≈ 10).
    present = {name.lower() for name, _ in headers.items()}
    for lower, name, value in _SECURITY_HEADERS_LOWER:
        if lower not in present:
            headers.add(name, value)
    if this_request().is_secure and "strict-transport-security" not in present:
        headers.add("Strict-Transport-Security", HSTS)
    return response


_SECURITY_HEADERS_LOWER = [(name.lower(), name, value) for name, value in SECURITY_HEADERS.items()]


_NO_SESSION = ("/webhooks/", "/healthz")
