"""Round 21, wrong parcels left on the demo cooperative: a colour word beside a word nobody
knows after "and" ("… and 1 brown sugar", "w 1 khobz byed", "et 1 lentilles rouges")
is a product the sheet does not sell, never one more of the line before; "one less honey"
(English "less" / "fewer" between the count and the product, as "un miel de moins", "n9es
wa7ed 3sel") takes that count off the line, also beside "one more amlou"; a message that
opens with "also" / "and" / "zid" / "aussi du" and a word nobody knows ("also hummus") is a
product not sold, never one more of the basket's last line."""

from tests.test_conversation import chat_after


def test_a_coloured_unknown_product_after_and_is_not_more_of_the_line_before():
    for text, said in (("i want 2 ghassoul and 1 brown sugar", "brown sugar"),
                       ("i want 2 ghassoul and 1 red lentils", "red lentils"),
                       ("bghit 2 ghassoul w 1 khobz byed", "khobz byed"),
                       ("je veux 2 ghassoul et 1 lentilles rouges", "lentilles rouges"),
                       ("جوج غاسول و واحد السكر البني", "السكر البني")):
        chat = chat_after()
        reply = chat.send(text)
        assert chat.cart == {"GHASSOUL-200": 2}, (text, chat.cart)
        assert said in reply, (text, reply)


def test_one_less_takes_that_count_off_the_line_named():
    start = "2 amlou 250 and 4 thyme honey 500g"
    for text, cart in (("one more amlou and one less honey", {"AMLOU-250": 3, "MIEL-THYM-500": 3}),
                       ("one less honey and one more amlou", {"AMLOU-250": 3, "MIEL-THYM-500": 3}),
                       ("one less honey", {"AMLOU-250": 2, "MIEL-THYM-500": 3}),
                       ("2 fewer honey", {"AMLOU-250": 2, "MIEL-THYM-500": 2})):
        chat = chat_after(start, text)
        assert chat.cart == cart, (text, chat.cart)


def test_an_unknown_word_after_an_adding_word_is_a_product_not_sold():
    for first, then, said in (("i want 1 amlou 250", "also hummus", "hummus"),
                              ("i want 1 amlou 250", "and hummus", "hummus"),
                              ("je veux 1 amlou 250", "aussi du houmous", "houmous"),
                              ("bghit 1 amlou 250", "zid hummus", "hummus"),
                              ("bghit 1 amlou 250", "w chebakia", "chebakia")):
        chat = chat_after(first)
        reply = chat.send(then)
        assert chat.cart == {"AMLOU-250": 1}, (then, chat.cart)
        assert said in reply, (then, reply)
