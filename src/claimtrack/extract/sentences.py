"""Split running text into sentences with exact offsets, minding abbreviations and quotes."""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["ABBREVIATIONS", "split_sentences"]

ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "col", "lt", "sgt", "capt", "cpt",
    "maj", "gov", "sen", "rep", "rev", "hon", "pres", "inc", "ltd", "co", "corp", "bros", "vs",
    "etc", "approx", "no", "nos", "vol", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "mt", "ft", "dept", "univ", "assn", "adm", "cmdr",
    "supt", "insp", "det", "cf", "al", "ca", "est", "op", "ed", "eds", "p", "pp",
})
# A candidate end: . ! ? (or …), then closing quotes/brackets, then whitespace.
_END = re.compile(r"[.!?…]+[\"'”\u2019)\]]*(?=\s)")
_OPEN_QUOTES = "\"“"
MAX_SENTENCE = 2000
"""Longer runs without a sentence end are cut at a space, so work stays linear."""


def _word_before(text: str, index: int) -> str:
    """The token ending at ``index`` (exclusive), letters and dots only."""
    start = index
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    return text[start:index]


def _is_boundary(text: str, match: re.Match[str], quote_open: bool) -> bool:
    end = match.end()
    rest = end
    while rest < len(text) and text[rest] in " \t\r\n":
        rest += 1
    if rest >= len(text):
        return True
    nxt = text[rest]
    if not (nxt.isupper() or nxt.isdigit() or nxt in "\"“\u2018'(["):
        return False
    if match.group()[0] != ".":
        return not quote_open
    if quote_open and not any(ch in "\"”" for ch in match.group()):
        return False
    word = _word_before(text, match.start())
    bare = word.rstrip(".")
    if not bare:
        return True
    if "." in bare:
        return False  # U.S. / e.g. / J.R.
    if len(bare) == 1 and bare.isupper():
        return False  # an initial: J. R. Smith
    return bare.casefold() not in ABBREVIATIONS


def _quote_state(text: str, start: int, end: int, open_: bool) -> bool:
    """Whether a double quotation is open after ``text[start:end]``, given it was ``open_``."""
    for ch in text[start:end]:
        if ch == "“":
            open_ = True
        elif ch == "”":
            open_ = False
        elif ch == '"':
            open_ = not open_
    return open_


def split_sentences(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each sentence of ``text[start:end]``, without surrounding spaces."""
    end = len(text) if end is None else end
    cursor = start
    scanned, quote_open = start, False
    for match in _END.finditer(text, start, end):
        quote_open = _quote_state(text, scanned, match.end(), quote_open)
        scanned = match.end()
        if _is_boundary(text, match, quote_open):
            yield from _emit(text, cursor, match.end())
            cursor = match.end()
            quote_open = False
    yield from _emit(text, cursor, end)


def _emit(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        yield start, cut
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        yield start, end
