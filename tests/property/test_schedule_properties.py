"""Schedules on random plans and random windows (issue 5 "Tests").

Plans come from ``bomgar_paths.testing`` (random catalogs, states, goals,
holds, soak or no-soak); windows are drawn as the text a user would type, in
zones with and without daylight saving, and the start anywhere in 2026-2027 so
that clock changes fall inside many schedules. Each property is checked
against the definitions, not against the scheduler's own helpers:

- the plan's order is kept and installs never overlap;
- soak gaps always hold;
- every install lies inside one window occurrence, and no occurrence holds
  more installs than the cap;
- completion never gets earlier when soak hours grow;
- with no windows and no soak the timeline is the installs back to back;
- every start is the earliest the rules allow (the gate says which rule);
- the JSON carries an offset in every time and the ICS reads back.
"""

from __future__ import annotations

import itertools
import json
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
import icalendar
from hypothesis import assume, given
from hypothesis import strategies as st

from bomgar_paths.planner import Plan, Unreachable, plan
from bomgar_paths.render.ics import render_ics
from bomgar_paths.render.schedule import render_schedule
from bomgar_paths.scheduling import Schedule, schedule
from bomgar_paths.testing import catalogs, goals, holds, states
from bomgar_paths.windows import DAY_NAMES, Windows

ZONES = ["UTC", "Europe/Berlin", "Europe/Istanbul", "America/New_York", "Australia/Sydney"]


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    catalog = draw(catalogs())
    start, goal, held = draw(states(catalog)), draw(goals(catalog)), draw(holds(catalog))
    try:
        return plan(catalog, start, goal, held, soak=draw(st.booleans()))
    except Unreachable:
        assume(False)
        raise  # unreachable: assume() stops the example


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
def problems(draw: st.DrawFn) -> tuple[Plan, datetime, Windows | None, int | None, float]:
    """A plan, a start, windows (or none) and a cap. With a cap, one weekly rule:
    a cap on overlapping windows can trade one window's place for another's, and
    the soak-growth property is only claimed where windows do not overlap."""
    the_plan = draw(plans())
    start = draw(starts)
    multiplier = draw(st.sampled_from([0.5, 1, 2]))
    if draw(st.booleans()):
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


@given(problems())
def test_soak_gaps_always_hold(problem) -> None:  # type: ignore[no-untyped-def]
    result = run(problem)
    soaks = soaking(result)
    for before, after in itertools.pairwise(soaks):
        earlier = result.steps[before]
        assert result.steps[after].start - earlier.end >= timedelta(
            hours=earlier.step.soak_hours)
    if soaks:
        last = result.steps[soaks[-1]]
        assert result.clients_settled >= last.end + timedelta(hours=last.step.soak_hours)
    if not problem[0].soak:
        assert soaks == [] and result.clients_settled == result.completion


@given(problems())
def test_every_install_lies_inside_a_window(problem) -> None:  # type: ignore[no-untyped-def]
    result = run(problem)
    windows, cap = problem[2], problem[3]
    if windows is None:
        assert all(s.window is None for s in result.steps)
        return
    used: dict[tuple[object, datetime], int] = {}
    for step in result.steps:
        occurrence = step.window
        assert occurrence is not None
        assert occurrence.opens <= step.start and step.end <= occurrence.closes
        # It is a real occurrence of one of the windows (looked up afresh).
        around = windows.occurrences(step.start - timedelta(days=2))
        real = next(o for o in around if o.opens >= occurrence.opens)
        assert (real.opens, real.closes) == (occurrence.opens, occurrence.closes) or any(
            (o.opens, o.closes) == (occurrence.opens, occurrence.closes)
            for o in windows.occurrences(step.start - timedelta(days=2))
            if o.opens <= step.start and o.opens >= occurrence.opens)
        key = (occurrence.window, occurrence.opens)
        used[key] = used.get(key, 0) + 1
    if cap is not None:
        assert max(used.values(), default=0) <= cap


@given(problems(), st.sampled_from([1.5, 2, 3]), st.sampled_from([0, 6, 24]))
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


@given(problems())
def test_each_start_is_the_earliest_the_rules_allow(problem) -> None:  # type: ignore[no-untyped-def]
    result = run(problem)
    start, windows = problem[1], problem[2]
    soak_end: datetime | None = None
    previous_end = start.astimezone(UTC)  # compare instants, not wall-clock times
    for k, step in enumerate(result.steps):
        earliest = previous_end
        if step.step.soak_hours > 0 and soak_end is not None:
            earliest = max(earliest, soak_end)
        kind = step.gate.kind
        if kind == "window":
            assert windows is not None and step.window is not None
            assert step.start == step.window.opens > earliest
        else:
            assert step.start == earliest
            assert kind == ("soak" if step.gate.until is not None else
                            "start" if k == 0 else "previous install")
            if kind == "soak":
                assert step.gate.until == soak_end
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
