"""schema.org ClaimReview JSON-LD: one review per reviewed claim, on DESIGN.md's 1-5 scale."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from claimtrack.errors import UsageError
from claimtrack.export.claims import ClaimView, claim_views
from claimtrack.imports.claimreview import TERMS
from claimtrack.model import ActorKind, Attribution, Document, Dossier, Status

if TYPE_CHECKING:
    from claimtrack.index import Index
    from claimtrack.select import Selection

__all__ = ["RATINGS", "claim_reviews", "publisher_of", "to_claimreview"]

RATINGS: dict[Status, tuple[str, int | None]] = {
    Status.UNVERIFIED: ("Unproven", 3),
    Status.DISPUTED: ("Disputed", 3),
    Status.INCONCLUSIVE: ("Inconclusive", 3),
    Status.CORROBORATED: ("Mostly true", 4),
    Status.CONFIRMED: ("True", 5),
    Status.REFUTED: ("False", 1),
    Status.RETRACTED: ("Retracted", 2),
    Status.NOT_CHECKABLE: ("Opinion", None),
}
"""Status -> (ClaimReview alternateName, ratingValue from 1 worst to 5 best), per DESIGN.md."""

_PERSON = {ActorKind.PERSON}


def publisher_of(index: Index, explicit: str | None, selection: Selection) -> dict[str, str]:
    """The reviewing organisation of each dossier the selected claims are written in:
    ``--publisher`` for all, else each dossier's own ``publisher`` (never another
    dossier's), else the folder's (``publisher`` in ``claims/claimtrack.toml``)."""
    from claimtrack.export.report import dossiers
    from claimtrack.folder import SETTINGS, default_publisher

    where, params = selection.sql()
    stems = [s for (s,) in index.rows(
        f"SELECT DISTINCT c.dossier FROM claims c WHERE ({where}) AND EXISTS (SELECT 1 FROM "
        "reviews v WHERE v.parent = c.rid AND v.live) ORDER BY c.dossier", params)]
    if explicit:
        return dict.fromkeys(stems, explicit)
    own = dossiers(index)
    folder = default_publisher(index.root) if stems else ""
    found = {s: (own[s].publisher if s in own else "") or folder for s in stems}
    missing = [s for s, name in found.items() if not name]
    if missing:
        raise UsageError("claimreview needs the reviewing organisation: pass --publisher NAME, "
                         "set publisher in the [dossier] table of "
                         + ", ".join(f"{s}.toml" for s in missing)
                         + f", or set one for the whole folder in {SETTINGS}")
    return found


def _rating(status: Status) -> dict[str, Any]:
    name, value = RATINGS[status]
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": name}
    if value is not None:
        rating.update(ratingValue=value, bestRating=5, worstRating=1)
    return rating


def _teller(document: Document | None, voices: dict[str, str]) -> str:
    """Who a document's own voice is, by name."""
    if document is None:
        return "unknown document"
    if document.voice and document.voice in voices:
        return voices[document.voice]
    return document.publisher or document.title


def _item(view: ClaimView, documents: dict[str, Document],
          voices: dict[str, str]) -> dict[str, Any]:
    claim = view.claim
    kind = "Person" if view.claimant_kind in _PERSON else "Organization"
    author: dict[str, Any] = {"@type": kind, "name": view.claimant_name}
    extra: dict[str, Any] = {}
    if not any(a.attribution is not Attribution.INFERRED for a in claim.appearances):
        # Every appearance leaves the claimant unnamed: the claim is on record as the
        # relaying document's, and the claimant is the analyst's inference, which goes in
        # claimtrack's own terms (readers that do not know them see the document's).
        first = documents.get(claim.appearances[0].document) if claim.appearances else None
        extra = {"claimtrack:inferredClaimant": author,
                 "claimtrack:basis": claim.basis.reason if claim.basis else ""}
        author = {"@type": "Organization", "name": _teller(first, voices)}
    item: dict[str, Any] = {"@type": "Claim", "author": author, **extra}
    appearances = []
    for doc_id in claim.documents:
        doc = documents.get(doc_id)
        if doc is None:
            continue
        work: dict[str, Any] = {"@type": "CreativeWork", "name": doc.title}
        if doc.url:
            work["url"] = doc.url
        if doc.published:
            work["datePublished"] = str(doc.published)
        if doc.publisher:
            work["publisher"] = {"@type": "Organization", "name": doc.publisher}
        appearances.append(work)
    if appearances:
        item["appearance"] = appearances
        item["firstAppearance"] = appearances[0]
    if claim.made:
        item["datePublished"] = str(claim.made)
    return item


def claim_reviews(index: Index, selection: Selection, *,
                  publishers: dict[str, str]) -> Iterator[dict[str, Any]]:
    """One ClaimReview object per selected claim that has at least one review, signed by
    the publisher of the claim's own dossier (``publishers``, from ``publisher_of``)."""
    from claimtrack.export.report import dossiers as dossiers_of
    from claimtrack.export.report import in_report

    documents = index.documents()
    voices: dict[str, str] = dict(index.rows(
        "SELECT id, name FROM actors WHERE live AND kind = 'editorial'"))
    dossiers = dossiers_of(index)
    for view in claim_views(index, selection):
        claim = view.claim
        if not claim.reviews:
            continue
        latest = claim.reviews[-1]
        review: dict[str, Any] = {
            "@type": "ClaimReview",
            "claimReviewed": claim.statement,
            "itemReviewed": _item(view, documents, voices),
            "reviewRating": _rating(claim.status),
            "author": {"@type": "Organization", "name": publishers[view.dossier]},
        }
        if claim.reviews[-1].date is not None:
            review["datePublished"] = str(claim.reviews[-1].date)
        dossier = dossiers.get(view.dossier)
        if dossier and dossier.url:
            review["url"] = f"{dossier.url}#{claim.id}"
        if latest.note:
            review["reviewBody"] = latest.note
        if latest.by:
            review["claimtrack:reviewer"] = latest.by
        # Evidence: web addresses, and claims this document holds, by the address of their
        # review when the dossier is published somewhere; a claim it does not hold is not
        # named (it may be a draft).
        claims = in_report(index, [e for e in latest.evidence if not _web(e)])
        cited = [e if _web(e) else _address(index, dossiers, e) for e in latest.evidence
                 if _web(e) or e in claims]
        if any(cited):
            review["citation"] = [c for c in cited if c]
        yield review


def _web(item: str) -> bool:
    return item.startswith(("https://", "http://"))


def _address(index: Index, dossiers: dict[str, Dossier], claim_id: str) -> str:
    """Where a claim's review is published (its dossier's url), or empty."""
    stem = index.value("SELECT dossier FROM claims WHERE id = ? AND live", (claim_id,))
    dossier = dossiers.get(str(stem))
    return f"{dossier.url}#{claim_id}" if dossier and dossier.url else ""


def to_claimreview(index: Index, selection: Selection, *,
                   publisher: str | None = None) -> Iterator[str]:
    """The JSON-LD document: schema.org context and a graph of ClaimReviews.

    The publisher is resolved first, so a missing one is an error before any output.
    """
    publishers = publisher_of(index, publisher, selection)
    reviews = claim_reviews(index, selection, publishers=publishers)
    return _document(reviews)


def _document(reviews: Iterator[dict[str, Any]]) -> Iterator[str]:
    from claimtrack.export.json import json_array

    yield ('{\n  "@context": ["https://schema.org", {"claimtrack": "' + TERMS + '"}],\n'
           '  "@graph": ')
    yield from json_array(reviews, "  ")
    yield "\n}\n"
