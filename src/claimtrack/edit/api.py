"""The edit commands as library functions: validate the request, then apply one edit."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from claimtrack.anchor import find_quote
from claimtrack.dataset import Dataset
from claimtrack.dates import PartialDate
from claimtrack.edit import ops
from claimtrack.edit.session import EditResult, apply_edit
from claimtrack.errors import UsageError, did_you_mean, one_of
from claimtrack.index import Index
from claimtrack.model import ActorKind, ClaimKind, Framing, RelationType, Reliability, Status

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


def _vocab(cls: Any, value: str, option: str) -> str:
    allowed = [str(m) for m in cls]
    if value not in allowed:
        raise UsageError(f"{option}: unknown value '{value}'; {one_of(allowed)}"
                         f"{did_you_mean(value, allowed)}")
    return value


def _date(text: str | None, option: str) -> str | None:
    if text is None:
        return None
    try:
        return str(PartialDate.parse(text))
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}") from None


def _actor(index: Index, name: str, option: str) -> str:
    try:
        return index.actor(name).id
    except UsageError as error:
        raise UsageError(f"{option}: {error}") from None


def _claim_file(dataset: Dataset, index: Index, claim_id: str) -> Path:
    index.claim(claim_id)
    return dataset.origin("claims", claim_id).file.path


def _dossier_file(dataset: Dataset, dossier: str | None, document: str) -> Path:
    stems = sorted({o.file.path.stem for (t, _), o in dataset.origins.items()
                    if t in ("claims", "documents")})
    if dossier is not None:
        if dossier not in stems and not (dataset.root / f"{dossier}.toml").exists():
            raise UsageError(f"--dossier: no dossier '{dossier}'; {one_of(stems)}"
                             f"{did_you_mean(dossier, stems)}")
        return dataset.root / f"{dossier}.toml"
    if ("documents", document) in dataset.origins:
        return dataset.origin("documents", document).file.path
    if len(stems) == 1:
        return dataset.root / f"{stems[0]}.toml"
    raise UsageError(f"say which dossier with --dossier; {one_of(stems)}")


def add_claim(
    dataset: Dataset,
    *,
    statement: str,
    by: str,
    kind: str,
    framing: str,
    document: str,
    quote: str,
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
    """Add a claim; the quote is verified against its document before anything is written."""
    index = Index(dataset)
    if not statement.strip():
        raise UsageError("--statement: a claim needs a statement")
    claimant = _actor(index, by, "--by")
    subjects = [_actor(index, name, "--about") for name in about]
    if document not in dataset.documents:
        raise UsageError(f"--document: unknown document '{document}'"
                         f"{did_you_mean(document, dataset.documents)}")
    text = dataset.text_of(document)
    hits = [] if text is None else find_quote(text, quote, prefix=prefix, suffix=suffix)
    if len(hits) != 1:
        where = "is not in" if not hits else f"occurs {len(hits)} times in"
        hint = "" if not hits else "; add --prefix or --suffix to say which"
        raise UsageError(f"--quote: '{quote}' {where} document '{document}'{hint}")
    if claim_id is not None and claim_id in dataset.claims:
        raise UsageError(f"--id: claim '{claim_id}' already exists")
    new_id = claim_id or _unique(slugify(statement), set(dataset.claims))
    record = {
        "id": new_id, "statement": statement, "claimant": claimant, "about": subjects,
        "kind": _vocab(ClaimKind, kind, "--kind"),
        "framing": _vocab(Framing, framing, "--framing"),
        "made": _date(made, "--made"), "occurred": _date(occurred, "--occurred"),
        "words": list(words), "tags": list(tags),
    }
    appearance = {"document": document, "section": section, "quote": quote,
                  "prefix": prefix, "suffix": suffix}
    path = _dossier_file(dataset, dossier, document)
    result = apply_edit(dataset.root, path, lambda t: ops.add_claim(
        t, record, appearances=[appearance], reviews=[]), dry_run=dry_run)
    return new_id, result


def review(dataset: Dataset, claim_id: str, *, status: str, note: str = "",
           evidence: Sequence[str] = (), by: str = "", date: str | None = None,
           dry_run: bool = False) -> EditResult:
    """Append a review to a claim's history (the history is never rewritten)."""
    index = Index(dataset)
    path = _claim_file(dataset, index, claim_id)
    when = dt.date.today() if date is None else _full_date(date)
    entry = {"date": when, "status": _vocab(Status, status, "--status"), "by": by,
             "note": note, "evidence": list(evidence)}
    return apply_edit(dataset.root, path, lambda t: ops.append_review(t, claim_id, entry),
                      dry_run=dry_run)


def _full_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--date: '{text}' is not a date (YYYY-MM-DD)") from None


def link(dataset: Dataset, source: str, kind: str, target: str, *, note: str = "",
         dry_run: bool = False) -> EditResult:
    """Add the relation ``source kind target``."""
    index = Index(dataset)
    path = _claim_file(dataset, index, source)
    index.claim(target)
    if source == target:
        raise UsageError(f"a claim cannot be related to itself: {source} {kind} {target}")
    relation = {"type": _vocab(RelationType, kind, "TYPE"), "target": target, "note": note}
    return apply_edit(dataset.root, path, lambda t: ops.add_relation(t, source, relation),
                      dry_run=dry_run)


def unlink(dataset: Dataset, source: str, kind: str, target: str, *,
           dry_run: bool = False) -> EditResult:
    """Remove the relation ``source kind target``."""
    index = Index(dataset)
    path = _claim_file(dataset, index, source)
    _vocab(RelationType, kind, "TYPE")
    return apply_edit(dataset.root, path, lambda t: ops.remove_relation(t, source, kind, target),
                      dry_run=dry_run)


def new_actor(dataset: Dataset, *, name: str, kind: str, actor_id: str | None = None,
              aliases: Sequence[str] = (), affiliation: str | None = None,
              reliability: str | None = None, description: str = "",
              dry_run: bool = False) -> tuple[str, EditResult]:
    """Add an actor to actors.toml."""
    index = Index(dataset)
    if not name.strip():
        raise UsageError("--name: an actor needs a name")
    for spelling in [name, *aliases]:
        if index.find_actor(spelling) is not None:
            raise UsageError(f"'{spelling}' already names actor "
                             f"'{index.find_actor(spelling).id}'")  # type: ignore[union-attr]
    new_id = actor_id or _unique(slugify(name), set(dataset.actors))
    if new_id in dataset.actors:
        raise UsageError(f"--id: actor '{new_id}' already exists")
    record = {
        "id": new_id, "name": name, "kind": _vocab(ActorKind, kind, "--kind"),
        "aliases": list(aliases),
        "affiliation": None if affiliation is None else _actor(index, affiliation,
                                                                "--affiliation"),
        "reliability": None if reliability is None else _vocab(Reliability, reliability,
                                                                "--reliability"),
        "description": description,
    }
    path = dataset.root / "actors.toml"
    return new_id, apply_edit(dataset.root, path, lambda t: ops.add_actor(t, record),
                              dry_run=dry_run)
