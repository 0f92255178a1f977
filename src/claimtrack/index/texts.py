"""Document texts as the index reads them, and where a quote stands in one."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

from claimtrack.anchor import find_quote
from claimtrack.files import UnreadableFileError, decode, inside, read_bytes

__all__ = ["quote_hits", "quote_hits_many", "read_text", "text_and_sha", "text_sha"]


def read_text(root: Path, path: str) -> str | None:
    """A document text as ``check`` sees it, or None when it cannot be read."""
    full = root / path
    if not inside(root, full):
        return None
    try:
        return decode(read_bytes(full))
    except UnreadableFileError:
        return None


def text_and_sha(root: Path, path: str) -> tuple[str, str] | None:
    """A document text and the sha256 of its UTF-8, or None when it cannot be read."""
    text = read_text(root, path)
    if text is None:
        return None
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()


def text_sha(root: Path, path: str) -> tuple[str | None, str | None]:
    """The sha256 of a document text's UTF-8, or why it cannot be read."""
    full = root / path
    if not inside(root, full):
        return None, "escapes"
    try:
        text = decode(read_bytes(full))
    except UnreadableFileError as error:
        return None, error.message
    return hashlib.sha256(text.encode("utf-8")).hexdigest(), None


def quote_hits(text: str, quote: str, prefix: str, suffix: str) -> tuple[int, int]:
    """How often the quote (with its prefix and suffix) occurs in the text, -1 when it is
    empty; and whether the bare quote occurs at all."""
    if not quote:
        return -1, 0
    return len(find_quote(text, quote, prefix=prefix, suffix=suffix)), int(quote in text)


_SCAN = 20_000_000
"""Above this many characters searched (quotes times text length), the quotes are found
in one pass over the text instead of one search each: an import puts ten thousand quotes
in one document, and ten thousand searches of the whole text take seconds."""


def quote_hits_many(text: str, quotes: Sequence[tuple[str, str, str]]
                    ) -> list[tuple[int, int]]:
    """``quote_hits`` for each (quote, prefix, suffix) of one text, in order."""
    if len(quotes) * len(text) <= _SCAN:
        return [quote_hits(text, q, p, s) for q, p, s in quotes]
    needles = [p + q + s for q, p, s in quotes]
    key = max(4, min(16, min((len(n) for n in needles if n), default=4)))
    table: dict[str, list[str]] = {}
    for needle in needles:
        if len(needle) >= key:
            bucket = table.setdefault(needle[:key], [])
            if needle not in bucket:
                bucket.append(needle)
    counts: dict[str, int] = {}
    get = table.get
    # Only where a needle's first character stands can one begin: an import's quotes all
    # start "[n] ", so the text is read at a few thousand places, not at every character.
    firsts = re.compile("[" + "".join(re.escape(c) for c in {n[0] for n in table}) + "]")
    for at in firsts.finditer(text, 0, max(0, len(text) - key + 1)):
        start = at.start()
        found = get(text[start:start + key])
        if found is not None:
            for needle in found:
                if text.startswith(needle, start):
                    counts[needle] = counts.get(needle, 0) + 1
    out = []
    for (quote, prefix, suffix), needle in zip(quotes, needles, strict=True):
        if not quote:
            out.append((-1, 0))
        elif len(needle) < key:
            out.append(quote_hits(text, quote, prefix, suffix))
        else:
            hits = counts.get(needle, 0)
            out.append((hits, 1 if hits else int(quote in text)))
    return out
