"""Security advisories in answers: which affect the start and each state a plan passes
through, whether a patch applies, the cheaper way out a patch offers, and support.

Sections are written only when the catalog has advisories and one of them is at
stake (or a release is past its support), so answers on catalogs without them
keep their words and their JSON keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..model import format_specifier
from .common import hours, state_text
from .words import ENGLISH, Words

if TYPE_CHECKING:
    from datetime import date

    from ..advisories import Advisory, Exposure, Patch, PatchWay
    from ..catalog import Catalog
    from ..model import State
    from ..planner import Plan


def _applies_text(patch: Patch) -> str:
    return ", ".join(f"{r.family}{format_specifier(r.specifier)}"
                     for r in patch.applies_to or ())


def exposure_lines(catalog: Catalog, state: State, patched: Sequence[str],
                   w: Words = ENGLISH) -> list[str]:
    """The advisories that affect ``state``, with what each patch can do there."""
    from ..advisories import exposures  # noqa: PLC0415

    return ["- " + w._("{advisory} affects {installed}", advisory=_advisory_name(e.advisory, w),
                       installed=catalog.label(e.family, e.version)) + _patches_text(catalog, e, w)
            for e in exposures(catalog, state, patched)]


def _advisory_name(advisory: Advisory, w: Words) -> str:
    """The id, and what matters most about it: exploited, or a range not sure."""
    notes = [w._("exploited in the wild")] if advisory.exploited else []
    if advisory.uncertain:
        notes.append(w._("its range is uncertain: see `catalog`"))
    return f"{advisory.id} ({', '.join(notes)})" if notes else advisory.id


def _patches_text(catalog: Catalog, exposure: Exposure, w: Words) -> str:
    """What the advisory's patches can do for the installed version: "; patch X applies
    to it", "... applies to V only", "... not public", or "no patch"."""
    label = catalog.label(exposure.family, exposure.version)
    notes = []
    for patch in exposure.advisory.patches:
        if patch in exposure.applicable:
            notes.append(w._("patch {patch} applies to it", patch=patch.id))
        elif patch in exposure.unknown:
            notes.append(w._("patch {patch} exists; the versions it applies to are not"
                             " public", patch=patch.id))
        else:
            notes.append(w._("patch {patch} applies to {versions} only, not to {installed}",
                             patch=patch.id, versions=_applies_text(patch), installed=label))
    if not exposure.advisory.patches:
        notes.append(w._("no patch: only a release outside the affected range fixes it"))
    return "".join(f"; {note}" for note in notes)


def plan_security_lines(plan: Plan, w: Words = ENGLISH, today: date | None = None
                        ) -> list[str]:
    """What a plan's text and Markdown say of advisories, patches and support."""
    from ..advisories import exposure_along, exposures  # noqa: PLC0415

    lines: list[str] = []
    catalog, patched = plan.catalog, plan.goal.patched
    last = len(plan.steps)
    at_start = {e.advisory.id: e for e in exposures(catalog, plan.start, patched)}
    for stay in exposure_along(plan, patched):
        first, end = stay.steps[0], stay.steps[-1]
        if not last:
            where = w._("the current state")
        elif end == last:
            where = (w._("every state to the target: the plan does not leave it") if first == 0
                     else w._("every state from step {first} to the target: the plan does not"
                              " leave it", first=first))
        elif first == 0:
            where = w._("the start and every state until step {step} ({package}) leaves it",
                        step=end + 1, package=plan.steps[end].package.label)
        else:
            where = w._("the states from step {first} until step {step} ({package}) leaves"
                        " it", first=first, step=end + 1, package=plan.steps[end].package.label)
        text = w._("{advisory}: affects {where}", advisory=_advisory_name(stay.advisory, w),
                   where=where)
        if stay.soak_hours:
            text += w._("; {hours} of soak in affected states", hours=hours(stay.soak_hours, w))
        exposure = at_start.get(stay.advisory.id)
        if exposure is not None:
            text += _patches_text(catalog, exposure, w)
        lines.append("- " + text)
    # Patches of one range lead the same way (BT24-10-ONPREM1 and -ONPREM2): told once.
    ways: dict[tuple[str, tuple[str, ...] | None], list[PatchWay]] = {}
    for way in plan.patch_ways:
        steps = None if way.plan is None else tuple(s.package.label for s in way.plan.steps)
        ways.setdefault((_applies_text(way.patch), steps), []).append(way)
    for same in ways.values():
        lines.append("- " + _way_text(same[0], plan, w, w.join_or([x.patch.id for x in same])))
    lines += [f"- {line}" for line in support_lines(plan, w, today)]
    return [w._("Security advisories:"), *lines] if lines else []


def _way_text(way: PatchWay, plan: Plan, w: Words, patch: str) -> str:
    """A patch as a way out of its advisory; ``patch``: its name, or the names of the
    patches that lead the same way ("BT24-10-ONPREM1 or BT24-10-ONPREM2")."""
    versions = _applies_text(way.patch)
    if way.plan is None:
        return w._("{patch} applies to {versions}, and no plan reaches it", patch=patch,
                   versions=versions)
    if not way.plan.steps:
        return w._("{patch} applies to {versions}, as installed now: applying it is the"
                   " fastest way out of {advisory}", patch=patch, versions=versions,
                   advisory=way.exposure.advisory.id)
    totals = way.plan.totals
    faster = (totals.soak_hours, totals.installs) < (plan.totals.soak_hours,
                                                        plan.totals.installs)
    summary = w.n_("{n} install, {soak}", "{n} installs, {soak}", totals.installs,
                   soak=hours(totals.soak_hours, w))
    command = f"plan --to '{versions}' --nearest"
    if faster:
        text = w._("a way out of {advisory}: {patch} applies to {versions}: `{command}`:"
                   " {summary}, then apply the patch (faster than this plan)",
                   advisory=way.exposure.advisory.id, patch=patch, versions=versions,
                   command=command, summary=summary)
        from ..advisories import exposures  # noqa: PLC0415

        # The patch covers its own advisory only: say what still affects that state.
        end = way.plan.target
        rest = [e.advisory.id for e in exposures(plan.catalog, end,
                                                 (*plan.goal.patched, way.patch.id), end)]
        if rest:
            text += w.n_("; {advisories} still affects that state",
                         "; {advisories} still affect that state", len(rest),
                         advisories=w.join(rest))
        return text
    return w._("{patch} applies to {versions}: `{command}`: {summary}, no faster than this"
               " plan", patch=patch, versions=versions, command=command, summary=summary)


def support_lines(plan: Plan, w: Words, today: date | None) -> list[str]:
    """Releases of the target past their support (two years from general availability,
    where the catalog knows the date), as of ``today`` (None: not said)."""
    from ..advisories import support_ends  # noqa: PLC0415

    if today is None:
        return []
    lines = []
    for family, version in plan.target:
        package = plan.catalog.package(family, version)
        if package is None or plan.catalog.families[family].external:
            continue
        ends = support_ends(package)
        if ends is not None and ends < today:
            lines.append(w._("{package} (released {released}) is past its support: at least"
                             " two years from release, so since {ends} at the earliest; it"
                             " gets no patches", package=package.label,
                             released=package.released.isoformat(),  # type: ignore[union-attr]
                             ends=ends.isoformat()))
    return lines


def plan_security_data(plan: Plan, today: date | None = None) -> dict[str, Any]:
    """The JSON keys of the same (absent when nothing is at stake)."""
    from ..advisories import exposure_along, exposures  # noqa: PLC0415

    data: dict[str, Any] = {}
    if not (plan.goal.unaffected or plan.goal.patched):
        # Asked only: the shapes of DESIGN §2.4 stay as tools compare them.
        return data
    stays = exposure_along(plan, plan.goal.patched)
    if stays:
        data["advisories"] = [
            {"id": s.advisory.id, "title": s.advisory.title, "exploited": s.advisory.exploited,
             "states": list(s.steps), "soak_hours": s.soak_hours,
             "target": bool(s.steps and s.steps[-1] == len(plan.steps)),
             "start": exposures_data(exposures(plan.catalog, plan.start, plan.goal.patched),
                                     s.advisory.id)}
            for s in stays]
    if plan.patch_ways:
        data["patch_ways"] = [
            {"patch": way.patch.id, "advisory": way.exposure.advisory.id,
             "applies_to": _applies_text(way.patch),
             "plan": None if way.plan is None else [s.package.label for s in way.plan.steps],
             "soak_hours": None if way.plan is None else way.plan.totals.soak_hours}
            for way in plan.patch_ways]
    support = support_lines(plan, ENGLISH, today)
    if support:
        data["support"] = support
    return data


def exposures_data(found: Sequence[Exposure], advisory: str | None = None
                   ) -> list[dict[str, Any]]:
    return [{"advisory": e.advisory.id, "family": e.family, "version": str(e.version),
             "patches": [{"id": p.id, "applies": p in e.applicable if p not in e.unknown
                          else None} for p in e.advisory.patches]}
            for e in found if advisory is None or e.advisory.id == advisory]


def state_security_lines(catalog: Catalog, state: State, patched: Sequence[str],
                         w: Words = ENGLISH) -> list[str]:
    """``updates`` and ``why``: the advisories that affect the state, if any."""
    lines = exposure_lines(catalog, state, patched, w)
    if not lines:
        return []
    return [w._("Security advisories affecting {state}:", state=state_text(state, w)), *lines]
