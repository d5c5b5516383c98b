"""A plan placed on the calendar: soaks, maintenance windows, client follow-up.

``schedule(plan, start, ...)`` returns a ``Schedule``: when each install of
the plan starts and ends, what held it back (its ``Gate``), when the last
install completes and when the clients have settled (the end of the last
soak), and what to do about the deployed clients. Rules, from the upgrade
guide (shared/seed/DIGEST.md):

- **Order.** Installs run one at a time in the plan's order; the appliance is
  down during each, so one starts no earlier than the previous one ended.
- **Soak.** A package whose step has ``soak_hours > 0`` starts no earlier than
  the previous soaking package's ``soak_hours`` after that package finished,
  so that deployed clients catch up with each intermediate version. Packages
  without a soak (Base) may run during a soak; no-soak plans have no soaks.
  Soak hours are elapsed hours: a soak across a clock change is still 24 h.
- **Windows.** With maintenance windows, an install starts only where its
  estimated duration fits inside one window occurrence (windows.py), and at
  most ``max_installs_per_window`` installs start in one occurrence.
- **Durations.** The plan's estimates (the catalog's ``install_minutes``)
  times ``multiplier``, or one ``duration_override`` for every install: the
  guide says 15 minutes to an hour, much longer with many recordings stored.

What happens to the deployed clients around each site install (and the
no-soak mode's uninstall and reinstall lists) is clients.py's concept; this
module places installs in time and attaches those items to the steps.

Each install is placed at the earliest moment the rules allow (greedy), which
is the earliest possible timeline because the rules only ever push later.
Every time in the result is an aware datetime **in UTC**: Python compares and
subtracts two datetimes of the same ``ZoneInfo`` by their wall clocks, which is
wrong across a clock change, and UTC has none. ``Schedule.tz`` is the zone to
show them in (``tz``, else the windows' zone, else ``start``'s own offset);
``Schedule.local(t)`` converts, and every rendering carries the offset of each
time's own date.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Literal

import attrs
from packaging.version import Version

from .clients import (
    FollowUp,
    JumpLate,
    JumpThrottle,
    after_site_install,
    jump_throttle,
    no_soak_clients,
)
from .errors import Code, Reason, ScheduleError
from .planner import Plan, Step
from .windows import Occurrence, Window, Windows, local_instant, zone

__all__ = [
    "BASE_FAMILY",
    "DOWNLOAD_KEY_FROM",
    "MAX_INSTALL",
    "MAX_MULTIPLIER",
    "FollowUp",
    "Gate",
    "JumpThrottle",
    "JumpWarning",
    "Obtain",
    "Schedule",
    "ScheduledStep",
    "SplitRound",
    "parse_start",
    "rounds",
    "schedule",
]

#: The appliance platform's family: its updates restart the appliance.
BASE_FAMILY = "base"

#: From this Base on, /appliance > Updates makes the Appliance Download Key
#: itself; before it, the key is requested from support (guide: Manual updates).
DOWNLOAD_KEY_FROM = (BASE_FAMILY, Version("3.3.2"))

#: How far past the earliest possible start a free window is looked for.
HORIZON = timedelta(days=2 * 366)

#: The largest duration multiplier and install duration taken: beyond them
#: the estimate means nothing (the catalog caps install_minutes at a year too).
MAX_MULTIPLIER = 100
MAX_INSTALL = timedelta(days=365)


GateKind = Literal["start", "previous install", "soak", "window"]


@attrs.frozen
class Gate:
    """What decided an install's start: the schedule's start, the previous
    install ending, a soak ending (``until``), or a window opening."""

    kind: GateKind
    until: datetime | None = None  # the soak's end, or when the window opened



@attrs.frozen
class Obtain:
    """How a package reaches an air-gapped appliance: an Appliance Download Key, which
    the Updates page makes itself once ``installed_base`` is at least ``key_from``, and
    support makes before that."""

    installed_base: Version | None
    key_from: Version

    @property
    def from_updates_page(self) -> bool:
        return self.installed_base is not None and self.installed_base >= self.key_from


@attrs.frozen
class JumpWarning:
    """Jump Client upgrades outlast the wait after some site installs (``late``, of
    ``site_installs``), estimated with ``throttle``."""

    late: tuple[JumpLate, ...]
    site_installs: int
    throttle: JumpThrottle


@attrs.frozen
class SplitRound:
    """A round that could not go in one window: its installs (labels) were placed one by
    one, because together they are longer than every window (``over="window"``) or
    more than the cap on installs per window (``over="cap"``)."""

    packages: tuple[str, ...]
    over: Literal["window", "cap"]


@attrs.frozen
class ScheduledStep:
    """One install of the plan, placed on the calendar."""

    step: Step
    start: datetime
    end: datetime
    gate: Gate
    soak_until: datetime | None  # end of the soak this install starts; None without one
    window: Occurrence | None  # the window occurrence it runs in
    obtain: Obtain | None = None  # how to get the package (manual updates)
    follow_up: tuple[FollowUp, ...] = ()

    @property
    def package(self) -> str:
        return self.step.package.label

    @property
    def duration(self) -> timedelta:
        return self.end - self.start


@attrs.frozen
class Schedule:
    """The timeline of a plan and what to do about the clients around it."""

    plan: Plan = attrs.field(repr=False)
    start: datetime
    steps: tuple[ScheduledStep, ...]
    tz: tzinfo
    windows: Windows | None = None
    max_installs_per_window: int | None = None
    multiplier: float = 1
    duration_override: timedelta | None = None
    manual: bool = False
    jump_throttle: JumpThrottle | None = None
    uninstall_before: tuple[FollowUp, ...] = ()  # no-soak mode
    reinstall_after: tuple[FollowUp, ...] = ()  # no-soak mode
    warnings: tuple[JumpWarning | SplitRound, ...] = ()

    @property
    def completion(self) -> datetime:
        """When the last install ends (``start`` for an empty plan); UTC."""
        return self.steps[-1].end if self.steps else self.start

    @property
    def clients_settled(self) -> datetime:
        """When the last soak ends; never before completion."""
        return max([self.completion, *(s.soak_until for s in self.steps if s.soak_until)])

    @property
    def zone_name(self) -> str:
        return getattr(self.tz, "key", None) or self.local(self.start).strftime("UTC%z")

    def local(self, value: datetime) -> datetime:
        """``value`` in the display zone: for showing, not for arithmetic."""
        return value.astimezone(self.tz)


def calendar_zone(tz: object, windows: object,
                  error: type[ScheduleError] = ScheduleError) -> tzinfo | None:
    """``tz`` as a zone (an IANA name is looked up), with ``windows`` checked to be
    ``Windows``: the calendar inputs ``schedule`` and ``runbook`` share."""
    if windows is not None and not isinstance(windows, Windows):
        raise error("windows", Reason(Code.WINDOWS_WRONG_TYPE, value=windows))
    if isinstance(tz, str):
        return zone(tz)
    if tz is not None and not isinstance(tz, tzinfo):
        raise error("tz", Reason(Code.ZONE_WRONG_TYPE, value=tz))
    return tz


def parse_start(text: str, tz: tzinfo | None = None) -> datetime:
    """Read ``--start``: ISO 8601 with an offset (``2026-12-05T01:00+03:00``), or
    without one when ``tz`` says where it is (a wall time, as windows.py reads it)."""
    if not isinstance(text, str):
        raise ScheduleError("start", Reason(Code.START_NOT_TEXT, text=text))
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ScheduleError("start", Reason(Code.START_NOT_ISO, text=text)) from None
    if value.tzinfo is not None:
        return value
    if tz is None:
        raise ScheduleError("start", Reason(Code.START_WITHOUT_OFFSET, text=text))
    try:
        return local_instant(value.date(), value.time(), tz).astimezone(tz)
    except OverflowError:
        raise ScheduleError("start", Reason(Code.START_END_OF_CALENDAR, text=text)) from None


def schedule(
    plan: Plan,
    start: datetime | str,
    *,
    windows: Windows | None = None,
    tz: tzinfo | str | None = None,
    multiplier: float = 1,
    duration_override: timedelta | None = None,
    max_installs_per_window: int | None = None,
    manual: bool = False,
    jump_clients: int | None = None,
    max_concurrent_jump_upgrades: int | None = None,
    jump_upgrade_minutes: float = 5,
) -> Schedule:
    """Place ``plan`` on the calendar from ``start`` (an aware datetime) on.

    ``start`` may also be ISO 8601 text (``parse_start``), or a naive
    datetime when ``tz`` is given (a wall time there); a ``date`` alone is
    refused, as it says neither the hour nor the zone.
    ``windows`` restricts when installs may run (None, or no rules: any
    time); ``tz`` is the zone the result is shown in (a ``tzinfo`` or an
    IANA name). ``multiplier`` scales the catalog's install estimates;
    ``duration_override`` replaces them (give one or the other). ``manual``
    notes on each step how the package is obtained without the appliance
    reaching the update server. With
    ``jump_clients`` and ``max_concurrent_jump_upgrades``, each site install's
    Jump Client follow-up carries a throttle estimate (``jump_upgrade_minutes``
    per upgrade, an assumption) and a warning when it outlasts the soak.

    Raises ``ScheduleError`` for a start without an offset, arguments of the
    wrong kind, out-of-range numbers (``multiplier`` up to ``MAX_MULTIPLIER``,
    durations up to ``MAX_INSTALL``), a schedule past the year 9999, or when
    no window within two years can hold an install.
    """
    if not isinstance(plan, Plan):
        raise ScheduleError("plan", Reason(Code.EXPECTED_PLAN, value=plan))
    tz = calendar_zone(tz, windows)
    start = aware_start(start, tz)
    check_durations(multiplier, duration_override, max_installs_per_window)
    try:
        return _schedule(plan, start, windows, tz, multiplier, duration_override,
                         max_installs_per_window, manual,
                         jump_throttle(jump_clients, max_concurrent_jump_upgrades,
                                       jump_upgrade_minutes))
    except OverflowError:  # a date past 9999-12-31, wherever the arithmetic reaches it
        raise ScheduleError("schedule", Reason(Code.PAST_CALENDAR)) from None


def aware_start(start: object, tz: tzinfo | None) -> datetime:
    """``schedule``'s start as an aware datetime in whole seconds."""
    if isinstance(start, str):
        start = parse_start(start, tz)
    if not isinstance(start, datetime):
        raise ScheduleError("start", Reason(Code.START_IS_DATE, date=start)
                            if isinstance(start, date) else
                            Reason(Code.START_WRONG_TYPE, value=start))
    if start.tzinfo is None or start.utcoffset() is None:
        if tz is None:
            raise ScheduleError("start", Reason(Code.START_NAIVE, start=start.isoformat()))
        start = parse_start(start.isoformat(), tz)
    try:
        if start.microsecond:  # whole seconds throughout; "no earlier than" rounds up
            start += timedelta(microseconds=1_000_000 - start.microsecond)
        start.astimezone(UTC)
    except OverflowError:
        raise ScheduleError("start", Reason(Code.PAST_CALENDAR)) from None
    return start


def _schedule(plan: Plan, start: datetime, windows: Windows | None, tz: tzinfo | None,
              multiplier: float, duration_override: timedelta | None,
              max_installs_per_window: int | None, manual: bool,
              throttle: JumpThrottle | None) -> Schedule:
    """``schedule`` once its arguments are checked."""
    active = windows if windows is not None and windows.rules else None
    if max_installs_per_window is not None and active is None:
        raise ScheduleError("max_installs_per_window", Reason(Code.CAP_WITHOUT_WINDOWS))
    shown = tz or (active.tz if active else None) or start.tzinfo
    assert shown is not None

    placed, split = timeline(plan.steps, start.astimezone(UTC), active,
                             max_installs_per_window,
                             lambda step: install_duration(step, multiplier, duration_override))
    clients = {name for name, family in plan.catalog.families.items() if family.clients_update}
    updating = [k for k, (step, *_rest) in enumerate(placed)
                if step.package.family in clients]
    # Each client-updating install, and the next one after it (None after the last).
    next_update = dict(zip(updating, [*updating[1:], None], strict=False))
    late: list[JumpLate] = []
    steps = []
    before = plan.start
    for k, (step, begin, end, gate, soak_until, occurrence) in enumerate(placed):
        follow_up: tuple[FollowUp, ...] = ()
        if plan.soak and k in next_update:
            following = next_update[k]
            follow_up = after_site_install(
                step, end, throttle,
                next_start=None if following is None else placed[following][1],
                last=following is None)
            late += [f.late for f in follow_up if f.late is not None]
        steps.append(ScheduledStep(
            step=step,
            start=begin,
            end=end,
            gate=gate,
            soak_until=soak_until,
            window=occurrence,
            obtain=obtain(before.versions) if manual else None,
            follow_up=follow_up,
        ))
        before = step.after
    warnings: list[JumpWarning | SplitRound] = list(split)
    if late:
        assert throttle is not None
        warnings.append(JumpWarning(tuple(late), len(updating), throttle))
    uninstall: tuple[FollowUp, ...] = ()
    reinstall: tuple[FollowUp, ...] = ()
    if not plan.soak and updating:
        uninstall, reinstall = no_soak_clients(steps[0].start, steps[-1].end)
    return Schedule(
        plan=plan, start=start.astimezone(UTC), steps=tuple(steps), tz=shown, windows=active,
        max_installs_per_window=max_installs_per_window, multiplier=multiplier,
        duration_override=duration_override, manual=manual, jump_throttle=throttle,
        uninstall_before=uninstall, reinstall_after=reinstall, warnings=tuple(warnings),
    )


_Placed = tuple[Step, datetime, datetime, Gate, datetime | None, Occurrence | None]


def rounds(steps: Sequence[Step]) -> list[tuple[Step, ...]]:
    """The installs in rounds: each run of installs without a soak (Base) with the
    soaking install that follows it, and the installs after the last soaking one.
    A round goes in one window, back to back (the guide: a new backup after the
    Base install, then the site package at once). Without soaks (no-soak mode)
    every install is a round of its own: the windows group them."""
    cut: list[tuple[Step, ...]] = []
    current: list[Step] = []
    soaking = any(step.soak_hours > 0 for step in steps)
    for step in steps:
        current.append(step)
        if step.soak_hours > 0 or not soaking:
            cut.append(tuple(current))
            current = []
    if current:
        cut.append(tuple(current))
    return cut


def timeline(steps: Sequence[Step], start: datetime, windows: Windows | None,
             cap: int | None, duration_of: Callable[[Step], timedelta],
             ) -> tuple[list[_Placed], list[SplitRound]]:
    """The greedy placement, in UTC: each round at the earliest moment allowed, its
    installs back to back in one window occurrence; a round that no window can hold
    whole (too long, or over the cap) is placed install by install, and returned in
    the second list."""
    placed: list[_Placed] = []
    split: list[SplitRound] = []
    previous_end = start
    soak_gate: datetime | None = None  # when the previous soaking package's soak ends
    used: dict[tuple[Window, datetime], int] = {}
    units: list[tuple[Step, ...]] = []
    for whole in rounds(steps):
        over = _over(whole, windows, cap, duration_of)
        if over is None:
            units.append(whole)
        else:
            split.append(SplitRound(tuple(s.package.label for s in whole), over))
            units += [(step,) for step in whole]
    for unit in units:
        lengths = [duration_of(step) for step in unit]
        earliest = previous_end
        gate = Gate("start" if not placed else "previous install")
        if soak_gate is not None and soak_gate > earliest:
            earliest, gate = soak_gate, Gate("soak", soak_gate)
        occurrence = None
        begin = earliest
        if windows is not None:
            begin, occurrence = _fit(windows, earliest, sum(lengths, timedelta(0)), used, cap,
                                     unit)
            if begin > earliest:
                gate = Gate("window", occurrence.opens)
        for step, duration in zip(unit, lengths, strict=True):
            end = begin + duration
            soak_until = None
            if step.soak_hours > 0:
                soak_until = end + timedelta(hours=step.soak_hours)
                soak_gate = soak_until
            placed.append((step, begin, end, gate, soak_until, occurrence))
            gate = Gate("previous install")
            begin = previous_end = end
    return placed, split


def _over(unit: Sequence[Step], windows: Windows | None, cap: int | None,
          duration_of: Callable[[Step], timedelta]) -> Literal["window", "cap"] | None:
    """Why a round of several installs cannot go in one window, or None."""
    if windows is None or len(unit) < 2:
        return None
    if cap is not None and len(unit) > cap:
        return "cap"
    if sum((duration_of(s) for s in unit), timedelta(0)) > windows.longest():
        return "window"
    return None


def _fit(windows: Windows, earliest: datetime, duration: timedelta,
         used: dict[tuple[Window, datetime], int], cap: int | None,
         unit: Sequence[Step]) -> tuple[datetime, Occurrence]:
    """The first occurrence, in opening order, that holds the round from ``earliest``
    on and has room for its installs under the cap: the earliest possible start."""
    label = ", ".join(step.package.label for step in unit)
    longest = windows.longest()
    # A clock change lengthens a night's window by an hour at most (two in a few
    # historical zones): past that, no search can succeed.
    if duration > longest + timedelta(hours=2):
        raise _too_long(label, duration, longest, windows)
    last = windows.last_one_off()
    for occurrence in windows.fitting(earliest, duration, HORIZON):
        key = (occurrence.window, occurrence.opens)
        if cap is not None and used.get(key, 0) + len(unit) > cap:
            continue
        used[key] = used.get(key, 0) + len(unit)
        return max(occurrence.opens, earliest), occurrence
    if duration > longest:
        raise _too_long(label, duration, longest, windows)
    soon = last is None or last <= earliest + HORIZON
    raise ScheduleError("schedule", Reason(
        Code.NO_WINDOW_SOON if soon else Code.NO_WINDOW_AT_ALL,
        after=earliest.astimezone(windows.tz).isoformat(timespec="minutes"), package=label,
        duration=duration, windows=windows))


def _too_long(label: str, duration: timedelta, longest: timedelta,
              windows: Windows) -> ScheduleError:
    return ScheduleError("schedule", Reason(Code.INSTALL_LONGER_THAN_WINDOWS, package=label,
                                            duration=duration, windows=windows,
                                            longest=longest))


def install_duration(step: Step, multiplier: float, override: timedelta | None) -> timedelta:
    """An install's estimate: the catalog's times ``multiplier``, or ``override``."""
    if override is not None:
        return override
    # Whole seconds: estimates are rough, and timelines read better without microseconds.
    return timedelta(seconds=round(step.install_minutes * 60 * multiplier))


def check_durations(multiplier: float, override: timedelta | None, cap: int | None) -> None:
    if not (isinstance(multiplier, int | float) and not isinstance(multiplier, bool)
            and math.isfinite(multiplier) and 0 < multiplier <= MAX_MULTIPLIER):
        raise ScheduleError("multiplier", Reason(Code.MULTIPLIER_INVALID, limit=MAX_MULTIPLIER,
                                                 value=multiplier))
    if override is not None:
        if not isinstance(override, timedelta):
            raise ScheduleError("duration_override", Reason(Code.DURATION_WRONG_TYPE,
                                                            value=override))
        if override < timedelta(0):
            raise ScheduleError("duration_override", Reason(Code.DURATION_NEGATIVE))
        if override > MAX_INSTALL:
            raise ScheduleError("duration_override", Reason(Code.DURATION_TOO_LONG,
                                                            limit=MAX_INSTALL, duration=override))
        if multiplier != 1:
            raise ScheduleError("duration_override", Reason(Code.DURATION_AND_MULTIPLIER))
    if cap is not None and (isinstance(cap, bool) or not isinstance(cap, int) or cap < 1):
        raise ScheduleError("max_installs_per_window", Reason(Code.CAP_INVALID, value=cap))


def obtain(installed: Mapping[str, Version]) -> Obtain:
    """How a package reaches an air-gapped appliance, given what is installed then."""
    family, first = DOWNLOAD_KEY_FROM
    return Obtain(installed.get(family), first)
