"""``python -m bomgar_paths``: argparse in, library calls, renderings out.

Exit status (DESIGN §2.4): 0 success (an empty plan too), 1 the goal cannot
be reached, 2 bad input or usage, 3 the work limit (--max-states) was reached —
one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from . import __version__, render
from .catalog import Catalog, bundled_path, check_report, load, load_bundled
from .errors import MAX_STATES, BomgarPathsError, WorkLimit, quote
from .model import Goal, Requirement, State, check_holds
from .render.words import LANGUAGES, N_, Words, choose_language, words_for

if TYPE_CHECKING:  # the commands that use them import them on use (start-up time counts)
    from datetime import datetime, timedelta, tzinfo

    from .topology import Topology
    from .windows import Windows

# Each command imports the modules it needs when it runs: the start-up time
# of `python -m bomgar_paths` is part of every answer (docs/performance.md).

__all__ = ["main"]

PROG = "python -m bomgar_paths"
# From render's table of contents, so that building the parser does not import the
# calendar code (start-up time).
SCHEDULE_FORMATS = render.SCHEDULE_FORMATS


class _Formatter(argparse.HelpFormatter):
    """argparse's help formatter, sized without importing shutil.

    argparse builds a formatter for every ``add_argument``, and its default
    asks ``shutil.get_terminal_size``: importing shutil (with lzma and bz2)
    was the largest part of building the parser. This is the same rule.
    """

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position,
                         _columns() - 2 if width is None else width)


def _columns() -> int:
    """shutil.get_terminal_size().columns: $COLUMNS, else the terminal's, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _Parser(argparse.ArgumentParser):
    """Usage errors are one line on stderr, exit 2."""

    def __init__(self, *args: Any, words: Words, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)
        self.words = words  # the language of its help and errors

    def error(self, message: str) -> NoReturn:
        self.exit(2, self.words._("{prog}: error: {message} (see --help)", prog=self.prog,
                                  message=message) + "\n")


class _Once(argparse.Action):
    """Store the option's value; giving it twice is a usage error, as argparse would
    otherwise keep the last one silently (``--from A --from B``)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        given: set[str] = namespace.__dict__.setdefault("_given", set())
        if self.dest in given:
            words: Words = getattr(parser, "words", _english())
            parser.error(words._("argument {option}: given more than once; give it once",
                                 option="/".join(self.option_strings)))
        given.add(self.dest)
        setattr(namespace, self.dest, values)


def _english() -> Words:
    return words_for("en")


_INFINITY = float("inf")


def _number(text: str, w: Words) -> float:
    """A finite number (argparse's ``float`` takes nan and inf)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(w._("{text} is not a number", text=quote(text))) from None
    # Not math.isfinite: math is a shared library to load at every start. nan compares false.
    if not -_INFINITY < value < _INFINITY:
        raise argparse.ArgumentTypeError(w._("{text} is not a finite number", text=quote(text)))
    return value


def _limit(text: str, w: Words) -> int | None:
    """A state limit: a positive whole number, or 0 for none."""
    value = _whole(text, w)
    if value < 0:
        raise argparse.ArgumentTypeError(w._("{text} is negative; 0 means no limit",
                                             text=quote(text)))
    return value or None


def _whole(text: str, w: Words) -> int:
    """A whole number, at most 18 digits (the library checks the range)."""
    stripped = text.strip().removeprefix("-").removeprefix("+")
    if not stripped.isdigit() or not stripped.isascii():
        raise argparse.ArgumentTypeError(w._("{text} is not a whole number", text=quote(text)))
    if len(stripped) > 18:
        raise argparse.ArgumentTypeError(w._("{text} is too large", text=quote(text)))
    return int(text)


def _typed(convert: Callable[[str, Words], Any], w: Words) -> Callable[[str], Any]:
    """``convert`` as argparse calls a type: one argument, its errors in ``w``'s words."""
    def typed(text: str) -> Any:
        return convert(text, w)

    typed.__name__ = convert.__name__
    return typed


def _common(parser: argparse.ArgumentParser, w: Words,
            formats: Sequence[str] = render.FORMATS) -> None:
    default = formats[0]
    parser.add_argument("--catalog", metavar="PATH", action=_Once,
                        help=w._("catalog file or folder of .toml files (default: the bundled"
                                 " one)"))
    parser.add_argument("--format", choices=formats, default=default, action=_Once,
                        help=w._("output format (default: {format})", format=default))
    parser.add_argument("--lang", choices=LANGUAGES, metavar="{en,tr}", action=_Once,
                        help=w._("language of text and Markdown (default: from LANGUAGE,"
                                 " LC_ALL, LC_MESSAGES or LANG; JSON is always the same)"))


def _from_option(parser: argparse.ArgumentParser, w: Words) -> None:
    parser.add_argument("--from", dest="start", required=True, metavar="STATE", action=_Once,
                        help=w._("installed versions, e.g. base=3.2.4,bomgar=11.1.2"))
    _max_states_option(parser, w)


def _max_states_option(parser: argparse.ArgumentParser, w: Words) -> None:
    parser.add_argument("--max-states", type=_typed(_limit, w), default=MAX_STATES,
                        metavar="N", action=_Once,
                        help=w._("stop with exit status 3 when a search needs more than N"
                                 " states (default {limit}; 0: no limit)",
                                 limit=w.number(MAX_STATES)))


def _plan_options(parser: argparse.ArgumentParser, w: Words) -> None:
    _from_option(parser, w)
    _goal_options(parser, w)


def _goal(args: argparse.Namespace) -> Goal:
    """``--to``, with ``--nearest``: the cheapest state that meets it, not the newest;
    with ``--patched``: the patches applied to the appliance."""
    return Goal.parse([*args.to, *(["nearest"] if args.nearest else []),
                       *(f"patched={p}" for p in args.patched)])


def _patched_option(parser: argparse.ArgumentParser, w: Words) -> None:
    parser.add_argument("--patched", action="append", default=[], metavar="PATCH",
                        help=w._("a security patch applied to the appliance, e.g."
                                 " BT24-10-ONPREM1 (repeatable): its advisory no longer"
                                 " affects the installed version"))


def _goal_options(parser: argparse.ArgumentParser, w: Words) -> None:
    """--to, --nearest, --hold and --no-soak: what a plan is asked (plan, schedule,
    runbook, graph)."""
    parser.add_argument("--to", action="append", default=[], metavar="GOAL",
                        help=w._("'latest' (default) or a requirement such as"
                                 " 'bomgar==15.1.1'; once per family"))
    _patched_option(parser, w)
    parser.add_argument("--nearest", action="store_true",
                        help=w._("with --to: the cheapest state that meets the goal, not the"
                                 " newest (the fastest way out of an affected range)"))
    parser.add_argument("--hold", action="append", default=[], metavar="REQ",
                        help=w._("a requirement every planned package must satisfy, e.g."
                                 " 'base<7'"))
    parser.add_argument("--no-soak", action="store_true",
                        help=w._("no 24-hour waits: clients are uninstalled first and"
                                 " reinstalled by hand (the guide's alternative)"))


def build_parser(only: str | None = None, w: Words | None = None, *,
                 alone: bool = False) -> argparse.ArgumentParser:
    """The command line's parser; with ``only``, the options of that command alone.

    The other commands are still listed (usage, help, "invalid choice"), but
    their options are not built: the start-up time counts. With ``alone`` as well,
    they are not even listed: for arguments that name ``only`` and ask nothing of
    the top level but ``--lang``, where nothing shows the list. ``w`` is the
    language of the help (default English).
    """
    w = _english() if w is None else w
    parser = _Parser(prog=PROG, words=w, description=w._(
        "Plan upgrades of Bomgar / BeyondTrust remote-support appliances."))
    parser.add_argument("--version", action="version", version=f"bomgar_paths {__version__}",
                        help=w._("show program's version number and exit"))
    # Read before parsing (_language); here so that `--lang tr plan ...` parses too.
    parser.add_argument("--lang", dest="top_lang", choices=LANGUAGES, metavar="{en,tr}",
                        action=_Once, help=w._("language of the help and of what the command"
                                               " writes (default: from the environment)"))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    for name, run, summary, description, formats, options in _COMMANDS:
        if alone and name != only:
            continue  # a parser per command costs ~35 us to make, its options apart
        sub = commands.add_parser(name, help=w._(summary), description=w._(description),
                                  words=w)
        sub.set_defaults(run=run)
        if only is None or only == name:
            _common(sub, w, formats)
            options(sub, w)
    return parser


def _updates_options(parser: argparse.ArgumentParser, w: Words) -> None:
    _from_option(parser, w)
    _patched_option(parser, w)


def _why_options(parser: argparse.ArgumentParser, w: Words) -> None:
    parser.add_argument("package", metavar="PACKAGE",
                        help=w._("a label such as Bomgar-12.2.0, or FAMILY=VERSION"))
    _from_option(parser, w)
    _patched_option(parser, w)


def _catalog_options(parser: argparse.ArgumentParser, w: Words) -> None:
    parser.add_argument("action", nargs="?", choices=["list", "check"], default="list",
                        help=w._("list (default) or check"))
    parser.add_argument("path", nargs="?", metavar="PATH", help=w._("catalog to check"))


def _schedule_options(p: argparse.ArgumentParser, w: Words) -> None:
    _plan_options(p, w)
    _calendar_options(p, w)
    p.add_argument("--max-installs-per-window", type=_typed(_whole, w), metavar="N",
                   action=_Once,
                   help=w._("start at most N installs in one window occurrence"))
    p.add_argument("--manual", action="store_true",
                   help=w._("air-gapped appliance: note how each package is obtained"
                            " (Appliance Download Key)"))
    p.add_argument("--jump-clients", type=_typed(_whole, w), metavar="N", action=_Once,
                   help=w._("number of deployed Jump Clients, for an upgrade-time estimate"))
    p.add_argument("--max-concurrent-jump-upgrades", type=_typed(_whole, w), metavar="N",
                   action=_Once,
                   help=w._("the appliance's Maximum Concurrent Jump Client Upgrades"))
    p.add_argument("--jump-upgrade-minutes", type=_typed(_number, w), default=5, metavar="X",
                   action=_Once,
                   help=w._("minutes one Jump Client upgrade takes (default 5, an"
                            " assumption: measure yours)"))


def _calendar_options(p: argparse.ArgumentParser, w: Words) -> None:
    p.add_argument("--start", dest="start_time", required=True, metavar="ISO-8601",
                   action=_Once,
                   help=w._("earliest start, e.g. 2026-12-05T01:00+03:00 (without an"
                            " offset: a wall time in --tz)"))
    p.add_argument("--window", action="append", default=[], metavar="SPEC",
                   help=w._("maintenance window, repeatable: 'Sat 01:00-05:00',"
                            " 'Mon-Fri 22:00-02:00', or '2026-12-05T01:00/2026-12-05T05:00'"))
    p.add_argument("--tz", metavar="ZONE", action=_Once,
                   help=w._("IANA time zone of the windows and of the output, e.g."
                            " Europe/Istanbul (default: the offset of --start)"))
    p.add_argument("--duration-multiplier", type=_typed(_number, w), default=1, metavar="X",
                   action=_Once,
                   help=w._("multiply the catalog's install estimates (much data, many"
                            " recordings: 2 or more)"))
    p.add_argument("--install-minutes", type=_typed(_number, w), metavar="N", action=_Once,
                   help=w._("assume every install takes N minutes instead of the catalog's"
                            " estimate"))


def _runbook_options(p: argparse.ArgumentParser, w: Words) -> None:
    p.add_argument("--topology", metavar="FILE", action=_Once,
                   help=w._("the deployment: a topology file (docs/topology-format.md);"
                            " or use --from with --pair, --atlas or --new-hardware"))
    p.add_argument("--from", dest="start", metavar="STATE", action=_Once,
                   help=w._("installed versions of every appliance, e.g."
                            " base=3.2.4,bomgar=11.1.2 (without --topology)"))
    p.add_argument("--pair", choices=["sync", "async"], action=_Once,
                   help=w._("a failover pair A (primary) and B (backup): sync updates A"
                            " first, async B first"))
    p.add_argument("--backup-from", metavar="STATE", action=_Once,
                   help=w._("with --pair: what B runs, when it differs from A"))
    p.add_argument("--failover-by", choices=["shared-ip", "dns", "nat"], action=_Once,
                   help=w._("how the primary role moves to the other appliance (async"
                            " pairs, Atlas with a backup master)"))
    p.add_argument("--atlas", metavar="REGION=N,...", action=_Once,
                   help=w._("an Atlas cluster with N traffic nodes in each region, e.g."
                            " eu=4,us=4"))
    p.add_argument("--no-backup-master", action="store_true",
                   help=w._("with --atlas: one master, without failover"))
    p.add_argument("--staged", action="store_true",
                   help=w._("with --atlas: the vendor's staged upgrade (the backup master and"
                            " half the traffic nodes held back) instead of the guide's"
                            " procedure"))
    p.add_argument("--new-hardware", metavar="STATE", action=_Once,
                   help=w._("move to a new appliance that ships with STATE"))
    p.add_argument("--cut-over-at-newest", action="store_true",
                   help=w._("with --new-hardware: move at the newest version, no soaks,"
                            " clients reinstalled (default: at the old one's site version)"))
    p.add_argument("--manual", action="store_true",
                   help=w._("air-gapped appliances: obtain each package with an Appliance"
                            " Download Key"))
    _goal_options(p, w)
    _max_states_option(p, w)
    _calendar_options(p, w)
    p.add_argument("--validation", type=_typed(_duration, w), metavar="DURATION",
                   action=_Once,
                   help=w._("time between the two appliances' updates of a round, to"
                            " validate the new version in production (default 4h)"))
    p.add_argument("--max-unprotected", type=_typed(_duration, w), metavar="DURATION",
                   action=_Once,
                   help=w._("the longest a round may leave failover broken, e.g. 8h"))
    p.add_argument("--share-window", action="store_true",
                   help=w._("both appliances of a round may use one window (default: each"
                            " its own, as the guide advises)"))
    p.add_argument("--nodes-at-once", type=_typed(_whole, w), default=1, metavar="N",
                   action=_Once,
                   help=w._("Atlas traffic nodes updated at once (default 1)"))


def _duration(text: str, w: Words) -> timedelta:
    """``8h``, ``90m``, ``1h30m``, ``2d``, ISO 8601 ``PT8H``, or ``0``."""
    import re  # noqa: PLC0415
    from datetime import timedelta  # noqa: PLC0415

    if text.strip() == "0":
        return timedelta(0)
    match = re.fullmatch(r"\s*(?:P(?=\d|T\d))?(?:(\d+(?:\.\d+)?)d)?T?(?:(\d+(?:\.\d+)?)h)?"
                         r"(?:(\d+(?:\.\d+)?)m(?:in)?)?\s*", text, re.IGNORECASE)
    if not text.strip() or match is None or not any(match.groups()):
        raise argparse.ArgumentTypeError(w._(
            "invalid duration {text}: expected e.g. 8h, 90m, 1h30m or PT8H", text=quote(text)))
    days, hours_, minutes_ = (float(g) if g else 0.0 for g in match.groups())
    value = days * 1440 + hours_ * 60 + minutes_
    if value > 525_600:
        raise argparse.ArgumentTypeError(w._(
            "invalid duration {text}: at most a year", text=quote(text)))
    return timedelta(minutes=value)


def _catalog(args: argparse.Namespace) -> Catalog:
    # An empty --catalog is a mistake (an unset variable), not "the bundled one".
    return load(args.catalog) if args.catalog is not None else load_bundled()


def _holds(args: argparse.Namespace, start: State) -> list[Requirement]:
    """The ``--hold`` options; one that the start is already past is an error."""
    holds = [Requirement.parse(h, "hold") for h in args.hold]
    check_holds(start, holds)
    return holds


def _run_plan(args: argparse.Namespace) -> int:
    from .planner import Unreachable, plan  # noqa: PLC0415

    catalog = _catalog(args)
    start = State.parse(args.start)
    holds = _holds(args, start)
    try:
        answer = plan(catalog, start, _goal(args), holds, soak=not args.no_soak,
                      max_states=args.max_states)  # with what its target leaves out
    except Unreachable as error:  # it carries the explanation
        _emit(render.render(error, args.format, args.words))
        return 1
    # Today, for releases past their support: read here (the library has no clock), and
    # only when the catalog dates its releases (datetime costs every start a millisecond).
    today = None
    if any(p.released is not None for p in catalog.packages):
        from datetime import date  # noqa: PLC0415

        today = date.today()
    _emit(render.render(answer, args.format, args.words, today=today))
    return 0


def _run_updates(args: argparse.Namespace) -> int:
    from .updates import updates_page  # noqa: PLC0415

    page = updates_page(_catalog(args), State.parse(args.start), max_states=args.max_states,
                        patched=args.patched)
    _emit(render.render(page, args.format, args.words))
    return 0


def _run_why(args: argparse.Namespace) -> int:
    from .diagnosis import Status, diagnose  # noqa: PLC0415

    catalog = _catalog(args)
    diagnosis = diagnose(catalog, State.parse(args.start), catalog.find(args.package),
                         max_states=args.max_states, patched=args.patched)
    _emit(render.render(diagnosis, args.format, args.words))
    return 1 if diagnosis.status is Status.UNREACHABLE else 0


def _calendar(args: argparse.Namespace, w: Words,
              ) -> tuple[tzinfo | None, datetime, Windows | None]:
    """``--tz``, ``--start`` and ``--window`` read (schedule, runbook), and
    ``--install-minutes`` checked."""
    from datetime import timedelta  # noqa: PLC0415

    from .scheduling import MAX_INSTALL, parse_start  # noqa: PLC0415
    from .windows import Windows, zone  # noqa: PLC0415

    tz = zone(args.tz) if args.tz is not None else None  # --tz '' is an error, not "none"
    start = parse_start(args.start_time, tz)
    windows = None
    if args.window:
        if tz is None and any(not spec.strip()[:1].isdigit() for spec in args.window):
            raise _Usage(w._("weekly windows need a time zone: add --tz ZONE, e.g."
                             " --tz Europe/Istanbul"))
        assert start.tzinfo is not None
        windows = Windows.parse(args.window, tz or start.tzinfo)
    most = MAX_INSTALL / timedelta(minutes=1)
    if args.install_minutes is not None and not 0 <= args.install_minutes <= most:
        raise _Usage(w._("--install-minutes must be from 0 to {most} (a year), not {given}",
                         most=w.number(most, grouped=False),
                         given=w.number(args.install_minutes, grouped=False)))
    return tz, start, windows


def _run_schedule(args: argparse.Namespace) -> int:
    """Issue 5: the plan, then the schedule of it (imports kept local to this command)."""
    from datetime import timedelta  # noqa: PLC0415

    from .planner import Unreachable, plan  # noqa: PLC0415
    from .scheduling import schedule  # noqa: PLC0415

    w: Words = args.words
    tz, start, windows = _calendar(args, w)
    catalog = _catalog(args)
    state = State.parse(args.start)
    holds = _holds(args, state)
    try:
        result = plan(catalog, state, _goal(args), holds, soak=not args.no_soak,
                      max_states=args.max_states)
    except Unreachable as error:
        # Told exactly as 'plan' tells it (an explanation; ICS has no place for one).
        _emit(render.render(error, "text" if args.format in ("ics", "html") else args.format, w))
        return 1
    timeline = schedule(
        result, start, windows=windows, tz=tz, multiplier=args.duration_multiplier,
        duration_override=None if args.install_minutes is None
        else timedelta(minutes=args.install_minutes),
        max_installs_per_window=args.max_installs_per_window, manual=args.manual,
        jump_clients=args.jump_clients,
        max_concurrent_jump_upgrades=args.max_concurrent_jump_upgrades,
        jump_upgrade_minutes=args.jump_upgrade_minutes)
    output = render.render(timeline, args.format, w, stamp=_stamp(w))
    # ICS as bytes, so that no platform turns the CRLF that RFC 5545 requires into CRCRLF.
    _emit(output, binary=args.format == "ics")
    return 0


def _run_runbook(args: argparse.Namespace) -> int:
    """Issue 11: the deployment's plan, expanded into the guide's procedure per round."""
    from datetime import timedelta  # noqa: PLC0415

    from .planner import Unreachable  # noqa: PLC0415
    from .runbook import DEFAULT_VALIDATION, runbook  # noqa: PLC0415

    w: Words = args.words
    topology = _topology(args, w)
    tz, start, windows = _calendar(args, w)
    catalog = _catalog(args)
    for appliance in topology.appliances:
        _holds(args, appliance.state)
    try:
        answer = runbook(
            catalog, topology, start, _goal(args), args.hold, soak=not args.no_soak,
            windows=windows, tz=tz,
            validation=DEFAULT_VALIDATION if args.validation is None else args.validation,
            max_unprotected=args.max_unprotected, share_window=args.share_window,
            nodes_at_once=args.nodes_at_once, multiplier=args.duration_multiplier,
            duration_override=None if args.install_minutes is None
            else timedelta(minutes=args.install_minutes),
            cut_over_at_newest=args.cut_over_at_newest, max_states=args.max_states)
    except Unreachable as error:
        _emit(render.render(error, "text" if args.format in ("ics", "html") else args.format, w))
        return 1
    output = render.render(answer, args.format, w, stamp=_stamp(w))
    _emit(output, binary=args.format == "ics")
    return 0


def _stamp(w: Words) -> datetime | None:
    """An iCalendar DTSTAMP: now, unless reproducible output is asked the usual way."""
    from datetime import UTC, datetime  # noqa: PLC0415

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch and not epoch.isdigit():
        raise _Usage(w._("SOURCE_DATE_EPOCH must be whole seconds since 1970, not {epoch}",
                         epoch=quote(epoch)))
    return datetime.fromtimestamp(int(epoch), UTC) if epoch else None


def _run_progress(args: argparse.Namespace) -> int:
    """Issue 14: a saved plan checked against the appliance's state now."""
    from .progress import parse_time, progress, read_saved_plan  # noqa: PLC0415
    from .windows import zone  # noqa: PLC0415

    w: Words = args.words
    tz = zone(args.tz) if args.tz is not None else None
    now = None if args.now is None else parse_time(args.now, "now")
    last = (None if args.last_site_install is None
            else parse_time(args.last_site_install, "last_site_install"))
    answer = progress(read_saved_plan(args.saved), State.parse(args.start), _catalog(args),
                      now=now, last_site_install=last, tz=tz, max_states=args.max_states)
    _emit(render.render(answer, args.format, w))
    return 1 if answer.fresh_unreachable is not None else 0


def _progress_options(p: argparse.ArgumentParser, w: Words) -> None:
    p.add_argument("saved", metavar="PLAN.json",
                   help=w._("a plan saved with plan --format json"))
    _from_option(p, w)
    p.add_argument("--last-site-install", metavar="ISO-8601", action=_Once,
                   help=w._("when the last site install finished (the soak counts from it)"))
    p.add_argument("--now", metavar="ISO-8601", action=_Once,
                   help=w._("the time to check at (default: now)"))
    p.add_argument("--tz", metavar="ZONE", action=_Once,
                   help=w._("IANA time zone of the output (default: the offset of"
                            " --last-site-install or --now)"))


def _run_graph(args: argparse.Namespace) -> int:
    """Issue 14: the state graph around the plan, or the catalog's requirements."""
    from .graph import requirement_graph, state_graph  # noqa: PLC0415
    from .planner import Unreachable  # noqa: PLC0415

    w: Words = args.words
    catalog = _catalog(args)
    if args.catalog_requirements:
        given = [o for o, v in (("--from", args.start), ("--to", args.to),
                                ("--hold", args.hold), ("--no-soak", args.no_soak),
                                ("--depth", args.depth is not None)) if v]
        if given:
            raise _Usage(w._("--catalog-requirements draws the whole catalog: leave out"
                             " {options}", options=", ".join(given)))
        _emit(render.render(requirement_graph(catalog), args.format, w))
        return 0
    if args.start is None:
        raise _Usage(w._("give --from STATE (or --catalog-requirements)"))
    start = State.parse(args.start)
    holds = _holds(args, start)
    try:
        picture = state_graph(catalog, start, _goal(args), holds,
                              soak=not args.no_soak,
                              depth=1 if args.depth is None else args.depth,
                              max_states=args.max_states)
    except Unreachable as error:
        _emit(render.render(error, "text", w))
        return 1
    _emit(render.render(picture, args.format, w))
    return 0


def _graph_options(p: argparse.ArgumentParser, w: Words) -> None:
    p.add_argument("--from", dest="start", metavar="STATE", action=_Once,
                   help=w._("installed versions, e.g. base=3.2.4,bomgar=11.1.2"))
    _goal_options(p, w)
    p.add_argument("--depth", type=_typed(_whole_or_zero, w), metavar="N", action=_Once,
                   help=w._("draw the states up to N installs off the plan (default 1)"))
    p.add_argument("--catalog-requirements", action="store_true",
                   help=w._("draw which package needs which, over the whole catalog"))
    _max_states_option(p, w)


def _whole_or_zero(text: str, w: Words) -> int:
    if not text.strip().isdigit() or int(text) > 10:
        raise argparse.ArgumentTypeError(w._("expected a whole number from 0 to 10, not"
                                             " {text}", text=quote(text)))
    return int(text)


def _fleet_options(p: argparse.ArgumentParser, w: Words) -> None:
    p.add_argument("action", choices=["plan"], help=w._("plan (the only action)"))
    p.add_argument("inventory", metavar="INVENTORY",
                   help=w._("the appliances: a .csv, .jsonl or .toml file (docs/fleets.md)"))
    p.add_argument("--serial", default="100%", metavar="SIZES", action=_Once,
                   help=w._("wave sizes after the canaries, as Ansible's serial: e.g."
                            " 1,10%%,50%% (the last repeats; default 100%%)"))
    p.add_argument("--canary", action="append", default=[], metavar="NAME|GROUP",
                   help=w._("a row or group upgraded first, in a wave of its own"
                            " (repeatable)"))
    p.add_argument("--gate", type=_typed(_duration, w), metavar="DURATION", action=_Once,
                   help=w._("time from a wave's last soak end to the next wave's start,"
                            " e.g. 48h (default 0)"))
    p.add_argument("--max-fail-percentage", type=_typed(_number, w), metavar="P",
                   action=_Once,
                   help=w._("the playbook's threshold: more than P%% of a wave failing"
                            " stops the later waves"))
    p.add_argument("--start", dest="start_time", metavar="ISO-8601", action=_Once,
                   help=w._("when wave 1 starts, with an offset, e.g."
                            " 2026-12-05T01:00+03:00: puts the waves on the calendar"))
    p.add_argument("--no-soak", action="store_true",
                   help=w._("no 24-hour waits: clients are uninstalled first and"
                            " reinstalled by hand (the guide's alternative)"))
    _max_states_option(p, w)


def _run_fleet(args: argparse.Namespace) -> int:
    """Issue 13: every row of an inventory planned; staging sets, waves, a calendar."""
    from .fleet import CHOICES, PlanCache, fleet, summarize  # noqa: PLC0415
    from .inventory import BadRow, read_inventory  # noqa: PLC0415

    w: Words = args.words
    if args.format == "jsonl":
        given = [o for o, v in (("--serial", args.serial != "100%"), ("--canary", args.canary),
                                ("--gate", args.gate), ("--start", args.start_time),
                                ("--max-fail-percentage", args.max_fail_percentage is not None))
                 if v]
        if given:
            raise _Usage(w._("--format jsonl streams each row's own plan, without waves:"
                             " leave out {options}", options=", ".join(given)))
    if args.format == "ics" and args.start_time is None:
        raise _Usage(w._("--format ics needs --start: the calendar starts there"))
    catalog = _catalog(args)
    waves_first = _fleet_waves(args) if args.format != "jsonl" else None
    streaming = args.format == "jsonl"
    cache = PlanCache(catalog, args.max_states, 1 if streaming else CHOICES)
    progress = _progress(w)
    results = fleet(catalog, read_inventory(args.inventory, unique=not streaming),
                    soak=not args.no_soak, reporter=progress, cache=cache)
    if streaming:
        from .render.fleet import row_line  # noqa: PLC0415

        status = 0
        chunk: list[str] = []
        written: dict[int, tuple[object, str]] = {}
        for result in results:
            if isinstance(result, BadRow):
                progress.clear()
                _fail(2, render.problem_text(result.problem, w))
                # As Fleet.status: a bad row (2) outranks a question past the limit (3).
                limit = result.problem.code == "inventory.work-limit"
                status = 2 if not limit or status == 2 else 3
                continue
            if not result.reachable and status == 0:
                status = 1
            chunk.append(row_line(result, written))
            if len(chunk) >= 1000:
                _emit("\n".join(chunk))
                chunk = []
        if chunk:
            _emit("\n".join(chunk))
        progress.clear()
        return status
    kept = list(results)
    progress.clear()
    answer = summarize(catalog, kept, cache=cache)
    if waves_first is not None:
        from .waves import plan_waves  # noqa: PLC0415

        answer = plan_waves(answer, **waves_first)
    for bad in answer.bad:
        _fail(2, render.problem_text(bad.problem, w))
    output = render.render(answer, args.format, w, stamp=_stamp(w))
    _emit(output, binary=args.format == "ics")
    return answer.status


def _fleet_waves(args: argparse.Namespace) -> dict[str, Any]:
    """The wave options, read before the inventory is (bad options fail fast)."""
    from datetime import timedelta  # noqa: PLC0415

    from .scheduling import parse_start  # noqa: PLC0415
    from .waves import parse_serial  # noqa: PLC0415

    return {"serial": parse_serial(args.serial), "canary": tuple(args.canary),
            "gate": args.gate if args.gate is not None else timedelta(0),
            "start": None if args.start_time is None else parse_start(args.start_time),
            "max_fail_percentage": args.max_fail_percentage}


def _progress(w: Words) -> Any:
    """A ``FleetReporter`` that draws the progress line (the class is made on use: the
    fleet module loads with the command)."""
    from .fleet import FleetReporter  # noqa: PLC0415

    class Progress(_Progress, FleetReporter):
        pass

    return Progress(w)


class _Progress:
    """A progress line on stderr, only on a terminal and only once the work has taken
    a second (a fleet reporter; never in a pipe or a file)."""

    def __init__(self, w: Words) -> None:
        import time  # noqa: PLC0415

        self.w, self.clock = w, time.monotonic
        self.began = self.clock()
        self.shown_at = 0.0
        stream = sys.stderr
        self.on = stream is not None and stream.isatty()
        self.dirty = False

    def starting(self) -> None:
        self.began = self.clock()

    def planned(self, result: object, rows: int) -> None:
        self._tick(rows)

    def rejected(self, bad: object, rows: int) -> None:
        self._tick(rows)

    def ending(self, rows: int, questions: int) -> None:
        self.clear()

    def _tick(self, rows: int) -> None:
        if not self.on:
            return
        now = self.clock()
        if now - self.began < 1 or now - self.shown_at < 0.2:
            return
        self.shown_at = now
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write("\r" + self.w.n_("{n} row planned", "{n} rows planned", rows))
            sys.stderr.flush()
            self.dirty = True

    def clear(self) -> None:
        if self.dirty:
            with contextlib.suppress(OSError, ValueError):
                sys.stderr.write("\r\033[K")
                sys.stderr.flush()
            self.dirty = False


def _topology(args: argparse.Namespace, w: Words) -> Topology:
    """The deployment: ``--topology FILE``, or the shortcuts over ``--from``."""
    from .topology import Topology, Updates, load_topology  # noqa: PLC0415

    shortcuts = [name for name, given in (
        ("--pair", args.pair), ("--atlas", args.atlas), ("--new-hardware", args.new_hardware),
        ("--backup-from", args.backup_from), ("--no-backup-master", args.no_backup_master),
        ("--staged", args.staged),
        ("--cut-over-at-newest", args.cut_over_at_newest), ("--from", args.start)) if given]
    if args.topology is not None:
        if shortcuts:
            raise _Usage(w._("--topology describes the deployment: leave out {options}",
                             options=", ".join(shortcuts)))
        topology = load_topology(args.topology)
        return topology if not args.manual else _manual(topology)
    if args.start is None:
        raise _Usage(w._("give --topology FILE, or --from STATE (with --pair, --atlas or"
                         " --new-hardware for more than one appliance)"))
    kinds = [name for name, given in (("--pair", args.pair), ("--atlas", args.atlas),
                                      ("--new-hardware", args.new_hardware)) if given]
    if len(kinds) > 1:
        raise _Usage(w._("{first} and {second} describe different deployments: give one",
                         first=kinds[0], second=kinds[1]))
    for option, needs, given in (("--backup-from", "--pair", args.backup_from),
                                 ("--no-backup-master", "--atlas", args.no_backup_master),
                                 ("--staged", "--atlas", args.staged),
                                 ("--cut-over-at-newest", "--new-hardware",
                                  args.cut_over_at_newest)):
        if given and needs not in kinds:
            raise _Usage(w._("{option} goes with {needs}", option=option, needs=needs))
    updates = Updates.MANUAL if args.manual else Updates.AUTOMATIC
    for option, value in (("--backup-from", args.backup_from),
                          ("--new-hardware", args.new_hardware)):
        if value is not None and not value.strip():
            raise _Usage(w._("{option} needs a state, e.g. base=3.2.4,bomgar=11.1.2",
                             option=option))
    regions = _regions(args.atlas, w) if args.atlas is not None else None
    moves = (args.pair == "async" or (args.atlas and not args.no_backup_master
                                      and not args.staged))
    if moves and not args.failover_by:
        raise _Usage(w._("{option} needs --failover-by shared-ip, dns or nat: how the"
                         " primary role moves to the updated backup",
                         option="--pair async" if args.pair else "--atlas"))
    if args.staged and args.no_backup_master:
        raise _Usage(w._("--staged holds back the backup master: leave out"
                         " --no-backup-master"))
    if args.pair:
        return Topology.pair(args.start, args.pair, args.failover_by,
                             backup_state=args.backup_from, updates=updates)
    if regions is not None:
        assert regions is not None
        return Topology.atlas(args.start, regions,
                              failover=not args.no_backup_master,
                              failover_by=args.failover_by,
                              method="staged" if args.staged else "guide", updates=updates)
    if args.failover_by:
        raise _Usage(w._("--failover-by goes with --pair or --atlas"))
    if args.new_hardware:
        return Topology.new_hardware(args.start, args.new_hardware, updates=updates)
    return Topology.single(args.start, updates=updates)


def _manual(topology: Topology) -> Topology:
    import attrs  # noqa: PLC0415

    from .topology import Updates  # noqa: PLC0415

    return attrs.evolve(topology, updates=Updates.MANUAL)


def _regions(text: str, w: Words) -> dict[str, int]:
    """``eu=4,us=4``: traffic nodes per region."""
    regions: dict[str, int] = {}
    for part in text.split(","):
        name, equals, count = part.partition("=")
        name = name.strip()
        if (not equals or not name or not count.strip().isdigit() or not name.isascii()
                or not all(c.isalnum() or c in "-_." for c in name)):
            raise _Usage(w._("invalid --atlas {text}: expected REGION=N,... such as"
                             " eu=4,us=4", text=quote(text)))
        if name in regions:
            raise _Usage(w._("invalid --atlas {text}: region {region} given twice",
                             text=quote(text), region=name))
        number = int(count)
        if not 1 <= number <= 1000:
            raise _Usage(w._("invalid --atlas {text}: from 1 to 1000 traffic nodes a region",
                             text=quote(text)))
        regions[name] = number
    return regions


def _run_catalog(args: argparse.Namespace) -> int:
    w: Words = args.words
    if args.action == "check":
        path = next((p for p in (args.path, args.catalog) if p is not None),
                    str(bundled_path()))
        report = check_report(path)
        _emit(render.render(report, args.format, w))
        return 0 if report.ok else 2
    if args.path:
        raise _Usage(w._("a PATH is only taken by 'catalog check'; use --catalog PATH to list"
                         " one"))
    _emit(render.render(_catalog(args), args.format, w))
    return 0


class _Usage(Exception):
    pass


Runner = Callable[[argparse.Namespace], int]
Options = Callable[[argparse.ArgumentParser, Words], None]

# name, what runs it, summary, description, formats, its options
_COMMANDS: tuple[tuple[str, Runner, str, str, Sequence[str], Options], ...] = (
    ("plan", _run_plan, N_("the minimal ordered install sequence to a goal"),
     N_("The minimal ordered install sequence from a state to a goal: least soak"
     " hours, then fewest installs, then least install time."), render.FORMATS, _plan_options),
    ("updates", _run_updates, N_("the Updates page: available and greyed packages"),
     N_("Every package the /appliance > Updates page offers for a state, available"
     " or greyed out, with what unlocks it."), render.FORMATS, _updates_options),
    ("why", _run_why, N_("why a package is greyed out, and what unlocks it"),
     N_("Why a package is greyed out (or never offered) in a state, and the cheapest"
     " plan that makes it available."), render.FORMATS, _why_options),
    ("catalog", _run_catalog, N_("list the catalog, or check one"),
     N_("List the catalog's families and packages; 'catalog check [PATH]' validates"
     " a catalog and prints every problem."), render.FORMATS, _catalog_options),
    ("schedule", _run_schedule, N_("the plan on a calendar: soaks, windows, clients"),
     N_("The minimal plan placed on a calendar from --start: each install's start"
     " and end and what held it back (soak, maintenance window), completion, when"
     " clients have settled, and the client follow-up. Formats: text, json,"
     " markdown (a change ticket with a Mermaid gantt chart), ics (a calendar), html (a"
     " report with the timeline drawn)."), SCHEDULE_FORMATS, _schedule_options),
    ("runbook", _run_runbook, N_("the guide's procedure, round by round: pairs, Atlas, new"
     " hardware"),
     N_("The plan expanded into the upgrade guide's procedure for a deployment (a single"
     " appliance, a failover pair, an Atlas cluster, a move to new hardware), round by"
     " round: each step with its appliance, page and check, placed on the calendar with"
     " soaks and failover. Formats: text, json, markdown (a change-ticket checklist with a"
     " Mermaid gantt chart), ics (a calendar: each appliance visit and each soak), html (a"
     " report with each appliance's timeline drawn)."),
     SCHEDULE_FORMATS, _runbook_options),
    ("progress", _run_progress, N_("a saved plan checked again: what is done, what is next"),
     N_("A plan saved with plan --format json, checked against the appliance's state now:"
     " the steps done, the next step and the earliest time it may start (the soak counts"
     " from --last-site-install), what is left; and whether the catalog changed since,"
     " with a fresh plan when the way did or when the state is off the plan."),
     render.FORMATS, _progress_options),
    ("graph", _run_graph, N_("a picture of the way up: the state graph, in DOT or Mermaid"),
     N_("The state graph around the minimal plan: states as nodes labelled with their"
     " versions, installs as edges, the plan bold, the packages greyed out in the start"
     " state dashed with their unmet requirements; or, with --catalog-requirements, which"
     " package needs which. Formats: dot (Graphviz), mermaid."),
     render.GRAPH_FORMATS, _graph_options),
    ("fleet", _run_fleet, N_("many appliances: a plan each, staging sets, waves, Ansible"),
     N_("'fleet plan INVENTORY': every appliance of an inventory (CSV, JSON Lines, TOML)"
     " planned; appliances with identical plans grouped; per group the packages to stage"
     " (air-gapped sites: the Appliance Download Keys); waves with canaries, sizes as"
     " Ansible's serial and a gate; a calendar across the groups' windows and zones."
     " Formats: text, json, markdown, jsonl (one row a line, streamed), ics,"
     " ansible-inventory."), render.FLEET_FORMATS, _fleet_options),
)


class _OutputError(Exception):
    """The answer could not be written (a full disk): not bad input, but one line too."""


def _emit(text: str, *, binary: bool = False) -> None:
    """Write one answer (a line is added unless ``binary``) and flush it, so that a
    failure to write is raised here, not at the interpreter's exit."""
    if sys.stdout is None:  # started with stdout closed (`... >&-`)
        raise _OutputError(N_("standard output is closed"))
    try:
        raw = getattr(sys.stdout, "buffer", None) if binary else None
        if raw is None:
            sys.stdout.write(text if binary else text + "\n")
            sys.stdout.flush()
        else:
            sys.stdout.flush()
            raw.write(text.encode())
            raw.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise _OutputError(error.strerror or str(error)) from None


def _drop_stdout() -> None:
    """Point stdout at the null device, so that the interpreter's last flush of what
    could not be written fails silently instead of printing a second error."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):  # not a real file (tests capture it)
        pass


def _argparse_words(w: Words) -> None:
    """argparse's own words (usage, errors, ``--help``) in the command line's language.

    argparse reads them through its module's ``_`` and ``ngettext``, which by
    default search the system for an ``argparse`` message catalog on every
    call (18 searches to build the parser, and the locale module: ~2 ms of
    start-up). The command line owns its process, so it points them at its
    own catalog, which carries argparse's messages too (``_i18n``).
    """
    argparse._ = w.gettext  # type: ignore[attr-defined]
    argparse.ngettext = w.ngettext  # type: ignore[attr-defined]


def _language(argv: Sequence[str]) -> str:
    """The ``--lang`` the arguments give (its last valid spelling), else the environment's.

    Read before parsing, because the help and argparse's errors are written
    in it; an invalid value is left for argparse to refuse (in the
    environment's language).
    """
    chosen = None
    tokens = iter(argv)
    for token in tokens:
        if token == "--":
            break
        value = next(tokens, None) if token == "--lang" else (
            token.removeprefix("--lang=") if token.startswith("--lang=") else None)
        if value in LANGUAGES:
            chosen = value
    return chosen or choose_language()


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    w = words_for(_language(words))
    # argparse's words in the command line's language while it runs, then as they were:
    # a program that calls main() keeps its own parsers' words.
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    _argparse_words(w)
    try:
        return _main(words, w)
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def _command_named(words: Sequence[str]) -> str | None:
    """The first word that is not an option (nor the value of a --lang before it)."""
    tokens = iter(words)
    for token in tokens:
        if token == "--lang":
            next(tokens, None)
        elif not token.startswith("-"):
            return token
    return None


def _only_lang_before(words: Sequence[str], command: str) -> bool:
    """Does nothing but ``--lang`` come before ``command``? (Then no top-level help,
    which lists every command, can be asked: ``-h``, ``--he`` and the like.)"""
    tokens = iter(words)
    for token in tokens:
        if token == "--lang":
            next(tokens, None)
        elif token == command:
            return True
        elif not token.startswith("--lang="):
            return False
    return False


def _main(words: list[str], w: Words) -> int:
    named = _command_named(words)
    known = {name for name, *_ in _COMMANDS}
    if named in known:
        parser = build_parser(named, w, alone=_only_lang_before(words, named))
    else:
        parser = build_parser(None, w)
    if named == "catalog":
        words = _options_first(words)
    try:
        args = parser.parse_args(words)
    except SystemExit as stop:  # --help, --version, a usage error: argparse has written
        return _flushed(stop.code if isinstance(stop.code, int) else 2, w)
    args.words = w
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except WorkLimit as error:  # DESIGN §2.4: the work limit was reached
        return _fail(3, render.error_text(error, w))
    except BomgarPathsError as error:
        # One line (a broken catalog: its first problem and how many more;
        # 'catalog check' lists them all).
        return _fail(2, render.error_text(error, w))
    except _Usage as error:
        return _fail(2, str(error))
    except OverflowError as error:  # a date or a duration past what datetime can hold
        return _fail(2, w._("a date or number is out of range: {error}", error=error))
    except _OutputError as error:
        _drop_stdout()
        return _fail(2, w._("cannot write the output: {error}", error=w._(str(error))))
    except BrokenPipeError:  # `... | head` closed the pipe: not an error of ours
        _drop_stdout()
        return 0


def _options_first(words: list[str]) -> list[str]:
    """``catalog check --format json PATH`` as ``catalog --format json check PATH``.

    argparse fills a command's positionals in one go, so an option between
    ``check`` and its PATH would leave the PATH "unrecognized".
    """
    options: list[str] = []
    rest: list[str] = []
    tokens = iter(words)
    for word in tokens:
        if word in ("--catalog", "--format", "--lang"):
            options += [word, *filter(None, [next(tokens, None)])]
        elif word.startswith("-"):
            options.append(word)
        else:
            rest.append(word)
    return rest[:1] + options + rest[1:]


def _fail(status: int, message: str) -> int:
    """Say why on stderr, in one line; the status stands even if stderr cannot be written."""
    with contextlib.suppress(OSError, AttributeError, ValueError):  # stderr full or closed
        print(f"{PROG}: {message}", file=sys.stderr, flush=True)
    return status


def _flushed(status: int, w: Words) -> int:
    """``status``, or 2 when what argparse wrote (help, version) cannot be flushed."""
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except OSError as error:
        _drop_stdout()
        return _fail(2, w._("cannot write the output: {error}", error=error.strerror or error))
    return status
