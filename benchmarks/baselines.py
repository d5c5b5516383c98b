"""The baseline a user would write instead of our planner.

Expand the reachable state graph in Python, the plain way (every package tested
against every state with ``SpecifierSet.contains(..., prereleases=True)``), then
hand it to a graph library's Dijkstra: networkx (pure Python) or rustworkx (Rust).
Both libraries want one number per edge, so the lexicographic cost (soak hours,
installs, install minutes) of DESIGN §2.3 is encoded as one exact integer; see
``ExactWeight``. networkx and rustworkx are benchmark-only tools, imported on use.
"""

# ruff: noqa: PLC0415  (networkx and rustworkx are optional: imported where used)

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from packaging.version import Version

from bomgar_paths.catalog import Catalog
from bomgar_paths.model import Package, State

Node = tuple[Version | None, ...]

FLOAT_EXACT = 2**53  # every integer below this is a double, and so is every sum below it


def exact(value: float) -> Fraction:
    """A catalog number as the planner sums it: 0.1 is 1/10, not the nearest double."""
    return Fraction(value) if isinstance(value, int) else Fraction(str(value))


class ExactWeight:
    """(soak, installs, minutes) as one integer whose order is exactly the tuple's.

    Hours and minutes are scaled to integers by the least common multiple of
    their denominators in the catalog. A path installs each package at most
    once (every step raises its family's version), so no path has more than
    ``max_installs`` = the number of packages, nor more than ``max_minutes`` =
    the sum of every package's minute units. With ``per_install`` above every
    possible minute total and ``per_soak`` above every possible (installs,
    minutes) part, the digits cannot carry into each other: comparing the
    integers compares the tuples, for every path of the graph.
    """

    def __init__(self, packages: Sequence[Package]) -> None:
        soaks = [exact(p.soak_hours) for p in packages]
        minutes = [exact(p.install_minutes) for p in packages]
        self.soak_unit = math.lcm(1, *(f.denominator for f in soaks))
        self.minute_unit = math.lcm(1, *(f.denominator for f in minutes))
        self.max_installs = len(packages)
        self.max_minutes = sum(int(m * self.minute_unit) for m in minutes)
        self.max_soak = sum(int(s * self.soak_unit) for s in soaks)
        self.per_install = self.max_minutes + 1
        self.per_soak = (self.max_installs + 1) * self.per_install
        assert self.max_installs * self.per_install + self.max_minutes < self.per_soak
        self.largest = self.max_soak * self.per_soak + self.per_soak - 1
        self.of = {
            p: int(s * self.soak_unit) * self.per_soak + self.per_install
            + int(m * self.minute_unit)
            for p, s, m in zip(packages, soaks, minutes, strict=True)
        }

    @property
    def float_exact(self) -> bool:
        """Whether every path cost is an integer a double holds exactly (rustworkx)."""
        return self.largest < FLOAT_EXACT

    def decode(self, weight: float) -> list[int | float]:
        """The (soak hours, installs, minutes) a total weight stands for."""
        soak, rest = divmod(int(weight), self.per_soak)
        installs, minutes = divmod(rest, self.per_install)
        return [_number(Fraction(soak, self.soak_unit)), installs,
                _number(Fraction(minutes, self.minute_unit))]

    def describe(self) -> str:
        return (f"weight = soak·{self.soak_unit}·{self.per_soak:,} + installs·{self.per_install:,}"
                f" + minutes·{self.minute_unit}: at most {self.max_installs:,} installs and"
                f" {self.max_minutes:,} minute units on any path, so the terms cannot overlap;"
                f" largest path weight {self.largest:.3g}"
                f" ({'<' if self.float_exact else '>='} 2^53, "
                f"{'exact' if self.float_exact else 'NOT exact'} as a double)")


def _number(value: Fraction) -> int | float:
    return int(value) if value.denominator == 1 else float(value)


class Expansion:
    """The reachable state graph as an edge list, built the plain way.

    For every state, every package is tested: offered (not withdrawn, newer
    than the installed version of its family) and available (each requirement
    met, tested with ``SpecifierSet.contains(..., prereleases=True)``).
    Nodes are tuples of installed versions in family order (None: not installed).
    """

    def __init__(self, catalog: Catalog, start: State) -> None:
        t0 = time.perf_counter()
        self.families = catalog.family_order()
        position = {name: k for k, name in enumerate(self.families)}
        packages = [p for p in catalog.packages if p.withdrawn is None]
        self.weight = ExactWeight(packages)
        weight = self.weight.of
        self.origin: Node = tuple(start.get(name) for name in self.families)
        self.named = [k for k, name in enumerate(self.families) if start.get(name) is not None]
        self.nodes: list[Node] = [self.origin]
        self.index = {self.origin: 0}
        self.edges: list[tuple[int, int, int]] = []
        todo = [self.origin]
        while todo:
            node = todo.pop()
            source = self.index[node]
            for package in packages:
                k = position[package.family]
                installed = node[k]
                if installed is not None and not package.version > installed:
                    continue
                if not all(
                    (v := node[position[r.family]]) is not None
                    and r.specifier.contains(v, prereleases=True)
                    for r in package.requires
                ):
                    continue
                after = node[:k] + (package.version,) + node[k + 1 :]
                target = self.index.get(after)
                if target is None:
                    target = self.index[after] = len(self.nodes)
                    self.nodes.append(after)
                    todo.append(after)
                self.edges.append((source, target, weight[package]))
        self.seconds = time.perf_counter() - t0

    def answer(self, dist: dict[int, float], path: Sequence[int]) -> dict[str, Any]:
        """Target (DESIGN §2.3, goal latest: the best-ranked reachable state, then the
        cheapest) and its cost, from the distances of every node and the path to it."""
        target = self.target(dist)
        assert path[-1] == target
        node = self.nodes[target]
        return {
            "states": len(self.nodes),
            "edges": len(self.edges),
            "cost": self.weight.decode(dist[target]),
            "steps": len(path) - 1,
            "target": {name: str(v) for name, v in zip(self.families, node, strict=True)
                       if v is not None},
        }

    def target(self, dist: dict[int, float]) -> int:
        def rank(i: int) -> tuple[tuple[int, Any], ...]:
            node = self.nodes[i]
            return tuple((0, 0) if node[k] is None else (1, node[k]) for k in self.named)

        best = max(rank(i) for i in dist)
        return min((i for i in dist if rank(i) == best), key=lambda i: dist[i])


def networkx_dijkstra(expansion: Expansion) -> dict[str, Any]:
    """Build a networkx DiGraph from the expansion, then ``single_source_dijkstra``
    (integer weights: Python ints, exact at any size)."""
    import networkx as nx

    t0 = time.perf_counter()
    graph = nx.DiGraph()
    graph.add_nodes_from(range(len(expansion.nodes)))
    graph.add_weighted_edges_from(expansion.edges)
    dist, paths = nx.single_source_dijkstra(graph, 0, weight="weight")
    seconds = time.perf_counter() - t0
    result = expansion.answer(dist, paths[expansion.target(dist)])
    result["seconds"] = seconds
    return result


def rustworkx_dijkstra(expansion: Expansion) -> dict[str, Any]:
    """Build a rustworkx PyDiGraph from the expansion, then its Dijkstra (lengths of
    every node, then the path to the target). rustworkx sums doubles: exact only
    while ``ExactWeight.float_exact``; the caller checks it."""
    import rustworkx as rx

    t0 = time.perf_counter()
    graph = rx.PyDiGraph()
    graph.add_nodes_from(range(len(expansion.nodes)))
    graph.add_edges_from([(u, v, float(w)) for u, v, w in expansion.edges])
    lengths = rx.digraph_dijkstra_shortest_path_lengths(graph, 0, edge_cost_fn=float)
    dist: dict[int, float] = {0: 0.0, **dict(lengths.items())}
    target = expansion.target(dist)
    path = [0] if target == 0 else list(
        rx.digraph_dijkstra_shortest_paths(graph, 0, target=target, weight_fn=float)[target])
    seconds = time.perf_counter() - t0
    result = expansion.answer(dist, path)
    result["seconds"] = seconds
    return result
