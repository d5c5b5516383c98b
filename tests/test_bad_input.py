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


# --- command-line options (table) ---

GUIDE = ["--from", "base=3.2.4,bomgar=11.1.2"]
SCHEDULE = ["schedule", *GUIDE, "--start", "2026-12-05T01:00+00:00"]
WINDOW = ["--window", "Sat 01:00-05:00", "--tz", "UTC"]
JUMP = ["--jump-clients", "100", "--max-concurrent-jump-upgrades", "10"]
HUGE = "9" * 30


@pytest.mark.parametrize(("args", "message"), [
    # Repeated options: the last one would win silently.
    (["plan", "--from", "base=3.2.4", *GUIDE], "argument --from: given more than once"),
    (["updates", *GUIDE, *GUIDE], "argument --from: given more than once"),
    (["plan", *GUIDE, "--format", "json", "--format", "text"], "--format: given more than once"),
    ([*SCHEDULE, "--start", "2026-12-06T01:00+00:00"], "--start: given more than once"),
    ([*SCHEDULE, "--tz", "UTC", "--tz", "Europe/Berlin"], "--tz: given more than once"),
    # A hold the start state is already past.
    (["plan", "--from", "base=7.2.1,bomgar=11.1.2", "--hold", "base<7"],
     "invalid hold 'base<7': base 7.2.1 is installed, already past it"),
    ([*SCHEDULE[:1], "--from", "base=7.2.1,bomgar=11.1.2", *SCHEDULE[3:], "--hold",
      "bomgar==10.1.0"], "bomgar 11.1.2 is installed, already past it"),
    # Time zones.
    ([*SCHEDULE, "--tz", ""], "the time zone is empty"),
    ([*SCHEDULE, "--tz", "Europe"], "unknown time zone 'Europe'"),
    ([*SCHEDULE, "--tz", "../../etc/passwd"], "unknown time zone '../../etc/passwd'"),
    ([*SCHEDULE, "--tz", "/etc/localtime"], "unknown time zone"),
    ([*SCHEDULE, "--tz", "Mars/Olympus"], "unknown time zone 'Mars/Olympus'"),
    # Numbers: nan, infinities, huge and zero values.
    ([*SCHEDULE, "--install-minutes", "nan"], "--install-minutes: 'nan' is not a finite number"),
    ([*SCHEDULE, "--install-minutes", "inf"], "'inf' is not a finite number"),
    ([*SCHEDULE, "--install-minutes=-inf"], "'-inf' is not a finite number"),
    ([*SCHEDULE, "--install-minutes", "1e300"], "--install-minutes must be from 0 to 525600"),
    ([*SCHEDULE, "--install-minutes=-5"], "--install-minutes must be from 0"),
    ([*SCHEDULE, "--install-minutes", "ten"], "'ten' is not a number"),
    ([*SCHEDULE, "--duration-multiplier", "nan"], "'nan' is not a finite number"),
    ([*SCHEDULE, "--duration-multiplier", "inf"], "'inf' is not a finite number"),
    ([*SCHEDULE, "--duration-multiplier", "1e300"], "above 0 and at most 100, not 1e+300"),
    ([*SCHEDULE, "--duration-multiplier", "0"], "above 0 and at most 100, not 0"),
    ([*SCHEDULE, *JUMP, "--jump-upgrade-minutes", "nan"], "'nan' is not a finite number"),
    ([*SCHEDULE, *JUMP, "--jump-upgrade-minutes", "inf"], "'inf' is not a finite number"),
    ([*SCHEDULE, *JUMP, "--jump-upgrade-minutes", "1e300"], "above 0 and at most 1440"),
    ([*SCHEDULE, "--jump-clients", HUGE, "--max-concurrent-jump-upgrades", "10"],
     f"--jump-clients: '{HUGE}' is too large"),
    ([*SCHEDULE, "--jump-clients", "99999999", "--max-concurrent-jump-upgrades", "10"],
     "from 0 to 10,000,000, not 99999999"),
    ([*SCHEDULE, "--jump-clients", "10", "--max-concurrent-jump-upgrades", HUGE],
     "is too large"),
    ([*SCHEDULE, "--jump-clients", "10", "--max-concurrent-jump-upgrades", "0"], "from 1 to"),
    ([*SCHEDULE, "--jump-clients", "1.5", "--max-concurrent-jump-upgrades", "1"],
     "'1.5' is not a whole number"),
    ([*SCHEDULE, *WINDOW, "--max-installs-per-window", "0"], "1 or more, not 0"),
    ([*SCHEDULE, *WINDOW, "--max-installs-per-window=-3"], "1 or more, not -3"),
    ([*SCHEDULE, *WINDOW, "--max-installs-per-window", HUGE], "is too large"),
    # Dates and durations past the calendar.
    ([*SCHEDULE, "--window", "2026-12-05T01:00/PT99999999999H"],
     "'PT99999999999H' runs past the end of the calendar"),
    ([*SCHEDULE[:4], "9999-12-30T00:00+00:00"], "past the end of the calendar (year 9999)"),
    ([*SCHEDULE[:4], "9999-12-31T23:00-05:00"], "end of the calendar"),
    # A window with an empty day between commas.
    ([*SCHEDULE, "--tz", "UTC", "--window", "Sat,,Sun 01:00-05:00"],
     "a day is missing between commas"),
    # A requirement where one package is meant.
    (["why", "bomgar>=12", *GUIDE], "name one package, by its label or as FAMILY=VERSION"),
    (["why", "bomgar==12.2.0", *GUIDE], "not a requirement"),
    # The state limit.
    (["plan", *GUIDE, "--max-states=-1"], "'-1' is negative; 0 means no limit"),
    (["updates", *GUIDE, "--max-states", "many"], "'many' is not a whole number"),
    (["why", "Bomgar-12.2.0", *GUIDE, "--max-states", "5", "--max-states", "6"],
     "--max-states: given more than once"),
    # Long input is quoted short.
    (["plan", "--from", "base=3.2.4," + "x" * 10_000], "… (10,011 characters)"),
    (["plan", *GUIDE, "--to", "bomgar>=" + "9" * 10_000], "characters)"),
    ([*SCHEDULE, "--tz", "UTC", "--window", "Sat 01:00-05:00 " + "x" * 10_000],
     "characters)"),
])
def test_bad_options_are_one_line_errors(tmp_path: Path, args: list[str], message: str) -> None:
    result = run(tmp_path, *args)
    assert result.returncode == 2, result.stdout
    assert "Traceback" not in result.stderr
    [line] = result.stderr.splitlines()
    assert message in line
    assert len(line) < 500  # quotes at most ~100 characters of the input


def test_a_full_disk_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for args in (["plan", *GUIDE], ["catalog"], [*SCHEDULE, "--format", "ics"]):
        with open("/dev/full", "w") as full:
            result = subprocess.run([sys.executable, "-m", "bomgar_paths", *args], cwd=tmp_path,
                                    stdout=full, stderr=subprocess.PIPE, text=True, check=False,
                                    env=env)
        assert result.returncode == 2, args
        assert result.stderr.splitlines() == [
            "python -m bomgar_paths: cannot write the output: No space left on device"], args


def test_a_closed_stdout_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    """`... >&-`: Python starts with no sys.stdout at all."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for args in (["plan", *GUIDE], ["updates", *GUIDE], ["catalog", "check"]):
        result = subprocess.run([sys.executable, "-m", "bomgar_paths", *args], cwd=tmp_path,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                check=False, env=env, close_fds=True,
                                preexec_fn=lambda: os.close(1))
        assert result.returncode == 2, (args, result.stderr)
        assert result.stderr.splitlines() == [
            "python -m bomgar_paths: cannot write the output: standard output is closed"], args


def test_the_status_stands_when_stderr_cannot_be_written(tmp_path: Path) -> None:
    """Bad input with stderr on a full disk still exits 2, not 1 from a failed print."""
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "bomgar_paths", "plan", "--from", "x"],
                                cwd=tmp_path, stdout=subprocess.PIPE, stderr=full, text=True,
                                check=False, env=env)
    assert result.returncode == 2
    assert result.stdout == ""


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


# --- catalog files (table) ---
# Issue 8: whatever is below --catalog, the command line says what is wrong in one line
# (exit 2), and 'catalog check' no longer says OK over a folder it could not read.

_CATALOG = ('[family.base]\nlabel = "Base {version}"\n\n'
            '[[package]]\nfamily = "base"\nversion = "2"\n')
_CATALOG_CASES: list[tuple[str, dict[str, str | bytes], dict[str, str], str, str]] = [
    # (id, files, symlinks (link: target), the catalog path, a telling part of the message)
    ("symlink-loop", {"cat/main.toml": _CATALOG}, {"cat/sub/up": ".."}, "cat",
     "symlink loop: leads back to"),
    ("dangling-symlink", {"cat/main.toml": _CATALOG}, {"cat/site": "../moved-away"}, "cat",
     "dangling symlink: its target '../moved-away' does not exist"),
    ("symlink-to-itself", {}, {"self.toml": "self.toml"}, "self.toml",
     "symlink loop: the link leads back to itself"),
    ("file-twice", {"cat/main.toml": _CATALOG}, {"cat/same.toml": "main.toml"}, "cat",
     "same file as"),
    ("5000-digit-integer", {"c.toml": _CATALOG + f"soak_hours = {'9' * 5000}\n"}, {}, "c.toml",
     "an integer has more than 4300 digits"),
    ("hex-integer", {"c.toml": _CATALOG.replace("\n\n", f"\npriority = 0x{'f' * 5000}\n\n")},
     {}, "c.toml", "priority must be between"),
    ("nested-arrays", {"c.toml": _CATALOG + f"notes = {'[' * 500}{']' * 500}\n"}, {}, "c.toml",
     "nested too deeply"),
    ("nested-tables", {"c.toml": _CATALOG + f"notes = {'{a = ' * 500}{'}' * 500}\n"}, {},
     "c.toml", "nested too deeply"),
    ("utf-16", {"c.toml": _CATALOG.encode("utf-16")}, {}, "c.toml",
     "file is UTF-16 encoded; save it as UTF-8"),
    ("latin-1", {"c.toml": _CATALOG.replace("Base", "Base é").encode("latin-1")}, {}, "c.toml",
     "not UTF-8 text (byte 0xe9 at offset"),
    ("label-format-spec", {"c.toml": _CATALOG.replace("{version}", "{version:>8}")}, {},
     "c.toml", "must write {version} plainly, not {version:>8}"),
    ("label-unknown-field", {"c.toml": _CATALOG.replace("{version}", "{ver}")}, {}, "c.toml",
     "may use only {version} and {family}"),
    ("label-lone-brace", {"c.toml": _CATALOG.replace("{version}", "{")}, {}, "c.toml",
     "is not a valid template: Single '{' encountered"),
    ("10-kB-value", {"c.toml": _CATALOG.replace('"2"', f'"{"x" * 10_000}"')}, {}, "c.toml",
     "… (10,000 characters) is not a version"),
]


@pytest.mark.parametrize(("files", "links", "catalog", "fragment"),
                         [case[1:] for case in _CATALOG_CASES],
                         ids=[case[0] for case in _CATALOG_CASES])
def test_bad_catalog_files_are_one_line_errors(
    tmp_path: Path, files: dict[str, str | bytes], links: dict[str, str], catalog: str,
    fragment: str,
) -> None:
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    for name, target in links.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).symlink_to(target)
    checked = run(tmp_path, "catalog", "check", catalog)
    planned = run(tmp_path, "plan", "--catalog", catalog, "--from", "base=1")
    for result in (checked, planned):
        assert result.returncode == 2, result
        assert "Traceback" not in result.stdout + result.stderr
        # Quoted input is cut short: no line echoes a 10 kB value or a 5,000-digit number.
        assert all(len(line) < 400 for line in (result.stdout + result.stderr).splitlines())
    assert fragment in checked.stdout
    assert len(planned.stderr.splitlines()) == 1, planned.stderr
    assert fragment in planned.stderr
