"""Maintenance windows (windows.py): reading them, time zones, daylight saving."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from guide_example import BERLIN, ISTANBUL

from bomgar_paths.errors import BomgarPathsError, ScheduleError, WindowError
from bomgar_paths.windows import OneOff, Weekly, Windows, local_instant, parse_window, zone


@pytest.mark.parametrize(("text", "shown"), [
    ("Sat 01:00-05:00", "Sat 01:00-05:00"),
    ("  sat 1:00 - 5:00 ", "Sat 01:00-05:00"),
    ("Saturday 01:00-05:00", "Sat 01:00-05:00"),
    ("Mon-Fri 22:00-02:00", "Mon-Fri 22:00-02:00"),
    ("Fri-Mon 23:00-01:00", "Fri-Mon 23:00-01:00"),
    ("Sat,Sun 00:00-24:00", "Sat,Sun 00:00-24:00"),
    ("daily 22:00-24:00", "daily 22:00-24:00"),
    ("Mon,Wed,Fri 12:00-13:00", "Mon,Wed,Fri 12:00-13:00"),
])
def test_weekly_windows_are_read_and_shown_normalised(text: str, shown: str) -> None:
    window = parse_window(text, BERLIN)
    assert isinstance(window, Weekly)
    assert str(window) == shown
    assert str(parse_window(shown, BERLIN)) == shown  # what is shown reads back the same


def test_a_window_crossing_midnight_closes_the_next_morning() -> None:
    window = parse_window("Mon-Fri 22:00-02:00", BERLIN)
    assert isinstance(window, Weekly) and window.closes_next_day
    friday = window.on(date(2026, 12, 4), BERLIN)
    assert friday is not None
    assert friday.closes.astimezone(BERLIN) == datetime(2026, 12, 5, 2, 0, tzinfo=BERLIN)
    assert friday.length == timedelta(hours=4)
    assert window.on(date(2026, 12, 5), BERLIN) is None  # Saturday: not a day it opens


def test_day_ranges_wrap_over_the_weekend() -> None:
    window = parse_window("Fri-Mon 01:00-02:00", BERLIN)
    assert isinstance(window, Weekly) and window.days == (0, 4, 5, 6)


@pytest.mark.parametrize(("text", "reason"), [
    ("", "empty"),
    ("Sta 01:00-05:00", "did you mean 'Sat'"),
    ("Sat 25:00-05:00", "25:00 is not a time of day"),
    ("Sat 01:00-24:30", "24:30 is not a time of day"),
    ("Sat 01:60-05:00", "01:60 is not a time of day"),
    ("Sat 01:00-01:00", "opens and closes at the same time"),
    ("Sat 01:00", "expected DAYS HH:MM-HH:MM"),
    ("every Saturday", "expected DAYS HH:MM-HH:MM"),
    ("2026-12-05T05:00/2026-12-05T01:00", "closes before it opens"),
    ("2026-12-05T01:00/tomorrow", "not an ISO 8601 date"),
    ("2026-13-05T01:00/PT4H", "not an ISO 8601 date"),
    ("2026-12-05T01:00", "a one-off window is START/END"),
])
def test_bad_window_text_is_a_clear_error(text: str, reason: str) -> None:
    with pytest.raises(WindowError) as caught:
        parse_window(text, BERLIN)
    error = caught.value
    assert isinstance(error, ValueError) and isinstance(error, BomgarPathsError)
    assert reason in str(error) and error.text == text
    assert "\n" not in str(error)


def test_one_off_windows_read_local_times_offsets_and_durations() -> None:
    local = parse_window("2026-12-05T01:00/2026-12-05T05:00", ISTANBUL)
    offset = parse_window("2026-12-04T22:00Z/2026-12-05T02:00Z", BERLIN)
    duration = parse_window("2026-12-05T01:00/PT4H", ISTANBUL)
    assert isinstance(local, OneOff) and isinstance(offset, OneOff)
    assert isinstance(duration, OneOff)
    assert local.opens == offset.opens == duration.opens == datetime(2026, 12, 4, 22, tzinfo=UTC)
    assert local.closes == offset.closes == duration.closes


def test_an_unknown_time_zone_is_a_clear_error() -> None:
    with pytest.raises(ScheduleError, match="unknown time zone 'Europe/Istambul'"):
        zone("Europe/Istambul")
    with pytest.raises(ScheduleError):
        Windows.parse(["Sat 01:00-05:00"], "../etc/passwd")


def test_a_weekly_window_follows_the_clock_changes_in_berlin() -> None:
    windows = Windows.parse(["Sun 01:00-05:00"], "Europe/Berlin")
    found = windows.occurrences(datetime(2026, 3, 21, tzinfo=UTC))
    before, change, after = next(found), next(found), next(found)
    assert before.opens.astimezone(BERLIN).isoformat() == "2026-03-22T01:00:00+01:00"
    assert before.length == timedelta(hours=4)
    # 29 March 2026: 02:00 CET becomes 03:00 CEST; the window lasts 3 real hours.
    assert change.opens.astimezone(BERLIN).isoformat() == "2026-03-29T01:00:00+01:00"
    assert change.closes.astimezone(BERLIN).isoformat() == "2026-03-29T05:00:00+02:00"
    assert change.length == timedelta(hours=3)
    assert after.opens.astimezone(BERLIN).isoformat() == "2026-04-05T01:00:00+02:00"
    # 25 October 2026: 03:00 CEST becomes 02:00 CET; the window lasts 5 real hours.
    autumn = next(o for o in windows.occurrences(datetime(2026, 10, 24, tzinfo=UTC)))
    assert autumn.length == timedelta(hours=5)


def test_wall_times_in_the_gap_and_in_the_overlap() -> None:
    # In the spring gap, 02:30 means the moment the clocks jump (03:00 CEST).
    gap = local_instant(date(2026, 3, 29), time(2, 30), BERLIN)
    assert gap.astimezone(BERLIN).isoformat() == "2026-03-29T03:00:00+02:00"
    # In the autumn overlap, 02:30 means the first time the clock shows it.
    twice = local_instant(date(2026, 10, 25), time(2, 30), BERLIN)
    assert twice.astimezone(BERLIN).isoformat() == "2026-10-25T02:30:00+02:00"
    window = parse_window("Sun 02:00-03:00", BERLIN)
    assert isinstance(window, Weekly)
    assert window.on(date(2026, 3, 29), BERLIN) is None  # that hour does not exist
    autumn = window.on(date(2026, 10, 25), BERLIN)
    assert autumn is not None and autumn.length == timedelta(hours=2)


def test_one_window_text_is_one_window() -> None:
    assert Windows.parse("Sat 01:00-05:00", "UTC") == Windows.parse(["Sat 01:00-05:00"], "UTC")
    with pytest.raises(WindowError, match="expected text"):
        Windows.parse([5], "UTC")  # type: ignore[list-item]
    with pytest.raises(ScheduleError, match="expected a time zone name or a tzinfo"):
        Windows.parse("Sat 01:00-05:00", 3)  # type: ignore[arg-type]


@pytest.mark.parametrize(("name", "message"), [
    ("", "the time zone is empty"),
    ("  ", "the time zone is empty"),
    ("Europe", "unknown time zone 'Europe'"),  # a folder of the zone database
    ("../../etc/passwd", "unknown time zone"),
    ("/etc/localtime", "unknown time zone"),
    ("Europe/\x00", "unknown time zone"),
    ("x" * 5000, r"unknown time zone 'x+'… \(5,000 characters\)"),
])
def test_zone_names_that_are_not_zones(name: str, message: str) -> None:
    with pytest.raises(ScheduleError, match=message):
        zone(name)


@pytest.mark.parametrize(("text", "message"), [
    ("2026-12-05T01:00/PT99999999999H", "runs past the end of the calendar"),
    ("9999-12-31T23:00-05:00/PT1H", "end of the calendar"),
])
def test_windows_past_the_calendar(text: str, message: str) -> None:
    with pytest.raises(WindowError, match=message):
        parse_window(text, UTC)

