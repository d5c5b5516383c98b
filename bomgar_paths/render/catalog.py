"""The catalog (``catalog``) and a catalog check (``catalog check``), in every format."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..model import Package, format_specifier
from .words import ENGLISH, Words

if TYPE_CHECKING:  # values only read here; importing them costs start-up time
    from ..catalog import Catalog, CatalogCheck

from .common import catalog_ref, dump, hours, minutes, problem_text, table


def _requires(package: Package, w: Words) -> str:
    parts = [", ".join(str(r) for r in package.requires)] if package.requires else []
    if package.works_with:
        parts.append(w._("works with {requirements}", requirements=", ".join(
            str(r) for r in package.works_with)))
    return "; ".join(parts) or "-"


def catalog_data(catalog: Catalog) -> dict[str, Any]:
    return {
        "catalog": catalog_ref(catalog),
        "families": [
            {"name": f.name, "label": f.label, "soak_hours": f.soak_hours,
             "install_minutes": f.install_minutes, "priority": f.priority,
             "clients_update": f.clients_update, **({"external": True} if f.external else {})}
            for f in catalog.families.values()
        ],
        "packages": [
            {"package": p.label, "family": p.family, "version": str(p.version),
             "requires": {r.family: format_specifier(r.specifier) for r in p.requires},
             **({"works_with": {r.family: format_specifier(r.specifier)
                                for r in p.works_with}} if p.works_with else {}),
             "soak_hours": p.soak_hours, "install_minutes": p.install_minutes,
             "released": p.released.isoformat() if p.released else None,
             "withdrawn": p.withdrawn, "source": p.source, "notes": p.notes}
            for p in catalog.packages
        ],
        **({"advisories": [
            {"id": a.id, "title": a.title,
             "affects": {r.family: format_specifier(r.specifier) for r in a.affects},
             "patches": [{"id": p.id, "applies_to": None if p.applies_to is None else {
                 r.family: format_specifier(r.specifier) for r in p.applies_to}}
                 for p in a.patches],
             "exploited": a.exploited, "uncertain": a.uncertain, "source": a.source}
            for a in catalog.advisories
        ]} if catalog.advisories else {}),
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
        if family.external:
            head += w._(", outside the appliance")
        lines += [f"## {head}" if markdown else head, ""]
        rows = [[w._("Package"), w._("Released"), w._("Requires"), w._("Source")]]
        for p in packages:
            label = p.label + (w._(" (withdrawn)") if p.withdrawn else "")
            rows.append([label, p.released.isoformat() if p.released else "-", _requires(p, w),
                         p.source or "-"])
        lines += [("" if markdown else "  ") + line for line in table(rows, markdown)]
        lines.append("")
    if catalog.advisories:
        head = w.n_("{n} security advisory", "{n} security advisories",
                    len(catalog.advisories))
        lines += [f"## {head}" if markdown else head, ""]
        for a in catalog.advisories:
            patches = ", ".join(
                p.id + (f" ({', '.join(map(str, p.applies_to))})" if p.applies_to
                        else " (" + w._("versions not public") + ")") for p in a.patches)
            facts = [w._("affects {ranges}", ranges=", ".join(map(str, a.affects))),
                     w._("patches: {patches}", patches=patches) if patches
                     else w._("no patch")]
            if a.exploited:
                facts.append(w._("exploited in the wild"))
            lines.append(f"{'- ' if markdown else '  '}{a.id}: {a.title}; {'; '.join(facts)}")
            for label, text in ((w._("uncertain"), a.uncertain), (w._("source"), a.source)):
                if text:
                    lines.append(f"{'  ' if markdown else '    '}{label}: {text}")
        lines.append("")
    return "\n".join(lines).rstrip()


def check_data(check: CatalogCheck) -> dict[str, Any]:
    return {"path": check.path, "ok": not check.problems, "problems": [
        {"file": p.path, "line": p.line, "entry": p.entry, "key": p.key, "code": p.code,
         "message": p.message} for p in check.problems]}


def render_check(check: CatalogCheck, fmt: str, words: Words = ENGLISH) -> str:
    """``catalog check``: every problem, one a line, or that the catalog is fine."""
    if fmt == "json":
        return dump(check_data(check))
    if not check.problems:
        return words._("{path}: OK", path=check.path)
    return "\n".join(problem_text(p, words) for p in check.problems)


def write_catalog(catalog: Catalog, fmt: str, words: Words) -> str:
    return render_catalog(catalog, fmt, words)


def write_check(check: CatalogCheck, fmt: str, words: Words) -> str:
    return render_check(check, fmt, words)
