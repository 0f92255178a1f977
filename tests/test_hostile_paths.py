"""Paths that point out of ``claims/``: ``..``, absolute paths, symlinks. Nothing outside is
written or read; the refusal is exit 2 with a message."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hostile_support import run, snapshot

ADD = ["add", "--statement", "The union spoke.", "--by", "dockers-union", "--kind",
       "statement", "--framing", "denied", "--document", "memo", "--quote",
       "The Dockers Union denied it"]
ARTICLE = "= Port news =\nThe Dockers Union said the harbour was sold.\n"
OUTSIDE = """[[claims]]
id = "outside-claim"
statement = "A claim that lives outside the claims folder."
claimant = "dockers-union"
kind = "statement"
"""


@pytest.fixture
def outside(valid_claims: Path) -> Path:
    """A dossier outside the claims folder, next to it."""
    path = valid_claims.parent / "outside.toml"
    path.write_text(OUTSIDE)
    return path


@pytest.mark.parametrize("how", ["dotdot", "absolute", "nested", "dotdot-inside"])
def test_add_dossier_cannot_leave_the_folder(valid_claims: Path, outside: Path,
                                             how: str) -> None:
    (valid_claims / "sub").mkdir()
    (valid_claims / "sub" / "inner.toml").write_text("")
    name = {"dotdot": "../outside", "absolute": str(outside.with_suffix("")),
            "nested": "sub/inner", "dotdot-inside": "sub/../harbour"}[how]
    before = snapshot(valid_claims.parent)
    ran = run(*ADD, "--dossier", name)
    assert ran.code == 2, ran
    assert "--dossier" in ran.err
    assert snapshot(valid_claims.parent) == before


def test_symlinked_dossier_pointing_outside_is_not_read(valid_claims: Path,
                                                        outside: Path) -> None:
    (valid_claims / "linked.toml").symlink_to(outside)
    listed = run("list", "-f", "csv")
    assert "outside-claim" not in listed.out
    checked = run("check")
    assert checked.code == 1
    assert "linked.toml" in checked.out and "escapes the claims folder" in checked.out
    before = snapshot(valid_claims.parent)
    ran = run(*ADD, "--dossier", "linked")
    assert ran.code == 2, ran
    assert "linked" in ran.err
    assert snapshot(valid_claims.parent) == before


def test_symlinked_dossier_inside_is_read(valid_claims: Path) -> None:
    (valid_claims / "parts").mkdir()
    (valid_claims / "actors.toml").rename(valid_claims / "parts" / "actors.toml")
    (valid_claims / "actors.toml").symlink_to("parts/actors.toml")
    assert run("check").code == 0


def _document(root: Path, path: str, data: bytes) -> None:
    harbour = root / "harbour.toml"
    text = harbour.read_text()
    text = text.replace('text = "documents/memo.txt"', f'text = "{path}"')
    text = text.replace("71c61683ea71b1b3ad7f74b35907db2cddee47af5c4eff896366d18e90322716",
                        hashlib.sha256(data).hexdigest())
    harbour.write_text(text)


@pytest.mark.parametrize("how", ["dotdot", "absolute", "symlink", "symlinked-folder"])
def test_document_text_outside_is_never_read(valid_claims: Path, how: str) -> None:
    memo = (valid_claims / "documents" / "memo.txt").read_bytes()
    secret = valid_claims.parent / "secret.txt"
    secret.write_bytes(memo)  # the quotes would all be found, were it read
    if how == "dotdot":
        path = "../secret.txt"
    elif how == "absolute":
        path = str(secret)
    elif how == "symlink":
        (valid_claims / "documents" / "leak.txt").symlink_to(secret)
        path = "documents/leak.txt"
    else:
        (valid_claims / "elsewhere").symlink_to(valid_claims.parent, target_is_directory=True)
        path = "elsewhere/secret.txt"
    _document(valid_claims, path, memo)
    ran = run("check")
    assert ran.code == 1
    assert "escapes the claims folder" in ran.out, ran.out
    shown = run("show", "ministry-harbour-sold")
    assert "«the Ministry of Ports announced" in shown.out  # no context around it
    assert "Yesterday" not in shown.out
    ran = run(*ADD)
    assert ran.code == 2
    assert "--quote" in ran.err


@pytest.mark.model
@pytest.mark.parametrize("how", ["dotdot", "absolute", "symlink-file", "symlink-documents"])
def test_extract_output_cannot_leave_the_folder(valid_claims: Path, how: str) -> None:
    away = valid_claims.parent / "away"
    away.mkdir()
    if how == "dotdot":
        target = "claims/../away/draft.toml"
    elif how == "absolute":
        target = str(away / "draft.toml")
    elif how == "symlink-file":
        (valid_claims / "draft.toml").symlink_to(away / "draft.toml")
        target = "claims/draft.toml"
    else:
        (valid_claims / "documents").rename(valid_claims / "docs")
        (valid_claims / "documents").symlink_to(away, target_is_directory=True)
        target = "claims/draft.toml"
    before = snapshot(valid_claims.parent)
    ran = run("extract", "-", "-o", target, input=ARTICLE)
    assert ran.code == 2, ran
    assert "claims folder" in ran.err
    assert snapshot(valid_claims.parent) == before


@pytest.mark.model
def test_extract_inside_the_folder_works(valid_claims: Path) -> None:
    ran = run("extract", "-", "-o", "claims/draft.toml", input=ARTICLE)
    assert ran.code == 0, ran
    assert run("check").code == 0


@pytest.mark.parametrize("target", ["claims/harbour.toml", "claims/new.toml",
                                    "claims/documents/memo.txt", "claims/claimtrack.toml"])
def test_export_never_writes_over_the_folders_own_files(valid_claims: Path,
                                                        target: str) -> None:
    before = snapshot(valid_claims)
    ran = run("export", "csv", "-o", target)
    assert ran.code == 2, ran
    assert "claims folder" in ran.err
    assert snapshot(valid_claims) == before


def test_export_into_a_subfolder_of_claims_is_fine(valid_claims: Path) -> None:
    (valid_claims / "exports").mkdir()
    assert run("export", "csv", "-o", "claims/exports/all.csv").code == 0
    assert run("check").code == 0
