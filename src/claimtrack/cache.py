"""The derived index: every TOML file's parsed records, kept outside ``claims/``, in SQLite.

Keyed by the file's path, size, modification time *and* sha256, so a file changed behind
claimtrack's back (same size and mtime, new content) is re-read. A cache that cannot be
opened, is corrupt, or was written by another version is discarded and rebuilt: the cache
can make claimtrack faster, never change an answer.

Besides each file's records (``files``), the claims, actors, documents and relation edges
are kept as rows (``claims``, ``actors``, ``documents``, ``edges``), so ``list`` and ``show``
can answer from a query without building the whole dataset (see ``claimtrack.warm``), and
``results`` memoises whole-folder answers (``check``, ``flags``) under a key of every file.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import marshal
import os
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimtrack import __version__
from claimtrack.codec import decode_record, encode_record
from claimtrack.model import Actor, Claim, Document

if TYPE_CHECKING:
    from claimtrack.records import FileRecords

__all__ = ["ENV_CACHE_DIR", "IndexCache", "Key", "cache_dir", "file_key", "folder_key"]

ENV_CACHE_DIR = "CLAIMTRACK_CACHE_DIR"
_SCHEMA = 7
_FORMAT = f"{_SCHEMA}:{__version__}:{sys.version_info[0]}.{sys.version_info[1]}"

Key = tuple[int, int, str]

_TABLES = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER, mtime INTEGER,
    sha256 TEXT, sound INTEGER, blob BLOB);
CREATE TABLE IF NOT EXISTS claims (file TEXT, pos INTEGER, key TEXT,
    id TEXT, statement TEXT, claimant TEXT, kind TEXT, framing TEXT,
    status TEXT, made TEXT, occurred TEXT, about TEXT, documents TEXT, quote TEXT,
    words TEXT, tags TEXT, credibility INTEGER, reviewed TEXT, dossier TEXT, notes TEXT,
    made_start TEXT, made_end TEXT, PRIMARY KEY (file, pos)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS claim_search (file TEXT, pos INTEGER, haystack TEXT,
    PRIMARY KEY (file, pos)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS claim_records (file TEXT, pos INTEGER, record BLOB,
    PRIMARY KEY (file, pos)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS claims_id ON claims (id);
CREATE TABLE IF NOT EXISTS actors (file TEXT, pos INTEGER, id TEXT, name TEXT, record BLOB,
    PRIMARY KEY (file, pos));
CREATE INDEX IF NOT EXISTS actors_id ON actors (id);
CREATE TABLE IF NOT EXISTS documents (file TEXT, pos INTEGER, id TEXT, record BLOB,
    PRIMARY KEY (file, pos));
CREATE TABLE IF NOT EXISTS edges (file TEXT, source TEXT, target TEXT);
CREATE INDEX IF NOT EXISTS edges_file ON edges (file);
CREATE INDEX IF NOT EXISTS edges_target ON edges (target);
CREATE TABLE IF NOT EXISTS results (name TEXT PRIMARY KEY, key TEXT, blob BLOB);
"""
_ROW_TABLES = ("claims", "claim_search", "claim_records", "actors", "documents", "edges")


def cache_dir() -> Path:
    """``$CLAIMTRACK_CACHE_DIR``, else ``$XDG_CACHE_HOME/claimtrack`` (``~/.cache``)."""
    if os.environ.get(ENV_CACHE_DIR):
        return Path(os.environ[ENV_CACHE_DIR])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "claimtrack"


def file_key(path: Path, data: bytes) -> Key:
    """Size, modification time (ns) and sha256 of a file whose bytes are ``data``."""
    stat = path.stat()
    return (len(data), stat.st_mtime_ns, hashlib.sha256(data).hexdigest())


def folder_key(root: Path, known: dict[str, Key] | None = None,
               extra: Iterable[object] = ()) -> str:
    """One digest of every file under ``root`` (path, size, mtime, sha256) and ``extra``.

    Any change anywhere in the folder — a dossier, a document text, a file added or
    removed — gives another key. Paths are taken relative to ``root``, so the key does not
    depend on how the folder was named; ``known`` holds keys already computed, by that
    relative path.
    """
    known = known or {}
    digest = hashlib.sha256(_FORMAT.encode())
    for item in extra:
        digest.update(f"\0{item}".encode())
    for path in sorted(_files_under(root)):
        relative = os.path.relpath(path, root)
        key = known.get(relative)
        if key is None:
            key = _key_of(Path(path))
        digest.update(f"\0{relative}\0{key[0]}\0{key[1]}\0{key[2]}".encode())
    return digest.hexdigest()


def _key_of(path: Path) -> Key:
    if not path.is_file():  # a FIFO or device would block, a dangling link cannot be read
        return (-1, -1, "not a regular file")
    try:
        with open(path, "rb") as handle:
            return file_key(path, handle.read())
    except OSError as exc:
        return (-1, -1, f"unreadable: {exc.strerror}")


def _files_under(root: Path) -> Iterator[str]:
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in names:
            yield os.path.join(folder, name)


class IndexCache:
    """The derived index of one claims folder, in one SQLite file under ``cache_dir()``.

    Files are named by their name in the folder (``harbour.toml``), so ``--claims claims``
    and ``--claims /abs/claims`` share one warm cache.

    Every method swallows SQLite and OS errors: a cache that fails is a cache that misses,
    and ``usable`` turns False.
    """

    def __init__(self, root: Path) -> None:
        digest = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:20]
        self.path = cache_dir() / f"{digest}.sqlite"
        self._db: sqlite3.Connection | None = None
        try:
            self._open()
        except (sqlite3.Error, OSError):
            self._reset()

    @property
    def usable(self) -> bool:
        """Whether the cache is open (it is not when it cannot be created)."""
        return self._db is not None

    def _open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=5)
        self._db = db
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
        found = db.execute("SELECT value FROM meta WHERE name = 'format'").fetchone()
        if found is not None and found[0] != _FORMAT:
            # Another version's cache: its tables may not even have our columns.
            raise sqlite3.DatabaseError(f"cache format {found[0]}, expected {_FORMAT}")
        if found is None:
            db.executescript(_TABLES)
            with db:
                db.execute("INSERT OR IGNORE INTO meta VALUES ('format', ?)", (_FORMAT,))

    def _reset(self) -> None:
        """Throw away an unusable cache file and start again; run uncached if that fails."""
        self.close()
        try:
            self._delete()
            self._open()
        except (sqlite3.Error, OSError):
            self.close()

    def discard(self) -> None:
        """Close and delete the cache file (found corrupt): the next run starts afresh."""
        self.close()
        self._delete()

    def _delete(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(f"{self.path}{suffix}").unlink()

    def close(self) -> None:
        """Commit what was written and let go of the file."""
        if self._db is not None:
            try:
                self._db.commit()
                self._db.close()
            except sqlite3.Error:
                pass
            self._db = None

    def _run(self, action: Callable[[sqlite3.Connection], Any]) -> Any:
        """``action(db)``, or None when the cache is closed or fails (it is then closed).

        A cache busy in another process is left alone; one that fails otherwise is
        deleted, so the next run starts a fresh one.
        """
        if self._db is None:
            return None
        try:
            return action(self._db)
        except (sqlite3.Error, OSError) as error:
            with contextlib.suppress(sqlite3.Error):
                self._db.rollback()
            self.close()
            if not any(word in str(error) for word in ("locked", "busy")):
                self._delete()
            return None

    def query(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]] | None:
        """Rows of a read-only query, or None when the cache fails."""
        result: list[tuple[Any, ...]] | None = self._run(
            lambda db: db.execute(sql, tuple(params)).fetchall())
        return result

    # -- files ------------------------------------------------------------------------

    def keys(self) -> dict[str, Key]:
        """The key each cached file was read under, by file name."""
        rows = self.query("SELECT path, size, mtime, sha256 FROM files") or []
        return {path: (size, mtime, sha) for path, size, mtime, sha in rows}

    def records(self, path: Path) -> FileRecords | None:
        """The cached records of ``path`` (the caller compared its key), else None."""
        from claimtrack.records import FileRecords

        rows = self.query("SELECT blob FROM files WHERE path = ?", (path.name,))
        if not rows:
            return None
        try:
            entries, problems, broken = marshal.loads(rows[0][0])
            return FileRecords(
                tuple((table, k, decode_record(row)) for table, k, row in entries),
                tuple(problems), tuple(broken))
        except Exception:  # corrupt blob: a miss, never a wrong answer
            return None

    def put(self, path: Path, key: Key, records: FileRecords) -> None:
        """Remember ``records`` for ``path`` under ``key``, with its rows (``commit`` keeps)."""
        entries = tuple((t, k, encode_record(r)) for t, k, r in records.entries)
        blob = marshal.dumps((entries, records.problems, records.broken))
        sound = not records.problems and not records.broken
        name = path.name

        def write(db: sqlite3.Connection) -> None:
            _forget(db, name)
            db.execute("INSERT INTO files VALUES (?, ?, ?, ?, ?, ?)", (name, *key, sound, blob))
            _insert_rows(db, name, path.stem, records)

        self._run(write)

    def forget(self, paths: Iterable[str]) -> None:
        """Drop files that are no longer in the folder."""
        def drop(db: sqlite3.Connection) -> None:
            for name in paths:
                _forget(db, name)
        self._run(drop)

    def commit(self) -> None:
        """Make the writes so far durable (and visible to other processes)."""
        self._run(lambda db: db.commit())

    # -- whole-folder answers -----------------------------------------------------------

    def result(self, name: str, key: str) -> Any:
        """The value memoised as ``name`` under exactly ``key``, else None."""
        rows = self.query("SELECT key, blob FROM results WHERE name = ?", (name,))
        if not rows or rows[0][0] != key:
            return None
        try:
            return marshal.loads(rows[0][1])
        except Exception:  # corrupt blob: a miss
            return None

    def remember(self, name: str, key: str, value: Any) -> None:
        """Memoise ``value`` (primitives, tuples, lists, dicts) as ``name`` under ``key``."""
        blob = marshal.dumps(value)
        self._run(lambda db: db.execute(
            "INSERT OR REPLACE INTO results VALUES (?, ?, ?)", (name, key, blob)))
        self.commit()


def _forget(db: sqlite3.Connection, name: str) -> None:
    db.execute("DELETE FROM files WHERE path = ?", (name,))
    for table in _ROW_TABLES:
        db.execute(f"DELETE FROM {table} WHERE file = ?", (name,))


def _insert_rows(db: sqlite3.Connection, name: str, stem: str, records: FileRecords) -> None:
    from claimtrack.export.table import CLAIM_COLUMNS, claim_values
    from claimtrack.query import haystack

    claims: list[tuple[Any, ...]] = []
    actors: list[tuple[Any, ...]] = []
    documents: list[tuple[Any, ...]] = []
    edges: list[tuple[str, str, str]] = []
    search: list[tuple[str, int, str]] = []
    full: list[tuple[str, int, bytes]] = []
    for pos, (_, key, record) in enumerate(records.entries):
        if isinstance(record, Claim):
            made = record.made
            # claimant_name lives in the actor's record: queries join it from actors.
            values = [json.dumps(v) if isinstance(v, tuple) else v
                      for column, v in zip(CLAIM_COLUMNS, claim_values(record, stem),
                                           strict=True) if column != "claimant_name"]
            claims.append((
                name, pos, key, *values,
                None if made is None else made.start.isoformat(),
                None if made is None else made.end.isoformat()))
            search.append((name, pos, haystack(record)))
            full.append((name, pos, marshal.dumps(encode_record(record))))
            edges.extend((name, record.id, r.target) for r in record.relations)
        elif isinstance(record, Actor):
            actors.append((name, pos, record.id, record.name,
                           marshal.dumps(encode_record(record))))
        elif isinstance(record, Document):
            documents.append((name, pos, record.id, marshal.dumps(encode_record(record))))
    if claims:
        db.executemany(f"INSERT INTO claims VALUES ({', '.join('?' * len(claims[0]))})", claims)
    db.executemany("INSERT INTO claim_search VALUES (?, ?, ?)", search)
    db.executemany("INSERT INTO claim_records VALUES (?, ?, ?)", full)
    db.executemany("INSERT INTO actors VALUES (?, ?, ?, ?, ?)", actors)
    db.executemany("INSERT INTO documents VALUES (?, ?, ?, ?)", documents)
    db.executemany("INSERT INTO edges VALUES (?, ?, ?)", edges)
