"""Edits of any record of a dossier's text: set fields, remove it, rewrite references to it.

Where ``ops`` knows the claim's layout, these work on every table the model declares
(``actors``, ``documents``, ``claims``), through tomlkit, which keeps every comment, blank
line and untouched value as it was. Which fields hold a reference, and to what, is read
from the model's field metadata (``ref``), so a new reference field is rewritten with no
edit here.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Mapping, Sequence
from typing import Any

import tomlkit
from tomlkit.items import AoT, Array, InlineTable, String, Table

from claimtrack.errors import UsageError
from claimtrack.schema import Table as Shape
from claimtrack.schema import tables

__all__ = ["change_list", "dumped", "remove_record", "rewrite_references", "set_record_fields"]

Record = Table | InlineTable


def dumped(doc: tomlkit.TOMLDocument, before: str) -> str:
    """``doc`` as text, with every line it did not change as ``before`` had it.

    tomlkit re-spaces some values it never touched (``{ date = 2026-01-10 }`` comes back
    as ``{ date = 2026-01-10}``): each run of lines that differs from ``before`` but means
    the same TOML, line for line, is put back byte for byte, so an edit moves nothing it
    did not change. The result must mean what tomlkit wrote, or tomlkit's text is kept.
    """
    after = tomlkit.dumps(doc)
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    kept: list[str] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "replace" and i2 - i1 == j2 - j1:
            kept += [o if _same_meaning(o, n) else n for o, n in zip(old[i1:i2], new[j1:j2],
                                                                      strict=True)]
        else:
            kept += old[i1:i2] if tag == "equal" else new[j1:j2]
    result = "".join(kept)
    return result if _same_meaning(result, after) else after


def _same_meaning(a: str, b: str) -> bool:
    try:
        return tomllib.loads(a) == tomllib.loads(b)
    except tomllib.TOMLDecodeError:
        return False


def _records(doc: tomlkit.TOMLDocument, name: str) -> AoT | Array | None:
    found = doc.get(name)
    return found if isinstance(found, AoT | Array) else None


def _find(doc: tomlkit.TOMLDocument, name: str, record_id: str) -> Record:
    for record in _records(doc, name) or ():
        if isinstance(record, Table | InlineTable) and record.get("id") == record_id:
            return record
    raise UsageError(f"no {name[:-1]} '{record_id}' in this file")


def _like(old: Any, new: str) -> Any:
    """``new`` as a TOML string written the way ``old`` was (basic or literal quotes)."""
    if isinstance(old, String) and "'" not in new and "\n" not in new:
        return String.from_raw(new, type_=old.type)
    return new


def _empty(value: Any) -> bool:
    return value is None or value == "" or (
        isinstance(value, list | tuple) and len(value) == 0)


def _toml(value: Any) -> Any:
    if isinstance(value, list | tuple):
        array = tomlkit.array()
        array.extend(value)
        return array
    return value


def set_record_fields(text: str, name: str, record_id: str, values: Mapping[str, Any]) -> str:
    """Set the keys of the ``name`` record ``record_id`` (an empty value removes its key);
    a key it lacks is added after its last one. Every other line stays as it was."""
    doc = tomlkit.parse(text)
    record = _find(doc, name, record_id)
    for key, value in values.items():
        if _empty(value):
            if key in record:
                del record[key]
        elif key in record and isinstance(value, str):
            record[key] = _like(record[key], value)
        else:
            record[key] = _toml(value)
    return dumped(doc, text)


def remove_record(text: str, name: str, record_id: str) -> str:
    """Remove the ``name`` record ``record_id`` and its lines (and the blank line before
    it); comment lines above it stay, as they head a section, not the record."""
    doc = tomlkit.parse(text)
    records = _records(doc, name)
    record = _find(doc, name, record_id)
    assert records is not None
    position = next(i for i, r in enumerate(records) if r is record)
    if not isinstance(records, AoT):  # an inline array: tomlkit rewrites just that array
        del records[position]
        return dumped(doc, text)
    lines = text.splitlines(keepends=True)
    start, end = _span(lines, name, position)
    if start > 0 and not lines[start - 1].strip():
        start -= 1
    return "".join(lines[:start] + lines[end:])


def _header(line: str) -> str | None:
    """The table a ``[name]`` or ``[[name]]`` header line opens, else None."""
    stripped = line.strip()
    if not stripped.startswith("["):
        return None
    inner = stripped.split("#", 1)[0].strip().strip("[]").strip()
    return inner or None


def _span(lines: list[str], name: str, position: int) -> tuple[int, int]:
    """The lines of the ``position``-th ``[[name]]`` record with its sub-tables: from its
    header to its last line that is not blank or a comment."""
    count, start, last = -1, None, 0
    for number, line in enumerate(lines):
        table = _header(line)
        if table is not None:
            if table == name and line.lstrip().startswith("[["):
                count += 1
                if count == position:
                    start = number
                elif start is not None:
                    break
            elif start is not None and not table.startswith(f"{name}."):
                break
        if start is not None and line.strip() and not line.lstrip().startswith("#"):
            last = number + 1
    if start is None:
        raise UsageError(f"cannot find [[{name}]] number {position + 1}")
    return start, last


def rewrite_references(text: str, *, targets: frozenset[str], old: str, new: str) -> str:
    """``text`` with every reference to ``old`` in a field that points at ``targets``
    (``actors``; ``claims`` and ``evidence``) made ``new``. A list left with an id twice
    keeps the first, and a changed claim's chain (``via``) no longer names its claimant."""
    doc = tomlkit.parse(text)
    changed = False
    for name, shape in tables().items():
        for record in _records(doc, name) or ():
            if isinstance(record, Table | InlineTable) and _rewrite(record, shape, targets,
                                                                    old, new):
                changed = True
                if name == "claims":
                    _chains_without_claimant(record)
    return dumped(doc, text) if changed else text


def _rewrite(record: Record, shape: Shape, targets: frozenset[str], old: str,
             new: str) -> bool:
    changed = False
    for column in shape.columns:
        if column.ref not in targets or column.field is None or column.part is not None:
            continue
        value = record.get(column.field)
        if isinstance(value, Array):
            changed |= _rewrite_list(value, old, new)
        elif isinstance(value, str) and value == old:
            record[column.field] = _like(value, new)
            changed = True
    for child in shape.children:
        assert child.field is not None
        items = record.get(child.field)
        for item in items if isinstance(items, AoT | Array) else ():
            if isinstance(item, Table | InlineTable):
                changed |= _rewrite(item, child, targets, old, new)
    return changed


def _rewrite_list(array: Array, old: str, new: str) -> bool:
    """Replace ``old`` in ``array``, then drop what it now holds twice; in place."""
    found = [i for i in range(len(array)) if array[i] == old]
    for i in found:
        array[i] = _like(array[i], new)
    for i in reversed(range(len(array))):
        if found and any(array[j] == array[i] for j in range(i)):
            del array[i]
    return bool(found)


def _chains_without_claimant(claim: Record) -> bool:
    """Take the claimant out of the claim's chains: once two actors are one, "the NSS, via
    the NSS" says nothing."""
    claimant = claim.get("claimant")
    changed = False
    appearances = claim.get("appearances")
    for appearance in appearances if isinstance(appearances, AoT | Array) else ():
        via = appearance.get("via") if isinstance(appearance, Table | InlineTable) else None
        if isinstance(via, Array) and claimant in via:
            for i in reversed(range(len(via))):
                if via[i] == claimant:
                    del via[i]
            if not len(via):
                del appearance["via"]
            changed = True
    return changed


def change_list(text: str, claim_id: str, key: str, *, add: Sequence[str] = (),
                remove: Sequence[str] = (), appearance: int | None = None) -> str:
    """Add items to and take items out of the claim's list field ``key`` (or its
    ``appearance``-th appearance's), as the file has it now; the rest keep their order."""
    from claimtrack.edit import ops

    claim = _find(tomlkit.parse(text), "claims", claim_id)
    target: Any = claim
    if appearance is not None:
        appearances = claim.get("appearances")
        items = list(appearances) if isinstance(appearances, AoT | Array) else []
        target = items[appearance] if 0 <= appearance < len(items) else {}
    found = target.get(key)
    current = [str(item) for item in found] if isinstance(found, Array) else []
    missing = [item for item in remove if item not in current]
    if missing:
        raise UsageError(f"claim '{claim_id}' has no {key} '{missing[0]}'", field=key)
    kept = [item for item in current if item not in remove]
    values = kept + [item for item in dict.fromkeys(add) if item not in kept]
    if values == current:
        return text
    return ops.set_fields(text, claim_id, {key: values}, appearance=appearance)
