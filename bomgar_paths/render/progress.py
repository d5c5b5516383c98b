"""A saved plan checked again (``progress``): text, Markdown and JSON.

The JSON carries the question (the saved plan's catalog, goal, holds and mode),
where the appliance is, the next step and when it may start, what is left, and
the fresh plan when the way changed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..progress import Position, Progress, SavedStep
from .common import dump, goal_text, hours, state_data, state_text, table
from .plan import plan_data, render_plan, render_unreachable, unreachable_data
from .words import ENGLISH, Words

__all__ = ["progress_data", "render_progress"]


def _when(value: datetime, progress: Progress, w: Words) -> str:
    local = progress.local(value)
    return f"{w.weekday(local)} {w.date(local.date())} {local:%H:%M} {local.isoformat()[-6:]}"


def _where(progress: Progress, w: Words) -> str:
    saved, count = progress.saved, len(progress.saved.steps)
    state = state_text(progress.current, w)
    if progress.position is Position.START:
        return w._("{state}: the plan's start; nothing is done yet", state=state)
    if progress.position is Position.DONE:
        return w._("{state}: the plan's target; every step is done", state=state)
    if progress.position is Position.ON_PLAN:
        last = saved.steps[progress.done - 1]
        return w._("{state}: after step {n} of {count} ({package})", state=state,
                   n=progress.done, count=count, package=last.package)
    return w._("{state} is not on the plan (neither its start nor the state after one of"
               " its steps): something else was installed", state=state)


def _next(progress: Progress, w: Words) -> str | None:
    package = progress.next_package
    if package is None:
        return None
    gate = progress.gated_by
    if progress.earliest is None:
        assert gate is not None
        when = w._("{hours} after you finished installing {package}",
                   hours=hours(gate[1], w), package=gate[0])
    elif progress.may_start_now:
        when = w._("now")
    else:
        assert gate is not None
        when = w._("{time}, when the soak after {package} ends", time=_when(
            progress.earliest, progress, w), package=gate[0])
    if progress.fresh is not None:
        return w._("{package} (step 1 of the plan from here): may start {when}",
                   package=package, when=when)
    return w._("step {n}, {package}: may start {when}", n=progress.next_number,
               package=package, when=when)


def _catalog_line(progress: Progress, w: Words) -> str:
    saved = progress.saved
    if not progress.catalog_changed:
        return w._("unchanged since the plan was made ({digest})", digest=saved.digest[:19])
    line = w._("changed since the plan was made ({old} → {new})", old=saved.digest[:19],
               new=progress.catalog_digest[:19])
    if progress.still_minimal:
        return w._("{line}: the remaining steps are still the minimal plan", line=line)
    if progress.position is Position.OFF_PLAN:
        return line
    return w._("{line}: the minimal plan from here is now another one (below)", line=line)


def _left(steps: tuple[SavedStep, ...], first: int, w: Words, markdown: bool) -> list[str]:
    rows = [[w._("Step"), w._("Package"), w._("Soak"), w._("Then installed")]]
    rows += [[str(n), s.package, hours(s.soak_hours, w) if s.soak_hours else "-",
              state_text(s.after, w)] for n, s in enumerate(steps, first)]
    return table(rows, markdown=markdown)


def render_progress(progress: Progress, fmt: str, w: Words = ENGLISH) -> str:
    if fmt == "json":
        return dump(progress_data(progress))
    markdown = fmt == "markdown"
    saved = progress.saved
    head = [(w._("Plan"), w._("{start} → {target} ({goal}), from {file}",
                              start=state_text(saved.start, w),
                              target=state_text(saved.target, w),
                              goal=goal_text(saved.goal, w), file=saved.source)),
            (w._("Catalog"), _catalog_line(progress, w)),
            (w._("Now"), _when(progress.now, progress, w)),
            (w._("Where"), _where(progress, w))]
    upcoming = _next(progress, w)
    if upcoming is not None:
        head.append((w._("Next"), upcoming))
    if markdown:
        lines = ["# " + w._("Progress of a saved plan"), ""]
        lines += [f"- **{label}:** {value}" for label, value in head]
    else:
        width = max(len(label) for label, _ in head) + 2
        lines = [f"{label + ':':<{width}}{value}" for label, value in head]
    if progress.remaining and progress.fresh is None:
        lines += ["", ("## " if markdown else "") + w.n_(
            "{n} step left:", "{n} steps left:", len(progress.remaining)), ""]
        lines += _left(progress.remaining, progress.done + 1, w, markdown)
    if progress.fresh is not None:
        lines += ["", ("## " if markdown else "") + w._("The minimal plan from here:"), ""]
        lines.append(render_plan(progress.fresh, fmt, None, w))
    if progress.fresh_unreachable is not None:
        lines += ["", ("## " if markdown else "") + w._("No plan from here:"), ""]
        error = progress.fresh_unreachable
        assert error.catalog is not None
        lines.append(render_unreachable(error, error.catalog, None, fmt, w))
    return "\n".join(lines)


def progress_data(progress: Progress) -> dict[str, Any]:
    saved = progress.saved
    return {
        "plan": {"file": saved.source,
                 "catalog": {"source": saved.catalog_source, "digest": saved.digest},
                 "start": state_data(saved.start), "target": state_data(saved.target),
                 "goal": str(saved.goal), "holds": [str(h) for h in saved.holds],
                 "soak": saved.soak},
        "current": state_data(progress.current),
        "position": str(progress.position),
        "done": progress.done,
        "now": progress.local(progress.now).isoformat(timespec="seconds"),
        "next": None if progress.next_package is None else {
            "step": progress.next_number, "package": progress.next_package,
            "in": "fresh_plan" if progress.fresh is not None else "plan",
            "earliest": None if progress.earliest is None
            else progress.local(progress.earliest).isoformat(timespec="seconds"),
            "gated_by": None if progress.gated_by is None else progress.gated_by[0]},
        "remaining": [s.package for s in progress.remaining],
        "catalog_changed": progress.catalog_changed,
        "catalog_digest": progress.catalog_digest,
        "still_minimal": progress.still_minimal,
        "fresh_plan": None if progress.fresh is None else plan_data(progress.fresh),
        "unreachable": _unreachable(progress),
    }


def _unreachable(progress: Progress) -> dict[str, Any] | None:
    error = progress.fresh_unreachable
    if error is None:
        return None
    assert error.catalog is not None  # raised by plan(), which names its catalog
    return unreachable_data(error, error.catalog)


def write_progress(progress: Progress, fmt: str, words: Words) -> str:
    return render_progress(progress, fmt, words)
