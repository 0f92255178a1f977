"""Drafts as model records, built once at the end, and their TOML through the one writer.

Ids are short and readable: a few content words of the statement, never cut after a
function word; a repeat gets a number. Every claim is tagged ``draft`` and ``cue:<cue>``
and records who drafted it (``drafted``); it has no review, so it is ``unverified``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence

import attrs

from claimtrack.dates import PartialDate
from claimtrack.extract.claims import Drafted
from claimtrack.extract.unique import QuoteIndex
from claimtrack.model import (
    DRAFT_TAG,
    DRAFTER,
    Actor,
    Appearance,
    Attribution,
    Basis,
    Claim,
    Document,
    Relation,
    RelationType,
    Stamp,
)
from claimtrack.slug import slugify

__all__ = ["claim_ids", "to_records", "to_toml"]

_ID_WORDS = 5
_NO_CUE = "cue: (none: the document\u2019s own voice)"
_STOP = frozenset({
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "and", "or",
    "but", "that", "this", "these", "those", "was", "were", "is", "are", "be", "been", "being",
    "had", "has", "have", "do", "does", "did", "will", "would", "could", "should", "may",
    "might", "it", "its", "he", "she", "they", "his", "her", "their", "him", "them", "as",
    "into", "about", "after", "before", "over", "which", "who", "whom", "whose", "what",
    "when", "where", "while", "there", "also", "than", "then", "s", "not", "no"})


def claim_ids(statements: Sequence[str], taken: Iterable[str]) -> list[str]:
    """A short readable id for each statement, unique within the draft and ``taken``."""
    used = set(taken)
    out = []
    for said in statements:
        words = slugify(said, limit=200).split("-")
        content = [w for w in words if w not in _STOP]
        base = "-".join(content[:_ID_WORDS]) or "claim"
        candidate, number = base, 2
        while candidate in used:
            candidate, number = f"{base}-{number}", number + 1
        used.add(candidate)
        out.append(candidate)
    return out


def to_records(drafted: Sequence[Drafted], relations: Sequence[tuple[int, str, int]], *,
               text: str, document_id: str, ids: Sequence[str],
               today: dt.date) -> list[Claim]:
    """The drafted claims as model records, with their relations (by index) and quotes."""
    quotes = QuoteIndex(text)
    linked: dict[int, list[Relation]] = {}
    for source, kind, target in relations:
        linked.setdefault(source, []).append(Relation(type=RelationType(kind),
                                                      target=ids[target]))
    claims = []
    for index, draft in enumerate(drafted):
        quote = text[draft.start:draft.end]
        prefix = quotes.prefix(quote, draft.start)
        if prefix is None:
            continue  # repeated text: the quote cannot be pinned to one place
        cue = draft.cue if draft.attribution is not Attribution.OWN else ""
        appearance = Appearance(document=document_id, section=draft.section, quote=quote,
                                prefix=prefix, framing=draft.framing,
                                attribution=draft.attribution, via=draft.via, cue=cue)
        said = f"cue: {cue}" if cue else _NO_CUE
        notes = "; ".join(n for n in (said, draft.notes) if n)
        claims.append(Claim(
            id=ids[index], statement=draft.statement, claimant=draft.claimant,
            kind=draft.kind, about=draft.about, words=draft.words,
            tags=(DRAFT_TAG, f"cue:{cue}" if cue else "cue:none", *draft.tags), notes=notes,
            basis=Basis(reason=draft.basis[0], quote=draft.basis[1]) if draft.basis else None,
            # Who drafted it and when: a fact about the record, not a review (nobody has
            # judged it yet).
            drafted=Stamp(by=DRAFTER, date=PartialDate.from_date(today)),
            appearances=(appearance,), relations=tuple(linked.get(index, ()))))
    kept = {c.id for c in claims}
    return [c if all(r.target in kept for r in c.relations) else _without_dangling(c, kept)
            for c in claims]


def _without_dangling(claim: Claim, kept: set[str]) -> Claim:
    return attrs.evolve(claim, relations=tuple(r for r in claim.relations if r.target in kept))


def to_toml(*, title: str, document: Document, actors: Sequence[Actor],
            claims: Sequence[Claim]) -> str:
    """The draft dossier's TOML text, written by ``claimtrack.edit.emit``."""
    from claimtrack.edit import emit
    from claimtrack.structure import unstructure

    parts = ["# Draft written by `claimtrack extract`: every claim needs review.\n\n",
             # No description: it is every report's lead, long after the claims are reviewed
             # (the comment above tells the reviewer; each claim's 'draft' tag says the rest).
             emit.records("dossier", [{"title": title}]).replace("[[dossier]]", "[dossier]"),
             "\n",
             emit.records("documents", [unstructure(document)])]
    if actors:
        parts += ["\n", emit.records("actors", [unstructure(a) for a in actors])]
    if claims:
        parts += ["\n", emit.records("claims", [unstructure(c) for c in claims],
                                     children=("appearances", "relations", "reviews"))]
    return "".join(parts)


def document_record(*, document_id: str, title: str, text: str, publisher: str,
                    voice: str) -> Document:
    """The draft's document record: its text is saved under ``documents/``."""
    return Document(id=document_id, title=title, publisher=publisher,
                    text=f"documents/{document_id}.txt",
                    sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), voice=voice)
