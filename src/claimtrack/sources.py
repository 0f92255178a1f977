"""The source x status matrix: every actor with its claims counted by status or by kind."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from claimtrack.dataset import Dataset
from claimtrack.model import Claim, ClaimKind, Status

__all__ = ["source_matrix"]


def source_matrix(
    dataset: Dataset, claims: Sequence[Claim], *, by_kind: bool = False
) -> tuple[list[dict[str, Any]], list[str]]:
    """One row per actor (aliases are folded in: claims name actors by id), then a total row.

    Returns the rows and the column names.
    """
    values = [str(k) for k in ClaimKind] if by_kind else [str(s) for s in Status]
    counts: dict[str, Counter[str]] = {a: Counter() for a in dataset.actors}
    for claim in claims:
        key = str(claim.kind) if by_kind else str(claim.status)
        counts.setdefault(claim.claimant, Counter())[key] += 1
    used = [v for v in values if any(c[v] for c in counts.values())] or values[:1]
    rows: list[dict[str, Any]] = []
    for actor_id, counter in counts.items():
        actor = dataset.actors.get(actor_id)
        row: dict[str, Any] = {"actor": actor_id, "name": actor.name if actor else actor_id,
                               "kind": str(actor.kind) if actor else None}
        row.update({v: counter[v] for v in used})
        row["total"] = sum(counter.values())
        rows.append(row)
    rows.sort(key=lambda r: (-r["total"], r["actor"]))
    total: dict[str, Any] = {"actor": "(total)", "name": "", "kind": None}
    total.update({v: sum(r[v] for r in rows) for v in used})
    total["total"] = sum(r["total"] for r in rows)
    rows.append(total)
    return rows, ["actor", "name", "kind", *used, "total"]
