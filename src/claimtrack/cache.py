"""The derived index: each TOML file's parsed records, kept outside ``claims/``.

Keyed by the file's path, size, modification time *and* sha256, so a file changed behind
claimtrack's back (same size and mtime, new content) is re-read. A cache that cannot be
opened, is corrupt, or was written by another version is discarded and rebuilt: the cache
can make claimtrack faster, never change an answer.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sqlite3
import sys
from pathlib import Path

from claimtrack import __version__
from claimtrack.codec import decode_record, encode_record
from claimtrack.records import FileRecords

__all__ = ["ENV_CACHE_DIR", "IndexCache", "cache_dir", "file_key"]

ENV_CACHE_DIR = "CLAIMTRACK_CACHE_DIR"
_FORMAT = f"1:{__version__}:{sys.version_info[0]}.{sys.version_info[1]}"

Key = tuple[int, int, str]


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


class IndexCache:
    """Parsed records of every file of one claims folder, in one SQLite file."""

    def __init__(self, root: Path) -> None:
        digest = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:20]
        self.path = cache_dir() / f"{digest}.sqlite"
        self._rows: dict[str, tuple[Key, bytes]] = {}
        self._pending: dict[str, tuple[Key, bytes]] = {}
        self._db: sqlite3.Connection | None = None
        try:
            self._open()
        except (sqlite3.Error, OSError):
            self._reset()

    def _open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=2)
        self._db = db
        db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
        db.execute("CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER, "
                   "mtime INTEGER, sha256 TEXT, blob BLOB)")
        found = db.execute("SELECT value FROM meta WHERE name = 'format'").fetchone()
        if found is None or found[0] != _FORMAT:
            with db:
                db.execute("DELETE FROM files")
                db.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (_FORMAT,))
        for path, size, mtime, sha, blob in db.execute("SELECT * FROM files"):
            self._rows[path] = ((size, mtime, sha), blob)

    def _reset(self) -> None:
        """Throw away an unusable cache file and start again; run uncached if that fails."""
        if self._db is not None:
            self._db.close()
            self._db = None
        self._rows.clear()
        try:
            self.path.unlink(missing_ok=True)
            self._open()
        except (sqlite3.Error, OSError):
            self._db = None

    def get(self, path: Path, key: Key) -> FileRecords | None:
        """The records cached for ``path`` under exactly ``key``, else None."""
        found = self._rows.get(str(path))
        if found is None or found[0] != key:
            return None
        try:
            entries, problems, broken = marshal.loads(found[1])
            return FileRecords(
                tuple((table, k, decode_record(row)) for table, k, row in entries),
                tuple(problems), tuple(broken))
        except Exception:  # corrupt blob: a miss, never a wrong answer
            return None

    def put(self, path: Path, key: Key, records: FileRecords) -> None:
        """Remember ``records`` for ``path`` (written by ``save``)."""
        entries = tuple((t, k, encode_record(r)) for t, k, r in records.entries)
        blob = marshal.dumps((entries, records.problems, records.broken))
        self._pending[str(path)] = (key, blob)

    def save(self, keep: set[str]) -> None:
        """Write pending entries and forget files no longer in the folder; never raises."""
        if self._db is None:
            return
        gone = [p for p in self._rows if p not in keep]
        if not self._pending and not gone:
            return
        try:
            with self._db:
                self._db.executemany("DELETE FROM files WHERE path = ?", [(p,) for p in gone])
                self._db.executemany(
                    "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)",
                    [(p, *key, blob) for p, (key, blob) in self._pending.items()])
        except (sqlite3.Error, OSError):
            pass  # a cache that cannot be written only costs speed next time
        finally:
            self._db.close()
            self._db = None
