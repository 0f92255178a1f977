"""Reading files safely: size limit, directories, missing files and non-UTF-8 bytes as messages."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

__all__ = ["MAX_BYTES", "UnreadableFileError", "decode", "read_bytes", "read_text",
           "write_atomic"]

MAX_BYTES = 64 * 1024 * 1024
"""Largest file claimtrack reads; a bigger one is refused with a message, not loaded."""


class UnreadableFileError(Exception):
    """A file that cannot be used as text; ``line`` is where the trouble is (1 if nowhere)."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def read_text(path: Path, *, limit: int | None = None) -> str:
    """The file's UTF-8 text; raise UnreadableFileError saying why it cannot be read."""
    return decode(read_bytes(path, limit=limit))


def read_bytes(path: Path, *, limit: int | None = None) -> bytes:
    """The file's bytes, refusing directories, pipes, missing files and files over the limit."""
    limit = MAX_BYTES if limit is None else limit
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableFileError("is a directory, expected a file")
        if not stat.S_ISREG(info.st_mode):  # reading a FIFO would wait forever
            raise UnreadableFileError("is not a regular file (a pipe, socket or device)")
        size = info.st_size
        if size > limit:
            raise UnreadableFileError(f"is {_size(size)}; the limit is {_size(limit)}")
        return path.read_bytes()
    except FileNotFoundError:
        raise UnreadableFileError("no such file") from None
    except OSError as exc:
        raise UnreadableFileError(f"cannot be read: {exc.strerror or exc}") from None


def decode(data: bytes) -> str:
    """UTF-8 text of ``data``; raise UnreadableFileError naming the line of a bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise UnreadableFileError(
            f"is not UTF-8 text: byte 0x{data[exc.start]:02x} at line {line}, column {column}; "
            "save it as UTF-8",
            line,
        ) from None


def _size(n: int) -> str:
    """``64 MB``, ``2.1 kB``, ``900 bytes``."""
    if n >= 1_000_000:
        return f"{n / 1e6:.1f} MB".replace(".0 MB", " MB")
    if n >= 1_000:
        return f"{n / 1e3:.1f} kB".replace(".0 kB", " kB")
    return f"{n} bytes"


def write_atomic(path: Path, chunks: Iterable[str]) -> None:
    """Write ``chunks`` to a temporary file beside ``path``, fsync it, then rename over it.

    Readers see the old file or the whole new one, never a part. (Edits of the claims
    folder add a lock and a changed-on-disk guard: ``claimtrack.edit.write``.)
    """
    import tempfile  # only writers need it; files.py is on every command's start-up path

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
