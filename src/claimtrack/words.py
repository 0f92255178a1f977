"""Small wording helpers shared by messages and summaries."""

from __future__ import annotations

__all__ = ["count"]


def count(n: int, noun: str) -> str:
    """``n`` and the noun, plural unless ``n`` is one: "1 claim", "3 claims"."""
    return f"{n} {noun}{'s' if n != 1 else ''}"
