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
import hashlib
import math
import os
import re
import reprlib
import stat
import string
import sys
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import attrs
from packaging.version import Version

from .catalog import Catalog
from .errors import QUOTE_LIMIT, CatalogProblem, nearest, quote
from .model import FAMILY_NAME, Family, Package, Requirement
from .versions import parse_specifier, parse_version

FAMILY_KEYS = ("label", "soak_hours", "install_minutes", "priority", "clients_update")
PACKAGE_KEYS = (
    "family", "version", "requires", "soak_hours", "install_minutes",
    "released", "withdrawn", "source", "notes",
)  # fmt: skip
TOP_LEVEL_KEYS = ("family", "package")
LABEL_FIELDS = ("version", "family")
_MESSAGE_LIMIT = 500  # a last guard for messages that echo input another module wrote
_PRIORITY_LIMIT = 10**9  # beyond this a priority is a typo, and JSON readers lose digits


def read(
    given: str | os.PathLike[str], source: str | None
) -> tuple[Catalog | None, list[CatalogProblem]]:
    if isinstance(given, str) and not given.strip():
        # Path("") is the current folder: an unset variable must not check that.
        return None, [CatalogProblem("''", "empty catalog path")]
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


@attrs.define
class _Entry:
    """A raw ``[[package]]`` table and where it came from."""

    file: str
    line: int | None
    table: dict[str, Any]
    lines: _Lines  # of the whole file, shared by its entries


class _Reader:
    """Collects raw tables from files, then validates them all, noting every problem."""

    def __init__(self) -> None:
        self.problems: list[CatalogProblem] = []
        self.unreadable = False  # a path, file or TOML document could not be read
        self.families: dict[str, tuple[str, int | None, dict[str, Any], _Lines]] = {}
        self.entries: list[_Entry] = []
        # Catalogs repeat requirements (base>=7.2 on many packages): each is read
        # once and shared, which the planner's caches keyed on them like too.
        self._requirements: dict[tuple[str, str], Requirement] = {}

    def requirement(self, family: str, text: str) -> Requirement:
        """``family`` and the specifier set ``text``; ``ValueError`` with the reason."""
        found = self._requirements.get((family, text))
        if found is None:
            found = self._requirements[family, text] = Requirement(family, parse_specifier(text))
        return found

    def problem(self, file: str, message: str, **where: Any) -> None:
        self.problems.append(CatalogProblem(file, _cut(message, _MESSAGE_LIMIT), **where))

    def fatal(self, file: str, message: str, **where: Any) -> None:
        """A problem that leaves nothing to validate (the file has no TOML document)."""
        self.unreadable = True
        self.problem(file, message, **where)

    def files(self, path: Path) -> list[Path]:
        try:
            status = path.stat()  # follows a symlink given as the catalog itself
        except OSError as error:
            self.fatal(str(path), _unreachable(path, error))
            return []
        if stat.S_ISREG(status.st_mode):
            return [path]
        if not stat.S_ISDIR(status.st_mode):
            self.fatal(str(path), "not a regular file or folder")
            return []
        found: list[Path] = []
        key = (status.st_dev, status.st_ino)
        self.walk(path, {key: path}, {key: path}, found)
        if not found and not self.problems:
            self.fatal(str(path), "folder holds no .toml file")
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
            self.fatal(str(folder), f"cannot read folder: {error.strerror or error}")
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
                self.problem(str(child), f"symlink loop: leads back to {inside[key]},"
                             " a folder it is in (not read again)")
            elif key in seen:
                how = "symlinks reach it" if is_folder else "a symlink or hard link reaches it"
                self.problem(str(child), f"same {'folder' if is_folder else 'file'} as"
                             f" {seen[key]}, which is read already ({how} twice)")
            elif is_folder:
                seen[key] = child
                self.walk(child, {**inside, key: child}, seen, found)
            elif not stat.S_ISREG(status.st_mode):
                self.fatal(str(child), "not a regular file")  # a FIFO would block the read
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
            self.fatal(str(file), "file is UTF-32 encoded; save it as UTF-8")
            return None
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(data):
            self.fatal(str(file), "file is UTF-16 encoded; save it as UTF-8")
            return None
        if b"\x00" in data:
            self.fatal(str(file), "binary file, not TOML text")
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            start = data.rfind(b"\n", 0, error.start) + 1
            column = len(data[start : error.start].decode("utf-8")) + 1  # valid up to there
            self.fatal(str(file), f"not UTF-8 text (byte 0x{data[error.start]:02x} at offset"
                       f" {error.start}, column {column}); save it as UTF-8",
                       line=data.count(b"\n", 0, error.start) + 1)
            return None
        # Editors on Windows may start UTF-8 with a byte-order mark; TOML does not allow it.
        return data, text.removeprefix("\ufeff")

    def parse(self, file: Path, text: str) -> None:
        name = str(file)
        lines = text.split("\n")  # TOML's lines: str.splitlines() also splits at \u2028
        try:
            document = tomllib.loads(text)
        except RecursionError:
            # tomllib recurses once per level of [ or {; the deepest line is a fair guess.
            deepest = max(range(len(lines)), key=lambda i: lines[i].count("[")
                          + lines[i].count("{"), default=0)
            self.fatal(name, "arrays or inline tables are nested too deeply to read",
                       line=deepest + 1)
            return
        except tomllib.TOMLDecodeError as error:
            # tomllib writes "Expected '=' after a key (at line 3, column 7)".
            message = str(error)
            match = re.search(r"\(at line (\d+), column (\d+)\)", message)
            line = int(match[1]) if match else None
            message = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
            column = f" (column {match[2]})" if match else ""
            self.fatal(name, f"TOML syntax error: {message}{column}", line=line)
            return
        except ValueError:  # int() refuses more digits than sys.get_int_max_str_digits()
            limit = sys.get_int_max_str_digits()
            long = re.search(rf"[=\[,]\s*[+-]?[0-9_]{{{limit + 1},}}", text)
            self.fatal(name, f"an integer has more than {limit} digits, too long to read",
                       line=text.count("\n", 0, long.end()) + 1 if long else None)
            return
        where = _Lines(lines)
        for key in document:
            if key not in TOP_LEVEL_KEYS:
                self.problem(name, _unknown(key, TOP_LEVEL_KEYS, "top-level key"),
                             key=_cut(key, 40), line=where.top_level(key))
        families = document.get("family", {})
        if not isinstance(families, dict):
            self.problem(name, "'family' must be tables: [family.NAME]")
            families = {}
        for family, table in families.items():
            line = where.family(family)
            entry = f"family.{_cut(family, 40)}"
            if family in self.families:
                self.problem(name, f"family {_shown(family)} is declared twice"
                             f" (first in {self.families[family][0]})", entry=entry, line=line)
                continue
            if not isinstance(table, dict):
                self.problem(name, "must be a table", entry=entry, line=line)
                continue
            self.families[family] = (name, line, table, where)
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
            self.entries.append(_Entry(name, line, table, where))

    def build(self, source: str, digest: str) -> Catalog | None:
        families = [f for f in (self.family(n, *rest) for n, rest in self.families.items()) if f]
        self.distinct_labels(families)
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

    def distinct_labels(self, families: list[Family]) -> None:
        """Two families with one label template would name their packages alike
        ("X 1.0"), and ``why`` or a plan could not tell which is meant."""
        first: dict[str, str] = {}
        for family in families:
            shown = family.label.replace("{family}", family.name)
            other = first.setdefault(shown, family.name)
            if other != family.name:
                file, line, _, _ = self.families[family.name]
                self.problem(file, f"label {_shown(family.label)} is also family {other}'s:"
                             " their packages could not be told apart",
                             entry=f"family.{family.name}", key="label", line=line)

    def family(self, name: str, file: str, line: int | None, table: dict[str, Any],
               lines: _Lines) -> Family | None:
        entry = f"family.{_cut(name, 40)}"
        before = len(self.problems)
        where = {"entry": entry, "line": line}
        if not FAMILY_NAME.fullmatch(name):
            self.problem(file, f"family name {_shown(name)} must match [a-z][a-z0-9_-]*",
                         **where)
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
            self.problem(file, f"priority must be an integer, not {_shown(priority)}",
                         key="priority", **where)
        elif abs(priority) > _PRIORITY_LIMIT:
            self.problem(file, f"priority must be between {-_PRIORITY_LIMIT} and"
                         f" {_PRIORITY_LIMIT}, got {_shown(priority)}", key="priority", **where)
        clients = table.get("clients_update", False)
        if not isinstance(clients, bool):
            self.problem(file, f"clients_update must be true or false, not {_shown(clients)}",
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
        self.unknown_keys(file, table, PACKAGE_KEYS, name, entry.line, entry.lines)
        family = table.get("family")
        version: Version | None = None
        if not isinstance(family, str):
            self.problem(file, "missing 'family'" if family is None
                         else f"family must be a string, not {_shown(family)}", **where)
        elif family not in declared and not self.unreadable:
            self.problem(file, _undeclared(family, declared, "package of"), key="family", **where)
        spelling = table.get("version")
        if not isinstance(spelling, str):
            self.problem(file, "missing 'version'" if spelling is None else
                         f"version must be a quoted string (\"12.2.0\"), not {_shown(spelling)}",
                         key="version", **where)
        else:
            try:
                version = parse_version(spelling)
            except ValueError as error:
                self.problem(file, _reason(error, spelling.strip()), key="version", **where)
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
                             f" not {_shown(spec_text)}", key="requires", **where)
            else:
                try:
                    requires.append(self.requirement(required, spec_text))
                except ValueError as error:
                    self.problem(file, f"requires.{required}: {_reason(error, spec_text)}",
                                 key="requires", **where)
        spec = families.get(family) if isinstance(family, str) else None
        soak = self.number(file, table, "soak_hours", spec.soak_hours if spec else 0, where)
        minutes = self.number(file, table, "install_minutes",
                              spec.install_minutes if spec else 30, where)
        released = table.get("released")
        if released is not None and (not isinstance(released, date) or
                                     hasattr(released, "hour")):
            if isinstance(released, str):
                why = f"not the string {_shown(released)} (write the date without quotes)"
            else:
                shown = released.isoformat() if hasattr(released, "isoformat") else None
                why = f"not {shown or _shown(released)}"
            self.problem(file, f"released must be a TOML date such as 2012-10-01, {why}",
                         key="released", **where)
        texts = {}
        for key in ("withdrawn", "source", "notes"):
            value = table.get(key)
            if value is not None and (not isinstance(value, str) or not value.strip()):
                self.problem(file, f"{key} must be a non-empty string, not {_shown(value)}",
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
            self.problem(file, f"{key} must be a number, not {_shown(value)}", key=key, **where)
            return default
        # Not math.isfinite(value): an integer of 400 digits overflows a float.
        if isinstance(value, float) and not math.isfinite(value):
            self.problem(file, f"{key} must be a finite number, not {value!r}", key=key, **where)
            return default
        if value < 0:
            self.problem(file, f"{key} must not be negative, got {_shown(value)}", key=key,
                         **where)
            return default
        limit = _LIMITS[key]
        if value > limit:
            # Beyond these a value is a typo, and dates computed from it overflow.
            self.problem(file, f"{key} must be at most {limit} (a year), got {_shown(value)}",
                         key=key, **where)
            return default
        return value

    def unknown_keys(self, file: str, table: dict[str, Any], known: tuple[str, ...],
                     entry: str, line: int | None, lines: _Lines) -> None:
        for key in table:
            if key not in known:
                self.problem(file, _unknown(key, known, "key"), entry=entry, key=_cut(key, 40),
                             line=lines.assignment(key, line or 1) or line)


_LIMITS = {"soak_hours": 8760, "install_minutes": 525600}


def _entry_name(table: dict[str, Any]) -> str:
    parts = (table.get("family", "?"), table.get("version", "?"))
    family, version = (_cut(p, 40) if isinstance(p, str) else _shown(p, 40) for p in parts)
    return f"package {family} {version}"


def _unknown(key: str, known: tuple[str, ...], what: str) -> str:
    near = nearest(key, known)
    hint = f"; did you mean {near!r}?" if near else f" (known: {', '.join(known)})"
    return f"unknown {what} {_shown(key)}{hint}"


def _undeclared(family: str, declared: set[str], what: str) -> str:
    near = nearest(family, sorted(declared))
    hint = f"; did you mean {near!r}?" if near else ""
    return (f"{what} undeclared family {_shown(family)}"
            f" (declare it with [family.{_cut(family, 40)}]){hint}")


def _label_problem(label: object) -> str | None:
    """What is wrong with a family's label, or ``None``.

    A label is a ``str.format`` template (``"Bomgar-{version}"``) whose only
    fields are ``{version}`` (at least once) and ``{family}``, written plainly:
    a conversion or format spec (``{version:>8}``) would pad or re-spell the
    version, and an attribute or index (``{version.major}``) fails at use.
    """
    example = ' (e.g. "Base Software {version}")'
    if not isinstance(label, str):
        return f"label must be a string containing {{version}}{example}, not {_shown(label)}"
    shown = _shown(label)
    if not label.isprintable():  # a newline, NUL or bidi override breaks every table
        bad = next(c for c in label if not c.isprintable())
        return f"label {shown} must not contain control characters (U+{ord(bad):04X})"
    try:
        fields = [(name, spec, conversion)
                  for _, name, spec, conversion in string.Formatter().parse(label)
                  if name is not None]
    except ValueError as error:  # "Single '{' encountered in format string"
        return (f"label {shown} is not a valid template: {error}"
                " (write {{ and }} for a literal brace)")
    for name, spec, conversion in fields:
        if name not in LABEL_FIELDS:
            near = nearest(name, LABEL_FIELDS)
            hint = f"; did you mean {{{near}}}?" if near else ""
            return (f"label {shown} may use only {{version}} and {{family}} (write {{{{ and }}}}"
                    f" for a literal brace): {_shown(name, 40)}{hint}")
        if spec or conversion:
            written = "{" + name + (f"!{conversion}" if conversion else "") + (
                f":{spec}" if spec else "") + "}"
            return (f"label {shown} must write {{{name}}} plainly, not {_cut(written, 40)}"
                    " (no format spec or conversion)")
    if not any(name == "version" for name, _, _ in fields):
        return f"label must be a string containing {{version}}{example}"
    return None


def _unreachable(path: Path, error: OSError) -> str:
    """Why a path that ``stat()`` or ``open()`` refused cannot be read."""
    if error.errno == errno.ELOOP:
        return "symlink loop: the link leads back to itself (directly or through other links)"
    try:
        target: str | None = os.readlink(path)
    except OSError:
        target = None  # not a symlink
    if target is not None and error.errno == errno.ENOENT:
        return f"dangling symlink: its target {_shown(target)} does not exist"
    if error.errno == errno.ENOENT:
        return "no such file or folder"
    return f"cannot read: {error.strerror or error}"


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a byte-order mark: mostly ASCII, so every other byte is zero."""
    if len(data) < 4 or len(data) % 2:
        return False
    half = len(data) // 2
    even, odd = data[0::2].count(0), data[1::2].count(0)
    return (even == 0 and odd > half // 2) or (odd == 0 and even > half // 2)


class _ShortRepr(reprlib.Repr):
    """``repr`` cut to size, that never writes a huge integer out in decimal."""

    def __init__(self) -> None:
        super().__init__()
        self.maxlevel, self.maxlist, self.maxdict = 2, 4, 4
        self.maxstring = self.maxlong = self.maxother = QUOTE_LIMIT

    def repr_int(self, x: int, level: int) -> str:
        # str() refuses integers of more than 4300 digits; count them instead.
        if x.bit_length() > 256:
            digits = max(0, int((x.bit_length() - 1) * math.log10(2)) - 1)  # a lower bound
            while 10**digits <= abs(x):
                digits += 1
            return f"<an integer of {digits:,} digits>"
        return super().repr_int(x, level)


_REPR = _ShortRepr()


def _shown(value: object, limit: int = QUOTE_LIMIT) -> str:
    """``repr(value)`` for a message, at most about ``limit`` characters of it.

    Text is quoted as ``errors.quote`` quotes it; other values (TOML numbers,
    arrays, tables) through reprlib, which never prints a 5,000-digit integer.
    """
    if isinstance(value, str):
        return quote(value, limit)
    return _cut(_REPR.repr(value), limit)


def _cut(text: str, limit: int = QUOTE_LIMIT) -> str:
    """``text``, or its first ``limit`` characters and an ellipsis."""
    return text if len(text) <= limit else text[:limit] + "…"


def _reason(error: ValueError, text: str) -> str:
    """The message of ``error``, raised about ``text``, with ``text`` quoted short."""
    message = str(error)
    return message.replace(repr(text), _shown(text)) if len(text) > QUOTE_LIMIT else message


class _Lines:
    """Where keys and table headers start lines in one file, found in one pass.

    The parsed document has no positions; these give the line of a key or
    header for messages. Indexed once, so that a file of 20,000 entries does
    not cost a scan of the file per entry.
    """

    _START = re.compile(r'\s*(\[\[?)?\s*([\w-]+|"[^"]*")(?:\s*\.\s*([\w-]+|"[^"]*"))?\s*(=?)')

    def __init__(self, lines: list[str]) -> None:
        self.headers: dict[str, int] = {}  # [key] or [[key]] or [key.sub]: first line
        self.families: dict[str, int] = {}  # [family.NAME]: first line
        self.assignments: dict[str, list[int]] = {}  # key = ...: every line
        for number, line in enumerate(lines, 1):
            match = self._START.match(line)
            if not match:
                continue
            opening, key, sub, equals = match.groups()
            key = key.strip('"')
            if opening:
                self.headers.setdefault(key, number)
                if key == "family" and sub and opening == "[":
                    self.families.setdefault(sub.strip('"'), number)
            elif equals or sub:
                self.assignments.setdefault(key, []).append(number)

    def top_level(self, key: str) -> int | None:
        lines = [self.headers.get(key), *self.assignments.get(key, ())[:1]]
        return min((n for n in lines if n is not None), default=None)

    def family(self, name: str) -> int | None:
        return self.families.get(name)

    def assignment(self, key: str, start: int) -> int | None:
        """The first line at or after ``start`` that assigns ``key``."""
        lines = self.assignments.get(key, [])
        at = bisect.bisect_left(lines, start)
        return lines[at] if at < len(lines) else None
