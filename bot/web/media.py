"""``GET /m/<token>``: a customer's medium (a voice note, a photo) for a member's phone.

The token (:mod:`bot.media_links`) names the inbound message and the medium's index; the
medium is fetched from Twilio with the account's credentials (which basic phones and
WhatsApp's media fetcher do not have) and passed on as it comes, with its content type.

Unknown, expired and forged tokens are 404; Twilio unreachable is 502, too slow 504 —
never a 500. Neither the token nor a phone number is logged (gunicorn's access log is off).
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

import requests
from flask import Blueprint, Flask, Response, current_app, request

from .. import clock, i18n, media_links, store
from .db import get_db

log = logging.getLogger("bot.media")
bp = Blueprint("media", __name__)

#: Twilio's media host; ``TWILIO_API_BASE_URL``'s host (the local fake) is also trusted.
TWILIO_HOST = "https://api.twilio.com"
#: Seconds to connect to Twilio and between bytes of its answer (``MEDIA_TIMEOUT``).
TIMEOUT = 10.0
#: The largest medium passed on (``MEDIA_MAX_BYTES``): WhatsApp's own limit is 16 MB.
MAX_BYTES = 16 * 1024 * 1024
CHUNK = 64 * 1024


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _trusted(url: str) -> bool:
    """Only Twilio (or its configured stand-in) ever gets the account's credentials."""
    allowed = {TWILIO_HOST}
    if current_app.config.get("TWILIO_API_BASE_URL"):
        allowed.add(_origin(current_app.config["TWILIO_API_BASE_URL"]))
    return _origin(url) in allowed


def _answer(status: int, key: str) -> Response:
    lang = {"ar": "ary-Arab", "en": "en"}.get(
        request.accept_languages.best_match(["fr", "en", "ar"]) or "", "fr")
    response = Response(i18n.t(lang, key) + "\n", status=status,
                        mimetype="text/plain")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/m/<token>")
def medium(token: str):
    config = current_app.config
    found = media_links.read_token(config.get("SECRET_KEY") or "", token, clock.utcnow())
    item = store.inbound_medium(get_db(), *found) if found else None
    if item is None or not _trusted(str(item["url"])):
        return _answer(404, "media_link_gone")
    sid, auth_token = config.get("TWILIO_ACCOUNT_SID"), config.get("TWILIO_AUTH_TOKEN")
    try:
        upstream = requests.get(str(item["url"]), stream=True,
                                auth=(sid, auth_token) if sid and auth_token else None,
                                timeout=float(config.get("MEDIA_TIMEOUT") or TIMEOUT))
    except requests.Timeout:
        log.warning("media link: Twilio did not answer in time")
        return _answer(504, "media_link_unavailable")
    except requests.RequestException as exc:
        log.warning("media link: Twilio unreachable (%s)", type(exc).__name__)
        return _answer(502, "media_link_unavailable")
    cap = int(config.get("MEDIA_MAX_BYTES") or MAX_BYTES)
    size = upstream.headers.get("Content-Length", "")
    if upstream.status_code != 200 or (size.isdigit() and int(size) > cap):
        upstream.close()
        log.warning("media link: Twilio answered %s (%s bytes)", upstream.status_code,
                    size or "?")
        return _answer(404 if upstream.status_code == 404 else 502,
                       "media_link_gone" if upstream.status_code == 404
                       else "media_link_unavailable")
    return _relay(upstream, cap, item)


def _relay(upstream: requests.Response, cap: int, item: dict) -> Response:
    def body():
        sent = 0
        try:
            for chunk in upstream.iter_content(CHUNK):
                sent += len(chunk)
                if sent > cap:                    # no (or a false) Content-Length: cut short
                    log.warning("media link: medium over %d bytes, cut", cap)
                    return
                yield chunk
        except requests.RequestException as exc:
            log.warning("media link: Twilio stopped sending (%s)", type(exc).__name__)

    ctype = upstream.headers.get("Content-Type") or str(item.get("type") or "") \
        or "application/octet-stream"
    response = Response(body(), status=200, content_type=ctype)
    if upstream.headers.get("Content-Length", "").isdigit() and \
            not upstream.headers.get("Content-Encoding"):
        response.headers["Content-Length"] = upstream.headers["Content-Length"]
    response.headers["Cache-Control"] = "private, max-age=3600"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Disposition"] = "inline"
    response.call_on_close(upstream.close)
    return response
