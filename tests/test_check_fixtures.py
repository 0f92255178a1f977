"""Each broken fixture gives exactly the expected ``check`` output, file and line included.

A case under tests/fixtures/broken/<name>/ overlays files on the valid dossier
(``claims/...``), may list files to delete (``delete.txt``), and holds the exact output
of ``claimtrack check`` in ``expected.txt``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimtrack.cli import app

BROKEN = Path(__file__).parent / "fixtures" / "broken"
VALID = Path(__file__).parent / "fixtures" / "valid" / "claims"
CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())


def _apply(case: Path, claims: Path) -> None:
    overlay = case / "claims"
    if overlay.exists():
        for source in sorted(overlay.rglob("*")):
            target = claims / source.relative_to(overlay)
            if source.is_dir():
                target.mkdir(parents=True, exist_ok=True)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
    deletions = case / "delete.txt"
    if deletions.exists():
        for rel in deletions.read_text().split():
            (claims / rel).unlink()


def test_there_are_at_least_twenty_distinct_bad_inputs() -> None:
    assert len(CASES) >= 20


@pytest.mark.parametrize("name", CASES)
def test_broken_fixture_gives_exact_message(name: str, valid_claims: Path) -> None:
    case = BROKEN / name
    _apply(case, valid_claims)
    result = CliRunner().invoke(app, ["check"])
    assert result.exit_code == 1, result.output
    assert result.output == (case / "expected.txt").read_text(encoding="utf-8")
