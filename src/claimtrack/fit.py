"""Tables that fit a terminal: which column gives way, by how much, and where lines break.

Every column is one of four sorts, read from its values:

- **key**: ids, vocabulary words, dates: one token a cell. A key is never wrapped or
  broken: it is what a person copies.
- **count**: numbers. A count column shrinks to its values; its header wraps (in pieces
  of three letters at the least: a header cut finer cannot be read).
- **list**: several ids or words (``via``, ``tags``). Wrapped between items, never inside.
- **prose**: text with spaces (a statement, a reason), or in a script written without
  them (Chinese, Japanese). Wrapped at spaces, never inside a word (an id quoted in a
  reason stays whole); wide text is broken between its characters.

When a table is wider than the terminal, its columns give way in stages, each only as
far as needed: prose narrows to a comfortable width; headers wrap at their hyphens, then
in short pieces; prose narrows to its least; headers wrap down to their values. Before
each of the last three, the command's *spare* columns (those it shows by default but can
do without, in its order) are left out one by one, and the caller says so; when nothing
fits, each row is shown as a block of ``name: value``
lines (a word wider than the whole terminal is broken only there). Piped output is never
fitted: every row stays one line.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Sequence
from functools import cache

import attrs

__all__ = ["Layout", "Sort", "display_width", "fit", "hang", "hang_labelled", "sorts",
           "vertical", "wrap_text"]

_COMFORT = 20
"""A prose column narrower than this reads badly: it gives way below it only when needed."""
_LEAST = 12
"""The narrowest a prose column gets."""
_HEADER_PIECE = 5
"""A header is broken inside a word into pieces of at least this many characters..."""
_HEADER_LEAST = 3
"""... and of this many when nothing else is left to give."""
_STAGES = (3, 4, 5)
"""The stages tried with ever more spare columns left out: headers in pieces (3), prose at
its least (4), headers in the shortest pieces (5)."""


class Sort(enum.Enum):
    """What a column holds, which says how it may give way."""

    KEY = "key"
    COUNT = "count"
    LIST = "list"
    PROSE = "prose"


@cache
def _char_width(char: str) -> int:
    import wcwidth

    return max(wcwidth.wcwidth(char), 0)


def display_width(text: str) -> int:
    """Columns ``text`` takes on a terminal (wcwidth's measure, as tabulate's): wide (CJK)
    characters two, combining marks none."""
    if text.isascii():
        return len(text)
    import wcwidth

    width = wcwidth.wcswidth(text)
    return width if width >= 0 else sum(_char_width(c) for c in text)


def _wide(text: str) -> bool:
    """Whether ``text`` holds a character of a script written without spaces between
    words (a wide one): such text may be broken between any two characters."""
    return not text.isascii() and display_width(text) > len(text)


def _cut(text: str, width: int) -> tuple[str, str]:
    """``text`` split where its head fills ``width`` columns (at least one character)."""
    used = 0
    for i, char in enumerate(text):
        used += _char_width(char)
        if used > width:
            return text[: max(i, 1)], text[max(i, 1):]
    return text, ""


def wrap_text(text: str, width: int, *, separator: str = " ",
              hyphens: bool = False) -> list[str]:
    """``text`` in lines of at most ``width`` columns, broken after the ``separator``
    between its parts (spaces at a line's end dropped); with ``hyphens``, also after a
    hyphen. Only a part wider than ``width`` is broken inside."""
    lines: list[str] = []
    line = ""
    for part in _parts(text, separator, hyphens):
        if not line.strip() or display_width((line + part).rstrip()) <= width:
            line += part
        else:
            lines.append(line.rstrip())
            line = part.lstrip()
        while display_width(line.rstrip()) > width:
            head, line = _cut(line, width)
            lines.append(head)
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def _parts(text: str, separator: str, hyphens: bool) -> list[str]:
    """``text`` divided after each ``separator`` (and hyphen), the pieces kept whole."""
    pieces = text.split(separator)
    parts = [p + separator for p in pieces[:-1]] + [pieces[-1]]
    if hyphens:
        parts = [bit for part in parts for bit in _after_hyphens(part)]
    return [p for p in parts if p]


def _after_hyphens(part: str) -> list[str]:
    bits = part.split("-")
    return [b + "-" for b in bits[:-1]] + [bits[-1]]


def _longest_part(text: str, separator: str, hyphens: bool) -> int:
    return max((display_width(p.strip()) for p in _parts(text, separator, hyphens)),
               default=0)


_LIST_SEPARATOR = ", "


def sorts(values: Sequence[Sequence[object]], cells: Sequence[Sequence[str]],
          ncolumns: int) -> list[Sort]:
    """The sort of each column, from its raw values and its cells as shown."""
    found = []
    for i in range(ncolumns):
        raw = [row[i] for row in values if row[i] not in (None, "", ())]
        if raw and all(isinstance(v, int | float) and not isinstance(v, bool) for v in raw):
            found.append(Sort.COUNT)
        elif any(isinstance(v, list | tuple) for v in raw):
            found.append(Sort.LIST)
        elif all(len(row[i].split()) <= 1 and not _wide(row[i]) for row in cells):
            found.append(Sort.KEY)
        else:
            found.append(Sort.PROSE)
    return found


@attrs.frozen
class _Column:
    """One column: its sort and its least width at each stage of giving way."""

    sort: Sort
    stages: tuple[int, ...]
    """Natural; prose comfortable; headers at hyphens; headers in pieces; prose least;
    headers at the values."""


def _column(sort: Sort, header: str, cells: Sequence[str]) -> _Column:
    widest = max((display_width(c) for c in cells), default=0)
    natural = max(display_width(header), widest)
    header_part = _longest_part(header, " ", True)
    if sort in (Sort.PROSE, Sort.LIST):
        separator = " " if sort is Sort.PROSE else _LIST_SEPARATOR
        word = max((display_width(p.strip()) for c in cells for p in _parts(c, separator, False)
                    if not _wide(p)), default=0)
        # Neither a word nor an item is broken: an id quoted in a reason stays whole.
        least = min(natural, max(_LEAST if sort is Sort.PROSE else 1, word))
        comfort = min(natural, max(_COMFORT, least, header_part))
        return _Column(sort, (natural, comfort, comfort, comfort, least, least))
    hyphenated = max(widest, header_part)
    pieces = max(widest, min(hyphenated, _HEADER_PIECE))
    least = max(widest, min(hyphenated, _HEADER_LEAST), 1)
    return _Column(sort, (natural, natural, hyphenated, pieces, pieces, least))


def _widths(columns: Sequence[_Column], budget: int, upto: int) -> list[int] | None:
    """Each column's width at the first stage (up to ``upto``) at which the table fits
    ``budget``, the room left shared among the columns that gave way at that stage."""
    widths = [c.stages[0] for c in columns]
    if sum(widths) <= budget:
        return widths
    for stage in range(1, upto + 1):
        floors = [c.stages[stage] for c in columns]
        if sum(floors) <= budget:
            giving = [i for i in range(len(columns)) if floors[i] < widths[i]]
            return _share(widths, floors, giving, budget - sum(floors))
        widths = floors
    return None


def _share(widths: list[int], floors: list[int], giving: list[int], room: int) -> list[int]:
    """``floors``, with ``room`` more shared among the ``giving`` columns in proportion to
    how much each gave way, none wider than it was."""
    out = list(floors)
    total = sum(widths[i] - floors[i] for i in giving)
    if total <= room:
        return list(widths)
    for i in giving:
        out[i] += (widths[i] - floors[i]) * room // total
    left = room - sum(out[i] - floors[i] for i in giving)
    for i in sorted(giving, key=lambda i: out[i] - widths[i]):
        if left > 0 and out[i] < widths[i]:
            out[i] += 1
            left -= 1
    return out


@attrs.frozen
class Layout:
    """A table laid out for a width: the columns kept (by position), their headers and
    cells with line breaks; or, when no table fits, None for a block a row."""

    kept: list[int] | None
    headers: list[str]
    cells: list[list[str]]


def fit(headers: Sequence[str], cells: Sequence[Sequence[str]], kinds: Sequence[Sort], *,
        width: int, overhead: Callable[[int], int],
        spare: Sequence[Sequence[int]] = ()) -> Layout:
    """Lay the table out for ``width`` terminal columns; ``overhead`` says how many the
    format's borders and gaps take around a number of columns; ``spare`` are groups of
    positions of columns that may be left out together, the first first."""
    columns = [_column(kind, headers[i], [row[i] for row in cells])
               for i, kind in enumerate(kinds)]
    for upto in _STAGES:
        for dropped in range(len(spare) + 1):
            gone = {i for group in spare[:dropped] for i in group}
            kept = [i for i in range(len(columns)) if i not in gone]
            widths = _widths([columns[i] for i in kept], width - overhead(len(kept)), upto)
            if widths is not None:
                return _laid_out(headers, cells, kinds, kept, widths)
    return Layout(None, list(headers), [list(row) for row in cells])


def _laid_out(headers: Sequence[str], cells: Sequence[Sequence[str]], kinds: Sequence[Sort],
              kept: list[int], widths: list[int]) -> Layout:
    at = dict(zip(kept, widths, strict=True))
    return Layout(
        kept,
        ["\n".join(wrap_text(headers[i], at[i], hyphens=True)) for i in kept],
        [[_fit_cell(row[i], kinds[i], at[i]) for i in kept] for row in cells])


def _fit_cell(cell: str, sort: Sort, width: int) -> str:
    """The cell's text in ``width`` columns: prose and lists wrapped, keys and counts as
    they are (their column is as wide as they are)."""
    if display_width(cell) <= width or sort in (Sort.KEY, Sort.COUNT):
        return cell
    separator = _LIST_SEPARATOR if sort is Sort.LIST else " "
    return "\n".join(wrap_text(cell, width, separator=separator))


def vertical(headers: Sequence[str], cells: Sequence[Sequence[str]], kinds: Sequence[Sort],
             *, width: int) -> str:
    """The rows as blocks of ``name: value`` lines, a blank line between them: what is
    shown when not even the least table fits. Keys stay whole, the rest wraps."""
    label = max(display_width(h) for h in headers) + 2
    room = max(width - label, _LEAST)
    blocks = []
    for row in cells:
        lines = []
        for header, cell, kind in zip(headers, row, kinds, strict=True):
            name = f"{header}:"
            if kind in (Sort.KEY, Sort.COUNT) and display_width(cell) > room:
                # Too wide beside its label: under it, whole where the terminal has room
                # (indented as far as that leaves), else broken only there.
                lines.append(name)
                indent = min(label, max(width - display_width(cell), 0))
                lines.extend(" " * indent + part for part in wrap_text(cell, width))
                continue
            wrapped = _fit_cell(cell, kind, room).split("\n")
            lines.append(name + " " * (label - display_width(name)) + wrapped[0])
            lines.extend(" " * label + more for more in wrapped[1:])
        blocks.append("\n".join(line.rstrip() for line in lines))
    return "\n\n".join(blocks) + "\n"


def hang(line: str, width: int, *, indent: int) -> list[str]:
    """``line`` wrapped to ``width`` columns at spaces, the lines after the first indented
    by ``indent``; a word is broken only when wider than the room left."""
    if display_width(line) <= width:
        return [line]
    lead = len(line) - len(line.lstrip(" "))
    words = line[lead:]
    first = wrap_text(words, max(width - lead, _LEAST))[0]
    rest = words[len(first):].strip()
    return [" " * lead + first,
            *(" " * indent + part for part in (wrap_text(rest, max(width - indent, _LEAST))
                                                if rest else []))]


_LABEL = re.compile(r" *(?:[a-z][\w' ]*:  *|- |└─ )")


def hang_labelled(text: str, width: int) -> str:
    """Each line of ``text`` wrapped to ``width``, its continuation lines under where its
    value starts (after a ``label:`` and its spaces, a ``- `` or a tree's ``└─ ``), else
    two spaces in."""
    out: list[str] = []
    for line in text.split("\n"):
        label = _LABEL.match(line)
        lead = len(line) - len(line.lstrip(" "))
        indent = label.end() if label is not None else lead + 2
        out.extend(hang(line, width, indent=indent if indent <= width // 2 else lead + 2))
    return "\n".join(out)
