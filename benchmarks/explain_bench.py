"""Time explanations of unreachable goals (issue 4): figures, never assertions.

Run from the repository root: ``python benchmarks/explain_bench.py``. It uses
the synthetic zig-zag catalog of ``benchmarks/run.py`` (2 families x 500).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import run

from bomgar_paths import Goal, Requirement, State, explain_goal, explain_package, load_bundled


def best_and_median(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return min(times), statistics.median(times)


def main() -> None:
    bundled = load_bundled()
    guide = State.parse("base=3.2.4,bomgar=11.1.2")
    zigzag = run.zigzag_catalog()
    start = run.synthetic_start()
    first, second = list(zigzag.families)
    top = max(p.version for p in zigzag.packages_of(first))
    middle = sorted(p.version for p in zigzag.packages_of(second))[250]
    cases: list[tuple[str, Callable[[], object], float, int]] = [
        ("bundled: bomgar>=26 under hold base<7 (+ what-if)",
         lambda: explain_goal(bundled, guide, Goal.parse(["bomgar>=26"]),
                              [Requirement.parse("base<7")]), 50, 30),
        ("bundled: bomgar>=30 (no such package)",
         lambda: explain_goal(bundled, guide, Goal.parse(["bomgar>=30"])), 50, 30),
        ("bundled: why Bomgar-26.3.0 (greyed, 19-step unlock)",
         lambda: explain_package(bundled, guide, bundled.find("Bomgar-26.3.0")), 50, 30),
        (f"zig-zag x500: {first}>{top} (no such package)",
         lambda: explain_goal(zigzag, start, Goal.parse([f"{first}>{top}"])), 1000, 3),
        (f"zig-zag x500: {first}>={top} under hold {second}<{middle} (+ what-if)",
         lambda: explain_goal(zigzag, start, Goal.parse([f"{first}>={top}"]),
                              [Requirement.parse(f"{second}<{middle}")]), 1000, 3),
    ]
    print(f"{'case':<72} {'best':>9} {'median':>9} {'target':>9}")
    for name, fn, target, runs in cases:
        best, median = best_and_median(fn, runs)
        verdict = "ok" if median <= target else "OVER"
        print(f"{name:<72} {best:7.1f}ms {median:7.1f}ms {target:>6.0f} ms  {verdict}")


if __name__ == "__main__":
    main()
