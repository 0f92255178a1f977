"""Pick a format, render the selected claims, and write the result atomically or to stdout."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs

from claimtrack.dataset import Dataset
from claimtrack.errors import UsageError
from claimtrack.export.formats import ExportFormat
from claimtrack.model import Claim

__all__ = ["TABLE_NAMES", "ExportFormat", "Options", "export"]

TABLE_NAMES = ("claims", "actors", "documents", "appearances", "relations", "reviews")


_TABLED = {ExportFormat.CSV, ExportFormat.TSV, ExportFormat.JSON, ExportFormat.JSONL}


@attrs.frozen(kw_only=True)
class Options:
    """Format-specific options; each is refused by the formats it means nothing to."""

    table: str = "claims"
    bom: bool = False
    nested: bool = False
    publisher: str | None = None


def _check(fmt: ExportFormat, options: Options, output: Path | None) -> None:
    if options.table not in TABLE_NAMES:
        raise UsageError(f"--table: unknown table '{options.table}'; expected one of: "
                         + ", ".join(TABLE_NAMES))
    if options.table != "claims" and fmt not in _TABLED:
        raise UsageError(f"--table applies to csv, tsv, json and jsonl, not {fmt}")
    if options.bom and fmt not in (ExportFormat.CSV, ExportFormat.TSV):
        raise UsageError(f"--bom applies to csv and tsv, not {fmt}")
    if options.nested and (fmt is not ExportFormat.JSON or options.table != "claims"):
        raise UsageError("--nested applies to json with the claims table only")
    if options.publisher is not None and fmt is not ExportFormat.CLAIMREVIEW:
        raise UsageError(f"--publisher applies to claimreview, not {fmt}")
    if fmt is ExportFormat.SQLITE and output is None:
        raise UsageError("sqlite writes a database file: give it with -o FILE")


def _title(dataset: Dataset) -> str:
    titles = [d.title for d in dataset.dossiers.values() if d.title]
    return "; ".join(titles) or "Claims"


def render(dataset: Dataset, claims: Sequence[Claim], fmt: ExportFormat,
           options: Options) -> Iterable[str]:
    """The export as text chunks (every format but sqlite)."""
    from claimtrack.export import claimreview, csv, graph, html, json, latex, markdown

    if fmt in (ExportFormat.CSV, ExportFormat.TSV):
        delimiter = "," if fmt is ExportFormat.CSV else "\t"
        return [csv.to_csv(dataset, claims, table=options.table, delimiter=delimiter,
                           bom=options.bom)]
    if fmt is ExportFormat.JSON:
        return [json.to_json(dataset, claims, table=options.table, nest=options.nested)]
    if fmt is ExportFormat.JSONL:
        return json.to_jsonl(dataset, claims, table=options.table)
    if fmt is ExportFormat.MARKDOWN:
        return [markdown.to_markdown(dataset, claims)]
    if fmt is ExportFormat.HTML:
        return [html.to_html(dataset, claims, title=_title(dataset))]
    if fmt is ExportFormat.LATEX:
        return [latex.to_latex(dataset, claims, title=_title(dataset))]
    if fmt is ExportFormat.CLAIMREVIEW:
        return [claimreview.to_claimreview(dataset, claims, publisher=options.publisher)]
    if fmt is ExportFormat.DOT:
        return [graph.to_dot(dataset, claims)]
    return [graph.to_mermaid(dataset, claims)]


def export(dataset: Dataset, claims: Sequence[Claim], fmt: ExportFormat, *,
           options: Options, output: Path | None) -> None:
    """Export ``claims`` as ``fmt`` to ``output`` (atomically) or to stdout."""
    _check(fmt, options, output)
    if output is not None and not output.parent.is_dir():
        raise UsageError(f"-o: folder {output.parent} does not exist")
    if fmt is ExportFormat.SQLITE:
        assert output is not None
        from claimtrack.export.sqlite import write_sqlite

        fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=output.parent)
        os.close(fd)
        os.unlink(tmp)
        try:
            write_sqlite(dataset, claims, Path(tmp))
            os.replace(tmp, output)
        finally:
            Path(tmp).unlink(missing_ok=True)
        return
    chunks = render(dataset, claims, fmt, options)
    if output is None:
        for chunk in chunks:
            sys.stdout.write(chunk)
    else:
        from claimtrack.files import write_atomic

        write_atomic(output, chunks)
