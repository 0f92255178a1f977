"""What the index works out from rows of several files, kept up to date after a change.

After the rows of changed files are written, only what they can affect is worked out
again: which record of a duplicated id counts (``relive``), which ids name nothing
(``redangle``), quotes and words whose text may differ (``refresh_quotes``), and the
findings of the registered rules for the claims whose findings depend on what changed
(``refresh_findings``, asking the registry). ``Touched`` says what a change touched.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

import attrs

from claimtrack.index import registry
from claimtrack.index.keys import racy, stat_key
from claimtrack.index.texts import quote_hits_many, read_text, text_sha
from claimtrack.schema import tables

__all__ = [
    "Touched",
    "redangle",
    "refresh_findings",
    "refresh_quotes",
    "refresh_texts",
    "relive",
    "seen_before",
    "touched_after",
    "touched_before",
]


@attrs.define
class Touched:
    """The ids a change took away or brought, and whom it concerns beyond them."""

    ids: dict[str, set[str]] = attrs.Factory(dict)
    """Record table -> ids of records written or removed (broken ones included)."""
    partners: set[str] = attrs.Factory(set)
    """Claims the removed records were related to."""
    documents: set[str] = attrs.Factory(set)
    """Documents removed or written."""

    def add(self, table: str, ids: Iterable[str]) -> None:
        """Note ids of ``table`` (only tables whose records have ids)."""
        if table in self.ids:
            self.ids[table].update(ids)


def _temp(db: sqlite3.Connection, name: str, columns: str,
          rows: Iterable[tuple[object, ...]]) -> None:
    """A temporary table ``name`` (``columns`` as in CREATE TABLE) holding ``rows``."""
    db.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} ({columns})")
    db.execute(f"DELETE FROM {name}")
    rows = list(rows)
    if rows:
        marks = ", ".join("?" * len(rows[0]))
        db.executemany(f"INSERT OR IGNORE INTO {name} VALUES ({marks})", rows)


def touched_before(db: sqlite3.Connection, files: set[str], *, everything: bool = False
                   ) -> Touched:
    """What the rows about to be taken out of ``files`` held (recorded in temp tables,
    ``temp.old_<table>`` for each derived table, unless ``everything`` is read again)."""
    touched = Touched({name: set() for name, t in tables().items() if "id" in t.names})
    _temp(db, "dirty_files", "name TEXT PRIMARY KEY", ((f,) for f in files))
    _collect(db, touched)
    touched.partners.update(i for (i,) in db.execute(
        "SELECT target FROM relations WHERE file IN (SELECT name FROM dirty_files)"))
    for name in registry.tables():
        db.execute(f"CREATE TEMP TABLE IF NOT EXISTS old_{name} AS SELECT * FROM {name} "
                   "WHERE 0")
        db.execute(f"DELETE FROM temp.old_{name}")
        if not everything:
            db.execute(f"INSERT INTO temp.old_{name} SELECT * FROM {name} "
                       "WHERE file IN (SELECT name FROM temp.dirty_files)")
    _temp(db, "old_claims", "rid INTEGER PRIMARY KEY, id TEXT, claimant TEXT, live INTEGER", ())
    if not everything:
        db.execute("INSERT INTO temp.old_claims SELECT rid, id, claimant, live FROM claims "
                   "WHERE file IN (SELECT name FROM temp.dirty_files)")
    for table, values in _SEEN.items():
        _temp(db, f"was_{table}", "id TEXT PRIMARY KEY, seen TEXT", ())
        if not everything:
            db.execute(f"INSERT OR IGNORE INTO temp.was_{table} SELECT id, {values} "
                       f"FROM {table} WHERE live AND id IN (SELECT id FROM {table} "
                       "WHERE file IN (SELECT name FROM temp.dirty_files))")
    return touched


_SEEN = {"actors": "json_array(name, kind, affiliation)",
         "documents": "json_array(voice, publisher, title, text)"}
"""What the rules may read of an actor or a document: when it is the same after a change,
the record did not change for them (an edit of actors.toml rewrites every actor in it)."""


def seen_before(db: sqlite3.Connection) -> None:
    """Note, for ids the dirty files hold now and did not before, the record other files
    gave them: called after the new rows are written, before ``relive`` moves ``live``."""
    for table, values in _SEEN.items():
        db.execute(f"INSERT OR IGNORE INTO temp.was_{table} SELECT id, {values} FROM {table} "
                   "WHERE live AND file NOT IN (SELECT name FROM temp.dirty_files) "
                   f"AND id IN (SELECT id FROM {table} WHERE file IN "
                   "(SELECT name FROM temp.dirty_files))")


def _changed(db: sqlite3.Connection, table: str, ids: Iterable[str]) -> list[str]:
    """The ids among ``ids`` whose live record reads differently than before the change."""
    _temp(db, "asked_ids", "id TEXT PRIMARY KEY", ((i,) for i in ids))
    return [i for (i,) in db.execute(
        f"SELECT a.id FROM temp.asked_ids a LEFT JOIN temp.was_{table} w ON w.id = a.id "
        f"LEFT JOIN (SELECT id, {_SEEN[table]} AS seen FROM {table} WHERE live) n "
        "ON n.id = a.id WHERE w.seen IS NOT n.seen")]


def touched_after(db: sqlite3.Connection, touched: Touched) -> None:
    """Add what the rows just written into the dirty files hold."""
    _collect(db, touched)


def _collect(db: sqlite3.Connection, touched: Touched) -> None:
    dirty = "file IN (SELECT name FROM dirty_files)"
    for table in touched.ids:
        touched.add(table, (i for (i,) in db.execute(f"SELECT id FROM {table} WHERE {dirty}")))
    for table, record_id in db.execute(f"SELECT tbl, id FROM broken WHERE {dirty}").fetchall():
        touched.add(table, (record_id,))
    touched.documents.update(touched.ids.get("documents", ()))


# -- duplicates and references ------------------------------------------------------------


def relive(db: sqlite3.Connection, touched: Touched, *, everything: bool = False) -> None:
    """Mark the first record of each id (in file order) live, later duplicates dead.

    With ``everything`` (every file was read again) each table is looked at whole, without
    listing its ids first.
    """
    for table, ids in touched.ids.items():
        if everything:
            scope = "1"
        elif not ids:
            continue
        else:
            _temp(db, "touched_ids", "id TEXT PRIMARY KEY", ((i,) for i in ids))
            scope = "id IN (SELECT id FROM touched_ids)"
        suspects = [i for (i,) in db.execute(
            f"SELECT id FROM {table} WHERE {scope} "
            "GROUP BY id HAVING count(*) > 1 OR min(live) = 0")]
        for record_id in suspects:
            rids = [r for (r,) in db.execute(
                f"SELECT rid FROM {table} WHERE id = ? ORDER BY file, n", (record_id,))]
            db.execute(f"UPDATE {table} SET live = (rid = ?) WHERE id = ?",
                       (rids[0], record_id))
            for child in tables()[table].children:
                db.execute(f"UPDATE {child.name} SET live = (parent = ?) WHERE parent IN "
                           f"(SELECT rid FROM {table} WHERE id = ?)", (rids[0], record_id))


_FOUND = {
    table: f"trim(ref) != '' AND (EXISTS (SELECT 1 FROM {table} t WHERE t.id = ref "
           f"AND t.live) OR EXISTS (SELECT 1 FROM broken b WHERE b.tbl = '{table}' "
           "AND b.id = ref))"
    for table in ("actors", "documents", "claims")}
_FOUND["evidence"] = ("instr(ref, '://') > 0 OR EXISTS (SELECT 1 FROM claims t "
                      "WHERE t.id = ref AND t.live)")
"""When an id a record names names something: a live record, or one that failed to load
(its own problem is reported; a reference to it is not dangling). Evidence is a claim id
or a URL."""


def redangle(db: sqlite3.Connection, touched: Touched, *, everything: bool) -> None:
    """Work out again whether each id names nothing, for the files that changed and for
    the ids that appeared or went away anywhere."""
    if everything:
        scope = "1"
    else:
        pairs = [(table, i) for table, ids in touched.ids.items() for i in ids]
        pairs += [("evidence", i) for i in touched.ids.get("claims", ())]
        _temp(db, "touched_refs", "target TEXT, ref TEXT, PRIMARY KEY (target, ref)", pairs)
        _temp(db, "redo_refs", "id INTEGER PRIMARY KEY", ())
        db.execute("INSERT OR IGNORE INTO redo_refs SELECT rowid FROM refs "
                   "WHERE file IN (SELECT name FROM dirty_files)")
        db.execute("INSERT OR IGNORE INTO redo_refs SELECT r.rowid FROM touched_refs t "
                   "CROSS JOIN refs r ON r.target = t.target AND r.ref = t.ref")
        scope = "rowid IN (SELECT id FROM temp.redo_refs)"
    found = "CASE target " + " ".join(f"WHEN '{t}' THEN ({f})" for t, f in _FOUND.items()) \
        + " END"
    # Rows are written only where the answer changes (new refs start as found).
    db.execute(f"UPDATE refs SET dangling = 1 WHERE {scope} AND NOT dangling "
               f"AND NOT ({found})")
    db.execute(f"UPDATE refs SET dangling = 0 WHERE {scope} AND dangling AND ({found})")


# -- document texts, the quotes in them, a claimant's own words ---------------------------


def refresh_texts(db: sqlite3.Connection, root: Path) -> set[str]:
    """Read again document texts whose files changed; the paths whose sha256 changed."""
    wanted = {path for (path,) in db.execute(
        "SELECT DISTINCT text FROM documents WHERE live AND text IS NOT NULL")}
    known = {row[0]: (tuple(row[1:5]), row[5], row[6]) for row in db.execute(
        "SELECT path, size, mtime_ns, ctime_ns, ino, sha256, racy FROM texts")}
    changed: set[str] = set()
    for path in set(known) - wanted:
        db.execute("DELETE FROM texts WHERE path = ?", (path,))
        changed.add(path)
    for path in sorted(wanted):
        key, info = stat_key(root / path)
        old = known.get(path)
        if old is not None and old[0] == key and not old[2]:
            continue
        now = time.time_ns()
        sha, error = text_sha(root, path)
        if old is None or old[1] != sha:
            changed.add(path)
        db.execute("INSERT OR REPLACE INTO texts VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   (path, *key, sha, racy(info, now), error))
    return changed


def refresh_quotes(db: sqlite3.Connection, root: Path, touched: Touched,
                   texts: set[str]) -> None:
    """Look quotes (and claims' own words) up again where their text may have changed."""
    _temp(db, "dirty_docs", "id TEXT PRIMARY KEY", ((i,) for i in touched.documents))
    _temp(db, "changed_texts", "path TEXT PRIMARY KEY", ((t,) for t in texts))
    if texts:
        db.execute(f"INSERT OR IGNORE INTO dirty_docs SELECT id FROM documents "
                   f"WHERE text IN ({', '.join('?' * len(texts))})", sorted(texts))
    # Only quotes last looked up in another version of their text (or never) are looked
    # up again; the workers that read a file did those whose document it defines.
    cache: dict[str, str | None] = {}
    for table, prefix, suffix in (("appearances", "x.prefix", "x.suffix"),
                                  ("unclaimed", "''", "''")):
        updates: list[tuple[int | None, int | None, str | None, int]] = []
        wanted: dict[str, list[tuple[int, str, tuple[str, str, str]]]] = {}
        for rid, quote, pre, suf, path, sha in db.execute(
                f"SELECT x.rid, x.quote, {prefix}, {suffix}, d.text, t.sha256 FROM {table} x "
                "LEFT JOIN documents d ON d.id = x.document AND d.live "
                "LEFT JOIN texts t ON t.path = d.text "
                "WHERE (x.file IN (SELECT name FROM dirty_files) "
                "OR x.document IN (SELECT id FROM dirty_docs)) "
                "AND x.text_sha IS NOT t.sha256").fetchall():
            text = _text(cache, root, path) if sha is not None else None
            if text is None:
                updates.append((None, None, None, rid))
            else:
                wanted.setdefault(path, []).append((rid, sha, (quote or "", pre or "",
                                                               suf or "")))
        for path, found in wanted.items():
            hits = quote_hits_many(cache[path] or "", [quote for _, _, quote in found])
            updates.extend((count, loose, sha, rid) for (rid, sha, _), (count, loose)
                           in zip(found, hits, strict=True))
        db.executemany(f"UPDATE {table} SET hits = ?, loose = ?, text_sha = ? WHERE rid = ?",
                       updates)
    _refresh_words(db, root, cache)


def _text(cache: dict[str, str | None], root: Path, path: str | None) -> str | None:
    if path is None:
        return None
    if path not in cache:
        cache[path] = read_text(root, path)
    return cache[path]


def _refresh_words(db: sqlite3.Connection, root: Path, cache: dict[str, str | None]) -> None:
    """For claims with ``words`` (or a basis quote), which of them none of the claim's
    documents contains."""
    rows = db.execute(
        "SELECT c.rid, c.words, c.basis_quote, c.words_key, "
        "(SELECT json_group_array(COALESCE(t.sha256, '')) FROM json_each(c.documents) j "
        " LEFT JOIN documents d ON d.id = j.value AND d.live "
        " LEFT JOIN texts t ON t.path = d.text), "
        "(SELECT json_group_array(COALESCE(d.text, '')) FROM json_each(c.documents) j "
        " LEFT JOIN documents d ON d.id = j.value AND d.live) "
        "FROM claims c WHERE (c.words != '[]' OR c.basis_quote IS NOT NULL) "
        "AND (c.file IN (SELECT name FROM dirty_files) "
        "OR c.rid IN (SELECT parent FROM appearances WHERE document IN "
        "(SELECT id FROM dirty_docs)))").fetchall()
    updates = []
    for rid, words, basis, old_key, key, paths in rows:
        if key == old_key:
            continue
        texts = [t for p, s in zip(json.loads(paths), json.loads(key), strict=True)
                 if s and (t := _text(cache, root, p)) is not None]
        missing = [i for i, w in enumerate(json.loads(words))
                   if texts and not any(w in t for t in texts)]
        found = None if basis is None or not texts else int(any(basis in t for t in texts))
        updates.append((json.dumps(missing), found, key, rid))
    db.executemany("UPDATE claims SET words_missing = ?, basis_found = ?, words_key = ? "
                   "WHERE rid = ?", updates)


# -- findings of the registered rules --------------------------------------------------------

_OWN: dict[str, tuple[str, str]] = {
    "claim": ("", "SELECT rid FROM claims WHERE file IN (SELECT name FROM temp.dirty_files) "
                  "UNION SELECT c.rid FROM temp.changed_claims t CROSS JOIN claims c "
                  "ON c.id = t.id"),
    "actors": ("changed_actors", "SELECT r.parent FROM temp.changed_actors t CROSS JOIN refs r "
                                 "ON r.target = 'actors' AND r.ref = t.id WHERE r.tbl = 'claims'"),
    "documents": ("changed_documents", "SELECT p.parent FROM temp.changed_documents t "
                                       "CROSS JOIN appearances p ON p.document = t.id"),
    "groups": ("members", "SELECT r.parent FROM temp.members t CROSS JOIN refs r "
                          "ON r.target = 'actors' AND r.ref = t.id WHERE r.tbl = 'claims' "
                          "AND (r.path = 'claimant' OR r.path LIKE 'about[%')"),
}
"""The claims each of the index's own dependencies (but ``relations``) says a change
concerns, and the table of what changed it reads (none to read: none concerned). The
claims naming an actor are found through ``refs``, which holds every id a record names;
``relations`` adds the claims related either way to all of those."""

_MEMBERS = """
WITH RECURSIVE down(id) AS (
  SELECT id FROM temp.changed_actors
  UNION SELECT a.id FROM actors a JOIN down ON a.affiliation = down.id WHERE a.live)
INSERT OR IGNORE INTO temp.members SELECT id FROM down
"""
"""The changed actors and every actor affiliated with one of them, down the chain."""


def refresh_findings(db: sqlite3.Connection, touched: Touched, *, everything: bool) -> None:
    """Judge again, with every registered rule, the claims its findings depend on that a
    change concerns (every claim with ``everything``)."""
    rules = registry.finding_rules()
    if everything:
        db.execute("DELETE FROM findings")
        for rule in rules.values():
            _judge(db, rule, "1")
        return
    _temp(db, "changed_claims", "id TEXT PRIMARY KEY",
          ((i,) for i in touched.ids.get("claims", ())))
    _temp(db, "changed_actors", "id TEXT PRIMARY KEY",
          ((i,) for i in _changed(db, "actors", touched.ids.get("actors", ()))))
    _temp(db, "changed_documents", "id TEXT PRIMARY KEY",
          ((i,) for i in _changed(db, "documents", touched.ids.get("documents", ()))))
    db.execute("INSERT OR IGNORE INTO temp.changed_documents SELECT id FROM documents "
               "WHERE text IN (SELECT path FROM temp.changed_texts)")
    _temp(db, "members", "id TEXT PRIMARY KEY", ())
    db.execute(_MEMBERS)
    registered = registry.dependencies()
    wanted = {name for rule in rules.values() for name in rule.depends_on}
    for name in sorted(wanted - {"relations"}):
        changes, select = _OWN[name] if name in _OWN else ("", registered[name].select)
        _temp(db, f"dep_{name}", "rid INTEGER PRIMARY KEY", ())
        if not changes or db.execute(f"SELECT 1 FROM temp.{changes} LIMIT 1").fetchone():
            db.execute(f"INSERT OR IGNORE INTO temp.dep_{name} {select}")
    if "relations" in wanted:
        _related(db, sorted(wanted - {"relations"}), touched)
    for rule in rules.values():
        _temp(db, "judged", "rid INTEGER PRIMARY KEY", ())
        for name in sorted(rule.depends_on):
            db.execute(f"INSERT OR IGNORE INTO temp.judged SELECT rid FROM temp.dep_{name}")
        db.execute("DELETE FROM findings WHERE rowid IN (SELECT f.rowid FROM temp.judged j "
                   "CROSS JOIN findings f ON f.parent = j.rid WHERE f.rule = ?)", (rule.name,))
        _judge(db, rule, "c.rid IN (SELECT rid FROM temp.judged)")


def _related(db: sqlite3.Connection, others: list[str], touched: Touched) -> None:
    """``dep_relations``: the claims related either way to a claim any other dependency
    names, to a claim of a changed id, or (before the change) to a record taken away."""
    _temp(db, "near_ids", "id TEXT PRIMARY KEY",
          ((i,) for i in touched.partners | touched.ids.get("claims", set())))
    for name in others:
        db.execute("INSERT OR IGNORE INTO temp.near_ids SELECT id FROM claims WHERE rid IN "
                   f"(SELECT rid FROM temp.dep_{name})")
    db.execute("INSERT OR IGNORE INTO temp.near_ids SELECT target FROM relations "
               "WHERE file IN (SELECT name FROM temp.dirty_files)")
    _temp(db, "dep_relations", "rid INTEGER PRIMARY KEY", ())
    # Both ends: a denial's claimant names the denied claim's reason, a supporter's group
    # decides whether support is independent.
    db.execute("INSERT OR IGNORE INTO temp.dep_relations "
               "SELECT parent FROM relations WHERE target IN (SELECT id FROM temp.near_ids) "
               "UNION SELECT c.rid FROM relations r JOIN claims c ON c.id = r.target "
               "WHERE r.claim IN (SELECT id FROM temp.near_ids) "
               "UNION SELECT rid FROM claims WHERE id IN (SELECT id FROM temp.near_ids)")


def _judge(db: sqlite3.Connection, rule: registry.FindingRule, scope: str) -> None:
    """Write the findings ``rule`` makes on the live claims ``scope`` keeps."""
    db.execute("INSERT INTO findings (parent, file, rule, seq, reason) "
               "SELECT f.rid, c.file, ?, f.seq, f.reason "
               f"FROM ({rule.select(scope)}) f JOIN claims c ON c.rid = f.rid",
               (rule.name,))
