"""Prepare the bundled catalog for fast loading: ``python -m bomgar_paths._prepare``.

It reads the TOML files of ``catalog/`` with the ordinary loader (every check
of DESIGN §2.1) and writes ``_bundled.py``: the same families and packages as
Python literals, and the digest of the TOML files, which plans report. The
command line then loads the bundled catalog without importing tomllib,
pathlib or hashlib and without parsing TOML (docs/performance.md).

Run it after editing ``catalog/``; ``tests/test_catalog.py`` fails while the
prepared form and its source differ. Never run by the library itself.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .catalog import Catalog, bundled_path, load

TARGET = Path(__file__).with_name("_bundled.py")

HEADER = '''\
"""The bundled catalog, prepared from catalog/*.toml (generated: do not edit).

Written by ``python -m bomgar_paths._prepare`` from the TOML files, which stay
the source; ``tests/test_catalog.py`` holds the two equal, digest included.
"""
{date_import}
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from .advisories import Advisory, Patch
from .catalog import Catalog
from .model import Family, Package, Requirement

DIGEST = {digest!r}

# name, label, soak_hours, install_minutes, priority, clients_update, external
FAMILIES = (
{families})

# family, specifier: each read once and shared by the packages that name it, as
# the TOML reader shares them (and a specifier text on two families is one set)
REQUIREMENTS = (
{requirements})

# id, title, affects (indexes into REQUIREMENTS), patches ((id, applies_to indexes or
# None), ...), source, uncertain, exploited
ADVISORIES = (
{advisories})

# family, version, spelling, label, requires (indexes into REQUIREMENTS),
# soak_hours, install_minutes, released (y, m, d), withdrawn, source, notes,
# works_with (indexes into REQUIREMENTS)
PACKAGES = (
{packages})


def catalog() -> Catalog:
    families = {{spec[0]: Family(*spec) for spec in FAMILIES}}
    specifiers: dict[str, SpecifierSet] = {{}}
    shared = [Requirement(family, specifiers[text] if text in specifiers
                          else specifiers.setdefault(text, SpecifierSet(text)))
              for family, text in REQUIREMENTS]
    packages = tuple(
        Package(
            family=family,
            version=Version(version),
            label=label,
            requires=tuple(shared[i] for i in requires),
            soak_hours=soak_hours,
            install_minutes=install_minutes,
            released={released},
            withdrawn=withdrawn,
            source=source,
            notes=notes,
            spelling=spelling,
            works_with=tuple(shared[i] for i in works_with),
        )
        for (family, version, spelling, label, requires, soak_hours, install_minutes,
             released, withdrawn, source, notes, works_with) in PACKAGES
    )
    advisories = tuple(
        Advisory(ident, title, tuple(shared[i] for i in affects),
                 tuple(Patch(patch, None if applies is None else
                             tuple(shared[i] for i in applies)) for patch, applies in patches),
                 source, uncertain, exploited)
        for ident, title, affects, patches, source, uncertain, exploited in ADVISORIES)
    return Catalog(families, packages, source="bundled", digest=DIGEST, advisories=advisories)
'''


def render(catalog: Catalog) -> str:
    """The text of ``_bundled.py`` for ``catalog``."""
    families = "".join(
        "    " + repr((f.name, f.label, f.soak_hours, f.install_minutes, f.priority,
                      f.clients_update, f.external)) + ",\n"
        for f in catalog.families.values())
    index: dict[tuple[str, str], int] = {}
    for p in catalog.packages:
        for r in (*p.requires, *p.works_with):
            index.setdefault((r.family, str(r.specifier)), len(index))
    for a in catalog.advisories:
        for r in (*a.affects, *(r for p in a.patches for r in p.applies_to or ())):
            index.setdefault((r.family, str(r.specifier)), len(index))
    requirements = "".join(f"    {pair!r},\n" for pair in index)
    advisories = "".join(
        "    " + repr((
            a.id, a.title, tuple(index[r.family, str(r.specifier)] for r in a.affects),
            tuple((p.id, None if p.applies_to is None else
                   tuple(index[r.family, str(r.specifier)] for r in p.applies_to))
                  for p in a.patches),
            a.source, a.uncertain, a.exploited)) + ",\n"
        for a in catalog.advisories)
    packages = "".join(
        "    " + repr((
            p.family, str(p.version), p.spelling, p.label,
            tuple(index[r.family, str(r.specifier)] for r in p.requires),
            p.soak_hours, p.install_minutes,
            None if p.released is None else (p.released.year, p.released.month, p.released.day),
            p.withdrawn, p.source, p.notes,
            tuple(index[r.family, str(r.specifier)] for r in p.works_with),
        )) + ",\n"
        for p in catalog.packages)
    # datetime is imported only when a package has a date (start-up time).
    dated = any(p.released is not None for p in catalog.packages)
    return HEADER.format(
        digest=catalog.digest, families=families, requirements=requirements,
        advisories=advisories,
        packages=packages,
        date_import="\nfrom datetime import date\n" if dated else "",
        released="None if released is None else date(*released)" if dated else "released")


def main() -> int:
    text = render(load(bundled_path(), source="bundled"))
    if TARGET.exists() and TARGET.read_text(encoding="utf-8") == text:
        print(f"{TARGET.name} is up to date")
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
