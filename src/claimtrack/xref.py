"""A claim's neighbourhood in the relation graph, both directions, cycles visited once."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from claimtrack.index import Index

__all__ = ["COLUMNS", "SPARE", "format_tree", "neighbourhood"]

COLUMNS = ["depth", "from", "relation", "claim", "claimant", "status", "statement", "seen"]
SPARE = ["seen", "claimant", "status", "depth"]
"""Columns a terminal too narrow for all of them does without, the first first."""

_EDGES = """
SELECT r.rid, r.type, 'out', r.target, o.claimant, o.status, o.statement,
       0, '', 0, r.position
  FROM claims c JOIN relations r ON r.parent = c.rid
  LEFT JOIN claims o ON o.id = r.target AND o.live
  WHERE c.id = ? AND c.live
UNION ALL
SELECT r.rid, r.type, 'in', r.claim, o.claimant, o.status, o.statement,
       1, o.file, o.n, r.position
  FROM relations r JOIN claims o ON o.rid = r.parent
  WHERE r.target = ? AND r.live
ORDER BY 8, 9, 10, 11
"""
"""A claim's relations, outgoing in written order, then incoming in folder order."""


def _edges(index: Index, claim_id: str) -> list[tuple[Any, ...]]:
    return [row[:7] for row in index.rows(_EDGES, (claim_id, claim_id))]


def neighbourhood(index: Index, claim_id: str, *, depth: int = 1) -> list[dict[str, Any]]:
    """Edges reached from ``claim_id`` within ``depth`` steps, depth-first, in tree order.

    A claim already shown is listed again where another path reaches it (``seen`` true)
    but not expanded a second time, so cycles end. The walk keeps its own stack, so a
    chain thousands of relations long is no deeper for Python than one step.
    """
    index.claim_rid(claim_id)
    return list(_walk(index, claim_id, depth))


def _walk(index: Index, root: str, depth: int) -> Iterator[dict[str, Any]]:
    from claimtrack.model import RelationType

    seen = {root}
    # Each frame: the claim, its depth, the edge it was reached by, its edges, the next.
    stack: list[list[Any]] = [[root, 1, None, _edges(index, root), 0]]
    while stack:
        frame = stack[-1]
        current, level, came_by, edges, at = frame
        if at == len(edges):
            stack.pop()
            continue
        frame[4] = at + 1
        rid, kind, direction, other, claimant, status, statement = edges[at]
        if rid == came_by:
            continue  # the edge we arrived by, seen from its other end
        relation = RelationType(kind)
        again = other in seen
        yield {"depth": level, "from": current,
               "relation": str(relation) if direction == "out" else relation.inverse_label,
               "claim": other, "claimant": claimant, "status": status,
               "statement": statement, "seen": again}
        if not again:
            seen.add(other)
            if level < depth:
                stack.append([other, level + 1, rid, _edges(index, other), 0])


def format_tree(index: Index, claim_id: str, rows: list[dict[str, Any]]) -> str:
    """The neighbourhood as an indented tree under the claim, one line per claim."""
    from claimtrack.inert import one_line

    claimant, status, statement = index.rows(
        "SELECT claimant, status, statement FROM claims WHERE id = ? AND live", (claim_id,))[0]
    lines = [f"{claim_id} [{claimant}, {status}] {statement}"]
    for row in rows:
        indent = "    " * (row["depth"] - 1)
        tail = " (shown above)" if row["seen"] else f" {row['statement']}"
        lines.append(f"{indent}└─ {row['relation']} {row['claim']} "
                     f"[{row['claimant']}, {row['status']}]{tail}")
    return "\n".join(one_line(line) for line in lines) + "\n"
