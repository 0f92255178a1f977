"""Upgrade a claims folder written for an older claimtrack to the current format, losslessly.

Format 2 moves a claim's ``framing`` into each of its appearances, adds each appearance's
``attribution`` (``own`` when the claimant is an editorial voice, ``explicit`` otherwise)
and each document's ``voice`` (the editorial actor of its own claims, when there is one).
In any folder, the review entries an older claimtrack wrote for a drafting or an
acceptance (``claimtrack.legacy``) become the claim's ``drafted`` and ``accepted``.

The files are read as TOML first (what to change comes from the parsed data), and then
changed statement by statement where the layout scan (``claimtrack.edit.layout``) finds
them: a key taken out leaves its comment, a key added goes after the table's last key,
and an inline array is edited by tomlkit on its own statement. Whatever the layout (tables
or inline arrays, any string style, a BOM, CRLF), every comment, blank line and untouched
line stays, and a second run changes nothing. It runs under the folder lock, and a file
changed on disk since it was read is never overwritten.
"""

from __future__ import annotations

import contextlib
import difflib
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import tomlkit
from tomlkit.items import Array, InlineTable

from claimtrack.edit.layout import Layout, LayoutError, Record, Section
from claimtrack.edit.ops import indent_of, kept_comment, key_lines, parsed_statement, toml_item
from claimtrack.edit.session import FileStyle
from claimtrack.errors import ClaimtrackError, UsageError
from claimtrack.files import UnreadableFileError, decode, escapes, read_bytes, write_atomic
from claimtrack.folder import FORMAT, SETTINGS, folder_format, settings_text
from claimtrack.legacy import ACCEPTED_NOTE, DRAFTED_NOTE, Entry, Legacy, legacy_entries

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


class _File:
    """One dossier file as read: its bytes (the changed-on-disk guard), how it is written
    (BOM, line endings), and its text as the steps have changed it so far, with its data and
    layout read when a step asks."""

    def __init__(self, path: Path, raw: bytes, style: FileStyle, text: str) -> None:
        self.path, self.raw, self.style = path, raw, style
        self.original = self.text = text
        self._parsed: tuple[dict[str, Any], Layout] | None = None

    def _parse(self) -> tuple[dict[str, Any], Layout]:
        if self._parsed is None:
            try:
                self._parsed = tomllib.loads(self.text), Layout(self.text)
            except (tomllib.TOMLDecodeError, LayoutError, RecursionError) as error:
                raise UsageError(f"cannot migrate {self.path.name}: {error}; fix it "
                                 "(`claimtrack check` says where) and run migrate again; "
                                 "nothing was written") from None
        return self._parsed

    @property
    def data(self) -> dict[str, Any]:
        """The file's data, parsed."""
        return self._parse()[0]

    @property
    def layout(self) -> Layout:
        """Where the file's statements are written."""
        return self._parse()[1]

    def change(self, text: str) -> None:
        """Take a step's new text (parsed again when the next step asks)."""
        if text != self.text:
            self.text, self._parsed = text, None


Step = Callable[[list["_File"]], Iterator[tuple["_File", str]]]


def migrate(root: Path, *, dry_run: bool = False) -> Migration:
    """Upgrade the folder to the current format, and record old drafting and acceptance
    entries as what they are (nothing to do when there is none and the format is current)."""
    from claimtrack.edit.lock import folder_lock

    with folder_lock(root):
        found = folder_format(root)
        files, outside = _read(root)
        steps: list[Step] = [_legacy_stamps]
        if found < FORMAT:
            if outside:
                raise UsageError(f"cannot migrate {outside[0]}: it is a symlink to a file "
                                 "outside the claims folder, and migrate writes only inside "
                                 "it; move the file into the folder (or link to it from "
                                 "inside) and run migrate again; nothing was written")
            steps.insert(0, _to_format_2)
        for step in steps:
            for file, new in list(step(files)):
                file.change(new)
        changes: list[tuple[Path, str | None, str]] = [
            (f.path, f.original, f.text) for f in files if f.text != f.original]
        settings = root / SETTINGS
        old_settings = settings.read_bytes() if settings.exists() else None
        if found < FORMAT:
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


def _read(root: Path) -> tuple[list[_File], list[str]]:
    """Every dossier file, read; and the names of those that are symlinks out of the folder
    (not read: the folder does not read them either)."""
    from claimtrack.index.sync import dossier_files

    files, outside = [], []
    for name in dossier_files(root):
        path = root / name
        if escapes(root, path):
            outside.append(name)
            continue
        try:
            raw = read_bytes(path)
            decoded = decode(raw)
        except UnreadableFileError as error:
            raise UsageError(f"cannot migrate {name}: {error.message}; fix it (`claimtrack "
                             "check` says where) and run migrate again; nothing was "
                             "written") from None
        style = FileStyle.of(decoded)
        files.append(_File(path, raw, style, style.plain(decoded)))
    return files, outside


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
        with _refused(file):
            yield file, _file_to_2(file, editorial, voices)


@contextlib.contextmanager
def _refused(file: _File) -> Iterator[None]:
    """A file a step cannot change as asked is one message, naming it; nothing is written."""
    try:
        yield
    except (LayoutError, tomlkit.exceptions.TOMLKitError, ClaimtrackError) as error:
        raise UsageError(f"cannot migrate {file.path.name}: {error}; nothing was "
                         "written") from None


def _list(data: dict[str, Any], name: str) -> list[dict[str, Any]]:
    return _dicts(data.get(name))


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


Splice = tuple[int, int, str]
"""Lines ``first`` up to ``end`` of a file replaced by a text (an empty span: inserted)."""


def _claims_changed(file: _File,
                    table: Callable[[Layout, Record, dict[str, Any]], Iterator[Splice]],
                    inline: Callable[[InlineTable, dict[str, Any]], bool]) -> list[Splice]:
    """The splices a step makes to a file's claims: ``table`` for each written as a
    ``[[claims]]`` table, ``inline`` (changing it in place, True when it did) for each in
    a ``claims = [ … ]`` array, which is then written again as one statement."""
    layout = file.layout
    claims = _list(file.data, "claims")
    records = layout.records("claims")
    if records and len(records) != len(claims):
        raise LayoutError(f"{len(records)} [[claims]] tables were found where the file "
                          f"holds {len(claims)} claims")
    if records:
        return [s for record, claim in zip(records, claims, strict=True)
                for s in table(layout, record, claim)]
    statement = layout.root_key("claims")
    if statement is None:
        return []
    doc, _ = parsed_statement(layout, statement)
    changed = [inline(t, t.unwrap()) for t in _inline_tables(doc.get("claims"))]
    return [(statement.first, statement.last + 1, tomlkit.dumps(doc))] if any(changed) else []


def _spliced(layout: Layout, splices: list[Splice]) -> str:
    """The text with every splice made (from the end, so the line numbers hold; a removal
    before an insertion at the same line)."""
    lines = list(layout.lines)
    if lines and not lines[-1].endswith("\n") and any(s[0] >= len(lines) for s in splices):
        lines[-1] += "\n"  # a file without a final line end: what is added goes below it
    for first, end, new in sorted(splices, key=lambda s: (s[0], s[1]), reverse=True):
        lines[first:end] = [new] if new else []
    return "".join(lines)


def _file_to_2(file: _File, editorial: set[Any], voices: dict[Any, set[Any]]) -> str:
    def table(layout: Layout, record: Record, claim: dict[str, Any]) -> Iterator[Splice]:
        if "framing" in claim:
            yield from _table_claim(layout, record.main, record.children("appearances"),
                                    claim, _added(claim, editorial))

    def inline(found: InlineTable, claim: dict[str, Any]) -> bool:
        if "framing" not in claim:
            return False
        found.pop("framing")
        _add_inline(found.get("appearances"), _added(claim, editorial))
        return True

    splices = _claims_changed(file, table, inline)
    splices += _voices(file.layout, _list(file.data, "documents"), voices)
    return _spliced(file.layout, splices)


def _added(claim: dict[str, Any], editorial: set[Any]) -> dict[str, str]:
    """What each of the claim's appearances gets, unless it has it already."""
    own = claim.get("claimant") in editorial
    return {"framing": str(claim["framing"]), "attribution": "own" if own else "explicit"}


def _table_claim(layout: Layout, main: Section, appearances: list[Section],
                 claim: dict[str, Any], added: dict[str, str]
                 ) -> Iterator[Splice]:
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
            ) -> Iterator[Splice]:
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


# -- drafting and acceptance recorded as reviews ----------------------------------------------


def _legacy_stamps(files: list[_File]) -> Iterator[tuple[_File, str]]:
    """Each file whose old drafting and acceptance review entries become ``drafted`` and
    ``accepted`` (only files that can hold one are parsed)."""
    for file in files:
        if ACCEPTED_NOTE not in file.text and DRAFTED_NOTE not in file.text:
            continue
        with _refused(file):
            new = _file_stamps(file)
        if new != file.text:
            yield file, new


def _stamps_of(claim: dict[str, Any]) -> tuple[Legacy, dict[str, Any]]:
    """The claim's old entries, and the keys that replace them."""
    reviews = _dicts(claim.get("reviews"))
    legacy = legacy_entries(
        [Entry(str(r.get("by", "")), str(r.get("status", "")), str(r.get("note", "")),
               bool(r.get("evidence"))) for r in reviews],
        drafted="drafted" in claim, accepted="accepted" in claim)
    keys: dict[str, Any] = {}
    if legacy.drafted is not None:
        entry = reviews[legacy.drafted]
        keys["drafted"] = {"by": entry["by"], "date": entry["date"]}
    if legacy.accepted is not None:
        entry = reviews[legacy.accepted]
        note = "" if entry.get("note") == ACCEPTED_NOTE else entry.get("note", "")
        keys["accepted"] = {"by": entry["by"], "date": entry["date"], "note": note}
    return legacy, keys


def _file_stamps(file: _File) -> str:
    def table(layout: Layout, record: Record, claim: dict[str, Any]) -> Iterator[Splice]:
        legacy, keys = _stamps_of(claim)
        if keys:
            yield from _table_stamps(layout, record, legacy, keys)

    def inline(found: InlineTable, claim: dict[str, Any]) -> bool:
        legacy, keys = _stamps_of(claim)
        if keys:
            _inline_stamps(found, legacy, keys)
        return bool(keys)

    return _spliced(file.layout, _claims_changed(file, table, inline))


def _table_stamps(layout: Layout, record: Record, legacy: Legacy, keys: dict[str, Any]
                  ) -> Iterator[Splice]:
    """Splices for a claim written as a ``[[claims]]`` table: the entries out (with the
    blank line before each), the keys in after the claim's last key."""
    main = record.main
    yield main.end, main.end, key_lines(keys, _key_indent(layout, main))
    inline = main.key("reviews")
    if inline is not None:
        doc, _ = parsed_statement(layout, inline)
        _drop(doc, "reviews", legacy.positions)
        yield inline.first, inline.last + 1, (tomlkit.dumps(doc) if "reviews" in doc
                                              else kept_comment(layout, inline))
        return
    sections = record.children("reviews")
    for position in legacy.positions:
        section = sections[position]
        start = section.start
        if start > 0 and not layout.lines[start - 1].strip():
            start -= 1
        yield start, section.end, ""


def _inline_stamps(table: InlineTable, legacy: Legacy, keys: dict[str, Any]) -> None:
    _drop(table, "reviews", legacy.positions)
    for key, value in keys.items():
        table[key] = toml_item({k: v for k, v in value.items() if v not in ("", None)})


def _drop(holder: Any, key: str, positions: tuple[int, ...]) -> None:
    """Take the entries at ``positions`` out of an inline array (the key too once empty)."""
    array = holder.get(key)
    if not isinstance(array, Array):
        return
    for position in sorted(positions, reverse=True):
        del array[position]
    if not len(array):
        del holder[key]
