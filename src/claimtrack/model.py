"""The data model: actors, documents, claims and their vocabularies, as frozen attrs classes."""

from __future__ import annotations

import enum

import attrs

from claimtrack.dates import PartialDate

__all__ = [
    "Actor",
    "ActorKind",
    "Appearance",
    "Claim",
    "ClaimKind",
    "Document",
    "Dossier",
    "Framing",
    "Relation",
    "RelationType",
    "Reliability",
    "Review",
    "Status",
    "Unclaimed",
]


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


class Framing(enum.StrEnum):
    """How the document presents a claim (its sourcing circumstances)."""

    ASSERTED = "asserted"
    REPORTED = "reported"
    ATTRIBUTED = "attributed"
    ALLEGED = "alleged"
    DENIED = "denied"
    DISPUTED = "disputed"
    SPECULATIVE = "speculative"


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


@attrs.frozen
class Actor:
    """A source of claims, or their subject."""

    id: str
    name: str
    kind: ActorKind
    aliases: tuple[str, ...] = ()
    affiliation: str | None = None
    reliability: Reliability | None = None
    description: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the actor goes by: id, name and aliases."""
        return (self.id, self.name, *self.aliases)


@attrs.frozen
class Document:
    """A source document whose verbatim text lives under ``documents/``."""

    id: str
    title: str
    text: str
    sha256: str
    url: str = ""
    publisher: str = ""
    published: PartialDate | None = None
    retrieved: PartialDate | None = None
    license: str = ""
    attribution: str = ""


@attrs.frozen
class Appearance:
    """Where a claim stands in a document: an exact quote, optionally disambiguated."""

    document: str
    quote: str
    section: str = ""
    prefix: str = ""
    suffix: str = ""


@attrs.frozen
class Relation:
    """A typed link from one claim to another."""

    type: RelationType
    target: str
    note: str = ""


@attrs.frozen
class Review:
    """One entry of a claim's verdict history."""

    date: PartialDate
    status: Status
    by: str = ""
    note: str = ""
    evidence: tuple[str, ...] = ()


@attrs.frozen
class Claim:
    """One attributed assertion."""

    id: str
    statement: str
    claimant: str
    kind: ClaimKind
    framing: Framing
    appearances: tuple[Appearance, ...] = ()
    about: tuple[str, ...] = ()
    made: PartialDate | None = None
    occurred: PartialDate | None = None
    words: tuple[str, ...] = ()
    relations: tuple[Relation, ...] = ()
    reviews: tuple[Review, ...] = ()
    credibility: int | None = None
    tags: tuple[str, ...] = ()
    notes: str = ""

    @property
    def status(self) -> Status:
        """The latest review's status; ``unverified`` when never reviewed."""
        return self.reviews[-1].status if self.reviews else Status.UNVERIFIED

    @property
    def documents(self) -> tuple[str, ...]:
        """Ids of the documents the claim appears in, in order, without repeats."""
        return tuple(dict.fromkeys(a.document for a in self.appearances))


@attrs.frozen
class Unclaimed:
    """A span of a document that carries no assertion, skipped on purpose."""

    document: str
    quote: str
    reason: str


@attrs.frozen
class Dossier:
    """The optional ``[dossier]`` table of a dossier file."""

    title: str = ""
    description: str = ""
    publisher: str = ""
    url: str = ""
