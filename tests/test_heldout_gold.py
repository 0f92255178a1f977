"""The second held-out set stays as frozen: hashes, and every gold a sound format-2 dossier.

Nothing here runs the extractor on these articles: scoring them is done twice, by hand, with
``scripts/extract_scores.py`` (see ``benchmarks/heldout-2/README.md``).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimtrack.cli import app

SET = Path(__file__).parent.parent / "benchmarks" / "heldout-2"
ARTICLES = sorted(d.name for d in SET.iterdir() if (d / "expected.toml").is_file())


def test_the_set_is_the_frozen_one() -> None:
    listed = {}
    for line in (SET / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        listed[name] = digest
    files = sorted(str(p.relative_to(SET)) for p in SET.glob("*/*") if p.is_file())
    assert sorted(listed) == files
    assert len(ARTICLES) >= 8
    for name, digest in listed.items():
        assert hashlib.sha256((SET / name).read_bytes()).hexdigest() == digest, name


@pytest.mark.parametrize("name", ARTICLES)
def test_each_gold_passes_check(name: str, tmp_path: Path) -> None:
    folder = tmp_path / "claims"
    (folder / "documents").mkdir(parents=True)
    (folder / "claimtrack.toml").write_text("format = 2\n", encoding="utf-8")
    shutil.copy(SET / name / "article.txt", folder / "documents" / "article.txt")
    gold = (SET / name / "expected.toml").read_text(encoding="utf-8")
    assert gold.count('text = "article.txt"') == 1
    (folder / "gold.toml").write_text(
        gold.replace('text = "article.txt"', 'text = "documents/article.txt"'),
        encoding="utf-8")
    result = CliRunner().invoke(app, ["--claims", str(folder), "check"])
    assert result.exit_code == 0, result.output
    assert "no problems" in result.stdout
