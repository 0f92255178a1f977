"""The loaded dataset: every record by id, where it was written, and what went wrong loading it."""

from __future__ import annotations

import os
from pathlib import Path

import attrs

from claimtrack.errors import Problem
from claimtrack.model import Actor, Claim, Document, Dossier, Unclaimed
from claimtrack.toml_lines import LineMap

__all__ = ["Dataset", "Origin", "SourceFile", "display_path", "inside"]


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when it lies below it, else absolute."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


@attrs.frozen
class SourceFile:
    """One TOML file of the dataset with the line map of its text."""

    path: Path
    lines: LineMap = attrs.field(eq=False, repr=False)

    @property
    def display(self) -> str:
        """The path as shown in messages."""
        return display_path(self.path)


@attrs.frozen
class Origin:
    """Where a record was written: its file and its path inside it (``claims[3]``)."""

    file: SourceFile
    key: str

    @property
    def line(self) -> int:
        """The line of the record's header."""
        return self.file.lines.line(self.key)

    def path_of(self, field: str) -> str:
        """The full path of one of the record's fields (``claims[3].reviews[0].status``)."""
        if not field:
            return self.key
        return f"{self.key}{field}" if field.startswith("[") else f"{self.key}.{field}"

    def line_of(self, field: str) -> int:
        """The line of one of the record's fields (``reviews[0].status``)."""
        return self.file.lines.line(self.path_of(field))

    def problem(self, field: str, message: str, code: str) -> Problem:
        """A problem pinned to one of this record's fields."""
        return Problem(self.file.display, self.line_of(field), self.path_of(field), message, code)


@attrs.define
class Dataset:
    """Every actor, document and claim of a ``claims/`` folder, by id."""

    root: Path
    files: list[SourceFile] = attrs.Factory(list)
    actors: dict[str, Actor] = attrs.Factory(dict)
    documents: dict[str, Document] = attrs.Factory(dict)
    claims: dict[str, Claim] = attrs.Factory(dict)
    unclaimed: list[tuple[Unclaimed, Origin]] = attrs.Factory(list)
    dossiers: dict[str, Dossier] = attrs.Factory(dict)
    origins: dict[tuple[str, str], Origin] = attrs.Factory(dict)
    problems: list[Problem] = attrs.Factory(list)
    broken: set[tuple[str, str]] = attrs.Factory(set)
    """(table, id) of records that failed to load, so references to them are not dangling."""
    _texts: dict[str, str | None] = attrs.Factory(dict)

    def origin(self, table: str, record_id: str) -> Origin:
        """Where the record ``record_id`` of ``table`` (actors, documents, claims) was written."""
        return self.origins[(table, record_id)]

    def document_path(self, document: Document) -> Path:
        """The absolute path of a document's verbatim text."""
        return self.root / document.text

    def text_of(self, document_id: str) -> str | None:
        """The document's verbatim text, or None when it cannot be read (``check`` says why)."""
        if document_id not in self._texts:
            from claimtrack.files import UnreadableFileError, read_text

            document = self.documents.get(document_id)
            text = None
            if document is not None and inside(self.root, self.document_path(document)):
                try:
                    text = read_text(self.document_path(document))
                except UnreadableFileError:
                    text = None
            self._texts[document_id] = text
        return self._texts[document_id]


def inside(root: Path, path: Path) -> bool:
    """Whether ``path`` resolves to somewhere under ``root``."""
    try:
        real_root = os.path.realpath(root)
        return os.path.commonpath([real_root, os.path.realpath(path)]) == real_root
    except ValueError:
        return False
