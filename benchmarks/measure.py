"""Timing in turns, and the table the benchmarks print and write into the docs.

Runs that are compared are interleaved (A B C A B C ...), so that other work on a
shared machine slows each of them alike; the figures are medians of one run of
the script, and every ratio is taken between figures of that same run.
"""

from __future__ import annotations

import gc
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Mapping


class Runs(list[float]):
    """Wall-clock seconds of each run, with the CPU seconds of each beside them."""

    def __init__(self) -> None:
        super().__init__()
        self.cpu: list[float] = []

    @property
    def median(self) -> float:
        return statistics.median(self)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)


def _cpu() -> float:
    """CPU seconds of this process plus the children it waited for."""
    k = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + k.ru_utime + k.ru_stime


def interleaved(fns: Mapping[str, Callable[[], object]], rounds: int,
                warmup: int = 1) -> dict[str, Runs]:
    """Each function once per round, in the order given, for ``rounds`` rounds."""
    for _ in range(warmup):
        for fn in fns.values():
            fn()
    gc.collect()
    result = {name: Runs() for name in fns}
    for _ in range(rounds):
        for name, fn in fns.items():
            c0, t0 = _cpu(), time.perf_counter()
            fn()
            result[name].append(time.perf_counter() - t0)
            result[name].cpu.append(_cpu() - c0)
    return result


def timings(fn: Callable[[], object], runs: int, warmup: int = 1) -> Runs:
    return interleaved({"": fn}, runs, warmup)[""]


def paired(a: Runs, b: Runs) -> float:
    """Median over rounds of (a - b): what a adds to b, measured side by side."""
    return statistics.median(x - y for x, y in zip(a, b, strict=True))


def traced_peak(fn: Callable[[], object]) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def ms(seconds: float) -> str:
    value = seconds * 1000
    return f"{value:.3f}" if abs(value) < 1 else f"{value:.2f}" if abs(value) < 100 \
        else f"{value:.0f}"


def mib(n_bytes: float) -> str:
    return f"{n_bytes / 2**20:.1f} MiB"


class Table:
    """Rows grouped in sections, printed as text and written as Markdown."""

    HEAD = ("figure", "median", "best", "cpu median", "target", "")

    def __init__(self) -> None:
        self.rows: list[tuple[str, ...]] = []
        self.summary: list[tuple[str, str, str]] = []  # (target, measured, verdict)

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
                 verdict(med * 1000 <= target_ms) if target_ms is not None else "",
                 ms(runs.cpu_median) + " ms")

    def note(self, text: str) -> None:
        self.rows.append(("-", text))

    def goal(self, target: str, measured: str, met: bool | None) -> None:
        """A line of the summary against the issues' targets."""
        self.summary.append((target, measured, "n/a" if met is None else verdict(met)))

    def text(self) -> str:
        rows = [r for r in self.rows if len(r) == len(self.HEAD)]
        widths = [max(len(r[i]) for r in [self.HEAD, *rows]) for i in range(len(self.HEAD))]
        line = "  ".join(f"{{:{'<' if i == 0 else '>'}{w}}}" for i, w in enumerate(widths))
        out = [line.format(*self.HEAD).rstrip(), "  ".join("-" * w for w in widths)]
        for r in self.rows:
            if r[0] == "#":
                out.append(f"\n[{r[1]}]")
            elif r[0] == "-":
                out.append(f"    {r[1]}")
            else:
                out.append(line.format(*r).rstrip())
        if self.summary:
            out.append("\n[summary against the targets]")
            width = max(len(t) for t, _, _ in self.summary)
            out += [f"{t:<{width}}  {m}  {v}" for t, m, v in self.summary]
        return "\n".join(out)

    def markdown(self) -> str:
        """Each section as a Markdown table, its notes as a list below it."""
        out: list[str] = []
        if self.summary:
            out += ["| target | measured | verdict |", "| --- | --- | --- |"]
            out += [f"| {t} | {m} | {v} |" for t, m, v in self.summary]
        sections: list[tuple[str, list[tuple[str, ...]], list[str]]] = []
        for r in self.rows:
            if r[0] == "#":
                sections.append((r[1], [], []))
            elif r[0] == "-":
                sections[-1][2].append(r[1])
            else:
                sections[-1][1].append(r)
        for title, rows, notes in sections:
            out += ["", f"**{title}**", ""]
            if rows:
                out += ["| figure | median | best | cpu median | target | |",
                        "| --- | ---: | ---: | ---: | --- | --- |"]
                out += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows]
                out.append("")
            out += [f"- {n}" for n in notes]
        return "\n".join(out).strip() + "\n"


def verdict(met: bool) -> str:
    return "ok" if met else "OVER"
