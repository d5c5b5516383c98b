"""Bad input at the edges: one clear line (exit 2 on the command line), never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bomgar_paths import check
from bomgar_paths.versions import parse_specifier, parse_version

FAMILY = '[family.a]\nlabel = "A {version}"\n'


ROOT = Path(__file__).resolve().parent.parent


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "bomgar_paths", *args], cwd=tmp_path,
                          capture_output=True, text=True, check=False, env=env)


@pytest.mark.parametrize("text", ["1.x", "3.x", "2.0.x"])
def test_a_wildcard_is_not_a_vendor_spelling(text: str) -> None:
    with pytest.raises(ValueError, match="is not a version"):
        parse_version(text)


@pytest.mark.parametrize(("key", "value"), [("soak_hours", "100000000"),
                                            ("install_minutes", "1e308")])
def test_absurd_durations_are_rejected(tmp_path: Path, key: str, value: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(FAMILY + f'[[package]]\nfamily = "a"\nversion = "1"\n{key} = {value}\n')
    [problem] = check(path)
    assert f"{key} must be at most" in str(problem)


def test_an_empty_catalog_path_is_an_error_not_the_current_folder(tmp_path: Path) -> None:
    assert [str(p) for p in check("")] == ["'': empty catalog path"]
    result = run(tmp_path, "plan", "--catalog", "", "--from", "base=3.2.4")
    assert result.returncode == 2
    assert result.stderr.strip() == "python -m bomgar_paths: '': empty catalog path"


@pytest.mark.parametrize("args", [
    ["--start", "9999-12-30T00:00+00:00"],
    ["--start", "2025-01-01T00:00+00:00", "--duration-multiplier", "1e300"],
])
def test_schedules_past_the_calendar_are_one_line_errors(tmp_path: Path, args: list[str]) -> None:
    result = run(tmp_path, "schedule", "--from", "base=3.2.4,bomgar=11.1.2", *args)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_why_names_an_unknown_family(tmp_path: Path) -> None:
    result = run(tmp_path, "why", "foo=1", "--from", "base=3.2.4")
    assert result.returncode == 2
    assert "unknown family 'foo'" in result.stderr


def test_a_broken_file_does_not_hide_the_problems_of_the_others(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text("x = \n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "p.toml").write_text(
        FAMILY + '[[package]]\nfamily = "a"\nversion = "1"\nsoak_hour = 3\n'
        '[[package]]\nfamily = "zz"\nversion = "1"\n')
    problems = [str(p) for p in check(tmp_path)]
    assert len(problems) == 2
    assert "TOML syntax error" in problems[0]
    assert "unknown key 'soak_hour'; did you mean 'soak_hours'?" in problems[1]
    # 'zz' may be declared in the broken file: no "undeclared family" guess.


def test_a_single_equals_sign_gets_a_hint() -> None:
    with pytest.raises(ValueError, match=r"for one version write ==26, for a floor >=26"):
        parse_specifier("=26")
