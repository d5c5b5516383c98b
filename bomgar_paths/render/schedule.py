"""Renderings of a ``Schedule``: text timeline, JSON, change-ticket Markdown (with a
Mermaid gantt chart, render/gantt.py), iCalendar (render/ics.py), HTML (render/html.py).

Like ``render``, every function writes a value the library returned and
computes nothing it does not hold. The JSON shape is a contract (issue 5):
``{"steps": [{"package", "family", "version", "start", "end", "gate"}],
"completion", "clients_settled"}`` with a UTC offset in every time, plus
extra keys beside those. The iCalendar output follows RFC 5545: CRLF line
ends, lines folded at 75 octets, TEXT values escaped, times in UTC.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, tzinfo
from typing import Any

from ..clients import Client, FollowUp, JumpLate, Task
from ..scheduling import JumpWarning, Obtain, Schedule, ScheduledStep, SplitRound
from . import SCHEDULE_FORMATS
from .common import (
    catalog_ref,
    dump,
    goal_text,
    hours,
    minutes,
    mode_text,
    span,
    state_data,
    table,
    transition,
)
from .gantt import schedule_gantt
from .words import ENGLISH, N_, Words

__all__ = [
    "FORMATS",
    "render_schedule",
    "render_schedule_markdown",
    "render_schedule_text",
    "schedule_data",
]

FORMATS = SCHEDULE_FORMATS

_BACKUP = N_("Download a backup: /login > Management > Software Management > Download Backup"
             " (it leaves out session recordings and large file-store files)")
_CERTIFICATES = N_("Export the SSL certificates with their private key and chain: /appliance >"
                   " Security > Certificates > Export")
_DOWNTIME = N_("The site is unavailable during each install: logged-in users and active"
               " sessions are dropped")
_BASE_TROUBLE = N_("A Base update restarts the appliance by itself; if it has trouble, do not"
                   " restart the appliance: call support")
_VERIFY = N_("Verify: the representative console's Help > About shows the new version, and a"
             " session to a remote computer works")

_CLIENTS = {
    Client.REPRESENTATIVE_CONSOLES: N_("representative consoles"),
    Client.JUMP_CLIENTS: N_("Jump Clients"),
    Client.BOMGAR_BUTTONS: N_("Bomgar Buttons"),
    Client.JUMPOINTS: N_("Jumpoints"),
    Client.CONNECTION_AGENTS: N_("connection agents"),
    Client.MSI_CONSOLES: N_("representative consoles (MSI-deployed)"),
    Client.INTEGRATION_CLIENTS: N_("Integration Clients"),
    Client.INSTALLERS: N_("installer packages"),
}
_JUMP_HOW = N_("active ones update right after the install; passive ones at their next"
               " check-in (machine start, a console connection, a user request, or every 24"
               " hours); offline hosts later")
_TASKS = {
    Task.UPDATE_ON_NEXT_RUN: N_("update themselves on their next run"),
    Task.CONFIRM_JUMP_CLIENTS: _JUMP_HOW,
    Task.UPDATE_ON_FIRST_USE: N_("update on their first use after the install"),
    Task.UPDATE_THEMSELVES: N_("update themselves"),
    Task.REDEPLOY_MSI: N_("redeploy the {package} console MSI on locked-down machines"
                          " (download it before the install if the removable-console feature"
                          " is on; keep the old MSI to uninstall)"),
    Task.REINSTALL_FOR_PACKAGE: N_("do not update themselves: reinstall the version for"
                                   " {package} by hand"),
    Task.REBUILD_INSTALLERS: N_("installers built before the upgrade are invalid: rebuild"
                                " Bomgar Button, Jump Client and console installers"),
    Task.UNINSTALL_FIRST: N_("uninstall before the first install"),
    Task.REINSTALL_BY_HAND: N_("reinstall by hand"),
    Task.REINSTALL_NEW_VERSION: N_("never update themselves: reinstall the new version by"
                                   " hand"),
    Task.REBUILD_OLD_INSTALLERS: N_("rebuild Bomgar Button, Jump Client and console"
                                    " installers (those built before the upgrade are"
                                    " invalid)"),
}


def render_schedule(schedule: Schedule, fmt: str, *, stamp: datetime | None = None,
                    words: Words = ENGLISH) -> str:
    """``fmt`` is one of ``FORMATS``; ``stamp`` is the iCalendar DTSTAMP (default: now);
    ``words`` the language of text, Markdown and iCalendar (JSON is always the same)."""
    if fmt == "json":
        return dump(schedule_data(schedule))
    if fmt == "markdown":
        return render_schedule_markdown(schedule, words)
    if fmt == "ics":
        from .ics import render_ics  # noqa: PLC0415  (imports this module)

        return render_ics(schedule, stamp=stamp, words=words)
    if fmt == "html":
        from .html import render_schedule_html  # noqa: PLC0415  (imports this module)

        return render_schedule_html(schedule, words)
    return render_schedule_text(schedule, words)


# -- shared pieces ----------------------------------------------------------


def _iso(value: datetime | None, tz: tzinfo) -> str | None:
    return None if value is None else value.astimezone(tz).isoformat(timespec="seconds")


def _when(value: datetime, tz: tzinfo, w: Words = ENGLISH) -> str:
    """``Sat 2026-12-05 01:00 +03:00``: the weekday matters for windows, the offset
    across clock changes."""
    local = value.astimezone(tz)
    return (f"{w.weekday(local)} {w.date(local.date())} {local:%H:%M}"
            f" {local.isoformat()[-6:]}")


def _end(step: ScheduledStep, tz: tzinfo, w: Words = ENGLISH) -> str:
    start, end = step.start.astimezone(tz), step.end.astimezone(tz)
    same_day = end.date() == start.date() and end.utcoffset() == start.utcoffset()
    return f"{end:%H:%M}" if same_day else _when(end, tz, w)


_GATES = {"start": N_("start"), "previous install": N_("previous install"),
          "window": N_("window opens")}


def _gate(step: ScheduledStep, tz: tzinfo, w: Words = ENGLISH, *, iso: bool = False) -> str:
    gate = step.gate
    if gate.kind == "soak" and gate.until is not None:
        return w._("soak until {time}", time=_iso(gate.until, tz) if iso
                   else _when(gate.until, tz, w))
    return w._(_GATES[gate.kind])


def _windows_text(schedule: Schedule, w: Words) -> str:
    if schedule.windows is None:
        return w._("none (installs may run at any time)")
    cap = schedule.max_installs_per_window
    if not cap:
        return str(schedule.windows)
    return w.n_("{windows}; at most {n} install per window",
                "{windows}; at most {n} installs per window", cap, windows=schedule.windows)


def _durations_text(schedule: Schedule, w: Words) -> str:
    if schedule.duration_override is not None:
        return w._("{span} per install (override)", span=span(schedule.duration_override, w))
    if schedule.multiplier != 1:
        return w._("the catalog's estimates × {multiplier}",
                   multiplier=w.number(schedule.multiplier, grouped=False))
    return w._("the catalog's estimates")


def _totals(schedule: Schedule, w: Words) -> str:
    plan = schedule.plan
    t = plan.totals
    installed = sum((s.duration for s in schedule.steps), start=timedelta(0))
    fields = {"minutes": minutes(installed.total_seconds() / 60, w),
              "span": span(schedule.completion - schedule.start, w)}
    if plan.soak:
        return w.n_("{n} install, {soak} of soak, about {minutes} of installs, {span} from"
                    " start to completion", "{n} installs, {soak} of soak, about {minutes} of"
                    " installs, {span} from start to completion", t.installs,
                    soak=hours(t.soak_hours, w), **fields)
    return w.n_("{n} install, no-soak mode, about {minutes} of installs, {span} from start to"
                " completion", "{n} installs, no-soak mode, about {minutes} of installs, {span}"
                " from start to completion", t.installs, **fields)


def obtain_text(obtain: Obtain, w: Words = ENGLISH) -> str:
    """How an air-gapped appliance gets a package."""
    if obtain.from_updates_page:
        return w._("Appliance Download Key from /appliance > Updates; fetch the package on an"
                   " unrestricted machine, upload it under Manual Installation > Update"
                   " Software")
    now = (w._("Base {version} is installed", version=obtain.installed_base)
           if obtain.installed_base is not None else w._("no Base is installed"))
    return w._("ask support for an Appliance Download Key ({now}; the Updates page makes the"
               " key itself from Base {first} on); fetch the package on an unrestricted"
               " machine, upload it under Manual Installation > Update Software", now=now,
               first=obtain.key_from)


def _obtain_groups(steps: Sequence[ScheduledStep], w: Words) -> list[tuple[str, str]]:
    """Consecutive steps obtained the same way, as ("Steps 2-5", how) or ("Step 1", how)."""
    groups: list[tuple[int, int, str]] = []
    for n, step in enumerate(steps, 1):
        if step.obtain is None:
            continue
        how = obtain_text(step.obtain, w)  # the same words: the same way
        if groups and groups[-1][2] == how and groups[-1][1] == n - 1:
            groups[-1] = (groups[-1][0], n, how)
        else:
            groups.append((n, n, how))
    return [(w._("Step {n}", n=a) if a == b else w._("Steps {first}-{last}", first=a, last=b),
             how) for a, b, how in groups]


def _number(value: float) -> float:
    """Whole numbers as ints in JSON (30, not 30.0), as the plan's JSON writes them."""
    return int(value) if value == int(value) else value


def client_text(item: FollowUp, w: Words = ENGLISH) -> str:
    return w._(_CLIENTS[item.client])


def action_text(item: FollowUp, tz: tzinfo, w: Words = ENGLISH) -> str:
    """What happens to the client, or what to do about it, with its check and estimate."""
    package = "" if item.package is None else item.package.label
    text = w._(_TASKS[item.task], package=package)
    if item.task is not Task.CONFIRM_JUMP_CLIENTS or item.installed is None:
        return text
    when = item.installed.astimezone(tz).isoformat(timespec="minutes")
    text = w._("{how}. Confirm: export the Jump Client list (/login > Jump > Jump Clients),"
               " every status date later than {when}", how=text, when=when)
    throttle = item.throttle
    if throttle is not None:
        text = w._("{text}. Estimate: {clients} Jump Clients, {at_once} at a time, {each} min"
                   " each (assumed): about {span}", text=text, clients=throttle.clients,
                   at_once=throttle.max_concurrent,
                   each=w.number(throttle.minutes_each, grouped=False),
                   span=span(throttle.duration, w))
    return text


def brief_text(item: FollowUp, w: Words = ENGLISH) -> str:
    """The action without its checks and estimates, for summaries."""
    package = "" if item.package is None else item.package.label
    return w._(_TASKS[item.task], package=package)


def late_text(late: JumpLate, tz: tzinfo, w: Words = ENGLISH) -> str:
    if late.until_next is not None:
        return w._("after {package} they need about {needed}, longer than the {until} until"
                   " the next site install", package=late.package.label,
                   needed=span(late.needed, w), until=span(late.until_next, w))
    return w._("after {package} they need about {needed}, longer than its {soak} h soak:"
               " clients settle about {settles}", package=late.package.label,
               needed=span(late.needed, w), soak=w.number(late.soak_hours, grouped=False),
               settles=late.settles.astimezone(tz).isoformat(timespec="minutes"))


def warning_text(warning: JumpWarning | SplitRound, tz: tzinfo, w: Words = ENGLISH) -> str:
    if isinstance(warning, SplitRound):
        if warning.over == "cap":
            return w._("{packages} should go in one window (a new backup after the Base"
                       " install, then the site package at once), but that is more installs"
                       " than the cap per window: they are placed one by one",
                       packages=", ".join(warning.packages))
        return w._("{packages} should go in one window (a new backup after the Base install,"
                   " then the site package at once), but together they are longer than every"
                   " window: they are placed one by one", packages=", ".join(warning.packages))
    return w._("Jump Client upgrades outlast the wait after {late} of {total} site installs"
               " ({clients} Jump Clients, {at_once} at a time): {which}. Wait longer between"
               " site installs, or raise Maximum Concurrent Jump Client Upgrades (/login >"
               " Jump > Jump Clients) if the appliance and network can take it",
               late=len(warning.late), total=warning.site_installs,
               clients=warning.throttle.clients, at_once=warning.throttle.max_concurrent,
               which="; ".join(late_text(item, tz, w) for item in warning.late))


def _follow_up_data(item: FollowUp, tz: tzinfo) -> dict[str, Any]:
    return {"client": client_text(item), "action": action_text(item, tz), "kind": item.kind,
            "due": _iso(item.due, tz),
            "warning": None if item.late is None else late_text(item.late, tz)}


def _site_steps(schedule: Schedule) -> list[tuple[int, ScheduledStep]]:
    return [(n, s) for n, s in enumerate(schedule.steps, 1) if s.follow_up]


def _automatic(schedule: Schedule) -> list[FollowUp]:
    """The follow-up that every site install shares (told once)."""
    for _, step in _site_steps(schedule):
        return [f for f in step.follow_up if f.kind == "automatic"]
    return []


def _manual(schedule: Schedule) -> tuple[ScheduledStep | None, list[FollowUp]]:
    for _, step in reversed(_site_steps(schedule)):
        items = [f for f in step.follow_up if f.kind == "manual"]
        if items:
            return step, items
    return None, []


def _jump(step: ScheduledStep) -> FollowUp | None:
    return next((f for f in step.follow_up if f.kind == "check"), None)


def follow_up_lines(schedule: Schedule, w: Words = ENGLISH) -> list[tuple[int, str]]:
    """The client follow-up of the site installs, as (depth, sentence): what every site
    install does, when each one's Jump Clients are all updated, and what to do after the
    last one (depth 1: its items). Empty without site installs."""
    tz = schedule.tz
    site = _site_steps(schedule)
    if not site:
        return []
    lines = [(0, w._("Every site install: {actions}.", actions="; ".join(
        w._("{client} {action}", client=client_text(f, w), action=action_text(f, tz, w))
        for f in _automatic(schedule))))]
    first_jump = _jump(site[0][1])
    if first_jump is not None:
        lines.append((0, w._("Jump Clients: {action}.", action=brief_text(first_jump, w))))
    for n, step in site:
        jump = _jump(step)
        if jump is not None and jump.due is not None:
            lines.append((0, w._("After {n}. {package}: Jump Clients all updated by {time}"
                                 " (export the list to confirm)", n=n, package=step.package,
                                 time=_when(jump.due, tz, w))))
    last, manual = _manual(schedule)
    if last is not None:
        lines.append((0, w._("After the last site install ({package}):",
                             package=last.package)))
        lines += [(1, f"{client_text(f, w)}: {action_text(f, tz, w)}") for f in manual]
    return lines


def round_title(number: int, count: int, w: Words = ENGLISH) -> str:
    """``Round 2 of 15``: a round of the plan (scheduling.rounds)."""
    return w._("Round {number} of {count}", number=number, count=count)


def summary_rows(schedule: Schedule, w: Words = ENGLISH) -> list[tuple[str, str]]:
    """The schedule's facts as (label, value), as the change ticket has them."""
    plan, tz = schedule.plan, schedule.tz
    updates = (w._("manual (air-gapped): each package through an Appliance Download Key")
               if schedule.manual else
               w._("automatic: /appliance > Updates > Check for updates"))
    return [(w._("Goal"), goal_text(plan.goal, w) + mode_text(plan, w)),
            (w._("Catalog"), f"{plan.catalog.source} ({plan.catalog.digest[:19]})"),
            (w._("Windows"), _windows_text(schedule, w)),
            (w._("Durations"), _durations_text(schedule, w)),
            (w._("Updates"), updates),
            (w._("Time zone"), schedule.zone_name),
            (w._("Start"), _when(schedule.start, tz, w)),
            (w._("Completion"), _when(schedule.completion, tz, w)),
            (w._("Clients settled"), _when(schedule.clients_settled, tz, w)),
            (w._("Total"), _totals(schedule, w))]


# -- JSON ------------------------------------------------------------------


def schedule_data(schedule: Schedule) -> dict[str, Any]:
    plan, windows, tz = schedule.plan, schedule.windows, schedule.tz
    return {
        "catalog": catalog_ref(plan.catalog),
        "from": state_data(plan.start),
        "target": state_data(plan.target),
        "goal": str(plan.goal),
        "soak": plan.soak,
        "manual": schedule.manual,
        "start": _iso(schedule.start, tz),
        "time_zone": schedule.zone_name,
        "windows": None if windows is None else {
            "time_zone": windows.zone_name, "rules": [str(r) for r in windows.rules],
            "max_installs_per_window": schedule.max_installs_per_window},
        "durations": {"multiplier": schedule.multiplier,
                      "override_minutes": None if schedule.duration_override is None
                      else _number(schedule.duration_override.total_seconds() / 60)},
        "steps": [
            {"package": s.package, "family": s.step.package.family,
             "version": str(s.step.package.version), "start": _iso(s.start, tz),
             "end": _iso(s.end, tz), "gate": _gate(s, tz, iso=True),
             "gate_until": _iso(s.gate.until, tz),
             "install_minutes": _number(s.duration.total_seconds() / 60),
             "soak_hours": s.step.soak_hours, "soak_until": _iso(s.soak_until, tz),
             "window": None if s.window is None else {
                 "opens": _iso(s.window.opens, tz), "closes": _iso(s.window.closes, tz),
                 "rule": str(s.window.window)},
             "after": state_data(s.step.after),
             "obtain": None if s.obtain is None else obtain_text(s.obtain),
             "follow_up": [_follow_up_data(f, tz) for f in s.follow_up]}
            for s in schedule.steps
        ],
        "completion": _iso(schedule.completion, tz),
        "clients_settled": _iso(schedule.clients_settled, tz),
        "uninstall_before": [_follow_up_data(f, tz) for f in schedule.uninstall_before],
        "reinstall_after": [_follow_up_data(f, tz) for f in schedule.reinstall_after],
        "warnings": [warning_text(item, tz) for item in schedule.warnings],
    }


# -- text ------------------------------------------------------------------


def render_schedule_text(schedule: Schedule, w: Words = ENGLISH) -> str:
    plan, tz = schedule.plan, schedule.tz
    mode = mode_text(plan, w)
    lines = [w._("Schedule: {transition}", transition=transition(schedule.plan, w)),
             w._("Goal: {goal}", goal=goal_text(plan.goal, w)) + mode,
             w._("Windows: {windows}", windows=_windows_text(schedule, w)),
             w._("Durations: {durations}", durations=_durations_text(schedule, w)),
             w._("Times in {zone}; start {start}", zone=schedule.zone_name,
                 start=_when(schedule.start, tz, w)), ""]
    if not schedule.steps:
        lines.append(w._("Nothing to install: the appliance is already at the target."))
        return "\n".join(lines)
    if schedule.uninstall_before:
        first = schedule.uninstall_before[0].due or schedule.start
        lines += [w._("Before {time}, uninstall: {clients}", time=_when(first, tz, w),
                      clients=", ".join(client_text(f, w) for f in schedule.uninstall_before)),
                  ""]
    rows = [["#", w._("Start"), w._("End"), w._("Install"), w._("Gate")]]
    for n, step in enumerate(schedule.steps, 1):
        rows.append([str(n), _when(step.start, tz, w), _end(step, tz, w), step.package,
                     _gate(step, tz, w)])
    lines += table(rows)
    settled = _when(schedule.clients_settled, tz, w)
    if schedule.clients_settled > schedule.completion:
        settled = w._("{time} (end of the last soak)", time=settled)
    lines += ["",
              w._("Completion:      {time}", time=_when(schedule.completion, tz, w)),
              w._("Clients settled: {time}", time=settled),
              w._("Total: {totals}", totals=_totals(schedule, w))]
    groups = _obtain_groups(schedule.steps, w)
    if groups:
        lines += ["", w._("Manual updates: how to obtain each package")]
        lines += [f"  {steps}: {how}" for steps, how in groups]
    follow_up = follow_up_lines(schedule, w)
    if follow_up:
        lines += ["", w._("Client follow-up")]
        lines += [f"  {text}" if depth == 0 else f"    - {text}" for depth, text in follow_up]
    if schedule.reinstall_after:
        lines += ["", w._("After {time}, reinstall by hand:",
                          time=_when(schedule.completion, tz, w))]
        lines += [f"  - {client_text(f, w)}: {action_text(f, tz, w)}"
                  for f in schedule.reinstall_after]
    if schedule.warnings:
        lines += ["", w._("Warnings:"),
                  *(f"  - {warning_text(item, tz, w)}" for item in schedule.warnings)]
    return "\n".join(lines)


# -- Markdown (change ticket) -------------------------------------------------


def render_schedule_markdown(schedule: Schedule, w: Words = ENGLISH) -> str:
    plan, tz = schedule.plan, schedule.tz
    mode = mode_text(plan, w)
    updates = (w._("manual (air-gapped): each package through an Appliance Download Key")
               if schedule.manual else
               w._("automatic: /appliance > Updates > Check for updates"))
    lines = [w._("## Upgrade schedule: {transition}", transition=transition(schedule.plan, w)),
             "",
             w._("- Goal: {goal}", goal=goal_text(plan.goal, w)) + mode,
             w._("- Catalog: {source} (`{digest}`)", source=plan.catalog.source,
                 digest=plan.catalog.digest[:19]),
             w._("- Maintenance windows: {windows}", windows=_windows_text(schedule, w)),
             w._("- Durations: {durations}", durations=_durations_text(schedule, w)),
             w._("- Updates: {updates}", updates=updates),
             w._("- Start: {time}", time=_when(schedule.start, tz, w)),
             w._("- Completion: {time}", time=_when(schedule.completion, tz, w)),
             w._("- Clients settled: {time}", time=_when(schedule.clients_settled, tz, w)),
             w._("- Total: {totals}", totals=_totals(schedule, w)), ""]
    if not schedule.steps:
        lines.append(w._("Nothing to install: the appliance is already at the target."))
        return "\n".join(lines)
    chart = schedule_gantt(schedule, w)
    if chart:
        lines += [w._("### Timeline"), "", *chart, ""]
    lines += [w._("### 1. Before the first install"), "",
              f"- [ ] {w._(_BACKUP)}.", f"- [ ] {w._(_CERTIFICATES)}.",
              f"- [ ] {w._(_DOWNTIME)}."]
    if schedule.jump_throttle is not None:
        lines.append(w._("- [ ] Check Maximum Concurrent Jump Client Upgrades (/login > Jump >"
                         " Jump Clients): {n} assumed here.",
                         n=schedule.jump_throttle.max_concurrent))
    if schedule.manual:
        lines.append(w._("- [ ] If the removable-console feature is on, download the new"
                         " console MSI before the install (keep the old one to uninstall)."))
        lines.append(w._("- [ ] If a download key fails, check the time on /appliance > Status"
                         " > Basics (NTP under Networking > IP Configuration)."))
    lines += [w._("- [ ] Uninstall the {client}.", client=client_text(f, w))
              for f in schedule.uninstall_before]
    lines += ["", w._("### 2. Installs"), ""]
    rows = [[w._("Done"), "#", w._("Install"), w._("Start"), w._("End"), w._("Gate"),
             w._("Soak until")]]
    for n, step in enumerate(schedule.steps, 1):
        rows.append(["[ ]", str(n), step.package, _when(step.start, tz, w), _end(step, tz, w),
                     _gate(step, tz, w),
                     _when(step.soak_until, tz, w) if step.soak_until else "-"])
    lines += table(rows, markdown=True)
    groups = _obtain_groups(schedule.steps, w)
    if groups:
        lines += ["", w._("How to obtain each package (manual updates):"), ""]
        lines += [f"- {steps}: {how}." for steps, how in groups]
    lines += ["", w._("### 3. Verification after each install"), "",
              f"- [ ] {w._(_VERIFY)}.", f"- [ ] {w._(_BASE_TROUBLE)}."]
    lines += ["", w._("### 4. Client follow-up"), ""]
    site = _site_steps(schedule)
    if site:
        lines += [w._("- After every site install, {client} {action}.", client=client_text(f, w),
                      action=action_text(f, tz, w)) for f in _automatic(schedule)]
        first_jump = _jump(site[0][1])
        if first_jump is not None:
            lines.append(w._("- Jump Clients: {action}.", action=brief_text(first_jump, w)))
        lines.append("")
        rows = [[w._("Done"), w._("After"), w._("Jump Clients all updated by")]]
        for n, step in site:
            jump = _jump(step)
            rows.append(["[ ]", f"{n}. {step.package}",
                         _when(jump.due, tz, w) if jump and jump.due else "-"])
        lines += table(rows, markdown=True)
        lines += ["", w._("Confirm each by exporting the Jump Client list (/login > Jump > Jump"
                          " Clients): every status date later than the install.")]
        last, manual = _manual(schedule)
        if last is not None:
            lines += ["", w._("After the last site install ({package}):",
                              package=last.package), ""]
            lines += [f"- [ ] {client_text(f, w)}: {action_text(f, tz, w)}." for f in manual]
    elif schedule.reinstall_after:
        lines += [w._("After the last install ({time}):",
                      time=_when(schedule.completion, tz, w)), ""]
        lines += [f"- [ ] {client_text(f, w)}: {action_text(f, tz, w)}."
                  for f in schedule.reinstall_after]
    else:
        lines.append(w._("No client follow-up: no install in this plan makes clients update."))
    if schedule.warnings:
        lines += ["", w._("### Warnings"), "",
                  *(f"- {warning_text(item, tz, w)}" for item in schedule.warnings)]
    return "\n".join(lines)


def write_schedule(schedule: Schedule, fmt: str, words: Words, *,
                   stamp: datetime | None = None) -> str:
    return render_schedule(schedule, fmt, stamp=stamp, words=words)
