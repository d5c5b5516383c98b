"""The planner's contract, example by example (DESIGN §2.3).

The properties in ``tests/property/`` hold the plans against the oracle; these
examples pin what the oracle does not look at: totals, what a plan leaves out,
what ``Unreachable`` carries, which families a search sets aside, the state
limit, the step cache of ``plan_to`` and how many searches a question costs.
"""

from __future__ import annotations

import re

import pytest
from packaging.version import Version

from bomgar_paths import errors, planner
from bomgar_paths._search import search
from bomgar_paths.catalog import Catalog, load_bundled
from bomgar_paths.errors import InputError, WorkLimit
from bomgar_paths.explain import FactKind
from bomgar_paths.model import Family, Goal, Package, Requirement, State
from bomgar_paths.planner import (
    MAX_STATES,
    Totals,
    Unreachable,
    check_families,
    plan,
    plan_to,
    relevant_families,
)
from bomgar_paths.render.explain import fact_text

FAMILIES = [
    Family("site", "Site {version}", soak_hours=24, install_minutes=45, priority=1),
    Family("base", "Base {version}", install_minutes=30, priority=2),
    Family("addon", "Addon {version}", install_minutes=15, priority=3),
]


def package(family: str, version: str, *requires: str, soak: float = 0, minutes: float = 30,
            withdrawn: str | None = None) -> Package:
    return Package(family, Version(version), f"{family.title()} {version}",
                   tuple(Requirement.parse(r) for r in requires),
                   soak_hours=soak, install_minutes=minutes, withdrawn=withdrawn)


def catalog(*packages: Package) -> Catalog:
    return Catalog.from_entries(FAMILIES, packages)


def labels(packages: tuple[Package, ...]) -> list[str]:
    return [p.label for p in packages]


# Site 2.0 needs Base 2.0; Base 3.0 needs a Site 3.0 that is withdrawn; an addon that no
# installed family needs.
ZIGZAG = catalog(
    package("site", "1.0"),
    package("site", "2.0", "base>=2", soak=1.5, minutes=7.5),
    package("site", "3.0", withdrawn="recalled"),
    package("base", "1.0"),
    package("base", "2.0", soak=0.5, minutes=22.5),
    package("base", "3.0", "site>=3"),
    package("base", "4.0", "site>=3"),
    package("addon", "1.0", "site>=1"),
)
START = State.parse("site=1.0,base=1.0")


# -- totals -----------------------------------------------------------------------


def test_totals_add_up_the_steps() -> None:
    """Totals count the installs and add up soak hours and install minutes, fractions too."""
    result = plan(ZIGZAG, START)
    assert labels(result.packages) == ["Base 2.0", "Site 2.0"]
    assert [(s.soak_hours, s.install_minutes) for s in result.steps] == [(0.5, 22.5), (1.5, 7.5)]
    assert result.totals == Totals(installs=2, soak_hours=2, install_minutes=30)


def test_whole_totals_are_integers() -> None:
    """A whole total is an int (``2``, not ``2.0``), so that it prints as a catalog writes it."""
    totals = plan(ZIGZAG, START).totals
    assert type(totals.soak_hours) is int and type(totals.install_minutes) is int


def test_a_fractional_step_keeps_its_fraction() -> None:
    """A step of 1.5 soak hours says 1.5, and a plan of it totals 1.5."""
    result = plan(ZIGZAG, State.parse("site=1.0,base=2.0"))
    assert [(s.soak_hours, s.install_minutes) for s in result.steps] == [(1.5, 7.5)]
    assert result.totals == Totals(installs=1, soak_hours=1.5, install_minutes=7.5)


def test_no_soak_totals_no_soak_hours() -> None:
    """In no-soak mode every step soaks 0 hours, and so does the plan."""
    result = plan(ZIGZAG, START, soak=False)
    assert [s.soak_hours for s in result.steps] == [0, 0]
    assert result.totals == Totals(installs=2, soak_hours=0, install_minutes=30)


def test_an_empty_plan_totals_nothing() -> None:
    """Already at the target: no steps, and totals of zero."""
    result = plan(ZIGZAG, State.parse("site=2.0,base=2.0"))
    assert result.steps == ()
    assert result.target == State.parse("site=2.0,base=2.0")
    assert result.totals == Totals(installs=0, soak_hours=0, install_minutes=0)


def test_totals_are_summed_exactly() -> None:
    """Soak hours of 0.1 and 0.2 total 0.3, as the search itself adds them."""
    exact = catalog(package("site", "1.0"), package("base", "1.0", soak=0.1),
                    package("base", "2.0", "base==1.0", soak=0.2))
    assert plan(exact, State.parse("site=1.0"), Goal.parse("base>=2")).totals.soak_hours == 0.3


# -- left_out ---------------------------------------------------------------------


def test_latest_leaves_out_the_newer_packages_of_installed_families() -> None:
    """For latest, left out are the packages of installed families newer than the target,
    withdrawn ones too, in family order; a family not installed is not asked for."""
    result = plan(ZIGZAG, START)
    assert result.target == State.parse("site=2.0,base=2.0")
    assert labels(result.left_out()) == ["Site 3.0", "Base 3.0", "Base 4.0"]


def test_a_goal_leaves_out_only_what_it_asked_for() -> None:
    """For a goal, left out are the newer packages of its families that it accepts."""
    result = plan(ZIGZAG, START, Goal.parse("base<4"))
    assert result.target == State.parse("site=1.0,base=2.0")
    assert labels(result.left_out()) == ["Base 3.0"]


def test_nothing_is_left_out_at_the_newest_versions() -> None:
    """A target at the newest version of each asked-for family leaves nothing out."""
    result = plan(ZIGZAG, State.parse("site=2.0,base=1.0"), Goal.parse("base<=2"))
    assert result.target == State.parse("site=2.0,base=2.0")
    assert result.left_out() == ()


# -- Unreachable ------------------------------------------------------------------


def test_unreachable_carries_the_question() -> None:
    """``Unreachable`` carries the start, goal, holds, soak mode and the explanation."""
    goal, holds = Goal.parse("site>=3"), [Requirement.parse("base<9")]
    with pytest.raises(Unreachable) as caught:
        plan(ZIGZAG, START, goal, holds, soak=False)
    error = caught.value
    assert isinstance(error, ValueError)
    assert (error.start, error.goal, error.holds, error.soak) == (START, goal, tuple(holds), False)
    assert error.explanation.subject == goal
    assert error.reasons == error.explanation.facts
    assert [f.kind for f in error.reasons] == [FactKind.INSTALLED, FactKind.WITHDRAWN]
    assert str(error) == f"the goal site>=3 cannot be reached from {START}"


def test_unreachable_from_nothing_installed_says_so() -> None:
    """The message of a goal unreachable from an empty appliance says "nothing installed"."""
    with pytest.raises(Unreachable, match=r"from nothing installed$"):
        plan(ZIGZAG, State.parse(""), Goal.parse("site>=9"))


def reasons(goal: str, start: State = START, holds: tuple[str, ...] = ()) -> list[str]:
    """The telling facts of the explanation (what blocks the goal for good), in English."""
    with pytest.raises(Unreachable) as caught:
        plan(ZIGZAG, start, Goal.parse(goal.split()), [Requirement.parse(h) for h in holds])
    return [fact_text(f) for f in caught.value.explanation.telling]


def test_reason_no_package_satisfies() -> None:
    """A requirement no package of the catalog meets says so."""
    assert reasons("site>=9") == ["no site package satisfies >=9"]


def test_reason_every_package_excluded() -> None:
    """A requirement met only by withdrawn or held packages names each and why."""
    assert reasons("base>=2,<3", holds=("base<2",)) == ["the hold base<2 excludes Base 2.0"]
    assert reasons("site>=2", holds=("site<2",)) == [
        "the hold site<2 excludes Site 2.0", "Site 3.0 is withdrawn: recalled"]


def test_reason_not_reachable() -> None:
    """A requirement met by plannable packages that no plan reaches goes down to what
    blocks them: here Base 3.0 needs the withdrawn Site 3.0."""
    assert reasons("base>=3") == ["Site 3.0 is withdrawn: recalled"]


def test_reason_versions_never_go_down() -> None:
    """A requirement that only versions older than the installed ones meet says so."""
    assert reasons("site==1.0 base>=2", start=State.parse("site=2.0,base=2.0")) == [
        "versions never go down, and Site 2.0 is already past Site 1.0"]


def test_reason_not_together() -> None:
    """Requirements each met by some reachable state, but never by one, say so."""
    apart = catalog(package("site", "1.0"), package("site", "2.0", "base<2"),
                    package("base", "1.0"), package("base", "2.0", "site<2"))
    with pytest.raises(Unreachable) as caught:
        plan(apart, START, Goal.parse(["site>=2", "base>=2"]))
    [together] = caught.value.explanation.telling
    assert together.kind is FactKind.NEVER_TOGETHER and together.packages == ()
    assert fact_text(together) == ("each of site>=2 and base>=2 can be reached, but no"
                                   " reachable state has them together")


def counting_searches(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Count the searches the planner and the explanations make (their families each)."""
    from bomgar_paths import explain  # noqa: PLC0415

    made: list[list[str]] = []

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        made.append(list(kwargs.get("families") or []))
        return search(*args, **kwargs)

    monkeypatch.setattr(planner, "search", counted)
    monkeypatch.setattr(explain, "search", counted)
    return made


def test_an_unreachable_plan_searches_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The plan's search serves its explanation when both need the same families."""
    made = counting_searches(monkeypatch)
    with pytest.raises(Unreachable) as caught:
        plan(ZIGZAG, START, Goal.parse("site>=9"))
    assert made == [["site", "base"]]
    assert caught.value.explanation.what_if == ()


def test_a_what_if_hint_costs_one_search_more(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each candidate hint is one search of the changed catalog, no explanation of its own:
    here the hold base<2 and the withdrawal of Site 3.0, after the plan's one search."""
    made = counting_searches(monkeypatch)
    with pytest.raises(Unreachable) as caught:
        plan(ZIGZAG, START, Goal.parse("site>=2"), [Requirement.parse("base<2")])
    assert len(made) == 1 + 2
    hints = caught.value.explanation.what_if
    assert [(h.holds, [p.label for p in h.withdrawn]) for h in hints] == [
        ((Requirement.parse("base<2"),), []), ((), ["Site 3.0"])]


def test_a_wider_explanation_searches_again_only_when_it_must(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A withdrawn package that needs another family: the plan leaves that family out, and
    only the unreachable answer searches again, with it (planner's docstring says why)."""
    wide = catalog(package("site", "1.0"), package("site", "2.0", "addon>=1", withdrawn="x"),
                   package("addon", "1.0"))
    made = counting_searches(monkeypatch)
    assert plan(wide, START, Goal.parse("site==1.0")).steps == ()
    assert made == [["site"]]
    with pytest.raises(Unreachable):
        plan(wide, START, Goal.parse("site>=2"))
    assert made[1:3] == [["site"], ["site", "addon"]]  # then the what-if hint's own


def test_what_a_plan_leaves_out_comes_with_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """``Plan.skipped`` is computed from the plan's own search, only when needed."""
    made = counting_searches(monkeypatch)
    held = plan(ZIGZAG, START, Goal(), ["base<2"])
    assert len(made) == 1
    assert [s.package.label for s in held.skipped][:1] == ["Site 2.0"]
    assert [
        s.package for s in held.skipped] == list(held.left_out())
    assert plan(ZIGZAG, START, Goal.parse("site==2.0")).skipped == ()
    assert len(made) == 2


# -- relevant families ------------------------------------------------------------


def test_relevant_families_follow_requirements() -> None:
    """The goal's families and, transitively, the families their packages require, in
    priority order."""
    assert relevant_families(ZIGZAG, State.parse("addon=1.0"), Goal()) == ["site", "base",
                                                                           "addon"]
    assert relevant_families(ZIGZAG, State.parse("site=1.0"), Goal()) == ["site", "base"]
    assert relevant_families(ZIGZAG, START, Goal.parse("addon>=1")) == ["site", "base", "addon"]


def test_relevant_families_leave_out_what_nothing_needs() -> None:
    """A family that no goal names and no plannable package requires is left out."""
    assert relevant_families(ZIGZAG, START, Goal.parse("base>=2")) == ["site", "base"]
    lone = catalog(package("base", "1.0"), package("site", "1.0"), package("addon", "1.0"))
    assert relevant_families(lone, State.parse("base=1.0,addon=1.0"), Goal()) == ["base",
                                                                                   "addon"]
    assert relevant_families(lone, State.parse("base=1.0"), Goal.parse("addon>=1")) == ["addon"]


def test_withdrawn_and_held_packages_require_nothing() -> None:
    """Requirements of packages a plan cannot contain (withdrawn, or excluded by a hold)
    bring in no family."""
    needs = catalog(package("base", "1.0"), package("base", "2.0", "addon>=1"),
                    package("base", "3.0", "site>=1", withdrawn="recalled"),
                    package("site", "1.0"), package("addon", "1.0"))
    base = State.parse("base=1.0")
    assert relevant_families(needs, base, Goal()) == ["base", "addon"]
    assert relevant_families(needs, base, Goal(), [Requirement.parse("base<2")]) == ["base"]
    assert relevant_families(needs, base, Goal(), [Requirement.parse("site<2")]) == ["base",
                                                                                     "addon"]


def test_a_family_left_out_stays_where_it_is() -> None:
    """A plan over the relevant families keeps the others at their start versions."""
    result = plan(ZIGZAG, State.parse("site=1.0,base=1.0,addon=1.0"), Goal.parse("base>=2"))
    assert result.target == State.parse("site=1.0,base=2.0,addon=1.0")
    assert labels(result.packages) == ["Base 2.0"]


# -- the state limit --------------------------------------------------------------


def test_the_default_limit_is_the_one_the_command_line_shows() -> None:
    """The planner's default bound is ``errors.MAX_STATES``, which ``--help`` quotes."""
    assert MAX_STATES == errors.MAX_STATES == 200_000


def test_a_search_past_the_limit_says_how_far_it_got() -> None:
    """``WorkLimit`` carries the limit, the states found when it stopped, the product of
    the version lines and the families searched."""
    # Site none, 1.0, 2.0, 3.0 (withdrawn, but a version of the line) x base none, 1.0..4.0:
    # 20 states at most; 3 are reachable (the start, base 2.0, then site 2.0).
    with pytest.raises(WorkLimit) as caught:
        plan(ZIGZAG, START, max_states=2)
    error = caught.value
    assert (error.limit, error.needed, error.at_most, error.families) == (
        2, 3, 20, ("site", "base"))


def test_a_search_within_the_limit_is_the_search_without_one() -> None:
    """A limit of exactly the reachable states, or none at all, changes nothing."""
    assert plan(ZIGZAG, START, max_states=3) == plan(ZIGZAG, START, max_states=None)
    found = search(ZIGZAG, START, max_states=3, families=["site", "base"])
    assert set(found.states()) == {
        START, State.parse("site=1.0,base=2.0"), State.parse("site=2.0,base=2.0")}


# -- plan_to's step cache ---------------------------------------------------------


def test_plans_on_one_search_share_their_steps() -> None:
    """Plans made on one search reuse the step into each state: they equal plans made
    alone, and their common steps are the same objects."""
    found = search(ZIGZAG, START, families=["site", "base"])
    ends = sorted(found.states(), key=lambda s: len(found.path(s, planner.Step)))
    plans = [plan_to(found, ZIGZAG, end) for end in ends]
    alone = [plan_to(search(ZIGZAG, START, families=["site", "base"]), ZIGZAG, end)
             for end in ends]
    assert plans == alone
    first, last = plans[1], plans[-1]
    assert labels(last.packages) == ["Base 2.0", "Site 2.0"]
    assert last.steps[0] is first.steps[0]


@pytest.mark.parametrize("limit", [0, -1, 1.5, "10", True])
def test_a_state_limit_that_is_not_a_count_is_an_input_error(limit: object) -> None:
    """max_states is a whole number of states, 1 or more, or None."""
    catalog = load_bundled()
    expected = "invalid max_states .*: expected a whole number of states, 1 or more, or None"
    with pytest.raises(InputError, match=expected):
        plan(catalog, "base=3.2.4,bomgar=11.1.2", max_states=limit)  # type: ignore[arg-type]


def test_a_plan_records_what_was_asked() -> None:
    """Goal, holds and soak mode travel with the plan, so it can be asked again."""
    catalog = load_bundled()
    start = "base=3.2.4,bomgar=11.1.2"
    default = plan(catalog, start)
    assert (default.goal, default.holds, default.soak) == (Goal(), (), True)
    asked = plan(catalog, start, "bomgar>=15", ["base<7"], soak=False)
    assert asked.goal == Goal.parse(["bomgar>=15"])
    assert asked.holds == (Requirement.parse("base<7"),)
    assert asked.soak is False
    assert all(step.soak_hours == 0 for step in asked.steps)


@pytest.mark.parametrize(("goal", "holds", "fragment"), [
    ((), ["zz<1"], "invalid hold 'zz<1': unknown family 'zz'"),
    ("zz>=1", (), "invalid goal 'zz>=1': unknown family 'zz'"),
    ((), ["base"], "invalid hold 'base'"),
])
def test_goals_and_holds_are_named_in_their_errors(goal, holds, fragment: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match=re.escape(fragment)):
        plan(load_bundled(), "base=3.2.4", goal, holds)


def test_a_hold_does_not_hide_what_its_allowed_packages_require() -> None:
    """relevant_families follows the packages a hold allows (issue 8's pruning)."""
    catalog = Catalog.from_entries(
        [Family("a", "A {version}", priority=1), Family("b", "B {version}", priority=2)],
        [Package("a", Version("2"), "A 2", requires=(Requirement.parse("b>=2"),)),
         Package("b", Version("2"), "B 2")])
    start, goal = State.parse("a=1,b=1"), Goal.parse(["a==2"])
    assert relevant_families(catalog, start, goal, [Requirement.parse("a<9")]) == ["a", "b"]
    assert relevant_families(catalog, start, goal, [Requirement.parse("a<2")]) == ["a"]
    assert [s.package.label for s in plan(catalog, start, goal, ["a<9"]).steps] == ["B 2", "A 2"]


@pytest.mark.parametrize(("start", "goal", "holds", "message"), [
    ("zz=1", (), (),
     "invalid state 'zz=1': unknown family 'zz' (catalog has bomgar, base, servicenow,"
     " terraform)"),
    ("base=3.2.4", "zz>=1", (),
     "invalid goal 'zz>=1': unknown family 'zz' (catalog has bomgar, base, servicenow,"
     " terraform)"),
    ("base=3.2.4", (), ["zz<1"],
     "invalid hold 'zz<1': unknown family 'zz' (catalog has bomgar, base, servicenow,"
     " terraform)"),
])
def test_unknown_families_are_named_with_the_catalogs(start: str, goal, holds,  # type: ignore[no-untyped-def]
                                                      message: str) -> None:
    """check_families says which input names the family, and what the catalog has."""
    with pytest.raises(InputError) as caught:
        check_families(load_bundled(), State.parse(start), Goal.coerce(goal).requirements,
                       [Requirement.parse(h) for h in holds])
    assert str(caught.value) == message
