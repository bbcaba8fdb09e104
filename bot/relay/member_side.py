"""A member writing to the cooperative's number: "@{code} text" to one customer, the first
reply takes a waiting one, the list of customers, and the member commands that keep working."""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

from .. import datafiles, i18n, store
from ..nlu.commands import Command, parse_command
from ..nlu.textnorm import lookup_key, normalise
from ..phones import local_format
from .handoffs import end, take
from .replies import reply

#: The member commands that keep working while a member talks with customers.
ORDER_COMMANDS = ("accept", "ship", "delivered", "cancel", "show")
SHORT_COMMANDS = ("list", "help", "end_handoff")



# --------------------------------------------------------------------------
# Words (intents/members.yml: relay)
# --------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _words() -> dict:
    data = datafiles.safe_load(datafiles.intents_path("members.yml").read_text(encoding="utf-8"))
    relay = data.get("relay") or {}
    mark = str(relay.get("code_mark") or "@")
    lists = {tuple(lookup_key(w) for w in normalise(str(phrase)).split())
             for phrases in (relay.get("list") or {}).values() for phrase in phrases}
    return {"code": re.compile(rf"^\s*{re.escape(mark)}\s*(\d{{1,3}})\b[\s:,.-]*(.*)$", re.S),
            "mark": mark, "list": lists}



def _is_list_words(text: str) -> bool:
    keys = tuple(lookup_key(w) for w in normalise(text).split())
    return text.strip() == _words()["mark"] or keys in _words()["list"]



# --------------------------------------------------------------------------
# A member writing to the cooperative's number
# --------------------------------------------------------------------------

def _is_command(cmd: Command, text: str) -> bool:
    """A member command that keeps working while a member talks with customers: one that
    names an order number or a product's stock, or a short list / help / end word."""
    if cmd.action in ORDER_COMMANDS and cmd.number:
        return True
    if cmd.action == "stock" and cmd.sku:
        return True
    return cmd.action in SHORT_COMMANDS and len(text.split()) <= 2



def from_member(db, coop: dict, member: dict, text: str, media: list[dict] | None,
                now: datetime) -> list[str] | None:
    """Relay a member's message to a customer in handoff; the replies to the member, or None
    when it is not for a customer (then it is a member command)."""
    text = (text or "").strip()
    media_url = next((m.get("url") for m in media or [] if m.get("url")), None)
    lang = i18n.supported(member.get("language"))
    found = _words()["code"].match(text)
    if found:
        return _by_code(db, coop, member, int(found.group(1)), found.group(2).strip(),
                        media_url, now, lang)
    if text and _is_list_words(text):
        return [_list_text(db, coop, lang)]
    held = store.member_handoffs(db, member["id"])
    cmd = parse_command(text)
    if text and _is_command(cmd, text):
        if cmd.action == "end_handoff" and not cmd.phone and held:
            end(db, held[0]["id"], by=f"member:{member['id']}", now=now)
            return [i18n.t(lang, "member_handoff_ended",
                           phone=local_format(held[0]["customer_phone"]))]
        return None
    if not text and not media_url:
        return None
    if held:
        current = held[0]
        out = _relay(db, member, current, text, media_url, now, lang)
        if len(held) > 1:
            out.append(i18n.t(lang, "member_relay_sent_to", code=current["code"],
                              name=_name(current), other=held[1]["code"]))
        return out
    waiting = store.waiting_handoffs(db, coop["id"])
    if len(waiting) == 1:
        return _take_and_relay(db, member, waiting[0], text, media_url, now, lang)
    if len(waiting) > 1:
        return [_list_text(db, coop, lang)]
    taken = store.list_handoffs(db, coop_id=coop["id"], status="taken", limit=2) \
        if cmd.action is None else []
    if len(taken) == 1:                       # answering an alert another member took
        return [i18n.t(lang, "member_taken_by", code=taken[0]["code"], name=_name(taken[0]),
                       holder=taken[0].get("holder_name") or "")]
    return [_list_text(db, coop, lang)] if taken else None



def _is_end_word(text: str) -> bool:
    """"fin", "salina" alone (the member's end word, no phone number)."""
    cmd = parse_command(text)
    return cmd.action == "end_handoff" and not cmd.phone and len(text.split()) <= 2



def _by_code(db, coop, member, code: int, text: str, media_url, now, lang) -> list[str]:
    handoff = store.handoff_by_code(db, coop["id"], code)
    if handoff is None:
        return [i18n.t(lang, "member_code_unknown", code=code)]
    row = _with_names(db, handoff)
    if handoff["status"] == "taken" and handoff["member_id"] != member["id"]:
        return [i18n.t(lang, "member_taken_by", code=code, name=_name(row),
                       holder=row.get("holder_name") or "")]
    if handoff["status"] == "waiting":
        if not text and not media_url:
            take(db, handoff["id"], member_id=member["id"], now=now)
            return [i18n.t(lang, "member_took", code=code, name=_name(row))]
        return _take_and_relay(db, member, row, text, media_url, now, lang)
    store.focus_handoff(db, handoff["id"], now)
    if text and not media_url and _is_end_word(text):          # "@2 fin": that one ends
        end(db, handoff["id"], by=f"member:{member['id']}", now=now)
        return [i18n.t(lang, "member_handoff_ended", phone=local_format(row["customer_phone"]))]
    if not text and not media_url:
        return [i18n.t(lang, "member_focus", code=code, name=_name(row))]
    return _relay(db, member, row, text, media_url, now, lang)



def _take_and_relay(db, member, handoff, text, media_url, now, lang) -> list[str]:
    if not take(db, handoff["id"], member_id=member["id"], now=now):
        row = _with_names(db, store.get_handoff(db, handoff["id"]) or handoff)
        return [i18n.t(lang, "member_taken_by", code=handoff["code"], name=_name(row),
                       holder=row.get("holder_name") or "")]
    out = [i18n.t(lang, "member_took", code=handoff["code"], name=_name(handoff))]
    return _relay(db, member, handoff, text, media_url, now, lang) + out



def _relay(db, member, handoff, text, media_url, now, lang) -> list[str]:
    done = reply(db, handoff["id"], text, f"member:{member['id']}", now, media_url=media_url,
                 lang=lang)
    return [done["notice"]] if done.get("notice") else []



def _with_names(db, handoff: dict) -> dict:
    rows = store.list_handoffs(db, coop_id=handoff["coop_id"], status=handoff["status"],
                               limit=200)
    return next((r for r in rows if r["id"] == handoff["id"]), handoff)



def _name(handoff: dict) -> str:
    phone = handoff.get("customer_phone")
    return handoff.get("customer_name") or (local_format(phone) if phone else "")



def _list_text(db, coop: dict, lang: str) -> str:
    rows = store.list_handoffs(db, coop_id=coop["id"], status="open", limit=20)
    if not rows:
        return i18n.t(lang, "member_handoff_none")
    lines = []
    for row in sorted(rows, key=lambda r: r["code"]):
        key = "member_handoff_line_waiting" if row["status"] == "waiting" \
            else "member_handoff_line_taken"
        lines.append(i18n.t(lang, key, code=row["code"], name=row.get("customer_name") or "",
                            phone=local_format(row["customer_phone"]),
                            holder=row.get("holder_name") or ""))
    return i18n.t(lang, "member_handoff_list", lines="\n".join(lines))
