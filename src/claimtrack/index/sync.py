"""Bring the index up to date with the folder, reading only what changed.

A file is read again when its size, modification time, change time or inode differ from
what the index recorded, or when it was "racy": changed so close to the moment it was read
that a second change could share its timestamp (git's rule). Its bytes' sha256 then
decides whether it is parsed again. Document texts are followed the same way. What the
changed rows affect elsewhere is worked out again by ``claimtrack.index.derive``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from claimtrack.files import UnreadableFileError, escapes, read_bytes
from claimtrack.index.keys import racy, stat_key
from claimtrack.index.store import create_indexes, transaction
from claimtrack.index.texts import read_text

__all__ = ["Replacement", "dossier_files", "read_text", "replaced", "sync"]


def dossier_files(root: Path) -> list[str]:
    """The names of the folder's TOML files, sorted: the order records are read in.

    Hidden files (an editor's, or a temporary file of an interrupted write) are not part
    of the folder, and the folder's settings file holds no records.
    """
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError as error:
        # Not an empty folder: answering as one would be wrong, and silently so.
        from claimtrack.errors import UsageError

        raise UsageError(f"{root}: the claims folder cannot be read: "
                         f"{error.strerror or error}") from None
    from claimtrack.folder import SETTINGS

    return [e.name for e in entries if e.name.endswith(".toml")
            and not e.name.startswith(".") and e.name != SETTINGS]


def sync(db: sqlite3.Connection, root: Path) -> bool:
    """Update the index to the folder's current files; True when anything changed."""
    names = dossier_files(root)
    if not _stale(db, root, names):
        if not names:
            create_indexes(db)  # an empty folder's index is never filled: index it now
        return False
    try:
        with transaction(db):
            # Another process may have brought the index up to date while we waited.
            todo, removed = _changes(db, root, names)
            changed = _update(db, root, todo, removed, everything=len(todo) == len(names),
                              findings=True)
            if changed:
                db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 "
                           "WHERE name = 'generation'")
    finally:
        if todo_parallel(db):
            from claimtrack.index.write import detach_parts

            detach_parts(db)
    return changed


def todo_parallel(db: sqlite3.Connection) -> bool:
    """Whether workers' databases are still attached (a first reading used them)."""
    return any(alias.startswith("part") for _, alias, _ in
               db.execute("PRAGMA database_list").fetchall())


class Replacement:
    """The rows of an edit's files, read from the bytes it would write."""

    def __init__(self, db: sqlite3.Connection, root: Path) -> None:
        self._db, self._root = db, root
        self.kept = False

    def keep(self, files: dict[str, bytes]) -> None:
        """The files now hold those bytes on disk: keep the rows (no second reading) and
        remember the files' new stat and digest, so the next sync trusts them."""
        now = time.time_ns()
        for name, data in files.items():
            key, info = stat_key(self._root / name)
            self._db.execute("UPDATE files SET size = ?, mtime_ns = ?, ctime_ns = ?, ino = ?, "
                             "sha256 = ?, racy = ? WHERE name = ?",
                             (*key, hashlib.sha256(data).hexdigest(), racy(info, now), name))
        self._db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 "
                         "WHERE name = 'generation'")
        self.kept = True


@contextlib.contextmanager
def replaced(db: sqlite3.Connection, root: Path, files: dict[str, bytes], *,
             findings: bool = False) -> Iterator[Replacement]:
    """The index as it would be with each ``root/name`` holding its ``files`` bytes, for
    the duration of the block; then exactly as before, unless the block wrote those bytes
    and called ``keep`` (an edit is checked this way before it is written)."""
    # A write transaction from the start: upgrading a read one could fail at once if
    # another claimtrack wrote meanwhile.
    db.execute("BEGIN IMMEDIATE")
    replacement = Replacement(db, root)
    try:
        _update(db, root, list(files.items()), set(), everything=False, findings=findings)
        yield replacement
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT" if replacement.kept else "ROLLBACK")


def _update(db: sqlite3.Connection, root: Path, todo: Sequence[tuple[str, bytes | None]],
            removed: set[str], *, everything: bool, findings: bool) -> bool:
    """Replace the rows of ``todo`` and ``removed`` files and work out what they affect."""
    from claimtrack.index import derive

    files = {name for name, _ in todo} | removed
    touched = derive.touched_before(db, files, everything=everything)
    if files:
        from claimtrack.index.write import forget, write_files

        for name in files:
            forget(db, name)
        write_files(db, root, todo)
    create_indexes(db)  # after the rows (faster); also for an empty folder
    if not everything:
        derive.seen_before(db)
        # With every file read again, the steps below look at whole tables: what the new
        # rows hold need not be listed.
        derive.touched_after(db, touched)
    derive.relive(db, touched, everything=everything)
    derive.redangle(db, touched, everything=everything)
    texts = derive.refresh_texts(db, root)
    if not (files or texts):
        return False
    derive.refresh_quotes(db, root, touched, texts)
    if findings:
        derive.refresh_findings(db, touched, everything=everything)
    return True


def _stale(db: sqlite3.Connection, root: Path, names: Sequence[str]) -> bool:
    """Whether any file or document text may have changed since the index read it."""
    known = {row[0]: (tuple(row[1:5]), row[5]) for row in db.execute(
        "SELECT name, size, mtime_ns, ctime_ns, ino, racy FROM files")}
    if set(known) != set(names):
        return True
    base = os.fspath(root)
    for name in names:
        key, was_racy = known[name]
        if was_racy or stat_key(os.path.join(base, name))[0] != key:
            return True
    for path, size, mtime, ctime, ino, was_racy in db.execute(
            "SELECT path, size, mtime_ns, ctime_ns, ino, racy FROM texts"):
        if was_racy or stat_key(os.path.join(base, path))[0] != (size, mtime, ctime, ino):
            return True
    return bool(db.execute("SELECT 1 FROM documents d WHERE d.live AND d.text IS NOT NULL "
                           "AND NOT EXISTS (SELECT 1 FROM texts t WHERE t.path = d.text) "
                           "LIMIT 1").fetchone())


def _changes(db: sqlite3.Connection, root: Path, names: Sequence[str]
             ) -> tuple[list[tuple[str, bytes | None]], set[str]]:
    """The files to read again (with their bytes when already read), and those gone."""
    known = {row[0]: (tuple(row[1:5]), row[5], row[6]) for row in db.execute(
        "SELECT name, size, mtime_ns, ctime_ns, ino, sha256, racy FROM files")}
    removed = set(known) - set(names)
    todo: list[tuple[str, bytes | None]] = []
    for name in names:
        key, info = stat_key(root / name)
        old = known.get(name)
        if old is None:
            todo.append((name, None))  # new: read by whoever builds its rows
            continue
        if old[0] == key and not old[2]:
            continue
        now = time.time_ns()
        data, sha = (None, None) if escapes(root, root / name) else _read(root / name)
        if sha == old[1] and (data is not None or key == old[0]):
            # Same content (a touched file, or a racy one that did not change), or the
            # same entry that could not be read before either: keep its rows, remember
            # the new key.
            db.execute("UPDATE files SET size = ?, mtime_ns = ?, ctime_ns = ?, ino = ?, "
                       "racy = ? WHERE name = ?", (*key, racy(info, now), name))
            continue
        todo.append((name, data))
    return todo, removed


def _read(path: Path) -> tuple[bytes | None, str | None]:
    try:
        data = read_bytes(path)
    except UnreadableFileError:
        return None, None
    return data, hashlib.sha256(data).hexdigest()
