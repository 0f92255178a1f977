"""Claims in date order; partial dates sort a year before its months, undated claims last."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from claimtrack.model import Claim

__all__ = ["COLUMNS", "timeline"]

COLUMNS = ["date", "precision", "id", "claimant", "kind", "status", "statement"]


def timeline(claims: Sequence[Claim], *, by_occurred: bool = False) -> list[dict[str, Any]]:
    """Rows in order of ``made`` (or ``occurred``), stable within a date."""
    field = "occurred" if by_occurred else "made"
    dated = [c for c in claims if getattr(c, field) is not None]
    undated = [c for c in claims if getattr(c, field) is None]
    dated.sort(key=lambda c: getattr(c, field).sort_key)
    rows = []
    for claim in [*dated, *undated]:
        date = getattr(claim, field)
        rows.append({"date": None if date is None else str(date),
                     "precision": None if date is None else date.precision,
                     "id": claim.id, "claimant": claim.claimant, "kind": str(claim.kind),
                     "status": str(claim.status), "statement": claim.statement})
    return rows
