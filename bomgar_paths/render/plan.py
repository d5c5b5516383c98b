"""A plan, or an unreachable goal with its explanation (``plan``), in every format.

JSON shapes are contracts (DESIGN §2.4); text is for an administrator to
read at a glance; Markdown is for a change ticket.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .words import ENGLISH, Words

if TYPE_CHECKING:  # values only read here; importing them costs start-up time
    from datetime import date

    from ..catalog import Catalog
    from ..explain import Explanation, Skipped
    from ..model import Package
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
    data = {
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
    _components_data(plan, data)
    return data


def _components_data(plan: Plan, data: dict[str, Any]) -> None:
    """Only where works_with is at stake (the contract's keys stay as they are): what the
    start breaks, and why each component outside the appliance moves where it does."""
    if not _works_with_at_stake(plan):
        return
    from ..coexistence import broken, moves  # noqa: PLC0415
    from .updates import conflicts_data  # noqa: PLC0415

    catalog = plan.catalog
    start_broken = broken(catalog, plan.start)
    if start_broken:
        data["broken_at_start"] = conflicts_data(start_broken)
    for move in moves(catalog, plan.start, plan.steps):
        data["steps"][move.at]["outside"] = {
            "before": None if move.before is None else plan.steps[move.before].package.label,
            "breaks": [] if move.conflict is None else conflicts_data([move.conflict]),
            "repairs": conflicts_data(move.repairs),
        }


def _components_lines(plan: Plan, w: Words) -> list[str]:
    """Why each component outside the appliance moves where it does, and what the start
    breaks: sentences after the steps (none when no works_with is at stake)."""
    if not _works_with_at_stake(plan):
        return []
    from ..coexistence import broken, moves  # noqa: PLC0415
    from .updates import conflict_text  # noqa: PLC0415

    catalog = plan.catalog
    lines = []
    for move in moves(catalog, plan.start, plan.steps):
        label = plan.steps[move.at].package.label
        if move.before is not None and move.conflict is not None:
            lines.append(w._("{n}. Upgrade to {package} (outside the appliance) before {next}:"
                             " {conflict}.", n=move.at + 1, package=label,
                             next=plan.steps[move.before].package.label,
                             conflict=conflict_text(move.conflict, w)))
        elif move.repairs:
            lines.append(w._("{n}. Upgrade to {package} (outside the appliance): it repairs"
                             " {conflicts}.", n=move.at + 1, package=label,
                             conflicts="; ".join(conflict_text(c, w)
                                                 for c in move.repairs)))
        elif plan.steps[move.at].package.family in plan.goal.named(plan.start):
            lines.append(w._("{n}. Upgrade to {package} (outside the appliance): the goal"
                             " asks for it.", n=move.at + 1, package=label))
        else:  # an unlock plan: for the package it unlocks, which is not one of its steps
            lines.append(w._("{n}. Upgrade to {package} (outside the appliance).",
                             n=move.at + 1, package=label))
    start_broken = broken(catalog, plan.start)
    if start_broken:
        lines.append(w._("Broken before the plan starts (the plan repairs it): {conflicts}.",
                         conflicts="; ".join(conflict_text(c, w)
                                             for c in start_broken)))
    return ["", w._("Outside the appliance:"), *lines] if lines else []


def _works_with_at_stake(plan: Plan) -> bool:
    """Does the plan install a component, or does the start run a package that states
    what it works with? (Else there is nothing to say, and nothing to import.)"""
    catalog = plan.catalog
    if any(catalog.families[s.package.family].external for s in plan.steps):
        return True
    return any(p is not None and p.works_with
               for p in (catalog.package(f, v) for f, v in plan.start))


def _install_cell(plan: Plan, package: Package, w: Words) -> str:
    if plan.catalog.families[package.family].external:
        return w._("{package} (outside the appliance)", package=package.label)
    return package.label


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
                w: Words = ENGLISH, today: date | None = None) -> str:
    """The plan, and what its target leaves out (``plan.skipped``, unless ``skipped``);
    the advisories at stake, and (given ``today``) releases past their support."""
    from .security import plan_security_data, plan_security_lines  # noqa: PLC0415

    skipped = plan.skipped if skipped is None else skipped
    if fmt == "json":
        data = plan_data(plan)
        if skipped:  # issue 4: "latest" never hides what it left out; absent when nothing was
            data["skipped"] = _explain_words().skipped_data(skipped)
        data.update(plan_security_data(plan, today))
        return dump(data)
    left_out = []
    if skipped:
        left_out = ["", "", w._("Left out (newer than the target):"),
                    *_explain_words().skipped_lines(skipped, fmt == "markdown", w)]
    security = plan_security_lines(plan, w, today)
    if security:
        left_out += ["", "", *security]
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
        rows.append([str(n), _install_cell(plan, step.package, w),
                     hours(step.soak_hours, w) if step.soak_hours else "-",
                     state_text(step.after, w)])
    return [*table(rows), *_components_lines(plan, w), "",
            w._("Total: {totals}", totals=_totals_text(plan, w))]


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
        rows.append(["[ ]", str(n), _install_cell(plan, step.package, w),
                     hours(step.soak_hours, w) if step.soak_hours else "-",
                     f"`{state_text(step.after, w)}`"])
    lines += table(rows, markdown=True)
    lines += _components_lines(plan, w)
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


def write_plan(plan: Plan, fmt: str, words: Words, today: date | None = None) -> str:
    return render_plan(plan, fmt, None, words, today)


def write_unreachable(error: Unreachable, fmt: str, words: Words) -> str:
    if error.catalog is None:
        raise ValueError("render() needs the catalog of an Unreachable: raise it from plan()")
    return render_unreachable(error, error.catalog, None, fmt, words)
