"""``claimtrack import claimreview``: bring in fact-checks published as ClaimReview."""

from __future__ import annotations

import contextlib
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, BinaryIO

import typer

from claimtrack.cli._app import app, errors_as_exit_codes, opened
from claimtrack.words import count

if TYPE_CHECKING:
    from claimtrack.imports.record import ImportResult
    from claimtrack.index import Index

imports = typer.Typer(name="import", no_args_is_help=True, help="Bring claims and reviews "
                      "published elsewhere into the claims folder.")
app.add_typer(imports)


@contextlib.contextmanager
def _feed(feed: str) -> Iterator[tuple[BinaryIO, str]]:
    """The feed's bytes as a stream, and how messages name it; a regular file or stdin."""
    from claimtrack.errors import UsageError

    if feed == "-":
        yield sys.stdin.buffer, "<stdin>"
        return
    path = Path(feed)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise UsageError(f"{feed}: is a directory, expected a ClaimReview feed")
        if not stat.S_ISREG(info.st_mode):  # reading a FIFO would wait forever
            raise UsageError(f"{feed}: is not a regular file (a pipe, socket or device); "
                             "pipe it to `import claimreview -` instead")
        raw = path.open("rb")
    except FileNotFoundError:
        raise UsageError(f"{feed}: no such file") from None
    except OSError as error:
        raise UsageError(f"{feed}: cannot be read: {error.strerror or error}") from None
    with raw:
        yield raw, feed


@imports.command("claimreview")
def claimreview(
    ctx: typer.Context,
    feed: Annotated[str, typer.Argument(help="ClaimReview JSON-LD (one object, an array, an "
                                        "@graph or a DataFeed; plain or gzip), or - for "
                                        "stdin.", metavar="FILE|-")],
    dossier: Annotated[str | None, typer.Option(
        "--dossier", help="The dossier file new claims go to (created when missing); "
        "default: the folder's only dossier, or claimreview.toml in an empty folder.",
        show_default=False)] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", "-n", help="Print the diff it would "
                                          "write; write nothing.")] = False,
    publisher: Annotated[str | None, typer.Option(
        "--publisher", help="Who publishes the reviews of the new claims (claimreview's "
        "author): the folder's default when it has none, else the dossier's.",
        show_default=False)] = None,
) -> None:
    """Each review becomes a claim with its verdict, or joins the history of the claim the
    folder already holds (same claimant, same or nearly the same words).

    The claimant is itemReviewed.author, resolved against the folder's actors and aliases,
    or created. The rating is mapped to a status by its alternateName or, failing that,
    its value between worstRating and bestRating. Items that cannot be imported are
    reported one per line and skipped (exit 1).
    """
    from claimtrack.imports.record import import_claimreview

    with errors_as_exit_codes(), _feed(feed) as (raw, where), \
            opened(ctx, warn=False) as index:
        result = import_claimreview(index, raw, source=feed, where=where, dossier=dossier,
                                    dry_run=dry_run)
        signed = "" if dry_run or not result.new_claims else _publisher(index, result,
                                                                        publisher)
    for problem in result.problems:
        print(f"claimtrack: {where}: {problem}", file=sys.stderr)
    if dry_run:
        for edit in result.results:
            sys.stdout.write(edit.diff)
    parts = [count(result.new_claims, "new claim")]
    if result.reviewed:
        parts.append(f"a review added to {count(len(result.reviewed), 'claim')} already here")
    if result.unchanged:
        parts.append(f"{count(result.unchanged, 'review')} already recorded")
    if result.new_actors:
        parts.append(count(len(result.new_actors), "new actor"))
    if result.problems:
        parts.append(f"{count(len(result.problems), 'item')} skipped")
    files = ", ".join(sorted(set(result.files)))
    verb = "would import" if dry_run else "imported"
    print(f"{verb}: {'; '.join(parts)}" + (f" ({files})" if files else ""),
          file=sys.stderr if dry_run else sys.stdout)
    if signed:
        print(signed)
    if result.problems:
        raise typer.Exit(1)


def _publisher(index: Index, result: ImportResult, publisher: str | None) -> str:
    """Who the new claims' reviews are published as (asked for, never guessed: the feed's
    one fact-checker is only proposed)."""
    from claimtrack.edit.bringin import publish_as

    # the dossier that holds the import's first document: where its new claims begin
    file = index.value("SELECT file FROM documents WHERE id = ?", (result.documents[0],))
    document = index.documents().get(result.documents[0])
    return publish_as(index, index.root / str(file), publisher,
                      suggestion=document.publisher if document is not None else "")
