"""The model: states, requirements and goals parsed from text (DESIGN §2.2)."""

from __future__ import annotations

import attrs
import pytest
from packaging.version import Version

from bomgar_paths.errors import BomgarPathsError, InputError
from bomgar_paths.model import Family, Goal, Requirement, State, format_specifier

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
