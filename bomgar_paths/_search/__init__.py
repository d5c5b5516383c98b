"""The search over states, behind one small door (private).

``search(catalog, start, holds, soak=..., max_states=..., families=...)``
explores every state reachable from ``start`` once and returns a ``Search``,
which answers the questions the planner, the Updates page and the
explanations ask, in the model's terms (``State``, ``Requirement``,
``Package``, ``Goal``):

- the reachable states (``states``), which versions of a family some
  reachable state has (``reached``), and
  whether a requirement can ever hold (``ever``);
- the target of a goal (``target``: the greatest versions of the goal's
  families, then the cheapest, then the greatest state) and, for a package,
  the cheapest state where it is available (``enabling``);
- the cheapest way to a reached state (``path``), step by step.

How the graph is encoded (index tuples, bit masks, ``_graph``) is nobody's
business outside this package: a change to the search lands here alone.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from packaging.version import Version

from ..errors import MAX_STATES, Code, InputError, Reason
from ..model import Goal, Package, Requirement, State
from ._graph import GaveUp, Graph, Node, exact

if TYPE_CHECKING:
    from ..catalog import Catalog

__all__ = ["Search", "Searcher", "exact", "number", "search", "search_towards"]


#: What ``path`` makes of each step: the planner's ``Step(package, after,
#: soak_hours, install_minutes)``, which the search does not need to know.
T = TypeVar("T")
MakeStep = Callable[[Package, State, float, float], T]


def search(
    catalog: Catalog,
    start: State,
    holds: Sequence[Requirement] = (),
    *,
    soak: bool = True,
    max_states: int | None = MAX_STATES,
    families: Sequence[str] | None = None,
) -> Search:
    """Every state reachable from ``start`` under ``holds``, searched once.

    ``families`` (default: all, in priority order) are the families the
    search may change; the others keep their start version. Past
    ``max_states`` states it raises ``WorkLimit`` (None: no limit).
    """
    if max_states is not None and (type(max_states) is not int or max_states < 1):
        raise InputError("max_states", repr(max_states), Reason(Code.MAX_STATES_INVALID))
    order = catalog.family_order() if families is None else families
    graph = Graph(order, catalog.packages, start, holds, soak, max_states)
    graph.explore()
    return Search(graph, start, tuple(holds), soak)


def search_towards(
    catalog: Catalog,
    start: State,
    holds: Sequence[Requirement],
    versions: Mapping[str, Version | None],
    *,
    soak: bool = True,
    max_states: int | None = MAX_STATES,
    families: Sequence[str] | None = None,
) -> tuple[Search, State] | None:
    """The cheapest reachable state whose families named in ``versions`` are at those
    versions (None: not installed), the others where they end cheapest, and the search
    that reached it (A* with a lower bound from ``_bound``: it settles only the states
    that can matter; when the external families leave each other alone,
    ``Graph.way_towards`` finds the target and reads the tie rule's way back without
    settling every state on a cheapest way). None when no such state is reachable, or
    when the bound would be too large to build: the plain ``search`` then answers.

    The planner asks this with resolvelib's greatest configuration of the goal's
    families (``components.configuration``): an upper bound on the target, which is
    the target when a reachable state attains it.
    """
    from ._bound import Bound, SplitBound  # noqa: PLC0415

    order = catalog.family_order() if families is None else families
    graph = Graph(order, catalog.packages, start, holds, soak, max_states)
    if not graph.families or not Bound.fits(graph):
        return None
    goal: list[int | None] = []
    for k, name in enumerate(graph.families):
        if name not in versions:
            goal.append(None)
            continue
        version = versions[name]
        index = 0 if version is None else graph.index[k].get(version)
        if index is None:
            return None
        goal.append(index)
    wanted = [(k, i) for k, i in enumerate(goal) if i is not None]

    def is_goal(node: Node) -> bool:
        return all(node[k] == i for k, i in wanted) and not (graph.may_break
                                                             and graph.broken(node))

    satellites = [k for k, name in enumerate(graph.families)
                  if catalog.families[name].external]
    split = None
    if SplitBound.applies(graph, satellites):
        with contextlib.suppress(OverflowError):  # too large to table: the pair bound
            split = SplitBound(graph, goal, satellites)
    if split is not None:
        # The way back need not settle every state on a cheapest way.
        with contextlib.suppress(GaveUp):  # the way back was long: A* answers below
            node = graph.way_towards(goal, is_goal, split.to_goal, split.from_start)
            return None if node is None else (Search(graph, start, tuple(holds), soak),
                                              graph.state(node))
    ends = graph.explore_towards(Bound(graph, goal) if split is None else split.to_goal,
                                 is_goal)
    if not ends:
        return None
    return Search(graph, start, tuple(holds), soak), graph.state(max(ends))


class Searcher:
    """Searches from many starts over one catalog (a fleet's), sharing each graph's build.

    Building the graph (every package's requirements as masks) costs more than
    exploring it, and depends on the start only through its versions that the
    catalog does not list and the families left out of the search. Starts that
    agree on those share one built graph, explored again for each. A ``Search``
    it returned is good until its next ``search`` call: read what you need first.
    At most ``kept`` graphs are kept.
    """

    __slots__ = ("_catalog", "_graphs", "_listed", "kept")

    def __init__(self, catalog: Catalog, kept: int = 64) -> None:
        self._catalog = catalog
        self._listed = {(p.family, p.version) for p in catalog.packages}
        self._graphs: dict[tuple[object, ...], Graph] = {}
        self.kept = kept

    def search(self, start: State, holds: Sequence[Requirement] = (), *, soak: bool = True,
               max_states: int | None = MAX_STATES,
               families: Sequence[str] | None = None) -> Search:
        """As ``search(catalog, start, ...)``."""
        catalog = self._catalog
        order = tuple(catalog.family_order() if families is None else families)
        unlisted = tuple((name, v) for name, v in start
                         if name not in order or (name, v) not in self._listed)
        key = (order, tuple(holds), soak, max_states, unlisted,
               tuple(name in start.versions for name in order))
        graph = self._graphs.get(key)
        if graph is None:
            if len(self._graphs) >= self.kept:
                self._graphs.clear()
            graph = self._graphs[key] = Graph(order, catalog.packages, start, holds, soak,
                                              max_states)
        else:
            graph.start = tuple(graph.index[k][start.versions[name]] if name in start.versions
                                else 0 for k, name in enumerate(graph.families))
        graph.explore()
        return Search(graph, start, tuple(holds), soak)


class Search:
    """The states reachable from one start, for one set of holds and soak mode."""

    __slots__ = ("_graph", "_reached", "_steps", "families", "holds", "soak", "start")

    def __init__(self, graph: Graph, start: State, holds: tuple[Requirement, ...],
                 soak: bool) -> None:
        self._graph = graph
        self.start, self.holds, self.soak = start, holds, soak
        self.families = graph.families  # the families the search may change, priority order
        self._reached: dict[int, list[int]] = {}
        # The step into each state, shared by every path through it (an
        # Updates page builds one unlock plan per greyed package).
        self._steps: dict[Node, Any] = {}

    def __len__(self) -> int:
        """How many states are reachable."""
        return len(self._graph.settled)

    # -- what can be reached ----------------------------------------------------

    def states(self) -> Iterator[State]:
        """Every reachable state (the start included), in no promised order."""
        graph = self._graph
        return (graph.state(node) for node in graph.settled)

    def _indices(self, k: int) -> list[int]:
        found = self._reached.get(k)
        if found is None:
            found = self._reached[k] = sorted({n[k] for n in self._graph.settled})
        return found

    def reached(self, family: str) -> tuple[Version | None, ...]:
        """The versions of ``family`` that some reachable state has, in order
        (None, "not installed", first)."""
        graph = self._graph
        k = graph.position.get(family)
        if k is None:  # left out of the search: it stays where it is
            return (self.start.get(family),)
        return tuple(graph.versions[k][i - 1] if i else None for i in self._indices(k))

    def ever(self, requirement: Requirement) -> bool:
        """Does some reachable state meet ``requirement``?"""
        graph = self._graph
        k = graph.position.get(requirement.family)
        if k is None:
            return requirement.allows(self.start.get(requirement.family))
        return any(low <= i <= high for low, high in graph.allowed(requirement)
                   for i in self._indices(k))

    # -- states chosen among the reachable ones ------------------------------------

    def target(self, goal: Goal, keep: Callable[[State], bool] | None = None) -> State | None:
        """The reachable state a plan for ``goal`` ends at (DESIGN §2.3), or None.

        The greatest versions of the goal's families (``latest``: those
        installed at the start), compared in priority order; among those, the
        cheapest state, and among equally cheap ones the greatest. A ``nearest``
        goal takes the cheapest state first, then the greatest in its families.
        ``keep`` (the planner's, for ``unaffected``) says which states may be targets.
        """
        graph = self._graph
        if goal.is_latest:
            named = [k for k, name in enumerate(graph.families) if name in self.start.versions]
            candidates = graph.settled
        else:
            named = sorted({graph.position[r.family] for r in goal.requirements})
            accepted = []
            for k, name in enumerate(graph.families):
                requirements = [r for r in goal.requirements if r.family == name]
                versions = [None, *graph.versions[k]]
                accepted.append([all(r.allows(v) for r in requirements) for v in versions])
            candidates = {n for n in graph.settled
                          if all(accepted[k][i] for k, i in enumerate(n))}
        if graph.may_break:  # the target breaks no works_with (DESIGN §2.3)
            candidates = {n for n in candidates if not graph.broken(n)}
        if keep is not None:  # a test of whole states (``unaffected``: no advisory)
            candidates = {n for n in candidates if keep(graph.state(n))}
        if not candidates:
            return None
        if goal.nearest:
            # The cheapest state that meets the goal; then the greatest in the goal's
            # families, then the greatest (the tie rule of plans: it ends there).
            cheapest = min(graph.dist[n] for n in candidates)
            return graph.state(max((n for n in candidates if graph.dist[n] == cheapest),
                                   key=lambda n: (tuple(n[k] for k in named), n)))
        # Priority order is the graph's family order, so positions compare in it.
        best_rank = max(tuple(n[k] for k in named) for n in candidates)
        ranked = [n for n in candidates if tuple(n[k] for k in named) == best_rank]
        # Families the goal does not name may end anywhere: the cheapest end wins,
        # then (the tie-break) the greatest.
        cheapest = min(graph.dist[n] for n in ranked)
        return graph.state(max(n for n in ranked if graph.dist[n] == cheapest))

    def enabling(self, package: Package) -> State | None:
        """The cheapest reachable state where ``package`` is available (ties: the
        greatest), or None: no plan makes it available."""
        graph = self._graph
        bit = graph.bit_of_package.get(package.key)
        end = None if bit is None else graph.enabling().get(bit)
        return None if end is None else graph.state(end)

    # -- the way there ----------------------------------------------------------

    def _node(self, state: State) -> Node:
        graph = self._graph
        node = tuple(graph.index[k].get(state.versions[name], -1) if name in state.versions
                     else 0 for k, name in enumerate(graph.families))
        if node not in graph.settled:
            raise ValueError(f"{state} is not reachable from {self.start}")
        return node

    def path(self, end: State, make: MakeStep[T]) -> tuple[T, ...]:
        """The cheapest steps from the start to the reachable state ``end``, each
        made by ``make(package, state after, soak hours, install minutes)``.

        Among equally cheap plans, walking back from the end, the greatest
        predecessor (versions compared in family priority order): the most
        important family advances as early as it can, and less important
        packages (Base) go as late as they can, just before what needs them.
        """
        graph, made = self._graph, self._steps
        way: list[T] = []
        for bit, after in graph.path(self._node(end)):
            step = made.get(after)
            if step is None:
                step = made[after] = make(graph.packages[bit], graph.state(after),
                                          number(graph.cost[bit][0]),
                                          number(graph.cost[bit][2]))
            way.append(step)
        return tuple(way)


    def alternatives(self, end: State, make: MakeStep[T], limit: int = 8,
                     ) -> tuple[tuple[T, ...], ...]:
        """Cheapest plans to the reachable state ``end`` that install different sets of
        packages: ``path(end)`` first, then up to ``limit - 1`` others (fewer sets
        are kept per state than there may be: a bound, not every one), each in the
        order the tie rule of ``path`` gives among plans of those packages."""
        from ._alternatives import minimal_sets  # noqa: PLC0415  (fleets alone ask)

        graph = self._graph
        first = self.path(end, make)
        node = self._node(end)
        own = 0
        for bit, _ in graph.path(node):
            own |= 1 << bit
        plans = [first]
        for mask, way in minimal_sets(graph, node, limit):
            if mask == own or len(plans) >= limit:
                continue
            plans.append(tuple(self._made(bit, after, make) for bit, after in way))
        return tuple(plans)

    def _made(self, bit: int, after: Node, make: MakeStep[T]) -> T:
        graph = self._graph
        return make(graph.packages[bit], graph.state(after), number(graph.cost[bit][0]),
                    number(graph.cost[bit][2]))


def number(value: object) -> float:
    """Exact sums back to plain numbers: ints stay ints, fractions become floats."""
    if isinstance(value, int):
        return value
    as_float = float(value)  # type: ignore[arg-type]
    return int(as_float) if as_float.is_integer() else as_float
