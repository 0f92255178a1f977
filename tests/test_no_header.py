"""Piped tables keep one row a line; --no-header drops the header row where there is one."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from oracle import load
from typer.testing import CliRunner

from claimtrack.cli import app

runner = CliRunner()


def _run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_piped_list_keeps_every_id_on_one_line(bundled_claims: Path) -> None:
    ids = list(load(bundled_claims).claims)
    lines = _run("list").splitlines()
    assert len(lines) == 2 + len(ids)
    for claim_id, line in zip(ids, lines[2:], strict=True):
        assert line.split()[0] == claim_id


@pytest.mark.parametrize("args", [("list",), ("sources",), ("flags",), ("timeline",)],
                         ids=" ".join)
@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_no_header_drops_only_the_header_row(bundled_claims: Path, args: tuple[str, ...],
                                             fmt: str) -> None:
    with_header = _run(*args, "-f", fmt)
    without = _run(*args, "-f", fmt, "--no-header")
    assert without == with_header.split("\n", 1)[1]
    rows = list(csv.reader(io.StringIO(without), delimiter="," if fmt == "csv" else "\t"))
    assert rows and rows[0][0] != "id"


def test_no_header_on_a_table(bundled_claims: Path) -> None:
    with_header = _run("list", "-f", "github", "--limit", "3").splitlines()
    without = _run("list", "-f", "github", "--limit", "3", "--no-header").splitlines()
    assert with_header[0].startswith("| id ")
    rows = [line for line in without if not line.startswith("|-")]
    assert [line.split("|")[1].strip() for line in rows] == \
           [line.split("|")[1].strip() for line in with_header[2:]]
