"""The model: states, requirements and goals parsed from text (DESIGN §2.2)."""

from __future__ import annotations

import re

import attrs
import pytest
from packaging.version import Version

from bomgar_paths.errors import BomgarPathsError, Code, InputError, Reason, quote
from bomgar_paths.model import (
    Family,
    Goal,
    Package,
    Requirement,
    State,
    ascii_lower,
    check_catalog,
    check_holds,
    format_specifier,
)

# -- State -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("base=3.2.4,bomgar=11.1.2", "base=3.2.4,bomgar=11.1.2"),
        ("bomgar=11.1.2,base=3.2.4", "base=3.2.4,bomgar=11.1.2"),  # printed by family name
        (" base = 3.2.4 , bomgar=11.1.2 ", "base=3.2.4,bomgar=11.1.2"),
        ("bomgar=14.3.3fips", "bomgar=14.3.3+fips"),
        ("site-x=1.0,a_b2=2", "a_b2=2,site-x=1.0"),
        ("", ""),  # nothing installed
    ],
)
def test_state_parses_and_prints(text: str, printed: str) -> None:
    state = State.parse(text)
    assert str(state) == printed
    assert State.parse(str(state)) == state  # the round trip


def test_state_holds_versions() -> None:
    state = State.parse("base=3.2.4,bomgar=11.1.2")
    assert state.get("base") == Version("3.2.4")
    assert state.get("bomgar") == Version("11.1.2")
    assert state.get("addon") is None  # not named: not installed
    assert dict(state) == {"base": Version("3.2.4"), "bomgar": Version("11.1.2")}


def test_states_with_the_same_versions_are_equal_and_hash_alike() -> None:
    a = State.parse("bomgar=12.2,base=3.2.4")
    b = State.parse("base=3.2.4,bomgar=12.2.0")
    assert a == b
    assert hash(a) == hash(b)
    assert len({a, b}) == 1
    assert a != State.parse("base=3.2.4")


def test_with_version_returns_a_new_state() -> None:
    state = State.parse("base=3.2.4,bomgar=11.1.2")
    after = state.with_version("base", Version("3.3.2"))
    assert str(after) == "base=3.3.2,bomgar=11.1.2"
    assert str(state) == "base=3.2.4,bomgar=11.1.2"
    assert str(State().with_version("addon", Version("1"))) == "addon=1"


def test_state_is_immutable() -> None:
    state = State.parse("base=3.2.4")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        state.versions = {}  # type: ignore[misc]
    with pytest.raises(TypeError):
        state.versions["base"] = Version("4")  # type: ignore[index]


def test_state_satisfies_requirements() -> None:
    state = State.parse("base=3.2.4,bomgar=11.1.2")
    assert state.satisfies(Requirement.parse("bomgar>=11.1"))
    assert not state.satisfies(Requirement.parse("base>=3.3.2"))
    assert not state.satisfies(Requirement.parse("addon>=0"))  # not installed: unmet


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("base", "'base' is not FAMILY=VERSION"),
        ("base=3.2.4,", "an empty FAMILY=VERSION between commas"),
        ("base=3.2.4,,bomgar=11.1.2", "an empty FAMILY=VERSION between commas"),
        (",,", "an empty FAMILY=VERSION between commas"),
        ("base=", "'base=' is not FAMILY=VERSION"),
        ("=3.2.4", "'=3.2.4' is not FAMILY=VERSION"),
        ("base=3.2.4,bomgar", "'bomgar' is not FAMILY=VERSION"),
        ("Base=1", "'Base' is not a family name (lower-case)"),
        ("1base=1", "'1base' is not a family name"),
        ("base=1,base=2", "family 'base' is named twice"),
        ("base=1,base=1.0", "family 'base' is named twice"),
        ("base=x.y", "'x.y' is not a version"),
        ("base=3.2.4 fips", "'3.2.4 fips' is not a version"),
        ("base==3.2.4", "'=3.2.4' is not a version"),
    ],
)
def test_bad_states_are_rejected_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        State.parse(text)
    message = str(caught.value)
    assert message.startswith(f"invalid state {text!r}: ")
    assert reason in message
    assert "\n" not in message  # the command line prints it as one line
    assert caught.value.what == "state"
    assert caught.value.text == text
    assert caught.value.reason.code in Code.every()


def test_input_errors_are_value_errors() -> None:
    """Callers who do not know this library can still catch its errors."""
    with pytest.raises(ValueError):
        State.parse("base")
    assert issubclass(InputError, BomgarPathsError)


# -- Requirement ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "family", "printed", "accepted", "refused"),
    [
        ("base>=3.3.2", "base", "base>=3.3.2", ["3.3.2", "7.0"], ["3.2.4"]),
        ("bomgar==15.1.1", "bomgar", "bomgar==15.1.1", ["15.1.1"], ["15.1.0", "15.2"]),
        # The commas belong to the specifier set; lower bounds are printed first.
        ("bomgar>=15,<16", "bomgar", "bomgar>=15,<16", ["15.0", "15.2.0"], ["16.0", "14.3"]),
        ("bomgar<16,>=15", "bomgar", "bomgar>=15,<16", ["15.5"], ["16"]),
        (" base >= 3.3.2 ", "base", "base>=3.3.2", ["3.4"], ["3.3"]),
        ("base>=3.2,<3.3", "base", "base>=3.2,<3.3", ["3.2.4"], ["3.3.2"]),
        ("site-x~=2.1", "site-x", "site-x~=2.1", ["2.5"], ["3.0"]),
    ],
)
def test_requirements_parse(
    text: str, family: str, printed: str, accepted: list[str], refused: list[str]
) -> None:
    requirement = Requirement.parse(text)
    assert requirement.family == family
    assert str(requirement) == printed
    assert Requirement.parse(str(requirement)) == requirement
    for version in accepted:
        assert requirement.allows(Version(version))
    for version in refused:
        assert not requirement.allows(Version(version))


def test_requirement_is_unmet_when_the_family_is_not_installed() -> None:
    assert not Requirement.parse("base>=0").allows(None)


def test_requirements_accept_pre_releases() -> None:
    """DESIGN §2.3: the installed version is checked with pre-releases included."""
    assert Requirement.parse("base>=3.3.2").allows(Version("3.4.0rc1"))
    assert Requirement.parse("bomgar>=15,<16").allows(Version("15.1.0b2"))


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("base=>3.3.2", "write >= or <=, not => or =<"),
        ("base>=3.3.2 and <4", "join clauses with commas: >=3.3.2,<4"),
        ("base", "expected a family and a specifier set"),
        ("base 3.3.2", "expected a family and a specifier set"),
        (">=3.3.2", "expected a family and a specifier set"),
        ("Base>=3.3.2", "expected a family and a specifier set"),
        ("latest", "expected a family and a specifier set"),
        ("base>=", "is not a PEP 440 specifier set"),
        ("base>=x.y", "is not a PEP 440 specifier set"),
    ],
)
def test_bad_requirements_are_rejected_with_a_hint(text: str, hint: str) -> None:
    with pytest.raises(InputError) as caught:
        Requirement.parse(text)
    message = str(caught.value)
    assert message.startswith(f"invalid requirement {text!r}: ")
    assert hint in message
    assert "\n" not in message


def test_format_specifier_puts_lower_bounds_first() -> None:
    assert format_specifier(Requirement.parse("base<4,!=3.5,>=3.3.2").specifier) == (
        ">=3.3.2,!=3.5,<4"
    )


# -- Goal ------------------------------------------------------------------------


@pytest.mark.parametrize("texts", [[], ["latest"], [" latest "]])
def test_latest_is_the_default_goal(texts: list[str]) -> None:
    goal = Goal.parse(texts)
    assert goal.is_latest
    assert goal == Goal()
    assert str(goal) == "latest"


@pytest.mark.parametrize(
    ("texts", "reason"),
    [([""], "empty"), (["  "], "empty"),
     (["latest", "bomgar<16"], "'latest' cannot be combined with other goals")],
)
def test_empty_goals_and_latest_with_requirements_are_rejected(
    texts: list[str], reason: str
) -> None:
    with pytest.raises(InputError, match=reason):
        Goal.parse(texts)


def test_explicit_goal_keeps_one_requirement_per_family() -> None:
    goal = Goal.parse(["bomgar>=15,<16", "base>=7"])
    assert not goal.is_latest
    assert [str(r) for r in goal.requirements] == ["bomgar>=15,<16", "base>=7"]
    assert str(goal) == "bomgar>=15,<16 base>=7"


def test_goal_naming_a_family_twice_is_rejected_with_the_fix() -> None:
    with pytest.raises(InputError) as caught:
        Goal.parse(["bomgar>=15", "bomgar<16"])
    assert "family 'bomgar' is named twice" in str(caught.value)
    assert "bomgar>=15,<16" in str(caught.value)


@pytest.mark.parametrize("texts", [["bomgar"], ["latest", "bomgar>=15"], ["base=>3"]])
def test_bad_goals_are_rejected(texts: list[str]) -> None:
    with pytest.raises(InputError):
        Goal.parse(texts)


# -- Family ------------------------------------------------------------------------


def test_family_defaults_follow_the_catalog_format() -> None:
    """DESIGN §2.1 defaults: soak 0, 30 minutes, priority 100, clients_update false."""
    family = Family("addon")
    assert (family.soak_hours, family.install_minutes, family.priority) == (0, 30, 100)
    assert family.clients_update is False
    assert Family("addon", priority=2).rank < Family("base", priority=2).rank  # then by name
    assert Family("zz", priority=1).rank < Family("base", priority=2).rank


# -- the front door: values from outside, checked where they enter -------------------------


def test_a_state_takes_versions_as_text() -> None:
    assert State({"base": "3.2.4", "bomgar": Version("11.1.2")}) == State.parse(
        "base=3.2.4,bomgar=11.1.2")
    assert State({"bomgar": "14.3.3fips"}).get("bomgar") == Version("14.3.3+fips")


@pytest.mark.parametrize(("value", "reason"), [
    ({"base": 3}, "invalid state 'base=3': expected a version as text"),
    ({"base": "3.x"}, "'3.x' is not a version"),
    ({"Base": "3.2.4"}, "invalid state 'Base': a family name is lower-case"),
    ({3: "3.2.4"}, "invalid state 3: a family name"),
    ("base=3.2.4", "expected a mapping of family to version"),
    (42, "invalid state 42: expected a mapping"),
    ([("base",)], "expected (family, version) pairs"),
])
def test_a_state_refuses_what_it_cannot_read(value: object, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        State(value)  # type: ignore[arg-type]
    assert reason in str(caught.value)


def test_coerce_takes_the_obvious_spellings() -> None:
    state = State.parse("base=3.2.4,bomgar=11.1.2")
    assert State.coerce(state) is state
    assert State.coerce("base=3.2.4,bomgar=11.1.2") == state
    assert State.coerce({"base": "3.2.4", "bomgar": "11.1.2"}) == state
    goal = Goal.parse(["bomgar>=15"])
    assert Goal.coerce(goal) is goal
    assert Goal.coerce("bomgar>=15") == goal
    assert Goal.coerce(Requirement.parse("bomgar>=15")) == goal
    assert Goal.coerce([Requirement.parse("bomgar>=15")]) == goal
    assert Goal.coerce(None) == Goal.coerce("latest") == Goal()
    hold = Requirement.parse("base<7")
    assert Requirement.coerce("base<7") == Requirement.coerce(hold) == hold
    assert Requirement.coerce_all("base<7") == Requirement.coerce_all([hold]) == (hold,)


@pytest.mark.parametrize(("call", "reason"), [
    (lambda: State.coerce(3.2), "invalid state 3.2: expected a State"),
    (lambda: State.parse(None), "invalid state None: expected text"),  # type: ignore[arg-type]
    (lambda: Goal.coerce(15), "invalid goal 15"),
    (lambda: Goal.parse([15]), "invalid goal 15: expected text"),  # type: ignore[list-item]
    (lambda: Goal.coerce([Requirement.parse("bomgar>=15"), "bomgar<16"]), "named twice"),
    (lambda: Requirement.coerce(7, "hold"), "invalid hold 7"),  # type: ignore[arg-type]
    (lambda: Requirement.coerce_all(7, "hold"), "invalid hold 7"),  # type: ignore[arg-type]
])
def test_coerce_refuses_other_values_with_input_errors(call: object, reason: str) -> None:
    with pytest.raises(InputError, match=re.escape(reason)):
        call()  # type: ignore[operator]


def test_one_goal_text_is_one_goal_not_one_per_character() -> None:
    assert Goal.parse("bomgar>=15") == Goal.parse(["bomgar>=15"])
    assert Goal.parse("latest").is_latest


@pytest.mark.parametrize(("requirement", "version", "passed"), [
    ("base<7", "7.2.1", True),
    ("base<7", "7.0.0", True),
    ("base<=7", "7.0", False),  # it allows 7.0
    ("base<=7", "7.0.1", True),
    ("base==7.1.*", "7.2", True),
    ("base==7.1.*", "7.0", False),  # below: 7.1.x is still ahead
    ("base~=7.1.2", "7.2.0", True),
    ("base~=7.1.2", "7.1.0", False),
    ("base==7.1", "7.2", True),
    ("base>=5,<7", "7.2", True),
    ("base>=8", "7.2.1", False),  # a lower bound is never passed
    ("base!=7.2.1", "7.2.1", False),
    ("base<1!0", "1!0", True),  # epochs compare as packaging compares them
])
def test_a_requirement_is_passed_when_only_older_versions_meet_it(
    requirement: str, version: str, passed: bool
) -> None:
    assert Requirement.parse(requirement).passed_by(Version(version)) is passed
    assert not Requirement.parse(requirement).passed_by(None)


def test_a_hold_the_start_is_already_past_is_an_input_error() -> None:
    start = State.parse("base=7.2.1,bomgar=11.1.2")
    check_holds(start, [Requirement.parse("base>=8"), Requirement.parse("bomgar<20")])
    with pytest.raises(InputError, match=r"invalid hold 'base<7': base 7.2.1 is installed,"
                       r" already past it.*hold base==7.2.1"):
        check_holds(start, [Requirement.parse("base<7")])


def test_epochs_are_versions_like_any_other() -> None:
    state = State.parse("base=1!3.2.4")
    assert state.get("base") == Version("1!3.2.4") > Version("99")
    assert Requirement.parse("base>=1!0").allows(state.get("base"))


def test_errors_quote_long_input_short() -> None:
    with pytest.raises(InputError) as caught:
        State.parse("base=3.2.4," + "x" * 10_000)
    assert len(str(caught.value)) < 400
    assert "(10,011 characters)" in str(caught.value)
    with pytest.raises(InputError, match="characters"):
        Requirement.parse("bomgar>=" + "9" * 10_000)


def test_quote_shortens_text_and_values() -> None:
    assert quote("base=3.2.4") == "'base=3.2.4'"
    assert quote("x" * 101) == f"'{'x' * 100}'… (101 characters)"
    assert quote(42) == "42"
    assert quote(list(range(100))).endswith("… (390 characters)")


def test_packages_are_coerced_from_labels_of_their_catalog() -> None:
    from bomgar_paths import load_bundled  # noqa: PLC0415

    catalog = load_bundled()
    package = catalog.find("Bomgar-12.2.0")
    assert Package.coerce("Bomgar-12.2.0", catalog) is package
    assert Package.coerce("bomgar=12.2.0", catalog) is package
    assert Package.coerce(package, catalog) is package
    stranger = attrs.evolve(package, version=Version("99.0"), label="Bomgar-99.0")
    with pytest.raises(InputError, match=r"'Bomgar-99\.0': not a package of this catalog"):
        Package.coerce(stranger, catalog)
    with pytest.raises(InputError, match="invalid package 12: expected a Package"):
        Package.coerce(12, catalog)  # type: ignore[arg-type]
    assert check_catalog(catalog) is catalog
    with pytest.raises(InputError, match="expected a Catalog"):
        check_catalog("catalog/")


def test_explanations_take_text_for_states_goals_holds_and_packages() -> None:
    from bomgar_paths import explain_goal, explain_package, load_bundled  # noqa: PLC0415
    from bomgar_paths.render.explain import explanation_data  # noqa: PLC0415

    catalog = load_bundled()
    start = State.parse("base=3.2.4,bomgar=11.1.2")
    by_text = explain_package(catalog, "base=3.2.4,bomgar=11.1.2", "Bomgar-12.2.0")
    by_value = explain_package(catalog, start, catalog.find("Bomgar-12.2.0"))
    assert by_text is not None and by_value is not None
    assert explanation_data(by_text) == explanation_data(by_value)
    goal = explain_goal(catalog, "base=3.2.4,bomgar=11.1.2", "bomgar>=24", "base<7")
    same = explain_goal(catalog, start, Goal.parse(["bomgar>=24"]), [Requirement.parse("base<7")])
    assert goal is not None and same is not None
    assert explanation_data(goal) == explanation_data(same)
    with pytest.raises(InputError, match="expected a Catalog"):
        explain_goal("bundled", start, Goal())  # type: ignore[arg-type]


def test_a_goal_names_its_families_or_those_installed() -> None:
    """DESIGN §2.3: latest names every family installed at the start."""
    start = State.parse("base=3.2.4,bomgar=11.1.2")
    assert Goal().named(start) == ["base", "bomgar"]
    assert Goal.parse(["bomgar>=15", "base<7"]).named(start) == ["bomgar", "base"]
    assert Goal().named(State.parse("")) == []


def test_keywords_are_matched_by_ascii_case_only() -> None:
    """No locale's casing: "I" lowers to "i" and "İ" (Turkish) is left as it is."""
    assert ascii_lower("Bomgar-12.2.0 SAT") == "bomgar-12.2.0 sat"
    assert ascii_lower("İSTANBUL ı") == "İstanbul ı"


def test_an_error_in_a_hold_carries_the_family_and_the_installed_version() -> None:
    with pytest.raises(InputError) as caught:
        check_holds(State.parse("base=7.2.1"), [Requirement.parse("base<7")])
    assert caught.value.reason == Reason(Code.HOLD_PASSED, family="base",
                                         installed=Version("7.2.1"))


# -- repr ----------------------------------------------------------------------


def test_value_repr_is_the_repr_attrs_writes() -> None:
    """The shared ``value_repr`` (start-up time, issue 10) writes what attrs' own would."""
    from bomgar_paths.catalog import load_bundled  # noqa: PLC0415

    catalog = load_bundled()
    values = [*catalog.families.values(), *catalog.packages[:3], *catalog.advisories,
              State.parse("base=3.2.4"), Goal.parse("bomgar>=15"), Requirement.parse("base<7")]
    for value in values:
        # The same class with attrs' generated repr: the same fields, the same options.
        fields = {a.name: attrs.field(repr=a.repr) for a in attrs.fields(type(value))}
        twin = attrs.make_class(type(value).__name__, fields, frozen=True, init=False)
        copy = object.__new__(twin)
        for name in fields:
            object.__setattr__(copy, name, getattr(value, name))
        assert repr(value) == repr(copy)
    assert repr(Family("base")) == ("Family(name='base', label='{family} {version}',"
                                    " soak_hours=0, install_minutes=30, priority=100,"
                                    " clients_update=False, external=False)")
