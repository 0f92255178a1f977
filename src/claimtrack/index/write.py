"""Write the rows of read files into the index, and take out those of changed files.

Few files are read and written here, in this process. Many (a first reading) are read by
worker processes, each writing its files' rows into a database file of its own, which
are then copied into the index with ``INSERT … SELECT``: no row passes back through
Python, and both cores read.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import time
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

from claimtrack.index import registry
from claimtrack.index.build import FileRows, build_file
from claimtrack.index.keys import racy, stat_key
from claimtrack.index.store import ENGINE_COLUMNS, ddl
from claimtrack.schema import Table, tables

__all__ = ["ENGINE_TABLES", "all_tables", "detach_parts", "file_tables", "forget",
           "write_files"]

ENGINE_TABLES = ("problems", "broken", "actor_names", "search", "refs", "findings")
"""The engine's tables with rows per file (besides the record tables and the derived
ones)."""

_BY_CLAIM = ("search", "findings")
"""Engine tables whose rows belong to a claim, found through it (no index on their file)."""

_PARALLEL_BYTES = 4_000_000
"""Below this much data to read, one process is faster than starting two."""

_WORKER_RIDS = 1 << 40
"""Rows a worker numbers from its own base, so the two never give one number twice."""

def all_tables() -> list[str]:
    """Every record table, children included."""
    return [n for t in tables().values() for n in (t.name, *(c.name for c in t.children))]


def file_tables() -> list[str]:
    """Every table whose rows belong to one file: records, derived rows, the engine's."""
    return [*all_tables(), *registry.tables(), *ENGINE_TABLES]


def forget(db: sqlite3.Connection, name: str) -> None:
    """Take every row of file ``name`` out of the index."""
    for table in _BY_CLAIM:
        db.execute(f"DELETE FROM {table} WHERE parent IN (SELECT rid FROM claims "
                   "WHERE file = ?)", (name,))
    for table in file_tables():
        if table not in _BY_CLAIM:
            db.execute(f"DELETE FROM {table} WHERE file = ?", (name,))
    db.execute("DELETE FROM files WHERE name = ?", (name,))


def write_files(db: sqlite3.Connection, root: Path,
                todo: Sequence[tuple[str, bytes | None]]) -> None:
    """Read each (name, bytes or None to read it) and write its rows into the index."""
    size = sum(len(data) if data is not None else max(0, stat_key(root / name)[0][0])
               for name, data in todo)
    workers = min(2, os.cpu_count() or 1)
    # The workers read files from disk: bytes given here (an edit being checked before it
    # is written) are built in this process.
    given = any(data is not None for _, data in todo)
    if size < _PARALLEL_BYTES or len(todo) < 8 or workers < 2 or given:
        base = _next_rid(db)
        _insert(db, root, (build_file(root, name, data) for name, data in todo), base)
        return
    _in_parallel(db, root, [name for name, _ in todo], workers)


def _next_rid(db: sqlite3.Connection) -> int:
    return 1 + max((db.execute(f"SELECT max(rid) FROM {t}").fetchone()[0] or 0)
                   for t in all_tables())


def _in_parallel(db: sqlite3.Connection, root: Path, names: list[str], workers: int) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    base = _next_rid(db)
    shares = [names[i::workers] for i in range(workers)]
    tmp = tempfile.mkdtemp(prefix="claimtrack-")
    jobs = [(root, share, str(Path(tmp) / f"part{n}.sqlite"), base + n * _WORKER_RIDS)
            for n, share in enumerate(shares)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        parts = list(pool.map(_build_part, jobs))
    for number, part in enumerate(parts):
        # Attached until the transaction ends (a used database cannot leave it before).
        db.execute("ATTACH DATABASE ? AS ?", (part, f"part{number}"))
        for table in (*file_tables(), "files"):
            db.execute(f"INSERT INTO main.{table} SELECT * FROM part{number}.{table}")


def detach_parts(db: sqlite3.Connection) -> None:
    """Let go of the workers' databases once the transaction that copied them is over."""
    import shutil

    for _, alias, path in db.execute("PRAGMA database_list").fetchall():
        if alias.startswith("part") and path:
            db.execute(f"DETACH DATABASE {alias}")
            shutil.rmtree(Path(path).parent, ignore_errors=True)


def _build_part(job: tuple[Path, list[str], str, int]) -> str:
    """In a worker: read the files and write their rows into a database file of its own."""
    import gc

    # Building makes millions of small acyclic objects: the cycle collector would only
    # scan them again and again. The worker ends when its files are written.
    gc.disable()
    root, names, path, base = job
    part = sqlite3.connect(path, isolation_level=None)
    part.execute("PRAGMA journal_mode = OFF")
    part.execute("PRAGMA synchronous = OFF")
    for statement in ddl().split(";"):
        if statement.strip().startswith("CREATE TABLE"):
            part.execute(statement)
    part.execute("BEGIN")
    _insert(part, root, (build_file(root, name) for name in names), base)
    part.execute("COMMIT")
    part.close()
    return path


def _insert(db: sqlite3.Connection, root: Path, built: Iterable[FileRows], base: int) -> None:
    """Write the rows of ``built`` files, numbering rows from ``base``, then the ids their
    records name (in SQL, from the rows just written)."""
    every = tables()
    batch: dict[str, list[tuple[object, ...]]] = {}
    next_rid = [base]
    for rows in built:
        _file_rows(rows, every, next_rid, batch, root)
        if sum(len(v) for v in batch.values()) > 50_000:
            _flush(db, batch)
    _flush(db, batch)
    for statement in _references():
        db.execute(statement, (base,))


@cache
def _references() -> list[str]:
    """INSERT statements filling ``refs`` from the record rows numbered from ``?``: every id
    a record (children included) names, with its field path as ``check`` says it
    (``about[0]``, ``appearances[1].via[0]``). An id naming the record itself is left out:
    that is a problem of its own (a claim related to itself), found with the record."""
    statements = []
    for tbl in tables().values():
        for child in (None, *tbl.children):
            source = child or tbl
            assert not source.children or child is None, "one level of children"
            rows = (f"{child.name} x JOIN {tbl.name} t ON t.rid = x.parent" if child
                    else f"{tbl.name} t")
            at = f"'{child.field}[' || (x.position - 1) || '].' || " if child else ""
            value = "x" if child else "t"
            for column in source.columns:
                if column.ref is None or column.field is None:
                    continue
                cell = f'{value}."{column.name}"'
                if column.type == "list":
                    path, ref, joins = f"'{column.name}[' || j.key || ']'", "j.value", \
                        f", json_each({cell}) j"
                else:
                    path, ref, joins = f"'{column.name}'", cell, ""
                own = f" AND {ref} != t.id" if column.ref == tbl.name else ""
                statements.append(
                    f"INSERT INTO refs SELECT t.rid, '{tbl.name}', t.file, t.n, {at}{path}, "
                    f"'{column.ref}', {ref}, 0 FROM {rows}{joins} "
                    f"WHERE {value}.rid >= ? AND {ref} IS NOT NULL{own}")
    return statements


def _flush(db: sqlite3.Connection, batch: dict[str, list[tuple[object, ...]]]) -> None:
    for name, values in batch.items():
        if values:
            marks = ", ".join("?" * len(values[0]))
            db.executemany(f"INSERT INTO {name} VALUES ({marks})", values)
    batch.clear()


def _file_rows(rows: FileRows, every: dict[str, Table], next_rid: list[int],
               batch: dict[str, list[tuple[object, ...]]], root: Path) -> None:
    name = rows.name
    info = stat_key(root / name)[1]
    load_problems = len(rows.problems) + (rows.unreadable is not None)
    batch.setdefault("files", []).append(
        (name, *rows.key, racy(info, time.time_ns()), load_problems))
    if rows.unreadable is not None:
        batch.setdefault("problems", []).append((name, "", rows.unreadable, "file", 1))
        return
    batch.setdefault("problems", []).extend(
        (name, path, message, code, line) for path, message, code, line in rows.problems)
    batch.setdefault("broken", []).extend((name, t, i) for t, i in rows.broken)
    rid_of: dict[tuple[str, int], int] = {}
    for table, records in rows.records.items():
        extras = rows.extras.get(table)
        for index, (n, values) in enumerate(records):
            rid = rid_of[(table, n)] = next_rid[0]
            next_rid[0] += 1
            tail = extras[index] if extras is not None else ()
            if table == "unclaimed" and (table, n, 0) in rows.quotes:
                tail = rows.quotes[(table, n, 0)]
            batch.setdefault(table, []).append((rid, name, n, 1, *values, *tail))
    for child_name, items in rows.children.items():
        parent_table = _parent_of(every, child_name)
        blank = (None,) * len(ENGINE_COLUMNS.get(child_name, ()))
        for parent_n, parent_id, position, values in items:
            engine = rows.quotes.get((parent_table, parent_n, position), blank) \
                if child_name == "appearances" else blank
            batch.setdefault(child_name, []).append(
                (next_rid[0], name, rid_of[(parent_table, parent_n)], parent_id, position, 1,
                 *values, *engine))
            next_rid[0] += 1
    batch.setdefault("actor_names", []).extend(
        (rid_of[("actors", n)], name, actor_name) for n, actor_name in rows.names)
    for derived, produced in rows.derived.items():
        batch.setdefault(derived, []).extend(
            (rid_of[(table, n)], name, *values) for table, n, values in produced)
    batch.setdefault("search", []).extend(
        (rid_of[("claims", n)], name, haystack) for n, haystack in rows.search)



def _parent_of(every: dict[str, Table], child: str) -> str:
    return next(t.name for t in every.values() if child in (c.name for c in t.children))
