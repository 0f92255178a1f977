"""The option bundles commands share: one decorator for the filters, one for the output.

``@filter_options`` adds the filters ``claimtrack.select.FILTERS`` declares (``--by``,
``--status`` …) to a command and hands it one ``Filters`` value; ``@output_options`` adds
``--format``, ``--columns``, ``--sort``, ``--limit``, ``--wrap``, ``--no-header`` and
``--no-truncate`` and hands it one ``Output``. A command body stays short.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import attrs
import typer

from claimtrack.cli._app import errors_as_exit_codes

if TYPE_CHECKING:
    from claimtrack.index import Index
    from claimtrack.output import Output
    from claimtrack.select import Selection

__all__ = ["Filters", "filter_options", "output_options"]

F = TypeVar("F", bound=Callable[..., Any])

_FILTERS = "Filters"
_OUTPUT = "Output"


def _filter_params() -> dict[str, tuple[Any, Any]]:
    """The filter options as Typer parameters, derived from ``claimtrack.select.FILTERS``."""
    from claimtrack.select import FILTERS

    params: dict[str, tuple[Any, Any]] = {}
    for found in FILTERS:
        if found.kind == "flag":
            params[found.name] = (Annotated[bool, typer.Option(
                found.option, help=found.help, rich_help_panel=_FILTERS)], False)
        else:
            kind = list[str] | None if found.many else str | None
            params[found.name] = (Annotated[kind, typer.Option(
                found.option, help=found.help, rich_help_panel=_FILTERS,
                show_default=False)], None)
    return params


@attrs.frozen
class Filters:
    """The filter options as typed (filter name -> value); ``selection`` resolves them
    against the index."""

    given: dict[str, Any] = attrs.Factory(dict)

    def selection(self, index: Index) -> Selection:
        """The Selection these options mean (a usage error exits 2 naming the option)."""
        from claimtrack.select import Selection

        with errors_as_exit_codes():
            return Selection.parse(index, **self.given)


def _inject(fn: Callable[..., Any], name: str, params: dict[str, tuple[Any, Any]],
            build: Callable[[dict[str, Any]], Any]) -> Callable[..., Any]:
    """``fn`` with its ``name`` parameter replaced by ``params`` (as Typer options), and
    called with ``build`` of their values."""
    signature = inspect.signature(fn)
    kept = [p.replace(annotation=_evaluated(fn, p.annotation))
            for p in signature.parameters.values() if p.name != name]
    added = [inspect.Parameter(key, inspect.Parameter.KEYWORD_ONLY, default=default,
                               annotation=annotation)
             for key, (annotation, default) in params.items()]

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        values = {key: kwargs.pop(key) for key in params}
        kwargs[name] = build(values)
        return fn(*args, **kwargs)

    wrapper.__signature__ = signature.replace(parameters=[*kept, *added])  # type: ignore[attr-defined]
    hints = {p.name: p.annotation for p in kept if p.annotation is not inspect.Parameter.empty}
    hints.update({key: annotation for key, (annotation, _) in params.items()})
    # Typer reads the signature and these (evaluated) annotations.
    wrapper.__annotations__ = hints
    return wrapper


def _evaluated(fn: Callable[..., Any], annotation: Any) -> Any:
    """An annotation written as text (``from __future__ import annotations``), evaluated
    where ``fn`` was written, so Typer sees its ``typer.Option``."""
    if isinstance(annotation, str):
        return eval(annotation, fn.__globals__)
    return annotation


def filter_options(fn: F) -> F:
    """Add the shared filter options; the command receives them as ``filters: Filters``."""
    return _inject(fn, "filters", _filter_params(),
                   lambda values: Filters(values))  # type: ignore[return-value]


def output_options(default_format: str = "simple") -> Callable[[F], F]:
    """Add the shared output options; the command receives them as ``output: Output``.

    A ``default_format`` that is not a table format (``tree``) is accepted as its own.
    """
    extra = () if default_format == "simple" else (default_format,)
    params: dict[str, tuple[Any, Any]] = {
        "fmt": (Annotated[str, typer.Option(
            "--format", "-f", help="A tabulate table format (simple, github, grid, …), or csv, "
            "tsv, json (an array), jsonl.", rich_help_panel=_OUTPUT)], default_format),
        "columns": (Annotated[list[str] | None, typer.Option(
            "--columns", "-c", help="Columns to show, in order (comma-separated or repeated).",
            rich_help_panel=_OUTPUT, show_default=False)], None),
        "sort": (Annotated[list[str] | None, typer.Option(
            "--sort", help="Sort by these columns; prefix '-' for descending.",
            rich_help_panel=_OUTPUT, show_default=False)], None),
        "limit": (Annotated[int | None, typer.Option(
            "--limit", help="Show at most N rows.", rich_help_panel=_OUTPUT,
            show_default=False)], None),
        "wrap": (Annotated[bool | None, typer.Option(
            "--wrap/--no-wrap", help="Wrap table cells to the terminal width (default: only "
            "on a terminal; piped, every row stays one line).", rich_help_panel=_OUTPUT,
            show_default=False)], None),
        "header": (Annotated[bool, typer.Option(
            "--header/--no-header", help="Print the header row of a table, csv or tsv.",
            rich_help_panel=_OUTPUT)], True),
        "truncate": (Annotated[bool, typer.Option(
            "--truncate/--no-truncate", help="On a terminal, cut ids with … when they alone "
            "are wider than it (--no-truncate: print them whole, past its edge).",
            rich_help_panel=_OUTPUT)], True),
    }

    def build(values: dict[str, Any]) -> Output:
        from claimtrack.output import Output

        with errors_as_exit_codes():
            return Output(fmt=values["fmt"], columns=values["columns"] or (),
                          sort=values["sort"] or (), limit=values["limit"],
                          wrap=values["wrap"], extra=extra, header=values["header"],
                          truncate=values["truncate"])

    def decorate(fn: F) -> F:
        return _inject(fn, "output", params, build)  # type: ignore[return-value]

    return decorate
