"""A GitHub/CommonMark report: its title, lead and reviewers, then a pipe table whose cells
can never spill into the next one, each claim with its chain and its verdict."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from claimtrack.rows import Row, iter_rows

if TYPE_CHECKING:
    from claimtrack.export.report import Report
    from claimtrack.index import Index
    from claimtrack.select import Selection

__all__ = ["COLUMNS", "cell", "evidence_cell", "to_markdown"]

COLUMNS = ("ID", "Claimant", "Statement", "Kind", "Framing", "Status", "Made", "Quote",
           "Chain", "Reviewed by", "Review note", "Evidence")

# Characters with an inline meaning in CommonMark or GFM tables; each gets a backslash.
_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~])")
_NEWLINE = re.compile(r"\r\n|\r|\n")


def cell(value: str) -> str:
    """One cell: inline specials backslash-escaped, ``|`` included, newlines as ``<br>``."""
    return _NEWLINE.sub("<br>", _SPECIAL.sub(r"\\\1", value))


ROW_COLUMNS = ("id", "claimant_name", "statement", "kind", "framing", "status", "made",
               "quote", "reviewed_by", "review_note", "review_evidence", "reviewed")
"""The claims-table columns the reports show, in order."""


def row_values(row: Row) -> tuple[str, ...]:
    """The plain values of one claim's row, in ROW_COLUMNS order (lists joined by "; ")."""
    return tuple("; ".join(v) if isinstance(v := row.get(c), list | tuple) else str(v or "")
                 for c in ROW_COLUMNS)


def evidence_cell(row: Row, inside: set[str]) -> str:
    """The verdict's evidence: web addresses and claims of the report as they are; any
    other claim not named (it may be a draft), only said to be elsewhere."""
    items = row.get("review_evidence") or []
    return "; ".join(e if e.startswith(("https://", "http://")) or e in inside
                     else "a claim not in this report" for e in items)


def cited_inside(index: Index, rows: Sequence[Row]) -> set[str]:
    """The claims the rows' evidence cites that are in the report."""
    from claimtrack.export.report import in_report

    return in_report(index, [e for row in rows for e in row.get("review_evidence") or []])


def _line(text: str) -> str:
    return cell(" ".join(text.split()))


def to_markdown(index: Index, selection: Selection, *,
                report: Report) -> Iterator[str]:
    """The report: a heading and its lead, then the claims as one pipe table, with each
    appearance's chain and the verdict's reviewer, note and evidence."""
    from claimtrack.export.claims import Chains
    from claimtrack.select import Query

    head = [f"# {_line(report.title)}\n"]
    lead = " ".join(x for x in (report.lead, report.reviewer_line, report.left_out_line) if x)
    if lead:
        head.append(f"\n{_line(lead)}\n")
    yield "".join(head) + "\n| " + " | ".join(COLUMNS) + " |\n|" + "---|" * len(COLUMNS) + "\n"
    chains = Chains(index)
    rows = iter_rows(index, Query(selection=selection, columns=tuple(ROW_COLUMNS)))
    while batch := list(itertools.islice(rows, 1000)):
        found = chains.of([row["id"] for row in batch])
        inside = cited_inside(index, batch)
        for row in batch:
            values = row_values(row)
            cells = (*values[:8], "; ".join(found.get(row["id"], ())), *values[8:10],
                     evidence_cell(row, inside))
            yield "| " + " | ".join(cell(v) for v in cells) + " |\n"
