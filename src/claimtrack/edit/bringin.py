"""Bring a drafted article into the claims folder: once, as one checked edit.

``extract -o`` writes the article's text under ``documents/`` and its draft dossier beside
the others. An article already in the folder (a document with the same sha256) is refused,
naming that document, or, asked to (``update``), has its drafts brought up to date in the
dossier that holds it: never a second copy. Either way the write goes through the edit
library (folder lock, checked first, atomic, the settings file written for a new folder),
so the folder still passes ``check`` after it.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from claimtrack.edit import emit, ops
from claimtrack.edit.session import apply_edits
from claimtrack.errors import UsageError
from claimtrack.words import count

if TYPE_CHECKING:
    from claimtrack.index import Index

__all__ = ["Existing", "Update", "existing_document", "publish_as", "refusal", "save_draft",
           "update_drafts"]


@attrs.frozen
class Existing:
    """A document of the folder with the same text: its id, text path and dossier file."""

    id: str
    text: str
    file: str


def existing_document(index: Index, text: str) -> Existing | None:
    """The folder's document whose text is ``text`` (the same sha256), if any."""
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    row = index.db.execute("SELECT id, text, file FROM documents WHERE live AND sha256 = ? "
                           "ORDER BY file, n LIMIT 1", (sha,)).fetchone()
    return None if row is None else Existing(str(row[0]), str(row[1]), str(row[2]))


def refusal(article: str, found: Existing) -> UsageError:
    """The message for an article already in the folder."""
    return UsageError(f"{article}: this text is already in the folder as document "
                      f"'{found.id}' ({found.text}, in {found.file}); nothing was written: "
                      "pass --update to bring its drafts up to date there")


def save_draft(index: Index, *, toml: str, document_id: str, text: str, output: Path) -> None:
    """Write a new draft dossier and its document text, as one checked edit."""
    from claimtrack.files import current_bytes

    document = index.root / "documents" / f"{document_id}.txt"
    texts: dict[Path, str] = {}
    # A dangling symlink, a folder, a pipe or a path out of the folder is refused here.
    old = current_bytes(document, within=index.root)
    if old is not None and old != text.encode("utf-8"):
        raise UsageError(f"{document}: already exists with other text; pass --dossier NAME")
    if old is None:
        texts[document] = text
    # else the same text, left by an earlier run that wrote nothing else: used as it is.
    apply_edits(index, [(output, _new_file(output, toml))], texts=texts)


def _new_file(path: Path, toml: str) -> Callable[[str], str]:
    def write(before: str) -> str:
        if before:
            raise UsageError(f"{path}: already exists; extract does not overwrite a dossier, "
                             "choose another -o FILE")
        return toml

    return write


@attrs.frozen
class Update:
    """What ``update_drafts`` did: drafts added, kept (already in the folder) and removed
    (drafts the new extraction no longer makes, that nobody had touched)."""

    file: str
    added: tuple[str, ...]
    kept: int
    removed: tuple[str, ...]

    @property
    def summary(self) -> str:
        """One line for the command's summary."""
        return (f"updated the drafts of {self.file}: {count(len(self.added), 'new draft')}, "
                f"{self.kept} already there (kept as they are), "
                f"{count(len(self.removed), 'old draft')} no longer drafted removed")


def update_drafts(index: Index, found: Existing, toml: str) -> Update:
    """Bring the drafts of document ``found`` up to date with a new extraction (``toml``,
    drafted with that document's id): a span already drafted or accepted keeps its claim as
    it is (a person may have edited it); a new span gets its draft; a draft of the document
    that the extraction no longer makes is removed when nobody touched it (still a draft,
    no review, nothing else points at it); a span listed in ``[[unclaimed]]`` is left
    alone. One checked edit of the document's dossier."""
    new = tomllib.loads(toml)
    mine = _document_claims(index, found.id)
    spans = {span: claim_id for claim_id, span, _file in mine}
    # Spans a person listed as carrying no assertion were skipped on purpose: not drafted.
    unclaimed = {str(q) for (q,) in index.rows(
        "SELECT quote FROM unclaimed WHERE live AND document = ?", (found.id,))}
    kept_ids: dict[str, str] = {}
    added: list[dict[str, Any]] = []
    for claim in new.get("claims", []):
        span = _span(claim, found.id)
        if span in spans:
            kept_ids[claim["id"]] = spans[span]
        elif span is None or span[0] not in unclaimed:
            added.append(claim)
    skipped = {c["id"] for c in new.get("claims", [])} - {c["id"] for c in added} - set(kept_ids)
    for claim in added:  # a relation to a draft already there points at the one kept
        if "relations" in claim:  # (and none to a span left unclaimed)
            claim["relations"] = [r for r in claim["relations"] if r["target"] not in skipped]
        for relation in claim.get("relations", []):
            relation["target"] = kept_ids.get(relation["target"], relation["target"])
    drafted = {_span(c, found.id) for c in new.get("claims", [])}
    # Only drafts written in the document's own dossier are the edit's to remove.
    removed = _obsolete(index, [(i, s) for i, s, f in mine
                                if s not in drafted and f == found.file])
    # An actor the draft proposes again (the document's voice, a person) is the folder's.
    same = {a["id"]: index.actor_id(a["name"]) for a in new.get("actors", [])}
    # The document already has its voice: a redraft's voice, named apart so that one name
    # keeps meaning one actor, is that same voice.
    old_voice = index.documents()[found.id].voice
    for document in new.get("documents", []):
        if old_voice and document.get("voice") in same:
            same[document["voice"]] = old_voice
    mapping = {new_id: old for new_id, old in same.items() if old and old != new_id}
    for claim in added:
        _remap(claim, mapping)
    wanted = {c["claimant"] for c in added} | {a for c in added for a in c.get("about", [])} \
        | {v for c in added for p in c.get("appearances", []) for v in p.get("via", [])}
    actors = [a for a in new.get("actors", []) if not same[a["id"]] and a["id"] in wanted]
    path = index.root / found.file

    def change(text: str) -> str:
        for claim_id in removed:
            text = ops.remove_claim(text, claim_id)
        if actors:
            text = ops.insert_block(text, "actors", emit.records("actors", actors))
        if added:
            text = ops.insert_block(text, "claims", emit.records(
                "claims", added, children=("appearances", "relations", "reviews")))
        return text

    if added or removed or actors:
        apply_edits(index, [(path, change)])
    return Update(found.file, tuple(c["id"] for c in added), len(kept_ids), tuple(removed))


Span = tuple[str, str, str]


def _remap(claim: dict[str, Any], mapping: dict[str, str]) -> None:
    """Point a drafted claim's actors at the folder's own where the draft proposed them
    again under new ids."""
    if not mapping:
        return
    claim["claimant"] = mapping.get(claim["claimant"], claim["claimant"])
    if "about" in claim:
        claim["about"] = [mapping.get(a, a) for a in claim["about"]]
    for appearance in claim.get("appearances", []):
        if "via" in appearance:
            appearance["via"] = [mapping.get(v, v) for v in appearance["via"]]


def _span(claim: dict[str, Any], document: str) -> Span | None:
    for appearance in claim.get("appearances", []):
        if appearance.get("document") == document:
            return (appearance.get("quote", ""), appearance.get("prefix", ""),
                    appearance.get("suffix", ""))
    return None


def _document_claims(index: Index, document: str) -> list[tuple[str, Span, str]]:
    """(claim id, the span it quotes, its file) of every claim appearing in the document."""
    return [(str(i), (q or "", p or "", s or ""), str(f)) for i, q, p, s, f in index.rows(
        "SELECT c.id, p.quote, p.prefix, p.suffix, c.file FROM appearances p "
        "JOIN claims c ON c.rid = p.parent WHERE p.live AND c.live AND p.document = ? "
        "ORDER BY c.file, c.n, p.position", (document,))]


def _obsolete(index: Index, candidates: list[tuple[str, Span]]) -> list[str]:
    """Of the claims no longer drafted, those nobody touched: still drafts, never
    reviewed, and pointed at (by a relation or as evidence) only by each other."""
    from claimtrack.model import DRAFT_TAG

    ids = list(dict.fromkeys(i for i, _ in candidates))
    untouched = {i for i in ids if index.value(
        "SELECT 1 FROM claims c WHERE c.id = ? AND c.live AND EXISTS (SELECT 1 FROM "
        "json_each(c.tags) WHERE value = ?) AND NOT EXISTS (SELECT 1 FROM reviews v "
        "WHERE v.parent = c.rid AND v.live)", (i, DRAFT_TAG))}
    while True:
        pointed = {i for i in untouched if index.value(
            "SELECT 1 FROM relations r JOIN claims o ON o.rid = r.parent WHERE r.live AND "
            "r.target = ? AND o.id NOT IN (SELECT value FROM json_each(?)) UNION ALL "
            "SELECT 1 FROM reviews v WHERE v.live AND EXISTS (SELECT 1 FROM "
            "json_each(v.evidence) WHERE value = ?)",
            (i, _json(sorted(untouched)), i))}
        if not pointed:
            return [i for i in ids if i in untouched]
        untouched -= pointed


def _json(values: list[str]) -> str:
    import json

    return json.dumps(values)


def _set_default_publisher(root: Path, name: str) -> None:
    """Write ``publisher = name`` into the settings file, after its last top-level key,
    under the folder lock; every other line stays."""
    from claimtrack.edit.emit import key_line
    from claimtrack.edit.layout import Layout
    from claimtrack.edit.lock import folder_lock
    from claimtrack.files import write_atomic
    from claimtrack.folder import SETTINGS, default_publisher, settings_text

    path = root / SETTINGS
    with folder_lock(root):
        before = path.read_bytes() if path.exists() else None
        text = before.decode("utf-8") if before is not None else settings_text()
        if default_publisher(root):
            raise UsageError(f"{path} names a publisher already; change it there")
        text = text if not text or text.endswith("\n") else text + "\n"
        layout = Layout(text)
        at = layout.sections[0].end
        write_atomic(path, [layout.replace(at, at, key_line("publisher", name))],
                     expected=before)


def publish_as(index: Index, dossier: Path, publisher: str | None, *,
               suggestion: str = "") -> str:
    """Who the dossier's reviews are published as, for the summary; with ``publisher``
    (given by the person, never guessed), it becomes the folder's default when the folder
    has none, else the dossier's own when it differs and the dossier names none.
    ``suggestion`` (a name the input carries, such as a feed's one fact-checker) is only
    proposed in the hint."""
    from claimtrack.folder import default_publisher, publisher_hint
    from claimtrack.parse import parse_toml

    root = index.root
    own = ""
    if dossier.exists():
        table = parse_toml(dossier.read_text("utf-8").removeprefix("\ufeff")).get("dossier")
        own = str(table.get("publisher", "")) if isinstance(table, dict) else ""
    if own:
        return f"claimreview: published as {own} (the dossier's publisher)"
    name = (publisher or "").strip()
    if name:
        folder = default_publisher(root)
        if not folder:
            _set_default_publisher(root, name)
            return f"claimreview: published as {name}, now the folder's publisher"
        if folder != name:
            apply_edits(index, [(dossier, lambda t: ops.set_table(t, "dossier",
                                                                 {"publisher": name}))])
            return f"claimreview: published as {name} (the dossier's publisher)"
    return publisher_hint(root, dossier.name, suggestion=suggestion)
