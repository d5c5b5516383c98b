"""The message catalogs: extract the messages, merge them into each ``.po``, compile ``.mo``.

Run ``python -m bomgar_paths._i18n`` after changing a message: it finds every
``words._("...")`` and ``words.n_("...", "...", n)`` in the package (and
``N_("...")``, a message named in a table and translated later), plus
argparse's own messages (usage, errors, ``--help``), which the command line
shows through the same catalog; it adds new messages to each
``locale/<lang>/LC_MESSAGES/bomgar_paths.po`` (untranslated), marks the ones no
longer used as obsolete (``#~``), and compiles each ``.po`` into its ``.mo``.
``tests/test_i18n.py`` fails on a message without a translation and on a
``.mo`` that differs from its ``.po``. Pure Python: no GNU gettext tools needed.
"""

from __future__ import annotations

import argparse
import ast
import struct
import sys
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
LOCALE = PACKAGE / "locale"
DOMAIN = "bomgar_paths"

# (msgid, msgid_plural or None); the plural form's key is the pair.
Message = tuple[str, str | None]


def messages_in(source: str, singular: frozenset[str], plural: frozenset[str]) -> Iterator[
        Message]:
    """The messages that ``source`` passes to the functions named ``singular`` / ``plural``."""
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        args = node.args
        if name in singular and _text(args[0]) is not None:
            yield _text(args[0]), None  # type: ignore[misc]
        elif name in plural and len(args) >= 2 and None not in (_text(args[0]),
                                                                 _text(args[1])):
            yield _text(args[0]), _text(args[1])  # type: ignore[misc]


def _text(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def project_messages() -> list[Message]:
    """Every message of the package, in the order the files and lines give them."""
    found: dict[Message, None] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name in ("_i18n.py", "_bundled.py"):
            continue
        for message in messages_in(path.read_text(encoding="utf-8"),
                                   frozenset({"_", "N_"}), frozenset({"n_"})):
            found[message] = None
    return list(found)


def argparse_messages() -> list[Message]:
    """argparse's own messages, as this Python's argparse writes them."""
    source = Path(argparse.__file__).read_text(encoding="utf-8")
    return list(dict.fromkeys(messages_in(source, frozenset({"_"}), frozenset({"ngettext"}))))


def all_messages() -> list[Message]:
    return list(dict.fromkeys([*project_messages(), *argparse_messages()]))


# -- .po files -------------------------------------------------------------------


class PoEntry:
    __slots__ = ("comments", "msgid", "msgid_plural", "msgstr", "obsolete")

    def __init__(self, msgid: str, msgid_plural: str | None, msgstr: list[str],
                 comments: list[str], obsolete: bool = False) -> None:
        self.msgid, self.msgid_plural, self.msgstr = msgid, msgid_plural, msgstr
        self.comments, self.obsolete = comments, obsolete

    @property
    def key(self) -> Message:
        return self.msgid, self.msgid_plural

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr) and "fuzzy" not in " ".join(
            self.comments)


def read_po(text: str) -> list[PoEntry]:
    """The entries of a ``.po`` file (the subset of the format this project writes)."""
    entries: list[PoEntry] = []
    comments: list[str] = []
    fields: dict[str, list[str]] = {}
    last: str | None = None
    obsolete = False

    def flush() -> None:
        nonlocal comments, fields, last, obsolete
        if "msgid" in fields:
            plural = "".join(fields["msgid_plural"]) if "msgid_plural" in fields else None
            strs = ["".join(fields[k]) for k in sorted(f for f in fields if f.startswith(
                "msgstr"))]
            entries.append(PoEntry("".join(fields["msgid"]), plural, strs, comments, obsolete))
        comments, fields, last, obsolete = [], {}, None, False

    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("#~"):
            obsolete = True
            line = line[2:].strip()
        elif line.startswith("#"):
            if fields:
                flush()
            comments.append(raw)
            continue
        if not line:
            flush()
            continue
        if line.startswith('"'):
            if last is None:
                raise ValueError(f"a string outside an entry: {raw!r}")
            fields[last].append(ast.literal_eval(line))
            continue
        keyword, _, rest = line.partition(" ")
        keyword = keyword.replace("[", "").replace("]", "")  # msgstr[0] -> msgstr0
        if keyword == "msgid" and "msgid" in fields:
            flush()
        last = keyword
        fields[keyword] = [ast.literal_eval(rest)]
    flush()
    return entries


def _quote(text: str) -> str:
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\t", "\\t"))
    return f'"{escaped}"'


def _field(keyword: str, text: str, prefix: str = "") -> list[str]:
    if "\n" in text.rstrip("\n"):  # several lines: one string per line, as msgmerge writes
        parts = text.splitlines(keepends=True)
        return [f'{prefix}{keyword} ""', *(prefix + _quote(p) for p in parts)]
    return [f"{prefix}{keyword} {_quote(text)}"]


def write_po(entries: list[PoEntry]) -> str:
    out: list[str] = []
    for entry in entries:
        prefix = "#~ " if entry.obsolete else ""
        out += entry.comments
        out += _field("msgid", entry.msgid, prefix)
        if entry.msgid_plural is None:
            out += _field("msgstr", entry.msgstr[0] if entry.msgstr else "", prefix)
        else:
            out += _field("msgid_plural", entry.msgid_plural, prefix)
            strs = entry.msgstr or ["", ""]
            for n, text in enumerate(strs):
                out += _field(f"msgstr[{n}]", text, prefix)
        out.append("")
    return "\n".join(out)


def merge(entries: list[PoEntry], messages: list[Message]) -> list[PoEntry]:
    """``entries`` updated to ``messages``: new ones added, unused ones made obsolete."""
    by_key = {e.key: e for e in entries if e.msgid}
    header = [e for e in entries if not e.msgid]
    merged = []
    for key in messages:
        entry = by_key.pop(key, None)
        if entry is None:
            entry = PoEntry(key[0], key[1], [] if key[1] is None else ["", ""], [])
        entry.obsolete = False
        merged.append(entry)
    for entry in by_key.values():
        if entry.translated:  # a translation may come back: keep it, out of the way
            entry.obsolete = True
            merged.append(entry)
    return header + merged


# -- .mo files -------------------------------------------------------------------


def compile_mo(entries: list[PoEntry]) -> bytes:
    """The GNU ``.mo`` file of the translated, current entries (and the header)."""
    pairs: dict[bytes, bytes] = {}
    for entry in entries:
        # The header (msgid "") is always kept; other entries only when translated.
        if entry.msgid and (entry.obsolete or not entry.translated):
            continue
        key = entry.msgid if entry.msgid_plural is None else (
            entry.msgid + "\0" + entry.msgid_plural)
        pairs[key.encode()] = "\0".join(entry.msgstr).encode()
    keys = sorted(pairs)
    ids = b"".join(k + b"\0" for k in keys)
    strs = b"".join(pairs[k] + b"\0" for k in keys)
    n = len(keys)
    start_ids = 7 * 4
    start_strs = start_ids + n * 8
    data_start = start_strs + n * 8
    id_table, str_table = [], []
    offset = data_start
    for k in keys:
        id_table += [len(k), offset]
        offset += len(k) + 1
    for k in keys:
        str_table += [len(pairs[k]), offset]
        offset += len(pairs[k]) + 1
    header = struct.pack("Iiiiiii", 0x950412DE, 0, n, start_ids, start_strs, 0, 0)
    return (header + struct.pack(f"{2 * n}i", *id_table) + struct.pack(f"{2 * n}i", *str_table)
            + ids + strs)


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def languages() -> list[str]:
    return sorted(p.name for p in LOCALE.iterdir() if (p / "LC_MESSAGES").is_dir())


def update(language: str) -> tuple[int, int]:
    """Merge the messages into ``language``'s ``.po`` and compile it: (messages, untranslated)."""
    path = po_path(language)
    entries = merge(read_po(path.read_text(encoding="utf-8")), all_messages())
    path.write_text(write_po(entries), encoding="utf-8")
    path.with_suffix(".mo").write_bytes(compile_mo(entries))
    current = [e for e in entries if e.msgid and not e.obsolete]
    return len(current), sum(not e.translated for e in current)


def main() -> int:
    for language in languages():
        total, missing = update(language)
        print(f"{po_path(language).relative_to(PACKAGE.parent)}: {total} messages,"
              f" {missing} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
