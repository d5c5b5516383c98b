"""The deployed clients around a site upgrade (guide: Client upgrades).

Only packages whose family has ``clients_update`` (the "Bomgar-" site
packages) make clients update; Base and license add-ons do not. After each
one, rep consoles, Jump Clients, Bomgar Buttons, Jumpoints and connection
agents update themselves, Integration Clients never do, and installers built
before it become invalid. ``after_site_install`` turns that into
``FollowUp`` items with due times; ``no_soak_clients`` gives the guide's
no-soak alternative (uninstall first, reinstall after); ``JumpThrottle``
estimates how long Jump Client upgrades take under the appliance's "Maximum
Concurrent Jump Client Upgrades".
"""

from __future__ import annotations

import enum
import math
from datetime import datetime, timedelta
from typing import Literal

import attrs

from .errors import Code, Reason, ScheduleError
from .model import Package
from .planner import Step

__all__ = [
    "MAX_JUMP_CLIENTS",
    "MAX_JUMP_UPGRADE_MINUTES",
    "NO_SOAK_CLIENTS",
    "Client",
    "FollowUp",
    "JumpLate",
    "JumpThrottle",
    "Task",
    "after_site_install",
    "jump_throttle",
    "no_soak_clients",
]


#: The largest Jump Client count (and concurrency) the estimate takes: far
#: beyond any appliance's licence, small enough for the arithmetic.
MAX_JUMP_CLIENTS = 10_000_000
#: The longest one Jump Client upgrade may be assumed to take: a day.
MAX_JUMP_UPGRADE_MINUTES = 24 * 60


class Client(enum.Enum):
    """The kinds of client software around an appliance (the values name them in JSON)."""

    REPRESENTATIVE_CONSOLES = "representative consoles"
    JUMP_CLIENTS = "Jump Clients"
    BOMGAR_BUTTONS = "Bomgar Buttons"
    JUMPOINTS = "Jumpoints"
    CONNECTION_AGENTS = "connection agents"
    MSI_CONSOLES = "representative consoles (MSI-deployed)"
    INTEGRATION_CLIENTS = "Integration Clients"
    INSTALLERS = "installer packages"


class Task(enum.Enum):
    """What happens to, or must be done about, a client (render/ words each one)."""

    UPDATE_ON_NEXT_RUN = "update_on_next_run"
    CONFIRM_JUMP_CLIENTS = "confirm_jump_clients"  # active at once, passive at check-in
    UPDATE_ON_FIRST_USE = "update_on_first_use"
    UPDATE_THEMSELVES = "update_themselves"
    REDEPLOY_MSI = "redeploy_msi"  # the package's console MSI, by hand
    REINSTALL_FOR_PACKAGE = "reinstall_for_package"  # Integration Clients never update
    REBUILD_INSTALLERS = "rebuild_installers"
    UNINSTALL_FIRST = "uninstall_first"  # no-soak mode
    REINSTALL_BY_HAND = "reinstall_by_hand"
    REINSTALL_NEW_VERSION = "reinstall_new_version"
    REBUILD_OLD_INSTALLERS = "rebuild_old_installers"


@attrs.frozen
class JumpLate:
    """Jump Client upgrades after ``package`` need ``needed``, more than the time
    until the next site install (``until_next``) or, after the last one, than
    its soak (``soak_hours``); then clients settle at ``settles``."""

    package: Package
    needed: timedelta
    until_next: timedelta | None
    soak_hours: float
    settles: datetime


@attrs.frozen
class FollowUp:
    """One thing to do or check about a kind of client.

    ``kind`` is "automatic" (it updates itself; nothing to do unless it does
    not), "check" (confirm by ``due``), "manual" (someone must act),
    "uninstall" / "reinstall" (no-soak mode). ``package`` is the site package
    the task is about, ``installed`` when it finished installing (the Jump
    Client check compares status dates with it), ``throttle`` the estimate
    the check was made with, ``late`` the warning when it outlasts the wait.
    """

    client: Client
    task: Task
    kind: Literal["automatic", "check", "manual", "uninstall", "reinstall"]
    due: datetime | None = None
    package: Package | None = None
    installed: datetime | None = None
    throttle: JumpThrottle | None = None
    late: JumpLate | None = None


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


def jump_throttle(clients: int | None, concurrent: int | None,
              minutes_each: float) -> JumpThrottle | None:
    if clients is None:
        if concurrent is not None:
            raise ScheduleError("jump_clients", Reason(Code.JUMP_COUNT_MISSING))
        return None
    if not _whole(clients, 0):
        raise ScheduleError("jump_clients", Reason(Code.JUMP_COUNT_INVALID,
                                                   limit=MAX_JUMP_CLIENTS, value=clients))
    if concurrent is None or not _whole(concurrent, 1):
        raise ScheduleError("max_concurrent_jump_upgrades",
                            Reason(Code.JUMP_CONCURRENT_INVALID, limit=MAX_JUMP_CLIENTS))
    if not (isinstance(minutes_each, int | float) and not isinstance(minutes_each, bool)
            and math.isfinite(minutes_each) and 0 < minutes_each <= MAX_JUMP_UPGRADE_MINUTES):
        raise ScheduleError("jump_upgrade_minutes", Reason(
            Code.JUMP_MINUTES_INVALID, limit=MAX_JUMP_UPGRADE_MINUTES, value=minutes_each))
    return JumpThrottle(clients, concurrent, minutes_each)


def _whole(value: object, low: int) -> bool:
    """An int (not a bool) from ``low`` to ``MAX_JUMP_CLIENTS``."""
    return (isinstance(value, int) and not isinstance(value, bool)
            and low <= value <= MAX_JUMP_CLIENTS)


def after_site_install(step: Step, end: datetime, throttle: JumpThrottle | None,
                       *, next_start: datetime | None, last: bool) -> tuple[FollowUp, ...]:
    """What happens to each kind of client after a site install (guide: Client upgrades).

    Hands-on work (MSI consoles, Integration Clients, installers) is listed
    once, after the last client-updating install: each intermediate version
    would be replaced within a day or two anyway.
    """
    package = step.package
    late = None
    due = end + timedelta(hours=24)  # passive Jump Clients check in every 24 hours
    counted = throttle if throttle is not None and throttle.clients else None
    if counted is not None:
        estimate = counted.duration
        due = max(due, end + estimate)
        # The soak is there so that clients catch up before the next site version:
        # what counts is the time until the next site install really starts.
        if next_start is not None and end + estimate > next_start:
            late = JumpLate(package, estimate, next_start - end, step.soak_hours, end + estimate)
        elif next_start is None and estimate > timedelta(hours=step.soak_hours):
            late = JumpLate(package, estimate, None, step.soak_hours, end + estimate)
    items = [
        FollowUp(Client.REPRESENTATIVE_CONSOLES, Task.UPDATE_ON_NEXT_RUN, "automatic"),
        FollowUp(Client.JUMP_CLIENTS, Task.CONFIRM_JUMP_CLIENTS, "check", due=due,
                 package=package, installed=end, throttle=counted, late=late),
        FollowUp(Client.BOMGAR_BUTTONS, Task.UPDATE_ON_FIRST_USE, "automatic"),
        FollowUp(Client.JUMPOINTS, Task.UPDATE_THEMSELVES, "automatic"),
        FollowUp(Client.CONNECTION_AGENTS, Task.UPDATE_THEMSELVES, "automatic"),
    ]
    if last:
        items += [
            FollowUp(Client.MSI_CONSOLES, Task.REDEPLOY_MSI, "manual", package=package),
            FollowUp(Client.INTEGRATION_CLIENTS, Task.REINSTALL_FOR_PACKAGE, "manual",
                     package=package),
            FollowUp(Client.INSTALLERS, Task.REBUILD_INSTALLERS, "manual"),
        ]
    return tuple(items)


#: The guide's no-soak alternative: these are uninstalled first, reinstalled after.
NO_SOAK_CLIENTS = (Client.REPRESENTATIVE_CONSOLES, Client.JUMP_CLIENTS, Client.JUMPOINTS,
                   Client.BOMGAR_BUTTONS, Client.CONNECTION_AGENTS)


def no_soak_clients(first: datetime,
                    completion: datetime) -> tuple[tuple[FollowUp, ...], tuple[FollowUp, ...]]:
    uninstall = tuple(FollowUp(c, Task.UNINSTALL_FIRST, "uninstall", due=first)
                      for c in NO_SOAK_CLIENTS)
    reinstall = tuple(FollowUp(c, Task.REINSTALL_BY_HAND, "reinstall", due=completion)
                      for c in NO_SOAK_CLIENTS)
    reinstall += (
        FollowUp(Client.INTEGRATION_CLIENTS, Task.REINSTALL_NEW_VERSION, "reinstall",
                 due=completion),
        FollowUp(Client.INSTALLERS, Task.REBUILD_OLD_INSTALLERS, "reinstall", due=completion),
    )
    return uninstall, reinstall
