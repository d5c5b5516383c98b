"""Runbooks: the plan expanded into the upgrade guide's procedure, round by round.

``runbook(catalog, topology, start, ...)`` plans the deployment's upgrade and
returns a ``Runbook``: its rounds, each round's steps (``Action``, on which
appliance, when) placed on the calendar, who is primary after each round, how
long failover is broken, and when each soak ends. Rules (docs/runbooks.md;
the procedures are the guide's, shared/seed/DIGEST.md):

- **Rounds.** A round is a run of installs without a soak (Base) and the soaking
  install that follows it; installs after the last soaking one form a last
  round. Without soaks, rounds are cut so that each fits the longest
  maintenance window (one round without windows). Every appliance of a
  deployment takes every round, and a round is never split across windows on
  one appliance: the appliance takes a round's installs in one visit.
- **Visits.** Each round is one or two visits (a block of steps in one window
  occurrence). A failover pair takes two: the first appliance, then the other
  one after the *validation interval*, in another window occurrence unless
  ``share_window``; an Atlas cluster with failover takes two (the old master is
  updated after the validation interval). Steps other than installs are not
  estimated: they take no time on the calendar (allow for them in the windows).
- **Soak and failover.** A site package's soak counts from when the primary
  starts serving it: the primary's install ending (sync pair, single
  appliance, Atlas without failover), or the moment the other appliance is
  made primary (async pair, Atlas with failover). Failover is re-established
  (the second visit ends) before the soak ends, and the next round starts no
  earlier than the soak's end, when the Jump Clients are confirmed updated.
  The unprotected time of a round runs from breaking failover (Atlas: from the
  backup master's update) to re-establishing it; ``max_unprotected`` caps it.
  When no placement satisfies these, ``RunbookError`` says which round and why
  (never a runbook that breaks them).
- **Roles move.** In asynchronous rounds and Atlas rounds with failover the
  updated backup becomes primary, so the roles alternate round by round; the
  appliance serving as primary is never the one being updated.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from enum import StrEnum

import attrs

from .catalog import Catalog
from .errors import MAX_STATES, Code, Reason, ScheduleError
from .model import Goal, Requirement, State
from .planner import Plan, plan
from .planner import Step as Install
from .scheduling import (
    BASE_FAMILY,
    HORIZON,
    MAX_INSTALL,
    Obtain,
    SplitRound,
    aware_start,
    check_durations,
    install_duration,
    obtain,
    rounds,
    timeline,
)
from .topology import FailoverBy, Kind, Method, Role, Topology
from .windows import Occurrence, OneOff, Windows, zone

__all__ = ["DEFAULT_VALIDATION", "SWITCH_OVER", "Action", "Halt", "Round", "RoundKind",
           "Runbook", "RunbookError", "RunbookStep", "runbook"]

#: The guide asks for an interval between the two appliances' updates "long enough
#: to validate the new version in production and short enough to limit the time
#: without failover". Four hours: a shift's first sessions and consoles on the new
#: version, which leaves 20 of the 24 soak hours to update the other appliance and
#: re-establish failover inside the soak.
DEFAULT_VALIDATION = timedelta(hours=4)

#: The expected length of an Atlas switch-over (Become Backup on A, Become Primary on
#: B, DNS or NAT moved): a short outage the runbook names. An assumption: with DNS,
#: clients also wait out the record's time to live.
SWITCH_OVER = timedelta(minutes=5)

#: How far past its earliest start a round's first visit is tried (the second visit
#: then has to fit before the soak ends): weekly windows repeat after a week.
CANDIDATE_SPAN = timedelta(days=8)

#: The most traffic nodes updated at once.
MAX_NODES_AT_ONCE = 10_000


class Action(StrEnum):
    """What one step does; render/runbook.py has each one's page, words and check."""

    BACKUP = "backup"  # Software Management > Download Backup
    NEW_BACKUP = "new-backup"  # between a Base install and the package after it, at once
    EXPORT_SSL = "export-ssl"  # /appliance > Security > Certificates > Export
    OBTAIN = "obtain"  # manual updates: Appliance Download Key, removable media, upload
    INSTALL = "install"  # /appliance > Updates > Install This Update
    VERIFY = "verify"  # Help > About shows the version; a session to a remote computer
    CONFIRM_JUMP_CLIENTS = "confirm-jump-clients"  # export the list: every status date after
    SYNC_NOW = "sync-now"  # Failover (Atlas: Cluster) > Sync Now, and wait
    BREAK_FAILOVER = "break-failover"  # Failover > Break Failover Relationships
    MAKE_PRIMARY = "make-primary"  # async pair: shared IP, DNS or NAT moved to the backup
    REESTABLISH = "re-establish"  # Failover page of the new primary, same pre-shared key
    DISTRIBUTE = "distribute"  # Atlas: download without installing; Distribute to Cluster
    STOP_ACCEPTING = "stop-accepting"  # Atlas: untick Accept Client Connections
    WAIT_DRAINED = "wait-drained"  # Atlas: Status > Information, Connected Clients empty
    BECOME_BACKUP = "become-backup"  # Atlas: on A, Failover > Become Backup
    SWITCH_TRAFFIC = "switch-traffic"  # Atlas: DNS or NAT to the new primary
    BECOME_PRIMARY = "become-primary"  # Atlas: on B, Become Primary; untick Enable Backup Ops
    ACCEPT_CONNECTIONS = "accept-connections"  # Atlas: tick Accept New Client Connections
    ENABLE_BACKUP = "enable-backup-operations"  # Atlas: on the backup master
    HOLD_BACK = "hold-back"  # staged: untick "Install updates on this node together ..."
    DISABLE_AUTO_FAILOVER = "disable-automatic-failover"  # staged: on the backup master
    RELEASE = "release-held-back"  # staged: tick it again for the held-back nodes
    ENABLE_AUTO_FAILOVER = "enable-automatic-failover"  # staged: on the backup master
    SET_UP = "set-up"  # new hardware: install the appliance per its install guide
    IMPORT_SSL = "import-ssl"  # new hardware: the exported chain, with its key
    ASSIGN_IP = "assign-ip"  # new hardware: once the certificate shows no warnings
    FIRST_LOGIN = "first-login"  # new hardware: /login as admin / password
    RESTORE = "restore-backup"  # new hardware: Software Management > Upload Backup
    POINT_DNS = "point-dns"  # new hardware: the site's DNS at the new appliance; test
    RETIRE = "retire"  # new hardware: factory reset, shut down, return
    UNINSTALL_CLIENTS = "uninstall-clients"  # no-soak mode: every client, before anything
    REINSTALL_CLIENTS = "reinstall-clients"  # no-soak mode, or a move at the newest


#: Steps about a set of traffic nodes: none when the set is empty (regions of one node).
_ABOUT_NODES = (Action.STOP_ACCEPTING, Action.ACCEPT_CONNECTIONS, Action.HOLD_BACK,
                Action.RELEASE)


class RoundKind(StrEnum):
    UPGRADE = "upgrade"  # a round of the plan, taken by every appliance
    ALIGN = "align"  # a pair's appliances brought to one package before failover
    CUT_OVER = "cut-over"  # new hardware: the move itself


@attrs.frozen
class Halt:
    """Where to stop if a Base update has trouble (the guide: do not restart the
    appliance; call support), and what each appliance then runs."""

    states: tuple[tuple[str, State], ...]
    serving: str | None  # the appliance clients reach meanwhile
    fallback: str | None = None  # nobody serves: the appliance not yet touched


@attrs.frozen
class RunbookStep:
    """One step of the procedure: ``action`` on ``appliance``, from ``start`` to
    ``end`` (UTC; only installs take time)."""

    appliance: str
    action: Action
    start: datetime
    end: datetime
    package: str | None = None  # install, obtain, verify: the package label
    nodes: tuple[str, ...] = ()  # Atlas: the traffic nodes the step is about
    peer: str | None = None  # re-establish: the backup; make-primary: the old primary
    failover_by: FailoverBy | None = None  # make-primary, switch-traffic
    obtain: Obtain | None = None  # manual updates: where the Download Key comes from
    halt: Halt | None = None  # a Base install: where to stop if it has trouble
    serving: str | None = None  # an install: the appliance clients reach meanwhile
    window: Occurrence | None = None


@attrs.frozen
class Round:
    """One round: its installs and the steps every appliance takes for them."""

    number: int
    kind: RoundKind
    installs: tuple[Install, ...]
    appliances: tuple[str, ...]  # the appliances that install in this round
    steps: tuple[RunbookStep, ...]
    primary_before: str | None
    primary_after: str | None
    serving_from: datetime | None  # when the primary began serving the soaking package
    soak_until: datetime | None
    unprotected: timedelta | None  # None where the topology has no failover
    outage: tuple[datetime, timedelta] | None = None  # Atlas: the switch-over

    @property
    def start(self) -> datetime:
        return self.steps[0].start

    @property
    def end(self) -> datetime:
        """When the last step that is not the Jump Client confirmation ends."""
        work = [s.end for s in self.steps if s.action is not Action.CONFIRM_JUMP_CLIENTS]
        return max(work) if work else self.start

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(i.package.label for i in self.installs)


@attrs.frozen
class Runbook:
    """A deployment's upgrade, round by round, on the calendar."""

    topology: Topology
    plan: Plan = attrs.field(repr=False)  # the deployment's plan (new hardware: the new one's)
    rounds: tuple[Round, ...]
    start: datetime
    tz: tzinfo
    windows: Windows | None = None
    validation: timedelta = DEFAULT_VALIDATION
    max_unprotected: timedelta | None = None
    share_window: bool = False
    nodes_at_once: int = 1
    offline_first: tuple[str, ...] = ()  # Atlas: the half taken offline first (staged:
    # the half installed with the primary; the rest is held back with the backup master)
    single_node_regions: tuple[str, ...] = ()  # Atlas: a region that goes dark
    aligned: State | None = None  # a pair that started apart: the common state
    cut_over_at: State | None = None  # new hardware: the state restored onto
    cut_over_at_newest: bool = False  # new hardware: moved at the goal, clients reinstalled
    split_rounds: tuple[SplitRound, ...] = ()  # one appliance: rounds no window held whole

    @property
    def completion(self) -> datetime:
        """When the last install or failover step ends; ``start`` without rounds."""
        return max((r.end for r in self.rounds), default=self.start)

    @property
    def clients_settled(self) -> datetime:
        return max([self.completion, *(r.soak_until for r in self.rounds if r.soak_until)])

    @property
    def unprotected(self) -> timedelta | None:
        """The longest unprotected time of a round."""
        times = [r.unprotected for r in self.rounds if r.unprotected is not None]
        return max(times) if times else None

    @property
    def zone_name(self) -> str:
        return getattr(self.tz, "key", None) or self.start.astimezone(self.tz).strftime("UTC%z")

    def local(self, value: datetime) -> datetime:
        return value.astimezone(self.tz)


class RunbookError(ScheduleError):
    """No runbook satisfies the rules with the inputs given (``round`` names where:
    1-based), or an input is out of range; ``what`` names the input as ``runbook``
    calls it."""

    def __init__(self, what: str, reason: Reason, round_number: int | None = None) -> None:
        self.round = round_number
        super().__init__(what, reason)


def runbook(
    catalog: Catalog,
    topology: Topology,
    start: datetime | str,
    goal: Goal | str | Sequence[str] | None = None,
    holds: Sequence[Requirement | str] = (),
    *,
    soak: bool = True,
    windows: Windows | None = None,
    tz: tzinfo | str | None = None,
    validation: timedelta = DEFAULT_VALIDATION,
    max_unprotected: timedelta | None = None,
    share_window: bool = False,
    nodes_at_once: int = 1,
    multiplier: float = 1,
    duration_override: timedelta | None = None,
    cut_over_at_newest: bool = False,
    max_states: int | None = None,
) -> Runbook:
    """Plan ``topology``'s upgrade to ``goal`` and lay out its runbook from ``start`` on.

    ``windows``, ``tz``, ``multiplier`` and ``duration_override`` are as for
    ``schedule``. ``validation`` is the interval between the two appliances'
    updates of a round; ``max_unprotected`` caps each round's time without
    failover; ``share_window`` lets both appliances of a round use one window
    occurrence; ``nodes_at_once`` is how many Atlas traffic nodes are updated
    at once; ``cut_over_at_newest`` moves new hardware at the newest version
    (no soaks; clients reinstalled) instead of at the old appliance's.

    Raises ``Unreachable`` when the goal cannot be reached, ``RunbookError``
    (a ``ScheduleError``) when the rounds cannot be placed as the rules require.
    """
    if not isinstance(topology, Topology):
        raise RunbookError("topology", Reason(Code.EXPECTED_TOPOLOGY, value=topology))
    if isinstance(tz, str):
        tz = zone(tz)
    elif tz is not None and not isinstance(tz, tzinfo):
        raise RunbookError("tz", Reason(Code.ZONE_WRONG_TYPE, value=tz))
    if windows is not None and not isinstance(windows, Windows):
        raise RunbookError("windows", Reason(Code.WINDOWS_WRONG_TYPE, value=windows))
    for what, flag in (("soak", soak), ("share_window", share_window),
                       ("cut_over_at_newest", cut_over_at_newest)):
        if not isinstance(flag, bool):
            raise RunbookError(what, Reason(Code.EXPECTED_FLAG, what=what, value=flag))
    active = windows if windows is not None and windows.rules else None
    begin = aware_start(start, tz)
    check_durations(multiplier, duration_override, None)
    _check_times(validation, max_unprotected, nodes_at_once)
    shown = tz or (active.tz if active else None) or begin.tzinfo
    assert shown is not None
    options = {"max_states": max_states} if max_states is not None else {}

    def duration(step: Install) -> timedelta:
        return install_duration(step, multiplier, duration_override)

    layout = _Layout(topology, active, validation, max_unprotected, share_window,
                     nodes_at_once, duration, shown)
    try:
        if topology.kind is Kind.NEW_HARDWARE:
            moved = layout.new_hardware(catalog, begin.astimezone(UTC), shown,
                                        Goal.coerce(goal), tuple(holds), soak,
                                        cut_over_at_newest, options)
            return attrs.evolve(moved, split_rounds=tuple(layout.split), rounds=tuple(
                moved.rounds if soak else _without_clients(list(moved.rounds), catalog)))
        first = topology.appliances[0].state
        aligned = None
        if topology.kind is Kind.PAIR:
            states = {a.state for a in topology.appliances}
            if len(states) > 1:
                first_a, second_b = topology.appliances
                aligned = _common_state(catalog, first_a.state, second_b.state, tuple(holds),
                                        soak, options)
                first = aligned
        the_plan = plan(catalog, first, Goal.coerce(goal), list(holds), soak=soak, **options)
        rounds_made = layout.deployment(catalog, the_plan, begin.astimezone(UTC), aligned,
                                        tuple(holds), soak, options)
    except OverflowError:
        raise RunbookError("runbook", Reason(Code.PAST_CALENDAR)) from None
    if not soak:
        rounds_made = _without_clients(rounds_made, catalog)
    return Runbook(topology=topology, plan=the_plan, rounds=tuple(rounds_made),
                   start=begin.astimezone(UTC), tz=shown, windows=active,
                   validation=validation, max_unprotected=max_unprotected,
                   share_window=share_window, nodes_at_once=nodes_at_once,
                   offline_first=layout.offline_first(),
                   single_node_regions=layout.single_node_regions(), aligned=aligned,
                   split_rounds=tuple(layout.split))


def _without_clients(made: list[Round], catalog: Catalog) -> list[Round]:
    """No-soak mode (the guide's alternative): every client uninstalled before the first
    install and reinstalled by hand after the last, when a site package is installed."""
    clients = {name for name, family in catalog.families.items() if family.clients_update}
    if not made or not any(i.package.family in clients for r in made for i in r.installs):
        return made
    first, last = made[0], made[-1]
    who = first.primary_before or first.appliances[0]
    off = RunbookStep(who, Action.UNINSTALL_CLIENTS, first.start, first.start)
    made = [attrs.evolve(first, steps=(off, *first.steps)), *made[1:]]
    last = made[-1]
    back = RunbookStep(last.primary_after or who, Action.REINSTALL_CLIENTS, last.end, last.end,
                       package=last.installs[-1].package.label if last.installs else None)
    made[-1] = attrs.evolve(last, steps=(*last.steps, back))
    return made


def _check_times(validation: timedelta, cap: timedelta | None, at_once: int) -> None:
    for what, value in (("validation", validation), ("max_unprotected", cap)):
        if value is None and what == "max_unprotected":
            continue
        if not isinstance(value, timedelta) or value < timedelta(0):
            raise RunbookError(what, Reason(Code.TIME_SPAN_INVALID, what=what, value=value))
        if value > MAX_INSTALL:
            raise RunbookError(what, Reason(Code.DURATION_TOO_LONG, limit=MAX_INSTALL,
                                            duration=value))
    if isinstance(at_once, bool) or not isinstance(at_once, int) or not (
            1 <= at_once <= MAX_NODES_AT_ONCE):
        raise RunbookError("nodes_at_once", Reason(Code.NODES_AT_ONCE_INVALID,
                                                   limit=MAX_NODES_AT_ONCE, value=at_once))


def _common_state(catalog: Catalog, a: State, b: State, holds: tuple[Requirement | str, ...],
                  soak: bool, options: dict[str, int]) -> State:
    """The cheapest state both ``a`` and ``b`` can reach: the least sum of the two plans'
    costs (soak hours, installs, install minutes), ties to the greatest state (versions
    compared in family priority order). ``Unreachable`` (for ``b``) when there is none."""
    from ._search import search  # noqa: PLC0415
    from .planner import plan_to, required_families  # noqa: PLC0415

    held = Requirement.coerce_all(list(holds), "hold")
    installed = {f for state in (a, b) for f, _ in state}
    families = required_families(catalog, installed, held)
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


class _Layout:
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
        self.halves = self._halves() if topology.kind is Kind.ATLAS else ((), ())
        self.masters = {a.name for a in topology.appliances if a.role is not Role.TRAFFIC}
        self.split: list[SplitRound] = []  # rounds one appliance could not take in one window

    # -- Atlas halves ---------------------------------------------------------------

    def _halves(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Half the traffic nodes of every region offline first (rounded down), so a
        region with two or more nodes keeps one accepting; a lone node goes last."""
        first: list[str] = []
        rest: list[str] = []
        for nodes in self.topology.regions.values():
            half = len(nodes) // 2
            first += [n.name for n in nodes[:half]]
            rest += [n.name for n in nodes[half:]]
        return tuple(first), tuple(rest)

    def offline_first(self) -> tuple[str, ...]:
        return self.halves[0]

    def single_node_regions(self) -> tuple[str, ...]:
        return tuple(r for r, nodes in self.topology.regions.items() if len(nodes) == 1)

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
        raise RunbookError("runbook", Reason(
            Code.RUNBOOK_NO_WINDOW, round=number, what=what, duration=length,
            after=self._shown(earliest), windows=self.windows), number)

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
        steps.append(RunbookStep(appliance, Action.VERIFY, at, at, package=installs[-1]
                                 .package.label, nodes=nodes))
        return steps, at

    def length(self, installs: Sequence[Install], batches: int = 1) -> timedelta:
        return sum((self.duration(i) for i in installs), timedelta(0)) * batches

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
            common = _common_state(catalog, old.state, new.state, holds, soak, options)
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
