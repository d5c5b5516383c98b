"""The planner against the exhaustive oracle on random small catalogs (DESIGN §5)."""

from __future__ import annotations

import random

import oracle
import pytest
from hypothesis import assume, event, given
from hypothesis import strategies as st

from bomgar_paths._search import search
from bomgar_paths.catalog import Catalog
from bomgar_paths.errors import InputError, WorkLimit
from bomgar_paths.model import Goal, State
from bomgar_paths.planner import (
    Plan,
    Unreachable,
    plan,
    plan_to,
    relevant_families,
)
from bomgar_paths.testing import (
    advisories,
    blocked_goals,
    catalogs,
    circular_requirements,
    components,
    goals,
    holds,
    plans,
    states,
)
from bomgar_paths.updates import offers, unlock


@st.composite
def problems(draw: st.DrawFn):  # type: ignore[no-untyped-def]
    catalog = draw(catalogs())
    return (catalog, draw(states(catalog)), draw(goals(catalog)), draw(holds(catalog)),
            draw(st.booleans()))


@st.composite
def unreachable_problems(draw: st.DrawFn):  # type: ignore[no-untyped-def]
    """Problems most of whose goals cannot be reached: blocked by a hold or a withdrawal,
    caught in a cycle, or (a third of the time) random ones."""
    kind = draw(st.sampled_from(["blocked", "circular", "random"]))
    if kind == "random":
        return draw(problems())
    found = draw(blocked_goals() if kind == "blocked" else circular_requirements())
    return (*found, draw(st.booleans()))


def climbing_problems() -> st.SearchStrategy:  # type: ignore[type-arg]
    """The questions of plans with at least one step (``testing.plans()``): random
    problems are already at their target about half of the time."""
    return plans().map(lambda p: (p.catalog, p.start, p.goal, p.holds, p.soak))


def mixed_problems() -> st.SearchStrategy:  # type: ignore[type-arg]
    """Random problems, problems with steps to take, and mostly unreachable ones."""
    return st.one_of(problems(), climbing_problems(), unreachable_problems())


@st.composite
def coexisting_problems(draw: st.DrawFn):  # type: ignore[no-untyped-def]
    """Problems whose packages state what they work with (DESIGN §2.3, co-existence),
    now and then with an external family; the start may already break some."""
    if draw(st.integers(0, 2)):
        return (*draw(components()), draw(st.booleans()))
    catalog = draw(catalogs(works_with=True))
    return (catalog, draw(states(catalog)), draw(goals(catalog)), draw(holds(catalog)),
            draw(st.booleans()))


def plan_or_none(catalog, start, goal, held, soak, **options):  # type: ignore[no-untyped-def]
    try:
        return plan(catalog, start, goal, held, soak=soak, **options)
    except Unreachable:
        return None


def assert_valid(result: Plan) -> None:
    """Every step is offered, available and allowed by the holds when taken."""
    state = result.start
    for step in result.steps:
        package = step.package
        assert oracle.available(package, state), (package, state)
        assert all(h.allows(package.version) for h in result.holds if h.family == package.family)
        after = state.with_version(package.family, package.version)
        # A step breaks no works_with that held (DESIGN §2.3, co-existence).
        assert oracle.broken(result.catalog, after) <= oracle.broken(result.catalog, state)
        state = after
        assert step.after == state
    assert state == result.target
    assert not oracle.broken(result.catalog, state)


@given(mixed_problems())
def test_plan_matches_the_oracle(problem) -> None:  # type: ignore[no-untyped-def]
    catalog, start, goal, held, soak = problem
    expected = oracle.best_plan(catalog, start, goal, held, soak)
    result = plan_or_none(catalog, start, goal, held, soak)
    event("unreachable" if expected is None else f"reachable in {min(len(expected[1]), 3)}"
          f"{'+' if len(expected[1]) >= 3 else ''} step(s)")
    if expected is None:
        assert result is None
        return
    assert result is not None
    assert_valid(result)
    end, packages = expected
    assert result.target == end
    assert oracle.cost(result.packages, soak) == oracle.cost(packages, soak)
    assert result.packages == packages  # the documented tie-break, too


@given(coexisting_problems())
def test_a_plan_with_works_with_matches_the_oracle(problem) -> None:  # type: ignore[no-untyped-def]
    """works_with: no step breaks one that held, the target breaks none (the plan repairs
    what the start breaks), and the plan is still the cheapest, with the tie rule."""
    catalog, start, goal, held, soak = problem
    expected = oracle.best_plan(catalog, start, goal, held, soak)
    result = plan_or_none(catalog, start, goal, held, soak)
    broken = "broken start" if oracle.broken(catalog, start) else "start keeps all"
    event(f"{broken}, " + ("unreachable" if expected is None
                            else f"reachable in {min(len(expected[1]), 3)} step(s)"))
    if expected is None:
        assert result is None
        return
    assert result is not None
    assert_valid(result)
    assert (result.target, result.packages) == expected


@given(advisories(), st.booleans())
def test_an_unaffected_plan_matches_the_oracle(problem, soak: bool) -> None:  # type: ignore[no-untyped-def]
    """``unaffected`` (DESIGN §2.3): the target is a state no advisory affects, applied
    patches counting where they cover the start's version; newest or nearest as asked."""
    catalog, start, goal, held = problem
    expected = oracle.best_plan(catalog, start, goal, held, soak)
    result = plan_or_none(catalog, start, goal, held, soak)
    exposed = "affected start" if oracle.affected(catalog, start, goal.patched, start) \
        else "unaffected start"
    event(f"{exposed}, " + ("unreachable" if expected is None
                             else f"{min(len(expected[1]), 2)} step(s)"))
    assert (None if result is None else (result.target, result.packages)) == expected
    if result is not None:
        assert not oracle.affected(catalog, result.target, goal.patched, start)


@given(coexisting_problems().filter(lambda p: not p[2].is_latest))
def test_a_nearest_plan_with_works_with_matches_the_oracle(problem) -> None:  # type: ignore[no-untyped-def]
    catalog, start, goal, held, soak = problem
    nearest = Goal(goal.requirements, nearest=True)
    expected = oracle.best_plan(catalog, start, nearest, held, soak)
    result = plan_or_none(catalog, start, nearest, held, soak)
    event("unreachable" if expected is None else "reachable")
    assert (None if result is None else (result.target, result.packages)) == expected


@st.composite
def floor_problems(draw: st.DrawFn):  # type: ignore[no-untyped-def]
    """A plan's question with its goal replaced by a floor on one of its steps' versions:
    several steps away, and reachable by more than one way."""
    from bomgar_paths.model import Requirement  # noqa: PLC0415

    the_plan = draw(plans())
    # Mostly the last step's version: the farthest floor, several steps away.
    step = draw(st.sampled_from([the_plan.steps[-1]] * 3 + list(the_plan.steps)))
    floor = Requirement.parse(f"{step.package.family}>={step.package.version.public}")
    return the_plan.catalog, the_plan.start, Goal((floor,)), the_plan.holds, the_plan.soak


def test_nearest_needs_a_goal() -> None:
    with pytest.raises(InputError, match="give a goal with --to"):
        Goal(nearest=True)
    assert Goal.parse(["bomgar>=15", "nearest"]) == Goal.parse("bomgar>=15").__class__(
        Goal.parse("bomgar>=15").requirements, nearest=True)
    assert str(Goal.parse(["bomgar>=15", "nearest"])) == "bomgar>=15 nearest"


@given(st.one_of(mixed_problems().filter(lambda p: not p[2].is_latest), floor_problems()))
def test_a_nearest_plan_matches_the_oracle(problem) -> None:  # type: ignore[no-untyped-def]
    """--nearest (DESIGN §2.3): the cheapest reachable state that meets the goal, ties to
    the greatest in its families, then the tie rule of plans; never dearer than any other
    state that meets it, and never dearer than the plan to the newest."""
    catalog, start, goal, held, soak = problem
    nearest = Goal(goal.requirements, nearest=True)
    expected = oracle.best_plan(catalog, start, nearest, held, soak)
    result = plan_or_none(catalog, start, nearest, held, soak)
    event("unreachable" if expected is None else f"{min(len(expected[1]), 3)} step(s)")
    if expected is None:
        assert result is None
        return
    assert result is not None
    assert_valid(result)
    assert (result.target, result.packages) == expected
    newest = plan_or_none(catalog, start, goal, held, soak)
    assert newest is not None
    assert oracle.cost(result.packages, soak) <= oracle.cost(newest.packages, soak)


@given(mixed_problems(), st.randoms(use_true_random=False))
def test_same_answer_when_catalog_entries_are_shuffled(problem, rnd: random.Random) -> None:  # type: ignore[no-untyped-def]
    catalog, start, goal, held, soak = problem
    families = list(catalog.families.values())
    packages = list(catalog.packages)
    rnd.shuffle(families)
    rnd.shuffle(packages)
    shuffled = Catalog.from_entries(families, packages)
    first = plan_or_none(catalog, start, goal, held, soak)
    second = plan_or_none(shuffled, start, goal, held, soak)
    event("unreachable" if first is None else "reachable")
    assert (first is None) == (second is None)
    if first is not None and second is not None:
        assert first.steps == second.steps and first.target == second.target


@given(unreachable_problems(), st.data())
def test_removing_a_package_never_makes_a_goal_reachable(problem, data) -> None:  # type: ignore[no-untyped-def]
    catalog, start, goal, held, soak = problem
    assume(plan_or_none(catalog, start, goal, held, soak) is None)
    removed = data.draw(st.sampled_from(catalog.packages))
    smaller = Catalog.from_entries(catalog.families.values(),
                                   [p for p in catalog.packages if p != removed])
    assert plan_or_none(smaller, start, goal, held, soak) is None


@given(catalogs().flatmap(lambda c: st.tuples(st.just(c), states(c))))
def test_offers_and_unlock_match_the_oracle(pair) -> None:  # type: ignore[no-untyped-def]
    catalog, state = pair
    shown = offers(catalog, state)
    assert [o.package for o in shown] == [p for p in catalog.packages if oracle.offered(p, state)]
    for offer in shown:
        assert offer.available == oracle.available(offer.package, state)
        expected = oracle.best_unlock(catalog, state, offer.package)
        if expected is None:
            assert offer.unlock is None
            continue
        assert offer.unlock is not None
        assert offer.unlock.packages == expected
        # The unlock plan really unlocks: after it, the package is available.
        assert_valid(offer.unlock)
        assert oracle.available(offer.package, offer.unlock.target)
        assert unlock(catalog, state, offer.package) == offer.unlock


@given(problems())
def test_latest_is_always_reachable(problem) -> None:  # type: ignore[no-untyped-def]
    catalog, start, _, held, soak = problem
    result = plan(catalog, start, Goal(), held, soak=soak)
    assert_valid(result)
    for family, version in start:
        assert result.target.get(family) is not None
        assert result.target.versions[family] >= version


@pytest.mark.parametrize("text", ["", "base=1"])
def test_states_of_nothing_and_one_family(text: str) -> None:
    assert str(State.parse(text)) == text


@given(st.one_of(problems(), climbing_problems()), st.integers(-3, 2))
def test_the_state_limit_is_exact(problem, offset: int) -> None:  # type: ignore[no-untyped-def]
    """The search stops exactly when more states are reachable than the limit allows,
    and a plan within the limit is the plan without one."""
    catalog, start, goal, held, soak = problem
    reachable = {visited[-1] for _, visited in oracle.all_plans(catalog, start, held)}
    # Around the boundary, where mistakes hide; over it whenever more than one state is
    # reachable and the draw says so (a limit below 1 is an input error, tested apart).
    over = offset < 0 and len(reachable) > 1
    limit = max(1, len(reachable) + offset) if over else len(reachable) + abs(offset) % 3
    event("over the limit" if len(reachable) > limit else "within the limit")
    if len(reachable) > limit:
        with pytest.raises(WorkLimit) as caught:
            search(catalog, start, held, soak=soak, max_states=limit)
        assert caught.value.limit == limit
        assert limit < caught.value.needed <= len(reachable) <= caught.value.at_most
    else:
        found = search(catalog, start, held, soak=soak, max_states=limit)
        assert set(found.states()) == reachable
    try:
        bounded = plan_or_none(catalog, start, goal, held, soak, max_states=limit)
    except WorkLimit:
        assert len(reachable) > limit  # the plan's search is never wider than all states
        return
    assert bounded == plan_or_none(catalog, start, goal, held, soak)


def _site_goals(problem):  # type: ignore[no-untyped-def]
    """A components problem with a goal on the site alone: the components may be left
    out of the search only when nothing links them to it."""
    catalog, start, _, held = problem
    newest = max(p.version for p in catalog.packages_of("site"))
    return catalog, start, Goal.parse(f"site>={newest.public}"), held, True


@given(st.one_of(mixed_problems(), coexisting_problems(), components().map(_site_goals)))
def test_families_left_out_of_the_search_change_nothing(problem) -> None:  # type: ignore[no-untyped-def]
    """Searching only the relevant families gives the plan of a search over all of them."""
    catalog, start, goal, held, soak = problem
    relevant = relevant_families(catalog, start, goal, held)
    event(f"{len(catalog.families) - len(relevant)} families left out")
    found = search(catalog, start, held, soak=soak)  # every family
    target = found.target(goal)
    result = plan_or_none(catalog, start, goal, held, soak)
    event("unreachable" if target is None else "reachable")
    if target is None:
        assert result is None
        return
    assert result is not None
    full = plan_to(found, catalog, target, goal)
    assert (result.target, result.steps) == (full.target, full.steps)


def _component_goals(problem):  # type: ignore[no-untyped-def]
    """A components problem whose goal names a component, not the site: the bound must
    be the greatest configuration of the goal's families, not of the site first."""
    catalog, start, _, held = problem
    family = sorted(f for f in catalog.families if f != "site")[0]
    lowest = min(p.version for p in catalog.packages_of(family))
    return catalog, start, Goal.parse(f"{family}>={lowest.public}"), held, True


@given(st.one_of(coexisting_problems(), components().map(lambda p: (*p, True)),
                 components().map(_component_goals)))
def test_the_search_bounded_by_the_configuration_plans_alike(problem) -> None:  # type: ignore[no-untyped-def]
    """The search towards resolvelib's configuration (A*, issue 12's scale), forced on
    small catalogs: when it answers, it is the plain search's plan, tie rule included."""
    from bomgar_paths.planner import _bounded  # noqa: PLC0415

    catalog, start, goal, held, soak = problem
    families = relevant_families(catalog, start, goal, held)
    try:
        bounded = _bounded(catalog, start, goal, held, soak, None, families, at_least=0)
    except InputError:
        return
    expected = oracle.best_plan(catalog, start, goal, held, soak)
    event("bounded" if bounded is not None else "left to the plain search")
    if bounded is None:
        return
    assert expected is not None
    found, target = bounded
    result = plan_to(found, catalog, target, goal)
    assert (result.target, result.packages) == expected
