"""Edits as text-to-text functions over tomlkit documents, touching only one table each.

Comments, blank lines, key order and inline tables elsewhere in the file come through
byte for byte: tomlkit keeps them, and each function only appends or removes the records
it is about.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import tomlkit
from tomlkit.items import AoT, Array, InlineTable, Table

from claimtrack.errors import UsageError

__all__ = ["add_actor", "add_claim", "add_relation", "append_review", "remove_relation"]

Record = Mapping[str, Any]


def _item(value: Any) -> Any:
    if isinstance(value, Sequence) and not isinstance(value, str):
        array = tomlkit.array()
        array.extend(value)
        return array
    return value


def _empty(value: Any) -> bool:
    return value is None or value == "" or (
        isinstance(value, Sequence) and not isinstance(value, str) and len(value) == 0)


def _table(record: Record, *, children: Mapping[str, Sequence[Record]] = {}) -> Table:
    table = tomlkit.table()
    for key, value in record.items():
        if not _empty(value):
            table.add(key, _item(value))
    for key, items in children.items():
        if items:
            aot = tomlkit.aot()
            for child in items:
                aot.append(_table(child))
            table.append(key, aot)
    return table


def _render(doc: tomlkit.TOMLDocument, build: Any, original: str) -> str:
    """Render after ``build(doc, spaced)``; a new table is followed by a blank line, unless it
    lands at the end of the file, where it is preceded by one instead."""
    build(doc, True)
    text = tomlkit.dumps(doc)
    if text.endswith("\n\n") and not original.endswith("\n\n"):
        doc = tomlkit.parse(original)
        build(doc, False)
        text = tomlkit.dumps(doc)
    return text


def _spaced(table: Table, spaced: bool) -> Table:
    if spaced:
        table.add(tomlkit.nl())
    else:
        table.trivia.indent = "\n"
    return table


def _records(doc: tomlkit.TOMLDocument, name: str) -> AoT | Array | None:
    found = doc.get(name)
    return found if isinstance(found, AoT | Array) else None


def _find(doc: tomlkit.TOMLDocument, name: str, record_id: str) -> Table | InlineTable:
    records = _records(doc, name)
    for record in records or ():
        if isinstance(record, Table | InlineTable) and record.get("id") == record_id:
            return record
    raise UsageError(f"no {name[:-1]} '{record_id}' in this file")


def _append_child(parent: Table | InlineTable, key: str, child: Record, spaced: bool) -> None:
    existing = parent.get(key)
    if isinstance(existing, Array):  # written inline: keep it inline
        inline = tomlkit.inline_table()
        inline.update({k: _item(v) for k, v in child.items() if not _empty(v)})
        existing.append(inline)
    elif isinstance(existing, AoT):
        existing.append(_spaced(_table(child), spaced))
    else:
        aot = tomlkit.aot()
        aot.append(_spaced(_table(child), spaced))
        parent.append(key, aot)


def _append_record(doc: tomlkit.TOMLDocument, name: str, table: Table, spaced: bool) -> None:
    records = _records(doc, name)
    if records is None:
        aot = tomlkit.aot()
        aot.append(_spaced(table, spaced))
        doc.append(name, aot)
    elif isinstance(records, Array):
        raise UsageError(f"'{name}' is written as an inline array in this file; "
                         f"claimtrack appends only to [[{name}]] tables")
    else:
        records.append(_spaced(table, spaced))


def add_claim(text: str, claim: Record, *, appearances: Sequence[Record],
              reviews: Sequence[Record]) -> str:
    """Insert a ``[[claims]]`` record with its appearances and reviews after the last claim."""
    table = _table(claim, children={"appearances": appearances, "reviews": reviews})
    return _insert_record(text, "claims", table)


def add_actor(text: str, actor: Record) -> str:
    """Insert an ``[[actors]]`` record after the last actor."""
    return _insert_record(text, "actors", _table(actor))


_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\-]+)\s*\]\]?\s*(#.*)?$")


def _insert_record(text: str, name: str, table: Table) -> str:
    """Insert a new ``[[name]]`` record as text right after the last one.

    Inserting text rather than a tomlkit item keeps the comment and blank lines that head
    the *next* section where they are: tomlkit would put the record after them.
    """
    doc = tomlkit.document()
    aot = tomlkit.aot()
    aot.append(table)
    doc.append(name, aot)
    block = _blank_lines_between_tables(tomlkit.dumps(doc))
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    end = _end_of_records(lines, name)
    if end is None:
        sep = "\n" if lines and lines[-1].strip() else ""
        return "".join(lines) + sep + block
    return "".join([*lines[:end], "\n", block, *lines[end:]])


def _blank_lines_between_tables(block: str) -> str:
    out: list[str] = []
    for line in block.splitlines(keepends=True):
        if _HEADER.match(line) and out and out[-1].strip():
            out.append("\n")
        out.append(line)
    return "".join(out)


def _end_of_records(lines: list[str], name: str) -> int | None:
    """Index just past the last content line of the last ``[[name]]`` record, if any."""
    inside, last = False, None
    for number, line in enumerate(lines):
        header = _HEADER.match(line)
        if header:
            table = header.group(1)
            inside = table == name or table.startswith(f"{name}.")
        if inside and line.strip() and not line.lstrip().startswith("#"):
            last = number + 1
    return last


def append_review(text: str, claim_id: str, review: Record) -> str:
    """Append one entry to a claim's review history."""

    def build(doc: tomlkit.TOMLDocument, spaced: bool) -> None:
        _append_child(_find(doc, "claims", claim_id), "reviews", review, spaced)

    return _render(tomlkit.parse(text), build, text)


def add_relation(text: str, claim_id: str, relation: Record) -> str:
    """Add a typed link from a claim to another."""

    def build(doc: tomlkit.TOMLDocument, spaced: bool) -> None:
        _append_child(_find(doc, "claims", claim_id), "relations", relation, spaced)

    return _render(tomlkit.parse(text), build, text)


def remove_relation(text: str, claim_id: str, kind: str, target: str) -> str:
    """Remove the relation ``kind`` ``target`` from a claim."""
    doc = tomlkit.parse(text)
    claim = _find(doc, "claims", claim_id)
    relations = claim.get("relations")
    items = list(relations) if isinstance(relations, AoT | Array) else []
    keep = [r for r in items if not (r.get("type") == kind and r.get("target") == target)]
    if len(keep) == len(items):
        raise UsageError(f"claim '{claim_id}' has no relation '{kind} {target}'")
    assert isinstance(relations, AoT | Array)
    if not keep:
        del claim["relations"]
    elif isinstance(relations, AoT):
        index = next(i for i, r in enumerate(relations)
                     if r.get("type") == kind and r.get("target") == target)
        relations.body.pop(index)
    else:
        index = next(i for i, r in enumerate(relations)
                     if r.get("type") == kind and r.get("target") == target)
        del relations[index]
    return tomlkit.dumps(doc)
