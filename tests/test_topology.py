"""Topologies (issue 11): the file format's errors, one line each with file, entry and
line; the command line's shortcuts; and the runbook command's bad options."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from bomgar_paths.cli import main
from bomgar_paths.errors import TopologyError
from bomgar_paths.topology import Kind, Method, Role, Topology, load_topology, read_topology

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "docs" / "examples" / "runbooks"
STATE = 'state = "base=3.2.4,bomgar=11.1.2"'


def appliance(name: str, role: str, extra: str = "") -> str:
    return f'[[appliance]]\nname = "{name}"\nrole = "{role}"\n{STATE}\n{extra}\n'


PAIR = '[deployment]\nkind = "pair"\nmethod = "sync"\n\n'
ATLAS = '[deployment]\nkind = "atlas"\nfailover_by = "dns"\n\n'

# (name, file text, the code of the first problem, text the line must name)
BAD_FILES = [
    ("two primaries", PAIR + appliance("a", "primary") + appliance("b", "primary"),
     "topology.role-count", "role primary, not 2"),
    ("no master", ATLAS + appliance("t1", "traffic", 'region = "eu"'),
     "topology.role-count", "role primary, not 0"),
    ("unknown role", PAIR + appliance("a", "primary") + appliance("b", "secondary"),
     "topology.not-one-of", "'secondary' is not one of"),
    ("a pair of three", PAIR + appliance("a", "primary") + appliance("b", "backup")
     + appliance("c", "backup"), "topology.role-count", "role backup, not 2"),
    ("a traffic node in a pair", PAIR + appliance("a", "primary") + appliance("b", "backup")
     + appliance("t", "traffic", 'region = "eu"'), "topology.role-not-in-kind",
     "role traffic has no place in kind pair"),
    ("a state that does not parse", PAIR + appliance("a", "primary").replace(
        "3.2.4", "three") + appliance("b", "backup"), "topology.state", "invalid state"),
    ("no kind", appliance("a", "appliance"), "topology.kind-missing", "no kind"),
    ("an unknown key", PAIR + appliance("a", "primary", 'hots = "x"') + appliance("b", "backup"),
     "topology.unknown-key", "did you mean 'host'?"),
    ("no method", '[deployment]\nkind = "pair"\n' + appliance("a", "primary")
     + appliance("b", "backup"), "topology.pair-method", "method"),
    ("async without failover_by", PAIR.replace("sync", "async") + appliance("a", "primary")
     + appliance("b", "backup"), "topology.failover-by", "failover_by"),
    ("a traffic node without a region", ATLAS + appliance("a", "primary")
     + appliance("b", "backup") + appliance("t", "traffic"), "topology.region-missing",
     "region"),
    ("two names alike", PAIR + appliance("a", "primary") + appliance("A", "backup"),
     "topology.name-twice", "'A'"),
    ("not TOML", "[deployment\nkind = 1", "topology.syntax", "not TOML"),
    ("a number for a name", PAIR + appliance("a", "primary").replace('"a"', "1")
     + appliance("b", "backup"), "topology.not-text", "name must be text"),
    ("cluster nodes apart", ATLAS + appliance("a", "primary") + appliance("b", "backup")
     + appliance("t", "traffic", 'region = "eu"').replace("3.2.4", "3.3.2"),
     "topology.atlas-states", "the master runs"),
]


@pytest.mark.parametrize(("name", "text", "code", "named"), BAD_FILES,
                         ids=[row[0] for row in BAD_FILES])
def test_a_bad_topology_file_is_one_line_naming_file_entry_and_line(
        tmp_path: Path, name: str, text: str, code: str, named: str) -> None:
    path = tmp_path / "deployment.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TopologyError) as caught:
        load_topology(path)
    first = caught.value.problems[0]
    assert first.code == code
    assert first.line is not None or code in ("topology.kind-missing",)
    status, out, err = run(["runbook", "--topology", str(path), "--start",
                            "2026-12-05T01:00+03:00"])
    assert (status, out) == (2, "")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert str(path) in err and named in err, err


def test_problems_name_the_appliance_and_the_line_of_its_key(tmp_path: Path) -> None:
    text = PAIR + appliance("a", "primary") + appliance("b", "backup", 'hots = "x"')
    with pytest.raises(TopologyError) as caught:
        read_topology(text, "d.toml")
    problem = caught.value.problems[0]
    assert (problem.entry, problem.key) == ("appliance b", "hots")
    assert text.splitlines()[problem.line - 1] == 'hots = "x"'  # type: ignore[operator]


def test_every_example_file_reads() -> None:
    kinds = {path.stem: load_topology(path).kind for path in sorted(EXAMPLES.glob("*.toml"))}
    assert kinds == {"atlas": Kind.ATLAS, "new-hardware": Kind.NEW_HARDWARE,
                     "pair": Kind.PAIR}
    pair = load_topology(EXAMPLES / "pair.toml")
    assert pair.method is Method.ASYNC and pair.one(Role.PRIMARY).host == (  # type: ignore[union-attr]
        "support-a.example.com")


def test_the_shortcuts_make_the_topologies_a_file_makes() -> None:
    state = "base=3.2.4,bomgar=11.1.2"
    atlas = Topology.atlas(state, {"eu": 2, "us": 1}, failover_by="dns")
    assert [a.name for a in atlas.appliances] == ["A", "B", "eu-1", "eu-2", "us-1"]
    assert atlas.with_failover and atlas.method is Method.GUIDE
    assert not Topology.atlas(state, {"eu": 2}, failover=False).with_failover
    with pytest.raises(TopologyError, match="failover_by"):
        Topology.atlas(state, {"eu": 2})


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(argv)
    return status, out.getvalue(), err.getvalue()


START = ["--start", "2026-12-05T01:00+03:00"]
BAD_OPTIONS = [
    (["--pair", "async"], "--pair async needs --failover-by"),
    (["--atlas", "eu=2"], "--atlas needs --failover-by"),
    (["--atlas", "eu=2", "--staged", "--no-backup-master"], "leave out --no-backup-master"),
    (["--staged"], "--staged goes with --atlas"),
    (["--pair", "sync", "--atlas", "eu=2"], "describe different deployments"),
    (["--atlas", "eu=two"], "invalid --atlas"),
    (["--atlas", "eu=2,eu=3", "--failover-by", "dns"], "given twice"),
    (["--atlas", "eu=0", "--failover-by", "dns"], "from 1 to 1000"),
    (["--backup-from", "base=3.3.2"], "--backup-from goes with --pair"),
    (["--failover-by", "dns"], "--failover-by goes with --pair or --atlas"),
    (["--pair", "sync", "--validation", "soon"], "invalid duration"),
    (["--pair", "sync", "--max-unprotected", "9999d"], "at most a year"),
    (["--atlas", "eu=2", "--no-backup-master", "--nodes-at-once", "0"], "updated at once"),
    (["--pair", "sync", "--backup-from", "base=nope"], "invalid state"),
    (["--new-hardware", "bomgar=99.0"], "cannot be reached"),
]


@pytest.mark.parametrize(("options", "named"), BAD_OPTIONS,
                         ids=[" ".join(o) for o, _ in BAD_OPTIONS])
def test_bad_runbook_options_are_one_line(options: list[str], named: str) -> None:
    status, out, err = run(["runbook", "--from", "base=3.2.4,bomgar=11.1.2", *START, *options])
    assert status in (1, 2) and "Traceback" not in err, err
    assert named in err or named in out, (err, out)
    if status == 2:
        assert err.count("\n") == 1 and out == ""


def test_durations_read_as_written() -> None:
    for text in ("0", "90m", "1h30m", "PT8H", "0.5d"):
        status, _, err = run(["runbook", "--from", "base=3.2.4,bomgar=11.1.2", *START,
                              "--pair", "sync", "--to", "bomgar<13", "--validation", text])
        assert status == 0 and err == "", (text, err)


def test_topology_and_from_together_are_refused() -> None:
    status, _, err = run(["runbook", "--topology", str(EXAMPLES / "pair.toml"), "--from",
                          "base=3.2.4", *START])
    assert status == 2 and "leave out --from" in err
