import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings

# The oracle, the golden-case loader and shared examples live beside the tests.
sys.path.insert(0, str(Path(__file__).parent))

from guide_example import CASES, GUIDE, LABELS

from bomgar_paths.catalog import Catalog, load
from bomgar_paths.model import State
from bomgar_paths.planner import Plan, plan

settings.register_profile("dev", max_examples=100, deadline=None)
# CI: hundreds of examples per property, still a few minutes in all on 2 cores.
settings.register_profile(
    "ci", max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
# Mutation testing (docs/testing.md): fewer examples, the same ones on every run (a
# mutant's verdict does not depend on luck), and no shrinking (a failure is all it needs).
settings.register_profile(
    "mutation", max_examples=50, deadline=None, derandomize=True, database=None,
    phases=[Phase.explicit, Phase.generate], suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


# -- the guide's example in miniature (tests/guide_example.py) -------------------


@pytest.fixture(scope="session")
def schedule_catalog() -> Catalog:
    return load(CASES / "catalog.toml")


@pytest.fixture(scope="session")
def guide(schedule_catalog: Catalog) -> Plan:
    result = plan(schedule_catalog, State.parse(GUIDE))
    assert [s.package.label for s in result.steps] == LABELS
    return result


@pytest.fixture(scope="session")
def no_soak(schedule_catalog: Catalog) -> Plan:
    return plan(schedule_catalog, State.parse(GUIDE), soak=False)


# The command line chooses its language from these (render/words.py): the tests expect
# English unless they ask for Turkish, whatever the machine's locale says.
for _variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_variable, None)
if os.environ.get("LANG", "").startswith("tr"):
    os.environ["LANG"] = "C.UTF-8"
