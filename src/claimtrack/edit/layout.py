"""Where each table and record of a TOML text is written: the lines an edit may touch.

An edit changes one record, and its diff must hold only that record's lines. The TOML
text is scanned statement by statement (headers, keys with their values, comments, blank
lines), strings and multi-line arrays included, so a ``[[claims]]`` inside a multi-line
string is never taken for a header. From the statements come the file's sections (a
header and its keys) and its records (a ``[[claims]]`` section with its sub-tables).
The scan expects valid TOML (the file was parsed before) and raises LayoutError
otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property

import attrs

__all__ = ["Layout", "LayoutError", "Record", "Section", "Statement"]


class LayoutError(ValueError):
    """The text is not TOML the scan can follow."""


_WS = re.compile(r"[ \t]*")
_BARE = re.compile(r"[A-Za-z0-9_\-]+")
_BASIC = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_LITERAL = re.compile(r"'[^'\n]*'")
_ML_BASIC = re.compile(r'"""(?:[^"\\]|\\[\s\S]|"{1,2}(?!"))*"{3,5}')
_ML_LITERAL = re.compile(r"'''(?:[^']|'{1,2}(?!'))*'{3,5}")
_SCALAR = re.compile(r"\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
                     r"(?:[Zz]|[+-]\d{2}:\d{2})?)?|[^\s,\]\}#=\[\{\"']+")
_END = re.compile(r"[ \t]*(#[^\n]*)?(?:\r?\n|$)")
_GAP = re.compile(r"(?:[ \t\r\n]|#[^\n]*)*")
_ESCAPE = re.compile(r'\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))', re.S)
_FAST = re.compile(
    r'[ \t]*(?:(?P<comment>#[^\n]*)'
    r'|(?P<key>[A-Za-z0-9_\-]+)[ \t]*=[ \t]*(?P<value>"(?:[^"\\\n]|\\.)*"'
    r'|\d{4}-\d{2}-\d{2}|true|false|-?\d+'
    r'|\[[ \t]*(?:"(?:[^"\\\n]|\\.)*"[ \t]*,[ \t]*)*(?:"(?:[^"\\\n]|\\.)*"[ \t]*)?\])'
    r'[ \t]*(?P<trail>#[^\n]*)?'
    r'|(?P<open>\[\[?)[ \t]*(?P<header>[A-Za-z0-9_\-]+(?:\.[A-Za-z0-9_\-]+)*)[ \t]*'
    r'(?P<close>\]\]?)[ \t]*(?:#[^\n]*)?)?'
    r'(?:\r?\n|$)')
"""One whole line of the common shapes, read at once: a blank line, a comment, a header
of bare names, a key with a one-line string, date, number, boolean or list of strings."""
_SIMPLE = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\",
           "e": "\x1b"}


@attrs.frozen
class Statement:
    """One statement: a header, a key with its value, a comment line or a blank line."""

    kind: str
    """``header``, ``key``, ``comment`` or ``blank``."""
    first: int
    """Its first line (from 0)."""
    last: int
    """Its last line (a value may span several)."""
    name: tuple[str, ...] = ()
    """A header's table path, or a key's dotted path, unquoted."""
    array: bool = False
    """A ``[[header]]``."""
    value: str = ""
    """A key's value as written (the text after ``=``)."""
    comment: str = ""
    """The comment after a key's value or a header, on its last line (with its ``#``)."""


@attrs.frozen
class Section:
    """A header and the statements up to the next one (the root section has no header)."""

    name: tuple[str, ...]
    array: bool
    header: int | None
    """The header's line; None for the keys before the first header."""
    statements: tuple[Statement, ...]
    stop: int
    """The next header's line, or the number of lines."""

    @property
    def start(self) -> int:
        """Its first line: the header's, or 0."""
        return 0 if self.header is None else self.header

    @property
    def end(self) -> int:
        """The line just past its last key (or header): comments and blank lines after it
        head what follows, and are not the section's."""
        keys = [s.last for s in self.statements if s.kind == "key"]
        return (max(keys) + 1) if keys else self.start + (0 if self.header is None else 1)

    def key(self, name: str) -> Statement | None:
        """The statement setting top-level key ``name`` of this table, if any."""
        return next((s for s in self.statements if s.kind == "key" and s.name[:1] == (name,)),
                    None)


@attrs.frozen
class Record:
    """One ``[[name]]`` record: its own section and the sub-tables written after it."""

    position: int
    """Its place among the file's ``[[name]]`` records, from 0."""
    sections: tuple[Section, ...]

    @property
    def main(self) -> Section:
        """The record's own table."""
        return self.sections[0]

    @property
    def start(self) -> int:
        """The header's line."""
        return self.main.start

    @property
    def end(self) -> int:
        """The line just past its last key, in any of its sections."""
        return max(s.end for s in self.sections)

    def children(self, key: str) -> list[Section]:
        """Its ``[[name.key]]`` sub-tables, in file order."""
        want = (*self.main.name, key)
        return [s for s in self.sections[1:] if s.name == want and s.array]


class Layout:
    """The statements, sections and records of one TOML text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.splitlines(keepends=True)
        self.statements = tuple(_Scanner(text).statements())

    @cached_property
    def sections(self) -> tuple[Section, ...]:
        """Every section, in file order, the root one first."""
        out: list[Section] = []
        name: tuple[str, ...] = ()
        array, header = False, None
        current: list[Statement] = []
        for statement in self.statements:
            if statement.kind == "header":
                out.append(Section(name, array, header, tuple(current), statement.first))
                name, array, header, current = (statement.name, statement.array,
                                                 statement.first, [])
            else:
                current.append(statement)
        out.append(Section(name, array, header, tuple(current), len(self.lines)))
        return tuple(out)

    def records(self, name: str) -> list[Record]:
        """The ``[[name]]`` records, each with the sub-tables that follow it."""
        out: list[Record] = []
        current: list[Section] = []
        for section in self.sections:
            if section.name == (name,) and section.array:
                if current:
                    out.append(Record(len(out), tuple(current)))
                current = [section]
            elif current and section.name[:1] == (name,) and len(section.name) > 1:
                current.append(section)
            elif out and section.name[:1] == (name,) and len(section.name) > 1:
                # TOML adds it to the last record, across the table between: no edit made
                # by lines can follow that, so it is refused rather than misread.
                header = ".".join(section.name)
                raise LayoutError(f"[{'[' if section.array else ''}{header}"
                                  f"{']' if section.array else ''}] at line "
                                  f"{section.start + 1} is written after another table, "
                                  f"away from the [[{name}]] it belongs to; move it up under "
                                  "that table")
            elif current:
                out.append(Record(len(out), tuple(current)))
                current = []
        if current:
            out.append(Record(len(out), tuple(current)))
        return out

    def record(self, name: str, record_id: str) -> Record | None:
        """The ``[[name]]`` record whose ``id`` is ``record_id``; None when the file has no
        such table (it may be written inline); LayoutError when several have it."""
        found = [r for r in self.records(name) if self.string(r.main.key("id")) == record_id]
        if len(found) > 1:
            raise LayoutError(f"{len(found)} [[{name}]] tables have id '{record_id}'")
        return found[0] if found else None

    def root_key(self, name: str) -> Statement | None:
        """The statement writing ``name = …`` before any header (an inline array)."""
        return self.sections[0].key(name)

    def span(self, first: int, end: int) -> str:
        """The text of lines ``first`` up to (not including) ``end``."""
        return "".join(self.lines[first:end])

    def string(self, statement: Statement | None) -> str | None:
        """A key's value when it is a one-line string, else None."""
        if statement is None:
            return None
        value = statement.value.strip()
        if _LITERAL.fullmatch(value):
            return value[1:-1]
        if _BASIC.fullmatch(value):
            return _unescape(value[1:-1])
        return None

    def replace(self, first: int, end: int, new: str) -> str:
        """The text with lines ``first`` up to ``end`` replaced by ``new``."""
        return "".join([*self.lines[:first], new, *self.lines[end:]])


def _unescape(body: str) -> str:
    def one(match: re.Match[str]) -> str:
        if match.group(1) or match.group(2):
            return chr(int(match.group(1) or match.group(2), 16))
        return _SIMPLE.get(match.group(3), match.group(0))

    return _ESCAPE.sub(one, body) if "\\" in body else body


class _Scanner:
    """Reads a TOML text statement by statement, keeping count of lines."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 0

    def statements(self) -> Iterator[Statement]:
        text = self.text
        fast = _FAST.match
        if text.startswith("\ufeff"):
            self.pos = 1  # a BOM is not part of the first statement
        while self.pos < len(text):
            first = self.line
            line = fast(text, self.pos)
            if line is not None and (line.group("open") is None
                                     or len(line.group("open")) == len(line.group("close"))):
                self.pos = line.end()
                self.line += 1
                if line.group("comment") is not None:
                    yield Statement("comment", first, first)
                elif line.group("key") is not None:
                    yield Statement("key", first, first, (line.group("key"),),
                                    value=line.group("value"),
                                    comment=line.group("trail") or "")
                elif line.group("header") is not None:
                    yield Statement("header", first, first,
                                    tuple(line.group("header").split(".")),
                                    len(line.group("open")) == 2)
                else:
                    yield Statement("blank", first, first)
                continue
            self._skip(_WS)
            char = text[self.pos] if self.pos < len(text) else "\n"
            if char in "\r\n":
                self._newline()
                yield Statement("blank", first, first)
            elif char == "#":
                self._finish()
                yield Statement("comment", first, first)
            elif char == "[":
                array = text.startswith("[[", self.pos)
                self.pos += 2 if array else 1
                name = self._key()
                self._skip(_WS)
                close = "]]" if array else "]"
                if not text.startswith(close, self.pos):
                    raise self._error(f"expected '{close}'")
                self.pos += len(close)
                self._finish()
                yield Statement("header", first, first, name, array)
            else:
                name = self._key()
                self._skip(_WS)
                if not text.startswith("=", self.pos):
                    raise self._error("expected '='")
                self.pos += 1
                self._skip(_WS)
                start = self.pos
                self._value()
                value = text[start:self.pos]
                last = self.line
                comment = self._finish()
                yield Statement("key", first, last, name, value=value, comment=comment)

    def _error(self, what: str) -> LayoutError:
        return LayoutError(f"line {self.line + 1}: {what}")

    def _skip(self, pattern: re.Pattern[str]) -> str:
        match = pattern.match(self.text, self.pos)
        assert match is not None
        found = match.group(0)
        self.line += found.count("\n")
        self.pos = match.end()
        return found

    def _newline(self) -> None:
        if self.text.startswith("\r\n", self.pos):
            self.pos += 2
        else:
            self.pos += 1
        self.line += 1

    def _finish(self) -> str:
        """The rest of the line: spaces, a comment (returned), the newline."""
        match = _END.match(self.text, self.pos)
        if match is None:
            raise self._error("unexpected text after the statement")
        self.pos = match.end()
        if match.group(0).endswith("\n"):
            self.line += 1
        return match.group(1) or ""

    def _key(self) -> tuple[str, ...]:
        parts = []
        while True:
            self._skip(_WS)
            for pattern, quoted in ((_BASIC, True), (_LITERAL, True), (_BARE, False)):
                match = pattern.match(self.text, self.pos)
                if match:
                    raw = match.group(0)
                    parts.append((_unescape(raw[1:-1]) if raw[0] == '"' else raw[1:-1])
                                 if quoted else raw)
                    self.pos = match.end()
                    break
            else:
                raise self._error("expected a key")
            self._skip(_WS)
            if not self.text.startswith(".", self.pos):
                return tuple(parts)
            self.pos += 1

    def _value(self, depth: int = 0) -> None:
        if depth > 200:
            raise LayoutError("values nested too deeply")
        text, pos = self.text, self.pos
        pattern = (_ML_BASIC if text.startswith('"""', pos) else
                   _ML_LITERAL if text.startswith("'''", pos) else
                   _BASIC if text.startswith('"', pos) else
                   _LITERAL if text.startswith("'", pos) else None)
        if pattern is not None:
            match = pattern.match(text, pos)
            if match is None:
                raise self._error("unterminated string")
            self.line += match.group(0).count("\n")
            self.pos = match.end()
            return
        if text.startswith("[", pos):
            self.pos += 1
            self._items("]", depth)
        elif text.startswith("{", pos):
            self.pos += 1
            self._items("}", depth)
        else:
            match = _SCALAR.match(text, pos)
            if match is None:
                raise self._error("expected a value")
            self.pos = match.end()

    def _items(self, close: str, depth: int) -> None:
        """The items of an array (``]``) or an inline table (``}``) up to its end."""
        while True:
            self._skip(_GAP)
            if self.text.startswith(close, self.pos):
                self.pos += 1
                return
            if close == "}":
                self._key()
                self._skip(_WS)
                if not self.text.startswith("=", self.pos):
                    raise self._error("expected '='")
                self.pos += 1
                self._skip(_WS)
            self._value(depth + 1)
            self._skip(_GAP)
            if self.text.startswith(",", self.pos):
                self.pos += 1
            elif not self.text.startswith(close, self.pos):
                raise self._error(f"expected ',' or '{close}'")

