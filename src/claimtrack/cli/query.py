"""``list``, ``show``, ``sources``, ``flags``, ``xref``, ``timeline``: ask the index."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from claimtrack.cli._app import app, errors_as_exit_codes, opened
from claimtrack.cli.options import Filters, filter_options, output_options
from claimtrack.errors import UsageError

if TYPE_CHECKING:
    from claimtrack.index import Index
    from claimtrack.output import Output

LIST_SPARE = ["attribution", "framing", "kind", "status", "claimant"]
"""What a terminal too narrow for every default column does without, the first first: the
id and the statement stay."""


@app.command("list")
@filter_options
@output_options()
def list_claims(ctx: typer.Context, filters: Filters, output: Output) -> None:
    """List claims, one row each: id, claimant, attribution, framing, kind, status,
    statement (`--columns` picks others: made, via, cue, basis_reason …)."""
    from claimtrack.rows import LIST_COLUMNS, columns, iter_cells, iter_rows
    from claimtrack.select import Query

    available = [c.name for c in columns("claims")]
    with opened(ctx) as index, errors_as_exit_codes():
        output.check_columns(available)
        picked = output.picked(available, LIST_COLUMNS)
        query = Query(selection=filters.selection(index), columns=tuple(picked),
                      order=tuple(output.sort), limit=output.limit)
        if output.fmt in ("csv", "tsv"):
            output.write_tuples(iter_cells(index, query), picked, safe=True, ordered=True)
        else:
            output.write(iter_rows(index, query), available, LIST_COLUMNS,
                         spare=LIST_SPARE, ordered=True)


Wrap = Annotated[bool | None, typer.Option(
    "--wrap/--no-wrap", help="Wrap lines to the terminal's width (default: only on a "
    "terminal; piped, every line stays whole).", show_default=False)]


@app.command()
def show(
    ctx: typer.Context,
    ids: Annotated[list[str], typer.Argument(metavar="ID...", help="Claim ids.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    wrap: Wrap = None,
) -> None:
    """Show claims in full: quote in context, relations both ways, review history."""
    from claimtrack.fit import hang_labelled
    from claimtrack.inert import json_text, visible
    from claimtrack.output import fitting_width
    from claimtrack.show import claim_detail, format_detail

    with opened(ctx) as index, errors_as_exit_codes():
        if fmt not in ("text", "json"):
            raise UsageError(f"unknown format '{fmt}'; expected text or json", field="format")
        details = [claim_detail(index, claim_id) for claim_id in ids]
    if fmt == "json":
        print(json_text(json.dumps(details, indent=2, ensure_ascii=False)))
    else:
        text = visible("\n".join(format_detail(d) for d in details))
        width = fitting_width(wrap)
        sys.stdout.write(text if width is None else hang_labelled(text, width))


SOURCES_SPARE: list[str | tuple[str, ...]] = ["kind", ("own", "explicit", "inferred"), "name"]
"""What a narrow terminal does without in ``sources``: the counts by status stay."""


@app.command()
@filter_options
@output_options()
def sources(
    ctx: typer.Context,
    filters: Filters,
    output: Output,
    by_kind: Annotated[bool, typer.Option("--by-kind", help="Count per claim kind instead of "
                                          "per status.")] = False,
    by_voice: Annotated[bool, typer.Option("--by-voice", help="Count who relays: each "
                                           "document voice with the claims its documents "
                                           "carry.")] = False,
) -> None:
    """Every claimant with its claims counted by status (or kind), and split by how each
    is known to be its: a document in its own voice (own), a passage naming it
    (explicit), or the analyst's inference (inferred); then totals."""
    from claimtrack.sources import source_matrix

    with opened(ctx) as index, errors_as_exit_codes():
        rows, names = source_matrix(index, filters.selection(index), by_kind=by_kind,
                                    by_voice=by_voice)
        output.write(rows, names, spare=SOURCES_SPARE)


@app.command()
@filter_options
@output_options()
def flags(
    ctx: typer.Context,
    filters: Filters,
    output: Output,
    rule: Annotated[list[str] | None, typer.Option(
        "--rule", help="Only these rules (repeatable; every rule is listed at the top of "
        "this help).", show_default=False)] = None,
    exclude_rule: Annotated[list[str] | None, typer.Option(
        "--exclude-rule", help="Every rule but these (repeatable).", metavar="RULE",
        show_default=False)] = None,
    by_claim: Annotated[bool, typer.Option(
        "--by-claim", help="One row per claim: how many findings it has, their rules, and "
        "which of them are acknowledged.")] = False,
    stale_after: Annotated[int | None, typer.Option(
        "--stale-after", help="Flag reviews older than DAYS (rule stale-review).",
        metavar="DAYS", show_default=False)] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="Judge review ages as of this date (default: today).",
        metavar="YYYY-MM-DD", show_default=False)] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 when anything not "
                                         "acknowledged is flagged (for a dataset's CI).")
                      ] = False,
    acknowledge: Annotated[str | None, typer.Option(
        "--acknowledge", help="Record the finding RULE:ID as accepted (with --reason) in "
        "claims/claimtrack.toml: shown as acknowledged, not counted by --strict.",
        metavar="RULE:ID", show_default=False)] = None,
    reason: Annotated[str | None, typer.Option(
        "--reason", help="Why the acknowledged finding stands.", show_default=False)] = None,
    reviewer: Annotated[str | None, typer.Option(
        "--reviewer", help="Who acknowledges it (default: git config user.name).",
        show_default=False)] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", "-n", help="With --acknowledge: print "
                                          "the diff; write nothing.")] = False,
) -> None:
    """What needs a fact-checker's attention: one row per finding, with a rule and a reason.

    \b
    Rules: unverified, single-source, interested-party, denied-unresolved,
    vague-attribution, details-withheld, relayed-as-fact, inferred-attribution,
    unnamed-in-chain, quote-missing, stale-review.
    """
    if acknowledge is not None or reason is not None or dry_run or reviewer is not None:
        _acknowledge(ctx, acknowledge, reason, reviewer, as_of, dry_run)
        return
    from claimtrack.flags.findings import COLUMNS

    with opened(ctx) as index, errors_as_exit_codes():
        chosen = _rules(rule or (), exclude_rule or ())
        if stale_after is not None and stale_after < 0:
            raise UsageError("--stale-after: expected a number of days >= 0")
        if not by_claim:
            output.check_columns(COLUMNS)
        found = _findings(index, filters, chosen, today=_as_of(as_of),
                          stale_after=stale_after,
                          order=() if by_claim else output.sort,
                          limit=None if by_claim else output.limit)
        count = 0

        def counted() -> Iterator[tuple[str, str, str, bool]]:
            nonlocal count
            for finding in found:
                count += not finding[3]
                yield finding

        if by_claim:
            from claimtrack.flags.by_claim import BY_CLAIM_COLUMNS
            from claimtrack.flags.by_claim import by_claim as group

            output.write(group((r, c, a) for r, c, _, a in counted()), BY_CLAIM_COLUMNS)
        else:
            output.write_tuples((f[:3] for f in counted()), COLUMNS, safe=True, ordered=True)
    raise typer.Exit(1 if strict and count else 0)


def _rules(rules: Sequence[str], excluded: Sequence[str]) -> list[str]:
    """The rules asked for: ``--rule``'s (all by default) but ``--exclude-rule``'s."""
    from claimtrack.flags import chosen_rules
    from claimtrack.flags.by_claim import rules_except

    try:
        chosen_rules(excluded)
    except UsageError as error:
        raise UsageError(error.message, field="exclude_rule") from None
    chosen = rules_except(chosen_rules(rules), excluded)
    if not chosen:
        raise UsageError("--exclude-rule leaves no rule to run")
    return chosen


def _findings(index: Index, filters: Filters, chosen: Sequence[str], *, today: dt.date,
              stale_after: int | None, order: Sequence[str], limit: int | None
              ) -> Iterator[tuple[str, str, str, bool]]:
    """(rule, claim, reason, acknowledged) of every finding of the chosen rules, in
    ``order`` (at most ``limit``); the reason of an acknowledged one starts with why it
    was."""
    from claimtrack.flags import FlagContext
    from claimtrack.flags.baseline import acknowledged
    from claimtrack.flags.findings import rows

    accepted = {key: a.reason for key, a in acknowledged(index.root).items()}
    context = FlagContext(index=index, today=today, stale_after=stale_after,
                          selection=filters.selection(index))
    return rows(context, rules=chosen, order=order, limit=limit, accepted=accepted)


def _acknowledge(ctx: typer.Context, spec: str | None, reason: str | None,
                 by: str | None, as_of: str | None, dry_run: bool) -> None:
    from claimtrack.edit.api import reviewer_name
    from claimtrack.flags.baseline import acknowledge

    with opened(ctx) as index, errors_as_exit_codes():
        if spec is None:
            raise UsageError("--reason, --reviewer and --dry-run go with --acknowledge "
                             "RULE:ID")
        result = acknowledge(index, spec, reason=reason or "",
                             by=by if by is not None else reviewer_name(index.root) or "",
                             today=_as_of(as_of), dry_run=dry_run)
    if result.written:
        print(f"acknowledged {spec} ({result.path.name})")
    else:
        sys.stdout.write(result.diff)


def _as_of(text: str | None) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--as-of: '{text}' is not a date (YYYY-MM-DD)") from None


@app.command()
@output_options("tree")
def xref(
    ctx: typer.Context,
    output: Output,
    claim_id: Annotated[str, typer.Argument(metavar="ID", help="Claim id.")],
    depth: Annotated[int, typer.Option("--depth", "-d", min=1, help="How many relation steps "
                                       "to follow.")] = 1,
) -> None:
    """The claim's neighbourhood in the relation graph, both directions (tree or table)."""
    from claimtrack.xref import COLUMNS, SPARE, format_tree, neighbourhood

    with opened(ctx) as index, errors_as_exit_codes():
        rows = neighbourhood(index, claim_id, depth=depth)
        if output.fmt == "tree":
            from claimtrack.fit import hang_labelled

            tree, width = format_tree(index, claim_id, rows), output.fitting()
            sys.stdout.write(tree if width is None else hang_labelled(tree, width))
        else:
            output.write(rows, COLUMNS, spare=SPARE)


@app.command()
@filter_options
@output_options()
def timeline(
    ctx: typer.Context,
    filters: Filters,
    output: Output,
    by_occurred: Annotated[bool, typer.Option("--by-occurred", help="Order by when the "
                                              "asserted thing happened, not when it was "
                                              "said.")] = False,
) -> None:
    """Claims in date order (partial dates with their precision), undated claims last."""
    from claimtrack.timeline import COLUMNS, SPARE
    from claimtrack.timeline import timeline as build

    with opened(ctx) as index, errors_as_exit_codes():
        output.check_columns(COLUMNS)
        output.write(build(index, filters.selection(index), by_occurred=by_occurred,
                           order=output.sort, limit=output.limit),
                     COLUMNS, spare=SPARE, missing={"date": "undated"}, ordered=True)
