"""Small wording helpers shared by messages and summaries."""

from __future__ import annotations

import unicodedata

__all__ = ["blank", "count", "fold"]

_UNSEEN = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Cn"})
"""Unicode categories a reader sees nothing of: spaces, line and paragraph separators,
controls, format characters (zero-width space and joiners, bidi marks, the soft hyphen),
lone surrogates and unassigned code points."""


def blank(text: str) -> bool:
    """Whether ``text`` shows nothing: only white space and invisible characters."""
    return not text.strip() or all(unicodedata.category(ch) in _UNSEEN for ch in text)


def count(n: int, noun: str) -> str:
    """``n`` and the noun, plural unless ``n`` is one: "1 claim", "3 claims"."""
    return f"{n} {noun}{'s' if n != 1 else ''}"


def fold(text: str) -> str:
    """``text`` as searches and names compare it: case-folded, its accents composed one way
    (an "é" typed as one character equals "e" + U+0301 pasted from elsewhere)."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())
