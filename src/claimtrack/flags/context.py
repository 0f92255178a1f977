"""What the flag rules share: vocabularies, a finding, and what a rule asked each time
reads (the index, the date, the claims in scope)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from claimtrack.model import ClaimKind, RelationType, Status

if TYPE_CHECKING:
    from claimtrack.index import Index

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
    """The index, the date rules judge by, and which claims to judge."""

    index: Index
    today: dt.date
    stale_after: int | None = None
    scope: str = "1"
    """A condition on ``c`` (the claims table) that limits which claims are judged."""
    scope_params: Sequence[object] = ()

    def claims(self, columns: str, where: str, *, params: Sequence[object] = ()
               ) -> list[tuple[Any, ...]]:
        """``rid`` and ``columns`` of the live claims in scope matching ``where``."""
        return self.index.rows(f"SELECT c.rid, {columns} FROM claims c "
                               f"WHERE c.live AND ({self.scope}) AND ({where})",
                               [*self.scope_params, *params])
