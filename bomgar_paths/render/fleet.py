"""A fleet (``fleet.Fleet``) in every format: text, Markdown, JSON, JSON Lines (one row
a line), ICS (one event per row of each wave) and an Ansible dynamic inventory.

JSON shapes (``schema`` 1) are in docs/fleets.md; JSON, JSON Lines and the Ansible
inventory are the same in every language.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, Any

from .common import SCHEMA, catalog_ref, dump, hours, problem_text, span, state_data, table
from .words import ENGLISH, Words

if TYPE_CHECKING:
    from ..fleet import Fleet, Member, Planned
    from ..inventory import BadRow
    from ..waves import Visit, Wave, Waves

__all__ = ["ansible_inventory", "bad_row_data", "fleet_data", "group_name",
           "row_data", "row_line", "write_fleet"]

def write_fleet(fleet: Fleet, fmt: str, words: Words = ENGLISH, *,
                stamp: datetime | None = None) -> str:
    if fmt == "json":
        return dump(fleet_data(fleet))
    if fmt == "jsonl":
        return "\n".join(row_line(r) for r in fleet.rows)
    if fmt == "ansible-inventory":
        return json.dumps(ansible_inventory(fleet), indent=2, ensure_ascii=False)
    if fmt == "ics":
        return render_fleet_ics(fleet, words, stamp=stamp)
    return render_fleet_text(fleet, words, markdown=fmt == "markdown")


# -- data ------------------------------------------------------------------------------


def _member_data(member: Member) -> dict[str, Any]:
    plan = member.plan
    totals = member.totals or (plan.totals if plan is not None else None)
    if plan is None:
        return {"name": member.name, "start": state_data(member.state), "reachable": False,
                "target": None, "installs": 0, "soak_hours": 0, "install_minutes": 0,
                "next": None, "steps": []}
    assert totals is not None
    return {"name": member.name, "start": state_data(member.state), "reachable": True,
            "target": state_data(plan.target), "installs": totals.installs,
            "soak_hours": totals.soak_hours, "install_minutes": totals.install_minutes,
            "next": plan.steps[0].package.label if plan.steps else None,
            "steps": [{"package": s.package.label, "family": s.package.family,
                       "version": str(s.package.version), "soak_hours": s.soak_hours,
                       "install_minutes": s.install_minutes} for s in plan.steps]}


def row_data(row: Planned, *, appliances: bool = True) -> dict[str, Any]:
    """One row: its name, group, where it is read from, and each appliance's plan."""
    first = next((m.plan for m in row.members if m.plan is not None), None)
    return {"name": row.name, "group": row.row.group or None,
            "row": row.row.row, "manual": row.row.manual,
            "topology": None if row.row.topology is None else str(row.row.topology.kind),
            "goal": str(first.goal) if first is not None else str(row.row.goal),
            "holds": [str(h) for h in row.row.holds],
            **({"appliances": [_member_data(m) for m in row.members]} if appliances else {})}


def row_line(row: Planned, written: dict[int, tuple[object, str]] | None = None) -> str:
    """One JSON Lines line: ``schema`` and the row. ``written`` keeps each shared plan's
    JSON, written once (a stream of a million rows has a few hundred plans)."""
    if written is None:
        return json.dumps({"schema": SCHEMA, **row_data(row)}, ensure_ascii=False)
    data = row_data(row, appliances=False)
    parts = []
    for member in row.members:
        found = written.get(id(member.plan))
        if found is None or found[0] is not member.plan:
            text = json.dumps(_member_data(member), ensure_ascii=False)
            # Everything after the name: the name is the row's, the rest the plan's.
            found = written[id(member.plan)] = (member.plan, text[text.index(', "start"'):])
        parts.append('{"name": ' + json.dumps(member.name, ensure_ascii=False) + found[1])
    head = json.dumps({"schema": SCHEMA, **data}, ensure_ascii=False)
    return head[:-1] + ', "appliances": [' + ", ".join(parts) + "]}"


def bad_row_data(bad: BadRow) -> dict[str, Any]:
    problem = bad.problem
    return {"file": problem.path, "line": problem.line, "row": bad.row, "name": bad.name,
            "column": problem.key, "code": problem.code, "message": problem.message}


def _iso(value: datetime | None, tz: tzinfo | None = None) -> str | None:
    if value is None:
        return None
    return value.astimezone(tz or UTC).isoformat(timespec="seconds")


def _zone(visit: Visit) -> tzinfo:
    from ..windows import zone  # noqa: PLC0415

    return zone(visit.tz) if visit.tz else UTC


def _waves_data(waves: Waves) -> dict[str, Any]:
    return {"serial": [str(b) for b in waves.serial], "sizes": list(waves.sizes),
            "canary": list(waves.canary), "gate_hours": waves.gate.total_seconds() / 3600,
            "max_fail_percentage": waves.max_fail_percentage, "start": _iso(waves.start),
            "waves": [{"number": w.number, "canary": w.canary, "rows": list(w.rows),
                       "start": _iso(w.start), "settled": _iso(w.settled),
                       "visits": [{"row": v.row, "group": v.group or None, "tz": v.tz,
                                   "start": _iso(v.start, _zone(v)),
                                   "completion": _iso(v.completion, _zone(v)),
                                   "settled": _iso(v.settled, _zone(v)),
                                   "error": None if v.error is None else str(v.error)}
                                  for v in w.visits]} for w in waves.waves]}


def fleet_data(fleet: Fleet) -> dict[str, Any]:
    return {
        "catalog": catalog_ref(fleet.catalog),
        "mode": "soak" if fleet.soak else "no-soak",
        "appliances": [row_data(r) for r in fleet.rows],
        "bad_rows": [bad_row_data(b) for b in fleet.bad],
        "identical": [{"rows": list(i.rows), "installs": sum(len(p.steps) for p in i.plans),
                       "soak_hours": sum(p.totals.soak_hours for p in i.plans)}
                      for i in fleet.identical],
        "staging": [{"group": s.group or None, "packages_independent": s.independent,
                     "saving": s.saving,
                     "packages": [{"package": p.package.label, "family": p.package.family,
                                   "version": str(p.package.version),
                                   "appliances": list(p.appliances),
                                   "download_keys": list(p.manual)} for p in s.packages]}
                    for s in fleet.staging],
        "waves": None if fleet.waves is None else _waves_data(fleet.waves),
        "totals": {"rows": len(fleet.rows), "installs": fleet.installs,
                   "soak_appliance_days": fleet.soak_days,
                   "up_to_date": len(fleet.up_to_date),
                   "unreachable": len(fleet.unreachable), "bad_rows": len(fleet.bad),
                   "staged_packages": sum(len(s.packages) for s in fleet.staging),
                   "saving": fleet.saving},
    }


# -- Ansible ---------------------------------------------------------------------------

_NOT_IN_NAME = re.compile(r"[^A-Za-z0-9_]")


def group_name(*parts: str) -> str:
    """An Ansible group name (letters, digits, underscores): ``next_bomgar_12_3_0``."""
    return _NOT_IN_NAME.sub("_", "_".join(parts)).lower()


def ansible_inventory(fleet: Fleet) -> dict[str, Any]:
    """An Ansible dynamic inventory (``ansible-inventory --list``'s shape): the group
    ``upgrade`` holds every host with something to install, in wave order (canaries
    first); ``wave_N``, ``next_FAMILY_VERSION`` and ``customer_GROUP`` group them;
    each host's plan is in its hostvars (``bomgar_*``)."""
    waves = fleet.waves
    wave_of = waves.wave_of() if waves is not None else {}
    groups: dict[str, list[str]] = {}
    hostvars: dict[str, Any] = {}
    ordered = sorted(fleet.rows, key=lambda r: wave_of.get(r.name, 10**9))
    for row in ordered:
        data = row_data(row)
        wave = wave_of.get(row.name)
        next_packages = [p.label for p in row.next_packages]
        hostvars[row.name] = {
            "bomgar_group": row.row.group or None, "bomgar_manual": row.row.manual,
            "bomgar_wave": wave, "bomgar_next_packages": next_packages,
            "bomgar_installs": row.installs, "bomgar_soak_hours": row.soak_hours,
            "bomgar_appliances": data["appliances"],
        }
        if not row.reachable:
            groups.setdefault("unreachable", []).append(row.name)
        elif row.up_to_date:
            groups.setdefault("up_to_date", []).append(row.name)
        else:
            groups.setdefault("upgrade", []).append(row.name)
        if wave is not None:
            groups.setdefault(f"wave_{wave}", []).append(row.name)
        for package in row.next_packages:
            groups.setdefault(group_name("next", package.family, str(package.version)),
                              []).append(row.name)
        if row.row.group:
            groups.setdefault(group_name("customer", row.row.group), []).append(row.name)
    inventory: dict[str, Any] = {"_meta": {"hostvars": hostvars}}
    variables: dict[str, Any] = {"bomgar_schema": SCHEMA,
                                 "bomgar_catalog": catalog_ref(fleet.catalog)}
    if waves is not None:
        variables |= {"bomgar_serial": list(waves.sizes),
                      "bomgar_gate_hours": waves.gate.total_seconds() / 3600,
                      "bomgar_max_fail_percentage": waves.max_fail_percentage}
    inventory["all"] = {"children": sorted(groups), "vars": variables}
    for name in sorted(groups):
        inventory[name] = {"hosts": groups[name]}
    return inventory


# -- text and Markdown -------------------------------------------------------------------


def _row_cells(row: Planned, w: Words) -> list[list[str]]:
    cells = []
    for member in row.members:
        name = row.name if row.row.topology is None else f"{row.name}/{member.name}"
        plan = member.plan
        if plan is None:
            cells.append([name, row.row.group or "-", str(member.state),
                          w._("unreachable"), "-", "-", "-"])
            continue
        cells.append([name, row.row.group or "-", str(member.state), str(plan.target),
                      w.number(len(plan.steps)), hours(plan.totals.soak_hours, w),
                      plan.steps[0].package.label if plan.steps else w._("up to date")])
    return cells


def _when(value: datetime | None, tz: tzinfo, w: Words) -> str:
    if value is None:
        return "-"
    local = value.astimezone(tz)
    return (f"{w.weekday(local)} {w.date(local.date())} {local:%H:%M}"
            f" {local.isoformat()[-6:]}")


def _wave_title(wave: Wave, count: int, w: Words) -> str:
    if wave.canary:
        return w.n_("Wave {number} of {count} (canary): {n} row",
                    "Wave {number} of {count} (canary): {n} rows", len(wave.rows),
                    number=wave.number, count=count)
    return w.n_("Wave {number} of {count}: {n} row", "Wave {number} of {count}: {n} rows",
                len(wave.rows), number=wave.number, count=count)


def _waves_lines(waves: Waves, w: Words, markdown: bool) -> list[str]:
    lines = [w._("Serial {serial}; each wave starts at least {gate} after the previous"
                 " one's last soak ends", serial=",".join(map(str, waves.serial)),
                 gate=span(waves.gate, w))]
    shown = waves.start.tzinfo if waves.start is not None and waves.start.tzinfo else UTC
    if waves.max_fail_percentage is not None:
        lines.append(w._("Failure threshold: when more than {percent}% of a wave's"
                         " appliances fail, the later waves do not start",
                         percent=w.number(waves.max_fail_percentage)))
    for wave in waves.waves:
        lines.append("")
        title = _wave_title(wave, len(waves.waves), w)
        lines.append(f"### {title}" if markdown else title)
        if wave.start is None:
            lines.append(("- " if markdown else "  ") + ", ".join(wave.rows))
            continue
        lines.append(("" if markdown else "  ") + w._(
            "from {start} until {settled}", start=_when(wave.start, shown, w),
            settled=_when(wave.settled, shown, w)))
        rows = [[w._("Row"), w._("Group"), w._("Time zone"), w._("First install"),
                 w._("Last install ends"), w._("Clients settled")]]
        for visit in wave.visits:
            tz = _zone(visit)
            if visit.error is not None:
                rows.append([visit.row, visit.group or "-", visit.tz or "UTC",
                             w._("cannot be scheduled: {error}",
                                 error=_error_line(visit.error, w)), "", ""])
                continue
            rows.append([visit.row, visit.group or "-", visit.tz or "UTC",
                         _when(visit.start, tz, w), _when(visit.completion, tz, w),
                         _when(visit.settled, tz, w)])
        if markdown:
            lines.append("")
        lines += table(rows, markdown) if markdown else ["  " + r for r in table(rows)]
    return lines


def _error_line(error: Exception, w: Words) -> str:
    from .common import error_text  # noqa: PLC0415

    return error_text(error, w)  # type: ignore[arg-type]


def render_fleet_text(fleet: Fleet, w: Words = ENGLISH, *, markdown: bool = False) -> str:
    """The fleet for an administrator (text) or a change ticket (Markdown)."""
    def heading(text: str) -> str:
        return f"## {text}" if markdown else text

    groups = len({r.row.group for r in fleet.rows})
    title = w.n_("Fleet: {n} row", "Fleet: {n} rows", len(fleet.rows)) + w.n_(
        " in {n} group", " in {n} groups", groups)
    lines = [f"# {title}" if markdown else title, ""]
    lines.append(w._("Catalog: {source} ({digest})", source=fleet.catalog.source,
                     digest=fleet.catalog.digest[:19]))
    if not fleet.soak:
        lines.append(w._("Mode: no soak (clients uninstalled first)"))
    lines.append("")
    lines.append(heading(w._("Appliances")))
    if markdown:
        lines.append("")
    header = [w._("Name"), w._("Group"), w._("Start"), w._("Target"), w._("Installs"),
              w._("Soak"), w._("Next")]
    rows = [header] + [cells for r in fleet.rows for cells in _row_cells(r, w)]
    lines += table(rows, markdown)
    if fleet.bad:
        lines += ["", heading(w.n_("{n} bad row (not planned)", "{n} bad rows (not planned)",
                                   len(fleet.bad)))]
        if markdown:
            lines.append("")
        lines += [("- " if markdown else "  ") + problem_text(b.problem, w) for b in fleet.bad]
    shared = [i for i in fleet.identical if len(i.rows) > 1]
    if shared:
        lines += ["", heading(w._("Identical plans"))]
        if markdown:
            lines.append("")
        for same in shared:
            installs = sum(len(p.steps) for p in same.plans)
            lines.append(("- " if markdown else "  ") + w.n_(
                "{rows}: {n} install each", "{rows}: {n} installs each", installs,
                rows=", ".join(same.rows)))
    lines += ["", heading(w._("Staging sets (per group: packages are not shared across"
                              " groups)"))]
    for staging in fleet.staging:
        lines.append("")
        group = staging.group or w._("(no group)")
        summary = w.n_("{group}: {n} package to fetch", "{group}: {n} packages to fetch",
                       len(staging.packages), group=group)
        if staging.saving:
            summary += w.n_(" ({n} fewer than plans chosen alone)",
                            " ({n} fewer than plans chosen alone)", staging.saving)
        lines.append(f"### {summary}" if markdown else summary)
        if markdown:
            lines.append("")
        for staged in staging.packages:
            text = f"{staged.package.label}: {', '.join(staged.appliances)}"
            if staged.manual:
                text += w._("; Appliance Download Key from each of {appliances}",
                            appliances=", ".join(staged.manual))
            lines.append(("- " if markdown else "  ") + text)
    if fleet.waves is not None:
        lines += ["", heading(w._("Waves"))]
        if markdown:
            lines.append("")
        lines += _waves_lines(fleet.waves, w, markdown)
    lines += ["", heading(w._("Totals")) if markdown else w._("Totals:")]
    if markdown:
        lines.append("")
    bullet = "- " if markdown else "  "
    lines.append(bullet + w.n_("{n} install", "{n} installs", fleet.installs) + ", " + w._(
        "{days} appliance-days of soak", days=w.number(round(fleet.soak_days, 2))))
    lines.append(bullet + w._(
        "{planned} rows planned, {current} up to date, {unreachable} unreachable, {bad} bad",
        planned=w.number(len(fleet.rows)), current=w.number(len(fleet.up_to_date)),
        unreachable=w.number(len(fleet.unreachable)), bad=w.number(len(fleet.bad))))
    to_stage = sum(len(s.packages) for s in fleet.staging)
    lines.append(bullet + w.n_("{n} package to stage", "{n} packages to stage", to_stage)
                 + w.n_(", {n} fewer than plans chosen alone",
                        ", {n} fewer than plans chosen alone", fleet.saving))
    return "\n".join(lines)


# -- ICS -----------------------------------------------------------------------------------


def render_fleet_ics(fleet: Fleet, w: Words = ENGLISH, *, stamp: datetime | None = None) -> str:
    """One event per row of each wave, from its first install to its clients settled."""
    from .. import __version__  # noqa: PLC0415
    from .ics import _escape, _event, _fold, _uid  # noqa: PLC0415

    made = (stamp or datetime.now(UTC)).astimezone(UTC)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//bomgar_paths//fleet {__version__}//EN",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{_escape(w._('Fleet upgrade'))}"]
    waves = fleet.waves
    for wave in waves.waves if waves is not None else ():
        for visit in wave.visits:
            if visit.start is None or visit.settled is None:
                continue
            summary = w._("Wave {number}: upgrade {row}", number=wave.number, row=visit.row)
            description = w._("Group {group}; first install {start}; clients settled"
                              " {settled}.", group=visit.group or "-",
                              start=_when(visit.start, _zone(visit), w),
                              settled=_when(visit.settled, _zone(visit), w))
            lines += _event(_uid(f"fleet|{visit.row}|{wave.number}", "wave"), made,
                            visit.start, visit.settled, summary, description, busy=True)
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
