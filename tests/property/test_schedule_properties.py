"""Schedules on random plans and random windows (issue 5 "Tests").

Plans come from ``bomgar_paths.testing.plans()`` (random catalogs, states, goals,
holds, soak or no-soak; never empty); windows are drawn as the text a user would type, in
zones with and without daylight saving, and the start anywhere in 2026-2027 so
that clock changes fall inside many schedules. Each property is checked
against the definitions, not against the scheduler's own helpers:

- the plan's order is kept and installs never overlap;
- soak gaps always hold;
- every install lies inside one window occurrence, and no occurrence holds
  more installs than the cap;
- completion never gets earlier when soak hours grow;
- with no windows and no soak the timeline is the installs back to back;
- every round starts at the earliest the rules allow (the gate says which rule), its
  installs back to back in one window (issue 11: a Base install goes just before its site
  package, after the previous soak);
- the JSON carries an offset in every time and the ICS reads back.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import attrs
import icalendar
import pytest
from hypothesis import event, given
from hypothesis import strategies as st
from packaging.version import Version

from bomgar_paths import Catalog, Family, Goal, Package, Requirement, State
from bomgar_paths.planner import Plan, plan
from bomgar_paths.render.ics import render_ics
from bomgar_paths.render.schedule import render_schedule
from bomgar_paths.scheduling import Schedule, SplitRound, schedule
from bomgar_paths.testing import plans
from bomgar_paths.windows import DAY_NAMES, Occurrence, OneOff, Weekly, Windows

BERLIN = ZoneInfo("Europe/Berlin")
ZONES = ["UTC", "Europe/Berlin", "Europe/Istanbul", "America/New_York", "Australia/Sydney"]


@st.composite
def soaking_plans(draw: st.DrawFn) -> Plan:
    """Plans with two to four soaking site installs in a row (a chain: each needs the one
    before) and now and then a Base install between them, which goes in the round of the
    site package that follows it."""
    site = Family("site", label="Site {version}", soak_hours=draw(st.sampled_from([1.5, 24, 48])),
                  install_minutes=draw(st.sampled_from([30, 45])), priority=1)
    base = Family("base", label="Base {version}", install_minutes=30, priority=2)
    count = draw(st.integers(2, 4))
    packages = []
    based = False  # whether the previous site release has a Base release that needs it
    for n in range(1, count + 1):
        # A Base release the next site release needs (and that needs the site release
        # before it): the plan installs it between the two, in the later one's round.
        needs = (Requirement.parse(f"site>={n - 1}.0"),) + (
            (Requirement.parse(f"base>={n - 1}.0"),) if based else ())
        packages.append(Package(family="site", version=Version(f"{n}.0"), label=f"Site {n}.0",
                                requires=needs,
                                soak_hours=draw(st.sampled_from([site.soak_hours] * 3 + [0.5])),
                                install_minutes=site.install_minutes, spelling=f"{n}.0"))
        based = n < count and draw(st.booleans())
        if based:
            packages.append(Package(family="base", version=Version(f"{n}.0"),
                                    label=f"Base {n}.0",
                                    requires=(Requirement.parse(f"site=={n}.0"),),
                                    install_minutes=30, spelling=f"{n}.0"))
    catalog = Catalog.from_entries([site, base], packages, source="hypothesis")
    return plan(catalog, State.parse("site=0.1,base=0.1"), Goal.parse([f"site=={count}.0"]))


@st.composite
def weekly_specs(draw: st.DrawFn) -> str:
    """``DAYS HH:MM-HH:MM`` at least 2 h long (installs here take at most 90 min;
    a spring-forward night may still cut one short)."""
    days = draw(st.lists(st.integers(0, 6), min_size=1, max_size=7, unique=True))
    opens = draw(st.integers(0, 47)) * 30
    length = draw(st.integers(4, 20)) * 30
    closes = (opens + length) % (24 * 60)
    names = ",".join(DAY_NAMES[d] for d in sorted(days))
    return f"{names} {opens // 60:02}:{opens % 60:02}-{closes // 60:02}:{closes % 60:02}"


# Whole seconds, as schedule() makes them (it rounds a start up to the next second).
starts = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31),
                      timezones=st.sampled_from([ZoneInfo(z) for z in ZONES])).map(
                          lambda moment: moment.replace(microsecond=0))


@st.composite
def one_off_specs(draw: st.DrawFn, after: datetime) -> str:
    opens = after + timedelta(hours=draw(st.integers(0, 24 * 40)))
    hours = draw(st.integers(2, 12))
    return f"{opens.astimezone(UTC):%Y-%m-%dT%H:%M}Z/PT{hours}H"


@st.composite
def problems(draw: st.DrawFn, windowed: bool | None = None, soaking: bool = False,
             ) -> tuple[Plan, datetime, Windows | None, int | None, float]:
    """A plan, a start, windows (or none) and a cap. With a cap, one weekly rule:
    a cap on overlapping windows can trade one window's place for another's, and
    the soak-growth property is only claimed where windows do not overlap."""
    the_plan = draw(soaking_plans() if soaking else plans())
    start = draw(starts)
    multiplier = draw(st.sampled_from([0.5, 1, 2]))
    if windowed is False or (windowed is None and draw(st.booleans())):
        return the_plan, start, None, None, multiplier
    zone = draw(st.sampled_from(ZONES))
    cap = draw(st.none() | st.integers(1, 3))
    if cap is not None:
        specs = [draw(weekly_specs())]
    else:
        specs = draw(st.lists(weekly_specs(), min_size=1, max_size=3))
        specs += draw(st.lists(one_off_specs(start), max_size=2))
    return the_plan, start, Windows.parse(specs, zone), cap, multiplier


def run(problem: tuple[Plan, datetime, Windows | None, int | None, float]) -> Schedule:
    the_plan, start, windows, cap, multiplier = problem
    return schedule(the_plan, start, windows=windows, max_installs_per_window=cap,
                    multiplier=multiplier)


def soaking(result: Schedule) -> list[int]:
    return [k for k, s in enumerate(result.steps) if s.step.soak_hours > 0]


@given(problems())
def test_the_plans_order_is_kept_and_installs_never_overlap(problem) -> None:  # type: ignore[no-untyped-def]
    result = run(problem)
    the_plan, start, *_ = problem
    assert tuple(s.step for s in result.steps) == the_plan.steps
    # In UTC: local datetimes compare and add by wall clock, and an ambiguous
    # local time (a clock going back) never equals a time in another zone.
    previous_end = start.astimezone(UTC)
    for step in result.steps:
        assert step.start >= previous_end
        assert step.end - step.start == timedelta(
            seconds=round(step.step.install_minutes * 60 * problem[4]))
        previous_end = step.end
    assert result.completion == previous_end
    assert result.clients_settled >= result.completion
    event("no windows" if problem[2] is None else "windows")
    if problem[2] is None:
        assert all(s.window is None for s in result.steps)


@given(st.one_of(problems(), problems(soaking=True)))
def test_soak_gaps_always_hold(problem) -> None:  # type: ignore[no-untyped-def]
    result = run(problem)
    soaks = soaking(result)
    event(f"{min(len(soaks), 2)}{'+' if len(soaks) >= 2 else ''} soaking install(s)")
    for before, after in itertools.pairwise(soaks):
        earlier = result.steps[before]
        assert result.steps[after].start - earlier.end >= timedelta(
            hours=earlier.step.soak_hours)
    if soaks:
        last = result.steps[soaks[-1]]
        assert result.clients_settled >= last.end + timedelta(hours=last.step.soak_hours)
    if not problem[0].soak:
        assert soaks == [] and result.clients_settled == result.completion


def _open_by_the_clock(moment: datetime, rule: Weekly, day: date, tz: ZoneInfo) -> bool:
    """Read the wall clock at ``moment``: is ``rule``'s opening of local ``day`` open?

    Independent of windows.py: no instants are computed from wall times, the
    clock is only read, minute by minute (a spring-forward gap then opens a
    window at the jump, and a fall-back night counts the hour twice).
    """
    wall = moment.astimezone(tz).replace(tzinfo=None)
    opens = datetime.combine(day, rule.opens)
    closes = datetime.combine(day + timedelta(days=rule.closes_next_day), rule.closes)
    return day.weekday() in rule.days and opens <= wall < closes


def _minutes(start: datetime, end: datetime, every: int = 1) -> Iterator[datetime]:
    """Every ``every``-th minute in [start, end), and its last minute; bounded by its
    arguments, so that it always ends."""
    moment = start
    while moment < end:
        yield moment
        moment += timedelta(minutes=every)
    if every > 1 and end - timedelta(minutes=1) >= start:
        yield end - timedelta(minutes=1)


def assert_real_occurrence(occurrence: Occurrence, windows: Windows) -> None:
    """The occurrence is one opening of its rule, as the clock on the wall says."""
    rule = occurrence.window
    if isinstance(rule, OneOff):
        start_text, _, hours = rule.text.partition("/")  # as one_off_specs writes it
        opens = datetime.fromisoformat(start_text.replace("Z", "+00:00"))
        assert (occurrence.opens, occurrence.closes) == (
            opens, opens + timedelta(hours=int(hours.removeprefix("PT").removesuffix("H"))))
        return
    assert isinstance(rule, Weekly) and isinstance(windows.tz, ZoneInfo)
    minute = timedelta(minutes=1)
    days = [occurrence.opens.astimezone(windows.tz).date() - timedelta(days=k)
            for k in (0, 1)]  # a gap may open it on the clock's next day
    assert any(
        # Every 5th minute inside (a clock change falls on whole quarters of an hour
        # in these zones), the first and the last minute exactly.
        all(_open_by_the_clock(m, rule, day, windows.tz)
            for m in _minutes(occurrence.opens, occurrence.closes, every=5))
        and not _open_by_the_clock(occurrence.opens - minute, rule, day, windows.tz)
        and not _open_by_the_clock(occurrence.closes, rule, day, windows.tz)
        for day in days), (occurrence, rule)


@given(problems(windowed=True))
def test_every_install_lies_inside_a_window(problem) -> None:  # type: ignore[no-untyped-def]
    result = run(problem)
    windows, cap = problem[2], problem[3]
    assert windows is not None
    event(f"{min(len(result.steps), 3)}{'+' if len(result.steps) >= 3 else ''} install(s) placed")
    used: dict[tuple[object, datetime], int] = {}
    for step in result.steps:
        occurrence = step.window
        assert occurrence is not None
        assert occurrence.opens <= step.start and step.end <= occurrence.closes
        assert occurrence.window in windows.rules
        assert_real_occurrence(occurrence, windows)
        key = (occurrence.window, occurrence.opens)
        used[key] = used.get(key, 0) + 1
    if cap is not None:
        event("capped")
        assert max(used.values(), default=0) <= cap


def test_the_clock_reading_sees_a_short_and_a_long_night() -> None:
    """The independent check itself: Berlin's spring window lasts 3 h, the autumn one 5 h."""
    windows = Windows.parse(["Sun 01:00-05:00"], "Europe/Berlin")
    rule = windows.rules[0]
    assert isinstance(rule, Weekly)
    for day, hours in ((date(2026, 3, 29), 3), (date(2026, 10, 25), 5), (date(2026, 5, 3), 4)):
        utc_day = datetime.combine(day, time(0), UTC) - timedelta(hours=3)
        inside = [m for m in _minutes(utc_day, utc_day + timedelta(hours=12))
                  if _open_by_the_clock(m, rule, day, BERLIN)]
        assert len(inside) == hours * 60
        occurrence = rule.on(day, BERLIN)
        assert occurrence is not None and (inside[0], inside[-1] + timedelta(minutes=1)) == (
            occurrence.opens, occurrence.closes)
        assert_real_occurrence(occurrence, windows)
    moved = Occurrence(occurrence.opens + timedelta(minutes=1), occurrence.closes, rule)
    with pytest.raises(AssertionError):
        assert_real_occurrence(moved, windows)


@given(st.one_of(problems(), problems(soaking=True)), st.sampled_from([1.5, 2, 3]),
       st.sampled_from([0, 6, 24]))
def test_completion_never_gets_earlier_when_soak_hours_grow(  # type: ignore[no-untyped-def]
        problem, factor: float, extra: float) -> None:
    the_plan = problem[0]
    grown = attrs.evolve(the_plan, steps=tuple(
        attrs.evolve(s, soak_hours=s.soak_hours * factor + (extra if s.soak_hours else 0))
        for s in the_plan.steps))
    before = run(problem)
    after = run((grown, *problem[1:]))  # type: ignore[arg-type]
    assert after.completion >= before.completion
    assert after.clients_settled >= before.clients_settled
    for old, new in zip(before.steps, after.steps, strict=True):
        assert new.start >= old.start


@given(plans(), starts)
def test_without_windows_or_soak_the_installs_run_back_to_back(the_plan: Plan,
                                                                start: datetime) -> None:
    no_soak = attrs.evolve(the_plan, soak=False, steps=tuple(
        attrs.evolve(s, soak_hours=0) for s in the_plan.steps))
    result = schedule(no_soak, start)
    moment = start.astimezone(UTC)  # elapsed time, not wall-clock arithmetic
    for step in result.steps:
        assert step.start == moment
        moment += timedelta(minutes=step.step.install_minutes)
        assert step.end == moment
    assert result.completion == result.clients_settled == moment


def _rounds(result: Schedule) -> list[list[int]]:
    """The schedule's rounds by the definition (issue 11), as step indices: each run of
    installs without a soak ends with the soaking install after it; the rest is a last
    round; without soaks every install is its own; a round the schedule says it split
    is its installs one by one."""
    steps = [s.step for s in result.steps]
    soaking = any(s.soak_hours > 0 for s in steps)
    cut: list[list[int]] = []
    current: list[int] = []
    for k, step in enumerate(steps):
        current.append(k)
        if step.soak_hours > 0 or not soaking:
            cut.append(current)
            current = []
    if current:
        cut.append(current)
    split = {w.packages for w in result.warnings if isinstance(w, SplitRound)}
    units: list[list[int]] = []
    for round_ in cut:
        labels = tuple(steps[k].package.label for k in round_)
        units += [[k] for k in round_] if labels in split else [round_]
    return units


@given(st.one_of(problems(), problems(soaking=True)))
def test_each_round_starts_at_the_earliest_the_rules_allow(problem) -> None:  # type: ignore[no-untyped-def]
    """A round's first install: after the previous install and the previous soak, or at a
    window's opening; the rest of the round back to back in the same window."""
    result = run(problem)
    start, windows = problem[1], problem[2]
    soak_end: datetime | None = None
    previous_end = start.astimezone(UTC)  # compare instants, not wall-clock times
    units = _rounds(result)
    event(f"{max(len(u) for u in units)} install(s) in the largest round")
    for n, unit in enumerate(units):
        first = result.steps[unit[0]]
        earliest = previous_end if soak_end is None else max(previous_end, soak_end)
        kind = first.gate.kind
        if kind == "window":
            assert windows is not None and first.window is not None
            assert first.start == first.window.opens > earliest
        else:
            assert first.start == earliest
            assert kind == ("soak" if first.gate.until is not None else
                            "start" if n == 0 else "previous install")
            if kind == "soak":
                assert first.gate.until == soak_end
        for before, after in itertools.pairwise(unit):
            step = result.steps[after]
            assert step.start == result.steps[before].end
            assert step.gate.kind == "previous install" and step.window == first.window
        for k in unit:
            step = result.steps[k]
            if step.step.soak_hours > 0:
                soak_end = step.end + timedelta(hours=step.step.soak_hours)
            previous_end = step.end


_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")


@given(problems())
def test_json_offsets_and_ics_read_back(problem) -> None:  # type: ignore[no-untyped-def]
    result = run(problem)
    data = json.loads(render_schedule(result, "json"))
    for step, original in zip(data["steps"], result.steps, strict=True):
        assert _TIME.match(step["start"]) and _TIME.match(step["end"])
        assert datetime.fromisoformat(step["start"]) == original.start
        assert datetime.fromisoformat(step["end"]) == original.end
    assert datetime.fromisoformat(data["completion"]) == result.completion
    assert datetime.fromisoformat(data["clients_settled"]) == result.clients_settled
    text = render_ics(result, stamp=datetime(2026, 1, 1, tzinfo=UTC))
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    events = list(icalendar.Calendar.from_ical(text).walk("VEVENT"))
    soaks = sum(1 for s in result.steps if s.soak_until is not None)
    assert len(events) == len(result.steps) + soaks
