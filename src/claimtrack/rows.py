"""Flat rows of every table, straight from the index: what ``list`` and the exports print.

The columns of each table are the model's (``claimtrack.schema``) plus two that need the
index: the claimant's name and the dossier a claim is written in. Rows come from one SQL
query each, in folder order, a batch at a time, so an export of 100,000 claims never holds
them all.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from claimtrack.csvcell import neutralise_sql
from claimtrack.schema import Column, export_columns, tables

if TYPE_CHECKING:
    from claimtrack.index import Index

__all__ = ["TABLE_NAMES", "Row", "columns", "iter_cells", "iter_rows", "row_query"]

Row = dict[str, Any]
"""One row: column name -> text, integer, a tuple of strings (lists) or None."""

TABLE_NAMES = ("claims", "actors", "documents", "appearances", "relations", "reviews")

_CLAIM_EXTRAS = (
    (Column("claimant_name", "text", "Name of the claimant."), "claimant",
     "COALESCE(a.name, c.claimant)"),
    (Column("dossier", "text", "Dossier (file stem) the claim is written in.", True),
     "review_evidence", "c.dossier"),
)
"""Claim columns the index knows and the record does not, with the SQL that gives them."""


@cache
def columns(table: str) -> tuple[Column, ...]:
    """The columns of ``table`` as exports and ``list`` show them, in order."""
    if table == "claims":
        return tuple(export_columns(tables()["claims"],
                                    [(c, after) for c, after, _ in _CLAIM_EXTRAS]))
    parent = _parent(table)
    if parent is None:
        return tuple(export_columns(tables()[table]))
    return tuple(export_columns(next(c for c in parent.children if c.name == table)))


def _parent(table: str) -> Any:
    for tbl in tables().values():
        if any(c.name == table for c in tbl.children):
            return tbl
    return None


def row_query(table: str, where: str = "c.live", params: Sequence[Any] = (),
              names: Sequence[str] | None = None, *, joined: str | None = None,
              safe: bool = False) -> tuple[str, list[Any]]:
    """The SQL that gives ``table``'s rows (only ``names`` when given) for the claims
    ``where`` keeps (actors and documents: all of them), in folder order.

    With ``joined`` (a separator), list columns come as their items joined by it rather
    than as JSON arrays; with ``safe``, a cell a spreadsheet would run as a formula comes
    with a leading ``'``.
    """
    wanted = list(names or [c.name for c in columns(table)])
    kinds = {c.name: c.type for c in columns(table)}

    def cell(expression: str, name: str) -> str:
        kind = kinds.get(name)
        if kind in ("enum", "date"):
            return expression  # a vocabulary word or digits: nothing a spreadsheet runs
        if joined is not None and kind == "list":
            item = neutralise_sql("value", only_if="j.key = 0 AND ") if safe else "value"
            return (f"(SELECT group_concat({item}, '{joined}') "
                    f"FROM json_each({expression}) j)")
        return neutralise_sql(expression) if safe else expression

    if table == "claims":
        sources = {expr_name.name: expr for expr_name, _, expr in _CLAIM_EXTRAS}
        fields = ", ".join(cell(sources.get(n, f'c."{n}"'), n) for n in wanted)
        join = ("LEFT JOIN actors a ON a.id = c.claimant AND a.live"
                if "claimant_name" in wanted else "")
        return (f"SELECT {fields} FROM claims c {join} WHERE {where} ORDER BY c.file, c.n",
                list(params))
    if _parent(table) is None:
        fields = ", ".join(cell(f'x."{n}"', n) for n in wanted)
        return f"SELECT {fields} FROM {table} x WHERE x.live ORDER BY x.file, x.n", []
    fields = ", ".join(cell(f'x."{n}"', n) for n in wanted)
    return (f"SELECT {fields} FROM {table} x JOIN claims c ON c.rid = x.parent "
            f"WHERE x.live AND {where} ORDER BY c.file, c.n, x.position", list(params))


def iter_cells(index: Index, table: str, where: str = "c.live", params: Sequence[Any] = (),
               names: Sequence[str] | None = None, *, separator: str = ", ",
               batch: int = 2000) -> Iterator[tuple[Any, ...]]:
    """The rows of ``table`` as tuples of cells (lists joined by ``separator``), as a csv
    shows them: formula cells neutralised."""
    sql, values = row_query(table, where, params, names, joined=separator, safe=True)
    cursor = index.db.execute(sql, values)
    while chunk := cursor.fetchmany(batch):
        yield from chunk


def iter_rows(index: Index, table: str, where: str = "c.live", params: Sequence[Any] = (),
              names: Sequence[str] | None = None, *, batch: int = 2000) -> Iterator[Row]:
    """The rows of ``table`` as dicts, lists as tuples, fetched ``batch`` at a time."""
    wanted = list(names or [c.name for c in columns(table)])
    kinds = {c.name: c.type for c in columns(table)}
    lists = [i for i, n in enumerate(wanted) if kinds.get(n) == "list"]
    sql, values = row_query(table, where, params, wanted)
    cursor = index.db.execute(sql, values)
    while True:
        chunk = cursor.fetchmany(batch)
        if not chunk:
            return
        for raw in chunk:
            row = dict(zip(wanted, raw, strict=True))
            for i in lists:
                name = wanted[i]
                row[name] = tuple(json.loads(row[name])) if row[name] is not None else ()
            yield row
