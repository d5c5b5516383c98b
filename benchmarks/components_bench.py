"""Issue 12's scale question: external families beside Base and the site.

``python benchmarks/components_bench.py`` prints, for catalogs of C external families of
15 releases each (every release working with a window of 8 consecutive site releases,
``synthetic.components_catalog``), the time of ``plan()`` from the oldest state to
latest as a caller gets it (resolvelib's configuration, then the search towards it: the
planner's choice for such catalogs, DESIGN §3), the states that search settled, and the
plan's size, for two goals: latest, and the newest site release alone (the other
families end where they are cheapest); beside it the plain search of every reachable
state, whose plans must be the same, tie rule included. Medians of 3 runs, in-process,
garbage collected before each (the plain search's millions of states would otherwise
slow the next run's collections). The issue's target: 6 families in at most 1 s.
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import components_catalog

from bomgar_paths import planner
from bomgar_paths._search import search
from bomgar_paths.catalog import Catalog
from bomgar_paths.model import Goal, State
from bomgar_paths.planner import Plan

LIMIT = 2_000_000  # states: past it a search is stopped and said so


def _keys(result: Plan) -> tuple[object, ...]:
    return (result.target, tuple(step.package.key for step in result.steps))


def _median_plan(catalog: Catalog, start: State, goal: Goal) -> tuple[float, Plan]:
    """plan() as a caller gets it: the median of 3 runs, collected before each."""
    times = []
    for _ in range(3):
        gc.collect()
        began = time.perf_counter()
        result = planner.plan(catalog, start, goal, max_states=LIMIT)
        times.append(time.perf_counter() - began)
    return statistics.median(times), result


def _settled(catalog: Catalog, start: State, goal: Goal, families: list[str]) -> int:
    """How many states plan()'s search settled (plan() does not say): the same search
    again; below planner.BOUND_FROM combined states plan() searches them all."""
    bounded = planner._bounded(catalog, start, goal, (), True, LIMIT, families)
    if bounded is None:
        return len(search(catalog, start, (), max_states=LIMIT, families=families))
    return len(bounded[0])


def main() -> int:
    print("components  goal       plan() s  settled  installs   plain s   settled  same plan")
    for count in (1, 2, 3, 4, 5, 6):
        catalog, start = components_catalog(count, 15, 30, 8)
        last = max(p.version for p in catalog.packages_of("site"))
        goals = (("latest", Goal()), ("site only", Goal.parse(f"site>={last}")))
        families = planner.relevant_families(catalog, start, Goal())
        # One plain search (every reachable state) answers both goals; past 5 s, one run.
        times = []
        for _ in range(3 if count < 5 else 1):
            gc.collect()
            began = time.perf_counter()
            found = search(catalog, start, (), max_states=LIMIT, families=families)
            times.append(time.perf_counter() - began)
        for label, goal in goals:
            seconds, result = _median_plan(catalog, start, goal)
            target = found.target(goal)
            assert target is not None
            same = _keys(result) == _keys(planner.plan_to(found, catalog, target, goal))
            print(f"{count:10}  {label:9}  {seconds:8.3f}  "
                  f"{_settled(catalog, start, goal, families):7,}  {result.totals.installs:8}"
                  f"  {statistics.median(times):8.3f}  {len(found):8,}  "
                  f"{'yes' if same else 'NO'}")
        del found
    return 0


if __name__ == "__main__":
    sys.exit(main())
