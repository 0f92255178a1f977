"""The source x status matrix: every actor with its claims counted by status or by kind.

Each claimant's claims are also split by how they are known to be its: ``own`` when a
document asserts it in the claimant's own voice, else ``explicit`` when some passage names
the claimant, else ``inferred`` (no passage names it: the analyst infers it). ``by_voice``
counts, instead, who relays: each document voice with the claims its documents carry,
split the same way by how those documents carry them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from claimtrack.model import Attribution, ClaimKind, Status

if TYPE_CHECKING:
    from claimtrack.index import Index
    from claimtrack.select import Selection

__all__ = ["source_matrix"]

_ATTRIBUTIONS = [str(a) for a in (Attribution.OWN, Attribution.EXPLICIT, Attribution.INFERRED)]
"""How a claim is known to be its claimant's, the first that any appearance shows."""


def source_matrix(index: Index, selection: Selection, *, by_kind: bool = False,
                  by_voice: bool = False) -> tuple[list[dict[str, Any]], list[str]]:
    """One row per actor (aliases are folded in: claims name actors by id), then a total row,
    counting the claims ``selection`` keeps. Returns the rows and the column names.
    """
    where, params = selection.sql()
    column = "kind" if by_kind else "status"
    values = [str(k) for k in ClaimKind] if by_kind else [str(s) for s in Status]
    # One row per claim (per voice and claim with by_voice): whether an appearance is the
    # claimant's own voice, and whether one names it.
    if by_voice:
        per_claim = (f"SELECT d.voice AS actor, c.{column} AS value, "
                     "max(p.attribution = 'own') AS own, "
                     "max(p.attribution = 'explicit') AS explicit FROM claims c "
                     "JOIN appearances p ON p.parent = c.rid JOIN documents d "
                     f"ON d.id = p.document AND d.live WHERE {where} AND d.voice IS NOT NULL "
                     "GROUP BY d.voice, c.rid")
        sql = (f"SELECT actor, value, count(*), sum(own), sum(explicit AND NOT own) "
               f"FROM ({per_claim}) GROUP BY actor, value")
    else:
        # The index keeps how each claim is known to be its claimant's (known_as), and
        # claims_counts covers the query: one pass over an index, no row or appearance
        # read (left to itself, SQLite walks the claimant index and reads every row).
        sql = (f"SELECT c.claimant, c.{column}, count(*), sum(c.known_as = 'own'), "
               f"sum(c.known_as = 'explicit') FROM claims c INDEXED BY claims_counts "
               f"WHERE {where} "
               f"GROUP BY c.claimant, c.{column}")
    counts: dict[str, dict[str, int]] = {}
    known_as: dict[str, dict[str, int]] = {}
    for found, value, n, own, explicit in index.rows(sql, params):
        actor_id = "" if found is None else found  # a blank claimant (check reports it)
        counts.setdefault(actor_id, {})[value] = n
        split = known_as.setdefault(actor_id, {"own": 0, "explicit": 0})
        split["own"] += own
        split["explicit"] += explicit
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
        split = known_as.get(actor_id, {"own": 0, "explicit": 0})
        row.update(split)
        row["inferred"] = row["total"] - split["own"] - split["explicit"]
        rows.append(row)
    rows.sort(key=lambda r: (-r["total"], r["actor"]))
    total: dict[str, Any] = {"actor": "(total)", "name": "", "kind": None}
    tail = ["total", *_ATTRIBUTIONS]
    total.update({v: sum(r[v] for r in rows) for v in [*used, *tail]})
    rows.append(total)
    return rows, ["actor", "name", "kind", *used, *tail]
