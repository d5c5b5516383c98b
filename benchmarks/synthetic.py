"""Synthetic catalogs for the benchmarks, and a writer of catalog TOML.

Every catalog here has a soaking family ``site`` (24 h, priority 1) and a
non-soaking family ``base``; the three-family one adds ``addon``. Release i of a
family is version ``_v(i)``: 1 -> 1.1.0, 9 -> 1.9.0, 10 -> 2.0.0. The start is
release 1 of every family and the goal is latest.
"""

from __future__ import annotations

from packaging.specifiers import SpecifierSet
from packaging.version import Version

from bomgar_paths.catalog import Catalog
from bomgar_paths.model import Family, Package, Requirement, State


def _v(i: int) -> Version:
    return Version(f"{i // 10 + 1}.{i % 10}.0")


def _families() -> list[Family]:
    return [
        Family("site", "Site-{version}", soak_hours=24, install_minutes=45, priority=1,
               clients_update=True),
        Family("base", "Base {version}", soak_hours=0, install_minutes=30, priority=2),
    ]


def _package(family: Family, i: int, requires: dict[str, str]) -> Package:
    version = _v(i)
    return Package(
        family=family.name,
        version=version,
        label=family.label.format(version=version),
        requires=tuple(Requirement(f, SpecifierSet(s)) for f, s in sorted(requires.items())),
        soak_hours=family.soak_hours,
        install_minutes=family.install_minutes,
    )


def _band(n: int, base_lag: int, era: int, source: str) -> Catalog:
    """site i needs site >= i-3 and base >= i-base_lag; base j needs j <= site < j+era."""
    site, base = _families()
    packages = []
    for i in range(1, n + 1):
        packages.append(_package(site, i, {} if i == 1 else
                                 {"site": f">={_v(max(1, i - 3))}",
                                  "base": f">={_v(max(1, i - base_lag))}"}))
        packages.append(_package(base, i, {} if i == 1 else
                                 {"site": f">={_v(i)},<{_v(i + era)}"}))
    return Catalog.from_entries([site, base], packages, source=source)


def zigzag_catalog(n: int = 500) -> Catalog:
    """Two families of ``n`` releases whose prerequisites zig-zag.

    site i (i >= 2) needs site >= i-3 (it cannot jump more than 3 releases)
    and base >= i-5 (a recent Base); base j (j >= 2) needs site >= j and
    site < j+10 (the site of its era). From (site 1, base 1) the reachable
    states form a band about six wide along the diagonal (~6 states per
    release: 2,985 for n = 500) and the plan to latest alternates families.
    """
    return _band(n, 5, 10, f"synthetic zig-zag x{n}")


def loose_catalog(n: int) -> Catalog:
    """The zig-zag with looser ties: base may lag 20 releases, and fits 40 site releases.

    About 20 reachable states per release: a wider band along the diagonal.
    """
    return _band(n, 20, 40, f"synthetic loose x{n}")


def three_family_catalog(n: int) -> Catalog:
    """The zig-zag with a third family ``addon`` tied to the site like ``base``.

    site i needs site >= i-3, base >= i-5 and addon >= i-5; base j and addon j
    each need j <= site < j+10. About 35 reachable states per release.
    """
    site, base = _families()
    addon = Family("addon", "Addon {version}", soak_hours=0, install_minutes=15, priority=3)
    packages = []
    for i in range(1, n + 1):
        packages.append(_package(site, i, {} if i == 1 else
                                 {"site": f">={_v(max(1, i - 3))}",
                                  "base": f">={_v(max(1, i - 5))}",
                                  "addon": f">={_v(max(1, i - 5))}"}))
        for family in (base, addon):
            packages.append(_package(family, i, {} if i == 1 else
                                     {"site": f">={_v(i)},<{_v(i + 10)}"}))
    return Catalog.from_entries([site, base, addon], packages, source=f"synthetic three x{n}")


def dense_catalog(n: int = 300) -> Catalog:
    """Two families of ``n`` releases where nearly every pair is reachable.

    site i (i >= 2) needs site >= i-10; base j (j >= 2) needs site >= j and
    base >= j-10. Every state (site i, base j) with j <= i is reachable from
    (1, 1): n(n+1)/2 states, 45,150 for n = 300, each with up to 20 steps out.
    """
    site, base = _families()
    packages = []
    for i in range(1, n + 1):
        packages.append(_package(site, i, {} if i == 1 else {"site": f">={_v(max(1, i - 10))}"}))
        packages.append(_package(base, i, {} if i == 1 else
                                 {"site": f">={_v(i)}", "base": f">={_v(max(1, i - 10))}"}))
    return Catalog.from_entries([site, base], packages, source=f"synthetic dense x{n}")


def wide_catalog(families: int, n: int) -> Catalog:
    """``families`` families of ``n`` releases, each release needing the one before it.

    The first family (24 h soak) needs the last one installed; nothing else ties
    them, so every combination of versions is reachable: (n+1)^families states.
    The question of issue 8: 6 x 10 once took 26 s, 50 x 40 reached 7 GB.
    """
    specs = [Family(f"f{k}", f"F{k} {{version}}", soak_hours=24 if k == 0 else 0,
                    install_minutes=30, priority=k + 1) for k in range(families)]
    packages = [
        _package(f, i, {} if i == 1 else {f.name: f">={_v(i - 1)}"} if k
                 else {f"f{families - 1}": f">={_v(1)}"})
        for k, f in enumerate(specs) for i in range(1, n + 1)
    ]
    return Catalog.from_entries(specs, packages, source=f"synthetic wide {families}x{n}")


def synthetic_start(catalog: Catalog | None = None) -> State:
    """Release 1 of every family (of ``catalog``; else of site and base)."""
    names = list(catalog.families) if catalog is not None else ["site", "base"]
    return State({name: _v(1) for name in names})


def _toml_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def to_toml(catalog: Catalog) -> str:
    """The catalog as the text of one catalog file (docs/catalog-format.md)."""
    lines: list[str] = []
    for family in catalog.families.values():
        lines += [
            f"[family.{family.name}]",
            f'label = "{family.label}"',
            f"soak_hours = {_toml_number(family.soak_hours)}",
            f"install_minutes = {_toml_number(family.install_minutes)}",
            f"priority = {family.priority}",
        ]
        if family.clients_update:
            lines.append("clients_update = true")
        lines.append("")
    for package in catalog.packages:
        lines += ["[[package]]", f'family = "{package.family}"', f'version = "{package.version}"']
        if package.requires:
            pairs = ", ".join(f'{r.family} = "{r.specifier}"' for r in package.requires)
            lines.append(f"requires = {{ {pairs} }}")
        lines.append("")
    return "\n".join(lines)


def components_catalog(components: int = 6, versions: int = 15, sites: int = 30,
                       window: int = 8) -> tuple[Catalog, State]:
    """The bundled shape with ``components`` external families of ``versions`` releases
    each, every release working with a window of ``window`` consecutive site releases
    (issue 12's scale question).

    site i (i >= 2) needs site >= i-3 and base >= i-5, base j as in ``zigzag_catalog``;
    component c's release j works with site releases a..a+window-1, where a climbs
    evenly from 1 to the last site release, shifted per component so that they do
    not move together. The start is release 1 of every family (the components at
    their first release), the goal latest: the site climbs, and every component is
    upgraded on the way each time the site would leave its window.
    """
    site, base = _families()
    packages = []
    for i in range(1, sites + 1):
        packages.append(_package(site, i, {} if i == 1 else
                                 {"site": f">={_v(max(1, i - 3))}",
                                  "base": f">={_v(max(1, i - 5))}"}))
        packages.append(_package(base, i, {} if i == 1 else
                                 {"site": f">={_v(i)},<{_v(i + 10)}"}))
    families = [site, base]
    for c in range(components):
        family = Family(f"ext{c}", f"Ext{c} {{version}}", install_minutes=15,
                        priority=10 + c, external=True)
        families.append(family)
        for j in range(1, versions + 1):
            low = 1 + ((j - 1) * (sites - window) + c * 3) // max(1, versions - 1)
            low = min(max(1, low if j > 1 else 1), sites)
            high = min(sites + 1, low + window) if j < versions else sites + 1
            package = _package(family, j, {})
            packages.append(Package(
                family=package.family, version=package.version, label=package.label,
                install_minutes=15, works_with=(Requirement(
                    "site", SpecifierSet(f">={_v(low)},<{_v(high)}")),)))
    start = State({f.name: _v(1) for f in families})
    return Catalog.from_entries(families, packages, source="components"), start
