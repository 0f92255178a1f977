"""The Typer application, its global options, and the glue every command shares."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from claimtrack import __version__
from claimtrack.errors import ClaimtrackError

if TYPE_CHECKING:
    from claimtrack.dataset import Dataset
    from claimtrack.warm import Warm

app = typer.Typer(
    name="claimtrack",
    help="Track attributed claims: who claimed what, where, how it was presented, "
    "and what became of it.",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@dataclasses.dataclass(frozen=True)
class Globals:
    """The global options, kept on the root context."""

    claims: Path | None
    cache: bool


def _version(value: bool) -> None:
    if value:
        print(f"claimtrack {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    claims: Annotated[
        Path | None,
        typer.Option(
            "--claims",
            help="The claims folder (default: $CLAIMTRACK_CLAIMS, else the nearest "
            "claims/ folder upwards).",
            metavar="DIR",
            show_default=False,
        ),
    ] = None,
    no_cache: Annotated[
        bool,
        typer.Option("--no-cache", help="Parse every file again; neither read nor write the "
                     "index cache."),
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True,
                     help="Print the version and exit."),
    ] = False,
) -> None:
    """Track attributed claims: who claimed what, where, and what became of it."""
    ctx.obj = Globals(claims=claims, cache=not no_cache)


def fail(error: ClaimtrackError) -> NoReturn:
    """Print the library's message and exit with its code (1 problems, 2 usage)."""
    print(f"claimtrack: {error}", file=sys.stderr)
    raise typer.Exit(error.exit_code)


def claims_dir(ctx: typer.Context) -> Path:
    """The claims folder chosen by ``--claims``, the environment or the working directory."""
    from claimtrack.find import find_claims_dir

    try:
        return find_claims_dir(_globals(ctx).claims)
    except ClaimtrackError as error:
        fail(error)


def load_dataset(ctx: typer.Context, *, warn: bool = True) -> Dataset:
    """Load the claims folder for a command, warning on stderr when it has load problems."""
    from claimtrack.load import load

    dataset = load(claims_dir(ctx), cache=_globals(ctx).cache)
    if warn and dataset.problems:
        n = len(dataset.problems)
        print(f"claimtrack: {n} problem{'s' if n != 1 else ''} in the claims folder "
              "(records with problems are left out); run `claimtrack check`", file=sys.stderr)
    return dataset


def use_cache(ctx: typer.Context) -> bool:
    """False under ``--no-cache``."""
    return _globals(ctx).cache


def open_warm(ctx: typer.Context) -> Warm | None:
    """The folder answered from its index cache, or None (``--no-cache``, or problems)."""
    if not use_cache(ctx):
        return None
    from claimtrack.warm import Warm

    return Warm.open(claims_dir(ctx))


def claims_option(ctx: typer.Context) -> Path | None:
    """The ``--claims`` value as given (None when absent)."""
    return _globals(ctx).claims


def _globals(ctx: typer.Context) -> Globals:
    found = ctx.find_root().obj
    return found if isinstance(found, Globals) else Globals(claims=None, cache=True)
