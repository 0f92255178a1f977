"""Everything about one claim: its quote in context, relations both ways, status history."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from claimtrack.anchor import find_quote, sentence_around
from claimtrack.chain import Chain
from claimtrack.files import display_path
from claimtrack.model import Appearance, Claim, Stamp

if TYPE_CHECKING:
    from claimtrack.index import Index

__all__ = ["claim_detail", "format_detail", "record_line"]


def _actor(index: Index, actor_id: str) -> dict[str, Any]:
    row = index.db.execute("SELECT id, name, kind, reliability FROM actors WHERE id = ? "
                           "AND live", (actor_id,)).fetchone()
    if row is None:
        return {"id": actor_id, "name": actor_id, "kind": None, "reliability": None}
    return {"id": row[0], "name": row[1], "kind": row[2], "reliability": row[3]}


def _context(text: str | None, quote: str, prefix: str, suffix: str) -> str | None:
    if text is None:
        return None
    hits = find_quote(text, quote, prefix=prefix, suffix=suffix)
    if len(hits) != 1:
        return None
    start = hits[0]
    left, right = sentence_around(text, start, start + len(quote))
    return f"{text[left:start]}«{quote}»{text[start + len(quote):right]}"


_EDGES = """
SELECT r.type, 'out', r.target, o.statement, r.note FROM relations r
  LEFT JOIN claims o ON o.id = r.target AND o.live
  WHERE r.parent = ? ORDER BY r.position
"""
_INCOMING = """
SELECT r.type, 'in', r.claim, o.statement, r.note FROM relations r
  JOIN claims o ON o.rid = r.parent
  WHERE r.target = ? AND r.live ORDER BY o.file, o.n, r.position
"""


def chain(index: Index, claim: Claim, appearance: Appearance) -> Chain:
    """How ``appearance`` relays ``claim``, the way a reader says it."""
    row = index.db.execute("SELECT publisher, title, voice FROM documents WHERE id = ? "
                           "AND live", (appearance.document,)).fetchone()
    document = appearance.document if row is None else (row[0] or row[1] or
                                                          appearance.document)
    basis = ""
    if claim.basis is not None:
        basis = claim.basis.quote or claim.basis.reason
    return Chain(document=document, framing=str(appearance.framing),
                 attribution=str(appearance.attribution),
                 claimant=_actor(index, claim.claimant)["name"],
                 via=tuple(_actor(index, v)["name"] for v in appearance.via), basis=basis)


def relations(index: Index, rid: int, claim_id: str) -> list[dict[str, Any]]:
    """The claim's relations both ways, outgoing first: label, other claim, its statement."""
    from claimtrack.model import RelationType

    found = []
    for kind, direction, other, statement, note in [
            *index.rows(_EDGES, (rid,)), *index.rows(_INCOMING, (claim_id,))]:
        relation = RelationType(kind)
        found.append({"relation": str(relation) if direction == "out" else
                      relation.inverse_label, "claim": other, "statement": statement,
                      "note": note or None})
    return found


def _stamp(stamp: Stamp | None) -> dict[str, Any] | None:
    if stamp is None:
        return None
    return {"by": stamp.by, "date": str(stamp.date), "note": stamp.note or None}


def record_line(detail: dict[str, Any]) -> str | None:
    """What the record says of itself beside its reviews: a draft nobody has judged yet, or
    who took it out of draft and when (never a verdict)."""
    drafted, accepted = detail["drafted"], detail["accepted"]
    made = f"drafted by {drafted['by']} on {drafted['date']}" if drafted else ""
    if detail["draft"]:
        judged = ("not reviewed by a person yet" if not detail["reviews"]
                  else "not accepted yet")
        return f"draft: {made}, {judged}" if made else f"draft: {judged}"
    if accepted:
        note = f": {accepted['note']}" if accepted["note"] else ""
        origin = f" ({made})" if made else ""
        return f"accepted from draft by {accepted['by']} on {accepted['date']}{origin}{note}"
    return None


def claim_detail(index: Index, claim_id: str) -> dict[str, Any]:
    """The claim as plain data, for ``show``; raise UsageError for an unknown id."""
    rid = index.claim_rid(claim_id)
    claim: Claim = index.records("claims", rids=[rid])[0]
    file, path = index.origin("claims", claim.id)
    texts: dict[str, str | None] = {}

    def text(document: str) -> str | None:
        if document not in texts:
            texts[document] = index.text(document)
        return texts[document]

    detail: dict[str, Any] = {
        "id": claim.id,
        "statement": claim.statement,
        "claimant": _actor(index, claim.claimant),
        "about": [_actor(index, a) for a in claim.about],
        "kind": str(claim.kind),
        "status": str(claim.status),
        "made": None if claim.made is None else str(claim.made),
        "occurred": None if claim.occurred is None else str(claim.occurred),
        "credibility": claim.credibility,
        "basis": None if claim.basis is None else {
            "reason": claim.basis.reason, "quote": claim.basis.quote or None},
        "appearances": [
            {"document": a.document, "section": a.section or None, "quote": a.quote,
             "framing": str(a.framing), "attribution": str(a.attribution),
             "via": [_actor(index, v) for v in a.via], "cue": a.cue or None,
             "chain": str(chain(index, claim, a)),
             "context": _context(text(a.document), a.quote, a.prefix, a.suffix)}
            for a in claim.appearances],
        "words": list(claim.words),
        "relations": relations(index, rid, claim.id),
        "reviews": [{"date": str(r.date) if r.date else None, "status": str(r.status),
                     "by": r.by or None, "url": r.url or None,
                     "note": r.note or None, "evidence": list(r.evidence)}
                    for r in claim.reviews],
        "draft": claim.draft,
        "drafted": _stamp(claim.drafted),
        "accepted": _stamp(claim.accepted),
        "tags": list(claim.tags),
        "notes": claim.notes or None,
        "source": f"{display_path(index.root / file)}:{index.line(file, path)}",
    }
    # Every other field of the record, as it is: a field new to the model is shown too.
    for appearance, shown in zip(claim.appearances, detail["appearances"], strict=True):
        shown.update(_rest(appearance, shown))
    detail.update(_rest(claim, detail))
    return detail


def _rest(record: Any, shown: dict[str, Any]) -> dict[str, Any]:
    """The fields of ``record`` that ``shown`` has not got, as plain values (None when
    empty)."""
    from claimtrack.fields import fields_of
    from claimtrack.plain import unstructure

    plain = unstructure(record)
    return {f.name: plain.get(f.name) or None for f in fields_of(type(record))
            if f.name not in shown}


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
    lines.append(f"  kind:       {detail['kind']}; status: {detail['status']}")
    record = record_line(detail)
    if record:
        lines.append(f"  record:     {record}")
    dates = [f"{k} {detail[k]}" for k in ("made", "occurred") if detail[k]]
    if dates:
        lines.append("  dates:      " + "; ".join(dates))
    if detail["credibility"] is not None:
        lines.append(f"  credibility: {detail['credibility']}")
    for a in detail["appearances"]:
        where = a["document"] + (f" § {a['section']}" if a["section"] else "")
        lines.append(f"  appears in: {where}")
        lines.append(f"    {a['context'] or '«' + a['quote'] + '»'}")
        cue = f" (cue: {a['cue']})" if a["cue"] else ""
        lines.append(f"    chain: {a['chain']}{cue}")
        lines.extend(f"    {key}: {_text(value)}" for key, value in a.items()
                     if key not in _APPEARANCE_SHOWN and value not in (None, []))
    if detail["basis"]:
        quote = f" — «{detail['basis']['quote']}»" if detail["basis"]["quote"] else ""
        lines.append(f"  basis:      {detail['basis']['reason']}{quote}")
    if detail["words"]:
        lines.append("  own words:  " + "; ".join(f"\"{w}\"" for w in detail["words"]))
    if detail["relations"]:
        lines.append("  relations:")
        for r in detail["relations"]:
            lines.append(f"    {r['relation']} {r['claim']}: {r['statement']}")
            if r["note"]:
                lines.append(f"      ({r['note']})")
    never = ("none: a draft nobody has reviewed (unverified)" if detail["draft"]
             else "none (unverified)")
    lines.append("  reviews:" if detail["reviews"] else f"  reviews:    {never}")
    for r in detail["reviews"]:
        by = f" by {r['by']}" if r["by"] else ""
        lines.append(f"    {r['date']} {r['status']}{by}" + (f": {r['note']}" if r["note"] else ""))
        if r["evidence"]:
            lines.append("      evidence: " + ", ".join(r["evidence"]))
    if detail["tags"]:
        lines.append("  tags:       " + ", ".join(detail["tags"]))
    if detail["notes"]:
        lines.append(f"  notes:      {detail['notes']}")
    lines.extend(f"  {key}: {_text(value)}" for key, value in detail.items()
                 if key not in _CLAIM_SHOWN and value not in (None, []))
    return "\n".join(lines) + "\n"


_CLAIM_SHOWN = frozenset({"id", "source", "statement", "claimant", "about", "kind", "status",
                          "made", "occurred", "credibility", "appearances", "basis", "words",
                          "relations", "reviews", "tags", "notes", "draft", "drafted",
                          "accepted"})
"""What the text above shows of a claim in its own words (its record line says whether it
is a draft, who drafted it and who accepted it); any other field follows it."""
_APPEARANCE_SHOWN = frozenset({"document", "section", "quote", "context", "chain", "cue",
                               "framing", "attribution", "via", "prefix", "suffix"})
"""What the text shows of an appearance (its chain says framing, attribution and via; the
quote in context makes prefix and suffix plain); any other field follows it."""


def _text(value: Any) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
