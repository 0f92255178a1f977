"""Propose relations: a denial ``denies`` the charges against its claimant; ``same_as`` repeats."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from claimtrack.extract.pipeline import DraftClaim
from claimtrack.model import Claim, ClaimKind

__all__ = ["propose_relations"]

_CHARGES = frozenset({ClaimKind.ALLEGATION, ClaimKind.ACCUSATION, ClaimKind.REPORT,
                      ClaimKind.ANNOUNCEMENT, ClaimKind.CHARACTERIZATION})
_SAME = 0.9
_MAX_EXISTING = 20000


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def propose_relations(claims: list[DraftClaim], text: str, *,
                      existing: Iterable[Claim] = ()) -> None:
    """Add ``denies`` and ``same_as`` relations to the drafted claims in place."""
    for index, claim in enumerate(claims):
        if claim.kind is not ClaimKind.DENIAL:
            continue
        targets = [c for c in claims[:index]
                   if c.kind in _CHARGES and c.claimant != claim.claimant
                   and claim.claimant in c.about]
        if not targets:
            # No charge names the denier: the nearest charge before it is the best guess.
            earlier = [c for c in claims[:index] if c.kind in (ClaimKind.ALLEGATION,
                                                                ClaimKind.ACCUSATION)
                       and c.claimant != claim.claimant]
            targets = earlier[-1:]
        claim.relations.extend(("denies", t.id) for t in targets)
    by_quote: dict[str, str] = {}
    for other in list(existing)[:_MAX_EXISTING]:
        for appearance in other.appearances:
            by_quote.setdefault(_norm(appearance.quote), other.id)
    if not by_quote:
        return
    keys = list(by_quote)
    for claim in claims:
        quote = _norm(text[claim.start : claim.end])
        if len(quote) < 20:
            continue
        target = by_quote.get(quote)
        if target is None and len(keys) <= 2000:
            close = difflib.get_close_matches(quote, keys, n=1, cutoff=_SAME)
            target = by_quote[close[0]] if close else None
        if target is not None:
            claim.relations.append(("same_as", target))
