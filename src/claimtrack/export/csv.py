"""CSV and TSV: RFC 4180 quoting, UTF-8, formula cells neutralised, one table at a time."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator
from typing import TYPE_CHECKING

from claimtrack.rows import columns, iter_cells

if TYPE_CHECKING:
    from claimtrack.index import Index
    from claimtrack.select import Selection

__all__ = ["datapackage", "to_csv"]


def to_csv(index: Index, selection: Selection, *, table: str = "claims",
           delimiter: str = ",", bom: bool = False) -> Iterator[str]:
    """The table as CSV (or TSV with ``delimiter="\t"``): header row, CRLF line ends.

    Lists are joined by "; "; cells a spreadsheet would run as formulas are neutralised
    (``claimtrack.csvcell``, in the SQL that reads them, so rows go straight to the
    writer)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL,
                        lineterminator="\r\n")
    writer.writerow([c.name for c in columns(table)])
    yield ("\ufeff" if bom else "") + out.getvalue()
    from claimtrack.select import Query

    cells = iter_cells(index, Query(selection=selection, view=table), separator="; ")
    while batch := list(itertools.islice(cells, 2000)):
        out.seek(0)
        out.truncate()
        writer.writerows(batch)
        yield out.getvalue()


def datapackage(files: dict[str, str], *, delimiter: str = ",") -> dict[str, object]:
    """A Frictionless Data Package descriptor for exported tables (table name -> file path)."""
    types = {"integer": "integer"}
    resources = []
    for table, path in files.items():
        fields = [{"name": c.name, "type": types.get(c.type, "string"),
                   "description": c.doc} for c in columns(table)]
        schema: dict[str, object] = {"fields": fields}
        if table in ("claims", "actors", "documents"):
            schema["primaryKey"] = ["id"]
        resources.append({
            "name": table, "path": path, "profile": "tabular-data-resource",
            "format": "csv" if delimiter == "," else "tsv", "encoding": "utf-8",
            "dialect": {"delimiter": delimiter, "lineTerminator": "\r\n"},
            "schema": schema,
        })
    return {"name": "claimtrack-export", "profile": "tabular-data-package",
            "resources": resources}
