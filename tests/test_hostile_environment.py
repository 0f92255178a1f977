"""Failing disks and odd targets: one message naming the path and the cause, exit 1 or 2,
every file byte-identical.

Faults are real where this machine allows it: as root, a tiny tmpfs for a full disk and a
read-only remount, ``chattr +i`` for read-only files and folders (chmod does not stop
root); otherwise the same fault raised at the OS boundary (``os.fsync``, ``os.replace``).
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile_support import immutable, run, snapshot

from claimtrack import files

ROOT = os.geteuid() == 0
ADD = ["add", "--statement", "The union spoke.", "--by", "dockers-union", "--kind",
       "statement", "--framing", "denied", "--document", "memo", "--quote",
       "The Dockers Union denied it"]
REVIEW = ["review", "ministry-harbour-sold", "--status", "disputed", "--date", "2021-06-01"]
EDITS = [ADD, REVIEW, ["link", "buyer-shell-company", "supports", "buyer-not-revealed"],
         ["unlink", "union-denies-sale", "denies", "ministry-harbour-sold"],
         ["new-actor", "--name", "Port Authority", "--kind", "agency"]]


def _one_line(text: str) -> None:
    assert text.startswith("claimtrack: ") and text.count("\n") == 1, text
    assert "internal error" not in text and "Traceback" not in text


@contextlib.contextmanager
def tiny_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: str = "64k"
              ) -> Iterator[Path]:
    """A folder on a full-able disk: a real small tmpfs as root, else fsync fails ENOSPC."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if ROOT and subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs",
                                str(mount)], check=False).returncode == 0:
        try:
            yield mount
        finally:
            subprocess.run(["umount", "-l", str(mount)], check=True)
        return

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files.os, "fsync", full)
    yield mount


def _fill(folder: Path) -> None:
    """Fill the disk ``folder`` is on, leaving less than a block."""
    with contextlib.suppress(OSError), (folder / "filler").open("wb") as handle:
        while True:
            handle.write(b"\0" * 4096)
            handle.flush()


# -- output targets ---------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["csv", "json", "html", "sqlite"])
def test_output_is_a_directory(valid_claims: Path, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / "out"
    target.mkdir()
    before = snapshot(tmp_path)
    ran = run("export", fmt, "-o", str(target))
    assert ran.code == 2
    _one_line(ran.err)
    assert "out" in ran.err and "directory" in ran.err
    assert snapshot(tmp_path) == before


def test_output_folder_missing(valid_claims: Path, tmp_path: Path) -> None:
    before = snapshot(tmp_path)
    ran = run("export", "csv", "-o", str(tmp_path / "nowhere" / "x.csv"))
    assert ran.code == 2
    _one_line(ran.err)
    assert "nowhere" in ran.err and "does not exist" in ran.err
    assert snapshot(tmp_path) == before


def test_output_symlink_writes_through(valid_claims: Path, tmp_path: Path) -> None:
    (tmp_path / "real.csv").write_text("old\n")
    (tmp_path / "link.csv").symlink_to("real.csv")
    assert run("export", "csv", "-o", "link.csv").code == 0
    assert os.readlink(tmp_path / "link.csv") == "real.csv"
    assert (tmp_path / "real.csv").read_text().startswith("id,")


def test_output_dangling_symlink_writes_its_target(valid_claims: Path, tmp_path: Path) -> None:
    (tmp_path / "link.csv").symlink_to("made.csv")
    assert run("export", "csv", "-o", "link.csv").code == 0
    assert (tmp_path / "link.csv").is_symlink()
    assert (tmp_path / "made.csv").read_text().startswith("id,")


def test_output_symlink_into_missing_folder(valid_claims: Path, tmp_path: Path) -> None:
    (tmp_path / "link.csv").symlink_to("gone/made.csv")
    before = snapshot(tmp_path)
    ran = run("export", "csv", "-o", "link.csv")
    assert ran.code == 2
    _one_line(ran.err)
    assert snapshot(tmp_path) == before


def test_output_symlink_loop(valid_claims: Path, tmp_path: Path) -> None:
    (tmp_path / "a.csv").symlink_to("b.csv")
    (tmp_path / "b.csv").symlink_to("a.csv")
    before = snapshot(tmp_path)
    ran = run("export", "csv", "-o", "a.csv")
    assert ran.code in (1, 2)
    _one_line(ran.err)
    assert "a.csv" in ran.err
    assert snapshot(tmp_path) == before


def test_output_device_is_never_replaced(valid_claims: Path, tmp_path: Path) -> None:
    """A character device (here a private /dev/full, as root) is written to, not renamed
    over: the write fails with the device's own "no space" and the node stays a device."""
    if ROOT:
        device = tmp_path / "full"
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    else:
        device = tmp_path / "fifo"
        os.mkfifo(device)
    ran = run("export", "csv", "-o", str(device)) if ROOT else None
    if ran is not None:
        assert ran.code == 1
        _one_line(ran.err)
        assert "full" in ran.err and "No space left" in ran.err
    mode = device.lstat().st_mode
    assert stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_output_is_read_only_file(valid_claims: Path, tmp_path: Path) -> None:
    target = tmp_path / "frozen.csv"
    target.write_text("keep me\n")
    target.chmod(0o444)
    before = snapshot(tmp_path)
    ran = run("export", "csv", "-o", str(target))
    assert ran.code == 1
    _one_line(ran.err)
    assert "frozen.csv" in ran.err and "read-only" in ran.err
    assert snapshot(tmp_path) == before


# -- disk full ----------------------------------------------------------------------------------

def test_export_on_a_full_disk(bundled_claims: Path, tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    with tiny_disk(tmp_path, monkeypatch) as disk:
        target = disk / "out.json"
        target.write_text("previous\n")
        _fill(disk)
        before = snapshot(disk)
        ran = run("export", "json", "-o", str(target))
        assert ran.code == 1
        _one_line(ran.err)
        assert "out.json" in ran.err and "No space left" in ran.err
        assert snapshot(disk) == before


def test_sqlite_export_on_a_full_disk(bundled_claims: Path, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    with tiny_disk(tmp_path, monkeypatch) as disk:
        _fill(disk)
        before = snapshot(disk)
        ran = run("export", "sqlite", "-o", str(disk / "out.sqlite"))
        assert ran.code == 1
        _one_line(ran.err)
        assert "out.sqlite" in ran.err
        assert snapshot(disk) == before


@pytest.mark.parametrize("edit", EDITS, ids=[e[0] for e in EDITS])
def test_edit_on_a_full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                             edit: list[str]) -> None:
    from conftest import VALID

    with tiny_disk(tmp_path, monkeypatch) as disk:
        root = disk / "claims"
        shutil.copytree(VALID, root)
        monkeypatch.chdir(disk)
        monkeypatch.delenv("CLAIMTRACK_CLAIMS", raising=False)
        _fill(disk)
        before = snapshot(root)
        ran = run(*edit)
        assert ran.code == 1, ran
        _one_line(ran.err)
        assert ".toml" in ran.err and "No space left" in ran.err and "unchanged" in ran.err
        assert snapshot(root) == before


# -- read-only files, folders, mounts -----------------------------------------------------------

@pytest.mark.parametrize("edit", EDITS, ids=[e[0] for e in EDITS])
def test_read_only_dossier_is_never_replaced(valid_claims: Path, edit: list[str]) -> None:
    """chmod a-w says "do not change": root could rename over it, claimtrack does not."""
    for name in ("harbour.toml", "actors.toml"):
        (valid_claims / name).chmod(0o444)
    before = snapshot(valid_claims)
    ran = run(*edit)
    assert ran.code == 1
    _one_line(ran.err)
    assert "read-only" in ran.err and ".toml" in ran.err
    assert snapshot(valid_claims) == before


@pytest.mark.parametrize("edit", EDITS, ids=[e[0] for e in EDITS])
def test_immutable_dossier(valid_claims: Path, edit: list[str]) -> None:
    files_ = [valid_claims / "harbour.toml", valid_claims / "actors.toml"]
    before = snapshot(valid_claims)
    with immutable(*files_):
        ran = run(*edit)
    assert ran.code == 1
    _one_line(ran.err)
    assert ".toml" in ran.err
    assert snapshot(valid_claims) == before


@pytest.mark.parametrize("edit", EDITS, ids=[e[0] for e in EDITS])
def test_read_only_folder(valid_claims: Path, edit: list[str]) -> None:
    before = snapshot(valid_claims)
    with immutable(valid_claims):
        ran = run(*edit)
    assert ran.code == 1
    _one_line(ran.err)
    assert "claims" in ran.err
    assert snapshot(valid_claims) == before


@pytest.mark.model
def test_read_only_mount(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import VALID

    mount = tmp_path / "ro"
    mount.mkdir()
    mounted = ROOT and subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs",
                                       str(mount)], check=False).returncode == 0
    shutil.copytree(VALID, mount / "claims")
    monkeypatch.chdir(mount)
    monkeypatch.delenv("CLAIMTRACK_CLAIMS", raising=False)
    try:
        if mounted:
            subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        guard = contextlib.nullcontext() if mounted else immutable(mount / "claims")
        before = snapshot(mount)
        with guard:
            assert run("check").code == 0  # reading works
            for edit in EDITS:
                ran = run(*edit)
                assert ran.code == 1, (edit, ran)
                _one_line(ran.err)
                assert "Read-only file system" in ran.err or not mounted
            ran = run("extract", "-", "-o", "claims/new.toml",
                      input="= T =\nThe union said it.\n")
            assert ran.code in (1, 2)
            _one_line(ran.err.splitlines()[-1] + "\n")
        assert snapshot(mount) == before
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(mount)], check=True)


@pytest.mark.model
def test_extract_output_folder_missing(valid_claims: Path) -> None:
    before = snapshot(valid_claims)
    ran = run("extract", "-", "-o", "claims/sub/new.toml", input="= T =\nThe union said it.\n")
    assert ran.code == 2
    assert "sub" in ran.err
    assert snapshot(valid_claims) == before


# -- the cache folder --------------------------------------------------------------------------

def _cache_warned(ran_err: str, path: Path) -> None:
    lines = [line for line in ran_err.splitlines() if "cache" in line]
    assert len(lines) == 1, ran_err
    assert str(path) in lines[0]


@pytest.mark.parametrize("how", ["is-a-file", "immutable", "garbage-db", "db-is-a-folder"])
def test_broken_cache_answers_the_same_and_says_so(valid_claims: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   how: str) -> None:
    expected = run("--no-cache", "list", "-f", "csv").out
    cache = tmp_path / "cache"
    monkeypatch.setenv("CLAIMTRACK_CACHE_DIR", str(cache))
    if how == "is-a-file":
        cache.write_text("not a folder")
    else:
        cache.mkdir()
        if how in ("garbage-db", "db-is-a-folder"):
            assert run("list").code == 0
            (db,) = cache.glob("*.sqlite")
            for extra in cache.glob("*.sqlite-*"):
                extra.unlink()
            db.unlink()
            if how == "garbage-db":
                db.write_bytes(b"SQLite format 3\0" + b"\xff" * 5000)
            else:
                db.mkdir()
    before = snapshot(tmp_path)
    with immutable(cache) if how == "immutable" else contextlib.nullcontext():
        ran = run("list", "-f", "csv")
    assert ran.code == 0, ran
    assert ran.out == expected
    if how != "garbage-db":  # a damaged database is rebuilt in place, silently
        _cache_warned(ran.err, cache)
        assert snapshot(tmp_path) == before


def test_output_to_dev_stdout_that_is_a_pipe(valid_claims: Path, tmp_path: Path) -> None:
    """/dev/stdout leads to a pipe through a link no path names: it is written to."""
    from hostile_support import run_process

    ran = run_process("export", "csv", "-o", "/dev/stdout", cwd=tmp_path,
                      env={"CLAIMTRACK_CACHE_DIR": str(tmp_path / "cache")})
    assert ran.code == 0, ran.err
    assert ran.out.startswith("id,statement,")


def test_cache_on_a_full_disk(valid_claims: Path, tmp_path: Path,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache folder's disk is full (as root a real tiny tmpfs; otherwise a cache folder
    that cannot be written): the answer comes from memory, the same, with one warning."""
    expected = run("--no-cache", "list", "-f", "csv").out
    with tiny_disk(tmp_path, monkeypatch, size="16k") as disk:
        cache = disk / "cache"
        cache.mkdir()
        monkeypatch.setenv("CLAIMTRACK_CACHE_DIR", str(cache))
        if ROOT:
            _fill(disk)
        guard = contextlib.nullcontext() if ROOT else immutable(cache)
        before = snapshot(valid_claims)
        with guard:
            ran = run("list", "-f", "csv")
        assert ran.code == 0, ran
        assert ran.out == expected
        _cache_warned(ran.err, cache)
        assert snapshot(valid_claims) == before


def test_immutable_cache_database(valid_claims: Path, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("CLAIMTRACK_CACHE_DIR", str(cache))
    assert run("list").code == 0
    (db,) = cache.glob("*.sqlite")
    harbour = valid_claims / "harbour.toml"
    harbour.write_text(harbour.read_text().replace("The buyer was", "The buyer is"))
    expected = run("--no-cache", "list", "-f", "csv").out
    with immutable(cache, *cache.iterdir()):
        ran = run("list", "-f", "csv")
    assert ran.code == 0, ran
    assert ran.out == expected
    _cache_warned(ran.err, db.parent)


def test_unreadable_claims_folder_is_a_message(valid_claims: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder that cannot be listed (chmod 000 for anyone but root) is not an empty one."""
    real = os.scandir

    def denied(path: object = ".") -> object:
        if Path(str(path)).resolve() == valid_claims.resolve():
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", denied)
    ran = run("list")
    assert ran.code in (1, 2), ran
    _one_line(ran.err)
    assert "claims" in ran.err and "Permission denied" in ran.err
