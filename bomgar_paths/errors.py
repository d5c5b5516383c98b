"""One tree of errors; each carries the data a caller needs to act on it.

Every error subclasses a builtin (``ValueError`` or ``OSError``) so that code
which does not know this library can still catch it, and every error renders
to one line: the command line prints ``str(error)`` and exits with status 2.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

__all__ = [
    "BomgarPathsError",
    "CatalogError",
    "CatalogProblem",
    "InputError",
    "ScheduleError",
    "WindowError",
    "WorkLimit",
    "nearest",
]


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

    ``text`` is what the user wrote, ``what`` the kind of input ("state",
    "requirement", "package").
    """

    def __init__(self, what: str, text: str, reason: str) -> None:
        self.what = what
        self.text = text
        self.reason = reason
        super().__init__(f"invalid {what} {text!r}: {reason}")


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

    def __init__(self, text: str, reason: str) -> None:
        self.text = text
        self.reason = reason
        super().__init__("window", f"invalid maintenance window {text!r}: {reason}")


class WorkLimit(BomgarPathsError, RuntimeError):
    """The search would visit more states than ``limit`` allows (exit status 3).

    ``needed`` is how many states it had counted when it stopped (a lower
    bound of what the whole question needs), ``families`` the families the
    search could not set aside, so a caller can say how to narrow it.
    """

    def __init__(self, limit: int, needed: int, families: Sequence[str]) -> None:
        self.limit = limit
        self.needed = needed
        self.families = tuple(families)
        super().__init__(
            f"the search needs more than {limit:,} states (it had counted {needed:,} over the"
            f" families {', '.join(self.families)}): narrow the question with --to or --hold,"
            " or raise --max-states")


def nearest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The choice closest to a misspelt ``word``, for "did you mean" hints."""
    # difflib costs ~10 ms to import: only bad input pays for it.
    import difflib  # noqa: PLC0415

    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return found[0] if found else None
