"""A cooperative's ``settings`` are parsed once per stored text and shared by every reader
(``bot/store/coops.py``: ``coop_row``): a change is read at once, and nothing writes into
the shared parse."""

from __future__ import annotations

import json

from bot import store
from bot.evals import conversations as ev
from bot.store import coops as store_coops


def test_a_settings_change_is_read_at_once(tmp_path):
    db = store.connect(str(tmp_path / "s.sqlite3"))
    coop = {"slug": "s", "name": "S", "whatsapp_from": "+212500000001",
            "settings": {"cart_hours": 24}}
    coop_id = store.upsert_coop(db, coop, [], [])
    assert store.get_coop(db, coop_id)["settings"] == {"cart_hours": 24}
    store.upsert_coop(db, {**coop, "settings": {"cart_hours": 2}}, [], [])
    assert store.get_coop(db, coop_id)["settings"] == {"cart_hours": 2}


def test_nothing_writes_into_the_shared_settings():
    coops = ev.load_coops()
    convs = [c for c in ev.load_corpus(coops=coops) if c.split == "tuned"][::15]
    store_coops._SETTINGS.clear()
    ev.run(convs, coops)
    assert store_coops._SETTINGS
    for text, parsed in store_coops._SETTINGS.items():
        assert parsed == (json.loads(text) if text else {})
