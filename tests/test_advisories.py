"""Security advisories (issue 12): the catalog's [[advisory]] entries read and refused
line by line, the goal unaffected, --patched, and releases past their support."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from packaging.version import Version

from bomgar_paths.advisories import exposures, support_ends
from bomgar_paths.catalog import Catalog, check, load, load_bundled
from bomgar_paths.errors import InputError
from bomgar_paths.model import Family, Goal, Package, State
from bomgar_paths.planner import plan
from bomgar_paths.render import render

FAMILIES = """
[family.bomgar]
label = "Bomgar-{version}"
soak_hours = 24

[[package]]
family = "bomgar"
version = "1.0"
"""


@pytest.mark.parametrize(("entry", "message"), [
    ('[[advisory]]\ntitle = "t"\naffects = { bomgar = "<2" }\n',
     "catalog.toml:10: advisory #1: missing 'id'"),
    ('[[advisory]]\nid = "A"\naffects = { bomgar = "<2" }\n',
     "catalog.toml:10: advisory A: missing 'title'"),
    ('[[advisory]]\nid = "A"\ntitle = "t"\n', "catalog.toml:10: advisory A: missing 'affects'"),
    ('[[advisory]]\nid = "A"\ntitle = "t"\naffects = {}\n',
     "catalog.toml:10: advisory A: affects names no family"),
    ('[[advisory]]\nid = "A"\ntitle = "t"\naffects = { nosuch = "<2" }\n',
     "advisory names undeclared family 'nosuch'"),
    ('[[advisory]]\nid = "A"\ntitle = "t"\naffects = { bomgar = "=>2" }\n',
     "catalog.toml:10: advisory A: affects.bomgar: '=>2' is not a PEP 440 specifier set"),
    ('[[advisory]]\nid = "A"\ntitle = "t"\naffects = { bomgar = "<2" }\npatches = ["P"]\n',
     "catalog.toml:10: advisory A: patches must be an array of tables"),
    ('[[advisory]]\nid = "A"\ntitle = "t"\naffects = { bomgar = "<2" }\nexploited = "yes"\n',
     "catalog.toml:10: advisory A: exploited must be true or false, not 'yes'"),
    ('[[advisory]]\nid = "A"\ntitle = "t"\naffects = { bomgar = "<2" }\ncve = 1\n',
     "catalog.toml:14: advisory A: unknown key 'cve'"),
    ('[[advisory]]\nid = "A"\ntitle = "t"\naffects = { bomgar = "<2" }\n'
     '[[advisory]]\nid = "A"\ntitle = "u"\naffects = { bomgar = "<2" }\n',
     "catalog.toml:14: advisory A: advisory A is already listed (catalog.toml:10)"),
])
def test_a_bad_advisory_is_one_line_naming_where(tmp_path: Path, entry: str,
                                                 message: str) -> None:
    (tmp_path / "catalog.toml").write_text(FAMILIES + "\n" + entry, encoding="utf-8")
    problems = check(tmp_path)
    assert problems, entry
    lines = [str(p).replace(str(tmp_path) + "/", "") for p in problems]
    assert any(message in line for line in lines), lines
    assert all("\n" not in line for line in lines)


def test_advisories_that_are_not_tables_are_refused(tmp_path: Path) -> None:
    (tmp_path / "catalog.toml").write_text("advisory = 3\n" + FAMILIES, encoding="utf-8")
    assert [str(p).replace(str(tmp_path) + "/", "") for p in check(tmp_path)] == [
        "catalog.toml:1: advisory must be an array of tables: write each as [[advisory]]"]


def test_advisories_load_with_their_patches(tmp_path: Path) -> None:
    (tmp_path / "catalog.toml").write_text(FAMILIES + """
[[advisory]]
id = "A"
title = "t"
affects = { bomgar = "<2" }
patches = [{ id = "P", applies_to = { bomgar = ">=1" } }, { id = "Q" }]
exploited = true
""", encoding="utf-8")
    catalog = load(tmp_path)
    [advisory] = catalog.advisories
    assert (advisory.id, advisory.exploited, [p.id for p in advisory.patches]) == (
        "A", True, ["P", "Q"])
    state = State.parse("bomgar=1.0")
    [exposure] = exposures(catalog, state)
    assert [p.id for p in exposure.applicable] == ["P"]
    assert [p.id for p in exposure.unknown] == ["Q"]
    assert exposures(catalog, state, ["P"]) == ()  # patched where it stands
    assert exposures(catalog, State.parse("bomgar=2.0")) == ()


def test_a_patch_covers_the_version_it_was_applied_to_only() -> None:
    catalog = load_bundled()
    start = State.parse("base=6.0.1,bomgar=22.3.0")
    assert [e.advisory.id for e in exposures(catalog, start, ["BT24-10-ONPREM1"])] == [
        "CVE-2026-1731"]
    later = State.parse("base=6.0.1,bomgar=22.3.0").with_version("bomgar", Version("23.1.0"))
    assert "CVE-2024-12356" in [e.advisory.id
                                for e in exposures(catalog, later, ["BT24-10-ONPREM1"], start)]


def test_the_goal_unaffected_reads_and_writes_alike() -> None:
    goal = Goal.parse(["bomgar>=22", "unaffected", "nearest", "patched=BT26-02"])
    assert (goal.unaffected, goal.nearest, goal.patched) == (True, True, ("BT26-02",))
    assert Goal.parse(str(goal).split(" ")) == goal
    assert str(Goal.parse(["unaffected"])) == "unaffected"
    assert Goal.parse(["unaffected", "nearest"]).nearest  # unaffected is a goal of its own
    with pytest.raises(InputError, match="latest"):
        Goal.parse(["latest", "unaffected"])


def test_an_unknown_patch_is_refused_naming_the_known_ones() -> None:
    with pytest.raises(InputError, match="known: BT24-10-ONPREM1, BT24-10-ONPREM2, BT26-02"):
        plan(load_bundled(), "base=6.0.1,bomgar=22.3.0", ["unaffected", "patched=BT24"])


def test_a_target_past_its_support_is_named() -> None:
    site = Family("bomgar", "Bomgar-{version}", soak_hours=24, priority=1)
    packages = [Package("bomgar", Version(v), f"Bomgar-{v}", released=released,
                        spelling=v) for v, released in
                (("1.0", date(2020, 1, 1)), ("2.0", date(2024, 2, 29)))]
    catalog = Catalog.from_entries([site], packages)
    assert support_ends(packages[1]) == date(2026, 2, 28)
    result = plan(catalog, "bomgar=1.0")
    text = render(result, "text", "en", today=date(2026, 12, 2))
    assert "Bomgar-2.0 (released 2024-02-29) is past its support" in text
    assert "past its support" not in render(result, "text", "en", today=date(2025, 1, 1))
    assert "past its support" not in render(result, "text", "en")  # no today, nothing said


def test_the_command_line_says_which_advisories_affect_the_start() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bomgar_paths", "updates", "--from", "base=6.0.1,bomgar=22.3.0",
         "--patched", "BT24-10-ONPREM1"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "Security advisories affecting base=6.0.1,bomgar=22.3.0:" in result.stdout
    assert "CVE-2026-1731" in result.stdout and "CVE-2024-12356" not in result.stdout


def test_a_patch_that_cannot_be_on_the_installed_version_is_refused() -> None:
    with pytest.raises(InputError, match=r"not to the installed Bomgar-21\.1\.0: it cannot have"):
        plan(load_bundled(), "base=7.0.0,bomgar=21.1.0",
             ["unaffected", "nearest", "patched=BT24-10-ONPREM1"])


def test_a_patch_listed_twice_in_one_advisory_is_refused(tmp_path: Path) -> None:
    (tmp_path / "catalog.toml").write_text(FAMILIES + """
[[advisory]]
id = "A"
title = "t"
affects = { bomgar = "<2" }
patches = [{ id = "P" }, { id = "P" }]
""", encoding="utf-8")
    assert any("patch 'P' is listed twice in this advisory" in str(p) for p in check(tmp_path))


def test_a_patch_for_another_family_offers_no_way_but_the_plan_answers(tmp_path: Path) -> None:
    (tmp_path / "catalog.toml").write_text(FAMILIES + """
[family.base]
label = "Base {version}"

[[package]]
family = "bomgar"
version = "2.0"

[[package]]
family = "base"
version = "1.0"

[[advisory]]
id = "A"
title = "t"
affects = { bomgar = "<2" }
patches = [{ id = "P", applies_to = { base = ">=1" } }]
""", encoding="utf-8")
    result = plan(load(tmp_path), "base=1.0,bomgar=1.0", ["unaffected"])
    assert str(result.target) == "base=1.0,bomgar=2.0"
    assert result.patch_ways == ()


def test_a_fleet_row_with_an_unknown_patch_is_a_bad_row(tmp_path: Path) -> None:
    inventory = tmp_path / "fleet.csv"
    inventory.write_text('name,state,goal,patched\na,"base=3.2.4,bomgar=11.1.2",unaffected,'
                         'BOGUS\nb,"base=3.2.4,bomgar=11.1.2",,\n', encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "bomgar_paths", "fleet", "plan",
                             str(inventory)], capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert "row 1: patched: invalid patched 'BOGUS'" in result.stderr
    assert "1 rows planned" in result.stdout


def test_patches_of_one_range_are_one_way_out() -> None:
    text = render(plan(load_bundled(), "base=6.0.1,bomgar=21.3.0", ["unaffected", "nearest"]),
                  "text", "en")
    assert text.count("BT24-10-ONPREM1 or BT24-10-ONPREM2 applies to") == 1
    assert "CVE-2026-1731 still affects that state" in text


def test_unaffected_on_a_catalog_without_advisories_is_refused() -> None:
    catalog = Catalog.from_entries([Family("bomgar", "Bomgar-{version}")],
                                   [Package("bomgar", Version("1.0"), "Bomgar-1.0")])
    with pytest.raises(InputError, match="lists no security advisories"):
        plan(catalog, "bomgar=1.0", ["unaffected"])
