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

Each install is placed at the earliest moment the rules allow (greedy), which
is the earliest possible timeline because the rules only ever push later.
All times in the result are in the display zone (``tz``, else the windows'
zone, else ``start``'s own offset), so every ISO string carries the offset of
its own date across daylight-saving changes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Literal

import attrs
from packaging.version import Version

from .errors import ScheduleError
from .planner import Plan, Step
from .windows import Occurrence, Window, Windows

__all__ = [
    "DOWNLOAD_KEY_FROM",
    "FollowUp",
    "Gate",
    "JumpThrottle",
    "Schedule",
    "ScheduledStep",
    "schedule",
    "span",
]

#: From this Base on, /appliance > Updates makes the Appliance Download Key
#: itself; before it, the key is requested from support (guide: Manual updates).
DOWNLOAD_KEY_FROM = ("base", Version("3.3.2"))

#: How far past the earliest possible start a free window is looked for.
HORIZON = timedelta(days=2 * 366)

GateKind = Literal["start", "previous install", "soak", "window"]


@attrs.frozen
class Gate:
    """What decided an install's start: the schedule's start, the previous
    install ending, a soak ending (``until``), or a window opening."""

    kind: GateKind
    until: datetime | None = None  # the soak's end, or when the window opened

    def __str__(self) -> str:
        if self.kind == "soak":
            assert self.until is not None
            return f"soak until {self.until.isoformat(timespec='seconds')}"
        return "window opens" if self.kind == "window" else self.kind


@attrs.frozen
class FollowUp:
    """One thing to do or check about a kind of client.

    ``kind`` is "automatic" (it updates itself; nothing to do unless it does
    not), "check" (confirm by ``due``), "manual" (someone must act),
    "uninstall" / "reinstall" (no-soak mode).
    """

    client: str
    action: str
    kind: Literal["automatic", "check", "manual", "uninstall", "reinstall"]
    due: datetime | None = None
    warning: str | None = None


@attrs.frozen
class JumpThrottle:
    """The estimate of how long Jump Client upgrades take after one install.

    ``minutes_each`` is an assumption (the guide gives no figure): measure
    one upgrade on your network and pass that.
    """

    clients: int
    max_concurrent: int
    minutes_each: float

    @property
    def rounds(self) -> int:
        return math.ceil(self.clients / self.max_concurrent) if self.clients else 0

    @property
    def duration(self) -> timedelta:
        return timedelta(minutes=self.rounds * self.minutes_each)


@attrs.frozen
class ScheduledStep:
    """One install of the plan, placed on the calendar."""

    step: Step
    start: datetime
    end: datetime
    gate: Gate
    soak_until: datetime | None  # end of the soak this install starts; None without one
    window: Occurrence | None  # the window occurrence it runs in
    obtain: str | None = None  # how to get the package (manual updates)
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
    completion: datetime  # the last install ends (``start`` for an empty plan)
    clients_settled: datetime  # the last soak ends (never before completion)
    tz: tzinfo
    windows: Windows | None = None
    max_installs_per_window: int | None = None
    multiplier: float = 1
    duration_override: timedelta | None = None
    manual: bool = False
    jump_throttle: JumpThrottle | None = None
    uninstall_before: tuple[FollowUp, ...] = ()  # no-soak mode
    reinstall_after: tuple[FollowUp, ...] = ()  # no-soak mode
    warnings: tuple[str, ...] = ()

    @property
    def zone_name(self) -> str:
        return getattr(self.tz, "key", None) or self.start.strftime("UTC%z")


def schedule(
    plan: Plan,
    start: datetime,
    *,
    windows: Windows | None = None,
    tz: tzinfo | None = None,
    multiplier: float = 1,
    duration_override: timedelta | None = None,
    max_installs_per_window: int | None = None,
    manual: bool = False,
    jump_clients: int | None = None,
    max_concurrent_jump_upgrades: int | None = None,
    jump_upgrade_minutes: float = 5,
) -> Schedule:
    """Place ``plan`` on the calendar from ``start`` (an aware datetime) on.

    ``windows`` restricts when installs may run (None, or no rules: any
    time); ``tz`` is the zone the result is shown in. ``multiplier`` scales
    the catalog's install estimates; ``duration_override`` replaces them
    (give one or the other). ``manual`` notes on each step how the package is
    obtained without the appliance reaching the update server. With
    ``jump_clients`` and ``max_concurrent_jump_upgrades``, each site install's
    Jump Client follow-up carries a throttle estimate (``jump_upgrade_minutes``
    per upgrade, an assumption) and a warning when it outlasts the soak.

    Raises ``ScheduleError`` for a start without an offset, out-of-range
    numbers, or when no window within two years can hold an install.
    """
    if start.tzinfo is None or start.utcoffset() is None:
        raise ScheduleError("start", f"the start {start.isoformat()} has no UTC offset: give"
                            " one (2026-12-05T01:00+03:00) or a time zone")
    _check_numbers(multiplier, duration_override, max_installs_per_window)
    throttle = _throttle(jump_clients, max_concurrent_jump_upgrades, jump_upgrade_minutes)
    active = windows if windows is not None and windows.rules else None
    if max_installs_per_window is not None and active is None:
        raise ScheduleError("max-installs-per-window",
                            "a cap on installs per window needs maintenance windows")
    shown = tz or (active.tz if active else None) or start.tzinfo
    assert shown is not None

    placed = _timeline(plan, start.astimezone(UTC), active, max_installs_per_window,
                       lambda step: _duration(step, multiplier, duration_override))
    clients = {name for name, family in plan.catalog.families.items() if family.clients_update}
    updating = [k for k, (step, *_rest) in enumerate(placed)
                if step.package.family in clients]
    warnings: list[str] = []
    steps = []
    before = plan.start
    for k, (step, begin, end, gate, soak_until, occurrence) in enumerate(placed):
        follow_up: tuple[FollowUp, ...] = ()
        if plan.soak and k in updating:
            following = [placed[j] for j in updating if j > k]
            follow_up = _follow_up(step, end, shown, throttle,
                                   next_start=following[0][1] if following else None,
                                   last=not following)
            warnings += [f.warning for f in follow_up if f.warning]
        steps.append(ScheduledStep(
            step=step,
            start=begin.astimezone(shown),
            end=end.astimezone(shown),
            gate=attrs.evolve(gate, until=gate.until.astimezone(shown)) if gate.until else gate,
            soak_until=soak_until.astimezone(shown) if soak_until else None,
            window=None if occurrence is None else attrs.evolve(
                occurrence, opens=occurrence.opens.astimezone(shown),
                closes=occurrence.closes.astimezone(shown)),
            obtain=_obtain(before.versions) if manual else None,
            follow_up=follow_up,
        ))
        before = step.after
    completion = steps[-1].end if steps else start.astimezone(shown)
    settled = max([completion, *(s.soak_until for s in steps if s.soak_until)])
    uninstall, reinstall = ((), ())
    if not plan.soak and updating:
        uninstall, reinstall = _no_soak_clients(steps[0].start, completion)
    return Schedule(
        plan=plan, start=start.astimezone(shown), steps=tuple(steps), completion=completion,
        clients_settled=settled, tz=shown, windows=active,
        max_installs_per_window=max_installs_per_window, multiplier=multiplier,
        duration_override=duration_override, manual=manual, jump_throttle=throttle,
        uninstall_before=uninstall, reinstall_after=reinstall, warnings=tuple(warnings),
    )


_Placed = tuple[Step, datetime, datetime, Gate, datetime | None, Occurrence | None]


def _timeline(plan: Plan, start: datetime, windows: Windows | None, cap: int | None,
              duration_of: Callable[[Step], timedelta]) -> list[_Placed]:
    """The greedy placement, in UTC: each install at the earliest moment allowed."""
    placed: list[_Placed] = []
    previous_end = start
    soak_gate: datetime | None = None  # when the previous soaking package's soak ends
    used: dict[tuple[Window, datetime], int] = {}
    for k, step in enumerate(plan.steps):
        duration = duration_of(step)
        earliest = previous_end
        gate = Gate("start" if k == 0 else "previous install")
        if step.soak_hours > 0 and soak_gate is not None and soak_gate > earliest:
            earliest, gate = soak_gate, Gate("soak", soak_gate)
        occurrence = None
        begin = earliest
        if windows is not None:
            begin, occurrence = _fit(windows, earliest, duration, used, cap, step)
            if begin > earliest:
                gate = Gate("window", occurrence.opens)
        end = begin + duration
        soak_until = None
        if step.soak_hours > 0:
            soak_until = end + timedelta(hours=step.soak_hours)
            soak_gate = soak_until
        placed.append((step, begin, end, gate, soak_until, occurrence))
        previous_end = end
    return placed


def _fit(windows: Windows, earliest: datetime, duration: timedelta,
         used: dict[tuple[Window, datetime], int], cap: int | None,
         step: Step) -> tuple[datetime, Occurrence]:
    """The first occurrence, in opening order, that holds the install from
    ``earliest`` on and is not full: the earliest possible start."""
    label = step.package.label
    longest = windows.longest()
    if duration > longest:
        raise ScheduleError("schedule", f"{label} is estimated at {span(duration)}, longer"
                            f" than any maintenance window ({windows}): widen a window or"
                            " lower the duration estimate")
    limit = earliest + HORIZON
    last = windows.last_one_off()
    if last is not None and last > limit:
        limit = last
    for occurrence in windows.occurrences(earliest):
        if occurrence.opens > limit:
            break
        begin = max(occurrence.opens, earliest)
        if begin + duration > occurrence.closes:
            continue
        key = (occurrence.window, occurrence.opens)
        if cap is not None and used.get(key, 0) >= cap:
            continue
        used[key] = used.get(key, 0) + 1
        return begin, occurrence
    horizon = "within two years" if last is None or last <= earliest + HORIZON else "at all"
    raise ScheduleError("schedule", f"no maintenance window after"
                        f" {earliest.astimezone(windows.tz).isoformat(timespec='minutes')}"
                        f" {horizon} can hold {label} ({span(duration)}): {windows}")


def _duration(step: Step, multiplier: float, override: timedelta | None) -> timedelta:
    if override is not None:
        return override
    # Whole seconds: estimates are rough, and timelines read better without microseconds.
    return timedelta(seconds=round(step.install_minutes * 60 * multiplier))


def _check_numbers(multiplier: float, override: timedelta | None, cap: int | None) -> None:
    if not (isinstance(multiplier, int | float) and math.isfinite(multiplier)
            and multiplier > 0):
        raise ScheduleError("multiplier", f"the duration multiplier must be a positive number,"
                            f" not {multiplier!r}")
    if override is not None:
        if override < timedelta(0):
            raise ScheduleError("duration", "an install cannot take a negative time")
        if multiplier != 1:
            raise ScheduleError("duration", "give a duration override or a multiplier, not both")
    if cap is not None and (isinstance(cap, bool) or not isinstance(cap, int) or cap < 1):
        raise ScheduleError("max-installs-per-window",
                            f"the cap on installs per window must be 1 or more, not {cap!r}")


def _throttle(clients: int | None, concurrent: int | None,
              minutes_each: float) -> JumpThrottle | None:
    if clients is None:
        if concurrent is not None:
            raise ScheduleError("jump-clients", "the Jump Client estimate needs the number of"
                                " Jump Clients too")
        return None
    if isinstance(clients, bool) or not isinstance(clients, int) or clients < 0:
        raise ScheduleError("jump-clients", f"the number of Jump Clients must be 0 or more,"
                            f" not {clients!r}")
    if concurrent is None or isinstance(concurrent, bool) or not isinstance(concurrent, int) \
            or concurrent < 1:
        raise ScheduleError("max-concurrent-jump-upgrades", "the Jump Client estimate needs"
                            " Maximum Concurrent Jump Client Upgrades (1 or more), as set on"
                            " /login > Jump > Jump Clients")
    if not (math.isfinite(minutes_each) and minutes_each > 0):
        raise ScheduleError("jump-upgrade-minutes", "minutes per Jump Client upgrade must be"
                            f" a positive number, not {minutes_each!r}")
    return JumpThrottle(clients, concurrent, minutes_each)


def _obtain(installed: Mapping[str, Version]) -> str:
    """How a package reaches an air-gapped appliance, given what is installed then."""
    family, first = DOWNLOAD_KEY_FROM
    base = installed.get(family)
    if base is not None and base >= first:
        return (f"Appliance Download Key from /appliance > Updates (Base {base} makes it);"
                " fetch the package on an unrestricted machine, upload it under Manual"
                " Installation > Update Software")
    now = f"Base {base} is installed" if base is not None else "no Base is installed"
    return (f"ask support for an Appliance Download Key ({now}; the Updates page makes the"
            f" key itself from Base {first} on); fetch the package on an unrestricted"
            " machine, upload it under Manual Installation > Update Software")


def _follow_up(step: Step, end: datetime, tz: tzinfo, throttle: JumpThrottle | None,
               *, next_start: datetime | None, last: bool) -> tuple[FollowUp, ...]:
    """What happens to each kind of client after a site install (guide: Client upgrades).

    Hands-on work (MSI consoles, Integration Clients, installers) is listed
    once, after the last client-updating install: each intermediate version
    would be replaced within a day or two anyway.
    """
    label = step.package.label
    shown_end = end.astimezone(tz)
    when = shown_end.isoformat(timespec="minutes")
    jump = (f"active ones update right after the install; passive ones at their next"
            f" check-in (machine start, a console connection, a user request, or every 24"
            f" hours); offline hosts later. Confirm: export the Jump Client list (/login >"
            f" Jump > Jump Clients), every status date later than {when}")
    warning = None
    if throttle is not None and throttle.clients:
        estimate = throttle.duration
        jump += (f". Estimate: {throttle.clients} Jump Clients, {throttle.max_concurrent} at"
                 f" a time, {throttle.minutes_each:g} min each (assumed): about"
                 f" {span(estimate)}")
        soak = timedelta(hours=step.soak_hours)
        deadline = end + soak if step.soak_hours > 0 else next_start
        if deadline is not None and end + estimate > deadline:
            limit = (f"its {step.soak_hours:g} h soak" if step.soak_hours > 0
                     else "the time before the next site install")
            warning = (f"Jump Client upgrades after {label} need about {span(estimate)},"
                       f" longer than {limit}: wait longer before the next site install, or"
                       " raise Maximum Concurrent Jump Client Upgrades if the appliance and"
                       " network can take it")
    items = [
        FollowUp("representative consoles", "update themselves on their next run", "automatic"),
        FollowUp("Jump Clients", jump, "check", due=shown_end + timedelta(hours=24),
                 warning=warning),
        FollowUp("Bomgar Buttons", "update on their first use after the install", "automatic"),
        FollowUp("Jumpoints", "update themselves", "automatic"),
        FollowUp("connection agents", "update themselves", "automatic"),
    ]
    if last:
        items += [
            FollowUp("representative consoles (MSI-deployed)",
                     f"redeploy the {label} console MSI on locked-down machines (download it"
                     " before the install if the removable-console feature is on; keep the"
                     " old MSI to uninstall)", "manual"),
            FollowUp("Integration Clients", f"do not update themselves: reinstall the"
                     f" version for {label} by hand", "manual"),
            FollowUp("installer packages", "installers built before the upgrade are invalid:"
                     " rebuild Bomgar Button, Jump Client and console installers", "manual"),
        ]
    return tuple(items)


#: The guide's no-soak alternative: these are uninstalled first, reinstalled after.
NO_SOAK_CLIENTS = ("representative consoles", "Jump Clients", "Jumpoints", "Bomgar Buttons",
                   "connection agents")


def _no_soak_clients(first: datetime,
                     completion: datetime) -> tuple[tuple[FollowUp, ...], tuple[FollowUp, ...]]:
    uninstall = tuple(FollowUp(c, "uninstall before the first install", "uninstall", due=first)
                      for c in NO_SOAK_CLIENTS)
    reinstall = tuple(FollowUp(c, "reinstall by hand after the last install", "reinstall",
                               due=completion) for c in NO_SOAK_CLIENTS)
    reinstall += (
        FollowUp("Integration Clients", "never update themselves: reinstall the new version by"
                 " hand", "reinstall", due=completion),
        FollowUp("installer packages", "rebuild Bomgar Button, Jump Client and console"
                 " installers (those built before the upgrade are invalid)", "reinstall",
                 due=completion),
    )
    return uninstall, reinstall


def span(value: timedelta) -> str:
    """A duration for people to read: ``45 min``, ``2 h 15 min``, ``3 d 4 h``."""
    total = round(value.total_seconds() / 60)
    days, rest = divmod(total, 24 * 60)
    h, m = divmod(rest, 60)
    parts = [f"{days} d"] * bool(days) + [f"{h} h"] * bool(h) + [f"{m} min"] * bool(m)
    return " ".join(parts[:2]) or "0 min"
