"""What-if hints, trade-offs and circular requirements, on problems built to reach them.

Random catalogs seldom block a goal with a hold or a withdrawal (about 1 % of
``catalogs()`` problems produce a what-if hint), so these properties draw from
``bomgar_paths.testing.blocked_goals()``, ``trade_offs()`` and
``circular_requirements()``, and read the answers only through the public API and
its JSON rendering (``bomgar_paths.render.explain``). ``pytest
--hypothesis-show-statistics`` shows, per property, the share of examples that
reach each branch (``hypothesis.event``). The exhaustive oracle (tests/oracle.py)
is the judge.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from typing import Any

import attrs
import oracle
from hypothesis import event, given
from packaging.version import Version

from bomgar_paths import (
    Catalog,
    Family,
    Goal,
    Package,
    Requirement,
    State,
    explain_goal,
    plan,
    skipped,
)
from bomgar_paths.render.explain import explanation_data, skipped_data
from bomgar_paths.testing import blocked_goals, circular_requirements, trade_offs

Problem = tuple[Catalog, State, Goal, tuple[Requirement, ...]]


# -- reading a hint: which blockers does it remove? ---------------------------------


def _named(name: str, text: str) -> bool:
    """``name`` (a label or a requirement) appears in ``text`` as a whole word."""
    return re.search(rf"(?<![\w.<>=!~]){re.escape(name)}(?![\w.])", text) is not None


@attrs.frozen
class Removal:
    """What one entry of a hint's ``remove`` list lifts: holds and withdrawals."""

    holds: frozenset[str]
    revived: frozenset[str]  # labels


def removals(entries: Sequence[str], held: Sequence[Requirement],
             catalog: Catalog) -> list[Removal]:
    """Each entry read against the problem's own blockers; each names at least one."""
    withdrawn = [p.label for p in catalog.packages if p.withdrawn is not None]
    out = []
    for entry in entries:
        removal = Removal(frozenset(str(h) for h in held if _named(str(h), entry)),
                          frozenset(label for label in withdrawn if _named(label, entry)))
        assert removal.holds or removal.revived, f"{entry!r} names no blocker of the problem"
        out.append(removal)
    return out


def without(problem: Problem, lifted: Sequence[Removal]) -> Problem:
    """The problem with the lifted holds dropped and the lifted withdrawals revived."""
    catalog, start, goal, held = problem
    drop = {h for r in lifted for h in r.holds}
    revive = {label for r in lifted for label in r.revived}
    packages = [attrs.evolve(p, withdrawn=None) if p.label in revive else p
                for p in catalog.packages]
    changed = Catalog.from_entries(catalog.families.values(), packages, source=catalog.source,
                                   advisories=catalog.advisories)
    return changed, start, goal, tuple(h for h in held if str(h) not in drop)


def replay(problem: Problem, labels: Sequence[str]) -> State:
    """Take the steps one by one, each offered, available and allowed by the holds."""
    catalog, start, _, held = problem
    by_label = {p.label: p for p in catalog.packages}
    state = start
    for label in labels:
        package = by_label[label]
        assert oracle.available(package, state), (label, state)
        assert all(h.allows(package.version) for h in held if h.family == package.family)
        state = state.with_version(package.family, package.version)
    return state


def reachable(problem: Problem) -> bool:
    catalog, start, goal, held = problem
    return oracle.best_plan(catalog, start, goal, held) is not None


def proper_subsets(items: Sequence[Removal]) -> Iterator[tuple[Removal, ...]]:
    for size in range(len(items)):
        yield from itertools.combinations(items, size)


# -- what-if hints --------------------------------------------------------------------


@given(blocked_goals())
def test_each_hint_is_minimal_and_its_plan_reaches_the_goal(problem: Problem) -> None:
    """A hint's plan is valid once its blockers are lifted, ends at the goal at the
    cost of the minimal plan, and no proper subset of its blockers would do."""
    catalog, start, goal, held = problem
    explanation = explain_goal(catalog, start, goal, held)
    assert (explanation is None) == reachable(problem)
    if explanation is None:
        event("goal still reachable: another way round the blockers")
        return
    hints = explanation_data(explanation)["what_if"]
    event(f"{min(len(hints), 2)}{'+' if len(hints) > 1 else ''} what-if hint(s)")
    event(f"blockers: {len(held)} hold(s), "
          f"{sum(p.withdrawn is not None for p in catalog.packages)} withdrawn")
    for hint in hints:
        lifted = removals(hint["remove"], held, catalog)
        event(f"a hint lifts {len(lifted)} blocker(s)")
        freed = without(problem, lifted)
        end = replay(freed, hint["plan"])
        assert all(end.satisfies(r) for r in goal.requirements)
        best = oracle.best_plan(*freed)
        assert best is not None
        assert end == best[0]  # the target of the freed problem, not just any goal state
        assert (hint["installs"], hint["soak_hours"], hint["install_minutes"]) == (
            len(best[1]), *_soak_and_minutes(best[1]))
        for subset in proper_subsets(lifted):
            assert not reachable(without(problem, subset)), (hint["remove"], subset)


def _soak_and_minutes(packages: Sequence[Package]) -> tuple[float, float]:
    soak, _, minutes = oracle.cost(packages, True)
    return float(soak), float(minutes)


@given(blocked_goals())
def test_a_single_blocker_that_frees_the_goal_is_a_hint(problem: Problem) -> None:
    """When lifting one blocker alone makes the goal reachable, some hint says so."""
    catalog, start, goal, held = problem
    explanation = explain_goal(catalog, start, goal, held)
    if explanation is None:
        event("goal still reachable")
        return
    hints = [removals(h["remove"], held, catalog) for h in explanation_data(explanation)[
        "what_if"]]
    singles = [Removal(frozenset({str(h)}), frozenset()) for h in held] + [
        Removal(frozenset(), frozenset({p.label})) for p in catalog.packages if p.withdrawn]
    freeing = [s for s in singles if reachable(without(problem, [s]))]
    event(f"{min(len(freeing), 2)}{'+' if len(freeing) > 1 else ''} single blocker(s) free it")
    for single in freeing:
        assert any(len(h) == 1 and (single.holds <= h[0].holds and single.revived
                                    <= h[0].revived) for h in hints), (single, hints)


# -- trade-offs: what "latest" leaves out -----------------------------------------------


def _rank(catalog: Catalog, state: State, families: Sequence[str]) -> tuple[Any, ...]:
    return oracle.rank(catalog, state, families)


@given(trade_offs())
def test_left_out_packages_are_trade_offs_or_never_reachable(pair: tuple[Catalog, State]) -> None:
    """Each package newer than the target is either reachable only in states that rank
    lower on the more important families (a trade-off), or in no reachable state."""
    catalog, start = pair
    result = plan(catalog, start)
    states_reached = {visited[-1] for _, visited in oracle.all_plans(catalog, start)}
    order = catalog.family_order()
    items = skipped_data(skipped(result))
    newer = sorted(p.label for p in catalog.packages if p.withdrawn is None and (
        result.target.get(p.family) is None or p.version > result.target.versions[p.family]))
    assert sorted(item["package"] for item in items) == newer
    by_label = {p.label: p for p in catalog.packages}
    kinds = set()
    for item in items:
        package = by_label[item["package"]]
        having = [s for s in states_reached if s.get(package.family) == package.version]
        if item["reason"].get("fact") == "trade_off":
            kinds.add("trade-off")
            assert having, item
            more_important = order[: order.index(package.family)]
            assert all(_rank(catalog, s, more_important)
                       < _rank(catalog, result.target, more_important) for s in having), item
        else:
            kinds.add("never")
            assert not having, item
    event("left out: " + (" and ".join(sorted(kinds)) or "nothing"))


# -- circular requirements -----------------------------------------------------------------


def _nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for cause in node.get("because", []):
        yield from _nodes(cause)


@given(circular_requirements())
def test_a_cycle_is_told_once_and_every_requirement_in_it_is_true(problem: Problem) -> None:
    """Unreachable exactly when the oracle says so; a cycle is referred back to, not
    told for ever, and each 'requires' fact is one of the catalog's requirements."""
    catalog, start, goal, held = problem
    explanation = explain_goal(catalog, start, goal, held)
    assert (explanation is None) == reachable(problem)
    if explanation is None:
        event("the extra packages open a way round the cycle")
        return
    data = explanation_data(explanation)
    nodes = list(_nodes(data["tree"]))
    refs = [n for n in nodes if "ref" in n]
    event("the cycle is closed by a reference" if refs else "no reference in the tree")
    ids = {n["id"] for n in nodes if "id" in n}
    assert {n["ref"] for n in refs} <= ids  # every reference points at a told conclusion
    by_label = {p.label: p for p in catalog.packages}
    for node in nodes:
        if node.get("fact") == "requires":
            for label in node["packages"]:
                assert node["requirement"] in {str(r) for r in by_label[label].requires}
    # The goal's own package is on the cycle: the tree reaches it.
    assert any(node.get("fact") == "requires" for node in nodes)


# -- a known gap ---------------------------------------------------------------------------


def test_two_blockers_on_the_only_way_make_one_hint() -> None:
    """Site 3 needs Site 2 first; Site 2 is withdrawn and a hold excludes Site 3: lifting
    both reaches the goal, so a hint names both (a subset alone does not)."""
    site = Family("site", label="Site {version}")

    def package(version: str, requires: str, withdrawn: str | None = None) -> Package:
        return Package(family="site", version=Version(version), label=f"Site {version}",
                       requires=(Requirement.parse(requires),), withdrawn=withdrawn,
                       spelling=version)

    catalog = Catalog.from_entries([site], [package("2", "site>=1", "recalled"),
                                            package("3", "site>=2")])
    held = (Requirement.parse("site!=3"),)
    problem = (catalog, State.parse("site=1"), Goal.parse(["site==3"]), held)
    assert reachable(without(problem, [Removal(frozenset({"site!=3"}),
                                               frozenset({"Site 2"}))]))
    explanation = explain_goal(*problem)
    assert explanation is not None
    hints = [removals(h["remove"], held, catalog)
             for h in explanation_data(explanation)["what_if"]]
    assert any(
        {h for r in hint for h in r.holds} == {"site!=3"}
        and {x for r in hint for x in r.revived} == {"Site 2"} for hint in hints)
