"""Renderings (render/__init__.py, render/explain.py): text, Markdown and JSON of the answers.

JSON shapes are contracts (DESIGN §2.4): the keys are checked exactly, and every
document starts with an integer ``schema``. Markdown tables escape ``|`` in their
cells; text tables align their columns. The command line's own JSON is checked
through a subprocess in tests/test_cli.py; schedules in tests/test_render_schedule.py.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from golden import CASES_DIR
from packaging.version import Version

from bomgar_paths import (
    Catalog,
    Family,
    InputError,
    Package,
    Requirement,
    State,
    Unreachable,
    diagnose,
    explain_goal,
    offers,
    plan,
)
from bomgar_paths.render import (
    hours,
    minutes,
    render_catalog,
    render_diagnosis,
    render_offers,
    render_plan,
    render_unreachable,
    table,
)
from bomgar_paths.render.explain import explanation_data, render_explanation

START = "site=1.0,base=1.0"
PLAN_KEYS = {"schema", "catalog", "start", "target", "steps", "totals", "goal", "holds", "soak"}
STEP_KEYS = {"package", "family", "version", "soak_hours", "install_minutes", "after"}
TOTAL_KEYS = {"installs", "soak_hours", "install_minutes"}
OFFER_KEYS = {"package", "family", "version", "available", "unmet", "unlock"}
UNMET_KEYS = {"family", "requires", "installed", "message"}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    """Site 2.0 needs Base 2.0; Site 3.0 needs an addon that is not installed and that no
    package provides; a label and a source with ``|`` in them, for Markdown."""
    families = [Family("site", label="Site {version}", soak_hours=24, install_minutes=45,
                       priority=1),
                Family("base", label="Base|Core {version}", install_minutes=30, priority=2),
                Family("addon", label="Addon {version}", priority=3)]

    def package(family: str, version: str, *requires: str, source: str | None = None,
                soak: float = 0) -> Package:
        label = next(f for f in families if f.name == family).label.format(version=version)
        return Package(family=family, version=Version(version), label=label,
                       requires=tuple(Requirement.parse(r) for r in requires),
                       soak_hours=soak, install_minutes=30, source=source, spelling=version)

    return Catalog.from_entries(families, [
        package("base", "2.0", source="notes | release 2"),
        package("site", "2.0", "base>=2", soak=24),
        package("site", "3.0", "addon>=1", soak=24),
    ], source="test")


def document(text: str) -> dict[str, Any]:
    data = json.loads(text)
    assert next(iter(data)) == "schema" and data["schema"] == 1  # first, an integer
    return data  # type: ignore[no-any-return]


# -- JSON: exactly the contract's keys ------------------------------------------------


def test_plan_json_keys(catalog: Catalog) -> None:
    result = plan(catalog, START)
    data = document(render_plan(result, "json"))
    # "skipped" is there exactly when the target leaves something out (issue 4).
    assert set(data) == PLAN_KEYS | ({"skipped"} if result.skipped else set())
    assert set(data["catalog"]) == {"source", "digest"}
    assert [set(s) for s in data["steps"]] == [STEP_KEYS, STEP_KEYS]
    assert set(data["totals"]) == TOTAL_KEYS
    assert data["start"] == {"site": "1.0", "base": "1.0"}
    assert [s["package"] for s in data["steps"]] == ["Base|Core 2.0", "Site 2.0"]
    assert data["steps"][0]["after"] == {"site": "1.0", "base": "2.0"}
    assert data["totals"] == {"installs": 2, "soak_hours": 24, "install_minutes": 60}
    assert (data["goal"], data["holds"], data["soak"]) == ("latest", [], True)


def test_updates_json_keys(catalog: Catalog) -> None:
    state = State.parse(START)
    data = document(render_offers(state, offers(catalog, state), catalog, "json"))
    assert set(data) == {"schema", "state", "packages"}
    assert all(set(p) == OFFER_KEYS for p in data["packages"])
    by_label = {p["package"]: p for p in data["packages"]}
    assert by_label["Base|Core 2.0"]["unlock"] == [] and by_label["Base|Core 2.0"]["available"]
    greyed = by_label["Site 2.0"]
    assert greyed["unlock"] == ["Base|Core 2.0"]
    assert greyed["unmet"] == [{"family": "base", "requires": ">=2", "installed": "1.0",
                                "message": "Base|Core 1.0 does not satisfy Site 2.0's"
                                           " requirement base>=2"}]
    never = by_label["Site 3.0"]
    assert never["unlock"] is None  # nothing can unlock it
    (unmet,) = never["unmet"]
    assert set(unmet) == UNMET_KEYS and unmet["installed"] is None  # addon not installed


def test_unreachable_json_has_an_explanation_instead_of_steps(catalog: Catalog) -> None:
    start, goal = State.parse(START), ["site>=3"]
    with pytest.raises(Unreachable) as caught:
        plan(catalog, start, goal)
    explanation = explain_goal(catalog, start, goal)
    assert explanation is not None
    data = document(render_unreachable(caught.value, catalog, explanation, "json"))
    assert data["reachable"] is False and "steps" not in data
    assert set(data) == {"schema", "catalog", "start", "goal", "holds", "soak", "reachable",
                         "explanation"}
    assert set(data["explanation"]) == {"subject", "tree", "action", "what_if"}
    assert data["explanation"] == explanation_data(explanation)


def test_why_json_and_text(catalog: Catalog) -> None:
    found = diagnose(catalog, START, "Site 2.0")
    data = document(render_diagnosis(found, catalog, "json"))
    assert (data["status"], data["unlock"]) == ("greyed", ["Base|Core 2.0"])
    assert data["explanation"]["action"] == "Install Base|Core 2.0 first."  # diagnose explains
    text = render_diagnosis(found, catalog, "text")
    assert text.startswith("Site 2.0 in base=1.0,site=1.0:")  # families in name order
    assert "Plan that unlocks it:" in text and "Base|Core 2.0" in text
    available = render_diagnosis(diagnose(catalog, "site=1.0,base=2.0", "Site 2.0"), catalog,
                                 "text")
    assert available == "Site 2.0 is available in base=2.0,site=1.0: Install This Update."


def test_catalog_json_keys(catalog: Catalog) -> None:
    data = document(render_catalog(catalog, "json"))
    assert set(data) == {"schema", "catalog", "families", "packages"}
    assert [f["name"] for f in data["families"]] == ["site", "base", "addon"]
    requires = {p["package"]: p["requires"] for p in data["packages"]}
    assert requires == {"Site 2.0": {"base": ">=2"}, "Site 3.0": {"addon": ">=1"},
                        "Base|Core 2.0": {}}


# -- Markdown: tables escape "|" ---------------------------------------------------------


def _cells(row: str) -> list[str]:
    """The cells of a Markdown table row, splitting only on unescaped pipes."""
    assert row.startswith("| ") and row.endswith(" |"), row
    return [c.strip() for c in re.split(r"(?<!\\)\|", row[1:-1])]


@pytest.mark.parametrize("what", ["plan", "updates", "catalog"])
def test_markdown_tables_escape_pipes(catalog: Catalog, what: str) -> None:
    state = State.parse(START)
    text = {"plan": lambda: render_plan(plan(catalog, state), "markdown"),
            "updates": lambda: render_offers(state, offers(catalog, state), catalog,
                                             "markdown"),
            "catalog": lambda: render_catalog(catalog, "markdown")}[what]()
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    assert rows, text
    assert any("Base\\|Core 2.0" in row for row in rows)
    header = len(_cells(rows[0]))
    for row in rows:
        assert len(_cells(row)) == header, row  # no cell split in two by a pipe
    if what == "catalog":
        assert any("notes \\| release 2" in row for row in rows)


def test_table_escapes_only_in_markdown() -> None:
    rows = [["a", "b"], ["x|y", "z"]]
    assert table(rows, markdown=True) == ["| a | b |", "|---|---|", "| x\\|y | z |"]
    assert table(rows) == ["a    b", "x|y  z"]


def test_text_tables_align_their_columns(catalog: Catalog) -> None:
    text = render_plan(plan(catalog, START), "text")
    rows = [line for line in text.splitlines() if re.match(r"^(#|\d+)\s", line)]
    assert len(rows) == 3  # the header and two steps
    starts = {line.index(word) for line, word in zip(rows, ["Install", "Base|Core 2.0",
                                                           "Site 2.0"], strict=True)}
    assert len(starts) == 1


# -- words for numbers -----------------------------------------------------------------------


@pytest.mark.parametrize(("value", "text"), [
    (0, "0 h"), (1.5, "1.5 h"), (24, "24 h"), (36, "36 h"), (48, "48 h (2 days)"),
    (360, "360 h (15 days)"), (50, "50 h"),
])
def test_hours(value: float, text: str) -> None:
    assert hours(value) == text


@pytest.mark.parametrize(("value", "text"), [
    (7.5, "7.5 min"), (45, "45 min"), (60, "1 h"), (120, "2 h"), (945, "15 h 45 min"),
])
def test_minutes(value: float, text: str) -> None:
    assert minutes(value) == text


# -- explanations: the same tree in three formats -------------------------------------------


def test_an_explanation_in_text_markdown_and_json(catalog: Catalog) -> None:
    explanation = explain_goal(catalog, START, ["site>=3"])
    assert explanation is not None
    text = render_explanation(explanation, "text")
    markdown = render_explanation(explanation, "markdown")
    data = document(render_explanation(explanation, "json"))
    lines = text.splitlines()
    assert lines[0].endswith(", because:") and lines[0][0].isupper()
    assert lines[-1].startswith("What to do: ")
    assert markdown.splitlines()[0] == f"**{lines[0]}**"
    assert markdown.splitlines()[-1].startswith("**What to do:** ")
    assert lines[-1].removeprefix("What to do: ") == data["action"]

    def texts(node: dict[str, Any]) -> list[str]:
        own = node.get("text") or node.get("conclusion")
        return [own, *(t for cause in node.get("because", []) for t in texts(cause))]

    # Every node of the JSON tree is a line of the text, in the same order.
    told = [t[:1].upper() + t[1:] for t in texts(data["tree"])]
    body = [line.lstrip(" -").removesuffix(", because:") for line in lines[: len(told)]]
    assert body == told


# -- render(): one door for every answer ---------------------------------------------


def test_render_writes_every_answer_as_the_command_line_does(catalog: Catalog) -> None:
    from bomgar_paths import check_report, updates_page  # noqa: PLC0415
    from bomgar_paths.render import render  # noqa: PLC0415

    result = plan(catalog, START)
    assert render(result, "text", "en") == render_plan(result, "text")
    page = updates_page(catalog, START)
    assert render(page, "json") == render_offers(page.state, page.offers, catalog, "json")
    found = diagnose(catalog, START, "Site 2.0")
    assert render(found, "markdown", "en") == render_diagnosis(found, catalog, "markdown")
    assert render(catalog, "json") == render_catalog(catalog, "json")
    report = check_report(CASES_DIR / "schedule" / "catalog.toml")
    assert render(report, "text", "en").endswith(": OK")
    with pytest.raises(Unreachable) as caught:
        plan(catalog, START, "site>=9")
    assert render(caught.value, "text", "en") == render_unreachable(
        caught.value, catalog, None, "text")
    explanation = caught.value.explanation
    assert render(explanation, "text", "en") == render_explanation(explanation, "text")
    # Turkish is the same answer in other words; JSON is the same in every language.
    assert render(result, "text", "tr") != render(result, "text", "en")
    assert render(result, "json", "tr") == render(result, "json", "en")


@pytest.mark.parametrize("answer", [None, 5, "plan", START])
def test_render_refuses_what_is_not_an_answer(answer: object) -> None:
    from bomgar_paths.render import render  # noqa: PLC0415

    with pytest.raises(TypeError, match="answers of bomgar_paths"):
        render(answer)


def test_render_refuses_a_format_the_answer_has_not(catalog: Catalog) -> None:
    from bomgar_paths.render import render  # noqa: PLC0415

    with pytest.raises(ValueError, match="format 'ics'"):
        render(plan(catalog, START), "ics")
    with pytest.raises(InputError, match="language 'de'"):
        render(plan(catalog, START), "text", "de")
