"""One package's diagnosis, the answer of ``why``: its status, the plan that unlocks it
and the explanation, from one search.

(Apart from ``updates``, whose page never needs it: the ``updates`` command does not
pay for making these classes at start-up.)
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from ._search import search
from .catalog import Catalog
from .coexistence import Conflict, breaks
from .model import Package, State, check_catalog
from .planner import MAX_STATES, Plan, check_families, required_families
from .updates import (
    Unmet,
    checked_patches,
    is_offered,
    plan_to_empty,
    unlock_in,
    unmet_requirements,
)

if TYPE_CHECKING:
    from .explain import Explanation, Fact

__all__ = ["Diagnosis", "Status", "diagnose"]


class Status(enum.StrEnum):
    """Where a package stands in a state (the values are the JSON's words)."""

    AVAILABLE = "available"
    GREYED = "greyed"  # offered, requirements unmet, ``unlock`` makes it available
    UNREACHABLE = "unreachable"  # offered, but no plan makes it available
    INSTALLED = "installed"  # this version or a newer one is installed: not offered
    # Available, but installing it now would break a works_with (``breaks``); ``unlock``
    # is the cheapest plan after which it breaks none (None: no plan does).
    CONFLICTS = "conflicts"
    WITHDRAWN = "withdrawn"


class _Answer(NamedTuple):
    package: Package
    state: State
    status: Status
    unmet: tuple[Unmet, ...]
    unlock: Plan | None
    explanation: Explanation | None = None  # a tree: not compared
    # The catalog it was asked of: render names it, and labels the installed versions.
    catalog: Catalog | None = None
    breaks: tuple[Conflict, ...] = ()
    patched: tuple[str, ...] = ()  # applied patches


class Diagnosis(_Answer):
    """Why one package is or is not installable in a state.

    ``explanation`` is the derivation tree and what to do (None when the
    package is available); ``reasons`` its short form: the unmet
    requirements, then for a package no plan makes available (or one that is
    not offered) the facts that say why.
    """

    __slots__ = ()

    # A named tuple (an answer only read; an attrs class costs several times as much to
    # make at start), compared and hashed without the explanation and the catalog, and
    # written without the catalog, as the attrs class it was.
    def _compared(self) -> tuple[object, ...]:
        return (self.package, self.state, self.status, self.unmet, self.unlock, self.breaks,
                self.patched)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Diagnosis) or other.__class__ is not self.__class__:
            return NotImplemented
        return self._compared() == other._compared()

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        return hash(self._compared())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields
                          if name != "catalog")
        return f"{type(self).__name__}({shown})"

    @property
    def reasons(self) -> tuple[Unmet | Fact, ...]:
        if self.explanation is None or self.status is Status.GREYED:
            return self.unmet
        return self.unmet + self.explanation.telling


def diagnose(
    catalog: Catalog,
    state: State | str,
    package: Package | str,
    *,
    max_states: int | None = MAX_STATES,
    patched: Sequence[str] = (),
) -> Diagnosis:
    """Say why ``package`` is greyed out (or not offered) in ``state``, and what unlocks it.

    ``state`` may be text and ``package`` a label (``Bomgar-12.2.0``). One
    search serves the status, the unlock plan and the explanation. ``patched``
    (patches applied) says which advisories no longer affect the state.
    """
    catalog, state = check_catalog(catalog), State.coerce(state)
    return _diagnose(catalog, state, package, max_states)._replace(
        patched=checked_patches(catalog, patched, state))


def _diagnose(catalog: Catalog, state: State, package: Package | str,
              max_states: int | None) -> Diagnosis:
    package = Package.coerce(package, catalog)
    check_families(catalog, state)
    offered = is_offered(package, state)
    unmet = unmet_requirements(catalog, package, state) if offered else ()
    conflicts = breaks(catalog, state, package) if offered and not unmet else ()
    if offered and not unmet and not conflicts:
        return Diagnosis(package, state, Status.AVAILABLE, (), plan_to_empty(catalog, state),
                         catalog=catalog)
    if conflicts:
        found = search(catalog, state, max_states=max_states,
                       families=required_families(catalog, [package.family], starts=(state,)))
        return Diagnosis(package, state, Status.CONFLICTS, (), unlock_in(found, catalog, package),
                         catalog=catalog, breaks=conflicts)
    from . import explain  # noqa: PLC0415  (loaded when something needs explaining)

    found = search(catalog, state, max_states=max_states,
                   families=required_families(catalog, [package.family], holds=None,
                                             starts=(state,)))
    explanation = explain.package_explanation(catalog, found, package, max_states)
    if package.withdrawn is not None:
        return Diagnosis(package, state, Status.WITHDRAWN, (), None, explanation, catalog=catalog)
    if not offered:  # this version or a newer one is installed
        return Diagnosis(package, state, Status.INSTALLED, (), None, explanation, catalog=catalog)
    plan = unlock_in(found, catalog, package)
    if plan is None:
        return Diagnosis(package, state, Status.UNREACHABLE, unmet, None, explanation,
                         catalog=catalog)
    return Diagnosis(package, state, Status.GREYED, unmet, plan, explanation, catalog=catalog)
