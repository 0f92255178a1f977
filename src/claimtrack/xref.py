"""A claim's neighbourhood in the relation graph, both directions, cycles visited once."""

from __future__ import annotations

from typing import Any

from claimtrack.dataset import Dataset
from claimtrack.index import Index

__all__ = ["COLUMNS", "format_tree", "neighbourhood"]

COLUMNS = ["depth", "from", "relation", "claim", "claimant", "status", "statement", "seen"]


def neighbourhood(dataset: Dataset, index: Index, claim_id: str, *,
                  depth: int = 1) -> list[dict[str, Any]]:
    """Edges reached from ``claim_id`` within ``depth`` steps, depth-first, in tree order.

    A claim already shown is listed again where another path reaches it (``seen`` true)
    but not expanded a second time, so cycles end.
    """
    root = index.claim(claim_id)
    rows: list[dict[str, Any]] = []
    seen = {root.id}

    def visit(current: str, level: int, came_by: object) -> None:
        if level > depth:
            return
        for edge in index.edges(current):
            if edge is came_by:
                continue  # the edge we arrived by, seen from its other end
            other_id = edge.other(current)
            other = dataset.claims.get(other_id)
            again = other_id in seen
            rows.append({
                "depth": level, "from": current, "relation": edge.label_from(current),
                "claim": other_id, "claimant": other.claimant if other else None,
                "status": str(other.status) if other else None,
                "statement": other.statement if other else None, "seen": again})
            if not again:
                seen.add(other_id)
                visit(other_id, level + 1, edge)

    visit(root.id, 1, None)
    return rows


def format_tree(dataset: Dataset, claim_id: str, rows: list[dict[str, Any]]) -> str:
    """The neighbourhood as an indented tree under the claim."""
    claim = dataset.claims[claim_id]
    lines = [f"{claim.id} [{claim.claimant}, {claim.status}] {claim.statement}"]
    for row in rows:
        indent = "    " * (row["depth"] - 1)
        tail = " (shown above)" if row["seen"] else f" {row['statement']}"
        lines.append(f"{indent}└─ {row['relation']} {row['claim']} "
                     f"[{row['claimant']}, {row['status']}]{tail}")
    return "\n".join(lines) + "\n"
