"""The index database: where it lives, its tables (derived from the model), and its upkeep.

One SQLite file per claims folder under ``cache_dir()``, or an in-memory database when
there is no usable cache folder (or ``--no-cache``): the same tables and the same SQL
either way. A database that is corrupt, was written by another version, or cannot be
opened is thrown away and built again; the index can make claimtrack faster, never change
an answer.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from claimtrack._version import __version__
from claimtrack.index import registry
from claimtrack.schema import Table, tables

__all__ = ["ENGINE_COLUMNS", "ENV_CACHE_DIR", "IndexBusyError", "IndexDamagedError",
           "IndexUnusableError", "busy", "cache_dir", "connect", "create_indexes", "ddl",
           "ensure_indexes"]

ENV_CACHE_DIR = "CLAIMTRACK_CACHE_DIR"
_SCHEMA = 10
"""Bumped when what the index keeps changes without its DDL changing: the facts flag rules
read, the wording of stored findings. A cache of another number is never opened."""

ENGINE_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "claims": (("dossier", "TEXT"), ("words_missing", "TEXT"), ("words_key", "TEXT"),
               ("basis_found", "INTEGER"), ("known_as", "TEXT")),
    "appearances": (("hits", "INTEGER"), ("loose", "INTEGER"), ("text_sha", "TEXT")),
    "unclaimed": (("hits", "INTEGER"), ("loose", "INTEGER"), ("text_sha", "TEXT")),
}
"""Columns the engine keeps beside a record's own: where a claim is written, and what a
quote or a claimant's words were last checked against, and how a claim is known to be its
claimant's (``known_as``: own, explicit or inferred, the first any appearance shows)."""

_ENGINE = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT);
CREATE TABLE files (name TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, ctime_ns INTEGER,
    ino INTEGER, sha256 TEXT, racy INTEGER, load_problems INTEGER);
CREATE TABLE texts (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, ctime_ns INTEGER,
    ino INTEGER, sha256 TEXT, racy INTEGER, error TEXT);
CREATE TABLE problems (file TEXT, path TEXT, message TEXT, code TEXT, line INTEGER);
CREATE INDEX problems_file ON problems (file);
CREATE TABLE broken (file TEXT, tbl TEXT, id TEXT);
CREATE INDEX broken_file ON broken (file);
CREATE INDEX broken_id ON broken (tbl, id);
CREATE TABLE actor_names (parent INTEGER, file TEXT, name TEXT);
CREATE INDEX actor_names_name ON actor_names (name);
CREATE INDEX actor_names_file ON actor_names (file);
CREATE TABLE findings (parent INTEGER, file TEXT, rule TEXT, seq INTEGER, reason TEXT);
CREATE INDEX findings_parent ON findings (parent);
CREATE TABLE search (parent INTEGER PRIMARY KEY, file TEXT, haystack TEXT);
CREATE TABLE refs (parent INTEGER, tbl TEXT, file TEXT, n INTEGER, path TEXT, target TEXT,
    ref TEXT, dangling INTEGER);
CREATE INDEX refs_ref ON refs (target, ref);
CREATE INDEX refs_file ON refs (file);
CREATE INDEX refs_dangling ON refs (file) WHERE dangling;
CREATE INDEX appearances_document ON appearances (document);
CREATE INDEX appearances_unfound ON appearances (parent) WHERE hits IS NULL OR hits != 1;
CREATE INDEX relations_target ON relations (target);
CREATE INDEX relations_claim ON relations (claim);
CREATE INDEX claims_claimant ON claims (claimant);
CREATE INDEX claims_counts ON claims (live, claimant, status, known_as);
CREATE INDEX claims_made ON claims (made, file, n);
CREATE INDEX claims_reviewed ON claims (reviewed);
CREATE INDEX claims_dead ON claims (file, n) WHERE NOT live;
CREATE INDEX claims_words ON claims (rid) WHERE words_missing IS NOT NULL
    AND words_missing != '[]';
CREATE INDEX claims_basis_unfound ON claims (rid) WHERE basis_found = 0;
CREATE INDEX actors_affiliation ON actors (affiliation) WHERE affiliation IS NOT NULL;
CREATE INDEX appearances_own ON appearances (parent) WHERE attribution = 'own';
CREATE INDEX reviews_date ON reviews (date);
"""
"""The engine's own tables: file keys, document texts, problems found while reading a
file, records that failed to load, actor names for lookups, the findings of the registered
rules, what ``--search`` looks in, every id a record names (and whether it names nothing),
and the indexes the queries use. Tables of derived rows come from the registry."""


def cache_dir() -> Path:
    """``$CLAIMTRACK_CACHE_DIR``, else ``$XDG_CACHE_HOME/claimtrack`` (``~/.cache``)."""
    if os.environ.get(ENV_CACHE_DIR):
        return Path(os.environ[ENV_CACHE_DIR])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "claimtrack"


def database_path(root: Path) -> Path:
    """Where the index of the claims folder ``root`` is kept.

    The name holds the index format too, so two claimtrack versions never share (or delete)
    each other's index.
    """
    digest = hashlib.sha256(os.fsencode(os.path.realpath(root))).hexdigest()[:20]
    version = hashlib.sha256(_format().encode()).hexdigest()[:8]
    return cache_dir() / f"{digest}-{version}.sqlite"


class IndexUnusableError(Exception):
    """The index database cannot be used; the caller rebuilds it or runs in memory."""


class IndexBusyError(IndexUnusableError):
    """Another claimtrack holds the index longer than we wait; it is not broken."""


_STORED_BY = ("model.py", "schema.py", "structure.py", "parse.py", "index/build.py",
              "index/derive.py", "index/write.py")
"""The index's own modules whose code decides what it keeps (the registered derivers'
code is in ``registry.signature``)."""


def _code() -> str:
    """A digest of the code in ``_STORED_BY`` and of the registered derivers: a changed
    rule or reason never reads an index an older one filled, even when nobody remembered
    to bump ``_SCHEMA``."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for name in _STORED_BY:
        try:
            digest.update((package / name).read_bytes())
        except OSError:
            digest.update(name.encode())
    digest.update(registry.signature().encode())
    return digest.hexdigest()[:16]


@cache
def _format() -> str:
    # The derived tables' DDL is their registrants' code, which _code digests: a warm
    # command need not import them to know its cache.
    return (f"{_SCHEMA}:{__version__}:{sys.version_info[0]}.{sys.version_info[1]}:{_code()}:"
            f"{_own_ddl()}")


def _columns_ddl(tbl: Table, top: bool) -> str:
    own = [f'"{c.name}" {"INTEGER" if c.type == "integer" else "TEXT"}' for c in tbl.columns]
    own += [f"{name} {kind}" for name, kind in ENGINE_COLUMNS.get(tbl.name, ())]
    if top:
        head = ["rid INTEGER PRIMARY KEY", "file TEXT NOT NULL", "n INTEGER NOT NULL",
                "live INTEGER NOT NULL DEFAULT 1"]
    else:
        head = ["rid INTEGER PRIMARY KEY", "file TEXT NOT NULL", "parent INTEGER NOT NULL",
                f"{tbl.parent} TEXT", "position INTEGER NOT NULL",
                "live INTEGER NOT NULL DEFAULT 1"]
    return ", ".join([*head, *own])


@cache
def ddl() -> str:
    """Every CREATE statement of the index: record tables from the model, the derived
    tables the registry holds, then the engine's own."""
    derived = [f"{statement};" for table in registry.tables().values()
               for statement in table.ddl()]
    return _records_ddl() + "\n" + "\n".join(derived) + _ENGINE


@cache
def _own_ddl() -> str:
    return _records_ddl() + _ENGINE


def _records_ddl() -> str:
    statements: list[str] = []
    for tbl in tables().values():
        statements.append(f"CREATE TABLE {tbl.name} ({_columns_ddl(tbl, True)});")
        statements.append(f"CREATE INDEX {tbl.name}_file ON {tbl.name} (file, n);")
        if "id" in tbl.names:
            statements.append(f"CREATE INDEX {tbl.name}_id ON {tbl.name} (id);")
        for child in tbl.children:
            statements.append(f"CREATE TABLE {child.name} ({_columns_ddl(child, False)});")
            statements.append(f"CREATE INDEX {child.name}_parent ON {child.name} "
                              "(parent, position);")
            statements.append(f"CREATE INDEX {child.name}_file ON {child.name} (file);")
    return "\n".join(statements)


def _statements() -> list[str]:
    return [part.strip() for part in ddl().split(";") if part.strip()]


def create_indexes(db: sqlite3.Connection) -> None:
    """Create the indexes a fresh index was made without (it is filled faster first)."""
    for statement in _statements():
        if statement.startswith("CREATE INDEX"):
            db.execute(statement.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1))


def ensure_indexes(db: sqlite3.Connection) -> None:
    """Create the indexes the queries name when some are missing: a folder with no files
    never filled its tables, and an index dropped from the cache by hand is made again.
    (How many there are was noted when the tables were made.)"""
    found = db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'index' "
                       "AND sql IS NOT NULL").fetchone()[0]
    wanted = db.execute("SELECT value FROM meta WHERE name = 'indexes'").fetchone()
    if wanted is None or found < int(wanted[0]):
        create_indexes(db)


def connect(path: Path | None, *, fresh: bool = False) -> sqlite3.Connection:
    """Open (creating when needed) the index at ``path``, or in memory when None; a
    ``fresh`` file is being built, alone and without a journal (it is renamed into place
    once whole).

    Raise IndexUnusableError when the file cannot be used as this version's index; the
    caller discards it and tries again, or runs in memory.
    """
    try:
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(":memory:" if path is None else path, timeout=30,
                             isolation_level=None, check_same_thread=False)
    except (sqlite3.Error, OSError) as error:
        raise IndexUnusableError(str(error)) from None
    try:
        db.execute("PRAGMA journal_mode = OFF" if fresh else
                   "PRAGMA journal_mode = WAL" if path is not None else
                   "PRAGMA journal_mode = MEMORY")
        db.execute("PRAGMA synchronous = OFF" if fresh else "PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA temp_store = MEMORY")
        db.execute("PRAGMA cache_size = -65536")
        # Text compared as a person reads it: ``ORDER BY casefold(statement)``.
        db.create_function("casefold", 1, _casefold, deterministic=True)
        _ensure_tables(db)
    except sqlite3.OperationalError as error:
        db.close()
        if busy(error):
            raise IndexBusyError(str(error)) from None
        raise IndexUnusableError(str(error)) from None
    except (sqlite3.Error, OSError) as error:
        db.close()
        raise IndexUnusableError(str(error)) from None
    return db


def _casefold(value: str | int | float | None) -> str | int | float | None:
    return value.casefold() if isinstance(value, str) else value


def _ensure_tables(db: sqlite3.Connection) -> None:
    if _format_found(db) is None:
        with transaction(db):
            if _format_found(db) is None:  # nobody created them while we waited
                # Tables only: the first sync fills them, then creates the indexes, which
                # is several times faster than filling indexed tables.
                for statement in _statements():
                    if not statement.startswith("CREATE INDEX"):
                        db.execute(statement)
                indexes = sum(s.startswith("CREATE INDEX") for s in _statements())
                db.execute("INSERT INTO meta VALUES ('format', ?), ('generation', '0'), "
                           "('indexes', ?)", (_format(), str(indexes)))
                return
    if _format_found(db) != _format():
        raise sqlite3.DatabaseError("not an index of this claimtrack version")


def _format_found(db: sqlite3.Connection) -> str | None:
    if db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
                  ).fetchone() is None:
        return None
    row = db.execute("SELECT value FROM meta WHERE name = 'format'").fetchone()
    return "" if row is None else str(row[0])


def busy(error: sqlite3.Error) -> bool:
    """Whether the error only means another claimtrack is using the index right now."""
    return any(word in str(error) for word in ("locked", "busy"))


@contextlib.contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[None]:
    """One write transaction (BEGIN IMMEDIATE … COMMIT), rolled back on any error."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


class IndexDamagedError(ValueError):
    """A value in the cache that no claimtrack wrote (it cannot be decoded)."""
