"""The catalog reader's fast path (issue 10) gives what the detailed validator gives.

``_Reader.plain_package`` takes entries whose keys and values are plainly right;
anything else falls back to ``_Reader.package``. Each test reads the same text
twice, with the fast path and with it switched off, and compares the catalogs
(every family and package, the digest) and the problems (every message).
"""

from __future__ import annotations

import datetime
import math
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from bomgar_paths import _reader
from bomgar_paths._reader import PACKAGE_KEYS, _Lines, _Reader
from bomgar_paths.catalog import Catalog, bundled_path
from bomgar_paths.errors import CatalogProblem

FAMILIES = """\
[family.base]
label = "Base Software {version}"
priority = 2

[family.bomgar]
label = "Bomgar-{version}"
soak_hours = 24
install_minutes = 45
priority = 1

[family.twice]
label = "{family}: {version} ({{version}}: {version})"

[family.broken]
label = "no version field"
"""


def read_text(text: str, *, fast: bool) -> tuple[Catalog | None, list[CatalogProblem],
                                                  int]:
    """The catalog and problems of one file's text; and how many entries took the
    fast path."""
    reader = _Reader()
    taken = 0
    plain = reader.plain_package

    def counted(*args: Any) -> Any:
        nonlocal taken
        found = plain(*args) if fast else None
        taken += found is not None
        return found

    reader.plain_package = counted  # type: ignore[method-assign]
    reader.parse(Path("catalog.toml"), text)
    return reader.build("catalog.toml", "sha256:0"), reader.problems, taken


def same(text: str) -> int:
    """Assert that both paths read ``text`` alike; the number of fast entries."""
    fast_catalog, fast_problems, taken = read_text(text, fast=True)
    slow_catalog, slow_problems, _ = read_text(text, fast=False)
    assert fast_problems == slow_problems
    assert [str(p) for p in fast_problems] == [str(p) for p in slow_problems]
    if slow_catalog is None:
        assert fast_catalog is None
    else:
        assert fast_catalog is not None
        assert fast_catalog.families == slow_catalog.families
        assert fast_catalog.packages == slow_catalog.packages
        assert (fast_catalog.source, fast_catalog.digest) == (slow_catalog.source,
                                                              slow_catalog.digest)
        for a, b in zip(fast_catalog.packages, slow_catalog.packages, strict=True):
            assert [r.text for r in a.requires] == [r.text for r in b.requires]
            assert (type(a.soak_hours), type(a.install_minutes)) == (
                type(b.soak_hours), type(b.install_minutes))
    return taken


# Entries the fast path must take, and entries it must leave to the validator.
ENTRIES = [
    ('family = "base"\nversion = "3.3.2"\nrequires = { bomgar = ">=11.1" }', True),
    ('family = "bomgar"\nversion = "12.2.0"\nrequires = { base = ">=3.3.2", bomgar = ">=11.1" }\n'
     'released = 2012-10-01\nsource = "guide"\nnotes = "n"\nwithdrawn = "w"', True),
    ('family = "bomgar"\nversion = " 12.2 "\nsoak_hours = 0.5\ninstall_minutes = 0', True),
    ('family = "bomgar"\nversion = "v12.2"\nrequires = { base = " >= 3.3 , < 4 " }', True),
    ('family = "bomgar"\nversion = "12.2"\nrequires = {}', True),
    ('family = "bomgar"\nversion = "12.2"\nsoak_hours = 8760\ninstall_minutes = 525600', True),
    ('family = "twice"\nversion = " 2.0 "', True),  # a label that names it twice
    ('family = "bomgar"\nversion = "14.3.3fips"', False),  # a vendor spelling
    ('family = "bomgar"\nversion = "12.x"', False),
    ('family = "bomgar"\nversion = 12', False),
    ('family = "bomgar"', False),
    ('version = "1.0"', False),
    ('family = 1\nversion = "1.0"', False),
    ('family = "nosuch"\nversion = "1.0"', False),
    ('family = "broken"\nversion = "1.0"', False),
    ('family = "bomgar"\nversion = "1.0"\nverison = "1.0"', False),
    ('family = "bomgar"\nversion = "1.0"\nrequires = { nosuch = ">=1" }', False),
    ('family = "bomgar"\nversion = "1.0"\nrequires = { base = "=>1" }', False),
    ('family = "bomgar"\nversion = "1.0"\nrequires = { base = "" }', False),
    ('family = "bomgar"\nversion = "1.0"\nrequires = { base = 1 }', False),
    ('family = "bomgar"\nversion = "1.0"\nrequires = ">=1"', False),
    ('family = "bomgar"\nversion = "1.0"\nsoak_hours = -1', False),
    ('family = "bomgar"\nversion = "1.0"\nsoak_hours = nan', False),
    ('family = "bomgar"\nversion = "1.0"\nsoak_hours = inf', False),
    ('family = "bomgar"\nversion = "1.0"\nsoak_hours = true', False),
    ('family = "bomgar"\nversion = "1.0"\nsoak_hours = "24"', False),
    ('family = "bomgar"\nversion = "1.0"\nsoak_hours = 8761', False),
    ('family = "bomgar"\nversion = "1.0"\ninstall_minutes = 525601', False),
    ('family = "bomgar"\nversion = "1.0"\ninstall_minutes = 1' + "0" * 400, False),
    ('family = "bomgar"\nversion = "1.0"\nreleased = "2012-10-01"', False),
    ('family = "bomgar"\nversion = "1.0"\nreleased = 2012-10-01T10:00:00', False),
    ('family = "bomgar"\nversion = "1.0"\nreleased = 10:00:00', False),
    ('family = "bomgar"\nversion = "1.0"\nsource = " "', False),
    ('family = "bomgar"\nversion = "1.0"\nnotes = 3', False),
    ('family = "bomgar"\nversion = "1.0"\nwithdrawn = ""', False),
]


@pytest.mark.parametrize(("entry", "plain"), ENTRIES)
def test_each_entry_reads_alike_both_ways(entry: str, plain: bool) -> None:
    """The fast path takes the plain entries, and either way the answer is the same."""
    assert same(FAMILIES.replace('\n[family.broken]\nlabel = "no version field"\n', "")
                + "\n[[package]]\n" + entry + "\n") == (1 if plain else 0)
    # With a broken family beside it (no catalog, the same problems).
    same(FAMILIES + "\n[[package]]\n" + entry + "\n")


def test_duplicates_and_mixed_entries_read_alike() -> None:
    entries = "".join(f"\n[[package]]\n{entry}\n" for entry, _ in ENTRIES)
    same(FAMILIES + entries)
    good = "".join(f"\n[[package]]\n{entry}\n" for entry, plain in ENTRIES if plain)
    same(FAMILIES.replace('\n[family.broken]\nlabel = "no version field"\n', "") + good)


def test_the_bundled_catalog_reads_alike_both_ways() -> None:
    for file in sorted(bundled_path().rglob("*.toml")):
        text = file.read_text(encoding="utf-8")
        # Each file alone lacks the families of the others: problems, compared too.
        same(text)
    whole = "\n".join(f.read_text(encoding="utf-8")
                      for f in sorted(bundled_path().rglob("*.toml")))
    assert same(whole) > 0


# -- a property over generated entries -----------------------------------------------------

_TEXT = st.text(st.sampled_from(" ab1.-<>=,*~!\t"), max_size=8)
_VERSIONS = st.one_of(st.sampled_from(["1.0", "2", " 3.1 ", "v1.2", "1.0fips", "1.x", "1.0rc1",
                                       "", "1.0+local", "0!1.0"]), _TEXT)
_SPECIFIERS = st.one_of(st.sampled_from([">=1", ">=1,<2", "<2, >=1", "==1.*", "~=1.2", "!=1.5",
                                         "===1.0", "=>1", "", ">=1 and <2", ">=1,,<2",
                                         ">=1,>=1.0", ">= 1"]), _TEXT)
_NUMBERS = st.one_of(st.integers(-2, 10), st.floats(allow_nan=True, allow_infinity=True),
                     st.sampled_from([8760, 8760.5, 525600, 525601, 10**20]), st.booleans(),
                     st.just("3"))
_TEXTS = st.one_of(st.sampled_from(["", " ", "note", " x "]), st.integers(0, 3))
_DATES = st.one_of(st.dates(), st.datetimes(), st.times(), st.just("2012-10-01"))

_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "family": st.one_of(st.sampled_from(["base", "bomgar", "broken", "nosuch"]),
                        st.integers(0, 2)),
    "version": st.one_of(_VERSIONS, st.integers(0, 3)),
    "requires": st.one_of(
        st.dictionaries(st.sampled_from(["base", "bomgar", "broken", "nosuch"]),
                        st.one_of(_SPECIFIERS, st.integers(0, 3)), max_size=3),
        _SPECIFIERS),
    "works_with": st.one_of(
        st.dictionaries(st.sampled_from(["base", "bomgar", "broken", "nosuch"]),
                        st.one_of(_SPECIFIERS, st.integers(0, 3)), max_size=3),
        _SPECIFIERS),
    "soak_hours": _NUMBERS,
    "install_minutes": _NUMBERS,
    "released": _DATES,
    "withdrawn": _TEXTS,
    "source": _TEXTS,
    "notes": _TEXTS,
    "verison": _VERSIONS,  # an unknown key
}


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "nan" if math.isnan(value) else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t") + '"'
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + " }"
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    raise AssertionError(value)


@st.composite
def entries(draw: st.DrawFn) -> str:
    # Mostly plain entries, so that the fast path is tried where it matters; then
    # one or two keys with anything at all.
    table: dict[str, Any] = {
        "family": draw(st.sampled_from(["base", "bomgar", "twice"])),
        "version": draw(st.sampled_from(["1.0", "2.0.1", "3", " 4.1 "])),
    }
    if draw(st.booleans()):
        table["requires"] = draw(st.dictionaries(st.sampled_from(["base", "bomgar"]),
                                                 st.sampled_from([">=1", ">=1,<3", "<2"]),
                                                 max_size=2))
    if draw(st.booleans()):  # on the other family (its own is refused)
        other = "bomgar" if table["family"] == "base" else "base"
        table["works_with"] = {other: draw(st.sampled_from([">=1", "<3"]))}
    for key in draw(st.lists(st.sampled_from(sorted(_VALUES)), max_size=2, unique=True)):
        table[key] = draw(_VALUES[key])
    return "".join(f"{key} = {_toml(value)}\n" for key, value in table.items())


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(entries(), min_size=1, max_size=4))
def test_generated_entries_read_alike_both_ways(drawn: list[str]) -> None:
    text = FAMILIES.replace('\n[family.broken]\nlabel = "no version field"\n', "")
    taken = same(text + "".join(f"\n[[package]]\n{entry}" for entry in drawn))
    event(f"fast path taken by {taken} of {len(drawn)}")
    assert set(_VALUES) - {"verison"} == set(PACKAGE_KEYS)


# -- where headers start -------------------------------------------------------------------

# The patterns as they were, anchored at the start of each line: the reference.
_ANCHORED_FAMILY = re.compile(r'^[^\S\n]*\[(?!\[)[^\S\n]*(?:family|"family")[^\S\n]*\.'
                              r'[^\S\n]*([\w-]+|"[^"\n]*")', re.MULTILINE)
_ANCHORED_PACKAGE = re.compile(r"^[^\S\n]*\[\[[^\S\n]*package[^\S\n]*\]\]", re.MULTILINE)


def _anchored(text: str, pattern: re.Pattern[str]) -> list[tuple[int, str]]:
    return [(text.count("\n", 0, m.start()) + 1, m[1] if pattern.groups else "")
            for m in pattern.finditer(text)]


_PIECES = st.sampled_from(["[[package]]", "[family.a]", '[ "family" . "b c" ]', "[[", "[",
                           "family", ".", "x", " ", "\t", "\r", "\x1c", "\u2028", "\xa0",
                           "package", "]]", '"', "=", "[family.a-b_c]", "# [[package]]",
                           "[[ package ]]", "[\tfamily.b]"])
# A line: what may stand before a header (whitespace of any kind, or text), then pieces.
_LINES = st.tuples(st.sampled_from(["", " ", "\t", "\x1c", " \t\x0b", "\u3000", "x", "x "]),
                   st.lists(_PIECES, max_size=4).map("".join)).map("".join)


@given(st.lists(_LINES, max_size=12).map("\n".join))
def test_header_lines_are_found_as_by_the_anchored_patterns(text: str) -> None:
    packages = [line for line, _ in _anchored(text, _ANCHORED_PACKAGE)]
    families: dict[str, int] = {}
    for line, name in _anchored(text, _ANCHORED_FAMILY):
        families.setdefault(name.strip('"'), line)
    lines = _Lines(text)
    # Asked in any order, and for names that are not there.
    for name in [*sorted(families, reverse=True), "nosuch", *families]:
        assert lines.family(name) == families.get(name)
    assert [lines.package(i, len(packages)) for i in range(len(packages))] == packages
    assert lines.package(0, len(packages) + 1) is None


def test_the_reader_module_keeps_its_limits() -> None:
    assert _reader._LIMITS == {"soak_hours": 8760, "install_minutes": 525600}
