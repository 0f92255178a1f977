"""Rows to text: any tabulate format, csv, tsv, a JSON array or JSON lines."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Mapping, Sequence
from typing import Any

from claimtrack.errors import UsageError, did_you_mean, one_of

__all__ = ["DEFAULT_FORMAT", "Output", "output_formats", "render", "terminal_width"]

DEFAULT_FORMAT = "simple"
_OWN_FORMATS = ("csv", "tsv", "json", "jsonl")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Row = Mapping[str, Any]


def _tabulate_formats() -> list[str]:
    import tabulate

    return list(tabulate.tabulate_formats)


def output_formats() -> list[str]:
    """Every accepted ``--format``: tabulate's table formats plus csv, tsv, json, jsonl."""
    return [*_tabulate_formats(), *_OWN_FORMATS]




def terminal_width() -> int:
    """Columns of the terminal, ``$COLUMNS`` when set, 100 when output is piped."""
    return shutil.get_terminal_size((100, 24)).columns


class Output:
    """How to print rows: format, columns, sort order, limit, width."""

    def __init__(
        self,
        *,
        fmt: str = DEFAULT_FORMAT,
        columns: Sequence[str] = (),
        sort: Sequence[str] = (),
        limit: int | None = None,
        width: int | None = None,
    ) -> None:
        if fmt not in _OWN_FORMATS and fmt not in _tabulate_formats():
            allowed = output_formats()
            raise UsageError(f"--format: unknown format '{fmt}'; {one_of(allowed)}"
                             f"{did_you_mean(fmt, allowed)}")
        if limit is not None and limit < 0:
            raise UsageError(f"--limit: expected a number of rows >= 0, got {limit}")
        self.fmt = fmt
        self.columns = [c.strip() for spec in columns for c in spec.split(",") if c.strip()]
        self.sort = [c.strip() for spec in sort for c in spec.split(",") if c.strip()]
        self.limit = limit
        self.width = width

    def shape(self, rows: Sequence[Row], available: Sequence[str],
              default: Sequence[str] | None = None, *, project: bool = True) -> list[Row]:
        """Sort, limit and pick columns (``default`` unless chosen), refusing unknown names.

        With ``project`` False the rows keep every column (the renderer picks its own).
        """
        for name in [*self.columns, *(s.lstrip("-") for s in self.sort)]:
            if name not in available:
                raise UsageError(f"unknown column '{name}'; {one_of(available)}"
                                 f"{did_you_mean(name, available)}")
        ordered = list(rows)
        for key in reversed(self.sort):
            name = key.lstrip("-")
            present = [r for r in ordered if r.get(name) not in (None, "", ())]
            absent = [r for r in ordered if r.get(name) in (None, "", ())]
            present.sort(key=lambda r: _sort_key(r[name]), reverse=key.startswith("-"))
            ordered = present + absent  # blanks last, whichever the direction
        if self.limit is not None:
            ordered = ordered[: self.limit]
        if not project:
            return ordered
        picked = self.picked(available, default)
        return [{name: row.get(name) for name in picked} for row in ordered]

    def picked(self, available: Sequence[str], default: Sequence[str] | None = None) -> list[str]:
        """The columns to show."""
        return self.columns or list(default if default is not None else available)

    def render(self, rows: Sequence[Row], available: Sequence[str],
               default: Sequence[str] | None = None) -> str:
        """The rows as text in the chosen format."""
        shaped = self.shape(rows, available, default, project=self.fmt in ("json", "jsonl"))
        return render(shaped, fmt=self.fmt, columns=self.picked(available, default),
                      width=self.width)


def _sort_key(value: Any) -> tuple[int, Any]:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (0, value)
    return (1, _cell(value).casefold())


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def render(rows: Sequence[Row], *, fmt: str, columns: Sequence[str],
           width: int | None = None) -> str:
    """Render ``rows`` (already shaped) with ``columns`` as ``fmt``."""
    if fmt == "json":
        return json.dumps(_jsonable(list(rows)), indent=2, ensure_ascii=False) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(_jsonable(dict(r)), ensure_ascii=False) + "\n" for r in rows)
    if fmt in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(columns)
        # The hot loop of a large export: plain strings, the common case, skip _cell.
        starts = _FORMULA_STARTS
        writer.writerows(
            [(v if v.__class__ is str and not v.startswith(starts) else _safe(_cell(v)))
             for c in columns for v in [row.get(c)]] for row in rows)
        return out.getvalue()
    return _table(rows, fmt=fmt, columns=columns, width=width or terminal_width())


def _safe(cell: str) -> str:
    """Neutralise a cell a spreadsheet would run as a formula."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def _table(rows: Sequence[Row], *, fmt: str, columns: Sequence[str], width: int) -> str:
    from tabulate import tabulate

    if not rows:
        return "(no rows)\n"
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    caps = _column_caps(columns, cells, width)
    return tabulate(cells, headers=list(columns), tablefmt=fmt, maxcolwidths=caps,
                    disable_numparse=True) + "\n"


def _column_caps(columns: Sequence[str], cells: list[list[str]], width: int) -> list[int | None]:
    """Widths that make the table fit ``width``.

    Identifier-like columns (no spaces) and short ones keep their width; prose columns share
    what is left in proportion to their length, never under 10. Only when identifiers alone
    overflow do they wrap too.
    """
    natural = [max([len(h), *(len(line) for row in cells for line in row[i].splitlines())])
               for i, h in enumerate(columns)]
    budget = width - 3 * len(columns) - 1
    if sum(natural) <= budget:
        return [None] * len(columns)
    prose = {i for i in range(len(columns))
             if natural[i] > 16 and any(" " in row[i] for row in cells)}
    if sum(natural[i] for i in range(len(columns)) if i not in prose) + 10 * len(prose) > budget:
        prose = {i for i in range(len(columns)) if natural[i] > 10}
    fixed = sum(natural[i] for i in range(len(columns)) if i not in prose)
    wide = sum(natural[i] for i in prose)
    room = max(budget - fixed, 10 * len(prose))
    return [max(10, room * natural[i] // wide) if i in prose else None
            for i in range(len(columns))]
