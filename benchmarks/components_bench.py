"""Issue 12's scale question: external families beside Base and the site.

``python benchmarks/components_bench.py`` prints, for catalogs of C external families of
15 releases each (every release working with a window of 8 consecutive site releases,
``synthetic.components_catalog``), the time of ``plan()`` from the oldest state to latest
as a caller gets it (resolvelib's configuration, then the search towards it: the
planner's choice for such catalogs, DESIGN §3), the states that search settled, and
the plan's size; beside it the plain search (every reachable state), whose plan must
be the same, tie rule included. Medians of 3 runs, in-process, garbage collected
before each (the plain search's millions of states would otherwise slow the next
run's collections). The issue's target: 6 families in at most 1 s.
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
from bomgar_paths._search import Search, search
from bomgar_paths.catalog import Catalog
from bomgar_paths.errors import WorkLimit
from bomgar_paths.model import Goal, State
from bomgar_paths.planner import Plan

LIMIT = 2_000_000  # states: past it a search is stopped and said so


def _plain(catalog: Catalog, start: State, families: list[str]) -> tuple[Search, Plan]:
    found = search(catalog, start, (), max_states=LIMIT, families=families)
    target = found.target(Goal())
    assert target is not None
    return found, planner.plan_to(found, catalog, target)


def _bounded(catalog: Catalog, start: State, families: list[str]) -> tuple[Search, Plan]:
    result = planner.plan(catalog, start, Goal(), max_states=LIMIT)
    # The same search again, to count what it settled (plan() does not say): below
    # planner.BOUND_FROM combined states, plan() searches them all.
    bounded = planner._bounded(catalog, start, Goal(), (), True, LIMIT, families)
    if bounded is None:
        return search(catalog, start, (), max_states=LIMIT, families=families), result
    return bounded[0], result


def _timed(way, catalog: Catalog, start: State, families: list[str]):  # type: ignore[no-untyped-def]
    gc.collect()
    began = time.perf_counter()
    result = planner.plan(catalog, start, Goal(), max_states=LIMIT) if way is _bounded \
        else way(catalog, start, families)[1]
    return time.perf_counter() - began, result


def main() -> int:
    print("components  search   seconds  settled   installs  same plan")
    for count in (1, 2, 3, 4, 5, 6):
        catalog, start = components_catalog(count, 15, 30, 8)
        families = planner.relevant_families(catalog, start, Goal())
        plans = {}
        for name, way in (("plan()", _bounded), ("plain", _plain)):
            times = []
            try:
                # Medians of 3; one run of the plain search past 5 s.
                for _ in range(3 if count < 5 or way is _bounded else 1):
                    seconds, result = _timed(way, catalog, start, families)
                    times.append(seconds)
                found, result = way(catalog, start, families)
            except WorkLimit:
                print(f"{count:10}  {name:7}  past {LIMIT:,} states")
                continue
            plans[name] = (result.target, [s.package.key for s in result.steps])
            same = "" if name == "plan()" else "yes" if plans[name] == plans["plan()"] else "NO"
            print(f"{count:10}  {name:7}  {statistics.median(times):7.3f}  {len(found):8,}  "
                  f"{result.totals.installs:8}  {same}")
            del found, result
    return 0


if __name__ == "__main__":
    sys.exit(main())
