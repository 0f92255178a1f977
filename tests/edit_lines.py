"""Which lines of a dossier belong to which record, worked out independently of the edit
library, to check that an edit's diff touches only the records it changes.

The scan reads headers and ``id = "…"`` lines; it is meant for the test fixtures, which
write one-line strings only (``assert_plain`` says so before it is trusted).
"""

from __future__ import annotations

import re
import tomllib

HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\-]+)\s*\]\]?\s*(#.*)?$")
ID = re.compile(r'^\s*id\s*=\s*"([^"\\]*)"')


def assert_plain(text: str) -> None:
    """The scan below is exact for this text: no multi-line strings."""
    assert '"""' not in text and "'''" not in text


def regions(text: str, table: str) -> dict[str, tuple[int, int]]:
    """Each ``[[table]]`` record's lines by id: from its header to its last line that is
    neither blank nor a comment (the comments after it head what follows)."""
    lines = text.splitlines()
    found: dict[str, tuple[int, int]] = {}
    current: str | None = None
    start = last = 0
    for number, line in enumerate(lines):
        header = HEADER.match(line)
        if header:
            name = header.group(1)
            inside = name.startswith(f"{table}.") and current is not None
            if not inside:
                if current is not None:
                    found[current] = (start, last + 1)
                current = None
                if name == table and line.lstrip().startswith("[["):
                    current, start, last = "", number, number
            continue
        if current is None:
            continue
        if current == "" and (match := ID.match(line)):
            current = match.group(1)
        if line.strip() and not line.lstrip().startswith("#"):
            last = number
    if current is not None:
        found[current] = (start, last + 1)
    return found


def _masked(text: str, table: str, ids: set[str], separated: set[str]) -> list[str]:
    """The text's lines with each record of ``ids`` replaced by one marker line; for the
    records of ``separated`` (added or removed ones), the blank line before goes too."""
    lines = text.splitlines()
    spans = regions(text, table)
    out: list[str] = []
    skip: dict[int, tuple[int, str]] = {}
    for record_id in ids & set(spans):
        start, end = spans[record_id]
        if record_id in separated and start > 0 and not lines[start - 1].strip():
            start -= 1
        skip[start] = (end, record_id)
    number = 0
    while number < len(lines):
        if number in skip:
            end, record_id = skip[number]
            out.append(f"\0record {record_id}")
            number = end
            continue
        out.append(lines[number])
        number += 1
    return out


def outside_changes(before: str, after: str, *, table: str, changed: set[str]) -> list[str]:
    """Lines that differ outside the ``changed`` records (by id) of ``table``: empty when
    the edit touched only their lines. A record present on one side only (added or
    removed) takes the blank line that separated it along."""
    assert_plain(before)
    assert_plain(after)
    old_ids, new_ids = set(regions(before, table)), set(regions(after, table))
    separated = (old_ids ^ new_ids) & changed
    old = [line for line in _masked(before, table, changed, separated)
           if line not in {f"\0record {i}" for i in separated}]
    new = [line for line in _masked(after, table, changed, separated)
           if line not in {f"\0record {i}" for i in separated}]
    if old == new:
        return []
    import difflib

    return [line for line in difflib.unified_diff(old, new, lineterm="", n=1)][2:12]


def only_its_records(kind: str, target: str, before: dict[str, str], after: dict[str, str]
                     ) -> list[str]:
    """What an edit of ``kind`` on ``target`` changed outside its records, file by file
    (``before`` and ``after`` map file names to texts): ``actor`` adds an actor, ``add`` a
    claim, ``remove`` takes a claim and the relations to it, any other edit changes the
    one claim ``target``."""
    problems = []
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name, ""), after.get(name, "")
        if old == new:
            continue
        if kind == "rename":  # the renamed record is compared under its old id
            new = _named_back(old, new, target)
        table, ids = _changes(kind, target, name, old, new)
        if not ids:
            problems.append(f"{name}: changed, though the edit was not about it")
            continue
        problems += [f"{name}: {line}" for line in outside_changes(old, new, table=table,
                                                                   changed=ids)]
    return problems


def _named_back(old: str, new: str, target: str) -> str:
    """``new`` with the id line of the record renamed from ``target`` saying ``target``."""
    gone = {r.get("id") for r in _records(new, "claims")} - {
        r.get("id") for r in _records(old, "claims")}
    for renamed in gone:
        new = re.sub(rf'^(\s*id\s*=\s*)"{re.escape(str(renamed))}"', rf'\1"{target}"', new,
                     count=1, flags=re.M)
    return new


def _changes(kind: str, target: str, name: str, old: str, new: str) -> tuple[str, set[str]]:
    table = "actors" if kind == "actor" else "claims"
    ids_before = {r.get("id") for r in _records(old, table)}
    ids_after = {r.get("id") for r in _records(new, table)}
    if kind in ("actor", "add"):
        return table, {i for i in ids_after - ids_before if isinstance(i, str)}
    if kind in ("remove", "rename"):
        pointing = {r["id"] for r in _records(old, table)
                    if any(x.get("target") == target for x in r.get("relations", []))
                    or any(target in x.get("evidence", []) for x in r.get("reviews", []))}
        return table, pointing | ({target} & ids_before)
    return table, {target} & ids_before


def _records(text: str, table: str) -> list[dict[str, object]]:
    found = tomllib.loads(text).get(table, []) if text else []
    return [r for r in found if isinstance(r, dict)] if isinstance(found, list) else []
