"""A GitHub/CommonMark pipe table whose cells can never spill into the next one."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from claimtrack.rows import Row, iter_rows

if TYPE_CHECKING:
    from claimtrack.index import Index

__all__ = ["COLUMNS", "cell", "to_markdown"]

COLUMNS = ("ID", "Claimant", "Statement", "Kind", "Framing", "Status", "Made", "Quote",
           "Chain", "Reviewed by", "Review note", "Evidence")

# Characters with an inline meaning in CommonMark or GFM tables; each gets a backslash.
_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~])")
_NEWLINE = re.compile(r"\r\n|\r|\n")


def cell(value: str) -> str:
    """One cell: inline specials backslash-escaped, ``|`` included, newlines as ``<br>``."""
    return _NEWLINE.sub("<br>", _SPECIAL.sub(r"\\\1", value))


ROW_COLUMNS = ("id", "claimant_name", "statement", "kind", "framing", "status", "made",
               "quote", "reviewed_by", "review_note", "review_evidence")
"""The claims-table columns the reports show (latex the first eight), in order."""


def row_values(row: Row) -> tuple[str, ...]:
    """The plain values of one claim's row, in ROW_COLUMNS order (lists joined by "; ")."""
    return tuple("; ".join(v) if isinstance(v := row.get(c), list | tuple) else str(v or "")
                 for c in ROW_COLUMNS)


def to_markdown(index: Index, where: str, params: Sequence[Any] = ()) -> Iterator[str]:
    """The claims as one pipe table: with each appearance's chain, and the verdict's
    reviewer, note and evidence."""
    from claimtrack.export.claims import Chains

    yield "| " + " | ".join(COLUMNS) + " |\n" + "|" + "---|" * len(COLUMNS) + "\n"
    chains = Chains(index)
    rows = iter_rows(index, "claims", where, params, ROW_COLUMNS)
    while batch := list(itertools.islice(rows, 1000)):
        found = chains.of([row["id"] for row in batch])
        for row in batch:
            values = row_values(row)
            cells = (*values[:8], "; ".join(found.get(row["id"], ())), *values[8:])
            yield "| " + " | ".join(cell(v) for v in cells) + " |\n"
