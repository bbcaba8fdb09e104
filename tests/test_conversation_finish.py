"""Conversations that real customers finish (issue 14): details given early or in any order,
names read as names, yes/no in any form, changes at the summary, nothing lost."""

from pathlib import Path

import pytest

from bot.catalog import read_csv
from bot.conversation import CreateOrder, Handoff
from tests.test_conversation import Chat, chat_after


def placed(chat):
    [order] = [a for a in chat.actions if isinstance(a, CreateOrder)]
    return order


# -- 1. everything in the first message ----------------------------------------------------

@pytest.mark.parametrize("first, yes, name, address, lang", [
    ("bghit 2 ghassoul, smiti Salma Idrissi, f rabat hay riad zanqa 7 raqm 14", "iyeh",
     "Salma Idrissi", "hay riad zanqa 7 raqm 14", "ary-Latn"),
    ("Bonjour, je voudrais 2 ghassoul. Je m'appelle Karim Bennani, 12 rue des Orangers, Rabat",
     "oui", "Karim Bennani", "12 rue des Orangers, Rabat", "fr"),
    ("Hi, I want 2 ghassoul please, my name is John Smith, 5 avenue Hassan II, Rabat", "yes",
     "John Smith", "5 avenue Hassan II, Rabat", "en"),
    ("بغيت جوج غاسول، سميتي سلمى الإدريسي، ف الرباط حي الرياض زنقة 7 رقم 14", "إيه",
     "سلمى الإدريسي", "حي الرياض زنقة 7 رقم 14", "ary-Arab"),
])
def test_an_order_with_every_detail_is_summarised_then_placed(first, yes, name, address, lang):
    chat = Chat()
    reply = chat.send(first)
    assert chat.state == "confirm" and chat.cart == {"GHASSOUL-200": 2}
    assert name in reply and chat.last.lang == lang
    chat.send(yes)
    order = placed(chat)
    assert order.lines[0]["quantity"] == 2
    assert order.details["name"] == name and order.details["address"] == address
    assert order.details["city"] == "Rabat"


def test_an_order_with_some_details_asks_only_for_the_rest():
    chat = Chat()
    reply = chat.send("bghit 3 savon beldi, smiti Khalid")
    assert chat.cart == {"SAVON-NOIR-250": 3}
    assert chat.conv["data"]["details"]["name"] == "Khalid"
    assert "lmdina" in reply.lower() and "l3onwan" in reply.lower()
    assert "smitek" not in reply.lower()
    chat.send("casa, derb sultan zanqa 4 raqm 9")
    assert chat.state == "confirm" and chat.cart == {"SAVON-NOIR-250": 3}


# -- 2. one question for everything missing, answered in any order ---------------------------

@pytest.mark.parametrize("answers", [
    ["Salma, Rabat, hay riad zanqa 7"],
    ["Salma\nRabat\nhay riad zanqa 7"],
    ["Rabat", "Salma", "hay riad zanqa 7"],
    ["rabat, hay riad zanqa 7", "Salma"],
    ["smiti Salma", "f rabat, hay riad zanqa 7"],
])
def test_missing_details_are_asked_at_once_and_read_in_any_order(answers):
    chat = chat_after("bghit 2 ghassoul")
    reply = chat.send("safi")
    assert "smitek" in reply.lower() and "lmdina" in reply.lower() and "l3onwan" in reply.lower()
    for answer in answers:
        chat.send(answer)
    assert chat.state == "confirm"
    details = chat.conv["data"]["details"]
    assert (details["name"], details["city"], details["address"]) == (
        "Salma", "Rabat", "hay riad zanqa 7")
    assert chat.cart == {"GHASSOUL-200": 2}


@pytest.mark.parametrize("done, ask, answer", [
    ("c'est tout", "votre ville", "Rabat"),
    ("that's all", "your city", "Rabat"),
    ("صافي", "المدينة", "الرباط"),
])
def test_the_one_question_in_each_language(done, ask, answer):
    chat = chat_after({"c'est tout": "je veux 2 ghassoul", "that's all": "I want 2 ghassoul",
                       "صافي": "بغيت جوج غاسول"}[done])
    reply = chat.send(done)
    assert ask in reply
    chat.send(answer)
    assert chat.conv["data"]["details"]["city"] == "Rabat" and chat.state == "ask_name"


def test_a_location_pin_answers_the_address_at_any_point():
    chat = chat_after("bghit 2 ghassoul", "safi")
    chat.send(location={"latitude": 34.0, "longitude": -6.8})
    assert chat.conv["data"]["details"].get("pin") and chat.state == "ask_name"
    chat.send("Salma, Rabat")
    assert chat.state == "confirm"


# -- 3. names are names ---------------------------------------------------------------------

@pytest.mark.parametrize("name, stored", [
    ("Rachida", "Rachida"), ("Lalla Zahra", "Lalla Zahra"), ("smiti Khalid", "Khalid"),
    ("Si Mohamed", "Si Mohamed"),
])
def test_a_name_at_the_name_step_is_a_name(name, stored):
    chat = chat_after("bghit 2 ghassoul", "safi")
    chat.send(name)
    details = chat.conv["data"]["details"]
    assert details["name"] == stored and "city" not in details
    assert chat.last.lang == "ary-Latn" and chat.state == "ask_city"


def test_a_name_alone_when_only_the_name_is_missing():
    chat = chat_after("bghit 2 ghassoul, f rabat hay riad zanqa 7", )
    assert chat.state == "ask_name"
    chat.send("Lalla Zahra")
    assert chat.state == "confirm" and chat.conv["data"]["details"]["name"] == "Lalla Zahra"


def test_a_city_alone_at_the_address_step_is_the_city():
    chat = chat_after("bghit 2 ghassoul", "safi", "Rachida")
    chat.send("casa")
    chat.send("rabat")          # a correction of the city, not an address
    assert chat.state == "ask_address"
    assert chat.conv["data"]["details"]["city"] == "Rabat"


# -- 7. address words are no handoff --------------------------------------------------------

@pytest.mark.parametrize("address", ["hay riad zanqa 7 raqm 3", "derb sidi bouloukat raqm 12"])
def test_a_number_word_in_an_address_is_no_handoff(address):
    chat = chat_after("bghit 2 ghassoul", "safi", "Salma", "rabat")
    chat.send(address)
    assert chat.state == "confirm" and not any(isinstance(a, Handoff) for a in chat.actions)
    chat.send("bdel l3onwan")
    chat.send(address.replace("3", "5"))
    assert chat.state == "confirm" and not any(isinstance(a, Handoff) for a in chat.actions)
    chat.send("hay salam zanqa 8 raqm 4")          # a new address straight at the summary
    assert chat.state == "confirm"
    assert chat.conv["data"]["details"]["address"] == "hay salam zanqa 8 raqm 4"


# -- 8. names and addresses keep the language ------------------------------------------------

def test_a_french_looking_address_keeps_darija():
    chat = chat_after("bghit 2 ghassoul", "safi")
    chat.send("Salma, Casablanca, 12 rue des Orangers, résidence Les Fleurs")
    assert chat.state == "confirm" and chat.last.lang == "ary-Latn"


# -- 5. changes at the summary ----------------------------------------------------------------

def at_summary(first="bghit 1 ghassoul"):
    chat = chat_after(first, "safi", "Salma, Rabat, hay riad zanqa 7")
    assert chat.state == "confirm"
    return chat


@pytest.mark.parametrize("change, cart", [
    ("la, bghit jouj machi wa7da", {"GHASSOUL-200": 2}),
    ("non, 3 pas 1", {"GHASSOUL-200": 3}),
    ("zid wa7ed amlou 250g", {"GHASSOUL-200": 1, "AMLOU-250": 1}),
    ("add one amlou 500g", {"GHASSOUL-200": 1, "AMLOU-500": 1}),
])
def test_a_change_at_the_summary_shows_the_new_summary_which_is_what_is_placed(change, cart):
    chat = at_summary()
    reply = chat.send(change)
    assert chat.state == "confirm" and chat.cart == cart
    for qty in cart.values():
        assert f"{qty} × " in reply
    chat.send("iyeh")
    assert {line["sku"]: line["quantity"] for line in placed(chat).lines} == cart


@pytest.mark.parametrize("change, answer, key, value", [
    ("bdel l3onwan", "hay salam zanqa 3", "address", "hay salam zanqa 3"),
    ("changer la ville", "casa", "city", "Casablanca"),
])
def test_a_detail_changed_at_the_summary_gives_a_new_summary(change, answer, key, value):
    chat = at_summary()
    chat.send(change)
    assert chat.state != "confirm"
    reply = chat.send(answer)
    assert chat.state == "confirm" and chat.conv["data"]["details"][key] == value
    assert value in reply


def test_a_correction_while_ordering_sets_the_quantity():
    chat = chat_after("bghit 1 ghassoul")
    chat.send("la, bghit jouj machi wa7da")
    assert chat.cart == {"GHASSOUL-200": 2}


# -- 6. nothing the customer asked for disappears silently -----------------------------------

def test_an_open_choice_is_asked_again_then_dropped_in_words():
    chat = chat_after("bghit 2 ghassoul w amlou")
    reply = chat.send("safi")
    assert "Amlou aux amandes 250g" in reply and chat.state == "ordering"
    chat.send("2")
    chat.send("1")
    assert chat.cart == {"GHASSOUL-200": 2, "AMLOU-500": 1}
    chat = chat_after("bghit 2 ghassoul w amlou", "safi")
    reply = chat.send("safi")
    assert "amlou" in reply.lower() and chat.state == "ask_name"


@pytest.mark.parametrize("details", ["smiti Salma Idrissi", "Rabat", "hay riad zanqa 7 raqm 14"])
def test_a_question_asked_twice_is_dropped_when_the_customer_goes_on_to_the_details(details):
    # round 14: the first details keep "which amlou?" open, said with the details noted (a
    # product asked for is not dropped in a word); going past it once more drops it in words
    chat = chat_after("bghit 2 amlou w 1 ghassoul", "safi")     # asked, then asked again
    reply = chat.send(details)
    assert chat.conv["data"]["queue"] and "Amlou aux amandes 250g" in reply
    reply = chat.send("casa" if details != "Rabat" else "smiti Salma Idrissi")
    assert "amlou" in reply.lower() and chat.conv["data"]["queue"] == []
    assert chat.state.startswith("ask_") and chat.cart == {"GHASSOUL-200": 1}
    assert "Amlou aux amandes 250g" not in reply                  # no fourth list


def test_details_while_a_question_is_asked_the_first_time_keep_it_open():
    chat = chat_after("bghit 2 amlou w 1 ghassoul")
    reply = chat.send("smiti Salma Idrissi")
    assert chat.conv["data"]["queue"] and "Amlou aux amandes 250g" in reply
    chat.send("1")
    assert chat.cart == {"GHASSOUL-200": 1, "AMLOU-250": 2}


@pytest.mark.parametrize("first, answer, sku, qty", [
    ("I want argan oil for hair", "the 100ml one, 2 please", "ARGAN-COSM-100", 2),
    ("je veux de l'huile d'argan cosmétique", "une de 100ml", "ARGAN-COSM-100", 1),
    ("je veux de l'huile d'argan cosmétique", "deux de 250ml", "ARGAN-COSM-250", 2),
    ("bghit zit argan dyal cheveux", "jouj dyal 100ml", "ARGAN-COSM-100", 2),
])
def test_a_quantity_said_with_a_size_is_kept(first, answer, sku, qty):
    chat = chat_after(first)
    chat.send(answer)
    assert chat.cart == {sku: qty}


# -- 8. short fillers keep the language -----------------------------------------------------

@pytest.mark.parametrize("filler", ["ok c bon", "merci", "c'est tout"])
def test_a_french_filler_inside_darija_keeps_darija(filler):
    chat = chat_after("bghit 2 ghassoul")
    chat.send(filler)
    assert chat.last.lang == "ary-Latn"


# -- 4. the same word by step -------------------------------------------------------------------

@pytest.mark.parametrize("keep", ["khlliha", "خليها", "keep it like that"])
def test_keep_it_never_cancels(keep):
    chat = chat_after("bghit 3 ghassoul")
    chat.send(keep)
    assert chat.cart == {"GHASSOUL-200": 3} and chat.state == "ask_name"
    chat = at_summary()
    chat.send(keep)
    assert chat.state == "confirm" and chat.cart == {"GHASSOUL-200": 1}
    assert not any(isinstance(a, CreateOrder) for a in chat.actions)


def test_keep_only_that_many():
    chat = chat_after("bghit 3 ghassoul")
    chat.send("khlli ghir wa7da")
    assert chat.cart == {"GHASSOUL-200": 1}


@pytest.mark.parametrize("yes", ["iyeh", "ah", "wakha", "ok", "👍", "oui", "yes", "إيه"])
def test_yes_in_any_form_to_the_offer_of_a_person(yes):
    chat = chat_after("bghit 2 ghassoul", "blabla", "xyzzy qqq")
    reply = chat.last.replies[-1]
    assert "kteb" not in reply.lower() and "iyeh" in reply.lower()
    chat.send(yes)
    assert chat.state == "handoff" and any(isinstance(a, Handoff) for a in chat.actions)
    assert chat.cart == {"GHASSOUL-200": 2}


@pytest.mark.parametrize("no", ["la", "non", "no", "لا"])
def test_no_to_the_offer_of_a_person_goes_on(no):
    chat = chat_after("bghit 2 ghassoul", "blabla", "xyzzy qqq")
    chat.send(no)
    assert chat.state == "ordering" and chat.cart == {"GHASSOUL-200": 2}
    chat.send("safi")
    assert chat.state == "ask_name"


@pytest.mark.parametrize("yes", ["wakha", "ah", "👍", "ok", "iyeh"])
def test_yes_in_any_form_places_the_summarised_order(yes):
    chat = at_summary()
    chat.send(yes)
    assert placed(chat).lines[0]["quantity"] == 1


# -- 9. hesitant customers are kept ---------------------------------------------------------------

@pytest.mark.parametrize("bye", ["ok merci", "thanks, I'll see later", "ghadi nchouf",
                                 "je vais réfléchir", "غادي نشوف"])
def test_a_walk_away_gets_a_goodbye_and_the_cart_is_kept(bye):
    chat = chat_after("bghit 2 ghassoul")
    reply = chat.send(bye)
    assert chat.cart == {"GHASSOUL-200": 2} and chat.state == "ordering"
    assert reply and chat.last.actions == []
    chat.send("safi")
    assert chat.state == "ask_name" and chat.cart == {"GHASSOUL-200": 2}


@pytest.mark.parametrize("asked, bye, lang", [
    ("ch7al l3sel dyal zaatar?", "safi merci", "ary-Latn"),
    ("ch7al l3sel dyal zaatar?", "ghali bzaf, merci", "ary-Latn"),
    ("how much is the thyme honey?", "too expensive, thanks anyway", "en"),
    ("prix du miel de thym ?", "c'est cher, merci quand même", "fr"),
    ("بشحال عسل الزعتر؟", "غالي شوية، شكرا", "ary-Arab"),
])
def test_thanks_after_a_price_is_a_goodbye_not_which_one_again(asked, bye, lang):
    from bot import i18n
    chat = chat_after(asked)
    reply = chat.send(bye)
    assert reply.endswith(i18n.t(lang, "goodbye_later"))
    assert i18n.t(lang, "ask_what") not in reply and chat.cart == {}
    # no question is left open: the product stays only as the context of a later "the small one"
    assert all(q.get("soft") for q in chat.conv["data"]["queue"])
    assert "1. " not in chat.send("salam")


def test_thanks_with_a_question_still_open_asks_it_again():
    chat = chat_after("bghit 2 amlou")                 # which amlou? (2 of them, not soft)
    for bye in ("safi merci", "ghali, merci"):
        chat.send(bye)
        assert chat.conv["data"]["queue"] and chat.conv["data"]["queue"][0]["type"] == "choice"
    chat.send("1")
    assert chat.cart == {"AMLOU-250": 2}


def test_a_walk_away_at_the_summary_places_nothing():
    chat = at_summary()
    chat.send("ok merci, ghadi nchouf")
    assert not any(isinstance(a, CreateOrder) for a in chat.actions)
    assert chat.cart == {"GHASSOUL-200": 1}
    reply = chat.send("iyeh")                      # the summary again before any order
    assert chat.state == "confirm" and "1 × Ghassoul" in reply
    assert not any(isinstance(a, CreateOrder) for a in chat.actions)


@pytest.mark.parametrize("then, cart", [
    ("ok 3tini sghir", "AMLOU-250"), ("la la lkbir", "AMLOU-500"),
])
def test_after_a_price_answer_the_product_stays_the_context(then, cart):
    chat = chat_after("bch7al amlou?", "ghali chwiya")
    chat.send(then)
    chat.send("1")
    assert chat.cart == {cart: 1}


# -- 10. carts expire -----------------------------------------------------------------------------

from datetime import timedelta  # noqa: E402

from tests.test_conversation import COOP, NOW  # noqa: E402


def later_chat(hours, coop=COOP):
    chat = Chat(coop=coop)
    chat.send("bghit 2 ghassoul")
    chat.context["now"] = NOW + timedelta(hours=hours)
    return chat


@pytest.mark.parametrize("answer, cart", [
    ("iyeh", {"GHASSOUL-200": 2, "AMLOU-250": 1}), ("wakha", {"GHASSOUL-200": 2, "AMLOU-250": 1}),
    ("la", {"AMLOU-250": 1}), ("non", {"AMLOU-250": 1}),
])
def test_an_old_cart_is_not_merged_unasked(answer, cart):
    chat = later_chat(30)
    reply = chat.send("bghit 1 amlou 250g")
    assert chat.state == "keep_cart" and "2 × Ghassoul" in reply
    assert chat.cart == {"GHASSOUL-200": 2}
    chat.send(answer)
    assert chat.cart == cart


def test_an_old_cart_question_is_asked_again_until_answered_and_a_greeting_shows_the_cart():
    chat = later_chat(30)
    chat.send("salam")
    chat.send("hmm")
    assert chat.state == "keep_cart"
    reply = chat.send("ah")
    assert chat.cart == {"GHASSOUL-200": 2} and "2 × Ghassoul" in reply


def test_a_recent_cart_and_the_cooperative_setting():
    chat = later_chat(20)
    chat.send("bghit 1 amlou 250g")
    assert chat.cart == {"GHASSOUL-200": 2, "AMLOU-250": 1}
    coop = dict(COOP, settings=dict(COOP["settings"], cart_hours=2))
    chat = later_chat(3, coop)
    chat.send("bghit 1 amlou 250g")
    assert chat.state == "keep_cart"


# -- 11. out of stock: the same product first, then similar ones -----------------------------

from tests.test_conversation import PRODUCTS  # noqa: E402


@pytest.mark.parametrize("message, lang", [
    ("bghit 2 3sel zaatar 500g", "ary-Latn"), ("je veux 2 miel de thym 500g", "fr"),
    ("I want 2 thyme honey 500g", "en"), ("بغيت جوج عسل الزعتر 500g", "ary-Arab"),
])
def test_out_of_stock_offers_other_sizes_first_then_similar_products(message, lang):
    products = [dict(p, in_stock=p["sku"] != "MIEL-THYM-500") for p in PRODUCTS]
    chat = Chat(products=products)
    reply = chat.send(message)
    assert chat.cart == {} and chat.last.lang == lang
    variants, similar = reply.index("1. Miel de thym 1kg"), reply.index("2. Miel d'euphorbe")
    assert variants < similar
    lines = reply.split("\n")
    heading = lines[lines.index(next(x for x in lines if x.startswith("1. "))) - 1]
    other = lines[lines.index(next(x for x in lines if x.startswith("2. "))) - 1]
    assert heading and not heading[0].isdigit() and other and not other[0].isdigit()
    chat.send("1")                                # the quantity asked is kept
    assert chat.cart == {"MIEL-THYM-1KG": 2}


def test_a_size_is_no_family():
    products = [dict(p, in_stock=p["sku"] != "AMLOU-250") for p in PRODUCTS]
    reply = Chat(products=products).send("bghit amlou 250g")
    assert "Amlou aux amandes 500g" in reply and "Savon" not in reply


# -- 7. a number word picks, it never hands over ---------------------------------------------

@pytest.mark.parametrize("pick", ["raqm 3", "bghit raqm 3", "numéro 3", "رقم 3"])
def test_a_number_word_with_a_number_picks_from_the_list(pick):
    chat = chat_after("lista")
    chat.send(pick)
    assert chat.state == "ordering" and not any(isinstance(a, Handoff) for a in chat.actions)
    chat.send("2")
    assert chat.cart == {"MIEL-EUPH-500": 2}


def test_an_order_with_an_address_holding_handoff_words_is_no_handoff():
    chat = Chat()
    chat.send("bghit 2 ghassoul, smiti Salma, casa derb 3ayto lia raqm 5")
    assert chat.state == "confirm" and not any(isinstance(a, Handoff) for a in chat.actions)


def test_asking_for_a_person_still_hands_over():
    chat = chat_after("bghit 2 ghassoul")
    chat.send("bghit nhder m3a chi wa7ed")
    assert chat.state == "handoff"


# -- 8. the first reply without language cues ---------------------------------------------------

@pytest.mark.parametrize("phone, setting, lang", [
    ("+212612345678", None, "ary-Latn"), ("+212612345678", "fr", "ary-Latn"),
    ("+33612345678", "fr", "fr"), ("+33612345678", "ary-Arab", "ary-Arab"),
    # a number abroad, the cooperative naming no language: its country's ("kessa x2" from a
    # British number was answered in Darija)
    ("+33612345678", None, "fr"), ("+447700900123", None, "en"), ("+34612345678", None, "ary-Latn"),
])
def test_a_voice_note_first_is_answered_in_the_usual_language(phone, setting, lang):
    coop = dict(COOP, settings=dict(COOP["settings"], customer_language=setting))
    chat = Chat(coop=coop, phone=phone)
    chat.send(media="voice")
    assert chat.last.lang == lang
    chat = Chat(coop=coop, phone=phone)
    chat.send("Ghassoul")
    assert chat.last.lang == lang and chat.state == "ordering"


def test_a_product_name_in_arabic_script_alone_is_answered_in_arabic_script():
    chat = Chat()
    chat.send("غاسول")
    assert chat.last.lang == "ary-Arab"


def test_a_district_before_the_street_word_stays_in_the_address():
    chat = chat_after("bghit 2 ghassoul", "safi")
    chat.send("Driss, Meknes, hamria rue 4 n 10")
    details = chat.conv["data"]["details"]
    assert (details["name"], details["city"], details["address"]) == (
        "Driss", "Meknès", "hamria rue 4 n 10")


def test_a_name_given_with_the_order_gives_no_city():
    chat = Chat()
    chat.send("bghit 2 amlou 500g w smiti Rachida")
    assert chat.conv["data"]["details"] == {"name": "Rachida"}


@pytest.mark.parametrize("answers", [
    ["Salma Rabat hay riad zanqa 7"], ["Salma rabat", "hay riad zanqa 7"],
    ["rabat Salma", "hay riad zanqa 7"],
])
def test_a_city_written_next_to_the_name_is_the_city(answers):
    chat = chat_after("bghit 2 ghassoul", "safi")
    for answer in answers:
        chat.send(answer)
    details = chat.conv["data"]["details"]
    assert (details["name"], details["city"], details["address"]) == (
        "Salma", "Rabat", "hay riad zanqa 7")


def test_a_choice_answered_with_its_size_and_another_number_takes_that_number():
    chat = chat_after("I want honey")
    chat.send("the 1kg thyme, 2 please")
    assert chat.cart == {"MIEL-THYM-1KG": 2}


# -- 2. a pin far from the city named is queried ----------------------------------------------

CASA_PIN = {"latitude": 33.58, "longitude": -7.60}


@pytest.mark.parametrize("answer, city", [("iyeh", "Casablanca"), ("la", "Rabat"),
                                          ("oui", "Casablanca"), ("Tanger", "Tanger")])
def test_a_pin_far_from_the_named_city_is_queried(answer, city):
    chat = chat_after("bghit 2 ghassoul", "safi", "Salma, Rabat")
    reply = chat.send(location=CASA_PIN)
    assert chat.state == "confirm_pin_city" and "Casablanca" in reply and "Rabat" in reply
    chat.send(answer)
    assert chat.state == "confirm" and chat.conv["data"]["details"]["city"] == city
    assert chat.conv["data"]["details"]["pin"]


def test_a_pin_near_the_named_city_or_before_it_is_taken():
    chat = chat_after("bghit 2 ghassoul", "safi", "Salma, casa")
    chat.send(location=CASA_PIN)
    assert chat.state == "confirm"
    chat = chat_after("bghit 2 ghassoul", "safi")
    chat.send(location=CASA_PIN)
    chat.send("Salma, Rabat")
    assert chat.state == "confirm_pin_city"


# -- end to end: the stored order --------------------------------------------------------------

def test_everything_in_the_first_message_is_two_turns_to_the_stored_order(twilio, db):
    from tests.conftest import export
    phone = "+212600000077"
    summary = twilio.say("salam, bghit 2 ghassoul, smiti Salma Idrissi, f rabat hay riad "
                         "zanqa 7 raqm 14", phone=phone)
    assert "Salma Idrissi" in summary and "2 × Ghassoul" in summary
    twilio.say("iyeh", phone=phone)
    [order] = export(db)
    assert order["lines"] == [{"sku": "GHASSOUL-200", "quantity": 2, "unit_price": 30.0}]
    assert (order["customer_name"], order["city"], order["address"]) == (
        "Salma Idrissi", "Rabat", "hay riad zanqa 7 raqm 14")


@pytest.mark.parametrize("message, cart", [
    ("smiti Salma, casa hay riad zanqa 7 w 2 amlou 500g", {"AMLOU-500": 2}),
    ("bghit 2 ghassoul, casa hay riad zanqa 7, 1 amlou 250g",
     {"GHASSOUL-200": 2, "AMLOU-250": 1}),
    ("je veux 2 ghassoul, 12 rue des Orangers Casablanca et 1 savon noir",
     {"GHASSOUL-200": 2, "SAVON-NOIR-250": 1}),
])
def test_an_order_written_after_the_address_is_not_swallowed_by_it(message, cart):
    chat = Chat()
    chat.send(message)
    assert chat.cart == cart
    assert chat.conv["data"]["details"]["city"] == "Casablanca"


def test_ordinary_words_after_ana_or_c_est_are_no_name():
    for message in ["ana bghit 2 ghassoul", "c'est pour ma mère, 2 ghassoul",
                    "moi je veux 2 ghassoul", "I'm in Rabat, 2 ghassoul please"]:
        chat = Chat()
        chat.send(message)
        assert chat.cart == {"GHASSOUL-200": 2} and "name" not in chat.conv["data"]["details"]


@pytest.mark.parametrize("first, answer", [
    ("bghit 2 amlou, smiti Salma Idrissi, f rabat hay riad zanqa 7 raqm 14", "1"),
    ("je veux 2 amlou, je m'appelle Salma Idrissi, hay riad zanqa 7 raqm 14, Rabat", "250g"),
])
def test_an_open_choice_with_every_detail_goes_to_the_summary_once_answered(first, answer):
    chat = Chat()
    chat.send(first)
    assert chat.state == "ordering" and chat.cart == {}
    chat.send(answer)
    assert chat.state == "confirm" and chat.cart == {"AMLOU-250": 2}
    chat.send("iyeh")
    assert placed(chat).details["address"].startswith("hay riad zanqa 7 raqm 14")
    assert placed(chat).details["city"] == "Rabat"


@pytest.mark.parametrize("answer, address", [
    ("Amina, temara, wifaq", "wifaq"), ("Amina\nTemara\nwifaq 2 imm 8", "wifaq 2 imm 8"),
    ("أمينة، تمارة، الوفاق", "الوفاق"),
])
def test_a_district_without_street_words_is_the_address_once_name_and_city_are_known(
        answer, address):
    chat = chat_after("bghit 2 ghassoul", "safi")
    chat.send(answer)
    assert chat.state == "confirm"
    assert chat.conv["data"]["details"]["address"] == address


def test_thanks_is_never_an_address():
    chat = chat_after("bghit 2 ghassoul", "safi")
    chat.send("Amina, temara, merci")
    assert chat.state == "ask_address" and "address" not in chat.conv["data"]["details"]


def test_a_new_address_at_the_summary_keeps_the_language():
    chat = at_summary()
    chat.send("12 rue des Orangers, résidence Les Fleurs")
    assert chat.state == "confirm" and chat.last.lang == "ary-Latn"
    assert chat.conv["data"]["details"]["address"] == "12 rue des Orangers, résidence Les Fleurs"


def test_a_question_during_the_details_is_answered_then_everything_missing_asked_again():
    chat = chat_after("bghit 2 ghassoul", "safi")
    reply = chat.send("ch7al livraison l rabat?")
    assert "35 DH" in reply and "lmdina" in reply.lower() and "smitek" in reply.lower()
    assert chat.state == "ask_name" and chat.conv["data"]["details"] == {}


def test_keep_only_one_at_the_summary_shows_the_new_summary():
    chat = at_summary("bghit 3 ghassoul")
    reply = chat.send("khlli ghir wa7da")
    assert chat.state == "confirm" and chat.cart == {"GHASSOUL-200": 1} and "1 × " in reply


@pytest.mark.parametrize("out, message, offered, not_offered", [
    ("SAVON-NOIR-250", "bghit sabon beldi", "Ghassoul 200g", "Miel"),
    ("EAU-ROSE-250", "bghit ma lward", "lista", "1."),
])
def test_similar_products_are_of_the_same_kind_and_else_the_catalog_is_pointed_to(
        out, message, offered, not_offered):
    products = [dict(p, in_stock=p["sku"] != out) for p in PRODUCTS]
    reply = Chat(products=products).send(message)
    assert offered.lower() in reply.lower() and not_offered not in reply


SAVED = {"name": "Samira", "city": "Rabat", "address": "Agdal, rue 5"}


@pytest.mark.parametrize("first", ["bghit 2 ghassoul, smiti Samira", "bghit 2 ghassoul"])
def test_a_returning_customer_is_offered_the_saved_details_with_or_without_the_name(first):
    chat = Chat(customer=SAVED)
    chat.send(first)
    if chat.state == "ordering":
        chat.send("safi")
    assert chat.state == "offer_saved"
    chat.send("wakha")
    assert chat.state == "confirm"
    chat.send("iyeh")
    assert placed(chat).details["address"] == "Agdal, rue 5"


def test_a_returning_customer_with_another_name_or_saying_no_gives_new_details():
    chat = Chat(customer=SAVED)
    chat.send("bghit 2 ghassoul, smiti Karim")
    assert chat.state == "ask_city"
    chat = Chat(customer=SAVED)
    chat.send("bghit 2 ghassoul, smiti Samira")
    chat.send("la")
    assert chat.state == "ask_city" and chat.conv["data"]["details"] == {"name": "Samira"}


def test_a_known_customer_without_saved_details_is_asked_for_them():
    chat = Chat(customer={"name": None, "city": None, "address": None})
    chat.send("bghit 2 ghassoul, smiti Samira")
    assert chat.state == "ask_city"


def test_a_numbered_place_after_a_name_is_the_address_not_a_quantity():
    chat = Chat()
    chat.send("bghit 2 ghassoul, smiti Salma, casa, sidi maarouf 12")
    assert chat.cart == {"GHASSOUL-200": 2} and chat.state == "confirm"
    assert chat.conv["data"]["details"]["address"] == "sidi maarouf 12"


def test_asking_for_an_out_of_stock_product_offers_its_other_sizes_first():
    products = [dict(p, in_stock=p["sku"] != "MIEL-THYM-500") for p in PRODUCTS]
    chat = Chat(products=products)
    reply = chat.send("wach kayn 3sel zaatar 500g?")
    assert reply.index("1. Miel de thym 1kg") < reply.index("2. Miel d'euphorbe")


def test_the_name_is_changed_at_the_summary_and_a_bare_name_in_a_run_on_order_is_kept():
    chat = chat_after("Bonjour, 2 eaux de rose", "c'est tout",
                      "Nadia Amrani, Rabat, Agdal rue Oum Rabii n°6")
    chat.send("pardon, mettez au nom de ma sœur, Loubna Amrani")
    assert chat.state == "confirm" and chat.conv["data"]["details"]["name"] == "Loubna Amrani"
    chat = Chat()
    chat.send("rabat, hay el fath zanqa 3 raqm 15, Youssef Bakkali, 1 zit argan dyal cheveux 250ml")
    assert chat.state == "confirm" and chat.conv["data"]["details"]["name"] == "Youssef Bakkali"
    chat = chat_after("bghit 2 ghassoul", "safi")
    chat.send("Anna Schmidt, Marrakech, Gueliz 5 Rue de la Liberte")
    assert chat.conv["data"]["details"]["name"] == "Anna Schmidt"


def test_a_new_address_at_the_summary_keeps_its_district_and_the_name():
    chat = chat_after("bghit 2 ghassoul", "safi", "Kawtar Sefiani, Tanger, Malabata villa 18")
    chat.send("smahli l'adresse ghalta, c'est Boukhalef résidence Jnane imm 3 appt 10")
    details = chat.conv["data"]["details"]
    assert details["name"] == "Kawtar Sefiani"
    assert details["address"] == "Boukhalef résidence Jnane imm 3 appt 10"


@pytest.mark.parametrize("first, correction, cart", [
    ("Je voudrais 1 huile d'olive 1L", "pardon, 3 pas 1", {"OLIVE-1L": 3}),
    ("I want 1 olive oil 1L", "sorry, make it 2", {"OLIVE-1L": 2}),
    ("bghit 1 amlou kbir", "la smah lia, bghit tlata", {"AMLOU-500": 3}),
    ("3 black soaps please", "wait, just 2", {"SAVON-NOIR-250": 2}),
    ("بغيت واحد غاسول", "لا سمح ليا، بغيت جوج", {"GHASSOUL-200": 2}),
    ("bghit 1 ghassoul w 1 savon noir", "non pardon 2 ghassoul",
     {"GHASSOUL-200": 2, "SAVON-NOIR-250": 1}),
    ("Je voudrais 1 miel d'euphorbe 1kg", "Non annulez, je préfère 2 amlou 500g",
     {"AMLOU-500": 2}),
    ("bghit 1 safran 5g", "non lghi, bghit ghir 1 safran 1g", {"SAFRAN-1G": 1}),
    ("bghit 2 ghassoul", "la, zid 1 ghassoul", {"GHASSOUL-200": 3}),
])
def test_corrections_set_the_quantity_or_start_again(first, correction, cart):
    chat = chat_after(first)
    chat.send(correction)
    assert chat.cart == cart and chat.state == "ordering"


def test_details_after_the_cart_keep_the_language_and_the_last_city_named_wins():
    chat = chat_after("I'd like some olive oil 1L")
    chat.send("Michael Green, Rabat, Souissi, 8 Rue Jbel Tazekka")
    details = chat.conv["data"]["details"]
    assert chat.last.lang == "en" and details["name"] == "Michael Green"
    chat = chat_after("bghit 1 ghassoul", "safi", "Adil Mansouri, sla, hay salam zanqa 3 raqm 9")
    chat.send("la smahli machi sla, rabat, hay salam zanqa 3 raqm 9")
    assert chat.conv["data"]["details"]["city"] == "Rabat" and chat.state == "confirm"


def test_a_digit_inside_an_arabizi_word_is_no_quantity_beside_a_size():
    chat = chat_after("bghit zit zitoun")
    chat.send("wakha 3tini wa7ed dyal 5 litre")
    assert chat.cart == {"OLIVE-5L": 1}


@pytest.mark.parametrize("first, change, cart", [
    ("bghit 1 3sel zaatar kilo", "la bdelha b nss kilo", {"MIEL-THYM-500": 1}),
    ("2 argan oil for hair 100ml please", "actually make them the 250ml ones",
     {"ARGAN-COSM-250": 2}),
    ("je veux 2 amlou 250g", "non, plutôt le 500g", {"AMLOU-500": 2}),
])
def test_a_size_change_swaps_the_line_for_its_other_size_with_its_quantity(first, change, cart):
    chat = chat_after(first)
    chat.send(change)
    assert chat.cart == cart
    chat = chat_after(first, "safi", "Salma, Rabat, hay riad zanqa 7")
    reply = chat.send(change)
    assert chat.cart == cart and chat.state == "confirm" and "📝" in reply


@pytest.mark.parametrize("first, swap, cart", [
    ("bghit couscous jouj", "la bdelhom b ghassoul", {"GHASSOUL-200": 2}),
    ("بغيت جوج غاسول", "لا بدلهم بالصابون البلدي", {"SAVON-NOIR-250": 2}),
    ("bghit 2 ghassoul", "zid 1 savon beldi", {"GHASSOUL-200": 2, "SAVON-NOIR-250": 1}),
    # a size that picks the new product is no count (it came in beside the old line)
    ("bghit couscous jouj", "la bdelhom b ghassoul 200g", {"GHASSOUL-200": 2}),
    ("bghit 2 amlou 250g", "la bdelhom b 3sel zaatar 500g", {"MIEL-THYM-500": 2}),
    ("je veux 2 amlou 250g", "non, changez-les par le miel de thym 500g", {"MIEL-THYM-500": 2}),
])
def test_a_swap_after_no_takes_the_quantity_of_the_line_it_replaces(first, swap, cart):
    chat = chat_after(first)
    chat.send(swap)
    assert chat.cart == cart


@pytest.mark.parametrize("done", ["thats all", "cest tout", "thats it"])
def test_thats_all_without_an_apostrophe_goes_to_delivery(done):
    chat = chat_after("I want 2 ghassoul")
    chat.send(done)
    assert chat.state == "ask_name"


@pytest.mark.parametrize("first, details, yes", [
    ("bghit 2 ghassoul", "Salma, Rabat, hay riad zanqa 7", "iyeh"),
    ("je veux 2 ghassoul", "Nadia\nCasablanca\n12 rue Ibn Batouta", "oui"),
    ("I want 2 ghassoul", "John Smith, Rabat, 5 avenue Hassan II", "yes"),
    ("بغيت جوج غاسول", "سلمى، الرباط، حي الرياض زنقة 7", "إيه"),
])
def test_the_cart_asks_for_more_or_the_details_so_three_messages_make_an_order(
        first, details, yes):
    chat = Chat()
    reply = chat.send(first)
    assert chat.state == "ordering" and ("?" in reply or "؟" in reply)
    chat.send(details)
    assert chat.state == "confirm"
    chat.send(yes)
    assert placed(chat).lines[0]["quantity"] == 2


def test_a_returning_customer_is_not_asked_for_details_with_the_cart():
    chat = Chat(customer=SAVED)
    reply = chat.send("bghit 2 ghassoul")
    assert "l3onwan" not in reply.lower()


@pytest.mark.parametrize("first, order, done, details, name, city", [
    ("Salut, vous livrez à Meknès ?", "je veux 2 ghassoul", "c'est tout",
     "Houda Lamrani, Hamria rue 4 n°10", "Houda Lamrani", "Meknès"),
    ("Hello, I live in Tangier, do you deliver there?", "I want 2 ghassoul", "that's all",
     "Sara Benali, 18 Rue Ibn Battouta", "Sara Benali", "Tanger"),
    ("salam, Khadija Bennani, rabat", "bghit 2 ghassoul", "safi",
     "hay riad zanqa 7 raqm 14", "Khadija Bennani", "Rabat"),
])
def test_a_city_named_before_the_order_is_kept_for_the_delivery(
        first, order, done, details, name, city):
    chat = chat_after(first, order, done)
    chat.send(details)                             # the city is not asked again
    assert chat.state == "confirm", chat.last.replies
    assert chat.conv["data"]["details"]["name"] == name
    assert chat.conv["data"]["details"]["city"] == city


def test_a_city_asked_about_is_replaced_by_the_one_in_the_delivery_answer():
    chat = chat_after("vous livrez à Meknès ?", "je veux 2 ghassoul", "c'est tout")
    chat.send("Houda Lamrani, Fès, Hay Saada rue 4 n°10")
    assert chat.state == "confirm" and chat.conv["data"]["details"]["city"] == "Fès"


@pytest.mark.parametrize("first, name", [
    ("2 ghassoul please — Salma Idrissi, Rabat, 12 rue des Orangers", "Salma Idrissi"),
    ("je veux 2 ghassoul - Karim Bennani, Rabat, 12 rue des Orangers", "Karim Bennani"),
    ("bghit 2 ghassoul –Youssef Tazi, rabat, hay riad zanqa 7 raqm 14", "Youssef Tazi"),
])
def test_a_name_after_a_dash_in_a_run_on_order_is_the_name(first, name):
    chat = Chat()
    chat.send(first)                               # "Fatima-Ezzahra" stays one name
    assert chat.state == "confirm", chat.last.replies
    assert chat.conv["data"]["details"]["name"] == name and chat.cart == {"GHASSOUL-200": 2}


def test_a_name_spelled_like_a_word_inside_a_question_cue_is_kept():
    chat = Chat()
    chat.send("I want 2 ghassoul, Liam Carter, Rabat, 12 rue des Orangers")
    assert chat.state == "confirm", chat.last.replies
    assert chat.conv["data"]["details"]["name"] == "Liam Carter"


def test_an_english_order_for_someone_at_a_hotel_goes_to_the_summary():
    chat = Chat(products=read_csv("tests/data/catalog_atlas_en.csv"))
    chat.send("Hi! Two saffron threads 2g for Emma Brown, Palm Plaza hotel, Ibn Sina street, "
              "Agadir please")
    assert chat.state == "confirm", chat.last.replies
    details = chat.conv["data"]["details"]
    assert (details["name"], details["city"]) == ("Emma Brown", "Agadir")
    chat.send("yes")
    assert placed(chat).lines[0]["quantity"] == 2


@pytest.mark.parametrize("details, name, city, address", [
    ("Nadia Berrada Meknes hamria rue 4 n 10", "Nadia Berrada", "Meknès", "hamria rue 4 n 10"),
    ("Omar Tazi Agadir Inezgane rue 8 n 3", "Omar Tazi", "Agadir", "Inezgane rue 8 n 3"),
])
def test_a_name_then_a_city_without_commas_after_the_cart_are_both_read(
        details, name, city, address):
    chat = chat_after("bghit 2 ghassoul")          # an SMS customer writes no commas
    chat.send(details)
    assert chat.state == "confirm", chat.last.replies
    got = chat.conv["data"]["details"]
    assert (got["name"], got["city"], got["address"]) == (name, city, address)


@pytest.mark.parametrize("first, lang", [
    ("Bonjour, livraison à Agadir svp", "fr"), ("Hello, do you deliver to Agadir", "en"),
    ("Hi, livraison l agadir?", "en"),
])
def test_a_first_message_opening_with_a_greeting_is_answered_in_its_language(first, lang):
    chat = Chat(phone="+212612345678")
    chat.send(first)
    assert chat.last.lang == lang


def test_hey_opening_an_order_is_no_address():
    chat = Chat()
    chat.send("hey can I get 2 ghassoul")
    assert chat.cart == {"GHASSOUL-200": 2} and chat.last.lang == "en"


def test_a_name_after_a_sentence_end_is_read_with_the_order():
    chat = Chat()
    chat.send("Bonjour, 2 ghassoul et un savon noir, c tout. Laila Ben Abdeljalil, "
              "18 rue Patrice Lumumba, Rabat")
    assert chat.state == "confirm"
    assert chat.conv["data"]["details"]["name"] == "Laila Ben Abdeljalil"


def test_a_house_number_in_the_details_answer_is_no_quantity_change():
    chat = chat_after("bghit 1 ghassoul")
    chat.send("Samir El Bouzidi, Meknes, marjane 2 n 41")
    assert chat.state == "confirm" and chat.cart == {"GHASSOUL-200": 1}
    details = chat.conv["data"]["details"]
    assert (details["name"], details["city"], details["address"]) == (
        "Samir El Bouzidi", "Meknès", "marjane 2 n 41")


def test_ih_is_yes_at_the_summary():
    chat = chat_after("bghit 1 ghassoul", "Samir Alaoui, Rabat, hay riad zanqa 4 n 2")
    chat.send("ih")
    placed(chat)


@pytest.mark.parametrize("first, details, name", [
    ("I'd like the small argan oil for hair", "Nadia Ben Amar, Fes, 10 Rue Abou Inane",
     "Nadia Ben Amar"),
    ("بغيت الغاسول", "محمد أمين بنعيسى، طنجة، حي البرانص زنقة 9 رقم 2",
     "محمد أمين بنعيسى"),
])
def test_how_many_answered_with_the_address_takes_one_and_says_so(first, details, name):
    chat = Chat()
    chat.send(first)
    assert chat.conv["data"]["queue"]
    reply = chat.send(details)
    assert chat.state == "confirm" and list(chat.cart.values()) == [1]
    assert chat.conv["data"]["details"]["name"] == name
    assert "1 ×" in reply and ("one" in reply or "واحد" in reply)


@pytest.mark.parametrize("answer, name", [
    ("Mohamed Ben Ali, casa, sidi maarouf zanqa 3 n 7", "Mohamed Ben Ali"),    # particles
    ("Youssef El Amrani, Marrakech, gueliz rue 5 n 12", "Youssef El Amrani"),
    ("M. Rachid Alaoui, Rabat, 3 rue Oqba", "Rachid Alaoui"),        # "M." no sentence end
    ("Mr. Rachid Alaoui, Rabat, 3 rue Oqba", "Rachid Alaoui"),
    ("livraison à Rabat, 3 rue Oqba Agdal, au nom de Karim Tazi", "Karim Tazi"),   # no question
    ("Deliver to: John Smith, 5 rue Patrice Lumumba, Rabat", "John Smith"),
    ("Karim Tazi 0612345678 casa maarif zanqa 3 n 5", "Karim Tazi"),            # a phone number
])
def test_the_details_answer_gives_the_name_and_goes_to_the_summary(answer, name):
    chat = chat_after("je veux 2 ghassoul")
    chat.send(answer)
    assert chat.state == "confirm" and chat.conv["data"]["details"]["name"] == name


ATLAS = read_csv(Path(__file__).resolve().parent / "data" / "catalog_atlas_en.csv")


def test_the_big_one_after_a_list_of_sizes_is_the_biggest():
    chat = chat_after("Hi! Do you have argan oil for hair?", products=ATLAS)
    chat.send("the big one please")
    chat.send("Sofia Rossi, Essaouira, 8 Rue Chbanate")
    assert chat.cart == {"ARG-HAIR-100": 1}


@pytest.mark.parametrize("done", ["that's everything", "just that"])
def test_that_s_everything_ends_the_basket(done):
    chat = chat_after("one thyme honey and one saffron", products=ATLAS)
    reply = chat.send(done)
    assert "name" in reply.lower() and chat.state != "ordering"


@pytest.mark.parametrize("question, then, cart", [
    ("hi, is the amlou homemade?", "great, I'll take one", {"AML-300": 1}),
    ("Can I get argan oil for cooking?", "2 bottles", {"ARG-COOK-250": 2}),
])
def test_after_a_question_about_a_product_a_quantity_orders_it(question, then, cart):
    chat = chat_after(question, products=ATLAS)
    chat.send(then)
    assert chat.cart == cart


def test_a_pin_whose_label_names_the_city_gives_the_city():
    chat = chat_after("I'd like 2 ghassoul")
    chat.send(location={"latitude": 31.6295, "longitude": -7.9811,
                        "address": "Riad Yasmine, Marrakech"})
    assert chat.conv["data"]["details"]["city"] == "Marrakech"
    chat.send("Nina Roberts")
    assert chat.state == "confirm"


def test_details_naming_a_hotel_after_the_details_question_are_no_off_topic_question():
    chat = chat_after("1 ghassoul please")
    chat.send("Sam Hill, Chefchaouen, Hotel Parador, Place Outa el Hammam")
    details = chat.conv["data"]["details"]
    assert chat.state == "confirm" and details["name"] == "Sam Hill"
    assert details["city"] == "Chefchaouen"


@pytest.mark.parametrize("first, answer, sku", [
    ("bghit zit argan dyal lmakla", "250", "ARGAN-ALIM-250"),
    ("bghit jouj dyal zit beldia", "litre", "OLIVE-1L"),
    ("bghit 3sel zaatar", "kilo", "MIEL-THYM-1KG"),
])
def test_which_one_answered_with_a_size_alone_picks_that_size(first, answer, sku):
    chat = chat_after(first)
    chat.send(answer)
    assert sku in chat.cart or any(q.get("sku") == sku for q in chat.conv["data"]["queue"])


@pytest.mark.parametrize("answer, name, city, address", [
    ("Aziz casa sidi moumen z 12 n 8", "Aziz", "Casablanca", "sidi moumen z 12 n 8"),
    ("Said marrakech massira 3 n 15", "Said", "Marrakech", "massira 3 n 15"),
])
def test_sms_details_without_commas_are_split_at_the_city(answer, name, city, address):
    chat = chat_after("bghit 1 ghassoul")
    chat.send(answer)
    details = chat.conv["data"]["details"]
    assert chat.state == "confirm"
    assert (details["name"], details["city"], details["address"]) == (name, city, address)


def test_a_city_asked_about_before_completes_the_name_and_address():
    chat = chat_after("السلام عليكم، واش كاين التوصيل لأكادير؟", "مزيان، بغيت جوج غاسول")
    chat.send("سميتي نادية آيت حمو، حي الهدى زنقة 5 رقم 21")
    details = chat.conv["data"]["details"]
    assert chat.state == "confirm" and details["city"] == "Agadir"
    assert details["name"] == "نادية آيت حمو"


@pytest.mark.parametrize("done", ["هادشي", "hadchi"])
def test_hadchi_alone_ends_the_basket(done):
    chat = chat_after("bghit 3 ghassoul")
    chat.send(done)
    assert chat.state.startswith("ask_")


@pytest.mark.parametrize("fix, name", [("smiya ghalta, rah Nadia Benali", "Nadia Benali"),
                                       ("wrong name, it is Nadia Benali", "Nadia Benali")])
def test_a_name_said_to_be_wrong_is_replaced_by_the_right_one(fix, name):
    chat = chat_after("bghit 2 ghassoul", "Nadia Alami, Rabat, hay riad zanqa 3 n 4")
    chat.send(fix)
    assert chat.state == "confirm" and chat.conv["data"]["details"]["name"] == name


def test_the_other_size_said_while_how_many_is_open_switches_the_size():
    chat = chat_after("bghit amlou kbir")
    chat.send("la smeh lia, sghir")
    chat.send("Nadia Alami, Rabat, hay riad zanqa 3 n 4")
    assert chat.cart == {"AMLOU-250": 1}


def test_a_swap_to_the_other_size_at_the_summary_replaces_that_size():
    chat = chat_after("bghit 1 amlou 500 w 1 ghassoul, Yassine Amrani, Oujda, hay andalous n 14")
    assert chat.state == "confirm"
    chat.send("la sm7li, bdel amlou b jouj dyal 250")
    assert chat.state == "confirm" and chat.cart == {"AMLOU-250": 2, "GHASSOUL-200": 1}


def test_a_question_at_the_end_of_a_full_order_is_answered_and_the_order_kept():
    chat = Chat(products=ATLAS)
    reply = chat.send("Hello, I would like to order two jars of amlou and three bars of black "
                      "soap, to be delivered to Rabat, Hay Riad, Avenue Annakhil, Immeuble 5, "
                      "my name is Peter Novak. Can I pay cash?")
    assert chat.state == "confirm" and chat.cart == {"AML-300": 2, "BSOAP-200": 3}
    assert "cash" in reply.lower()


def test_a_price_asked_beside_a_delivery_question_is_answered_too():
    chat = Chat(products=ATLAS)
    reply = chat.send("Hi there! Do you ship to Essaouira? And how much is the argan oil for "
                      "cooking?")
    assert "140" in reply
    chat.send("ok great, I'll take two of those then")
    assert chat.cart == {"ARG-COOK-250": 2}


@pytest.mark.parametrize("answer", ["the 1L one, two", "the big one, two bottles"])
def test_one_after_a_size_is_the_product_and_the_number_after_it_the_quantity(answer):
    chat = Chat(products=ATLAS)
    chat.send("Hey, I want the olive oil")
    chat.send(answer)
    assert chat.cart == {"OLV-1L": 2}


@pytest.mark.parametrize("done", ["just those", "ghir hadou", "juste ça", "غير هادو"])
def test_only_those_ends_the_basket(done):
    chat = chat_after("bghit 2 ghassoul")
    chat.send(done)
    assert chat.state.startswith("ask_")


def test_a_city_spelled_like_a_darija_word_gives_no_language():
    chat = Chat()
    reply = chat.send("bjr 3 savon noir 1 ghassoul Mounia Kabbaj Safi hay kawki n 22")
    assert chat.last.lang == "fr" and chat.state == "confirm"
    assert "Mounia Kabbaj" in reply


@pytest.mark.parametrize("first, swap, cart", [
    ("بغيت جوج غاسول، سميتي سناء، الرباط، حي الرياض زنقة 3 رقم 4",
     "لا سمح ليا، بدل واحد منهم بصابون بلدي", {"GHASSOUL-200": 1, "SAVON-NOIR-250": 1}),
    ("bghit 3 amlou kbar, smiti Sanae Tazi, Rabat, hay riad zanqa 3 n 4",
     "bdel wa7ed menhom b ghassoul", {"AMLOU-500": 2, "GHASSOUL-200": 1}),
])
def test_swapping_one_of_them_takes_only_one_out(first, swap, cart):
    chat = chat_after(first)
    chat.send(swap)
    assert chat.state == "confirm" and chat.cart == cart


@pytest.mark.parametrize("yes", ["ok merci", "wakha choukran", "ok thanks"])
def test_a_yes_with_thanks_at_the_summary_confirms(yes):
    chat = chat_after("bghit 2 ghassoul, Nadia Alami, Rabat, hay riad zanqa 3 n 4")
    assert chat.state == "confirm"
    chat.send(yes)
    assert placed(chat).lines[0]["quantity"] == 2


def test_a_size_and_a_count_after_the_list_of_sizes_is_that_many():
    chat = Chat(products=ATLAS)
    chat.send("do you have olive oil?")
    chat.send("500ml please, 3 bottles")
    assert chat.cart == {"OLV-500": 3}


@pytest.mark.parametrize("first", ["I want 2 amlou. Actually, make it 3",
                                   "je veux 2 amlou, non pardon 3"])
def test_a_quantity_corrected_in_the_same_message_is_the_last_one(first):
    chat = Chat(products=ATLAS)
    chat.send(first)
    assert chat.cart == {"AML-300": 3}


@pytest.mark.parametrize("first", ["2 amlou and a rose water. hmm no rose water, only the amlou",
                                   "2 amlou et une eau de rose, ah non pas d'eau de rose, "
                                   "juste l'amlou"])
def test_a_product_named_again_without_a_quantity_keeps_its_quantity(first):
    chat = Chat(products=ATLAS)
    chat.send(first)
    assert chat.cart == {"AML-300": 2}


BELDI = read_csv(Path(__file__).resolve().parent / "data" / "catalog_beldi_ar.csv")
TAFILALET = read_csv(Path(__file__).resolve().parent / "data" / "catalog_tafilalet.csv")


def test_an_order_with_a_question_about_the_products_keeps_the_order():
    chat = Chat(products=BELDI)
    chat.send("السلام عليكم، عافاك بغيت لتر ديال الزيت البلدية و جوج صابون بلدي، و واش "
              "عندكم الشباكية؟")
    assert chat.cart == {"ZIT-1L": 1, "SABON": 2}


def test_a_product_added_with_a_quantity_answers_its_pending_how_many():
    chat = Chat(products=BELDI)
    chat.send("بغيت جوج صابون بلدي و غاسول و الشباكية")
    chat.send("زيد كيلو ديال الشباكية")
    assert chat.cart == {"SABON": 2, "CHBK": 1}
    assert [q["sku"] for q in chat.conv["data"]["queue"]] == ["GHAS"]


@pytest.mark.parametrize("first, then, cart", [
    # a measure after a price answer is of that product, beside another one
    ("Bonjour, avez-vous des dattes Medjool ? Quel est le prix du kilo ?",
     "Je vais prendre 2 kilos et un cumin", {"DATTES-MAJ-1KG": 2, "CUMIN-100": 1}),
    # a vague product with one size in the basket is that line
    ("Bonsoir, je voudrais de l'eau de rose, la grande bouteille, et du miel de caroube",
     "deux eaux de rose et un miel", {"EAU-ROSE-500": 2, "MIEL-CAROUBE-500": 1}),
])
def test_a_second_message_is_read_with_the_product_just_discussed(first, then, cart):
    chat = Chat(products=TAFILALET)
    chat.send(first)
    chat.send(then)
    assert chat.cart == cart


def test_a_count_after_one_sizes_price_is_of_that_size_beside_another_product():
    """Only the 5 g's price was asked and shown: "3tini wa7ed" is one of those, not a
    "which size?" lost behind the cumin."""
    chat = Chat(products=read_csv(Path(__file__).resolve().parent / "data" / "catalog_safran.csv"))
    chat.send("ch7al za3fran dyal 5 gram?")
    chat.send("ok 3tini wa7ed w zid kamoun 2")
    assert chat.cart == {"SAFRAN-TAL-5G": 1, "CUMIN-100": 2}


@pytest.mark.parametrize("answer, sku", [("the smaller one", "OLV-500"),
                                         ("the larger one", "OLV-1L"),
                                         ("the cheaper one", "OLV-500")])
def test_which_one_answered_with_the_smaller_one_keeps_the_quantity_said(answer, sku):
    chat = Chat(products=ATLAS)
    chat.send("2 olive oil please")
    chat.send(answer)
    assert chat.cart == {sku: 2}


# -- fourth round: nothing kept in mind becomes a line by itself ------------------------------

@pytest.mark.parametrize("ask", ["I need a gift for my mother… what would you suggest?",
                                 "Bonjour, je cherche un coffret cadeau, que me conseillez-vous ?",
                                 "bghit hdiya l mama, chno tnse7ni?"])
def test_a_product_named_in_a_request_for_advice_is_kept_in_mind_not_added(ask):
    chat = Chat(products=ATLAS)
    chat.send(ask)
    assert chat.cart == {}
    assert chat.conv["data"]["queue"][0].get("soft")
    chat.send("I'll take the gift box")
    assert chat.cart == {"GIFT-BOX": 1}


def test_naming_a_product_kept_in_mind_again_orders_it_once():
    chat = Chat(products=ATLAS)
    chat.send("I need a gift for my mother… what would you suggest?")
    chat.send("Could I order the gift box?")
    assert chat.cart == {"GIFT-BOX": 1}
    chat = Chat(products=ATLAS)
    chat.send("Could I order the gift box?")
    assert chat.cart == {"GIFT-BOX": 1}


@pytest.mark.parametrize("details, name, in_address", [
    ("Karim Alaoui, Casablanca, 12 rue 5, Maarif. Bab Doukkala", "Karim Alaoui", "Bab Doukkala"),
    ("Karim Alaoui, Marrakech, derb 12 n 4. Ain Itti", "Karim Alaoui", "Ain Itti"),
])
def test_a_place_after_a_full_stop_is_the_address_not_the_name(details, name, in_address):
    chat = Chat(products=ATLAS)
    chat.send("I'd like the gift box please")
    chat.send(details)
    assert chat.conv["data"]["details"].get("name") == name
    assert in_address in chat.conv["data"]["details"]["address"]


@pytest.mark.parametrize("details", ["Riad Kniza, 34 Derb Lalla Azzouna, Marrakech",
                                     "Hotel Atlas Medina, avenue Mohammed V, Marrakech",
                                     "Dar Moha, 81 rue Dar el Bacha, Marrakech"])
def test_a_guest_house_or_hotel_begins_the_address_not_the_name(details):
    chat = Chat(products=ATLAS)
    chat.send("I'd like the gift box please")
    chat.send(details)
    stored = chat.conv["data"]["details"]
    assert not stored.get("name")
    assert details.split(",")[0] in stored["address"]
    assert chat.state != "confirm"


@pytest.mark.parametrize("first, cart", [
    # "by the kilo" asks how it is sold; the "1kg" after it is the one line, not a second
    ("Hi! Do you sell wildflower honey by the kilo? I'd like 1kg and a 50ml argan oil for my "
     "hair", {"WF-1KG": 1, "ARG-HAIR-50": 1}),
    # "the 500 one" is the size, never 500 bottles
    ("hey can I order the olive oil, the 500 one, 2 of them and also one cooking argan oil",
     {"OLV-500": 2, "ARG-COOK-250": 1}),
    ("I'd like the olive oil, the 500 one please", {"OLV-500": 1}),
])
def test_a_measure_said_twice_or_a_bare_size_is_no_extra_quantity(first, cart):
    chat = Chat(products=ATLAS)
    chat.send(first)
    assert chat.cart == cart


def test_a_product_asked_about_beside_another_topic_is_kept_in_mind():
    chat = Chat(products=ATLAS)
    chat.send("Hello, is your amlou homemade? And how long does delivery to Fes take?")
    assert chat.cart == {}
    chat.send("Lovely, I'd like 2 jars then")
    assert chat.cart == {"AML-300": 2}


def test_a_cued_name_as_the_last_sentence_after_the_address_is_the_name():
    chat = Chat(products=ATLAS)
    chat.send("Hiya, can I have the thyme honey x3 please? Delivering to my flat in Casablanca - "
              "27 Rue Jean Jaures, Gauthier, 4th floor. It's Harry Wood")
    details = chat.conv["data"]["details"]
    assert details["name"] == "Harry Wood"
    assert "Harry" not in details["address"]


def test_details_after_a_colon_are_read_as_details():
    chat = Chat(products=ATLAS)
    chat.send("Is the argan oil for cooking organic? My sister wants one")
    chat.send("ok great, send one to her please: Zineb Tazi, Oujda, 6 Rue Ibn Khaldoun")
    details = chat.conv["data"]["details"]
    assert (details.get("name"), details.get("city")) == ("Zineb Tazi", "Oujda")


def test_a_hotel_the_parcel_goes_to_is_no_wholesale_question():
    chat = Chat(products=ATLAS)
    reply = chat.send("Hey! Could you ship a couple jars of amlou and one bottle of the cooking "
                      "argan oil to my hotel? Hotel Le Medina, 10 Avenue Hassan II, Fes. "
                      "Name is Michael Brown")
    assert chat.cart == {"AML-300": 2, "ARG-COOK-250": 1}
    assert chat.state == "confirm"
    assert "large order" not in reply


@pytest.mark.parametrize("first", [
    "Hiya, can I have 2 amlou please? Casablanca, 27 Rue Jean Jaures, Gauthier",
    "Cheers, 2 amlou please, Casablanca, 27 Rue Jean Jaures, Maarif",
])
def test_a_greeting_before_the_order_is_never_the_name(first):
    chat = Chat(products=ATLAS)
    chat.send(first)
    assert not chat.conv["data"]["details"].get("name")
    assert chat.state != "confirm"


def test_a_name_given_while_which_one_is_pending_is_kept_not_taken_from_the_address():
    """"that's all" with a "which one?" open, then the name, the city and the address one by
    one: the name is the one written, never the quarter at the head of the address."""
    chat = Chat(products=read_csv(Path(__file__).resolve().parent / "data"
                                  / "catalog_cosmetique.csv"))
    chat.send("I want black soap and a ghassoul")
    chat.send("that's all")
    chat.send("Laila Amrani")
    chat.send("the eucalyptus one")
    chat.send("Tangier")
    chat.send("Malabata, residence Nour apt 5")
    assert chat.cart == {"SAVON-BELDI-EUC": 1, "GHASSOUL-250": 1}
    assert chat.conv["data"]["details"].get("name") == "Laila Amrani"


DATTES = read_csv(Path(__file__).resolve().parent / "data" / "catalog_dattes.csv")


def test_a_size_beside_another_product_does_not_answer_which_one():
    # after the price list of both Mejhoul sizes, "2 kg de mejhoul et 500g d'amandes": the
    # 500g is the almonds', not a second line of Mejhoul 500g
    chat = Chat(products=DATTES)
    chat.send("Bonjour, c'est combien les dattes Mejhoul ?")
    chat.send("ok donnez-moi 2 kg de mejhoul et 500g d'amandes beldi")
    assert chat.cart == {"MEJHOUL-1KG": 2, "AMANDE-BELDI-500": 1}


def test_a_size_change_with_a_count_takes_that_count():
    # "make it one jar of the 500g instead" kept the two jars of 250g as two of 500g
    chat = Chat(products=DATTES)
    chat.send("I want 2 jars of almond amlou 250g")
    chat.send("sorry, make it one jar of the 500g instead")
    assert chat.cart == {"AMLOU-AMANDE-500": 1}


HALWA = read_csv(Path(__file__).resolve().parent / "data" / "catalog_halwa.csv")


def test_an_uncounted_product_beside_counted_ones_with_the_details_is_one():
    # everything in one message: the louiza without a count is one, shown at the summary,
    # not a "how many?" that the customer's "ايه" answered by accident
    chat = Chat(products=HALWA)
    chat.send("عافاك 3 ربطات نعناع و باكية فليو و لويزة، "
              "سميتي فاطمة الزهراء، مكناس، البساتين رقم 9")
    assert chat.cart == {"NAANAA-BOTTE": 3, "FLIYO-50": 1, "LOUIZA-50": 1}
    assert chat.state == "confirm"


ZITMIEL = read_csv(Path(__file__).resolve().parent / "data" / "catalog_zitmiel.csv")


def test_a_size_named_after_the_out_of_stock_list_picks_that_option():
    # the 500g is out: "alors le pot de 1kg" picks the 1kg offered first (it was not understood)
    chat = Chat(products=ZITMIEL)
    chat.send("Je voudrais du miel de fleur d'oranger 500g")
    chat.send("alors le pot de 1kg")
    assert chat.cart == {"MIEL-ORANGER-1KG": 1}


def test_a_size_change_with_a_spelled_count_takes_that_count():
    # "bdelhom b wa7ed dyal kilo": one pot of 1kg, not the two of 500g made two of 1kg
    chat = Chat(products=ZITMIEL)
    chat.send("salam bghit 2 smen dyal 500g")
    chat.send("la smh lia, bdelhom b wa7ed dyal kilo")
    assert chat.cart == {"SMEN-POT-1KG": 1}


@pytest.mark.parametrize("messages, correction, cart", [
    (["bghit 2 smen 500g", "safi"], "la, bghit wa7ed machi jouj", {"SMEN-POT-500": 1}),
    (["بغيت جوج عسل الدغموس", "صافي"], "لا، بغيت واحد ماشي جوج", {"MIEL-DAGHMOUS-500": 1}),
])
def test_a_count_correction_at_a_delivery_step_is_no_name_or_address(messages, correction, cart):
    # it was stored as the name (or the address) and the two jars stayed
    chat = Chat(products=ZITMIEL)
    for message in messages:
        chat.send(message)
    chat.send(correction)
    assert chat.cart == cart
    assert not chat.conv["data"]["details"].get("name")
    assert not chat.conv["data"]["details"].get("address")


@pytest.mark.parametrize("change, qty", [
    ("la, bghit jouj dyal 5 litre", 2),
    ("لا، بغيت جوج ديال 5 لتر", 2),
    ("لا، بغيت جوج بيدونات ديال 5 لتر", 2),
    ("لا، بغيت ديال 5 لتر", 1),
])
def test_a_size_change_after_anything_else_is_not_no_more(change, qty):
    """1 × the 1L in the basket, "anything else?": "la, bghit jouj dyal 5 litre" changes the
    line to the 5 L (with the count said), where it used to read "no, nothing more" and go
    to the details with the 1L still in the basket."""
    chat = Chat(products=ZITMIEL)
    chat.send("بغيت واحد زيت العود لتر")
    assert chat.cart == {"HUILE-OLIVE-1L": 1}
    chat.send(change)
    assert chat.cart == {"HUILE-OLIVE-5L": qty} and chat.state == "ordering"


FTOUR = read_csv(Path(__file__).resolve().parent / "data" / "catalog_r7mix_ftour.csv")


def ftour_summary(*messages):
    chat = Chat(products=FTOUR)
    for message in messages + ("safi", "Hajar Bennis, meknes, hay zitoune zanqa 5 raqm 22"):
        chat.send(message)
    assert chat.state == "confirm"
    return chat


@pytest.mark.parametrize("more", ["zid wa7ed dyal msemen 3afak", "add one more msemen",
                                  "ajoutez un msemen"])
def test_one_more_of_a_vague_product_is_the_one_in_the_basket(more):
    # msemen nature and msemen farci: "zid wa7ed msemen" with the nature one in the basket
    # is one more of it, not "which msemen?" (which a "yes" then dropped)
    chat = ftour_summary("bghit 2 paquets msemen nature w wa7ed harcha")
    chat.send(more)
    assert chat.cart == {"MSEMEN-NAT-10": 3, "HARCHA-8": 1} and chat.state == "confirm"


AZIR = read_csv(Path(__file__).resolve().parent / "data" / "catalog_r7mix_azir.csv")


@pytest.mark.parametrize("products, first, change, cart", [
    # the line with other sizes, not the batbout added last (it has no other size)
    (FTOUR, "Hi, I'd like the dried tomatoes, the small jar, and 1 pack of batbout",
     "make it the big one", {"TOMATE-SECHE-500": 1, "BATBOUT-12": 1}),
    # the product named again in another size "instead": the line becomes it, its count kept
    (AZIR, "Bonjour, je voudrais 2 louiza 50g et une chiba",
     "Finalement mettez la louiza de 100g à la place", {"LOUIZA-100": 2, "CHIBA-50": 1}),
    (AZIR, "bghit 2 louiza 50g w wa7ed chiba", "la, bdelha b louiza 100g",
     {"LOUIZA-100": 2, "CHIBA-50": 1}),
])
def test_a_size_change_at_the_summary_changes_the_line_that_has_that_size(
        products, first, change, cart):
    chat = Chat(products=products)
    for message in (first, "that's all", "Emma Clarke, Marrakech, Riad Zitoun Lakdim 48"):
        chat.send(message)
    assert chat.state == "confirm"
    chat.send(change)
    assert chat.cart == cart and chat.state == "confirm"


def test_a_product_in_another_size_said_as_more_is_a_second_line():
    chat = Chat(products=AZIR)
    chat.send("bghit 2 louiza 50g")
    chat.send("w zid wa7ed louiza 100g")
    assert chat.cart == {"LOUIZA-50": 2, "LOUIZA-100": 1}


def test_new_delivery_details_at_the_summary_take_the_name_written_with_them():
    # the city and the address changed, the name "Fatima Alaoui" between them was lost
    chat = Chat(products=FTOUR)
    for message in ("Bonjour 2 tomates séchées 250g", "c'est tout",
                    "Omar Alaoui, Meknès, Hamria rue 3 n°2"):
        chat.send(message)
    reply = chat.send("changer la ville : c'est pour ma mère à Fès, Fatima Alaoui, "
                      "Batha derb 5 n°9")
    details = chat.conv["data"]["details"]
    assert chat.state == "confirm" and "Fatima Alaoui" in reply
    assert (details["name"], details["city"]) == ("Fatima Alaoui", "Fès")
    assert "derb 5" in details["address"]


@pytest.mark.parametrize("change, qty", [
    ("dir 2 mn kol wa7da", 2), ("جوج من كل وحدة", 2), ("make it 2 of each", 2),
    ("3 de chaque svp", 3), ("zid wa7ed mn kol wa7da", 2),
])
def test_a_count_of_each_sets_every_line_at_the_summary(change, qty):
    # it was not understood, the summary shown again unchanged, and the "yes" placed 1 + 1
    chat = Chat(products=AZIR)
    for message in ("bghit louiza 50g w chiba", "safi", "safi",
                    "Imane Tazi, kenitra, hay lkhir zanqa 14 raqm 6"):
        chat.send(message)
    assert chat.state == "confirm" and chat.cart == {"LOUIZA-50": 1, "CHIBA-50": 1}
    reply = chat.send(change)
    assert chat.cart == {"LOUIZA-50": qty, "CHIBA-50": qty} and chat.state == "confirm"
    assert f"{qty} × " in reply


@pytest.mark.parametrize("completed", ["Amine Lahlou pardon, nom complet",
                                       "sorry, Amine Lahlou", "Amine Lahlou"])
def test_the_first_name_completed_at_the_summary_is_the_full_name(completed):
    # it was read as an unknown product ("complet") and the summary kept "Amine"
    chat = Chat(products=AZIR)
    for message in ("bonjour bghit 2 zaatar", "safi", "smiti Amine, Fès, hay tghat rue 4 n 9"):
        chat.send(message)
    assert chat.conv["data"]["details"]["name"] == "Amine"
    reply = chat.send(completed)
    assert chat.state == "confirm" and chat.conv["data"]["details"]["name"] == "Amine Lahlou"
    assert "Amine Lahlou" in reply and chat.cart == {"ZAATAR-SEC-100": 2}


@pytest.mark.parametrize("answer", ["the plain one", "the stuffed one", "la nature",
                                    "lm3amer"])
def test_the_one_picked_from_a_choice_keeps_the_count_said_with_the_product(answer):
    # "2 packs of msemen" — "which one?" — "the plain one": two packs, not one
    chat = Chat(products=FTOUR)
    chat.send("Hi, 2 packs of msemen and 1 jar of preserved lemons please")
    chat.send(answer)
    [msemen] = [sku for sku in chat.cart if sku.startswith("MSEMEN")]
    assert chat.cart[msemen] == 2 and chat.cart["CITRON-CONFIT-500"] == 1


@pytest.mark.parametrize("answer, qty", [("ok 2 alors", 2), ("bon, 3 donc", 3),
                                         ("ok then 2", 2), ("iwa 2", 2)])
def test_a_count_with_a_filler_answers_how_many(answer, qty):
    # "ok 2 alors" read as "ok" (one), the 2 lost behind "alors", an unknown word
    chat = Chat(products=AZIR)
    chat.send("bonjour je veux le coffret")
    chat.send("combien ?")
    chat.send(answer)
    assert chat.cart == {"COFFRET-4-PLANTES": qty}


@pytest.mark.parametrize("answer", ["ok 2 inchallah", "wakha 2 hbibti"])
def test_a_yes_holding_a_figure_never_answers_how_many_with_one(answer):
    # "how many?" — "ok" is one, but not when a figure is written beside it
    chat = Chat(products=AZIR)
    chat.send("bonjour je veux le coffret")
    chat.send(answer)
    assert chat.cart.get("COFFRET-4-PLANTES") != 1


@pytest.mark.parametrize("more", ["zid coffret 3afak", "ajoutez aussi le coffret",
                                  "add a coffret too"])
def test_a_product_added_at_the_summary_without_a_count_is_one(more):
    # "zid coffret" asked "how many?" and left the summary: one box, and a new summary
    chat = Chat(products=AZIR)
    for message in ("bghit 3 zaatar", "safi", "Karim Tazi, casa, maarif rue 5 n 3"):
        chat.send(message)
    reply = chat.send(more)
    assert chat.cart == {"ZAATAR-SEC-100": 3, "COFFRET-4-PLANTES": 1}
    assert chat.state == "confirm" and "1 × Coffret" in reply


@pytest.mark.parametrize("answer", ["ok 3 jars please", "3 bocaux", "tlata 9ra3i"])
def test_how_many_answered_with_a_count_of_jars_is_that_count(answer):
    # "3 jars" was no number (a container word beside it), then "that's it" made it one
    chat = Chat(products=FTOUR)
    chat.send("hello, I want the preserved lemons")
    chat.send(answer)
    assert chat.cart == {"CITRON-CONFIT-500": 3}


@pytest.mark.parametrize("remove, cart", [
    ("7ayed wa7ed azir", {"CHIBA-50": 2, "AZIR-100": 1}),
    ("remove one rosemary", {"CHIBA-50": 2, "AZIR-100": 1}),
    ("7ayed azir", {"CHIBA-50": 2}),
    ("7ayed jouj azir", {"CHIBA-50": 2}),
])
def test_removing_a_count_takes_that_many_off_the_line(remove, cart):
    # "7ayed wa7ed azir" with two in the basket took both off
    chat = Chat(products=AZIR)
    for message in ("salam bghit 2 chiba w 2 azir", "safi", "Meryem Alami, Sale, tabriquet 4"):
        chat.send(message)
    chat.send(remove)
    assert chat.cart == cart and chat.state == "confirm"


@pytest.mark.parametrize("change, city", [
    ("non pas Casablanca, Mohammedia svp", "Mohammedia"),
    ("can you change the city to Sale? same address", "Salé"),
    ("the city is Rabat not Casablanca", "Rabat"),
])
def test_another_city_named_at_the_summary_is_the_new_city(change, city):
    # "non pas Casablanca, Mohammedia" went back to ordering with Casablanca kept, and the
    # question form handed over to a person on the "yes"
    chat = Chat(products=AZIR)
    for message in ("bonjour 2 verveines 100g", "c tout",
                    "Yasmine Kadiri, Casablanca, Anfa rue 9 n 12"):
        chat.send(message)
    reply = chat.send(change)
    assert chat.state == "confirm" and chat.conv["data"]["details"]["city"] == city
    assert city in reply
    chat.send("oui")
    assert placed(chat).details["city"] == city


@pytest.mark.parametrize("first, change, qty", [
    ("بغيت واحد زيت العود لتر", "لا ماشي لتر، بغيت جوج ديال 5 لتر", 2),
    ("bghit wa7ed zit l3oud litre", "la machi litre bghit jouj dyal 5 litre", 2),
    ("I want one olive oil 1L", "no, make it two 5L", 2),
    ("I want one olive oil 1L", "no make it two 5L", 2),
    ("je veux une huile d'olive 1L", "non plutôt le bidon de 5L", 1),
])
@pytest.mark.parametrize("at_summary", [False, True])
def test_a_negated_size_then_the_size_wanted_changes_the_line(first, change, qty, at_summary):
    """A negated size before the wanted one ("لا ماشي لتر، بغيت جوج ديال 5 لتر") hid the
    size: it read "no, nothing more" (or "what to change?" at the summary) and kept the 1L;
    "plutôt le bidon de 5L" added the 5L beside the 1L. At the summary the new one is shown."""
    chat = Chat(products=ZITMIEL)
    chat.send(first)
    assert chat.cart == {"HUILE-OLIVE-1L": 1}
    if at_summary:
        chat.send("safi")
        chat.send("Karim Alaoui, Rabat, hay riad zanqa 7")
        assert chat.state == "confirm"
    reply = chat.send(change)
    assert chat.cart == {"HUILE-OLIVE-5L": qty}
    assert chat.state == ("confirm" if at_summary else "ordering")
    assert "5L" in reply


CHAOUEN = read_csv(Path(__file__).resolve().parent / "data" / "catalog_r7ary_chaouen.csv")


def test_another_size_named_by_its_container_replaces_the_line():
    # "Huile d'olive beldi bouteille 1 L" / "… bidon 5 L": "non plutôt le bidon de 5L" added
    # the 5 L beside the bottle (the container word in the name hid that they are sizes)
    chat = Chat(products=CHAOUEN)
    chat.send("bghit zit bouteille 1 litre")
    assert chat.cart == {"ZIT-BT-1L": 1}
    chat.send("non plutôt le bidon de 5L")
    assert chat.cart == {"ZIT-BD-5L": 1}


@pytest.mark.parametrize("text, cart", [
    ("2 bidons de zit l3oud et 1 bouteille", {"HUILE-OLIVE-5L": 2, "HUILE-OLIVE-1L": 1}),
    ("bghit jouj bidonat dyal zit zitoun", {"HUILE-OLIVE-5L": 2}),
])
def test_a_container_word_picks_the_size_whose_name_says_it(text, cart):
    # "bidon" is the 5L's container: two of them and a bottle (the 1L, not a third 5L)
    chat = Chat(products=ZITMIEL)
    chat.send(text)
    assert chat.cart == cart


@pytest.mark.parametrize("answer, cart", [
    ("wakha", {"HUILE-OLIVE-5L": 3}),
    ("iyeh", {"HUILE-OLIVE-5L": 3}),
    ("ok 3tini ghir 2", {"HUILE-OLIVE-5L": 2}),
    ("ghali bzaf, bslama", {}),
])
def test_a_count_asked_with_a_price_is_offered_with_its_total(answer, cart):
    # "3 bidons de 5 litres, ch7al?": the price, then "Ch7al bghiti?" as if nothing had
    # been said (the three were lost); now the total for three, and "yes" takes them
    chat = Chat(products=ZITMIEL)
    reply = chat.send("3 bidons de 5 litres, ch7al?")
    assert "350" in reply and "1050" in reply
    chat.send(answer)
    assert chat.cart == cart


@pytest.mark.parametrize("first, city, answer, stored", [
    ("bghit zit l3oud", "Rabat", "1", "Rabat"),
    ("بغيت زيت العود", "طنجة", "1", "Tanger"),
    ("bghit zit l3oud", "safi", "1", None),          # "safi" at "which one?" is no Safi
])
def test_a_city_alone_at_which_one_is_kept_for_the_delivery(first, city, answer, stored):
    # the customer is on to the details: the city was dropped and asked again at checkout
    chat = Chat(products=ZITMIEL)
    chat.send(first)
    chat.send(city)
    assert chat.conv["data"]["queue"] and chat.cart == {}
    assert chat.conv["data"]["details"].get("city") == stored
    chat.send(answer)
    assert chat.conv["data"]["details"].get("city") == stored


def test_a_district_with_a_title_word_is_not_the_name():
    # "Hajar, Casa, Sidi Maarouf, rue 12 n 9" answering "how many?": the order went out to
    # "Sidi Maarouf"
    chat = Chat(products=CHAOUEN)
    chat.send("bghit 3sel w jben b za3tar")
    chat.send("safi")
    chat.send("Hajar, Casa, Sidi Maarouf, rue 12 n 9")
    assert chat.state == "confirm"
    assert chat.conv["data"]["details"]["name"] == "Hajar"


@pytest.mark.parametrize("refine, cart", [
    ("بالزعتر", {"CHV-JB-ZAA": 2}),
    ("b za3tar", {"CHV-JB-ZAA": 2}),
    ("و بالزعتر", {"CHV-JB-NAT": 2, "CHV-JB-ZAA": None}),     # "and": one more, asked
    ("zid wa7ed b za3tar", {"CHV-JB-NAT": 2, "CHV-JB-ZAA": 1}),
])
def test_another_kind_named_alone_just_after_a_line_is_that_kind(refine, cart):
    # "جوج ديال جبن المعزة" (2 × the nature one picked); "بالزعتر" was read as a second cheese
    # ("how many?") and both were ordered. (The sheet's alias, on the nature row only, names
    # both goat cheeses: "which one?" first, tests/test_probes_r13_p13en.py.)
    chat = Chat(products=CHAOUEN)
    chat.send("السلام بغيت جوج ديال جبن المعزة")
    assert not chat.cart
    chat.send("1")
    assert chat.cart == {"CHV-JB-NAT": 2}
    chat.send(refine)
    assert {sku: qty for sku, qty in chat.cart.items()} == {
        sku: qty for sku, qty in cart.items() if qty is not None}


@pytest.mark.parametrize("question", [
    "ch7al smen beldi dyal kilo?", "c'est combien le miel de thym 500g ?",
    "ch7al jben dyal 250g?"])
def test_a_price_question_with_a_size_or_an_article_offers_no_count(question):
    # a size ("dyal kilo") or "le" is no count said: "how many?" as before
    chat = Chat(products=ZITMIEL)
    reply = chat.send(question)
    assert "DH" in reply and "1 ×" not in reply and chat.cart == {}


HERBS = read_csv(Path(__file__).resolve().parent / "data" / "catalog_r7ary_a3chab.csv")


def test_a_price_question_at_which_one_prices_the_options():
    # "ch7al?" at "which one? 1. the seeds 2. the seed oil" listed the whole catalog (the two
    # are not sizes of one product), and a number then picked from that list
    chat = Chat(products=HERBS)
    chat.send("bghit sanouj")
    reply = chat.send("ch7al?")
    assert "30 DH" in reply and "60 DH" in reply and "الشيح" not in reply
    assert chat.conv["data"]["queue"][0]["candidates"] == ["HB-01", "HB-02"]
    chat.send("1")
    chat.send("jouj")
    assert chat.cart == {"HB-01": 2}


def test_a_price_question_after_a_short_list_prices_that_list():
    # "واش عندكم الحبة السوداء؟" — "yes: 1. the seeds 2. the oil" — "بشحال؟" listed the
    # whole catalog
    chat = Chat(products=HERBS)
    chat.send("السلام عليكم، واش عندكم الحبة السوداء؟")
    reply = chat.send("بشحال؟")
    assert "30 درهم" in reply and "60 درهم" in reply and "الشيح" not in reply


def test_sizes_written_with_a_spaced_unit_are_one_product_in_context():
    """"Eau de rose 250ml" and "Eau de rose 1 litre" are the sizes of one product: after
    they are listed, "2 bouteilles de 250ml" is two of the 250 ml, not dropped."""
    products = read_csv(Path(__file__).parent / "data" / "catalog_r7en_roses.csv")
    chat = chat_after("Bonjour, vous avez de l'eau de rose ?", products=products)
    chat.send("je prends 2 bouteilles de 250ml et un savon à la rose")
    assert chat.cart == {"WR-EAU-250": 2, "WR-SAVON": 1}


@pytest.mark.parametrize("first, answer, cart", [
    ("do you have the 50ml cactus seed oil?", "ok then give me two of the 30ml", {"AKN-OIL-30": 2}),
    ("Vous avez l'huile de figue de barbarie en 50ml ?",
     "dommage. Mettez-moi deux flacons de 15ml alors", {"AKN-OIL-15": 2}),
])
def test_a_count_said_with_a_size_picked_from_the_other_sizes_is_kept(first, answer, cart):
    """Out of stock, the other sizes listed: the count said with the size picked is its
    quantity (it was dropped, and "that's all" then placed one)."""
    products = read_csv(Path(__file__).parent / "data" / "catalog_r7en_cactus.csv")
    chat = chat_after(first, products=products)
    chat.send(answer)
    assert chat.cart == cart


@pytest.mark.parametrize("change", ["no sorry the 1kg one", "non pardon celui de 1kg",
                                    "sorry, the 1kg ones"])
def test_no_then_the_other_size_at_anything_else_changes_the_size_and_keeps_the_count(change):
    """"No sorry the 1kg one" right after the cart: the line becomes the 1 kg, two of them
    ("one" stands for the product); it read "no, nothing more" and kept the 500 g."""
    products = read_csv(Path(__file__).parent / "data" / "catalog_r7en_mtahen.csv")
    chat = chat_after("2 carob powder 500g please", products=products)
    chat.send(change)
    assert chat.cart == {"ZR-KHARROUB-1KG": 2}


def test_vous_faites_x_is_asked_not_ordered_and_the_count_after_it_is_kept():
    """"Vous faites des sacs de 5kg ?" asks whether they sell it: the price and "how
    many?", then "2 sacs de 5kg" is two (it put one in the cart and dropped the two)."""
    products = read_csv(Path(__file__).parent / "data" / "catalog_r7en_mtahen.csv")
    chat = Chat(products=products)
    chat.send("Bonjour, je cherche de la farine complète à la meule de pierre, vous faites des "
              "sacs de 5kg ?")
    assert chat.cart == {}
    chat.send("parfait, 2 sacs de 5kg")
    assert chat.cart == {"ZR-FARINE-BLE-5KG": 2}


@pytest.mark.parametrize("name", ["Will Price", "Rose Patel", "Grace Price"])
def test_a_name_made_of_price_or_product_words_at_the_name_step_is_the_name(name):
    """"Will Price" answering "your name, your city and your address?" is a name: it showed
    the catalog (a price question), and "Rose Patel" asked which rose product."""
    products = read_csv(Path(__file__).parent / "data" / "catalog_r7en_roses.csv")
    chat = chat_after("hey, 1 gift set please", "thats it", products=products)
    chat.send(name)
    chat.send("Rabat")
    chat.send("12 avenue ibn sina, agdal, apt 4")
    chat.send("yes")
    assert placed(chat).details["name"] == name


@pytest.mark.parametrize("change", ["actually make it 2, one is for my sister",
                                    "make it 2, it's for a friend"])
def test_make_it_n_with_a_remark_after_it_sets_the_quantity(change):
    products = read_csv(Path(__file__).parent / "data" / "catalog_r7en_roses.csv")
    chat = chat_after("hey, 1 gift set please", products=products)
    chat.send(change)
    assert chat.cart == {"WR-COFFRET": 2}


@pytest.mark.parametrize("change, city", [("change the city to Salé please", "Salé"),
                                          ("changer la ville: Kénitra", "Kénitra")])
def test_a_city_changed_at_the_summary_with_the_new_one_named(change, city):
    """"Change the city to Salé please" names the new city: it asked "which city?" and then
    read the "yes" as a city it did not know."""
    products = read_csv(Path(__file__).parent / "data" / "catalog_r7en_roses.csv")
    chat = chat_after("2 rose creams please", "that's all",
                      "Mary Jane, Rabat, 10 rue Oum Errabia, Agdal", products=products)
    chat.send(change)
    assert chat.state == "confirm"
    chat.send("yes")
    assert placed(chat).details["city"] == city


@pytest.mark.parametrize("change", ["no the rose soap, not the cream",
                                    "the rose soap not the cream", "non, le savon, pas la crème"])
def test_a_product_then_not_the_one_in_the_cart_replaces_it_with_its_quantity(change):
    """"No the rose soap, not the cream" after "rose cream x2": two soaps instead (the
    opening "no" removed the soap too and emptied the cart)."""
    products = read_csv(Path(__file__).parent / "data" / "catalog_r7en_roses.csv")
    chat = chat_after("rose cream x2", products=products)
    chat.send(change)
    assert chat.cart == {"WR-SAVON": 2}


@pytest.mark.parametrize("messages", [
    ["how much is the rose oil?", "ok I'll take it"],
    ["how much is the rose oil?", "too expensive, any discount?", "ok fine I'll take it"],
    ["salut, l'huile essentielle de rose c'est combien ?", "trop cher, vous faites une réduction ?",
     "bon ok je la prends"],
])
def test_taking_the_product_just_priced_by_a_pronoun_is_one(messages):
    """After its price, "I'll take it" / "je la prends" is one of it (the product was
    dropped and "what would you like?" asked)."""
    products = read_csv(Path(__file__).parent / "data" / "catalog_r7en_roses.csv")
    chat = chat_after(*messages, products=products)
    assert chat.cart == {"WR-HUILE-10": 1}


def test_taking_it_after_the_prices_of_two_sizes_asks_which():
    products = read_csv(Path(__file__).parent / "data" / "catalog_r7en_roses.csv")
    chat = chat_after("how much is the rose water?", "ok I'll take it", products=products)
    chat.send("the small one")
    assert chat.cart == {"WR-EAU-250": 1}


@pytest.mark.parametrize("question", ["what's in my cart?", "how much in total?",
                                      "c'est combien au total ?"])
def test_asking_for_the_total_at_the_summary_shows_it_again_and_yes_places_it(question):
    """"What's in my cart?" at the summary offered a person (and "ok yes" handed over);
    "how much in total?" showed the catalog."""
    products = read_csv(Path(__file__).parent / "data" / "catalog_r7en_roses.csv")
    chat = chat_after("2 rose creams", "that's all",
                      "Kim Lee, Marrakech, Riad Kniza 34 Derb lHotel", products=products)
    reply = chat.send(question)
    assert chat.state == "confirm" and "155" in reply
    chat.send("ok yes")
    assert placed(chat).lines[0]["quantity"] == 2


def test_goat_cheese_times_three_then_the_kind_in_brackets_is_three_of_that_kind():
    products = read_csv(Path(__file__).parent / "data" / "catalog_r7en_chevre.csv")
    chat = chat_after("goat cheese x3 (the fresh kind)", products=products)
    assert chat.cart == {"CHV-FRAIS-250": 3} and not chat.conv["data"]["queue"]


@pytest.mark.parametrize("walk", ["nvm, i changed my mind", "actually I changed my mind, sorry"])
def test_a_change_of_mind_is_a_cancel_not_a_name_and_an_address(walk):
    products = read_csv(Path(__file__).parent / "data" / "catalog_r7en_roses.csv")
    chat = chat_after("2 rose creams pls", products=products)
    chat.send(walk)
    assert chat.cart == {} and not chat.conv["data"]["details"].get("name")


@pytest.mark.parametrize("first, answer", [("je veux 2 eaux de rose", "une grande et une petite"),
                                           ("I want 2 rose waters", "one big one small")])
def test_which_one_answered_with_two_sizes_is_two_lines(first, answer):
    """"Which rose water?" — "one big one small": one of each (it was two of one size)."""
    products = read_csv(Path(__file__).parent / "data" / "catalog_r7en_roses.csv")
    chat = chat_after(first, answer, products=products)
    assert chat.cart == {"WR-EAU-1L": 1, "WR-EAU-250": 1}


def test_the_plural_of_a_short_catalog_word_corrects_the_count():
    """"Non en fait 2 kits": "kits" is the catalog's "kit" (too short for the plural rule),
    so the count is set (one kit was placed)."""
    products = read_csv(Path(__file__).parent / "data" / "catalog_r7en_hammam.csv")
    chat = chat_after("je veux le kit hammam", "non en fait 2 kits", products=products)
    assert chat.cart == {"HM-KIT": 2}


@pytest.mark.parametrize("more, qty", [("and 1 more", 3), ("one more please", 3), ("2", 2),
                                       ("encore un", 3)])
def test_one_more_adds_to_the_line_just_ordered(more, qty):
    """"2 jams please" — "and 1 more": three (it set the line to one)."""
    products = read_csv(Path(__file__).parent / "data" / "catalog_r7en_cactus.csv")
    chat = chat_after("2 jams please", more, products=products)
    assert chat.cart == {"AKN-CONF-250": qty}


def test_how_much_is_it_after_adding_prices_that_line_and_a_count_keeps_it():
    """"How much is it?" right after the 30 ml was added: its price, not the catalog, whose
    first entry "ok 1 then" then added (the 15 ml on top of the 30 ml)."""
    products = read_csv(Path(__file__).parent / "data" / "catalog_r7en_cactus.csv")
    chat = chat_after("hi can i get the 30ml oil", products=products)
    reply = chat.send("how much is it?")
    assert "220" in reply and "Confiture" not in reply
    chat.send("ok 1 then")
    assert chat.cart == {"AKN-OIL-30": 1}


# -- r8en: several products of one kind, names with product words ------------------------------

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("catalog, first, name", [
    ("catalog_r8en_savon.csv", "can I have 4 honey soaps", "Honey Brown"),
    ("catalog_r8en_zitoun.csv", "the 2 litre olive oil please", "Olive Green"),
])
def test_a_name_made_of_product_words_is_a_name_when_the_name_is_asked(catalog, first, name):
    """"Honey Brown", "Olive Green" asked for a name: the name (the honey soap cart was shown
    again and the address became the name; green olives were asked "how many?")."""
    chat = chat_after(first, "that's all", products=read_csv(DATA / catalog))
    cart = dict(chat.cart)
    chat.send(name)
    assert chat.conv["data"]["details"]["name"] == name and chat.cart == cart
    chat = chat_after(first, products=read_csv(DATA / catalog))    # "anything else? if not,
    chat.send(name)                                                # your name, …"
    assert chat.conv["data"]["details"].get("name") == name and chat.cart == cart


def test_products_in_lower_case_still_order_when_the_name_is_asked():
    chat = chat_after("1 litre olive oil", products=read_csv(DATA / "catalog_r8en_zitoun.csv"))
    chat.send("and 2 green olives")
    assert chat.cart == {"ZIT-EV-1L": 1, "OLV-VERTE-500": 2}


def test_kinds_picked_by_their_colour_after_the_list_of_a_product():
    """"Do you have olives?" — "2 jars of the green and 1 black": those two (the welcome was
    sent, and nothing went in the cart)."""
    chat = chat_after("do you have olives?", "2 jars of the green and 1 black",
                      products=read_csv(DATA / "catalog_r8en_zitoun.csv"))
    assert chat.cart == {"OLV-VERTE-500": 2, "OLV-NOIRE-500": 1}


@pytest.mark.parametrize("messages, cart", [
    (["do you have goat cheese?", "the fresh one", "hmm actually the herb one"],
     {"CHV-HERBES-200": 1}),
    (["i want goat cheese", "fresh", "no sorry, the aged one", "that's all"],
     {"CHV-AFFINE-500": 1}),
    (["i want 2 fresh goat cheeses", "and also the herb one"],
     {"CHV-FRAIS-250": 2, "CHV-HERBES-200": 1}),
])
def test_a_correction_naming_another_kind_replaces_the_one_just_picked(messages, cart):
    """"The fresh one" — "hmm actually the herb one": the herb one instead (both were
    placed); at "how many fresh?", "no sorry, the aged one" drops that question."""
    chat = chat_after(*messages, products=read_csv(DATA / "catalog_r7en_chevre.csv"))
    assert chat.cart == cart and not chat.conv["data"]["queue"]


@pytest.mark.parametrize("catalog, messages, cart", [
    ("catalog_r7en_roses.csv", ["3 rose soaps and 1 cream", "actually one less soap"],
     {"WR-SAVON": 2, "WR-CREME-50": 1}),
    ("catalog_r7en_roses.csv", ["3 rose soaps", "hmm one less please"], {"WR-SAVON": 2}),
    ("catalog_r7en_roses.csv", ["1 gift set", "and another one for my mum"], {"WR-COFFRET": 2}),
    ("catalog_r7en_cactus.csv", ["2 cactus soaps", "actually 2 more"], {"AKN-SAVON": 4}),
])
def test_more_or_fewer_changes_the_line_by_that_many(catalog, messages, cart):
    """"One less" set the soaps to one, "another one for my mum" was not understood and
    "actually 2 more" left two: each placed a parcel other than the one asked."""
    chat = chat_after(*messages, products=read_csv(DATA / catalog))
    assert chat.cart == cart


@pytest.mark.parametrize("catalog, question", [
    ("catalog_r7en_hammam.csv", "does the kit have a kessa in it?"),
    ("catalog_r7en_hammam.csv", "wait, is the nature one bigger?"),
])
def test_a_question_about_a_product_puts_nothing_in_the_basket(catalog, question):
    """"Does the kit have a kessa in it?" put a kit in the basket and asked how many kessas."""
    chat = chat_after(question, products=read_csv(DATA / catalog))
    assert chat.cart == {}
    assert all(q.get("soft") for q in chat.conv["data"].get("queue", []))


def test_at_how_many_another_kind_picked_replaces_the_question():
    """"How many fresh?" — "hmm the herb one": the herb one, and no fresh one at "that's all"."""
    chat = chat_after("i want goat cheese", "fresh", "hmm the herb one", "that's all",
                      products=read_csv(DATA / "catalog_r7en_chevre.csv"))
    assert chat.cart == {"CHV-HERBES-200": 1}


def test_a_size_word_and_a_count_after_a_list_keep_the_count():
    """"The big one, 2 please" after the carob's sizes were listed: two of the 1 kg."""
    chat = chat_after("do you have carob powder?", "the big one, 2 please",
                      products=read_csv(DATA / "catalog_r7en_mtahen.csv"))
    assert chat.cart == {"ZR-KHARROUB-1KG": 2}


@pytest.mark.parametrize("messages, cart", [
    (["2 pepper goat cheeses please", "ok then the herb ones", "that's all"],
     {"CHV-HERBES-200": 2}),
    (["do you have pepper goat cheese? I'd need 3", "ok the fresh one instead"],
     {"CHV-FRAIS-250": 3}),
    (["2 pepper goat cheeses please", "ok then 1 herb one"], {"CHV-HERBES-200": 1}),
])
def test_the_count_asked_for_goes_to_the_alternative_picked_by_name(messages, cart):
    """Out of stock with a count, another picked by name: as many as were asked (one was
    placed); a count said with the pick is kept."""
    chat = chat_after(*messages, products=read_csv(DATA / "catalog_r7en_chevre.csv"))
    assert chat.cart == cart


def test_a_size_picked_after_an_out_of_stock_count_keeps_the_count():
    """"2 bottles of the 50ml" out of stock — "ok the 30ml then": two of the 30 ml (the words
    the listed names share must not re-read it as one)."""
    chat = chat_after("I want 2 bottles of the 50ml prickly pear oil", "ok the 30ml then",
                      products=read_csv(DATA / "catalog_r7en_cactus.csv"))
    assert chat.cart == {"AKN-OIL-30": 2}


@pytest.mark.parametrize("first, answer, cart", [
    ("2 black soaps please", "one of each", {"HM-SN-EUC-250": 1, "HM-SN-NAT-500": 1}),
    ("black soap please", "2 of each", {"HM-SN-EUC-250": 2, "HM-SN-NAT-500": 2}),
    ("4 black soaps please", "both", {"HM-SN-EUC-250": 2, "HM-SN-NAT-500": 2}),
])
def test_which_one_answered_with_each_takes_every_option(first, answer, cart):
    """"Which black soap?" — "one of each": both (it was asked again, then dropped)."""
    chat = chat_after(first, answer, products=read_csv(DATA / "catalog_r7en_hammam.csv"))
    assert chat.cart == cart and not chat.conv["data"]["queue"]


@pytest.mark.parametrize("answer", ["ok 2 bottles", "ok give me 3", "I'll take 2 of them"])
def test_a_count_after_the_prices_of_sizes_asks_which_one(answer):
    """"How much is the rose water?" — "ok give me 3": which one, for three (the welcome was
    sent: 3 is no option of a list of two)."""
    chat = chat_after("how much is the rose water?", answer,
                      products=read_csv(DATA / "catalog_r7en_roses.csv"))
    [head] = chat.conv["data"]["queue"]
    assert head["type"] == "choice" and set(head["candidates"]) == {"WR-EAU-250", "WR-EAU-1L"}
    assert head["quantity"] and chat.cart == {}


@pytest.mark.parametrize("change", ["change the fresh ones to herb ones",
                                    "changez pour celui aux herbes"])
def test_change_to_another_kind_swaps_the_line_with_its_count(change):
    # "change X to Y": "to" ends the first product of a swap as "for" and "with" do; it was
    # "we don't sell 'fresh ones to herb'" and the fresh cheeses stayed in the basket
    catalog = read_csv(Path(__file__).parent / "data" / "catalog_r7en_chevre.csv")
    chat = chat_after("hi, 2 fresh goat cheese please", products=catalog)
    assert chat.cart == {"CHV-FRAIS-250": 2}
    chat.send(change)
    assert chat.cart == {"CHV-HERBES-200": 2}


@pytest.mark.parametrize("change", ["change it to the herb one", "switch to the herb one"])
def test_a_swap_to_the_herb_one_keeps_the_lines_count(change):
    # "one" right after the product stands for it: the swap keeps the basket line's two
    # (it added one herb cheese beside the two fresh ones)
    catalog = read_csv(Path(__file__).parent / "data" / "catalog_r7en_chevre.csv")
    chat = chat_after("hi, 2 fresh goat cheese please", products=catalog)
    chat.send(change)
    assert chat.cart == {"CHV-HERBES-200": 2}


SPICES = read_csv(Path(__file__).parent / "data" / "catalog_r9ary_tawabil.csv")


@pytest.mark.parametrize("message", ["bghit kamoun kilo", "بغيت كامون كيلو", "bghit cumin kilo"])
def test_cumin_spelt_with_alif_names_the_whole_product_not_its_small_pack(message):
    # "الكامون" was no form of cumin: the sheet's kilo row matched nothing and "kilo" of
    # the 250 g row (its alias "kamoun") became four packs of 250 g
    chat = chat_after(message, products=SPICES)
    assert chat.cart == {"KM-1KG": 1}


@pytest.mark.parametrize("change", ["لا بدلو بربع كيلو", "la bdlo b rob3 kilo", "la bdlha b 250g"])
def test_a_size_change_reaches_a_row_whose_size_is_a_bare_unit_word(change):
    # "الكامون كيلو" (no figure) and "الكامون 250غ" were two products for the size change:
    # the kilo stayed in the basket and was delivered
    chat = chat_after("bghit kamoun kilo", products=SPICES)
    chat.send(change)
    assert chat.cart == {"KM-250": 1}


def test_a_swap_naming_a_count_takes_the_old_line_out_for_that_count():
    # the three ghassoul came in beside the two couscous: a parcel with both
    chat = chat_after("bghit couscous jouj")
    chat.send("la bdelhom b 3 ghassoul")
    assert chat.cart == {"GHASSOUL-200": 3}


CAROB = read_csv(Path(__file__).parent / "data" / "catalog_r9ary_kharroub.csv")


@pytest.mark.parametrize("first, answer", [
    ("bghit kilo kharroub", "la nss kilo"),
    ("bghit kilo kharroub", "la bghit nss kilo"),
    ("bghit kilo kharroub", "la bdel lkilo b nss"),
    ("بغيت كيلو ديال الخروب", "لا، نص كيلو"),
])
def test_a_new_size_answers_which_one_when_one_product_comes_in_it(first, answer):
    # the powder or the pods (both 1 kg)? — "no, half a kilo": only the powder comes in
    # 500 g; the size was no answer and the carob was dropped
    chat = chat_after(first, products=CAROB)
    chat.send(answer)
    assert chat.cart == {"KHR-POUDRE-500": 1}


@pytest.mark.parametrize("count, cart", [
    ("3tini jouj kilo", {"TH-1KG": 2}), ("عطيني جوج كيلو", {"TH-1KG": 2}),
    ("jouj kilo", {"TH-1KG": 2}), ("zid jouj kilo", {"TH-1KG": 3}),
    ("w zid rob3 kilo", {"TH-1KG": 1, "TH-250": 1}),
])
def test_a_count_of_a_size_with_no_product_is_for_the_line_just_added(count, cart):
    # "give me two kilos" after "1 × paprika 1 kg — anything else?" went on to the delivery
    # details (or was not understood) and one kilo was delivered; "zid" with a size
    # added one kilo whatever the size and count said
    chat = chat_after("bghit ta7mira kilo", products=SPICES)
    chat.send(count)
    assert chat.cart == cart


@pytest.mark.parametrize("question", [
    "wach katbi3o ta7mira b lkilo?", "واش كتبيعو التحميرة بالكيلو",
    "est-ce que vous vendez le paprika au kilo ?",
])
def test_do_you_sell_it_by_the_kilo_is_a_question_not_an_order(question):
    # "katbi3o" was a catalog word only: with a size said, the kilo went in the basket
    chat = Chat(products=SPICES)
    reply = chat.send(question)
    assert chat.cart == {}
    assert "70" in reply                         # the kilo and its price, to pick from


@pytest.mark.parametrize("first, yes", [
    ("bghit 2 ghassoul, smiti Salma Idrissi, f rabat hay riad zanqa 7 raqm 14", "ayeh"),
    ("bghit 2 ghassoul, smiti Salma Idrissi, f rabat hay riad zanqa 7 raqm 14", "eyeh"),
    ("bghit 2 ghassoul, smiti Salma Idrissi, f rabat hay riad zanqa 7 raqm 14", "aywa"),
    ("بغيت جوج غاسول، سميتي سلمى الإدريسي، ف الرباط حي الرياض زنقة 7 رقم 14", "آه"),
    ("بغيت جوج غاسول، سميتي سلمى الإدريسي، ف الرباط حي الرياض زنقة 7 رقم 14", "ايوا"),
])
def test_yes_spelt_as_people_type_it_confirms_the_summary(first, yes):
    # "ayeh" at the summary was "sorry, I didn't understand" (iyeh, ah and wah were known)
    chat = Chat()
    chat.send(first)
    chat.send(yes)
    assert [(line["sku"], line["quantity"]) for line in placed(chat).lines] == [
        ("GHASSOUL-200", 2)]


@pytest.mark.parametrize("first, change, mejhoul", [
    ("hi can i get 3 boxes of medjool dates 500g",
     "actually make it 2 boxes and add 1kg of the boufeggous", 2),
    ("hi can i get 3 boxes of medjool dates 500g", "make it 2, add 1kg of boufeggous", 2),
    ("bghit 3 dyal majhoul 500g", "la dir 2 w zid kilo dyal boufgous", 2),
    ("je veux 3 boites de mejhoul 500g", "finalement 2 boites, et ajoutez 1kg de boufeggous", 2),
    ("bghit 3 dyal majhoul 500g", "zid 2 w zid kilo dyal boufgous", 5),
    ("بغيت 3 ديال مجهول 500g", "لا دير جوج و زيد كيلو ديال بوفقوس", 2),
])
def test_a_count_for_the_last_line_then_more_products_changes_that_line(first, change, mejhoul):
    """The count said for the line just added, before "and add …", is that line's, and the
    rest is added: it was lost (3 boxes stayed in the basket under the new line)."""
    chat = chat_after(first, change, products=DATTES)
    assert chat.cart == {"MEJHOUL-500": mejhoul, "BOUFEGGOUS-1KG": 1}


def test_a_count_then_more_without_a_correction_word_adds_as_before():
    """"2 boufeggous and add 1 mejhoul": each count is its product's (nothing is changed)."""
    chat = chat_after("bghit 3 dyal majhoul 500g", "2 boufgous w zid wa7ed majhoul 500g",
                      products=DATTES)
    assert chat.cart == {"MEJHOUL-500": 4, "BOUFEGGOUS-1KG": 2}


@pytest.mark.parametrize("question, answer", [
    ("slm 3ndkom tmer majhoul? bch7al lkilo", "ok 3tini 2 kilo w nss kilo dyal boufgous"),
    ("how much are the medjool dates?", "ok 2 kilos please and half a kilo of boufeggous"),
    ("combien les dattes mejhoul ?", "je vais prendre 2 kilos et un demi kilo de boufeggous"),
])
def test_a_count_for_the_product_priced_then_another_product_keeps_both(question, answer):
    """After the Medjool's price, "2 kilos and half a kilo of boufeggous": two kilos of the
    Medjool, and the boufeggous (sold by the kilo only) is asked for, not dropped. The whole
    message was one unknown product, or the boufeggous went silently."""
    chat = chat_after(question, products=DATTES)
    reply = chat.send(answer)
    assert chat.cart == {"MEJHOUL-1KG": 2}
    assert "2 × Dattes Mejhoul 1kg" in reply and "Boufeggous" in reply
    assert chat.conv["data"]["queue"][0]["sku"] == "BOUFEGGOUS-1KG"
    chat.send("1")
    assert chat.cart == {"MEJHOUL-1KG": 2, "BOUFEGGOUS-1KG": 1}


JAMS = read_csv(Path(__file__).parent / "data" / "catalog_confitures.csv")


@pytest.mark.parametrize("question, yes", [
    ("Bonsoir, vous avez du miel ? 2 pots svp", "oui"),
    ("do you have honey? 2 jars please", "yes"),
])
def test_a_count_said_with_an_availability_question_is_offered(question, yes):
    """"Do you have honey? 2 jars please": yes, 2 × … for the total, and "yes" takes them (it
    asked "how many?" again, and the details next put one)."""
    chat = Chat(products=JAMS)
    assert "2 × Miel de thym 500g — 240 DH" in chat.send(question) and chat.cart == {}
    chat.send(yes)
    assert chat.cart == {"MIEL-THYM-500": 2}


@pytest.mark.parametrize("details, name, city", [
    ("Nadia Alami 14 rue Ibn Sina Agadir", "Nadia Alami", "Agadir"),
    ("Salma Idrissi 12 zanqa Fes, Meknes", "Salma Idrissi", "Meknès"),
    ("Sidi Maarouf rue 3, Casablanca, Omar", "Omar", "Casablanca"),
    ("hay riad zanqa 7 raqm 14, Rabat, Salma Idrissi", "Salma Idrissi", "Rabat"),
])
def test_a_name_before_the_house_number_or_after_the_city_is_the_name(details, name, city):
    """All three details in one message, the name first and right before the house number,
    or last after the city: the name is read (it was taken for a district, or the address
    ran on over the city and the name, and both were asked again)."""
    chat = chat_after("2 pots de miel svp", details, products=JAMS)
    assert chat.state == "confirm"
    assert chat.conv["data"]["details"]["name"] == name
    assert chat.conv["data"]["details"]["city"] == city


def test_a_district_before_its_street_word_stays_in_the_address():
    chat = chat_after("2 pots de miel svp", "Omar Tazi", "Casablanca", "Sidi Maarouf rue 3",
                      products=JAMS)
    assert chat.conv["data"]["details"]["address"].startswith("Sidi Maarouf")


def test_a_correction_naming_a_variant_changes_the_line_it_refines_with_its_count():
    """"En fait la figue sans sucre" after 2 fig jams and 1 apricot: the 2 fig jams become
    the sugar-free ones (the apricot jam, added last, was replaced by one sugar-free)."""
    chat = chat_after("Bonjour, 2 confitures de figues et 1 abricot svp",
                      "en fait la figue sans sucre", products=JAMS)
    assert chat.cart == {"CONF-FIG-SS-350": 2, "CONF-ABR-350": 1}


def test_also_with_a_variant_adds_it_and_changes_nothing():
    """"Et aussi la figue sans sucre": "la" (the French article, a Darija "no") and "aussi"
    (also) change no line: the fig jams stay, the sugar-free one is asked about."""
    chat = chat_after("Bonjour, 2 confitures de figues et 1 abricot svp",
                      "et aussi la figue sans sucre", products=JAMS)
    assert chat.cart["CONF-FIG-350"] == 2 and chat.cart["CONF-ABR-350"] == 1


def test_an_arabic_script_summary_writes_the_city_in_arabic():
    """The summary to a customer writing in Arabic script names the city as they write it
    ("الدار البيضاء"), not the courier's French name ("Casablanca") in the middle."""
    chat = chat_after("بغيت جوج ديال عسل الزعتر كيلو",
                      "سميتي فاطمة، كازا، حي مولاي رشيد زنقة 12 رقم 5")
    assert chat.state == "confirm" and chat.conv["data"]["details"]["city"] == "Casablanca"
    assert "🚚 فاطمة، الدار البيضاء" in "\n".join(chat.last.replies)


def test_the_same_for_the_other_one_takes_the_count_before():
    """"and the same for the olive one" after 3 lavender soaps: 3 olive soaps (the "one" of
    "the olive one" stands for the soap; it was taken for a count of one)."""
    soaps = read_csv(Path(__file__).parent / "data" / "catalog_r8en_savon.csv")
    chat = chat_after("hey can i get the lavender soap x3", "and the same for the olive one",
                      products=soaps)
    assert chat.cart == {"SAV-LAV": 3, "SAV-OLIVE": 3}


def test_two_people_joined_by_an_ampersand_are_one_name():
    """"Tom & Anna Baker, Essaouira, 5 rue Ibn Rochd": the name is read (it was asked for
    again, and "yes" then offered a person)."""
    roses = read_csv(Path(__file__).parent / "data" / "catalog_r7en_roses.csv")
    chat = chat_after("hi, 4 bottles of rose water 250ml",
                      "Tom & Anna Baker, Essaouira, 5 rue Ibn Rochd", products=roses)
    assert chat.state == "confirm"
    assert chat.conv["data"]["details"]["name"] == "Tom & Anna Baker"
