"""Options shared by every command that selects claims (``list``, ``export``, ``flags``, …)."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer

from claimtrack.errors import ClaimtrackError

if TYPE_CHECKING:
    from claimtrack.dataset import Dataset
    from claimtrack.index import Index
    from claimtrack.model import Claim
    from claimtrack.query import Selection
    from claimtrack.render import Output

_FILTERS = "Filters"

By = Annotated[list[str] | None, typer.Option(
    "--by", help="Claimant: id, name or alias, case-insensitive. Repeat for any of several.",
    rich_help_panel=_FILTERS, show_default=False)]
About = Annotated[list[str] | None, typer.Option(
    "--about", help="An actor the claim concerns (id, name or alias).",
    rich_help_panel=_FILTERS, show_default=False)]
StatusOpt = Annotated[list[str] | None, typer.Option(
    "--status", help="Current status (unverified, disputed, …).",
    rich_help_panel=_FILTERS, show_default=False)]
KindOpt = Annotated[list[str] | None, typer.Option(
    "--kind", help="Claim kind (allegation, denial, …).",
    rich_help_panel=_FILTERS, show_default=False)]
FramingOpt = Annotated[list[str] | None, typer.Option(
    "--framing", help="How the document presents it (asserted, reported, …).",
    rich_help_panel=_FILTERS, show_default=False)]
DocumentOpt = Annotated[list[str] | None, typer.Option(
    "--document", help="Document id the claim appears in.",
    rich_help_panel=_FILTERS, show_default=False)]
Tag = Annotated[list[str] | None, typer.Option(
    "--tag", help="A tag of the claim.", rich_help_panel=_FILTERS, show_default=False)]
Since = Annotated[str | None, typer.Option(
    "--since", help="Made on or after this partial date (2023, 2023-08, 2023-09-24).",
    rich_help_panel=_FILTERS, show_default=False)]
Until = Annotated[str | None, typer.Option(
    "--until", help="Made on or before this partial date.",
    rich_help_panel=_FILTERS, show_default=False)]
Search = Annotated[list[str] | None, typer.Option(
    "--search", help="Text in the statement, quote or words (case-insensitive).",
    rich_help_panel=_FILTERS, show_default=False)]


def make_selection(
    index: Index,
    *,
    by: list[str] | None = None,
    about: list[str] | None = None,
    status: list[str] | None = None,
    kind: list[str] | None = None,
    framing: list[str] | None = None,
    document: list[str] | None = None,
    tag: list[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    search: list[str] | None = None,
) -> Selection:
    """Turn the filter options into a Selection, exiting 2 with a clear line when one is bad."""
    from claimtrack.cli._app import fail
    from claimtrack.query import Selection

    try:
        return Selection.parse(
            index, by=by or (), about=about or (), status=status or (), kind=kind or (),
            framing=framing or (), document=document or (), tag=tag or (),
            since=since, until=until, search=search or ())
    except ClaimtrackError as error:
        fail(error)


Flagged = Annotated[bool, typer.Option(
    "--flagged", help="Only claims with at least one flag (see `claimtrack flags`).",
    rich_help_panel=_FILTERS)]

_OUTPUT = "Output"

Format = Annotated[str, typer.Option(
    "--format", "-f", help="A tabulate table format (simple, github, grid, …), or csv, tsv, "
    "json (an array), jsonl.", rich_help_panel=_OUTPUT)]
Columns = Annotated[list[str] | None, typer.Option(
    "--columns", "-c", help="Columns to show, in order (comma-separated or repeated).",
    rich_help_panel=_OUTPUT, show_default=False)]
Sort = Annotated[list[str] | None, typer.Option(
    "--sort", help="Sort by these columns; prefix '-' for descending.",
    rich_help_panel=_OUTPUT, show_default=False)]
Limit = Annotated[int | None, typer.Option(
    "--limit", help="Show at most N rows.", rich_help_panel=_OUTPUT, show_default=False)]


def make_output(*, fmt: str, columns: list[str] | None, sort: list[str] | None,
                limit: int | None) -> Output:
    """The output options as an Output, exiting 2 with a clear line when one is bad."""
    from claimtrack.cli._app import fail
    from claimtrack.render import Output

    try:
        return Output(fmt=fmt, columns=columns or (), sort=sort or (), limit=limit)
    except ClaimtrackError as error:
        fail(error)


def print_rows(output: Output, rows: Sequence[Mapping[str, Any]], columns: Sequence[str],
               default: Sequence[str] | None = None) -> None:
    """Render rows to stdout, exiting 2 on an unknown column."""
    from claimtrack.cli._app import fail

    try:
        sys.stdout.write(output.render(rows, columns, default))
    except ClaimtrackError as error:
        fail(error)


def only_flagged(dataset: Dataset, index: Index, claims: list[Claim]) -> list[Claim]:
    """The claims that at least one flag rule reports."""
    import datetime as dt

    from claimtrack.flags import FlagContext, find_flags

    ctx = FlagContext(dataset=dataset, index=index, today=dt.date.today())
    flagged = {f.claim for f in find_flags(ctx, claims)}
    return [c for c in claims if c.id in flagged]
