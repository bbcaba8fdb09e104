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


# -- register: Darija as a Moroccan shop writes it (reply-style.md, darija-glossary.md) ---------

DARIJA = ["ary-Arab", "ary-Latn"]
BANNED = {
    # letters Moroccan keyboards lack; MSA where Darija has a word; French in Arabic letters
    "ary-Arab": ["پ", "ڤ", "تريد", "حسنا", "سوف", "المجموع", "مثلا", "ممكن", "الأثمنة",
                 "السويفي", "التابلو", "الپانيي", "كليان", "الكوموند", "كوموند", "ليفرور",
                 "نتا ", "نتي ",
                 "DH", "ماكسيمم", "عضو", "أخرى", "ديجا", "الليفرور"],
    # calques of French, MSA in Latin letters, one spelling per word, no "nta"
    "ary-Latn": ["matalan", "momkin", "l2atman", "lmjmou3", "3odw", "ndwzo", "hada howa",
                 "lpanier", "tableau de bord", "suivi", "n3lmok", "lmerra li fatt ", "mrehba",
                 "tri9", "lwe9t", "l9bol", "katsnna", "mconfirmya"],
}
WORD_BANNED = {"ary-Latn": ["nta", "nti", "bhal", "deja", "livreur", "lpanier",
                            "ghda", "ghadda", "ghdda", "ghedwa"],        # "tomorrow" is ghedda
               "ary-Arab": ["نتا", "نتي", "كم", "غداً", "غدوة"]}
CANCEL_KEYS = ["order_cancelled", "cancel_kept", "alert_cancelled", "member_cancelled",
               "notify_cancelled", "status_cancelled", "member_status_cancelled"]


@pytest.mark.parametrize("lang", DARIJA)
def test_darija_has_no_banned_form(lang):
    for key, text in i18n.load(lang).items():
        text = str(text)
        for form in BANNED[lang]:
            assert form.lower() not in text.lower(), (key, form)
        words = re.findall(r"\w+", text.lower())
        for word in WORD_BANNED[lang]:
            assert word not in words, (key, word)


@pytest.mark.parametrize("lang", DARIJA)
def test_the_handoff_alert_says_salina_not_fin(lang):
    text = i18n.t(lang, "alert_handoff", phone="0612345678")
    assert "fin" not in re.findall(r"\w+", text.lower())
    assert ("سالينا 0612345678" if lang == "ary-Arab" else "salina 0612345678") in text


@pytest.mark.parametrize("lang", LANGS)
def test_no_check_mark_on_a_cancellation(lang):
    for key in CANCEL_KEYS:
        assert "✅" not in str(i18n.load(lang)[key]), key


def test_amounts_in_arabic_script_read_in_dirhams():
    text = i18n.t("ary-Arab", "summary", subtotal=i18n.money(405), fee=i18n.money(35),
                  total=i18n.money(440), lines="2 × Miel de thym 1kg — 440 DH")
    assert "440 درهم" in text and "DH" not in text
    assert "440 DH" in i18n.t("ary-Latn", "summary", total=i18n.money(440))


def test_the_cooperatives_phone_is_labelled_as_the_cooperatives():
    for lang, label in (("ary-Arab", "التعاونية"), ("ary-Latn", "tta3awniya"),
                        ("fr", "coopérative"), ("en", "cooperative")):
        contact = i18n.t(lang, "summary_contact", phone="0528000000")
        line = next(row for row in i18n.t(lang, "summary", contact=contact).split("\n")
                    if "0528000000" in row)
        assert label in line.lower(), (lang, line)


# -- every word the bot tells someone to send works when sent back --------------------------------

MARKED = re.compile(r"`([^`]+)`")
FILL = {"digits": "1042", "phone": "0612345678", "sku": "AMLOU-250"}
# What each marked word must do, in the order the words appear in the text (same in every
# language). Customer words go through the parser, member words through the command parser.
CUSTOMER_WORDS = {
    "welcome": ["order", "catalog"],
    "help": ["order", "catalog", "confirm", "status", "cancel", "human"],
    "ask_what": ["catalog"], "empty_message": ["catalog"], "ask_what_for_amount": ["catalog"],
    "offer_human_yes_no": ["confirm", "deny"], "keep_cart": ["confirm", "deny"],
    "keep_cart_prompt": ["confirm", "deny"], "faq_offer_person": ["confirm", "deny"],
    "faq_robot": ["confirm", "deny"], "faq_resume_cart": ["confirm"],
    "pin_far": ["confirm", "deny"], "pin_city": ["confirm", "deny"],
    "see_catalog": ["catalog"], "ask_more": ["confirm"], "catalog_more": ["more"],
    "confirm_prompt": ["confirm", "deny"], "offer_saved_prompt": ["confirm", "deny"],
    "thanks_not_placed": ["confirm", "deny"],
    "confirm_address_prompt": ["confirm"],       # the street kept in another city: yes
    "confirm_cancel_prompt": ["confirm", "deny"], "confirm_city": ["confirm", "deny"],
    "ask_guess": ["confirm", "deny"],          # one product read from a word short of a letter
    "offer_saved": ["confirm", "deny"], "confirm_cancel": ["confirm", "deny"],
    "handoff_open": ["resume"], "handoff_closed": ["resume"],      # back to ordering (issue 18)
    "size_or_both": ["confirm", "deny", "both"],     # another size: instead of the line, or both
    "replace_order": ["confirm", "deny"], "change_placed_order": ["confirm", "deny"],
}
MEMBER_WORDS = {
    "alert_order": ["ship"], "alert_order_pending": ["accept"], "alert_handoff": ["end_handoff"],
    "alert_forward_failed": ["ship"], "member_need_number": ["ship"],
    "member_accept_first": ["accept"], "member_stock_usage": ["stock_out", "stock_in"],
    "member_handoff_choose": ["end_handoff"], "member_took": ["end_handoff"],
    "member_help": ["list", "show", "accept", "ship", "delivered", "cancel", "stock_out",
                    "end_handoff"],
}


def _marked(lang: str, key: str) -> list[str]:
    return [w.format_map(i18n.Blank(FILL)) for w in MARKED.findall(str(i18n.load(lang)[key]))]


@pytest.mark.parametrize("lang", LANGS)
def test_only_listed_keys_tell_people_what_to_send(lang):
    marked = {key for key, text in i18n.load(lang).items() if MARKED.search(str(text))}
    assert marked == set(CUSTOMER_WORDS) | set(MEMBER_WORDS)
    assert "`" not in i18n.t(lang, "welcome", coop="X")


@pytest.mark.parametrize("lang", LANGS)
def test_every_customer_instruction_word_works_when_sent_back(lang):
    from bot import conversation, nlu
    from bot.catalog import read_csv

    index = nlu.build_index(read_csv("coops/demo/catalog.csv"))
    for key, intents in CUSTOMER_WORDS.items():
        words = _marked(lang, key)
        assert len(words) == len(intents), (key, words)
        for word, intent in zip(words, intents, strict=False):
            if intent == "more":                     # the next page of a list paged for SMS
                assert conversation.is_more_word(word), (lang, key, word)
            elif intent in ("resume", "both"):     # back to the order (a handoff); both sizes
                from bot.nlu import details
                assert details.says(word, intent), (lang, key, word)
            else:
                assert nlu.parse(word, index).intent == intent, (lang, key, word)


@pytest.mark.parametrize("lang", LANGS)
def test_every_member_command_in_the_texts_works_when_sent_back(lang):
    from bot.nlu.commands import parse_command

    for key, actions in MEMBER_WORDS.items():
        words = _marked(lang, key)
        assert len(words) == len(actions), (key, words)
        for word, action in zip(words, actions, strict=False):
            cmd = parse_command(word)
            got = {True: "stock_in", False: "stock_out"}.get(cmd.in_stock, cmd.action) \
                if cmd.action == "stock" else cmd.action
            assert got == action, (lang, key, word, cmd)
            if "1042" in word:
                assert cmd.number == "1042", (lang, key, word)
            if cmd.action == "stock":
                assert cmd.sku == "AMLOU-250", (lang, key, word)
