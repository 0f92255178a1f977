"""Write an extraction as a draft dossier (TOML through tomlkit) with its document's copy."""

from __future__ import annotations

import datetime as dt
import hashlib

import tomlkit
from tomlkit.items import AoT, Table

from claimtrack.anchor import find_quote
from claimtrack.extract.pipeline import DraftClaim, Extraction
from claimtrack.model import Actor

__all__ = ["statement_of", "to_toml"]

REVIEWER = "claimtrack extract"
_NO_CUE = "(none: the article's own voice)"


def statement_of(claim: DraftClaim, text: str, names: dict[str, str]) -> str:
    """A first neutral sentence for a person to rewrite: who, the cue, the quoted span."""
    quote = " ".join(text[claim.start : claim.end].split()).rstrip(".")
    if claim.cue and claim.cue != "infobox" and claim.kind.value != "observation":
        return f"{names[claim.claimant]} ({claim.cue}): {quote}."
    return f"{quote[:1].upper()}{quote[1:]}."


def _actor_table(actor: Actor) -> Table:
    table = tomlkit.table()
    table.add("id", actor.id)
    table.add("name", actor.name)
    table.add("kind", actor.kind.value)
    if actor.aliases:
        table.add("aliases", list(actor.aliases))
    if actor.description:
        table.add("description", actor.description)
    return table


def _appearance(claim: DraftClaim, text: str, document_id: str, editorial: str) -> Table:
    quote = text[claim.start : claim.end]
    table = tomlkit.table()
    table.add("document", document_id)
    table.add("section", claim.section)
    table.add("quote", quote)
    table.add("framing", claim.framing.value)
    table.add("attribution", "own" if claim.claimant == editorial else "explicit")
    if claim.cue:
        table.add("cue", claim.cue)
    if text.count(quote) > 1:
        # Widen the context until the quote is unique, as `check` requires.
        width = 16
        while width < 400:
            prefix = text[max(0, claim.start - width) : claim.start]
            if len(find_quote(text, quote, prefix=prefix)) == 1:
                table.add("prefix", prefix)
                break
            width *= 2
    return table


def _claim_table(claim: DraftClaim, text: str, document_id: str, names: dict[str, str],
                 today: dt.date, editorial: str) -> Table:
    table = tomlkit.table()
    table.add("id", claim.id)
    table.add("statement", statement_of(claim, text, names))
    table.add("claimant", claim.claimant)
    if claim.about:
        table.add("about", claim.about)
    table.add("kind", claim.kind.value)
    if claim.words:
        table.add("words", claim.words)
    table.add("tags", ["draft", f"cue:{claim.cue}" if claim.cue else "cue:none"])
    table.add("notes", f"cue: {claim.cue or _NO_CUE}")
    appearances = AoT([_appearance(claim, text, document_id, editorial)])
    table.add("appearances", appearances)
    if claim.relations:
        relations = AoT([])
        for kind, target in claim.relations:
            relation = tomlkit.table()
            relation.add("type", kind)
            relation.add("target", target)
            relations.append(relation)
        table.add("relations", relations)
    review = tomlkit.table()
    review.add("date", today)
    review.add("status", "unverified")
    review.add("by", REVIEWER)
    review.add("note", "Drafted by extract; not yet reviewed by a person.")
    table.add("reviews", AoT([review]))
    return table


def to_toml(extraction: Extraction, *, document_id: str, title: str, text_path: str,
            known_names: dict[str, str], today: dt.date) -> str:
    """The draft dossier as TOML text."""
    text = extraction.article.text
    names = dict(known_names) | {a.id: a.name for a in extraction.actors}
    doc = tomlkit.document()
    doc.add(tomlkit.comment("Draft written by `claimtrack extract`: every claim needs review."))
    dossier = tomlkit.table()
    dossier.add("title", title)
    dossier.add("description", "Draft claims extracted automatically; review before use.")
    doc.add("dossier", dossier)
    document = tomlkit.table()
    document.add("id", document_id)
    document.add("title", title)
    document.add("text", text_path)
    document.add("sha256", hashlib.sha256(text.encode("utf-8")).hexdigest())
    document.add("voice", extraction.editorial)
    doc.add("documents", AoT([document]))
    if extraction.actors:
        doc.add("actors", AoT([_actor_table(a) for a in extraction.actors]))
    parts = [tomlkit.dumps(doc)]
    # One small document per claim: tomlkit renders a long array of tables in quadratic time.
    for claim in extraction.claims:
        one = tomlkit.document()
        one.add("claims", AoT([_claim_table(claim, text, document_id, names, today,
                                            extraction.editorial)]))
        parts.append("\n" + tomlkit.dumps(one))
    return "".join(parts)
