"""Explanations on random catalogs: every fact true, every hint works (DESIGN §5)."""

from __future__ import annotations

import json
import re

import attrs
import oracle
from hypothesis import assume, event, given
from hypothesis import strategies as st

from bomgar_paths.catalog import Catalog
from bomgar_paths.explain import (
    ConclusionKind,
    Derivation,
    Explanation,
    Fact,
    FactKind,
    Ref,
    explain_goal,
    explain_package,
)
from bomgar_paths.model import Goal, State
from bomgar_paths.planner import Unreachable, plan
from bomgar_paths.render.explain import conclusion_text, fact_text, render_explanation
from bomgar_paths.testing import (
    advisories,
    blocked_goals,
    catalogs,
    components,
    goals,
    holds,
    states,
)


@st.composite
def problems(draw: st.DrawFn):  # type: ignore[no-untyped-def]
    catalog = draw(catalogs())
    return catalog, draw(states(catalog)), draw(goals(catalog)), draw(holds(catalog))


def walk(node: Derivation | Fact | Ref, seen: set[object] | None = None):  # type: ignore[no-untyped-def]
    seen = set() if seen is None else seen
    yield node
    if isinstance(node, Derivation) and node.key not in seen:
        seen.add(node.key)
        for cause in node.causes:
            yield from walk(cause, seen)


def reachable(catalog: Catalog, start: State, held) -> set[State]:  # type: ignore[no-untyped-def]
    return {visited[-1] for _, visited in oracle.all_plans(catalog, start, held)}


def assert_true(explanation: Explanation, catalog: Catalog, start: State, held) -> None:  # type: ignore[no-untyped-def]
    """Every fact and every 'no reachable state has R' conclusion holds, read from the
    typed fields alone; and every node has words."""
    states_reached = reachable(catalog, start, held)
    subject = explanation.subject
    patched = subject.patched if isinstance(subject, Goal) else ()
    for node in walk(explanation.tree):
        if isinstance(node, Fact):
            assert fact_text(node)
        else:
            assert conclusion_text(node)
        if isinstance(node, Derivation) and node.kind is ConclusionKind.NEVER:
            requirement = node.requirement
            assert requirement is not None
            assert not any(s.satisfies(requirement) for s in states_reached), node
        if isinstance(node, Derivation) and node.kind is ConclusionKind.BLOCKED:
            for fact in node.causes:
                if isinstance(fact, Fact) and fact.kind is FactKind.REQUIRES:
                    for package in fact.packages:
                        assert not any(oracle.available(package, s)
                                       for s in states_reached), package
        if not isinstance(node, Fact):
            continue
        packages = node.packages
        assert all(p in catalog.packages for p in packages), node
        if node.kind is FactKind.REQUIRES:
            for package in packages:
                assert node.requirements[0] in package.requires, node
        elif node.kind is FactKind.INSTALLED:
            assert start.get(node.family) == node.version, node  # type: ignore[arg-type]
            assert node.label == catalog.label(node.family, node.version)  # type: ignore[arg-type]
        elif node.kind is FactKind.NOT_INSTALLED:
            assert start.get(node.family) is None, node  # type: ignore[arg-type]
        elif node.kind is FactKind.NO_PACKAGE:
            [requirement] = node.requirements
            assert not any(requirement.allows(p.version)
                           for p in catalog.packages_of(requirement.family)), node
        elif node.kind is FactKind.WITHDRAWN:
            assert packages and all(p.withdrawn == node.reason for p in packages), node
        elif node.kind is FactKind.HOLD:
            [hold] = node.requirements
            assert hold in held, node
            assert all(not hold.allows(p.version) for p in packages), node
        elif node.kind is FactKind.NEVER_DOWN:
            installed = start.get(node.family)  # type: ignore[arg-type]
            assert installed is not None and installed == node.version
            assert all(p.version <= installed for p in packages), node
            assert all(r.passed_by(installed) for r in node.requirements), node
        elif node.kind is FactKind.NEVER_TOGETHER:
            for package in packages:
                assert not any(oracle.available(package, s) for s in states_reached), node
        elif node.kind is FactKind.BREAKS:
            # Wherever it is offered and available, installing it breaks a works_with.
            for package in packages:
                for s in states_reached:
                    if oracle.available(package, s):
                        after = s.with_version(package.family, package.version)
                        assert oracle.broken(catalog, after) - oracle.broken(catalog, s), node
        elif node.kind is FactKind.BROKEN:
            meeting = [s for s in states_reached if all(s.satisfies(r)
                                                        for r in node.requirements)]
            assert meeting and all(oracle.broken(catalog, s) for s in meeting), node
        elif node.kind is FactKind.NO_CONFIGURATION:
            # resolvelib's conflict, held against brute force: no versions coexist.
            assert isinstance(subject, Goal)
            assert not oracle.consistent(catalog, start, subject, held), node
            for need in node.needs:
                assert need.requirement in subject.requirements or (
                    need.of is not None and need.of.package is not None
                    and need.requirement in need.of.package.works_with), need
        elif node.kind is FactKind.AFFECTED:
            assert node.advisories and set(node.advisories) <= set(catalog.advisories), node
            meeting = [s for s in states_reached if all(s.satisfies(r)
                                                        for r in node.requirements)]
            assert all(oracle.affected(catalog, s, patched, start) or oracle.broken(catalog, s)
                       for s in meeting), node
        for conflict in node.conflicts:  # each is a works_with of the catalog
            assert conflict.requirement in conflict.package.works_with, node
            assert not conflict.requirement.allows(conflict.installed), node


def strings(value: object) -> list[str]:
    """The string values of a JSON document (its numbers are durations, not versions)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    return [s for item in value for s in strings(item)] if isinstance(value, list) else []


def rendered(explanation: Explanation, fmt: str) -> str:
    text = render_explanation(explanation, fmt)
    return " ".join(strings(json.loads(text))) if fmt == "json" else text


def versions_named(text: str) -> set[str]:
    # Durations ("7.5 min", "1.5 h") are numbers, not versions.
    pattern = (r"(?<![\w.])\d+(?:\.\d+)+(?:(?:a|b|rc|\.post|\.dev)\d+)*(?:\+\w+)?"
               r"(?!\s*(?:min|h)\b)")
    return set(re.findall(pattern, text))


def known_versions(catalog: Catalog, start: State, goal: Goal, held) -> set[str]:  # type: ignore[no-untyped-def]
    """Versions a reader can find in their catalog, state, goal or holds."""
    known = {str(p.version) for p in catalog.packages}
    known |= {str(v) for _, v in start}
    for requirement in [*goal.requirements, *held,
                        *(r for p in catalog.packages for r in (*p.requires, *p.works_with)),
                        *(r for a in catalog.advisories for r in a.affects)]:
        known |= {s.version for s in requirement.specifier}
    return known


@st.composite
def coexisting(draw: st.DrawFn):  # type: ignore[no-untyped-def]
    """Problems where what works with what decides (DESIGN §2.3, co-existence)."""
    if draw(st.booleans()):
        return draw(components())
    catalog = draw(catalogs(works_with=True))
    return catalog, draw(states(catalog)), draw(goals(catalog)), draw(holds(catalog))


@given(st.one_of(problems(), coexisting(), advisories()))
def test_goal_explanations_exist_exactly_when_unreachable_and_are_true(problem) -> None:  # type: ignore[no-untyped-def]
    catalog, start, goal, held = problem
    explanation = explain_goal(catalog, start, goal, held)
    reachable_goal = oracle.best_plan(catalog, start, goal, held) is not None
    assert (explanation is None) == reachable_goal
    event("reachable: no explanation" if explanation is None else "unreachable: explained")
    if explanation is None:
        return  # the first assertion was the check for these
    assert_true(explanation, catalog, start, held)
    for fmt in ("text", "markdown", "json"):
        named = versions_named(rendered(explanation, fmt))
        assert named <= known_versions(catalog, start, goal, held), named


@given(st.one_of(problems(), blocked_goals(), coexisting(), advisories()))
def test_what_if_hints_reach_the_goal_at_the_quoted_cost(problem) -> None:  # type: ignore[no-untyped-def]
    # Random problems, and goals a hold or a withdrawal blocks on purpose: most of the
    # latter have hints, which random problems rarely do.
    catalog, start, goal, held = problem
    explanation = explain_goal(catalog, start, goal, held)
    assume(explanation is not None)
    assert explanation is not None
    event(f"what-if hints: {min(len(explanation.what_if), 2)}")
    for hint in explanation.what_if:
        assert all(p.withdrawn for p in hint.withdrawn) and set(hint.holds) <= set(held)
        packages = [_revive(p) if p in hint.withdrawn else p for p in catalog.packages]
        changed = Catalog.from_entries(catalog.families.values(), packages,
                                       advisories=catalog.advisories)
        kept = [h for h in held if h not in hint.holds]
        try:
            result = plan(changed, start, goal, kept)
        except Unreachable:
            raise AssertionError(f"hint {hint} does not reach the goal") from None
        assert result.totals == hint.plan.totals


def _revive(package):  # type: ignore[no-untyped-def]
    return attrs.evolve(package, withdrawn=None)


@given(catalogs().flatmap(lambda c: st.tuples(st.just(c), states(c))))
def test_package_explanations_exist_exactly_when_greyed(pair) -> None:  # type: ignore[no-untyped-def]
    catalog, start = pair
    for package in catalog.packages:
        explanation = explain_package(catalog, start, package)
        offered_and_available = oracle.available(package, start)
        assert (explanation is None) == offered_and_available
        if explanation is not None:
            assert_true(explanation, catalog, start, ())
            named = versions_named(render_explanation(explanation, "text"))
            assert named <= known_versions(catalog, start, Goal(), ()), named
