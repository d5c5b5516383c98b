"""A saved plan checked again (issue 14, "Progress and re-checking")."""

from __future__ import annotations

import contextlib
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from bomgar_paths import load, render
from bomgar_paths.cli import main
from bomgar_paths.errors import InputError, Unreachable
from bomgar_paths.planner import Plan, plan
from bomgar_paths.progress import Position, progress, read_saved_plan
from bomgar_paths.testing import plans

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "docs" / "examples" / "progress"
NOW = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)


def saved(tmp_path: Path, the_plan: Plan, name: str = "plan.json") -> Path:
    path = tmp_path / name
    path.write_text(render.render(the_plan, "json"), encoding="utf-8")
    return path


@given(plans(), st.data())
def test_every_state_on_the_plan_is_found_with_what_is_left(the_plan: Plan,
                                                            data: st.DataObject) -> None:
    import tempfile  # noqa: PLC0415  (a fresh folder per example)

    with tempfile.TemporaryDirectory() as folder:
        back = read_saved_plan(saved(Path(folder), the_plan))
    assert back.start == the_plan.start and back.target == the_plan.target
    assert [s.package for s in back.steps] == [s.package.label for s in the_plan.steps]
    states = [the_plan.start, *(s.after for s in the_plan.steps)]
    done = data.draw(st.integers(0, len(the_plan.steps)))
    last = data.draw(st.none() | st.integers(0, 72).map(lambda h: NOW - timedelta(hours=h)))
    answer = progress(back, states[done], the_plan.catalog, now=NOW, last_site_install=last)
    event(str(answer.position))
    assert answer.done == done and not answer.catalog_changed and answer.fresh is None
    assert [s.package for s in answer.remaining] == [
        s.package.label for s in the_plan.steps[done:]]
    if done == len(the_plan.steps):
        assert answer.position is Position.DONE and answer.next_package is None
        return
    assert answer.next_package == the_plan.steps[done].package.label
    soaked = [s for s in the_plan.steps[:done] if s.soak_hours > 0]
    if not soaked:
        assert answer.earliest == NOW and answer.gated_by is None
    elif last is None:
        assert answer.earliest is None
        assert answer.gated_by == (soaked[-1].package.label, soaked[-1].soak_hours)
    else:
        assert answer.earliest == max(NOW, last + timedelta(hours=soaked[-1].soak_hours))


@given(plans())
def test_a_state_off_the_plan_gets_the_plan_from_it(the_plan: Plan) -> None:
    import tempfile  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as folder:
        back = read_saved_plan(saved(Path(folder), the_plan))
    on_plan = {the_plan.start, *(s.after for s in the_plan.steps)}
    # The start with its first step's family left where it was and another advanced.
    first = the_plan.steps[0].package
    others = [p for p in the_plan.catalog.packages if p.family != first.family
              and the_plan.start.get(p.family) is not None
              and p.version > the_plan.start.get(p.family)]  # type: ignore[operator]
    if not others:
        event("no state off the plan to try")
        return
    off = the_plan.start.with_version(others[0].family, others[0].version)
    if off in on_plan:
        event("that state is on the plan")
        return
    answer = progress(back, off, the_plan.catalog, now=NOW)
    assert answer.position is Position.OFF_PLAN and answer.remaining == ()
    try:
        expected = plan(the_plan.catalog, off, the_plan.goal, list(the_plan.holds),
                        soak=the_plan.soak)
    except Unreachable:  # from there: the answer says so
        assert answer.fresh is None and answer.fresh_unreachable is not None
        return
    assert answer.fresh == expected


def test_a_changed_catalog_is_named_with_whether_the_way_still_holds() -> None:
    back = read_saved_plan(EXAMPLES / "plan.json")
    same = progress(back, "base=3.3.2,bomgar=13.1.0", load(EXAMPLES / "site-later.toml"),
                    now=NOW)
    # Past the withdrawn Bomgar-13.1.0 the way is the same: still minimal.
    assert same.catalog_changed and same.still_minimal and same.fresh is None
    other = progress(back, "base=3.3.2,bomgar=12.2.0", load(EXAMPLES / "site-later.toml"),
                     now=NOW)
    assert other.catalog_changed and other.still_minimal is False
    assert other.fresh is not None and other.next_package == "Bomgar-13.2.0"
    unchanged = progress(back, "base=3.3.2,bomgar=12.2.0", load(EXAMPLES / "site.toml"),
                         now=NOW)
    assert not unchanged.catalog_changed and unchanged.still_minimal is None


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(args))
    return status, out.getvalue(), err.getvalue()


def test_the_json_records_the_question_and_the_answer() -> None:
    status, out, _ = run("progress", str(EXAMPLES / "plan.json"), "--catalog",
                         str(EXAMPLES / "site.toml"), "--from", "base=3.3.2,bomgar=12.2.0",
                         "--last-site-install", "2026-12-05T02:15+03:00", "--now",
                         "2026-12-05T09:00+03:00", "--format", "json")
    assert status == 0
    data = json.loads(out)
    assert data["position"] == "on-plan" and data["done"] == 2
    assert data["next"] == {"step": 3, "package": "Bomgar-13.1.0", "in": "plan",
                            "earliest": "2026-12-06T02:15:00+03:00",
                            "gated_by": "Bomgar-12.2.0"}
    assert data["plan"]["goal"] == "latest" and data["plan"]["soak"] is True


BAD = [
    ("not JSON", "{", "not JSON (line 1"),
    ("not a plan", '{"schema": 1}', "not a plan written by plan --format json"),
    ("another schema", None, "schema 2"),
    ("a step that is not a step", None, "its steps[1]"),
    ("a target that is not the last step's", None, "its target"),
]


@pytest.mark.parametrize(("name", "text", "named"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_plan_file_is_one_line(tmp_path: Path, name: str, text: str | None,
                                     named: str) -> None:
    data = json.loads((EXAMPLES / "plan.json").read_text())
    if name == "another schema":
        data["schema"] = 2
    elif name == "a step that is not a step":
        data["steps"][0]["version"] = [1]
    elif name == "a target that is not the last step's":
        data["target"] = {"base": "9.9"}
    path = tmp_path / "plan.json"
    path.write_text(text if text is not None else json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError):
        read_saved_plan(path)
    status, out, err = run("progress", str(path), "--from", "base=3.3.2")
    assert (status, out) == (2, "") and err.count("\n") == 1 and "Traceback" not in err
    assert named in err and str(path) in err, err


def test_times_are_checked() -> None:
    plan_file = str(EXAMPLES / "plan.json")
    for option, value, named in (("--now", "tomorrow", "invalid --now 'tomorrow'"),
                                 ("--now", "2026-12-05T09:00", "give a UTC offset"),
                                 ("--last-site-install", "2030-01-01T00:00Z", "after now")):
        status, _, err = run("progress", plan_file, "--from", "base=3.3.2", option, value,
                             *(() if option == "--now" else ("--now", "2026-12-05T09:00Z")))
        assert status == 2 and named in err, err
    status, _, err = run("progress", str(EXAMPLES / "missing.json"), "--from", "base=3.3.2")
    assert status == 2 and "cannot read it" in err
