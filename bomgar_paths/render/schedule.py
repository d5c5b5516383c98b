"""Renderings of a ``Schedule``: text timeline, JSON, change-ticket Markdown, iCalendar.

Like ``render``, every function writes a value the library returned and
computes nothing it does not hold. The JSON shape is a contract (issue 5):
``{"steps": [{"package", "family", "version", "start", "end", "gate"}],
"completion", "clients_settled"}`` with a UTC offset in every time, plus
extra keys beside those. The iCalendar output follows RFC 5545: CRLF line
ends, lines folded at 75 octets, TEXT values escaped, times in UTC.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from .. import __version__
from ..scheduling import BASE_FAMILY, FollowUp, Schedule, ScheduledStep, span
from . import (
    catalog_ref,
    dump,
    hours,
    minutes,
    mode_text,
    state_data,
    table,
    transition,
)

__all__ = [
    "FORMATS",
    "render_ics",
    "render_schedule",
    "render_schedule_markdown",
    "render_schedule_text",
    "schedule_data",
]

FORMATS = ("text", "json", "markdown", "ics")

_BACKUP = ("Download a backup: /login > Management > Software Management > Download Backup"
           " (it leaves out session recordings and large file-store files)")
_CERTIFICATES = ("Export the SSL certificates with their private key and chain: /appliance >"
                 " Security > Certificates > Export")
_DOWNTIME = ("The site is unavailable during each install: logged-in users and active"
             " sessions are dropped")
_BASE_TROUBLE = ("A Base update restarts the appliance by itself; if it has trouble, do not"
                 " restart the appliance: call support")
_VERIFY = ("Verify: the representative console's Help > About shows the new version, and a"
           " session to a remote computer works")


def render_schedule(schedule: Schedule, fmt: str, *, stamp: datetime | None = None) -> str:
    """``fmt`` is one of ``FORMATS``; ``stamp`` is the iCalendar DTSTAMP (default: now)."""
    if fmt == "json":
        return dump(schedule_data(schedule))
    if fmt == "markdown":
        return render_schedule_markdown(schedule)
    if fmt == "ics":
        return render_ics(schedule, stamp=stamp)
    return render_schedule_text(schedule)


# -- shared pieces ----------------------------------------------------------


def _iso(value: datetime | None, tz: tzinfo) -> str | None:
    return None if value is None else value.astimezone(tz).isoformat(timespec="seconds")


def _when(value: datetime, tz: tzinfo) -> str:
    """``Sat 2026-12-05 01:00 +03:00``: the weekday matters for windows, the offset
    across clock changes."""
    local = value.astimezone(tz)
    return f"{local:%a %Y-%m-%d %H:%M} {local.isoformat()[-6:]}"


def _end(step: ScheduledStep, tz: tzinfo) -> str:
    start, end = step.start.astimezone(tz), step.end.astimezone(tz)
    same_day = end.date() == start.date() and end.utcoffset() == start.utcoffset()
    return f"{end:%H:%M}" if same_day else _when(end, tz)


def _gate(step: ScheduledStep, tz: tzinfo, *, iso: bool = False) -> str:
    gate = step.gate
    if gate.kind == "soak" and gate.until is not None:
        return f"soak until {_iso(gate.until, tz) if iso else _when(gate.until, tz)}"
    return str(gate)


def _windows_text(schedule: Schedule) -> str:
    if schedule.windows is None:
        return "none (installs may run at any time)"
    cap = schedule.max_installs_per_window
    limit = f"; at most {cap} install{'s' if cap != 1 else ''} per window" if cap else ""
    return f"{schedule.windows}{limit}"


def _durations_text(schedule: Schedule) -> str:
    if schedule.duration_override is not None:
        return f"{span(schedule.duration_override)} per install (override)"
    if schedule.multiplier != 1:
        return f"the catalog's estimates × {schedule.multiplier:g}"
    return "the catalog's estimates"


def _totals(schedule: Schedule) -> str:
    plan = schedule.plan
    t = plan.totals
    installed = sum((s.duration for s in schedule.steps), start=timedelta(0))
    count = f"{t.installs} install{'s' if t.installs != 1 else ''}"
    soak = f"{hours(t.soak_hours)} of soak" if plan.soak else "no-soak mode"
    return (f"{count}, {soak}, about {minutes(installed.total_seconds() / 60)} of installs,"
            f" {span(schedule.completion - schedule.start)} from start to completion")


def _obtain_groups(steps: Sequence[ScheduledStep]) -> list[tuple[str, str]]:
    """Consecutive steps obtained the same way, as ("Steps 2-5", how) or ("Step 1", how)."""
    groups: list[tuple[int, int, str]] = []
    for n, step in enumerate(steps, 1):
        if step.obtain is None:
            continue
        if groups and groups[-1][2] == step.obtain and groups[-1][1] == n - 1:
            groups[-1] = (groups[-1][0], n, step.obtain)
        else:
            groups.append((n, n, step.obtain))
    return [(f"Step {a}" if a == b else f"Steps {a}-{b}", how) for a, b, how in groups]


def _number(value: float) -> float:
    """Whole numbers as ints in JSON (30, not 30.0), as the plan's JSON writes them."""
    return int(value) if value == int(value) else value


def _follow_up_data(item: FollowUp, tz: tzinfo) -> dict[str, Any]:
    return {"client": item.client, "action": item.action, "kind": item.kind,
            "due": _iso(item.due, tz), "warning": item.warning}


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
             "after": state_data(s.step.after), "obtain": s.obtain,
             "follow_up": [_follow_up_data(f, tz) for f in s.follow_up]}
            for s in schedule.steps
        ],
        "completion": _iso(schedule.completion, tz),
        "clients_settled": _iso(schedule.clients_settled, tz),
        "uninstall_before": [_follow_up_data(f, tz) for f in schedule.uninstall_before],
        "reinstall_after": [_follow_up_data(f, tz) for f in schedule.reinstall_after],
        "warnings": list(schedule.warnings),
    }


# -- text ------------------------------------------------------------------


def render_schedule_text(schedule: Schedule) -> str:
    plan, tz = schedule.plan, schedule.tz
    mode = mode_text(plan)
    lines = [f"Schedule: {transition(schedule.plan)}",
             f"Goal: {plan.goal}{mode}",
             f"Windows: {_windows_text(schedule)}",
             f"Durations: {_durations_text(schedule)}",
             f"Times in {schedule.zone_name}; start {_when(schedule.start, tz)}", ""]
    if not schedule.steps:
        lines.append("Nothing to install: the appliance is already at the target.")
        return "\n".join(lines)
    if schedule.uninstall_before:
        first = schedule.uninstall_before[0].due or schedule.start
        lines += [f"Before {_when(first, tz)}, uninstall: "
                  + ", ".join(f.client for f in schedule.uninstall_before), ""]
    rows = [["#", "Start", "End", "Install", "Gate"]]
    for n, step in enumerate(schedule.steps, 1):
        rows.append([str(n), _when(step.start, tz), _end(step, tz), step.package,
                     _gate(step, tz)])
    lines += table(rows)
    lines += ["",
              f"Completion:      {_when(schedule.completion, tz)}",
              f"Clients settled: {_when(schedule.clients_settled, tz)}"
              + (" (end of the last soak)" if schedule.clients_settled > schedule.completion
                 else ""),
              f"Total: {_totals(schedule)}"]
    groups = _obtain_groups(schedule.steps)
    if groups:
        lines += ["", "Manual updates: how to obtain each package"]
        lines += [f"  {steps}: {how}" for steps, how in groups]
    site = _site_steps(schedule)
    if site:
        lines += ["", "Client follow-up"]
        lines.append("  Every site install: " + "; ".join(f"{f.client} {f.action}"
                                                       for f in _automatic(schedule)) + ".")
        first_jump = _jump(site[0][1])
        if first_jump is not None:
            lines.append(f"  Jump Clients: {first_jump.brief or first_jump.action}.")
        for n, step in site:
            jump = _jump(step)
            if jump is not None and jump.due is not None:
                lines.append(f"  After {n}. {step.package}: Jump Clients all updated by"
                             f" {_when(jump.due, tz)} (export the list to confirm)")
        last, manual = _manual(schedule)
        if last is not None:
            lines.append(f"  After the last site install ({last.package}):")
            lines += [f"    - {f.client}: {f.action}" for f in manual]
    if schedule.reinstall_after:
        lines += ["", f"After {_when(schedule.completion, tz)}, reinstall by hand:"]
        lines += [f"  - {f.client}: {f.action}" for f in schedule.reinstall_after]
    if schedule.warnings:
        lines += ["", "Warnings:", *(f"  - {w}" for w in schedule.warnings)]
    return "\n".join(lines)


# -- Markdown (change ticket) -------------------------------------------------


def render_schedule_markdown(schedule: Schedule) -> str:
    plan, tz = schedule.plan, schedule.tz
    mode = mode_text(plan)
    updates = ("manual (air-gapped): each package through an Appliance Download Key"
               if schedule.manual else "automatic: /appliance > Updates > Check for updates")
    lines = [f"## Upgrade schedule: {transition(schedule.plan)}", "",
             f"- Goal: {plan.goal}{mode}",
             f"- Catalog: {plan.catalog.source} (`{plan.catalog.digest[:19]}`)",
             f"- Maintenance windows: {_windows_text(schedule)}",
             f"- Durations: {_durations_text(schedule)}",
             f"- Updates: {updates}",
             f"- Start: {_when(schedule.start, tz)}",
             f"- Completion: {_when(schedule.completion, tz)}",
             f"- Clients settled: {_when(schedule.clients_settled, tz)}",
             f"- Total: {_totals(schedule)}", ""]
    if not schedule.steps:
        lines.append("Nothing to install: the appliance is already at the target.")
        return "\n".join(lines)
    lines += ["### 1. Before the first install", "",
              f"- [ ] {_BACKUP}.", f"- [ ] {_CERTIFICATES}.", f"- [ ] {_DOWNTIME}."]
    if schedule.jump_throttle is not None:
        lines.append("- [ ] Check Maximum Concurrent Jump Client Upgrades (/login > Jump > Jump"
                     f" Clients): {schedule.jump_throttle.max_concurrent} assumed here.")
    if schedule.manual:
        lines.append("- [ ] If the removable-console feature is on, download the new console"
                     " MSI before the install (keep the old one to uninstall).")
        lines.append("- [ ] If a download key fails, check the time on /appliance > Status >"
                     " Basics (NTP under Networking > IP Configuration).")
    lines += [f"- [ ] Uninstall the {f.client}." for f in schedule.uninstall_before]
    lines += ["", "### 2. Installs", ""]
    rows = [["Done", "#", "Install", "Start", "End", "Gate", "Soak until"]]
    for n, step in enumerate(schedule.steps, 1):
        rows.append(["[ ]", str(n), step.package, _when(step.start, tz), _end(step, tz),
                     _gate(step, tz), _when(step.soak_until, tz) if step.soak_until else "-"])
    lines += table(rows, markdown=True)
    groups = _obtain_groups(schedule.steps)
    if groups:
        lines += ["", "How to obtain each package (manual updates):", ""]
        lines += [f"- {steps}: {how}." for steps, how in groups]
    lines += ["", "### 3. Verification after each install", "",
              f"- [ ] {_VERIFY}.", f"- [ ] {_BASE_TROUBLE}."]
    lines += ["", "### 4. Client follow-up", ""]
    site = _site_steps(schedule)
    if site:
        lines += [f"- After every site install, {f.client} {f.action}."
                  for f in _automatic(schedule)]
        first_jump = _jump(site[0][1])
        if first_jump is not None:
            lines.append(f"- Jump Clients: {first_jump.brief or first_jump.action}.")
        lines.append("")
        rows = [["Done", "After", "Jump Clients all updated by"]]
        for n, step in site:
            jump = _jump(step)
            rows.append(["[ ]", f"{n}. {step.package}",
                         _when(jump.due, tz) if jump and jump.due else "-"])
        lines += table(rows, markdown=True)
        lines += ["", "Confirm each by exporting the Jump Client list (/login > Jump > Jump"
                  " Clients): every status date later than the install."]
        last, manual = _manual(schedule)
        if last is not None:
            lines += ["", f"After the last site install ({last.package}):", ""]
            lines += [f"- [ ] {f.client}: {f.action}." for f in manual]
    elif schedule.reinstall_after:
        lines += [f"After the last install ({_when(schedule.completion, tz)}):", ""]
        lines += [f"- [ ] {f.client}: {f.action}." for f in schedule.reinstall_after]
    else:
        lines.append("No client follow-up: no install in this plan makes clients update.")
    if schedule.warnings:
        lines += ["", "### Warnings", "", *(f"- {w}" for w in schedule.warnings)]
    return "\n".join(lines)


# -- iCalendar (RFC 5545) -----------------------------------------------------


def render_ics(schedule: Schedule, *, stamp: datetime | None = None,
               appliance: str = "") -> str:
    """One VEVENT per install and one per soak, times in UTC.

    UIDs are derived from the appliance name, the plan's start and target
    and the package, not from the times, so that importing a rescheduled
    calendar updates the events instead of doubling them. ``stamp`` is the
    DTSTAMP (when the calendar was made): fixed in tests, now by default.
    """
    made = (stamp or datetime.now(UTC)).astimezone(UTC)
    plan, tz = schedule.plan, schedule.tz
    name = f"Upgrade {appliance + ': ' if appliance else ''}{transition(schedule.plan)}"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0",
             f"PRODID:-//bomgar_paths//schedule {__version__}//EN",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{_escape(name)}"]
    count = len(schedule.steps)
    for n, step in enumerate(schedule.steps, 1):
        package = step.step.package
        key = f"{appliance}|{plan.start}|{plan.target}|{package.family}={package.version}"
        description = [f"Step {n} of {count}: install {step.package} (estimated"
                       f" {span(step.duration)}; gate: {_gate(step, tz)}).",
                       f"Then installed: {step.step.after}.", f"{_DOWNTIME}."]
        if n == 1:
            description.insert(0, f"Before: {_BACKUP}. {_CERTIFICATES}.")
        if step.obtain:
            description.append(f"Obtain: {step.obtain}.")
        if package.family == BASE_FAMILY:
            description.append(f"{_BASE_TROUBLE}.")
        description.append(f"{_VERIFY}.")
        lines += _event(_uid(key, "install"), made, step.start, step.end,
                        f"Install {step.package} ({n}/{count})", "\n".join(description),
                        busy=True)
        if step.soak_until is not None:
            jump = _jump(step)
            text = [f"Soak after {step.package}: deployed clients update. Do not install the"
                    " next site package before it ends; Base updates may run."]
            if jump is not None:
                text.append(f"Jump Clients: {jump.action}.")
                if jump.warning:
                    text.append(f"Warning: {jump.warning}.")
            lines += _event(_uid(key, "soak"), made, step.end, step.soak_until,
                            f"Soak after {step.package}: clients update", "\n".join(text),
                            busy=False)
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _event(uid: str, made: datetime, start: datetime, end: datetime, summary: str,
           description: str, *, busy: bool) -> list[str]:
    return ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{_utc(made)}", f"DTSTART:{_utc(start)}",
            f"DTEND:{_utc(end)}", f"SUMMARY:{_escape(summary)}",
            f"DESCRIPTION:{_escape(description)}",
            f"TRANSP:{'OPAQUE' if busy else 'TRANSPARENT'}", "END:VEVENT"]


def _uid(key: str, kind: str) -> str:
    return f"{hashlib.sha256(key.encode()).hexdigest()[:24]}-{kind}@bomgar-paths"


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _escape(text: str) -> str:
    """RFC 5545 §3.3.11 TEXT: backslash, semicolon, comma and newline escaped."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\n").replace("\n", "\\n"))


def _fold(line: str) -> str:
    """RFC 5545 §3.1: at most 75 octets a line, never splitting a UTF-8 character;
    continuation lines start with one space."""
    if len(line.encode()) <= 75:
        return line
    parts: list[bytes] = []
    current = b""
    limit = 75
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > limit:
            parts.append(current)
            current, limit = b"", 74  # the leading space takes one octet
        current += encoded
    parts.append(current)
    return "\r\n ".join(part.decode() for part in parts)
