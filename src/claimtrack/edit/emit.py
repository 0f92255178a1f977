"""Write new records as TOML text quickly, in the layout the dossiers use.

tomlkit builds a tree for every table and takes about a millisecond per claim; a bulk
write (an import of ten thousand reviews) renders the text directly instead. Values are
the plain ones records hold: strings, numbers, dates, lists of them and one level of
inline table. Empty values are left out, as ``claimtrack.edit.ops`` leaves them out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from json.encoder import encode_basestring
from typing import Any

__all__ = ["key_line", "records", "value"]


def _string(text: str) -> str:
    # A JSON string is a TOML basic string, except that TOML also escapes DEL.
    quoted: str = encode_basestring(text)
    return quoted.replace("\x7f", "\\u007f") if "\x7f" in quoted else quoted


def _empty(item: Any) -> bool:
    return item is None or item == "" or (
        isinstance(item, Sequence | Mapping) and not isinstance(item, str) and not item)


def value(item: Any) -> str:
    """``item`` as a TOML value."""
    if type(item) is str:
        return _string(item)
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, str):
        return _string(item)
    if isinstance(item, int | float):
        return repr(item)
    if isinstance(item, dt.date):
        return item.isoformat()
    if isinstance(item, Mapping):
        inner = ", ".join(f"{_key(k)} = {value(v)}" for k, v in item.items() if not _empty(v))
        return f"{{ {inner} }}" if inner else "{}"
    if isinstance(item, Sequence):
        return "[" + ", ".join(value(v) for v in item) + "]"
    raise TypeError(f"cannot write {type(item).__name__} as TOML")


@cache
def _key(name: str) -> str:
    return name if name.replace("_", "").replace("-", "").isalnum() else _string(name)


def key_line(key: str, item: Any) -> str:
    """``key = value`` as one line of TOML."""
    return f"{_key(key)} = {value(item)}\n"


def _table(header: str, record: Mapping[str, Any]) -> list[str]:
    lines = [f"[[{header}]]\n"]
    lines.extend(f"{_key(k)} = {value(v)}\n" for k, v in record.items()
                 if v is not None and v != "" and (type(v) is str or not _empty(v)))
    return lines


def records(name: str, items: Iterable[Mapping[str, Any]], *,
            children: Sequence[str] = ()) -> str:
    """``[[name]]`` tables, each followed by its ``children`` as ``[[name.child]]`` tables,
    with a blank line between tables."""
    out: list[str] = []
    for item in items:
        if out:
            out.append("\n")
        out.extend(_table(name, {k: v for k, v in item.items() if k not in children}))
        for child in children:
            for entry in item.get(child) or ():
                out.append("\n")
                out.extend(_table(f"{name}.{child}", entry))
    return "".join(out)
