"""Find a quote in its document's text: the W3C TextQuoteSelector idea (prefix, exact, suffix)."""

from __future__ import annotations

__all__ = ["find_quote", "sentence_around"]


def find_quote(text: str, quote: str, *, prefix: str = "", suffix: str = "") -> list[int]:
    """Every start offset of ``quote`` in ``text`` that ``prefix`` and ``suffix`` also match.

    That is every occurrence, overlapping ones too, of ``prefix + quote + suffix``, found
    in time linear in the text: a needle that repeats itself (``aaaa`` in ``aaaaaaaa``)
    is not compared in full at each of its thousands of overlapping places.
    """
    if not quote:
        return []
    return [start + len(prefix) for start in _occurrences(text, prefix + quote + suffix)]


def _occurrences(text: str, needle: str) -> list[int]:
    """Start of every occurrence of ``needle`` in ``text``, overlapping ones included."""
    size = len(needle)
    # The smallest period of the needle (str.find is linear): two occurrences can only
    # overlap by a multiple of it, and one at ``start`` continues at ``start + period``
    # exactly when the ``period`` characters after it repeat the needle's tail.
    period = (needle + needle).find(needle, 1)
    tail = needle[size - period:]
    found: list[int] = []
    start = text.find(needle)
    while start != -1:
        found.append(start)
        if period < size and text.startswith(tail, start + size):
            start += period
        else:
            start = text.find(needle, start + 1)
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
