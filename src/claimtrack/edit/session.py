"""Run one edit: under the folder lock, change one file's text, refuse it if it adds a
``check`` problem, then write it atomically (or only show the diff).

The edit is checked against the index: the changed file's new rows replace its old ones
inside a savepoint, ``check`` runs, and the savepoint is rolled back. Only the one file is
read and parsed; everything else is already in the index.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
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
    before: str
    after: str
    written: bool

    @property
    def diff(self) -> str:
        """The change as a unified diff (worked out when asked: a bulk edit's is large)."""
        name = display_path(self.path)
        return "".join(difflib.unified_diff(
            self.before.splitlines(keepends=True), self.after.splitlines(keepends=True),
            fromfile=f"a/{name}", tofile=f"b/{name}"))


def _key(problem: Problem) -> tuple[str, str, str]:
    # Lines move when a file is edited; a problem is the same problem wherever it sits.
    return (problem.path, problem.code, re.sub(r":\d+\b", ":N", problem.message))


def apply_edit(index: Index, path: Path, change: Callable[[str], str], *,
               dry_run: bool = False) -> EditResult:
    """Apply ``change`` to the text of ``path`` (a file of the indexed claims folder)."""
    return apply_edits(index, {path: change}, dry_run=dry_run)[0]


def apply_edits(index: Index, changes: Mapping[Path, Callable[[str], str]], *,
                texts: Mapping[Path, str] | None = None,
                dry_run: bool = False) -> list[EditResult]:
    """Apply several changes (one per dossier file) as one edit, checked once.

    ``texts`` are new document texts the changed dossiers refer to: written first (the
    check reads them), and taken away again when the edit is refused or only shown.
    """
    from claimtrack.check import check
    from claimtrack.index.sync import replaced, sync

    root = index.root
    texts = dict(texts or {})
    with folder_lock(root):
        sync(index.db, root)
        befores: dict[Path, bytes | None] = {}
        afters: dict[Path, str] = {}
        results = []
        for path, change in changes.items():
            before_bytes = path.read_bytes() if path.exists() else None
            before = before_bytes.decode("utf-8") if before_bytes is not None else ""
            befores[path], afters[path] = before_bytes, change(before)
            results.append(EditResult(path=path, before=before, after=afters[path],
                                      written=not dry_run))
        for path in texts:
            if path.exists():
                raise EditRefusedError(f"{display_path(path)} already exists; nothing was "
                                       "written")
        written: list[Path] = []
        try:
            for path, text in texts.items():
                path.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(path, [text], expected=None)
                written.append(path)
            old = {_key(p) for p in check(index).problems}
            files = {path.name: afters[path].encode("utf-8") for path in afters}
            with replaced(index.db, root, files, findings=not dry_run) as replacement:
                new = [p.shown(root) for p in check(index).problems if _key(p) not in old]
                if new:
                    shown = "\n".join(f"  {p}" for p in new[:5])
                    more = f"\n  … and {len(new) - 5} more" if len(new) > 5 else ""
                    raise EditRefusedError(
                        f"refused: the edit would add {len(new)} problem"
                        f"{'s' if len(new) != 1 else ''}; nothing was written\n{shown}{more}")
                if not dry_run:
                    for path, after in afters.items():
                        write_atomic(path, [after], expected=befores[path])
                    replacement.keep(files)
        except BaseException:
            for path in written:
                path.unlink(missing_ok=True)
            raise
        if dry_run:
            for path in written:
                path.unlink(missing_ok=True)
    return results
