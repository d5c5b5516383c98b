"""The search's one door (``bomgar_paths._search``): questions in the model's terms.

The encoding behind it (index tuples, bit masks) is ``tests/test_graph.py``'s
business; these examples pin what the planner, the Updates page and the
explanations ask of it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from packaging.version import Version

from bomgar_paths._search import Search, search
from bomgar_paths.catalog import Catalog
from bomgar_paths.errors import WorkLimit
from bomgar_paths.model import Family, Goal, Package, Requirement, State
from bomgar_paths.planner import Step

FAMILIES = [Family("site", "Site {version}", soak_hours=24, priority=1),
            Family("base", "Base {version}", priority=2),
            Family("addon", "Addon {version}", priority=3)]


def package(family: str, version: str, *requires: str, withdrawn: str | None = None) -> Package:
    return Package(family, Version(version), f"{family.title()} {version}",
                   tuple(Requirement.parse(r) for r in requires),
                   soak_hours=24 if family == "site" else 0, withdrawn=withdrawn)


# Site 2.0 needs Base 2.0; Site 3.0 needs a Base 3.0 that is withdrawn.
CATALOG = Catalog.from_entries(FAMILIES, [
    package("site", "1.0"), package("site", "2.0", "base>=2"), package("site", "3.0", "base>=3"),
    package("base", "1.0"), package("base", "2.0"), package("base", "3.0", withdrawn="pulled"),
    package("addon", "1.0"),
])
START = State.parse("site=1.0,base=1.0")


def found(**kwargs: object) -> Search:
    return search(CATALOG, START, families=["site", "base"], **kwargs)  # type: ignore[arg-type]


def test_the_reachable_states_are_states() -> None:
    assert set(found().states()) == {START, State.parse("site=1.0,base=2.0"),
                                     State.parse("site=2.0,base=2.0")}
    assert len(found()) == 3


def test_reached_versions_per_family() -> None:
    """A family left out of the search stays at its start version."""
    assert found().reached("site") == (Version("1.0"), Version("2.0"))
    assert found().reached("addon") == (None,)


def test_whether_a_requirement_can_ever_hold() -> None:
    assert found().ever(Requirement.parse("site>=2"))
    assert not found().ever(Requirement.parse("site>=3"))
    assert not found().ever(Requirement.parse("base>=3"))  # only a withdrawn package has it
    # A family that is not installed meets no requirement, and the search leaves it so.
    assert not found().ever(Requirement.parse("addon<1"))


def test_the_target_of_a_goal() -> None:
    """The greatest versions of the goal's families, then the cheapest state."""
    assert found().target(Goal()) == State.parse("site=2.0,base=2.0")
    # Families the goal does not name may end anywhere: the cheapest state wins.
    assert found().target(Goal.parse(["base>=2"])) == State.parse("site=1.0,base=2.0")
    assert found().target(Goal.parse(["site==1.0"])) == START  # cheapest: base stays
    assert found().target(Goal.parse(["site>=3"])) is None


def test_a_hold_and_no_soak_are_the_searchs_own() -> None:
    held = found(holds=(Requirement.parse("base<2"),))
    assert held.target(Goal()) == START
    assert held.holds == (Requirement.parse("base<2"),)
    assert found(soak=False).path(State.parse("site=2.0,base=2.0"), Step)[1].soak_hours == 0


def test_the_cheapest_state_where_a_package_is_available() -> None:
    site2 = CATALOG.find("Site 2.0")
    assert found().enabling(site2) == State.parse("site=1.0,base=2.0")
    assert found().enabling(CATALOG.find("Site 3.0")) is None
    assert found().enabling(CATALOG.find("Base 3.0")) is None  # withdrawn: never planned


def test_the_path_to_a_state() -> None:
    """Steps are made by the caller's function; the step into a state is made once."""
    made: list[str] = []

    def step(package: Package, after: State, soak: float, minutes: float) -> str:
        made.append(package.label)
        return f"{package.label} -> {after} ({soak} h, {minutes} min)"

    search_ = found()
    end = State.parse("site=2.0,base=2.0")
    assert search_.path(end, step) == (f"Base 2.0 -> {State.parse('site=1.0,base=2.0')}"
                                       " (0 h, 30 min)", f"Site 2.0 -> {end} (24 h, 30 min)")
    assert search_.path(end, step) == search_.path(end, step)
    assert made == ["Base 2.0", "Site 2.0"]
    assert search_.path(START, step) == ()


def test_a_state_it_did_not_reach_has_no_path() -> None:
    with pytest.raises(ValueError, match="not reachable"):
        found().path(State.parse("site=3.0,base=2.0"), Step)


def test_the_state_limit() -> None:
    with pytest.raises(WorkLimit):
        found(max_states=2)
    assert len(found(max_states=3)) == 3


def test_nothing_outside_the_search_reads_its_encoding() -> None:
    """Only ``_search`` imports ``_search._graph``; the others go through the door."""
    package = Path(__file__).resolve().parent.parent / "bomgar_paths"
    for path in package.rglob("*.py"):
        if "_search" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert "_graph" not in node.module, path
                if node.module.endswith("_search"):
                    assert {a.name for a in node.names} <= {"Search", "Searcher", "search",
                                                            "search_towards",
                                                            "exact", "number"}, path
