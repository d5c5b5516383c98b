"""The Updates page (``updates``) and one package's diagnosis (``why``), in every format.

The unmet requirements are worded as the appliance words them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ..model import Package, State, format_specifier
from .words import ENGLISH, Words

if TYPE_CHECKING:  # values only read here; importing them costs start-up time
    from ..catalog import Catalog
    from ..coexistence import Conflict
    from ..diagnosis import Diagnosis
    from ..explain import Explanation
    from ..planner import Plan
    from ..updates import Offer, Unmet, UpdatesPage

from .common import _explain_words, catalog_ref, dump, state_data, state_text, table, then_text
from .plan import _steps_text, _totals_text


def unmet_text(package: Package, unmet: Unmet, catalog: Catalog,
               words: Words = ENGLISH) -> str:
    """An unmet requirement, worded as the appliance words it."""
    requirement = unmet.requirement
    if unmet.installed is None:
        return words._("{package} requires {requirement}, and no {family} package is"
                       " installed", package=package.label, requirement=str(requirement),
                       family=requirement.family)
    return words._("{installed} does not satisfy {package}'s requirement {requirement}",
                   installed=catalog.label(requirement.family, unmet.installed),
                   package=package.label, requirement=str(requirement))


def conflict_text(conflict: Conflict, words: Words = ENGLISH) -> str:
    """A works_with that does not hold: "ServiceNow integration 2.1.0 works only with
    bomgar>=15.1,<23, not Bomgar-23.1.0"."""
    requirement = conflict.requirement
    return words._("{package} works only with {requirement}, not {installed}",
                   package=conflict.package.label, requirement=str(requirement),
                   installed=conflict.label)


def works_only_text(conflict: Conflict, words: Words = ENGLISH) -> str:
    """The works_with alone: "ServiceNow integration 2.1.0 works only with bomgar<23"."""
    return words._("{package} works only with {requirement}", package=conflict.package.label,
                   requirement=str(conflict.requirement))


def conflicts_data(conflicts: Iterable[Conflict]) -> list[dict[str, Any]]:
    return [{"package": c.package.label, "family": c.requirement.family,
             "works_with": format_specifier(c.requirement.specifier),
             "installed": str(c.installed),
             "message": conflict_text(c)} for c in conflicts]


def _unmet_data(package: Package, unmet: Iterable[Unmet], catalog: Catalog
                ) -> list[dict[str, Any]]:
    return [{"family": u.requirement.family,
             "requires": format_specifier(u.requirement.specifier),
             "installed": None if u.installed is None else str(u.installed),
             "message": unmet_text(package, u, catalog)} for u in unmet]


def _labels(plan: Plan | None) -> list[str] | None:
    return None if plan is None else [s.package.label for s in plan.steps]


def _unlock_text(plan: Plan | None, w: Words) -> str:
    """Short form for a table cell: the whole plan when it is short."""
    if plan is None:
        return w._("no plan unlocks it")
    labels = [s.package.label for s in plan.steps]
    if len(labels) <= 3:
        return w._("unlock: {steps}", steps=then_text(labels, w))
    return w.n_("unlock: {n} install, {first} … {last}", "unlock: {n} installs, {first} …"
                " {last}", len(labels), first=labels[0], last=labels[-1])


def offers_data(state: State, offers: Iterable[Offer], catalog: Catalog) -> dict[str, Any]:
    # Exactly the keys of DESIGN §2.4: tools compare them.
    return {
        "state": state_data(state),
        "packages": [
            {"package": o.package.label, "family": o.package.family,
             "version": str(o.package.version), "available": o.available,
             "unmet": _unmet_data(o.package, o.unmet, catalog),
             "unlock": _labels(o.unlock),
             # Only where a works_with is at stake: the contract's keys stay as they are.
             **({"breaks": conflicts_data(o.breaks)} if o.breaks else {})}
            for o in offers
        ],
    }


def render_offers(state: State, offers: Sequence[Offer], catalog: Catalog, fmt: str,
                  words: Words = ENGLISH) -> str:
    w = words
    if fmt == "json":
        return dump(offers_data(state, offers, catalog))
    markdown = fmt == "markdown"
    head = w._("Updates for {state}", state=state_text(state, w))
    lines = [f"## {head}" if markdown else head, ""]
    if not offers:
        lines.append(w._("No updates: nothing in the catalog is newer than what is installed."))
        return "\n".join(lines)
    rows = [[w._("Package"), w._("Status"), w._("Why / what unlocks it")]]
    for offer in offers:
        if offer.breaks and not offer.unmet:
            why = "; ".join(conflict_text(c, w) for c in offer.breaks)
            rows.append([offer.package.label, w._("Install This Update"),
                         w._("but not yet: {why} ({unlock})", why=why,
                             unlock=_unlock_text(offer.unlock, w))])
            continue
        if offer.available:
            rows.append([offer.package.label, w._("Install This Update"), ""])
            continue
        why = "; ".join(unmet_text(offer.package, u, catalog, w) for u in offer.unmet)
        rows.append([offer.package.label, w._("greyed out"),
                     w._("{why} ({unlock})", why=why, unlock=_unlock_text(offer.unlock, w))])
    lines += table(rows, markdown)
    available = sum(o.available for o in offers)
    lines += ["", w._("{available} available, {greyed} greyed out.", available=available,
                      greyed=len(offers) - available)]
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
        **({"breaks": conflicts_data(diagnosis.breaks)} if diagnosis.breaks else {}),
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
    words: Words = ENGLISH,
) -> str:
    """``why``: the status in one line, then the derivation tree and the way out."""
    w = words
    explanation = diagnosis.explanation if explanation is None else explanation
    if fmt == "json":
        return dump(diagnosis_data(diagnosis, catalog, explanation))
    label, state = diagnosis.package.label, state_text(diagnosis.state, w)
    if diagnosis.status == "available":
        return w._("{package} is available in {state}: Install This Update.", package=label,
                   state=state)
    if diagnosis.status == "conflicts":
        return _conflicts_text(diagnosis, catalog, fmt, w)
    head = w._("{package} in {state}", package=label, state=state)
    lines = [f"## {head}" if fmt == "markdown" else f"{head}:", ""]
    if explanation is not None:
        lines.append(_explain_words().render_explanation(explanation, fmt, w))
    if diagnosis.status == "greyed" and diagnosis.unlock is not None:
        lines += ["", w._("Plan that unlocks it:"), ""]
        if fmt == "markdown":
            rows = [["#", w._("Install"), w._("Then installed")]] + [
                [str(n), s.package.label, f"`{state_text(s.after, w)}`"]
                for n, s in enumerate(diagnosis.unlock.steps, 1)]
            lines += [*table(rows, markdown=True), "",
                      w._("Total: {totals}", totals=_totals_text(diagnosis.unlock, w))]
        else:
            lines += _steps_text(diagnosis.unlock, w)
    return "\n".join(lines)


def _conflicts_text(diagnosis: Diagnosis, catalog: Catalog, fmt: str, w: Words) -> str:
    """``why`` for a package the appliance offers that would break a works_with."""
    head = w._("{package} is available in {state}, but installing it now would break what"
               " works with the appliance:", package=diagnosis.package.label,
               state=state_text(diagnosis.state, w))
    lines = [head, "", *(f"- {conflict_text(c, w)}" for c in diagnosis.breaks), ""]
    if diagnosis.unlock is None:
        lines.append(w._("No plan installs it without breaking them."))
    else:
        lines += [w._("Plan after which it breaks nothing:"), "", *_steps_text(diagnosis.unlock, w)]
    return "\n".join(lines)


def write_updates(page: UpdatesPage, fmt: str, words: Words) -> str:
    if fmt == "json":
        data = offers_data(page.state, page.offers, page.catalog)
        return dump({**data, **_advisories_data(page.catalog, page.state, page.patched)})
    text = render_offers(page.state, page.offers, page.catalog, fmt, words)
    return text + _advisories_text(page.catalog, page.state, page.patched, fmt, words)


def write_diagnosis(diagnosis: Diagnosis, fmt: str, words: Words) -> str:
    catalog = diagnosis.catalog
    if catalog is None:
        raise ValueError("render() needs the catalog of a Diagnosis: make it with diagnose()")
    if fmt == "json":
        data = diagnosis_data(diagnosis, catalog)
        return dump({**data, **_advisories_data(catalog, diagnosis.state, diagnosis.patched)})
    text = render_diagnosis(diagnosis, catalog, fmt, None, words)
    return text + _advisories_text(catalog, diagnosis.state, diagnosis.patched, fmt, words)


def _advisories_data(catalog: Catalog, state: State, patched: tuple[str, ...]
                     ) -> dict[str, Any]:
    """``updates`` and ``why`` in JSON: the advisories that affect the state, when asked
    (``--patched``): otherwise the contract's keys stay as they are."""
    if not patched:
        return {}
    from ..advisories import exposures  # noqa: PLC0415
    from .security import exposures_data  # noqa: PLC0415

    found = exposures(catalog, state, patched)
    return {"advisories": exposures_data(found)} if found else {}


def _advisories_text(catalog: Catalog, state: State, patched: tuple[str, ...], fmt: str,
                     words: Words) -> str:
    """``updates`` and ``why`` in text and Markdown: the advisories that affect the state."""
    from .security import state_security_lines  # noqa: PLC0415

    security = state_security_lines(catalog, state, patched, words)
    if not security:
        return ""
    heading = [f"### {security[0]}", "", *security[1:]] if fmt == "markdown" else security
    return "\n\n" + "\n".join(heading)
