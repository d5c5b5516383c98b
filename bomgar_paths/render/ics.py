"""A schedule as an iCalendar file (RFC 5545): one event per install and one per soak.

CRLF line ends, lines folded at 75 octets, TEXT values escaped, times in UTC.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from .. import __version__
from ..runbook import Action, Round, Runbook, RunbookStep
from ..scheduling import BASE_FAMILY, Schedule
from .common import span, transition
from .schedule import (
    _BACKUP,
    _BASE_TROUBLE,
    _CERTIFICATES,
    _DOWNTIME,
    _VERIFY,
    _gate,
    _jump,
    action_text,
    late_text,
    obtain_text,
)
from .words import ENGLISH, Words

__all__ = ["render_ics", "render_runbook_ics"]

# Without windows, steps closer than this belong to one visit.
_GAP = timedelta(hours=1)


def render_ics(schedule: Schedule, *, stamp: datetime | None = None,
               appliance: str = "", words: Words = ENGLISH) -> str:
    """One VEVENT per install and one per soak, times in UTC.

    UIDs are derived from the appliance name, the plan's start and target
    and the package, not from the times, so that importing a rescheduled
    calendar updates the events instead of doubling them. ``stamp`` is the
    DTSTAMP (when the calendar was made): fixed in tests, now by default.
    """
    w = words
    made = (stamp or datetime.now(UTC)).astimezone(UTC)
    plan, tz = schedule.plan, schedule.tz
    name = (w._("Upgrade {appliance}: {transition}", appliance=appliance,
                transition=transition(plan, w)) if appliance else
            w._("Upgrade {transition}", transition=transition(plan, w)))
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0",
             f"PRODID:-//bomgar_paths//schedule {__version__}//EN",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{_escape(name)}"]
    count = len(schedule.steps)
    for n, step in enumerate(schedule.steps, 1):
        package = step.step.package
        key = f"{appliance}|{plan.start}|{plan.target}|{package.family}={package.version}"
        description = [w._("Step {n} of {count}: install {package} (estimated {span}; gate:"
                           " {gate}).", n=n, count=count, package=step.package,
                           span=span(step.duration, w), gate=_gate(step, tz, w)),
                       w._("Then installed: {state}.", state=step.step.after),
                       f"{w._(_DOWNTIME)}."]
        if n == 1:
            description.insert(0, w._("Before: {backup}. {certificates}.",
                                      backup=w._(_BACKUP), certificates=w._(_CERTIFICATES)))
        if step.obtain:
            description.append(w._("Obtain: {how}.", how=obtain_text(step.obtain, w)))
        if package.family == BASE_FAMILY:
            description.append(f"{w._(_BASE_TROUBLE)}.")
        description.append(f"{w._(_VERIFY)}.")
        lines += _event(_uid(key, "install"), made, step.start, step.end,
                        w._("Install {package} ({n}/{count})", package=step.package, n=n,
                            count=count), "\n".join(description), busy=True)
        if step.soak_until is not None:
            jump = _jump(step)
            text = [w._("Soak after {package}: deployed clients update. Do not install the"
                        " next site package before it ends; Base updates may run.",
                        package=step.package)]
            if jump is not None:
                text.append(w._("Jump Clients: {action}.", action=action_text(jump, tz, w)))
                if jump.late is not None:
                    text.append(w._("Warning: {warning}.", warning=late_text(jump.late, tz, w)))
            lines += _event(_uid(key, "soak"), made, step.end, step.soak_until,
                            w._("Soak after {package}: clients update", package=step.package),
                            "\n".join(text), busy=False)
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



def render_runbook_ics(runbook: Runbook, *, stamp: datetime | None = None,
                       words: Words = ENGLISH) -> str:
    """One VEVENT per appliance visit (its installs of a round, with the steps around
    them in the description) and one per soak, times in UTC."""
    from .runbook import actor, check_text, step_text  # noqa: PLC0415  (imports this module)

    w = words
    made = (stamp or datetime.now(UTC)).astimezone(UTC)
    plan = runbook.plan
    name = w._("Runbook {transition}", transition=transition(plan, w))
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0",
             f"PRODID:-//bomgar_paths//runbook {__version__}//EN",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{_escape(name)}"]
    base = f"{runbook.topology.kind}|{plan.start}|{plan.target}"
    for round_ in runbook.rounds:
        for visit in _visits(round_):
            first, last = visit[0], visit[-1]
            who = sorted({actor(s) for s in visit if s.action is Action.INSTALL})
            description = "\n".join(
                f"{actor(s)}: {step_text(s, w)} ("
                f"{w._('Check: {check}', check=check_text(s, round_, runbook, w))})"
                for s in visit)
            lines += _event(_uid(f"{base}|{round_.number}|{first.appliance}|{first.window}",
                                 "visit"), made, first.start, last.end,
                            w._("Round {number}: {appliances}", number=round_.number,
                                appliances=", ".join(who) or first.appliance),
                            description, busy=True)
        if round_.soak_until is not None and round_.serving_from is not None:
            lines += _event(_uid(f"{base}|{round_.number}", "soak"), made, round_.serving_from,
                            round_.soak_until,
                            w._("Soak after round {number}: clients update",
                                number=round_.number),
                            w._("Confirm the Jump Clients updated before the next round"),
                            busy=False)
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _visits(round_: Round) -> list[list[RunbookStep]]:
    """A round's steps split where the window occurrence changes (the Jump Client
    confirmation, at the soak's end, is the soak event's)."""
    visits: list[list[RunbookStep]] = []
    for step in round_.steps:
        if step.action is Action.CONFIRM_JUMP_CLIENTS:
            continue
        if visits and visits[-1][-1].window == step.window and (
                step.window is not None or step.start - visits[-1][-1].end < _GAP):
            visits[-1].append(step)
        else:
            visits.append([step])
    return visits
