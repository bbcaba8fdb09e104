"""Delivery details read out of a message (bot/nlu/details/)."""

import pytest

from bot.nlu.details import bare_name, city_only, extract, starts_with_title


@pytest.mark.parametrize("text, name, address, city, rest_has", [
    ("bghit 2 amlou, smiti Salma Idrissi, f rabat hay riad zanqa 7 raqm 14",
     "Salma Idrissi", "hay riad zanqa 7 raqm 14", "Rabat", "2 amlou"),
    ("je veux 3 savons, je m'appelle Karim Bennani, 12 rue des Orangers Casablanca",
     "Karim Bennani", "12 rue des Orangers Casablanca", "Casablanca", "3 savons"),
    ("I want 2 ghassoul, my name is John Smith, 5 avenue Hassan II, Rabat",
     "John Smith", "5 avenue Hassan II, Rabat", "Rabat", "2 ghassoul"),
    ("بغيت جوج أملو، سميتي فاطمة الزهراء، حي النهضة زنقة 5 رقم 12 الرباط",
     "فاطمة الزهراء", "حي النهضة زنقة 5 رقم 12 الرباط", "Rabat", "جوج أملو"),
    ("ana Salma mn casa", "Salma", None, "Casablanca", "casa"),
    ("hay salam zanqa 3 raqm 7, w bghit 2 zit", None, "hay salam zanqa 3 raqm 7", None,
     "bghit 2 zit"),
])
def test_name_address_and_city_are_taken_out_of_the_order(text, name, address, city, rest_has):
    found = extract(text)
    assert (found.name, found.address, found.city) == (name, address, city)
    assert rest_has in found.rest
    for number in "7 14 12 5".split():
        if address and number in address:
            assert number not in found.rest.split()


@pytest.mark.parametrize("text", ["ana f rabat", "bghit raqm 3", "c'est bon", "bghit 2 zit w 1 lot",
                                  "ana bghit 2 amlou"])
def test_no_detail_without_its_cue(text):
    found = extract(text)
    assert found.name is None and found.address is None and found.rest == text


def test_a_city_in_a_street_name_is_not_the_delivery_city():
    assert extract("Rue de Fès 12").city is None
    assert extract("zanqa Marrakech raqm 4").city is None


def test_titles_and_cities_alone():
    assert starts_with_title("Lalla Zahra") and starts_with_title("Si Mohamed")
    assert not starts_with_title("Salma")
    assert city_only("f rabat") == ("Rabat", True)
    assert city_only("Rachida")[1] is False          # a near spelling of Errachidia
    assert city_only("hay riad rabat")[0] is None


def test_a_name_is_never_a_city_and_a_cue_after_ana_is_a_cue():
    assert extract("bghit 2 amlou 500g w smiti Rachida").city is None
    assert extract("ana smiti Hajar mn Tetouan").name == "Hajar"


def test_the_district_before_a_street_word_is_offered_as_the_lead():
    found = extract("Driss, Meknes, hamria rue 4 n 10")
    assert found.address == "rue 4 n 10" and found.lead == "hamria"
    assert "hamria" in found.rest                   # an order message keeps its words


@pytest.mark.parametrize("text, name", [
    ("je souhaite 2 ghassoul pour Mme Alaoui, 45 boulevard Zerktouni", "Alaoui"),
    ("bghit 2 ghassoul l lalla Fatna f casa", "lalla Fatna"),
    ("لالة فاطنة، كازا", "لالة فاطنة"),
    ("si possible 2 ghassoul", None),
])
def test_a_title_before_a_name_is_the_name(text, name):
    assert extract(text).name == name


@pytest.mark.parametrize("text", ["c'est urgent", "I am interested", "ana sakna f rabat",
                                  "it's expensive", "c'est cher"])
def test_a_lowercase_word_after_ana_or_c_est_is_no_name(text):
    assert extract(text).name is None


@pytest.mark.parametrize("text, name", [
    ("smiti Anas El Khatib, adresse: boukhalef", "Anas El Khatib"),
    ("سميتي عبد الله، الدار البيضاء", "عبد الله"),
    ("smiytha Souad Boutaleb", "Souad Boutaleb"),
    ("pour Mme Latifa Chraibi, 45 bd Zerktouni", "Latifa Chraibi"),
    ("Anna Schmidt, Marrakech, Gueliz 5 Rue de la Liberte", None),
    ("pardon, mettez au nom de ma sœur, Loubna Amrani", "Loubna Amrani"),
])
def test_names_with_particles_titles_and_cues_further_on(text, name):
    assert extract(text).name == name


@pytest.mark.parametrize("text, name, address", [
    ("livraison à Casablanca Sidi Maârouf rue 3 n°17 au nom de Hanane Kettani merci",
     "Hanane Kettani", "rue 3 n°17"),
    ("smahli l'adresse ghalta, c'est Boukhalef résidence Jnane imm 3 appt 10", None,
     "résidence Jnane imm 3 appt 10"),
    ("smiyt mama Fadma Oubella", "Fadma Oubella", None),
])
def test_a_district_before_a_street_word_is_no_name(text, name, address):
    found = extract(text)
    assert (found.name, found.address) == (name, address)


@pytest.mark.parametrize("text, name, city", [
    ("Salam, I'm in Dubai, please deliver one saffron 5g to my father Abdelkader Lamrani in "
     "Oujda, Hay Al Qods, street 9 number 101", "Abdelkader Lamrani", "Oujda"),
    ("hi salam, bghit 1 thyme honey, smiti Rania Belkadi, casablanca bouskoura ville verte "
     "villa 22", "Rania Belkadi", "Casablanca"),
    ("send 1 argan oil 50ml to Ella Johnson, 22 Rue Oued Fes, Agdal, Rabat", "Ella Johnson",
     "Rabat"),
    ("2 savons noirs pour Mouna Hassani à Tanger, quartier Malabata, villa 18", "Mouna Hassani",
     "Tanger"),
    ("sift 1 safran 1g l khti Zineb Amrani f nador, hay lmatar zanqa 5", "Zineb Amrani", "Nador"),
    ("send it to Rabat", None, "Rabat"),
    ("la smahli machi sla, rabat, hay salam", None, "Rabat"),
])
def test_the_recipient_and_the_city_not_negated(text, name, city):
    found = extract(text)
    assert (found.name, found.city) == (name, city)
@pytest.mark.parametrize("text", [
    "bghit 2 amlou 250, smiti Houda, Safi, hay kawki zanqa 3 raqm 12",
    "smiti Houda Sebti, hay kawki zanqa 3 raqm 2, Safi",
])
def test_a_capitalised_safi_in_a_delivery_message_is_the_city(text):
    assert extract(text).city == "Safi", text


def test_a_lowercase_safi_after_an_address_is_no_city():
    assert extract("smiti Houda, hay kawki zanqa 3 raqm 2, safi").city is None


@pytest.mark.parametrize("text, name", [
    ("Liam Walsh", "Liam Walsh"),           # "liyam" (days) is only a word inside a cue
    ("Thank You", None),                     # "thank you", "sounds good" are no names
    ("Sounds Good", None),
    ("Youssef Bakkali", "Youssef Bakkali"),
])
def test_a_bare_name_may_hold_a_word_found_only_inside_a_cue_phrase(text, name):
    assert bare_name(text) == name


@pytest.mark.parametrize("text, address, city", [
    ("2 ghassoul for Emma Brown, Palm Plaza hotel, Ibn Sina street, Agadir please",
     "Palm Plaza hotel, Ibn Sina street, Agadir", "Agadir"),
    ("I want 2 amlou, my name is Tom Hall, Riad Jnane house, Tetouan thanks",
     "Riad Jnane house, Tetouan", "Tétouan"),
    ("bghit 2 amlou, smiti Salma, hay riad zanqa 7, Rabat 3afak",
     "hay riad zanqa 7, Rabat", "Rabat"),
])
def test_a_street_word_after_its_name_starts_the_address_and_a_courtesy_ends_it(
        text, address, city):
    found = extract(text)                          # "…, Asni road, Marrakech please"
    assert (found.address, found.city) == (address, city)


def test_a_city_right_after_a_street_word_is_still_the_street_s_name():
    assert extract("bghit 2 amlou, smiti Salma, hay riad zanqa Marrakech").city is None


@pytest.mark.parametrize("text", ["Youssef El Amrani", "Mohamed Ben Ali", "Fatima Ait Ouahmane",
                                  "Mohamed ben Ali", "Karim el Fassi"])
def test_a_bare_name_may_hold_el_ben_or_ait_between_its_words(text):
    assert bare_name(text) == text


@pytest.mark.parametrize("text", ["El Amrani ben", "ben Ali", "Hay El Fath"])
def test_a_particle_at_either_end_or_a_place_is_no_bare_name(text):
    assert bare_name(text) is None


def test_hey_greets_and_never_starts_an_address():
    assert extract("hey can I get 2 rhassoul clay").address is None
    assert extract("7ey salam n 4").address == "7ey salam n 4"


@pytest.mark.parametrize("text, name", [
    ("سميتي خديجة بن علي، مراكش، حي المسيرة زنقة 12 رقم 5", "خديجة بن علي"),
    ("smiti Karim Ben Ali f rabat", "Karim Ben Ali"),
])
def test_the_word_after_ben_stays_in_the_name(text, name):
    assert extract(text).name == name


@pytest.mark.parametrize("text, name", [("محمد أمين بنعيسى", "محمد أمين بنعيسى"),
                                        ("سعيد الفاسي", "سعيد الفاسي"), ("حي الرياض", None),
                                        ("شكرا بزاف", None), ("رشيدة", "رشيدة"), ("واخا", None),
                                        ("أكادير", None)])
def test_two_unknown_arabic_words_are_a_bare_name(text, name):
    assert bare_name(text) == name


@pytest.mark.parametrize("text", ["Karim Ben Salah", "كريمة آيت علي"])
def test_a_common_word_after_a_particle_ends_a_bare_name(text):
    assert bare_name(text) == text


@pytest.mark.parametrize("text", ["Ben Carter", "Anna Weber"])
def test_a_first_name_spelled_like_a_particle_or_a_cue_is_a_name(text):
    assert bare_name(text) == text


def test_tiznit_in_arabic_without_its_ya_is_the_city():
    assert city_only("تزنيت") == ("Tiznit", True)


def test_a_friend_is_a_recipient_like_family():
    found = extract("send 1 gift box to my friend Sara Lopez at 7 Rue Tanta, Rabat")
    assert found.name == "Sara Lopez" and found.cues == "to my friend"


@pytest.mark.parametrize("text, name, address", [
    ("hay salam zanqa 2 n 4 Houda Alami", "Houda Alami", "hay salam zanqa 2 n 4"),
    ("zanqa 5 n 7 Sidi Moumen", None, "zanqa 5 n 7 Sidi Moumen"),
    ("12 rue Oued Fès Agdal", None, "12 rue Oued Fès Agdal"),
    ("rue 10 n 4 Iberia", None, "rue 10 n 4 Iberia"),
])
def test_a_name_written_after_the_house_number_is_the_name(text, name, address):
    found = extract(text)
    assert (found.name, found.address) == (name, address)


@pytest.mark.parametrize("text, name, address, city", [
    # the riad's name is the address's first line (a guest house begins the address)
    ("Riad Dar Anika\n112 Derb Sidi Bouloukat\nMarrakech\nOliver Grant", "Oliver Grant",
     "Riad Dar Anika, 112 Derb Sidi Bouloukat", "Marrakech"),
    ("حي المسيرة زنقة 8 رقم 3\nأكادير\nمحمد أيت علي", "محمد أيت علي", "حي المسيرة زنقة 8 رقم 3",
     "Agadir"),
])
def test_one_detail_a_line_ends_the_address_at_the_city_or_name_line(text, name, address, city):
    found = extract(text)
    assert (found.name, found.address, found.city) == (name, address, city)


def test_a_recipient_after_the_address_ends_the_address():
    found = extract("to Ben Guerir, Lotissement Al Wahda 2, n 45, for Chloe Martin")
    assert (found.name, found.address) == ("Chloe Martin", "Lotissement Al Wahda 2, n 45")


def test_sms_name_city_address_after_the_order_without_commas():
    found = extract("bjr 3 savon noir 1 ghassoul Mounia Kabbaj Safi hay kawki n 22")
    assert (found.name, found.address, found.city) == ("Mounia Kabbaj", "hay kawki n 22", "Safi")


@pytest.mark.parametrize("text, name, address", [
    ("bghit 2 amlou l fes, hay nour derb 5 n 9 Hassan Idrissi, choukran bzaf", "Hassan Idrissi",
     "hay nour derb 5 n 9"),
    ("حي السلام زنقة 4 رقم 9 شكرا بزاف", None, "حي السلام زنقة 4 رقم 9"),
])
def test_thanks_after_the_address_is_no_part_of_it(text, name, address):
    found = extract(text)
    assert (found.name, found.address) == (name, address)


def test_a_name_as_the_last_sentence_after_the_address_is_the_name():
    found = extract("Hi there, I want 2 olive oil 1L and 1 amlou. Delivery to Casablanca please. "
                    "22 Rue Ibn Batouta, Racine. Peter Hall")
    assert (found.name, found.address) == ("Peter Hall", "22 Rue Ibn Batouta, Racine")


def test_a_question_after_the_address_is_no_part_of_it():
    found = extract("It's a present for my sister Laila Benali in Rabat, 9 Avenue de France, "
                    "Agdal. Do you deliver on Saturdays?")
    assert (found.name, found.address) == ("Laila Benali", "9 Avenue de France, Agdal")


def test_district_and_house_number_after_a_city_is_the_address():
    # "Tabriquet n°77" after "Salé": 77 is the house number, never 77 boxes of ghriba
    found = extract("slt bghit 3olba dyal cornes de gazelle et une boîte ghriba, Houda Rami, "
                    "Salé, Tabriquet n°77")
    assert (found.address, found.city) == ("Tabriquet n°77", "Salé")
    assert "77" not in found.rest
    assert extract("bghit ghriba, Salé, Tabriquet raqm 77").address == "Tabriquet raqm 77"
    assert extract("bghit 2 amlou, rabat, 3").address is None     # no district: no address


def test_a_first_name_that_is_also_a_word_is_the_name_after_a_name_cue():
    # "علي" folds onto "على" (on): after "سميتي" it is the name, not nothing
    found = extract("بغيت جوج زيت العود، سميتي علي العلوي، وزان، حي القدس رقم 3")
    assert (found.name, found.city) == ("علي العلوي", "Ouazzane")
    assert extract("سميتي علي، وزان، حي القدس رقم 3").name == "علي"


@pytest.mark.parametrize("text, name, address", [
    ("livraison Casa, Hay Hassani rue 12 n 40, Mme Latifa Berrada, merci",
     "Latifa Berrada", "Hay Hassani rue 12 n 40"),
    ("Hay Riad, 3 rue Al Maghrib Al Arabi, Mr Paul Dubois", "Paul Dubois",
     "Hay Riad, 3 rue Al Maghrib Al Arabi"),
])
def test_a_titled_name_after_the_address_ends_it(text, name, address):
    # "…, Mme Latifa Berrada" was read as more of the address, and the name asked again
    found = extract(text)
    assert (found.name, found.address) == (name, address)


@pytest.mark.parametrize("text, name", [
    ("Hajar, Casa, Sidi Maarouf, rue 12 n 9", None),       # the district before the street
    ("Si Mohamed, rue 12, casa", "Si Mohamed"),             # first: the name
    ("smiti Hajar, Sidi Moumen, zanqa 4", "Hajar"),
])
def test_a_titled_place_after_other_details_and_before_the_street_is_no_name(text, name):
    # "Sidi Maarouf" (a Casablanca district) was stored as the customer's name
    assert extract(text).name == name


@pytest.mark.parametrize("text, address", [
    ("la smh lia l3onwan howa bourgogne zanqa 8 raqm 2", "bourgogne zanqa 8 raqm 2"),
    ("سمح ليا العنوان هو الداوديات زنقة 5 رقم 8", "الداوديات زنقة 5 رقم 8"),
])
def test_it_is_before_a_new_address_is_no_part_of_it(text, address):
    # "howa" (it is) was kept at the head of the address, as a district
    found = extract(text)
    assert f"{found.lead} {found.address}".strip() == address


@pytest.mark.parametrize("text, name", [
    ("send 2 vinegar to Mr Tom Green, Hay Mohammadi, Rue 27 No 8, Agadir", "Tom Green"),
    ("my name is Emma Rose, Marrakech", "Emma Rose"),
    ("je m'appelle Julie Olive, 5 rue de Fès, Rabat", "Julie Olive"),
])
def test_a_family_name_that_is_also_a_product_word_stays_in_the_name(text, name):
    """"Green", "Rose", "Olive" after a first name are its family name, not a colour or
    a product left over (the name was cut to "Tom")."""
    assert extract(text).name == name


def test_the_address_ends_with_its_city_before_the_next_sentence():
    """"…, Rue 27 No 8, Agadir. Cash on delivery. Thanks": the address ends at Agadir and
    the city is read (it ran on to "Cash on delivery" and the city was asked)."""
    found = extract("to Mr Tom Green, Hay Mohammadi, Rue 27 No 8, Agadir. Cash on delivery. "
                    "Thanks")
    assert (found.address, found.city) == ("Hay Mohammadi, Rue 27 No 8, Agadir", "Agadir")


@pytest.mark.parametrize("text, name", [
    ("name: Grace O'Neill", "Grace O'Neill"),
    ("my name is Sinead O’Brien, Rabat", "Sinead O’Brien"),
])
def test_an_apostrophe_inside_a_family_name_keeps_it_whole(text, name):
    """"O'Neill" is one name word (it was cut at the apostrophe: the name "Grace" and the
    address "O Neill")."""
    assert extract(text).name == name


@pytest.mark.parametrize("text, name", [
    ("Hi, 1 saffron please, for Noah Price, Tetouan, 8 Rue Mohammed V", "Noah Price"),
    ("name: Will Price", "Will Price"), ("my name is Will Price, Rabat", "Will Price"),
])
def test_a_family_name_that_is_also_a_price_word_stays_in_the_name(text, name):
    """"Price", "Will" (of "I will take") are names here, not a price question and not a
    known word that ends the name."""
    assert extract(text).name == name


def test_thanks_after_a_name_is_no_family_name():
    assert extract("for Karim Merci, rabat").name is None


@pytest.mark.parametrize("text, name", [
    ("I want 2 argan oils. my name is Rose Byrne and I live in Rabat, 14 rue Moulay Rachid",
     "Rose Byrne"),
    ("I want 2 soaps, my name is Sara Lee", "Sara Lee"),
    ("for Ann Lee, 5 rue Tanta, Rabat", "Ann Lee"),
])
def test_names_that_are_words_once_folded_or_product_words_after_a_name_cue(text, name):
    """"Rose" after "my name is" is the first name (the name was "Byrne"); "Lee" and "Ann"
    are "le" and "an" only once their letters are folded: as written, names."""
    assert extract(text).name == name


@pytest.mark.parametrize("text, name", [("Ann Lee", "Ann Lee"), ("Sara Lee", "Sara Lee")])
def test_a_bare_name_with_a_folded_article_is_a_name(text, name):
    assert bare_name(text) == name


@pytest.mark.parametrize("text, name, address, rest_has", [
    ("2 amlou to Hotel La Mamounia, Marrakech for Grace Kelly", "Grace Kelly",
     "Hotel La Mamounia, Marrakech", "2 amlou"),
    ("send 2 amlou to Riad Yasmine, Marrakech", None, "Riad Yasmine, Marrakech", "2 amlou"),
])
def test_a_hotel_after_to_starts_the_address_and_is_no_person(text, name, address, rest_has):
    """"2 amlou to Hotel La Mamounia": the hotel is the address (the whole phrase with the
    order in it became the address and the amlou was lost); "to Riad Yasmine" is no name."""
    found = extract(text)
    assert (found.name, found.address) == (name, address) and rest_has in found.rest


@pytest.mark.parametrize("text, name", [
    ("a set of bowls, it's for Rachel Moore, Marrakech, 12 Derb Jdid", "Rachel Moore"),
    ("2 bowls for Noah Moore, Tetouan, 12 rue Fes", "Noah Moore"),
    ("my name is Sam Moore, Rabat", "Sam Moore"),
])
def test_a_family_name_read_as_a_word_only_once_folded_stays_in_the_name(text, name):
    """"Moore" is "more" (a paging word) once its doubled letter is folded: as written, after
    a first name, it is the family name (the name was "Rachel" or none)."""
    assert extract(text).name == name


def test_a_capitalised_word_alone_is_still_no_name_after_a_cue():
    assert extract("send 2 bowls to Tetouan Hello").name is None
