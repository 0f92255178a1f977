"""The source x status matrix: every actor with its claims counted by status or by kind.

Each claimant's claims are also split by how they are known to be its: ``explicit`` when
some passage names it, ``inferred`` when none does. ``by_voice`` counts, instead, who
relays: each document voice with the claims its documents carry.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from claimtrack.model import ClaimKind, Status

if TYPE_CHECKING:
    from claimtrack.index import Index

__all__ = ["source_matrix"]

_NAMED = ("EXISTS (SELECT 1 FROM appearances p WHERE p.parent = c.rid "
          "AND p.attribution IN ('explicit', 'own'))")


def source_matrix(index: Index, where: str, params: Sequence[Any] = (), *,
                  by_kind: bool = False, by_voice: bool = False
                  ) -> tuple[list[dict[str, Any]], list[str]]:
    """One row per actor (aliases are folded in: claims name actors by id), then a total row.

    ``where`` selects the claims counted (a condition on ``c``). Returns the rows and the
    column names.
    """
    column = "kind" if by_kind else "status"
    values = [str(k) for k in ClaimKind] if by_kind else [str(s) for s in Status]
    if by_voice:
        sql = (f"SELECT d.voice, c.{column}, count(DISTINCT c.rid), 0 FROM claims c "
               "JOIN appearances p ON p.parent = c.rid JOIN documents d ON d.id = p.document "
               f"AND d.live WHERE {where} AND d.voice IS NOT NULL GROUP BY d.voice, c.{column}")
    else:
        # A blank claimant (a problem check reports) is kept as NULL: counted as ''.
        sql = (f"SELECT COALESCE(c.claimant, ''), c.{column}, count(*), sum({_NAMED}) "
               f"FROM claims c WHERE {where} GROUP BY 1, c.{column}")
    counts: dict[str, dict[str, int]] = {}
    named: dict[str, int] = {}
    for actor_id, value, n, explicit in index.rows(sql, params):
        counts.setdefault(actor_id, {})[value] = n
        named[actor_id] = named.get(actor_id, 0) + int(explicit or 0)
    actors = index.rows("SELECT id, name, kind FROM actors WHERE live "
                        + ("AND kind = 'editorial' " if by_voice else "") + "ORDER BY file, n")
    known = {actor_id for actor_id, _, _ in actors}
    used = [v for v in values if any(c.get(v) for c in counts.values())] or values[:1]
    rows: list[dict[str, Any]] = []
    entries = [*actors, *((a, a, None) for a in counts if a not in known)]
    for actor_id, name, kind in entries:
        counter = counts.get(actor_id, {})
        row: dict[str, Any] = {"actor": actor_id, "name": name, "kind": kind}
        row.update({v: counter.get(v, 0) for v in used})
        row["total"] = sum(counter.values())
        if not by_voice:
            row["explicit"] = named.get(actor_id, 0)
            row["inferred"] = row["total"] - row["explicit"]
        rows.append(row)
    rows.sort(key=lambda r: (-r["total"], r["actor"]))
    total: dict[str, Any] = {"actor": "(total)", "name": "", "kind": None}
    tail = ["total"] if by_voice else ["total", "explicit", "inferred"]
    total.update({v: sum(r[v] for r in rows) for v in [*used, *tail]})
    rows.append(total)
    return rows, ["actor", "name", "kind", *used, *tail]
