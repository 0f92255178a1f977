"""Bring fact-checks published elsewhere into the claims folder.

``import_claimreview`` turns ClaimReview items (read as a stream by
``claimtrack.imports.claimreview``) into one edit: a document holding the reviewed claims
as the feed states them, a claim per new statement with its reviews, reviews added to the
history of a claim the folder already holds (never a second copy of the claim), and the
claimants as actors, resolved by name and alias or created. A fact-check that names no
claimant gives a claim of the folder's ``unnamed`` claimant, which says so; a review
without a date keeps no date. Each claim's reviews are ordered by date whatever the feed's
order, and a second fact-check of the same words is a second review with its own URL. The
edit goes through ``claimtrack.edit.session``: checked once, written atomically, or only
shown with ``dry_run``.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import attrs

from claimtrack.edit import emit, ops
from claimtrack.edit.session import EditResult, apply_edits
from claimtrack.errors import UsageError, did_you_mean, one_of
from claimtrack.folder import SETTINGS, settings_text
from claimtrack.imports.claimreview import Item, ItemProblem, read
from claimtrack.slug import fresh_id, slugify

if TYPE_CHECKING:
    from claimtrack.index import Index

__all__ = ["UNNAMED", "UNNAMED_DESCRIPTION", "ImportResult", "import_claimreview"]

UNNAMED = "Unnamed claimant"
"""The claimant of a fact-checked claim whose fact-check names nobody."""

UNNAMED_DESCRIPTION = ("Whoever made a claim that a fact-check reviewed without naming who "
                       "made it: the claimant is unknown, not invented.")

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


@attrs.frozen
class ImportResult:
    """What an import added, and what it left out and why."""

    new_claims: tuple[str, ...]
    """Ids of the claims created."""
    reviewed: tuple[str, ...]
    """Ids of claims already in the folder that got a review from the input."""
    unchanged: int
    """Items whose review the folder already records."""
    new_actors: tuple[str, ...]
    problems: tuple[ItemProblem, ...]
    document: str
    """Id of the document holding the imported claims ('' when none was needed)."""
    results: tuple[EditResult, ...]


def import_claimreview(index: Index, raw: BinaryIO, *, source: str, where: str | None = None,
                       dossier: str | None = None, dry_run: bool = False,
                       today: dt.date | None = None) -> ImportResult:
    """Import the ClaimReview JSON-LD read from ``raw`` (plain or gzip, as a stream);
    ``source`` names it in the document's title, ``where`` in messages."""
    plan = _Plan(index, source, dossier, today or dt.date.today())
    for found in read(raw, where=where or source):
        if isinstance(found, ItemProblem):
            plan.problems.append(found)
        else:
            plan.add(found)
    results = plan.apply(dry_run=dry_run) if plan.changed else []
    return ImportResult(
        new_claims=tuple(c["id"] for c in plan.claims),
        reviewed=tuple(dict.fromkeys(plan.reviewed)), unchanged=plan.unchanged,
        new_actors=tuple(a["id"] for a in plan.actors), problems=tuple(plan.problems),
        document=plan.document_id if plan.claims else "", results=tuple(results))


class _Plan:
    """The records an import adds, gathered item by item, then written as one edit."""

    def __init__(self, index: Index, source: str, dossier: str | None, today: dt.date) -> None:
        from claimtrack.match import SameClaim

        self.index, self.today = index, today
        self.same = SameClaim(index)
        self.path = _dossier_path(index, dossier)
        self.source = source
        stem = slugify(Path(source).name.split(".")[0] if source != "-" else "stdin", limit=24,
                       fallback="feed")
        self.document_id = fresh_id(f"claimreview-{stem}", _ids(index, "documents"))
        self.claim_ids = _ids(index, "claims")
        self.actor_ids = _ids(index, "actors")
        self.claims: list[dict[str, Any]] = []
        self.new: dict[str, dict[str, Any]] = {}
        """The claims created, by id."""
        self.lines: list[str] = []
        self.actors: list[dict[str, Any]] = []
        self.names: dict[str, str] = {}
        self.reviews: dict[str, list[dict[str, Any]]] = {}
        self.reviewed: list[str] = []
        self.unchanged = 0
        self.known: set[tuple[str, ...]] = set()
        for claim, url, date, status, by in index.rows(
                "SELECT c.id, COALESCE(r.url, ''), COALESCE(r.date, ''), r.status, "
                "COALESCE(r.by, '') FROM reviews r JOIN claims c ON c.rid = r.parent "
                "WHERE r.live"):
            self.known.add(_identity(claim, url, date, status, by))
        self.reviewers: set[str] = set()
        self.latest: dict[str, str] = dict(index.rows(
            "SELECT c.id, max(r.date) FROM reviews r JOIN claims c ON c.rid = r.parent "
            "WHERE r.live GROUP BY c.id"))
        """The latest review date of each claim of the folder, before the import."""
        self.problems: list[ItemProblem] = []

    @property
    def changed(self) -> bool:
        return bool(self.claims or self.reviews)

    def _actor(self, name: str, kind: str) -> str:
        if not name:  # the fact-check names nobody: the folder's one unnamed claimant
            name, kind = UNNAMED, "unnamed"
        key = name.casefold()
        found = self.names.get(key) or self.index.actor_id(name)
        if found is None:
            found = fresh_id(slugify(name, limit=40, fallback="actor"), self.actor_ids)
            self.actor_ids.add(found)
            actor = {"id": found, "name": name, "kind": kind}
            if kind == "unnamed":
                actor["description"] = UNNAMED_DESCRIPTION
            self.actors.append(actor)
        self.names[key] = found
        return found

    def add(self, item: Item) -> None:
        claimant = self._actor(item.author, item.author_kind)
        inferred = self._actor(item.inferred, item.inferred_kind) if item.inferred else None
        origin = inferred or claimant
        date = str(item.reviewed) if item.reviewed is not None else ""
        review = {"date": _date_value(date) if date else None, "status": str(item.status),
                  "by": item.reviewer, "url": item.url, "note": _note(item),
                  "evidence": list(item.appearances)}
        key = (item.url, date, str(item.status), item.reviewer)
        # Another claimant's words may be the same and still another claim; an unknown
        # claimant's are the same claim only word for word.
        existing = self.same.find(item.statement, origin, paraphrase=bool(item.author))
        if existing is not None:
            if _identity(existing, *key) in self.known:
                self.unchanged += 1
                return
            self.known.add(_identity(existing, *key))
            new = self.new.get(existing)
            if new is not None:
                new["reviews"].append(review)
                self._reviewer(item)
                return
            latest = self.latest.get(existing)
            if latest is not None and (not date or date < latest):
                why = (f"its review of {date} is older than the latest in the history of "
                       f"claim '{existing}' ({latest})" if date else
                       f"its review has no date, and the history of claim '{existing}' has "
                       f"dated ones (latest {latest})")
                self.problems.append(ItemProblem(item.position, (
                    f"{why}; a history is kept oldest first, so add it there by hand")))
                return
            self.reviews.setdefault(existing, []).append(review)
            self.reviewed.append(existing)
            return
        claim_id = fresh_id(slugify(item.statement, fallback="claim"), self.claim_ids)
        self.claim_ids.add(claim_id)
        self.same.remember(claim_id, item.statement, origin)
        self.known.add(_identity(claim_id, *key))
        self._reviewer(item)
        number = len(self.lines) + 1
        said = item.author or "(the fact-check names no claimant)"
        prefix = f"[{number}] {said}: "
        self.lines.append(f"{prefix}{item.statement}\n")
        appearance = {"document": self.document_id, "quote": item.statement,
                      "prefix": prefix, "framing": "attributed",
                      "attribution": "inferred" if inferred else "explicit",
                      "via": [claimant] if inferred else []}
        claim = {
            "id": claim_id, "statement": item.statement, "claimant": origin,
            "kind": "statement", "made": None if item.made is None else _date_value(
                str(item.made)),
            "basis": {"reason": item.basis} if inferred else None,
            "appearances": [appearance], "reviews": [review]}
        self.claims.append(claim)
        self.new[claim_id] = claim

    def _reviewer(self, item: Item) -> None:
        if item.reviewer:
            self.reviewers.add(item.reviewer)

    def apply(self, *, dry_run: bool) -> list[EditResult]:
        root = self.index.root
        for claim in self.claims:
            claim["reviews"].sort(key=_when)
        for reviews in self.reviews.values():
            reviews.sort(key=_when)
        changes: dict[Path, Callable[[str], str]] = {}
        texts: dict[Path, str] = {}
        if not (root / SETTINGS).exists() and not self.index.value(
                "SELECT 1 FROM dossiers WHERE live LIMIT 1"):
            texts[root / SETTINGS] = settings_text()
        if self.actors:
            block = emit.records("actors", self.actors)
            changes[root / "actors.toml"] = lambda t: _with(t, "actors", block, _ACTORS_HEAD)
        if self.claims:
            text = "".join(self.lines)
            relative = f"documents/{self.document_id}.txt"
            texts[root / relative] = text
            document = {
                "id": self.document_id,
                "title": f"ClaimReview items imported from {Path(self.source).name}"
                if self.source != "-" else "ClaimReview items imported from standard input",
                "publisher": next(iter(self.reviewers)) if len(self.reviewers) == 1 else "",
                "retrieved": _date_value(str(_partial(self.today))), "text": relative,
                "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()}
            documents = emit.records("documents", [document])
            parts = self._parts()
            changes[self.path] = lambda t: _with(
                _with(t, "documents", documents, _DOSSIER_HEAD), "claims", parts[0], "")
            for number, part in enumerate(parts[1:], 2):
                changes[_next_part(self.path, number)] = functools.partial(
                    _with, name="claims", block=part, head=_PART_HEAD)
        for file, blocks in self._review_blocks().items():
            changes[file] = _then(changes.get(file), _appending(blocks))
        return list(apply_edits(self.index, list(changes.items()), texts=texts,
                                dry_run=dry_run))

    def _parts(self) -> list[str]:
        """The new claims as TOML, in blocks of at most ``PART_BYTES`` each: one dossier
        file each, so that no file grows past what claimtrack reads (``MAX_BYTES``)."""
        parts: list[str] = []
        block: list[str] = []
        size = 0
        for claim in self.claims:
            text = emit.records("claims", [claim], children=("appearances", "reviews"))
            if block and size + len(text) > PART_BYTES:
                parts.append("\n".join(block))
                block, size = [], 0
            block.append(text)
            size += len(text.encode("utf-8")) + 1
        parts.append("\n".join(block))
        return parts

    def _review_blocks(self) -> dict[Path, dict[int, str]]:
        out: dict[Path, dict[int, str]] = {}
        placed = self.index.rows(
            "SELECT id, file, n FROM claims WHERE live AND id IN (SELECT value FROM "
            "json_each(?))", (_json_list(list(self.reviews)),))
        for claim_id, file, n in placed:
            block = emit.records("claims.reviews", self.reviews[claim_id])
            out.setdefault(self.index.root / file, {})[n] = block
        return out


PART_BYTES = 16 * 1024 * 1024
"""Largest block of new claims written to one dossier file: a big feed's claims go to
``<dossier>-2.toml``, ``-3`` … (claimtrack reads files of up to 64 MiB; a smaller file is
quicker to edit and to diff)."""

_PART_HEAD = "# Claims imported from ClaimReview (continued).\n\n"


def _next_part(path: Path, number: int) -> Path:
    """The ``number``-th file of a dossier's imported claims (``desk-2.toml``)."""
    return path.with_name(f"{path.stem}-{number}.toml")


_ACTORS_HEAD = "# Actors: who made the claims of this folder.\n\n"
_DOSSIER_HEAD = "# Claims imported from ClaimReview, with the reviews published of them.\n\n"


def _with(text: str, name: str, block: str, head: str) -> str:
    """``text`` with the ``[[name]]`` tables of ``block`` added (after ``head`` in a new
    file)."""
    if not text.strip():
        return head + block
    return ops.insert_block(text, name, block)


def _appending(blocks: dict[int, str]) -> Callable[[str], str]:
    return lambda text: ops.append_blocks(text, blocks)


def _then(first: Callable[[str], str] | None,
          second: Callable[[str], str]) -> Callable[[str], str]:
    if first is None:
        return second
    return lambda text: second(first(text))


def _json_list(values: list[str]) -> str:
    import json

    return json.dumps(values)


def _identity(claim: str, url: str, date: str, status: str, by: str) -> tuple[str, ...]:
    """What makes two reviews of a claim one: its URL, when it has one; else its date,
    status and reviewer."""
    return (claim, url) if url else (claim, "", date, status, by)


def _when(review: dict[str, Any]) -> str:
    """A review's place in a history: by date, one of unknown date first (nothing says it
    is the latest)."""
    date = review.get("date")
    return "" if date is None else str(date)


def _note(item: Item) -> str:
    rating = f"Rated '{item.rating}'" + (f" by {item.reviewer}" if item.reviewer else "")
    parts = [f"{rating}.", item.headline, item.body]
    return " ".join(p for p in parts if p)


def _partial(day: dt.date) -> Any:
    from claimtrack.dates import PartialDate

    return PartialDate.parse(day.isoformat())


def _date_value(text: str) -> Any:
    """A full date as a TOML date, a partial one as a string (as the dossiers write them)."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return text


def _ids(index: Index, table: str) -> set[str]:
    return {i for (i,) in index.rows(f"SELECT id FROM {table}")}


def _dossier_path(index: Index, dossier: str | None) -> Path:
    """The dossier file to add new claims to: ``dossier``, else the folder's only one."""
    stems = sorted({f.removesuffix(".toml") for (f,) in index.rows(
        "SELECT file FROM claims UNION SELECT file FROM documents "
        "UNION SELECT file FROM dossiers")})
    if dossier is not None:
        name = dossier.removesuffix(".toml")
        if not _NAME.match(name) or name in ("actors", SETTINGS.removesuffix(".toml")):
            raise UsageError(f"'{dossier}' cannot name a dossier: use letters, digits, '-', "
                             "'_' and '.', for a file in the claims folder itself",
                             field="dossier")
        return index.root / f"{name}.toml"
    if len(stems) == 1:
        return index.root / f"{stems[0]}.toml"
    if not stems:
        return index.root / "claimreview.toml"
    raise UsageError(f"say which dossier to add the claims to with --dossier; "
                     f"{one_of(stems)}{did_you_mean('claimreview', stems)}", field="dossier")
