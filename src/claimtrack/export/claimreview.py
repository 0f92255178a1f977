"""schema.org ClaimReview JSON-LD: one review per reviewed claim, on DESIGN.md's 1-5 scale."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from claimtrack.dataset import Dataset
from claimtrack.errors import UsageError
from claimtrack.export.table import dossier_of
from claimtrack.model import ActorKind, Claim, Status

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


def publisher_of(dataset: Dataset, explicit: str | None) -> str:
    """The reviewing organisation: ``--publisher``, else the first dossier that names one."""
    if explicit:
        return explicit
    for dossier in dataset.dossiers.values():
        if dossier.publisher:
            return dossier.publisher
    raise UsageError("claimreview needs the reviewing organisation: pass --publisher NAME "
                     "or set publisher in a dossier's [dossier] table")


def _rating(status: Status) -> dict[str, Any]:
    name, value = RATINGS[status]
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": name}
    if value is not None:
        rating.update(ratingValue=value, bestRating=5, worstRating=1)
    return rating


def _item(dataset: Dataset, claim: Claim) -> dict[str, Any]:
    actor = dataset.actors.get(claim.claimant)
    author = {"@type": "Person" if actor and actor.kind in _PERSON else "Organization",
              "name": actor.name if actor else claim.claimant}
    item: dict[str, Any] = {"@type": "Claim", "author": author}
    appearances = []
    for doc_id in claim.documents:
        doc = dataset.documents.get(doc_id)
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


def claim_reviews(dataset: Dataset, claims: Sequence[Claim], *,
                  publisher: str) -> list[dict[str, Any]]:
    """One ClaimReview object per claim that has at least one review."""
    out = []
    for claim in claims:
        if not claim.reviews:
            continue
        review: dict[str, Any] = {
            "@type": "ClaimReview",
            "claimReviewed": claim.statement,
            "itemReviewed": _item(dataset, claim),
            "reviewRating": _rating(claim.status),
            "author": {"@type": "Organization", "name": publisher},
            "datePublished": str(claim.reviews[-1].date),
        }
        dossier = dataset.dossiers.get(dossier_of(dataset, claim.id))
        if dossier and dossier.url:
            review["url"] = f"{dossier.url}#{claim.id}"
        if claim.reviews[-1].note:
            review["reviewBody"] = claim.reviews[-1].note
        out.append(review)
    return out


def to_claimreview(dataset: Dataset, claims: Sequence[Claim], *,
                   publisher: str | None = None) -> str:
    """The JSON-LD document: schema.org context and a graph of ClaimReviews."""
    reviews = claim_reviews(dataset, claims, publisher=publisher_of(dataset, publisher))
    body = {"@context": "https://schema.org", "@graph": reviews}
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"
