"""Run one edit: under the folder lock, change one file's text, refuse it if it adds a
``check`` problem, then write it atomically (or only show the diff).

The edit is checked against the index: the changed file's new rows replace its old ones
inside a savepoint, ``check`` runs, and the savepoint is rolled back. Only the one file is
read and parsed; everything else is already in the index.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping, Sequence
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
               dry_run: bool = False, guard: Callable[[], None] | None = None) -> EditResult:
    """Apply ``change`` to the text of ``path`` (a file of the indexed claims folder)."""
    return apply_edits(index, [(path, change)], dry_run=dry_run, guard=guard)[0]


def apply_edits(index: Index, changes: Sequence[tuple[Path, Callable[[str], str]]], *,
                texts: Mapping[Path, str] | None = None, dry_run: bool = False,
                guard: Callable[[], None] | None = None) -> tuple[EditResult, ...]:
    """Apply each change to its file's text, check them together once, then write them.

    Changes to one path are applied in order. ``texts`` are new document texts the changed
    dossiers refer to: written first (the check reads them), and taken away again when the
    edit is refused or only shown. ``guard`` runs under the lock once the index is up to
    date, before anything is changed: it raises to refuse the edit (a form rendered before
    the claim last changed).
    """
    from claimtrack.check import check
    from claimtrack.index.sync import replaced, sync

    root = index.root
    texts = dict(texts or {})
    with folder_lock(root):
        sync(index.db, root)
        if guard is not None:
            guard()
        befores: dict[Path, bytes | None] = {}
        afters: dict[Path, str] = {}
        for path, change in changes:
            if path not in befores:
                befores[path] = path.read_bytes() if path.exists() else None
                afters[path] = (befores[path] or b"").decode("utf-8")
            afters[path] = change(afters[path])
        results = tuple(EditResult(path=path, before=(befores[path] or b"").decode("utf-8"),
                                   after=after, written=not dry_run)
                        for path, after in afters.items())
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
            files = {path.name: after.encode("utf-8") for path, after in afters.items()
                     if after.encode("utf-8") != befores[path]}
            with replaced(index.db, root, files, findings=not dry_run) as replacement:
                new = [p.shown(root) for p in check(index).problems if _key(p) not in old]
                if new:
                    shown = "\n".join(f"  {p}" for p in new[:5])
                    more = f"\n  … and {len(new) - 5} more" if len(new) > 5 else ""
                    raise EditRefusedError(
                        f"refused: the edit would add {len(new)} problem"
                        f"{'s' if len(new) != 1 else ''}; nothing was written\n{shown}{more}")
                if not dry_run:
                    for path in afters:
                        if path.name in files:
                            write_atomic(path, [afters[path]], expected=befores[path])
                    replacement.keep(files)
        except BaseException:
            for path in written:
                path.unlink(missing_ok=True)
            raise
        if dry_run:
            for path in written:
                path.unlink(missing_ok=True)
    return results
