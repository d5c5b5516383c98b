"""A fleet rolled out in waves, and the fleet calendar (docs/fleets.md).

``plan_waves(fleet, serial=..., canary=..., gate=..., start=...)`` puts the
rows that have something to install into waves, as Ansible's ``serial``
batches hosts:

- **canaries first**: the rows named by ``canary`` (a row's name, or a group:
  all its rows) form wave 1, in inventory order;
- **then the rest**, in inventory order, in batches of the sizes ``serial``
  gives (``1,10%,50%``): a whole number is that many rows, a percentage that
  share of the rows left after the canaries, rounded down and at least 1 (as
  Ansible rounds); the last size repeats until every row has a wave;
- **the gate**: with a ``start``, wave 1 starts there and each later wave no
  earlier than the previous wave's completion (its last soak's end: clients
  settled on every appliance of it) plus ``gate``. Each row is placed on the
  calendar from its wave's start in its own maintenance windows and time zone
  (``scheduling.schedule``), so the calendar runs across the groups' zones.

``max_fail_percentage`` is the threshold the playbook applies (Ansible's
``max_fail_percentage``): when more than that share of a wave's appliances
fail, the later waves do not start. A plan cannot know which installs fail;
it records the threshold, says it with each wave, and passes it to the
Ansible inventory. Rows already up to date, and rows whose goal cannot be
reached, are in no wave.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta

import attrs

from .errors import Code, InputError, Reason, ScheduleError, nearest
from .fleet import Fleet, Planned
from .scheduling import schedule

__all__ = ["Batch", "Visit", "Wave", "Waves", "parse_serial", "plan_waves", "wave_sizes"]

_BATCH = re.compile(r"\s*(\d{1,9})\s*(%?)\s*\Z")


@attrs.frozen
class Batch:
    """One entry of ``serial``: ``count`` rows, or ``percent`` of the rows."""

    count: int | None = None
    percent: int | None = None

    def size(self, rows: int) -> int:
        if self.count is not None:
            return self.count
        assert self.percent is not None
        return max(1, rows * self.percent // 100)

    def __str__(self) -> str:
        return f"{self.percent}%" if self.percent is not None else str(self.count)


def parse_serial(text: str | Sequence[str | int]) -> tuple[Batch, ...]:
    """``1,10%,50%`` (or a list of such entries) as batches; an ``InputError`` else."""
    parts = text.split(",") if isinstance(text, str) else [str(t) for t in text]
    batches = []
    for part in parts:
        match = _BATCH.match(part)
        if match is None:
            raise InputError("serial", text, Reason(Code.SERIAL_INVALID, text=text))
        value = int(match[1])
        if match[2]:
            if not 1 <= value <= 100:
                raise InputError("serial", text, Reason(Code.SERIAL_INVALID, text=text))
            batches.append(Batch(percent=value))
        else:
            if value < 1:
                raise InputError("serial", text, Reason(Code.SERIAL_INVALID, text=text))
            batches.append(Batch(count=value))
    if not batches:
        raise InputError("serial", text, Reason(Code.SERIAL_INVALID, text=text))
    return tuple(batches)


def wave_sizes(serial: Sequence[Batch], rows: int) -> list[int]:
    """The size of each wave for ``rows`` rows: the serial's sizes, the last repeated,
    the last wave what is left."""
    sizes: list[int] = []
    left, n = rows, 0
    while left > 0:
        size = min(left, serial[min(n, len(serial) - 1)].size(rows))
        sizes.append(size)
        left -= size
        n += 1
    return sizes


@attrs.frozen
class Visit:
    """One row of a wave on the calendar: from its wave's start to its completion and
    the end of its last soak, in its own time zone; or why it cannot be scheduled."""

    row: str
    group: str
    tz: str | None
    start: datetime | None = None  # its first install
    completion: datetime | None = None
    settled: datetime | None = None
    error: ScheduleError | None = None


@attrs.frozen
class Wave:
    number: int
    canary: bool
    rows: tuple[str, ...]
    start: datetime | None = None  # None without a calendar
    settled: datetime | None = None  # the last soak's end of its rows
    visits: tuple[Visit, ...] = ()


@attrs.frozen
class Waves:
    waves: tuple[Wave, ...]
    serial: tuple[Batch, ...]
    canary: tuple[str, ...] = ()
    gate: timedelta = timedelta(0)
    max_fail_percentage: float | None = None
    start: datetime | None = None

    @property
    def sizes(self) -> tuple[int, ...]:
        """The waves' sizes as whole numbers: the ``serial`` a playbook takes."""
        return tuple(len(w.rows) for w in self.waves)

    def wave_of(self) -> dict[str, int]:
        return {name: w.number for w in self.waves for name in w.rows}


def plan_waves(
    fleet: Fleet,
    *,
    serial: Sequence[Batch] | str = "100%",
    canary: Sequence[str] = (),
    gate: timedelta = timedelta(0),
    start: datetime | str | None = None,
    max_fail_percentage: float | None = None,
) -> Fleet:
    """``fleet`` with its ``waves`` (module docstring). ``canary`` names rows or groups
    (an unknown one is an ``InputError``); ``start`` (an aware datetime or ISO 8601
    with an offset) places every wave on the calendar."""
    batches = parse_serial(serial) if isinstance(serial, str) else tuple(serial)
    if max_fail_percentage is not None and not (
            isinstance(max_fail_percentage, int | float) and 0 <= max_fail_percentage <= 100):
        raise InputError("max_fail_percentage", max_fail_percentage,
                         Reason(Code.FAIL_PERCENTAGE_INVALID, value=max_fail_percentage))
    if not isinstance(gate, timedelta) or gate < timedelta(0):
        raise ScheduleError("gate", Reason(Code.TIME_SPAN_INVALID, what="gate", value=gate))
    names = {r.name for r in fleet.rows} | {b.name for b in fleet.bad if b.name}
    groups = {r.row.group for r in fleet.rows if r.row.group}
    for name in canary:
        if name not in names and name not in groups:
            raise InputError("canary", name, Reason(Code.CANARY_UNKNOWN, name=name,
                                                    near=nearest(name, sorted(names | groups))))
    chosen = set(canary)
    todo = [r for r in fleet.rows if r.reachable and not r.up_to_date]
    first = [r for r in todo if r.name in chosen or r.row.group in chosen]
    rest = [r for r in todo if not (r.name in chosen or r.row.group in chosen)]
    parts: list[tuple[bool, list[Planned]]] = [(True, first)] if first else []
    at = 0
    for size in wave_sizes(batches, len(rest)):
        parts.append((False, rest[at:at + size]))
        at += size
    when = None if start is None else _aware(start)
    waves = []
    cache: dict[tuple[object, ...], tuple[datetime, datetime, datetime]] = {}
    for number, (is_canary, rows) in enumerate(parts, 1):
        if when is None:
            waves.append(Wave(number, is_canary, tuple(r.name for r in rows)))
            continue
        visits = tuple(_visit(row, when, cache) for row in rows)
        settled = max((v.settled for v in visits if v.settled is not None), default=when)
        waves.append(Wave(number, is_canary, tuple(r.name for r in rows), when, settled,
                          visits))
        when = settled + gate
    return attrs.evolve(fleet, waves=Waves(tuple(waves), batches, tuple(canary), gate,
                                           max_fail_percentage, None if start is None
                                           else _aware(start)))


def _aware(start: datetime | str) -> datetime:
    from .scheduling import aware_start  # noqa: PLC0415

    return aware_start(start, None)


def _visit(row: Planned, when: datetime,
           cache: dict[tuple[object, ...], tuple[datetime, datetime, datetime]]) -> Visit:
    """The row's appliances scheduled from ``when``, one after the other (a deployment's
    round-by-round order is the runbook's: ``runbook --topology``)."""
    first: datetime | None = None
    at = when
    settled = when
    for member in row.members:
        assert member.plan is not None
        key = (id(member.plan), row.row.windows, row.row.tz, row.row.manual, at)
        found = cache.get(key)
        if found is None:
            try:
                timeline = schedule(member.plan, at, windows=row.row.windows,
                                    tz=row.row.tz, manual=row.row.manual)
            except ScheduleError as error:
                return Visit(row.name, row.row.group, row.row.tz, error=error)
            begun = timeline.steps[0].start if timeline.steps else at
            found = cache[key] = (begun, timeline.completion, timeline.clients_settled)
        first = found[0] if first is None else first
        at, settled = found[1], max(settled, found[2])
    return Visit(row.name, row.row.group, row.row.tz, first, at, settled)
