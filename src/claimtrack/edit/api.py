"""The edit commands as library functions: validate the request, then apply one edit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimtrack import vocab, words
from claimtrack.anchor import find_quote
from claimtrack.dates import PartialDate
from claimtrack.edit import ops
from claimtrack.edit.session import EditResult, apply_edit, apply_edits
from claimtrack.errors import UsageError, did_you_mean, one_of
from claimtrack.model import (
    DRAFT_TAG,
    ActorKind,
    Attribution,
    ClaimKind,
    Framing,
    RelationType,
    Reliability,
    Status,
)
from claimtrack.slug import fresh_id, slugify

if TYPE_CHECKING:
    from claimtrack.index import Index

__all__ = ["DRAFT_TAG", "StaleFormError", "accept", "add_claim", "claim_version", "edit_claim",
           "link", "link_many", "new_actor", "remove_claim", "review", "reviewer_name",
           "unlink"]


class StaleFormError(UsageError):
    """The claim changed after the request about it was prepared; nothing was written."""


def _taken(index: Index, table: str, base: str) -> set[str]:
    return {i for (i,) in index.rows(f"SELECT id FROM {table} WHERE id = ? OR id LIKE ?",
                                     (base, f"{base}-%"))}


def _word(cls: Any, value: str, field: str) -> str:
    """A vocabulary word as typed (any case), as the files spell it."""
    return str(vocab.parse(cls, value, field=field))


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
    base = slugify(statement, fallback="claim")
    new_id = claim_id or fresh_id(base, _taken(index, "claims", base))
    voice = index.value("SELECT voice FROM documents WHERE id = ? AND live", (document,))
    if attribution is None:
        attribution = "own" if claimant == voice else "explicit"
    record = {
        "id": new_id, "statement": statement, "claimant": claimant, "about": subjects,
        "kind": _word(ClaimKind, kind, "kind"),
        "made": _date(made, "made"), "occurred": _date(occurred, "occurred"),
        "words": list(words), "tags": list(tags),
        "basis": {"reason": basis, "quote": basis_quote} if basis else None,
    }
    appearance = {"document": document, "section": section, "quote": quote,
                  "prefix": prefix, "suffix": suffix,
                  "framing": _word(Framing, framing, "framing"),
                  "attribution": _word(Attribution, attribution, "attribution"),
                  "via": [_actor(index, name, "via") for name in via], "cue": cue}
    path = _dossier_file(index, dossier, document)
    result = apply_edit(index, path, lambda t: ops.add_claim(
        t, record, appearances=[appearance], reviews=[]), dry_run=dry_run)
    return new_id, result


def review(index: Index, claim_id: str, *, status: str, note: str = "",
           evidence: Sequence[str] = (), by: str = "", date: str | None = None,
           version: str | None = None, dry_run: bool = False) -> EditResult:
    """Append a review to a claim's history (the history is never rewritten).

    With ``version`` (from ``claim_version``), the edit is refused if the claim changed
    since.
    """
    path = _claim_file(index, claim_id)
    when = dt.date.today() if date is None else _full_date(date)
    entry = {"date": when, "status": _word(Status, status, "status"), "by": by,
             "note": note, "evidence": [e.strip() for e in evidence if e.strip()]}
    return apply_edit(index, path, lambda t: ops.append_review(t, claim_id, entry),
                      dry_run=dry_run, guard=_unchanged(index, claim_id, version))


def _full_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"'{text}' is not a date (YYYY-MM-DD)", field="date") from None


def link(index: Index, source: str, kind: str, target: str, *, note: str = "",
         version: str | None = None, dry_run: bool = False) -> EditResult:
    """Add the relation ``source kind target``."""
    path = _claim_file(index, source)
    index.claim_rid(target)
    if source == target:
        raise UsageError(f"a claim cannot be related to itself: {source} {kind} {target}")
    relation = {"type": _word(RelationType, kind, "type"), "target": target, "note": note}
    return apply_edit(index, path, lambda t: ops.add_relation(t, source, relation),
                      dry_run=dry_run, guard=_unchanged(index, source, version))


def link_many(index: Index, links: Sequence[tuple[str, str, str, str]], *,
              dry_run: bool = False) -> list[EditResult]:
    """Add several relations (source, type, target, note) as one edit, checked once."""
    from claimtrack.edit.session import apply_edits

    changes: dict[Path, list[tuple[str, dict[str, str]]]] = {}
    for source, kind, target, note in links:
        index.claim_rid(target)
        if source == target:
            raise UsageError(f"a claim cannot be related to itself: {source} {kind} {target}")
        relation = {"type": _word(RelationType, kind, "type"), "target": target,
                    "note": note}
        changes.setdefault(_claim_file(index, source), []).append((source, relation))

    def adding(source: str, relation: dict[str, str]) -> Callable[[str], str]:
        return lambda text: ops.add_relation(text, source, relation)

    return list(apply_edits(index, [(path, adding(source, relation))
                                    for path, items in changes.items()
                                    for source, relation in items], dry_run=dry_run))


def unlink(index: Index, source: str, kind: str, target: str, *,
           dry_run: bool = False) -> EditResult:
    """Remove the relation ``source kind target``."""
    path = _claim_file(index, source)
    kind = _word(RelationType, kind, "type")
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
    base = slugify(name, limit=40, fallback="actor")
    new_id = actor_id or fresh_id(base, _taken(index, "actors", base))
    if index.value("SELECT 1 FROM actors WHERE id = ?", (new_id,)):
        raise UsageError(f"actor '{new_id}' already exists", field="id")
    record = {
        "id": new_id, "name": name, "kind": _word(ActorKind, kind, "kind"),
        "aliases": list(aliases),
        "affiliation": None if affiliation is None else _actor(index, affiliation,
                                                                "affiliation"),
        "reliability": None if reliability is None else _word(Reliability, reliability,
                                                                "reliability"),
        "description": description,
    }
    path = index.root / "actors.toml"
    return new_id, apply_edit(index, path, lambda t: ops.add_actor(t, record),
                              dry_run=dry_run)


# -- finishing a draft ---------------------------------------------------------------------


def claim_version(index: Index, claim_id: str) -> str:
    """A short fingerprint of the claim as written now: a form carries it, and an edit
    given it is refused once the claim has changed."""
    import hashlib
    import json

    import attrs

    rid = index.claim_rid(claim_id)
    claim = index.records("claims", "rid = ?", (rid,))[0]
    data = json.dumps(attrs.asdict(claim), sort_keys=True, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


def _unchanged(index: Index, claim_id: str, version: str | None) -> Callable[[], None] | None:
    if version is None:
        return None

    def guard() -> None:
        if claim_version(index, claim_id) != version:
            raise StaleFormError(f"claim '{claim_id}' changed since this form was shown; "
                                 "nothing was written: reload it and try again")

    return guard


def reviewer_name(root: Path) -> str | None:
    """``git config user.name`` as seen from the claims folder, if git has one."""
    import subprocess

    try:
        done = subprocess.run(["git", "-C", str(root), "config", "user.name"],
                              capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    name = done.stdout.strip()
    return name if done.returncode == 0 and name else None


def edit_claim(
    index: Index,
    claim_id: str,
    *,
    statement: str | None = None,
    claimant: str | None = None,
    kind: str | None = None,
    about: Sequence[str] | None = None,
    made: str | None = None,
    occurred: str | None = None,
    add_tags: Sequence[str] = (),
    remove_tags: Sequence[str] = (),
    notes: str | None = None,
    appearance: int | None = None,
    framing: str | None = None,
    attribution: str | None = None,
    via: Sequence[str] | None = None,
    cue: str | None = None,
    version: str | None = None,
    dry_run: bool = False,
) -> EditResult:
    """Change a claim's fields, or its ``appearance``-th appearance's (from 1).

    ``None`` leaves a field as it is; an empty ``made``, ``occurred``, ``notes`` or ``cue``
    (or an empty ``about`` or ``via``) removes it. An appearance is needed only when the
    claim has several.
    """
    path = _claim_file(index, claim_id)
    current = index.claims([claim_id])[0]
    fields = _claim_fields(index, statement=statement, claimant=claimant, kind=kind,
                           about=about, made=made, occurred=occurred, notes=notes)
    shown = _appearance_fields(index, framing=framing, attribution=attribution, via=via,
                               cue=cue)
    nth = _appearance(current.id, len(current.appearances), appearance, bool(shown))
    if not fields and not shown and not add_tags and not remove_tags:
        raise UsageError("nothing to change: give at least one field to set")

    def change(text: str) -> str:
        if fields:
            text = ops.set_fields(text, claim_id, fields)
        if add_tags or remove_tags:
            # Tags are worked out from the file as it is under the lock, not as it was read.
            text = ops.change_tags(text, claim_id, add=add_tags, remove=remove_tags)
        if shown:
            text = ops.set_fields(text, claim_id, shown, appearance=nth)
        return text

    return apply_edit(index, path, change, dry_run=dry_run,
                      guard=_unchanged(index, claim_id, version))


def _claim_fields(index: Index, *, statement: str | None, claimant: str | None,
                  kind: str | None, about: Sequence[str] | None, made: str | None,
                  occurred: str | None, notes: str | None) -> dict[str, Any]:
    """The claim's keys to set, checked and resolved (None for a key to remove)."""
    fields: dict[str, Any] = {}
    if statement is not None:
        if not statement.strip():
            raise UsageError("a claim needs a statement", field="statement")
        fields["statement"] = statement
    if claimant is not None:
        fields["claimant"] = _actor(index, claimant, "claimant")
    if kind is not None:
        fields["kind"] = _word(ClaimKind, kind, "kind")
    if about is not None:
        fields["about"] = list(dict.fromkeys(_actor(index, a, "about") for a in about))
    if made is not None:
        fields["made"] = _date(made, "made") if made else None
    if occurred is not None:
        fields["occurred"] = _date(occurred, "occurred") if occurred else None
    if notes is not None:
        fields["notes"] = notes
    return fields


def _appearance_fields(index: Index, *, framing: str | None, attribution: str | None,
                       via: Sequence[str] | None, cue: str | None) -> dict[str, Any]:
    """An appearance's keys to set, checked and resolved."""
    shown: dict[str, Any] = {}
    if framing is not None:
        shown["framing"] = _word(Framing, framing, "framing")
    if attribution is not None:
        shown["attribution"] = _word(Attribution, attribution, "attribution")
    if via is not None:
        shown["via"] = [_actor(index, v, "via") for v in via]
    if cue is not None:
        shown["cue"] = cue
    return shown


def _appearance(claim_id: str, count: int, number: int | None, wanted: bool) -> int | None:
    """The appearance (from 0) an edit is about, from the number a person gives (from 1)."""
    if number is not None and not wanted:
        raise UsageError("give what to change in it (framing, attribution, via, cue)",
                         field="appearance")
    if not wanted:
        return None
    if number is None:
        if count != 1:
            raise UsageError(f"claim '{claim_id}' has {count} appearances; say which (from 1)",
                             field="appearance")
        return 0
    if not 1 <= number <= count:
        raise UsageError(f"claim '{claim_id}' has {words.count(count, 'appearance')}; "
                         f"expected 1 to {count}",
                         field="appearance")
    return number - 1


def remove_claim(index: Index, claim_id: str, *, unlink: bool = False,
                 version: str | None = None, dry_run: bool = False) -> tuple[EditResult, ...]:
    """Remove a claim. Refused while other claims point at it, naming them; with
    ``unlink``, the relations pointing at it are removed too (reviews citing it as
    evidence are history, and still refuse it)."""
    path = _claim_file(index, claim_id)
    linked = index.rows(
        "SELECT DISTINCT c.id, c.file FROM relations r JOIN claims c ON c.rid = r.parent "
        "WHERE r.live AND r.target = ? AND c.id != ? ORDER BY c.file, c.n",
        (claim_id, claim_id))
    cited = [i for (i,) in index.rows(
        "SELECT DISTINCT c.id FROM reviews v JOIN claims c ON c.rid = v.parent "
        "WHERE v.live AND c.id != ? AND EXISTS (SELECT 1 FROM json_each(v.evidence) "
        "WHERE value = ?) ORDER BY c.file, c.n", (claim_id, claim_id))]
    if cited:
        raise UsageError(f"claim '{claim_id}' is cited as evidence in the reviews of "
                         f"{', '.join(cited)}; a review history is not rewritten, so it "
                         "stays")
    if linked and not unlink:
        raise UsageError(f"claim '{claim_id}' is related to by {', '.join(i for i, _ in linked)}"
                         "; remove those relations first, or add --unlink")
    changes: list[tuple[Path, Callable[[str], str]]] = [
        (index.root / file, lambda t: ops.remove_relations_to(t, claim_id))
        for file in dict.fromkeys(f for _, f in linked)]
    changes.append((path, lambda t: ops.remove_claim(t, claim_id)))
    return apply_edits(index, changes, dry_run=dry_run,
                       guard=_unchanged(index, claim_id, version))


def accept(index: Index, claim_ids: Sequence[str], *, by: str, date: str | None = None,
           note: str = "", dry_run: bool = False,
           versions: Sequence[str | None] = ()) -> tuple[EditResult, ...]:
    """Take drafts into the dossier: the ``draft`` tag goes, and a review entry (the
    claim's status unchanged) records who accepted it and when."""
    if not by.strip():
        raise UsageError("say who accepts the drafts (git has no user.name here)",
                         field="reviewer")
    if not claim_ids:
        raise UsageError("give at least one claim id")
    when = dt.date.today() if date is None else _full_date(date)
    changes: list[tuple[Path, Callable[[str], str]]] = []
    guards: list[Callable[[], None]] = []
    for number, claim_id in enumerate(dict.fromkeys(claim_ids)):
        path = _claim_file(index, claim_id)
        claim = index.claims([claim_id])[0]
        if DRAFT_TAG not in claim.tags:
            raise UsageError(f"claim '{claim_id}' is not a draft (it has no '{DRAFT_TAG}' "
                             "tag)")
        entry = {"date": when, "status": str(claim.status), "by": by,
                 "note": note or "Accepted from draft."}
        changes.append((path, _accepting(claim_id, entry)))
        guard = _unchanged(index, claim_id,
                           versions[number] if number < len(versions) else None)
        if guard is not None:
            guards.append(guard)

    def guard_all() -> None:
        for guard in guards:
            guard()

    return apply_edits(index, changes, dry_run=dry_run, guard=guard_all)


def _accepting(claim_id: str, entry: dict[str, Any]) -> Callable[[str], str]:
    def change(text: str) -> str:
        text = ops.change_tags(text, claim_id, remove=[DRAFT_TAG])
        return ops.append_review(text, claim_id, entry)

    return change
