"""The floor for this stack: a bare Flask app that validates the Twilio signature exactly as
the bot does (twilio's RequestValidator against ``PUBLIC_URL`` + path) and returns a fixed
TwiML reply. ``gunicorn -c gunicorn.conf.py bench.bare_app:app``."""

from __future__ import annotations

import os

from flask import Flask, Response, abort, request
from twilio.request_validator import RequestValidator

app = Flask(__name__)
TOKEN = os.environ.get("TWILIO_AUTH_TOKEN", "")
PUBLIC_URL = (os.environ.get("PUBLIC_URL") or "").rstrip("/")
REPLY = ('<?xml version="1.0" encoding="UTF-8"?><Response><Message>Merci! T-1001</Message>'
         '</Response>')


def signed_form() -> dict:
    """The request's form, once its type and Twilio signature are checked (else 415/403)."""
    if request.mimetype != "application/x-www-form-urlencoded":
        abort(415)
    signature = request.headers.get("X-Twilio-Signature", "")
    url = PUBLIC_URL + request.path if PUBLIC_URL else request.url
    form = request.form.to_dict(flat=True)
    if not TOKEN or not signature or not RequestValidator(TOKEN).validate(url, form, signature):
        abort(403)
    return form


@app.post("/webhooks/twilio")
def inbound():
    signed_form()
    return Response(REPLY, mimetype="application/xml")
