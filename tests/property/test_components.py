"""resolvelib's configuration (bomgar_paths.components) against brute force, on small
catalogs whose packages state what they work with (issue 12)."""

from __future__ import annotations

import oracle
from hypothesis import event, given
from hypothesis import strategies as st

from bomgar_paths.catalog import Catalog
from bomgar_paths.components import NoConfiguration, configuration
from bomgar_paths.model import State
from bomgar_paths.planner import Unreachable, plan
from bomgar_paths.testing import catalogs, components, goals, holds, states


@st.composite
def questions(draw: st.DrawFn):  # type: ignore[no-untyped-def]
    if draw(st.booleans()):
        return draw(components())
    catalog = draw(catalogs(works_with=True))
    return catalog, draw(states(catalog)), draw(goals(catalog)), draw(holds(catalog))


def rank(catalog: Catalog, state: State, families: list[str]) -> tuple:  # type: ignore[type-arg]
    return oracle.rank(catalog, state, families)


@given(questions())
def test_the_configuration_is_consistent_and_a_conflict_is_real(problem) -> None:  # type: ignore[no-untyped-def]
    catalog, start, goal, held = problem
    every = oracle.consistent(catalog, start, goal, held)
    families = [f for f in catalog.family_order()
                if f in start.versions or any(r.family == f for r in goal.requirements)]
    named = goal.named(start)  # ranked first: the bound is on the goal's families
    families = [f for f in families if f in named] + [f for f in families if f not in named]
    try:
        found = configuration(catalog, start, goal, held)
    except NoConfiguration as error:
        event("no configuration")
        # resolvelib's backjumping may report a false conflict: none was seen here.
        assert not every, (every[:3], error.causes)
        assert all(c.need.requirement.family in catalog.families for c in error.causes)
        return
    state = State({**{f: v for f, v in start if f not in found},
                   **{f: v for f, v in found.items() if v is not None}})
    assert state in every
    greatest = max(rank(catalog, s, families) for s in every)
    event("the greatest" if rank(catalog, state, families) == greatest else "a lesser one")
    assert rank(catalog, state, families) == greatest


@given(questions())
def test_every_reachable_target_is_a_consistent_configuration(problem) -> None:  # type: ignore[no-untyped-def]
    """So the greatest configuration bounds the target, in the goal's families."""
    catalog, start, goal, held = problem
    try:
        result = plan(catalog, start, goal, held)
    except Unreachable:
        return
    named = goal.named(start)
    every = oracle.consistent(catalog, start, goal, held)
    assert not oracle.broken(catalog, result.target)
    assert max(rank(catalog, s, named) for s in every) >= rank(catalog, result.target, named)
    found = configuration(catalog, start, goal, held)
    assert oracle.rank(catalog, State({f: v for f, v in found.items() if v}), named) >= rank(
        catalog, result.target, named)
