"""Claims in date order; partial dates sort a year before its months, undated claims last."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from claimtrack.index import Index

__all__ = ["COLUMNS", "SPARE", "timeline"]

COLUMNS = ["date", "precision", "id", "claimant", "kind", "status", "statement"]
SPARE = ["precision", "kind", "claimant", "status"]
"""Columns a terminal too narrow for all of them does without, the first first."""

_PRECISION = "CASE length({0}) WHEN 4 THEN 'year' WHEN 7 THEN 'month' ELSE 'day' END"


def timeline(index: Index, where: str, params: Sequence[Any] = (), *,
             by_occurred: bool = False, limit: int | None = None) -> Iterator[dict[str, Any]]:
    """Rows in order of ``made`` (or ``occurred``), stable within a date (folder order).

    As text, "2023" sorts before "2023-01" and "2023-01" before "2023-01-05": the order
    of partial dates.
    """
    field = "c.occurred" if by_occurred else "c.made"
    sql = (f"SELECT {field}, {_PRECISION.format(field)}, c.id, c.claimant, c.kind, "
           f"c.status, c.statement FROM claims c WHERE {where} "
           f"ORDER BY {field} IS NULL, {field}, c.file, c.n")
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    for date, precision, *rest in index.db.execute(sql, tuple(params)):
        yield dict(zip(COLUMNS, [date, None if date is None else precision, *rest],
                       strict=True))
