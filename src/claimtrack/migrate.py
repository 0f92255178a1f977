"""Upgrade a claims folder written for an older claimtrack to the current format, losslessly.

Format 2 moves a claim's ``framing`` into each of its appearances, adds each appearance's
``attribution`` (``own`` when the claimant is an editorial voice, ``explicit`` otherwise)
and each document's ``voice`` (the editorial actor of its own claims, when there is one).

The files are read as TOML first (what to change comes from the parsed data), and then
changed statement by statement where the layout scan (``claimtrack.edit.layout``) finds
them: a key taken out leaves its comment, a key added goes after the table's last key,
and an inline array is edited by tomlkit on its own statement. Whatever the layout (tables
or inline arrays, any string style, a BOM, CRLF), every comment, blank line and untouched
line stays, and a second run changes nothing. It runs under the folder lock, and a file
changed on disk since it was read is never overwritten.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import tomlkit
from tomlkit.items import Array, InlineTable

from claimtrack.edit.layout import Layout, LayoutError, Section
from claimtrack.edit.ops import indent_of, kept_comment, key_lines, parsed_statement
from claimtrack.edit.session import FileStyle
from claimtrack.errors import ClaimtrackError, UsageError
from claimtrack.files import UnreadableFileError, decode, escapes, read_bytes, write_atomic
from claimtrack.folder import FORMAT, SETTINGS, folder_format, settings_text

__all__ = ["Migration", "migrate"]


@attrs.frozen
class Migration:
    """What a migration changes: each file's new text, and the unified diff."""

    root: Path
    changes: tuple[tuple[Path, str | None, str], ...]
    """(path, old text or None when new, new text)."""

    @property
    def diff(self) -> str:
        """The unified diff of every change, paths as from the claims folder's parent."""
        out: list[str] = []
        for path, old, new in self.changes:
            name = path.relative_to(self.root.parent).as_posix()
            out.extend(difflib.unified_diff(
                (old or "").splitlines(keepends=True), new.splitlines(keepends=True),
                fromfile="/dev/null" if old is None else f"a/{name}", tofile=f"b/{name}"))
        return "".join(out)


@attrs.define
class _File:
    """One dossier file as read: its bytes (the changed-on-disk guard), how it is written
    (BOM, line endings), its text as the edits see it, its data and layout."""

    path: Path
    raw: bytes
    style: FileStyle
    text: str
    data: dict[str, Any]
    layout: Layout


def migrate(root: Path, *, dry_run: bool = False) -> Migration:
    """Upgrade the folder to the current format (nothing to do when it is current)."""
    from claimtrack.edit.lock import folder_lock

    with folder_lock(root):
        found = folder_format(root)
        if found >= FORMAT:
            return Migration(root, ())
        files = _read(root)
        steps: list[Callable[[list[_File]], Iterator[tuple[_File, str]]]] = [_to_format_2]
        news: dict[Path, str] = {}
        for step in steps:
            for file, new in step(files):
                news[file.path] = new
        changes: list[tuple[Path, str | None, str]] = [
            (f.path, f.text, news[f.path]) for f in files
            if f.path in news and news[f.path] != f.text]
        settings = root / SETTINGS
        old_settings = settings.read_bytes() if settings.exists() else None
        changes.append((settings, None if old_settings is None else
                        old_settings.decode("utf-8", "replace"), settings_text()))
        if not dry_run:
            by_path = {f.path: f for f in files}
            for path, _old, new in changes:
                # The settings file goes last: a folder interrupted half-way still reads as
                # the older format, and migrating it again finishes the job.
                read = by_path.get(path)
                if read is None:
                    write_atomic(path, [new], expected=old_settings)
                else:
                    # The bytes read at the start are the guard: a file someone changed
                    # since is left alone, with a message.
                    write_atomic(path, [read.style.restore(new)], expected=read.raw)
    return Migration(root, tuple(changes))


def _read(root: Path) -> list[_File]:
    """Every dossier file, read and parsed; refused whole, naming the file, when one cannot
    be migrated (nothing is written then)."""
    from claimtrack.index.sync import dossier_files

    files = []
    for name in dossier_files(root):
        path = root / name
        if escapes(root, path):
            raise UsageError(f"cannot migrate {name}: it is a symlink to a file outside the "
                             "claims folder, and migrate writes only inside it; move the "
                             "file into the folder (or link to it from inside) and run "
                             "migrate again; nothing was written")
        try:
            raw = read_bytes(path)
            decoded = decode(raw)
            style = FileStyle.of(decoded)
            text = style.plain(decoded)
            data = tomllib.loads(text)
            layout = Layout(text)
        except (UnreadableFileError, tomllib.TOMLDecodeError, LayoutError, RecursionError) \
                as error:
            why = error.message if isinstance(error, UnreadableFileError) else str(error)
            raise UsageError(f"cannot migrate {name}: {why}; fix it (`claimtrack check` "
                             "says where) and run migrate again; nothing was written") from None
        files.append(_File(path, raw, style, text, data, layout))
    return files


# -- format 1 to format 2 --------------------------------------------------------------------


def _to_format_2(files: list[_File]) -> Iterator[tuple[_File, str]]:
    """Each file's text with framing moved to the appearances, attribution and voice added."""
    editorial = {a.get("id") for f in files for a in _list(f.data, "actors")
                 if a.get("kind") == "editorial"}
    voices: dict[Any, set[Any]] = {}
    for file in files:
        for claim in _list(file.data, "claims"):
            own = claim.get("claimant") in editorial if "framing" in claim else False
            for appearance in _dicts(claim.get("appearances")):
                if own or appearance.get("attribution") == "own":
                    voices.setdefault(appearance.get("document"), set()).add(
                        claim.get("claimant"))
    for file in files:
        try:
            yield file, _file_to_2(file, editorial, voices)
        except (LayoutError, tomlkit.exceptions.TOMLKitError) as error:
            raise UsageError(f"cannot migrate {file.path.name}: {error}; nothing was "
                             "written") from None
        except ClaimtrackError as error:
            raise UsageError(f"cannot migrate {file.path.name}: {error}; nothing was "
                             "written") from None


def _list(data: dict[str, Any], name: str) -> list[dict[str, Any]]:
    return _dicts(data.get(name))


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _file_to_2(file: _File, editorial: set[Any], voices: dict[Any, set[Any]]) -> str:
    layout = file.layout
    splices: list[tuple[int, int, str]] = []
    claims = _list(file.data, "claims")
    records = layout.records("claims")
    if records:
        for record, claim in zip(records, claims, strict=True):
            if "framing" in claim:
                added = _added(claim, editorial)
                splices += _table_claim(layout, record.main, record.children("appearances"),
                                        claim, added)
    elif (statement := layout.root_key("claims")) is not None:
        doc, _ = parsed_statement(layout, statement)
        for table in _inline_tables(doc.get("claims")):
            claim = table.unwrap()
            if "framing" in claim:
                added = _added(claim, editorial)
                table.pop("framing")
                _add_inline(table.get("appearances"), added)
        splices.append((statement.first, statement.last + 1, tomlkit.dumps(doc)))
    splices += _voices(layout, _list(file.data, "documents"), voices)
    lines = list(layout.lines)
    for first, end, new in sorted(splices, key=lambda s: s[0], reverse=True):
        lines[first:end] = [new] if new else []
    return "".join(lines)


def _added(claim: dict[str, Any], editorial: set[Any]) -> dict[str, str]:
    """What each of the claim's appearances gets, unless it has it already."""
    own = claim.get("claimant") in editorial
    return {"framing": str(claim["framing"]), "attribution": "own" if own else "explicit"}


def _table_claim(layout: Layout, main: Section, appearances: list[Section],
                 claim: dict[str, Any], added: dict[str, str]
                 ) -> Iterator[tuple[int, int, str]]:
    """Splices for a claim written as a ``[[claims]]`` table."""
    key = main.key("framing")
    if key is not None:
        yield key.first, key.last + 1, kept_comment(layout, key)
    inline = main.key("appearances")
    if inline is not None:
        doc, _ = parsed_statement(layout, inline)
        _add_inline(doc.get("appearances"), added)
        yield inline.first, inline.last + 1, tomlkit.dumps(doc)
        return
    for section, data in zip(appearances, _dicts(claim.get("appearances")), strict=False):
        missing = {k: v for k, v in added.items() if k not in data}
        if missing:
            yield section.end, section.end, key_lines(missing, _key_indent(layout, section))


def _key_indent(layout: Layout, section: Section) -> str:
    keys = [s for s in section.statements if s.kind == "key"]
    return indent_of(layout.lines[keys[-1].first]) if keys else ""


def _inline_tables(value: Any) -> list[InlineTable]:
    return [t for t in value if isinstance(t, InlineTable)] if isinstance(value, Array) else []


def _add_inline(appearances: Any, added: dict[str, str]) -> None:
    for table in _inline_tables(appearances):
        for key, value in added.items():
            if key not in table:
                table[key] = value


def _voices(layout: Layout, documents: list[dict[str, Any]], voices: dict[Any, set[Any]]
            ) -> Iterator[tuple[int, int, str]]:
    """Splices adding ``voice`` to each document whose own claims have exactly one."""
    wanted = {n: next(iter(voices[d.get("id")])) for n, d in enumerate(documents)
              if "voice" not in d and len(voices.get(d.get("id"), ())) == 1}
    if not wanted:
        return
    records = layout.records("documents")
    if records:
        for number, voice in wanted.items():
            section = records[number].main
            yield section.end, section.end, key_lines({"voice": voice},
                                                      _key_indent(layout, section))
        return
    statement = layout.root_key("documents")
    if statement is None:
        return
    doc, _ = parsed_statement(layout, statement)
    tables = _inline_tables(doc.get("documents"))
    for number, voice in wanted.items():
        tables[number]["voice"] = voice
    yield statement.first, statement.last + 1, tomlkit.dumps(doc)
