"""Claims in date order; partial dates sort a year before its months, undated claims last."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from claimtrack.index import Index
    from claimtrack.select import Selection

__all__ = ["COLUMNS", "SPARE", "timeline"]

COLUMNS = ["date", "precision", "id", "claimant", "kind", "status", "statement"]
SPARE = ["precision", "kind", "claimant", "status"]
"""Columns a terminal too narrow for all of them does without, the first first."""


def timeline(index: Index, selection: Selection, *, by_occurred: bool = False,
             order: Sequence[str] = (), limit: int | None = None
             ) -> Iterator[dict[str, Any]]:
    """Rows in order of ``made`` (or ``occurred``), stable within a date (folder order);
    ``order`` (columns, ``-name`` descending) comes first when given.

    As text, "2023" sorts before "2023-01" and "2023-01" before "2023-01-05": the order
    of partial dates.
    """
    from claimtrack.select import Query, execute

    query = Query(selection=selection, view="timeline-occurred" if by_occurred else "timeline",
                  columns=tuple(COLUMNS), order=(*order, "date"), limit=limit)
    for row in execute(index, query):
        yield dict(zip(COLUMNS, row, strict=True))
