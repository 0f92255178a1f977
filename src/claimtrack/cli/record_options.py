"""Options for a record's fields, derived from the model: what ``add``, ``edit`` and
``actor edit`` offer.

Each field of the model class (``claimtrack.fields``) becomes an option with the field's
meaning as its help: ``--kind`` for a vocabulary word (the words listed), ``--made`` for
a partial date; a list field a repeatable option that replaces the list (``--alias``,
also spelt ``--aliases``), and, where the command edits, ``--add-alias``,
``--remove-alias`` and ``--no-aliases``. The command receives one ``Changes`` value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Annotated, Any, TypeVar

import attrs
import typer

from claimtrack.cli.options import _inject
from claimtrack.fields import Field, Given, fields_of

__all__ = ["Changes", "option_name", "record_options", "required", "singular"]

F = TypeVar("F", bound=Callable[..., Any])


@attrs.frozen
class Changes:
    """A record's fields as the options gave them (only those given), by field name."""

    values: dict[str, Given] = attrs.Factory(dict)
    """A field set: a text, or a list that replaces the list (empty: none)."""
    add: dict[str, list[str]] = attrs.Factory(dict)
    """Items to add to a list field."""
    remove: dict[str, list[str]] = attrs.Factory(dict)
    """Items to take out of a list field."""


def singular(name: str) -> str:
    """A list field's option, one item at a time: ``aliases`` is ``alias``."""
    if name.endswith("ses"):
        return name[:-2]
    return name[:-1] if name.endswith("s") and not name.endswith("ss") else name


def option_name(field: Field, renamed: Mapping[str, str] = {}, prefix: str = "") -> str:
    """The option that sets ``field`` (``--claimant`` may be renamed ``--by``; a field of
    a record inside another, such as a claim's basis, is prefixed: ``--basis-quote``)."""
    if field.name in renamed:
        return "--" + renamed[field.name].replace("_", "-")
    name = singular(field.name) if field.many else field.name
    return "--" + (f"{prefix}-{name}" if prefix else name).replace("_", "-")


def _help(field: Field, *, editing: bool, helps: Mapping[str, str]) -> str:
    if field.name in helps:
        return helps[field.name]
    text = field.doc.rstrip(".")
    if field.vocabulary is not None:
        words = [str(m.value) for m in field.vocabulary]
        if not all(word in text for word in words):  # the meaning may name them already
            text += ": " + ", ".join(words)
    if field.ref == "actors":
        text += "; an actor's id, name or alias"
    if field.kind == "date":
        text = text.replace(" (partial date)", "") + " (2023, 2023-08 or 2023-09-24)"
    if field.many:
        text += "; repeat for several" + ("; replaces the list" if editing else "")
    elif editing and not field.required:
        text += "; '' removes it"
    return text + "."


def _params(fields: Sequence[Field], renamed: Mapping[str, str], *, editing: bool,
            panel: str | None, prefix: str, helps: Mapping[str, str]
            ) -> dict[str, tuple[Any, Any]]:
    params: dict[str, tuple[Any, Any]] = {}
    for field in fields:
        flag = option_name(field, renamed, prefix)
        text = _help(field, editing=editing, helps=helps)
        key = _key(prefix, field.name)
        if not field.many:
            params[key] = (Annotated[str | None, typer.Option(
                flag, help=text, show_default=False, rich_help_panel=panel)], None)
            continue
        spellings = dict.fromkeys([flag, "--" + field.name.replace("_", "-")])
        params[key] = (Annotated[list[str] | None, typer.Option(
            *spellings, help=text, show_default=False, rich_help_panel=panel)], None)
        if editing:
            one = flag.removeprefix("--")
            params[f"add_{field.name}"] = (Annotated[list[str] | None, typer.Option(
                f"--add-{one}", help=f"Add to {field.name} (repeat).", show_default=False,
                rich_help_panel=panel)], None)
            params[f"remove_{field.name}"] = (Annotated[list[str] | None, typer.Option(
                f"--remove-{one}", help=f"Take out of {field.name} (repeat).",
                show_default=False, rich_help_panel=panel)], None)
            params[f"no_{field.name}"] = (Annotated[bool, typer.Option(
                f"--no-{field.name.replace('_', '-')}", help=f"Clear {field.name}.",
                rich_help_panel=panel)], False)
    return params


def _key(prefix: str, name: str) -> str:
    """The parameter a field's option fills (prefixed: a basis's quote is not a quote)."""
    return f"{prefix}_{name}" if prefix else name


def _changes(fields: Sequence[Field], values: dict[str, Any], prefix: str) -> Changes:
    changes = Changes()
    for field in fields:
        key = _key(prefix, field.name)
        if values.get(f"no_{field.name}"):
            changes.values[field.name] = []
        elif values.get(key) is not None:
            changes.values[field.name] = values[key]
        if values.get(f"add_{field.name}"):
            changes.add[field.name] = list(values[f"add_{field.name}"])
        if values.get(f"remove_{field.name}"):
            changes.remove[field.name] = list(values[f"remove_{field.name}"])
    return changes


def record_options(cls: type[Any], *, name: str, skip: Sequence[str] = (),
                   renamed: Mapping[str, str] = {}, editing: bool = False,
                   panel: str | None = None, prefix: str = "",
                   helps: Mapping[str, str] = {}) -> Callable[[F], F]:
    """Add an option for each field of the model class ``cls`` but those in ``skip``; the
    command receives them as ``name: Changes``. ``editing`` adds, for a list field, the
    options that add to it, take out of it and clear it; ``renamed`` and ``helps`` give a
    field another option name or help; ``prefix`` names a record held inside another."""
    fields = [f for f in fields_of(cls) if f.name not in skip]

    def decorate(fn: F) -> F:
        params = _params(fields, renamed, editing=editing, panel=panel, prefix=prefix,
                         helps=helps)
        return _inject(fn, name, params,  # type: ignore[return-value]
                       lambda values: _changes(fields, values, prefix))

    return decorate


def required(cls: type[Any], *, skip: Sequence[str] = ()) -> list[Field]:
    """The fields of ``cls`` a new record cannot do without (but those in ``skip``)."""
    return [f for f in fields_of(cls) if f.required and f.name not in skip]
