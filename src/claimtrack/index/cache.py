"""The cache file's life: who may use it, whether it is what claimtrack left, building it.

Every claimtrack that uses a folder's cached index holds a shared lock on a file beside it
(``-lock``, never read). One that finds nobody else holding it may look at the cache
alone: it compares the database file with its seal — the size, times and inode a
claimtrack noted as it last let go of the file — and throws the file away when they
differ or a journal is left behind: a crash, another program, a damaged disk or a flipped
bit anywhere in the cache's files all end there, and the index is built again. A claimtrack
that finds others using it trusts what they left open. A new index is built beside the
cache without a journal, then renamed into place and sealed.

A damage that appears while claimtrack holds the file (a disk changing a page under it) is
found when SQLite reads the page, or when a value cannot be decoded; the cache is thrown
away and the next command builds it again.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
import stat
import time
from pathlib import Path

__all__ = ["CacheLock", "damage", "discard", "seal", "sealed"]

_SUFFIXES = ("-wal", "-shm", "-journal")


class CacheLock:
    """A lock on the file beside the cache (``-lock``): shared while a claimtrack uses the
    cache, exclusive while one looks at it, throws it away or builds it."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fd: int | None = os.open(f"{path}-lock", os.O_RDWR | os.O_CREAT, 0o644)

    def exclusive(self, *, wait: float = 0.0) -> bool:
        """Hold it alone; give up after ``wait`` seconds (at once when 0)."""
        return self._take(fcntl.LOCK_EX, wait)

    def shared(self, *, wait: float) -> bool:
        """Hold it beside other users; give up after ``wait`` seconds (one building the
        index holds it alone meanwhile)."""
        return self._take(fcntl.LOCK_SH, wait)

    def _take(self, kind: int, wait: float) -> bool:
        assert self._fd is not None
        until = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(self._fd, kind | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                if time.monotonic() >= until:
                    return False
                time.sleep(0.05)

    def release(self) -> None:
        """Let go of it (the file stays open for the next lock)."""
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        """Let go of it for good."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _seal_path(path: Path) -> Path:
    return Path(f"{path}-seal")


def _state(path: Path) -> bytes | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return f"{info.st_size} {info.st_mtime_ns} {info.st_ctime_ns} {info.st_ino}".encode()


def _read_seal(path: Path) -> bytes | None:
    """The seal's bytes; None when it is missing or no regular file. A FIFO would wait for
    a writer for ever, and a link to /dev/zero never ends: neither is read."""
    try:
        fd = os.open(_seal_path(path), os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return os.read(fd, 256)  # a seal is one short line
    except OSError:
        return None
    finally:
        os.close(fd)


def seal(path: Path) -> None:
    """Note the database file as this claimtrack leaves it (after closing it)."""
    state = _state(path)
    if state is None:
        return
    seal_file = _seal_path(path)
    if _read_seal(path) == state:
        return
    with contextlib.suppress(OSError):  # no seal only means a rebuild next time
        temporary = seal_file.with_name(f"{seal_file.name}.{os.getpid()}")
        temporary.write_bytes(state)
        os.replace(temporary, seal_file)


def sealed(path: Path) -> bool:
    """Whether the database file is as the last claimtrack to use it left it: the seal
    matches (byte for byte) and no journal is left behind."""
    state = _state(path)
    if state is None or _read_seal(path) != state:
        return False
    for suffix in _SUFFIXES[::2]:  # -wal and -journal: what a crash leaves (not -shm)
        with contextlib.suppress(FileNotFoundError):
            info = os.lstat(f"{path}{suffix}")
            # SQLite opens a journal it finds: a FIFO there would hold it for ever.
            if info.st_size or not stat.S_ISREG(info.st_mode):
                return False
    return True


def discard(path: Path) -> None:
    """Delete an index database file, its journal files and its seal (not the lock)."""
    for suffix in ("", *_SUFFIXES, "-seal"):
        with contextlib.suppress(OSError):
            Path(f"{path}{suffix}").unlink()


def damage(error: BaseException) -> bool:
    """Whether the error says the cache holds what no claimtrack wrote: a page SQLite
    finds malformed, a file that is no database, text that is not UTF-8, JSON that does
    not parse, a value a record cannot hold."""
    from claimtrack.index.store import IndexDamagedError

    if isinstance(error, IndexDamagedError):
        return True
    if not isinstance(error, sqlite3.DatabaseError):
        return False
    name = getattr(error, "sqlite_errorname", "")
    return (name.startswith("SQLITE_CORRUPT") or name == "SQLITE_NOTADB"
            or any(words in str(error) for words in ("Could not decode to UTF-8",
                                                     "malformed JSON")))
