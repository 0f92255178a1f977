"""The relation graph as Graphviz DOT or Mermaid: claims labelled by claimant and status."""

from __future__ import annotations

import re
from collections.abc import Sequence

from claimtrack.dataset import Dataset
from claimtrack.model import Claim, Status

__all__ = ["mermaid_id", "to_dot", "to_mermaid"]

_COLOURS = {
    Status.UNVERIFIED: "#fff3c4", Status.DISPUTED: "#ffd8b0", Status.INCONCLUSIVE: "#e6e6e6",
    Status.CORROBORATED: "#d4f0d4", Status.CONFIRMED: "#a8e0a8", Status.REFUTED: "#f5b5b5",
    Status.RETRACTED: "#d9c7e8", Status.NOT_CHECKABLE: "#dde7f3",
}


def _label(dataset: Dataset, claim: Claim) -> tuple[str, str, str]:
    actor = dataset.actors.get(claim.claimant)
    return claim.id, actor.name if actor else claim.claimant, str(claim.status)


def _edges(claims: Sequence[Claim]) -> list[tuple[str, str, str]]:
    kept = {c.id for c in claims}
    return [(c.id, str(r.type), r.target) for c in claims for r in c.relations
            if r.target in kept]


def _dot_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(dataset: Dataset, claims: Sequence[Claim]) -> str:
    """A DOT digraph: one box per claim (id, claimant, status), edges labelled by type."""
    lines = ["digraph claims {", "  rankdir=LR;",
             '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10];',
             '  edge [fontname="Helvetica", fontsize=9];']
    for claim in claims:
        ident, who, status = _label(dataset, claim)
        label = _dot_string(f"{ident}\n{who}\n[{status}]")
        lines.append(f"  {_dot_string(ident)} [label={label}, "
                     f'fillcolor="{_COLOURS[claim.status]}"];')
    for source, kind, target in _edges(claims):
        lines.append(f"  {_dot_string(source)} -> {_dot_string(target)} "
                     f"[label={_dot_string(kind)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


_NOT_ID = re.compile(r"[^A-Za-z0-9_]")


def mermaid_id(claim_id: str) -> str:
    """A Mermaid node id for a claim: letters, digits and underscores only."""
    return "c_" + _NOT_ID.sub("_", claim_id)


def _mermaid_text(value: str) -> str:
    # Inside a quoted Mermaid label only '"' is special; entity codes stand for it.
    return value.replace('"', "#quot;").replace("\n", " ")


def to_mermaid(dataset: Dataset, claims: Sequence[Claim]) -> str:
    """A Mermaid flowchart: nodes ``c_<id>["id<br>claimant<br>status"]``, labelled edges."""
    lines = ["flowchart LR"]
    ids: dict[str, str] = {}
    for claim in claims:
        node = mermaid_id(claim.id)
        while node in ids.values():
            node += "_"
        ids[claim.id] = node
        ident, who, status = _label(dataset, claim)
        text = "<br>".join(_mermaid_text(v) for v in (ident, who, f"[{status}]"))
        lines.append(f'  {node}["{text}"]')
    for source, kind, target in _edges(claims):
        lines.append(f"  {ids[source]} -->|{kind}| {ids[target]}")
    return "\n".join(lines) + "\n"
