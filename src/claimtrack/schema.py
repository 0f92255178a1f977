"""Every record's shape as tables, derived from the attrs model: columns, rows, JSON Schema.

The model (``claimtrack.model``) is the one declaration. From its fields this module
derives, for each kind of record, the index's columns and DDL, the row a record becomes
and the record a row comes back as, the export columns and their JSON Schema. A
``tuple[Record, ...]`` field becomes a child table (a claim's appearances); a
``tuple[str, ...]`` field a JSON array column; a date a ``YYYY[-MM[-DD]]`` text column.
Adding a field to a model class changes every one of these without an edit here.
"""

from __future__ import annotations

import enum
import json
import json.encoder
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any

import attrs

from claimtrack.dates import PartialDate
from claimtrack.model import (
    Actor,
    Attribution,
    Claim,
    Document,
    Dossier,
    Framing,
    Status,
    Unclaimed,
)

__all__ = ["RECORDS", "Column", "Derived", "Table", "json_schema", "optional_of", "table",
           "tables"]

Value = str | int | None
"""What a column holds: text (lists as JSON arrays, dates as ``YYYY-MM-DD``), integer, NULL."""


@attrs.frozen
class Column:
    """One column of a table: its name, type, meaning and, for vocabularies, its values."""

    name: str
    type: str
    """``text``, ``integer``, ``date``, ``list`` (a JSON array of strings) or ``enum``."""
    doc: str
    required: bool = False
    values: tuple[str, ...] = ()
    field: str | None = None
    """The model field it comes from; None for a derived column."""
    ref: str | None = None
    """The table its ids point at (``actors``), or ``evidence`` (a claim id or a URL)."""
    part: str | None = None
    """For a field holding one small record (a claim's ``basis``), the field of that
    record this column holds (``reason``): such a record is kept as columns of its own."""


@attrs.frozen
class Derived:
    """A column computed from the whole record when it is indexed (``status``, ``documents``)."""

    column: Column
    after: str
    """The column it follows in exports."""
    of: Callable[[Any], Value]


@attrs.frozen
class Table:
    """One kind of record as a table: its stored columns, children and export columns."""

    name: str
    record: type[Any]
    columns: tuple[Column, ...]
    """Stored columns from the model's fields, then derived ones, in export order."""
    children: tuple[Table, ...] = ()
    parent: str | None = None
    """For a child table, the parent table's singular name (``claim``)."""
    field: str | None = None
    """For a child table, the parent's field that holds it (``appearances``)."""
    ordered: bool = True
    """Whether the children's order means something (exports carry ``position``)."""
    derived: tuple[Derived, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The stored column names, in order."""
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        """The column called ``name``."""
        return next(c for c in self.columns if c.name == name)

    def row(self, record: Any) -> tuple[Value, ...]:
        """The record's stored values, in ``names`` order (children left out)."""
        key = (self.name, self.record)
        encode = _ENCODERS.get(key)
        if encode is None:
            encode = _ENCODERS[key] = _encoder(self)
        return encode(record)

    def decode(self, row: Mapping[str, Any], children: Mapping[str, Sequence[Any]] = {}
               ) -> Any:
        """The record a row (a mapping by column name) and its children's records come from."""
        values: dict[str, Any] = {}
        parts: dict[str, dict[str, Any]] = {}
        for column in self.columns:
            if column.field is None:
                continue
            if column.part is not None:
                inner = optional_of(_field_type(self.record, column.field))
                parts.setdefault(column.field, {})[column.part] = _decode_value(
                    column, row[column.name], _field_type(inner, column.part))
                continue
            values[column.field] = _decode_value(column, row[column.name],
                                                 _field_type(self.record, column.field))
        for field, found in parts.items():
            inner = optional_of(_field_type(self.record, field))
            given = any(row[f"{field}_{part}"] is not None for part in found)
            values[field] = inner(**found) if given else None
        for child in self.children:
            assert child.field is not None
            values[child.field] = tuple(children.get(child.field, ()))
        return self.record(**values)


# -- the declaration: which records are tables, and what is derived from them ------------

RECORDS: dict[str, type[Any]] = {
    "actors": Actor,
    "documents": Document,
    "claims": Claim,
    "unclaimed": Unclaimed,
    "dossiers": Dossier,
}
"""The record tables of a dossier file, by the TOML array (or table) that holds them."""


_DATE_TEXT: dict[PartialDate, str] = {}
"""Dates as text, remembered: a folder writes the same few thousand dates many times."""


def _date(value: PartialDate | None) -> str | None:
    if value is None:
        return None
    text = _DATE_TEXT.get(value)
    if text is None:
        text = _DATE_TEXT[value] = str(value)
    return text


def _first(claim: Any, field: str) -> Any:
    return getattr(claim.appearances[0], field) if claim.appearances else None


_DERIVED: dict[type[Any], tuple[Derived, ...]] = {
    Claim: (
        Derived(Column("framing", "enum", "How its first appearance presents it.",
                       values=tuple(str(f) for f in Framing)),
                "kind", lambda c: None if not c.appearances else str(_first(c, "framing"))),
        Derived(Column("attribution", "enum", "Whether its first appearance names the "
                       "claimant (explicit), does not (inferred) or is the document's own "
                       "voice (own).", values=tuple(str(a) for a in Attribution)),
                "framing",
                lambda c: None if not c.appearances else str(_first(c, "attribution"))),
        Derived(Column("status", "enum", "Current status: the verdict's, else unverified.",
                       required=True, values=tuple(str(s) for s in Status)),
                "attribution", lambda c: str(c.status)),
        Derived(Column("documents", "list", "Ids of the documents it appears in."),
                "about", lambda c: _json_list(list(c.documents))),
        Derived(Column("quote", "text", "Exact quote of its first appearance."),
                "documents", lambda c: c.appearances[0].quote if c.appearances else None),
        Derived(Column("via", "list", "Ids of the actors its first appearance relays it "
                       "through, outermost first."),
                "quote", lambda c: _json_list(list(_first(c, "via") or ()))),
        Derived(Column("cue", "text", "The reporting words of its first appearance (said, "
                       "according to, it was reported)."),
                "via", lambda c: _first(c, "cue") or None),
        Derived(Column("reviewed", "date", "Date of the review that holds the verdict."),
                "credibility", lambda c: None if c.verdict is None else _date(c.verdict.date)),
        Derived(Column("reviewed_by", "text", "Who gave the verdict."),
                "reviewed", lambda c: None if c.verdict is None else c.verdict.by or None),
        Derived(Column("review_note", "text", "Why the verdict is what it is: its note."),
                "reviewed_by",
                lambda c: None if c.verdict is None else c.verdict.note or None),
        Derived(Column("review_evidence", "list", "URLs or claim ids the verdict rests on."),
                "review_note",
                lambda c: _json_list(list(c.verdict.evidence) if c.verdict else [])),
    ),
}
"""Columns computed from a whole record, placed in exports after the named column."""


# -- derivation ---------------------------------------------------------------------------


@cache
def tables() -> dict[str, Table]:
    """Every top-level table, by name."""
    return {name: table(record, name) for name, record in RECORDS.items()}


def table(record: type[Any], name: str, parent: str | None = None,
          field: str | None = None, ordered: bool = True) -> Table:
    """The table of ``record`` (children included), derived from its attrs fields."""
    hints = _hints(record)
    columns: list[Column] = []
    children: list[Table] = []
    for attribute in attrs.fields(record):
        tp = hints[attribute.name]
        child = _record_of(tp)
        doc = attribute.metadata.get("doc", "")
        if child is not None:
            children.append(table(child, attribute.name, _singular(name), attribute.name,
                                  attribute.metadata.get("ordered", True)))
            continue
        inner = optional_of(tp)
        if attrs.has(inner) and not issubclass(inner, PartialDate):
            inner_hints = _hints(inner)
            for sub in attrs.fields(inner):
                columns.append(Column(
                    f"{attribute.name}_{sub.name}", _column_type(inner_hints[sub.name]),
                    f"{doc.rstrip('.')}: {sub.metadata.get('doc', '')}", False,
                    _values(inner_hints[sub.name]), attribute.name, None, sub.name))
            continue
        required = attribute.default is attrs.NOTHING
        columns.append(Column(attribute.name, _column_type(tp), doc, required,
                              _values(tp), attribute.name, attribute.metadata.get("ref")))
    derived = _DERIVED.get(record, ())
    for extra in derived:
        at = next(i for i, c in enumerate(columns) if c.name == extra.after)
        columns.insert(at + 1, extra.column)
    return Table(name, record, tuple(columns), tuple(children), parent, field, ordered,
                 derived)


def _hints(record: type[Any]) -> dict[str, Any]:
    from claimtrack import model

    return typing.get_type_hints(record, vars(model))


_HINTS: dict[type[Any], dict[str, Any]] = {}


def _field_type(record: type[Any], name: str) -> Any:
    if record not in _HINTS:
        _HINTS[record] = _hints(record)
    return _HINTS[record][name]


def _singular(name: str) -> str:
    return name[:-1] if name.endswith("s") else name


def optional_of(tp: Any) -> Any:
    """``X`` for ``X | None``, else ``tp``."""
    if isinstance(tp, types.UnionType) or typing.get_origin(tp) is typing.Union:
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return tp


def _record_of(tp: Any) -> type[Any] | None:
    """The attrs class of a ``tuple[Record, ...]`` type, else None."""
    if typing.get_origin(tp) is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis and attrs.has(args[0]):
            return typing.cast(type[Any], args[0])
    return None


def _column_type(tp: Any) -> str:
    base = optional_of(tp)
    if base is PartialDate:
        return "date"
    if isinstance(base, type) and issubclass(base, enum.Enum):
        return "enum"
    if base is int:
        return "integer"
    if typing.get_origin(base) is tuple:
        return "list"
    if base is str:
        return "text"
    raise TypeError(f"no column type for {tp!r}")


def _values(tp: Any) -> tuple[str, ...]:
    base = optional_of(tp)
    if isinstance(base, type) and issubclass(base, enum.Enum):
        return tuple(str(m.value) for m in base)
    return ()


# -- records to rows and back ---------------------------------------------------------------


_ENCODERS: dict[tuple[str, type[Any]], Callable[[Any], tuple[Value, ...]]] = {}
"""Generated encoders, by table name and record class: a table derived again from
another class under a name already used has columns of its own."""
_quote = json.encoder.encode_basestring


def _json_list(items: list[str]) -> str:
    """``json.dumps(items, ensure_ascii=False)`` for a list of strings, quicker."""
    return "[" + ", ".join(map(_quote, items)) + "]"


def _encoder(tbl: Table) -> Callable[[Any], tuple[Value, ...]]:
    """A function generated from the columns that gives a record's stored values."""
    names: dict[str, Any] = {"_json": _json_list, "_date": _date, "_str": str}
    parts = []
    for column in tbl.columns:
        if column.field is None:
            names[f"_derive_{column.name}"] = next(
                d.of for d in tbl.derived if d.column.name == column.name)
            parts.append(f"_derive_{column.name}(r)")
            continue
        value = f"r.{column.field}"
        if column.part is not None:
            value = f"(None if r.{column.field} is None else r.{column.field}.{column.part})"
        if column.type == "list":
            parts.append(f"_json(list({value}))")
        elif column.type == "date":
            parts.append(f"_date({value})")
        elif column.type == "enum" and issubclass(_column_class(tbl, column), enum.StrEnum):
            # A StrEnum member's text is its value (str() in C, not the value property).
            parts.append(f"(None if {value} is None else _str({value}))")
        elif column.type == "enum":
            parts.append(f"(None if {value} is None else {value}.value)")
        elif column.type == "text":
            # An empty string and an absent one mean the same: NULL, shown as blank.
            parts.append(f"({value} or None)")
        else:
            parts.append(value)
    exec(f"def encode(r):\n    return ({', '.join(parts)},)", names)
    return typing.cast(Callable[[Any], tuple[Value, ...]], names["encode"])


def _column_class(tbl: Table, column: Column) -> Any:
    """The type a stored column's values have in the model (``None`` left out)."""
    assert column.field is not None
    tp = optional_of(_field_type(tbl.record, column.field))
    return tp if column.part is None else optional_of(_field_type(tp, column.part))


def _decode_value(column: Column, value: Any, tp: Any) -> Any:
    base = optional_of(tp)
    if value is None:
        if column.type == "list":
            return ()
        return "" if base is str and tp is str else None
    if column.type == "list":
        return tuple(json.loads(value))
    if column.type == "date":
        return PartialDate.parse(value)
    if column.type == "enum":
        return base(value)
    return value


# -- JSON Schema ------------------------------------------------------------------------------


def export_columns(tbl: Table, extra: Sequence[tuple[Column, str]] = ()) -> list[Column]:
    """The columns an export of ``tbl`` shows: the parent's id and position for a child
    table, then the stored ones, with ``extra`` (column, after) placed in order."""
    columns: list[Column] = []
    if tbl.parent is not None:
        columns.append(Column(tbl.parent, "text", f"Id of the {tbl.parent}.", True))
        if tbl.ordered:
            columns.append(Column("position", "integer",
                                  "Order among the claim's entries, from 1.", True))
    columns.extend(tbl.columns)
    for column, after in extra:
        at = next(i for i, c in enumerate(columns) if c.name == after)
        columns.insert(at + 1, column)
    return columns


def column_schema(column: Column) -> dict[str, Any]:
    """The JSON Schema of one exported cell."""
    if column.type == "list":
        return {"type": "array", "items": {"type": "string"}, "description": column.doc}
    base: dict[str, Any] = {"type": "integer" if column.type == "integer" else "string",
                            "description": column.doc}
    if column.type == "date":
        base["pattern"] = r"^\d{4}(-\d{2}(-\d{2})?)?$"
    if column.values:
        base["enum"] = list(column.values)
    if column.required:
        return base
    return {"anyOf": [base, {"type": "null"}]}


def row_schema(columns: Sequence[Column]) -> dict[str, Any]:
    """The JSON Schema of one exported row with these columns."""
    return {"type": "object", "properties": {c.name: column_schema(c) for c in columns},
            "required": [c.name for c in columns], "additionalProperties": False}


def json_schema(export_tables: Mapping[str, Sequence[Column]],
                nested: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON Schema (Draft 2020-12) of the json export: a table's rows or the nested shape."""
    defs: dict[str, Any] = {name: row_schema(cols) for name, cols in export_tables.items()}
    defs["nested"] = nested
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://claimtrack.invalid/schema/claimtrack-export.json",
        "title": "claimtrack export",
        "description": "Output of `claimtrack export json`: an array of rows of one table "
        "(claims by default, or --table), or with --nested the dossier shape. "
        "`claimtrack export jsonl` writes the same row objects one a line.",
        "anyOf": [*({"type": "array", "items": {"$ref": f"#/$defs/{name}"}}
                    for name in export_tables), {"$ref": "#/$defs/nested"}],
        "$defs": defs,
    }
