"""Run one edit: under the folder lock, change one file's text, refuse it if it adds a
``check`` problem, then write it atomically (or only show the diff).

The edit is checked against the index: the changed file's new rows replace its old ones
inside a savepoint, ``check`` runs, and the savepoint is rolled back. Only the one file is
read and parsed; everything else is already in the index.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from claimtrack.edit.lock import folder_lock
from claimtrack.errors import ClaimtrackError, Problem
from claimtrack.files import display_path, write_atomic

if TYPE_CHECKING:
    from claimtrack.index import Index

__all__ = ["EditRefusedError", "EditResult", "apply_edit", "apply_edits"]


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
               dry_run: bool = False, guard: Callable[[], None] | None = None) -> EditResult:
    """Apply ``change`` to the text of ``path`` (a file of the indexed claims folder)."""
    return apply_edits(index, [(path, change)], dry_run=dry_run, guard=guard)[0]


def apply_edits(index: Index, changes: Sequence[tuple[Path, Callable[[str], str]]], *,
                dry_run: bool = False, guard: Callable[[], None] | None = None
                ) -> tuple[EditResult, ...]:
    """Apply each change to its file's text, checked together, then write them one by one.

    ``guard`` runs under the lock once the index is up to date, before anything is changed:
    it raises to refuse the edit (a form rendered before the claim last changed). Changes
    to one path are applied in order.
    """
    from claimtrack.check import check
    from claimtrack.index.sync import replaced_files, sync

    root = index.root
    with folder_lock(root):
        sync(index.db, root)
        if guard is not None:
            guard()
        before: dict[Path, bytes | None] = {}
        after: dict[Path, str] = {}
        for path, change in changes:
            if path not in before:
                before[path] = path.read_bytes() if path.exists() else None
                after[path] = (before[path] or b"").decode("utf-8")
            after[path] = change(after[path])
        old = {_key(p) for p in check(index).problems}
        edited = [(path.name, text.encode("utf-8")) for path, text in after.items()]
        with replaced_files(index.db, root, edited):
            new = [p.shown(root) for p in check(index).problems if _key(p) not in old]
        if new:
            shown = "\n".join(f"  {p}" for p in new[:5])
            more = f"\n  … and {len(new) - 5} more" if len(new) > 5 else ""
            raise EditRefusedError(
                f"refused: the edit would add {len(new)} problem"
                f"{'s' if len(new) != 1 else ''}; nothing was written\n{shown}{more}")
        results = []
        for path, text in after.items():
            old_text = (before[path] or b"").decode("utf-8")
            name = display_path(path)
            diff = "".join(difflib.unified_diff(
                old_text.splitlines(keepends=True), text.splitlines(keepends=True),
                fromfile=f"a/{name}", tofile=f"b/{name}"))
            results.append(EditResult(path=path, diff=diff, written=not dry_run))
        if not dry_run:
            for path, text in after.items():
                if text.encode("utf-8") != before[path]:
                    write_atomic(path, [text], expected=before[path])
            sync(index.db, root)
    return tuple(results)
