"""The selected claims with everything a page shows of them, a batch at a time.

Reports (html, markdown, latex, claimreview, the graphs) need more than a flat row: the
claimant's name and kind, every appearance, relations both ways, the review history. This
reads them for a batch of claims with one query per part, so memory stays flat however
many claims are exported.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import attrs

from claimtrack.model import Appearance, Claim, RelationType, Review

if TYPE_CHECKING:
    from claimtrack.index import Index
    from claimtrack.select import Selection

__all__ = ["Chains", "ClaimView", "Edge", "claim_views"]


@attrs.frozen
class Edge:
    """One relation seen from a claim: how it reads from there, and the other claim."""

    label: str
    other: str
    note: str = ""


@attrs.frozen
class ClaimView:
    """A claim with what its readers see beside it."""

    claim: Claim
    claimant_name: str
    claimant_kind: str | None
    dossier: str
    edges: tuple[Edge, ...] = ()

    @property
    def id(self) -> str:
        """The claim's id."""
        return self.claim.id


def claim_views(index: Index, selection: Selection, *,
                batch: int = 1000) -> Iterator[ClaimView]:
    """The claims ``selection`` keeps, in folder order, with names, edges and reviews."""
    where, params = selection.sql()
    cursor = index.db.execute(
        f"SELECT c.rid, c.id, COALESCE(a.name, c.claimant), a.kind, c.dossier FROM claims c "
        f"LEFT JOIN actors a ON a.id = c.claimant AND a.live WHERE {where} "
        "ORDER BY c.file, c.n", tuple(params))
    while chunk := cursor.fetchmany(batch):
        rids = [row[0] for row in chunk]
        records = {c.id: c for c in index.records("claims", rids=rids)}
        edges = _edges(index, [row[1] for row in chunk])
        for _rid, claim_id, name, kind, dossier in chunk:
            yield ClaimView(records[claim_id], name, kind, dossier,
                            tuple(edges.get(claim_id, ())))


def _edges(index: Index, ids: Sequence[str]) -> dict[str, list[Edge]]:
    """Relations of the claims, outgoing (as written) then incoming (in folder order)."""
    found: dict[str, list[Edge]] = {}
    wanted = json.dumps(list(ids))
    for claim_id, kind, direction, other, note, *_ in index.rows(
            "WITH w(id) AS (SELECT value FROM json_each(?)) "
            "SELECT r.claim, r.type, 0, r.target, r.note, c.file, c.n, 0, r.position "
            "FROM relations r JOIN claims c ON c.rid = r.parent WHERE r.live AND r.claim IN "
            "(SELECT id FROM w) "
            "UNION ALL SELECT r.target, r.type, 1, r.claim, r.note, c.file, c.n, 1, r.position "
            "FROM relations r JOIN claims c ON c.rid = r.parent WHERE r.live AND r.target IN "
            "(SELECT id FROM w) ORDER BY 1, 3, 6, 7, 9", (wanted,)):
        relation = RelationType(kind)
        label = str(relation) if direction == 0 else relation.inverse_label
        found.setdefault(claim_id, []).append(Edge(label, other, note or ""))
    return found


def first_quote(appearances: Sequence[Appearance]) -> str:
    """The quote of the first appearance, or an empty string."""
    return appearances[0].quote if appearances else ""


def latest(reviews: Sequence[Review]) -> Review | None:
    """The latest review, if any."""
    return reviews[-1] if reviews else None


_CHAINS = """
SELECT c.id, p.document, p.framing, p.attribution, p.via, COALESCE(a.name, c.claimant),
  COALESCE(NULLIF(c.basis_quote, ''), c.basis_reason, '')
FROM claims c JOIN appearances p ON p.parent = c.rid AND p.live
LEFT JOIN actors a ON a.id = c.claimant AND a.live
WHERE c.live AND c.id IN (SELECT value FROM json_each(?)) ORDER BY c.id, p.position
"""


class Chains:
    """Each appearance's chain as a reader says it (``Wikipedia (asserted) ← NSS``), for
    claims a batch at a time: document and actor names are read once."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.documents: dict[str, str] = {
            doc_id: publisher or title or doc_id for doc_id, title, publisher
            in index.rows("SELECT id, title, publisher FROM documents WHERE live")}
        self.actors: dict[str, str] = dict(index.rows("SELECT id, name FROM actors "
                                                      "WHERE live"))

    def of(self, ids: Sequence[str]) -> dict[str, list[str]]:
        """The chains of the claims ``ids`` (one an appearance, in order), by claim id."""
        from claimtrack.chain import Chain

        found: dict[str, list[str]] = {}
        for claim_id, document, framing, attribution, via, claimant, basis in self.index.rows(
                _CHAINS, (json.dumps(list(ids)),)):
            names = () if via in (None, "[]") else tuple(self.actors.get(v, v)
                                                          for v in json.loads(via))
            found.setdefault(claim_id, []).append(str(Chain(
                document=self.documents.get(document) or document, framing=framing,
                attribution=attribution, claimant=claimant, via=names, basis=basis)))
        return found
