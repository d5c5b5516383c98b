"""The compiled state graph decides requirements exactly as packaging does (issue 8).

PEP 440 specifier sets are not intervals of sorted versions: ``>V`` refuses V's
post-releases and local versions, ``<V`` V's pre-releases, ``<=V`` and ``==V``
admit V's local versions, and ``.dev0``/``.post0`` are dev/post releases though
their number is 0. Whatever shortcut the graph takes, its answer for every
version of a line must equal ``SpecifierSet.contains(v, prereleases=True)``.
The table of each rule, and the graph's other examples, are ``tests/test_graph.py``.
"""

from __future__ import annotations

from hypothesis import event, given
from hypothesis import strategies as st
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from bomgar_paths._search._graph import VersionLine, _allowed_ranges
from bomgar_paths.model import Requirement

OPERATORS = (">=", ">", "<", "<=", "==", "!=", "~=")

# Several relatives of one kind in a block (.dev0 and .dev1, rc1 and rc2), since a
# block of them is where a plain comparison and PEP 440 part ways.
SUFFIXES = ("", "", "", "rc1", "rc2", "a0", ".dev0", ".dev1", ".post0", ".post1", ".post2",
            ".post0.dev0", "+fips", ".post1+fips", "rc1+x")

# A bound is no local version (PEP 440 allows one only after == and !=, and packaging
# rejects ">=1.0+fips"): the same relatives without the local ones.
BOUND_SUFFIXES = tuple(s for s in SUFFIXES if "+" not in s)

# Three-part releases with a zero inside, which the trailing-zero rule must keep.
RELEASES = ("1.0", "1.1", "2.0", "1!1.0", "1.0.1", "1.0.0", "2.0.5")

EVERY_VERSION = tuple(Version(r + s) for r in RELEASES for s in SUFFIXES)


def indices(ranges: list[tuple[int, int]]) -> set[int]:
    return {i for low, high in ranges for i in range(low, high + 1)}


@st.composite
def lines_and_specifiers(draw: st.DrawFn) -> tuple[list[Version], SpecifierSet]:
    """A line of a few releases, each with several PEP 440 relatives, and bounds among them."""
    releases = draw(st.lists(st.sampled_from(RELEASES), min_size=1, max_size=3, unique=True))
    relatives = st.tuples(st.sampled_from(releases), st.sampled_from(SUFFIXES))
    line = sorted({Version(r + s) for r, s in draw(st.lists(relatives, min_size=1, max_size=10))})
    # Drawn as such rather than filtered from `relatives`, whose filter retried about one
    # draw in ten and gave up on about one example in a hundred.
    bound = st.tuples(st.sampled_from(releases), st.sampled_from(BOUND_SUFFIXES)).map(
        lambda rs: Version(rs[0] + rs[1]))
    clauses = []
    for _ in range(draw(st.integers(1, 2))):
        operator = draw(st.sampled_from(OPERATORS))
        clauses.append(f"{operator}{draw(bound)}")
    return line, SpecifierSet(",".join(clauses))


@given(lines_and_specifiers())
def test_allowed_ranges_equal_packagings_answer(case: tuple[list[Version], SpecifierSet]) -> None:
    line, specifier = case
    expected = {i + 1 for i, v in enumerate(line) if specifier.contains(v, prereleases=True)}
    special = sum(1 for v in line if v.pre or v.post is not None or v.dev is not None or v.local)
    event(f"special versions in the line: {min(special, 3)}{'+' if special >= 3 else ''}")
    if expected:
        event(f"accepted: {'all' if len(expected) == len(line) else 'some'}")
    elif any(specifier.contains(v, prereleases=True) for v in EVERY_VERSION):
        event("accepted: none")
    else:  # contradictory clauses: only the empty intersection is checked
        event("accepted: none, and no version of any line")
    # Where PEP 440 and a comparison of sorted versions part ways: a release some of
    # whose relatives in the line are accepted and some are not.
    releases = [Version(v.base_version) for v in line]  # epoch and release: 1.0 is 1.0.0
    split = {r for i, r in enumerate(releases) if i + 1 in expected} & {
        r for i, r in enumerate(releases) if i + 1 not in expected}
    event(f"a release split by the specifier: {'yes' if split else 'no'}")
    got = indices(_allowed_ranges(Requirement("base", specifier), VersionLine(line)))
    assert got == expected, (specifier, line)
