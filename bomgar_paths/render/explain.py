"""Words for explanations: text, Markdown and JSON renderings of a derivation tree.

Every sentence is written here from the typed facts and conclusions of
``bomgar_paths.explain``, through ``words`` (``render.words.Words``), so a
language is one more catalog of messages. JSON is language-neutral: its
``text``, ``conclusion``, ``action`` and ``remove`` strings are the English
renderings, beside the typed fields.

A conclusion that the tree reaches more than once is told the first time
with a number, ``[2]``, and referred to after that ("see [2]"), as pubgrub's
reports do; a ``Ref`` (a conclusion that depends on itself) is told the same
way, which is how a deadlock reads: "... needs [1], which is what is being
explained".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING, Any

from ..explain import (
    Action,
    ActionKind,
    ConclusionKind,
    Derivation,
    Explanation,
    Fact,
    FactKind,
    Ref,
    Skipped,
    WhatIf,
)
from ..model import Package, Requirement, format_specifier
from .common import dump, then_text
from .words import ENGLISH, Words

if TYPE_CHECKING:
    from ..components import Need

__all__ = [
    "action_text",
    "conclusion_text",
    "explanation_data",
    "fact_text",
    "remove_texts",
    "render_explanation",
    "skipped_data",
    "skipped_lines",
]

Node = Derivation | Fact | Ref


# -- names ------------------------------------------------------------------------


def names(items: Sequence[str], words: Words = ENGLISH) -> str:
    """A list of packages: all of them up to six, else the first three and the last."""
    if len(items) > 6:
        return words._("{first}, … and {last} ({n} packages)", first=", ".join(items[:3]),
                       last=items[-1], n=words.number(len(items)))
    return words.join(items)


def _labels(packages: Sequence[Package]) -> list[str]:
    return [p.label for p in packages]


def _together(requirements: Sequence[Requirement], words: Words) -> str:
    """Requirements that must hold at once: ``a and b and c``."""
    text = str(requirements[0]) if requirements else ""
    for requirement in requirements[1:]:
        text = words._("{rest} and {last}", rest=text, last=str(requirement))
    return text


def _then(labels: Sequence[str], words: Words) -> str:
    if len(labels) <= 4:
        return then_text(labels, words)
    return words._("{first}, then {second} (and {n} more, as the plan lists)",
                   first=labels[0], second=labels[1], n=words.number(len(labels) - 2))


# -- sentences --------------------------------------------------------------------


def fact_text(fact: Fact, words: Words = ENGLISH, parent: Derivation | None = None) -> str:
    """The fact as a sentence (not capitalised). ``parent``, the conclusion it
    supports, chooses the wording of a ``never_down`` fact about a package that
    is not offered."""
    kind, packages = fact.kind, _labels(fact.packages)
    requirement = fact.requirements[0] if fact.requirements else None
    if kind is FactKind.REQUIRES:
        return words.n_("{packages} requires {requirement}", "{packages} require {requirement}",
                        len(packages), packages=names(packages, words),
                        requirement=str(requirement))
    if kind is FactKind.INSTALLED:
        return words._("{label} is installed", label=fact.label)
    if kind is FactKind.NOT_INSTALLED:
        return words._("no {family} package is installed", family=fact.family)
    if kind is FactKind.NO_PACKAGE:
        assert requirement is not None
        return words._("no {family} package satisfies {specifier}", family=fact.family,
                       specifier=format_specifier(requirement.specifier))
    if kind is FactKind.WITHDRAWN:
        return words.n_("{packages} is withdrawn: {reason}", "{packages} are withdrawn: {reason}",
                        len(packages), packages=names(packages, words), reason=fact.reason)
    if kind is FactKind.HOLD:
        return words._("the hold {hold} excludes {packages}", hold=str(requirement),
                       packages=names(packages, words))
    if kind is FactKind.NEVER_DOWN:
        if parent is not None and parent.kind is ConclusionKind.NOT_OFFERED:
            return words._("versions never go down, and {label} is installed", label=fact.label)
        past = str(requirement) if requirement is not None else names(packages, words)
        return words._("versions never go down, and {label} is already past {past}",
                       label=fact.label, past=past)
    if kind is FactKind.NEVER_TOGETHER:
        together = _together(fact.requirements, words)
        if fact.packages:
            first = fact.packages[0]
            return words._("no reachable state has {together} while {package} is still newer"
                           " than the installed {family}", together=together,
                           package=first.label, family=first.family)
        return words._("each of {together} can be reached, but no reachable state has them"
                       " together", together=together)
    if kind is FactKind.NO_CONFIGURATION:
        return words._("no versions work together: {needs}", needs="; ".join(
            _need_text(need, words) for need in fact.needs))
    if kind is FactKind.AFFECTED:
        advisories = words.join([f"{a.id} ({', '.join(map(str, a.affects))})"
                                 for a in fact.advisories])
        if not fact.requirements:
            return words._("every reachable state is affected by {advisories}",
                           advisories=advisories)
        return words._("every reachable state that has {together} is affected by"
                       " {advisories}", together=_together(fact.requirements, words),
                       advisories=advisories)
    if kind in (FactKind.BREAKS, FactKind.BROKEN):
        from .updates import conflict_text, works_only_text  # noqa: PLC0415

        if kind is FactKind.BREAKS:  # about each of the packages: the release is theirs
            return words.n_(
                "whenever {packages} is offered and its requirements are met, installing it"
                " would break what works with the appliance: {conflicts}",
                "whenever {packages} are offered and their requirements are met, installing"
                " them would break what works with the appliance: {conflicts}",
                len(packages), packages=names(packages, words),
                conflicts="; ".join(works_only_text(c, words) for c in fact.conflicts))
        conflicts = "; ".join(conflict_text(c, words) for c in fact.conflicts)
        if not fact.requirements:
            return words._("every reachable state breaks what works with the appliance:"
                           " {conflicts}", conflicts=conflicts)
        return words._("every reachable state that has {together} breaks what works with the"
                       " appliance: {conflicts}", together=_together(fact.requirements, words),
                       conflicts=conflicts)
    assert kind is FactKind.TRADE_OFF
    return words._("{package} can be reached, but only in states that give up a newer version"
                   " of a more important family", package=packages[0])


def _need_text(need: Need, words: Words) -> str:
    """One of resolvelib's causes: the goal's requirement, or a release's works_with."""
    if need.of is None or need.of.package is None:
        return words._("the goal asks for {requirement}", requirement=str(need.requirement))
    return words._("{package} works only with {requirement}", package=need.of.package.label,
                   requirement=str(need.requirement))


def conclusion_text(node: Derivation | Ref, words: Words = ENGLISH) -> str:
    """The conclusion as a sentence (not capitalised)."""
    kind, packages = node.kind, _labels(node.packages)
    if kind is ConclusionKind.NEVER:
        return words._("no reachable state has {requirement}", requirement=str(node.requirement))
    if kind is ConclusionKind.BLOCKED:
        return words._("{packages} can never be installed", packages=names(packages, words))
    if kind is ConclusionKind.NOT_OFFERED:
        return words._("{package} is not offered", package=packages[0])
    if kind is ConclusionKind.GREYED:
        return words._("{package} is greyed out", package=packages[0])
    if kind is ConclusionKind.GREYED_FOR_GOOD:
        return words._("{package} is greyed out, and no plan makes it available",
                       package=packages[0])
    assert kind is ConclusionKind.GOAL and isinstance(node, Derivation)
    where = str(node.state) or words._("nothing installed")
    return words._("the goal {goal} cannot be reached from {state}", goal=str(node.goal),
                   state=where)


def remove_texts(hint: WhatIf, words: Words = ENGLISH) -> list[str]:
    """What a hint removes, one phrase per hold and per withdrawal reason, in order."""
    phrases = [words._("the hold {hold}", hold=str(h)) for h in hint.holds]
    by_reason: dict[str | None, list[str]] = {}
    for package in hint.withdrawn:
        by_reason.setdefault(package.withdrawn, []).append(package.label)
    phrases += [words._("the withdrawal of {packages}", packages=names(labels, words))
                for labels in by_reason.values()]
    return sorted(phrases)


def action_text(action: Action, words: Words = ENGLISH) -> str:
    kind = action.kind
    if kind is ActionKind.INSTALL_FIRST:
        return words._("Install {packages} first.",
                       packages=_then(_labels(action.packages), words))
    if kind is ActionKind.NOT_OFFERED:
        return words._("Nothing to install: it is not offered.")
    if kind is ActionKind.EXCLUSIVE:
        return words._("These goals exclude each other: ask for one of them, or for versions"
                       " that can be installed together.")
    if kind is ActionKind.NEVER_DOWN:
        return words._("It can no longer be reached on this appliance: versions never go down,"
                       " and it needs versions older than those installed.")
    if kind is ActionKind.NOTHING_YOU_CONTROL:
        return words._("Nothing you control unlocks it with this catalog: check /appliance >"
                       " Updates for packages newer than the catalog lists, and add them to your"
                       " catalog.")
    assert kind is ActionKind.WITHOUT and action.what_if is not None
    t = action.what_if.plan.totals
    return words.n_("Without {remove} it can be reached in {n} install ({soak} h of soak).",
                    "Without {remove} it can be reached in {n} installs ({soak} h of soak).",
                    t.installs, remove=names(remove_texts(action.what_if, words), words),
                    soak=words.number(t.soak_hours))


def subject_text(explanation: Explanation) -> str:
    subject = explanation.subject
    return subject.label if isinstance(subject, Package) else str(subject)


# -- the tree as lines ------------------------------------------------------------------


def _shared(tree: Derivation) -> dict[Hashable, int]:
    """Keys of conclusions told more than once (or referred to), numbered in order."""
    counts: Counter[Hashable] = Counter()
    order: list[Hashable] = []

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


def _lines(tree: Derivation, bullet: str, indent: str, words: Words) -> list[str]:
    numbers = _shared(tree)
    told: set[Hashable] = set()
    lines: list[str] = []

    def walk(node: Node, depth: int, parent: Derivation | None) -> None:
        pad = indent * (depth - 1) + bullet if depth else ""
        if isinstance(node, Fact):
            lines.append(pad + words.sentence(fact_text(node, words, parent)))
            return
        text = words.sentence(conclusion_text(node, words))
        if isinstance(node, Ref):
            lines.append(pad + words._("{conclusion} (see [{n}]: a circular dependency: it"
                                       " depends on itself)", conclusion=text,
                                       n=numbers.get(node.key, "?")))
            return
        if node.key in told:
            lines.append(pad + words._("{conclusion} (see [{n}])", conclusion=text,
                                       n=numbers[node.key]))
            return
        told.add(node.key)
        mark = f"[{numbers[node.key]}] " if node.key in numbers else ""
        lines.append(pad + mark + words._("{conclusion}, because:", conclusion=text))
        for cause in node.causes:
            walk(cause, depth + 1, node)

    walk(tree, 0, None)
    return lines


def render_explanation(explanation: Explanation, fmt: str, words: Words = ENGLISH) -> str:
    if fmt == "json":
        return dump(explanation_data(explanation))
    markdown = fmt == "markdown"
    lines = _lines(explanation.tree, "- ", "  ", words)
    if markdown:
        lines[0] = f"**{lines[0]}**"
    what_to_do = words._("What to do:")
    lines += ["", f"{f'**{what_to_do}**' if markdown else what_to_do}"
                  f" {action_text(explanation.action, words)}"]
    if len(explanation.what_if) > 1:
        what_if = words._("What if:")
        lines += ["", f"**{what_if}**" if markdown else what_if]
        for hint in explanation.what_if:
            t = hint.plan.totals
            removed = _together_phrases(remove_texts(hint, words), words)
            lines.append(("- " if markdown else "  - ") + words._(
                "without {remove}: reachable in {installs} installs, {soak} h of soak",
                remove=removed, installs=words.number(t.installs),
                soak=words.number(t.soak_hours)))
    return "\n".join(lines)


def _together_phrases(phrases: Sequence[str], words: Words) -> str:
    """``a and b and c``: every phrase of a hint is removed at once."""
    text = phrases[0] if phrases else ""
    for phrase in phrases[1:]:
        text = words._("{rest} and {last}", rest=text, last=phrase)
    return text


# -- JSON (language-neutral: English words beside the typed fields) -----------------------


def _fact_data(fact: Fact, parent: Derivation | None) -> dict[str, Any]:
    data: dict[str, Any] = {"fact": str(fact.kind), "text": fact_text(fact, ENGLISH, parent)}
    if fact.family is not None:
        data["family"] = fact.family
    if fact.requirements:
        data["requirement"] = _together(fact.requirements, ENGLISH)
    if fact.version is not None:
        data["version"] = str(fact.version)
    if fact.packages:
        data["packages"] = _labels(fact.packages)
    if fact.needs:
        data["needs"] = [{"family": n.requirement.family,
                          "requirement": format_specifier(n.requirement.specifier),
                          "of": None if n.of is None or n.of.package is None
                          else n.of.package.label} for n in fact.needs]
    if fact.advisories:
        data["advisories"] = [a.id for a in fact.advisories]
    if fact.conflicts:
        data["conflicts"] = [{"package": c.package.label, "family": c.requirement.family,
                              "works_with": format_specifier(c.requirement.specifier),
                              "installed": str(c.installed)} for c in fact.conflicts]
    return data


def _node_data(node: Node, numbers: dict[Hashable, int], told: set[Hashable],
               parent: Derivation | None = None) -> dict[str, Any]:
    if isinstance(node, Fact):
        return _fact_data(node, parent)
    if isinstance(node, Ref) or node.key in told:
        return {"ref": numbers.get(node.key), "conclusion": conclusion_text(node)}
    told.add(node.key)
    data: dict[str, Any] = {"conclusion": conclusion_text(node),
                            "because": [_node_data(c, numbers, told, node) for c in node.causes]}
    if node.key in numbers:
        data = {"id": numbers[node.key], **data}
    return data


def explanation_data(explanation: Explanation) -> dict[str, Any]:
    tree = explanation.tree
    return {
        "subject": subject_text(explanation),
        "tree": _node_data(tree, _shared(tree), set()),
        "action": action_text(explanation.action),
        "what_if": [
            {"remove": remove_texts(h), "installs": h.plan.totals.installs,
             "soak_hours": h.plan.totals.soak_hours,
             "install_minutes": h.plan.totals.install_minutes,
             "plan": [s.package.label for s in h.plan.steps]}
            for h in explanation.what_if
        ],
    }


# -- what a plan leaves out -----------------------------------------------------------


def skipped_data(items: tuple[Skipped, ...]) -> list[dict[str, Any]]:
    out = []
    for item in items:
        reason = item.reason
        tree = (_node_data(reason, _shared(reason), set()) if isinstance(reason, Derivation)
                else _node_data(reason, {}, set()))
        out.append({"package": item.package.label, "reason": tree})
    return out


def _summary_text(item: Skipped, words: Words) -> str:
    """The left-out package's most telling reason (``Skipped.summary``), in a few words."""
    leaf = item.summary
    if not isinstance(leaf, Fact):
        return conclusion_text(leaf, words)
    if item.package in leaf.packages:
        # The reason is about the package itself: said once for the group.
        if leaf.kind is FactKind.HOLD:
            return words._("excluded by the hold {hold}", hold=str(leaf.requirements[0]))
        if leaf.kind is FactKind.TRADE_OFF:
            return words._("can be reached, but only in states that give up a newer version"
                           " of a more important family")
    return fact_text(leaf, words)


def skipped_lines(items: tuple[Skipped, ...], markdown: bool = False,
                  words: Words = ENGLISH) -> list[str]:
    """One line per reason: the left-out packages and the most telling leaf of their tree."""
    groups: dict[tuple[str, str], list[str]] = {}
    for item in items:
        groups.setdefault((item.package.family, _summary_text(item, words)),
                          []).append(item.package.label)
    lines = []
    for (_, reason), labels in groups.items():
        shown = ", ".join(labels) if len(labels) <= 3 else words._(
            "{first} … {last} ({n} packages)", first=labels[0], last=labels[-1],
            n=words.number(len(labels)))
        lines.append(f"{'- ' if markdown else '  - '}{shown}: {reason}")
    return lines


def write_explanation(explanation: Explanation, fmt: str, words: Words) -> str:
    return render_explanation(explanation, fmt, words)
