"""Every cheapest way to one reached state, by the packages it installs (private).

The search (``_graph``) keeps one cheapest predecessor per state, the one the
tie rule picks. A fleet's staging sets ask more: which *other* packages an
appliance could install at the same cost, so that appliances of one site can
share a download. This module reads the settled search (costs and what is
available where) and rebuilds the graph of tight edges, those on some
cheapest path: an edge ``u -b-> v`` is tight when ``dist[u] + cost[b] ==
dist[v]``. Every cheapest path to the end follows tight edges only, and every
path of tight edges from the start is a cheapest one.

Plans that differ only in the order of the same packages stage the same
downloads, so the answer is a list of package sets (bit masks), each with one
witness path: the first found walking back from the end through the greatest
predecessor, as the tie rule of ``Search.path`` walks. At most ``limit`` sets
are kept per state (the work is bounded: a state's sets are the union of its
predecessors' sets, one package more each), smallest masks first so that the
choice is the same on every run.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._graph import Graph, Node

__all__ = ["minimal_sets"]

# A package set, with how it was reached: (the predecessor, the package bit, the
# predecessor's set), or None at the start.
_Witness = tuple["Node", int, int] | None


def _bits(mask: int) -> Iterator[int]:
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


def _tight_predecessors(graph: Graph, end: Node) -> dict[Node, list[tuple[Node, int]]]:
    """The tight edges into every state some cheapest path to ``end`` passes."""
    dist, settled = graph.dist, graph.settled
    bound = dist[end]
    # A search of no families has no state with a family in it: ``available`` is then
    # "every bit", of which only the packages' count.
    every = (1 << len(graph.packages)) - 1
    into: dict[Node, list[tuple[Node, int]]] = {}
    for node in settled:
        here = dist[node]
        if here > bound:
            continue
        available = graph.available(node) & every
        for bit in _bits(available):
            k, j = graph.bit_target[bit]
            target = node[:k] + (j,) + node[k + 1:]
            there = dist.get(target)
            if there is None or target not in settled:
                continue
            step = graph.cost[bit]
            if (here[0] + step[0], here[1] + step[1], here[2] + step[2]) == there:
                into.setdefault(target, []).append((node, bit))
    # Only the states from which ``end`` is reached matter.
    wanted: dict[Node, list[tuple[Node, int]]] = {}
    frontier = [end]
    while frontier:
        node = frontier.pop()
        if node in wanted:
            continue
        wanted[node] = sorted(into.get(node, ()), reverse=True)  # greatest predecessor first
        frontier += [before for before, _ in wanted[node] if before not in wanted]
    return wanted


def minimal_sets(graph: Graph, end: Node, limit: int) -> list[tuple[int, list[tuple[int, Node]]]]:
    """Up to ``limit`` distinct package sets of cheapest paths to ``end``, each as
    (bit mask, its path as (bit, node after) pairs), smallest masks first."""
    into = _tight_predecessors(graph, end)
    start = graph.start
    # Costs strictly grow along an edge (every install counts one), so states in
    # order of cost are in topological order.
    order = sorted(into, key=graph.dist.__getitem__)
    sets: dict[Node, dict[int, _Witness]] = {start: {0: None}}
    for node in order:
        if node == start:
            continue
        found: dict[int, _Witness] = {}
        for before, bit in into[node]:  # greatest predecessor first: it witnesses first
            for mask in sets.get(before, {}):
                grown = mask | (1 << bit)
                if grown not in found:
                    found[grown] = (before, bit, mask)
        kept = sorted(found)[:limit]
        sets[node] = {mask: found[mask] for mask in kept}
    answers = []
    for mask, _ in sorted(sets.get(end, {}).items()):
        path: list[tuple[int, Node]] = []
        node, current = end, mask
        while node != start:
            witness = sets[node][current]
            assert witness is not None
            before, bit, previous = witness
            path.append((bit, node))
            node, current = before, previous
        path.reverse()
        answers.append((mask, path))
    return answers
