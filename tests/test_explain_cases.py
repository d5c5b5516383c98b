"""Golden explanations: each folder of tests/cases/explain is one case.

A case holds ``catalog.toml``, ``args`` (the command line, shell-quoted, without
``--catalog``) and ``expected.txt`` (what the command prints, then a line
``exit N``). Each was reviewed for how a person reads it. To regenerate after
a deliberate wording change: ``UPDATE_GOLDEN=1 python -m pytest tests/test_explain_cases.py``
and review the diff.
"""

from __future__ import annotations

import contextlib
import io
import os
import shlex
from pathlib import Path

import pytest

from bomgar_paths.cli import main

CASES = sorted(p for p in (Path(__file__).parent / "cases" / "explain").iterdir() if p.is_dir())


def run(case: Path) -> str:
    args = [*shlex.split((case / "args").read_text()), "--catalog", str(case / "catalog.toml")]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(args)
    return f"{out.getvalue()}exit {status}\n"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_explanation(case: Path) -> None:
    actual = run(case)
    expected_file = case / "expected.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        expected_file.write_text(actual)
    assert actual == expected_file.read_text()
