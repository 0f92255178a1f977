"""Edits racing hand edits: the changed-on-disk guard holds until the rename, even when the
write is slow; leftovers of a killed write are never read as dossiers."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_support import run, snapshot

from claimtrack import files

REVIEW = ["review", "ministry-harbour-sold", "--status", "disputed", "--date", "2021-06-01"]
HAND = "\n# a hand edit, saved while claimtrack was writing\n"


def _during_fsync(monkeypatch: pytest.MonkeyPatch, action: Callable[[], None]) -> None:
    """Run ``action`` inside the first fsync of claimtrack's writer: a deliberately slow
    fsync, with the person's save landing in the middle of it."""
    real = os.fsync
    done = []

    def slow(fd: int) -> None:
        if not done:
            done.append(True)
            action()
        real(fd)

    monkeypatch.setattr(files.os, "fsync", slow)


def _no_temporaries(folder: Path) -> None:
    assert [p.name for p in folder.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize("how", ["append", "editor-rename", "delete", "same-bytes"])
def test_hand_edit_during_a_slow_fsync(valid_claims: Path, monkeypatch: pytest.MonkeyPatch,
                                       how: str) -> None:
    path = valid_claims / "harbour.toml"
    original = path.read_bytes()

    def hand_edit() -> None:
        if how == "append":
            with path.open("a") as handle:
                handle.write(HAND)
        elif how == "editor-rename":
            tmp = valid_claims / ".harbour.toml.swp"
            tmp.write_bytes(original + HAND.encode())
            os.replace(tmp, path)
        elif how == "delete":
            path.unlink()
        else:
            path.write_bytes(original)

    _during_fsync(monkeypatch, hand_edit)
    ran = run(*REVIEW)
    if how == "same-bytes":
        assert ran.code == 0
        assert b"disputed" in path.read_bytes()
    else:
        assert ran.code == 1, ran
        assert "changed on disk" in ran.err and "harbour.toml" in ran.err
        assert path.exists() == (how != "delete")
        if how != "delete":
            assert path.read_bytes() == original + HAND.encode()
    _no_temporaries(valid_claims)


def test_hand_edit_during_a_slow_write_of_a_large_file(valid_claims: Path,
                                                       monkeypatch: pytest.MonkeyPatch
                                                       ) -> None:
    path = valid_claims / "harbour.toml"
    padding = "".join(f"# padding line {i} {'x' * 80}\n" for i in range(20_000))
    path.write_text(path.read_text() + padding)
    assert run("check").code == 0
    _during_fsync(monkeypatch, lambda: path.write_text(path.read_text() + HAND))
    ran = run(*REVIEW)
    assert ran.code == 1
    assert path.read_text().endswith(HAND)
    _no_temporaries(valid_claims)


def test_hand_edit_while_the_edit_is_checked(valid_claims: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import claimtrack.check as check_module

    path = valid_claims / "harbour.toml"
    real = check_module.check
    calls = []

    def checking(*args: object, **kwargs: object) -> object:
        calls.append(True)
        if len(calls) == 2:
            with path.open("a") as handle:
                handle.write(HAND)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(check_module, "check", checking)
    ran = run(*REVIEW)
    assert ran.code == 1
    assert path.read_text().endswith(HAND)


@pytest.mark.model
def test_extract_never_overwrites_a_dossier_that_appears_meanwhile(
        valid_claims: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = valid_claims / "draft.toml"
    mine = "# my own dossier, saved just now\n"

    def appear() -> None:
        if not target.exists():
            target.write_text(mine)

    real = os.fsync
    monkeypatch.setattr(files.os, "fsync", lambda fd: (appear(), real(fd))[1])
    ran = run("extract", "-", "-o", "claims/draft.toml",
              input="= Port =\nThe Dockers Union said the harbour was sold.\n")
    assert ran.code in (1, 2), ran
    assert target.read_text() == mine


def test_leftover_temporaries_are_never_read(valid_claims: Path) -> None:
    expected = {args: run(*args).out for args in (("check",), ("list", "-f", "csv"))}
    harbour = (valid_claims / "harbour.toml").read_text()
    # What a write killed before its rename leaves: a half-written copy, hidden.
    (valid_claims / ".harbour.toml.k2j4h5.tmp").write_text(harbour[: len(harbour) // 2])
    (valid_claims / ".actors.toml.x.tmp").write_text("[[actors]]\nid = 'ghost'\n")
    (valid_claims / ".draft.toml.q.tmp").write_text(harbour.replace("ministry", "ghost"))
    for args, out in expected.items():
        assert run(*args).out == out
    assert run(*REVIEW).code == 0
    assert run("check").code == 0


def test_non_utf8_dossier_edit_is_a_message(valid_claims: Path) -> None:
    path = valid_claims / "harbour.toml"
    path.write_bytes(path.read_bytes().replace(b"# A small", b"# A \xff small"))
    before = snapshot(valid_claims)
    ran = run(*REVIEW)
    assert ran.code in (1, 2)
    assert "run `claimtrack check`" in ran.err  # which names the file and the byte
    assert "harbour.toml" in run("check").out
    assert snapshot(valid_claims) == before
