"""What a publishing report says of itself, and what it may link to.

A report (html, markdown, latex, claimreview) holds the selected claims, drafts left out
unless asked. While it is written, those claims sit in a temporary table, so every part
of it asks the same question the same way: is this claim in the report? A relation or a
piece of evidence is a link only when its claim is; the others are counted, never named
(they may be drafts). The title, the lead and the reviewer line come from the dossiers of
the selected claims, not from every dossier of the folder.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import attrs

from claimtrack.select import Selection
from claimtrack.words import count

if TYPE_CHECKING:
    from claimtrack.index import Index
    from claimtrack.model import Dossier

__all__ = ["IN_REPORT", "LatestReview", "Report", "describe", "dossiers", "in_report",
           "latest_reviews", "selected"]

IN_REPORT = Selection(reported=True)
"""The claims in the report being written (inside ``selected``)."""


@contextlib.contextmanager
def selected(index: Index, selection: Selection) -> Iterator[None]:
    """Keep the claims ``selection`` keeps in a temporary table while a report is written."""
    where, params = selection.sql()
    db = index.db
    db.execute("DROP TABLE IF EXISTS temp.report_claims")
    db.execute("CREATE TEMP TABLE report_claims (rid INTEGER PRIMARY KEY, id TEXT)")
    try:
        db.execute(f"INSERT INTO temp.report_claims SELECT c.rid, c.id FROM claims c "
                   f"WHERE {where}", tuple(params))
        db.execute("CREATE INDEX temp.report_claims_id ON report_claims (id)")
        yield
    finally:
        db.execute("DROP TABLE IF EXISTS temp.report_claims")


def in_report(index: Index, ids: Sequence[str]) -> set[str]:
    """Which of the claim ids are in the report."""
    if not ids:
        return set()
    return {i for (i,) in index.rows(
        "SELECT id FROM temp.report_claims WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(list(dict.fromkeys(ids))),))}


@attrs.frozen(kw_only=True)
class Report:
    """The report's own words: title, lead, who reviews, and what it leaves out."""

    title: str
    lead: str
    reviewers: tuple[str, ...]
    count: int
    claimants: int
    left_out: int
    """Claims related to the report's claims (either way) that it does not contain."""

    @property
    def reviewer_line(self) -> str:
        """``Reviewed by …`` (empty when no dossier names its publisher)."""
        return f"Reviewed by {', '.join(self.reviewers)}." if self.reviewers else ""

    @property
    def left_out_line(self) -> str:
        """How many related claims the report leaves out (empty when none)."""
        if not self.left_out:
            return ""
        verb = "is" if self.left_out == 1 else "are"
        return (f"{count(self.left_out, 'claim')} related to these {verb} not in this "
                "report.")


def dossiers(index: Index) -> dict[str, Dossier]:
    """Each dossier file's ``[dossier]`` table, by file stem."""
    files = [f for (f,) in index.rows("SELECT file FROM dossiers WHERE live ORDER BY file, n")]
    return {file.removesuffix(".toml"): d for file, d in zip(
        files, index.records("dossiers"), strict=True)}


def describe(index: Index, *, title: str | None = None, lead: str | None = None) -> Report:
    """The report's description (inside ``selected``): title, lead and reviewers from the
    dossiers its claims are written in; ``title`` and ``lead`` replace them when given."""
    from claimtrack.folder import default_publisher

    where, params = IN_REPORT.sql()
    stems = [s for (s,) in index.rows(
        f"SELECT DISTINCT c.dossier FROM claims c WHERE {where} ORDER BY c.file", params)]
    own = dossiers(index)
    chosen = [own[s] for s in stems if s in own]
    folder = default_publisher(index.root)
    # Only dossiers with a reviewed claim in the report: an accepted claim nobody has
    # judged has no reviewer to name.
    reviewed = [s for (s,) in index.rows(
        f"SELECT DISTINCT c.dossier FROM claims c WHERE {where} AND EXISTS (SELECT 1 FROM "
        f"reviews v WHERE v.parent = c.rid AND v.live) ORDER BY c.file", params)]
    reviewers = tuple(dict.fromkeys(
        d for d in ((own[s].publisher if s in own else "") or folder for s in reviewed)
        if d))
    total, claimants = index.rows(
        f"SELECT count(*), count(DISTINCT c.claimant) FROM claims c WHERE {where}", params)[0]
    return Report(
        title=title if title is not None else
        "; ".join(d.title for d in chosen if d.title) or "Claims",
        lead=lead if lead is not None else
        " ".join(d.description for d in chosen if d.description),
        reviewers=reviewers, count=total, claimants=claimants, left_out=_left_out(index))


def _left_out(index: Index) -> int:
    return int(index.value(
        "SELECT count(*) FROM (SELECT r.target AS other FROM relations r "
        "JOIN temp.report_claims t ON t.rid = r.parent WHERE r.live "
        "UNION SELECT o.id FROM relations r JOIN temp.report_claims t ON t.id = r.target "
        "JOIN claims o ON o.rid = r.parent WHERE r.live) "
        "WHERE other NOT IN (SELECT id FROM temp.report_claims)") or 0)


@attrs.frozen
class LatestReview:
    """A claim's latest review as a report shows it."""

    date: str
    """The review's date, '' when unknown."""
    status: str
    by: str
    note: str
    evidence: tuple[str, ...]
    earlier: int
    """How many reviews came before it."""


def latest_reviews(index: Index, ids: Sequence[str]) -> dict[str, LatestReview]:
    """The latest review of each of the claims (by id) that has one."""
    found: dict[str, LatestReview] = {}
    # SQLite takes the bare columns of an aggregate with max() from the row holding the max.
    for claim_id, total, _, date, status, by, note, evidence in index.rows(
            "SELECT c.id, count(*), max(v.position), v.date, v.status, v.by, v.note, "
            "v.evidence FROM reviews v JOIN claims c ON c.rid = v.parent WHERE v.live AND "
            "c.id IN (SELECT value FROM json_each(?)) GROUP BY v.parent",
            (json.dumps(list(ids)),)):
        found[claim_id] = LatestReview(
            "" if date is None else str(date), str(status), by or "", note or "",
            tuple(json.loads(evidence)) if evidence not in (None, "") else (), total - 1)
    return found
