"""The exhaustive oracle: DESIGN §2.3 read literally, written for clarity, not speed.

It enumerates every plan (every sequence of valid steps) from the start; the
state graph is acyclic because versions only go up, so the enumeration ends.
Use it on small catalogs only.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from fractions import Fraction

from packaging.version import Version

from bomgar_paths.catalog import Catalog
from bomgar_paths.model import Goal, Package, Requirement, State

Cost = tuple[Fraction, int, Fraction]


def offered(package: Package, state: State) -> bool:
    installed = state.get(package.family)
    return package.withdrawn is None and (installed is None or package.version > installed)


def available(package: Package, state: State) -> bool:
    return offered(package, state) and all(state.satisfies(r) for r in package.requires)


def broken(catalog: Catalog, state: State) -> set[tuple[str, Version, str]]:
    """The works_with that do not hold in ``state``, as (family, version, named family):
    an installed package names an installed family at a version it does not accept."""
    found = set()
    for family, version in state:
        package = catalog.package(family, version)
        for requirement in () if package is None else package.works_with:
            installed = state.get(requirement.family)
            if installed is not None and not requirement.allows(installed):
                found.add((family, version, requirement.family))
    return found


def steps_from(
    catalog: Catalog, state: State, holds: Sequence[Requirement]
) -> Iterator[tuple[Package, State]]:
    """Every step: an available package the holds allow, after which every works_with
    that does not hold was already broken before."""
    for package in catalog.packages:
        held = any(h.family == package.family and not h.allows(package.version) for h in holds)
        if available(package, state) and not held:
            after = state.with_version(package.family, package.version)
            if broken(catalog, after) <= broken(catalog, state):
                yield package, after


def all_plans(
    catalog: Catalog, start: State, holds: Sequence[Requirement] = ()
) -> list[tuple[tuple[Package, ...], tuple[State, ...]]]:
    """Every plan as (packages, states visited including the start)."""
    plans = []

    def walk(packages: tuple[Package, ...], visited: tuple[State, ...]) -> None:
        plans.append((packages, visited))
        for package, after in steps_from(catalog, visited[-1], holds):
            walk((*packages, package), (*visited, after))

    walk((), (start,))
    return plans


def cost(packages: Sequence[Package], soak: bool) -> Cost:
    return (
        sum((Fraction(str(p.soak_hours)) for p in packages), Fraction(0)) if soak else Fraction(0),
        len(packages),
        sum((Fraction(str(p.install_minutes)) for p in packages), Fraction(0)),
    )


def rank(catalog: Catalog, state: State, families: Sequence[str]) -> tuple[tuple[int, ...], ...]:
    """Versions of ``families`` for comparison; not installed ranks lowest."""
    return tuple(_version_key(state.get(f)) for f in families)


def _version_key(version: Version | None) -> tuple:  # type: ignore[type-arg]
    return (0,) if version is None else (1, version)


def tie_key(catalog: Catalog, visited: Sequence[State]) -> tuple:  # type: ignore[type-arg]
    """Greater is preferred: the states visited, read from the end backwards."""
    order = catalog.family_order()
    return tuple(rank(catalog, s, order) for s in reversed(visited))


def choose(catalog: Catalog, plans: list, soak: bool):  # type: ignore[no-untyped-def]
    """The cheapest plan; among equal costs the greatest tie key (DESIGN: fixed rule)."""
    cheapest = min(cost(p, soak) for p, _ in plans)
    tied = [(p, v) for p, v in plans if cost(p, soak) == cheapest]
    return max(tied, key=lambda pv: tie_key(catalog, pv[1]))


def affected(catalog: Catalog, state: State, patched: Sequence[str], start: State) -> bool:
    """DESIGN §2.3 ``unaffected``, read literally: some advisory names a family that is
    installed at a version it affects, and no applied patch of it covers that family (a
    patch covers the start's version of the family, where it applies or its range is not
    known)."""
    for advisory in catalog.advisories:
        for requirement in advisory.affects:
            version = state.get(requirement.family)
            if version is None or not requirement.allows(version):
                continue
            covered = version == start.get(requirement.family) and any(
                patch.id in patched and (patch.applies_to is None or (
                    any(r.family == requirement.family for r in patch.applies_to)
                    and all(r.allows(version) for r in patch.applies_to
                            if r.family == requirement.family)))
                for patch in advisory.patches)
            if not covered:
                return True
    return False


def targets(catalog: Catalog, start: State, goal: Goal, reachable: set[State]) -> set[State]:
    """The reachable states that meet the goal, break no works_with, and have the
    greatest named versions."""
    reachable = {s for s in reachable if not broken(catalog, s)}
    if goal.unaffected:
        reachable = {s for s in reachable if not affected(catalog, s, goal.patched, start)}
    if goal.is_latest:
        named = [f for f in catalog.family_order() if start.get(f) is not None]
        candidates = reachable
    else:
        named = [f for f in catalog.family_order() if any(r.family == f for r in goal.requirements)]
        candidates = {s for s in reachable if all(s.satisfies(r) for r in goal.requirements)}
    if not candidates:
        return set()
    best = max(rank(catalog, s, named) for s in candidates)
    return {s for s in candidates if rank(catalog, s, named) == best}


def best_plan(
    catalog: Catalog,
    start: State,
    goal: Goal = Goal(),
    holds: Sequence[Requirement] = (),
    soak: bool = True,
) -> tuple[State, tuple[Package, ...]] | None:
    """(target, packages) of the minimal plan, or None when the goal is unreachable."""
    plans = all_plans(catalog, start, holds)
    if goal.nearest:
        return nearest_plan(catalog, goal, plans, soak)
    reachable = {visited[-1] for _, visited in plans}
    ends = targets(catalog, start, goal, reachable)
    if not ends:
        return None
    packages, visited = choose(catalog, [(p, v) for p, v in plans if v[-1] in ends], soak)
    return visited[-1], packages


def nearest_plan(catalog: Catalog, goal: Goal, plans: list,  # type: ignore[type-arg]
                 soak: bool) -> tuple[State, tuple[Package, ...]] | None:
    """DESIGN §2.3 "Nearest": among every plan that ends meeting the goal, the cheapest;
    among those, the greatest end in the goal's families; then the tie rule of plans."""
    meeting = [(p, v) for p, v in plans if all(v[-1].satisfies(r) for r in goal.requirements)
               and not broken(catalog, v[-1])
               and not (goal.unaffected and affected(catalog, v[-1], goal.patched, v[0]))]
    if not meeting:
        return None
    cheapest = min(cost(p, soak) for p, _ in meeting)
    tied = [(p, v) for p, v in meeting if cost(p, soak) == cheapest]
    named = [f for f in catalog.family_order() if any(r.family == f for r in goal.requirements)]
    best = max(rank(catalog, v[-1], named) for _, v in tied)
    packages, visited = choose(catalog, [(p, v) for p, v in tied
                                         if rank(catalog, v[-1], named) == best], soak)
    return visited[-1], packages


def best_unlock(catalog: Catalog, start: State, package: Package) -> tuple[Package, ...] | None:
    """The cheapest plan after which ``package`` is available (same tie-break as plans)."""
    plans = [(p, v) for p, v in all_plans(catalog, start) if available(package, v[-1])]
    if not plans:
        return None
    return choose(catalog, plans, True)[0]


# -- configurations (resolvelib's question, bomgar_paths.components) -------------------


def candidates(catalog: Catalog, start: State, family: str, held) -> list:  # type: ignore[no-untyped-def,type-arg]
    """DESIGN's candidates, read literally: the installed version or "not installed",
    and newer packages, not withdrawn, that every hold allows."""
    installed = start.get(family)
    newer = [p.version for p in catalog.packages_of(family) if p.withdrawn is None
             and (installed is None or p.version > installed)
             and all(h.allows(p.version) for h in held if h.family == family)]
    return [installed, *newer]


def consistent(catalog: Catalog, start: State, goal: Goal, held) -> list[State]:  # type: ignore[no-untyped-def]
    """Every configuration of the question's families that meets the goal and breaks no
    works_with (the other families as at the start)."""
    families = [f for f in catalog.family_order()
                if f in start.versions or any(r.family == f for r in goal.requirements)]
    found = []
    for versions in itertools.product(*(candidates(catalog, start, f, held) for f in families)):
        state = State({**{f: v for f, v in start if f not in families},
                       **{f: v for f, v in zip(families, versions, strict=True) if v}})
        if all(state.satisfies(r) for r in goal.requirements) and not broken(catalog, state):
            found.append(state)
    return found
