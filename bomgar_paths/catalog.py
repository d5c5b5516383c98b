"""Catalogs: load TOML files (DESIGN §2.1), validate them, find the bundled one.

``load(path)`` reads one ``.toml`` file or a folder of them (recursively, in
sorted path order) and either returns a ``Catalog`` or raises ``CatalogError``
listing *every* problem found, each naming the file, the entry and, where it
can be known, the line. ``check(path)`` returns that list instead of raising.

Nothing below the folder is skipped in silence: a sub-folder or file that
cannot be read, a dangling symlink, a symlink loop, a folder or file reached
twice through symlinks is a problem naming its path. Quoted input is cut to
about 100 characters, so a 10 kB value never floods the one-line error.
"""

from __future__ import annotations

import itertools
import operator
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import attrs
from packaging.version import Version

from .errors import CatalogError, CatalogProblem, Code, InputError, ParseError, Reason, nearest
from .model import Family, Package, ascii_lower, value_repr
from .versions import parse_version

if TYPE_CHECKING:
    from pathlib import Path

    from .advisories import Advisory

__all__ = ["Catalog", "CatalogCheck", "bundled_path", "check", "check_report", "load",
           "load_bundled"]

_VERSION = operator.attrgetter("version")


@attrs.frozen(eq=False, repr=False)
class Catalog:
    """Families and their packages, indexed for lookup.

    ``source`` says where it came from ("bundled" or a path) and ``digest``
    identifies its content (sha256 of the files), so a plan can say which
    catalog it was computed from. However it is built, families are kept in
    priority order and packages by family rank, then version; a package of
    an undeclared family, or a version listed twice, is an ``InputError``.
    """

    __repr__ = value_repr

    families: Mapping[str, Family]
    packages: tuple[Package, ...]  # sorted by family rank, then version
    source: str = "memory"
    digest: str = ""
    advisories: tuple[Advisory, ...] = ()  # security advisories, in catalog order
    _by_family: dict[str, tuple[Package, ...]] = attrs.field(init=False, repr=False)
    _by_key: dict[tuple[str, Version], Package] = attrs.field(init=False, repr=False)
    # Whether a package states what it works with: found on first use (the planner
    # asks once a question; a load does not pay for it).
    _works_with: bool | None = attrs.field(init=False, repr=False, default=None)

    def __attrs_post_init__(self) -> None:
        # The planner reads priority order from these orders: make them true.
        families = {f.name: f for f in sorted(self.families.values(), key=lambda f: f.rank)}
        by_family: dict[str, list[Package]] = {name: [] for name in families}
        by_key: dict[tuple[str, Version], Package] = {}
        for package in self.packages:
            listed = by_family.get(package.family)
            if listed is None:
                raise InputError("package", package.label, Reason(
                    Code.PACKAGE_FAMILY_UNDECLARED, family=package.family,
                    families=tuple(families)))
            # package.key, without the call; and one look-up, not "in" then a set: hashing
            # the key hashes its Version, a Python call (issue 10). A key seen before
            # leaves the index as long as it was.
            count = len(by_key)
            by_key[package.family, package.version] = package
            if len(by_key) == count:
                raise InputError("package", package.label, Reason(
                    Code.PACKAGE_LISTED_TWICE, family=package.family, version=package.version))
            listed.append(package)
        # attrgetter and chain rather than a lambda and a generator: a call per package
        # less each (issue 10: a catalog of 4,000 packages).
        ordered = {name: tuple(sorted(ps, key=_VERSION)) for name, ps in by_family.items()}
        object.__setattr__(self, "families", families)
        object.__setattr__(self, "packages", tuple(itertools.chain(*ordered.values())))
        object.__setattr__(self, "_by_family", ordered)
        object.__setattr__(self, "_by_key", by_key)

    @classmethod
    def from_entries(
        cls,
        families: Iterable[Family],
        packages: Iterable[Package],
        *,
        source: str = "memory",
        digest: str = "",
        advisories: Iterable[Advisory] = (),
    ) -> Catalog:
        """Build a catalog from values (for tools and tests); entry order does not matter."""
        return cls({f.name: f for f in families}, tuple(packages), source=source, digest=digest,
                   advisories=tuple(advisories))

    @property
    def has_works_with(self) -> bool:
        """Does any package state what it works with? (Most catalogs: no.)"""
        if self._works_with is None:
            object.__setattr__(self, "_works_with", any(p.works_with for p in self.packages))
        return bool(self._works_with)

    def family_order(self) -> list[str]:
        """Family names, most important first (priority, then name)."""
        return list(self.families)

    def packages_of(self, family: str) -> tuple[Package, ...]:
        """The family's packages in version order, withdrawn ones included."""
        return self._by_family.get(family, ())

    def package(self, family: str, version: Version) -> Package | None:
        return self._by_key.get((family, version))

    def label(self, family: str, version: Version) -> str:
        """Display name of a version, listed in the catalog or not ("Base Software 3.2.4")."""
        package = self.package(family, version)
        if package is not None:
            return package.label
        spec = self.families.get(family)
        template = spec.label if spec else "{family} {version}"
        return template.format(family=family, version=version)

    def find(self, text: str) -> Package:
        """The package named by its label (``Bomgar-12.2.0``) or ``FAMILY=VERSION``."""
        wanted = text.strip()
        family, sep, version_text = wanted.partition("=")
        if sep and (family.strip()[-1:] in ("<", ">", "!", "~") or version_text[:1] == "="):
            raise InputError("package", text, Reason(Code.PACKAGE_IS_REQUIREMENT))
        if sep and family.strip() not in self.families and " " not in family.strip():
            raise InputError("package", text, Reason(
                Code.UNKNOWN_FAMILY, family=family.strip(), families=tuple(self.families)))
        if sep and family.strip() in self.families:
            try:
                version = parse_version(version_text)
            except ParseError as error:
                raise InputError("package", text, error.reason) from None
            package = self.package(family.strip(), version)
            if package is None:
                raise InputError("package", text, Reason(
                    Code.PACKAGE_VERSION_MISSING, family=family.strip(), version=version))
            return package
        for package in self.packages:
            if ascii_lower(package.label) == ascii_lower(wanted):
                return package
        # "Bomgar-12.2" names the same release as "Bomgar-12.2.0".
        for spec in self.families.values():
            # The template rendered around a marker: {family} and {{ }} as they print.
            prefix, _, suffix = spec.label.format(version="\0", family=spec.name).partition("\0")
            if ascii_lower(wanted).startswith(ascii_lower(prefix)) and ascii_lower(
                    wanted).endswith(ascii_lower(suffix)):
                middle = wanted[len(prefix) : len(wanted) - len(suffix)]
                try:
                    found = self.package(spec.name, parse_version(middle))
                except ValueError:
                    continue
                if found is not None:
                    return found
        labels = [p.label for p in self.packages]
        raise InputError("package", text,
                         Reason(Code.PACKAGE_UNKNOWN, near=nearest(wanted, labels)))


def bundled_path() -> Path:
    """Where the bundled catalog's TOML is: inside the installed package, else the source tree.

    Wheels carry the top-level ``catalog/`` folder as ``bomgar_paths/catalog/``
    (pyproject.toml); a source checkout has it beside the package. A plain path
    rather than ``importlib.resources``: that import alone costs ~20 ms of the
    command line's start-up, and the package is never zipped.
    """
    from pathlib import Path  # noqa: PLC0415  (only 'catalog check' needs the files)

    here = Path(__file__).resolve().parent
    installed = here / "catalog"
    return installed if installed.is_dir() else here.parent / "catalog"


def load_bundled() -> Catalog:
    """The catalog shipped with the library (release history as far as it is public).

    It comes from ``_bundled.py``, prepared from the TOML files at build time
    (``python -m bomgar_paths._bundled``; a test holds it equal to
    ``load(bundled_path())``, digest included), so that the command line does
    not parse TOML to answer a question.
    """
    from . import _bundled  # noqa: PLC0415

    return _bundled.catalog()


def load(path: str | os.PathLike[str], *, source: str | None = None) -> Catalog:
    """Read a catalog file or folder; raise ``CatalogError`` listing every problem."""
    from ._reader import read  # noqa: PLC0415

    catalog, problems = read(path, source)
    if problems or catalog is None:
        raise CatalogError(problems)
    return catalog


def check(path: str | os.PathLike[str]) -> list[CatalogProblem]:
    """Every problem of the catalog at ``path``; an empty list means it loads."""
    from ._reader import read  # noqa: PLC0415

    return read(path, None)[1]


class CatalogCheck:
    """The answer of ``catalog check``: the catalog's ``path`` and every problem found
    (empty: it loads)."""

    __slots__ = ("path", "problems")

    def __init__(self, path: str, problems: Sequence[CatalogProblem]) -> None:
        self.path = path
        self.problems = tuple(problems)

    def __repr__(self) -> str:
        return f"CatalogCheck({self.path!r}, {len(self.problems)} problems)"

    @property
    def ok(self) -> bool:
        return not self.problems


def check_report(path: str | os.PathLike[str]) -> CatalogCheck:
    """``check`` as an answer ``render`` writes: the path and its problems."""
    return CatalogCheck(os.fspath(path), check(path))
