"""The words of every language, behind one door: ``Words``.

Every sentence the project writes is a gettext message: its ``msgid`` is the
English sentence with ``{named}`` fields, filled in *after* translation so
that a translator may reorder them (Turkish puts the verb last). Renderers
write ``words._("{package} requires {requirement}", package=..., requirement=...)``
and ``words.n_("{n} install", "{n} installs", n)``; the extraction
(``python -m bomgar_paths._i18n``) and the test that every message has a
Turkish translation find them by these two names.

Catalogs are standard gettext: ``locale/<lang>/LC_MESSAGES/bomgar_paths.po``
in the repository, the compiled ``.mo`` beside it (committed; a test holds it
equal to its source), loaded with ``gettext.translation`` on the package's
own domain. Nothing is installed into builtins: a program that imports the
library keeps its own gettext setup.

Keywords, family names, versions and options are ASCII and never translated;
package labels stay as the catalog spells them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # annotations only: the plan path does not need datetime
    from datetime import date

__all__ = ["DOMAIN", "ENGLISH", "LANGUAGES", "N_", "Words", "choose_language", "words_for"]

DOMAIN = "bomgar_paths"
LANGUAGES = ("en", "tr")
LOCALE_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "locale")


def N_(message: str) -> str:
    """Mark ``message`` for extraction where it is named (a table), translated where used."""
    return message


if TYPE_CHECKING:  # a Protocol class costs ~0.1 ms to make; only type checkers read it
    class _Catalog(Protocol):
        def gettext(self, message: str, /) -> str: ...
        def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...


class _English:
    """The msgids are English: no catalog to read."""

    @staticmethod
    def gettext(message: str, /) -> str:
        return message

    @staticmethod
    def ngettext(singular: str, plural: str, n: int, /) -> str:
        return singular if n == 1 else plural


class Words:
    """The sentences, numbers and lists of one language."""

    __slots__ = ("_catalog", "language")

    def __init__(self, language: str, catalog: _Catalog) -> None:
        self.language = language
        self._catalog = catalog

    def __repr__(self) -> str:
        return f"Words({self.language!r})"

    def _(self, message: str, /, **fields: Any) -> str:
        """``message`` in this language, its ``{fields}`` filled in."""
        text = self._catalog.gettext(message)
        return text.format(**fields) if fields else text

    def n_(self, singular: str, plural: str, n: int, /, **fields: Any) -> str:
        """The form for ``n`` of a message that counts; ``{n}`` is ``n`` as a number."""
        return self._catalog.ngettext(singular, plural, n).format(n=self.number(n), **fields)

    def gettext(self, message: str, /) -> str:
        """``message`` translated, nothing filled in (argparse fills its own ``%`` fields)."""
        return self._catalog.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int, /) -> str:
        return self._catalog.ngettext(singular, plural, n)

    # -- numbers, lists and sentences ------------------------------------------

    def number(self, value: float, *, grouped: bool = True) -> str:
        """``1,234`` and ``1.5`` in English, ``1.234`` and ``1,5`` in Turkish
        (``grouped=False``: no thousands separator, as a limit is written)."""
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            value = int(value)
        sep = "," if grouped else ""
        text = f"{value:{sep}}" if isinstance(value, int) else f"{value:{sep}g}"
        if self.language == "tr":
            text = text.translate(_SWAP_SEPARATORS)
        return text

    def weekday(self, day: date) -> str:
        """``Sat`` (``Cmt`` in Turkish)."""
        return self._(_WEEKDAYS[day.weekday()])

    def date(self, day: date) -> str:
        """``2026-12-05`` in English (ISO 8601), ``05.12.2026`` in Turkish."""
        if self.language == "tr":
            return f"{day.day:02}.{day.month:02}.{day.year:04}"
        return day.isoformat()

    def join(self, items: Sequence[str]) -> str:
        """``A``, ``A and B``, ``A, B and C`` (``ve`` in Turkish)."""
        if len(items) <= 1:
            return "".join(items)
        last = self._("{rest} and {last}", rest=", ".join(items[:-1]), last=items[-1])
        return last

    def join_or(self, items: Sequence[str]) -> str:
        """``A``, ``A or B``, ``A, B or C`` (``ya da`` in Turkish)."""
        if len(items) <= 1:
            return "".join(items)
        return self._("{rest} or {last}", rest=", ".join(items[:-1]), last=items[-1])

    def sentence(self, text: str) -> str:
        """``text`` with its first letter a capital, as this language writes it
        (Turkish: ``i`` → ``İ``, ``ı`` → ``I``)."""
        if not text:
            return text
        first = text[0]
        if self.language == "tr" and first in _TURKISH_UPPER:
            return _TURKISH_UPPER[first] + text[1:]
        return first.upper() + text[1:]


_WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
_SWAP_SEPARATORS = str.maketrans({",": ".", ".": ","})
_TURKISH_UPPER = {"i": "İ", "ı": "I"}

ENGLISH = Words("en", _English())
_loaded: dict[str, Words] = {"en": ENGLISH}


def words_for(language: str | None = None) -> Words:
    """The words of ``language`` (``en`` or ``tr``; None: chosen from the environment)."""
    if language is None:
        language = choose_language()
    found = _loaded.get(language)
    if found is None:
        if language not in LANGUAGES:
            from ..errors import Code, InputError, Reason  # noqa: PLC0415

            raise InputError("language", language, Reason(Code.EXPECTED_ONE_OF,
                                                           choices=LANGUAGES))
        import gettext  # noqa: PLC0415  (English, the usual case, needs no catalog)

        catalog = gettext.translation(DOMAIN, LOCALE_DIR, [language])
        found = _loaded[language] = Words(language, catalog)
    return found


def choose_language(environ: Mapping[str, str] | None = None) -> str:
    """``tr`` when the environment asks for Turkish, else ``en``.

    The variables are read in gettext's order (``LANGUAGE``, ``LC_ALL``,
    ``LC_MESSAGES``, ``LANG``) and the first one set decides. It may list
    several languages (``LANGUAGE=de:tr``): as gettext does, the first one
    there is a catalog for wins — ``tr…`` (``tr``, ``tr_TR.UTF-8``) is
    Turkish, ``en…``, ``C`` and ``POSIX`` are English, others are passed over.
    """
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            for language in value.split(":"):
                if language.startswith("tr"):
                    return "tr"
                if language.startswith("en") or language.split(".")[0] in ("C", "POSIX"):
                    return "en"
            return "en"
    return "en"

