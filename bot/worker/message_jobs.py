"""The worker's message jobs: alerts to members (``message.member``, ``message.member_sms``)
and notices to customers (``message.customer``), each sent at most once."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime, timedelta

from .. import sms, store
from ..messaging import SendError, channel_of, deliver, plan_member_delivery
from .outcomes import MAX_ATTEMPTS, Fail, Retry

log = logging.getLogger("bot.worker")


def _parse_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _member_of(db, coop: dict, p: dict) -> dict | None:
    """The job's member, found again by phone if the cooperative file was re-imported."""
    member = store.get_member(db, p["member_id"])
    if member and member["coop_id"] == coop["id"]:
        return member
    return store.find_member(db, p["phone"], coop["id"]) if p.get("phone") else None


def _member_template(coop: dict, p: dict) -> dict | None:
    """The cooperative's approved WhatsApp template with this alert's variables, if any."""
    template = coop["settings"].get("whatsapp_template") or {}
    if not template.get("content_sid"):
        return None
    return {"content_sid": template["content_sid"], "variables": p.get("template_variables") or {}}


def _with_sms_text(attempt: dict, p: dict) -> dict:
    """SMS attempts carry the SMS rendering (no emojis, GSM-7 where possible)."""
    if channel_of(attempt["to"]) == "sms" and p.get("sms_text"):
        return dict(attempt, body=p["sms_text"])
    return attempt


def send_member_message(db, job: dict, transport, settings: dict) -> dict:
    """``message.member``: an alert, sent once.

    WhatsApp members get free text inside the 24 h window (from their last
    message), else the cooperative's approved template; when WhatsApp refuses,
    or for SMS members, the SMS text.
    """
    p = job["payload"]
    if job["result"].get("sid"):
        return job["result"]
    coop = store.get_coop(db, p["coop_id"])
    member = _member_of(db, coop, p) if coop else None
    if coop is None or member is None:          # no cooperative: no member either
        return {"skipped": "member removed"}
    last = _parse_time(member["last_inbound_at"])
    if last is not None and last.tzinfo is None:
        last = last.replace(tzinfo=UTC)
    try:
        attempts = plan_member_delivery(
            member, coop_whatsapp_from=coop.get("whatsapp_from"),
            coop_sms_from=coop.get("sms_from"), text=p["text"],
            template=_member_template(coop, p), last_inbound_at=last,
            now=datetime.now(UTC), status_callback=_status_url(settings))
    except ValueError as exc:
        raise Fail(str(exc)) from None
    if not attempts:
        raise Fail("no channel to reach this member")
    attempts = [_with_media(_with_sms_text(a, p), p) for a in attempts]
    return _deliver(db, job, transport, attempts, coop_id=coop["id"], conversation_id=None)


def _with_media(attempt: dict, p: dict) -> dict:
    """A customer's voice note or picture relayed to a WhatsApp member goes as the media
    itself, with its line as the caption (SMS attempts carry a link in their text)."""
    if p.get("media_url") and channel_of(attempt["to"]) == "whatsapp" and attempt.get("body"):
        return dict(attempt, media_url=p["media_url"])
    return attempt


def send_customer_message(db, job: dict, transport, settings: dict) -> dict:
    """``message.customer``: a notification (shipped, delivered…) to a customer."""
    p = job["payload"]
    if job["result"].get("sid"):
        return job["result"]
    body = sms.sms_text(p["body"]) if channel_of(p["to"]) == "sms" else p["body"]
    attempt = {"from_": p["from"], "to": p["to"], "body": body,
               "status_callback": _status_url(settings)}
    if p.get("content_sid"):              # the approved template that reopens the 24 h window
        attempt = dict(attempt, body=None, content_sid=p["content_sid"],
                       content_variables=p.get("content_variables") or {})
    if p.get("media_url") and channel_of(p["to"]) == "whatsapp":
        attempt["media_url"] = p["media_url"]
    return _deliver(db, job, transport, [attempt], coop_id=p.get("coop_id"),
                    conversation_id=p.get("conversation_id"), author=p.get("author"))


def _status_url(settings: dict) -> str | None:
    public = settings.get("PUBLIC_URL")
    return f"{public}/webhooks/twilio/status" if public else None


def _deliver(db, job, transport, attempts, coop_id, conversation_id, author=None) -> dict:
    """Send by the first attempt Twilio accepts, at most once.

    The accepted sid is committed to the job before anything else, so a crash
    afterwards never sends the message again. Then the message is recorded
    (status callbacks update it); if a failure callback beat us to it, the SMS
    fallback is queued here.
    """
    try:
        sent = _already_sent(transport, job, attempts) if job["result"].get("sending") else None
        if sent is None:
            store.save_job_progress(db, job["id"], {"sending": True})   # before Twilio, always
            sent = deliver(transport, attempts)
    except SendError as exc:
        if exc.retryable and job["attempts"] < MAX_ATTEMPTS:
            raise Retry(str(exc)) from None
        raise Fail(str(exc)) from None
    attempt = attempts[sent["attempt_index"]]
    result = {"sid": sent["sid"], "channel": sent["channel"]}
    if attempt.get("content_sid"):
        result["template"] = attempt["content_sid"]
    if sent["refusals"]:
        result["refusals"] = sent["refusals"]
    _save_sent(db, job["id"], result)
    body = attempt.get("body") or \
        f"[template {attempt.get('content_sid')}] {job['payload'].get('text') or ''}".strip()
    with store.transaction(db):
        row = store.save_outbound_message(
            db, coop_id=coop_id, conversation_id=conversation_id, from_addr=attempt["from_"],
            to_addr=attempt["to"], body=body, sid=sent["sid"],
            status=sent.get("status") or "queued", author=author,
            media=[{"url": attempt["media_url"], "type": ""}] if attempt.get("media_url") else None)
        if row["status"] in ("failed", "undelivered"):
            on_delivery_failure(db, {"sid": sent["sid"], "status": row["status"],
                                     "error_code": row.get("error_code")})
    return result


def _already_sent(transport, job: dict, attempts: list[dict]) -> dict | None:
    """After a send whose answer was lost, the message Twilio may have accepted anyway.

    Twilio's Messages API has no idempotency key, so the worker marks a job ``sending``
    before each send and, on a later run of a job so marked, looks for the same message in
    Twilio's list before sending again (the courier's find-then-create, for messages).
    """
    since = datetime.fromisoformat(job["created_at"]) - timedelta(minutes=5)
    for index, attempt in enumerate(attempts):
        found = transport.find_sent(attempt, since)
        if found:
            log.info("job %s: message already accepted as %s, not sent again", job["id"],
                     found["sid"])
            return {**found, "attempt_index": index, "channel": channel_of(attempt["to"]),
                    "refusals": []}
    return None


#: How long the worker keeps trying to record a sid Twilio accepted while the database is
#: locked: giving up would send the message again when the job is retried.
SAVE_SENT_PATIENCE = 60.0


def _save_sent(db, job_id: int, result: dict) -> None:
    """Commit an accepted message's sid to its job, waiting out a locked or full database."""
    deadline = time.monotonic() + SAVE_SENT_PATIENCE
    delay = 0.1
    while True:
        try:
            with store.transaction(db):
                store.save_job_progress(db, job_id, result)
            return
        except store.UNAVAILABLE as exc:
            if time.monotonic() > deadline:
                raise
            log.warning("job %s: sid %s not saved yet (%s), trying again", job_id,
                        result.get("sid"), exc)
            time.sleep(delay)
            delay = min(delay * 2, 2.0)


def on_delivery_failure(db, status: dict) -> None:
    """A WhatsApp alert failed after Twilio accepted it (e.g. 63016): queue it by SMS, once.

    Called (inside a transaction) by the status callback webhook, and by
    :func:`_deliver` when the failure callback arrived first.
    """
    job = store.find_message_job(db, status["sid"], kind="message.member")
    if job is None or job["result"].get("channel") != "whatsapp":
        return
    coop = store.get_coop(db, job["payload"]["coop_id"])
    if not coop or not coop.get("sms_from"):
        log.warning("alert %s failed on WhatsApp and there is no SMS sender", status["sid"])
        return
    payload = dict(job["payload"], force_sms=True, failed_sid=status["sid"],
                   failed_code=status.get("error_code"))
    if store.enqueue(db, "message.member_sms", payload, dedupe_key=f"fallback:{status['sid']}"):
        log.info("alert %s %s on WhatsApp (code %s): SMS fallback queued", status["sid"],
                 status["status"], status.get("error_code"))


def send_member_sms(db, job: dict, transport, settings: dict) -> dict:
    """``message.member_sms``: the SMS fallback of a WhatsApp alert that failed."""
    p = job["payload"]
    if job["result"].get("sid"):
        return job["result"]
    coop = store.get_coop(db, p["coop_id"])
    member = _member_of(db, coop, p) if coop else None
    if coop is None or member is None or not coop.get("sms_from"):   # no coop: no member
        return {"skipped": "no sms route"}
    attempts = [{"from_": coop["sms_from"], "to": member["phone"],
                 "body": p.get("sms_text") or p["text"], "status_callback": _status_url(settings)}]
    return _deliver(db, job, transport, attempts, coop_id=coop["id"], conversation_id=None)
