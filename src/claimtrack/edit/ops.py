"""Edits as text-to-text functions that rewrite only the lines of the record they change.

Each function finds the record in the text's layout (``claimtrack.edit.layout``), then
changes just its lines: a key is replaced, removed or added where it stands, a review or a
relation is written after the claim's last one of its kind, a record is inserted after
the last of its kind or taken out with the blank line that separated it. Where a value
must be rewritten (an inline table inside an array), tomlkit edits that one statement,
parsed on its own, so nothing else in the file is ever rendered again. Comments, blank
lines, key order and every other record come through byte for byte.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from typing import Any

import tomlkit
from tomlkit.items import Array, InlineTable

from claimtrack import words
from claimtrack.edit.layout import Layout, LayoutError, Record, Section, Statement
from claimtrack.errors import UsageError

__all__ = [
    "UneditableError",
    "add_record",
    "add_relation",
    "append_blocks",
    "append_review",
    "change_tags",
    "indent_of",
    "insert_block",
    "insert_reviews",
    "kept_comment",
    "key_lines",
    "parsed_statement",
    "remove_claim",
    "remove_key",
    "remove_relation",
    "remove_relations_to",
    "set_fields",
    "toml_item",
]

Values = Mapping[str, Any]


class UneditableError(UsageError):
    """The text cannot be edited without rewriting what the edit does not change (it does
    not scan as TOML, or tomlkit would write a statement back otherwise)."""


# -- values ---------------------------------------------------------------------------------


def toml_item(value: Any) -> Any:
    """A plain value (a mapping: an inline table) as the tomlkit item that writes it."""
    if isinstance(value, Mapping):
        inline = tomlkit.inline_table()
        inline.update({k: toml_item(v) for k, v in value.items() if not _empty(v)})
        return inline
    if isinstance(value, Sequence) and not isinstance(value, str):
        array = tomlkit.array()
        array.extend(toml_item(v) for v in value)
        return array
    return value


def _empty(value: Any) -> bool:
    return value is None or value == "" or (
        isinstance(value, Sequence | Mapping) and not isinstance(value, str)
        and len(value) == 0)


def key_lines(values: Mapping[str, Any], indent: str = "") -> str:
    """``key = value`` lines (empty values left out), each indented by ``indent``."""
    from claimtrack.edit import emit

    return "".join(indent + emit.key_line(key, value) for key, value in values.items()
                   if not _empty(value))


def _tables(header: str, records: Sequence[Values]) -> str:
    """``[[header]]`` tables of ``records``, blank lines between them."""
    return "\n".join(f"[[{header}]]\n" + key_lines(r) for r in records)


# -- finding things -------------------------------------------------------------------------


def _layout(text: str) -> Layout:
    try:
        return Layout(text)
    except (LayoutError, RecursionError) as error:
        raise UneditableError(f"cannot be edited: {error}") from None


def _lines(text: str) -> str:
    """The text ending in a newline, so that a line can be added after its last one."""
    return text if not text or text.endswith("\n") else text + "\n"


def indent_of(line: str) -> str:
    """The spaces and tabs a line starts with."""
    return line[: len(line) - len(line.lstrip(" \t"))]


def parsed_statement(layout: Layout, statement: Statement) -> tuple[tomlkit.TOMLDocument, str]:
    """One statement parsed on its own by tomlkit, and its text; refused when tomlkit would
    not write it back byte for byte."""
    snippet = layout.span(statement.first, statement.last + 1)
    doc = tomlkit.parse(snippet)
    if tomlkit.dumps(doc) != snippet:
        raise UneditableError(f"line {statement.first + 1} cannot be edited without "
                              "rewriting what it does not change; edit it by hand")
    return doc, snippet


def _value_of(layout: Layout, statement: Statement) -> Any:
    """A key's value, read from its statement alone."""
    snippet = layout.span(statement.first, statement.last + 1).lstrip(" \t")
    return tomllib.loads(snippet)[statement.name[0]] if len(statement.name) == 1 else None


def _children(layout: Layout, record: Record, key: str) -> list[tuple[Section, dict[str, Any]]]:
    """The record's ``[[name.key]]`` tables with their values."""
    out = []
    for section in record.children(key):
        body = "".join(layout.span(s.first, s.last + 1).lstrip(" \t")
                       for s in section.statements if s.kind == "key")
        out.append((section, tomllib.loads(body)))
    return out


class _Inline:
    """A record written as an inline table inside an array (``claims = [{…}, …]``,
    ``appearances = [{…}]``): edited through tomlkit, on its statement alone."""

    def __init__(self, layout: Layout, statement: Statement, doc: tomlkit.TOMLDocument,
                 table: InlineTable) -> None:
        self.layout, self.statement, self.doc, self.table = layout, statement, doc, table

    def text(self) -> str:
        """The file with the statement written again."""
        new = tomlkit.dumps(self.doc)
        return self.layout.replace(self.statement.first, self.statement.last + 1, new)


def _inline_record(layout: Layout, name: str, record_id: str) -> _Inline:
    """The ``name`` record ``record_id`` written inside a ``name = [ … ]`` array."""
    statement = layout.root_key(name)
    if statement is None:
        raise UsageError(f"no {name[:-1]} '{record_id}' in this file")
    doc, _ = parsed_statement(layout, statement)
    array = doc.get(name)
    found = [t for t in array or () if isinstance(t, InlineTable) and t.get("id") == record_id]
    if len(found) != 1:
        raise UsageError(f"no {name[:-1]} '{record_id}' in this file")
    return _Inline(layout, statement, doc, found[0])


def _record(layout: Layout, name: str, record_id: str) -> Record | None:
    try:
        return layout.record(name, record_id)
    except LayoutError as error:
        raise UsageError(str(error)) from None


# -- keys of one table ------------------------------------------------------------------------


def _set_in_section(layout: Layout, section: Section, values: Mapping[str, Any]) -> str:
    """Replace, remove or add keys of one table section, each where it stands; new keys
    go after its last key, indented like it."""
    edits: list[tuple[int, int, str]] = []
    added: dict[str, Any] = {}
    for key, value in values.items():
        statement = section.key(key)
        if statement is not None and len(statement.name) != 1:
            raise UsageError(f"'{key}' is written as dotted keys on line "
                             f"{statement.first + 1}; edit it by hand")
        if statement is None:
            if not _empty(value):
                added[key] = value
        elif _empty(value):
            edits.append((statement.first, statement.last + 1, kept_comment(
                layout, statement)))
        else:
            doc, _ = parsed_statement(layout, statement)
            doc[key] = toml_item(value)
            edits.append((statement.first, statement.last + 1, tomlkit.dumps(doc)))
    if added:
        keys = [s for s in section.statements if s.kind == "key"]
        sample = layout.lines[keys[-1].first] if keys else ""
        edits.append((section.end, section.end, key_lines(added, indent_of(sample))))
    lines = list(layout.lines)
    for first, end, new in sorted(edits, key=lambda e: e[0], reverse=True):
        lines[first:end] = [new] if new else []
    return "".join(lines)


def kept_comment(layout: Layout, statement: Statement) -> str:
    """What stays of a removed key: the comment that trailed it, on a line of its own."""
    if not statement.comment:
        return ""
    return f"{indent_of(layout.lines[statement.first])}{statement.comment}\n"


def _set_inline(target: _Inline, values: Mapping[str, Any]) -> str:
    for key, value in values.items():
        if _empty(value):
            target.table.pop(key, None)
        else:
            target.table[key] = toml_item(value)
    return target.text()


def _appearance(layout: Layout, record: Record, claim_id: str, nth: int
                ) -> Section | _Inline:
    """The ``nth`` appearance (from 0) of a claim written as tables."""
    sections = record.children("appearances")
    statement = record.main.key("appearances")
    if statement is not None:
        doc, _ = parsed_statement(layout, statement)
        items = list(doc["appearances"]) if isinstance(doc.get("appearances"), Array) else []
        _in_range(claim_id, nth, len(items))
        table = items[nth]
        if not isinstance(table, InlineTable):
            raise UsageError(f"appearance {nth + 1} of claim '{claim_id}' is not a table")
        return _Inline(layout, statement, doc, table)
    _in_range(claim_id, nth, len(sections))
    return sections[nth]


def _in_range(claim_id: str, nth: int, count: int) -> None:
    if not 0 <= nth < count:
        raise UsageError(f"claim '{claim_id}' has {words.count(count, 'appearance')}; "
                         f"there is no number {nth + 1}", field="appearance")


def set_fields(text: str, claim_id: str, values: Mapping[str, Any], *,
               appearance: int | None = None, table: str = "claims") -> str:
    """Set (or, with an empty value, remove) keys of a record (a claim by default), or of a
    claim's ``appearance``-th appearance (from 0).

    A key already written is replaced where it stands, keeping its comment; a removed key
    leaves its comment; a new key goes on a line of its own after the table's last key.
    """
    layout = _layout(_lines(text))
    record = _record(layout, table, claim_id)
    if record is None:
        inline = _inline_record(layout, table, claim_id)
        if appearance is None:
            return _set_inline(inline, values)
        items = inline.table.get("appearances")
        count = len(items) if isinstance(items, Array) else 0
        _in_range(claim_id, appearance, count)
        assert isinstance(items, Array)
        inner = items[appearance]
        if not isinstance(inner, InlineTable):
            raise UsageError(f"appearance {appearance + 1} of claim '{claim_id}' is not a table")
        return _set_inline(_Inline(layout, inline.statement, inline.doc, inner), values)
    target: Section | _Inline = record.main if appearance is None else _appearance(
        layout, record, claim_id, appearance)
    if isinstance(target, _Inline):
        return _set_inline(target, values)
    return _set_in_section(layout, target, values)


def set_table(text: str, name: str, values: Mapping[str, Any]) -> str:
    """Set keys of the plain table ``[name]`` (a dossier's ``[dossier]``) where they stand;
    a file without that table gets it at its end."""
    text = _lines(text)
    layout = _layout(text)
    section = next((s for s in layout.sections if s.name == (name,) and not s.array), None)
    if section is None:
        sep = "\n" if text.strip() else ""
        return text + sep + f"[{name}]\n" + key_lines(values)
    return _set_in_section(layout, section, values)


def remove_key(text: str, claim_id: str, key: str, *, table: str = "claims") -> str:
    """Take one key out of a record, its trailing comment kept on a line of its own."""
    return set_fields(text, claim_id, {key: None}, table=table)


def _current(text: str, claim_id: str, key: str) -> Any:
    """The value of a claim's key as the text has it now (None when absent)."""
    layout = _layout(_lines(text))
    record = _record(layout, "claims", claim_id)
    if record is None:
        found: Any = _inline_record(layout, "claims", claim_id).table.get(key)
        return None if found is None else found.unwrap()
    statement = record.main.key(key)
    return None if statement is None else _value_of(layout, statement)


def change_tags(text: str, claim_id: str, *, add: Sequence[str] = (),
                remove: Sequence[str] = ()) -> str:
    """Add and remove tags of a claim, as the file has them now; the rest keep their order."""
    found = _current(text, claim_id, "tags")
    current = [str(t) for t in found] if isinstance(found, list) else []
    kept = [t for t in current if t not in remove]
    tags = kept + [t for t in dict.fromkeys(add) if t not in kept]
    return text if tags == current else set_fields(text, claim_id, {"tags": tags})


# -- child records: reviews, relations ------------------------------------------------------


def _append_child(text: str, claim_id: str, key: str, child: Values) -> str:
    """Append ``child`` to the claim's ``key`` array (reviews, relations).

    An inline array stays inline. Otherwise a ``[[claims.key]]`` table is written right
    after the claim's last one, or, when it has none, after the claim's last line: the
    tables of one kind stay together, so no later edit needs to move them.
    """
    layout = _layout(_lines(text))
    record = _record(layout, "claims", claim_id)
    if record is None:
        inline = _inline_record(layout, "claims", claim_id)
        _append_inline(inline.table, key, child)
        return inline.text()
    statement = record.main.key(key)
    if statement is not None:
        doc, _ = parsed_statement(layout, statement)
        found = doc.get(key)
        if not isinstance(found, Array):
            raise UsageError(f"claim '{claim_id}' has '{key}' that is not a list")
        found.append(toml_item(child))
        return layout.replace(statement.first, statement.last + 1, tomlkit.dumps(doc))
    return layout.replace(*_after(layout, record, key), _child_block(layout, record, key,
                                                                    [child]))


def _append_inline(table: InlineTable, key: str, child: Values) -> None:
    found = table.get(key)
    if isinstance(found, Array):
        found.append(toml_item(child))
    else:
        array = tomlkit.array()
        array.append(toml_item(child))
        table[key] = array


def _after(layout: Layout, record: Record, key: str) -> tuple[int, int]:
    """Where a new ``[[claims.key]]`` table of the record goes (an empty span)."""
    children = record.children(key)
    at = children[-1].end if children else record.end
    return at, at


def _child_block(layout: Layout, record: Record, key: str, children: Sequence[Values]) -> str:
    """The tables of new children, indented like the record's last one of that kind."""
    header = f"[[{'.'.join(record.main.name)}.{key}]]"
    siblings = record.children(key)
    head = key_indent = ""
    if siblings and siblings[-1].header is not None:
        head = indent_of(layout.lines[siblings[-1].header])
        keys = [s for s in siblings[-1].statements if s.kind == "key"]
        key_indent = indent_of(layout.lines[keys[0].first]) if keys else head
    return "".join(f"\n{head}{header}\n{key_lines(child, key_indent)}" for child in children)


def append_review(text: str, claim_id: str, review: Values) -> str:
    """Append one entry to a claim's review history."""
    return _append_child(text, claim_id, "reviews", review)


def add_relation(text: str, claim_id: str, relation: Values) -> str:
    """Add a typed link from a claim to another."""
    return _append_child(text, claim_id, "relations", relation)


def append_blocks(text: str, blocks: Mapping[int, str]) -> str:
    """Append text to several ``[[claims]]`` records at once.

    ``blocks`` maps a claim's position in the file (0 for the first ``[[claims]]``) to
    ``[[claims.reviews]]``-style tables, written after its last table of that kind (or its
    last line). One reading of the file for any number of additions. A claim that keeps
    that array inline is left to ``append_review``: raise UsageError for it.
    """
    layout = _layout(_lines(text))
    records = layout.records("claims")
    edits: list[tuple[int, str]] = []
    for position, block in blocks.items():
        key = block.lstrip().split("]]", 1)[0].removeprefix("[[claims.")
        if not 0 <= position < len(records) or records[position].main.key(key) is not None:
            raise UsageError(f"cannot append to claim number {position + 1} of this file")
        at, _ = _after(layout, records[position], key)
        edits.append((at, "\n" + block))
    lines = list(layout.lines)
    for at, block in sorted(edits, key=lambda e: e[0], reverse=True):
        lines[at:at] = [block]
    return "".join(lines)


_DATE = re.compile(r"[\"']?([0-9]{4}(?:-[0-9]{2}){0,2})")


def insert_reviews(text: str, reviews: Mapping[int, Sequence[tuple[str, str]]], *,
                   made: Mapping[int, str | None] | None = None) -> str:
    """Put ``[[claims.reviews]]`` tables into the histories of several claims at once, each
    in its place by date, and set or remove those claims' ``made`` line.

    ``reviews`` maps a claim's position in the file (0 for the first ``[[claims]]``) to
    (date, table text) pairs: a dated review goes after the last review of the history
    dated on or before it (before the first dated one when all are later), one of unknown
    date ('') first. ``made`` maps a position to the value's TOML text, or None to remove
    the line (a claim without one is left so). One reading of the file; a claim that keeps
    its reviews in an inline array cannot be edited so: raise UsageError.
    """
    made = made or {}
    layout = _layout(_lines(text))
    records = layout.records("claims")
    for position in sorted(set(reviews) | set(made)):
        if not 0 <= position < len(records):
            raise UsageError(f"cannot find claim number {position + 1} of this file")
    edits: list[tuple[int, int, int, str]] = []  # (first line, past the last, order, text)
    for position, added in reviews.items():
        record = records[position]
        if record.main.key("reviews") is not None:
            raise UsageError(f"cannot add reviews to claim number {position + 1} of this "
                             "file: its reviews are an inline array")
        history = [(section, _review_date(section)) for section in record.children("reviews")]
        for order, (date, block) in enumerate(sorted(added, key=lambda r: r[0])):
            earlier = [s.end for s, when in history if when and when <= date]
            later = [s.start for s, when in history if when and when > date]
            if date and earlier:
                at, piece = earlier[-1], "\n" + block
            elif date and later:
                at, piece = later[0], block + "\n"
            elif not date and history:
                at, piece = history[0][0].start, block + "\n"
            else:
                at, piece = (history[-1][0].end if history else record.end), "\n" + block
            edits.append((at, at, order, piece))
    for position, value in made.items():
        statement = records[position].main.key("made")
        if statement is not None:
            indent = indent_of(layout.lines[statement.first])
            edits.append((statement.first, statement.last + 1, -1,
                          "" if value is None else f"{indent}made = {value}\n"))
    lines = list(layout.lines)
    for first, end, _order, piece in sorted(edits, reverse=True):
        lines[first:end] = [piece]
    return "".join(lines)


def _review_date(section: Section) -> str:
    """A review table's date as written ('' when it has none)."""
    statement = section.key("date")
    found = _DATE.match(statement.value.strip()) if statement is not None else None
    return found.group(1) if found else ""


def remove_relation(text: str, claim_id: str, kind: str, target: str) -> str:
    """Remove the relation ``kind`` ``target`` from a claim, and only its lines."""
    layout = _layout(_lines(text))
    record = _record(layout, "claims", claim_id)
    missing = UsageError(f"claim '{claim_id}' has no relation '{kind} {target}'")
    statement: Statement | None = None
    if record is None:
        inline = _inline_record(layout, "claims", claim_id)
        holder: Any = inline.table
        doc, statement = inline.doc, inline.statement
    elif (statement := record.main.key("relations")) is not None:
        doc, _ = parsed_statement(layout, statement)
        holder = doc
    if statement is not None:
        relations = holder.get("relations")
        items = list(relations) if isinstance(relations, Array) else []
        matches = [i for i, r in enumerate(items)
                   if r.get("type") == kind and r.get("target") == target]
        if not matches:
            raise missing
        assert isinstance(relations, Array)
        if len(items) == 1 and record is not None:  # the whole key line goes
            return layout.replace(statement.first, statement.last + 1,
                                  kept_comment(layout, statement))
        if len(items) == 1:
            del holder["relations"]
        else:
            del relations[matches[0]]
        return layout.replace(statement.first, statement.last + 1, tomlkit.dumps(doc))
    assert record is not None
    for section, values in _children(layout, record, "relations"):
        if values.get("type") == kind and values.get("target") == target:
            return _without(layout, section.start, section.end)
    raise missing


def _without(layout: Layout, start: int, end: int) -> str:
    """The text without lines ``start`` to ``end``, and the blank line that separated them
    from what came before."""
    if start > 0 and not layout.lines[start - 1].strip():
        start -= 1
    return layout.replace(start, end, "")


def remove_relations_to(text: str, target: str) -> str:
    """Remove every relation in the file that points at ``target``, and only their lines."""
    while True:
        found = _relation_to(text, target)
        if found is None:
            return text
        text = remove_relation(text, found[0], found[1], target)


def _relation_to(text: str, target: str) -> tuple[str, str] | None:
    data = tomllib.loads(text)
    for claim in data.get("claims", []) if isinstance(data.get("claims"), list) else []:
        for relation in claim.get("relations", []) if isinstance(claim, dict) else []:
            if isinstance(relation, dict) and relation.get("target") == target:
                return str(claim.get("id")), str(relation.get("type"))
    return None


def remove_claim(text: str, claim_id: str) -> str:
    """Remove a claim's record (its appearances, relations and reviews with it).

    The comment lines above the record and after its last line stay: they head or close a
    section, not the record.
    """
    layout = _layout(_lines(text))
    record = _record(layout, "claims", claim_id)
    if record is None:
        inline = _inline_record(layout, "claims", claim_id)
        array = inline.doc["claims"]
        assert isinstance(array, Array)
        index = next(i for i, t in enumerate(array) if t is inline.table)
        del array[index]
        return inline.text()
    return _without(layout, record.start, record.end)


# -- new records ------------------------------------------------------------------------------


def add_record(text: str, name: str, record: Values) -> str:
    """Insert a ``[[name]]`` record (an acknowledged finding) after the last one."""
    return _insert(text, name, _tables(name, [record]), record)


def _insert(text: str, name: str, block: str, record: Values) -> str:
    layout = _layout(_lines(text))
    statement = layout.root_key(name)
    if statement is not None and not layout.records(name):
        doc, _ = parsed_statement(layout, statement)
        array = doc.get(name)
        if not isinstance(array, Array):
            raise UsageError(f"'{name}' in this file is not a list of records")
        array.append(toml_item({k: v for k, v in record.items() if not _empty(v)}))
        return layout.replace(statement.first, statement.last + 1, tomlkit.dumps(doc))
    return insert_block(text, name, block)


def insert_block(text: str, name: str, block: str) -> str:
    """Insert ``block`` (TOML text of ``[[name]]`` records) right after the last one, or
    at the end of the file when it has none."""
    text = _lines(text)
    layout = _layout(text)
    records = layout.records(name)
    if not records:
        sep = "\n" if text.strip() and layout.lines[-1].strip() else ""
        return text + sep + block
    at = records[-1].end
    return layout.replace(at, at, "\n" + block)
