"""Delivery details written inside a message: a name after "smiti" / "je m'appelle" /
"my name is" / "سميتي", a street address from "hay", "zanqa", "rue", "حي"… on.

:func:`extract` returns them with the message *without* those spans (``rest``), which is
what the order parser then reads: "bghit 2 amlou, smiti Salma, hay riad zanqa 7 raqm 14"
orders 2 amlou, never 7 or 14. Pure, cue words in ``intents/details.yml``.
"""

from __future__ import annotations

from .addresses import house_number_of_a_place
from .base import MAX_NAME_WORDS, Details, number_words
from .cues import (
    after_last,
    after_negation,
    before_negation,
    count_swapped,
    delivery_day,
    has_marker,
    has_unknown_word,
    leading_name,
    names_no_one,
    never_a_name,
    numbered_pick,
    one_of_them,
    only_fillers,
    opens_with,
    parts_said,
    phrase_starts,
    says,
    split_at,
    split_at_joint,
    starts_with_and,
    starts_with_title,
    strip_courtesy,
    this_one_negated,
    without,
    without_title_stops,
    words_as_written,
)
from .names import bare_name
from .reading import extract
from .words import (
    also_name_before_town,
    capitalised_also_name,
    city_only,
    common_first_name,
    first_name_alone,
    first_name_and_surname,
    initialled_name,
)

__all__ = ["Details", "extract", "says", "city_only", "bare_name", "before_negation",
           "after_negation", "has_unknown_word", "has_marker", "without", "starts_with_title",
           "starts_with_and",
           "strip_courtesy", "split_at", "split_at_joint", "one_of_them", "count_swapped",
           "phrase_starts", "words_as_written",
           "numbered_pick",
           "never_a_name",
           "leading_name", "number_words", "MAX_NAME_WORDS", "only_fillers", "names_no_one",
           "first_name_alone", "common_first_name", "first_name_and_surname", "initialled_name",
           "house_number_of_a_place", "delivery_day", "after_last", "this_one_negated",
           "without_title_stops", "opens_with", "capitalised_also_name", "parts_said",
           "also_name_before_town"]
