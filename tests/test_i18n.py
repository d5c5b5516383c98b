"""The message catalogs (bomgar_paths/_i18n.py, render/words.py): complete, compiled, and
kept to themselves; the language chosen as gettext chooses it."""

from __future__ import annotations

import builtins
import gettext
import re
import string
from datetime import date

import pytest

from bomgar_paths import _i18n
from bomgar_paths.errors import InputError
from bomgar_paths.render.words import ENGLISH, choose_language, words_for

LANGUAGES = _i18n.languages()


def _entries(language: str) -> list[_i18n.PoEntry]:
    return _i18n.read_po(_i18n.po_path(language).read_text(encoding="utf-8"))


def test_turkish_is_there() -> None:
    assert LANGUAGES == ["tr"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_has_a_translation(language: str) -> None:
    translated = {e.key for e in _entries(language) if e.translated and not e.obsolete}
    missing = [m for m in _i18n.all_messages() if m not in translated]
    assert not missing, f"{len(missing)} messages without a {language} translation: {missing[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalog_is_its_source(language: str) -> None:
    # The .mo is committed (the wheel carries it): it must be what the .po compiles to.
    path = _i18n.po_path(language)
    assert path.with_suffix(".mo").read_bytes() == _i18n.compile_mo(_entries(language)), (
        "run: python -m bomgar_paths._i18n")


def _fields(text: str) -> set[str]:
    braces = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    percents = set(re.findall(r"%(?:\((\w+)\))?[sdr]", text))
    return braces | percents


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_translation_keeps_every_field_of_its_message(language: str) -> None:
    for entry in _entries(language):
        if not entry.msgid or not entry.translated:
            continue
        for translation in entry.msgstr:
            assert _fields(translation) <= _fields(entry.msgid) | _fields(
                entry.msgid_plural or ""), (entry.msgid, translation)
        # The singular may leave {n} out ("one install"); the other forms keep every field.
        assert _fields(entry.msgstr[-1]) == _fields(entry.msgid_plural or entry.msgid), (
            entry.msgid, entry.msgstr)


def test_the_catalog_reads_back_through_gettext() -> None:
    # Standard gettext, on the package's own domain: what GNU msgfmt would also produce.
    catalog = gettext.translation(_i18n.DOMAIN, str(_i18n.LOCALE), ["tr"])
    assert catalog.gettext("usage: ") != "usage: "
    assert words_for("tr")._("{rest} and {last}", rest="A, B", last="C") == "A, B ve C"


def test_a_program_that_imports_the_library_keeps_its_gettext() -> None:
    domain = gettext.textdomain()
    words_for("tr")._("usage: ")
    assert gettext.textdomain() == domain
    assert not hasattr(builtins, "_")


def test_po_files_round_trip() -> None:
    text = _i18n.po_path("tr").read_text(encoding="utf-8")
    assert _i18n.write_po(_i18n.read_po(text)).rstrip("\n") == text.rstrip("\n")


def test_merge_adds_new_messages_and_keeps_old_translations_obsolete() -> None:
    old = _i18n.read_po('msgid "gone"\nmsgstr "gitti"\n\nmsgid "kept"\nmsgstr "kaldı"\n')
    merged = _i18n.merge(old, [("kept", None), ("new", None)])
    by_id = {e.msgid: e for e in merged}
    assert by_id["kept"].msgstr == ["kaldı"] and not by_id["kept"].obsolete
    assert by_id["new"].msgstr == [] and not by_id["new"].translated
    assert by_id["gone"].obsolete
    assert "#~ msgid \"gone\"" in _i18n.write_po(merged)


# -- choosing the language --------------------------------------------------------


@pytest.mark.parametrize(("environ", "language"), [
    ({}, "en"),
    ({"LANG": "tr_TR.UTF-8"}, "tr"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({"LC_MESSAGES": "tr_TR", "LANG": "en_US"}, "tr"),
    ({"LC_ALL": "en_US", "LC_MESSAGES": "tr_TR"}, "en"),
    ({"LANGUAGE": "tr:en", "LC_ALL": "en_US"}, "tr"),
    ({"LANGUAGE": "de:tr", "LANG": "en_US"}, "tr"),  # the first that has a catalog
    ({"LANGUAGE": "en:tr"}, "en"),
    ({"LANGUAGE": "de:fr", "LANG": "tr_TR"}, "en"),  # LANGUAGE decides, with no catalog
    ({"LANG": "C"}, "en"),
    ({"LC_ALL": "POSIX", "LANG": "tr_TR"}, "en"),
    ({"LANGUAGE": "", "LANG": "tr"}, "tr"),  # an empty variable is not set
    ({"LANG": "TR_tr"}, "en"),  # the code is lower case; no locale-aware matching
])
def test_the_environment_chooses_in_gettexts_order(environ: dict[str, str],
                                                    language: str) -> None:
    assert choose_language(environ) == language


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(InputError, match="language 'de'"):
        words_for("de")


# -- numbers, dates and capitals ---------------------------------------------------


def test_numbers_dates_and_capitals_follow_the_language() -> None:
    tr = words_for("tr")
    assert (ENGLISH.number(200000), tr.number(200000)) == ("200,000", "200.000")
    assert (ENGLISH.number(1.5), tr.number(1.5)) == ("1.5", "1,5")
    assert tr.number(525600, grouped=False) == "525600"
    day = date(2026, 12, 5)
    assert (ENGLISH.date(day), tr.date(day)) == ("2026-12-05", "05.12.2026")
    assert (ENGLISH.weekday(day), tr.weekday(day)) == ("Sat", "Cmt")
    # Turkish capitals: dotted i to İ, dotless ı to I (str.upper gives I for both).
    assert tr.sentence("işlem") == "İşlem" and tr.sentence("ılık") == "Ilık"
    assert ENGLISH.sentence("install") == "Install"
