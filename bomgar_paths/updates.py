"""The Updates page: every offered package, available or greyed out, and why.

``offers(catalog, state)`` lists what /appliance > Updates would show for a
state (DESIGN §2.3): every package newer than the installed version of its
family, not withdrawn. A greyed-out package carries its unmet requirements,
worded as the appliance words them, and ``unlock``: the cheapest plan after
which it becomes available, or None when no plan makes it available.
"""

from __future__ import annotations

import attrs
from packaging.version import Version

from ._graph import Graph, Node
from .catalog import Catalog
from .model import Package, Requirement, State, check_catalog
from .planner import (
    MAX_STATES,
    Plan,
    Step,
    check_families,
    explored,
    plan_to,
    required_families,
)

__all__ = ["Diagnosis", "Offer", "Unmet", "diagnose", "offers", "unlock", "unmet_requirements"]


@attrs.frozen
class Unmet:
    """A requirement of a package that the state does not meet."""

    requirement: Requirement
    installed: Version | None  # the family's installed version, None when not installed
    message: str


@attrs.frozen
class Offer:
    """A package on the Updates page; ``unlock`` is empty when it is available."""

    package: Package
    unmet: tuple[Unmet, ...]
    unlock: Plan | None

    @property
    def available(self) -> bool:
        return not self.unmet


def is_offered(package: Package, state: State) -> bool:
    installed = state.get(package.family)
    return package.withdrawn is None and (installed is None or package.version > installed)


def unmet_requirements(catalog: Catalog, package: Package, state: State) -> tuple[Unmet, ...]:
    """The package's requirements that ``state`` does not meet, with the appliance's wording."""
    unmet = []
    for requirement in package.requires:
        installed = state.get(requirement.family)
        if requirement.allows(installed):
            continue
        if installed is None:
            message = (f"{package.label} requires {requirement}, and no"
                       f" {requirement.family} package is installed")
        else:
            message = (f"{catalog.label(requirement.family, installed)} does not satisfy"
                       f" {package.label}'s requirement {requirement}")
        unmet.append(Unmet(requirement, installed, message))
    return tuple(unmet)


def offers(
    catalog: Catalog, state: State | str, *, max_states: int | None = MAX_STATES
) -> tuple[Offer, ...]:
    """Every package offered in ``state``, most important family first, oldest first.

    One search (at most ``max_states`` states, else ``WorkLimit``) serves the
    unlock plans of every greyed package.
    """
    catalog, state = check_catalog(catalog), State.coerce(state)
    check_families(catalog, state)
    offered = [(p, unmet_requirements(catalog, p, state))
               for p in catalog.packages if is_offered(p, state)]
    greyed = {p.family for p, unmet in offered if unmet}
    # One search, over the families the greyed packages need, serves every unlock.
    graph = explored(catalog, state, max_states=max_states,
                     families=required_families(catalog, greyed)) if greyed else None
    steps: dict[Node, Step] = {}  # unlock plans share most of their way
    empty = plan_to_empty(catalog, state)
    result = []
    for package, unmet in offered:
        if graph is None or not unmet:
            result.append(Offer(package, (), empty))
        else:
            result.append(Offer(package, unmet, unlock_in(graph, catalog, state, package, steps)))
    return tuple(result)


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
    graph = explored(catalog, state, max_states=max_states,
                     families=required_families(catalog, [package.family]))
    return unlock_in(graph, catalog, state, package)


def unlock_in(
    graph: Graph,
    catalog: Catalog,
    state: State,
    package: Package,
    steps: dict[Node, Step] | None = None,
) -> Plan | None:
    """``unlock`` on a graph already explored from ``state``; ``steps`` as for ``plan_to``."""
    bit = graph.bit_of_package.get(package.key)
    end = None if bit is None else graph.enabling().get(bit)
    return None if end is None else plan_to(graph, catalog, state, end, steps=steps)


def plan_to_empty(catalog: Catalog, state: State) -> Plan:
    return Plan(catalog, state, state, ())


@attrs.frozen
class Diagnosis:
    """Why one package is or is not installable in a state.

    ``status`` is one of: ``available``; ``greyed`` (offered, requirements
    unmet, ``unlock`` makes it available); ``unreachable`` (offered, but no
    plan makes it available); ``installed`` (this version or a newer one is
    installed, so it is not offered); ``withdrawn``.
    """

    package: Package
    state: State
    status: str
    unmet: tuple[Unmet, ...]
    unlock: Plan | None
    reasons: tuple[str, ...]


def diagnose(
    catalog: Catalog,
    state: State | str,
    package: Package | str,
    *,
    max_states: int | None = MAX_STATES,
) -> Diagnosis:
    """Say why ``package`` is greyed out (or not offered) in ``state``, and what unlocks it.

    ``state`` may be text and ``package`` a label (``Bomgar-12.2.0``).
    """
    catalog, state = check_catalog(catalog), State.coerce(state)
    package = Package.coerce(package, catalog)
    check_families(catalog, state)
    installed = state.get(package.family)
    if package.withdrawn is not None:
        return Diagnosis(package, state, "withdrawn", (), None,
                         (f"{package.label} is withdrawn: {package.withdrawn}",))
    if installed is not None and package.version <= installed:
        now = catalog.label(package.family, installed)
        reason = (f"{now} is installed" if installed == package.version else
                  f"{now} is installed and versions never go down")
        return Diagnosis(package, state, "installed", (), None, (reason,))
    unmet = unmet_requirements(catalog, package, state)
    if not unmet:
        return Diagnosis(package, state, "available", (), plan_to_empty(catalog, state), ())
    # One search serves the unlock plan and the reasons.
    graph = explored(catalog, state, max_states=max_states,
                     families=required_families(catalog, [package.family], holds=None))
    plan = unlock_in(graph, catalog, state, package)
    reasons = tuple(u.message for u in unmet)
    if plan is None:
        return Diagnosis(package, state, "unreachable", unmet, None,
                         reasons + _never(graph, catalog, state, package))
    return Diagnosis(package, state, "greyed", unmet, plan, reasons)


def _never(graph: Graph, catalog: Catalog, state: State, package: Package) -> tuple[str, ...]:
    """Short reasons why no reachable state meets the package's requirements."""
    reasons = []
    for requirement in package.requires:
        k = graph.position[requirement.family]
        reached = {graph.versions[k][n[k] - 1] if n[k] else None for n in graph.settled}
        if not any(requirement.allows(v) for v in reached):
            known = [v for v in reached if v is not None]
            newest = (catalog.label(requirement.family, max(known)) if known
                      else f"no {requirement.family} package")
            installed = state.get(requirement.family)
            if installed is not None and not requirement.allows(installed) and any(
                    requirement.allows(p.version) for p in catalog.packages_of(requirement.family)
                    if p.version < installed):
                reasons.append(f"no reachable state has {requirement}: versions never go down,"
                               f" and {catalog.label(requirement.family, installed)} is installed")
            elif not any(requirement.allows(p.version) for p in catalog.packages_of(
                    requirement.family) if p.withdrawn is None):
                reasons.append(f"no {requirement.family} package in the catalog satisfies"
                               f" {requirement}")
            else:
                reasons.append(f"no reachable state has {requirement}: the newest"
                               f" {requirement.family} that can be reached is {newest}")
    if not reasons:
        reasons.append(f"no reachable state meets all of {package.label}'s requirements at once")
    return tuple(reasons)
