"""The ``claimtrack`` command line: Typer commands over the library API."""

from __future__ import annotations

import os
import sys

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


def main() -> None:
    """Entry point of the ``claimtrack`` console script."""
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
        print(f"claimtrack: internal error: {type(exc).__name__}: {exc} "
              "(set CLAIMTRACK_DEBUG=1 for the traceback, and please report it)", file=sys.stderr)
        sys.exit(70)
