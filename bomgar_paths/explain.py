"""Explanations: why a package is greyed out or a goal cannot be reached.

Data first (DESIGN §2.5, after pubgrub's derivation trees): an explanation is
a tree whose leaves are ``Fact`` values — true statements about the catalog,
the state or the holds (a package requires a version range, a version is
installed) — and whose inner nodes are ``Derivation`` values, the
conclusions drawn from their causes. Every fact and conclusion has a kind (an
enum) and typed fields (``Package``, ``Requirement``, ``Goal``, ``State``),
never a sentence: ``render.explain`` writes the words, in any language. A
conclusion reached twice is one object, and a conclusion that depends on
itself (a deadlock: A must come after B and B after A) is closed with a
``Ref`` to it, so renderers tell each sub-derivation once.

Every conclusion is computed from the search (the set of states reachable
from the start under the holds), never guessed, so each "no reachable state
has ..." is true by construction; the property tests check every fact
against the catalog and state again.

(The values here are named tuples, only read once made: ``why`` loads this module
at every start, and an attrs class costs about ten times a named tuple to make.)
"""

from __future__ import annotations

import enum
from collections.abc import Hashable, Sequence
from itertools import combinations
from typing import TYPE_CHECKING, NamedTuple

import attrs
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from ._search import Search, search
from .catalog import Catalog
from .coexistence import breaks, broken
from .errors import BomgarPathsError, Code, InputError, Reason
from .model import Goal, Package, Requirement, State, check_catalog
from .planner import (
    MAX_STATES,
    Plan,
    check_families,
    check_patched,
    plan_or_none,
    required_families,
    searched,
    target_of,
)
from .updates import unlock_in, unmet_requirements

if TYPE_CHECKING:  # values only read here (the start-up time counts)
    from .advisories import Advisory
    from .coexistence import Conflict
    from .components import Need

__all__ = [
    "Action",
    "ActionKind",
    "ConclusionKind",
    "Derivation",
    "Explanation",
    "Fact",
    "FactKind",
    "Ref",
    "Skipped",
    "WhatIf",
    "explain_goal",
    "explain_package",
    "skipped",
]


class FactKind(enum.StrEnum):
    """What a fact says (the values are the JSON's ``fact`` words)."""

    REQUIRES = "requires"  # packages require requirements[0]
    INSTALLED = "installed"  # family is installed at version (label)
    NOT_INSTALLED = "not_installed"  # no package of family is installed
    NO_PACKAGE = "no_package"  # no package of family satisfies requirements[0]
    WITHDRAWN = "withdrawn"  # packages are withdrawn, for reason
    HOLD = "hold"  # the hold requirements[0] excludes packages
    # versions never go down, and version (label) of family is already past
    # packages, or past requirements[0]
    NEVER_DOWN = "never_down"
    # with packages: requirements (those of packages[0]) never hold together while
    # packages[0] is newer than what is installed; without: each of the goal's
    # requirements can be reached, but never all together
    NEVER_TOGETHER = "never_together"
    # packages[0] can be reached, but only by giving up a more important family
    TRADE_OFF = "trade_off"
    # whenever packages[0] is offered and its requirements are met, installing it
    # would break one of conflicts (a works_with that held: DESIGN §2.3)
    BREAKS = "breaks"
    # every reachable state that meets the goal (requirements) breaks one of conflicts
    BROKEN = "broken"
    # every reachable state that meets the goal's requirements is affected by one of
    # advisories (goal ``unaffected``; applied patches counted)
    AFFECTED = "affected"
    # no versions meet needs together (resolvelib's causes: the goal's requirements and
    # the works_with of the releases it had chosen): no consistent configuration exists
    NO_CONFIGURATION = "no_configuration"


#: Leaves that say why something is blocked for good, the most telling first:
#: what the user controls (holds, withdrawals), then what the catalog lacks.
TELLING = (FactKind.HOLD, FactKind.WITHDRAWN, FactKind.NO_PACKAGE, FactKind.NEVER_DOWN,
           FactKind.NO_CONFIGURATION, FactKind.NEVER_TOGETHER, FactKind.BREAKS,
           FactKind.BROKEN, FactKind.AFFECTED, FactKind.TRADE_OFF)


class Fact(NamedTuple):
    """A leaf: something the catalog, the state or the holds say (see ``FactKind``)."""

    kind: FactKind
    packages: tuple[Package, ...] = ()  # the packages the fact is about
    family: str | None = None
    requirements: tuple[Requirement, ...] = ()
    version: Version | None = None  # the installed version the fact is about
    label: str | None = None  # that version's name in the catalog ("Base Software 3.2.4")
    reason: str | None = None  # why the packages are withdrawn, as the catalog says
    conflicts: tuple[Conflict, ...] = ()  # BREAKS, BROKEN: the works_with at stake
    advisories: tuple[Advisory, ...] = ()  # AFFECTED: the advisories at stake
    needs: tuple[Need, ...] = ()  # NO_CONFIGURATION: what cannot hold together


class ConclusionKind(enum.StrEnum):
    """What a conclusion says."""

    NEVER = "never"  # no reachable state has requirement
    BLOCKED = "blocked"  # packages can never be installed
    GOAL = "goal"  # goal cannot be reached from state
    NOT_OFFERED = "not_offered"  # packages[0] is not offered
    GREYED = "greyed"  # packages[0] is greyed out (and a plan makes it available)
    GREYED_FOR_GOOD = "greyed_for_good"  # packages[0] is greyed out, and no plan helps


class _Conclusion(NamedTuple):
    kind: ConclusionKind
    key: Hashable  # identifies the conclusion, for references to it
    causes: tuple[Derivation | Fact | Ref, ...]
    requirement: Requirement | None = None
    packages: tuple[Package, ...] = ()
    goal: Goal | None = None
    state: State | None = None


class Derivation(_Conclusion):
    """An inner node: a conclusion (its kind and fields) and the causes it follows from."""

    __slots__ = ()

    # Compared and hashed by identity, not by value: a conclusion reached twice is one
    # object, and comparing trees by value would walk them whole.
    __eq__ = object.__eq__
    __ne__ = object.__ne__
    __hash__ = object.__hash__


class Ref(NamedTuple):
    """A pointer back to a conclusion told elsewhere in the tree (its ``key``)."""

    kind: ConclusionKind
    key: Hashable
    requirement: Requirement | None = None
    packages: tuple[Package, ...] = ()


class WhatIf(NamedTuple):
    """Blockers the user controls whose removal makes the goal reachable."""

    holds: tuple[Requirement, ...]  # holds to drop
    withdrawn: tuple[Package, ...]  # withdrawn packages to allow again
    plan: Plan


class ActionKind(enum.StrEnum):
    """What to do about an explanation."""

    INSTALL_FIRST = "install_first"  # install packages (a plan) first
    WITHOUT = "without"  # what_if (the cheapest hint) reaches it
    EXCLUSIVE = "exclusive"  # the goals exclude each other
    NEVER_DOWN = "never_down"  # a window has passed: versions never go down
    NOTHING_YOU_CONTROL = "nothing_you_control"  # the catalog lacks what would help
    NOT_OFFERED = "not_offered"  # nothing to install


class Action(NamedTuple):
    kind: ActionKind
    packages: tuple[Package, ...] = ()  # INSTALL_FIRST: the plan's packages, in order
    what_if: WhatIf | None = None  # WITHOUT: the cheapest hint


Cause = Derivation | Fact | Ref


class Explanation(NamedTuple):
    """Why a goal is unreachable or a package is greyed out, and what to do."""

    subject: Goal | Package
    tree: Derivation
    action: Action
    what_if: tuple[WhatIf, ...] = ()

    @property
    def facts(self) -> tuple[Fact, ...]:
        """The leaves of the tree, each once, in the order the tree tells them."""
        return tuple(dict.fromkeys(leaves(self.tree)))

    @property
    def telling(self) -> tuple[Fact, ...]:
        """The facts that say why something is blocked for good (``TELLING``)."""
        return tuple(f for f in self.facts if f.kind in TELLING)


class Skipped(NamedTuple):
    """A package newer than the plan's target, and why the target leaves it out."""

    package: Package
    reason: Derivation | Fact

    @property
    def summary(self) -> Cause:
        """The most telling leaf of the reason (``TELLING`` order), else the reason."""
        if isinstance(self.reason, Fact):
            return self.reason
        found = leaves(self.reason)
        for kind in TELLING:
            for leaf in found:
                if leaf.kind is kind:
                    return leaf
        return self.reason


def leaves(tree: Cause) -> list[Fact]:
    """The facts under ``tree``, each shared conclusion walked once."""
    found: list[Fact] = []
    seen: set[Hashable] = set()

    def walk(node: Cause) -> None:
        if isinstance(node, Fact):
            found.append(node)
        elif isinstance(node, Derivation) and node.key not in seen:
            seen.add(node.key)
            for cause in node.causes:
                walk(cause)

    walk(tree)
    return found


class _Explainer:
    """Builds derivations over one search, memoising shared conclusions."""

    def __init__(self, catalog: Catalog, found: Search) -> None:
        self.catalog, self.found = catalog, found
        self.start, self.holds = found.start, found.holds
        self.order = {name: k for k, name in enumerate(catalog.family_order())}
        self.memo: dict[Hashable, Derivation | None] = {}  # None: being derived (a cycle)

    # -- facts ----------------------------------------------------------------

    def installed_fact(self, family: str) -> Fact:
        version = self.start.get(family)
        if version is None:
            return Fact(FactKind.NOT_INSTALLED, family=family)
        return Fact(FactKind.INSTALLED, family=family, version=version,
                    label=self.catalog.label(family, version))

    def requires_fact(self, packages: Sequence[Package], requirement: Requirement) -> Fact:
        return Fact(FactKind.REQUIRES, packages=tuple(packages), requirements=(requirement,))

    def never_down_fact(self, family: str, *, packages: Sequence[Package] = (),
                        requirement: Requirement | None = None) -> Fact:
        installed = self.start.versions[family]
        return Fact(FactKind.NEVER_DOWN, packages=tuple(packages), family=family,
                    requirements=() if requirement is None else (requirement,),
                    version=installed, label=self.catalog.label(family, installed))

    # -- derivations ------------------------------------------------------------

    def never(self, requirement: Requirement) -> Derivation | Ref:
        """Why no reachable state meets ``requirement``."""
        key = (ConclusionKind.NEVER, requirement)
        if key in self.memo:
            found = self.memo[key]
            return Ref(ConclusionKind.NEVER, key, requirement) if found is None else found
        self.memo[key] = None
        family = requirement.family
        causes: list[Cause] = [self.installed_fact(family)]
        matching = [p for p in self.catalog.packages_of(family) if requirement.allows(p.version)]
        installed = self.start.get(family)
        # Past what is installed (base<3 with 3.2.4): no package, listed or not, can help.
        outgrown = requirement.passed_by(installed)
        if not matching and not outgrown:
            causes.append(Fact(FactKind.NO_PACKAGE, family=family, requirements=(requirement,)))
        passed = [p for p in matching if installed is not None and p.version <= installed]
        if passed:
            causes.append(self.never_down_fact(family, packages=passed))
        elif outgrown:
            causes.append(self.never_down_fact(family, requirement=requirement))
        # Packages blocked for the same reason are told together.
        groups: dict[Hashable, list[Package]] = {}
        for package in matching:
            if package not in passed:
                groups.setdefault(self.blocker(package)[0], []).append(package)
        for packages in groups.values():
            causes.append(self.blocked(packages))
        node = Derivation(ConclusionKind.NEVER, key, tuple(causes), requirement=requirement)
        self.memo[key] = node
        return node

    def blocker(self, package: Package) -> tuple[tuple[FactKind, Hashable], Requirement | None]:
        """What stops ``package`` for good (a typed signature, shared by packages
        stopped alike), and the requirement if it is one."""
        if package.withdrawn is not None:
            return (FactKind.WITHDRAWN, package.withdrawn), None
        for hold in self.holds:
            if hold.family == package.family and not hold.allows(package.version):
                return (FactKind.HOLD, hold), None
        # One requirement that is never met is reason enough; requirements on
        # other families come first, as they are where the way is blocked.
        never_met = sorted(
            (r for r in package.requires if not self.found.ever(r)),
            key=lambda r: (r.family == package.family, self.order[r.family]),
        )
        if never_met:
            return (FactKind.REQUIRES, never_met[0]), never_met[0]
        conflicts = self.conflicts(package)
        if conflicts:  # packages that would break the same works_with are told together
            return (FactKind.BREAKS, tuple(c.key for c in conflicts)), None
        return (FactKind.NEVER_TOGETHER, package.key), None

    def conflicts(self, package: Package) -> tuple[Conflict, ...]:
        """The works_with that installing ``package`` would break, in every reachable
        state where it is offered and its requirements are met (empty: there is none,
        or one where it installs)."""
        key = ("conflicts", package.key)
        found = self.memo.get(key)
        if found is None:
            seen: dict[tuple[str, Version, str], Conflict] = {}
            for state in self.found.states():
                installed = state.get(package.family)
                if (installed is None or package.version > installed) and all(
                        state.satisfies(r) for r in package.requires):
                    stopping = breaks(self.catalog, state, package)
                    if not stopping:
                        seen = {}
                        break
                    for conflict in stopping:
                        seen.setdefault(conflict.key, conflict)
            found = self.memo[key] = tuple(seen.values())  # type: ignore[assignment]
        return found  # type: ignore[return-value]

    def affected(self, goal: Goal, states: Sequence[State]) -> list[Cause]:
        """Why no state that meets ``goal`` is out of every advisory's range: the
        advisories that affect them, and for each affected range with a plain upper
        bound (``<=24.3.1``), why no reachable state is past it."""
        from .advisories import exposures  # noqa: PLC0415

        found: dict[str, Advisory] = {}
        for state in states:
            for exposure in exposures(self.catalog, state, goal.patched, self.start):
                found.setdefault(exposure.advisory.id, exposure.advisory)
        causes: list[Cause] = [Fact(FactKind.AFFECTED, requirements=goal.requirements,
                                    advisories=tuple(found.values()))]
        for advisory in found.values():
            for requirement in advisory.affects:
                clauses = list(requirement.specifier)
                if len(clauses) == 1 and clauses[0].operator in ("<=", "<"):
                    operator = ">" if clauses[0].operator == "<=" else ">="
                    past = Requirement(requirement.family,
                                       SpecifierSet(f"{operator}{clauses[0].version}"))
                    if not self.found.ever(past):
                        causes.append(self.never(past))
        return list(dict.fromkeys(causes))

    def stays(self, conflict: Conflict) -> list[Cause]:
        """Why the release that a conflict is with stays installed: the start has it, and
        no reachable state has a newer one of its family (when that is so)."""
        causes: list[Cause] = []
        for family, version in ((conflict.package.family, conflict.package.version),
                                (conflict.requirement.family, conflict.installed)):
            # A specifier takes no local label (1.0+fips): those are told by the fact alone.
            if self.start.get(family) == version and version.local is None:
                newer = Requirement(family, SpecifierSet(f">{version}"))
                if not self.found.ever(newer):
                    causes.append(self.never(newer))
        return causes

    def blocked(self, packages: list[Package]) -> Cause:
        """Why the packages (that share a blocker) are never installed."""
        first, group = packages[0], tuple(packages)
        signature, requirement = self.blocker(first)
        kind, detail = signature
        if kind is FactKind.WITHDRAWN:
            return Fact(FactKind.WITHDRAWN, packages=group, reason=first.withdrawn)
        if kind is FactKind.HOLD:
            assert isinstance(detail, Requirement)
            return Fact(FactKind.HOLD, packages=group, requirements=(detail,))
        if requirement is not None:
            return Derivation(ConclusionKind.BLOCKED, (ConclusionKind.BLOCKED, signature, group),
                              (self.requires_fact(group, requirement), self.never(requirement)),
                              packages=group)
        if kind is FactKind.BREAKS:
            conflicts = self.conflicts(first)
            stays = [c for conflict in conflicts for c in self.stays(conflict)]
            return Derivation(
                ConclusionKind.BLOCKED, (ConclusionKind.BLOCKED, signature),
                (Fact(FactKind.BREAKS, packages=group, conflicts=conflicts),
                 *dict.fromkeys(stays)), packages=group)
        # Each requirement is met somewhere, but never all at once while the
        # package is still newer than what is installed. When it needs an older
        # release of its own family, the older releases that would meet that are
        # never installed either: say why (a hold or a withdrawal there is what
        # the user can lift).
        older = self.older_never_installed(first)
        return Derivation(
            ConclusionKind.BLOCKED, (ConclusionKind.BLOCKED, signature),
            (*(self.requires_fact((first,), r) for r in first.requires),
             Fact(FactKind.NEVER_TOGETHER, packages=(first,), requirements=first.requires),
             *(self.blocked([p]) for p in older)),
            packages=(first,))

    def older_never_installed(self, package: Package) -> list[Package]:
        """Releases of ``package``'s family, older than it and newer than what is
        installed, that meet one of its requirements on that family, and that no plan
        installs."""
        own = [r for r in package.requires if r.family == package.family]
        installed = self.start.get(package.family)
        reached = set(self.found.reached(package.family))
        return [p for p in self.catalog.packages_of(package.family)
                if p.version < package.version
                and (installed is None or p.version > installed)
                and any(r.allows(p.version) for r in own) and p.version not in reached]

    def never_installed(self, package: Package) -> list[Cause]:
        """Why ``package`` is never installable from the start."""
        cause = self.blocked([package])
        return list(cause.causes) if isinstance(cause, Derivation) else [cause]

    def goal(self, goal: Goal) -> Derivation:
        causes: list[Cause] = [self.never(r) for r in goal.requirements
                               if not self.found.ever(r)]
        if self.catalog.has_works_with and not goal.unaffected:
            # resolvelib's causes, when no versions can coexist at all (DESIGN §3).
            from .components import NoConfiguration, configuration  # noqa: PLC0415

            try:
                configuration(self.catalog, self.start, goal, self.holds)
            except NoConfiguration as error:
                # Told when a works_with is among the causes: else the goal alone is
                # the conflict, which the rest of the tree says better.
                if any(c.need.of is not None and c.need.of.package is not None
                       for c in error.causes):
                    causes.insert(0, Fact(FactKind.NO_CONFIGURATION, needs=tuple(
                        dict.fromkeys(c.need for c in error.causes))))
        meeting = [] if causes else [s for s in self.found.states()
                                     if all(s.satisfies(r) for r in goal.requirements)]
        unbroken = [s for s in meeting if not broken(self.catalog, s)]
        if goal.unaffected and unbroken:  # met, but every such state is affected
            return Derivation(ConclusionKind.GOAL, (ConclusionKind.GOAL, goal),
                              tuple(self.affected(goal, unbroken)), goal=goal,
                              state=self.start)
        if meeting:  # met, but never without breaking a works_with (DESIGN §2.3)
            seen: dict[tuple[str, Version, str], Conflict] = {}
            for state in meeting:
                for conflict in broken(self.catalog, state):
                    seen.setdefault(conflict.key, conflict)
            conflicts = tuple(seen.values())
            stays = [c for conflict in conflicts for c in self.stays(conflict)]
            causes = [Fact(FactKind.BROKEN, requirements=goal.requirements, conflicts=conflicts),
                      *dict.fromkeys(stays)]
        if not causes:
            # Each part is reachable alone: say what ties the parts together —
            # what is installed, and the packages meeting one part that
            # require something of another part's family.
            named = {r.family for r in goal.requirements}
            causes = [self.installed_fact(f) for f in self.catalog.family_order() if f in named]
            for requirement in goal.requirements:
                for package in self.catalog.packages_of(requirement.family):
                    if package.withdrawn is None and requirement.allows(package.version):
                        causes += [self.requires_fact((package,), r) for r in package.requires
                                   if r.family in named and r.family != package.family]
            causes.append(Fact(FactKind.NEVER_TOGETHER, requirements=goal.requirements))
        return Derivation(ConclusionKind.GOAL, (ConclusionKind.GOAL, goal), tuple(causes),
                          goal=goal, state=self.start)


# -- the public questions ---------------------------------------------------------


def explain_goal(
    catalog: Catalog,
    start: State | str,
    goal: Goal | str | Sequence[str],
    holds: Sequence[Requirement | str] = (),
    *,
    soak: bool = True,
    max_states: int | None = MAX_STATES,
) -> Explanation | None:
    """Why ``goal`` cannot be reached, with what-if hints; None when it can be.

    ``start``, ``goal`` and ``holds`` may be given as text, as for ``plan``
    (``State.coerce``, ``Goal.coerce``, ``Requirement.coerce_all``);
    ``max_states`` bounds each search as for ``plan``. ``plan`` raises
    ``Unreachable`` carrying the same explanation.
    """
    catalog = check_catalog(catalog)
    start, goal = State.coerce(start), Goal.coerce(goal)
    holds = Requirement.coerce_all(holds, "hold")
    check_families(catalog, start, goal.requirements, holds)
    check_patched(catalog, goal, start)
    found = goal_search(catalog, start, goal, holds, soak, max_states)
    if target_of(found, catalog, goal) is not None:
        return None
    return unreachable(catalog, found, goal, max_states)


def goal_search(catalog: Catalog, start: State, goal: Goal, holds: Sequence[Requirement],
                soak: bool, max_states: int | None) -> Search:
    """The search an explanation of ``goal`` reads: wider than a plan's, since a reason
    may follow the requirements of withdrawn and held packages too."""
    return search(catalog, start, holds, soak=soak, max_states=max_states,
                  families=required_families(catalog, searched(catalog, start, goal), holds=None,
                                                   starts=(start,)))


def unreachable(catalog: Catalog, found: Search, goal: Goal,
                max_states: int | None) -> Explanation:
    """The explanation of a goal that ``found`` has no target for."""
    tree = _Explainer(catalog, found).goal(goal)
    hints = _what_if(catalog, found.start, goal, found.holds, found.soak, tree, max_states)
    return Explanation(goal, tree, _action(hints, tree), hints)


def explain_package(
    catalog: Catalog,
    start: State | str,
    package: Package | str,
    *,
    max_states: int | None = MAX_STATES,
) -> Explanation | None:
    """Why ``package`` is greyed out or never available in ``start``; None when available.

    A package that is not offered (withdrawn, or not newer than what is
    installed) is explained too: why it is not on the Updates page. ``start``
    may be text and ``package`` a label (``Bomgar-12.2.0``). ``diagnose``
    returns the same explanation with the package's status.
    """
    catalog = check_catalog(catalog)
    start, package = State.coerce(start), Package.coerce(package, catalog)
    check_families(catalog, start)
    found = search(catalog, start, max_states=max_states,
                   families=required_families(catalog, [package.family], holds=None,
                                             starts=(start,)))
    return package_explanation(catalog, found, package, max_states)


def package_explanation(catalog: Catalog, found: Search, package: Package,
                        max_states: int | None) -> Explanation | None:
    """``explain_package`` on a search made from the state (no holds)."""
    explainer, start = _Explainer(catalog, found), found.start
    installed = start.get(package.family)
    if package.withdrawn is not None or (installed is not None and package.version <= installed):
        reasons = explainer.never_installed(package) if package.withdrawn else [
            explainer.never_down_fact(package.family, packages=(package,))]
        tree = Derivation(ConclusionKind.NOT_OFFERED, (ConclusionKind.NOT_OFFERED, package.key),
                          tuple(reasons), packages=(package,))
        return Explanation(package, tree, Action(ActionKind.NOT_OFFERED))
    unmet = unmet_requirements(catalog, package, start)
    if not unmet:
        return None
    causes: list[Cause] = []
    for item in unmet:
        causes.append(explainer.requires_fact((package,), item.requirement))
        causes.append(explainer.installed_fact(item.requirement.family))
    causes = list(dict.fromkeys(causes))  # two unmet requirements on one family: one fact
    route = unlock_in(found, catalog, package)
    if route is not None:
        tree = Derivation(ConclusionKind.GREYED, (ConclusionKind.GREYED, package.key),
                          tuple(causes), packages=(package,))
        return Explanation(package, tree, Action(ActionKind.INSTALL_FIRST, route.packages))
    never = [c for c in explainer.never_installed(package) if c not in causes]
    tree = Derivation(ConclusionKind.GREYED_FOR_GOOD, (ConclusionKind.GREYED, package.key),
                      (*causes, *never), packages=(package,))
    goal = Goal((Requirement(package.family, SpecifierSet(f"=={package.version}")),))
    hints = _what_if(catalog, start, goal, (), True, tree, max_states)
    return Explanation(package, tree, _action(hints, tree), hints)


def skipped(result: Plan, *, max_states: int | None = MAX_STATES) -> tuple[Skipped, ...]:
    """Packages newer than the target in the goal's families, and why each is left out.

    ``plan`` fills ``Plan.skipped`` with this already; a ``Plan`` made by
    hand is searched again.
    """
    if not isinstance(result, Plan):
        raise InputError("plan", result, Reason(Code.EXPECTED_A_PLAN))
    if result.skipped or not result.left_out():
        return result.skipped
    found = goal_search(result.catalog, result.start, result.goal, result.holds, result.soak,
                        max_states)
    return left_out(result, found)


def left_out(result: Plan, found: Search) -> tuple[Skipped, ...]:
    """``skipped`` on a search (over ``required_families(..., holds=None)``) made for it."""
    explainer = _Explainer(result.catalog, found)
    out = []
    for package in result.left_out():
        exact = Requirement(package.family, SpecifierSet(f"=={package.version}"))
        if found.ever(exact):
            reason: Derivation | Fact = Fact(FactKind.TRADE_OFF, packages=(package,))
        else:
            never = explainer.never(exact)
            assert isinstance(never, Derivation)
            reason = never
        out.append(Skipped(package, reason))
    return tuple(out)


# -- what-if hints -------------------------------------------------------------


def _what_if(catalog: Catalog, start: State, goal: Goal, holds: Sequence[Requirement],
             soak: bool, tree: Derivation, max_states: int | None,
             max_size: int = 3, max_looks: int = 8) -> tuple[WhatIf, ...]:
    """The smallest sets of blockers whose removal makes the goal reachable.

    A blocker is a hold or a withdrawal fact of the tree (what the user
    controls); each candidate set costs one search. A tree stops at the
    first blocker on each way, so a way that two blockers close (a held
    package that needs a withdrawn one) shows only one of them: when lifting
    a set is not enough, the explanation of what is then still unreachable
    names the blockers behind it, and sets that add one of them are tried
    too (at most ``max_looks`` such looks, one search each).
    """
    options: list[_Blocker] = _blockers_of(tree)
    found: list[WhatIf] = []
    chosen: list[set[_Blocker]] = []
    tried: set[frozenset[_Blocker]] = set()
    looks = 0
    for size in range(1, max_size + 1):
        for subset in combinations(list(options), size):
            picked = frozenset(subset)
            if picked in tried or any(c <= picked for c in chosen):
                continue
            tried.add(picked)
            changed, kept, drop, revive = _lifted(catalog, holds, subset)
            try:
                result = plan_or_none(changed, start, goal, kept, soak=soak,
                                      max_states=max_states)
            except BomgarPathsError:  # past the limit: no hint
                continue
            if result is not None:
                chosen.append(set(picked))
                found.append(WhatIf(tuple(sorted(drop, key=str)), tuple(revive), result))
            elif size < max_size and looks < max_looks:
                looks += 1
                behind = _tree_or_none(changed, start, goal, kept, soak, max_states)
                options += [b for b in _blockers_of(behind) if b not in options]
    return tuple(found)


# A hold to drop, or the packages of one withdrawal fact to allow again.
_Blocker = Requirement | tuple[Package, ...]


def _blockers_of(tree: Derivation | None) -> list[_Blocker]:
    facts = [] if tree is None else list(dict.fromkeys(leaves(tree)))
    return list(dict.fromkeys(
        [f.requirements[0] for f in facts if f.kind is FactKind.HOLD]
        + [f.packages for f in facts if f.kind is FactKind.WITHDRAWN]))


def _lifted(catalog: Catalog, holds: Sequence[Requirement], subset: Sequence[_Blocker]
            ) -> tuple[Catalog, list[Requirement], list[Requirement], list[Package]]:
    """The catalog and holds without ``subset``'s blockers: (catalog, holds kept, holds
    dropped, packages allowed again)."""
    drop = [r for r in subset if isinstance(r, Requirement)]
    revive = [p for ps in subset if isinstance(ps, tuple) for p in ps]
    revived = {p.key for p in revive}
    packages = [attrs.evolve(p, withdrawn=None) if p.key in revived else p
                for p in catalog.packages]
    changed = attrs.evolve(catalog, packages=tuple(packages))  # all else as it was
    return changed, [h for h in holds if h not in drop], drop, revive


def _tree_or_none(catalog: Catalog, start: State, goal: Goal, holds: Sequence[Requirement],
                  soak: bool, max_states: int | None) -> Derivation | None:
    """Why ``goal`` is still unreachable (the tree alone, no hints), or None past the limit."""
    try:
        found = goal_search(catalog, start, goal, holds, soak, max_states)
    except BomgarPathsError:
        return None
    return _Explainer(catalog, found).goal(goal)


def _action(hints: Sequence[WhatIf], tree: Derivation) -> Action:
    if hints:
        best = min(hints, key=lambda h: (h.plan.totals.soak_hours, h.plan.totals.installs))
        return Action(ActionKind.WITHOUT, what_if=best)
    kinds = {f.kind for f in leaves(tree)}
    if tree.kind is ConclusionKind.GOAL and FactKind.NEVER_TOGETHER in kinds and all(
            not isinstance(c, Derivation) for c in tree.causes):
        return Action(ActionKind.EXCLUSIVE)
    if FactKind.NEVER_DOWN in kinds:
        return Action(ActionKind.NEVER_DOWN)
    return Action(ActionKind.NOTHING_YOU_CONTROL)
