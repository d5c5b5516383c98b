"""Renderings of the library's answers: ``render(answer, format, language)``.

One module per answer, each writing it in every format, because the text and
the Markdown of one answer share their sentences and their order:

- ``plan``: a ``Plan`` (with what its target leaves out), an ``Unreachable`` goal;
- ``updates``: the Updates page (``UpdatesPage``) and a package's ``Diagnosis``;
- ``catalog``: a ``Catalog``, a ``CatalogCheck``;
- ``explain``: explanation trees, inside the answers above;
- ``schedule``: a ``Schedule`` (text, Markdown, JSON), ``ics`` its calendar;
- ``runbook``: a ``Runbook`` (text, Markdown, JSON; its calendar in ``ics``);
- ``gantt``: the Mermaid chart in a schedule's or a runbook's Markdown, ``html`` the
  report of either (an inline SVG timeline), both drawing ``timeline``'s bars;
- ``messages``: every error, one line.

The words of each language are gettext messages (``words``); the JSON writers
(the ``*_data`` functions) take no words: JSON is the same whatever the language.
Every function takes a value the library returned and writes it; none
computes anything the value does not hold.
"""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING, Any

from .common import (
    SCHEMA,
    catalog_ref,
    dump,
    error_text,
    hours,
    minutes,
    mode_text,
    problem_text,
    span,
    state_data,
    state_text,
    table,
    transition,
)
from .words import Words, words_for

if TYPE_CHECKING:
    from .catalog import catalog_data, check_data, render_catalog, render_check
    from .plan import plan_data, render_plan, render_unreachable, unreachable_data
    from .updates import (
        diagnosis_data,
        offers_data,
        render_diagnosis,
        render_offers,
        unmet_text,
    )

__all__ = [
    "FLEET_FORMATS",
    "FORMATS",
    "GRAPH_FORMATS",
    "SCHEDULE_FORMATS",
    "SCHEMA",
    "catalog_data",
    "catalog_ref",
    "check_data",
    "diagnosis_data",
    "dump",
    "error_text",
    "hours",
    "minutes",
    "mode_text",
    "offers_data",
    "plan_data",
    "problem_text",
    "render",
    "render_catalog",
    "render_check",
    "render_diagnosis",
    "render_offers",
    "render_plan",
    "render_unreachable",
    "span",
    "state_data",
    "state_text",
    "table",
    "transition",
    "unmet_text",
    "unreachable_data",
]

FORMATS = ("text", "json", "markdown")
SCHEDULE_FORMATS = (*FORMATS, "ics", "html")  # a calendar too, and a report
GRAPH_FORMATS = ("dot", "mermaid")  # pictures
FLEET_FORMATS = (*FORMATS, "jsonl", "ics", "ansible-inventory")  # a fleet (render/fleet.py)
# The formats of the answers that have others than FORMATS, by render module.
_FORMATS_OF = {"schedule": SCHEDULE_FORMATS, "runbook": SCHEDULE_FORMATS,
               "graph": GRAPH_FORMATS, "fleet": FLEET_FORMATS}

# The answer modules load when an answer of theirs is written (start-up time counts).
_LAZY = {
    "catalog_data": "catalog", "check_data": "catalog", "render_catalog": "catalog",
    "render_check": "catalog",
    "plan_data": "plan", "render_plan": "plan", "render_unreachable": "plan",
    "unreachable_data": "plan",
    "diagnosis_data": "updates", "offers_data": "updates", "render_diagnosis": "updates",
    "render_offers": "updates", "unmet_text": "updates",
}  # fmt: skip


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'bomgar_paths.render' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def render(answer: object, format: str = "text", language: str | Words | None = None,
           **options: Any) -> str:
    """``answer`` written in ``format`` (text, json, markdown; ics, html for a schedule or a
    runbook).

    ``answer`` is what a library call returned: a ``Plan``, an ``Unreachable``
    goal (the error ``plan`` raised), an ``UpdatesPage``, a ``Diagnosis``, a
    ``Catalog``, a ``CatalogCheck``, a ``Schedule`` or an ``Explanation``.
    ``language`` is ``en`` or ``tr`` (or a ``Words``); None chooses it from the
    environment as gettext does (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``,
    ``LANG``). JSON is the same in every language. ``options`` go to the
    writer: ``stamp`` (a ``datetime``) is a schedule's iCalendar DTSTAMP.
    Anything else raises ``TypeError``; a format the answer has no writer for,
    ``ValueError``.
    """
    words = language if isinstance(language, Words) else words_for(language)
    found = next(((writer, function) for module, kind, writer, function in _WRITERS
                  if isinstance(answer, _answer_class(module, kind))), None)
    if found is None:
        raise TypeError(f"render() writes the answers of bomgar_paths, not {type(answer)!r}")
    writer, function = found
    formats = _FORMATS_OF.get(writer, FORMATS)
    if format not in formats:
        raise ValueError(f"format {format!r}: expected one of {', '.join(formats)}")
    write: Any = getattr(importlib.import_module(f".{writer}", __name__), function)
    return str(write(answer, format, words, **options))


def _answer_class(module: str, name: str) -> type:
    """The answer class, from its module if already imported, else a stand-in: an answer
    exists only once its module is loaded, so an unloaded module's class matches nothing."""
    loaded = sys.modules.get(f"bomgar_paths.{module}")
    found = getattr(loaded, name, None) if loaded is not None else None
    return found if isinstance(found, type) else _Nothing


class _Nothing:
    """Matches no answer (its module was never loaded, so none of its values exist)."""


# (library module, answer class, render module, its function(answer, format, words)):
# classes looked up by module, so that rendering one answer imports no other's modules.
_WRITERS = (
    ("planner", "Plan", "plan", "write_plan"),
    ("errors", "Unreachable", "plan", "write_unreachable"),
    ("updates", "UpdatesPage", "updates", "write_updates"),
    ("diagnosis", "Diagnosis", "updates", "write_diagnosis"),
    ("catalog", "Catalog", "catalog", "write_catalog"),
    ("catalog", "CatalogCheck", "catalog", "write_check"),
    ("scheduling", "Schedule", "schedule", "write_schedule"),
    ("explain", "Explanation", "explain", "write_explanation"),
    ("runbook", "Runbook", "runbook", "write_runbook"),
    ("progress", "Progress", "progress", "write_progress"),
    ("graph", "StateGraph", "graph", "write_graph"),
    ("graph", "RequirementGraph", "graph", "write_requirements"),
    ("fleet", "Fleet", "fleet", "write_fleet"),
)
