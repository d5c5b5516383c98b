"""The target and the minimal install plan (DESIGN §2.3).

``plan(catalog, start, goal, holds, soak=...)`` returns a ``Plan``: the
target state and the cheapest ordered steps to it, cost compared as (total
soak hours, number of installs, total install minutes). When no reachable
state meets the goal it raises ``Unreachable``, which carries the reasons.

Tie-break: among equally cheap plans, compare the states the plans pass
through, from the end state backwards, and take the plan whose states are greater
(versions compared family by family in priority order). In words: the most
important family (the site software) advances as early as it can, and less
important packages (Base) are installed as late as they can, just before the
package that needs them, as the upgrade guide advises.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from ._graph import Graph, Node, exact
from .catalog import Catalog
from .errors import MAX_STATES, BomgarPathsError, InputError
from .model import Goal, Package, Requirement, State, check_catalog

__all__ = ["MAX_STATES", "Plan", "Step", "Totals", "Unreachable", "plan"]


@attrs.frozen
class Step:
    """One install: the package and the state right after it."""

    package: Package
    after: State
    soak_hours: float  # 0 in no-soak mode
    install_minutes: float


@attrs.frozen
class Totals:
    installs: int
    soak_hours: float
    install_minutes: float


@attrs.frozen
class Plan:
    """An ordered list of installs from ``start`` to ``target``."""

    catalog: Catalog = attrs.field(repr=False)
    start: State
    target: State
    steps: tuple[Step, ...]
    goal: Goal = Goal()
    holds: tuple[Requirement, ...] = ()
    soak: bool = True

    @property
    def totals(self) -> Totals:
        return Totals(
            installs=len(self.steps),
            # Summed exactly, as the search sums them: 0.1 + 0.2 h is 0.3 h.
            soak_hours=_number(sum((exact(s.soak_hours) for s in self.steps), 0)),
            install_minutes=_number(sum((exact(s.install_minutes) for s in self.steps), 0)),
        )

    @property
    def packages(self) -> tuple[Package, ...]:
        return tuple(s.package for s in self.steps)

    def left_out(self) -> tuple[Package, ...]:
        """Packages the goal asked for that are newer than the target (``explain.skipped``
        says why each is left out)."""
        families = self.goal.named(self.start)
        out = []
        for family in self.catalog.family_order():
            if family not in families:
                continue
            reached = self.target.get(family)
            wanted = [r for r in self.goal.requirements if r.family == family]
            out += [p for p in self.catalog.packages_of(family)
                    if (reached is None or p.version > reached)
                    and all(r.allows(p.version) for r in wanted)]
        return tuple(out)


class Unreachable(BomgarPathsError, ValueError):
    """No state reachable from ``start`` meets ``goal``; ``reasons`` say why."""

    def __init__(
        self,
        start: State,
        goal: Goal,
        holds: Sequence[Requirement],
        soak: bool,
        reasons: Sequence[str],
    ) -> None:
        self.start = start
        self.goal = goal
        self.holds = tuple(holds)
        self.soak = soak
        self.reasons = tuple(reasons)
        where = str(start) or "nothing installed"
        super().__init__(f"the goal {goal} cannot be reached from {where}"
                         + (f": {reasons[0]}" if reasons else ""))


def plan(
    catalog: Catalog,
    start: State | str,
    goal: Goal | str | Sequence[str] = Goal(),
    holds: Sequence[Requirement | str] = (),
    *,
    soak: bool = True,
    max_states: int | None = MAX_STATES,
) -> Plan:
    """The minimal plan from ``start`` to the target of ``goal``.

    ``goal`` is ``Goal()`` for "latest" (every family installed at the start,
    at its greatest reachable version) or explicit requirements; ``holds`` are
    requirements every planned package must satisfy; ``soak=False`` is the
    guide's no-soak mode (clients uninstalled, no waits), where soak hours
    count as 0. ``start``, ``goal`` and ``holds`` may be given as text
    (``"base=3.2.4,bomgar=11.1.2"``, ``"bomgar>=15"``, ``["base<7"]``).
    Raises ``InputError`` for input it cannot read and families the catalog
    does not declare, and ``Unreachable`` when no reachable state meets the goal.

    The search visits at most ``max_states`` states (None: no limit) and
    raises ``WorkLimit`` past it. Families that neither the goal nor the
    requirements of any package that could matter touch are left out of the
    search: they stay where they are, as a minimal plan leaves them.
    """
    catalog = check_catalog(catalog)
    start, goal = State.coerce(start), Goal.coerce(goal)
    holds = Requirement.coerce_all(holds, "hold")
    check_families(catalog, start, goal.requirements, holds)
    families = relevant_families(catalog, start, goal, holds)
    graph = explored(catalog, start, holds, soak=soak, max_states=max_states, families=families)
    target = choose_target(graph, catalog, start, goal)
    if target is None:
        raise Unreachable(start, goal, holds, soak, _reasons(catalog, graph, goal))
    return plan_to(graph, catalog, start, target, goal=goal, holds=holds, soak=soak)


def explored(
    catalog: Catalog,
    state: State,
    holds: Sequence[Requirement] = (),
    *,
    soak: bool = True,
    max_states: int | None = MAX_STATES,
    families: Sequence[str] | None = None,
) -> Graph:
    """Every state reachable from ``state`` under ``holds``, searched.

    ``families`` (default: all, in priority order) are the families the
    search may change; the others keep their start version.
    """
    if max_states is not None and (type(max_states) is not int or max_states < 1):
        raise InputError("max_states", repr(max_states),
                         "expected a whole number of states, 1 or more, or None for no limit")
    order = catalog.family_order() if families is None else families
    graph = Graph(order, catalog.packages, state, holds, soak, max_states)
    graph.explore()
    return graph


def relevant_families(
    catalog: Catalog, start: State, goal: Goal, holds: Sequence[Requirement] = ()
) -> list[str]:
    """The families a minimal plan may touch, in priority order.

    The goal's families (for ``latest``, those installed at the start), and
    every family that a plannable package of a relevant family requires. A
    package of any other family meets no requirement that matters, so a
    minimal plan never installs it, and the search can leave it out.
    """
    return required_families(catalog, goal.named(start), holds)


def required_families(
    catalog: Catalog,
    families: Iterable[str],
    holds: Sequence[Requirement] | None = (),
) -> list[str]:
    """``families`` and every family their packages require, transitively, in priority order.

    Only packages a plan may contain count (not withdrawn, allowed by
    ``holds``); with ``holds=None`` every package counts, as explanations
    need, which also talk of withdrawn and held packages' requirements.
    """
    relevant = set(families)
    frontier = list(relevant)
    while frontier:
        family = frontier.pop()
        for package in catalog.packages_of(family):
            if holds is not None and (package.withdrawn is not None or not all(
                    h.allows(package.version) for h in holds if h.family == family)):
                continue
            for requirement in package.requires:
                if requirement.family not in relevant:
                    relevant.add(requirement.family)
                    frontier.append(requirement.family)
    return [f for f in catalog.family_order() if f in relevant]


def plan_to(
    graph: Graph,
    catalog: Catalog,
    start: State,
    node: Node,
    *,
    goal: Goal = Goal(),
    holds: Sequence[Requirement] = (),
    soak: bool = True,
    steps: dict[Node, Step] | None = None,
) -> Plan:
    """The cheapest plan to a settled node of an explored graph.

    ``steps`` remembers the step into each node across calls, for callers
    that build many plans on one graph (the Updates page's unlock plans).
    """
    made = {} if steps is None else steps
    way = []
    for bit, after in graph.path(node):
        step = made.get(after)
        if step is None:
            step = made[after] = Step(
                package=graph.packages[bit],
                after=graph.state(after),
                soak_hours=_number(graph.cost[bit][0]),
                install_minutes=_number(graph.cost[bit][2]),
            )
        way.append(step)
    return Plan(catalog, start, graph.state(node), tuple(way), goal, tuple(holds), soak)


def choose_target(graph: Graph, catalog: Catalog, start: State, goal: Goal) -> Node | None:
    """The settled state with the greatest versions of the goal's families."""
    if goal.is_latest:
        named = [k for k, name in enumerate(graph.families) if name in start.versions]
        candidates = graph.settled
    else:
        named = sorted({graph.position[r.family] for r in goal.requirements})
        accepted = []
        for k, name in enumerate(graph.families):
            requirements = [r for r in goal.requirements if r.family == name]
            versions = [None, *graph.versions[k]]
            accepted.append([all(r.allows(v) for r in requirements) for v in versions])
        candidates = {n for n in graph.settled if all(accepted[k][i] for k, i in enumerate(n))}
    if not candidates:
        return None
    # Priority order is the graph's family order, so positions compare in it.
    best_rank = max(tuple(n[k] for k in named) for n in candidates)
    ranked = [n for n in candidates if tuple(n[k] for k in named) == best_rank]
    # Families the goal does not name may end anywhere: the cheapest end wins,
    # then (the tie-break) the greatest.
    cheapest = min(graph.dist[n] for n in ranked)
    return max(n for n in ranked if graph.dist[n] == cheapest)


def check_families(
    catalog: Catalog,
    start: State,
    requirements: Sequence[Requirement] = (),
    holds: Sequence[Requirement] = (),
) -> None:
    """Reject families the catalog does not declare, naming where they appear."""
    known = ", ".join(catalog.families)
    for family, _ in start:
        if family not in catalog.families:
            raise InputError("state", str(start),
                             f"unknown family {family!r} (catalog has {known})")
    for what, items in (("goal", requirements), ("hold", holds)):
        for requirement in items:
            if requirement.family not in catalog.families:
                raise InputError(what, str(requirement),
                                 f"unknown family {requirement.family!r} (catalog has {known})")


def _reasons(catalog: Catalog, graph: Graph, goal: Goal) -> list[str]:
    """Short, true reasons why no reachable state meets the goal."""
    reasons = []
    for requirement in goal.requirements:
        k = graph.position[requirement.family]
        label = catalog.families[requirement.family].label
        matching = [p for p in catalog.packages_of(requirement.family)
                    if requirement.allows(p.version)]
        plannable = [p for p in matching if p in graph.packages]
        reached = sorted({n[k] for n in graph.settled if n[k]})
        best = graph.versions[k][reached[-1] - 1] if reached else None
        if not matching:
            reasons.append(f"no {requirement.family} package satisfies {requirement}")
        elif not plannable:
            blocked = "; ".join(
                f"{p.label} is withdrawn: {p.withdrawn}" if p.withdrawn else
                f"a hold excludes {p.label}" for p in matching)
            reasons.append(f"every package that satisfies {requirement} is excluded: {blocked}")
        elif not any(requirement.allows(graph.versions[k][i - 1]) for i in reached):
            newest = label.format(version=best) if best else f"no {requirement.family} package"
            reasons.append(f"no reachable state has {requirement}: the newest {requirement.family}"
                           f" that can be reached is {newest}")
    if not reasons:
        reasons.append("each requirement can be met, but no reachable state meets "
                       + " and ".join(map(str, goal.requirements)) + " together")
    return reasons


def _number(value: object) -> float:
    """Exact sums back to plain numbers: ints stay ints, fractions become floats."""
    if isinstance(value, int):
        return value
    as_float = float(value)  # type: ignore[arg-type]
    return int(as_float) if as_float.is_integer() else as_float
