"""Schedules (scheduling.py): the timeline of a plan under soaks, windows, caps and
durations, and what schedule() and parse_start() accept.

The plan is the guide's example in miniature (tests/guide_example.py).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from guide_example import BERLIN, ISTANBUL, at, starts

from bomgar_paths.catalog import Catalog
from bomgar_paths.errors import ScheduleError
from bomgar_paths.model import State
from bomgar_paths.planner import Plan, plan
from bomgar_paths.render.schedule import (
    obtain_text,
    render_schedule,
    schedule_data,
)
from bomgar_paths.scheduling import SplitRound, parse_start, schedule
from bomgar_paths.windows import Windows


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


def test_without_windows_or_soak_installs_run_back_to_back(no_soak: Plan) -> None:
    start = at("2026-12-05T01:00+03:00")
    result = schedule(no_soak, start)
    assert [s.gate.kind for s in result.steps] == ["start"] + ["previous install"] * 4
    assert starts(result) == ["2026-12-05T01:00+03:00", "2026-12-05T01:30+03:00",
                              "2026-12-05T02:15+03:00", "2026-12-05T03:00+03:00",
                              "2026-12-05T03:30+03:00"]
    assert result.completion == start + timedelta(minutes=30 + 45 + 45 + 30 + 45)
    assert result.clients_settled == result.completion


def test_soaks_gate_each_round_and_base_goes_just_before_its_site_package(guide: Plan
                                                                         ) -> None:
    result = schedule(guide, at("2026-12-05T01:00+03:00"))
    gates = [s["gate"] for s in schedule_data(result)["steps"]]
    assert gates == ["start", "previous install", "soak until 2026-12-06T02:15:00+03:00",
                     "soak until 2026-12-07T03:00:00+03:00", "previous install"]
    # Base Software 5.0.0 waits for Bomgar-13.1.0's soak, then Bomgar-14.1.0 follows at once:
    # one round (issue 11), not a Base install during the soak as before.
    assert result.steps[3].start == result.steps[2].soak_until
    assert result.steps[4].start == result.steps[3].end
    assert result.local(result.completion).isoformat() == "2026-12-07T04:15:00+03:00"
    assert result.local(result.clients_settled).isoformat() == "2026-12-08T04:15:00+03:00"


def test_windows_place_each_round_where_it_fits(guide: Plan) -> None:
    windows = Windows.parse(["Sat 01:00-05:00"], "Europe/Istanbul")
    result = schedule(guide, at("2026-12-05T01:00+03:00"), windows=windows)
    # Base Software 5.0.0 goes with Bomgar-14.1.0, a week after Bomgar-13.1.0.
    assert starts(result) == ["2026-12-05T01:00+03:00", "2026-12-05T01:30+03:00",
                              "2026-12-12T01:00+03:00", "2026-12-19T01:00+03:00",
                              "2026-12-19T01:30+03:00"]
    assert [s.gate.kind for s in result.steps] == [
        "start", "previous install", "window", "window", "previous install"]
    assert result.warnings == ()
    for step in result.steps:
        assert step.window is not None
        assert step.window.opens <= step.start and step.end <= step.window.closes


def test_an_install_never_straddles_the_end_of_a_window(guide: Plan) -> None:
    windows = Windows.parse(["Sat 01:00-02:00"], "Europe/Istanbul")
    result = schedule(guide, at("2026-12-05T01:00+03:00"), windows=windows)
    # Base (30 min) fits at 01:00; Bomgar-12.2.0 (45 min) would end at 02:15: next week.
    # Together (75 min) they are longer than the window: placed one by one, and said so.
    assert [w.over for w in result.warnings] == ["window", "window"]
    assert starts(result)[:2] == ["2026-12-05T01:00+03:00", "2026-12-12T01:00+03:00"]


def test_a_cap_on_installs_per_window(guide: Plan) -> None:
    windows = Windows.parse(["Sat 01:00-05:00"], "Europe/Istanbul")
    result = schedule(guide, at("2026-12-05T01:00+03:00"), windows=windows,
                      max_installs_per_window=1)
    assert [result.local(s.start).date().isoformat() for s in result.steps] == [
        "2026-12-05", "2026-12-12", "2026-12-19", "2026-12-26", "2027-01-02"]
    # Both rounds of two are more than the cap: placed one by one, and said so.
    assert result.warnings == (
        SplitRound(("Base Software 3.3.2", "Bomgar-12.2.0"), "cap"),
        SplitRound(("Base Software 5.0.0", "Bomgar-14.1.0"), "cap"))


def test_one_off_and_weekly_windows_together(guide: Plan) -> None:
    windows = Windows.parse(["2026-12-06T22:00/2026-12-07T02:00", "Sat 01:00-05:00"],
                            "Europe/Istanbul")
    result = schedule(guide, at("2026-12-05T01:00+03:00"), windows=windows)
    # The soak of Bomgar-12.2.0 ends Sunday 02:15; the one-off window that night
    # comes before the next Saturday, which takes the next round (Bomgar-13.1.0's soak
    # ends on Monday night).
    assert starts(result)[2:4] == ["2026-12-06T22:00+03:00", "2026-12-12T01:00+03:00"]


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


def test_an_empty_plan_completes_at_the_start(schedule_catalog: Catalog) -> None:
    done = plan(schedule_catalog, State.parse("base=5.0.0,bomgar=14.1.0"))
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


def test_manual_updates_say_how_each_package_is_obtained(guide: Plan) -> None:
    result = schedule(guide, at("2026-12-05T01:00+03:00"), manual=True)
    first, *rest = (obtain_text(s.obtain) for s in result.steps if s.obtain)
    assert len(rest) == len(result.steps) - 1
    assert first.startswith("ask support for an Appliance Download Key")
    assert "Base 3.2.4 is installed" in first
    assert all(o.startswith("Appliance Download Key from /appliance > Updates") for o in rest)
    assert all(s.obtain is None for s in schedule(guide, result.start).steps)


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


def test_a_schedule_past_the_year_9999_is_a_schedule_error(guide: Plan) -> None:
    with pytest.raises(ScheduleError, match="past the end of the calendar"):
        schedule(guide, at("9999-12-01T00:00+00:00"), jump_clients=10_000_000,
                 max_concurrent_jump_upgrades=1, jump_upgrade_minutes=1440)

