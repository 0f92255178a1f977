"""Lookups over a loaded dataset: actors by any name, relations in both directions."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable

import attrs

from claimtrack.dataset import Dataset
from claimtrack.errors import UsageError, did_you_mean
from claimtrack.model import Actor, Claim, RelationType

__all__ = ["Edge", "Index"]


@attrs.frozen
class Edge:
    """One relation, seen from either end: ``source`` ``type`` ``target``."""

    source: str
    type: RelationType
    target: str
    note: str = ""

    def label_from(self, claim_id: str) -> str:
        """How the edge reads from ``claim_id``'s side: ``denies`` or ``denied by``."""
        return str(self.type) if claim_id == self.source else self.type.inverse_label

    def other(self, claim_id: str) -> str:
        """The claim at the other end from ``claim_id``."""
        return self.target if claim_id == self.source else self.source


class Index:
    """Derived lookups, built once per loaded dataset."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self._names: dict[str, str] = {}
        for actor in dataset.actors.values():
            for name in actor.names:
                self._names.setdefault(name.casefold(), actor.id)
        self._out: dict[str, list[Edge]] = defaultdict(list)
        self._in: dict[str, list[Edge]] = defaultdict(list)
        for claim in dataset.claims.values():
            for relation in claim.relations:
                edge = Edge(claim.id, relation.type, relation.target, relation.note)
                self._out[claim.id].append(edge)
                self._in[relation.target].append(edge)

    def find_actor(self, name: str) -> Actor | None:
        """The actor whose id, name or alias is ``name`` (case-insensitive), if any."""
        actor_id = self._names.get(name.strip().casefold())
        return self.dataset.actors.get(actor_id) if actor_id else None

    def actor(self, name: str) -> Actor:
        """Like ``find_actor`` but raise a UsageError listing close names when unknown."""
        actor = self.find_actor(name)
        if actor is None:
            names = sorted({n for a in self.dataset.actors.values() for n in a.names})
            raise UsageError(f"unknown actor '{name}'{did_you_mean(name, names)}; "
                             "`claimtrack sources` lists every actor")
        return actor

    def claim(self, claim_id: str) -> Claim:
        """The claim ``claim_id``, or a UsageError suggesting close ids."""
        claim = self.dataset.claims.get(claim_id)
        if claim is None:
            raise UsageError(f"unknown claim '{claim_id}'{_suggest(claim_id, self.dataset.claims)}")
        return claim

    def outgoing(self, claim_id: str) -> list[Edge]:
        """Relations written on ``claim_id``."""
        return self._out.get(claim_id, [])

    def incoming(self, claim_id: str) -> list[Edge]:
        """Relations other claims write about ``claim_id``."""
        return self._in.get(claim_id, [])

    def edges(self, claim_id: str) -> list[Edge]:
        """Both directions, outgoing first."""
        return [*self.outgoing(claim_id), *self.incoming(claim_id)]


def _suggest(wrong: str, ids: Iterable[str]) -> str:
    """``; did you mean: a, b?`` from close and same-prefix ids, or ``''``."""
    pool = list(ids)
    close = difflib.get_close_matches(wrong, pool, n=3, cutoff=0.6)
    close += [i for i in pool if i.startswith(wrong) and i not in close][: 3 - len(close)]
    return f"; did you mean: {', '.join(close)}?" if close else ""
