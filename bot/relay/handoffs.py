"""Taking, releasing, ending a handoff (a member or an operator), and the conversation given
back to the bot at the step it was at."""

from __future__ import annotations

from datetime import datetime

from .. import alerts, conversation, i18n, nlu, store
from ..phones import address_for, local_format
from ..sms import sms_text


def take(db, handoff_id: int, *, member_id: int | None = None, operator: str | None = None,
         now: datetime) -> bool:
    """Hold the handoff (a member or an operator): only a waiting one, or again by its
    holder. The other members are told once who took it. False when someone else holds it."""
    before = store.get_handoff(db, handoff_id)
    if before is None or not store.take_handoff(db, handoff_id, member_id=member_id,
                                                operator=operator, now=now):
        return False
    if before["status"] == "waiting":
        handoff = store.get_handoff(db, handoff_id) or before
        _tell_taken(db, handoff, member_id=member_id, operator=operator)
    return True



def _tell_taken(db, handoff: dict, *, member_id: int | None, operator: str | None) -> None:
    coop = store.get_coop(db, handoff["coop_id"])
    customer = store.get_customer(db, handoff["customer_id"])
    if coop is None or customer is None:
        return
    holder = operator or ""
    if member_id is not None:
        member = store.get_member(db, member_id)
        holder = (member or {}).get("name") or local_format((member or {}).get("phone") or "")
    name = customer.get("name") or local_format(customer["phone"])
    for other in store.list_members(db, coop["id"]):
        if other["id"] == member_id:
            continue
        text = i18n.t(other.get("language"), "member_taken_by", code=handoff["code"], name=name,
                      holder=holder)
        store.enqueue(db, "message.member", {
            "coop_id": coop["id"], "member_id": other["id"], "phone": other["phone"],
            "kind": "relay", "text": text, "sms_text": sms_text(text),
            "template_variables": alerts.template_variables(coop, "relay", text, {}),
        }, dedupe_key=f"taken:{handoff['id']}:{handoff['taken_at']}:{other['id']}")



def release(db, handoff_id: int, now: datetime) -> bool:
    """Give the handoff back to the waiting ones (nobody holds it); False if it was not taken."""
    return store.release_handoff(db, handoff_id, now)



def end(db, handoff_id: int, *, by: str, now: datetime) -> bool:
    """End the handoff (``by``: ``member:<id>``, ``operator:<name>``, ``timeout``): the
    conversation goes back to the step it was at, cart kept, and the customer is told and
    asked that step's question again; the member who held it is told unless they ended it.
    False when it was ended already."""
    handoff = store.get_handoff(db, handoff_id)
    if handoff is None or not store.end_handoff(db, handoff_id, by=by, now=now):
        return False
    coop = store.get_coop(db, handoff["coop_id"])
    conv = store.get_conversation(db, handoff["conversation_id"])
    customer = store.get_customer(db, handoff["customer_id"])
    if coop is None or conv is None or customer is None:
        return True
    give_back(db, coop, conv, customer, by=by, now=now)
    _tell_holder(db, coop, customer, handoff, by)
    return True



def end_quietly(db, handoff: dict, *, by: str, now: datetime) -> bool:
    """End the handoff the conversation itself left (the customer went back to ordering, or
    its time passed while they wrote): the row only, and its holder is told."""
    if not store.end_handoff(db, handoff["id"], by=by, now=now):
        return False
    coop = store.get_coop(db, handoff["coop_id"])
    customer = store.get_customer(db, handoff["customer_id"])
    if coop is not None and customer is not None:
        _tell_holder(db, coop, customer, handoff, by)
    return True



def _tell_holder(db, coop: dict, customer: dict, handoff: dict, by: str) -> None:
    holder = handoff["member_id"]
    if not holder or by == f"member:{holder}":
        return
    member = store.get_member(db, holder)
    if not member:
        return
    key = "member_handoff_timeout" if by == "timeout" else "member_handoff_ended"
    text = i18n.t(member.get("language"), key, code=handoff["code"],
                  name=customer.get("name") or "", phone=local_format(customer["phone"]))
    store.enqueue(db, "message.member", {
        "coop_id": coop["id"], "member_id": member["id"], "phone": member["phone"],
        "kind": "relay", "text": text, "sms_text": sms_text(text),
        "template_variables": alerts.template_variables(coop, "relay", text, {}),
    }, dedupe_key=f"ended:{handoff['id']}:{member['id']}")



def give_back(db, coop: dict, conv: dict, customer: dict, *, by: str, now: datetime) -> None:
    """The conversation back to the bot at the step it was at; the customer is told."""
    if conv.get("state") != "handoff":
        return
    products = store.list_products(db, coop["id"])
    ctx = conversation.Context(coop=coop, products=products, index=nlu.build_index(products),
                               customer=customer, phone=customer["phone"], now=now,
                               channel=conv.get("channel") or "whatsapp")
    result = conversation.back_from_handoff(conv, ctx, by)
    store.save_conversation(db, conv["id"], state=result.state, data=dict(result.data),
                            lang=result.lang, channel=conv.get("channel"), handoff_until=None)
    channel = conv.get("channel") or "whatsapp"
    sender = coop.get("whatsapp_from") if channel == "whatsapp" else coop.get("sms_from")
    if not sender or not result.replies:
        return
    for i, body in enumerate(result.replies):
        store.enqueue(db, "message.customer", {
            "conversation_id": conv["id"], "coop_id": coop["id"],
            "from": address_for(channel, sender), "to": address_for(channel, customer["phone"]),
            "body": body,
        }, dedupe_key=f"handoff_ended:{conv['id']}:{conv.get('updated_at')}:{i}")
