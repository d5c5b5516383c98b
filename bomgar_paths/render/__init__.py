"""Text, JSON and Markdown renderings of the library's answers.

Every function here takes a value the library returned and writes it; none
computes anything the value does not hold. JSON shapes are contracts
(DESIGN §2.4); text is for an administrator to read at a glance; Markdown is
for a change ticket.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from ..model import Package, State, format_specifier
from .words import ENGLISH, Words

if TYPE_CHECKING:  # values only read here; importing them costs start-up time
    from ..catalog import Catalog
    from ..errors import BomgarPathsError, CatalogProblem
    from ..explain import Explanation, Skipped
    from ..planner import Plan, Unreachable
    from ..updates import Diagnosis, Offer, Unmet

__all__ = [
    "FORMATS",
    "catalog_data",
    "diagnosis_data",
    "dump",
    "hours",
    "minutes",
    "mode_text",
    "offers_data",
    "plan_data",
    "render_catalog",
    "render_diagnosis",
    "render_offers",
    "render_plan",
    "render_unreachable",
    "state_data",
    "state_text",
    "table",
    "transition",
    "unmet_text",
    "unreachable_data",
]

FORMATS = ("text", "json", "markdown")


# -- shared pieces ----------------------------------------------------------


def _explain_words() -> Any:
    """render_explain, imported when an explanation is written, not at start-up."""
    from . import explain as render_explain  # noqa: PLC0415

    return render_explain


# DESIGN §2.4: every JSON document says the version of its shape, raised when
# a key is renamed, removed or changes meaning (new keys beside them do not).
SCHEMA = 1


def dump(data: Any) -> str:
    """A JSON document: ``schema`` first, then ``data``'s keys."""
    import json  # noqa: PLC0415  (only JSON output pays for the import)

    return json.dumps({"schema": SCHEMA, **data}, indent=2, ensure_ascii=False)


def state_data(state: State) -> dict[str, str]:
    return {family: str(version) for family, version in state}


def catalog_ref(catalog: Catalog) -> dict[str, str]:
    return {"source": catalog.source, "digest": catalog.digest}


def hours(value: float, w: Words = ENGLISH) -> str:
    """``24 h``, ``360 h (15 days)``."""
    text = w._("{hours} h", hours=w.number(value, grouped=False))
    if value >= 48 and value % 24 == 0:
        return w._("{hours} ({days} days)", hours=text, days=w.number(value / 24))
    return text


def minutes(value: float, w: Words = ENGLISH) -> str:
    """``45 min``, ``15 h 45 min``."""
    whole = round(value)
    if whole < 60:
        return w._("{minutes} min", minutes=w.number(value, grouped=False))
    h, m = divmod(whole, 60)
    if m:
        return w._("{hours} h {minutes} min", hours=h, minutes=m)
    return w._("{hours} h", hours=h)


def span(value: timedelta, w: Words = ENGLISH) -> str:
    """A duration for people to read: ``45 min``, ``2 h 15 min``, ``3 d 4 h``."""
    total = round(value.total_seconds() / 60)
    days, rest = divmod(total, 24 * 60)
    h, m = divmod(rest, 60)
    parts = ([w._("{days} d", days=days)] * bool(days) + [w._("{hours} h", hours=h)] * bool(h)
             + [w._("{minutes} min", minutes=m)] * bool(m))
    return " ".join(parts[:2]) or w._("{minutes} min", minutes=0)


def error_text(error: BomgarPathsError, w: Words = ENGLISH) -> str:
    """One line for an error the library raised, in ``w``'s language (render.messages)."""
    from .messages import error_text as text  # noqa: PLC0415  (only errors pay for it)

    return text(error, w)


def problem_text(problem: CatalogProblem, w: Words = ENGLISH) -> str:
    """One line for a catalog problem, in ``w``'s language (render.messages)."""
    from .messages import problem_text as text  # noqa: PLC0415

    return text(problem, w)


def table(rows: Sequence[Sequence[str]], markdown: bool = False) -> list[str]:
    """Aligned columns; the first row is the header."""
    if markdown:
        def cell(text: str) -> str:
            return text.replace("|", "\\|")

        lines = ["| " + " | ".join(cell(c) for c in rows[0]) + " |",
                 "|" + "|".join("---" for _ in rows[0]) + "|"]
        lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows[1:]]
        return lines
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
            for row in rows]


def _requires(package: Package) -> str:
    return ", ".join(str(r) for r in package.requires) or "-"


def state_text(state: State, w: Words = ENGLISH) -> str:
    """A state as people read it: ``base=3.2.4,bomgar=11.1.2``, or "(nothing installed)"."""
    return str(state) or w._("(nothing installed)")


def mode_text(plan: Plan, w: Words = ENGLISH) -> str:
    """The soak mode as a clause to append: empty for the usual mode."""
    return "" if plan.soak else w._(", no-soak mode (clients uninstalled first)")


def transition(plan: Plan, w: Words = ENGLISH) -> str:
    """``start → target`` of a plan."""
    return f"{state_text(plan.start, w)} → {state_text(plan.target, w)}"


# -- catalog ---------------------------------------------------------------


def catalog_data(catalog: Catalog) -> dict[str, Any]:
    return {
        "catalog": catalog_ref(catalog),
        "families": [
            {"name": f.name, "label": f.label, "soak_hours": f.soak_hours,
             "install_minutes": f.install_minutes, "priority": f.priority,
             "clients_update": f.clients_update}
            for f in catalog.families.values()
        ],
        "packages": [
            {"package": p.label, "family": p.family, "version": str(p.version),
             "requires": {r.family: format_specifier(r.specifier) for r in p.requires},
             "soak_hours": p.soak_hours, "install_minutes": p.install_minutes,
             "released": p.released.isoformat() if p.released else None,
             "withdrawn": p.withdrawn, "source": p.source, "notes": p.notes}
            for p in catalog.packages
        ],
    }


def render_catalog(catalog: Catalog, fmt: str, w: Words = ENGLISH) -> str:
    if fmt == "json":
        return dump(catalog_data(catalog))
    markdown = fmt == "markdown"
    title = w._("Catalog: {source} ({digest})", source=catalog.source,
                digest=catalog.digest[:19])
    lines = [f"# {title}" if markdown else title, ""]
    for family in catalog.families.values():
        packages = catalog.packages_of(family.name)
        soak = (w._("soak {hours}", hours=hours(family.soak_hours, w)) if family.soak_hours
                else w._("no soak"))
        head = w.n_("{family}: {n} package, {soak}, ~{minutes} per install, priority"
                    " {priority}", "{family}: {n} packages, {soak}, ~{minutes} per install,"
                    " priority {priority}", len(packages), family=family.name, soak=soak,
                    minutes=minutes(family.install_minutes, w), priority=family.priority)
        lines += [f"## {head}" if markdown else head, ""]
        rows = [[w._("Package"), w._("Released"), w._("Requires"), w._("Source")]]
        for p in packages:
            label = p.label + (w._(" (withdrawn)") if p.withdrawn else "")
            rows.append([label, p.released.isoformat() if p.released else "-", _requires(p),
                         p.source or "-"])
        lines += [("" if markdown else "  ") + line for line in table(rows, markdown)]
        lines.append("")
    return "\n".join(lines).rstrip()


# -- plan ------------------------------------------------------------------


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
    return [w._("Goal: {goal}", goal=plan.goal) + holds + mode,
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
                    *_explain_words().skipped_lines(skipped, markdown=fmt == "markdown")]
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
    words: Words | None = None,
) -> str:
    """An unreachable goal: the derivation tree (``error.explanation``) and what to do."""
    explanation = error.explanation if explanation is None else explanation
    if fmt == "json":
        return dump(unreachable_data(error, catalog, explanation))
    holds = f" (holds: {', '.join(map(str, error.holds))})" if error.holds else ""
    head = ["## Upgrade goal cannot be reached", ""] if fmt == "markdown" else []
    if holds:
        head += [f"Holds: {', '.join(map(str, error.holds))}", ""]
    return "\n".join([*head, _explain_words().render_explanation(explanation, fmt,
                                                                 *_words(words))])


# -- updates page and why -----------------------------------------------------


def _words(words: Words | None) -> tuple[Words, ...]:
    """``words`` as the optional last argument of a render.explain function."""
    return () if words is None else (words,)


def unmet_text(package: Package, unmet: Unmet, catalog: Catalog,
               words: Words | None = None) -> str:
    """An unmet requirement, worded as the appliance words it."""
    from .words import ENGLISH  # noqa: PLC0415

    words = ENGLISH if words is None else words
    requirement = unmet.requirement
    if unmet.installed is None:
        return words._("{package} requires {requirement}, and no {family} package is"
                       " installed", package=package.label, requirement=str(requirement),
                       family=requirement.family)
    return words._("{installed} does not satisfy {package}'s requirement {requirement}",
                   installed=catalog.label(requirement.family, unmet.installed),
                   package=package.label, requirement=str(requirement))


def _unmet_data(package: Package, unmet: Iterable[Unmet], catalog: Catalog
                ) -> list[dict[str, Any]]:
    return [{"family": u.requirement.family,
             "requires": format_specifier(u.requirement.specifier),
             "installed": None if u.installed is None else str(u.installed),
             "message": unmet_text(package, u, catalog)} for u in unmet]


def _labels(plan: Plan | None) -> list[str] | None:
    return None if plan is None else [s.package.label for s in plan.steps]


def _unlock_text(plan: Plan | None) -> str:
    """Short form for a table cell: the whole plan when it is short."""
    if plan is None:
        return "no plan unlocks it"
    labels = [s.package.label for s in plan.steps]
    if len(labels) <= 3:
        return "unlock: " + ", then ".join(labels)
    return f"unlock: {len(labels)} installs, {labels[0]} … {labels[-1]}"


def offers_data(state: State, offers: Iterable[Offer], catalog: Catalog) -> dict[str, Any]:
    # Exactly the keys of DESIGN §2.4: tools compare them.
    return {
        "state": state_data(state),
        "packages": [
            {"package": o.package.label, "family": o.package.family,
             "version": str(o.package.version), "available": o.available,
             "unmet": _unmet_data(o.package, o.unmet, catalog),
             "unlock": _labels(o.unlock)}
            for o in offers
        ],
    }


def render_offers(state: State, offers: Sequence[Offer], catalog: Catalog, fmt: str) -> str:
    if fmt == "json":
        return dump(offers_data(state, offers, catalog))
    markdown = fmt == "markdown"
    head = f"Updates for {state_text(state)}"
    lines = [f"## {head}" if markdown else head, ""]
    if not offers:
        lines.append("No updates: nothing in the catalog is newer than what is installed.")
        return "\n".join(lines)
    rows = [["Package", "Status", "Why / what unlocks it"]]
    for offer in offers:
        if offer.available:
            rows.append([offer.package.label, "Install This Update", ""])
            continue
        why = "; ".join(unmet_text(offer.package, u, catalog) for u in offer.unmet)
        rows.append([offer.package.label, "greyed out", f"{why} ({_unlock_text(offer.unlock)})"])
    lines += table(rows, markdown)
    available = sum(o.available for o in offers)
    lines += ["", f"{available} available, {len(offers) - available} greyed out."]
    return "\n".join(lines)


def diagnosis_data(
    diagnosis: Diagnosis, catalog: Catalog, explanation: Explanation | None = None
) -> dict[str, Any]:
    explanation = diagnosis.explanation if explanation is None else explanation
    return {
        "catalog": catalog_ref(catalog),
        "package": diagnosis.package.label,
        "family": diagnosis.package.family,
        "version": str(diagnosis.package.version),
        "state": state_data(diagnosis.state),
        "status": diagnosis.status,
        "unmet": _unmet_data(diagnosis.package, diagnosis.unmet, catalog),
        "unlock": _labels(diagnosis.unlock),
        "reasons": [_reason_text(diagnosis, r, catalog) for r in diagnosis.reasons],
        "explanation": None if explanation is None else _explain_words().explanation_data(
            explanation),
    }


def _reason_text(diagnosis: Diagnosis, reason: Any, catalog: Catalog) -> str:
    """A short reason of a diagnosis: an unmet requirement or a fact."""
    from ..updates import Unmet  # noqa: PLC0415

    if isinstance(reason, Unmet):
        return unmet_text(diagnosis.package, reason, catalog)
    tree = None if diagnosis.explanation is None else diagnosis.explanation.tree
    return str(_explain_words().fact_text(reason, parent=tree))


def render_diagnosis(
    diagnosis: Diagnosis, catalog: Catalog, fmt: str, explanation: Explanation | None = None,
    words: Words | None = None,
) -> str:
    """``why``: the status in one line, then the derivation tree and the way out."""
    explanation = diagnosis.explanation if explanation is None else explanation
    if fmt == "json":
        return dump(diagnosis_data(diagnosis, catalog, explanation))
    label, state = diagnosis.package.label, state_text(diagnosis.state)
    if diagnosis.status == "available":
        return f"{label} is available in {state}: Install This Update."
    lines = [f"## {label} in {state}" if fmt == "markdown" else f"{label} in {state}:", ""]
    if explanation is not None:
        lines.append(_explain_words().render_explanation(explanation, fmt, *_words(words)))
    if diagnosis.status == "greyed" and diagnosis.unlock is not None:
        lines += ["", "Plan that unlocks it:", ""]
        if fmt == "markdown":
            rows = [["#", "Install", "Then installed"]] + [
                [str(n), s.package.label, f"`{state_text(s.after)}`"]
                for n, s in enumerate(diagnosis.unlock.steps, 1)]
            lines += [*table(rows, markdown=True), "", "Total: "
                      + _totals_text(diagnosis.unlock)]
        else:
            lines += _steps_text(diagnosis.unlock)
    return "\n".join(lines)
