"""Schedules (issue 5): windows, soaks, durations, client follow-up, exports.

The small catalog in tests/cases/schedule/catalog.toml is the guide's example
in miniature: from Base 3.2.4 + Bomgar 11.1.2 the plan is Base Software 3.3.2,
Bomgar-12.2.0, Bomgar-13.1.0, Base Software 5.0.0, Bomgar-14.1.0 (three soaks).
Golden outputs live beside it, one folder per case (see ``test_golden``).
"""

from __future__ import annotations

import json
import os
import re
import shlex
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import icalendar
import pytest

from bomgar_paths.catalog import Catalog, load
from bomgar_paths.errors import BomgarPathsError, ScheduleError, WindowError
from bomgar_paths.model import Goal, State
from bomgar_paths.planner import Plan, plan
from bomgar_paths.render import span
from bomgar_paths.render.ics import _fold, render_ics
from bomgar_paths.render.schedule import (
    action_text,
    client_text,
    late_text,
    obtain_text,
    render_schedule,
    render_schedule_markdown,
    schedule_data,
    warning_text,
)
from bomgar_paths.scheduling import Schedule, parse_start, schedule
from bomgar_paths.windows import OneOff, Weekly, Windows, local_instant, parse_window, zone

CASES = Path(__file__).parent / "cases" / "schedule"
BERLIN = ZoneInfo("Europe/Berlin")
ISTANBUL = ZoneInfo("Europe/Istanbul")
GUIDE = "base=3.2.4,bomgar=11.1.2"
LABELS = ["Base Software 3.3.2", "Bomgar-12.2.0", "Bomgar-13.1.0", "Base Software 5.0.0",
          "Bomgar-14.1.0"]
STAMP = datetime(2026, 11, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load(CASES / "catalog.toml")


@pytest.fixture(scope="module")
def guide(catalog: Catalog) -> Plan:
    result = plan(catalog, State.parse(GUIDE))
    assert [s.package.label for s in result.steps] == LABELS
    return result


@pytest.fixture(scope="module")
def no_soak(catalog: Catalog) -> Plan:
    return plan(catalog, State.parse(GUIDE), soak=False)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def starts(result: Schedule) -> list[str]:
    return [result.local(s.start).isoformat(timespec="minutes") for s in result.steps]


# -- windows: reading them -----------------------------------------------------


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


# -- windows: daylight saving in Europe/Berlin ---------------------------------


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


def test_an_install_that_fits_only_outside_the_short_night_waits_a_week(
        guide: Plan) -> None:
    windows = Windows.parse(["Sun 01:00-04:00"], "Europe/Berlin")
    result = schedule(guide, at("2026-03-28T12:00+01:00"), windows=windows,
                      duration_override=timedelta(minutes=150))
    # 29 March's window lasts 2 h (01:00 CET to 04:00 CEST): 2 h 30 min does not fit.
    assert starts(result)[0] == "2026-04-05T01:00+02:00"
    assert result.steps[0].gate.kind == "window"


def test_soak_hours_are_elapsed_hours_across_a_clock_change(guide: Plan) -> None:
    result = schedule(guide, at("2026-03-28T22:00+01:00"), tz=BERLIN)
    site = result.steps[1]
    assert result.local(site.end).isoformat() == "2026-03-28T23:15:00+01:00"
    assert site.soak_until is not None
    assert result.local(site.soak_until).isoformat() == "2026-03-30T00:15:00+02:00"
    assert site.soak_until - site.end == timedelta(hours=24)  # UTC: elapsed time
    assert site.start.utcoffset() == timedelta(0)


# -- the timeline ---------------------------------------------------------------


def test_without_windows_or_soak_installs_run_back_to_back(no_soak: Plan) -> None:
    start = at("2026-12-05T01:00+03:00")
    result = schedule(no_soak, start)
    assert [s.gate.kind for s in result.steps] == ["start"] + ["previous install"] * 4
    assert starts(result) == ["2026-12-05T01:00+03:00", "2026-12-05T01:30+03:00",
                              "2026-12-05T02:15+03:00", "2026-12-05T03:00+03:00",
                              "2026-12-05T03:30+03:00"]
    assert result.completion == start + timedelta(minutes=30 + 45 + 45 + 30 + 45)
    assert result.clients_settled == result.completion


def test_soaks_gate_site_packages_and_base_runs_during_a_soak(guide: Plan) -> None:
    result = schedule(guide, at("2026-12-05T01:00+03:00"))
    gates = [s["gate"] for s in schedule_data(result)["steps"]]
    assert gates == ["start", "previous install", "soak until 2026-12-06T02:15:00+03:00",
                     "previous install", "soak until 2026-12-07T03:00:00+03:00"]
    # Base Software 5.0.0 starts right after Bomgar-13.1.0, inside its soak.
    assert result.steps[3].start == result.steps[2].end
    assert result.local(result.completion).isoformat() == "2026-12-07T03:45:00+03:00"
    assert result.local(result.clients_settled).isoformat() == "2026-12-08T03:45:00+03:00"


def test_windows_place_each_install_where_it_fits(guide: Plan) -> None:
    windows = Windows.parse(["Sat 01:00-05:00"], "Europe/Istanbul")
    result = schedule(guide, at("2026-12-05T01:00+03:00"), windows=windows)
    assert starts(result) == ["2026-12-05T01:00+03:00", "2026-12-05T01:30+03:00",
                              "2026-12-12T01:00+03:00", "2026-12-12T01:45+03:00",
                              "2026-12-19T01:00+03:00"]
    assert [s.gate.kind for s in result.steps] == [
        "start", "previous install", "window", "previous install", "window"]
    for step in result.steps:
        assert step.window is not None
        assert step.window.opens <= step.start and step.end <= step.window.closes


def test_an_install_never_straddles_the_end_of_a_window(guide: Plan) -> None:
    windows = Windows.parse(["Sat 01:00-02:00"], "Europe/Istanbul")
    result = schedule(guide, at("2026-12-05T01:00+03:00"), windows=windows)
    # Base (30 min) fits at 01:00; Bomgar-12.2.0 (45 min) would end at 02:15: next week.
    assert starts(result)[:2] == ["2026-12-05T01:00+03:00", "2026-12-12T01:00+03:00"]


def test_a_cap_on_installs_per_window(guide: Plan) -> None:
    windows = Windows.parse(["Sat 01:00-05:00"], "Europe/Istanbul")
    result = schedule(guide, at("2026-12-05T01:00+03:00"), windows=windows,
                      max_installs_per_window=1)
    assert [result.local(s.start).date().isoformat() for s in result.steps] == [
        "2026-12-05", "2026-12-12", "2026-12-19", "2026-12-26", "2027-01-02"]


def test_one_off_and_weekly_windows_together(guide: Plan) -> None:
    windows = Windows.parse(["2026-12-06T22:00/2026-12-07T02:00", "Sat 01:00-05:00"],
                            "Europe/Istanbul")
    result = schedule(guide, at("2026-12-05T01:00+03:00"), windows=windows)
    # The soak of Bomgar-12.2.0 ends Sunday 02:15; the one-off window that night
    # comes before the next Saturday.
    assert starts(result)[2:4] == ["2026-12-06T22:00+03:00", "2026-12-06T22:45+03:00"]


def test_durations_scale_or_are_overridden(guide: Plan) -> None:
    start = at("2026-12-05T01:00+03:00")
    doubled = schedule(guide, start, multiplier=2)
    assert [s.duration for s in doubled.steps][:2] == [timedelta(hours=1),
                                                       timedelta(minutes=90)]
    fixed = schedule(guide, start, duration_override=timedelta(hours=3))
    assert {s.duration for s in fixed.steps} == {timedelta(hours=3)}
    with pytest.raises(ScheduleError, match="not both"):
        schedule(guide, start, multiplier=2, duration_override=timedelta(hours=1))
    for bad in (0, -1, float("nan"), float("inf")):
        with pytest.raises(ScheduleError, match="multiplier"):
            schedule(guide, start, multiplier=bad)


def test_an_empty_plan_completes_at_the_start(catalog: Catalog) -> None:
    done = plan(catalog, State.parse("base=5.0.0,bomgar=14.1.0"))
    result = schedule(done, at("2026-12-05T01:00+03:00"))
    assert result.steps == () and result.completion == result.clients_settled == result.start
    assert "Nothing to install" in render_schedule(result, "text")
    assert schedule_data(result)["steps"] == []


def test_the_display_zone(guide: Plan) -> None:
    start = at("2026-12-05T01:00+03:00")
    plain = schedule(guide, start)
    assert plain.steps[0].start == start and plain.steps[0].start.utcoffset() == timedelta(0)
    assert plain.local(plain.start).isoformat() == "2026-12-05T01:00:00+03:00"
    assert plain.zone_name == "UTC+0300"
    shown = schedule(guide, start, tz=BERLIN)
    assert shown.zone_name == "Europe/Berlin"
    assert shown.local(shown.start).isoformat() == "2026-12-04T23:00:00+01:00"
    assert schedule_data(shown)["steps"][0]["start"] == "2026-12-04T23:00:00+01:00"


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"max_installs_per_window": 1}, "needs maintenance windows"),
    ({"jump_clients": 10}, "Maximum Concurrent Jump Client Upgrades"),
    ({"max_concurrent_jump_upgrades": 10}, "number of Jump Clients"),
    ({"jump_clients": -1, "max_concurrent_jump_upgrades": 10}, "from 0 to 10,000,000"),
    ({"jump_clients": 10**30, "max_concurrent_jump_upgrades": 10}, "from 0 to 10,000,000"),
    ({"jump_clients": 1, "max_concurrent_jump_upgrades": 0}, "from 1 to"),
    ({"jump_clients": 1, "max_concurrent_jump_upgrades": 1, "jump_upgrade_minutes": 0},
     "above 0"),
    ({"jump_clients": 1, "max_concurrent_jump_upgrades": 1,
      "jump_upgrade_minutes": float("nan")}, "above 0 and at most 1440, not nan"),
    ({"multiplier": float("inf")}, "above 0 and at most 100, not inf"),
    ({"multiplier": 1e300}, "at most 100"),
    ({"multiplier": True}, "multiplier must be a number"),
    ({"max_installs_per_window": 0, "windows": Windows.parse("Sat 01:00-05:00", "UTC")},
     "1 or more, not 0"),
    ({"duration_override": timedelta(days=400)}, "more than 365 days"),
    ({"duration_override": 30}, "must be a timedelta, not 30"),
])
def test_bad_numbers_are_schedule_errors(guide: Plan, kwargs: dict[str, int],
                                         message: str) -> None:
    with pytest.raises(ScheduleError, match=message):
        schedule(guide, at("2026-12-05T01:00+03:00"), **kwargs)  # type: ignore[arg-type]


def test_times_are_whole_seconds_and_a_start_rounds_up(guide: Plan) -> None:
    result = schedule(guide, at("2026-12-05T01:00:00.250+03:00"))
    assert result.start == at("2026-12-05T01:00:01+03:00") == result.steps[0].start


def test_a_start_needs_an_offset(guide: Plan) -> None:
    with pytest.raises(ScheduleError, match="no UTC offset"):
        schedule(guide, datetime(2026, 12, 5, 1, 0))
    with pytest.raises(ScheduleError, match="--tz"):
        parse_start("2026-12-05T01:00")
    assert parse_start("2026-12-05T01:00", ISTANBUL).isoformat() == "2026-12-05T01:00:00+03:00"
    assert parse_start("2026-12-05T01:00Z").utcoffset() == timedelta(0)
    with pytest.raises(ScheduleError, match="ISO 8601"):
        parse_start("next Saturday")


def test_no_window_can_hold_an_install(guide: Plan) -> None:
    short = Windows.parse(["Sat 01:00-01:30"], "Europe/Istanbul")
    with pytest.raises(ScheduleError, match="longer than any maintenance window"):
        schedule(guide, at("2026-12-05T01:00+03:00"), windows=short)
    once = Windows.parse(["2026-12-05T01:00/PT2H"], "Europe/Istanbul")
    with pytest.raises(ScheduleError, match=r"no maintenance window after .* can hold"
                       r" Bomgar-13\.1\.0"):
        schedule(guide, at("2026-12-05T01:00+03:00"), windows=once)


def test_no_rules_means_no_windows(guide: Plan) -> None:
    start = at("2026-12-05T01:00+03:00")
    assert schedule(guide, start, windows=Windows(ISTANBUL)).steps == schedule(guide,
                                                                               start).steps


# -- client follow-up, no-soak mode, manual updates ------------------------------


def test_follow_up_only_after_packages_that_update_clients(guide: Plan) -> None:
    result = schedule(guide, at("2026-12-05T01:00+03:00"))
    counts = [len(s.follow_up) for s in result.steps]
    assert counts == [0, 5, 5, 0, 8]  # hands-on items once, after the last site install
    last = result.steps[-1]
    clients = [client_text(f) for f in last.follow_up]
    assert clients == ["representative consoles", "Jump Clients", "Bomgar Buttons",
                       "Jumpoints", "connection agents",
                       "representative consoles (MSI-deployed)", "Integration Clients",
                       "installer packages"]
    jump = last.follow_up[1]
    assert jump.kind == "check" and jump.due == last.end + timedelta(hours=24)
    assert jump.installed == last.end
    assert ("every status date later than 2026-12-07T03:45+03:00"
            in action_text(jump, result.tz))
    assert [f.kind for f in last.follow_up[5:]] == ["manual"] * 3
    assert result.uninstall_before == result.reinstall_after == ()


def test_a_family_without_clients_update_has_no_follow_up(guide: Plan) -> None:
    families = {name: attrs.evolve(f, clients_update=False)
                for name, f in guide.catalog.families.items()}
    quiet = attrs.evolve(guide, catalog=Catalog.from_entries(families.values(),
                                                              guide.catalog.packages))
    result = schedule(quiet, at("2026-12-05T01:00+03:00"))
    assert all(s.follow_up == () for s in result.steps)


def test_no_soak_mode_lists_clients_to_uninstall_and_reinstall(no_soak: Plan) -> None:
    result = schedule(no_soak, at("2026-12-05T01:00+03:00"))
    assert all(s.follow_up == () and s.soak_until is None for s in result.steps)
    assert [client_text(f) for f in result.uninstall_before] == [
        "representative consoles", "Jump Clients", "Jumpoints", "Bomgar Buttons",
        "connection agents"]
    assert {f.due for f in result.uninstall_before} == {result.steps[0].start}
    reinstalled = [client_text(f) for f in result.reinstall_after]
    assert reinstalled[-2:] == ["Integration Clients", "installer packages"]
    assert {f.due for f in result.reinstall_after} == {result.completion}


def test_no_soak_mode_with_base_only_needs_no_uninstall(catalog: Catalog) -> None:
    base_only = plan(catalog, State.parse("base=3.3.2,bomgar=13.1.0"), Goal.parse(["base>=5"]),
                     soak=False)
    assert [s.package.family for s in base_only.steps] == ["base"]
    result = schedule(base_only, at("2026-12-05T01:00+03:00"))
    assert result.uninstall_before == result.reinstall_after == ()


def test_manual_updates_say_how_each_package_is_obtained(guide: Plan) -> None:
    result = schedule(guide, at("2026-12-05T01:00+03:00"), manual=True)
    first, *rest = (obtain_text(s.obtain) for s in result.steps if s.obtain)
    assert len(rest) == len(result.steps) - 1
    assert first.startswith("ask support for an Appliance Download Key")
    assert "Base 3.2.4 is installed" in first
    assert all(o.startswith("Appliance Download Key from /appliance > Updates") for o in rest)
    assert all(s.obtain is None for s in schedule(guide, result.start).steps)


def test_jump_client_throttle_estimate_and_warning(guide: Plan) -> None:
    start = at("2026-12-05T01:00+03:00")
    calm = schedule(guide, start, jump_clients=400, max_concurrent_jump_upgrades=20)
    assert calm.warnings == ()
    calm_jump = action_text(calm.steps[1].follow_up[1], calm.tz)
    assert "20 rounds" not in calm_jump
    assert "about 1 h 40 min" in calm_jump  # 20 rounds x 5 min
    busy = schedule(guide, start, jump_clients=8000, max_concurrent_jump_upgrades=20)
    assert len(busy.warnings) == 1
    assert busy.warnings[0].site_installs == len(busy.warnings[0].late) == 3
    warning = warning_text(busy.warnings[0], busy.tz)
    assert "after 3 of 3 site installs" in warning
    assert "raise Maximum Concurrent Jump Client Upgrades" in warning
    jump = busy.steps[1].follow_up[1]
    assert jump.late is not None and "1 d 9 h" in late_text(jump.late, busy.tz)
    assert jump.due == busy.steps[1].end + timedelta(minutes=400 * 5)
    # Weekly windows leave a week between site installs: only the last soak is short.
    windows = Windows.parse(["Sat 01:00-05:00"], "Europe/Istanbul")
    weekly = schedule(guide, start, windows=windows, jump_clients=8000,
                      max_concurrent_jump_upgrades=20)
    assert "after 1 of 3 site installs" in warning_text(weekly.warnings[0], weekly.tz)


# -- exports --------------------------------------------------------------------

_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")


def test_json_has_the_contract_keys_and_offsets_everywhere(guide: Plan) -> None:
    windows = Windows.parse(["Sun 01:00-05:00"], "Europe/Berlin")
    result = schedule(guide, at("2026-03-21T12:00+01:00"), windows=windows, manual=True)
    data = json.loads(render_schedule(result, "json"))
    assert {"steps", "completion", "clients_settled"} <= set(data)
    for step in data["steps"]:
        assert {"package", "family", "version", "start", "end", "gate"} <= set(step)
        assert _OFFSET.match(step["start"]) and _OFFSET.match(step["end"])
    assert _OFFSET.match(data["completion"]) and _OFFSET.match(data["clients_settled"])
    offsets = [s[key][-6:] for s in data["steps"] for key in ("start", "end")]
    assert offsets[:8] == ["+01:00"] * 7 + ["+02:00"]  # 29 March: the clocks change
    assert data["steps"][0]["package"] == "Base Software 3.3.2"
    assert data["steps"][0]["gate"] == "window opens"

    def times(value: object) -> list[str]:
        if isinstance(value, dict):
            return [t for v in value.values() for t in times(v)]
        if isinstance(value, list):
            return [t for v in value for t in times(v)]
        if isinstance(value, str) and re.match(r"^\d{4}-\d\d-\d\dT", value):
            return [value]
        return []

    assert all(_OFFSET.match(t) for t in times(data)), times(data)


def test_ics_is_rfc_5545_and_reads_back(guide: Plan) -> None:
    windows = Windows.parse(["Sat 01:00-05:00"], "Europe/Istanbul")
    result = schedule(guide, at("2026-12-05T01:00+03:00"), windows=windows, manual=True)
    text = render_ics(result, stamp=STAMP, appliance="support.example.com, İstanbul")
    raw = text.encode()
    assert raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")  # CRLF only
    assert all(len(line) <= 75 for line in lines)
    for line in lines:
        line.decode()  # folding never splits a UTF-8 character
    calendar = icalendar.Calendar.from_ical(text)
    assert calendar["VERSION"] == "2.0" and "bomgar_paths" in str(calendar["PRODID"])
    events = list(calendar.walk("VEVENT"))
    installs = [e for e in events if str(e["SUMMARY"]).startswith("Install ")]
    soaks = [e for e in events if str(e["SUMMARY"]).startswith("Soak after ")]
    assert len(installs) == 5 and len(soaks) == 3 and len(events) == 8
    assert len({str(e["UID"]) for e in events}) == 8
    for event, step in zip(installs, result.steps, strict=True):
        assert event["DTSTART"].dt == step.start and event["DTEND"].dt == step.end
        assert event["DTSTAMP"].dt == STAMP
    first = installs[0]
    description = str(first["DESCRIPTION"])
    assert description.startswith("Before: Download a backup")  # unescaped again
    assert "\n" in description and "ask support; " not in description
    assert "fetch the package on an unrestricted machine, upload it" in description
    # icalendar keeps an X- property as written: escaped TEXT.
    assert str(calendar["X-WR-CALNAME"]).startswith(
        "Upgrade support.example.com\\, İstanbul: base=3.2.4\\,bomgar=11.1.2")


def test_ics_uids_survive_rescheduling(guide: Plan) -> None:
    def uids(start: str) -> list[str]:
        text = render_ics(schedule(guide, at(start)), stamp=STAMP)
        return re.findall(r"^UID:(.*)\r$", text, flags=re.M)

    assert uids("2026-12-05T01:00+03:00") == uids("2027-01-09T01:00+03:00")


def test_folding_counts_octets_not_characters() -> None:
    line = "DESCRIPTION:" + "ğ" * 100
    folded = _fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join(p[1:] if n else p for n, p in enumerate(parts)) == line
    assert _fold("SHORT:x") == "SHORT:x"


def test_markdown_ticket_has_backup_steps_verification_follow_up(guide: Plan) -> None:
    text = render_schedule_markdown(schedule(guide, at("2026-12-05T01:00+03:00")))
    order = ["Before the first install", "Download a backup", "### 2. Installs",
             "| [ ] | 1 | Base Software 3.3.2 |", "### 3. Verification",
             "### 4. Client follow-up", "Integration Clients"]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)


def test_span_reads_well() -> None:
    assert span(timedelta(minutes=45)) == "45 min"
    assert span(timedelta(hours=2, minutes=15)) == "2 h 15 min"
    assert span(timedelta(days=3, hours=4, minutes=5)) == "3 d 4 h"
    assert span(timedelta(0)) == "0 min"


# -- golden outputs ---------------------------------------------------------------

GOLDEN = sorted(p for p in CASES.iterdir() if p.is_dir())
_SUFFIX = {".md": "markdown", ".ics": "ics", ".txt": "text", ".json": "json"}


def _golden_files() -> list[Path]:
    return [f for case in GOLDEN for f in sorted(case.iterdir()) if f.name.startswith(
        "expected") and f.suffix in _SUFFIX]


@pytest.mark.parametrize("expected", _golden_files(),
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_golden(expected: Path, monkeypatch: pytest.MonkeyPatch,
                capsys: pytest.CaptureFixture[str]) -> None:
    """Each folder of tests/cases/schedule holds ``args`` (the command line without
    --catalog and --format) and expected.* files, one per format, each reviewed by
    eye. Regenerate after a deliberate change with ``UPDATE_GOLDEN=1`` and review
    the diff."""
    from bomgar_paths.cli import main  # noqa: PLC0415

    monkeypatch.chdir(CASES)  # the catalog's source prints as 'catalog.toml'
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(STAMP.timestamp())))
    args = shlex.split((expected.parent / "args").read_text())
    status = main([*args, "--catalog", "catalog.toml", "--format", _SUFFIX[expected.suffix]])
    actual = capsys.readouterr().out
    assert status == 0
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_bytes(actual.encode())
    assert actual == expected.read_bytes().decode()
    if expected.suffix == ".ics":
        assert icalendar.Calendar.from_ical(actual).walk("VEVENT")


# -- the front door: what schedule(), parse_start(), Windows and zone() take ------------


def test_schedule_takes_a_start_as_text_or_as_a_wall_time_in_tz(guide: Plan) -> None:
    aware = schedule(guide, at("2026-12-05T01:00+03:00"))
    assert schedule(guide, "2026-12-05T01:00+03:00").steps == aware.steps
    local = schedule(guide, datetime(2026, 12, 5, 1, 0), tz="Europe/Istanbul")
    assert local.steps == aware.steps
    assert local.zone_name == "Europe/Istanbul"


@pytest.mark.parametrize(("args", "kwargs", "message"), [
    ((date(2026, 12, 5),), {}, "expected an aware datetime .* not the date 2026-12-05"),
    ((datetime(2026, 12, 5, 1, 0),), {}, "has no UTC offset"),
    ((20261205,), {}, "expected an aware datetime .* not 20261205"),
    (("5 Dec",), {}, "invalid start '5 Dec'"),
    (("2026-12-05T01:00+03:00",), {"tz": 3}, "expected a time zone name or a tzinfo"),
    (("2026-12-05T01:00+03:00",), {"tz": "Europe"}, "unknown time zone 'Europe'"),
    (("2026-12-05T01:00+03:00",), {"windows": "Sat 01:00-05:00"}, "expected Windows"),
    (("9999-12-30T00:00+00:00",), {}, "past the end of the calendar"),
    (("9999-12-31T23:00-05:00",), {}, "end of the calendar"),
])
def test_schedule_refuses_what_it_cannot_read(guide: Plan, args: tuple[object, ...],
                                              kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ScheduleError, match=message):
        schedule(guide, *args, **kwargs)  # type: ignore[arg-type]


def test_schedule_refuses_what_is_not_a_plan() -> None:
    with pytest.raises(ScheduleError, match="expected a Plan"):
        schedule("base=3.2.4", "2026-12-05T01:00+03:00")  # type: ignore[arg-type]


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


def test_a_schedule_past_the_year_9999_is_a_schedule_error(guide: Plan) -> None:
    with pytest.raises(ScheduleError, match="past the end of the calendar"):
        schedule(guide, at("9999-12-01T00:00+00:00"), jump_clients=10_000_000,
                 max_concurrent_jump_upgrades=1, jump_upgrade_minutes=1440)
