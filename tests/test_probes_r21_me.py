"""Round 21, found at the merge desk: a "but" between a counted line and a count is "of
which" ("3 thyme honey 500g but one of them 1kg" packed three jars of each size; "3 miels de
thym 500g mais un en 1kg" read "mais" as corn, not sold, and asked again)."""

from tests.test_conversation import chat_after


def test_a_but_before_a_count_is_a_part_of_the_line():
    for text in ("i want 3 thyme honey 500g but one of them 1kg",
                 "3 thyme honey 500g but one 1kg",
                 "i want 3 thyme honey 500g but 1 of them in 1kg",
                 "je veux 3 miels de thym 500g mais un en 1kg",
                 "je veux 3 miels de thym 500g mais un d'entre eux en 1kg",
                 "3afak bghit 3 d lmiel thym 500 g mais wa7ed fihom 1 kg",
                 "bghit 3 3sel zaatar nos kilo walakin wa7ed menhom kilo"):
        chat = chat_after(text)
        assert chat.cart == {"MIEL-THYM-500": 2, "MIEL-THYM-1KG": 1}, (text, chat.cart)


def test_a_but_before_another_product_still_orders_both():
    chat = chat_after("i want 2 amlou 250g but 3 thyme honey 500g")
    assert chat.cart == {"AMLOU-250": 2, "MIEL-THYM-500": 3}
    chat = chat_after("je veux pas 1 kg mais 2 kg de miel de thym")
    assert chat.cart == {"MIEL-THYM-1KG": 2}


def test_mais_naming_corn_is_still_a_product_word():
    # on the demo sheet nobody sells corn: said not sold, nothing packed
    chat = chat_after("je veux 2 kg de mais")
    assert chat.cart == {}


def _reply(chat) -> str:
    return "\n".join(chat.last.replies)


def test_why_a_product_is_as_it_is_is_passed_on_not_ordered():
    # "which one?" (an order), the stock, or the payment answer, before
    for text in ("3lach l3sel kay9ser?", "why is the amlou oily?", "3lach amlou fih zit bzaf?",
                 "علاش العسل كيتسكر؟", "wach l3sel kaytsker?",
                 "pourquoi le miel de thym est dur ?"):
        chat = chat_after(text)
        assert chat.cart == {}, text
        assert not [q for q in chat.conv["data"].get("queue", []) if not q.get("soft")], text
        assert chat.conv["data"].get("human_offered"), (text, _reply(chat))


def test_why_about_an_order_or_a_price_keeps_its_answer():
    chat = chat_after("why so expensive?")
    assert not chat.conv["data"].get("human_offered")
    chat = chat_after("bghit 2 amlou 3lach la?")
    assert [q for q in chat.conv["data"].get("queue", []) if not q.get("soft")]
    assert not chat.conv["data"].get("human_offered")


def test_a_question_with_a_yes_word_inside_is_no_yes_to_a_person():
    # "exactement" (a yes) in "vous êtes où exactement ?" handed the customer to a person
    chat = chat_after("Bonjour, le miel cristallise-t-il ?", "vous êtes où exactement ?")
    assert chat.conv["state"] != "handoff", chat.conv["state"]
    assert _reply(chat).startswith("📍"), _reply(chat)      # the pickup answer
    chat = chat_after("Bonjour, le miel cristallise-t-il ?", "oui")
    assert chat.conv["state"] == "handoff"


def test_a_street_and_number_after_a_district_alone_complete_the_address():
    # the district was replaced (lost) by the street sent after the summary
    chat = chat_after("je veux 2 savon noir", "Karim Benali Casa Oulfa", "rue 44 numero 8")
    assert chat.conv["data"]["details"]["address"] == "Oulfa, rue 44 numero 8"
    chat = chat_after("bghit 2 amlou 250", "Said, Agadir, Talborjt", "zanqa 7 raqm 14")
    assert chat.conv["data"]["details"]["address"] == "Talborjt, zanqa 7 raqm 14"
    # a new address said as one replaces the old
    chat = chat_after("I want 2 amlou 250g", "John, Rabat, Agdal", "no, Hay Riad 12")
    assert chat.conv["data"]["details"]["address"] == "Hay Riad 12"
    chat = chat_after("bghit 2 amlou 250", "Said, Agadir, Talborjt",
                      "la, l3onwan howa hay salam 12")
    assert chat.conv["data"]["details"]["address"] == "hay salam 12"
    chat = chat_after("bghit 2 amlou 250", "Said, Agadir, Talborjt 5", "zanqa 7 raqm 14")
    assert chat.conv["data"]["details"]["address"] == "zanqa 7 raqm 14"


def test_a_french_verb_with_en_before_a_count_is_a_part_of_the_line():
    # "mettez-en 2 en 1kg" at 3 × 500 g: the 500 g jar left was lost (two 1 kg only)
    for first, then in (("je veux 3 miels de thym 500g", "mettez-en 2 en 1kg"),
                        ("je veux 3 miels de thym 500g", "faites-en 2 en 1kg")):
        chat = chat_after(first, then)
        assert chat.cart == {"MIEL-THYM-500": 1, "MIEL-THYM-1KG": 2}, (then, chat.cart)
    chat = chat_after("je veux 3 miels de thym 500g, mettez-en 2 en 1kg")
    assert chat.cart == {"MIEL-THYM-500": 1, "MIEL-THYM-1KG": 2}
    # before a size, the whole line goes to it
    chat = chat_after("je veux 3 miels de thym 500g", "mettez en 1kg")
    assert chat.cart == {"MIEL-THYM-1KG": 3}


def test_a_but_word_of_the_sheets_names_is_no_but():
    # "Kseksou dra (maïs) 1kg" copied from the list: "maïs" read as "but", two bags packed
    from pathlib import Path

    from bot.catalog import read_csv
    sheet = read_csv(Path(__file__).parent / "data" / "catalog_r15_p15ary_kseksou.csv")
    for text in ("1 x Kseksou dra (maïs) 1kg", "I want one Kseksou dra (maïs) 1kilo",
                 "عطيني ١ Kseksou dra (maïs) 1kg"):
        chat = chat_after(text, products=sheet)
        assert chat.cart == {"KSK-DRA-1KG": 1}, (text, chat.cart)


def test_a_figure_inside_an_arabizi_word_is_never_cut_off():
    # "kat7ello" was cut "kat" "7ello": the hours question got "I'll ask the cooperative"
    from bot.nlu.grammar import split_glued_figures
    assert split_glued_figures(["imta", "kat7ello", "sba7"]) == ["imta", "kat7ello", "sba7"]
    chat = chat_after("imta kat7ello sba7?")
    assert not chat.conv["data"].get("human_offered"), chat.last.replies


def test_a_count_of_a_pack_copied_from_the_list_is_of_packs():
    # "2 x … pack 2 x 250ml": one pack (the "x" read as the pieces' container word)
    from pathlib import Path

    from bot.catalog import read_csv
    sheet = read_csv(Path(__file__).parent / "data" / "catalog_r17_p17latn_argan.csv")
    chat = chat_after("2 x Zit argan dyal lmakla pack 2 x 250ml", products=sheet)
    assert chat.cart == {"ARG-MAKLA-P2": 2}, chat.cart
