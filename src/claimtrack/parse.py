"""One TOML file of the claims folder to records: parse, then structure each record.

``rtoml`` (a compiled TOML parser) reads the folder about five times faster than
``tomllib`` and gives the same values; when it refuses a text, ``tomllib`` parses it again
so that the message and its line are the standard library's. Line numbers of records
and fields come from ``LineMap``, which scans the text itself, so they do not depend on
the parser.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

import attrs

from claimtrack.errors import did_you_mean, one_of
from claimtrack.schema import RECORDS
from claimtrack.structure import structure

__all__ = ["TABLES", "FileProblem", "FileRecords", "parse_file", "parse_toml"]

TABLES = ["dossier", *(name for name in RECORDS if name != "dossiers")]
"""The tables a dossier file may hold, as written in TOML."""

FileProblem = tuple[str, str, str, int]
"""A problem inside one file: field path (``claims[3].kind``), message, code, and its line
when the path cannot tell it (a syntax error), else 0."""


@attrs.frozen
class FileRecords:
    """The records of one file, each with its path (``claims[3]``); problems; broken ids."""

    entries: tuple[tuple[str, str, Any], ...] = ()
    """(table, path, record): ``("claims", "claims[3]", Claim(...))``."""
    problems: tuple[FileProblem, ...] = ()
    broken: tuple[tuple[str, str], ...] = ()
    """(table, id) of records that failed to structure, so references to them are not
    reported as dangling."""


def parse_toml(text: str) -> dict[str, Any]:
    """The TOML document as plain data; raise ``tomllib.TOMLDecodeError`` when invalid."""
    try:
        import rtoml
    except ImportError:  # pragma: no cover - rtoml is a dependency; tomllib is the fallback
        return tomllib.loads(text)
    try:
        return dict(rtoml.loads(text))
    except Exception:  # rtoml's errors are its own: let tomllib say what is wrong, and where
        return tomllib.loads(text)


def parse_file(text: str) -> FileRecords:
    """Parse and structure one file's text; every problem is kept, with its field path."""
    if not text.strip():
        return FileRecords(problems=(
            ("", f"file is empty; expected tables: {', '.join(TABLES)}", "empty", 1),))
    try:
        data = parse_toml(text)
    except tomllib.TOMLDecodeError as exc:
        return FileRecords(problems=(_syntax_problem(text, exc),))
    except (RecursionError, MemoryError):
        return FileRecords(problems=(
            ("", "TOML nesting is too deep to read; flatten the arrays or inline tables",
             "syntax", 1),))
    builder = _Builder()
    for name, value in data.items():
        builder.table(name, value)
    return FileRecords(tuple(builder.entries), tuple(builder.problems), tuple(builder.broken))


_SYNTAX_LINE = re.compile(r"\(at line (\d+), column (\d+)\)|\(at end of document\)")


def _syntax_problem(text: str, exc: tomllib.TOMLDecodeError) -> FileProblem:
    message = str(exc)
    match = _SYNTAX_LINE.search(message)
    line = text.count("\n") + 1
    if match and match.group(1):
        line = int(match.group(1))
        message = message[: match.start()].strip() + f" at column {match.group(2)}"
    elif match:
        message = message[: match.start()].strip() + " at end of file"
    return ("", f"TOML syntax error: {message[:1].lower()}{message[1:]}", "syntax", line)


@attrs.define
class _Builder:
    entries: list[tuple[str, str, Any]] = attrs.Factory(list)
    problems: list[FileProblem] = attrs.Factory(list)
    broken: list[tuple[str, str]] = attrs.Factory(list)

    def problem(self, path: str, message: str, code: str) -> None:
        self.problems.append((path, message, code, 0))

    def table(self, name: str, value: object) -> None:
        if name == "dossier":
            self.record("dossiers", "dossier", RECORDS["dossiers"], value)
        elif name in RECORDS and name != "dossiers":
            if not isinstance(value, list):
                self.problem(name, f"expected an array of tables ([[{name}]]), "
                             "got a single value", "type")
                return
            for index, item in enumerate(value):
                self.record(name, f"{name}[{index}]", RECORDS[name], item)
        else:
            self.problem(name, f"unknown table '{name}'; {one_of(TABLES)}"
                         f"{did_you_mean(name, TABLES)}", "unknown-key")

    def record(self, table: str, key: str, cls: type[Any], data: object) -> None:
        record, errors = structure(data, cls)
        for field, message in errors:
            path = key if not field else (f"{key}{field}" if field.startswith("[")
                                          else f"{key}.{field}")
            code = "unknown-key" if message.startswith("unknown key") else "type"
            self.problem(path, message, code)
        if record is not None:
            self.entries.append((table, key, record))
        elif isinstance(data, dict) and isinstance(data.get("id"), str):
            self.broken.append((table, data["id"]))
