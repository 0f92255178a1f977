"""A GitHub/CommonMark pipe table whose cells can never spill into the next one."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from claimtrack.rows import Row, iter_rows

if TYPE_CHECKING:
    from claimtrack.index import Index

__all__ = ["COLUMNS", "cell", "to_markdown"]

COLUMNS = ("ID", "Claimant", "Statement", "Kind", "Framing", "Status", "Made", "Quote")

# Characters with an inline meaning in CommonMark or GFM tables; each gets a backslash.
_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~])")
_NEWLINE = re.compile(r"\r\n|\r|\n")


def cell(value: str) -> str:
    """One cell: inline specials backslash-escaped, ``|`` included, newlines as ``<br>``."""
    return _NEWLINE.sub("<br>", _SPECIAL.sub(r"\\\1", value))


ROW_COLUMNS = ("id", "claimant_name", "statement", "kind", "framing", "status", "made",
               "quote")
"""The claims-table columns a report shows, in ``COLUMNS`` order."""


def row_values(row: Row) -> tuple[str, ...]:
    """The plain values of one claim's row, in COLUMNS order."""
    return tuple(str(row[c] or "") for c in ROW_COLUMNS)


def to_markdown(index: Index, where: str, params: Sequence[Any] = ()) -> Iterator[str]:
    """The claims as one pipe table."""
    yield "| " + " | ".join(COLUMNS) + " |\n" + "|" + "---|" * len(COLUMNS) + "\n"
    for row in iter_rows(index, "claims", where, params, ROW_COLUMNS):
        yield "| " + " | ".join(cell(v) for v in row_values(row)) + " |\n"
