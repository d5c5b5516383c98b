"""One tree of errors; each carries the data a caller needs to act on it.

Every error subclasses a builtin (``ValueError`` or ``OSError``) so that code
which does not know this library can still catch it, and every error renders
to one line: the command line prints ``str(error)`` and exits with status 2.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

__all__ = [
    "MAX_STATES",
    "BomgarPathsError",
    "CatalogError",
    "CatalogProblem",
    "InputError",
    "ScheduleError",
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
    enough to find it: ``'base=3.2.4,ba'… (10,000 characters)``.
    """
    shown = text if isinstance(text, str) else repr(text)  # a value: its repr, unquoted
    if len(shown) <= limit:
        return repr(shown) if isinstance(text, str) else shown
    start = repr(shown[:limit]) if isinstance(text, str) else shown[:limit]
    return f"{start}… ({len(shown):,} characters)"


class BomgarPathsError(Exception):
    """Root of every error this library raises on purpose."""


class CatalogProblem:
    """One thing wrong with a catalog: where it is and what is wrong.

    ``path`` is the file (or folder), ``entry`` names the table or package
    (``family.base``, ``package bomgar 12.2.0``), ``key`` the offending key,
    ``line`` the 1-based line when the TOML parser or a key search gives it.
    """

    __slots__ = ("entry", "key", "line", "message", "path")

    def __init__(
        self,
        path: str,
        message: str,
        *,
        entry: str | None = None,
        key: str | None = None,
        line: int | None = None,
    ) -> None:
        self.path = path
        self.message = message
        self.entry = entry
        self.key = key
        self.line = line

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        what = f"{self.entry}: " if self.entry else ""
        return f"{where}: {what}{self.message}"

    def __repr__(self) -> str:
        return f"CatalogProblem({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CatalogProblem) and str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))


class CatalogError(BomgarPathsError, ValueError):
    """A catalog could not be loaded; ``problems`` lists every problem found."""

    def __init__(self, problems: Sequence[CatalogProblem]) -> None:
        self.problems = tuple(problems)
        first = str(self.problems[0]) if self.problems else "invalid catalog"
        more = len(self.problems) - 1
        suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        super().__init__(first + suffix)


class InputError(BomgarPathsError, ValueError):
    """A state, goal, hold or package named by the user cannot be read.

    ``text`` is what the user wrote (or the value a library function was
    given), ``what`` the kind of input ("state", "requirement", "package").
    """

    def __init__(self, what: str, text: object, reason: str) -> None:
        self.what = what
        self.text = text
        self.reason = reason
        super().__init__(f"invalid {what} {quote(text)}: {reason}")


class ScheduleError(BomgarPathsError, ValueError):
    """A plan cannot be placed on the calendar as asked (scheduling.py, windows.py).

    ``what`` names the input at fault ("start", "window", "multiplier",
    "schedule" when the inputs are fine alone but no window fits an install).
    """

    def __init__(self, what: str, message: str) -> None:
        self.what = what
        super().__init__(message)


class WindowError(ScheduleError):
    """A maintenance window's text cannot be read; ``text`` is what the user wrote."""

    def __init__(self, text: object, reason: str) -> None:
        self.text = text
        self.reason = reason
        super().__init__("window", f"invalid maintenance window {quote(text)}: {reason}")


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
        named = ", ".join(self.families[:6]) + (", ..." if len(self.families) > 6 else "")
        size = f"{at_most:,}" if at_most < 10**12 else f"about 10^{len(str(at_most)) - 1}"
        super().__init__(
            f"the question needs more than {limit:,} states: {len(self.families)} families"
            f" ({named}) whose versions combine into up to {size} states; narrow it with"
            " --to (fewer families) or --hold, or raise --max-states")


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
    from .explain import Explanation, Fact
    from .model import Goal, Requirement, State


class Unreachable(BomgarPathsError, ValueError):
    """No state reachable from ``start`` meets ``goal``.

    ``explanation`` (an ``explain.Explanation``) says why, as a tree of facts
    and conclusions, and what to do; ``reasons`` are its facts, the short form.
    """

    def __init__(
        self,
        start: State,
        goal: Goal,
        holds: Sequence[Requirement],
        soak: bool,
        explanation: Explanation,
    ) -> None:
        self.start = start
        self.goal = goal
        self.holds = tuple(holds)
        self.soak = soak
        self.explanation = explanation
        where = str(start) or "nothing installed"
        super().__init__(f"the goal {goal} cannot be reached from {where}")

    @property
    def reasons(self) -> tuple[Fact, ...]:
        """The facts the explanation rests on, each once, in the order it tells them."""
        return self.explanation.facts
