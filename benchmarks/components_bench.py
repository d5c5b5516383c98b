"""Issue 12's scale question: external families beside Base and the site.

``python benchmarks/components_bench.py`` prints, for catalogs of C external families of
15 releases each (every release working with a window of 8 consecutive site releases,
``synthetic.components_catalog``), the time of ``plan`` from the oldest state to latest,
the states the search settled, and the plan's size; the plain search (every reachable
state) beside the search bounded by resolvelib's configuration (A*, the planner's choice
for such catalogs). Medians of 3 runs, in-process. The issue's target: 6 families in
at most 1 s.
"""

from __future__ import annotations

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
    bounded = planner._bounded(catalog, start, Goal(), (), True, LIMIT, families, at_least=0)
    assert bounded is not None
    return bounded[0], planner.plan_to(bounded[0], catalog, bounded[1])


def main() -> int:
    print("components  search   seconds  settled   installs")
    for count in (1, 2, 3, 4, 5, 6):
        catalog, start = components_catalog(count, 15, 30, 8)
        families = planner.relevant_families(catalog, start, Goal())
        for name, way in (("plain", _plain), ("bounded", _bounded)):
            times = []
            try:
                for _ in range(3 if count < 5 else 1):  # medians of 3; one run past 5 s
                    began = time.perf_counter()
                    found, result = way(catalog, start, families)
                    times.append(time.perf_counter() - began)
            except WorkLimit:
                print(f"{count:10}  {name:7}  past {LIMIT:,} states")
                continue
            print(f"{count:10}  {name:7}  {statistics.median(times):7.3f}  {len(found):8,}  "
                  f"{result.totals.installs:8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
