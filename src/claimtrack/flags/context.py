"""What the flag rules share: vocabularies, a finding, and what a rule asked each time
reads (the index, the date, the claims in scope)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import attrs

from claimtrack.model import ClaimKind, RelationType, Status

if TYPE_CHECKING:
    from claimtrack.index import Index
    from claimtrack.select import Selection

__all__ = ["BACKED", "CHALLENGES", "CHARGES", "HOSTILE", "SETTLED", "Finding", "FlagContext",
           "sql_set"]

SETTLED = {Status.CONFIRMED, Status.REFUTED, Status.RETRACTED}
BACKED = {Status.CONFIRMED, Status.CORROBORATED}
CHARGES = {ClaimKind.ALLEGATION, ClaimKind.ACCUSATION, ClaimKind.ANNOUNCEMENT,
           ClaimKind.STATEMENT, ClaimKind.CHARACTERIZATION, ClaimKind.REPORT}
HOSTILE = {ClaimKind.ALLEGATION, ClaimKind.ACCUSATION, ClaimKind.DENIAL, ClaimKind.THREAT,
           ClaimKind.DEMAND}
CHALLENGES = {RelationType.DENIES, RelationType.DISPUTES, RelationType.CONTRADICTS,
              RelationType.QUALIFIES, RelationType.CORRECTS}


def sql_set(values: Iterable[object]) -> str:
    """``('a', 'b')``: vocabulary values (never user text) as an SQL list."""
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


@attrs.frozen
class Finding:
    """One reason a claim needs attention."""

    rule: str
    claim: str
    reason: str


@attrs.define(kw_only=True)
class FlagContext:
    """The index, the date rules judge by, and which claims to judge: those ``selection``
    keeps (all by default), only the claims ``ids`` when given."""

    index: Index
    today: dt.date
    stale_after: int | None = None
    selection: Selection | None = None
    ids: Sequence[str] = ()

    def scope(self) -> tuple[str, list[object]]:
        """The claims to judge, as a condition on ``c`` (the claims table)."""
        from claimtrack.select import Selection

        where, params = (self.selection or Selection()).sql()
        if self.ids:
            where += f" AND c.id IN ({', '.join('?' * len(self.ids))})"
            params = [*params, *self.ids]
        return where, list(params)
