"""Runbooks on random plans and topologies (issue 11 "Tests").

The plans come from ``bomgar_paths.testing.plans()`` (random catalogs, states,
goals, holds, soak or no-soak); the topologies are single appliances, pairs
(sync and async, each way the primary role moves) and Atlas clusters (with and
without a backup master, random regions); windows are none, or weekly windows
long enough for most rounds. Each property is checked against the definitions
by replaying the steps, not against the runbook module's helpers:

- every round's installs are the plan's, in order, on every appliance;
- the serving primary is never the appliance being updated (tracked through
  make-primary and become-primary steps);
- failover is re-established before each soak ends and before the next Break,
  with both appliances on the same package;
- each soak is the package's soak hours from when the primary serves it, and
  the next round starts no earlier;
- the validation interval and the cap on unprotected time hold;
- in Atlas, every region with two or more nodes keeps a node accepting client
  connections at every step outside the switch-over;
- every step that takes time lies inside one window occurrence.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from bomgar_paths import Goal, State, load_bundled
from bomgar_paths.planner import Plan
from bomgar_paths.runbook import Action, Runbook, RunbookError, runbook
from bomgar_paths.scheduling import schedule
from bomgar_paths.testing import plans
from bomgar_paths.topology import Kind, Method, Role, Topology
from bomgar_paths.windows import Windows

START = datetime(2026, 12, 5, 1, 0, tzinfo=UTC)
KINDS = ("single", "sync", "async", "atlas", "atlas-alone", "staged")
PAIRS = ("sync", "async")
ATLAS = ("atlas", "atlas-alone")
FAILOVER = ("sync", "async", "atlas", "staged")


@st.composite
def topologies(draw: st.DrawFn, state: State, kinds: tuple[str, ...] = KINDS) -> Topology:
    kind = draw(st.sampled_from(kinds))
    if kind == "single":
        return Topology.single(state)
    if kind in ("sync", "async"):
        return Topology.pair(state, kind, draw(st.sampled_from(["shared-ip", "dns", "nat"])))
    regions = draw(st.dictionaries(st.sampled_from(["eu", "us", "ap", "sa"]),
                                   st.integers(1, 4), min_size=1, max_size=3))
    return Topology.atlas(state, regions, failover=kind != "atlas-alone",
                          failover_by=draw(st.sampled_from(["shared-ip", "dns", "nat"])),
                          method="staged" if kind == "staged" else "guide")


@st.composite
def problems(draw: st.DrawFn, kinds: tuple[str, ...] = KINDS
             ) -> tuple[Plan, Topology, dict[str, object]]:
    the_plan = draw(plans(max_families=2))
    topology = draw(topologies(the_plan.start, kinds))
    options: dict[str, object] = {
        "validation": timedelta(minutes=draw(st.sampled_from([0, 30, 240, 600]))),
        "nodes_at_once": draw(st.integers(1, 3)),
        "share_window": draw(st.booleans()),
    }
    if draw(st.booleans()):
        options["max_unprotected"] = timedelta(hours=draw(st.sampled_from([2, 8, 30])))
    if draw(st.booleans()):
        days = draw(st.sampled_from(["daily", "Sat,Sun", "Mon-Fri"]))
        options["windows"] = Windows.parse(
            [f"{days} 00:00-12:00", f"{days} 14:00-23:59"], "Europe/Istanbul")
    return the_plan, topology, options


def build(problem: tuple[Plan, Topology, dict[str, object]]) -> Runbook | None:
    the_plan, topology, options = problem
    try:
        made = runbook(the_plan.catalog, topology, START, the_plan.goal, the_plan.holds,
                       soak=the_plan.soak, **options)  # type: ignore[arg-type]
    except RunbookError as error:
        event(f"refused: {error.reason.code}")
        return None
    event(f"{topology.kind} {topology.method or ''}".strip())
    return made


def installs_by(rb: Runbook, appliance: str) -> Iterator[tuple[int, list[str]]]:
    for r in rb.rounds:
        yield r.number, [s.package or "" for s in r.steps if s.action is Action.INSTALL
                         and appliance in (s.appliance, *s.nodes)]


@given(problems())
def test_every_appliance_takes_every_round_in_the_plans_order(problem) -> None:  # type: ignore[no-untyped-def]
    rb = build(problem)
    if rb is None:
        return
    the_plan = problem[0]
    assert tuple(i for r in rb.rounds for i in r.installs) == rb.plan.steps
    assert rb.plan.steps == the_plan.steps
    for r in rb.rounds:  # a round: installs without a soak, then one with one (or the last)
        assert all(i.soak_hours == 0 for i in r.installs[:-1])
    for appliance in rb.topology.appliances:
        for number, labels in installs_by(rb, appliance.name):
            assert labels == list(rb.rounds[number - 1].labels), (appliance.name, number)


@given(problems(FAILOVER))
def test_the_serving_primary_is_never_updated(problem) -> None:  # type: ignore[no-untyped-def]
    rb = build(problem)
    if rb is None or not rb.topology.with_failover:
        return
    primary = rb.topology.one(Role.PRIMARY)
    assert primary is not None
    serving = primary.name
    for r in rb.rounds:
        assert r.primary_before == serving
        for step in r.steps:
            if step.action in (Action.MAKE_PRIMARY, Action.BECOME_PRIMARY):
                serving = step.appliance
            if step.action is Action.INSTALL and rb.topology.method is Method.ASYNC:
                assert step.appliance != serving
            if (step.action is Action.INSTALL and rb.topology.method is Method.GUIDE
                    and rb.topology.with_failover):
                # The guide's Atlas procedure never updates the master that serves.
                assert step.appliance != serving
        assert r.primary_after == serving


@given(problems(PAIRS))
def test_failover_returns_inside_the_soak_with_one_package(problem) -> None:  # type: ignore[no-untyped-def]
    rb = build(problem)
    if rb is None or rb.topology.kind is not Kind.PAIR:
        return
    last: dict[str, str | None] = {a.name: None for a in rb.topology.appliances}
    for k, r in enumerate(rb.rounds):
        breaks = [s for s in r.steps if s.action is Action.BREAK_FAILOVER]
        again = [s for s in r.steps if s.action is Action.REESTABLISH]
        assert len(breaks) == len(again) == 1
        for step in r.steps:
            if step.action is Action.INSTALL:
                last[step.appliance] = step.package
            if step.action is Action.REESTABLISH:
                assert len(set(last.values())) == 1  # the same package on both
                if r.soak_until is not None:
                    assert step.end <= r.soak_until
                if k + 1 < len(rb.rounds):
                    following = next(s for s in rb.rounds[k + 1].steps
                                     if s.action is Action.BREAK_FAILOVER)
                    assert step.end <= following.start
        assert r.unprotected == again[0].end - breaks[0].start
        if rb.max_unprotected is not None:
            assert r.unprotected <= rb.max_unprotected


@given(problems())
def test_soaks_count_from_the_primary_serving(problem) -> None:  # type: ignore[no-untyped-def]
    rb = build(problem)
    if rb is None:
        return
    for k, r in enumerate(rb.rounds):
        hours = max((i.soak_hours for i in r.installs), default=0)
        if hours == 0:
            assert r.soak_until is None
            continue
        assert r.serving_from is not None and r.soak_until is not None
        assert r.soak_until - r.serving_from == timedelta(hours=hours)
        soaking = r.installs[-1].package.label
        served = [s.end for s in r.steps if s.action is Action.INSTALL
                  and s.package == soaking and s.appliance == r.primary_after]
        moved = [s.end for s in r.steps
                 if s.action in (Action.MAKE_PRIMARY, Action.BECOME_PRIMARY)]
        assert r.serving_from == (moved[0] if moved else served[0])
        if k + 1 < len(rb.rounds):
            assert rb.rounds[k + 1].start >= r.soak_until
        confirm = [s for s in r.steps if s.action is Action.CONFIRM_JUMP_CLIENTS]
        assert [s.start for s in confirm] == [r.soak_until]


@given(problems())
def test_validation_interval_and_windows_hold(problem) -> None:  # type: ignore[no-untyped-def]
    rb = build(problem)
    if rb is None:
        return
    for r in rb.rounds:
        installs = [s for s in r.steps if s.action is Action.INSTALL]
        if rb.topology.kind is Kind.PAIR:
            first, second = r.appliances
            first_end = max(s.end for s in installs if s.appliance == first)
            second_start = min(s.start for s in installs if s.appliance == second)
            assert second_start - first_end >= rb.validation
            if rb.windows is not None and not rb.share_window:
                visits = {s.window for s in installs}
                assert len(visits) == 2
        for step in r.steps:
            if rb.windows is not None and step.action is not Action.CONFIRM_JUMP_CLIENTS:
                assert step.window is not None
                assert step.window.opens <= step.start <= step.end <= step.window.closes


@given(problems(ATLAS))
def test_atlas_regions_keep_a_node_accepting(problem) -> None:  # type: ignore[no-untyped-def]
    rb = build(problem)
    if rb is None or rb.topology.kind is not Kind.ATLAS:
        return
    regions = rb.topology.regions
    event(f"{sum(1 for nodes in regions.values() if len(nodes) >= 2)} region(s) of 2+")
    masters = {a.name for a in rb.topology.appliances if a.role is not Role.TRAFFIC}
    accepting = {n.name for nodes in regions.values() for n in nodes}
    for r in rb.rounds:
        switching = False
        for step in r.steps:
            if step.action is Action.STOP_ACCEPTING:
                accepting -= set(step.nodes)
            elif step.action is Action.ACCEPT_CONNECTIONS:
                accepting |= set(step.nodes)
                switching = False
            elif (step.action is Action.BECOME_BACKUP or (
                    step.action is Action.INSTALL and step.appliance in masters
                    and not rb.topology.with_failover)):
                # The switch-over, or the one master's install: the named outage. The
                # master that comes up (or the new primary) marks every node as not
                # accepting until its Cluster page ticks them again.
                accepting, switching = set(), True
            if step.action is Action.INSTALL and step.appliance not in masters:
                for node in (step.appliance, *step.nodes):
                    assert node not in accepting or switching, (r.number, node)
            if not switching:
                for region, nodes in regions.items():
                    if len(nodes) >= 2:
                        assert {n.name for n in nodes} & accepting, (r.number, region, step)
        assert accepting == {n.name for nodes in regions.values() for n in nodes}


def test_a_pair_that_starts_apart_is_brought_to_one_state_first() -> None:
    catalog = load_bundled()
    topology = Topology.pair("base=3.2.4,bomgar=11.1.2", "sync",
                             backup_state="base=3.3.2,bomgar=12.3.0")
    rb = runbook(catalog, topology, START, Goal.parse("bomgar<14"))
    assert rb.aligned == State.parse("base=3.3.2,bomgar=12.3.0")
    assert [r.kind for r in rb.rounds] == ["align", "upgrade"]
    assert rb.rounds[0].appliances == ("A",)
    assert Action.REESTABLISH in [s.action for s in rb.rounds[0].steps]


def test_a_cap_that_no_window_allows_is_refused_not_exceeded() -> None:
    windows = Windows.parse(["Sat 01:00-05:00", "Sat 20:00-23:00"], "Europe/Istanbul")
    with pytest.raises(RunbookError) as caught:
        runbook(load_bundled(), Topology.pair("base=3.2.4,bomgar=11.1.2", "async", "dns"),
                "2026-12-05T01:00+03:00", "bomgar<13", windows=windows,
                max_unprotected=timedelta(hours=8))
    assert caught.value.reason.code == "runbook.unprotected"
    assert "round 1" in str(caught.value)


@given(problems(("single",)))
def test_a_single_appliances_calendar_is_the_schedules(problem) -> None:  # type: ignore[no-untyped-def]
    """Issue 11: for one appliance, the runbook's installs are where schedule() puts them
    (the same rounds, windows and soak gates), and its rounds end at the same soaks."""
    the_plan, _, options = problem
    rb = build(problem)
    assert rb is not None  # one appliance: nothing to refuse but what schedule refuses
    timeline = schedule(the_plan, START, windows=options.get("windows"))  # type: ignore[arg-type]
    installs = [s for r in rb.rounds for s in r.steps if s.action is Action.INSTALL]
    assert [(s.package, s.start, s.end) for s in installs] == [
        (s.package, s.start, s.end) for s in timeline.steps]
    assert rb.completion == timeline.completion
    assert rb.clients_settled == timeline.clients_settled
    event(f"{len(rb.rounds)} round(s)")


@given(problems(("staged",)))
def test_staged_rounds_hold_back_the_backup_and_half_the_nodes(problem) -> None:  # type: ignore[no-untyped-def]
    """The vendor's staged upgrade: the held-back appliances install only after the
    primary and its half, after the validation interval; they are released and automatic
    failover returns before the soak ends."""
    rb = build(problem)
    if rb is None:
        return
    for r in rb.rounds:
        hold = next(s for s in r.steps if s.action is Action.HOLD_BACK)
        release = next(s for s in r.steps if s.action is Action.RELEASE)
        assert set(hold.nodes) == set(release.nodes)
        held = set(hold.nodes)
        installs = [s for s in r.steps if s.action is Action.INSTALL]
        first = [s for s in installs if not held & {s.appliance, *s.nodes}]
        later = [s for s in installs if held & {s.appliance, *s.nodes}]
        assert first and later and max(s.end for s in first) + rb.validation <= min(
            s.start for s in later)
        assert all(s.start >= hold.start for s in installs)
        assert release.start >= max(s.end for s in later)
        back_on = next(s for s in r.steps if s.action is Action.ENABLE_AUTO_FAILOVER)
        if r.soak_until is not None:
            assert back_on.end <= r.soak_until
        assert r.primary_before == r.primary_after
