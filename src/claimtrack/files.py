"""Reading files safely: size limit, directories, missing files and non-UTF-8 bytes as messages."""

from __future__ import annotations

import contextlib
import errno
import os
import select
import stat
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from claimtrack.errors import ClaimtrackError

__all__ = ["MAX_BYTES", "ConflictError", "UnreadableFileError", "WriteError", "current_bytes",
           "decode", "display_path", "escapes", "inside", "read_bytes", "read_stream",
           "read_text", "too_long", "write_all_atomic", "write_atomic"]

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
    limit = MAX_BYTES if limit is None else limit  # looked up now: tests lower it
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


PIPE_WAIT = 2.0
"""Seconds a named pipe is given for someone to start writing to it."""


def read_stream(path: Path, *, limit: int | None = None) -> bytes:
    """The bytes of a file named on the command line, which may also be a pipe or a
    device (``<(command)``, /dev/stdin): a pipe nobody writes to is refused after
    ``PIPE_WAIT`` seconds instead of waited on for ever, and an endless one (/dev/zero)
    past the limit; a directory, a socket or a missing file is refused at once."""
    limit = MAX_BYTES if limit is None else limit
    try:
        info = path.stat()
    except FileNotFoundError:
        raise UnreadableFileError("no such file") from None
    except OSError as exc:
        raise UnreadableFileError(f"cannot be read: {exc.strerror or exc}") from None
    if not (stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode)):
        return read_bytes(path, limit=limit)
    try:
        # Opening a pipe without a writer would wait; opened non-blocking it does not,
        # and poll says whether anyone writes to it.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise UnreadableFileError(f"cannot be read: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as handle:
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        if stat.S_ISFIFO(info.st_mode) and not poller.poll(int(PIPE_WAIT * 1000)):
            raise UnreadableFileError(f"is a pipe nobody wrote to for {PIPE_WAIT:g} s")
        os.set_blocking(fd, True)
        return bounded(handle, limit=limit)


def bounded(stream: Any, *, limit: int | None = None) -> bytes:
    """All of an open binary ``stream`` (stdin, a pipe), refused past ``limit`` bytes."""
    limit = MAX_BYTES if limit is None else limit
    try:
        data = stream.read(limit + 1)
    except OSError as exc:
        raise UnreadableFileError(f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise UnreadableFileError(f"is more than {_size(limit)}, the limit")
    return bytes(data)


def too_long(path: Path) -> str | None:
    """Why the system would refuse ``path`` for its length (a name over the file system's
    limit, or the whole path), or None."""
    try:
        os.lstat(path)
    except OSError as error:
        if error.errno != errno.ENAMETOOLONG:
            return None
    except ValueError:
        return None
    else:
        return None
    longest = max((len(part.encode("utf-8", "surrogateescape")) for part in path.parts),
                  default=0)
    if longest > _NAME_MAX:
        return (f"a name of {longest} bytes is too long for the file system "
                f"({_NAME_MAX} at most)")
    return "the path is too long for the file system"


_NAME_MAX = 255
"""The longest file name common file systems take, in bytes."""


def current_bytes(path: Path, *, within: Path) -> bytes | None:
    """What the file ``path``, about to be created or replaced inside the folder
    ``within``, holds now: None when there is none; a usage error when its folder is not
    a folder, when it leads out of ``within`` (a symlink, dangling or not) or when it is
    not a plain file (a directory, pipe, socket or device)."""
    from claimtrack.errors import UsageError

    folder = path.parent
    reason = too_long(path)
    if reason is not None:
        raise UsageError(f"{path}: {reason}", field="output")
    if os.path.lexists(folder) and not folder.is_dir():
        raise UsageError(f"{folder}: is not a folder (a file, a pipe or a broken symlink); "
                         "nothing was written", field="output")
    if not inside(within, path):
        raise UsageError(f"{path}: leads out of the claims folder (a symlink); nothing was "
                         "written", field="output")
    try:
        info = path.stat()
    except FileNotFoundError:
        return None  # new, or a symlink to a file still to make inside the folder
    except OSError as error:
        raise UsageError(f"{path}: cannot be used: {error.strerror or error}; nothing was "
                         "written", field="output") from None
    if not stat.S_ISREG(info.st_mode):
        raise UsageError(f"{path}: is not a regular file (a folder, pipe, socket or device); "
                         "nothing was written", field="output")
    try:
        return read_bytes(path)
    except UnreadableFileError as error:
        raise UsageError(f"{path}: {error.message}", field="output") from None


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


class WriteError(ClaimtrackError):
    """A file could not be written (disk full, read-only, no such folder); nothing changed."""


class ConflictError(ClaimtrackError):
    """The file changed on disk after claimtrack read it; nothing was written."""


_ANY: Any = object()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, content: Iterable[str] | Callable[[Path], None], *,
                 expected: bytes | None = _ANY, within: Path | None = None) -> None:
    """Write ``content`` to a temporary file beside ``path``, fsync it, rename it over.

    ``content`` is text chunks, or a function that writes the temporary file itself. A new
    file gets the user's umask (0644 under 022), a replaced one keeps its mode; a symlink is
    written through to its target, never replaced (with ``within``, only to a target inside
    that folder). With ``expected`` (the bytes read before,
    None for "did not exist") the file is compared again just before the rename, and a file
    changed meanwhile is left alone (ConflictError). Readers see the old file or the whole
    new one, never a part.
    """
    write_all_atomic([(path, content, expected)], within=within)


def write_all_atomic(writes: Iterable[tuple[Path, Iterable[str] | Callable[[Path], None],
                                            bytes | None]], *,
                     within: Path | None = None) -> None:
    """``write_atomic`` for several files (path, content, expected) of one change: every
    new content is written and fsynced beside its file first, and only once all are is any
    renamed into place, so a full disk or a changed file leaves every one unchanged."""
    staged: list[tuple[Path, Path, bytes | None, str]] = []
    try:
        for path, content, expected in writes:
            written = _stage(path, content, within=within)
            if written is not None:
                staged.append((path, written[0], expected, written[1]))
        for _path, target, expected, _tmp in staged:
            if expected is not _ANY:
                _unchanged(target, expected)
        for path, target, _expected, tmp in staged:
            try:
                os.replace(tmp, target)
            except OSError as error:
                raise WriteError(f"{path}: could not be written: {error.strerror or error}; "
                                 "it is unchanged") from None
            _sync_folder(target.parent)
    finally:
        for *_, tmp in staged:
            Path(tmp).unlink(missing_ok=True)


def _stage(path: Path, content: Iterable[str] | Callable[[Path], None], *,
           within: Path | None) -> tuple[Path, str] | None:
    """Write ``content`` to a temporary file beside ``path``'s target, fsynced, with the
    mode the file will have: the target and the temporary file's name (None when a device
    or a pipe was written through)."""
    import tempfile  # only writers need it; files.py is on every command's start-up path

    from claimtrack.errors import UsageError

    reason = too_long(path)
    if reason is not None:
        raise UsageError(f"{path}: {reason}", field="output")
    target = _target(path)
    if within is not None and not inside(within, target):
        raise UsageError(f"{path}: leads out of the claims folder (a symlink); nothing was "
                         "written", field="output")
    try:
        info: os.stat_result | None = target.stat()
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise WriteError(f"{path}: cannot be written: {error.strerror or error}") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise UsageError(f"{path}: is a directory; give a file name", field="output")
    if not target.parent.is_dir():
        raise UsageError(f"{path}: folder {target.parent} does not exist", field="output")
    if info is not None and not stat.S_ISREG(info.st_mode):
        # A device or a pipe is written to, never renamed over: the rename would replace
        # the node itself (as root, even /dev/full) with a plain file.
        if callable(content) or not (stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode)):
            raise UsageError(f"{path}: is not a regular file; give a file name",
                             field="output")
        _write_through(path, target, content)
        return None
    if info is not None and _read_only(target, info):
        # Root may rename over a file whose write bits are all off; the person who turned
        # them off meant "do not change it", and is not overruled behind their back.
        raise WriteError(f"{path}: is read-only; nothing was written (make it writable "
                         "first if it should change)")
    mode = stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~_umask()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                   dir=target.parent)
    except OSError as error:
        raise WriteError(f"{path}: cannot write in {target.parent}: "
                         f"{error.strerror or error}") from None
    try:
        if callable(content):
            os.close(fd)
            content(Path(tmp))
            fd = os.open(tmp, os.O_RDONLY)
            os.fsync(fd)
            os.close(fd)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                for chunk in content:
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, mode)
    except BaseException as error:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise WriteError(f"{path}: could not be written: {error.strerror or error}; "
                             "it is unchanged") from None
        raise
    return target, tmp


def _read_only(target: Path, info: os.stat_result) -> bool:
    """Whether the file says "do not change me": no write bit, or not writable by us (on a
    read-only file system the write itself fails, with the system's own words)."""
    if not info.st_mode & 0o222:
        return True
    try:
        read_only_mount = bool(os.statvfs(target.parent).f_flag & os.ST_RDONLY)
    except OSError:
        read_only_mount = False
    return not read_only_mount and not os.access(target, os.W_OK)


def _target(path: Path) -> Path:
    """The file a write to ``path`` lands in: a symlink's final target, never the link."""
    from claimtrack.errors import UsageError

    if not path.is_symlink():
        return path
    try:
        return Path(os.path.realpath(path, strict=True))
    except FileNotFoundError:
        with contextlib.suppress(OSError):
            os.stat(path)
            return path  # there through a link realpath cannot name (/dev/stdout: a pipe)
        # A dangling link: its target is created (realpath follows every hop it can).
        target = Path(os.path.realpath(path))
        if target.is_symlink():
            raise UsageError(f"{path}: is a symlink loop; give a file name",
                             field="output") from None
        return target
    except OSError as error:  # ELOOP
        raise UsageError(f"{path}: is a symlink loop ({error.strerror}); give a file name",
                         field="output") from None


def _write_through(path: Path, target: Path, content: Iterable[str] | Callable[[Path], None]
                   ) -> None:
    """Write text chunks straight into a device or a pipe."""
    assert not callable(content)
    try:
        # A pipe nobody reads would make open() wait for ever: opened non-blocking, it
        # fails at once (ENXIO) instead, and is written blocking once someone reads.
        fd = os.open(target, os.O_WRONLY | os.O_NONBLOCK)
    except OSError as error:
        if error.errno == errno.ENXIO:
            raise WriteError(f"{path}: is a pipe nobody is reading; nothing was written") \
                from None
        raise WriteError(f"{path}: could not be written: {error.strerror or error}") from None
    try:
        os.set_blocking(fd, True)
        with open(fd, "w", encoding="utf-8", newline="") as handle:
            for chunk in content:
                handle.write(chunk)
    except OSError as error:
        raise WriteError(f"{path}: could not be written: {error.strerror or error}") from None


def _unchanged(path: Path, expected: bytes | None) -> None:
    try:
        current: bytes | None = path.read_bytes()
    except FileNotFoundError:
        current = None
    if current != expected:
        raise ConflictError(f"{display_path(path)} changed on disk since claimtrack read it; "
                            "nothing was written: run the command again")


def _sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` survive a crash (where the system allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def escapes(root: Path, path: Path) -> bool:
    """Whether ``path`` (a name in the folder ``root``) leads out of it through a symlink."""
    return path.is_symlink() and not inside(root, path)


def inside(root: Path, path: Path) -> bool:
    """Whether ``path`` resolves to somewhere under ``root``."""
    try:
        real_root = os.path.realpath(root)
        return os.path.commonpath([real_root, os.path.realpath(path)]) == real_root
    except (ValueError, OSError):
        return False


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when it lies below it, else absolute."""
    try:
        # The folder resolved, the name kept: a symlink is named as itself, not its target.
        full = Path(os.path.realpath(path.parent)) / path.name
        return str(full.relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)
