"""Fleet speed (issue 13 "Speed"): prints each figure, asserts none.

    python benchmarks/fleet_bench.py              # every figure
    python benchmarks/fleet_bench.py --rows 1000000   # the streaming row count (default 1,000,000)

1. 10,000 appliances with random states on the bundled catalog, planned in-process:
   ``fleet()`` then ``summarize()`` (target <= 1 s);
2. the staging-set choice alone for those 10,000 (``summarize`` with the plans cached;
   target <= 1 s);
3. the whole command, ``python -m bomgar_paths fleet plan`` on a 10,000-row CSV, text
   output (target <= 2 s);
4. 1,000,000 CSV rows streamed to JSON Lines by the command (target <= 60 s), with the
   child's peak RSS (``resource.getrusage(RUSAGE_CHILDREN)``), and the peak RSS at
   100,000 rows beside it: flat memory means the two are close.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bomgar_paths import load_bundled
from bomgar_paths.fleet import PlanCache, fleet, summarize
from bomgar_paths.inventory import InventoryRow
from bomgar_paths.model import State

ROOT = Path(__file__).resolve().parent.parent


def random_states(count: int, seed: int = 13) -> list[tuple[str, str, str]]:
    catalog = load_bundled()
    bases = [str(p.version) for p in catalog.packages_of("base")]
    sites = [str(p.version) for p in catalog.packages_of("bomgar")]
    pick = random.Random(seed)
    return [(f"edge-{n}", f"base={pick.choice(bases)},bomgar={pick.choice(sites)}",
             f"customer-{pick.randrange(50)}") for n in range(count)]


def write_csv(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write("name,state,group\n")
        for name, state, group in random_states(min(count, 10_000)):
            out.write(f'{name},"{state}",{group}\n')
        # Past 10,000 rows the states repeat (a realistic fleet), the names do not.
        rows = random_states(10_000)
        for n in range(10_000, count):
            _, state, group = rows[n % 10_000]
            out.write(f'edge-{n},"{state}",{group}\n')


def in_process() -> None:
    catalog = load_bundled()
    rows = [InventoryRow(name, State.parse(state), group=group, row=n + 1)
            for n, (name, state, group) in enumerate(random_states(10_000))]
    began = time.perf_counter()
    cache = PlanCache(catalog, 200_000, 8)
    results = list(fleet(catalog, rows, cache=cache))
    planned = time.perf_counter()
    answer = summarize(catalog, results, cache=cache)
    done = time.perf_counter()
    print(f"10,000 appliances, in-process: {done - began:.3f} s"
          f" (fleet {planned - began:.3f} s for {len(cache)} distinct questions,"
          f" summarize {done - planned:.3f} s; target <= 1 s)")
    print(f"  staging: {sum(len(s.packages) for s in answer.staging)} packages in"
          f" {len(answer.staging)} groups, {answer.saving} fewer than plans chosen alone")
    began = time.perf_counter()
    summarize(catalog, results, cache=cache)
    print(f"staging-set choice for 10,000 appliances (plans cached):"
          f" {time.perf_counter() - began:.3f} s (target <= 1 s)")


def command(path: Path, fmt: str) -> tuple[float, int]:
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bomgar_paths", "fleet", "plan", str(path),
                    "--format", fmt], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - began
    return elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    in_process()
    with tempfile.TemporaryDirectory() as folder:
        small = Path(folder) / "fleet-10k.csv"
        write_csv(small, 10_000)
        elapsed, _ = command(small, "text")
        print(f"whole command, 10,000 rows, text: {elapsed:.3f} s (target <= 2 s)")
        middle = Path(folder) / "fleet-100k.csv"
        write_csv(middle, 100_000)
        elapsed, peak = command(middle, "jsonl")
        print(f"100,000 rows streamed to JSON Lines: {elapsed:.2f} s,"
              f" peak RSS {peak / 1024:.0f} MB")
        large = Path(folder) / "fleet-large.csv"
        write_csv(large, args.rows)
        elapsed, peak = command(large, "jsonl")
        print(f"{args.rows:,} rows streamed to JSON Lines: {elapsed:.2f} s, peak RSS"
              f" {peak / 1024:.0f} MB (target <= 60 s, flat memory)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
