"""The source x status matrix: every actor with its claims counted by status or by kind."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from claimtrack.model import ClaimKind, Status

if TYPE_CHECKING:
    from claimtrack.index import Index

__all__ = ["source_matrix"]


def source_matrix(index: Index, where: str, params: Sequence[Any] = (), *,
                  by_kind: bool = False) -> tuple[list[dict[str, Any]], list[str]]:
    """One row per actor (aliases are folded in: claims name actors by id), then a total row.

    ``where`` selects the claims counted (a condition on ``c``). Returns the rows and the
    column names.
    """
    column = "kind" if by_kind else "status"
    values = [str(k) for k in ClaimKind] if by_kind else [str(s) for s in Status]
    counts: dict[str, dict[str, int]] = {}
    for actor_id, value, n in index.rows(
            f"SELECT c.claimant, c.{column}, count(*) FROM claims c WHERE {where} "
            f"GROUP BY c.claimant, c.{column}", params):
        counts.setdefault(actor_id, {})[value] = n
    actors = index.rows("SELECT id, name, kind FROM actors WHERE live ORDER BY file, n")
    known = {actor_id for actor_id, _, _ in actors}
    used = [v for v in values if any(c.get(v) for c in counts.values())] or values[:1]
    rows: list[dict[str, Any]] = []
    entries = [*actors, *((a, a, None) for a in counts if a not in known)]
    for actor_id, name, kind in entries:
        counter = counts.get(actor_id, {})
        row: dict[str, Any] = {"actor": actor_id, "name": name, "kind": kind}
        row.update({v: counter.get(v, 0) for v in used})
        row["total"] = sum(counter.values())
        rows.append(row)
    rows.sort(key=lambda r: (-r["total"], r["actor"]))
    total: dict[str, Any] = {"actor": "(total)", "name": "", "kind": None}
    total.update({v: sum(r[v] for r in rows) for v in used})
    total["total"] = sum(r["total"] for r in rows)
    rows.append(total)
    return rows, ["actor", "name", "kind", *used, "total"]
