"""The state graph, compiled to integers and bit masks (private to ``_search``).

A state is a tuple of version indices, one per catalog family in priority
order; index 0 means "not installed" and 1..n are the family's versions in
order (the start version included even when the catalog does not list it).
Each plannable package is one bit. For family ``f`` at index ``i``,
``masks[f][i]`` holds the packages that family ``f`` does not stop: packages
of ``f`` newer than index ``i``, and packages whose requirement on ``f``
accepts that version. A state's available packages are then the AND of one
mask per family — a few big-integer operations instead of a loop over
packages and requirements.

The search is Dijkstra on the lexicographic cost (soak hours, installs,
install minutes). Packages of one family with one cost form a *class*; from
a state, the class's packages lead to states on one *line* (states that
differ only in that family). A package already relaxed along a line from an
earlier-popped state was relaxed at a cost no greater than now, so it is
skipped: each (line, class, package) is relaxed once, not once per state.
"""

from __future__ import annotations

import bisect
import heapq
import math
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from packaging.version import Version

from ..errors import WorkLimit
from ..model import Package, Requirement, State

if TYPE_CHECKING:
    from fractions import Fraction

Cost = tuple["int | Fraction", int, "int | Fraction"]
Node = tuple[int, ...]
Guard = tuple[int, int, int]  # (guarded family index, held indices, packages stopped)

ZERO: Cost = (0, 0, 0)

#: At most this many states are looked back from on ``way_towards``'s way back.
WAY_BACK = 1_000_000


class GaveUp(Exception):
    """``way_towards`` looked back at more states than it may."""


def exact(value: float) -> int | Fraction:
    """Costs are summed exactly, so that equal plans compare equal."""
    if float(value).is_integer():
        return int(value)
    from fractions import Fraction  # noqa: PLC0415  (fractions and decimal cost ~3 ms to import)

    return Fraction(str(value))


def _bits(mask: int) -> Iterator[int]:
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


def _stop(stops: list[int], low: int, high: int, bit: int) -> None:
    """Mark indices low..high (inclusive) as stopping package ``bit``."""
    stops[low] ^= 1 << bit
    stops[high + 1] ^= 1 << bit


def _release(version: Version) -> tuple[int, ...]:
    """Release numbers with trailing zeros dropped: 1.0 and 1 are the same release."""
    release = version.release
    while len(release) > 1 and release[-1] == 0:
        release = release[:-1]
    return release


def _plain(version: Version) -> bool:
    """A release with no pre-, post-, dev- or local part (``.dev0`` and ``.post0`` count)."""
    return version.pre is None and version.post is None and version.dev is None \
        and version.local is None


def _base(version: Version) -> tuple[int, tuple[int, ...]]:
    """The epoch and release that PEP 440's special cases are about (``1.0`` of ``1.0rc1``)."""
    return (version.epoch, _release(version))


class VersionLine:
    """A family's versions in order, grouped by base release for exact specifier tests.

    Every PEP 440 special case of an order clause ``OP V`` (``>V`` refusing
    V's post-releases and local versions, ``<V`` V's pre-releases, ``<=V``
    admitting V's local versions) concerns versions whose epoch and release
    are V's. Sorted versions keep each base release together, so a clause is
    a plain comparison (one cut, found by bisection) everywhere but in one
    block of the line, where packaging's ``contains`` decides each version.
    """

    def __init__(self, versions: list[Version]) -> None:
        self.versions = versions
        self.bases = [_base(v) for v in versions]  # sorted, as the versions are
        # special[i]: how many of the first i versions are PEP 440 special cases.
        self.special = [0]
        for v in versions:
            self.special.append(self.special[-1] + (not _plain(v)))
        self._bounds: dict[str, Version] = {}  # many clauses share a bound

    def bound(self, text: str) -> Version:
        found = self._bounds.get(text)
        if found is None:
            found = self._bounds[text] = Version(text)
        return found

    def block(self, bound: Version) -> tuple[int, int]:
        """The 0-based half-open range of versions that share ``bound``'s base release."""
        base = _base(bound)
        return bisect.bisect_left(self.bases, base), bisect.bisect_right(self.bases, base)

    def plain_block(self, low: int, high: int) -> bool:
        """Are versions ``low..high-1`` all plain releases (so equal to a plain bound)?"""
        return self.special[high] == self.special[low]


def _allowed_ranges(requirement: Requirement, line: VersionLine) -> list[tuple[int, int]]:
    """Index ranges (1-based, inclusive) of the line's versions that meet the requirement.

    Exactly ``SpecifierSet.contains(v, prereleases=True)`` for every version:
    order clauses and exact (in)equalities are cut by bisection outside the
    bound's base-release block and tested one by one inside it; ``~=``,
    wildcards and ``===`` are tested on every version.
    """
    items = line.versions
    n = len(items)
    ranges = [(1, n)] if n else []
    for clause in requirement.specifier:
        operator, text = clause.operator, clause.version
        if operator in _ORDER or (operator in ("==", "!=") and not text.endswith(".*")):
            bound = line.bound(text)
            low, high = line.block(bound)
            if operator in (">=", ">"):  # plain: everything above the block
                outside = [(high + 1, n)] if high < n else []
            elif operator in ("<=", "<"):  # plain: everything below the block
                outside = [(1, low)] if low else []
            elif operator == "==":
                outside = []
            else:  # "!=": everything outside the block
                outside = [r for r in ((1, low), (high + 1, n)) if r[0] <= r[1]]
            if _plain(bound) and line.plain_block(low, high):
                # Plain releases of the bound's base release equal the bound.
                equal = operator in (">=", "<=", "==")
                inside = list(range(low + 1, high + 1)) if equal else []
            else:
                inside = [i + 1 for i in range(low, high)
                          if clause.contains(items[i], prereleases=True)]
            clause_ranges = _merge(outside + [(i, i) for i in inside])
        else:  # ~=, wildcards, ===: rare; test each version
            clause_ranges = _runs([i + 1 for i, v in enumerate(items)
                                   if clause.contains(v, prereleases=True)])
        ranges = _intersect(ranges, clause_ranges)
    return ranges


_ORDER = (">=", ">", "<=", "<")


def _runs(indices: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for i in indices:
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def _outside(allowed: list[tuple[int, int]], count: int) -> list[tuple[int, int]]:
    """The index ranges of 1..``count`` that ``allowed`` (sorted, disjoint) leaves out."""
    out, previous = [], 1
    for low, high in allowed:
        if low > previous:
            out.append((previous, low - 1))
        previous = high + 1
    if previous <= count:
        out.append((previous, count))
    return out


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching ranges joined, in order."""
    merged: list[tuple[int, int]] = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged


def _intersect(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> list[tuple[int, int]]:
    result = []
    for low_a, high_a in a:
        for low_b, high_b in b:
            low, high = max(low_a, low_b), min(high_a, high_b)
            if low <= high:
                result.append((low, high))
    return sorted(result)


class Graph:
    """The states reachable from one start, for one set of holds and soak mode."""

    def __init__(
        self,
        families: Sequence[str],
        packages: Sequence[Package],
        start: State,
        holds: Sequence[Requirement] = (),
        soak: bool = True,
        max_states: int | None = None,
    ) -> None:
        self.families = tuple(families)
        self.position = {name: k for k, name in enumerate(self.families)}
        # Families left out of the graph stay at their start version.
        self.fixed = {name: v for name, v in start if name not in self.position}
        self.max_states = max_states
        all_packages = packages
        packages = [p for p in packages if p.family in self.position]
        versions: list[list[Version]] = []
        for name in self.families:
            known = {p.version for p in packages if p.family == name}
            if start.get(name) is not None:
                known.add(start.versions[name])
            versions.append(sorted(known))
        self.versions = versions
        self.index = index = [{v: i + 1 for i, v in enumerate(vs)} for vs in versions]
        self.start: Node = tuple(
            index[k][start.versions[name]] if name in start.versions else 0
            for k, name in enumerate(self.families)
        )

        # Installed packages state what they work with, plannable or not.
        fixed_packages = [p for p in all_packages
                          if p.family in self.fixed and self.fixed[p.family] == p.version]

        # Only packages that a plan may contain get a bit.
        plannable = [
            p for p in packages
            if p.withdrawn is None
            and all(h.allows(p.version) for h in holds if h.family == p.family)
        ]  # fmt: skip
        self.packages = plannable
        self.bit_target = [(self.position[p.family], index[self.position[p.family]][p.version])
                           for p in plannable]
        self.bit_of_package = {p.key: bit for bit, p in enumerate(plannable)}
        self.cost: list[Cost] = [
            (exact(p.soak_hours) if soak else 0, 1, exact(p.install_minutes)) for p in plannable
        ]
        everything = (1 << len(plannable)) - 1
        self.family_mask = [0] * len(self.families)
        # stops[k][i] ^= bit at both ends of each index range where family k
        # stops a package; a running XOR then gives the stopped set per index.
        stops = [[0] * (len(vs) + 2) for vs in versions]
        self.lines = [VersionLine(vs) for vs in versions]
        self._allowed: dict[str, list[tuple[int, int]]] = {}
        for bit, (p, (k, j)) in enumerate(zip(plannable, self.bit_target, strict=True)):
            self.family_mask[k] |= 1 << bit
            stopped: dict[int, list[tuple[int, int]]] = {k: [(j, len(versions[k]))]}
            for requirement in p.requires:
                r = self.position.get(requirement.family)
                if r is None:  # on a fixed family: met in every state, or in none
                    if not requirement.allows(self.fixed.get(requirement.family)):
                        stopped[k] = [(0, len(versions[k]))]
                    continue
                ranges = stopped.setdefault(r, [])
                ranges.append((0, 0))  # a required family must be installed
                ranges += _outside(self.allowed(requirement), len(versions[r]))
            for requirement in p.works_with:  # what is installed must work with it
                r = self.position.get(requirement.family)
                if r is None:
                    installed = self.fixed.get(requirement.family)
                    if installed is not None and not requirement.allows(installed):
                        stopped[k] = [(0, len(versions[k]))]
                    continue
                # Not installed (index 0) works with everything.
                stopped.setdefault(r, []).extend(
                    _outside(self.allowed(requirement), len(versions[r])))
            # XOR marks only work on disjoint ranges: merge each family's first.
            for r, ranges in stopped.items():
                for low, high in _merge(ranges):
                    _stop(stops[r], low, high, bit)
        self.masks: list[list[int]] = []
        for k, vs in enumerate(versions):
            running, per_index = 0, []
            for i in range(len(vs) + 1):
                running ^= stops[k][i]
                per_index.append(everything & ~running)
            self.masks.append(per_index)
        self._guards(packages, fixed_packages)
        # Cost classes per family: (cost, mask of the family's packages with that cost).
        self.classes: list[list[tuple[Cost, int]]] = []
        for k in range(len(self.families)):
            by_cost: dict[Cost, int] = {}
            for bit in _bits(self.family_mask[k]):
                by_cost[self.cost[bit]] = by_cost.get(self.cost[bit], 0) | (1 << bit)
            self.classes.append(sorted(by_cost.items()))
        self.dist: dict[Node, Cost] = {}
        self.settled: set[Node] = set()
        self._reset()

    def _guards(self, packages: Sequence[Package], fixed: Sequence[Package]) -> None:
        """What installed packages' ``works_with`` forbid (DESIGN §2.3, co-existence).

        A step may break no ``works_with`` that held before it. For an installed
        package with ``works_with`` on a searched family ``g``, a *guard* is
        ``(g, held, stop)``: ``held`` has bit ``i`` set when index ``i`` of ``g``
        keeps it (0, not installed, always does), and ``stop`` is the packages of
        ``g`` that would break it. While ``g`` is at a held index, ``stop`` is
        unavailable. ``guards[k][i]`` are the guards of family ``k`` at index
        ``i``; ``fixed_guards`` those of families left out of the search. A
        guard whose index is not held is broken: the state it is in is no target.
        (The package's own ``works_with`` on the other families as they are is in
        ``masks``, like a requirement.)
        """
        by_family_target: dict[tuple[int, int], int] = {}
        for bit, place in enumerate(self.bit_target):
            by_family_target[place] = by_family_target.get(place, 0) | (1 << bit)

        def guards_of(package: Package) -> tuple[Guard, ...]:
            found = []
            for requirement in package.works_with:
                g = self.position.get(requirement.family)
                if g is None:
                    continue  # a fixed family: checked once, in ``broken_fixed``
                held, stop = 1, 0
                for low, high in self.allowed(requirement):
                    for i in range(low, high + 1):
                        held |= 1 << i
                for i in range(1, len(self.versions[g]) + 1):
                    if not held >> i & 1:
                        stop |= by_family_target.get((g, i), 0)
                found.append((g, held, stop))
            return tuple(found)

        self.guards: list[dict[int, tuple[Guard, ...]]] = [{} for _ in self.families]
        # broken_fixed[k]: the indices of k whose package breaks a works_with on a
        # family left out of the search (which stays as it is).
        self.broken_fixed: list[set[int]] = [set() for _ in self.families]
        for p in packages:
            if not p.works_with:
                continue
            k = self.position[p.family]
            i = self.index[k][p.version]
            found = guards_of(p)
            if found:
                self.guards[k][i] = found
            if any(r.family in self.fixed and not r.allows(self.fixed[r.family])
                   for r in p.works_with):
                self.broken_fixed[k].add(i)
        self.fixed_guards = tuple(g for p in fixed for g in guards_of(p))
        self.guarded = bool(self.fixed_guards or any(self.guards))  # steps to check
        self.may_break = self.guarded or any(self.broken_fixed)  # targets to check

    def stopped_by_guards(self, node: Node) -> int:
        """The packages that installed packages' ``works_with`` forbid from ``node``."""
        stopped = 0
        for g, held, stop in self.fixed_guards:
            if held >> node[g] & 1:
                stopped |= stop
        for k, i in enumerate(node):
            found = self.guards[k].get(i)
            if found:
                for g, held, stop in found:
                    if held >> node[g] & 1:
                        stopped |= stop
        return stopped

    def broken(self, node: Node) -> list[tuple[int, int]]:
        """The broken ``works_with`` of a node: (family index, guarded family index),
        with -1 for the guarded family when it is one left out of the search."""
        found = [(-1, g) for g, held, _ in self.fixed_guards if not held >> node[g] & 1]
        for k, i in enumerate(node):
            found += [(k, g) for g, held, _ in self.guards[k].get(i, ()) if not held >> node[g] & 1]
            if i in self.broken_fixed[k]:
                found.append((k, -1))
        return found

    def _reset(self) -> None:
        """Forget what was derived from an earlier search."""
        # The greatest cheapest predecessor of each state, and the package between.
        self._parent: dict[Node, tuple[Node, int]] = {}
        self._enabling: dict[int, Node] | None = None
        self._into: dict[tuple[int, int], int] | None = None  # (family, index): package bit
        self._looks_left = WAY_BACK
        self._states: dict[Node, State] = {}

    # -- queries on nodes -------------------------------------------------

    def allowed(self, requirement: Requirement) -> list[tuple[int, int]]:
        """Index ranges of the requirement's family that meet it (1-based, inclusive)."""
        found = self._allowed.get(requirement.text)
        if found is None:  # many packages share a requirement (base>=7.2)
            line = self.lines[self.position[requirement.family]]
            found = self._allowed[requirement.text] = _allowed_ranges(requirement, line)
        return found

    def available(self, node: Node) -> int:
        """The packages a step from ``node`` may install."""
        mask = -1
        for k, i in enumerate(node):
            mask &= self.masks[k][i]
        if self.guarded and mask:
            mask &= ~self.stopped_by_guards(node)
        return mask

    def size(self) -> int:
        """How many states the families' version lines combine into: an upper bound."""
        return math.prod(len(vs) + 1 for vs in self.versions)

    def state(self, node: Node) -> State:
        # Remembered: the unlock plans of an Updates page pass the same states.
        found = self._states.get(node)
        if found is None:
            pairs = zip(self.families, node, strict=True)
            versions = {name: self.versions[k][i - 1] for k, (name, i) in enumerate(pairs) if i}
            found = self._states[node] = State({**self.fixed, **versions})
        return found

    # -- search -------------------------------------------------------------

    def explore(self) -> None:
        """Dijkstra from the start: settle every reachable state, with its cheapest way in.

        Among states of equal cost the greatest is settled first, so the first
        step to reach a state at its final cost comes from its greatest
        cheapest predecessor, the tie-break of ``path``: a skipped relaxation
        along a line was made by a state of the same cost and greater.
        """
        start = self.start
        self.dist = dist = {start: ZERO}
        self.settled = settled = set()
        self._reset()
        parent = self._parent
        # (cost, the node negated, the node): equal costs pop the greatest node first.
        heap: list[tuple[Cost, Node, Node]] = [(ZERO, tuple(-i for i in start), start)]
        relaxed: dict[tuple[int, Node, int], int] = {}
        masks, classes = self.masks, self.classes
        family_mask, bit_target = self.family_mask, self.bit_target
        limit = self.max_states
        guarded = self.guarded
        while heap:
            cost, negated, node = heapq.heappop(heap)
            if node in settled:
                continue
            settled.add(node)
            available = -1
            for k, i in enumerate(node):
                available &= masks[k][i]
            if guarded and available:
                available &= ~self.stopped_by_guards(node)
            if not available:
                continue
            for k in range(len(node)):
                here = available & family_mask[k]
                if not here:
                    continue
                line: Node | None = None
                for c, (step, class_mask) in enumerate(classes[k]):
                    new = here & class_mask
                    if not new:
                        continue
                    if class_mask & (class_mask - 1):  # a class of several packages
                        line = line or node[:k] + (-1,) + node[k + 1 :]
                        key = (k, line, c)
                        seen = relaxed.get(key, 0)
                        new &= ~seen
                        if not new:
                            continue
                        relaxed[key] = seen | new
                    candidate = (cost[0] + step[0], cost[1] + step[1], cost[2] + step[2])
                    for bit in _bits(new):
                        j = bit_target[bit][1]
                        target = node[:k] + (j,) + node[k + 1 :]
                        old = dist.get(target)
                        if old is None and limit is not None and len(dist) >= limit:
                            raise WorkLimit(limit, len(dist) + 1, self.size(), self.families)
                        if old is None or candidate < old:
                            dist[target] = candidate
                            parent[target] = (node, bit)
                            heapq.heappush(heap, (candidate, negated[:k] + (-j,) + negated[k + 1 :],
                                                  target))
                        elif candidate == old and node > parent[target][0]:
                            parent[target] = (node, bit)

    def explore_towards(self, bound: Callable[[Node], Cost | None],
                        is_goal: Callable[[Node], bool], first: bool = False) -> list[Node]:
        """A*: settle the states whose cost so far plus ``bound`` (a consistent lower
        bound, ``_bound.Bound``) is at most the cheapest goal's, and return the
        cheapest goal states (empty: none is reachable).

        Every state on a cheapest way to a goal, and every cheapest predecessor of
        those, costs no more: their parents are set as ``explore`` sets them, so
        ``path`` reads the same plan. (Without ``explore``'s skip along lines: it
        holds only when states are settled in order of their own cost.)

        ``first``: stop at the first goal settled, its cost exact (``way_towards``
        then reads the way back); among equal estimates the deepest state goes first,
        which goes straight to a goal when the bound is exact along a cheapest way.
        """
        start = self.start
        estimate = bound(start)
        self.dist = dist = {start: ZERO}
        self.settled = settled = set()
        self._reset()
        if estimate is None:
            return []
        parent = self._parent
        # (estimate, the cost so far negated when ``first``, the node negated, node)
        heap: list[tuple[Cost, Cost, Node, Node]] = [(estimate, ZERO, tuple(-i for i in start),
                                                      start)]
        masks, family_mask, bit_target = self.masks, self.family_mask, self.bit_target
        limit, guarded = self.max_states, self.guarded
        estimates: dict[Node, Cost | None] = {start: estimate}
        best: Cost | None = None
        goals: list[Node] = []
        while heap:
            estimate, _, negated, node = heapq.heappop(heap)
            if node in settled:
                continue
            if best is not None and estimate > best:
                break
            settled.add(node)
            cost = dist[node]
            if is_goal(node):
                if best is None:
                    best = cost
                if cost == best:
                    goals.append(node)
                if first:
                    break
                continue  # a goal needs no way on: plans end there
            available = -1
            for k, i in enumerate(node):
                available &= masks[k][i]
            if guarded and available:
                available &= ~self.stopped_by_guards(node)
            for k in range(len(node)):
                here = available & family_mask[k]
                for bit in _bits(here):
                    step = self.cost[bit]
                    candidate = (cost[0] + step[0], cost[1] + step[1], cost[2] + step[2])
                    j = bit_target[bit][1]
                    target = node[:k] + (j,) + node[k + 1 :]
                    if target not in estimates:
                        estimates[target] = bound(target)
                    rest = estimates[target]
                    if rest is None:
                        continue  # the goal cannot be reached from there
                    old = dist.get(target)
                    if old is None and limit is not None and len(dist) >= limit:
                        raise WorkLimit(limit, len(dist) + 1, self.size(), self.families)
                    if old is None or candidate < old:
                        dist[target] = candidate
                        parent[target] = (node, bit)
                        total = (candidate[0] + rest[0], candidate[1] + rest[1],
                                 candidate[2] + rest[2])
                        deep = (-candidate[0], -candidate[1], -candidate[2]) if first else ZERO
                        heapq.heappush(heap, (total, deep, negated[:k] + (-j,) + negated[k + 1 :],
                                              target))
                    elif candidate == old and node > parent[target][0]:
                        parent[target] = (node, bit)
        return goals

    def way_towards(self, goal: Sequence[int | None], is_goal: Callable[[Node], bool],
                    to_goal: Callable[[Node], Cost | None],
                    from_start: Callable[[Sequence[int | None]], Cost | None],
                    ) -> Node | None:
        """The target and the tie rule's way to it, without settling every state on a
        cheapest way (there can be exponentially many: satellites upgraded at any of
        several moments). ``goal`` gives an index per family (None: any), ``is_goal``
        says which states matching it may be targets. None: no target is reachable.
        Raises ``GaveUp`` past ``max_states`` (or ``WAY_BACK``) looks back: a loose
        bound from the start can make them many, and ``explore_towards`` answers then.

        First A* with ``to_goal`` (a consistent lower bound), deepest first among
        equal estimates, finds the cheapest target's cost. The target is the greatest
        state meeting the goal at that cost (``Search.target``'s rule): free families
        are chosen in priority order, greatest version first, cut where
        ``from_start`` (a consistent lower bound on the cost from the start, here of
        every state that agrees with the partial choice) exceeds the cost. Then the
        way back, as ``path`` reads it: from a state, its greatest predecessor ``p``
        with cost(p) + step = the state's cost. Whether a state has a way at a cost is
        asked of ``_reaches``, a search back towards the start guided by
        ``from_start``. States are asked greatest first; the first that passes is the
        one ``Search.target`` and ``path`` would take.
        """
        first = self.explore_towards(to_goal, is_goal, first=True)
        if not first:
            return None
        start, dist, settled, limit = self.start, self.dist, self.settled, self.max_states
        best = dist[first[0]]
        self._looks_left = WAY_BACK if limit is None else min(limit, WAY_BACK)
        known = dict(dist)  # each figure is the cost of a way found (exact when settled)
        failed: dict[Node, Cost] = {}  # no way at or under that cost
        node = self._greatest_goal(list(goal), best, is_goal, from_start, known, failed)
        assert node is not None  # the first goal found is one
        dist[node] = known[node] = best
        settled.add(node)
        target, parent = node, self._parent
        while node != start:
            cost = dist[node]
            for before, bit in self._predecessors(node):
                step = self.cost[bit]
                budget = (cost[0] - step[0], cost[1] - step[1], cost[2] - step[2])
                if self._reaches(before, budget, from_start, known, failed):
                    parent[node] = (before, bit)
                    dist[before] = known[before] = budget
                    settled.add(before)
                    node = before
                    break
            else:  # pragma: no cover - the goal's cost was reached by some way
                raise AssertionError(f"no way back from {node}")
        return target

    def _greatest_goal(self, partial: list[int | None], best: Cost,
                       is_goal: Callable[[Node], bool],
                       from_start: Callable[[Sequence[int | None]], Cost | None],
                       known: dict[Node, Cost], failed: dict[Node, Cost]) -> Node | None:
        """The greatest state that agrees with ``partial`` where it is not None, meets
        ``is_goal`` and has a way costing at most ``best`` (None: none)."""
        free = next((k for k, i in enumerate(partial) if i is None), None)
        if free is None:
            node = tuple(i for i in partial if i is not None)
            if is_goal(node) and self._reaches(node, best, from_start, known, failed):
                return node
            return None
        for i in range(len(self.versions[free]), -1, -1):
            self._looked()
            partial[free] = i
            low = from_start(partial)
            if low is not None and low <= best:
                found = self._greatest_goal(partial, best, is_goal, from_start, known, failed)
                if found is not None:
                    return found
        partial[free] = None
        return None

    def _looked(self) -> None:
        self._looks_left -= 1
        if self._looks_left < 0:
            raise GaveUp

    def _predecessors(self, node: Node) -> Iterator[tuple[Node, int]]:
        """The states one step before ``node``, with the step's package, greatest first."""
        into = self._into
        if into is None:
            into = self._into = {place: bit for bit, place in enumerate(self.bit_target)}
        masks = self.masks
        for k in range(len(node) - 1, -1, -1):
            i = node[k]
            bit = into.get((k, i))
            if bit is None:
                continue  # the start's own version, or not installed: nothing leads in
            rest = 1 << bit
            for f, j in enumerate(node):
                if f != k:
                    rest &= masks[f][j]
            if not rest:
                continue
            for lower in range(i - 1, -1, -1):
                if not rest & masks[k][lower]:
                    continue
                before = node[:k] + (lower,) + node[k + 1 :]
                if not (self.guarded and self.stopped_by_guards(before) & rest):
                    yield before, bit

    def _reaches(self, node: Node, budget: Cost,
                 from_start: Callable[[Sequence[int | None]], Cost | None],
                 known: dict[Node, Cost], failed: dict[Node, Cost]) -> bool:
        """Is there a way from the start to ``node`` costing at most ``budget``?

        A search back from ``node``, depth first (greatest predecessor first), cut
        where the lower bound from the start exceeds what is left of the budget.
        Remembered across questions: ``known``, the cost of a way found to a state;
        ``failed``, a budget under which a state has no way.
        """
        stack: list[tuple[Node, Cost, Iterator[tuple[Node, int]] | None]] = [
            (node, budget, None)]
        while stack:
            here, left, ways = stack[-1]
            if ways is None:
                found = known.get(here)
                if found is not None and found <= left:
                    # Each state below on the stack is reached too, at this way's cost
                    # plus the steps between (the difference of what was left).
                    for there, there_left, _ in stack[:-1]:
                        way = (found[0] + there_left[0] - left[0],
                               found[1] + there_left[1] - left[1],
                               found[2] + there_left[2] - left[2])
                        if there not in known or way < known[there]:
                            known[there] = way
                    return True
                low = from_start(here)
                refused = failed.get(here)
                if low is None or low > left or (refused is not None and left <= refused):
                    stack.pop()
                    continue
                self._looked()
                ways = self._predecessors(here)
                stack[-1] = (here, left, ways)
            way_in = next(ways, None)
            if way_in is None:
                stack.pop()
                refused = failed.get(here)
                if refused is None or left > refused:
                    failed[here] = left
                continue
            before, bit = way_in
            step = self.cost[bit]
            stack.append((before, (left[0] - step[0], left[1] - step[1], left[2] - step[2]),
                          None))
        return False

    def path(self, goal: Node) -> list[tuple[int, Node]]:
        """The plan to a settled node as (package bit, node after) pairs.

        Among equally cheap plans it takes, walking back from the goal, the
        greatest predecessor (versions compared in family priority order): the
        most important family advances as early as it can, and less important
        packages (Base) go as late as they can, just before what needs them.
        """
        steps: list[tuple[int, Node]] = []
        node = goal
        while node != self.start:
            before, bit = self._parent[node]
            steps.append((bit, node))
            node = before
        steps.reverse()
        return steps

    def enabling(self) -> dict[int, Node]:
        """For each package bit, the cheapest settled state where it is available.

        Ties go to the greatest state, as for plans. One pass over the settled
        states serves every greyed package of an Updates page.
        """
        if self._enabling is None:
            order = sorted(self.settled, reverse=True)
            order.sort(key=self.dist.__getitem__)  # stable: cheapest, then greatest
            ends: dict[int, Node] = {}
            found = 0
            everything = (1 << len(self.packages)) - 1
            for node in order:
                if found == everything:
                    break
                new = self.available(node) & ~found
                if new:
                    found |= new
                    for bit in _bits(new):
                        ends[bit] = node
            self._enabling = ends
        return self._enabling
