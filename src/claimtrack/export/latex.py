"""A LaTeX ``longtable`` with ``booktabs`` rules, every special character escaped; it compiles."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING

from claimtrack.export.markdown import ROW_COLUMNS, cited_inside, evidence_cell, row_values
from claimtrack.rows import Row, iter_rows

if TYPE_CHECKING:
    from claimtrack.export.report import Report
    from claimtrack.index import Index
    from claimtrack.select import Selection

__all__ = ["escape", "to_latex"]

_SPECIALS = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
    "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}", "\n": " ", "\r": " ",
    "\t": " ", "\u00a0": "~", "[": "{[}", "]": "{]}",
    # Ligatures of the T1 fonts would change the text: ` ' `` '' !` ?` become curly quotes
    # and inverted marks (and -- ,, below, dashes and low quotes).
    "`": r"\textasciigrave{}", "'": r"\textquotesingle{}",
}
_LIGATURE = re.compile(r"([-,])(?=[-,])")
"""A hyphen or comma before another would join it in a ligature (-- and --- are dashes,
,, a low quote): an empty group between them keeps each itself."""
# Outside Latin-1, the punctuation pdflatex's utf8 input with T1 fonts knows for sure.
_KNOWN = set("\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u2022\u20ac\u2032")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


_ACCENTS = {"\u0300": "`", "\u0301": "'", "\u0302": "^", "\u0303": "~", "\u0304": "=",
            "\u0306": "u", "\u0307": ".", "\u0308": '"', "\u030a": "r", "\u030b": "H",
            "\u030c": "v", "\u0323": "d", "\u0327": "c", "\u0328": "k", "\u0331": "b"}
"""Combining marks the T1 fonts set over or under a letter, by LaTeX accent command:
"Nguyễn" is written N g u y \\~{\\^{e}} n, and reads back as written."""
_CLUSTER = re.compile(r"(?s).[\u0300-\u036f]*")
"""A character with the combining marks that follow it."""
UNSET = r"\unset{"
"""How a character the fonts cannot show begins in the output: ``\\unset{4E2D}``, its
code point boxed (the preamble defines the command; data cannot write a backslash)."""


def _cluster(found: re.Match[str]) -> str:
    cluster = found.group()
    if len(cluster) == 1:
        ch = cluster
        if ch in _SPECIALS:
            return _SPECIALS[ch]
        if ch.isascii() or "\u00a1" <= ch <= "\u00ff" or ch in _KNOWN:
            return ch
    parts = unicodedata.normalize("NFD", cluster)
    base, marks = parts[0], parts[1:]
    if base.isascii() and base.isalpha() and marks and all(m in _ACCENTS for m in marks):
        text = {"i": r"\i", "j": r"\j"}.get(base, base) if any(
            m not in ("\u0323", "\u0327", "\u0328", "\u0331") for m in marks) else base
        for mark in marks:  # the first mark sits nearest the letter
            text = f"\\{_ACCENTS[mark]}{{{text}}}"
        return text
    # No font here has it: its code point, boxed, never a silent "?" or a lost accent.
    return "".join(f"{UNSET}{ord(ch):04X}}}" for ch in cluster)


def escape(value: str) -> str:
    """``value`` as LaTeX text: specials escaped, accented letters the fonts can set as
    accent commands, any other character the fonts cannot show as its code point."""
    text = _CLUSTER.sub(_cluster, _CONTROL.sub("", unicodedata.normalize("NFC", value)))
    return _LIGATURE.sub(r"\1{}", text)


_PREAMBLE = r"""\documentclass[a4paper,landscape]{article}
\usepackage[utf8]{inputenc}
\usepackage[T1]{fontenc}
\usepackage{lmodern}
\usepackage[margin=1.5cm]{geometry}
\usepackage{longtable}
\usepackage{booktabs}
\usepackage{array}
\newcommand{\unset}[1]{\fbox{\scriptsize U+#1}}
\begin{document}
"""

_COLUMNS = ("ID", "Claimant", "Statement", "Kind", "Verdict", "Made", "Quote")
_SPEC = (r">{\raggedright\arraybackslash}p{2.8cm}>{\raggedright\arraybackslash}p{2.4cm}"
         r">{\raggedright\arraybackslash}p{5.2cm}p{1.7cm}"
         r">{\raggedright\arraybackslash}p{5.0cm}p{1.4cm}"
         r">{\raggedright\arraybackslash}p{4.6cm}")


def to_latex(index: Index, selection: Selection, *,
             report: Report) -> Iterator[str]:
    """A standalone document: the report's title and lead, then the claims as one
    longtable, each with its verdict (the latest review: status, date, reviewer, note,
    evidence)."""
    from claimtrack.select import Query

    head = " & ".join(rf"\textbf{{{c}}}" for c in _COLUMNS) + r" \\"
    lines = [_PREAMBLE, rf"\section*{{{escape(report.title)}}}"]
    lead = " ".join(x for x in (report.lead, report.reviewer_line, report.left_out_line) if x)
    if lead:
        lines.append(escape(lead) + "\n")
    lines += [rf"\begin{{longtable}}{{{_SPEC}}}", r"\toprule", head, r"\midrule",
              r"\endfirsthead", r"\toprule", head, r"\midrule", r"\endhead",
              r"\bottomrule", r"\endfoot"]
    top = "\n".join(lines) + "\n"
    unset = UNSET in top  # (the preamble defines \unset, it does not use it)
    yield top
    batch: list[Row] = []
    for row in iter_rows(index, Query(selection=selection, columns=tuple(ROW_COLUMNS))):
        batch.append(row)
        if len(batch) >= 1000:
            chunk = _rows(index, batch)
            unset = unset or UNSET in chunk
            yield chunk
            batch = []
    chunk = _rows(index, batch)
    yield chunk
    yield r"\end{longtable}" + "\n"
    if unset or UNSET in chunk:
        yield _UNSET_NOTE + "\n"
    yield r"\end{document}" + "\n"


_UNSET_NOTE = (r"\noindent\emph{Characters the fonts of this PDF cannot show are given as "
               r"their Unicode code points, boxed (\unset{XXXX}); the html, markdown and "
               r"JSON exports give the text as written.}")


def _rows(index: Index, rows: list[Row]) -> str:
    inside = cited_inside(index, rows)
    out = []
    for row in rows:
        v = row_values(row)
        out.append(" & ".join(escape(c) for c in (
            v[0], v[1], v[2], v[3], _verdict(v, evidence_cell(row, inside)), v[6], v[7]))
            + r" \\" + "\n")
    return "".join(out)


def _verdict(values: tuple[str, ...], evidence: str) -> str:
    """The status, and the review that gave it: date, reviewer, note, evidence."""
    status, by, note, date = values[5], values[8], values[9], values[11]
    if not date:
        return f"{status}: not reviewed yet"
    who = f" by {by}" if by else ""
    why = f": {note}" if note else ""
    proof = f" Evidence: {evidence}." if evidence else ""
    return f"{status}: {date}{who}{why}{proof}"
