"""The Updates page: every offered package, available or greyed out, and why.

``offers(catalog, state)`` lists what /appliance > Updates would show for a
state (DESIGN §2.3): every package newer than the installed version of its
family, not withdrawn. A greyed-out package carries its unmet requirements
(as data: ``render`` words them as the appliance does) and ``unlock``: the
cheapest plan after which it becomes available, or None when no plan makes
it available. ``diagnose`` (``diagnosis``, reached from here too) answers ``why``
for one package: its status, the plan that unlocks it and the explanation.

(``Unmet`` and ``Offer`` are named tuples, only read once made: ``updates`` and
``why`` load this module at every start, and an attrs class costs about ten times a
named tuple to make. For the same reason ``Diagnosis`` lives in a module of its own,
which ``updates`` does not load.)
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from packaging.version import Version

from ._search import Search, search
from .catalog import Catalog
from .coexistence import Conflict, breaks, broken
from .model import Package, Requirement, State, check_catalog
from .planner import MAX_STATES, Plan, check_families, plan_to, required_families

if TYPE_CHECKING:
    from .diagnosis import Diagnosis, Status, diagnose

__all__ = ["Diagnosis", "Offer", "Status", "Unmet", "UpdatesPage", "diagnose", "offers",
           "unlock", "unmet_requirements", "updates_page"]


class Unmet(NamedTuple):
    """A requirement of a package that the state does not meet."""

    requirement: Requirement
    installed: Version | None  # the family's installed version, None when not installed


class Offer(NamedTuple):
    """A package on the Updates page; ``unlock`` is empty when it is available.

    ``breaks`` are the ``works_with`` that installing it now would break (the
    appliance shows such a package as available: it knows nothing of what runs
    outside it); ``unlock`` is then the cheapest plan after which it breaks none.
    """

    package: Package
    unmet: tuple[Unmet, ...]
    unlock: Plan | None
    breaks: tuple[Conflict, ...] = ()

    @property
    def available(self) -> bool:
        return not self.unmet

    @property
    def installable(self) -> bool:
        """Available, and installing it keeps every ``works_with`` that holds."""
        return not self.unmet and not self.breaks


def is_offered(package: Package, state: State) -> bool:
    installed = state.get(package.family)
    return package.withdrawn is None and (installed is None or package.version > installed)


def unmet_requirements(catalog: Catalog, package: Package, state: State) -> tuple[Unmet, ...]:
    """The package's requirements that ``state`` does not meet."""
    return tuple(Unmet(r, state.get(r.family)) for r in package.requires
                 if not r.allows(state.get(r.family)))


def offers(
    catalog: Catalog, state: State | str, *, max_states: int | None = MAX_STATES
) -> tuple[Offer, ...]:
    """Every package offered in ``state``, most important family first, oldest first.

    One search (at most ``max_states`` states, else ``WorkLimit``) serves the
    unlock plans of every greyed package.
    """
    catalog, state = check_catalog(catalog), State.coerce(state)
    check_families(catalog, state)
    # Components outside the appliance are on its page only once deployed.
    before = broken(catalog, state) if catalog.has_works_with else ()
    offered = [(p, unmet_requirements(catalog, p, state), breaks(catalog, state, p, before))
               for p in catalog.packages if is_offered(p, state)
               and (p.family in state.versions or not catalog.families[p.family].external)]
    greyed = {p.family for p, unmet, stopping in offered if unmet or stopping}
    # One search, over the families the greyed packages need, serves every unlock.
    found = search(catalog, state, max_states=max_states,
                   families=required_families(catalog, greyed, starts=(state,))) if greyed else None
    empty = plan_to_empty(catalog, state)
    result = []
    for package, unmet, stopping in offered:
        if found is None or not (unmet or stopping):
            result.append(Offer(package, (), empty))
        else:
            result.append(Offer(package, unmet, unlock_in(found, catalog, package), stopping))
    return tuple(result)


class UpdatesPage:
    """The answer of ``updates``: the page for ``state`` of ``catalog``, its ``offers``."""

    __slots__ = ("catalog", "offers", "patched", "state")

    def __init__(self, catalog: Catalog, state: State, offers: tuple[Offer, ...],
                 patched: tuple[str, ...] = ()) -> None:
        self.catalog, self.state, self.offers = catalog, state, offers
        self.patched = patched  # patches applied: the advisories they cover are not told

    def __repr__(self) -> str:
        return f"UpdatesPage({str(self.state)!r}, {len(self.offers)} offers)"


def updates_page(
    catalog: Catalog, state: State | str, *, max_states: int | None = MAX_STATES,
    patched: Sequence[str] = (),
) -> UpdatesPage:
    """``offers`` with the state and catalog they are for: what ``render`` writes, with
    the advisories that affect the state (``patched``: the patches applied to it)."""
    state = State.coerce(state)
    patched = checked_patches(check_catalog(catalog), patched, state)
    return UpdatesPage(check_catalog(catalog), state, offers(catalog, state,
                                                             max_states=max_states), patched)


def checked_patches(catalog: Catalog, patched: Sequence[str],
                    state: State) -> tuple[str, ...]:
    """``patched`` as given, each a patch of the catalog that can be on ``state``."""
    from .model import Goal  # noqa: PLC0415
    from .planner import check_patched  # noqa: PLC0415

    found = tuple(patched)
    check_patched(catalog, Goal(patched=found), state)
    return found


def unlock(
    catalog: Catalog,
    state: State | str,
    package: Package | str,
    *,
    max_states: int | None = MAX_STATES,
) -> Plan | None:
    """The cheapest plan after which ``package`` is offered and available, or None.

    Ties are broken as for ``plan``: the greatest end state, then the
    greatest states before it.
    """
    catalog, state = check_catalog(catalog), State.coerce(state)
    package = Package.coerce(package, catalog)
    check_families(catalog, state)
    if not is_offered(package, state):
        return None
    found = search(catalog, state, max_states=max_states,
                   families=required_families(catalog, [package.family], starts=(state,)))
    return unlock_in(found, catalog, package)


def unlock_in(found: Search, catalog: Catalog, package: Package) -> Plan | None:
    """``unlock`` on a search already made from the state."""
    end = found.enabling(package)
    return None if end is None else plan_to(found, catalog, end)


def plan_to_empty(catalog: Catalog, state: State) -> Plan:
    return Plan(catalog, state, state, ())


# Where they were first defined: ``from bomgar_paths.updates import diagnose`` goes on
# working, and loads the module on use (PEP 562).
_MOVED = {"Diagnosis", "Status", "diagnose"}


def __getattr__(name: str) -> object:
    if name not in _MOVED:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(".diagnosis", __package__), name)
