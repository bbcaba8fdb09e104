"""Pre-sale answers (bot/answers.py, bot/nlu/questions.py and their conversation hook)."""

import copy

import pytest

from bot import answers, nlu
from bot.coops import CoopError, parse_coop
from test_conversation import COOP, INDEX, Chat, chat_after, checkout


def coop_with(**about):
    coop = copy.deepcopy(COOP)
    coop["settings"]["about"] = about
    return coop


@pytest.mark.parametrize("text, topic", [
    ("wach katkhlso b lcarte?", "payment"),
    ("est-ce que je paie à la livraison ?", "payment"),
    ("واش نخلص عند الباب؟", "payment"),
    ("ch7al mn nhar kat9ed livraison l agadir?", "delivery"),
    ("vous êtes où exactement ?", "pickup"),
    ("فين كاينة التعاونية؟", "pickup"),
    ("what are your opening hours?", "hours"),
    ("wach khdamin nhar l7ed?", "hours"),
    ("ila ma 3jbnich lproduit n9der nrj3o?", "returns"),
    ("wach l3sel beldi?", "authenticity"),
    ("is the argan oil pure?", "authenticity"),
    ("chno lfar9 bin zit argan dyal lmakla w dyal chi3r?", "argan_types"),
    ("vous faites des prix de gros ?", "wholesale"),
    ("wach kayna chi promo had l2ayam?", "promotion"),
    ("ghali chwiya", "discount"),
    ("c'est trop cher, un prix ?", "discount"),
    ("wach nta robot?", "robot"),
    ("bghit nkhdem m3akom", "off_topic"),
])
def test_topic_detection(text, topic):
    assert nlu.parse(text, INDEX).topic == topic


def test_a_city_name_is_not_a_topic_word():
    assert nlu.parse("livraison à Salé ?", INDEX).topic != "promotion"
    assert nlu.parse("bghit 2 amlou", INDEX).topic is None


def test_payment_is_cash_at_the_door_and_card_only_when_accepted():
    reply = Chat().send("wach katkhlso b lcarte?")
    assert "cash" in reply and "lcarte" not in reply
    chat = Chat(coop=coop_with(payment=["cash", "card"]))
    reply = chat.send("can I pay by card?")
    assert "cash" in reply and "card" in reply and chat.last.topic == "payment"
    assert "welcome" not in chat.last.replies[0]


def test_delivery_for_a_named_city_gives_days_and_fee():
    chat = Chat(coop=coop_with(delivery_days={"default": "2-4", "Agadir": "1"}))
    reply = chat.send("ch7al mn nhar kat9ed livraison l agadir?")
    assert "Agadir" in reply and "1 iyam" in reply and "35 DH" in reply
    reply = chat.send("how long does delivery take?")
    assert "2-4 days" in reply and chat.last.topic == "delivery"


def test_pickup_gives_the_address_or_says_courier_only():
    reply = Chat().send("vous êtes où exactement ?")
    assert "livreur" in reply
    chat = Chat(coop=coop_with(pickup_address="Douar Tifawin, Agadir", hours="8:00-17:00"))
    reply = chat.send("فين كاينة التعاونية؟")
    assert "Douar Tifawin, Agadir" in reply and "8:00-17:00" in reply


def test_hours_name_the_closed_days_in_the_customer_language():
    reply = Chat(coop=coop_with(closed=["friday"])).send("واش خدامين نهار الجمعة؟")
    assert "9:00-18:00" in reply and "الجمعة" in reply


def test_returns_and_refused_parcels():
    chat = Chat(coop=coop_with(returns_days=10))
    reply = chat.send("et si je refuse le colis ?")
    assert "10 jours" in reply and chat.last.topic == "returns"


def test_origin_uses_the_cooperative_statement_per_language():
    coop = coop_with(origin={"en": "From our hives in the Souss.", "fr": "De nos ruches."})
    chat = Chat(coop=coop)
    assert "From our hives in the Souss." in chat.send("is the honey pure?")
    assert "🌿" in Chat().send("wach l3sel beldi?")


def test_food_and_cosmetic_argan():
    chat = Chat()
    reply = chat.send("quelle différence entre l'huile d'argan alimentaire et cosmétique ?")
    assert "torréfiés" in reply and chat.last.topic == "argan_types"
    assert chat.state == "start" and not chat.conv["data"]["queue"]


def test_wholesale_rule_or_a_person():
    chat = Chat(coop=coop_with(wholesale={"min_amount": 2000, "discount": 10}))
    reply = chat.send("do you sell wholesale?")
    assert "10% off from 2000 DH" in reply
    chat = Chat()
    reply = chat.send("vous faites des prix de gros ?")
    assert "(oui / non)" in reply
    chat.send("oui")
    assert chat.state == "handoff"


def test_promotion_text_or_none():
    assert "-10 % sur l'amlou" in Chat(coop=coop_with(promotion="-10 % sur l'amlou")).send(
        "vous avez des promotions ?")
    assert "500 DH" in Chat().send("any promo right now?")


def test_negotiation_gets_a_fixed_price_and_keeps_the_product():
    chat = chat_after("ch7al amlou 250g?")
    reply = chat.send("ghali chwiya")
    assert chat.last.topic == "discount" and "tabet" in reply
    assert "Ch7al" in reply or "ch7al" in reply          # "how many?" about the amlou again
    chat.send("2")
    assert chat.cart == {"AMLOU-250": 2}


def test_negotiation_mentions_the_wholesale_rule_when_there_is_one():
    chat = Chat(coop=coop_with(wholesale={"min_amount": 1500, "discount": 5}))
    reply = chat.send("c'est trop cher, vous faites un prix ?")
    assert "fixes" in reply and "5 %" in reply and "1500 DH" in reply


def test_robot_and_off_topic_lead_back_to_ordering():
    chat = Chat()
    reply = chat.send("are you a robot?")
    assert "assistant" in reply and "(yes / no)" in reply
    reply = chat.send("tell me a joke")
    assert chat.last.topic == "off_topic" and "Tifawin" in reply and "catalog" in reply


def test_an_unknown_question_offers_a_person_yes_and_no_work():
    chat = Chat()
    reply = chat.send("wach l3sel mzyan l diabète?")
    assert chat.last.topic == "ask_coop" and "(iyeh / la)" in reply
    assert "Salam w mrehba" not in reply
    chat.send("iyeh")
    assert chat.state == "handoff" and {"type": "handoff"} in chat.actions
    chat = Chat()
    chat.send("how long does amlou keep once opened?")
    reply = chat.send("no")
    assert chat.state == "start" and "catalog" in reply


def test_do_you_have_a_product_not_sold_says_so_without_the_catalog():
    chat = Chat()
    reply = chat.send("vous avez du fromage ?")
    assert "fromage" in reply and "Miel de thym" not in reply
    assert chat.last.topic == "availability"


def test_do_you_have_a_product_sold_gives_price_and_how_many():
    chat = Chat()
    reply = chat.send("wach 3ndkom ghassoul?")
    assert "30 DH" in reply and "Ch7al" in reply
    chat.send("3")
    assert chat.cart == {"GHASSOUL-200": 3}


def test_a_question_at_the_summary_keeps_the_place():
    chat = chat_after("bghit 2 amlou 500g")
    checkout(chat)
    assert chat.state == "confirm"
    reply = chat.send("wach n9der nkhelles b lcarte?")
    assert chat.state == "confirm" and chat.last.topic == "payment"
    assert reply.strip().endswith(chat.last.replies[-1].split("\n")[-1])
    assert "iyeh" in reply.split("\n")[-1]
    chat.send("iyeh")
    assert any(a["type"] == "create_order" for a in chat.actions)


def test_a_question_with_a_cart_offers_the_cart_again_in_one_line():
    chat = chat_after("bghit 2 amlou 500g")
    reply = chat.send("est-ce que vous livrez à Fès ?")
    assert "Fès" in reply and "220 DH" in reply.split("\n")[-1]


def test_a_name_is_not_a_question():
    chat = chat_after("bghit 2 amlou 500g", "safi")
    assert chat.state == "ask_name"
    chat.send("Ghalia Bennani")
    assert chat.conv["data"]["details"]["name"] == "Ghalia Bennani"


def test_texts_can_be_overridden_per_language():
    coop = coop_with(texts={"faq_robot": {"en": "I am Tifawin's helper bot."}})
    assert "Tifawin's helper bot" in Chat(coop=coop).send("are you a bot?")
    assert "assistant automatique" in Chat(coop=coop).send("vous êtes un robot ?")


def test_cooperative_file_about_section_is_validated():
    base = {"slug": "x", "name": "X"}
    parsed = parse_coop(dict(base, about={"payment": ["cash", "card"], "closed": "Friday",
                                          "wholesale": {"min_amount": "1000", "discount": 5}}))
    about = parsed["coop"]["settings"]["about"]
    assert about["payment"] == ["cash", "card"] and about["closed"] == ["friday"]
    assert about["wholesale"] == {"min_amount": 1000.0, "discount": 5.0}
    with pytest.raises(CoopError) as err:
        parse_coop(dict(base, about={"payment": ["bitcoin"], "colour": "red"}))
    assert "about.payment" in str(err.value) and "about.colour" in str(err.value)
    assert answers.facts({"settings": {}})["payment"] == ["cash"]
