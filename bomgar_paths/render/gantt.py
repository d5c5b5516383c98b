"""A Mermaid ``gantt`` chart of a schedule or a runbook, for Markdown change tickets.

GitHub and GitLab draw a fenced ``mermaid`` block as a chart. The chart has one
section per round; a schedule's tasks are its installs and soaks, a runbook's
each appliance's visit (its installs of the round, back to back) and the round's
soak. Times are wall-clock times in the display zone (Mermaid reads them in the
reader's own zone: the title names the zone they are in), durations are elapsed
minutes, hours or days.

Large runbooks are folded to stay readable and within what renderers accept: a
round with more than ``ROUND_TASKS`` visits draws its traffic nodes as one bar,
a chart of more than ``MAX_TASKS`` tasks draws each round as one bar, and past
``MAX_ROUNDS`` rounds only the first ones are drawn. The Markdown says under the
chart what was folded; the list beside it has every install.

Mermaid's gantt grammar ends a task name at ``:``, a statement at ``;`` and
reads ``#…;`` as an entity and ``%%`` as a comment, so names are written with
those characters replaced (``escape``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from .timeline import Bar, runbook_bars, schedule_bars
from .words import ENGLISH, Words

if TYPE_CHECKING:
    from ..runbook import Runbook
    from ..scheduling import Schedule

__all__ = ["DATE_FORMAT", "MAX_ROUNDS", "MAX_TASKS", "ROUND_TASKS", "escape", "runbook_gantt",
           "schedule_gantt"]

#: Mermaid's (dayjs) format of the task start times, and the same in Python.
DATE_FORMAT = "YYYY-MM-DD HH:mm"
_STRFTIME = "%Y-%m-%d %H:%M"

#: A round with more visits than this draws its traffic nodes as one bar.
ROUND_TASKS = 8
#: A chart with more tasks than this draws each round as one bar.
MAX_TASKS = 100
#: Rounds drawn at most, one bar each.
MAX_ROUNDS = 50

# Statements of the gantt grammar: a task name must not start with one.
_KEYWORDS = ("accdescr", "acctitle", "axisformat", "click", "dateformat", "displaymode",
             "excludes", "gantt", "inclusiveenddates", "includes", "section", "tickinterval",
             "title", "todaymarker", "topaxis", "weekday", "weekend")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_REPLACE = str.maketrans({":": "\ua789", ";": ",", "#": "\uff03", "`": "'", "\n": " ",
                          "\r": " ", "\t": " "})


def escape(name: str) -> str:
    """``name`` as a Mermaid task or section name: no ``:`` (a look-alike, U+A789),
    ``;``, ``#``, ``%%``, backticks or line breaks, and not starting with a keyword."""
    text = " ".join(name.translate(_REPLACE).split())
    while "%%" in text:
        text = text.replace("%%", "%")
    if text.translate(_ASCII_LOWER).startswith(_KEYWORDS):
        text = "\u00b7 " + text
    return text or "-"


def _duration(value: timedelta) -> str:
    total = max(0, round(value.total_seconds() / 60))
    if total >= 48 * 60 and total % (24 * 60) == 0:
        return f"{total // (24 * 60)}d"
    if total and total % 60 == 0:
        return f"{total // 60}h"
    return f"{total}m"


def _task(name: str, ident: str, start: datetime, end: datetime, tz: tzinfo, *,
          soak: bool = False) -> str:
    tags = "active, " if soak else ""
    return (f"    {escape(name)} :{tags}{ident}, {start.astimezone(tz):{_STRFTIME}},"
            f" {_duration(end - start)}")


def _head(title: str, start: datetime, end: datetime, w: Words) -> list[str]:
    # Hours on the axis for a chart of a day or two, else the date as the language writes it.
    axis = "%H:%M" if end - start <= timedelta(days=2) else (
        "%d.%m" if w.language == "tr" else "%m-%d")
    return ["```mermaid", "gantt", f"    title {escape(title)}", f"    dateFormat {DATE_FORMAT}",
            f"    axisFormat {axis}", "    todayMarker off"]


def _rounds(bars: Sequence[Bar]) -> list[list[Bar]]:
    grouped: dict[int, list[Bar]] = {}
    for bar in bars:
        grouped.setdefault(bar.round, []).append(bar)
    return [grouped[n] for n in sorted(grouped)]


def _folded(by_round: list[list[Bar]], w: Words, tz: tzinfo,
            section: dict[int, str]) -> tuple[list[str], list[str]]:
    """Each round as one bar of its installs and its soak; the first MAX_ROUNDS only."""
    lines: list[str] = []
    for bars in by_round[:MAX_ROUNDS]:
        number = bars[0].round
        installs = [b for b in bars if b.kind == "install"]
        lines.append(f"    section {escape(section[number])}")
        if installs:
            lines.append(_task(w.n_("{n} install", "{n} installs", len(installs)),
                               f"r{number}", installs[0].start,
                               max(b.end for b in installs), tz))
        lines += [_task(w._("Soak after {package}", package=b.package), f"s{number}",
                        b.start, b.end, tz, soak=True) for b in bars if b.kind == "soak"]
    # Installs on each appliance: a step taken by several traffic nodes at once is several.
    total = sum(len(b.appliances) or 1 for bars in by_round for b in bars
                if b.kind == "install")
    notes = [w._("Folded in the chart: each round is one bar of its installs ({installs} in"
                 " {rounds}); the list below has every install.",
                 installs=w.n_("{n} install", "{n} installs", total),
                 rounds=w.n_("{n} round", "{n} rounds", len(by_round)))]
    if len(by_round) > MAX_ROUNDS:
        notes.append(w._("Left out of the chart: rounds {first}-{last} (it shows the first"
                         " {shown} of {count}).", first=MAX_ROUNDS + 1, last=len(by_round),
                         shown=MAX_ROUNDS, count=len(by_round)))
    return lines, notes


def _end(lines: list[str], notes: list[str]) -> list[str]:
    return [*lines, "```", *(["", *notes] if notes else [])]


def schedule_gantt(schedule: Schedule, w: Words = ENGLISH) -> list[str]:
    """The schedule's chart, as Markdown lines (the fenced block, then any note)."""
    from .schedule import round_title  # noqa: PLC0415  (imports this module)

    tz = schedule.tz
    bars = schedule_bars(schedule)
    if not bars:
        return []
    title = w._("Upgrade schedule, times in {zone}", zone=schedule.zone_name)
    lines = _head(title, schedule.start, schedule.clients_settled, w)
    by_round = _rounds(bars)
    section = {bars[0].round: round_title(bars[0].round, len(by_round), w) for bars in by_round}
    if len(bars) > MAX_TASKS:
        body, notes = _folded(by_round, w, tz, section)
        return _end(lines + body, notes)
    for group in by_round:
        lines.append(f"    section {escape(section[group[0].round])}")
        for bar in group:
            if bar.kind == "install":
                lines.append(_task(bar.package, f"i{bar.step}", bar.start, bar.end, tz))
            else:
                lines.append(_task(w._("Soak after {package}", package=bar.package),
                                   f"s{bar.step}", bar.start, bar.end, tz, soak=True))
    return _end(lines, [])


def _visits(installs: Sequence[Bar]) -> list[Bar]:
    """Installs of one actor back to back joined into one visit."""
    visits: list[Bar] = []
    for bar in installs:
        last = visits[-1] if visits else None
        if last is not None and last.appliances == bar.appliances and last.end == bar.start:
            visits[-1] = Bar("install", last.start, bar.end, bar.round,
                             f"{last.package}, {bar.package}", bar.appliances)
        else:
            visits.append(bar)
    return visits


def runbook_gantt(runbook: Runbook, w: Words = ENGLISH) -> list[str]:
    """The runbook's chart, as Markdown lines (the fenced block, then any note)."""
    from .runbook import round_title  # noqa: PLC0415  (imports this module)

    tz = runbook.tz
    bars = runbook_bars(runbook)
    if not bars:
        return []
    count = len(runbook.rounds)
    section = {r.number: round_title(r, count, w) for r in runbook.rounds}
    title = w._("Runbook, times in {zone}", zone=runbook.zone_name)
    lines = _head(title, runbook.start, runbook.clients_settled, w)
    by_round = _rounds(bars)
    # Fold the traffic nodes of the crowded rounds; of every round if that is not enough;
    # then draw each round as one bar.
    body, folded, nodes = _visit_tasks(runbook, by_round, w, fold_all=False)
    if _tasks(body) > MAX_TASKS:
        body, folded, nodes = _visit_tasks(runbook, by_round, w, fold_all=True)
    if _tasks(body) > MAX_TASKS:
        body, notes = _folded(by_round, w, tz, section)
        return _end(lines + body, notes)
    notes = []
    if folded:
        notes.append(w.n_(
            "Folded in the chart: the traffic nodes of {n} round are one bar ({nodes}, from"
            " the first node's install to the last one's); the steps below list every"
            " install.", "Folded in the chart: the traffic nodes of {n} rounds are one bar"
            " each ({nodes}, from the first node's install to the last one's); the steps"
            " below list every install.", folded,
            nodes=w.n_("{n} traffic node", "{n} traffic nodes", nodes)))
    return _end(lines + body, notes)


def _tasks(body: Sequence[str]) -> int:
    return sum(1 for line in body if not line.startswith("    section "))


def _visit_tasks(runbook: Runbook, by_round: Sequence[Sequence[Bar]], w: Words, *,
                 fold_all: bool) -> tuple[list[str], int, int]:
    """Each round's visits and soak as tasks, the traffic nodes of a round folded into
    one bar when it has more than ROUND_TASKS visits (or always); with the number of
    rounds folded and of traffic nodes in them."""
    from .runbook import masters, round_title  # noqa: PLC0415

    tz = runbook.tz
    main = masters(runbook.topology)
    count = len(runbook.rounds)
    titles = {r.number: round_title(r, count, w) for r in runbook.rounds}
    body: list[str] = []
    folded, folded_nodes = 0, set()
    for group in by_round:
        number = group[0].round
        visits = _visits([b for b in group if b.kind == "install"])
        tasks: list[tuple[str, Bar]] = [(v.actor, v) for v in visits]
        nodes = [v for v in visits if v.appliances[0] not in main]
        if len(nodes) > 1 and (fold_all or len(visits) > ROUND_TASKS):
            folded += 1
            names = {name for v in nodes for name in v.appliances}
            folded_nodes |= names
            joined = Bar("install", min(v.start for v in nodes), max(v.end for v in nodes),
                         number, "")
            tasks = [(v.actor, v) for v in visits if v.appliances[0] in main]
            tasks.append((w.n_("{n} traffic node", "{n} traffic nodes", len(names)), joined))
            tasks.sort(key=lambda t: t[1].start)
        body.append(f"    section {escape(titles[number])}")
        body += [_task(name, f"r{number}v{k}", bar.start, bar.end, tz)
                 for k, (name, bar) in enumerate(tasks, 1)]
        body += [_task(w._("Soak after {package}", package=b.package), f"s{number}",
                       b.start, b.end, tz, soak=True) for b in group if b.kind == "soak"]
    return body, folded, len(folded_nodes)
