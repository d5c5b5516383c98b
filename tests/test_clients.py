"""Deployed clients (clients.py): follow-up after site installs, the no-soak lists,
the Jump Client estimate, durations in words."""

from __future__ import annotations

from datetime import timedelta

import attrs
from guide_example import at

from bomgar_paths.catalog import Catalog
from bomgar_paths.model import Goal, State
from bomgar_paths.planner import Plan, plan
from bomgar_paths.render import span
from bomgar_paths.render.schedule import action_text, client_text, late_text, warning_text
from bomgar_paths.scheduling import schedule
from bomgar_paths.windows import Windows


def test_follow_up_only_after_packages_that_update_clients(guide: Plan) -> None:
    result = schedule(guide, at("2026-12-05T01:00+03:00"))
    counts = [len(s.follow_up) for s in result.steps]
    assert counts == [0, 5, 5, 0, 8]  # hands-on items once, after the last site install
    last = result.steps[-1]
    clients = [client_text(f) for f in last.follow_up]
    assert clients == ["representative consoles", "Jump Clients", "Bomgar Buttons",
                       "Jumpoints", "connection agents",
                       "representative consoles (MSI-deployed)", "Integration Clients",
                       "installer packages"]
    jump = last.follow_up[1]
    assert jump.kind == "check" and jump.due == last.end + timedelta(hours=24)
    assert jump.installed == last.end
    assert ("every status date later than 2026-12-07T04:15+03:00"
            in action_text(jump, result.tz))
    assert [f.kind for f in last.follow_up[5:]] == ["manual"] * 3
    assert result.uninstall_before == result.reinstall_after == ()


def test_a_family_without_clients_update_has_no_follow_up(guide: Plan) -> None:
    families = {name: attrs.evolve(f, clients_update=False)
                for name, f in guide.catalog.families.items()}
    quiet = attrs.evolve(guide, catalog=Catalog.from_entries(families.values(),
                                                              guide.catalog.packages))
    result = schedule(quiet, at("2026-12-05T01:00+03:00"))
    assert all(s.follow_up == () for s in result.steps)


def test_no_soak_mode_lists_clients_to_uninstall_and_reinstall(no_soak: Plan) -> None:
    result = schedule(no_soak, at("2026-12-05T01:00+03:00"))
    assert all(s.follow_up == () and s.soak_until is None for s in result.steps)
    assert [client_text(f) for f in result.uninstall_before] == [
        "representative consoles", "Jump Clients", "Jumpoints", "Bomgar Buttons",
        "connection agents"]
    assert {f.due for f in result.uninstall_before} == {result.steps[0].start}
    reinstalled = [client_text(f) for f in result.reinstall_after]
    assert reinstalled[-2:] == ["Integration Clients", "installer packages"]
    assert {f.due for f in result.reinstall_after} == {result.completion}


def test_no_soak_mode_with_base_only_needs_no_uninstall(schedule_catalog: Catalog) -> None:
    base_only = plan(schedule_catalog, State.parse("base=3.3.2,bomgar=13.1.0"),
                     Goal.parse(["base>=5"]), soak=False)
    assert [s.package.family for s in base_only.steps] == ["base"]
    result = schedule(base_only, at("2026-12-05T01:00+03:00"))
    assert result.uninstall_before == result.reinstall_after == ()


def test_jump_client_throttle_estimate_and_warning(guide: Plan) -> None:
    start = at("2026-12-05T01:00+03:00")
    calm = schedule(guide, start, jump_clients=400, max_concurrent_jump_upgrades=20)
    assert calm.warnings == ()
    calm_jump = action_text(calm.steps[1].follow_up[1], calm.tz)
    assert "20 rounds" not in calm_jump
    assert "about 1 h 40 min" in calm_jump  # 20 rounds x 5 min
    busy = schedule(guide, start, jump_clients=8000, max_concurrent_jump_upgrades=20)
    assert len(busy.warnings) == 1
    assert busy.warnings[0].site_installs == len(busy.warnings[0].late) == 3
    warning = warning_text(busy.warnings[0], busy.tz)
    assert "after 3 of 3 site installs" in warning
    assert "raise Maximum Concurrent Jump Client Upgrades" in warning
    jump = busy.steps[1].follow_up[1]
    assert jump.late is not None and "1 d 9 h" in late_text(jump.late, busy.tz)
    assert jump.due == busy.steps[1].end + timedelta(minutes=400 * 5)
    # Weekly windows leave a week between site installs: only the last soak is short.
    windows = Windows.parse(["Sat 01:00-05:00"], "Europe/Istanbul")
    weekly = schedule(guide, start, windows=windows, jump_clients=8000,
                      max_concurrent_jump_upgrades=20)
    assert "after 1 of 3 site installs" in warning_text(weekly.warnings[0], weekly.tz)


def test_span_reads_well() -> None:
    assert span(timedelta(minutes=45)) == "45 min"
    assert span(timedelta(hours=2, minutes=15)) == "2 h 15 min"
    assert span(timedelta(days=3, hours=4, minutes=5)) == "3 d 4 h"
    assert span(timedelta(0)) == "0 min"

