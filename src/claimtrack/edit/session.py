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
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from claimtrack.edit.lock import folder_lock
from claimtrack.errors import ClaimtrackError, Problem, UsageError
from claimtrack.files import (
    UnreadableFileError,
    decode,
    display_path,
    write_all_atomic,
    write_atomic,
)
from claimtrack.words import count

if TYPE_CHECKING:
    from claimtrack.index import Index

__all__ = ["EditRefusedError", "EditResult", "FileStyle", "apply_edit", "apply_edits"]


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


@attrs.frozen
class FileStyle:
    """How a file is written that an edit keeps: a UTF-8 BOM, CRLF line endings, no
    newline after the last line."""

    bom: bool
    crlf: bool
    open_end: bool = False
    """The last line has no newline (the edit functions add one to append after it)."""

    @classmethod
    def of(cls, text: str) -> FileStyle:
        body = text.removeprefix("\ufeff")
        # Only a file whose every line ends in CRLF is converted back and forth: the round
        # trip is then exact. A mixed file keeps its bytes, and new lines end in LF.
        newlines = body.count("\n")
        return cls(bom=text.startswith("\ufeff"),
                   crlf=newlines > 0 and body.count("\r\n") == newlines,
                   open_end=body != "" and not body.endswith("\n"))

    def plain(self, text: str) -> str:
        """The text as the edit functions read it: no BOM, LF line endings."""
        text = text.removeprefix("\ufeff") if self.bom else text
        return text.replace("\r\n", "\n") if self.crlf else text

    def restore(self, text: str) -> str:
        """The edited text written the way the file was."""
        text = text.removesuffix("\n") if self.open_end else text
        text = text.replace("\n", "\r\n") if self.crlf else text
        return "\ufeff" + text if self.bom else text


def _changed(change: Callable[[str], str], before: str, name: str) -> str:
    """``change(before)``; a file tomlkit cannot parse is a message, not a crash."""
    import tomllib

    from tomlkit.exceptions import TOMLKitError

    from claimtrack.edit.layout import LayoutError
    from claimtrack.edit.ops import UneditableError

    try:
        return change(before)
    except UneditableError as error:
        raise UsageError(f"{name}: {error.message}; nothing was written") from None
    except (TOMLKitError, tomllib.TOMLDecodeError, LayoutError, RecursionError) as error:
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
    from claimtrack.files import inside
    from claimtrack.folder import SETTINGS
    from claimtrack.index.sync import replaced, sync

    root = index.root
    root = index.root
    for path, _change in changes:
        if not inside(root, path) or path.parent.resolve() != root.resolve():
            raise UsageError(f"{display_path(path)}: leads out of the claims folder (a symlink "
                             "or a path outside it); claimtrack edits only files in it")
    texts = dict(texts or {})
    for path in texts:
        if not inside(root, path):
            raise UsageError(f"{display_path(path)}: leads out of the claims folder; "
                             "claimtrack writes only inside it")
    with folder_lock(root):
        sync(index.db, root)
        if guard is not None:
            guard()
        befores: dict[Path, bytes | None] = {}
        styles: dict[Path, FileStyle] = {}
        plains: dict[Path, str] = {}
        afters: dict[Path, str] = {}
        for path, change in changes:
            name = display_path(path)
            if path not in befores:
                try:
                    data = path.read_bytes() if path.exists() else None
                    text = decode(data) if data is not None else ""
                except (OSError, UnreadableFileError) as error:
                    why = error.message if isinstance(error, UnreadableFileError) else (
                        error.strerror or str(error))
                    raise UsageError(f"{name}: {why}; nothing was written") from None
                befores[path] = data
                styles[path] = FileStyle.of(text)
                plains[path] = afters[path] = styles[path].plain(text)
            afters[path] = _changed(change, afters[path], name)
        results = tuple(EditResult(path=path, before=plains[path], after=after,
                                   written=not dry_run)
                        for path, after in afters.items())
        for path in texts:
            if path.exists():
                raise EditRefusedError(f"{display_path(path)} already exists; nothing was "
                                       "written")
        outs = {path: styles[path].restore(after) for path, after in afters.items()}
        files = {path.name: out.encode("utf-8") for path, out in outs.items()
                 if out.encode("utf-8") != befores[path]}
        written: list[Path] = []
        made: list[Path] = []  # folders made for the texts, taken away with them
        try:
            for path, text in texts.items():
                made += [p for p in reversed(path.parents) if not p.exists()]
                path.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(path, [text], expected=None)
                written.append(path)
            old = {_key(p) for p in check(index).problems}
            # The settings file holds no records: the index has no rows of it to replace.
            dossiers = {name: data for name, data in files.items() if name != SETTINGS}
            with replaced(index.db, root, dossiers, findings=not dry_run) as replacement:
                new = [p.shown(root) for p in check(index).problems if _key(p) not in old]
                if new:
                    shown = "\n".join(f"  {p}" for p in new[:5])
                    more = f"\n  … and {len(new) - 5} more" if len(new) > 5 else ""
                    raise EditRefusedError(
                        f"refused: the edit would add {count(len(new), 'problem')}; "
                        f"nothing was written\n{shown}{more}")
                if not dry_run:
                    if dossiers:
                        _keep_format(root)
                    # All or none: a disk that fills after one file leaves every one.
                    write_all_atomic([(path, [out], befores[path])
                                      for path, out in outs.items() if path.name in files])
                    replacement.keep(dossiers)
        except BaseException:
            _take_back(written, made)
            raise
        if dry_run:
            _take_back(written, made)
    return results


def _take_back(written: Sequence[Path], made: Sequence[Path]) -> None:
    """Remove the texts written for a check, and the folders made for them: nothing is
    left behind by an edit that is refused or only shown."""
    for path in written:
        path.unlink(missing_ok=True)
    for folder in reversed(made):
        with contextlib.suppress(OSError):  # not empty: something else is in it now
            folder.rmdir()
