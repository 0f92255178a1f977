"""The html report: one standalone page a reader can use, streamed from the index.

It leads with the question (who claims what), groups the claims by claimant, shows each
appearance's quote with its chain and source, the latest review with its note and
evidence, relations both ways, a legend of the statuses, and the licence line of every
document quoted. Filters (claimant, status, kind, words) live in the URL fragment; the
page has no network resource and works without its script too (everything shown).
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from importlib import resources
from typing import TYPE_CHECKING

from claimtrack.export.html_claims import report_claims
from claimtrack.export.report import Report
from claimtrack.model import ClaimKind, Document, Status

if TYPE_CHECKING:
    from claimtrack.index import Index
    from claimtrack.select import Selection

__all__ = ["STATUS_MEANINGS", "to_html"]

STATUS_MEANINGS: dict[Status, str] = {
    Status.UNVERIFIED: "only the claimant's word so far",
    Status.DISPUTED: "contested by another party, unresolved",
    Status.INCONCLUSIVE: "checked; the evidence settles nothing",
    Status.CORROBORATED: "independent evidence or sources support it",
    Status.CONFIRMED: "established (a court finding, several independent sources)",
    Status.REFUTED: "shown false",
    Status.RETRACTED: "withdrawn by its claimant",
    Status.NOT_CHECKABLE: "an opinion or characterization: nothing to check",
}
"""What each status tells a reader (DESIGN.md's verdict table), for the legend."""


def _asset(name: str) -> str:
    return resources.files("claimtrack.export").joinpath(name).read_text("utf-8")


def _link(url: str) -> str | None:
    """``url`` when it is a web address a reader can follow, else None."""
    return url if url.startswith(("https://", "http://")) else None


class _Page:
    """What the page needs beside the claims: names, documents, counts, its description."""

    def __init__(self, index: Index, selection: Selection, report: Report) -> None:
        self.report = report
        where, params = selection.sql()
        self.actors = {i: n for i, n in index.rows("SELECT id, name FROM actors WHERE live")}
        self.claimant_ids = [i for (i,) in index.rows(
            f"SELECT DISTINCT c.claimant FROM claims c WHERE {where}", params)]
        self.names: dict[str, list[str]] = {}
        for actor_id, name in index.rows("SELECT a.id, n.name FROM actor_names n JOIN actors a "
                                         "ON a.rid = n.parent WHERE a.live"):
            self.names.setdefault(actor_id, []).append(name)
        self.documents: dict[str, Document] = index.documents()
        quoted = [d for (d,) in index.rows(
            "SELECT DISTINCT p.document FROM appearances p JOIN claims c ON c.rid = p.parent "
            f"WHERE p.live AND {where}", params)]
        wanted = set(quoted)
        self.quoted = [d for d in self.documents if d in wanted]
        self.count, self.claimants = report.count, report.claimants


def to_html(index: Index, selection: Selection, *, report: Report) -> Iterator[str]:
    """The page, claims streamed a batch at a time; CSS and script inline. ``selection``
    keeps the report's claims (``report.IN_REPORT`` while ``report.selected`` holds
    them): relations and evidence link only to those."""
    page = _Page(index, selection, report)
    yield _head(page, report.title)
    current: str | None = None
    parts: list[str] = []
    for claimant, name, kind, article in report_claims(index, selection):
        if claimant != current:
            if current is not None:
                parts.append("</section>\n")
            current = claimant
            anchor = escape(claimant)
            parts.append(f'<section class="claimant" data-claimant="{anchor}" '
                         f'aria-labelledby="a-{anchor}">\n'
                         f'<h2 id="a-{anchor}">{name} <small>{kind}</small></h2>\n')
        parts.append(article)
        if len(parts) >= 500:  # written a few hundred claims at a time, not one by one
            yield "".join(parts)
            parts.clear()
    if current is not None:
        parts.append("</section>\n")
    yield "".join(parts)
    yield _foot(page)


def _head(page: _Page, heading: str) -> str:
    claimants = [(i, page.actors.get(i, i)) for i in page.claimant_ids]
    options = "".join(
        f'<option value="{escape(i)}" data-names="{escape(chr(10).join(page.names.get(i, [])))}"'
        f">{escape(n)}</option>" for i, n in sorted(claimants, key=lambda p: p[1].casefold()))
    statuses = "".join(f'<option value="{s}">{s}</option>' for s in Status)
    kinds = "".join(f'<option value="{k}">{k}</option>' for k in ClaimKind)
    legend = "".join(f'<div><dt><span class="badge s-{s}">{s}</span></dt>'
                     f"<dd>{escape(meaning)}</dd></div>"
                     for s, meaning in STATUS_MEANINGS.items())
    report = page.report
    by = f" {escape(report.reviewer_line)}" if report.reviewer_line else ""
    about = f" {escape(report.lead)}" if report.lead else ""
    left = (f'</p>\n<p class="left-out">{escape(report.left_out_line)}'
            if report.left_out_line else "")
    plural = "s" if page.count != 1 else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy"
  content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>{escape(heading)}</title>
<style>{_asset("html_page.css")}</style>
</head>
<body>
<header class="lede">
<h1>{escape(heading)}</h1>
<p class="question">Who claims what: {page.count} claim{plural} by {page.claimants} \
claimant{"s" if page.claimants != 1 else ""}, each with where it was said, who relays it, \
and what became of it.{about}{by}{left}</p>
</header>
<nav aria-label="Filters">
<form id="filters" class="filters" role="search">
<label for="f-by">Claimant <select id="f-by"><option value="">anyone</option>{options}\
</select></label>
<label for="f-status">Status <select id="f-status"><option value="">any status</option>\
{statuses}</select></label>
<label for="f-kind">Kind <select id="f-kind"><option value="">any kind</option>{kinds}\
</select></label>
<label for="f-q">Words <input id="f-q" type="search"></label>
</form>
</nav>
<main id="claims">
<p id="count" role="status">{page.count} claim{plural}</p>
<p id="problems" class="problems" role="alert" hidden></p>
<p id="nothing" class="nothing"{"" if page.count == 0 else " hidden"}>No claim matches \
these filters. <a href="#">Show every claim</a>.</p>
<details class="legend" open>
<summary>What the statuses mean</summary>
<dl>{legend}</dl>
<p>A claim's status is the latest review's verdict. Framing says how a document presents \
it (asserted, reported, alleged, …); the chain reads from the document to the claimant.</p>
</details>
"""


def _foot(page: _Page) -> str:
    items = []
    for doc_id in page.quoted:
        doc = page.documents[doc_id]
        url = _link(doc.url)
        title = (f'<a href="{escape(url)}">{escape(doc.title)}</a>' if url
                 else escape(doc.title))
        facts = ", ".join(escape(x) for x in (doc.publisher, str(doc.published or "")) if x)
        line = escape(doc.attribution or doc.license or "no licence recorded")
        items.append(f"<li>{title}{', ' + facts if facts else ''}. "
                     f'<span class="licence">{line}</span></li>')
    sources = "".join(items) or "<li>No document quoted.</li>"
    return f"""</main>
<footer>
<h2>Sources quoted</h2>
<ul class="sources">{sources}</ul>
<p class="made">Made with claimtrack from a dossier kept in plain files.</p>
</footer>
<script>{_asset("html_page.js")}</script>
</body>
</html>
"""
