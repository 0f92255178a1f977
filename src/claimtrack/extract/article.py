"""Parse an article in the seed's plain-text format into units with exact character offsets."""

from __future__ import annotations

import re

import attrs

__all__ = ["Article", "InfoboxEntry", "Paragraph", "parse_article"]

_TITLE = re.compile(r"=[ \t]*([^=\n][^\n]*?)[ \t]*=")
_HEADING = re.compile(r"(={2,6})[ \t]*([^=\n]+?)[ \t]*\1")
_ITEM = re.compile(r"[-*][ \t]+(\S[^\n]*)")
_ENTRY = re.compile(r"([A-Za-z][\w ]{0,40}?)[ \t]*:[ \t]*(\S[^\n]*)")
_INFOBOX = re.compile(r"infobox\b[^\n]*", re.IGNORECASE)
# Sections whose items are pointers to other texts, not assertions.
SKIPPED_SECTIONS = frozenset({
    "see also", "references", "external links", "further reading", "notes", "sources",
    "bibliography", "citations",
})


@attrs.frozen
class InfoboxEntry:
    """One ``- Key: value`` line of the infobox; ``start``/``end`` span ``Key: value``."""

    key: str
    value: str
    start: int
    end: int
    value_start: int


@attrs.frozen
class Paragraph:
    """A block of running text (or one list item) under a section heading."""

    section: str
    start: int
    end: int


@attrs.frozen
class Article:
    """The parsed article: title, infobox, paragraphs and skipped list items."""

    text: str
    title: str = ""
    title_span: tuple[int, int] | None = None
    infobox: tuple[InfoboxEntry, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()
    skipped: tuple[tuple[str, int, int], ...] = ()
    """(reason, start, end) of spans that carry no assertion (title, See also items)."""


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, end excluding the newline and a trailing carriage return."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in re.finditer(r"\n", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e - 1 if e > s and text[e - 1] == "\r" else e) for s, e in spans]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def parse_article(text: str) -> Article:
    """Split ``text`` into title, infobox entries, sections and paragraphs, keeping offsets."""
    title, title_span = "", None
    infobox: list[InfoboxEntry] = []
    paragraphs: list[Paragraph] = []
    skipped: list[tuple[str, int, int]] = []
    section, in_infobox = "Lead", False
    block: tuple[int, int] | None = None

    def flush() -> None:
        nonlocal block
        if block is not None:
            start, end = _strip(text, *block)
            if start < end:
                if section.casefold() in SKIPPED_SECTIONS:
                    skipped.append((section, start, end))
                else:
                    paragraphs.append(Paragraph(section, start, end))
        block = None

    for line_start, line_end in _lines(text):
        start, end = _strip(text, line_start, line_end)
        line = text[start:end]
        if not line:
            flush()
            in_infobox = False
            continue
        heading = _HEADING.fullmatch(line)
        if heading:
            flush()
            section, in_infobox = heading.group(2), False
            continue
        if not title and not paragraphs and not infobox and _TITLE.fullmatch(line):
            flush()
            title, title_span = _TITLE.fullmatch(line).group(1), (start, end)  # type: ignore[union-attr]
            continue
        if block is None and _INFOBOX.fullmatch(line) and len(line) < 40:
            flush()
            in_infobox = True
            continue
        item = _ITEM.fullmatch(line)
        if in_infobox and item:
            entry = _ENTRY.fullmatch(item.group(1))
            if entry:
                offset = start + item.start(1)
                infobox.append(InfoboxEntry(entry.group(1).strip(), entry.group(2),
                                            offset, end, offset + entry.start(2)))
                continue
        in_infobox = False
        if item:
            # A list item stands on its own: one paragraph each.
            flush()
            block = (start + item.start(1), end)
            flush()
            continue
        block = (block[0], end) if block is not None else (start, end)
    flush()
    if title_span is not None:
        skipped.insert(0, ("title", *title_span))
    return Article(text, title, title_span, tuple(infobox), tuple(paragraphs), tuple(skipped))
