"""dot rendered by Graphviz ``dot -Tsvg``; mermaid checked by a parser of its flowchart syntax."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from xml.etree import ElementTree

from export_support import export, program
from oracle import load

SVG = "{http://www.w3.org/2000/svg}"


def test_dot_renders_every_claim_and_relation(nasty_claims: Path, tmp_path: Path) -> None:
    dot = tmp_path / "graph.dot"
    export("dot", "-o", str(dot))
    result = subprocess.run([program("dot"), "-Tsvg", str(dot)], capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    svg = ElementTree.fromstring(result.stdout)
    groups = {g.get("class"): [] for g in svg.iter(f"{SVG}g")}
    for g in svg.iter(f"{SVG}g"):
        groups[g.get("class")].append(g)
    nodes = {g.find(f"{SVG}title").text: g for g in groups["node"]}
    dataset = load(nasty_claims)
    assert set(nodes) == set(dataset.claims)
    for claim_id, g in nodes.items():
        claim = dataset.claims[claim_id]
        texts = [t.text for t in g.iter(f"{SVG}text")]
        assert texts == [claim_id, dataset.actors[claim.claimant].name, f"[{claim.status}]"]
    edges = sorted((g.find(f"{SVG}title").text, g.find(f"{SVG}text").text)
                   for g in groups["edge"])
    assert edges == sorted((f"{c.id}->{r.target}", str(r.type))
                           for c in dataset.claims.values() for r in c.relations)


NODE = re.compile(r'^  ([A-Za-z_][A-Za-z0-9_]*)\["((?:[^"<>#&\u2028\u2029]|<br>'
                  r'|#(?:quot|lt|gt|amp|\d+);)*)"\]$')
"""A node with a quoted label: no raw quote, markup, entity start or JavaScript line end;
``<br>`` joins its lines and Mermaid's entity codes stand for the rest."""
EDGE = re.compile(r"^  ([A-Za-z_][A-Za-z0-9_]*) -->\|([a-z_]+)\| ([A-Za-z_][A-Za-z0-9_]*)$")


def parse_mermaid(text: str) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """Parse the flowchart subset claimtrack writes; raise on any line outside it."""
    lines = text.removesuffix("\n").split("\n")
    assert lines[0] == "flowchart LR"
    nodes: dict[str, str] = {}
    edges = []
    for line in lines[1:]:
        if node := NODE.match(line):
            assert node[1] not in nodes, f"node declared twice: {node[1]}"
            nodes[node[1]] = node[2]
        elif edge := EDGE.match(line):
            assert edge[1] in nodes and edge[3] in nodes, f"edge to an undeclared node: {line}"
            edges.append((edge[1], edge[2], edge[3]))
        else:
            raise AssertionError(f"not mermaid flowchart syntax: {line!r}")
    return nodes, edges


def test_mermaid_parses(nasty_claims: Path) -> None:
    nodes, edges = parse_mermaid(export("mermaid"))
    dataset = load(nasty_claims)
    labels = sorted(nodes.values())
    assert labels == sorted(
        f"{c.id}<br>{dataset.actors[c.claimant].name}<br>[{c.status}]"
        for c in dataset.claims.values())
    by_label = {label.split("<br>")[0]: node for node, label in nodes.items()}
    assert sorted(edges) == sorted((by_label[c.id], str(r.type), by_label[r.target])
                                   for c in dataset.claims.values() for r in c.relations)


def test_mermaid_bundled_dossier(bundled_claims: Path) -> None:
    nodes, edges = parse_mermaid(export("mermaid"))
    assert len(nodes) == len(load(bundled_claims).claims)
    assert edges


def test_mermaid_parser_rejects_bad_text() -> None:
    for bad in ('flowchart LR\n  a-b["x"]\n', 'flowchart LR\n  a["x"]\n  a -->|denies| b\n'):
        try:
            parse_mermaid(bad)
        except AssertionError:
            continue
        raise AssertionError(f"accepted: {bad!r}")
