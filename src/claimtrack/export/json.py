"""JSON (a flat array, or the nested dossier shape) and JSON Lines, with a JSON Schema.

Both are written as the rows come from the index. JSON text is built with the standard
library's C encoder (``json.dumps`` without indentation) for every value, and laid out in
the indented shape here, which is several times faster than an indenting ``json.dumps``.
"""

from __future__ import annotations

import json
import json.encoder
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from claimtrack.rows import TABLE_NAMES, Row, columns, iter_rows
from claimtrack.schema import json_schema, row_schema

if TYPE_CHECKING:
    from claimtrack.index import Index
    from claimtrack.select import Selection

__all__ = ["json_array", "json_value", "schema", "schema_text", "to_json", "to_jsonl"]

_SUB = ("appearances", "relations", "reviews")


def schema() -> dict[str, Any]:
    """The JSON Schema (Draft 2020-12) of the ``json`` and ``jsonl`` exports."""
    tables = {name: columns(name) for name in TABLE_NAMES}
    claim = row_schema(tables["claims"])
    for sub in _SUB:
        keep = [c for c in tables[sub] if c.name not in ("claim", "position")]
        claim["properties"][sub] = {"type": "array", "items": row_schema(keep)}
        claim["required"].append(sub)
    dossier = {"type": "object", "properties": {
        name: {"type": "string"} for name in ("id", "title", "description", "publisher", "url")},
        "required": ["id"]}
    nested = {"type": "object", "properties": {
        "dossiers": {"type": "array", "items": dossier},
        "actors": {"type": "array", "items": {"$ref": "#/$defs/actors"}},
        "documents": {"type": "array", "items": {"$ref": "#/$defs/documents"}},
        "claims": {"type": "array", "items": claim}},
        "required": ["dossiers", "actors", "documents", "claims"],
        "additionalProperties": False}
    return json_schema(tables, nested)


def schema_text() -> str:
    """The JSON Schema as text, as ``claimtrack schema`` prints it."""
    return json.dumps(schema(), indent=2, ensure_ascii=False) + "\n"


_dumps = json.JSONEncoder(ensure_ascii=False).encode


def json_value(value: Any, indent: str = "") -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)`` at ``indent``, C-encoded leaves."""
    if isinstance(value, tuple | list):
        if not value:
            return "[]"
        inner = indent + "  "
        items = (json_value(v, inner) for v in value)
        return "[\n" + ",\n".join(inner + item for item in items) + "\n" + indent + "]"
    if isinstance(value, dict):
        return _object(value, indent)
    return _dumps(value)


def _object(row: Row, indent: str) -> str:
    if not row:
        return "{}"
    inner = indent + "  "
    return ("{\n" + ",\n".join(f"{inner}{_dumps(k)}: {json_value(v, inner)}"
                               for k, v in row.items()) + "\n" + indent + "}")


def json_array(items: Iterator[Any], indent: str = "") -> Iterator[str]:
    """``json.dumps(list(items), indent=2)`` at ``indent``, written as it comes."""
    inner = indent + "  "
    first = True
    for item in items:
        yield ("[\n" if first else ",\n") + inner + json_value(item, inner)
        first = False
    yield "[]" if first else "\n" + indent + "]"


def to_json(index: Index, selection: Selection, *, table: str = "claims",
            nest: bool = False) -> Iterator[str]:
    """A JSON array of the table's rows, or with ``nest`` the dossier shape."""
    if nest:
        yield from _nested(index, selection)
        return
    cols = columns(table)
    formatted = _formatter(tuple(c.name for c in cols), tuple(c.type for c in cols))
    from claimtrack.select import Query, compile_query

    compiled = compile_query(Query(selection=selection, view=table))
    cursor = index.db.execute(compiled.sql, compiled.params)
    first = True
    while batch := cursor.fetchmany(2000):
        parts = []
        for row in batch:
            parts.append(("[\n  " if first else ",\n  ") + formatted(row))
            first = False
        yield "".join(parts)
    yield "[]\n" if first else "\n]\n"


def _formatter(names: tuple[str, ...], kinds: tuple[str, ...]) -> Any:
    """A function generated from the columns: a row tuple (lists as JSON arrays) as the
    indented object ``json.dumps(..., indent=2)`` writes at the second level."""
    helpers: dict[str, Any] = {"_s": _text, "_l": _list}
    pieces = []
    for number, (name, kind) in enumerate(zip(names, kinds, strict=True)):
        key = _dumps(name).replace("{", "{{").replace("}", "}}")
        value = f"_l(r[{number}])" if kind == "list" else f"_s(r[{number}])"
        pieces.append(f"    {key}: {{{value}}}")
    # One f-string builds the object: far quicker than adding its pieces one by one.
    template = "{{\n" + ",\n".join(pieces) + "\n  }}"
    exec(f"def fmt(r):\n    return f{template!r}", helpers)
    return helpers["fmt"]


def _text(value: Any) -> str:
    if value is None:
        return "null"
    if value.__class__ is str:
        return str(_quote(value))
    return _dumps(value)


_PLAIN = re.compile(r'\["[^"\\]*"(?:, "[^"\\]*")*\]')
"""A list as the index stores it (``schema._json_list``) with no escape in it: its items
are already written exactly as they are printed here, so they are split, not decoded and
encoded again."""


def _list(value: str | None) -> str:
    if not value or value == "[]":
        return "[]"
    if _PLAIN.fullmatch(value):
        return "[\n      " + value[1:-1].replace('", "', '",\n      "') + "\n    ]"
    items = json.loads(value)
    return "[\n" + ",\n".join("      " + _quote(item) for item in items) + "\n    ]"


_quote = json.encoder.encode_basestring


def to_jsonl(index: Index, selection: Selection, *,
             table: str = "claims") -> Iterator[str]:
    """One compact JSON object a line, streamed."""
    from claimtrack.select import Query

    for row in iter_rows(index, Query(selection=selection, view=table)):
        yield json.dumps({k: list(v) if isinstance(v, tuple) else v for k, v in row.items()},
                         ensure_ascii=False) + "\n"


def _nested(index: Index, selection: Selection) -> Iterator[str]:
    """The dossier shape: dossiers, actors, documents, and claims with their sub-tables."""
    from claimtrack.select import Query

    dossiers = [{"id": file.removesuffix(".toml"), "title": t or "", "description": d or "",
                 "publisher": p or "", "url": u or ""} for file, t, d, p, u in index.rows(
        "SELECT file, title, description, publisher, url FROM dossiers WHERE live "
        "ORDER BY file")]
    head = {"dossiers": dossiers,
            "actors": list(iter_rows(index, Query(view="actors"))),
            "documents": list(iter_rows(index, Query(view="documents")))}
    yield "{\n" + "".join(f"  {_dumps(k)}: {json_value(v, '  ')},\n" for k, v in head.items())
    yield '  "claims": '
    subs = {sub: iter_rows(index, Query(selection=selection, view=sub)) for sub in _SUB}
    pending: dict[str, Row | None] = {sub: next(subs[sub], None) for sub in _SUB}

    def claims() -> Iterator[Row]:
        for row in iter_rows(index, Query(selection=selection)):
            item = dict(row)
            for sub in _SUB:
                items = []
                while (found := pending[sub]) is not None and found["claim"] == row["id"]:
                    items.append({k: v for k, v in found.items()
                                  if k not in ("claim", "position")})
                    pending[sub] = next(subs[sub], None)
                item[sub] = items
            yield item

    yield from json_array(claims(), "  ")
    yield "\n}\n"
