"""Flat rows of every table, defined once and shared by csv, tsv, json, jsonl and sqlite."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import attrs

from claimtrack.dataset import Dataset
from claimtrack.dates import PartialDate
from claimtrack.model import Actor, Claim, Document

__all__ = ["CLAIM_COLUMNS", "TABLES", "Column", "Row", "Value", "claim_row", "claim_values",
           "dossier_of", "rows", "text"]

Value = str | int | tuple[str, ...] | None
Row = dict[str, Value]


@attrs.frozen
class Column:
    """One column: its name, type (string, integer, list, date) and meaning."""

    name: str
    type: str
    description: str


def _c(name: str, kind: str, description: str) -> Column:
    return Column(name, kind, description)


TABLES: dict[str, tuple[Column, ...]] = {
    "claims": (
        _c("id", "string", "Stable slug of the claim."),
        _c("statement", "string", "The claim in one neutral sentence."),
        _c("claimant", "string", "Id of the actor who asserts it."),
        _c("claimant_name", "string", "Name of the claimant."),
        _c("kind", "string", "Kind of assertion."),
        _c("framing", "string", "How the document presents it."),
        _c("status", "string", "Current status: the latest review's, else unverified."),
        _c("made", "date", "When it was asserted (partial date)."),
        _c("occurred", "date", "When the asserted thing happened (partial date)."),
        _c("about", "list", "Ids of the actors the claim concerns."),
        _c("documents", "list", "Ids of the documents it appears in."),
        _c("quote", "string", "Exact quote of its first appearance."),
        _c("words", "list", "The claimant's own quoted words."),
        _c("tags", "list", "Tags."),
        _c("credibility", "integer", "Admiralty information grade 1-6."),
        _c("reviewed", "date", "Date of the latest review."),
        _c("dossier", "string", "Dossier (file stem) the claim is written in."),
        _c("notes", "string", "Free notes."),
    ),
    "actors": (
        _c("id", "string", "Stable slug of the actor."),
        _c("name", "string", "Name."),
        _c("kind", "string", "Kind of actor."),
        _c("aliases", "list", "Other spellings."),
        _c("affiliation", "string", "Id of the actor it belongs to."),
        _c("reliability", "string", "Admiralty reliability grade A-F."),
        _c("description", "string", "Description."),
    ),
    "documents": (
        _c("id", "string", "Stable slug of the document."),
        _c("title", "string", "Title."),
        _c("url", "string", "Where it was published."),
        _c("publisher", "string", "Publisher."),
        _c("published", "date", "Publication date (partial date)."),
        _c("retrieved", "date", "Retrieval date (partial date)."),
        _c("text", "string", "Path of the verbatim copy under claims/."),
        _c("sha256", "string", "SHA-256 of the verbatim copy."),
        _c("license", "string", "License of the text."),
        _c("attribution", "string", "Attribution required by the license."),
    ),
    "appearances": (
        _c("claim", "string", "Id of the claim."),
        _c("position", "integer", "Order among the claim's appearances, from 1."),
        _c("document", "string", "Id of the document."),
        _c("section", "string", "Section of the document."),
        _c("quote", "string", "Exact verbatim span of the document."),
        _c("prefix", "string", "Text just before the quote, to disambiguate."),
        _c("suffix", "string", "Text just after the quote, to disambiguate."),
    ),
    "relations": (
        _c("claim", "string", "Id of the claim the relation is written on."),
        _c("type", "string", "Relation type (denies, supports, ...)."),
        _c("target", "string", "Id of the claim it bears on."),
        _c("note", "string", "Note."),
    ),
    "reviews": (
        _c("claim", "string", "Id of the claim."),
        _c("position", "integer", "Order in the claim's history, from 1."),
        _c("date", "date", "Date of the review (partial date)."),
        _c("status", "string", "Status given."),
        _c("by", "string", "Who reviewed."),
        _c("note", "string", "Note."),
        _c("evidence", "list", "URLs or claim ids."),
    ),
}


def _date(value: PartialDate | None) -> str | None:
    return None if value is None else str(value)


def dossier_of(dataset: Dataset, claim_id: str) -> str:
    """The stem of the file the claim is written in."""
    return dataset.origin("claims", claim_id).file.path.stem


CLAIM_COLUMNS = tuple(c.name for c in TABLES["claims"])


def claim_values(claim: Claim, dossier: str) -> tuple[Value, ...]:
    """The claim's row values in ``CLAIM_COLUMNS`` order, ``claimant_name`` left None.

    Everything here depends on the claim alone, so the index cache can keep it per file;
    the claimant's name lives in another record and is filled in by ``claim_row``.
    """
    return (
        claim.id, claim.statement, claim.claimant, None, str(claim.kind), str(claim.framing),
        str(claim.status), _date(claim.made), _date(claim.occurred), claim.about,
        claim.documents, claim.appearances[0].quote if claim.appearances else None,
        claim.words, claim.tags, claim.credibility,
        _date(claim.reviews[-1].date) if claim.reviews else None, dossier, claim.notes or None,
    )


def claim_row(values: Sequence[Value], claimant_name: str | None) -> Row:
    """A claims-table row from ``claim_values`` and the claimant's name (None: unknown)."""
    row = dict(zip(CLAIM_COLUMNS, values, strict=True))
    row["claimant_name"] = claimant_name if claimant_name is not None else row["claimant"]
    return row


def _claim(dataset: Dataset, claim: Claim) -> Iterable[Row]:
    actor = dataset.actors.get(claim.claimant)
    yield claim_row(claim_values(claim, dossier_of(dataset, claim.id)),
                    actor.name if actor else None)


def _actor(actor: Actor) -> Row:
    return {
        "id": actor.id, "name": actor.name, "kind": str(actor.kind), "aliases": actor.aliases,
        "affiliation": actor.affiliation,
        "reliability": None if actor.reliability is None else str(actor.reliability),
        "description": actor.description or None,
    }


def _document(doc: Document) -> Row:
    return {
        "id": doc.id, "title": doc.title, "url": doc.url or None,
        "publisher": doc.publisher or None, "published": _date(doc.published),
        "retrieved": _date(doc.retrieved), "text": doc.text, "sha256": doc.sha256,
        "license": doc.license or None, "attribution": doc.attribution or None,
    }


def _appearances(dataset: Dataset, claim: Claim) -> Iterable[Row]:
    for n, a in enumerate(claim.appearances, 1):
        yield {"claim": claim.id, "position": n, "document": a.document,
               "section": a.section or None, "quote": a.quote, "prefix": a.prefix or None,
               "suffix": a.suffix or None}


def _relations(dataset: Dataset, claim: Claim) -> Iterable[Row]:
    for r in claim.relations:
        yield {"claim": claim.id, "type": str(r.type), "target": r.target, "note": r.note or None}


def _reviews(dataset: Dataset, claim: Claim) -> Iterable[Row]:
    for n, r in enumerate(claim.reviews, 1):
        yield {"claim": claim.id, "position": n, "date": str(r.date), "status": str(r.status),
               "by": r.by or None, "note": r.note or None, "evidence": r.evidence}


_PER_CLAIM: dict[str, Callable[[Dataset, Claim], Iterable[Row]]] = {
    "claims": _claim, "appearances": _appearances, "relations": _relations,
    "reviews": _reviews,
}


def rows(dataset: Dataset, table: str, claims: Sequence[Claim]) -> list[Row]:
    """The rows of ``table``; claim tables hold only ``claims``, actors and documents all."""
    if table == "actors":
        return [_actor(a) for a in dataset.actors.values()]
    if table == "documents":
        return [_document(d) for d in dataset.documents.values()]
    return [row for claim in claims for row in _PER_CLAIM[table](dataset, claim)]


def text(value: Value, *, separator: str = "; ") -> str:
    """A cell as plain text: lists joined by ``separator``, None as empty."""
    if value is None:
        return ""
    if isinstance(value, tuple):
        return separator.join(value)
    return str(value)
