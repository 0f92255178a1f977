"""One file of the claims folder to the rows the index keeps of it.

Runs in worker processes when many files changed, so everything here is plain data in,
plain data out: bytes and a name go in; rows, problems found parsing the file, and the
rows the registered record derivers give (``claimtrack.index.registry``) come out.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs

from claimtrack.files import UnreadableFileError, decode, escapes, read_bytes
from claimtrack.index import registry
from claimtrack.parse import FileProblem, parse_file
from claimtrack.schema import Value, tables
from claimtrack.words import fold

__all__ = ["ESCAPES", "FileKey", "FileRows", "build_file", "file_key", "read_file"]

FileKey = tuple[int, int, int, int, str | None]
"""What a file was read as: size, mtime (ns), ctime (ns), inode, sha256 of its bytes (None
when they could not be read; -1s when it could not even be stat'ed)."""


@attrs.frozen
class FileRows:
    """Everything the index keeps of one file."""

    name: str
    key: FileKey
    records: dict[str, list[tuple[int, tuple[Value, ...]]]] = attrs.Factory(dict)
    """Table -> (n, stored values) of each record, n its position in the file's array."""
    extras: dict[str, list[tuple[Value, ...]]] = attrs.Factory(dict)
    """Table -> the engine's own values of each record (``ENGINE_COLUMNS``), same order."""
    children: dict[str, list[tuple[int, str, int, tuple[Value, ...]]]] = attrs.Factory(dict)
    """Child table -> (parent n, parent id, position, stored values)."""
    names: list[tuple[int, str]] = attrs.Factory(list)
    """(actor n, casefolded name) for every name an actor answers to."""
    derived: dict[str, list[tuple[str, int, tuple[Value, ...]]]] = attrs.Factory(dict)
    """Derived table -> (record table, n, values) of each row a record deriver gave."""
    search: list[tuple[int, str]] = attrs.Factory(list)
    """(claim n, casefolded text): what ``--search`` looks in."""
    quotes: dict[tuple[str, int, int], tuple[int, int, str]] = attrs.Factory(dict)
    """(table, n, position) -> (hits, loose, text sha256) of quotes whose document is
    defined in this file, looked up in its text (``sync`` looks up the others)."""
    problems: list[FileProblem] = attrs.Factory(list)
    broken: list[tuple[str, str]] = attrs.Factory(list)
    unreadable: str | None = None
    """Why the file could not be read as text, if it could not."""


ESCAPES = ("is a symlink that escapes the claims folder; it is not read (keep dossiers in "
           "the folder, or link to a file inside it)")


def file_key(path: Path, data: bytes, stat: os.stat_result | None = None) -> FileKey:
    """The key of a file whose bytes are ``data``."""
    import hashlib

    info = stat or path.stat()
    return (len(data), info.st_mtime_ns, info.st_ctime_ns, info.st_ino,
            hashlib.sha256(data).hexdigest())


def read_file(path: Path) -> tuple[bytes | None, FileKey, str | None]:
    """The file's bytes and key, or None and why it cannot be read.

    An entry that can be stat'ed but not read (a folder named like a dossier) keeps its
    stat key: unchanged, it is not read again.
    """
    try:
        info = path.stat()
    except OSError as error:
        return None, (-1, -1, -1, -1, None), str(error)
    try:
        data = read_bytes(path)
    except (UnreadableFileError, OSError) as error:
        message = error.message if isinstance(error, UnreadableFileError) else str(error)
        return None, (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino,
                      None), message
    return data, file_key(path, data, info), None


def build_file(root: Path, name: str, data: bytes | None = None) -> FileRows:
    """Read ``root/name`` (or take its bytes) and turn it into rows."""
    path = root / name
    if escapes(root, path):
        return FileRows(name, (-1, -1, -1, -1, ESCAPES), unreadable=ESCAPES)
    if data is None:
        data, key, why = read_file(path)
        if data is None:
            return FileRows(name, key, unreadable=why)
    else:
        key = file_key(path, data) if path.exists() else (len(data), 0, 0, 0, "")
    try:
        text = decode(data).removeprefix("\ufeff")
    except UnreadableFileError as error:
        return FileRows(name, key, problems=[("", error.message, "file", error.line)])
    records = parse_file(text)
    out = FileRows(name, key, problems=list(records.problems), broken=list(records.broken))
    every = tables()
    derivers = {t: registry.record_derivers(t) for t in every}
    stem = Path(name).stem
    numbered = [(table, int(key.rpartition("[")[2].rstrip("]")) if key.endswith("]") else 0,
                 record) for table, key, record in records.entries]
    for table, n, record in numbered:
        tbl = every[table]
        out.records.setdefault(table, []).append((n, tbl.row(record)))
        extra = _EXTRAS.get(table)
        if extra is not None:
            out.extras.setdefault(table, []).append(extra(record, stem))
        for child in tbl.children:
            assert child.field is not None
            items = getattr(record, child.field)
            if items:
                rows = out.children.setdefault(child.name, [])
                row, record_id = child.row, record.id
                rows.extend((n, record_id, position, row(item))
                            for position, item in enumerate(items, 1))
        for deriver in derivers[table]:
            out.derived.setdefault(deriver.table, []).extend(
                (table, n, values) for values in deriver.derive(record, root))
        if table == "actors":
            for actor_name in dict.fromkeys(fold(x) for x in record.names):
                out.names.append((n, actor_name))
        elif table == "claims":
            out.search.append((n, fold("\n".join((
                record.id, record.statement, *record.words,
                *(a.quote for a in record.appearances))))))
    _local_quotes(root, numbered, out)
    return out


def _local_quotes(root: Path, numbered: Sequence[tuple[str, int, Any]], out: FileRows) -> None:
    """Look up the quotes whose document this file defines: done here, in the worker."""
    from claimtrack.index.texts import quote_hits_many, text_and_sha

    texts: dict[str, tuple[str, str] | None] = {}
    for table, _n, record in numbered:
        if table == "documents" and record.id not in texts:
            texts[record.id] = text_and_sha(root, record.text)
    if not texts:
        return
    wanted: dict[str, list[tuple[tuple[str, int, int], tuple[str, str, str]]]] = {}
    for table, n, record in numbered:
        quotes = ([(p, a.document, a.quote, a.prefix, a.suffix)
                   for p, a in enumerate(record.appearances, 1)] if table == "claims" else
                  [(0, record.document, record.quote, "", "")] if table == "unclaimed" else [])
        for position, document, quote, prefix, suffix in quotes:
            if texts.get(document) is not None:
                wanted.setdefault(document, []).append(
                    ((table, n, position), (quote, prefix, suffix)))
    for document, found in wanted.items():
        text, sha = texts[document] or ("", "")
        hits = quote_hits_many(text, [quote for _, quote in found])
        for (where, _), (count, loose) in zip(found, hits, strict=True):
            out.quotes[where] = (count, loose, sha)


def _claim_extras(claim: Any, stem: str) -> tuple[Value, ...]:
    shown = {str(a.attribution) for a in claim.appearances}
    known_as = next((a for a in ("own", "explicit") if a in shown), "inferred")
    return (stem, None, None, None, known_as)


def _no_extras(record: Any, stem: str) -> tuple[Value, ...]:
    return (None, None, None)


_EXTRAS: dict[str, Callable[[Any, str], tuple[Value, ...]]] = {
    "claims": _claim_extras,
    "unclaimed": _no_extras,
}
