"""Document texts as the index reads them, and where a quote stands in one."""

from __future__ import annotations

import hashlib
from pathlib import Path

from claimtrack.anchor import find_quote
from claimtrack.files import UnreadableFileError, decode, inside, read_bytes

__all__ = ["quote_hits", "read_text", "text_and_sha", "text_sha"]


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
