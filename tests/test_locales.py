"""Reply texts: every key in every locale, placeholders consistent, sizes sane."""

import re

import pytest

from bot import i18n

LANGS = ["fr", "en", "ary-Latn", "ary-Arab"]
PLACEHOLDER = re.compile(r"{(\w+)}")


def test_all_four_languages_exist():
    assert set(LANGS) <= set(i18n.languages())


@pytest.mark.parametrize("lang", LANGS)
def test_every_key_exists_in_every_locale(lang):
    reference = set(i18n.load("fr"))
    keys = set(i18n.load(lang))
    assert reference - keys == set(), f"{lang} lacks keys"
    assert keys - reference == set(), f"{lang} has extra keys"


@pytest.mark.parametrize("lang", LANGS)
def test_placeholders_match_french(lang):
    fr = i18n.load("fr")
    for key, text in i18n.load(lang).items():
        assert set(PLACEHOLDER.findall(str(text))) == set(PLACEHOLDER.findall(str(fr[key]))), key


def test_arabic_locale_is_darija_not_msa():
    text = " ".join(str(v) for v in i18n.load("ary-Arab").values())
    for formal in ("تريد", "حسناً", "سوف"):
        assert formal not in text
    for everyday in ("بغيتي", "شحال", "واخا", "ديال"):
        assert everyday in text


def test_missing_params_render_blank_and_unknown_lang_falls_back():
    assert "{" not in i18n.t("fr", "ask_qty")
    assert i18n.t("xx", "ask_city") == i18n.t("fr", "ask_city")
    assert i18n.money(120) == "120 DH" and i18n.money(12.5) == "12.50 DH"
