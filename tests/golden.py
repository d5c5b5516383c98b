"""The golden-case format of ``tests/cases/*.toml`` and its loader (docs/testing.md).

One file per topic; each file is a catalog and the questions asked of it:

* **The catalog**, inline or by reference. Inline: everything before the first
  ``[[case]]`` line is an ordinary catalog (DESIGN §2.1: ``[family.NAME]`` tables
  and ``[[package]]`` entries), loaded by the real ``bomgar_paths.catalog.load``
  from a copy (which would reject the key ``case``). By reference: a top-level
  ``catalog = "PATH"`` (relative to the case file) and nothing else before the
  first ``[[case]]``; a case may name its own ``catalog`` too.
* **One or more ``[[case]]`` tables**, each one question and its answer, in one
  of two kinds:

  - a **plan** question, checked through the library and the exhaustive oracle:
    ``from`` (start state; ``""`` nothing installed), ``to`` (list of ``--to``;
    absent: latest), ``hold`` (list), ``no_soak`` (bool); the answer is
    ``target`` + ``plan`` (labels in order) + optional ``totals``
    (``{installs, soak_hours, install_minutes}``), or ``unreachable = true`` with
    optional ``reasons_contain`` (substrings of the reasons);
  - a **command**, checked through ``bomgar_paths.cli.main``: ``args`` (the
    command line, shell-quoted, without ``--catalog`` and ``--format``),
    ``formats`` (default ``["text"]``), ``exit`` (default 0), ``env`` (extra
    environment variables). Its output for each format is a golden file,
    ``<file stem>/<case name>/expected.<txt|md|json|ics>`` beside the case file.
    Commands run in the catalog's folder with ``--catalog <its file name>``, so
    the catalog's ``source`` prints as that name, not as a temporary path; with
    ``catalog = "bundled"`` they run from the repository root on the bundled
    catalog (no ``--catalog``). What a command writes on stderr (its one-line
    error) follows its stdout in the golden file.

Every case has a ``name`` (the pytest id is ``<file stem>/<name>``). Unknown keys
are errors. ``UPDATE_GOLDEN=1 python -m pytest tests/test_cases.py`` rewrites the
golden files of commands; review the diff.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

from bomgar_paths.catalog import Catalog, bundled_path, load
from bomgar_paths.model import Goal, Requirement, State

CASES_DIR = Path(__file__).parent / "cases"
ROOT = CASES_DIR.parent.parent
BUNDLED = Path("bundled")  # `catalog = "bundled"`: the bundled catalog, not a file
PLAN_KEYS = {"from", "to", "hold", "no_soak", "target", "plan", "totals", "unreachable",
             "reasons_contain"}
COMMAND_KEYS = {"args", "formats", "exit", "env"}
SUFFIXES = {"text": ".txt", "markdown": ".md", "json": ".json", "ics": ".ics", "html": ".html",
            "dot": ".dot", "mermaid": ".mmd", "ansible-inventory": ".ansible.json",
            "jsonl": ".jsonl"}
_FIRST_CASE = re.compile(r"^\[\[\s*case\s*\]\]", re.M)


@attrs.frozen
class Case:
    """One ``[[case]]`` of a case file, with the catalog it is asked of."""

    path: Path  # the case file
    name: str
    data: dict[str, Any]
    catalog_text: str | None  # inline catalog, or None
    catalog_ref: Path | None  # catalog by reference, or None

    @property
    def id(self) -> str:
        return f"{self.path.stem}/{self.name}"

    @property
    def kind(self) -> str:
        return "command" if "args" in self.data else "plan"

    @property
    def bundled(self) -> bool:
        return self.catalog_ref == BUNDLED

    def catalog_file(self, tmp_path: Path) -> Path:
        """The catalog as a file: the referenced one, or a copy of the inline text."""
        if self.bundled:
            return bundled_path()
        if self.catalog_ref is not None:
            return self.catalog_ref
        assert self.catalog_text is not None
        copy = tmp_path / self.path.name
        copy.write_text(self.catalog_text, encoding="utf-8")
        return copy

    def catalog(self, tmp_path: Path) -> Catalog:
        return load(self.catalog_file(tmp_path))

    # -- plan questions ----------------------------------------------------------

    def question(self) -> tuple[State, Goal, list[Requirement], bool]:
        """(start, goal, holds, soak) of a plan question."""
        start = State.parse(self.data["from"])
        goal = Goal.parse(self.data.get("to", []))
        holds = [Requirement.parse(h) for h in self.data.get("hold", [])]
        return start, goal, holds, not self.data.get("no_soak", False)

    # -- commands -------------------------------------------------------------------

    @property
    def formats(self) -> list[str]:
        return list(self.data.get("formats", ["text"]))

    def expected_file(self, fmt: str) -> Path:
        return self.path.parent / self.path.stem / self.name / f"expected{SUFFIXES[fmt]}"

    def run(self, fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, int]:
        """(stdout, exit status) of the command in format ``fmt``."""
        from bomgar_paths.cli import main  # noqa: PLC0415

        args = [*shlex.split(self.data["args"]), "--format", fmt]
        if self.bundled:
            monkeypatch.chdir(ROOT)
        else:
            catalog = self.catalog_file(tmp_path)
            monkeypatch.chdir(catalog.parent)
            args += ["--catalog", catalog.name]
        for key, value in self.data.get("env", {}).items():
            monkeypatch.setenv(key, str(value))
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(args)
        return out.getvalue() + err.getvalue(), status

    def check_output(self, fmt: str, actual: str) -> None:
        """``actual`` is the golden file, byte for byte (``UPDATE_GOLDEN=1`` rewrites it)."""
        expected = self.expected_file(fmt)
        if os.environ.get("UPDATE_GOLDEN"):
            expected.parent.mkdir(parents=True, exist_ok=True)
            expected.write_bytes(actual.encode())
        assert expected.exists(), f"{self.id}: no golden file {expected}"
        assert actual == expected.read_bytes().decode()


def read(path: Path) -> list[Case]:
    """The cases of one file; any key or shape the format does not know fails loudly."""
    text = path.read_text(encoding="utf-8")
    match = _FIRST_CASE.search(text)
    assert match, f"{path.name}: no [[case]] table"
    whole = tomllib.loads(text)
    head = tomllib.loads(text[: match.start()])
    reference = head.get("catalog")
    if reference is not None:
        assert isinstance(reference, str) and set(head) == {"catalog"}, (
            f"{path.name}: a catalog by reference is `catalog = \"PATH\"` alone before [[case]]")
    assert set(whole) - set(head) == {"case"}, (
        f"{path.name}: only [[case]] tables may follow the first one")
    cases = []
    for index, data in enumerate(whole["case"]):
        name = data.get("name", str(index))
        own = data.get("catalog")
        kind_keys = COMMAND_KEYS if "args" in data else PLAN_KEYS
        unknown = set(data) - kind_keys - {"name", "catalog"}
        assert not unknown, f"{path.name}: {name}: unknown case keys {sorted(unknown)}"
        if "args" not in data:
            assert data.get("unreachable", False) != ("plan" in data), (
                f"{path.name}: {name}: give either plan/target or unreachable = true")
        for fmt in data.get("formats", []):
            assert fmt in SUFFIXES, f"{path.name}: {name}: unknown format {fmt!r}"
        ref = own if own is not None else reference
        where = None if ref is None else BUNDLED if ref == "bundled" else (
            path.parent / ref).resolve()
        cases.append(Case(path, name, data,
                          None if ref is not None else text[: match.start()], where))
    return cases


def all_cases(directory: Path = CASES_DIR) -> Iterator[Case]:
    for path in sorted(directory.glob("*.toml")):
        yield from read(path)


def params(kind: str) -> list[Any]:
    """pytest parameters: every case of ``kind`` ("plan"), or (case, format) for commands."""
    found = [c for c in all_cases() if c.kind == kind]
    if kind == "command":
        return [pytest.param(c, fmt, id=f"{c.id}/{fmt}") for c in found for fmt in c.formats]
    return [pytest.param(c, id=c.id) for c in found]
