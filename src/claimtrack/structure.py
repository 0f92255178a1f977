"""Turn parsed TOML tables into model objects with one strict cattrs converter.

Input validation happens here, at the edge: unknown keys, wrong types and unknown
vocabulary values each become a readable message tied to a field path.
"""

from __future__ import annotations

import datetime as dt
import enum
import typing
from collections.abc import Iterator
from functools import cache
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn

from claimtrack import vocab
from claimtrack.dates import PartialDate
from claimtrack.errors import did_you_mean, one_of
from claimtrack.plain import unstructure

__all__ = ["FieldError", "structure", "unstructure"]

T = TypeVar("T")
E = TypeVar("E", bound=enum.Enum)

FieldError = tuple[str, str]
"""A field path relative to the record (``reviews[0].status``) and a message."""


def _type_name(value: object) -> str:
    names = {str: "a string", int: "an integer", float: "a number", bool: "a boolean",
             list: "an array", dict: "a table", dt.date: "a date", dt.datetime: "a date-time"}
    return names.get(type(value), type(value).__name__)


def _structure_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {_type_name(value)} ({value!r})")
    return value


def _structure_int(value: object, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected an integer, got {_type_name(value)} ({value!r})")
    if not -(1 << 63) <= value < (1 << 63):  # what SQLite (and TOML) hold: 64 bits
        digits = str(value)
        shown = digits if len(digits) <= 30 else f"{digits[:12]}… ({len(digits)} digits)"
        raise TypeError(f"expected an integer of at most 64 bits (-9223372036854775808 to "
                        f"9223372036854775807), got {shown}")
    return value


def _structure_str_tuple(value: object, _: type) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise TypeError(f"expected an array of strings, got {_type_name(value)} ({value!r})")
    for item in value:
        if not isinstance(item, str):
            raise TypeError(f"expected an array of strings, found {_type_name(item)} ({item!r})")
    return tuple(value)


def _structure_date(value: object, _: type) -> PartialDate:
    if isinstance(value, dt.datetime):
        raise TypeError("expected a date (YYYY, YYYY-MM or YYYY-MM-DD), got a date-time")
    if isinstance(value, dt.date):
        return PartialDate.from_date(value)
    if isinstance(value, str):
        return PartialDate.parse(value)
    if isinstance(value, int) and not isinstance(value, bool):
        raise TypeError(f"expected a date as a string, got the number {value}; write \"{value}\"")
    raise TypeError(f"expected a date (YYYY, YYYY-MM or YYYY-MM-DD), got {_type_name(value)}")


def _structure_vocabulary(value: object, cls: type[E]) -> E:
    # The files keep each word as the model spells it; a word typed in another case is
    # pointed at ("did you mean"), where typed input (claimtrack.vocab.parse) takes it.
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {_type_name(value)} ({value!r})")
    try:
        return cls(value)
    except ValueError:
        raise ValueError(vocab.message(cls, value)) from None


def _record_hook(conv: cattrs.Converter, cls: type[Any]) -> Any:
    """cattrs' own hook for an attrs class, after making sure it was given a table."""
    inner = make_dict_structure_fn(cls, conv)

    def hook(value: object, _: type) -> Any:
        if not isinstance(value, dict):
            raise TypeError(f"expected a table, got {_type_name(value)}")
        return inner(value, cls)

    return hook


def _is_record_tuple(tp: Any) -> bool:
    args: tuple[Any, ...] = tuple(getattr(tp, "__args__", ()))
    return (
        getattr(tp, "__origin__", None) is tuple
        and len(args) == 2
        and args[1] is Ellipsis
        and hasattr(args[0], "__attrs_attrs__")
    )


def _record_tuple_hook(conv: cattrs.Converter, tp: Any) -> Any:
    item = tp.__args__[0]

    def hook(value: object, _: type) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise TypeError(f"expected an array of tables, got {_type_name(value)}")
        errors: list[Exception] = []
        items: list[Any] = []
        for index, element in enumerate(value):
            try:
                if not isinstance(element, dict):
                    raise TypeError(f"expected a table, got {_type_name(element)}")
                items.append(conv.structure(element, item))
            except Exception as exc:  # collected, re-raised as a group
                exc.__notes__ = [*getattr(exc, "__notes__", []),
                                 IterableValidationNote(f"index {index}", index, item)]
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"while structuring {tp!r}", errors, tp)
        return tuple(items)

    return hook


@cache
def make_converter() -> cattrs.Converter:
    """The one converter: strict primitives, readable enums, no unknown keys."""
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    # Every vocabulary, by its base class: a new one needs no edit here. StrEnum is named
    # too because str comes before Enum in a StrEnum's MRO: the str hook would take it and
    # let any word through.
    conv.register_structure_hook(enum.Enum, _structure_vocabulary)
    conv.register_structure_hook(enum.StrEnum, _structure_vocabulary)
    conv.register_structure_hook_func(lambda t: t == tuple[str, ...], _structure_str_tuple)
    conv.register_structure_hook(PartialDate, _structure_date)
    conv.register_structure_hook_factory(attrs.has, lambda t: _record_hook(conv, t))
    conv.register_structure_hook_factory(_is_record_tuple, lambda t: _record_tuple_hook(conv, t))
    return conv


def structure(data: object, cls: type[T]) -> tuple[T | None, list[FieldError]]:
    """Structure ``data`` as ``cls``; on failure return every field error instead."""
    if not isinstance(data, dict):
        return None, [("", f"expected a table, got {_type_name(data)}")]
    try:
        quick: Any = _quick(cls)  # type: ignore[arg-type]  # classes are hashable
        return typing.cast(T, quick(data)), []
    except (_Slow, KeyError, TypeError, ValueError):
        pass  # the detailed path below says what is wrong
    converter = make_converter()
    try:
        return converter.structure(data, cls), []
    except Exception as exc:  # every failure becomes a message
        return None, list(_field_errors(exc, ""))


def _field_errors(exc: BaseException, path: str) -> Iterator[FieldError]:
    if isinstance(exc, ClassValidationError | IterableValidationError):
        with_notes, without = exc.group_exceptions()
        for inner, note in with_notes:
            if isinstance(note, AttributeValidationNote):
                sub = f"{path}.{note.name}" if path else note.name
            elif isinstance(note, IterableValidationNote):
                sub = f"{path}[{note.index}]"
            else:  # pragma: no cover - cattrs only attaches the two notes above
                sub = path
            yield from _field_errors(inner, sub)
        for inner in without:
            yield from _field_errors(inner, path)
    elif isinstance(exc, ForbiddenExtraKeysError):
        allowed = sorted(a.name for a in getattr(exc.cl, "__attrs_attrs__", ()))
        for key in sorted(exc.extra_fields):
            sub = f"{path}.{key}" if path else key
            yield sub, f"unknown key '{key}'; {one_of(allowed)}{did_you_mean(key, allowed)}"
    elif isinstance(exc, KeyError):
        name = path.rpartition(".")[2] or path
        yield path, f"required key '{name}' is missing"
    else:
        yield path, str(exc) or type(exc).__name__


# -- the quick way for sound records ---------------------------------------------------------
#
# Most records of a folder are sound. For them a function generated from the model's
# fields builds the record directly, several times faster than cattrs with detailed
# validation; anything it does not like (a missing key, an unknown one, a wrong type, an
# impossible date) sends the record down the detailed path above, which says what is wrong.


class _Slow(Exception):
    """The record needs the detailed path."""


_DATES: dict[object, PartialDate] = {}


def _quick_date(value: object) -> PartialDate:
    found = _DATES.get(value)
    if found is None:
        if isinstance(value, dt.datetime) or not isinstance(value, str | dt.date):
            raise _Slow
        try:
            found = (PartialDate.parse(value) if isinstance(value, str)
                     else PartialDate.from_date(value))
        except ValueError:
            raise _Slow from None
        _DATES[value] = found
    return found


def _quick_strings(value: Any) -> tuple[str, ...]:
    if value.__class__ is not list:
        raise _Slow
    for item in value:
        if item.__class__ is not str:
            raise _Slow
    return tuple(value)


@cache
def _quick(cls: type[Any]) -> Any:
    """The generated function that builds a sound ``cls`` from its TOML table."""
    import typing

    from claimtrack import model

    hints = typing.get_type_hints(cls, vars(model))
    names: dict[str, Any] = {"_Slow": _Slow, "_date": _quick_date, "_strings": _quick_strings,
                             "_cls": cls}
    allowed = frozenset(f.name for f in attrs.fields(cls))
    names["_allowed"] = allowed
    lines = ["def quick(d):", "    if not d.keys() <= _allowed:", "        raise _Slow",
             "    get = d.get"]
    args = []
    for field in attrs.fields(cls):
        name = field.name
        required = field.default is attrs.NOTHING
        lines.append(f"    v = d[{name!r}]" if required else f"    v = get({name!r}, _missing)")
        convert = _quick_field(hints[name], name, names)
        if required:
            lines.append(f"    {name} = {convert}")
        else:
            names[f"_default_{name}"] = field.default
            lines.append(f"    {name} = _default_{name} if v is _missing else {convert}")
        args.append(f"{name}={name}")
    lines.append(f"    return _cls({', '.join(args)})")
    names["_missing"] = object()
    exec("\n".join(lines), names)
    return names["quick"]


def _quick_field(tp: Any, name: str, names: dict[str, Any]) -> str:
    """An expression converting ``v`` to a value of ``tp`` (or raising _Slow)."""
    import types
    import typing

    optional = False
    if isinstance(tp, types.UnionType) or typing.get_origin(tp) is typing.Union:
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        optional, tp = True, args[0]
    if tp is str:
        expr = "v if v.__class__ is str else _slow()"
    elif tp is int:
        expr = "v if v.__class__ is int and -(1 << 63) <= v < (1 << 63) else _slow()"
    elif tp is PartialDate:
        expr = "_date(v)"
    elif isinstance(tp, type) and issubclass(tp, enum.Enum):
        names[f"_enum_{name}"] = {m.value: m for m in tp}
        expr = f"_enum_{name}[v] if v.__class__ is str and v in _enum_{name} else _slow()"
    elif typing.get_origin(tp) is tuple and typing.get_args(tp)[0] is str:
        expr = "_strings(v)"
    elif attrs.has(tp):
        names[f"_item_{name}"] = _quick(tp)
        expr = f"_item_{name}(v) if v.__class__ is dict else _slow()"
    else:
        item = typing.get_args(tp)[0]
        names[f"_item_{name}"] = _quick(item)
        expr = (f"tuple(_item_{name}(x) if x.__class__ is dict else _slow() for x in v) "
                "if v.__class__ is list else _slow()")
    names["_slow"] = _raise_slow
    return f"(None if v is None else {expr})" if optional else f"({expr})"


def _raise_slow() -> Any:
    raise _Slow
