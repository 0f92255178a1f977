"""``claimtrack actor edit|merge|remove`` and ``claimtrack rename``: records people manage."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from claimtrack.cli._app import app, errors_as_exit_codes, group, opened
from claimtrack.cli.record_options import Changes, record_options
from claimtrack.model import Actor

if TYPE_CHECKING:
    from claimtrack.edit.session import EditResult

actor = group("actor", "Edit, merge or remove an actor; every reference follows.")

DryRun = Annotated[bool, typer.Option("--dry-run", "-n", help="Print the diff it would write; "
                                      "write nothing.")]
ActorArgument = Annotated[str, typer.Argument(metavar="ACTOR", help="Actor: id, name or "
                                              "alias.")]


def _report(results: tuple[EditResult, ...], what: str) -> None:
    from claimtrack.inert import one_line, visible

    if results and results[0].written:
        files = ", ".join(dict.fromkeys(r.path.name for r in results))
        print(one_line(f"{what} ({files})"))
    else:
        sys.stdout.write(visible("".join(r.diff for r in results)))


@actor.command("edit")
@record_options(Actor, name="changes", skip=("id",), editing=True)
def edit_actor(
    ctx: typer.Context,
    changes: Changes,
    who: ActorArgument,
    dry_run: DryRun = False,
) -> None:
    """Change an actor: name, kind, aliases, affiliation, reliability, description."""
    from claimtrack.edit.actors import edit_actor as run

    with opened(ctx) as index, errors_as_exit_codes():
        actor_id = index.actor(who)
        result = run(index, actor_id, changes.values,
                     add_aliases=changes.add.get("aliases", ()),
                     remove_aliases=changes.remove.get("aliases", ()), dry_run=dry_run)
    _report((result,), f"edited actor {actor_id}")


@actor.command("merge")
def merge_actor(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(metavar="FROM", help="The actor merged away: id, "
                                          "name or alias.")],
    into: Annotated[str, typer.Argument(metavar="INTO", help="The actor it becomes.")],
    dry_run: DryRun = False,
) -> None:
    """Merge actor FROM into INTO: every claimant, about, via, affiliation and document
    voice naming FROM names INTO; INTO answers to FROM's names too; FROM goes."""
    from claimtrack.edit.actors import merge_actors

    with opened(ctx) as index, errors_as_exit_codes():
        gone, kept = index.actor_id(source) or source, index.actor_id(into) or into
        results = merge_actors(index, source, into, dry_run=dry_run)
    _report(results, f"merged actor {gone} into {kept}")


@actor.command("remove")
def remove_actor(
    ctx: typer.Context,
    who: ActorArgument,
    dry_run: DryRun = False,
) -> None:
    """Remove an actor; refused while a claim, document or actor names it (listed)."""
    from claimtrack.edit.actors import remove_actor as run

    with opened(ctx) as index, errors_as_exit_codes():
        actor_id = index.actor(who)
        result = run(index, actor_id, dry_run=dry_run)
    _report((result,), f"removed actor {actor_id}")


@app.command()
def rename(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(metavar="OLD", help="The claim's id.")],
    new: Annotated[str, typer.Argument(metavar="NEW", help="Its new id.")],
    dry_run: DryRun = False,
) -> None:
    """Rename a claim: its id, and every relation, review evidence and acknowledged finding
    that names it."""
    from claimtrack.edit.rename import rename_claim

    with opened(ctx) as index, errors_as_exit_codes():
        results = rename_claim(index, old, new, dry_run=dry_run)
    _report(results, f"renamed {old} to {new}")
