"""A schedule or a runbook as one self-contained HTML page: ``--format html``.

The page holds the summary, the timeline drawn as inline SVG (installs as bars,
soaks as lighter bars, the maintenance windows behind them; a runbook has one row
per appliance), and the steps: a schedule's installs and client follow-up, a
runbook's rounds with each step's page and check. Its words are the text
renderers' own (render/schedule.py, render/runbook.py); every piece of text is
escaped. Nothing is fetched: no script, font or stylesheet from the network, the
CSS is inline and the page prints (``@media print``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, tzinfo
from html import escape
from typing import TYPE_CHECKING

from .common import transition
from .timeline import Bar, runbook_bars, schedule_bars, window_occurrences
from .words import ENGLISH, Words

if TYPE_CHECKING:
    from ..runbook import Runbook
    from ..scheduling import Schedule
    from ..windows import Windows

__all__ = ["MAX_WINDOWS", "render_runbook_html", "render_schedule_html"]

#: Past this many window occurrences in the timeline, only those an install uses are drawn.
MAX_WINDOWS = 400

_STYLE = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #1b1f24; margin: 2em auto; max-width: 68em; padding: 0 1em; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.6em; }
h3 { font-size: 1.05em; margin-top: 1.3em; }
dl.summary { display: grid; grid-template-columns: max-content auto; gap: .2em 1em; }
dl.summary dt { font-weight: 600; } dl.summary dd { margin: 0; }
table { border-collapse: collapse; } th, td { border: 1px solid #c8ccd1;
  padding: .25em .5em; text-align: left; vertical-align: top; }
th { background: #eef1f4; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .92em; }
.timeline { width: 100%; height: auto; border: 1px solid #d8dce0; }
.timeline text { font: 11px system-ui, sans-serif; fill: #1b1f24; }
.timeline .axis { stroke: #c8ccd1; stroke-width: 1; }
.timeline .install { fill: #1f5fa8; }
.timeline .soak { fill: #9cc3ea; }
.timeline .window { fill: #f3e6b3; }
.legend span { display: inline-block; width: 1em; height: .8em; margin: 0 .3em 0 1em;
  vertical-align: baseline; }
.legend .install { background: #1f5fa8; } .legend .soak { background: #9cc3ea; }
.legend .window { background: #f3e6b3; }
ol.steps li { margin-bottom: .4em; } .check { color: #4a5560; }
.facts { color: #4a5560; margin: .2em 0; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  h2, h3 { break-after: avoid; } .timeline, tr, li { break-inside: avoid; }
  .timeline, .legend span, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""

# The SVG's geometry, in its own units (it scales to the page's width).
_WIDTH, _LABELS, _ROW, _TOP, _RIGHT = 960, 170, 20, 24, 12


def _page(title: str, body: Sequence[str], w: Words) -> str:
    return "\n".join(["<!DOCTYPE html>", f'<html lang="{escape(w.language)}">', "<head>",
                      '<meta charset="utf-8">',
                      '<meta name="viewport" content="width=device-width, initial-scale=1">',
                      f"<title>{escape(title)}</title>", f"<style>{_STYLE}</style>", "</head>",
                      "<body>", *body, "</body>", "</html>", ""])


def _summary(rows: Sequence[tuple[str, str]]) -> list[str]:
    return ['<dl class="summary">',
            *(f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>" for label, value in rows),
            "</dl>"]


def _paragraph(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def _items(texts: Sequence[str], tag: str = "ul", css: str = "") -> list[str]:
    if not texts:
        return []
    klass = f' class="{css}"' if css else ""
    return [f"<{tag}{klass}>", *(f"<li>{escape(t)}</li>" for t in texts), f"</{tag}>"]


def _table(rows: Sequence[Sequence[str]]) -> list[str]:
    head = "".join(f"<th>{escape(c)}</th>" for c in rows[0])
    body = ["<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows[1:]]
    return ["<table>", f"<thead><tr>{head}</tr></thead>", "<tbody>", *body, "</tbody>",
            "</table>"]


# -- the timeline ---------------------------------------------------------------------

_TICKS = (timedelta(hours=1), timedelta(hours=3), timedelta(hours=6), timedelta(hours=12),
          timedelta(days=1), timedelta(days=2), timedelta(days=7), timedelta(days=14),
          timedelta(days=28), timedelta(days=91))


def _ticks(start: datetime, end: datetime, tz: tzinfo, w: Words) -> list[tuple[datetime, str]]:
    """About ten ticks at round local times: hours, or midnights (the date)."""
    length = end - start
    step = next((t for t in _TICKS if length / t <= 12), _TICKS[-1])
    local = start.astimezone(tz)
    if step < timedelta(days=1):
        hours = int(step.total_seconds() // 3600)
        at = local.replace(minute=0, second=0, microsecond=0, hour=local.hour // hours * hours)
    else:
        at = local.replace(hour=0, minute=0, second=0, microsecond=0)
    ticks = []
    while at <= end:
        if at >= start:
            label = (f"{at:%H:%M}" if step < timedelta(days=1) and (at.hour or at.minute)
                     else w.date(at.date()))
            ticks.append((at, label))
        # Whole local days or hours: a day across a clock change is still one day.
        at = (at + step).astimezone(tz) if step < timedelta(days=1) else (
            datetime.combine(at.date() + step, at.time(), tz))
    return ticks


def _svg(rows: Sequence[tuple[str, Sequence[Bar]]], windows: Windows | None,
         start: datetime, end: datetime, tz: tzinfo, w: Words,
         tooltip: dict[int, str]) -> list[str]:
    """The timeline: one row per (label, bars); ``tooltip`` maps id(bar) to its title."""
    from .runbook import when_text  # noqa: PLC0415

    end = max(end, start + timedelta(hours=1))
    scale = (_WIDTH - _LABELS - _RIGHT) / (end - start).total_seconds()

    def x(at: datetime) -> float:
        return round(_LABELS + (at - start).total_seconds() * scale, 1)

    height = _TOP + _ROW * len(rows) + 6
    out = [f'<svg class="timeline" role="img"'
           f' viewBox="0 0 {_WIDTH} {height}" width="{_WIDTH}" height="{height}">',
           f"<title>{escape(w._('Timeline'))}</title>"]
    occurrences = list(window_occurrences(windows, start, end))
    if len(occurrences) > MAX_WINDOWS:
        used = {b.start for _, bars in rows for b in bars}
        occurrences = [o for o in occurrences if any(o.opens <= t < o.closes for t in used)]
    for o in occurrences:
        left, right = x(max(o.opens, start)), x(min(o.closes, end))
        tip = w._("Window: {opens} to {closes}", opens=when_text(o.opens, tz, w),
                  closes=when_text(o.closes, tz, w))
        out.append(f'<rect class="window" x="{left}" y="{_TOP - 4}"'
                   f' width="{max(right - left, 1.0):.1f}" height="{height - _TOP}">'
                   f"<title>{escape(tip)}</title></rect>")
    for at, label in _ticks(start, end, tz, w):
        out.append(f'<line class="axis" x1="{x(at)}" y1="{_TOP - 6}" x2="{x(at)}"'
                   f' y2="{height}"/>')
        if x(at) < _WIDTH - 64:  # a label past the edge would be cut
            out.append(f'<text x="{x(at) + 2}" y="{_TOP - 10}">{escape(label)}</text>')
    for k, (label, bars) in enumerate(rows):
        y = _TOP + k * _ROW
        out.append(f'<text x="4" y="{y + 14}">{escape(_short(label))}'
                   f"<title>{escape(label)}</title></text>")
        for bar in bars:
            left = x(bar.start)
            width = max(x(bar.end) - left, 2.0)
            inset = 3 if bar.kind == "install" else 6
            out.append(f'<rect class="{bar.kind}" x="{left}" y="{y + inset}"'
                       f' width="{width:.1f}" height="{_ROW - 2 * inset}">'
                       f"<title>{escape(tooltip[id(bar)])}</title></rect>")
    out.append("</svg>")
    legend = [f'<span class="install"></span>{escape(w._("install"))}',
              f'<span class="soak"></span>{escape(w._("soak"))}']
    if occurrences:
        legend.append(f'<span class="window"></span>{escape(w._("maintenance window"))}')
    out.append(f'<p class="legend">{"".join(legend)}</p>')
    return out


def _short(label: str, most: int = 26) -> str:
    return label if len(label) <= most else label[: most - 1] + "\u2026"


def _span_text(bar: Bar, tz: tzinfo, w: Words) -> str:
    from .runbook import when_text  # noqa: PLC0415

    return w._("{start} to {end}", start=when_text(bar.start, tz, w),
               end=when_text(bar.end, tz, w))


# -- a schedule -------------------------------------------------------------------------


def render_schedule_html(schedule: Schedule, w: Words = ENGLISH) -> str:
    """The schedule as a report: summary, timeline, installs, follow-up, warnings."""
    from .schedule import (  # noqa: PLC0415  (imports this module)
        _BACKUP,
        _BASE_TROUBLE,
        _CERTIFICATES,
        _DOWNTIME,
        _VERIFY,
        _end,
        _gate,
        _obtain_groups,
        _when,
        action_text,
        client_text,
        follow_up_lines,
        summary_rows,
        warning_text,
    )

    tz = schedule.tz
    title = w._("Upgrade schedule: {transition}", transition=transition(schedule.plan, w))
    body = [f"<h1>{escape(title)}</h1>", *_summary(summary_rows(schedule, w))]
    if not schedule.steps:
        body.append(_paragraph(w._("Nothing to install: the appliance is already at the"
                                   " target.")))
        return _page(title, body, w)
    bars = schedule_bars(schedule)
    tips = {id(b): (w._("Install {package}: {span}", package=b.package,
                        span=_span_text(b, tz, w)) if b.kind == "install" else
                    w._("Soak after {package}: {span}", package=b.package,
                        span=_span_text(b, tz, w))) for b in bars}
    rows = [(f"{step}. {next(b.package for b in group)}", group)
            for step, group in _by_step(bars)]
    body += [f"<h2>{escape(w._('Timeline'))}</h2>",
             *_svg(rows, schedule.windows, schedule.start, schedule.clients_settled, tz, w,
                   tips)]
    body += [f"<h2>{escape(w._('Before the first install'))}</h2>",
             *_items([f"{w._(_BACKUP)}.", f"{w._(_CERTIFICATES)}.", f"{w._(_DOWNTIME)}.",
                      *(w._("Uninstall the {client}.", client=client_text(f, w))
                        for f in schedule.uninstall_before)])]
    table = [["#", w._("Install"), w._("Start"), w._("End"), w._("Gate"), w._("Soak until")]]
    table += [[str(n), s.package, _when(s.start, tz, w), _end(s, tz, w), _gate(s, tz, w),
               _when(s.soak_until, tz, w) if s.soak_until else "-"]
              for n, s in enumerate(schedule.steps, 1)]
    body += [f"<h2>{escape(w._('Installs'))}</h2>", *_table(table)]
    groups = _obtain_groups(schedule.steps, w)
    if groups:
        body += [f"<h3>{escape(w._('Manual updates: how to obtain each package'))}</h3>",
                 *_items([f"{steps}: {how}." for steps, how in groups])]
    body += [f"<h2>{escape(w._('Verification after each install'))}</h2>",
             *_items([f"{w._(_VERIFY)}.", f"{w._(_BASE_TROUBLE)}."])]
    body.append(f"<h2>{escape(w._('Client follow-up'))}</h2>")
    follow_up = follow_up_lines(schedule, w)
    if follow_up:
        body += _nested(follow_up)
    elif schedule.reinstall_after:
        body += [_paragraph(w._("After {time}, reinstall by hand:",
                                time=_when(schedule.completion, tz, w))),
                 *_items([f"{client_text(f, w)}: {action_text(f, tz, w)}"
                          for f in schedule.reinstall_after])]
    else:
        body.append(_paragraph(w._("No client follow-up: no install in this plan makes"
                                   " clients update.")))
    if schedule.warnings:
        body += [f"<h2>{escape(w._('Warnings'))}</h2>",
                 *_items([warning_text(item, tz, w) for item in schedule.warnings])]
    return _page(title, body, w)


def _by_step(bars: Sequence[Bar]) -> list[tuple[int, list[Bar]]]:
    rows: dict[int, list[Bar]] = {}
    for bar in bars:
        rows.setdefault(bar.step or 0, []).append(bar)
    return sorted(rows.items())


def _nested(lines: Sequence[tuple[int, str]]) -> list[str]:
    """(depth, text) lines as a list whose depth-1 items nest under the item before."""
    out = ["<ul>"]
    open_item = False
    inner = False
    for depth, text in lines:
        if depth == 0:
            if inner:
                out.append("</ul>")
                inner = False
            if open_item:
                out.append("</li>")
            out.append(f"<li>{escape(text)}")
            open_item = True
        else:
            if not inner:
                out.append("<ul>")
                inner = True
            out.append(f"<li>{escape(text)}</li>")
    if inner:
        out.append("</ul>")
    if open_item:
        out.append("</li>")
    out.append("</ul>")
    return out


# -- a runbook --------------------------------------------------------------------------


def render_runbook_html(runbook: Runbook, w: Words = ENGLISH) -> str:
    """The runbook as a report: summary, appliances, timeline, each round's steps."""
    from .runbook import (  # noqa: PLC0415  (imports this module)
        actor,
        appliance_lines,
        check_text,
        page_of,
        round_facts,
        round_title,
        runbook_title,
        step_text,
        summary_lines,
        when_text,
    )

    tz = runbook.tz
    title = runbook_title(runbook, w)
    body = [f"<h1>{escape(title)}</h1>", *_summary(summary_lines(runbook, w)),
            f"<h2>{escape(w._('Appliances'))}</h2>",
            *_items(appliance_lines(runbook.topology, w))]
    bars = runbook_bars(runbook)
    if bars:
        tips: dict[int, str] = {}
        soaks = [b for b in bars if b.kind == "soak"]
        rows: list[tuple[str, Sequence[Bar]]] = [(w._("Soak"), soaks)] if soaks else []
        per: dict[str, list[Bar]] = {a.name: [] for a in runbook.topology.appliances}
        for bar in bars:
            if bar.kind == "soak":
                tips[id(bar)] = w._("Round {number}: soak after {package}: {span}",
                                    number=bar.round, package=bar.package,
                                    span=_span_text(bar, tz, w))
                continue
            for name in bar.appliances:
                # Each appliance's bar of a step taken by several at once is its own.
                own = Bar("install", bar.start, bar.end, bar.round, bar.package, (name,))
                per.setdefault(name, []).append(own)
                tips[id(own)] = w._("Round {number}: {appliance} installs {package}: {span}",
                                    number=bar.round, appliance=name, package=bar.package,
                                    span=_span_text(bar, tz, w))
        rows += list(per.items())
        body += [f"<h2>{escape(w._('Timeline'))}</h2>",
                 *_svg(rows, runbook.windows, runbook.start, runbook.clients_settled, tz, w,
                       tips)]
    count = len(runbook.rounds)
    for round_ in runbook.rounds:
        body.append(f"<h2>{escape(round_title(round_, count, w))}</h2>")
        body += [f'<p class="facts">{escape(fact)}</p>'
                 for fact in round_facts(round_, runbook, w)]
        body.append('<ol class="steps">')
        for step in round_.steps:
            body.append(
                f"<li>{escape(when_text(step.start, tz, w))} <b>{escape(actor(step))}</b>:"
                f" {escape(step_text(step, w))}"
                f" <code>{escape(w._(page_of(step, runbook.topology)))}</code><br>"
                f'<span class="check">'
                f"{escape(w._('Check: {check}', check=check_text(step, round_, runbook, w)))}"
                "</span></li>")
        body.append("</ol>")
    return _page(title, body, w)
