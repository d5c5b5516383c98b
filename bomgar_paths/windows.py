"""Maintenance windows: when an install may run (DESIGN §1 "Schedule").

Two kinds, both read from text by ``parse_window`` / ``Windows.parse``:

- **weekly**, in a time zone: ``Sat 01:00-05:00``, ``Mon-Fri 22:00-02:00``
  (crosses midnight: it closes the next morning), ``Sat,Sun 00:00-24:00``,
  ``daily 23:00-01:00``. The day is the day the window *opens*.
- **one-off**, ISO 8601 intervals: ``2026-12-05T01:00/2026-12-05T05:00`` or
  ``2026-12-05T01:00/PT4H``; times without an offset are in the zone.

Weekly windows are wall-clock times, so they follow daylight-saving changes:
``Sat 01:00-05:00`` in Europe/Berlin opens at 01:00+01:00 in winter and at
01:00+02:00 in summer, and on the night the clocks change it lasts 3 or 5 real
hours, not 4. Wall-clock times that do not exist (in the spring-forward gap)
mean the moment the clocks jump; those that happen twice (fall-back) mean the
first time the clock shows them. Every instant this module returns is in UTC,
so that arithmetic on it is elapsed time.

Windows are never joined: an install must fit inside one occurrence of one
window, even where two windows overlap or touch, so that ``daily 00:00-24:00``
is 365 windows a year (and a cap on installs per window means something),
not one endless one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from .errors import Code, Reason, ScheduleError, WindowError, nearest
from .model import ascii_lower

__all__ = ["Occurrence", "OneOff", "Weekly", "Window", "Windows", "local_instant",
           "parse_window", "zone"]

#: The most windows one appliance may have: more is a mistake, and each search looks at
#: every window's openings.
MAX_WINDOWS = 100

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_DAYS = {name.lower(): n for n, name in enumerate(DAY_NAMES)} | {
    full: n for n, full in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
}
_EVERY_DAY = ("daily", "everyday", "every day", "*")
_WEEKLY = re.compile(
    r"\s*(?P<days>[A-Za-z*][A-Za-z ,*-]*?)\s+"
    r"(?P<opens>\d{1,2}:\d{2})\s*-\s*(?P<closes>\d{1,2}:\d{2})\s*$"
)
_TIME = re.compile(r"(?P<hour>\d{1,2}):(?P<minute>\d{2})")
_DURATION = re.compile(r"PT(?:(?P<hours>\d+(?:\.\d+)?)H)?(?:(?P<minutes>\d+)M)?$", re.IGNORECASE)
_DAY = timedelta(days=1)


def zone(name: str) -> ZoneInfo:
    """The IANA time zone ``name`` (``Europe/Istanbul``), or a ``ScheduleError`` saying so."""
    if not isinstance(name, str):
        raise ScheduleError("tz", Reason(Code.ZONE_NOT_TEXT, value=name))
    if not name.strip():
        raise ScheduleError("tz", Reason(Code.ZONE_EMPTY))
    try:
        return ZoneInfo(name.strip())
    # A folder of the zone database ("Europe") is an OSError; paths and junk, ValueError.
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ScheduleError("tz", Reason(Code.ZONE_UNKNOWN, name=name)) from None


def local_instant(day: date, wall: time, tz: tzinfo) -> datetime:
    """The UTC instant at which the clocks in ``tz`` show ``wall`` on ``day``.

    A wall time in a spring-forward gap means the moment of the jump; a wall
    time that happens twice means its first occurrence (module docstring).
    """
    naive = datetime.combine(day, wall)
    first = naive.replace(tzinfo=tz, fold=0)
    instant = first.astimezone(UTC)
    if instant.astimezone(tz).replace(tzinfo=None) == naive:
        return instant
    # In a gap: fold=1 reads the wall time with the offset after the jump (an
    # instant before the jump), fold=0 with the one before (an instant after).
    low = naive.replace(tzinfo=tz, fold=1).astimezone(UTC)
    high = instant
    after = high.astimezone(tz).utcoffset()
    while high - low > timedelta(seconds=1):  # transitions fall on whole seconds
        middle = low + (high - low) / 2
        if middle.astimezone(tz).utcoffset() == after:
            high = middle
        else:
            low = middle
    return high.replace(microsecond=0)


@attrs.frozen
class Occurrence:
    """One concrete opening of a window, in UTC: an install must fit inside it."""

    opens: datetime
    closes: datetime
    window: Window

    @property
    def length(self) -> timedelta:
        return self.closes - self.opens


@attrs.frozen
class Weekly:
    """A window that opens on some weekdays at a wall-clock time in the zone."""

    days: tuple[int, ...]  # Monday = 0, the days the window opens
    opens: time
    closes: time
    closes_next_day: bool  # 22:00-02:00, and 00:00-24:00 (closes at the next midnight)

    @property
    def nominal(self) -> timedelta:
        """Its length on a day without a clock change."""
        start = datetime.combine(date(2000, 1, 3), self.opens)
        end = datetime.combine(date(2000, 1, 3) + _DAY * self.closes_next_day, self.closes)
        return end - start

    def on(self, day: date, tz: tzinfo) -> Occurrence | None:
        """Its occurrence opening on ``day`` (local date), if it opens that weekday."""
        if day.weekday() not in self.days:
            return None
        opens = local_instant(day, self.opens, tz)
        closes = local_instant(day + _DAY if self.closes_next_day else day, self.closes, tz)
        return Occurrence(opens, closes, self) if closes > opens else None

    def __str__(self) -> str:
        end = "24:00" if self.closes_next_day and self.closes == time(0) else f"{self.closes:%H:%M}"
        return f"{_days_text(self.days)} {self.opens:%H:%M}-{end}"


@attrs.frozen
class OneOff:
    """A window on given dates: ``2026-12-05T01:00/2026-12-05T05:00``."""

    opens: datetime  # UTC
    closes: datetime  # UTC
    text: str  # as written, for display

    def __str__(self) -> str:
        return self.text


Window = Weekly | OneOff


def parse_window(text: str, tz: tzinfo) -> Window:
    """Read one window; raise ``WindowError`` naming what is wrong with the text."""
    if not isinstance(text, str):
        raise WindowError(text, Reason(Code.WINDOW_NOT_TEXT))
    stripped = text.strip()
    if not stripped:
        raise WindowError(text, Reason(Code.WINDOW_EMPTY))
    if "/" in stripped or stripped[0].isdigit():
        return _one_off(text, stripped, tz)
    match = _WEEKLY.match(stripped)
    if not match:
        raise WindowError(text, Reason(Code.WINDOW_MALFORMED))
    days = _parse_days(text, match["days"])
    opens = _parse_time(text, match["opens"], allow_24=False)
    if match["closes"] == "24:00":  # the next midnight
        return Weekly(days, opens, time(0), closes_next_day=True)
    closes = _parse_time(text, match["closes"], allow_24=True)
    if closes == opens:
        raise WindowError(text, Reason(Code.WINDOW_NO_LENGTH))
    return Weekly(days, opens, closes, closes_next_day=closes < opens)


@attrs.frozen
class Windows:
    """The maintenance windows of one appliance, in one time zone.

    No rules at all means "no windows": installs may run at any time.
    """

    tz: tzinfo
    rules: tuple[Window, ...] = ()

    @classmethod
    def parse(cls, specs: Iterable[str] | str, tz: str | tzinfo) -> Windows:
        """Read ``--window`` texts in the zone ``tz`` (a name or a ``tzinfo``).

        One text is one window: ``Windows.parse("Sat 01:00-05:00", "UTC")``
        is ``Windows.parse(["Sat 01:00-05:00"], "UTC")``.
        """
        if not isinstance(tz, str | tzinfo):
            raise ScheduleError("tz", Reason(Code.ZONE_WRONG_TYPE, value=tz))
        resolved = zone(tz) if isinstance(tz, str) else tz
        if isinstance(specs, str):
            specs = [specs]
        if not isinstance(specs, Iterable):
            raise WindowError(specs, Reason(Code.WINDOWS_NOT_TEXTS))
        rules: list[Window] = []
        for spec in specs:
            if len(rules) == MAX_WINDOWS:  # each search looks at every window's openings
                raise ScheduleError("windows", Reason(Code.TOO_MANY_WINDOWS, limit=MAX_WINDOWS))
            rules.append(parse_window(spec, resolved))
        return cls(resolved, tuple(rules))

    @property
    def zone_name(self) -> str:
        return getattr(self.tz, "key", None) or str(self.tz)

    def longest(self) -> timedelta:
        """The longest occurrence on a day without a clock change."""
        return max((r.nominal if isinstance(r, Weekly) else r.closes - r.opens
                    for r in self.rules), default=timedelta(0))

    def last_one_off(self) -> datetime | None:
        """When the last one-off window closes (a search for a slot can stop after it)."""
        return max((r.closes for r in self.rules if isinstance(r, OneOff)), default=None)

    def occurrences(self, after: datetime) -> Iterator[Occurrence]:
        """Every occurrence that closes after ``after``, in the order they open; endless
        when there are weekly rules."""
        after = after.astimezone(UTC)
        one_offs = sorted((Occurrence(r.opens, r.closes, r) for r in self.rules
                           if isinstance(r, OneOff) and r.closes > after),
                          key=lambda o: o.opens)
        weekly = [r for r in self.rules if isinstance(r, Weekly)]
        pending = iter(one_offs)
        next_one_off = next(pending, None)
        if not weekly:
            while next_one_off is not None:
                yield next_one_off
                next_one_off = next(pending, None)
            return
        # Start a day early: a window that crosses midnight may still be open.
        day = after.astimezone(self.tz).date() - _DAY
        while True:
            today = sorted((o for r in weekly if (o := r.on(day, self.tz)) is not None
                            and o.closes > after), key=lambda o: o.opens)
            for occurrence in today:
                while next_one_off is not None and next_one_off.opens <= occurrence.opens:
                    yield next_one_off
                    next_one_off = next(pending, None)
                yield occurrence
            day += _DAY

    def fitting(self, after: datetime, length: timedelta,
                horizon: timedelta) -> Iterator[Occurrence]:
        """The occurrences that hold ``length`` from ``after`` on, in the order they
        open: every one that opens within ``horizon``, then the one-off windows past
        it (weekly ones past the horizon are not looked at: the search ends)."""
        after = after.astimezone(UTC)
        limit = after + horizon
        for occurrence in self.occurrences(after):
            if occurrence.opens > limit:
                break
            if max(occurrence.opens, after) + length <= occurrence.closes:
                yield occurrence
        later = sorted((Occurrence(r.opens, r.closes, r) for r in self.rules
                        if isinstance(r, OneOff) and r.opens > limit), key=lambda o: o.opens)
        for occurrence in later:
            if occurrence.opens + length <= occurrence.closes:
                yield occurrence

    def __str__(self) -> str:
        return ", ".join(map(str, self.rules)) + f" ({self.zone_name})"


def _one_off(text: str, stripped: str, tz: tzinfo) -> OneOff:
    start_text, sep, end_text = stripped.partition("/")
    if not sep or not end_text.strip():
        raise WindowError(text, Reason(Code.ONE_OFF_MALFORMED))
    opens = _parse_instant(text, start_text, tz)
    duration = _DURATION.match(end_text.strip())
    if duration and (duration["hours"] or duration["minutes"]):
        try:
            closes = opens + timedelta(hours=float(duration["hours"] or 0),
                                       minutes=int(duration["minutes"] or 0))
        except OverflowError:
            raise WindowError(text, Reason(Code.ONE_OFF_PAST_CALENDAR,
                                           end=end_text.strip())) from None
    else:
        closes = _parse_instant(text, end_text, tz)
    if closes <= opens:
        raise WindowError(text, Reason(Code.WINDOW_CLOSES_FIRST))
    return OneOff(opens, closes, stripped)


def _parse_instant(text: str, part: str, tz: tzinfo) -> datetime:
    try:
        value = datetime.fromisoformat(part.strip())
    except ValueError:
        raise WindowError(text, Reason(Code.INSTANT_NOT_ISO, instant=part.strip())) from None
    try:
        if value.tzinfo is None:
            return local_instant(value.date(), value.time(), tz)
        return value.astimezone(UTC)
    except OverflowError:  # 9999-12-31T23:00-05:00 is in the year 10000 in UTC
        raise WindowError(text, Reason(Code.INSTANT_END_OF_CALENDAR,
                                       instant=part.strip())) from None


def _parse_days(text: str, days_text: str) -> tuple[int, ...]:
    cleaned = ascii_lower(days_text.strip())
    if cleaned in _EVERY_DAY:
        return tuple(range(7))
    chosen: set[int] = set()
    parts = [p.strip() for p in cleaned.split(",")]
    if len(parts) > 1 and not all(parts):
        raise WindowError(text, Reason(Code.DAY_MISSING))
    for part in filter(None, parts):
        first, dash, last = (s.strip() for s in part.partition("-"))
        start = _day(text, first)
        end = _day(text, last) if dash else start
        n = start
        chosen.add(n)
        while n != end:  # Fri-Mon wraps over the weekend
            n = (n + 1) % 7
            chosen.add(n)
    if not chosen:
        raise WindowError(text, Reason(Code.DAY_NONE))
    return tuple(sorted(chosen))


def _day(text: str, name: str) -> int:
    if name in _DAYS:
        return _DAYS[name]
    near = nearest(name, _DAYS, cutoff=0.5)
    raise WindowError(text, Reason(Code.DAY_UNKNOWN, day=name,
                                   near=near.title() if near else None))


def _parse_time(text: str, value: str, *, allow_24: bool) -> time:
    """HH:MM (``24:00``, where a window closes, is read by the caller)."""
    match = _TIME.fullmatch(value)
    assert match is not None  # the window pattern only lets HH:MM through
    hour, minute = int(match["hour"]), int(match["minute"])
    if hour > 23 or minute > 59:
        code = Code.CLOSING_TIME_INVALID if allow_24 else Code.TIME_INVALID
        raise WindowError(text, Reason(code, time=value))
    return time(hour, minute)


def _days_text(days: tuple[int, ...]) -> str:
    """Days as people write them: ``Mon-Fri``, ``Sat,Sun``, ``daily``."""
    if len(days) == 7:
        return "daily"
    runs: list[list[int]] = []
    for day in days:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    if len(runs) > 1 and runs[0][0] == 0 and runs[-1][-1] == 6:  # Sat-Mon wraps
        runs[0] = runs.pop() + runs[0]
    return ",".join(DAY_NAMES[r[0]] if len(r) == 1 else
                    f"{DAY_NAMES[r[0]]},{DAY_NAMES[r[1]]}" if len(r) == 2 else
                    f"{DAY_NAMES[r[0]]}-{DAY_NAMES[r[-1]]}" for r in runs)
