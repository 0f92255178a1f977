"""Rows to text: any tabulate format, csv, tsv, a JSON array or JSON lines, streamed."""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import itertools
import json
import re
import shutil
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import IO, Any

from claimtrack.csvcell import FORMULA_STARTS, neutralise
from claimtrack.errors import UsageError, did_you_mean, one_of
from claimtrack.inert import json_text, one_line, visible

__all__ = ["DEFAULT_FORMAT", "Output", "fitting_width", "output_formats", "render",
           "terminal_width"]

_BATCH = 2000

DEFAULT_FORMAT = "simple"
_OWN_FORMATS = ("csv", "tsv", "json", "jsonl")
_REFUSED_FORMATS = ("unsafehtml", "latex_raw", "rst", "orgtbl", "jira", "textile",
                    "asciidoc", "moinmoin", "youtrack")
"""tabulate's formats that write a cell's text into markup unescaped: a claim's text
(``\\input``, ``[[javascript:…]]``, ``"x":url``, a cell separator) would act as markup in
the reader these tables are made for. The escaped markup formats stand in for them."""
_ESCAPED_MARKUP = ("github", "pipe", "mediawiki", "html", "latex", "latex_booktabs",
                   "latex_longtable")
_MARKDOWN_FORMATS = ("github", "pipe")
"""Tables a Markdown reader renders: a cell's ``|`` would end the cell, its HTML would run."""

Row = Mapping[str, Any]


def _tabulate_formats() -> list[str]:
    import tabulate

    return [f for f in tabulate.tabulate_formats if f not in _REFUSED_FORMATS]


def output_formats() -> list[str]:
    """Every accepted ``--format``: tabulate's table formats plus csv, tsv, json, jsonl."""
    return [*_tabulate_formats(), *_OWN_FORMATS]


def terminal_width() -> int:
    """Columns of the terminal, ``$COLUMNS`` when set, 100 when output is piped."""
    return shutil.get_terminal_size((100, 24)).columns


def fitting_width(wrap: bool | None, out: IO[str] | None = None) -> int | None:
    """The width to fit text to: the terminal's when ``wrap`` is True, or None (write
    lines as they are) when it is False; None asks whether ``out`` is a terminal."""
    stream = out or sys.stdout
    return terminal_width() if (wrap if wrap is not None else stream.isatty()) else None


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
        wrap: bool | None = None,
        extra: Sequence[str] = (),
        header: bool = True,
        truncate: bool = True,
    ) -> None:
        if fmt in _REFUSED_FORMATS and fmt not in extra:
            raise UsageError(f"format '{fmt}' would write the claims' text as {fmt} markup "
                             f"unescaped (a statement could make links or cells); use one of "
                             f"{', '.join(_ESCAPED_MARKUP)}, or csv/json", field="format")
        if fmt not in _OWN_FORMATS and fmt not in extra and fmt not in _tabulate_formats():
            allowed = [*extra, *output_formats()]
            raise UsageError(f"unknown format '{fmt}'; {one_of(allowed)}"
                             f"{did_you_mean(fmt, allowed)}", field="format")
        if limit is not None and limit < 0:
            raise UsageError(f"expected a number of rows >= 0, got {limit}", field="limit")
        self.fmt = fmt
        self.columns = [c.strip() for spec in columns for c in spec.split(",") if c.strip()]
        self.sort = [c.strip() for spec in sort for c in spec.split(",") if c.strip()]
        # More rows than any folder holds is every row; islice and SQL's LIMIT take at
        # most sys.maxsize, so a limit past 64 bits is held to that.
        self.limit = limit if limit is None else min(limit, sys.maxsize)
        self.width = width
        self.wrap = wrap
        """Wrap table cells to the terminal width; None: only when writing to a terminal."""
        self.header = header
        """Print the header row of tables, csv and tsv."""
        self.truncate = truncate
        """On a terminal, leave spare columns out of a table that cannot fit them."""

    def check_columns(self, available: Sequence[str], *, sorted_already: bool = False) -> None:
        """Refuse ``--columns`` and ``--sort`` names that are not columns (``sorted_already``:
        the query sorted the rows, by any column of its own, so only ``--columns`` is
        checked here)."""
        sort = () if sorted_already else self.sort
        for name in [*self.columns, *(s.lstrip("-") for s in sort)]:
            if name not in available:
                raise UsageError(f"unknown column '{name}'; {one_of(available)}"
                                 f"{did_you_mean(name, available)}")

    def shape(self, rows: Iterable[Row], available: Sequence[str]) -> Iterable[Row]:
        """Sort and limit (refusing unknown names); rows keep every column."""
        self.check_columns(available)
        if not self.sort:
            return rows if self.limit is None else itertools.islice(rows, self.limit)
        ordered = list(rows)
        for key in reversed(self.sort):
            name = key.lstrip("-")
            present = [r for r in ordered if r.get(name) not in (None, "", ())]
            absent = [r for r in ordered if r.get(name) in (None, "", ())]
            present.sort(key=lambda r: _sort_key(r[name]), reverse=key.startswith("-"))
            ordered = present + absent  # blanks last, whichever the direction
        return ordered if self.limit is None else ordered[: self.limit]

    def picked(self, available: Sequence[str], default: Sequence[str] | None = None) -> list[str]:
        """The columns to show."""
        return self.columns or list(default if default is not None else available)

    def write(self, rows: Iterable[Row], available: Sequence[str],
              default: Sequence[str] | None = None, *, out: IO[str] | None = None,
              spare: Spare = (), missing: Mapping[str, str] = {},
              ordered: bool = False) -> None:
        """Write the rows in the chosen format to ``out`` (stdout), as they come.

        ``spare`` are default columns a terminal table may leave out, the first first,
        when it cannot fit them (never columns the user chose with ``--columns``).
        ``missing`` is what a table (not csv or json) shows for an empty cell of a column:
        "undated" rather than a blank that reads as "same as above". ``ordered`` rows are
        sorted and limited already (by the query that gave them)."""
        out = out or sys.stdout
        if ordered:
            self.check_columns(available, sorted_already=True)
        shaped = rows if ordered else self.shape(rows, available)
        columns = self.picked(available, default)
        if self.fmt in _OWN_FORMATS:
            for chunk in stream(shaped, fmt=self.fmt, columns=columns, header=self.header):
                out.write(chunk)
            return
        width = self.fitting(out)
        chosen = spare if self.truncate and not self.columns else ()
        text, left_out = _table(list(shaped), fmt=self.fmt, columns=columns, width=width,
                                header=self.header, spare=chosen, missing=missing)
        out.write(text)
        if left_out:
            print(f"claimtrack: {', '.join(left_out)} left out to fit {width} columns; "
                  "--no-truncate shows every column, -c chooses them", file=sys.stderr)

    def fitting(self, out: IO[str] | None = None) -> int | None:
        """The width text written to ``out`` is fitted to (None: lines as they are)."""
        width = fitting_width(self.wrap, out)
        return (self.width or width) if width is not None else None

    def write_tuples(self, rows: Iterable[Sequence[Any]], fields: Sequence[str],
                     default: Sequence[str] | None = None, *, out: IO[str] | None = None,
                     safe: bool = False, spare: Spare = (), ordered: bool = False) -> None:
        """Like ``write`` for rows given as tuples in ``fields`` order: csv and tsv of every
        field, in the order given, go straight to the writer (the way to print 100,000
        rows). ``safe`` rows have their formula cells neutralised already."""
        out = out or sys.stdout
        self.check_columns(fields, sorted_already=ordered)
        if (self.fmt in ("csv", "tsv") and (ordered or not self.sort)
                and self.picked(fields, default) == list(fields)):
            chosen = rows if ordered or self.limit is None else \
                itertools.islice(rows, self.limit)
            for chunk in _fast_csv(chosen, fields, self.fmt, safe=safe, header=self.header):
                out.write(chunk)
            return
        self.write((dict(zip(fields, row, strict=True)) for row in rows), fields, default,
                   out=out, spare=spare, ordered=ordered)

    def render(self, rows: Iterable[Row], available: Sequence[str],
               default: Sequence[str] | None = None) -> str:
        """The rows as text in the chosen format."""
        buffer = io.StringIO()
        self.write(rows, available, default, out=buffer)
        return buffer.getvalue()


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
    if fmt in _OWN_FORMATS:
        return "".join(stream(rows, fmt=fmt, columns=columns))
    return _table(rows, fmt=fmt, columns=columns, width=width)[0]


def stream(rows: Iterable[Row], *, fmt: str, columns: Sequence[str],
           header: bool = True) -> Iterable[str]:
    """csv, tsv, json or jsonl text of the rows, a batch of rows per chunk."""
    if fmt == "jsonl":
        for batch in _batches(rows):
            yield json_text("".join(json.dumps({c: _jsonable(r.get(c)) for c in columns},
                                               ensure_ascii=False) + "\n" for r in batch))
    elif fmt == "json":
        first = True
        for batch in _batches(rows):
            parts = []
            for row in batch:
                body = json.dumps({c: _jsonable(row.get(c)) for c in columns}, indent=2,
                                  ensure_ascii=False).replace("\n", "\n  ")
                parts.append(("[\n  " if first else ",\n  ") + body)
                first = False
            yield json_text("".join(parts))
        yield "[]\n" if first else "\n]\n"
    else:
        delimiter = "," if fmt == "csv" else "\t"
        if header:
            yield _csv_rows([list(columns)], delimiter)
        starts = FORMULA_STARTS
        for batch in _batches(rows):
            # The hot loop of a large export: plain strings, the common case, skip _cell.
            yield _csv_rows(
                [[(v if v.__class__ is str and not v.startswith(starts) else neutralise(_cell(v)))
                  for c in columns for v in [row.get(c)]] for row in batch], delimiter)


def _fast_csv(rows: Iterable[Sequence[Any]], fields: Sequence[str], fmt: str, *,
              safe: bool, header: bool = True) -> Iterable[str]:
    delimiter = "," if fmt == "csv" else "\t"
    if header:
        yield _csv_rows([list(fields)], delimiter)
    starts = FORMULA_STARTS
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, _BATCH)):
        yield _csv_rows(batch if safe else [
            row if not any(v.__class__ is not str or v.startswith(starts) for v in row)
            else [neutralise(_cell(v)) for v in row] for row in batch], delimiter)


def _csv_rows(rows: Sequence[Sequence[Any]], delimiter: str) -> str:
    """csv text of the rows, as ``csv.writer`` (minimal quoting, ``\\n`` line ends)
    writes it: CR and LF only inside quoted cells, nothing a terminal acts on.

    Rows of text cells are joined here, a cell holding the delimiter, a quote or LF quoted
    (what the writer does, several times faster). The writer takes the others: a number or
    a blank cell, a row of one cell, and a row holding a lone CR, which the writer would
    leave unquoted and a reader take for a line end: such a row is written all quoted.
    """
    parts: list[str] = []
    out = io.StringIO()
    plain = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    quoted = csv.writer(out, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in rows:
        try:
            line: str | None = delimiter.join(row)
        except TypeError:  # a number or a blank (None) among the cells
            line = None
        if line is not None and len(row) > 1 and "\r" not in line:
            if line.count(delimiter) != len(row) - 1 or '"' in line or "\n" in line:
                line = delimiter.join(
                    '"' + cell.replace('"', '""') + '"'
                    if delimiter in cell or '"' in cell or "\n" in cell else cell
                    for cell in row)
            parts.append(line + "\n")
            continue
        out.seek(0)
        out.truncate()
        (quoted if any("\r" in str(v) for v in row) else plain).writerow(row)
        parts.append(out.getvalue())
    return visible("".join(parts), keep="\t\r\n")


def _batches(rows: Iterable[Row]) -> Iterable[list[Row]]:
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, _BATCH)):
        yield batch


Spare = Sequence[str | tuple[str, ...]]
"""Columns a terminal table may leave out to fit, the first first; a tuple goes together."""


def _or(value: Any, instead: str | None) -> Any:
    return instead if instead is not None and value in (None, "") else value


def _names(group: str | tuple[str, ...]) -> tuple[str, ...]:
    return (group,) if isinstance(group, str) else group


def _table(rows: Sequence[Row], *, fmt: str, columns: Sequence[str],
           width: int | None, header: bool = True, spare: Spare = (),
           missing: Mapping[str, str] = {}) -> tuple[str, list[str]]:
    """The table's text, fitted to ``width`` (None: not fitted, nor is a format that
    cannot hold a line break in a cell), and the ``spare`` columns it left out."""
    from tabulate import multiline_formats, tabulate

    from claimtrack.fit import fit, sorts, vertical

    if not rows:
        return "(no rows)\n", []
    values = [[_or(row.get(c), missing.get(c)) for c in columns] for row in rows]
    cells = [[_table_cell(v, fmt) for v in row] for row in values]
    headers = list(columns)
    left_out: list[str] = []
    # Fitting is for a person at a terminal; piped, a row stays one line for grep.
    if width is not None and fmt in multiline_formats:
        kinds = sorts(values, cells, len(columns))
        layout = fit(headers, cells, kinds, width=width,
                     overhead=lambda n: _overhead(fmt, n, header),
                     spare=[[columns.index(c) for c in _names(group) if c in columns]
                            for group in spare])
        if layout.kept is None:
            return vertical(headers, cells, kinds, width=width), []
        left_out = [c for i, c in enumerate(columns) if i not in layout.kept]
        headers, cells = layout.headers, layout.cells
    with _tight():
        text = tabulate(cells, headers=headers if header else (), tablefmt=fmt,
                        disable_numparse=True)
    return text + "\n", left_out


@contextlib.contextmanager
def _tight() -> Iterator[None]:
    """tabulate pads every header by two spaces beyond its column's widest value; a
    count column must be able to shrink to its values, so it pads nothing here."""
    import tabulate

    before, tabulate.MIN_PADDING = tabulate.MIN_PADDING, 0
    try:
        yield
    finally:
        tabulate.MIN_PADDING = before


@functools.cache
def _overhead(fmt: str, ncolumns: int, header: bool) -> int:
    """Columns a ``fmt`` table's borders and gaps take beside ``ncolumns`` cells."""
    from tabulate import tabulate

    with _tight():
        text = tabulate([["x"] * ncolumns], headers=["h"] * ncolumns if header else (),
                        tablefmt=fmt, disable_numparse=True)
    return max(len(line) for line in text.splitlines()) - ncolumns


def _table_cell(value: Any, fmt: str) -> str:
    """A cell as a table shows it: one line (a line break is ``↵``), nothing a terminal
    acts on, and in a Markdown table no ``|`` or HTML that would act."""
    cell = one_line(_cell(value))
    if fmt in _MARKDOWN_FORMATS:
        cell = _MARKDOWN_ACTIVE.sub(r"\\\1", _entities(cell))
    elif fmt == "mediawiki" and cell:
        # MediaWiki reads nothing inside <nowiki> as markup (links, templates, a cell's
        # ``||``); the entities keep a ``</nowiki>`` in the text from ending it.
        cell = f"<nowiki>{_entities(cell)}</nowiki>"
    return cell


def _entities(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_MARKDOWN_ACTIVE = re.compile(r"([\\|\[\]`*_~])")
"""What would make a link, an image, code, emphasis or a new cell in a Markdown table: a
backslash makes each stand for itself (``[x](javascript:…)`` is text)."""
