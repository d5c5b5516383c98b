"""Renderings of a ``Runbook``: text, a change-ticket Markdown checklist, JSON.

Each step is written as what to do, where (the page), and how to check it;
the pages are the product's own (JSON carries them in English, the text in the
language asked). The JSON shape is a contract (issue 11): ``{"schema",
"topology", "rounds": [{"installs", "steps": [{"appliance", "action", "page",
"start", "end"}], "primary_after", "unprotected_minutes", "soak_until"}],
"completion"}``, with more keys beside those (docs/runbooks.md).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta, tzinfo
from typing import Any

from ..model import State
from ..runbook import SWITCH_OVER, Action, Halt, Round, Runbook, RunbookStep
from ..scheduling import BASE_FAMILY
from ..topology import FailoverBy, Kind, Method, Topology
from .common import catalog_ref, dump, goal_text, span, state_data, state_text
from .gantt import runbook_gantt
from .schedule import obtain_text
from .words import ENGLISH, N_, Words

__all__ = ["actor", "check_text", "masters", "page_of", "render_runbook", "round_facts",
           "round_title", "runbook_data", "runbook_title", "step_text", "summary_lines",
           "when_text"]

FORMATS = ("text", "json", "markdown", "ics", "html")

_FAILOVER = N_("/login > Management > Failover")
_CLUSTER = N_("/login > Management > Cluster")
_SOFTWARE = N_("/login > Management > Software Management")
_CERTIFICATES = N_("/appliance > Security > Certificates")
_DNS = N_("the DNS server")
_MOVES = {FailoverBy.SHARED_IP: N_("/appliance > Networking > IP Configuration"),
          FailoverBy.DNS: _DNS, FailoverBy.NAT: N_("the NAT rules (firewall)")}

#: Each action's page (None: it depends on the step, see page_of).
PAGES: dict[Action, str | None] = {
    Action.BACKUP: _SOFTWARE,
    Action.NEW_BACKUP: _SOFTWARE,
    Action.EXPORT_SSL: _CERTIFICATES,
    Action.OBTAIN: N_("/appliance > Updates > Manual Installation"),
    Action.INSTALL: N_("/appliance > Updates"),
    Action.VERIFY: N_("representative console: Help > About"),
    Action.CONFIRM_JUMP_CLIENTS: N_("representative console, as an administrator: the Jump"
                                    " Clients list, exported"),
    Action.SYNC_NOW: None,
    Action.BREAK_FAILOVER: _FAILOVER,
    Action.MAKE_PRIMARY: None,
    Action.REESTABLISH: _FAILOVER,
    Action.DISTRIBUTE: _SOFTWARE,
    Action.STOP_ACCEPTING: _CLUSTER,
    Action.WAIT_DRAINED: N_("the node's /login > Status > Information"),
    Action.BECOME_BACKUP: _FAILOVER,
    Action.SWITCH_TRAFFIC: None,
    Action.BECOME_PRIMARY: _FAILOVER,
    Action.ACCEPT_CONNECTIONS: _CLUSTER,
    Action.ENABLE_BACKUP: _FAILOVER,
    Action.HOLD_BACK: _CLUSTER,
    Action.DISABLE_AUTO_FAILOVER: _FAILOVER,
    Action.RELEASE: _CLUSTER,
    Action.ENABLE_AUTO_FAILOVER: _FAILOVER,
    Action.SET_UP: N_("the new appliance's install guide"),
    Action.IMPORT_SSL: _CERTIFICATES,
    Action.ASSIGN_IP: _CERTIFICATES,
    Action.FIRST_LOGIN: N_("/login"),
    Action.RESTORE: _SOFTWARE,
    Action.POINT_DNS: _DNS,
    Action.RETIRE: N_("/appliance > Status > Basics"),
    Action.UNINSTALL_CLIENTS: N_("every machine with client software"),
    Action.REINSTALL_CLIENTS: N_("every machine with client software"),
}

_DOS: dict[Action, str] = {
    Action.BACKUP: N_("Download a backup (Download Backup)"),
    Action.NEW_BACKUP: N_("Download a new backup, then install the next package at once"),
    Action.EXPORT_SSL: N_("Export the SSL certificates with their private key and chain; set"
                          " a password on the key"),
    Action.INSTALL: N_("Install {package}"),
    Action.VERIFY: N_("Verify {package}"),
    Action.CONFIRM_JUMP_CLIENTS: N_("Confirm the Jump Clients updated before the next round"),
    Action.SYNC_NOW: N_("Sync Now, and wait until the sync finishes"),
    Action.BREAK_FAILOVER: N_("Break Failover Relationships"),
    Action.REESTABLISH: N_("Re-establish failover from {appliance}: {appliance} primary,"
                           " {peer} backup"),
    Action.DISTRIBUTE: N_("Download the update without installing it; Distribute to Cluster"),
    Action.STOP_ACCEPTING: N_("Untick Accept Client Connections on {nodes} (half of the"
                              " traffic nodes, by geography)"),
    Action.WAIT_DRAINED: N_("Wait until no clients are connected to {appliance}"),
    Action.BECOME_BACKUP: N_("Tick \"become backup even if the peer cannot be contacted\","
                             " then Become Backup"),
    Action.BECOME_PRIMARY: N_("Become Primary; untick Enable Backup Operations"),
    Action.ACCEPT_CONNECTIONS: N_("Tick Accept New Client Connections for {nodes}"),
    Action.ENABLE_BACKUP: N_("Tick Enable Backup Operations"),
    Action.HOLD_BACK: N_("Untick \"Install updates on this node together with the other"
                         " nodes\" for {nodes} (held back)"),
    Action.DISABLE_AUTO_FAILOVER: N_("Turn off Enable Automatic Failover"),
    Action.RELEASE: N_("Tick \"Install updates on this node together with the other nodes\""
                       " again for {nodes}"),
    Action.ENABLE_AUTO_FAILOVER: N_("Turn Enable Automatic Failover back on"),
    Action.SET_UP: N_("Install {appliance} as its install guide says"),
    Action.IMPORT_SSL: N_("Import the SSL chain exported from {peer}"),
    Action.ASSIGN_IP: N_("Assign IP"),
    Action.FIRST_LOGIN: N_("Log into /login (first credentials admin / password)"),
    Action.RESTORE: N_("Restore the backup of {peer} (Upload Backup)"),
    Action.POINT_DNS: N_("Point the site's DNS name at {appliance}"),
    Action.RETIRE: N_("Retire {appliance}: reset it to factory defaults and shut it down (a"
                      " physical one goes back with its return label)"),
    Action.UNINSTALL_CLIENTS: N_("Uninstall all client software first: representative"
                                 " consoles, Jump Clients, Jumpoints, Bomgar Buttons,"
                                 " connection agents (no soaks: they could not follow)"),
    Action.REINSTALL_CLIENTS: N_("Reinstall all client software by hand, for {package}:"
                                 " representative consoles, Jump Clients, Jumpoints, Bomgar"
                                 " Buttons, connection agents, Integration Clients"),
}
_MAKE_PRIMARY = {
    FailoverBy.SHARED_IP: N_("Make {appliance} primary: on {peer}, untick Enabled on the"
                             " shared IP; then at once tick it on {appliance}"),
    FailoverBy.DNS: N_("Make {appliance} primary: point the primary hostname's DNS record at"
                       " {appliance}"),
    FailoverBy.NAT: N_("Make {appliance} primary: point the NAT rule of the primary address"
                       " at {appliance}"),
}
_SWITCH = {FailoverBy.DNS: N_("Point the primary hostname's DNS record at {appliance}"),
           FailoverBy.NAT: N_("Point the NAT rule of the primary address at {appliance}")}

_CHECKS: dict[Action, str] = {
    Action.BACKUP: N_("the backup file is saved off the appliance (it leaves out session"
                      " recordings and large file-store files)"),
    Action.NEW_BACKUP: N_("the backup file is saved off the appliance (it leaves out session"
                          " recordings and large file-store files)"),
    Action.EXPORT_SSL: N_("the exported file holds the certificate, its private key and the"
                          " chain"),
    Action.INSTALL: N_("the site is unavailable during the install; logged-in users and"
                       " sessions are dropped"),
    Action.VERIFY: N_("Help > About shows {package}, and a session to a remote computer"
                      " works"),
    Action.CONFIRM_JUMP_CLIENTS: N_("export the Jump Client list: every status date is later"
                                    " than {time}"),
    Action.SYNC_NOW: N_("the last sync shows as finished"),
    Action.BREAK_FAILOVER: N_("no failover relationship is shown"),
    Action.REESTABLISH: N_("both run the same package and share the inter-appliance"
                           " pre-shared key (/login > Management > Security); enter each"
                           " appliance's own address, not the shared hostname; the first"
                           " sync starts within about 60 seconds"),
    Action.DISTRIBUTE: N_("every node shows the package staged; do not change {appliance}'s"
                          " configuration until the round ends"),
    Action.STOP_ACCEPTING: N_("those nodes show as not accepting client connections"),
    Action.WAIT_DRAINED: N_("the Connected Clients table shows no customer clients or"
                            " consoles"),
    Action.BECOME_BACKUP: N_("{appliance} shows as backup (a shared IP leaves it by itself)"),
    Action.BECOME_PRIMARY: N_("{appliance} shows as primary; clients reach it"),
    Action.ACCEPT_CONNECTIONS: N_("those nodes accept client connections again"),
    Action.ENABLE_BACKUP: N_("{appliance} shows as backup, syncing from {peer}"),
    Action.HOLD_BACK: N_("those nodes do not take the update from the primary (they do not"
                         " catch up on their own)"),
    Action.DISABLE_AUTO_FAILOVER: N_("{appliance} shows automatic failover off"),
    Action.RELEASE: N_("every node runs the same package as the primary"),
    Action.ENABLE_AUTO_FAILOVER: N_("{appliance} shows automatic failover on"),
    Action.SET_UP: N_("the appliance answers on its /appliance page"),
    Action.IMPORT_SSL: N_("the certificate shows no warnings"),
    Action.ASSIGN_IP: N_("the certificate is on the appliance's active IP"),
    Action.FIRST_LOGIN: N_("change the first password at once"),
    Action.RESTORE: N_("the users and settings of {peer} appear on {appliance}"),
    Action.POINT_DNS: N_("the site's name reaches {appliance}: a console logs in and a"
                         " session works"),
    Action.RETIRE: N_("Status > Basics shows the factory settings"),
    Action.UNINSTALL_CLIENTS: N_("no client of the site is left installed"),
    Action.REINSTALL_CLIENTS: N_("consoles log in and Jump Clients show online; rebuild the"
                                 " installer packages made before the upgrade"),
}
_VERIFY_BY_HOSTS = N_("point the hosts files of two local machines at {appliance}'s address;"
                      " Help > About shows {package}, and a console and a session work")
_VERIFY_NODE = N_("the node's status page shows {package}")
_INSTALL_BASE = N_("the appliance restarts by itself; if this Base update has trouble, stop"
                   " here and do not restart {appliance}: call support. {halt}")
_MAKE_PRIMARY_CHECK = N_("the primary hostname reaches {appliance}; an Integration Client"
                         " configured by IP, not hostname, still extracts data from"
                         " {appliance}")


# -- pieces shared by text and Markdown ----------------------------------------------


_NODE_STATUS = N_("/appliance > Status > Basics")
_ALONGSIDE = (Action.INSTALL, Action.VERIFY, Action.OBTAIN)


def page_of(step: RunbookStep, topology: Topology) -> str:
    """The page in English (the JSON's); ``_`` of it is the page in another language."""
    if step.action is Action.VERIFY and step.appliance not in masters(topology):
        return _NODE_STATUS
    page = PAGES[step.action]
    if page is not None:
        return page
    if step.action is Action.SYNC_NOW:
        return _CLUSTER if topology.kind is Kind.ATLAS else _FAILOVER
    assert step.failover_by is not None
    return _MOVES[step.failover_by]


def _names(names: Sequence[str]) -> str:
    return ", ".join(names)


def _fields(step: RunbookStep) -> dict[str, str]:
    return {"appliance": _names((step.appliance, *step.nodes)), "peer": step.peer or "",
            "package": step.package or "", "nodes": _names(step.nodes)}


def actor(step: RunbookStep) -> str:
    """Who takes the step: the appliance, and the traffic nodes updated alongside it."""
    return _names((step.appliance, *step.nodes)) if step.action in _ALONGSIDE else (
        step.appliance)


def step_text(step: RunbookStep, w: Words = ENGLISH) -> str:
    """What to do in one step."""
    fields = _fields(step)
    if step.action is Action.OBTAIN:
        how = obtain_text(step.obtain, w) if step.obtain is not None else ""
        return w._("Obtain {package}: {how}", package=step.package or "", how=how)
    if step.action is Action.MAKE_PRIMARY:
        assert step.failover_by is not None
        return w._(_MAKE_PRIMARY[step.failover_by], **fields)
    if step.action is Action.SWITCH_TRAFFIC:
        assert step.failover_by is not None
        return w._(_SWITCH[step.failover_by], **fields)
    if step.action is Action.DISTRIBUTE and step.obtain is not None:
        return w._("Upload the obtained update under Manual Installation without installing"
                   " it; Distribute to Cluster")
    return w._(_DOS[step.action], **fields)


def halt_text(halt: Halt, w: Words = ENGLISH) -> str:
    together: dict[State, list[str]] = {}
    for name, state in halt.states:
        together.setdefault(state, []).append(name)
    states = "; ".join(w.n_("{names} runs {state}", "{names} run {state}", len(names),
                            names=_names(names), state=state_text(state, w))
                       for state, names in together.items())
    if halt.serving is None and halt.fallback is not None:
        return w._("Left as: {states}; nobody serves the clients: {fallback}, not yet"
                   " updated, is the one to fall back to", states=states,
                   fallback=halt.fallback)
    if halt.serving is None:
        return w._("Left as: {states}", states=states)
    return w._("Left as: {states}; {serving} serves the clients", states=states,
               serving=halt.serving)


def check_text(step: RunbookStep, round_: Round, runbook: Runbook,
               w: Words = ENGLISH) -> str:
    """How to check one step."""
    fields = _fields(step)
    topology = runbook.topology
    action = step.action
    if action is Action.OBTAIN:
        return w._("the package is uploaded and listed under Manual Installation")
    if action is Action.INSTALL and step.halt is not None:
        return w._(_INSTALL_BASE, appliance=step.appliance, halt=halt_text(step.halt, w))
    if action is Action.INSTALL and step.serving not in (None, step.appliance):
        return w._("clients keep working on {serving} meanwhile", serving=step.serving)
    if action is Action.VERIFY:
        if step.family == BASE_FAMILY:  # Help > About shows only the site's version
            return w._("/appliance > Status > Basics shows {package}", **fields)
        if step.appliance not in masters(topology):
            return w._(_VERIFY_NODE, **fields)
        if topology.method is Method.ASYNC and step.appliance != round_.primary_before:
            return w._(_VERIFY_BY_HOSTS, **fields)
    if action is Action.MAKE_PRIMARY:
        return w._(_MAKE_PRIMARY_CHECK, **fields)
    if action is Action.SWITCH_TRAFFIC:
        return w._("clients reach {appliance}; a short outage of about {span} (DNS: and the"
                   " record's time to live) ends here", span=span(SWITCH_OVER, w), **fields)
    if action is Action.CONFIRM_JUMP_CLIENTS:
        served = round_.serving_from
        when = "" if served is None else served.astimezone(runbook.tz).isoformat(
            timespec="minutes")
        return w._(_CHECKS[action], time=when)
    return w._(_CHECKS[action], **fields)


def _primaries(runbook: Runbook) -> set[str]:
    return {r.primary_before for r in runbook.rounds if r.primary_before is not None}


def masters(topology: Topology) -> set[str]:
    return {a.name for a in topology.appliances if a.region is None}


def when_text(value: datetime, tz: tzinfo, w: Words = ENGLISH) -> str:
    local = value.astimezone(tz)
    return f"{w.weekday(local)} {w.date(local.date())} {local:%H:%M} {local.isoformat()[-6:]}"


_KINDS = {
    Kind.SINGLE: N_("single appliance"),
    Kind.PAIR: N_("failover pair"),
    Kind.ATLAS: N_("Atlas cluster"),
    Kind.NEW_HARDWARE: N_("move to new hardware"),
}
_METHODS = {
    Method.SYNC: N_("synchronous: the primary first, it stays primary"),
    Method.ASYNC: N_("asynchronous: the backup first, it becomes primary"),
    Method.GUIDE: N_("the guide's procedure"),
    Method.STAGED: N_("staged upgrade: the backup master and half the traffic nodes held"
                      " back"),
}
_BY = {FailoverBy.SHARED_IP: N_("shared IP"), FailoverBy.DNS: N_("DNS"),
       FailoverBy.NAT: N_("NAT")}
_ROLES = {"appliance": N_("appliance"), "primary": N_("primary"), "backup": N_("backup"),
          "traffic": N_("traffic node"), "old": N_("old"), "new": N_("new")}
_ROUND_KINDS = {"upgrade": N_("Round {number} of {count}"),
                "align": N_("Round {number} of {count} (bringing {appliances} to the common"
                            " state first)"),
                "cut-over": N_("Round {number} of {count} (the move to new hardware)")}


def topology_text(topology: Topology, w: Words = ENGLISH) -> str:
    parts = [w._(_KINDS[topology.kind])]
    if topology.method is not None:
        parts.append(w._(_METHODS[topology.method]))
    if topology.moves_primary and topology.failover_by is not None:
        parts.append(w._("the primary role moves by {by}", by=w._(_BY[topology.failover_by])))
    if topology.manual:
        parts.append(w._("manual updates (air-gapped)"))
    return "; ".join(parts)


def markdown_text(text: str) -> str:
    """Text from a user's file as Markdown shows it literally: HTML's three characters as
    entities, Markdown's markup characters escaped."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "".join("\\" + c if c in "\\`*_[]|#" else c for c in text)


def appliance_lines(topology: Topology, w: Words = ENGLISH,
                    literal: Callable[[str], str] = str) -> list[str]:
    """Each appliance, its role, region and host; ``literal`` writes text from the
    topology file for the format (``markdown_text`` for Markdown)."""
    lines = []
    for a in topology.appliances:
        about = [w._(_ROLES[a.role])]
        if a.region is not None:
            about.append(w._("region {region}", region=literal(a.region)))
        if a.host is not None:
            about.append(literal(a.host))
        lines.append(w._("{name} ({about}): {state}", name=a.name, about=", ".join(about),
                         state=state_text(a.state, w)))
    return lines


def round_title(round_: Round, count: int, w: Words) -> str:
    title = w._(_ROUND_KINDS[round_.kind], number=round_.number, count=count,
                appliances=_names(round_.appliances))
    if round_.installs:
        title = w._("{title}: {installs}", title=title, installs=", ".join(round_.labels))
    return title


def round_facts(round_: Round, runbook: Runbook, w: Words = ENGLISH) -> list[str]:
    tz = runbook.tz
    facts = []
    if runbook.topology.with_failover and round_.primary_before != round_.primary_after:
        facts.append(w._("{before} is primary before the round, {after} after it",
                         before=round_.primary_before, after=round_.primary_after))
    elif runbook.topology.with_failover:
        facts.append(w._("{primary} stays primary", primary=round_.primary_after))
    if round_.soak_until is not None and round_.serving_from is not None:
        facts.append(w._("soak from {served} (the primary serves it) until {until}",
                         served=when_text(round_.serving_from, tz, w),
                         until=when_text(round_.soak_until, tz, w)))
    if round_.unprotected is not None:
        facts.append(w._("without failover for {span}", span=span(round_.unprotected, w)))
    if round_.outage is not None:
        at, length = round_.outage
        if runbook.topology.with_failover:
            facts.append(w._("a short outage of about {span} at the switch-over, {when}",
                             span=span(length, w), when=when_text(at, tz, w)))
        else:
            facts.append(w._("an outage of {span} from {when}: the master installs, and its"
                             " nodes take no clients until the upgraded ones accept again",
                             span=span(length, w), when=when_text(at, tz, w)))
    return facts


def summary_lines(runbook: Runbook, w: Words = ENGLISH,
                  literal: Callable[[str], str] = str) -> list[tuple[str, str]]:
    plan, tz = runbook.plan, runbook.tz
    rows = [(w._("Deployment"), topology_text(runbook.topology, w)),
            (w._("Catalog"), f"{plan.catalog.source} ({plan.catalog.digest[:19]})"),
            (w._("Goal"), goal_text(plan.goal, w)),
            (w._("Target"), state_text(plan.target, w)),
            (w._("Start"), when_text(runbook.start, tz, w)),
            (w._("Time zone"), runbook.zone_name),
            (w._("Windows"), str(runbook.windows) if runbook.windows is not None
             else w._("none (installs may run at any time)"))]
    if runbook.topology.with_failover:
        rows.append((w._("Validation interval"), span(runbook.validation, w)))
        rows.append((w._("Windows per round"), w._("both appliances may share one")
                     if runbook.share_window else w._("each appliance takes its own")))
        cap = runbook.max_unprotected
        longest = runbook.unprotected
        rows.append((w._("Without failover"), w._(
            "at most {longest} in a round (cap {cap})", longest=span(longest, w),
            cap=span(cap, w)) if cap is not None and longest is not None else w._(
            "at most {longest} in a round", longest=span(longest, w))
            if longest is not None else "-"))
    if runbook.topology.method is Method.STAGED:
        held = [a.name for a in runbook.topology.appliances if a.region is None
                and a.name not in _primaries(runbook)]
        held += [a.name for a in runbook.topology.appliances if a.region is not None
                 and a.name not in runbook.offline_first]
        rows.append((w._("Held back"), _names(held)))
        rows.append((w._("Nodes at once"), str(runbook.nodes_at_once)))
    elif runbook.offline_first:
        rows.append((w._("Offline first"), _names(runbook.offline_first)))
        rows.append((w._("Nodes at once"), str(runbook.nodes_at_once)))
    if runbook.single_node_regions:
        rows.append((w._("Risk"), w._(
            "region {regions} has a single traffic node: it takes no clients while that node"
            " updates", regions=_names([literal(r) for r in runbook.single_node_regions]))))
    if runbook.aligned is not None:
        rows.append((w._("Common state"), w._(
            "the appliances start apart: both are brought to {state} first, the cheapest"
            " state both reach", state=state_text(runbook.aligned, w))))
    if runbook.cut_over_at is not None:
        rows.append((w._("Assumption"), w._(
            "a backup is restored only onto the same site version (the guide does not say it"
            " restores onto a newer one): the move happens at {state}",
            state=state_text(runbook.cut_over_at, w))))
    for split in runbook.split_rounds:
        rows.append((w._("Warning"), w._(
            "{packages} should go in one window (a new backup after the Base install, then"
            " the site package at once), but together they are longer than every window:"
            " they are placed one by one", packages=", ".join(split.packages))))
    rows.append((w._("Completion"), when_text(runbook.completion, tz, w)))
    rows.append((w._("Clients settled"), when_text(runbook.clients_settled, tz, w)))
    return rows


def runbook_title(runbook: Runbook, w: Words) -> str:
    installs = sum(len(r.installs) for r in runbook.rounds)
    return w._("Runbook: {installs} in {rounds}", installs=w.n_(
        "{n} install", "{n} installs", installs), rounds=w.n_(
        "{n} round", "{n} rounds", len(runbook.rounds)))


# -- text -----------------------------------------------------------------------------


def render_runbook_text(runbook: Runbook, w: Words = ENGLISH) -> str:
    tz = runbook.tz
    count = len(runbook.rounds)
    lines = [runbook_title(runbook, w), ""]
    rows = summary_lines(runbook, w)
    width = max(len(label) for label, _ in rows) + 2
    lines += [f"{label + ':':<{width}}{value}" for label, value in rows]
    lines += ["", w._("Appliances:")] + [f"  {line}" for line in appliance_lines(
        runbook.topology, w)]
    for round_ in runbook.rounds:
        lines += ["", round_title(round_, count, w)]
        lines += [f"  {fact}" for fact in round_facts(round_, runbook, w)]
        for n, step in enumerate(round_.steps, 1):
            lines.append(f"  {n:>2}. {when_text(step.start, tz, w)}  {actor(step)}: "
                         f"{step_text(step, w)} [{w._(page_of(step, runbook.topology))}]")
            lines.append("      " + w._("Check: {check}", check=check_text(
                step, round_, runbook, w)))
    return "\n".join(lines)


# -- Markdown ---------------------------------------------------------------------------


def render_runbook_markdown(runbook: Runbook, w: Words = ENGLISH) -> str:
    tz = runbook.tz
    count = len(runbook.rounds)
    lines = ["# " + runbook_title(runbook, w), ""]
    lines += [f"- **{label}:** {value}"
              for label, value in summary_lines(runbook, w, markdown_text)]
    lines += ["", "## " + w._("Appliances"), ""]
    lines += [f"- {line}" for line in appliance_lines(runbook.topology, w, markdown_text)]
    chart = runbook_gantt(runbook, w)
    if chart:
        lines += ["", "## " + w._("Timeline"), "", *chart]
    for round_ in runbook.rounds:
        lines += ["", "## " + round_title(round_, count, w), ""]
        facts = round_facts(round_, runbook, w)
        lines += [f"> {fact}  " for fact in facts]
        if facts:
            lines.append("")
        for step in round_.steps:
            lines.append(f"- [ ] **{actor(step)}** — {step_text(step, w)}"
                         f" (`{w._(page_of(step, runbook.topology))}`)"
                         f" — {when_text(step.start, tz, w)}")
            lines.append("  - " + w._("Check: {check}", check=check_text(
                step, round_, runbook, w)))
    return "\n".join(lines)


# -- JSON ---------------------------------------------------------------------------------


def _iso(value: datetime | None, tz: tzinfo) -> str | None:
    return None if value is None else value.astimezone(tz).isoformat(timespec="seconds")


def _minutes(value: timedelta | None) -> float | None:
    if value is None:
        return None
    total = value.total_seconds() / 60
    return int(total) if total == int(total) else total


def _step_data(step: RunbookStep, topology: Topology, tz: tzinfo) -> dict[str, Any]:
    data: dict[str, Any] = {"appliance": step.appliance, "action": str(step.action),
                            "page": page_of(step, topology), "start": _iso(step.start, tz),
                            "end": _iso(step.end, tz)}
    if step.package is not None:
        data["package"] = step.package
    if step.nodes:
        data["nodes"] = list(step.nodes)
    if step.peer is not None:
        data["peer"] = step.peer
    if step.failover_by is not None:
        data["failover_by"] = str(step.failover_by)
    if step.obtain is not None:
        data["download_key"] = "updates page" if step.obtain.from_updates_page else "support"
    if step.halt is not None:
        data["halt"] = {"left": {name: state_data(state) for name, state in step.halt.states},
                        "serving": step.halt.serving}
    return data


def topology_data(topology: Topology) -> dict[str, Any]:
    return {"kind": str(topology.kind),
            "method": None if topology.method is None else str(topology.method),
            "failover_by": None if topology.failover_by is None else str(topology.failover_by),
            "updates": str(topology.updates),
            "appliances": [{"name": a.name, "role": str(a.role), "host": a.host,
                            "region": a.region, "state": state_data(a.state)}
                           for a in topology.appliances]}


def runbook_data(runbook: Runbook) -> dict[str, Any]:
    tz, plan = runbook.tz, runbook.plan
    return {
        "topology": topology_data(runbook.topology),
        "catalog": catalog_ref(plan.catalog),
        "goal": str(plan.goal),
        "target": state_data(plan.target),
        "soak": plan.soak,
        "start": _iso(runbook.start, tz),
        "time_zone": runbook.zone_name,
        "windows": None if runbook.windows is None else str(runbook.windows),
        "validation_minutes": _minutes(runbook.validation),
        "max_unprotected_minutes": _minutes(runbook.max_unprotected),
        "share_window": runbook.share_window,
        "nodes_at_once": runbook.nodes_at_once,
        "offline_first": list(runbook.offline_first),
        "single_node_regions": list(runbook.single_node_regions),
        "aligned": None if runbook.aligned is None else state_data(runbook.aligned),
        "cut_over_at": None if runbook.cut_over_at is None else state_data(runbook.cut_over_at),
        "cut_over_at_newest": runbook.cut_over_at_newest,
        "split_rounds": [list(split.packages) for split in runbook.split_rounds],
        "rounds": [{
            "number": r.number,
            "kind": str(r.kind),
            "installs": list(r.labels),
            "appliances": list(r.appliances),
            "steps": [_step_data(s, runbook.topology, tz) for s in r.steps],
            "primary_before": r.primary_before,
            "primary_after": r.primary_after,
            "serving_from": _iso(r.serving_from, tz),
            "unprotected_minutes": _minutes(r.unprotected),
            "soak_until": _iso(r.soak_until, tz),
            "outage": None if r.outage is None else {
                "start": _iso(r.outage[0], tz), "minutes": _minutes(r.outage[1])},
        } for r in runbook.rounds],
        "completion": _iso(runbook.completion, tz),
        "clients_settled": _iso(runbook.clients_settled, tz),
    }


def render_runbook(runbook: Runbook, fmt: str, words: Words = ENGLISH, *,
                   stamp: datetime | None = None) -> str:
    if fmt == "ics":
        from .ics import render_runbook_ics  # noqa: PLC0415  (imports this module)

        return render_runbook_ics(runbook, stamp=stamp, words=words)
    if fmt == "json":
        return dump(runbook_data(runbook))
    if fmt == "markdown":
        return render_runbook_markdown(runbook, words)
    if fmt == "html":
        from .html import render_runbook_html  # noqa: PLC0415  (imports this module)

        return render_runbook_html(runbook, words)
    return render_runbook_text(runbook, words)


def write_runbook(runbook: Runbook, fmt: str, words: Words, *,
                  stamp: datetime | None = None) -> str:
    return render_runbook(runbook, fmt, words, stamp=stamp)
