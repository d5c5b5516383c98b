"""The runbook's renderings (issue 11): the JSON contract's keys, the calendar read back
with a real iCalendar parser, and the Markdown checklist."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import icalendar

from bomgar_paths import load_bundled, render
from bomgar_paths.runbook import Action, runbook
from bomgar_paths.topology import Topology
from bomgar_paths.windows import Windows

START = "2026-12-05T01:00+03:00"


def _pair() -> object:
    windows = Windows.parse(["Sat 01:00-05:00", "Sat 10:00-14:00"], "Europe/Istanbul")
    return runbook(load_bundled(), Topology.pair("base=3.2.4,bomgar=11.1.2", "async", "dns"),
                   START, "bomgar<15", windows=windows)


def test_the_json_has_the_contract_keys() -> None:
    made = _pair()
    data = json.loads(render.render(made, "json"))
    assert {"schema", "topology", "rounds", "completion"} <= data.keys()
    for round_data, round_ in zip(data["rounds"], made.rounds, strict=True):  # type: ignore[attr-defined]
        assert {"installs", "steps", "primary_after", "unprotected_minutes",
                "soak_until"} <= round_data.keys()
        assert round_data["installs"] == list(round_.labels)
        for step in round_data["steps"]:
            assert {"appliance", "action", "page", "start", "end"} <= step.keys()
            assert step["action"] in {a.value for a in Action}
            assert datetime.fromisoformat(step["start"]).utcoffset() is not None
    assert [r["primary_after"] for r in data["rounds"]] == ["B", "A", "B"]


def test_the_calendar_reads_back_with_a_visit_per_appliance_and_a_soak_per_round() -> None:
    made = _pair()
    text = render.render(made, "ics", stamp=datetime(2026, 11, 1, tzinfo=UTC))
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    events = list(icalendar.Calendar.from_ical(text).walk("VEVENT"))
    rounds = made.rounds  # type: ignore[attr-defined]
    soaks = [r for r in rounds if r.soak_until is not None]
    # A pair: two visits a round (each appliance in its own window), and each soak.
    assert len(events) == 2 * len(rounds) + len(soaks)
    assert len({e["UID"] for e in events}) == len(events)


def test_the_markdown_is_a_checklist_of_every_step() -> None:
    made = _pair()
    text = render.render(made, "markdown")
    boxes = [line for line in text.splitlines() if line.startswith("- [ ] ")]
    assert len(boxes) == sum(len(r.steps) for r in made.rounds)  # type: ignore[attr-defined]
    assert text.count("  - Check: ") == len(boxes)


def test_the_docs_list_every_action_kind() -> None:
    """The JSON's ``action`` is one of a fixed, documented list (issue 11)."""
    from pathlib import Path  # noqa: PLC0415

    text = (Path(__file__).resolve().parent.parent / "docs" / "runbooks.md").read_text()
    listed = text.split("`rounds[].steps[].action` is one of: ")[1].split(".\n")[0]
    assert sorted(re.findall(r"`([a-z-]+)`", listed)) == sorted(a.value for a in Action)
