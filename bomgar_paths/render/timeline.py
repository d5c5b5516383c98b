"""The bars of a timeline: what the Mermaid gantt chart and the HTML report draw.

A schedule's or a runbook's installs and soaks as ``Bar`` values, in the order
they happen, each with its round; the renderers choose the words, the rows and
what to fold. Nothing here is a sentence, and nothing is computed that the
``Schedule`` or ``Runbook`` does not hold.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Literal

import attrs

from ..scheduling import rounds

if TYPE_CHECKING:  # a schedule's chart needs no runbook module
    from ..runbook import Runbook
    from ..scheduling import Schedule
    from ..windows import Occurrence, Windows

__all__ = ["Bar", "runbook_bars", "schedule_bars", "window_occurrences"]


@attrs.frozen
class Bar:
    """An install (on ``appliances``, at once) or a soak, from ``start`` to ``end`` (UTC)."""

    kind: Literal["install", "soak"]
    start: datetime
    end: datetime
    round: int  # 1-based
    package: str  # the install's label; a soak's: the package it follows
    appliances: tuple[str, ...] = ()  # a runbook's install: who takes it (the actor first)
    step: int | None = None  # a schedule's install: its number in the plan (1-based)

    @property
    def actor(self) -> str:
        return ", ".join(self.appliances)


def schedule_bars(schedule: Schedule) -> list[Bar]:
    """Each install of the schedule, and after a soaking one its soak."""
    sizes = [len(unit) for unit in rounds([s.step for s in schedule.steps])]
    numbers = [n for n, size in enumerate(sizes, 1) for _ in range(size)]
    bars = []
    for k, (step, number) in enumerate(zip(schedule.steps, numbers, strict=True), 1):
        bars.append(Bar("install", step.start, step.end, number, step.package, step=k))
        if step.soak_until is not None:
            bars.append(Bar("soak", step.end, step.soak_until, number, step.package, step=k))
    return bars


def runbook_bars(runbook: Runbook) -> list[Bar]:
    """Each install step of each round (with the traffic nodes that take it alongside),
    and the round's soak, from when the primary serves the package."""
    from ..runbook import Action  # noqa: PLC0415

    bars = []
    for round_ in runbook.rounds:
        for step in round_.steps:
            if step.action is Action.INSTALL:
                bars.append(Bar("install", step.start, step.end, round_.number,
                                step.package or "", (step.appliance, *step.nodes)))
        if round_.soak_until is not None and round_.serving_from is not None:
            soaking = [i.package.label for i in round_.installs if i.soak_hours > 0]
            bars.append(Bar("soak", round_.serving_from, round_.soak_until, round_.number,
                            soaking[-1] if soaking else ", ".join(round_.labels)))
    return bars


def window_occurrences(windows: Windows | None, start: datetime,
                       end: datetime) -> Iterator[Occurrence]:
    """The occurrences of ``windows`` that overlap ``start`` to ``end``."""
    if windows is None or not windows.rules:
        return
    for occurrence in windows.occurrences(start):
        if occurrence.opens >= end:
            return
        yield occurrence
