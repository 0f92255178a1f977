"""Run one edit: under the folder lock, change one file's text, refuse it if it adds a
``check`` problem, then write it atomically (or only show the diff).

The edit is checked against the index: the changed file's new rows replace its old ones
inside a savepoint, ``check`` runs, and the savepoint is rolled back. Only the one file is
read and parsed; everything else is already in the index.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from claimtrack.edit.lock import folder_lock
from claimtrack.errors import ClaimtrackError, Problem
from claimtrack.files import display_path, write_atomic

if TYPE_CHECKING:
    from claimtrack.index import Index

__all__ = ["EditRefusedError", "EditResult", "apply_edit"]


class EditRefusedError(ClaimtrackError):
    """The edit would leave the folder with a new ``check`` problem; nothing was written."""


@attrs.frozen
class EditResult:
    """What an edit changed (or would change, with ``dry_run``)."""

    path: Path
    diff: str
    written: bool


def _key(problem: Problem) -> tuple[str, str, str]:
    # Lines move when a file is edited; a problem is the same problem wherever it sits.
    return (problem.path, problem.code, re.sub(r":\d+\b", ":N", problem.message))


def apply_edit(index: Index, path: Path, change: Callable[[str], str], *,
               dry_run: bool = False) -> EditResult:
    """Apply ``change`` to the text of ``path`` (a file of the indexed claims folder)."""
    from claimtrack.check import check
    from claimtrack.index.sync import replaced, sync

    root = index.root
    with folder_lock(root):
        sync(index.db, root)
        before_bytes = path.read_bytes() if path.exists() else None
        before = before_bytes.decode("utf-8") if before_bytes is not None else ""
        after = change(before)
        name = display_path(path)
        diff = "".join(difflib.unified_diff(
            before.splitlines(keepends=True), after.splitlines(keepends=True),
            fromfile=f"a/{name}", tofile=f"b/{name}"))
        old = {_key(p) for p in check(index).problems}
        with replaced(index.db, root, path.name, after.encode("utf-8")):
            new = [p.shown(root) for p in check(index).problems if _key(p) not in old]
        if new:
            shown = "\n".join(f"  {p}" for p in new[:5])
            more = f"\n  … and {len(new) - 5} more" if len(new) > 5 else ""
            raise EditRefusedError(
                f"refused: the edit would add {len(new)} problem"
                f"{'s' if len(new) != 1 else ''}; nothing was written\n{shown}{more}")
        if not dry_run:
            write_atomic(path, [after], expected=before_bytes)
            sync(index.db, root)
    return EditResult(path=path, diff=diff, written=not dry_run)
