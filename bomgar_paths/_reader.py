"""Reading catalog files (private): folders, encodings, TOML, validation, digests.

``catalog.load`` and ``catalog.check`` call ``read``; it walks a file or a
folder (recursively, in sorted path order, following symlinks once), decodes
and parses each ``.toml`` file, validates every table (DESIGN §2.1) and
collects *every* problem, each naming its file, entry and, where it can be
known, line. Kept apart from ``catalog.py`` so that the bundled catalog,
which is prepared at build time (``_bundled.py``), loads without tomllib,
pathlib or hashlib: the command line's start-up time is part of every answer.
"""

from __future__ import annotations

import bisect
import codecs
import errno
import gc
import hashlib
import math
import os
import re
import stat
import string
import sys
import tomllib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
from packaging.specifiers import InvalidSpecifier, Specifier, SpecifierSet
from packaging.version import Version

from .catalog import Catalog
from .errors import QUOTE_LIMIT, CatalogProblem, Code, InputError, ParseError, Reason, nearest
from .model import FAMILY_NAME, Family, Package, Requirement
from .versions import parse_specifier, parse_version

if TYPE_CHECKING:
    from .advisories import Advisory

FAMILY_KEYS = ("label", "soak_hours", "install_minutes", "priority", "clients_update",
               "external")
PACKAGE_KEYS = (
    "family", "version", "requires", "works_with", "soak_hours", "install_minutes",
    "released", "withdrawn", "source", "notes",
)  # fmt: skip
_PACKAGE_KEY_SET = frozenset(PACKAGE_KEYS)
TOP_LEVEL_KEYS = ("family", "package", "advisory")
ADVISORY_KEYS = ("id", "title", "affects", "patches", "source", "uncertain", "exploited")
PATCH_KEYS = ("id", "applies_to")
LABEL_FIELDS = ("version", "family")
_PRIORITY_LIMIT = 10**9  # beyond this a priority is a typo, and JSON readers lose digits


def read(
    given: str | os.PathLike[str], source: str | None
) -> tuple[Catalog | None, list[CatalogProblem]]:
    # A catalog becomes tens of thousands of small objects that hold no cycles (TOML
    # tables, versions, specifier sets, packages). The cyclic collector would walk them
    # again and again and free nothing: a quarter of a 4,000-entry load (docs/performance.md,
    # issue 10). It is paused while they are made, and left as it was found.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _read(given, source)
    finally:
        if collecting:
            gc.enable()


def _read(
    given: str | os.PathLike[str], source: str | None
) -> tuple[Catalog | None, list[CatalogProblem]]:
    if isinstance(given, str) and not given.strip():
        # Path("") is the current folder: an unset variable must not check that.
        return None, [CatalogProblem("''", Reason(Code.PATH_EMPTY))]
    path = Path(given)
    reader = _Reader()
    files = reader.files(path)
    digest = hashlib.sha256()
    for file in files:
        read = reader.read_text(file)
        if read is not None:
            data, text = read
            digest.update(file.relative_to(path).as_posix().encode() if file != path else b"")
            digest.update(data)
            reader.parse(file, text)
    if reader.unreadable and not (reader.families or reader.entries):
        return None, reader.problems
    # With a broken file beside them, the readable files are still checked, but
    # "undeclared family" is not said: the broken file may declare it.
    catalog = reader.build(source or str(path), "sha256:" + digest.hexdigest())
    return (None if reader.problems else catalog), reader.problems


_READ: dict[str, Any] = {}  # the table of an entry read (build); never written to


@attrs.define
class _Entry:
    """A raw ``[[package]]`` table and where it came from."""

    file: str
    index: int  # in the file's array of packages
    count: int  # how many the file has
    table: dict[str, Any]
    lines: _Lines  # of the whole file, shared by its entries

    @property
    def line(self) -> int | None:
        """The line of its ``[[package]]`` header, when each entry has one (looked up
        only for a message: a clean load never scans for them)."""
        return self.lines.package(self.index, self.count)


class _Reader:
    """Collects raw tables from files, then validates them all, noting every problem."""

    def __init__(self) -> None:
        self.problems: list[CatalogProblem] = []
        self.unreadable = False  # a path, file or TOML document could not be read
        self.families: dict[str, tuple[str, int | None, dict[str, Any], _Lines]] = {}
        self.entries: list[_Entry] = []
        self.advisory_tables: list[tuple[str, int, Any, _Lines]] = []
        # Catalogs repeat requirements (base>=7.2 on many packages): each is read
        # once and shared, which the planner's caches keyed on them like too.
        # By family, then text: a dict per family rather than (family, text) keys, whose
        # tuple is made and hashed at every look-up (issue 10).
        self._requirements: dict[str, dict[str, Requirement]] = {}
        # Releases of different families share version texts (1.2.0): read once a load.
        self._versions: dict[str, Version] = {}
        # The fast path's facts of a family: it, its soak and minutes, and its label cut
        # at {version} (None when it names the version twice): one look-up an entry.
        self._plain: dict[str, tuple[Family, float, float, str | None, str | None]] = {}
        # And the same text on another family (base>=1.6 and site>=1.6) is one set.
        self._specifiers: dict[str, SpecifierSet] = {}
        self._clauses: dict[str, Specifier] = {}  # of the fast path's sets (plain_specifier)

    def requirement(self, family: str, text: str) -> Requirement:
        """``family`` and the specifier set ``text``; ``ValueError`` with the reason."""
        of_family = self._requirements.get(family)
        if of_family is None:
            of_family = self._requirements[family] = {}
        found = of_family.get(text)
        if found is None:
            specifier = self._specifiers.get(text)
            if specifier is None:
                specifier = self._specifiers[text] = parse_specifier(text)
            found = of_family[text] = Requirement(family, specifier)
        return found

    def problem(self, file: str, reason: Reason, **where: Any) -> None:
        self.problems.append(CatalogProblem(file, reason, **where))

    def fatal(self, file: str, reason: Reason, **where: Any) -> None:
        """A problem that leaves nothing to validate (the file has no TOML document)."""
        self.unreadable = True
        self.problem(file, reason, **where)

    def files(self, path: Path) -> list[Path]:
        try:
            status = path.stat()  # follows a symlink given as the catalog itself
        except OSError as error:
            self.fatal(str(path), _unreachable(path, error))
            return []
        if stat.S_ISREG(status.st_mode):
            return [path]
        if not stat.S_ISDIR(status.st_mode):
            self.fatal(str(path), Reason(Code.PATH_NOT_FILE_OR_FOLDER))
            return []
        found: list[Path] = []
        key = (status.st_dev, status.st_ino)
        self.walk(path, {key: path}, {key: path}, found)
        if not found and not self.problems:
            self.fatal(str(path), Reason(Code.FOLDER_EMPTY))
        return found

    def walk(self, folder: Path, inside: dict[tuple[int, int], Path],
             seen: dict[tuple[int, int], Path], found: list[Path]) -> None:
        """Add the ``*.toml`` files below ``folder`` to ``found``, in sorted path order.

        Symlinks are followed. ``inside`` holds the folders being walked (a link
        to one of them is a loop), ``seen`` every folder and file taken so far:
        each is read once, and reaching it again through a link is a problem,
        since its entries would otherwise all be reported as duplicates (and a
        lattice of links would make the walk exponential).
        """
        try:
            with os.scandir(folder) as scan:
                # Names sorted at each level give the order of sorted(rglob()).
                names = sorted(entry.name for entry in scan)
        except OSError as error:
            self.fatal(str(folder), Reason(Code.FOLDER_UNREADABLE,
                                           error=error.strerror or str(error)))
            return
        for name in names:
            child = folder / name
            try:
                status = child.stat()
            except OSError as error:
                self.fatal(str(child), _unreachable(child, error))
                continue
            key = (status.st_dev, status.st_ino)
            is_folder = stat.S_ISDIR(status.st_mode)
            if not is_folder and not name.endswith(".toml"):
                continue
            if key in inside:
                self.problem(str(child), Reason(Code.FOLDER_LOOP, folder=str(inside[key])))
            elif key in seen:
                twice = Code.FOLDER_TWICE if is_folder else Code.FILE_TWICE
                self.problem(str(child), Reason(twice, first=str(seen[key])))
            elif is_folder:
                seen[key] = child
                self.walk(child, {**inside, key: child}, seen, found)
            elif not stat.S_ISREG(status.st_mode):
                self.fatal(str(child), Reason(Code.PATH_NOT_FILE))  # a FIFO would block the read
            else:
                seen[key] = child
                found.append(child)

    def read_text(self, file: Path) -> tuple[bytes, str] | None:
        """The file's bytes (for the digest) and its text, or ``None`` with a problem."""
        try:
            data = file.read_bytes()
        except OSError as error:
            self.fatal(str(file), _unreachable(file, error))
            return None
        if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
            self.fatal(str(file), Reason(Code.FILE_UTF32))
            return None
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(data):
            self.fatal(str(file), Reason(Code.FILE_UTF16))
            return None
        if b"\x00" in data:
            self.fatal(str(file), Reason(Code.FILE_BINARY))
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            start = data.rfind(b"\n", 0, error.start) + 1
            column = len(data[start : error.start].decode("utf-8")) + 1  # valid up to there
            self.fatal(str(file), Reason(Code.FILE_NOT_UTF8, byte=data[error.start],
                                         offset=error.start, column=column),
                       line=data.count(b"\n", 0, error.start) + 1)
            return None
        # Editors on Windows may start UTF-8 with a byte-order mark; TOML does not allow it.
        return data, text.removeprefix("\ufeff")

    def parse(self, file: Path, text: str) -> None:
        name = str(file)
        try:
            document = tomllib.loads(text)
        except RecursionError:
            # tomllib recurses once per level of [ or {; the deepest line is a fair guess.
            lines = text.split("\n")  # TOML's lines: str.splitlines() also splits at \u2028
            deepest = max(range(len(lines)), key=lambda i: lines[i].count("[")
                          + lines[i].count("{"), default=0)
            self.fatal(name, Reason(Code.TOML_TOO_DEEP), line=deepest + 1)
            return
        except tomllib.TOMLDecodeError as error:
            # tomllib writes "Expected '=' after a key (at line 3, column 7)".
            message = str(error)
            match = re.search(r"\(at line (\d+), column (\d+)\)", message)
            line = int(match[1]) if match else None
            message = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
            reason = (Reason(Code.TOML_SYNTAX_AT_COLUMN, error=message, column=int(match[2]))
                      if match else Reason(Code.TOML_SYNTAX, error=message))
            self.fatal(name, reason, line=line)
            return
        except ValueError:  # int() refuses more digits than sys.get_int_max_str_digits()
            limit = sys.get_int_max_str_digits()
            long = re.search(rf"[=\[,]\s*[+-]?[0-9_]{{{limit + 1},}}", text)
            self.fatal(name, Reason(Code.TOML_INTEGER_TOO_LONG, limit=limit),
                       line=text.count("\n", 0, long.end()) + 1 if long else None)
            return
        where = _Lines(text)
        for key in document:
            if key not in TOP_LEVEL_KEYS:
                self.problem(name, _unknown(key, TOP_LEVEL_KEYS, top_level=True),
                             key=_cut(key, 40), line=where.top_level(key))
        families = document.get("family", {})
        if not isinstance(families, dict):
            self.problem(name, Reason(Code.FAMILY_NOT_TABLES))
            families = {}
        for family, table in families.items():
            line = where.family(family)
            entry = f"family.{_cut(family, 40)}"
            if family in self.families:
                self.problem(name, Reason(Code.FAMILY_TWICE, family=family,
                                          first=self.families[family][0]),
                             entry=entry, line=line)
                continue
            if not isinstance(table, dict):
                self.problem(name, Reason(Code.NOT_A_TABLE), entry=entry, line=line)
                continue
            self.families[family] = (name, line, table, where)
        advisories = document.get("advisory", [])
        if not isinstance(advisories, list):
            self.problem(name, Reason(Code.ADVISORIES_NOT_ARRAY), line=where.top_level("advisory"))
            advisories = []
        for index, table in enumerate(advisories):
            self.advisory_tables.append((name, index, table, where))
        packages = document.get("package", [])
        if not isinstance(packages, list):
            self.problem(name, Reason(Code.PACKAGES_NOT_ARRAY))
            packages = []
        count = len(packages)
        for index, table in enumerate(packages):
            if not isinstance(table, dict):
                self.problem(name, Reason(Code.NOT_A_TABLE), entry=f"package #{index + 1}",
                             line=where.package(index, count))
                continue
            self.entries.append(_Entry(name, index, count, table, where))

    def build(self, source: str, digest: str) -> Catalog | None:
        families = [f for f in (self.family(n, *rest) for n, rest in self.families.items()) if f]
        self.distinct_labels(families)
        declared = set(self.families)
        by_name = {f.name: f for f in families}
        # Each package read, its entry, the entry's name and how many problems came before
        # it. Duplicates are looked for after the loop, and on a clean read by the
        # catalog's own index alone: a look-up here hashed each package's Version again,
        # a Python call (issue 10).
        read: list[tuple[Package, _Entry, Any, int]] = []
        for entry in self.entries:
            package = self.plain_package(entry.table, declared, by_name)
            if package is None:
                package = self.package(entry, declared, by_name)
            if package is not None:
                # The entry's version as written, for its name (_entry_name) if it is a
                # duplicate; its family is the package's.
                read.append((package, entry, entry.table["version"], len(self.problems)))
            # Read: the table goes (a message about a later entry names this one by its
            # file and line alone). Its dicts are freed while the packages are made, and
            # the packages, requirements and sets that follow take their memory, still
            # in the processor's cache, instead of fresh memory (issue 10: a tenth of
            # the reading of 4,000 entries).
            entry.table = _READ
        advisories = self.advisories(declared)
        if not self.problems:
            if not read:
                self.problem(source, Reason(Code.NO_PACKAGES))
                return None
            try:
                return Catalog.from_entries(families, [r[0] for r in read], source=source,
                                            digest=digest, advisories=advisories)
            except InputError as error:
                if error.reason.code != Code.PACKAGE_LISTED_TWICE:
                    raise
        self.duplicates(read)
        return None

    def duplicates(self, read: list[tuple[Package, _Entry, Any, int]]) -> None:
        """Note every package read twice, each problem where reading its entry noted it."""
        first: dict[tuple[str, Version], tuple[Package, _Entry]] = {}
        found: list[tuple[int, CatalogProblem]] = []
        for package, entry, version, before in read:
            seen = first.setdefault((package.family, package.version), (package, entry))
            if seen[0] is package:
                continue
            earlier, earlier_entry = seen
            place = earlier_entry.file + (f":{earlier_entry.line}" if earlier_entry.line
                                          else "")
            found.append((before, CatalogProblem(
                entry.file, Reason(Code.DUPLICATE_PACKAGE, label=earlier.label, place=place,
                                   first=earlier.spelling, second=package.spelling),
                entry=_entry_name({"family": package.family, "version": version}),
                line=entry.line)))
        for offset, (before, problem) in enumerate(found):
            self.problems.insert(before + offset, problem)

    def advisories(self, declared: set[str]) -> list[Advisory]:
        """The ``[[advisory]]`` tables read, every problem noted; ids are unique."""
        from .advisories import Advisory, Patch  # noqa: PLC0415  (most catalogs have none)

        found: list[Advisory] = []
        first: dict[str, str] = {}
        for file, index, table, lines in self.advisory_tables:
            line = lines.header("advisory", index)
            if not isinstance(table, dict):
                self.problem(file, Reason(Code.NOT_A_TABLE), entry=f"advisory #{index + 1}",
                             line=line)
                continue
            ident = table.get("id")
            name = f"advisory {_cut(ident, 40)}" if isinstance(ident, str) and ident.strip() \
                else f"advisory #{index + 1}"
            where = {"entry": name, "line": line}
            before = len(self.problems)
            self.unknown_keys(file, table, ADVISORY_KEYS, name, line, lines)
            texts = {}
            for key in ("id", "title", "source", "uncertain"):
                value = table.get(key)
                if value is None and key in ("id", "title"):
                    self.problem(file, Reason(Code.ADVISORY_MISSING, key=key), **where)
                elif value is not None and (not isinstance(value, str) or not value.strip()):
                    self.problem(file, Reason(Code.TEXT_EMPTY, key=key, value=value), key=key,
                                 **where)
                texts[key] = value
            if isinstance(ident, str) and ident.strip():
                if ident in first:
                    self.problem(file, Reason(Code.ADVISORY_TWICE, id=ident, first=first[ident]),
                                 key="id", **where)
                first.setdefault(ident, file + (f":{line}" if line else ""))
            exploited = table.get("exploited", False)
            if not isinstance(exploited, bool):
                self.problem(file, Reason(Code.EXPLOITED_NOT_BOOLEAN, value=exploited),
                             key="exploited", **where)
            affects = self.requirements(file, table, _AFFECTS, declared, where)
            if "affects" in table and not affects and isinstance(table["affects"], dict) \
                    and not table["affects"]:
                self.problem(file, Reason(Code.AFFECTS_EMPTY), key="affects", **where)
            elif "affects" not in table:
                self.problem(file, Reason(Code.ADVISORY_MISSING, key="affects"), **where)
            patches: list[Patch] = []
            raw = table.get("patches", [])
            if not isinstance(raw, list) or not all(isinstance(p, dict) for p in raw):
                self.problem(file, Reason(Code.PATCHES_NOT_TABLES), key="patches", **where)
                raw = []
            for patch in raw:
                self.unknown_keys(file, patch, PATCH_KEYS, name, line, lines)
                patch_id = patch.get("id")
                if not isinstance(patch_id, str) or not patch_id.strip():
                    self.problem(file, Reason(Code.TEXT_EMPTY, key="patches.id",
                                              value=patch_id), key="patches", **where)
                    continue
                applies = (self.requirements(file, patch, _APPLIES_TO, declared, where)
                           if "applies_to" in patch else None)
                if any(p.id == patch_id.strip() for p in patches):
                    # Across advisories a patch may repeat: one patch can fix two CVEs.
                    self.problem(file, Reason(Code.PATCH_TWICE, patch=patch_id.strip()),
                                 key="patches", **where)
                patches.append(Patch(patch_id.strip(), applies))
            if len(self.problems) > before:
                continue
            found.append(Advisory(str(ident).strip(), str(texts["title"]).strip(), affects,
                                  tuple(patches), texts["source"], texts["uncertain"],
                                  exploited))
        return found

    def distinct_labels(self, families: list[Family]) -> None:
        """Two families with one label template would name their packages alike
        ("X 1.0"), and ``why`` or a plan could not tell which is meant."""
        first: dict[str, str] = {}
        for family in families:
            shown = family.label.replace("{family}", family.name)
            other = first.setdefault(shown, family.name)
            if other != family.name:
                file, line, _, _ = self.families[family.name]
                self.problem(file, Reason(Code.FAMILY_LABEL_SHARED, label=family.label,
                                          other=other),
                             entry=f"family.{family.name}", key="label", line=line)

    def family(self, name: str, file: str, line: int | None, table: dict[str, Any],
               lines: _Lines) -> Family | None:
        entry = f"family.{_cut(name, 40)}"
        before = len(self.problems)
        where = {"entry": entry, "line": line}
        if not FAMILY_NAME.fullmatch(name):
            self.problem(file, Reason(Code.FAMILY_NAME_INVALID, name=name), **where)
        self.unknown_keys(file, table, FAMILY_KEYS, entry, line, lines)
        # The name itself, not "{family}", so the catalog lists the label as it prints.
        label = table.get("label", name.replace("{", "{{").replace("}", "}}") + " {version}")
        reason = _label_problem(label)
        if reason:
            self.problem(file, reason, key="label", **where)
        soak = self.number(file, table, "soak_hours", 0, where)
        minutes = self.number(file, table, "install_minutes", 30, where)
        priority = table.get("priority", 100)
        if isinstance(priority, bool) or not isinstance(priority, int):
            self.problem(file, Reason(Code.PRIORITY_NOT_INTEGER, value=priority),
                         key="priority", **where)
        elif abs(priority) > _PRIORITY_LIMIT:
            self.problem(file, Reason(Code.PRIORITY_OUT_OF_RANGE, low=-_PRIORITY_LIMIT,
                                      high=_PRIORITY_LIMIT, value=priority),
                         key="priority", **where)
        clients = table.get("clients_update", False)
        if not isinstance(clients, bool):
            self.problem(file, Reason(Code.CLIENTS_UPDATE_NOT_BOOLEAN, value=clients),
                         key="clients_update", **where)
        external = table.get("external", False)
        if not isinstance(external, bool):
            self.problem(file, Reason(Code.EXTERNAL_NOT_BOOLEAN, value=external),
                         key="external", **where)
        elif external and clients is True:
            self.problem(file, Reason(Code.EXTERNAL_UPDATES_CLIENTS), key="clients_update",
                         **where)
        if len(self.problems) > before:
            return None
        return Family(name, label, soak, minutes, priority, clients, external)

    def plain_package(self, table: dict[str, Any], declared: set[str],
                      families: dict[str, Family]) -> Package | None:
        """The package of an entry that has only known keys, each of the expected type
        and in range, else None.

        The fast path of a load: most entries are plain, and checking that is cheaper
        than the detailed validation. Anything unusual (a problem, or what might be one)
        returns None, and ``package`` then validates the entry and words every problem,
        so messages never depend on this path (tests/test_reader_fast_path.py holds the
        two equal).
        """
        family = table.get("family")
        spelling = table.get("version")
        if type(family) is not str or type(spelling) is not str:
            return None
        plain = self._plain.get(family)
        if plain is None:
            spec = families.get(family)
            if spec is None:
                return None
            around = _around_version(spec)
            plain = self._plain[family] = (spec, spec.soak_hours, spec.install_minutes,
                                           *(around if len(around) == 2 else (None, None)))
        spec, soak, minutes, before, after = plain
        version = self._versions.get(spelling)
        if version is None:
            try:
                version = Version(spelling.strip())
            except ValueError:  # InvalidVersion, a vendor spelling (14.3.3fips), 4300 digits
                return None
            self._versions[spelling] = version
        requires: tuple[Requirement, ...] = ()
        works_with: tuple[Requirement, ...] = ()
        released = withdrawn = source = notes = None
        # family and version are two of the keys: the others are optional. Most entries
        # have none but requires, and then every key is known without looking for
        # unknown ones; the eight look-ups of absent keys below were a tenth of this
        # path (issue 10).
        optional = len(table) - 2
        if optional:
            raw = table.get("requires")
            if raw is not None:
                read = self.plain_requirements(raw, declared)
                if read is None:
                    return None
                requires, optional = read, optional - 1
        if optional:
            if not table.keys() <= _PACKAGE_KEY_SET:
                return None
            raw = table.get("works_with")
            if raw is not None:
                read = self.plain_requirements(raw, declared)
                if read is None or any(r.family == family for r in read):
                    return None
                works_with = read
            value = table.get("soak_hours")
            if value is not None:
                if not _plain_number(value, _SOAK_LIMIT):
                    return None
                soak = value
            value = table.get("install_minutes")
            if value is not None:
                if not _plain_number(value, _MINUTES_LIMIT):
                    return None
                minutes = value
            released = table.get("released")
            if released is not None and type(released) is not date:
                return None
            withdrawn, source, notes = (table.get("withdrawn"), table.get("source"),
                                        table.get("notes"))
            for text in (withdrawn, source, notes):
                if text is not None and (type(text) is not str or not text.strip()):
                    return None
        spelling = spelling.strip()
        label = (before + spelling + after if before is not None and after is not None
                 else spec.label.format(version=spelling, family=family))
        # The family's own name (equal to the table's): one string for all its packages,
        # found by identity in the catalog's indexes, and the table's goes with it.
        return Package(spec.name, version, label, requires, soak, minutes, released, withdrawn,
                       source, notes, spelling, works_with)

    def plain_requirements(self, raw: object,
                           declared: set[str]) -> tuple[Requirement, ...] | None:
        """A plain ``requires`` or ``works_with`` table read, else None (see plain_package)."""
        if type(raw) is not dict:
            return None
        cache = self._requirements
        found: list[Requirement] = []
        # In family order; a table of one (most) needs no sort.
        for required in (sorted(raw) if len(raw) > 1 else raw):
            text = raw[required]
            if type(text) is not str or required not in declared:
                return None
            of_family = cache.get(required)
            if of_family is None:
                of_family = cache[required] = {}
            requirement = of_family.get(text)
            if requirement is None:
                # self.requirement, inlined: in a catalog whose requirements all differ
                # (the zig-zag) every one is read here, and the call and its second
                # look-up cost a fifth of the reading (issue 10).
                specifier = self._specifiers.get(text)
                if specifier is None:
                    specifier = self.plain_specifier(text)
                    if specifier is None:
                        return None
                requirement = of_family[text] = Requirement(required, specifier)
            found.append(requirement)
        return tuple(found)

    def plain_specifier(self, text: str) -> SpecifierSet | None:
        """The set of a specifier text read by its clauses, each read once a load, else
        None (see plain_package).

        Catalogs repeat clauses in different texts (site >= 7 is a lower bound of one
        release and ">=7,<9" of another): each clause is one ``Specifier``, and the set
        is made of them, as SpecifierSet makes it of its text's clauses, split at commas
        and stripped. Fewer objects made, kept and freed (issue 10).
        """
        if len(text) > 4000:  # parse_specifier reads a long clause's version now
            return None
        clauses = self._clauses
        parts: list[Specifier] = []
        for written in text.split(","):
            part = written.strip()
            if part:
                clause = clauses.get(part)
                if clause is None:
                    try:
                        clause = clauses[part] = Specifier(part)
                    except InvalidSpecifier:
                        return None
                parts.append(clause)
        if not parts:
            return None
        specifier = self._specifiers[text] = SpecifierSet(parts)
        return specifier

    def package(self, entry: _Entry, declared: set[str],
                families: dict[str, Family]) -> Package | None:
        table, file = entry.table, entry.file
        name = _entry_name(table)
        where = {"entry": name, "line": entry.line}
        before = len(self.problems)
        self.unknown_keys(file, table, PACKAGE_KEYS, name, entry.line, entry.lines)
        family = table.get("family")
        version: Version | None = None
        if not isinstance(family, str):
            self.problem(file, Reason(Code.MISSING_FAMILY) if family is None
                         else Reason(Code.FAMILY_NOT_STRING, value=family), **where)
        elif family not in declared and not self.unreadable:
            self.problem(file, _undeclared(family, declared, Code.PACKAGE_OF_UNDECLARED_FAMILY),
                         key="family", **where)
        spelling = table.get("version")
        if not isinstance(spelling, str):
            self.problem(file, Reason(Code.MISSING_VERSION) if spelling is None else
                         Reason(Code.VERSION_NOT_STRING, value=spelling), key="version", **where)
        else:
            try:
                version = parse_version(spelling)
            except ParseError as error:
                self.problem(file, error.reason, key="version", **where)
        requires = self.requirements(file, table, _REQUIRES, declared, where)
        works_with = self.requirements(file, table, _WORKS_WITH, declared, where)
        if isinstance(family, str) and any(r.family == family for r in works_with):
            self.problem(file, Reason(Code.WORKS_WITH_OWN_FAMILY, family=family),
                         key="works_with", **where)
        spec = families.get(family) if isinstance(family, str) else None
        soak = self.number(file, table, "soak_hours", spec.soak_hours if spec else 0, where)
        minutes = self.number(file, table, "install_minutes",
                              spec.install_minutes if spec else 30, where)
        released = table.get("released")
        if released is not None and (not isinstance(released, date) or
                                     hasattr(released, "hour")):
            quoted = isinstance(released, str)
            self.problem(file, Reason(Code.RELEASED_QUOTED if quoted else Code.RELEASED_NOT_DATE,
                                      value=released), key="released", **where)
        texts = {}
        for key in ("withdrawn", "source", "notes"):
            value = table.get(key)
            if value is not None and (not isinstance(value, str) or not value.strip()):
                self.problem(file, Reason(Code.TEXT_EMPTY, key=key, value=value), key=key,
                             **where)
            texts[key] = value
        if len(self.problems) > before or spec is None or version is None:
            return None
        assert isinstance(spelling, str) and isinstance(family, str)
        return Package(
            family=family,
            version=version,
            label=spec.label.format(version=spelling.strip(), family=family),
            requires=requires,
            works_with=works_with,
            soak_hours=soak,
            install_minutes=minutes,
            released=released,
            withdrawn=texts["withdrawn"],
            source=texts["source"],
            notes=texts["notes"],
            spelling=spelling.strip(),
        )

    def requirements(self, file: str, table: dict[str, Any], codes: _RequirementCodes,
                     declared: set[str], where: dict[str, Any]) -> tuple[Requirement, ...]:
        """The ``requires`` or ``works_with`` table of an entry, every problem noted."""
        key = codes.key

        def shown(family: str) -> str:
            return f"{key}.{family}" if codes.named else family

        found: list[Requirement] = []
        raw = table.get(key, {})
        if not isinstance(raw, dict):
            self.problem(file, Reason(codes.not_table), key=key, **where)
            raw = {}
        for required, spec_text in sorted(raw.items()):
            if required not in declared:
                if not self.unreadable:
                    self.problem(file, _undeclared(required, declared, codes.undeclared),
                                 key=key, **where)
            elif not isinstance(spec_text, str):
                self.problem(file, Reason(codes.not_string, family=shown(required),
                                          value=spec_text), key=key, **where)
            else:
                try:
                    found.append(self.requirement(required, spec_text))
                except ParseError as error:
                    self.problem(file, Reason(codes.invalid, family=shown(required),
                                              reason=error.reason), key=key, **where)
        return tuple(found)

    def number(self, file: str, table: dict[str, Any], key: str, default: float,
               where: dict[str, Any]) -> float:
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(file, Reason(Code.NUMBER_NOT_NUMBER, key=key, value=value), key=key,
                         **where)
            return default
        # Not math.isfinite(value): an integer of 400 digits overflows a float.
        if isinstance(value, float) and not math.isfinite(value):
            self.problem(file, Reason(Code.NUMBER_NOT_FINITE, key=key, value=value), key=key,
                         **where)
            return default
        if value < 0:
            self.problem(file, Reason(Code.NUMBER_NEGATIVE, key=key, value=value), key=key,
                         **where)
            return default
        limit = _LIMITS[key]
        if value > limit:
            # Beyond these a value is a typo, and dates computed from it overflow.
            self.problem(file, Reason(Code.NUMBER_TOO_LARGE, key=key, limit=limit, value=value),
                         key=key, **where)
            return default
        return value

    def unknown_keys(self, file: str, table: dict[str, Any], known: tuple[str, ...],
                     entry: str, line: int | None, lines: _Lines) -> None:
        for key in table:
            if key not in known:
                self.problem(file, _unknown(key, known), entry=entry, key=_cut(key, 40),
                             line=lines.assignment(key, line or 1) or line)


@attrs.frozen
class _RequirementCodes:
    """The key of a table of requirements and the codes of its problems."""

    key: str
    not_table: str
    undeclared: str
    not_string: str
    invalid: str
    named: bool = False  # the messages name the key with the family ("affects.bomgar")


_REQUIRES = _RequirementCodes("requires", Code.REQUIRES_NOT_TABLE,
                              Code.REQUIREMENT_ON_UNDECLARED_FAMILY, Code.REQUIRES_NOT_STRING,
                              Code.REQUIRES_INVALID)
_WORKS_WITH = _RequirementCodes("works_with", Code.WORKS_WITH_NOT_TABLE,
                                Code.WORKS_WITH_ON_UNDECLARED_FAMILY,
                                Code.WORKS_WITH_NOT_STRING, Code.WORKS_WITH_INVALID)

_AFFECTS = _RequirementCodes("affects", Code.AFFECTS_NOT_TABLE,
                             Code.AFFECTS_ON_UNDECLARED_FAMILY, Code.AFFECTS_NOT_STRING,
                             Code.AFFECTS_INVALID, named=True)
_APPLIES_TO = _RequirementCodes("applies_to", Code.AFFECTS_NOT_TABLE,
                                Code.AFFECTS_ON_UNDECLARED_FAMILY, Code.AFFECTS_NOT_STRING,
                                Code.AFFECTS_INVALID, named=True)

_SOAK_LIMIT, _MINUTES_LIMIT = 8760, 525600  # a year: beyond, a typo (and dates overflow)
_LIMITS = {"soak_hours": _SOAK_LIMIT, "install_minutes": _MINUTES_LIMIT}


def _around_version(family: Family) -> list[str]:
    """The family's label written around its version: ``["Bomgar-", ""]``; a label
    that names the version twice gives three parts (and is formatted instead)."""
    # No label holds NUL: control characters are refused (_label_problem).
    return family.label.format(version="\0", family=family.name).split("\0")


def _plain_number(value: object, limit: int) -> bool:
    """An int or float (not a bool) from 0 to ``limit``: no NaN, no infinity."""
    return (type(value) is int or type(value) is float) and 0 <= value <= limit


def _entry_name(table: dict[str, Any]) -> str:
    parts = (table.get("family", "?"), table.get("version", "?"))
    family, version = (_cut(p, 40) if isinstance(p, str) else _shown(p, 40) for p in parts)
    return f"package {family} {version}"


def _unknown(key: str, known: tuple[str, ...], *, top_level: bool = False) -> Reason:
    near = nearest(key, known)
    if near:
        return Reason(Code.UNKNOWN_TOP_LEVEL_KEY if top_level else Code.UNKNOWN_KEY,
                      key=key, near=near)
    return Reason(Code.UNKNOWN_TOP_LEVEL_KEY_LISTED if top_level else Code.UNKNOWN_KEY_LISTED,
                  key=key, known=known)


def _undeclared(family: str, declared: set[str], code: str) -> Reason:
    return Reason(code, family=family, table=_cut(family, 40),
                  near=nearest(family, sorted(declared)))


def _label_problem(label: object) -> Reason | None:
    """What is wrong with a family's label, or ``None``.

    A label is a ``str.format`` template (``"Bomgar-{version}"``) whose only
    fields are ``{version}`` (at least once) and ``{family}``, written plainly:
    a conversion or format spec (``{version:>8}``) would pad or re-spell the
    version, and an attribute or index (``{version.major}``) fails at use.
    """
    if not isinstance(label, str):
        return Reason(Code.LABEL_NOT_STRING, value=label)
    if not label.isprintable():  # a newline, NUL or bidi override breaks every table
        bad = next(c for c in label if not c.isprintable())
        return Reason(Code.LABEL_CONTROL_CHARACTER, label=label, code_point=ord(bad))
    try:
        fields = [(name, spec, conversion)
                  for _, name, spec, conversion in string.Formatter().parse(label)
                  if name is not None]
    except ValueError as error:  # "Single '{' encountered in format string"
        return Reason(Code.LABEL_NOT_TEMPLATE, label=label, error=str(error))
    for name, spec, conversion in fields:
        if name not in LABEL_FIELDS:
            return Reason(Code.LABEL_UNKNOWN_FIELD, label=label, field=name,
                          near=nearest(name, LABEL_FIELDS))
        if spec or conversion:
            written = "{" + name + (f"!{conversion}" if conversion else "") + (
                f":{spec}" if spec else "") + "}"
            return Reason(Code.LABEL_FIELD_NOT_PLAIN, label=label, field=name,
                          written=_cut(written, 40))
    if not any(name == "version" for name, _, _ in fields):
        return Reason(Code.LABEL_WITHOUT_VERSION)
    return None


def _unreachable(path: Path, error: OSError) -> Reason:
    """Why a path that ``stat()`` or ``open()`` refused cannot be read."""
    if error.errno == errno.ELOOP:
        return Reason(Code.PATH_LINK_LOOP)
    try:
        target: str | None = os.readlink(path)
    except OSError:
        target = None  # not a symlink
    if target is not None and error.errno == errno.ENOENT:
        return Reason(Code.PATH_LINK_DANGLING, target=target)
    if error.errno == errno.ENOENT:
        return Reason(Code.PATH_MISSING)
    return Reason(Code.PATH_UNREADABLE, error=error.strerror or str(error))


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a byte-order mark: mostly ASCII, so every other byte is zero."""
    if len(data) < 4 or len(data) % 2:
        return False
    half = len(data) // 2
    even, odd = data[0::2].count(0), data[1::2].count(0)
    return (even == 0 and odd > half // 2) or (odd == 0 and even > half // 2)


def _shown(value: object, limit: int) -> str:
    """A TOML value that is not text, in an entry's name (``package 12 ?``): a short repr."""
    from .render.messages import shown  # noqa: PLC0415  (only broken entries need it)

    return shown(value, limit)


def _cut(text: str, limit: int = QUOTE_LIMIT) -> str:
    """``text``, or its first ``limit`` characters and an ellipsis."""
    return text if len(text) <= limit else text[:limit] + "…"


class _Lines:
    """Where keys and table headers start lines in one file.

    The parsed document has no positions; these give the line of a key or
    header for messages. Each is found on first use, at most once per file
    (so that a file of 20,000 entries does not cost a scan of the file per
    entry): the ``[[package]]`` headers by one scan when a package's line is
    first asked for, the ``[family.NAME]`` headers by a scan that stops at
    the one asked for (they come first in a file), and the index of every key
    when a problem needs it. A clean load asks only for the families' lines.
    """

    _START = re.compile(r'\s*(\[\[?)?\s*([\w-]+|"[^"]*")(?:\s*\.\s*([\w-]+|"[^"]*"))?\s*(=?)')
    # What _START reads as [family.NAME] and [[package]]; ``_starts`` keeps those that
    # begin their line's text. Not anchored with ^ (MULTILINE): the engine would try
    # every character of the file, where a pattern that starts with "[" is searched fast.
    _FAMILY = re.compile(r'\[(?!\[)[^\S\n]*(?:family|"family")[^\S\n]*\.[^\S\n]*'
                         r'([\w-]+|"[^"\n]*")')
    _PACKAGE = re.compile(r"\[\[[^\S\n]*package[^\S\n]*\]\]")

    def __init__(self, text: str) -> None:
        self._text = text
        self._families: dict[str, int] = {}  # [family.NAME]: first line, of those scanned
        self._family_scan = self._starts(text, self._FAMILY)
        self._packages: list[int] | None = None  # [[package]]: every line
        self._headers: dict[str, int] | None = None  # [key] or [[key]] or [key.sub]: first line
        self._assignments: dict[str, list[int]] = {}  # key = ...: every line

    @staticmethod
    def _starts(text: str, pattern: re.Pattern[str]) -> Iterator[tuple[int, str]]:
        """The 1-based line and first group (or match) of each match of ``pattern``
        that has only whitespace before it on its line.

        A match spans one line, so one that is not first on its line never hides one
        that is: the match of a line begins its text or there is none.
        """
        line, counted = 1, 0
        for match in pattern.finditer(text):
            start = match.start()
            before = text[text.rfind("\n", 0, start) + 1 : start]
            if before and not before.isspace():
                continue
            line += text.count("\n", counted, start)
            counted = start
            yield line, match[1] if pattern.groups else match[0]

    def _index(self) -> dict[str, int]:
        if self._headers is None:
            self._headers = {}
            # TOML's lines: str.splitlines() also splits at \u2028.
            for number, line in enumerate(self._text.split("\n"), 1):
                match = self._START.match(line)
                if not match:
                    continue
                opening, key, sub, equals = match.groups()
                key = key.strip('"')
                if opening:
                    self._headers.setdefault(key, number)
                elif equals or sub:
                    self._assignments.setdefault(key, []).append(number)
        return self._headers

    def top_level(self, key: str) -> int | None:
        lines = [self._index().get(key), *self._assignments.get(key, ())[:1]]
        return min((n for n in lines if n is not None), default=None)

    def family(self, name: str) -> int | None:
        """The first line of ``[family.NAME]``, if there is one."""
        found = self._families.get(name)
        while found is None:
            scanned = next(self._family_scan, None)
            if scanned is None:
                return None
            line, header = scanned
            self._families.setdefault(header.strip('"'), line)
            found = self._families.get(name)
        return found

    def header(self, key: str, index: int) -> int | None:
        """The line of the ``index``-th ``[[key]]`` header (advisories: few, found on use)."""
        pattern = re.compile(rf"\[\[[^\S\n]*{re.escape(key)}[^\S\n]*\]\]")
        found = [line for line, _ in self._starts(self._text, pattern)]
        return found[index] if index < len(found) else None

    def package(self, index: int, count: int) -> int | None:
        """The line of the ``index``-th ``[[package]]`` header, when the file has ``count``
        of them (else they cannot be told apart from other text, and None)."""
        if self._packages is None:
            self._packages = [line for line, _ in self._starts(self._text, self._PACKAGE)]
        return self._packages[index] if len(self._packages) == count else None

    def assignment(self, key: str, start: int) -> int | None:
        """The first line at or after ``start`` that assigns ``key``."""
        self._index()
        lines = self._assignments.get(key, [])
        at = bisect.bisect_left(lines, start)
        return lines[at] if at < len(lines) else None
