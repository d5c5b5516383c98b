"""Catalogs: load TOML files (DESIGN §2.1), validate them, find the bundled one.

``load(path)`` reads one ``.toml`` file or a folder of them (recursively, in
sorted path order) and either returns a ``Catalog`` or raises ``CatalogError``
listing *every* problem found, each naming the file, the entry and, where it
can be known, the line. ``check(path)`` returns that list instead of raising.
"""

from __future__ import annotations

import hashlib
import math
import re
import tomllib
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import attrs
from packaging.version import Version

from .errors import CatalogError, CatalogProblem, InputError, nearest
from .model import FAMILY_NAME, Family, Package, Requirement
from .versions import parse_specifier, parse_version

__all__ = ["Catalog", "bundled_path", "check", "load", "load_bundled"]

FAMILY_KEYS = ("label", "soak_hours", "install_minutes", "priority", "clients_update")
PACKAGE_KEYS = (
    "family", "version", "requires", "soak_hours", "install_minutes",
    "released", "withdrawn", "source", "notes",
)  # fmt: skip
TOP_LEVEL_KEYS = ("family", "package")


@attrs.frozen(eq=False)
class Catalog:
    """Families and their packages, indexed for lookup.

    ``source`` says where it came from ("bundled" or a path) and ``digest``
    identifies its content (sha256 of the files), so a plan can say which
    catalog it was computed from.
    """

    families: Mapping[str, Family]
    packages: tuple[Package, ...]  # sorted by family rank, then version
    source: str = "memory"
    digest: str = ""
    _by_family: dict[str, tuple[Package, ...]] = attrs.field(init=False, repr=False)
    _by_key: dict[tuple[str, Version], Package] = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        by_family: dict[str, list[Package]] = {name: [] for name in self.families}
        for package in self.packages:
            by_family[package.family].append(package)
        object.__setattr__(
            self,
            "_by_family",
            {name: tuple(sorted(ps, key=lambda p: p.version)) for name, ps in by_family.items()},
        )
        object.__setattr__(self, "_by_key", {p.key: p for p in self.packages})

    @classmethod
    def from_entries(
        cls,
        families: Iterable[Family],
        packages: Iterable[Package],
        *,
        source: str = "memory",
        digest: str = "",
    ) -> Catalog:
        """Build a catalog from values (for tools and tests); entry order does not matter."""
        family_map = {f.name: f for f in sorted(families, key=lambda f: f.rank)}
        ordered = sorted(packages, key=lambda p: (family_map[p.family].rank, p.version))
        return cls(family_map, tuple(ordered), source=source, digest=digest)

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
        if sep and family.strip() not in self.families and " " not in family.strip():
            known = ", ".join(self.families)
            raise InputError("package", text,
                             f"unknown family {family.strip()!r} (catalog has {known})")
        if sep and family.strip() in self.families:
            try:
                version = parse_version(version_text)
            except ValueError as error:
                raise InputError("package", text, str(error)) from None
            package = self.package(family.strip(), version)
            if package is None:
                raise InputError("package", text, f"the catalog has no {family.strip()} {version}")
            return package
        for package in self.packages:
            if package.label.lower() == wanted.lower():
                return package
        # "Bomgar-12.2" names the same release as "Bomgar-12.2.0".
        for spec in self.families.values():
            prefix, _, suffix = spec.label.partition("{version}")
            if wanted.lower().startswith(prefix.lower()) and wanted.lower().endswith(
                suffix.lower()
            ):
                middle = wanted[len(prefix) : len(wanted) - len(suffix)]
                try:
                    found = self.package(spec.name, parse_version(middle))
                except ValueError:
                    continue
                if found is not None:
                    return found
        labels = [p.label for p in self.packages]
        near = nearest(wanted, labels)
        hint = f"; did you mean {near!r}?" if near else ""
        raise InputError("package", text, f"no such package in the catalog{hint}")


def bundled_path() -> Path:
    """Where the bundled catalog is: inside the installed package, else the source tree.

    Wheels carry the top-level ``catalog/`` folder as ``bomgar_paths/catalog/``
    (pyproject.toml); a source checkout has it beside the package. A plain path
    rather than ``importlib.resources``: that import alone costs ~20 ms of the
    command line's start-up, and the package is never zipped.
    """
    here = Path(__file__).resolve().parent
    installed = here / "catalog"
    return installed if installed.is_dir() else here.parent / "catalog"


def load_bundled() -> Catalog:
    """The catalog shipped with the library (release history as far as it is public)."""
    return load(bundled_path(), source="bundled")


def load(path: str | Path, *, source: str | None = None) -> Catalog:
    """Read a catalog file or folder; raise ``CatalogError`` listing every problem."""
    catalog, problems = _read(path, source)
    if problems or catalog is None:
        raise CatalogError(problems)
    return catalog


def check(path: str | Path) -> list[CatalogProblem]:
    """Every problem of the catalog at ``path``; an empty list means it loads."""
    return _read(path, None)[1]


def _read(
    given: str | Path, source: str | None
) -> tuple[Catalog | None, list[CatalogProblem]]:
    if isinstance(given, str) and not given.strip():
        # Path("") is the current folder: an unset variable must not check that.
        return None, [CatalogProblem("''", "empty catalog path")]
    path = Path(given)
    reader = _Reader()
    files = reader.files(path)
    digest = hashlib.sha256()
    for file in files:
        data = reader.read_bytes(file)
        if data is not None:
            digest.update(file.relative_to(path).as_posix().encode() if path.is_dir() else b"")
            digest.update(data)
            reader.parse(file, data)
    if reader.unreadable and not (reader.families or reader.entries):
        return None, reader.problems
    # With a broken file beside them, the readable files are still checked, but
    # "undeclared family" is not said: the broken file may declare it.
    catalog = reader.build(source or str(path), "sha256:" + digest.hexdigest())
    return (None if reader.problems else catalog), reader.problems


@attrs.define
class _Entry:
    """A raw ``[[package]]`` table and where it came from."""

    file: str
    line: int | None
    table: dict[str, Any]
    text: str


class _Reader:
    """Collects raw tables from files, then validates them all, noting every problem."""

    def __init__(self) -> None:
        self.problems: list[CatalogProblem] = []
        self.unreadable = False  # a path, file or TOML document could not be read
        self.families: dict[str, tuple[str, int | None, dict[str, Any], str]] = {}
        self.entries: list[_Entry] = []

    def problem(self, file: str, message: str, **where: Any) -> None:
        self.problems.append(CatalogProblem(file, message, **where))

    def fatal(self, file: str, message: str, **where: Any) -> None:
        """A problem that leaves nothing to validate (the file has no TOML document)."""
        self.unreadable = True
        self.problem(file, message, **where)

    def files(self, path: Path) -> list[Path]:
        if not path.exists():
            self.fatal(str(path), "no such file or folder")
            return []
        if path.is_file():
            return [path]
        if not path.is_dir():
            self.fatal(str(path), "not a regular file or folder")
            return []
        found = sorted(p for p in path.rglob("*.toml") if p.is_file())
        if not found:
            self.fatal(str(path), "folder holds no .toml file")
        return found

    def read_bytes(self, file: Path) -> bytes | None:
        try:
            data = file.read_bytes()
        except OSError as error:
            self.fatal(str(file), f"cannot read: {error.strerror or error}")
            return None
        if b"\x00" in data:
            self.fatal(str(file), "binary file, not TOML text")
            return None
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            self.fatal(
                str(file), f"not UTF-8 text (byte 0x{data[error.start]:02x})", line=line
            )
            return None
        return data

    def parse(self, file: Path, data: bytes) -> None:
        name = str(file)
        text = data.decode("utf-8")
        try:
            document = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            # tomllib writes "Expected '=' after a key (at line 3, column 7)".
            message = str(error)
            match = re.search(r"\(at line (\d+), column (\d+)\)", message)
            line = int(match[1]) if match else None
            message = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
            column = f" (column {match[2]})" if match else ""
            self.fatal(name, f"TOML syntax error: {message}{column}", line=line)
            return
        lines = text.splitlines()
        for key in document:
            if key not in TOP_LEVEL_KEYS:
                self.problem(name, _unknown(key, TOP_LEVEL_KEYS, "top-level key"),
                             key=key, line=_find_line(lines, rf"^\s*\[*\s*{re.escape(key)}\b"))
        families = document.get("family", {})
        if not isinstance(families, dict):
            self.problem(name, "'family' must be tables: [family.NAME]")
            families = {}
        for family, table in families.items():
            line = _find_line(lines, rf"^\s*\[\s*family\.\"?{re.escape(family)}\"?\s*\]")
            if family in self.families:
                self.problem(name, f"family {family!r} is declared twice"
                             f" (first in {self.families[family][0]})",
                             entry=f"family.{family}", line=line)
                continue
            if not isinstance(table, dict):
                self.problem(name, "must be a table", entry=f"family.{family}", line=line)
                continue
            self.families[family] = (name, line, table, text)
        packages = document.get("package", [])
        if not isinstance(packages, list):
            self.problem(name, "'package' must be an array of tables: [[package]]")
            packages = []
        header = re.compile(r"^\s*\[\[\s*package\s*\]\]")
        headers = [i + 1 for i, ln in enumerate(lines) if header.match(ln)]
        for index, table in enumerate(packages):
            line = headers[index] if len(headers) == len(packages) else None
            if not isinstance(table, dict):
                self.problem(name, "must be a table", entry=f"package #{index + 1}", line=line)
                continue
            self.entries.append(_Entry(name, line, table, text))

    def build(self, source: str, digest: str) -> Catalog | None:
        families = [f for f in (self.family(n, *rest) for n, rest in self.families.items()) if f]
        declared = set(self.families)
        packages: dict[tuple[str, Version], tuple[Package, _Entry]] = {}
        for entry in self.entries:
            package = self.package(entry, declared, {f.name: f for f in families})
            if package is None:
                continue
            if package.key in packages:
                first, first_entry = packages[package.key]
                self.problem(
                    entry.file,
                    f"duplicate of {first.label} ({first_entry.file}"
                    f"{':' + str(first_entry.line) if first_entry.line else ''}):"
                    f" {first.spelling} and {package.spelling} are the same version",
                    entry=_entry_name(entry.table), line=entry.line,
                )
                continue
            packages[package.key] = (package, entry)
        if not self.problems and not packages:
            self.problem(source, "catalog has no packages")
        if self.problems:
            return None
        return Catalog.from_entries(
            families, (p for p, _ in packages.values()), source=source, digest=digest
        )

    def family(self, name: str, file: str, line: int | None, table: dict[str, Any],
               text: str) -> Family | None:
        entry = f"family.{name}"
        before = len(self.problems)
        where = {"entry": entry, "line": line}
        if not FAMILY_NAME.fullmatch(name):
            self.problem(file, f"family name {name!r} must match [a-z][a-z0-9_-]*", **where)
        self.unknown_keys(file, table, FAMILY_KEYS, entry, line, text)
        label = table.get("label", name + " {version}")
        if not isinstance(label, str) or "{version}" not in label:
            self.problem(file, "label must be a string containing {version}"
                         " (e.g. \"Base Software {version}\")", key="label", **where)
        else:
            try:  # labels are str.format templates: other fields would fail at every use
                label.format(version="1.0", family=name)
            except (KeyError, IndexError, ValueError, AttributeError, TypeError) as error:
                self.problem(file, f"label {label!r} may use only {{version}} and {{family}}"
                             f" (write {{{{ and }}}} for a literal brace): {error}",
                             key="label", **where)
        soak = self.number(file, table, "soak_hours", 0, where)
        minutes = self.number(file, table, "install_minutes", 30, where)
        priority = table.get("priority", 100)
        if isinstance(priority, bool) or not isinstance(priority, int):
            self.problem(file, f"priority must be an integer, not {priority!r}", key="priority",
                         **where)
        clients = table.get("clients_update", False)
        if not isinstance(clients, bool):
            self.problem(file, f"clients_update must be true or false, not {clients!r}",
                         key="clients_update", **where)
        if len(self.problems) > before:
            return None
        return Family(name, label, soak, minutes, priority, clients)

    def package(self, entry: _Entry, declared: set[str],
                families: dict[str, Family]) -> Package | None:
        table, file = entry.table, entry.file
        name = _entry_name(table)
        where = {"entry": name, "line": entry.line}
        before = len(self.problems)
        self.unknown_keys(file, table, PACKAGE_KEYS, name, entry.line, entry.text)
        family = table.get("family")
        version: Version | None = None
        if not isinstance(family, str):
            self.problem(file, "missing 'family'" if family is None
                         else f"family must be a string, not {family!r}", **where)
        elif family not in declared and not self.unreadable:
            self.problem(file, _undeclared(family, declared, "package of"), key="family", **where)
        spelling = table.get("version")
        if not isinstance(spelling, str):
            self.problem(file, "missing 'version'" if spelling is None else
                         f"version must be a quoted string (\"12.2.0\"), not {spelling!r}",
                         key="version", **where)
        else:
            try:
                version = parse_version(spelling)
            except ValueError as error:
                self.problem(file, str(error), key="version", **where)
        requires: list[Requirement] = []
        raw_requires = table.get("requires", {})
        if not isinstance(raw_requires, dict):
            self.problem(file, "requires must be a table: { base = \">=3.3.2\" }",
                         key="requires", **where)
            raw_requires = {}
        for required, spec_text in sorted(raw_requires.items()):
            if required not in declared:
                if not self.unreadable:
                    self.problem(file, _undeclared(required, declared, "requirement on"),
                                 key="requires", **where)
            elif not isinstance(spec_text, str):
                self.problem(file, f"requires.{required} must be a quoted specifier set,"
                             f" not {spec_text!r}", key="requires", **where)
            else:
                try:
                    requires.append(Requirement(required, parse_specifier(spec_text)))
                except ValueError as error:
                    self.problem(file, f"requires.{required}: {error}", key="requires", **where)
        spec = families.get(family) if isinstance(family, str) else None
        soak = self.number(file, table, "soak_hours", spec.soak_hours if spec else 0, where)
        minutes = self.number(file, table, "install_minutes",
                              spec.install_minutes if spec else 30, where)
        released = table.get("released")
        if released is not None and (not isinstance(released, date) or
                                     hasattr(released, "hour")):
            if isinstance(released, str):
                why = f"not the string {released!r} (write the date without quotes)"
            else:
                shown = released.isoformat() if hasattr(released, "isoformat") else released
                why = f"not {shown}"
            self.problem(file, f"released must be a TOML date such as 2012-10-01, {why}",
                         key="released", **where)
        texts = {}
        for key in ("withdrawn", "source", "notes"):
            value = table.get(key)
            if value is not None and (not isinstance(value, str) or not value.strip()):
                self.problem(file, f"{key} must be a non-empty string, not {value!r}",
                             key=key, **where)
            texts[key] = value
        if len(self.problems) > before or spec is None or version is None:
            return None
        assert isinstance(spelling, str) and isinstance(family, str)
        return Package(
            family=family,
            version=version,
            label=spec.label.format(version=spelling.strip(), family=family),
            requires=tuple(requires),
            soak_hours=soak,
            install_minutes=minutes,
            released=released,
            withdrawn=texts["withdrawn"],
            source=texts["source"],
            notes=texts["notes"],
            spelling=spelling.strip(),
        )

    def number(self, file: str, table: dict[str, Any], key: str, default: float,
               where: dict[str, Any]) -> float:
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(file, f"{key} must be a number, not {value!r}", key=key, **where)
            return default
        if math.isnan(value) or math.isinf(value):
            self.problem(file, f"{key} must be a finite number, not {value!r}", key=key, **where)
            return default
        if value < 0:
            self.problem(file, f"{key} must not be negative, got {value!r}", key=key, **where)
            return default
        limit = _LIMITS[key]
        if value > limit:
            # Beyond these a value is a typo, and dates computed from it overflow.
            self.problem(file, f"{key} must be at most {limit} (a year), got {value!r}",
                         key=key, **where)
            return default
        return value

    def unknown_keys(self, file: str, table: dict[str, Any], known: tuple[str, ...],
                     entry: str, line: int | None, text: str) -> None:
        for key in table:
            if key not in known:
                key_line = _find_line(text.splitlines(), rf"^\s*{re.escape(key)}\s*=",
                                      start=line or 1)
                self.problem(file, _unknown(key, known, "key"), entry=entry, key=key,
                             line=key_line or line)


_LIMITS = {"soak_hours": 8760, "install_minutes": 525600}


def _entry_name(table: dict[str, Any]) -> str:
    return f"package {table.get('family', '?')} {table.get('version', '?')}"


def _unknown(key: str, known: tuple[str, ...], what: str) -> str:
    near = nearest(key, known)
    hint = f"; did you mean {near!r}?" if near else f" (known: {', '.join(known)})"
    return f"unknown {what} {key!r}{hint}"


def _undeclared(family: str, declared: set[str], what: str) -> str:
    near = nearest(family, sorted(declared))
    hint = f"; did you mean {near!r}?" if near else ""
    return f"{what} undeclared family {family!r} (declare it with [family.{family}]){hint}"


def _find_line(lines: list[str], pattern: str, start: int = 1) -> int | None:
    regex = re.compile(pattern)
    for number in range(start, len(lines) + 1):
        if regex.search(lines[number - 1]):
            return number
    return None
