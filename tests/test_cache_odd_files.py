"""The files beside the cache database that are not files: the seal or a journal made a
FIFO, or a symlink to a device that never ends. claimtrack reads the seal and SQLite opens
a journal; either would wait on a FIFO for a writer that never comes, or read /dev/zero
until memory runs out. Each must end like any other damaged cache: found, rebuilt (or left
aside with one message), the same answer as ``--no-cache``, and no hang.

Each case runs ``claimtrack list`` as a separate process with a timeout: the failure
hunted is a process that never returns.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SUFFIXES = ["-seal", "-journal", "-wal"]
KINDS = ["fifo", "link-to-dev-zero", "link-to-a-fifo"]


def _list(root: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CLAIMTRACK_CACHE_DIR": str(cache)}
    command = [sys.executable, "-m", "claimtrack", "--claims", str(root), "list", "-f", "csv"]
    try:
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=30,
                              check=False)
    except subprocess.TimeoutExpired as expired:
        raise AssertionError("claimtrack list hung on the cache") from expired


def _make(path: Path, kind: str, tmp_path: Path) -> None:
    if path.exists() or path.is_symlink():
        path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "link-to-dev-zero":
        path.symlink_to("/dev/zero")
    else:
        os.mkfifo(tmp_path / "elsewhere-fifo")
        path.symlink_to(tmp_path / "elsewhere-fifo")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_cache_file_that_is_no_file_is_found_not_waited_on(valid_claims: Path,
                                                             tmp_path: Path, suffix: str,
                                                             kind: str) -> None:
    cache = tmp_path / "cache"
    truth = _list(valid_claims, cache)
    assert truth.returncode == 0, truth.stderr
    (database,) = cache.glob("*.sqlite")
    _make(Path(f"{database}{suffix}"), kind, tmp_path)
    for _ in range(2):  # the first finds it; the second uses what the first left
        ran = _list(valid_claims, cache)
        assert (ran.returncode, ran.stdout) == (0, truth.stdout), ran.stderr
        assert "internal error" not in ran.stderr and "Traceback" not in ran.stderr
        assert ran.stderr.count("\n") <= 1, ran.stderr
