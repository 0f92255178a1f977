"""Everything about one claim: its quote in context, relations both ways, status history."""

from __future__ import annotations

from typing import Any

from claimtrack.anchor import find_quote, sentence_around
from claimtrack.dataset import Dataset
from claimtrack.index import Index
from claimtrack.model import Claim

__all__ = ["claim_detail", "format_detail"]


def _actor(dataset: Dataset, actor_id: str) -> dict[str, Any]:
    actor = dataset.actors.get(actor_id)
    if actor is None:
        return {"id": actor_id, "name": actor_id, "kind": None, "reliability": None}
    return {"id": actor.id, "name": actor.name, "kind": str(actor.kind),
            "reliability": None if actor.reliability is None else str(actor.reliability)}


def _appearance_context(dataset: Dataset, document: str, quote: str, prefix: str,
                        suffix: str) -> str | None:
    text = dataset.text_of(document)
    if text is None:
        return None
    hits = find_quote(text, quote, prefix=prefix, suffix=suffix)
    if len(hits) != 1:
        return None
    start = hits[0]
    left, right = sentence_around(text, start, start + len(quote))
    return f"{text[left:start]}«{quote}»{text[start + len(quote):right]}"


def claim_detail(dataset: Dataset, index: Index, claim_id: str) -> dict[str, Any]:
    """The claim as plain data, for ``show``; raise UsageError for an unknown id."""
    claim: Claim = index.claim(claim_id)
    origin = dataset.origin("claims", claim.id)
    relations = []
    for edge in index.edges(claim.id):
        other = dataset.claims.get(edge.other(claim.id))
        relations.append({
            "relation": edge.label_from(claim.id), "claim": edge.other(claim.id),
            "statement": other.statement if other else None, "note": edge.note or None})
    return {
        "id": claim.id,
        "statement": claim.statement,
        "claimant": _actor(dataset, claim.claimant),
        "about": [_actor(dataset, a) for a in claim.about],
        "kind": str(claim.kind),
        "framing": str(claim.framing),
        "status": str(claim.status),
        "made": None if claim.made is None else str(claim.made),
        "occurred": None if claim.occurred is None else str(claim.occurred),
        "credibility": claim.credibility,
        "appearances": [
            {"document": a.document, "section": a.section or None, "quote": a.quote,
             "context": _appearance_context(dataset, a.document, a.quote, a.prefix, a.suffix)}
            for a in claim.appearances],
        "words": list(claim.words),
        "relations": relations,
        "reviews": [{"date": str(r.date), "status": str(r.status), "by": r.by or None,
                     "note": r.note or None, "evidence": list(r.evidence)}
                    for r in claim.reviews],
        "tags": list(claim.tags),
        "notes": claim.notes or None,
        "source": f"{origin.file.display}:{origin.line}",
    }


def format_detail(detail: dict[str, Any]) -> str:
    """``show``'s text: one labelled block per part."""
    claimant = detail["claimant"]
    grade = f", reliability {claimant['reliability']}" if claimant["reliability"] else ""
    lines = [
        f"{detail['id']}  ({detail['source']})",
        f"  statement:  {detail['statement']}",
        f"  claimant:   {claimant['name']} [{claimant['id']}, {claimant['kind']}{grade}]",
    ]
    if detail["about"]:
        lines.append("  about:      " + ", ".join(a["name"] for a in detail["about"]))
    lines.append(f"  kind:       {detail['kind']}; framing: {detail['framing']}; "
                 f"status: {detail['status']}")
    dates = [f"{k} {detail[k]}" for k in ("made", "occurred") if detail[k]]
    if dates:
        lines.append("  dates:      " + "; ".join(dates))
    if detail["credibility"] is not None:
        lines.append(f"  credibility: {detail['credibility']}")
    for a in detail["appearances"]:
        where = a["document"] + (f" § {a['section']}" if a["section"] else "")
        lines.append(f"  appears in: {where}")
        lines.append(f"    {a['context'] or '«' + a['quote'] + '»'}")
    if detail["words"]:
        lines.append("  own words:  " + "; ".join(f"\"{w}\"" for w in detail["words"]))
    if detail["relations"]:
        lines.append("  relations:")
        for r in detail["relations"]:
            lines.append(f"    {r['relation']} {r['claim']}: {r['statement']}")
            if r["note"]:
                lines.append(f"      ({r['note']})")
    lines.append("  reviews:" if detail["reviews"] else "  reviews:    none (unverified)")
    for r in detail["reviews"]:
        by = f" by {r['by']}" if r["by"] else ""
        lines.append(f"    {r['date']} {r['status']}{by}" + (f": {r['note']}" if r["note"] else ""))
        if r["evidence"]:
            lines.append("      evidence: " + ", ".join(r["evidence"]))
    if detail["tags"]:
        lines.append("  tags:       " + ", ".join(detail["tags"]))
    if detail["notes"]:
        lines.append(f"  notes:      {detail['notes']}")
    return "\n".join(lines) + "\n"
