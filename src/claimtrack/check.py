"""Validation of the claims folder: rules inside one record, and SQL rules across the index.

Rules that look at one record alone are registered with the index as record derivers:
they run when the record's file is indexed and their problems are kept in the index
(table ``checked``). Rules that look across records — references, duplicate ids, quotes
against document texts, dates against today — are SQL over the index (``check``). Either
way a problem names its file, line and field.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from claimtrack.dates import PartialDate
from claimtrack.errors import Problem, did_you_mean
from claimtrack.index import registry
from claimtrack.model import Actor, Attribution, Claim, Document
from claimtrack.slug import is_slug
from claimtrack.words import blank, count

if TYPE_CHECKING:
    from claimtrack.index import Index

__all__ = ["CheckReport", "check"]

_SHA256 = re.compile(r"[0-9a-f]{64}")


@attrs.frozen
class CheckReport:
    """The outcome of ``check``: every problem, and what was checked."""

    problems: tuple[Problem, ...]
    claims: int
    actors: int
    documents: int

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return not self.problems

    @property
    def summary(self) -> str:
        """``N claims, M actors, K documents: no problems`` (or ``… P problems``)."""
        counts = ", ".join((count(self.claims, "claim"), count(self.actors, "actor"),
                            count(self.documents, "document")))
        if self.ok:
            return f"{counts}: no problems"
        n = len(self.problems)
        return f"{counts}: {count(n, 'problem')}"


# -- rules inside one record (run when a file is indexed) ----------------------------------

registry.table("checked", "field TEXT, message TEXT, code TEXT", by_parent=False)
"""The problems each record has on its own: field (relative to the record), message, code."""

Finding = tuple[str, str, str]
"""A field (relative to its record), a message, a code."""


def _path(key: str, field: str) -> str:
    if not field:
        return key
    return f"{key}{field}" if field.startswith("[") else f"{key}.{field}"


def _slug(record_id: str, what: str) -> Iterator[Finding]:
    if not is_slug(record_id):
        yield ("id", f"{what} id '{_short(record_id, 80)}' is not a slug: use lowercase "
               "letters, digits and single hyphens (e.g. 'nss-announces-coup')", "id")


def _actor(actor: Actor, root: Path) -> Iterator[Finding]:
    yield from _slug(actor.id, "actor")
    if blank(actor.name):
        yield ("name", "name is blank", "blank")
    if actor.affiliation is not None and actor.affiliation == actor.id:
        yield ("affiliation", "an actor cannot be affiliated with itself", "self-reference")


def _document(document: Document, root: Path) -> Iterator[Finding]:
    yield from _slug(document.id, "document")
    if _leaves(document.text):
        yield ("text", f"path '{document.text}' escapes the claims folder; "
               "keep document texts under documents/", "path")


def _leaves(text: str) -> bool:
    """Whether a document's text path leads out of the folder by its words alone (absolute,
    ``..``, a NUL): a fact of the record. A symlink that leads out is a fact of the files,
    said from the texts table, which follows them."""
    return ("\0" in text or os.path.isabs(text)
            or os.path.normpath(text).split(os.sep)[0] == os.pardir)


def _claim(claim: Claim, root: Path) -> Iterator[Finding]:
    yield from _slug(claim.id, "claim")
    if blank(claim.statement):
        yield ("statement", "statement is blank", "blank")
    if not claim.claimant.strip():
        yield ("claimant", "claimant is blank; name an actor (an 'editorial' actor for the "
               "document's own voice, an 'unnamed' one for 'it was reported')", "blank")
    if claim.credibility is not None and not 1 <= claim.credibility <= 6:
        yield ("credibility", f"credibility {claim.credibility} is out of range; "
               "expected 1 (confirmed) .. 6 (cannot be judged)", "range")
    if not claim.appearances:
        yield ("appearances", "a claim needs at least one appearance "
               "([[claims.appearances]] with document and quote)", "appearance")
    yield from _chains(claim)
    yield from _relations(claim)
    yield from _reviews(claim)
    yield from _stamps(claim)


def _chains(claim: Claim) -> Iterator[Finding]:
    """An inferred claimant needs its basis; a chain does not name its own claimant."""
    for index, appearance in enumerate(claim.appearances):
        field = f"appearances[{index}]"
        if appearance.attribution is Attribution.INFERRED and claim.basis is None:
            yield (f"{field}.attribution", "attribution is 'inferred' but the claim has no "
                   "basis; say why the claimant is inferred: basis = { reason = \"…\", "
                   "quote = \"…\" }", "basis")
        for number, actor in enumerate(appearance.via):
            if actor == claim.claimant:
                yield (f"{field}.via[{number}]", f"via names the claimant '{actor}' itself; "
                       "via lists the actors between the document and the claimant",
                       "via")
    if claim.basis is not None and blank(claim.basis.reason):
        yield ("basis.reason", "basis reason is blank; say in one sentence why the claimant "
               "is inferred", "blank")


def _relations(claim: Claim) -> Iterator[Finding]:
    seen: set[tuple[str, str]] = set()
    for index, relation in enumerate(claim.relations):
        field = f"relations[{index}]"
        if relation.target == claim.id:
            yield (f"{field}.target", f"claim '{claim.id}' {relation.type} itself; a relation "
                   "must link two different claims", "self-relation")
            continue
        key = (str(relation.type), relation.target)
        if key in seen:
            yield (field, f"relation '{relation.type} {relation.target}' is listed twice",
                   "duplicate-relation")
        seen.add(key)


def _stamps(claim: Claim) -> Iterator[Finding]:
    """Who drafted and who accepted a claim, and when: full dates, in order, and a claim
    accepted is no longer a draft; an old review entry that recorded either is pointed at."""
    from claimtrack.legacy import Entry, legacy_entries

    for name, stamp in (("drafted", claim.drafted), ("accepted", claim.accepted)):
        if stamp is None:
            continue
        if blank(stamp.by):
            yield (f"{name}.by", f"{name}.by is blank; say who", "blank")
        if stamp.date.precision != "day":
            yield (f"{name}.date", f"{name} date {stamp.date} must be a full date "
                   "(YYYY-MM-DD)", "date")
    if claim.accepted is not None and claim.draft:
        yield ("accepted", "the claim was accepted but is still tagged 'draft'; remove the "
               "tag (claimtrack edit ID --remove-tag draft) or the acceptance", "draft")
    if (claim.accepted is not None and claim.drafted is not None
            and claim.accepted.date < claim.drafted.date):
        yield ("accepted.date", f"accepted on {claim.accepted.date}, before it was drafted "
               f"on {claim.drafted.date}", "review-order")
    legacy = legacy_entries(
        [Entry(r.by, str(r.status), r.note, bool(r.evidence)) for r in claim.reviews],
        drafted=claim.drafted is not None, accepted=claim.accepted is not None)
    if legacy.drafted is not None:
        yield (f"reviews[{legacy.drafted}]", "this review only records that extract drafted "
               "the claim, which is not a verdict; run `claimtrack migrate` to record it as "
               "the claim's drafted", "legacy")
    if legacy.accepted is not None:
        yield (f"reviews[{legacy.accepted}]", "this review only records that the claim was "
               "accepted from draft, which is not a verdict (it hides the review before it); "
               "run `claimtrack migrate` to record it as the claim's accepted", "legacy")


def _reviews(claim: Claim) -> Iterator[Finding]:
    previous: PartialDate | None = None
    for index, review in enumerate(claim.reviews):
        field = f"reviews[{index}].date"
        if review.date is None:
            continue  # unknown: it neither precedes nor follows a dated review
        if review.date.precision != "day":
            yield (field, f"review date {review.date} must be a full date (YYYY-MM-DD)", "date")
        if previous is not None and review.date < previous:
            yield (field, f"review dated {review.date} follows one dated {previous}; keep the "
                   "history oldest first", "review-order")
        if claim.made is not None and review.date.end < claim.made.start:
            yield (field, f"review dated {review.date} precedes the claim's made date "
                   f"{claim.made}", "review-order")
        previous = review.date


_LOCAL: dict[str, Callable[[Any, Path], Iterator[Finding]]] = {
    "actors": _actor,
    "documents": _document,
    "claims": _claim,
}
for _table, _rule in _LOCAL.items():
    registry.record_deriver(f"check-{_table}", reads=_table, table="checked")(_rule)


# -- rules across the index (SQL) -----------------------------------------------------------

Located = tuple[str, str, str, str]
"""A problem found by SQL: file, field path, message, code."""


def check(index: Index, *, today: dt.date | None = None) -> CheckReport:
    """Every problem of the folder: those found reading its files, and across them."""
    today = today or dt.date.today()
    found: list[tuple[str, str, str, str, int]] = [
        row for row in index.rows(
            "SELECT p.file, p.path, p.message, p.code, p.line FROM problems p "
            "ORDER BY p.file, p.rowid") if not _in_dead_record(index, row[0], row[1])]
    found.extend((file, _path(f"{table}[{n}]", field), message, code, 0)
                 for file, table, n, field, message, code, _ in index.rows(_CHECKED))
    for rule in _ACROSS:
        found.extend((*problem, 0) for problem in rule(index, today))
    problems = [Problem(file, line or index.line(file, path), path, message, code)
                for file, path, message, code, line in found]
    problems.sort(key=lambda p: p.sort_key)
    return CheckReport(
        problems=tuple(problems),
        claims=int(index.value("SELECT count(*) FROM claims INDEXED BY claims_counts "
                               "WHERE live")),
        actors=int(index.value("SELECT count(*) FROM actors WHERE live")),
        documents=int(index.value("SELECT count(*) FROM documents WHERE live")),
    )


_CHECKED = " UNION ALL ".join(
    f"SELECT x.file, '{table}', r.n, x.field, x.message, x.code, x.rowid FROM checked x "
    f"JOIN {table} r ON r.rid = x.parent AND r.live" for table in _LOCAL) + \
    " ORDER BY 1, 7"
"""Each live record's own problems, in folder order (a duplicate is left out, and so are
its own problems: the duplicate is one)."""

_RECORD = re.compile(r"^(actors|documents|claims)\[(\d+)\]")


def _in_dead_record(index: Index, file: str, path: str) -> bool:
    """A duplicate record is left out; so are its own problems (the duplicate is one)."""
    match = _RECORD.match(path)
    if match is None:
        return False
    live = index.value(f"SELECT live FROM {match[1]} WHERE file = ? AND n = ?",
                       (file, int(match[2])))
    return bool(live == 0)


def _ids(index: Index, table: str) -> list[str]:
    return [i for (i,) in index.rows(f"SELECT id FROM {table} WHERE live ORDER BY file, n")]


def _dangling(index: Index, what: str, ref: str, table: str) -> str:
    return f"unknown {what} '{ref}'{did_you_mean(ref, _ids(index, table))}"


def _references(index: Index, today: dt.date) -> Iterator[Located]:
    """Ids that name no record (records that failed to load do not count as missing), and
    review evidence that is neither a URL nor a claim's id."""
    rows = index.rows("SELECT file, tbl, n, path, target, ref FROM refs WHERE dangling "
                      "ORDER BY file, rowid")
    ids: dict[str, list[str]] = {}
    for file, table, n, path, target, ref in rows:
        pool = ids.setdefault(target, _ids(index, "claims" if target == "evidence"
                                           else target))
        where = f"{table}[{n}].{path}"
        if target == "evidence":
            yield (file, where, f"evidence '{ref}' is neither a URL nor a known claim id"
                   f"{did_you_mean(ref, pool)}", "dangling")
            continue
        what = target[:-1]
        if not ref.strip() and table == "claims" and path == "claimant":
            continue  # the claim's own rule says more: which actor to name
        if not ref.strip():
            yield file, where, f"{what} is blank; name a {what} id", "dangling"
        else:
            yield file, where, f"unknown {what} '{ref}'{did_you_mean(ref, pool)}", "dangling"


def _duplicates(index: Index, today: dt.date) -> Iterator[Located]:
    """One id, one record: a later record with a taken id is left out."""
    for table, what in (("actors", "actor"), ("documents", "document"), ("claims", "claim")):
        for file, n, record_id, first_file, first_n in index.rows(
                f"SELECT d.file, d.n, d.id, f.file, f.n FROM {table} d JOIN {table} f "
                f"ON f.id = d.id AND f.live WHERE NOT d.live ORDER BY d.file, d.n"):
            # (claims_dead, a partial index, makes finding duplicates cheap.)
            from claimtrack.files import display_path

            first = display_path(index.root / first_file)
            line = index.line(first_file, f"{table}[{first_n}]")
            yield (file, f"{table}[{n}].id", f"duplicate {what} id '{record_id}'; "
                   f"first defined at {first}:{line}", "duplicate-id")


def _aliases(index: Index, today: dt.date) -> Iterator[Located]:
    """A name that two actors answer to makes ``--by NAME`` ambiguous."""
    rows = index.rows(
        "SELECT a.file, a.n, a.id, n.name, (SELECT f.id FROM actor_names m JOIN actors f "
        "ON f.rid = m.parent WHERE m.name = n.name AND f.live ORDER BY f.file, f.n LIMIT 1) "
        "FROM actor_names n JOIN actors a ON a.rid = n.parent WHERE a.live AND n.name IN "
        "(SELECT m.name FROM actor_names m JOIN actors f ON f.rid = m.parent WHERE f.live "
        "GROUP BY m.name HAVING count(DISTINCT f.id) > 1) ORDER BY a.file, a.n, n.rowid")
    for file, n, actor_id, name, first in rows:
        if first != actor_id:
            yield (file, f"actors[{n}].aliases", f"name '{name}' also belongs to actor "
                   f"'{first}'; one name must mean one actor", "ambiguous-name")


def _documents(index: Index, today: dt.date) -> Iterator[Located]:
    """Each document's text can be read and still has the checksum recorded for it."""
    rows = index.rows("SELECT d.file, d.n, d.text, d.sha256, t.sha256, t.error "
                      "FROM documents d LEFT JOIN texts t ON t.path = d.text WHERE d.live "
                      "ORDER BY d.file, d.n")
    for file, n, text, recorded, actual, error in rows:
        where = f"documents[{n}]"
        if error == "escapes":
            if not _leaves(text):  # its words stay inside: a symlink leads out
                yield (file, f"{where}.text", f"path '{text}' escapes the claims folder "
                       "through a symlink; keep document texts under documents/", "path")
            continue
        if error is not None or actual is None:
            yield (file, f"{where}.text", f"document text '{text}': {error or 'no such file'}",
                   "file")
        elif not _SHA256.fullmatch(recorded or ""):
            yield (file, f"{where}.sha256", "sha256 must be 64 lowercase hex digits",
                   "checksum")
        elif actual != recorded:
            yield (file, f"{where}.sha256", f"document text '{text}' has changed: its sha256 "
                   f"is {actual}; re-check its quotes, then record the new checksum",
                   "checksum")


def _quotes(index: Index, today: dt.date) -> Iterator[Located]:
    """Every quote occurs exactly once in its document's text (prefix and suffix included)."""
    rows = index.rows(
        "SELECT p.file, 'claims[' || c.n || '].appearances[' || (p.position - 1) || "
        "'].quote', p.document, p.quote, p.hits, p.loose FROM appearances p JOIN claims c "
        "ON c.rid = p.parent WHERE p.live AND p.hits IS NOT NULL AND p.hits != 1 "
        "UNION ALL SELECT u.file, 'unclaimed[' || u.n || '].quote', u.document, u.quote, "
        "u.hits, u.loose FROM unclaimed u WHERE u.hits IS NOT NULL AND u.hits != 1")
    for file, path, document, quote, hits, loose in rows:
        if hits == -1:
            yield file, path, "quote is empty", "quote"
        elif hits == 0:
            hint = " with that prefix/suffix; check them against the text" if loose else ""
            yield (file, path, f"quote '{_short(quote)}' is not in document '{document}'{hint}",
                   "quote")
        else:
            yield (file, path, f"quote '{_short(quote)}' occurs {hits} times in document "
                   f"'{document}'; add a prefix or suffix to say which", "ambiguous-quote")


def _words(index: Index, today: dt.date) -> Iterator[Located]:
    """A claimant's quoted words occur in one of the claim's documents."""
    rows = index.rows("SELECT file, n, words, words_missing FROM claims WHERE live "
                      "AND words_missing IS NOT NULL AND words_missing != '[]'")
    for file, n, words, missing in rows:
        quoted = json.loads(words)
        for number in json.loads(missing):
            yield (file, f"claims[{n}].words[{number}]", f"words '{_short(quoted[number])}' "
                   "are not in any of the claim's documents", "quote")


def _future(index: Index, today: dt.date) -> Iterator[Located]:
    """Nobody can have asserted or reviewed anything after today."""
    iso = today.isoformat()
    for file, path, date in index.rows(
            "SELECT v.file, 'claims[' || c.n || '].reviews[' || (v.position - 1) || '].date', "
            "v.date FROM reviews v JOIN claims c ON c.rid = v.parent WHERE v.live "
            "AND v.date > ?", (iso,)):
        if PartialDate.parse(date).start > today:
            yield file, path, f"review date {date} is in the future", "date"
    for file, n, name, date in index.rows(
            "SELECT file, n, 'drafted', drafted_date FROM claims WHERE live AND drafted_date > ? "
            "UNION ALL SELECT file, n, 'accepted', accepted_date FROM claims WHERE live "
            "AND accepted_date > ?", (iso, iso)):
        if PartialDate.parse(date).start > today:
            yield file, f"claims[{n}].{name}.date", f"{name} date {date} is in the future", \
                "date"
    # Only 'made' is bounded: what a claim asserts may be set in the future ("will
    # attack in 2030"), but nobody can have asserted it yet.
    for file, n, made in index.rows("SELECT file, n, made FROM claims WHERE live "
                                    "AND made > ?", (iso,)):
        if PartialDate.parse(made).start > today:
            yield file, f"claims[{n}].made", f"made date {made} is in the future", "date"


def _voices(index: Index, today: dt.date) -> Iterator[Located]:
    """A document's voice is an editorial actor; an ``own`` appearance's claimant is the
    voice of its document."""
    for file, n, voice, kind in index.rows(
            "SELECT d.file, d.n, d.voice, a.kind FROM documents d JOIN actors a "
            "ON a.id = d.voice AND a.live WHERE d.live AND a.kind != 'editorial' "
            "ORDER BY d.file, d.n"):
        yield (file, f"documents[{n}].voice", f"voice '{voice}' is an actor of kind "
               f"'{kind}'; a document's voice is an 'editorial' actor", "voice")
    for file, n, position, claimant, document, voice in index.rows(
            "SELECT p.file, c.n, p.position, c.claimant, p.document, d.voice "
            "FROM appearances p INDEXED BY appearances_own JOIN claims c ON c.rid = p.parent "
            "JOIN documents d ON d.id = p.document AND d.live "
            "WHERE p.live AND p.attribution = 'own' AND d.voice IS NOT c.claimant "
            "ORDER BY p.file, c.n, p.position"):
        where = f"claims[{n}].appearances[{position - 1}].attribution"
        if voice is None:
            message = (f"attribution is 'own' but document '{document}' has no voice; "
                       f"give it voice = \"{claimant}\" if that is its editorial actor")
        else:
            message = (f"attribution is 'own' but the claimant '{claimant}' is not the "
                       f"voice of document '{document}' ('{voice}'); use 'explicit' or "
                       "'inferred', or make the document's voice the claimant")
        yield file, where, message, "voice"


def _basis(index: Index, today: dt.date) -> Iterator[Located]:
    """A basis quote occurs in one of the claim's documents."""
    for file, n, quote in index.rows("SELECT file, n, basis_quote FROM claims "
                                     "WHERE live AND basis_found = 0"):
        yield (file, f"claims[{n}].basis.quote", f"basis quote '{_short(quote)}' is not in "
               "any of the claim's documents", "quote")


_ACROSS: tuple[Callable[[Index, dt.date], Iterable[Located]], ...] = (
    _duplicates, _aliases, _references, _documents, _quotes, _words, _basis, _voices,
    _future,
)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
