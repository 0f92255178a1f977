"""Records as plain data: what a TOML table of them holds (no cattrs, so a read can use it).

``unstructure`` is the inverse of ``claimtrack.structure.structure``; the writers write
what it gives through the one emitter (``claimtrack.edit.emit``), and ``show`` shows a
field it has no words of its own for as it gives it.
"""

from __future__ import annotations

import enum
from typing import Any

import attrs

from claimtrack.dates import PartialDate

__all__ = ["unstructure"]


def unstructure(record: Any) -> dict[str, Any]:
    """A record as a TOML table: vocabularies and dates as text, fields that hold their
    default left out (a required one is always written, even blank).

    The inverse of ``structure``: ``structure(unstructure(r), type(r))`` gives ``r`` back.
    """
    table: dict[str, Any] = {}
    for field in attrs.fields(type(record)):
        value = getattr(record, field.name)
        if field.default is not attrs.NOTHING and value == _default(field):
            continue
        table[field.name] = _plain(value)
    return table


def _default(field: attrs.Attribute[Any]) -> Any:
    default: Any = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        return default.factory()
    return default


def _plain(value: Any) -> Any:
    if attrs.has(type(value)) and not isinstance(value, PartialDate):
        return unstructure(value)
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, PartialDate):
        return str(value)
    return value
