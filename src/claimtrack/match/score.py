"""How alike two claims are, and what link a reviewer would likely record between them.

A candidate's score combines the overlap of the claims' words (rarer words weigh more),
the actors they share (claimant and subjects, aliases and affiliations resolved; a
document's own voice does not count: it only says who tells), whether their dates can
overlap, and whether they are the same kind of assertion.
"""

from __future__ import annotations

import re

import attrs

from claimtrack.dates import PartialDate
from claimtrack.match.text import Weights

__all__ = ["Features", "Profile", "counts_differ", "score", "similarity", "suggest"]

_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


@attrs.frozen
class Profile:
    """What the matcher knows of one claim."""

    rid: int
    id: str
    statement: str
    quotes: tuple[str, ...]
    stems: frozenset[str]
    actors: frozenset[str]
    """Claimant and subjects, editorial voices left out, each with its affiliations."""
    kind: str
    made: PartialDate | None
    occurred: PartialDate | None
    places: frozenset[tuple[str, str]]
    """(document, section) pairs the claim appears in."""
    dossier: str
    numbers: frozenset[str]
    claimant: str = ""
    about: frozenset[str] = frozenset()
    figures: tuple[tuple[str, frozenset[str]], ...] = ()
    """What its words count, with the figures they give (``text.figures``)."""


@attrs.frozen
class Features:
    """The parts of a score, each 0..1."""

    text: float
    actors: float
    dates: float
    kind: float

    answer: float = 0.0
    """1 when one claim answers the other: a denial by the accused, a retraction by the
    one who said it, a ruling or finding on what it decides."""
    body: float = 0.0
    """1 when both are told in the body of one document: an article restates itself in its
    summaries (infobox, lead), seldom from one body section to the next."""

    @property
    def total(self) -> float:
        """The combined score, 0..1."""
        base = 0.65 * self.text + 0.2 * self.actors + 0.05 * self.kind + 0.1 * self.answer
        # Told of another time, the same words are likely another event.
        base *= 0.6 if self.dates == 0.0 else 1.0
        return round(base * (0.8 if self.body else 1.0), 3)


def _jaccard(one: frozenset[str], other: frozenset[str]) -> float:
    if not one or not other:
        return 0.0
    return len(one & other) / len(one | other)


def _dates(one: Profile, other: Profile) -> float:
    """Whether what the claims tell can have happened at one time (1), cannot (0), or the
    dates do not say (0.5). When they were said differs anyway: only ``occurred`` counts."""
    if one.occurred is None or other.occurred is None:
        return 0.5
    a, b = one.occurred, other.occurred
    return float(a.start <= b.end and b.start <= a.end)


_ANSWERS = {"denial", "retraction", "ruling"}


def _answer(one: Profile, other: Profile) -> float:
    """Whether one claim answers the other (see Features.answer)."""
    for answer, told in ((one, other), (other, one)):
        if answer.kind in _ANSWERS and told.kind not in _ANSWERS:
            if answer.kind == "retraction" and answer.claimant == told.claimant:
                return 1.0
            if answer.kind == "denial" and answer.claimant in told.about:
                return 1.0
            if answer.kind == "ruling" and (answer.about & told.about or
                                            told.claimant in answer.about):
                return 1.0
    return 0.0


_FAMILIES = {
    "event": "fact", "background": "fact", "report": "fact", "observation": "fact",
    "announcement": "say", "statement": "say", "characterization": "say",
    "allegation": "charge", "accusation": "charge",
    "denial": "answer", "retraction": "answer", "ruling": "answer",
    "demand": "demand", "threat": "demand",
}


def _kind(one: Profile, other: Profile) -> float:
    if one.kind == other.kind:
        return 1.0
    return 0.5 if _FAMILIES.get(one.kind) == _FAMILIES.get(other.kind) else 0.0


SUMMARIES = frozenset({"", "infobox", "lead", "summary", "abstract", "headline", "standfirst",
                       "title"})
"""Sections (casefolded) that sum a document up: a restatement of its body is expected."""


def _body(one: Profile, other: Profile) -> float:
    """1 when the claims share a document and both sit in its body, not a summary."""
    def sections(profile: Profile, document: str) -> set[str]:
        return {s.casefold() for d, s in profile.places if d == document}

    for document in {d for d, _ in one.places} & {d for d, _ in other.places}:
        mine, theirs = sections(one, document), sections(other, document)
        if not (mine & SUMMARIES or theirs & SUMMARIES):
            return 1.0
    return 0.0


def similarity(one: Profile, other: Profile, weights: Weights,
               leave_out: frozenset[str] = frozenset()) -> float:
    """How alike the words of two claims are (``leave_out`` aside), 0..1."""
    text = weights.overlap(set(one.stems - leave_out), set(other.stems - leave_out))
    if one.numbers and other.numbers and not one.numbers & other.numbers:
        text *= 0.7  # the same words about other figures are likely another fact
    return text


def counts_differ(one: Profile, other: Profile) -> bool:
    """Whether the claims count one thing ("children", "times") with other figures."""
    theirs = dict(other.figures)
    return any(unit in theirs and not numbers & theirs[unit] for unit, numbers in one.figures)


def score(one: Profile, other: Profile, weights: Weights) -> Features:
    """How alike two claims are."""
    text = similarity(one, other, weights)
    return Features(text=round(text, 3), actors=round(_jaccard(one.actors, other.actors), 3),
                    dates=_dates(one, other), kind=_kind(one, other), answer=_answer(one, other),
                    body=_body(one, other))


def suggest(one: Profile, other: Profile, features: Features) -> str:
    """The relation a reviewer would likely record from ``one`` to ``other``."""
    for answer, relation in (("denial", "denies"), ("retraction", "retracts")):
        if one.kind == answer and other.kind != answer:
            return relation
    if one.kind == "ruling" and other.kind != "ruling":
        return "responds_to"
    return "same_as"
