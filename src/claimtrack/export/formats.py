"""The names of the export formats (kept apart so the CLI imports nothing heavy)."""

from __future__ import annotations

import enum

__all__ = ["ExportFormat"]


class ExportFormat(enum.StrEnum):
    """Every export format."""

    CSV = "csv"
    TSV = "tsv"
    JSON = "json"
    JSONL = "jsonl"
    MARKDOWN = "markdown"
    HTML = "html"
    LATEX = "latex"
    CLAIMREVIEW = "claimreview"
    SQLITE = "sqlite"
    DOT = "dot"
    MERMAID = "mermaid"
