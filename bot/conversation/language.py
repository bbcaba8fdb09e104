"""The conversation's language: chosen on the first message, switched when the customer
clearly writes in another one.
"""

from __future__ import annotations

from .. import i18n, nlu
from ..nlu import details as nlu_details
from .model import (
    ARABIC,
    DETAIL_STATES,
    INTERRUPTING,
    LETTERS,
    NOT_AN_ANSWER,
    PARTS,
    Turn,
    has_order_content,
    orders,
    usual_lang,
)
from .parts import has_figure
from .volunteered import without_full_names


def choose_lang(turn: Turn, text: str) -> None:
    """Answer in the language of the customer's last message that shows one.

    A name, an address or "2 amlou" shows none: the conversation keeps its language (the
    parser's guess is used only for a first message).
    """
    if turn.volunteered:                         # an address's "rue" is no French, but
        text = " ".join(filter(None, (_places_out(turn, turn.f.rest), turn.f.cues)))  # "pour X" is
        if turn.f.city:                          # "… Safi hay kawki": the city, no "safi"
            text = " ".join(w for w in text.split() if not (
                w[:1].isupper() and turn.f.city in (nlu_details.city_only(w.strip(",.;"))[0],
                                                     nlu.cities.everyday_city(w.strip(",.;")))))
    if not LETTERS.search(text) or not _may_switch_lang(turn):
        return
    words = without_full_names(text)
    if words != text and nlu.lang_is_cued(words):
        turn.lang = i18n.supported(nlu.detect_lang(words))   # "Liam" is no Darija "liyam"
        turn.data["lang_seen"] = True
        turn.data.pop("lang_guessed", None)
    elif nlu.lang_is_cued(text) and not (turn.volunteered and words != text
                                         and LETTERS.search(words)) \
            and (turn.volunteered or turn.p.lang_confident) \
            and not _only_a_name(turn, words, text):
        # not "la fine" at "which semolina?": "fine" is English only outside a product's name
        # "I Want Two Honey": all capitalised; not "bjr 3 savon noir Mounia Kabbaj Safi"
        turn.lang = i18n.supported(nlu.detect_lang(text) if turn.volunteered
                                   else turn.p.lang)
        turn.data["lang_seen"] = True
        turn.data.pop("lang_guessed", None)
    elif not turn.data.get("lang_seen"):
        # "amlou", "Ghassoul 200g": no language shown; the script still shows Arabic, and
        # product words of one language other than Darija show it ("2 black soaps 250g").
        shown = "ary-Arab" if ARABIC.search(text) else (            # "Bonjour, …": French
            nlu.opening_lang(words) or nlu.words_lang(words))
        turn.lang = i18n.supported(shown or usual_lang(turn.ctx))
        turn.data["lang_seen"] = True
        if not shown:
            turn.data["lang_guessed"] = True    # "2 lentils", "1 frik": nothing shown yet


def _only_a_name(turn: Turn, words: str, text: str) -> bool:
    """"Kate Lee", "Liam O'Brien" while the bot waits for a count or a choice: a name alone
    (nothing but capitalised words, no order, no intent) shows no language, even when a
    word of it is spelled like a French or Darija one ("lee", "liam")."""
    p = turn.p
    return words != text and not LETTERS.search(words) and p.intent == "unknown" \
        and not has_order_content(p)


def _places_out(turn: Turn, text: str) -> str:
    """``text`` without its parts that are a numbered place ("Narjiss block B n 14": a figure,
    a word the lexicon does not know, no product): a place's words show no language."""
    if not has_figure(text):
        return text
    return "".join(part for part in PARTS.split(text)
                   if not (has_figure(part) and nlu_details.has_unknown_word(part)
                           and not orders(turn, part)))


def _may_switch_lang(turn: Turn) -> bool:
    """Names, addresses and cities say nothing of the customer's language: while the bot
    asks for them, only a question or an order can switch the replies' language."""
    if not turn.data.get("lang_seen"):
        return True
    p = turn.p
    if (p.intent in NOT_AN_ANSWER and not has_order_content(p)
            and len(turn.event.text.split()) <= 3):
        # "ok c bon", "merci", "svp" inside Darija; but "that's all" after a first message
        # that showed no language ("2 lentils": answered in Darija to the end) shows it
        return bool(turn.data.get("lang_guessed"))
    if turn.found and (turn.found.address or turn.found.name) and not turn.volunteered:
        return False                             # "12 rue des Orangers" at the summary
    if turn.volunteered and not has_order_content(p):
        return False                             # only details: "Michael Green, Rabat, …"
    if turn.state in DETAIL_STATES:
        return p.intent in INTERRUPTING or has_order_content(p)
    # "Nour", "Salma" at "which one?": a first name alone, even one that is a word of a
    # language ("nour", light), shows none (the replies went on in Darija after "Nour")
    return has_order_content(p) or not nlu_details.first_name_alone(turn.event.text)


