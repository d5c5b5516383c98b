"""Pictures (issue 14): the state graph around a plan and the catalog's requirements,
checked against the definitions, parsed by a real DOT parser (pydot), and the Mermaid
held to the grammar it needs."""

from __future__ import annotations

import contextlib
import io
import re

import pydot
import pytest
from hypothesis import event, given

from bomgar_paths import load_bundled
from bomgar_paths.cli import main
from bomgar_paths.errors import InputError
from bomgar_paths.graph import requirement_graph, state_graph
from bomgar_paths.planner import Plan
from bomgar_paths.render.graph import render_graph, render_requirements
from bomgar_paths.testing import plans

START = "base=3.2.4,bomgar=11.1.2"


@given(plans())
def test_the_graph_draws_the_plan_bold_and_only_real_installs(the_plan: Plan) -> None:
    graph = state_graph(the_plan.catalog, the_plan.start, the_plan.goal, the_plan.holds,
                        soak=the_plan.soak, depth=1)
    assert graph.plan.steps == the_plan.steps
    on_plan = [the_plan.start, *(s.after for s in the_plan.steps)]
    assert list(graph.states[:len(on_plan)]) == on_plan
    bold = [(e.before, e.package.label, e.after) for e in graph.edges if e.on_plan]
    assert sorted(bold, key=str) == sorted(
        [(b, s.package.label, s.after) for b, s in zip(on_plan, the_plan.steps, strict=False)],
        key=str)
    drawn = set(graph.states)
    for edge in graph.edges:  # DESIGN §2.3, read directly
        package, before = edge.package, edge.before
        installed = before.get(package.family)
        assert package.withdrawn is None and (installed is None or package.version > installed)
        assert all(before.satisfies(r) for r in package.requires)
        assert all(h.allows(package.version) for h in the_plan.holds
                   if h.family == package.family)
        assert edge.after == before.with_version(package.family, package.version)
        assert {edge.before, edge.after} <= drawn
    for greyed in graph.greyed:
        installed = the_plan.start.get(greyed.package.family)
        assert installed is None or greyed.package.version > installed
        assert greyed.unmet and not any(the_plan.start.satisfies(r) for r in greyed.unmet)
    event(f"{len(graph.states)} states drawn, {graph.beyond} beyond")


def _dot(text: str) -> pydot.Dot:
    parsed = pydot.graph_from_dot_data(text)
    assert parsed is not None and len(parsed) == 1, "not one DOT graph"
    return parsed[0]


# pydot calls pyparsing's old names, which newer pyparsing warns about.
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_the_dot_parses_with_a_real_parser() -> None:
    graph = state_graph(load_bundled(), START, "bomgar<14", depth=1)
    dot = _dot(render_graph(graph, "dot"))
    names = {n.get_name() for n in dot.get_nodes()} - {"node"}
    assert len(names) == len(graph.states) + len(graph.greyed)
    assert len(dot.get_edges()) == len(graph.edges) + len(graph.greyed)
    bold = [e for e in dot.get_edges() if e.get("penwidth") == "3"]
    assert len(bold) == len(graph.plan.steps)
    requirements = requirement_graph(load_bundled())
    dot = _dot(render_requirements(requirements, "dot"))
    assert len(dot.get_subgraphs()) == len(load_bundled().families)
    assert len(dot.get_edges()) == len(requirements.needs)


_NODE = re.compile(r'^ {4,8}([a-z]\d+)\["([^"<>]|<br/>)*"\](:::\w+)?$')
_LINK = re.compile(r'^ {4}([a-z]\d+) (==>|-->|-\.->)\|"[^"<>]*"\| ([a-z]\d+)$')
_OTHER = re.compile(r'^(flowchart LR| {4}subgraph f_[a-z][a-z0-9_-]* \["[^"]*"\]| {4}end'
                    r'| {4}class [a-z]\d+ \w+| {4}classDef \w+ [^;]+)$')


def assert_mermaid(text: str) -> None:
    """The flowchart grammar these pictures use: front matter with a title, then node,
    link, subgraph and class lines, every link between defined nodes."""
    lines = text.split("\n")
    assert lines[0] == "---" and lines[1].startswith('title: "') and lines[2] == "---"
    defined: set[str] = set()
    used: set[str] = set()
    for line in lines[3:]:
        if node := _NODE.match(line):
            defined.add(node[1])
        elif link := _LINK.match(line):
            used |= {link[1], link[3]}
        else:
            assert _OTHER.match(line), f"not Mermaid flowchart syntax: {line!r}"
    assert used <= defined


def test_the_mermaid_has_the_structure_mermaid_requires() -> None:
    graph = state_graph(load_bundled(), START, "bomgar<14", depth=2)
    text = render_graph(graph, "mermaid")
    assert_mermaid(text)
    assert text.count("==>") == len(graph.plan.steps)
    assert_mermaid(render_requirements(requirement_graph(load_bundled()), "mermaid"))
    with pytest.raises(AssertionError):
        assert_mermaid(text.replace('s1["', 's1[', 1))


def test_a_large_graph_is_cut_and_says_so() -> None:
    graph = state_graph(load_bundled(), START, depth=3, max_nodes=40)
    assert not graph.full and len(graph.states) == 40 and graph.beyond > 0
    text = render_graph(graph, "dot")
    assert "the neighbourhood was cut at 40 states" in text
    assert "more states one install past these are not drawn" in text
    with pytest.raises(InputError):
        state_graph(load_bundled(), START, depth=11)


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(args))
    return status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(("args", "named"), [
    (["graph"], "give --from STATE"),
    (["graph", "--catalog-requirements", "--from", START], "leave out --from"),
    (["graph", "--from", START, "--depth", "11"], "from 0 to 10"),
    (["graph", "--from", START, "--format", "text"], "invalid choice"),
])
def test_bad_graph_options_are_one_line(args: list[str], named: str) -> None:
    status, out, err = run(*args)
    assert status == 2 and out == "" and named in err and "Traceback" not in err, err
    assert err.count("\n") in (1, 2)  # argparse adds its usage line
