"""``claimtrack export`` through the CLI: filters, atomic -o, usage errors."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from export_support import export, runner
from oracle import load

from claimtrack.cli import app


def test_filters_are_those_of_list(nasty_claims: Path) -> None:
    rows = json.loads(export("json", "--by", "MoP", "--status", "confirmed"))
    assert [r["id"] for r in rows] == ["script-posted"]
    rows = json.loads(export("json", "--search", "wall", "--kind", "report"))
    assert [r["id"] for r in rows] == ["formula-on-wall"]
    text = export("csv", "--table", "reviews", "--by", "dockers-union")
    assert [r["claim"] for r in csv.DictReader(text.splitlines())] == ["formula-on-wall"]


def test_output_is_written_atomically(nasty_claims: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "claims.md"
    out.parent.mkdir()
    out.write_text("old", encoding="utf-8")
    result = runner.invoke(app, ["export", "markdown", "-o", str(out)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("# The harbour memo\n")
    assert list(out.parent.iterdir()) == [out]


@pytest.mark.parametrize(("args", "message"), [
    (["json", "--bom"], "--bom: applies to csv and tsv"),
    (["csv", "--table", "claimz"], "--table: unknown table 'claimz'"),
    (["html", "--table", "actors"], "--table: applies to csv"),
    (["csv", "--nested"], "--nested: applies to json"),
    (["csv", "--publisher", "X"], "--publisher: applies to claimreview"),
    (["csv", "--status", "unverifed"], "did you mean 'unverified'"),
    (["csv", "-o", "no/such/dir/x.csv"], "does not exist"),
    (["pdf"], "pdf"),
])
def test_usage_errors(nasty_claims: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["export", *args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_every_format_of_the_bundled_dossier(bundled_claims: Path, tmp_path: Path) -> None:
    count = len(load(bundled_claims).claims)
    for fmt in ("csv", "tsv", "json", "jsonl", "markdown", "html", "latex", "claimreview",
                "dot", "mermaid"):
        assert export(fmt)
    assert len(json.loads(export("json"))) == count
    export("sqlite", "-o", str(tmp_path / "x.db"))


@pytest.mark.parametrize("fmt", ["html", "markdown", "latex", "claimreview", "csv"])
def test_a_reader_that_stops_early_gets_no_traceback(bundled_claims: Path, fmt: str) -> None:
    # `export html | head`: the report's claims were kept aside in a table dropped after
    # the folder's index had closed, so Python printed "Exception ignored ... Cannot
    # operate on a closed database" with its traceback (failed on main).
    import subprocess
    import sys

    process = subprocess.Popen([sys.executable, "-m", "claimtrack", "export", fmt],
                               cwd=bundled_claims.parent, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # before it writes anything: its first write finds no reader
    err = process.stderr.read().decode("utf-8")
    process.wait(timeout=60)
    assert "Traceback" not in err and "Exception" not in err, err
