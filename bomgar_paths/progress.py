"""A saved plan checked again later: where the appliance is on it, and what is next.

``progress(saved, current, catalog, ...)`` reads the appliance's current state
against a plan saved as JSON (``plan --format json``, read by
``read_saved_plan``) and returns a ``Progress``:

- **On the plan.** The current state is the plan's start, or the state after one
  of its steps: the steps up to it are done, and the answer gives the next step,
  the earliest time it may start, and what is left. The soak gate counts from
  when the last site install finished (``last_site_install``); without it the
  answer says "N h after you finished installing X". A round (issue 11) starts
  after the previous soak, so the gate holds for every next step once a soaking
  install is done.
- **Off the plan.** Any other state (someone installed something else) is named
  as such, with a fresh plan from it.
- **The catalog changed** (its digest differs from the plan's): the answer says
  so, and whether the remaining steps are still the minimal plan from the
  current state; when not, it carries the new plan.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, tzinfo
from enum import StrEnum
from pathlib import Path
from typing import Any

import attrs
from packaging.version import InvalidVersion, Version

from .catalog import Catalog
from .errors import Code, InputError, Reason, Unreachable
from .model import Goal, Requirement, State
from .planner import Plan, plan

__all__ = ["Position", "Progress", "SavedPlan", "SavedStep", "parse_time", "progress",
           "read_saved_plan"]

SCHEMA = 1
_KEYS = ("catalog", "start", "target", "steps", "goal", "holds", "soak")


class Position(StrEnum):
    START = "start"  # nothing of the plan is done yet
    ON_PLAN = "on-plan"  # some steps are done
    DONE = "done"  # the plan's target is reached
    OFF_PLAN = "off-plan"  # neither the start nor the state after a step


@attrs.frozen
class SavedStep:
    package: str  # the label
    family: str
    version: Version
    soak_hours: float
    install_minutes: float
    after: State


@attrs.frozen
class SavedPlan:
    """A plan as ``plan --format json`` wrote it."""

    source: str  # where it was read from
    catalog_source: str
    digest: str
    start: State
    target: State
    steps: tuple[SavedStep, ...]
    goal: Goal
    holds: tuple[Requirement, ...]
    soak: bool


@attrs.frozen
class Progress:
    """Where ``current`` is on ``saved``, and what is next."""

    saved: SavedPlan
    current: State
    position: Position
    done: int  # steps done (0 off the plan)
    now: datetime
    last_site_install: datetime | None
    catalog_digest: str  # the catalog it was checked against
    # When the next step may start (None: after a soak whose start is not known), and the
    # site install whose soak gates it (its label and soak hours).
    earliest: datetime | None = None
    gated_by: tuple[str, float] | None = None
    fresh: Plan | None = None  # off the plan, or the catalog changed and the way did too
    fresh_unreachable: Unreachable | None = None
    tz: tzinfo = UTC  # the zone to show times in

    def local(self, value: datetime) -> datetime:
        return value.astimezone(self.tz)

    @property
    def next_package(self) -> str | None:
        """The next install: the fresh plan's first when there is one, else the saved one's."""
        if self.fresh is not None:
            return self.fresh.steps[0].package.label if self.fresh.steps else None
        if self.position in (Position.DONE, Position.OFF_PLAN):
            return None
        return self.saved.steps[self.done].package

    @property
    def next_number(self) -> int | None:
        """The next install's step number, in the plan that ``next_package`` comes from."""
        if self.next_package is None:
            return None
        return 1 if self.fresh is not None else self.done + 1

    @property
    def remaining(self) -> tuple[SavedStep, ...]:
        return () if self.position is Position.OFF_PLAN else self.saved.steps[self.done:]

    @property
    def catalog_changed(self) -> bool:
        return self.catalog_digest != self.saved.digest

    @property
    def still_minimal(self) -> bool | None:
        """With a changed catalog: whether the remaining steps are still the minimal plan
        (None when the catalog is unchanged or the appliance is off the plan)."""
        if not self.catalog_changed or self.position is Position.OFF_PLAN:
            return None
        return self.fresh is None and self.fresh_unreachable is None

    @property
    def may_start_now(self) -> bool:
        return self.earliest is not None and self.earliest <= self.now


def read_saved_plan(path: str | Path) -> SavedPlan:
    """A plan saved by ``plan --format json``; an ``InputError`` (what ``plan``) naming
    the file and what is wrong with it."""
    shown = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as error:
        raise InputError("plan", shown, Reason(
            Code.PLAN_FILE_UNREADABLE, error=error.strerror or type(error).__name__)) from None
    except UnicodeDecodeError:
        raise InputError("plan", shown, Reason(Code.PLAN_FILE_NOT_JSON, error="not UTF-8",
                                               line=1)) from None
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        line = getattr(error, "lineno", 1)
        message = getattr(error, "msg", "nested too deeply")
        raise InputError("plan", shown, Reason(Code.PLAN_FILE_NOT_JSON, error=message,
                                               line=line)) from None
    return _saved(data, shown)


def _saved(data: object, shown: str) -> SavedPlan:
    def bad(key: str, reason: Reason | None = None) -> InputError:
        if reason is None:
            return InputError("plan", shown, Reason(Code.PLAN_FILE_BAD_VALUE, key=key))
        return InputError("plan", shown, Reason(Code.PLAN_FILE_BAD_VALUE_BECAUSE, key=key,
                                                reason=reason))

    if not isinstance(data, dict) or not all(key in data for key in _KEYS):
        missing = ([k for k in _KEYS if k not in data] if isinstance(data, dict)
                   else list(_KEYS))
        raise InputError("plan", shown, Reason(Code.PLAN_FILE_NOT_A_PLAN, missing=missing))
    if data.get("schema") != SCHEMA:
        raise InputError("plan", shown, Reason(Code.PLAN_FILE_SCHEMA,
                                               schema=data.get("schema"), expected=SCHEMA))
    catalog = data["catalog"]
    if not (isinstance(catalog, dict) and isinstance(catalog.get("digest"), str)
            and isinstance(catalog.get("source"), str)):
        raise bad("catalog")
    try:
        start = _state(data["start"])
        target = _state(data["target"])
    except (InputError, TypeError, ValueError) as error:
        raise bad("start/target", getattr(error, "reason", None)) from None
    if not isinstance(data["steps"], list):
        raise bad("steps")
    steps = []
    for n, step in enumerate(data["steps"], 1):
        try:
            steps.append(_step(step))
        except (InputError, TypeError, ValueError, KeyError, InvalidVersion) as error:
            raise bad(f"steps[{n}]", getattr(error, "reason", None)) from None
    try:
        # A goal of several requirements is written with a space between them.
        goal = Goal.parse(data["goal"].split()) if isinstance(data["goal"], str) else None
        holds = tuple(Requirement.parse(h, "hold") for h in data["holds"])
    except InputError as error:
        raise bad("goal/holds", error.reason) from None
    if goal is None:
        raise bad("goal")
    if not isinstance(data["soak"], bool):
        raise bad("soak")
    if (steps[-1].after if steps else start) != target:
        raise bad("target")
    return SavedPlan(shown, catalog["source"], catalog["digest"], start, target, tuple(steps),
                     goal, holds, data["soak"])


def _state(value: object) -> State:
    if not isinstance(value, Mapping) or not all(isinstance(v, str) for v in value.values()):
        raise TypeError("a state is an object of version texts")
    return State.parse(",".join(f"{f}={v}" for f, v in value.items()))


def _step(value: Any) -> SavedStep:
    if not isinstance(value, dict):
        raise TypeError("a step is an object")
    numbers = [value["soak_hours"], value["install_minutes"]]
    if not all(isinstance(x, int | float) and not isinstance(x, bool) and 0 <= x <= 10**6
               for x in numbers):
        raise ValueError("soak_hours and install_minutes are numbers")
    if not all(isinstance(value[k], str) for k in ("package", "family", "version")):
        raise TypeError("package, family and version are text")
    return SavedStep(value["package"], value["family"], Version(value["version"]),
                     numbers[0], numbers[1], _state(value["after"]))


def parse_time(text: str, what: str) -> datetime:
    """``--now`` and ``--last-site-install``: ISO 8601 with a UTC offset."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InputError(what, text, Reason(Code.TIME_NOT_ISO)) from None
    if value.tzinfo is None or value.utcoffset() is None:
        raise InputError(what, text, Reason(Code.TIME_WITHOUT_OFFSET))
    return value


def progress(saved: SavedPlan, current: State | str, catalog: Catalog, *,
             now: datetime | None = None, last_site_install: datetime | None = None,
             tz: tzinfo | None = None, max_states: int | None = None) -> Progress:
    """Where ``current`` is on ``saved`` (checked against ``catalog``), and what is next.

    ``now`` defaults to the current time; ``last_site_install`` is when the last
    site install finished (the soak gate counts from it); ``tz`` the zone times are
    shown in (default: ``last_site_install``'s, else ``now``'s, else UTC). Raises
    ``InputError`` for a ``last_site_install`` after ``now``.
    """
    shown = tz or next((t.tzinfo for t in (last_site_install, now)
                        if t is not None and t.tzinfo is not None), UTC)
    current = State.coerce(current)
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    if last_site_install is not None and last_site_install > moment:
        raise InputError("last_site_install", last_site_install.isoformat(),
                         Reason(Code.LAST_INSTALL_IN_FUTURE, now=moment.isoformat()))
    states = [saved.start, *(s.after for s in saved.steps)]
    options = {} if max_states is None else {"max_states": max_states}
    base = Progress(saved, current, Position.OFF_PLAN, 0, moment, last_site_install,
                    catalog.digest, tz=shown)
    if current not in states:
        # Off the plan: what was installed last is not known; the installed site
        # package's soak gates the next step.
        site = [p for f, v in current if (p := catalog.package(f, v)) is not None
                and p.soak_hours > 0]
        gate = (site[0].label, site[0].soak_hours) if site and saved.soak else None
        return _gated(_fresh(base, catalog, options), gate)
    done = states.index(current)
    position = (Position.DONE if done == len(saved.steps) else
                Position.START if done == 0 else Position.ON_PLAN)
    result = attrs.evolve(base, position=position, done=done)
    last = next((s for s in reversed(saved.steps[:done]) if s.soak_hours > 0), None)
    gate = None if last is None else (last.package, last.soak_hours)
    if result.catalog_changed:
        checked = _fresh(result, catalog, options)
        same = checked.fresh is not None and [s.package.label for s in checked.fresh.steps] == [
            s.package for s in result.remaining]
        result = result if same else checked
    return _gated(result, gate) if result.next_package is not None else result


def _gated(result: Progress, gate: tuple[str, float] | None) -> Progress:
    """``result`` with when its next step may start: now, or when ``gate``'s soak ends."""
    if result.next_package is None:
        return result
    if gate is None:
        return attrs.evolve(result, earliest=result.now)
    last = result.last_site_install
    earliest = None if last is None else max(result.now, last + timedelta(hours=gate[1]))
    return attrs.evolve(result, earliest=earliest, gated_by=gate)


def _fresh(result: Progress, catalog: Catalog, options: dict[str, int]) -> Progress:
    """``result`` with the minimal plan from its current state (or why there is none)."""
    saved = result.saved
    try:
        return attrs.evolve(result, fresh=plan(catalog, result.current, saved.goal,
                                               list(saved.holds), soak=saved.soak, **options))
    except Unreachable as error:
        return attrs.evolve(result, fresh_unreachable=error)
