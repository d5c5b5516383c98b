"""Runbook rules found by review (issue 11): each a rule of the guide or of the issue that
a property does not already hold."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bomgar_paths import load_bundled
from bomgar_paths.errors import BomgarPathsError, ScheduleError, TopologyError
from bomgar_paths.runbook import Action, RunbookError, runbook
from bomgar_paths.topology import Topology, load_topology, read_topology
from bomgar_paths.windows import MAX_WINDOWS, Windows

START = datetime(2026, 12, 5, 1, 0, tzinfo=UTC)
FROM = "base=3.2.4,bomgar=11.1.2"


def actions(made: object) -> list[Action]:
    return [s.action for r in made.rounds for s in r.steps]  # type: ignore[attr-defined]


def test_no_soak_uninstalls_the_clients_first_and_reinstalls_them_last() -> None:
    made = runbook(load_bundled(), Topology.pair(FROM, "sync"), START, "bomgar<16", soak=False)
    steps = actions(made)
    assert steps[0] is Action.UNINSTALL_CLIENTS and steps[-1] is Action.REINSTALL_CLIENTS
    assert steps.count(Action.UNINSTALL_CLIENTS) == steps.count(Action.REINSTALL_CLIENTS) == 1
    # A new backup follows a Base install only, not every site package.
    for r in made.rounds:
        for before, step in zip(r.steps, r.steps[1:], strict=False):
            if step.action is Action.NEW_BACKUP:
                assert before.action is Action.INSTALL and before.package.startswith("Base")


def test_a_round_no_window_holds_is_warned_for_one_appliance_and_refused_for_a_pair() -> None:
    windows = Windows.parse("Sat 01:00-02:00", "Europe/Istanbul")
    single = runbook(load_bundled(), Topology.single(FROM), START, "bomgar<13", windows=windows)
    assert [s.packages for s in single.split_rounds] == [("Base Software 3.3.2",
                                                          "Bomgar-12.3.0")]
    with pytest.raises(RunbookError):
        runbook(load_bundled(), Topology.pair(FROM, "sync"), START, "bomgar<13",
                windows=windows)


def test_the_halt_of_a_sync_pair_names_the_appliance_to_fall_back_to() -> None:
    made = runbook(load_bundled(), Topology.pair(FROM, "sync"), START, "bomgar<13")
    first = next(s for s in made.rounds[0].steps if s.halt is not None)
    assert first.appliance == "A" and first.halt.serving is None  # type: ignore[union-attr]
    assert first.halt.fallback == "B"  # type: ignore[union-attr]
    later = [s for s in made.rounds[0].steps if s.halt is not None][1]
    assert later.appliance == "B" and later.halt.serving == "A"  # type: ignore[union-attr]


def test_regions_of_one_node_get_no_empty_steps_and_one_master_has_an_outage() -> None:
    made = runbook(load_bundled(), Topology.atlas(FROM, {"eu": 1, "us": 1}, failover=False),
                   START, "bomgar<13")
    for step in (s for r in made.rounds for s in r.steps):
        if step.action in (Action.STOP_ACCEPTING, Action.ACCEPT_CONNECTIONS):
            assert step.nodes
    assert made.single_node_regions == ("eu", "us")
    assert all(r.outage is not None for r in made.rounds)


def test_a_move_at_the_newest_reinstalls_the_clients_and_never_restores_older() -> None:
    made = runbook(load_bundled(), Topology.new_hardware(FROM, "base=3.2.4,bomgar=11.1.0"),
                   START, "bomgar<14", cut_over_at_newest=True)
    assert actions(made)[-1] is Action.REINSTALL_CLIENTS and made.cut_over_at_newest
    assert str(made.plan.goal) == "bomgar<14"
    with pytest.raises(RunbookError) as caught:
        runbook(load_bundled(), Topology.new_hardware("base=7.2.1,bomgar=26.3.0", FROM),
                START, "bomgar<14", cut_over_at_newest=True)
    assert caught.value.reason.code == "runbook.restore-older"


def test_manual_updates_obtain_first_and_traffic_nodes_take_theirs_from_the_cluster() -> None:
    from bomgar_paths.topology import Updates  # noqa: PLC0415

    made = runbook(load_bundled(), Topology.atlas(FROM, {"eu": 2}, failover_by="dns",
                                                  updates=Updates.MANUAL), START, "bomgar<13")
    obtains = [s for s in made.rounds[0].steps if s.action is Action.OBTAIN]
    assert {s.appliance for s in obtains} == {"A", "B"}  # the masters, not eu-1 or eu-2


@pytest.mark.parametrize(("call", "error"), [
    (lambda: Topology.atlas(FROM, {"eu": 10**9}), TopologyError),
    (lambda: Topology.atlas(FROM, ["eu"]), TopologyError),  # type: ignore[arg-type]
    (lambda: Topology.atlas(FROM, {"eu": 2.5}), TopologyError),  # type: ignore[dict-item]
    (lambda: Topology.atlas(FROM, {"<b>": 2}), TopologyError),
    (lambda: read_topology(5), TopologyError),  # type: ignore[arg-type]
    (lambda: load_topology(None), TopologyError),  # type: ignore[arg-type]
    (lambda: load_topology("a\0b"), TopologyError),
    (lambda: runbook(load_bundled(), Topology.single(FROM), START,
                     windows="Sat 01:00-05:00"), RunbookError),  # type: ignore[arg-type]
    (lambda: runbook(load_bundled(), Topology.single(FROM), START, tz=123),  # type: ignore[arg-type]
     RunbookError),
    (lambda: runbook(load_bundled(), Topology.single(FROM), START, soak="no"),  # type: ignore[arg-type]
     RunbookError),
    (lambda: runbook(load_bundled(), Topology.pair(FROM, "sync"), START,
                     validation=4), RunbookError),  # type: ignore[arg-type]
    (lambda: runbook(load_bundled(), Topology.pair(FROM, "sync"), START,
                     validation=timedelta(hours=-1)), RunbookError),
    (lambda: Windows.parse([f"Sat 01:{m:02d}-02:00" for m in range(MAX_WINDOWS + 1)], "UTC"),
     ScheduleError),
])
def test_bad_library_input_is_one_error_naming_it(call: object, error: type) -> None:
    with pytest.raises(error) as caught:
        call()  # type: ignore[operator]
    assert isinstance(caught.value, BomgarPathsError)
    assert "\n" not in str(caught.value) and str(caught.value)


def test_windows_past_the_horizon_are_only_the_one_offs() -> None:
    windows = Windows.parse(["daily 00:00-00:20", "9990-01-01T00:00/9990-01-01T05:00"], "UTC")
    found = list(windows.fitting(START, timedelta(hours=1), timedelta(days=30)))
    assert [o.opens.year for o in found] == [9990]


def test_a_cluster_too_slow_for_its_windows_is_told_to_update_more_nodes_at_once() -> None:
    windows = Windows.parse("Sat 00:00-12:00", "Europe/Istanbul")
    topology = Topology.atlas(FROM, {"eu": 20, "us": 20}, failover_by="dns")
    with pytest.raises(RunbookError) as caught:
        runbook(load_bundled(), topology, START, windows=windows)
    assert caught.value.reason.code == "runbook.nodes-no-window"
    assert "--nodes-at-once" in str(caught.value)
    two = Windows.parse(["Sat 00:00-12:00", "Sat 16:00-23:59"], "Europe/Istanbul")
    assert runbook(load_bundled(), topology, START, windows=two, nodes_at_once=20).rounds
