"""Security advisories: which states they affect, what fixes them, and for how long a
plan stays exposed.

(``Advisory`` and ``Patch`` are catalog values, attrs classes like the others; the
answers' ``Exposure``, ``Stay`` and ``PatchWay`` are named tuples: the bundled catalog
loads this module at every start, and an attrs class costs about 0.6 ms to make.)

An ``[[advisory]]`` of the catalog names the affected versions per family
(specifier sets). It affects a state when any family it names is installed at
an affected version (Remote Support and Privileged Remote Access are
alternatives: either one affected is enough), unless a patch the user applied
(``--patched BT24-10-ONPREM1``) covers it. A patch covers the version it was
applied to: while the family stays at the start's version, and the patch
applies to that version. An upgrade within the affected range needs the patch
again (later releases carry the fix; the catalog's affected range says which).

``exposures`` answers for one state, ``exposure_along`` for every state a plan
passes through (with the soak hours spent there: a plan that lingers for days
in an affected range says so), and ``patch_ways`` the cheaper way out a patch
may offer ("BT24-10-ONPREM1 applies to 22.1 and later").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

import attrs
from packaging.version import Version

from .model import Requirement, State, value_repr

if TYPE_CHECKING:
    from datetime import date

    from .catalog import Catalog
    from .model import Package
    from .planner import Plan

__all__ = ["Advisory", "Exposure", "Patch", "exposure_along", "exposures",
           "patch_ways", "support_ends"]

#: The vendor's support lifecycle: "at least 2 years from general availability of each
#: X.Y release" (catalog-facts.md). A release past it can be upgraded but gets no patches.
SUPPORT_YEARS = 2


@attrs.frozen(repr=False)
class Patch:
    """A fix that leaves the product version as it is: its id and the versions it
    applies to (None: not public)."""

    __repr__ = value_repr

    id: str
    applies_to: tuple[Requirement, ...] | None = None

    def applies(self, family: str, version: Version) -> bool | None:
        """Does it apply to ``version`` of ``family``? None when that is not known."""
        if self.applies_to is None:
            return None
        named = [r for r in self.applies_to if r.family == family]
        return bool(named) and all(r.allows(version) for r in named)


@attrs.frozen(repr=False)
class Advisory:
    """A security advisory of the catalog (``[[advisory]]``)."""

    __repr__ = value_repr

    id: str  # "CVE-2024-12356"
    title: str
    affects: tuple[Requirement, ...]  # affected versions, per family
    patches: tuple[Patch, ...] = ()
    source: str | None = None
    uncertain: str | None = None  # what about its ranges is not sure, as the catalog says
    exploited: bool = False  # known to be exploited in the wild

    def affected(self, state: State) -> tuple[Requirement, ...]:
        """The clauses of ``affects`` that ``state`` meets (none: not affected)."""
        return tuple(r for r in self.affects if state.get(r.family) is not None
                     and r.allows(state.get(r.family)))


class Exposure(NamedTuple):
    """An advisory that affects a state: through which family and version, and the
    patches of it that apply to that version (``applicable``) or may (``unknown``)."""

    advisory: Advisory
    family: str
    version: Version
    applicable: tuple[Patch, ...] = ()
    unknown: tuple[Patch, ...] = ()


def exposures(catalog: Catalog, state: State, patched: Iterable[str] = (),
              start: State | None = None) -> tuple[Exposure, ...]:
    """The advisories that affect ``state``, in catalog order. A patch in ``patched``
    covers a family while it is at ``start``'s version (default: ``state`` is the start)."""
    applied = set(patched)
    start = state if start is None else start
    found = []
    for advisory in catalog.advisories:
        for requirement in advisory.affected(state):
            family = requirement.family
            version = state.versions[family]
            if version == start.get(family) and any(
                    p.id in applied and p.applies(family, version) is not False
                    for p in advisory.patches):
                continue  # patched where it stands
            found.append(Exposure(
                advisory, family, version,
                tuple(p for p in advisory.patches if p.applies(family, version)),
                tuple(p for p in advisory.patches if p.applies(family, version) is None)))
            break  # one family is enough: RS and PRA are alternatives
    return tuple(found)


def affected_by_any(catalog: Catalog, patched: Iterable[str], start: State):  # type: ignore[no-untyped-def]
    """A test of states for the goal ``unaffected``: True when an advisory affects it."""
    applied = tuple(patched)
    return lambda state: bool(exposures(catalog, state, applied, start))


class Stay(NamedTuple):
    """How long a plan stays exposed to one advisory: the steps after which it is
    still affected (0: the start) and the soak hours spent in those states."""

    advisory: Advisory
    steps: tuple[int, ...]
    soak_hours: float


def exposure_along(plan: Plan, patched: Iterable[str] = ()) -> tuple[Stay, ...]:
    """For each advisory that affects a state the plan passes through (the start
    included): after which steps it still does, and the soak hours spent so."""
    applied = tuple(patched)
    states = [plan.start, *(s.after for s in plan.steps)]
    waits = [0.0, *(s.soak_hours for s in plan.steps)]
    stays: dict[str, tuple[Advisory, list[int], float]] = {}
    for index, state in enumerate(states):
        for exposure in exposures(plan.catalog, state, applied, plan.start):
            advisory, steps, hours = stays.get(exposure.advisory.id,
                                               (exposure.advisory, [], 0.0))
            stays[exposure.advisory.id] = (advisory, [*steps, index], hours + waits[index])
    return tuple(Stay(a, tuple(steps), hours) for a, steps, hours in stays.values())


class PatchWay(NamedTuple):
    """A patch that applies from some version on, and the cheapest plan to it."""

    exposure: Exposure
    patch: Patch
    plan: Plan | None  # None: no plan reaches a version it applies to


def patch_ways(catalog: Catalog, start: State, holds: Sequence[Requirement] = (), *,
               soak: bool = True, patched: Iterable[str] = ()) -> tuple[PatchWay, ...]:
    """For each advisory that affects ``start`` and each of its patches with known
    versions: the nearest plan to a version it applies to (empty when it applies now)."""
    from .errors import Unreachable  # noqa: PLC0415
    from .model import Goal  # noqa: PLC0415
    from .planner import plan  # noqa: PLC0415

    ways = []
    for exposure in exposures(catalog, start, patched):
        for patch in exposure.advisory.patches:
            if patch.applies_to is None:
                continue
            requirements = tuple(r for r in patch.applies_to if r.family == exposure.family)
            if not requirements:
                continue  # it names other families only: no version of this one to reach
            goal = Goal(requirements, nearest=True)
            try:
                found: Plan | None = plan(catalog, start, goal, holds, soak=soak)
            except Unreachable:
                found = None
            ways.append(PatchWay(exposure, patch, found))
    return tuple(ways)


def support_ends(package: Package) -> date | None:
    """The earliest end of support of a release: two years from its general
    availability (``released``), where the catalog knows it."""
    if package.released is None:
        return None
    try:
        return package.released.replace(year=package.released.year + SUPPORT_YEARS)
    except ValueError:  # 29 February
        return package.released.replace(year=package.released.year + SUPPORT_YEARS, day=28)
