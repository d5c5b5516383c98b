"""The command line through a subprocess (DESIGN §2.4): commands, formats, exit codes 0/1/2.

Every run uses ``sys.executable -m bomgar_paths`` with the working directory set to a
temporary folder, so that the bundled catalog is found without the repository as cwd.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import bomgar_paths
from bomgar_paths.catalog import check

PACKAGE_ROOT = Path(bomgar_paths.__file__).resolve().parent.parent
GUIDE = "base=3.2.4,bomgar=11.1.2"
TOP = "base=7.2.1,bomgar=26.3.0"  # the newest of the bundled catalog
TOO_LATE = "base=3.3.2,bomgar=11.1.2"  # Bomgar-12.1.0 needs base<3.3: never again
COMMANDS = ["plan", "updates", "why", "catalog"]
FORMATS = ["text", "json", "markdown"]

SMALL = """\
[family.base]
label = "Base {version}"
priority = 2

[family.site]
label = "Site {version}"
soak_hours = 24
install_minutes = 45
priority = 1

[[package]]
family = "base"
version = "2.0"

[[package]]
family = "site"
version = "2.0"
requires = { base = ">=2.0" }
"""

BROKEN = """\
[family.base]
label = "Base {version}"
soak_hour = 1

[[package]]
family = "base"
version = "x.y"

[[package]]
family = "site"
version = "1.0"
requires = { base = "=>1" }
"""


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(PACKAGE_ROOT), *filter(None, [env.get("PYTHONPATH")])]
    )
    return subprocess.run(
        [sys.executable, "-m", "bomgar_paths", *args],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60, check=False,
    )


def run_json(tmp_path: Path, *args: str, status: int = 0) -> Any:
    result = run(tmp_path, *args, "--format", "json")
    assert result.returncode == status, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


def assert_one_line_error(result: subprocess.CompletedProcess[str]) -> None:
    """Exit 2, nothing on stdout, exactly one line on stderr, no traceback."""
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.endswith("\n")
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("python -m bomgar_paths")


# -- help and version ---------------------------------------------------------


def test_version(tmp_path: Path) -> None:
    result = run(tmp_path, "--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"bomgar_paths {bomgar_paths.__version__}"


@pytest.mark.parametrize("command", [[], *([c] for c in COMMANDS)], ids=["top", *COMMANDS])
def test_help_on_every_command(tmp_path: Path, command: list[str]) -> None:
    result = run(tmp_path, *command, "--help")
    assert result.returncode == 0
    assert result.stderr == ""
    assert result.stdout.startswith(" ".join(["usage: python -m bomgar_paths", *command]))
    if command:
        assert "--catalog" in result.stdout and "--format" in result.stdout
    else:
        for name in COMMANDS:
            assert name in result.stdout


# -- plan -----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_plan_in_every_format(tmp_path: Path, fmt: str) -> None:
    result = run(tmp_path, "plan", "--from", GUIDE, "--to", "bomgar==12.2.0", "--format", fmt)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    assert out.index("Base Software 3.3.2") < out.index("Bomgar-12.2.0")
    if fmt == "json":
        assert [s["package"] for s in json.loads(out)["steps"]] == [
            "Base Software 3.3.2", "Bomgar-12.2.0"]
    elif fmt == "markdown":
        assert out.startswith("## ")
        assert "|---" in out
    else:
        assert "Total: 2 installs, 24 h of soak" in out


PLAN_KEYS = {"catalog", "start", "target", "steps", "totals"}
STEP_KEYS = {"package", "family", "version", "soak_hours", "install_minutes", "after"}
TOTAL_KEYS = {"installs", "soak_hours", "install_minutes"}


def test_plan_json_holds_the_contract_fields(tmp_path: Path) -> None:
    """DESIGN §2.4's example, field by field, on the bundled catalog."""
    data = run_json(tmp_path, "plan", "--from", GUIDE)
    assert set(data) >= PLAN_KEYS
    assert set(data["catalog"]) == {"source", "digest"}
    assert data["catalog"]["source"] == "bundled"
    assert data["catalog"]["digest"].startswith("sha256:")
    assert data["start"] == {"base": "3.2.4", "bomgar": "11.1.2"}
    assert data["target"] == {"base": "7.2.1", "bomgar": "26.3.0"}
    for step in data["steps"]:
        assert set(step) == STEP_KEYS
    assert data["steps"][0] == {
        "package": "Base Software 3.3.2", "family": "base", "version": "3.3.2",
        "soak_hours": 0, "install_minutes": 30, "after": {"base": "3.3.2", "bomgar": "11.1.2"},
    }
    assert type(data["steps"][0]["soak_hours"]) is int  # 0, not 0.0
    assert data["steps"][-1]["after"] == data["target"]
    totals = data["totals"]
    assert set(totals) == TOTAL_KEYS
    assert totals["installs"] == len(data["steps"])
    assert totals["soak_hours"] == sum(s["soak_hours"] for s in data["steps"])
    assert totals["install_minutes"] == sum(s["install_minutes"] for s in data["steps"])


def test_plan_json_has_exactly_the_contract_keys(tmp_path: Path) -> None:
    """DESIGN §2.4's keys, the schema, and what was asked (goal, holds, soak mode)."""
    data = run_json(tmp_path, "plan", "--from", GUIDE, "--hold", "base<99", "--no-soak")
    assert set(data) == PLAN_KEYS | {"schema", "goal", "holds", "soak"}
    assert (data["schema"], data["goal"], data["holds"], data["soak"]) == (
        1, "latest", ["base<99"], False)


@pytest.mark.parametrize("args", [
    ["plan", "--from", GUIDE], ["plan", "--from", GUIDE, "--to", "bomgar>=99"],
    ["updates", "--from", GUIDE], ["why", "Bomgar-12.2.0", "--from", GUIDE], ["catalog"],
    ["catalog", "check"],
    ["schedule", "--from", GUIDE, "--start", "2026-12-05T01:00+00:00"],
])
def test_every_json_document_carries_its_schema(tmp_path: Path, args: list[str]) -> None:
    """DESIGN §2.4: an integer "schema", first, in every JSON document."""
    result = run(tmp_path, *args, "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    data = json.loads(result.stdout)
    assert next(iter(data)) == "schema" and data["schema"] == 1


def test_empty_plan_exits_0(tmp_path: Path) -> None:
    data = run_json(tmp_path, "plan", "--from", TOP)
    assert data["steps"] == []
    assert data["target"] == data["start"]
    assert data["totals"] == {"installs": 0, "soak_hours": 0, "install_minutes": 0}
    text = run(tmp_path, "plan", "--from", TOP)
    assert text.returncode == 0
    assert "Nothing to install" in text.stdout


def test_plan_options_hold_no_soak_and_goals(tmp_path: Path) -> None:
    held = run_json(tmp_path, "plan", "--from", GUIDE, "--hold", "base<7")
    assert all(not s["version"].startswith("7.") for s in held["steps"] if s["family"] == "base")
    assert held["target"]["base"] == "6.0.1"
    no_soak = run_json(tmp_path, "plan", "--from", GUIDE, "--no-soak")
    assert no_soak["totals"]["soak_hours"] == 0
    assert all(s["soak_hours"] == 0 for s in no_soak["steps"])
    goals = run_json(tmp_path, "plan", "--from", GUIDE, "--to", "bomgar>=15,<16",
                     "--to", "base>=3")
    assert goals["target"]["bomgar"].startswith("15.")


def test_plan_with_a_catalog_of_ones_own(tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_text(SMALL, encoding="utf-8")
    data = run_json(tmp_path, "plan", "--from", "base=1.0,site=1.0", "--catalog", "mine.toml")
    assert data["catalog"]["source"] == "mine.toml"
    assert [s["package"] for s in data["steps"]] == ["Base 2.0", "Site 2.0"]
    assert data["totals"] == {"installs": 2, "soak_hours": 24, "install_minutes": 75}


@pytest.mark.parametrize("fmt", FORMATS)
def test_unreachable_goal_exits_1(tmp_path: Path, fmt: str) -> None:
    result = run(tmp_path, "plan", "--from", TOO_LATE, "--to", "bomgar==12.1.0", "--format", fmt)
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    assert "Traceback" not in result.stdout
    if fmt == "json":
        data = json.loads(result.stdout)
        assert data["reachable"] is False
        assert isinstance(data["explanation"], dict) and data["explanation"]
        assert "steps" not in data
    else:
        assert "cannot be reached" in result.stdout
        assert "Bomgar-12.1.0" in result.stdout


# -- updates ---------------------------------------------------------------------


ENTRY_KEYS = {"package", "family", "version", "available", "unmet", "unlock"}
UNMET_KEYS = {"family", "requires", "installed", "message"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_updates_in_every_format(tmp_path: Path, fmt: str) -> None:
    result = run(tmp_path, "updates", "--from", GUIDE, "--format", fmt)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    message = "Base Software 3.2.4 does not satisfy Bomgar-12.2.0's requirement base>=3.3.2"
    assert message in result.stdout
    assert "Base Software 3.3.2" in result.stdout
    if fmt == "text":
        row = next(ln for ln in result.stdout.splitlines() if ln.startswith("Base Software 3.3.2"))
        assert "Install This Update" in row
    if fmt == "markdown":
        assert "|---" in result.stdout


def test_updates_json_shape(tmp_path: Path) -> None:
    data = run_json(tmp_path, "updates", "--from", GUIDE)
    assert data["state"] == {"base": "3.2.4", "bomgar": "11.1.2"}
    entries = {e["package"]: e for e in data["packages"]}
    for entry in data["packages"]:
        assert set(entry) == ENTRY_KEYS
        assert entry["available"] is (entry["unmet"] == [])
        for unmet in entry["unmet"]:
            assert set(unmet) == UNMET_KEYS
        assert entry["unlock"] is None or all(isinstance(x, str) for x in entry["unlock"])
    assert entries["Base Software 3.3.2"]["available"] is True
    assert entries["Bomgar-12.2.0"] == {
        "package": "Bomgar-12.2.0", "family": "bomgar", "version": "12.2.0",
        "available": False,
        "unmet": [{"family": "base", "requires": ">=3.3.2", "installed": "3.2.4",
                   "message": "Base Software 3.2.4 does not satisfy Bomgar-12.2.0's"
                   " requirement base>=3.3.2"}],
        "unlock": ["Base Software 3.3.2"],
    }
    assert "Bomgar-11.1.0" not in entries  # older than installed: not offered


def test_updates_json_has_exactly_the_contract_keys(tmp_path: Path) -> None:
    assert set(run_json(tmp_path, "updates", "--from", GUIDE)) == {"schema", "state", "packages"}


def test_updates_json_installed_is_null_when_the_family_is_not_installed(
    tmp_path: Path,
) -> None:
    data = run_json(tmp_path, "updates", "--from", "bomgar=11.1.2")
    entry = next(e for e in data["packages"] if e["package"] == "Bomgar-12.2.0")
    unmet = next(u for u in entry["unmet"] if u["family"] == "base")
    assert unmet["installed"] is None
    assert unmet["message"] == (
        "Bomgar-12.2.0 requires base>=3.3.2, and no base package is installed")
    assert entry["unlock"] == ["Base Software 3.3.2"]  # a family can be installed from nothing


def test_updates_json_unlock_is_null_when_nothing_can_unlock(tmp_path: Path) -> None:
    data = run_json(tmp_path, "updates", "--from", TOO_LATE)
    entry = next(e for e in data["packages"] if e["package"] == "Bomgar-12.1.0")
    assert entry["available"] is False
    assert entry["unlock"] is None


# -- why ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_why_greyed_package_in_every_format(tmp_path: Path, fmt: str) -> None:
    result = run(tmp_path, "why", "Bomgar-12.2", "--from", GUIDE, "--format", fmt)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    for fact in ("Bomgar-12.2.0 requires base>=3.3.2", "Base Software 3.2.4 is installed"):
        assert fact in result.stdout
    if fmt == "json":
        data = json.loads(result.stdout)
        assert data["package"] == "Bomgar-12.2.0"
        assert data["status"] == "greyed"
        assert data["unlock"] == ["Base Software 3.3.2"]
        assert [u["message"] for u in data["unmet"]] == [
            "Base Software 3.2.4 does not satisfy Bomgar-12.2.0's requirement base>=3.3.2"]
    else:
        assert "Install Base Software 3.3.2 first" in result.stdout


@pytest.mark.parametrize(
    ("package", "state", "status", "exit_code"),
    [
        ("Bomgar-12.1.0", GUIDE, "available", 0),
        ("bomgar=10.1.0", GUIDE, "installed", 0),  # older than installed: not offered
        ("Bomgar-12.1.0", TOO_LATE, "unreachable", 1),  # no plan makes it available
    ],
)
def test_why_statuses_and_exit_codes(
    tmp_path: Path, package: str, state: str, status: str, exit_code: int
) -> None:
    data = run_json(tmp_path, "why", package, "--from", state, status=exit_code)
    assert data["status"] == status


# -- catalog -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_catalog_lists_the_bundled_catalog_from_any_directory(tmp_path: Path, fmt: str) -> None:
    result = run(tmp_path, "catalog", "--format", fmt)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "Bomgar-12.2.0" in result.stdout and "Base Software 3.3.2" in result.stdout
    if fmt == "json":
        data = json.loads(result.stdout)
        assert data["catalog"]["source"] == "bundled"
        assert [f["name"] for f in data["families"]] == ["bomgar", "base", "servicenow",
                                                         "terraform"]
        labels = [p["package"] for p in data["packages"]]
        assert "Bomgar-14.3.3fips" in labels
    elif fmt == "markdown":
        assert "|---" in result.stdout


def test_catalog_lists_a_catalog_of_ones_own(tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_text(SMALL, encoding="utf-8")
    data = run_json(tmp_path, "catalog", "--catalog", "mine.toml")
    assert [p["package"] for p in data["packages"]] == ["Site 2.0", "Base 2.0"]


@pytest.mark.parametrize("how", ["bundled", "positional", "option"])
def test_catalog_check_ok(tmp_path: Path, how: str) -> None:
    (tmp_path / "mine.toml").write_text(SMALL, encoding="utf-8")
    args = {"bundled": [], "positional": ["mine.toml"], "option": ["--catalog", "mine.toml"]}
    result = run(tmp_path, "catalog", "check", *args[how])
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith(": OK")
    assert result.stderr == ""


@pytest.mark.parametrize("how", ["positional", "option"])
def test_catalog_check_prints_every_problem_one_a_line(tmp_path: Path, how: str) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(BROKEN, encoding="utf-8")
    expected = [str(p) for p in check(path)]
    assert len(expected) == 4  # soak_hour, x.y, undeclared site, =>1
    args = [str(path)] if how == "positional" else ["--catalog", str(path)]
    result = run(tmp_path, "catalog", "check", *args)
    assert result.returncode == 2
    assert result.stdout.splitlines() == expected
    assert "Traceback" not in result.stdout + result.stderr


def test_catalog_check_reads_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "cat"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.toml").write_text(BROKEN, encoding="utf-8")
    (folder / "sub" / "b.toml").write_text('[family.x]\nlabel = "X"\n', encoding="utf-8")
    result = run(tmp_path, "catalog", "check", str(folder))
    assert result.returncode == 2
    assert result.stdout.splitlines() == [str(p) for p in check(folder)]
    assert any("b.toml" in line for line in result.stdout.splitlines())


# -- bad input: exit 2, one line on stderr -----------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["frobnicate"],
        ["--format", "json"],
        ["plan"],
        ["plan", "--from", "base"],
        ["plan", "--from", "base="],
        ["plan", "--from", "Base=1"],
        ["plan", "--from", "base=1,base=2"],
        ["plan", "--from", "base=x.y"],
        ["plan", "--from", "site=1.0"],
        ["plan", "--from", GUIDE, "--to", "bomgar=>15"],
        ["plan", "--from", GUIDE, "--to", "bomgar>=15 and <16"],
        ["plan", "--from", GUIDE, "--to", "bomgar>=15", "--to", "bomgar<16"],
        ["plan", "--from", GUIDE, "--to", "site>=1"],
        ["plan", "--from", GUIDE, "--hold", "base"],
        ["plan", "--from", GUIDE, "--hold", "site<2"],
        ["plan", "--from", GUIDE, "--format", "xml"],
        ["plan", "--from", GUIDE, "--catalog", "missing.toml"],
        ["plan", "--from", GUIDE, "--catalog", "broken.toml"],
        ["plan", "--from", GUIDE, "--catalog", "."],  # a folder without .toml files
        ["updates"],
        ["updates", "--from", "base"],
        ["updates", "--from", GUIDE, "--catalog", "broken.toml"],
        ["why", "--from", GUIDE],
        ["why", "Bomgar-99.0.0", "--from", GUIDE],
        ["why", "bomgar=x.y", "--from", GUIDE],
        ["why", "Bomgar-12.2.0", "--from", "base=3.2.4,bomgar"],
        ["catalog", "list", "somewhere"],
        ["catalog", "frobnicate"],
        ["catalog", "--catalog", "missing.toml"],
        ["catalog", "--catalog", "broken.toml"],
    ],
    ids=lambda args: " ".join(args) or "(nothing)",
)
def test_bad_input_is_one_line_on_stderr_and_exit_2(tmp_path: Path, args: list[str]) -> None:
    if "." not in args:
        (tmp_path / "broken.toml").write_text(BROKEN, encoding="utf-8")
    assert_one_line_error(run(tmp_path, *args))


def test_broken_catalog_error_names_the_first_problem_and_the_count(tmp_path: Path) -> None:
    (tmp_path / "broken.toml").write_text(BROKEN, encoding="utf-8")
    result = run(tmp_path, "plan", "--from", GUIDE, "--catalog", "broken.toml")
    assert_one_line_error(result)
    assert "broken.toml:3: family.base: unknown key 'soak_hour'" in result.stderr
    assert "(and 3 more problems)" in result.stderr


@pytest.mark.parametrize(
    ("family", "problem"),
    [
        ('label = "Base {version}"\nsoak_hours = inf', "soak_hours must be a finite number"),
        ('label = "Base {version} {edition}"', "may use only {version} and {family}"),
    ],
    ids=["infinite-soak", "unknown-label-field"],
)
@pytest.mark.parametrize("command", ["plan", "catalog"])
def test_catalogs_that_used_to_crash_are_bad_input(
    tmp_path: Path, family: str, problem: str, command: str
) -> None:
    """Found by these tests: both gave a traceback (Fraction('inf'), KeyError)."""
    path = tmp_path / "odd.toml"
    path.write_text(f'[family.base]\n{family}\n\n[[package]]\nfamily = "base"\nversion = "2"\n',
                    encoding="utf-8")
    args = ["plan", "--from", "base=1"] if command == "plan" else ["catalog"]
    result = run(tmp_path, *args, "--catalog", str(path))
    assert_one_line_error(result)
    assert problem in result.stderr
    checked = run(tmp_path, "catalog", "check", str(path))
    assert checked.returncode == 2
    assert problem in checked.stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["plan", "--from", "base=x.y"], "invalid state 'base=x.y'"),
        (["plan", "--from", GUIDE, "--to", "bomgar=>15"], "write >= or <="),
        (["plan", "--from", GUIDE, "--to", "bomgar>=15 and <16"], "join clauses with commas"),
        (["plan", "--from", "site=1.0"], "unknown family 'site'"),
        (["why", "Bomgar 12.2.0", "--from", GUIDE], "did you mean 'Bomgar-12.2.0'?"),
    ],
)
def test_bad_input_messages_say_what_is_wrong(
    tmp_path: Path, args: list[str], fragment: str
) -> None:
    result = run(tmp_path, *args)
    assert_one_line_error(result)
    assert fragment in result.stderr


# -- issue 8: no silent wrong answer ---------------------------------------------------


def test_a_goal_below_the_installed_version_says_versions_never_go_down(
    tmp_path: Path,
) -> None:
    result = run(tmp_path, "plan", "--to", "base<3", "--from", GUIDE)
    assert result.returncode == 1, result.stderr
    assert "Versions never go down, and Base Software 3.2.4 is already past base<3" in (
        result.stdout)
    assert "It can no longer be reached on this appliance" in result.stdout
    assert "newer than the catalog lists" not in result.stdout
    data = run_json(tmp_path, "plan", "--to", "base<3", "--from", GUIDE, status=1)
    [never] = data["explanation"]["tree"]["because"]
    assert [f["fact"] for f in never["because"]] == ["installed", "never_down"]
    assert never["because"][1]["requirement"] == "base<3"


def test_a_goal_past_the_catalog_still_asks_for_newer_packages(tmp_path: Path) -> None:
    result = run(tmp_path, "plan", "--to", "base>=99", "--from", GUIDE)
    assert result.returncode == 1
    assert "newer than the catalog lists" in result.stdout


def test_a_version_epoch_is_accepted_and_compared_as_pep_440_does(tmp_path: Path) -> None:
    # 1!3.2.4 is newer than every Base without an epoch: nothing of base to install.
    data = run_json(tmp_path, "plan", "--from", "base=1!3.2.4,bomgar=11.1.2")
    assert data["start"]["base"] == data["target"]["base"] == "1!3.2.4"
    assert {s["family"] for s in data["steps"]} == {"bomgar"}


def test_a_hold_below_the_start_is_a_floor_for_planned_packages(tmp_path: Path) -> None:
    # base>=7.2 is not met by Base 7.1.0, but it says which Base the plan may install.
    data = run_json(tmp_path, "plan", "--from", "base=7.1.0,bomgar=24.1.3",
                    "--hold", "base>=7.2")
    assert [s["package"] for s in data["steps"]] == [
        "Base Software 7.2.1", "Bomgar-25.3.1", "Bomgar-26.3.0"]


@pytest.mark.parametrize("command", [["plan"], ["schedule", "--start", "2026-12-05T01:00Z"]])
def test_a_hold_the_start_is_past_is_a_usage_error(tmp_path: Path, command: list[str]) -> None:
    result = run(tmp_path, *command, "--from", TOP, "--hold", "base<7")
    assert_one_line_error(result)
    assert "invalid hold 'base<7': base 7.2.1 is installed, already past it" in result.stderr


def test_the_output_is_flushed_inside_main(capsys: pytest.CaptureFixture[str]) -> None:
    from bomgar_paths.cli import main  # noqa: PLC0415

    assert main(["plan", "--from", GUIDE, "--to", "bomgar==12.3.0"]) == 0
    assert "Bomgar-12.3.0" in capsys.readouterr().out


# Six families whose versions all combine (4^6 states and more); F0 5 needs F1 4.
WIDE = "".join(
    f'[family.f{k}]\nlabel = "F{k} {{version}}"\npriority = {k + 1}\n'
    + "".join(f'[[package]]\nfamily = "f{k}"\nversion = "{i}"\n' for i in (2, 3, 4))
    for k in range(6)) + '[[package]]\nfamily = "f0"\nversion = "5"\nrequires = { f1 = ">=4" }\n'

WIDE_START = ",".join(f"f{k}=1" for k in range(6))


@pytest.mark.parametrize("args", [
    ["plan", "--from", WIDE_START],
    ["plan", "--from", WIDE_START, "--format", "json"],
    ["schedule", "--from", WIDE_START, "--start", "2026-12-05T01:00+00:00"],
    ["updates", "--from", "f0=1,f1=1"],
])
def test_past_the_state_limit_the_command_exits_3_with_one_line(
    tmp_path: Path, args: list[str]
) -> None:
    """DESIGN §2.4: exit 3, one line saying how large the question is and how to narrow it."""
    (tmp_path / "wide.toml").write_text(WIDE)
    result = run(tmp_path, *args, "--catalog", "wide.toml", "--max-states", "10")
    assert result.returncode == 3, result.stderr
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert "needs more than 10 states" in line and "--max-states" in line
    assert "--to" in line and "--hold" in line


def test_a_narrower_question_fits_the_limit(tmp_path: Path) -> None:
    """The families the goal does not need are left out of the search."""
    (tmp_path / "wide.toml").write_text(WIDE)
    result = run(tmp_path, "plan", "--from", WIDE_START, "--to", "f2>=4", "--catalog",
                 "wide.toml", "--max-states", "10", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert [s["package"] for s in json.loads(result.stdout)["steps"]] == ["F2 4"]


def test_max_states_0_means_no_limit(tmp_path: Path) -> None:
    (tmp_path / "wide.toml").write_text(WIDE)
    result = run(tmp_path, "plan", "--from", WIDE_START, "--catalog", "wide.toml",
                 "--max-states", "0", "--format", "json")
    assert result.returncode == 0, result.stderr
    steps = [s["package"] for s in json.loads(result.stdout)["steps"]]
    assert steps == ["F1 4", "F0 5", "F2 4", "F3 4", "F4 4", "F5 4"]


@pytest.mark.parametrize("order", [
    ["catalog", "check", "--format", "json", "PATH"],
    ["catalog", "--format", "json", "check", "PATH"],
    ["catalog", "check", "PATH", "--format=json"],
])
def test_catalog_check_takes_its_options_anywhere(tmp_path: Path, order: list[str]) -> None:
    """An option between `check` and its PATH no longer leaves the PATH unrecognized."""
    (tmp_path / "c.toml").write_text(SMALL)
    result = run(tmp_path, *[str(tmp_path / "c.toml") if w == "PATH" else w for w in order])
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["ok"] is True


# -- languages ----------------------------------------------------------------------


@pytest.mark.parametrize("where", [
    ["--lang", "tr", "plan", "--from", "base=3.2.4,bomgar=11.1.2"],  # before the command
    ["plan", "--lang=tr", "--from", "base=3.2.4,bomgar=11.1.2"],
    ["plan", "--from", "base=3.2.4,bomgar=11.1.2", "--lang", "tr"],
])
def test_lang_is_read_wherever_it_is(tmp_path: Path, where: list[str]) -> None:
    result = run(tmp_path, *where)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Hedef: latest (en yeni sürümler)\n")


def test_the_environment_chooses_turkish_and_lang_overrides_it(tmp_path: Path) -> None:
    env = {**os.environ, "LANG": "tr_TR.UTF-8", "PYTHONPATH": str(PACKAGE_ROOT)}
    args = [sys.executable, "-m", "bomgar_paths", "plan", "--from", "base=3.2.4"]
    turkish = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    assert turkish.stdout.startswith("Hedef:")
    english = subprocess.run([*args, "--lang", "en"], capture_output=True, text=True, env=env,
                             check=False)
    assert english.stdout.startswith("Goal:")


def test_an_unknown_language_is_a_usage_error(tmp_path: Path) -> None:
    result = run(tmp_path, "plan", "--from", "base=3.2.4", "--lang", "de")
    assert_one_line_error(result)
    assert "invalid choice: 'de'" in result.stderr


def test_main_gives_argparse_its_words_back() -> None:
    # A program that calls main() keeps its own parsers' words (in English here).
    import argparse  # noqa: PLC0415

    from bomgar_paths import cli  # noqa: PLC0415

    before = argparse._  # type: ignore[attr-defined]
    with contextlib.redirect_stderr(io.StringIO()) as err:
        assert cli.main(["plan", "--lang", "tr"]) == 2  # a usage error, in Turkish
    assert "gereklidir" in err.getvalue()
    assert argparse._ is before  # type: ignore[attr-defined]
    assert argparse._("usage: ") == "usage: "  # type: ignore[attr-defined]
