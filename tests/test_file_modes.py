"""Files claimtrack writes for people get the user's umask, or keep the mode they had."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimtrack.cli import app

CORPUS = Path(__file__).parent / "corpus"
runner = CliRunner()


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("fmt", ["html", "csv", "sqlite"])
def test_a_new_export_is_0644_under_umask_022(fmt: str, valid_claims: Path, tmp_path: Path,
                                              umask_022: None) -> None:
    out = tmp_path / f"pub.{fmt}"
    result = runner.invoke(app, ["export", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert _mode(out) == 0o644


def test_a_new_export_follows_another_umask(valid_claims: Path, tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        out = tmp_path / "pub.html"
        assert runner.invoke(app, ["export", "html", "-o", str(out)]).exit_code == 0
    finally:
        os.umask(old)
    assert _mode(out) == 0o640


@pytest.mark.parametrize("mode", [0o600, 0o664])
def test_an_existing_export_keeps_its_mode(mode: int, valid_claims: Path, tmp_path: Path,
                                           umask_022: None) -> None:
    out = tmp_path / "pub.html"
    out.write_text("old page\n")
    out.chmod(mode)
    result = runner.invoke(app, ["export", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert _mode(out) == mode
    assert out.read_text() != "old page\n"


def test_a_read_only_export_is_refused_not_replaced(valid_claims: Path, tmp_path: Path,
                                                     umask_022: None) -> None:
    # A read-only file says "do not change me": replacing it behind the user's back (the
    # folder is writable, so a rename would succeed) would ignore that.
    out = tmp_path / "pub.html"
    out.write_text("old page\n")
    out.chmod(0o444)
    result = runner.invoke(app, ["export", "html", "-o", str(out)])
    assert result.exit_code == 1
    assert "read-only" in result.output and str(out) in result.output
    assert out.read_text() == "old page\n" and _mode(out) == 0o444


@pytest.mark.model
def test_extract_writes_0644_files_under_umask_022(valid_claims: Path,
                                                   umask_022: None) -> None:
    article = CORPUS / "norway-doping" / "article.txt"
    result = runner.invoke(app, ["extract", str(article), "-o", "claims/draft.toml"])
    assert result.exit_code == 0, result.output
    assert _mode(valid_claims / "draft.toml") == 0o644
    written = [p for p in (valid_claims / "documents").iterdir() if p.name != "memo.txt"]
    assert len(written) == 1 and _mode(written[0]) == 0o644


def test_an_edit_keeps_the_dossiers_mode(valid_claims: Path, umask_022: None) -> None:
    dossier = valid_claims / "harbour.toml"
    dossier.chmod(0o664)
    result = runner.invoke(app, ["review", "union-denies-sale", "--status", "disputed"])
    assert result.exit_code == 0, result.output
    assert _mode(dossier) == 0o664
