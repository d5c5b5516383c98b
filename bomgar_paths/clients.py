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

import math
from datetime import datetime, timedelta, tzinfo
from typing import Literal

import attrs

from .errors import Code, Reason, ScheduleError
from .planner import Step

__all__ = [
    "MAX_JUMP_CLIENTS",
    "MAX_JUMP_UPGRADE_MINUTES",
    "NO_SOAK_CLIENTS",
    "FollowUp",
    "JumpThrottle",
    "after_site_install",
    "jump_throttle",
    "no_soak_clients",
    "span",
]


#: The largest Jump Client count (and concurrency) the estimate takes: far
#: beyond any appliance's licence, small enough for the arithmetic.
MAX_JUMP_CLIENTS = 10_000_000
#: The longest one Jump Client upgrade may be assumed to take: a day.
MAX_JUMP_UPGRADE_MINUTES = 24 * 60


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
    brief: str | None = None  # the action without its checks and estimates, for summaries


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


def after_site_install(step: Step, end: datetime, tz: tzinfo, throttle: JumpThrottle | None,
               *, next_start: datetime | None, last: bool) -> tuple[FollowUp, ...]:
    """What happens to each kind of client after a site install (guide: Client upgrades).

    Hands-on work (MSI consoles, Integration Clients, installers) is listed
    once, after the last client-updating install: each intermediate version
    would be replaced within a day or two anyway.
    """
    label = step.package.label
    when = end.astimezone(tz).isoformat(timespec="minutes")
    how = ("active ones update right after the install; passive ones at their next"
           " check-in (machine start, a console connection, a user request, or every 24"
           " hours); offline hosts later")
    jump = (f"{how}. Confirm: export the Jump Client list (/login > Jump > Jump Clients),"
            f" every status date later than {when}")
    warning = None
    due = end + timedelta(hours=24)  # passive Jump Clients check in every 24 hours
    if throttle is not None and throttle.clients:
        estimate = throttle.duration
        jump += (f". Estimate: {throttle.clients} Jump Clients, {throttle.max_concurrent} at"
                 f" a time, {throttle.minutes_each:g} min each (assumed): about"
                 f" {span(estimate)}")
        due = max(due, end + estimate)
        # The soak is there so that clients catch up before the next site version:
        # what counts is the time until the next site install really starts.
        if next_start is not None and end + estimate > next_start:
            warning = (f"after {label} they need about {span(estimate)}, longer than the"
                       f" {span(next_start - end)} until the next site install")
        elif next_start is None and estimate > timedelta(hours=step.soak_hours):
            warning = (f"after {label} they need about {span(estimate)}, longer than its"
                       f" {step.soak_hours:g} h soak: clients settle about"
                       f" {(end + estimate).astimezone(tz).isoformat(timespec='minutes')}")
    items = [
        FollowUp("representative consoles", "update themselves on their next run", "automatic"),
        FollowUp("Jump Clients", jump, "check", due=due, warning=warning, brief=how),
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


def no_soak_clients(first: datetime,
                     completion: datetime) -> tuple[tuple[FollowUp, ...], tuple[FollowUp, ...]]:
    uninstall = tuple(FollowUp(c, "uninstall before the first install", "uninstall", due=first)
                      for c in NO_SOAK_CLIENTS)
    reinstall = tuple(FollowUp(c, "reinstall by hand", "reinstall", due=completion)
                      for c in NO_SOAK_CLIENTS)
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
