"""Deployments of more than one appliance: what a runbook is planned for.

A ``Topology`` names the appliances of one deployment, each with its role,
installed state, host name and (traffic nodes) region, and how the deployment
is upgraded. Four kinds, in the upgrade guide's terms (shared/seed/DIGEST.md):

- ``single``: one appliance (role ``appliance``);
- ``pair``: a failover pair, ``primary`` A and ``backup`` B, upgraded
  ``sync`` (A first, it keeps the primary role) or ``async`` (B first, it
  takes the primary role over, moved by ``failover_by``: shared IP, DNS or NAT);
- ``atlas``: an Atlas cluster: a ``primary`` master, an optional ``backup``
  master (with failover) and ``traffic`` nodes, each in a region; ``method``
  ``guide`` (the guide's procedure) or ``staged`` (the vendor's newer staged
  upgrade: the backup master and half the traffic nodes held back);
- ``new-hardware``: a move from the ``old`` appliance to a ``new`` one, whose
  state is what it ships with.

``updates`` is ``automatic`` or ``manual`` (air-gapped: Appliance Download Key).
A topology comes from a TOML file (``load_topology``; docs/topology-format.md)
or from the command line's shortcuts (``Topology.single``, ``.pair``, ...).
Every problem of a file is a ``CatalogProblem`` (file, entry, key, line) in one
``TopologyError``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

import attrs

from .errors import CatalogProblem, Code, InputError, Reason, TopologyError, nearest
from .model import State

__all__ = ["Appliance", "FailoverBy", "Kind", "Method", "Role", "Topology", "TopologyError",
           "Updates", "load_topology"]


class Kind(StrEnum):
    SINGLE = "single"
    PAIR = "pair"
    ATLAS = "atlas"
    NEW_HARDWARE = "new-hardware"


class Role(StrEnum):
    APPLIANCE = "appliance"  # a single appliance
    PRIMARY = "primary"  # pair: A; Atlas: the (primary) master
    BACKUP = "backup"  # pair: B; Atlas: the backup master
    TRAFFIC = "traffic"  # an Atlas traffic node
    OLD = "old"  # new hardware: the appliance being replaced
    NEW = "new"  # new hardware: its replacement


class Method(StrEnum):
    SYNC = "sync"  # pair: the primary first; it keeps its role
    ASYNC = "async"  # pair: the backup first; it takes the primary role over
    GUIDE = "guide"  # Atlas: the guide's procedure
    STAGED = "staged"  # Atlas: the vendor's staged upgrade (held-back nodes)


class FailoverBy(StrEnum):
    """How the primary role moves to the other appliance."""

    SHARED_IP = "shared-ip"
    DNS = "dns"
    NAT = "nat"


class Updates(StrEnum):
    AUTOMATIC = "automatic"
    MANUAL = "manual"  # air-gapped: packages come on removable media


#: Which roles each kind takes, and how many of each (least, most).
ROLES: Mapping[Kind, Mapping[Role, tuple[int, int]]] = {
    Kind.SINGLE: {Role.APPLIANCE: (1, 1)},
    Kind.PAIR: {Role.PRIMARY: (1, 1), Role.BACKUP: (1, 1)},
    Kind.ATLAS: {Role.PRIMARY: (1, 1), Role.BACKUP: (0, 1), Role.TRAFFIC: (1, 10_000)},
    Kind.NEW_HARDWARE: {Role.OLD: (1, 1), Role.NEW: (1, 1)},
}
METHODS: Mapping[Kind, tuple[Method, ...]] = {
    Kind.PAIR: (Method.SYNC, Method.ASYNC), Kind.ATLAS: (Method.GUIDE, Method.STAGED)}

_E = TypeVar("_E", bound=StrEnum)

#: The "file" of a problem in a topology made by the shortcuts: none (the line says
#: only what is wrong).
FROM_ARGUMENTS = ""

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,62}\Z")
# A region names the node names of the shortcut (REGION-N): a name's letters, shorter.
_REGION = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,55}\Z")
_DEPLOYMENT_KEYS = ("kind", "method", "failover_by", "updates")
_APPLIANCE_KEYS = ("name", "role", "state", "host", "region", "platform")


@attrs.frozen
class Appliance:
    """One appliance of a deployment."""

    name: str
    role: Role
    state: State
    host: str | None = None
    region: str | None = None  # traffic nodes
    platform: str | None = None  # new hardware: "physical" or "virtual", as told


@attrs.frozen
class Topology:
    """One deployment: its kind, its appliances (in file order), and how it upgrades."""

    kind: Kind
    appliances: tuple[Appliance, ...]
    method: Method | None = None
    failover_by: FailoverBy | None = None
    updates: Updates = Updates.AUTOMATIC
    source: str | None = None  # the file it was read from

    def role(self, role: Role) -> tuple[Appliance, ...]:
        return tuple(a for a in self.appliances if a.role is role)

    def one(self, role: Role) -> Appliance | None:
        found = self.role(role)
        return found[0] if found else None

    @property
    def manual(self) -> bool:
        return self.updates is Updates.MANUAL

    @property
    def with_failover(self) -> bool:
        return self.kind is Kind.PAIR or (self.kind is Kind.ATLAS
                                          and self.one(Role.BACKUP) is not None)

    @property
    def moves_primary(self) -> bool:
        """Whether the updated backup takes the primary role over (by ``failover_by``):
        an async pair, an Atlas cluster with a backup master upgraded the guide's way."""
        return (self.kind is Kind.PAIR and self.method is Method.ASYNC) or (
            self.kind is Kind.ATLAS and self.one(Role.BACKUP) is not None
            and self.method is not Method.STAGED)

    @property
    def halves(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """An Atlas cluster's traffic nodes in two halves by geography: in every region
        half its nodes (rounded down) first, so a region with two or more keeps one
        accepting clients while the first half is offline; a lone node goes last."""
        first: list[str] = []
        rest: list[str] = []
        for nodes in self.regions.values():
            half = len(nodes) // 2
            first += [n.name for n in nodes[:half]]
            rest += [n.name for n in nodes[half:]]
        return tuple(first), tuple(rest)

    @property
    def single_node_regions(self) -> tuple[str, ...]:
        """Regions with one traffic node: it takes no clients while it updates."""
        return tuple(r for r, nodes in self.regions.items() if len(nodes) == 1)

    @property
    def regions(self) -> dict[str, tuple[Appliance, ...]]:
        """Traffic nodes by region, regions in the order they first appear."""
        found: dict[str, list[Appliance]] = {}
        for node in self.role(Role.TRAFFIC):
            found.setdefault(node.region or "", []).append(node)
        return {region: tuple(nodes) for region, nodes in found.items()}

    # -- the command line's shortcuts ---------------------------------------------

    @classmethod
    def single(cls, state: State | str, *, updates: Updates = Updates.AUTOMATIC) -> Topology:
        return _checked(cls(Kind.SINGLE, (Appliance("appliance", Role.APPLIANCE,
                                                     State.coerce(state)),), updates=updates))

    @classmethod
    def pair(cls, state: State | str, method: Method | str,
             failover_by: FailoverBy | str | None = None, *,
             backup_state: State | str | None = None,
             updates: Updates = Updates.AUTOMATIC) -> Topology:
        """A failover pair A (primary) and B (backup), both at ``state`` unless
        ``backup_state`` says what B runs."""
        a = State.coerce(state)
        b = a if backup_state is None else State.coerce(backup_state)
        return _checked(cls(
            Kind.PAIR, (Appliance("A", Role.PRIMARY, a), Appliance("B", Role.BACKUP, b)),
            method=_choice(Method, method, "method"),
            failover_by=None if failover_by is None else _choice(FailoverBy, failover_by,
                                                                   "failover_by"),
            updates=updates))

    @classmethod
    def atlas(cls, state: State | str, regions: Mapping[str, int], *, failover: bool = True,
              failover_by: FailoverBy | str | None = None, method: Method | str = Method.GUIDE,
              updates: Updates = Updates.AUTOMATIC) -> Topology:
        """An Atlas cluster at ``state``: master A (and backup master B with
        ``failover``) and ``regions[r]`` traffic nodes in each region ``r``,
        named ``r-1``, ``r-2``, ..."""
        at = State.coerce(state)
        _check_regions(regions)
        masters = [Appliance("A", Role.PRIMARY, at)]
        if failover:
            masters.append(Appliance("B", Role.BACKUP, at))
        nodes = [Appliance(f"{region}-{n}", Role.TRAFFIC, at, region=region)
                 for region, count in regions.items() for n in range(1, count + 1)]
        return _checked(cls(Kind.ATLAS, (*masters, *nodes),
                            method=_choice(Method, method, "method"),
                            failover_by=None if failover_by is None
                            else _choice(FailoverBy, failover_by, "failover_by"),
                            updates=updates))

    @classmethod
    def new_hardware(cls, state: State | str, shipped: State | str, *,
                     updates: Updates = Updates.AUTOMATIC) -> Topology:
        """A move from the old appliance (at ``state``) to a new one that ships at
        ``shipped``."""
        return _checked(cls(Kind.NEW_HARDWARE, (
            Appliance("old", Role.OLD, State.coerce(state)),
            Appliance("new", Role.NEW, State.coerce(shipped))), updates=updates))


def _check_regions(regions: object) -> None:
    """``regions`` of ``Topology.atlas``: names to counts, at most the cluster's nodes in
    all, checked before any node is made."""
    most = ROLES[Kind.ATLAS][Role.TRAFFIC][1]
    if not isinstance(regions, Mapping):
        raise TopologyError([CatalogProblem(FROM_ARGUMENTS, Reason(
            Code.TOPOLOGY_REGIONS_WRONG_TYPE, value=regions), key="regions")])
    total = 0
    for name, count in regions.items():
        if not isinstance(name, str) or not _REGION.match(name) or isinstance(count, bool) or (
                not isinstance(count, int)) or count < 1:
            raise TopologyError([CatalogProblem(FROM_ARGUMENTS, Reason(
                Code.TOPOLOGY_REGION_COUNT, region=name, count=count), key="regions")])
        total += count
        if total > most:
            raise TopologyError([CatalogProblem(FROM_ARGUMENTS, Reason(
                Code.TOPOLOGY_ROLE_RANGE, kind=Kind.ATLAS, role=Role.TRAFFIC, count=total,
                least=1, most=most), key="regions")])


def _choice(kind: type[_E], value: object, what: str) -> _E:
    try:
        return kind(value)  # type: ignore[arg-type]  # refused below unless a member's text
    except ValueError:
        raise TopologyError([CatalogProblem(FROM_ARGUMENTS, _not_one_of(value, kind), key=what)]
                            ) from None


def _not_one_of(value: object, kind: type[StrEnum]) -> Reason:
    choices = [str(m) for m in kind]
    return Reason(Code.TOPOLOGY_NOT_ONE_OF, value=value, choices=choices,
                  near=nearest(value, choices) if isinstance(value, str) else None)


def _checked(topology: Topology, lines: _Lines | None = None) -> Topology:
    """``topology`` if the guide describes it; else a ``TopologyError`` with every problem."""
    path = topology.source or FROM_ARGUMENTS
    problems: list[CatalogProblem] = []

    def problem(reason: Reason, appliance: int | None = None, key: str | None = None) -> None:
        entry = None if appliance is None else _entry(topology.appliances[appliance], appliance)
        line = lines.line(appliance, key) if lines is not None else None
        problems.append(CatalogProblem(path, reason, entry=entry, key=key, line=line))

    kind = topology.kind
    roles = ROLES[kind]
    for k, appliance in enumerate(topology.appliances):
        if appliance.role not in roles:
            problem(Reason(Code.TOPOLOGY_ROLE_NOT_IN_KIND, role=appliance.role, kind=kind,
                           roles=list(roles)), k, "role")
        if appliance.region is not None and not appliance.region.strip():
            problem(Reason(Code.TOPOLOGY_REGION_EMPTY), k, "region")
        elif (appliance.role is Role.TRAFFIC) != (appliance.region is not None):
            problem(Reason(Code.TOPOLOGY_REGION_MISSING if appliance.role is Role.TRAFFIC
                           else Code.TOPOLOGY_REGION_NOT_TRAFFIC), k, "region")
    for role, (least, most) in roles.items():
        count = sum(1 for a in topology.appliances if a.role is role)
        if not least <= count <= most:
            reason = (Reason(Code.TOPOLOGY_ROLE_COUNT, kind=kind, role=role, count=count,
                             least=least) if least == most else
                      Reason(Code.TOPOLOGY_ROLE_RANGE, kind=kind, role=role, count=count,
                             least=least, most=most))
            problems.append(CatalogProblem(path, reason,
                                           line=lines.deployment if lines else None))
    seen: dict[str, int] = {}
    for k, appliance in enumerate(topology.appliances):
        folded = appliance.name.lower()  # ASCII names: no locale in the casing
        if folded in seen:
            problem(Reason(Code.TOPOLOGY_NAME_TWICE, name=appliance.name), k, "name")
        seen.setdefault(folded, k)
    methods = METHODS.get(kind, ())
    if topology.method is not None and topology.method not in methods:
        problems.append(CatalogProblem(path, Reason(
            Code.TOPOLOGY_METHOD_NOT_IN_KIND, method=topology.method, kind=kind,
            methods=[str(m) for m in methods]) if methods else Reason(
            Code.TOPOLOGY_NO_METHOD, method=topology.method, kind=kind), key="method",
            line=lines.key_line("method") if lines else None))
    if kind is Kind.PAIR and topology.method is None:
        problems.append(CatalogProblem(path, Reason(Code.TOPOLOGY_PAIR_METHOD), key="method",
                                       line=lines.deployment if lines else None))
    if topology.moves_primary and topology.failover_by is None:
        problems.append(CatalogProblem(path, Reason(Code.TOPOLOGY_FAILOVER_BY, kind=kind),
                                       key="failover_by",
                                       line=lines.deployment if lines else None))
    if kind is Kind.ATLAS and topology.method is Method.STAGED and not topology.with_failover:
        problems.append(CatalogProblem(path, Reason(Code.TOPOLOGY_STAGED_NEEDS_BACKUP),
                                       key="method",
                                       line=lines.key_line("method") if lines else None))
    if kind is Kind.ATLAS and not problems:
        master = topology.appliances[0].state
        for k, appliance in enumerate(topology.appliances):
            if appliance.state != master:
                problem(Reason(Code.TOPOLOGY_ATLAS_STATES, state=str(appliance.state),
                               master=str(master)), k, "state")
    if problems:
        raise TopologyError(problems)
    if topology.method is None and kind is Kind.ATLAS:
        topology = attrs.evolve(topology, method=Method.GUIDE)
    return topology


def _entry(appliance: Appliance, index: int) -> str:
    return f"appliance {appliance.name}" if appliance.name else f"appliance #{index + 1}"


# -- the file ------------------------------------------------------------------------


def load_topology(path: str | Path) -> Topology:
    """Read a topology file (docs/topology-format.md); every problem in one
    ``TopologyError``."""
    if not isinstance(path, str | Path) or not str(path).strip():
        raise TopologyError([CatalogProblem(str(path), Reason(Code.TOPOLOGY_PATH_INVALID,
                                                              value=path))])
    shown = str(path)
    try:
        raw = Path(path).read_bytes()
    except ValueError:  # a NUL in the path
        raise TopologyError([CatalogProblem(shown, Reason(Code.TOPOLOGY_PATH_INVALID,
                                                          value=path))]) from None
    except OSError as error:
        raise TopologyError([CatalogProblem(shown, Reason(
            Code.TOPOLOGY_UNREADABLE, error=error.strerror or type(error).__name__))]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise TopologyError([CatalogProblem(shown, Reason(Code.TOPOLOGY_NOT_UTF8,
                                                          offset=error.start))]) from None
    return read_topology(text, shown)


def read_topology(text: str, path: str = "<topology>") -> Topology:
    """A topology from the text of its TOML file (``path`` names it in problems)."""
    if not isinstance(text, str):
        raise TopologyError([CatalogProblem(str(path), Reason(Code.TOPOLOGY_NOT_TEXT_INPUT,
                                                              value=text))])
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # Python 3.11's error has no line attribute: it is in the message.
        at = re.search(r"\(at line (\d+), column \d+\)", str(error))
        line = int(at[1]) if at else None
        message = str(error).split(" (at ")[0]
        raise TopologyError([CatalogProblem(path, Reason(Code.TOPOLOGY_SYNTAX, error=message),
                                            line=line)]) from None
    lines = _Lines(text)
    problems: list[CatalogProblem] = []

    def problem(reason: Reason, index: int | None = None, key: str | None = None,
                entry: str | None = None) -> None:
        problems.append(CatalogProblem(path, reason, entry=entry, key=key,
                                       line=lines.line(index, key)))

    for key in data:
        if key not in ("deployment", "appliance"):
            problem(Reason(Code.TOPOLOGY_UNKNOWN_KEY, key=key,
                           near=nearest(key, ["deployment", "appliance"])), key=key)
    deployment = data.get("deployment", {})
    if not isinstance(deployment, dict):
        problem(Reason(Code.TOPOLOGY_NOT_TABLE, key="deployment"), key="deployment")
        deployment = {}
    for key in deployment:
        if key not in _DEPLOYMENT_KEYS:
            problem(Reason(Code.TOPOLOGY_UNKNOWN_KEY, key=key,
                           near=nearest(key, _DEPLOYMENT_KEYS)), key=key, entry="deployment")
    settings: dict[str, Any] = {}
    for key, kind, default in (("kind", Kind, None), ("method", Method, None),
                               ("failover_by", FailoverBy, None),
                               ("updates", Updates, Updates.AUTOMATIC)):
        value = deployment.get(key, default)
        if value is None or isinstance(value, kind):
            settings[key] = value
            continue
        try:
            settings[key] = kind(value)
        except ValueError:
            problem(_not_one_of(value, kind), key=key, entry="deployment")
    if "kind" not in deployment:
        problems.append(CatalogProblem(path, Reason(Code.TOPOLOGY_KIND_MISSING),
                                       entry="deployment", key="kind",
                                       line=lines.deployment))
    entries = data.get("appliance", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        problem(Reason(Code.TOPOLOGY_NOT_TABLE, key="appliance"), key="appliance")
        entries = []
    if not entries and not problems:
        problems.append(CatalogProblem(path, Reason(Code.TOPOLOGY_NO_APPLIANCES)))
    appliances = []
    for index, entry in enumerate(entries):
        read = _appliance(entry, index, path, lines, problems)
        if read is not None:
            appliances.append(read)
    if problems:
        raise TopologyError(problems)
    return _checked(Topology(settings["kind"], tuple(appliances), method=settings["method"],
                             failover_by=settings["failover_by"], updates=settings["updates"],
                             source=path), lines)


def _appliance(entry: dict[str, Any], index: int, path: str, lines: _Lines,
               problems: list[CatalogProblem]) -> Appliance | None:
    name = entry.get("name")
    where = f"appliance {name}" if isinstance(name, str) and name else f"appliance #{index + 1}"
    before = len(problems)

    def problem(reason: Reason, key: str | None = None) -> None:
        problems.append(CatalogProblem(path, reason, entry=where, key=key,
                                       line=lines.line(index, key)))

    for key in entry:
        if key not in _APPLIANCE_KEYS:
            problem(Reason(Code.TOPOLOGY_UNKNOWN_KEY, key=key,
                           near=nearest(key, _APPLIANCE_KEYS)), key)
    for key in ("name", "role", "state"):
        if key not in entry:
            problem(Reason(Code.TOPOLOGY_KEY_MISSING, key=key))
    for key in _APPLIANCE_KEYS:
        if key in entry and not isinstance(entry[key], str):
            problem(Reason(Code.TOPOLOGY_NOT_TEXT, key=key, value=entry[key]), key)
    if len(problems) > before:
        return None
    assert isinstance(name, str)
    if not _NAME.match(name):
        problem(Reason(Code.TOPOLOGY_NAME_INVALID, name=name), "name")
    try:
        role = Role(entry["role"])
    except ValueError:
        problem(_not_one_of(entry["role"], Role), "role")
    try:
        state = State.parse(entry["state"])
    except InputError as error:
        problem(Reason(Code.TOPOLOGY_STATE, text=entry["state"], reason=error.reason), "state")
    if len(problems) > before:
        return None
    return Appliance(name, role, state, host=entry.get("host"), region=entry.get("region"),
                     platform=entry.get("platform"))


class _Lines:
    """Where the tables and keys of a topology file are: the ``[deployment]`` table's
    line, each ``[[appliance]]``'s, and the first line at or after one that assigns a key."""

    _HEADER = re.compile(r"^\s*\[\[?\s*([\w-]+)\s*\]\]?", re.MULTILINE)
    _KEY = re.compile(r"^\s*([\w-]+)\s*=", re.MULTILINE)

    def __init__(self, text: str) -> None:
        self.deployment: int | None = None
        self.appliances: list[int] = []
        self.keys: list[tuple[int, str]] = []
        for number, line in enumerate(text.splitlines(), 1):
            if header := self._HEADER.match(line):
                if header[1] == "deployment" and self.deployment is None:
                    self.deployment = number
                elif header[1] == "appliance":
                    self.appliances.append(number)
            elif key := self._KEY.match(line):
                self.keys.append((number, key[1]))

    def key_line(self, key: str, after: int = 0, before: int | None = None) -> int | None:
        return next((n for n, k in self.keys if k == key and n > after
                     and (before is None or n < before)), None)

    def line(self, index: int | None, key: str | None) -> int | None:
        """The line of appliance ``index``'s ``key`` (or of its table), or of a
        top-level ``key``."""
        if index is None:
            if key is None:
                return None
            found = self.key_line(key, 0, self.appliances[0] if self.appliances else None)
            return found if found is not None else self._header(key)
        if index >= len(self.appliances):
            return None
        start = self.appliances[index]
        end = self.appliances[index + 1] if index + 1 < len(self.appliances) else None
        if key is not None and (found := self.key_line(key, start, end)) is not None:
            return found
        return start

    def _header(self, key: str) -> int | None:
        if key == "deployment":
            return self.deployment
        if key == "appliance" and self.appliances:
            return self.appliances[0]
        return None
