"""Round 21 (w21hes): a colour word that is also a product ("k7el": black, or kohl) after a
product word in a shop that sells no kohl and no product of that colour: "bghit 2 sabon
k7el" at a soap maker without black soap listed every soap with "k7el" dropped; now the
customer is told the black soap is not sold (as "sabon k7la" and "savon noir" were), and
where black soap is sold it is still the one offered."""

from pathlib import Path

from bot.catalog import read_csv
from tests.test_conversation import Chat

DATA = Path(__file__).parent / "data"
SOAPS = DATA / "catalog_r8en_savon.csv"


def test_soap_said_black_with_the_kohl_word_is_told_not_sold():
    for text, said in (("bghit 2 sabon k7el", "sabon k7el"),
                       ("bghit sabon lk7el 3afak", "sabon lk7el"),
                       ("3tini 3 saboun k7el", "saboun k7el"),
                       ("بغيت 2 صابون كحل", "كحل")):
        chat = Chat(products=read_csv(SOAPS))
        reply = chat.send(text)
        assert chat.cart == {}, (text, chat.cart)
        assert said in reply.replace("سابون", "صابون"), (text, reply)
        # the whole mention is what is not sold, not the colour alone
        assert f'"{said.split()[-1]}"' not in reply, (text, reply)
    # where black soap is sold, it is still the one offered
    for coop in ("catalog_r15_p15ary_hammam.csv", "catalog_cosmetique.csv"):
        products = read_csv(DATA / coop)
        chat = Chat(products=products)
        reply = chat.send("bghit 2 sabon k7el")
        black = [p["name"] for p in products
                 if any(w in p["name"].lower() for w in ("noir", "beldi"))]
        assert black and any(name in reply for name in black), (coop, reply)


def test_a_letter_size_names_its_row_when_a_measure_follows_it_in_the_names():
    # "Planche … S (20cm)", "… M (30cm)", "… L (40cm)": the letter is not at the name's end
    boards = read_csv(DATA / "catalog_r21_zitoun_khchab.csv")
    baskets = read_csv(DATA / "catalog_r21_w21hes_paniers.csv")
    for products, text, cart in (
            (boards, "I want 2 cutting boards size L", {"PLANCHE-L": 2}),
            (boards, "je veux 2 planches S et 1 L", {"PLANCHE-S": 2, "PLANCHE-L": 1}),
            (boards, "بغيت جوج لوحة M", {"PLANCHE-M": 2}),
            (boards, "bghit planche M", {}),
            (baskets, "I want 2 baskets L and one S", {"PAN-L": 2, "PAN-S": 1}),
            (baskets, "bghit 3 sella M", {"PAN-M": 3})):
        chat = Chat(products=products)
        reply = chat.send(text)
        assert chat.cart == cart, (text, chat.cart)
        assert "1." not in reply, (text, reply)     # never asked which one
    chat = Chat(products=boards)
    chat.send("bghit planche M")
    chat.send("jouj")
    assert chat.cart == {"PLANCHE-M": 2}
