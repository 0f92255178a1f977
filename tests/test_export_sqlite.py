"""sqlite checked by the ``sqlite3`` program and served by ``datasette`` on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import time
from pathlib import Path

import httpx
from export_support import export, program, runner
from oracle import load

from claimtrack.cli import app


def _database(tmp_path: Path) -> Path:
    path = tmp_path / "claims.db"
    export("sqlite", "-o", str(path))
    return path


def test_foreign_keys_and_tables(nasty_claims: Path, tmp_path: Path) -> None:
    db = _database(tmp_path)
    check = subprocess.run([program("sqlite3"), str(db), "PRAGMA foreign_key_check;"],
                           capture_output=True, text=True, timeout=60, check=True)
    assert check.stdout == ""
    dataset = load(nasty_claims)
    with sqlite3.connect(db) as connection:
        names = {r[0] for r in connection.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
        assert {"claims", "actors", "aliases", "documents", "appearances", "relations",
                "reviews", "claims_view", "claims_fts"} <= names
        indexes = {r[0] for r in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'claims'")}
        assert {"claims_claimant", "claims_status"} <= indexes
        view = connection.execute(
            "SELECT id, claimant_name, status FROM claims_view ORDER BY rowid").fetchall()
    assert view == [(c.id, dataset.actors[c.claimant].name, str(c.status))
                    for c in dataset.claims.values()]


def test_sqlite_needs_an_output_file(nasty_claims: Path) -> None:
    result = runner.invoke(app, ["export", "sqlite"])
    assert result.exit_code == 2
    assert "-o FILE" in result.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_datasette_serves_the_same_claims(nasty_claims: Path, tmp_path: Path) -> None:
    db = _database(tmp_path)
    port = _free_port()
    server = subprocess.Popen(
        [program("datasette"), "serve", str(db), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}/claims"
    try:
        for _ in range(120):
            try:
                if httpx.get(f"{base}.json", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
            time.sleep(0.25)
        rows = httpx.get(f"{base}/claims.json?_shape=array&_size=max", timeout=10).json()
        found = httpx.get(f"{base}/claims.json?_shape=array&_search=wall", timeout=10).json()
    finally:
        server.terminate()
        server.wait(timeout=10)
    dataset = load(nasty_claims)
    assert sorted(r["id"] for r in rows) == sorted(dataset.claims)
    for row in rows:
        claim = dataset.claims[row["id"]]
        assert row["statement"] == claim.statement
        assert row["claimant"] == claim.claimant
        assert row["status"] == str(claim.status)
        assert json.loads(row["about"]) == list(claim.about)
        assert row["quote"] == claim.appearances[0].quote
        assert row["credibility"] == claim.credibility
    # "wall" is a word of the quote of formula-on-wall; no other claim has it.
    assert [r["id"] for r in found] == ["formula-on-wall"]
