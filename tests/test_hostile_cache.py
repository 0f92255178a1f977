"""Cache integrity, as README states it: a cache that is not a database, truncated, of
another version, missing tables or indexes, or unusable is detected and rebuilt (or left
aside) and the answers are those of ``--no-cache``. A value changed inside a structurally
sound database is not detected: README says so, and this is tested too."""

from __future__ import annotations

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


def test_a_tampered_value_is_not_detected_as_readme_says(valid_claims: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("CLAIMTRACK_CACHE_DIR", str(cache))
    db = _database(cache)
    with sqlite3.connect(db) as con:
        con.execute("UPDATE claims SET statement = 'Forged.' WHERE id = 'union-denies-sale'")
    assert "Forged." in run("show", "union-denies-sale").out  # the limit README states
    assert "Forged." not in run("--no-cache", "show", "union-denies-sale").out
    # Any change to the file the rows came from replaces them.
    harbour = valid_claims / "harbour.toml"
    harbour.write_text(harbour.read_text() + "\n# touched\n")
    assert "Forged." not in run("show", "union-denies-sale").out


def test_readme_states_what_is_and_is_not_detected() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Performance and the index cache"):]
    assert "Not detected:" in section and "--no-cache" in section
