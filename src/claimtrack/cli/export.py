"""``claimtrack export`` and ``claimtrack schema``: publish the selected claims."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claimtrack.cli._app import app, fail, load_dataset
from claimtrack.cli.options import (
    About,
    By,
    DocumentOpt,
    Flagged,
    FramingOpt,
    KindOpt,
    Search,
    Since,
    StatusOpt,
    Tag,
    Until,
    make_selection,
    only_flagged,
)
from claimtrack.errors import ClaimtrackError
from claimtrack.export.formats import ExportFormat


@app.command()
def export(
    ctx: typer.Context,
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
    by: By = None, about: About = None, status: StatusOpt = None, kind: KindOpt = None,
    framing: FramingOpt = None, document: DocumentOpt = None, tag: Tag = None,
    since: Since = None, until: Until = None, search: Search = None, flagged: Flagged = False,
) -> None:
    """Export the selected claims: csv, tsv, json, jsonl, markdown, html, latex,
    claimreview, sqlite, dot or mermaid."""
    from claimtrack.export.render import Options
    from claimtrack.export.render import export as run_export
    from claimtrack.index import Index
    from claimtrack.query import select

    dataset = load_dataset(ctx)
    index = Index(dataset)
    selection = make_selection(
        index, by=by, about=about, status=status, kind=kind, framing=framing,
        document=document, tag=tag, since=since, until=until, search=search)
    options = Options(table=table, bom=bom, nested=nested, publisher=publisher)
    try:
        claims = select(dataset, selection)
        if flagged:
            claims = only_flagged(dataset, index, claims)
        run_export(dataset, claims, fmt, options=options, output=output)
    except ClaimtrackError as error:
        fail(error)


@app.command()
def schema() -> None:
    """Print the JSON Schema (Draft 2020-12) of `claimtrack export json` and jsonl."""
    from claimtrack.export.json import schema_text

    print(schema_text(), end="")
