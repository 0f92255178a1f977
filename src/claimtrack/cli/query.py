"""``list``, ``show``, ``sources``, ``flags``, ``xref``, ``timeline``: ask the dataset."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from claimtrack.cli._app import app, fail, load_dataset, open_warm
from claimtrack.cli.options import (
    About,
    By,
    Columns,
    DocumentOpt,
    Flagged,
    Format,
    FramingOpt,
    KindOpt,
    Limit,
    Search,
    Since,
    Sort,
    StatusOpt,
    Tag,
    Until,
    make_output,
    make_selection,
    only_flagged,
    print_rows,
)
from claimtrack.errors import ClaimtrackError

if TYPE_CHECKING:
    from claimtrack.dataset import Dataset
    from claimtrack.index import Index
    from claimtrack.model import Claim
    from claimtrack.warm import Warm

T = TypeVar("T")

LIST_COLUMNS = ["id", "claimant", "kind", "framing", "status", "made", "statement"]


def _selected(ctx: typer.Context, *, flagged: bool = False, **filters: object
              ) -> tuple[Dataset, Index, list[Claim]]:
    from claimtrack.index import Index
    from claimtrack.query import select

    dataset = load_dataset(ctx)
    index = Index(dataset)
    claims = select(dataset, make_selection(index, **filters))  # type: ignore[arg-type]
    return dataset, index, only_flagged(dataset, index, claims) if flagged else claims


@app.command("list")
def list_claims(
    ctx: typer.Context,
    by: By = None, about: About = None, status: StatusOpt = None, kind: KindOpt = None,
    framing: FramingOpt = None, document: DocumentOpt = None, tag: Tag = None,
    since: Since = None, until: Until = None, search: Search = None, flagged: Flagged = False,
    fmt: Format = "simple", columns: Columns = None, sort: Sort = None, limit: Limit = None,
) -> None:
    """List claims, one row each: id, claimant, kind, framing, status, made, statement."""
    from claimtrack.export.table import TABLES, rows

    output = make_output(fmt=fmt, columns=columns, sort=sort, limit=limit)
    filters: dict[str, Any] = dict(by=by, about=about, status=status, kind=kind, framing=framing,
                   document=document, tag=tag, since=since, until=until, search=search)
    available = [c.name for c in TABLES["claims"]]
    needed = ["id", *output.picked(available, LIST_COLUMNS), *(s.lstrip("-") for s in output.sort)]
    found = _warm(ctx, lambda warm: _warm_list(warm, flagged, filters, needed))
    if found is None:
        dataset, _, claims = _selected(ctx, flagged=flagged, **filters)
        found = rows(dataset, "claims", claims)
    print_rows(output, found, available, LIST_COLUMNS)


def _warm(ctx: typer.Context, answer: Callable[[Warm], T]) -> T | None:
    """``answer`` from the index cache, or None to answer from the full dataset."""
    from claimtrack.warm import CacheFailedError

    warm = open_warm(ctx)
    if warm is None:
        return None
    try:
        return answer(warm)
    except CacheFailedError:
        warm.discard()
        return None
    finally:
        warm.close()


def _warm_list(warm: Warm, flagged: bool, filters: dict[str, Any],
               columns: list[str]) -> list[dict[str, Any]]:
    found = warm.claim_rows(make_selection(warm.index(), **filters), columns)
    if flagged:
        marked = {claim for _, claim, _ in warm.findings(dt.date.today(), None)}
        found = [row for row in found if row["id"] in marked]
    return found


@app.command()
def show(
    ctx: typer.Context,
    ids: Annotated[list[str], typer.Argument(metavar="ID...", help="Claim ids.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """Show claims in full: quote in context, relations both ways, review history."""
    from claimtrack.index import Index
    from claimtrack.show import claim_detail, format_detail

    if fmt not in ("text", "json"):
        fail(ClaimtrackError.usage(f"--format: unknown format '{fmt}'; expected text or json"))
    details = _warm(ctx, lambda warm: _warm_show(warm, ids))
    if details is None:
        dataset = load_dataset(ctx)
        try:
            details = [claim_detail(dataset, Index(dataset), claim_id) for claim_id in ids]
        except ClaimtrackError as error:
            fail(error)
    if fmt == "json":
        print(json.dumps(details, indent=2, ensure_ascii=False))
    else:
        sys.stdout.write("\n".join(format_detail(d) for d in details))


def _warm_show(warm: Warm, ids: list[str]) -> list[dict[str, Any]] | None:
    from claimtrack.index import Index
    from claimtrack.show import claim_detail

    subset = warm.subset(ids)
    if subset is None:  # an unknown id: the full dataset suggests close ones
        return None
    index = Index(subset)
    return [claim_detail(subset, index, claim_id) for claim_id in ids]


@app.command()
def sources(
    ctx: typer.Context,
    by_kind: Annotated[bool, typer.Option("--by-kind", help="Count per claim kind instead of "
                                          "per status.")] = False,
    by: By = None, about: About = None, status: StatusOpt = None, kind: KindOpt = None,
    framing: FramingOpt = None, document: DocumentOpt = None, tag: Tag = None,
    since: Since = None, until: Until = None, search: Search = None, flagged: Flagged = False,
    fmt: Format = "simple", columns: Columns = None, sort: Sort = None, limit: Limit = None,
) -> None:
    """Every actor with its claims counted by status (or kind), and totals."""
    from claimtrack.sources import source_matrix

    output = make_output(fmt=fmt, columns=columns, sort=sort, limit=limit)
    dataset, _, claims = _selected(
        ctx, flagged=flagged, by=by, about=about, status=status, kind=kind, framing=framing,
        document=document, tag=tag, since=since, until=until, search=search)
    rows, names = source_matrix(dataset, claims, by_kind=by_kind)
    print_rows(output, rows, names)


@app.command()
def flags(
    ctx: typer.Context,
    rule: Annotated[list[str] | None, typer.Option(
        "--rule", help="Only these rules (repeatable): unverified, single-source, "
        "interested-party, denied-unresolved, vague-attribution, details-withheld, "
        "asserted-but-alleged, quote-missing, stale-review.", show_default=False)] = None,
    stale_after: Annotated[int | None, typer.Option(
        "--stale-after", help="Flag reviews older than DAYS (rule stale-review).",
        metavar="DAYS", show_default=False)] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="Judge review ages as of this date (default: today).",
        metavar="YYYY-MM-DD", show_default=False)] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 when anything is flagged "
                                         "(for a dataset's CI).")] = False,
    by: By = None, about: About = None, status: StatusOpt = None, kind: KindOpt = None,
    framing: FramingOpt = None, document: DocumentOpt = None, tag: Tag = None,
    since: Since = None, until: Until = None, search: Search = None,
    fmt: Format = "simple", columns: Columns = None, sort: Sort = None, limit: Limit = None,
) -> None:
    """What needs a fact-checker's attention: one row per finding, with a rule and a reason."""
    from claimtrack.flags import FlagContext, arrange, chosen_rules, find_flags

    output = make_output(fmt=fmt, columns=columns, sort=sort, limit=limit)
    today = _as_of(as_of)
    if stale_after is not None and stale_after < 0:
        fail(ClaimtrackError.usage("--stale-after: expected a number of days >= 0"))
    filters: dict[str, Any] = dict(by=by, about=about, status=status, kind=kind, framing=framing,
                   document=document, tag=tag, since=since, until=until, search=search)
    try:
        chosen_rules(rule or ())
    except ClaimtrackError as error:
        fail(error)
    findings = _warm(ctx, lambda warm: arrange(
        warm.findings(today, stale_after),
        warm.claim_ids(make_selection(warm.index(), **filters)), rules=rule or ()))
    if findings is None:
        dataset, index, claims = _selected(ctx, **filters)
        context = FlagContext(dataset=dataset, index=index, today=today,
                              stale_after=stale_after)
        findings = [(f.rule, f.claim, f.reason)
                    for f in find_flags(context, claims, rules=rule or ())]
    print_rows(output, [{"rule": r, "claim": c, "reason": why} for r, c, why in findings],
               ["rule", "claim", "reason"])
    raise typer.Exit(1 if strict and findings else 0)


def _as_of(text: str | None) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        fail(ClaimtrackError.usage(f"--as-of: '{text}' is not a date (YYYY-MM-DD)"))


@app.command()
def xref(
    ctx: typer.Context,
    claim_id: Annotated[str, typer.Argument(metavar="ID", help="Claim id.")],
    depth: Annotated[int, typer.Option("--depth", "-d", min=1, help="How many relation steps "
                                       "to follow.")] = 1,
    fmt: Format = "tree", columns: Columns = None, sort: Sort = None, limit: Limit = None,
) -> None:
    """The claim's neighbourhood in the relation graph, both directions (tree or table)."""
    from claimtrack.index import Index
    from claimtrack.xref import COLUMNS, format_tree, neighbourhood

    output = make_output(fmt="simple" if fmt == "tree" else fmt, columns=columns, sort=sort,
                         limit=limit)
    dataset = load_dataset(ctx)
    try:
        rows = neighbourhood(dataset, Index(dataset), claim_id, depth=depth)
    except ClaimtrackError as error:
        fail(error)
    if fmt == "tree":
        sys.stdout.write(format_tree(dataset, claim_id, rows))
    else:
        print_rows(output, rows, COLUMNS)


@app.command()
def timeline(
    ctx: typer.Context,
    by_occurred: Annotated[bool, typer.Option("--by-occurred", help="Order by when the "
                                              "asserted thing happened, not when it was "
                                              "said.")] = False,
    by: By = None, about: About = None, status: StatusOpt = None, kind: KindOpt = None,
    framing: FramingOpt = None, document: DocumentOpt = None, tag: Tag = None,
    since: Since = None, until: Until = None, search: Search = None, flagged: Flagged = False,
    fmt: Format = "simple", columns: Columns = None, sort: Sort = None, limit: Limit = None,
) -> None:
    """Claims in date order (partial dates with their precision), undated claims last."""
    from claimtrack.timeline import COLUMNS
    from claimtrack.timeline import timeline as build

    output = make_output(fmt=fmt, columns=columns, sort=sort, limit=limit)
    _, _, claims = _selected(
        ctx, flagged=flagged, by=by, about=about, status=status, kind=kind, framing=framing,
        document=document, tag=tag, since=since, until=until, search=search)
    print_rows(output, build(claims, by_occurred=by_occurred), COLUMNS)
