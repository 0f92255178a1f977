"""CSV and TSV: RFC 4180 quoting, UTF-8, formula cells neutralised, one table at a time."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from claimtrack.dataset import Dataset
from claimtrack.export.table import TABLES, rows, text
from claimtrack.model import Claim

__all__ = ["FORMULA_STARTS", "datapackage", "neutralise", "to_csv"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet run a cell as a formula."""


def neutralise(cell: str) -> str:
    """Prefix ``'`` to a cell a spreadsheet would run as a formula (OWASP CSV injection)."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def to_csv(
    dataset: Dataset,
    claims: Sequence[Claim],
    *,
    table: str = "claims",
    delimiter: str = ",",
    bom: bool = False,
) -> str:
    """The table as CSV (or TSV with ``delimiter="\\t"``): header row, CRLF line ends."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL,
                        lineterminator="\r\n")
    columns = [c.name for c in TABLES[table]]
    writer.writerow(columns)
    for row in rows(dataset, table, claims):
        writer.writerow([neutralise(text(row[name])) for name in columns])
    return ("\ufeff" if bom else "") + out.getvalue()


def datapackage(files: dict[str, str], *, delimiter: str = ",") -> dict[str, object]:
    """A Frictionless Data Package descriptor for exported tables (table name -> file path)."""
    types = {"integer": "integer"}
    resources = []
    for table, path in files.items():
        fields = [{"name": c.name, "type": types.get(c.type, "string"),
                   "description": c.description} for c in TABLES[table]]
        resources.append({
            "name": table, "path": path, "profile": "tabular-data-resource",
            "format": "csv" if delimiter == "," else "tsv", "encoding": "utf-8",
            "dialect": {"delimiter": delimiter, "lineTerminator": "\r\n"},
            "schema": {"fields": fields,
                       "primaryKey": ["id"] if table in ("claims", "actors", "documents")
                       else None},
        })
    for resource in resources:
        schema = resource["schema"]
        assert isinstance(schema, dict)
        if schema["primaryKey"] is None:
            del schema["primaryKey"]
    return {"name": "claimtrack-export", "profile": "tabular-data-package",
            "resources": resources}
