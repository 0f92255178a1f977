"""Answer from the index cache without building the whole dataset.

Loading 100,000 claims into objects takes longer than a fact-checker should wait for a
list. When every file of the folder is already in the index cache (see
``claimtrack.cache``) and the folder loads without problems, ``Warm`` answers ``list`` with
one SQL query over the cached rows, builds ``show``'s claim and its neighbours only, and
memoises the whole-folder answers of ``check`` and ``flags`` under a key of every file.
Every answer equals the one computed from the full dataset (the tests compare both ways);
when the folder has problems ``Warm.open`` returns None and callers load it in full.
"""

from __future__ import annotations

import datetime as dt
import json
import marshal
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimtrack.cache import IndexCache, Key, file_key, folder_key
from claimtrack.codec import decode_record
from claimtrack.dataset import Dataset, Origin, SourceFile
from claimtrack.files import UnreadableFileError, decode, read_bytes
from claimtrack.index import Index
from claimtrack.model import Actor, Claim, Document
from claimtrack.query import Selection
from claimtrack.toml_lines import LineMap

if TYPE_CHECKING:
    from claimtrack.check import CheckReport

__all__ = ["CacheFailedError", "Warm", "check_report", "sync"]

Row = dict[str, Any]


class CacheFailedError(Exception):
    """The index cache failed half-way; the caller answers from the full dataset instead."""


def sync(root: Path, store: IndexCache) -> dict[str, Key] | None:
    """Bring the index up to date with ``root``'s TOML files, parsing only changed ones.

    Returns every file's key by name, or None when a file cannot be read or decoded (the
    full load reports it).
    """
    paths = sorted(root.glob("*.toml"))
    known = store.keys()
    keys: dict[str, Key] = {}
    try:
        for path in paths:
            data = read_bytes(path)
            key = keys[path.name] = file_key(path, data)
            if known.get(path.name) != key:
                from claimtrack.records import parse_file  # cattrs: only for changed files

                text = decode(data).removeprefix("\ufeff")
                store.put(path, key, parse_file(text, LineMap(text)))
    except UnreadableFileError:
        store.commit()
        return None
    store.forget(set(known) - set(keys))
    store.commit()
    return keys


class Warm:
    """A sound claims folder, answered from its index cache."""

    def __init__(self, root: Path, store: IndexCache, keys: dict[str, Key]) -> None:
        self.root = root
        self.store = store
        self.keys = keys
        self._base: Dataset | None = None

    @classmethod
    def open(cls, root: Path) -> Warm | None:
        """The folder's warm view, or None when it has load problems or no usable cache."""
        store = IndexCache(root)
        keys = sync(root, store) if store.usable else None
        if keys is None or not store.usable or not _sound(store, keys):
            store.close()
            return None
        return cls(root, store, keys)

    def close(self) -> None:
        """Let go of the cache."""
        self.store.close()

    def discard(self) -> None:
        """Delete a cache found corrupt, so the next run builds a fresh one."""
        self.store.discard()

    # -- the dataset without its claims -------------------------------------------------

    def base(self) -> Dataset:
        """Actors and documents (few, and needed to resolve names); no claims."""
        if self._base is None:
            dataset = Dataset(root=self.root)
            for (row,) in self._rows("SELECT record FROM actors ORDER BY file, pos"):
                actor = _decode(row)
                if not isinstance(actor, Actor):
                    raise CacheFailedError("an actor row holds another record")
                dataset.actors[actor.id] = actor
            for (row,) in self._rows("SELECT record FROM documents ORDER BY file, pos"):
                document = _decode(row)
                if not isinstance(document, Document):
                    raise CacheFailedError("a document row holds another record")
                dataset.documents[document.id] = document
            self._base = dataset
        return self._base

    def index(self) -> Index:
        """Name lookups over the actors (the claims' edges are not loaded)."""
        return Index(self.base())

    # -- list -------------------------------------------------------------------------

    def claim_rows(self, selection: Selection | None = None,
                   columns: Sequence[str] | None = None) -> list[Row]:
        """The claims-table rows of the selected claims, in dataset order.

        With ``columns``, rows hold only those (known) columns: a list that prints seven
        columns of 40,000 claims need not build the other eleven.
        """
        from claimtrack.export.table import CLAIM_COLUMNS, TABLES

        wanted = [c for c in (columns or CLAIM_COLUMNS) if c in CLAIM_COLUMNS]
        lists = {c.name for c in TABLES["claims"] if c.type == "list"}
        fields = ", ".join("COALESCE(a.name, c.claimant)" if name == "claimant_name"
                           else f"c.{name}" for name in wanted)
        where, params = _where(selection)
        found = self._rows(f"SELECT {fields} FROM claims c LEFT JOIN actors a "
                           f"ON a.id = c.claimant {where} ORDER BY c.file, c.pos", params)
        rows = [dict(zip(wanted, values, strict=True)) for values in found]
        try:
            for name in lists.intersection(wanted):
                for row in rows:
                    row[name] = tuple(json.loads(row[name]))
        except (ValueError, TypeError) as error:
            raise CacheFailedError(f"corrupt list column: {error}") from None
        return rows

    def claim_ids(self, selection: Selection | None = None) -> list[str]:
        """The ids of the selected claims, in dataset order."""
        where, params = _where(selection)
        return [i for (i,) in self._rows(
            f"SELECT c.id FROM claims c {where} ORDER BY c.file, c.pos", params)]

    # -- show -------------------------------------------------------------------------

    def subset(self, claim_ids: Sequence[str]) -> Dataset | None:
        """The dataset cut down to ``claim_ids`` and the claims related to them either way.

        For those claims, ``Index(subset)`` sees exactly the edges of the full dataset, in
        the same order. None when an id is unknown (the caller suggests close ones).
        """
        wanted = set(claim_ids)
        found = {i for (i,) in self._rows(_in("SELECT id FROM claims WHERE id", wanted),
                                          wanted)}
        if found != wanted:
            return None
        rows = self._rows(_in("SELECT target FROM edges WHERE source", wanted), wanted)
        rows += self._rows(_in("SELECT source FROM edges WHERE target", wanted), wanted)
        related = wanted | {i for (i,) in rows}
        base = self.base()
        dataset = Dataset(root=self.root, actors=base.actors, documents=base.documents)
        files: dict[str, SourceFile] = {}
        for file, key, record in self._rows(
                _in("SELECT file, key, record FROM claims JOIN claim_records USING (file, pos) "
                    "WHERE id", related) + " ORDER BY file, pos", related):
            claim = _decode(record)
            if not isinstance(claim, Claim):
                raise CacheFailedError("a claim row holds another record")
            if file not in files:
                files[file] = _source(self.root / file)
            dataset.claims[claim.id] = claim
            dataset.origins[("claims", claim.id)] = Origin(files[file], key)
        return dataset

    # -- check and flags ----------------------------------------------------------------

    def findings(self, today: dt.date, stale_after: int | None) -> list[tuple[str, str, str]]:
        """Every finding of every rule on every claim: (rule, claim, reason), in order."""
        key = folder_key(self.root, self.keys, ("flags", today, stale_after))
        found = self.store.result("flags", key)
        if isinstance(found, list) and all(
                isinstance(f, tuple) and len(f) == 3 for f in found):
            return found
        from claimtrack.flags import FlagContext, find_flags

        dataset = _load(self.root, cache=True)
        context = FlagContext(dataset=dataset, index=Index(dataset), today=today,
                              stale_after=stale_after)
        result = [(f.rule, f.claim, f.reason)
                  for f in find_flags(context, dataset.claims.values())]
        self.store.remember("flags", key, result)
        return result

    def _rows(self, sql: str, params: Any = ()) -> list[tuple[Any, ...]]:
        rows = self.store.query(sql, params)
        if rows is None:
            raise CacheFailedError(str(self.store.path))
        return rows


def check_report(root: Path, *, today: dt.date | None = None,
                 cache: bool = True) -> CheckReport:
    """``check`` of the folder, memoised in the index cache under a key of every file.

    The key covers every file under ``root`` (dossiers and document texts), the working
    directory (messages show paths relative to it) and the date (reviews dated in the
    future are problems), so a memoised report is only reused for the very same inputs.
    """
    import os

    from claimtrack.check import CheckReport, check
    from claimtrack.errors import Problem

    today = today or dt.date.today()
    if not cache:
        return check(_load(root, cache=False), today=today)
    store = IndexCache(root)
    try:
        key = folder_key(root, extra=("check", today, os.getcwd()))
        found = store.result("check", key)
        if isinstance(found, tuple) and len(found) == 4:
            problems, claims, actors, documents = found
            try:
                return CheckReport(tuple(Problem(*p) for p in problems), claims, actors,
                                   documents)
            except TypeError:  # a memo of the wrong shape: a miss
                pass
        report = check(_load(root, cache=True), today=today)
        store.remember("check", key, (
            tuple((p.path, p.line, p.field, p.message, p.code) for p in report.problems),
            report.claims, report.actors, report.documents))
        return report
    finally:
        store.close()


def _load(root: Path, *, cache: bool) -> Dataset:
    from claimtrack.load import load  # the parser and cattrs: only when the cache misses

    return load(root, cache=cache)


def _decode(blob: bytes) -> Any:
    """A record from its cached blob; a corrupt blob fails the cache, not the command."""
    try:
        return decode_record(marshal.loads(blob))
    except Exception as error:  # any garbage in a blob is a cache failure
        raise CacheFailedError(f"corrupt record: {error}") from None


def _source(path: Path) -> SourceFile:
    def text() -> str:
        try:
            return decode(read_bytes(path)).removeprefix("\ufeff")
        except UnreadableFileError:
            return ""
    return SourceFile(path, LineMap(text))


def _sound(store: IndexCache, keys: dict[str, Key]) -> bool:
    """Whether every file is cached under its current key, loaded cleanly, ids unique."""
    rows = store.query("SELECT path, size, mtime, sha256, sound FROM files")
    if rows is None:
        return False
    cached = {path: ((size, mtime, sha), sound) for path, size, mtime, sha, sound in rows}
    if any(cached.get(path) != (key, 1) for path, key in keys.items()):
        return False
    for table in ("claims", "actors", "documents"):
        if store.query(f"SELECT 1 FROM {table} GROUP BY id HAVING COUNT(*) > 1 LIMIT 1"):
            return False
    return True


def _in(sql: str, values: set[str]) -> str:
    return f"{sql} IN ({', '.join('?' * len(values))})"


def _where(selection: Selection | None) -> tuple[str, list[Any]]:
    """The SQL condition on ``claims c`` equal to ``selection.matches``, and its parameters."""
    if selection is None:
        return "", []
    terms: list[str] = []
    params: list[Any] = []

    def any_of(column: str, values: Any) -> None:
        if values:
            terms.append(f"c.{column} IN ({', '.join('?' * len(values))})")
            params.extend(str(v) for v in sorted(values))

    def any_in(column: str, values: frozenset[str]) -> None:
        if values:
            terms.append(f"EXISTS (SELECT 1 FROM json_each(c.{column}) WHERE value IN "
                         f"({', '.join('?' * len(values))}))")
            params.extend(sorted(values))

    any_of("claimant", selection.by)
    any_in("about", selection.about)
    any_of("status", selection.status)
    any_of("kind", selection.kind)
    any_of("framing", selection.framing)
    any_in("documents", selection.document)
    any_in("tags", selection.tag)
    if selection.since is not None or selection.until is not None:
        terms.append("c.made_start IS NOT NULL")
    if selection.since is not None:
        terms.append("c.made_end >= ?")
        params.append(selection.since.start.isoformat())
    if selection.until is not None:
        terms.append("c.made_start <= ?")
        params.append(selection.until.end.isoformat())
    for needle in selection.search:
        terms.append("EXISTS (SELECT 1 FROM claim_search s WHERE s.file = c.file "
                     "AND s.pos = c.pos AND instr(s.haystack, ?) > 0)")
        params.append(needle)
    return ("WHERE " + " AND ".join(terms) if terms else ""), params

