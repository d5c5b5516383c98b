"""The target and the minimal install plan (DESIGN §2.3).

``plan(catalog, start, goal, holds, soak=...)`` returns a ``Plan``: the
target state and the cheapest ordered steps to it, cost compared as (total
soak hours, number of installs, total install minutes), with what the target
leaves out (``Plan.skipped``). When no reachable state meets the goal it
raises ``Unreachable``, which carries the ``Explanation``.

Tie-break: among equally cheap plans, compare the states the plans pass
through, from the end state backwards, and take the plan whose states are greater
(versions compared family by family in priority order). In words: the most
important family (the site software) advances as early as it can, and less
important packages (Base) are installed as late as they can, just before the
package that needs them, as the upgrade guide advises.

One search per question. The plan searches the families ``relevant_families``
gives; an explanation (an unreachable goal, a package left out) needs the
families ``required_families(..., holds=None)`` gives, which also follow the
requirements of withdrawn and held packages. When the two are the same (the
bundled catalog, and most catalogs), the plan's search serves the explanation
too. When they differ, the plan still searches the narrower set, and the rare
unreachable or left-out answer pays for a second search of the wider one:
every extra family multiplies the states a search visits, while the answers
that need the wider set are the exceptions. Measured on the bundled catalog
plus a 30-version family that only a withdrawn package requires: the plan's
search visits 77 states in 1.3 ms, the wider one 2,310 states in 40 ms.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

import attrs

from ._search import Search, exact, number, search
from .catalog import Catalog
from .errors import MAX_STATES, Code, InputError, Reason, Unreachable
from .model import Goal, Package, Requirement, State, check_catalog, value_repr

if TYPE_CHECKING:
    from .advisories import PatchWay
    from .explain import Skipped

__all__ = ["MAX_STATES", "Plan", "Step", "Totals", "Unreachable", "plan"]


@attrs.frozen(repr=False)
class Step:
    """One install: the package and the state right after it."""

    __repr__ = value_repr

    package: Package
    after: State
    soak_hours: float  # 0 in no-soak mode
    install_minutes: float


# A named tuple, not attrs: a value only read once made, and an attrs class costs
# about ten times as much to create at every start (docs/performance.md).
class Totals(NamedTuple):
    """What a plan costs: its installs, soak hours and install minutes."""

    installs: int
    soak_hours: float
    install_minutes: float


@attrs.frozen(repr=False)
class Plan:
    """An ordered list of installs from ``start`` to ``target``."""

    __repr__ = value_repr

    catalog: Catalog = attrs.field(repr=False)
    start: State
    target: State
    steps: tuple[Step, ...]
    goal: Goal = Goal()
    holds: tuple[Requirement, ...] = ()
    soak: bool = True
    #: What the target leaves out and why (``explain.Skipped``): filled in by
    #: ``plan`` when ``left_out()`` is not empty, from the same search.
    skipped: tuple[Skipped, ...] = attrs.field(default=(), eq=False, repr=False)
    #: For ``unaffected``: the nearest plan to a version each patch of an advisory that
    #: affects the start applies to (``advisories.PatchWay``), filled in by ``plan``.
    patch_ways: tuple[PatchWay, ...] = attrs.field(default=(), eq=False, repr=False)

    @property
    def totals(self) -> Totals:
        return Totals(
            installs=len(self.steps),
            # Summed exactly, as the search sums them: 0.1 + 0.2 h is 0.3 h.
            soak_hours=number(sum((exact(s.soak_hours) for s in self.steps), 0)),
            install_minutes=number(sum((exact(s.install_minutes) for s in self.steps), 0)),
        )

    @property
    def packages(self) -> tuple[Package, ...]:
        return tuple(s.package for s in self.steps)

    def left_out(self) -> tuple[Package, ...]:
        """Packages the goal asked for that are newer than the target (``explain.skipped``
        says why each is left out)."""
        if self.goal.nearest:  # the goal asked for the nearest, not for these
            return ()
        families = self.goal.named(self.start)
        out = []
        for family in self.catalog.family_order():
            if family not in families:
                continue
            reached = self.target.get(family)
            wanted = [r for r in self.goal.requirements if r.family == family]
            out += [p for p in self.catalog.packages_of(family)
                    if (reached is None or p.version > reached)
                    and all(r.allows(p.version) for r in wanted)]
        return tuple(out)


def plan(
    catalog: Catalog,
    start: State | str,
    goal: Goal | str | Sequence[str] = Goal(),
    holds: Sequence[Requirement | str] = (),
    *,
    soak: bool = True,
    max_states: int | None = MAX_STATES,
) -> Plan:
    """The minimal plan from ``start`` to the target of ``goal``.

    ``goal`` is ``Goal()`` for "latest" (every family installed at the start,
    at its greatest reachable version) or explicit requirements; ``holds`` are
    requirements every planned package must satisfy; ``soak=False`` is the
    guide's no-soak mode (clients uninstalled, no waits), where soak hours
    count as 0. ``start``, ``goal`` and ``holds`` may be given as text
    (``"base=3.2.4,bomgar=11.1.2"``, ``"bomgar>=15"``, ``["base<7"]``).
    Raises ``InputError`` for input it cannot read and families the catalog
    does not declare, and ``Unreachable`` when no reachable state meets the goal.

    The search visits at most ``max_states`` states (None: no limit) and
    raises ``WorkLimit`` past it. Families that neither the goal nor the
    requirements of any package that could matter touch are left out of the
    search: they stay where they are, as a minimal plan leaves them.
    """
    catalog = check_catalog(catalog)
    start, goal = State.coerce(start), Goal.coerce(goal)
    holds = Requirement.coerce_all(holds, "hold")
    check_families(catalog, start, goal.requirements, holds)
    check_patched(catalog, goal, start)
    families = relevant_families(catalog, start, goal, holds)
    bounded = _bounded(catalog, start, goal, holds, soak, max_states, families)
    result: Plan | None
    if bounded is not None:  # the target, reached by a search bounded to it
        result = plan_to(bounded[0], catalog, bounded[1], goal)
        if not result.left_out():
            return result
        # Something to explain: the explanation reads every reachable state.
        found = search(catalog, start, holds, soak=soak, max_states=max_states,
                       families=families)
    else:
        found = search(catalog, start, holds, soak=soak, max_states=max_states,
                       families=families)
        target = target_of(found, catalog, goal)
        result = None if target is None else plan_to(found, catalog, target, goal)
    if result is not None and goal.unaffected and catalog.advisories:
        from .advisories import patch_ways  # noqa: PLC0415

        result = attrs.evolve(result, patch_ways=patch_ways(
            catalog, start, holds, soak=soak, patched=goal.patched))
    if result is not None and not result.left_out():
        return result
    # Something to explain (explanations are the exception: loaded on use), over the
    # explanation's search: the plan's own when the families agree (see above).
    from . import explain  # noqa: PLC0415

    wide = required_families(catalog, searched(catalog, start, goal), holds=None,
                             starts=(start,))
    wider = found if wide == families else search(catalog, start, holds, soak=soak,
                                                  max_states=max_states, families=wide)
    if result is None:
        raise Unreachable(start, goal, holds, soak,
                          explain.unreachable(catalog, wider, goal, max_states), catalog)
    return attrs.evolve(result, skipped=explain.left_out(result, wider))


#: A search whose version lines combine into more states than this is bounded by
#: resolvelib's configuration first (``_bounded``); smaller ones are searched whole,
#: which is faster than building the bound.
BOUND_FROM = 200_000


def _bounded(catalog: Catalog, start: State, goal: Goal, holds: Sequence[Requirement],
             soak: bool, max_states: int | None, families: Sequence[str],
             at_least: int = BOUND_FROM) -> tuple[Search, State] | None:
    """The target and its search, when resolvelib's configuration bounds it (DESIGN §3).

    Every reachable target is a consistent configuration, so the greatest one
    (``components.configuration``), restricted to the goal's families, ranks at
    least as high as the target: when some reachable state attains it, the target
    has those versions, and the other families end where they are cheapest. A
    search bounded towards it (``_search.search_towards``, A*) then settles only
    the states that can matter. Otherwise (no configuration, none reachable, a
    goal the configuration does not know: nearest, unaffected) the plain search
    decides. Only for catalogs with works_with, whose external families multiply
    the states, and only past ``at_least`` combined states.
    """
    if goal.nearest or goal.unaffected or not catalog.has_works_with:
        return None
    if _combined(catalog, start, families) < at_least:
        return None
    from ._search import search_towards  # noqa: PLC0415
    from .components import NoConfiguration, configuration  # noqa: PLC0415

    try:
        found = configuration(catalog, start, goal, holds)
    except NoConfiguration:  # none (the search explains), or resolvelib gave up
        return None
    named = {f: found[f] for f in goal.named(start) if f in found}
    return search_towards(catalog, start, holds, named, soak=soak, max_states=max_states,
                          families=families)


def _combined(catalog: Catalog, start: State, families: Sequence[str]) -> int:
    """How many states the families' version lines combine into (an upper bound)."""
    total = 1
    for family in families:
        versions = {p.version for p in catalog.packages_of(family)}
        if start.get(family) is not None:
            versions.add(start.versions[family])
        total *= len(versions) + 1
    return total


def plan_or_none(
    catalog: Catalog,
    start: State,
    goal: Goal,
    holds: Sequence[Requirement],
    *,
    soak: bool,
    max_states: int | None,
) -> Plan | None:
    """The bare plan (no explanation, nothing skipped), or None when unreachable:
    what a what-if hint needs to know."""
    families = relevant_families(catalog, start, goal, holds)
    found = search(catalog, start, holds, soak=soak, max_states=max_states, families=families)
    target = target_of(found, catalog, goal)
    return None if target is None else plan_to(found, catalog, target, goal)


def target_of(found: Search, catalog: Catalog, goal: Goal) -> State | None:
    """``found.target(goal)``; for ``unaffected``, among states no advisory affects."""
    if not goal.unaffected:
        return found.target(goal)
    from .advisories import exposures  # noqa: PLC0415  (advisories are loaded on use)

    start, patched = found.start, goal.patched
    return found.target(goal, lambda state: not exposures(catalog, state, patched, start))


def check_patched(catalog: Catalog, goal: Goal, start: State) -> None:
    """Reject ``unaffected`` on a catalog without advisories, a patch that no advisory
    of the catalog has (naming the known ones), and one that cannot be on ``start``:
    its advisory names an installed family, and the versions it applies to are known
    and leave the installed one out."""
    if goal.unaffected and not catalog.advisories:
        # Every state would be "unaffected": an answer that says nothing, read as safe.
        raise InputError("goal", str(goal), Reason(Code.UNAFFECTED_WITHOUT_ADVISORIES))
    known = list(dict.fromkeys(p.id for a in catalog.advisories for p in a.patches))
    for patch in goal.patched:
        if patch not in known:
            raise InputError("patched", patch, Reason(
                Code.PATCHED_UNKNOWN, patch=patch, known=", ".join(known) or "-"))
    for advisory in catalog.advisories:
        for fix in advisory.patches:
            if fix.id not in goal.patched or fix.applies_to is None:
                continue
            for requirement in advisory.affects:
                version = start.get(requirement.family)
                if (version is not None and requirement.allows(version)
                        and fix.applies(requirement.family, version) is False):
                    raise InputError("patched", fix.id, Reason(
                        Code.PATCHED_NOT_HERE, patch=fix.id, versions=", ".join(
                            map(str, fix.applies_to)),
                        installed=catalog.label(requirement.family, version)))


def relevant_families(
    catalog: Catalog, start: State, goal: Goal, holds: Sequence[Requirement] = ()
) -> list[str]:
    """The families a minimal plan may touch, in priority order.

    The goal's families (for ``latest``, those installed at the start), and
    every family linked to a relevant family (``required_families``). A
    package of any other family meets no requirement that matters and lifts no
    ``works_with`` that blocks, so a minimal plan never installs it, and the
    search can leave it out.
    """
    return required_families(catalog, searched(catalog, start, goal), holds, starts=(start,))


def searched(catalog: Catalog, start: State, goal: Goal) -> list[str]:
    """The families a search for ``goal`` starts from: those it names, and for
    ``unaffected`` those the catalog's advisories name (moving them is the way out)."""
    named = goal.named(start)
    if goal.unaffected:
        named += [r.family for a in catalog.advisories for r in a.affects
                  if r.family not in named]
    return named


def required_families(
    catalog: Catalog,
    families: Iterable[str],
    holds: Sequence[Requirement] | None = (),
    *,
    starts: Sequence[State],
) -> list[str]:
    """``families`` and every family linked to them, transitively, in priority order.

    Linked: a family their packages require; a family their packages'
    ``works_with`` name (it may have to move out of the way); a family
    installed in one of ``starts`` whose packages' ``works_with`` name them (it
    may hold them back); and any family whose installed package breaks a
    ``works_with`` in one of ``starts`` (the plan repairs it). Only packages
    a plan may contain count for the links out of a family (not withdrawn,
    allowed by ``holds``); with ``holds=None`` every package counts, as
    explanations need, which also talk of withdrawn and held packages'
    requirements.
    """
    relevant = set(families)
    installed = {f for state in starts for f, _ in state}
    # Who names whom in a works_with (the reverse links: any release counts).
    named_by: dict[str, set[str]] = {}
    for package in catalog.packages:
        for requirement in package.works_with:
            named_by.setdefault(requirement.family, set()).add(package.family)
            if package.family in installed and any(
                    state.get(package.family) == package.version
                    and not works_with_holds(requirement, state) for state in starts):
                relevant |= {package.family, requirement.family}  # broken at a start
    frontier = list(relevant)
    while frontier:
        family = frontier.pop()
        linked = {f for f in named_by.get(family, ()) if f in installed}
        for package in catalog.packages_of(family):
            if holds is not None and (package.withdrawn is not None or not all(
                    h.allows(package.version) for h in holds if h.family == family)):
                continue
            linked.update(r.family for r in package.requires)
            linked.update(r.family for r in package.works_with if r.family in installed)
        for other in linked - relevant:
            relevant.add(other)
            frontier.append(other)
    return [f for f in catalog.family_order() if f in relevant]


def works_with_holds(requirement: Requirement, state: State) -> bool:
    """Does ``state`` keep a ``works_with``? A family that is not installed does."""
    version = state.get(requirement.family)
    return version is None or requirement.allows(version)


def plan_to(found: Search, catalog: Catalog, end: State, goal: Goal = Goal()) -> Plan:
    """The cheapest plan to ``end``, a state ``found`` reached."""
    return Plan(catalog, found.start, end, found.path(end, Step), goal, found.holds, found.soak)


def check_families(
    catalog: Catalog,
    start: State,
    requirements: Sequence[Requirement] = (),
    holds: Sequence[Requirement] = (),
) -> None:
    """Reject families the catalog does not declare, naming where they appear."""
    known = tuple(catalog.families)
    for family, _ in start:
        if family not in catalog.families:
            raise InputError("state", str(start),
                             Reason(Code.UNKNOWN_FAMILY, family=family, families=known))
    for what, items in (("goal", requirements), ("hold", holds)):
        for requirement in items:
            if requirement.family not in catalog.families:
                raise InputError(what, str(requirement), Reason(
                    Code.UNKNOWN_FAMILY, family=requirement.family, families=known))
