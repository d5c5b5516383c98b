"""Versions and specifier sets, parsed once at the edge.

Vendor spellings that PEP 440 does not know are normalised, never dropped:
a release followed by a bare word, such as the FIPS build ``14.3.3fips``,
becomes the local version ``14.3.3+fips``. It sorts just after ``14.3.3``,
satisfies ``>=14.3.3`` and ``==14.3.3`` (PEP 440 ignores local labels unless
the specifier names one), and keeps its original spelling for display.
"""

from __future__ import annotations

import functools
import re

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version

from .errors import Code, ParseError, Reason

__all__ = ["parse_specifier", "parse_version"]


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@functools.cache
def _vendor_suffix() -> re.Pattern[str]:
    """A release (1.2.3) glued to a vendor word (fips, lts): the word becomes a
    PEP 440 local label. Words PEP 440 already reads (rc1, post2) never get here.
    At least two letters: "1.x" is a wildcard, not a build, and is rejected.
    Compiled on first use: it costs a millisecond, and most versions never need it.
    """
    return re.compile(r"^v?(?P<release>\d+(?:\.\d+)*)[-_.]?(?P<word>[a-z]{2,}[a-z0-9]*)$",
                      re.I | re.ASCII)  # ASCII: the Kelvin sign is not a K


def parse_version(text: str) -> Version:
    """Read a version, normalising vendor suffixes.

    Raises ``errors.ParseError`` (a ``ValueError``) whose ``reason`` says why not.
    """
    text = text.strip()
    try:
        return Version(text)
    except ValueError:  # InvalidVersion, or a number past Python's 4300-digit limit
        pass
    match = _vendor_suffix().match(text)
    if match:
        word = match["word"].translate(_ASCII_LOWER)  # A-Z only: no locale-aware casing
        # "1.0.post1fips" is a post-release and a word: read as one word it would lose
        # the post-release and sort below 1.0.post1. Say so rather than guess.
        pep440 = re.match(r"(?:a|b|c|rc|alpha|beta|pre|preview|post|rev|r|dev)\d+", word)
        if pep440:
            rest = word[pep440.end():].lstrip("-_.")
            raise ParseError(Reason(Code.VERSION_SUFFIX_AND_WORD, text=text,
                                    suffix=pep440.group(), release=match["release"], word=rest))
        try:
            return Version(f"{match['release']}+{word}")
        except ValueError:  # a release past Python's 4300-digit limit
            pass
    raise ParseError(Reason(Code.VERSION_INVALID, text=text))


def parse_specifier(text: str) -> SpecifierSet:
    """Read a PEP 440 specifier set such as ``>=3.3.2,<4``.

    Raises ``errors.ParseError`` (a ``ValueError``) whose ``reason`` says why not.
    """
    try:
        spec = SpecifierSet(text.strip())
    except InvalidSpecifier:
        stripped = text.strip()
        if "=>" in text or "=<" in text:
            reason = Reason(Code.SPECIFIER_REVERSED_OPERATOR, text=text)
        elif stripped.startswith("=") and not stripped.startswith("=="):
            reason = Reason(Code.SPECIFIER_SINGLE_EQUALS, text=text, written=stripped)
        elif " and " in text or " or " in text:
            reason = Reason(Code.SPECIFIER_WORDS, text=text)
        else:
            reason = Reason(Code.SPECIFIER_INVALID, text=text)
        raise ParseError(reason) from None
    if not len(spec):  # not str(spec): printing a set canonicalises it, 40 µs a call
        raise ParseError(Reason(Code.SPECIFIER_EMPTY))
    # packaging reads a clause's version only when it first compares it, and a
    # number past Python's 4,300-digit limit fails there: read long ones now.
    for clause in spec if len(text) > 4000 else ():  # no clause is longer than its text
        if clause.operator != "===" and len(clause.version) > 4000:
            try:
                Version(clause.version.removesuffix(".*"))
            except ValueError:
                raise ParseError(Reason(Code.SPECIFIER_VERSION_TOO_LONG,
                                        text=text.strip())) from None
    return spec
