"""Read an article's layout (title, infobox, sections, paragraphs, dateline) with exact offsets.

Layout is lines, not language: the sentences, words and names inside each paragraph come
from the spaCy parse (``claimtrack.extract.nlp``)."""

from __future__ import annotations

import re

import attrs

__all__ = ["InfoboxEntry", "Layout", "Paragraph", "read_layout"]

_TITLE = re.compile(r"=[ \t]*([^=\n][^\n]*?)[ \t]*=")
_HEADING = re.compile(r"(={2,6})[ \t]*([^=\n]+?)[ \t]*\1")
_ITEM = re.compile(r"[-*][ \t]+(\S[^\n]*)")
_ENTRY = re.compile(r"([A-Za-z][\w ]{0,40}?)[ \t]*:[ \t]*(\S[^\n]*)")
_INFOBOX = re.compile(r"infobox\b[^\n]*", re.IGNORECASE)
_MONTH = (r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}"
          r"|\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?")
# "PORTVILLE, Feb 11 (Northgate Wire) —": a place in capitals, an optional region, a date
# and/or the outlet in brackets, then a dash. It names the document's outlet, nobody's claim.
_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z.'\u2019-]+(?:\s+[A-Z][A-Z.'\u2019-]+){0,3})"
    r"(?:,\s*[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,3})?"
    r"(?:(?:,\s*(?:" + _MONTH + r")(?:,?\s+\d{4})?)(?:\s*\((?P<outlet>[^()\n]{2,60})\))?"
    r"|\s*\((?P<agency>[^()\n]{2,60})\))"
    r"\s*(?:-{1,2}|\u2014|\u2013)\s+")
_BYLINE = re.compile(r"By\s+[A-Z][\w.'\u2019-]*(?:\s+(?:[A-Z][\w.'\u2019-]*|and|de|da|del|van|"
                     r"von|der|al))*(?:\s*,\s*[\w ]{2,40})?")
_CREDIT = re.compile(r"\(?\s*(?:Reporting|Additional reporting|Writing|Editing|Compiled)\s+by\b"
                     r"[^\n]{0,200}", re.IGNORECASE)
# A turn's label at the start of a paragraph: "Q:", "A:", "Mr DALBERG (Northfield):", "The
# Minister for Transport (Ms OKONTA-REED):", "HANNA LUND:". The speaker is the name after an
# honorific (in brackets when an office comes first), or a name in capitals; "Q"/"A" are the
# interviewer and the interviewee.
_HONORIFIC = r"(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame|Mx)\.?"
_CAPS_NAME = r"[A-Z][A-Z'\u2019-]+(?:\s+[A-Z][A-Z'\u2019-]+){0,3}"
_LABEL = re.compile(
    r"(?:(?P<turn>Q|A|Question|Answer)"
    r"|The\s+[A-Z][\w ]{2,60}?\s+\(\s*" + _HONORIFIC + r"\s+(?P<office>[^()\n:]{2,40}?)\s*\)"
    r"|" + _HONORIFIC + r"\s+(?P<member>" + _CAPS_NAME + r"|[A-Z][\w'\u2019-]+)"
    r"(?:\s*\([^()\n]{1,40}\))?"
    r"|(?!(?:EDITOR|CORRECTION|UPDATE|BREAKING|WATCH|LIVE|NOTE)\b)"
    r"(?P<caps>[A-Z][A-Z'\u2019-]+(?:\s+[A-Z][A-Z'\u2019-]+){1,3}))"
    r"\s*:[ \t]+(?=\S)")
# "18:42 -", "9.15am:", "14:05 GMT |": a live blog's entry time, not part of any claim.
_TIMESTAMP = re.compile(r"\d{1,2}[:.]\d{2}(?:\s*(?:[ap]\.?m\.?|GMT|UTC|BST|CET|CEST|EST|local))?"
                        r"(?:\s*(?:-{1,2}|\u2014|\u2013|:|\|)\s+|\s*$)")
# Lines that frame a press release or a live blog and assert nothing.
_BOILERPLATE = re.compile(r"(?:for immediate release|embargoed[^\n]*|(?:media|press) (?:contact|"
                          r"enquiries|inquiries)\b[^\n]*|contact:[^\n]*|#{3}|-?\s*ends\s*-?|"
                          r"all times [^\n]{0,30})\.?", re.IGNORECASE)
_ABOUT = re.compile(r"About\s+(?P<name>[A-Z][^\n.:]{1,60})")
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
    label: tuple[int, int] | None = None
    """The turn's label before the text ("Mr DALBERG (Northfield):"), offsets."""
    speaker: tuple[int, int] | None = None
    """The speaker's name inside the label ("DALBERG"); None for "Q:"/"A:"."""
    turn: str = ""
    """"question" or "answer" (an interview's Q and A), "speaker" (a named label), or ""."""


@attrs.frozen
class Layout:
    """The article's layout: title, infobox, paragraphs and skipped spans."""

    text: str
    title: str = ""
    title_span: tuple[int, int] | None = None
    infobox: tuple[InfoboxEntry, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()
    skipped: tuple[tuple[str, int, int], ...] = ()
    """(reason, start, end) of spans that carry no assertion (title, See also items)."""
    outlet: str = ""
    """The outlet a news dateline names ("(Northgate Wire)"): the document's own voice."""
    issuer: str = ""
    """A press release's issuer ("About Halvorsen Foods"): the document's own voice."""
    press_release: bool = False


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


def _headline(text: str, lines: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The first line of a news story: short, unpunctuated, followed by a blank line."""
    filled = [(s, e) for s, e in (_strip(text, *span) for span in lines[:3])]
    if len(lines) < 2 or not text[filled[0][0]:filled[0][1]]:
        return None
    start, end = filled[0]
    line = text[start:end]
    nxt = text[filled[1][0]:filled[1][1]] if len(filled) > 1 else "x"
    if nxt or len(line) > 160 or line.endswith((".", ":", ";")) or line.startswith(("=", "-")):
        return None
    return start, end


def _turn(text: str, section: str, start: int, end: int) -> Paragraph:
    """A paragraph, with the label of its turn and the speaker the label names."""
    label = _LABEL.match(text, start, end)
    if label is None:
        return Paragraph(section, start, end)
    turn = label.group("turn")
    kind = ("question" if turn[0] == "Q" else "answer") if turn else "speaker"
    name = next((label.span(g) for g in ("office", "member", "caps") if label.group(g)), None)
    return Paragraph(section, label.end(), end, (start, label.end()), name, kind)


def read_layout(text: str) -> Layout:
    """Split ``text`` into title, infobox entries, sections and paragraphs, keeping offsets.

    Reads the seed's format (``= Title =``, ``Infobox``, ``==Section==``) and news
    stories (a headline line, a byline, a dateline naming the outlet, a credit line).
    """
    title, title_span = "", None
    infobox: list[InfoboxEntry] = []
    paragraphs: list[Paragraph] = []
    skipped: list[tuple[str, int, int]] = []
    section, in_infobox = "Lead", False
    block: tuple[int, int] | None = None
    outlet = issuer = ""
    press_release = False
    lines = _lines(text)
    headline = _headline(text, lines)

    def flush() -> None:
        nonlocal block, outlet
        if block is not None:
            start, end = _strip(text, *block)
            if start < end and section.casefold() in SKIPPED_SECTIONS:
                skipped.append((section, start, end))
            elif start < end and (_BYLINE.fullmatch(text, start, end)
                                  or _CREDIT.fullmatch(text, start, end)):
                skipped.append(("byline" if text[start] == "B" else "credit", start, end))
            elif start < end:
                dateline = _DATELINE.match(text, start, end) if not paragraphs else None
                if dateline:
                    skipped.append(("dateline", start, dateline.end()))
                    outlet = (dateline.group("outlet") or dateline.group("agency") or "").strip()
                    start = dateline.end()
                stamp = _TIMESTAMP.match(text, start, end)
                if stamp and stamp.end() < end:
                    skipped.append(("timestamp", start, stamp.end()))
                    start = stamp.end()
                paragraphs.append(_turn(text, section, start, end))
        block = None

    for line_start, line_end in lines:
        start, end = _strip(text, line_start, line_end)
        line = text[start:end]
        if not line:
            flush()
            in_infobox = False
            continue
        if headline is not None and start == headline[0]:
            title, title_span = line, headline
            continue
        if _BOILERPLATE.fullmatch(line) or _TIMESTAMP.fullmatch(line):
            flush()
            skipped.append(("boilerplate", start, end))
            press_release = press_release or "release" in line.casefold() or (
                "contact" in line.casefold())
            continue
        about = _ABOUT.fullmatch(line)
        heading = _HEADING.fullmatch(line) or (about if block is None else None)
        if about is not None and heading is about:
            flush()
            section, in_infobox, issuer = line, False, about.group("name").strip()
            skipped.append(("heading", start, end))
            continue
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
        skipped.insert(0, ("headline" if headline else "title", *title_span))
    return Layout(text, title, title_span, tuple(infobox), tuple(paragraphs), tuple(skipped),
                  outlet, issuer if press_release else "", press_release)
