"""The domain as frozen values: families, packages, requirements, states, goals.

Everything here is parsed already: versions are ``packaging`` ``Version``
objects and requirements hold ``SpecifierSet`` objects, so the planner never
touches a string. Text enters through ``State.parse``, ``Requirement.parse``
and the catalog loader, and leaves through ``str()`` and the renderers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date

import attrs
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from .errors import InputError
from .versions import parse_specifier, parse_version

__all__ = [
    "FAMILY_NAME",
    "Family",
    "Goal",
    "Package",
    "Requirement",
    "State",
    "format_specifier",
]

#: Family names: lower-case, as in ``[family.base]`` and ``base=3.2.4``.
FAMILY_NAME = re.compile(r"[a-z][a-z0-9_-]*")
_REQUIREMENT = re.compile(r"\s*(?P<family>[a-z][a-z0-9_-]*)\s*(?P<spec>[<>=!~].*)$")


@attrs.frozen
class Family:
    """A line of packages that replace each other (``base``, ``bomgar``)."""

    name: str
    label: str = "{family} {version}"  # display template of its packages
    soak_hours: float = 0
    install_minutes: float = 30
    priority: int = 100  # lower is more important when choosing "latest"
    clients_update: bool = False  # installing it makes deployed clients update

    @property
    def rank(self) -> tuple[int, str]:
        """Sort key of families: priority first, then name."""
        return (self.priority, self.name)


@attrs.frozen(order=False)
class Requirement:
    """A family and the versions of it that are acceptable (``base>=3.3.2``)."""

    family: str
    specifier: SpecifierSet
    # Written once: hashing or printing a SpecifierSet canonicalises every
    # clause, which the planner would otherwise pay for on every plan.
    text: str = attrs.field(init=False, eq=False, repr=False)

    @text.default
    def _text(self) -> str:
        return f"{self.family}{format_specifier(self.specifier)}"

    @classmethod
    def parse(cls, text: str, what: str = "requirement") -> Requirement:
        """Read ``FAMILY SPECIFIERS`` such as ``bomgar>=15,<16``.

        ``what`` names the input in errors ("goal", "hold").
        """
        match = _REQUIREMENT.match(text)
        if not match:
            hint = " (family names are lower-case)" if text[:1].isupper() else ""
            raise InputError(
                what, text, f"expected a family and a specifier set, such as 'base>=3.3.2'{hint}"
            )
        try:
            spec = parse_specifier(match["spec"])
        except ValueError as error:
            raise InputError(what, text, str(error)) from None
        return cls(match["family"], spec)

    def allows(self, version: Version | None) -> bool:
        """True when ``version`` (None: not installed) meets the requirement.

        Pre-releases count like any other version (DESIGN §2.3).
        """
        return version is not None and self.specifier.contains(version, prereleases=True)

    def __str__(self) -> str:
        return self.text


# Lower bounds read first: ">=15,<16", not packaging's sorted "<16,>=15".
_OPERATOR_ORDER = {">=": 0, ">": 1, "~=": 2, "==": 3, "===": 4, "!=": 5, "<=": 6, "<": 7}


def format_specifier(specifier: SpecifierSet) -> str:
    """A specifier set as people write it, lower bounds first."""
    parts = sorted(specifier, key=lambda s: (_OPERATOR_ORDER.get(s.operator, 9), s.version))
    return ",".join(str(s) for s in parts)


@attrs.frozen(order=False)
class Package:
    """One installable release; family defaults are already applied."""

    family: str
    version: Version
    label: str  # "Base Software 3.3.2", keeping the vendor's spelling
    requires: tuple[Requirement, ...] = ()
    soak_hours: float = 0
    install_minutes: float = 30
    released: date | None = None
    withdrawn: str | None = None  # the reason; withdrawn packages are never offered
    source: str | None = None
    notes: str | None = None
    spelling: str = ""  # the version as the catalog wrote it ("14.3.3fips")

    @property
    def key(self) -> tuple[str, Version]:
        return (self.family, self.version)

    def __str__(self) -> str:
        return self.label


def _frozen_versions(
    items: Mapping[str, Version] | Iterable[tuple[str, Version]],
) -> Mapping[str, Version]:
    return _FrozenVersions(items)


@attrs.frozen(order=False)
class State:
    """The installed version of each family; families not listed are not installed."""

    versions: Mapping[str, Version] = attrs.field(converter=_frozen_versions, factory=dict)

    @classmethod
    def parse(cls, text: str) -> State:
        """Read ``FAMILY=VERSION`` pairs joined by commas: ``base=3.2.4,bomgar=11.1.2``."""
        versions: dict[str, Version] = {}
        parts = [p.strip() for p in text.split(",")] if text.strip() else []
        for part in parts:
            if not part:
                raise InputError("state", text, "an empty FAMILY=VERSION between commas")
            family, sep, version_text = (s.strip() for s in part.partition("="))
            if not sep or not family or not version_text:
                raise InputError("state", text, f"{part!r} is not FAMILY=VERSION")
            if not FAMILY_NAME.fullmatch(family):
                raise InputError("state", text, f"{family!r} is not a family name (lower-case)")
            if family in versions:
                raise InputError("state", text, f"family {family!r} is named twice")
            try:
                versions[family] = parse_version(version_text)
            except ValueError as error:
                raise InputError("state", text, str(error)) from None
        return cls(versions)

    def get(self, family: str) -> Version | None:
        return self.versions.get(family)

    def with_version(self, family: str, version: Version) -> State:
        return State({**self.versions, family: version})

    def satisfies(self, requirement: Requirement) -> bool:
        return requirement.allows(self.get(requirement.family))

    def __iter__(self) -> Iterator[tuple[str, Version]]:
        return iter(self.versions.items())

    def __str__(self) -> str:
        return ",".join(f"{family}={version}" for family, version in self.versions.items())


class _FrozenVersions(Mapping[str, Version]):
    """An immutable, hashable, name-sorted mapping of family to version."""

    __slots__ = ("_hash", "_items")

    def __init__(self, items: Mapping[str, Version] | Iterable[tuple[str, Version]]) -> None:
        pairs = items.items() if isinstance(items, Mapping) else items
        self._items: dict[str, Version] = dict(sorted(pairs))
        self._hash = hash(tuple(self._items.items()))

    def __getitem__(self, family: str) -> Version:
        return self._items[family]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self._items == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return repr({family: str(version) for family, version in self._items.items()})


@attrs.frozen
class Goal:
    """What the plan must reach: ``latest`` (no requirements) or explicit requirements."""

    requirements: tuple[Requirement, ...] = ()

    @classmethod
    def parse(cls, texts: Iterable[str]) -> Goal:
        """Read ``--to`` values; ``latest`` (or nothing) is the default goal."""
        texts = list(texts)
        if any(not t.strip() for t in texts):
            raise InputError("goal", "", "empty; write 'latest' or a requirement such as"
                             " 'bomgar>=23.2'")
        if not texts or [t.strip() for t in texts] == ["latest"]:
            return cls()
        if "latest" in (t.strip() for t in texts):
            raise InputError("goal", "latest", "'latest' cannot be combined with other goals:"
                             " give either latest or requirements, one per family")
        requirements = [Requirement.parse(t, "goal") for t in texts]
        families = [r.family for r in requirements]
        for family in families:
            if families.count(family) > 1:
                raise InputError(
                    "goal", ",".join(texts), f"family {family!r} is named twice; join its"
                    " clauses in one specifier set (bomgar>=15,<16)"
                )
        return cls(tuple(requirements))

    @property
    def is_latest(self) -> bool:
        return not self.requirements

    def __str__(self) -> str:
        return "latest" if self.is_latest else " ".join(map(str, self.requirements))
