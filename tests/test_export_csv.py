"""csv/tsv read back with Python's csv module and validated by ``frictionless``."""

from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path

from export_support import export, program
from oracle import load

from claimtrack.csvcell import neutralise
from claimtrack.export.csv import datapackage


def _cell(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def test_neutralise_every_formula_start() -> None:
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert neutralise(start + "1+1") == "'" + start + "1+1"
    assert neutralise("plain =") == "plain ="


def test_csv_rows_equal_the_dataset(nasty_claims: Path, tmp_path: Path) -> None:
    out = tmp_path / "claims.csv"
    export("csv", "-o", str(out))
    dataset = load(nasty_claims)
    with out.open(encoding="utf-8", newline="") as handle:
        read = list(csv.DictReader(handle))
    assert [r["id"] for r in read] == list(dataset.claims)
    for row in read:
        claim = dataset.claims[row["id"]]
        assert row["statement"] == _cell(claim.statement)
        assert row["claimant"] == claim.claimant
        assert row["claimant_name"] == dataset.actors[claim.claimant].name
        assert row["status"] == str(claim.status)
        assert row["kind"] == str(claim.kind)
        assert row["made"] == (str(claim.made) if claim.made else "")
        assert row["about"] == "; ".join(claim.about)
        assert row["quote"] == _cell(claim.appearances[0].quote)
        assert row["credibility"] == ("" if claim.credibility is None else str(claim.credibility))
        verdict = claim.verdict  # the verdict: who gave it, why, on what evidence
        assert (row["reviewed_by"], row["review_note"], row["review_evidence"]) == (
            ("", "", "") if verdict is None else (
                _cell(verdict.by), _cell(verdict.note), "; ".join(verdict.evidence)))
    formula = next(r for r in read if r["id"] == "formula-on-wall")
    assert formula["statement"] == "'=SUM(A1:A9) was written on the wall"


def test_tsv_and_bom(nasty_claims: Path) -> None:
    text = export("tsv", "--bom")
    assert text.startswith("\ufeff")
    read = list(csv.DictReader(text[1:].splitlines(keepends=True), delimiter="\t"))
    dataset = load(nasty_claims)
    assert {r["id"]: r["statement"] for r in read} == {
        c.id: _cell(c.statement) for c in dataset.claims.values()}


def test_frictionless_validates_every_table(nasty_claims: Path, tmp_path: Path) -> None:
    tables = ["claims", "actors", "documents", "appearances", "relations", "reviews"]
    for table in tables:
        export("csv", "--table", table, "-o", str(tmp_path / f"{table}.csv"))
    descriptor = datapackage({t: f"{t}.csv" for t in tables})
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    result = subprocess.run(
        [program("frictionless"), "validate", "--json", "datapackage.json"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["valid"] is True
    rows = {task["name"]: task["stats"]["rows"] for task in report["tasks"]}
    dataset = load(nasty_claims)
    claims = list(dataset.claims.values())
    assert rows == {
        "claims": len(claims), "actors": len(dataset.actors),
        "documents": len(dataset.documents),
        "appearances": sum(len(c.appearances) for c in claims),
        "relations": sum(len(c.relations) for c in claims),
        "reviews": sum(len(c.reviews) for c in claims),
    }
