"""Links a basic phone can open (issue 18): ``PUBLIC_URL/m/<token>`` for a customer's voice
note, over real HTTP, with the local fake Twilio keeping the media behind its HTTP auth."""

from __future__ import annotations

import logging
import re
import socket
from datetime import UTC, datetime, timedelta

import pytest
import requests

from bot import media_links, worker
from bot.messaging import make_transport
from tests.conftest import ACCOUNT_SID

AMINA = "+212600000301"
FATIMA = "+212661000001"                             # member on SMS
YOUSSEF = "+212661000002"                            # member on WhatsApp
VOICE = b"OggS\x00\x02" + bytes(range(256)) * 40     # ~10 KB of "voice note"
LINK = re.compile(r"http://127\.0\.0\.1:\d+/m/[A-Za-z0-9_-]+")


@pytest.fixture
def settings(live_settings):
    live_settings.update(MEDIA_TIMEOUT=2)
    return live_settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sid(n: int) -> str:
    return "MM" + f"{n:x}" * 32


def voice_note(twilio, url: str, n: int = 7):
    resp = twilio.message("", phone=AMINA, sid=sid(n), NumMedia="1", MediaUrl0=url,
                          MediaContentType0="audio/ogg")
    assert resp.status_code == 200


def sent_to(fake, phone):
    return [m for m in fake.messages if m["To"].rpartition(":")[2] == phone]


def test_a_voice_note_reaches_members_as_a_link_that_opens(twilio, fake_twilio, settings, db,
                                                           at, caplog):
    caplog.set_level(logging.INFO, logger="bot")
    assert twilio.message("aide", phone=YOUSSEF).status_code == 200     # his window is open
    media_url = fake_twilio.add_media(VOICE, "audio/ogg")
    voice_note(twilio, media_url)
    worker.work_once(db, make_transport(settings), dict(settings))

    sms = [m for m in sent_to(fake_twilio, FATIMA) if LINK.search(m["Body"])]
    [link] = LINK.findall(sms[0]["Body"])
    assert media_url not in sms[0]["Body"] and "0600000301" in sms[0]["Body"]   # call line
    whatsapp = [m for m in sent_to(fake_twilio, YOUSSEF) if m.get("MediaUrl")]
    assert [m["MediaUrl"] for m in whatsapp] == [link]   # Twilio fetches ours, not its own

    got = requests.get(link, timeout=10)
    assert got.status_code == 200 and got.content == VOICE
    assert got.headers["Content-Type"] == "audio/ogg"
    assert fake_twilio.media_requests[-1]["authorized"]
    assert requests.get(media_url, timeout=10).status_code == 401   # Twilio's needs the keys

    token = link.rpartition("/")[2]
    assert token not in caplog.text and "600000301" not in caplog.text


def test_an_expired_link_is_gone(twilio, fake_twilio, settings, db, at):
    voice_note(twilio, fake_twilio.add_media(VOICE, "audio/ogg"))
    link = media_links.link(settings, sid(7), 0, at.now)
    assert requests.get(link, timeout=10).status_code == 200
    at.now += timedelta(days=media_links.LINK_DAYS, seconds=1)
    gone = requests.get(link, timeout=10)
    assert gone.status_code == 404 and "expiré" in gone.text


def test_forged_and_unknown_links_are_404(twilio, fake_twilio, settings, db, at):
    voice_note(twilio, fake_twilio.add_media(VOICE, "audio/ogg"))
    link = media_links.link(settings, sid(7), 0, at.now)
    token = link.rpartition("/")[2]
    base = settings["PUBLIC_URL"] + "/m/"
    flipped = token[:10] + ("A" if token[10] != "A" else "B") + token[11:]
    other_key = media_links.make_token("another key", sid(7), 0, at.now + timedelta(days=1))
    unknown = media_links.link(settings, sid(8), 0, at.now)          # no such message
    second = media_links.link(settings, sid(7), 1, at.now)           # it had one medium
    for url in (base + flipped, base + str(other_key), unknown, second, base + "abc",
                base + token + "x", base + "%00" * 44):
        answer = requests.get(str(url), timeout=10)
        assert answer.status_code == 404, url
    assert len(fake_twilio.media_requests) == 0          # none of them reached Twilio


def test_only_twilio_ever_gets_the_credentials(twilio, fake_twilio, settings, db, at):
    voice_note(twilio, "https://media.example.com/2010-04-01/Accounts/AC0/Media/ME1")
    link = media_links.link(settings, sid(7), 0, at.now)
    assert requests.get(link, timeout=10).status_code == 404


def test_media_gone_at_twilio_is_404(twilio, fake_twilio, settings, db, at):
    voice_note(twilio, fake_twilio.base_url + f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/"
               f"MM{'1' * 32}/Media/ME{'2' * 32}")
    link = media_links.link(settings, sid(7), 0, at.now)
    assert requests.get(link, timeout=10).status_code == 404


def test_twilio_down_is_502(twilio, fake_twilio, settings, db, at):
    down = f"http://127.0.0.1:{free_port()}"
    settings["TWILIO_API_BASE_URL"] = down
    voice_note(twilio, down + f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/MM1/Media/ME1")
    answer = requests.get(media_links.link(settings, sid(7), 0, at.now), timeout=10)
    assert answer.status_code == 502 and "disponible" in answer.text


def test_twilio_too_slow_is_504(twilio, fake_twilio, settings, db, at):
    """MEDIA_TIMEOUT is the config's (the fixture's 2 s would wait out the 1 s delay)."""
    settings["MEDIA_TIMEOUT"] = 0.2
    voice_note(twilio, fake_twilio.add_media(VOICE, "audio/ogg"))
    fake_twilio.delay_media(1.0)
    answer = requests.get(media_links.link(settings, sid(7), 0, at.now), timeout=10)
    assert answer.status_code == 504


def test_a_medium_over_the_cap_is_refused(twilio, fake_twilio, settings, db, at):
    settings["MEDIA_MAX_BYTES"] = 1000
    voice_note(twilio, fake_twilio.add_media(VOICE, "audio/ogg"))
    answer = requests.get(media_links.link(settings, sid(7), 0, at.now), timeout=10)
    assert answer.status_code == 502


def test_no_link_without_a_public_address_or_a_shared_secret():
    now = datetime(2026, 12, 1, tzinfo=UTC)
    good = {"PUBLIC_URL": "https://bghit.example", "SECRET_KEY": "k" * 32}
    assert media_links.link(good, sid(7), 0, now).startswith("https://bghit.example/m/")
    assert len(media_links.link(good, sid(7), 0, now).rpartition("/")[2]) == 44
    assert media_links.link({**good, "PUBLIC_URL": ""}, sid(7), 0, now) is None
    assert media_links.link({**good, "SECRET_KEY_SHARED": False}, sid(7), 0, now) is None
    assert media_links.link(good, "not-a-twilio-sid", 0, now) is None
    token = media_links.make_token("k", sid(7), 3, now + timedelta(days=1))
    assert media_links.read_token("k", str(token), now) == (sid(7), 3)
    assert media_links.read_token("k", str(token), now + timedelta(days=2)) is None


HTML = b"<!doctype html><script>fetch('/admin/')</script>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def a_document(twilio, url: str, ctype: str, n: int = 7):
    resp = twilio.message("", phone=AMINA, sid=sid(n), NumMedia="1", MediaUrl0=url,
                          MediaContentType0=ctype)
    assert resp.status_code == 200


@pytest.mark.parametrize("content, ctype", [(HTML, "text/html"), (SVG, "image/svg+xml"),
                                            (HTML, "text/html; charset=utf-8")],
                         ids=["html", "svg", "html-charset"])
def test_a_document_that_could_run_script_is_a_download(twilio, fake_twilio, settings, db, at,
                                                        content, ctype):
    """A customer's HTML or SVG never runs as a page of our origin (stored XSS)."""
    a_document(twilio, fake_twilio.add_media(content, ctype), ctype)
    got = requests.get(media_links.link(settings, sid(7), 0, at.now), timeout=10)
    assert got.status_code == 200 and got.content == content
    assert got.headers["Content-Type"] == "application/octet-stream"
    assert got.headers["Content-Disposition"].startswith("attachment")
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    assert got.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_voice_notes_and_photos_stay_inline(twilio, fake_twilio, settings, db, at):
    for n, (content, ctype) in enumerate([(VOICE, "audio/ogg"), (b"\xff\xd8\xff", "image/jpeg")]):
        a_document(twilio, fake_twilio.add_media(content, ctype), ctype, n=n + 1)
        got = requests.get(media_links.link(settings, sid(n + 1), 0, at.now), timeout=10)
        assert got.status_code == 200 and got.content == content
        assert got.headers["Content-Type"] == ctype
        assert got.headers["Content-Disposition"] == "inline"
        assert got.headers["Content-Length"] == str(len(content))
        assert got.headers["X-Content-Type-Options"] == "nosniff"
        assert got.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_a_medium_at_the_cap_passes(twilio, fake_twilio, settings, db, at):
    settings["MEDIA_MAX_BYTES"] = len(VOICE)
    voice_note(twilio, fake_twilio.add_media(VOICE, "audio/ogg"))
    answer = requests.get(media_links.link(settings, sid(7), 0, at.now), timeout=10)
    assert answer.status_code == 200 and answer.content == VOICE
