"""Misses seen probing French, mixed French/Darija and SMS-style customers (round 12, p12fr)
on the corpus catalogs and on fresh operator-style ones: each general rule with the messages
that showed it, on the catalog it was seen on."""

from pathlib import Path

import pytest

from bot.catalog import read_csv
from bot.nlu import parse

DATA = Path(__file__).resolve().parent / "data"


def catalog(name):
    return read_csv(DATA / name)


def lines(p):
    return {i.sku: i.quantity for i in p.items}


# -- a count of pieces that is what a box holds is one box, never that many boxes -----------

@pytest.mark.parametrize("text, sku, qty", [
    ("24 cornes de gazelle", "CORNES-BOITE-24", 1),
    ("bghit 24 ghriba", "GHRIBA-BOITE", 1),
    ("je veux 48 cornes de gazelle", "CORNES-BOITE-24", 2),
    ("2 boites de ghriba", "GHRIBA-BOITE", 2),          # boxes said: boxes
    ("bghit 3 ghriba", "GHRIBA-BOITE", 3),              # a small count stays a count
    ("je veux 30 ghriba", "GHRIBA-BOITE", None),        # no box holds 30: asked again
])
def test_a_count_equal_to_a_box_of_pieces_is_one_box(text, sku, qty):
    """"24 cornes de gazelle" when the catalog sells "Cornes de gazelle boîte de 24" made
    24 boxes (576 pieces, 2 640 DH): a wrong parcel."""
    assert lines(parse(text, catalog("catalog_halwa.csv"))) == {sku: qty}


def test_the_box_that_holds_the_count_is_the_one_taken():
    """A box of 12 and one of 24 of the same pastry: 24 pieces are the box of 24."""
    assert lines(parse("24 cornes de gazelle", catalog("catalog_r12_p12fr_patisserie.csv"))) \
        == {"CG-B24": 1}


# -- a total said with the bag it comes in is that many bags, not the sum -------------------

@pytest.mark.parametrize("text, sku, qty", [
    ("2 kilos de poudre de caroube en sachets de 1kg", "KHR-POUDRE-1KG", 2),
    ("bghit 2 kilo kharroub f sachet dyal 1 kilo", "KHR-POUDRE-1KG", 2),
    ("2 kilos de poudre de caroube en sachets de 500g", "KHR-POUDRE-500", 4),
    ("1 kilo de poudre de caroube, en sachets de 500g", "KHR-POUDRE-500", 2),
])
def test_a_total_in_bags_of_a_size_is_that_many_bags(text, sku, qty):
    """"2 kilos of carob, in 1kg bags" made 3 × 1 kg (the bag's kilo added to the two)."""
    assert lines(parse(text, catalog("catalog_r9ary_kharroub.csv"))) == {sku: qty}


def test_a_total_in_bags_said_for_a_product_in_two_kinds_asks_which_for_the_total():
    """The same, before "which carob?": one question, for two bags (it was two questions,
    for 2 and for 1 more)."""
    p = parse("2 kilos of carob, in 1kg bags", catalog("catalog_r9ary_kharroub.csv"))
    assert not p.items and [(a.quantity, a.candidates) for a in p.ambiguous] == [
        (2, ("KHR-POUDRE-1KG", "KHR-GOUSSES-1KG"))]
