"""What every flag rule shares: the index, the date, and lookups over actors made once."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from claimtrack.model import ActorKind, ClaimKind, RelationType, Status

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
    """The index, the date rules judge by, which claims to judge, and lookups made once."""

    index: Index
    today: dt.date
    stale_after: int | None = None
    scope: str = "1"
    """A condition on ``c`` (the claims table) that limits which claims are judged."""
    scope_params: Sequence[object] = ()
    _actors: dict[str, tuple[str, str, str | None]] | None = None
    _hostile: dict[str, set[str]] | None = None
    _groups: dict[str, frozenset[str]] = attrs.Factory(dict)
    _opponents: dict[str, frozenset[str]] = attrs.Factory(dict)

    def actors(self) -> dict[str, tuple[str, str, str | None]]:
        """Every live actor: id -> (name, kind, affiliation)."""
        if self._actors is None:
            self._actors = {i: (name, kind, affiliation) for i, name, kind, affiliation in
                            self.index.rows("SELECT id, name, kind, affiliation FROM actors "
                                            "WHERE live ORDER BY file, n")}
        return self._actors

    def name(self, actor_id: str) -> str:
        """The actor's name, or its id when it is unknown."""
        found = self.actors().get(actor_id)
        return found[0] if found else actor_id

    def kind(self, actor_id: str) -> ActorKind | None:
        """The actor's kind, or None when it is unknown."""
        found = self.actors().get(actor_id)
        return ActorKind(found[1]) if found else None

    def group(self, actor_id: str) -> frozenset[str]:
        """The actor and every actor it is affiliated with, up the chain."""
        if actor_id not in self._groups:
            seen: set[str] = set()
            current: str | None = actor_id
            actors = self.actors()
            while current and current not in seen:
                seen.add(current)
                found = actors.get(current)
                current = found[2] if found else None
            self._groups[actor_id] = frozenset(seen)
        return self._groups[actor_id]

    def hostile_to(self, actor_id: str) -> set[str]:
        """Actors who threatened, accused, denied or made demands of ``actor_id``."""
        if self._hostile is None:
            self._hostile = {}
            for target, claimant in self.index.rows(
                    "SELECT f.value, c.claimant FROM facts f JOIN claims c ON c.rid = f.parent "
                    "WHERE f.rule = 'hostile-to' AND c.live"):
                self._hostile.setdefault(target, set()).add(claimant)
        return self._hostile.get(actor_id, set())

    def opponents(self, claimant: str) -> frozenset[str]:
        """Actors who have threatened, accused, denied or made demands of the claimant's
        group."""
        if claimant not in self._opponents:
            group = self.group(claimant)
            hostile: set[str] = set()
            for member in group:
                for enemy in self.hostile_to(member):
                    hostile |= self.group(enemy)
            self._opponents[claimant] = frozenset(hostile - group)
        return self._opponents[claimant]

    def claims(self, columns: str, where: str, *, joins: str = "", order: str = "",
               params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """``rid`` and ``columns`` of the live claims in scope matching ``where``."""
        return self.index.rows(f"SELECT c.rid, {columns} FROM claims c {joins} "
                               f"WHERE c.live AND ({self.scope}) AND ({where}) {order}",
                               [*self.scope_params, *params])

    def select(self, reason: str, where: str, *, joins: str = "", order: str = "0") -> str:
        """The SQL of a rule SQL says all of: ``rid``, an order among the claim's reasons
        and the ``reason``, for the live claims in scope matching ``where``. The scope must
        be free of parameters (``iter_flags`` makes it so)."""
        return (f"SELECT c.rid AS rid, {order} AS seq, {reason} AS reason FROM claims c "
                f"{joins} WHERE c.live AND ({self.scope}) AND ({where})")

    def supporters(self, ids: Iterable[str]) -> dict[str, list[str]]:
        """For each claim, the claimants of claims that support or repeat it."""
        found: dict[str, list[str]] = {}
        for claim_id, claimant in self.index.rows(
                "WITH wanted(id) AS (SELECT value FROM json_each(?)) "
                "SELECT w.id, o.claimant FROM wanted w JOIN relations r ON r.live "
                "AND r.type = 'same_as' AND r.claim = w.id "
                "JOIN claims o ON o.live AND o.id = r.target "
                "UNION ALL SELECT w.id, o.claimant FROM wanted w JOIN relations r ON r.live "
                "AND r.type IN ('same_as', 'supports') AND r.target = w.id "
                "JOIN claims o ON o.rid = r.parent", (json.dumps(sorted(ids)),)):
            found.setdefault(claim_id, []).append(claimant)
        return found

    def independent(self, claimant: str, supporters: Iterable[str]) -> bool:
        """Whether any supporter stands outside the claimant's group (a document's own voice
        and an unnamed source do not count)."""
        group = self.group(claimant)
        for other in supporters:
            if self.group(other) & group:
                continue
            if self.kind(other) in (ActorKind.EDITORIAL, ActorKind.UNNAMED):
                continue
            return True
        return False
