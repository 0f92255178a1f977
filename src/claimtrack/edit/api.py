"""The edit commands as library functions: validate the request, then apply one edit."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimtrack.anchor import find_quote
from claimtrack.dates import PartialDate
from claimtrack.edit import ops
from claimtrack.edit.session import EditResult, apply_edit
from claimtrack.errors import UsageError, did_you_mean, one_of
from claimtrack.model import (
    ActorKind,
    Attribution,
    ClaimKind,
    Framing,
    RelationType,
    Reliability,
    Status,
)

if TYPE_CHECKING:
    from claimtrack.index import Index

__all__ = ["add_claim", "link", "new_actor", "review", "slugify", "unlink"]


def slugify(text: str, *, words: int = 8) -> str:
    """A readable id from a statement: lowercase words joined by hyphens."""
    parts = re.findall(r"[a-z0-9]+", text.lower())[:words]
    return "-".join(parts) or "claim"


def _unique(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _taken(index: Index, table: str, base: str) -> set[str]:
    return {i for (i,) in index.rows(f"SELECT id FROM {table} WHERE id = ? OR id LIKE ?",
                                     (base, f"{base}-%"))}


def _vocab(cls: Any, value: str, field: str) -> str:
    allowed = [str(m) for m in cls]
    if value not in allowed:
        raise UsageError(f"unknown value '{value}'; {one_of(allowed)}"
                         f"{did_you_mean(value, allowed)}", field=field)
    return value


def _date(text: str | None, field: str) -> str | None:
    if text is None:
        return None
    try:
        return str(PartialDate.parse(text))
    except ValueError as exc:
        raise UsageError(str(exc), field=field) from None


def _actor(index: Index, name: str, field: str) -> str:
    try:
        return index.actor(name)
    except UsageError as error:
        raise UsageError(error.message, field=field) from None


def _claim_file(index: Index, claim_id: str) -> Path:
    index.claim_rid(claim_id)
    return index.root / index.origin("claims", claim_id)[0]


def _plain_name(stem: str) -> bool:
    """A file stem at the top of the folder that claimtrack reads: no folder, no ``..``,
    not hidden, not the settings file."""
    from claimtrack.folder import SETTINGS

    return (bool(stem) and "/" not in stem and "\\" not in stem and "\0" not in stem
            and not stem.startswith(".") and f"{stem}.toml" != SETTINGS)


def _dossier_file(index: Index, dossier: str | None, document: str) -> Path:
    stems = sorted({f.removesuffix(".toml") for (f,) in index.rows(
        "SELECT file FROM claims UNION SELECT file FROM documents")})
    if dossier is not None:
        if not _plain_name(dossier):
            raise UsageError(f"'{dossier}' is not a dossier name: give the file stem of a "
                             f"dossier at the top of the claims folder; {one_of(stems)}",
                             field="dossier")
        if dossier not in stems and not (index.root / f"{dossier}.toml").exists():
            raise UsageError(f"no dossier '{dossier}'; {one_of(stems)}"
                             f"{did_you_mean(dossier, stems)}", field="dossier")
        return index.root / f"{dossier}.toml"
    found = index.value("SELECT file FROM documents WHERE id = ? AND live", (document,))
    if found is not None:
        return index.root / str(found)
    if len(stems) == 1:
        return index.root / f"{stems[0]}.toml"
    raise UsageError(f"say which dossier with --dossier; {one_of(stems)}")


def add_claim(
    index: Index,
    *,
    statement: str,
    by: str,
    kind: str,
    framing: str,
    document: str,
    quote: str,
    attribution: str | None = None,
    via: Sequence[str] = (),
    cue: str = "",
    basis: str = "",
    basis_quote: str = "",
    section: str = "",
    prefix: str = "",
    suffix: str = "",
    about: Sequence[str] = (),
    made: str | None = None,
    occurred: str | None = None,
    words: Sequence[str] = (),
    tags: Sequence[str] = (),
    claim_id: str | None = None,
    dossier: str | None = None,
    dry_run: bool = False,
) -> tuple[str, EditResult]:
    """Add a claim; the quote is verified against its document before anything is written.

    ``attribution`` defaults to ``own`` when the claimant is the document's voice and to
    ``explicit`` otherwise; an ``inferred`` one needs a ``basis``.
    """
    if not statement.strip():
        raise UsageError("a claim needs a statement", field="statement")
    claimant = _actor(index, by, "claimant")
    subjects = [_actor(index, name, "about") for name in about]
    documents = [i for (i,) in index.rows("SELECT id FROM documents WHERE live")]
    if document not in documents:
        raise UsageError(f"unknown document '{document}'{did_you_mean(document, documents)}",
                         field="document")
    text = index.text(document)
    hits = [] if text is None else find_quote(text, quote, prefix=prefix, suffix=suffix)
    if len(hits) != 1:
        where = "is not in" if not hits else f"occurs {len(hits)} times in"
        hint = "" if not hits else "; add --prefix or --suffix to say which"
        raise UsageError(f"'{quote}' {where} document '{document}'{hint}", field="quote")
    if claim_id is not None and index.value("SELECT 1 FROM claims WHERE id = ?", (claim_id,)):
        raise UsageError(f"claim '{claim_id}' already exists", field="id")
    base = slugify(statement)
    new_id = claim_id or _unique(base, _taken(index, "claims", base))
    voice = index.value("SELECT voice FROM documents WHERE id = ? AND live", (document,))
    if attribution is None:
        attribution = "own" if claimant == voice else "explicit"
    record = {
        "id": new_id, "statement": statement, "claimant": claimant, "about": subjects,
        "kind": _vocab(ClaimKind, kind, "kind"),
        "made": _date(made, "made"), "occurred": _date(occurred, "occurred"),
        "words": list(words), "tags": list(tags),
        "basis": {"reason": basis, "quote": basis_quote} if basis else None,
    }
    appearance = {"document": document, "section": section, "quote": quote,
                  "prefix": prefix, "suffix": suffix,
                  "framing": _vocab(Framing, framing, "framing"),
                  "attribution": _vocab(Attribution, attribution, "attribution"),
                  "via": [_actor(index, name, "via") for name in via], "cue": cue}
    path = _dossier_file(index, dossier, document)
    result = apply_edit(index, path, lambda t: ops.add_claim(
        t, record, appearances=[appearance], reviews=[]), dry_run=dry_run)
    return new_id, result


def review(index: Index, claim_id: str, *, status: str, note: str = "",
           evidence: Sequence[str] = (), by: str = "", date: str | None = None,
           dry_run: bool = False) -> EditResult:
    """Append a review to a claim's history (the history is never rewritten)."""
    path = _claim_file(index, claim_id)
    when = dt.date.today() if date is None else _full_date(date)
    entry = {"date": when, "status": _vocab(Status, status, "status"), "by": by,
             "note": note, "evidence": list(evidence)}
    return apply_edit(index, path, lambda t: ops.append_review(t, claim_id, entry),
                      dry_run=dry_run)


def _full_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"'{text}' is not a date (YYYY-MM-DD)", field="date") from None


def link(index: Index, source: str, kind: str, target: str, *, note: str = "",
         dry_run: bool = False) -> EditResult:
    """Add the relation ``source kind target``."""
    path = _claim_file(index, source)
    index.claim_rid(target)
    if source == target:
        raise UsageError(f"a claim cannot be related to itself: {source} {kind} {target}")
    relation = {"type": _vocab(RelationType, kind, "type"), "target": target, "note": note}
    return apply_edit(index, path, lambda t: ops.add_relation(t, source, relation),
                      dry_run=dry_run)


def unlink(index: Index, source: str, kind: str, target: str, *,
           dry_run: bool = False) -> EditResult:
    """Remove the relation ``source kind target``."""
    path = _claim_file(index, source)
    _vocab(RelationType, kind, "type")
    return apply_edit(index, path, lambda t: ops.remove_relation(t, source, kind, target),
                      dry_run=dry_run)


def new_actor(index: Index, *, name: str, kind: str, actor_id: str | None = None,
              aliases: Sequence[str] = (), affiliation: str | None = None,
              reliability: str | None = None, description: str = "",
              dry_run: bool = False) -> tuple[str, EditResult]:
    """Add an actor to actors.toml."""
    if not name.strip():
        raise UsageError("an actor needs a name", field="name")
    for spelling in [name, *aliases]:
        owner = index.actor_id(spelling)
        if owner is not None:
            raise UsageError(f"'{spelling}' already names actor '{owner}'")
    base = slugify(name)
    new_id = actor_id or _unique(base, _taken(index, "actors", base))
    if index.value("SELECT 1 FROM actors WHERE id = ?", (new_id,)):
        raise UsageError(f"actor '{new_id}' already exists", field="id")
    record = {
        "id": new_id, "name": name, "kind": _vocab(ActorKind, kind, "kind"),
        "aliases": list(aliases),
        "affiliation": None if affiliation is None else _actor(index, affiliation,
                                                                "affiliation"),
        "reliability": None if reliability is None else _vocab(Reliability, reliability,
                                                                "reliability"),
        "description": description,
    }
    path = index.root / "actors.toml"
    return new_id, apply_edit(index, path, lambda t: ops.add_actor(t, record),
                              dry_run=dry_run)
