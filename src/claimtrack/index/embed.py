"""Sentence embeddings of claims, kept in the index by the hash of the text embedded.

The index stores vectors; it does not compute them (that is the matcher's model,
``claimtrack.match.encoder``). ``claim_texts`` gives each live claim (by ``rid``) the hash
of its statement, kept in step by ``sync`` for the claims of changed files only;
``embeddings`` holds a vector per (model, hash). So a vector survives a claim's file being
read again, a claim being renamed or moved, and is computed once for a text many claims
share: ``pending`` lists the texts that still need one, ``store`` keeps them, ``vectors``
reads them.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Sequence

from claimtrack.index.fts import FRESH, STALE, current, mark

__all__ = ["digest", "pending", "store", "sync", "vectors"]

_TABLES = ("""
CREATE TABLE IF NOT EXISTS embeddings (
    model TEXT NOT NULL, hash TEXT NOT NULL, vector BLOB NOT NULL,
    PRIMARY KEY (model, hash)) WITHOUT ROWID
""", """
CREATE TABLE IF NOT EXISTS claim_texts (rid INTEGER PRIMARY KEY, hash TEXT NOT NULL,
    stamp TEXT)
""")


def digest(text: str) -> str:
    """The key of a text's vector."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def sync(db: sqlite3.Connection) -> None:
    """Bring ``claim_texts`` in step with the live claims, hashing new rows only."""
    if current(db, "claim_texts"):
        return
    columns = {row[1] for row in db.execute("PRAGMA table_info(claim_texts)")}
    if columns and "stamp" not in columns:  # kept by an earlier claimtrack: derived, so redone
        db.execute("DROP TABLE claim_texts")
    for table in _TABLES:
        db.execute(table)
    db.execute(f"DELETE FROM claim_texts WHERE {STALE.format(table='claim_texts')}")
    new = db.execute("SELECT n.rid, n.sha256, c.statement FROM (" + FRESH.format(
        table="claim_texts") + ") n JOIN claims c ON c.rid = n.rid").fetchall()
    db.executemany("INSERT INTO claim_texts (rid, hash, stamp) VALUES (?, ?, ?)",
                   ((rid, digest(text), stamp) for rid, stamp, text in new))
    mark(db, "claim_texts")


def pending(db: sqlite3.Connection, model: str) -> list[tuple[str, str]]:
    """(hash, text) of each live claim's statement that has no vector for ``model``
    (after ``sync``), once per text."""
    found: dict[str, str] = {}
    for key, text in db.execute(
            "SELECT t.hash, c.statement FROM claim_texts t JOIN claims c ON c.rid = t.rid "
            "WHERE NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.model = ? "
            "AND e.hash = t.hash)", (model,)):
        found.setdefault(key, text)
    return list(found.items())


def store(db: sqlite3.Connection, model: str, rows: Iterable[tuple[str, bytes]]) -> None:
    """Keep the vectors (hash, float32 bytes) computed with ``model``."""
    db.executemany("INSERT OR REPLACE INTO embeddings (model, hash, vector) VALUES (?, ?, ?)",
                   ((model, key, vector) for key, vector in rows))


def vectors(db: sqlite3.Connection, model: str, rids: Sequence[int]) -> dict[int, bytes]:
    """The stored vector (float32 bytes) of each claim of ``rids`` that has one."""
    return dict(db.execute(
        "SELECT t.rid, e.vector FROM claim_texts t JOIN embeddings e ON e.hash = t.hash "
        "AND e.model = ? WHERE t.rid IN (SELECT value FROM json_each(?))",
        (model, json.dumps(list(rids)))))
