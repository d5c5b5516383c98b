"""A plan, or an unreachable goal with its explanation (``plan``), in every format.

JSON shapes are contracts (DESIGN §2.4); text is for an administrator to
read at a glance; Markdown is for a change ticket.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .words import ENGLISH, Words

if TYPE_CHECKING:  # values only read here; importing them costs start-up time
    from ..catalog import Catalog
    from ..explain import Explanation, Skipped
    from ..planner import Plan, Unreachable

from .common import (
    _explain_words,
    catalog_ref,
    dump,
    goal_text,
    hours,
    minutes,
    mode_text,
    state_data,
    state_text,
    table,
    transition,
)


def plan_data(plan: Plan) -> dict[str, Any]:
    totals = plan.totals
    return {
        "catalog": catalog_ref(plan.catalog),
        "start": state_data(plan.start),
        "target": state_data(plan.target),
        "steps": [
            {"package": s.package.label, "family": s.package.family,
             "version": str(s.package.version), "soak_hours": s.soak_hours,
             "install_minutes": s.install_minutes, "after": state_data(s.after)}
            for s in plan.steps
        ],
        "totals": {"installs": totals.installs, "soak_hours": totals.soak_hours,
                   "install_minutes": totals.install_minutes},
        # What was asked, so that the plan can be asked again (DESIGN §2.4).
        "goal": str(plan.goal),
        "holds": [str(h) for h in plan.holds],
        "soak": plan.soak,
    }


def _plan_header(plan: Plan, w: Words = ENGLISH) -> list[str]:
    mode = mode_text(plan, w)
    holds = w._(", holds: {holds}", holds=", ".join(map(str, plan.holds))) if plan.holds else ""
    return [w._("Goal: {goal}", goal=goal_text(plan.goal, w)) + holds + mode,
            w._("From: {state}", state=state_text(plan.start, w)),
            w._("To:   {state}", state=state_text(plan.target, w))]


def _totals_text(plan: Plan, w: Words = ENGLISH) -> str:
    t = plan.totals
    return w.n_("{n} install, {soak} of soak, about {minutes} of installs",
                "{n} installs, {soak} of soak, about {minutes} of installs", t.installs,
                soak=hours(t.soak_hours, w), minutes=minutes(t.install_minutes, w))


def render_plan(plan: Plan, fmt: str, skipped: tuple[Skipped, ...] | None = None,
                w: Words = ENGLISH) -> str:
    """The plan, and what its target leaves out (``plan.skipped``, unless ``skipped``)."""
    skipped = plan.skipped if skipped is None else skipped
    if fmt == "json":
        data = plan_data(plan)
        if skipped:  # issue 4: "latest" never hides what it left out; absent when nothing was
            data["skipped"] = _explain_words().skipped_data(skipped)
        return dump(data)
    left_out = []
    if skipped:
        left_out = ["", "", w._("Left out (newer than the target):"),
                    *_explain_words().skipped_lines(skipped, fmt == "markdown", w)]
    if fmt == "markdown":
        return _plan_markdown(plan, w) + "\n".join(left_out)
    return _plan_text(plan, w) + "\n".join(left_out)


def _plan_text(plan: Plan, w: Words = ENGLISH) -> str:
    lines = _plan_header(plan, w)
    lines.append("")
    if not plan.steps:
        lines.append(w._("Nothing to install: the appliance is already at the target."))
        return "\n".join(lines)
    return "\n".join(lines + _steps_text(plan, w))


def _steps_text(plan: Plan, w: Words = ENGLISH) -> list[str]:
    rows = [["#", w._("Install"), w._("Soak"), w._("Then installed")]]
    for n, step in enumerate(plan.steps, 1):
        rows.append([str(n), step.package.label,
                     hours(step.soak_hours, w) if step.soak_hours else "-",
                     state_text(step.after, w)])
    return [*table(rows), "", w._("Total: {totals}", totals=_totals_text(plan, w))]


def _plan_markdown(plan: Plan, w: Words = ENGLISH) -> str:
    lines = [w._("## Upgrade plan: {transition}", transition=transition(plan, w)), ""]
    lines += [f"- {' '.join(line.split())}" for line in _plan_header(plan, w)]
    lines += [w._("- Catalog: {source} (`{digest}`)", source=plan.catalog.source,
                  digest=plan.catalog.digest[:19]),
              w._("- Total: {totals}", totals=_totals_text(plan, w)), ""]
    if not plan.steps:
        lines.append(w._("Nothing to install: the appliance is already at the target."))
        return "\n".join(lines)
    lines += [w._("Before the first step: download a backup (/login > Management > Software"
                  " Management) and export the SSL certificates and private key."), ""]
    rows = [[w._("Done"), "#", w._("Install"), w._("Soak after"), w._("Then installed")]]
    for n, step in enumerate(plan.steps, 1):
        rows.append(["[ ]", str(n), step.package.label,
                     hours(step.soak_hours, w) if step.soak_hours else "-",
                     f"`{state_text(step.after, w)}`"])
    lines += table(rows, markdown=True)
    return "\n".join(lines)


def unreachable_data(
    error: Unreachable, catalog: Catalog, explanation: Explanation | None = None
) -> dict[str, Any]:
    explanation = error.explanation if explanation is None else explanation
    return {
        "catalog": catalog_ref(catalog),
        "start": state_data(error.start),
        "goal": str(error.goal),
        "holds": [str(h) for h in error.holds],
        "soak": error.soak,
        "reachable": False,
        "explanation": _explain_words().explanation_data(explanation),
    }


def render_unreachable(
    error: Unreachable, catalog: Catalog, explanation: Explanation | None, fmt: str,
    words: Words = ENGLISH,
) -> str:
    """An unreachable goal: the derivation tree (``error.explanation``) and what to do."""
    explanation = error.explanation if explanation is None else explanation
    if fmt == "json":
        return dump(unreachable_data(error, catalog, explanation))
    head = [words._("## Upgrade goal cannot be reached"), ""] if fmt == "markdown" else []
    if error.holds:
        head += [words._("Holds: {holds}", holds=", ".join(map(str, error.holds))), ""]
    return "\n".join([*head, _explain_words().render_explanation(explanation, fmt, words)])


def write_plan(plan: Plan, fmt: str, words: Words) -> str:
    return render_plan(plan, fmt, None, words)


def write_unreachable(error: Unreachable, fmt: str, words: Words) -> str:
    if error.catalog is None:
        raise ValueError("render() needs the catalog of an Unreachable: raise it from plan()")
    return render_unreachable(error, error.catalog, None, fmt, words)
