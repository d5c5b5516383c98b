"""Golden Turkish outputs: what `--lang tr` prints for each kind of answer (issue 9).

Each file in tests/cases/turkish/ is a session: its first line is the command (``$ ...``,
run from the repository root), the rest is what it prints, stdout and stderr together,
then a line ``[exit N]``. ``UPDATE_GOLDEN=1`` rewrites them from the code; read the diff
as a Turkish administrator would before committing it.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases" / "turkish"

# The commands, by golden file. Each is run with --lang tr (or LANG=tr_TR.UTF-8 where the
# file says so, to check that the environment chooses the language too).
SESSIONS = {
    "plan.txt": "plan --from base=3.2.4,bomgar=11.1.2 --lang tr",
    "plan.md": "plan --from base=3.2.4,bomgar=11.1.2 --to 'bomgar<=14' --format markdown"
               " --lang tr",
    "plan_left_out.txt": "plan --from base=3.2.4,bomgar=11.1.2 --hold 'base<7' --lang tr",
    "plan_nothing.txt": "plan --from base=7.2.1,bomgar=26.3.0 --lang tr",
    "unreachable.txt": "plan --from base=3.2.4,bomgar=11.1.2 --to 'bomgar>=24' --hold 'base<7'"
                       " --lang tr",
    "updates.txt": "updates --from base=3.2.4,bomgar=11.1.2 --lang tr",
    "why_greyed.txt": "why Bomgar-12.2.0 --from base=3.2.4,bomgar=11.1.2 --lang tr",
    "why_available.txt": "why base=3.3.2 --from base=3.2.4,bomgar=11.1.2 --lang tr",
    "catalog.txt": "catalog --catalog docs/examples/catalog-format/small.toml --lang tr",
    "schedule.txt": "schedule --from base=3.2.4,bomgar=11.1.2 --to 'bomgar<=15.2'"
                    " --start 2026-12-05T01:00+03:00 --window 'Sat 01:00-05:00'"
                    " --tz Europe/Istanbul --jump-clients 8000"
                    " --max-concurrent-jump-upgrades 20 --lang tr",
    "schedule_manual.md": "schedule --from base=3.2.4,bomgar=11.1.2 --to 'bomgar<=13'"
                          " --start 2026-12-05T01:00+03:00 --manual --format markdown"
                          " --lang tr",
    "schedule_no_soak.txt": "schedule --from base=3.2.4,bomgar=11.1.2 --to 'bomgar<=13'"
                            " --start 2026-12-05T01:00+03:00 --no-soak --lang tr",
    "error_state.txt": "plan --from base=3.2.4,bomgar=eleven --lang tr",
    "error_usage.txt": "plan --lang tr",
    "error_environment.txt": "LANG=tr_TR.UTF-8 why Bomgar-99 --from base=3.2.4",
    "help.txt": "plan --help --lang tr",
}


def _run(command: str) -> tuple[str, int]:
    words = shlex.split(command)
    env = {k: v for k, v in os.environ.items()
           if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    env.update({"PYTHONPATH": str(ROOT), "COLUMNS": "80", "LANG": "C.UTF-8"})
    while "=" in words[0]:  # VAR=value before the command
        name, _, value = words.pop(0).partition("=")
        env[name] = value
    result = subprocess.run([sys.executable, "-m", "bomgar_paths", *words], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=env, check=False)
    return result.stdout, result.returncode


@pytest.mark.parametrize("name", sorted(SESSIONS))
def test_turkish_output(name: str) -> None:
    command = SESSIONS[name]
    printed, status = _run(command)
    session = f"$ python -m bomgar_paths {command}\n{printed.rstrip()}\n[exit {status}]\n"
    path = CASES / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(session, encoding="utf-8")
    assert session == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(SESSIONS))
def test_turkish_output_has_no_english_left(name: str) -> None:
    # Words that would show an untranslated sentence; labels (Bomgar-, Base Software) and
    # the English screen labels in parentheses are allowed.
    printed, _ = _run(SESSIONS[name])
    outside = _outside_parentheses(printed)
    for english in (" the ", " is ", " and ", " of ", " requires ", " install ", "Goal:",
                    "Nothing to", "usage:", "error:", "Total:", "Then installed"):
        assert english not in outside, (english, name)


def _outside_parentheses(text: str) -> str:
    """``text`` without what is inside (...): the English labels after Turkish ones."""
    out, depth = [], 0
    for char in text:
        depth += char == "("
        if depth == 0:
            out.append(char)
        depth -= char == ")" and depth > 0
    return "".join(out)
