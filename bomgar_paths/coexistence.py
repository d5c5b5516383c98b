"""Co-existence: what installed packages work with (``works_with``, DESIGN §2.3).

While a package is installed, the families its ``works_with`` names must be
at versions it accepts; a family that is not installed accepts (it states
compatibility, not presence: presence is what ``requires`` asks). A step may
break no ``works_with`` that held before it, and a target breaks none. The
search applies the rule (``_search``); this module states it as values for
the answers and their words: which ``works_with`` a state breaks
(``broken``), which a step would break (``breaks``), and why a plan moves a
component where it does (``moves``).

(Its values are named tuples: every answer of a catalog with works_with loads this
module, and an attrs class costs about 0.6 ms to make.)

Components that must *match* the site exactly (the Integration Client, MSI
consoles) are not ``works_with`` constraints: they are client follow-ups,
reinstalled after each site install (``clients``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from packaging.version import Version

from .model import Package, Requirement, State

if TYPE_CHECKING:
    from .catalog import Catalog
    from .planner import Step

__all__ = ["Conflict", "Move", "breaks", "broken", "moves"]


class Conflict(NamedTuple):
    """A ``works_with`` that does not hold: ``package`` is installed, and the family
    ``requirement`` names is at ``installed``, which it does not accept."""

    package: Package
    requirement: Requirement
    installed: Version
    label: str  # the installed release's name in the catalog ("Bomgar-23.1.0")

    @property
    def key(self) -> tuple[str, Version, str]:
        """Which ``works_with`` it is: the package and the family it names."""
        return (self.package.family, self.package.version, self.requirement.family)


def broken(catalog: Catalog, state: State) -> tuple[Conflict, ...]:
    """The ``works_with`` of ``state``'s installed packages that ``state`` breaks, in
    family priority order (a version the catalog does not list states nothing)."""
    found = []
    for family in catalog.family_order():
        version = state.get(family)
        package = None if version is None else catalog.package(family, version)
        for requirement in () if package is None else package.works_with:
            installed = state.get(requirement.family)
            if installed is not None and not requirement.allows(installed):
                found.append(Conflict(package, requirement, installed,  # type: ignore[arg-type]
                                      catalog.label(requirement.family, installed)))
    return tuple(found)


def breaks(catalog: Catalog, state: State, package: Package,
           before: tuple[Conflict, ...] | None = None) -> tuple[Conflict, ...]:
    """The ``works_with`` that held in ``state`` and installing ``package`` would break:
    its own, or an installed package's. Empty: the step keeps the rule. ``before`` is
    ``broken(catalog, state)`` when the caller has it (an Updates page asks per package)."""
    if not catalog.has_works_with:
        return ()
    was = {c.key for c in (broken(catalog, state) if before is None else before)}
    after = state.with_version(package.family, package.version)
    return tuple(c for c in broken(catalog, after) if c.key not in was)


class Move(NamedTuple):
    """Why a plan installs a component (step ``at``) where it does: before step
    ``before``, whose install ``conflict`` would otherwise break, or ``repairs``, a
    ``works_with`` the start breaks."""

    at: int  # the component's step (an index into the plan's steps)
    before: int | None  # the later step that needs it out of the way
    conflict: Conflict | None  # what that step would break without it
    repairs: tuple[Conflict, ...] = ()


def moves(catalog: Catalog, start: State, steps: Sequence[Step]) -> tuple[Move, ...]:
    """For each step of an external family, why it is there (DESIGN §2.3): the first
    later step that the component's old release would not work with, and what the
    start broke that it repairs."""
    found = []
    start_broken = broken(catalog, start)
    state = start
    for index, step in enumerate(steps):
        family = step.package.family
        if catalog.families[family].external:
            old_version = state.get(family)
            old = None if old_version is None else catalog.package(family, old_version)
            before, conflict = _first_blocked(old, steps, index)
            repairs = tuple(c for c in start_broken if c.package == old
                            or (c.requirement.family == family and c.installed == old_version))
            found.append(Move(index, before, conflict, repairs))
        state = step.after
    return tuple(found)


def _first_blocked(old: Package | None, steps: Sequence[Step],
                   index: int) -> tuple[int | None, Conflict | None]:
    """The first step after ``index`` that ``old`` (the component's release before it)
    would not work with, and the conflict, or (None, None)."""
    if old is None:
        return None, None
    for later in range(index + 1, len(steps)):
        after = steps[later].after
        for requirement in old.works_with:
            installed = after.get(requirement.family)
            if installed is not None and not requirement.allows(installed):
                return later, Conflict(old, requirement, installed,
                                       steps[later].package.label)
        # A package installed later that would not work with the old release, too.
        package = steps[later].package
        for requirement in package.works_with:
            if requirement.family == old.family and not requirement.allows(old.version):
                return later, Conflict(package, requirement, old.version, old.label)
    return None, None
