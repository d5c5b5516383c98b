"""Explanations on the bundled catalog: skipped packages, what-if hints, JSON trees."""

from __future__ import annotations

import json

from bomgar_paths import (
    Goal,
    Requirement,
    State,
    explain_goal,
    explain_package,
    load_bundled,
    plan,
    skipped,
)
from bomgar_paths.cli import main
from bomgar_paths.explain import Action, ActionKind
from bomgar_paths.render.explain import action_text, explanation_data

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
