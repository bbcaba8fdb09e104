"""The conversation harness (bot/evals/conversations/): its corpus checks, its scoring, and a
ceiling on the wrong orders the bot places over the whole corpus."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.evals import conversations as ev

DEMO = ev.ROOT / "coops" / "demo" / "coop.yml"

# The walk the demo bot finishes today: product, "safi", name, city, address, yes.
RIGHT_SCRIPT = ["salam bghit 2 amlou sghir", "safi", "Salma Idrissi", "Rabat",
                "hay riad zanqa 7 raqm 14", "iyeh"]


def corpus(tmp_path, conversations: str):
    (tmp_path / "coops.yml").write_text(f"demo:\n  file: {DEMO}\n", encoding="utf-8")
    (tmp_path / "c.yml").write_text(conversations, encoding="utf-8")
    return ev.load_corpus(tmp_path)


def conv(cid, phone, messages, outcome):
    lines = "\n".join(f"      - {m!r}" for m in messages)
    return f"  - id: {cid}\n    phone: '{phone}'\n    messages:\n{lines}\n{outcome}\n"


def play(tmp_path, *convs):
    text = "defaults: {catalog: demo, lang: ary-Latn}\nconversations:\n" + "".join(convs)
    loaded = corpus(tmp_path, text)
    return {p.conv.id: p for p in ev.run(loaded, ev.load_coops(tmp_path))}


ORDER_2_AMLOU = ("    order: {lines: {AMLOU-250: 2}, city: Rabat, name: Salma Idrissi, "
                 "total: 155}\n"
                 "    min_turns: 3")


def test_an_order_the_bot_gets_right_is_scored_right_with_its_turns(tmp_path):
    played = play(tmp_path, conv("ok", "0612000001", RIGHT_SCRIPT, ORDER_2_AMLOU))["ok"]
    assert played.verdict == "right", played.errors
    assert played.confirmed_at == 6 and played.turns == 6
    figures = ev.summarise([played])
    assert figures["right"] == figures["orders_exact"] == 1
    assert figures["wrong_orders_placed"] == 0
    assert figures["turns_one_product_asked"] == {"n": 1, "median": 6, "shopkeeper": 3}


def test_wrong_expectations_and_unwanted_orders_are_counted_as_wrong_orders_placed(tmp_path):
    three = ORDER_2_AMLOU.replace("AMLOU-250: 2", "AMLOU-250: 3").replace("155", "215")
    casa = ORDER_2_AMLOU.replace("Rabat", "Casablanca")
    played = play(tmp_path,
                  conv("three", "0612000002", RIGHT_SCRIPT, three),
                  conv("casa", "0612000003", RIGHT_SCRIPT, casa),
                  conv("none", "0612000004", RIGHT_SCRIPT, "    no_order: just asking"),
                  conv("walk", "0612000005", ["bchhal amlou?", "ok ghadi nchouf, chokran"],
                       "    no_order: walk-away"))
    assert played["three"].verdict == "wrong_order"
    assert any("lines" in e for e in played["three"].errors)
    assert played["casa"].verdict == "wrong_order"
    assert played["casa"].errors == ["city 'Rabat' instead of 'Casablanca'"]
    assert played["none"].verdict == "unwanted" and played["none"].wrong_placed
    assert played["walk"].verdict == "right" and not played["walk"].orders
    assert played["three"].wrong_fields == {"lines", "total"}
    assert played["casa"].wrong_fields == {"city"} and played["none"].wrong_fields == {"unwanted"}
    figures = ev.summarise(list(played.values()))
    assert figures["wrong_orders_placed"] == 3 and figures["right"] == 1
    assert figures["wrong_by_field"] == {"city": 1, "lines": 1, "total": 1, "unwanted": 1}


def test_names_and_cities_compare_as_a_courier_reads_them():
    expected = {"lines": {"AMLOU-250": 1}, "city": "Fès", "name": "Latifa Chraibi", "total": 95.0}

    def stored(name, city="FES"):
        return {"lines": [{"sku": "AMLOU-250", "quantity": 1}], "city": city, "name": name,
                "total": 95}

    assert ev.compare(expected, stored("Mme  latifa chraibi")) == []
    assert ev.compare(expected, stored("smiti Latifa Chraibi")) == [
        "name 'smiti Latifa Chraibi' instead of 'Latifa Chraibi'"]
    assert ev.compare(expected, stored("Latifa")) != []
    assert ev.compare(expected, stored("Latifa Chraibi", "Meknès")) == [
        "city 'Meknès' instead of 'Fès'"]
    lalla = dict(expected, name="Lalla Zahra")
    assert ev.compare(lalla, stored("Zahra")) != []


def test_an_order_the_customer_cancels_in_the_conversation_is_no_parcel(tmp_path):
    # placed, then "cancel my order" and yes: nothing goes to the courier
    cancel = RIGHT_SCRIPT + ["bghit nlghi lcommande", "iyeh"]
    played = play(tmp_path, conv("gone", "0612000008", cancel, "    no_order: cancelled"),
                  conv("kept", "0612000009", cancel, ORDER_2_AMLOU))
    assert [o["status"] for o in played["gone"].orders] == ["cancelled"]
    assert played["gone"].verdict == "right" and not played["gone"].wrong_placed
    assert played["kept"].verdict == "missing"


def test_an_order_never_placed_is_missing_not_wrong(tmp_path):
    played = play(tmp_path, conv("stuck", "0612000006", RIGHT_SCRIPT[:3], ORDER_2_AMLOU))["stuck"]
    assert played.verdict == "missing" and not played.wrong_placed
    assert played.turns is None


def test_each_conversation_has_its_own_customer_and_database_state(tmp_path):
    played = play(tmp_path, conv("a", "0612000007", RIGHT_SCRIPT, ORDER_2_AMLOU),
                  conv("b", "+33612345678", RIGHT_SCRIPT, ORDER_2_AMLOU))
    assert [len(p.orders) for p in played.values()] == [1, 1]
    assert played["b"].conv.phone == "+33612345678"


@pytest.mark.parametrize("outcome, problem", [
    ("    order: {lines: {AMLOU-250: 2}, city: Rabat, name: S, total: 120}\n    min_turns: 3",
     "total 120"),
    ("    order: {lines: {AMLOU-999: 2}, city: Rabat, name: S, total: 155}\n    min_turns: 3",
     "not in the demo catalog"),
    ("    order: {lines: {AMLOU-250: 2}, city: Rabat, name: S, total: 155}", "min_turns"),
    ("", "either an order or no_order"),
])
def test_the_corpus_loader_refuses_inconsistent_conversations(tmp_path, outcome, problem):
    text = "defaults: {catalog: demo, lang: fr}\nconversations:\n" + conv("x", "0612000008",
                                                                        ["2 amlou"], outcome)
    with pytest.raises(ev.CorpusError, match=problem):
        corpus(tmp_path, text)


def test_the_loader_refuses_a_hand_picked_split_and_a_reused_number(tmp_path):
    walk = "    no_order: walk-away"
    with pytest.raises(ev.CorpusError, match="assigned by position"):
        corpus(tmp_path, "defaults: {catalog: demo, lang: fr}\nconversations:\n"
               + conv("x", "0612000009", ["merci"], walk + "\n    split: heldout"))
    with pytest.raises(ev.CorpusError, match="already used"):
        corpus(tmp_path, "defaults: {catalog: demo, lang: fr}\nconversations:\n"
               + conv("x", "0612000009", ["merci"], walk)
               + conv("y", "+212612000009", ["merci"], walk))


def test_a_number_is_one_customer_across_cooperatives(tmp_path):
    # Customers are kept per number, so the same number at another cooperative would be
    # offered the first conversation's name and address: the loader refuses it.
    (tmp_path / "coops.yml").write_text(f"demo:\n  file: {DEMO}\nother:\n  file: {DEMO}\n",
                                        encoding="utf-8")
    walk = "    no_order: walk-away"
    (tmp_path / "c.yml").write_text(
        "defaults: {lang: fr}\nconversations:\n"
        + conv("x", "0612000010", ["merci"], walk + "\n    catalog: demo")
        + conv("y", "0612000010", ["merci"], walk + "\n    catalog: other"), encoding="utf-8")
    with pytest.raises(ev.CorpusError, match="already used by another conversation"):
        ev.load_corpus(tmp_path)


# --------------------------------------------------------------------------
# The corpus itself
# --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def the_corpus():
    return ev.load_corpus()


def test_the_corpus_holds_out_every_fourth_conversation_of_each_file(the_corpus):
    by_file: dict[str, list] = {}
    for c in the_corpus:
        by_file.setdefault(c.file, []).append(c)
    for convs in by_file.values():
        assert [c.split for c in convs] == ["heldout" if i % 4 == 3 else "tuned"
                                            for i in range(len(convs))]
    held = sum(c.split == "heldout" for c in the_corpus)
    assert 0.2 <= held / len(the_corpus) <= 0.26


def test_the_corpus_covers_the_languages_channels_catalogs_and_outcomes(the_corpus):
    langs = Counter(c.lang for c in the_corpus)
    assert set(langs) == set(ev.LANGS) and min(langs.values()) >= 15, langs
    assert len({c.catalog for c in the_corpus}) >= 5
    sms = sum(c.channel == "sms" for c in the_corpus)
    assert 0.1 <= sms / len(the_corpus) <= 0.25
    no_order = sum(c.order is None for c in the_corpus)
    assert 0.1 <= no_order / len(the_corpus) <= 0.35
    assert any(not c.phone.startswith("+212") for c in the_corpus)
    assert any(isinstance(m, dict) for c in the_corpus for m in c.messages)   # location pins


# Wrong orders placed by today's bot, per split (36 before the issue 14 dialogue fixes). A
# regression guard: lower it as fixes land; it must never go up. The tuned split is held at 0.
# The held-out one is the honest measure of unseen conversations and is never tuned on: its
# one wrong order appeared when the sixth round appended fresh conversations (29 Nov 2026:
# `chg-arab-zit-jouj-15`, never read; see issue 14's note) and stays listed
# here until a general fix found on tuned conversations removes it (the seventh round's
# fixes did: 0 after merging r7ary). Round r7en (30 Nov 2026) appended 80 fresh English and
# French conversations on five new catalogs; two of their held-out ones place a wrong order
# (ids not read, no fix aimed at them): the ceiling counts them until general fixes found on
# tuned conversations remove them.
# r8en appended 32 English conversations (8 held out) on the r7en cooperatives and two new
# ones; the two wrong orders above remain and one of the new held-out ones places a wrong
# order too (plain eval figures only; ids not read, no fix aimed at them).
# Round 10 (probes of fresh conversations and catalogs, 30 Nov 2026) removed one of the three
# by general rules found on tuned conversations and probes.
WRONG_ORDERS_CEILING = {"tuned": 0, "heldout": 2}


@pytest.mark.slow
def test_wrong_orders_placed_on_the_whole_corpus_stay_under_the_ceiling(the_corpus):
    played = ev.run(the_corpus, ev.load_coops())
    figures = ev.summarise(played)
    assert figures["errors"] == 0
    for split, ceiling in WRONG_ORDERS_CEILING.items():
        wrong = [p.conv.id for p in played if p.wrong_placed and p.conv.split == split]
        assert len(wrong) <= ceiling, (split, wrong)
