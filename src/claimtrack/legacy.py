"""Review entries that an older claimtrack wrote for what is not a review.

``accept`` used to append a review ("Accepted from draft.", the status unchanged), and
``extract`` to give each draft a review by "claimtrack extract" ("Drafted by extract; not
yet reviewed by a person."). Neither is a verdict: shown as the latest review, the first
hid the real one behind the person who accepted the draft. Today they are the claim's
``accepted`` and ``drafted``; ``check`` points at the old entries and ``migrate`` moves
them. Both find them with ``legacy_entries``, so they always agree.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from claimtrack.model import DRAFTER

__all__ = ["ACCEPTED_NOTE", "DRAFTED_NOTE", "Entry", "Legacy", "legacy_entries"]

ACCEPTED_NOTE = "Accepted from draft."
"""The note ``accept`` gave the review it wrote when no other was asked for."""
DRAFTED_NOTE = "Drafted by extract; not yet reviewed by a person."


@attrs.frozen
class Entry:
    """What tells a review entry apart: who, which status, its note, any evidence."""

    by: str
    status: str
    note: str
    evidence: bool = False


@attrs.frozen
class Legacy:
    """Positions (in the review history) of the entries that record a drafting and an
    acceptance rather than a verdict."""

    drafted: int | None = None
    accepted: int | None = None

    @property
    def positions(self) -> tuple[int, ...]:
        """Both positions that are set, in order."""
        return tuple(p for p in (self.drafted, self.accepted) if p is not None)


def legacy_entries(reviews: Sequence[Entry], *, drafted: bool, accepted: bool) -> Legacy:
    """Which of a claim's reviews are an old drafting or acceptance record. ``drafted`` and
    ``accepted`` say whether the claim records those already (then none is looked for).

    The drafting is extract's entry, first in the history; the acceptance is the latest
    entry with accept's note, no evidence and the status of the entry before it (or
    ``unverified`` when first): the review accept wrote.
    """
    found_drafted = None
    if not drafted and reviews:
        first = reviews[0]
        if (first.by, first.note, first.status, first.evidence) == (
                DRAFTER, DRAFTED_NOTE, "unverified", False):
            found_drafted = 0
    found_accepted = None
    if not accepted:
        for position in range(len(reviews) - 1, -1, -1):
            entry = reviews[position]
            before = reviews[position - 1].status if position else "unverified"
            if (entry.note == ACCEPTED_NOTE and not entry.evidence and entry.by
                    and entry.status == before and position != found_drafted):
                found_accepted = position
                break
    return Legacy(found_drafted, found_accepted)
