"""Each broken fixture gives exactly the expected ``check`` output, file and line included.

A case under tests/fixtures/broken/<name>/ overlays files on the valid dossier
(``claims/...``), may list files to delete (``delete.txt``), and holds the exact output
of ``claimtrack check`` in ``expected.txt``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support import overlay_case
from typer.testing import CliRunner

from claimtrack.cli import app

BROKEN = Path(__file__).parent / "fixtures" / "broken"
VALID = Path(__file__).parent / "fixtures" / "valid" / "claims"
CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())


def test_there_are_at_least_twenty_distinct_bad_inputs() -> None:
    assert len(CASES) >= 20


@pytest.mark.parametrize("name", CASES)
def test_broken_fixture_gives_exact_message(name: str, valid_claims: Path) -> None:
    case = BROKEN / name
    overlay_case(case, valid_claims)
    result = CliRunner().invoke(app, ["check"])
    assert result.exit_code == 1, result.output
    assert result.output == (case / "expected.txt").read_text(encoding="utf-8")
