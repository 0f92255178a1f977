"""Edits as text-to-text functions over tomlkit documents, touching only one table each.

Comments, blank lines, key order and inline tables elsewhere in the file come through
byte for byte: tomlkit keeps them, and each function only appends or removes the records
it is about.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import tomlkit
from tomlkit.items import AoT, Array, InlineTable, Table

from claimtrack import words
from claimtrack.errors import UsageError

__all__ = [
    "add_record",
    "add_relation",
    "append_blocks",
    "append_review",
    "change_tags",
    "insert_block",
    "insert_reviews",
    "remove_claim",
    "remove_relation",
    "remove_relations_to",
    "set_fields",
]

Record = Mapping[str, Any]


def _item(value: Any) -> Any:
    if isinstance(value, Mapping):
        inline = tomlkit.inline_table()
        inline.update({k: _item(v) for k, v in value.items() if not _empty(v)})
        return inline
    if isinstance(value, Sequence) and not isinstance(value, str):
        array = tomlkit.array()
        array.extend(value)
        return array
    return value


def _empty(value: Any) -> bool:
    return value is None or value == "" or (
        isinstance(value, Sequence | Mapping) and not isinstance(value, str)
        and len(value) == 0)


def _table(record: Record) -> Table:
    table = tomlkit.table()
    for key, value in record.items():
        if not _empty(value):
            table.add(key, _item(value))
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


def _append_child(text: str, claim_id: str, key: str, child: Record) -> str:
    """Append ``child`` to the claim's ``key`` array (reviews, relations).

    An inline array stays inline (tomlkit appends to it). Otherwise a ``[[claims.key]]``
    table is inserted as text at the end of the claim's own block, before any comment
    lines that head the next record, so it lands last in that claim's array.
    """
    position = _claim_position(text, claim_id)
    if position is not None:
        # The common case, done on the lines alone: parsing a big dossier with tomlkit
        # costs far more than the edit.
        from claimtrack.edit import emit

        try:
            return append_blocks(text, {position: emit.records(f"claims.{key}", [child])})
        except UsageError:
            pass  # the claim keeps that array inline: tomlkit edits it in place
    doc = tomlkit.parse(text)
    claim = _find(doc, "claims", claim_id)
    existing = claim.get(key)
    if isinstance(existing, Array):
        inline = tomlkit.inline_table()
        inline.update({k: _item(v) for k, v in child.items() if not _empty(v)})
        existing.append(inline)
        return tomlkit.dumps(doc)
    records = _records(doc, "claims")
    if not isinstance(records, AoT):
        raise UsageError("claims are written as an inline array in this file; "
                         "claimtrack edits only [[claims]] tables")
    index = next(i for i, r in enumerate(records) if r.get("id") == claim_id)
    body = tomlkit.document()
    for k, v in _table(child).items():
        body.add(k, v)
    block = f"[[claims.{key}]]\n" + tomlkit.dumps(body)
    lines = _lines(text)
    end = _end_of_record(lines, "claims", index)
    return "".join([*lines[:end], "\n", block, *lines[end:]])


_ID = re.compile(r"""^\s*id\s*=\s*(?:"([^"\\]*)"|'([^']*)')\s*(?:#.*)?$""")


def _claim_position(text: str, claim_id: str) -> int | None:
    """The position of the ``[[claims]]`` record whose id is ``claim_id``, read from the
    lines; None when that is not plain (no such line, several, or multi-line strings)."""
    if "\"\"\"" in text or "\'\'\'" in text:
        return None
    count, table, found = -1, "", []
    for line in text.splitlines():
        header = _HEADER.match(line)
        if header:
            table = header.group(1)
            if table == "claims" and line.lstrip().startswith("[["):
                count += 1
            continue
        if table == "claims":
            match = _ID.match(line)
            if match and (match.group(1) if match.group(1) is not None
                          else match.group(2)) == claim_id:
                found.append(count)
    return found[0] if len(found) == 1 else None


def _lines(text: str) -> list[str]:
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    return lines


def _end_of_record(lines: list[str], name: str, index: int) -> int:
    """Index just past the last content line of the ``index``-th ``[[name]]`` record."""
    count, inside, last = -1, False, 0
    for number, line in enumerate(lines):
        header = _HEADER.match(line)
        if header:
            table = header.group(1)
            if table == name and line.lstrip().startswith("[["):
                count += 1
            inside = count == index and (table == name or table.startswith(f"{name}."))
        if inside and line.strip() and not line.lstrip().startswith("#"):
            last = number + 1
    return last


def add_record(text: str, name: str, record: Record) -> str:
    """Insert a ``[[name]]`` record (an acknowledged finding) after the last one."""
    return _insert_record(text, name, _table(record))


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
    return insert_block(text, name, _blank_lines_between_tables(tomlkit.dumps(doc)))


def insert_block(text: str, name: str, block: str) -> str:
    """Insert ``block`` (TOML text of ``[[name]]`` records) right after the last one."""
    lines = _lines(text)
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


def append_blocks(text: str, blocks: Mapping[int, str]) -> str:
    """Append text to the end of several ``[[claims]]`` records at once.

    ``blocks`` maps a claim's position in the file (0 for the first ``[[claims]]``) to
    ``[[claims.reviews]]``-style tables to add after its last line. One pass over the
    lines, so a thousand additions cost one reading of the file. A claim that keeps the
    same array inline is left to ``append_review``: raise UsageError for it.
    """
    lines = _lines(text)
    ends: dict[int, int] = {}
    inline: set[int] = set()
    count, inside, table = -1, False, ""
    keys = {block.split("]]", 1)[0].removeprefix("[[claims.") for block in blocks.values()}
    for number, line in enumerate(lines):
        header = _HEADER.match(line)
        if header:
            table = header.group(1)
            if table == "claims" and line.lstrip().startswith("[["):
                count += 1
            inside = table == "claims" or table.startswith("claims.")
            if inside and table == "claims":
                ends[count] = number + 1
            continue
        if inside and count in blocks and line.strip() and not line.lstrip().startswith("#"):
            ends[count] = number + 1
            key = line.split("=", 1)[0].strip()
            if table == "claims" and key in keys:
                inline.add(count)
    missing = sorted((set(blocks) - set(ends)) | (set(blocks) & inline))
    if missing:
        raise UsageError(f"cannot append to claim number {missing[0] + 1} of this file")
    out: list[str] = []
    at = sorted((ends[n], blocks[n]) for n in blocks)
    start = 0
    for end, block in at:
        out.extend(lines[start:end])
        out.append("\n" + block)
        start = end
    out.extend(lines[start:])
    return "".join(out)


_DATE_KEY = re.compile(r"^\s*date\s*=\s*[\"']?([0-9]{4}(?:-[0-9]{2}){0,2})")


def insert_reviews(text: str, reviews: Mapping[int, Sequence[tuple[str, str]]], *,
                   made: Mapping[int, str | None] | None = None) -> str:
    """Put ``[[claims.reviews]]`` tables into the histories of several claims at once, each
    in its place by date, and set or remove those claims' ``made`` line.

    ``reviews`` maps a claim's position in the file (0 for the first ``[[claims]]``) to
    (date, table text) pairs: a dated review goes after the last review of the history
    dated on or before it (before the first dated one when all are later), one of unknown
    date ('') first. ``made`` maps a position to the value's TOML text, or None to remove
    the line. One pass over the lines; a claim that keeps its reviews in an inline array
    cannot be edited so: raise UsageError.
    """
    made = made or {}
    wanted = set(reviews) | set(made)
    lines = _lines(text)
    found = _histories(lines, wanted)
    missing = sorted(wanted - set(found))
    if missing:
        raise UsageError(f"cannot find claim number {missing[0] + 1} of this file")
    inserts: list[tuple[int, int, str]] = []  # (line, order, text)
    for position, added in reviews.items():
        history = found[position]
        for order, (date, block) in enumerate(sorted(added, key=lambda r: r[0])):
            earlier = [end for start, end, when in history.reviews if when and when <= date]
            later = [start for start, end, when in history.reviews if when and when > date]
            firsts = [start for start, _, _ in history.reviews]
            if date and earlier:
                inserts.append((earlier[-1], order, "\n" + block))
            elif (later and date) or (firsts and not date):
                inserts.append(((later if date else firsts)[0], order, block + "\n"))
            else:
                inserts.append((history.end, order, "\n" + block))
    out = list(lines)
    for position, value in made.items():
        at = found[position].made
        if at is not None:
            out[at] = "" if value is None else f"made = {value}\n"
    for at, _order, block in sorted(inserts, reverse=True):
        out.insert(at, block)
    return "".join(out)


@attrs.frozen
class _History:
    end: int
    """Index just past the claim's last content line."""
    reviews: tuple[tuple[int, int, str], ...]
    """(header line, past its last content line, date or '') of each review table."""
    made: int | None
    """The line of its ``made`` key."""


def _histories(lines: Sequence[str], wanted: set[int]) -> dict[int, _History]:
    """Where the review tables and ``made`` line of each ``wanted`` claim stand."""
    ends: dict[int, int] = {}
    reviews: dict[int, list[list[Any]]] = {}
    made: dict[int, int] = {}
    count, table = -1, ""
    for number, line in enumerate(lines):
        header = _HEADER.match(line)
        if header:
            table = header.group(1)
            if table == "claims" and line.lstrip().startswith("[["):
                count += 1
            if count in wanted and table == "claims.reviews":
                reviews.setdefault(count, []).append([number, number + 1, ""])
            if count in wanted and (table == "claims" or table.startswith("claims.")):
                ends[count] = number + 1
            continue
        if count not in wanted or not line.strip() or line.lstrip().startswith("#") or not (
                table == "claims" or table.startswith("claims.")):
            continue
        ends[count] = number + 1
        key = line.split("=", 1)[0].strip()
        if table == "claims" and key == "reviews":
            raise UsageError(f"cannot add reviews to claim number {count + 1} of this file: "
                             "its reviews are an inline array")
        if table == "claims" and key == "made":
            made[count] = number
        if table == "claims.reviews":
            entry = reviews[count][-1]
            entry[1] = number + 1
            date = _DATE_KEY.match(line)
            if date:
                entry[2] = date.group(1)
    return {n: _History(end, tuple((a, b, c) for a, b, c in reviews.get(n, [])),
                        made.get(n)) for n, end in ends.items()}


def append_review(text: str, claim_id: str, review: Record) -> str:
    """Append one entry to a claim's review history."""
    return _append_child(text, claim_id, "reviews", review)


def add_relation(text: str, claim_id: str, relation: Record) -> str:
    """Add a typed link from a claim to another."""
    return _append_child(text, claim_id, "relations", relation)


def remove_relation(text: str, claim_id: str, kind: str, target: str) -> str:
    """Remove the relation ``kind`` ``target`` from a claim, and only its lines."""
    doc = tomlkit.parse(text)
    claim = _find(doc, "claims", claim_id)
    relations = claim.get("relations")
    items = list(relations) if isinstance(relations, AoT | Array) else []
    matches = [i for i, r in enumerate(items)
               if r.get("type") == kind and r.get("target") == target]
    if not matches:
        raise UsageError(f"claim '{claim_id}' has no relation '{kind} {target}'")
    if isinstance(relations, Array):  # inline: tomlkit rewrites just that array
        if len(items) == 1:
            del claim["relations"]
        else:
            del relations[matches[0]]
        return tomlkit.dumps(doc)
    records = _records(doc, "claims")
    assert isinstance(records, AoT)
    index = next(i for i, r in enumerate(records) if r.get("id") == claim_id)
    lines = _lines(text)
    start, end = _child_block(lines, "claims", index, "relations", matches[0])
    if start > 0 and not lines[start - 1].strip():
        start -= 1  # the blank line that separated the block
    return "".join(lines[:start] + lines[end:])


def _child_block(lines: list[str], name: str, index: int, key: str, nth: int
                 ) -> tuple[int, int]:
    """Line range of the ``nth`` ``[[name.key]]`` table inside the ``index``-th record."""
    count, child, start = -1, -1, None
    last = 0
    for number, line in enumerate(lines):
        header = _HEADER.match(line)
        if header:
            if start is not None:
                break
            table = header.group(1)
            if table == name and line.lstrip().startswith("[["):
                count += 1
            if count == index and table == f"{name}.{key}":
                child += 1
                if child == nth:
                    start = number
        if start is not None and line.strip() and not line.lstrip().startswith("#"):
            last = number + 1
    if start is None:
        raise UsageError(f"cannot find [[{name}.{key}]] number {nth + 1} of record {index + 1}")
    return start, last


def remove_relations_to(text: str, target: str) -> str:
    """Remove every relation in the file that points at ``target``, and only their lines."""
    while True:
        doc = tomlkit.parse(text)
        found = next(((record.get("id"), relation.get("type"))
                      for record in _records(doc, "claims") or ()
                      for relation in _relations(record)
                      if relation.get("target") == target), None)
        if found is None:
            return text
        text = remove_relation(text, str(found[0]), str(found[1]), target)


def _relations(record: Any) -> list[Any]:
    relations = record.get("relations") if isinstance(record, Table | InlineTable) else None
    return list(relations) if isinstance(relations, AoT | Array) else []


def remove_claim(text: str, claim_id: str) -> str:
    """Remove a claim's record (its appearances, relations and reviews with it).

    The comment lines above the record and after its last line stay: they head or close a
    section, not the record.
    """
    doc = tomlkit.parse(text)
    records = _records(doc, "claims")
    _find(doc, "claims", claim_id)
    assert records is not None
    index = next(i for i, r in enumerate(records) if r.get("id") == claim_id)
    if not isinstance(records, AoT):  # an inline array: tomlkit rewrites just that array
        del records[index]
        return tomlkit.dumps(doc)
    lines = _lines(text)
    start = _record_start(lines, "claims", index)
    end = _end_of_record(lines, "claims", index)
    if start > 0 and not lines[start - 1].strip():
        start -= 1  # the blank line that separated the record
    return "".join(lines[:start] + lines[end:])


def _record_start(lines: list[str], name: str, index: int) -> int:
    count = -1
    for number, line in enumerate(lines):
        header = _HEADER.match(line)
        if header and header.group(1) == name and line.lstrip().startswith("[["):
            count += 1
            if count == index:
                return number
    raise UsageError(f"cannot find [[{name}]] number {index + 1}")


def set_fields(text: str, claim_id: str, values: Mapping[str, Any], *,
               appearance: int | None = None) -> str:
    """Set (or, with an empty value, remove) keys of a claim, or of its ``appearance``-th
    appearance (from 0).

    A key already written is replaced where it stands, keeping its comment; a new key is
    inserted as a line after the table's last key, before the comment and blank lines that
    head what follows. The result is parsed again and must mean exactly what tomlkit's own
    edit means; if the text insertion could not manage that, tomlkit's edit is used.
    """
    doc = tomlkit.parse(text)
    target = _target(doc, claim_id, appearance)
    added: dict[str, Any] = {}
    for key, value in values.items():
        if _empty(value):
            if key in target:
                del target[key]
        elif key in target:
            target[key] = _item(value)
        else:
            added[key] = value
    replaced = tomlkit.dumps(doc)
    if not added:
        return replaced
    for key, value in added.items():
        target[key] = _item(value)
    wanted = tomlkit.dumps(doc)
    if isinstance(target, InlineTable):
        return wanted
    body = tomlkit.document()
    for key, value in added.items():
        body.add(key, _item(value))
    inserted = _insert_keys(replaced, claim_id, appearance, tomlkit.dumps(body))
    if inserted is not None and tomlkit.parse(inserted).unwrap() == tomlkit.parse(
            wanted).unwrap():
        return inserted
    return wanted


def change_tags(text: str, claim_id: str, *, add: Sequence[str] = (),
                remove: Sequence[str] = ()) -> str:
    """Add and remove tags of a claim, as the file has them now; the rest keep their order."""
    claim = _find(tomlkit.parse(text), "claims", claim_id)
    found = claim.get("tags")
    current = [str(t) for t in found] if isinstance(found, Array) else []
    kept = [t for t in current if t not in remove]
    tags = kept + [t for t in dict.fromkeys(add) if t not in kept]
    return text if tags == current else set_fields(text, claim_id, {"tags": tags})


def _target(doc: tomlkit.TOMLDocument, claim_id: str, appearance: int | None
            ) -> Table | InlineTable:
    claim = _find(doc, "claims", claim_id)
    if appearance is None:
        return claim
    appearances = claim.get("appearances")
    items = list(appearances) if isinstance(appearances, AoT | Array) else []
    if not 0 <= appearance < len(items):
        raise UsageError(f"claim '{claim_id}' has {words.count(len(items), 'appearance')}; "
                         "there is no number "
                         f"{appearance + 1}", field="appearance")
    found = items[appearance]
    assert isinstance(found, Table | InlineTable)
    return found


def _insert_keys(text: str, claim_id: str, appearance: int | None, block: str) -> str | None:
    """``block`` (key lines) inserted after the last key line of the claim's table, or of
    its appearance's ``[[claims.appearances]]`` table; None when the layout is not that."""
    doc = tomlkit.parse(text)
    records = _records(doc, "claims")
    if not isinstance(records, AoT):
        return None
    index = next(i for i, r in enumerate(records) if r.get("id") == claim_id)
    lines = _lines(text)
    start = _record_start(lines, "claims", index)
    if appearance is not None:
        try:
            start, _end = _child_block(lines, "claims", index, "appearances", appearance)
        except UsageError:
            return None
    last = start + 1
    for number in range(start + 1, len(lines)):
        if _HEADER.match(lines[number]):
            break
        if lines[number].strip() and not lines[number].lstrip().startswith("#"):
            last = number + 1
    indent = lines[last - 1][: len(lines[last - 1]) - len(lines[last - 1].lstrip())]
    block = "".join(indent + line for line in block.splitlines(keepends=True))
    return "".join([*lines[:last], block, *lines[last:]])
