"""An inventory: the appliances of a fleet, one row each (docs/fleets.md).

Three kinds of file, told apart by their suffix:

- **CSV** (``.csv``), what spreadsheets and CMDBs export: a header row names
  the columns, in any order; then one row per appliance;
- **JSON Lines** (``.jsonl``, ``.ndjson``): one JSON object per line, its keys
  the columns;
- **TOML** (``.toml``): one ``[[appliance]]`` table per appliance.

Columns: ``name`` and ``state`` (``base=3.2.4,bomgar=11.1.2``), and optional
``goal`` and ``holds`` (requirements; several joined by ``;`` because the
commas belong to the specifier sets), ``group`` (the customer or site),
``tz`` (an IANA zone), ``windows`` (maintenance windows, joined by ``;``),
``manual`` (air-gapped: true or false) and ``topology`` (a topology file,
relative to the inventory, for a failover pair or an Atlas cluster; it says
what each appliance runs, so ``state`` is left empty). In JSON Lines and
TOML, ``goal``, ``holds`` and ``windows`` may also be lists.

``read_inventory(path)`` yields the rows as it reads them: an
``InventoryRow`` for each good row and a ``BadRow`` (a ``CatalogProblem``:
file, line, ``row N``, the column) for each bad one, and goes on after a bad
row. CSV and JSON Lines are read a line at a time, so memory stays flat
however long the file; TOML is read whole. What stops the reading altogether
(a file that cannot be opened, a CSV without the columns it needs) is an
``InventoryError``.
"""

from __future__ import annotations

import csv
import json
import re
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from .errors import (
    BomgarPathsError,
    CatalogProblem,
    Code,
    InventoryError,
    Reason,
    nearest,
)
from .model import Goal, Requirement, State, ascii_lower, check_holds
from .topology import Topology, Updates, load_topology
from .windows import Windows, zone

__all__ = ["COLUMNS", "MAX_ROW", "BadRow", "InventoryRow", "read_inventory", "read_rows"]

#: The columns an inventory may have, in the order the docs list them.
COLUMNS = ("name", "state", "goal", "holds", "group", "tz", "windows", "manual", "topology",
           "patched")
REQUIRED = ("name", "state")

#: The longest row read (characters): a longer one is a mistake (a binary file, a
#: runaway quote), and a CSV reader would otherwise hold it whole.
MAX_ROW = 65_536

#: How many parsed states, goals, holds, zones and windows are kept for the rows that
#: repeat them; past it the memo starts again.
MAX_MEMO = 4_096

#: How many distinct topology files one inventory may name: each is read once and kept.
MAX_TOPOLOGIES = 1_000

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,62}\Z")
_TRUE = ("true", "yes", "y", "1")
_FALSE = ("false", "no", "n", "0", "")
_KINDS = {".csv": "CSV", ".jsonl": "JSON Lines", ".ndjson": "JSON Lines", ".toml": "TOML"}


@attrs.frozen
class InventoryRow:
    """One row of an inventory: an appliance (or, with ``topology``, a deployment of
    several) and what it should be upgraded to."""

    name: str
    state: State | None  # None when ``topology`` says what each appliance runs
    goal: Goal = Goal()
    holds: tuple[Requirement, ...] = ()
    group: str = ""  # the customer or site; "" for none
    tz: str | None = None
    windows: Windows | None = None
    manual: bool = False  # air-gapped: every package comes with an Appliance Download Key
    topology: Topology | None = None
    source: str = ""  # the inventory file
    row: int = 0  # 1-based, the header not counted
    line: int | None = None  # the line it starts on

    @property
    def appliances(self) -> tuple[tuple[str, State], ...]:
        """(name, state) of each appliance the row names: itself, or its topology's."""
        if self.topology is not None:
            return tuple((a.name, a.state) for a in self.topology.appliances)
        assert self.state is not None
        return ((self.name, self.state),)


@attrs.frozen
class BadRow:
    """A row that cannot be planned, and why (``problem.key`` is the column)."""

    problem: CatalogProblem
    name: str | None = None
    row: int = 0


def read_inventory(path: str | Path, *, unique: bool = True) -> Iterator[InventoryRow | BadRow]:
    """The rows of the inventory at ``path``, as they are read (see the module).

    ``unique`` checks that no two rows share a name, which keeps every name
    read; a caller that streams a very large inventory and keeps nothing else
    may turn it off. Raises ``InventoryError`` when the file cannot be read at all.
    """
    shown = str(path)
    suffix = Path(shown).suffix
    kind = _KINDS.get(ascii_lower(suffix))
    if kind is None:
        raise InventoryError([CatalogProblem(shown, Reason(Code.INVENTORY_KIND,
                                                           suffix=suffix or shown))])
    try:
        handle = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115  (closed below)
    except (OSError, ValueError) as error:
        raise InventoryError([CatalogProblem(shown, Reason(
            Code.INVENTORY_UNREADABLE,
            error=getattr(error, "strerror", None) or str(error)))]) from None
    with handle:
        if kind == "TOML":
            try:
                text = handle.read()
            except UnicodeDecodeError as error:
                raise InventoryError([CatalogProblem(shown, Reason(
                    Code.INVENTORY_NOT_UTF8, offset=error.start))]) from None
            cells: Iterator[tuple[int, int | None, Mapping[str, Any] | CatalogProblem]] = (
                _toml_rows(text, shown))
        elif kind == "CSV":
            cells = _csv_rows(handle, shown)
        else:
            cells = _jsonl_rows(handle, shown)
        yield from read_rows(cells, shown, unique=unique)


def read_rows(cells: Iterator[tuple[int, int | None, Mapping[str, Any] | CatalogProblem]],
              source: str, *, unique: bool = True) -> Iterator[InventoryRow | BadRow]:
    """Rows from (row number, line, cells by column) triples, or a problem for a row
    that could not even be split into cells."""
    seen: dict[str, int] = {}
    topologies: dict[Path, Topology | BomgarPathsError] = {}
    memo: dict[tuple[str, object], object] = {}
    folder = Path(source).parent
    for row, line, found in cells:
        if isinstance(found, CatalogProblem):
            yield BadRow(found, None, row)
            continue
        if len(memo) > MAX_MEMO:  # bounded: a fleet of all-different rows stays flat
            memo.clear()
        read = _row(found, source, row, line, folder, topologies, memo)
        if isinstance(read, BadRow):
            yield read
            continue
        if unique:
            before = seen.get(read.name)
            if before is not None:
                yield BadRow(CatalogProblem(source, Reason(
                    Code.INVENTORY_NAME_TWICE, name=read.name, row=before),
                    entry=f"row {row}", key="name", line=line), read.name, row)
                continue
            seen[read.name] = row
        yield read


def _row(cells: Mapping[str, Any], source: str, row: int, line: int | None, folder: Path,
         topologies: dict[Path, Topology | BomgarPathsError],
         memo: dict[tuple[str, object], object]) -> InventoryRow | BadRow:
    name = cells.get("name")

    def parsed(kind: str, text: object, read: Any) -> Any:
        # Rows repeat their states, goals and windows: each text is read once (and
        # rows in the same state share one State, so their plans are found at once).
        key = (kind, text)
        found = memo.get(key)
        if found is None:
            found = memo[key] = read()
        return found


    def bad(reason: Reason, column: str | None) -> BadRow:
        shown = name if isinstance(name, str) and name else None
        return BadRow(CatalogProblem(source, reason, entry=f"row {row}", key=column,
                                     line=line), shown, row)

    for column in cells:
        if column not in COLUMNS:
            return bad(Reason(Code.INVENTORY_COLUMN_UNKNOWN, column=column,
                              near=nearest(column, COLUMNS)), column)
    texts: dict[str, str | list[str] | bool] = {}
    for column, value in cells.items():
        if value is None:
            continue
        if isinstance(value, str):
            if value.strip():
                texts[column] = value.strip()
        elif isinstance(value, bool) and column == "manual":
            texts[column] = value
        elif (isinstance(value, list) and column in ("goal", "holds", "windows", "patched")
              and all(isinstance(v, str) for v in value)):
            texts[column] = [v.strip() for v in value if v.strip()]
        else:
            return bad(Reason(Code.INVENTORY_CELL_NOT_TEXT, column=column, value=value), column)
    if "name" not in texts:
        return bad(Reason(Code.INVENTORY_CELL_MISSING, column="name"), "name")
    name = texts["name"]
    assert isinstance(name, str)
    if not _NAME.match(name):
        return bad(Reason(Code.INVENTORY_NAME_INVALID, name=name), "name")
    if "state" in texts and "topology" in texts:
        return bad(Reason(Code.INVENTORY_STATE_AND_TOPOLOGY), "state")
    if "state" not in texts and "topology" not in texts:
        return bad(Reason(Code.INVENTORY_CELL_MISSING, column="state"), "state")
    column = "state"
    try:
        state = None
        if "state" in texts:
            text = _one(texts["state"])
            state = parsed("state", text, lambda: State.parse(text))
        column = "goal"
        # Patches applied (BT24-10-ONPREM1) travel with the goal, as --patched does.
        goals = (*_many(texts.get("goal", [])),
                 *(f"patched={p}" for p in _many(texts.get("patched", []))))
        goal = parsed("goal", goals, lambda: Goal.parse(goals))
        column = "holds"
        held = tuple(_many(texts.get("holds", [])))
        holds = parsed("holds", held,
                       lambda: tuple(Requirement.parse(h, "hold") for h in held))
        if state is not None:
            check_holds(state, holds)
        column = "tz"
        tz = _one(texts["tz"]) if "tz" in texts else None
        resolved = parsed("tz", tz, lambda: zone(tz)) if tz is not None else None
        column = "windows"
        windows = None
        specs = tuple(_many(texts.get("windows", [])))
        if specs:
            if resolved is None and any(not s[:1].isdigit() for s in specs):
                return bad(Reason(Code.INVENTORY_WEEKLY_NEEDS_TZ), "windows")
            windows = parsed("windows", (specs, tz),
                             lambda: Windows.parse(specs, resolved or "UTC"))
        column = "manual"
        manual = _flag(texts.get("manual", False))
        if manual is None:
            return bad(Reason(Code.INVENTORY_FLAG, column="manual", value=texts["manual"]),
                       "manual")
        column = "topology"
        topology = None
        if "topology" in texts:
            topology = _topology(folder / _one(texts["topology"]), topologies)
            for _, each in ((a.name, a.state) for a in topology.appliances):
                check_holds(each, holds)
            manual = manual or topology.manual
            if manual and not topology.manual:
                topology = attrs.evolve(topology, updates=Updates.MANUAL)
    except BomgarPathsError as error:
        return bad(Reason(Code.INVENTORY_VALUE, column=column, error=error), column)
    return InventoryRow(name, state, goal, holds, _one(texts.get("group", "")), tz, windows,
                        manual, topology, source, row, line)


def _one(value: str | list[str] | bool) -> str:
    return value if isinstance(value, str) else ";".join(map(str, value)) if isinstance(
        value, list) else str(value)


def _many(value: str | list[str] | bool) -> list[str]:
    """A cell of several values: a list, or text joined by ``;``."""
    if isinstance(value, list):
        return value
    return [part.strip() for part in str(value).split(";") if part.strip()]


def _flag(value: str | list[str] | bool) -> bool | None:
    if isinstance(value, bool):
        return value
    word = ascii_lower(_one(value).strip())
    return True if word in _TRUE else False if word in _FALSE else None


def _topology(path: Path, cache: dict[Path, Topology | BomgarPathsError]) -> Topology:
    found = cache.get(path)
    if found is None:
        try:
            found = load_topology(path)
        except BomgarPathsError as error:
            found = error
        if len(cache) < MAX_TOPOLOGIES:
            cache[path] = found
    if isinstance(found, BomgarPathsError):
        raise found
    return found


# -- the three kinds of file --------------------------------------------------------

Cells = Iterator[tuple[int, int | None, Mapping[str, Any] | CatalogProblem]]


def _csv_rows(handle: Any, source: str) -> Cells:
    csv.field_size_limit(MAX_ROW)
    reader = csv.reader(handle)
    row, line = 0, 1
    header: list[str] | None = None
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            row += 1 if header is not None else 0
            yield row, line, CatalogProblem(source, Reason(Code.INVENTORY_ROW_TOO_LONG,
                                                           limit=MAX_ROW)
                                            if "field larger" in str(error) else
                                            Reason(Code.INVENTORY_SYNTAX, kind="CSV",
                                                   error=str(error)),
                                            entry=f"row {row}", line=line)
            line = reader.line_num + 1
            continue
        except UnicodeDecodeError as error:
            yield row + 1, line, CatalogProblem(source, Reason(Code.INVENTORY_NOT_UTF8,
                                                               offset=error.start),
                                                line=line)
            return
        start, line = line, reader.line_num + 1
        if not any(c.strip() for c in cells):
            continue  # a blank line
        if header is None:
            header = [c.strip() for c in cells]
            _check_header(header, source)
            continue
        row += 1
        if len(cells) != len(header):
            yield row, start, CatalogProblem(source, Reason(
                Code.INVENTORY_ROW_WIDTH, count=len(cells), columns=len(header)),
                entry=f"row {row}", line=start)
            continue
        yield row, start, {c: v for c, v in zip(header, cells, strict=True) if c}
    if header is None:
        raise InventoryError([CatalogProblem(source, Reason(Code.INVENTORY_NO_HEADER))])


def _check_header(header: list[str], source: str) -> None:
    problems = []
    for column in header:
        if column and column not in COLUMNS:
            problems.append(CatalogProblem(source, Reason(
                Code.INVENTORY_COLUMN_UNKNOWN, column=column, near=nearest(column, COLUMNS)),
                key=column, line=1))
        elif column and header.count(column) > 1 and column not in {
                p.key for p in problems}:
            problems.append(CatalogProblem(source, Reason(Code.INVENTORY_COLUMN_TWICE,
                                                          column=column), key=column, line=1))
    if "name" not in header:
        problems.append(CatalogProblem(source, Reason(Code.INVENTORY_COLUMN_MISSING,
                                                      column="name"), line=1))
    if "state" not in header and "topology" not in header:
        problems.append(CatalogProblem(source, Reason(Code.INVENTORY_COLUMN_MISSING,
                                                      column="state"), line=1))
    if problems:
        raise InventoryError(problems)


def _jsonl_rows(handle: Any, source: str) -> Cells:
    row = 0
    line = 0
    while True:
        try:
            text = handle.readline(MAX_ROW + 1)
        except UnicodeDecodeError as error:
            yield row + 1, line + 1, CatalogProblem(source, Reason(
                Code.INVENTORY_NOT_UTF8, offset=error.start), line=line + 1)
            return
        if not text:
            return
        line += 1
        if len(text) > MAX_ROW and not text.endswith("\n"):
            row += 1
            yield row, line, CatalogProblem(source, Reason(Code.INVENTORY_ROW_TOO_LONG,
                                                           limit=MAX_ROW),
                                            entry=f"row {row}", line=line)
            while text and not text.endswith("\n"):  # skip the rest of the long line
                text = handle.readline(MAX_ROW + 1)
            continue
        if not text.strip():
            continue
        row += 1
        try:
            data = json.loads(text)
        except ValueError as error:
            message = error.msg if isinstance(error, json.JSONDecodeError) else str(error)
            yield row, line, CatalogProblem(source, Reason(Code.INVENTORY_SYNTAX,
                                                           kind="JSON", error=message),
                                            entry=f"row {row}", line=line)
            continue
        if not isinstance(data, dict):
            yield row, line, CatalogProblem(source, Reason(Code.INVENTORY_ROW_NOT_TABLE,
                                                           value=data),
                                            entry=f"row {row}", line=line)
            continue
        yield row, line, data


_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*appliance[ \t]*\]\]", re.MULTILINE)


def _toml_rows(text: str, source: str) -> Cells:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        at = re.search(r"\(at line (\d+), column \d+\)", str(error))
        raise InventoryError([CatalogProblem(source, Reason(
            Code.INVENTORY_SYNTAX, kind="TOML", error=str(error).split(" (at ")[0]),
            line=int(at[1]) if at else None)]) from None
    unknown = [key for key in data if key != "appliance"]
    entries = data.get("appliance", [])
    if unknown or not isinstance(entries, list):
        key = unknown[0] if unknown else "appliance"
        raise InventoryError([CatalogProblem(source, Reason(
            Code.INVENTORY_COLUMN_UNKNOWN, column=key, near=nearest(key, ["appliance"])),
            key=key)])
    lines = [text.count("\n", 0, m.start()) + 1 for m in _HEADER.finditer(text)]
    for row, entry in enumerate(entries, 1):
        line = lines[row - 1] if row - 1 < len(lines) else None
        if not isinstance(entry, dict):
            yield row, line, CatalogProblem(source, Reason(Code.INVENTORY_ROW_NOT_TABLE,
                                                           value=entry),
                                            entry=f"row {row}", line=line)
            continue
        yield row, line, entry
