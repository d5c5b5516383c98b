"""Words for explanations: text, Markdown and JSON renderings of a derivation tree.

A conclusion that the tree reaches more than once is told the first time
with a number, ``[2]``, and referred to after that ("see [2]"), as pubgrub's
reports do; a ``Ref`` (a conclusion that depends on itself) is told the same
way, which is how a deadlock reads: "... needs [1], which is what is being
explained".
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..explain import Derivation, Explanation, Fact, Ref, Skipped
from . import dump

__all__ = ["explanation_data", "render_explanation", "skipped_data", "skipped_lines"]

Node = Derivation | Fact | Ref


def _shared(tree: Derivation) -> dict[str, int]:
    """Keys of conclusions told more than once (or referred to), numbered in order."""
    counts: Counter[str] = Counter()
    order: list[str] = []

    def walk(node: Node) -> None:
        if isinstance(node, Fact):
            return
        counts[node.key] += 1
        if node.key not in order:
            order.append(node.key)
        if isinstance(node, Derivation) and counts[node.key] == 1:
            for cause in node.causes:
                walk(cause)

    walk(tree)
    numbered = [key for key in order if counts[key] > 1]
    return {key: n for n, key in enumerate(numbered, 1)}


def _lines(tree: Derivation, bullet: str, indent: str) -> list[str]:
    numbers = _shared(tree)
    told: set[str] = set()
    lines: list[str] = []

    def walk(node: Node, depth: int) -> None:
        pad = indent * (depth - 1) + bullet if depth else ""
        if isinstance(node, Fact):
            lines.append(f"{pad}{_sentence(node.text)}")
            return
        mark = f"[{numbers[node.key]}] " if node.key in numbers else ""
        if isinstance(node, Ref):
            lines.append(f"{pad}{_sentence(node.text)} (see [{numbers.get(node.key, '?')}]:"
                         " a circular dependency: it depends on itself)")
            return
        if node.key in told:
            lines.append(f"{pad}{_sentence(node.text)} (see [{numbers[node.key]}])")
            return
        told.add(node.key)
        lines.append(f"{pad}{mark}{_sentence(node.text)}, because:")
        for cause in node.causes:
            walk(cause, depth + 1)

    walk(tree, 0)
    return lines


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def render_explanation(explanation: Explanation, fmt: str) -> str:
    if fmt == "json":
        return dump(explanation_data(explanation))
    markdown = fmt == "markdown"
    lines = _lines(explanation.tree, "- ", "  ")
    if markdown:
        lines[0] = f"**{lines[0]}**"
    lines += ["", f"{'**What to do:** ' if markdown else 'What to do: '}{explanation.action}"]
    if len(explanation.what_if) > 1:
        lines += ["", "What if:" if not markdown else "**What if:**"]
        for hint in explanation.what_if:
            t = hint.plan.totals
            lines.append(f"{'- ' if markdown else '  - '}without {' and '.join(hint.remove)}:"
                         f" reachable in {t.installs} installs, {t.soak_hours:g} h of soak")
    return "\n".join(lines)


def _node_data(node: Node, numbers: dict[str, int], told: set[str]) -> dict[str, Any]:
    if isinstance(node, Fact):
        data: dict[str, Any] = {"fact": node.kind, "text": node.text}
        for key in ("family", "requirement", "version"):
            if getattr(node, key) is not None:
                data[key] = getattr(node, key)
        if node.packages:
            data["packages"] = list(node.packages)
        return data
    if isinstance(node, Ref) or node.key in told:
        return {"ref": numbers.get(node.key), "conclusion": node.text}
    told.add(node.key)
    data = {"conclusion": node.text,
            "because": [_node_data(c, numbers, told) for c in node.causes]}
    if node.key in numbers:
        data = {"id": numbers[node.key], **data}
    return data


def explanation_data(explanation: Explanation) -> dict[str, Any]:
    tree = explanation.tree
    return {
        "subject": explanation.subject,
        "tree": _node_data(tree, _shared(tree), set()),
        "action": explanation.action,
        "what_if": [
            {"remove": list(h.remove), "installs": h.plan.totals.installs,
             "soak_hours": h.plan.totals.soak_hours,
             "install_minutes": h.plan.totals.install_minutes,
             "plan": [s.package.label for s in h.plan.steps]}
            for h in explanation.what_if
        ],
    }


def skipped_data(items: tuple[Skipped, ...]) -> list[dict[str, Any]]:
    out = []
    for item in items:
        reason = item.reason
        tree = (_node_data(reason, _shared(reason), set()) if isinstance(reason, Derivation)
                else _node_data(reason, {}, set()))
        out.append({"package": item.package.label, "reason": tree})
    return out


def skipped_lines(items: tuple[Skipped, ...], markdown: bool = False) -> list[str]:
    """One line per reason: the left-out packages and the most telling leaf of their tree."""
    groups: dict[tuple[str, str], list[str]] = {}
    for item in items:
        leaf = _leaf(item.reason)
        reason = leaf.text if isinstance(leaf, Fact) else leaf
        if isinstance(leaf, Fact) and item.package.label in leaf.packages:
            # The reason is about the package itself: say it once for the group.
            reason = {"hold": f"excluded by the hold {leaf.requirement}",
                      "trade_off": leaf.text.removeprefix(item.package.label + " ")}.get(
                leaf.kind, leaf.text if len(leaf.packages) > 1 else reason)
        groups.setdefault((item.package.family, reason), []).append(item.package.label)
    lines = []
    for (_, reason), labels in groups.items():
        names = ", ".join(labels) if len(labels) <= 3 else (
            f"{labels[0]} … {labels[-1]} ({len(labels)} packages)")
        lines.append(f"{'- ' if markdown else '  - '}{names}: {reason}")
    return lines


def _leaf(node: Node) -> Fact | str:
    """The most telling leaf: a hold, a withdrawal, a missing package, else the conclusion."""
    if isinstance(node, Fact):
        return node
    if isinstance(node, Ref):
        return node.text
    leaves: list[Fact] = []

    def walk(n: Node, seen: set[str]) -> None:
        if isinstance(n, Fact):
            leaves.append(n)
        elif isinstance(n, Derivation) and n.key not in seen:
            seen.add(n.key)
            for c in n.causes:
                walk(c, seen)

    walk(node, set())
    for kind in ("hold", "withdrawn", "no_package", "never_down", "never_together", "trade_off"):
        for leaf in leaves:
            if leaf.kind == kind:
                return leaf
    return node.text
