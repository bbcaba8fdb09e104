"""A cooperative's opening hours: when a person can answer, and how to say when they will.

The cooperative file's ``hours`` section (README's "A cooperative file")::

    hours:
      mon-fri: "9:00-13:00, 15:00-18:00"   # one day, a range of days or a list; several intervals
      sat: "9:00-13:00"
      sun: closed                          # a day not named is closed too
      days_off: [2026-12-31, 2027-01-01]   # dates the cooperative does not open
      timezone: Africa/Casablanca          # the default: Morocco's clock, UTC+0 in Ramadan

Day words (``mon``, ``lundi``, ``tnin``, ``الاثنين`` …), range words and "closed" words are in
``intents/hours.yml``. Without an ``hours`` section the week comes from ``about.hours`` and
``about.closed`` (bot/answers.py), else Monday to Saturday 9:00-18:00.

Pure: time is always an argument (an aware ``datetime``); the texts of :func:`when_text` are
``when_*`` keys in ``locales/*.yml``.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import datafiles, i18n
from .nlu.textnorm import normalise

DEFAULT_TIMEZONE = "Africa/Casablanca"
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: Monday to Saturday 9:00-18:00: a cooperative file that says nothing of its hours.
DEFAULT_INTERVALS = ((9 * 60, 18 * 60),)
DEFAULT_CLOSED = ("sun",)
#: Keys of ``hours`` that are not days.
OPTIONS = ("days_off", "timezone")
_TIME = r"(\d{1,2})(?:\s*[:hH.]\s*(\d{2}))?\s*[hH]?"
_INTERVAL_RE = re.compile(rf"^{_TIME}\s*[-–—]\s*{_TIME}$")
_DASH_RE = re.compile(r"\s*[-–—]\s*")
_COMMA_RE = re.compile(r"\s*[,،;]\s*")

Interval = tuple[int, int]          # minutes since midnight, start inclusive, end exclusive


class HoursError(ValueError):
    """An ``hours`` section that cannot be read; ``errors`` names each field and problem."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors))


@functools.lru_cache(maxsize=1)
def _words() -> dict:
    data = datafiles.load_intents("hours.yml") or {}
    days = {normalise(w): day for day, words in data.get("days", {}).items() for w in words}
    return {"days": days,
            **{k: {normalise(w) for w in data.get(k, [])} for k in ("range", "also", "skip",
                                                                     "closed")}}


def _day_indices(day: str) -> list[int]:
    return list(range(7)) if day == "all" else [DAYS.index(day)]


def _read_days(key: str) -> list[int] | None:
    """The weekdays (0 = Monday) a key names: ``mon-fri``, ``sat, sun``, ``lundi au vendredi``."""
    words = _words()
    # a dash and a comma are a range and a list in any language; keep them as tokens
    text = _COMMA_RE.sub(" , ", _DASH_RE.sub(" - ", key))
    tokens: list[str] = []
    for raw in text.split():
        if raw in ("-", ","):
            tokens.append(raw)
            continue
        word = normalise(raw)
        if word.startswith("و") and word[1:] in words["days"]:      # glued "and": والأحد
            tokens += [",", word[1:]]
        elif word:
            tokens += word.split()
    found: list[int] = []
    i, start, pending_range = 0, None, False
    while i < len(tokens):
        token = tokens[i]
        two = f"{token} {tokens[i + 1]}" if i + 1 < len(tokens) else ""
        three = f"{two} {tokens[i + 2]}" if i + 2 < len(tokens) else ""
        phrase = next((p for p in (three, two, token) if p in words["days"]), None)
        if phrase:
            day = DAYS.index(words["days"][phrase]) if words["days"][phrase] != "all" else None
            if pending_range:
                if start is None or day is None:
                    return None
                found += [(start + k) % 7 for k in range(1, (day - start) % 7 + 1)]
                pending_range = False
            else:
                found += _day_indices(words["days"][phrase])
            start = day
            i += len(phrase.split())
            continue
        if token == "-" or token in words["range"]:
            if start is None or pending_range:
                return None
            pending_range = True
        elif token == "," or token in words["also"] or token in words["skip"]:
            if pending_range:
                return None
        else:
            return None
        i += 1
    return found if found and not pending_range else None


def _minutes(hour: str, minute: str | None) -> int | None:
    h, m = int(hour), int(minute or 0)
    if h > 24 or m > 59 or (h == 24 and m):
        return None
    return h * 60 + m


def _read_intervals(value, field: str, errors: list[str]) -> tuple[Interval, ...] | None:
    """``"9:00-13:00, 15:00-18:00"`` (or a list of such) → intervals; closed → ``()``."""
    if value in (None, False, "") or (isinstance(value, str)
                                     and normalise(value) in _words()["closed"]):
        return ()
    parts = value if isinstance(value, list) else _COMMA_RE.split(str(value).strip())
    intervals: list[Interval] = []
    for part in parts:
        match = _INTERVAL_RE.match(str(part).strip())
        start = _minutes(match.group(1), match.group(2)) if match else None
        end = _minutes(match.group(3), match.group(4)) if match else None
        if start is None or end is None:
            errors.append(f"{field}: {str(part)!r} is not opening times: write them like "
                          f"\"9:00-13:00, 15:00-18:00\", or closed")
            return None
        if end <= start:
            errors.append(f"{field}: {part!s} ends before it starts (times from 0:00 to 24:00)")
            return None
        intervals.append((start, end))
    intervals.sort()
    for (_, end), (start, _) in zip(intervals, intervals[1:], strict=False):
        if start < end:
            errors.append(f"{field}: {value!s}: the times overlap")
            return None
    return tuple(intervals)


def _clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


@dataclass(frozen=True)
class Hours:
    """A week of opening intervals (Monday first), dates off, and the clock they are read on."""

    week: tuple[tuple[Interval, ...], ...]
    days_off: frozenset[date] = frozenset()
    timezone: str = DEFAULT_TIMEZONE

    @property
    def tz(self) -> tzinfo:
        return ZoneInfo(self.timezone)

    def _local(self, now: datetime) -> datetime:
        if now.tzinfo is None:
            raise ValueError("hours: now must be an aware datetime (clock.utcnow())")
        return now.astimezone(self.tz)

    def intervals_on(self, day: date) -> tuple[Interval, ...]:
        """The opening intervals of one local date (none on a day off)."""
        return () if day in self.days_off else self.week[day.weekday()]

    def is_open(self, now: datetime) -> bool:
        local = self._local(now)
        minute = local.hour * 60 + local.minute
        return any(start <= minute < end for start, end in self.intervals_on(local.date()))

    def next_opening(self, now: datetime) -> datetime:
        """When a person is next there, in the cooperative's time zone: ``now`` itself while
        open, else the start of the next interval (later today, or on the next open day)."""
        local = self._local(now)
        if self.is_open(now):
            return local
        minute = local.hour * 60 + local.minute
        for ahead in range(7 * (len(self.days_off) + 2)):
            day = local.date() + timedelta(days=ahead)
            for start, _ in self.intervals_on(day):
                if ahead or start > minute:
                    return datetime.combine(day, time(start // 60, start % 60), tzinfo=self.tz)
        raise ValueError("hours: the cooperative never opens")

    def after_open_minutes(self, start: datetime, minutes: float) -> datetime:
        """The moment ``minutes`` of opening time have passed since ``start`` (closed hours
        and days off do not count): a handoff asked at 17:55 with 120 minutes and closing at
        18:00 times out at 10:55 the next open day, not at 19:55 when nobody is there."""
        local = self._local(start)
        left = timedelta(minutes=minutes)
        for ahead in range(7 * (len(self.days_off) + 2)):
            day = local.date() + timedelta(days=ahead)
            midnight = datetime.combine(day, time(0), tzinfo=self.tz)
            for first, last in self.intervals_on(day):
                begin = max(midnight + timedelta(minutes=first), local)
                end = midnight + timedelta(minutes=last)
                if end <= begin:
                    continue
                if end - begin >= left:
                    return begin + left
                left -= end - begin
        raise ValueError("hours: the cooperative never opens")

    def to_spec(self) -> dict:
        """The section as a cooperative file writes it (JSON-safe; :func:`parse_hours` reads it)."""
        spec: dict = {day: ", ".join(f"{_clock(a)}-{_clock(b)}" for a, b in ivs) or "closed"
                      for day, ivs in zip(DAYS, self.week, strict=True)}
        spec["days_off"] = sorted(d.isoformat() for d in self.days_off)
        spec["timezone"] = self.timezone
        return spec


def _from_about(about: dict | None) -> tuple[tuple[Interval, ...], ...]:
    """The week of ``about.hours`` + ``about.closed`` (weekday names), else the default."""
    about = about or {}
    intervals = _read_intervals(about.get("hours"), "about.hours", []) or DEFAULT_INTERVALS
    closed_days = about.get("closed")
    closed = set()
    if closed_days is None:
        closed = {DAYS.index(d) for d in DEFAULT_CLOSED}
    else:
        for name in [closed_days] if isinstance(closed_days, str) else closed_days:
            closed.update(_read_days(str(name)) or [])
    return tuple(() if i in closed else intervals for i in range(7))


def _read_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def parse_hours(spec, about: dict | None = None) -> Hours:
    """Read a cooperative file's ``hours`` section (falling back to ``about``); raise
    :class:`HoursError` naming each bad field."""
    if spec in (None, "", {}):
        return Hours(_from_about(about))
    if not isinstance(spec, dict):
        raise HoursError(["hours: a mapping of days to times, like mon-fri: \"9:00-18:00\", "
                          "sun: closed"])
    errors: list[str] = []
    week: list[tuple[Interval, ...] | None] = [None] * 7
    named: dict[int, str] = {}
    for key, value in spec.items():
        if key in OPTIONS:
            continue
        field = f"hours.{key}"
        days = _read_days(str(key))
        if days is None:
            errors.append(f"{field}: not a day or days (mon, tue … sun, mon-fri, lundi, tnin, "
                          f"الاثنين …; or days_off, timezone)")
            continue
        intervals = _read_intervals(value, field, errors)
        for day in days:
            if day in named:
                errors.append(f"{field}: {DAYS[day]} is already given by hours.{named[day]}")
                break
            named[day] = str(key)
            week[day] = intervals
    off = spec.get("days_off") or []
    days_off: set[date] = set()
    for value in off if isinstance(off, list) else [off]:
        when = _read_date(value)
        if when is None:
            errors.append(f"hours.days_off: {value!r} is not a date (write 2026-12-31)")
        else:
            days_off.add(when)
    zone = str(spec.get("timezone") or DEFAULT_TIMEZONE)
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        errors.append(f"hours.timezone: {zone!r} is not a time zone (e.g. {DEFAULT_TIMEZONE})")
        zone = DEFAULT_TIMEZONE
    fallback = _from_about(about) if not named else ((),) * 7
    full = tuple(w if w is not None else fallback[i] for i, w in enumerate(week))
    if not errors and not any(full):
        errors.append("hours: no day is open (give at least one day times, like "
                      "mon-fri: \"9:00-18:00\")")
    if errors:
        raise HoursError(errors)
    return Hours(full, frozenset(days_off), zone)


def hours_of(coop: dict) -> Hours:
    """A stored cooperative's hours (its validated ``settings.hours``, else its ``about``).

    Read on every customer message, so parsed once per distinct content (``Hours`` is
    immutable): a stored row is keyed by its settings' stored text, a dict built elsewhere by
    its hours and about sections."""
    raw = coop.get("settings_json")
    if isinstance(raw, str):
        return _hours_from_stored(raw)
    return _hours_of_settings(coop.get("settings") or {})


def _hours_of_settings(settings: dict) -> Hours:
    return _hours_from(json.dumps([settings.get("hours"), settings.get("about")],
                                  sort_keys=True, default=str))


@functools.lru_cache(maxsize=256)
def _hours_from_stored(raw: str) -> Hours:
    return _hours_of_settings(json.loads(raw) or {})


@functools.lru_cache(maxsize=256)
def _hours_from(key: str) -> Hours:
    spec, about = json.loads(key)
    try:
        return parse_hours(spec, about)
    except HoursError:
        return parse_hours(None, about)


def describe(lang: str | None, opening: Hours) -> tuple[str, list[str]]:
    """The week as a customer reads it, and the names of the days it is closed: ``("9:00-18:00",
    ["dimanche"])``; days are named when their times differ (``lundi–jeudi 9:00-13:00,
    15:00-18:00; vendredi 9:00-12:00``)."""
    names = i18n.words(lang, "faq_weekdays")
    groups: list[list] = []                       # [first day, last day, intervals]
    for day, intervals in enumerate(opening.week):
        if intervals and groups and groups[-1][1] == day - 1 and groups[-1][2] == intervals:
            groups[-1][1] = day
        elif intervals:
            groups.append([day, day, intervals])

    def times(intervals: tuple[Interval, ...]) -> str:
        return ", ".join(f"{_clock(a)}-{_clock(b)}" for a, b in intervals)

    closed = [names[day] for day, intervals in enumerate(opening.week) if not intervals]
    if len({tuple(g[2]) for g in groups}) <= 1:
        return (times(groups[0][2]) if groups else ""), closed
    return "; ".join((names[a] if a == b else f"{names[a]}–{names[b]}") + " " + times(ivs)
                     for a, b, ivs in groups), closed


def when_text(lang: str | None, opens_at: datetime, now: datetime) -> str:
    """When a person will answer, as the customer reads it: "lyoum mn 15:00", "ghedda mn
    9:00", "nhar jjem3a mn 9:00", a date beyond a week (in ``opens_at``'s time zone)."""
    local_now = now.astimezone(opens_at.tzinfo)
    ahead = (opens_at.date() - local_now.date()).days
    at = i18n.t(lang, "when_time", hour=opens_at.hour, minute=f"{opens_at.minute:02d}")
    if ahead <= 0:
        return i18n.t(lang, "when_today", time=at)
    if ahead == 1:
        return i18n.t(lang, "when_tomorrow", time=at)
    if ahead < 7:
        names = i18n.words(lang, "faq_weekdays")
        return i18n.t(lang, "when_day", day=names[opens_at.weekday()], time=at)
    return i18n.t(lang, "when_date", date=opens_at.strftime("%d/%m"), time=at)
