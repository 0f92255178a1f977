"""Cache integrity, as README states it: a cache that is not a database, truncated, of
another version, missing tables or indexes, changed in any way while no claimtrack held it,
or unusable is detected and rebuilt (or left aside) and the answers are those of
``--no-cache``. A value changed while a claimtrack holds the cache is not detected: README
says so, and this is tested too (tests/test_cache_flips.py flips bits)."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest
from hostile_support import run

QUERIES = [("list", "-f", "csv"), ("check",), ("show", "union-denies-sale"),
           ("flags", "-f", "csv"), ("xref", "union-denies-sale", "--depth", "2")]


def _truth() -> dict[tuple[str, ...], tuple[int, str]]:
    return {q: (r.code, r.out) for q in QUERIES for r in [run("--no-cache", *q)]}


def _database(cache: Path) -> Path:
    assert run("list").code == 0
    (db,) = cache.glob("*.sqlite")
    return db


def _damage(db: Path, how: str) -> None:
    if how == "garbage":
        db.write_bytes(b"not a database at all" * 100)
    elif how == "truncated":
        with sqlite3.connect(db) as con:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        data = db.read_bytes()
        db.write_bytes(data[: len(data) // 3])
    elif how == "zeroed-pages":
        with sqlite3.connect(db) as con:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        data = bytearray(db.read_bytes())
        page = 4096
        for start in range(page * 2, len(data), page * 3):
            data[start:start + page] = b"\0" * min(page, len(data) - start)
        db.write_bytes(bytes(data))
    else:
        con = sqlite3.connect(db, isolation_level=None)
        statement = {"other-version": "UPDATE meta SET value = 'another' WHERE name = 'format'",
                     "dropped-table": "DROP TABLE relations",
                     "dropped-index": "DROP INDEX claims_counts",
                     "dropped-meta": "DROP TABLE meta"}[how]
        con.execute(statement)
        con.close()


@pytest.mark.parametrize("how", ["garbage", "truncated", "zeroed-pages", "other-version",
                                 "dropped-table", "dropped-index", "dropped-meta"])
def test_a_damaged_cache_never_changes_an_answer(valid_claims: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 how: str) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("CLAIMTRACK_CACHE_DIR", str(cache))
    truth = _truth()
    _damage(_database(cache), how)
    for query, (code, out) in truth.items():
        ran = run(*query)
        assert (ran.code, ran.out) == (code, out), (how, query, ran.err)
    assert "internal error" not in ran.err


def test_a_tampered_value_is_detected_as_readme_says(valid_claims: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("CLAIMTRACK_CACHE_DIR", str(cache))
    db = _database(cache)
    with contextlib.closing(sqlite3.connect(db)) as con, con:
        con.execute("UPDATE claims SET statement = 'Forged.' WHERE id = 'union-denies-sale'")
    assert "Forged." not in run("show", "union-denies-sale").out  # found, built again
    assert "Forged." not in run("show", "union-denies-sale").out


def test_a_value_tampered_while_claimtrack_holds_the_cache_is_not_detected(
        valid_claims: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The limit README states: the claimtrack holding the cache seals what it finds as it
    lets go; the value is served until the dossier it came from changes."""
    from claimtrack.index import Index

    cache = tmp_path / "cache"
    monkeypatch.setenv("CLAIMTRACK_CACHE_DIR", str(cache))
    db = _database(cache)
    with Index.open(valid_claims), contextlib.closing(sqlite3.connect(db)) as con, con:
        con.execute("UPDATE claims SET statement = 'Forged.' WHERE id = 'union-denies-sale'")
    assert "Forged." in run("show", "union-denies-sale").out
    assert "Forged." not in run("--no-cache", "show", "union-denies-sale").out
    harbour = valid_claims / "harbour.toml"  # any change to the file replaces its rows
    harbour.write_text(harbour.read_text() + "\n# touched\n")
    assert "Forged." not in run("show", "union-denies-sale").out


def test_readme_states_what_is_and_is_not_detected() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Performance and the index cache"):]
    assert "Not detected:" in section and "--no-cache" in section
    assert "flipped bit" in section
