"""``claimtrack check``: validate the whole claims folder."""

from __future__ import annotations

import enum
import json
from typing import Annotated

import attrs
import typer

from claimtrack.cli._app import app, opened


class CheckFormat(enum.StrEnum):
    """Output formats of ``check``."""

    TEXT = "text"
    JSON = "json"


@app.command()
def check(
    ctx: typer.Context,
    output: Annotated[
        CheckFormat,
        typer.Option("--format", "-f", help="text (file:line: field: message) or json."),
    ] = CheckFormat.TEXT,
    wrap: Annotated[bool | None, typer.Option(
        "--wrap/--no-wrap", help="Wrap each problem to the terminal's width (default: only "
        "on a terminal; piped, one problem a line, for grep).", show_default=False)] = None,
) -> None:
    """Validate the claims folder: syntax, keys, types, references, quotes, checksums, dates.

    Exits 0 when the folder is sound, 1 when problems were found.
    """
    from claimtrack.check import check as run_check
    from claimtrack.fit import hang
    from claimtrack.inert import brief, json_text, one_line
    from claimtrack.output import fitting_width

    with opened(ctx, warn=False) as index:
        report = run_check(index)
        problems = [p.shown(index.root) for p in report.problems]
    if output is CheckFormat.JSON:
        body = {
            "ok": report.ok,
            "counts": {"claims": report.claims, "actors": report.actors,
                       "documents": report.documents},
            "problems": [attrs.asdict(p) for p in problems],
        }
        print(json_text(json.dumps(body, indent=2, ensure_ascii=False)))
    else:
        width = fitting_width(wrap)
        for problem in problems:
            line = one_line(brief(str(problem)))  # one problem, one line, for grep
            print(line if width is None else "\n".join(hang(line, width, indent=4)))
        print(report.summary)
    raise typer.Exit(0 if report.ok else 1)
