"""The claims of the html report, read with SQL a batch at a time, as escaped fragments.

Decoding 100,000 claims into records would cost more than writing the page, so the report
reads plain rows: one query for the claims (grouped by claimant), and for each batch one
query per part (appearances, the latest review, relations each way), each row turned into
its html fragment at once. Only a batch is held at a time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import escape as _escape
from typing import TYPE_CHECKING, Any

from claimtrack.chain import Chain
from claimtrack.model import DRAFT_TAG, RelationType

if TYPE_CHECKING:
    from claimtrack.index import Index
    from claimtrack.select import Selection

__all__ = ["report_claims"]

_CLAIMS = """
SELECT c.rid, c.id, c.statement, c.claimant, COALESCE(a.name, c.claimant),
  COALESCE(a.kind, ''), c.kind, c.status, c.made, c.occurred,
  c.tags LIKE '%"{draft}"%', COALESCE(NULLIF(c.basis_quote, ''), c.basis_reason, ''),
  c.drafted_by
FROM claims c LEFT JOIN actors a ON a.id = c.claimant AND a.live
WHERE {where}
ORDER BY COALESCE(a.name, c.claimant) COLLATE NOCASE, c.claimant, c.file, c.n
"""
_BATCH = "(SELECT CAST(value AS INTEGER) FROM json_each(?))"
_APPEARANCES = f"""
SELECT p.parent, p.document, p.section, p.quote, p.framing, p.attribution, p.via
FROM appearances p WHERE p.live AND p.parent IN {_BATCH} ORDER BY p.parent, p.position
"""
# A relation's other claim is shown (and linked) only when it is in the report: the rest
# are counted, never named (a draft's statement must not leak through a relation).
_OUTGOING = f"""
SELECT r.parent, r.type, r.target, o.statement, t.rid IS NOT NULL FROM relations r
LEFT JOIN claims o ON o.id = r.target AND o.live
LEFT JOIN temp.report_claims t ON t.id = r.target
WHERE r.live AND r.parent IN {_BATCH} ORDER BY r.parent, r.position
"""
_INCOMING = f"""
SELECT c.rid, r.type, o.id, o.statement, t.rid IS NOT NULL FROM claims c
JOIN relations r ON r.target = c.id AND r.live JOIN claims o ON o.rid = r.parent
LEFT JOIN temp.report_claims t ON t.rid = o.rid
WHERE c.rid IN {_BATCH} ORDER BY c.rid, o.file, o.n, r.position
"""
_INVERSE = {str(r): r.inverse_label for r in RelationType}
_SPECIAL = re.compile(r"[&<>\"']").search


def escape(text: str) -> str:
    """``html.escape``, without its five passes for the common text that needs none."""
    return _escape(text) if _SPECIAL(text) else text


def _evidence(item: str, cited: dict[str, str]) -> str:
    """An evidence item: a web address as a link to it; a claim of the report as its
    statement, linked, with its id; any other claim not named (it may be a draft), only
    said to be elsewhere."""
    if item.startswith(("https://", "http://")):
        return f'<a href="{escape(item)}">{escape(item)}</a>'
    if item in cited:
        return (f'<a href="#c-{escape(item)}">{escape(cited[item])}</a> '
                f'<span class="id">({escape(item)})</span>')
    return '<span class="elsewhere">a claim not in this report</span>'


class _Documents:
    """Each document's name in a chain, and its source line, worked out once; and the
    chains made so far."""

    def __init__(self, index: Index) -> None:
        self.name: dict[str, str] = {}
        self.source: dict[str, str] = {}
        self.chains: dict[tuple[Any, ...], str] = {}
        """Chains already written (a claimant relayed the same way again), escaped."""
        for doc_id, title, url, publisher in index.rows(
                "SELECT id, title, url, publisher FROM documents WHERE live"):
            self.name[doc_id] = publisher or title or doc_id
            shown = escape(title or doc_id)
            if url and url.startswith(("https://", "http://")):
                shown = f'<a href="{escape(url)}">{shown}</a>'
            self.source[doc_id] = shown


def report_claims(index: Index, selection: Selection, *,
                  batch: int = 2000) -> Iterator[tuple[str, str, str, str]]:
    """(claimant id, its name, its kind, the claim's article) of each claim ``where``
    keeps, grouped by claimant (by name), in folder order within; all html-escaped."""
    documents = _Documents(index)
    actors: dict[str, str] = dict(index.rows("SELECT id, name FROM actors WHERE live"))
    where, params = selection.sql()
    cursor = index.db.execute(_CLAIMS.format(where=where, draft=DRAFT_TAG), tuple(params))
    while chunk := cursor.fetchmany(batch):
        rids = json.dumps([row[0] for row in chunk])
        names = {row[0]: (row[4], row[11]) for row in chunk}
        shown = _appearances(index, rids, documents, actors, names)
        drafts = {row[1]: row[12] or "" for row in chunk
                  if row[10] and DRAFT_TAG in _tags(index, row[0])}
        reviews = _reviews(index, rids, [row[1] for row in chunk], drafts)
        edges = _edges(index, rids)
        for (rid, claim_id, statement, claimant, name, actor_kind, kind, status, made,
             occurred, _draftish, _basis, _drafter) in chunk:
            anchor = escape(claim_id)
            draft = ' <span class="badge draft">draft</span>' if claim_id in drafts else ""
            # Vocabulary words and dates are stored only once they parsed (a record that
            # did not is left out of the index), so they need no escaping.
            dates = (f" · made {made}" if made else "") + (
                f" · occurred {occurred}" if occurred else "")
            links = edges.get(rid)
            yield claimant, escape(name), actor_kind, (
                f'<article class="claim" id="c-{anchor}" data-claimant="{escape(claimant)}" '
                f'data-status="{status}" data-kind="{kind}">\n'
                f'<h3><span class="badge s-{status}">{status}</span> '
                f"{escape(statement)}{draft}</h3>\n"
                f'<p class="meta">{kind}{dates} · <a href="#c-{anchor}">{anchor}</a>'
                f"</p>\n{shown.get(rid, '')}{reviews.get(rid, '')}"
                + (f'<ul class="relations" aria-label="Relations">{links}</ul>\n'
                   if links else "") + "</article>\n")


def _tags(index: Index, rid: int) -> list[str]:
    found: list[str] = json.loads(index.value("SELECT tags FROM claims WHERE rid = ?", (rid,)))
    return found


def _appearances(index: Index, rids: str, documents: _Documents, actors: dict[str, str],
                 names: dict[int, tuple[str, str]]) -> dict[int, str]:
    found: dict[int, str] = {}
    for parent, document, section, quote, framing, attribution, via in index.db.execute(
            _APPEARANCES, (rids,)):
        claimant, basis = names[parent]
        key = (document, framing, attribution, via, claimant, basis)
        chain = documents.chains.get(key)
        if chain is None:
            if len(documents.chains) > 10_000:  # a memo, not a copy of every claim
                documents.chains.clear()
            chain = documents.chains[key] = escape(str(Chain(
                document=documents.name.get(document, document), framing=framing,
                attribution=attribution, claimant=claimant, basis=basis,
                via=() if via in (None, "[]") else tuple(
                    actors.get(v, v) for v in json.loads(via)))))
        where = f" § {escape(section)}" if section else ""
        found[parent] = found.get(parent, "") + (
            f"<blockquote>{escape(quote)}</blockquote>\n"
            f'<p class="chain">{chain}</p>\n'
            f'<p class="source">Source: {documents.source.get(document, escape(document))}'
            f"{where}</p>\n")
    return found


def _reviews(index: Index, rids: str, ids: list[str], drafts: dict[str, str]
             ) -> dict[int, str]:
    """The latest review of each claim, with its note, evidence, reviewer and how many came
    before it; a claim nobody reviewed says so, and a draft (``drafts``: who drafted it)
    that it is one."""
    from claimtrack.export.report import in_report, latest_reviews

    latest = latest_reviews(index, ids)
    cited = _statements(index, in_report(index, [e for r in latest.values()
                                                 for e in r.evidence]))
    by_id = {claim_id: int(rid) for claim_id, rid in zip(ids, json.loads(rids), strict=True)}
    found: dict[int, str] = {}
    for claim_id, review in latest.items():
        who = f" by {escape(review.by)}" if review.by else ""
        text = f": {escape(review.note)}" if review.note else ""
        earlier = (f" ({review.earlier} earlier review{'s' if review.earlier != 1 else ''})"
                   if review.earlier else "")
        proof = ""
        if review.evidence:
            items = "".join(f"<li>{_evidence(e, cited)}</li>" for e in review.evidence)
            proof = f'<ul class="evidence" aria-label="Evidence">{items}</ul>'
        when = f" {review.date}" if review.date else " (date unknown)"
        found[by_id[claim_id]] = (f'<div class="review"><p>Reviewed{when}{who}: '
                                  f"<strong>{review.status}</strong>{text}{earlier}</p>"
                                  f"{proof}</div>\n")
    for claim_id, rid in by_id.items():
        if claim_id in latest:
            continue
        if claim_id in drafts:
            said = (f"Drafted by {escape(drafts[claim_id])}, not reviewed by a person yet."
                    if drafts[claim_id] else "A draft, not reviewed by a person yet.")
        else:
            said = "Not reviewed yet."
        found[rid] = f'<div class="review"><p>{said}</p></div>\n'
    return found


def _statements(index: Index, ids: set[str]) -> dict[str, str]:
    """The statement of each claim (by id)."""
    return dict(index.rows("SELECT id, statement FROM claims WHERE live AND id IN "
                           "(SELECT value FROM json_each(?))", (json.dumps(sorted(ids)),)))


def _edges(index: Index, rids: str) -> dict[int, str]:
    """Relations both ways, to claims of the report: those written on the claim, then
    those pointing at it; then how many related claims the report leaves out."""
    found: dict[int, str] = {}
    elsewhere: dict[int, int] = {}
    for query, label in ((_OUTGOING, None), (_INCOMING, _INVERSE)):
        for parent, kind, other, statement, inside in index.db.execute(query, (rids,)):
            if not inside:
                elsewhere[parent] = elsewhere.get(parent, 0) + 1
                continue
            reads = label[kind] if label else kind.replace("_", " ")
            found[parent] = found.get(parent, "") + (
                f'<li>{reads} <a href="#c-{escape(other)}">'
                f"{escape(statement or other)}</a></li>")
    for parent, n in elsewhere.items():
        found[parent] = found.get(parent, "") + (
            f'<li class="elsewhere">{n} related claim{"s" if n != 1 else ""} not in this '
            "report</li>")
    return found
