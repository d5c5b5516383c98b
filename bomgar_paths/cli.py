"""``python -m bomgar_paths``: argparse in, library calls, renderings out.

Exit status (DESIGN §2.4): 0 success (an empty plan too), 1 the goal cannot
be reached, 2 bad input or usage — one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from . import __version__, render
from .catalog import Catalog, bundled_path, check, load, load_bundled
from .errors import BomgarPathsError, CatalogError
from .explain import explain_goal, explain_package, skipped
from .model import Goal, Requirement, State
from .offers import diagnose, offers
from .planner import Unreachable, plan

__all__ = ["main"]

PROG = "python -m bomgar_paths"


class _Parser(argparse.ArgumentParser):
    """Usage errors are one line on stderr, exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _common(parser: argparse.ArgumentParser, formats: Sequence[str] = render.FORMATS) -> None:
    parser.add_argument("--catalog", metavar="PATH",
                        help="catalog file or folder of .toml files (default: the bundled one)")
    parser.add_argument("--format", choices=formats, default="text",
                        help="output format (default: text)")


def _plan_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="start", required=True, metavar="STATE",
                        help="installed versions, e.g. base=3.2.4,bomgar=11.1.2")
    parser.add_argument("--to", action="append", default=[], metavar="GOAL",
                        help="'latest' (default) or a requirement such as 'bomgar==15.1.1';"
                        " once per family")
    parser.add_argument("--hold", action="append", default=[], metavar="REQ",
                        help="a requirement every planned package must satisfy, e.g. 'base<7'")
    parser.add_argument("--no-soak", action="store_true",
                        help="no 24-hour waits: clients are uninstalled first and reinstalled"
                        " by hand (the guide's alternative)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Plan upgrades of Bomgar / BeyondTrust"
                     " remote-support appliances.")
    parser.add_argument("--version", action="version", version=f"bomgar_paths {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    p = commands.add_parser("plan", help="the minimal ordered install sequence to a goal",
                            description="The minimal ordered install sequence from a state"
                            " to a goal: least soak hours, then fewest installs, then least"
                            " install time.")
    _plan_options(p)
    _common(p)
    p.set_defaults(run=_run_plan)

    p = commands.add_parser("updates", help="the Updates page: available and greyed packages",
                            description="Every package the /appliance > Updates page offers"
                            " for a state, available or greyed out, with what unlocks it.")
    p.add_argument("--from", dest="start", required=True, metavar="STATE",
                   help="installed versions, e.g. base=3.2.4,bomgar=11.1.2")
    _common(p)
    p.set_defaults(run=_run_updates)

    p = commands.add_parser("why", help="why a package is greyed out, and what unlocks it",
                            description="Why a package is greyed out (or never offered) in a"
                            " state, and the cheapest plan that makes it available.")
    p.add_argument("package", metavar="PACKAGE",
                   help="a label such as Bomgar-12.2.0, or FAMILY=VERSION")
    p.add_argument("--from", dest="start", required=True, metavar="STATE",
                   help="installed versions, e.g. base=3.2.4,bomgar=11.1.2")
    _common(p)
    p.set_defaults(run=_run_why)

    p = commands.add_parser("catalog", help="list the catalog, or check one",
                            description="List the catalog's families and packages; 'catalog"
                            " check [PATH]' validates a catalog and prints every problem.")
    p.add_argument("action", nargs="?", choices=["list", "check"], default="list",
                   help="list (default) or check")
    p.add_argument("path", nargs="?", metavar="PATH", help="catalog to check")
    _common(p)
    p.set_defaults(run=_run_catalog)
    return parser


def _catalog(args: argparse.Namespace) -> Catalog:
    return load(args.catalog) if args.catalog else load_bundled()


def _run_plan(args: argparse.Namespace) -> int:
    catalog = _catalog(args)
    start = State.parse(args.start)
    goal = Goal.parse(args.to)
    holds = [Requirement.parse(h) for h in args.hold]
    try:
        result = plan(catalog, start, goal, holds, soak=not args.no_soak)
    except Unreachable as error:
        explanation = explain_goal(catalog, start, goal, holds, soak=not args.no_soak)
        assert explanation is not None, "an unreachable goal has an explanation"
        print(render.render_unreachable(error, catalog, explanation, args.format))
        return 1
    print(render.render_plan(result, args.format, skipped(result)))
    return 0


def _run_updates(args: argparse.Namespace) -> int:
    catalog = _catalog(args)
    state = State.parse(args.start)
    print(render.render_offers(state, offers(catalog, state), catalog, args.format))
    return 0


def _run_why(args: argparse.Namespace) -> int:
    catalog = _catalog(args)
    state = State.parse(args.start)
    package = catalog.find(args.package)
    diagnosis = diagnose(catalog, state, package)
    explanation = explain_package(catalog, state, package)
    print(render.render_diagnosis(diagnosis, catalog, args.format, explanation))
    return 1 if diagnosis.status == "unreachable" else 0


def _run_catalog(args: argparse.Namespace) -> int:
    if args.action == "check":
        path = args.path or args.catalog or str(bundled_path())
        problems = check(path)
        for problem in problems:
            print(problem)
        if problems:
            return 2
        print(f"{path}: OK")
        return 0
    if args.path:
        raise _Usage("a PATH is only taken by 'catalog check'; use --catalog PATH to list one")
    print(render.render_catalog(_catalog(args), args.format))
    return 0


class _Usage(Exception):
    pass


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except CatalogError as error:
        # One line: the first problem and how many more ('catalog check' lists all).
        print(f"{PROG}: {error}", file=sys.stderr)
        return 2
    except (BomgarPathsError, _Usage) as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `... | head` closed the pipe: not an error of ours
        return 0
