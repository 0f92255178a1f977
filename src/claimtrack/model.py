"""The data model: actors, documents, claims and their vocabularies, as frozen attrs classes."""

from __future__ import annotations

import enum
from typing import Any

import attrs

from claimtrack.dates import PartialDate

__all__ = [
    "DRAFTER",
    "DRAFT_TAG",
    "Actor",
    "ActorKind",
    "Appearance",
    "Attribution",
    "Basis",
    "Claim",
    "ClaimKind",
    "Document",
    "Dossier",
    "Framing",
    "Relation",
    "RelationType",
    "Reliability",
    "Review",
    "Stamp",
    "Status",
    "Unclaimed",
]


DRAFT_TAG = "draft"
"""The tag of a claim drafted (by ``extract``) and not yet accepted by a person: publishing
formats leave such claims out, and ``accept`` takes the tag away."""

DRAFTER = "claimtrack extract"
"""Who a claim drafted by ``extract`` says drafted it (its ``drafted.by``)."""


class ActorKind(enum.StrEnum):
    """What sort of source an actor is."""

    PERSON = "person"
    GOVERNMENT = "government"
    AGENCY = "agency"
    ORGANIZATION = "organization"
    MILITIA = "militia"
    MEDIA = "media"
    COURT = "court"
    EDITORIAL = "editorial"
    UNNAMED = "unnamed"


class ClaimKind(enum.StrEnum):
    """What sort of assertion a claim is."""

    ANNOUNCEMENT = "announcement"
    ALLEGATION = "allegation"
    ACCUSATION = "accusation"
    DENIAL = "denial"
    DEMAND = "demand"
    THREAT = "threat"
    STATEMENT = "statement"
    CHARACTERIZATION = "characterization"
    REPORT = "report"
    EVENT = "event"
    BACKGROUND = "background"
    OBSERVATION = "observation"
    RETRACTION = "retraction"
    RULING = "ruling"


class Framing(enum.StrEnum):
    """How the document presents a claim (its sourcing circumstances)."""

    ASSERTED = "asserted"
    REPORTED = "reported"
    ATTRIBUTED = "attributed"
    ALLEGED = "alleged"
    DENIED = "denied"
    DISPUTED = "disputed"
    SPECULATIVE = "speculative"


class Attribution(enum.StrEnum):
    """Whether a passage names the claim's claimant as its source."""

    EXPLICIT = "explicit"
    """The passage names the claimant ("the ministry said")."""
    INFERRED = "inferred"
    """It does not; the analyst infers the claimant (the claim says why: its basis)."""
    OWN = "own"
    """The document asserts it on its own authority: the claimant is the document's voice."""


class RelationType(enum.StrEnum):
    """How one claim bears on another."""

    DENIES = "denies"
    CONTRADICTS = "contradicts"
    DISPUTES = "disputes"
    SUPPORTS = "supports"
    QUALIFIES = "qualifies"
    RESPONDS_TO = "responds_to"
    SAME_AS = "same_as"
    ELABORATES = "elaborates"
    CORRECTS = "corrects"
    RETRACTS = "retracts"

    @property
    def inverse_label(self) -> str:
        """How the relation reads from its target's side ("denied by")."""
        return _INVERSE_LABELS[self]


_INVERSE_LABELS = {
    RelationType.DENIES: "denied by",
    RelationType.CONTRADICTS: "contradicted by",
    RelationType.DISPUTES: "disputed by",
    RelationType.SUPPORTS: "supported by",
    RelationType.QUALIFIES: "qualified by",
    RelationType.RESPONDS_TO: "responded to by",
    RelationType.SAME_AS: "same as",
    RelationType.ELABORATES: "elaborated by",
    RelationType.CORRECTS: "corrected by",
    RelationType.RETRACTS: "retracted by",
}


class Status(enum.StrEnum):
    """The verdict on whether a claim is true."""

    UNVERIFIED = "unverified"
    DISPUTED = "disputed"
    INCONCLUSIVE = "inconclusive"
    CORROBORATED = "corroborated"
    CONFIRMED = "confirmed"
    REFUTED = "refuted"
    RETRACTED = "retracted"
    NOT_CHECKABLE = "not-checkable"


class Reliability(enum.StrEnum):
    """Admiralty source-reliability grade."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"


def _doc(text: str, *, ordered: bool = True, ref: str | None = None, **kwargs: Any) -> Any:
    """An attrs field carrying its meaning, which columns, schemas and exports show.

    ``ordered`` False marks a list of records whose order means nothing (relations: a set),
    so exports carry no position for them. ``ref`` names the records the field's ids point
    at (``actors``), which ``check`` holds it to; ``evidence`` is a claim id or a URL.
    """
    return attrs.field(metadata={"doc": text, "ordered": ordered, "ref": ref}, **kwargs)


@attrs.frozen(kw_only=True)
class Actor:
    """A source of claims, or their subject."""

    id: str = _doc("Stable slug of the actor.")
    name: str = _doc("Name.")
    kind: ActorKind = _doc("Kind of actor.")
    aliases: tuple[str, ...] = _doc("Other spellings.", default=())
    affiliation: str | None = _doc("Id of the actor it belongs to.", default=None,
                                   ref="actors")
    reliability: Reliability | None = _doc("Admiralty reliability grade A-F.", default=None)
    description: str = _doc("Description.", default="")

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the actor goes by: id, name and aliases."""
        return (self.id, self.name, *self.aliases)


@attrs.frozen(kw_only=True)
class Document:
    """A source document whose verbatim text lives under ``documents/``."""

    id: str = _doc("Stable slug of the document.")
    title: str = _doc("Title.")
    url: str = _doc("Where it was published.", default="")
    publisher: str = _doc("Publisher.", default="")
    published: PartialDate | None = _doc("Publication date (partial date).", default=None)
    retrieved: PartialDate | None = _doc("Retrieval date (partial date).", default=None)
    text: str = _doc("Path of the verbatim copy under claims/.")
    sha256: str = _doc("SHA-256 of the verbatim copy.")
    license: str = _doc("License of the text.", default="")
    attribution: str = _doc("Attribution required by the license.", default="")
    voice: str | None = _doc("Id of the editorial actor that speaks for the document itself.",
                             default=None, ref="actors")


@attrs.frozen(kw_only=True)
class Appearance:
    """How one document carries a claim: the exact quote, and how the document presents it
    (source, cue, content): its framing, whether it names the claimant, and through whom."""

    document: str = _doc("Id of the document.", ref="documents")
    section: str = _doc("Section of the document.", default="")
    quote: str = _doc("Exact verbatim span of the document.")
    prefix: str = _doc("Text just before the quote, to disambiguate.", default="")
    suffix: str = _doc("Text just after the quote, to disambiguate.", default="")
    framing: Framing = _doc("How this document presents the claim.")
    attribution: Attribution = _doc("Whether this passage names the claimant: explicit, "
                                    "inferred (see the claim's basis) or own (the "
                                    "document's voice asserts it).")
    via: tuple[str, ...] = _doc("Ids of the actors between the document and the claimant, "
                                "outermost first.", default=(), ref="actors")
    cue: str = _doc("The reporting words (said, according to, it was reported).",
                    default="")


@attrs.frozen(kw_only=True)
class Basis:
    """Why a claim's claimant is inferred: a sentence, and a quote of the document."""

    reason: str = _doc("Why the claimant is inferred, in one sentence.")
    quote: str = _doc("Exact span of the claim's document the inference rests on.",
                      default="")


@attrs.frozen(kw_only=True)
class Relation:
    """A typed link from one claim to another."""

    type: RelationType = _doc("Relation type (denies, supports, ...).")
    target: str = _doc("Id of the claim it bears on.", ref="claims")
    note: str = _doc("Note.", default="")


@attrs.frozen(kw_only=True)
class Review:
    """One entry of a claim's verdict history."""

    date: PartialDate | None = _doc("Date of the review (full date); unknown when the "
                                    "review's source gives none.", default=None)
    status: Status = _doc("Status given.")
    by: str = _doc("Who reviewed.", default="")
    url: str = _doc("Where the review is published (a fact-check's own page).", default="")
    note: str = _doc("Note.", default="")
    evidence: tuple[str, ...] = _doc("URLs or claim ids.", default=(), ref="evidence")


@attrs.frozen(kw_only=True)
class Stamp:
    """Who did something to a claim's record, and when: drafted it, or took it out of
    draft. A fact about the record, never a verdict (that is a review)."""

    by: str = _doc("Who: a person, or the program that drafted it.")
    date: PartialDate = _doc("When (a full date).")
    note: str = _doc("Note.", default="")


@attrs.frozen(kw_only=True)
class Claim:
    """One attributed assertion."""

    id: str = _doc("Stable slug of the claim.")
    statement: str = _doc("The claim in one neutral sentence.")
    claimant: str = _doc("Id of the actor responsible for it (its origin, not whoever "
                         "relays it).", ref="actors")
    kind: ClaimKind = _doc("Kind of assertion.")
    made: PartialDate | None = _doc("When it was asserted (partial date).", default=None)
    occurred: PartialDate | None = _doc("When the asserted thing happened (partial date).",
                                        default=None)
    about: tuple[str, ...] = _doc("Ids of the actors the claim concerns.", default=(),
                                  ref="actors")
    words: tuple[str, ...] = _doc("The claimant's own quoted words.", default=())
    tags: tuple[str, ...] = _doc("Tags.", default=())
    credibility: int | None = _doc("Admiralty information grade 1-6.", default=None)
    notes: str = _doc("Free notes.", default="")
    basis: Basis | None = _doc("Why the claimant is inferred, when no appearance names it.",
                               default=None)
    drafted: Stamp | None = _doc("Who drafted it for a person to review (a program such as "
                                 "claimtrack extract), and when.", default=None)
    accepted: Stamp | None = _doc("Who took it out of draft, and when: a fact about the "
                                  "record, not a verdict.", default=None)
    appearances: tuple[Appearance, ...] = _doc("Where the claim appears.", default=())
    relations: tuple[Relation, ...] = _doc("How it bears on other claims.", default=(),
                                           ordered=False)
    reviews: tuple[Review, ...] = _doc("Its verdict history, oldest first.", default=())

    @property
    def verdict(self) -> Review | None:
        """The review that holds the claim's verdict (the latest), None when never
        reviewed: the one accessor every view and export of the verdict reads."""
        return self.reviews[-1] if self.reviews else None

    @property
    def status(self) -> Status:
        """The verdict's status; ``unverified`` when never reviewed."""
        verdict = self.verdict
        return verdict.status if verdict is not None else Status.UNVERIFIED

    @property
    def draft(self) -> bool:
        """Whether it is still a draft nobody has accepted (tagged ``draft``)."""
        return DRAFT_TAG in self.tags

    @property
    def documents(self) -> tuple[str, ...]:
        """Ids of the documents the claim appears in, in order, without repeats."""
        return tuple(dict.fromkeys(a.document for a in self.appearances))


@attrs.frozen(kw_only=True)
class Unclaimed:
    """A span of a document that carries no assertion, skipped on purpose."""

    document: str = _doc("Id of the document.", ref="documents")
    quote: str = _doc("Exact verbatim span of the document.")
    reason: str = _doc("Why it carries no assertion.")


@attrs.frozen(kw_only=True)
class Dossier:
    """The optional ``[dossier]`` table of a dossier file."""

    title: str = _doc("Human title of the dossier.", default="")
    description: str = _doc("What it covers.", default="")
    publisher: str = _doc("The organisation publishing reviews of it.", default="")
    url: str = _doc("Where the dossier is published.", default="")
