#!/usr/bin/env python
"""Speed and memory figures for bomgar_paths (issues 2, 3, 8 and 10; DESIGN §5).

Run from the repository root::

    python benchmarks/run.py                # full run, about 4 minutes on 2 cores
    python benchmarks/run.py --quick        # smoke run, well under a minute
    python benchmarks/run.py --write-docs   # full run, then the tables into docs/performance.md

It prints a table of figures, each next to its target with "ok" or "OVER", and a
summary against the targets. It never asserts on timing and exits 0 unless the
library itself fails. Runs that are compared are interleaved, and every ratio
and difference is between figures of the same run (benchmarks/measure.py).

Sections (``--only``): ``cli`` fresh interpreters against the import floor;
``load`` the bundled catalog and a 2 x 2,000 zig-zag file against ``tomllib``;
``bundled`` plans on the bundled catalog; ``synthetic`` plans and memory on
zigzag500 and dense300; ``baseline`` the same state graph expanded in Python,
then networkx's or rustworkx's Dijkstra (benchmarks/baselines.py); ``growth``
time per state as catalogs grow; ``bounds`` the work limits of issue 8.

networkx and rustworkx are benchmark-only tools (``pip install networkx
rustworkx``); without them their rows say "skipped".
"""

# Local imports are deliberate: the baselines are optional, and the planner's private
# engine is reached only where its figures are wanted (it may change).
# ruff: noqa: PLC0415

from __future__ import annotations

import argparse
import datetime
import gc
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for _path in (str(ROOT), str(Path(__file__).resolve().parent)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from baselines import Expansion, networkx_dijkstra, rustworkx_dijkstra  # noqa: E402
from measure import Runs, Table, interleaved, mib, ms, paired, timings, traced_peak  # noqa: E402
from synthetic import (  # noqa: E402
    dense_catalog,
    loose_catalog,
    synthetic_start,
    three_family_catalog,
    to_toml,
    wide_catalog,
    zigzag_catalog,
)

from bomgar_paths import load, planner  # noqa: E402
from bomgar_paths.catalog import Catalog, bundled_path, load_bundled  # noqa: E402
from bomgar_paths.model import Goal, State  # noqa: E402

__all__ = ["main", "synthetic_start", "zigzag_catalog"]  # explain_bench.py imports these

DOCS = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- begin: measured -->", "<!-- end: measured -->"

# --------------------------------------------------------------------------
# Targets (issue 2 "Measured", issue 3 "Speed and memory", issue 10 "Goal")

TARGET_LOAD_MS = 20.0
TARGET_OVER_FLOOR_MS = 15.0  # each command within 15 ms of the import floor
TARGET_UPDATES_OVER_PLAN_MS = 5.0
TARGET_LOAD_RATIO = 1.5  # load(path) / tomllib.loads(text) on zigzag2000
TARGET_BUNDLED_PLAN_MS = 2.0
TARGET_ZIGZAG_MS = 100.0
TARGET_DENSE_MS = 1000.0
TARGET_RATIO = 20.0  # the networkx baseline / ours on zigzag500

START_TEXT = "base=3.2.4,bomgar=11.1.2"
BUNDLED_STARTS = (START_TEXT, "bomgar=10.1")
FLOOR = "import attrs, packaging.version, packaging.specifiers, argparse"
COMMANDS = {
    "plan": ["plan", "--from", START_TEXT],
    "updates": ["updates", "--from", START_TEXT],
    "why": ["why", "Bomgar-12.2.0", "--from", START_TEXT],
    "catalog": ["catalog"],
}

SYNTHETIC: dict[str, tuple[Callable[[int], Catalog], int, float]] = {
    # name: (generator, releases per family, target ms)
    "zigzag500": (zigzag_catalog, 500, TARGET_ZIGZAG_MS),
    "dense300": (dense_catalog, 300, TARGET_DENSE_MS),
}

# Growth: releases per family giving about 1k, 5k, 20k and 50k reachable states.
GROWTH: dict[str, tuple[Callable[[int], Catalog], tuple[int, ...]]] = {
    "zig-zag": (zigzag_catalog, (170, 835, 3335, 8335)),
    "loose": (loose_catalog, (50, 245, 975, 2440)),
    "three-family": (three_family_catalog, (30, 142, 565, 1410)),
}


def ours(catalog: Catalog, start: State) -> planner.Plan:
    return planner.plan(catalog, start)


def plan_summary(result: planner.Plan) -> dict[str, Any]:
    totals = result.totals
    return {
        "cost": [totals.soak_hours, totals.installs, totals.install_minutes],
        "steps": len(result.steps),
        "target": {name: str(v) for name, v in result.target},
    }


def reachable_states(catalog: Catalog, start: State) -> int | None:
    """How many states the planner's own search reaches (all families, no limit)."""
    try:
        from bomgar_paths._search import search

        return len(search(catalog, start, max_states=None))
    except Exception:  # private API: may change under us
        return None


# --------------------------------------------------------------------------
# Child processes: clean peak-RSS figures

def _status_kb(field: str) -> int | None:
    """A memory figure of this process from /proc (Linux), in KiB."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _rss_kb() -> int:
    """Current resident set size; elsewhere than Linux, the peak so far."""
    current = _status_kb("VmRSS")
    return current if current is not None else _peak_kb()


def _peak_kb() -> int:
    """Peak RSS. VmHWM, not ru_maxrss: after fork and exec, Linux keeps the parent's
    peak in ru_maxrss, so a child of a big parent would seem to have grown."""
    peak = _status_kb("VmHWM")
    return peak if peak is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child(case: str) -> None:
    """One plan in a fresh process: its peak RSS above the RSS it started the plan with."""
    from bomgar_paths.errors import WorkLimit

    if case.startswith("wide"):  # wide6x10: families x releases, past the state limit
        families, n = map(int, case.removeprefix("wide").split("x"))
        catalog = wide_catalog(families, n)
    else:
        generator, n, _ = SYNTHETIC[case]
        catalog = generator(n)
    start = synthetic_start(catalog)
    gc.collect()
    before = _rss_kb()
    try:
        result: dict[str, Any] = plan_summary(ours(catalog, start))
    except WorkLimit as error:
        result = {"refused": str(error)}
    peak = _peak_kb()
    result.update(rss_growth_kb=max(0, peak - before), maxrss_kb=peak)
    print(json.dumps(result))


def run_child(case: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", case],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


# --------------------------------------------------------------------------
# Sections


class Interpreter:
    """Where the command line is timed: a fresh virtualenv with the project installed
    from this checkout (not editable; pip compiles the bytecode at install), or the
    current interpreter with a bytecode cache in a temporary PYTHONPYCACHEPREFIX.

    Either way PYTHONDONTWRITEBYTECODE is removed from the children's environment:
    an installed package has its bytecode, and without it every run recompiles.
    """

    def __init__(self, mode: str, venv: str | None) -> None:
        self.scratch = tempfile.mkdtemp(prefix="bomgar-paths-bench-")
        self.env = {k: v for k, v in os.environ.items()
                    if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}
        if mode == "current":
            self.python, self.cwd = sys.executable, str(ROOT)
            self.env["PYTHONPYCACHEPREFIX"] = os.path.join(self.scratch, "pycache")
            self.describe = (f"the current interpreter ({sys.executable}; the project as"
                             " installed there), bytecode cached in a temporary"
                             " PYTHONPYCACHEPREFIX")
            return
        self.cwd = self.scratch  # not the checkout: `-m` must find the installed package
        where = venv or os.path.join(self.scratch, "venv")
        self.python = os.path.join(where, "bin", "python")
        if venv is None:
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "venv", where], check=True, env=self.env)
            subprocess.run([self.python, "-m", "pip", "install", "-q",
                            "--disable-pip-version-check", str(ROOT)],
                           check=True, env=self.env, capture_output=True)
            made = f"created for this run in {time.perf_counter() - t0:.0f} s"
        else:
            made = "given with --venv"
        versions = subprocess.run(
            [self.python, "-c", "import attrs, packaging, bomgar_paths, os;"
             " print(attrs.__version__, packaging.__version__,"
             " os.path.dirname(bomgar_paths.__file__))"],
            cwd=self.cwd, env=self.env, capture_output=True, text=True, check=True).stdout.split()
        self.describe = (f"a virtualenv ({made}) with the project installed non-editable from"
                         f" this checkout, bytecode compiled by pip: attrs {versions[0]},"
                         f" packaging {versions[1]}, bomgar_paths from {versions[2]}")

    def runner(self, args: list[str]) -> Callable[[], None]:
        def once() -> None:
            subprocess.run([self.python, *args], cwd=self.cwd, env=self.env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        return once

    def close(self) -> None:
        shutil.rmtree(self.scratch, ignore_errors=True)


def bench_cli(table: Table, rounds: int, mode: str, venv: str | None) -> None:
    """Fresh interpreters: each command right after a run of the floor, round after round."""
    table.section(f"command line: wall time of a fresh interpreter ({rounds} interleaved rounds)")
    where = Interpreter(mode, venv)
    try:
        table.note("measured in " + where.describe)
        floor = where.runner(["-c", FLOOR])
        fns: dict[str, Callable[[], None]] = {"pass": where.runner(["-c", "pass"])}
        for name, args in COMMANDS.items():
            fns[f"floor before {name}"] = floor
            fns[name] = where.runner(["-m", "bomgar_paths", *args])
        fns["import bomgar_paths.cli"] = where.runner(["-c", "import bomgar_paths.cli"])
        runs = interleaved(fns, rounds)
    finally:
        where.close()
    floors = Runs()
    for name in COMMANDS:
        floors += runs[f"floor before {name}"]
        floors.cpu += runs[f"floor before {name}"].cpu
    table.timed("python -c pass (context)", runs["pass"])
    table.timed(f"floor: python -c '{FLOOR}'", floors)
    for name, args in COMMANDS.items():
        over = paired(runs[name], runs[f"floor before {name}"])
        table.timed("python -m bomgar_paths " + " ".join(args), runs[name])
        table.row(f"  {name}: floor + N (median of the paired differences)", f"+{ms(over)} ms",
                  "", f"<= +{TARGET_OVER_FLOOR_MS:.0f} ms",
                  verdict(over * 1000, TARGET_OVER_FLOOR_MS))
        table.goal(f"`{name}` within {TARGET_OVER_FLOOR_MS:.0f} ms of the floor (10)",
                   f"floor {ms(floors.median)} ms + {ms(over)} ms"
                   + distance(over * 1000, TARGET_OVER_FLOOR_MS),
                   over * 1000 <= TARGET_OVER_FLOOR_MS)
    extra = paired(runs["updates"], runs["plan"])
    table.row("  updates - plan (median of the paired differences)", f"+{ms(extra)} ms", "",
              f"<= +{TARGET_UPDATES_OVER_PLAN_MS:.0f} ms",
              verdict(extra * 1000, TARGET_UPDATES_OVER_PLAN_MS))
    table.goal(f"`updates` within {TARGET_UPDATES_OVER_PLAN_MS:.0f} ms of `plan` (10)",
               f"plan + {ms(extra)} ms" + distance(extra * 1000, TARGET_UPDATES_OVER_PLAN_MS),
               extra * 1000 <= TARGET_UPDATES_OVER_PLAN_MS)
    table.timed("python -c 'import bomgar_paths.cli' (context)", runs["import bomgar_paths.cli"])


def distance(value: float, limit: float) -> str:
    """How far a figure is above its target, for the summary."""
    return f" ({value - limit:.1f} over)" if value > limit else ""


def verdict(value: float, limit: float) -> str:
    return "ok" if value <= limit else "OVER"


def bench_load(table: Table, rounds: int) -> None:
    table.section(f"loading in-process ({rounds} interleaved rounds)")
    first = timings(load_bundled, 1, warmup=0)
    path = bundled_path()
    runs = interleaved({"bundled": load_bundled, "toml": lambda: load(path)}, rounds)
    table.timed("load_bundled() (prepared at build time)", runs["bundled"], TARGET_LOAD_MS)
    table.timed("load_bundled() first call in this process", first)
    table.timed("load(bundled_path()) (the TOML files)", runs["toml"])
    table.goal(f"load the bundled catalog <= {TARGET_LOAD_MS:.0f} ms (2)",
               f"{ms(runs['bundled'].median)} ms", runs["bundled"].median * 1000 <= TARGET_LOAD_MS)

    catalog = zigzag_catalog(2000)
    text = to_toml(catalog)
    with tempfile.TemporaryDirectory(prefix="bomgar-paths-bench-") as folder:
        file = Path(folder) / "zigzag2000.toml"
        file.write_text(text, encoding="utf-8")
        loaded = load(file)
        assert len(loaded.packages) == len(catalog.packages)
        runs = interleaved({"tomllib": lambda: tomllib.loads(text),
                            "ours": lambda: load(file)}, rounds)
    start = synthetic_start(loaded)
    table.note(f"zigzag2000: 2 x 2,000 releases written as one TOML file of {len(text):,} bytes")
    table.timed("zigzag2000: tomllib.loads(text)", runs["tomllib"])
    table.timed("zigzag2000: bomgar_paths.load(path)", runs["ours"])
    ratio = runs["ours"].median / runs["tomllib"].median
    table.row("  ratio load / tomllib.loads", f"{ratio:.2f}x", "", f"<= {TARGET_LOAD_RATIO}x",
              verdict(ratio, TARGET_LOAD_RATIO))
    table.goal(f"load of zigzag2000 within {TARGET_LOAD_RATIO}x `tomllib.loads` (10)",
               f"{ratio:.2f}x ({ms(runs['ours'].median)} against {ms(runs['tomllib'].median)} ms)",
               ratio <= TARGET_LOAD_RATIO)
    table.timed(f"zigzag2000: plan() on the loaded catalog ({max(3, rounds // 3)} runs)",
                timings(lambda: ours(loaded, start), max(3, rounds // 3)))


def bench_bundled_plans(table: Table, runs: int) -> None:
    table.section(f"bundled catalog: plan to latest in-process ({runs} interleaved rounds)")
    catalog = load_bundled()
    starts = {text: State.parse(text) for text in BUNDLED_STARTS}
    times = interleaved({text: lambda s=s: ours(catalog, s) for text, s in starts.items()},
                        runs, warmup=3)
    for text, start in starts.items():
        result = ours(catalog, start)
        table.timed(f"plan from {text}", times[text], TARGET_BUNDLED_PLAN_MS)
        states = reachable_states(catalog, start)
        table.note(f"from {text}: {len(result.steps)} installs to {result.target}"
                   + (f"; {states} reachable states" if states is not None else ""))
    worst = max(t.median for t in times.values())
    table.goal(f"bundled plan to latest <= {TARGET_BUNDLED_PLAN_MS:.0f} ms (3)",
               f"{ms(worst)} ms (slower of the two starts)", worst * 1000 <= TARGET_BUNDLED_PLAN_MS)


def phases(catalog: Catalog, start: State, runs: int) -> str | None:
    """Where one plan() spends its time (best of ``runs``), through planner internals."""
    try:
        from bomgar_paths._search import Search
        from bomgar_paths._search._graph import Graph

        best = {"compile": 1e9, "search": 1e9, "target": 1e9, "path": 1e9}
        for _ in range(runs):
            t0 = time.perf_counter()
            graph = Graph(catalog.family_order(), catalog.packages, start)
            t1 = time.perf_counter()
            graph.explore()
            found = Search(graph, start, (), True)
            t2 = time.perf_counter()
            end = found.target(Goal())
            t3 = time.perf_counter()
            assert end is not None
            planner.plan_to(found, catalog, end)
            t4 = time.perf_counter()
            for key, value in zip(best, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
                best[key] = min(best[key], value)
    except Exception as error:  # private API: may change under us
        return f"phases unavailable ({type(error).__name__}: {error})"
    compile_, search, target, path = (ms(v) for v in best.values())
    return (f"where plan() spends it (best of {runs}): compile graph {compile_} ms,"
            f" search {search} ms, choose target {target} ms, path and steps {path} ms")


def bench_synthetic(table: Table, name: str, runs: int) -> None:
    generator, n, target_ms = SYNTHETIC[name]
    catalog = generator(n)
    start = synthetic_start(catalog)
    table.section(f"synthetic {name}: {catalog.source}, 2 families x {n} releases")
    result = ours(catalog, start)
    summary = plan_summary(result)
    table.note(f"reachable states {reachable_states(catalog, start)}; plan: {summary['steps']}"
               f" installs, {summary['cost'][0]} h soak, {summary['cost'][2]} min;"
               f" target {result.target}")
    times = timings(lambda: ours(catalog, start), runs, warmup=0)
    table.timed(f"ours: plan() ({runs} runs)", times, target_ms)
    table.goal(f"{name} plan <= {target_ms:.0f} ms (3)", f"{ms(times.median)} ms",
               times.median * 1000 <= target_ms)
    split = phases(catalog, start, max(1, min(runs, 5)))
    if split:
        table.note(split)
    peak = traced_peak(lambda: ours(catalog, start))
    table.row("ours: tracemalloc peak of one plan()", mib(peak))
    table.row("ours: peak RSS growth of one plan() (child process)",
              mib(run_child(name)["rss_growth_kb"] * 1024))


def bench_baseline(table: Table, rounds: int, n: int = 500) -> None:
    """Ours, the Python expansion, networkx and rustworkx in turns on zig-zag 2 x ``n``."""
    catalog = zigzag_catalog(n)
    start = synthetic_start(catalog)
    table.section(f"baseline on zigzag{n}: graph expansion in Python + a library's Dijkstra"
                  f" ({rounds} interleaved rounds)")
    libraries: dict[str, Callable[[Expansion], dict[str, Any]]] = {}
    for module, fn in (("networkx", networkx_dijkstra), ("rustworkx", rustworkx_dijkstra)):
        try:
            __import__(module)
            libraries[module] = fn
        except ImportError:
            table.note(f"{module} skipped: not installed (pip install {module})")
    mine = Runs()
    expand = Runs()
    answers: dict[str, list[dict[str, Any]]] = {name: [] for name in libraries}
    expansion: Expansion | None = None
    ours(catalog, start)  # warm-up
    for _ in range(rounds):
        # One round: ours, the expansion (shared by both libraries), then each library on it,
        # ours again between them so that it sees the same moments of load.
        for step in ("ours", "expand", *libraries):
            if step == "ours" or step in libraries:
                t0 = time.perf_counter()
                result = ours(catalog, start)
                mine.append(time.perf_counter() - t0)
            if step == "expand":
                expansion = Expansion(catalog, start)
                expand.append(expansion.seconds)
            elif step in libraries:
                assert expansion is not None
                answers[step].append(libraries[step](expansion))
    mine.cpu = list(mine)  # wall only here: the rows below give no CPU column
    assert expansion is not None
    summary = plan_summary(result)
    table.note(expansion.weight.describe())
    table.note(f"graph: {len(expansion.nodes)} states, {len(expansion.edges)} edges;"
               f" ours: {summary['steps']} installs, cost {summary['cost']},"
               f" target {summary['target']}")
    table.row(f"ours: plan() ({len(mine)} runs, in the same rounds)", ms(mine.median) + " ms",
              ms(min(mine)) + " ms")
    table.row("expand the state graph in Python (plain contains)", ms(expand.median) + " ms",
              ms(min(expand)) + " ms")
    for name, results in answers.items():
        seconds = statistics.median(r["seconds"] for r in results)
        total = statistics.median(e + r["seconds"] for e, r in zip(expand, results, strict=True))
        table.row(f"{name}: build graph + Dijkstra", ms(seconds) + " ms",
                  ms(min(r["seconds"] for r in results)) + " ms")
        table.row(f"{name}: expansion + Dijkstra", ms(total) + " ms")
        ratio, alone = total / mine.median, seconds / mine.median
        is_target = name == "networkx" and n == 500
        table.row(f"  ratio {name} baseline / ours", f"{ratio:.1f}x", "",
                  f">= {TARGET_RATIO:.0f}x" if is_target else "",
                  ("ok" if ratio >= TARGET_RATIO else "UNDER") if is_target else "")
        table.row(f"  ratio {name} graph + Dijkstra alone / ours", f"{alone:.2f}x")
        last = results[-1]
        if name == "rustworkx" and not expansion.weight.float_exact:
            table.note("rustworkx sums doubles and these weights exceed 2^53: its costs are"
                       " not exact here")
        agree = all(r["cost"] == summary["cost"] and r["target"] == summary["target"]
                    for r in results)
        table.row(f"  {name}: optimal cost and target agree with ours", "yes" if agree else "no",
                  "", "yes", "ok" if agree else "NO")
        if not agree:
            table.note(f"{name}: cost {last['cost']} target {last['target']}; ours {summary}")
        if is_target:
            table.goal(f">= {TARGET_RATIO:.0f}x faster than expansion + networkx on zigzag500 (3)",
                       f"{ratio:.1f}x; costs agree: {'yes' if agree else 'NO'}",
                       ratio >= TARGET_RATIO and agree)
        elif n == 500:
            table.goal("(context) expansion + rustworkx on zigzag500",
                       f"{ratio:.1f}x slower than ours; costs agree: {'yes' if agree else 'NO'}",
                       None)


def bench_growth(table: Table, rounds: int, quick: bool) -> None:
    """Time per reachable state as the catalog grows: linear when µs per state stays flat."""
    table.section(f"growth: plan() time per reachable state ({rounds} interleaved rounds)")
    for family, (generator, sizes) in GROWTH.items():
        cases: dict[str, tuple[Catalog, State, int]] = {}
        for n in sizes[:2] if quick else sizes:
            catalog = generator(n)
            start = synthetic_start(catalog)
            states = reachable_states(catalog, start) or 0
            cases[f"{family} x{n}"] = (catalog, start, states)
        runs = interleaved({name: lambda c=c, s=s: ours(c, s) for name, (c, s, _) in cases.items()},
                           rounds, warmup=0)
        per_state = []
        for name, (_, _, states) in cases.items():
            us = runs[name].median / states * 1e6 if states else float("nan")
            per_state.append(us)
            table.row(f"{name}: {states:,} states", ms(runs[name].median) + " ms",
                      ms(min(runs[name])) + " ms", f"{us:.1f} µs/state")
        spread = max(per_state) / min(per_state)
        table.note(f"{family}: {', '.join(f'{u:.1f}' for u in per_state)} µs per state from"
                   f" smallest to largest (largest / smallest {spread:.2f})")
        table.goal(f"(context) growth on {family}",
                   f"{per_state[0]:.1f} to {per_state[-1]:.1f} µs per state over"
                   f" {min(c[2] for c in cases.values()):,}–{max(c[2] for c in cases.values()):,}"
                   " states", None)


def bench_bounds(table: Table, runs: int, quick: bool = False) -> None:
    """Issue 8: the Updates page on a long zig-zag, and questions past the state limit."""
    from bomgar_paths.errors import WorkLimit
    from bomgar_paths.updates import offers

    table.section("bounded work (issue 8)")
    zigzag, start = zigzag_catalog(1000), synthetic_start()

    shown = offers(zigzag, start)
    table.timed(f"offers() on zigzag1000 ({len(shown)} offers, {runs} runs)",
                timings(lambda: offers(zigzag, start), runs, warmup=0), 2000)
    table.timed(f"plan() on zigzag1000 ({runs} runs)",
                timings(lambda: ours(zigzag, start), runs, warmup=0))
    for families, n in ((6, 10),) if quick else ((6, 10), (50, 40)):
        catalog = wide_catalog(families, n)
        wide_start = synthetic_start(catalog)

        def refused(catalog: Catalog = catalog, wide_start: State = wide_start) -> str:
            try:
                ours(catalog, wide_start)
            except WorkLimit as error:
                return f"refused at {error.limit:,} states"
            return "answered"

        answer = refused()
        table.timed(f"plan() on wide {families}x{n}: {answer} ({runs} runs)",
                    timings(refused, runs, warmup=0), 2000 if families == 6 else None)
        table.row(f"  peak RSS growth of one plan() on wide {families}x{n} (child process)",
                  mib(run_child(f"wide{families}x{n}")["rss_growth_kb"] * 1024))


# --------------------------------------------------------------------------


def _revision() -> str:
    """The library's git revision, marked when bomgar_paths/ or catalog/ have local changes."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "bomgar_paths", "catalog"],
                               cwd=ROOT, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "unknown revision"
    return f"git {head}{' + local changes' if dirty.strip() else ''}"


def _loadavg() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(module: str) -> str:
    try:
        return str(__import__(module).__version__)
    except ImportError:
        return "not installed"


def write_docs(text: str, markdown: str) -> None:
    """Replace what is between the markers of docs/performance.md; keep the prose."""
    page = DOCS.read_text(encoding="utf-8")
    if BEGIN not in page or END not in page:
        raise SystemExit(f"{DOCS}: markers {BEGIN} / {END} not found")
    block = (f"{BEGIN}\n<!-- written by `python benchmarks/run.py --write-docs`;"
             f" edits here are overwritten -->\n\n{markdown}\n<details><summary>The script's"
             f" output</summary>\n\n```\n{text}\n```\n\n</details>\n{END}")
    head, rest = page.split(BEGIN, 1)
    page = head + block + rest.split(END, 1)[1]
    DOCS.write_text(page, encoding="utf-8")
    print(f"wrote the measured tables into {DOCS.relative_to(ROOT)}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    sections_all = ["cli", "load", "bundled", "synthetic", "baseline", "growth", "bounds"]
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="smoke mode: few rounds, the baseline once on zigzag250, two growth"
                             " sizes, no wide 50x40")
    parser.add_argument("--no-baseline", action="store_true", help="skip networkx and rustworkx")
    parser.add_argument("--only", choices=sections_all, action="append",
                        help="run only these sections (repeatable)")
    parser.add_argument("--cli-env", choices=["venv", "current"],
                        help="where to time the command line: a fresh virtualenv with the project"
                             " installed (default of the full run) or the current interpreter with"
                             " a temporary bytecode cache (default of --quick)")
    parser.add_argument("--venv", metavar="DIR",
                        help="use this virtualenv (the project installed in it) for --cli-env venv"
                             " instead of creating one")
    parser.add_argument("--write-docs", action="store_true",
                        help=f"write the tables between the markers of {DOCS.relative_to(ROOT)}")
    parser.add_argument("--child", metavar="CASE", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child)
        return 0

    quick = args.quick
    sections = set(args.only or sections_all)
    if args.no_baseline:
        sections.discard("baseline")
    cli_env = args.cli_env or ("venv" if args.venv or not quick else "current")
    import packaging

    table = Table()
    load_before = _loadavg()
    started = datetime.datetime.now(datetime.UTC)
    t0 = time.perf_counter()
    if "cli" in sections:
        bench_cli(table, 5 if quick else 21, cli_env, args.venv)
    if "load" in sections:
        bench_load(table, 5 if quick else 15)
    if "bundled" in sections:
        bench_bundled_plans(table, 30 if quick else 300)
    if "synthetic" in sections:
        bench_synthetic(table, "zigzag500", 3 if quick else 11)
        bench_synthetic(table, "dense300", 1 if quick else 5)
    if "baseline" in sections:
        bench_baseline(table, 1 if quick else 3, 250 if quick else 500)
    if "growth" in sections:
        bench_growth(table, 1 if quick else 3, quick)
    if "bounds" in sections:
        bench_bounds(table, 1 if quick else 5, quick)
    elapsed = time.perf_counter() - t0
    header = "\n".join([
        f"bomgar_paths benchmarks ({'quick' if quick else 'full'} mode, sections:"
        f" {', '.join(s for s in sections_all if s in sections)}),"
        f" {started:%Y-%m-%d %H:%M} UTC, library at {_revision()}",
        f"machine: {os.cpu_count()} CPUs, {_cpu_model()}, {platform.system()} {platform.machine()}",
        f"Python {platform.python_version()}, packaging {packaging.__version__}, attrs"
        f" {_version('attrs')}, networkx {_version('networkx')}, rustworkx {_version('rustworkx')}",
        f"load average (1, 5, 15 min) before: {load_before}; after: {_loadavg()};"
        f" the run took {elapsed:.0f} s",
    ])
    legend = ("Runs that are compared are interleaved, round after round; 'median' and 'best'"
              " are wall-clock\ntimes, 'cpu median' the CPU time of the same runs (process plus"
              " children). The run itself\nkeeps about one CPU busy: a 1-minute load average well"
              " above 1 means other work competed.\nFigures only: nothing asserts a time.")
    text = f"{header}\n{legend}\n\n{table.text()}"
    print(text)
    if args.write_docs:
        write_docs(text, "```\n" + header + "\n```\n\n" + table.markdown())
    return 0


if __name__ == "__main__":
    sys.exit(main())
