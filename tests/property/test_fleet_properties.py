"""Fleets on random catalogs and inventories (issue 13 "Tests").

Random catalogs, states, goals and holds come from ``bomgar_paths.testing``; a
fleet is a few rows in one or two groups, with bad rows mixed in. Checked
against the definitions, not against fleet.py's helpers:

- each row's plan, before and after the staging choice, has the target and
  the cost of ``plan()`` for its row, and every other cheapest plan the search
  lists is a real plan (each step available when taken, allowed by the holds)
  of that cost, one of the exhaustive oracle's;
- a group's staging set is the union of its chosen plans' packages, never
  larger than the union of the plans chosen independently, never smaller
  than the best choice found by brute force over the listed plans;
- every wave respects its size and starts no earlier than the previous one's
  last soak end plus the gate;
- bad rows never stop good rows: every good row is planned, in order.
"""

from __future__ import annotations

import itertools
import math
from datetime import UTC, datetime, timedelta

import oracle
from hypothesis import assume, event, given
from hypothesis import strategies as st

from bomgar_paths.catalog import Catalog, load_bundled
from bomgar_paths.errors import CatalogProblem, Code, InputError, Reason, Unreachable, WorkLimit
from bomgar_paths.fleet import PlanCache, Planned, fleet, package_set, summarize
from bomgar_paths.inventory import BadRow, InventoryRow
from bomgar_paths.model import Goal, State, check_holds
from bomgar_paths.planner import plan
from bomgar_paths.testing import catalogs, goals, holds, states
from bomgar_paths.waves import Batch, plan_waves, wave_sizes

START = datetime(2026, 12, 5, 1, 0, tzinfo=UTC)


@st.composite
def fleets(draw: st.DrawFn) -> tuple[Catalog, list[InventoryRow | BadRow]]:
    catalog = draw(catalogs(max_packages=3))
    rows: list[InventoryRow | BadRow] = []
    for n in range(draw(st.integers(1, 5))):
        if draw(st.integers(0, 4)) == 0:
            rows.append(BadRow(CatalogProblem("fleet.csv", Reason(Code.INVENTORY_CELL_MISSING,
                                                                  column="state"),
                                              entry=f"row {n + 1}", key="state"),
                               None, n + 1))
            continue
        state = draw(states(catalog))
        hold = draw(holds(catalog))
        try:
            check_holds(state, hold)
        except InputError:
            hold = ()
        rows.append(InventoryRow(f"a{n}", state, draw(goals(catalog)), tuple(hold),
                                 draw(st.sampled_from(["x", "y"])), row=n + 1))
    return catalog, rows


BUNDLED = load_bundled()
_BASES = [str(p.version) for p in BUNDLED.packages_of("base")]
_SITES = [str(p.version) for p in BUNDLED.packages_of("bomgar")]


@st.composite
def bundled_fleets(draw: st.DrawFn) -> tuple[Catalog, list[InventoryRow | BadRow]]:
    """Rows on the bundled catalog: real states, goals to a site version or below one
    (where equally cheap plans abound), in two groups."""
    rows: list[InventoryRow | BadRow] = []
    for n in range(draw(st.integers(1, 8))):
        state = State.parse(f"base={draw(st.sampled_from(_BASES[:4]))},"
                            f"bomgar={draw(st.sampled_from(_SITES[:40]))}")
        site = draw(st.sampled_from(_SITES[20:]))
        goal = draw(st.sampled_from([Goal(), Goal.parse(f"bomgar=={site}"),
                                     Goal.parse(f"bomgar<{site}")]))
        rows.append(InventoryRow(f"a{n}", state, goal, (), draw(st.sampled_from(["x", "y"])),
                                 row=n + 1))
    return BUNDLED, rows


def reference(catalog: Catalog, row: InventoryRow):  # type: ignore[no-untyped-def]
    assert row.state is not None
    try:
        return plan(catalog, row.state, row.goal, row.holds, max_states=None)
    except Unreachable:
        return None


@given(fleets())
def test_each_plan_is_plans_and_the_others_are_as_cheap(problem) -> None:  # type: ignore[no-untyped-def]
    catalog, rows = problem
    cache = PlanCache(catalog, None, 8)
    try:
        results = list(fleet(catalog, rows, cache=cache))
    except WorkLimit:  # pragma: no cover  (no limit given)
        raise
    good = [r for r in rows if isinstance(r, InventoryRow)]
    planned = [r for r in results if isinstance(r, Planned)]
    assert [p.row for p in planned] == good  # bad rows never stop good rows
    assert len(results) == len(rows)
    for result in planned:
        alone = reference(catalog, result.row)
        member = result.members[0]
        if alone is None:
            assert member.plan is None
            continue
        assert member.plan is not None
        assert member.plan.steps == alone.steps
        others = cache.plans(member.question)
        assert others is not None
        event(f"cheapest plans listed: {min(len(others), 3)}{'+' if len(others) >= 3 else ''}")
        minimal = oracle.cost(alone.packages, alone.soak)
        for other in others:
            assert other.target == alone.target
            assert oracle.cost(other.packages, alone.soak) == minimal
            state = alone.start
            for step in other.steps:
                assert oracle.available(step.package, state)
                assert all(h.allows(step.package.version) for h in alone.holds
                           if h.family == step.package.family)
                state = state.with_version(step.package.family, step.package.version)
                assert step.after == state
            assert state == alone.target


@given(st.one_of(fleets(), bundled_fleets()))
def test_the_staging_set_is_the_chosen_union_and_never_larger(problem) -> None:  # type: ignore[no-untyped-def]
    catalog, rows = problem
    cache = PlanCache(catalog, None, 8)
    answer = summarize(catalog, fleet(catalog, rows, cache=cache), cache=cache)
    for staging in answer.staging:
        group = [r for r in answer.rows if r.row.group == staging.group]
        chosen = {s.package.key for r in group for m in r.members if m.plan
                  for s in m.plan.steps}
        assert {p.package.key for p in staging.packages} == chosen
        questions = list(dict.fromkeys(m.question for r in group for m in r.members if m.plan))
        candidates = [[package_set(p) for p in cache.plans(q) or ()] for q in questions]
        independent = {k for c in candidates for k in c[0]}
        assert staging.independent == len(independent)
        assert len(chosen) <= len(independent)
        if candidates and math.prod(len(c) for c in candidates) <= 512:
            best = min(len(frozenset().union(*combo))
                       for combo in itertools.product(*candidates))
            assert len(chosen) >= best
            event("heuristic optimal" if len(chosen) == best else "heuristic above optimum")
        if staging.saving:
            event("staging saved packages")
        for row in group:  # the chosen plans keep plan()'s target and cost
            alone = reference(catalog, row.row)
            if alone is not None:
                assert row.members[0].plan is not None
                assert row.members[0].plan.target == alone.target
                assert row.members[0].plan.totals == alone.totals


@given(bundled_fleets(), st.lists(st.one_of(st.builds(Batch, count=st.integers(1, 3)),
                                    st.builds(Batch, percent=st.integers(1, 100))),
                          min_size=1, max_size=3),
       st.integers(0, 72), st.booleans())
def test_every_wave_respects_its_size_and_gate(problem, serial, gate_hours, canary) -> None:  # type: ignore[no-untyped-def]
    catalog, rows = problem
    answer = summarize(catalog, fleet(catalog, rows))
    todo = [r for r in answer.rows if r.reachable and not r.up_to_date]
    assume(todo)
    names = [todo[0].name] if canary else []
    gate = timedelta(hours=gate_hours)
    answer = plan_waves(answer, serial=serial, canary=names, gate=gate, start=START)
    assert answer.waves is not None
    waves = answer.waves.waves
    rest = waves[1:] if canary else waves
    if canary:
        assert waves[0].canary and waves[0].rows == tuple(names)
    assert [len(w.rows) for w in rest] == wave_sizes(serial, len(todo) - len(names))
    assert sorted(n for w in waves for n in w.rows) == sorted(r.name for r in todo)
    for before, after in itertools.pairwise(waves):
        assert before.settled is not None and after.start is not None
        assert after.start == before.settled + gate
        for visit in before.visits:
            assert visit.settled is None or visit.settled <= before.settled
