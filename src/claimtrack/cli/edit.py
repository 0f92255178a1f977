"""``add``, ``edit``, ``remove``, ``accept``, ``review``, ``link``, ``unlink``,
``new-actor``: edit without losing a byte."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from claimtrack.cli._app import app, claims_dir, errors_as_exit_codes, opened
from claimtrack.errors import UsageError
from claimtrack.model import RelationType

if TYPE_CHECKING:
    from claimtrack.edit.session import EditResult

RELATION_TYPES = ", ".join(RelationType)
"""Every relation type, for the help of ``link`` and ``unlink``."""

DryRun = Annotated[bool, typer.Option("--dry-run", "-n", help="Print the diff it would write; "
                                      "write nothing.")]
Opt = Annotated[str | None, typer.Option(show_default=False)]
Many = Annotated[list[str] | None, typer.Option(show_default=False)]


def _report(result: EditResult, what: str) -> None:
    from claimtrack.inert import one_line, visible

    if result.written:
        print(one_line(f"{what} ({result.path.name})"))
    else:
        sys.stdout.write(visible(result.diff))


def _report_all(results: tuple[EditResult, ...], what: str) -> None:
    if results and results[0].written:
        print(f"{what} ({', '.join(dict.fromkeys(r.path.name for r in results))})")
    else:
        sys.stdout.write("".join(r.diff for r in results))


def _required(values: dict[str, str | None]) -> dict[str, str]:
    missing = [name for name, value in values.items() if not value]
    if missing and sys.stdin.isatty():
        for name in missing:
            values[name] = typer.prompt(name.replace("_", " "))
    elif missing:
        raise UsageError("missing " + ", ".join(f"--{m}" for m in missing)
                         + " (prompted only when stdin is a terminal)")
    return {k: v or "" for k, v in values.items()}


@app.command()
def add(
    ctx: typer.Context,
    statement: Annotated[str | None, typer.Option(help="The claim in one neutral sentence.",
                                                  show_default=False)] = None,
    by: Annotated[str | None, typer.Option(help="Claimant: actor id, name or alias.",
                                           show_default=False)] = None,
    kind: Annotated[str | None, typer.Option(help="Claim kind.", show_default=False)] = None,
    framing: Annotated[str | None, typer.Option(help="How the document presents it "
                                                "(asserted, reported, attributed, alleged, "
                                                "denied, disputed, speculative).",
                                                show_default=False)] = None,
    document: Annotated[str | None, typer.Option(help="Document id.", show_default=False)] = None,
    quote: Annotated[str | None, typer.Option(help="Exact span of the document.",
                                              show_default=False)] = None,
    attribution: Annotated[str | None, typer.Option(
        help="explicit (the passage names the claimant), inferred (it does not: give "
        "--basis) or own (the document's voice); default: own when the claimant is the "
        "document's voice, else explicit.", show_default=False)] = None,
    via: Annotated[list[str] | None, typer.Option(
        help="Actor between the document and the claimant, outermost first (repeat).",
        show_default=False)] = None,
    cue: Annotated[str, typer.Option(help="The reporting words (said, according to).")] = "",
    basis: Annotated[str, typer.Option(help="Why the claimant is inferred (needed with "
                                             "--attribution inferred).")] = "",
    basis_quote: Annotated[str, typer.Option(help="Exact span of the document the "
                                                   "inference rests on.")] = "",
    section: Annotated[str, typer.Option(help="Section heading of the quote.")] = "",
    prefix: Annotated[str, typer.Option(help="Text just before the quote.")] = "",
    suffix: Annotated[str, typer.Option(help="Text just after the quote.")] = "",
    about: Annotated[list[str] | None, typer.Option(help="Actor the claim concerns (repeat).",
                                                    show_default=False)] = None,
    made: Annotated[str | None, typer.Option(help="When it was asserted (partial date).",
                                             show_default=False)] = None,
    occurred: Annotated[str | None, typer.Option(help="When it happened (partial date).",
                                                 show_default=False)] = None,
    words: Annotated[list[str] | None, typer.Option(help="The claimant's quoted words.",
                                                    show_default=False)] = None,
    tag: Annotated[list[str] | None, typer.Option(help="Tag (repeat).",
                                                  show_default=False)] = None,
    claim_id: Annotated[str | None, typer.Option("--id", help="Id (default: from the "
                                                 "statement).", show_default=False)] = None,
    dossier: Annotated[str | None, typer.Option(help="Dossier file stem to write to.",
                                                show_default=False)] = None,
    dry_run: DryRun = False,
) -> None:
    """Add a claim; its quote is verified against the document before anything is written."""
    from claimtrack.edit.api import add_claim

    with errors_as_exit_codes():
        need = _required({"statement": statement, "by": by, "kind": kind, "framing": framing,
                          "document": document, "quote": quote})
    with opened(ctx) as index, errors_as_exit_codes():
        new_id, result = add_claim(
            index, **need, attribution=attribution, via=via or (), cue=cue, basis=basis,
            basis_quote=basis_quote, section=section, prefix=prefix, suffix=suffix,
            about=about or (), made=made, occurred=occurred, words=words or (),
            tags=tag or (), claim_id=claim_id, dossier=dossier, dry_run=dry_run)
    _report(result, f"added claim {new_id}")


@app.command()
def edit(
    ctx: typer.Context,
    claim_id: Annotated[str, typer.Argument(metavar="ID", help="Claim id.")],
    statement: Opt = None,
    by: Annotated[str | None, typer.Option(help="Claimant: actor id, name or alias.",
                                           show_default=False)] = None,
    kind: Annotated[str | None, typer.Option(help="Claim kind.", show_default=False)] = None,
    about: Annotated[list[str] | None, typer.Option(
        help="Actor the claim concerns (repeat; replaces the list).", show_default=False)
    ] = None,
    no_about: Annotated[bool, typer.Option("--no-about", help="Clear the actors the claim "
                                           "concerns.")] = False,
    made: Annotated[str | None, typer.Option(help="When it was asserted (partial date; '' "
                                             "clears it).", show_default=False)] = None,
    occurred: Annotated[str | None, typer.Option(help="When it happened (partial date; '' "
                                                 "clears it).", show_default=False)] = None,
    add_tag: Annotated[list[str] | None, typer.Option("--add-tag", help="Tag to add (repeat).",
                                                      show_default=False)] = None,
    remove_tag: Annotated[list[str] | None, typer.Option(
        "--remove-tag", help="Tag to remove (repeat).", show_default=False)] = None,
    notes: Annotated[str | None, typer.Option(help="Free notes ('' clears them).",
                                              show_default=False)] = None,
    appearance: Annotated[int | None, typer.Option(
        "--appearance", help="Which appearance the options below change, from 1 (needed "
        "when the claim has several).", metavar="N", show_default=False)] = None,
    framing: Annotated[str | None, typer.Option(help="Appearance: how the document presents "
                                                "it.", show_default=False)] = None,
    attribution: Annotated[str | None, typer.Option(help="Appearance: explicit, inferred or "
                                                    "own.", show_default=False)] = None,
    via: Annotated[list[str] | None, typer.Option(
        help="Appearance: actor between the document and the claimant, outermost first "
        "(repeat; replaces the chain).", show_default=False)] = None,
    no_via: Annotated[bool, typer.Option("--no-via", help="Appearance: clear the chain.")
                      ] = False,
    cue: Annotated[str | None, typer.Option(help="Appearance: the reporting words ('' "
                                            "clears them).", show_default=False)] = None,
    dry_run: DryRun = False,
) -> None:
    """Change a claim: statement, claimant, kind, about, dates, tags, notes, and an
    appearance's framing, attribution, via and cue."""
    from claimtrack.edit.api import edit_claim

    with opened(ctx) as index, errors_as_exit_codes():
        result = edit_claim(
            index, claim_id, statement=statement, claimant=by, kind=kind,
            about=[] if no_about else about, made=made, occurred=occurred,
            add_tags=add_tag or (), remove_tags=remove_tag or (), notes=notes,
            appearance=appearance, framing=framing, attribution=attribution,
            via=[] if no_via else via, cue=cue, dry_run=dry_run)
    _report(result, f"edited {claim_id}")


@app.command()
def remove(
    ctx: typer.Context,
    claim_id: Annotated[str, typer.Argument(metavar="ID", help="Claim id.")],
    unlink: Annotated[bool, typer.Option("--unlink", help="Also remove the relations other "
                                         "claims have to it.")] = False,
    dry_run: DryRun = False,
) -> None:
    """Remove a claim; refused while other claims point at it (they are listed)."""
    from claimtrack.edit.api import remove_claim

    with opened(ctx) as index, errors_as_exit_codes():
        results = remove_claim(index, claim_id, unlink=unlink, dry_run=dry_run)
    _report_all(results, f"removed {claim_id}")


@app.command()
def accept(
    ctx: typer.Context,
    claim_ids: Annotated[list[str], typer.Argument(metavar="ID...", help="Draft claim ids.")],
    by: Annotated[str | None, typer.Option(help="Who accepts them (default: git config "
                                           "user.name).", show_default=False)] = None,
    date: Annotated[str | None, typer.Option(help="YYYY-MM-DD (default: today).",
                                             show_default=False)] = None,
    note: Annotated[str, typer.Option(help="Note of the review entry that records it.")] = "",
    dry_run: DryRun = False,
) -> None:
    """Accept drafts: the 'draft' tag goes, and a review entry records who and when."""
    from claimtrack.edit.api import accept as run
    from claimtrack.edit.api import reviewer_name

    with opened(ctx) as index, errors_as_exit_codes():
        reviewer = by if by is not None else reviewer_name(index.root) or ""
        results = run(index, claim_ids, by=reviewer, date=date, note=note, dry_run=dry_run)
    _report_all(results, f"accepted {', '.join(claim_ids)}")


@app.command()
def review(
    ctx: typer.Context,
    claim_id: Annotated[str, typer.Argument(metavar="ID", help="Claim id.")],
    status: Annotated[str, typer.Option(help="New status (unverified, disputed, …).")],
    note: Annotated[str, typer.Option(help="Why this status.")] = "",
    evidence: Annotated[list[str] | None, typer.Option(help="URL or claim id (repeat).",
                                                       show_default=False)] = None,
    by: Annotated[str, typer.Option(help="Reviewer.")] = "",
    date: Annotated[str | None, typer.Option(help="YYYY-MM-DD (default: today).",
                                             show_default=False)] = None,
    dry_run: DryRun = False,
) -> None:
    """Append a review to a claim's status history (never rewrites it)."""
    from claimtrack.edit.api import review as run

    with opened(ctx) as index, errors_as_exit_codes():
        result = run(index, claim_id, status=status, note=note,
                     evidence=evidence or (), by=by, date=date, dry_run=dry_run)
    _report(result, f"reviewed {claim_id}: {status}")


@app.command()
def link(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(metavar="A", help="Claim the relation is written on.")],
    kind: Annotated[str, typer.Argument(metavar="TYPE", help=f"{RELATION_TYPES}.")],
    target: Annotated[str, typer.Argument(metavar="B", help="Claim it bears on.")],
    note: Annotated[str, typer.Option(help="Why.")] = "",
    dry_run: DryRun = False,
) -> None:
    """Relate claim A to claim B: `claimtrack link A denies B`."""
    from claimtrack.edit.api import link as run

    with opened(ctx) as index, errors_as_exit_codes():
        result = run(index, source, kind, target, note=note, dry_run=dry_run)
    _report(result, f"linked {source} {kind} {target}")


@app.command()
def unlink(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(metavar="A", help="Claim the relation is written on.")],
    kind: Annotated[str, typer.Argument(metavar="TYPE", help=f"Relation type: {RELATION_TYPES}.")],
    target: Annotated[str, typer.Argument(metavar="B", help="Claim it bears on.")],
    dry_run: DryRun = False,
) -> None:
    """Remove the relation A TYPE B."""
    from claimtrack.edit.api import unlink as run

    with opened(ctx) as index, errors_as_exit_codes():
        result = run(index, source, kind, target, dry_run=dry_run)
    _report(result, f"unlinked {source} {kind} {target}")


@app.command("new-actor")
def new_actor(
    ctx: typer.Context,
    name: Annotated[str, typer.Option(help="Canonical name.")],
    kind: Annotated[str, typer.Option(help="person, government, agency, organization, "
                                      "militia, media, court, editorial, unnamed.")],
    actor_id: Annotated[str | None, typer.Option("--id", help="Id (default: from the name).",
                                                 show_default=False)] = None,
    alias: Annotated[list[str] | None, typer.Option(help="Other spelling (repeat).",
                                                    show_default=False)] = None,
    affiliation: Annotated[str | None, typer.Option(help="Actor it belongs to.",
                                                    show_default=False)] = None,
    reliability: Annotated[str | None, typer.Option(help="Admiralty grade A-F.",
                                                    show_default=False)] = None,
    description: Annotated[str, typer.Option(help="Description.")] = "",
    dry_run: DryRun = False,
) -> None:
    """Add an actor to actors.toml."""
    from claimtrack.edit.api import new_actor as run

    with opened(ctx) as index, errors_as_exit_codes():
        new_id, result = run(index, name=name, kind=kind, actor_id=actor_id,
                             aliases=alias or (), affiliation=affiliation,
                             reliability=reliability, description=description,
                             dry_run=dry_run)
    _report(result, f"added actor {new_id}")


@app.command()
def migrate(
    ctx: typer.Context,
    dry_run: DryRun = False,
) -> None:
    """Upgrade the claims folder to the current format, keeping every comment and line."""
    from claimtrack.migrate import migrate as run

    with errors_as_exit_codes():
        result = run(claims_dir(ctx), dry_run=dry_run)
    if dry_run:
        from claimtrack.inert import visible

        sys.stdout.write(visible(result.diff))
    elif result.changes:
        print(f"migrated {len(result.changes)} files to the current format")
    else:
        print("the folder is already in the current format")
