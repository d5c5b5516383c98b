"""Runbook speed (issue 11 "Speed"): an Atlas cluster of 40 traffic nodes over the bundled
catalog's longest plan, with weekly windows (two a Saturday) for a year, in-process.

    python benchmarks/runbook_bench.py            # median of 21 runs, target <= 50 ms

It prints the median, the minimum and the maximum of ``runbook()`` (the plan included),
and of the plan alone beside it, in turns, so that the difference is the runbook's own.
No test asserts a time.
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import UTC, datetime

from bomgar_paths import load_bundled
from bomgar_paths.planner import plan
from bomgar_paths.runbook import runbook
from bomgar_paths.topology import Topology
from bomgar_paths.windows import Windows

START = "base=3.2.4,bomgar=11.1.2"
TARGET_MS = 50


def main(rounds: int = 21) -> int:
    catalog = load_bundled()
    topology = Topology.atlas(START, {"eu": 14, "us": 14, "ap": 12}, failover_by="dns")
    windows = Windows.parse(["Sat 00:00-12:00", "Sat 14:00-23:59"], "Europe/Istanbul")
    begin = datetime(2026, 12, 5, tzinfo=UTC)
    times: dict[str, list[float]] = {"runbook": [], "plan alone": []}
    made = None
    for _ in range(rounds):  # in turns: one of each per round
        t0 = time.perf_counter()
        made = runbook(catalog, topology, begin, windows=windows, nodes_at_once=10)
        t1 = time.perf_counter()
        plan(catalog, START)
        t2 = time.perf_counter()
        times["runbook"].append((t1 - t0) * 1000)
        times["plan alone"].append((t2 - t1) * 1000)
    assert made is not None
    steps = sum(len(r.steps) for r in made.rounds)
    print(f"Atlas, 2 masters + 40 traffic nodes, {len(made.rounds)} rounds, {steps} steps,"
          f" completion {made.completion:%Y-%m-%d}; {rounds} runs each, in turns")
    for name, values in times.items():
        print(f"  {name:<11} median {statistics.median(values):7.2f} ms   min"
              f" {min(values):7.2f}   max {max(values):7.2f}")
    median = statistics.median(times["runbook"])
    print(f"  target <= {TARGET_MS} ms: {'met' if median <= TARGET_MS else 'OVER'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
