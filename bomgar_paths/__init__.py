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
"""

__version__ = "0.1.0"

from .catalog import Catalog, bundled_path, check, load, load_bundled
from .errors import BomgarPathsError, CatalogError, CatalogProblem, InputError
from .explain import Derivation, Explanation, Fact, Ref, Skipped, WhatIf, explain_goal
from .explain import explain_package, skipped
from .model import Family, Goal, Package, Requirement, State
from .offers import Diagnosis, Offer, Unmet, diagnose, offers, unlock
from .planner import Plan, Step, Totals, Unreachable, plan

__all__ = [
    "BomgarPathsError",
    "Catalog",
    "CatalogError",
    "CatalogProblem",
    "Derivation",
    "Diagnosis",
    "Explanation",
    "Fact",
    "Family",
    "Goal",
    "InputError",
    "Offer",
    "Package",
    "Plan",
    "Ref",
    "Requirement",
    "Skipped",
    "State",
    "Step",
    "Totals",
    "Unmet",
    "Unreachable",
    "WhatIf",
    "__version__",
    "bundled_path",
    "check",
    "diagnose",
    "explain_goal",
    "explain_package",
    "load",
    "load_bundled",
    "offers",
    "plan",
    "skipped",
    "unlock",
]
