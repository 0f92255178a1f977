"""The index: the claims folder as SQLite tables, the one engine every command reads.

``Index.open(root)`` brings the index up to date with the folder (reading only the files
that changed) and answers with SQL. Its tables are derived from the model
(``claimtrack.schema``); ``claimtrack.index.sync`` keeps them current.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from claimtrack.errors import ClaimtrackError, UsageError, did_you_mean
from claimtrack.index.cache import CacheLock, damage, discard, seal, sealed
from claimtrack.index.store import (
    IndexBusyError,
    IndexDamagedError,
    IndexUnusableError,
    busy,
    cache_dir,
    connect,
    database_path,
    ensure_indexes,
)
from claimtrack.index.sync import read_text, sync
from claimtrack.model import Actor, Claim, Document
from claimtrack.schema import Table, tables
from claimtrack.words import fold

__all__ = ["Index", "IndexFailedError", "IndexUnusableError", "cache_dir"]

Row = tuple[Any, ...]

_WAIT = 600.0
"""Seconds to wait for another claimtrack building the index (a million claims take a few
minutes) before answering from memory."""


class Index:
    """The up-to-date index of one claims folder."""

    def __init__(self, root: Path, db: sqlite3.Connection, path: Path | None,
                 lock: CacheLock | None = None) -> None:
        self.root = root
        self.db = db
        self.path = path
        """The database file, or None for an in-memory index."""
        self._lock = lock
        self._lines: dict[str, Any] = {}
        self.unusable_cache: str | None = None
        """Why the cache could not be used (its path and the cause), when it could not."""

    @classmethod
    def open(cls, root: Path, *, cache: bool = True) -> Index:
        """The folder's index, brought up to date; in memory without a usable cache.

        A cache found damaged (or changed behind claimtrack's back) is built again. Raise
        FolderFormatError when the folder is in an older format.
        """
        from claimtrack.folder import require_current

        require_current(root)
        unusable: str | None = None
        if cache:
            found = cls._cached(root)
            if isinstance(found, Index):
                return found
            unusable = found
        index = cls(root, connect(None), None)
        index.unusable_cache = unusable
        sync(index.db, root)
        ensure_indexes(index.db)
        return index

    @classmethod
    def _cached(cls, root: Path) -> Index | str | None:
        """The cached index, up to date; else why it cannot be used (None: it is busy)."""
        path = database_path(root)
        if path.exists() and not path.is_file():  # a folder where the database should be
            return f"{path}: is not a file"
        try:
            lock = CacheLock(path)
        except OSError as error:
            return f"{path}: {error.strerror or error}"
        doomed = False
        why: str | None = None
        for attempt in range(2):
            if lock.exclusive(wait=_WAIT if attempt else 0.0):
                if doomed or not sealed(path):
                    discard(path)  # damaged, or changed since a claimtrack let go of it
                if not path.exists():
                    try:
                        _build(root, path)
                    except (IndexUnusableError, OSError, sqlite3.Error) as error:
                        lock.close()
                        return f"{path}: {getattr(error, 'strerror', None) or error}"
                lock.release()
            if not lock.shared(wait=_WAIT):
                lock.close()
                return None  # another claimtrack holds it: answer from memory meanwhile
            try:
                db = connect(path)
            except IndexBusyError:
                lock.close()
                return None
            except IndexUnusableError as error:
                why, doomed = f"{path}: {error}", True
                lock.release()
                continue
            index = cls(root, db, path, lock)
            try:
                sync(db, root)
                ensure_indexes(db)
                return index
            except sqlite3.DatabaseError as error:
                db.close()
                if busy(error):
                    lock.close()
                    return None
                why, doomed = f"{path}: {error}", True
                lock.release()
            except OSError as error:
                db.close()
                lock.close()
                return f"{path}: {error.strerror or error}"
        lock.close()
        return why

    def close(self) -> None:
        """Let go of the database (a cached one is sealed as it is left)."""
        with contextlib.suppress(sqlite3.Error):
            self.db.close()
        if self.path is not None:
            seal(self.path)
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def __enter__(self) -> Index:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()
        if error is not None and self.path is not None and damage(error):
            discard(self.path)
            raise IndexFailedError(
                f"the index cache {self.path} is damaged ({error}); it has been deleted "
                "and is built again by the next command: run this one again") from None

    # -- plain queries -----------------------------------------------------------------------

    def rows(self, sql: str, params: Iterable[Any] = ()) -> list[Row]:
        """Every row of a query."""
        return self.db.execute(sql, tuple(params)).fetchall()

    def value(self, sql: str, params: Iterable[Any] = ()) -> Any:
        """The first column of the first row of a query, or None."""
        row = self.db.execute(sql, tuple(params)).fetchone()
        return None if row is None else row[0]

    @property
    def generation(self) -> int:
        """A number that changes whenever the indexed folder does."""
        return int(self.value("SELECT value FROM meta WHERE name = 'generation'"))

    # -- actors --------------------------------------------------------------------------------

    def actor_id(self, name: str) -> str | None:
        """The id of the actor whose id, name or alias is ``name`` (case-insensitive)."""
        found: str | None = self.value(
            "SELECT a.id FROM actor_names n JOIN actors a ON a.rid = n.parent "
            "WHERE n.name = ? AND a.live ORDER BY a.file, a.n LIMIT 1",
            (fold(name.strip()),))
        return found

    def actor(self, name: str) -> str:
        """Like ``actor_id``, but raise a UsageError suggesting close names when unknown."""
        found = self.actor_id(name)
        if found is None:
            names = sorted({n for a in self.actors().values() for n in a.names})
            raise UsageError(f"unknown actor '{name}'{did_you_mean(name, names)}; "
                             "`claimtrack sources` lists every actor")
        return found

    def actors(self) -> dict[str, Actor]:
        """Every actor, by id, in folder order."""
        return {a.id: a for a in self.records("actors")}

    def documents(self) -> dict[str, Document]:
        """Every document, by id, in folder order."""
        return {d.id: d for d in self.records("documents")}

    # -- claims --------------------------------------------------------------------------------

    def claim_rid(self, claim_id: str) -> int:
        """The row of the claim ``claim_id``, or a UsageError suggesting close ids."""
        rid = self.value("SELECT rid FROM claims WHERE id = ? AND live", (claim_id,))
        if rid is None:
            raise UsageError(f"unknown claim '{claim_id}'{self.suggest_claims(claim_id)}")
        return int(rid)

    def suggest_claims(self, wrong: str) -> str:
        """``; did you mean: a, b?`` from close and same-prefix claim ids, or ``''``."""
        if len(wrong) > 200:
            return ""  # difflib's cost grows with the square of the length
        pool = [i for (i,) in self.rows("SELECT id FROM claims WHERE live")]
        close = difflib.get_close_matches(wrong, pool, n=3, cutoff=0.6)
        close += [i for i in pool if i.startswith(wrong) and i not in close][: 3 - len(close)]
        return f"; did you mean: {', '.join(close)}?" if close else ""

    def claims(self, ids: Sequence[str]) -> list[Claim]:
        """The claims ``ids``, decoded into records, in the order asked."""
        found = {c.id: c for c in _decode(self.db, tables()["claims"],
                                          "id IN (SELECT value FROM json_each(?))",
                                          (_json(ids),))}
        return [found[i] for i in ids if i in found]

    def records(self, table: str, *, rids: Sequence[int] | None = None) -> list[Any]:
        """The live records of ``table`` (only the rows ``rids`` when given), decoded, in
        folder order."""
        if rids is None:
            return _decode(self.db, tables()[table], "1", ())
        return _decode(self.db, tables()[table], "rid IN (SELECT CAST(value AS INTEGER) "
                       "FROM json_each(?))", (_json([str(r) for r in rids]),))

    # -- where things are written -----------------------------------------------------------

    def origin(self, table: str, record_id: str) -> tuple[str, str]:
        """The file (name in the folder) and path (``claims[3]``) a record is written at."""
        row = self.db.execute(f"SELECT file, n FROM {table} WHERE id = ? AND live",
                              (record_id,)).fetchone()
        if row is None:
            raise UsageError(f"unknown {table[:-1]} '{record_id}'")
        return row[0], f"{table}[{row[1]}]"

    def line(self, file: str, path: str) -> int:
        """The line of ``path`` (``claims[3].kind``) in ``file``, or of its nearest ancestor."""
        from claimtrack.toml_lines import LineMap

        if file not in self._lines:
            try:
                from claimtrack.files import decode, read_bytes

                text = decode(read_bytes(self.root / file)).removeprefix("\ufeff")
            except Exception:  # an unreadable file has no lines to point at
                text = ""
            self._lines[file] = LineMap(text)
        line: int = self._lines[file].line(path)
        return line

    def text(self, document_id: str) -> str | None:
        """A document's verbatim text, or None when it cannot be read."""
        path = self.value("SELECT text FROM documents WHERE id = ? AND live", (document_id,))
        return None if path is None else read_text(self.root, path)

    def load_problems(self) -> int:
        """How many problems reading the folder's files found (their records are left out)."""
        files = int(self.value("SELECT COALESCE(sum(load_problems), 0) FROM files"))
        duplicates = sum(int(self.value(f"SELECT count(*) FROM {t} WHERE NOT live"))
                         for t in ("actors", "documents", "claims"))
        return files + duplicates


def _json(values: Sequence[str]) -> str:
    import json

    return json.dumps(list(values))


def _build(root: Path, path: Path) -> None:
    """Build the index of ``root`` beside ``path``, alone and without a journal, then put
    it in place and seal it."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    discard(temporary)
    db = connect(temporary, fresh=True)
    try:
        sync(db, root)
        ensure_indexes(db)
        db.execute("PRAGMA journal_mode = WAL")
    except BaseException:
        db.close()
        discard(temporary)
        raise
    db.close()
    os.replace(temporary, path)
    seal(path)


def _decode(db: sqlite3.Connection, tbl: Table, where: str, params: Sequence[Any]) -> list[Any]:
    try:
        return _records(db, tbl, where, params)
    except (ValueError, TypeError, KeyError) as error:  # a value no claimtrack wrote
        raise IndexDamagedError(f"a {tbl.name} row cannot be read: {error}") from None


def _records(db: sqlite3.Connection, tbl: Table, where: str, params: Sequence[Any]
             ) -> list[Any]:
    names = ", ".join(f'"{n}"' for n in tbl.names)
    parents = db.execute(f"SELECT rid, {names} FROM {tbl.name} WHERE live AND ({where}) "
                         "ORDER BY file, n", tuple(params)).fetchall()
    kids: dict[int, dict[str, list[Any]]] = {}
    if tbl.children and parents:
        rids = _json([str(r[0]) for r in parents])
        for child in tbl.children:
            assert child.field is not None
            child_names = ", ".join(f'"{n}"' for n in child.names)
            for row in db.execute(
                    f"SELECT parent, {child_names} FROM {child.name} WHERE parent IN "
                    f"(SELECT CAST(value AS INTEGER) FROM json_each(?)) "
                    "ORDER BY parent, position", (rids,)):
                record = child.decode(dict(zip(child.names, row[1:], strict=True)))
                kids.setdefault(row[0], {}).setdefault(child.field, []).append(record)
    return [tbl.decode(dict(zip(tbl.names, row[1:], strict=True)), kids.get(row[0], {}))
            for row in parents]


class IndexFailedError(ClaimtrackError):
    """The cached index was found damaged while answering; it has been thrown away, and
    the next command builds it again."""
