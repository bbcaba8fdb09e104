"""Round 21, the name, the town and the address in whole conversations: a first name that is
also a number word ("Mia": a hundred) read as the name, never a count; a name after a full
stop that ends on a size ("… 250g. Karim Alami, Fes, …"); towns of two words (Ben Ahmed, Fkih
Ben Salah, Oulad Taima, Dar Bouazza) that are also family names ("Karim Ben Ahmed") or open
with a lodging word ("Dar"); a first name that is no misspelt town (Rachida, Errachidia); a
town written in its own script or spelling ("القصر الكبير", "lqsar lkbir": "the big one")
ordering nothing."""

from tests.test_conversation import chat_after


def _chat(*messages):
    return chat_after("bghit 2 amlou 250g", *messages)


def _got(*messages):
    chat = _chat(*messages)
    got = chat.conv["data"]["details"]
    return got.get("name"), got.get("city"), got.get("address"), chat.cart


def _first(message, *more):
    chat = chat_after(message, *more)
    got = chat.conv["data"]["details"]
    return chat.cart, (got.get("name"), got.get("city"), got.get("address"))


TWO = {"AMLOU-250": 2}


def test_a_first_name_that_is_also_a_number_word_is_the_name():
    # "mia" is a hundred in Darija: "Mia" capitalised is her name, never 100 (50) jars
    assert _got("Mia Rabat Agdal 3") == ("Mia", "Rabat", "Agdal 3", TWO)
    assert _got("Mia, Rabat, Agdal 3") == ("Mia", "Rabat", "Agdal 3", TWO)
    assert _got("Tania Rabat hay riad rue 5") == ("Tania", "Rabat", "hay riad rue 5", TWO)
    assert _got("Mia")[0::3] == ("Mia", TWO)
    assert _got("Mia", "Rabat, hay riad 5") == ("Mia", "Rabat", "hay riad 5", TWO)
    assert _got("Mia, Rabat")[0:2] == ("Mia", "Rabat") and _got("Mia, Rabat")[3] == TWO
    assert _got("smiti Mia", "Rabat", "hay riad 5") == ("Mia", "Rabat", "hay riad 5", TWO)
    assert _first("bghit 2 amlou 250g, Mia, Rabat, hay riad zanqa 4") == (
        TWO, ("Mia", "Rabat", "hay riad zanqa 4"))
    assert _first("I want 2 amlou 250g. Mia, Fes, hay salam 12") == (
        TWO, ("Mia", "Fès", "hay salam 12"))
    assert _first("Bonjour, 2 amlou 250g svp, livraison à Casa pour Mia, hay riad imm 12 "
                  "appt 4") == (TWO, ("Mia", "Casablanca", "hay riad imm 12 appt 4"))
    assert _first("2 amlou 250g to Mia, Marrakech, Gueliz, km 7 route de Fes")[1][0] == "Mia"
    # in Arabic script after "سميتي": "ميا" (a hundred), "كريمة" (a cream) are her name
    for name in ("ميا", "كريمة"):
        assert _first(f"بغيت جوج أملو 250 غرام، سميتي {name}، الرباط، حي الرياض زنقة 5") == (
            TWO, (name, "Rabat", "حي الرياض زنقة 5"))
    # "Ana Rabat …" is "I'm in Rabat": no one named Ana; a count said as a word stays one
    assert _got("Ana Rabat hay riad rue 5")[0] is None
    assert _got("Khamsa")[3] == {"AMLOU-250": 5}


def test_a_name_after_a_full_stop_that_ends_on_a_size():
    assert _first("I want 2 amlou 250g. Karim Alami, Fes, hay salam 12") == (
        TWO, ("Karim Alami", "Fès", "hay salam 12"))
    assert _first("Je veux 2 amlou 250g. Fatima Zahra Bennani, Fes, hay salam 12") == (
        TWO, ("Fatima Zahra Bennani", "Fès", "hay salam 12"))
    assert _first("bghit 2 amlou 250g. Omar, Fes, hay salam 12. Merci") == (
        TWO, ("Omar", "Fès", "hay salam 12"))
    assert _first("I want 2 amlou 250g. My address: Fes, hay salam 12. Karim Alami") == (
        TWO, ("Karim Alami", "Fès", "hay salam 12"))


def test_towns_of_two_words_and_the_family_names_like_them():
    for town in ("Ben Ahmed", "ben ahmed", "Benahmed", "بن أحمد"):
        assert _got(f"Karim Alami, {town}, hay salam 12") == (
            "Karim Alami", "Ben Ahmed", "hay salam 12", TWO)
    assert _got("smiti karim", "Ben Ahmed")[1] == "Ben Ahmed"
    assert _first("bghit 2 amlou 250g, Ben Ahmed, hay riad rue 5")[1][1] == "Ben Ahmed"
    assert _got("Karim Alami, Fkih Ben Salah, hay salam 12")[1] == "Fquih Ben Salah"
    assert _got("Karim Alami, Oulad Taima, hay salam 12")[1] == "Ouled Teima"
    assert _got("Karim Alami, Sidi Qacem, hay salam 12")[1] == "Sidi Kacem"
    # "Dar" of "Dar Bouazza" is no guest house: the town, the street apart
    assert _first("bghit 2 amlou 250g, smiti Karim, Dar Bouazza, hay salam 12") == (
        TWO, ("Karim", "Dar Bouazza", "hay salam 12"))
    assert _got("smiti karim", "dar bouazza")[1:3] == ("Dar Bouazza", None)
    # after a first name, the town's name is his family name; Ahmed alone a first name
    assert _got("Karim Ben Ahmed", "Rabat, hay riad rue 5") == (
        "Karim Ben Ahmed", "Rabat", "hay riad rue 5", TWO)
    assert _got("Khadija Ben Ahmed, Rabat, hay riad rue 5")[0:2] == ("Khadija Ben Ahmed", "Rabat")
    assert _got("Mohamed Ben Slimane", "Rabat, hay riad rue 5")[0:2] == (
        "Mohamed Ben Slimane", "Rabat")
    assert _first("bghit 2 amlou 250g, Karim Ben Ahmed, Rabat, hay riad rue 5")[1][0:2] == (
        "Karim Ben Ahmed", "Rabat")
    assert _first("bghit 2 amlou 250g, smiti Ahmed, Rabat, hay riad rue 5")[1][0] == "Ahmed"
    assert _got("Rabat, hay riad rue 5, Karim Ben Ahmed")[0:2] == ("Karim Ben Ahmed", "Rabat")


def test_a_first_name_is_no_misspelt_town():
    # "Rachida" is her name; the parcel goes to Rabat, not Errachidia
    assert _got("Rachida Rabat Agdal 3") == ("Rachida", "Rabat", "Agdal 3", TWO)
    assert _got("Rachida Alami Rabat Agdal 3")[0:3] == ("Rachida Alami", "Rabat", "Agdal 3")
    assert _got("rachida", "rabat, hay riad 5")[0:3] == ("rachida", "Rabat", "hay riad 5")
    assert _got("Rachida, hay riad 5, rabat")[1] == "Rabat"
    # the town itself still: written as one
    assert _got("smiti karim", "errachidia", "hay salam 5")[1] == "Errachidia"


def test_a_town_in_its_own_script_orders_nothing():
    # "الكبير", "lkbir" is "the big one": the town's words, never a size asked for again
    for town in ("القصر الكبير", "lqsar lkbir", "ksar lkbir"):
        assert _first(f"bghit 2 amlou 250g, smiti Karim, {town}, hay salam 12") == (
            TWO, ("Karim", "Ksar El Kébir", "hay salam 12"))
        assert _first(f"بغيت جوج أملو 250 غرام، سميتي كريم، {town}، حي السلام 12")[0] == TWO


def test_a_name_in_small_letters_between_the_order_and_the_town():
    # SMS without commas: the first name (and surname) after the order, before the town
    assert _first("bghit 2 amlou 250g karim rabat rue 5 n 3") == (
        TWO, ("karim", "Rabat", "rue 5 n 3"))
    assert _first("i want 2 amlou 250g karim alami rabat immeuble 12 appt 4") == (
        TWO, ("karim alami", "Rabat", "immeuble 12 appt 4"))
    assert _first("je veux 2 amlou 250g fatima zahra bennani rabat km 7 route de fes") == (
        TWO, ("fatima zahra bennani", "Rabat", "km 7 route de fes"))
    # no first name there: nobody named ("f rabat": in Rabat)
    assert _first("bghit 2 amlou 250g f rabat rue 5 n 3")[1][0] is None
    assert _first("bghit 2 amlou 250g rabat lot 45 hay salam")[1][0] is None


def test_a_district_and_its_number_right_after_the_town_in_small_letters():
    # "agdal 3" after "rabat": the address (it was asked again), never 3 more jars
    for place in ("agdal 3", "massira 3 n 15", "sidi maarouf 12"):
        assert _first(f"2 amlou 250g smiti karim mn rabat {place}") == (
            TWO, ("karim", "Rabat", place))
        assert _first(f"bghit 2 amlou 250g karim rabat {place}") == (
            TWO, ("karim", "Rabat", place))
        assert _got(f"karim rabat {place}") == ("karim", "Rabat", place, TWO)


def test_the_town_written_with_the_street_at_the_address_question():
    # Casablanca said first, then "Rabat, hay riad rue 5": the parcel goes to Rabat
    assert _got("Karim, Casablanca", "Rabat, hay riad rue 5") == (
        "Karim", "Rabat", "hay riad rue 5", TWO)
    assert _got("smiti karim", "casa", "sla hay riad rue 5")[1:3] == ("Salé", "hay riad rue 5")
    # a street or a district named after a town keeps the town said
    assert _got("smiti karim", "agadir", "dakhla 34 zanqa 5")[1:3] == (
        "Agadir", "dakhla 34 zanqa 5")
    assert _got("smiti karim", "casa", "bd Rabat 12")[1:3] == ("Casablanca", "bd Rabat 12")
    assert _got("smiti karim", "rabat", "12 avenue de Casablanca")[1] == "Rabat"


def test_a_number_word_first_name_after_i_am():
    # "I'm Mia from Rabat", "je suis Mia de Rabat", "ana Mia mn rabat", "أنا ميا من الرباط":
    # her name, never a hundred (fifty) jars; "I'm Safi …" names no one ("safi": that's all)
    for text in ("I want 2 amlou 250g, I'm Mia from Rabat, 12 Ibn Sina street",
                 "Je veux 2 amlou 250g, je suis Mia de Rabat, 12 rue des Orangers",
                 "bghit 2 amlou 250g, ana Mia mn rabat, hay riad rue 5"):
        cart, (name, city, _) = _first(text)
        assert (cart, name, city) == (TWO, "Mia", "Rabat"), text
    assert _got("ana Nour mn rabat hay riad rue 5")[0:2] == ("Nour", "Rabat")
    assert _first("بغيت جوج أملو 250 غرام، أنا ميا من الرباط، حي الرياض زنقة 5") == (
        TWO, ("ميا", "Rabat", "حي الرياض زنقة 5"))
    assert _first("بغيت جوج أملو 250 غرام، أنا كريمة من الرباط، حي الرياض زنقة 5")[1][0] == "كريمة"
    assert _first("I want 2 amlou 250g, I'm Safi from Rabat, 12 Ibn Sina street")[1][0] is None


def test_a_town_of_three_words_between_the_name_and_the_street():
    # no commas: "Souk El Arbaa", "Ksar El Kebir", "El Kelaa des Sraghna" whole, the name
    # before them without the town's article
    for town, city in (("Souk El Arbaa", "Souk El Arbaa"), ("Ksar El Kebir", "Ksar El Kébir"),
                       ("El Kelaa des Sraghna", "El Kelaâ des Sraghna")):
        assert _got(f"Amal Bennani {town} hay salam 12") == (
            "Amal Bennani", city, "hay salam 12", TWO), town
    assert _got("Amal Bennani El Jadida hay salam 12")[0:2] == ("Amal Bennani", "El Jadida")


def test_a_house_number_before_the_street_and_a_size_before_it():
    # "n°12 rue 7": the house number stays on the parcel (it was "rue 7")
    for text in ("n°12 rue 7", "n12 rue 7", "N°5 zanqa 3 hay riad"):
        assert _got(f"Karim, Rabat, {text}") == ("Karim", "Rabat", text, TWO), text
    # "250g" right before the address is the order's size, never the house's: the line is
    # kept, and the name and town after the street are read
    assert _first("bghit 2 amlou 250g 12 rue 7, Karim, Rabat") == (
        TWO, ("Karim", "Rabat", "12 rue 7"))
    assert _first("bghit 2 amlou 250g n12 rue 7, Karim Alami, Rabat") == (
        TWO, ("Karim Alami", "Rabat", "n12 rue 7"))
    assert _got("hay riad zanqa 4, Karim, Rabat") == ("Karim", "Rabat", "hay riad zanqa 4", TWO)
    assert _first("بغيت جوج أملو 250 غرام، حي الرياض زنقة 4، كريم، الرباط") == (
        TWO, ("كريم", "Rabat", "حي الرياض زنقة 4"))
    # a name given first: the part after the street is the district
    assert _got("Rachel Green, 14 Rue X, Hassan, Rabat")[0:3] == (
        "Rachel Green", "Rabat", "14 Rue X, Hassan, Rabat")
