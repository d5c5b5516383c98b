"""The search for catalogs of satellites (external families that interact only with the
core, issue 12's scale): its bounds are consistent lower bounds, and its way back is
the plain search's path, tie rule included, to every reachable state."""

from __future__ import annotations

from unittest import mock

import attrs
from hypothesis import event, given
from hypothesis import strategies as st
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from bomgar_paths._search import _graph as _graph_module
from bomgar_paths._search._bound import SplitBound
from bomgar_paths._search._graph import GaveUp, Graph, Node, _bits
from bomgar_paths.catalog import Catalog
from bomgar_paths.model import Family, Package, Requirement, State
from bomgar_paths.testing import components


def _v(i: int) -> Version:
    return Version(f"{i}.0")


@st.composite
def satellite_problems(draw: st.DrawFn) -> tuple[Catalog, State, bool]:
    """A site and a Base that need each other, and two or three satellites whose releases
    work with windows of site releases: several equally cheap moments to upgrade each,
    now and then a satellite with soak, a site release that works only with a
    satellite's newer releases, or a satellite release that requires a site release."""
    sites = draw(st.integers(2, 6))
    site = Family("site", label="Site {version}", soak_hours=24, install_minutes=45,
                  priority=1)
    base = Family("base", label="Base {version}", install_minutes=30, priority=2)
    families, packages = [site, base], []
    for i in range(1, sites + 1):
        # Soaks that differ, and releases that need a recent one: a way of least soak
        # may take more installs than another way.
        requires = () if i == 1 else (
            Requirement("site", SpecifierSet(f">={_v(max(1, i - draw(st.integers(1, 3))))}")),
            Requirement("base", SpecifierSet(f">={_v(max(1, i - draw(st.integers(1, 2))))}")))
        soak = draw(st.sampled_from([0, 24, 48]))
        packages.append(Package("site", _v(i), label=f"Site-{i}.0", requires=requires,
                                soak_hours=soak, install_minutes=45))
        base_requires = () if i == 1 else (Requirement("site", SpecifierSet(f">={_v(i - 1)}")),)
        packages.append(Package("base", _v(i), label=f"Base {i}.0", requires=base_requires,
                                install_minutes=30))
    names = ["alpha", "beta", "gamma"][: draw(st.integers(2, 3))]
    for k, name in enumerate(names):
        soak = draw(st.sampled_from([0, 0, 0, 2]))
        families.append(Family(name, label=f"{name.title()} {{version}}", install_minutes=15,
                               soak_hours=soak, priority=10 + k, external=True))
        for j in range(1, draw(st.integers(2, 4)) + 1):
            low = draw(st.integers(1, sites))
            high = draw(st.integers(low, sites))
            window = Requirement("site", SpecifierSet(f">={_v(low)},<{_v(high + 1)}"))
            requires = (Requirement("site", SpecifierSet(f">={_v(low)}")),) \
                if draw(st.integers(0, 4)) == 0 else ()
            packages.append(Package(name, _v(j), label=f"{name.title()} {j}.0",
                                    requires=requires, works_with=(window,),
                                    soak_hours=soak, install_minutes=15))
    # Now and then a site release works only with a satellite's newer releases.
    if draw(st.booleans()):
        i = draw(st.integers(2, sites))
        name = draw(st.sampled_from(names))
        index = next(n for n, p in enumerate(packages) if p.key == ("site", _v(i)))
        packages[index] = attrs.evolve(packages[index], works_with=(
            Requirement(name, SpecifierSet(">=2.0")),))
    catalog = Catalog.from_entries(families, packages, source="satellites")
    start = {"site": _v(1), "base": _v(1)}
    for name in names:
        if draw(st.integers(0, 3)):
            start[name] = _v(1)
    return catalog, State(start), draw(st.booleans())


def _problems(draw: st.DrawFn) -> tuple[Catalog, State, bool]:
    if draw(st.booleans()):
        return draw(satellite_problems())
    catalog, start, _, _ = draw(components())
    return catalog, start, draw(st.booleans())


problems = st.composite(_problems)


def _graph(catalog: Catalog, start: State, soak: bool) -> tuple[Graph, list[int]]:
    graph = Graph(catalog.family_order(), catalog.packages, start, (), soak)
    return graph, [k for k, name in enumerate(graph.families)
                   if catalog.families[name].external]


def _paths(graph: Graph) -> dict[Node, list[tuple[int, Node]]]:
    """The plain search's path to every reachable state."""
    graph.explore()
    return {node: graph.path(node) for node in graph.settled}


def _moves(graph: Graph, node: Node) -> list[tuple[int, Node]]:
    found = []
    for bit in _bits(graph.available(node)):
        k, j = graph.bit_target[bit]
        found.append((bit, node[:k] + (j,) + node[k + 1:]))
    return found


def _add(a, b):  # type: ignore[no-untyped-def]
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


@given(problems(), st.data())
def test_the_split_bounds_are_consistent_lower_bounds(problem, data) -> None:  # type: ignore[no-untyped-def]
    catalog, start, soak = problem
    graph, satellites = _graph(catalog, start, soak)
    if not SplitBound.applies(graph, satellites):
        event("satellites that meet: not split")
        return
    graph.explore()
    nodes = sorted(graph.settled)
    goal_node = data.draw(st.sampled_from(nodes))
    # Now and then a goal that leaves the satellites free.
    free = data.draw(st.booleans())
    goal = [None if free and k in satellites else i for k, i in enumerate(goal_node)]
    bound = SplitBound(graph, goal, satellites)
    # Exact costs to the goal, over the reachable states (versions only rise: a DAG).
    to_goal: dict[Node, tuple] = {}  # type: ignore[type-arg]
    for node in reversed(nodes):
        if all(want is None or i == want for i, want in zip(node, goal, strict=True)):
            to_goal[node] = (0, 0, 0)
            continue
        ways = [_add(graph.cost[bit], to_goal[to]) for bit, to in _moves(graph, node)
                if to in to_goal]
        if ways:
            to_goal[node] = min(ways)
    event("split: reaches a state past the goal" if len(to_goal) < len(nodes) else "split")

    def within(node: Node) -> bool:  # not past the goal: where the way back asks
        return all(want is None or i <= want for i, want in zip(node, goal, strict=True))

    for node in nodes:
        low, high = bound.to_goal(node), bound.from_start(node)
        if node in to_goal:
            assert low is not None and low <= to_goal[node], (node, low, to_goal[node])
        if within(node):
            assert high is not None and high <= graph.dist[node], (node, high)
        for bit, to in _moves(graph, node):
            step = graph.cost[bit]
            after_low = bound.to_goal(to)
            if low is not None and after_low is not None:
                assert low <= _add(step, after_low), (node, to)
            if within(to):
                after_high = bound.from_start(to)
                assert after_high is not None and after_high <= _add(high, step), (node, to)


@given(problems())
def test_the_way_back_is_the_plain_search_s_path(problem) -> None:  # type: ignore[no-untyped-def]
    """To every reachable state, one after the other on one graph (what is remembered
    between questions must not change an answer)."""
    catalog, start, soak = problem
    graph, satellites = _graph(catalog, start, soak)
    if not SplitBound.applies(graph, satellites):
        event("satellites that meet: not split")
        return
    expected = _paths(graph)
    other, _ = _graph(catalog, start, soak)
    event(f"{min(len(expected), 10) // 5 * 5}+ reachable states")
    for node in sorted(expected, reverse=True):
        bound = SplitBound(other, node, satellites)
        assert other.way_towards(node, lambda n, end=node: n == end, bound.to_goal,
                                 bound.from_start) == node
        assert other.path(node) == expected[node], node


@given(problems(), st.data())
def test_a_goal_that_leaves_families_free_ends_where_the_plain_search_does(problem, data,
                                                                           ) -> None:  # type: ignore[no-untyped-def]
    """Families the goal does not name end at the greatest of the cheapest states that
    meet the goal and break nothing (``Search.target``'s rule), by the same way."""
    catalog, start, soak = problem
    graph, satellites = _graph(catalog, start, soak)
    if not SplitBound.applies(graph, satellites):
        event("satellites that meet: not split")
        return
    expected = _paths(graph)
    chosen = data.draw(st.sampled_from(sorted(expected)))
    named = data.draw(st.sets(st.sampled_from(range(len(chosen)))))
    goal = [i if k in named else None for k, i in enumerate(chosen)]
    event(f"{len(chosen) - len(named)} families free")

    def is_goal(node: Node) -> bool:
        return all(want is None or i == want for i, want in zip(node, goal, strict=True)) \
            and not (graph.may_break and graph.broken(node))

    ends = [node for node in expected if is_goal(node)]
    other, _ = _graph(catalog, start, soak)
    bound = SplitBound(other, goal, satellites)
    found = other.way_towards(goal, is_goal, bound.to_goal, bound.from_start)
    if not ends:
        assert found is None
        return
    cheapest = min(graph.dist[node] for node in ends)
    target = max(node for node in ends if graph.dist[node] == cheapest)
    assert found == target
    assert other.path(target) == expected[target]


def _blocked_least_soak() -> tuple[Catalog, State]:
    site = Family("site", label="Site {version}", install_minutes=45, priority=1)
    alpha = Family("alpha", label="Alpha {version}", install_minutes=15, priority=10,
                   external=True)
    everything = (Requirement("site", SpecifierSet(">=1")),)

    def release(i: int, soak: int, needs: int, **more: object) -> Package:
        return Package("site", _v(i), label=f"Site-{i}.0", soak_hours=soak,
                       install_minutes=45,
                       requires=(Requirement("site", SpecifierSet(f">={_v(needs)}")),),
                       **more)  # type: ignore[arg-type]

    packages = [
        Package("site", _v(1), label="Site-1.0"),
        release(2, 0, 1, works_with=(Requirement("alpha", SpecifierSet(">=2")),)),
        release(3, 0, 2), release(4, 48, 1), release(5, 0, 3),
        Package("alpha", _v(1), label="Alpha 1.0", works_with=everything, install_minutes=15),
        Package("alpha", _v(2), label="Alpha 2.0", works_with=everything, install_minutes=15,
                requires=(Requirement("site", SpecifierSet(">=4")),)),
    ]
    return Catalog.from_entries([site, alpha], packages), State({"site": _v(1), "alpha": _v(1)})


def test_a_least_soak_way_that_a_satellite_blocks_bounds_with_the_free_figure() -> None:
    """Site 1 to 5: 1, 2, 3, 5 (no soak, 3 installs) or 1, 4, 5 (48 h, 2 installs). Site 2
    works only with Alpha 2, which requires site 4: the first way is closed, and the
    core's least-soak figure (3 installs) would overstate the 2 installs of the way left;
    the bound takes the core's fewest installs whatever the soak."""
    graph, satellites = _graph(*_blocked_least_soak(), True)
    graph.explore()
    goal = (5, 2)  # Site-5.0, Alpha 2.0
    assert graph.dist[goal] == (48, 3, 105)  # Site-4.0, Alpha 2.0, Site-5.0
    bound = SplitBound(graph, goal, satellites)
    assert bound.to_goal(graph.start) == (48, 3, 105)
    assert bound.to_goal(graph.start) == graph.dist[goal]


@given(problems())
def test_a_long_way_back_is_left_to_a_star(problem) -> None:  # type: ignore[no-untyped-def]
    """With no looks back allowed, a way back that needs one gives up and A* towards the
    target answers: the same plan, to every reachable state."""
    catalog, start, soak = problem
    graph, satellites = _graph(catalog, start, soak)
    if not SplitBound.applies(graph, satellites):
        event("satellites that meet: not split")
        return
    expected = _paths(graph)
    other, _ = _graph(catalog, start, soak)
    gave_up = 0
    with mock.patch.object(_graph_module, "WAY_BACK", 0):
        for node in sorted(expected, reverse=True):
            bound = SplitBound(other, node, satellites)
            try:
                assert other.way_towards(node, lambda n, end=node: n == end, bound.to_goal,
                                         bound.from_start) == node
            except GaveUp:
                gave_up += 1
                assert other.explore_towards(bound.to_goal, lambda n, end=node: n == end)
            assert other.path(node) == expected[node], node
    event("gave up on some" if gave_up else "never looked back")
