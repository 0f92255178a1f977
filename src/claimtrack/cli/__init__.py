"""The ``claimtrack`` command line: Typer commands over the library API."""

from __future__ import annotations

import io
import os
import sys
from typing import Any

from claimtrack.cli import actors as _actors  # noqa: F401 - registers the commands
from claimtrack.cli import check as _check  # noqa: F401 - registers the command
from claimtrack.cli import edit as _edit  # noqa: F401 - registers the commands
from claimtrack.cli import export as _export  # noqa: F401 - registers the command
from claimtrack.cli import extract as _extract  # noqa: F401 - registers the command
from claimtrack.cli import imports as _imports  # noqa: F401 - registers the commands
from claimtrack.cli import match as _match  # noqa: F401 - registers the command
from claimtrack.cli import query as _query  # noqa: F401 - registers the commands
from claimtrack.cli import serve as _serve  # noqa: F401 - registers the command
from claimtrack.cli._app import app

__all__ = ["app", "main"]


class _InertStream(io.TextIOBase):
    """Standard error as claimtrack writes it: every message, its own or Click's, shown
    with nothing a terminal would act on (``claimtrack.inert.visible``)."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        from claimtrack.inert import visible

        self._stream.write(visible(text))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return bool(self._stream.isatty())

    def fileno(self) -> int:
        return int(self._stream.fileno())

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return str(self._stream.encoding)


_PATH_OPTIONS = ("--claims", "-o", "--output", "--evaluate")


def _undecodable(args: list[str]) -> str | None:
    """The first argument that was not UTF-8 (a path option's value may be any bytes)."""
    for i, arg in enumerate(args):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            before = args[i - 1] if i else ""
            if before in _PATH_OPTIONS or arg.startswith(tuple(f"{o}=" for o in _PATH_OPTIONS)):
                continue
            return arg
    return None


def main() -> None:
    """Entry point of the ``claimtrack`` console script."""
    sys.stderr = _InertStream(sys.stderr)
    bad = _undecodable(sys.argv[1:])
    if bad is not None:
        from claimtrack.inert import visible

        print(f"claimtrack: argument '{visible(bad)}' is not UTF-8 text; claimtrack reads its "
              "arguments as UTF-8 (file names after --claims, -o and --evaluate may be any "
              "bytes)", file=sys.stderr)
        sys.exit(2)
    try:
        app()
    except KeyboardInterrupt:
        print("claimtrack: interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:
        # Every expected failure is handled where it happens; this is the last guard so a
        # bug still gives one line, not a traceback. CLAIMTRACK_DEBUG=1 shows the traceback.
        if os.environ.get("CLAIMTRACK_DEBUG"):
            raise
        print(f"claimtrack: internal error: {type(exc).__name__}: {exc} (this is a bug: "
              "please report it with the command you ran and the output of the same command "
              "under CLAIMTRACK_DEBUG=1, which shows the traceback)", file=sys.stderr)
        sys.exit(70)
