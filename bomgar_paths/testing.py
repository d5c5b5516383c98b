"""Hypothesis strategies for property tests of code that uses bomgar_paths.

Install with the ``testing`` extra (``pip install bomgar_paths[testing]``)::

    from hypothesis import given
    from bomgar_paths.testing import catalogs, states

    @given(catalogs().flatmap(lambda c: states(c).map(lambda s: (c, s))))
    def test_my_tool(pair):
        catalog, state = pair
        ...

``catalogs()`` draws small, valid catalogs with zig-zag prerequisites
(families requiring each other, upper bounds, withdrawn packages, soaking and
non-soaking families), ``states(catalog)`` draws appliance states, including
versions the catalog does not list and families not installed, and
``goals(catalog)`` / ``holds(catalog)`` draw goals and holds for ``plan``.
Keep catalogs small when you compare against an exhaustive search.

Random problems rarely reach the interesting branches, so three strategies
build them on purpose: ``blocked_goals()`` (a goal that a hold or a withdrawal
blocks, so that what-if hints appear), ``trade_offs()`` (a newer version that
``latest`` leaves out because it would cost a more important family its newest)
and ``circular_requirements()`` (packages that each need the other installed
first).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs
from hypothesis import strategies as st
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from .catalog import Catalog
from .model import Family, Goal, Package, Requirement, State

if TYPE_CHECKING:
    from .planner import Plan

__all__ = [
    "advisories",
    "blocked_goals",
    "catalogs",
    "circular_requirements",
    "components",
    "corner_versions",
    "goals",
    "holds",
    "plans",
    "requirements",
    "states",
    "trade_offs",
    "versions",
]

Problem = tuple[Catalog, State, Goal, tuple[Requirement, ...]]

_OPERATORS = (">=", ">=", ">=", ">", "<", "<=", "==", "!=")


def versions(max_major: int = 6, local: bool = True) -> st.SearchStrategy[Version]:
    """Small versions such as ``3.0``, ``3.1``: few enough that they collide often.

    About one in three is a PEP 440 corner (see ``corner_versions``): a pre-,
    post- or dev-release or a local label (``3.0rc1``, ``3.0.post0``,
    ``3.0.dev0``, ``3.0+fips``), whose ordering and specifier rules are where
    planners go wrong.
    """
    plain = st.builds(lambda major, minor: Version(f"{major}.{minor}"),
                      st.integers(1, max_major), st.integers(0, 1))
    return st.one_of(plain, plain, corner_versions(max_major, local=local, epoch=False))


# Suffixes where a specifier set stops being an interval of sorted versions:
# zero-numbered dev/post releases are the ones a truth test of .dev/.post misses.
_CORNERS = ("rc1", "a0", ".dev0", ".dev1", ".post0", ".post1", ".post0.dev0", "rc1.post0")


def corner_versions(
    max_major: int = 6, *, local: bool = True, epoch: bool = True
) -> st.SearchStrategy[Version]:
    """Versions at PEP 440's special cases, each beside its plain release.

    ``3.0`` next to ``3.0rc1``, ``3.0.dev0``, ``3.0.post0``, ``3.0+fips`` and,
    when ``epoch`` is true, now and then ``1!3.0``: the shapes where ``>V``,
    ``<V``, ``<=V`` and ``==V`` differ from plain comparison.
    """
    suffixes = ["", *_CORNERS, *(["+fips", ".post1+fips"] if local else [])]
    return st.builds(
        lambda e, major, minor, suffix: Version(f"{e}{major}.{minor}{suffix}"),
        st.sampled_from(["", "", "", "", "1!"] if epoch else [""]),
        st.integers(1, max_major),
        st.integers(0, 1),
        st.sampled_from(suffixes),
    )


@st.composite
def requirements(
    draw: st.DrawFn, family: str, max_major: int = 6, near: Sequence[Version] = ()
) -> Requirement:
    """A requirement on ``family``: one or two clauses over small versions.

    Bounds are drawn mostly from ``near`` (the family's own versions, when
    given), so that requirements are met or missed by a hair, not by chance.
    """
    # PEP 440 allows local labels (+fips) in no specifier but == and !=.
    bounds = versions(max_major, False)
    listed = [v for v in near if not v.local]
    if listed:
        bounds = st.one_of(st.sampled_from(listed), st.sampled_from(listed), bounds)
    clauses = draw(st.lists(st.tuples(st.sampled_from(_OPERATORS), bounds),
                            min_size=1, max_size=2))
    return Requirement(family, SpecifierSet(",".join(f"{op}{v}" for op, v in clauses)))


@st.composite
def catalogs(
    draw: st.DrawFn,
    max_families: int = 3,
    max_packages: int = 3,
    max_major: int = 6,
    works_with: bool = False,
) -> Catalog:
    """Valid catalogs of 1..``max_families`` families with up to ``max_packages`` each.

    With ``works_with``, packages also state what they work with (on the other
    families, now and then), and the last family may be external (installed
    outside the appliance, no soak).
    """
    names = ["site", "base", "addon"][: draw(st.integers(1, max_families))]
    external = works_with and len(names) > 1 and draw(st.booleans())
    families = [
        Family(
            name,
            label=f"{name.title()} {{version}}",
            soak_hours=0 if external and name == names[-1]
            else draw(st.sampled_from([0, 0, 24, 48, 1.5])),
            install_minutes=draw(st.sampled_from([15, 30, 45, 22.5])),
            priority=draw(st.integers(1, 3)),
            external=external and name == names[-1],
        )
        for name in names
    ]
    # The first family has a package: a catalog of nothing checks nothing.
    lines = {f.name: draw(st.lists(versions(max_major), min_size=int(k == 0),
                                   max_size=max_packages, unique=True))
             for k, f in enumerate(families)}
    packages = []
    for family in families:
        for version in lines[family.name]:
            required = draw(st.lists(st.sampled_from(names), max_size=2, unique=True))
            others = [n for n in names if n != family.name]
            coexisting = draw(st.lists(st.sampled_from(others), max_size=2, unique=True)) \
                if works_with and others and draw(st.booleans()) else []
            packages.append(
                Package(
                    family=family.name,
                    version=version,
                    label=family.label.format(version=version),
                    requires=tuple(
                        sorted((draw(requirements(r, max_major, lines[r])) for r in required),
                               key=lambda r: r.family)
                    ),
                    # Fractions of hours and minutes: costs are summed exactly.
                    soak_hours=draw(st.sampled_from([family.soak_hours] * 3 + [0, 12, 0.5])),
                    install_minutes=draw(
                        st.sampled_from([family.install_minutes] * 3 + [20, 7.5])),
                    withdrawn=draw(st.sampled_from([None] * 6 + ["recalled"])),
                    spelling=str(version),
                    works_with=tuple(draw(requirements(r, max_major, lines[r]))
                                     for r in sorted(coexisting)),
                )
            )
    return Catalog.from_entries(families, packages, source="hypothesis")


@st.composite
def states(draw: st.DrawFn, catalog: Catalog, max_major: int = 6) -> State:
    """States of ``catalog``'s families: catalog versions, others, or not installed."""
    result = {}
    for name in catalog.families:
        known = [p.version for p in catalog.packages_of(name)]
        choice = draw(st.one_of(
            st.none(),
            st.sampled_from(known) if known else st.none(),
            versions(max_major),
        ))  # fmt: skip
        if choice is not None:
            result[name] = choice
    return State(result)


@st.composite
def goals(draw: st.DrawFn, catalog: Catalog, max_major: int = 6) -> Goal:
    """``latest`` or one requirement on each of a few of the catalog's families."""
    named = draw(st.lists(st.sampled_from(sorted(catalog.families)), max_size=2, unique=True))
    return Goal(tuple(draw(requirements(name, max_major)) for name in sorted(named)))


@st.composite
def holds(draw: st.DrawFn, catalog: Catalog, max_major: int = 6) -> tuple[Requirement, ...]:
    """Zero, one or two holds on the catalog's families."""
    named = draw(st.lists(st.sampled_from(sorted(catalog.families)), max_size=2))
    return tuple(draw(requirements(name, max_major)) for name in named)


# -- problems aimed at rare branches -------------------------------------------------


def _exactly(package: Package) -> Requirement:
    return Requirement(package.family, SpecifierSet(f"=={package.version}"))


def _excluding(draw: st.DrawFn, package: Package) -> Requirement:
    """A hold that excludes ``package``: ``!=V``, or ``<V`` (local labels allow only !=)."""
    operator = "!=" if package.version.local else draw(st.sampled_from(["!=", "<"]))
    return Requirement(package.family, SpecifierSet(f"{operator}{package.version}"))


def _routes(draw: st.DrawFn, max_families: int, max_packages: int,
            max_major: int) -> tuple[Catalog, State, list[Plan]]:
    """A catalog, a start, and the plans from it to each package it can install (never
    none: a few starts are tried, then a package that installs from anywhere is added)."""
    from .planner import Unreachable, plan  # noqa: PLC0415  (the search only when drawn)

    catalog = draw(catalogs(max_families, max_packages, max_major))
    routes: list[Plan] = []
    for _ in range(4):  # a few starts: from some, nothing can be installed
        start = draw(states(catalog, max_major))
        for package in catalog.packages:
            try:
                route = plan(catalog, start, Goal((_exactly(package),)))
            except Unreachable:
                continue
            if route.steps:  # a goal already met has nothing to block
                routes.append(route)
        if routes:
            return catalog, start, routes
    family = next(iter(catalog.families.values()))
    newest = max([p.version for p in catalog.packages_of(family.name)]
                 + [v for v in (start.get(family.name),) if v is not None],
                 default=Version("0"))
    fresh = _package(family, Version(f"{newest.major + 1}.0"))
    catalog = Catalog.from_entries(catalog.families.values(), [*catalog.packages, fresh],
                                   source="hypothesis")
    return catalog, start, [plan(catalog, start, Goal((_exactly(fresh),)))]


@st.composite
def plans(
    draw: st.DrawFn, max_families: int = 3, max_packages: int = 3, max_major: int = 6
) -> Plan:
    """Plans of at least one step (for schedules): half the time the longest way to one
    package, else to a random goal under random holds (where that plan would be empty
    or the goal unreachable, the way to one package the catalog can install); soak or
    no-soak."""
    from .planner import Unreachable, plan  # noqa: PLC0415

    soak, longest = draw(st.booleans()), draw(st.booleans())
    if not longest:  # one search when the random question has steps to take
        catalog = draw(catalogs(max_families, max_packages, max_major))
        start = draw(states(catalog, max_major))
        goal, held = draw(goals(catalog, max_major)), draw(holds(catalog, max_major))
        try:
            result = plan(catalog, start, goal, held, soak=soak)
        except Unreachable:
            result = None
        if result is not None and result.steps:
            return result
    catalog, start, routes = _routes(draw, max_families, max_packages, max_major)
    route = (max(routes, key=lambda r: len(r.steps)) if longest
             else draw(st.sampled_from(routes)))
    return plan(catalog, start, route.goal, soak=soak)


@st.composite
def blocked_goals(
    draw: st.DrawFn, max_families: int = 3, max_packages: int = 3, max_major: int = 6
) -> Problem:
    """(catalog, start, goal, holds) where a hold or a withdrawal blocks a plan.

    The goal is one package that some plan reaches (``family==version``); one or
    two packages of that plan are then withdrawn or excluded by a hold. Most such
    goals become unreachable, and the explanation then has what-if hints; where
    another way remains, the goal stays reachable.
    """
    catalog, start, routes = _routes(draw, max_families, max_packages, max_major)
    # Half the time a longer way, so that a hint may need two blockers lifted together.
    longer = [r for r in routes if len(r.steps) > 1]
    prefer_longer = draw(st.booleans())
    route = draw(st.sampled_from(longer if longer and prefer_longer else routes))
    goal = Goal((_exactly(route.steps[-1].package),))
    count = draw(st.integers(1, min(2, len(route.steps))))
    blocked = draw(st.lists(st.sampled_from(route.steps), min_size=count, max_size=count,
                            unique_by=lambda s: s.package.key))
    withdraw = {s.package.key for s in blocked if draw(st.booleans())}
    held = tuple(_excluding(draw, s.package) for s in blocked if s.package.key not in withdraw)
    packages = [attrs.evolve(p, withdrawn="recalled") if p.key in withdraw else p
                for p in catalog.packages]
    changed = Catalog.from_entries(catalog.families.values(), packages, source="hypothesis")
    return changed, start, goal, held


def _pair(draw: st.DrawFn, max_major: int) -> tuple[Family, Family, Version, Version,
                                                     Version, Version]:
    """Two families (site, more important, then base) and two versions on each line."""
    site = Family("site", label="Site {version}", priority=1,
                  soak_hours=draw(st.sampled_from([0, 24])),
                  install_minutes=draw(st.sampled_from([30, 45])))
    base = Family("base", label="Base {version}", priority=2,
                  soak_hours=draw(st.sampled_from([0, 0, 12])),
                  install_minutes=draw(st.sampled_from([15, 30])))
    plain = versions(max_major, local=False)
    s0, s1 = sorted(draw(st.lists(plain, min_size=2, max_size=2, unique=True)))
    b0, b1 = sorted(draw(st.lists(plain, min_size=2, max_size=2, unique=True)))
    return site, base, s0, s1, b0, b1


def _package(family: Family, version: Version, *requires: Requirement) -> Package:
    return Package(family=family.name, version=version,
                   label=family.label.format(version=version),
                   requires=tuple(sorted(requires, key=lambda r: r.family)),
                   soak_hours=family.soak_hours, install_minutes=family.install_minutes,
                   spelling=str(version))


def _noise(draw: st.DrawFn, families: Sequence[Family], max_major: int) -> list[Package]:
    """Zero to two packages of the same families that may open or close other ways."""
    out = []
    for _ in range(draw(st.sampled_from([0, 0, 1, 2]))):
        family = draw(st.sampled_from(list(families)))
        required = draw(st.lists(st.sampled_from([f.name for f in families]), max_size=1))
        out.append(_package(family, draw(versions(max_major, local=False)),
                            *(draw(requirements(r, max_major)) for r in required)))
    return out


def _catalog(families: Sequence[Family], packages: list[Package]) -> Catalog:
    unique = {p.key: p for p in reversed(packages)}  # the structure wins over noise
    return Catalog.from_entries(families, list(reversed(unique.values())), source="hypothesis")


@st.composite
def trade_offs(draw: st.DrawFn, max_major: int = 6) -> tuple[Catalog, State]:
    """(catalog, start) where ``latest`` must leave a newer version out.

    Site S1 and Base B1 exclude each other: B1 installs only while the site is
    older than S1, and S1 only while Base is older than B1. Site is the more
    important family, so the target takes S1 and leaves B1 out, although B1 is
    reachable. Extra packages now and then open or close other ways.
    """
    site, base, s0, s1, b0, b1 = _pair(draw, max_major)
    before_s1 = draw(st.sampled_from([f"<{s1}", f"=={s0}", f"<={s0}", f"!={s1}"]))
    before_b1 = draw(st.sampled_from([f"<{b1}", f"=={b0}", f"<={b0}", f"!={b1}"]))
    packages = [
        _package(site, s1, Requirement("base", SpecifierSet(before_b1))),
        _package(base, b1, Requirement("site", SpecifierSet(before_s1))),
        *_noise(draw, (site, base), max_major),
    ]
    return _catalog((site, base), packages), State({"site": s0, "base": b0})


@st.composite
def circular_requirements(draw: st.DrawFn, max_major: int = 6) -> Problem:
    """(catalog, start, goal, holds): each package of a cycle needs the next one first.

    Site S1 requires base>=B1 and Base B1 requires site>=S1 (with a third family
    now and then: a cycle of three); the goal asks for one of them. Extra
    packages now and then break the cycle (a way round it) or add to it.
    """
    site, base, s0, s1, b0, b1 = _pair(draw, max_major)
    families = [site, base]
    start = {"site": s0, "base": b0}
    ring = [(site, s1), (base, b1)]
    if draw(st.booleans()):
        addon = Family("addon", label="Addon {version}", priority=3)
        a0, a1 = sorted(draw(st.lists(versions(max_major, local=False), min_size=2,
                                      max_size=2, unique=True)))
        families.append(addon)
        start["addon"] = a0
        ring.append((addon, a1))
    packages = [
        _package(family, version, Requirement(after.name, SpecifierSet(f">={needed}")))
        for (family, version), (after, needed) in zip(ring, ring[1:] + ring[:1], strict=True)
    ]
    packages += _noise(draw, families, max_major)
    family, version = draw(st.sampled_from(ring))
    goal = Goal((Requirement(family.name, SpecifierSet(f">={version}")),))
    return _catalog(families, packages), State(start), goal, ()


@st.composite
def components(draw: st.DrawFn, max_components: int = 2, max_versions: int = 4) -> Problem:
    """(catalog, start, goal, holds) where external components hold the site back.

    A site line of up to ``max_versions`` releases (a soak each, a Base now
    and then) and one or two external families, each release of which works
    with a window of site releases (``site>=S_a,<S_b``); now and then a site
    release works only with a component at some version, and a component
    requires a site release to be installed. The start is drawn from catalog
    versions, so its packages' works_with apply, and it may already break
    one; the goal is ``latest`` or a floor on the newest site release.
    """
    site = Family("site", label="Site {version}", soak_hours=24, install_minutes=45,
                  priority=1)
    line = sorted(draw(st.lists(versions(4), min_size=2, max_size=max_versions, unique=True)))
    # Specifiers take no local label (+fips): a bound is the release's public version.
    bounds = [*(Version(v.public) for v in line), Version(f"{line[-1].major + 1}.0")]
    families = [site]
    packages = []
    names = ["servicenow", "terraform"][: draw(st.integers(1, max_components))]
    component_lines = {}
    for k, name in enumerate(names):
        family = Family(name, label=f"{name.title()} {{version}}", install_minutes=15,
                        priority=10 + k, external=True)
        families.append(family)
        own = sorted(draw(st.lists(versions(3, local=False), min_size=1, max_size=3,
                                   unique=True)))
        component_lines[name] = own
        for version in own:
            low = draw(st.integers(0, len(bounds) - 2))
            high = draw(st.integers(low + 1, len(bounds) - 1))
            window = Requirement("site", SpecifierSet(f">={bounds[low]},<{bounds[high]}"))
            requires = (Requirement("site", SpecifierSet(f">={bounds[low]}")),) \
                if draw(st.integers(0, 3)) == 0 else ()
            packages.append(attrs.evolve(_package(family, version, *requires),
                                         works_with=(window,)))
    for version in line:
        works_with: tuple[Requirement, ...] = ()
        if draw(st.integers(0, 2)) == 0:
            name = draw(st.sampled_from(names))
            floor = draw(st.sampled_from(component_lines[name]))
            works_with = (Requirement(name, SpecifierSet(f">={floor}")),)
        package = _package(site, version)
        packages.append(attrs.evolve(package, soak_hours=24, install_minutes=45,
                                     works_with=works_with))
    start = {"site": line[0]}
    for name in names:
        if draw(st.integers(0, 4)):  # mostly installed
            start[name] = draw(st.sampled_from(component_lines[name]))
    goal = draw(st.sampled_from([Goal(), Goal((Requirement("site", SpecifierSet(
        f">={bounds[-2]}")),))]))
    held = draw(st.sampled_from([(), (), (Requirement(names[0], SpecifierSet(
        f"<={component_lines[names[0]][-1]}")),)]))
    return _catalog(families, packages), State(start), goal, held


@st.composite
def advisories(draw: st.DrawFn, max_major: int = 6) -> Problem:
    """(catalog, start, goal, holds) with security advisories and the goal ``unaffected``.

    A catalog of ``catalogs()`` gains one or two advisories, each affecting a
    range of one or two families' versions, with now and then a patch that
    applies to a range (or to versions not known); the goal is ``unaffected``,
    now and then ``nearest`` or with a requirement, and now and then with a patch
    applied (``patched``).
    """
    from .advisories import Advisory, Patch  # noqa: PLC0415

    # Mostly a problem with steps to take, whose start an advisory affects: the way out
    # is then a plan, not the start itself.
    climbing = draw(st.booleans())
    if climbing:
        the_plan = draw(plans())
        catalog, start, held = the_plan.catalog, the_plan.start, the_plan.holds
    else:
        catalog = draw(catalogs())
        start, held = draw(states(catalog)), draw(holds(catalog))
    names = sorted(catalog.families)
    installed = [(name, v) for name, v in start if not v.local]
    found = []
    for n in range(draw(st.integers(1, 2))):
        lines = {name: [p.version for p in catalog.packages_of(name)] for name in names}
        if n == 0 and climbing and installed:
            name, version = draw(st.sampled_from(installed))
            operator = draw(st.sampled_from(["<=", "==", "<="]))
            affects: tuple[Requirement, ...] = (
                Requirement(name, SpecifierSet(f"{operator}{version}")),)
        else:
            affects = tuple(draw(requirements(name, max_major, lines[name])) for name in
                            draw(st.lists(st.sampled_from(names), min_size=1, max_size=2,
                                          unique=True)))
        patches = []
        if draw(st.booleans()):
            applies = None if draw(st.integers(0, 3)) == 0 else tuple(
                draw(requirements(r.family, max_major, lines[r.family])) for r in affects[:1])
            patches.append(Patch(f"P{n}", applies))
        found.append(Advisory(f"A{n}", f"advisory {n}", affects, tuple(patches)))
    catalog = Catalog.from_entries(catalog.families.values(), catalog.packages,
                                   source="hypothesis", advisories=found)
    from .errors import InputError  # noqa: PLC0415
    from .planner import check_patched  # noqa: PLC0415

    def could_be_on_start(patch: str) -> bool:  # plan refuses a patch that cannot be there
        try:
            check_patched(catalog, Goal(patched=(patch,)), start)
        except InputError:
            return False
        return True

    known = [p.id for a in found for p in a.patches if could_be_on_start(p.id)]
    patched = tuple(draw(st.lists(st.sampled_from(known), max_size=1))) if known else ()
    extra = draw(st.sampled_from([(), (), draw(requirements(names[0], max_major))]))
    requirements_ = (extra,) if isinstance(extra, Requirement) else ()
    goal = Goal(requirements_, nearest=draw(st.booleans()), unaffected=True, patched=patched)
    return catalog, start, goal, held
