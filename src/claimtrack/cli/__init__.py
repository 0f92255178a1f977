"""The ``claimtrack`` command line: Typer commands over the library API."""

from __future__ import annotations

import io
import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer

__all__ = ["app", "main"]

COMMANDS = {
    "actor": "actors", "rename": "actors", "check": "check", "add": "edit", "edit": "edit",
    "remove": "edit", "accept": "edit", "review": "edit", "link": "edit", "unlink": "edit",
    "new-actor": "edit", "migrate": "edit", "export": "export", "schema": "export",
    "extract": "extract", "import": "imports", "match": "match", "list": "query",
    "show": "query", "sources": "query", "flags": "query", "xref": "query",
    "timeline": "query", "serve": "serve",
}
"""Each command, and the module of ``claimtrack.cli`` that defines it: a run imports only
the one it needs (every module registers its commands with ``_app.app`` as it is
imported); ``app`` has them all."""

_GLOBAL_VALUES = ("--claims",)
"""Global options that take a value (the command comes after it)."""


def _load(modules: list[str]) -> typer.Typer:
    for module in modules:
        # __import__, not importlib.import_module: python -X importtime sees it.
        __import__(f"claimtrack.cli.{module}")
    from claimtrack.cli._app import app

    return app


def __getattr__(name: str) -> Any:
    if name == "app":  # the whole command line, every command registered
        return _load(sorted(set(COMMANDS.values())))
    raise AttributeError(f"module 'claimtrack.cli' has no attribute {name!r}")


def _command(args: list[str]) -> str | None:
    """The command the arguments name (None before one, e.g. ``--help``)."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in _GLOBAL_VALUES:
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


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
    args = sys.argv[1:]
    if args == ["--version"]:  # before Typer loads: the lightest command there is
        from claimtrack import __version__

        print(f"claimtrack {__version__}")
        return
    command = _command(args)
    loaded = _load([COMMANDS[command]] if command in COMMANDS else
                   sorted(set(COMMANDS.values())))
    app = globals().get("app", loaded)  # (one set on the module, a test's, comes first)
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
