"""Where a draft meets the claims already in the folder: repeats become ``same_as`` links.

Kept apart from the drafting on purpose: today a repeat is a near-identical quote; a matcher
that finds restatements in other words can replace this one function.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from claimtrack.extract.pipeline import DraftClaim
from claimtrack.model import Claim

__all__ = ["link_existing"]

_SAME = 0.9
_MAX_EXISTING = 20000
_MAX_FUZZY = 2000


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def link_existing(claims: list[DraftClaim], text: str, existing: Iterable[Claim]) -> None:
    """Add ``same_as`` from each drafted claim to an existing claim with the same words."""
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
        if target is None and len(keys) <= _MAX_FUZZY:
            close = difflib.get_close_matches(quote, keys, n=1, cutoff=_SAME)
            target = by_quote[close[0]] if close else None
        if target is not None:
            claim.relations.append(("same_as", target))
