"""Golden cases: small catalogs with hand-computed plans, kept as data in ``tests/cases/``.

Format of ``tests/cases/NAME.toml``:

* Everything **before the first ``[[case]]`` line** is an ordinary catalog
  (DESIGN §2.1: ``[family.NAME]`` tables and ``[[package]]`` entries). The test
  copies that part to a temporary ``.toml`` file and loads it with
  ``bomgar_paths.catalog.load``, so every case catalog goes through the real loader
  (which would reject the unknown top-level key ``case``).
* After it come one or more ``[[case]]`` tables, each one question and its answer:

  ==================  ==========================================================
  ``name``            short name, used in the pytest id
  ``from``            start state, ``FAMILY=VERSION,...`` (``""``: nothing installed)
  ``to``              list of goal requirements (``--to``); absent or ``[]``: latest
  ``hold``            list of holds (``--hold``); default ``[]``
  ``no_soak``         ``true`` for ``--no-soak``; default ``false``
  ``target``          expected target state
  ``plan``            expected package labels, in install order
  ``totals``          optional ``{ installs, soak_hours, install_minutes }``
  ``unreachable``     ``true`` when the goal cannot be reached (no target, no plan)
  ``reasons_contain`` optional substrings that the unreachable explanation must contain
  ==================  ==========================================================

The expectations were worked out by hand from DESIGN §2.3 and the tie-break rule
in ``bomgar_paths/planner.py``; a comment above each case in the file says how.
Each case is also checked against the exhaustive oracle (``tests/oracle.py``), so a
wrong hand computation and a wrong planner cannot hide behind each other.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import oracle
import pytest

from bomgar_paths.catalog import Catalog, load
from bomgar_paths.model import Goal, Requirement, State
from bomgar_paths.planner import Unreachable, plan
from bomgar_paths.render.explain import render_explanation

CASES_DIR = Path(__file__).parent / "cases"
CASE_KEYS = {"name", "from", "to", "hold", "no_soak", "target", "plan", "totals",
             "unreachable", "reasons_contain"}
_FIRST_CASE = re.compile(r"^\[\[\s*case\s*\]\]", re.M)


def _split(path: Path) -> tuple[str, list[dict[str, Any]]]:
    """The catalog text of a case file and its ``[[case]]`` tables."""
    text = path.read_text(encoding="utf-8")
    match = _FIRST_CASE.search(text)
    assert match, f"{path.name}: no [[case]] table"
    catalog_text, cases_text = text[: match.start()], text[match.start() :]
    cases = tomllib.loads(cases_text)
    assert set(cases) == {"case"}, f"{path.name}: only [[case]] tables may follow the first one"
    for case in cases["case"]:
        unknown = set(case) - CASE_KEYS
        assert not unknown, f"{path.name}: unknown case keys {sorted(unknown)}"
        assert case.get("unreachable", False) != ("plan" in case), (
            f"{path.name}: {case.get('name')}: give either plan/target or unreachable = true"
        )
    return catalog_text, cases["case"]


def _collect() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("*.toml")):
        _, cases = _split(path)
        for index, case in enumerate(cases):
            name = case.get("name", str(index))
            params.append(pytest.param(path, index, id=f"{path.stem}/{name}"))
    return params


CASES = _collect()


def _load_case(path: Path, index: int, tmp_path: Path) -> tuple[Catalog, dict[str, Any]]:
    catalog_text, cases = _split(path)
    catalog_file = tmp_path / path.name
    catalog_file.write_text(catalog_text, encoding="utf-8")
    return load(catalog_file), cases[index]


def _question(case: dict[str, Any]) -> tuple[State, Goal, list[Requirement], bool]:
    start = State.parse(case["from"])
    goal = Goal.parse(case.get("to", []))
    holds = [Requirement.parse(h) for h in case.get("hold", [])]
    return start, goal, holds, not case.get("no_soak", False)


def test_there_are_cases_for_every_topic_of_issue_3() -> None:
    """The golden set covers the guide, a greedy trap, an upper bound, withdrawn, holds..."""
    stems = {path.stem for path in CASES_DIR.glob("*.toml")}
    assert {"guide_example", "greedy_trap", "upper_bound", "withdrawn", "hold", "no_soak",
            "unlisted_versions", "family_not_installed"} <= stems


@pytest.mark.parametrize(("path", "index"), CASES)
def test_planner_gives_the_expected_answer(path: Path, index: int, tmp_path: Path) -> None:
    catalog, case = _load_case(path, index, tmp_path)
    start, goal, holds, soak = _question(case)
    if case.get("unreachable", False):
        with pytest.raises(Unreachable) as caught:
            plan(catalog, start, goal, holds, soak=soak)
        reasons = render_explanation(caught.value.explanation, "text")
        for fragment in case.get("reasons_contain", []):
            assert fragment in reasons
        return
    result = plan(catalog, start, goal, holds, soak=soak)
    assert [step.package.label for step in result.steps] == case["plan"]
    assert result.target == State.parse(case["target"])
    # Each step's "after" state is the previous one with the package's version.
    state = start
    for step in result.steps:
        state = state.with_version(step.package.family, step.package.version)
        assert step.after == state
    assert state == result.target
    if "totals" in case:
        totals = result.totals
        assert {"installs": totals.installs, "soak_hours": totals.soak_hours,
                "install_minutes": totals.install_minutes} == case["totals"]
    if not soak:
        assert all(step.soak_hours == 0 for step in result.steps)


@pytest.mark.parametrize(("path", "index"), CASES)
def test_the_oracle_agrees_with_the_hand_computation(
    path: Path, index: int, tmp_path: Path
) -> None:
    """The exhaustive search of tests/oracle.py reaches the same answer as the case file."""
    catalog, case = _load_case(path, index, tmp_path)
    start, goal, holds, soak = _question(case)
    expected = oracle.best_plan(catalog, start, goal, holds, soak)
    if case.get("unreachable", False):
        assert expected is None
        return
    assert expected is not None
    target, packages = expected
    assert target == State.parse(case["target"])
    assert [p.label for p in packages] == case["plan"]


def test_case_files_without_cases_are_rejected(tmp_path: Path) -> None:
    """The splitter itself fails loudly on a file with no [[case]] table."""
    path = tmp_path / "empty.toml"
    path.write_text('[family.site]\nlabel = "Site {version}"\n', encoding="utf-8")
    with pytest.raises(AssertionError, match="no \\[\\[case\\]\\] table"):
        _split(path)


def test_no_soak_changes_the_plan(tmp_path: Path) -> None:
    """The same question with and without --no-soak has different plans (issue 3)."""
    path = CASES_DIR / "no_soak.toml"
    catalog, soak_case = _load_case(path, 0, tmp_path)
    _, no_soak_case = _load_case(path, 1, tmp_path)
    assert soak_case["from"] == no_soak_case["from"]
    start = State.parse(soak_case["from"])
    with_soak = plan(catalog, start, soak=True)
    without = plan(catalog, start, soak=False)
    assert with_soak.packages != without.packages
    assert with_soak.totals.installs > without.totals.installs
    assert with_soak.totals.soak_hours > 0
    assert without.totals.soak_hours == 0
