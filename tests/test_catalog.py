"""The catalog loader (DESIGN §2.1, issue 2): good catalogs load, bad ones get clear errors."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest
from packaging.version import Version

from bomgar_paths import _prepare
from bomgar_paths.catalog import Catalog, bundled_path, check, load, load_bundled
from bomgar_paths.errors import CatalogError, CatalogProblem, Code, InputError, Reason
from bomgar_paths.model import Family, Package, State
from bomgar_paths.render import unmet_text
from bomgar_paths.render.messages import shown as _shown
from bomgar_paths.updates import offers

FAMILIES = """\
[family.base]
label = "Base Software {version}"
install_minutes = 30
priority = 2

[family.bomgar]
label = "Bomgar-{version}"
soak_hours = 24
install_minutes = 45
priority = 1
"""

GOOD = FAMILIES + """
[[package]]
family = "base"
version = "3.3.2"
requires = { bomgar = ">=11.1" }

[[package]]
family = "bomgar"
version = "12.2.0"
requires = { base = ">=3.3.2", bomgar = ">=11.1" }
released = 2012-10-01
source = "upgrade guide"
"""
FAMILY_LINES = FAMILIES.count("\n")  # packages appended to FAMILIES start after this line


def write(tmp_path: Path, text: str | bytes, name: str = "catalog.toml") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def only_problem(path: Path) -> CatalogProblem:
    """The one problem of ``path``; ``load`` must fail with it as well."""
    problems = check(path)
    assert len(problems) == 1, problems
    with pytest.raises(CatalogError) as caught:
        load(path)
    assert caught.value.problems == tuple(problems)
    return problems[0]


# -- a good catalog ----------------------------------------------------------


def test_a_good_catalog_loads(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    catalog = load(path)
    assert check(path) == []
    assert catalog.family_order() == ["bomgar", "base"]  # priority 1 before 2
    assert [p.label for p in catalog.packages] == ["Bomgar-12.2.0", "Base Software 3.3.2"]
    site = catalog.package("bomgar", Version("12.2"))
    assert site is not None
    assert [str(r) for r in site.requires] == ["base>=3.3.2", "bomgar>=11.1"]
    assert (site.soak_hours, site.install_minutes) == (24, 45)  # the family's defaults
    assert site.released is not None and site.released.isoformat() == "2012-10-01"
    assert site.source == "upgrade guide"
    base = catalog.package("base", Version("3.3.2"))
    assert base is not None and (base.soak_hours, base.install_minutes) == (0, 30)
    assert catalog.source == str(path)
    assert catalog.digest.startswith("sha256:") and len(catalog.digest) == 7 + 64


def test_package_overrides_and_defaults(tmp_path: Path) -> None:
    path = write(tmp_path, """\
[family.addon]

[[package]]
family = "addon"
version = "1.0"
soak_hours = 2.5
install_minutes = 0
withdrawn = "pulled"
notes = "a note"
""")
    catalog = load(path)
    family = catalog.families["addon"]
    assert (family.label, family.soak_hours, family.install_minutes, family.priority) == (
        "addon {version}", 0, 30, 100)
    assert family.clients_update is False
    (package,) = catalog.packages
    assert package.label == "addon 1.0"
    assert (package.soak_hours, package.install_minutes) == (2.5, 0)
    assert (package.withdrawn, package.notes) == ("pulled", "a note")


def test_label_templates_may_use_family_and_literal_braces(tmp_path: Path) -> None:
    path = write(tmp_path, '[family.addon]\nlabel = "{family} {{x}} {version}"\n\n'
                 '[[package]]\nfamily = "addon"\nversion = "1.0"\n')
    catalog = load(path)
    assert [p.label for p in catalog.packages] == ["addon {x} 1.0"]
    assert catalog.label("addon", Version("2")) == "addon {x} 2"


def test_vendor_spelling_loads_normalised_and_keeps_its_label(tmp_path: Path) -> None:
    path = write(tmp_path, FAMILIES + """
[[package]]
family = "bomgar"
version = "14.3.3"

[[package]]
family = "bomgar"
version = "14.3.3fips"
requires = { bomgar = ">=14.3" }
""")
    catalog = load(path)
    fips = catalog.package("bomgar", Version("14.3.3+fips"))
    assert fips is not None
    assert fips.label == "Bomgar-14.3.3fips"
    assert fips.spelling == "14.3.3fips"
    labels = [p.label for p in catalog.packages_of("bomgar")]
    assert labels == ["Bomgar-14.3.3", "Bomgar-14.3.3fips"]


def test_digest_depends_on_content_not_on_location(tmp_path: Path) -> None:
    one = write(tmp_path / "one", GOOD, "cat/main.toml").parent
    two = write(tmp_path / "two", GOOD, "cat/main.toml").parent
    assert load(one).digest == load(two).digest
    write(tmp_path / "two", GOOD + "\n# a comment\n", "cat/main.toml")
    assert load(one).digest != load(two).digest


def test_catalog_label_names_unlisted_versions(tmp_path: Path) -> None:
    catalog = load(write(tmp_path, GOOD))
    assert catalog.label("base", Version("3.2.4")) == "Base Software 3.2.4"
    assert catalog.label("bomgar", Version("12.2")) == "Bomgar-12.2.0"  # the listed spelling


# -- folders -------------------------------------------------------------------


def test_a_folder_is_read_recursively(tmp_path: Path) -> None:
    root = tmp_path / "cat"
    write(root, FAMILIES, "10-families.toml")
    write(root, '[[package]]\nfamily = "bomgar"\nversion = "12.2.0"\n', "20-site/a.toml")
    write(root, '[[package]]\nfamily = "bomgar"\nversion = "13.1.0"\n', "20-site/deep/er/b.toml")
    write(root, "this is not TOML [[[", "README.txt")  # only .toml files are read
    catalog = load(root)
    assert [p.label for p in catalog.packages] == ["Bomgar-12.2.0", "Bomgar-13.1.0"]
    assert catalog.source == str(root)


def test_a_folder_is_read_in_sorted_order(tmp_path: Path) -> None:
    """The later file (in sorted path order) is the one reported as the duplicate."""
    root = tmp_path / "cat"
    # Created in reverse order, so that directory order is unlikely to be sorted order.
    write(root, '[[package]]\nfamily = "bomgar"\nversion = "12.2.0"\n', "c/z.toml")
    write(root, '[[package]]\nfamily = "bomgar"\nversion = "12.2"\n', "b.toml")
    write(root, FAMILIES + '[family.addon]\n', "a/1.toml")
    write(root, '[family.addon]\n', "a/2.toml")
    problems = [str(p) for p in check(root)]
    assert problems == [
        f"{root / 'a/2.toml'}:1: family.addon: family 'addon' is declared twice"
        f" (first in {root / 'a/1.toml'})",
        f"{root / 'c/z.toml'}:1: package bomgar 12.2.0: duplicate of Bomgar-12.2"
        f" ({root / 'b.toml'}:1): 12.2 and 12.2.0 are the same version",
    ]



SITE_PACKAGE = '[[package]]\nfamily = "bomgar"\nversion = "12.2.0"\n'


def test_symlinked_folders_and_files_are_followed(tmp_path: Path) -> None:
    """Found by issue 8: rglob() skipped symlinked folders, and the plan lost their packages."""
    root = tmp_path / "cat"
    write(root, FAMILIES, "families.toml")
    write(tmp_path / "shared", SITE_PACKAGE, "site/12.toml")
    write(tmp_path / "shared", '[[package]]\nfamily = "base"\nversion = "3.3.2"\n', "base.toml")
    (root / "site").symlink_to(tmp_path / "shared" / "site", target_is_directory=True)
    (root / "base.toml").symlink_to(tmp_path / "shared" / "base.toml")
    catalog = load(root)
    assert [p.label for p in catalog.packages] == ["Bomgar-12.2.0", "Base Software 3.3.2"]
    assert check(root) == []


def test_the_digest_names_files_by_the_path_through_the_link(tmp_path: Path) -> None:
    """A folder of links and a folder of copies are the same catalog."""
    write(tmp_path / "shared", GOOD, "main.toml")
    (tmp_path / "linked").mkdir()
    (tmp_path / "linked" / "main.toml").symlink_to(tmp_path / "shared" / "main.toml")
    write(tmp_path / "copied", GOOD, "main.toml")
    assert load(tmp_path / "linked").digest == load(tmp_path / "copied").digest


def test_a_symlink_loop_is_a_problem_naming_the_link(tmp_path: Path) -> None:
    root = tmp_path / "cat"
    write(root, GOOD, "main.toml")
    (root / "sub").mkdir()
    (root / "sub" / "up").symlink_to("..", target_is_directory=True)
    problem = only_problem(root)
    assert str(problem) == (
        f"{root / 'sub' / 'up'}: symlink loop: leads back to {root}, a folder it is in"
        " (not read again)"
    )


def test_a_folder_reached_twice_is_a_problem_not_a_pile_of_duplicates(tmp_path: Path) -> None:
    root = tmp_path / "cat"
    write(root, GOOD, "main.toml")
    write(tmp_path / "shared", "# nothing yet\n", "x.toml")
    (root / "a").symlink_to(tmp_path / "shared", target_is_directory=True)
    (root / "b").symlink_to(tmp_path / "shared", target_is_directory=True)
    problem = only_problem(root)
    assert str(problem) == (
        f"{root / 'b'}: same folder as {root / 'a'}, which is read already"
        " (symlinks reach it twice)"
    )


def test_a_file_reached_twice_is_a_problem(tmp_path: Path) -> None:
    root = tmp_path / "cat"
    write(root, GOOD, "a.toml")
    (root / "b.toml").symlink_to("a.toml")
    problem = only_problem(root)
    assert str(problem) == (
        f"{root / 'b.toml'}: same file as {root / 'a.toml'}, which is read already"
        " (a symlink or hard link reaches it twice)"
    )


@pytest.mark.parametrize("name", ["gone.toml", "gone-folder"])
def test_a_dangling_symlink_in_a_folder_is_a_problem(tmp_path: Path, name: str) -> None:
    """Named with .toml or not: a dangling link may have been a folder of catalog files."""
    root = tmp_path / "cat"
    write(root, GOOD, "main.toml")
    (root / name).symlink_to(tmp_path / "nowhere")
    problem = only_problem(root)
    assert str(problem) == (
        f"{root / name}: dangling symlink: its target {str(tmp_path / 'nowhere')!r} does not exist"
    )


def test_a_dangling_symlink_hides_no_other_problem_but_undeclared_families(
    tmp_path: Path
) -> None:
    """Its target may have declared the families: "undeclared family" is not said."""
    root = tmp_path / "cat"
    write(root, '[[package]]\nfamily = "bomgar"\nversion = "x"\n', "site.toml")
    (root / "families").symlink_to(tmp_path / "moved-away")
    messages = [p.message for p in check(root)]
    assert messages == [f"dangling symlink: its target {str(tmp_path / 'moved-away')!r}"
                        " does not exist", "'x' is not a version: expected digits and dots"
                        " such as 12.2.0, optionally with a PEP 440 suffix (12.2.0rc1) or a"
                        " vendor word (14.3.3fips)"]


@pytest.mark.parametrize("where", ["catalog", "in-folder", "chain"])
def test_a_symlink_to_itself_is_a_problem(tmp_path: Path, where: str) -> None:
    root = tmp_path / "cat"
    write(root, GOOD, "main.toml")
    if where == "catalog":
        path = tmp_path / "self.toml"
        path.symlink_to("self.toml")
        problem = only_problem(path)
    else:
        path = root / "self.toml"
        path.symlink_to("other.toml" if where == "chain" else "self.toml")
        if where == "chain":
            (root / "other.toml").symlink_to("self.toml")
        problem = check(root)[-1]
    assert str(problem) == (
        f"{path}: symlink loop: the link leads back to itself (directly or through other links)"
    )


def test_a_dangling_symlink_given_as_the_catalog(tmp_path: Path) -> None:
    path = tmp_path / "catalog.toml"
    path.symlink_to("old/catalog.toml")
    assert str(only_problem(path)) == (
        f"{path}: dangling symlink: its target 'old/catalog.toml' does not exist"
    )


def test_an_unreadable_folder_is_a_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by issue 8: an unreadable sub-folder was skipped, and 'catalog check' said OK.

    The tests run as root, whom chmod 000 does not stop: os.scandir fails instead.
    """
    root = tmp_path / "cat"
    write(root, GOOD, "main.toml")
    write(root, SITE_PACKAGE.replace("12.2.0", "13.1.0"), "locked/site.toml")
    scandir = os.scandir

    def refusing(path: Any) -> Any:
        if Path(path) == root / "locked":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    problem = only_problem(root)
    assert str(problem) == f"{root / 'locked'}: cannot read folder: Permission denied"


def test_an_unreadable_file_is_a_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "cat"
    write(root, GOOD, "main.toml")
    write(root, SITE_PACKAGE.replace("12.2.0", "13.1.0"), "site.toml")
    read_bytes = Path.read_bytes

    def refusing(path: Path) -> bytes:
        if path.name == "site.toml":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", refusing)
    assert str(only_problem(root)) == f"{root / 'site.toml'}: cannot read: Permission denied"


def test_a_named_pipe_is_not_read(tmp_path: Path) -> None:
    """Reading a FIFO would wait for a writer for ever."""
    root = tmp_path / "cat"
    write(root, GOOD, "main.toml")
    os.mkfifo(root / "pipe.toml")
    assert str(only_problem(root)) == f"{root / 'pipe.toml'}: not a regular file"


def test_every_problem_below_a_folder_is_reported(tmp_path: Path) -> None:
    root = tmp_path / "cat"
    write(root, GOOD.replace('version = "3.3.2"', 'version = "3.3.2"\nsoak_hour = 1'), "a.toml")
    (root / "loop").symlink_to(".", target_is_directory=True)
    (root / "z.toml").symlink_to("missing.toml")
    messages = [p.message.split(":")[0] for p in check(root)]
    assert messages == [
        "symlink loop", "dangling symlink", "unknown key 'soak_hour'; did you mean 'soak_hours'?"]


# -- bad input: one test per kind (issue 2) -----------------------------------------------


def test_missing_path(tmp_path: Path) -> None:
    problem = only_problem(tmp_path / "nowhere.toml")
    assert str(problem) == f"{tmp_path / 'nowhere.toml'}: no such file or folder"


def test_folder_without_toml_files(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    write(folder, "not a catalog", "notes.txt")
    problem = only_problem(folder)
    assert str(problem) == f"{folder}: folder holds no .toml file"


def test_binary_file(tmp_path: Path) -> None:
    path = write(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert str(only_problem(path)) == f"{path}: binary file, not TOML text"


def test_non_utf8_file(tmp_path: Path) -> None:
    text = FAMILIES.replace("Base Software", "Base Yaz\xfdl\xfdm")
    path = write(tmp_path, text.encode("latin-1"))
    problem = only_problem(path)
    assert problem.path == str(path)
    assert problem.line == 2  # the label line
    # "[family.base]\n" is 14 bytes, 'label = "Base Yaz' 17 more: 0xfd is byte 31, column 18.
    assert problem.message == "not UTF-8 text (byte 0xfd at offset 31, column 18); save it as UTF-8"


def test_a_utf8_byte_order_mark_is_read(tmp_path: Path) -> None:
    """Windows editors may write one; TOML does not allow it, so it is dropped first."""
    path = write(tmp_path, b"\xef\xbb\xbf" + GOOD.encode())
    assert [p.label for p in load(path).packages] == ["Bomgar-12.2.0", "Base Software 3.3.2"]
    broken = write(tmp_path, b"\xef\xbb\xbf" + FAMILIES.encode() + b"soak_hour = 1\n", "b.toml")
    problem = only_problem(broken)
    assert (problem.line, problem.key) == (FAMILY_LINES + 1, "soak_hour")  # lines as written


@pytest.mark.parametrize(
    ("encoding", "name"),
    [("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"),
     ("utf-32", "UTF-32")],
)
def test_utf16_and_utf32_files_are_named(tmp_path: Path, encoding: str, name: str) -> None:
    """Found by issue 8: they were called "binary"; PowerShell writes UTF-16 by default."""
    path = write(tmp_path, GOOD.encode(encoding))
    assert str(only_problem(path)) == f"{path}: file is {name} encoded; save it as UTF-8"


def test_an_integer_too_long_to_read(tmp_path: Path) -> None:
    """Found by issue 8: tomllib's int() raised ValueError, a traceback on the command line."""
    path = write(tmp_path, FAMILIES + "\n[[package]]\nfamily = 'base'\nversion = '1'\n"
                 f"soak_hours = {'9' * 5000}\n")
    problem = only_problem(path)
    assert problem.line == FAMILY_LINES + 5
    assert problem.message == "an integer has more than 4300 digits, too long to read"


@pytest.mark.parametrize("value", ["[" * 500 + "]" * 500, "{a = " * 500 + "}" * 500])
def test_values_nested_too_deeply(tmp_path: Path, value: str) -> None:
    """Found by issue 8: tomllib recursed until RecursionError."""
    path = write(tmp_path, GOOD + f"notes = {value}\n")
    problem = only_problem(path)
    assert problem.line == GOOD.count("\n") + 1
    assert problem.message == "arrays or inline tables are nested too deeply to read"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        # A hex integer has no digit limit, but str() of it does: the message counts them.
        (f"soak_hours = 0x{'f' * 5000}",
         "soak_hours must be at most 8760 (a year), got <an integer of 6,021 digits>"),
        (f"version = 0x{'f' * 5000}",
         'version must be a quoted string ("12.2.0"), not <an integer of 6,021 digits>'),
        # An integer of 400 digits has no float: math.isnan() raised OverflowError.
        (f"install_minutes = {'9' * 400}",
         "install_minutes must be at most 525600 (a year), got <an integer of 400 digits>"),
        (f"install_minutes = {'9' * 400}.0", "install_minutes must be a finite number, not inf"),
    ],
    ids=["hex-hours", "hex-version", "400-digit-minutes", "400-digit-float"],
)
def test_huge_numbers_are_one_line_problems(tmp_path: Path, line: str, message: str) -> None:
    path = write(tmp_path, FAMILIES + f"\n[[package]]\nfamily = 'base'\n{line}\n"
                 + ("version = '1'\n" if "version" not in line else ""))
    assert only_problem(path).message == message


@pytest.mark.parametrize("priority", [f"0x{'f' * 5000}", "1_000_000_001", "-1_000_000_001"])
def test_priority_is_bounded(tmp_path: Path, priority: str) -> None:
    """A priority past 10**9 is a typo, and one past 4300 digits crashed 'catalog' output."""
    path = write(tmp_path, GOOD.replace("priority = 2", f"priority = {priority}"))
    assert "priority must be between -1000000000 and 1000000000, got " in (
        only_problem(path).message)


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ('[family.base]\nlabel = "B {version}"\n\n[[package]\nfamily = "base"\n', 4, 10),
        ('[family.base]\nlabel = "B {version}\n', 2, 21),
        ("[family.base]\nlabel\n", 2, 6),
        ('[[package]]\nfamily = "base"\nfamily = "bomgar"\n', 3, 18),
    ],
)
def test_toml_syntax_errors_name_file_line_and_column(
    tmp_path: Path, text: str, line: int, column: int
) -> None:
    path = write(tmp_path, text)
    problem = only_problem(path)
    assert problem.path == str(path)
    assert problem.line == line
    assert problem.message.startswith("TOML syntax error: ")
    assert f"(column {column})" in problem.message
    assert str(problem).startswith(f"{path}:{line}: TOML syntax error")


@pytest.mark.parametrize(
    ("text", "entry", "key", "line", "suggestion"),
    [
        ('[family.base]\nlabel = "B {version}"\nsoak_hour = 24\n',
         "family.base", "soak_hour", 3, "did you mean 'soak_hours'?"),
        ('[family.base]\ninstall_minute = 30\n',
         "family.base", "install_minute", 2, "did you mean 'install_minutes'?"),
        (FAMILIES + '\n[[package]]\nfamily = "base"\nversion = "3.3.2"\nrequire = {}\n',
         "package base 3.3.2", "require", FAMILY_LINES + 5, "did you mean 'requires'?"),
        (FAMILIES + '\n[[package]]\nfamily = "base"\nversion = "3.3.2"\nrelease = 2012-01-01\n',
         "package base 3.3.2", "release", FAMILY_LINES + 5, "did you mean 'released'?"),
        (FAMILIES + '\n[[packages]]\nfamily = "base"\nversion = "3.3.2"\n',
         None, "packages", FAMILY_LINES + 2, "did you mean 'package'?"),
        ('[families.base]\nlabel = "B {version}"\n',
         None, "families", 1, "did you mean 'family'?"),
    ],
)
def test_unknown_keys_get_a_did_you_mean(
    tmp_path: Path, text: str, entry: str | None, key: str, line: int, suggestion: str
) -> None:
    path = write(tmp_path, text)
    problems = [p for p in check(path) if p.key == key]
    assert len(problems) == 1, check(path)
    (problem,) = problems
    assert problem.path == str(path)
    assert problem.entry == entry
    assert problem.line == line
    assert f"unknown {'key' if entry else 'top-level key'} {key!r}; {suggestion}" in str(problem)


def test_unknown_key_without_a_near_match_lists_the_known_keys(tmp_path: Path) -> None:
    text = '[family.base]\nxyzzy = 1\n\n[[package]]\nfamily = "base"\nversion = "1"\n'
    problem = only_problem(write(tmp_path, text))
    assert "unknown key 'xyzzy'" in problem.message
    assert "known: label, soak_hours, install_minutes, priority, clients_update" in problem.message


def test_package_of_an_undeclared_family(tmp_path: Path) -> None:
    path = write(tmp_path, FAMILIES + '\n[[package]]\nfamily = "bomgr"\nversion = "12.2.0"\n')
    problem = only_problem(path)
    assert str(problem) == (
        f"{path}:{FAMILY_LINES + 2}: package bomgr 12.2.0: package of undeclared family 'bomgr'"
        " (declare it with [family.bomgr]); did you mean 'bomgar'?"
    )


def test_requirement_on_an_undeclared_family(tmp_path: Path) -> None:
    path = write(tmp_path, FAMILIES + '\n[[package]]\nfamily = "bomgar"\nversion = "12.2.0"\n'
                 'requires = { site = ">=1", base = ">=3.3.2" }\n')
    problem = only_problem(path)
    assert problem.entry == "package bomgar 12.2.0"
    assert problem.line == FAMILY_LINES + 2
    assert "requirement on undeclared family 'site' (declare it with [family.site])" in str(problem)


@pytest.mark.parametrize(
    ("version", "reason"),
    [
        ('"x.y"', "'x.y' is not a version"),
        ('"12.2.0 beta"', "'12.2.0 beta' is not a version"),
        ('""', "'' is not a version"),
        ("12.2", 'version must be a quoted string ("12.2.0"), not 12.2'),
    ],
)
def test_invalid_versions(tmp_path: Path, version: str, reason: str) -> None:
    path = write(tmp_path, FAMILIES + f'\n[[package]]\nfamily = "bomgar"\nversion = {version}\n')
    problem = only_problem(path)
    assert problem.path == str(path)
    assert problem.entry is not None and problem.entry.startswith("package bomgar ")
    assert problem.line == FAMILY_LINES + 2
    assert problem.key == "version"
    assert reason in problem.message


def test_missing_version(tmp_path: Path) -> None:
    problem = only_problem(write(tmp_path, FAMILIES + '\n[[package]]\nfamily = "bomgar"\n'))
    assert problem.entry == "package bomgar ?"
    assert problem.message == "missing 'version'"


@pytest.mark.parametrize(
    ("spec", "hint"),
    [
        ("=>3.3.2", "'=>3.3.2' is not a PEP 440 specifier set such as '>=3.3.2,<4'"
                    " (write >= or <=, not => or =<)"),
        (">=3.3.2 and <4", "'>=3.3.2 and <4' is not a PEP 440 specifier set such as"
                           " '>=3.3.2,<4' (join clauses with commas: >=3.3.2,<4)"),
        ("", "empty specifier set"),
        ("3.3.2", "'3.3.2' is not a PEP 440 specifier set"),
    ],
)
def test_invalid_specifiers(tmp_path: Path, spec: str, hint: str) -> None:
    path = write(tmp_path, FAMILIES + '\n[[package]]\nfamily = "bomgar"\nversion = "12.2.0"\n'
                 f'requires = {{ base = "{spec}" }}\n')
    problem = only_problem(path)
    assert str(problem).startswith(
        f"{path}:{FAMILY_LINES + 2}: package bomgar 12.2.0: requires.base: {hint}"
    )


def test_specifier_that_is_not_a_string(tmp_path: Path) -> None:
    path = write(tmp_path, FAMILIES + '\n[[package]]\nfamily = "bomgar"\nversion = "12.2.0"\n'
                 "requires = { base = 3 }\n")
    assert "requires.base must be a quoted specifier set, not 3" in only_problem(path).message


def test_duplicate_packages(tmp_path: Path) -> None:
    """12.2 and 12.2.0 are the same version."""
    path = write(tmp_path, FAMILIES + '\n[[package]]\nfamily = "bomgar"\nversion = "12.2"\n'
                 '\n[[package]]\nfamily = "bomgar"\nversion = "12.2.0"\n')
    problem = only_problem(path)
    first, second = FAMILY_LINES + 2, FAMILY_LINES + 6
    assert str(problem) == (
        f"{path}:{second}: package bomgar 12.2.0: duplicate of Bomgar-12.2 ({path}:{first}):"
        " 12.2 and 12.2.0 are the same version"
    )
    # The same problem as data: where, and what (a code and its fields).
    assert problem == CatalogProblem(
        str(path), Reason(Code.DUPLICATE_PACKAGE, label="Bomgar-12.2", place=f"{path}:{first}",
                          first="12.2", second="12.2.0"),
        entry="package bomgar 12.2.0", line=second)


def test_a_problem_in_a_requirement_holds_the_specifier_s_reason(tmp_path: Path) -> None:
    path = write(tmp_path, FAMILIES + '\n[[package]]\nfamily = "bomgar"\nversion = "12.2.0"\n'
                 'requires = { base = "=>3" }\n')
    problem = only_problem(path)
    assert (problem.code, problem.key) == (Code.REQUIRES_INVALID, "requires")
    assert problem.reason.fields == {
        "family": "base", "reason": Reason(Code.SPECIFIER_REVERSED_OPERATOR, text="=>3")}
    assert problem.message == ("requires.base: '=>3' is not a PEP 440 specifier set such as"
                               " '>=3.3.2,<4' (write >= or <=, not => or =<)")


@pytest.mark.parametrize(
    ("where", "key", "value", "message"),
    [
        ("family", "soak_hours", "-24", "soak_hours must not be negative, got -24"),
        ("family", "install_minutes", "-0.5", "install_minutes must not be negative, got -0.5"),
        ("family", "soak_hours", '"24"', "soak_hours must be a number, not '24'"),
        ("family", "install_minutes", '"45 min"', "install_minutes must be a number, not '45 min'"),
        ("family", "soak_hours", "true", "soak_hours must be a number, not True"),
        ("package", "soak_hours", "-1", "soak_hours must not be negative, got -1"),
        ("package", "install_minutes", "-30", "install_minutes must not be negative, got -30"),
        ("package", "soak_hours", '"a day"', "soak_hours must be a number, not 'a day'"),
        ("package", "install_minutes", '"45"', "install_minutes must be a number, not '45'"),
        ("package", "install_minutes", "nan", "install_minutes must be a finite number, not nan"),
        ("package", "soak_hours", "inf", "soak_hours must be a finite number, not inf"),
        ("family", "install_minutes", "-inf", "install_minutes must be a finite number, not -inf"),
    ],
)
def test_negative_or_non_numeric_hours_and_minutes(
    tmp_path: Path, where: str, key: str, value: str, message: str
) -> None:
    family = '[family.bomgar]\nlabel = "Bomgar-{version}"\n'
    package = '\n[[package]]\nfamily = "bomgar"\nversion = "12.2.0"\n'
    if where == "family":
        text, entry, line = family + f"{key} = {value}\n" + package, "family.bomgar", 1
    else:
        text, entry, line = family + package + f"{key} = {value}\n", "package bomgar 12.2.0", 4
    path = write(tmp_path, text)
    problem = only_problem(path)
    assert problem.entry == entry
    assert problem.key == key
    assert problem.line in (line, text.count("\n"))  # the entry's line or the key's own
    assert str(problem).startswith(f"{path}:")
    assert message in problem.message


@pytest.mark.parametrize(
    "text",
    ["", "# only a comment\n", FAMILIES],
    ids=["empty-file", "comment-only", "families-only"],
)
def test_empty_catalog(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text)
    assert str(only_problem(path)) == f"{path}: catalog has no packages"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[family.base]\nlabel = "Base Software"\n', "label must be a string containing {version}"),
        ('[family.base]\npriority = 1.5\n', "priority must be an integer, not 1.5"),
        ('[family.base]\nclients_update = "yes"\n', "clients_update must be true or false"),
        ('[family.Base]\n', "family name 'Base' must match [a-z][a-z0-9_-]*"),
        # Labels are templates: other fields used to crash the loader (KeyError, ValueError).
        ('[family.base]\nlabel = "Base {version} {edition}"\n',
         "may use only {version} and {family} (write {{ and }} for a literal brace): 'edition'"),
        ('[family.base]\nlabel = "Base {version} }"\n', "Single '}' encountered"),
        ('[family.base]\nlabel = "Base {version:x}"\n', "must write {version} plainly"),
        ('[family.base]\nlabel = "Base {version} {version:x}"\n', "must write {version} plainly"),
    ],
)
def test_other_bad_family_values(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text + '\n[[package]]\nfamily = "bomgar"\nversion = "1"\n'
                 '[family.bomgar]\n')
    problems = [str(p) for p in check(path)]
    assert any(message in p and p.startswith(f"{path}:1: family.") for p in problems), problems


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("Base {version:>8}", "label 'Base {version:>8}' must write {version} plainly, not"
         " {version:>8} (no format spec or conversion)"),
        ("Base {version!r}", "must write {version} plainly, not {version!r}"),
        ("Base {family:x} {version}", "must write {family} plainly, not {family:x}"),
        ("{ver}", "label '{ver}' may use only {version} and {family} (write {{ and }} for a"
         " literal brace): 'ver'; did you mean {version}?"),
        ("{version.major}", "may use only {version} and {family} (write {{ and }} for a literal"
         " brace): 'version.major'"),
        ("Base {0}", "may use only {version} and {family} (write {{ and }} for a literal"
         " brace): '0'"),
        ("{", "label '{' is not a valid template: Single '{' encountered in format string"
         " (write {{ and }} for a literal brace)"),
        ("Base {{version}}", 'label must be a string containing {version}'
         ' (e.g. "Base Software {version}")'),
    ],
)
def test_label_must_use_version_plainly(tmp_path: Path, label: str, message: str) -> None:
    """Found by issue 8: '{version:>8}' and '{' were told they lacked {version}."""
    path = write(tmp_path, f"[family.base]\nlabel = '{label}'\n\n[[package]]\nfamily = 'base'\n"
                 "version = '1'\n")
    problem = only_problem(path)
    assert (problem.entry, problem.key, problem.line) == ("family.base", "label", 1)
    assert message in problem.message


def test_a_label_that_is_not_a_string(tmp_path: Path) -> None:
    path = write(tmp_path, "[family.base]\nlabel = 5\n\n[[package]]\nfamily = 'base'\n"
                 "version = '1'\n")
    assert only_problem(path).message == (
        'label must be a string containing {version} (e.g. "Base Software {version}"), not 5')


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('released = "2012-10-01"', "released must be a TOML date such as 2012-10-01, not the"
         " string '2012-10-01' (write the date without quotes)"),
        ("released = 2012-10-01T10:00:00", "released must be a TOML date such as 2012-10-01,"
         " not 2012-10-01T10:00:00"),
        ('withdrawn = ""', "withdrawn must be a non-empty string, not ''"),
        ("source = 3", "source must be a non-empty string, not 3"),
        ('requires = ">=1"', 'requires must be a table: { base = ">=3.3.2" }'),
    ],
)
def test_other_bad_package_values(tmp_path: Path, line: str, message: str) -> None:
    path = write(tmp_path, FAMILIES + f'\n[[package]]\nfamily = "bomgar"\nversion = "1"\n{line}\n')
    assert message in only_problem(path).message


# -- long input is quoted short (issue 8) ------------------------------------------

LONG = "x" * 10_000


@pytest.mark.parametrize(
    ("text", "what"),
    [
        (FAMILIES + f'\n[[package]]\nfamily = "base"\nversion = "{LONG}"\n', "version"),
        (FAMILIES + f'\n[[package]]\nfamily = "base"\nversion = "1"\n{LONG} = 1\n', "key"),
        (FAMILIES + '\n[[package]]\nfamily = "base"\nversion = "1"\n'
         f'requires = {{ base = ">={LONG}" }}\n', "specifier"),
        (FAMILIES + '\n[[package]]\nfamily = "base"\nversion = "1"\n'
         f'requires = {{ {LONG} = ">=1" }}\n', "family"),
        (FAMILIES + f'\n[[package]]\nfamily = "{LONG}"\nversion = "1"\n', "family"),
        (FAMILIES + f'\n[[package]]\nfamily = "base"\nversion = "1"\nreleased = "{LONG}"\n',
         "date"),
        (FAMILIES + '\n[[package]]\nfamily = "base"\nversion = "1"\n'
         f"notes = [{', '.join(['1'] * 5000)}]\n", "array"),
        (f'[family.base]\nlabel = "{LONG} {{"\n', "label"),
        (f'[family.{LONG.upper()}]\n', "family name"),
        (f'{LONG} = 1\n', "top-level key"),
    ],
    ids=["version", "key", "specifier", "required-family", "family", "date", "array", "label",
         "family-name", "top-level-key"],
)
def test_long_values_are_quoted_short(tmp_path: Path, text: str, what: str) -> None:
    """A 10 kB value is quoted by its first ~100 characters, never whole."""
    problems = check(write(tmp_path, text))
    assert problems
    for problem in problems:
        assert len(str(problem)) < len(str(tmp_path)) + 400, (what, str(problem)[:600])
    assert any("…" in str(p) or "..." in str(p) for p in problems), (what, problems)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("short", "'short'"),
        ("x" * 101, "'" + "x" * 100 + "'… (101 characters)"),
        (10**4000 - 1, "<an integer of 4,000 digits>"),
        (-(10**300), "<an integer of 301 digits>"),
        (2**64, "18446744073709551616"),
        ([[[[1]]]], "[[[...]]]"),
        (list(range(10)), "[0, 1, 2, 3, ...]"),
    ],
    ids=["short", "long-string", "4000-digits", "301-digits", "2**64", "nested", "long-list"],
)
def test_shown_cuts_quoted_values(value: object, shown: str) -> None:
    assert _shown(value) == shown
    assert len(_shown(value)) <= 130


# -- every problem, not only the first ---------------------------------------------


SEVERAL = """\
[family.base]
label = "Base Software {version}"
soak_hour = 3

[family.bomgar]
label = "Bomgar-{version}"
install_minutes = -5

[[package]]
family = "base"
version = "3.3.2"
requires = { bomgar = "=>11.1" }

[[package]]
family = "bomgar"
version = "12.2"
requires = { base = ">=3.3.2 and <4", site = ">=1" }

[[package]]
family = "addon"
version = "1.0"

[[package]]
family = "base"
version = "x.y"

[[package]]
family = "base"
version = "4.0"
soak_hours = "a day"

[[package]]
family = "base"
version = "4"
"""


def test_check_collects_every_problem_of_a_file(tmp_path: Path) -> None:
    path = write(tmp_path, SEVERAL)
    problems = [str(p).removeprefix(f"{path}:") for p in check(path)]
    assert sorted(problems) == sorted([
        "3: family.base: unknown key 'soak_hour'; did you mean 'soak_hours'?",
        "5: family.bomgar: install_minutes must not be negative, got -5",
        "9: package base 3.3.2: requires.bomgar: '=>11.1' is not a PEP 440 specifier set"
        " such as '>=3.3.2,<4' (write >= or <=, not => or =<)",
        "14: package bomgar 12.2: requires.base: '>=3.3.2 and <4' is not a PEP 440"
        " specifier set such as '>=3.3.2,<4' (join clauses with commas: >=3.3.2,<4)",
        "14: package bomgar 12.2: requirement on undeclared family 'site'"
        " (declare it with [family.site])",
        "19: package addon 1.0: package of undeclared family 'addon'"
        " (declare it with [family.addon])",
        "23: package base x.y: 'x.y' is not a version: expected digits and dots such as"
        " 12.2.0, optionally with a PEP 440 suffix (12.2.0rc1) or a vendor word (14.3.3fips)",
        "27: package base 4.0: soak_hours must be a number, not 'a day'",
    ])


def test_load_raises_one_line_naming_the_first_problem_and_the_count(tmp_path: Path) -> None:
    path = write(tmp_path, SEVERAL)
    with pytest.raises(CatalogError) as caught:
        load(path)
    error = caught.value
    assert len(error.problems) == 8
    assert str(error) == f"{error.problems[0]} (and 7 more problems)"
    assert "\n" not in str(error)
    assert isinstance(error, ValueError)


def test_unknown_top_level_key_does_not_hide_the_other_problems(tmp_path: Path) -> None:
    """Found by these tests: a top-level typo used to stop validation of the whole file."""
    path = write(tmp_path, FAMILIES + '\n[[package]]\nfamily = "bomgar"\nversion = "12.2.0"\n'
                 "soak_hours = -1\n\n[case]\nfrom = \"base=1\"\n")
    problems = [str(p) for p in check(path)]
    assert len(problems) == 2, problems
    assert any("unknown top-level key 'case'" in p for p in problems)
    assert any("soak_hours must not be negative" in p for p in problems)


def test_check_reports_problems_of_every_file_of_a_folder(tmp_path: Path) -> None:
    root = tmp_path / "cat"
    write(root, FAMILIES.replace("priority = 1", "priority = 1\nsoak_hour = 1"), "a.toml")
    write(root, '[[package]]\nfamily = "bomgar"\nversion = "x"\n', "b/c.toml")
    problems = check(root)
    assert [Path(p.path).name for p in problems] == ["a.toml", "c.toml"]


# -- the bundled catalog ------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled() -> Catalog:
    return load_bundled()


def test_bundled_catalog_loads_and_checks_clean(bundled: Catalog) -> None:
    assert check(bundled_path()) == []
    assert bundled.source == "bundled"
    assert bundled.digest.startswith("sha256:")
    assert {"base", "bomgar"} <= set(bundled.families)
    assert bundled.family_order()[:2] == ["bomgar", "base"]
    assert all(p.source for p in bundled.packages)  # a source on every package (issue 2)
    site = [str(p.version) for p in bundled.packages_of("bomgar")]
    assert site[0].startswith("10.1") and site[-1].startswith("26.3")


def test_bundled_catalog_holds_the_guides_example(bundled: Catalog) -> None:
    """Base 3.2.4 / Bomgar 11.1.2: Base Software 3.3.2 is installable, Bomgar-12.2.0 greyed."""
    page = {o.package.label: o for o in offers(bundled, State.parse("base=3.2.4,bomgar=11.1.2"))}
    base = page["Base Software 3.3.2"]
    assert base.available and base.unmet == ()
    greyed = page["Bomgar-12.2.0"]
    assert not greyed.available
    (unmet,) = greyed.unmet
    assert str(unmet.requirement) == "base>=3.3.2"
    assert unmet.installed == Version("3.2.4")
    assert unmet_text(greyed.package, unmet, bundled) == (
        "Base Software 3.2.4 does not satisfy Bomgar-12.2.0's requirement base>=3.3.2"
    )
    assert greyed.unlock is not None
    assert [s.package.label for s in greyed.unlock.steps] == ["Base Software 3.3.2"]


# -- finding a package ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Bomgar-12.2.0", "Bomgar-12.2.0"),
        ("Bomgar-12.2", "Bomgar-12.2.0"),
        ("bomgar-12.2.0", "Bomgar-12.2.0"),
        ("  Bomgar-12.2.0 ", "Bomgar-12.2.0"),
        ("bomgar=12.2.0", "Bomgar-12.2.0"),
        ("bomgar=12.2", "Bomgar-12.2.0"),
        ("Base Software 3.3.2", "Base Software 3.3.2"),
        ("base=3.3.2", "Base Software 3.3.2"),
        ("Bomgar-14.3.3fips", "Bomgar-14.3.3fips"),
        ("bomgar=14.3.3fips", "Bomgar-14.3.3fips"),
        ("bomgar=14.3.3+fips", "Bomgar-14.3.3fips"),
    ],
)
def test_find_by_label_or_family_version(bundled: Catalog, text: str, label: str) -> None:
    assert bundled.find(text).label == label


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Bomgar 12.2.0", "no such package in the catalog; did you mean 'Bomgar-12.2.0'?"),
        ("Bomgar-99.9.9", "no such package in the catalog"),
        ("base=9.9", "the catalog has no base 9.9"),
        ("bomgar=x.y", "'x.y' is not a version"),
        ("nothing", "no such package in the catalog"),
    ],
)
def test_find_rejects_unknown_packages(bundled: Catalog, text: str, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        bundled.find(text)
    assert str(caught.value).startswith(f"invalid package {text!r}: ")
    assert reason in str(caught.value)


def test_find_reads_labels_with_family_and_literal_braces(tmp_path: Path) -> None:
    """The label's prefix and suffix are matched as printed, not as the template is written."""
    path = write(tmp_path, '[family.addon]\nlabel = "{family} {{x}} {version}"\n\n'
                 '[[package]]\nfamily = "addon"\nversion = "1.0"\n')
    assert load(path).find("addon {x} 1").label == "addon {x} 1.0"


def test_the_prepared_bundled_catalog_is_its_toml_source() -> None:
    """_bundled.py is what _prepare writes from catalog/, and loads to the same catalog."""


    source = load(bundled_path(), source="bundled")
    assert _prepare.TARGET.read_text(encoding="utf-8") == _prepare.render(source), (
        "catalog/ changed: run python -m bomgar_paths._prepare")
    prepared = load_bundled()
    assert (prepared.source, prepared.digest) == ("bundled", source.digest)
    assert dict(prepared.families) == dict(source.families)
    assert prepared.packages == source.packages
    assert prepared.advisories == source.advisories and len(source.advisories) == 3

    def shared(catalog: Catalog) -> list[list[int]]:
        """Which requirements (and specifier sets) are one object: as the TOML reader
        shares them, the prepared form does (the planner's caches and first checks)."""
        first: dict[int, int] = {}
        return [[first.setdefault(id(x), len(first)) for r in p.requires
                 for x in (r, r.specifier)] for p in catalog.packages]

    assert shared(prepared) == shared(source)


def test_a_catalog_built_directly_keeps_priority_order() -> None:
    """Catalog(...) orders families and packages as from_entries does: the planner reads
    priority from that order."""
    a, b = Family("a", "A {version}", priority=2), Family("b", "B {version}", priority=1)
    packages = [Package("a", Version("2"), "A 2"), Package("b", Version("2"), "B 2"),
                Package("a", Version("1.5"), "A 1.5")]
    direct = Catalog({"a": a, "b": b}, tuple(packages))
    assert direct.family_order() == ["b", "a"]
    assert [p.label for p in direct.packages] == ["B 2", "A 1.5", "A 2"]
    assert direct.packages == Catalog.from_entries([a, b], packages).packages


@pytest.mark.parametrize(("packages", "fragment"), [
    ([Package("c", Version("1"), "C 1")], "its family 'c' is not declared"),
    ([Package("a", Version("1"), "A 1"), Package("a", Version("1.0"), "A 1.0")],
     "a 1.0 is listed twice"),
])
def test_a_catalog_built_directly_refuses_what_a_file_would(packages, fragment: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match=fragment):
        Catalog({"a": Family("a")}, tuple(packages))


@pytest.mark.parametrize(("label", "code"), [
    ("Base\\n{version}", "U+000A"), ("Base {version}\\u0000", "U+0000"),
    ("\\u202eBase {version}", "U+202E")])
def test_a_label_with_control_characters_is_a_problem(tmp_path: Path, label: str,
                                                       code: str) -> None:
    """They would break the text tables and the terminal (issue 8)."""
    path = tmp_path / "c.toml"
    path.write_text(f'[family.a]\nlabel = "{label}"\n[[package]]\nfamily = "a"\nversion = "1"\n')
    [problem] = check(path)
    assert f"must not contain control characters ({code})" in str(problem)


def test_two_families_may_not_share_a_label(tmp_path: Path) -> None:
    """"X 1.0" would name two packages: why and plans could not tell them apart."""
    path = tmp_path / "c.toml"
    path.write_text('[family.a]\nlabel = "X {version}"\n[family.b]\nlabel = "X {version}"\n'
                    '[[package]]\nfamily = "a"\nversion = "1"\n')
    [problem] = check(path)
    assert "label 'X {version}' is also family a's: their packages could not be told apart" \
        in str(problem)
    path.write_text('[family.a]\nlabel = "{family} {version}"\n'
                    '[family.b]\nlabel = "{family} {version}"\n'
                    '[[package]]\nfamily = "a"\nversion = "1"\n')
    assert check(path) == []


def test_loading_leaves_the_garbage_collector_as_it_found_it(tmp_path: Path) -> None:
    """The reader pauses the cyclic collector while it builds (issue 10), never longer."""
    import gc  # noqa: PLC0415

    good, bad = write(tmp_path, GOOD), write(tmp_path, "x =", "bad.toml")
    assert gc.isenabled()
    load(good)
    assert gc.isenabled()
    assert check(bad) and gc.isenabled()
    gc.disable()
    try:
        load(good)
        assert not gc.isenabled()
    finally:
        gc.enable()
