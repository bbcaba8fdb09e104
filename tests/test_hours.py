"""Opening hours (bot/hours.py): the file's section, open or not, the next opening, how it reads.

Time is always an argument: every "now" below is a fixed aware datetime.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import yaml

from bot import coops, hours
from bot.hours import HoursError, parse_hours, when_text

CASA = ZoneInfo("Africa/Casablanca")
SPLIT = {"mon-thu": "9:00-13:00, 15:00-18:00", "fri": "9:00-12:00, 15:00-18:00",
         "sat": "9:00-13:00", "sun": "closed", "days_off": [date(2026, 12, 31)]}


def local(y, mo, d, h, mi=0) -> datetime:
    """A wall-clock time in Morocco."""
    return datetime(y, mo, d, h, mi, tzinfo=CASA)


# -- reading the section ---------------------------------------------------------------------

def test_ranges_single_days_and_several_intervals():
    h = parse_hours(SPLIT)
    assert h.week[0] == h.week[3] == ((540, 780), (900, 1080))
    assert h.week[4] == ((540, 720), (900, 1080))
    assert h.week[5] == ((540, 780),) and h.week[6] == ()
    assert h.days_off == {date(2026, 12, 31)} and h.timezone == "Africa/Casablanca"


@pytest.mark.parametrize("key", ["mon-fri", "Lundi au vendredi", "lundi-vendredi", "tnin-jjem3a",
                                 "mn tnin l jjem3a", "الاثنين - الجمعة", "الإثنين حتى الجمعة",
                                 "mon, tue, wed, thu, fri", "monday to friday"])
def test_day_words_in_every_language(key):
    h = parse_hours({key: "9h-18h"})
    assert h.week == (((540, 1080),),) * 5 + ((), ())


def test_lists_wrapping_ranges_every_day_and_the_arabic_glued_and():
    assert parse_hours({"sat, sun": "10:00-12:00"}).week[5:] == (((600, 720),),) * 2
    assert parse_hours({"السبت والأحد": "10:00-12:00"}).week[5:] == (((600, 720),),) * 2
    assert [bool(d) for d in parse_hours({"fri-mon": "9:00-10:00"}).week] == \
        [True, False, False, False, True, True, True]
    assert parse_hours({"tous les jours": "8:00-20:00"}).week == (((480, 1200),),) * 7
    assert parse_hours({"sun": "9:00-24:00"}).week[6] == ((540, 1440),)


def test_closed_words_and_a_yaml_off():
    spec = yaml.safe_load("mon-sat: 9:00-18:00\nsun: off\n")      # YAML reads off as false
    assert parse_hours(spec).week[6] == ()
    for word in ("fermé", "msdouda", "مسدود", "closed", None):
        assert parse_hours({"mon-fri": "9:00-18:00", "sat": word}).week[5] == ()


def test_without_the_section_the_about_facts_then_monday_to_saturday():
    about = {"hours": "8:30-17:00", "closed": ["saturday", "sunday"]}
    assert parse_hours(None, about).week == (((510, 1020),),) * 5 + ((), ())
    assert parse_hours(None).week == (((540, 1080),),) * 6 + ((),)
    assert parse_hours(None, {"hours": "on weekdays"}).week == (((540, 1080),),) * 6 + ((),)
    # only days off and a zone: the week still comes from about
    h = parse_hours({"days_off": ["2027-01-01"]}, about)
    assert h.week[0] == ((510, 1020),) and h.days_off == {date(2027, 1, 1)}


def test_the_section_round_trips_through_its_stored_form():
    h = parse_hours(SPLIT)
    spec = h.to_spec()
    assert spec["fri"] == "9:00-12:00, 15:00-18:00" and spec["sun"] == "closed"
    assert spec["days_off"] == ["2026-12-31"]
    assert parse_hours(spec) == h


@pytest.mark.parametrize("spec, needle", [
    ({"mon-fri": "9:00-25:00"}, "hours.mon-fri: '9:00-25:00' is not opening times"),
    ({"mon-fri": "nine to six"}, "hours.mon-fri: 'nine to six'"),
    ({"mon": "18:00-9:00"}, "hours.mon: 18:00-9:00 ends before it starts"),
    ({"mon": "9:00-13:00, 12:00-18:00"}, "hours.mon: 9:00-13:00, 12:00-18:00: the times overlap"),
    ({"lundo": "9:00-18:00"}, "hours.lundo: not a day"),
    ({"mon-": "9:00-18:00"}, "hours.mon-: not a day"),
    ({"mon-fri": "9:00-18:00", "fri": "9:00-12:00"}, "hours.fri: fri is already given by "
                                                     "hours.mon-fri"),
    ({"mon": "9:00-18:00", "days_off": ["31/12/2026"]}, "hours.days_off: '31/12/2026' is not"),
    ({"mon": "9:00-18:00", "timezone": "Morocco/Agadir"}, "hours.timezone: 'Morocco/Agadir'"),
    ({"sun": "closed"}, "hours: no day is open"),
    ("9:00-18:00", "hours: a mapping"),
])
def test_errors_name_the_field(spec, needle):
    with pytest.raises(HoursError) as info:
        parse_hours(spec)
    assert needle in str(info.value)


def test_every_error_of_the_section_is_listed():
    with pytest.raises(HoursError) as info:
        parse_hours({"mon": "9-25", "xyz": "9:00-10:00", "timezone": "Nowhere/Else"})
    assert len(info.value.errors) == 3


# -- the cooperative file -------------------------------------------------------------------

def test_the_cooperative_file_validates_and_stores_its_hours(tmp_path):
    path = tmp_path / "coop.yml"
    path.write_text("slug: a\nname: A\nhours:\n  mon-fri: \"9:00-13:00, 15:00-18:00\"\n"
                    "  days_off: [2026-12-31]\n", encoding="utf-8")
    settings = coops.load_coop_file(path)["coop"]["settings"]
    assert settings["hours"]["mon"] == "9:00-13:00, 15:00-18:00"
    assert settings["hours"]["sat"] == "closed" and settings["hours"]["days_off"] == ["2026-12-31"]
    assert hours.hours_of({"settings": settings}) == parse_hours(settings["hours"])
    path.write_text("slug: a\nname: A\nhours:\n  mon-fri: 9-18h\n  timezone: Mars/Olympus\n",
                    encoding="utf-8")
    with pytest.raises(coops.CoopError) as info:
        coops.load_coop_file(path)
    assert "hours.mon-fri: '9-18h'" not in str(info.value)          # 9-18h is fine
    assert "hours.timezone: 'Mars/Olympus'" in str(info.value)


def test_the_demo_cooperatives_hours_agree_with_its_about():
    coop = coops.load_coop_file("coops/demo/coop.yml")["coop"]
    settings = coop["settings"]
    assert settings["hours"] is not None
    assert hours.hours_of(coop).week == parse_hours(None, settings["about"]).week


def test_a_file_without_hours_uses_about():
    coop = {"settings": {"about": {"hours": "10:00-16:00", "closed": ["friday"]}, "hours": None}}
    assert hours.hours_of(coop).week[4] == () and hours.hours_of(coop).week[0] == ((600, 960),)


def test_a_stored_cooperative_is_read_by_its_stored_settings_after_every_edit(tmp_path):
    # The hours are cached by the settings' stored text: an edit (a new text) is read at once.
    from bot import store
    db = store.connect(str(tmp_path / "h.sqlite3"))
    coop = {"slug": "h", "name": "H", "settings": {"hours": {"mon-fri": "9:00-18:00"}}}
    store.upsert_coop(db, coop, [], None)
    assert hours.hours_of(store.get_coop_by_slug(db, "h")).week[0] == ((540, 1080),)
    coop["settings"]["hours"] = {"mon-fri": "10:00-12:00"}
    store.upsert_coop(db, coop, [], None)
    row = store.get_coop_by_slug(db, "h")
    assert isinstance(row["settings_json"], str)
    assert hours.hours_of(row).week[0] == ((600, 720),)
    assert hours.hours_of({"settings": row["settings"]}) == hours.hours_of(row)


# -- open or not, and the next opening --------------------------------------------------------

def test_open_across_a_week():
    h = parse_hours(SPLIT)
    monday = local(2026, 11, 30, 0)
    open_hours = {(day, hour) for day in range(7) for hour in range(24)
                  if h.is_open(monday + timedelta(days=day, hours=hour, minutes=30))}
    expected = {(d, hr) for d in range(4) for hr in (9, 10, 11, 12, 15, 16, 17)} | \
        {(4, hr) for hr in (9, 10, 11, 15, 16, 17)} | {(5, hr) for hr in (9, 10, 11, 12)}
    assert open_hours == expected


def test_interval_edges():
    h = parse_hours(SPLIT)
    assert h.is_open(local(2026, 11, 30, 9, 0)) and not h.is_open(local(2026, 11, 30, 8, 59))
    assert h.is_open(local(2026, 11, 30, 12, 59)) and not h.is_open(local(2026, 11, 30, 13, 0))


@pytest.mark.parametrize("now, opens", [
    (local(2026, 11, 30, 7, 15), local(2026, 11, 30, 9)),      # Monday before opening
    (local(2026, 11, 30, 13, 30), local(2026, 11, 30, 15)),    # Monday at lunch
    (local(2026, 11, 30, 18, 0), local(2026, 12, 1, 9)),       # Monday after closing
    (local(2026, 12, 1, 23, 55), local(2026, 12, 2, 9)),       # late on Tuesday night
    (local(2026, 12, 2, 0, 20), local(2026, 12, 2, 9)),        # just after midnight
    (local(2026, 12, 4, 12, 0), local(2026, 12, 4, 15)),       # Friday prayer break
    (local(2026, 12, 5, 14, 0), local(2026, 12, 7, 9)),        # Saturday afternoon → Monday
    (local(2026, 12, 6, 10, 0), local(2026, 12, 7, 9)),        # Sunday
    (local(2026, 12, 30, 19, 0), local(2027, 1, 1, 9)),        # 31/12 is a day off
    (local(2026, 12, 31, 10, 0), local(2027, 1, 1, 9)),        # on the day off itself
])
def test_next_opening(now, opens):
    h = parse_hours(SPLIT)
    assert not h.is_open(now)
    got = h.next_opening(now.astimezone(UTC))
    assert got == opens and got.tzinfo is not None and str(got.tzinfo) == "Africa/Casablanca"


def test_next_opening_while_open_is_now():
    h = parse_hours(SPLIT)
    now = local(2026, 11, 30, 10, 0)
    assert h.next_opening(now) == now


def test_a_day_off_is_closed_all_day():
    h = parse_hours(SPLIT)
    assert not any(h.is_open(local(2026, 12, 31, hr)) for hr in range(24))
    assert h.is_open(local(2026, 12, 24, 10))                  # the Thursday before


def test_naive_time_is_refused():
    with pytest.raises(ValueError):
        parse_hours(SPLIT).is_open(datetime(2026, 11, 30, 10))


def test_ramadan_moves_moroccos_clock_to_utc():
    """Africa/Casablanca is UTC+1 but UTC+0 in Ramadan (15 February 2027 here): 9:00 is read
    on the wall clock, so the opening moves by an hour in UTC."""
    h = parse_hours({"mon-sat": "9:00-18:00"})
    ramadan = datetime(2027, 2, 15, 8, 30, tzinfo=UTC)        # a Monday in Ramadan
    assert ramadan.astimezone(CASA).utcoffset() == timedelta(0)
    assert not h.is_open(ramadan)                               # 8:30 in Morocco
    assert h.next_opening(ramadan) == datetime(2027, 2, 15, 9, 0, tzinfo=UTC)
    ordinary = datetime(2027, 2, 1, 8, 30, tzinfo=UTC)        # a Monday before Ramadan
    assert ordinary.astimezone(CASA).utcoffset() == timedelta(hours=1)
    assert h.is_open(ordinary)                                  # 9:30 in Morocco
    evening = datetime(2027, 2, 15, 17, 30, tzinfo=UTC)       # 17:30 in Ramadan: still open
    assert h.is_open(evening) and not h.is_open(evening + timedelta(days=-14))


def test_another_time_zone():
    h = parse_hours({"mon-fri": "9:00-17:00", "timezone": "Europe/Paris"})
    assert h.is_open(datetime(2026, 11, 30, 8, 30, tzinfo=UTC))   # 9:30 in Paris
    assert not parse_hours({"mon-fri": "9:00-17:00"}).is_open(
        datetime(2026, 11, 30, 7, 30, tzinfo=UTC))                  # 8:30 in Morocco


# -- how it reads ---------------------------------------------------------------------------

NOW = local(2026, 11, 30, 13, 30)                                  # a Monday


@pytest.mark.parametrize("lang, today, tomorrow, friday, later", [
    ("ary-Latn", "lyoum mn 15:00", "ghedda mn 9:00", "nhar jjem3a mn 9:00", "nhar 31/12 mn 9:00"),
    ("ary-Arab", "اليوم من 15:00", "غدا من 9:00", "نهار الجمعة من 9:00", "نهار 31/12 من 9:00"),
    ("fr", "aujourd'hui à partir de 15h00", "demain à partir de 9h00",
     "vendredi à partir de 9h00", "le 31/12 à partir de 9h00"),
    ("en", "today from 15:00", "tomorrow from 9:00", "on Friday from 9:00", "on 31/12 from 9:00"),
])
def test_when_text_in_the_four_languages(lang, today, tomorrow, friday, later):
    assert when_text(lang, local(2026, 11, 30, 15), NOW) == today
    assert when_text(lang, local(2026, 12, 1, 9), NOW) == tomorrow
    assert when_text(lang, local(2026, 12, 4, 9), NOW) == friday
    assert when_text(lang, local(2026, 12, 31, 9), NOW) == later


def test_when_text_counts_days_on_moroccos_calendar():
    # 23:30 UTC on Monday is already Tuesday 0:30 in Morocco: 9:00 that morning is "today"
    now = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
    opens = parse_hours(SPLIT).next_opening(now)
    assert opens == local(2026, 12, 1, 9)
    assert when_text("ary-Latn", opens, now) == "lyoum mn 9:00"
    assert when_text("en", local(2026, 12, 7, 9), local(2026, 12, 5, 14)) == "on Monday from 9:00"


# -- the answer to "when are you open?" ---------------------------------------------------------

def test_describe_names_days_only_when_their_times_differ():
    assert hours.describe("fr", parse_hours({"mon-sat": "9:00-18:00"})) == \
        ("9:00-18:00", ["dimanche"])
    text, closed = hours.describe("ary-Latn", parse_hours(SPLIT))
    assert text == "tnin–lkhmis 9:00-13:00, 15:00-18:00; jjem3a 9:00-12:00, 15:00-18:00; " \
                   "ssebt 9:00-13:00"
    assert closed == ["l7ed"]


def test_the_hours_answer_reads_the_hours_section():
    from bot import answers

    coop = {"name": "Tifawin", "settings": {"about": {"hours": "9:00-18:00"},
                                            "hours": parse_hours(SPLIT).to_spec()}}
    reply = answers.answer("hours", "en", coop).replies[0]
    assert "Friday 9:00-12:00, 15:00-18:00" in reply and "closed on Sunday" in reply
    demo = coops.load_coop_file("coops/demo/coop.yml")["coop"]
    reply = answers.answer("hours", "fr", demo).replies[0]
    assert "9:00-18:00, fermée le dimanche" in reply


def test_open_minutes_count_only_opening_time():
    """A handoff's timeout counts the time a person is there: 120 minutes asked at 17:55
    with closing at 18:00 end at 10:55 the next open day; asked while closed, they start at
    the opening; a day off and a closed Sunday are skipped."""
    opening = parse_hours({"mon-sat": "9:00-13:00, 15:00-18:00", "sun": "closed",
                           "days_off": ["2027-01-11"]})
    tz = ZoneInfo("Africa/Casablanca")
    friday = datetime(2027, 1, 8, 17, 55, tzinfo=tz)
    assert opening.after_open_minutes(friday, 120) == datetime(2027, 1, 9, 10, 55, tzinfo=tz)
    noon = datetime(2027, 1, 8, 12, 30, tzinfo=tz)                  # lunch break skipped
    assert opening.after_open_minutes(noon, 60) == datetime(2027, 1, 8, 15, 30, tzinfo=tz)
    saturday_night = datetime(2027, 1, 9, 23, 0, tzinfo=tz)         # Sun closed, Mon off
    assert opening.after_open_minutes(saturday_night, 120) == \
        datetime(2027, 1, 12, 11, 0, tzinfo=tz)
    inside = datetime(2027, 1, 8, 9, 10, tzinfo=tz)
    assert opening.after_open_minutes(inside, 120) == datetime(2027, 1, 8, 11, 10, tzinfo=tz)
    utc = datetime(2027, 1, 8, 16, 55, tzinfo=UTC)                  # 17:55 in Casablanca
    assert opening.after_open_minutes(utc, 120) == datetime(2027, 1, 9, 10, 55, tzinfo=tz)


def test_a_person_is_there_by_the_minute_of_the_clock_the_seconds_do_not_count():
    """``relay.hours_now`` (read on every message, kept per minute) answers as the hours do
    at every second of a minute, on both sides of an opening."""
    from bot import relay
    coop = {"settings": {"hours": SPLIT}}
    h = parse_hours(SPLIT)
    for minute in (local(2026, 11, 30, 8, 59), local(2026, 11, 30, 9, 0),
                   local(2026, 11, 30, 12, 59), local(2026, 11, 30, 13, 0)):
        for second in (0, 1, 30, 59):
            now = (minute + timedelta(seconds=second, microseconds=second * 7)).astimezone(UTC)
            is_open, opens = relay.hours_now(coop, now)
            assert is_open == h.is_open(now)
            assert opens == (None if is_open else h.next_opening(now))
