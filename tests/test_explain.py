"""Explanations on the bundled catalog: skipped packages, what-if hints, JSON trees."""

from __future__ import annotations

import json
import shlex

import golden
import pytest
from packaging.version import Version

from bomgar_paths import (
    Catalog,
    Family,
    Goal,
    Package,
    Requirement,
    State,
    diagnose,
    explain_goal,
    explain_package,
    load_bundled,
    plan,
    skipped,
)
from bomgar_paths.cli import main
from bomgar_paths.coexistence import Conflict
from bomgar_paths.components import Candidate, Need
from bomgar_paths.explain import Action, ActionKind, ConclusionKind, Fact, FactKind
from bomgar_paths.render.explain import (
    action_text,
    explanation_data,
    fact_text,
    render_explanation,
)
from bomgar_paths.render.words import ENGLISH, words_for
from bomgar_paths.updates import Status

GUIDE = State.parse("base=3.2.4,bomgar=11.1.2")


def test_latest_with_a_hold_lists_what_it_leaves_out_and_why() -> None:
    catalog = load_bundled()
    result = plan(catalog, GUIDE, Goal(), [Requirement.parse("base<7")])
    left_out = {s.package.label: s for s in skipped(result)}
    assert "Bomgar-26.3.0" in left_out and "Base Software 7.0.0" in left_out
    assert result.target.get("bomgar") is not None
    assert all(s.package.version > result.target.versions[s.package.family]
               for s in left_out.values())


def test_latest_without_holds_leaves_nothing_out() -> None:
    assert skipped(plan(load_bundled(), GUIDE)) == ()


def test_plan_json_carries_skipped_only_when_something_is_left_out(capsys) -> None:  # type: ignore[no-untyped-def]
    main(["plan", "--from", str(GUIDE), "--format", "json"])
    assert "skipped" not in json.loads(capsys.readouterr().out)
    main(["plan", "--from", str(GUIDE), "--hold", "base<7", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert {"package": "Base Software 7.2.1"}.items() <= next(
        s for s in data["skipped"] if s["package"] == "Base Software 7.2.1").items()


def test_a_hold_that_blocks_the_goal_gives_a_what_if_hint_with_its_cost() -> None:
    catalog = load_bundled()
    goal = Goal.parse(["bomgar>=25"])
    explanation = explain_goal(catalog, GUIDE, goal, [Requirement.parse("base<7")])
    assert explanation is not None
    [hint] = explanation.what_if
    assert hint.holds == (Requirement.parse("base<7"),) and hint.withdrawn == ()
    assert hint.plan.totals == plan(catalog, GUIDE, goal).totals
    assert explanation.action == Action(ActionKind.WITHOUT, what_if=hint)
    assert "Without the hold base<7" in action_text(explanation.action)


def test_reachable_goals_and_available_packages_have_no_explanation() -> None:
    catalog = load_bundled()
    assert explain_goal(catalog, GUIDE, Goal.parse(["bomgar>=25"])) is None
    assert explain_package(catalog, GUIDE, catalog.find("Base Software 3.3.2")) is None


def test_the_json_tree_names_facts_and_conclusions() -> None:
    catalog = load_bundled()
    explanation = explain_package(catalog, GUIDE, catalog.find("Bomgar-12.2.0"))
    assert explanation is not None
    data = explanation_data(explanation)
    assert data["tree"]["conclusion"] == "Bomgar-12.2.0 is greyed out"
    assert {"fact": "requires", "text": "Bomgar-12.2.0 requires base>=3.3.2",
            "requirement": "base>=3.3.2", "packages": ["Bomgar-12.2.0"]} in data["tree"]["because"]
    assert data["action"] == "Install Base Software 3.3.2 first."


# -- typed facts, words in render/ ----------------------------------------------------


def _every_kind_of_fact() -> list[tuple[Fact, str]]:
    catalog = load_bundled()
    b12, base7 = catalog.find("Bomgar-12.2.0"), catalog.find("Base Software 7.0.0")
    need, hold = Requirement.parse("base>=3.3.2"), Requirement.parse("base<7")
    installed = {"family": "base", "version": Version("3.2.4"), "label": "Base Software 3.2.4"}
    b23, old_snow = catalog.find("Bomgar-23.1.0"), catalog.find("ServiceNow integration 2.1.0")
    snow = Conflict(old_snow, old_snow.works_with[0], b23.version, b23.label)
    return [
        (Fact(FactKind.REQUIRES, packages=(b12,), requirements=(need,)),
         "Bomgar-12.2.0 requires base>=3.3.2"),
        (Fact(FactKind.REQUIRES, packages=(b12, base7), requirements=(need,)),
         "Bomgar-12.2.0 and Base Software 7.0.0 require base>=3.3.2"),
        (Fact(FactKind.INSTALLED, **installed), "Base Software 3.2.4 is installed"),  # type: ignore[arg-type]
        (Fact(FactKind.NOT_INSTALLED, family="base"), "no base package is installed"),
        (Fact(FactKind.NO_PACKAGE, family="base", requirements=(Requirement.parse("base>=99"),)),
         "no base package satisfies >=99"),
        (Fact(FactKind.WITHDRAWN, packages=(base7,), reason="recalled"),
         "Base Software 7.0.0 is withdrawn: recalled"),
        (Fact(FactKind.HOLD, packages=(base7,), requirements=(hold,)),
         "the hold base<7 excludes Base Software 7.0.0"),
        (Fact(FactKind.NEVER_DOWN, packages=(catalog.find("Base Software 3.2.4"),),
              family="base", version=Version("3.3.2"), label="Base Software 3.3.2"),
         "versions never go down, and Base Software 3.3.2 is already past Base Software 3.2.4"),
        (Fact(FactKind.NEVER_DOWN, requirements=(Requirement.parse("base<3"),), **installed),  # type: ignore[arg-type]
         "versions never go down, and Base Software 3.2.4 is already past base<3"),
        (Fact(FactKind.NEVER_TOGETHER, packages=(b12,), requirements=(need, hold)),
         "no reachable state has base>=3.3.2 and base<7 while Bomgar-12.2.0 is still newer"
         " than the installed bomgar"),
        (Fact(FactKind.NEVER_TOGETHER, requirements=(need, hold)),
         "each of base>=3.3.2 and base<7 can be reached, but no reachable state has them"
         " together"),
        (Fact(FactKind.BREAKS, packages=(b23,), conflicts=(snow,)),
         "whenever Bomgar-23.1.0 is offered and its requirements are met, installing it would"
         " break what works with the appliance: ServiceNow integration 2.1.0 works only with"
         " bomgar>=15.1,<23"),
        (Fact(FactKind.BROKEN, requirements=(Requirement.parse("bomgar>=23"),),
              conflicts=(snow,)),
         "every reachable state that has bomgar>=23 breaks what works with the appliance:"
         " ServiceNow integration 2.1.0 works only with bomgar>=15.1,<23, not Bomgar-23.1.0"),
        (Fact(FactKind.AFFECTED, advisories=catalog.advisories[:1]),
         "every reachable state is affected by CVE-2024-12356 (bomgar<=24.3.1)"),
        (Fact(FactKind.AFFECTED, requirements=(Requirement.parse("bomgar<25"),),
              advisories=catalog.advisories[:2]),
         "every reachable state that has bomgar<25 is affected by CVE-2024-12356"
         " (bomgar<=24.3.1) and CVE-2026-1731 (bomgar<=25.3.1)"),
        (Fact(FactKind.NO_CONFIGURATION, needs=(
            Need(Requirement.parse("bomgar>=23")),
            Need(old_snow.works_with[0], Candidate("servicenow", old_snow.version, old_snow)))),
         "no versions work together: the goal asks for bomgar>=23; ServiceNow integration"
         " 2.1.0 works only with bomgar>=15.1,<23"),
        (Fact(FactKind.TRADE_OFF, packages=(b12,)),
         "Bomgar-12.2.0 can be reached, but only in states that give up a newer version of a"
         " more important family"),
    ]


def test_every_kind_of_fact_is_written_from_its_fields() -> None:
    cases = _every_kind_of_fact()
    assert {fact.kind for fact, _ in cases} == set(FactKind)
    turkish = words_for("tr")
    for fact, english in cases:
        assert fact_text(fact) == english
        assert fact_text(fact, ENGLISH) == english
        assert fact_text(fact, turkish)  # written (translated when the catalog has it)


def test_a_package_not_offered_says_what_is_installed() -> None:
    """never_down under a not-offered conclusion reads "... is installed"."""
    catalog = load_bundled()
    diagnosis = diagnose(catalog, GUIDE, "Base Software 3.2.4")
    assert diagnosis.status is Status.INSTALLED and diagnosis.status == "installed"
    assert diagnosis.explanation is not None
    assert diagnosis.explanation.tree.kind is ConclusionKind.NOT_OFFERED
    assert diagnosis.explanation.action == Action(ActionKind.NOT_OFFERED)
    [fact] = diagnosis.reasons
    assert isinstance(fact, Fact) and fact.kind is FactKind.NEVER_DOWN
    assert fact_text(fact, parent=diagnosis.explanation.tree) == (
        "versions never go down, and Base Software 3.2.4 is installed")


def test_a_diagnosis_comes_with_its_explanation() -> None:
    """``diagnose`` is one call: status, unlock plan and explanation from one search."""
    catalog = load_bundled()
    diagnosis = diagnose(catalog, GUIDE, "Bomgar-12.2.0")
    assert diagnosis.status is Status.GREYED
    alone = explain_package(catalog, GUIDE, "Bomgar-12.2.0")
    assert alone is not None and diagnosis.explanation is not None
    assert explanation_data(diagnosis.explanation) == explanation_data(alone)
    assert diagnosis.explanation.action == Action(  # type: ignore[union-attr]
        ActionKind.INSTALL_FIRST, (catalog.find("Base Software 3.3.2"),))
    assert diagnosis.reasons == diagnosis.unmet
    assert diagnose(catalog, GUIDE, "Bomgar-12.1.0").explanation is None


def test_the_most_telling_leaf_is_chosen_by_the_library() -> None:
    result = plan(load_bundled(), GUIDE, Goal(), [Requirement.parse("base<7")])
    held = next(s for s in result.skipped if s.package.label == "Base Software 7.0.0")
    assert isinstance(held.summary, Fact) and held.summary.kind is FactKind.HOLD
    assert skipped(result) is result.skipped


def test_explanations_in_turkish_are_written_by_the_same_functions() -> None:
    explanation = explain_goal(load_bundled(), GUIDE, Goal.parse(["bomgar>=25"]), ["base<7"])
    assert explanation is not None
    english = render_explanation(explanation, "text")
    assert render_explanation(explanation, "text", ENGLISH) == english
    assert render_explanation(explanation, "text", words_for("tr")).count("\n") == \
        english.count("\n")


@pytest.mark.parametrize("case", golden.read(golden.CASES_DIR / "explain.toml"),
                         ids=lambda case: case.name)
def test_the_explanation_goldens_are_the_default_output_from_anywhere(
        case: golden.Case, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """tests/cases/explain.toml's commands as docs/explanations.md runs them: from the
    repository root, without --format, the catalog by its path. They print their golden
    text on stdout, nothing on stderr, and end with the case's exit status."""
    monkeypatch.chdir(golden.ROOT)
    catalog = case.catalog_file(golden.ROOT)
    assert catalog.parent == case.expected_file("text").parent
    status = main([*shlex.split(case.data["args"]),
                   "--catalog", str(catalog.relative_to(golden.ROOT))])
    out, err = capsys.readouterr()
    assert (out, err, status) == (
        case.expected_file("text").read_text(encoding="utf-8"), "", case.data.get("exit", 0))


def test_a_held_older_release_that_a_package_needs_is_named_and_lifted() -> None:
    """Site 1.1 needs site>=1.0 while it is still newer: only Site 1.0 would do, and a hold
    excludes it. The tree names the hold (hypothesis found the tree stopping short of
    it), so the what-if hint lifts it."""
    families = [Family(n, label=n.capitalize() + " {version}", install_minutes=15)
                for n in ("addon", "base", "site")]
    need = Requirement.parse
    packages = [
        Package(family="site", version=Version("1.0"), label="Site 1.0", spelling="1.0",
                requires=(need("addon>=1.0"), need("base>=1.0")), install_minutes=15),
        Package(family="site", version=Version("1.1"), label="Site 1.1", spelling="1.1",
                requires=(need("site>=1.0"),), install_minutes=15),
        Package(family="site", version=Version("2.0"), label="Site 2.0", spelling="2.0",
                install_minutes=15)]
    catalog = Catalog.from_entries(families, packages, source="test")
    explanation = explain_goal(catalog, State.parse("addon=1.0,base=1.0"),
                               Goal.parse("site==1.1"), [need("site!=1.0")])
    assert explanation is not None
    assert [str(h) for w in explanation.what_if for h in w.holds] == ["site!=1.0"]
