"""``GET /m/<token>``: a customer's medium (a voice note, a photo) for a member's phone.

The token (:mod:`bot.media_links`) names the inbound message and the medium's index; the
medium is fetched from Twilio with the account's credentials (which basic phones and
WhatsApp's media fetcher do not have) and passed on with the safe headers of
:mod:`bot.web.twilio_media` (audio, video and pictures inline; anything else a download).

Unknown, expired and forged tokens are 404; Twilio unreachable is 502, too slow 504 —
never a 500. Neither the token nor a phone number is logged (gunicorn's access log is off).
"""

from __future__ import annotations

from flask import Blueprint, Flask, Response, current_app, request

from .. import clock, i18n, media_links, store
from . import twilio_media
from .db import get_db

bp = Blueprint("media", __name__)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)


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
    if item is None:
        return _answer(404, "media_link_gone")
    try:
        upstream = twilio_media.fetch(str(item["url"]), config)
    except twilio_media.MediaError as err:
        return _answer(err.status, "media_link_gone" if err.status == 404
                       else "media_link_unavailable")
    response = twilio_media.respond(upstream, config, stored_type=str(item.get("type") or ""))
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response
