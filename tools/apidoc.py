"""Write docs/api.md, the reference of every public name, from the code itself.

    python tools/apidoc.py            # rewrite docs/api.md
    python tools/apidoc.py --check    # exit 1 if docs/api.md is not what the code says

Every name in ``bomgar_paths.__all__`` (and in the public modules listed below) is shown
with its signature, or its fields for attrs classes and named tuples and its members for
enums, and its docstring. tests/test_docs.py runs ``--check``, so the page cannot fall
behind the code.
"""

from __future__ import annotations

import enum
import importlib
import inspect
import sys
from pathlib import Path
from typing import Any

import attrs

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "api.md"

# Public modules beside the package's table of contents: (module, its names, what it is for).
MODULES = (
    ("bomgar_paths.render", ("render", "FORMATS"),
     "Renderings of every answer: text, Markdown, JSON (and ICS for schedules)."),
    ("bomgar_paths.render.words", ("Words", "words_for", "choose_language", "LANGUAGES"),
     "The words of each language (gettext)."),
    ("bomgar_paths.testing", None, "Hypothesis strategies for your own property tests."),
    ("bomgar_paths.runbook", ("Action", "Halt", "Round", "RoundKind", "RunbookStep",
                              "DEFAULT_VALIDATION", "SWITCH_OVER"),
     "Runbooks: the steps of each round (docs/runbooks.md)."),
    ("bomgar_paths.topology", ("Appliance", "Kind", "Role", "Method", "FailoverBy", "Updates",
                               "read_topology"),
     "Deployments: kinds, roles, the topology file (docs/topology-format.md)."),
)

INTRO = """\
# Python API reference

Generated from the code by `python tools/apidoc.py` (a test checks it is current). The
names below are the public API: `import bomgar_paths as bp` gives every name of the first
section; the other sections are modules of their own. Anything else (modules and names
that start with `_`, and modules not listed here) may change without notice.

Inputs may be given as text wherever the signature says `State | str`, `Goal | str`, and so
on: `"base=3.2.4,bomgar=11.1.2"`, `"bomgar>=15"`, `["base<7"]`. Bad input raises an
`InputError` (or `CatalogError`) whose one-line message names what and where; work past
`max_states` raises `WorkLimit`. See [cli.md](cli.md) for the command line over the same calls.
"""


def _doc(obj: object) -> str:
    doc = (inspect.getdoc(obj) or "").strip()
    fields = getattr(obj, "_fields", None)
    if isinstance(obj, type) and isinstance(fields, tuple) and doc == (
            f"{obj.__name__}({', '.join(fields)})"):
        return ""  # the docstring namedtuple writes for a class without one
    return doc


def _signature(name: str, obj: Any) -> str:
    try:
        signature = inspect.signature(obj)
    except (TypeError, ValueError):
        return name
    # Annotations are strings (``from __future__ import annotations``): show them bare.
    parameters = [p.replace(annotation=p.annotation if not isinstance(p.annotation, str)
                            else _Bare(p.annotation)) for p in signature.parameters.values()
                  if p.name not in ("self", "cls")]
    returned = signature.return_annotation
    signature = signature.replace(parameters=parameters, return_annotation=_Bare(returned)
                                  if isinstance(returned, str) else returned)
    return f"{name}{signature}"


class _Bare:
    """An annotation written as it is in the source, without quotes."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _has_fields(cls: type) -> bool:
    """A value type: an attrs class or a named tuple (both are shown by their fields)."""
    return attrs.has(cls) or (issubclass(cls, tuple) and hasattr(cls, "_fields"))


def _fields(cls: type) -> list[str]:
    out = []
    for name, annotation, default in _field_rows(cls):
        if name.startswith("_"):
            continue
        kind = annotation if isinstance(annotation, str) else getattr(
            annotation, "__name__", repr(annotation))
        shown = "" if default is attrs.NOTHING else (
            " = …" if isinstance(default, attrs.Factory) else f" = {default!r}")
        out.append(f"- `{name}: {kind}{shown}`")
    return out


def _field_rows(cls: type) -> list[tuple[str, Any, Any]]:
    """(name, annotation, default or attrs.NOTHING) of each field, in order."""
    if attrs.has(cls):
        return [(f.name, f.type, f.default) for f in attrs.fields(cls)]
    annotations: dict[str, Any] = {}
    for base in reversed(cls.__mro__):  # a subclass of a named tuple has the base's fields
        annotations.update(vars(base).get("__annotations__", {}))
    defaults: dict[str, Any] = getattr(cls, "_field_defaults", {})
    # typing.NamedTuple keeps a string annotation as a ForwardRef: show its text.
    return [(name, getattr(annotations.get(name), "__forward_arg__", annotations.get(name)),
             defaults.get(name, attrs.NOTHING))
            for name in cls._fields]  # type: ignore[attr-defined]


def _entry(name: str, obj: Any, level: str = "###") -> list[str]:
    lines: list[str] = []
    if inspect.isclass(obj) and issubclass(obj, enum.Enum):
        lines += [f"{level} `{name}` (enum)", ""]
        doc = _doc(obj)
        lines += [doc, ""] if doc and doc != _doc(enum.Enum) else []
        lines += [f"- `{member.name}` = `{member.value!r}`" for member in obj]
        return [*lines, ""]
    if inspect.isclass(obj):
        title = "error" if issubclass(obj, BaseException) else "class"
        lines += [f"{level} `{name}` ({title})", ""]
        if not _has_fields(obj):
            lines += [f"```python\n{_signature(name, obj)}\n```", ""]
        doc = _doc(obj)
        lines += [doc, ""] if doc else []
        if _has_fields(obj):
            lines += ["Fields:", "", *_fields(obj), ""]
        members = [(n, m) for n, m in vars(obj).items()
                   if not n.startswith("_") and (inspect.isfunction(m) or isinstance(
                       m, (property, classmethod, staticmethod)))]
        for member_name, member in members:
            target = member.fget if isinstance(member, property) else getattr(
                member, "__func__", member)
            shown = (f"{name}.{member_name}" if isinstance(member, property)
                     else _signature(f"{name}.{member_name}", target))
            summary = (_doc(target).split("\n\n")[0]).replace("\n", " ")
            lines.append(f"- `{shown}`" + (f": {summary}" if summary else ""))
        if members:
            lines.append("")
        return lines
    if callable(obj):
        lines += [f"{level} `{name}()`", "", f"```python\n{_signature(name, obj)}\n```", ""]
        doc = _doc(obj)
        return [*lines, *([doc, ""] if doc else [])]
    return [f"{level} `{name}`", "", f"`{obj!r}`", ""]


def page() -> str:
    import bomgar_paths  # noqa: PLC0415

    lines = [INTRO, "## `bomgar_paths`", "", _doc(bomgar_paths).split("\n\n")[0], ""]
    for name in sorted(bomgar_paths.__all__, key=str.lower):
        if name.startswith("__"):
            continue
        lines += _entry(name, getattr(bomgar_paths, name))
    for module_name, names, purpose in MODULES:
        module = importlib.import_module(module_name)
        lines += [f"## `{module_name}`", "", purpose, ""]
        for name in names or sorted(getattr(module, "__all__", ()), key=str.lower):
            lines += _entry(name, getattr(module, name))
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.rstrip() + "\n"


def main(argv: list[str]) -> int:
    text = page()
    if "--check" in argv:
        if PAGE.read_text(encoding="utf-8") != text:
            print("docs/api.md is out of date: run python tools/apidoc.py", file=sys.stderr)
            return 1
        return 0
    PAGE.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
