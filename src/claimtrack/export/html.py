"""One standalone HTML page: the claims table with live filters, sorting and the URL fragment."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from html import escape
from importlib import resources
from typing import TYPE_CHECKING, Any

from claimtrack.export.claims import ClaimView, claim_views
from claimtrack.model import ClaimKind, Status

if TYPE_CHECKING:
    from claimtrack.index import Index

__all__ = ["to_html"]

_CSS = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.4em; margin: 0 0 .5em; }
form { display: flex; gap: .8em; flex-wrap: wrap; margin-bottom: 1em; align-items: end; }
label { display: flex; flex-direction: column; font-size: .85em; color: #555; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: .35em .5em; text-align: left;
  vertical-align: top; }
th { background: #f3f3f3; cursor: pointer; user-select: none; position: sticky; top: 0; }
th[aria-sort=ascending]::after { content: " \\25B2"; }
th[aria-sort=descending]::after { content: " \\25BC"; }
td.statement { max-width: 30em; white-space: pre-wrap; }
blockquote { margin: .3em 0 0; padding-left: .6em; border-left: 3px solid #ccc; color: #555;
  white-space: pre-wrap; }
ul.rel { margin: 0; padding-left: 1.1em; }
.status { font-weight: 600; white-space: nowrap; }
.s-unverified { color: #8a6d00; } .s-refuted { color: #b00020; }
.s-confirmed, .s-corroborated { color: #1b7a1b; } .s-disputed { color: #b35900; }
"""


def _options(name: str, pairs: Sequence[tuple[str, str, str]]) -> str:
    items = [f'<option value="">any {escape(name)}</option>']
    for value, label, names in pairs:
        items.append(f'<option value="{escape(value)}" data-names="{escape(names)}">'
                     f"{escape(label)}</option>")
    return "".join(items)


def _relations(view: ClaimView) -> str:
    if not view.edges:
        return ""
    items = "".join(f"<li>{escape(e.label)} "
                    f'<a href="#c-{escape(e.other)}">{escape(e.other)}</a></li>'
                    for e in view.edges)
    return f'<ul class="rel">{items}</ul>'


def _row(view: ClaimView) -> str:
    claim = view.claim
    quotes = "".join(
        f"<blockquote>{escape(a.quote)}</blockquote>"
        f"<small>{escape(a.document)}{' · ' + escape(a.section) if a.section else ''}</small>"
        for a in claim.appearances)
    made = claim.made
    return (
        f'<tr id="c-{escape(claim.id)}" data-claimant="{escape(claim.claimant)}" '
        f'data-status="{escape(str(claim.status))}" data-kind="{escape(str(claim.kind))}">'
        f"<td>{escape(claim.id)}</td><td>{escape(view.claimant_name)}</td>"
        f'<td class="statement">{escape(claim.statement)}</td>'
        f"<td>{escape(str(claim.kind))}</td>"
        f"<td>{escape(str(claim.appearances[0].framing) if claim.appearances else '')}</td>"
        f'<td class="status s-{escape(str(claim.status))}">{escape(str(claim.status))}</td>'
        f'<td data-sort="{escape(str(made or ""))}">{escape(str(made or ""))}</td>'
        f"<td>{quotes}</td><td>{_relations(view)}</td></tr>")


def to_html(index: Index, where: str, params: Sequence[Any] = (), *,
            title: str = "Claims") -> Iterator[str]:
    """The page, with its CSS and JavaScript inline and no network resource."""
    claimants = dict.fromkeys(i for (i,) in index.db.execute(
        f"SELECT c.claimant FROM claims c WHERE {where} ORDER BY c.file, c.n", tuple(params)))
    count = int(index.value(f"SELECT count(*) FROM claims c WHERE {where}", params))
    actors = index.actors()
    by = []
    for actor_id in claimants:
        actor = actors.get(actor_id)
        names = "\n".join(n.casefold() for n in actor.names) if actor else actor_id
        by.append((actor_id, actor.name if actor else actor_id, names))
    statuses = [(str(s), str(s), "") for s in Status]
    kinds = [(str(k), str(k), "") for k in ClaimKind]
    script = resources.files("claimtrack.export").joinpath("html_page.js").read_text("utf-8")
    head = "".join(f"<th scope=col>{h}</th>" for h in (
        "ID", "Claimant", "Statement", "Kind", "Framing", "Status", "Made", "Quote",
        "Relations"))
    yield f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy"
  content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>{escape(title)}</title>
<style>{_CSS}</style>
</head>
<body>
<h1>{escape(title)}</h1>
<form id="filters" onsubmit="return false">
<label>Claimant <select id="f-by">{_options("claimant", by)}</select></label>
<label>Status <select id="f-status">{_options("status", statuses)}</select></label>
<label>Kind <select id="f-kind">{_options("kind", kinds)}</select></label>
<label>Search <input id="f-q" type="search" placeholder="words in any column"></label>
<span id="count">{count} claims</span>
</form>
<table id="claims">
<thead><tr>{head}</tr></thead>
<tbody>
"""
    first = True
    for view in claim_views(index, where, params):
        yield ("" if first else "\n") + _row(view)
        first = False
    yield f"""
</tbody>
</table>
<script>{script}</script>
</body>
</html>
"""
