"""A lower bound on the cost from a state to a known target (private to ``_search``).

When the target's versions are known (resolvelib's configuration, DESIGN §3),
the search need not settle every reachable state: A* with a *consistent*
lower bound settles states in order of cost so far plus bound, and every state
on a cheapest way to the target, with every cheapest predecessor of those,
costs no more than the target (the plan's tie rule reads exactly those).

Two bounds. ``SplitBound`` (below) serves catalogs whose external families interact
only with the appliance's families: one relaxation per external family, tabled
towards the goal and from the start (the way back, ``Graph.way_towards``, asks the
second). ``Bound``, for the others, is made of pair relaxations. Family 0 (the most
important, the *anchor*) and one other family ``k``, everything else forgotten: a
state of the pair is (anchor index, ``k`` index), a move is a package of either
family available as far as those two families say (their masks, and the works_with
between them). For each other family ``k``, ``own[k][i][j]`` is the least cost of
``k``'s installs from (i, j) to the target in that pair, anchor moves free; for the
anchor, ``anchor[k][i][j]`` the least cost of its own installs, ``k``'s moves free.
A real plan projects onto each pair as a way of that pair, so each is a lower bound
on those installs, and installs of different families add up: the bound is the
largest anchor figure plus the sum of the others. Each is an exact distance in a
graph that has every real move of its pair, so it drops by no more than a move costs
(consistent); costs add componentwise, and the lexicographic order of (soak,
installs, minutes) survives addition, so A* on these sums is exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ._graph import ZERO, Cost, _bits

if TYPE_CHECKING:
    from fractions import Fraction

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


def _lexmin(a: Cost | None, b: Cost | None) -> Cost | None:
    if a is None:
        return b
    if b is None:
        return a
    return a if a <= b else b


Cell = tuple[int, ...]
Figures = dict[Cell, tuple[Cost, Cost]]  # (aware, free), for cells that have a way


class Relaxation:
    """The search forgetting every family but ``kept``: what a real plan projects onto.

    A cell is the tuple of the kept families' indices; a move is a package of a kept
    family available as far as the kept families say (their masks, and the
    works_with among them), so every real step projects onto a move or onto no
    move. Over the cells the start's projection reaches (and not past the goal's,
    versions never go down), two least costs counting only the installs and
    minutes of ``counted`` (one family, or the kept ones): ``aware`` orders ways by
    (soak of every move, then the counted installs and minutes), ``free`` by the
    counted installs and minutes alone, whatever the soak (its soak is 0). Each is
    tabled twice: to the goal's projection (``to_goal``) and from the start's
    (``from_start``).
    """

    def __init__(self, graph: Graph, kept: Sequence[int], counted: Sequence[int],
                 goal: Sequence[int | None], max_cells: int) -> None:
        self.kept = tuple(kept)
        self._least: dict[tuple[int, ...], Figures] = {}  # by the kept positions known
        out = self._moves(graph, goal, max_cells)
        counted_mask = 0
        for k in counted:
            counted_mask |= graph.family_mask[k]
        steps: dict[int, tuple[Cost, Cost]] = {}  # bit: (aware step, free step)
        for moves in out.values():
            for bit, _ in moves:
                if bit not in steps:
                    soak, installs, minutes = graph.cost[bit]
                    steps[bit] = (((soak, installs, minutes), (0, installs, minutes))
                                  if (1 << bit) & counted_mask else ((soak, 0, 0), ZERO))
        goal_cell = tuple(goal[k] for k in self.kept)
        order = sorted(out)
        # Moves raise an index: in decreasing order a cell's successors come first.
        self.to_goal: Figures = {}
        for cell in reversed(order):
            if all(want is None or i == want for i, want in zip(cell, goal_cell, strict=True)):
                self.to_goal[cell] = (ZERO, ZERO)
                continue
            best_aware: Cost | None = None
            best_free: Cost | None = None
            for bit, to in out[cell]:
                rest = self.to_goal.get(to)
                if rest is not None:
                    aware, free = steps[bit]
                    best_aware = _lexmin(best_aware, _add(aware, rest[0]))
                    best_free = _lexmin(best_free, _add(free, rest[1]))
            if best_aware is not None and best_free is not None:
                self.to_goal[cell] = (best_aware, best_free)
        # And in increasing order, a cell's predecessors come first.
        self.from_start: Figures = {order[0]: (ZERO, ZERO)} if order else {}
        for cell in order:
            here = self.from_start.get(cell)
            if here is None:
                continue
            for bit, to in out[cell]:
                aware, free = steps[bit]
                there = self.from_start.get(to)
                new = (_add(here[0], aware), _add(here[1], free))
                if there is None:
                    self.from_start[to] = new
                else:
                    self.from_start[to] = (min(there[0], new[0]), min(there[1], new[1]))

    def least(self, node: Sequence[int | None]) -> tuple[Cost, Cost] | None:
        """``from_start`` of the node's cell; where the node leaves kept families free
        (None), the least figures over the cells that agree with it. Both least
        figures of a cell bound every way to it, so their least over cells bounds
        every way to any of them (each taken apart: ``aware`` and ``free``)."""
        known = tuple(n for n, k in enumerate(self.kept) if node[k] is not None)
        cell = tuple(node[self.kept[n]] for n in known)
        if len(known) == len(self.kept):
            return self.from_start.get(cell)  # type: ignore[arg-type]
        table = self._least.get(known)
        if table is None:
            table = self._least[known] = {}
            for full, (aware, free) in self.from_start.items():
                key = tuple(full[n] for n in known)
                there = table.get(key)
                table[key] = (aware, free) if there is None else (min(there[0], aware),
                                                                 min(there[1], free))
        return table.get(cell)  # type: ignore[arg-type]

    def _moves(self, graph: Graph, goal: Sequence[int | None], max_cells: int,
               ) -> dict[Cell, list[tuple[int, Cell]]]:
        """The moves out of every cell the start's projection reaches."""
        position = {k: n for n, k in enumerate(self.kept)}
        families_mask = 0
        for k in self.kept:
            families_mask |= graph.family_mask[k]
        guards = [(position[k], {i: tuple((position[g], held, stop) for g, held, stop in found
                                         if g in position)
                                 for i, found in graph.guards[k].items()})
                  for k in self.kept]
        fixed = [(position[g], held, stop) for g, held, stop in graph.fixed_guards
                 if g in position]
        masks = [graph.masks[k] for k in self.kept]
        bit_target = graph.bit_target
        goal_cell = [goal[k] for k in self.kept]
        start = tuple(graph.start[k] for k in self.kept)
        out: dict[Cell, list[tuple[int, Cell]]] = {}
        todo = [start]
        while todo:
            cell = todo.pop()
            if cell in out:
                continue
            if len(out) >= max_cells:
                raise OverflowError  # too large to table: the caller falls back
            found: list[tuple[int, Cell]] = []
            out[cell] = found
            if any(want is not None and i > want for i, want in zip(cell, goal_cell,
                                                                     strict=True)):
                continue  # past the goal: versions never go down
            available = families_mask
            for n, i in enumerate(cell):
                available &= masks[n][i]
            if available:
                for g, held, stop in fixed:
                    if held >> cell[g] & 1:
                        available &= ~stop
                for n, by_index in guards:
                    for g, held, stop in by_index.get(cell[n], ()):
                        if held >> cell[g] & 1:
                            available &= ~stop
            for bit in _bits(available):
                k, j = bit_target[bit]
                n = position[k]
                to = cell[:n] + (j,) + cell[n + 1:]
                found.append((bit, to))
                if to not in out:
                    todo.append(to)
        return out


class SplitBound:
    """Lower bounds for catalogs whose *satellites* (external families) interact only
    with the *core* (the other families searched), never with each other.

    A real plan costs its core installs plus each satellite's. One relaxation keeps
    the core alone (its installs counted), and one per satellite keeps the core and
    that satellite (the satellite's installs counted, the core's moves costing their
    soak alone). Soak comes first in the cost: ``sigma``, the greatest least soak of
    the relaxations, is a lower bound on the soak of a way. A way whose soak is
    ``sigma`` projects, onto a relaxation whose least soak is ``sigma``, on one of
    that relaxation's least-soak ways, so its counted installs are at least the
    relaxation's ``aware`` figure; onto the others, at least the ``free`` figure.
    The bound is ``sigma`` with the sum of those parts. It is consistent: along a
    step, ``sigma`` drops by at most the step's soak; where it drops by exactly that,
    every relaxation whose least soak was ``sigma`` still has it on the other side,
    and each part changes by at most the step's own installs and minutes (``free``
    never exceeds ``aware``); lexicographic order survives these sums.

    ``to_goal(node)`` bounds the cost from the node to the goal (A* towards the
    target), ``from_start(node)`` the cost from the start to the node (the way back).
    """

    def __init__(self, graph: Graph, goal: Sequence[int | None], satellites: Sequence[int],
                 max_cells: int = MAX_CELLS) -> None:
        core = [k for k in range(len(graph.families)) if k not in satellites]
        self.parts = [Relaxation(graph, core, core, goal, max_cells)]
        self.parts += [Relaxation(graph, (*core, s), (s,), goal, max_cells)
                       for s in satellites]

    @staticmethod
    def applies(graph: Graph, satellites: Sequence[int]) -> bool:
        """Are there satellites, a core, and do the satellites leave each other alone
        (no requires, no works_with between two of them)?"""
        chosen = set(satellites)
        if not chosen or len(chosen) == len(graph.families):
            return False
        for t in chosen:
            others = 0
            for s in chosen - {t}:
                others |= graph.family_mask[s]
            if any(mask & others != others for mask in graph.masks[t]):
                return False  # a version of t stops a package of another satellite
            if any(g in chosen and g != t for found in graph.guards[t].values()
                   for g, _, _ in found):
                return False
        return True

    def to_goal(self, node: Node) -> Cost | None:
        """A lower bound on the cost from ``node`` to the goal (None: no way)."""
        return self._combined([part.to_goal.get(tuple(node[k] for k in part.kept))
                               for part in self.parts])

    def from_start(self, node: Sequence[int | None]) -> Cost | None:
        """A lower bound on the cost from the start to ``node``, or to every state that
        agrees with it where it is not None (None: no way to any)."""
        return self._combined([part.least(node) for part in self.parts])

    @staticmethod
    def _combined(figures: Sequence[tuple[Cost, Cost] | None]) -> Cost | None:
        sigma: int | Fraction = 0
        present = []
        for found in figures:
            if found is None:
                return None  # no way in this relaxation: none in the real search
            present.append(found)
            sigma = max(sigma, found[0][0])
        installs: int = 0
        minutes: int | Fraction = 0
        for aware, free in present:
            chosen = aware if aware[0] == sigma else free
            installs += chosen[1]
            minutes += chosen[2]
        return (sigma, installs, minutes)
