"""Members edited in the dashboard: name, phone, channel, language; recorded in the audit."""

from __future__ import annotations

import json

from bot import store
from tests.test_admin import Admin

PAGE = "/admin/coops/tifawin"


def _members(db):
    return store.list_members(db, store.get_coop_by_slug(db, "tifawin")["id"])


def test_add_edit_and_remove_a_member(live, db):
    a = Admin(live.base_url)
    a.login()
    before = len(_members(db))
    form = f"{PAGE}/members/new"
    resp = a.post(form, {"name": "Aicha", "phone": "06 70 00 00 01", "channel": "sms",
                         "language": "ary-Arab"}, form_page=form)
    assert resp.status_code == 302
    [aicha] = [m for m in _members(db) if m["name"] == "Aicha"]
    assert (aicha["phone"], aicha["channel"], aicha["language"]) == (
        "+212670000001", "sms", "ary-Arab")
    # The new member is a member: the bot's member commands know her number.
    assert store.find_member(db, "+212670000001")["id"] == aicha["id"]
    row = store.audit_log(db, limit=1)[0]
    assert row["action"] == "member.add" and "+212670000001" not in json.dumps(row)
    edit = f"{PAGE}/members/{aicha['id']}/edit"
    assert "Aicha" in a.get(edit).text
    resp = a.post(edit, {"name": "Aicha B.", "phone": "+212670000001", "channel": "whatsapp",
                         "language": "fr"}, form_page=edit)
    assert resp.status_code == 302
    [aicha] = [m for m in _members(db) if m["id"] == aicha["id"]]
    assert (aicha["name"], aicha["channel"], aicha["language"]) == ("Aicha B.", "whatsapp", "fr")
    assert json.loads(store.audit_log(db, limit=1)[0]["detail"])["changed"] == [
        "channel", "language", "name"]
    page = a.get(PAGE).text
    assert "Aicha B." in page and "+2126•••••001" in page and "+212670000001" not in page
    row = page.split(f'data-member="{aicha["id"]}"')[1].split("</tr>")[0]
    assert "WhatsApp" in row and "French" in row                     # names, not codes
    resp = a.post(f"{PAGE}/members/{aicha['id']}/delete", {}, form_page=PAGE)
    assert resp.status_code == 302 and len(_members(db)) == before
    assert store.audit_log(db, limit=1)[0]["action"] == "member.delete"


def test_bad_member_forms_get_a_clear_400(live, db):
    a = Admin(live.base_url)
    a.login()
    form = f"{PAGE}/members/new"
    good = {"name": "Aicha", "phone": "0670000001", "channel": "sms", "language": "fr"}
    existing = _members(db)[0]
    for bad, words in (({"phone": "12"}, "phone is not a valid number"),
                       ({"channel": "pigeon"}, "WhatsApp or SMS"),
                       ({"language": "de"}, "one of the languages"),
                       ({"name": "x" * 61}, "60 characters"),
                       ({"phone": existing["phone"]}, "already a member")):
        resp = a.post(form, {**good, **bad}, form_page=form)
        assert resp.status_code == 400, bad
        assert words in resp.text and 'id="member-errors"' in resp.text
    assert not [m for m in _members(db) if m["name"] == "Aicha"]
    assert a.get(f"{PAGE}/members/999999/edit").status_code == 404
    assert a.post(f"{PAGE}/members/999999/delete", {}, form_page=PAGE).status_code == 404
    resp = a.http.post(a.base + form, data=good, timeout=10)
    assert resp.status_code == 400 and not [m for m in _members(db) if m["name"] == "Aicha"]
