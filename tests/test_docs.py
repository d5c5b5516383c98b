"""The command-line examples in docs/ run as written and print what the page shows.

Two forms are checked, each run from the repository root (the pages say so):

- An ``sh`` or ``python`` block followed by a ``text``, ``json`` or ``markdown`` block (fenced
  with three backticks, or four when it holds a fenced block itself). The
  first runs as a shell script, or a Python program, and must print the block after it. A
  ``json`` block that starts indented is an excerpt of a longer document: it must appear in
  the output exactly as shown.
- A ``text`` block that starts with ``$ python -m bomgar_paths``, a session. Each ``$`` line
  is a command, and the lines after it, up to the next ``$`` line, are what it prints.

Output is stdout and stderr together, in the order a terminal shows them. A shell block runs
when each of its commands is ``python -m bomgar_paths ...`` (perhaps piped into ``grep`` or
``head``, perhaps followed by ``; echo "exit $?"``) or ``echo "exit $?"``, and it redirects
nothing into a file. Other blocks (installing the project, ``> plan.json``) are left to the
reader. The files the examples use are shipped under docs/examples/, so a missing one fails.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

# A shown block may be fenced with four backticks, to hold a ``` fence (a Mermaid chart).
SCRIPT = re.compile(r"```(sh|python)\n([^`]*)```\n+(````|```)(text|json|markdown)\n(.*?)\3",
                    re.S)
SESSION = re.compile(r"```text\n(\$ python -m bomgar_paths .*?)```", re.S)
COMMAND = re.compile(r"^\$ (.*)\n((?:(?!\$ ).*\n)*)", re.M)
EXIT = 'echo "exit $?"'


def _runnable(language: str, script: str) -> bool:
    """Only the tool's own commands, and nothing written to a file."""
    if language == "python":
        return True
    lines = script.replace("\\\n", " ").splitlines()
    if not all(line.startswith("python -m bomgar_paths ") or line == EXIT for line in lines):
        return False
    words = shlex.shlex(script, posix=True, punctuation_chars=True)
    return not any(word.startswith(">") for word in words)


def examples() -> list[object]:
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        blocks = [(m.start(), m[1], m[2], m[4], m[5]) for m in SCRIPT.finditer(text)]
        for session in SESSION.finditer(text):
            blocks += [(session.start(1) + c.start(), "sh", c[1], "text", c[2])
                       for c in COMMAND.finditer(session[1])]
        for at, language, script, kind, shown in blocks:
            if _runnable(language, script):
                line = text.count("\n", 0, at) + 1
                where = f"{page.relative_to(ROOT)}:{line}: {script.splitlines()[0][:60]}"
                found.append(pytest.param(language, script, kind, shown, id=where))
    return found


@pytest.mark.parametrize(("language", "script", "kind", "shown"), examples())
def test_the_example_prints_what_the_page_shows(language: str, script: str, kind: str,
                                                shown: str) -> None:
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    env = {**os.environ, "PATH": path, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1",
           "LANG": "C.UTF-8", "COLUMNS": "80"}
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):  # the pages show English
        env.pop(variable, None)
    program = [sys.executable] if language == "python" else ["sh"]
    result = subprocess.run([*program, "-c", script], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, check=False, env=env)
    printed = result.stdout
    if kind == "json" and shown.startswith(" "):
        assert shown in printed, "the excerpt is not in the output"
    else:
        assert printed.rstrip("\n") == shown.rstrip("\n")


def test_the_docs_have_examples_to_check() -> None:
    # A slip in the patterns above would quietly check far fewer.
    assert len(examples()) >= 100


def test_the_how_to_starts_from_the_bundled_families() -> None:
    # docs/catalog-format.md: "Copy the bundled families.toml" into the folder of the how-to.
    bundled = (ROOT / "catalog" / "families.toml").read_text(encoding="utf-8")
    copies = sorted((ROOT / "docs" / "examples" / "my-appliance").glob("*/families.toml"))
    assert len(copies) == 3
    assert all(copy.read_text(encoding="utf-8") == bundled for copy in copies)


def test_the_api_reference_is_current() -> None:
    # docs/api.md is generated from the code (tools/apidoc.py): a public name, a field or a
    # docstring changed without regenerating it fails here.
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "apidoc.py"), "--check"],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
