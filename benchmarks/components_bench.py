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

from synthetic import components_catalog  # noqa: E402

from bomgar_paths import planner  # noqa: E402
from bomgar_paths._search import search  # noqa: E402
from bomgar_paths.errors import WorkLimit  # noqa: E402
from bomgar_paths.model import Goal  # noqa: E402

LIMIT = 2_000_000  # states: past it a search is stopped and said so


def _median(run, times: int = 3) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    found, result = [], None
    for _ in range(times):
        start = time.perf_counter()
        result = run()
        found.append(time.perf_counter() - start)
    return statistics.median(found), result


def main() -> int:
    print("components  search   seconds  settled   installs")
    for count in (1, 2, 3, 4, 5, 6):
        catalog, start = components_catalog(count, 15, 30, 8)
        families = planner.relevant_families(catalog, start, Goal())
        for name in ("plain", "bounded"):
            def run(name: str = name):  # type: ignore[no-untyped-def]
                if name == "plain":
                    found = search(catalog, start, (), max_states=LIMIT, families=families)
                    target = found.target(Goal())
                    assert target is not None
                    return found, planner.plan_to(found, catalog, target)
                bounded = planner._bounded(catalog, start, Goal(), (), True, LIMIT, families,
                                           at_least=0)
                assert bounded is not None
                return bounded[0], planner.plan_to(bounded[0], catalog, bounded[1])
            try:
                seconds, (found, result) = _median(run, 3 if count < 5 else 1)  # type: ignore[misc]
            except WorkLimit:
                print(f"{count:10}  {name:7}  past {LIMIT:,} states")
                continue
            print(f"{count:10}  {name:7}  {seconds:7.3f}  {len(found):8,}  "
                  f"{result.totals.installs:8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
