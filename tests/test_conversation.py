"""The conversation as a pure function (bot/conversation.py): every branch, no I/O."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from bot import conversation, nlu
from bot.catalog import read_csv
from bot.conversation import (
    CancelOrder,
    Context,
    CreateOrder,
    Event,
    Handoff,
    SaveCustomer,
)

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
PRODUCTS = read_csv("coops/demo/catalog.csv")
INDEX = nlu.build_index(PRODUCTS)
COOP = {"id": 1, "name": "Coopérative Tifawin", "slug": "tifawin",
        "settings": {"language": "fr", "contact_phone": "+212528000000",
                     "delivery": {"courier": "sandbox", "flat_fee": 35, "free_above": 500}}}


def ctx(products=PRODUCTS, **kw):
    index = INDEX if products is PRODUCTS else nlu.build_index(products)
    base = dict(coop=COOP, products=products, index=index, phone="+212612345678", now=NOW)
    base.update(kw)
    return Context(**base)


class Chat:
    """Drives the pure step function like the service does, keeping state between turns."""

    def __init__(self, **context):
        self.conv = {"state": "start", "data": {}, "lang": None, "handoff_until": None}
        self.context = context
        self.actions = []

    def send(self, text="", **event):
        result = conversation.step(self.conv, Event(text=text, **event), ctx(**self.context))
        self.conv = {"state": result.state, "data": result.data, "lang": result.lang,
                     "handoff_until": result.handoff_until}
        self.actions = result.actions
        self.last = result
        return "\n".join(result.replies)

    @property
    def cart(self):
        return {line["sku"]: line["qty"] for line in self.conv["data"].get("cart", [])}

    @property
    def state(self):
        return self.conv["state"]


def chat_after(*messages, **context):
    """A chat that has been sent ``messages``."""
    chat = Chat(**context)
    for text in messages:
        chat.send(text)
    return chat


def checkout(chat, name="Fatima Zahra", city="casa", address="Hay Nahda, rue 5, n° 12"):
    chat.send("safi")
    assert chat.state == "ask_name"
    chat.send(name)
    assert chat.state == "ask_city"
    chat.send(city)
    assert chat.state == "ask_address"
    return chat.send(address)


def test_greeting_welcomes_with_the_coop_name():
    chat = Chat()
    reply = chat.send("salam")
    assert "Tifawin" in reply and chat.state == "start"
    assert chat.last.lang == "ary-Latn"


def test_catalog_is_numbered_with_prices_and_a_number_picks():
    chat = Chat()
    reply = chat.send("chno 3ndkom?")
    assert "1. Miel de thym 500g — 120 DH" in reply
    reply = chat.send("2")
    assert "Miel de thym 1kg" in reply
    chat.send("3")
    assert chat.cart == {"MIEL-THYM-1KG": 3}


def test_order_resolved_from_darija_with_measure():
    chat = Chat()
    reply = chat.send("bghit 2 kilo dyal l3sel zaatar")
    assert chat.cart == {"MIEL-THYM-1KG": 2}
    assert "2 × Miel de thym 1kg — 440 DH" in reply


def test_ambiguous_product_asks_a_numbered_choice_answered_by_number_then_quantity():
    chat = Chat()
    reply = chat.send("bghit l3sel")
    assert "1." in reply and "Miel d'euphorbe" in reply and chat.cart == {}
    options = chat.conv["data"]["queue"][0]["candidates"]
    chat.send("1")
    reply = chat.send("jouj")
    assert chat.cart == {options[0]: 2}


@pytest.mark.parametrize("answer, position", [
    ("التاني", 2), ("le deuxième", 2), ("the 2nd one", 2), ("lowel", 1), ("la première", 1),
    ("lakher 3afak", -1), ("الأخير", -1), ("talt", 3)])
def test_a_numbered_choice_is_answered_by_an_ordinal(answer, position):
    chat = Chat()
    chat.send("bghit 2 kilo l3sel")
    options = chat.conv["data"]["queue"][0]["candidates"]
    assert len(options) >= 3
    chat.send(answer)
    assert chat.cart == {options[position if position < 0 else position - 1]: 2}


def test_an_ordinal_past_the_end_asks_again_and_a_list_is_picked_by_ordinal():
    chat = Chat()
    chat.send("bghit l3sel")
    options = chat.conv["data"]["queue"][0]["candidates"]
    reply = chat.send("the fifth" if len(options) < 5 else "the 9th")
    assert chat.cart == {} and chat.conv["data"]["queue"] and "1." in reply
    chat = Chat()
    chat.send("chno 3ndkom?")
    reply = chat.send("التاني")
    assert "Miel de thym 1kg" in reply
    chat.send("3")
    assert chat.cart == {"MIEL-THYM-1KG": 3}
    chat.send("chno 3ndkom?")
    reply = chat.send("le 99eme")
    assert chat.cart == {"MIEL-THYM-1KG": 3} and "99" not in reply


def test_ambiguous_size_answered_by_size_words():
    chat = Chat()
    chat.send("3tini jouj amlou")
    chat.send("lkbir")
    assert chat.cart == {"AMLOU-500": 2}


def test_missing_quantity_is_asked():
    chat = Chat()
    reply = chat.send("bghit ghassoul")
    assert chat.cart == {} and "Ghassoul 200g" in reply
    chat.send("2")
    assert chat.cart == {"GHASSOUL-200": 2}


def test_unknown_product_is_refused_with_closest_or_catalog_hint():
    chat = Chat()
    reply = chat.send("je veux 2 kg de dattes")
    assert "dattes" in reply.lower() and chat.cart == {}


def test_out_of_stock_products_are_not_sold():
    products = [dict(p, in_stock=p["sku"] != "AMLOU-250") for p in PRODUCTS]
    chat = Chat(products=products)
    reply = chat.send("bghit 2 amlou 250g")
    assert "AMLOU-250" not in chat.cart and ("stock" in reply.lower() or "salat" in reply.lower())


def test_add_remove_and_change_lines():
    chat = Chat()
    chat.send("bghit 2 kilo l3sel zaatar w safran 1g")
    chat.send("1")
    assert chat.cart == {"MIEL-THYM-1KG": 2, "SAFRAN-1G": 1}
    chat.send("zid wa7ed amlou 250g")
    assert chat.cart["AMLOU-250"] == 1
    chat.send("bla zaafran")
    assert "SAFRAN-1G" not in chat.cart
    chat.send("khlli ghir jouj amlou 250g")
    assert chat.cart["AMLOU-250"] == 2


def test_full_checkout_to_order_action_with_fee_and_cod():
    chat = Chat()
    chat.send("bghit 2 kilo l3sel zaatar")
    summary = checkout(chat)
    assert chat.state == "confirm"
    assert "440 DH" in summary and "35 DH" in summary and "475 DH" in summary
    assert "Casablanca" in summary and "Fatima Zahra" in summary
    chat.send("iyeh")
    [order, save] = chat.actions
    assert isinstance(order, CreateOrder) and isinstance(save, SaveCustomer)
    assert order.lines == [{"sku": "MIEL-THYM-1KG", "name": "Miel de thym 1kg", "quantity": 2,
                               "unit_price": 220.0}]
    assert order.subtotal == 440 and order.delivery_fee == 35
    assert order.details["city"] == "Casablanca" and order.details["phone"] == "+212612345678"
    assert chat.state == "start" and chat.cart == {}


def test_free_delivery_above_threshold():
    chat = Chat()
    chat.send("bghit 3 kilo l3sel zaatar")
    summary = checkout(chat)
    assert "gratuite" in summary.lower() or "fabor" in summary.lower() or "free" in summary.lower()


def test_location_pin_is_accepted_as_the_address():
    chat = Chat()
    chat.send("bghit 1 amlou 500g")
    chat.send("ok")
    chat.send("Said")
    chat.send("Rabat")
    chat.send(location={"latitude": 34.02, "longitude": -6.83, "address": None, "label": None})
    assert chat.state == "confirm"
    assert chat.conv["data"]["details"]["latitude"] == 34.02


def test_returning_customer_is_offered_last_details():
    saved = {"name": "Fatima", "city": "Casablanca", "address": "Maarif, rue 3"}
    chat = Chat(customer=saved)
    chat.send("bghit 1 amlou 500g")
    reply = chat.send("safi")
    assert chat.state == "offer_saved" and "Maarif" in reply
    chat.send("iyeh")
    assert chat.state == "confirm"


def test_fuzzy_city_is_confirmed():
    chat = Chat()
    chat.send("bghit 1 amlou 500g")
    chat.send("ok")
    chat.send("Youssef")
    reply = chat.send("Marakech city")
    if chat.state == "confirm_city":
        assert "Marrakech" in reply
        chat.send("oui")
    assert chat.conv["data"]["details"]["city"] == "Marrakech"


def test_two_unusable_messages_offer_a_person():
    chat = Chat()
    chat.send("salam")
    chat.send("qsdkjqsd")
    reply = chat.send("zzzzqqq")
    assert "3iyet" in reply.lower() or "hder" in reply.lower() or "quelqu" in reply.lower() \
        or "someone" in reply.lower()


def test_handoff_keeps_the_bot_quiet_until_timeout():
    chat = Chat(handoff_minutes=60)
    reply = chat.send("bghit nhder m3a chi wa7ed")
    assert chat.state == "handoff" and chat.actions == [Handoff()]
    assert reply
    assert chat.send("allo?") == "" and chat.state == "handoff"
    chat.context["now"] = NOW + timedelta(hours=2)
    assert chat.send("salam") and chat.state != "handoff"


def test_cancel_after_confirm_asks_then_cancels():
    order = {"id": 7, "number": "T-1042", "status": "confirmed", "tracking": None}
    chat = Chat(last_order=order)
    reply = chat.send("bghit nlghi lcommande")
    assert "T-1042" in reply and chat.state == "confirm_cancel"
    chat.send("iyeh")
    assert chat.actions == [CancelOrder(order_id=7, reply_key="order_cancelled")]


def test_cancel_refused_once_shipped():
    order = {"id": 7, "number": "T-1042", "status": "in_transit", "tracking": "X"}
    reply = Chat(last_order=order).send("annuler ma commande")
    assert "T-1042" in reply and "0528000000" in reply


def test_status_question():
    order = {"id": 7, "number": "T-1042", "status": "out_for_delivery", "tracking": "SBX-1"}
    reply = Chat(last_order=order).send("fin wslat lcommande dyali?")
    assert "T-1042" in reply


def test_voice_note_and_sticker():
    chat = Chat()
    assert chat.send(media="voice") and chat.actions == [Handoff(reason="media", media="voice")]
    assert chat.state == "handoff"                          # a person listens to it (issue 18)
    chat = Chat()
    assert chat.send(media="sticker") and chat.actions == []


def test_price_question_lists_candidates():
    reply = Chat().send("ch7al amlou?")
    assert "Amlou aux amandes 250g — 60 DH" in reply and "110 DH" in reply


def test_delivery_question_for_a_city():
    reply = Chat().send("ch7al livraison l tanja?")
    assert "Tanger" in reply and "DH" in reply


@pytest.mark.parametrize("text, lang, word", [
    ("Bonjour, je voudrais 2 pots de miel de thym 1kg", "fr", "panier"),
    ("Hello, I want 2 jars of thyme honey 1kg", "en", "cart"),
    ("بغيت جوج كيلو عسل الزعتر", "ary-Arab", "ها شنو عندك"),
    ("bghit 2 kilo l3sel zaatar", "ary-Latn", "Ha chno 3ndek"),
])
def test_replies_follow_the_customer_language(text, lang, word):
    chat = Chat()
    reply = chat.send(text)
    assert chat.last.lang == lang and word in reply


def test_long_lists_are_split_under_whatsapp_limit():
    many = [dict(p, sku=f"{p['sku']}-{i}", name=f"{p['name']} lot {i}") for i in range(8)
            for p in PRODUCTS]
    chat = Chat(products=many)
    chat.send("catalogue")
    assert len(chat.last.replies) > 1 and all(len(r) <= 1600 for r in chat.last.replies)


def test_quantities_are_capped():
    chat = Chat()
    reply = chat.send("bghit 99999999999 amlou 250g")
    assert chat.cart == {"AMLOU-250": conversation.MAX_QTY}
    assert f"{conversation.MAX_QTY} ×" in reply


def test_availability_question_lists_those_products_and_a_number_picks_one():
    chat = Chat()
    reply = chat.send("Vous avez de l'huile d'argan ?")
    assert "1. Huile d'argan alimentaire 250ml" in reply and "Miel" not in reply
    chat.send("3")
    chat.send("2")
    assert chat.cart == {"ARGAN-COSM-100": 2}


def test_a_bare_number_after_adding_sets_that_lines_quantity():
    chat = Chat()
    chat.send("Je voudrais l'huile d'argan cosmétique 100ml")
    assert chat.cart == {"ARGAN-COSM-100": 1}
    chat.send("3")
    assert chat.cart == {"ARGAN-COSM-100": 3}


def test_the_newest_question_comes_first_and_narrowing_replaces_the_old_one():
    chat = Chat()
    chat.send("bghit l3sel")                      # which of the 6 honeys?
    chat.send("bghit ghassoul")                   # how many ghassoul? (asked first now)
    assert chat.conv["data"]["queue"][0] == {"type": "qty", "sku": "GHASSOUL-200"}
    chat.send("2")
    reply = chat.send("l3sel dyal zaatar")        # narrows the honey question
    assert "Miel d'euphorbe" not in reply and "Miel de thym 1kg" in reply
    assert len(chat.conv["data"]["queue"]) == 1
    chat.send("2")
    chat.send("1")
    assert chat.cart == {"GHASSOUL-200": 2, "MIEL-THYM-1KG": 1}


def test_thats_all_with_an_open_choice_goes_to_checkout():
    chat = Chat()
    chat.send("bghit 2 ghassoul w amlou")
    assert chat.conv["data"]["queue"]
    reply = chat.send("c'est tout")            # asked once more (issue 14)
    assert "Amlou aux amandes 500g" in reply and chat.state == "ordering"
    reply = chat.send("c'est tout")            # then dropped in words
    assert "amlou" in reply.lower()
    assert chat.state == "ask_name" and chat.cart == {"GHASSOUL-200": 2}


@pytest.mark.parametrize("name", ["Hamida Bennani", "Hamid Sellami", "Ahmed Lakhdar",
                                  "Sara Hamra", "Khadra Msemen", "Hamid Zitouni",
                                  "Said Zaatari"])
def test_names_that_sound_like_product_words_are_taken_as_names(name):
    chat = Chat()
    chat.send("bghit 2 amlou 500g")
    chat.send("safi")
    chat.send(name)
    assert chat.state == "ask_city" and chat.conv["data"]["details"]["name"] == name
    assert chat.cart == {"AMLOU-500": 2}


def test_ok_to_how_many_means_one():
    chat = chat_after("bghit 2 kilo l3sel zaatar w amlou kbir")
    assert chat.conv["data"]["queue"][0]["type"] == "qty"
    chat.send("safi hada howa")
    assert chat.cart == {"MIEL-THYM-1KG": 2, "AMLOU-500": 1}


@pytest.mark.parametrize("address", ["12 rue des Orangers, Agdal", "حي المسيرة زنقة 5",
                                     "Hay Salam, rue 4 n 12", "Résidence Amal imm 3 appt 5"])
def test_an_address_with_street_words_is_the_address(address):
    chat = Chat()
    chat.send("bghit 2 kilo l3sel zaatar")
    checkout(chat, address=address)
    assert chat.state == "confirm" and chat.conv["data"]["details"]["address"] == address
    assert chat.cart == {"MIEL-THYM-1KG": 2}


def test_ok_is_not_an_address_and_a_place_name_with_a_number_is_not_a_quantity():
    chat = chat_after("bghit 2 kilo l3sel zaatar", "safi", "Fatima", "casa", "wakha")
    assert chat.state == "ask_address" and "address" not in chat.conv["data"]["details"]
    chat = chat_after("bghit 2 kilo l3sel zaatar", "bni makada 14")
    assert chat.cart == {"MIEL-THYM-1KG": 2}


def test_a_city_after_anything_else_goes_on_to_delivery():
    chat = chat_after("bghit 2 kilo l3sel zaatar", "casa")
    assert chat.state == "ask_name" and chat.conv["data"]["details"]["city"] == "Casablanca"
    chat.send("Fatima")
    assert chat.state == "ask_address"


@pytest.mark.parametrize("change, detail, answer, expected", [
    ("la bdel l3onwan", "address", "hay dakhla n 5", "hay dakhla n 5"),
    ("changer la ville svp", "city", "Salé", "Salé"),
    ("wrong name", "name", "Amina Idrissi", "Amina Idrissi"),
    ("بدل العنوان", "address", "حي الرياض زنقة 12", "حي الرياض زنقة 12"),
])
def test_a_detail_is_changed_from_the_summary(change, detail, answer, expected):
    chat = chat_after("bghit 2 kilo l3sel zaatar")
    checkout(chat, city="Rabat")
    assert chat.state == "confirm"
    chat.send(change)
    assert chat.state == f"ask_{detail}" and detail not in chat.conv["data"]["details"]
    reply = chat.send(answer)
    assert chat.state == "confirm" and chat.conv["data"]["details"][detail] == expected
    assert expected in reply and chat.cart == {"MIEL-THYM-1KG": 2}


def test_a_new_address_at_the_summary_replaces_the_old_one():
    chat = chat_after("bghit 2 kilo l3sel zaatar")
    checkout(chat, city="agadir", address="hay salam bloc c n 23")
    chat.send("hay dakhla n 5")              # "Dakhla" is also a city: here a neighbourhood
    details = chat.conv["data"]["details"]
    assert chat.state == "confirm" and details["address"] == "hay dakhla n 5"
    assert details["city"] == "Agadir"


def test_the_basket_is_shown_on_request_and_actually_sets_the_one_in_it():
    chat = chat_after("je prends 2 huiles d'argan cosmétique 100ml")
    reply = chat.send("chno kayn f lpanier?")
    assert "2 × Huile d'argan cosmétique 100ml" in reply and "Miel de thym" not in reply
    chat.send("en fait 3 huiles")            # several oils match; one is in the basket
    assert chat.cart == {"ARGAN-COSM-100": 3} and not chat.conv["data"]["queue"]


@pytest.mark.parametrize("swap", ["bdel amlou b ghassoul", "remplacez l'amlou par du ghassoul",
                                  "swap the amlou for ghassoul", "بدل الأملو بالغاسول"])
def test_one_product_is_swapped_for_another_with_its_quantity(swap):
    chat = chat_after("bghit 2 amlou 500g")
    chat.send(swap)
    assert chat.cart == {"GHASSOUL-200": 2} and not chat.conv["data"]["queue"]


def test_a_swap_with_its_own_quantity_or_an_open_choice():
    assert chat_after("bghit 2 amlou 500g", "bdel 2 amlou b 3 ghassoul").cart == {
        "GHASSOUL-200": 3}
    chat = chat_after("bghit 2 amlou 500g", "bdel amlou b 3sel zaatar")
    assert chat.cart == {}
    assert chat.conv["data"]["queue"][0]["quantity"] == 2        # which thyme honey? (×2)
    chat.send("1")
    assert chat.cart == {"MIEL-THYM-500": 2}


def test_a_name_or_address_keeps_the_conversation_language():
    chat = Chat()
    chat.send("Bonjour, je voudrais 2 ghassoul")
    chat.send("c'est tout")
    reply = chat.send("Karima Benali")
    assert chat.last.lang == "fr" and "ville" in reply.lower()


def test_a_price_answer_offers_the_products_and_the_next_message_can_take_one():
    chat = Chat()
    reply = chat.send("how much is the saffron?")
    assert "1. Safran de Taliouine 1g — 40 DH" in reply
    chat.send("I'll take 2 of the 1g")
    assert chat.cart == {"SAFRAN-1G": 2}


def test_a_price_offer_is_dropped_when_the_customer_moves_on():
    chat = Chat()
    chat.send("ch7al ghassoul")
    chat.send("choukran")
    assert chat.conv["data"]["queue"] == [] and chat.cart == {}
    chat.send("bghit 2 amlou 500g")
    assert chat.cart == {"AMLOU-500": 2}


def test_done_is_not_read_as_d_plus_one():
    chat = Chat()
    chat.send("I want 2 ghassoul")
    chat.send("done")
    assert chat.state == "ask_name" and chat.cart == {"GHASSOUL-200": 2}


def test_a_removal_after_the_product_removes_it():
    chat = Chat()
    chat.send("bghit 2 amlou 250g w safran 1g")
    chat.send("1")
    assert set(chat.cart) == {"AMLOU-250", "SAFRAN-1G"}
    chat.send("zaafran 7aydo 3afak")
    assert chat.cart == {"AMLOU-250": 2}


def test_a_city_named_with_the_order_is_kept_for_checkout():
    chat = Chat()
    chat.send("Bonjour, je voudrais 2 ghassoul, livraison à Rabat")
    chat.send("c'est tout")
    chat.send("Samira")
    assert chat.state == "ask_address" and chat.conv["data"]["details"]["city"] == "Rabat"


def test_step_never_changes_the_conversation_it_is_given():
    chat = Chat()
    chat.send("bghit 2 amlou 500g")
    chat.send("zid wa7ed ghassoul")
    frozen = json.dumps(chat.conv, sort_keys=True)
    result = conversation.step(chat.conv, Event(text="bghit 3 zit argan 1l"), ctx())
    assert json.dumps(chat.conv, sort_keys=True) == frozen
    assert result.data["queue"] and not chat.conv["data"]["queue"]   # the change is in the result


# -- SMS: texts made for SMS (the transport strips emojis; lists are paged) ----------------------

@pytest.mark.parametrize("greeting, more", [("salam", "lbaqi"), ("السلام عليكم", "الباقي"),
                                            ("bonjour, le catalogue", "suite"),
                                            ("hello, the catalog please", "more")])
def test_by_sms_the_welcome_fits_two_sms_and_the_catalog_is_paged(greeting, more):
    from bot.sms import is_gsm7, sms_segments, sms_text

    chat = Chat(channel="sms")
    welcome = sms_text(Chat(channel="sms").send(greeting.split(",")[0]))
    assert sms_segments(welcome) <= 2
    reply, pages, seen = chat.send("lista" if greeting == "salam" else
                                   "ليستة" if greeting.startswith("ال") else greeting), 1, ""
    while chat.conv["data"].get("catalog_page"):
        text = sms_text(reply)
        assert sms_segments(text) <= (2 if is_gsm7(text) else 3), text
        assert f"{pages}/" in reply
        seen += reply
        reply, pages = chat.send(more), pages + 1
    seen += reply
    in_stock = [p for p in PRODUCTS if p["in_stock"]]
    assert pages > 1 and all(p["name"] in seen for p in in_stock)
    assert f"{len(in_stock)}. {in_stock[-1]['name']}" in seen      # numbers run across pages
    chat.send("7")
    assert chat.conv["data"]["queue"][0]["sku"] == in_stock[6]["sku"]


def test_on_whatsapp_the_catalog_is_one_message_and_more_means_nothing_special():
    chat = Chat()
    reply = chat.send("lista")
    assert all(p["name"] in reply for p in PRODUCTS if p["in_stock"])
    assert "catalog_page" not in chat.conv["data"]


def test_without_a_cooperative_phone_the_summary_never_labels_the_customers_own():
    coop = {**COOP, "settings": {k: v for k, v in COOP["settings"].items()
                                 if k != "contact_phone"}}
    chat = chat_after("bghit 2 amlou 500g", coop=coop)
    reply = checkout(chat)
    assert chat.state == "confirm"
    assert "0612345678" not in reply and "coopérative :" not in reply.lower()
    with_phone = checkout(chat_after("bghit 2 amlou 500g"))
    assert "Nnmra dyal tta3awniya: 0528000000" in with_phone


def test_a_french_first_message_from_a_moroccan_number_is_answered_in_french():
    chat = Chat()                                  # +212 number: Darija only without cues
    chat.send("1 amlou pour Aziz Bennani Rabat Akkari rue 44 n 3")
    assert chat.last.lang == "fr"


@pytest.mark.parametrize("question, answer, cart", [
    ("ch7al couscous?", "wakha 3tini jouj kilo", {"COUSCOUS-ORGE-1KG": 2}),
    ("wach 3ndkom 3sel zhar?", "bghit 2 kilo", {"MIEL-ORANG-1KG": 2}),
    ("Combien coûte l'huile d'argan cosmétique ?", "ok je prends une de 100ml",
     {"ARGAN-COSM-100": 1}),
    ("I'd like some olive oil", "ok the 1 litre then, just one", {"OLIVE-1L": 1}),
])
def test_a_measure_after_the_sizes_of_one_product_orders_that_product(question, answer, cart):
    chat = chat_after(question)
    chat.send(answer)
    assert chat.cart == cart


def test_safi_is_the_city_where_a_city_is_expected_and_done_after_anything_else():
    chat = chat_after("bghit 1 ghassoul")
    chat.send("safi")                              # after "anything else?": that's all
    assert chat.state == "ask_name"
    chat.send("Houda Sebti")
    chat.send("safi")                              # at the city question: the city
    assert chat.conv["data"]["details"].get("city") == "Safi"
    chat = chat_after("bghit 1 ghassoul", "safi")
    chat.send("Houda Sebti, Safi, Kawki rue 3 n°2")    # a part of a delivery answer
    assert chat.conv["data"]["details"].get("city") == "Safi" and chat.state == "confirm"


def test_safi_right_after_the_basket_and_the_delivery_question_is_no_city():
    chat = chat_after("slm bghit 1 zit zitoun 5 litre l Si Mohamed")
    assert chat.state == "ask_city"
    chat.send("safi")                              # the basket is fine, not the city of Safi
    assert chat.conv["data"]["details"].get("city") is None


def test_a_full_name_spelled_like_a_darija_word_does_not_make_english_darija():
    chat = Chat()                                  # "Liam" has the spelling key of "liyam"
    chat.send("one olive oil 1L and one couscous please — Liam Walsh, Tangier, 18 Rue Ibn Battouta")
    assert chat.last.lang == "en"
    chat = Chat()
    chat.send("bghit 2 amlou, smiti Nour Alaoui")
    assert chat.last.lang == "ary-Latn"


def test_a_product_word_inside_a_name_or_a_place_given_with_the_details_orders_nothing():
    chat = chat_after("bghit 1 amlou 250")
    reply = chat.send("Karim Zitouni, fes, derb lamar n 33 fes jdid")
    assert chat.cart == {"AMLOU-250": 1} and "Huile d'olive" not in reply
    atlas = read_csv("tests/data/catalog_atlas_en.csv")
    chat = Chat(products=atlas)
    reply = chat.send("Hi! I'd like 2 jars of thyme honey and one amlou, name is Emma Clarke, "
                      "delivery to Marrakech, Riad Dar Zitoun, Derb Sidi Bouloukat 23, Medina")
    assert chat.cart == {"TH-500": 2, "AML-300": 1} and "Olive" not in reply
    assert chat.state == "confirm"
    chat = Chat(products=atlas)
    chat.send("I'd like 2 Thyme Honey, name is Emma Clarke, Marrakech, Derb Sidi Bouloukat 23")
    assert chat.cart == {"TH-500": 2}                # capitalised product words still order


def test_a_product_word_inside_an_address_at_the_address_step_is_the_address():
    chat = Chat(products=read_csv("tests/data/catalog_atlas_en.csv"))
    for text in ("I want 2 thyme honey", "that's all", "Emma Clarke", "Marrakech"):
        chat.send(text)
    assert chat.state == "ask_address"
    chat.send("Riad Dar Zitoun")                   # a guesthouse, not olive oil
    assert chat.state == "confirm" and chat.cart == {"TH-500": 2}
    assert chat.conv["data"]["details"]["address"] == "Riad Dar Zitoun"


def test_a_price_question_naming_no_product_is_about_the_sizes_just_asked():
    chat = chat_after("bghit 3sel zaatar")
    reply = chat.send("ch7al lkilo w ch7al nss?")
    assert "Miel de thym 1kg — 220 DH" in reply and "Amlou" not in reply
    chat.send("3tini nss")
    assert chat.cart == {"MIEL-THYM-500": 1}


def test_a_capitalised_product_name_with_an_unknown_word_still_orders_with_the_details():
    chat = Chat()
    chat.send("2 Amlou Beldi Royal, smiti Salma Idrissi, Rabat, hay riad zanqa 7 raqm 14")
    question = chat.conv["data"]["queue"][0]          # "Royal" is unknown, "Amlou" is not
    assert question["candidates"] == ["AMLOU-250", "AMLOU-500"] and question["quantity"] == 2


def test_a_message_written_all_in_capitalised_words_keeps_its_language():
    chat = Chat()
    chat.send("I Want Two Amlou Please")
    assert chat.last.lang == "en"


def test_a_leading_safi_before_the_details_is_ok_not_the_city():
    chat = chat_after("bghit 1 ghassoul", "safi")
    chat.send("safi, Houda Sebti, Casablanca, hay riad 12")
    assert chat.conv["data"]["details"]["city"] == "Casablanca"
    chat = chat_after("bghit 1 ghassoul", "safi")
    chat.send("safi, Houda Sebti")
    assert chat.conv["data"]["details"].get("city") is None
    chat = chat_after("bghit 1 ghassoul", "safi")
    chat.send("safi, Safi, Houda Sebti, hay kawki 12")
    assert chat.conv["data"]["details"].get("city") == "Safi"


@pytest.mark.parametrize("text, lang", [
    ("2 amlou, je m'appelle Salma, hay riad zanqa 7", "fr"),
    ("Commande: 2 amlou, 1 ghassoul. Nom: Salma Idrissi", "fr"),
    ("2 amlou, my name is Salma, hay riad zanqa 7", "en"),
    ("2 amlou, smiti Salma, 12 rue des Orangers", "ary-Latn"),
])
def test_the_name_cue_of_an_order_with_its_details_shows_the_language(text, lang):
    chat = Chat()                                  # the only cue is the one before the name
    chat.send(text)
    assert chat.last.lang == lang, text


@pytest.mark.parametrize("question, answer, cart", [
    ("bch7al amlou?", "3tini jouj sghar", {"AMLOU-250": 2}),
    ("bch7al amlou?", "ok 3tini wa7ed sghir", {"AMLOU-250": 1}),
    ("combien l'amlou ?", "deux petits", {"AMLOU-250": 2}),
    ("bghit amlou", "3 kbar", {"AMLOU-500": 3}),
])
def test_a_number_with_a_size_word_is_how_many_of_that_size(question, answer, cart):
    chat = chat_after(question)
    chat.send(answer)                              # "2" is not "the 2nd" next to "sghar"
    assert chat.cart == cart


@pytest.mark.parametrize("question, answer, cart", [
    ("bghit amlou, ch7al dyal 500g?", "ghali chwiya, 3tini ghir wa7ed dyal 250g", {"AMLOU-250": 1}),
    ("I want saffron, how much is the 5g?", "too expensive, give me one 1g", {"SAFRAN-1G": 1}),
    ("je veux du safran, combien le 5g ?", "trop cher, donnez-moi un de 1g", {"SAFRAN-1G": 1}),
])
def test_a_price_question_adds_nothing_and_a_smaller_size_after_haggling_is_ordered(
        question, answer, cart):
    chat = Chat()
    chat.send(question)
    assert chat.cart == {}                         # its prices, then "how many?"
    chat.send(answer)                              # the other size of the product priced
    assert chat.cart == cart


def test_the_big_jar_is_not_a_refill_bag_of_the_same_size():
    products = [
        {"sku": "RAS-100", "name": "Ras el hanout pot 100g", "price": 35, "unit": "g",
         "size": 100, "aliases": ["ras el hanout"], "in_stock": True},
        {"sku": "RAS-250", "name": "Ras el hanout pot 250g", "price": 75, "unit": "g",
         "size": 250, "aliases": [], "in_stock": True},
        {"sku": "RAS-RECH", "name": "Ras el hanout recharge sachet 250g", "price": 60,
         "unit": "g", "size": 250, "aliases": [], "in_stock": True}]
    chat = chat_after("I want ras el hanout", "the big jar", "2", products=products)
    assert chat.cart == {"RAS-250": 2}
    chat = chat_after("I want ras el hanout", products=products)
    reply = chat.send("the big one")
    assert chat.cart == {} and "recharge" in reply   # a 250 g jar and a 250 g bag: still asked
    chat.send("3")
    chat.send("1")
    assert chat.cart == {"RAS-RECH": 1}


def test_which_one_is_answered_by_a_size_in_cm():
    products = [{"sku": f"TJ-{cm}", "name": f"Tajine de cuisson {cm} cm", "price": 3 * cm,
                 "unit": "piece", "size": 1, "aliases": ["tagine"], "in_stock": True}
                for cm in (25, 30, 35)]
    chat = chat_after("I'd like a tagine", products=products)
    assert chat.cart == {}
    chat.send("the 30cm one")          # the size, not thirty of the first
    assert chat.cart == {"TJ-30": 1}


TAGINES = [{"sku": f"TJ-{cm}", "name": f"Tajine de cuisson {cm} cm ({n} pers)", "price": 3 * cm,
            "unit": "piece", "size": 1, "aliases": ["cooking tagine"] if cm == 25 else [],
            "in_stock": True} for cm, n in ((25, 2), (30, 4), (35, 6))]


@pytest.mark.parametrize("answer, sku", [("no sorry the medium one", "TJ-30"),
                                         ("no the small one", "TJ-25")])
def test_how_many_answered_by_another_size_word_takes_that_size(answer, sku):
    chat = chat_after("I want the big cooking tagine", products=TAGINES)
    assert chat.cart == {}                   # how many of the 35 cm?
    chat.send(answer)                        # its "one" is the product, not a count of the 35
    assert chat.cart == {sku: 1}


def test_a_size_none_of_the_options_has_asks_again():
    products = TAGINES + [{"sku": "DECO-20", "name": "Tajine décoratif 20 cm", "price": 140,
                           "unit": "piece", "size": 1, "aliases": [], "in_stock": True}]
    chat = chat_after("I want a big tajine", products=products)   # the 35 cm or the decorative
    reply = chat.send("the 30cm one")
    assert chat.cart == {} and "1." in reply  # asked again: not the first of them for its "one"


@pytest.mark.parametrize("change", ["actually no, 2 amlou instead", "en fait non, plutôt 2 amlou"])
def test_another_product_instead_with_its_own_count_replaces_the_line(change):
    chat = chat_after("bghit 1 ghassoul", products=PRODUCTS)
    assert chat.cart == {"GHASSOUL-200": 1}
    chat.send(change)                        # which amlou is asked; the ghassoul is gone
    assert chat.cart == {}
    chat.send("1")
    assert chat.cart == {"AMLOU-250": 2}


BASKETS = [{"sku": f"PANIER-{size[0].upper()}", "name": f"Panier en osier {size}", "price": price,
            "unit": "piece", "size": 1, "aliases": ["basket"] if size == "moyen" else [],
            "in_stock": True} for size, price in (("moyen", 80), ("grand", 120))]


def test_several_size_words_after_a_list_are_a_line_each():
    chat = chat_after("do you have baskets?", products=BASKETS)
    chat.send("2 large ones and a medium")
    assert chat.cart == {"PANIER-G": 2, "PANIER-M": 1}


def test_a_correction_with_several_sizes_replaces_the_line():
    chat = chat_after("2 paniers moyens svp", products=BASKETS)
    assert chat.cart == {"PANIER-M": 2}
    chat.send("non pardon, un moyen et un grand")
    assert chat.cart == {"PANIER-M": 1, "PANIER-G": 1}
