"""A SQLite database ready for Datasette: keys, indexes, a claims view and full-text search."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from claimtrack.dataset import Dataset
from claimtrack.export.table import TABLES, Value, rows
from claimtrack.model import Claim

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
CREATE INDEX claims_claimant ON claims(claimant);
CREATE INDEX claims_status ON claims(status);
CREATE INDEX relations_target ON relations(target);
CREATE VIEW claims_view AS
  SELECT c.id, c.statement, c.claimant, a.name AS claimant_name, c.status, c.reviewed,
         c.kind, c.framing, c.made, c.occurred, c.quote, c.dossier
  FROM claims c LEFT JOIN actors a ON a.id = c.claimant;
CREATE VIRTUAL TABLE claims_fts USING fts5(statement, quote, content="claims",
  content_rowid="rowid");
INSERT INTO claims_fts(rowid, statement, quote) SELECT rowid, statement, quote FROM claims;
"""


def _columns(table: str) -> list[tuple[str, str]]:
    if table == "aliases":
        return [("actor", "TEXT NOT NULL"), ("alias", "TEXT NOT NULL")]
    out = []
    for column in TABLES[table]:
        if column.name in _DERIVED.get(table, ()):
            continue
        kind = "INTEGER" if column.type == "integer" else "TEXT"
        out.append((column.name, kind))
    return out


def _sql(value: Value) -> str | int | None:
    return json.dumps(list(value), ensure_ascii=False) if isinstance(value, tuple) else value


def write_sqlite(dataset: Dataset, claims: Sequence[Claim], path: Path) -> None:
    """Write the database to ``path`` (which must not exist yet); lists are JSON arrays."""
    kept = {c.id for c in claims}
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        for table in _ORDER:
            columns = _columns(table)
            spec = ", ".join(f'"{n}" {t}' for n, t in columns)
            connection.execute(f"CREATE TABLE {table} ({spec}, {', '.join(_KEYS[table])})")
        with connection:
            for table in _ORDER:
                names = [n for n, _ in _columns(table)]
                data: list[tuple[str | int | None, ...]]
                if table == "aliases":
                    data = [(a.id, alias) for a in dataset.actors.values()
                            for alias in dict.fromkeys(a.aliases)]
                else:
                    data = [tuple(_sql(row[n]) for n in names)
                            for row in rows(dataset, table, claims)
                            if table != "relations" or row["target"] in kept]
                marks = ", ".join("?" for _ in names)
                connection.executemany(f"INSERT INTO {table} VALUES ({marks})", data)
            connection.executescript(_EXTRA)
    finally:
        connection.close()
