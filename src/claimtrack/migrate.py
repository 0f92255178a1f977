"""Upgrade a format-1 claims folder to format 2, losslessly.

Format 2 moves a claim's ``framing`` into each of its appearances, adds each appearance's
``attribution`` (``own`` when the claimant is an editorial voice, ``explicit`` otherwise)
and each document's ``voice`` (the editorial actor of its own claims, when there is one).
The files are changed as text, line by line: every comment, blank line and key order stays,
and a second run changes nothing.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

from claimtrack.errors import UsageError
from claimtrack.files import UnreadableFileError, decode, read_bytes, write_atomic
from claimtrack.folder import FORMAT, SETTINGS, folder_format, settings_text
from claimtrack.parse import parse_toml
from claimtrack.toml_lines import LineMap

__all__ = ["Migration", "migrate"]

_HEADER = re.compile(r"^\s*\[")
_KEY = re.compile(r"^(\s*)([A-Za-z0-9_\-]+|\"[^\"]*\"|'[^']*')\s*=")


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


def migrate(root: Path, *, dry_run: bool = False) -> Migration:
    """Upgrade the folder to the current format (nothing to do when it is current)."""
    from claimtrack.index.sync import dossier_files

    if folder_format(root) >= FORMAT:
        return Migration(root, ())
    names = [n for n in dossier_files(root) if n != SETTINGS]
    texts: dict[str, str] = {}
    data: dict[str, dict[str, Any]] = {}
    for name in names:
        try:
            texts[name] = decode(read_bytes(root / name)).removeprefix("\ufeff")
            data[name] = parse_toml(texts[name])
        except (UnreadableFileError, ValueError) as error:
            raise UsageError(f"cannot migrate {name}: {error}; fix it (`claimtrack check` "
                             "says where in format 1 terms) and run migrate again") from None
    editorial = {a.get("id") for d in data.values() for a in d.get("actors", [])
                 if isinstance(a, dict) and a.get("kind") == "editorial"}
    changes: list[tuple[Path, str | None, str]] = []
    for name in names:
        new = _migrate_file(texts[name], data[name], editorial)
        if new != texts[name]:
            changes.append((root / name, texts[name], new))
    changes.append((root / SETTINGS, None, settings_text()))
    if not dry_run:
        for path, old, new in changes:
            # The settings file goes last: a folder interrupted half-way is still format 1,
            # and migrating it again finishes the job.
            raw = read_bytes(path) if old is not None else None
            write_atomic(path, [new], expected=raw)
    return Migration(root, tuple(changes))


def _migrate_file(text: str, data: dict[str, Any], editorial: set[Any]) -> str:
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    where = LineMap(text)
    edits: list[tuple[int, int, list[str]]] = []  # (first line index, count removed, new)
    voices: dict[Any, set[Any]] = {}
    for number, claim in enumerate(data.get("claims", [])):
        if not isinstance(claim, dict) or "framing" not in claim:
            continue
        framing = claim["framing"]
        claimant = claim.get("claimant")
        attribution = "own" if claimant in editorial else "explicit"
        if attribution == "own":
            for appearance in claim.get("appearances", []) or []:
                if isinstance(appearance, dict):
                    voices.setdefault(appearance.get("document"), set()).add(claimant)
        key = where.line(f"claims[{number}].framing") - 1
        edits.append((key, 1, _without_key(lines[key], newline)))
        added = {"framing": framing, "attribution": attribution}
        edits.extend(_appearances(lines, where, number, claim, added, newline))
    for number, document in enumerate(data.get("documents", [])):
        if isinstance(document, dict) and "voice" not in document:
            found = voices.get(document.get("id"), set())
            if len(found) == 1:
                end = _end_of_table(lines, where.line(f"documents[{number}]") - 1)
                edits.append((end, 0, [_line(lines, end - 1, "voice", found.pop(), newline)]))
    for first, count, new in sorted(edits, key=lambda e: e[0], reverse=True):
        lines[first:first + count] = new
    return "".join(lines)


def _without_key(line: str, newline: str) -> list[str]:
    """A key line taken out; a comment that trailed it stays, on a line of its own."""
    comment = _trailing_comment(line)
    if comment is None:
        return []
    indent = line[: len(line) - len(line.lstrip())]
    return [f"{indent}{comment}{newline}"]


def _trailing_comment(line: str) -> str | None:
    quote: str | None = None
    escaped = False
    for index, char in enumerate(line):
        if quote:
            if escaped:
                escaped = False
            elif char == "\\" and quote == '"':
                escaped = True
            elif char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "#":
            return line[index:].rstrip("\r\n")
    return None


def _appearances(lines: list[str], where: LineMap, number: int, claim: dict[str, Any],
                 added: dict[str, str], newline: str) -> Iterator[tuple[int, int, list[str]]]:
    """Edits adding ``added`` to each appearance of claim ``number`` that lacks them."""
    appearances = claim.get("appearances", []) or []
    key_line = where.line(f"claims[{number}].appearances") - 1
    if _KEY.match(lines[key_line]) and lines[key_line].split("=", 1)[0].strip() == \
            "appearances":
        yield from _inline(lines, key_line, appearances, added)
        return
    for index, appearance in enumerate(appearances):
        missing = {k: v for k, v in added.items()
                   if isinstance(appearance, dict) and k not in appearance}
        if not missing:
            continue
        end = _end_of_table(lines, where.line(f"claims[{number}].appearances[{index}]") - 1)
        yield end, 0, [_line(lines, end - 1, k, v, newline) for k, v in missing.items()]


def _end_of_table(lines: Sequence[str], header: int) -> int:
    """Index just past the last content line of the table whose header is at ``header``."""
    last = header + 1
    for index in range(header + 1, len(lines)):
        stripped = lines[index].strip()
        if _HEADER.match(lines[index]) and not _KEY.match(lines[index]):
            break
        if stripped and not stripped.startswith("#"):
            last = index + 1
    return last


def _line(lines: Sequence[str], near: int, key: str, value: str, newline: str) -> str:
    """``key = "value"`` indented like the key line at ``near``."""
    sample = lines[near] if 0 <= near < len(lines) else ""
    match = _KEY.match(sample)
    indent = match.group(1) if match else ""
    return f'{indent}{key} = "{value}"{newline}'


def _inline(lines: list[str], key_line: int, appearances: list[Any],
            added: dict[str, str]) -> Iterator[tuple[int, int, list[str]]]:
    """Edits adding keys inside each inline table of an ``appearances = [ … ]`` array."""
    spans = list(_inline_tables(lines, key_line))
    for (line, close), appearance in zip(spans, appearances, strict=False):
        missing = {k: v for k, v in added.items()
                   if isinstance(appearance, dict) and k not in appearance}
        if not missing:
            continue
        text = lines[line]
        body = text[:close].rstrip()
        gap = text[len(body):close]
        extra = "".join(f', {k} = "{v}"' for k, v in missing.items())
        lines[line] = f"{body}{extra}{gap}{text[close:]}"
    yield from ()


def _inline_tables(lines: Sequence[str], start: int) -> Iterator[tuple[int, int]]:
    """(line index, column of its closing brace) of each top-level inline table of the
    array whose key is at line ``start``, in order."""
    depth_array = depth_table = 0
    quote: str | None = None
    escaped = False
    begun = False
    for index in range(start, len(lines)):
        line = lines[index]
        column = line.index("=") + 1 if index == start else 0
        while column < len(line):
            char = line[column]
            if quote:
                if escaped:
                    escaped = False
                elif char == "\\" and quote == '"':
                    escaped = True
                elif char == quote:
                    quote = None
            elif char in "\"'":
                quote = char
            elif char == "#":
                break
            elif char == "[":
                depth_array += 1
                begun = True
            elif char == "]":
                depth_array -= 1
                if begun and depth_array == 0:
                    return
            elif char == "{":
                depth_table += 1
            elif char == "}":
                depth_table -= 1
                if depth_table == 0 and depth_array == 1:
                    yield index, column
            column += 1
