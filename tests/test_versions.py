"""Versions and specifier sets: vendor spellings normalised, bad ones rejected with a reason."""

from __future__ import annotations

import re

import pytest
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from bomgar_paths.errors import Code, ParseError, Reason
from bomgar_paths.model import Requirement
from bomgar_paths.versions import parse_specifier, parse_version


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("12.2.0", "12.2.0"),
        ("12.2", "12.2"),
        ("  3.2.4 ", "3.2.4"),
        ("12.2.0rc1", "12.2.0rc1"),  # PEP 440 suffixes keep their meaning
        ("15.1.1.post1", "15.1.1.post1"),
        ("14.3.3fips", "14.3.3+fips"),  # the vendor's FIPS build
        ("14.3.3FIPS", "14.3.3+fips"),
        ("14.3.3-fips", "14.3.3+fips"),
        ("14.3.3_fips", "14.3.3+fips"),
        ("v14.3.3fips", "14.3.3+fips"),
        ("14.3.3fips2", "14.3.3+fips2"),
        ("21.1lts", "21.1+lts"),
    ],
)
def test_versions_are_read_and_normalised(text: str, normalised: str) -> None:
    assert str(parse_version(text)) == normalised


def test_versions_equal_with_and_without_trailing_zeros() -> None:
    """12.2 and 12.2.0 are the same version (duplicates in a catalog rely on it)."""
    assert parse_version("12.2") == parse_version("12.2.0")
    assert hash(parse_version("12.2")) == hash(parse_version("12.2.0"))


def test_fips_build_sorts_just_after_its_release() -> None:
    fips = parse_version("14.3.3fips")
    assert parse_version("14.3.3") < fips < parse_version("14.3.4")
    assert fips < parse_version("14.3.3.post1")
    versions = [parse_version(t) for t in ("14.3.4", "14.3.3fips", "14.3.1", "14.3.3")]
    assert [str(v) for v in sorted(versions)] == ["14.3.1", "14.3.3", "14.3.3+fips", "14.3.4"]


@pytest.mark.parametrize(
    ("specifier", "contains"),
    [
        (">=14.3.3", True),
        ("==14.3.3", True),  # PEP 440: a local label is ignored unless the specifier names one
        (">=14.3", True),
        (">=14.3.3,<15", True),
        ("<=14.3.3", True),
        ("<14.3.3", False),
        (">14.3.3", False),
        (">=14.3.4", False),
        ("==14.3.3+fips", True),
    ],
)
def test_fips_build_against_specifiers(specifier: str, contains: bool) -> None:
    fips = parse_version("14.3.3fips")
    assert SpecifierSet(specifier).contains(fips, prereleases=True) is contains
    assert Requirement("bomgar", SpecifierSet(specifier)).allows(fips) is contains


@pytest.mark.parametrize(
    "text",
    ["", "   ", "abc", "fips", "fips14", "1..2", "1.2-", "14.3.3 fips", "14.3.3-fips-2",
     "12.2.0/1", "3,2,4", "x.y"],
)
def test_unreadable_versions_are_rejected_with_the_reason(text: str) -> None:
    with pytest.raises(ValueError, match="is not a version") as caught:
        parse_version(text)
    message = str(caught.value)
    assert repr(text.strip()) in message  # names what was written
    assert "12.2.0" in message and "14.3.3fips" in message  # and says what is expected


@pytest.mark.parametrize(
    ("text", "accepted", "refused"),
    [
        (">=3.3.2", ["3.3.2", "4.0"], ["3.2.4"]),
        (">=3.3.2,<4", ["3.3.2", "3.9"], ["4.0", "3.3.1"]),
        (">=3.3.2, <4", ["3.5"], ["4.0"]),
        ("~=3.3", ["3.3", "3.9"], ["4.0", "3.2"]),
        ("==15.1.1", ["15.1.1"], ["15.1.0"]),
        ("!=12.2.0", ["12.1.0", "12.3"], ["12.2"]),
    ],
)
def test_specifier_sets_are_read(text: str, accepted: list[str], refused: list[str]) -> None:
    spec = parse_specifier(text)
    assert isinstance(spec, SpecifierSet)
    for version in accepted:
        assert spec.contains(Version(version), prereleases=True)
    for version in refused:
        assert not spec.contains(Version(version), prereleases=True)


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("=>3.3.2", "write >= or <=, not => or =<"),
        ("=<4", "write >= or <=, not => or =<"),
        (">=3.3.2 and <4", "join clauses with commas: >=3.3.2,<4"),
        (">=3.3.2 or <2", "join clauses with commas"),
        (">=", "is not a PEP 440 specifier set"),
        ("3.3.2", "is not a PEP 440 specifier set"),
        (">=3.3.2;<4", "is not a PEP 440 specifier set"),
        ("", "empty specifier set"),
        ("  ", "empty specifier set"),
    ],
)
def test_bad_specifier_sets_are_rejected_with_a_hint(text: str, hint: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_specifier(text)
    assert hint in str(caught.value)
    if text.strip():
        assert repr(text) in str(caught.value)


@pytest.mark.parametrize(("text", "hint"), [
    ("1.0.post1fips", "write 1.0.post1+fips"),
    ("1.0rc1fips", "write 1.0.rc1+fips"),
    ("2.1dev3lts", "write 2.1.dev3+lts"),
])
def test_a_pep440_suffix_glued_to_a_word_is_refused_not_misread(text: str, hint: str) -> None:
    """Read as one vendor word, 1.0.post1fips would lose its post-release (issue 8)."""
    with pytest.raises(ValueError, match=re.escape(hint)):
        parse_version(text)
    assert parse_version(hint.removeprefix("write ")).is_postrelease or \
        parse_version(hint.removeprefix("write ")).is_prerelease


@pytest.mark.parametrize(("text", "reason"), [
    ("x.y", Reason(Code.VERSION_INVALID, text="x.y")),
    ("1.0.post1fips", Reason(Code.VERSION_SUFFIX_AND_WORD, text="1.0.post1fips",
                             suffix="post1", release="1.0", word="fips")),
    ("1" * 5000 + "fips", Reason(Code.VERSION_INVALID, text="1" * 5000 + "fips")),
])
def test_a_version_that_cannot_be_read_says_why_as_data(text: str, reason: Reason) -> None:
    with pytest.raises(ParseError) as caught:
        parse_version(text)
    assert caught.value.reason == reason


@pytest.mark.parametrize(("text", "code"), [
    ("=>1", Code.SPECIFIER_REVERSED_OPERATOR),
    ("=1", Code.SPECIFIER_SINGLE_EQUALS),
    (">1 and <2", Code.SPECIFIER_WORDS),
    ("~~1", Code.SPECIFIER_INVALID),
    ("", Code.SPECIFIER_EMPTY),
    (">=" + "1" * 4500, Code.SPECIFIER_VERSION_TOO_LONG),
])
def test_a_specifier_set_that_cannot_be_read_says_why_as_data(text: str, code: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_specifier(text)
    assert caught.value.reason.code == code
