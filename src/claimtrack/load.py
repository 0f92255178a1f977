"""Read a ``claims/`` folder's TOML files and structure them into a Dataset."""

from __future__ import annotations

import gc
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from claimtrack.cache import IndexCache, Key, file_key
from claimtrack.dataset import Dataset, Origin, SourceFile, display_path
from claimtrack.errors import Problem
from claimtrack.files import UnreadableFileError, decode, read_bytes
from claimtrack.find import ENV_VAR, find_claims_dir
from claimtrack.model import Actor, Claim, Document, Dossier, Unclaimed
from claimtrack.records import FileRecords, parse_file
from claimtrack.toml_lines import LineMap

__all__ = ["ENV_VAR", "find_claims_dir", "load"]  # the first two live in claimtrack.find

_SINGULAR = {"actors": "actor", "documents": "document", "claims": "claim"}


def load(root: Path, *, cache: bool = False,
         overrides: Mapping[Path, str] | None = None) -> Dataset:
    """Read every ``*.toml`` directly in ``root`` into a Dataset; problems are kept, not raised.

    With ``cache``, files whose size, mtime and sha256 are unchanged come from the index
    cache instead of being parsed again. ``overrides`` gives the text to use instead of a
    file's content (an edit being checked before it is written); it bypasses the cache.
    """
    overrides = overrides or {}
    store = IndexCache(root) if cache and not overrides else None
    known = store.keys() if store is not None else {}
    dataset = Dataset(root=root)
    paths = sorted({*root.glob("*.toml"), *overrides})
    # Loading allocates millions of small acyclic objects; the cyclic collector would
    # rescan them again and again for nothing.
    enabled = gc.isenabled()
    gc.disable()
    try:
        for path in paths:
            _load_file(dataset, path, store, known, overrides.get(path))
    finally:
        if enabled:
            gc.enable()
    if store is not None:
        store.forget(set(known) - {p.name for p in paths})
        store.close()
    return dataset


def _load_file(dataset: Dataset, path: Path, store: IndexCache | None,
               known: dict[str, Key], override: str | None) -> None:
    try:
        data = read_bytes(path) if override is None else override.encode("utf-8")
    except UnreadableFileError as exc:
        dataset.problems.append(Problem(display_path(path), exc.line, "", exc.message, "file"))
        return
    key = file_key(path, data) if store is not None else None
    records = None
    if store is not None and key is not None and known.get(path.name) == key:
        records = store.records(path)
    lines = LineMap(lambda: decode(data).removeprefix("\ufeff"))
    if records is None:
        try:
            text = decode(data).removeprefix("\ufeff")
        except UnreadableFileError as exc:
            dataset.problems.append(
                Problem(display_path(path), exc.line, "", exc.message, "file"))
            return
        records = parse_file(text, lines)
        if store is not None and key is not None:
            store.put(path, key, records)
    _merge(dataset, SourceFile(path, lines), records)


def _merge(dataset: Dataset, source: SourceFile, records: FileRecords) -> None:
    dataset.files.append(source)
    display = source.display
    for line, field, message, code in records.problems:
        dataset.problems.append(Problem(display, line, field, message, code))
    dataset.broken.update(records.broken)
    for table, key, record in records.entries:
        origin = Origin(source, key)
        if isinstance(record, Dossier):
            dataset.dossiers[source.path.stem] = record
        elif isinstance(record, Unclaimed):
            dataset.unclaimed.append((record, origin))
        else:
            _add(dataset, table, record, origin)


def _add(dataset: Dataset, table: str, record: Actor | Document | Claim, origin: Origin) -> None:
    store: dict[str, Any] = getattr(dataset, table)
    if record.id in store:
        first = dataset.origin(table, record.id)
        dataset.problems.append(origin.problem(
            "id", f"duplicate {_SINGULAR[table]} id '{record.id}'; "
            f"first defined at {first.file.display}:{first.line}", "duplicate-id"))
        return
    store[record.id] = record
    dataset.origins[(table, record.id)] = origin
