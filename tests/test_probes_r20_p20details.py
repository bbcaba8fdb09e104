"""Round 20, the name, the town and the address read right at checkout: a first name that
is also a little word ("Ana"), a recipient cue before a colon, a first name last after the
address, a street word that is no surname, a king's number in a street's name, a town
written as an everyday word closing the details."""

from bot.nlu import details
from tests.test_conversation import chat_after


def _chat(*messages):
    return chat_after("bghit 1 amlou 250g", *messages)


def _details(*messages):
    return _chat(*messages).conv["data"]["details"]


def _got(*messages):
    got = _details(*messages)
    return got.get("name"), got.get("city"), got.get("address")


def test_a_first_name_that_is_also_a_little_word_capitalised():
    # "Ana" is also "I": capitalised, alone in its part or before a surname, her name
    assert _got("Ana Lopez, Fes, Riad Rcif 12") == ("Ana Lopez", "Fès", "Riad Rcif 12")
    assert _got("Ana, Fes, Riad Rcif") == ("Ana", "Fès", "Riad Rcif")
    assert _got("Ana Lopez")[0] == "Ana Lopez"
    # "I am Salma", "I'm in Fes" still
    assert _got("Ana Salma, Fes, derb 5")[0] == "Salma"
    assert _got("ana salma, fes, derb 5")[0] == "salma"
    assert _got("Ana f fes, derb 5")[0] is None
    assert _first("bghit 2 amlou 250g, Ana, Fes, derb 5")[1] == ("Ana", "Fès", "derb 5")
    # a greeting capitalised alone is no name
    assert _first("Salam, bghit 2 amlou 250g, Youssef Tazi, Rabat, 4 rue 5")[1][0] == "Youssef Tazi"


def test_a_recipient_cue_before_a_colon():
    assert _got("Deliver to: Omar, Rabat, hay riad") == ("Omar", "Rabat", "hay riad")
    assert _got("Livrer à: Omar, Rabat, hay riad") == ("Omar", "Rabat", "hay riad")
    assert _got("Deliver to: my mother Aicha, Rabat, hay riad")[0] == "Aicha"


def test_a_first_name_alone_closing_the_details():
    assert _got("casa maarif rue 5 n 3 youssef") == ("youssef", "Casablanca", "maarif rue 5 n 3")
    assert _got("Deliver to: Rabat, hay riad, Omar") == ("Omar", "Rabat", "hay riad")
    assert _got("rabat, hay riad, karim") == ("karim", "Rabat", "hay riad")
    assert _got("Fes, Zouagha, 3 rue Sebou, Karim") == ("Karim", "Fès", "Zouagha, 3 rue Sebou")
    # a district or a saint's name closing the address is still the address's
    assert _got("rabat, hay riad, maarif")[0] is None
    assert _got("casa, rue 5 n 3 sidi youssef")[0] is None
    # a name written first: the first name closing the address is its district (Hassan, Rabat)
    for text in ("Rachel Green, Rabat, 14 Rue Patrice Lumumba, Hassan",
                 "Emma Stone, Rabat, Hassan 5 rue Patrice Lumumba"):
        assert _got(text)[0] in ("Rachel Green", "Emma Stone"), text


def test_a_first_name_before_a_street_word_that_is_no_surname():
    chat = _chat("Hajar Avenue, Casa, hay riad")
    assert chat.state == "ask_name" and not chat.conv["data"]["details"].get("name")
    assert "Hajar Avenue" in chat.conv["data"]["details"]["address"]
    # "Lane", "Street" are surnames too
    assert _got("Ivy Lane, Meknes, derb 5") == ("Ivy Lane", "Meknès", "derb 5")
    assert _got("Sara Lane, Rabat, 12 rue des fleurs")[0] == "Sara Lane"
    assert details.extract("Asni road, Marrakech").address
    chat = chat_after("I want 2 amlou 250g, Ivy Lane, Meknes, derb 5")     # in the order too
    assert chat.conv["data"]["details"].get("name") == "Ivy Lane"
    assert details.bare_name("Ivy Lane") == "Ivy Lane" and details.bare_name("Asni Road") is None


def test_a_kings_number_in_a_streets_name():
    assert _got("Karim, Rabat, Hassan II street 12") == ("Karim", "Rabat", "Hassan II street 12")
    assert _got("Hassan II street 12, Rabat, Karim") == ("Karim", "Rabat", "Hassan II street 12")
    assert _got("Karim, Casa, Hassan II avenue 12")[2] == "Hassan II avenue 12"


def test_a_town_written_as_an_everyday_word_closing_the_details():
    # no town named nor known: "safi" closing the details is the town
    assert _got("omar, hay salam, safi") == ("omar", "Safi", "hay salam")
    assert _got("omar, hay salam n 5, safi") == ("omar", "Safi", "hay salam n 5")
    assert _got("Omar", "hay salam, safi")[1] == "Safi"
    # a town named: "that's all", on no parcel
    assert _got("omar, casa, hay salam, safi") == ("omar", "Casablanca", "hay salam")
    assert _got("omar, casa", "hay salam, safi")[1] == "Casablanca"


def _first(text):
    chat = chat_after(text)
    got = chat.conv["data"]["details"]
    return chat.cart, (got.get("name"), got.get("city"), got.get("address"))


def test_a_phone_number_is_no_house_number():
    # the phone's part was the address, the street after it lost
    cart, (name, city, address) = _first("bghit 2 amlou 250g, smiti karim, tel 0661234567, "
                                         "agadir, dakhla 34")
    assert cart == {"AMLOU-250": 2} and (name, city) == ("karim", "Agadir")
    assert "0661234567" not in (address or "")


def test_a_district_named_like_a_town_beside_the_town_is_no_count():
    # "dakhla 34" (a district of Agadir) put 34 jars in the basket
    for text in ("bghit 2 amlou 250g, smiti karim, agadir, dakhla 34",
                 "bghit 2 amlou 250g, smiti karim, tel 0661234567, agadir, dakhla 34"):
        assert _first(text) == ({"AMLOU-250": 2}, ("karim", "Agadir", "dakhla 34")), text


def test_a_surname_that_is_a_town_beside_the_town_named():
    assert _first("bghit 2 amlou 250g, Karim Laayoune, Rabat, rue 5")[1] == (
        "Karim Laayoune", "Rabat", "rue 5")
    assert _got("Karim Laayoune, Rabat, rue 5") == ("Karim Laayoune", "Rabat", "rue 5")
    assert _first("bghit 2 amlou 250g, Omar Safi, Casablanca, rue 5")[1] == (
        "Omar Safi", "Casablanca", "rue 5")
    # the town alone is still the town
    assert _first("bghit 2 amlou 250g, Karim, Laayoune, rue 5")[1][1] == "Laâyoune"


def test_a_first_name_in_small_letters_a_part_of_an_order_message():
    assert _first("bghit 2 amlou 250g, 0612345678, karim, rabat, agdal imm 4 appt 12") == (
        {"AMLOU-250": 2}, ("karim", "Rabat", "agdal imm 4 appt 12"))


def test_a_town_written_as_an_everyday_word_in_an_order_message():
    assert _first("bghit 2 amlou 250g, omar, safi, hay salam 5") == (
        {"AMLOU-250": 2}, ("omar", "Safi", "hay salam 5"))
    assert _first("bghit 2 amlou 250g, Omar, hay salam n 5, safi")[1] == (
        "Omar", "Safi", "hay salam n 5")
    # right after the order's words: "that's all"
    assert _first("bghit 2 amlou 250g, safi, omar, hay salam 5")[1][1] is None


def test_a_floor_numbered_by_an_ordinal_is_the_address():
    # "3eme etage" was lost, or read into the name ("Karim 2eme etage")
    assert _got("je m appelle Karim, 3eme etage, immeuble 12, rue 5, Rabat")[2] == (
        "3eme etage, immeuble 12, rue 5, Rabat")
    assert _got("Karim, Marrakech, 2eme etage, imm 7, hay massira") == (
        "Karim", "Marrakech", "2eme etage, imm 7, hay massira")
    assert _got("John, Rabat, 4th floor, building 5, Agdal")[2].startswith("4th floor")
    assert _got("Karim 2eme etage imm 12 rue 5 Rabat")[:2] == ("Karim", "Rabat")


def test_a_first_name_opening_the_message_before_the_street():
    # "karim" was the district of "karim hay riad rue 5", and the name asked again
    assert _got("karim hay riad rue 5 rabat") == ("karim", "Rabat", "hay riad rue 5 rabat")
    assert _got("karim tazi hay riad rue 5 rabat")[0] == "karim tazi"
    assert _got("Karim imm 12 rue 5 Rabat")[0] == "Karim"
    # a town's word there is still the town
    assert _got("omar dakhla hay salam") == ("omar", "Dakhla", "hay salam")
    # a part of an order message, too
    assert _first("bghit 2 amlou 250g, karim hay riad rue 5 rabat") == (
        {"AMLOU-250": 2}, ("karim", "Rabat", "hay riad rue 5 rabat"))
