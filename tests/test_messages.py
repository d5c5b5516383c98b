"""render/messages.py: every error code has a sentence; every error's words pass gettext."""

from __future__ import annotations

import inspect
import re
import string
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bomgar_paths import _i18n
from bomgar_paths.catalog import check, load
from bomgar_paths.errors import (
    BomgarPathsError,
    CatalogError,
    CatalogProblem,
    Code,
    InputError,
    ParseError,
    Reason,
    ScheduleError,
    WindowError,
    WorkLimit,
)
from bomgar_paths.model import Goal, State
from bomgar_paths.render import messages
from bomgar_paths.render.messages import (
    SENTENCES,
    error_text,
    problem_text,
    quoted,
    reason_text,
)
from bomgar_paths.render.words import ENGLISH, Words
from bomgar_paths.scheduling import parse_start, schedule
from bomgar_paths.versions import parse_specifier, parse_version
from bomgar_paths.windows import Windows

# A value of the kind each way of showing a field expects.
SAMPLES: dict[str, Any] = {
    "_plain": "x",
    "_repr": "x",
    "_quote": "x",
    "_short_quote": "x",
    "_shown": 3,
    "_date_or_shown": 3,
    "_number": 1000,
    "_hex2": 0xFD,
    "_code_point": 0x202E,
    "_listed": ("a", "b"),
    "_reason": Reason(Code.SPECIFIER_EMPTY),
    "_word_or_placeholder": "",
    "_duration": timedelta(minutes=75),
    "_days": timedelta(days=365),
    "_near": "x",
    "_near_field": "version",
    "_windows": Windows.parse([f"Sat 0{h}:00-0{h}:30" for h in range(6)], "UTC"),
    "_error": InputError("state", "x", Reason(Code.STATE_EMPTY_PAIR)),
}


def sample(code: str) -> Reason:
    """A reason of ``code`` with every field its sentence declares."""
    fields = SENTENCES[code].fields
    return Reason(code, **{name: SAMPLES[show.__name__] for name, show in fields.items()})


def placeholders(msgid: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(msgid) if name}


class Shouting:
    """A gettext catalog whose "translation" upper-cases each message outside its
    ``{fields}``: text that did not pass through it stays lower-case."""

    @staticmethod
    def gettext(message: str, /) -> str:
        return re.sub(r"[^{}]+(?=\{|$)|(?<=\})[^{}]+", lambda m: m[0].upper(), message)

    def ngettext(self, singular: str, plural: str, n: int, /) -> str:
        return self.gettext(singular if n == 1 else plural)


SHOUTING = Words("xx", Shouting())


# -- every code has a sentence ---------------------------------------------------------


def test_every_code_has_a_sentence_and_every_sentence_a_code() -> None:
    codes = Code.every()
    assert len(codes) == len(set(codes)), "two names share a code"
    assert set(SENTENCES) == set(codes)


@pytest.mark.parametrize("code", Code.every())
def test_each_sentence_names_exactly_its_declared_fields(code: str) -> None:
    sentence = SENTENCES[code]
    assert placeholders(sentence.msgid) == set(sentence.fields) - {"near"}


@pytest.mark.parametrize("code", Code.every())
def test_each_code_renders_in_english_and_through_gettext(code: str) -> None:
    reason = sample(code)
    english = reason_text(reason, ENGLISH)
    assert english and "\n" not in english
    assert str(reason) == english
    if code != Code.SENTENCE:  # text kept whole is the one sentence not translated
        assert reason_text(reason, SHOUTING) != english


def test_the_did_you_mean_hint_is_a_sentence_of_its_own() -> None:
    reason = Reason(Code.UNKNOWN_KEY, key="soak_hour", near="soak_hours")
    assert str(reason) == "unknown key 'soak_hour'; did you mean 'soak_hours'?"
    assert reason_text(reason, SHOUTING) == "UNKNOWN KEY 'soak_hour'; DID YOU MEAN 'soak_hours'?"
    assert str(Reason(Code.UNKNOWN_KEY, key="x", near=None)) == "unknown key 'x'"


def test_every_sentence_is_found_by_the_extraction() -> None:
    found = {msgid for msgid, _ in _i18n.project_messages()}
    missing = [s.msgid for code, s in SENTENCES.items()
               if code != Code.SENTENCE and s.msgid not in found]
    assert not missing


# -- str(error) is error_text(error, ENGLISH) -----------------------------------------------


def raised(call: Any, *args: Any, **kwargs: Any) -> BomgarPathsError:
    with pytest.raises(BomgarPathsError) as caught:
        call(*args, **kwargs)
    return caught.value


def broken_catalog(tmp_path: Path) -> Path:
    path = tmp_path / "c.toml"
    path.write_text('[family.a]\nlabel = "A {version}"\nsoak_hour = 1\n'
                    '[[package]]\nfamily = "b"\nversion = "1"\n'
                    '[[package]]\nfamily = "a"\nversion = "x.y"\n')
    return path


def every_kind_of_error(tmp_path: Path) -> list[BomgarPathsError]:
    return [
        raised(State.parse, "base"),
        raised(State.parse, "base=" + "9" * 300 + "x"),
        raised(Goal.parse, ["latest", "base>=1"]),
        raised(parse_version, "x.y"),
        raised(parse_specifier, "=>1"),
        raised(load, broken_catalog(tmp_path)),
        raised(load, ""),
        raised(parse_start, "tomorrow"),
        raised(Windows.parse, ["Sat 06:00-06:00"], "UTC"),
        raised(Windows.parse, ["Sat"], "Mars/Olympus"),
        WorkLimit(10, 11, 10**15, ["a", "b", "c", "d", "e", "f", "g"]),
        InputError("plan", 3, "expected a Plan"),  # text: kept whole
    ]


def test_str_of_an_error_is_its_english_text(tmp_path: Path) -> None:
    for error in every_kind_of_error(tmp_path):
        assert str(error) == error_text(error, ENGLISH)
        assert "\n" not in str(error)


def test_every_error_renders_through_gettext(tmp_path: Path) -> None:
    for error in every_kind_of_error(tmp_path)[:-1]:
        assert error_text(error, SHOUTING) != error_text(error, ENGLISH), error


def test_an_input_error_renders_in_another_language() -> None:
    error = raised(State.parse, "base")
    assert str(error) == "invalid state 'base': 'base' is not FAMILY=VERSION"
    assert error_text(error, SHOUTING) == "INVALID STATE 'base': 'base' IS NOT FAMILY=VERSION"
    assert isinstance(error, InputError)
    assert (error.what, error.text, error.reason) == (
        "state", "base", Reason(Code.STATE_NOT_PAIR, part="base"))


def test_a_nested_reason_renders_in_the_same_language() -> None:
    error = raised(State.parse, "base=x.y")
    assert isinstance(error, InputError) and error.reason.code == Code.VERSION_INVALID
    assert error_text(error, SHOUTING).startswith("INVALID STATE 'base=x.y': 'x.y' IS NOT A")


def test_a_catalog_problem_renders_in_another_language(tmp_path: Path) -> None:
    problems = check(broken_catalog(tmp_path))
    unknown = next(p for p in problems if p.code == Code.UNKNOWN_KEY)
    assert str(unknown) == (f"{tmp_path / 'c.toml'}:3: family.a: unknown key 'soak_hour';"
                            " did you mean 'soak_hours'?")
    assert problem_text(unknown, SHOUTING) == (
        f"{tmp_path / 'c.toml'}:3: family.a: UNKNOWN KEY 'soak_hour'; DID YOU MEAN"
        " 'soak_hours'?")
    assert unknown.message == "unknown key 'soak_hour'; did you mean 'soak_hours'?"


def test_the_count_of_further_problems_is_a_plural(tmp_path: Path) -> None:
    first = CatalogProblem("c.toml", Reason(Code.NO_PACKAGES))
    assert str(CatalogError([first])) == "c.toml: catalog has no packages"
    assert str(CatalogError([first, first])).endswith(" (and 1 more problem)")
    assert str(CatalogError([first] * 3)).endswith(" (and 2 more problems)")
    assert error_text(CatalogError([first] * 3), SHOUTING).endswith(" (AND 2 MORE PROBLEMS)")
    assert str(CatalogError([])) == "invalid catalog"


def test_long_user_text_is_cut_and_its_length_is_words() -> None:
    assert quoted("x" * 101) == "'" + "x" * 100 + "'… (101 characters)"
    assert quoted("x" * 101, words=SHOUTING) == "'" + "x" * 100 + "'… (101 CHARACTERS)"
    assert quoted("short") == "'short'"
    assert quoted(12) == "12"


# -- the work limit -----------------------------------------------------------------


def test_the_work_limit_line_is_unchanged_in_english() -> None:
    error = WorkLimit(200_000, 200_001, 12_345_678, ["a", "b", "c", "d", "e", "f", "g"])
    assert str(error) == (
        "the question needs more than 200,000 states: 7 families (a, b, c, d, e, f, ...) whose"
        " versions combine into up to 12,345,678 states; narrow it with --to (fewer families)"
        " or --hold, or raise --max-states")
    assert "about 10^15" in str(WorkLimit(1, 2, 10**15, ["a", "b"]))
    assert "1 family (a)" in str(WorkLimit(1, 2, 3, ["a"]))
    # Its numbers as the language writes them.
    assert "200.000" in error_text(error, Words("tr", Shouting()))


# -- data, not sentences ------------------------------------------------------------


def test_catalog_problems_compare_by_their_data_not_their_text() -> None:
    coded = CatalogProblem("c.toml", Reason(Code.NO_PACKAGES), line=1)
    same = CatalogProblem("c.toml", Reason(Code.NO_PACKAGES), line=1)
    assert coded == same and hash(coded) == hash(same) and len({coded, same}) == 1
    # The same words from other data are another problem.
    as_text = CatalogProblem("c.toml", "catalog has no packages", line=1)
    assert str(as_text) == str(coded) and as_text != coded
    assert coded != CatalogProblem("c.toml", Reason(Code.NO_PACKAGES), line=2)
    assert coded != CatalogProblem("c.toml", Reason(Code.NO_PACKAGES), line=1, key="x")
    # Fields that cannot be hashed (TOML tables) or equal themselves (NaN) still compare.
    table = CatalogProblem("c.toml", Reason(Code.NUMBER_NOT_NUMBER, key="k", value={"a": [1]}))
    assert table == CatalogProblem("c.toml", Reason(Code.NUMBER_NOT_NUMBER, key="k",
                                                    value={"a": [1]}))
    nan = Reason(Code.NUMBER_NOT_FINITE, key="k", value=float("nan"))
    assert nan == Reason(Code.NUMBER_NOT_FINITE, key="k", value=float("nan"))


def test_parse_errors_are_value_errors_with_a_reason() -> None:
    with pytest.raises(ValueError, match="is not a version") as caught:
        parse_version("1.x")
    assert isinstance(caught.value, ParseError)
    assert caught.value.reason == Reason(Code.VERSION_INVALID, text="1.x")


def test_schedule_errors_name_the_library_input_not_a_flag() -> None:
    inputs = {*inspect.signature(schedule).parameters, *inspect.signature(Windows.parse).parameters}
    inputs |= {"windows", "schedule"}
    errors = [
        raised(parse_start, "tomorrow"),
        raised(Windows.parse, ["Sat 25:00-26:00"], "UTC"),
        raised(Windows.parse, ["Sat 01:00-02:00"], ""),
    ]
    plan = object()
    errors.append(raised(schedule, plan, "2026-12-05T01:00+00:00"))  # type: ignore[arg-type]
    for error in errors:
        assert isinstance(error, ScheduleError)
        assert error.what in inputs and "-" not in error.what, error.what
    window = errors[1]
    assert isinstance(window, WindowError) and window.what == "windows"
    assert window.reason == Reason(Code.TIME_INVALID, time="25:00")


def test_the_words_are_not_imported_until_an_error_is_shown() -> None:
    """Start-up time: the success path never loads the tables of sentences."""
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    code = ("import sys, bomgar_paths as bp; bp.plan(bp.load_bundled(), 'base=3.2.4');"
            " print('bomgar_paths.render.messages' in sys.modules)")
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=root, env={"PYTHONPATH": str(root)})
    assert result.stdout.strip() == "False"
    assert messages.MESSAGE_LIMIT == 500


def test_the_codes_for_raise_sites_that_still_pass_text_say_the_same() -> None:
    """planner.py, explain.py and render/words.py still pass sentences; switching
    them to these reasons leaves their lines byte-identical."""
    assert str(Reason(Code.EXPECTED_ONE_OF, choices=("en", "tr"))) == "expected one of en, tr"
    assert str(Reason(Code.EXPECTED_A_PLAN)) == "expected a Plan (from bomgar_paths.plan)"
    assert str(Reason(Code.MAX_STATES_INVALID)) == (
        "expected a whole number of states, 1 or more, or None for no limit")
    assert str(Reason(Code.UNKNOWN_FAMILY, family="license", families=("bomgar", "base"))) == (
        "unknown family 'license' (catalog has bomgar, base)")
