"""Pieces every rendering shares: JSON documents, tables, durations, states.

Numbers and durations are written in the language of the ``Words`` given
(render/words.py); JSON is written by ``dump`` and is the same in every
language.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..model import Goal, State
from .words import ENGLISH, Words

if TYPE_CHECKING:  # values only read here; importing them costs start-up time
    from datetime import timedelta

    from ..catalog import Catalog
    from ..errors import BomgarPathsError, CatalogProblem
    from ..planner import Plan


# DESIGN §2.4: every JSON document says the version of its shape, raised when
# a key is renamed, removed or changes meaning (new keys beside them do not).
SCHEMA = 1


def _explain_words() -> Any:
    """render_explain, imported when an explanation is written, not at start-up."""
    from . import explain as render_explain  # noqa: PLC0415

    return render_explain


def dump(data: Any) -> str:
    """A JSON document: ``schema`` first, then ``data``'s keys."""
    import json  # noqa: PLC0415  (only JSON output pays for the import)

    return json.dumps({"schema": SCHEMA, **data}, indent=2, ensure_ascii=False)


def state_data(state: State) -> dict[str, str]:
    return {family: str(version) for family, version in state}


def catalog_ref(catalog: Catalog) -> dict[str, str]:
    return {"source": catalog.source, "digest": catalog.digest}


def hours(value: float, w: Words = ENGLISH) -> str:
    """``24 h``, ``360 h (15 days)``."""
    text = w._("{hours} h", hours=w.number(value, grouped=False))
    if value >= 48 and value % 24 == 0:
        return w._("{hours} ({days} days)", hours=text, days=w.number(value / 24))
    return text


def minutes(value: float, w: Words = ENGLISH) -> str:
    """``45 min``, ``15 h 45 min``."""
    whole = round(value)
    if whole < 60:
        return w._("{minutes} min", minutes=w.number(value, grouped=False))
    h, m = divmod(whole, 60)
    if m:
        return w._("{hours} h {minutes} min", hours=h, minutes=m)
    return w._("{hours} h", hours=h)


def span(value: timedelta, w: Words = ENGLISH) -> str:
    """A duration for people to read: ``45 min``, ``2 h 15 min``, ``3 d 4 h``."""
    total = round(value.total_seconds() / 60)
    days, rest = divmod(total, 24 * 60)
    h, m = divmod(rest, 60)
    parts = ([w._("{days} d", days=days)] * bool(days) + [w._("{hours} h", hours=h)] * bool(h)
             + [w._("{minutes} min", minutes=m)] * bool(m))
    return " ".join(parts[:2]) or w._("{minutes} min", minutes=0)


def error_text(error: BomgarPathsError, w: Words = ENGLISH) -> str:
    """One line for an error the library raised, in ``w``'s language (render.messages)."""
    from .messages import error_text as text  # noqa: PLC0415  (only errors pay for it)

    return text(error, w)


def problem_text(problem: CatalogProblem, w: Words = ENGLISH) -> str:
    """One line for a catalog problem, in ``w``'s language (render.messages)."""
    from .messages import problem_text as text  # noqa: PLC0415

    return text(problem, w)


def table(rows: Sequence[Sequence[str]], markdown: bool = False) -> list[str]:
    """Aligned columns; the first row is the header."""
    if markdown:
        def cell(text: str) -> str:
            return text.replace("|", "\\|")

        lines = ["| " + " | ".join(cell(c) for c in rows[0]) + " |",
                 "|" + "|".join("---" for _ in rows[0]) + "|"]
        lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows[1:]]
        return lines
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
            for row in rows]


def state_text(state: State, w: Words = ENGLISH) -> str:
    """A state as people read it: ``base=3.2.4,bomgar=11.1.2``, or "(nothing installed)"."""
    return str(state) or w._("(nothing installed)")


def then_text(labels: Sequence[str], w: Words = ENGLISH) -> str:
    """Installs in order: ``A, then B, then C``."""
    text = labels[0] if labels else ""
    for label in labels[1:]:
        text = w._("{before}, then {after}", before=text, after=label)
    return text


def goal_text(goal: Goal, w: Words = ENGLISH) -> str:
    """``latest`` (the keyword, explained in other languages) or the goal's requirements."""
    return w._("latest") if goal.is_latest else str(goal)


def mode_text(plan: Plan, w: Words = ENGLISH) -> str:
    """The soak mode as a clause to append: empty for the usual mode."""
    return "" if plan.soak else w._(", no-soak mode (clients uninstalled first)")


def transition(plan: Plan, w: Words = ENGLISH) -> str:
    """``start → target`` of a plan."""
    return f"{state_text(plan.start, w)} → {state_text(plan.target, w)}"
