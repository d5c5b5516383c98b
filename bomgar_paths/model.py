"""The domain as frozen values: families, packages, requirements, states, goals.

Everything here is parsed already: versions are ``packaging`` ``Version``
objects and requirements hold ``SpecifierSet`` objects, so the planner never
touches a string. Text enters through ``State.parse``, ``Requirement.parse``
and the catalog loader, and leaves through ``str()`` and the renderers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

import attrs
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from .errors import Code, InputError, ParseError, Reason, quote
from .versions import parse_specifier, parse_version

if TYPE_CHECKING:
    from datetime import date

    from .catalog import Catalog

__all__ = [
    "FAMILY_NAME",
    "Family",
    "Goal",
    "Package",
    "Requirement",
    "State",
    "ascii_lower",
    "check_catalog",
    "check_holds",
    "format_specifier",
    "value_repr",
]

#: Family names: lower-case, as in ``[family.base]`` and ``base=3.2.4``.
FAMILY_NAME = re.compile(r"[a-z][a-z0-9_-]*")

_REPR_FIELDS: dict[type, tuple[tuple[str, Callable[[object], str]], ...]] = {}


def value_repr(self: attrs.AttrsInstance) -> str:
    """The repr attrs writes, ``Family(name='base', label=...)``, as one function.

    The value classes on the command line's way (here, ``catalog``, ``advisories``,
    ``planner``, ``diagnosis``) take it with ``repr=False``: attrs compiles the methods
    it writes for each class at import, and its ``__repr__`` is the largest of them
    (about 0.2 ms a class at every start, issue 10). The text is the same; attrs' guard
    against a value that contains itself is left out, as a frozen value cannot.
    """
    cls = type(self)
    shown = _REPR_FIELDS.get(cls)
    if shown is None:  # (name, how it is written) of each field that repr shows
        shown = _REPR_FIELDS[cls] = tuple((a.name, repr if a.repr is True else a.repr)
                                          for a in attrs.fields(cls) if a.repr)
    fields = ", ".join(f"{name}={write(getattr(self, name))}" for name, write in shown)
    return f"{cls.__qualname__.rsplit('>.', 1)[-1]}({fields})"


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def ascii_lower(text: str) -> str:
    """``text`` with A-Z lowered and nothing else changed.

    Keywords, day names and labels are matched this way, never with
    ``str.lower``: that knows no locale ("I" is "i", never Turkish "ı") but
    changes other letters, and "İ".lower() is two code points.
    """
    return text.translate(_ASCII_LOWER)
_REQUIREMENT = re.compile(r"\s*(?P<family>[a-z][a-z0-9_-]*)\s*(?P<spec>[<>=!~].*)$")


@attrs.frozen(repr=False)
class Family:
    """A line of packages that replace each other (``base``, ``bomgar``)."""

    __repr__ = value_repr

    name: str
    label: str = "{family} {version}"  # display template of its packages
    soak_hours: float = 0
    install_minutes: float = 30
    priority: int = 100  # lower is more important when choosing "latest"
    clients_update: bool = False  # installing it makes deployed clients update
    # Installed outside the appliance (an integration, a provider): its own label and
    # estimate, no soak by default, and planned only where a works_with asks for it.
    external: bool = False

    @property
    def rank(self) -> tuple[int, str]:
        """Sort key of families: priority first, then name."""
        return (self.priority, self.name)


@attrs.frozen(order=False, repr=False)
class Requirement:
    """A family and the versions of it that are acceptable (``base>=3.3.2``)."""

    __repr__ = value_repr

    family: str
    specifier: SpecifierSet
    # ``text``, once asked. A slot of its own rather than functools.cached_property: on a
    # slotted class attrs compiles a __getattr__ for that, which every start pays for.
    _text: str | None = attrs.field(default=None, init=False, eq=False, repr=False)

    @property
    def text(self) -> str:
        """Written once, when first asked (printing a SpecifierSet canonicalises every
        clause; a catalog of thousands of requirements prints few of them)."""
        text = self._text
        if text is None:
            text = f"{self.family}{format_specifier(self.specifier)}"
            object.__setattr__(self, "_text", text)
        return text

    @classmethod
    def parse(cls, text: str, what: str = "requirement") -> Requirement:
        """Read ``FAMILY SPECIFIERS`` such as ``bomgar>=15,<16``.

        ``what`` names the input in errors ("goal", "hold").
        """
        if not isinstance(text, str):
            raise InputError(what, text, Reason(Code.EXPECTED_REQUIREMENT_TEXT))
        match = _REQUIREMENT.match(text)
        if not match:
            code = Code.REQUIREMENT_UPPER_CASE if text[:1].isupper() else Code.REQUIREMENT_MALFORMED
            raise InputError(what, text, Reason(code))
        try:
            spec = parse_specifier(match["spec"])
        except ParseError as error:
            raise InputError(what, text, error.reason) from None
        return cls(match["family"], spec)

    @classmethod
    def coerce(cls, value: Requirement | str, what: str = "requirement") -> Requirement:
        """A ``Requirement`` as given, or read from text (``"base<7"``)."""
        return value if isinstance(value, Requirement) else cls.parse(value, what)

    @classmethod
    def coerce_all(cls, values: Iterable[Requirement | str] | Requirement | str,
                   what: str = "requirement") -> tuple[Requirement, ...]:
        """Requirements (holds) as given: one requirement or its text counts as one."""
        if isinstance(values, Requirement | str):
            return (cls.coerce(values, what),)
        if not isinstance(values, Iterable):
            raise InputError(what, values, Reason(Code.EXPECTED_REQUIREMENTS))
        return tuple(cls.coerce(value, what) for value in values)

    def passed_by(self, version: Version | None) -> bool:
        """True when ``version`` is newer than every version the requirement allows.

        Versions never go down, so a state with ``version`` installed can
        never meet it again: ``base<3`` with Base 3.2.4 installed. A version
        below a lower bound (``base>=8`` with 7.2.1) is not passed.
        """
        if version is None or self.allows(version):
            return False
        return any(_caps_below(clause.operator, clause.version, version)
                   for clause in self.specifier)

    def allows(self, version: Version | None) -> bool:
        """True when ``version`` (None: not installed) meets the requirement.

        Pre-releases count like any other version (DESIGN §2.3).
        """
        return version is not None and self.specifier.contains(version, prereleases=True)

    def __str__(self) -> str:
        return self.text


def _caps_below(operator: str, bound: str, version: Version) -> bool:
    """Does the clause ``operator bound`` allow only versions older than ``version``?"""
    if operator in ("<", "<="):
        limit = Version(bound)
        return version >= limit if operator == "<" else version > limit
    if operator == "==" and not bound.endswith(".*"):
        return version > Version(bound)
    if operator in ("==", "~="):  # a prefix: ==7.1.* allows 7.1.x; ~=7.1.2 allows 7.1.x too
        base = Version(bound.removesuffix(".*"))
        prefix = base.release if operator == "==" else base.release[:-1]
        release = (version.release + (0,) * len(prefix))[: len(prefix)]
        return (version.epoch, release) > (base.epoch, prefix)
    return False  # >, >=, != and === set no upper bound


# Lower bounds read first: ">=15,<16", not packaging's sorted "<16,>=15".
_OPERATOR_ORDER = {">=": 0, ">": 1, "~=": 2, "==": 3, "===": 4, "!=": 5, "<=": 6, "<": 7}


def format_specifier(specifier: SpecifierSet) -> str:
    """A specifier set as people write it, lower bounds first."""
    clauses = list(specifier)
    if len(clauses) == 1:  # most requirements: no sort (a third of a clause's reading time)
        return str(clauses[0])
    if len(clauses) == 2:  # a range (>=15,<16): one comparison, as sorted() would order it
        first, second = clauses
        if (_OPERATOR_ORDER.get(first.operator, 9), first.version) > (
                _OPERATOR_ORDER.get(second.operator, 9), second.version):
            first, second = second, first
        return f"{first},{second}"
    parts = sorted(clauses, key=lambda s: (_OPERATOR_ORDER.get(s.operator, 9), s.version))
    return ",".join(str(s) for s in parts)


@attrs.frozen(order=False, repr=False)
class Package:
    """One installable release; family defaults are already applied."""

    __repr__ = value_repr

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
    # While installed, the named families must be at versions these accept (a family
    # that is not installed accepts: compatibility, not presence; DESIGN §2.3).
    works_with: tuple[Requirement, ...] = ()

    @property
    def key(self) -> tuple[str, Version]:
        return (self.family, self.version)

    @classmethod
    def coerce(cls, value: Package | str, catalog: Catalog) -> Package:
        """A package of ``catalog``: as given, or found by its label (``Bomgar-12.2.0``)
        or ``FAMILY=VERSION``; a package the catalog does not hold is an ``InputError``."""
        if isinstance(value, str):
            return catalog.find(value)
        if not isinstance(value, Package):
            raise InputError("package", value, Reason(Code.EXPECTED_PACKAGE))
        if catalog.package(value.family, value.version) is None:
            raise InputError("package", value.label, Reason(Code.PACKAGE_NOT_IN_CATALOG))
        return value

    def __str__(self) -> str:
        return self.label


def _frozen_versions(
    items: Mapping[str, Version | str] | Iterable[tuple[str, Version | str]],
) -> Mapping[str, Version]:
    """The converter of ``State.versions``: checks what callers pass in.

    Versions may be given as text (``State({"base": "3.2.4"})``); anything
    else that is not a ``Version`` is an ``InputError``.
    """
    if isinstance(items, _FrozenVersions):
        return items
    if isinstance(items, str) or not isinstance(items, Mapping | Iterable):
        raise InputError("state", items, Reason(Code.EXPECTED_STATE_MAPPING))
    pairs = items.items() if isinstance(items, Mapping) else items
    return _FrozenVersions(_checked(pair) for pair in pairs)


def _checked(pair: object) -> tuple[str, Version]:
    """One family and version, as ``State`` takes them."""
    if not (isinstance(pair, tuple) and len(pair) == 2):
        raise InputError("state", pair, Reason(Code.EXPECTED_PAIRS))
    family, version = pair
    if not isinstance(family, str) or not FAMILY_NAME.fullmatch(family):
        raise InputError("state", family, Reason(Code.FAMILY_NAME_TEXT))
    if isinstance(version, Version):
        return family, version
    if not isinstance(version, str):
        raise InputError("state", f"{family}={quote(version)}",
                         Reason(Code.EXPECTED_VERSION_TEXT))
    try:
        return family, parse_version(version)
    except ParseError as error:
        raise InputError("state", f"{family}={version}", error.reason) from None


@attrs.frozen(order=False, repr=False)
class State:
    """The installed version of each family; families not listed are not installed."""

    __repr__ = value_repr

    versions: Mapping[str, Version] = attrs.field(converter=_frozen_versions, factory=dict)

    @classmethod
    def parse(cls, text: str) -> State:
        """Read ``FAMILY=VERSION`` pairs joined by commas: ``base=3.2.4,bomgar=11.1.2``."""
        if not isinstance(text, str):
            raise InputError("state", text, Reason(Code.EXPECTED_STATE_TEXT))
        versions: dict[str, Version] = {}
        parts = [p.strip() for p in text.split(",")] if text.strip() else []
        for part in parts:
            if not part:
                raise InputError("state", text, Reason(Code.STATE_EMPTY_PAIR))
            family, sep, version_text = (s.strip() for s in part.partition("="))
            if not sep or not family or not version_text:
                raise InputError("state", text, Reason(Code.STATE_NOT_PAIR, part=part))
            if not FAMILY_NAME.fullmatch(family):
                raise InputError("state", text, Reason(Code.STATE_BAD_FAMILY, family=family))
            if family in versions:
                raise InputError("state", text, Reason(Code.STATE_FAMILY_TWICE, family=family))
            try:
                versions[family] = parse_version(version_text)
            except ParseError as error:
                raise InputError("state", text, error.reason) from None
        return cls(versions)

    @classmethod
    def coerce(cls, value: State | str | Mapping[str, Version | str]) -> State:
        """A ``State`` as given, read from text (``"base=3.2.4"``), or from a mapping
        of family to version (``{"base": "3.2.4"}``); else an ``InputError``."""
        if isinstance(value, State):
            return value
        if isinstance(value, str):
            return cls.parse(value)
        if isinstance(value, Mapping):
            return cls(value)
        raise InputError("state", value, Reason(Code.EXPECTED_STATE))

    def get(self, family: str) -> Version | None:
        return self.versions.get(family)

    def with_version(self, family: str, version: Version) -> State:
        # Only the new pair is checked: the others were when this state was made (the
        # Updates page makes a state per offered package).
        family, version = _checked((family, version))
        return State(_FrozenVersions({**self.versions, family: version}))

    def satisfies(self, requirement: Requirement) -> bool:
        return requirement.allows(self.get(requirement.family))

    def __iter__(self) -> Iterator[tuple[str, Version]]:
        return iter(self.versions.items())

    def __str__(self) -> str:
        return ",".join(f"{family}={version}" for family, version in self.versions.items())


def check_catalog(value: object) -> Catalog:
    """``value`` if it is a ``Catalog``, else an ``InputError`` saying how to get one."""
    from .catalog import Catalog  # noqa: PLC0415  (catalog.py imports this module)

    if not isinstance(value, Catalog):
        raise InputError("catalog", value, Reason(Code.EXPECTED_CATALOG))
    return value


def check_holds(start: State, holds: Iterable[Requirement]) -> None:
    """Reject a hold that the start state is already past (``base<7`` with Base 7.2.1).

    Holds constrain planned packages only, so such a hold would silently mean
    "plan no package of that family"; it is almost always a mistyped hold or
    state. A start below a hold's lower bound (``base>=8`` with 7.2.1) is fine:
    the hold then says which versions the plan may install.
    """
    for hold in holds:
        installed = start.get(hold.family)
        if hold.passed_by(installed):
            raise InputError("hold", str(hold), Reason(Code.HOLD_PASSED, family=hold.family,
                                                       installed=installed))


class _FrozenVersions(Mapping[str, Version]):
    """An immutable, hashable, name-sorted mapping of family to version."""

    __slots__ = ("_hash", "_items")

    def __init__(self, items: Mapping[str, Version] | Iterable[tuple[str, Version]]) -> None:
        pairs = items.items() if isinstance(items, Mapping) else items
        self._items: dict[str, Version] = dict(sorted(pairs))
        self._hash = hash(tuple(self._items.items()))

    def __getitem__(self, family: str) -> Version:
        return self._items[family]

    def get(self, family: str, default: Version | None = None) -> Version | None:  # type: ignore[override]
        # The dict's own get: Mapping's calls __getitem__ and catches KeyError, and
        # State.get (every requirement checked) comes here.
        return self._items.get(family, default)

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


@attrs.frozen(repr=False)
class Goal:
    """What the plan must reach: ``latest`` (no requirements) or explicit requirements;
    ``nearest``: the cheapest reachable state that meets them, instead of the newest
    (DESIGN §2.3; it needs requirements: with ``latest`` it would be the start)."""

    __repr__ = value_repr

    requirements: tuple[Requirement, ...] = ()
    nearest: bool = False
    # No advisory of the catalog affects the target (applied patches count): a goal of
    # its own (``--to unaffected``), which names no family, so alone it takes the
    # cheapest such state; with requirements, the newest in their families.
    unaffected: bool = False
    # Patches applied to the appliance (``--patched BT24-10-ONPREM1``): what the user
    # says of the start, carried with the goal so that every answer reads it alike.
    patched: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        if self.nearest and not self.requirements and not self.unaffected:
            raise InputError("goal", "latest", Reason(Code.NEAREST_NEEDS_GOAL))

    @classmethod
    def parse(cls, texts: Iterable[str] | str) -> Goal:
        """Read ``--to`` values; ``latest`` (or nothing) is the default goal.

        One text is one goal: ``Goal.parse("bomgar>=15")`` is
        ``Goal.parse(["bomgar>=15"])``, not a goal per character.
        """
        if isinstance(texts, str):
            texts = [texts]
        if not isinstance(texts, Iterable):
            raise InputError("goal", texts, Reason(Code.EXPECTED_GOAL))
        texts = list(texts)
        for text in texts:
            if not isinstance(text, str):
                raise InputError("goal", text, Reason(Code.EXPECTED_GOAL_TEXT))
        if any(not t.strip() for t in texts):
            raise InputError("goal", "", Reason(Code.GOAL_EMPTY))
        # "nearest" among the texts is the --nearest modifier (as a plan's JSON writes it).
        patched = tuple(dict.fromkeys(t.strip().removeprefix("patched=") for t in texts
                                      if t.strip().startswith("patched=")))
        if patched:
            texts = [t for t in texts if not t.strip().startswith("patched=")]
            return attrs.evolve(cls.parse(texts), patched=patched)
        nearest = any(t.strip() == "nearest" for t in texts)
        unaffected = any(t.strip() == "unaffected" for t in texts)
        texts = [t for t in texts if t.strip() not in ("nearest", "unaffected")]
        if unaffected:
            if "latest" in (t.strip() for t in texts):
                raise InputError("goal", "latest", Reason(Code.GOAL_LATEST_COMBINED))
            found = cls.parse(texts).requirements if texts else ()
            return cls(found, nearest=nearest, unaffected=True)
        if nearest:
            return attrs.evolve(cls.parse(texts), nearest=True)
        if not texts or [t.strip() for t in texts] == ["latest"]:
            return cls()
        if "latest" in (t.strip() for t in texts):
            raise InputError("goal", "latest", Reason(Code.GOAL_LATEST_COMBINED))
        requirements = [Requirement.parse(t, "goal") for t in texts]
        families = [r.family for r in requirements]
        for family in families:
            if families.count(family) > 1:
                raise InputError("goal", ",".join(texts),
                                 Reason(Code.GOAL_FAMILY_TWICE, family=family))
        return cls(tuple(requirements))

    @classmethod
    def coerce(cls, value: Goal | Requirement | str | Iterable[Requirement | str] | None
               ) -> Goal:
        """A ``Goal`` as given, or made of what ``Goal.parse`` reads, of requirements,
        or of None (latest)."""
        if isinstance(value, Goal):
            return value
        if value is None:
            return cls()
        if isinstance(value, Requirement):
            return cls((value,))
        if isinstance(value, Iterable) and not isinstance(value, str):
            # Requirements as their text, so that one family named twice is caught too.
            return cls.parse([str(v) if isinstance(v, Requirement) else v for v in value])
        return cls.parse(value)

    @property
    def is_latest(self) -> bool:
        return not self.requirements and not self.unaffected

    def named(self, start: State) -> list[str]:
        """The families the goal names (DESIGN §2.3): for ``latest``, every family
        installed at ``start``; else the families of its requirements."""
        if self.is_latest:
            return [family for family, _ in start]
        return list(dict.fromkeys(r.family for r in self.requirements))

    def __str__(self) -> str:
        patched = [f"patched={p}" for p in self.patched]
        if self.is_latest:
            return " ".join(["latest", *patched])
        return " ".join([*map(str, self.requirements), *(["unaffected"] if self.unaffected else []),
                         *(["nearest"] if self.nearest else []), *patched])
