"""Plan upgrades of Bomgar / BeyondTrust remote-support appliances.

The data flows one way: a catalog and a state come in, answers (offers, plans,
explanations) come out as attrs values, and the renderers write them as text,
JSON or Markdown::

    import bomgar_paths as bp

    catalog = bp.load_bundled()
    start = bp.State.parse("base=3.2.4,bomgar=11.1.2")
    result = bp.plan(catalog, start)                 # latest, with 24 h soaks
    for step in result.steps:
        print(step.package.label, step.after)

    from bomgar_paths.render import render
    print(render(result, "markdown", "tr"))          # what the command line prints
"""

__version__ = "0.1.0"

import importlib
import typing

from .catalog import Catalog, CatalogCheck, bundled_path, check, check_report, load, load_bundled
from .errors import (
    MAX_STATES,
    BomgarPathsError,
    CatalogError,
    CatalogProblem,
    InputError,
    InventoryError,
    ScheduleError,
    TopologyError,
    Unreachable,
    WindowError,
    WorkLimit,
)
from .model import Family, Goal, Package, Requirement, State

if typing.TYPE_CHECKING:  # type checkers see every name; at run time these load on use
    from .diagnosis import Diagnosis, Status, diagnose
    from .explain import (
        Action,
        ActionKind,
        ConclusionKind,
        Derivation,
        Explanation,
        Fact,
        FactKind,
        Ref,
        Skipped,
        WhatIf,
        explain_goal,
        explain_package,
        skipped,
    )
    from .fleet import Fleet, FleetReporter, summarize
    from .inventory import BadRow, InventoryRow, read_inventory
    from .planner import Plan, Step, Totals, plan
    from .runbook import Runbook, RunbookError
    from .scheduling import Schedule, ScheduledStep, schedule
    from .topology import Topology, load_topology
    from .updates import Offer, Unmet, UpdatesPage, offers, unlock, updates_page
    from .waves import plan_waves
    from .windows import Windows

# The search, the Updates page, explanations and schedules load on first use
# (PEP 562): the command line imports only what its command needs, and its
# start-up time counts (docs/performance.md).
_LAZY = {
    "Offer": "updates", "Unmet": "updates", "offers": "updates", "unlock": "updates",
    "UpdatesPage": "updates", "updates_page": "updates",
    "Diagnosis": "diagnosis", "Status": "diagnosis", "diagnose": "diagnosis",
    "Plan": "planner", "Step": "planner", "Totals": "planner", "plan": "planner",
    "Action": "explain", "ActionKind": "explain", "ConclusionKind": "explain",
    "Derivation": "explain", "Explanation": "explain", "Fact": "explain",
    "FactKind": "explain", "Ref": "explain",
    "Skipped": "explain", "WhatIf": "explain", "explain_goal": "explain",
    "explain_package": "explain", "skipped": "explain",
    "Schedule": "scheduling", "ScheduledStep": "scheduling", "schedule": "scheduling",
    "Windows": "windows",
    "Runbook": "runbook", "RunbookError": "runbook",
    "Topology": "topology", "load_topology": "topology",
    # Not ``fleet`` itself: importing the module makes ``bomgar_paths.fleet`` the module
    # (``from bomgar_paths.fleet import fleet``).
    "Fleet": "fleet", "FleetReporter": "fleet", "summarize": "fleet",
    "BadRow": "inventory", "InventoryRow": "inventory", "read_inventory": "inventory",
    "plan_waves": "waves",
}  # fmt: skip


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'bomgar_paths' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value

__all__ = [  # noqa: RUF022  (plain sorted order: tests/test_public_api.py)
    "Action",
    "ActionKind",
    "BadRow",
    "BomgarPathsError",
    "Catalog",
    "CatalogCheck",
    "CatalogError",
    "CatalogProblem",
    "ConclusionKind",
    "Derivation",
    "Diagnosis",
    "Explanation",
    "Fact",
    "FactKind",
    "Family",
    "Fleet",
    "FleetReporter",
    "Goal",
    "InputError",
    "InventoryError",
    "InventoryRow",
    "MAX_STATES",
    "Offer",
    "Package",
    "Plan",
    "Ref",
    "Requirement",
    "Runbook",
    "RunbookError",
    "Schedule",
    "ScheduleError",
    "ScheduledStep",
    "Skipped",
    "State",
    "Status",
    "Step",
    "Topology",
    "TopologyError",
    "Totals",
    "Unmet",
    "Unreachable",
    "UpdatesPage",
    "WhatIf",
    "WindowError",
    "Windows",
    "WorkLimit",
    "__version__",
    "bundled_path",
    "check",
    "check_report",
    "diagnose",
    "explain_goal",
    "explain_package",
    "load",
    "load_bundled",
    "load_topology",
    "offers",
    "plan",
    "plan_waves",
    "read_inventory",
    "schedule",
    "skipped",
    "summarize",
    "unlock",
    "updates_page",
]
