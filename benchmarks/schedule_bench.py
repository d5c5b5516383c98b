#!/usr/bin/env python
"""Speed of ``schedule`` (issue 5: the bundled catalog's longest plan over a year
of weekly windows, target ≤ 20 ms).

Run from the repository root::

    python benchmarks/schedule_bench.py            # 200 runs of each case
    python benchmarks/schedule_bench.py --runs 20  # quicker

It prints one line per case: median and worst time of ``schedule()`` alone
(the plan is computed once, outside the timing), next to the target with "ok"
or "OVER". It never asserts on timing and exits 0 unless the library fails.

Cases, all on the longest plan of the bundled catalog (found by planning to
latest from every pair of catalog versions, untimed):

* a recurring weekly window ``Sat 01:00-05:00`` in Europe/Berlin (the plan's
  soaks spread it over months, across both clock changes);
* 52 one-off windows, one each Saturday of a year;
* the recurring window with at most one install per window;
* no windows (soaks only), for context.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bomgar_paths.catalog import load_bundled  # noqa: E402
from bomgar_paths.model import State  # noqa: E402
from bomgar_paths.planner import Plan, Unreachable, plan  # noqa: E402
from bomgar_paths.scheduling import schedule  # noqa: E402
from bomgar_paths.windows import Windows  # noqa: E402

TARGET_MS = 20.0
ZONE = "Europe/Berlin"
START = datetime(2026, 1, 3, 1, 0, tzinfo=ZoneInfo(ZONE))  # a Saturday


def longest_plan() -> Plan:
    """The plan with the most installs from any pair of catalog versions to latest."""
    catalog = load_bundled()
    best: Plan | None = None
    bases = [p.version for p in catalog.packages_of("base")]
    sites = [p.version for p in catalog.packages_of("bomgar")]
    for base in bases:
        for site in sites:
            try:
                candidate = plan(catalog, State({"base": base, "bomgar": site}))
            except Unreachable:
                continue
            if best is None or len(candidate.steps) > len(best.steps):
                best = candidate
    assert best is not None
    return best


def year_of_saturdays() -> list[str]:
    day = START.date()
    return [f"{(day + timedelta(weeks=n)).isoformat()}T01:00/PT4H" for n in range(52)]


def measure(run: Callable[[], object], runs: int) -> tuple[float, float]:
    run()  # warm caches (zoneinfo, imports)
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        run()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), max(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=200)
    runs = parser.parse_args().runs
    longest = longest_plan()
    weekly = Windows.parse(["Sat 01:00-05:00"], ZONE)
    one_offs = Windows.parse(year_of_saturdays(), ZONE)
    cases: list[tuple[str, Callable[[], object]]] = [
        ("weekly window Sat 01:00-05:00", lambda: schedule(longest, START, windows=weekly)),
        ("52 one-off Saturday windows", lambda: schedule(longest, START, windows=one_offs)),
        ("weekly, 1 install per window", lambda: schedule(
            longest, START, windows=weekly, max_installs_per_window=1)),
        ("no windows (soaks only)", lambda: schedule(longest, START)),
    ]
    sample = schedule(longest, START, windows=weekly)
    print(f"longest plan: {longest.start} -> {longest.target}, {len(longest.steps)} installs;"
          f" weekly schedule ends {sample.local(sample.completion).isoformat(timespec='minutes')}")
    print(f"{'case':34} {'median':>9} {'worst':>9}  target")
    for name, run in cases:
        median, worst = measure(run, runs)
        verdict = "ok" if median <= TARGET_MS else "OVER"
        print(f"{name:34} {median:7.2f}ms {worst:7.2f}ms  <= {TARGET_MS:g} ms {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
