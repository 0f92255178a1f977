"""The relation graph as Graphviz DOT or Mermaid: claims labelled by claimant and status."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from claimtrack.model import Status

if TYPE_CHECKING:
    from claimtrack.index import Index
    from claimtrack.select import Selection

__all__ = ["mermaid_id", "to_dot", "to_mermaid"]

_COLOURS = {
    Status.UNVERIFIED: "#fff3c4", Status.DISPUTED: "#ffd8b0", Status.INCONCLUSIVE: "#e6e6e6",
    Status.CORROBORATED: "#d4f0d4", Status.CONFIRMED: "#a8e0a8", Status.REFUTED: "#f5b5b5",
    Status.RETRACTED: "#d9c7e8", Status.NOT_CHECKABLE: "#dde7f3",
}


def _nodes(index: Index, where: str, params: Sequence[Any]
           ) -> Iterator[tuple[str, str, Status]]:
    """(id, claimant's name, status) of each selected claim, in folder order."""
    for claim_id, name, status in index.db.execute(
            f"SELECT c.id, COALESCE(a.name, c.claimant), c.status FROM claims c "
            f"LEFT JOIN actors a ON a.id = c.claimant AND a.live WHERE {where} "
            "ORDER BY c.file, c.n", tuple(params)):
        yield claim_id, name, Status(status)


def _edges(index: Index, where: str, params: Sequence[Any]) -> Iterator[tuple[str, str, str]]:
    """(source, type, target) of the relations between selected claims."""
    yield from index.db.execute(
        f"WITH kept AS (SELECT c.rid, c.id, c.file, c.n FROM claims c WHERE {where}) "
        "SELECT k.id, r.type, r.target FROM kept k JOIN relations r ON r.parent = k.rid "
        "WHERE r.target IN (SELECT id FROM kept) ORDER BY k.file, k.n, r.position",
        tuple(params))


def _dot_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _dot_label(value: str) -> str:
    """A quoted label: Graphviz also reads HTML entities in labels (``&#106;`` shows as
    ``j``), so ``&`` stands for itself as ``&amp;``."""
    return _dot_string(value.replace("&", "&amp;"))


def to_dot(index: Index, selection: Selection) -> Iterator[str]:
    """A DOT digraph: one box per claim (id, claimant, status), edges labelled by type."""
    yield "\n".join(["digraph claims {", "  rankdir=LR;",
                     '  node [shape=box, style="rounded,filled", fontname="Helvetica", '
                     'fontsize=10];', '  edge [fontname="Helvetica", fontsize=9];']) + "\n"
    where, params = selection.sql()
    for ident, who, status in _nodes(index, where, params):
        label = _dot_label(f"{ident}\n{who}\n[{status}]")
        yield f'  {_dot_string(ident)} [label={label}, fillcolor="{_COLOURS[status]}"];\n'
    for source, kind, target in _edges(index, where, params):
        yield f"  {_dot_string(source)} -> {_dot_string(target)} [label={_dot_string(kind)}];\n"
    yield "}\n"


_NOT_ID = re.compile(r"[^A-Za-z0-9_]")

_MERMAID_KEYWORDS = re.compile(r"style|classDef")
"""Before parsing, Mermaid drops the last ';' of any line holding one of these words, a
':' and a '#' (meant for ``style x fill:#f00;``): in a label that ';' ends one of the codes
below. So their first letter is written as a code in a label, and split off in a node id:
the words never stand on a line."""


def mermaid_id(claim_id: str) -> str:
    """A Mermaid node id for a claim: letters, digits and underscores only, and never the
    words Mermaid looks for on a line before parsing it (see ``_MERMAID_KEYWORDS``)."""
    plain = "c_" + _NOT_ID.sub("_", claim_id)
    return _MERMAID_KEYWORDS.sub(lambda m: f"{m.group()[0]}_{m.group()[1:]}", plain)


_MERMAID_CODES = str.maketrans({"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;",
                                "&": "#amp;", "%": "#37;", "\n": " ", "\r": " ",
                                "\u2028": " ", "\u2029": " "})
"""Inside a quoted label '"' would end it, '<' and '&' would be HTML (Mermaid renders
labels as HTML), '#' would start an entity code and '%%' a directive (``%%{init: …}%%``
is read anywhere in the text, and changes the configuration): Mermaid's entity codes
stand for each. A line break would end the statement, in Mermaid and in JavaScript.
(Mermaid hides entity codes behind 'ﬂ°' and '¶ß' while it parses and turns those back into
entities in the finished SVG: text holding them shows an entity's character there, as
text. Nothing written here can prevent that, and it makes no markup.)"""


def _mermaid_text(value: str) -> str:
    return _MERMAID_KEYWORDS.sub(lambda m: f"#{ord(m.group()[0])};{m.group()[1:]}",
                                 value.translate(_MERMAID_CODES))


def to_mermaid(index: Index, selection: Selection) -> Iterator[str]:
    """A Mermaid flowchart: nodes ``c_<id>["id<br>claimant<br>status"]``, labelled edges."""
    yield "flowchart LR\n"
    where, params = selection.sql()
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for ident, who, status in _nodes(index, where, params):
        node = mermaid_id(ident)
        while node in taken:
            node += "_"
        ids[ident] = node
        taken.add(node)
        text = "<br>".join(_mermaid_text(v) for v in (ident, who, f"[{status}]"))
        yield f'  {node}["{text}"]\n'
    for source, kind, target in _edges(index, where, params):
        yield f"  {ids[source]} -->|{kind}| {ids[target]}\n"
