"""Golden cases: small catalogs with hand-computed answers, and command outputs, kept as
data in ``tests/cases/``.

The format and its loader are ``tests/golden.py`` (one format for plans and for
command outputs). Plan expectations were worked out by hand from DESIGN §2.3 and
the tie-break rule in ``bomgar_paths/planner.py``; a comment above each case says
how. Each plan case is also checked against the exhaustive oracle
(``tests/oracle.py``), so a wrong hand computation and a wrong planner cannot hide
behind each other. Command cases compare ``python -m bomgar_paths`` output with
golden files reviewed by eye (``UPDATE_GOLDEN=1`` rewrites them): the schedules, the
Turkish outputs and the explanations (``tests/cases/explain.toml``).
"""

from __future__ import annotations

from pathlib import Path

import golden
import icalendar
import oracle
import pytest
from golden import CASES_DIR, Case

from bomgar_paths.model import State
from bomgar_paths.planner import Unreachable, plan
from bomgar_paths.render.explain import render_explanation

PLANS = golden.params("plan")
COMMANDS = golden.params("command")


def test_there_are_cases_for_every_topic_of_issue_3() -> None:
    """The golden set covers the guide, a greedy trap, an upper bound, withdrawn, holds..."""
    stems = {path.stem for path in CASES_DIR.glob("*.toml")}
    assert {"guide_example", "greedy_trap", "upper_bound", "withdrawn", "hold", "no_soak",
            "unlisted_versions", "family_not_installed"} <= stems


@pytest.mark.parametrize("case", PLANS)
def test_planner_gives_the_expected_answer(case: Case, tmp_path: Path) -> None:
    catalog = case.catalog(tmp_path)
    start, goal, holds, soak = case.question()
    expected = case.data
    if expected.get("unreachable", False):
        with pytest.raises(Unreachable) as caught:
            plan(catalog, start, goal, holds, soak=soak)
        reasons = render_explanation(caught.value.explanation, "text")
        for fragment in expected.get("reasons_contain", []):
            assert fragment in reasons
        return
    result = plan(catalog, start, goal, holds, soak=soak)
    assert [step.package.label for step in result.steps] == expected["plan"]
    assert result.target == State.parse(expected["target"])
    # Each step's "after" state is the previous one with the package's version.
    state = start
    for step in result.steps:
        state = state.with_version(step.package.family, step.package.version)
        assert step.after == state
    assert state == result.target
    if "totals" in expected:
        totals = result.totals
        assert {"installs": totals.installs, "soak_hours": totals.soak_hours,
                "install_minutes": totals.install_minutes} == expected["totals"]
    if not soak:
        assert all(step.soak_hours == 0 for step in result.steps)


@pytest.mark.parametrize("case", PLANS)
def test_the_oracle_agrees_with_the_hand_computation(case: Case, tmp_path: Path) -> None:
    """The exhaustive search of tests/oracle.py reaches the same answer as the case file."""
    catalog = case.catalog(tmp_path)
    start, goal, holds, soak = case.question()
    found = oracle.best_plan(catalog, start, goal, holds, soak)
    if case.data.get("unreachable", False):
        assert found is None
        return
    assert found is not None
    target, packages = found
    assert target == State.parse(case.data["target"])
    assert [p.label for p in packages] == case.data["plan"]


def test_case_files_without_cases_are_rejected(tmp_path: Path) -> None:
    """The splitter itself fails loudly on a file with no [[case]] table."""
    path = tmp_path / "empty.toml"
    path.write_text('[family.site]\nlabel = "Site {version}"\n', encoding="utf-8")
    with pytest.raises(AssertionError, match="no \\[\\[case\\]\\] table"):
        golden.read(path)


def test_no_soak_changes_the_plan(tmp_path: Path) -> None:
    """The same question with and without --no-soak has different plans (issue 3)."""
    soak_case, no_soak_case = golden.read(CASES_DIR / "no_soak.toml")[:2]
    catalog = soak_case.catalog(tmp_path)
    assert soak_case.data["from"] == no_soak_case.data["from"]
    start = State.parse(soak_case.data["from"])
    with_soak = plan(catalog, start, soak=True)
    without = plan(catalog, start, soak=False)
    assert with_soak.packages != without.packages
    assert with_soak.totals.installs > without.totals.installs
    assert with_soak.totals.soak_hours > 0
    assert without.totals.soak_hours == 0


@pytest.mark.parametrize(("case", "fmt"), COMMANDS)
def test_command_prints_its_golden_output(case: Case, fmt: str, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Each command case's output, per format, is its golden file byte for byte."""
    actual, status = case.run(fmt, tmp_path, monkeypatch)
    assert status == case.data.get("exit", 0)
    case.check_output(fmt, actual)
    if fmt == "ics":
        assert icalendar.Calendar.from_ical(actual).walk("VEVENT")


def test_every_golden_file_belongs_to_a_case() -> None:
    """No orphan: each expected.* under a case file's folder is some case's output, and
    each folder there is some case's (a case's folder may hold its own catalog too)."""
    commands = [c for c in golden.all_cases() if c.kind == "command"]
    claimed = {c.expected_file(fmt) for c in commands for fmt in c.formats}
    stems = {p.stem for p in CASES_DIR.glob("*.toml")}
    found = {p for stem in stems for p in (CASES_DIR / stem).glob("*/expected.*")}
    assert found == claimed
    folders = {p for stem in stems for p in (CASES_DIR / stem).glob("*/") if p.is_dir()}
    assert folders == {c.expected_file("text").parent for c in commands}
    assert len(COMMANDS) >= 9


@pytest.mark.parametrize(("text", "message"), [
    ('[family.site]\nlabel = "S {version}"\n[[case]]\nname = "x"\nfrom = ""\nplan = []\n'
     'target = ""\nfrm = "a=1"\n', r"unknown case keys \['frm'\]"),
    ('[[case]]\nname = "x"\nfrom = ""\n', "give either plan/target or unreachable"),
    ('catalog = "c.toml"\n[family.site]\nlabel = "S"\n[[case]]\nname = "x"\nargs = "plan"\n',
     "a catalog by reference is"),
    ('catalog = "c.toml"\n[[case]]\nname = "x"\nargs = "plan"\nformats = ["pdf"]\n',
     "unknown format 'pdf'"),
    ('catalog = "c.toml"\n[[case]]\nname = "x"\nargs = "plan"\n[family.site]\nlabel = "S"\n',
     r"only \[\[case\]\] tables may follow"),
])
def test_the_loader_rejects_what_the_format_does_not_know(text: str, message: str,
                                                          tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AssertionError, match=message):
        golden.read(path)


def test_a_catalog_by_reference_is_loaded_from_beside_the_case_file(tmp_path: Path) -> None:
    (tmp_path / "shared.toml").write_text(
        '[family.site]\nlabel = "Site {version}"\n[[package]]\nfamily = "site"\n'
        'version = "2"\n', encoding="utf-8")
    path = tmp_path / "topic.toml"
    path.write_text('catalog = "shared.toml"\n[[case]]\nname = "up"\nfrom = "site=1"\n'
                    'target = "site=2"\nplan = ["Site 2"]\n', encoding="utf-8")
    (case,) = golden.read(path)
    assert case.kind == "plan" and case.id == "topic/up"
    assert case.catalog_file(tmp_path / "unused") == tmp_path / "shared.toml"
    start, goal, holds, soak = case.question()
    result = plan(case.catalog(tmp_path), start, goal, holds, soak=soak)
    assert [s.package.label for s in result.steps] == case.data["plan"]


def test_the_format_as_docs_testing_md_shows_it(tmp_path: Path) -> None:
    """The example of docs/testing.md reads, and its plan question has that answer."""
    page = (Path(__file__).parent.parent / "docs" / "testing.md").read_text(encoding="utf-8")
    section = page[page.index("### The golden-case format"):]
    example = section[section.index("```toml\n") + 8: section.index("```\n", 8)]
    path = tmp_path / "example.toml"
    path.write_text(example, encoding="utf-8")
    question, command = golden.read(path)
    assert (question.kind, command.kind) == ("plan", "command")
    assert command.formats == ["text", "json"]
    assert command.expected_file("json") == tmp_path / "example" / "plan-json" / "expected.json"
    start, goal, holds, soak = question.question()
    result = plan(question.catalog(tmp_path), start, goal, holds, soak=soak)
    assert [s.package.label for s in result.steps] == question.data["plan"]
    assert {"installs": result.totals.installs, "soak_hours": result.totals.soak_hours,
            "install_minutes": result.totals.install_minutes} == question.data["totals"]
