"""What one TOML file of the dataset holds, before records from all files are merged."""

from __future__ import annotations

import tomllib
from typing import Any

import attrs

from claimtrack.errors import did_you_mean, one_of
from claimtrack.model import Actor, Claim, Document, Dossier, Unclaimed
from claimtrack.structure import structure
from claimtrack.toml_lines import LineMap

__all__ = ["TABLES", "FileProblem", "FileRecords", "Record", "parse_file"]

Record = Actor | Document | Claim | Unclaimed | Dossier

_RECORDS: dict[str, type[Any]] = {
    "actors": Actor,
    "documents": Document,
    "claims": Claim,
    "unclaimed": Unclaimed,
}
TABLES = ["dossier", *_RECORDS]

FileProblem = tuple[int, str, str, str]
"""A problem inside one file: line, field path, message, code."""


@attrs.frozen
class FileRecords:
    """The records of one file with their paths (``claims[3]``), its problems, its broken ids."""

    entries: tuple[tuple[str, str, Record], ...] = ()
    problems: tuple[FileProblem, ...] = ()
    broken: tuple[tuple[str, str], ...] = ()


def parse_file(text: str, lines: LineMap) -> FileRecords:
    """Parse and structure one file's text; every problem is kept with its line."""
    if not text.strip():
        return FileRecords(problems=(
            (1, "", f"file is empty; expected tables: {', '.join(TABLES)}", "empty"),))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return FileRecords(problems=(_syntax_problem(text, exc),))
    builder = _Builder(lines)
    for table, value in data.items():
        builder.table(table, value)
    return FileRecords(tuple(builder.entries), tuple(builder.problems), tuple(builder.broken))


def _syntax_problem(text: str, exc: tomllib.TOMLDecodeError) -> FileProblem:
    import re

    message = str(exc)
    match = re.search(r"\(at line (\d+), column (\d+)\)|\(at end of document\)", message)
    line = text.count("\n") + 1
    if match and match.group(1):
        line = int(match.group(1))
        message = message[: match.start()].strip() + f" at column {match.group(2)}"
    elif match:
        message = message[: match.start()].strip() + " at end of file"
    return (line, "", f"TOML syntax error: {message[:1].lower()}{message[1:]}", "syntax")


@attrs.define
class _Builder:
    lines: LineMap
    entries: list[tuple[str, str, Record]] = attrs.Factory(list)
    problems: list[FileProblem] = attrs.Factory(list)
    broken: list[tuple[str, str]] = attrs.Factory(list)

    def problem(self, path: str, message: str, code: str) -> None:
        self.problems.append((self.lines.line(path), path, message, code))

    def table(self, table: str, value: object) -> None:
        if table == "dossier":
            self.record("dossier", "dossier", Dossier, value)
        elif table in _RECORDS:
            if not isinstance(value, list):
                self.problem(table, f"expected an array of tables ([[{table}]]), "
                             "got a single value", "type")
                return
            for index, item in enumerate(value):
                self.record(table, f"{table}[{index}]", _RECORDS[table], item)
        else:
            self.problem(table, f"unknown table '{table}'; {one_of(TABLES)}"
                         f"{did_you_mean(table, TABLES)}", "unknown-key")

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
