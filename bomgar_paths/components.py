"""The target configuration, chosen by resolvelib (DESIGN §3, issue 12).

A plan is a shortest path through states, which the planner computes
itself; a resolver answers another question: *which* versions can coexist.
``configuration(catalog, start, goal, holds)`` asks resolvelib for the
newest configuration, family by family in priority order, in which every
installed package's ``works_with`` holds and the goal and the holds are met.

- **Identifiers** are families: those installed at the start and those the goal
  names.
- **Candidates** are exactly the versions a plan could end at: the installed
  version (even when the catalog does not list it), "not installed" where the
  family is not (first: installing a family meets no ``works_with``), and newer
  packages that are not withdrawn and that every hold allows; newest first.
- **Dependencies** of a candidate are its package's ``works_with``, each met by
  a version it accepts or by "not installed"; the goal's requirements are the
  root requirements.

``requires`` is not a constraint here: it holds at install time only, and the
order of installs is the planner's business. So a configuration need not be
reachable, and the planner never trusts it over its own search: every
reachable target is a consistent configuration, so a configuration is an upper
bound on the target in the goal's families only when resolvelib found the
greatest one (its backjumping can report a conflict that is not there, or
stop at a lesser configuration; ``tests/property/test_components.py`` checks
for both on small catalogs). When there is none, ``NoConfiguration`` carries
resolvelib's causes as typed values, which explanations word.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
from packaging.version import Version

from .model import Goal, Package, Requirement, State

if TYPE_CHECKING:
    from .catalog import Catalog

__all__ = ["Candidate", "Cause", "Need", "NoConfiguration", "configuration"]

#: resolvelib's rounds: each pins one family or backtracks once. A configuration of a
#: catalog's families needs a few per family; past this the question is refused.
MAX_ROUNDS = 10_000


@attrs.frozen
class Candidate:
    """A family at a version, or not installed (``version`` None)."""

    family: str
    version: Version | None
    package: Package | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen
class Need:
    """What a configuration must meet for a family: the goal's requirement, or a
    ``works_with`` of a chosen package (``of``), which "not installed" meets too."""

    requirement: Requirement
    of: Candidate | None = None  # None: the goal (or a pin of ``configuration``)
    absent: bool | None = None  # does "not installed" meet it? None: when ``of`` is given
    # A pin of ``configuration``: this very version, or one newer than it (compared as
    # versions: a specifier's ">1.0" refuses 1.0.post0, and "==1.0" admits 1.0+fips).
    exactly: Version | None = None
    newer_than: Version | None = None

    def allows(self, candidate: Candidate) -> bool:
        if candidate.version is None:
            # A works_with states compatibility, not presence.
            return self.of is not None if self.absent is None else self.absent
        if self.exactly is not None:
            return candidate.version == self.exactly
        if self.newer_than is not None:
            return candidate.version > self.newer_than
        return self.requirement.allows(candidate.version)


@attrs.frozen
class Cause:
    """One of resolvelib's causes of a conflict: a need, and who asked for it."""

    need: Need


class NoConfiguration(Exception):
    """No versions meet the goal, the holds and every ``works_with`` together."""

    def __init__(self, causes: Sequence[Cause], too_deep: bool = False) -> None:
        super().__init__(f"{len(causes)} conflicting requirements")
        self.causes = tuple(causes)
        self.too_deep = too_deep  # resolvelib gave up (MAX_ROUNDS): it is not known


class _Provider:
    """resolvelib's provider over a catalog (its AbstractProvider's methods)."""

    def __init__(self, catalog: Catalog, start: State, holds: Sequence[Requirement],
                 order: Sequence[str]) -> None:
        self.catalog, self.start = catalog, start
        # Pinned in this order (the goal's families first), then the catalog's.
        self.order = {name: k for k, name in enumerate(
            [*order, *(f for f in catalog.family_order() if f not in order)])}
        self.candidates: dict[str, list[Candidate]] = {}
        for family in catalog.family_order():
            installed = start.get(family)
            newer = [p for p in reversed(catalog.packages_of(family))
                     if p.withdrawn is None and (installed is None or p.version > installed)
                     and all(h.allows(p.version) for h in holds if h.family == family)]
            found = [Candidate(family, p.version, p) for p in newer]
            if installed is not None:
                found.append(Candidate(family, installed, catalog.package(family, installed)))
            else:  # a family not installed stays so first: installing it meets no works_with
                found.insert(0, Candidate(family, None))
            self.candidates[family] = found

    def identify(self, requirement_or_candidate: Need | Candidate) -> str:
        if isinstance(requirement_or_candidate, Need):
            return requirement_or_candidate.requirement.family
        return requirement_or_candidate.family

    def get_preference(self, identifier: str, resolutions: Mapping[str, Candidate],
                       candidates: Mapping[str, Iterator[Candidate]],
                       information: Mapping[str, Iterator[Any]],
                       backtrack_causes: Sequence[Any]) -> tuple[int, str]:
        # Family priority order: the most important family is pinned first, newest first.
        return (self.order.get(identifier, len(self.order)), identifier)

    def find_matches(self, identifier: str, requirements: Mapping[str, Iterator[Need]],
                     incompatibilities: Mapping[str, Iterator[Candidate]]) -> list[Candidate]:
        needs = list(requirements[identifier])
        bad = set(incompatibilities[identifier])
        return [c for c in self.candidates.get(identifier, [])
                if c not in bad and all(n.allows(c) for n in needs)]

    def is_satisfied_by(self, requirement: Need, candidate: Candidate) -> bool:
        return requirement.allows(candidate)

    def get_dependencies(self, candidate: Candidate) -> list[Need]:
        if candidate.package is None:
            return []
        return [Need(r, candidate) for r in candidate.package.works_with
                if r.family in self.candidates]

    def narrow_requirement_selection(self, identifiers: Iterable[str],
                                     resolutions: Mapping[str, Candidate],
                                     candidates: Mapping[str, Iterator[Candidate]],
                                     information: Mapping[str, Iterator[Any]],
                                     backtrack_causes: Sequence[Any]) -> Iterable[str]:
        return identifiers


def configuration(catalog: Catalog, start: State, goal: Goal = Goal(),
                  holds: Sequence[Requirement] = ()) -> dict[str, Version | None]:
    """The greatest consistent configuration, family by family, the goal's families
    first (each group in priority order): for each family installed at the start or
    named by the goal, its version (None: not installed). Raises ``NoConfiguration``
    with resolvelib's causes (``too_deep``: resolvelib gave up, nothing is known).

    resolvelib pins the most important family first, newest first, but its
    backjumping may settle on a lesser configuration. So the answer is raised
    until resolvelib finds nothing greater: with the families before ``k`` pinned
    to the answer's versions, is there one with family ``k`` newer? Each yes is a
    greater answer; when every ``k`` says no, it is the greatest.
    """
    from packaging.specifiers import SpecifierSet  # noqa: PLC0415

    families = [f for f in catalog.family_order()
                if f in start.versions or any(r.family == f for r in goal.requirements)]
    # The goal's families first (in priority order): the greatest configuration of
    # *those* bounds the target, whatever a more important family the goal does not
    # name would rather have.
    named = goal.named(start)
    families = [f for f in families if f in named] + [f for f in families if f not in named]
    provider = _Provider(catalog, start, holds, families)
    roots = [Need(r) for r in goal.requirements]
    best = _resolve(provider, families, roots)
    raised = True
    while raised:
        raised = False
        for k, family in enumerate(families):
            pins = [_pin(f, best[f]) for f in families[:k]]
            version = best[family]
            newer = Need(Requirement(family, SpecifierSet()), absent=False, newer_than=version)
            try:
                found = _resolve(provider, families, [*roots, *pins, newer])
            except NoConfiguration as error:
                if error.too_deep:  # not a "no": nothing may be trusted from here
                    raise
                continue
            better = found[family]
            if better is not None and (version is None or better > version):
                best, raised = found, True
                break
    return best


def _pin(family: str, version: Version | None) -> Need:
    from packaging.specifiers import SpecifierSet  # noqa: PLC0415

    return Need(Requirement(family, SpecifierSet()), absent=version is None, exactly=version)


def _resolve(provider: _Provider, families: Sequence[str],
             roots: Sequence[Need]) -> dict[str, Version | None]:
    from packaging.specifiers import SpecifierSet  # noqa: PLC0415
    from resolvelib import BaseReporter, ResolutionImpossible, Resolver  # noqa: PLC0415
    from resolvelib.resolvers import ResolutionTooDeep  # noqa: PLC0415

    # Every family of the question is resolved: an "any version" need for each.
    anything = [Need(Requirement(f, SpecifierSet()), Candidate(f, None)) for f in families]
    resolver: Any = Resolver(provider, BaseReporter())  # type: ignore[arg-type]
    try:
        result = resolver.resolve([*roots, *anything], max_rounds=MAX_ROUNDS)
    except ResolutionImpossible as error:
        # Without the "any version" needs: they ask for nothing.
        raise NoConfiguration([Cause(c.requirement) for c in error.causes
                               if c.requirement not in anything]) from None
    except ResolutionTooDeep:
        raise NoConfiguration([], too_deep=True) from None
    return {f: result.mapping[f].version for f in families}
