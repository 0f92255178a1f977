"""The one write path: a folder lock, a changed-on-disk guard, and an atomic replace."""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from claimtrack.dataset import display_path
from claimtrack.errors import ClaimtrackError

__all__ = ["ConflictError", "folder_lock", "replace_atomic"]


class ConflictError(ClaimtrackError):
    """The file changed on disk after claimtrack read it; nothing was written."""


@contextlib.contextmanager
def folder_lock(root: Path) -> Iterator[None]:
    """Hold an exclusive lock on the claims folder, so claimtrack edits never interleave.

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


def replace_atomic(path: Path, text: str, *, expected: bytes | None) -> None:
    """Replace ``path`` with ``text`` all at once; refuse if its bytes are not ``expected``.

    ``expected`` None means the file must not exist yet. The new text goes to a temporary
    file in the same folder, is flushed and fsynced, renamed over ``path``, and the folder
    is fsynced so the rename itself survives a crash.
    """
    current = path.read_bytes() if path.exists() else None
    if current != expected:
        raise ConflictError(f"{display_path(path)} changed on disk since claimtrack read it; "
                            "nothing was written: run the command again")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        if current is not None:
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)
