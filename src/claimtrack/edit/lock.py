"""The folder lock: claimtrack edits of one claims folder never interleave."""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

__all__ = ["folder_lock"]


@contextlib.contextmanager
def folder_lock(root: Path) -> Iterator[None]:
    """Hold an exclusive lock on the claims folder while one edit runs.

    The lock is on the folder itself (flock on its descriptor), not on a file: files are
    replaced by rename, and a lock on a replaced inode would protect nothing.
    """
    fd = os.open(root, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
