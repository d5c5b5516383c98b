"""Where a runbook's steps go: the placement of each topology's rounds on the calendar
(runbook.py has the rules and the answer's types; this module applies them).

``Layout`` builds the rounds of one deployment: a single appliance's as ``schedule``
places them (``scheduling.timeline``), a pair's and an Atlas cluster's as visits in
window occurrences with the validation interval, the soak and the cap as deadlines,
and a move to new hardware around its cut-over. ``common_state`` is the cheapest state
two appliances both reach.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timedelta, tzinfo

import attrs

from .catalog import Catalog
from .errors import MAX_STATES, Code, Reason
from .model import Goal, Requirement, State
from .planner import Plan, plan
from .planner import Step as Install
from .runbook import (
    CANDIDATE_SPAN,
    SWITCH_OVER,
    Action,
    Halt,
    Round,
    RoundKind,
    Runbook,
    RunbookError,
    RunbookStep,
)
from .scheduling import BASE_FAMILY, HORIZON, SplitRound, obtain, rounds, timeline
from .topology import FailoverBy, Kind, Method, Role, Topology
from .windows import Occurrence, OneOff, Windows

__all__ = ["Layout", "common_state"]

#: Steps about a set of traffic nodes: none when the set is empty (regions of one node).
_ABOUT_NODES = (Action.STOP_ACCEPTING, Action.ACCEPT_CONNECTIONS, Action.HOLD_BACK,
                Action.RELEASE)


def common_state(catalog: Catalog, a: State, b: State, holds: tuple[Requirement | str, ...],
                  soak: bool, options: dict[str, int]) -> State:
    """The cheapest state both ``a`` and ``b`` can reach: the least sum of the two plans'
    costs (soak hours, installs, install minutes), ties to the greatest state (versions
    compared in family priority order). ``Unreachable`` (for ``b``) when there is none."""
    from ._search import search  # noqa: PLC0415
    from .planner import plan_to, required_families  # noqa: PLC0415

    held = Requirement.coerce_all(list(holds), "hold")
    installed = {f for state in (a, b) for f, _ in state}
    families = required_families(catalog, installed, held, starts=(a, b))
    limit = options.get("max_states", MAX_STATES)
    found = [search(catalog, x, held, soak=soak, max_states=limit, families=families)
             for x in (a, b)]
    both = set(found[0].states()) & set(found[1].states())
    if not both:  # they can never run one package: plan() explains b's way to a's state
        plan(catalog, b, Goal.coerce([f"{f}=={v}" for f, v in a]), held, soak=soak,
             max_states=limit)
        raise AssertionError("a state both reach")  # plan() raised Unreachable

    def cost(state: State) -> tuple[float, int, float]:
        totals = [plan_to(f, catalog, state).totals for f in found]
        return (sum(t.soak_hours for t in totals), sum(t.installs for t in totals),
                sum(t.install_minutes for t in totals))

    ranked = {state: cost(state) for state in both}
    least = min(ranked.values())
    return max((s for s, c in ranked.items() if c == least), key=lambda s: _rank(catalog, s))


def _rank(catalog: Catalog, state: State) -> tuple[tuple[bool, object], ...]:
    """A state's place among states: versions compared in family priority order,
    nothing installed lowest."""
    from packaging.version import Version  # noqa: PLC0415

    zero = Version("0")
    return tuple((state.get(f) is not None, state.get(f) or zero)
                 for f in catalog.family_order())


class Layout:
    """Places rounds on the calendar for one topology and its options."""

    def __init__(self, topology: Topology, windows: Windows | None, validation: timedelta,
                 cap: timedelta | None, share_window: bool, at_once: int,
                 duration: Callable[[Install], timedelta], tz: tzinfo) -> None:
        self.topology = topology
        self.tz = tz
        self.windows = windows
        self.validation = validation
        self.cap = cap
        self.share_window = share_window
        self.at_once = at_once
        self.duration = duration
        self.halves = topology.halves
        self.masters = {a.name for a in topology.appliances if a.role is not Role.TRAFFIC}
        self.split: list[SplitRound] = []  # rounds one appliance could not take in one window

    # -- placing one visit ----------------------------------------------------------

    def fit(self, earliest: datetime, length: timedelta, avoid: Occurrence | None,
            what: str, number: int, deadline: tuple[datetime, Reason] | None = None,
            ) -> tuple[datetime, Occurrence | None]:
        """The earliest start from ``earliest`` on where ``length`` fits one window
        occurrence (not ``avoid``); ``earliest`` itself without windows. With a
        ``deadline`` (a time and the reason it is one), a visit that cannot end by it
        is refused with that reason."""
        if deadline is not None and earliest + length > deadline[0]:
            raise RunbookError("runbook", deadline[1], number)
        if self.windows is None:
            return earliest, None
        horizon = HORIZON if deadline is None else max(deadline[0] - earliest, timedelta(0))
        for occurrence in self.windows.fitting(earliest, length, horizon):
            if avoid is not None and not self.share_window and occurrence == avoid:
                continue
            begin = max(occurrence.opens, earliest)
            if deadline is not None and begin + length > deadline[0]:
                break
            return begin, occurrence
        if deadline is not None:
            raise RunbookError("runbook", deadline[1], number)
        # An Atlas visit that updates traffic nodes one batch after another: more at once
        # is the usual way to make it fit.
        nodes = self.topology.kind is Kind.ATLAS and length > self.windows.longest()
        raise RunbookError("runbook", Reason(
            Code.RUNBOOK_NODES_NO_WINDOW if nodes else Code.RUNBOOK_NO_WINDOW, round=number,
            what=what, duration=length, after=self._shown(earliest), windows=self.windows,
            **({"at_once": self.at_once} if nodes else {})), number)

    def deadline(self, number: int, appliance: str, soak_until: datetime | None,
                 broken: datetime) -> tuple[datetime, Reason] | None:
        """When a round's second visit must end by, and why: the soak's end, or the cap
        on the time without failover counted from ``broken`` (the earlier); None when
        neither applies."""
        ends = []
        if soak_until is not None:
            ends.append((soak_until, Reason(
                Code.RUNBOOK_AFTER_SOAK, round=number, appliance=appliance,
                soak_until=self._shown(soak_until))))
        if self.cap is not None:
            ends.append((broken + self.cap, Reason(
                Code.RUNBOOK_UNPROTECTED, round=number, cap=self.cap)))
        return min(ends, key=lambda end: end[0]) if ends else None

    def candidates(self, earliest: datetime, length: timedelta, appliance: str,
                   number: int) -> Iterator[tuple[datetime, Occurrence | None]]:
        """Where a round's first visit may go, earliest first: one place without windows;
        with them, the occurrences of the next week (weekly windows repeat: a later
        week changes nothing but a clock change) and every one-off window."""
        if self.windows is None:
            yield earliest, None
            return
        found = False
        week = earliest + CANDIDATE_SPAN
        for occurrence in self.windows.fitting(earliest, length, HORIZON):
            if occurrence.opens > week and not isinstance(occurrence.window, OneOff):
                continue
            found = True
            yield max(occurrence.opens, earliest), occurrence
        if not found:
            self.fit(earliest, length, None, appliance, number)  # raises, naming it

    def _shown(self, moment: datetime) -> str:
        tz = self.windows.tz if self.windows is not None else self.tz
        return moment.astimezone(tz).isoformat(timespec="minutes")

    # -- the deployment's rounds ----------------------------------------------------

    def deployment(self, catalog: Catalog, the_plan: Plan, start: datetime,
                   aligned: State | None, holds: tuple[Requirement | str, ...], soak: bool,
                   options: dict[str, int]) -> list[Round]:
        topology = self.topology
        made: list[Round] = []
        moment = start
        primary = topology.one(Role.PRIMARY)
        serving = primary.name if primary else topology.appliances[0].name
        if aligned is not None:
            for appliance in topology.appliances:
                if appliance.state == aligned:
                    continue
                steps = plan(catalog, appliance.state, Goal.coerce(
                    [f"{f}=={v}" for f, v in aligned]), list(holds), soak=soak,
                    **options).steps
                made += self.alone(len(made) + 1, steps, appliance.name, moment, serving,
                                   RoundKind.ALIGN)
                moment = self.next_start(made, moment)
        if aligned is not None and made:  # one package on both: failover can return
            last = made[-1]
            backup = next(a.name for a in topology.appliances if a.name != serving)
            again = RunbookStep(serving, Action.REESTABLISH, last.end, last.end, peer=backup)
            body = [s for s in last.steps if s.action is not Action.CONFIRM_JUMP_CLIENTS]
            tail = [s for s in last.steps if s.action is Action.CONFIRM_JUMP_CLIENTS]
            # Failover stays broken from the first alignment install to here: shown on the
            # last alignment round, and held to the cap like every round's.
            broken = made[0].start
            made[-1] = attrs.evolve(last, steps=(*body, again, *tail),
                                    unprotected=last.end - broken)
            if self.cap is not None and last.end - broken > self.cap:
                raise RunbookError("runbook", Reason(Code.RUNBOOK_ALIGN_UNPROTECTED,
                                                     rounds=len(made), cap=self.cap),
                                   len(made))
        if topology.kind is Kind.SINGLE:  # placed as schedule() places them
            return made + self.alone(len(made) + 1, the_plan.steps, serving, moment, serving,
                                     RoundKind.UPGRADE)
        states = {a.name: (aligned or a.state) for a in topology.appliances}
        for installs in self.cut(the_plan.steps, moment):
            number = len(made) + 1
            if topology.kind is Kind.PAIR:
                done = self.pair(number, installs, moment, serving, states)
            elif topology.method is Method.STAGED:
                done = self.staged(number, installs, moment, serving, states)
            else:
                done = self.atlas(number, installs, moment, serving, states)
            made.append(done)
            serving = done.primary_after or serving
            moment = self.next_start(made, moment)
        return made

    @staticmethod
    def next_start(made: Sequence[Round], moment: datetime) -> datetime:
        """When the next round may start: after the last one's work and its soak."""
        if not made:
            return moment
        last = made[-1]
        return max(last.end, last.soak_until or last.end)

    # -- one appliance --------------------------------------------------------------

    def installs(self, appliance: str, installs: Sequence[Install], at: datetime,
                 states: dict[str, State], serving: str | None,
                 nodes: tuple[str, ...] = (), *, after_base: bool = False,
                 fallback: str | None = None, backups: bool = True,
                 ) -> tuple[list[RunbookStep], datetime]:
        """The round's installs on ``appliance`` (and ``nodes`` alongside), from ``at``:
        on manual updates every package obtained first (traffic nodes take theirs from
        Distribute to Cluster); a new backup between a Base install and what follows it
        (``backups``: not on an appliance with nothing to back up yet); and a halt point
        at each Base install, naming who serves the clients meanwhile (``serving``) and,
        when nobody does, the appliance to fall back to."""
        steps: list[RunbookStep] = []
        node = self.topology.kind is Kind.ATLAS and appliance not in self.masters
        if self.topology.manual and not node:
            before = states.get(appliance)
            steps += [RunbookStep(appliance, Action.OBTAIN, at, at, package=i.package.label,
                                  obtain=None if before is None else obtain(before.versions))
                      for i in installs]
        for k, install in enumerate(installs):
            label = install.package.label
            base = install.package.family == BASE_FAMILY
            follows_base = installs[k - 1].package.family == BASE_FAMILY if k else after_base
            if follows_base and backups and not node:
                steps.append(RunbookStep(appliance, Action.NEW_BACKUP, at, at))
            end = at + self.duration(install)
            halt = None
            if base and not node:
                halt = Halt(tuple(sorted(states.items())), serving, fallback)
            steps.append(RunbookStep(appliance, Action.INSTALL, at, end, package=label,
                                     nodes=nodes, halt=halt, serving=serving))
            for name in (appliance, *nodes):
                states[name] = install.after
            at = end
        last = installs[-1].package
        steps.append(RunbookStep(appliance, Action.VERIFY, at, at, package=last.label,
                                 family=last.family, nodes=nodes))
        return steps, at

    def length(self, installs: Sequence[Install]) -> timedelta:
        return sum((self.duration(i) for i in installs), timedelta(0))

    def alone(self, first: int, steps: Sequence[Install], appliance: str, earliest: datetime,
              serving: str, kind: RoundKind) -> list[Round]:
        """The rounds of ``steps`` on one appliance, placed as ``schedule`` places them
        (scheduling.timeline: the same calendar): back up, install, verify, confirm the
        clients at the soak's end."""
        placed, split = timeline(steps, earliest, self.windows, None, self.duration)
        self.split += split
        at = {id(step): (begin, end, window) for step, begin, end, _, _, window in placed}
        made: list[Round] = []
        for installs in self.cut(steps, earliest, placed):
            begin, _, window = at[id(installs[0])]
            states = {appliance: installs[0].after}  # only its name matters for the halt
            work: list[RunbookStep] = [
                RunbookStep(appliance, Action.BACKUP, begin, begin, window=window),
                RunbookStep(appliance, Action.EXPORT_SSL, begin, begin, window=window)]
            for k, install in enumerate(installs):
                start, _, window = at[id(install)]
                one, _ = self.installs(appliance, [install], start, states, serving,
                                       after_base=k > 0
                                       and installs[k - 1].package.family == BASE_FAMILY)
                work += [attrs.evolve(s, window=window) for s in one
                         if s.action is not Action.VERIFY or k == len(installs) - 1]
            served = self.serving_time(installs, work)
            soak_until = self.soak_end(installs, served)
            if soak_until is not None:
                work.append(RunbookStep(appliance, Action.CONFIRM_JUMP_CLIENTS, soak_until,
                                        soak_until))
            made.append(Round(first + len(made), kind, tuple(installs), (appliance,),
                              tuple(work), serving, serving,
                              served if soak_until else None, soak_until, None))
        return made

    def cut(self, steps: Sequence[Install], start: datetime,
            placed: Sequence[tuple[object, ...]] | None = None) -> list[tuple[Install, ...]]:
        """The rounds of ``steps`` from ``start``: the schedule's rounds with soaks;
        without, the installs one appliance takes in one window occurrence, as
        ``schedule`` places them (all of them without windows)."""
        if any(step.soak_hours > 0 for step in steps) or not steps:
            return rounds(steps)
        if self.windows is None:
            return [tuple(steps)]
        if placed is None:
            placed, _ = timeline(steps, start, self.windows, None, self.duration)
        groups: list[list[Install]] = []
        previous: object = None
        for step, *_, window in placed:
            if groups and window == previous:
                groups[-1].append(step)  # type: ignore[arg-type]
            else:
                groups.append([step])  # type: ignore[list-item]
            previous = window
        return [tuple(g) for g in groups]

    def serving_time(self, installs: Sequence[Install], steps: Sequence[RunbookStep]
                     ) -> datetime | None:
        """When the soaking install of the round ends on the appliance in ``steps``."""
        soaking = [i.package.label for i in installs if i.soak_hours > 0]
        if not soaking:
            return None
        return next(s.end for s in steps if s.action is Action.INSTALL
                    and s.package == soaking[-1])

    @staticmethod
    def soak_end(installs: Sequence[Install], serving: datetime | None) -> datetime | None:
        hours = max((i.soak_hours for i in installs), default=0)
        if serving is None or hours <= 0:
            return None
        return serving + timedelta(hours=hours)

    # -- a failover pair ------------------------------------------------------------

    def pair(self, number: int, installs: Sequence[Install], earliest: datetime,
             serving: str, states: dict[str, State]) -> Round:
        topology = self.topology
        primary = serving
        backup = next(a.name for a in topology.appliances if a.name != primary)
        asynchronous = topology.method is Method.ASYNC
        first, second = (backup, primary) if asynchronous else (primary, backup)
        length = self.length(installs)
        soaks = any(i.soak_hours > 0 for i in installs)
        hours = max((i.soak_hours for i in installs), default=0)
        failure: Reason | None = None
        for begin, window in self.candidates(earliest, length, first, number):
            steps = [RunbookStep(primary, Action.BACKUP, begin, begin, window=window),
                     RunbookStep(primary, Action.EXPORT_SSL, begin, begin, window=window),
                     RunbookStep(primary, Action.SYNC_NOW, begin, begin, window=window),
                     RunbookStep(primary, Action.BREAK_FAILOVER, begin, begin, window=window)]
            trial = dict(states)
            # Sync: the primary itself is updated first, so nobody serves; the backup,
            # untouched, is where to fall back. Async: the primary serves meanwhile.
            work, end = self.installs(first, installs, begin, trial,
                                      primary if asynchronous else None,
                                      fallback=None if asynchronous else backup)
            steps += [attrs.evolve(s, window=window) for s in work]
            if asynchronous:
                steps.append(RunbookStep(backup, Action.MAKE_PRIMARY, end, end, peer=primary,
                                         failover_by=topology.failover_by, window=window))
                serving_from = end if soaks else None
            else:
                serving_from = self.serving_time(installs, work)
            new_primary = backup if asynchronous else primary
            soak_until = (serving_from + timedelta(hours=hours)
                          if serving_from is not None and hours > 0 else None)
            later = end + self.validation
            try:
                second_begin, second_window = self.fit(
                    later, length, window, second, number,
                    self.deadline(number, second, soak_until, begin))
            except RunbookError as error:
                failure = failure or error.reason
                continue
            work2, end2 = self.installs(second, installs, second_begin, trial, new_primary)
            steps += [attrs.evolve(s, window=second_window) for s in work2]
            steps.append(RunbookStep(new_primary, Action.REESTABLISH, end2, end2,
                                     peer=second if asynchronous else backup,
                                     window=second_window))
            unprotected = end2 - begin
            # The deadline of the second visit saw to both (self.deadline).
            assert soak_until is None or end2 <= soak_until
            assert self.cap is None or unprotected <= self.cap
            if soak_until is not None:
                steps.append(RunbookStep(new_primary, Action.CONFIRM_JUMP_CLIENTS, soak_until,
                                         soak_until))
            states.update(trial)
            return Round(number, RoundKind.UPGRADE, tuple(installs), (first, second),
                         tuple(steps), primary, new_primary, serving_from, soak_until,
                         unprotected)
        assert failure is not None
        raise RunbookError("runbook", failure, number)

    # -- an Atlas cluster -----------------------------------------------------------

    def batches(self, nodes: Sequence[str]) -> list[tuple[str, ...]]:
        return [tuple(nodes[k:k + self.at_once]) for k in range(0, len(nodes), self.at_once)]

    def node_installs(self, nodes: Sequence[str], installs: Sequence[Install], at: datetime,
                      states: dict[str, State], serving: str | None
                      ) -> tuple[list[RunbookStep], datetime]:
        """The round's installs on traffic nodes, ``nodes_at_once`` at a time."""
        steps: list[RunbookStep] = []
        for batch in self.batches(nodes):
            work, at = self.installs(batch[0], installs, at, states, serving, batch[1:])
            steps += work
        return steps, at

    def atlas(self, number: int, installs: Sequence[Install], earliest: datetime,
              serving: str, states: dict[str, State]) -> Round:
        topology = self.topology
        first_half, second_half = self.halves
        primary = serving
        failover = topology.with_failover
        backup = (next(a.name for a in topology.appliances
                       if a.role in (Role.PRIMARY, Role.BACKUP) and a.name != primary)
                  if failover else None)
        one = self.length(installs)
        first_batches = len(self.batches(first_half))
        second_batches = len(self.batches(second_half))
        hours = max((i.soak_hours for i in installs), default=0)
        visit = one * (first_batches + second_batches + 1)  # the nodes and one master
        failure: Reason | None = None
        for begin, window in self.candidates(earliest, visit, primary, number):
            trial = dict(states)

            at = _stepper(window)

            steps = [at(primary, Action.BACKUP, begin), at(primary, Action.EXPORT_SSL, begin),
                     # Air-gapped: the packages come by Download Key (the master's
                     # obtain steps), then are uploaded and distributed.
                     at(primary, Action.DISTRIBUTE, begin,
                        obtain=obtain(states[primary].versions) if topology.manual
                        and primary in states else None),
                     at(primary, Action.STOP_ACCEPTING, begin, nodes=first_half)]
            steps += [at(node, Action.WAIT_DRAINED, begin) for node in first_half]
            outage = None
            moment = begin
            if failover:
                assert backup is not None
                work, moment = self.installs(backup, installs, moment, trial, primary)
                steps += [attrs.evolve(s, window=window) for s in work]
                work, moment = self.node_installs(first_half, installs, moment, trial,
                                                  primary)
                steps += [attrs.evolve(s, window=window) for s in work]
                steps.append(at(primary, Action.BECOME_BACKUP, moment, peer=backup))
                if topology.failover_by is not FailoverBy.SHARED_IP:
                    steps.append(at(backup, Action.SWITCH_TRAFFIC, moment,
                                    failover_by=topology.failover_by, peer=primary))
                steps.append(at(backup, Action.BECOME_PRIMARY, moment, peer=primary))
                outage = (moment, SWITCH_OVER)
                serving_from = moment if hours > 0 else None
                steps += [at(backup, Action.ACCEPT_CONNECTIONS, moment, nodes=first_half),
                          at(backup, Action.SYNC_NOW, moment)]
                work, moment = self.node_installs(second_half, installs, moment, trial,
                                                  backup)
                steps += [attrs.evolve(s, window=window) for s in work]
                steps.append(at(backup, Action.ACCEPT_CONNECTIONS, moment, nodes=second_half))
                soak_until = (serving_from + timedelta(hours=hours)
                              if serving_from is not None else None)
                first_install = next(s.start for s in steps if s.action is Action.INSTALL)
                switched = outage[0]
                try:
                    # The old master after the validation interval from the switch-over
                    # (when the new version starts serving), once the nodes are done.
                    second_begin, second_window = self.fit(
                        max(moment, switched + self.validation), one, window, primary,
                        number, self.deadline(number, primary, soak_until, first_install))
                except RunbookError as error:
                    failure = failure or error.reason
                    continue
                work, end = self.installs(primary, installs, second_begin, trial, backup)
                steps += [attrs.evolve(s, window=second_window) for s in work]
                steps += [at(primary, Action.ENABLE_BACKUP, end, window=second_window,
                             peer=backup),
                          at(backup, Action.SYNC_NOW, end, window=second_window)]
                unprotected = end - next(s.start for s in steps if s.action is Action.INSTALL)
                # The deadline of the second visit saw to both (self.deadline).
                assert soak_until is None or end <= soak_until
                assert self.cap is None or unprotected <= self.cap
                new_primary = backup
                involved = (backup, *first_half, *second_half, primary)
            else:
                work, moment = self.node_installs(first_half, installs, moment, trial,
                                                  primary)
                steps += [attrs.evolve(s, window=window) for s in work]
                master_from = moment
                work, moment = self.installs(primary, installs, moment, trial, None)
                steps += [attrs.evolve(s, window=window) for s in work]
                # One master: its install is the cluster's outage, until the upgraded
                # nodes accept connections again.
                outage = (master_from, moment - master_from)
                serving_from = self.serving_time(installs, work) if hours > 0 else None
                steps += [at(primary, Action.ACCEPT_CONNECTIONS, moment, nodes=first_half),
                          at(primary, Action.SYNC_NOW, moment)]
                work, moment = self.node_installs(second_half, installs, moment, trial,
                                                  primary)
                steps += [attrs.evolve(s, window=window) for s in work]
                steps += [at(primary, Action.ACCEPT_CONNECTIONS, moment, nodes=second_half),
                          at(primary, Action.SYNC_NOW, moment)]
                soak_until = (serving_from + timedelta(hours=hours)
                              if serving_from is not None else None)
                unprotected = None
                new_primary = primary
                involved = (*first_half, primary, *second_half)
            if soak_until is not None:
                steps.append(at(new_primary, Action.CONFIRM_JUMP_CLIENTS, soak_until,
                                window=None))
            states.update(trial)
            steps = [s for s in steps if s.nodes or s.action not in _ABOUT_NODES]
            return Round(number, RoundKind.UPGRADE, tuple(installs), involved, tuple(steps),
                         primary, new_primary, serving_from, soak_until, unprotected, outage)
        assert failure is not None
        raise RunbookError("runbook", failure, number)

    def staged(self, number: int, installs: Sequence[Install], earliest: datetime,
               serving: str, states: dict[str, State]) -> Round:
        """The vendor's staged upgrade (shared/catalog-facts.md): the backup master and
        half the traffic nodes (by geography) are held back, automatic failover is turned
        off on the backup and the primary resyncs; the primary installs with the other
        nodes; after the validation interval the held-back ones are updated and released,
        and automatic failover returns. The primary keeps its role."""
        primary = serving
        backup = next(a.name for a in self.topology.appliances
                      if a.role in (Role.PRIMARY, Role.BACKUP) and a.name != primary)
        together, held = self.halves
        one = self.length(installs)
        later = one * (1 + len(self.batches(held)))
        failure: Reason | None = None
        for begin, window in self.candidates(earliest, one, primary, number):
            trial = dict(states)

            at = _stepper(window)

            steps = [at(primary, Action.BACKUP, begin), at(primary, Action.EXPORT_SSL, begin),
                     at(primary, Action.HOLD_BACK, begin, nodes=(backup, *held)),
                     at(backup, Action.DISABLE_AUTO_FAILOVER, begin),
                     at(primary, Action.SYNC_NOW, begin)]
            work, end = self.installs(primary, installs, begin, trial, None, together)
            steps += [attrs.evolve(s, window=window) for s in work]
            served = self.serving_time(installs, work)
            soak_until = self.soak_end(installs, served)
            try:
                second, second_window = self.fit(end + self.validation, later, window,
                                                 backup, number,
                                                 self.deadline(number, backup, soak_until,
                                                               begin))
            except RunbookError as error:
                failure = failure or error.reason
                continue
            work, moment = self.installs(backup, installs, second, trial, primary)
            steps += [attrs.evolve(s, window=second_window) for s in work]
            work, moment = self.node_installs(held, installs, moment, trial, primary)
            steps += [attrs.evolve(s, window=second_window) for s in work]
            steps += [at(primary, Action.RELEASE, moment, nodes=(backup, *held),
                         window=second_window),
                      at(backup, Action.ENABLE_AUTO_FAILOVER, moment, window=second_window),
                      at(primary, Action.SYNC_NOW, moment, window=second_window)]
            unprotected = moment - begin
            # The deadline of the second visit saw to both (self.deadline).
            assert soak_until is None or moment <= soak_until
            assert self.cap is None or unprotected <= self.cap
            if soak_until is not None:
                steps.append(at(primary, Action.CONFIRM_JUMP_CLIENTS, soak_until, window=None))
            states.update(trial)
            return Round(number, RoundKind.UPGRADE, tuple(installs),
                         (primary, *together, backup, *held), tuple(steps), primary, primary,
                         served if soak_until else None, soak_until, unprotected)
        assert failure is not None
        raise RunbookError("runbook", failure, number)

    # -- new hardware ---------------------------------------------------------------

    def new_hardware(self, catalog: Catalog, start: datetime, shown: tzinfo, goal: Goal,
                     holds: tuple[Requirement | str, ...], soak: bool, at_newest: bool,
                     options: dict[str, int]) -> Runbook:
        """Bring the old and the new appliance to one state, move, then upgrade the new
        one (the guide does not say a backup restores onto a newer release); or, with
        ``at_newest``, move at the goal and reinstall the clients."""
        topology = self.topology
        old = topology.one(Role.OLD)
        new = topology.one(Role.NEW)
        assert old is not None and new is not None
        made: list[Round] = []
        if at_newest:
            the_plan = prepared = plan(catalog, new.state, goal, list(holds), soak=False,
                                       **options)
            site = _site_family(catalog)
            was, will = old.state.get(site), prepared.target.get(site)
            if was is not None and (will is None or will < was):
                raise RunbookError("runbook", Reason(
                    Code.RUNBOOK_RESTORE_OLDER, old=str(old.state),
                    target=str(prepared.target)), 1)
            cut = self.cut_over(1, prepared.steps, old.name, new.name, start,
                                prepared.target, catalog,
                                {old.name: old.state, new.name: new.state})
            again = RunbookStep(new.name, Action.REINSTALL_CLIENTS, cut.end, cut.end,
                                package=_site_label(catalog, prepared.target))
            made.append(attrs.evolve(cut, steps=(*cut.steps, again)))
        else:
            common = common_state(catalog, old.state, new.state, holds, soak, options)
            exact = Goal.coerce([f"{f}=={v}" for f, v in common])
            catch_up = plan(catalog, old.state, exact, list(holds), soak=soak, **options)
            made += self.alone(1, catch_up.steps, old.name, start, old.name, RoundKind.ALIGN)
            moment = self.next_start(made, start)
            prepared = plan(catalog, new.state, exact, list(holds), soak=False, **options)
            the_plan = plan(catalog, common, goal, list(holds), soak=soak, **options)
            made.append(self.cut_over(len(made) + 1, prepared.steps, old.name, new.name,
                                      moment, common, catalog,
                                      {old.name: common, new.name: new.state}))
            made += self.alone(len(made) + 1, the_plan.steps, new.name, made[-1].end,
                               new.name, RoundKind.UPGRADE)
        return Runbook(topology=topology, plan=the_plan, rounds=tuple(made), start=start,
                       tz=shown, windows=self.windows, validation=self.validation,
                       max_unprotected=self.cap, share_window=self.share_window,
                       nodes_at_once=self.at_once, cut_over_at=prepared.target,
                       cut_over_at_newest=at_newest)

    def cut_over(self, number: int, installs: Sequence[Install], old: str, new: str,
                 earliest: datetime, at_state: State, catalog: Catalog,
                 states: dict[str, State]) -> Round:
        """The guide's move to new hardware, in its order, in one visit."""
        length = self.length(installs)
        begin, window = self.fit(earliest, length, None, new, number)
        at = _stepper(window)

        steps = [at(new, Action.SET_UP, begin), at(old, Action.BACKUP, begin),
                 at(old, Action.EXPORT_SSL, begin), at(new, Action.IMPORT_SSL, begin, peer=old),
                 at(new, Action.ASSIGN_IP, begin)]
        moment = begin
        if installs:
            work, moment = self.installs(new, installs, begin, dict(states), old,
                                         backups=False)
            steps += [attrs.evolve(s, window=window) for s in work if s.action is not
                      Action.VERIFY]
        site = _site_label(catalog, at_state)
        steps += [at(new, Action.FIRST_LOGIN, moment), at(new, Action.RESTORE, moment, peer=old),
                  at(new, Action.POINT_DNS, moment),
                  at(new, Action.VERIFY, moment, **({"package": site} if site else {})),
                  at(old, Action.RETIRE, moment)]
        return Round(number, RoundKind.CUT_OVER, tuple(installs), (new,), tuple(steps), old,
                     new, None, None, None)


def _stepper(window: Occurrence | None) -> Callable[..., RunbookStep]:
    """Makes the steps of one visit that take no time: ``at(appliance, action, moment,
    nodes=..., window=..., **fields)``, in ``window`` unless told another."""

    def at(appliance: str, action: Action, moment: datetime, *,
           nodes: tuple[str, ...] = (), window: Occurrence | None = window,
           **extra: object) -> RunbookStep:
        return RunbookStep(appliance, action, moment, moment, nodes=nodes, window=window,
                           **extra)  # type: ignore[arg-type]

    return at


def _site_label(catalog: Catalog, state: State) -> str | None:
    """The label of the site package ``state`` runs, or None."""
    version = state.get(_site_family(catalog))
    return None if version is None else catalog.label(_site_family(catalog), version)


def _site_family(catalog: Catalog) -> str:
    """The family whose installs update the clients (the "Bomgar" site packages)."""
    for name in catalog.family_order():
        if catalog.families[name].clients_update:
            return name
    return catalog.family_order()[0]
