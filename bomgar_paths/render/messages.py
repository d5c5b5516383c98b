"""The words of every error: each ``Code``'s sentence, and how an error's line is put together.

Errors carry data (``errors.Reason``: a code and typed fields); this module
is the one place that turns them into words, in the language of a ``Words``:

- ``error_text(error, words)``: the one line of any ``BomgarPathsError``;
  ``str(error)`` is ``error_text(error, ENGLISH)``;
- ``problem_text(problem, words)``: one ``CatalogProblem``, ``path:line: entry: message``;
- ``reason_text(reason, words)``: what is wrong, without where;
- ``quoted(text, limit, words)``: user text quoted, cut to about ``limit`` characters.

Each code's sentence is a gettext msgid written with ``N_`` in ``SENTENCES``
(the extraction finds it there) with its fields filled in after translation;
each field says how it is shown (``_quote`` for user text, ``_number`` for a
count, ``_reason`` for a nested reason, …). ``near`` is the optional "did you
mean" of a code. Imported only when an error is rendered: the success path
never pays for these tables.
"""

from __future__ import annotations

import math
import reprlib
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any

from ..errors import (
    QUOTE_LIMIT,
    BomgarPathsError,
    CatalogError,
    CatalogProblem,
    Code,
    InputError,
    InventoryError,
    ParseError,
    Reason,
    ScheduleError,
    TopologyError,
    Unreachable,
    WindowError,
    WorkLimit,
)
from .words import ENGLISH, N_, Words

__all__ = [
    "SENTENCES", "Sentence", "error_text", "problem_text", "quoted", "reason_text", "shown",
]

# A catalog problem's message is cut here: a last guard for text that echoes input.
MESSAGE_LIMIT = 500


# -- how a field is shown ---------------------------------------------------------

Show = Callable[[Any, Words], str]


def _plain(value: Any, words: Words) -> str:
    """As is: family names, versions, labels, keys, paths, numbers people copy."""
    return str(value)


def _repr(value: Any, words: Words) -> str:
    return repr(value)


def _quote(value: Any, words: Words) -> str:
    """User text, quoted and cut (``quoted``)."""
    return quoted(value, QUOTE_LIMIT, words)


def _short_quote(value: Any, words: Words) -> str:
    return quoted(value, 40, words)


def _shown(value: Any, words: Words) -> str:
    """A TOML value as the catalog wrote it: text quoted, others by a short repr."""
    return shown(value, QUOTE_LIMIT, words)


def _date_or_shown(value: Any, words: Words) -> str:
    """A TOML date-time or time as ISO 8601 (what the catalog wrote), else ``_shown``."""
    isoformat = getattr(value, "isoformat", None)
    return isoformat() if isoformat is not None else shown(value, QUOTE_LIMIT, words)


def _number(value: Any, words: Words) -> str:
    """A count or limit with this language's digit grouping (``10,000,000``)."""
    return words.number(value)


def _hex2(value: Any, words: Words) -> str:
    return f"{value:02x}"


def _code_point(value: Any, words: Words) -> str:
    return f"{value:04X}"


def _listed(value: Any, words: Words) -> str:
    """Keywords or names, as a comma-separated list (not prose: no "and")."""
    return ", ".join(value)


def _reason(value: Any, words: Words) -> str:
    return reason_text(value, words)


def _word_or_placeholder(value: Any, words: Words) -> str:
    """A vendor word, or a placeholder saying where one goes."""
    return str(value) if value else words._("word")


def _duration(value: Any, words: Words) -> str:
    """``45 min``, ``2 h 15 min``, ``3 d 4 h``: two units at most."""
    from . import span  # noqa: PLC0415  (the package is loaded: this module is inside it)

    return span(value, words)


def _windows(value: Any, words: Words) -> str:
    """Maintenance windows, the first few of many: a message stays one readable line."""
    rules = getattr(value, "rules", None)
    if rules is None or len(rules) <= 4:
        return str(value)
    shown = ", ".join(map(str, rules[:3]))
    return words.n_("{shown} and {n} more window ({zone})", "{shown} and {n} more windows"
                    " ({zone})", len(rules) - 3, shown=shown, zone=value.zone_name)


def _days(value: Any, words: Words) -> str:
    assert isinstance(value, timedelta)
    return str(value.days)


def _near(value: Any, words: Words) -> str:
    return repr(value)


def _error(value: Any, words: Words) -> str:
    """A nested error (a row's state that cannot be read), as its own line says it."""
    return error_text(value, words)


def _near_field(value: Any, words: Words) -> str:
    """A label field suggested as it is written: ``{version}``."""
    return "{" + str(value) + "}"


class Sentence:
    """One code's msgid and how each of its fields is shown."""

    __slots__ = ("fields", "msgid")

    def __init__(self, msgid: str, /, **fields: Show) -> None:
        self.msgid = msgid
        self.fields = fields


S = Sentence
_DID_YOU_MEAN = N_("{sentence}; did you mean {near}?")

#: Every code's sentence. A test holds it equal to ``Code.every()`` and renders each.
SENTENCES: Mapping[str, Sentence] = {
    Code.SENTENCE: S("{sentence}", sentence=_plain),
    # versions.py
    Code.VERSION_INVALID: S(N_(
        "{text} is not a version: expected digits and dots such as 12.2.0, optionally with"
        " a PEP 440 suffix (12.2.0rc1) or a vendor word (14.3.3fips)"), text=_quote),
    Code.VERSION_SUFFIX_AND_WORD: S(N_(
        "{text} is not a version: a PEP 440 suffix ({suffix}) glued to a vendor word; write"
        " {release}.{suffix}+{word}"), text=_quote, suffix=_plain, release=_plain,
        word=_word_or_placeholder),
    Code.SPECIFIER_INVALID: S(N_(
        "{text} is not a PEP 440 specifier set such as '>=3.3.2,<4'"), text=_quote),
    Code.SPECIFIER_REVERSED_OPERATOR: S(N_(
        "{text} is not a PEP 440 specifier set such as '>=3.3.2,<4' (write >= or <=, not =>"
        " or =<)"), text=_quote),
    Code.SPECIFIER_SINGLE_EQUALS: S(N_(
        "{text} is not a PEP 440 specifier set such as '>=3.3.2,<4' (for one version write"
        " ={written}, for a floor >{written})"), text=_quote, written=_plain),
    Code.SPECIFIER_WORDS: S(N_(
        "{text} is not a PEP 440 specifier set such as '>=3.3.2,<4' (join clauses with"
        " commas: >=3.3.2,<4)"), text=_quote),
    Code.SPECIFIER_EMPTY: S(N_("empty specifier set: write a range such as '>=3.3.2'")),
    Code.SPECIFIER_VERSION_TOO_LONG: S(N_("{text} names a version too long to compare"),
                                       text=_quote),
    # model.py, catalog.py
    Code.EXPECTED_REQUIREMENT_TEXT: S(N_("expected text such as 'base>=3.3.2'")),
    Code.REQUIREMENT_MALFORMED: S(N_(
        "expected a family and a specifier set, such as 'base>=3.3.2'")),
    Code.REQUIREMENT_UPPER_CASE: S(N_(
        "expected a family and a specifier set, such as 'base>=3.3.2' (family names are"
        " lower-case)")),
    Code.EXPECTED_REQUIREMENTS: S(N_("expected requirements such as ['base<7']")),
    Code.EXPECTED_STATE_TEXT: S(N_("expected text such as 'base=3.2.4,bomgar=11.1.2'")),
    Code.EXPECTED_STATE: S(N_(
        "expected a State, text such as 'base=3.2.4,bomgar=11.1.2', or a mapping of family"
        " to version")),
    Code.EXPECTED_STATE_MAPPING: S(N_(
        "expected a mapping of family to version, such as {{'base': '3.2.4'}} (or"
        " State.parse('base=3.2.4'))")),
    Code.EXPECTED_PAIRS: S(N_("expected (family, version) pairs")),
    Code.FAMILY_NAME_TEXT: S(N_("a family name is lower-case text such as 'base'")),
    Code.EXPECTED_VERSION_TEXT: S(N_(
        "expected a version as text ('3.2.4') or a packaging Version")),
    Code.STATE_EMPTY_PAIR: S(N_("an empty FAMILY=VERSION between commas")),
    Code.STATE_NOT_PAIR: S(N_("{part} is not FAMILY=VERSION"), part=_quote),
    Code.STATE_BAD_FAMILY: S(N_("{family} is not a family name (lower-case)"), family=_quote),
    Code.STATE_FAMILY_TWICE: S(N_("family {family} is named twice"), family=_quote),
    Code.NEAREST_NEEDS_GOAL: S(N_(
        "the nearest state that meets 'latest' is the start itself: give a goal with --to,"
        " such as --to 'bomgar>=22.1' --nearest")),
    Code.UNKNOWN_FAMILY: S(N_("unknown family {family} (catalog has {families})"),
                           family=_repr, families=_listed),
    Code.HOLD_PASSED: S(N_(
        "{family} {installed} is installed, already past it, and versions never go down; to"
        " plan no {family} package, hold {family}=={installed}"),
        family=_plain, installed=_plain),
    Code.EXPECTED_GOAL: S(N_("expected 'latest' or requirements such as ['bomgar>=23.2']")),
    Code.EXPECTED_GOAL_TEXT: S(N_("expected text such as 'bomgar>=23.2'")),
    Code.GOAL_EMPTY: S(N_("empty; write 'latest' or a requirement such as 'bomgar>=23.2'")),
    Code.GOAL_LATEST_COMBINED: S(N_(
        "'latest' cannot be combined with other goals: give either latest or requirements,"
        " one per family")),
    Code.GOAL_FAMILY_TWICE: S(N_(
        "family {family} is named twice; join its clauses in one specifier set"
        " (bomgar>=15,<16)"), family=_repr),
    Code.EXPECTED_CATALOG: S(N_(
        "expected a Catalog: bomgar_paths.load(path) or bomgar_paths.load_bundled()")),
    Code.EXPECTED_PACKAGE: S(N_(
        "expected a Package of the catalog or its label, such as 'Bomgar-12.2.0'")),
    Code.PACKAGE_NOT_IN_CATALOG: S(N_("not a package of this catalog")),
    Code.PACKAGE_IS_REQUIREMENT: S(N_(
        "name one package, by its label or as FAMILY=VERSION (bomgar=12.2.0), not a"
        " requirement")),
    Code.PACKAGE_VERSION_MISSING: S(N_("the catalog has no {family} {version}"),
                                    family=_plain, version=_plain),
    Code.PACKAGE_UNKNOWN: S(N_("no such package in the catalog"), near=_near),
    Code.PACKAGE_FAMILY_UNDECLARED: S(N_(
        "its family {family} is not declared (catalog has {families})"),
        family=_repr, families=_listed),
    Code.PACKAGE_LISTED_TWICE: S(N_("{family} {version} is listed twice"),
                                 family=_plain, version=_plain),
    Code.EXPECTED_ONE_OF: S(N_("expected one of {choices}"), choices=_listed),
    Code.EXPECTED_A_PLAN: S(N_("expected a Plan (from bomgar_paths.plan)")),
    Code.MAX_STATES_INVALID: S(N_(
        "expected a whole number of states, 1 or more, or None for no limit")),
    # _reader.py: files and folders
    Code.PATH_EMPTY: S(N_("empty catalog path")),
    Code.PATH_MISSING: S(N_("no such file or folder")),
    Code.PATH_UNREADABLE: S(N_("cannot read: {error}"), error=_plain),
    Code.PATH_LINK_LOOP: S(N_(
        "symlink loop: the link leads back to itself (directly or through other links)")),
    Code.PATH_LINK_DANGLING: S(N_("dangling symlink: its target {target} does not exist"),
                               target=_quote),
    Code.PATH_NOT_FILE_OR_FOLDER: S(N_("not a regular file or folder")),
    Code.PATH_NOT_FILE: S(N_("not a regular file")),
    Code.FOLDER_UNREADABLE: S(N_("cannot read folder: {error}"), error=_plain),
    Code.FOLDER_EMPTY: S(N_("folder holds no .toml file")),
    Code.FOLDER_LOOP: S(N_(
        "symlink loop: leads back to {folder}, a folder it is in (not read again)"),
        folder=_plain),
    Code.FOLDER_TWICE: S(N_(
        "same folder as {first}, which is read already (symlinks reach it twice)"),
        first=_plain),
    Code.FILE_TWICE: S(N_(
        "same file as {first}, which is read already (a symlink or hard link reaches it"
        " twice)"), first=_plain),
    Code.FILE_UTF32: S(N_("file is UTF-32 encoded; save it as UTF-8")),
    Code.FILE_UTF16: S(N_("file is UTF-16 encoded; save it as UTF-8")),
    Code.FILE_BINARY: S(N_("binary file, not TOML text")),
    Code.FILE_NOT_UTF8: S(N_(
        "not UTF-8 text (byte 0x{byte} at offset {offset}, column {column}); save it as"
        " UTF-8"), byte=_hex2, offset=_plain, column=_plain),
    Code.TOML_TOO_DEEP: S(N_("arrays or inline tables are nested too deeply to read")),
    Code.TOML_SYNTAX: S(N_("TOML syntax error: {error}"), error=_plain),
    Code.TOML_SYNTAX_AT_COLUMN: S(N_("TOML syntax error: {error} (column {column})"),
                                  error=_plain, column=_plain),
    Code.TOML_INTEGER_TOO_LONG: S(N_(
        "an integer has more than {limit} digits, too long to read"), limit=_plain),
    # _reader.py: tables and keys
    Code.UNKNOWN_TOP_LEVEL_KEY: S(N_("unknown top-level key {key}"), key=_quote, near=_near),
    Code.UNKNOWN_TOP_LEVEL_KEY_LISTED: S(N_("unknown top-level key {key} (known: {known})"),
                                         key=_quote, known=_listed),
    Code.UNKNOWN_KEY: S(N_("unknown key {key}"), key=_quote, near=_near),
    Code.UNKNOWN_KEY_LISTED: S(N_("unknown key {key} (known: {known})"),
                               key=_quote, known=_listed),
    Code.FAMILY_NOT_TABLES: S(N_("'family' must be tables: [family.NAME]")),
    Code.FAMILY_TWICE: S(N_("family {family} is declared twice (first in {first})"),
                         family=_quote, first=_plain),
    Code.FAMILY_NAME_INVALID: S(N_("family name {name} must match [a-z][a-z0-9_-]*"),
                                name=_quote),
    Code.FAMILY_LABEL_SHARED: S(N_(
        "label {label} is also family {other}'s: their packages could not be told apart"),
        label=_quote, other=_plain),
    Code.PACKAGES_NOT_ARRAY: S(N_("'package' must be an array of tables: [[package]]")),
    Code.NOT_A_TABLE: S(N_("must be a table")),
    Code.NO_PACKAGES: S(N_("catalog has no packages")),
    Code.DUPLICATE_PACKAGE: S(N_(
        "duplicate of {label} ({place}): {first} and {second} are the same version"),
        label=_plain, place=_plain, first=_plain, second=_plain),
    Code.PACKAGE_OF_UNDECLARED_FAMILY: S(N_(
        "package of undeclared family {family} (declare it with [family.{table}])"),
        family=_quote, table=_plain, near=_near),
    Code.REQUIREMENT_ON_UNDECLARED_FAMILY: S(N_(
        "requirement on undeclared family {family} (declare it with [family.{table}])"),
        family=_quote, table=_plain, near=_near),
    Code.MISSING_FAMILY: S(N_("missing 'family'")),
    Code.FAMILY_NOT_STRING: S(N_("family must be a string, not {value}"), value=_shown),
    Code.MISSING_VERSION: S(N_("missing 'version'")),
    Code.VERSION_NOT_STRING: S(N_(
        "version must be a quoted string (\"12.2.0\"), not {value}"), value=_shown),
    Code.REQUIRES_NOT_TABLE: S(N_("requires must be a table: {{ base = \">=3.3.2\" }}")),
    Code.REQUIRES_NOT_STRING: S(N_(
        "requires.{family} must be a quoted specifier set, not {value}"),
        family=_plain, value=_shown),
    Code.REQUIRES_INVALID: S(N_("requires.{family}: {reason}"), family=_plain,
                             reason=_reason),
    Code.WORKS_WITH_NOT_TABLE: S(N_(
        "works_with must be a table: {{ bomgar = \">=17\" }}")),
    Code.WORKS_WITH_NOT_STRING: S(N_(
        "works_with.{family} must be a quoted specifier set, not {value}"),
        family=_plain, value=_shown),
    Code.WORKS_WITH_INVALID: S(N_("works_with.{family}: {reason}"), family=_plain,
                               reason=_reason),
    Code.WORKS_WITH_ON_UNDECLARED_FAMILY: S(N_(
        "works_with on undeclared family {family} (declare it with [family.{table}])"),
        family=_quote, table=_plain, near=_near),
    Code.WORKS_WITH_OWN_FAMILY: S(N_(
        "works_with names the package's own family {family}: a package is always"
        " at its own version (use requires for what must be installed first)"),
        family=_quote),
    Code.RELEASED_QUOTED: S(N_(
        "released must be a TOML date such as 2012-10-01, not the string {value} (write the"
        " date without quotes)"), value=_quote),
    Code.RELEASED_NOT_DATE: S(N_("released must be a TOML date such as 2012-10-01, not"
                                 " {value}"), value=_date_or_shown),
    Code.TEXT_EMPTY: S(N_("{key} must be a non-empty string, not {value}"),
                       key=_plain, value=_shown),
    Code.PRIORITY_NOT_INTEGER: S(N_("priority must be an integer, not {value}"),
                                 value=_shown),
    Code.PRIORITY_OUT_OF_RANGE: S(N_(
        "priority must be between {low} and {high}, got {value}"),
        low=_plain, high=_plain, value=_shown),
    Code.CLIENTS_UPDATE_NOT_BOOLEAN: S(N_(
        "clients_update must be true or false, not {value}"), value=_shown),
    Code.ADVISORIES_NOT_ARRAY: S(N_(
        "advisory must be an array of tables: write each as [[advisory]]")),
    Code.ADVISORY_MISSING: S(N_("missing '{key}'"), key=_plain),
    Code.ADVISORY_TWICE: S(N_("advisory {id} is already listed ({first})"), id=_plain,
                           first=_plain),
    Code.EXPLOITED_NOT_BOOLEAN: S(N_("exploited must be true or false, not {value}"),
                                  value=_shown),
    Code.AFFECTS_EMPTY: S(N_("affects names no family: {{ bomgar = \"<=24.3.1\" }}")),
    Code.AFFECTS_NOT_TABLE: S(N_("affects and applies_to must be tables:"
                                 " {{ bomgar = \"<=24.3.1\" }}")),
    Code.AFFECTS_NOT_STRING: S(N_(
        "{family} must be a quoted specifier set, not {value}"), family=_plain, value=_shown),
    Code.AFFECTS_INVALID: S(N_("{family}: {reason}"), family=_plain, reason=_reason),
    Code.AFFECTS_ON_UNDECLARED_FAMILY: S(N_(
        "advisory names undeclared family {family} (declare it with [family.{table}])"),
        family=_quote, table=_plain, near=_near),
    Code.PATCHES_NOT_TABLES: S(N_(
        "patches must be an array of tables: [{{ id = \"BT24-10-ONPREM1\","
        " applies_to = {{ bomgar = \">=22.1\" }} }}]")),
    Code.PATCHED_UNKNOWN: S(N_("no advisory of the catalog has a patch {patch} (known:"
                               " {known})"), patch=_quote, known=_plain),
    Code.PATCHED_NOT_HERE: S(N_(
        "patch {patch} applies to {versions}, not to the installed {installed}: it cannot"
        " have been applied here"), patch=_quote, versions=_plain, installed=_plain),
    Code.UNAFFECTED_WITHOUT_ADVISORIES: S(N_(
        "the catalog lists no security advisories, so every state is unaffected: add"
        " [[advisory]] entries (docs/catalog-format.md) or give another goal")),
    Code.PATCH_TWICE: S(N_("patch {patch} is listed twice in this advisory"), patch=_quote),
    Code.EXTERNAL_NOT_BOOLEAN: S(N_("external must be true or false, not {value}"),
                                 value=_shown),
    Code.EXTERNAL_UPDATES_CLIENTS: S(N_(
        "an external family is installed outside the appliance and cannot update its"
        " clients: drop clients_update or external")),
    Code.NUMBER_NOT_NUMBER: S(N_("{key} must be a number, not {value}"),
                              key=_plain, value=_shown),
    Code.NUMBER_NOT_FINITE: S(N_("{key} must be a finite number, not {value}"),
                              key=_plain, value=_repr),
    Code.NUMBER_NEGATIVE: S(N_("{key} must not be negative, got {value}"),
                            key=_plain, value=_shown),
    Code.NUMBER_TOO_LARGE: S(N_("{key} must be at most {limit} (a year), got {value}"),
                             key=_plain, limit=_plain, value=_shown),
    Code.LABEL_NOT_STRING: S(N_(
        "label must be a string containing {{version}} (e.g. \"Base Software {{version}}\"),"
        " not {value}"), value=_shown),
    Code.LABEL_CONTROL_CHARACTER: S(N_(
        "label {label} must not contain control characters (U+{code_point})"),
        label=_quote, code_point=_code_point),
    Code.LABEL_NOT_TEMPLATE: S(N_(
        "label {label} is not a valid template: {error} (write {{{{ and }}}} for a literal"
        " brace)"), label=_quote, error=_plain),
    Code.LABEL_UNKNOWN_FIELD: S(N_(
        "label {label} may use only {{version}} and {{family}} (write {{{{ and }}}} for a"
        " literal brace): {field}"), label=_quote, field=_short_quote, near=_near_field),
    Code.LABEL_FIELD_NOT_PLAIN: S(N_(
        "label {label} must write {{{field}}} plainly, not {written} (no format spec or"
        " conversion)"), label=_quote, field=_plain, written=_plain),
    Code.LABEL_WITHOUT_VERSION: S(N_(
        "label must be a string containing {{version}} (e.g. \"Base Software"
        " {{version}}\")")),
    # windows.py, scheduling.py, clients.py
    Code.ZONE_NOT_TEXT: S(N_(
        "expected a time zone name such as 'Europe/Istanbul', not {value}"), value=_quote),
    Code.ZONE_EMPTY: S(N_(
        "the time zone is empty: give an IANA name such as 'Europe/Istanbul' or 'UTC'")),
    Code.ZONE_UNKNOWN: S(N_(
        "unknown time zone {name} (use an IANA name such as 'Europe/Istanbul' or 'UTC')"),
        name=_quote),
    Code.ZONE_WRONG_TYPE: S(N_("expected a time zone name or a tzinfo, not {value}"),
                            value=_quote),
    Code.WINDOW_NOT_TEXT: S(N_("expected text such as 'Sat 01:00-05:00'")),
    Code.WINDOW_EMPTY: S(N_(
        "it is empty; write e.g. 'Sat 01:00-05:00' or '2026-12-05T01:00/2026-12-05T05:00'")),
    Code.WINDOW_MALFORMED: S(N_(
        "expected DAYS HH:MM-HH:MM such as 'Sat 01:00-05:00' or 'Mon-Fri 22:00-02:00', or"
        " START/END such as '2026-12-05T01:00/2026-12-05T05:00'")),
    Code.WINDOW_NO_LENGTH: S(N_(
        "it opens and closes at the same time; for a whole day write 00:00-24:00")),
    Code.WINDOW_CLOSES_FIRST: S(N_("it closes before it opens")),
    Code.WINDOWS_NOT_TEXTS: S(N_("expected window texts such as ['Sat 01:00-05:00']")),
    Code.WINDOWS_WRONG_TYPE: S(N_(
        "expected Windows, such as Windows.parse(['Sat 01:00-05:00'], 'Europe/Istanbul'),"
        " not {value}"), value=_quote),
    Code.ONE_OFF_MALFORMED: S(N_(
        "a one-off window is START/END, such as '2026-12-05T01:00/2026-12-05T05:00' or"
        " '2026-12-05T01:00/PT4H'")),
    Code.ONE_OFF_PAST_CALENDAR: S(N_(
        "{end} runs past the end of the calendar (year 9999)"), end=_quote),
    Code.INSTANT_NOT_ISO: S(N_(
        "{instant} is not an ISO 8601 date and time (2026-12-05T01:00)"), instant=_quote),
    Code.INSTANT_END_OF_CALENDAR: S(N_(
        "{instant} is at the end of the calendar (year 9999)"), instant=_quote),
    Code.DAY_MISSING: S(N_("a day is missing between commas; write e.g. 'Sat,Sun'")),
    Code.DAY_NONE: S(N_("no day named; write e.g. 'Sat', 'Mon-Fri' or 'daily'")),
    Code.DAY_UNKNOWN: S(N_(
        "{day} is not a day (Mon, Tue, Wed, Thu, Fri, Sat, Sun, or daily)"), day=_quote,
        near=_near),
    Code.TIME_INVALID: S(N_("{time} is not a time of day (00:00 to 23:59)"), time=_plain),
    Code.CLOSING_TIME_INVALID: S(N_(
        "{time} is not a time of day (00:00 to 23:59, or 24:00 to close at midnight)"),
        time=_plain),
    Code.START_NOT_TEXT: S(N_(
        "invalid start {text}: expected ISO 8601 text such as 2026-12-05T01:00+03:00"),
        text=_quote),
    Code.START_NOT_ISO: S(N_(
        "invalid start {text}: expected ISO 8601 such as 2026-12-05T01:00+03:00"),
        text=_quote),
    Code.START_WITHOUT_OFFSET: S(N_(
        "invalid start {text}: give a UTC offset (2026-12-05T01:00+03:00) or a time zone"
        " (--tz)"), text=_quote),
    Code.START_END_OF_CALENDAR: S(N_(
        "invalid start {text}: at the end of the calendar (year 9999)"), text=_quote),
    Code.START_WRONG_TYPE: S(N_(
        "expected an aware datetime such as datetime(2026, 12, 5, 1, 0,"
        " tzinfo=ZoneInfo('Europe/Istanbul')), not {value}"), value=_quote),
    Code.START_IS_DATE: S(N_(
        "expected an aware datetime such as datetime(2026, 12, 5, 1, 0,"
        " tzinfo=ZoneInfo('Europe/Istanbul')), not the date {date}"), date=_plain),
    Code.START_NAIVE: S(N_(
        "the start {start} has no UTC offset: give one (2026-12-05T01:00+03:00) or a time"
        " zone"), start=_plain),
    Code.EXPECTED_PLAN: S(N_("expected a Plan (from bomgar_paths.plan), not {value}"),
                          value=_quote),
    Code.PAST_CALENDAR: S(N_(
        "the schedule runs past the end of the calendar (year 9999): start earlier, or"
        " lower the duration estimates")),
    Code.NO_WINDOW_SOON: S(N_(
        "no maintenance window after {after} within two years can hold {package}"
        " ({duration}): {windows}"),
        after=_plain, package=_plain, duration=_duration, windows=_windows),
    Code.NO_WINDOW_AT_ALL: S(N_(
        "no maintenance window after {after} at all can hold {package} ({duration}):"
        " {windows}"), after=_plain, package=_plain, duration=_duration, windows=_windows),
    Code.INSTALL_LONGER_THAN_WINDOWS: S(N_(
        "{package} is estimated at {duration}, longer than any maintenance window"
        " ({windows}; the longest lasts {longest}): widen a window or lower the duration"
        " estimate"), package=_plain, duration=_duration, windows=_windows, longest=_duration),
    Code.TOO_MANY_WINDOWS: S(N_("more than {limit} maintenance windows: join some of them"),
                             limit=_plain),
    Code.MULTIPLIER_INVALID: S(N_(
        "the duration multiplier must be a number above 0 and at most {limit}, not"
        " {value}"), limit=_plain, value=_quote),
    Code.DURATION_WRONG_TYPE: S(N_("the duration override must be a timedelta, not {value}"),
                                value=_quote),
    Code.DURATION_NEGATIVE: S(N_("an install cannot take a negative time")),
    Code.DURATION_TOO_LONG: S(N_(
        "an install estimate of more than {limit} days means nothing: {duration}"),
        limit=_days, duration=_duration),
    Code.DURATION_AND_MULTIPLIER: S(N_("give a duration override or a multiplier, not both")),
    Code.CAP_WITHOUT_WINDOWS: S(N_("a cap on installs per window needs maintenance windows")),
    Code.CAP_INVALID: S(N_(
        "the cap on installs per window must be a whole number, 1 or more, not {value}"),
        value=_quote),
    Code.JUMP_COUNT_MISSING: S(N_(
        "the Jump Client estimate needs the number of Jump Clients too")),
    Code.JUMP_COUNT_INVALID: S(N_(
        "the number of Jump Clients must be a whole number from 0 to {limit}, not {value}"),
        limit=_number, value=_quote),
    Code.JUMP_CONCURRENT_INVALID: S(N_(
        "the Jump Client estimate needs Maximum Concurrent Jump Client Upgrades (a whole"
        " number from 1 to {limit}), as set on /login > Jump > Jump Clients"),
        limit=_number),
    Code.JUMP_MINUTES_INVALID: S(N_(
        "minutes per Jump Client upgrade must be a number above 0 and at most {limit}, not"
        " {value}"), limit=_plain, value=_quote),
    # graph.py
    Code.DEPTH_INVALID: S(N_("the depth must be a whole number from 0 to {limit}"),
                          limit=_plain),
    # progress.py
    Code.PLAN_FILE_UNREADABLE: S(N_("cannot read it: {error}"), error=_plain),
    Code.PLAN_FILE_NOT_JSON: S(N_("not JSON (line {line}: {error}): save a plan with plan"
                                  " --format json"), error=_plain, line=_plain),
    Code.PLAN_FILE_NOT_A_PLAN: S(N_(
        "not a plan written by plan --format json (no {missing})"), missing=_listed),
    Code.PLAN_FILE_SCHEMA: S(N_(
        "schema {schema}, but this version reads schema {expected}: make the plan again"),
        schema=_shown, expected=_plain),
    Code.PLAN_FILE_BAD_VALUE: S(N_("its {key} is not what plan --format json writes"),
                                key=_plain),
    Code.PLAN_FILE_BAD_VALUE_BECAUSE: S(N_(
        "its {key} is not what plan --format json writes: {reason}"), key=_plain,
        reason=_reason),
    Code.TIME_NOT_ISO: S(N_("expected ISO 8601 such as 2026-12-05T01:00+03:00")),
    Code.TIME_WITHOUT_OFFSET: S(N_("give a UTC offset, such as 2026-12-05T01:00+03:00")),
    Code.LAST_INSTALL_IN_FUTURE: S(N_("it is after now ({now})"), now=_plain),
    # topology.py
    Code.TOPOLOGY_UNREADABLE: S(N_("cannot read the topology: {error}"), error=_plain),
    Code.TOPOLOGY_NOT_UTF8: S(N_("not UTF-8 text (byte {offset})"), offset=_plain),
    Code.TOPOLOGY_SYNTAX: S(N_("not TOML: {error}"), error=_plain),
    Code.TOPOLOGY_UNKNOWN_KEY: S(N_("unknown key {key}"), key=_quote, near=_near),
    Code.TOPOLOGY_NOT_TABLE: S(N_(
        "{key} is written [deployment] (one table) or [[appliance]] (one per appliance)"),
        key=_plain),
    Code.TOPOLOGY_KIND_MISSING: S(N_(
        "no kind: give kind = \"single\", \"pair\", \"atlas\" or \"new-hardware\"")),
    Code.TOPOLOGY_NO_APPLIANCES: S(N_("no [[appliance]] entries")),
    Code.TOPOLOGY_KEY_MISSING: S(N_("no {key}"), key=_plain),
    Code.TOPOLOGY_NOT_TEXT: S(N_("{key} must be text, not {value}"), key=_plain,
                              value=_shown),
    Code.TOPOLOGY_NAME_INVALID: S(N_(
        "invalid name {name}: letters, digits, '.', '_' and '-', at most 63"), name=_quote),
    Code.TOPOLOGY_NAME_TWICE: S(N_("the name {name} is taken by another appliance"),
                                name=_quote),
    Code.TOPOLOGY_STATE: S(N_("invalid state {text}: {reason}"), text=_quote,
                           reason=_reason),
    Code.TOPOLOGY_NOT_ONE_OF: S(N_("{value} is not one of {choices}"), value=_quote,
                                choices=_listed, near=_near),
    Code.TOPOLOGY_ROLE_NOT_IN_KIND: S(N_(
        "role {role} has no place in kind {kind}, which takes {roles}"), role=_plain,
        kind=_plain, roles=_listed),
    Code.TOPOLOGY_ROLE_COUNT: S(N_(
        "kind {kind} takes exactly {least} appliance with role {role}, not {count}"),
        kind=_plain, role=_plain, count=_plain, least=_plain),
    Code.TOPOLOGY_ROLE_RANGE: S(N_(
        "kind {kind} takes {least} to {most} appliances with role {role}, not {count}"),
        kind=_plain, role=_plain, count=_plain, least=_plain, most=_number),
    Code.TOPOLOGY_REGION_MISSING: S(N_("a traffic node needs its region (region = ...)")),
    Code.TOPOLOGY_REGION_NOT_TRAFFIC: S(N_("only traffic nodes have a region")),
    Code.TOPOLOGY_METHOD_NOT_IN_KIND: S(N_(
        "method {method} is not a method of kind {kind} ({methods})"), method=_plain,
        kind=_plain, methods=_listed),
    Code.TOPOLOGY_PAIR_METHOD: S(N_(
        "a failover pair needs method = \"sync\" (the primary first, it stays primary) or"
        " \"async\" (the backup first, it becomes primary)")),
    Code.TOPOLOGY_FAILOVER_BY: S(N_(
        "kind {kind} with a backup needs failover_by = \"shared-ip\", \"dns\" or \"nat\":"
        " how the primary role moves"), kind=_plain),
    Code.TOPOLOGY_STAGED_NEEDS_BACKUP: S(N_(
        "the staged method holds back the backup master: it needs an appliance with role"
        " \"backup\"")),
    Code.TOPOLOGY_NO_METHOD: S(N_("kind {kind} takes no method, not {method}"),
                               kind=_plain, method=_plain),
    Code.TOPOLOGY_REGION_EMPTY: S(N_("the region is empty")),
    Code.TOPOLOGY_REGIONS_WRONG_TYPE: S(N_(
        "regions must map region names to node counts, such as {{\"eu\": 2}}, not"
        " {value}"), value=_quote),
    Code.TOPOLOGY_REGION_COUNT: S(N_(
        "region {region}: a name of letters, digits, '.', '_' and '-' (at most 56) and a"
        " whole number of nodes, 1 or more, not {count}"), region=_quote, count=_quote),
    Code.TOPOLOGY_PATH_INVALID: S(N_("{value} is not a file name"), value=_quote),
    Code.TOPOLOGY_NOT_TEXT_INPUT: S(N_(
        "expected the text of a topology file, not {value}"), value=_quote),
    Code.TOPOLOGY_ATLAS_STATES: S(N_(
        "runs {state}, but the master runs {master}: the nodes of a cluster run one"
        " package"), state=_plain, master=_plain),
    Code.EXPECTED_TOPOLOGY: S(N_(
        "expected a Topology (from bomgar_paths.topology), not {value}"), value=_quote),
    # runbook.py
    Code.NODES_AT_ONCE_INVALID: S(N_(
        "the traffic nodes updated at once must be a whole number from 1 to {limit}, not"
        " {value}"), limit=_number, value=_quote),
    Code.RUNBOOK_NO_WINDOW: S(N_(
        "round {round}: no maintenance window after {after} can hold {what}'s visit"
        " ({duration}): {windows}"), round=_plain, what=_plain, duration=_duration,
        after=_plain, windows=_windows),
    Code.RUNBOOK_NODES_NO_WINDOW: S(N_(
        "round {round}: {what}'s visit updates the traffic nodes {at_once} at a time and"
        " takes {duration}, longer than any maintenance window after {after}: raise"
        " --nodes-at-once, or widen a window ({windows})"), round=_plain, what=_plain,
        at_once=_plain, duration=_duration, after=_plain, windows=_windows),
    Code.RUNBOOK_AFTER_SOAK: S(N_(
        "round {round}: no window lets {appliance} be updated and failover re-established"
        " before the soak ends ({soak_until}): give a window in between, share one"
        " (--share-window) or shorten --validation"), round=_plain, appliance=_plain,
        soak_until=_plain),
    Code.RUNBOOK_ALIGN_UNPROTECTED: S(N_(
        "the pair's appliances start apart, and bringing them to one package takes"
        " {rounds} rounds without failover, longer than the cap of {cap}: align them first,"
        " or raise --max-unprotected"), rounds=_plain, cap=_duration),
    Code.RUNBOOK_RESTORE_OLDER: S(N_(
        "the old appliance runs {old}, newer than the goal's {target}: a backup is not"
        " restored onto an older release; give a goal at or past the old appliance's"
        " version"), old=_plain, target=_plain),
    # inventory.py, fleet.py
    Code.INVENTORY_UNREADABLE: S(N_("cannot read the inventory: {error}"), error=_plain),
    Code.INVENTORY_NOT_UTF8: S(N_("not UTF-8 text (byte {offset})"), offset=_plain),
    Code.INVENTORY_KIND: S(N_(
        "an inventory is a .csv, .jsonl (or .ndjson) or .toml file, not {suffix}"),
        suffix=_quote),
    Code.INVENTORY_SYNTAX: S(N_("not {kind}: {error}"), kind=_plain, error=_plain),
    Code.INVENTORY_NO_HEADER: S(N_(
        "no header row: the first row names the columns (name,state,...)")),
    Code.INVENTORY_COLUMN_UNKNOWN: S(N_("unknown column {column}"), column=_quote,
                                     near=_near),
    Code.INVENTORY_COLUMN_TWICE: S(N_("the column {column} is named twice"),
                                   column=_quote),
    Code.INVENTORY_COLUMN_MISSING: S(N_("no column {column}"), column=_plain),
    Code.INVENTORY_ROW_NOT_TABLE: S(N_("a row is a JSON object such as {{\"name\": \"edge-1\","
                                       " \"state\": \"base=3.2.4\"}}, not {value}"),
                                    value=_shown),
    Code.INVENTORY_ROW_WIDTH: S(N_("{count} cells, but the header names {columns} columns"),
                                count=_plain, columns=_plain),
    Code.INVENTORY_ROW_TOO_LONG: S(N_("the row is longer than {limit} characters"),
                                   limit=_number),
    Code.INVENTORY_CELL_MISSING: S(N_("no {column}"), column=_plain),
    Code.INVENTORY_CELL_NOT_TEXT: S(N_("{column} must be text, not {value}"), column=_plain,
                                    value=_shown),
    Code.INVENTORY_NAME_INVALID: S(N_(
        "invalid name {name}: letters, digits, '.', '_' and '-', at most 63"), name=_quote),
    Code.INVENTORY_NAME_TWICE: S(N_("the name {name} is taken by row {row}"), name=_quote,
                                 row=_plain),
    Code.INVENTORY_FLAG: S(N_("{column} is true or false (yes, no, 1, 0), not {value}"),
                           column=_plain, value=_shown),
    Code.INVENTORY_VALUE: S(N_("{column}: {error}"), column=_plain, error=_error),
    Code.INVENTORY_STATE_AND_TOPOLOGY: S(N_(
        "give state or topology, not both: the topology file says what each appliance"
        " runs")),
    Code.INVENTORY_WEEKLY_NEEDS_TZ: S(N_(
        "weekly windows need a time zone: fill in tz, e.g. Europe/Istanbul")),
    Code.INVENTORY_WORK_LIMIT: S(N_("{error}"), error=_error),
    Code.SERIAL_INVALID: S(N_(
        "invalid serial {text}: expected wave sizes such as 1,10%,50% (whole numbers of"
        " 1 or more, or percentages from 1% to 100%)"), text=_quote),
    Code.FAIL_PERCENTAGE_INVALID: S(N_(
        "invalid failure threshold {value}: a percentage from 0 to 100"), value=_quote),
    Code.CANARY_UNKNOWN: S(N_("canary {name} is neither an appliance nor a group of the"
                              " inventory"), name=_quote, near=_near),
    Code.EXPECTED_FLAG: S(N_("{what} must be True or False, not {value}"), what=_plain,
                          value=_quote),
    Code.TIME_SPAN_INVALID: S(N_(
        "{what} must be a timedelta of 0 or more, such as timedelta(hours=4), not {value}"),
        what=_plain, value=_quote),
    Code.RUNBOOK_UNPROTECTED: S(N_(
        "round {round}: no window keeps failover broken for less than the cap of {cap}:"
        " give windows closer together, share one (--share-window) or shorten"
        " --validation"), round=_plain, cap=_duration),
}

# "invalid state 'x': ...": one msgid per kind of input, so a translator can
# inflect the noun; another kind falls back to the general form.
_INVALID_INPUT: Mapping[str, str] = {
    "state": N_("invalid state {text}: {reason}"),
    "requirement": N_("invalid requirement {text}: {reason}"),
    "goal": N_("invalid goal {text}: {reason}"),
    "hold": N_("invalid hold {text}: {reason}"),
    "package": N_("invalid package {text}: {reason}"),
    "catalog": N_("invalid catalog {text}: {reason}"),
    "language": N_("invalid language {text}: {reason}"),
    "plan": N_("invalid plan {text}: {reason}"),
    "now": N_("invalid --now {text}: {reason}"),
    "depth": N_("invalid --depth {text}: {reason}"),
    "last_site_install": N_("invalid --last-site-install {text}: {reason}"),
}


# -- the lines ---------------------------------------------------------------------


def reason_text(reason: Reason, words: Words = ENGLISH, *, limit: bool = False) -> str:
    """What ``reason`` says is wrong, in the language of ``words``.

    ``limit`` cuts it to ``MESSAGE_LIMIT`` characters, as a catalog problem's message is.
    """
    sentence = SENTENCES[reason.code]
    fields = {name: sentence.fields[name](value, words)
              for name, value in reason.fields.items() if name != "near"}
    # Every msgid here is a format template ("{{" for a brace), fields or not.
    text = words._(sentence.msgid, **fields) if fields else words._(sentence.msgid).format()
    near = reason.fields.get("near")
    if near is not None:
        text = words._(_DID_YOU_MEAN, sentence=text, near=sentence.fields["near"](near, words))
    if limit and len(text) > MESSAGE_LIMIT:
        text = text[:MESSAGE_LIMIT] + "…"
    return text


def problem_text(problem: CatalogProblem, words: Words = ENGLISH) -> str:
    """``path:line: entry: message``: one catalog problem, on one line."""
    message = reason_text(problem.reason, words, limit=True)
    path, line, entry = problem.path, problem.line, problem.entry
    if not path:  # not from a file (a topology made by the command line's shortcuts)
        if entry:
            return words._("{entry}: {message}", entry=entry, message=message)
        return message
    if line is None:
        if entry:
            return words._("{path}: {entry}: {message}", path=path, entry=entry,
                           message=message)
        return words._("{path}: {message}", path=path, message=message)
    if entry:
        return words._("{path}:{line}: {entry}: {message}", path=path, line=line, entry=entry,
                       message=message)
    return words._("{path}:{line}: {message}", path=path, line=line, message=message)


def error_text(error: BomgarPathsError, words: Words = ENGLISH) -> str:
    """The one line of ``error``, in the language of ``words``."""
    if isinstance(error, CatalogError | TopologyError | InventoryError):
        return _catalog_error(error, words)
    if isinstance(error, InputError):
        reason = reason_text(error.reason, words)
        text = quoted(error.text, QUOTE_LIMIT, words)
        msgid = _INVALID_INPUT.get(error.what)
        if msgid is None:
            return words._("invalid {what} {text}: {reason}", what=error.what, text=text,
                           reason=reason)
        return words._(msgid, text=text, reason=reason)
    if isinstance(error, WindowError):
        return words._("invalid maintenance window {text}: {reason}",
                       text=quoted(error.text, QUOTE_LIMIT, words),
                       reason=reason_text(error.reason, words))
    if isinstance(error, ScheduleError | ParseError):
        return reason_text(error.reason, words)
    if isinstance(error, WorkLimit):
        return _work_limit(error, words)
    if isinstance(error, Unreachable):
        return words._("the goal {goal} cannot be reached from {state}", goal=error.goal,
                       state=str(error.start) or words._("nothing installed"))
    return str(error.args[0]) if error.args else type(error).__name__


def _catalog_error(error: CatalogError | TopologyError | InventoryError, words: Words) -> str:
    if not error.problems:
        return words._("invalid catalog")
    first = problem_text(error.problems[0], words)
    more = len(error.problems) - 1
    if not more:
        return first
    return words.n_("{first} (and {n} more problem)", "{first} (and {n} more problems)", more,
                    first=first)


def _work_limit(error: WorkLimit, words: Words) -> str:
    shown = error.families[:6]
    named = ", ".join(shown) + (", ..." if len(error.families) > len(shown) else "")
    if error.at_most < 10**12:
        size = words.number(error.at_most)
    else:
        size = words._("about 10^{exponent}", exponent=len(str(error.at_most)) - 1)
    return words.n_(
        "the question needs more than {limit} states: {n} family ({named}) whose versions"
        " combine into up to {size} states; narrow it with --to (fewer families) or --hold,"
        " or raise --max-states",
        "the question needs more than {limit} states: {n} families ({named}) whose versions"
        " combine into up to {size} states; narrow it with --to (fewer families) or --hold,"
        " or raise --max-states",
        len(error.families), limit=words.number(error.limit), named=named, size=size)


# -- quoting user text and TOML values -------------------------------------------------


def quoted(text: object, limit: int = QUOTE_LIMIT, words: Words = ENGLISH) -> str:
    """``text`` quoted, at most about ``limit`` characters of it, then its length:
    ``'base=3.2.4,ba'… (10,000 characters)``. A value that is not text is shown
    by its repr, unquoted."""
    shown_text = text if isinstance(text, str) else repr(text)
    if len(shown_text) <= limit:
        return repr(shown_text) if isinstance(text, str) else shown_text
    start = repr(shown_text[:limit]) if isinstance(text, str) else shown_text[:limit]
    return words.n_("{start}… ({n} character)", "{start}… ({n} characters)",
                    len(shown_text), start=start)


class _ShortRepr(reprlib.Repr):
    """``repr`` cut to size, that never writes a huge integer out in decimal."""

    def __init__(self, words: Words) -> None:
        super().__init__()
        self.words = words
        self.maxlevel, self.maxlist, self.maxdict = 2, 4, 4
        self.maxstring = self.maxlong = self.maxother = QUOTE_LIMIT

    def repr_int(self, x: int, level: int) -> str:
        # str() refuses integers of more than 4300 digits; count them instead.
        if x.bit_length() > 256:
            digits = max(0, int((x.bit_length() - 1) * math.log10(2)) - 1)  # a lower bound
            while 10**digits <= abs(x):
                digits += 1
            return self.words.n_("<an integer of {n} digit>", "<an integer of {n} digits>",
                                 digits)
        return super().repr_int(x, level)


def shown(value: object, limit: int = QUOTE_LIMIT, words: Words = ENGLISH) -> str:
    """A TOML value for a message, at most about ``limit`` characters of it: text
    quoted as ``quoted`` does, other values (numbers, arrays, tables) through
    reprlib, which never prints a 5,000-digit integer."""
    if isinstance(value, str):
        return quoted(value, limit, words)
    text = _ShortRepr(words).repr(value)
    return text if len(text) <= limit else text[:limit] + "…"
