"""A SQLite database ready for Datasette: keys, indexes, a claims view and full-text search.

Made from the index itself: the public tables are created in an attached database and
filled with ``INSERT … SELECT``, so no row passes through Python.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from claimtrack.rows import columns

if TYPE_CHECKING:
    from claimtrack.index import Index
    from claimtrack.select import Selection

__all__ = ["write_sqlite"]

_KEYS = {
    "actors": ("PRIMARY KEY (id)", "FOREIGN KEY (affiliation) REFERENCES actors(id)"),
    "aliases": ("PRIMARY KEY (actor, alias)", "FOREIGN KEY (actor) REFERENCES actors(id)"),
    "documents": ("PRIMARY KEY (id)",),
    "claims": ("PRIMARY KEY (id)", "FOREIGN KEY (claimant) REFERENCES actors(id)"),
    "appearances": ("PRIMARY KEY (claim, position)",
                    "FOREIGN KEY (claim) REFERENCES claims(id)",
                    "FOREIGN KEY (document) REFERENCES documents(id)"),
    "relations": ("PRIMARY KEY (claim, type, target)",
                  "FOREIGN KEY (claim) REFERENCES claims(id)",
                  "FOREIGN KEY (target) REFERENCES claims(id)"),
    "reviews": ("PRIMARY KEY (claim, position)", "FOREIGN KEY (claim) REFERENCES claims(id)"),
}
_ORDER = ("actors", "aliases", "documents", "claims", "appearances", "relations", "reviews")
_DERIVED = {"claims": {"claimant_name"}}

_EXTRA = """
CREATE INDEX out.claims_claimant ON claims(claimant);
CREATE INDEX out.claims_status ON claims(status);
CREATE INDEX out.relations_target ON relations(target);
CREATE VIEW out.claims_view AS
  SELECT c.id, c.statement, c.claimant, a.name AS claimant_name, c.status, c.reviewed,
         c.kind, c.framing, c.attribution, c.via, c.cue, c.made, c.occurred, c.quote,
         c.dossier
  FROM claims c LEFT JOIN actors a ON a.id = c.claimant;
CREATE VIRTUAL TABLE out.claims_fts USING fts5(statement, quote, content="claims",
  content_rowid="rowid");
INSERT INTO out.claims_fts(rowid, statement, quote) SELECT rowid, statement, quote
  FROM out.claims;
"""


def _columns(table: str) -> list[tuple[str, str]]:
    if table == "aliases":
        return [("actor", "TEXT NOT NULL"), ("alias", "TEXT NOT NULL")]
    return [(c.name, "INTEGER" if c.type == "integer" else "TEXT") for c in columns(table)
            if c.name not in _DERIVED.get(table, ())]


def write_sqlite(index: Index, selection: Selection, path: Path) -> None:
    """Write the database of the claims ``selection`` keeps to ``path`` (which must not
    exist)."""
    db = index.db
    db.execute("ATTACH DATABASE ? AS out", (str(path),))
    try:
        db.execute("BEGIN")
        for table in _ORDER:
            spec = ", ".join(f'"{n}" {t}' for n, t in _columns(table))
            db.execute(f"CREATE TABLE out.{table} ({spec}, {', '.join(_KEYS[table])})")
        for table in _ORDER:
            _fill(db, table, selection)
        for statement in _EXTRA.split(";"):
            if statement.strip():
                db.execute(statement)
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    finally:
        db.execute("DETACH DATABASE out")


def _fill(db: sqlite3.Connection, table: str, selection: Selection) -> None:
    if table == "aliases":
        # An actor listing one alias twice gives one row.
        db.execute("INSERT OR IGNORE INTO out.aliases SELECT a.id, j.value FROM actors a, "
                   "json_each(a.aliases) j WHERE a.live ORDER BY a.file, a.n, j.key")
        return
    names = [n for n, _ in _columns(table)]
    from claimtrack.select import Query, compile_query

    compiled = compile_query(Query(selection=selection, view=table, columns=tuple(names)))
    sql, values = compiled.sql, compiled.params
    if table == "relations":
        sql = f"SELECT * FROM ({sql}) WHERE target IN (SELECT id FROM out.claims)"
    # A relation written twice (a problem `check` reports) is exported once.
    db.execute(f"INSERT OR IGNORE INTO out.{table} ({', '.join(names)}) {sql}", values)
