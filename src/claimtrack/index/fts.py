"""Full-text search over every text of a claim: SQLite FTS5, ranked by BM25.

``claim_search`` holds, per live claim (rowid = the claim's ``rid``), its statement, its
quotes, its claimant's own words and the notes of its reviews (a fact-check's headline and
text). It is derived and kept in step by ``sync``: each row is stamped with the digest of
the file its claim was read from, so a sync after a one-file edit replaces only that
file's claims (``STALE``, ``FRESH``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

__all__ = ["COLUMNS", "FRESH", "STALE", "current", "mark", "search", "sync"]

COLUMNS = ("statement", "quotes", "words", "reviews")
"""The texts of a claim that are searched, in the order of BM25's column weights."""

_TABLES = (f"""
CREATE VIRTUAL TABLE IF NOT EXISTS claim_search USING fts5(
    {", ".join(COLUMNS)}, tokenize = 'porter unicode61 remove_diacritics 2')
""", """
CREATE TABLE IF NOT EXISTS claim_search_rows (rid INTEGER PRIMARY KEY, stamp TEXT)
""")

STALE = """
NOT EXISTS (SELECT 1 FROM claims c JOIN files f ON f.name = c.file
            WHERE c.rid = {table}.rid AND c.live AND f.sha256 IS {table}.stamp)
"""
"""Whether a derived row of a claim is stale: its claim is gone, or its file has changed
since (a row number can be reused by the file's new rows, so the file's digest, stamped on
the row, says whether the row is still that claim's)."""

FRESH = """
SELECT c.rid, f.sha256 FROM claims c JOIN files f ON f.name = c.file
WHERE c.live AND c.rid NOT IN (SELECT rid FROM {table})
"""
"""The live claims a derived table has no row for yet, with their file's digest."""


def current(db: sqlite3.Connection, name: str) -> bool:
    """Whether the derived table ``name`` was brought in step at the index's current
    generation (then nothing changed since: a warm query skips the work)."""
    db.execute("CREATE TABLE IF NOT EXISTS derived_at (name TEXT PRIMARY KEY, "
               "generation INTEGER)")
    found = db.execute("SELECT d.generation = CAST(m.value AS INTEGER) FROM derived_at d, "
                       "meta m WHERE d.name = ? AND m.name = 'generation'", (name,)).fetchone()
    return bool(found and found[0])


def mark(db: sqlite3.Connection, name: str) -> None:
    """Record that ``name`` is in step with the index's current generation."""
    db.execute("INSERT OR REPLACE INTO derived_at (name, generation) SELECT ?, "
               "CAST(value AS INTEGER) FROM meta WHERE name = 'generation'", (name,))


def sync(db: sqlite3.Connection) -> None:
    """Bring ``claim_search`` in step with the live claims (inside the caller's
    transaction, or its own)."""
    if current(db, "claim_search"):
        return
    for table in _TABLES:
        db.execute(table)
    db.execute("DELETE FROM claim_search WHERE rowid IN (SELECT rid FROM claim_search_rows "
               f"WHERE {STALE.format(table='claim_search_rows')})")
    db.execute(f"DELETE FROM claim_search_rows WHERE {STALE.format(table='claim_search_rows')}")
    db.execute("CREATE TEMP TABLE IF NOT EXISTS fresh_search (rid INTEGER PRIMARY KEY, "
               "stamp TEXT)")
    db.execute("DELETE FROM fresh_search")
    db.execute("INSERT INTO fresh_search " + FRESH.format(table="claim_search_rows"))
    # A row left without its stamp (an index an older claimtrack filled) is replaced.
    db.execute("DELETE FROM claim_search WHERE rowid IN (SELECT rid FROM fresh_search)")
    db.execute(
        "INSERT INTO claim_search (rowid, statement, quotes, words, reviews) "
        "SELECT c.rid, c.statement, "
        "(SELECT group_concat(quote, ' ') FROM appearances p WHERE p.parent = c.rid), "
        "(SELECT group_concat(value, ' ') FROM json_each(c.words)), "
        "(SELECT group_concat(note, ' ') FROM reviews v WHERE v.parent = c.rid) "
        "FROM claims c JOIN fresh_search n ON n.rid = c.rid")
    db.execute("INSERT INTO claim_search_rows SELECT rid, stamp FROM fresh_search")
    mark(db, "claim_search")


def search(db: sqlite3.Connection, query: str, *, weights: Sequence[float],
           limit: int) -> list[tuple[int, float]]:
    """(rid, score) of the claims matching the FTS5 ``query``, best first; the score is
    BM25 with the columns weighted by ``weights`` (higher is better)."""
    if not query:
        return []
    marks = ", ".join("?" for _ in COLUMNS)
    return [(rid, -score) for rid, score in db.execute(
        f"SELECT rowid, bm25(claim_search, {marks}) AS s FROM claim_search "
        "WHERE claim_search MATCH ? ORDER BY s LIMIT ?", (*weights, query, limit))]
