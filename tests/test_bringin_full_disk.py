"""A bring-in that fills the disk half-way through writing: ``import claimreview`` adds an
actor to actors.toml and claims to a dossier in one edit. With the disk full after the
first file was replaced, actors.toml kept the new actor while the message said the dossier
"is unchanged" (found on a real 96 kB tmpfs). Every file of one edit is now written beside
its target first and renamed into place only once all are written: a full disk leaves
every file as it was.

The disk fills at a chosen moment by making the second dossier's fsync fail with ENOSPC,
as a real full disk does (where it would fail depends on block sizes on a real one).
"""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from hostile_support import run, snapshot
from test_import_feeds import GOOD, review

from claimtrack import files


@pytest.fixture
def fills_after_one_dossier(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """fsync fails with ENOSPC for every temporary .toml file after the first."""
    real = os.fsync
    synced: list[str] = []

    def fsync(fd: int) -> None:
        name = os.path.basename(os.readlink(f"/proc/self/fd/{fd}"))
        if name.startswith(".") and ".toml." in name:
            synced.append(name)
            if len(synced) > 1:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(fd)

    monkeypatch.setattr(files.os, "fsync", fsync)
    return synced


def test_an_import_that_fills_the_disk_half_way_changes_no_file(
        valid_claims: Path, tmp_path: Path, fills_after_one_dossier: list[str]) -> None:
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps([GOOD, review("The pier reopened in May.")]), encoding="utf-8")
    before = snapshot(valid_claims)
    ran = run("import", "claimreview", str(feed))
    assert len(fills_after_one_dossier) == 2, fills_after_one_dossier  # two files, one edit
    assert ran.code == 1, ran
    assert ran.err.startswith("claimtrack: ") and ran.err.count("\n") == 1, ran.err
    assert "No space left" in ran.err
    assert snapshot(valid_claims) == before
    assert [p.name for p in valid_claims.iterdir() if p.name.startswith(".")] == []


def test_with_room_the_same_import_writes_both_files(valid_claims: Path,
                                                      tmp_path: Path) -> None:
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps([GOOD, review("The pier reopened in May.")]), encoding="utf-8")
    before = snapshot(valid_claims)
    ran = run("import", "claimreview", str(feed))
    assert ran.code == 0, ran
    after = snapshot(valid_claims)
    assert after["actors.toml"] != before["actors.toml"]
    assert after["harbour.toml"] != before["harbour.toml"]
    assert run("check").code == 0
