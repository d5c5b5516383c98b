#!/usr/bin/env python
"""Speed and memory figures for bomgar_paths (issues 2 and 3, DESIGN §5).

Run from the repository root::

    python benchmarks/run.py            # full run, a few minutes on a 2-core machine
    python benchmarks/run.py --quick    # smoke run, well under a minute

It prints a table of figures, each next to its target with "ok" or "OVER".
It never asserts on timing and always exits 0 unless the library itself fails.

What is measured:

* loading the bundled catalog in-process (``catalog.load_bundled``);
* wall time of ``python -m bomgar_paths catalog`` and ``... plan`` as
  subprocesses (with a bytecode cache, as an installed package has, and without
  one when PYTHONDONTWRITEBYTECODE is set), with bare interpreter start-up and
  the dependencies' import time for context;
* planning on the bundled catalog from its oldest states to latest;
* planning on two synthetic catalogs this script generates (see
  ``zigzag_catalog`` and ``dense_catalog``), with peak memory;
* the baseline a user would write instead: expand the state graph by testing
  every package against every state with ``SpecifierSet.contains``, then
  networkx's Dijkstra on a scalar weight that encodes the same lexicographic
  cost (once plain, once with the ``contains`` answers memoised), and whether
  its optimal cost and target agree with ours.

networkx is a benchmark-only dependency (``pip install networkx``); without it
the baseline rows say "skipped".
"""

# Local imports are deliberate: networkx is optional, and the planner's private
# engine is reached only where its figures are wanted (it may change).
# ruff: noqa: PLC0415

from __future__ import annotations

import argparse
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
import tracemalloc
from collections.abc import Callable, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from packaging.specifiers import SpecifierSet  # noqa: E402
from packaging.version import Version  # noqa: E402

from bomgar_paths import planner  # noqa: E402
from bomgar_paths.catalog import Catalog, load_bundled  # noqa: E402
from bomgar_paths.model import Family, Goal, Package, Requirement, State  # noqa: E402

# --------------------------------------------------------------------------
# Targets (issue 2 "Measured", issue 3 "Speed and memory")

TARGET_LOAD_MS = 20.0
TARGET_CLI_MS = 150.0
TARGET_BUNDLED_PLAN_MS = 2.0
TARGET_ZIGZAG_MS = 100.0
TARGET_DENSE_MS = 1000.0
TARGET_RATIO = 20.0

BUNDLED_STARTS = ("base=3.2.4,bomgar=11.1.2", "bomgar=10.1")

# Scalar weight for networkx: soak hours, then installs, then minutes. The
# multipliers exceed any total the lower terms can reach in these catalogs
# (fewer than 10^6 installs, fewer than 10^6 install minutes per plan).
W_SOAK = 10**12
W_INSTALL = 10**6


# --------------------------------------------------------------------------
# Synthetic catalogs


def _v(i: int) -> Version:
    """The i-th release of a synthetic family: 1 -> 1.1.0, 9 -> 1.9.0, 10 -> 2.0.0."""
    return Version(f"{i // 10 + 1}.{i % 10}.0")


def _families() -> list[Family]:
    return [
        Family("site", "Site-{version}", soak_hours=24, install_minutes=45, priority=1,
               clients_update=True),
        Family("base", "Base {version}", soak_hours=0, install_minutes=30, priority=2),
    ]


def _package(family: Family, i: int, requires: dict[str, str]) -> Package:
    version = _v(i)
    return Package(
        family=family.name,
        version=version,
        label=family.label.format(version=version),
        requires=tuple(Requirement(f, SpecifierSet(s)) for f, s in sorted(requires.items())),
        soak_hours=family.soak_hours,
        install_minutes=family.install_minutes,
    )


def zigzag_catalog(n: int = 500) -> Catalog:
    """Two families of ``n`` releases whose prerequisites zig-zag.

    site i (i >= 2) needs site >= i-3 (it cannot jump more than 3 releases)
    and base >= i-5 (a recent Base); base j (j >= 2) needs site >= j and
    site < j+10 (the site of its era). From (site 1, base 1) the reachable
    states form a band about six wide along the diagonal (~3,000 states for
    n = 500) and the plan to latest alternates families: a few hundred installs.
    """
    site, base = _families()
    packages = []
    for i in range(1, n + 1):
        packages.append(_package(site, i, {} if i == 1 else
                                 {"site": f">={_v(max(1, i - 3))}",
                                  "base": f">={_v(max(1, i - 5))}"}))
        packages.append(_package(base, i, {} if i == 1 else
                                 {"site": f">={_v(i)},<{_v(i + 10)}"}))
    return Catalog.from_entries([site, base], packages, source=f"synthetic zig-zag x{n}")


def dense_catalog(n: int = 300) -> Catalog:
    """Two families of ``n`` releases where nearly every pair is reachable.

    site i (i >= 2) needs site >= i-10; base j (j >= 2) needs site >= j and
    base >= j-10. Every state (site i, base j) with j <= i is reachable from
    (1, 1): n(n+1)/2 states, 45,150 for n = 300, each with up to 20 steps out.
    """
    site, base = _families()
    packages = []
    for i in range(1, n + 1):
        packages.append(_package(site, i, {} if i == 1 else {"site": f">={_v(max(1, i - 10))}"}))
        packages.append(_package(base, i, {} if i == 1 else
                                 {"site": f">={_v(i)}", "base": f">={_v(max(1, i - 10))}"}))
    return Catalog.from_entries([site, base], packages, source=f"synthetic dense x{n}")


SYNTHETIC: dict[str, tuple[Callable[[int], Catalog], int, float]] = {
    # name: (generator, releases per family, target ms)
    "zigzag500": (zigzag_catalog, 500, TARGET_ZIGZAG_MS),
    "dense300": (dense_catalog, 300, TARGET_DENSE_MS),
}


def synthetic_start() -> State:
    return State({"site": _v(1), "base": _v(1)})


# --------------------------------------------------------------------------
# The baseline a user would write instead


def _exact(value: float) -> int | Fraction:
    return int(value) if float(value).is_integer() else Fraction(str(value))


def expand(
    catalog: Catalog, start: State, memo: bool = False
) -> tuple[Any, tuple[Version | None, ...]]:
    """The reachable state graph as a networkx DiGraph, built the plain way.

    For every state, every package is tested: offered (not withdrawn, newer
    than the installed version of its family) and available (each requirement
    met, tested with ``SpecifierSet.contains(..., prereleases=True)``).
    Nodes are tuples of installed versions in family order (None: not installed).
    With ``memo``, each (requirement, version) answer is kept in a dict: the
    one optimisation a careful user would add.
    """
    import networkx as nx

    families = catalog.family_order()
    position = {name: k for k, name in enumerate(families)}
    packages = [p for p in catalog.packages if p.withdrawn is None]
    weight = {
        p: _exact(p.soak_hours) * W_SOAK + W_INSTALL + _exact(p.install_minutes)
        for p in packages
    }
    origin = tuple(start.get(name) for name in families)
    answers: dict[tuple[int, int], bool] = {}

    def meets(requirement: Requirement, version: Version | None) -> bool:
        if version is None:
            return False
        if not memo:
            return bool(requirement.specifier.contains(version, prereleases=True))
        key = (id(requirement), id(version))  # versions in states are shared objects
        answer = answers.get(key)
        if answer is None:
            answer = answers[key] = requirement.specifier.contains(version, prereleases=True)
        return answer

    graph = nx.DiGraph()
    graph.add_node(origin)
    todo, seen = [origin], {origin}
    while todo:
        node = todo.pop()
        for package in packages:
            k = position[package.family]
            installed = node[k]
            if installed is not None and not package.version > installed:
                continue
            if not all(meets(r, node[position[r.family]]) for r in package.requires):
                continue
            after = node[:k] + (package.version,) + node[k + 1 :]
            graph.add_edge(node, after, weight=weight[package], package=package)
            if after not in seen:
                seen.add(after)
                todo.append(after)
    return graph, origin


def baseline(catalog: Catalog, start: State, memo: bool = False) -> dict[str, Any]:
    """Expand, then Dijkstra; the target and cost as DESIGN §2.3 (goal: latest)."""
    import networkx as nx

    t0 = time.perf_counter()
    graph, origin = expand(catalog, start, memo)
    t1 = time.perf_counter()
    dist, paths = nx.single_source_dijkstra(graph, origin, weight="weight")
    t2 = time.perf_counter()
    families = catalog.family_order()
    named = [k for k, name in enumerate(families) if start.get(name) is not None]

    def rank(node: tuple[Version | None, ...]) -> tuple[tuple[int, Any], ...]:
        return tuple((0, 0) if node[k] is None else (1, node[k]) for k in named)

    best = max(rank(n) for n in dist)
    target = min((n for n in dist if rank(n) == best), key=lambda n: dist[n])
    weight = dist[target]
    soak, rest = divmod(weight, W_SOAK)
    installs, minutes = divmod(rest, W_INSTALL)
    return {
        "expand_s": t1 - t0,
        "dijkstra_s": t2 - t1,
        "states": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "cost": [_number(soak), int(installs), _number(minutes)],
        "steps": len(paths[target]) - 1,
        "target": {
            name: str(v) for name, v in zip(families, target, strict=True) if v is not None
        },
    }


# --------------------------------------------------------------------------
# Our planner on the same catalogs


def ours(catalog: Catalog, start: State) -> planner.Plan:
    return planner.plan(catalog, start)


def plan_summary(result: planner.Plan) -> dict[str, Any]:
    totals = result.totals
    return {
        "cost": [_number(totals.soak_hours), totals.installs, _number(totals.install_minutes)],
        "steps": len(result.steps),
        "target": {name: str(v) for name, v in result.target},
    }


def reachable_states(catalog: Catalog, start: State) -> int | None:
    """len(graph.settled) after a full exploration by the planner's own engine."""
    try:
        from bomgar_paths._graph import Graph

        graph = Graph(catalog.family_order(), catalog.packages, start)
        graph.explore()
        return len(graph.settled)
    except Exception:  # private API: may change under us
        return None


def _number(value: Any) -> int | float:
    value = Fraction(value) if not isinstance(value, int) else value
    return int(value) if value == int(value) else float(value)


# --------------------------------------------------------------------------
# Child processes: clean max-RSS figures, and a place for slow baselines


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


def child(case: str, which: str) -> None:
    """One run in a fresh process: its peak RSS above the RSS it started the run with."""
    if case.startswith("wide"):  # wide6x10: families x releases, past the state limit
        families, n = map(int, case.removeprefix("wide").split("x"))
        catalog = wide_catalog(families, n)
        start = State({f: _v(1) for f in catalog.families})
    else:
        generator, n, _ = SYNTHETIC[case]
        catalog, start = generator(n), synthetic_start()
    gc.collect()
    before = _rss_kb()
    t0 = time.perf_counter()
    if case.startswith("wide"):
        from bomgar_paths.errors import WorkLimit

        try:
            result = plan_summary(ours(catalog, start))
        except WorkLimit as error:
            result = {"refused": str(error)}
    elif which == "ours":
        result = plan_summary(ours(catalog, start))
    else:
        result = baseline(catalog, start, memo=which == "baseline-memo")
    elapsed = time.perf_counter() - t0
    peak = _peak_kb()
    result.update(seconds=elapsed, rss_growth_kb=max(0, peak - before), maxrss_kb=peak)
    print(json.dumps(result))


def run_child(case: str, which: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", case, which],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


# --------------------------------------------------------------------------
# Measuring and printing


class Runs(list[float]):
    """Wall-clock seconds of each run, with the CPU seconds of each beside them."""

    cpu: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)


def timings(fn: Callable[[], object], runs: int, warmup: int = 1) -> Runs:
    """Wall and CPU time of ``fn`` (CPU: this process plus the children it waited for)."""
    for _ in range(warmup):
        fn()
    gc.collect()
    result = Runs()
    result.cpu = []
    for _ in range(runs):
        c0, k0 = time.process_time(), resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - t0
        k1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = time.process_time() - c0 + (k1.ru_utime - k0.ru_utime) + (k1.ru_stime - k0.ru_stime)
        result.append(elapsed)
        result.cpu.append(cpu)
    return result


def traced_peak(fn: Callable[[], object]) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


class Table:
    HEAD = ("figure", "median", "best", "cpu median", "target", "")

    def __init__(self) -> None:
        self.rows: list[tuple[str, ...]] = []

    def section(self, title: str) -> None:
        self.rows.append(("#", title))

    def row(self, name: str, median: str = "", best: str = "", target: str = "",
            verdict: str = "", cpu: str = "") -> None:
        self.rows.append((name, median, best, cpu, target, verdict))
        print(f"  .. {name}: {median} {target} {verdict}", file=sys.stderr, flush=True)

    def timed(self, name: str, runs: Runs, target_ms: float | None = None) -> None:
        med = runs.median
        self.row(name, ms(med) + " ms", ms(min(runs)) + " ms",
                 f"<= {target_ms:.0f} ms" if target_ms is not None else "",
                 verdict(med * 1000, target_ms) if target_ms is not None else "",
                 ms(runs.cpu_median) + " ms")

    def note(self, text: str) -> None:
        self.rows.append(("-", text))

    def print(self) -> None:
        rows = [r for r in self.rows if len(r) == len(self.HEAD)]
        widths = [max(len(r[i]) for r in [self.HEAD, *rows]) for i in range(len(self.HEAD))]
        line = "  ".join(
            f"{{:{'<' if i == 0 else '>'}{w}}}" for i, w in enumerate(widths)
        )
        print(line.format(*self.HEAD).rstrip())
        print("  ".join("-" * w for w in widths))
        for r in self.rows:
            if r[0] == "#":
                print(f"\n[{r[1]}]")
            elif r[0] == "-":
                print(f"    {r[1]}")
            else:
                print(line.format(*r).rstrip())


def ms(seconds: float) -> str:
    value = seconds * 1000
    return f"{value:.3f}" if value < 1 else f"{value:.2f}" if value < 100 else f"{value:.0f}"


def verdict(value: float, limit: float, at_least: bool = False) -> str:
    good = value >= limit if at_least else value <= limit
    return "ok" if good else "OVER" if not at_least else "UNDER"


def mib(n_bytes: float) -> str:
    return f"{n_bytes / 2**20:.1f} MiB"


# --------------------------------------------------------------------------
# Sections


def bench_load(table: Table, runs: int) -> None:
    table.section("bundled catalog: load in-process")
    first = timings(load_bundled, 1, warmup=0)
    table.timed(f"load_bundled() ({runs} runs)", timings(load_bundled, runs), TARGET_LOAD_MS)
    table.timed("load_bundled() first call in this process", first)


def bench_cli(table: Table, runs: int) -> None:
    """Fresh interpreters, the way a user runs the command.

    An installed package has its bytecode compiled (pip does it at install), so the
    command is timed with a bytecode cache, kept in a temporary folder
    (PYTHONPYCACHEPREFIX) so that nothing is written into the source tree. When the
    environment sets PYTHONDONTWRITEBYTECODE, as some environments do, every run of the
    source tree recompiles the library; those figures are shown too.
    """
    table.section(f"command line: wall time of a fresh interpreter ({runs} runs)")
    python = sys.executable
    cache = tempfile.mkdtemp(prefix="bomgar-paths-bench-pyc-")
    cached = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cached["PYTHONPYCACHEPREFIX"] = cache
    plan = ["-m", "bomgar_paths", "plan", "--from", BUNDLED_STARTS[0]]
    Command = tuple[str, list[str], float | None, dict[str, str] | None]
    commands: list[Command] = [
        ("python -S -c pass (no site-packages, no .pth)", ["-S", "-c", "pass"], None, None),
        ("python -c pass", ["-c", "pass"], None, None),
        ("python -c 'import attrs, packaging.specifiers, tomllib'",
         ["-c", "import attrs, packaging.specifiers, tomllib"], None, None),
        ("python -c 'import bomgar_paths.cli'", ["-c", "import bomgar_paths.cli"], None, cached),
        ("python -m bomgar_paths catalog", ["-m", "bomgar_paths", "catalog"], TARGET_CLI_MS,
         cached),
        ("python -m bomgar_paths plan --from " + BUNDLED_STARTS[0], plan, TARGET_CLI_MS, cached),
    ]
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        commands += [
            ("  catalog, PYTHONDONTWRITEBYTECODE as set here (no .pyc)",
             ["-m", "bomgar_paths", "catalog"], TARGET_CLI_MS, None),
            ("  plan, PYTHONDONTWRITEBYTECODE as set here (no .pyc)", plan, TARGET_CLI_MS, None),
        ]
    try:
        for name, args, target, env in commands:
            def once(args: list[str] = args, env: dict[str, str] | None = env) -> None:
                subprocess.run([python, *args], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, check=True)
            table.timed(name, timings(once, runs), target)  # the warm-up run fills the cache
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def bench_bundled_plans(table: Table, runs: int) -> None:
    table.section(f"bundled catalog: plan to latest in-process ({runs} runs each)")
    catalog = load_bundled()
    for text in BUNDLED_STARTS:
        start = State.parse(text)
        result = ours(catalog, start)
        def once(start: State = start) -> planner.Plan:
            return ours(catalog, start)

        times = timings(once, runs, warmup=3)
        table.timed(f"plan from {text}", times, TARGET_BUNDLED_PLAN_MS)
        states = reachable_states(catalog, start)
        table.note(f"{len(result.steps)} installs to {result.target}"
                   + (f"; {states} reachable states" if states is not None else ""))


def phases(catalog: Catalog, start: State, runs: int) -> str | None:
    """Where one plan() spends its time (best of ``runs``), through planner internals."""
    try:
        from bomgar_paths._graph import Graph

        best = {"compile": 1e9, "search": 1e9, "target": 1e9, "path": 1e9}
        for _ in range(runs):
            t0 = time.perf_counter()
            graph = Graph(catalog.family_order(), catalog.packages, start)
            t1 = time.perf_counter()
            graph.explore()
            t2 = time.perf_counter()
            node = planner.choose_target(graph, catalog, start, Goal())
            t3 = time.perf_counter()
            assert node is not None
            planner.plan_to(graph, catalog, start, node)
            t4 = time.perf_counter()
            for key, value in zip(best, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
                best[key] = min(best[key], value)
    except Exception as error:  # private API: may change under us
        return f"phases unavailable ({type(error).__name__}: {error})"
    compile_, search, target, path = (ms(v) for v in best.values())
    return (f"where plan() spends it (best of {runs}): compile graph {compile_} ms,"
            f" search {search} ms, choose target {target} ms, path and steps {path} ms")


def bench_synthetic(table: Table, name: str, runs: int, baselines: Sequence[str]) -> None:
    generator, n, target_ms = SYNTHETIC[name]
    t0 = time.perf_counter()
    catalog = generator(n)
    built = time.perf_counter() - t0
    start = synthetic_start()
    table.section(f"synthetic {name}: {catalog.source}, 2 families x {n} releases")
    result = ours(catalog, start)
    summary = plan_summary(result)
    states = reachable_states(catalog, start)
    table.note(f"catalog built in {ms(built)} ms; reachable states {states}; "
               f"plan: {summary['steps']} installs, {summary['cost'][0]} h soak, "
               f"{summary['cost'][2]} min; target {result.target}")
    times = timings(lambda: ours(catalog, start), runs, warmup=0)
    med = times.median
    table.timed(f"ours: plan() ({runs} runs)", times, target_ms)
    split = phases(catalog, start, max(1, min(runs, 5)))
    if split:
        table.note(split)
    peak = traced_peak(lambda: ours(catalog, start))
    table.row("ours: tracemalloc peak of one plan()", mib(peak))
    mem = run_child(name, "ours")
    table.row("ours: peak RSS growth of one plan() (child process)",
              mib(mem["rss_growth_kb"] * 1024))
    if not baselines:
        table.note("baseline skipped (--quick or --no-baseline)")
        return
    try:
        import networkx  # noqa: F401
    except ImportError:
        table.note("baseline skipped: networkx is not installed (pip install networkx)")
        return
    for which in baselines:
        label = "baseline" if which == "baseline" else "baseline, memoised contains"
        base = run_child(name, which)
        total = base["expand_s"] + base["dijkstra_s"]
        table.row(f"{label}: expand graph", ms(base["expand_s"]) + " ms")
        table.row(f"{label}: networkx single_source_dijkstra", ms(base["dijkstra_s"]) + " ms")
        table.row(f"{label}: total (1 run, child process)", ms(total) + " ms")
        table.row(f"{label}: peak RSS growth", mib(base["rss_growth_kb"] * 1024))
        table.note(f"graph: {base['states']} states, {base['edges']} edges; "
                   f"plan {base['steps']} installs, cost {base['cost']}")
        ratio = total / med
        is_target = name == "zigzag500" and which == "baseline"
        table.row(f"ratio {label} / ours", f"{ratio:.1f}x", "",
                  f">= {TARGET_RATIO:.0f}x" if is_target else "",
                  verdict(ratio, TARGET_RATIO, at_least=True) if is_target else "")
        if which == "baseline":
            table.row("ratio networkx Dijkstra alone / ours", f"{base['dijkstra_s'] / med:.2f}x")
        agree = base["cost"] == summary["cost"] and base["target"] == summary["target"]
        table.row(f"costs agree with {label} (soak h, installs, min; target)",
                  "yes" if agree else "no", "", "yes", "ok" if agree else "NO")
        if states is not None and states != base["states"]:
            table.note(f"reachable states differ: ours {states}, baseline {base['states']}")
        if not agree:
            table.note(f"ours {summary}; baseline cost {base['cost']} target {base['target']}")


def wide_catalog(families: int, n: int) -> Catalog:
    """``families`` families of ``n`` releases, each release needing the one before it.

    The first family (24 h soak) needs the last one installed; nothing else ties
    them, so every combination of versions is reachable: (n+1)^families states.
    The question of issue 8: 6 x 10 once took 26 s, 50 x 40 reached 7 GB.
    """
    specs = [Family(f"f{k}", f"F{k} {{version}}", soak_hours=24 if k == 0 else 0,
                    install_minutes=30, priority=k + 1) for k in range(families)]
    packages = [
        _package(f, i, {} if i == 1 else {f.name: f">={_v(i - 1)}"} if k
                 else {f"f{families - 1}": f">={_v(1)}"})
        for k, f in enumerate(specs) for i in range(1, n + 1)
    ]
    return Catalog.from_entries(specs, packages, source=f"synthetic wide {families}x{n}")


def bench_bounds(table: Table, runs: int) -> None:
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
    for families, n in ((6, 10), (50, 40)):
        catalog = wide_catalog(families, n)
        wide_start = State({f: _v(1) for f in catalog.families})

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
                  mib(run_child(f"wide{families}x{n}", "ours")["rss_growth_kb"] * 1024))


# --------------------------------------------------------------------------


def _revision() -> str:
    """The library's git revision, marked dirty when bomgar_paths/ has local changes."""
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
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "n/a"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="smoke mode: few runs; the plain baseline on zigzag500 only")
    parser.add_argument("--no-baseline", action="store_true", help="skip the networkx baseline")
    parser.add_argument("--only", choices=["load", "cli", "bundled", "synthetic", "bounds"],
                        action="append", help="run only these sections (repeatable)")
    parser.add_argument("--child", nargs=2, metavar=("CASE", "WHICH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0

    quick = args.quick
    sections = set(args.only or ["load", "cli", "bundled", "synthetic", "bounds"])
    try:
        import networkx

        nx_version = networkx.__version__
    except ImportError:
        nx_version = "not installed"
    import packaging

    table = Table()
    header = (f"bomgar_paths benchmarks ({'quick' if quick else 'full'} mode): "
              f"Python {platform.python_version()}, packaging {packaging.__version__}, "
              f"networkx {nx_version}, {os.cpu_count()} CPUs, {platform.machine()}; "
              f"library at {_revision()}")
    load_before = _loadavg()
    t0 = time.perf_counter()
    if "load" in sections:
        bench_load(table, 10 if quick else 50)
    if "cli" in sections:
        bench_cli(table, 3 if quick else 15)
    if "bundled" in sections:
        bench_bundled_plans(table, 30 if quick else 300)
    if "synthetic" in sections:
        both = () if args.no_baseline else ("baseline", "baseline-memo")
        bench_synthetic(table, "zigzag500", 3 if quick else 11, both[:1] if quick else both)
        bench_synthetic(table, "dense300", 1 if quick else 5, () if quick else both)
    if "bounds" in sections:
        bench_bounds(table, 1 if quick else 5)
    print(header)
    print("'median' and 'best' are wall-clock times over the runs shown; 'cpu median' is the CPU")
    print("time of the same runs (process plus children), which other load on the machine")
    print("inflates less. Figures only: nothing asserts a time; 'ok'/'OVER' compare the median")
    print("wall time with the issue's target.")
    print(f"Load average (1 min) before the run: {load_before}, after: {_loadavg()}. The run"
          " itself adds about 1;\nmore than that means other work was competing for the 2 CPUs:"
          " then read 'best' and 'cpu median'.\n")
    table.print()
    print(f"\n(total benchmark time {time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
