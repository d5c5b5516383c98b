"""Explanations: why a package is greyed out or a goal cannot be reached.

Data first (DESIGN §2.5, after pubgrub's derivation trees): an explanation is
a tree whose leaves are ``Fact`` values — true statements about the catalog,
the state or the holds ("Bomgar-12.2.0 requires base>=3.3.2", "Base Software
3.2.4 is installed") — and whose inner nodes are ``Derivation`` values, the
conclusions drawn from their causes. A conclusion reached twice is one
object, and a conclusion that depends on itself (a deadlock: A must come
after B and B after A) is closed with a ``Ref`` to it, so renderers tell each
sub-derivation once. ``render.explain`` writes the words.

Every conclusion is computed from the explored state graph (the set of
states reachable from the start under the holds), never guessed, so each
"no reachable state has ..." is true by construction; the property tests
check every fact against the catalog and state again.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import attrs
from packaging.specifiers import SpecifierSet

from ._graph import Graph
from .catalog import Catalog
from .errors import BomgarPathsError, InputError
from .model import Goal, Package, Requirement, State, check_catalog, format_specifier
from .planner import (
    MAX_STATES,
    Plan,
    Unreachable,
    check_families,
    choose_target,
    explored,
    plan,
    required_families,
)
from .updates import unlock_in, unmet_requirements

__all__ = [
    "Derivation",
    "Explanation",
    "Fact",
    "Ref",
    "Skipped",
    "WhatIf",
    "explain_goal",
    "explain_package",
    "skipped",
]


@attrs.frozen
class Fact:
    """A leaf: something the catalog, the state or the holds say.

    ``kind`` is one of ``requires``, ``installed``, ``not_installed``,
    ``no_package``, ``withdrawn``, ``hold``, ``never_down``, ``never_together``,
    ``trade_off``.
    The other fields carry the data the sentence was written from.
    """

    kind: str
    text: str
    packages: tuple[str, ...] = ()  # labels the fact is about
    family: str | None = None
    requirement: str | None = None
    version: str | None = None


@attrs.frozen(eq=False)
class Derivation:
    """An inner node: a conclusion and the causes it follows from."""

    key: str  # identifies the conclusion, for references to it
    text: str
    causes: tuple[Derivation | Fact | Ref, ...]


@attrs.frozen
class Ref:
    """A pointer back to a conclusion told elsewhere in the tree (its ``key``)."""

    key: str
    text: str


@attrs.frozen
class WhatIf:
    """Blockers the user controls whose removal makes the goal reachable."""

    remove: tuple[str, ...]  # "the hold base<7", "the withdrawal of Bomgar-22.1.0"
    plan: Plan


@attrs.frozen
class Explanation:
    """Why a goal is unreachable or a package is greyed out, and what to do."""

    subject: str
    tree: Derivation
    action: str
    what_if: tuple[WhatIf, ...] = ()


@attrs.frozen
class Skipped:
    """A package newer than the plan's target, and why the target leaves it out."""

    package: Package
    reason: Derivation | Fact


Cause = Derivation | Fact | Ref


class _Explainer:
    """Builds derivations over one explored graph, memoising shared conclusions."""

    def __init__(self, catalog: Catalog, graph: Graph, start: State,
                 holds: Sequence[Requirement]) -> None:
        self.catalog, self.graph, self.start, self.holds = catalog, graph, start, tuple(holds)
        self.reached = [sorted({n[k] for n in graph.settled}) for k in range(len(graph.families))]
        self.memo: dict[str, Derivation | None] = {}  # None: being derived (a cycle closes)
        self.texts: dict[str, str] = {}

    # -- facts ----------------------------------------------------------------

    def installed_fact(self, family: str) -> Fact:
        version = self.start.get(family)
        if version is None:
            return Fact("not_installed", f"no {family} package is installed", family=family)
        return Fact("installed", f"{self.catalog.label(family, version)} is installed",
                    family=family, version=str(version))

    def requires_fact(self, package: Package, requirement: Requirement) -> Fact:
        return Fact("requires", f"{package.label} requires {requirement}",
                    packages=(package.label,), requirement=str(requirement))

    # -- queries on the reachable states ----------------------------------------

    def ever(self, requirement: Requirement) -> bool:
        """Does some reachable state meet the requirement?"""
        reached = self.reached[self.graph.position[requirement.family]]
        return any(low <= i <= high for low, high in self.graph.allowed(requirement)
                   for i in reached)

    # -- derivations ------------------------------------------------------------

    def never(self, requirement: Requirement) -> Derivation | Ref:
        """Why no reachable state meets ``requirement``."""
        key = f"never:{requirement}"
        if key in self.memo:
            found = self.memo[key]
            return Ref(key, self.texts[key]) if found is None else found
        text = f"no reachable state has {requirement}"
        self.memo[key], self.texts[key] = None, text
        family = requirement.family
        causes: list[Cause] = [self.installed_fact(family)]
        matching = [p for p in self.catalog.packages_of(family) if requirement.allows(p.version)]
        installed = self.start.get(family)
        # Past what is installed (base<3 with 3.2.4): no package, listed or not, can help.
        outgrown = requirement.passed_by(installed)
        if not matching and not outgrown:
            causes.append(Fact("no_package", f"no {family} package satisfies"
                               f" {_spec(requirement.specifier)}", family=family,
                               requirement=str(requirement)))
        passed = [p for p in matching if installed is not None and p.version <= installed]
        if passed and installed is not None:
            causes.append(Fact("never_down", f"versions never go down, and"
                               f" {self.catalog.label(family, installed)} is already past"
                               f" {_names([p.label for p in passed])}", family=family,
                               version=str(installed), packages=_labels(passed)))
        elif outgrown and installed is not None:
            causes.append(Fact("never_down", f"versions never go down, and"
                               f" {self.catalog.label(family, installed)} is already past"
                               f" {requirement}", family=family, version=str(installed),
                               requirement=str(requirement)))
        # Packages blocked for the same reason are told together.
        groups: dict[str, list[Package]] = {}
        for package in matching:
            if package not in passed:
                groups.setdefault(self.blocker(package)[0], []).append(package)
        for packages in groups.values():
            causes.append(self.blocked(packages))
        node = Derivation(key, text, tuple(causes))
        self.memo[key] = node
        return node

    def blocker(self, package: Package) -> tuple[str, Requirement | None]:
        """What stops ``package`` for good: a signature, and the requirement if it is one."""
        if package.withdrawn is not None:
            return f"withdrawn:{package.withdrawn}", None
        for hold in self.holds:
            if hold.family == package.family and not hold.allows(package.version):
                return f"hold:{hold}", None
        # One requirement that is never met is reason enough; requirements on
        # other families come first, as they are where the way is blocked.
        never_met = sorted(
            (r for r in package.requires if not self.ever(r)),
            key=lambda r: (r.family == package.family, self.graph.position[r.family]),
        )
        if never_met:
            return f"requires:{never_met[0]}", never_met[0]
        return f"together:{package.key}", None

    def blocked(self, packages: list[Package]) -> Cause:
        """Why the packages (that share a blocker) are never installed."""
        first = packages[0]
        names, labels = _names([p.label for p in packages]), _labels(packages)
        plural = len(packages) > 1
        signature, requirement = self.blocker(first)
        if signature.startswith("withdrawn:"):
            return Fact("withdrawn", f"{names} {'are' if plural else 'is'} withdrawn:"
                        f" {first.withdrawn}", packages=labels)
        if signature.startswith("hold:"):
            hold = signature.removeprefix("hold:")
            return Fact("hold", f"the hold {hold} excludes {names}", packages=labels,
                        requirement=hold)
        if requirement is not None:
            requires = Fact("requires", f"{names} {'require' if plural else 'requires'}"
                            f" {requirement}", packages=labels, requirement=str(requirement))
            return Derivation(f"blocked:{signature}:{labels}",
                              f"{names} can never be installed",
                              (requires, self.never(requirement)))
        # Each requirement is met somewhere, but never all at once while the
        # package is still newer than what is installed.
        together = " and ".join(str(r) for r in first.requires)
        return Derivation(
            f"blocked:{signature}", f"{first.label} can never be installed",
            (*(self.requires_fact(first, r) for r in first.requires),
             Fact("never_together", f"no reachable state has {together} while {first.label}"
                  f" is still newer than the installed {first.family}", packages=labels,
                  requirement=together)))

    def never_installed(self, package: Package) -> list[Cause]:
        """Why ``package`` is never installable from the start."""
        cause = self.blocked([package])
        return list(cause.causes) if isinstance(cause, Derivation) else [cause]

    def goal(self, goal: Goal) -> Derivation:
        subject = f"the goal {goal} cannot be reached from {_state(self.start)}"
        causes: list[Cause] = [self.never(r) for r in goal.requirements if not self.ever(r)]
        if not causes:
            # Each part is reachable alone: say what ties the parts together —
            # what is installed, and the packages meeting one part that
            # require something of another part's family.
            named = {r.family for r in goal.requirements}
            causes = [self.installed_fact(f) for f in self.graph.families if f in named]
            for requirement in goal.requirements:
                for package in self.catalog.packages_of(requirement.family):
                    if package.withdrawn is None and requirement.allows(package.version):
                        causes += [self.requires_fact(package, r) for r in package.requires
                                   if r.family in named and r.family != package.family]
            together = " and ".join(map(str, goal.requirements))
            causes.append(Fact("never_together", f"each of {together} can be reached, but"
                               " no reachable state has them together", requirement=together))
        return Derivation(f"goal:{goal}", subject, tuple(causes))


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
    ``max_states`` bounds each search as for ``plan``.
    """
    catalog = check_catalog(catalog)
    start, goal = State.coerce(start), Goal.coerce(goal)
    holds = Requirement.coerce_all(holds, "hold")
    check_families(catalog, start, goal.requirements, holds)
    graph = _explored(catalog, start, goal, holds, soak, max_states)
    if choose_target(graph, catalog, start, goal) is not None:
        return None
    tree = _Explainer(catalog, graph, start, holds).goal(goal)
    hints = _what_if(catalog, start, goal, holds, soak, tree, max_states)
    return Explanation(str(goal), tree, _action(hints, tree), hints)


def _explored(catalog: Catalog, start: State, goal: Goal, holds: Sequence[Requirement],
              soak: bool, max_states: int | None) -> Graph:
    """The search for an explanation: the goal's families and all they may need.

    Wider than a plan's search: a reason may follow the requirements of
    withdrawn and held packages too.
    """
    return explored(catalog, start, holds, soak=soak, max_states=max_states,
                    families=required_families(catalog, goal.named(start), holds=None))


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
    may be text and ``package`` a label (``Bomgar-12.2.0``).
    """
    catalog = check_catalog(catalog)
    start, package = State.coerce(start), Package.coerce(package, catalog)
    check_families(catalog, start)
    graph = explored(catalog, start, max_states=max_states,
                     families=required_families(catalog, [package.family], holds=None))
    explainer = _Explainer(catalog, graph, start, ())
    installed = start.get(package.family)
    if package.withdrawn is not None or (installed is not None and package.version <= installed):
        reasons = explainer.never_installed(package) if package.withdrawn else [
            Fact("never_down", f"versions never go down, and"
                 f" {catalog.label(package.family, installed)} is installed",  # type: ignore[arg-type]
                 family=package.family, version=str(installed), packages=(package.label,))]
        tree = Derivation(f"not-offered:{package.key}", f"{package.label} is not offered",
                          tuple(reasons))
        return Explanation(package.label, tree, "Nothing to install: it is not offered.")
    unmet = unmet_requirements(catalog, package, start)
    if not unmet:
        return None
    causes: list[Cause] = []
    for item in unmet:
        causes.append(explainer.requires_fact(package, item.requirement))
        causes.append(explainer.installed_fact(item.requirement.family))
    causes = list(dict.fromkeys(causes))  # two unmet requirements on one family: one fact
    route = unlock_in(graph, catalog, start, package)
    if route is not None:
        tree = Derivation(f"greyed:{package.key}", f"{package.label} is greyed out", tuple(causes))
        labels = [s.package.label for s in route.steps]
        action = f"Install {_then(labels)} first."
        return Explanation(package.label, tree, action)
    never = [c for c in explainer.never_installed(package) if c not in causes]
    tree = Derivation(f"greyed:{package.key}", f"{package.label} is greyed out, and no plan"
                      " makes it available", (*causes, *never))
    hints = _what_if(catalog, start, Goal((Requirement(package.family,
                     SpecifierSet(f"=={package.version}")),)), (), True, tree, max_states)
    return Explanation(package.label, tree, _action(hints, tree), hints)


def skipped(result: Plan, *, max_states: int | None = MAX_STATES) -> tuple[Skipped, ...]:
    """Packages newer than the target in the goal's families, and why each is left out."""
    if not isinstance(result, Plan):
        raise InputError("plan", result, "expected a Plan (from bomgar_paths.plan)")
    catalog, start = result.catalog, result.start
    left_out = result.left_out()
    if not left_out:
        return ()
    graph = _explored(catalog, start, result.goal, result.holds, result.soak, max_states)
    explainer = _Explainer(catalog, graph, start, result.holds)
    out = []
    for package in left_out:
        exact = Requirement(package.family, SpecifierSet(f"=={package.version}"))
        if explainer.ever(exact):
            reason: Derivation | Fact = Fact(
                "trade_off", f"{package.label} can be reached, but only in states that"
                " give up a newer version of a more important family",
                packages=(package.label,))
        else:
            found = explainer.never(exact)
            assert isinstance(found, Derivation)
            reason = found
        out.append(Skipped(package, reason))
    return tuple(out)


# -- what-if hints -------------------------------------------------------------


def _leaves(tree: Derivation) -> list[Fact]:
    found: list[Fact] = []
    seen: set[str] = set()

    def walk(node: Cause) -> None:
        if isinstance(node, Fact):
            found.append(node)
        elif isinstance(node, Derivation) and node.key not in seen:
            seen.add(node.key)
            for cause in node.causes:
                walk(cause)

    walk(tree)
    return found


def _blockers(tree: Derivation) -> list[Fact]:
    """Facts of the tree that the user controls: holds and withdrawn packages."""
    return list(dict.fromkeys(f for f in _leaves(tree) if f.kind in ("hold", "withdrawn")))


def _what_if(catalog: Catalog, start: State, goal: Goal, holds: Sequence[Requirement],
             soak: bool, tree: Derivation, max_states: int | None,
             max_size: int = 3) -> tuple[WhatIf, ...]:
    """The smallest sets of blockers whose removal makes the goal reachable."""
    blockers = _blockers(tree)
    held = [f for f in blockers if f.kind == "hold"]
    withdrawn = [f for f in blockers if f.kind == "withdrawn"]
    options: list[tuple[str, Fact]] = (
        [(f"the hold {f.requirement}", f) for f in dict.fromkeys(
            Fact("hold", "", requirement=f.requirement) for f in held)]
        + [(f"the withdrawal of {_names(list(f.packages))}", f) for f in withdrawn])
    found: list[WhatIf] = []
    chosen: list[set[str]] = []
    for size in range(1, min(max_size, len(options)) + 1):
        for subset in combinations(options, size):
            names = {name for name, _ in subset}
            if any(c <= names for c in chosen):
                continue
            drop_holds = {f.requirement for _, f in subset if f.kind == "hold"}
            revive = {label for _, f in subset if f.kind == "withdrawn" for label in f.packages}
            packages = [attrs.evolve(p, withdrawn=None) if p.label in revive else p
                        for p in catalog.packages]
            changed = Catalog.from_entries(catalog.families.values(), packages,
                                           source=catalog.source, digest=catalog.digest)
            kept = [h for h in holds if str(h) not in drop_holds]
            try:
                result = plan(changed, start, goal, kept, soak=soak, max_states=max_states)
            except (Unreachable, BomgarPathsError):  # past the limit too: no hint
                continue
            chosen.append(names)
            found.append(WhatIf(tuple(sorted(names)), result))
    return tuple(found)


def _action(hints: Sequence[WhatIf], tree: Derivation | None = None) -> str:
    leaves = _leaves(tree) if tree is not None else []
    if not hints and tree is not None and tree.key.startswith("goal:") and all(
        not isinstance(c, Derivation) for c in tree.causes
    ) and any(f.kind == "never_together" for f in leaves):
        return ("These goals exclude each other: ask for one of them, or for versions that can"
                " be installed together.")
    if not hints and any(f.kind == "never_down" for f in leaves):
        return ("It can no longer be reached on this appliance: versions never go down, and it"
                " needs versions older than those installed.")
    if not hints:
        return ("Nothing you control unlocks it with this catalog: check /appliance > Updates"
                " for packages newer than the catalog lists, and add them to your catalog.")
    best = min(hints, key=lambda h: (h.plan.totals.soak_hours, h.plan.totals.installs))
    t = best.plan.totals
    return (f"Without {_names(list(best.remove))} it can be reached in {t.installs}"
            f" install{'s' if t.installs != 1 else ''} ({t.soak_hours:g} h of soak).")


# -- words ----------------------------------------------------------------------


def _names(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    if len(items) > 6:
        return f"{', '.join(items[:3])}, … and {items[-1]} ({len(items)} packages)"
    return ", ".join(items[:-1]) + " and " + items[-1]


def _then(labels: list[str]) -> str:
    if len(labels) <= 4:
        return ", then ".join(labels)
    return f"{labels[0]}, then {labels[1]} (and {len(labels) - 2} more, as the plan lists)"


def _labels(packages: Sequence[Package]) -> tuple[str, ...]:
    return tuple(p.label for p in packages)


def _spec(specifier: SpecifierSet) -> str:
    return format_specifier(specifier)


def _state(state: State) -> str:
    return str(state) or "nothing installed"
