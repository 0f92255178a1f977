"""Bring fact-checks published elsewhere into the claims folder.

``import_claimreview`` turns ClaimReview items (read as a stream by
``claimtrack.imports.claimreview``) into edits: a document holding the reviewed claims as
the feed states them, a claim per new statement with its reviews, reviews added to the
history of a claim the folder already holds (never a second copy of the claim), and the
claimants as actors, resolved by name and alias or created. A fact-check that names no
claimant gives a claim of the folder's ``unnamed`` claimant, which says so; a review
without a date keeps no date. Each claim's reviews are ordered by date whatever the feed's
order, and a second fact-check of the same words is a second review with its own URL.

A feed is written in batches of at most ``BATCH`` new claims, each an edit of its own
through ``claimtrack.edit.session`` (checked, written atomically), so that memory stays
flat however long the feed: each batch's claims go to a dossier file and a document text
of their own. A feed that cannot be read is refused whole before anything is written
(a feed longer than one batch is read through once first); with ``dry_run`` the whole
import is one edit, only shown.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, cast

import attrs

from claimtrack.edit import emit, ops
from claimtrack.edit.session import EditResult, apply_edits
from claimtrack.errors import UsageError, did_you_mean, one_of
from claimtrack.folder import SETTINGS, settings_text
from claimtrack.imports.claimreview import Item, ItemProblem, item_of, nodes
from claimtrack.slug import fresh_id, slugify

if TYPE_CHECKING:
    from claimtrack.index import Index
    from claimtrack.match import SameClaim

__all__ = ["BATCH", "PART_BYTES", "UNNAMED", "UNNAMED_DESCRIPTION", "ImportResult",
           "import_claimreview"]

UNNAMED = "Unnamed claimant"
"""The claimant of a fact-checked claim whose fact-check names nobody."""

UNNAMED_DESCRIPTION = ("Whoever made a claim that a fact-check reviewed without naming who "
                       "made it: the claimant is unknown, not invented.")

BATCH = 10_000
"""New claims written per edit: each batch is checked and written on its own, so an
import holds one batch at a time (``benchmarks/import_claimreview.py`` measures the peak
memory at 10,000, 50,000 and 200,000 items)."""

PART_BYTES = 16 * 1024 * 1024
"""Largest block of new claims written to one dossier file, whatever ``BATCH`` says
(claimtrack reads files of up to 64 MiB; a smaller file is quicker to edit and to
diff)."""

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


@attrs.frozen
class ImportResult:
    """What an import added, and what it left out and why."""

    new_claims: int
    """How many claims were created."""
    reviewed: tuple[str, ...]
    """Ids of claims already in the folder that got a review from the input."""
    unchanged: int
    """Items whose review the folder already records."""
    new_actors: tuple[str, ...]
    problems: tuple[ItemProblem, ...]
    documents: tuple[str, ...]
    """Ids of the documents holding the imported claims (one per batch)."""
    files: tuple[str, ...]
    """The files of the claims folder written (or, with ``dry_run``, that would be)."""
    results: tuple[EditResult, ...] = ()
    """With ``dry_run``, the edit, to show."""


def import_claimreview(index: Index, raw: BinaryIO, *, source: str, where: str | None = None,
                       dossier: str | None = None, dry_run: bool = False,
                       today: dt.date | None = None) -> ImportResult:
    """Import the ClaimReview JSON-LD read from ``raw`` (plain or gzip, as a stream);
    ``source`` names it in the documents' titles, ``where`` in messages."""
    where = where or source
    plan = _Import(index, source, dossier, today or dt.date.today(), dry_run=dry_run)
    with _feed(raw, where=where, hold=None if dry_run else BATCH) as found:
        for item in found:
            if isinstance(item, ItemProblem):
                plan.problems.append(item)
                continue
            plan.add(item)
            if plan.batch.full:
                plan.flush()
    plan.flush()
    return ImportResult(
        new_claims=plan.created, reviewed=tuple(dict.fromkeys(plan.reviewed)),
        unchanged=plan.unchanged, new_actors=tuple(plan.new_actors),
        problems=tuple(plan.problems), documents=tuple(plan.documents),
        files=tuple(dict.fromkeys(plan.files)), results=tuple(plan.shown))


# -- reading the feed: refused whole, or read in batches -----------------------------------------

@contextlib.contextmanager
def _feed(raw: BinaryIO, *, where: str, hold: int | None
          ) -> Iterator[Iterator[Item | ItemProblem]]:
    """The feed's items, as soon as it is known to be readable to its end.

    A feed of at most ``hold`` ClaimReviews (any number when None) is read once and held; a
    longer one is read through once to find it readable (a stream that cannot be read
    again is kept in a temporary file meanwhile), then again item by item.
    """
    with _Replayable(raw) as again:
        held: list[Item | ItemProblem] = []
        reading = nodes(again.stream, where=where)
        for place, node in reading:
            if hold is not None and len(held) >= hold:
                held.clear()  # too long to hold: read on only to find it readable
                for _ in reading:
                    pass
                yield (item_of(p, n) for p, n in nodes(again.replay(), where=where))
                return
            held.append(item_of(place, node))
        yield iter(held)


class _Replayable:
    """A binary stream that can be read once more from its start: a seekable file as it
    is, any other stream through a temporary file filled as it is read."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self._start = raw.tell() if raw.seekable() else None
        self._copy: Any = None
        self.stream: BinaryIO = raw if self._start is not None else cast(
            "BinaryIO", _Copying(raw, self))

    def spool(self) -> Any:
        """The temporary file a stream that cannot seek is copied to as it is read."""
        if self._copy is None:
            self._copy = tempfile.TemporaryFile()  # noqa: SIM115 - closed by __exit__
        return self._copy

    def replay(self) -> BinaryIO:
        """The stream again, from where it started."""
        if self._start is not None:
            self._raw.seek(self._start)
            return self._raw
        copy = self.spool()
        shutil.copyfileobj(self._raw, copy)  # whatever was left unread
        copy.seek(0)
        stream: BinaryIO = copy
        return stream

    def __enter__(self) -> _Replayable:
        return self

    def __exit__(self, *_: object) -> None:
        if self._copy is not None:
            self._copy.close()


class _Copying:
    """``raw`` read through, every byte read also written to the spool."""

    def __init__(self, raw: BinaryIO, owner: _Replayable) -> None:
        self._raw, self._owner = raw, owner

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        if data:
            self._owner.spool().write(data)
        return data


# -- what one import adds -------------------------------------------------------------------------

class _Batch:
    """The records of one edit: new claims with their document, new actors, and reviews
    for claims already written."""

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.claims: list[dict[str, Any]] = []
        self.new: dict[str, dict[str, Any]] = {}
        """The claims created in this batch, by id."""
        self.lines: list[str] = []
        self.bytes = 0
        self.actors: list[dict[str, Any]] = []
        self.reviews: dict[str, list[dict[str, Any]]] = {}
        """Reviews of claims already written, by claim id."""
        self.made: dict[str, Any] = {}
        """Claims already written (by this import) whose ``made`` changes: the new value,
        or None to remove it."""
        self.reviewers: set[str] = set()

    @property
    def full(self) -> bool:
        """Whether the batch is as large as one edit may be."""
        return self.limit is not None and (len(self.claims) >= self.limit
                                            or self.bytes >= PART_BYTES)

    @property
    def changed(self) -> bool:
        return bool(self.claims or self.reviews or self.made)


class _Import:
    """An import under way: what is resolved for every batch, and the batch being filled."""

    def __init__(self, index: Index, source: str, dossier: str | None, today: dt.date, *,
                 dry_run: bool) -> None:
        from claimtrack.match import SameClaim

        self.index, self.today, self.dry_run = index, today, dry_run
        self.same: SameClaim = SameClaim(index)
        self.path = _dossier_path(index, dossier)
        self.source = source
        self.stem = slugify(Path(source).name.split(".")[0] if source != "-" else "stdin",
                            limit=24, fallback="feed")
        self.batch = _Batch(None if dry_run else BATCH)
        self.names: dict[str, str] = {}
        self.actor_ids = _ids(index, "actors")
        self.taken: set[str] = _ids(index, "claims")
        """Claim ids in use: the folder's and those this import gave. One set read once
        (tens of bytes an id) rather than a query for each new claim, which cost 1 s of a
        10,000-item import."""
        self.created = 0
        self.new_actors: list[str] = []
        self.reviewed: list[str] = []
        self.unchanged = 0
        self.problems: list[ItemProblem] = []
        self.documents: list[str] = []
        self.files: list[str] = []
        self.shown: list[EditResult] = []
        self.known: set[tuple[str, ...]] = set()
        """Identities of the reviews this batch adds."""

    # -- one item ----------------------------------------------------------------------------

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
            self.batch.actors.append(actor)
        self.names[key] = found
        return found

    def add(self, item: Item) -> None:
        """Add one ClaimReview to the batch: a new claim, or a review of one known."""
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
        if existing is None:
            self._new_claim(item, origin, claimant, inferred, review, key)
            return
        if _identity(existing, *key) in self.known or self._recorded(existing, *key):
            self.unchanged += 1
            return
        new = self.batch.new.get(existing)
        if new is not None:  # created in this batch: its history is sorted when written
            self.known.add(_identity(existing, *key))
            new["reviews"].append(review)
            new["made"] = _earliest(new["made"], item.made)
            self._reviewer(item)
            return
        refused = self._refused(existing, date, item)
        if refused:
            self.problems.append(ItemProblem(item.position, refused))
            return
        self.known.add(_identity(existing, *key))
        self.batch.reviews.setdefault(existing, []).append(review)
        if not self._ours(existing):
            self.reviewed.append(existing)
        self._reviewer(item)

    def _new_claim(self, item: Item, origin: str, claimant: str, inferred: str | None,
                   review: dict[str, Any], key: tuple[str, str, str, str]) -> None:
        batch = self.batch
        claim_id = fresh_id(slugify(item.statement, fallback="claim"), self.taken)
        self.taken.add(claim_id)
        self.created += 1
        self.known.add(_identity(claim_id, *key))
        self.same.remember(claim_id, item.statement, origin)
        self._reviewer(item)
        number = len(batch.lines) + 1
        said = item.author or "(the fact-check names no claimant)"
        prefix = f"[{number}] {said}: "
        batch.lines.append(f"{prefix}{item.statement}\n")
        appearance = {"document": "", "quote": item.statement, "prefix": prefix,
                      "framing": "attributed",
                      "attribution": "inferred" if inferred else "explicit",
                      "via": [claimant] if inferred else []}
        claim = {
            "id": claim_id, "statement": item.statement, "claimant": origin,
            "kind": "statement", "made": item.made,
            "basis": {"reason": item.basis} if inferred else None,
            "appearances": [appearance], "reviews": [review]}
        batch.claims.append(claim)
        batch.new[claim_id] = claim
        batch.bytes += 2 * len(prefix) + 3 * len(item.statement) + len(review["note"]) + 400

    def _recorded(self, claim: str, url: str, date: str, status: str, by: str) -> bool:
        """Whether the folder records this review of ``claim`` already."""
        mine = _identity(claim, url, date, status, by)
        return any(_identity(claim, *row) == mine for row in self.index.rows(
            "SELECT COALESCE(r.url, ''), COALESCE(r.date, ''), r.status, COALESCE(r.by, '') "
            "FROM reviews r JOIN claims c ON c.rid = r.parent WHERE r.live AND c.live "
            "AND c.id = ?", (claim,)))

    def _refused(self, claim: str, date: str, item: Item) -> str:
        """Why a review cannot join the history of ``claim``, written before ('' if it
        can). A claim of this import takes it in its place (its ``made`` date, when the
        review is older, becomes the earliest known or unknown); the folder's own claims
        keep their history as it is: a review only at its end, never before ``made``."""
        row = self.index.value("SELECT json_array(c.made, (SELECT max(r.date) FROM reviews r "
                               "WHERE r.parent = c.rid AND r.live)) FROM claims c "
                               "WHERE c.id = ? AND c.live", (claim,))
        made, latest = _json_pair(row)
        if self._ours(claim):
            current = self.batch.made.get(claim, made or None)
            if current is not None:
                found = _earliest_made(current, item.made, date)
                if found is None or str(found) != str(current):
                    self.batch.made[claim] = found
            return ""
        latest = max([latest, *(str(r["date"]) for r in self.batch.reviews.get(claim, ())
                                if r["date"] is not None)], default=latest)
        if latest and (not date or date < latest):
            why = (f"its review of {date} is older than the latest in the history of claim "
                   f"'{claim}' ({latest})" if date else
                   f"its review has no date, and the history of claim '{claim}' has dated "
                   f"ones (latest {latest})")
            return f"{why}; a history is kept oldest first, so add it there by hand"
        if date and made and date < made:
            return (f"its review of {date} precedes the made date of claim '{claim}' "
                    f"({made}); correct the claim's date, then import it again")
        return ""

    def _ours(self, claim: str) -> bool:
        """Whether this import wrote ``claim`` in an earlier batch: its history takes a
        review in its place by date, and its ``made`` date may change."""
        return bool(self.files) and self.index.value(
            "SELECT 1 FROM claims c JOIN appearances p ON p.parent = c.rid WHERE c.id = ? "
            "AND c.live AND p.position = 1 AND p.document IN (SELECT value FROM json_each(?))",
            (claim, _json_list(self.documents))) is not None

    def _reviewer(self, item: Item) -> None:
        if item.reviewer:
            self.batch.reviewers.add(item.reviewer)

    # -- writing a batch --------------------------------------------------------------------

    def flush(self) -> None:
        """Write the batch as one edit (or show it) and start the next. Actors that no
        claim of the batch needs yet wait for the next one."""
        batch = self.batch
        self.batch = _Batch(batch.limit)
        if not batch.changed:
            self.batch.actors = batch.actors
            return
        first = not self.files
        if batch.claims:
            self.documents.append(fresh_id(f"claimreview-{self.stem}", _ids(
                self.index, "documents") | set(self.documents)))
        changes = self._changes(batch)
        results = apply_edits(self.index, changes, texts=self._texts(batch, first=first),
                              dry_run=self.dry_run)
        self.files.extend(r.path.name for r in results)
        self.new_actors.extend(a["id"] for a in batch.actors)
        if self.dry_run:
            self.shown.extend(results)
        self.known.clear()

    def _texts(self, batch: _Batch, *, first: bool) -> dict[Path, str]:
        root = self.index.root
        texts: dict[Path, str] = {}
        if first and not (root / SETTINGS).exists() and not self.index.value(
                "SELECT 1 FROM dossiers WHERE live LIMIT 1"):
            texts[root / SETTINGS] = settings_text()
        if batch.claims:
            texts[root / f"documents/{self.documents[-1]}.txt"] = "".join(batch.lines)
        return texts

    def _changes(self, batch: _Batch) -> list[tuple[Path, Callable[[str], str]]]:
        root = self.index.root
        changes: dict[Path, Callable[[str], str]] = {}
        if batch.actors:
            actors = emit.records("actors", batch.actors)
            changes[root / "actors.toml"] = functools.partial(
                _with, name="actors", block=actors, head=_ACTORS_HEAD)
        if batch.claims:
            for part, (path, block) in enumerate(self._parts(batch)):
                changes[path] = functools.partial(
                    _new_claims, documents=self._document(batch) if part == 0 else "",
                    claims=block, head=_DOSSIER_HEAD if part == 0 else _PART_HEAD)
        for file, edit in self._review_edits(batch).items():
            changes[file] = _then(changes.get(file), edit)
        return list(changes.items())

    def _document(self, batch: _Batch) -> str:
        text = "".join(batch.lines)
        part = f" (part {len(self.documents)})" if len(self.documents) > 1 else ""
        document = {
            "id": self.documents[-1],
            "title": (f"ClaimReview items imported from {Path(self.source).name}"
                      if self.source != "-" else
                      "ClaimReview items imported from standard input") + part,
            "publisher": next(iter(batch.reviewers)) if len(batch.reviewers) == 1 else "",
            "retrieved": _date_value(self.today.isoformat()),
            "text": f"documents/{self.documents[-1]}.txt",
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()}
        return emit.records("documents", [document])

    def _parts(self, batch: _Batch) -> Iterator[tuple[Path, str]]:
        """The batch's new claims as TOML, in blocks of at most ``PART_BYTES`` each: the
        first to the dossier named (while it is small), each further one to a dossier
        file of its own, so that no file grows past what claimtrack reads."""
        block: list[str] = []
        size = 0
        used: set[Path] = set()
        path = self._next_path(used)
        for claim in batch.claims:
            claim["reviews"].sort(key=_when)
            claim["made"] = _made_value(claim["made"], claim["reviews"])
            claim["appearances"][0]["document"] = self.documents[-1]
            text = emit.records("claims", [claim], children=("appearances", "reviews"))
            if block and size + len(text) > PART_BYTES:
                yield path, "\n".join(block)
                block, size = [], 0
                path = self._next_path(used)
            block.append(text)
            size += len(text.encode("utf-8")) + 1
        yield path, "\n".join(block)

    def _next_path(self, used: set[Path]) -> Path:
        """The dossier file for the next block of new claims: the one named, unless this
        import wrote claims already or it is large; else ``<dossier>-2.toml``, ``-3`` …
        (the first that is free)."""
        path = self.path
        if used or len(self.documents) > 1 or (
                path.exists() and path.stat().st_size >= PART_BYTES // 2):
            number = 2
            while path in used or path.name in self.files or path.exists():
                path = self.path.with_name(f"{self.path.stem}-{number}.toml")
                number += 1
        used.add(path)
        return path

    def _review_edits(self, batch: _Batch) -> dict[Path, Callable[[str], str]]:
        """Reviews (and ``made`` dates) for claims already written, file by file."""
        wanted = list(dict.fromkeys([*batch.reviews, *batch.made]))
        out: dict[Path, dict[int, list[tuple[str, str]]]] = {}
        made: dict[Path, dict[int, str | None]] = {}
        for claim_id, file, n in self.index.rows(
                "SELECT id, file, n FROM claims WHERE live AND id IN (SELECT value FROM "
                "json_each(?))", (_json_list(wanted),)):
            path = self.index.root / file
            reviews = batch.reviews.get(claim_id, [])
            out.setdefault(path, {})[n] = [
                ("" if r["date"] is None else str(r["date"]),
                 emit.records("claims.reviews", [r])) for r in reviews]
            if claim_id in batch.made:
                value = batch.made[claim_id]
                made.setdefault(path, {})[n] = None if value is None else emit.value(
                    _date_value(str(value)))
        return {path: functools.partial(ops.insert_reviews, reviews=found,
                                        made=made.get(path, {}))
                for path, found in out.items()}


_ACTORS_HEAD = "# Actors: who made the claims of this folder.\n\n"
_DOSSIER_HEAD = "# Claims imported from ClaimReview, with the reviews published of them.\n\n"
_PART_HEAD = "# Claims imported from ClaimReview (continued).\n\n"


def _new_claims(text: str, *, documents: str, claims: str, head: str) -> str:
    """``text`` with a batch's document record and claims added."""
    if documents:
        text = _with(text, "documents", documents, head)
    return _with(text, "claims", claims, head)


def _with(text: str, name: str, block: str, head: str) -> str:
    """``text`` with the ``[[name]]`` tables of ``block`` added (after ``head`` in a new
    file)."""
    if not text.strip():
        return head + block
    return ops.insert_block(text, name, block)


def _then(first: Callable[[str], str] | None,
          second: Callable[[str], str]) -> Callable[[str], str]:
    if first is None:
        return second
    return lambda text: second(first(text))


def _json_list(values: list[str]) -> str:
    import json

    return json.dumps(values)


def _json_pair(row: Any) -> tuple[str, str]:
    import json

    made, latest = json.loads(row) if row else (None, None)
    return made or "", latest or ""


def _identity(claim: str, url: str, date: str, status: str, by: str) -> tuple[str, ...]:
    """What makes two reviews of a claim one: its URL, when it has one; else its date,
    status and reviewer."""
    return (claim, url) if url else (claim, "", date, status, by)


def _when(review: dict[str, Any]) -> str:
    """A review's place in a history: by date, one of unknown date first (nothing says it
    is the latest)."""
    date = review.get("date")
    return "" if date is None else str(date)


def _earliest(one: Any, other: Any) -> Any:
    """The earlier of two made dates of the same words (a rumour told again later was
    made by the first time), either unknown being no date."""
    if one is None or other is None:
        return one if other is None else other
    return one if str(one) <= str(other) else other


def _made_value(made: Any, reviews: list[dict[str, Any]]) -> Any:
    """The claim's ``made`` as written: unknown when a review is older than every date
    its items give (the words were made before, when no item says)."""
    if made is None:
        return None
    first = next((str(r["date"]) for r in reviews if r["date"] is not None), "")
    text = str(made)
    return None if first and first < text else _date_value(text)


def _earliest_made(current: Any, made: Any, review: str) -> Any:
    """The made date of a claim written before once another review joins it: the
    earliest its items give, or unknown when the review is older still."""
    found = _earliest(current, made)
    return None if found is None or (review and review < str(found)) else found


def _note(item: Item) -> str:
    rating = f"Rated '{item.rating}'" + (f" by {item.reviewer}" if item.reviewer else "")
    parts = [f"{rating}.", item.headline, item.body]
    return " ".join(p for p in parts if p)


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
