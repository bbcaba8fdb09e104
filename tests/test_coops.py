"""Cooperative YAML files and their import (bot/coops.py, flask coop import)."""

import pytest

from bot import store
from bot.cli import import_coop
from bot.coops import CoopError, load_coop_file, resolve_options
from bot.phones import address_for, local_format, split_address, to_e164


def test_demo_file_is_valid():
    parsed = load_coop_file("coops/demo/coop.yml")
    coop = parsed["coop"]
    assert coop["slug"] == "tifawin" and coop["whatsapp_from"] == "+14155238886"
    assert coop["settings"]["delivery"]["courier"] == "sandbox"
    assert all(m["phone"].startswith("+2126") for m in parsed["members"])
    assert len(parsed["products"]) >= 12


@pytest.mark.parametrize("raw", ["0612345678", "+212 6 12 34 56 78", "00212612345678",
                                 "whatsapp:+212612345678", "06.12.34.56.78"])
def test_moroccan_numbers_normalise_to_e164(raw):
    assert to_e164(raw) == "+212612345678"


def test_addresses():
    assert split_address("whatsapp:+212612345678") == ("whatsapp", "+212612345678")
    assert split_address("0712345678") == ("sms", "+212712345678")
    assert address_for("whatsapp", "+2126") == "whatsapp:+2126"
    assert local_format("+212512345678") == "0512345678"


def _write(tmp_path, text, csv=None):
    if csv is not None:
        (tmp_path / "catalog.csv").write_text(csv, encoding="utf-8")
    path = tmp_path / "coop.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_bad_file_lists_every_problem(tmp_path):
    path = _write(tmp_path, """
slug: Bad Slug
members:
  - {name: A, phone: "123", channel: fax, language: de}
catalog: catalog.csv
""", csv="sku,name,price,unit,size\nX,,1,g,1\n")
    with pytest.raises(CoopError) as info:
        load_coop_file(path)
    text = str(info.value)
    for needle in ("slug", "name: required", "members[1].phone", "members[1].channel",
                   "members[1].language", "line 2: name is empty"):
        assert needle in text


def test_invalid_yaml_names_the_line(tmp_path):
    path = _write(tmp_path, "slug: a\nname: [unclosed\n")
    with pytest.raises(CoopError, match="line"):
        load_coop_file(path)


def test_nothing_half_imported(tmp_path, db):
    before = store.list_products(db, store.get_coop_by_slug(db, "tifawin")["id"])
    path = _write(tmp_path, """
slug: tifawin
name: Coopérative Tifawin
catalog: catalog.csv
""", csv="sku,name,price,unit,size\nA,Miel,10,g,500\nB,Amlou,-3,g,250\n")
    with pytest.raises(CoopError):
        import_coop(db, path)
    coop = store.get_coop_by_slug(db, "tifawin")
    assert store.list_products(db, coop["id"]) == before
    assert len(store.list_members(db, coop["id"])) == 2


def test_inline_catalog_and_secrets_by_env_name(tmp_path, db):
    path = _write(tmp_path, """
slug: atlas
name: Coopérative Atlas
whatsapp_from: "+212522000000"
delivery: {courier: sendit, options: {public_key_env: X_PUB, secret_key_env: X_SEC}}
catalog:
  - {sku: T1, name: Thé vert 250g, price: 25, unit: g, size: 250}
""")
    info = import_coop(db, path)
    assert info == {"slug": "atlas", "members": 0, "products": 1}
    coop = store.get_coop_by_slug(db, "atlas")
    options = coop["settings"]["delivery"]["options"]
    assert options == {"public_key_env": "X_PUB", "secret_key_env": "X_SEC"}
    assert resolve_options(options, {"X_PUB": "p", "X_SEC": "s"}) == {"public_key": "p",
                                                                       "secret_key": "s"}
