"""``claimtrack extract``: draft attributed claims from a new article."""

from __future__ import annotations

import enum
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from claimtrack.cli._app import app, claims_option, fail
from claimtrack.errors import ClaimtrackError, UsageError


class EvaluationFormat(enum.StrEnum):
    """Output formats of the ``--evaluate`` report."""

    TEXT = "text"
    JSON = "json"


@app.command()
def extract(
    ctx: typer.Context,
    article: Annotated[str, typer.Argument(help="The article's text file, or - for stdin.",
                                           metavar="ARTICLE|-")],
    dossier: Annotated[str, typer.Option("--dossier", help="Name (id) for the draft's "
                                         "document; default: from the title.")] = "",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write the draft here "
                      "and the document under documents/ beside it (default: TOML to stdout).",
                      metavar="FILE")] = None,
    expected: Annotated[Path | None, typer.Option("--evaluate", help="Score the draft against "
                        "a hand-made dossier and print its figures and every miss.",
                        metavar="EXPECTED.toml")] = None,
    report: Annotated[EvaluationFormat, typer.Option(
        "--format", "-f", help="The --evaluate report as text (fixed layout) or json.")
    ] = EvaluationFormat.TEXT,
    model: Annotated[str | None, typer.Option("--model", help="The spaCy English pipeline: "
                     "an installed package's name or a folder (default: the claims folder's "
                     "[extract] model setting, else en_core_web_sm).", metavar="NAME|PATH")
                     ] = None,
    update: Annotated[bool, typer.Option("--update", help="The article is in the folder "
                      "already: bring its drafts up to date in the dossier that holds it "
                      "(new spans drafted, but not those listed in [[unclaimed]]; drafts "
                      "nobody touched and no longer drafted removed; everything else "
                      "kept).")] = False,
    publisher: Annotated[str | None, typer.Option(
        "--publisher", help="Who publishes the reviews of these claims (claimreview's "
        "author): the folder's default when it has none, else this dossier's.",
        show_default=False)] = None,
) -> None:
    """Draft claims from an article for a person to review: claimant, cue, quote, framing.

    Reads the seed format (a '= Title =' line, an Infobox of '- Key: value' lines,
    '==Section==' headings, paragraphs) or plain paragraphs. Uses the actors and claims of
    the claims folder when one is found. A summary table goes to stderr. An article already
    in the folder is refused when written (-o), naming its document, unless --update.
    """
    from claimtrack.extract.run import run_extract

    if report is EvaluationFormat.JSON and expected is None:
        fail(UsageError("json is a format of the --evaluate report only; add --evaluate "
                        "EXPECTED.toml (the draft itself is written as TOML)", field="format"))
    try:
        result = run_extract(article=article, name=dossier, output=output, expected=expected,
                             claims=claims_option(ctx), stdin=sys.stdin.buffer,
                             model=model, update=update, publisher=publisher)
    except ClaimtrackError as error:
        fail(error)
    from claimtrack.inert import json_text, visible

    if output is None and expected is None and not update:
        # TOML escapes C0 controls in strings but lets C1 stand raw; its \u escapes say
        # the same as JSON's, so the same escaping keeps the values and the terminal safe.
        sys.stdout.write(json_text(result.toml))
    print(visible(result.summary), file=sys.stderr)
    if result.score is not None and report is EvaluationFormat.JSON:
        print(json_text(json.dumps(result.score.as_dict(), indent=2, ensure_ascii=False)))
    elif result.evaluation:
        print(visible(result.evaluation))
