"""Pick a format, write the selected claims in it, atomically to a file or to stdout."""

from __future__ import annotations

import sys
from collections.abc import Generator, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from claimtrack.errors import UsageError
from claimtrack.export.formats import ExportFormat
from claimtrack.rows import TABLE_NAMES

if TYPE_CHECKING:
    from claimtrack.index import Index
    from claimtrack.select import Selection

__all__ = ["PUBLISHING", "ExportFormat", "Options", "export", "render", "reviewed_only"]

_TABLED = {ExportFormat.CSV, ExportFormat.TSV, ExportFormat.JSON, ExportFormat.JSONL}

PUBLISHING = (ExportFormat.HTML, ExportFormat.MARKDOWN, ExportFormat.LATEX,
              ExportFormat.CLAIMREVIEW)
"""Formats made for readers: claims still tagged ``draft`` stay out of them unless asked,
and each links only to the claims it contains (``claimtrack.export.report``)."""
_DESCRIBED = (ExportFormat.HTML, ExportFormat.MARKDOWN, ExportFormat.LATEX)
"""Reports with a title and a lead of their own."""


@attrs.frozen(kw_only=True)
class Options:
    """Format-specific options; each is refused by the formats it means nothing to."""

    table: str = "claims"
    bom: bool = False
    nested: bool = False
    publisher: str | None = None
    include_drafts: bool = False
    title: str | None = None
    lead: str | None = None


def _check(fmt: ExportFormat, options: Options, output: Path | None) -> None:
    if options.table not in TABLE_NAMES:
        raise UsageError(f"unknown table '{options.table}'; expected one of: "
                         + ", ".join(TABLE_NAMES), field="table")
    if options.table != "claims" and fmt not in _TABLED:
        raise UsageError(f"applies to csv, tsv, json and jsonl, not {fmt}", field="table")
    if options.bom and fmt not in (ExportFormat.CSV, ExportFormat.TSV):
        raise UsageError(f"applies to csv and tsv, not {fmt}", field="bom")
    if options.nested and (fmt is not ExportFormat.JSON or options.table != "claims"):
        raise UsageError("applies to json with the claims table only", field="nested")
    if options.publisher is not None and fmt is not ExportFormat.CLAIMREVIEW:
        raise UsageError(f"applies to claimreview, not {fmt}", field="publisher")
    for name in ("title", "lead"):
        if getattr(options, name) is not None and fmt not in _DESCRIBED:
            raise UsageError(f"applies to {', '.join(_DESCRIBED)}, not {fmt}", field=name)
    if options.include_drafts and fmt not in PUBLISHING:
        raise UsageError(f"applies to {', '.join(PUBLISHING)}; {fmt} always carries "
                         "drafts", field="include_drafts")
    if fmt is ExportFormat.SQLITE and output is None:
        raise UsageError("sqlite writes a database file: give it with -o FILE")


def _not_the_folders_own(root: Path, output: Path) -> None:
    """Refuse an export over a file claimtrack reads: a dossier or settings file at the top
    of the claims folder (an export there would be read as one), or a document text."""
    import os

    real = Path(os.path.realpath(output))
    home = Path(os.path.realpath(root))
    if (real.parent == home and real.suffix == ".toml") or home / "documents" in real.parents:
        raise UsageError(f"{output}: is one of the claims folder's own files (a dossier, its "
                         "settings or a document text); export elsewhere", field="output")


def reviewed_only(selection: Selection) -> Selection:
    """``selection`` narrowed to claims that are no longer drafts (no ``draft`` tag)."""
    return selection.without_drafts()


def render(index: Index, selection: Selection, fmt: ExportFormat,
           options: Options) -> Iterable[str]:
    """The export as text chunks (every format but sqlite)."""
    from claimtrack.export import csv, graph, json

    if fmt in PUBLISHING:
        return _report(index, selection if options.include_drafts
                       else reviewed_only(selection), fmt, options)
    if fmt in (ExportFormat.CSV, ExportFormat.TSV):
        delimiter = "," if fmt is ExportFormat.CSV else "\t"
        return csv.to_csv(index, selection, table=options.table, delimiter=delimiter,
                          bom=options.bom)
    if fmt is ExportFormat.JSON:
        return json.to_json(index, selection, table=options.table, nest=options.nested)
    if fmt is ExportFormat.JSONL:
        return json.to_jsonl(index, selection, table=options.table)
    if fmt is ExportFormat.DOT:
        return graph.to_dot(index, selection)
    return graph.to_mermaid(index, selection)


def _report(index: Index, selection: Selection, fmt: ExportFormat,
            options: Options) -> Iterator[str]:
    """A publishing format, written while its claims are kept aside (so every part links
    only to them, and its title and lead describe them)."""
    from claimtrack.export import claimreview, html, latex, markdown
    from claimtrack.export.report import IN_REPORT, describe, selected

    with selected(index, selection):
        if fmt is ExportFormat.CLAIMREVIEW:
            yield from claimreview.to_claimreview(index, IN_REPORT,
                                                  publisher=options.publisher)
            return
        report = describe(index, title=options.title, lead=options.lead)
        if fmt is ExportFormat.MARKDOWN:
            yield from markdown.to_markdown(index, IN_REPORT, report=report)
        elif fmt is ExportFormat.HTML:
            yield from html.to_html(index, IN_REPORT, report=report)
        else:
            yield from latex.to_latex(index, IN_REPORT, report=report)


def _inert(chunks: Iterable[str], fmt: ExportFormat) -> Iterator[str]:
    """The chunks with nothing a terminal acts on: JSON escapes what it left raw, csv and
    tsv keep CR and LF (quoted by the writer), every other format shows them visibly."""
    from claimtrack.inert import json_text, visible

    if fmt in (ExportFormat.JSON, ExportFormat.JSONL, ExportFormat.CLAIMREVIEW):
        return (json_text(chunk) for chunk in chunks)
    keep = "\t\r\n" if fmt in (ExportFormat.CSV, ExportFormat.TSV) else "\t\n"
    return (visible(chunk, keep=keep) for chunk in chunks)


def export(index: Index, selection: Selection, fmt: ExportFormat, *,
           options: Options, output: Path | None) -> None:
    """Export the claims ``selection`` keeps as ``fmt`` to ``output`` (atomically) or
    stdout."""
    from claimtrack.files import write_atomic

    _check(fmt, options, output)
    if output is not None:
        _not_the_folders_own(index.root, output)
    if fmt is ExportFormat.SQLITE:
        assert output is not None
        from claimtrack.export.sqlite import write_sqlite

        def build(tmp: Path) -> None:
            import sqlite3

            try:
                write_sqlite(index, selection, tmp)
            except sqlite3.Error as error:  # "database or disk is full", as the writer's
                raise OSError(str(error)) from None

        write_atomic(output, build)
        return
    rendered = render(index, selection, fmt, options)
    try:
        chunks = _inert(rendered, fmt)
        if output is None:
            for chunk in chunks:
                sys.stdout.write(chunk)
        else:
            write_atomic(output, chunks)
    finally:
        # A reader gone mid-way (`| head`): a report's generator lets go of its temporary
        # table now, while the index is still open, not when it is collected after.
        if isinstance(rendered, Generator):
            rendered.close()
