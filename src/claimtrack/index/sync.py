"""Bring the index up to date with the folder, reading only what changed.

A file is read again when its size, modification time, change time or inode differ from
what the index recorded, or when it was "racy": changed so close to the moment it was read
that a second change could share its timestamp (git's rule). Its bytes' sha256 then
decides whether it is parsed again. Document texts are followed the same way, and every
quote whose document text changed is looked up again.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from claimtrack.anchor import find_quote
from claimtrack.files import UnreadableFileError, decode, read_bytes
from claimtrack.index.store import ENGINE_COLUMNS, transaction
from claimtrack.schema import Table, tables

if TYPE_CHECKING:
    from claimtrack.index.build import FileRows

__all__ = ["dossier_files", "read_text", "replaced", "sync"]

_RACY_NS = 2_000_000_000
"""A file changed less than this long before it was read may change again unnoticed
within the same timestamp tick (2 s covers the coarsest common filesystems)."""

_PARALLEL_BYTES = 4_000_000
"""Below this much changed data, one process parses faster than two start."""

StatKey = tuple[int, int, int, int]


def dossier_files(root: Path) -> list[str]:
    """The names of the folder's TOML files, sorted: the order records are read in."""
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        return []
    return [e.name for e in entries if e.name.endswith(".toml") and not e.name.startswith(".")]


def _stat(path: Path) -> tuple[StatKey, os.stat_result | None]:
    try:
        info = path.stat()
    except OSError:
        return (-1, -1, -1, -1), None
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino), info


def sync(db: sqlite3.Connection, root: Path) -> bool:
    """Update the index to the folder's current files; True when anything changed."""
    names = dossier_files(root)
    if not _stale(db, root, names):
        return False
    with transaction(db):
        # Another process may have brought the index up to date while we waited.
        changed, removed = _changes(db, root, names)
        _apply(db, root, changed, removed)
        texts = _texts_changed(db, root)
        if not (changed or removed or texts):
            return False
        _refresh_quotes(db, root, changed, removed, texts)
        db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 "
                   "WHERE name = 'generation'")
    return True


@contextlib.contextmanager
def replaced(db: sqlite3.Connection, root: Path, name: str, data: bytes) -> Iterator[None]:
    """The index as it would be with ``root/name`` holding ``data``, for the duration of the
    block; then exactly as before (an edit is checked this way before it is written)."""
    from claimtrack.index.build import build_file

    # A write transaction from the start: upgrading a read one could fail at once if
    # another claimtrack wrote meanwhile.
    db.execute("BEGIN IMMEDIATE")
    db.execute("SAVEPOINT edit")
    try:
        rows = build_file(root, name, data)
        _apply(db, root, [rows], set())
        texts = _texts_changed(db, root)
        _refresh_quotes(db, root, [rows], (), texts)
        yield
    finally:
        db.execute("ROLLBACK")


def _stale(db: sqlite3.Connection, root: Path, names: Sequence[str]) -> bool:
    known = {row[0]: (tuple(row[1:5]), row[5]) for row in db.execute(
        "SELECT name, size, mtime_ns, ctime_ns, ino, racy FROM files")}
    if set(known) != set(names):
        return True
    for name in names:
        key, racy = known[name]
        if racy or _stat(root / name)[0] != key:
            return True
    for path, size, mtime, ctime, ino, racy in db.execute(
            "SELECT path, size, mtime_ns, ctime_ns, ino, racy FROM texts"):
        if racy or _stat(root / path)[0] != (size, mtime, ctime, ino):
            return True
    return bool(db.execute("SELECT 1 FROM documents d WHERE d.live AND d.text IS NOT NULL "
                           "AND NOT EXISTS (SELECT 1 FROM texts t WHERE t.path = d.text) "
                           "LIMIT 1").fetchone())


def _racy(info: os.stat_result | None, read_ns: int) -> int:
    if info is None:
        return 0
    return int(max(info.st_mtime_ns, info.st_ctime_ns) >= read_ns - _RACY_NS)


def _changes(db: sqlite3.Connection, root: Path,
             names: Sequence[str]) -> tuple[list[FileRows], set[str]]:
    """The files to (re)index, built, and the names no longer in the folder."""
    known = {row[0]: (tuple(row[1:5]), row[5], row[6]) for row in db.execute(
        "SELECT name, size, mtime_ns, ctime_ns, ino, sha256, racy FROM files")}
    removed = set(known) - set(names)
    todo: list[tuple[str, bytes | None]] = []
    for name in names:
        key, info = _stat(root / name)
        old = known.get(name)
        if old is not None and old[0] == key and not old[2]:
            continue
        now = time.time_ns()
        data, sha = _read(root / name)
        if old is not None and data is not None and sha == old[1]:
            # Same content (a touched file, or a racy one that did not change): keep its
            # rows, remember the new key.
            db.execute("UPDATE files SET size = ?, mtime_ns = ?, ctime_ns = ?, ino = ?, "
                       "racy = ? WHERE name = ?", (*key, _racy(info, now), name))
            continue
        todo.append((name, data))
    return list(_build_all(root, todo)), removed


def _read(path: Path) -> tuple[bytes | None, str | None]:
    import hashlib

    try:
        data = read_bytes(path)
    except UnreadableFileError:
        return None, None
    return data, hashlib.sha256(data).hexdigest()


def _build_all(root: Path, todo: list[tuple[str, bytes | None]]) -> Iterator[FileRows]:
    if not todo:
        return
    from claimtrack.index.build import build_file

    size = sum(len(data) for _, data in todo if data is not None)
    workers = min(2, os.cpu_count() or 1)
    if size < _PARALLEL_BYTES or len(todo) < 4 or workers < 2:
        for name, data in todo:
            yield build_file(root, name, data)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        # The workers read the files themselves: sending 60 MB of bytes to them costs more.
        yield from pool.map(_build_named, [(root, name) for name, _ in todo],
                            chunksize=max(1, len(todo) // (workers * 8)))


def _build_named(job: tuple[Path, str]) -> FileRows:
    from claimtrack.index.build import build_file

    return build_file(*job)


# -- writing rows ---------------------------------------------------------------------------


def _apply(db: sqlite3.Connection, root: Path, changed: list[FileRows],
           removed: set[str]) -> None:
    every = tables()
    touched: dict[str, set[str]] = {name: set() for name, t in every.items() if "id" in t.names}
    gone = removed | {rows.name for rows in changed}
    for name in gone:
        for table in touched:
            touched[table].update(i for (i,) in db.execute(
                f"SELECT id FROM {table} WHERE file = ?", (name,)))
        _forget(db, name)
    next_rid = {name: (db.execute(f"SELECT max(rid) FROM {name}").fetchone()[0] or 0) + 1
                for name in _all_tables()}
    batch: dict[str, list[tuple[object, ...]]] = {}
    now = time.time_ns()
    for rows in changed:
        _file_rows(rows, every, next_rid, batch, touched, now, root)
    for name, values in batch.items():
        if values:
            marks = ", ".join("?" * len(values[0]))
            db.executemany(f"INSERT INTO {name} VALUES ({marks})", values)
    _relive(db, touched)


def _all_tables() -> list[str]:
    return [n for t in tables().values() for n in (t.name, *(c.name for c in t.children))]


def _forget(db: sqlite3.Connection, name: str) -> None:
    for table in (*_all_tables(), "problems", "broken", "actor_names", "facts"):
        db.execute(f"DELETE FROM {table} WHERE file = ?", (name,))
    db.execute("DELETE FROM files WHERE name = ?", (name,))


def _file_rows(rows: FileRows, every: dict[str, Table], next_rid: dict[str, int],
               batch: dict[str, list[tuple[object, ...]]], touched: dict[str, set[str]],
               now: int, root: Path) -> None:
    name = rows.name
    info = None
    if rows.unreadable is None:
        info = _stat(root / name)[1]
    load_problems = len(rows.problems) + (rows.unreadable is not None)
    batch.setdefault("files", []).append(
        (name, *rows.key, _racy(info, now), load_problems))
    if rows.unreadable is not None:
        batch.setdefault("problems", []).append((name, "", rows.unreadable, "file", 1))
        return
    batch.setdefault("problems", []).extend(
        (name, path, message, code, line) for path, message, code, line in rows.problems)
    batch.setdefault("broken", []).extend((name, t, i) for t, i in rows.broken)
    rid_of: dict[tuple[str, int], int] = {}
    for table, records in rows.records.items():
        tbl = every[table]
        extras = rows.extras.get(table)
        blank = ()
        for index, (n, values) in enumerate(records):
            rid = next_rid[table]
            next_rid[table] += 1
            rid_of[(table, n)] = rid
            tail = extras[index] if extras is not None else blank
            batch.setdefault(table, []).append((rid, name, n, 1, *values, *tail))
            if table in touched:
                touched[table].add(str(values[tbl.names.index("id")]))
    for child_name, items in rows.children.items():
        parent_table = _parent_of(child_name)
        engine = (None,) * len(ENGINE_COLUMNS.get(child_name, ()))
        for parent_n, parent_id, position, values in items:
            rid = next_rid[child_name]
            next_rid[child_name] += 1
            batch.setdefault(child_name, []).append(
                (rid, name, rid_of[(parent_table, parent_n)], parent_id, position, 1,
                 *values, *engine))
    actors = {n: rid for (table, n), rid in rid_of.items() if table == "actors"}
    batch.setdefault("actor_names", []).extend(
        (actors[n], name, actor_name) for n, actor_name in rows.names)
    claims = {n: rid for (table, n), rid in rid_of.items() if table == "claims"}
    batch.setdefault("facts", []).extend(
        (claims[n], name, rule, value) for n, rule, value in rows.facts)


def _parent_of(child: str) -> str:
    return next(t.name for t in tables().values() if child in (c.name for c in t.children))


def _relive(db: sqlite3.Connection, touched: dict[str, set[str]]) -> None:
    """Mark the first record of each id (in file order) live, later duplicates dead."""
    for table, ids in touched.items():
        if not ids:
            continue
        db.execute("CREATE TEMP TABLE IF NOT EXISTS touched_ids (id TEXT PRIMARY KEY)")
        db.execute("DELETE FROM touched_ids")
        db.executemany("INSERT OR IGNORE INTO touched_ids VALUES (?)", ((i,) for i in ids))
        suspects = [i for (i,) in db.execute(
            f"SELECT id FROM {table} WHERE id IN (SELECT id FROM touched_ids) "
            "GROUP BY id HAVING count(*) > 1 OR min(live) = 0")]
        for record_id in suspects:
            rids = [r for (r,) in db.execute(
                f"SELECT rid FROM {table} WHERE id = ? ORDER BY file, n", (record_id,))]
            db.execute(f"UPDATE {table} SET live = (rid = ?) WHERE id = ?",
                       (rids[0], record_id))
            for child in tables()[table].children:
                db.execute(f"UPDATE {child.name} SET live = (parent = ?) WHERE parent IN "
                           f"(SELECT rid FROM {table} WHERE id = ?)", (rids[0], record_id))


# -- document texts and the quotes in them ----------------------------------------------------


def _texts_changed(db: sqlite3.Connection, root: Path) -> set[str]:
    """Re-read document texts whose files changed; the paths whose sha256 changed."""
    wanted = {path for (path,) in db.execute(
        "SELECT DISTINCT text FROM documents WHERE live AND text IS NOT NULL")}
    known = {row[0]: (tuple(row[1:5]), row[5], row[6]) for row in db.execute(
        "SELECT path, size, mtime_ns, ctime_ns, ino, sha256, racy FROM texts")}
    changed: set[str] = set()
    for path in set(known) - wanted:
        db.execute("DELETE FROM texts WHERE path = ?", (path,))
        changed.add(path)
    for path in sorted(wanted):
        key, info = _stat(root / path)
        old = known.get(path)
        if old is not None and old[0] == key and not old[2]:
            continue
        now = time.time_ns()
        sha, error = _text_sha(root, path)
        if old is None or old[1] != sha:
            changed.add(path)
        db.execute("INSERT OR REPLACE INTO texts VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   (path, *key, sha, _racy(info, now), error))
    return changed


def _text_sha(root: Path, path: str) -> tuple[str | None, str | None]:
    """The sha256 of a document text's UTF-8, or why it cannot be read."""
    import hashlib

    from claimtrack.files import inside

    full = root / path
    if not inside(root, full):
        return None, "escapes"
    try:
        text = decode(read_bytes(full))
    except UnreadableFileError as error:
        return None, error.message
    return hashlib.sha256(text.encode("utf-8")).hexdigest(), None


def read_text(root: Path, path: str) -> str | None:
    """A document text as ``check`` sees it, or None when it cannot be read."""
    from claimtrack.files import inside

    full = root / path
    if not inside(root, full):
        return None
    try:
        return decode(read_bytes(full))
    except UnreadableFileError:
        return None


def _refresh_quotes(db: sqlite3.Connection, root: Path, changed: Sequence[FileRows],
                    removed: Iterable[str], texts: set[str]) -> None:
    """Look quotes (and claims' own words) up again where their text may have changed."""
    files = {rows.name for rows in changed} | set(removed)
    db.execute("CREATE TEMP TABLE IF NOT EXISTS dirty_docs (id TEXT PRIMARY KEY)")
    db.execute("DELETE FROM dirty_docs")
    ids: set[str] = set()
    for rows in changed:
        for _n, values in rows.records.get("documents", []):
            ids.add(str(values[0]))
    db.executemany("INSERT OR IGNORE INTO dirty_docs VALUES (?)", ((i,) for i in ids))
    # Documents removed with their files, and those whose texts changed.
    db.execute("INSERT OR IGNORE INTO dirty_docs SELECT a.document FROM appearances a "
               "WHERE a.text_sha IS NOT NULL AND NOT EXISTS (SELECT 1 FROM documents d "
               "WHERE d.id = a.document AND d.live)")
    if texts:
        marks = ", ".join("?" * len(texts))
        db.execute(f"INSERT OR IGNORE INTO dirty_docs SELECT id FROM documents "
                   f"WHERE text IN ({marks})", sorted(texts))
    db.execute("CREATE TEMP TABLE IF NOT EXISTS dirty_files (name TEXT PRIMARY KEY)")
    db.execute("DELETE FROM dirty_files")
    db.executemany("INSERT INTO dirty_files VALUES (?)", ((f,) for f in files))
    source = ("SELECT {table}.rid, {table}.document, {table}.quote, {prefix}, {suffix}, "
              "d.text, t.sha256 FROM {table} "
              "LEFT JOIN documents d ON d.id = {table}.document AND d.live "
              "LEFT JOIN texts t ON t.path = d.text "
              "WHERE {table}.file IN (SELECT name FROM dirty_files) "
              "OR {table}.document IN (SELECT id FROM dirty_docs)")
    cache: dict[str, str | None] = {}
    for table, prefix, suffix in (("appearances", "prefix", "suffix"),
                                  ("unclaimed", "''", "''")):
        updates: list[tuple[int | None, int | None, str | None, int]] = []
        for rid, _doc, quote, pre, suf, path, sha in db.execute(
                source.format(table=table, prefix=f"{table}.{prefix}" if prefix != "''"
                              else "''", suffix=f"{table}.{suffix}" if suffix != "''"
                              else "''")).fetchall():
            text = _text(cache, root, path) if sha is not None else None
            if text is None:
                updates.append((None, None, None, rid))
                continue
            quote = quote or ""
            hits = len(find_quote(text, quote, prefix=pre or "", suffix=suf or "")) \
                if quote else -1
            updates.append((hits, int(quote in text) if quote else 0, sha, rid))
        db.executemany(f"UPDATE {table} SET hits = ?, loose = ?, text_sha = ? WHERE rid = ?",
                       updates)
    _refresh_words(db, root, cache)


def _text(cache: dict[str, str | None], root: Path, path: str | None) -> str | None:
    if path is None:
        return None
    if path not in cache:
        cache[path] = read_text(root, path)
    return cache[path]


def _refresh_words(db: sqlite3.Connection, root: Path, cache: dict[str, str | None]) -> None:
    """For claims with ``words``, which of them none of the claim's documents contains."""
    rows = db.execute(
        "SELECT c.rid, c.words, c.words_key, "
        "(SELECT json_group_array(COALESCE(t.sha256, '')) FROM json_each(c.documents) j "
        " LEFT JOIN documents d ON d.id = j.value AND d.live "
        " LEFT JOIN texts t ON t.path = d.text), "
        "(SELECT json_group_array(COALESCE(d.text, '')) FROM json_each(c.documents) j "
        " LEFT JOIN documents d ON d.id = j.value AND d.live) "
        "FROM claims c WHERE c.words != '[]' AND (c.file IN (SELECT name FROM dirty_files) "
        "OR c.rid IN (SELECT parent FROM appearances WHERE document IN "
        "(SELECT id FROM dirty_docs)))").fetchall()
    updates = []
    for rid, words, old_key, key, paths in rows:
        if key == old_key:
            continue
        texts = [t for p, s in zip(json.loads(paths), json.loads(key), strict=True)
                 if s and (t := _text(cache, root, p)) is not None]
        missing = [i for i, w in enumerate(json.loads(words))
                   if texts and not any(w in t for t in texts)]
        updates.append((json.dumps(missing), key, rid))
    db.executemany("UPDATE claims SET words_missing = ?, words_key = ? WHERE rid = ?", updates)
