"""Find where else a quote occurs in its text, and the prefix that tells its own place apart.

``check`` requires every quote (with its prefix) to occur once. Counting each quote with
``str.count`` costs the whole text per claim, quadratic on a long article; instead every
``_K``-character window that starts at a multiple of ``_STEP`` is indexed once, and a quote
is looked up by the rarest window of each alignment, so a lookup costs about the number of
its real occurrences.
"""

from __future__ import annotations

__all__ = ["QuoteIndex"]

_K = 12
_STEP = 4
_MAX_PREFIX = 4096
_RARE = 2


class QuoteIndex:
    """Occurrences of quotes in one text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._windows: dict[str, list[int]] = {}
        for start in range(0, max(0, len(text) - _K + 1), _STEP):
            self._windows.setdefault(text[start : start + _K], []).append(start)

    def occurrences(self, quote: str) -> list[int]:
        """Every start offset of ``quote`` in the text, in order."""
        text, length = self.text, len(quote)
        if length < _K + _STEP:
            found, at = [], text.find(quote)
            while at != -1:
                found.append(at)
                at = text.find(quote, at + 1)
            return found
        starts: set[int] = set()
        windows = self._windows
        for align in range(_STEP):
            # Of this alignment's windows inside the quote, take the rarest, stopping at the
            # first rare one: a lookup then costs about the quote's real occurrences.
            best, fewest = align, len(text)
            for offset in range(align, length - _K + 1, _STEP):
                count = len(windows.get(quote[offset : offset + _K], ()))
                if count < fewest:
                    best, fewest = offset, count
                    if count <= _RARE:
                        break
            for position in windows.get(quote[best : best + _K], ()):
                start = position - best
                if start >= 0 and text.startswith(quote, start):
                    starts.add(start)
        return sorted(starts)

    def prefix(self, quote: str, start: int) -> str | None:
        """The shortest prefix (from 16 characters, doubling) making the quote at ``start``
        unique; ``""`` when it is unique already; None when no prefix up to 4 kB does."""
        others = [o for o in self.occurrences(quote) if o != start]
        if not others:
            return ""
        width = 16
        while width <= _MAX_PREFIX:
            prefix = self.text[max(0, start - width) : start]
            if all(self.text[max(0, o - len(prefix)) : o] != prefix for o in others):
                return prefix
            width *= 2
        return None
