"""The compiled state graph decides requirements exactly as packaging does (issue 8).

PEP 440 specifier sets are not intervals of sorted versions: ``>V`` refuses V's
post-releases and local versions, ``<V`` V's pre-releases, ``<=V`` and ``==V``
admit V's local versions, and ``.dev0``/``.post0`` are dev/post releases though
their number is 0. Whatever shortcut the graph takes, its answer for every
version of a line must equal ``SpecifierSet.contains(v, prereleases=True)``: a table
gives each rule here, and ``tests/property/test_graph_properties.py`` checks the same on
lines of random relatives and bounds among them.
"""

from __future__ import annotations

import pytest
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from bomgar_paths._search._graph import Graph, VersionLine, _allowed_ranges
from bomgar_paths.catalog import Catalog
from bomgar_paths.model import Family, Package, Requirement, State
from bomgar_paths.planner import plan
from bomgar_paths.updates import offers


def indices(ranges: list[tuple[int, int]]) -> set[int]:
    return {i for low, high in ranges for i in range(low, high + 1)}


@pytest.mark.parametrize(("specifier", "line", "accepted"), [
    # The known cause: .dev0 and .post0 are falsy numbers.
    (">=2.0", ["1.0", "2.0.dev0", "2.0"], ["2.0"]),
    (">1.0.dev0", ["1.0", "2.0"], ["1.0", "2.0"]),
    (">=1.0", ["1.0.dev0", "1.1"], ["1.1"]),
    (">1.0", ["1.0", "1.0.post0", "1.0.post1", "1.0+fips", "1.1"], ["1.1"]),
    (">1.0.post0", ["1.0.post0", "1.0.post1", "1.1"], ["1.0.post1", "1.1"]),
    (">1.0rc1", ["1.0rc1", "1.0rc1.post1", "1.0", "1.0.post1"], ["1.0", "1.0.post1"]),
    ("<2.0", ["1.0", "2.0.dev0", "2.0rc1", "2.0"], ["1.0"]),
    ("<2.0rc2", ["1.0", "2.0rc1", "2.0"], ["1.0", "2.0rc1"]),
    ("<=1.0", ["1.0", "1.0+fips", "1.0.post1"], ["1.0", "1.0+fips"]),
    ("==1.0", ["1.0", "1.0+fips", "1.0.post1"], ["1.0", "1.0+fips"]),
    ("!=1.0", ["1.0", "1.0+fips", "1.0.post1"], ["1.0.post1"]),
    ("==1.0+fips", ["1.0", "1.0+fips"], ["1.0+fips"]),
    (">=1!1.0", ["2.0", "1!0.5", "1!1.0"], ["1!1.0"]),
    # Plain blocks: a plain bound equals the plain versions of its release, no more.
    ("<=1.0", ["0.9", "1.0", "1.1"], ["0.9", "1.0"]),
    ("==1.0", ["0.9", "1.0", "1.1"], ["1.0"]),
    # Blocks of dev-releases are not plain: 1.0.dev1 > 1.0.dev0.
    (">1.0.dev0", ["1.0.dev0", "1.0.dev1"], ["1.0.dev1"]),
    # Only trailing zeros are dropped from a release: 1.0.5 is not 1.0.
    (">=1.0.5", ["1.0", "1.0.5", "1.1"], ["1.0.5", "1.1"]),
    ("<1!1.0", ["2.0", "1!0.5", "1!1.0"], ["2.0", "1!0.5"]),
    # 1.0.0 is the release 1.0: its pre-releases are V's pre-releases, too.
    ("<1.0.0", ["0.9", "1.0rc1", "1.0"], ["0.9"]),
    (">1", ["1.0", "1.0.post1", "1.1"], ["1.1"]),
    # Wildcards, ~= and ===, tested version by version: gaps of one version and of more.
    ("!=1.0.*", ["0.9", "1.0", "1.1"], ["0.9", "1.1"]),
    ("!=1.0.*", ["0.8", "0.9", "1.0", "1.0.post1", "1.1", "1.2"], ["0.8", "0.9", "1.1", "1.2"]),
    ("==1.*", ["0.9", "1.0", "1.1", "2.0"], ["1.0", "1.1"]),
    ("~=1.0", ["0.9", "1.0", "1.5", "2.0"], ["1.0", "1.5"]),
    ("===1.0", ["1.0", "1.0.0"], ["1.0"]),
])
def test_each_pep440_rule(specifier: str, line: list[str], accepted: list[str]) -> None:
    versions = sorted(Version(v) for v in line)
    spec = SpecifierSet(specifier)
    # The table itself is packaging's answer, so that it cannot drift from it.
    assert [str(v) for v in versions if spec.contains(v, prereleases=True)] == accepted
    got = indices(_allowed_ranges(Requirement("base", spec), VersionLine(versions)))
    assert sorted(str(versions[i - 1]) for i in got) == sorted(accepted)


def _catalog(*packages: tuple[str, dict[str, str]]) -> Catalog:
    family = Family("base", label="Base {version}")
    return Catalog.from_entries([family], [
        Package("base", Version(v), f"Base {v}",
                requires=tuple(Requirement("base", SpecifierSet(s)) for s in req.values()))
        for v, req in packages
    ])


@pytest.mark.parametrize(("catalog", "start", "installable"), [
    # Issue 8's two reports: plan and updates disagreed.
    (_catalog(("1.0", {}), ("2.0", {"base": ">1.0.dev0"})), "base=1.0", True),
    (_catalog(("1.1", {"base": ">=1.0"})), "base=1.0.dev0", False),
])
def test_plan_and_updates_agree(catalog: Catalog, start: str, installable: bool) -> None:
    state = State.parse(start)
    [offer] = offers(catalog, state)
    assert offer.available is installable
    assert (offer.unlock is not None) is installable
    assert bool(plan(catalog, state).steps) is installable


def _zero_cost_catalog() -> Catalog:
    """Site 2.0 needs any Base past 1.0; Base 2.0 and 3.0 cost the same."""
    families = [Family("site", label="Site {version}", priority=1),
                Family("base", label="Base {version}", priority=2)]
    return Catalog.from_entries(families, [
        Package("site", Version("1.0"), "Site 1.0"),
        Package("site", Version("2.0"), "Site 2.0",
                requires=(Requirement("base", SpecifierSet(">1.0")),)),
        Package("base", Version("1.0"), "Base 1.0"),
        Package("base", Version("2.0"), "Base 2.0", soak_hours=1),
        Package("base", Version("3.0"), "Base 3.0", soak_hours=1),
        Package("base", Version("4.0"), "Base 4.0", soak_hours=2),
    ])


def test_an_unlock_ends_at_the_greatest_of_the_cheapest_states() -> None:
    """Of equally cheap states that unlock a package, the greatest is taken, not a dearer one."""
    catalog = _zero_cost_catalog()
    [site] = [o for o in offers(catalog, State.parse("site=1.0,base=1.0"))
              if o.package.label == "Site 2.0"]
    assert not site.available and site.unlock is not None
    assert [p.label for p in site.unlock.packages] == ["Base 3.0"]


def test_the_graph_bounds_its_states_by_its_version_lines() -> None:
    """``size()`` is the product over families of (versions + not installed)."""
    graph = Graph(["site", "base"], _zero_cost_catalog().packages, State.parse("site=1.0"))
    assert graph.size() == 3 * 5


def _family_catalog(*packages: Package) -> Catalog:
    return Catalog.from_entries([Family("a", "A {version}", priority=1),
                                 Family("b", "B {version}", priority=2)], packages)


def test_a_requirement_on_a_family_left_out_of_the_graph_is_decided_by_its_start() -> None:
    """A family the search does not change keeps its start version, and requirements on
    it are met in every state or in none."""
    a2 = Package("a", Version("2"), "A 2", requires=(Requirement("b", SpecifierSet(">=2")),))
    catalog = _family_catalog(a2, Package("b", Version("3"), "B 3"))
    for start, available in (("a=1,b=1", False), ("a=1,b=2", True)):
        graph = Graph(["a"], catalog.packages, State.parse(start))
        assert bool(graph.available(graph.start)) is available, start
        assert graph.state(graph.start) == State.parse(start)


def test_each_package_is_relaxed_at_its_own_cost() -> None:
    """Packages of one family in different cost classes: A 2 soaks 24 h, A 3 none."""
    catalog = _family_catalog(Package("a", Version("2"), "A 2", soak_hours=24),
                              Package("a", Version("3"), "A 3", soak_hours=0))
    graph = Graph(["a"], catalog.packages, State.parse("a=1"))
    graph.explore()
    assert graph.dist[(2,)] == (24, 1, 30)
    assert graph.dist[(3,)] == (0, 1, 30)
