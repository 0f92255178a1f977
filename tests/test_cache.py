"""The index cache speeds loading up but can never change an answer."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import attrs
import pytest

from claimtrack import cache
from claimtrack.cache import IndexCache
from claimtrack.dataset import Dataset
from claimtrack.load import load


def snapshot(dataset: Dataset) -> tuple[object, ...]:
    """Everything a command could answer from: records and problems."""
    return (dataset.claims, dataset.actors, dataset.documents, dataset.dossiers,
            [u for u, _ in dataset.unclaimed], [attrs.astuple(p) for p in dataset.problems])


def test_cached_load_equals_a_fresh_parse(bundled_claims: Path) -> None:
    fresh = load(bundled_claims)
    assert snapshot(load(bundled_claims, cache=True)) == snapshot(fresh)  # cold: fills it
    assert IndexCache(bundled_claims).path.exists()
    assert snapshot(load(bundled_claims, cache=True)) == snapshot(fresh)  # warm: reads it


def test_problems_survive_the_cache(valid_claims: Path) -> None:
    dossier = valid_claims / "harbour.toml"
    dossier.write_text(dossier.read_text().replace('"unverified"', '"unverifed"'))
    fresh = load(valid_claims)
    load(valid_claims, cache=True)
    assert snapshot(load(valid_claims, cache=True)) == snapshot(fresh)
    assert [p.line for p in fresh.problems] == [30]


def test_same_size_and_mtime_but_new_content_is_noticed(valid_claims: Path) -> None:
    dossier = valid_claims / "harbour.toml"
    load(valid_claims, cache=True)
    before = dossier.stat()
    text = dossier.read_text()
    changed = text.replace("The Ministry of Ports announced", "The Ministry of Piers announced")
    assert len(changed) == len(text)
    dossier.write_text(changed)
    os.utime(dossier, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert dossier.stat().st_mtime_ns == before.st_mtime_ns
    warm = load(valid_claims, cache=True)
    assert warm.claims["ministry-harbour-sold"].statement.startswith("The Ministry of Piers")


def test_a_truncated_cache_file_is_rebuilt(valid_claims: Path) -> None:
    load(valid_claims, cache=True)
    path = IndexCache(valid_claims).path
    path.write_bytes(path.read_bytes()[:100])
    assert snapshot(load(valid_claims, cache=True)) == snapshot(load(valid_claims))
    assert snapshot(load(valid_claims, cache=True)) == snapshot(load(valid_claims))


def test_a_garbage_blob_is_a_miss(valid_claims: Path) -> None:
    load(valid_claims, cache=True)
    db = sqlite3.connect(IndexCache(valid_claims).path)
    with db:
        db.execute("UPDATE files SET blob = x'00ff00'")
    db.close()
    assert snapshot(load(valid_claims, cache=True)) == snapshot(load(valid_claims))


def test_a_cache_from_another_version_is_discarded(valid_claims: Path) -> None:
    load(valid_claims, cache=True)
    db = sqlite3.connect(IndexCache(valid_claims).path)
    with db:
        db.execute("UPDATE meta SET value = 'from-another-version'")
        # A stale entry that would give a wrong answer if it were believed.
        db.execute("UPDATE files SET blob = (SELECT blob FROM files WHERE path LIKE "
                   "'%actors.toml') WHERE path LIKE '%harbour.toml'")
    db.close()
    assert snapshot(load(valid_claims, cache=True)) == snapshot(load(valid_claims))


def test_an_unwritable_cache_folder_only_costs_speed(
    valid_claims: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv(cache.ENV_CACHE_DIR, str(blocker / "sub"))
    assert snapshot(load(valid_claims, cache=True)) == snapshot(load(valid_claims))


def test_a_deleted_file_leaves_the_cache(valid_claims: Path) -> None:
    (valid_claims / "extra.toml").write_text('[[actors]]\nid = "x"\nname = "X"\nkind = "media"\n')
    assert "x" in load(valid_claims, cache=True).actors
    (valid_claims / "extra.toml").unlink()
    assert "x" not in load(valid_claims, cache=True).actors
