"""Map TOML records and keys to the line they are written on, so errors can point at it.

``tomllib`` returns plain dicts without positions. The dataset is written in
array-of-tables style (``[[claims]]``, ``[[claims.appearances]]``), so a light scan of
the headers and ``key =`` lines recovers a line for every record and field. Anything the
scan cannot place falls back to its nearest placed ancestor, never to a wrong record.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["LineMap"]

_HEADER = re.compile(r"^\s*+(\[\[?)\s*+([A-Za-z0-9_.\-\"' ]++)\s*+\]\]?\s*+(?:#.*)?$")
"""A table header. The quantifiers are possessive: with ordinary ones, a long line of
spaces after ``[`` that never closes took time growing with the cube of its length."""
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+|\"[^\"]*\"|'[^']*')\s*=")
_TRIPLE = re.compile(r"\"\"\"|'''")


class LineMap:
    """Lines of the records and keys of one TOML text, addressed like ``claims[3].quote``."""

    def __init__(self, text: str | Callable[[], str]) -> None:
        # Scanned on first use: most loads report no problem and never need a line.
        self._text: str | Callable[[], str] | None = text
        self._lines: dict[str, int] = {}
        self._number = 0

    def line(self, path: str) -> int:
        """The line of ``path`` (``claims[3].reviews[0].status``) or of its nearest ancestor."""
        if self._text is not None:
            self._scan(self._text if isinstance(self._text, str) else self._text())
            self._text = None
        probe = path
        while probe:
            if probe in self._lines:
                return self._lines[probe]
            probe = _parent(probe)
        return 1

    def _scan(self, text: str) -> None:
        counts: dict[str, int] = {}
        context = ""
        open_quote: str | None = None
        for number, raw in enumerate(text.splitlines(), start=1):
            if open_quote is not None:
                if raw.count(open_quote) % 2 == 1:
                    open_quote = None
                continue
            header = _HEADER.match(raw)
            self._number = number
            if header:
                context = self._enter(header, counts)
                self._lines.setdefault(context, number)
                continue
            key = _KEY.match(raw)
            if key:
                name = key.group(1).strip("\"'")
                self._lines.setdefault(f"{context}.{name}" if context else name, number)
            triples = _TRIPLE.findall(raw)
            if len(triples) % 2 == 1:
                open_quote = triples[-1]

    def _enter(self, header: re.Match[str], counts: dict[str, int]) -> str:
        """Return the path a table header opens, counting array-of-tables entries."""
        names = [part.strip().strip("\"'") for part in header.group(2).split(".")]
        is_array = header.group(1) == "[["
        # Resolve each dotted part against the arrays opened so far: in
        # [[claims.appearances]] the 'claims' part means the latest [[claims]] entry.
        path = ""
        for index, name in enumerate(names):
            path = f"{path}.{name}" if path else name
            last = index == len(names) - 1
            if last and is_array:
                self._lines.setdefault(path, self._number)
                n = counts.get(path, -1) + 1
                counts[path] = n
                path = f"{path}[{n}]"
            elif path in counts:
                path = f"{path}[{counts[path]}]"
        return path


def _parent(path: str) -> str:
    """``a[1].b`` → ``a[1]`` → ``a`` → ``''``."""
    if path.endswith("]"):
        return path[: path.rindex("[")]
    return path.rpartition(".")[0]
