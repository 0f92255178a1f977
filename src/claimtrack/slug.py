"""Ids made from names and statements: the one slugify and the one fresh-id.

An id is a slug (lowercase ASCII letters and digits in words joined by hyphens: what
``check`` accepts), made the same way wherever claimtrack makes one: ``new-actor``,
``add``, ``extract``, ``import``, ``actor merge``. Letters with accents keep their base
letter (``Ärzte ohne Grenzen`` is ``arzte-ohne-grenzen``, ``Tomáš`` is ``tomas``), the
letters Unicode does not decompose are spelt out (``ß`` is ``ss``, ``Ø`` is ``o``), a
possessive and a leading article go (``The NSS's office`` is ``nss-office``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container

__all__ = ["SLUG", "fresh_id", "is_slug", "slugify"]

_SPELT = str.maketrans({"ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe",
                        "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d",
                        "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "\u0131": "i", "ħ": "h",
                        "Ħ": "h", "ŧ": "t", "Ŧ": "t"})
"""Latin letters with no decomposition into a base letter and a mark."""
_POSSESSIVE = re.compile(r"[\u2019']s\b")
_ARTICLE = re.compile(r"^\W*(?:the|a|an)\s+(?=\S)")
_WORD = re.compile(r"[a-z0-9]+")

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
"""What an id is: lowercase ASCII letters and digits, in words joined by single hyphens."""


def is_slug(text: str) -> bool:
    """Whether ``text`` is an id ``check`` accepts."""
    return SLUG.fullmatch(text) is not None


def _ascii(text: str) -> str:
    """``text`` casefolded, in ASCII letters where a letter has a base one."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_SPELT))
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.casefold()


def slugify(text: str, *, limit: int = 48, fallback: str = "x") -> str:
    """A slug of ``text``: its first words, whole, up to ``limit`` characters (one word
    even when longer), or ``fallback`` when it has no letter or digit."""
    # Only the first words can reach the slug: a long text need not be read whole.
    head = _ARTICLE.sub("", _POSSESSIVE.sub("", _ascii(text[: 4 * limit + 16])).lstrip())
    slug = ""
    for word in _WORD.findall(head):
        if slug and len(slug) + 1 + len(word) > limit:
            break
        slug = f"{slug}-{word}" if slug else word[:limit]
    return slug or fallback


def fresh_id(base: str, taken: Container[str]) -> str:
    """``base``, or ``base-2``, ``base-3`` … : the first that is not ``taken``."""
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate
