"""Pictures: the state graph around a plan and the catalog's requirements, in DOT
(Graphviz) and Mermaid (GitHub and GitLab draw it in tickets).

The minimal plan is drawn bold (Mermaid: a thick link), the packages greyed out in the
start state dashed with their unmet requirements, and what was cut is said in the
picture (DOT: the graph's label; Mermaid: its title). States are labelled with their
versions; the words (``needs``, what was cut) go through gettext like every other.
"""

from __future__ import annotations

from ..graph import RequirementGraph, StateGraph
from ..model import Package, State
from .words import ENGLISH, Words

__all__ = ["FORMATS", "render_graph", "render_requirements"]

FORMATS = ("dot", "mermaid")


def _state_label(state: State) -> list[str]:
    return [f"{family} {version}" for family, version in state] or ["(nothing installed)"]


def _dot(text: str) -> str:
    """A DOT double-quoted string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _mermaid(*lines: str) -> str:
    """A Mermaid quoted label of ``lines``: quotes and angle brackets as Mermaid's entity
    codes, lines joined by ``<br/>``."""
    escaped = []
    for line in lines:
        for raw, entity in (("&", "#amp;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;")):
            line = line.replace(raw, entity)  # noqa: PLW2901  (escaped in place)
        escaped.append(line)
    return '"' + "<br/>".join(escaped) + '"'


def _title(text: str) -> list[str]:
    """Mermaid's front matter with a title (YAML: a double-quoted string, as JSON writes)."""
    import json  # noqa: PLC0415  (only pictures need it)

    return ["---", f"title: {json.dumps(text, ensure_ascii=False)}", "---"]


def _notes(graph: StateGraph, w: Words) -> list[str]:
    notes = [w._("The minimal plan: {installs} (bold); greyed out in the start state: dashed",
                 installs=w.n_("{n} install", "{n} installs", len(graph.plan.steps)))]
    if graph.beyond:
        notes.append(w.n_(
            "{n} more state one install past these is not drawn (--depth {depth})",
            "{n} more states one install past these are not drawn (--depth {depth})",
            graph.beyond, depth=graph.depth))
    if not graph.full:
        notes.append(w._("the neighbourhood was cut at {n} states", n=len(graph.states)))
    if graph.greyed_left_out:
        notes.append(w.n_("{n} more greyed-out package is not drawn",
                          "{n} more greyed-out packages are not drawn",
                          graph.greyed_left_out))
    return notes


def _needs(unmet: tuple[object, ...], w: Words) -> str:
    return w._("needs {requirements}", requirements=", ".join(map(str, unmet)))


def render_graph(graph: StateGraph, fmt: str, w: Words = ENGLISH) -> str:
    ids = {state: f"s{n}" for n, state in enumerate(graph.states)}
    start = ids[graph.plan.start]
    notes = _notes(graph, w)
    if fmt == "mermaid":
        lines = [*_title(" · ".join(notes)), "flowchart LR"]
        for state, node in ids.items():
            lines.append(f"    {node}[{_mermaid(*_state_label(state))}]")
        for edge in graph.edges:
            link = "==>" if edge.on_plan else "-->"
            lines.append(f"    {ids[edge.before]} {link}|{_mermaid(edge.package.label)}|"
                         f" {ids[edge.after]}")
        for n, greyed in enumerate(graph.greyed):
            lines.append(f"    g{n}[{_mermaid(greyed.package.label)}]:::greyed")
            lines.append(f"    {start} -.->|{_mermaid(_needs(greyed.unmet, w))}| g{n}")
        lines.append(f"    class {start} start")
        lines.append("    classDef greyed stroke-dasharray: 5 5,color:#777")
        lines.append("    classDef start stroke-width:3px")
        return "\n".join(lines)
    lines = ["digraph upgrade {", "    rankdir=LR;", "    node [shape=box, fontsize=10];",
             f"    label={_dot(chr(10).join(notes))};", "    labelloc=b;"]
    for state, node in ids.items():
        style = ", penwidth=2" if state == graph.plan.start else ""
        lines.append(f"    {node} [label={_dot(chr(10).join(_state_label(state)))}{style}];")
    for edge in graph.edges:
        style = ", penwidth=3" if edge.on_plan else ", color=gray40"
        lines.append(f"    {ids[edge.before]} -> {ids[edge.after]}"
                     f" [label={_dot(edge.package.label)}{style}];")
    for n, greyed in enumerate(graph.greyed):
        lines.append(f"    g{n} [label={_dot(greyed.package.label)}, style=dashed,"
                     " fontcolor=gray40];")
        lines.append(f"    {start} -> g{n} [label={_dot(_needs(greyed.unmet, w))},"
                     " style=dashed, color=gray60];")
    lines.append("}")
    return "\n".join(lines)


def render_requirements(graph: RequirementGraph, fmt: str, w: Words = ENGLISH) -> str:
    ids = {p.key: f"p{n}" for n, p in enumerate(graph.packages)}
    loose = {str(need.requirement): f"r{n}" for n, need in enumerate(
        [x for x in graph.needs if x.by is None])}
    families = {p.family: [q for q in graph.packages if q.family == p.family]
                for p in graph.packages}
    title = w._("Which package needs which: an arrow from the oldest package that meets a"
                " requirement to each package that has it")

    def node(package: Package) -> str:
        return ids[package.key]

    if fmt == "mermaid":
        lines = [*_title(title), "flowchart LR"]
        for family, packages in families.items():
            lines.append(f"    subgraph f_{family} [{_mermaid(family)}]")
            lines += [f"        {node(p)}[{_mermaid(p.label)}]" for p in packages]
            lines.append("    end")
        for text, rid in loose.items():
            lines.append(f"    {rid}[{_mermaid(text)}]:::unmet")
        for need in graph.needs:
            source = node(need.by) if need.by is not None else loose[str(need.requirement)]
            lines.append(f"    {source} -->|{_mermaid(str(need.requirement))}|"
                         f" {node(need.package)}")
        lines.append("    classDef unmet stroke-dasharray: 5 5")
        return "\n".join(lines)
    lines = ["digraph requirements {", "    rankdir=LR;", "    node [shape=box, fontsize=10];",
             f"    label={_dot(title)};", "    labelloc=b;"]
    for family, packages in families.items():
        lines.append(f"    subgraph {_dot('cluster_' + family)} {{")
        lines.append(f"        label={_dot(family)};")
        lines += [f"        {node(p)} [label={_dot(p.label)}];" for p in packages]
        lines.append("    }")
    for text, rid in loose.items():
        lines.append(f"    {rid} [label={_dot(text)}, style=dashed];")
    for need in graph.needs:
        source = node(need.by) if need.by is not None else loose[str(need.requirement)]
        lines.append(f"    {source} -> {node(need.package)}"
                     f" [label={_dot(str(need.requirement))}];")
    lines.append("}")
    return "\n".join(lines)


def write_graph(graph: StateGraph, fmt: str, words: Words) -> str:
    return render_graph(graph, fmt, words)


def write_requirements(graph: RequirementGraph, fmt: str, words: Words) -> str:
    return render_requirements(graph, fmt, words)
