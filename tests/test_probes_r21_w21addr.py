"""Round 21, names, towns and addresses (w21addr): "centre ville" / "city center" /
"downtown" as the address part of a delivery answer ("driss, zagora, centre ville": "centre"
was read as a misspelt "ceinture", "we don't sell 'centre'", the name and town dropped), and
a district named after a tribe ("Ouled Oujih", "Oulad Ziane", "أولاد …") before a street
keeps its first word ("Oujih bloc 5 n 10")."""

from pathlib import Path

from bot.catalog import read_csv
from tests.test_conversation import chat_after

DATA = Path(__file__).parent / "data"


def test_the_town_centre_is_an_address_not_a_product():
    for sheet, order, answer, name, city, sku in (
            ("catalog_tafilalet.csv", "bghit 2 dattes medjool 1kg", "driss, zagora, centre ville",
             "driss", "Zagora", "DATTES-MAJ-1KG"),
            ("catalog_r7en_mtahen.csv", "bghit 2 belboula", "nadia, safi, centre ville",
             "nadia", "Safi", "ZR-BELBOULA-1KG"),
            ("catalog_r7en_mtahen.csv", "i want 2 belboula", "Nadia, Safi, city center",
             "Nadia", "Safi", "ZR-BELBOULA-1KG"),
            ("catalog_tafilalet.csv", "je veux 2 dattes medjool 1kg",
             "Driss Alaoui, Zagora, centre", "Driss Alaoui", "Zagora", "DATTES-MAJ-1KG"),
            ("catalog_r7en_mtahen.csv", "2 belboula please", "Omar, Meknes, downtown",
             "Omar", "Meknès", "ZR-BELBOULA-1KG")):
        chat = chat_after(order, answer, products=read_csv(DATA / sheet))
        details = chat.conv["data"]["details"]
        assert chat.cart == {sku: 2}, (answer, chat.cart)
        assert details.get("name") == name, (answer, details)
        assert details.get("city") == city, (answer, details)
        assert details.get("address"), (answer, details)
        assert chat.state == "confirm", (answer, chat.state)


def test_a_tribe_district_keeps_its_first_word():
    for answer, address in (
            ("Nabil, Kenitra, Ouled Oujih bloc 5 n 10", "Ouled Oujih bloc 5 n 10"),
            ("karim, casa, ouled ziane bloc 3 n 4", "ouled ziane bloc 3 n 4"),
            ("Salma, Rabat, Awlad Mtaa rue 5 n 2", "Awlad Mtaa rue 5 n 2")):
        chat = chat_after("bghit 2 amlou 250g", answer)
        details = chat.conv["data"]["details"]
        assert chat.cart == {"AMLOU-250": 2}, (answer, chat.cart)
        assert details.get("address") == address, (answer, details)


def test_a_first_name_the_list_lacks_closing_the_answer_after_the_house_number():
    for answer, name, address in (
            ("Rabat, hay riad rue 5, Farah", "Farah", "hay riad rue 5"),
            ("Casa, rue 12 n 4, Ihsan", "Ihsan", "rue 12 n 4"),
            ("Fes, hay salam zanqa 3 raqm 8, Sabah", "Sabah", "hay salam zanqa 3 raqm 8")):
        chat = chat_after("bghit 2 amlou 250g", answer)
        details = chat.conv["data"]["details"]
        assert chat.cart == {"AMLOU-250": 2}, (answer, chat.cart)
        assert details.get("name") == name, (answer, details)
        assert details.get("address") == address, (answer, details)
        assert chat.state == "confirm", (answer, chat.state)
    # a district or a town closing it is no name
    for answer in ("Rabat, hay riad rue 5, Agdal", "Fes, rue 5 n 3, Zouagha"):
        chat = chat_after("bghit 2 amlou 250g", answer)
        assert not chat.conv["data"]["details"].get("name"), answer
