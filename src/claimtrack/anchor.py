"""Find a quote in its document's text: the W3C TextQuoteSelector idea (prefix, exact, suffix)."""

from __future__ import annotations

__all__ = ["find_quote", "sentence_around"]


def find_quote(text: str, quote: str, *, prefix: str = "", suffix: str = "") -> list[int]:
    """Every start offset of ``quote`` in ``text`` that ``prefix`` and ``suffix`` also match."""
    if not quote:
        return []
    found: list[int] = []
    start = text.find(quote)
    while start != -1:
        end = start + len(quote)
        before = text[max(0, start - len(prefix)) : start]
        if before == prefix and text[end : end + len(suffix)] == suffix:
            found.append(start)
        start = text.find(quote, start + 1)
    return found


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the line-bounded sentence(s) that contain ``text[start:end]``."""
    left = start
    while left > 0 and text[left - 1] != "\n" and not _sentence_end(text, left - 1):
        left -= 1
    right = end
    while right < len(text) and text[right] != "\n" and not _sentence_end(text, right - 1):
        right += 1
    while left < start and text[left] == " ":
        left += 1
    return left, right


def _sentence_end(text: str, index: int) -> bool:
    """Whether ``text[index]`` closes a sentence: '.', '!' or '?' followed by a space."""
    return (
        text[index] in ".!?"
        and index + 1 < len(text)
        and text[index + 1] == " "
        and index > 0
        and not text[index - 1].isupper()
    )
