"""One tree of errors; each carries the data a caller needs to act on it.

Every error subclasses a builtin (``ValueError`` or ``RuntimeError``) so that
code which does not know this library can still catch it, and every error
renders to one line: the command line prints it and exits with status 2.

An error holds data, never a sentence: *what* is wrong is a ``Reason``, a
stable code (``Code.STATE_NOT_PAIR``, the text ``"state.not-pair"``) with
typed fields (the offending text, the expected values, a limit); *where* it
is wrong is the error's own fields (a catalog problem's file, entry, key and
line; an input error's kind of input). The words live in
``render/messages.py``: ``error_text(error, words)`` writes any error in any
language, and ``str(error)`` is its English line, rendered on demand so that
the success path never imports the words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

__all__ = [
    "MAX_STATES",
    "BomgarPathsError",
    "CatalogError",
    "CatalogProblem",
    "Code",
    "InputError",
    "InventoryError",
    "ParseError",
    "Reason",
    "ScheduleError",
    "Unreachable",
    "WindowError",
    "WorkLimit",
    "nearest",
    "quote",
]

#: How much of an offending input an error message quotes.
QUOTE_LIMIT = 100


def quote(text: object, limit: int = QUOTE_LIMIT) -> str:
    """``text`` quoted for an error message, at most about ``limit`` characters of it.

    A 10 kB ``--from`` must not come back whole: the start and the length are
    enough to find it: ``'base=3.2.4,ba'… (10,000 characters)``. The length
    is words, so it is written by ``render.messages.quoted`` in any language;
    this is its English.
    """
    from .render.messages import quoted  # noqa: PLC0415  (only bad input pays for the words)

    return quoted(text, limit)


class Code:
    """The stable identifiers of what can be wrong, one per sentence.

    Plain strings rather than an ``enum``: 100-odd members cost about 3 ms
    to create, and every start of the command line would pay for them. A
    code never changes once released (tools may match on it); its sentence,
    in ``render/messages.py``, may be reworded. ``Code.every()`` lists them.
    """

    # -- text another module wrote, kept until its raise site moves to a code --
    SENTENCE: Final = "sentence"
    # -- versions and specifier sets (versions.py) ------------------------------
    VERSION_INVALID: Final = "version.invalid"
    VERSION_SUFFIX_AND_WORD: Final = "version.suffix-and-word"
    SPECIFIER_INVALID: Final = "specifier.invalid"
    SPECIFIER_REVERSED_OPERATOR: Final = "specifier.reversed-operator"
    SPECIFIER_SINGLE_EQUALS: Final = "specifier.single-equals"
    SPECIFIER_WORDS: Final = "specifier.words"
    SPECIFIER_EMPTY: Final = "specifier.empty"
    SPECIFIER_VERSION_TOO_LONG: Final = "specifier.version-too-long"
    # -- states, requirements, goals, holds, packages (model.py, catalog.py) -----
    EXPECTED_REQUIREMENT_TEXT: Final = "requirement.not-text"
    REQUIREMENT_MALFORMED: Final = "requirement.malformed"
    REQUIREMENT_UPPER_CASE: Final = "requirement.upper-case"
    EXPECTED_REQUIREMENTS: Final = "requirements.not-iterable"
    NEAREST_NEEDS_GOAL: Final = "goal.nearest-needs-goal"
    EXPECTED_STATE_TEXT: Final = "state.not-text"
    EXPECTED_STATE: Final = "state.wrong-type"
    EXPECTED_STATE_MAPPING: Final = "state.not-mapping"
    EXPECTED_PAIRS: Final = "state.not-pairs"
    FAMILY_NAME_TEXT: Final = "state.family-not-name"
    EXPECTED_VERSION_TEXT: Final = "state.version-not-text"
    STATE_EMPTY_PAIR: Final = "state.empty-pair"
    STATE_NOT_PAIR: Final = "state.not-pair"
    STATE_BAD_FAMILY: Final = "state.bad-family"
    STATE_FAMILY_TWICE: Final = "state.family-twice"
    UNKNOWN_FAMILY: Final = "family.unknown"
    HOLD_PASSED: Final = "hold.passed"
    EXPECTED_GOAL: Final = "goal.not-iterable"
    EXPECTED_GOAL_TEXT: Final = "goal.not-text"
    GOAL_EMPTY: Final = "goal.empty"
    GOAL_LATEST_COMBINED: Final = "goal.latest-combined"
    GOAL_FAMILY_TWICE: Final = "goal.family-twice"
    EXPECTED_CATALOG: Final = "catalog.wrong-type"
    EXPECTED_PACKAGE: Final = "package.wrong-type"
    PACKAGE_NOT_IN_CATALOG: Final = "package.not-in-catalog"
    PACKAGE_IS_REQUIREMENT: Final = "package.is-requirement"
    PACKAGE_VERSION_MISSING: Final = "package.version-missing"
    PACKAGE_UNKNOWN: Final = "package.unknown"
    PACKAGE_FAMILY_UNDECLARED: Final = "package.family-undeclared"
    PACKAGE_LISTED_TWICE: Final = "package.listed-twice"
    EXPECTED_ONE_OF: Final = "choice.unknown"
    EXPECTED_A_PLAN: Final = "plan.not-a-plan"
    MAX_STATES_INVALID: Final = "max-states.invalid"
    # -- catalog files and folders (_reader.py) -----------------------------------
    PATH_EMPTY: Final = "path.empty"
    PATH_MISSING: Final = "path.missing"
    PATH_UNREADABLE: Final = "path.unreadable"
    PATH_LINK_LOOP: Final = "path.link-loop"
    PATH_LINK_DANGLING: Final = "path.link-dangling"
    PATH_NOT_FILE_OR_FOLDER: Final = "path.not-file-or-folder"
    PATH_NOT_FILE: Final = "path.not-file"
    FOLDER_UNREADABLE: Final = "folder.unreadable"
    FOLDER_EMPTY: Final = "folder.empty"
    FOLDER_LOOP: Final = "folder.loop"
    FOLDER_TWICE: Final = "folder.twice"
    FILE_TWICE: Final = "file.twice"
    FILE_UTF32: Final = "file.utf-32"
    FILE_UTF16: Final = "file.utf-16"
    FILE_BINARY: Final = "file.binary"
    FILE_NOT_UTF8: Final = "file.not-utf-8"
    TOML_TOO_DEEP: Final = "toml.too-deep"
    TOML_SYNTAX: Final = "toml.syntax"
    TOML_SYNTAX_AT_COLUMN: Final = "toml.syntax-at-column"
    TOML_INTEGER_TOO_LONG: Final = "toml.integer-too-long"
    # -- catalog tables and keys (_reader.py) -------------------------------------
    UNKNOWN_TOP_LEVEL_KEY: Final = "key.unknown-top-level"
    UNKNOWN_TOP_LEVEL_KEY_LISTED: Final = "key.unknown-top-level-listed"
    UNKNOWN_KEY: Final = "key.unknown"
    UNKNOWN_KEY_LISTED: Final = "key.unknown-listed"
    FAMILY_NOT_TABLES: Final = "family.not-tables"
    FAMILY_TWICE: Final = "family.twice"
    FAMILY_NAME_INVALID: Final = "family.name-invalid"
    FAMILY_LABEL_SHARED: Final = "family.label-shared"
    PACKAGES_NOT_ARRAY: Final = "package.not-array"
    NOT_A_TABLE: Final = "entry.not-table"
    NO_PACKAGES: Final = "catalog.no-packages"
    DUPLICATE_PACKAGE: Final = "package.duplicate"
    PACKAGE_OF_UNDECLARED_FAMILY: Final = "package.undeclared-family"
    REQUIREMENT_ON_UNDECLARED_FAMILY: Final = "requires.undeclared-family"
    MISSING_FAMILY: Final = "package.missing-family"
    FAMILY_NOT_STRING: Final = "package.family-not-string"
    MISSING_VERSION: Final = "package.missing-version"
    VERSION_NOT_STRING: Final = "package.version-not-string"
    REQUIRES_NOT_TABLE: Final = "requires.not-table"
    REQUIRES_NOT_STRING: Final = "requires.not-string"
    REQUIRES_INVALID: Final = "requires.invalid"
    WORKS_WITH_NOT_TABLE: Final = "works-with.not-table"
    WORKS_WITH_NOT_STRING: Final = "works-with.not-string"
    WORKS_WITH_INVALID: Final = "works-with.invalid"
    WORKS_WITH_ON_UNDECLARED_FAMILY: Final = "works-with.undeclared-family"
    WORKS_WITH_OWN_FAMILY: Final = "works-with.own-family"
    RELEASED_QUOTED: Final = "released.quoted"
    RELEASED_NOT_DATE: Final = "released.not-date"
    TEXT_EMPTY: Final = "text.empty"
    PRIORITY_NOT_INTEGER: Final = "priority.not-integer"
    PRIORITY_OUT_OF_RANGE: Final = "priority.out-of-range"
    CLIENTS_UPDATE_NOT_BOOLEAN: Final = "clients-update.not-boolean"
    EXTERNAL_NOT_BOOLEAN: Final = "external.not-boolean"
    ADVISORIES_NOT_ARRAY: Final = "advisory.not-array"
    ADVISORY_MISSING: Final = "advisory.missing"
    ADVISORY_TWICE: Final = "advisory.twice"
    EXPLOITED_NOT_BOOLEAN: Final = "advisory.exploited-not-boolean"
    AFFECTS_EMPTY: Final = "affects.empty"
    AFFECTS_NOT_TABLE: Final = "affects.not-table"
    AFFECTS_NOT_STRING: Final = "affects.not-string"
    AFFECTS_INVALID: Final = "affects.invalid"
    AFFECTS_ON_UNDECLARED_FAMILY: Final = "affects.undeclared-family"
    PATCHES_NOT_TABLES: Final = "patches.not-tables"
    PATCHED_UNKNOWN: Final = "patched.unknown"
    PATCHED_NOT_HERE: Final = "patched.not-here"
    UNAFFECTED_WITHOUT_ADVISORIES: Final = "goal.unaffected-without-advisories"
    PATCH_TWICE: Final = "patch.twice"
    EXTERNAL_UPDATES_CLIENTS: Final = "external.clients-update"
    NUMBER_NOT_NUMBER: Final = "number.not-number"
    NUMBER_NOT_FINITE: Final = "number.not-finite"
    NUMBER_NEGATIVE: Final = "number.negative"
    NUMBER_TOO_LARGE: Final = "number.too-large"
    LABEL_NOT_STRING: Final = "label.not-string"
    LABEL_CONTROL_CHARACTER: Final = "label.control-character"
    LABEL_NOT_TEMPLATE: Final = "label.not-template"
    LABEL_UNKNOWN_FIELD: Final = "label.unknown-field"
    LABEL_FIELD_NOT_PLAIN: Final = "label.field-not-plain"
    LABEL_WITHOUT_VERSION: Final = "label.without-version"
    # -- time zones, windows, starts, schedules (windows.py, scheduling.py) -------
    ZONE_NOT_TEXT: Final = "zone.not-text"
    ZONE_EMPTY: Final = "zone.empty"
    ZONE_UNKNOWN: Final = "zone.unknown"
    ZONE_WRONG_TYPE: Final = "zone.wrong-type"
    WINDOW_NOT_TEXT: Final = "window.not-text"
    WINDOW_EMPTY: Final = "window.empty"
    WINDOW_MALFORMED: Final = "window.malformed"
    WINDOW_NO_LENGTH: Final = "window.no-length"
    WINDOW_CLOSES_FIRST: Final = "window.closes-first"
    WINDOWS_NOT_TEXTS: Final = "windows.not-texts"
    WINDOWS_WRONG_TYPE: Final = "windows.wrong-type"
    ONE_OFF_MALFORMED: Final = "window.one-off-malformed"
    ONE_OFF_PAST_CALENDAR: Final = "window.past-calendar"
    INSTANT_NOT_ISO: Final = "window.instant-not-iso"
    INSTANT_END_OF_CALENDAR: Final = "window.instant-end-of-calendar"
    DAY_MISSING: Final = "window.day-missing"
    DAY_NONE: Final = "window.no-day"
    DAY_UNKNOWN: Final = "window.unknown-day"
    TIME_INVALID: Final = "window.time-invalid"
    CLOSING_TIME_INVALID: Final = "window.closing-time-invalid"
    START_NOT_TEXT: Final = "start.not-text"
    START_NOT_ISO: Final = "start.not-iso"
    START_WITHOUT_OFFSET: Final = "start.without-offset"
    START_END_OF_CALENDAR: Final = "start.end-of-calendar"
    START_WRONG_TYPE: Final = "start.wrong-type"
    START_IS_DATE: Final = "start.is-date"
    START_NAIVE: Final = "start.naive"
    EXPECTED_PLAN: Final = "plan.wrong-type"
    PAST_CALENDAR: Final = "schedule.past-calendar"
    NO_WINDOW_SOON: Final = "schedule.no-window-soon"
    NO_WINDOW_AT_ALL: Final = "schedule.no-window"
    INSTALL_LONGER_THAN_WINDOWS: Final = "schedule.install-too-long"
    TOO_MANY_WINDOWS: Final = "windows.too-many"
    MULTIPLIER_INVALID: Final = "multiplier.invalid"
    DURATION_WRONG_TYPE: Final = "duration.wrong-type"
    DURATION_NEGATIVE: Final = "duration.negative"
    DURATION_TOO_LONG: Final = "duration.too-long"
    DURATION_AND_MULTIPLIER: Final = "duration.and-multiplier"
    CAP_WITHOUT_WINDOWS: Final = "cap.without-windows"
    CAP_INVALID: Final = "cap.invalid"
    JUMP_COUNT_MISSING: Final = "jump-clients.missing"
    JUMP_COUNT_INVALID: Final = "jump-clients.invalid"
    JUMP_CONCURRENT_INVALID: Final = "jump-concurrent.invalid"
    JUMP_MINUTES_INVALID: Final = "jump-minutes.invalid"
    # -- pictures (graph.py) -------------------------------------------------------------
    DEPTH_INVALID: Final = "graph.depth"
    # -- saved plans checked again (progress.py) ----------------------------------------
    PLAN_FILE_UNREADABLE: Final = "plan-file.unreadable"
    PLAN_FILE_NOT_JSON: Final = "plan-file.not-json"
    PLAN_FILE_NOT_A_PLAN: Final = "plan-file.not-a-plan"
    PLAN_FILE_SCHEMA: Final = "plan-file.schema"
    PLAN_FILE_BAD_VALUE: Final = "plan-file.bad-value"
    PLAN_FILE_BAD_VALUE_BECAUSE: Final = "plan-file.bad-value-because"
    TIME_NOT_ISO: Final = "time.not-iso"
    TIME_WITHOUT_OFFSET: Final = "time.without-offset"
    LAST_INSTALL_IN_FUTURE: Final = "time.last-install-in-future"
    # -- topologies (topology.py) and runbooks (runbook.py) ---------------------------
    TOPOLOGY_UNREADABLE: Final = "topology.unreadable"
    TOPOLOGY_NOT_UTF8: Final = "topology.not-utf8"
    TOPOLOGY_SYNTAX: Final = "topology.syntax"
    TOPOLOGY_UNKNOWN_KEY: Final = "topology.unknown-key"
    TOPOLOGY_NOT_TABLE: Final = "topology.not-table"
    TOPOLOGY_KIND_MISSING: Final = "topology.kind-missing"
    TOPOLOGY_NO_APPLIANCES: Final = "topology.no-appliances"
    TOPOLOGY_KEY_MISSING: Final = "topology.key-missing"
    TOPOLOGY_NOT_TEXT: Final = "topology.not-text"
    TOPOLOGY_NAME_INVALID: Final = "topology.name-invalid"
    TOPOLOGY_NAME_TWICE: Final = "topology.name-twice"
    TOPOLOGY_STATE: Final = "topology.state"
    TOPOLOGY_NOT_ONE_OF: Final = "topology.not-one-of"
    TOPOLOGY_ROLE_NOT_IN_KIND: Final = "topology.role-not-in-kind"
    TOPOLOGY_ROLE_COUNT: Final = "topology.role-count"
    TOPOLOGY_ROLE_RANGE: Final = "topology.role-range"
    TOPOLOGY_REGION_MISSING: Final = "topology.region-missing"
    TOPOLOGY_REGION_NOT_TRAFFIC: Final = "topology.region-not-traffic"
    TOPOLOGY_METHOD_NOT_IN_KIND: Final = "topology.method-not-in-kind"
    TOPOLOGY_PAIR_METHOD: Final = "topology.pair-method"
    TOPOLOGY_FAILOVER_BY: Final = "topology.failover-by"
    TOPOLOGY_STAGED_NEEDS_BACKUP: Final = "topology.staged-needs-backup"
    TOPOLOGY_NO_METHOD: Final = "topology.no-method"
    TOPOLOGY_REGION_EMPTY: Final = "topology.region-empty"
    TOPOLOGY_REGIONS_WRONG_TYPE: Final = "topology.regions-wrong-type"
    TOPOLOGY_REGION_COUNT: Final = "topology.region-count"
    TOPOLOGY_PATH_INVALID: Final = "topology.path-invalid"
    TOPOLOGY_NOT_TEXT_INPUT: Final = "topology.not-text-input"
    TOPOLOGY_ATLAS_STATES: Final = "topology.atlas-states"
    EXPECTED_TOPOLOGY: Final = "topology.wrong-type"
    NODES_AT_ONCE_INVALID: Final = "runbook.nodes-at-once"
    RUNBOOK_NO_WINDOW: Final = "runbook.no-window"
    RUNBOOK_NODES_NO_WINDOW: Final = "runbook.nodes-no-window"
    RUNBOOK_AFTER_SOAK: Final = "runbook.after-soak"
    RUNBOOK_UNPROTECTED: Final = "runbook.unprotected"
    RUNBOOK_RESTORE_OLDER: Final = "runbook.restore-older"
    RUNBOOK_ALIGN_UNPROTECTED: Final = "runbook.align-unprotected"
    # -- inventories (inventory.py) and fleets (fleet.py) ------------------------------
    INVENTORY_UNREADABLE: Final = "inventory.unreadable"
    INVENTORY_NOT_UTF8: Final = "inventory.not-utf8"
    INVENTORY_KIND: Final = "inventory.kind"
    INVENTORY_SYNTAX: Final = "inventory.syntax"
    INVENTORY_NO_HEADER: Final = "inventory.no-header"
    INVENTORY_COLUMN_UNKNOWN: Final = "inventory.column-unknown"
    INVENTORY_COLUMN_TWICE: Final = "inventory.column-twice"
    INVENTORY_COLUMN_MISSING: Final = "inventory.column-missing"
    INVENTORY_ROW_NOT_TABLE: Final = "inventory.row-not-table"
    INVENTORY_ROW_WIDTH: Final = "inventory.row-width"
    INVENTORY_ROW_TOO_LONG: Final = "inventory.row-too-long"
    INVENTORY_CELL_MISSING: Final = "inventory.cell-missing"
    INVENTORY_CELL_NOT_TEXT: Final = "inventory.cell-not-text"
    INVENTORY_NAME_INVALID: Final = "inventory.name-invalid"
    INVENTORY_NAME_TWICE: Final = "inventory.name-twice"
    INVENTORY_FLAG: Final = "inventory.flag"
    INVENTORY_VALUE: Final = "inventory.value"
    INVENTORY_STATE_AND_TOPOLOGY: Final = "inventory.state-and-topology"
    INVENTORY_WEEKLY_NEEDS_TZ: Final = "inventory.weekly-needs-tz"
    INVENTORY_WORK_LIMIT: Final = "inventory.work-limit"
    SERIAL_INVALID: Final = "fleet.serial-invalid"
    FAIL_PERCENTAGE_INVALID: Final = "fleet.fail-percentage-invalid"
    CANARY_UNKNOWN: Final = "fleet.canary-unknown"
    EXPECTED_FLAG: Final = "flag.wrong-type"
    TIME_SPAN_INVALID: Final = "time-span.invalid"

    @classmethod
    def every(cls) -> tuple[str, ...]:
        """Every code, in the order they are declared."""
        return tuple(v for k, v in vars(cls).items() if k.isupper() and isinstance(v, str))


def _hashable(value: object) -> object:
    """``value`` as reasons compare it: itself, or its repr for what cannot be
    hashed (TOML tables and arrays) and for NaN (not equal to itself)."""
    if value != value:  # noqa: PLR0124  (NaN)
        return repr(value)
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


class Reason:
    """What is wrong, as data: a ``Code`` and the fields its sentence names.

    ``Reason(Code.STATE_NOT_PAIR, part="base")``; a field may itself be a
    ``Reason`` (a state whose version cannot be read holds the version's
    reason). Equal reasons have equal codes and fields; ``str()`` is English.
    """

    __slots__ = ("code", "fields")

    def __init__(self, code: str, /, **fields: Any) -> None:
        self.code = code
        self.fields: Mapping[str, Any] = fields

    def _key(self) -> tuple[object, ...]:
        return (self.code, *sorted((k, _hashable(v)) for k, v in self.fields.items()))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Reason) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        fields = "".join(f", {k}={v!r}" for k, v in self.fields.items())
        return f"Reason({self.code!r}{fields})"

    def __str__(self) -> str:
        from .render.messages import reason_text  # noqa: PLC0415

        return reason_text(self)


def _reason(reason: Reason | str) -> Reason:
    """A reason as given; text (from a caller that builds its own errors: every raise
    site of this package gives a ``Reason``) is kept whole, as ``Code.SENTENCE``."""
    return reason if isinstance(reason, Reason) else Reason(Code.SENTENCE, sentence=reason)


class BomgarPathsError(Exception):
    """Root of every error this library raises on purpose.

    ``str(error)`` is the English line; ``render.messages.error_text(error,
    words)`` writes it in the language of ``words``.
    """

    def __str__(self) -> str:
        from .render.messages import error_text  # noqa: PLC0415

        return error_text(self)


class CatalogProblem:
    """One thing wrong with a catalog: where it is and what is wrong.

    ``path`` is the file (or folder), ``entry`` names the table or package
    (``family.base``, ``package bomgar 12.2.0``), ``key`` the offending key,
    ``line`` the 1-based line when the TOML parser or a key search gives it;
    ``reason`` says what is wrong (``reason.code``, ``reason.fields``).
    Problems are equal when all of these are; ``str()`` is the English line
    ``path:line: entry: message``, ``message`` the English of the reason.
    """

    __slots__ = ("entry", "key", "line", "path", "reason")

    def __init__(
        self,
        path: str,
        reason: Reason | str,
        *,
        entry: str | None = None,
        key: str | None = None,
        line: int | None = None,
    ) -> None:
        self.path = path
        self.reason = _reason(reason)
        self.entry = entry
        self.key = key
        self.line = line

    @property
    def code(self) -> str:
        return self.reason.code

    @property
    def message(self) -> str:
        """What is wrong, in English (the JSON of ``catalog check`` carries it)."""
        from .render.messages import reason_text  # noqa: PLC0415

        return reason_text(self.reason, limit=True)

    def _key(self) -> tuple[object, ...]:
        return (self.path, self.line, self.entry, self.key, self.reason)

    def __str__(self) -> str:
        from .render.messages import problem_text  # noqa: PLC0415

        return problem_text(self)

    def __repr__(self) -> str:
        where = "".join(f", {name}={getattr(self, name)!r}" for name in ("entry", "key", "line")
                        if getattr(self, name) is not None)
        return f"CatalogProblem({self.path!r}, {self.reason!r}{where})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CatalogProblem) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())


class CatalogError(BomgarPathsError, ValueError):
    """A catalog could not be loaded; ``problems`` lists every problem found.

    Its line is the first problem and how many more there are.
    """

    def __init__(self, problems: Sequence[CatalogProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__(self.problems)


class TopologyError(BomgarPathsError, ValueError):
    """A topology (topology.py) could not be read or is not one the guide describes;
    ``problems`` lists every problem found (a ``CatalogProblem`` each: file, entry,
    key, line). Its line is the first problem and how many more there are."""

    def __init__(self, problems: Sequence[CatalogProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__(self.problems)


class InventoryError(BomgarPathsError, ValueError):
    """An inventory (inventory.py) cannot be read at all: the file, its kind or its
    header; ``problems`` lists them (a ``CatalogProblem`` each: file, row, column as
    ``key``, line). A bad *row* is not an error: reading yields it as a ``BadRow``
    and goes on. Its line is the first problem and how many more there are."""

    def __init__(self, problems: Sequence[CatalogProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__(self.problems)


class ParseError(BomgarPathsError, ValueError):
    """A version or specifier set cannot be read (``versions.py``); ``reason`` says why.

    Callers that read a state, a requirement or a catalog entry wrap its
    reason in their own error, which says where the text came from.
    """

    def __init__(self, reason: Reason) -> None:
        self.reason = reason
        super().__init__(reason)


class InputError(BomgarPathsError, ValueError):
    """A state, goal, hold or package named by the user cannot be read.

    ``text`` is what the user wrote (or the value a library function was
    given), ``what`` the kind of input ("state", "requirement", "goal",
    "hold", "package", "catalog", "language", "max_states") and ``reason``
    what is wrong with it (a ``Reason``; text is accepted and kept whole).
    """

    def __init__(self, what: str, text: object, reason: Reason | str) -> None:
        self.what = what
        self.text = text
        self.reason = _reason(reason)
        super().__init__(what, text, self.reason)


class ScheduleError(BomgarPathsError, ValueError):
    """A plan cannot be placed on the calendar as asked (scheduling.py, windows.py).

    ``what`` names the library's input at fault, as ``scheduling.schedule``
    and ``Windows.parse`` call it: ``start``, ``tz``, ``windows``,
    ``multiplier``, ``duration_override``, ``max_installs_per_window``,
    ``jump_clients``, ``max_concurrent_jump_upgrades``,
    ``jump_upgrade_minutes``, ``plan``; ``schedule`` when the inputs are fine
    alone but no window fits an install or the dates run past the calendar.
    A command line maps these to its own option names. ``reason`` says what
    is wrong (text is accepted and kept whole).
    """

    def __init__(self, what: str, reason: Reason | str) -> None:
        self.what = what
        self.reason = _reason(reason)
        super().__init__(what, self.reason)


class WindowError(ScheduleError):
    """A maintenance window's text cannot be read; ``text`` is what the user wrote."""

    def __init__(self, text: object, reason: Reason | str) -> None:
        self.text = text
        super().__init__("windows", reason)


# The default bound of one search: about 2 s and 100 MB on a 2-core machine with a
# few families, more with many (docs/planning.md, docs/performance.md). Here, beside
# its error, so that the command line can show it without importing the planner.
MAX_STATES = 200_000


class WorkLimit(BomgarPathsError, RuntimeError):
    """The search would visit more states than ``limit`` allows (exit status 3).

    ``needed`` is how many states it had found when it stopped (a lower
    bound of what the question needs), ``at_most`` the product of the
    families' version lines (an upper bound), ``families`` the families the
    search could not set aside, so a caller can say how to narrow it.
    """

    def __init__(self, limit: int, needed: int, at_most: int, families: Sequence[str]) -> None:
        self.limit = limit
        self.needed = needed
        self.at_most = at_most
        self.families = tuple(families)
        super().__init__(limit, needed, at_most, self.families)


def nearest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The choice closest to a misspelt ``word``, for "did you mean" hints."""
    # difflib costs ~10 ms to import: only bad input pays for it.
    import difflib  # noqa: PLC0415

    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return found[0] if found else None


# Appended with Unreachable: the types it carries, for type checkers only (the
# model imports this module, so it cannot import the model at run time).
import typing as _typing  # noqa: E402

if _typing.TYPE_CHECKING:
    from .catalog import Catalog
    from .explain import Explanation, Fact
    from .model import Goal, Requirement, State


class Unreachable(BomgarPathsError, ValueError):
    """No state reachable from ``start`` meets ``goal``.

    ``explanation`` (an ``explain.Explanation``) says why, as a tree of facts
    and conclusions, and what to do; ``reasons`` are its facts, the short form;
    ``catalog`` the catalog it was asked of (``render`` names it, as for a plan).
    """

    def __init__(
        self,
        start: State,
        goal: Goal,
        holds: Sequence[Requirement],
        soak: bool,
        explanation: Explanation,
        catalog: Catalog | None = None,
    ) -> None:
        self.start = start
        self.goal = goal
        self.holds = tuple(holds)
        self.soak = soak
        self.explanation = explanation
        self.catalog = catalog
        super().__init__(start, goal)

    @property
    def reasons(self) -> tuple[Fact, ...]:
        """The facts the explanation rests on, each once, in the order it tells them."""
        return self.explanation.facts
