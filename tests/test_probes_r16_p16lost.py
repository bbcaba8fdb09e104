"""Lost or stalled orders seen at the last stop, probed again in the four languages on the
committed catalogs and on fresh operator-style ones: a change of mind right after a cancel,
a family name that is a word of a town's name, "ok safi bghito" after a haggle, a delivery
day, ordering by an amount, units operators write. Each general rule with the messages
that showed it."""

from pathlib import Path

import pytest

from bot.catalog import read_csv
from bot.nlu import details as nlu_details
from tests.test_conversation import chat_after

DATA = Path(__file__).resolve().parent / "data"
ZITMIEL = read_csv(DATA / "catalog_zitmiel.csv")


# -- a change of mind right after a cancel brings the basket back ------------------------------

@pytest.mark.parametrize("details, cancel, again", [
    ("Sara Alami, Rabat, hay riad 5", "la, annuli", "sme7 li bghito"),
    ("Sara Alami, Rabat, hay riad 5", "la annuli", "la la mazal bghito"),
    ("Sara Alami, Rabat, hay riad 5", "la annuli", "bddelt rayi, kemmel"),
    ("سارة العلمي، الرباط، حي الرياض 5", "لا، ألغي", "سمح ليا، مازال بغيتو"),
    ("Nadia Alami, Fes, 3 rue atlas", "non annulez", "non attends je le veux"),
    ("Nadia Alami, Fes, 3 rue atlas", "annuler", "j'ai changé d'avis, je le prends"),
    ("John Smith, Casablanca, 12 rue x", "no cancel", "wait, I still want it"),
    ("John Smith, Casablanca, 12 rue x", "cancel it", "sorry I changed my mind, I want it"),
])
def test_a_change_of_mind_right_after_a_cancel_at_the_summary_brings_the_order_back(
        details, cancel, again):
    """"la, annuli" at the summary — "sme7 li bghito": the basket was emptied and the answer
    was the welcome ("what would you like?"): the order lost, all of it to say again."""
    chat = chat_after("bghit 2 smen 500g", details, products=ZITMIEL)
    assert chat.state == "confirm"
    chat.send(cancel)
    assert chat.cart == {}
    chat.send(again)
    assert chat.cart == {"SMEN-POT-500": 2}
    assert chat.state == "confirm" and chat.conv["data"]["details"].get("address")
    chat.send("iyeh" if "ary" in (chat.last.lang or "") else "yes")
    assert chat.state == "start" and chat.cart == {}      # placed


@pytest.mark.parametrize("cancel, again", [
    ("annuli", "mazal bghito"), ("cancel", "I changed my mind"),
])
def test_a_change_of_mind_after_a_cancel_before_the_details_brings_the_basket_back(
        cancel, again):
    chat = chat_after("i want 2 smen 500g", cancel, again, products=ZITMIEL)
    assert chat.cart == {"SMEN-POT-500": 2} and chat.state == "ordering"


@pytest.mark.parametrize("after", ["ok thanks", "bghit 3sel z3itra", "salam"])
def test_anything_else_after_a_cancel_leaves_the_basket_empty(after):
    chat = chat_after("bghit 2 smen 500g", "annuli", after, products=ZITMIEL)
    assert "SMEN-POT-500" not in chat.cart


def test_a_change_of_mind_is_only_heard_right_after_the_cancel():
    chat = chat_after("bghit 2 smen 500g", "annuli", "ok merci", "mazal bghito",
                      products=ZITMIEL)
    assert chat.cart == {}


# -- a family name that is a word of a town's longer name is a name -----------------------------

@pytest.mark.parametrize("name", ["Sara Bouazza", "Ahmed Slimane", "Youssef Kacem",
                                  "Nadia Bennour"])
def test_a_family_name_that_is_only_part_of_a_town_is_a_bare_name(name):
    assert nlu_details.bare_name(name) == name


@pytest.mark.parametrize("town", ["Dar Bouazza", "Sidi Slimane", "Ben Slimane", "Sidi Kacem",
                                  "Karim Sidi Kacem", "Rabat", "Sara Agadir"])
def test_a_town_is_still_no_bare_name(town):
    assert nlu_details.bare_name(town) is None


@pytest.mark.parametrize("first, name", [
    ("salam bghit zit zitoun 1L", "Sara Bouazza"),
    ("bonjour je veux huile olive 1L", "Sara Bouazza"),
    ("hi i want olive oil 1L", "Sara Bouazza"),
    ("hi i want olive oil 1L", "Ahmed Slimane"),
])
def test_a_full_name_with_a_town_word_at_the_details_offer_is_the_name(first, name):
    """"Anything else? If not, your name, city and address?" — "Sara Bouazza": "sorry, I did
    not understand" (Darija, French) or no answer at all (English), the name lost; the next
    message ("nhar jem3a") was then taken for the name."""
    chat = chat_after(first, name, products=ZITMIEL)
    assert chat.conv["data"]["details"].get("name") == name
    assert chat.state == "ask_city"


# -- "ok safi bghito" after a haggle orders the product talked about --------------------------

@pytest.mark.parametrize("msgs, take", [
    (["how much is the sidr honey", "pfff bro", "come on bro"], "ok fine I will take it"),
    (["ch7al 3sel sedra", "wa khouya 3afak", "wa 3afak a khouya"], "ok safi bghito"),
    (["ch7al 3sel sedra", "wach kayn prix de gros?"], "ok safi bghito"),
    (["combien le miel sidr", "vous faites prix de gros ?"], "bon ok je le prends"),
    (["do you sell wholesale? how much is the sidr honey"], "ok I will take it"),
])
def test_taking_the_product_after_a_person_was_offered_orders_it(msgs, take):
    """A haggle the bot did not read twice, or a wholesale question, ends with "a person?
    (yes / no)": "ok safi bghito", "ok fine I'll take it" was that yes, a handoff, and the
    product talked about never ordered."""
    chat = chat_after(*msgs, products=ZITMIEL)
    assert chat.conv["data"].get("human_offered")
    chat.send(take)
    assert chat.state == "ordering" and chat.cart == {"MIEL-SIDR-500": 1}
    assert not chat.actions


@pytest.mark.parametrize("yes", ["iyeh", "ok", "yes please"])
def test_a_plain_yes_to_the_person_offered_still_hands_off(yes):
    chat = chat_after("ch7al 3sel sedra", "wa khouya 3afak", "wa 3afak a khouya", yes,
                      products=ZITMIEL)
    assert chat.state == "handoff"


@pytest.mark.parametrize("haggle", ["rkhs lia", "lower pls"])
def test_more_haggling_words_get_the_fixed_price_answer(haggle):
    chat = chat_after("ch7al 3sel sedra", haggle, products=ZITMIEL)
    assert "200" not in chat.last.replies[0] and not chat.conv["data"].get("strikes")
