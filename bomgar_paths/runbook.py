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

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from enum import StrEnum

import attrs

from .catalog import Catalog
from .errors import Code, Reason, ScheduleError
from .model import Goal, Requirement, State
from .planner import Plan, plan
from .planner import Step as Install
from .scheduling import (
    MAX_INSTALL,
    Obtain,
    SplitRound,
    aware_start,
    calendar_zone,
    check_durations,
    install_duration,
)
from .topology import FailoverBy, Kind, Topology
from .windows import Occurrence, Windows

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
    family: str | None = None  # verify: the package's family (Base shows on Status > Basics)
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
    aligned: State | None = None  # a pair that started apart: the common state
    cut_over_at: State | None = None  # new hardware: the state restored onto
    cut_over_at_newest: bool = False  # new hardware: moved at the goal, clients reinstalled
    split_rounds: tuple[SplitRound, ...] = ()  # one appliance: rounds no window held whole

    @property
    def offline_first(self) -> tuple[str, ...]:
        """Atlas: the half of the traffic nodes taken offline first (staged: installed
        with the primary; the rest is held back with the backup master)."""
        return self.topology.halves[0]

    @property
    def single_node_regions(self) -> tuple[str, ...]:
        return self.topology.single_node_regions

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
    tz = calendar_zone(tz, windows, RunbookError)
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

    from ._layout import Layout, common_state  # noqa: PLC0415  (the placement, on use)

    layout = Layout(topology, active, validation, max_unprotected, share_window,
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
                aligned = common_state(catalog, first_a.state, second_b.state, tuple(holds),
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
                   aligned=aligned,
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
