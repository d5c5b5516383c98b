"""The command-line examples in docs/ run as written and print what the page shows.

A ``text`` block whose lines start with ``$ python -m bomgar_paths`` is a session: each
command, run from the repository root, must print the lines that follow it (stdout, then
stderr, as a terminal shows them) up to the next ``$`` line. Commands that name files the
reader saves first (``--catalog greedy.toml``) or temporary paths are left to the pages'
own instructions; every other session is checked here.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"```text\n(.*?)```", re.S)


PAIR = re.compile(r"```sh\n(python -m bomgar_paths [^\n]*)\n```\n+```text\n(.*?)```", re.S)


def _runnable(command: str) -> list[str] | None:
    words = shlex.split(command)
    paths = [b for a, b in pairwise(words) if a in ("--catalog", "check")]
    files = paths + [w for w in words if w.endswith(".toml") or w.startswith("/")]
    if any(c in command for c in "|>;") or not all((ROOT / w).exists() for w in files):
        return None
    return words


def sessions() -> list[object]:
    found = []
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        # A command in an sh block, its output in the text block after it.
        for command, output in PAIR.findall(text):
            words = _runnable(command)
            if words is not None:
                found.append(pytest.param(words, output, id=f"{page.stem}: {command[:60]}"))
        for block in BLOCK.findall(text):
            if not block.startswith("$ python -m bomgar_paths"):
                continue
            for command, output in re.findall(r"^\$ (.*)\n((?:(?!\$ ).*\n)*)", block, re.M):
                words = _runnable(command)
                if words is not None:
                    found.append(pytest.param(words, output, id=f"{page.stem}: {command[:60]}"))
    return found


@pytest.mark.parametrize(("words", "output"), sessions())
def test_the_example_prints_what_the_page_shows(words: list[str], output: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LANG": "C.UTF-8", "COLUMNS": "80"}
    result = subprocess.run([sys.executable, *words[1:]], cwd=ROOT, capture_output=True,
                            text=True, check=False, env=env)
    assert (result.stdout + result.stderr).rstrip("\n") == output.rstrip("\n")


def test_the_docs_have_sessions_to_check() -> None:
    assert len(sessions()) >= 5
