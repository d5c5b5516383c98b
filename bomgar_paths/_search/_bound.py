"""A lower bound on the cost from a state to a known target (private to ``_search``).

When the target's versions are known (resolvelib's configuration, DESIGN §3),
the search need not settle every reachable state: A* with a *consistent*
lower bound settles states in order of cost so far plus bound, and every state
on a cheapest way to the target, with every cheapest predecessor of those,
costs no more than the target (the plan's tie rule reads exactly those).

The bound is made of pair relaxations. Family 0 (the most important, the
*anchor*) and one other family ``k``, everything else forgotten: a state of the
pair is (anchor index, ``k`` index), a move is a package of either family
available as far as those two families say (their masks, and the works_with
between them). For each other family ``k``, ``own[k][i][j]`` is the least cost
of ``k``'s installs from (i, j) to the target in that pair, anchor moves free;
for the anchor, ``anchor[k][i][j]`` the least cost of its own installs, ``k``'s
moves free. A real plan projects onto each pair as a way of that pair, so each
is a lower bound on those installs, and installs of different families add up:
the bound is the largest anchor figure plus the sum of the others. Each is an
exact distance in a graph that has every real move of its pair, so it drops by
no more than a move costs (consistent); costs add componentwise, and the
lexicographic order of (soak, installs, minutes) survives addition, so A* on
these sums is exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ._graph import ZERO, Cost, _bits

if TYPE_CHECKING:
    from ._graph import Graph, Node

#: Pair tables larger than this are not built (a line of thousands of releases):
#: the plain search answers those.
MAX_CELLS = 200_000

INFINITE = None


def _add(a: Cost, b: Cost) -> Cost:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


class Bound:
    """The lower bound to the target ``goal`` (an index per family; None: any)."""

    def __init__(self, graph: Graph, goal: Sequence[int | None]) -> None:
        self.graph = graph
        self.goal = tuple(goal)
        families = len(graph.families)
        self.anchor_tables: list[list[list[Cost | None]]] = []
        self.own_tables: list[tuple[int, list[list[Cost | None]]]] = []
        for k in range(1, families):
            anchor, own = self._pair(k)
            self.anchor_tables.append(anchor)
            if goal[k] is not None:
                self.own_tables.append((k, own))
        if families == 1:
            self.anchor_tables.append(self._single())

    @staticmethod
    def fits(graph: Graph) -> bool:
        """Are the pair tables small enough to build?"""
        first = len(graph.versions[0]) + 1
        return all(first * (len(vs) + 1) <= MAX_CELLS for vs in graph.versions[1:])

    def _moves(self, k: int, i: int, j: int) -> int:
        """The packages of the anchor and ``k`` available at (i, j), as the two say."""
        graph = self.graph
        available = graph.masks[0][i] & graph.masks[k][j] & (
            graph.family_mask[0] | graph.family_mask[k])
        for g, held, stop in graph.guards[0].get(i, ()):
            if g == k and held >> j & 1:
                available &= ~stop
        for g, held, stop in graph.guards[k].get(j, ()):
            if g == 0 and held >> i & 1:
                available &= ~stop
        return available

    def _pair(self, k: int) -> tuple[list[list[Cost | None]], list[list[Cost | None]]]:
        """(anchor's installs, k's installs) from each cell to the goal of the pair."""
        graph = self.graph
        rows, columns = len(graph.versions[0]) + 1, len(graph.versions[k]) + 1
        goal_i, goal_j = self.goal[0], self.goal[k]
        anchor: list[list[Cost | None]] = [[None] * columns for _ in range(rows)]
        own: list[list[Cost | None]] = [[None] * columns for _ in range(rows)]
        # Moves only raise an index: cells in decreasing order see their successors first.
        for i in range(rows - 1, -1, -1):
            for j in range(columns - 1, -1, -1):
                if (goal_i is None or i == goal_i) and (goal_j is None or j == goal_j):
                    anchor[i][j] = own[i][j] = ZERO
                    continue
                if (goal_i is not None and i > goal_i) or (goal_j is not None and j > goal_j):
                    continue  # past the goal: versions never go down
                best_anchor: Cost | None = None
                best_own: Cost | None = None
                for bit in _bits(self._moves(k, i, j)):
                    family, index = graph.bit_target[bit]
                    to = (index, j) if family == 0 else (i, index)
                    rest_anchor, rest_own = anchor[to[0]][to[1]], own[to[0]][to[1]]
                    if rest_anchor is None or rest_own is None:
                        continue
                    step = graph.cost[bit]
                    a = _add(step, rest_anchor) if family == 0 else rest_anchor
                    o = _add(step, rest_own) if family == k else rest_own
                    if best_anchor is None or a < best_anchor:
                        best_anchor = a
                    if best_own is None or o < best_own:
                        best_own = o
                anchor[i][j], own[i][j] = best_anchor, best_own
        return anchor, own

    def _single(self) -> list[list[Cost | None]]:
        """The anchor alone (a catalog of one family searched): its own chain."""
        graph, goal = self.graph, self.goal[0]
        rows = len(graph.versions[0]) + 1
        table: list[Cost | None] = [None] * rows
        for i in range(rows - 1, -1, -1):
            if goal is None or i == goal:
                table[i] = ZERO
                continue
            if i > goal:
                continue
            best: Cost | None = None
            for bit in _bits(graph.masks[0][i] & graph.family_mask[0]):
                rest = table[graph.bit_target[bit][1]]
                if rest is not None:
                    total = _add(graph.cost[bit], rest)
                    best = total if best is None or total < best else best
            table[i] = best
        return [[cost] for cost in table]

    def __call__(self, node: Node) -> Cost | None:
        """The bound from ``node`` (None: the target cannot be reached from it)."""
        i = node[0]
        best: Cost | None = None
        for k, table in enumerate(self.anchor_tables, 1):
            cost = table[i][node[k] if len(node) > 1 else 0]
            if cost is None:
                return None
            if best is None or cost > best:
                best = cost
        total = best if best is not None else ZERO
        for k, table in self.own_tables:
            cost = table[i][node[k]]
            if cost is None:
                return None
            total = _add(total, cost)
        return total
