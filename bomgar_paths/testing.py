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
"""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from .catalog import Catalog
from .model import Family, Goal, Package, Requirement, State

__all__ = ["catalogs", "corner_versions", "goals", "holds", "requirements", "states", "versions"]

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
) -> Catalog:
    """Valid catalogs of 1..``max_families`` families with up to ``max_packages`` each."""
    names = ["site", "base", "addon"][: draw(st.integers(1, max_families))]
    families = [
        Family(
            name,
            label=f"{name.title()} {{version}}",
            soak_hours=draw(st.sampled_from([0, 0, 24, 48, 1.5])),
            install_minutes=draw(st.sampled_from([15, 30, 45, 22.5])),
            priority=draw(st.integers(1, 3)),
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
