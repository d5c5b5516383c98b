"""The Updates page (updates.py): ``offers``, ``unlock`` and ``diagnose``, DESIGN §2.3.

The catalog is the guide's example (tests/cases/guide_example.toml): from Base 3.2.4
and Bomgar 11.1.2 the page shows Base Software 3.3.2 and Bomgar-12.1.0 as
installable and Bomgar-12.2.0 greyed out (it needs Base >= 3.3.2). Properties on
random catalogs are in tests/property/test_planner_oracle.py.
"""

from __future__ import annotations

import golden
import oracle
import pytest
from packaging.version import Version

from bomgar_paths import (
    Catalog,
    Family,
    InputError,
    Package,
    Requirement,
    State,
    diagnose,
    offers,
    unlock,
)
from bomgar_paths.render import unmet_text

GUIDE = "base=3.2.4,bomgar=11.1.2"


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    case = golden.read(golden.CASES_DIR / "guide_example.toml")[0]
    return case.catalog(tmp_path_factory.mktemp("guide"))


def labels(plan: object) -> list[str] | None:
    return None if plan is None else [s.package.label for s in plan.steps]  # type: ignore[attr-defined]


def small(*packages: tuple[str, str, str, str | None]) -> Catalog:
    """A catalog of site (soaks) and base from (family, version, requires, withdrawn)."""
    families = [Family("site", label="Site {version}", soak_hours=24, priority=1),
                Family("base", label="Base {version}", priority=2)]
    entries = []
    for family, version, requires, withdrawn in packages:
        entries.append(Package(
            family=family, version=Version(version), label=f"{family.title()} {version}",
            requires=tuple(Requirement.parse(r) for r in requires.split(";") if r),
            soak_hours=24 if family == "site" else 0, withdrawn=withdrawn, spelling=version))
    return Catalog.from_entries(families, entries)


# -- offers: what /appliance > Updates shows -----------------------------------------


def test_the_guides_updates_page(catalog: Catalog) -> None:
    shown = offers(catalog, GUIDE)
    assert [(o.package.label, o.available) for o in shown] == [
        ("Bomgar-12.1.0", True), ("Bomgar-12.2.0", False), ("Base Software 3.3.2", True)]
    greyed = shown[1]
    (unmet,) = greyed.unmet
    assert str(unmet.requirement) == "base>=3.3.2" and unmet.installed == Version("3.2.4")
    assert unmet_text(greyed.package, unmet, catalog) == (
        "Base Software 3.2.4 does not satisfy Bomgar-12.2.0's"
                             " requirement base>=3.3.2")
    assert labels(greyed.unlock) == ["Base Software 3.3.2"]


def test_an_available_offer_needs_no_plan(catalog: Catalog) -> None:
    for offer in offers(catalog, GUIDE):
        if offer.available:
            assert offer.unmet == () and labels(offer.unlock) == []


def test_only_newer_not_withdrawn_packages_are_offered() -> None:
    """Installed and older versions, and withdrawn ones, never appear."""
    cat = small(("site", "1.0", "", None), ("site", "2.0", "", None),
                ("site", "3.0", "", "recalled"), ("site", "4.0", "", None))
    assert [o.package.label for o in offers(cat, "site=2.0")] == ["Site 4.0"]
    assert [o.package.label for o in offers(cat, "")] == ["Site 1.0", "Site 2.0", "Site 4.0"]


def test_a_requirement_on_a_family_not_installed_is_unmet() -> None:
    cat = small(("site", "2.0", "base>=1", None), ("base", "1.0", "", None))
    (offer,) = [o for o in offers(cat, "site=1.0") if o.package.family == "site"]
    (unmet,) = offer.unmet
    assert unmet.installed is None
    assert unmet_text(offer.package, unmet, cat) == (
        "Site 2.0 requires base>=1, and no base package is installed")
    assert labels(offer.unlock) == ["Base 1.0"]


def test_pre_releases_meet_requirements() -> None:
    """DESIGN §2.3: 'its version is in the specifier set (pre-releases included)'."""
    cat = small(("site", "2.0", "base>=1.0rc1,<2", None))
    (offer,) = offers(cat, "site=1.0,base=1.0rc2")
    assert offer.available


def test_an_unlock_that_no_plan_makes_is_none() -> None:
    """A requirement on a version older than the installed one: versions never go down."""
    cat = small(("site", "2.0", "base<1", None), ("base", "0.5", "", None))
    (offer,) = offers(cat, "site=1.0,base=1.0")
    assert not offer.available and offer.unlock is None


def test_text_and_values_are_the_same_question(catalog: Catalog) -> None:
    assert offers(catalog, GUIDE) == offers(catalog, State.parse(GUIDE))


def test_an_unknown_family_in_the_state_is_an_input_error(catalog: Catalog) -> None:
    with pytest.raises(InputError) as caught:
        offers(catalog, "nosuch=1")
    assert isinstance(caught.value, ValueError)
    assert str(caught.value) == ("invalid state 'nosuch=1': unknown family 'nosuch'"
                                 " (catalog has bomgar, base)")


# -- unlock ------------------------------------------------------------------------------


def test_unlock_is_the_oracles_cheapest_plan(catalog: Catalog) -> None:
    for state in (GUIDE, "bomgar=11.1.2", "base=3.2.4,bomgar=11.1.0"):
        for package in catalog.packages:
            found = unlock(catalog, state, package)
            if not oracle.offered(package, State.parse(state)):
                assert found is None
                continue
            expected = oracle.best_unlock(catalog, State.parse(state), package)
            assert (None if found is None else found.packages) == expected, (state, package)


def test_unlock_takes_a_label(catalog: Catalog) -> None:
    assert labels(unlock(catalog, GUIDE, "Bomgar-12.2.0")) == ["Base Software 3.3.2"]
    assert labels(unlock(catalog, GUIDE, "bomgar=12.2.0")) == ["Base Software 3.3.2"]
    with pytest.raises(InputError) as caught:
        unlock(catalog, GUIDE, "Bomgar-99")
    assert "did you mean 'Bomgar-12.2.0'" in str(caught.value)


def test_nothing_unlocks_a_package_that_is_not_offered(catalog: Catalog) -> None:
    assert unlock(catalog, "base=3.3.2,bomgar=12.2.0", "Bomgar-12.1.0") is None


# -- diagnose: the status of one package --------------------------------------------------


@pytest.mark.parametrize(("state", "package", "status", "plan"), [
    (GUIDE, "Bomgar-12.1.0", "available", []),
    (GUIDE, "Bomgar-12.2.0", "greyed", ["Base Software 3.3.2"]),
    ("bomgar=11.1.2", "Bomgar-12.1.0", "greyed", ["Base Software 3.2.4"]),
    ("base=3.3.2,bomgar=11.1.2", "Bomgar-12.1.0", "unreachable", None),
    ("base=3.2.4", "Base Software 3.3.2", "unreachable", None),
    ("base=3.3.2,bomgar=11.1.2", "Base Software 3.3.2", "installed", None),
    ("base=3.3.2,bomgar=11.1.2", "Bomgar-11.1.0", "installed", None),
])
def test_diagnose_says_which_of_the_five_cases_it_is(
        catalog: Catalog, state: str, package: str, status: str, plan: list[str] | None) -> None:
    found = diagnose(catalog, state, package)
    assert found.status == status
    assert labels(found.unlock) == plan
    assert found.package.label == package and found.state == State.parse(state)
    if status in ("greyed", "unreachable"):
        offered = {o.package.label: o for o in offers(catalog, state)}[package]
        assert found.unmet == offered.unmet and found.unlock == offered.unlock
    else:
        assert found.unmet == ()


def test_diagnose_a_withdrawn_package() -> None:
    cat = small(("site", "2.0", "", "recalled: breaks Jump Clients"))
    found = diagnose(cat, "site=1.0", "Site 2.0")
    assert found.status == "withdrawn" and found.unlock is None and found.unmet == ()


def test_diagnose_agrees_with_the_oracle(catalog: Catalog) -> None:
    """available / greyed / unreachable exactly as the oracle reads DESIGN §2.3."""
    for state in (GUIDE, "bomgar=11.1.2", "base=3.3.2,bomgar=11.1.2", ""):
        start = State.parse(state)
        for package in catalog.packages:
            found = diagnose(catalog, start, package)
            if not oracle.offered(package, start):
                assert found.status in ("installed", "withdrawn")
            elif oracle.available(package, start):
                assert found.status == "available"
            elif oracle.best_unlock(catalog, start, package) is None:
                assert found.status == "unreachable"
            else:
                assert found.status == "greyed"
