"""``claimtrack export`` and ``claimtrack schema``: publish the selected claims."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claimtrack.cli._app import app, errors_as_exit_codes, opened
from claimtrack.cli.options import Filters, filter_options
from claimtrack.export.formats import ExportFormat


@app.command()
@filter_options
def export(
    ctx: typer.Context,
    filters: Filters,
    fmt: Annotated[ExportFormat, typer.Argument(metavar="FORMAT", help="Output format.")],
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="Write to FILE (atomically) instead of stdout.",
        metavar="FILE", show_default=False)] = None,
    table: Annotated[str, typer.Option(
        "--table", help="csv/tsv/json/jsonl: claims, actors, documents, appearances, "
        "relations or reviews.")] = "claims",
    bom: Annotated[bool, typer.Option("--bom", help="csv/tsv: start with a UTF-8 BOM "
                                      "(for Excel).")] = False,
    nested: Annotated[bool, typer.Option("--nested", help="json: the dossier shape, claims "
                                         "with their appearances, relations, reviews.")] = False,
    publisher: Annotated[str | None, typer.Option(
        "--publisher", help="claimreview: the reviewing organisation (default: the "
        "dossier's publisher).", show_default=False)] = None,
    include_drafts: Annotated[bool, typer.Option(
        "--include-drafts", help="html, markdown, latex, claimreview: publish claims tagged "
        "'draft' too (left out by default: nobody has reviewed them yet).")] = False,
    title: Annotated[str | None, typer.Option(
        "--title", help="html, markdown, latex: the report's title (default: the titles of "
        "the selected claims' dossiers).", show_default=False)] = None,
    lead: Annotated[str | None, typer.Option(
        "--lead", help="html, markdown, latex: the report's lead paragraph (default: the "
        "descriptions of the selected claims' dossiers).", show_default=False)] = None,
) -> None:
    """Export the selected claims: csv, tsv, json, jsonl, markdown, html, latex,
    claimreview, sqlite, dot or mermaid."""
    from claimtrack.export.publish import Options
    from claimtrack.export.publish import export as run_export

    options = Options(table=table, bom=bom, nested=nested, publisher=publisher,
                      include_drafts=include_drafts, title=title, lead=lead)
    with opened(ctx) as index, errors_as_exit_codes():
        run_export(index, filters.selection(index), fmt, options=options, output=output)


@app.command()
def schema() -> None:
    """Print the JSON Schema (Draft 2020-12) of `claimtrack export json` and jsonl."""
    from claimtrack.export.json import schema_text

    print(schema_text(), end="")
