"""Pictures of the way up, as data: the state graph around a plan, and the catalog's
requirements (``render/graph.py`` draws them in DOT and Mermaid).

- ``state_graph(catalog, start, goal, holds, soak, depth=...)``: the minimal plan's
  states, and every state within ``depth`` installs of one of them, as nodes; the
  installs between drawn states as edges (the plan's own marked); and the packages
  greyed out in the start state (offered, but a requirement is unmet; those the goal
  allows), each with its unmet requirements. A step is as DESIGN §2.3 defines it
  (offered, available, allowed by every hold); only the families a plan may touch are
  expanded. The graph is cut at
  ``max_nodes`` states and says what was cut: how many states lie one install past
  the drawing, and how many greyed packages were left out.
- ``requirement_graph(catalog)``: which package needs which, the zig-zag between Base
  and site: an edge from the oldest package that meets a requirement to each package
  that has it (or from the requirement itself when no package meets it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from .catalog import Catalog
from .errors import Code, InputError, Reason
from .model import Goal, Package, Requirement, State
from .planner import Plan, plan, relevant_families

__all__ = ["Edge", "Greyed", "Need", "RequirementGraph", "StateGraph", "requirement_graph",
           "state_graph"]

#: The most states drawn, and the most greyed packages: a picture past these is unreadable.
MAX_NODES = 200
MAX_GREYED = 12
MAX_DEPTH = 10


@attrs.frozen
class Edge:
    before: State
    after: State
    package: Package
    on_plan: bool


@attrs.frozen
class Greyed:
    """A package offered in the start state but not available: what it still needs."""

    package: Package
    unmet: tuple[Requirement, ...]


@attrs.frozen
class StateGraph:
    plan: Plan
    states: tuple[State, ...]  # the plan's first, in order, then the neighbourhood
    edges: tuple[Edge, ...]
    greyed: tuple[Greyed, ...]
    depth: int
    beyond: int  # states one install past the drawing, not drawn
    greyed_left_out: int  # greyed packages not drawn (past MAX_GREYED)
    full: bool  # False when MAX_NODES cut the neighbourhood short


@attrs.frozen
class Need:
    """``package`` requires ``requirement``; ``by`` is the oldest package meeting it."""

    package: Package
    requirement: Requirement
    by: Package | None


@attrs.frozen
class RequirementGraph:
    catalog: Catalog
    packages: tuple[Package, ...]
    needs: tuple[Need, ...]


def state_graph(catalog: Catalog, start: State | str, goal: Goal | str | Sequence[str] = Goal(),
                holds: Sequence[Requirement | str] = (), *, soak: bool = True, depth: int = 1,
                max_nodes: int = MAX_NODES, max_states: int | None = None) -> StateGraph:
    """The state graph around the minimal plan from ``start`` to ``goal`` (see the module).

    Raises what ``plan`` raises (``Unreachable`` included) and ``InputError`` for a
    ``depth`` outside 0 to ``MAX_DEPTH``.
    """
    if isinstance(depth, bool) or not isinstance(depth, int) or not 0 <= depth <= MAX_DEPTH:
        raise InputError("depth", depth, Reason(Code.DEPTH_INVALID, limit=MAX_DEPTH))
    options = {} if max_states is None else {"max_states": max_states}
    the_plan = plan(catalog, start, goal, holds, soak=soak, **options)
    held = the_plan.holds
    families = relevant_families(catalog, the_plan.start, the_plan.goal, held)
    candidates = [p for f in families for p in catalog.packages_of(f)
                  if p.withdrawn is None and all(h.allows(p.version) for h in held
                                                 if h.family == p.family)]
    on_plan = [the_plan.start, *(s.after for s in the_plan.steps)]
    drawn: dict[State, None] = dict.fromkeys(on_plan)
    frontier = list(on_plan)
    full = True
    for _ in range(depth):
        following: list[State] = []
        for state in frontier:
            for _package, after in _steps(state, candidates):
                if after in drawn:
                    continue
                if len(drawn) >= max(max_nodes, len(on_plan)):
                    full = False
                    break
                drawn[after] = None
                following.append(after)
        frontier = following
    plan_edges = {(before, s.package.key, s.after)
                  for before, s in zip(on_plan, the_plan.steps, strict=False)}
    edges: list[Edge] = []
    beyond: set[State] = set()
    for state in drawn:
        for package, after in _steps(state, candidates):
            if after in drawn:
                edges.append(Edge(state, after, package,
                                  (state, package.key, after) in plan_edges))
            else:
                beyond.add(after)
    greyed = [g for g in _greyed(catalog, the_plan.start, families)
              if all(r.allows(g.package.version) for r in the_plan.goal.requirements
                     if r.family == g.package.family)]
    return StateGraph(the_plan, tuple(drawn), tuple(edges), tuple(greyed[:MAX_GREYED]), depth,
                      len(beyond), max(0, len(greyed) - MAX_GREYED), full)


def _steps(state: State, candidates: Iterable[Package]) -> list[tuple[Package, State]]:
    """Every install from ``state`` (DESIGN §2.3) among ``candidates``, and its result."""
    found = []
    for package in candidates:
        installed = state.get(package.family)
        if installed is not None and package.version <= installed:
            continue
        if all(state.satisfies(r) for r in package.requires):
            found.append((package, state.with_version(package.family, package.version)))
    return found


def _greyed(catalog: Catalog, start: State, families: Sequence[str]) -> list[Greyed]:
    """Packages offered in ``start`` whose requirements are not all met, in family
    priority order, oldest first."""
    greyed = []
    for family in families:
        installed = start.get(family)
        for package in catalog.packages_of(family):
            if package.withdrawn is not None or (installed is not None
                                                 and package.version <= installed):
                continue
            unmet = tuple(r for r in package.requires if not start.satisfies(r))
            if unmet:
                greyed.append(Greyed(package, unmet))
    return greyed


def requirement_graph(catalog: Catalog) -> RequirementGraph:
    """Which package needs which, over the whole catalog (see the module)."""
    packages = tuple(p for f in catalog.family_order() for p in catalog.packages_of(f))
    needs = []
    for package in packages:
        for requirement in package.requires:
            meeting = [p for p in catalog.packages_of(requirement.family)
                       if requirement.allows(p.version)]
            needs.append(Need(package, requirement, min(meeting, key=lambda p: p.version)
                              if meeting else None))
    return RequirementGraph(catalog, packages, tuple(needs))
