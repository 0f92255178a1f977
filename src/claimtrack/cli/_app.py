"""The Typer application, its global options, and the one place errors become exit codes."""

from __future__ import annotations

import contextlib
import dataclasses
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperCommand
from typer.models import CommandFunctionType

from claimtrack import __version__
from claimtrack.errors import ClaimtrackError, UsageError
from claimtrack.words import count

if TYPE_CHECKING:
    from claimtrack.index import Index

class _Command(TyperCommand):
    """A command whose usage line names its arguments as its help does (``ID...``), not
    in Typer's braces (``{ID...}``), which read as a set to choose from."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        """The usage line's words after the command name."""
        pieces = super().collect_usage_pieces(ctx)
        return [p[1:-1] if p.startswith("{") and p.endswith("}") else p for p in pieces]


class _Typer(typer.Typer):
    """The application: every command made with ``_Command`` unless it names its own."""

    def command(self, *args: Any, **kwargs: Any
                ) -> Callable[[CommandFunctionType], CommandFunctionType]:
        """Register a command (as ``typer.Typer.command``)."""
        kwargs.setdefault("cls", _Command)
        return super().command(*args, **kwargs)


app = _Typer(
    name="claimtrack",
    help="Track attributed claims: who claimed what, where, how it was presented, "
    "and what became of it.",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

def group(name: str, text: str) -> typer.Typer:
    """A group of commands under ``claimtrack NAME`` (``claimtrack actor merge``)."""
    sub = _Typer(name=name, help=text, no_args_is_help=True, add_completion=False,
                 context_settings={"help_option_names": ["-h", "--help"]},
                 pretty_exceptions_enable=False, rich_markup_mode=None)
    app.add_typer(sub, name=name)
    return sub


OPTION_OF: dict[str, str] = {
    "table": "--table", "bom": "--bom",
    "nested": "--nested", "publisher": "--publisher", "statement": "--statement",
    "claimant": "--by", "quote": "--quote", "made": "--made", "occurred": "--occurred",
    "date": "--date", "id": "--id", "dossier": "--dossier", "name": "--name",
    "affiliation": "--affiliation", "reliability": "--reliability", "type": "TYPE",
    "rule": "--rule", "columns": "--columns", "sort": "--sort", "limit": "--limit",
    "format": "--format", "output": "-o", "cue": "--cue", "basis": "--basis",
    "appearance": "--appearance", "notes": "--notes",
    "reviewer": "--by", "acknowledge": "--acknowledge", "reason": "--reason",
    "include_drafts": "--include-drafts", "exclude_rule": "--exclude-rule",
    "aliases": "--alias", "description": "--description",
    "host": "--host", "port": "--port", "min_score": "--min-score", "title": "--title",
    "lead": "--lead", "update": "--update",
}
"""Library field names, as the command line's options that set them (the shared filters'
options come from their declaration, ``claimtrack.select.FILTERS``)."""


def option_of(field: str) -> str:
    """The command line's option that sets the library's field ``field``."""
    if field in OPTION_OF:
        return OPTION_OF[field]
    from claimtrack.select import filter_named

    found = filter_named(field)
    return found.option if found is not None else field


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
        typer.Option("--no-cache", help="Build the index in memory; neither read nor write "
                     "the cached one."),
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True,
                     help="Print the version and exit."),
    ] = False,
) -> None:
    """Track attributed claims: who claimed what, where, and what became of it."""
    ctx.obj = Globals(claims=claims, cache=not no_cache)


def message(error: ClaimtrackError) -> str:
    """The error as the command line says it: fields named by the options that set them."""
    if isinstance(error, UsageError) and error.field is not None:
        return f"{option_of(error.field)}: {error.message}"
    return str(error)


def fail(error: ClaimtrackError) -> NoReturn:
    """Print the library's message and exit with its code (1 problems, 2 usage)."""
    from claimtrack.inert import brief, visible

    print(f"claimtrack: {visible(brief(message(error)))}", file=sys.stderr)
    raise typer.Exit(error.exit_code)


@contextlib.contextmanager
def errors_as_exit_codes() -> Iterator[None]:
    """Turn the library's errors into a message and an exit code: the one place it happens."""
    try:
        yield
    except ClaimtrackError as error:
        fail(error)


def claims_dir(ctx: typer.Context) -> Path:
    """The claims folder chosen by ``--claims``, the environment or the working directory."""
    from claimtrack.find import find_claims_dir

    with errors_as_exit_codes():
        return find_claims_dir(_globals(ctx).claims)


@contextlib.contextmanager
def opened(ctx: typer.Context, *, warn: bool = True) -> Iterator[Index]:
    """The folder's index, up to date, for one command; library errors become exit codes.

    With ``warn``, a folder with records that could not be read says so on stderr. (A cache
    found damaged is the index's business: built again, or one message.)
    """
    from claimtrack.index import Index
    from claimtrack.index.store import ENV_CACHE_DIR

    root = claims_dir(ctx)
    with errors_as_exit_codes(), Index.open(root, cache=_globals(ctx).cache) as index:
        if index.unusable_cache is not None:
            from claimtrack.inert import visible

            print(visible(f"claimtrack: the index cache cannot be used, answering without it "
                          f"(slower): {index.unusable_cache}; fix it, set ${ENV_CACHE_DIR}, "
                          "or pass --no-cache"), file=sys.stderr)
        if warn:
            n = index.load_problems()
            if n:
                print(f"claimtrack: {count(n, 'problem')} in the claims "
                      "folder (records with problems are left out); run `claimtrack "
                      "check`", file=sys.stderr)
        yield index


def use_cache(ctx: typer.Context) -> bool:
    """False under ``--no-cache``."""
    return _globals(ctx).cache


def claims_option(ctx: typer.Context) -> Path | None:
    """The ``--claims`` value as given (None when absent)."""
    return _globals(ctx).claims


def _globals(ctx: typer.Context) -> Globals:
    found = ctx.find_root().obj
    return found if isinstance(found, Globals) else Globals(claims=None, cache=True)
