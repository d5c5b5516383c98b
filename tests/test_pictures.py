"""Pictures of a schedule or a runbook (issue 14): the Mermaid gantt chart of the
Markdown, and the HTML report with its inline SVG timeline.

The outputs themselves are golden files (tests/cases/pictures.toml, compared by
tests/test_cases.py); this checks what Mermaid and browsers need of them: the gantt
grammar, line by line, in every golden Markdown file; HTML that parses with balanced
tags, one bar per install and per soak with its tooltip, nothing fetched from the
network, hostile text escaped; and, where Chromium is installed, a screenshot that is
not blank.
"""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import zlib
from collections import Counter
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import golden
import pytest

from bomgar_paths import load_bundled, render
from bomgar_paths.catalog import load
from bomgar_paths.planner import plan
from bomgar_paths.render.gantt import MAX_ROUNDS, MAX_TASKS, escape
from bomgar_paths.runbook import Action, runbook
from bomgar_paths.scheduling import schedule
from bomgar_paths.topology import Topology
from bomgar_paths.windows import Windows

START = "2026-12-05T01:00+03:00"
PICTURES = {c.name: c for c in golden.all_cases() if c.path.stem == "pictures"}
MARKDOWN = [pytest.param(c, id=c.id) for c in golden.all_cases()
            if c.kind == "command" and "markdown" in c.formats]
HTML = [pytest.param(c, id=c.id) for c in golden.all_cases()
        if c.kind == "command" and "html" in c.formats]

# -- the gantt grammar ------------------------------------------------------------------

# The statements a chart of ours may have (mermaid's gantt.jison), and a task line:
# a name without ':', '#' or ';', then its tags, id, start (dateFormat) and duration.
_STATEMENTS = (re.compile(r"title [^#;\n]+"), re.compile(r"dateFormat YYYY-MM-DD HH:mm"),
               re.compile(r"axisFormat (%[a-zA-Z][-.: ]?)+"), re.compile(r"todayMarker off"),
               re.compile(r"section [^#:;\n]+"))
_TASK = re.compile(r"(?P<name>[^:#;\n]+?) :(?P<tags>active, )?(?P<id>[a-z][a-z0-9]*),"
                   r" (?P<start>\d{4}-\d\d-\d\d \d\d:\d\d), (?P<duration>\d+[mhd])")
_KEYWORDS = ("title", "dateformat", "axisformat", "section", "todaymarker", "excludes",
             "includes", "click", "acctitle", "accdescr", "gantt", "topaxis", "weekday",
             "tickinterval", "inclusiveenddates", "displaymode", "weekend")


def gantt_blocks(markdown: str) -> list[list[str]]:
    """The lines of each fenced ``mermaid`` block."""
    return [block.split("\n") for block in re.findall(r"^```mermaid\n(.*?)\n```$", markdown,
                                                      re.S | re.M)]


def check_gantt(lines: list[str]) -> Counter[str]:
    """Every line is a statement of the documented form; returns the count of each kind
    (title, section, install, soak...). Raises AssertionError naming the bad line."""
    assert lines[0] == "gantt", lines[0]
    kinds: Counter[str] = Counter()
    ids: set[str] = set()
    for line in lines[1:]:
        assert line.startswith("    ") and not line[4].isspace(), f"indent: {line!r}"
        text = line[4:]
        statement = next((p for p in _STATEMENTS if p.fullmatch(text)), None)
        if statement is not None:
            kinds[text.split()[0]] += 1
            continue
        task = _TASK.fullmatch(text)
        assert task is not None, f"not a gantt statement: {line!r}"
        name = task["name"]
        assert "%%" not in name and "`" not in name, line
        assert not name.lower().startswith(_KEYWORDS), f"a keyword starts {name!r}"
        assert task["id"] not in ids, f"id twice: {task['id']}"
        ids.add(task["id"])
        datetime.strptime(task["start"], "%Y-%m-%d %H:%M")  # a real date and time
        kinds["soak" if task["tags"] else "install"] += 1
    assert kinds["title"] == kinds["dateFormat"] == kinds["axisFormat"] == 1, kinds
    assert kinds["section"] >= 1 and kinds["install"] >= 1, kinds
    return kinds


@pytest.mark.parametrize("bad", [
    "    Site: 2 :i1, 2026-12-05 01:00, 45m",  # a colon in the name
    "    Site #2 :i1, 2026-12-05 01:00, 45m",
    "    Site 2; x :i1, 2026-12-05 01:00, 45m",
    "    section Round 1: Site 2",
    "    title Site 2 install :i1, 2026-12-05 01:00, 45m",  # a keyword starts the name
    "    Site 2 :i1, 2026-13-05 01:00, 45m",  # no 13th month
    "    Site 2 :i1, 2026-12-05 01:00, 45 minutes",
])
def test_the_syntax_check_rejects_what_breaks_mermaid(bad: str) -> None:
    lines = ["gantt", "    title t", "    dateFormat YYYY-MM-DD HH:mm", "    axisFormat %m-%d",
             "    section s", "    ok :i0, 2026-12-05 01:00, 45m", bad]
    with pytest.raises((AssertionError, ValueError)):
        check_gantt(lines)


@pytest.mark.parametrize("case", MARKDOWN)
def test_every_golden_gantt_chart_has_mermaids_structure(case: golden.Case) -> None:
    text = case.expected_file("markdown").read_text(encoding="utf-8")
    if "Nothing to install" in text or not (text.startswith(("#", "##"))) or (
            case.data.get("exit", 0) != 0):
        assert not gantt_blocks(text)
        return
    blocks = gantt_blocks(text)
    if case.data["args"].startswith(("schedule", "runbook")):
        assert len(blocks) == 1
    for block in blocks:
        check_gantt(block)


def test_the_schedule_chart_has_a_task_per_install_and_per_soak() -> None:
    case = PICTURES["schedule_weekly"]
    kinds = check_gantt(gantt_blocks(case.expected_file("markdown").read_text("utf-8"))[0])
    # The guide's example: 21 installs, 15 of them Bomgar- packages with a 24 h soak, in
    # 15 rounds (a Base install goes with the site package after it).
    assert (kinds["install"], kinds["soak"], kinds["section"]) == (21, 15, 15)


def test_the_no_soak_chart_has_no_soak() -> None:
    case = PICTURES["schedule_no_soak"]
    kinds = check_gantt(gantt_blocks(case.expected_file("markdown").read_text("utf-8"))[0])
    assert kinds["soak"] == 0 and kinds["install"] == 3


def test_names_are_escaped_for_mermaid() -> None:
    hostile = "Site: <b>#1; %%{x}\nnext`line"
    text = escape(hostile)
    assert not set(text) & set(":#;`\n") and "%%" not in text
    assert "<b>" in text  # Mermaid writes task names as text, not markup
    assert escape("title x").startswith("\u00b7 ") and escape("Section 2").startswith("\u00b7 ")
    assert escape("Bomgar-12.3.0") == "Bomgar-12.3.0"
    assert escape("a %%%% b") == "a % b"


def test_a_hostile_label_keeps_the_chart_valid() -> None:
    text = PICTURES["hostile"].expected_file("markdown").read_text("utf-8")
    (block,) = gantt_blocks(text)
    kinds = check_gantt(block)
    assert kinds["install"] == 4  # A, B and the two traffic nodes
    assert any(line.lstrip().startswith("\u00b7 title ") for line in block)


def _forty_nodes_runbook() -> object:
    topology = Topology.atlas("base=3.2.4,bomgar=11.1.2", {"eu": 20, "us": 20}, failover=False)
    return runbook(load_bundled(), topology, START, tz="Europe/Istanbul")


def test_an_atlas_runbook_of_forty_nodes_and_fifteen_rounds_is_folded() -> None:
    made = _forty_nodes_runbook()
    text = render.render(made, "markdown", "en")
    (block,) = gantt_blocks(text)
    kinds = check_gantt(block)
    assert len(made.rounds) == 15  # type: ignore[attr-defined]
    # Each round: the 40 traffic nodes as one bar, the master, the soak.
    assert (kinds["section"], kinds["install"], kinds["soak"]) == (15, 30, 15)
    assert kinds["install"] + kinds["soak"] <= MAX_TASKS
    assert len("\n".join(block)) < 50_000  # Mermaid's default maxTextSize
    assert ("Folded in the chart: the traffic nodes of 15 rounds are one bar each (40"
            " traffic nodes") in text
    assert text.count("- [ ] **") > 800  # the steps still list every install


def _long_catalog(tmp_path: Path, versions: int) -> Path:
    path = tmp_path / "long.toml"
    path.write_text('[family.site]\nlabel = "Site {version}"\nsoak_hours = 24\n'
                    "install_minutes = 30\nclients_update = true\n"
                    + "".join(f'[[package]]\nfamily = "site"\nversion = "{v}"\n'
                              f'requires = {{ site = ">={v - 1}" }}\n'
                              for v in range(2, versions + 2)), encoding="utf-8")
    return path


def test_a_long_schedule_is_drawn_a_bar_a_round_and_the_rest_left_out(tmp_path: Path) -> None:
    catalog = load(_long_catalog(tmp_path, MAX_ROUNDS + 10))
    made = schedule(plan(catalog, "site=1"), START)
    assert len(made.steps) == MAX_ROUNDS + 10
    text = render.render(made, "markdown", "en")
    (block,) = gantt_blocks(text)
    kinds = check_gantt(block)
    assert (kinds["section"], kinds["install"], kinds["soak"]) == (MAX_ROUNDS,) * 3
    assert "each round is one bar of its installs (60 installs in 60 rounds)" in text
    assert "Left out of the chart: rounds 51-60 (it shows the first 50 of 60)." in text


def test_a_schedule_within_the_limit_is_not_folded(tmp_path: Path) -> None:
    catalog = load(_long_catalog(tmp_path, MAX_TASKS // 2))
    text = render.render(schedule(plan(catalog, "site=1"), START), "markdown", "en")
    kinds = check_gantt(gantt_blocks(text)[0])
    assert kinds["install"] == kinds["soak"] == MAX_TASKS // 2
    assert "Folded" not in text


def test_chart_times_are_wall_times_in_the_display_zone() -> None:
    made = schedule(plan(load_bundled(), "base=3.2.4,bomgar=11.1.2", "bomgar<13"),
                    "2026-12-04T22:00Z", tz="Europe/Istanbul")
    (block,) = gantt_blocks(render.render(made, "markdown", "en"))
    assert "    title Upgrade schedule, times in Europe/Istanbul" in block
    assert "    Base Software 3.3.2 :i1, 2026-12-05 01:00, 30m" in block
    assert "    Soak after Bomgar-12.3.0 :active, s2, 2026-12-05 02:15, 24h" in block


# -- the HTML report -----------------------------------------------------------------

_VOID = {"meta", "br", "link", "img", "input", "hr", "wbr", "source", "col", "area", "base"}


class _Page(HTMLParser):
    """Tag balance, the SVG's rects (class, and whether a <title> is inside), the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: Counter[str] = Counter()
        self.rects: list[list[str]] = []  # [class, title text]
        self.html_lang: str | None = None
        self.doctype = ""
        self.attributes: list[tuple[str, str]] = []
        self.in_style = False
        self.style = ""
        self.text: list[str] = []

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        self.attributes += [(name, value or "") for name, value in attrs]
        if tag == "html":
            self.html_lang = dict(attrs).get("lang")
        if tag == "rect":
            self.rects.append([dict(attrs).get("class") or "", ""])
        if tag == "title" and self.stack and self.stack[-1] == "rect":
            self.rects[-1][1] = "pending"
        self.in_style = tag == "style"
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        self.attributes += [(name, value or "") for name, value in attrs]

    def handle_endtag(self, tag: str) -> None:
        assert tag not in _VOID, f"</{tag}>"
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()
        self.in_style = False

    def handle_data(self, data: str) -> None:
        if self.in_style:
            self.style += data
            return
        self.text.append(data)
        if self.rects and self.rects[-1][1] == "pending":
            self.rects[-1][1] = data


def parse(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    page.close()
    assert not page.stack, f"not closed: {page.stack}"
    assert page.doctype.lower() == "doctype html"
    return page


def _json(case: golden.Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    out, status = case.run("json", tmp_path, monkeypatch)
    assert status == 0
    data: dict[str, object] = json.loads(out)
    return data


@pytest.mark.parametrize("case", HTML)
def test_the_report_parses_and_every_bar_has_a_tooltip(case: golden.Case) -> None:
    text = case.expected_file("html").read_text(encoding="utf-8")
    page = parse(text)
    assert page.html_lang == ("tr" if "--lang tr" in case.data["args"] else "en")
    assert page.tags["svg"] == 1 and page.tags["style"] == 1
    assert page.tags["h1"] == 1 and page.tags["title"] >= 1
    assert all(title not in ("", "pending") for _, title in page.rects)
    assert {kind for kind, _ in page.rects} <= {"install", "soak", "window"}


@pytest.mark.parametrize("case", HTML)
def test_the_report_fetches_nothing(case: golden.Case) -> None:
    text = case.expected_file("html").read_text(encoding="utf-8")
    page = parse(text)
    assert not page.tags["script"] and not page.tags["link"] and not page.tags["img"]
    for name, value in page.attributes:
        assert name not in ("src", "href", "srcset", "xlink:href"), (name, value)
        assert "//" not in value, (name, value)
    assert "@import" not in page.style and "url(" not in page.style
    assert "http://" not in text and "https://" not in text
    assert "@media print" in page.style


def test_the_schedule_report_has_a_bar_per_install_and_per_soak(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = PICTURES["schedule_weekly"]
    data = _json(case, tmp_path, monkeypatch)
    steps = data["steps"]
    assert isinstance(steps, list)
    page = parse(case.expected_file("html").read_text(encoding="utf-8"))
    kinds = Counter(kind for kind, _ in page.rects)
    assert kinds["install"] == len(steps) == 21
    assert kinds["soak"] == sum(1 for s in steps if s["soak_until"]) == 15
    # Saturday windows from 5 December 2026 to the last soak's end on 14 March 2027.
    assert kinds["window"] == 15
    tips = [title for kind, title in page.rects if kind == "install"]
    assert tips[0] == ("Install Base Software 3.3.2: Sat 2026-12-05 01:00 +03:00 to"
                       " Sat 2026-12-05 01:30 +03:00")
    assert "Client follow-up" in page.text


@pytest.mark.parametrize("name", ["runbook_pair", "runbook_atlas", "hostile"])
def test_the_runbook_report_has_a_bar_per_appliance_install_and_per_soak(
        name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = PICTURES[name]
    data = _json(case, tmp_path, monkeypatch)
    rounds = data["rounds"]
    assert isinstance(rounds, list)
    installs = Counter(who for r in rounds for s in r["steps"] if s["action"] == "install"
                       for who in [s["appliance"], *s.get("nodes", [])])
    page = parse(case.expected_file("html").read_text(encoding="utf-8"))
    kinds = Counter(kind for kind, _ in page.rects)
    assert kinds["install"] == sum(installs.values())
    assert kinds["soak"] == sum(1 for r in rounds if r["soak_until"])
    for who, n in installs.items():
        assert sum(f" {who} installs " in t for k, t in page.rects if k == "install") == n
    steps = sum(len(r["steps"]) for r in rounds)
    assert page.tags["li"] >= steps  # each step, with its page and check
    assert sum("Check: " in t for t in page.text) == steps


def test_hostile_text_is_escaped() -> None:
    text = PICTURES["hostile"].expected_file("html").read_text(encoding="utf-8")
    page = parse(text)
    assert page.tags["script"] == 0
    body = "".join(page.text)
    assert "<script>alert(1)</script>" in body  # shown as text
    assert "Site: <b>#1; %%3 & co</b>" in body
    assert "<script>" not in text and "<b>&" not in text and "onload='" not in text
    assert "&lt;script&gt;" in text
    assert not any(name == "onload" for name, _ in page.attributes)


def test_the_topology_loader_refuses_markup_in_a_name(tmp_path: Path) -> None:
    from bomgar_paths.topology import TopologyError, load_topology  # noqa: PLC0415

    path = tmp_path / "t.toml"
    path.write_text('[deployment]\nkind = "single"\n[[appliance]]\nname = "<b>"\n'
                    'role = "appliance"\nstate = "base=3.2.4"\n', encoding="utf-8")
    with pytest.raises(TopologyError, match="invalid name"):
        load_topology(path)


def test_the_library_renders_html_and_refuses_it_for_a_plan() -> None:
    made = plan(load_bundled(), "base=3.2.4,bomgar=11.1.2", "bomgar<13")
    with pytest.raises(ValueError, match="expected one of"):
        render.render(made, "html")
    page = parse(render.render(schedule(made, START), "html", "tr"))
    assert page.html_lang == "tr"
    assert "Zaman çizelgesi" in page.text


def test_an_empty_schedule_has_no_chart_and_no_timeline() -> None:
    made = schedule(plan(load_bundled(), "base=7.2.1,bomgar=26.3.0"), START)
    assert not gantt_blocks(render.render(made, "markdown"))
    page = parse(render.render(made, "html"))
    assert page.tags["svg"] == 0


def test_an_unreachable_goal_in_html_is_told_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    from bomgar_paths.cli import main  # noqa: PLC0415

    status = main(["schedule", "--from", "base=3.2.4,bomgar=11.1.2", "--to", "bomgar>=99",
                   "--start", START, "--format", "html"])
    assert status == 1
    assert "<html" not in capsys.readouterr().out


def test_the_forty_node_report_draws_every_install(tmp_path: Path) -> None:
    made = _forty_nodes_runbook()
    text = render.render(made, "html", "en")
    page = parse(text)
    installs = sum(1 + len(s.nodes) for r in made.rounds for s in r.steps  # type: ignore[attr-defined]
                   if s.action is Action.INSTALL)
    assert Counter(k for k, _ in page.rects)["install"] == installs


def test_windows_are_drawn_behind_the_bars() -> None:
    windows = Windows.parse("daily 01:00-05:00", "Europe/Istanbul")
    made = schedule(plan(load_bundled(), "base=3.2.4,bomgar=11.1.2", "bomgar<14"), START,
                    windows=windows)
    text = render.render(made, "html")
    page = parse(text)
    assert text.index('class="window"') < text.index('class="install"')
    # Bomgar-13.1.2 fits the window of 6 December once the soak ends at 02:15; its own
    # soak ends on 7 December at 03:00: the windows of 5, 6 and 7 December are drawn.
    assert made.steps[-1].start.isoformat() == "2026-12-05T23:15:00+00:00"
    assert Counter(k for k, _ in page.rects)["window"] == 3


# -- a browser ---------------------------------------------------------------------------


def _chromium() -> str | None:
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of raw RGB(A) bytes) of an 8-bit PNG, filters undone."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, idat, width, height, channels = 8, b"", 0, 0, 0
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        chunk = data[at + 8:at + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and color in (2, 6)
            channels = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        at += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        begin = y * (stride + 1)
        kind, line = raw[begin], bytearray(raw[begin + 1:begin + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc
                                      else corner)) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, rows


def test_the_png_reader_undoes_the_filters() -> None:
    """The screenshot's reader, on a 2x2 PNG whose second row is Sub-filtered."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(
            ">I", zlib.crc32(kind + body))

    raw = b"\x00" + bytes([255, 0, 0, 0, 255, 0]) + b"\x01" + bytes([1, 2, 3, 1, 1, 1])
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    assert _png_pixels(png) == (2, 2, [bytes([255, 0, 0, 0, 255, 0]),
                                       bytes([1, 2, 3, 2, 3, 4])])


@pytest.mark.skipif(_chromium() is None, reason="Chromium is not installed (/usr/bin/chromium"
                    " or chromium on PATH): the report was not rendered in a browser")
def test_chromium_draws_the_report(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_bytes(PICTURES["schedule_weekly"].expected_file("html").read_bytes())
    shot = tmp_path / "shot.png"
    chromium = _chromium()
    assert chromium is not None
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                    "--hide-scrollbars", "--window-size=1000,900", f"--screenshot={shot}",
                    page.as_uri()], check=True, capture_output=True, timeout=120)
    width, height, rows = _png_pixels(shot.read_bytes())
    assert (width, height) == (1000, 900)
    channels = len(rows[0]) // width
    colours = Counter(rows[y][x * channels:x * channels + 3] for y in range(0, height, 3)
                      for x in range(0, width, 3))
    # Not blank: besides the white page, the text and the bars (the install blue among them).
    assert len(colours) > 20
    assert colours.most_common(1)[0][1] < 0.97 * sum(colours.values())
