"""Infer the origin of a hedged claim from the rest of the article, and say why (``basis``).

"The company allegedly shipped the drums" names no accuser; when the article gives exactly
one actor who accuses the same subject elsewhere ("Customs accused the company of …"), that
actor is the likely origin: the claimant becomes it, attribution ``inferred``, with the
accusing sentence as the basis. With no such actor, or several, the hedge stays an unnamed
source, as the text gives it.
"""

from __future__ import annotations

import re

from claimtrack.extract.pipeline import DraftClaim
from claimtrack.extract.resolve import Discourse
from claimtrack.extract.words import content_words, numbers_in
from claimtrack.model import ActorKind, ClaimKind

__all__ = ["infer_claimants"]

_ACCUSING = frozenset({ClaimKind.ACCUSATION, ClaimKind.ALLEGATION, ClaimKind.REPORT,
                       ClaimKind.ANNOUNCEMENT, ClaimKind.RULING})
_PUBLISHED = re.compile(
    r"\b(?:allegations?|claims?|accusations?|reports?|charges?)\s+(?:were|was)\s+(?:first\s+)?"
    r"(?:published|made|reported|raised|aired|broadcast|brought|filed|levelled|leveled)"
    r"\s+(?:\w+\s+)?by\s+", re.IGNORECASE)
_WINDOW = 80
_CHARGER = re.compile(r"prosecut|attorney|police|investigat", re.IGNORECASE)


def _named(discourse: Discourse, actor: str) -> bool:
    kind = discourse.registry.kind_of(actor)
    return kind not in (ActorKind.EDITORIAL, ActorKind.UNNAMED)


def infer_claimants(claims: list[DraftClaim], text: str, discourse: Discourse) -> None:
    """Give hedged claims the one accuser the article names elsewhere, as an inference."""
    publishers = [c for c in claims if c.claimant == discourse.editorial and c.about
                  and _PUBLISHED.search(text, c.start, c.end)]
    generic = {discourse.generic_unnamed()} if any(c.hedge for c in claims) else set()
    position = {id(c): i for i, c in enumerate(claims)}
    cache: dict[int, tuple[set[str], set[int]]] = {}
    # Body hedges first: an infobox line may then lean on a body claim already inferred.
    for claim in sorted((c for c in claims if c.hedge), key=lambda c: c.infobox):
        if claim.claimant not in generic | {discourse.editorial}:
            continue
        # The accuser is looked for near the hedge (an infobox line: in the whole body, which
        # it summarises), so the work stays linear in the article's length.
        index = position[id(claim)]
        nearby = claims if claim.infobox else claims[max(0, index - _WINDOW):index + _WINDOW]
        source = _source(claim, nearby, publishers, discourse, text, cache)
        if source is None:
            continue
        actor, basis = source
        claim.claimant = actor
        claim.attribution = "inferred"
        claim.via = []
        name = discourse.registry.name_of(actor)
        quote = basis.basis[1] if basis.basis else text[basis.start:basis.end]
        claim.basis = (f"The text does not say whose claim this is; elsewhere the article gives "
                       f"{name} as its source.", quote)


def _words(claim: DraftClaim, text: str,
           cache: dict[int, tuple[set[str], set[int]]]) -> tuple[set[str], set[int]]:
    """The content words and numbers of a claim, computed once."""
    key = id(claim)
    if key not in cache:
        span = text[claim.content:claim.end]
        cache[key] = (content_words(span), numbers_in(span))
    return cache[key]


def _source(claim: DraftClaim, claims: list[DraftClaim], publishers: list[DraftClaim],
            discourse: Discourse, text: str, cache: dict[int, tuple[set[str], set[int]]],
            ) -> tuple[str, DraftClaim] | None:
    """The one actor the article gives as the accuser of this claim's subject, if one."""
    if claim.cue.endswith("that") and publishers:
        # "The allegations are claims that …"; "The allegations were first published by X".
        owners = {a for p in publishers for a in p.about if _named(discourse, a)}
        if len(owners) == 1:
            return owners.pop(), publishers[0]
    subjects = set(claim.about)
    words, numbers = _words(claim, text, cache)
    scores: dict[str, tuple[int, DraftClaim]] = {}
    for other in claims:
        if other is claim or other.infobox or other.kind not in _ACCUSING | (
                {ClaimKind.STATEMENT} if claim.infobox else set()):
            continue
        if (other.hedge and other.attribution != "inferred") or other.claimant in subjects or (
                not _named(discourse, other.claimant) and other.attribution != "inferred"):
            continue
        shared = len(subjects & set(other.about))
        if not shared and not claim.infobox:
            continue
        their_words, their_numbers = _words(other, text, cache)
        overlap = len(words & their_words)
        same_number = bool(numbers & their_numbers)
        if not (shared or (claim.infobox and (overlap >= 2 or same_number))):
            continue
        score = 3 * shared + overlap + 2 * same_number
        if score > scores.get(other.claimant, (0, other))[0]:
            scores[other.claimant] = (score, other)
    if claim.cue.startswith(("charged", "was charged", "were charged", "indicted")):
        chargers = {a: c for a, c in scores.items()
                    if _CHARGER.search(discourse.registry.name_of(a))}
        scores = chargers or scores
    ranked = sorted(scores.items(), key=lambda item: item[1][0], reverse=True)
    if len(ranked) == 1 or (len(ranked) > 1 and ranked[0][1][0] > ranked[1][1][0]):
        actor, (_, basis) = ranked[0]
        return actor, basis
    return None
