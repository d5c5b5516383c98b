"""The Turkish golden outputs (tests/cases/turkish.toml) say everything in Turkish.

The outputs themselves are golden files, compared byte for byte by tests/test_cases.py;
this checks that none of them still holds an English sentence: a message without its
translation, or words built outside the catalog. Package labels (Base Software 3.3.2,
Bomgar-12.2.0) and the English screen labels in parentheses after the Turkish ones
("Bu Güncellemeyi Yükle (Install This Update)") are allowed.
"""

from __future__ import annotations

import re

import golden
import pytest

CASES = [c for c in golden.all_cases() if c.path.stem == "turkish"]
ENGLISH = (" the ", " is ", " and ", " of ", " requires ", " install ", " are ", " with ",
           "Goal:", "Nothing to", "usage:", "error:", "Total:", "Then installed", "invalid",
           "because", "What to do", "greyed out", "available")


def test_every_kind_of_answer_has_a_turkish_golden() -> None:
    names = {c.name for c in CASES}
    assert {"plan", "updates", "why_greyed", "unreachable", "schedule", "error_state",
            "help"} <= names


# Text that is the catalog's or the user's own, quoted as it is, and TOML keys ("requires
# değeri ..."): not ours to translate.
THEIRS = re.compile(r"'[^']*'|FIPS build, for FIPS-mode appliances only: .*|\w+(?= değeri)")


@pytest.mark.parametrize(("case", "fmt"), [pytest.param(c, f, id=f"{c.name}/{f}")
                                           for c in CASES for f in c.formats])
def test_no_english_is_left(case: golden.Case, fmt: str) -> None:
    text = case.expected_file(fmt).read_text(encoding="utf-8")
    ours = _outside_parentheses(THEIRS.sub("", text))
    for english in ENGLISH:
        assert english not in ours, (english, case.name)


def _outside_parentheses(text: str) -> str:
    """``text`` without what is inside (...): the English labels after Turkish ones."""
    out, depth = [], 0
    for char in text:
        depth += char == "("
        if depth == 0:
            out.append(char)
        depth -= char == ")" and depth > 0
    return "".join(out)
