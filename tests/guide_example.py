"""The guide's example in miniature, shared by the schedule, windows, clients and render tests.

``tests/cases/schedule/catalog.toml``: from Base 3.2.4 + Bomgar 11.1.2 the plan is
Base Software 3.3.2, Bomgar-12.2.0, Bomgar-13.1.0, Base Software 5.0.0,
Bomgar-14.1.0 (three soaks). The fixtures ``schedule_catalog``, ``guide`` and
``no_soak`` (tests/conftest.py) load it once per session.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bomgar_paths.scheduling import Schedule

CASES = Path(__file__).parent / "cases" / "schedule"
BERLIN = ZoneInfo("Europe/Berlin")
ISTANBUL = ZoneInfo("Europe/Istanbul")
GUIDE = "base=3.2.4,bomgar=11.1.2"
LABELS = ["Base Software 3.3.2", "Bomgar-12.2.0", "Bomgar-13.1.0", "Base Software 5.0.0",
          "Bomgar-14.1.0"]
STAMP = datetime(2026, 11, 1, tzinfo=UTC)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def starts(result: Schedule) -> list[str]:
    return [result.local(s.start).isoformat(timespec="minutes") for s in result.steps]
