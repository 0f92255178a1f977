"""``add``, ``edit``, ``remove``, ``accept``, ``review``, ``link``, ``unlink``,
``new-actor``: edit without losing a byte."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from claimtrack.cli._app import app, claims_dir, errors_as_exit_codes, opened
from claimtrack.cli.record_options import Changes, option_name, record_options, required
from claimtrack.errors import UsageError
from claimtrack.fields import Field, Given, fields_of
from claimtrack.model import Actor, Appearance, Basis, Claim, RelationType

if TYPE_CHECKING:
    from claimtrack.edit.session import EditResult

RELATION_TYPES = ", ".join(RelationType)
"""Every relation type, for the help of ``link`` and ``unlink``."""

DryRun = Annotated[bool, typer.Option("--dry-run", "-n", help="Print the diff it would write; "
                                      "write nothing.")]


def _report(result: EditResult, what: str) -> None:
    from claimtrack.inert import one_line, visible

    if result.written:
        print(one_line(f"{what} ({result.path.name})"))
    else:
        sys.stdout.write(visible(result.diff))


def _report_all(results: tuple[EditResult, ...], what: str) -> None:
    from claimtrack.inert import one_line, visible

    if results and results[0].written:
        names = ", ".join(dict.fromkeys(r.path.name for r in results))
        print(one_line(f"{what} ({names})"))
    else:
        sys.stdout.write(visible("".join(r.diff for r in results)))


def _prompted(values: Mapping[str, Given], need: Sequence[Field],
              renamed: Mapping[str, str] = {}) -> dict[str, Given]:
    """``values`` with each field of ``need`` not given asked for on a terminal (an error
    naming the options when stdin is not one)."""
    found = dict(values)
    missing = [f for f in need if not found.get(f.name)]
    if missing and not sys.stdin.isatty():
        raise UsageError("missing " + ", ".join(option_name(f, renamed) for f in missing)
                         + " (prompted only when stdin is a terminal)")
    for field in missing:
        found[field.name] = typer.prompt(field.name.replace("_", " "))
    return found


CLAIM_OPTIONS = {"claimant": "by"}
"""The claim's fields whose option is not their name: the claimant is ``--by``, as in the
filters."""


@app.command()
@record_options(Basis, name="basis", prefix="basis", renamed={"reason": "basis"},
                panel="Basis (why an inferred claimant is inferred)")
@record_options(Appearance, name="shown", panel="Appearance")
@record_options(Claim, name="claim", renamed=CLAIM_OPTIONS,
                helps={"id": "Id (default: made from the statement)."})
def add(
    ctx: typer.Context,
    claim: Changes,
    shown: Changes,
    basis: Changes,
    dossier: Annotated[str | None, typer.Option(help="Dossier file stem to write to.",
                                                show_default=False)] = None,
    dry_run: DryRun = False,
) -> None:
    """Add a claim; its quote is verified against the document before anything is written."""
    from claimtrack.edit.api import add_claim, new_claim

    with errors_as_exit_codes():
        need = [*required(Claim, skip=("id",)), *required(Appearance, skip=("attribution",))]
        values = _prompted({**claim.values, **shown.values}, need, CLAIM_OPTIONS)
    own = {f.name for f in fields_of(Claim)}
    with opened(ctx) as index, errors_as_exit_codes():
        record = new_claim(index, {k: v for k, v in values.items() if k in own},
                           {k: v for k, v in values.items() if k not in own},
                           basis=basis.values)
        result = add_claim(index, record, dossier=dossier, dry_run=dry_run)
    _report(result, f"added claim {record.id}")


@app.command()
@record_options(Appearance, name="shown", editing=True, panel="Appearance (--appearance N)")
@record_options(Claim, name="claim", skip=("id",), renamed=CLAIM_OPTIONS, editing=True)
def edit(
    ctx: typer.Context,
    claim: Changes,
    shown: Changes,
    claim_id: Annotated[str, typer.Argument(metavar="ID", help="Claim id.")],
    appearance: Annotated[int | None, typer.Option(
        "--appearance", help="Which appearance the appearance options change, from 1 "
        "(needed when the claim has several).", metavar="N", show_default=False)] = None,
    dry_run: DryRun = False,
) -> None:
    """Change a claim's fields, and an appearance's (framing, attribution, via, cue …);
    a list option replaces the list, --add-/--remove- change it item by item."""
    from claimtrack.edit.api import edit_claim

    with opened(ctx) as index, errors_as_exit_codes():
        result = edit_claim(index, claim_id, claim.values, appearance=shown.values,
                            number=appearance, add={**claim.add, **shown.add},
                            remove={**claim.remove, **shown.remove}, dry_run=dry_run)
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
    note: Annotated[str, typer.Option(help="A note kept with the acceptance.")] = "",
    dry_run: DryRun = False,
) -> None:
    """Accept drafts: the 'draft' tag goes and the claim records who accepted it, and when.

    Acceptance is not a verdict: no review is added and the status stays the reviews'."""
    from claimtrack.edit.api import accept as run
    from claimtrack.edit.api import reviewer_name

    with opened(ctx) as index, errors_as_exit_codes():
        reviewer = by if by is not None else reviewer_name(index.root) or ""
        results = run(index, claim_ids, by=reviewer, date=date, note=note, dry_run=dry_run)
    _report_all(results, f"accepted {', '.join(claim_ids)}")


@app.command()
def review(
    ctx: typer.Context,
    claim_ids: Annotated[list[str], typer.Argument(
        metavar="ID...", help="Claim id; several get the same review, all or none.")],
    status: Annotated[str, typer.Option(help="New status (unverified, disputed, …).")],
    note: Annotated[str, typer.Option(help="Why this status.")] = "",
    evidence: Annotated[list[str] | None, typer.Option(help="URL or claim id (repeat).",
                                                       show_default=False)] = None,
    by: Annotated[str | None, typer.Option(help="Reviewer (default: git config user.name).",
                                           show_default=False)] = None,
    date: Annotated[str | None, typer.Option(help="YYYY-MM-DD (default: today).",
                                             show_default=False)] = None,
    dry_run: DryRun = False,
) -> None:
    """Append a review to a claim's status history (never rewrites it); it names its
    reviewer."""
    from claimtrack.edit.api import review_each as run
    from claimtrack.edit.api import reviewer_name

    with opened(ctx) as index, errors_as_exit_codes():
        reviewer = by if by is not None else reviewer_name(index.root) or ""
        results = run(index, claim_ids, status=status, note=note,
                      evidence=evidence or (), by=reviewer, date=date, dry_run=dry_run)
    _report_all(results, f"reviewed {', '.join(dict.fromkeys(claim_ids))}: {status}")


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
@record_options(Actor, name="actor", helps={"id": "Id (default: made from the name)."})
def new_actor(
    ctx: typer.Context,
    actor: Changes,
    dry_run: DryRun = False,
) -> None:
    """Add an actor to actors.toml."""
    from claimtrack.edit.api import new_actor as run

    with errors_as_exit_codes():
        values = _prompted(actor.values, required(Actor, skip=("id",)))
    with opened(ctx) as index, errors_as_exit_codes():
        new_id, result = run(index, values, dry_run=dry_run)
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
