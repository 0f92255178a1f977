"""Cross-file validation of a loaded dataset: references, quotes, checksums, dates, paths."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator

import attrs

from claimtrack.anchor import find_quote
from claimtrack.dataset import Dataset, Origin, inside
from claimtrack.errors import Problem, did_you_mean
from claimtrack.files import UnreadableFileError, read_text
from claimtrack.model import Actor, Appearance, Claim, Document

__all__ = ["CheckReport", "check"]

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
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
        counts = f"{self.claims} claims, {self.actors} actors, {self.documents} documents"
        if self.ok:
            return f"{counts}: no problems"
        n = len(self.problems)
        return f"{counts}: {n} problem{'s' if n != 1 else ''}"


def check(dataset: Dataset, *, today: dt.date | None = None) -> CheckReport:
    """Validate the whole dataset; loading problems are included."""
    today = today or dt.date.today()
    problems = list(dataset.problems)
    for actor in dataset.actors.values():
        problems.extend(_check_actor(dataset, actor))
    problems.extend(_check_aliases(dataset))
    for document in dataset.documents.values():
        problems.extend(_check_document(dataset, document))
    for claim in dataset.claims.values():
        problems.extend(_check_claim(dataset, claim, today))
    for unclaimed, origin in dataset.unclaimed:
        problems.extend(_check_reference(dataset, unclaimed.document, origin,
                                         "document", "document"))
        if unclaimed.document in dataset.documents:
            appearance = Appearance(unclaimed.document, unclaimed.quote)
            problems.extend(_check_quote(dataset, appearance, origin, ""))
    return CheckReport(
        problems=tuple(sorted(problems, key=lambda p: p.sort_key)),
        claims=len(dataset.claims),
        actors=len(dataset.actors),
        documents=len(dataset.documents),
    )


def _check_slug(record_id: str, origin: Origin, what: str) -> Iterator[Problem]:
    if not _SLUG.fullmatch(record_id):
        yield origin.problem(
            "id", f"{what} id '{record_id}' is not a slug: use lowercase letters, digits and "
            "single hyphens (e.g. 'nss-announces-coup')", "id")


_TABLE_OF = {"actor": "actors", "document": "documents", "claim": "claims"}


def _check_reference(
    dataset: Dataset, ref: str, origin: Origin, field: str, what: str
) -> Iterator[Problem]:
    pool: dict[str, Actor] | dict[str, Document] | dict[str, Claim] = getattr(
        dataset, _TABLE_OF[what])
    if not ref.strip():
        yield origin.problem(field, f"{what} is blank; name a {what} id", "dangling")
    elif ref not in pool and (_TABLE_OF[what], ref) not in dataset.broken:
        yield origin.problem(
            field, f"unknown {what} '{ref}'{did_you_mean(ref, pool)}", "dangling")


def _check_actor(dataset: Dataset, actor: Actor) -> Iterator[Problem]:
    origin = dataset.origin("actors", actor.id)
    yield from _check_slug(actor.id, origin, "actor")
    if not actor.name.strip():
        yield origin.problem("name", "name is blank", "blank")
    if actor.affiliation is not None:
        if actor.affiliation == actor.id:
            yield origin.problem("affiliation", "an actor cannot be affiliated with itself",
                                 "self-reference")
        else:
            yield from _check_reference(dataset, actor.affiliation, origin,
                                        "affiliation", "actor")


def _check_aliases(dataset: Dataset) -> Iterator[Problem]:
    """A name that two actors answer to makes ``--by NAME`` ambiguous."""
    owner: dict[str, str] = {}
    for actor in dataset.actors.values():
        for name in dict.fromkeys(n.casefold() for n in actor.names):
            first = owner.setdefault(name, actor.id)
            if first != actor.id:
                yield dataset.origin("actors", actor.id).problem(
                    "aliases", f"name '{name}' also belongs to actor '{first}'; "
                    "one name must mean one actor", "ambiguous-name")


def _check_document(dataset: Dataset, document: Document) -> Iterator[Problem]:
    origin = dataset.origin("documents", document.id)
    yield from _check_slug(document.id, origin, "document")
    path = dataset.document_path(document)
    if not inside(dataset.root, path):
        yield origin.problem(
            "text", f"path '{document.text}' escapes the claims folder; "
            "keep document texts under documents/", "path")
        return
    try:
        data = read_text(path)
    except UnreadableFileError as exc:
        yield origin.problem("text", f"document text '{document.text}': {exc.message}", "file")
        return
    if not _SHA256.fullmatch(document.sha256):
        yield origin.problem("sha256", "sha256 must be 64 lowercase hex digits", "checksum")
        return
    actual = hashlib.sha256(data.encode("utf-8")).hexdigest()
    if actual != document.sha256:
        yield origin.problem(
            "sha256", f"document text '{document.text}' has changed: its sha256 is {actual}; "
            "re-check its quotes, then record the new checksum", "checksum")


def _check_claim(dataset: Dataset, claim: Claim, today: dt.date) -> Iterator[Problem]:
    origin = dataset.origin("claims", claim.id)
    yield from _check_slug(claim.id, origin, "claim")
    if not claim.statement.strip():
        yield origin.problem("statement", "statement is blank", "blank")
    if not claim.claimant.strip():
        yield origin.problem(
            "claimant", "claimant is blank; name an actor (an 'editorial' actor for the "
            "document's own voice, an 'unnamed' one for 'it was reported')", "blank")
    else:
        yield from _check_reference(dataset, claim.claimant, origin, "claimant", "actor")
    for index, ref in enumerate(claim.about):
        yield from _check_reference(dataset, ref, origin, f"about[{index}]", "actor")
    if claim.credibility is not None and not 1 <= claim.credibility <= 6:
        yield origin.problem("credibility", f"credibility {claim.credibility} is out of range; "
                             "expected 1 (confirmed) .. 6 (cannot be judged)", "range")
    for check_part in _CLAIM_PARTS:
        yield from check_part(dataset, claim, origin, today)


def _check_appearances(
    dataset: Dataset, claim: Claim, origin: Origin, today: dt.date
) -> Iterator[Problem]:
    if not claim.appearances:
        yield origin.problem("appearances", "a claim needs at least one appearance "
                             "([[claims.appearances]] with document and quote)", "appearance")
    for index, appearance in enumerate(claim.appearances):
        field = f"appearances[{index}]"
        if appearance.document not in dataset.documents:
            yield from _check_reference(dataset, appearance.document, origin,
                                        f"{field}.document", "document")
            continue
        yield from _check_quote(dataset, appearance, origin, field)
    texts = [t for t in map(dataset.text_of, claim.documents) if t is not None]
    if texts:
        for index, words in enumerate(claim.words):
            if not any(words in text for text in texts):
                yield origin.problem(f"words[{index}]", f"words '{_short(words)}' are not "
                                     "in any of the claim's documents", "quote")


def _check_quote(
    dataset: Dataset, appearance: Appearance, origin: Origin, field: str
) -> Iterator[Problem]:
    text = dataset.text_of(appearance.document)
    quote_field = f"{field}.quote" if field else "quote"
    if text is None:
        return  # the document's own check says why its text cannot be read
    if not appearance.quote:
        yield origin.problem(quote_field, "quote is empty", "quote")
        return
    hits = find_quote(text, appearance.quote, prefix=appearance.prefix, suffix=appearance.suffix)
    if not hits:
        yield origin.problem(quote_field, f"quote '{_short(appearance.quote)}' is not in "
                             f"document '{appearance.document}'" + _near_miss(text, appearance),
                             "quote")
    elif len(hits) > 1:
        yield origin.problem(quote_field, f"quote '{_short(appearance.quote)}' occurs "
                             f"{len(hits)} times in document '{appearance.document}'; "
                             "add a prefix or suffix to say which", "ambiguous-quote")


def _near_miss(text: str, appearance: Appearance) -> str:
    if appearance.quote in text:
        return " with that prefix/suffix; check them against the text"
    return ""


def _check_relations(
    dataset: Dataset, claim: Claim, origin: Origin, today: dt.date
) -> Iterator[Problem]:
    seen: set[tuple[str, str]] = set()
    for index, relation in enumerate(claim.relations):
        field = f"relations[{index}]"
        if relation.target == claim.id:
            yield origin.problem(f"{field}.target", f"claim '{claim.id}' {relation.type} itself;"
                                 " a relation must link two different claims", "self-relation")
            continue
        yield from _check_reference(dataset, relation.target, origin,
                                    f"{field}.target", "claim")
        key = (str(relation.type), relation.target)
        if key in seen:
            yield origin.problem(field, f"relation '{relation.type} {relation.target}' is "
                                 "listed twice", "duplicate-relation")
        seen.add(key)


def _check_reviews(
    dataset: Dataset, claim: Claim, origin: Origin, today: dt.date
) -> Iterator[Problem]:
    previous = None
    for index, review in enumerate(claim.reviews):
        field = f"reviews[{index}]"
        if review.date.precision != "day":
            yield origin.problem(f"{field}.date", f"review date {review.date} must be a full "
                                 "date (YYYY-MM-DD)", "date")
        if review.date.start > today:
            yield origin.problem(f"{field}.date", f"review date {review.date} is in the future",
                                 "date")
        if previous is not None and review.date < previous:
            yield origin.problem(f"{field}.date", f"review dated {review.date} follows one dated"
                                 f" {previous}; keep the history oldest first", "review-order")
        if claim.made is not None and review.date.end < claim.made.start:
            yield origin.problem(f"{field}.date", f"review dated {review.date} precedes the "
                                 f"claim's made date {claim.made}", "review-order")
        previous = review.date
        for number, evidence in enumerate(review.evidence):
            if "://" not in evidence and evidence not in dataset.claims:
                yield origin.problem(
                    f"{field}.evidence[{number}]", f"evidence '{evidence}' is neither a URL nor "
                    f"a known claim id{did_you_mean(evidence, dataset.claims)}", "dangling")


def _check_dates(
    dataset: Dataset, claim: Claim, origin: Origin, today: dt.date
) -> Iterator[Problem]:
    # Only 'made' is bounded: what a claim asserts may be set in the future ("will
    # attack in 2030"), but nobody can have asserted it yet.
    if claim.made is not None and claim.made.start > today:
        yield origin.problem("made", f"made date {claim.made} is in the future", "date")


_CLAIM_PARTS: Iterable[Callable[[Dataset, Claim, Origin, dt.date], Iterator[Problem]]] = (
    _check_appearances,
    _check_relations,
    _check_reviews,
    _check_dates,
)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
