"""``python -m bomgar_paths schedule`` as a user runs it: a subprocess, its output and
its exit status (0 success, 1 unreachable goal, 2 bad input: one line on stderr)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest

from bomgar_paths import cli
from bomgar_paths.render import schedule as render_schedule

ROOT = Path(__file__).resolve().parent.parent
CATALOG = str(ROOT / "tests" / "cases" / "schedule" / "catalog.toml")
GUIDE = ["--from", "base=3.2.4,bomgar=11.1.2"]
WEEKLY = ["--start", "2026-12-05T01:00+03:00", "--window", "Sat 01:00-05:00",
          "--tz", "Europe/Istanbul"]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    result = run_bytes(*args, env=env)
    return subprocess.CompletedProcess(result.args, result.returncode,
                                       result.stdout.decode(), result.stderr.decode())


def run_bytes(*args: str,
              env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    """The output exactly as written (no newline translation: ICS lines end in CRLF)."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "bomgar_paths", "schedule", *args],
                          capture_output=True, env=environment, cwd=ROOT, check=False)


def test_text_timeline_on_the_bundled_catalog() -> None:
    result = run(*GUIDE, *WEEKLY)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Schedule: base=3.2.4,bomgar=11.1.2 → ")
    assert any("Sat 2026-12-05 01:00 +03:00" in line and "Base Software 3.3.2" in line
               for line in lines)
    assert any(line.startswith("Completion:") for line in lines)
    assert any(line.startswith("Clients settled:") for line in lines)


def test_json_contract() -> None:
    result = run(*GUIDE, *WEEKLY, "--catalog", CATALOG, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [s["package"] for s in data["steps"]] == [
        "Base Software 3.3.2", "Bomgar-12.2.0", "Bomgar-13.1.0", "Base Software 5.0.0",
        "Bomgar-14.1.0"]
    assert data["steps"][2]["gate"] == "window opens"
    assert data["completion"] == "2026-12-19T02:15:00+03:00"  # Base 5.0.0 with Bomgar-14.1.0
    assert data["clients_settled"] == "2026-12-20T02:15:00+03:00"


def test_ics_reads_back_and_is_reproducible() -> None:
    env = {"SOURCE_DATE_EPOCH": "1793491200"}  # 2026-11-01T00:00Z
    first = run_bytes(*GUIDE, *WEEKLY, "--catalog", CATALOG, "--format", "ics", env=env)
    second = run_bytes(*GUIDE, *WEEKLY, "--catalog", CATALOG, "--format", "ics", env=env)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert first.stdout.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in first.stdout.replace(b"\r\n", b"")
    calendar = icalendar.Calendar.from_ical(first.stdout)
    assert len(list(calendar.walk("VEVENT"))) == 5 + 3
    assert b"DTSTAMP:20261101T000000Z\r\n" in first.stdout


def test_markdown_no_soak_and_options() -> None:
    result = run(*GUIDE, "--no-soak", "--start", "2026-12-05T01:00", "--tz", "Europe/Istanbul",
                 "--manual", "--duration-multiplier", "2", "--catalog", CATALOG,
                 "--format", "markdown")
    assert result.returncode == 0, result.stderr
    assert "no-soak mode" in result.stdout
    assert "- [ ] Uninstall the Jump Clients." in result.stdout
    assert "the catalog's estimates × 2" in result.stdout
    assert "ask support for an Appliance Download Key" in result.stdout


def test_jump_client_estimate_warns() -> None:
    result = run(*GUIDE, "--start", "2026-12-05T01:00+03:00", "--catalog", CATALOG,
                 "--jump-clients", "8000", "--max-concurrent-jump-upgrades", "20")
    assert result.returncode == 0, result.stderr
    assert "Warnings:" in result.stdout and "1 d 9 h" in result.stdout


def test_unreachable_goal_exits_1() -> None:
    result = run(*GUIDE, "--to", "bomgar==99", "--start", "2026-12-05T01:00Z",
                 "--catalog", CATALOG)
    assert result.returncode == 1
    assert "cannot be reached" in result.stdout
    for fmt in ("json", "ics"):
        again = run(*GUIDE, "--to", "bomgar==99", "--start", "2026-12-05T01:00Z",
                    "--catalog", CATALOG, "--format", fmt)
        assert again.returncode == 1


@pytest.mark.parametrize(("args", "message"), [
    (["--start", "2026-12-05T01:00"], "give a UTC offset"),
    (["--start", "Saturday"], "ISO 8601"),
    (["--start", "2026-12-05T01:00Z", "--window", "Sta 01:00-05:00", "--tz", "UTC"],
     "did you mean 'Sat'"),
    (["--start", "2026-12-05T01:00Z", "--window", "Sat 01:00-05:00"], "add --tz"),
    (["--start", "2026-12-05T01:00Z", "--tz", "Mars/Olympus"], "unknown time zone"),
    (["--start", "2026-12-05T01:00Z", "--window", "Sat 01:00-01:30", "--tz", "UTC"],
     "longer than any maintenance window"),
    (["--start", "2026-12-05T01:00Z", "--max-installs-per-window", "2"], "needs maintenance"),
    (["--start", "2026-12-05T01:00Z", "--duration-multiplier", "0"], "above 0 and at most 100"),
    (["--start", "2026-12-05T01:00Z", "--install-minutes", "-5"], "must be from 0 to 525600"),
    (["--start", "2026-12-05T01:00Z", "--jump-clients", "10"], "Maximum Concurrent"),
    (["--start", "2026-12-05T01:00Z", "--format", "pdf"], "invalid choice"),
    ([], "required"),
])
def test_bad_input_exits_2_with_one_line(args: list[str], message: str) -> None:
    result = run(*GUIDE, *args, "--catalog", CATALOG)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_source_date_epoch_exits_2() -> None:
    result = run(*GUIDE, "--start", "2026-12-05T01:00Z", "--catalog", CATALOG,
                 env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert result.returncode == 2 and "SOURCE_DATE_EPOCH" in result.stderr


def test_help_lists_the_options() -> None:
    result = run("--help")
    assert result.returncode == 0
    for option in ("--start", "--window", "--tz", "--manual", "--duration-multiplier",
                   "--install-minutes", "--max-installs-per-window", "--jump-clients",
                   "--max-concurrent-jump-upgrades", "ics"):
        assert option in result.stdout


def test_the_cli_offers_every_schedule_format() -> None:
    """cli keeps its own copy of the formats so that start-up skips the calendar code."""
    assert cli.SCHEDULE_FORMATS == render_schedule.FORMATS
