"""Schedule renderings (render/schedule.py): JSON, ICS and the Markdown ticket."""

from __future__ import annotations

import json
import re

import icalendar
from guide_example import STAMP, at

from bomgar_paths.planner import Plan
from bomgar_paths.render.ics import _fold, render_ics
from bomgar_paths.render.schedule import (
    render_schedule,
    render_schedule_markdown,
)
from bomgar_paths.scheduling import schedule
from bomgar_paths.windows import Windows

_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")


def test_json_has_the_contract_keys_and_offsets_everywhere(guide: Plan) -> None:
    windows = Windows.parse(["Sun 01:00-05:00"], "Europe/Berlin")
    result = schedule(guide, at("2026-03-21T12:00+01:00"), windows=windows, manual=True)
    data = json.loads(render_schedule(result, "json"))
    assert {"steps", "completion", "clients_settled"} <= set(data)
    for step in data["steps"]:
        assert {"package", "family", "version", "start", "end", "gate"} <= set(step)
        assert _OFFSET.match(step["start"]) and _OFFSET.match(step["end"])
    assert _OFFSET.match(data["completion"]) and _OFFSET.match(data["clients_settled"])
    offsets = [s[key][-6:] for s in data["steps"] for key in ("start", "end")]
    # 29 March: the clocks change between the first and the last install.
    assert offsets[0] == "+01:00" and offsets[-1] == "+02:00" and offsets == sorted(offsets)
    assert data["steps"][0]["package"] == "Base Software 3.3.2"
    assert data["steps"][0]["gate"] == "window opens"

    def times(value: object) -> list[str]:
        if isinstance(value, dict):
            return [t for v in value.values() for t in times(v)]
        if isinstance(value, list):
            return [t for v in value for t in times(v)]
        if isinstance(value, str) and re.match(r"^\d{4}-\d\d-\d\dT", value):
            return [value]
        return []

    assert all(_OFFSET.match(t) for t in times(data)), times(data)


def test_ics_is_rfc_5545_and_reads_back(guide: Plan) -> None:
    windows = Windows.parse(["Sat 01:00-05:00"], "Europe/Istanbul")
    result = schedule(guide, at("2026-12-05T01:00+03:00"), windows=windows, manual=True)
    text = render_ics(result, stamp=STAMP, appliance="support.example.com, İstanbul")
    raw = text.encode()
    assert raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")  # CRLF only
    assert all(len(line) <= 75 for line in lines)
    for line in lines:
        line.decode()  # folding never splits a UTF-8 character
    calendar = icalendar.Calendar.from_ical(text)
    assert calendar["VERSION"] == "2.0" and "bomgar_paths" in str(calendar["PRODID"])
    events = list(calendar.walk("VEVENT"))
    installs = [e for e in events if str(e["SUMMARY"]).startswith("Install ")]
    soaks = [e for e in events if str(e["SUMMARY"]).startswith("Soak after ")]
    assert len(installs) == 5 and len(soaks) == 3 and len(events) == 8
    assert len({str(e["UID"]) for e in events}) == 8
    for event, step in zip(installs, result.steps, strict=True):
        assert event["DTSTART"].dt == step.start and event["DTEND"].dt == step.end
        assert event["DTSTAMP"].dt == STAMP
    first = installs[0]
    description = str(first["DESCRIPTION"])
    assert description.startswith("Before: Download a backup")  # unescaped again
    assert "\n" in description and "ask support; " not in description
    assert "fetch the package on an unrestricted machine, upload it" in description
    # icalendar keeps an X- property as written: escaped TEXT.
    assert str(calendar["X-WR-CALNAME"]).startswith(
        "Upgrade support.example.com\\, İstanbul: base=3.2.4\\,bomgar=11.1.2")


def test_ics_uids_survive_rescheduling(guide: Plan) -> None:
    def uids(start: str) -> list[str]:
        text = render_ics(schedule(guide, at(start)), stamp=STAMP)
        return re.findall(r"^UID:(.*)\r$", text, flags=re.M)

    assert uids("2026-12-05T01:00+03:00") == uids("2027-01-09T01:00+03:00")


def test_folding_counts_octets_not_characters() -> None:
    line = "DESCRIPTION:" + "ğ" * 100
    folded = _fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join(p[1:] if n else p for n, p in enumerate(parts)) == line
    assert _fold("SHORT:x") == "SHORT:x"


def test_markdown_ticket_has_backup_steps_verification_follow_up(guide: Plan) -> None:
    text = render_schedule_markdown(schedule(guide, at("2026-12-05T01:00+03:00")))
    order = ["Before the first install", "Download a backup", "### 2. Installs",
             "| [ ] | 1 | Base Software 3.3.2 |", "### 3. Verification",
             "### 4. Client follow-up", "Integration Clients"]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)

