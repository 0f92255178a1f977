"""Flat rows of every table, straight from the index: what ``list`` and the exports print.

The columns of each table are the model's (``claimtrack.schema``) plus two that need the
index: the claimant's name and the dossier a claim is written in. Rows come from one SQL
statement each (``claimtrack.select.compile_query``), a batch at a time, so an export of
100,000 claims never holds them all.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

from claimtrack.schema import Column, export_columns, tables

if TYPE_CHECKING:
    from claimtrack.index import Index
    from claimtrack.select import Query

__all__ = ["LIST_COLUMNS", "TABLE_NAMES", "Row", "columns", "iter_cells", "iter_rows"]

Row = dict[str, Any]
"""One row: column name -> text, integer, a tuple of strings (lists) or None."""

TABLE_NAMES = ("claims", "actors", "documents", "appearances", "relations", "reviews")

LIST_COLUMNS = ("id", "claimant", "attribution", "framing", "kind", "status", "statement")
"""What ``list`` shows unless asked: who says it and whether the passage names them
(attribution) beside how the document presents it (framing), so "nss, inferred, asserted"
reads as the document stating as fact what is taken to be the NSS's. ``made`` is left to
``--columns`` and ``timeline``, to keep the table as wide as a terminal."""

_CLAIM_EXTRAS = (
    (Column("claimant_name", "text", "Name of the claimant."), "claimant"),
    (Column("dossier", "text", "Dossier (file stem) the claim is written in.", True),
     "review_evidence"),
)
"""Claim columns the index knows and the record does not (the query layer says how)."""


@cache
def columns(table: str) -> tuple[Column, ...]:
    """The columns of ``table`` as exports and ``list`` show them, in order."""
    if table == "claims":
        return tuple(export_columns(tables()["claims"], list(_CLAIM_EXTRAS)))
    for tbl in tables().values():
        for child in tbl.children:
            if child.name == table:
                return tuple(export_columns(child))
    return tuple(export_columns(tables()[table]))


def iter_cells(index: Index, query: Query, *, separator: str = ", ") -> Iterator[tuple[Any, ...]]:
    """The query's rows as tuples of cells (lists joined by ``separator``), as a csv shows
    them: formula cells neutralised."""
    from claimtrack.select import execute

    return execute(index, query, joined=separator, safe=True)


def iter_rows(index: Index, query: Query) -> Iterator[Row]:
    """The query's rows as dicts, lists as tuples."""
    from claimtrack.select import execute

    wanted = query.names
    kinds = {c.name: c.type for c in columns(query.view)} if query.view in TABLE_NAMES \
        else {}
    lists = [name for name in wanted if kinds.get(name) == "list"]
    for raw in execute(index, query):
        row = dict(zip(wanted, raw, strict=True))
        for name in lists:
            row[name] = tuple(json.loads(row[name])) if row[name] is not None else ()
        yield row
