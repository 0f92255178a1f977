"""The edit commands as library functions: validate the request, then apply one edit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from claimtrack import vocab, words
from claimtrack.anchor import find_quote
from claimtrack.edit import ops
from claimtrack.edit.records import change_list
from claimtrack.edit.session import EditResult, apply_edit, apply_edits
from claimtrack.errors import UsageError, did_you_mean, one_of
from claimtrack.fields import Field, Given, fields_of, parse, parse_all
from claimtrack.files import too_long
from claimtrack.model import (
    DRAFT_TAG,
    Actor,
    Appearance,
    Basis,
    Claim,
    RelationType,
    Status,
)
from claimtrack.slug import fresh_id, is_slug, slugify

if TYPE_CHECKING:
    from claimtrack.index import Index

__all__ = ["DRAFT_TAG", "StaleFormError", "accept", "add_claim", "add_tag", "claim_version",
           "edit_claim", "link", "link_many", "new_actor", "new_claim", "remove_claim",
           "review", "review_each", "reviewer_name", "unchanged_since", "unlink"]


class StaleFormError(UsageError):
    """The claim changed after the request about it was prepared; nothing was written."""


def _taken(index: Index, table: str, base: str) -> set[str]:
    return {i for (i,) in index.rows(f"SELECT id FROM {table} WHERE id = ? OR id LIKE ?",
                                     (base, f"{base}-%"))}


def _word(cls: Any, value: str, field: str) -> str:
    """A vocabulary word as typed (any case), as the files spell it."""
    return str(vocab.parse(cls, value, field=field))


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
        reason = too_long(index.root / f"{dossier}.toml")
        if reason is not None:
            raise UsageError(f"'{dossier}': {reason}", field="dossier")
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


def new_claim(index: Index, claim: Mapping[str, Given], appearance: Mapping[str, Given],
              *, basis: Mapping[str, Given] | None = None) -> Claim:
    """A new claim as a model record, from what a person gave for each field (by the
    model's field names: ``claim`` the claim's, ``appearance`` its one appearance's,
    ``basis`` why its claimant is inferred): typed as ``claimtrack.fields`` reads it.

    Its id comes from the statement unless given; the appearance's ``attribution``
    defaults to ``own`` when the claimant is the document's voice, else ``explicit``.
    """
    from claimtrack.structure import structure

    if not str(claim.get("statement") or "").strip():
        raise UsageError("a claim needs a statement", field="statement")
    data = {k: v for k, v in parse_all(index, Claim, claim).items() if v not in (None, [])}
    shown = {k: v for k, v in parse_all(index, Appearance, appearance).items()
             if v not in (None, [])}
    for name in ("claimant", "kind"):
        if name not in data:
            raise UsageError(f"a claim needs a {name}", field=name)
    if "attribution" not in shown and "document" in shown:
        voice = index.value("SELECT voice FROM documents WHERE id = ? AND live",
                            (shown["document"],))
        shown["attribution"] = "own" if data["claimant"] == voice else "explicit"
    data["id"] = _new_id(index, str(claim.get("id") or ""), data["statement"])
    reason = parse_all(index, Basis, basis or {})
    if reason.get("reason"):
        data["basis"] = {k: v for k, v in reason.items() if v}
    data["appearances"] = [shown]
    record, errors = structure(data, Claim)
    if errors or record is None:
        path, message = errors[0] if errors else ("", "not a claim")
        field = path.rsplit(".", 1)[-1].split("[")[0] or None
        raise UsageError(message, field=field)
    return record


def _new_id(index: Index, given: str, statement: str) -> str:
    if given:
        if not is_slug(given):
            raise UsageError(f"'{given}' is not an id: use lowercase letters, digits and "
                             "single hyphens (e.g. 'nss-announces-coup')", field="id")
        if index.value("SELECT 1 FROM claims WHERE id = ?", (given,)):
            raise UsageError(f"claim '{given}' already exists", field="id")
        return given
    base = slugify(statement, fallback="claim")
    return fresh_id(base, _taken(index, "claims", base))


def _quotes_found(index: Index, claim: Claim) -> None:
    """Refuse a claim whose quote is not in its document, or is there more than once."""
    for appearance in claim.appearances:
        text = index.text(appearance.document)
        hits = [] if text is None else find_quote(text, appearance.quote,
                                                  prefix=appearance.prefix,
                                                  suffix=appearance.suffix)
        if len(hits) != 1:
            where = "is not in" if not hits else f"occurs {len(hits)} times in"
            hint = "" if not hits else "; add --prefix or --suffix to say which"
            raise UsageError(f"'{appearance.quote}' {where} document "
                             f"'{appearance.document}'{hint}", field="quote")


def add_claim(index: Index, claim: Claim, *, dossier: str | None = None,
              dry_run: bool = False) -> EditResult:
    """Write a new claim record (``new_claim`` makes one from typed input) to a dossier:
    ``dossier``, else its first document's. Its quotes are verified against their
    documents first; the record is written as the model unstructures it, by the one
    emitter."""
    from claimtrack.edit import emit
    from claimtrack.plain import unstructure

    if index.value("SELECT 1 FROM claims WHERE id = ?", (claim.id,)):
        raise UsageError(f"claim '{claim.id}' already exists", field="id")
    _quotes_found(index, claim)
    children = [f.name for f in attrs.fields(type(claim)) if f.name in _CHILDREN]
    block = emit.records("claims", [unstructure(claim)], children=children)
    path = _dossier_file(index, dossier, claim.appearances[0].document if claim.appearances
                         else "")
    return apply_edit(index, path, lambda text: ops.insert_block(text, "claims", block),
                      dry_run=dry_run)


_CHILDREN = ("appearances", "relations", "reviews")
"""A claim's lists of records, written as ``[[claims.NAME]]`` tables after it."""


def review(index: Index, claim_id: str, *, status: str, by: str, note: str = "",
           evidence: Sequence[str] = (), date: str | None = None,
           version: str | None = None, dry_run: bool = False) -> EditResult:
    """Append a review to a claim's history (the history is never rewritten); every review
    names its reviewer.

    With ``version`` (from ``claim_version``), the edit is refused if the claim changed
    since.
    """
    entry = _review_entry(status=status, by=by, note=note, evidence=evidence, date=date)
    path = _claim_file(index, claim_id)
    return apply_edit(index, path, _reviewing(claim_id, entry),
                      dry_run=dry_run, guard=unchanged_since(index, claim_id, version))


def review_each(index: Index, claim_ids: Sequence[str], *, status: str, by: str,
                note: str = "", evidence: Sequence[str] = (), date: str | None = None,
                dry_run: bool = False) -> tuple[EditResult, ...]:
    """Append the same review to each claim of ``claim_ids``: one edit over every file
    they are in, checked once, written all or nothing."""
    entry = _review_entry(status=status, by=by, note=note, evidence=evidence, date=date)
    ids = list(dict.fromkeys(claim_ids))
    if not ids:
        raise UsageError("give at least one claim id")
    return apply_edits(index, [(_claim_file(index, c), _reviewing(c, entry)) for c in ids],
                       dry_run=dry_run)


def add_tag(index: Index, claim_ids: Sequence[str], *, tag: str,
            dry_run: bool = False) -> tuple[EditResult, ...]:
    """Add ``tag`` to each claim of ``claim_ids`` that lacks it (refused when none does):
    one edit, all or nothing."""
    tag = tag.strip()
    if not tag or "," in tag:
        raise UsageError("give one tag, without commas", field="tag")
    for claim_id in claim_ids:
        index.claim_rid(claim_id)
    lacking = [c.id for c in index.claims(list(dict.fromkeys(claim_ids))) if tag not in c.tags]
    if not lacking:
        raise UsageError(f"every chosen claim has the tag '{tag}' already", field="tag")
    return apply_edits(index, [(_claim_file(index, c), _tagging(c, tag)) for c in lacking],
                       dry_run=dry_run)


def _review_entry(*, status: str, by: str, note: str, evidence: Sequence[str],
                  date: str | None) -> dict[str, Any]:
    reviewer = _reviewer(by, "reviews it")
    when = dt.date.today() if date is None else _full_date(date)
    return {"date": when, "status": _word(Status, status, "status"), "by": reviewer,
            "note": note, "evidence": [e.strip() for e in evidence if e.strip()]}


def _reviewing(claim_id: str, entry: dict[str, Any]) -> Callable[[str], str]:
    return lambda text: ops.append_review(text, claim_id, entry)


def _tagging(claim_id: str, tag: str) -> Callable[[str], str]:
    return lambda text: ops.change_tags(text, claim_id, add=[tag])


def _reviewer(by: str, does: str) -> str:
    """The reviewer's name, refused when blank (the command line falls back on git's
    user.name before it gets here)."""
    if words.blank(by):
        raise UsageError(f"say who {does}: give a name, or set one with git config "
                         "user.name", field="reviewer")
    return by.strip()


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
                      dry_run=dry_run, guard=unchanged_since(index, source, version))


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


def new_actor(index: Index, actor: Mapping[str, Given], *,
              dry_run: bool = False) -> tuple[str, EditResult]:
    """Add an actor, from what a person gave for each of its fields (by the model's field
    names; its id comes from its name unless given), to actors.toml; return its id."""
    from claimtrack.edit import emit
    from claimtrack.plain import unstructure
    from claimtrack.structure import structure

    values = {k: v for k, v in parse_all(index, Actor, actor).items() if v not in (None, [])}
    name = str(values.get("name", ""))
    if words.blank(name):
        raise UsageError("an actor needs a name", field="name")
    for spelling in [name, *values.get("aliases", ())]:
        owner = index.actor_id(spelling)
        if owner is not None:
            raise UsageError(f"'{spelling}' already names actor '{owner}'")
    given = str(values.get("id") or "")
    base = slugify(name, limit=40, fallback="actor")
    values["id"] = given or fresh_id(base, _taken(index, "actors", base))
    if index.value("SELECT 1 FROM actors WHERE id = ?", (values["id"],)):
        raise UsageError(f"actor '{values['id']}' already exists", field="id")
    record, errors = structure(values, Actor)
    if errors or record is None:
        where, message = errors[0] if errors else ("", "not an actor")
        raise UsageError(message, field=where or None)
    block = emit.records("actors", [unstructure(record)])
    return record.id, apply_edit(index, index.root / "actors.toml",
                                 lambda text: ops.insert_block(text, "actors", block),
                                 dry_run=dry_run)


# -- finishing a draft ---------------------------------------------------------------------


def claim_version(index: Index, claim_id: str) -> str:
    """A short fingerprint of the claim as written now: a form carries it, and an edit
    given it is refused once the claim has changed."""
    import hashlib
    import json

    import attrs

    rid = index.claim_rid(claim_id)
    claim = index.records("claims", rids=[rid])[0]
    data = json.dumps(attrs.asdict(claim), sort_keys=True, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


def unchanged_since(index: Index, claim_id: str, version: str | None
                    ) -> Callable[[], None] | None:
    """A guard for ``apply_edits`` refusing the edit when the claim's version is no longer
    ``version`` (the form was shown before the claim last changed); None without one."""
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


def edit_claim(index: Index, claim_id: str, changes: Mapping[str, Given] = {}, *,
               appearance: Mapping[str, Given] = {}, number: int | None = None,
               add: Mapping[str, Given] = {}, remove: Mapping[str, Given] = {},
               version: str | None = None, dry_run: bool = False) -> EditResult:
    """Change a claim's fields (``changes``, by the model's field names) and its
    ``number``-th appearance's (``appearance``; from 1, needed only when it has several);
    ``add`` to and ``remove`` from list fields of either (``tags``, ``about``, ``via``).

    A field left out stays as it is; an empty value removes an optional one. Values are
    typed as ``claimtrack.fields`` reads them. The id is changed with ``rename_claim``.
    """
    if "id" in changes:
        raise UsageError("an id is changed with `claimtrack rename OLD NEW`", field="id")
    path = _claim_file(index, claim_id)
    current = index.claims([claim_id])[0]
    own = {f.name: f for f in fields_of(Claim)}
    inner = {f.name: f for f in fields_of(Appearance)}
    fields = parse_all(index, Claim, changes)
    shown = parse_all(index, Appearance, appearance)
    lists = {name: (parse(index, own.get(name) or inner[name], add.get(name)),
                    parse(index, own.get(name) or inner[name], remove.get(name)))
             for name in dict.fromkeys([*add, *remove]) if _is_list(name, own, inner)}
    touches_appearance = bool(shown) or any(name in inner for name in lists)
    nth = _appearance(current.id, len(current.appearances), number, touches_appearance)
    if not fields and not shown and not lists:
        raise UsageError("nothing to change: give at least one field to set")

    def change(text: str) -> str:
        if fields:
            text = ops.set_fields(text, claim_id, fields)
        if shown:
            text = ops.set_fields(text, claim_id, shown, appearance=nth)
        for name, (more, fewer) in lists.items():
            # Worked out from the file as it is under the lock, not as it was read.
            text = change_list(text, claim_id, name, add=more, remove=fewer,
                               appearance=nth if name in inner else None)
        return text

    return apply_edit(index, path, change, dry_run=dry_run,
                      guard=unchanged_since(index, claim_id, version))


def _is_list(name: str, *groups: Mapping[str, Field]) -> bool:
    """Whether ``name`` is a list field of one of the groups; an error if it is no field."""
    for group in groups:
        if name in group:
            if not group[name].many:
                raise UsageError(f"{name} holds one value, not a list: set it instead",
                                 field=name)
            return True
    known = [n for group in groups for n, f in group.items() if f.many]
    raise UsageError(f"no list field '{name}'; {one_of(known)}{did_you_mean(name, known)}")


def _appearance(claim_id: str, count: int, number: int | None, wanted: bool) -> int | None:
    """The appearance (from 0) an edit is about, from the number a person gives (from 1)."""
    if number is not None and not wanted:
        raise UsageError("give what to change in it: "
                         + ", ".join(f.name for f in fields_of(Appearance)),
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
                       guard=unchanged_since(index, claim_id, version))


def accept(index: Index, claim_ids: Sequence[str], *, by: str, date: str | None = None,
           note: str = "", dry_run: bool = False,
           versions: Sequence[str | None] = ()) -> tuple[EditResult, ...]:
    """Take drafts into the dossier: the ``draft`` tag goes, and the claim records who
    accepted it and when (``accepted``). Acceptance is not a verdict: no review is added
    and the status stays what the reviews say."""
    reviewer = _reviewer(by, "accepts the drafts")
    if not claim_ids:
        raise UsageError("give at least one claim id")
    when = dt.date.today() if date is None else _full_date(date)
    changes: list[tuple[Path, Callable[[str], str]]] = []
    guards: list[Callable[[], None]] = []
    for number, claim_id in enumerate(dict.fromkeys(claim_ids)):
        path = _claim_file(index, claim_id)
        claim = index.claims([claim_id])[0]
        if not claim.draft:
            raise UsageError(f"claim '{claim_id}' is not a draft (it has no '{DRAFT_TAG}' "
                             "tag)")
        stamp = {"by": reviewer, "date": when, "note": note.strip()}
        changes.append((path, _accepting(claim_id, stamp)))
        guard = unchanged_since(index, claim_id,
                           versions[number] if number < len(versions) else None)
        if guard is not None:
            guards.append(guard)

    def guard_all() -> None:
        for guard in guards:
            guard()

    return apply_edits(index, changes, dry_run=dry_run, guard=guard_all)


def _accepting(claim_id: str, stamp: dict[str, Any]) -> Callable[[str], str]:
    def change(text: str) -> str:
        text = ops.change_tags(text, claim_id, remove=[DRAFT_TAG])
        return ops.set_fields(text, claim_id, {"accepted": stamp})

    return change
