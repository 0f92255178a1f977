"""Run one edit: under the folder lock, change one file's text, refuse it if it adds a
``check`` problem, then write it atomically (or only show the diff).

The edit is checked against the index: the changed file's new rows replace its old ones
inside a savepoint, ``check`` runs, and the savepoint is rolled back. Only the one file is
read and parsed; everything else is already in the index.
"""

from __future__ import annotations

import contextlib
import difflib
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from claimtrack.edit.lock import folder_lock
from claimtrack.errors import ClaimtrackError, Problem, UsageError
from claimtrack.files import UnreadableFileError, decode, display_path, write_atomic

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


@attrs.frozen
class _Style:
    """How a file is written that an edit keeps: a UTF-8 BOM, CRLF line endings."""

    bom: bool
    crlf: bool

    @classmethod
    def of(cls, text: str) -> _Style:
        body = text.removeprefix("\ufeff")
        # Only a file whose every line ends in CRLF is converted back and forth: the round
        # trip is then exact. A mixed file keeps its bytes, and new lines end in LF.
        newlines = body.count("\n")
        return cls(bom=text.startswith("\ufeff"),
                   crlf=newlines > 0 and body.count("\r\n") == newlines)

    def plain(self, text: str) -> str:
        """The text as the edit functions read it: no BOM, LF line endings."""
        text = text.removeprefix("\ufeff") if self.bom else text
        return text.replace("\r\n", "\n") if self.crlf else text

    def restore(self, text: str) -> str:
        """The edited text written the way the file was."""
        text = text.replace("\n", "\r\n") if self.crlf else text
        return "\ufeff" + text if self.bom else text


def _changed(change: Callable[[str], str], before: str, name: str) -> str:
    """``change(before)``; a file tomlkit cannot parse is a message, not a crash."""
    from tomlkit.exceptions import TOMLKitError

    try:
        return change(before)
    except (TOMLKitError, RecursionError) as error:
        why = "nested too deeply" if isinstance(error, RecursionError) else str(error)
        raise UsageError(f"{name}: cannot be edited, it is not valid TOML ({why}); "
                         "`claimtrack check` says where; nothing was written") from None


def _keep_format(root: Path) -> None:
    """Write the settings file of a folder that has none yet (a new, empty one): without
    it, the first dossier written would make the folder read as the older format."""
    from claimtrack.files import ConflictError
    from claimtrack.folder import SETTINGS, settings_text

    settings = root / SETTINGS
    if not settings.exists():
        with contextlib.suppress(ConflictError):  # someone wrote it meanwhile: theirs stands
            write_atomic(settings, [settings_text()], expected=None)


def apply_edit(index: Index, path: Path, change: Callable[[str], str], *,
               dry_run: bool = False) -> EditResult:
    """Apply ``change`` to the text of ``path`` (a file of the indexed claims folder)."""
    from claimtrack.check import check
    from claimtrack.errors import UsageError
    from claimtrack.files import inside
    from claimtrack.index.sync import replaced, sync

    root = index.root
    if not inside(root, path) or path.parent.resolve() != root.resolve():
        raise UsageError(f"{display_path(path)}: leads out of the claims folder (a symlink "
                         "or a path outside it); claimtrack edits only files in it")
    with folder_lock(root):
        sync(index.db, root)
        name = display_path(path)
        try:
            before_bytes = path.read_bytes() if path.exists() else None
            text = decode(before_bytes) if before_bytes is not None else ""
        except (OSError, UnreadableFileError) as error:
            why = error.message if isinstance(error, UnreadableFileError) else (
                error.strerror or str(error))
            raise UsageError(f"{name}: {why}; nothing was written") from None
        style = _Style.of(text)
        before = style.plain(text)
        after = _changed(change, before, name)
        written = style.restore(after)
        diff = "".join(difflib.unified_diff(
            before.splitlines(keepends=True), after.splitlines(keepends=True),
            fromfile=f"a/{name}", tofile=f"b/{name}"))
        old = {_key(p) for p in check(index).problems}
        with replaced(index.db, root, path.name, written.encode("utf-8")):
            new = [p.shown(root) for p in check(index).problems if _key(p) not in old]
        if new:
            shown = "\n".join(f"  {p}" for p in new[:5])
            more = f"\n  … and {len(new) - 5} more" if len(new) > 5 else ""
            raise EditRefusedError(
                f"refused: the edit would add {len(new)} problem"
                f"{'s' if len(new) != 1 else ''}; nothing was written\n{shown}{more}")
        if not dry_run:
            _keep_format(root)
            write_atomic(path, [written], expected=before_bytes)
            sync(index.db, root)
    return EditResult(path=path, diff=diff, written=not dry_run)
