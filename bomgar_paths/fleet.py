"""Many appliances at once: a plan for each, staging sets, identical plans, totals.

Two passes, so that a very large inventory streams:

1. ``fleet(catalog, rows)`` plans each row as it comes and yields a
   ``Planned`` (or passes a ``BadRow`` on). Plans are shared: appliances with
   the same (state, goal, holds, mode) get the same ``Plan`` object, computed
   once, so memory grows with the distinct questions, not with the rows. A
   ``FleetReporter`` hears of each row (as resolvelib's ``BaseReporter`` does).
2. ``summarize(catalog, results)`` is the second pass over what the caller
   kept: for each group (a customer's site), the **staging set** (every
   package its appliances install, each with the appliances that need it),
   appliances with identical plans, and the fleet's totals. Waves and the
   calendar are ``waves.py``'s.

**Choosing among equally cheap plans.** An appliance often has several
minimal plans (the same cost and target: Bomgar-12.2.0 or 12.3.0 on the way
to 13.1.0). Site packages are built per site and the Appliance Download Key
is per appliance, so nothing is shared across groups; within a group, fewer
distinct packages means fewer downloads to fetch, check and carry to an
air-gapped site. The rule, deterministic and a heuristic:

- every appliance starts with ``plan()``'s own plan (its tie rule);
- then, over and over, for each distinct question of the group in the order
  first seen, take the cheapest plan that adds the fewest packages the rest of
  the group does not already need, if it adds strictly fewer than the one it
  has (ties: the earlier plan, ``plan()``'s own first); stop when a pass
  changes nothing.

Each change makes the group's set strictly smaller, so the loop ends, and the
set is never larger than that of the plans chosen independently
(``Staging.independent`` says how large that was). Appliances of one group
that ask the same question take the same plan. At most ``choices`` plans per
question are considered (``Search.alternatives``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import attrs

from ._search import Searcher
from .catalog import Catalog
from .errors import MAX_STATES, BomgarPathsError, CatalogProblem, Code, Reason, WorkLimit
from .inventory import BadRow, InventoryRow
from .model import Goal, Package, Requirement, State, check_catalog
from .planner import (
    Plan,
    Step,
    Totals,
    check_families,
    check_patched,
    relevant_families,
    target_of,
)

if TYPE_CHECKING:
    from .waves import Waves

__all__ = ["CHOICES", "Fleet", "FleetReporter", "Identical", "Member", "PlanCache", "Planned",
           "Staged", "Staging", "choose", "fleet", "package_set", "summarize"]

#: How many equally cheap plans per question the staging choice looks at.
CHOICES = 8

Question = tuple[State, Goal, tuple[Requirement, ...], bool]


@attrs.frozen
class Member:
    """One appliance of a row (a row with a topology has several) and its plan."""

    name: str
    state: State
    plan: Plan | None  # None: the goal cannot be reached from this state
    #: ``plan.totals``, summed once per shared plan (None with no plan).
    totals: Totals | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def question(self) -> Question:
        assert self.plan is not None
        return (self.state, self.plan.goal, self.plan.holds, self.plan.soak)


@attrs.frozen
class Planned:
    """A row of the inventory, planned: each of its appliances with its plan."""

    row: InventoryRow
    members: tuple[Member, ...]

    @property
    def name(self) -> str:
        return self.row.name

    @property
    def reachable(self) -> bool:
        return all(m.plan is not None for m in self.members)

    @property
    def installs(self) -> int:
        return sum(len(m.plan.steps) for m in self.members if m.plan is not None)

    @property
    def soak_hours(self) -> float:
        """Hours of soak, summed over the row's appliances (appliance-hours)."""
        return sum((m.totals or m.plan.totals).soak_hours for m in self.members
                   if m.plan is not None)

    @property
    def up_to_date(self) -> bool:
        return self.reachable and self.installs == 0

    @property
    def next_packages(self) -> tuple[Package, ...]:
        """The first package of each appliance's plan, each once, in member order."""
        found: dict[tuple[str, object], Package] = {}
        for member in self.members:
            if member.plan is not None and member.plan.steps:
                package = member.plan.steps[0].package
                found.setdefault(package.key, package)
        return tuple(found.values())


class FleetReporter:
    """Hears how ``fleet`` is getting on; every method does nothing unless overridden
    (as resolvelib's ``BaseReporter``). ``rows`` counts the rows seen so far."""

    def starting(self) -> None:
        """Called before the first row is read."""

    def planned(self, result: Planned, rows: int) -> None:
        """Called when a row has been planned."""

    def rejected(self, bad: BadRow, rows: int) -> None:
        """Called for a row that cannot be planned."""

    def ending(self, rows: int, questions: int) -> None:
        """Called after the last row: how many rows, how many distinct questions."""


class PlanCache:
    """Each distinct question planned once: its plan and its other cheapest plans.

    ``fleet`` and ``summarize`` make their own; give both the same one
    (``cache=``) so that the second pass does not search again."""

    def __init__(self, catalog: Catalog, max_states: int | None, choices: int) -> None:
        self.catalog, self.max_states, self.choices = catalog, max_states, choices
        self.found: dict[Question, tuple[Plan, ...] | BomgarPathsError | None] = {}
        self._sets: dict[Question, list[int]] = {}
        self._bit = {p.key: n for n, p in enumerate(catalog.packages)}
        self._totals: dict[int, tuple[Plan, Totals]] = {}
        self._searcher = Searcher(catalog)

    def __len__(self) -> int:
        return len(self.found)

    def plans(self, question: Question) -> tuple[Plan, ...] | None:
        """``plan()``'s plan first, then other equally cheap ones; None: unreachable.
        Raises ``WorkLimit`` (each time: a question is searched once)."""
        if question not in self.found:
            self.found[question] = self._search(question)
        found = self.found[question]
        if isinstance(found, BomgarPathsError):
            raise found
        return found

    def masks(self, question: Question) -> list[int]:
        """The packages of each plan of ``question`` (``plans``) as a bit mask (bit n:
        the catalog's n-th package), computed once."""
        found = self._sets.get(question)
        if found is None:
            bit = self._bit
            found = self._sets[question] = [
                sum(1 << bit[s.package.key] for s in p.steps) for p in self.plans(question) or ()]
        return found

    def totals(self, plan: Plan) -> Totals:
        """``plan.totals``, summed once per plan (rows share their plans)."""
        found = self._totals.get(id(plan))
        if found is None or found[0] is not plan:
            found = self._totals[id(plan)] = (plan, plan.totals)
        return found[1]

    def _search(self, question: Question) -> tuple[Plan, ...] | BomgarPathsError | None:
        start, goal, holds, soak = question
        catalog = self.catalog
        try:
            check_families(catalog, start, goal.requirements, holds)
            check_patched(catalog, goal, start)  # a patch no advisory has is a bad row
        except BomgarPathsError as error:
            return error
        # The search plan() makes (planner.plan_or_none), and the same target.
        families = relevant_families(catalog, start, goal, holds)
        try:
            # Each search is read at once (the searcher explores its graph again next).
            found = self._searcher.search(start, holds, soak=soak,
                                          max_states=self.max_states, families=families)
        except WorkLimit as error:
            return error
        target = target_of(found, catalog, goal)
        if target is None:
            return None
        ways = (found.alternatives(target, Step, self.choices) if self.choices > 1
                else (found.path(target, Step),))
        return tuple(Plan(catalog, start, target, steps, goal, holds, soak) for steps in ways)


def fleet(
    catalog: Catalog,
    appliances: Iterable[InventoryRow | BadRow],
    *,
    soak: bool = True,
    max_states: int | None = MAX_STATES,
    reporter: FleetReporter | None = None,
    choices: int = CHOICES,
    cache: PlanCache | None = None,
) -> Iterator[Planned | BadRow]:
    """Plan every row of ``appliances`` (``inventory.read_inventory``'s rows), as they come.

    Yields a ``Planned`` for each row whose appliances could all be asked
    (a goal that cannot be reached is a plan of None: the row is still
    planned), and each ``BadRow`` it was given or that turns out bad here: a
    family the catalog does not declare, a question past ``max_states``
    (``Code.INVENTORY_WORK_LIMIT``). Each member's plan is ``plan()``'s for
    its row: the same target, cost and steps. ``soak=False`` plans every row
    in the no-soak mode. ``choices`` bounds how many equally cheap plans per
    question are kept for ``summarize`` (1: none but ``plan()``'s own).
    """
    catalog = check_catalog(catalog)
    plans = cache if cache is not None else PlanCache(catalog, max_states, choices)
    rows = 0
    if reporter is not None:
        reporter.starting()
    for row in appliances:
        rows += 1
        result = row if isinstance(row, BadRow) else _planned(catalog, row, soak, plans)
        if reporter is not None:
            if isinstance(result, BadRow):
                reporter.rejected(result, rows)
            else:
                reporter.planned(result, rows)
        yield result
    if reporter is not None:
        reporter.ending(rows, len(plans))


def _planned(catalog: Catalog, row: InventoryRow, soak: bool, plans: PlanCache) -> Planned | BadRow:
    members = []
    for name, state in row.appliances:
        column = "topology" if row.topology is not None else "state"
        try:
            found = plans.plans((state, row.goal, row.holds, soak))
        except WorkLimit as error:
            return _bad(row, Reason(Code.INVENTORY_WORK_LIMIT, error=error), column)
        except BomgarPathsError as error:
            what = getattr(error, "what", "state")
            column = {"goal": "goal", "hold": "holds", "patched": "patched"}.get(what, column)
            return _bad(row, Reason(Code.INVENTORY_VALUE, column=column, error=error), column)
        if found is None:
            members.append(Member(name, state, None))
        else:
            members.append(Member(name, state, found[0], plans.totals(found[0])))
    return Planned(row, tuple(members))


def _bad(row: InventoryRow, reason: Reason, column: str) -> BadRow:
    return BadRow(CatalogProblem(row.source, reason, entry=f"row {row.row}", key=column,
                                 line=row.line), row.name, row.row)


# -- the second pass ------------------------------------------------------------------


@attrs.frozen
class Staged:
    """One package a group fetches, and the appliances of the group that install it."""

    package: Package
    appliances: tuple[str, ...]
    #: Those of them that are air-gapped: each makes its own Appliance Download Key.
    manual: tuple[str, ...] = ()


@attrs.frozen
class Staging:
    """A group's staging set: the distinct packages its chosen plans install."""

    group: str
    packages: tuple[Staged, ...]
    independent: int  # how many distinct packages the plans chosen alone would need

    @property
    def saving(self) -> int:
        """Packages fewer than with the plans chosen independently."""
        return self.independent - len(self.packages)


@attrs.frozen
class Identical:
    """Rows whose appliances start alike and take identical plans."""

    plans: tuple[Plan, ...]
    rows: tuple[str, ...]


@attrs.frozen
class Fleet:
    """The whole fleet, planned: rows with the plans chosen for staging, bad rows,
    staging sets per group, identical plans, and (``waves.py``) the waves."""

    catalog: Catalog = attrs.field(repr=False)
    rows: tuple[Planned, ...]
    bad: tuple[BadRow, ...]
    staging: tuple[Staging, ...]
    identical: tuple[Identical, ...]
    waves: Waves | None = None
    soak: bool = True

    @property
    def installs(self) -> int:
        return sum(r.installs for r in self.rows)

    @property
    def soak_days(self) -> float:
        """Appliance-days of soak: every appliance's soak hours, summed, over 24."""
        return sum(r.soak_hours for r in self.rows) / 24

    @property
    def unreachable(self) -> tuple[Planned, ...]:
        return tuple(r for r in self.rows if not r.reachable)

    @property
    def up_to_date(self) -> tuple[Planned, ...]:
        return tuple(r for r in self.rows if r.up_to_date)

    @property
    def saving(self) -> int:
        return sum(s.saving for s in self.staging)

    @property
    def status(self) -> int:
        """The command line's exit status (DESIGN §2.4): 2 if a row was bad, else 3
        if a row's question was past the work limit, else 1 if a goal cannot be
        reached, else 0."""
        codes = {b.problem.code for b in self.bad}
        if codes - {Code.INVENTORY_WORK_LIMIT}:
            return 2
        if codes:
            return 3
        return 1 if self.unreachable else 0


def summarize(
    catalog: Catalog,
    results: Iterable[Planned | BadRow],
    *,
    max_states: int | None = MAX_STATES,
    choices: int = CHOICES,
    cache: PlanCache | None = None,
) -> Fleet:
    """The second pass over ``fleet``'s results (the caller kept them): each group's
    staging set with the plans chosen for it (module docstring), appliances with
    identical plans, bad rows in the order met. Waves: ``waves.plan_waves``."""
    catalog = check_catalog(catalog)
    plans = cache if cache is not None else PlanCache(catalog, max_states, choices)
    rows: list[Planned] = []
    bad: list[BadRow] = []
    for result in results:
        (bad if isinstance(result, BadRow) else rows).append(result)  # type: ignore[arg-type]
    groups: dict[str, list[int]] = {}
    for n, row in enumerate(rows):
        groups.setdefault(row.row.group, []).append(n)
    staging = []
    order = {f: n for n, f in enumerate(catalog.family_order())}
    for group, members in groups.items():
        chosen, sets = _choose([rows[n] for n in members], plans)
        for n in members:
            if any(m.plan is not None and chosen[m.question] is not m.plan
                   for m in rows[n].members):
                rows[n] = attrs.evolve(rows[n], members=tuple(
                    m if m.plan is None or chosen[m.question] is m.plan else attrs.evolve(
                        m, plan=chosen[m.question], totals=plans.totals(chosen[m.question]))
                    for m in rows[n].members))
        staging.append(_staging(group, [rows[n] for n in members], sets, order))
    return Fleet(catalog, tuple(rows), tuple(bad), tuple(staging), _identical(rows),
                 soak=all(m.plan.soak for r in rows for m in r.members if m.plan is not None))


def _choose(rows: list[Planned], plans: PlanCache) -> tuple[dict[Question, Plan], int]:
    """The plan each question of one group takes (the rule of the module docstring),
    and how many distinct packages the independent choice needed."""
    questions: dict[Question, tuple[Plan, ...]] = {}
    for row in rows:
        for member in row.members:
            if member.plan is not None and member.question not in questions:
                found = plans.plans(member.question)
                assert found is not None
                questions[member.question] = found
    candidates = [plans.masks(q) for q in questions]
    picks = choose(candidates)
    independent = 0
    for masks in candidates:
        independent |= masks[0]
    return ({q: ways[i] for (q, ways), i in zip(questions.items(), picks, strict=True)},
            independent.bit_count())


def package_set(plan: Plan) -> frozenset[tuple[str, object]]:
    return frozenset(s.package.key for s in plan.steps)


def choose(candidates: list[list[int]]) -> list[int]:
    """For each question, the index of the package set it takes (the rule of the module
    docstring): local moves from the first sets while a move shrinks the union. A set is
    a bit mask of packages (``PlanCache.masks``)."""
    picks = [0] * len(candidates)
    width = max((m.bit_length() for row in candidates for m in row), default=0)
    need = [0] * width
    for row in candidates:
        for b in _bits(row[0]):
            need[b] += 1

    def counts() -> tuple[int, int]:
        """The packages two or more questions need, and those exactly one needs."""
        return (sum(1 << b for b, k in enumerate(need) if k >= 2),
                sum(1 << b for b, k in enumerate(need) if k == 1))

    changed = True
    while changed:
        changed = False
        shared, alone = counts()
        for n, row in enumerate(candidates):
            if len(row) == 1:
                continue
            current = row[picks[n]]
            # What the rest of the group needs now, without this question's own.
            others = shared | (alone & ~current)
            best = min(range(len(row)), key=lambda i: ((row[i] & ~others).bit_count(), i))
            if (row[best] & ~others).bit_count() < (current & ~others).bit_count():
                for b in _bits(current):
                    need[b] -= 1
                for b in _bits(row[best]):
                    need[b] += 1
                picks[n] = best
                changed = True
                shared, alone = counts()
    return picks


def _bits(mask: int) -> Iterator[int]:
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


def _staging(group: str, rows: list[Planned], independent: int,
             order: dict[str, int]) -> Staging:
    users: dict[tuple[str, object], tuple[Package, list[str], list[str]]] = {}
    for row in rows:
        for member in row.members:
            if member.plan is None:
                continue
            shown = member.name if row.row.topology is None else f"{row.name}/{member.name}"
            for step in member.plan.steps:
                entry = users.setdefault(step.package.key, (step.package, [], []))
                entry[1].append(shown)
                if row.row.manual:
                    entry[2].append(shown)
    ordered = sorted(users.values(), key=lambda e: (order.get(e[0].family, len(order)),
                                                    e[0].family, e[0].version))
    return Staging(group, tuple(Staged(p, tuple(names), tuple(manual))
                                for p, names, manual in ordered), independent)


def _identical(rows: list[Planned]) -> tuple[Identical, ...]:
    found: dict[tuple[int, ...], tuple[tuple[Plan, ...], list[str]]] = {}
    for row in rows:
        if not row.reachable:
            continue
        chosen = tuple(m.plan for m in row.members if m.plan is not None)
        key = tuple(id(p) for p in chosen)  # chosen plans are shared objects
        found.setdefault(key, (chosen, []))[1].append(row.name)
    return tuple(Identical(p, tuple(names)) for p, names in found.values())
